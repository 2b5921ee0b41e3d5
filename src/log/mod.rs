//! The audit log file: line framing, hashing and reading; `writer` is the durable single
//! writer (and its file layer).
//!
//! One record per line: `<64 hex SHA-256> <JSON body>\n`. The hash is over the exact
//! stored body bytes with a domain-separation tag; the body carries the previous record's
//! hash. See `docs/log-format.md`, which is the normative description of this module.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::event::Event;
use crate::lang::quote;
use crate::limits;

/// Version of the record body format.
pub const FORMAT_VERSION: u32 = 1;
/// Tag prepended to a body before hashing it (entry hash).
pub const ENTRY_TAG: &[u8] = b"votedesk/v1/entry\n";
/// Tag prepended to the session file's hex digest to derive the first record's `prev`.
pub const GENESIS_TAG: &[u8] = b"votedesk/v1/genesis\n";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex32(&Sha256::digest(bytes).into())
}

/// Lowercase hex of a digest, by table: `hex::encode` goes through a char iterator and
/// was a tenth of `verify`'s time.
fn hex32(digest: &[u8; 32]) -> String {
    Hash::of_digest(digest).to_string()
}

/// A record hash as 64 lowercase hex digits, held inline: reading a log makes two per
/// record, and a heap string each was a noticeable part of `verify`'s time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Hash([u8; 64]);

impl Hash {
    fn of_digest(digest: &[u8; 32]) -> Hash {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in digest.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        Hash(out)
    }

    /// 64 lowercase hex digits, or None.
    pub fn parse(hex: &[u8]) -> Option<Hash> {
        let bytes: [u8; 64] = hex.try_into().ok()?;
        bytes
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .then_some(Hash(bytes))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// Compare with text, e.g. a record's `prev` field, without decoding it.
    pub fn is(&self, text: &str) -> bool {
        self.0.as_slice() == text.as_bytes()
    }
}

impl std::fmt::Display for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Hash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The record hash of a body (see `entry_hash`), held inline.
pub fn entry_hash_inline(body: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(ENTRY_TAG);
    h.update(body);
    Hash::of_digest(&h.finalize().into())
}

/// The hash of a record: SHA-256 over the entry tag and the exact body bytes.
pub fn entry_hash(body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(ENTRY_TAG);
    h.update(body);
    hex32(&h.finalize().into())
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
    #[serde(serialize_with = "write_str", deserialize_with = "interned")]
    pub session: Arc<str>,
    pub seq: u64,
    pub prev: String,
    pub time: String,
    #[serde(serialize_with = "write_str", deserialize_with = "interned")]
    pub operator: Arc<str>,
    pub event: Event,
}

fn write_str<S: serde::Serializer>(s: &Arc<str>, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(s)
}

/// The session id and the operator repeat on every record: reading a log shares one copy
/// of each recent value per thread instead of allocating it a million times.
fn interned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
    struct Text;
    impl serde::de::Visitor<'_> for Text {
        type Value = Arc<str>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Arc<str>, E> {
            Ok(intern(v))
        }
    }
    d.deserialize_str(Text)
}

fn intern(s: &str) -> Arc<str> {
    thread_local! {
        static RECENT: std::cell::RefCell<Vec<Arc<str>>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some(a) = recent.iter().find(|a| ***a == *s) {
            return Arc::clone(a);
        }
        let a: Arc<str> = Arc::from(s);
        if recent.len() >= 8 {
            recent.remove(0);
        }
        recent.push(Arc::clone(&a));
        a
    })
}

/// One complete line of a log file, as read.
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number.
    pub number: usize,
    /// Byte offset of the line's first byte.
    pub offset: u64,
    /// The line ended in CR LF: the file went through a line-ending conversion.
    pub crlf: bool,
    /// The parsed record, or why the line cannot be read.
    pub record: Result<Record, String>,
}

#[derive(Debug, Clone)]
pub struct Record {
    /// The hash written on the line.
    pub stated_hash: Hash,
    /// The hash computed over the body bytes.
    pub computed_hash: Hash,
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

/// Why a file could not be scanned as a log at all.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error(
        "line {line} is longer than {} MiB: this is not a votedesk log (or it is badly damaged)",
        limits::LOG_LINE_BYTES >> 20
    )]
    LineTooLong { line: usize },
    #[error("the file is larger than {} MiB: this is not a votedesk log", limits::LOG_BYTES >> 20)]
    TooLarge,
    #[error(
        "more than {} lines cannot be read as records (the last at line {line}): this is not a votedesk log",
        limits::LOG_UNREADABLE_LINES
    )]
    NotALog { line: usize },
}

/// Split a log's bytes into records; never fails, every defect is kept for the checks.
pub fn scan(bytes: &[u8]) -> Scan {
    let mut lines = Vec::new();
    let mut offset = 0usize;
    while let Some(pos) = memchr::memchr(b'\n', &bytes[offset..]) {
        lines.push(line_at(
            lines.len() + 1,
            offset as u64,
            &bytes[offset..offset + pos],
        ));
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

/// Reads a log one complete line at a time within the limits of `crate::limits`: an
/// endless or enormous input is refused early instead of filling memory. What follows the
/// last newline is the torn tail, known once `next_line` returns `None`.
pub struct LineReader<R: Read> {
    reader: BufReader<R>,
    buf: Vec<u8>,
    number: usize,
    offset: u64,
    unreadable: usize,
    torn_tail: Option<TornTail>,
}

impl<R: Read> LineReader<R> {
    pub fn new(reader: R) -> Self {
        Self::starting_at(reader, 0, 0)
    }

    /// Continue a log from byte `offset`, where line `lines + 1` starts.
    pub fn starting_at(reader: R, offset: u64, lines: usize) -> Self {
        LineReader {
            reader: BufReader::with_capacity(1 << 16, reader),
            buf: Vec::new(),
            number: lines,
            offset,
            unreadable: 0,
            torn_tail: None,
        }
    }

    /// The next complete line, or `None` at the end of the input.
    pub fn next_line(&mut self) -> Result<Option<Line>, ScanError> {
        let Some((number, offset)) = self.next_raw()? else {
            return Ok(None);
        };
        let line = line_at(number, offset, self.raw());
        if line.record.is_err() {
            self.unreadable += 1;
            if self.unreadable > limits::LOG_UNREADABLE_LINES {
                return Err(ScanError::NotALog { line: line.number });
            }
        }
        Ok(Some(line))
    }

    /// Read the next complete line without parsing it: its number and offset; its bytes
    /// (without the LF) are `raw()` until the next call.
    pub fn next_raw(&mut self) -> Result<Option<(usize, u64)>, ScanError> {
        self.buf.clear();
        let complete = read_line_capped(&mut self.reader, &mut self.buf, limits::LOG_LINE_BYTES)
            .map_err(|e| match e {
                LineError::Io(e) => ScanError::Io(e),
                LineError::TooLong => ScanError::LineTooLong {
                    line: self.number + 1,
                },
            })?;
        if !complete {
            self.torn_tail = (!self.buf.is_empty()).then(|| TornTail {
                offset: self.offset,
                bytes: self.buf.len() as u64,
                sha256: sha256_hex(&self.buf),
            });
            return Ok(None);
        }
        self.number += 1;
        let at = (self.number, self.offset);
        self.offset += self.buf.len() as u64;
        if self.offset > limits::LOG_BYTES {
            return Err(ScanError::TooLarge);
        }
        Ok(Some(at))
    }

    /// The bytes of the line `next_raw` returned last, without its LF.
    pub fn raw(&self) -> &[u8] {
        self.buf.strip_suffix(b"\n").unwrap_or(&self.buf)
    }

    /// Bytes after the last complete line, once the end was reached.
    pub fn torn_tail(&self) -> Option<&TornTail> {
        self.torn_tail.as_ref()
    }

    /// Byte length of the complete lines read so far.
    pub fn complete_len(&self) -> u64 {
        self.offset
    }
}

/// Scan a whole log from a reader into memory (see `LineReader` for the limits).
pub fn scan_reader(reader: impl Read) -> Result<Scan, ScanError> {
    let mut lines = LineReader::new(reader);
    let mut out = Vec::new();
    while let Some(line) = lines.next_line()? {
        out.push(line);
    }
    Ok(Scan {
        lines: out,
        torn_tail: lines.torn_tail.take(),
        complete_len: lines.offset,
    })
}

/// Scan the log file at `path` (see `scan_reader`).
pub fn scan_file(path: &Path) -> Result<Scan, ScanError> {
    scan_reader(File::open(path)?)
}

enum LineError {
    Io(io::Error),
    TooLong,
}

/// Read up to and including the next LF into `buf`; false at the end of input (what was
/// read then is a torn tail). Refuses a line longer than `cap`.
fn read_line_capped(r: &mut impl BufRead, buf: &mut Vec<u8>, cap: u64) -> Result<bool, LineError> {
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(LineError::Io(e)),
        };
        if chunk.is_empty() {
            return Ok(false);
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(p) => (p + 1, true),
            None => (chunk.len(), false),
        };
        if (buf.len() + take) as u64 > cap + 1 {
            return Err(LineError::TooLong);
        }
        buf.extend_from_slice(&chunk[..take]);
        r.consume(take);
        if done {
            return Ok(true);
        }
    }
}

/// Parse one line (without its LF) found at `offset` as line `number`.
pub fn line_at(number: usize, offset: u64, raw: &[u8]) -> Line {
    let (raw, crlf) = match raw.strip_suffix(b"\r") {
        Some(r) => (r, true),
        None => (raw, false),
    };
    Line {
        number,
        offset,
        crlf,
        record: parse_line(raw),
    }
}

fn parse_line(raw: &[u8]) -> Result<Record, String> {
    if raw.len() < 66 || raw[64] != b' ' {
        return Err("not `<64 hex digits> <JSON body>`".into());
    }
    let (hash, body) = (&raw[..64], &raw[65..]);
    let Some(stated_hash) = Hash::parse(hash) else {
        return Err("the hash is not 64 lowercase hex digits".into());
    };
    // Text checked once as a whole: the parser then need not check each string again.
    let parsed = match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    };
    let body_parsed: RecordBody = parsed.map_err(|e| explain_body(body, &e))?;
    Ok(Record {
        stated_hash,
        computed_hash: entry_hash_inline(body),
        body: body_parsed,
    })
}

/// Every event type a record may carry, as written in the log.
pub const EVENT_TYPES: [&str; 20] = [
    "session_bound",
    "checked_in",
    "marked_on_leave",
    "marked_absent",
    "round_opened",
    "item_opened",
    "ballot_recorded",
    "ballot_voided",
    "ballots_imported",
    "item_closed",
    "result_declared",
    "session_resumed",
    "tail_repaired",
    "session_closed",
    "batch",
    "box_imported",
    "boxes_sealed",
    "boxes_reconciled",
    "station_bound",
    "station_closed",
];

const BODY_FIELDS: [&str; 7] = ["v", "session", "seq", "prev", "time", "operator", "event"];

/// Why a body is not a record, in the terms of `docs/log-format.md` rather than the
/// JSON parser's: which field is missing, unknown or malformed.
fn explain_body(body: &[u8], err: &serde_json::Error) -> String {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        // The column counts from the line's start: 64 hex digits and a space come first.
        Err(e) => {
            return format!(
                "the body is not valid JSON (the first error is at column {} of the line)",
                e.column() + 65
            );
        }
    };
    let Some(obj) = value.as_object() else {
        return "the body is not a JSON object".into();
    };
    for f in BODY_FIELDS {
        if !obj.contains_key(f) {
            return format!("the body has no `{f}` field");
        }
    }
    if let Some(k) = obj.keys().find(|k| !BODY_FIELDS.contains(&k.as_str())) {
        return format!("the body has a field {} that records do not have", quote(k));
    }
    let event_type = obj
        .get("event")
        .and_then(|e| e.as_object())
        .and_then(|e| e.get("type"))
        .and_then(|t| t.as_str());
    let Some(kind) = event_type else {
        return "the `event` field is not an object with a `type`".into();
    };
    if !EVENT_TYPES.contains(&kind) {
        return format!("unknown event type {}", quote(kind));
    }
    // serde names the field in backquotes; the rest of its wording stays out.
    let msg = err.to_string();
    let field = msg.split('`').nth(1).filter(|f| f.len() <= 40);
    match (
        msg.starts_with("missing field"),
        msg.starts_with("unknown field"),
        field,
    ) {
        (true, _, Some(f)) => format!("the {kind} event has no `{f}` field"),
        (_, true, Some(f)) => format!("the {kind} event has a field {} it does not take", quote(f)),
        _ => format!(
            "a field of the {kind} event, or of the record, has the wrong type or an out-of-range value"
        ),
    }
}

mod writer;
pub use writer::{Drift, LogError, LogFile, Storage, Writer, sync_dir};

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
