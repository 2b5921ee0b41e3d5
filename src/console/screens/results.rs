//! The result of a closed round (表决结果): the count and the verdicts, declaring it, and
//! opening the further round it needs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::ask;
use crate::console::env::{Effect, Env, Out, Screen};
use crate::console::keymap::{Binding, C, Cmd, Ctx, HELP, b, esc, rec};
use crate::console::layers::Layer;
use crate::console::part::Part;
use crate::console::text::{self, fit};
use crate::console::widgets::{Stage, Theme, boxed, rating_rows, vote_rows};
use crate::engine::Phase;
use crate::sentences;
use crate::tally::ItemTally;

/// The result screen's keys.
/// The results screen of round `.0` (an index into `state.items`).
pub struct Results(pub usize);

impl Part for Results {
    /// An election's results take the keys of a further election: with one list the law
    /// allows, or with a choice among several.
    fn ctx(&self, env: &Env) -> Ctx {
        let st = &env.rec.state;
        let election = st.items.get(self.0).is_some_and(|r| {
            matches!(&st.session.items[r.def],
                crate::session::Item::ProjectVote(p) if p.kind == crate::session::VoteKind::Election)
        });
        if st.further_election_sizes(self.0).len() > 1 {
            Ctx::ResultsElectionMore
        } else if election {
            Ctx::ResultsElection
        } else {
            Ctx::Results
        }
    }

    fn update(&mut self, env: &Env, _ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
        update(env, self.0, cmd, out)
    }

    fn draw(&self, env: &Env, _top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme) {
        draw(env, self.0, f, area, theme)
    }
}

pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    v.extend([
        rec(b(
            C('d'),
            "d",
            sentences::KEY_DECLARE_THE_RESULT,
            Cmd::Declare,
        )),
        rec(b(
            C('f'),
            "f",
            sentences::KEY_OPEN_THE_FURTHER_ROUND,
            Cmd::FurtherRound,
        )),
        HELP,
        esc(sentences::KEY_BACK),
    ]);
    v
}

/// An election's result: `f` opens a further election (or the vote again among the tied);
/// where the ballot has enough candidates left (`more`), `2` and `3` propose two or three
/// more candidates than places, as the presidium decides.
pub fn election_bindings(more: bool) -> Vec<Binding> {
    let mut v: Vec<Binding> = bindings()
        .into_iter()
        .map(|b| match b.cmd {
            Cmd::FurtherRound => Binding {
                zh: sentences::KEY_FURTHER_ELECTION.zh,
                en: sentences::KEY_FURTHER_ELECTION.en,
                ..b
            },
            _ => b,
        })
        .collect();
    if more {
        v.insert(
            2,
            rec(b(
                C('2'),
                "2",
                sentences::KEY_FURTHER_ELECTION_TWO_MORE,
                Cmd::Digit(2),
            )),
        );
        v.insert(
            3,
            rec(b(
                C('3'),
                "3",
                sentences::KEY_FURTHER_ELECTION_THREE_MORE,
                Cmd::Digit(3),
            )),
        );
    }
    v
}

/// A command on the result of round `index`.
pub fn update(env: &Env, index: usize, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    match cmd {
        Cmd::Back => out.goto(Screen::Overview),
        Cmd::Declare => return ask::declare(env, index, out),
        Cmd::FurtherRound => return ask::further(env, index, out),
        Cmd::Digit(more @ 2..=3) => return ask::further_election(env, index, more, out),
        _ => {}
    }
    None
}

/// Under a result: the pass line, a tie, places unfilled, the investment adopted, and the
/// declaration's anchor.
fn result_footer(env: &Env, id: &str, t: &ItemTally, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let lang = env.lang;
    let mut footer: Vec<Line> = Vec::new();
    match t {
        ItemTally::Vote(v) => {
            footer.push(Line::from(fit(
                &lang.pick(sentences::passing_needs_for_more_than_half(
                    v.threshold,
                    v.base,
                )),
                w,
            )));
            if !v.tied.is_empty() {
                let tie = text::tie(lang, &v.tied_titles(), v.tied_places);
                let hint = lang.say(sentences::F_OPENS_A_FURTHER_ROUND);
                footer.push(Line::from(Span::styled(
                    fit(&format!(" {tie}{hint}"), w),
                    theme.bad(),
                )));
            }
            if v.unfilled > 0 {
                let may = if v.kind == crate::session::VoteKind::Election {
                    lang.pick(crate::sentences::places_vacant_f_opens_a_further_election(
                        v.unfilled,
                    ))
                } else {
                    text::unfilled_may(lang, v.unfilled)
                };
                for l in text::wrap(&may, w.saturating_sub(1)) {
                    footer.push(Line::from(Span::styled(format!(" {l}"), theme.bad())));
                }
            }
            if v.adopted_investment > 0 {
                footer.push(Line::from(
                    lang.pick(sentences::adopted_projects_investment(v.adopted_investment)),
                ));
            }
        }
        ItemTally::Rating(_) => {}
    }
    if let Some((n, head)) = env.rec.declared_at.get(id) {
        footer.push(Line::from(Span::styled(
            lang.pick(sentences::anchor_declared_at_log_record(n)),
            theme.title(),
        )));
        footer.push(Line::from(Span::styled(
            fit(&format!(" {head}"), w),
            theme.title(),
        )));
    }
    footer
}

pub fn draw(env: &Env, index: usize, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let Some(item) = st.items.get(index) else {
        return;
    };
    let def = &st.session.items[item.def];
    let t = env.tally(index);
    let b = t.ballots();
    let title = match item.phase {
        Phase::Declared => lang.say(sentences::RESULT_DECLARED),
        _ => lang.say(sentences::RESULT_NOT_YET_DECLARED),
    };
    let block = boxed(
        fit(
            &format!("{title} · {}", def.title()),
            (area.width as usize).saturating_sub(6),
        ),
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines = vec![crate::ui::reconciliation_line(
        lang,
        b,
        " ",
        theme.good(),
        theme.bad(),
    )];
    let footer = result_footer(env, &item.id, &t, w, theme);
    let rows = (inner.height as usize).saturating_sub(1 + footer.len());
    let stage = Stage::of(item, t.ballots().returned);
    match &t {
        ItemTally::Vote(v) => lines.extend(vote_rows(lang, theme, v, w, rows, true, stage)),
        ItemTally::Rating(r) => lines.extend(rating_rows(lang, theme, r, w, rows, stage)),
    }
    let pad_rows = (inner.height as usize).saturating_sub(lines.len() + footer.len());
    lines.extend(std::iter::repeat_n(Line::from(""), pad_rows));
    lines.extend(footer);
    f.render_widget(Paragraph::new(lines), inner);
}
