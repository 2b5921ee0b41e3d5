//! Ballot boxes from counting stations (票箱比对): every box read, bound and compared; every
//! difference and hand-count mismatch waits for the scrutineers' decision with its reason;
//! then one question, and each box is recorded as its own batch.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Layer;
use super::boxes_state::tellers;
use super::field::{Field, edit};
use crate::console::env::{Effect, Env, Out, Tone};
use crate::console::keymap::{Binding, C, Cmd, K, b, enter, esc, rec};
use crate::console::text::{self, Lang, fit};
use crate::console::widgets::{Theme, boxed, centered, field_popup, popup};
use crate::engine::Marks;

pub use super::boxes_state::{BoxAnswer, BoxRow, BoxesLayer};
use crate::sentences;

pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    // Arrows only: `k` here keeps a count, not "up".
    v.extend([
        b(K(KeyCode::Up), "↑", sentences::KEY_UP, Cmd::Up),
        b(K(KeyCode::Down), "↓", sentences::KEY_DOWN, Cmd::Down),
    ]);
    v.extend([
        b(
            C('1'),
            "1",
            sentences::KEY_1ST_READING_ASKS_WHY,
            Cmd::Answer(BoxAnswer::First),
        ),
        b(
            C('2'),
            "2",
            sentences::KEY_2ND_READING_ASKS_WHY,
            Cmd::Answer(BoxAnswer::Second),
        ),
        b(
            C('o'),
            "o",
            sentences::KEY_VOID_ASKS_WHY,
            Cmd::Answer(BoxAnswer::Void),
        ),
        b(
            C('k'),
            "k",
            sentences::KEY_KEEP_COUNT_AFTER_A_RECOUNT_ASKS,
            Cmd::Answer(BoxAnswer::Keep),
        ),
        b(
            C('s'),
            "s",
            sentences::KEY_RECORD_SINGLE_ENTRY_ASKS_WHY,
            Cmd::Answer(BoxAnswer::Single),
        ),
        b(
            C('h'),
            "h",
            sentences::KEY_CONFIRM_HEAD_TYPE_ITS_FIRST_8,
            Cmd::Answer(BoxAnswer::Head),
        ),
        rec(enter(sentences::KEY_RECORD_ONCE_ALL_DECIDED_ASKS)),
        esc(sentences::KEY_CANCEL_RECORDS_NOTHING),
    ]);
    v
}

/// Store a decision with its reason on row `row` of the boxes layer.
fn decide(layer: &mut BoxesLayer, row: usize, answer: BoxAnswer, reason: String) {
    let Some((p, what)) = layer.rows.get(row).cloned() else {
        return;
    };
    let plan = &layer.plans[p];
    let a = &mut layer.answers[p];
    match what {
        BoxRow::Reading(d) => {
            if let crate::station::Difference::Reading {
                ballot,
                first,
                second,
            } = &plan.differences[d]
            {
                let decided = match answer {
                    BoxAnswer::Second => second.clone(),
                    BoxAnswer::Void => crate::event::Reading {
                        seat: first.seat,
                        marks: Marks::Void {
                            reason: reason.clone(),
                        },
                    },
                    _ => first.clone(),
                };
                a.readings.insert(*ballot, (decided, reason));
            }
        }
        BoxRow::Entry => {
            let chosen = if answer == BoxAnswer::Second { 2 } else { 1 };
            a.entry = Some((chosen, reason));
        }
        BoxRow::HandCount => a.hand_count = Some(reason),
        BoxRow::Single => a.single = Some(reason),
        BoxRow::Head(e) => {
            if let Some((hex, by)) = split_head(&reason) {
                a.heads.insert(e, (hex, by));
            }
        }
    }
    layer.refresh();
}

/// "73c993a0 王五" → the hex read from the signed sheet, and the scrutineer's name.
fn split_head(input: &str) -> Option<(String, String)> {
    let input = input.trim();
    let (hex, by) = input.split_once(char::is_whitespace)?;
    let by = by.trim();
    (!by.is_empty()).then(|| (hex.to_string(), by.to_string()))
}

/// One row of the list in words: the difference, the totals that differ, or the counts.
fn row_text(
    plan: &crate::station::BoxPlan,
    answers: &crate::station::Answers,
    what: &BoxRow,
    lang: Lang,
) -> String {
    let all = crate::station::difference_lines(plan, lang);
    let skip = usize::from(plan.multiset_because.is_some());
    let counts = all.len() - plan.hand_count.len();
    match what {
        BoxRow::Head(e) => {
            let entry = &plan.entries[*e];
            let groups = crate::station::head_groups(&entry.head);
            lang.pick(sentences::box_s_station_log_head_read(
                &plan.r#box,
                &entry.binding.teller,
                &groups,
            ))
        }
        BoxRow::Single => lang.pick(sentences::box_entered_once_by_no_second(
            &plan.r#box,
            tellers(plan).0,
        )),
        BoxRow::Reading(d) => all.get(skip + d).cloned().unwrap_or_default(),
        BoxRow::Entry => all[..counts].join(lang.say(sentences::LIST_SEPARATOR)),
        BoxRow::HandCount => {
            // Only the count of the entry that is recorded asks; before an entry is chosen,
            // every count that differs is shown.
            let due = if plan.needs_entry() && answers.entry.is_none() {
                None
            } else {
                plan.hand_count_due(plan.chosen(answers))
            };
            match due {
                Some((teller, _, _)) => plan
                    .hand_count
                    .iter()
                    .position(|(t, _, _)| *t == teller)
                    .and_then(|i| all.get(counts + i).cloned())
                    .unwrap_or_default(),
                None => all[counts..].join(lang.say(sentences::LIST_SEPARATOR)),
            }
        }
    }
}

/// What the scrutineers must decide, one row each, given the answers so far: a hand-count
/// row only while the entry to be recorded (or, before one is chosen, any entry) differs
/// from the hand count.
fn rows_for(
    plans: &[crate::station::BoxPlan],
    answers: &[crate::station::Answers],
) -> Vec<(usize, BoxRow)> {
    let mut rows = Vec::new();
    for (i, (p, a)) in plans.iter().zip(answers).enumerate() {
        rows.extend((0..p.entries.len()).map(|e| (i, BoxRow::Head(e))));
        if p.comparison == crate::event::Comparison::Single {
            rows.push((i, BoxRow::Single));
        }
        if p.needs_entry() {
            rows.push((i, BoxRow::Entry));
        } else {
            rows.extend((0..p.differences.len()).map(|d| (i, BoxRow::Reading(d))));
        }
        let asks = if p.needs_entry() && a.entry.is_none() {
            !p.hand_count.is_empty()
        } else {
            p.hand_count_due(p.chosen(a)).is_some()
        };
        if asks {
            rows.push((i, BoxRow::HandCount));
        }
    }
    rows
}

impl BoxesLayer {
    /// Rows and their words again, after an answer may have changed what is asked.
    fn refresh(&mut self) {
        self.rows = rows_for(&self.plans, &self.answers);
        self.texts = self
            .rows
            .iter()
            .map(|(p, what)| row_text(&self.plans[*p], &self.answers[*p], what, self.lang))
            .collect();
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }
}

/// Read, bind and compare station logs; then list what the scrutineers must decide.
pub fn ask(env: &Env, paths: &[&std::path::Path], out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let nothing = |problems: Vec<crate::session::Problem>| {
        let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
        lang.pick(sentences::no_box_imported_problem_s_first(
            problems.len(),
            &first,
        ))
    };
    let logs = match crate::station::collect(paths) {
        Ok(l) if l.is_empty() => {
            out.say(Tone::Bad, lang.say(sentences::NO_STATION_LOG_FOUND_THERE));
            return None;
        }
        Ok(l) => l,
        Err(p) => {
            out.say(Tone::Bad, nothing(p));
            return None;
        }
    };
    let target = crate::station::Target {
        state: &env.rec.state,
        identity: &env.rec.identity,
        opened_at: &env.rec.opened_at,
    };
    let plans = match crate::station::plan(&target, logs) {
        Ok(p) => p,
        Err(p) => {
            out.say(Tone::Bad, nothing(p));
            return None;
        }
    };
    let answers = vec![crate::station::Answers::default(); plans.len()];
    let mut layer = BoxesLayer {
        plans,
        answers,
        rows: Vec::new(),
        texts: Vec::new(),
        selected: 0,
        lang,
    };
    layer.refresh();
    if layer.rows.is_empty() {
        return confirm(env, &layer, out);
    }
    out.push(Layer::Boxes(Box::new(layer)));
    None
}

/// Keys on the list of box differences.
/// Keys on the list of box differences.
pub fn update(env: &Env, layer: &mut BoxesLayer, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;

    match cmd {
        Cmd::Up => layer.selected = layer.selected.saturating_sub(1),
        Cmd::Down => layer.selected = (layer.selected + 1).min(layer.rows.len().saturating_sub(1)),
        Cmd::Back => {
            out.pop();
            out.say(
                Tone::Info,
                lang.say(sentences::IMPORT_CANCELLED_NOTHING_RECORDED),
            );
        }
        Cmd::Answer(answer) => {
            let row = layer.selected;
            let fits = match layer.rows.get(row).map(|r| &r.1) {
                Some(BoxRow::Reading(_)) => answer != BoxAnswer::Keep,
                Some(BoxRow::Entry) => matches!(answer, BoxAnswer::First | BoxAnswer::Second),
                Some(BoxRow::HandCount) => answer == BoxAnswer::Keep,
                Some(BoxRow::Single) => answer == BoxAnswer::Single,
                Some(BoxRow::Head(_)) => answer == BoxAnswer::Head,
                None => false,
            };
            if !fits {
                out.say(Tone::Bad, lang.say(sentences::NOT_AN_ANSWER_FOR_THIS_ROW));
                return None;
            }
            out.push(Layer::BoxReason {
                row,
                answer,
                input: String::new(),
            });
        }
        Cmd::Enter => {
            if !layer.all_decided() {
                let left = (0..layer.rows.len())
                    .filter(|&r| layer.decided(r).is_none())
                    .count();
                out.say(Tone::Bad, lang.pick(sentences::still_to_decide(left)));
                return None;
            }
            // The list gives way to the question.
            out.pop();
            return confirm(env, layer, out);
        }
        _ => {}
    }
    None
}

/// Ask before recording the boxes, each as its own batch.
/// Ask before recording the boxes, each as its own batch.
pub fn confirm(env: &Env, layer: &BoxesLayer, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let batches = match crate::station::batches(&layer.plans, &layer.answers) {
        Ok(b) => b,
        Err(open) => {
            if let Some((_, m)) = open.into_iter().next() {
                out.say(Tone::Bad, m);
            }
            return None;
        }
    };
    let parts: Vec<String> = layer
        .plans
        .iter()
        .zip(&batches)
        .map(|(p, b)| {
            let how = lang.pick(sentences::box_entered_how(
                p.comparison == crate::event::Comparison::Single,
                p.differences.len(),
            ));
            lang.pick(sentences::box_ballots_how(&p.r#box, b.len() - 1, &how))
        })
        .collect();
    let mut question = lang.pick(sentences::record_each_box_is_written_at(
        parts.join("、"),
        parts.join(", "),
    ));
    let answers = layer.answers.clone();
    if let Some((returned, issued)) = crate::station::excess(&env.rec.state, &layer.plans, &answers)
    {
        question.push_str(&lang.pick(sentences::import_would_exceed_issued(returned, issued)));
    }
    out.push(Layer::ConfirmBoxes { question, batches });
    None
}

/// The reason for a decision on row `row`; stored on the boxes layer under it.
pub fn update_reason(
    lang: Lang,
    row: usize,
    answer: BoxAnswer,
    input: &mut String,
    under: Option<&mut BoxesLayer>,
    cmd: Cmd,
    out: &mut Out,
) {
    let Field::Entered(reason) = edit(input, cmd, out) else {
        return;
    };
    if reason.is_empty() {
        out.say(
            Tone::Bad,
            lang.say(sentences::EVERY_DECISION_NEEDS_ITS_REASON),
        );
        return;
    }
    if answer == BoxAnswer::Head {
        let head = under.as_ref().and_then(|l| match l.rows.get(row) {
            Some((p, BoxRow::Head(e))) => Some(l.plans[*p].entries[*e].head.clone()),
            _ => None,
        });
        let Some((hex, _)) = split_head(&reason) else {
            out.say(Tone::Bad, lang.say(sentences::TYPE_THE_HEAD_S_FIRST_8));
            return;
        };
        let hex = hex.to_ascii_lowercase();
        let same = hex.len() >= 8
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
            && head.is_some_and(|h| h.starts_with(&hex));
        if !same {
            out.say(Tone::Bad, lang.say(sentences::NOT_THIS_STATION_LOG_S_HEAD));
            return;
        }
    }
    out.pop();
    if let Some(layer) = under {
        decide(layer, row, answer, reason);
        // Move on to the next row still to decide.
        if let Some(next) = (0..layer.rows.len()).find(|&r| layer.decided(r).is_none()) {
            layer.selected = next;
        }
    }
}

pub fn draw_reason(
    lang: Lang,
    answer: BoxAnswer,
    input: &str,
    f: &mut Frame,
    body: Rect,
    theme: Theme,
) {
    let title = match answer {
        BoxAnswer::First => lang.say(sentences::THE_FIRST_TELLER_S_READING),
        BoxAnswer::Second => lang.say(sentences::THE_SECOND_TELLER_S_READING),
        BoxAnswer::Void => lang.say(sentences::RULED_VOID),
        BoxAnswer::Keep => lang.say(sentences::KEEP_THE_KEYED_COUNT),
        BoxAnswer::Single => lang.say(sentences::RECORD_THE_SINGLE_ENTRY),
        BoxAnswer::Head => lang.say(sentences::HEAD_ITS_FIRST_8_DIGITS_AS),
    };
    let title = if answer == BoxAnswer::Head {
        title.to_string()
    } else {
        format!("{title}{}", lang.say(sentences::COLON_WHY))
    };
    field_popup(
        f,
        body,
        theme,
        (
            title,
            if answer == BoxAnswer::Head {
                lang.say(sentences::HEAD_NAME)
            } else {
                lang.say(sentences::REASON)
            },
            input,
        ),
        None,
    );
}

/// The boxes from counting stations and what the scrutineers must decide, one row each.
pub fn draw(f: &mut Frame, body: Rect, theme: Theme, lang: Lang, layer: &BoxesLayer) {
    let area = centered(
        body,
        body.width.saturating_sub(4).max(40),
        body.height.saturating_sub(2),
    );
    popup(f, area);
    let left = (0..layer.rows.len())
        .filter(|&r| layer.decided(r).is_none())
        .count();
    let title = lang.pick(sentences::boxes_compared_to_decide_left(
        layer.rows.len(),
        left,
    ));
    let block = boxed(title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines = box_heads(lang, theme, layer, w);
    lines.push(Line::from(""));
    let room = (inner.height as usize).saturating_sub(lines.len());
    box_rows(theme, layer, w, room, &mut lines);
    f.render_widget(Paragraph::new(lines), inner);
}

/// One line per box: its label, its tellers, its entries and the hand count.
fn box_heads(lang: Lang, theme: Theme, layer: &BoxesLayer, w: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for p in &layer.plans {
        let tellers: Vec<&str> = p
            .entries
            .iter()
            .map(|e| e.binding.teller.as_str())
            .collect();
        lines.push(Line::from(Span::styled(
            fit(
                &lang.pick(sentences::box_keyed_hand_count(
                    &p.r#box,
                    tellers.join(" / "),
                    p.entries[0].ballots.len(),
                    p.entries[0].binding.hand_count,
                )),
                w,
            ),
            theme.dim(),
        )));
    }
    lines
}

/// The rows to decide, each whole and wrapped, scrolled so the selected one is in view
/// within `room` lines.
fn box_rows(
    theme: Theme,
    layer: &BoxesLayer,
    w: usize,
    room: usize,
    lines: &mut Vec<Line<'static>>,
) {
    // Every row whole, wrapped: a reading cut short would hide what the paper must settle.
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, text) in layer.texts.iter().enumerate() {
        let mark = match layer.decided(k) {
            Some(reason) => format!("✔ {text} → {reason}"),
            None => format!("? {text}"),
        };
        let wrapped = text::wrap(&mark, w.saturating_sub(3));
        rows.push((k, wrapped));
    }
    // Scroll so the selected row is in view.
    let mut start = 0;
    while start < layer.selected
        && rows[start..=layer.selected]
            .iter()
            .map(|(_, l)| l.len())
            .sum::<usize>()
            > room
    {
        start += 1;
    }
    let mut rows_shown = 0;
    for (k, wrapped) in rows.iter().skip(start) {
        if rows_shown + wrapped.len() > room {
            break;
        }
        let style = if *k == layer.selected {
            theme.selected()
        } else if layer.decided(*k).is_some() {
            theme.good()
        } else {
            Style::default()
        };
        rows_shown += wrapped.len();
        for (i, l) in wrapped.iter().enumerate() {
            let lead = if i == 0 { " " } else { "   " };
            lines.push(Line::from(Span::styled(
                fit(&format!("{lead}{l}"), w),
                style,
            )));
        }
    }
}
