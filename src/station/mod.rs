//! Counting stations (计票台) and double entry: the station log of one ballot box keyed by
//! one teller, read and verified on its own; its binding checked against the round of the
//! session log it was made for; the comparison of two entries of a box; the batch that
//! imports a box; and the audit of imported boxes against their station logs
//! (`docs/counting-room.md`, `docs/log-format.md`). No terminal code here.
//!
//! A station log has the session log's line format. Its first record is `station_bound`,
//! whose `prev` is `genesis_prev(session_log)`; then `ballot_recorded` / `ballot_voided`
//! records of the bound round, numbered from 1 within the box; last `station_closed`.

use std::collections::HashMap;
use std::path::Path;

use crate::engine::{Action, State};
use crate::event::{
    BoxEntry, BoxNote, Comparison, Decision, Event, Marks, Reading, StationBinding,
};
use crate::log::{self};
use crate::session::Problem;

mod read;
pub use read::read;

/// A station log, read and verified on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationLog {
    /// The file's name, for messages.
    pub file: String,
    pub binding: StationBinding,
    /// The session id every record carries.
    pub session: String,
    /// The live ballots in keyed order, each with its paper's number as the station showed
    /// it (a ballot keyed again after a correction keeps the number of the paper).
    pub ballots: Vec<(u32, Reading)>,
    /// Entries withdrawn at the station (the paper's number, reason).
    pub voided: Vec<(u32, String)>,
    pub records: u64,
    /// Hash of the last record.
    pub head: String,
    pub closed: bool,
    /// Time of the first and the last record.
    pub started: String,
    pub ended: String,
}

impl StationLog {
    /// This log's entry of its box, as the import records it.
    pub fn entry(&self) -> BoxEntry {
        BoxEntry {
            teller: self.binding.teller.clone(),
            station_head: self.head.clone(),
            station_records: self.records,
            ballots: self.ballots.len() as u32,
            hand_count: self.binding.hand_count,
        }
    }
}

fn problem(file: &str, line: Option<usize>, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

/// Whether `bytes` look like a station log (its first record is a station binding).
pub fn is_station_log(bytes: &[u8]) -> bool {
    const TAG: &[u8] = b"\"event\":{\"type\":\"station_bound\"";
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    first.len() > 66 && first[65..].windows(TAG.len()).any(|w| w == TAG)
}

/// Whether the file at `path` is a station log, from its first 8 KiB (its first line holds
/// the binding's type early on). Unreadable files are not.
pub fn is_station_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(8192).read_to_end(&mut head))
        .is_ok_and(|_| is_station_log(&head))
}

/// Read a station file and verify it on its own: framing, numbering, hash chain from its
/// binding, and that it holds only the bound round's ballots. An unclosed log reads (to
/// resume or print it); `import` refuses it.
pub fn read_file(path: &Path) -> Result<StationLog, Problem> {
    let name = path.display().to_string();
    let bytes = crate::limits::read_capped(path, crate::limits::IMPORT_BYTES)
        .map_err(|e| problem(&name, None, format!("cannot read the station log: {e}")))?;
    read(&name, &bytes)
}

/// `verify STATION_LOG`: the station log verified on its own (framing, chain from its
/// binding, numbering, only its round's ballots, its closing record) and one verdict. Its
/// agreement with the session log is `verify SESSION_LOG --stations DIR`.
pub struct StationVerdict {
    pub file: String,
    pub verified: bool,
    pub verdict: String,
    pub log: Option<StationLog>,
}

pub fn verify_file(path: &Path) -> StationVerdict {
    let read = read_file(path);
    let verdict = match &read {
        Ok(s) if s.closed => "verified: a closed station log, sound on its own".to_string(),
        Ok(_) => {
            "not verified: the station log is not closed (the box was not finished at the station)"
                .to_string()
        }
        Err(p) => format!("not verified: {p}"),
    };
    StationVerdict {
        file: path.display().to_string(),
        verified: matches!(&read, Ok(s) if s.closed),
        verdict,
        log: read.ok(),
    }
}

impl StationVerdict {
    /// Plain text: the verdict first, then what the log binds and holds.
    pub fn render(&self) -> String {
        let mut out = format!("result:  {}\nlog:     {}\n", self.verdict, self.file);
        if let Some(s) = &self.log {
            let b = &s.binding;
            out.push_str(&format!(
                "station log of box \"{}\", teller {}, round \"{}\" (its opening is record {} of session log {})\nballots: {} live, {} withdrawn at the station; hand count {}\nrecords: {}\nhead:    {}\nTo check it against the session log: votedesk verify SESSION_LOG --stations FOLDER_OF_STATION_LOGS\n",
                b.r#box,
                b.teller,
                b.item,
                b.round_record,
                b.session_log,
                s.ballots.len(),
                s.voided.len(),
                b.hand_count,
                s.records,
                s.head
            ));
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        let station = self.log.as_ref().map(|s| {
            serde_json::json!({
                "box": s.binding.r#box,
                "teller": s.binding.teller,
                "item": s.binding.item,
                "session_log": s.binding.session_log,
                "round_record": s.binding.round_record,
                "ballots": s.ballots.len(),
                "withdrawn": s.voided.len(),
                "hand_count": s.binding.hand_count,
                "records": s.records,
                "head": s.head,
                "closed": s.closed,
            })
        });
        serde_json::json!({
            "verified": self.verified,
            "verdict": self.verdict,
            "station": station,
        })
    }
}

mod audit;
mod plan;
mod words;
pub use audit::*;
pub use plan::*;
pub use words::*;
