//! The recorder: a session's state joined to its log writer.
//!
//! Every action goes prepare → append + sync → apply, so the state (and any screen drawn
//! from it) only ever shows what is on disk. Opening an existing log runs `verify::check`
//! and the recovery rules of `docs/log-format.md`; creating one publishes it atomically.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::{Action, Event, Refusal, State};
use crate::log::{self, LogError, Writer};
use crate::session::Loaded;
use crate::verify::Options;

mod error;
mod pair;
mod station;
use pair::Examined;
pub use pair::{MirrorHow, MirrorOpened};

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

/// The first line of a log (at most `cap` bytes), for naming a damaged byte.
fn read_first_line(mut f: &std::fs::File, cap: u64) -> Vec<u8> {
    use std::io::BufRead;
    let mut out = Vec::new();
    if f.seek(SeekFrom::Start(0)).is_ok() {
        let _ = std::io::BufReader::new(f.take(cap)).read_until(b'\n', &mut out);
    }
    out
}

/// What a reopen removed from the end of the log, and where it was kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub bytes: u64,
    pub sha256: String,
    /// Complete records of an unfinished batch among the bytes removed.
    pub batch_records: u64,
    pub side_file: PathBuf,
}

/// The last record a log held when it was opened: what the operator compares with the
/// paper before keying again after a failure.
pub use crate::verify::LastRecord;

pub use error::{RecordError, StartError};

pub struct Recorder {
    pub state: State,
    pub operator: String,
    /// Record number (1-based) and hash of each declaration: its anchor.
    pub declared_at: HashMap<String, (u64, String)>,
    pub path: PathBuf,
    pub opened: Opened,
    /// The last record of the log as it was found on resume (before this console's own).
    pub last_found: Option<LastRecord>,
    /// Hash of the log's first record: its identity, which a counting station binds.
    pub identity: String,
    /// Record number (1-based) and hash of each round's opening record.
    pub opened_at: HashMap<String, (u64, String)>,
    /// Set when this recorder writes a counting station's log, not a session log.
    pub station: Option<crate::event::StationBinding>,
    /// The mirror, when the log has one (`--mirror`).
    pub mirror: Option<MirrorOpened>,
    writer: Option<Writer>,
    /// The head of a log that takes nothing more (a closed session or station log): what
    /// the operator copies onto the signed sheet, shown although no writer is open.
    closed_head: Option<String>,
}

/// What a counting station is started with (`votedesk station`).
#[derive(Debug, Clone)]
pub struct StationStart {
    /// The copy of the session log the station works from (read only).
    pub session_log: PathBuf,
    /// The item (its latest opened round) or a round id ("projects#2").
    pub item: String,
    pub r#box: String,
    pub teller: String,
    pub hand_count: u32,
    pub order_kept: bool,
    /// The station log to write (resumed if it exists).
    pub out: PathBuf,
}

/// Whether a log is at `path` to resume; an empty file is no log and is refused.
fn exists(path: &Path) -> Result<bool, StartError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == 0 => Err(StartError::Empty {
            path: path.to_path_buf(),
        }),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StartError::Log(LogError::Open {
            path: path.to_path_buf(),
            source,
        })),
    }
}

/// A new log's first records: the binding, then the leave known before the session as one
/// batch.
fn first_records(loaded: &Loaded, binding: crate::event::Binding) -> Vec<Event> {
    let mut events = vec![Event::SessionBound(Box::new(binding))];
    let leave: Vec<Event> = loaded
        .session
        .roster
        .iter()
        .filter(|d| d.on_leave)
        .map(|d| Event::MarkedOnLeave { seat: d.seat })
        .collect();
    if !leave.is_empty() {
        events.push(Event::Batch {
            records: leave.len() as u32,
        });
        events.extend(leave);
    }
    events
}

/// Why records could not be appended on resume: the rules refused one, or the log failed.
enum Appended {
    Refused(crate::engine::Refusal),
    Log(LogError),
}

/// Apply `events` to a copy of `state` first, so a refused one changes nothing, then append
/// them in one write; the state they lead to.
fn append_checked(writer: &mut Writer, state: State, events: &[Event]) -> Result<State, Appended> {
    let mut scratch = state;
    for e in events {
        scratch.apply(e).map_err(Appended::Refused)?;
    }
    writer.append(events).map_err(Appended::Log)?;
    Ok(scratch)
}

impl Recorder {
    /// Create the log for a session, or resume it if it exists.
    ///
    /// A new log is written to a temporary file in the same folder, synced, and only then
    /// given its name (never replacing a file): a crash leaves no log or a complete first
    /// write, never an empty or partial log.
    pub fn start(loaded: &Loaded, path: &Path, operator: &str) -> Result<Recorder, StartError> {
        Self::start_mirrored(loaded, path, None, operator)
    }

    /// `start`, writing every record to `mirror` as well (`--mirror`): a new log gets a new
    /// mirror, published after the log; an existing log is resumed with its mirror.
    pub fn start_mirrored(
        loaded: &Loaded,
        path: &Path,
        mirror: Option<&Path>,
        operator: &str,
    ) -> Result<Recorder, StartError> {
        if exists(path)? {
            return Self::resume_mirrored(Some(loaded), path, mirror, operator);
        }
        if let Some(m) = mirror.filter(|m| m.exists()) {
            return Err(StartError::MirrorWithoutLog {
                log: path.to_path_buf(),
                mirror: m.to_path_buf(),
            });
        }
        let mut state = State::new(Arc::new(loaded.session.clone()));
        let binding = state.binding(&loaded.sources);
        let genesis = log::genesis_prev(&binding.session_sha256);
        let id = &loaded.session.id;
        let mut writer = pair::create_files(path, mirror, |file| {
            Writer::new(Box::new(file), id, operator, 0, genesis, 0)
        })?;
        let events = first_records(loaded, binding);
        let mut scratch = state.clone();
        for e in &events {
            scratch.apply(e).map_err(|r| StartError::Unbindable {
                detail: r.to_string(),
            })?;
        }
        // A failed first write is a failed creation: the temporary file goes, so nothing was
        // created (not "not recorded … resume", which would send the operator to a log that
        // does not exist).
        let written = writer.append(&events).map_err(|e| match e {
            LogError::NotRecorded(source) | LogError::Uncertain { error: source, .. } => {
                LogError::Create {
                    path: path.to_path_buf(),
                    source,
                }
            }
            other => other,
        });
        pair::publish(&mut writer, path, mirror, written)?;
        state = scratch;
        Ok(Recorder {
            identity: writer.first().unwrap_or_default().to_string(),
            writer: Some(writer),
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how: MirrorHow::Created,
                repair: None,
            }),
            ..Recorder::opened(state, operator, path, Opened::Created)
        })
    }

    /// Reopen an existing log: verify, set aside an unacknowledged end, and resume (or open
    /// read-only). Only bytes after the last newline, or an unfinished batch at the very end,
    /// were never acknowledged; any complete record that fails its checks stops resume.
    pub fn resume(
        loaded: Option<&Loaded>,
        path: &Path,
        operator: &str,
    ) -> Result<Recorder, StartError> {
        Self::resume_mirrored(loaded, path, None, operator)
    }

    /// `resume`, with a mirror (`--mirror`): each side is examined as a log on its own; they
    /// must hold the same records, or differ by the one append a crash can leave on one side
    /// (the other is brought up to it). A mirror that does not exist is copied from the log.
    pub fn resume_mirrored(
        loaded: Option<&Loaded>,
        path: &Path,
        mirror: Option<&Path>,
        operator: &str,
    ) -> Result<Recorder, StartError> {
        let opts = Options {
            session: loaded.cloned(),
            ..Options::default()
        };
        let (mut sides, report) = pair::open_sides(path, mirror, |p| Examined::open(p, &opts))?;
        let damaged = |detail: String| StartError::Damaged {
            path: path.to_path_buf(),
            detail,
        };
        let Some(mut state) = report.state else {
            return Err(damaged("  the log has no readable binding record".into()));
        };
        let found = |state| Recorder {
            declared_at: report.declared_at.clone(),
            identity: report.identity.clone().unwrap_or_default(),
            opened_at: report.opened_at.clone(),
            last_found: report.last_found.clone(),
            ..Recorder::opened(state, operator, path, Opened::ReadOnly)
        };
        if state.closed {
            return Ok(Recorder {
                closed_head: report.head.clone(),
                ..found(state)
            });
        }
        let (repair, mirror_repair) = sides.set_aside()?;
        let at = pair::GoOn {
            session: &state.session.id,
            operator,
            records: report.records,
            head: report.head.clone().unwrap_or_default(),
        };
        let (mut writer, how) = sides.reopen(mirror, at)?;
        let mut events = repaired(repair.iter().chain(mirror_repair.iter()));
        events.push(Event::SessionResumed {});
        state = append_checked(&mut writer, state, &events).map_err(|e| match e {
            Appended::Refused(r) => damaged(format!("  {r}")),
            Appended::Log(e) => e.into(),
        })?;
        Ok(Recorder {
            opened: Opened::Resumed { repair },
            writer: Some(writer),
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how,
                repair: mirror_repair,
            }),
            ..found(state)
        })
    }

    /// A recorder on `path` as opened, with nothing yet found in it and no writer.
    fn opened(state: State, operator: &str, path: &Path, opened: Opened) -> Recorder {
        Recorder {
            state,
            operator: operator.to_string(),
            declared_at: HashMap::new(),
            identity: String::new(),
            opened_at: HashMap::new(),
            path: path.to_path_buf(),
            opened,
            last_found: None,
            station: None,
            writer: None,
            closed_head: None,
            mirror: None,
        }
    }

    /// How to start again on a log, `{log}` for its path: said when one side of a mirrored
    /// log fails, so the operator can go on with the other.
    pub fn set_restart(&mut self, command: String) {
        if let Some(w) = &mut self.writer {
            w.set_restart(command);
        }
    }

    /// Test hook: wrap the mirror's file layer.
    pub fn map_mirror(&mut self, f: impl FnOnce(Box<dyn log::Storage>) -> Box<dyn log::Storage>) {
        if let Some(w) = &mut self.writer {
            w.map_mirror(f);
        }
    }

    /// Test hook: wrap the writer's file layer (e.g. to fail a write or sync on demand).
    pub fn map_storage(&mut self, f: impl FnOnce(Box<dyn log::Storage>) -> Box<dyn log::Storage>) {
        if let Some(w) = &mut self.writer {
            w.map_storage(f);
        }
    }

    /// Prepare, append and sync, then apply. On any error the state is unchanged.
    pub fn record(&mut self, action: Action) -> Result<Event, RecordError> {
        let writer = self.writer.as_mut().ok_or(RecordError::ReadOnly)?;
        if let Some(f) = writer.failed() {
            return Err(LogError::Failed(f.to_string()).into());
        }
        let event = match (&self.station, action) {
            (None, action) => self.state.prepare(action)?,
            (Some(_), Action::CloseItem(_)) => Event::StationClosed {
                ballots: self
                    .state
                    .open
                    .map_or(0, |i| self.state.items[i].live_ballots().count() as u32),
                records: writer.next_seq() + 1,
            },
            (
                Some(_),
                action @ (Action::RecordBallot { .. }
                | Action::RekeyBallot { .. }
                | Action::VoidBallot { .. }),
            ) => self.state.prepare(action)?,
            (Some(_), _) => return Err(Refusal::NotAtStation.into()),
        };
        writer.append(std::slice::from_ref(&event))?;
        if let Event::StationClosed { .. } = event {
            // The box is keyed: the station log takes nothing more.
            self.state.closed = true;
            self.state.records += 1;
            self.closed_head = Some(writer.head().to_string());
            self.writer = None;
            return Ok(event);
        }
        self.state.apply(&event)?;
        if let Event::ItemOpened { item, .. } = &event {
            let at = (self.state.records, writer.head().to_string());
            self.opened_at.insert(item.clone(), at);
        }
        if let Event::ResultDeclared { item, .. } = &event {
            // Record numbers count from 1, as `verify` counts: the declaration is record N
            // when the log up to it holds N records (`--anchor N:HEX`).
            let at = (self.state.records, writer.head().to_string());
            self.declared_at.insert(item.clone(), at);
        }
        Ok(event)
    }

    /// Record several actions as one batch: a header saying how many records follow, then
    /// the records, in one write and one sync. All of it is in the log or none of it is; if
    /// any action is refused nothing is written. Returns the number of actions recorded.
    pub fn record_batch(&mut self, actions: Vec<Action>) -> Result<usize, RecordError> {
        if self.station.is_some() {
            return Err(Refusal::NotAtStation.into());
        }
        let writer = self.writer.as_mut().ok_or(RecordError::ReadOnly)?;
        if actions.is_empty() {
            return Ok(0);
        }
        let mut scratch = self.state.clone();
        let header = Event::Batch {
            records: actions.len() as u32,
        };
        scratch.apply(&header)?;
        let mut events = Vec::with_capacity(actions.len() + 1);
        events.push(header);
        for a in actions {
            let e = scratch.prepare(a)?;
            scratch.apply(&e)?;
            events.push(e);
        }
        writer.append(&events)?;
        self.state = scratch;
        Ok(events.len() - 1)
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }
    pub fn head(&self) -> Option<&str> {
        self.writer
            .as_ref()
            .map(|w| w.head())
            .or(self.closed_head.as_deref())
    }
    pub fn failed(&self) -> Option<&str> {
        self.writer.as_ref().and_then(|w| w.failed())
    }
    pub fn read_only(&self) -> bool {
        self.writer.is_none()
    }
}

/// The records a resume writes before `session_resumed`: one `tail_repaired` for each side
/// file made, in a batch that also holds the `session_resumed`.
fn repaired<'a>(repairs: impl Iterator<Item = &'a Repair>) -> Vec<Event> {
    let tails: Vec<Event> = repairs
        .map(|r| Event::TailRepaired {
            bytes: r.bytes,
            sha256: r.sha256.clone(),
            batch_records: r.batch_records,
            side_file: r
                .side_file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        })
        .collect();
    if tails.is_empty() {
        return tails;
    }
    let mut events = vec![Event::Batch {
        records: tails.len() as u32 + 1,
    }];
    events.extend(tails);
    events
}

/// What to do when the side file cannot be written.
fn set_aside_advice(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            "The log's folder is not writable: make it writable, or move the log (with its .lock file) to a writable folder, then start again"
        }
        _ => "Check the disk (free space, the device), then start again",
    }
}

/// Copy the bytes from `offset` to the end (`len`) to a new side file next to the log, then
/// cut the log there; each step synced. The side file gets a name no other file has and is
/// created new, so no earlier residue is ever overwritten; on failure it is removed again.
fn set_aside(
    path: &Path,
    file: &File,
    offset: u64,
    len: u64,
    batch_records: u64,
) -> Result<Repair, StartError> {
    let aside = |source: std::io::Error| StartError::SetAside {
        path: path.to_path_buf(),
        advice: set_aside_advice(source.kind()),
        source,
    };
    let mut removed = Vec::new();
    let mut reader = file;
    reader.seek(SeekFrom::Start(offset)).map_err(aside)?;
    reader
        .take(len.saturating_sub(offset))
        .read_to_end(&mut removed)
        .map_err(aside)?;
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
    let (side, mut out) = (1..1000)
        .find_map(|n| {
            let mut name = path.as_os_str().to_owned();
            name.push(format!(".residue-{stamp}"));
            if n > 1 {
                name.push(format!("-{n}"));
            }
            let side = PathBuf::from(name);
            match OpenOptions::new().write(true).create_new(true).open(&side) {
                Ok(f) => Some(Ok((side, f))),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => None,
                Err(e) => Some(Err(e)),
            }
        })
        .unwrap_or_else(|| Err(std::io::Error::other("no free name for the side file")))
        .map_err(aside)?;
    let kept = out
        .write_all(&removed)
        .and_then(|()| out.sync_all())
        .and_then(|()| log::sync_dir(&side));
    if let Err(e) = kept {
        drop(out);
        let _ = std::fs::remove_file(&side);
        return Err(aside(e));
    }
    let cut = |source| StartError::Cut {
        path: path.to_path_buf(),
        side: side.clone(),
        source,
    };
    file.set_len(offset).map_err(cut)?;
    file.sync_all().map_err(cut)?;
    Ok(Repair {
        bytes: removed.len() as u64,
        sha256: log::sha256_hex(&removed),
        batch_records,
        side_file: side,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unwritable_folder_gets_advice_to_make_it_writable_or_move_the_log() {
        for kind in [ErrorKind::PermissionDenied, ErrorKind::ReadOnlyFilesystem] {
            assert!(set_aside_advice(kind).contains("make it writable, or move the log"));
        }
        assert!(set_aside_advice(ErrorKind::StorageFull).contains("free space"));
    }
}
