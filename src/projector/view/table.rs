//! Columns sized to their content, centred, rows spread over the height.

use super::*;
use crate::session::VoteKind;
use crate::tally::{RatingTally, VoteTally};

/// One row of a table: cells and their widths; right-aligned unless `left`.
pub(super) struct Cell {
    text: String,
    style: Style,
    left: bool,
}

pub(super) fn cell(text: impl Into<String>, style: Style, left: bool) -> Cell {
    Cell {
        text: text.into(),
        style,
        left,
    }
}

/// The per-candidate or per-subject table: columns sized to content and centred, rows
/// spread over the height, a page at a time when they do not fit. `verdict`: show the
/// result column (adopted, grade); never before the declaration in the hall.
pub(super) fn draw_table(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    t: &ItemTally,
    verdict: bool,
) {
    let lines = table_lines(
        p,
        theme,
        t,
        verdict,
        area.width as usize,
        area.height as usize,
    );
    draw_centred(f, area, lines, Vec::new());
}

/// Lines stacked and centred in the area's height: the table, then what follows it.
pub(super) fn draw_centred(
    f: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'static>>,
    after: Vec<Line<'static>>,
) {
    if !after.is_empty() {
        lines.push(Line::from(""));
        lines.extend(after);
    }
    let top = (area.height as usize).saturating_sub(lines.len()) / 2;
    let mut all = vec![Line::from(""); top];
    all.extend(lines);
    f.render_widget(Paragraph::new(all), area);
}

/// The table's lines for a width and a height (see `draw_table`).
pub(super) fn table_lines(
    p: &Projector,
    theme: Theme,
    t: &ItemTally,
    verdict: bool,
    w: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let lang = p.lang;
    let (header, rows, rule_after) = match t {
        ItemTally::Vote(v) => vote_cells(lang, theme, v, verdict),
        ItemTally::Rating(r) => rating_cells(lang, theme, r, verdict),
    };
    let gap = if w >= 120 { 4 } else { 2 };
    let widths = column_widths(&header, &rows, w, gap);
    let total = |ws: &[usize]| ws.iter().sum::<usize>() + gap * ws.len().saturating_sub(1);
    let table_w = total(&widths).min(w);
    let margin = " ".repeat((w - table_w) / 2);
    let render_row = |row: &[Cell]| -> Line<'static> {
        let mut spans = vec![Span::raw(margin.clone())];
        for (k, c) in row.iter().enumerate() {
            let text = if c.left {
                pad(&c.text, widths[k])
            } else {
                rpad(&c.text, widths[k])
            };
            spans.push(Span::styled(text, c.style));
            if k + 1 < row.len() {
                spans.push(Span::raw(" ".repeat(gap)));
            }
        }
        Line::from(spans)
    };
    if height < 2 {
        return Vec::new();
    }
    // Spread rows over the height: up to two blank lines between them.
    let avail = height - 1;
    let rules_n = usize::from(rule_after.is_some());
    let spacing = if rows.is_empty() {
        1
    } else {
        ((avail.saturating_sub(rules_n)) / rows.len()).clamp(1, 3)
    };
    let mut body: Vec<Line> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            for _ in 1..spacing {
                body.push(Line::from(""));
            }
        }
        if rule_after == Some(k) {
            body.push(last_place_rule(lang, theme, &margin, table_w));
        }
        body.push(render_row(row));
    }
    paged(p, theme, render_row(&header), body, avail)
}

/// The rule drawn under the last place: those above it are within the places.
fn last_place_rule(lang: Lang, theme: Theme, margin: &str, table_w: usize) -> Line<'static> {
    let label = lang.say(sentences::LAST_PLACE);
    let side = table_w.saturating_sub(width(label)) / 2;
    Line::from(Span::styled(
        format!(
            "{margin}{}{label}{}",
            "─".repeat(side),
            "─".repeat(table_w.saturating_sub(side + width(label)))
        ),
        theme.strong(),
    ))
}

/// The header, then the page of rows the projector shows now (pages turn by themselves),
/// with "page k/n" under them when there is more than one.
fn paged(
    p: &Projector,
    theme: Theme,
    header: Line<'static>,
    body: Vec<Line<'static>>,
    avail: usize,
) -> Vec<Line<'static>> {
    let lang = p.lang;
    let mut lines = vec![header];
    let page_rows = if body.len() > avail {
        avail.saturating_sub(1).max(1)
    } else {
        avail
    };
    let pages = body.len().div_ceil(page_rows).max(1);
    let page = p.page % pages;
    lines.extend(body.into_iter().skip(page * page_rows).take(page_rows));
    if pages > 1 {
        lines.extend(std::iter::repeat_n(
            Line::from(""),
            (page_rows + 1).saturating_sub(lines.len()),
        ));
        lines.push(
            Line::from(Span::styled(
                lang.pick(sentences::page_of(page + 1, pages)),
                theme.strong(),
            ))
            .alignment(Alignment::Center),
        );
    }
    lines
}

/// A vote table's header: by rank (motions by number), 赞成 … 未投, and the result.
fn vote_header(lang: Lang, theme: Theme, kind: VoteKind, verdict: bool) -> Vec<Cell> {
    let (number, choice) = match kind {
        VoteKind::Motions => ("#", sentences::MOTION),
        VoteKind::Projects => (lang.say(sentences::RANK), sentences::CANDIDATE),
        VoteKind::Election => (lang.say(sentences::RANK), sentences::CANDIDATE_PERSON),
    };
    let mut header = vec![
        cell(number, theme.strong(), false),
        cell(lang.say(choice), theme.strong(), true),
    ];
    for hd in [
        lang.say(sentences::FOR),
        lang.say(sentences::AGAINST),
        lang.say(sentences::ABSTAIN),
        lang.say(sentences::NOT_VOTED),
    ] {
        header.push(cell(hd, theme.strong(), false));
    }
    if verdict {
        header.push(cell(
            lang.say(sentences::COLUMN_RESULT),
            theme.strong(),
            true,
        ));
    }
    header
}

/// The header and rows of a vote round (by rank), and the row after which the last place's
/// rule is drawn.
fn vote_cells(lang: Lang, theme: Theme, v: &VoteTally, verdict: bool) -> Table {
    let header = vote_header(lang, theme, v.kind, verdict);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // Rows after which a rule is drawn: the last place.
    let mut rule_after: Option<usize> = None;
    let shown = v.shown_rows();
    for r in &shown {
        let title = if r.written_in {
            format!("{} {}", lang.say(sentences::WRITTEN_IN), r.title)
        } else {
            r.title.to_string()
        };
        let num = |n: Option<u32>| {
            cell(
                n.map(|n| n.to_string()).unwrap_or_default(),
                theme.base(),
                false,
            )
        };
        let mut row = vec![
            cell(r.number.to_string(), theme.base(), false),
            cell(title, theme.base(), true),
            cell(r.for_.to_string(), theme.strong(), false),
            num(r.against),
            num(r.abstain),
            num(r.not_voted),
        ];
        if verdict {
            let style = match r.status {
                CandidateStatus::Adopted => theme.good(),
                CandidateStatus::Tied | CandidateStatus::Undecided => theme.bad(),
                _ => theme.base(),
            };
            row.push(cell(status_label(lang, v.kind, r.status), style, true));
        }
        rows.push(row);
    }
    if verdict
        && let Some(places) = v.places
        && (places as usize) < shown.len()
    {
        rule_after = Some(places as usize);
    }
    (header, rows, rule_after)
}

/// The header and rows of a rating round, subject by subject.
fn rating_cells(lang: Lang, theme: Theme, r: &RatingTally, verdict: bool) -> Table {
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    header.push(cell(lang.say(sentences::SUBJECT), theme.strong(), true));
    for l in &r.scale {
        header.push(cell(l.clone(), theme.strong(), false));
    }
    header.push(cell(lang.say(sentences::ABSTAIN), theme.strong(), false));
    if verdict {
        header.push(cell(lang.say(sentences::RATE), theme.strong(), false));
        header.push(cell(
            lang.say(sentences::COLUMN_RESULT),
            theme.strong(),
            true,
        ));
    }
    for s in &r.subjects {
        let mut row = vec![cell(s.title.clone(), theme.base(), true)];
        for c in &s.counts {
            row.push(cell(c.to_string(), theme.base(), false));
        }
        row.push(cell(s.abstain.to_string(), theme.base(), false));
        if verdict {
            row.push(cell(s.rate_words(), theme.strong(), false));
            let style = if s.cutoff_met == Some(false) || s.rate_permille.is_none() {
                theme.bad()
            } else {
                theme.good()
            };
            row.push(cell(s.verdict(lang), style, true));
        }
        rows.push(row);
    }
    (header, rows, None)
}

/// Column widths from content; the title column (the one left-aligned text column that is
/// not the verdict) takes what is left when the screen is narrow.
fn column_widths(header: &[Cell], rows: &[Vec<Cell>], w: usize, gap: usize) -> Vec<usize> {
    let cols = header.len();
    let mut widths: Vec<usize> = (0..cols)
        .map(|k| {
            rows.iter()
                .map(|r| width(&r[k].text))
                .chain(std::iter::once(width(&header[k].text)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let title_col = header.iter().position(|c| c.left).unwrap_or(0);
    let total = |ws: &[usize]| ws.iter().sum::<usize>() + gap * ws.len().saturating_sub(1);
    if total(&widths) > w {
        let others = total(&widths) - widths[title_col];
        widths[title_col] = w.saturating_sub(others).max(6);
    }
    widths
}

/// A table's header, rows, and the row after which the last place's rule is drawn.
type Table = (Vec<Cell>, Vec<Vec<Cell>>, Option<usize>);
