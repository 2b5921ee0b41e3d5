//! Sentences with values said by the words modules, the mirror and the command line.

use std::fmt::Display;

use crate::sentences::Said;

/// Said in ui/text.rs
pub fn issued_returned_valid_void(
    issued: impl Display,
    returned: impl Display,
    valid: impl Display,
    void: impl Display,
) -> Said {
    Said {
        zh: format!("发出 {issued}  收回 {returned}  有效 {valid}  无效 {void}"),
        en: format!("issued {issued}  returned {returned}  valid {valid}  void {void}"),
    }
}

/// Said in ui/text.rs
pub fn tie_for_place_s(names: impl Display, places: impl Display, names2: impl Display) -> Said {
    Said {
        zh: format!("票数相等：{names} 争 {places} 个名额"),
        en: format!("TIE: {names2} for {places} place(s)"),
    }
}

/// Said in ui/text.rs
pub fn place_s_unfilled(n: impl Display) -> Said {
    Said {
        zh: format!("{n} 个名额未满"),
        en: format!("{n} place(s) unfilled"),
    }
}

/// Said in ui/text.rs
pub fn places_vacant_f_opens_a_further_election(n: impl Display) -> Said {
    Said {
        zh: format!(
            "{n} 个名额未满：可按 f 另行选举（候选人按得票多少，比名额多一人）；也可留待以后另行选举，名额空缺（闭会时会再问一次）"
        ),
        en: format!(
            "{n} place(s) unfilled: f opens a further election (candidates in order of votes, one more than the places); or they stay vacant for a later one (closing asks again)"
        ),
    }
}

/// Said in ui/text.rs
pub fn place_s_unfilled_f_opens_a(n: impl Display) -> Said {
    Said {
        zh: format!(
            "{n} 个名额未满：可按 f 另行票决补足；也可不再表决，名额空缺（闭会时会再问一次）"
        ),
        en: format!(
            "{n} place(s) unfilled: f opens a further vote to fill them; or the session may close with them unfilled (closing asks again)"
        ),
    }
}

/// Said in ui/text.rs
pub fn last_in_the_log_record(
    l_seq: impl Display,
    clock: impl Display,
    what: impl Display,
) -> Said {
    Said {
        zh: format!("。日志最后一条：第 {l_seq} 号记录（{clock}）{what}"),
        en: format!(". Last in the log: record {l_seq} ({clock}) {what}"),
    }
}

/// Said in ui/text.rs
pub fn sentence_then(how: impl Display, repair: impl Display) -> Said {
    Said {
        zh: format!("。{how}{repair}"),
        en: format!(". {how}{repair}"),
    }
}

/// Said in words.rs
pub fn grade_if_rate_meets(
    t_grade: impl Display,
    t_counted: impl Display,
    t_threshold: impl Display,
    base: impl Display,
) -> Said {
    Said {
        zh: format!("{t_grade} 若 ({t_counted}) {t_threshold} {base}"),
        en: format!("{t_grade} if ({t_counted}) is {t_threshold} of {base}"),
    }
}

/// Said in words.rs
pub fn otherwise_satisfaction_rate(
    parts: impl Display,
    otherwise: impl Display,
    last: impl Display,
    base: impl Display,
    parts2: impl Display,
) -> Said {
    Said {
        zh: format!("{parts}；否则 {otherwise}。满意率 = ({last})/{base}"),
        en: format!("{parts2}; otherwise {otherwise}. Satisfaction rate = ({last}) / {base}"),
    }
}

/// Said in words.rs
pub fn satisfaction_rate(counted: impl Display, base: impl Display) -> Said {
    Said {
        zh: format!("满意率 = ({counted})/{base}"),
        en: format!("satisfaction rate = ({counted}) / {base}"),
    }
}

/// Said in mirror.rs
pub fn side_write_failed(
    side_say: impl Display,
    path: impl Display,
    fault_f: impl Display,
) -> Said {
    Said {
        zh: format!("{side_say} {path} 写入失败（{fault_f}）"),
        en: format!("{side_say} {path} failed ({fault_f})"),
    }
}

/// Said in mirror.rs
pub fn could_not_be_cut_back(side_say: impl Display, cut: impl Display) -> Said {
    Said {
        zh: format!("{side_say}无法退回（{cut}）"),
        en: format!("{side_say} could not be cut back ({cut})"),
    }
}

/// Said in mirror.rs
pub fn the_log_the_mirror(
    log_path: impl Display,
    ide_og: impl Display,
    mirror_path: impl Display,
    ide_irror: impl Display,
) -> Said {
    Said {
        zh: format!("日志 {log_path} {ide_og}；镜像 {mirror_path} {ide_irror}。"),
        en: format!("The log {log_path} {ide_og}; the mirror {mirror_path} {ide_irror}."),
    }
}

/// Said in mirror.rs
pub fn input_is_stopped(
    failed: impl Display,
    verdict: impl Display,
    holds: impl Display,
    go_on: impl Display,
) -> Said {
    Said {
        zh: format!("{failed}。输入已停止。{verdict}{holds}{go_on}"),
        en: format!("{failed}. Input is stopped. {verdict} {holds} {go_on}"),
    }
}

/// Said in cli/station.rs when the station's console ends.
pub fn station_log_summary(path: impl Display, s: &crate::station::StationLog) -> Said {
    let (box_, n, head) = (&s.binding.r#box, s.ballots.len(), &s.head);
    let (closed_zh, closed_en) = if s.closed {
        ("已关闭，可导入", "closed, ready to import")
    } else {
        (
            "未关闭（再次启动可继续）",
            "not closed (start again to continue)",
        )
    };
    Said {
        zh: format!(
            "votedesk：计票台日志 {path}：票箱 {box_}，{n} 张选票，{closed_zh}；末条哈希 {head}"
        ),
        en: format!(
            "votedesk: station log {path}: box {box_}, {n} ballots, {closed_en}; head {head}"
        ),
    }
}

/// Said in cli/run.rs when the console ends.
pub fn everything_recorded_on_disk(path: impl Display) -> Said {
    Said {
        zh: format!("votedesk：日志 {path}，已记录的全部内容都在磁盘上"),
        en: format!("votedesk: log {path} — everything recorded is on disk"),
    }
}

/// Said in words.rs: an election's rule.
pub fn election_rule(base: &str, places: u32, write_ins: bool) -> Said {
    let (wz, we) = if write_ins {
        ("赞成与另选合计", "for and names written in")
    } else {
        ("赞成", "for")
    };
    Said {
        zh: format!(
            "得票超过{base}的半数当选；应选 {places} 名，过半数者多于名额时得票多者当选；{wz}多于 {places} 人的选票无效"
        ),
        en: format!(
            "elected with more than half of {base}; {places} places, most votes first; a ballot with {we} on more than {places} persons is void"
        ),
    }
}
