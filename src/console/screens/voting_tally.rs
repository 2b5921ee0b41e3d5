//! The entry screen's tally panel: the live tally of the round, or at a counting station
//! the box's own counts.

use crate::console::env::Env;
use crate::console::text::{fit, pad, rpad, width};
use crate::console::widgets::{Stage, Theme, boxed, rating_rows, vote_rows};
use crate::sentences;
use crate::tally::ItemTally;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The round's tally beside the ballot: at a counting station its own box's counts, at the
/// console the live tally.
pub(super) fn draw_tally(env: &Env, f: &mut Frame, area: Rect, theme: Theme, tally: &ItemTally) {
    let lang = env.lang;
    let station = env.rec.station.is_some();
    let title = if station {
        sentences::THIS_BOX_AS_KEYED_NO_VERDICT
    } else {
        sentences::LIVE_TALLY
    };
    let block = boxed(lang.say(title).into(), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = if station {
        box_counts(lang, theme, tally, inner.width as usize)
    } else {
        live_tally(env, theme, tally, inner)
    };
    f.render_widget(Paragraph::new(lines), inner);
}

/// A station's count of its own box, in ballot order: no threshold, no rank and no verdict,
/// since one box decides nothing.
fn box_counts(
    lang: crate::ui::Lang,
    theme: Theme,
    tally: &ItemTally,
    w: usize,
) -> Vec<Line<'static>> {
    let b = tally.ballots();
    let mut lines = vec![Line::from(fit(
        &lang.pick(sentences::keyed_valid_void(b.returned, b.valid, b.void)),
        w,
    ))];
    let (heads, rows) = box_columns(lang, tally);
    let col: Vec<usize> = heads.iter().map(|h| width(h).max(4) + 1).collect();
    let title_w = w.saturating_sub(3 + col.iter().sum::<usize>()).max(6);
    let mut head = format!("{}{}", pad("#", 3), pad("", title_w));
    for (h, c) in heads.iter().zip(&col) {
        head.push_str(&rpad(h, *c));
    }
    lines.push(Line::from(Span::styled(fit(&head, w), theme.dim())));
    for (k, (title, nums)) in rows.iter().enumerate() {
        let mut row = format!("{}{}", pad(&(k + 1).to_string(), 3), pad(title, title_w));
        for (n, c) in nums.iter().zip(&col) {
            row.push_str(&rpad(&n.to_string(), *c));
        }
        lines.push(Line::from(fit(&row, w)));
    }
    lines
}

/// A row of a box's counts: its title and a count per column.
type Row = (String, Vec<u32>);

/// The box's columns (the marks of its form) and its rows: each candidate or subject with
/// its counts.
fn box_columns(lang: crate::ui::Lang, tally: &ItemTally) -> (Vec<String>, Vec<Row>) {
    match tally {
        ItemTally::Vote(v) => (
            vec![
                lang.say(sentences::FOR).into(),
                lang.say(sentences::COLUMN_AGAINST).into(),
                lang.say(sentences::COLUMN_ABSTAIN).into(),
            ],
            v.candidates
                .iter()
                .map(|c| (c.title.clone(), vec![c.for_, c.against, c.abstain]))
                .collect(),
        ),
        ItemTally::Rating(r) => {
            let mut heads = r.scale.clone();
            heads.push(lang.say(sentences::COLUMN_ABSTAIN).into());
            (
                heads,
                r.subjects
                    .iter()
                    .map(|s| {
                        let mut n = s.counts.clone();
                        n.push(s.abstain);
                        (s.title.clone(), n)
                    })
                    .collect(),
            )
        }
    }
}

/// The live tally: the passing line, then each candidate's or subject's counts, marked
/// provisional until declared.
fn live_tally(env: &Env, theme: Theme, tally: &ItemTally, inner: Rect) -> Vec<Line<'static>> {
    let lang = env.lang;
    let w = inner.width as usize;
    let rows = inner.height as usize;
    let mut lines = Vec::new();
    let stage = env.rec.state.open.map_or(Stage::Nothing, |i| {
        Stage::of(&env.rec.state.items[i], tally.ballots().returned)
    });
    match tally {
        ItemTally::Vote(v) => {
            lines.push(Line::from(fit(
                &lang.pick(sentences::pass_for_half_of(v.threshold, v.base, v.places)),
                w,
            )));
            lines.extend(vote_rows(
                lang,
                theme,
                v,
                w,
                rows.saturating_sub(1),
                false,
                stage,
            ));
        }
        ItemTally::Rating(r) => lines.extend(rating_rows(lang, theme, r, w, rows, stage)),
    }
    lines
}
