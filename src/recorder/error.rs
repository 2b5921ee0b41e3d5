//! What can stop a recorder from starting, or an action from being recorded, in both
//! languages.

use std::path::PathBuf;

use crate::engine::Refusal;
use crate::lang::Lang;
use crate::log::{self, LogError};

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
