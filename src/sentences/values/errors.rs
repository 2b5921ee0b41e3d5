//! What the log writer and the recorder say when a log cannot be written, opened or resumed
//! (`log::LogError`, `log::Drift`, `recorder::StartError`): the English is each error's
//! `Display`, the Chinese the console's message.

use std::fmt::Display;

use crate::sentences::Said;

/// Said in log/writer.rs: a new log's name is taken.
pub fn log_exists(path: impl Display) -> Said {
    Said {
        zh: format!("日志 {path} 已存在；要继续该会议，请用同一个 --log 再次启动，或另选路径"),
        en: format!(
            "log {path} already exists; to continue that session run it again with the same --log, or choose another path"
        ),
    }
}

/// Said in log/writer.rs: the log is locked by another console.
pub fn log_locked(path: impl Display) -> Said {
    Said {
        zh: format!("日志 {path} 正由另一个 votedesk 控制台使用；一次会议只能由一个控制台记录"),
        en: format!(
            "log {path} is in use by another votedesk console; only one console may record a session"
        ),
    }
}

/// Said in log/writer.rs
pub fn log_cannot_open(path: impl Display, source: impl Display) -> Said {
    Said {
        zh: format!("无法打开日志 {path}：{source}"),
        en: format!("cannot open log {path}: {source}"),
    }
}

/// Said in log/writer.rs
pub fn log_cannot_create(path: impl Display, source: impl Display) -> Said {
    Said {
        zh: format!(
            "无法创建日志 {path}：{source}。没有创建任何文件；请使文件夹可写，或另选 --log"
        ),
        en: format!(
            "cannot create log {path}: {source}. Nothing was created; make the folder writable or choose another --log"
        ),
    }
}

/// Said in log/writer.rs: a failed append, cut back durably.
pub fn log_not_recorded(error: impl Display) -> Said {
    Said {
        zh: format!(
            "日志写入失败（{error}）；日志已退回到这次操作之前，最后一项操作【未记录】。输入已停止：请排除磁盘故障（腾出空间、检查设备）后重新启动 votedesk 继续"
        ),
        en: format!(
            "writing the log failed ({error}); the log was cut back to where it was before, so the last action is NOT recorded. Input is stopped: fix the disk (free space, check the device), then start votedesk again to resume"
        ),
    }
}

/// Said in log/writer.rs: a failed append that could not be cut back.
pub fn log_uncertain(error: impl Display, cut: impl Display) -> Said {
    Said {
        zh: format!(
            "日志写入失败（{error}），且无法把日志退回（{cut}）：最后一项操作【可能已记录，也可能未记录】。输入已停止。请重新启动 votedesk：它会显示日志中的最后一条记录，先与纸质选票核对，再继续录入"
        ),
        en: format!(
            "writing the log failed ({error}) and the log could not be cut back ({cut}): the last action MAY OR MAY NOT be in the log. Input is stopped. Start votedesk again: it shows the last record the log holds; compare it with the paper ballots before keying anything again"
        ),
    }
}

/// Said in log/writer.rs: the path no longer names the file being written.
pub fn log_not_the_log(path: impl Display, drift: &Said) -> Said {
    Said {
        zh: format!(
            "日志文件 {path} 已不是本控制台正在写入的文件：{}。没有再写入任何内容；输入已停止。请先查明该文件发生了什么（见 docs/operator-guide.md“日志被移动”一节）",
            drift.zh
        ),
        en: format!(
            "the log file {path} is not the one this console is writing: {}. Nothing more was written; input is stopped. Find out what happened to the file (docs/operator-guide.md, \"The log was moved\") before going on",
            drift.en
        ),
    }
}

/// Said in log/writer.rs: the writer stopped earlier.
pub fn log_writer_failed(earlier: impl Display) -> Said {
    Said {
        zh: format!(
            "日志写入已因先前的故障停止（{earlier}）；不能再记录。请重新启动 votedesk 继续"
        ),
        en: format!(
            "the log writer stopped after an earlier failure ({earlier}); nothing more can be recorded. Start votedesk again to resume"
        ),
    }
}

/// Said in log/writer.rs: what became of the log file (`Drift`).
pub fn drift_gone() -> Said {
    Said {
        zh: "文件已不在原处：被删除或移走".into(),
        en: "the file is no longer there: it was deleted or moved".into(),
    }
}

/// Said in log/writer.rs
pub fn drift_replaced() -> Said {
    Said {
        zh: "原路径上已是另一个文件：被替换或被改名覆盖".into(),
        en: "another file now has its name: it was replaced or renamed over".into(),
    }
}

/// Said in log/writer.rs
pub fn drift_resized(expected: impl Display, found: impl Display) -> Said {
    Said {
        zh: format!(
            "文件长度为 {found} 字节，而本控制台写入的是 {expected} 字节：有其他程序写入或截断了它"
        ),
        en: format!(
            "its length is {found} bytes, not the {expected} this console wrote: something else wrote to it or cut it"
        ),
    }
}

/// Said in log/writer.rs
pub fn drift_unreadable(error: impl Display) -> Said {
    Said {
        zh: format!("无法查看该文件：{error}"),
        en: format!("it cannot be looked at: {error}"),
    }
}
