//! Checks 1 to 3 on one record at a time, for every log votedesk writes: the session log's
//! checker and a station log's reader (`station::read`) run the same code, so a record is
//! sound or not by one set of rules whichever log holds it.
//!
//! What only one kind of log has stays with its reader: the session log's CR LF count and
//! binding (check 4), a station log's binding to its round.

use super::Check;
use super::fields::record_field_problems;
use crate::log::{self, Hash};

/// One thing checks 1 to 3 found wrong with a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFinding {
    pub check: Check,
    pub problem: String,
    /// What the rules require.
    pub expected: String,
    /// What the record holds.
    pub found: String,
}

/// What checks 1 to 3 found on one record, in the order of the checks.
#[derive(Debug, Default)]
pub struct Seen {
    pub findings: Vec<LineFinding>,
    /// No chain was known to check this record's `prev` against (no binding started it, or
    /// the line before could not be read).
    pub prev_unknown: bool,
}

impl Seen {
    /// Whether `check` found nothing wrong.
    pub fn passed(&self, check: Check) -> bool {
        self.findings.iter().all(|f| f.check != check)
    }
}

/// The state checks 1 to 3 carry from one record to the next.
#[derive(Debug, Clone, Default)]
pub struct LineChecks {
    /// The hash the next record's `prev` must equal.
    prev: Option<Hash>,
    /// The last record time found to be RFC 3339 (see `record_field_problems`).
    good_time: String,
}

impl LineChecks {
    /// A binding starts the chain: the first record's `prev` must be `genesis_prev(of)`.
    pub fn start_chain(&mut self, of: &str) {
        self.prev = Hash::parse(log::genesis_prev(of).as_bytes());
    }

    /// A line that is not a record: the chain cannot be followed past it.
    pub fn unreadable(&mut self) {
        self.prev = None;
    }

    /// Checks 1 to 3 on record number `index` (from 0), of the session `session` once
    /// bound: its field rules, its number, its hash and its `prev`.
    pub fn record(&mut self, index: u64, record: &log::Record, session: Option<&str>) -> Seen {
        let mut seen = Seen::default();
        for (problem, expected, found) in record_field_problems(
            &record.body,
            session,
            &mut self.good_time,
            self.prev.as_ref(),
        ) {
            seen.findings.push(LineFinding {
                check: Check::Framing,
                problem,
                expected,
                found,
            });
        }
        if record.body.seq != index {
            seen.findings.push(LineFinding {
                check: Check::Sequence,
                problem: "sequence number out of order".into(),
                expected: index.to_string(),
                found: record.body.seq.to_string(),
            });
        }
        if record.stated_hash != record.computed_hash {
            seen.findings.push(LineFinding {
                check: Check::Chain,
                problem: "the record's hash does not match its body (the body was changed)".into(),
                expected: record.computed_hash.to_string(),
                found: record.stated_hash.to_string(),
            });
        }
        match self.prev.take() {
            None => seen.prev_unknown = true,
            Some(p) if !p.is(&record.body.prev) => seen.findings.push(LineFinding {
                check: Check::Chain,
                problem: "prev does not equal the previous record's hash (a record was removed, inserted or reordered)".into(),
                expected: p.to_string(),
                found: record.body.prev.clone(),
            }),
            Some(_) => {}
        }
        self.prev = Some(record.stated_hash);
        seen
    }
}
