//! Ballots from keypads and ballot scanners: a CSV export checked whole, then recorded as one
//! batch through the same engine as keyed ballots (`docs/import-formats.md`).
//!
//! Named items: a `seat` column, then one column per candidate or subject. Secret items: one
//! row per ballot, optionally led by the scanner's `ballot` number. Every row is checked
//! before anything is recorded; any problem names its row and column and nothing is recorded.

use std::collections::{HashMap, HashSet};

use crate::engine::{Action, Attendance, Choice, Marks, State};
use crate::lang::quote;
use crate::session::{ABSTAIN_LABEL, Form, Item, Problem, Rating};

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

/// A problem before it is given its file: line, column, what to do.
type Found = (Option<usize>, Option<usize>, String);

/// Check a keypad or scanner export against the open item `item` and build its batch.
pub fn parse(
    state: &State,
    item: &str,
    file_name: &str,
    bytes: &[u8],
) -> Result<Batch, Vec<Problem>> {
    let in_file = |found: Vec<Found>| {
        found
            .into_iter()
            .map(|(line, column, message)| Problem {
                file: file_name.to_string(),
                line,
                column,
                message,
            })
            .collect::<Vec<_>>()
    };
    let (ballots, not_voted) = read_rows(state, item, bytes).map_err(in_file)?;
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

/// The open round `item`, by its index; an election is never imported.
fn open_round(state: &State, item: &str) -> Result<usize, String> {
    let Some(index) = state.item_index(item) else {
        return Err(format!("there is no item \"{item}\""));
    };
    if state.open != Some(index) {
        return Err(format!(
            "item \"{item}\" is not open; open it before importing its ballots"
        ));
    }
    if let Item::ProjectVote(p) = &state.session.items[state.items[index].def]
        && p.form == Form::Election
    {
        return Err(format!(
            "\"{item}\" is an election: its ballots are paper, with names written in; key them at the console, or count them in boxes at stations"
        ));
    }
    Ok(index)
}

/// The file as text: UTF-8 (with or without a byte-order mark), else GBK as Excel on a
/// Chinese Windows saves it.
fn decode(bytes: &[u8]) -> Result<String, String> {
    match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(t) => Ok(t.to_string()),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| "the file is neither UTF-8 nor GBK text; export it as CSV UTF-8".into()),
    }
}

/// Where the data stands in the header: how many leading columns (seat, or the scanner's
/// ballot number) and, for each of the round's choices in ballot order, its CSV column.
struct Layout {
    lead: usize,
    column_of: Vec<usize>,
}

impl Layout {
    fn of(
        header: &[String],
        ids: &[String],
        named: bool,
        item: &str,
    ) -> Result<Layout, Vec<Found>> {
        let mut problems = Vec::new();
        // Column layout: seat (named) or optional ballot (secret), then the round's ids.
        let lead = match (named, header.first().map(String::as_str)) {
            (true, Some("seat" | "座位号")) => 1,
            (true, _) => {
                return Err(vec![(
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
                None => problems.push((
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
        problems.extend(stray_columns(header, ids, lead, item));
        if problems.is_empty() {
            Ok(Layout { lead, column_of })
        } else {
            Err(problems)
        }
    }
}

/// Header columns past the lead that are repeated or name no choice of the round.
fn stray_columns(header: &[String], ids: &[String], lead: usize, item: &str) -> Vec<Found> {
    let mut problems = Vec::new();
    for (c, h) in header.iter().enumerate().skip(lead) {
        // A repeated heading would silently take its first column: refuse it.
        if let Some(first) = header.iter().take(c).position(|x| x == h) {
            problems.push((
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
            problems.push((
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
    problems
}

/// A ballot to record: the seat (named items) and the marks.
type Row = (Option<u32>, Marks);

/// Every row of the file checked: the ballots and the named rows with no choice (未按), or
/// every problem found.
fn read_rows(state: &State, item: &str, bytes: &[u8]) -> Result<(Vec<Row>, usize), Vec<Found>> {
    let index = open_round(state, item).map_err(|m| vec![(None, None, m)])?;
    let text = decode(bytes).map_err(|m| vec![(None, None, m)])?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => return Err(vec![(Some(1), None, "the file has no header row".into())]),
    };
    let header: Vec<String> = header.iter().map(str::to_string).collect();
    let mut rows = Rows::new(state, index);
    let layout = Layout::of(&header, &rows.ids, rows.named, item)?;
    let mut lines = crate::textpos::RecordLines::new(text.as_bytes());
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                rows.problems.push((
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
            rows.problems.push((
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
        rows.read(&record, line, &layout);
    }
    if rows.problems.is_empty() {
        Ok((rows.ballots, rows.not_voted))
    } else {
        Err(rows.problems)
    }
}

/// The rows read so far, and what has been seen, so a seat or ballot number twice is found.
struct Rows<'a> {
    state: &'a State,
    round: &'a crate::round::ItemState,
    def: &'a Item,
    ids: Vec<String>,
    named: bool,
    seen_seats: HashMap<u32, usize>,
    seen_ballots: HashSet<String>,
    ballots: Vec<Row>,
    not_voted: usize,
    problems: Vec<Found>,
}

impl<'a> Rows<'a> {
    fn new(state: &'a State, index: usize) -> Rows<'a> {
        let round = &state.items[index];
        let def = &state.session.items[round.def];
        Rows {
            state,
            round,
            def,
            ids: state.choice_ids(round),
            named: !def.secret(),
            seen_seats: HashMap::new(),
            seen_ballots: HashSet::new(),
            ballots: Vec::new(),
            not_voted: 0,
            problems: Vec::new(),
        }
    }

    /// One data row: its seat or ballot number, then its marks by the round's form.
    fn read(&mut self, record: &csv::StringRecord, line: usize, layout: &Layout) {
        let seat = match self.lead_column(record, line, layout.lead) {
            Ok(seat) => seat,
            Err(message) => {
                self.problems.push((Some(line), Some(1), message));
                return;
            }
        };
        let cells: Vec<&str> = layout
            .column_of
            .iter()
            .map(|&c| record.get(c).unwrap_or(""))
            .collect();
        let data: Vec<&str> = record.iter().skip(layout.lead).collect();
        if !self.named && SPOILED.contains(&data[0]) && data[1..].iter().all(|c| c.is_empty()) {
            self.ballots.push((seat, Marks::Spoiled));
            return;
        }
        let marks = match self.def {
            Item::ProjectVote(p) => match p.form {
                Form::ForAgainstAbstain => choices_row(&cells, self.named),
                Form::TickAtMost(_) => ticks_row(&cells, &self.ids),
                // Refused before any row is read (`read_rows`).
                Form::Election => return,
            },
            Item::Rating(r) => ratings_row(r, &cells),
        };
        match marks {
            Ok(None) => self.not_voted += 1,
            Ok(Some(marks)) => self.ballots.push((seat, marks)),
            Err(bad) => self.problems.extend(
                bad.into_iter()
                    .map(|(k, m)| (Some(line), Some(layout.column_of[k] + 1), m)),
            ),
        }
    }

    /// The seat of a named row (on the roster, checked in, once, not yet voted), or the
    /// ballot number of a secret row (once).
    fn lead_column(
        &mut self,
        record: &csv::StringRecord,
        line: usize,
        lead: usize,
    ) -> Result<Option<u32>, String> {
        if self.named {
            let raw = record.get(0).unwrap_or("");
            let Ok(s) = raw.parse::<u32>() else {
                return Err(format!("seat {} is not a seat number", quote(raw)));
            };
            match self.state.attendance_of(s) {
                None => return Err(format!("seat {s} is not on the roster")),
                Some(Attendance::Present) => {}
                Some(_) => return Err(format!("seat {s} is not checked in")),
            }
            if let Some(first) = self.seen_seats.insert(s, line) {
                return Err(format!("seat {s} appears again (first on line {first})"));
            }
            if self.round.voted.contains(&s) {
                return Err(format!("seat {s} has already voted on this item"));
            }
            return Ok(Some(s));
        }
        if lead == 1 {
            let b = record.get(0).unwrap_or("").to_string();
            if !b.is_empty() && !self.seen_ballots.insert(b.clone()) {
                return Err(format!("ballot number {} appears twice", quote(&b)));
            }
        }
        Ok(None)
    }
}

/// A per-candidate row; None for a named row with no choice at all (未按: not a vote).
/// Problems are by the choice's position in the round.
fn choices_row(cells: &[&str], named: bool) -> Result<Option<Marks>, Vec<(usize, String)>> {
    let mut v = Vec::new();
    let mut bad = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        match choice(cell) {
            Some(c) => v.push(c),
            None => bad.push((
                k,
                format!(
                    "{} is not a choice; use 赞成/反对/弃权 (for/against/abstain, or 1/2/3)",
                    quote(cell)
                ),
            )),
        }
    }
    if !bad.is_empty() {
        return Err(bad);
    }
    if named && v.iter().all(Option::is_none) {
        return Ok(None);
    }
    Ok(Some(Marks::Choices {
        choices: crate::rules::choices_as_counted(&v),
    }))
}

/// A tick row. An over-marked ballot is recorded and counted void by the rules.
fn ticks_row(cells: &[&str], ids: &[String]) -> Result<Option<Marks>, Vec<(usize, String)>> {
    let mut ticked = Vec::new();
    let mut bad = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        match tick(cell) {
            Some(true) => ticked.push(ids[k].clone()),
            Some(false) => {}
            None => bad.push((
                k,
                format!("\"{cell}\" is not a tick; use 1 or ✓ for ticked, empty or 0 for not"),
            )),
        }
    }
    if bad.is_empty() {
        Ok(Some(Marks::Ticks { ticked }))
    } else {
        Err(bad)
    }
}

/// A rating row: a label of the scale or its number (0 for 弃权 where offered); a subject
/// the deputy left blank is 未评 (not rated), as at the console.
fn ratings_row(r: &Rating, cells: &[&str]) -> Result<Option<Marks>, Vec<(usize, String)>> {
    let mut labels = Vec::new();
    let mut bad = Vec::new();
    for (k, cell) in cells.iter().enumerate() {
        let label = if cell.trim().is_empty() {
            Some(String::new())
        } else if let Ok(n) = cell.parse::<usize>() {
            match n {
                0 if r.abstain => Some(ABSTAIN_LABEL.to_string()),
                n if (1..=r.scale.len()).contains(&n) => Some(r.scale[n - 1].clone()),
                _ => None,
            }
        } else if r.scale.iter().any(|l| l == cell) || (r.abstain && *cell == ABSTAIN_LABEL) {
            Some(cell.to_string())
        } else {
            None
        };
        match label {
            Some(l) => labels.push(l),
            None => bad.push((k, format!("\"{cell}\" is not on the scale {:?}", r.scale))),
        }
    }
    if bad.is_empty() {
        Ok(Some(Marks::Ratings { labels }))
    } else {
        Err(bad)
    }
}
