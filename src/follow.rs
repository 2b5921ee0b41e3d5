//! Following a log as it grows, for the read-only projector.
//!
//! Reads only the bytes appended since the last poll, keeps a partial last line until it is
//! complete, starts over if the file shrinks (the console repaired a torn tail on resume),
//! and rebuilds the state with the same checks and replay as `verify`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::engine::Event;
use crate::log;
use crate::recorder;
use crate::verify::{self, Report};

pub struct Follower {
    pub path: PathBuf,
    /// The complete lines read so far.
    bytes: Vec<u8>,
    /// The checks and state of the complete lines read so far.
    pub report: Option<Report>,
    /// The item the hall should see: the last one opened, closed or declared.
    pub focus: Option<String>,
    /// Record number and hash of each declaration.
    pub declared_at: HashMap<String, (u64, String)>,
    /// Why the log cannot be read right now (missing, unreadable).
    pub problem: Option<String>,
}

impl Follower {
    pub fn new(path: &Path) -> Follower {
        Follower {
            path: path.to_path_buf(),
            bytes: Vec::new(),
            report: None,
            focus: None,
            declared_at: HashMap::new(),
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
                let msg = e.to_string();
                let changed = self.problem.as_deref() != Some(msg.as_str());
                self.problem = Some(msg);
                changed
            }
        }
    }

    fn read_new(&mut self) -> io::Result<bool> {
        let mut file = File::open(&self.path)?;
        let len = file.metadata()?.len() as usize;
        // The console's repair on resume only removes an unacknowledged end (a torn tail or an
        // unfinished batch) and then appends new records, so the lines we hold are still there
        // unless the last one we hold changed.
        let last_start = self.bytes[..self.bytes.len().saturating_sub(1)]
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0);
        let mut start_over = len < self.bytes.len();
        if !start_over && self.bytes.len() > last_start {
            let mut tail = vec![0; self.bytes.len() - last_start];
            file.seek(SeekFrom::Start(last_start as u64))?;
            file.read_exact(&mut tail)?;
            start_over = tail != self.bytes[last_start..];
        }
        if start_over {
            self.bytes.clear();
        }
        file.seek(SeekFrom::Start(self.bytes.len() as u64))?;
        let mut chunk = Vec::new();
        file.take((len - self.bytes.len()) as u64)
            .read_to_end(&mut chunk)?;
        // Keep only complete lines; a partial last line is read again next time.
        let complete = chunk
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|p| p + 1)
            .unwrap_or(0);
        if complete == 0 && !start_over && self.report.is_some() {
            return Ok(false);
        }
        self.bytes.extend_from_slice(&chunk[..complete]);
        let scan = log::scan(&self.bytes);
        self.focus = scan.lines.iter().rev().find_map(|l| match &l.record {
            Ok(r) => match &r.body.event {
                Event::ItemOpened { item, .. }
                | Event::ItemClosed { item }
                | Event::ResultDeclared { item, .. } => Some(item.clone()),
                _ => None,
            },
            Err(_) => None,
        });
        self.declared_at = recorder::declarations(&scan);
        self.report = Some(verify::check(&scan, &verify::Options::default()));
        Ok(true)
    }
}
