//! The streaming checker: the numbered checks of `votedesk verify`, and the one replay by
//! which every view rebuilds state.
//!
//! Records are fed one at a time (`Checker::feed`); each numbered check is its own method;
//! a finding says what the rules or an anchor require (`expected`) and what the log holds
//! (`found`). The checker keeps the state of the session, never the log's lines, so its
//! memory does not grow with the log. `verify`, resume, `tally`, `report` and the
//! projector's incremental follow all use it.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::engine::{Event, Refusal, State};

mod check;
mod fields;
mod read;
mod render;
use crate::log::{self, Line, Scan, TornTail};
use crate::session::{self, Loaded, SourceFiles};
pub use check::Check;
use check::PerCheck;
use fields::record_field_problems;
pub use read::{check_file, check_reader};

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
#[derive(Debug, Clone)]
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
    /// The hash the next record's `prev` must equal; None after an unreadable line.
    prev: Option<log::Hash>,
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
    /// The last record time found to be RFC 3339 (see `record_field_problems`).
    good_time: String,
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
            prev: None,
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
            good_time: String::new(),
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
        for line in lines {
            self.feed_line(line);
        }
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

    fn feed_line(&mut self, line: &Line) {
        let index = self.records;
        self.records += 1;
        self.last_number = Some(line.number);
        let at = At::of(line);
        match &line.record {
            Err(e) => {
                let problem = format!("unreadable line: {e}");
                self.check_unreadable(&at, index, problem);
            }
            Ok(record) => {
                if index == 0 {
                    self.check_binding(&at, record);
                }
                self.check_framing(&at, line.crlf, record);
                self.check_sequence(&at, index, record);
                self.check_chain(&at, index, record);
                self.check_anchors(&at, index, Some(record));
                self.observe(index, line.offset, record);
                self.replay(&at, index, record);
                self.head = Some(record.computed_hash);
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
        self.prev = None;
        self.head = None;
        if index == 0 {
            self.binding_missing(at);
        }
        self.check_anchors(at, index, None);
    }

    /// Check 1: the line ends in LF, and the record keeps the field rules.
    fn check_framing(&mut self, at: &At, crlf: bool, record: &log::Record) {
        if crlf {
            self.crlf += 1;
            if self.first_crlf.is_none() {
                self.first_crlf = Some(at.clone());
            }
        }
        let problems = record_field_problems(
            &record.body,
            self.session_id.as_deref(),
            &mut self.good_time,
        );
        self.count(Check::Framing, problems.is_empty() && !crlf);
        for (problem, expected, found) in problems {
            self.find(Check::Framing, at, problem, Some(expected), Some(found));
        }
    }

    /// Check 2: records are numbered 0, 1, 2, … in order.
    fn check_sequence(&mut self, at: &At, index: u64, record: &log::Record) {
        let good = record.body.seq == index;
        self.count(Check::Sequence, good);
        if !good {
            self.broken_at(index);
            self.find(
                Check::Sequence,
                at,
                "sequence number out of order".into(),
                Some(index.to_string()),
                Some(record.body.seq.to_string()),
            );
        }
    }

    /// Check 3: the record's hash is over its body, and its `prev` is the record before.
    fn check_chain(&mut self, at: &At, index: u64, record: &log::Record) {
        let mut good = true;
        if record.stated_hash != record.computed_hash {
            good = false;
            self.find(
                Check::Chain,
                at,
                "the record's hash does not match its body (the body was changed)".into(),
                Some(record.computed_hash.to_string()),
                Some(record.stated_hash.to_string()),
            );
        }
        let known = self.prev.is_some();
        if let Some(p) = self.prev.take()
            && !p.is(&record.body.prev)
        {
            good = false;
            self.find(
                Check::Chain,
                at,
                "prev does not equal the previous record's hash (a record was removed, inserted or reordered)".into(),
                Some(p.to_string()),
                Some(record.body.prev.clone()),
            );
        }
        if !known {
            self.counts[Check::Chain].not_checked += 1;
        }
        if !good {
            self.counts[Check::Chain].failed += 1;
            self.broken_at(index);
        } else if known {
            self.counts[Check::Chain].passed += 1;
        }
        self.prev = Some(record.stated_hash);
    }

    fn binding_missing(&mut self, at: &At) {
        self.count(Check::Binding, false);
        self.binding_failed = true;
        self.find(
            Check::Binding,
            at,
            "the first record is not the session binding".into(),
            Some("session_bound".into()),
            at.event.map(str::to_string),
        );
    }

    /// Check 4: the first record binds the session — the embedded files match their
    /// hashes, the model is the one the embedded session parses to, and the session given
    /// (if any) is that one. It also starts the chain and the replay.
    fn check_binding(&mut self, at: &At, record: &log::Record) {
        let Event::SessionBound(b) = &record.body.event else {
            self.binding_missing(at);
            self.broken_at(0);
            return;
        };
        self.prev = log::Hash::parse(log::genesis_prev(&b.session_sha256).as_bytes());
        let mut problems: Vec<(String, String, String)> = Vec::new();
        let text_hash = log::sha256_hex(b.session_text.as_bytes());
        if text_hash != b.session_sha256 {
            problems.push((
                "the embedded session text does not match session_sha256".into(),
                text_hash,
                b.session_sha256.clone(),
            ));
        }
        if let (Some(bytes), Some(h)) = (b.roster_bytes(), &b.roster_sha256) {
            let computed = log::sha256_hex(&bytes);
            if &computed != h {
                problems.push((
                    "the embedded roster does not match roster_sha256".into(),
                    computed,
                    h.clone(),
                ));
            }
        }
        let model_hash = log::sha256_hex(b.session_model.as_bytes());
        self.model_sha256 = Some(b.session_model_sha256.clone());
        if model_hash != b.session_model_sha256 {
            problems.push((
                "the embedded session model does not match session_model_sha256".into(),
                model_hash,
                b.session_model_sha256.clone(),
            ));
        }
        if let Some(given) = &self.opts.session {
            let computed = log::sha256_hex(&given.sources.session_bytes);
            if computed != b.session_sha256 {
                problems.push((
                    format!(
                        "{GIVEN_SESSION} ({}) is not the one this log binds",
                        given.sources.session_name
                    ),
                    computed,
                    b.session_sha256.clone(),
                ));
            }
            let given_roster = given
                .sources
                .roster
                .as_ref()
                .map(|(_, bytes)| log::sha256_hex(bytes));
            if given_roster != b.roster_sha256 {
                problems.push((
                    format!("{GIVEN_ROSTER} is not the one this log binds"),
                    given_roster.unwrap_or_default(),
                    b.roster_sha256.clone().unwrap_or_default(),
                ));
            }
            self.notes[Check::Binding] = format!("bound to {}", given.sources.session_name);
        } else {
            self.notes[Check::Binding] =
                "embedded copy checked; give --session to compare with the file".into();
        }
        let src = SourceFiles {
            session_name: b.session_file.clone(),
            session_bytes: b.session_text.clone().into_bytes(),
            roster: match (&b.roster_file, b.roster_bytes()) {
                (Some(n), Some(bytes)) => Some((n.clone(), bytes)),
                _ => None,
            },
        };
        let mut loaded = None;
        match session::load_embedded(src.clone()) {
            Ok(l) => {
                let model = l.session.model_json();
                if model != b.session_model {
                    problems.push((
                        "the embedded session model is not what the embedded session file parses to".into(),
                        format!("{} bytes, sha256 {}", model.len(), log::sha256_hex(model.as_bytes())),
                        format!("{} bytes, sha256 {}", b.session_model.len(), b.session_model_sha256),
                    ));
                }
                loaded = Some(l);
            }
            Err(e) => problems.push((
                format!(
                    "the session copy inside the log does not load, so the log was not written by votedesk or its first record was altered: {e}"
                ),
                "a session file that loads".into(),
                b.session_file.clone(),
            )),
        }
        self.sources = Some(src);
        if let Some(l) = &loaded {
            self.session_id = Some(l.session.id.clone());
        }
        if problems.is_empty() {
            self.count(Check::Binding, true);
            self.state = loaded.map(|l| State::new(Arc::new(l.session)));
        } else {
            self.count(Check::Binding, false);
            self.binding_failed = true;
            self.broken_at(0);
            for (p, e, f) in problems {
                self.find(Check::Binding, at, p, Some(e), Some(f));
            }
        }
    }

    /// Check 8, per record: each anchor for this record number holds its hash.
    fn check_anchors(&mut self, at: &At, index: u64, record: Option<&log::Record>) {
        let n = index + 1;
        if let (Some(r), Some(h)) = (record, &self.opts.expect_head)
            && self.expect_head_at.is_none()
            && r.computed_hash.as_str().eq_ignore_ascii_case(h)
        {
            self.expect_head_at = Some(index);
        }
        for i in 0..self.opts.anchors.len() {
            if self.opts.anchors[i].0 != n {
                continue;
            }
            self.anchors_checked[i] = true;
            let h = self.opts.anchors[i].1.to_ascii_lowercase();
            match record {
                Some(r) if r.computed_hash.is(&h) => self.counts[Check::Anchor].passed += 1,
                Some(r) => {
                    let problem = format!(
                        "anchor {n}: record {n} has hash {}, the anchor says {h}: the log was altered at or before record {n}",
                        r.computed_hash
                    );
                    self.counts[Check::Anchor].failed += 1;
                    self.find(
                        Check::Anchor,
                        at,
                        problem,
                        Some(h),
                        Some(r.computed_hash.to_string()),
                    );
                }
                None => {
                    self.counts[Check::Anchor].failed += 1;
                    self.find(
                        Check::Anchor,
                        at,
                        format!("anchor {n}: record {n} cannot be read"),
                        Some(h),
                        None,
                    );
                }
            }
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
    fn replay(&mut self, at: &At, index: u64, record: &log::Record) {
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
        let event = &record.body.event;
        let applied = st.apply(event);
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

    /// The report for the lines fed so far and the torn tail after them, if any.
    pub fn report(&self, torn_tail: Option<TornTail>) -> Report {
        let mut c = self.clone();
        c.finish_checks();
        c.into_report(torn_tail)
    }

    /// The report, consuming the checker (no copy of the state).
    pub fn finish(mut self, torn_tail: Option<TornTail>) -> Report {
        self.finish_checks();
        self.into_report(torn_tail)
    }

    /// What can only be judged at the end: line endings, an unfinished batch, anchors
    /// beyond the end, the expected head and count.
    fn finish_checks(&mut self) {
        if let Some(at) = self.first_crlf.take() {
            let crlf = self.crlf;
            let problem = if crlf == self.records {
                format!(
                    "every line ({crlf}) ends in CR LF instead of LF: the file's line endings were converted (a copy through a Windows editor, e-mail or a text-mode transfer). The records were checked as if unconverted; get the original file from the console's disk, whose bytes must not change"
                )
            } else {
                format!(
                    "{crlf} line(s) end in CR LF instead of LF, the first here: the file was edited or converted"
                )
            };
            self.find(
                Check::Framing,
                &at,
                problem,
                Some("LF".into()),
                Some("CR LF".into()),
            );
        }
        // A batch is acknowledged whole: a log that ends inside one ends in an
        // unacknowledged write (the console sets it aside on resume).
        if let Some(st) = &self.state
            && self.replayed == self.records
            && let Some((header, missing)) = st.unfinished_batch()
            && let Some((index, offset)) = self.last_batch.filter(|(i, _)| *i == header)
        {
            self.counts[Check::Rules].failed += 1;
            let present = self.records - index - 1;
            let announced = present + u64::from(missing);
            let at = At {
                line: index as usize + 1,
                offset,
                seq: Some(index),
                event: Some("batch"),
            };
            self.find(
                Check::Rules,
                &at,
                format!(
                    "unfinished batch: this record announces {announced} record(s), only {present} follow; the batch was never acknowledged (a crash or failure during one write)"
                ),
                Some(announced.to_string()),
                Some(present.to_string()),
            );
            self.unfinished = Some((index as usize, offset));
        }
        if let Some(fb) = self.first_break {
            self.notes[Check::Rules] = format!(
                "records from line {} on cannot be checked because of the break there",
                fb + 1
            );
            self.notes[Check::Declared] = self.notes[Check::Rules].clone();
        }
        if self.records == 0 {
            self.notes[Check::Binding] = "the log is empty".into();
        }
    }

    fn anchor_problems(&self) -> Vec<String> {
        let records = self.records;
        let mut problems = Vec::new();
        match self.opts.expect_count {
            Some(n) if records < n => problems.push(format!(
                "truncated: the log has {records} records, the anchor says {n}; {} missing",
                n - records
            )),
            Some(n) if records > n => problems.push(format!(
                "the log has {records} records, the anchor says {n}: records were added after the anchor"
            )),
            _ => {}
        }
        if let Some(h) = &self.opts.expect_head
            && problems.is_empty()
        {
            let h = h.to_ascii_lowercase();
            if !self.head.is_some_and(|head| head.is(&h)) {
                problems.push(match self.expect_head_at {
                    Some(i) => format!(
                        "the expected head is record {}; {} records follow it",
                        i + 1,
                        records - i - 1
                    ),
                    None => format!(
                        "head differs: expected {h}, computed {}: the log was altered or forked",
                        self.head.map(|h| h.to_string()).unwrap_or_default()
                    ),
                });
            }
        }
        for (i, (n, h)) in self.opts.anchors.iter().enumerate() {
            if !self.anchors_checked[i] {
                problems.push(format!(
                    "anchor {n}: the log has only {records} records; record {n} is missing (truncated)"
                ));
            } else if self
                .findings
                .iter()
                .any(|f| f.check == Check::Anchor.number() && f.line as u64 == *n)
            {
                problems.push(format!("anchor {n}: record {n} differs from {h}"));
            }
        }
        problems
    }

    fn into_report(mut self, torn_tail: Option<TornTail>) -> Report {
        let records = self.records;
        let unreplayed = records.saturating_sub(self.replayed);
        self.counts[Check::Rules].not_checked = unreplayed;
        self.counts[Check::Declared].not_checked = unreplayed;

        // Check 7: the closing record is present and last.
        let closed = self.closed_at.is_some();
        let closing_status = if records == 0 {
            Status::NotChecked
        } else if closed
            && self.closed_at == self.last_number
            && self.counts[Check::Closing].failed == 0
        {
            self.counts[Check::Closing].passed += 1;
            Status::Pass
        } else if self.first_break.is_some() && !closed {
            Status::NotChecked
        } else {
            if !closed {
                self.notes[Check::Closing] =
                    "session not closed: there is no closing record".into();
            } else {
                self.notes[Check::Closing] = "a record follows the closing record".into();
            }
            Status::Fail
        };

        // Check 8: anchors, expected head and count.
        let no_anchor = self.opts.expect_count.is_none()
            && self.opts.expect_head.is_none()
            && self.opts.anchors.is_empty();
        let anchor_status = if no_anchor {
            self.notes[Check::Anchor] = format!(
                "no anchor given: the chain is intact in itself, but only a published anchor shows it was not rewritten; compare records {records} and head {} with the signed sheet, or pass --expect-count, --expect-head or --anchor N:HEX",
                self.head.map_or("(none)".to_string(), |h| h.to_string())
            );
            Status::NotChecked
        } else {
            let problems = self.anchor_problems();
            if problems.is_empty() {
                Status::Pass
            } else {
                self.notes[Check::Anchor] = problems.join("; ");
                Status::Fail
            }
        };

        let mut checks = Vec::new();
        for check in Check::ALL {
            let c = self.counts[check];
            let status = match check {
                Check::Closing => closing_status,
                Check::Anchor => anchor_status,
                _ if c.failed > 0 => Status::Fail,
                _ if c.passed == 0 && c.not_checked > 0 => Status::NotChecked,
                _ if c.passed == 0 && records == 0 => Status::NotChecked,
                _ => Status::Pass,
            };
            checks.push(CheckResult {
                number: check.number(),
                name: check.name(),
                status,
                passed: c.passed,
                failed: c.failed,
                not_checked: c.not_checked,
                note: std::mem::take(&mut self.notes[check]),
            });
        }
        self.findings.sort_by_key(|f| (f.line, f.check));
        let hard_fail = checks
            .iter()
            .any(|c| c.status == Status::Fail && c.number != Check::Closing.number());
        let verified = !hard_fail && closing_status == Status::Pass && records > 0;
        let total_findings = self.findings.len() as u64 + self.omitted;
        let verdict = if verified {
            "verified".to_string()
        } else if records == 0 {
            "not verified: the log is empty".to_string()
        } else if !hard_fail && !closed && total_findings == 0 {
            "not verified: session not closed".to_string()
        } else {
            let anchor_findings = self
                .findings
                .iter()
                .any(|f| f.check == Check::Anchor.number());
            let n = total_findings + u64::from(anchor_status == Status::Fail && !anchor_findings);
            format!("not verified: {n} problem(s) found; the log may have been altered")
        };
        Report {
            verified,
            verdict,
            records,
            head: self.head.map(|h| h.to_string()),
            closed,
            session_model_sha256: self.model_sha256,
            checks,
            findings: self.findings,
            findings_omitted: self.omitted,
            torn_tail,
            state: self.state,
            sources: self.sources,
            replayed: self.replayed,
            unfinished_batch: self.unfinished,
            declared_at: self.declared_at,
            opened_at: self.opened_at,
            identity: self.identity,
            focus: self.focus,
            last_found: self.last_found,
        }
    }
}

/// Run every check over a scanned log.
pub fn check(scan: &Scan, opts: &Options) -> Report {
    let mut checker = Checker::new(opts.clone());
    for line in &scan.lines {
        checker.feed(line);
    }
    checker.finish(scan.torn_tail.clone())
}
