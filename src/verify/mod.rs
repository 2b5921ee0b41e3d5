//! The streaming checker: the numbered checks of `votedesk verify`, and the one replay by
//! which every view rebuilds state.
//!
//! Records are fed one at a time (`Checker::feed`); checks 1 to 3 are `LineChecks` (a
//! station log's reader runs them too), each other numbered check a method of its own;
//! a finding says what the rules or an anchor require (`expected`) and what the log holds
//! (`found`). The checker keeps the state of the session, never the log's lines, so its
//! memory does not grow with the log. `verify`, resume, `tally`, `report` and the
//! projector's incremental follow all use it.

use std::collections::HashMap;

use serde::Serialize;

use crate::engine::{Event, Refusal, State};

mod binding;
mod check;
mod fields;
mod finish;
mod lines;
mod read;
mod render;
use crate::log::{self, Line, Scan, TornTail};
use crate::session::{self, Loaded, SourceFiles};
pub use check::Check;
use check::PerCheck;
pub use lines::{LineChecks, LineFinding, Seen};
pub use read::{check_file, check_reader, check_reader_on};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Pass,
    Fail,
    NotChecked,
}

/// One check's line in the report.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub number: u32,
    pub name: &'static str,
    pub status: Status,
    /// Records this check looked at and found good.
    pub passed: u64,
    /// Records this check found bad.
    pub failed: u64,
    /// Records it could not check because of an earlier break.
    pub not_checked: u64,
    pub note: String,
}

/// One bad record: what the rules (or an anchor) require and what the log holds, in full.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: u32,
    pub line: usize,
    pub offset: u64,
    pub seq: Option<u64>,
    pub event: Option<String>,
    pub problem: String,
    /// What the rules or the anchor require.
    pub expected: Option<String>,
    /// What the log holds.
    pub found: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The session file (and its roster) the log must bind.
    pub session: Option<Loaded>,
    pub expect_head: Option<String>,
    pub expect_count: Option<u64>,
    /// Anchors read out during the session: record N (1-based, as `records` counts) has
    /// this hash. A declaration's anchor is its own record.
    pub anchors: Vec<(u64, String)>,
}

/// The last record an operator's action wrote (not a resumption, repair or batch header).
#[derive(Debug, Clone, PartialEq)]
pub struct LastRecord {
    pub seq: u64,
    pub time: String,
    pub event: Event,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub verified: bool,
    pub verdict: String,
    /// Complete records in the log.
    pub records: u64,
    /// The computed hash of the last record.
    pub head: Option<String>,
    pub closed: bool,
    /// SHA-256 of the session model the first record binds (compare with the signed sheet).
    pub session_model_sha256: Option<String>,
    pub checks: Vec<CheckResult>,
    pub findings: Vec<Finding>,
    /// Findings beyond the first `MAX_FINDINGS`, counted but not kept.
    #[serde(skip_serializing_if = "is_zero")]
    pub findings_omitted: u64,
    /// Crash residue after the last complete line; not part of the verified log.
    pub torn_tail: Option<TornTail>,
    /// State rebuilt from the unbroken prefix of the log.
    #[serde(skip)]
    pub state: Option<State>,
    /// The session sources embedded in the first record.
    #[serde(skip)]
    pub sources: Option<SourceFiles>,
    /// Records replayed into `state` (the unbroken prefix).
    #[serde(skip)]
    pub replayed: u64,
    /// Index and byte offset of the header of a batch the log ends inside, if it does.
    #[serde(skip)]
    pub unfinished_batch: Option<(usize, u64)>,
    /// Record number (1-based) and hash of each item's declaration.
    #[serde(skip)]
    pub declared_at: HashMap<String, (u64, String)>,
    /// Record number (1-based) and hash of each round's opening record.
    #[serde(skip)]
    pub opened_at: HashMap<String, (u64, String)>,
    /// Hash of the first record: the log's identity, which a station log binds.
    #[serde(skip)]
    pub identity: Option<String>,
    /// The item the hall should see: the last one opened, closed or declared.
    #[serde(skip)]
    pub focus: Option<String>,
    #[serde(skip)]
    pub last_found: Option<LastRecord>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

const GIVEN_SESSION: &str = "the session file given";
const GIVEN_ROSTER: &str = "the roster CSV given";

impl Finding {
    /// Whether this finding says only that the session file (or roster) given is another
    /// than the log binds, as opposed to the log itself being damaged.
    pub fn given_differs(&self) -> bool {
        self.check == Check::Binding.number()
            && (self.problem.starts_with(GIVEN_SESSION) || self.problem.starts_with(GIVEN_ROSTER))
    }
}

/// Findings kept in full; a log broken everywhere is summarised, not copied into memory.
pub const MAX_FINDINGS: usize = 1000;

#[derive(Debug, Clone, Copy, Default)]
struct Count {
    passed: u64,
    failed: u64,
    not_checked: u64,
}

/// Where a finding points: the line's number, offset, and what could be read of it.
#[derive(Clone)]
struct At {
    line: usize,
    offset: u64,
    seq: Option<u64>,
    event: Option<&'static str>,
}

impl At {
    fn of(line: &Line) -> At {
        let (seq, event) = match &line.record {
            Ok(r) => (Some(r.body.seq), Some(r.body.event.kind())),
            Err(_) => (None, None),
        };
        At {
            line: line.number,
            offset: line.offset,
            seq,
            event,
        }
    }
}

/// The streaming checker. Feed every complete line in order, then ask for the report.
#[derive(Clone)]
pub struct Checker {
    opts: Options,
    counts: PerCheck<Count>,
    notes: PerCheck<String>,
    findings: Vec<Finding>,
    omitted: u64,
    records: u64,
    /// Checks 1 to 3's state: the chain and the last good time.
    lines: LineChecks,
    /// Index of the first record that breaks checks 1-4: replay stops before it.
    first_break: Option<u64>,
    /// Check 4 failed: nothing is replayed.
    binding_failed: bool,
    session_id: Option<String>,
    sources: Option<SourceFiles>,
    state: Option<State>,
    replayed: u64,
    closed_at: Option<usize>,
    crlf: u64,
    first_crlf: Option<At>,
    model_sha256: Option<String>,
    head: Option<log::Hash>,
    last_number: Option<usize>,
    /// Where the expected head was found, if not at the end.
    expect_head_at: Option<u64>,
    anchors_checked: Vec<bool>,
    last_batch: Option<(u64, u64)>,
    declared_at: HashMap<String, (u64, String)>,
    opened_at: HashMap<String, (u64, String)>,
    identity: Option<String>,
    focus: Option<String>,
    last_found: Option<LastRecord>,
    unfinished: Option<(usize, u64)>,
}

impl Checker {
    pub fn new(opts: Options) -> Checker {
        let anchors_checked = vec![false; opts.anchors.len()];
        Checker {
            opts,
            counts: PerCheck::default(),
            notes: PerCheck::default(),
            findings: Vec::new(),
            omitted: 0,
            records: 0,
            lines: LineChecks::default(),
            first_break: None,
            binding_failed: false,
            session_id: None,
            sources: None,
            state: None,
            replayed: 0,
            closed_at: None,
            crlf: 0,
            first_crlf: None,
            model_sha256: None,
            head: None,
            last_number: None,
            expect_head_at: None,
            anchors_checked,
            last_batch: None,
            declared_at: HashMap::new(),
            opened_at: HashMap::new(),
            identity: None,
            focus: None,
            last_found: None,
            unfinished: None,
        }
    }

    /// Records fed so far.
    pub fn records(&self) -> u64 {
        self.records
    }

    /// The state replayed from the unbroken prefix so far.
    pub fn state(&self) -> Option<&State> {
        self.state.as_ref()
    }

    /// What the checks found so far, line by line (not what only the end can tell: an
    /// unfinished batch, a missing closing record).
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The item the hall should see: the last one opened, closed or declared.
    pub fn focus(&self) -> Option<&str> {
        self.focus.as_deref()
    }

    /// Record number (1-based) and hash of each item's declaration.
    pub fn declared_at(&self) -> &HashMap<String, (u64, String)> {
        &self.declared_at
    }

    /// Record number (1-based) and hash of each round's opening (`item_opened`) record:
    /// what a counting station binds.
    pub fn opened_at(&self) -> &HashMap<String, (u64, String)> {
        &self.opened_at
    }

    fn find(
        &mut self,
        check: Check,
        at: &At,
        problem: String,
        expected: Option<String>,
        found: Option<String>,
    ) {
        if self.findings.len() >= MAX_FINDINGS {
            self.omitted += 1;
            return;
        }
        self.findings.push(Finding {
            check: check.number(),
            line: at.line,
            offset: at.offset,
            seq: at.seq,
            event: at.event.map(str::to_string),
            problem,
            expected,
            found,
        });
    }

    fn count(&mut self, check: Check, good: bool) {
        let c = &mut self.counts[check];
        if good {
            c.passed += 1;
        } else {
            c.failed += 1;
        }
    }

    fn broken_at(&mut self, index: u64) {
        if self.first_break.is_none() {
            self.first_break = Some(index);
        }
    }

    /// Check one complete line, the next in the log.
    pub fn feed(&mut self, line: &Line) {
        self.feed_block(std::slice::from_ref(line));
    }

    /// Check complete lines, the next in the log, in order. Only the last operator record
    /// among them is kept whole (`last_found`), not a copy of every one.
    pub fn feed_block(&mut self, lines: &[Line]) {
        self.note_last(lines);
        for line in lines {
            if let Some(at) = self.check_line(line)
                && let Ok(record) = &line.record
            {
                self.replay(&at, Ballots::Copied(&record.body.event));
            }
        }
    }

    /// `feed_block`, taking each ballot's marks out of its line into the replayed state
    /// rather than copying them: for a reader that is done with the lines once fed.
    pub fn feed_block_taking(&mut self, lines: &mut [Line]) {
        self.note_last(lines);
        for line in lines {
            if let Some(at) = self.check_line(line)
                && let Ok(record) = &mut line.record
            {
                self.replay(&at, Ballots::Taken(&mut record.body.event));
            }
        }
    }

    /// The last operator record among `lines`, kept whole as the one found last.
    fn note_last(&mut self, lines: &[Line]) {
        let last = lines.iter().rev().find_map(|l| match &l.record {
            Ok(r)
                if !matches!(
                    r.body.event,
                    Event::SessionResumed {} | Event::TailRepaired { .. } | Event::Batch { .. }
                ) =>
            {
                Some(r)
            }
            _ => None,
        });
        if let Some(r) = last {
            self.last_found = Some(LastRecord {
                seq: r.body.seq,
                time: r.body.time.clone(),
                event: r.body.event.clone(),
            });
        }
    }

    /// Checks 1 to 3 and the anchors on one line; where it is a record, where it is to be
    /// replayed.
    fn check_line(&mut self, line: &Line) -> Option<At> {
        let index = self.records;
        self.records += 1;
        self.last_number = Some(line.number);
        let at = At::of(line);
        match &line.record {
            Err(e) => {
                let problem = format!("unreadable line: {e}");
                self.check_unreadable(&at, index, problem);
                None
            }
            Ok(record) => {
                if index == 0 {
                    self.check_binding(&at, record);
                }
                self.note_crlf(&at, line.crlf);
                let seen = self.lines.record(index, record, self.session_id.as_deref());
                self.tell(&at, index, line.crlf, seen);
                self.check_anchors(&at, index, Some(record));
                self.observe(index, line.offset, record);
                self.head = Some(record.computed_hash);
                Some(at)
            }
        }
    }

    /// Check 1 for a line that is not a record: checks 2 and 3 cannot look at it, and
    /// nothing after it is replayed.
    fn check_unreadable(&mut self, at: &At, index: u64, problem: String) {
        self.count(Check::Framing, false);
        self.find(Check::Framing, at, problem, None, None);
        self.counts[Check::Sequence].not_checked += 1;
        self.counts[Check::Chain].not_checked += 1;
        self.broken_at(index);
        self.lines.unreadable();
        self.head = None;
        if index == 0 {
            self.binding_missing(at);
        }
        self.check_anchors(at, index, None);
    }

    /// Check 1 counts the lines that end in CR LF and keeps the first; `finish` words them.
    fn note_crlf(&mut self, at: &At, crlf: bool) {
        if crlf {
            self.crlf += 1;
            if self.first_crlf.is_none() {
                self.first_crlf = Some(at.clone());
            }
        }
    }

    /// What checks 1 to 3 saw on record `index`, counted and kept as findings; a break in
    /// the numbering or the chain ends the replay before it.
    fn tell(&mut self, at: &At, index: u64, crlf: bool, seen: Seen) {
        self.count(Check::Framing, seen.passed(Check::Framing) && !crlf);
        let numbered = seen.passed(Check::Sequence);
        self.count(Check::Sequence, numbered);
        let chained = seen.passed(Check::Chain);
        let chain = &mut self.counts[Check::Chain];
        if seen.prev_unknown {
            chain.not_checked += 1;
        }
        if !chained {
            chain.failed += 1;
        } else if !seen.prev_unknown {
            chain.passed += 1;
        }
        if !numbered || !chained {
            self.broken_at(index);
        }
        for f in seen.findings {
            self.find(f.check, at, f.problem, Some(f.expected), Some(f.found));
        }
    }

    /// What every follower of the log needs besides the checks: where each declaration
    /// stands, the item in focus, the last operator record, the open batch's header.
    fn observe(&mut self, index: u64, offset: u64, record: &log::Record) {
        if index == 0 {
            self.identity = Some(record.computed_hash.to_string());
        }
        match &record.body.event {
            Event::ResultDeclared { item, .. } => {
                self.declared_at
                    .insert(item.clone(), (index + 1, record.stated_hash.to_string()));
                self.focus = Some(item.clone());
            }
            Event::ItemOpened { item, .. } => {
                self.opened_at
                    .insert(item.clone(), (index + 1, record.stated_hash.to_string()));
                self.focus = Some(item.clone());
            }
            Event::ItemClosed { item } => {
                self.focus = Some(item.clone());
            }
            Event::Batch { .. } => self.last_batch = Some((index, offset)),
            _ => {}
        }
    }

    /// Checks 5-7 for one record of the unbroken prefix: the engine's event rules, the
    /// declared result against the recount, nothing after the closing record.
    fn replay(&mut self, at: &At, ballots: Ballots) {
        let index = self.records - 1;
        if self.binding_failed || self.first_break.is_some_and(|b| b <= index) {
            return;
        }
        let Some(st) = self.state.as_mut() else {
            return;
        };
        self.replayed += 1;
        if st.closed {
            self.counts[Check::Closing].failed += 1;
            self.find(
                Check::Closing,
                at,
                "a record follows the closing record".into(),
                None,
                None,
            );
            return;
        }
        let (applied, event) = match ballots {
            Ballots::Copied(event) => (st.apply(event), event),
            Ballots::Taken(event) => (st.apply_taking(event), &*event),
        };
        if applied.is_err() {
            st.pass_over(event);
        }
        let closed = st.closed;
        match applied {
            Ok(()) => {
                self.counts[Check::Rules].passed += 1;
                if matches!(event, Event::ResultDeclared { .. }) {
                    self.counts[Check::Declared].passed += 1;
                }
                if closed {
                    self.closed_at = Some(at.line);
                }
            }
            Err(Refusal::OutcomeMismatch {
                declared, counted, ..
            }) => {
                self.counts[Check::Declared].failed += 1;
                self.find(
                    Check::Declared,
                    at,
                    "the declared result differs from the result recomputed from the ballots"
                        .into(),
                    Some(counted),
                    Some(declared),
                );
            }
            Err(refusal) => {
                self.counts[Check::Rules].failed += 1;
                self.find(Check::Rules, at, refusal.to_string(), None, None);
            }
        }
    }
}

/// How the replay gets a record's ballot: copied from a line that is kept, or taken from
/// one that is done with.
enum Ballots<'a> {
    Copied(&'a Event),
    Taken(&'a mut Event),
}

/// Run every check over a scanned log.
pub fn check(scan: &Scan, opts: &Options) -> Report {
    let mut checker = Checker::new(opts.clone());
    for line in &scan.lines {
        checker.feed(line);
    }
    checker.finish(scan.torn_tail.clone())
}
