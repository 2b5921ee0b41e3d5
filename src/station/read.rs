//! Reading a station log on its own: framing, the chain from its binding, numbering, only
//! its round's ballots and corrections, and its closing record.

use super::{StationLog, problem};
use crate::event::{Event, Marks, Reading};
use crate::log::{self, Hash, Line};
use crate::round::{Ballot, Papers};
use crate::session::Problem;

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
    prev: Option<Hash>,
    /// Every entry keyed, withdrawn or not, numbered by paper as the engine numbers them.
    entries: Vec<Ballot>,
    papers: Papers,
    /// The entry numbers of the live ballots, in order.
    live: Vec<u32>,
    /// The last time found good (check 1's rules, shared with the session log's audit).
    good_time: String,
}

impl Reader {
    /// One line: sound in itself, then the binding (first) or a record of the bound round.
    fn line(&mut self, file: &str, index: usize, line: &Line) -> Result<(), String> {
        let record = framed(line, index)?;
        let body = &record.body;
        // The field rules of a session log's check 1: the version, the session, the time,
        // the hashes.
        let session = self.out.as_ref().map(|l| &*l.session);
        let fields = crate::verify::field_problems(body, session, &mut self.good_time);
        if let Some((problem, expected, found)) = fields.into_iter().next() {
            return Err(format!("{problem}: expected {expected}, found {found}"));
        }
        if self.out.is_none() {
            return self.bind(file, record);
        }
        let Some(log) = self.out.as_mut() else {
            return Ok(());
        };
        if self.prev.is_none_or(|p| !p.is(&body.prev)) {
            return Err(
                "the hash chain breaks here: a record was removed, added or changed".into(),
            );
        }
        if *body.session != *log.session || *body.operator != *log.binding.teller {
            return Err("the record's session or teller differs from the binding".into());
        }
        if log.closed {
            return Err("a record follows the closing record".into());
        }
        match &body.event {
            Event::BallotRecorded {
                item,
                ballot,
                seat,
                marks,
                replaces,
            } if *item == log.binding.item => self.ballot(*ballot, *seat, marks, *replaces)?,
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } if *item == log.binding.item => self.voided(*ballot, reason)?,
            Event::StationClosed { ballots, records } => {
                closes(log.ballots.len(), index + 1, *ballots, *records)?;
                log.closed = true;
            }
            other => {
                return Err(format!(
                    "`{}` has no place in the station log of round \"{}\"",
                    other.kind(),
                    log.binding.item
                ));
            }
        }
        if let Some(log) = self.out.as_mut() {
            log.records += 1;
            log.head = record.computed_hash.to_string();
            log.ended = body.time.clone();
        }
        self.prev = Some(record.computed_hash);
        Ok(())
    }

    /// The first record: the station's binding, from which the chain starts.
    fn bind(&mut self, file: &str, record: &log::Record) -> Result<(), String> {
        let body = &record.body;
        let Event::StationBound(b) = &body.event else {
            return Err(format!(
                "the first record is `{}`, not `station_bound`: this is not a station log",
                body.event.kind()
            ));
        };
        if !body.prev.eq(&log::genesis_prev(&b.session_log)) {
            return Err("the first record's prev does not follow from its binding".into());
        }
        if *body.operator != *b.teller {
            return Err("the record's operator is not the bound teller".into());
        }
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
        self.prev = Some(record.computed_hash);
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

/// The line is a record, written as the station wrote it: LF-ended, its hash over its
/// body, numbered `index`.
fn framed(line: &Line, index: usize) -> Result<&log::Record, String> {
    let record = match &line.record {
        Ok(r) => r,
        Err(e) => return Err(format!("unreadable record: {e}")),
    };
    if line.crlf {
        return Err("the line ends in CR LF: the file was converted; use the original".into());
    }
    if record.stated_hash != record.computed_hash {
        return Err(
            "the record's hash does not match its content: the station log was changed after it was written".into(),
        );
    }
    if record.body.seq != index as u64 {
        return Err(format!(
            "record number {} where {index} belongs",
            record.body.seq
        ));
    }
    Ok(record)
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
