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

/// Said in recorder/error.rs: a log that cannot be read.
pub fn log_cannot_read(path: impl Display, source: impl Display) -> Said {
    Said {
        zh: format!("无法读取日志 {path}：{source}"),
        en: format!("cannot read log {path}: {source}"),
    }
}

/// Said in recorder/error.rs
pub fn log_empty(path: impl Display) -> Said {
    Said {
        zh: format!(
            "日志 {path} 是空文件：其中从未记录任何内容（启动被中断，或是手工建立的文件）。请删除它，或另选 --log"
        ),
        en: format!(
            "log {path} is empty: nothing was ever recorded in it (a start that was interrupted, or a file made by hand). Remove it, or choose another --log"
        ),
    }
}

/// Said in recorder/error.rs
pub fn log_of_other_session(
    path: impl Display,
    log_binds: impl Display,
    given: impl Display,
) -> Said {
    Said {
        zh: format!(
            "日志 {path} 属于另一个会议文件：日志绑定的会议文件 sha256 为 {log_binds}，所给会议文件为 {given}。请使用开始该日志时的会议文件，或另选 --log"
        ),
        en: format!(
            "log {path} belongs to another session file: the log binds session file sha256 {log_binds}; the session file given has {given}. Use the session file this log was started with, or another --log"
        ),
    }
}

/// Said in recorder/error.rs
pub fn session_unbindable(detail: impl Display) -> Said {
    Said {
        zh: format!("该会议文件无法开始日志：{detail}。请先运行 `votedesk check` 检查它"),
        en: format!("the session file cannot start a log: {detail}. Run `votedesk check` on it"),
    }
}

/// Said in recorder/error.rs: the first record damaged (`byte`: a byte that is not a hash
/// digit, where that is the damage).
pub fn log_binding_damaged(
    path: impl Display,
    end: impl Display,
    byte: Option<u64>,
    problem: impl Display,
) -> Said {
    let (at_zh, at_en) = match byte {
        Some(b) => (
            format!("（第 {b} 字节不是哈希应有的字符）"),
            format!(", at byte {b}, which is not a hash digit"),
        ),
        None => ("（内容与其哈希不符）".to_string(), String::new()),
    };
    Said {
        zh: format!(
            "日志 {path} 的第一条记录（记录 0，第 1 行，字节 0–{end}）已损坏{at_zh}：这是损坏，不是另一次会议的日志；不能继续。请运行 `votedesk verify {path}`，按 docs/auditing.md 中 “When the console refuses to resume a damaged log” 一节处理"
        ),
        en: format!(
            "log {path} is damaged in its first record (record 0, line 1, bytes 0–{end}){at_en}: {problem}. This is damage, not another session's log; it will not be resumed. Run `votedesk verify {path}` and follow \"When the console refuses to resume a damaged log\" in docs/auditing.md"
        ),
    }
}

/// Said in recorder/error.rs
pub fn log_damaged(path: impl Display, detail: impl Display) -> Said {
    Said {
        zh: format!(
            "日志 {path} 已损坏，不能继续（可能被篡改）：\n{detail}\n运行 `votedesk verify {path}` 查看完整报告；下一步见 docs/auditing.md"
        ),
        en: format!(
            "log {path} is damaged and will not be resumed (it may have been tampered with):\n{detail}\nRun `votedesk verify {path}` for the full report; docs/auditing.md says what to do next"
        ),
    }
}

/// Said in recorder/error.rs: an unacknowledged end that could not be kept aside
/// (`advice`: what to do, in English, by the error's kind).
pub fn end_not_set_aside(path: impl Display, source: impl Display, advice: impl Display) -> Said {
    Said {
        zh: format!(
            "无法把日志 {path} 末尾未确认的内容另存（{source}）；日志未作任何改动。请使日志所在文件夹可写，或把日志移到可写的文件夹后再启动"
        ),
        en: format!(
            "the unacknowledged end of log {path} could not be kept aside ({source}); nothing was changed. {advice}"
        ),
    }
}

/// Said in recorder/error.rs: a log and its mirror that differ (`differs`: how).
pub fn mirror_differs(differs: &Said, log: impl Display, mirror: impl Display) -> Said {
    Said {
        zh: format!(
            "{}。日志与其镜像必须记录相同（崩溃只可能使一侧多出最后一次写入）。未作任何改动。请运行 `votedesk verify {log} --mirror {mirror}`，按 docs/auditing.md 中 “A session continued on the standby” 一节处理；要只用一侧继续，把它作为 --log，另给一个新的 --mirror 路径",
            differs.zh
        ),
        en: format!(
            "{}. A log and its mirror must hold the same records (a crash may leave one append on one side only). Nothing was changed. Run `votedesk verify {log} --mirror {mirror}` and follow \"A session continued on the standby\" in docs/auditing.md; to go on with one side, give it as --log and a new path as --mirror",
            differs.en
        ),
    }
}

/// Said in recorder/error.rs: the mirror cannot be used (`problem`: why).
pub fn mirror_unusable(path: impl Display, problem: &Said) -> Said {
    Said {
        zh: format!(
            "镜像 {path}：{}。要不用这个镜像继续，请另给一个 --mirror 路径（会在那里复制一份日志）或不加 --mirror",
            problem.zh
        ),
        en: format!(
            "the mirror {path}: {}. To go on without this mirror, give another --mirror path (a fresh copy of the log is made there) or none",
            problem.en
        ),
    }
}

/// Said in recorder/error.rs
pub fn mirror_without_log(log: impl Display, mirror: impl Display) -> Said {
    Said {
        zh: format!(
            "镜像 {mirror} 存在，而日志 {log} 不存在。要从镜像接管，请把它作为 --log；否则另选 --mirror"
        ),
        en: format!(
            "the mirror {mirror} exists but the log {log} does not. To take over from the mirror, give it as --log; otherwise choose another --mirror"
        ),
    }
}

/// Said in recorder/error.rs
pub fn side_not_brought_up(path: impl Display, source: impl Display) -> Said {
    Said {
        zh: format!(
            "把 {path} 补齐到另一侧时失败（{source}）；没有确认任何新记录。请检查磁盘后重新启动"
        ),
        en: format!(
            "bringing {path} up to its other side failed ({source}); nothing new was acknowledged. Check the disk, then start again"
        ),
    }
}

/// Said in recorder/error.rs
pub fn end_not_cut(path: impl Display, side: impl Display, source: impl Display) -> Said {
    Said {
        zh: format!(
            "日志 {path} 末尾未确认的内容已另存到 {side}，但从日志中截去时失败（{source}）。尚未开始录入。请检查磁盘后重新启动 votedesk"
        ),
        en: format!(
            "the unacknowledged end of log {path} is kept in {side}, but cutting it from the log failed ({source}). Input was never started. Check the disk, then start votedesk again"
        ),
    }
}

/// Said in recorder/station.rs: a station started without its box or teller.
pub fn station_needs_box_and_teller() -> Said {
    Said {
        zh: "计票台须有票箱编号（--box）和计票员姓名（--teller）".into(),
        en: "a station needs the box's label (--box) and the teller's name (--teller)".into(),
    }
}

/// Said in recorder/station.rs: a copy of the session log taken in the middle of a batch.
pub fn copy_inside_a_batch(path: impl Display) -> Said {
    Said {
        zh: format!("{path} 复制时主控台正在写入一批记录，副本停在这一批中间；请重新复制会议日志"),
        en: format!(
            "{path} ends inside a batch the console was still writing when it was copied; copy the session log again"
        ),
    }
}

/// Said in recorder/station.rs: the round named is not the one open (`open`: the round
/// open, if any).
pub fn station_round_not_open(item: impl Display, path: impl Display, open: Option<&str>) -> Said {
    let (open_zh, open_en) = match open {
        Some(o) => (
            format!("正在表决的是“{o}”"),
            format!("round \"{o}\" is open"),
        ),
        None => (
            "当前没有正在表决的轮次".to_string(),
            "no round is open".to_string(),
        ),
    };
    Said {
        zh: format!(
            "{path} 中“{item}”不在表决中（{open_zh}）。票箱只能为主控台正在表决的轮次清点；已结束的轮次不再接受选票（开始该轮表决后重新复制日志）"
        ),
        en: format!(
            "\"{item}\" is not open in {path}: {open_en}. A box is keyed only for the round that is open at the console; a closed round takes no more ballots (copy the log again after the round you count is opened)"
        ),
    }
}

/// Said in recorder/station.rs
pub fn station_item_not_opened(item: impl Display, path: impl Display) -> Said {
    Said {
        zh: format!(
            "{path} 中“{item}”尚未开始表决；须在主控台开始表决后才能清点票箱（开始表决后重新复制日志）"
        ),
        en: format!(
            "item \"{item}\" has not been opened in {path}; a box is counted only after its round is opened at the console (copy the log again after opening it)"
        ),
    }
}

/// Said in recorder/station.rs
pub fn station_boxes_not_sealed(round: impl Display, path: impl Display) -> Said {
    Said {
        zh: format!(
            "{path} 中“{round}”尚未登记票箱：须先在主控台登记本轮票箱和收回张数（b），再重新复制日志"
        ),
        en: format!(
            "the boxes of \"{round}\" are not sealed in {path}: record the round's boxes and the ballots collected in the hall at the console first (b), then copy the log again"
        ),
    }
}

/// Said in recorder/station.rs
pub fn station_box_not_sealed(r#box: impl Display, round: impl Display, sealed: &[String]) -> Said {
    Said {
        zh: format!(
            "票箱“{box}”不在“{round}”登记的票箱之中（{}）；请按登记的票箱编号录入",
            sealed.join("、")
        ),
        en: format!(
            "box \"{box}\" is not one of the boxes sealed for \"{round}\" ({}); key the box under its sealed label",
            sealed.join(", ")
        ),
    }
}

/// Said in recorder/station.rs: a station log continued as another box, round or teller
/// (`found`: box, round, teller in the log; `given`: the same as started).
pub fn station_log_of_another_box(
    name: impl Display,
    found: (&str, &str, &str),
    given: (&str, &str, &str),
) -> Said {
    let ((fb, fi, ft), (gb, gi, gt)) = (found, given);
    Said {
        zh: format!(
            "{name} 是“{fi}”票箱 {fb}（计票员 {ft}）的计票台日志，不能作为“{gi}”票箱 {gb}（计票员 {gt}）继续录入；请另选 --out"
        ),
        en: format!(
            "{name} is the station log of box \"{fb}\" of round \"{fi}\" keyed by {ft}; it cannot be continued as box \"{gb}\" of \"{gi}\" by {gt}. Choose another --out"
        ),
    }
}

/// Said in mirror.rs: what one side of a mirrored log holds after a failed append.
pub fn side_holds(records: impl Display, head: impl Display) -> Said {
    Said {
        zh: format!("现有 {records} 条记录，末条哈希 {head}"),
        en: format!("holds {records} records, head {head}"),
    }
}

/// Said in mirror.rs: a side that could not be cut back.
pub fn side_holds_maybe_last(
    records: impl Display,
    head: impl Display,
    last: impl Display,
) -> Said {
    Said {
        zh: format!(
            "现有 {records} 条记录，末条哈希 {head}，其后可能还有最后一项操作的 {last} 条记录"
        ),
        en: format!(
            "holds {records} records, head {head}, and perhaps the last action's {last} record(s) after them"
        ),
    }
}

/// Said in mirror.rs: a side whose path no longer names its file.
pub fn side_holds_unknown() -> Said {
    Said {
        zh: "已无法作为本日志读取：该路径已不是原来的文件".into(),
        en: "cannot be read as this log: the path no longer names its file".into(),
    }
}

/// Said in mirror.rs: the sides that failed, each already said in the operator's language.
pub fn sides_failed(failed: &[String]) -> Said {
    Said {
        zh: failed.join("；"),
        en: failed.join("; and "),
    }
}

/// Said in mirror.rs: the last action on neither side.
pub fn last_action_on_neither_side() -> Said {
    Said {
        zh: "最后一项操作【未记录】：两边都没有它。".into(),
        en: "The last action is NOT recorded: it is on neither side.".into(),
    }
}

/// Said in mirror.rs: the sides that may hold the last action, each already said in the
/// operator's language.
pub fn last_action_maybe(maybe: &[String]) -> Said {
    Said {
        zh: format!(
            "最后一项操作【可能已记录，也可能未记录】：{}，它可能在那里。",
            maybe.join("，")
        ),
        en: format!(
            "The last action MAY OR MAY NOT be recorded: {}, so it may be there.",
            maybe.join(" and ")
        ),
    }
}

/// Said in mirror.rs: how to go on with the side that did not fail.
pub fn go_on_alone(side: impl Display, command: impl Display) -> Said {
    Said {
        zh: format!(
            "只用{side}继续：{command}（可加 --mirror 路径，在另一块磁盘上建新镜像，会先从日志复制）。故障一侧修复后，用原来的 --log 和 --mirror 可两边一起继续。"
        ),
        en: format!(
            "To go on with {side} alone: {command} (add --mirror PATH on another disk for a new mirror; it is copied from the log first). Once the failed side is repaired, the same --log and --mirror resume both."
        ),
    }
}

/// Said in mirror.rs
pub fn neither_side_writable() -> Said {
    Said {
        zh: "两边都无法写入：请排除磁盘故障后，用原来的 --log 和 --mirror 重新启动。".into(),
        en: "Neither side can be written: fix the disks, then start again with the same --log and --mirror.".into(),
    }
}

/// Said in mirror.rs: a log and its mirror compared.
pub fn sides_same(log: impl Display, mirror: impl Display, records: impl Display) -> Said {
    Said {
        zh: format!("{log} 与 {mirror} 是同一份日志：{records} 条记录"),
        en: format!("{log} and {mirror} are the same log: {records} records"),
    }
}

/// Said in mirror.rs: one side is the beginning of the other (`last`: the last record the
/// longer holds beyond it).
pub fn side_is_prefix(
    short: impl Display,
    long: impl Display,
    common: impl Display,
    more: impl Display,
    last: impl Display,
) -> Said {
    Said {
        zh: format!(
            "{short} 是 {long} 的前段：两者前 {common} 条记录相同，{long} 另有 {more} 条（第 {common} 至 {last} 号记录）"
        ),
        en: format!(
            "{short} is the beginning of {long}: both hold the same first {common} records, and {long} holds {more} more (records {common} to {last})"
        ),
    }
}

/// Said in mirror.rs: the sides part at record `at` (line `line`).
pub fn sides_diverged(
    log: impl Display,
    mirror: impl Display,
    at: impl Display,
    line: impl Display,
) -> Said {
    Said {
        zh: format!(
            "{log} 与 {mirror} 自第 {at} 号记录（第 {line} 行）起分岔：此前的记录相同，此后不同"
        ),
        en: format!(
            "{log} and {mirror} diverged at record {at} (line {line}): the records before it are the same, from it on they differ"
        ),
    }
}
