//! Reading a station log on its own: checks 1 to 3 of `votedesk verify` (framing with the
//! field rules, numbering, the chain from its binding), then only its round's ballots and
//! corrections, and its closing record. Each refusal names the check it fails.

use super::{StationLog, problem};
use crate::event::{Event, Marks, Reading};
use crate::log::{self, Line};
use crate::round::{Ballot, Papers};
use crate::session::Problem;
use crate::verify::{Check, LineChecks, LineFinding};

/// `read_file` on bytes already read.
pub fn read(file: &str, bytes: &[u8]) -> Result<StationLog, Problem> {
    let scan = log::scan(bytes);
    if let Some(t) = &scan.torn_tail {
        return Err(problem(
            file,
            Some(scan.lines.len() + 1),
            format!(
                "the station log ends in an unfinished record ({} bytes after the last line): the station stopped while writing. Start the station again on this file to set it aside",
                t.bytes
            ),
        ));
    }
    let mut reader = Reader::default();
    for (index, line) in scan.lines.iter().enumerate() {
        reader
            .line(file, index, line)
            .map_err(|m| problem(file, Some(line.number), m))?;
    }
    reader
        .out
        .ok_or_else(|| problem(file, None, "the station log is empty".into()))
}

/// What has been read so far.
#[derive(Default)]
struct Reader {
    out: Option<StationLog>,
    /// Checks 1 to 3, as `votedesk verify` runs them on a session log.
    checks: LineChecks,
    /// Every entry keyed, withdrawn or not, numbered by paper as the engine numbers them.
    entries: Vec<Ballot>,
    papers: Papers,
    /// The entry numbers of the live ballots, in order.
    live: Vec<u32>,
}

impl Reader {
    /// One line: checks 1 to 3 of `votedesk verify` (the same code), then the binding
    /// (first) or a record of the bound round.
    fn line(&mut self, file: &str, index: usize, line: &Line) -> Result<(), String> {
        let record = match &line.record {
            Ok(r) => r,
            Err(e) => return Err(failed(Check::Framing, format!("unreadable line: {e}"))),
        };
        if line.crlf {
            return Err(failed(
                Check::Framing,
                "the line ends in CR LF: the file was converted; use the original".into(),
            ));
        }
        if index == 0 {
            self.bind(file, record)?;
        }
        let session = self.out.as_ref().map(|l| &*l.session);
        let seen = self.checks.record(index as u64, record, session);
        if let Some(f) = seen.findings.first() {
            return Err(line_refusal(f));
        }
        if index == 0 {
            return Ok(());
        }
        self.record(index, record)?;
        if let Some(log) = self.out.as_mut() {
            log.records += 1;
            log.head = record.computed_hash.to_string();
            log.ended = record.body.time.clone();
        }
        Ok(())
    }

    /// A record after the binding: the bound teller's, before the closing record, and one
    /// of the bound round's ballots or corrections, or the closing record itself.
    fn record(&mut self, index: usize, record: &log::Record) -> Result<(), String> {
        let Some(log) = self.out.as_mut() else {
            return Ok(());
        };
        if *record.body.operator != *log.binding.teller {
            return Err(failed(
                Check::Binding,
                "the record's teller differs from the binding".into(),
            ));
        }
        if log.closed {
            return Err(failed(
                Check::Closing,
                "a record follows the closing record".into(),
            ));
        }
        match &record.body.event {
            Event::BallotRecorded {
                item,
                ballot,
                seat,
                marks,
                replaces,
            } if *item == log.binding.item => self
                .ballot(*ballot, *seat, marks, *replaces)
                .map_err(|m| failed(Check::Rules, m)),
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } if *item == log.binding.item => self
                .voided(*ballot, reason)
                .map_err(|m| failed(Check::Rules, m)),
            Event::StationClosed { ballots, records } => {
                closes(log.ballots.len(), index + 1, *ballots, *records)
                    .map_err(|m| failed(Check::Closing, m))?;
                log.closed = true;
                Ok(())
            }
            other => Err(failed(
                Check::Rules,
                format!(
                    "`{}` has no place in the station log of round \"{}\"",
                    other.kind(),
                    log.binding.item
                ),
            )),
        }
    }

    /// The first record: the station's binding, from which the chain starts.
    fn bind(&mut self, file: &str, record: &log::Record) -> Result<(), String> {
        let body = &record.body;
        let Event::StationBound(b) = &body.event else {
            return Err(failed(
                Check::Binding,
                format!(
                    "the first record is `{}`, not `station_bound`: this is not a station log",
                    body.event.kind()
                ),
            ));
        };
        if *body.operator != *b.teller {
            return Err(failed(
                Check::Binding,
                "the record's operator is not the bound teller".into(),
            ));
        }
        // Its prev follows from the session log it binds, as a session log's from its file.
        self.checks.start_chain(&b.session_log);
        self.out = Some(StationLog {
            file: file.to_string(),
            binding: (**b).clone(),
            session: body.session.to_string(),
            ballots: Vec::new(),
            voided: Vec::new(),
            records: 1,
            head: record.computed_hash.to_string(),
            closed: false,
            started: body.time.clone(),
            ended: body.time.clone(),
        });
        Ok(())
    }

    /// A ballot entry, numbered next; a rekeyed one takes the paper of the entry it keys again.
    fn ballot(
        &mut self,
        ballot: u32,
        seat: Option<u32>,
        marks: &Marks,
        replaces: Option<u32>,
    ) -> Result<(), String> {
        let Some(log) = self.out.as_mut() else {
            return Ok(());
        };
        let keyed = self.entries.len();
        if ballot as usize != keyed + 1 {
            return Err(format!("ballot {ballot} where {} belongs", keyed + 1));
        }
        if log.binding.secret && seat.is_some() {
            return Err("a secret item's ballot names a seat".into());
        }
        let paper = match replaces {
            Some(r) => self
                .papers
                .rekey(&self.entries, r, seat)
                .map_err(|why| format!("entry {ballot} cannot key entry {r} again: {why}"))?,
            None => self.papers.next(),
        };
        self.papers.keyed(paper, replaces);
        self.entries.push(Ballot {
            number: ballot,
            paper,
            replaces,
            seat,
            marks: marks.clone(),
            voided: None,
        });
        self.live.push(ballot);
        log.ballots.push((
            paper,
            Reading {
                seat,
                marks: marks.clone(),
            },
        ));
        Ok(())
    }

    /// A correction withdraws a live entry, with its reason.
    fn voided(&mut self, ballot: u32, reason: &str) -> Result<(), String> {
        let Some(log) = self.out.as_mut() else {
            return Ok(());
        };
        let Some(at) = self.live.iter().position(|&n| n == ballot) else {
            return Err(format!("ballot {ballot} is not a live ballot to void"));
        };
        if reason.trim().is_empty() {
            return Err("a correction without a reason".into());
        }
        self.live.remove(at);
        if let Some(e) = self.entries.get_mut((ballot as usize).wrapping_sub(1)) {
            e.voided = Some(reason.to_string());
            self.papers.withdrawn(e.number, e.paper);
        }
        let (paper, _) = log.ballots.remove(at);
        log.voided.push((paper, reason.to_string()));
        Ok(())
    }
}

/// A station log's refusal names the check of `votedesk verify` it fails.
fn failed(check: Check, what: String) -> String {
    format!("{what} (check {}, {})", check.number(), check.name())
}

/// What checks 1 to 3 found first, with what a station log's reader is to do about it.
fn line_refusal(f: &LineFinding) -> String {
    let what = format!("{}: expected {}, found {}", f.problem, f.expected, f.found);
    let what = match f.check {
        Check::Chain => format!(
            "{what}: the station log was changed after it was written; use the file the station wrote"
        ),
        _ => what,
    };
    failed(f.check, what)
}

/// The closing record counts the ballots and records the log holds (`held` ballots, with
/// it `records_held` records).
fn closes(held: usize, records_held: usize, ballots: u32, records: u64) -> Result<(), String> {
    if ballots as usize != held || records != records_held as u64 {
        return Err(format!(
            "the closing record says {ballots} ballots in {records} records; the log holds {held} in {records_held}"
        ));
    }
    Ok(())
}
