//! What can stop a recorder from starting, or an action from being recorded, in both
//! languages.

use std::path::PathBuf;

use crate::engine::Refusal;
use crate::lang::Lang;
use crate::log::{self, LogError};
use crate::sentences::Said;

#[derive(Debug)]
pub enum StartError {
    Log(LogError),
    Read {
        path: PathBuf,
        source: log::ScanError,
    },
    Empty {
        path: PathBuf,
    },
    OtherSession {
        path: PathBuf,
        log_binds: String,
        given: String,
    },
    Unbindable {
        detail: String,
    },
    DamagedBinding {
        path: PathBuf,
        end: u64,
        byte: Option<u64>,
        problem: String,
    },
    Damaged {
        path: PathBuf,
        detail: String,
    },
    SetAside {
        path: PathBuf,
        source: std::io::Error,
        advice: &'static str,
    },
    /// A counting station cannot start, and why.
    Station(Said),
    /// The log and its mirror hold different records (or one is far behind): how.
    MirrorDiffers {
        differs: Said,
        log: PathBuf,
        mirror: PathBuf,
    },
    Mirror {
        path: PathBuf,
        problem: Box<StartError>,
    },
    MirrorWithoutLog {
        log: PathBuf,
        mirror: PathBuf,
    },
    BringUp {
        path: PathBuf,
        source: std::io::Error,
    },
    Cut {
        path: PathBuf,
        side: PathBuf,
        source: std::io::Error,
    },
}

impl From<LogError> for StartError {
    fn from(e: LogError) -> StartError {
        StartError::Log(e)
    }
}

// The words are the catalogue's (`sentences`): English here, Chinese through `say`.
impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.said().en)
    }
}

impl std::error::Error for StartError {}

impl StartError {
    /// The message in the operator's language.
    pub fn say(&self, lang: Lang) -> String {
        lang.pick(self.said())
    }

    /// The message in both languages.
    pub fn said(&self) -> Said {
        use crate::sentences as s;
        match self {
            StartError::Log(e) => e.said(),
            StartError::Read { path, source } => s::log_cannot_read(path.display(), source),
            StartError::Empty { path } => s::log_empty(path.display()),
            StartError::OtherSession {
                path,
                log_binds,
                given,
            } => s::log_of_other_session(path.display(), log_binds, given),
            StartError::Unbindable { detail } => s::session_unbindable(detail),
            StartError::DamagedBinding {
                path,
                end,
                byte,
                problem,
            } => s::log_binding_damaged(path.display(), end, *byte, problem),
            StartError::Damaged { path, detail } => s::log_damaged(path.display(), detail),
            StartError::SetAside {
                path,
                source,
                advice,
            } => s::end_not_set_aside(path.display(), source, advice),
            StartError::Station(why) => why.clone(),
            StartError::MirrorDiffers {
                differs,
                log,
                mirror,
            } => s::mirror_differs(differs, log.display(), mirror.display()),
            StartError::Mirror { path, problem } => {
                s::mirror_unusable(path.display(), &problem.said())
            }
            StartError::MirrorWithoutLog { log, mirror } => {
                s::mirror_without_log(log.display(), mirror.display())
            }
            StartError::BringUp { path, source } => s::side_not_brought_up(path.display(), source),
            StartError::Cut { path, side, source } => {
                s::end_not_cut(path.display(), side.display(), source)
            }
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
