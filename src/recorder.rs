//! The recorder: a session's state joined to its log writer.
//!
//! Every action goes prepare → append + sync → apply, so the state (and any screen drawn
//! from it) only ever shows what is on disk. Opening an existing log runs `verify::check`
//! and the recovery rules of `docs/log-format.md`.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::{Action, Event, Refusal, State};
use crate::log::{self, LogError, Writer};
use crate::session::Loaded;
use crate::verify::{self, Options};

/// How the log was opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Created,
    Resumed {
        repair: Option<Repair>,
    },
    /// The session is closed: nothing more can be recorded.
    ReadOnly,
}

/// What a reopen removed from the end of the log, and where it was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub bytes: u64,
    pub sha256: String,
    pub unreadable_line: bool,
    pub side_file: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("cannot read log {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "log {path} belongs to another session file: {detail}. Use the session file this log was started with, or another --log"
    )]
    OtherSession { path: PathBuf, detail: String },
    #[error(
        "log {path} is damaged and will not be resumed (it may have been tampered with):\n{detail}\nRun `votedesk verify {path}` for the full report; docs/auditing.md says what to do next"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("could not keep the damaged tail of {path} aside: {source}; nothing was changed")]
    Repair {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("{0}")]
    Log(#[from] LogError),
    #[error("the session is closed; the log is read-only")]
    ReadOnly,
}

pub struct Recorder {
    pub state: State,
    pub operator: String,
    /// Record number and hash of each declaration, for the result screens.
    pub declared_at: HashMap<String, (u64, String)>,
    pub path: PathBuf,
    pub opened: Opened,
    writer: Option<Writer>,
}

impl Recorder {
    /// Create the log for a session, or resume it if it exists.
    pub fn start(loaded: &Loaded, path: &Path, operator: &str) -> Result<Recorder, StartError> {
        if path.exists() {
            return Self::resume(Some(loaded), path, operator);
        }
        let file = log::create_file(path)?;
        let mut state = State::new(Arc::new(loaded.session.clone()));
        let binding = state.binding(&loaded.sources);
        let genesis = log::genesis_prev(&binding.session_sha256);
        let mut writer = Writer::new(Box::new(file), &loaded.session.id, operator, 0, genesis);
        // The binding, then the leave known before the session, in one write and one sync.
        let mut events = vec![Event::SessionBound(binding)];
        events.extend(
            loaded
                .session
                .roster
                .iter()
                .filter(|d| d.on_leave)
                .map(|d| Event::MarkedOnLeave { seat: d.seat }),
        );
        let mut scratch = state.clone();
        for e in &events {
            scratch.apply(e).map_err(|r| StartError::OtherSession {
                path: path.to_path_buf(),
                detail: r.to_string(),
            })?;
        }
        writer.append(&events)?;
        state = scratch;
        Ok(Recorder {
            state,
            operator: operator.to_string(),
            declared_at: HashMap::new(),
            path: path.to_path_buf(),
            opened: Opened::Created,
            writer: Some(writer),
        })
    }

    /// Reopen an existing log: verify, repair a torn tail, and resume (or open read-only).
    pub fn resume(
        loaded: Option<&Loaded>,
        path: &Path,
        operator: &str,
    ) -> Result<Recorder, StartError> {
        let file = log::open_file(path)?;
        let bytes = std::fs::read(path).map_err(|source| StartError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let opts = Options {
            session: loaded.cloned(),
            ..Options::default()
        };
        let mut scan = log::scan(&bytes);
        let mut cut: Option<(u64, bool)> = scan.torn_tail.as_ref().map(|t| (t.offset, false));
        let mut report = verify::check(&scan, &opts);
        // An unreadable last complete line is an unacknowledged append too: set it aside.
        let last = scan.lines.last().map(|l| (l.number, l.offset));
        if let Some((number, offset)) = last
            && !report.findings.is_empty()
            && report
                .findings
                .iter()
                .all(|f| f.line == number && f.check == 1)
            && scan.lines.len() > 1
        {
            cut = Some((offset, true));
            scan = log::scan(&bytes[..offset as usize]);
            report = verify::check(&scan, &opts);
        }
        if let Some(f) = report.findings.iter().find(|f| f.check == 4) {
            return Err(StartError::OtherSession {
                path: path.to_path_buf(),
                detail: format!(
                    "{}{}",
                    f.problem,
                    f.expected
                        .as_ref()
                        .map(|e| format!(" (log binds {e})"))
                        .unwrap_or_default()
                ),
            });
        }
        if !report.findings.is_empty() || report.state.is_none() {
            let detail = report
                .findings
                .iter()
                .take(5)
                .map(|f| {
                    format!(
                        "  line {} (seq {}): {}",
                        f.line,
                        f.seq.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
                        f.problem
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            return Err(StartError::Damaged {
                path: path.to_path_buf(),
                detail: if detail.is_empty() {
                    "  the log has no readable binding record".into()
                } else {
                    detail
                },
            });
        }
        let Some(mut state) = report.state else {
            return Err(StartError::Damaged {
                path: path.to_path_buf(),
                detail: "  the log has no readable binding record".into(),
            });
        };
        let declared_at = declarations(&scan);
        if state.closed {
            return Ok(Recorder {
                state,
                operator: operator.to_string(),
                declared_at,
                path: path.to_path_buf(),
                opened: Opened::ReadOnly,
                writer: None,
            });
        }
        let mut repair = None;
        if let Some((offset, unreadable_line)) = cut {
            repair = Some(set_aside(path, &file, &bytes, offset, unreadable_line)?);
        }
        let head = report.head.clone().unwrap_or_default();
        let mut writer = Writer::new(
            Box::new(file),
            &state.session.id,
            operator,
            report.records,
            head,
        );
        let mut events = Vec::new();
        if let Some(r) = &repair {
            events.push(Event::TailRepaired {
                bytes: r.bytes,
                sha256: r.sha256.clone(),
                unreadable_line: r.unreadable_line,
                side_file: r
                    .side_file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            });
        }
        events.push(Event::SessionResumed {});
        writer.append(&events)?;
        for e in &events {
            let _ = state.apply(e);
        }
        Ok(Recorder {
            state,
            operator: operator.to_string(),
            declared_at,
            path: path.to_path_buf(),
            opened: Opened::Resumed { repair },
            writer: Some(writer),
        })
    }

    /// Test hook: keep recording to another storage (e.g. one that fails on demand).
    pub fn with_storage(&mut self, storage: Box<dyn log::Storage>) {
        if let Some(w) = &self.writer {
            let next = Writer::new(
                storage,
                &self.state.session.id,
                &self.operator,
                w.next_seq(),
                w.head().to_string(),
            );
            self.writer = Some(next);
        }
    }

    /// Prepare, append and sync, then apply. On any error the state is unchanged.
    pub fn record(&mut self, action: Action) -> Result<Event, RecordError> {
        let writer = self.writer.as_mut().ok_or(RecordError::ReadOnly)?;
        if let Some(f) = writer.failed() {
            return Err(LogError::Failed(f.to_string()).into());
        }
        let event = self.state.prepare(action)?;
        writer.append(std::slice::from_ref(&event))?;
        self.state.apply(&event)?;
        if let Event::ResultDeclared { item, .. } = &event {
            let at = (self.state.records - 1, writer.head().to_string());
            self.declared_at.insert(item.clone(), at);
        }
        Ok(event)
    }

    /// Record several actions in one write and one sync; if any is refused nothing is written.
    pub fn record_batch(&mut self, actions: Vec<Action>) -> Result<usize, RecordError> {
        let writer = self.writer.as_mut().ok_or(RecordError::ReadOnly)?;
        let mut scratch = self.state.clone();
        let mut events = Vec::with_capacity(actions.len());
        for a in actions {
            let e = scratch.prepare(a)?;
            scratch.apply(&e)?;
            events.push(e);
        }
        writer.append(&events)?;
        self.state = scratch;
        Ok(events.len())
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }
    pub fn head(&self) -> Option<&str> {
        self.writer.as_ref().map(|w| w.head())
    }
    pub fn failed(&self) -> Option<&str> {
        self.writer.as_ref().and_then(|w| w.failed())
    }
    pub fn read_only(&self) -> bool {
        self.writer.is_none()
    }
}

/// Where each declaration stands in the log: its sequence number and hash.
pub fn declarations(scan: &log::Scan) -> HashMap<String, (u64, String)> {
    scan.lines
        .iter()
        .filter_map(|l| l.record.as_ref().ok())
        .filter_map(|r| match &r.body.event {
            Event::ResultDeclared { item, .. } => {
                Some((item.clone(), (r.body.seq, r.stated_hash.clone())))
            }
            _ => None,
        })
        .collect()
}

/// Copy the bytes after `offset` to a side file, truncate the log there, and sync both.
fn set_aside(
    path: &Path,
    file: &File,
    bytes: &[u8],
    offset: u64,
    unreadable_line: bool,
) -> Result<Repair, StartError> {
    let removed = &bytes[offset as usize..];
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    let mut side = path.as_os_str().to_owned();
    side.push(format!(".residue-{stamp}"));
    let side = PathBuf::from(side);
    let err = |source| StartError::Repair {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&side, removed).map_err(err)?;
    File::open(&side).and_then(|f| f.sync_all()).map_err(err)?;
    file.set_len(offset).map_err(err)?;
    file.sync_all().map_err(err)?;
    log::sync_dir(path).map_err(err)?;
    Ok(Repair {
        bytes: removed.len() as u64,
        sha256: log::sha256_hex(removed),
        unreadable_line,
        side_file: side,
    })
}
