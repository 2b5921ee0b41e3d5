//! Ballots from keypads and ballot scanners: a CSV export checked whole, then recorded as one
//! batch through the same engine as keyed ballots (`docs/import-formats.md`).
//!
//! Named items: a `seat` column, then one column per candidate or subject. Secret items: one
//! row per ballot, optionally led by the scanner's `ballot` number. Every row is checked
//! before anything is recorded; any problem names its row and column and nothing is recorded.

use std::collections::{HashMap, HashSet};

use crate::engine::{Action, Attendance, Choice, Marks, State};
use crate::lang::quote;
use crate::session::{ABSTAIN_LABEL, Form, Item, Problem};

/// What an import file holds, ready to record.
#[derive(Debug)]
pub struct Batch {
    /// The import note first, then one `RecordBallot` per ballot.
    pub actions: Vec<Action>,
    pub ballots: usize,
    /// Named rows with no choice at all (a keypad's 未按): not a vote, not recorded.
    pub not_voted: usize,
}

fn choice(v: &str) -> Option<Option<Choice>> {
    match v {
        "赞成" | "for" | "For" | "FOR" | "1" | "Y" | "y" | "yes" => Some(Some(Choice::For)),
        "反对" | "against" | "Against" | "AGAINST" | "2" | "N" | "n" | "no" => {
            Some(Some(Choice::Against))
        }
        "弃权" | "abstain" | "Abstain" | "ABSTAIN" | "3" | "A" | "a" => {
            Some(Some(Choice::Abstain))
        }
        "" | "未按" | "-" => Some(None),
        _ => None,
    }
}

fn tick(v: &str) -> Option<bool> {
    match v {
        "1" | "✓" | "√" | "x" | "X" | "y" | "Y" | "yes" | "赞成" => Some(true),
        "" | "0" | "-" | "未按" => Some(false),
        _ => None,
    }
}

const SPOILED: [&str; 3] = ["废票", "spoiled", "void"];

impl Batch {
    /// Ballots returned and issued after this batch, when it would make returned exceed
    /// issued: extra ballots void the whole vote (Election Law art. 44), so that is asked
    /// for, never done silently.
    pub fn excess(&self, state: &State, item: &str) -> Option<(u32, u32)> {
        let round = state.item(item)?;
        let returned = round.live_ballots().count() as u32 + self.ballots as u32;
        crate::rules::vote_void(returned, round.issued).then_some((returned, round.issued))
    }
}

/// Check a keypad or scanner export against the open item `item` and build its batch.
pub fn parse(
    state: &State,
    item: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Batch, Vec<Problem>> {
    let problem = |line: Option<usize>, column: Option<usize>, message: String| Problem {
        file: file_name.to_string(),
        line,
        column,
        message,
    };
    let Some(index) = state.item_index(item) else {
        return Err(vec![problem(
            None,
            None,
            format!("there is no item \"{item}\""),
        )]);
    };
    let round = &state.items[index];
    if state.open != Some(index) {
        return Err(vec![problem(
            None,
            None,
            format!("item \"{item}\" is not open; open it before importing its ballots"),
        )]);
    }
    let def = &state.session.items[round.def];
    let ids = state.choice_ids(round);
    let named = !def.secret();
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(t) => t.to_string(),
        Err(_) => {
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
                Some(t) => t.into_owned(),
                None => {
                    return Err(vec![problem(
                        None,
                        None,
                        "the file is neither UTF-8 nor GBK text; export it as CSV UTF-8".into(),
                    )]);
                }
            }
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            return Err(vec![problem(
                Some(1),
                None,
                "the file has no header row".into(),
            )]);
        }
    };
    let header: Vec<String> = header.iter().map(str::to_string).collect();
    let mut problems = Vec::new();
    // Column layout: seat (named) or optional ballot (secret), then the round's ids.
    let lead = match (named, header.first().map(String::as_str)) {
        (true, Some("seat" | "座位号")) => 1,
        (true, _) => {
            return Err(vec![problem(
                Some(1),
                Some(1),
                "a named item's file starts with a `seat` column".into(),
            )]);
        }
        (false, Some("ballot" | "票号")) => 1,
        (false, _) => 0,
    };
    let mut column_of: Vec<usize> = Vec::new(); // round position → CSV column
    for (k, id) in ids.iter().enumerate() {
        match header.iter().skip(lead).position(|h| h == id) {
            Some(c) => column_of.push(c + lead),
            None => problems.push(problem(
                Some(1),
                None,
                format!(
                    "no column for {} (candidate or subject {})",
                    quote(id),
                    k + 1
                ),
            )),
        }
    }
    for (c, h) in header.iter().enumerate().skip(lead) {
        // A repeated heading would silently take its first column: refuse it.
        if let Some(first) = header.iter().take(c).position(|x| x == h) {
            problems.push(problem(
                Some(1),
                Some(c + 1),
                format!(
                    "column {} appears twice (columns {} and {}); keep one",
                    quote(h),
                    first + 1,
                    c + 1
                ),
            ));
            continue;
        }
        if !ids.contains(h) {
            problems.push(problem(
                Some(1),
                Some(c + 1),
                format!(
                    "column {} is not a candidate or subject of {}",
                    quote(h),
                    quote(item)
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let limit = round.tick_limit(&state.session);
    let mut seen_seats: HashMap<u32, usize> = HashMap::new();
    let mut seen_ballots: HashSet<String> = HashSet::new();
    let mut ballots = Vec::new();
    let mut not_voted = 0;
    let mut lines = crate::textpos::RecordLines::new(text.as_bytes());
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(problem(
                    e.position().map(|p| p.line() as usize),
                    None,
                    "unreadable row: check for a quote mark that is never closed".to_string(),
                ));
                continue;
            }
        };
        let line = record
            .position()
            .map(|p| lines.at(p.byte() as usize))
            .unwrap_or(0);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            problems.push(problem(
                Some(line),
                Some(record.len().min(header.len()) + 1),
                format!(
                    "the row has {} columns; the header has {}",
                    record.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let mut seat = None;
        if named {
            let raw = record.get(0).unwrap_or("");
            let Ok(s) = raw.parse::<u32>() else {
                problems.push(problem(
                    Some(line),
                    Some(1),
                    format!("seat {} is not a seat number", quote(raw)),
                ));
                continue;
            };
            match state.attendance_of(s) {
                None => {
                    problems.push(problem(
                        Some(line),
                        Some(1),
                        format!("seat {s} is not on the roster"),
                    ));
                    continue;
                }
                Some(Attendance::Present) => {}
                Some(_) => {
                    problems.push(problem(
                        Some(line),
                        Some(1),
                        format!("seat {s} is not checked in"),
                    ));
                    continue;
                }
            }
            if let Some(first) = seen_seats.insert(s, line) {
                problems.push(problem(
                    Some(line),
                    Some(1),
                    format!("seat {s} appears again (first on line {first})"),
                ));
                continue;
            }
            if round.voted.contains(&s) {
                problems.push(problem(
                    Some(line),
                    Some(1),
                    format!("seat {s} has already voted on this item"),
                ));
                continue;
            }
            seat = Some(s);
        } else if lead == 1 {
            let b = record.get(0).unwrap_or("").to_string();
            if !b.is_empty() && !seen_ballots.insert(b.clone()) {
                problems.push(problem(
                    Some(line),
                    Some(1),
                    format!("ballot number {} appears twice", quote(&b)),
                ));
                continue;
            }
        }
        let cells: Vec<&str> = column_of
            .iter()
            .map(|&c| record.get(c).unwrap_or(""))
            .collect();
        let data: Vec<&str> = record.iter().skip(lead).collect();
        if !named && SPOILED.contains(&data[0]) && data[1..].iter().all(|c| c.is_empty()) {
            ballots.push((seat, Marks::Spoiled));
            continue;
        }
        let mut bad = false;
        let marks = match def {
            Item::ProjectVote(p) => match p.form {
                Form::ForAgainstAbstain => {
                    let mut v = Vec::new();
                    for (k, cell) in cells.iter().enumerate() {
                        match choice(cell) {
                            Some(c) => v.push(c),
                            None => {
                                problems.push(problem(Some(line), Some(column_of[k] + 1), format!("{} is not a choice; use 赞成/反对/弃权 (for/against/abstain, or 1/2/3)", quote(cell))));
                                bad = true;
                            }
                        }
                    }
                    if !bad && named && v.iter().all(Option::is_none) {
                        not_voted += 1;
                        continue;
                    }
                    Marks::Choices {
                        choices: crate::rules::choices_as_counted(&v),
                    }
                }
                Form::TickAtMost(_) => {
                    let mut ticked = Vec::new();
                    for (k, cell) in cells.iter().enumerate() {
                        match tick(cell) {
                            Some(true) => ticked.push(ids[k].clone()),
                            Some(false) => {}
                            None => {
                                problems.push(problem(Some(line), Some(column_of[k] + 1), format!("\"{cell}\" is not a tick; use 1 or ✓ for ticked, empty or 0 for not")));
                                bad = true;
                            }
                        }
                    }
                    let _ = limit; // over-marked ballots are recorded and counted void by the rules
                    Marks::Ticks { ticked }
                }
            },
            Item::Rating(r) => {
                let mut labels = Vec::new();
                for (k, cell) in cells.iter().enumerate() {
                    // A subject the deputy left blank is 未评 (not rated), as at the console.
                    let label = if cell.trim().is_empty() {
                        Some(String::new())
                    } else if let Ok(n) = cell.parse::<usize>() {
                        match n {
                            0 if r.abstain => Some(ABSTAIN_LABEL.to_string()),
                            n if (1..=r.scale.len()).contains(&n) => Some(r.scale[n - 1].clone()),
                            _ => None,
                        }
                    } else if r.scale.iter().any(|l| l == cell)
                        || (r.abstain && *cell == ABSTAIN_LABEL)
                    {
                        Some(cell.to_string())
                    } else {
                        None
                    };
                    match label {
                        Some(l) => labels.push(l),
                        None => {
                            problems.push(problem(
                                Some(line),
                                Some(column_of[k] + 1),
                                format!("\"{cell}\" is not on the scale {:?}", r.scale),
                            ));
                            bad = true;
                        }
                    }
                }
                Marks::Ratings { labels }
            }
        };
        if !bad {
            ballots.push((seat, marks));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let n = ballots.len();
    let mut actions = vec![Action::NoteImport {
        item: item.to_string(),
        file: file_name.to_string(),
        sha256: crate::log::sha256_hex(bytes),
        ballots: n as u32,
    }];
    actions.extend(
        ballots
            .into_iter()
            .map(|(seat, marks)| Action::RecordBallot {
                item: item.to_string(),
                seat,
                marks,
            }),
    );
    Ok(Batch {
        actions,
        ballots: n,
        not_voted,
    })
}
