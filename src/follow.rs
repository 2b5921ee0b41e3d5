//! Following a log as it grows, for the read-only projector.
//!
//! Feeds only the lines appended since the last poll to the streaming checker, keeps a
//! partial last line until it is complete, and starts over only if the file shrinks or the
//! last line it read changed (the console set aside an unacknowledged end on resume). An
//! update costs what was appended, not what the log already holds: the view reads the
//! checker's state in place.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::engine::State;
use crate::log::{LineReader, ScanError};
use crate::verify::{self, Checker, Finding};

pub struct Follower {
    pub path: PathBuf,
    checker: Checker,
    /// Bytes of complete lines fed to the checker.
    consumed: u64,
    /// Where the last fed line starts, and its bytes: if they change, start over.
    last_line: (u64, Vec<u8>),
    lines: usize,
    /// Lines of a batch whose records have not all arrived: fed only once the batch is
    /// whole, so the hall never counts what was never acknowledged.
    held: Vec<crate::log::Line>,
    /// Records the held batch still awaits.
    held_left: u32,
    /// Lines that ended in CR LF (the file went through a line-ending conversion).
    crlf: u64,
    /// The log was read at least once.
    loaded: bool,
    /// Why the log cannot be read right now (missing, unreadable): the kind, for words in
    /// the screen's language, and the system's message.
    pub problem: Option<(io::ErrorKind, String)>,
}

impl Follower {
    pub fn new(path: &Path) -> Follower {
        Follower {
            path: path.to_path_buf(),
            checker: Checker::new(verify::Options::default()),
            consumed: 0,
            last_line: (0, Vec::new()),
            lines: 0,
            held: Vec::new(),
            held_left: 0,
            crlf: 0,
            loaded: false,
            problem: None,
        }
    }

    /// Read what was appended; returns whether anything visible changed.
    pub fn poll(&mut self) -> bool {
        match self.read_new() {
            Ok(changed) => {
                let had_problem = self.problem.take().is_some();
                changed || had_problem
            }
            Err(e) => {
                let now = Some((e.kind(), e.to_string()));
                let changed = self.problem != now;
                self.problem = now;
                changed
            }
        }
    }

    /// The log was read at least once (it may still be empty).
    pub fn loaded(&self) -> bool {
        self.loaded
    }

    /// Records checked so far.
    pub fn records(&self) -> u64 {
        self.checker.records()
    }

    /// The session state replayed so far.
    pub fn state(&self) -> Option<&State> {
        self.checker.state()
    }

    /// The first defect found, if any: the hall then shows a warning, not results.
    pub fn first_finding(&self) -> Option<&Finding> {
        self.checker.findings().first()
    }

    /// The item the hall should see: the last one opened, closed or declared.
    pub fn focus(&self) -> Option<&str> {
        self.checker.focus()
    }

    /// Record number and hash of each declaration.
    pub fn declared_at(&self) -> &HashMap<String, (u64, String)> {
        self.checker.declared_at()
    }

    /// The full report of what was read (as `verify` gives it for these lines).
    pub fn report(&self) -> verify::Report {
        self.checker.report(None)
    }

    /// A batch at the end whose records have not all arrived: (records present, announced).
    /// Not counted: a batch is acknowledged whole or not at all.
    pub fn unfinished_batch(&self) -> Option<(u32, u32)> {
        (!self.held.is_empty()).then(|| {
            let present = self.held.len() as u32 - 1;
            (present, present + self.held_left)
        })
    }

    /// Lines read that end in CR LF: the log was converted (verify says the same).
    pub fn crlf_lines(&self) -> u64 {
        self.crlf
    }

    fn start_over(&mut self) {
        self.checker = Checker::new(verify::Options::default());
        self.consumed = 0;
        self.last_line = (0, Vec::new());
        self.lines = 0;
        self.held.clear();
        self.held_left = 0;
        self.crlf = 0;
    }

    /// Feed a line to the checker, or hold it while its batch is incomplete.
    fn take(&mut self, line: crate::log::Line) {
        self.crlf += u64::from(line.crlf);
        let announces = match &line.record {
            Ok(r) => match r.body.event {
                crate::event::Event::Batch { records } => Some(records),
                _ => None,
            },
            Err(_) => None,
        };
        if self.held.is_empty() {
            match announces {
                Some(n) if n > 0 => {
                    self.held.push(line);
                    self.held_left = n;
                }
                _ => self.checker.feed(&line),
            }
            return;
        }
        self.held.push(line);
        self.held_left = self.held_left.saturating_sub(1);
        if self.held_left == 0 {
            for l in std::mem::take(&mut self.held) {
                self.checker.feed(&l);
            }
        }
    }

    fn read_new(&mut self) -> io::Result<bool> {
        let mut file = File::open(&self.path)?;
        let len = file.metadata()?.len();
        let mut started_over = false;
        if len < self.consumed {
            self.start_over();
            started_over = true;
        } else if !self.last_line.1.is_empty() {
            let mut held = vec![0; self.last_line.1.len()];
            file.seek(SeekFrom::Start(self.last_line.0))?;
            file.read_exact(&mut held)?;
            if held != self.last_line.1 {
                self.start_over();
                started_over = true;
            }
        }
        file.seek(SeekFrom::Start(self.consumed))?;
        let mut reader =
            LineReader::starting_at((&file).take(len - self.consumed), self.consumed, self.lines);
        let mut last_offset = None;
        while let Some(line) = reader.next_line().map_err(|e| match e {
            ScanError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        })? {
            self.lines = line.number;
            last_offset = Some(line.offset);
            self.take(line);
        }
        let complete = reader.complete_len();
        let first = !self.loaded;
        self.loaded = true;
        if last_offset.is_none() && !started_over && !first {
            return Ok(false);
        }
        if let Some(offset) = last_offset {
            let mut bytes = vec![0; (complete - offset) as usize];
            file.seek(SeekFrom::Start(offset))?;
            file.read_exact(&mut bytes)?;
            self.last_line = (offset, bytes);
        }
        self.consumed = complete;
        Ok(true)
    }
}
