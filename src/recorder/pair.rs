//! Opening a log for resume, alone or with its mirror: each side examined as a log on its
//! own, then the two compared before anything is changed, then brought to the same records.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::{Repair, StartError, read_first_line, set_aside};
use crate::lang::Lang;
use crate::log::{self, LogFile, Storage, Writer};
use crate::mirror::{self, Agreement, Side};
use crate::sentences::Said;
use crate::verify::{self, Options, Report};

/// How the mirror was found when the console started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MirrorHow {
    /// Created with a new log.
    Created,
    /// Made on resume as a copy of the log.
    Copied,
    /// It held the same records as the log.
    Same,
    /// One side lacked the last append (a crash between the two writes); `side` was
    /// brought up to the other by `records` records.
    BroughtUp { side: Side, records: u64 },
}

/// The mirror, as the console found and left it on opening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorOpened {
    pub path: PathBuf,
    pub how: MirrorHow,
    /// The mirror's own unacknowledged end, set aside next to it.
    pub repair: Option<Repair>,
}

/// One side of a log opened for resume: verified, with what a resume would cut from its end.
pub(super) struct Examined {
    pub file: LogFile,
    pub path: PathBuf,
    file_len: u64,
    /// Where the complete, acknowledged-or-not records end once the cut is made.
    pub complete_len: u64,
    /// Offset to cut at and complete records of an unfinished batch there.
    cut: Option<(u64, u64)>,
}

impl Examined {
    /// Open and verify the log at `path`; refuse it when a complete record fails its checks.
    pub fn open(path: &Path, opts: &Options) -> Result<(Examined, Report), StartError> {
        let file = LogFile::open(path)?;
        let read_err = |source| StartError::Read {
            path: path.to_path_buf(),
            source,
        };
        let file_len = file
            .file()
            .metadata()
            .map_err(|e| read_err(e.into()))?
            .len();
        if file_len == 0 {
            return Err(StartError::Empty {
                path: path.to_path_buf(),
            });
        }
        let check_prefix = |len: u64| -> Result<(Report, u64), StartError> {
            let mut f = file.file();
            f.seek(SeekFrom::Start(0)).map_err(|e| read_err(e.into()))?;
            let report = verify::check_reader(f.take(len), opts).map_err(read_err)?;
            let complete = report.torn_tail.as_ref().map_or(len, |t| t.offset);
            Ok((report, complete))
        };
        let (mut report, mut complete_len) = check_prefix(file_len)?;
        let mut cut = report.torn_tail.as_ref().map(|t| (t.offset, 0u64));
        if let Some((header, offset)) = report.unfinished_batch
            && report.findings.len() == 1
        {
            let records = report.records - header as u64;
            cut = Some((offset, records));
            (report, complete_len) = check_prefix(offset)?;
        }
        refuse_damage(path, &file, &report)?;
        Ok((
            Examined {
                file,
                path: path.to_path_buf(),
                file_len,
                complete_len,
                cut,
            },
            report,
        ))
    }

    /// Open a station log at `path` as it is: its bytes, and its torn tail to cut (a station
    /// log has no batches; `station::read` checks its records).
    pub fn raw(path: &Path) -> Result<(Examined, Vec<u8>), StartError> {
        let file = LogFile::open(path)?;
        let read_err = |e: std::io::Error| StartError::Read {
            path: path.to_path_buf(),
            source: e.into(),
        };
        let mut bytes = Vec::new();
        {
            let mut f = file.file();
            f.seek(SeekFrom::Start(0)).map_err(read_err)?;
            f.read_to_end(&mut bytes).map_err(read_err)?;
        }
        let scan = log::scan(&bytes);
        Ok((
            Examined {
                file,
                path: path.to_path_buf(),
                file_len: bytes.len() as u64,
                complete_len: scan.complete_len,
                cut: scan.torn_tail.as_ref().map(|t| (t.offset, 0)),
            },
            bytes,
        ))
    }

    /// Keep this side's unacknowledged end in a side file and cut it off.
    pub fn set_aside(&mut self) -> Result<Option<Repair>, StartError> {
        match self.cut {
            Some((offset, records)) => {
                set_aside(&self.path, self.file.file(), offset, self.file_len, records).map(Some)
            }
            None => Ok(None),
        }
    }

    fn bytes(&self, from: u64, to: u64) -> std::io::Result<Vec<u8>> {
        let mut f = self.file.file();
        f.seek(SeekFrom::Start(from))?;
        let mut out = Vec::new();
        f.take(to.saturating_sub(from)).read_to_end(&mut out)?;
        Ok(out)
    }

    fn prefix(&self) -> std::io::Result<BufReader<std::io::Take<&std::fs::File>>> {
        let mut f = self.file.file();
        f.seek(SeekFrom::Start(0))?;
        Ok(BufReader::new(f.take(self.complete_len)))
    }
}

/// The findings that stop a resume: another session file given, a damaged first record, or
/// any damaged complete record.
fn refuse_damage(path: &Path, file: &LogFile, report: &Report) -> Result<(), StartError> {
    let first: Vec<_> = report.findings.iter().filter(|f| f.line == 1).collect();
    if !first.is_empty() && first.iter().all(|f| f.given_differs()) {
        // Record 0 is sound; only the session file given is another one.
        let f = first[0];
        return Err(StartError::OtherSession {
            path: path.to_path_buf(),
            log_binds: f.found.clone().unwrap_or_default(),
            given: f.expected.clone().unwrap_or_default(),
        });
    }
    if let Some(f) = first.first() {
        // Record 0 itself is damaged: say so, never "another session".
        let head = read_first_line(file.file(), 64 * 1024 * 1024);
        let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len()) as u64;
        let byte = head
            .iter()
            .take(64)
            .position(|b| !(b.is_ascii_digit() || (b'a'..=b'f').contains(b)))
            .map(|i| i as u64);
        return Err(StartError::DamagedBinding {
            path: path.to_path_buf(),
            end,
            byte,
            problem: f.problem.clone(),
        });
    }
    if !report.findings.is_empty() {
        let detail = report
            .findings
            .iter()
            .take(5)
            .map(|f| {
                format!(
                    "  record {} (line {}): {}",
                    f.seq
                        .map(|s| s.to_string())
                        .unwrap_or_else(|| (f.line - 1).to_string()),
                    f.line,
                    f.problem
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        return Err(StartError::Damaged {
            path: path.to_path_buf(),
            detail,
        });
    }
    Ok(())
}

/// Both sides of a log as opened for resume, compared, with where the complete records of
/// the side that leads end.
pub(super) struct Sides {
    pub log: Examined,
    pub mirror: Option<Examined>,
    pub pairing: Pairing,
    pub complete_len: u64,
}

/// Where a reopened log's writer goes on: its session, operator, records and head.
pub(super) struct GoOn<'a> {
    pub session: &'a str,
    pub operator: &'a str,
    pub records: u64,
    pub head: String,
}

impl Sides {
    /// Each side's unacknowledged end kept in a side file and cut off: the log's repair and
    /// the mirror's.
    pub fn set_aside(&mut self) -> Result<(Option<Repair>, Option<Repair>), StartError> {
        let repair = self.log.set_aside()?;
        let mirror_repair = match &mut self.mirror {
            Some(m) => m.set_aside().map_err(|e| on_mirror(&m.path, e))?,
            None => None,
        };
        Ok((repair, mirror_repair))
    }

    /// The sides brought to the same records and a writer opened after them.
    pub fn reopen(
        self,
        mirror_path: Option<&Path>,
        at: GoOn,
    ) -> Result<(Writer, MirrorHow), StartError> {
        let complete_len = self.complete_len;
        let (file, mirror_file, how) = carry_out(
            self.pairing,
            self.log.file,
            self.mirror.map(|m| m.file),
            mirror_path,
            complete_len,
        )?;
        let mut writer = Writer::new(
            Box::new(file),
            at.session,
            at.operator,
            at.records,
            at.head,
            complete_len,
        );
        if let Some(m) = mirror_file {
            writer.set_mirror(Box::new(m));
        }
        Ok((writer, how))
    }
}

/// Open the log and, if it exists, its mirror with `open`, and decide how they pair; the
/// leading side's `T` is kept. Nothing is changed yet.
pub(super) fn open_sides<T>(
    path: &Path,
    mirror: Option<&Path>,
    open: impl Fn(&Path) -> Result<(Examined, T), StartError>,
) -> Result<(Sides, T), StartError> {
    let (log, log_t) = open(path)?;
    let (other, other_t) = match mirror {
        Some(m) if m.exists() => {
            let (e, t) = open(m).map_err(|e| on_mirror(m, e))?;
            (Some(e), Some(t))
        }
        _ => (None, None),
    };
    let pairing = decide(&log, other.as_ref(), path)?;
    let (source, complete_len) = match (pairing.source, other_t, &other) {
        (Side::Mirror, Some(t), Some(m)) => (t, m.complete_len),
        _ => (log_t, log.complete_len),
    };
    let sides = Sides {
        log,
        mirror: other,
        pairing,
        complete_len,
    };
    Ok((sides, source))
}

/// What opening a mirrored log will do, decided before anything is changed.
pub(super) struct Pairing {
    /// The side whose records both will hold.
    pub source: Side,
    /// The side to bring up, and the bytes (whole records) it lacks.
    extend: Option<(Side, Vec<u8>, u64)>,
}

/// Compare the two sides' complete records: the same, or one append apart at most.
pub(super) fn decide(
    log: &Examined,
    mirror: Option<&Examined>,
    log_path: &Path,
) -> Result<Pairing, StartError> {
    let Some(m) = mirror else {
        return Ok(Pairing {
            source: Side::Log,
            extend: None,
        });
    };
    let read = |e: &Examined, source: std::io::Error| StartError::Read {
        path: e.path.clone(),
        source: source.into(),
    };
    let agreement = mirror::compare(
        log.prefix().map_err(|e| read(log, e))?,
        m.prefix().map_err(|e| read(m, e))?,
    )
    .map_err(|e| read(log, e))?;
    let differs = |a: &Agreement| StartError::MirrorDiffers {
        differs: Said {
            en: a.say(Lang::En, log_path, &m.path),
            zh: a.say(Lang::Zh, log_path, &m.path),
        },
        log: log_path.to_path_buf(),
        mirror: m.path.clone(),
    };
    match agreement {
        Agreement::Same { .. } => Ok(Pairing {
            source: Side::Log,
            extend: None,
        }),
        Agreement::Prefix { longer, more, .. } => {
            let (long, short) = match longer {
                Side::Log => (log, m),
                Side::Mirror => (m, log),
            };
            let extra = long
                .bytes(short.complete_len, long.complete_len)
                .map_err(|e| read(long, e))?;
            if !mirror::one_append(&extra) {
                return Err(differs(&agreement));
            }
            let short_side = match longer {
                Side::Log => Side::Mirror,
                Side::Mirror => Side::Log,
            };
            Ok(Pairing {
                source: longer,
                extend: Some((short_side, extra, more)),
            })
        }
        Agreement::Diverged { .. } => Err(differs(&agreement)),
    }
}

/// Bring the sides to the same records: the shorter brought up, or a missing mirror copied
/// from the log. Each write is synced before the console takes any input.
fn carry_out(
    pairing: Pairing,
    mut log: LogFile,
    mut mirror: Option<LogFile>,
    mirror_path: Option<&Path>,
    complete_len: u64,
) -> Result<(LogFile, Option<LogFile>, MirrorHow), StartError> {
    let mut how = MirrorHow::Same;
    if let Some((side, extra, records)) = pairing.extend {
        let target: &mut LogFile = match (side, mirror.as_mut()) {
            (Side::Mirror, Some(m)) => m,
            _ => &mut log,
        };
        target
            .append(&extra)
            .and_then(|()| target.sync())
            .map_err(|source| StartError::BringUp {
                path: target.path().to_path_buf(),
                source,
            })?;
        how = MirrorHow::BroughtUp { side, records };
    }
    if let (None, Some(path)) = (&mirror, mirror_path) {
        let bytes = {
            let mut f = log.file();
            let mut out = Vec::new();
            f.seek(SeekFrom::Start(0))
                .and_then(|_| f.take(complete_len).read_to_end(&mut out))
                .map_err(|e| StartError::Read {
                    path: log.path().to_path_buf(),
                    source: e.into(),
                })?;
            out
        };
        mirror = Some(copy_to(path, &bytes).map_err(|e| on_mirror(path, e))?);
        how = MirrorHow::Copied;
    }
    Ok((log, mirror, how))
}

/// A new mirror at `path` holding `bytes`, synced, then given its name.
fn copy_to(path: &Path, bytes: &[u8]) -> Result<LogFile, StartError> {
    let mut file = LogFile::create_temp(path)?;
    let made = file
        .append(bytes)
        .and_then(|()| file.sync())
        .and_then(|()| file.publish(path));
    if let Err(source) = made {
        let _ = std::fs::remove_file(file.path());
        return Err(log::LogError::naming(path, source).into());
    }
    Ok(file)
}

/// A new log's temporary file, and its mirror's when there is one, held by the writer
/// `make` builds: nothing has a log's name yet.
pub(super) fn create_files(
    path: &Path,
    mirror: Option<&Path>,
    make: impl FnOnce(LogFile) -> Writer,
) -> Result<Writer, StartError> {
    let mut writer = make(LogFile::create_temp(path)?);
    if let Some(m) = mirror {
        match LogFile::create_temp(m) {
            Ok(f) => writer.set_mirror(Box::new(f)),
            Err(e) => {
                let _ = std::fs::remove_file(writer.path());
                return Err(on_mirror(m, e.into()));
            }
        }
    }
    Ok(writer)
}

/// Once the first write is synced (`written`), give the new log its name and then the
/// mirror its own. A mirrored log starts on both sides or on neither: whatever fails, the
/// files made so far go.
pub(super) fn publish(
    writer: &mut Writer,
    path: &Path,
    mirror: Option<&Path>,
    written: Result<(), log::LogError>,
) -> Result<(), StartError> {
    if let Err(e) = written.and_then(|()| writer.publish(path)) {
        // Never published: the temporary files are all there is, and they go.
        let _ = std::fs::remove_file(writer.path());
        if let Some(m) = writer.mirror_path() {
            let _ = std::fs::remove_file(m);
        }
        return Err(e.into());
    }
    if let Some(m) = mirror
        && let Err(e) = writer.publish_mirror(m)
    {
        let _ = std::fs::remove_file(path);
        if let Some(temp) = writer.mirror_path() {
            let _ = std::fs::remove_file(temp);
        }
        return Err(on_mirror(m, e.into()));
    }
    Ok(())
}

/// A problem with the mirror, said as the mirror's.
pub(super) fn on_mirror(path: &Path, problem: StartError) -> StartError {
    StartError::Mirror {
        path: path.to_path_buf(),
        problem: Box::new(problem),
    }
}
