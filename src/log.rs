//! The audit log file: line framing, hashing, reading, and the durable single writer.
//!
//! One record per line: `<64 hex SHA-256> <JSON body>\n`. The hash is over the exact
//! stored body bytes with a domain-separation tag; the body carries the previous record's
//! hash. See `docs/log-format.md`, which is the normative description of this module.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::engine::Event;

/// Version of the record body format.
pub const FORMAT_VERSION: u32 = 1;
/// Tag prepended to a body before hashing it (entry hash).
pub const ENTRY_TAG: &[u8] = b"votedesk/v1/entry\n";
/// Tag prepended to the session file's hex digest to derive the first record's `prev`.
pub const GENESIS_TAG: &[u8] = b"votedesk/v1/genesis\n";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The hash of a record: SHA-256 over the entry tag and the exact body bytes.
pub fn entry_hash(body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(ENTRY_TAG);
    h.update(body);
    hex::encode(h.finalize())
}

/// The `prev` of the first record, derived from the session file's SHA-256 (hex).
pub fn genesis_prev(session_sha256: &str) -> String {
    let mut h = Sha256::new();
    h.update(GENESIS_TAG);
    h.update(session_sha256.as_bytes());
    hex::encode(h.finalize())
}

/// The JSON body of one record, fields in this fixed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordBody {
    pub v: u32,
    pub session: String,
    pub seq: u64,
    pub prev: String,
    pub time: String,
    pub operator: String,
    pub event: Event,
}

/// One complete line of a log file, as read.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's first byte.
    pub offset: u64,
    /// The parsed record, or why the line cannot be read.
    pub record: Result<Record, String>,
}

#[derive(Debug, Clone)]
pub struct Record {
    /// The hash written on the line.
    pub stated_hash: String,
    /// The hash computed over the body bytes.
    pub computed_hash: String,
    pub body: RecordBody,
}

/// Bytes after the last newline: an append that never completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TornTail {
    pub offset: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// A log split into lines.
#[derive(Debug, Clone)]
pub struct Scan {
    pub lines: Vec<Line>,
    pub torn_tail: Option<TornTail>,
    /// Byte length of the complete lines (where a repair truncates to).
    pub complete_len: u64,
}

/// Split a log's bytes into records; never fails, every defect is kept for the checks.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut lines = Vec::new();
    let mut offset = 0usize;
    let mut number = 0;
    while let Some(pos) = bytes[offset..].iter().position(|&b| b == b'\n') {
        number += 1;
        let raw = &bytes[offset..offset + pos];
        lines.push(Line {
            number,
            offset: offset as u64,
            record: parse_line(raw),
        });
        offset += pos + 1;
    }
    let torn_tail = (offset < bytes.len()).then(|| TornTail {
        offset: offset as u64,
        bytes: (bytes.len() - offset) as u64,
        sha256: sha256_hex(&bytes[offset..]),
    });
    Scan {
        lines,
        torn_tail,
        complete_len: offset as u64,
    }
}

fn parse_line(raw: &[u8]) -> Result<Record, String> {
    if raw.len() < 66 || raw[64] != b' ' {
        return Err("not `<64 hex digits> <JSON body>`".into());
    }
    let (hash, body) = (&raw[..64], &raw[65..]);
    if !hash
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
    {
        return Err("the hash is not 64 lowercase hex digits".into());
    }
    let body_parsed: RecordBody =
        serde_json::from_slice(body).map_err(|e| format!("the body is not a valid record: {e}"))?;
    Ok(Record {
        stated_hash: String::from_utf8_lossy(hash).into_owned(),
        computed_hash: entry_hash(body),
        body: body_parsed,
    })
}

/// Errors of the log writer. Any of them leaves the writer failed: nothing more is written.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error(
        "log {path} already exists; to continue that session run it again with the same --log, or choose another path"
    )]
    Exists { path: PathBuf },
    #[error(
        "log {path} is in use by another votedesk console; only one console may record a session"
    )]
    Locked { path: PathBuf },
    #[error("cannot open log {path}: {source}")]
    Open { path: PathBuf, source: io::Error },
    #[error(
        "writing the log failed: {0}. The last action is NOT recorded; input is stopped. Free disk space or fix the device, then start votedesk again to resume"
    )]
    Write(io::Error),
    #[error(
        "the log writer stopped after an earlier failure ({0}); nothing more can be recorded. Start votedesk again to resume"
    )]
    Failed(String),
}

/// Where records go: a file in use, or a test double that fails on demand.
pub trait Storage: Send {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    fn sync(&mut self) -> io::Result<()>;
}

impl Storage for File {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
}

/// The one writer of a log: appends one complete line per record, then syncs.
pub struct Writer {
    storage: Box<dyn Storage>,
    session: String,
    operator: String,
    next_seq: u64,
    head: String,
    failed: Option<String>,
}

impl Writer {
    pub fn new(
        storage: Box<dyn Storage>,
        session: &str,
        operator: &str,
        next_seq: u64,
        head: String,
    ) -> Writer {
        Writer {
            storage,
            session: session.to_string(),
            operator: operator.to_string(),
            next_seq,
            head,
            failed: None,
        }
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }
    pub fn head(&self) -> &str {
        &self.head
    }
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// The line that records `event` at `time`.
    pub fn encode(&self, event: &Event, time: &str) -> (String, Vec<u8>) {
        let body = RecordBody {
            v: FORMAT_VERSION,
            session: self.session.clone(),
            seq: self.next_seq,
            prev: self.head.clone(),
            time: time.to_string(),
            operator: self.operator.clone(),
            event: event.clone(),
        };
        // Serializing these plain structs cannot fail; fall back to an empty body just in case
        // so the hash still covers exactly the bytes written.
        let json = serde_json::to_vec(&body).unwrap_or_default();
        let hash = entry_hash(&json);
        let mut line = Vec::with_capacity(json.len() + 66);
        line.extend_from_slice(hash.as_bytes());
        line.push(b' ');
        line.extend_from_slice(&json);
        line.push(b'\n');
        (hash, line)
    }

    /// Append records in one write and one sync. Returns only once they are durable.
    pub fn append(&mut self, events: &[Event]) -> Result<(), LogError> {
        if let Some(f) = &self.failed {
            return Err(LogError::Failed(f.clone()));
        }
        let mut buf = Vec::new();
        let (seq, head) = (self.next_seq, self.head.clone());
        // One clock reading per write: the records of a batch are written at one moment.
        let time = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        for e in events {
            let (hash, line) = self.encode(e, &time);
            buf.extend_from_slice(&line);
            self.head = hash;
            self.next_seq += 1;
        }
        let result = self.storage.append(&buf).and_then(|_| self.storage.sync());
        if let Err(e) = result {
            self.failed = Some(e.to_string());
            self.next_seq = seq;
            self.head = head;
            return Err(LogError::Write(e));
        }
        Ok(())
    }
}

/// Create a new log file (create-new), lock it, and sync it and its folder.
pub fn create_file(path: &Path) -> Result<File, LogError> {
    let file = OpenOptions::new()
        .append(true)
        .create_new(true)
        .open(path)
        .map_err(|source| match source.kind() {
            io::ErrorKind::AlreadyExists => LogError::Exists {
                path: path.to_path_buf(),
            },
            _ => LogError::Open {
                path: path.to_path_buf(),
                source,
            },
        })?;
    lock(&file, path)?;
    file.sync_all().map_err(LogError::Write)?;
    sync_dir(path).map_err(LogError::Write)?;
    Ok(file)
}

/// Open an existing log for appending, holding the exclusive lock.
pub fn open_file(path: &Path) -> Result<File, LogError> {
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(path)
        .map_err(|source| LogError::Open {
            path: path.to_path_buf(),
            source,
        })?;
    lock(&file, path)?;
    Ok(file)
}

fn lock(file: &File, path: &Path) -> Result<(), LogError> {
    file.try_lock().map_err(|e| match e {
        std::fs::TryLockError::WouldBlock => LogError::Locked {
            path: path.to_path_buf(),
        },
        std::fs::TryLockError::Error(source) => LogError::Open {
            path: path.to_path_buf(),
            source,
        },
    })
}

/// Sync the folder holding `path`, so a new or truncated file's entry is durable.
pub fn sync_dir(path: &Path) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_splits_lines_and_keeps_torn_tail() {
        let s = scan(b"abc\ndef\nxy");
        assert_eq!(s.lines.len(), 2);
        assert_eq!(s.lines[1].offset, 4);
        assert!(s.lines[0].record.is_err());
        let t = s.torn_tail.expect("torn tail");
        assert_eq!((t.offset, t.bytes), (8, 2));
        assert_eq!(s.complete_len, 8);
    }

    #[test]
    fn tags_separate_hash_kinds() {
        let body = b"{}";
        assert_ne!(entry_hash(body), sha256_hex(body));
        assert_eq!(entry_hash(body).len(), 64);
    }
}
