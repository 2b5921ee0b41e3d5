//! The durable single writer of a log: its file layer (`Storage`, `LogFile`: identity,
//! locking, publishing), one write and one sync per action or batch, the cut-back after a
//! failure, and (with `--mirror`) both sides written before an acknowledgement.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{FORMAT_VERSION, RecordBody, entry_hash};
use crate::event::Event;
use crate::lang::Lang;
use crate::mirror::{Fault, Holds, Side, SideFailure, SideState};
use crate::platform::{self, FileId};
use crate::sentences::{self, Said};

/// What changed about the log file under the writer: it is no longer the log it holds.
#[derive(Debug)]
pub enum Drift {
    Gone,
    Replaced,
    Resized { expected: u64, found: u64 },
    Unreadable(io::Error),
}

/// Errors of the log writer. Any of them leaves the writer failed: nothing more is written.
#[derive(Debug)]
pub enum LogError {
    Exists {
        path: PathBuf,
    },
    Locked {
        path: PathBuf,
    },
    Open {
        path: PathBuf,
        source: io::Error,
    },
    Create {
        path: PathBuf,
        source: io::Error,
    },
    NotRecorded(io::Error),
    Uncertain {
        error: io::Error,
        cut: io::Error,
    },
    NotTheLog {
        path: PathBuf,
        drift: Drift,
    },
    Failed(String),
    /// A mirrored append that did not reach both sides (`--mirror`).
    Sides(Box<crate::mirror::SideFailure>),
}

// The words are the catalogue's (`sentences`): English here, Chinese through `say`.
impl std::fmt::Display for LogError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl std::error::Error for LogError {}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl std::error::Error for Drift {}

impl LogError {
    /// A new log (or mirror) that could not be given its name `to`: the name was taken, or
    /// it could not be made.
    pub fn naming(to: &Path, source: io::Error) -> LogError {
        match source.kind() {
            io::ErrorKind::AlreadyExists => LogError::Exists {
                path: to.to_path_buf(),
            },
            _ => LogError::Create {
                path: to.to_path_buf(),
                source,
            },
        }
    }

    /// The message in the operator's language.
    pub fn say(&self, lang: Lang) -> String {
        lang.pick(self.said())
    }

    /// The message in both languages.
    pub fn said(&self) -> Said {
        match self {
            LogError::Exists { path } => sentences::log_exists(path.display()),
            LogError::Locked { path } => sentences::log_locked(path.display()),
            LogError::Open { path, source } => sentences::log_cannot_open(path.display(), source),
            LogError::Create { path, source } => {
                sentences::log_cannot_create(path.display(), source)
            }
            LogError::NotRecorded(e) => sentences::log_not_recorded(e),
            LogError::Uncertain { error, cut } => sentences::log_uncertain(error, cut),
            LogError::NotTheLog { path, drift } => {
                sentences::log_not_the_log(path.display(), &drift.said())
            }
            LogError::Failed(e) => sentences::log_writer_failed(e),
            LogError::Sides(f) => Said {
                zh: f.say(Lang::Zh),
                en: f.say(Lang::En),
            },
        }
    }
}

impl Drift {
    pub fn say(&self, lang: Lang) -> String {
        lang.pick(self.said())
    }

    /// What became of the file, in both languages.
    pub fn said(&self) -> Said {
        match self {
            Drift::Gone => sentences::drift_gone(),
            Drift::Replaced => sentences::drift_replaced(),
            Drift::Resized { expected, found } => sentences::drift_resized(expected, found),
            Drift::Unreadable(e) => sentences::drift_unreadable(e),
        }
    }
}

/// The writer's file layer: where records go. `LogFile` is the real one; tests wrap it to
/// fail a write, a sync, a truncation or a rename on demand.
pub trait Storage: Send {
    /// Write all of `bytes` at the end of the file.
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Make what was appended durable (`fdatasync`).
    fn sync(&mut self) -> io::Result<()>;
    /// Cut the file back to `len` bytes and make that durable.
    fn truncate(&mut self, len: u64) -> io::Result<()>;
    /// Whether the path still names the file held open, at the length last written.
    fn check(&mut self, len: u64) -> Result<(), Drift>;
    /// Give the file the name `to` without replacing anything there, and sync the folder.
    fn publish(&mut self, to: &Path) -> io::Result<()>;
    /// The path the file has now.
    fn path(&self) -> &Path;
}

/// A log file held open, with the identity it had when opened. The log itself is never
/// locked: on Windows a lock is mandatory and would stop every reader (the projector,
/// `verify`, a copy for the counting stations) with error 33. Only the side lock file is.
pub struct LogFile {
    file: File,
    path: PathBuf,
    id: FileId,
    /// The lock on `.<log name>.lock` beside the log: held while this console runs, so a
    /// second console is refused even when the log itself was deleted or replaced.
    _guard: File,
}

impl LogFile {
    /// Create a temporary file next to `path`, locked, to receive a new log's first records
    /// before `publish` gives it its name: a crash leaves no log or a complete one.
    pub fn create_temp(path: &Path) -> Result<LogFile, LogError> {
        let guard = guard(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "log".into());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let temp =
            platform::parent(path).join(format!(".{name}.creating-{}-{nanos}", std::process::id()));
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create_new(true)
            .open(&temp)
            .map_err(|source| LogError::Create {
                path: path.to_path_buf(),
                source,
            })?;
        LogFile::hold(file, temp.clone(), path, guard, |source| LogError::Create {
            path: path.to_path_buf(),
            source,
        })
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
    }

    /// Open an existing log for appending, holding the exclusive lock.
    pub fn open(path: &Path) -> Result<LogFile, LogError> {
        let guard = guard(path)?;
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(|source| LogError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        LogFile::hold(file, path.to_path_buf(), path, guard, |source| {
            LogError::Open {
                path: path.to_path_buf(),
                source,
            }
        })
    }

    /// Note an opened file's identity; the console lock `guard` is already held.
    fn hold(
        file: File,
        at: PathBuf,
        _log_path: &Path,
        guard: File,
        err: impl FnOnce(io::Error) -> LogError,
    ) -> Result<LogFile, LogError> {
        let id = identity(&file).map_err(err)?;
        Ok(LogFile {
            file,
            path: at,
            id,
            _guard: guard,
        })
    }

    /// The file held open, for reading what it holds.
    pub fn file(&self) -> &File {
        &self.file
    }
}

/// Take the console lock of the log at `path` (see `LogFile::_guard`).
fn guard(path: &Path) -> Result<File, LogError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "log".into());
    let lock_path = platform::parent(path).join(format!(".{name}.lock"));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|source| LogError::Open {
            path: lock_path.clone(),
            source,
        })?;
    // A console that is just closing (its window was shut) lets go within moments: wait a
    // little before saying another console has the log.
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(1500);
    loop {
        match lock(&file, path) {
            Err(LogError::Locked { .. }) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other.map(|()| file),
        }
    }
}

fn identity(file: &File) -> io::Result<FileId> {
    platform::file_id(file)
}

impl Storage for LogFile {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.file.sync_data()
    }
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        self.file.set_len(len)?;
        self.file.sync_all()
    }
    fn check(&mut self, len: u64) -> Result<(), Drift> {
        // The file at the path now: same identity means its length is the held file's.
        let (id, found) = match platform::path_id(&self.path) {
            Ok(x) => x,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Drift::Gone),
            Err(e) => return Err(Drift::Unreadable(e)),
        };
        if id != self.id {
            return Err(Drift::Replaced);
        }
        if found != len {
            return Err(Drift::Resized {
                expected: len,
                found,
            });
        }
        Ok(())
    }
    fn publish(&mut self, to: &Path) -> io::Result<()> {
        platform::publish_no_replace(&self.path, to)?;
        self.path = to.to_path_buf();
        platform::sync_dir(to)
    }
    fn path(&self) -> &Path {
        &self.path
    }
}

/// The one writer of a log: appends one complete write per action or batch, then syncs.
pub struct Writer {
    storage: Box<dyn Storage>,
    /// The mirror (`--mirror`): every write goes to both, and is acknowledged only when
    /// both are synced.
    mirror: Option<Box<dyn Storage>>,
    /// The command that starts again on a log, `{log}` for its path: said on a side failure.
    restart: Option<String>,
    /// Each side's last write and sync: whether to write the two at once.
    pace: crate::mirror::Pace,
    session: String,
    operator: String,
    next_seq: u64,
    head: String,
    /// Bytes of the log that this writer knows are there: where a failed append cuts back to.
    len: u64,
    failed: Option<String>,
    /// Hash of record 0 once this writer wrote it: a new log's identity.
    first: Option<String>,
}

impl Writer {
    pub fn new(
        storage: Box<dyn Storage>,
        session: &str,
        operator: &str,
        next_seq: u64,
        head: String,
        len: u64,
    ) -> Writer {
        Writer {
            storage,
            mirror: None,
            restart: None,
            pace: Default::default(),
            session: session.to_string(),
            operator: operator.to_string(),
            next_seq,
            head,
            len,
            failed: None,
            first: None,
        }
    }

    /// Hash of the log's first record, when this writer wrote it.
    pub fn first(&self) -> Option<&str> {
        self.first.as_deref()
    }

    pub fn next_seq(&self) -> u64 {
        self.next_seq
    }
    pub fn head(&self) -> &str {
        &self.head
    }
    pub fn len(&self) -> u64 {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    /// Write every record to `mirror` as well, which holds what the log holds now.
    pub fn set_mirror(&mut self, mirror: Box<dyn Storage>) {
        self.mirror = Some(mirror);
    }

    /// The mirror's path, when there is one.
    pub fn mirror_path(&self) -> Option<&Path> {
        self.mirror.as_ref().map(|m| m.path())
    }

    /// How to start again on a log after a side failure (`{log}` stands for its path).
    pub fn set_restart(&mut self, command: String) {
        self.restart = Some(command);
    }

    /// Test hook: wrap the mirror's file layer.
    pub fn map_mirror(&mut self, f: impl FnOnce(Box<dyn Storage>) -> Box<dyn Storage>) {
        if let Some(m) = self.mirror.take() {
            self.mirror = Some(f(m));
        }
    }

    /// Test hook: wrap the file layer (e.g. to fail a write or sync on demand).
    pub fn map_storage(&mut self, f: impl FnOnce(Box<dyn Storage>) -> Box<dyn Storage>) {
        let placeholder: Box<dyn Storage> = Box::new(Unavailable);
        let storage = std::mem::replace(&mut self.storage, placeholder);
        self.storage = f(storage);
    }

    /// The line that records `event` at `time`.
    pub fn encode(&self, event: &Event, time: &str) -> (String, Vec<u8>) {
        let body = RecordBody {
            v: FORMAT_VERSION,
            session: Arc::from(self.session.as_str()),
            seq: self.next_seq,
            prev: self.head.clone(),
            time: time.to_string(),
            operator: Arc::from(self.operator.as_str()),
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
    ///
    /// Before writing, the path must still name this file at the length last written. After
    /// a failed write or sync nothing is retried: the file is cut back to its length before
    /// this append, and only if that cut is durable is the error `NotRecorded`; otherwise
    /// `Uncertain`. Either way the writer is failed from then on.
    pub fn append(&mut self, events: &[Event]) -> Result<(), LogError> {
        self.still_the_log()?;
        let mut buf = Vec::new();
        let (seq, head) = (self.next_seq, self.head.clone());
        // One clock reading per write: the records of a batch are written at one moment.
        let time = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, false);
        let mut first = None;
        for e in events {
            let (hash, line) = self.encode(e, &time);
            if self.next_seq == 0 {
                first = Some(hash.clone());
            }
            buf.extend_from_slice(&line);
            self.head = hash;
            self.next_seq += 1;
        }
        if let Some(mirror) = self.mirror.as_mut() {
            let (log, other) = crate::mirror::write_both(
                self.storage.as_mut(),
                mirror.as_mut(),
                &buf,
                &mut self.pace,
            );
            if log.is_err() || other.is_err() {
                self.failed = Some(
                    [&log, &other]
                        .iter()
                        .filter_map(|r| r.as_ref().err().map(|e| e.to_string()))
                        .collect::<Vec<_>>()
                        .join("; "),
                );
                self.next_seq = seq;
                self.head = head;
                return Err(self.cut_both(log.err(), other.err(), events.len() as u64));
            }
        } else if let Err(error) = self.storage.append(&buf).and_then(|_| self.storage.sync()) {
            self.failed = Some(error.to_string());
            self.next_seq = seq;
            self.head = head;
            return Err(match self.storage.truncate(self.len) {
                Ok(()) => LogError::NotRecorded(error),
                Err(cut) => LogError::Uncertain { error, cut },
            });
        }
        self.len += buf.len() as u64;
        if first.is_some() {
            self.first = first;
        }
        Ok(())
    }

    /// Before any append: the writer has not failed, and each side is still the file it
    /// wrote, at the length it wrote (nothing replaced, moved or written by another).
    fn still_the_log(&mut self) -> Result<(), LogError> {
        if let Some(f) = &self.failed {
            return Err(LogError::Failed(f.clone()));
        }
        if let Err(drift) = self.storage.check(self.len) {
            self.failed = Some(drift.to_string());
            if self.mirror.is_some() {
                return Err(self.drifted(Side::Log, drift));
            }
            return Err(LogError::NotTheLog {
                path: self.storage.path().to_path_buf(),
                drift,
            });
        }
        if let Some(Err(drift)) = self.mirror.as_mut().map(|m| m.check(self.len)) {
            self.failed = Some(drift.to_string());
            return Err(self.drifted(Side::Mirror, drift));
        }
        Ok(())
    }

    /// Cut both sides back after a mirrored append failed on one or both, and say what
    /// each side holds now.
    fn cut_both(
        &mut self,
        log: Option<io::Error>,
        mirror: Option<io::Error>,
        records: u64,
    ) -> LogError {
        let holds = |cut: io::Result<()>| match cut {
            Ok(()) => Holds::Acknowledged,
            Err(cut) => Holds::MaybeLast { records, cut },
        };
        let log_holds = holds(self.storage.truncate(self.len));
        let mirror_holds = match self.mirror.as_mut() {
            Some(m) => holds(m.truncate(self.len)),
            None => Holds::Acknowledged,
        };
        self.side_failure(
            (log.map(Fault::Io), log_holds),
            (mirror.map(Fault::Io), mirror_holds),
        )
    }

    /// One side is no longer the file this writer holds: nothing was written to either.
    fn drifted(&self, side: Side, drift: Drift) -> LogError {
        let fault = (Some(Fault::Drift(drift)), Holds::Unknown);
        let fine = (None, Holds::Acknowledged);
        match side {
            Side::Log => self.side_failure(fault, fine),
            Side::Mirror => self.side_failure(fine, fault),
        }
    }

    fn side_failure(
        &self,
        log: (Option<Fault>, Holds),
        mirror: (Option<Fault>, Holds),
    ) -> LogError {
        let mirror_path = self
            .mirror
            .as_ref()
            .map(|m| m.path().to_path_buf())
            .unwrap_or_default();
        LogError::Sides(Box::new(SideFailure {
            log: SideState {
                path: self.storage.path().to_path_buf(),
                fault: log.0,
                holds: log.1,
            },
            mirror: SideState {
                path: mirror_path,
                fault: mirror.0,
                holds: mirror.1,
            },
            records: self.next_seq,
            head: self.head.clone(),
            restart: self.restart.clone(),
        }))
    }

    /// Give a newly created mirror its name, as `publish` does the log's.
    pub fn publish_mirror(&mut self, to: &Path) -> Result<(), LogError> {
        let Some(m) = self.mirror.as_mut() else {
            return Ok(());
        };
        let result = m.publish(to);
        self.published(result, to)
    }

    /// Give a newly created log its name (see `LogFile::create_temp`).
    pub fn publish(&mut self, to: &Path) -> Result<(), LogError> {
        let result = self.storage.publish(to);
        self.published(result, to)
    }

    /// A failed rename leaves the writer failed.
    fn published(&mut self, result: io::Result<()>, to: &Path) -> Result<(), LogError> {
        result.map_err(|source| {
            self.failed = Some(source.to_string());
            LogError::naming(to, source)
        })
    }

    /// The path the log has now.
    pub fn path(&self) -> &Path {
        self.storage.path()
    }
}

/// Stands in for a storage while `map_storage` swaps it; never written to.
struct Unavailable;

impl Storage for Unavailable {
    fn append(&mut self, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn sync(&mut self) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn truncate(&mut self, _: u64) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn check(&mut self, _: u64) -> Result<(), Drift> {
        Err(Drift::Gone)
    }
    fn publish(&mut self, _: &Path) -> io::Result<()> {
        Err(io::Error::other("no log file"))
    }
    fn path(&self) -> &Path {
        Path::new("")
    }
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
    platform::sync_dir(path)
}
