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
use crate::lang::Lang;
use crate::log::{self, LogError, LogFile, Writer};
use crate::mirror::Side;
use crate::session::Loaded;
use crate::verify::{self, Options};

mod pair;
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

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Log(#[from] LogError),
    #[error("cannot read log {path}: {source}")]
    Read {
        path: PathBuf,
        source: log::ScanError,
    },
    #[error(
        "log {path} is empty: nothing was ever recorded in it (a start that was interrupted, or a file made by hand). Remove it, or choose another --log"
    )]
    Empty { path: PathBuf },
    #[error(
        "log {path} belongs to another session file: the log binds session file sha256 {log_binds}; the session file given has {given}. Use the session file this log was started with, or another --log"
    )]
    OtherSession {
        path: PathBuf,
        log_binds: String,
        given: String,
    },
    #[error("the session file cannot start a log: {detail}. Run `votedesk check` on it")]
    Unbindable { detail: String },
    #[error(
        "log {path} is damaged in its first record (record 0, line 1, bytes 0–{end}){}: {problem}. This is damage, not another session's log; it will not be resumed. Run `votedesk verify {path}` and follow \"When the console refuses to resume a damaged log\" in docs/auditing.md",
        byte.map(|b| format!(", at byte {b}, which is not a hash digit")).unwrap_or_default()
    )]
    DamagedBinding {
        path: PathBuf,
        end: u64,
        byte: Option<u64>,
        problem: String,
    },
    #[error(
        "log {path} is damaged and will not be resumed (it may have been tampered with):\n{detail}\nRun `votedesk verify {path}` for the full report; docs/auditing.md says what to do next"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "the unacknowledged end of log {path} could not be kept aside ({source}); nothing was changed. {advice}"
    )]
    SetAside {
        path: PathBuf,
        source: std::io::Error,
        advice: &'static str,
    },
    /// A counting station cannot start: the words in English, then in Chinese.
    #[error("{en}")]
    Station { en: String, zh: String },
    /// The log and its mirror hold different records (or one is far behind): the words
    /// in English, then in Chinese.
    #[error(
        "{en}. A log and its mirror must hold the same records (a crash may leave one append on one side only). Nothing was changed. Run `votedesk verify {} --mirror {}` and follow \"A session continued on the standby\" in docs/auditing.md; to go on with one side, give it as --log and a new path as --mirror",
        log.display(), mirror.display()
    )]
    MirrorDiffers {
        en: String,
        zh: String,
        log: PathBuf,
        mirror: PathBuf,
    },
    #[error("the mirror {}: {problem}. To go on without this mirror, give another --mirror path (a fresh copy of the log is made there) or none", path.display())]
    Mirror {
        path: PathBuf,
        problem: Box<StartError>,
    },
    #[error(
        "the mirror {} exists but the log {} does not. To take over from the mirror, give it as --log; otherwise choose another --mirror",
        mirror.display(), log.display()
    )]
    MirrorWithoutLog { log: PathBuf, mirror: PathBuf },
    #[error(
        "bringing {} up to its other side failed ({source}); nothing new was acknowledged. Check the disk, then start again",
        path.display()
    )]
    BringUp {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the unacknowledged end of log {path} is kept in {side}, but cutting it from the log failed ({source}). Input was never started. Check the disk, then start votedesk again"
    )]
    Cut {
        path: PathBuf,
        side: PathBuf,
        source: std::io::Error,
    },
}

impl StartError {
    /// The message in the operator's language.
    pub fn say(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            StartError::Log(e) => e.say(lang),
            StartError::Read { path, source } => {
                format!("无法读取日志 {}：{source}", path.display())
            }
            StartError::Empty { path } => format!(
                "日志 {} 是空文件：其中从未记录任何内容（启动被中断，或是手工建立的文件）。请删除它，或另选 --log",
                path.display()
            ),
            StartError::OtherSession {
                path,
                log_binds,
                given,
            } => format!(
                "日志 {} 属于另一个会议文件：日志绑定的会议文件 sha256 为 {log_binds}，所给会议文件为 {given}。请使用开始该日志时的会议文件，或另选 --log",
                path.display()
            ),
            StartError::Unbindable { detail } => {
                format!("该会议文件无法开始日志：{detail}。请先运行 `votedesk check` 检查它")
            }
            StartError::DamagedBinding {
                path, end, byte, ..
            } => format!(
                "日志 {} 的第一条记录（记录 0，第 1 行，字节 0–{end}）已损坏{}：这是损坏，不是另一次会议的日志；不能继续。请运行 `votedesk verify {}`，按 docs/auditing.md 中 “When the console refuses to resume a damaged log” 一节处理",
                path.display(),
                byte.map(|b| format!("（第 {b} 字节不是哈希应有的字符）"))
                    .unwrap_or_else(|| "（内容与其哈希不符）".into()),
                path.display()
            ),
            StartError::Damaged { path, detail } => format!(
                "日志 {} 已损坏，不能继续（可能被篡改）：\n{detail}\n运行 `votedesk verify {}` 查看完整报告；下一步见 docs/auditing.md",
                path.display(),
                path.display()
            ),
            StartError::SetAside { path, source, .. } => format!(
                "无法把日志 {} 末尾未确认的内容另存（{source}）；日志未作任何改动。请使日志所在文件夹可写，或把日志移到可写的文件夹后再启动",
                path.display()
            ),
            StartError::Station { zh, .. } => zh.clone(),
            StartError::MirrorDiffers {
                zh, log, mirror, ..
            } => format!(
                "{zh}。日志与其镜像必须记录相同（崩溃只可能使一侧多出最后一次写入）。未作任何改动。请运行 `votedesk verify {} --mirror {}`，按 docs/auditing.md 中 “A session continued on the standby” 一节处理；要只用一侧继续，把它作为 --log，另给一个新的 --mirror 路径",
                log.display(),
                mirror.display()
            ),
            StartError::Mirror { path, problem } => format!(
                "镜像 {}：{}。要不用这个镜像继续，请另给一个 --mirror 路径（会在那里复制一份日志）或不加 --mirror",
                path.display(),
                problem.say(lang)
            ),
            StartError::MirrorWithoutLog { log, mirror } => format!(
                "镜像 {} 存在，而日志 {} 不存在。要从镜像接管，请把它作为 --log；否则另选 --mirror",
                mirror.display(),
                log.display()
            ),
            StartError::BringUp { path, source } => format!(
                "把 {} 补齐到另一侧时失败（{source}）；没有确认任何新记录。请检查磁盘后重新启动",
                path.display()
            ),
            StartError::Cut { path, side, source } => format!(
                "日志 {} 末尾未确认的内容已另存到 {}，但从日志中截去时失败（{source}）。尚未开始录入。请检查磁盘后重新启动 votedesk",
                path.display(),
                side.display()
            ),
        }
    }
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
        match std::fs::metadata(path) {
            Ok(m) if m.is_file() && m.len() == 0 => {
                return Err(StartError::Empty {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => return Self::resume_mirrored(Some(loaded), path, mirror, operator),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(StartError::Log(LogError::Open {
                    path: path.to_path_buf(),
                    source,
                }));
            }
        }
        if let Some(m) = mirror.filter(|m| m.exists()) {
            return Err(StartError::MirrorWithoutLog {
                log: path.to_path_buf(),
                mirror: m.to_path_buf(),
            });
        }
        let file = LogFile::create_temp(path)?;
        let mut state = State::new(Arc::new(loaded.session.clone()));
        let binding = state.binding(&loaded.sources);
        let genesis = log::genesis_prev(&binding.session_sha256);
        let mut writer = Writer::new(Box::new(file), &loaded.session.id, operator, 0, genesis, 0);
        if let Some(m) = mirror {
            let made = LogFile::create_temp(m).map_err(|e| pair::on_mirror(m, e.into()));
            match made {
                Ok(f) => writer.set_mirror(Box::new(f)),
                Err(e) => {
                    let _ = std::fs::remove_file(writer.path());
                    return Err(e);
                }
            }
        }
        // The binding, then the leave known before the session as one batch.
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
        let mut scratch = state.clone();
        for e in &events {
            scratch.apply(e).map_err(|r| StartError::Unbindable {
                detail: r.to_string(),
            })?;
        }
        // A failed first write is a failed creation: the temporary file goes, so nothing was
        // created (not "not recorded … resume", which would send the operator to a log that
        // does not exist).
        let written = writer
            .append(&events)
            .map_err(|e| match e {
                LogError::NotRecorded(source) | LogError::Uncertain { error: source, .. } => {
                    LogError::Create {
                        path: path.to_path_buf(),
                        source,
                    }
                }
                other => other,
            })
            .and_then(|()| writer.publish(path));
        if let Err(e) = written {
            // Never published: the temporary file is all there is, and it goes.
            let _ = std::fs::remove_file(writer.path());
            if let Some(m) = writer.mirror_path() {
                let _ = std::fs::remove_file(m);
            }
            return Err(e.into());
        }
        if let Some(m) = mirror
            && let Err(e) = writer.publish_mirror(m)
        {
            // The new log goes with its mirror: a mirrored session starts on both or neither.
            let _ = std::fs::remove_file(path);
            if let Some(temp) = writer.mirror_path() {
                let _ = std::fs::remove_file(temp);
            }
            return Err(pair::on_mirror(m, e.into()));
        }
        state = scratch;
        Ok(Recorder {
            state,
            operator: operator.to_string(),
            declared_at: HashMap::new(),
            identity: writer.first().unwrap_or_default().to_string(),
            opened_at: HashMap::new(),
            path: path.to_path_buf(),
            opened: Opened::Created,
            last_found: None,
            station: None,
            writer: Some(writer),
            closed_head: None,
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how: MirrorHow::Created,
                repair: None,
            }),
        })
    }

    /// Open a counting station: verify the copy of the session log, rebuild the state as it
    /// was when the round opened, and create (or resume) the station log for one box. The
    /// session log itself is only read.
    pub fn station(start: &StationStart) -> Result<Recorder, StartError> {
        Self::station_mirrored(start, None)
    }

    /// `station`, writing the station log to `mirror` as well (`--mirror`).
    pub fn station_mirrored(
        start: &StationStart,
        mirror: Option<&Path>,
    ) -> Result<Recorder, StartError> {
        let path = &start.session_log;
        let read_err = |source| StartError::Read {
            path: path.to_path_buf(),
            source,
        };
        let damaged = |detail: String| StartError::Damaged {
            path: path.to_path_buf(),
            detail,
        };
        let report = verify::check_file(path, &Options::default()).map_err(read_err)?;
        // A copy taken while the console was writing a batch ends inside it: nothing is wrong
        // with the log, the copy is just early.
        if report.unfinished_batch.is_some() && report.findings.len() == 1 {
            return Err(StartError::Station {
                en: format!(
                    "{} ends inside a batch the console was still writing when it was copied; copy the session log again",
                    path.display()
                ),
                zh: format!(
                    "{} 复制时主控台正在写入一批记录，副本停在这一批中间；请重新复制会议日志",
                    path.display()
                ),
            });
        }
        if let Some(f) = report.findings.first() {
            return Err(damaged(format!("  line {}: {}", f.line, f.problem)));
        }
        let identity = report.identity.clone().unwrap_or_default();
        // Only the open round takes boxes: the item's id names its open round; a round id
        // names that round only while it is open. A closed round is refused, never bound.
        let open = report
            .state
            .as_ref()
            .and_then(|st| st.open.map(|i| st.items[i].id.clone()));
        let names_item = |id: &str| id == start.item || id.starts_with(&format!("{}#", start.item));
        let known = report.opened_at.keys().any(|id| names_item(id));
        let round = match &open {
            Some(o) if names_item(o) => o.clone(),
            _ if known => {
                let open_words = |zh: bool| match (&open, zh) {
                    (Some(o), false) => format!("round \"{o}\" is open"),
                    (Some(o), true) => format!("正在表决的是“{o}”"),
                    (None, false) => "no round is open".to_string(),
                    (None, true) => "当前没有正在表决的轮次".to_string(),
                };
                return Err(StartError::Station {
                    en: format!(
                        "\"{}\" is not open in {}: {}. A box is keyed only for the round that is open at the console; a closed round takes no more ballots (copy the log again after the round you count is opened)",
                        start.item,
                        path.display(),
                        open_words(false)
                    ),
                    zh: format!(
                        "{} 中“{}”不在表决中（{}）。票箱只能为主控台正在表决的轮次清点；已结束的轮次不再接受选票（开始该轮表决后重新复制日志）",
                        path.display(),
                        start.item,
                        open_words(true)
                    ),
                });
            }
            _ => {
                return Err(StartError::Station {
                    en: format!(
                        "item \"{}\" has not been opened in {}; a box is counted only after its round is opened at the console (copy the log again after opening it)",
                        start.item,
                        path.display()
                    ),
                    zh: format!(
                        "{} 中“{}”尚未开始表决；须在主控台开始表决后才能清点票箱（开始表决后重新复制日志）",
                        path.display(),
                        start.item
                    ),
                });
            }
        };
        let (round_record, round_hash) = report.opened_at[&round].clone();
        // The state as it was right after the round opened.
        let file = File::open(path).map_err(|e| read_err(e.into()))?;
        let mut reader = log::LineReader::new(file);
        let mut checker = verify::Checker::new(Options::default());
        while checker.records() < round_record {
            match reader.next_line().map_err(read_err)? {
                Some(line) => checker.feed(&line),
                None => break,
            }
        }
        let Some(mut state) = checker.state().cloned() else {
            return Err(damaged("  the log has no readable binding record".into()));
        };
        let index = state.item_index(&round).unwrap_or_default();
        let def = &state.session.items[state.items[index].def];
        let names = def.choice_titles();
        let ids = def.choice_ids();
        let choices = state.items[index]
            .choices
            .iter()
            .map(|&k| (ids[k].clone(), names[k].to_string()))
            .collect();
        let binding = crate::event::StationBinding {
            session_log: identity.clone(),
            round_record,
            round_hash,
            item: round.clone(),
            title: def.title().to_string(),
            choices,
            secret: def.secret(),
            r#box: start.r#box.trim().to_string(),
            teller: start.teller.trim().to_string(),
            hand_count: start.hand_count,
            order_kept: start.order_kept,
        };
        if binding.r#box.is_empty() || binding.teller.is_empty() {
            return Err(StartError::Station {
                en: "a station needs the box's label (--box) and the teller's name (--teller)"
                    .into(),
                zh: "计票台须有票箱编号（--box）和计票员姓名（--teller）".into(),
            });
        }
        // The round knows its boxes: the copy must show them sealed, with this label.
        let sealed = report
            .state
            .as_ref()
            .and_then(|st| st.item(&round))
            .and_then(|r| r.sealed.clone());
        match sealed {
            None => {
                return Err(StartError::Station {
                    en: format!(
                        "the boxes of \"{round}\" are not sealed in {}: record the round's boxes and the ballots collected in the hall at the console first (b), then copy the log again",
                        path.display()
                    ),
                    zh: format!(
                        "{} 中“{round}”尚未登记票箱：须先在主控台登记本轮票箱和收回张数（b），再重新复制日志",
                        path.display()
                    ),
                });
            }
            Some(s) => {
                let key = crate::rules::box_key(&binding.r#box);
                if !s.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
                    return Err(StartError::Station {
                        en: format!(
                            "box \"{}\" is not one of the boxes sealed for \"{round}\" ({}); key the box under its sealed label",
                            binding.r#box,
                            s.boxes.join(", ")
                        ),
                        zh: format!(
                            "票箱“{}”不在“{round}”登记的票箱之中（{}）；请按登记的票箱编号录入",
                            binding.r#box,
                            s.boxes.join("、")
                        ),
                    });
                }
            }
        }
        let out = &start.out;
        let session_id = state.session.id.clone();
        if out.exists() {
            return Self::resume_station(state, binding, out, mirror);
        }
        if let Some(m) = mirror.filter(|m| m.exists()) {
            return Err(StartError::MirrorWithoutLog {
                log: out.to_path_buf(),
                mirror: m.to_path_buf(),
            });
        }
        let file = LogFile::create_temp(out)?;
        let genesis = log::genesis_prev(&identity);
        let mut writer = Writer::new(Box::new(file), &session_id, &binding.teller, 0, genesis, 0);
        if let Some(m) = mirror {
            match LogFile::create_temp(m) {
                Ok(f) => writer.set_mirror(Box::new(f)),
                Err(e) => {
                    let _ = std::fs::remove_file(writer.path());
                    return Err(pair::on_mirror(m, e.into()));
                }
            }
        }
        let event = Event::StationBound(Box::new(binding.clone()));
        let written = writer
            .append(std::slice::from_ref(&event))
            .and_then(|()| writer.publish(out));
        if let Err(e) = written {
            let _ = std::fs::remove_file(writer.path());
            if let Some(m) = writer.mirror_path() {
                let _ = std::fs::remove_file(m);
            }
            return Err(e.into());
        }
        if let Some(m) = mirror
            && let Err(e) = writer.publish_mirror(m)
        {
            let _ = std::fs::remove_file(out);
            if let Some(temp) = writer.mirror_path() {
                let _ = std::fs::remove_file(temp);
            }
            return Err(pair::on_mirror(m, e.into()));
        }
        state.records = 1;
        Ok(Recorder {
            state,
            operator: binding.teller.clone(),
            declared_at: HashMap::new(),
            identity: String::new(),
            opened_at: HashMap::new(),
            path: out.to_path_buf(),
            opened: Opened::Created,
            last_found: None,
            station: Some(binding),
            writer: Some(writer),
            closed_head: None,
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how: MirrorHow::Created,
                repair: None,
            }),
        })
    }

    /// Resume a station log (and its mirror): set aside a torn last line, check it binds the
    /// same box of the same round, and replay its ballots onto the round's state.
    fn resume_station(
        mut state: State,
        binding: crate::event::StationBinding,
        out: &Path,
        mirror: Option<&Path>,
    ) -> Result<Recorder, StartError> {
        let (mut log, log_bytes) = Examined::raw(out)?;
        let (mut other, other_bytes) = match mirror {
            Some(m) if m.exists() => {
                let (e, b) = Examined::raw(m).map_err(|e| pair::on_mirror(m, e))?;
                (Some(e), Some(b))
            }
            _ => (None, None),
        };
        let pairing = pair::decide(&log, other.as_ref(), out)?;
        let (bytes, complete_len) = match (pairing.source, other_bytes, &other) {
            (Side::Mirror, Some(b), Some(m)) => (b, m.complete_len),
            _ => (log_bytes, log.complete_len),
        };
        let repair = log.set_aside()?;
        let mirror_repair = match &mut other {
            Some(m) => m.set_aside().map_err(|e| pair::on_mirror(&m.path, e))?,
            None => None,
        };
        let complete = &bytes[..complete_len as usize];
        let name = out.display().to_string();
        let found = crate::station::read(&name, complete).map_err(|p| StartError::Damaged {
            path: out.to_path_buf(),
            detail: format!("  {p}"),
        })?;
        let same = found.binding.session_log == binding.session_log
            && found.binding.item == binding.item
            && found.binding.round_record == binding.round_record
            && found.binding.r#box == binding.r#box
            && found.binding.teller == binding.teller;
        if !same {
            let (f, b) = (&found.binding, &binding);
            return Err(StartError::Station {
                en: format!(
                    "{name} is the station log of box \"{}\" of round \"{}\" keyed by {}; it cannot be continued as box \"{}\" of \"{}\" by {}. Choose another --out",
                    f.r#box, f.item, f.teller, b.r#box, b.item, b.teller
                ),
                zh: format!(
                    "{name} 是“{}”票箱 {}（计票员 {}）的计票台日志，不能作为“{}”票箱 {}（计票员 {}）继续录入；请另选 --out",
                    f.item, f.r#box, f.teller, b.item, b.r#box, b.teller
                ),
            });
        }
        for line in &log::scan(complete).lines {
            if let Ok(r) = &line.record
                && matches!(
                    r.body.event,
                    Event::BallotRecorded { .. } | Event::BallotVoided { .. }
                )
            {
                state
                    .apply(&r.body.event)
                    .map_err(|e| StartError::Damaged {
                        path: out.to_path_buf(),
                        detail: format!("  line {}: {e}", line.number),
                    })?;
            }
        }
        // The station log's own count, not the session log's up to the round.
        state.records = found.records;
        let (opened, writer, how) = if found.closed {
            state.closed = true;
            (Opened::ReadOnly, None, MirrorHow::Same)
        } else {
            let (file, mirror_file, how) = pair::carry_out(
                pairing,
                log.file,
                other.map(|m| m.file),
                mirror,
                complete_len,
            )?;
            let mut writer = Writer::new(
                Box::new(file),
                &found.session,
                &found.binding.teller,
                found.records,
                found.head.clone(),
                complete_len,
            );
            if let Some(m) = mirror_file {
                writer.set_mirror(Box::new(m));
            }
            (Opened::Resumed { repair }, Some(writer), how)
        };
        Ok(Recorder {
            state,
            operator: found.binding.teller.clone(),
            declared_at: HashMap::new(),
            identity: String::new(),
            opened_at: HashMap::new(),
            path: out.to_path_buf(),
            opened,
            last_found: None,
            closed_head: found.closed.then(|| found.head.clone()),
            station: Some(found.binding),
            writer,
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how,
                repair: mirror_repair,
            }),
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
        let (mut log, log_report) = Examined::open(path, &opts)?;
        let (mut other, other_report) = match mirror {
            Some(m) if m.exists() => {
                let (e, r) = Examined::open(m, &opts).map_err(|e| pair::on_mirror(m, e))?;
                (Some(e), Some(r))
            }
            _ => (None, None),
        };
        let pairing = pair::decide(&log, other.as_ref(), path)?;
        let (report, complete_len) = match (pairing.source, other_report, &other) {
            (Side::Mirror, Some(r), Some(m)) => (r, m.complete_len),
            _ => (log_report, log.complete_len),
        };
        let damaged = |detail: String| StartError::Damaged {
            path: path.to_path_buf(),
            detail,
        };
        let Some(mut state) = report.state else {
            return Err(damaged("  the log has no readable binding record".into()));
        };
        let declared_at = report.declared_at.clone();
        let identity = report.identity.clone().unwrap_or_default();
        let opened_at = report.opened_at.clone();
        let last_found = report.last_found.clone();
        if state.closed {
            return Ok(Recorder {
                state,
                operator: operator.to_string(),
                declared_at,
                identity,
                opened_at,
                path: path.to_path_buf(),
                opened: Opened::ReadOnly,
                last_found,
                station: None,
                writer: None,
                closed_head: report.head.clone(),
                mirror: None,
            });
        }
        let repair = log.set_aside()?;
        let mirror_repair = match &mut other {
            Some(m) => m.set_aside().map_err(|e| pair::on_mirror(&m.path, e))?,
            None => None,
        };
        let (file, mirror_file, how) = pair::carry_out(
            pairing,
            log.file,
            other.map(|m| m.file),
            mirror,
            complete_len,
        )?;
        let head = report.head.clone().unwrap_or_default();
        let mut writer = Writer::new(
            Box::new(file),
            &state.session.id,
            operator,
            report.records,
            head,
            complete_len,
        );
        if let Some(m) = mirror_file {
            writer.set_mirror(Box::new(m));
        }
        let mut events = Vec::new();
        let repairs: Vec<&Repair> = repair.iter().chain(mirror_repair.iter()).collect();
        if !repairs.is_empty() {
            events.push(Event::Batch {
                records: repairs.len() as u32 + 1,
            });
        }
        for r in &repairs {
            events.push(Event::TailRepaired {
                bytes: r.bytes,
                sha256: r.sha256.clone(),
                batch_records: r.batch_records,
                side_file: r
                    .side_file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            });
        }
        events.push(Event::SessionResumed {});
        let mut scratch = state.clone();
        for e in &events {
            scratch.apply(e).map_err(|r| damaged(format!("  {r}")))?;
        }
        writer.append(&events)?;
        state = scratch;
        Ok(Recorder {
            state,
            operator: operator.to_string(),
            declared_at,
            identity,
            opened_at,
            path: path.to_path_buf(),
            opened: Opened::Resumed { repair },
            last_found,
            station: None,
            writer: Some(writer),
            closed_head: None,
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how,
                repair: mirror_repair,
            }),
        })
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
