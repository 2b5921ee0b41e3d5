//! The audit of imported boxes against their station logs (`verify --stations`), and a
//! box's own totals.

use super::*;

/// One box import found in a session log, with the ballots its batch recorded.
#[derive(Debug, Clone)]
pub struct ImportedBox {
    /// Record number (1-based) of the `box_imported` record.
    pub record: u64,
    pub note: BoxNote,
    pub recorded: Vec<Reading>,
}

/// The box imports of a session log (its complete lines), each with its ballots.
pub fn imported_boxes(scan: &log::Scan) -> Vec<ImportedBox> {
    let mut out: Vec<ImportedBox> = Vec::new();
    let mut due = 0u32;
    for (index, line) in scan.lines.iter().enumerate() {
        let Ok(record) = &line.record else {
            continue;
        };
        match &record.body.event {
            Event::BoxImported(note) => {
                due = note.ballots;
                out.push(ImportedBox {
                    record: index as u64 + 1,
                    note: note.clone(),
                    recorded: Vec::new(),
                });
            }
            Event::BallotRecorded { seat, marks, .. } if due > 0 => {
                due -= 1;
                if let Some(b) = out.last_mut() {
                    b.recorded.push(Reading {
                        seat: *seat,
                        marks: marks.clone(),
                    });
                }
            }
            _ => due = 0,
        }
    }
    out
}

/// What the audit of imported boxes against their station logs found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Audit {
    /// Boxes whose batch equals what their station logs and decisions give.
    pub boxes_checked: u64,
    pub station_logs: u64,
    pub problems: Vec<String>,
    /// Station logs of this session log that no import used (not a failure).
    pub not_imported: Vec<String>,
}

/// Check that every imported box equals its station logs exactly: the same entries (teller,
/// head, records, count, hand count), the same comparison and differences, a decision for
/// each difference and nothing else, and the recorded ballots those give.
pub fn audit(
    boxes: &[ImportedBox],
    stations: &[StationLog],
    identity: &str,
    opened_at: &HashMap<String, (u64, String)>,
) -> Audit {
    let mut audit = Audit {
        station_logs: stations.len() as u64,
        ..Audit::default()
    };
    let mut used = vec![false; stations.len()];
    for b in boxes {
        let at = format!(
            "record {} (box \"{}\" of \"{}\")",
            b.record, b.note.r#box, b.note.item
        );
        match audit_box(b, &at, stations, &mut used, identity, opened_at) {
            Ok(()) => audit.boxes_checked += 1,
            Err(Missing(problems)) => audit.problems.extend(problems),
            Err(Wrong(problems)) => audit
                .problems
                .extend(problems.into_iter().map(|m| format!("{at}: {m}"))),
        }
    }
    for s in stations.iter().filter(|s| !s.closed) {
        audit.problems.push(format!(
            "{} (box \"{}\", {}) is not closed: every station log in the folder must end in its closing record; a box that was not finished is keyed again, and its unfinished log kept apart",
            s.file, s.binding.r#box, s.binding.teller
        ));
    }
    for (i, s) in stations.iter().enumerate() {
        if !used[i] && s.closed && s.binding.session_log == identity {
            audit.not_imported.push(format!(
                "{} (box \"{}\", {}, {} ballots)",
                s.file,
                s.binding.r#box,
                s.binding.teller,
                s.ballots.len()
            ));
        }
    }
    audit
}

/// Why a box did not check out: its station logs are missing (each problem whole), or
/// something in it is wrong (each problem said of the box).
enum Failed {
    Missing(Vec<String>),
    Wrong(Vec<String>),
}
use Failed::{Missing, Wrong};

/// One imported box against its station logs: found, bound to this round and box, closed,
/// recorded as they are, compared as they compare, every decision answering a difference,
/// and the batch what the logs and decisions give.
fn audit_box(
    b: &ImportedBox,
    at: &str,
    stations: &[StationLog],
    used: &mut [bool],
    identity: &str,
    opened_at: &HashMap<String, (u64, String)>,
) -> Result<(), Failed> {
    let mut logs = Vec::new();
    let mut missing = Vec::new();
    for e in &b.note.entries {
        match stations.iter().position(|s| s.head == e.station_head) {
            Some(i) => {
                used[i] = true;
                logs.push(stations[i].clone());
            }
            None => missing.push(format!(
                "{at}: the station log of {} (head {}) is not among the station logs given",
                e.teller, e.station_head
            )),
        }
    }
    if logs.len() != b.note.entries.len() {
        return Err(Missing(missing));
    }
    let wrong = bound_as_recorded(b, &logs, identity, opened_at);
    if !wrong.is_empty() {
        return Err(Wrong(wrong));
    }
    let one = |m: String| Wrong(vec![m]);
    let (comparison, _, differences) = match logs.as_slice() {
        [x, y] => compare(x, y),
        _ => (Comparison::Single, None, Vec::new()),
    };
    if comparison != b.note.comparison {
        return Err(one(format!(
            "recorded as compared {:?}; the station logs compare {comparison:?}",
            b.note.comparison
        )));
    }
    let answers = recorded_answers(b, &differences).map_err(one)?;
    let hand_count = hand_count_differences(&logs);
    let plan = BoxPlan {
        item: b.note.item.clone(),
        r#box: b.note.r#box.clone(),
        entries: logs,
        comparison,
        multiset_because: None,
        differences,
        hand_count,
    };
    same_batch(b, &plan, &answers).map_err(one)
}

/// Each station log is bound to this session log, round and box, closed, and its entry is
/// the one recorded; what is wrong, if anything.
fn bound_as_recorded(
    b: &ImportedBox,
    logs: &[StationLog],
    identity: &str,
    opened_at: &HashMap<String, (u64, String)>,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (log, e) in logs.iter().zip(&b.note.entries) {
        let bind = &log.binding;
        let opened = opened_at.get(&b.note.item);
        if bind.session_log != identity
            || bind.item != b.note.item
            || bind.r#box != b.note.r#box
            || opened != Some(&(bind.round_record, bind.round_hash.clone()))
        {
            wrong.push(format!(
                "{} is bound to another session log, round or box",
                log.file
            ));
        }
        if !log.closed {
            wrong.push(format!("{} is not closed", log.file));
        }
        if log.entry() != *e {
            wrong.push(format!(
                "the entry recorded for {} differs from its station log {}",
                e.teller, log.file
            ));
        }
    }
    wrong
}

/// The scrutineers' answers as recorded in the box note; a decision on a reading must
/// answer a difference the station logs show.
fn recorded_answers(b: &ImportedBox, differences: &[Difference]) -> Result<Answers, String> {
    let real = |ballot: &u32, first: &Reading, second: &Reading| {
        differences.iter().any(|x| {
            matches!(x, Difference::Reading { ballot: n, first: f, second: s }
                if n == ballot && f == first && s == second)
        })
    };
    // The decisions must answer exactly these differences: the batch the station logs
    // give under the recorded answers carries the same decisions, no more, no fewer.
    let mut answers = Answers {
        heads: b
            .note
            .entries
            .iter()
            .zip(&b.note.confirmed_by)
            .enumerate()
            .map(|(i, (e, by))| (i, (e.station_head.clone(), by.clone())))
            .collect(),
        ..Answers::default()
    };
    for d in &b.note.decisions {
        match d {
            Decision::Reading {
                ballot,
                first,
                second,
                decided,
                reason,
            } => {
                if !real(ballot, first, second) {
                    return Err(format!(
                        "the decision {} answers no difference of the station logs; one decision for each difference and no other",
                        serde_json::to_string(d).unwrap_or_default()
                    ));
                }
                answers
                    .readings
                    .insert(*ballot, (decided.clone(), reason.clone()));
            }
            Decision::Entry { chosen, reason } => {
                answers.entry = Some((*chosen, reason.clone()));
            }
            Decision::HandCount { reason, .. } => {
                answers.hand_count = Some(reason.clone());
            }
            Decision::Single { reason } => {
                answers.single = Some(reason.clone());
            }
        }
    }
    Ok(answers)
}

/// The batch the station logs give under the recorded answers carries the recorded
/// decisions and ballots, no more, no fewer.
fn same_batch(b: &ImportedBox, plan: &BoxPlan, answers: &Answers) -> Result<(), String> {
    let mut decisions = Vec::new();
    let mut expected = Vec::new();
    for a in plan.actions(answers)? {
        match a {
            Action::RecordBallot { seat, marks, .. } => expected.push(Reading { seat, marks }),
            Action::NoteBox(note) => decisions = note.decisions,
            _ => {}
        }
    }
    if decisions != b.note.decisions {
        let extra = b.note.decisions.iter().find(|d| !decisions.contains(d));
        return Err(match extra {
            Some(d) => format!(
                "the decision {} answers no difference of the station logs; one decision for each difference and no other",
                serde_json::to_string(d).unwrap_or_default()
            ),
            None => format!(
                "the decisions recorded ({}) are not the ones the station logs' differences need ({})",
                b.note.decisions.len(),
                decisions.len()
            ),
        });
    }
    if expected != b.recorded {
        let at_ballot = expected
            .iter()
            .zip(&b.recorded)
            .position(|(x, y)| x != y)
            .unwrap_or(expected.len().min(b.recorded.len()));
        return Err(format!(
            "the batch records {} ballot(s); the station logs and decisions give {}; first difference at the box's ballot {}",
            b.recorded.len(),
            expected.len(),
            at_ballot + 1
        ));
    }
    Ok(())
}

/// Totals of one box as keyed, for its sheet: per choice, how often each mark occurs.
#[derive(Debug, Clone, Default)]
pub struct BoxTotals {
    pub ballots: u32,
    pub spoiled: u32,
    pub void: u32,
    /// Per choice position: (label, count) in first-seen order ("赞成"/"勾选"/scale label).
    pub per_choice: Vec<Vec<(String, u32)>>,
}

pub fn totals(log: &StationLog) -> BoxTotals {
    use crate::event::Choice;
    use crate::form::Mark;
    let n = log.binding.choices.len();
    let mut t = BoxTotals {
        per_choice: vec![Vec::new(); n],
        ..BoxTotals::default()
    };
    let mut add = |k: usize, label: &str| {
        if let Some(v) = t.per_choice.get_mut(k) {
            match v.iter_mut().find(|(l, _)| l == label) {
                Some((_, c)) => *c += 1,
                None => v.push((label.to_string(), 1)),
            }
        }
    };
    let mut spoiled = 0;
    let mut void = 0;
    for (_, r) in &log.ballots {
        match &r.marks {
            Marks::Spoiled => spoiled += 1,
            Marks::Void { .. } => void += 1,
            m => {
                for (k, (id, _)) in log.binding.choices.iter().enumerate() {
                    match crate::form::mark(m, k, id) {
                        Some(Mark::Choice(Choice::For)) => add(k, "for"),
                        Some(Mark::Choice(Choice::Against)) => add(k, "against"),
                        Some(Mark::Choice(Choice::Abstain)) => add(k, "abstain"),
                        Some(Mark::Ticked(true)) => add(k, "tick"),
                        Some(Mark::Rated(l)) => add(k, if l.is_empty() { "blank" } else { l }),
                        Some(Mark::Ticked(false)) | None => {}
                    }
                }
            }
        }
    }
    t.ballots = log.ballots.len() as u32;
    t.spoiled = spoiled;
    t.void = void;
    t
}
