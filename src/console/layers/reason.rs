//! A reason typed: for withdrawing a recorded ballot (a correction), or for the ballot being
//! keyed, void for another reason. No reason, no record.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::field::{Field, edit};
use crate::console::ask;
use crate::console::env::{Effect, Env, Out, Tone};
use crate::console::keymap::Cmd;
use crate::console::text::Lang;
use crate::console::widgets::{Theme, field_popup};
use crate::engine::{Action, Marks};
use crate::sentences;

/// The keys of every text field (a reason, a search, a path): see `app::bindings`.
pub fn update(
    env: &Env,
    ballot: Option<u32>,
    seat: Option<u32>,
    input: &mut String,
    cmd: Cmd,
    out: &mut Out,
) -> Option<Effect> {
    let lang = env.lang;

    let reason = match edit(input, cmd, out) {
        Field::Entered(reason) => reason,
        _ => return None,
    };
    if reason.is_empty() {
        out.say(
            Tone::Bad,
            match ballot {
                Some(_) => lang.say(sentences::A_CORRECTION_NEEDS_A_REASON),
                None => lang.say(sentences::A_VOID_BALLOT_NEEDS_ITS_REASON),
            },
        );
        return None;
    }
    out.pop();
    let Some(ballot) = ballot else {
        let open = env.rec.state.open?;
        let question = lang.pick(sentences::record_a_void_ballot_reason(&reason));
        return ask::ballot(env, seat, out, open, Some(question), Marks::Void { reason });
    };
    out.pop(); // the corrections list
    let item = env.open_id()?;
    let (marks, detail) = marks_on_paper(env, &item, ballot);
    let paper = env.paper_of(ballot);
    let question = lang.pick(sentences::void_ballot_reason(paper, &marks, &reason));
    out.confirm_detail(
        question,
        detail,
        Action::VoidBallot {
            item,
            ballot,
            reason,
        },
    )
}

/// The ballot's marks as they stand on the paper, so the clerk voids the right one, and
/// by candidate on request.
fn marks_on_paper(env: &Env, item: &str, ballot: u32) -> (String, String) {
    let lang = env.lang;
    let st = &env.rec.state;
    st.item(item)
        .and_then(|round| {
            let b = round.ballots.iter().find(|b| b.number == ballot)?;
            let ids = st.choice_ids(round);
            let titles = st.session.items[round.def].choice_titles();
            let titles: Vec<&str> = round
                .choices
                .iter()
                .map(|&c| titles.get(c).copied().unwrap_or(""))
                .collect();
            Some((
                crate::console::widgets::marks_summary(lang, &b.marks, &ids),
                crate::console::widgets::marks_by_choice(lang, &b.marks, &ids, &titles),
            ))
        })
        .map(|(m, d)| (lang.pick(sentences::in_brackets(m)), d))
        .unwrap_or_default()
}

/// `ballot`: the paper's number of the entry being withdrawn.
pub fn draw(lang: Lang, ballot: Option<u32>, input: &str, f: &mut Frame, body: Rect, theme: Theme) {
    let title = lang.pick(sentences::void_ballot_title(ballot));
    field_popup(
        f,
        body,
        theme,
        (title, lang.say(sentences::REASON), input),
        None,
    );
}
