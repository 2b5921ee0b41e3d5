//! The round's ballot boxes, sealed before any is opened (their labels, then the ballots
//! collected in the hall, 收回), and the scrutineers' reason when at closing the boxes do
//! not add up to that count. Each ends in a question; nothing records on Enter alone.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::Layer;
use super::field::{Field, edit};
use crate::console::env::{Effect, Env, Out, Tone};
use crate::console::keymap::Cmd;
use crate::console::text::Lang;
use crate::console::widgets::{Theme, field_popup};
use crate::engine::Action;
use crate::sentences;

/// Box labels as typed: separated by commas (also "，" and "、") or spaces.
pub fn labels(typed: &str) -> Vec<String> {
    typed
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `x` on the entry screen: start sealing the open round's boxes, or say why not.
pub fn start(env: &Env, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let open = env.rec.state.open?;
    let round = &env.rec.state.items[open];
    let refuse = if round.sealed.is_some() {
        Some(lang.say(sentences::THIS_ROUND_S_BOXES_ARE_ALREADY))
    } else if !round.ballots.is_empty() {
        Some(lang.say(sentences::THIS_ROUND_ALREADY_HAS_BALLOTS_BOXES))
    } else {
        None
    };
    if let Some(m) = refuse {
        out.say(Tone::Bad, m);
        return None;
    }
    out.push(Layer::Seal {
        boxes: None,
        input: String::new(),
    });
    None
}

/// Keys in the seal field: the labels first, then the count; then the question.
pub fn update(
    env: &Env,
    boxes: &mut Option<Vec<String>>,
    input: &mut String,
    cmd: Cmd,
    out: &mut Out,
) -> Option<Effect> {
    let lang = env.lang;
    let Field::Entered(typed) = edit(input, cmd, out) else {
        return None;
    };
    let Some(labels_given) = boxes.clone() else {
        let l = labels(&typed);
        if l.is_empty() {
            out.say(Tone::Bad, lang.say(sentences::TYPE_THE_ROUND_S_BOX_LABELS));
            return None;
        }
        *boxes = Some(l);
        input.clear();
        return None;
    };
    let Ok(collected) = typed.parse::<u32>() else {
        out.say(
            Tone::Bad,
            lang.say(sentences::TYPE_THE_NUMBER_OF_BALLOTS_COLLECTED),
        );
        return None;
    };
    let open = env.rec.state.open?;
    let round = &env.rec.state.items[open];
    out.pop();
    let issued = round.issued;
    let list = labels_given.join(lang.say(sentences::WORDS));
    let name = crate::words::round_name(lang, &env.rec.state, &round.id);
    let mut question = lang.pick(sentences::seal_the_boxes_of_in_all(
        &name,
        &list,
        labels_given.len(),
        collected,
        issued,
    ));
    if collected > issued {
        question.push_str(lang.say(sentences::NOTE_MORE_COLLECTED_THAN_ISSUED));
    }
    out.confirm(
        question,
        Action::SealBoxes {
            item: round.id.clone(),
            boxes: labels_given,
            collected,
        },
    )
}

/// What the boxes lack against the hall's count, in words (for the close question).
pub fn difference_words(env: &Env, open: usize) -> String {
    let lang = env.lang;
    let round = &env.rec.state.items[open];
    let collected = round.sealed.as_ref().map_or(0, |s| s.collected);
    let missing = round.missing_boxes();
    let mut w = lang.pick(sentences::the_boxes_hold_of_the_collected(
        round.box_ballots,
        collected,
    ));
    if !missing.is_empty() {
        w.push_str(&lang.pick(sentences::boxes_not_imported_clause(
            missing.join("、"),
            missing.join(", "),
        )));
    }
    w
}

/// The scrutineers' reason typed: the question records it and closes the round, at once.
pub fn update_reconcile(env: &Env, input: &mut String, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let Field::Entered(reason) = edit(input, cmd, out) else {
        return None;
    };
    if reason.is_empty() {
        out.say(
            Tone::Bad,
            lang.say(sentences::THE_SCRUTINEERS_DECISION_NEEDS_ITS_REASON),
        );
        return None;
    }
    let open = env.rec.state.open?;
    out.pop();
    let id = env.rec.state.items[open].id.clone();
    let question = lang.pick(sentences::record_the_scrutineers_decision_and_close(
        difference_words(env, open),
        &reason,
    ));
    out.push(Layer::Confirm {
        question,
        actions: vec![
            Action::ReconcileBoxes {
                item: id.clone(),
                reason,
            },
            Action::CloseItem(id),
        ],
        detail: None,
        shown: false,
    });
    None
}

pub fn draw(
    lang: Lang,
    boxes: &Option<Vec<String>>,
    input: &str,
    f: &mut Frame,
    body: Rect,
    theme: Theme,
) {
    let (title, label, hint) = match boxes {
        None => (
            lang.say(sentences::SEAL_THE_ROUND_S_BOXES_BEFORE),
            lang.say(sentences::BOX_LABELS),
            lang.say(sentences::SEPARATED_BY_COMMAS_E_G_1),
        ),
        Some(_) => (
            lang.say(sentences::BALLOTS_COLLECTED_IN_THE_HALL),
            lang.say(sentences::COLLECTED),
            lang.say(sentences::BALLOTS_COLLECTED_COUNTED_IN_THE_HALL),
        ),
    };
    field_popup(f, body, theme, (title.into(), label, input), Some(hint));
}

pub fn draw_reconcile(env: &Env, input: &str, f: &mut Frame, body: Rect, theme: Theme) {
    let lang = env.lang;
    let hint = env
        .rec
        .state
        .open
        .map(|open| difference_words(env, open))
        .unwrap_or_default();
    // One line in the window; the message line and the question say it whole.
    let hint = crate::ui::text::fit(&hint, 64);
    let hint: &str = &hint;
    field_popup(
        f,
        body,
        theme,
        (
            lang.say(sentences::THE_BOXES_DO_NOT_ADD_UP).into(),
            lang.say(sentences::REASON),
            input,
        ),
        Some(hint),
    );
}
