//! Sentences with values said on the projector.

use std::fmt::Display;

use crate::sentences::Said;

/// Said in projector/view/voting.rs
pub fn seated_present(seated: impl Display, present: impl Display) -> Said {
    Said {
        zh: format!("应到 {seated} · 实到 {present}"),
        en: format!("seated {seated} · present {present}"),
    }
}

/// Said in projector/view/voting.rs
pub fn returned_of_issued(returned: impl Display, issued: impl Display) -> Said {
    Said {
        zh: format!("收回 {returned} / 发出 {issued}"),
        en: format!("returned {returned} of {issued} issued"),
    }
}

/// Said in projector/view/voting.rs
pub fn voted_of_present(returned: impl Display, issued: impl Display) -> Said {
    Said {
        zh: format!("已表决 {returned} / 出席 {issued}"),
        en: format!("voted {returned} of {issued} present"),
    }
}

/// Said in projector/view/voting.rs
pub fn issued_returned(issued: impl Display, returned: impl Display) -> Said {
    Said {
        zh: format!("发出 {issued} · 收回 {returned}"),
        en: format!("issued {issued} · returned {returned}"),
    }
}

/// Said in projector/view/mod.rs
pub fn an_unfinished_batch_at_the_end(
    foot: impl Display,
    present: impl Display,
    announced: impl Display,
) -> Said {
    Said {
        zh: format!("{foot} · 末尾一批记录未完整（{present}/{announced} 条），未计入"),
        en: format!(
            "{foot} · an unfinished batch at the end ({present} of {announced} records) is not counted"
        ),
    }
}

/// Said in projector/view/mod.rs
pub fn the_log_failed_verification_line_s(
    crlf_lines: impl Display,
    check_name: impl Display,
) -> Said {
    Said {
        zh: format!(
            "日志校验未通过：{crlf_lines} 行以 CR LF 结尾（检查 1：{check_name}），文件经过了换行转换。不显示表决结果。请秘书处从控制台电脑取得原始日志并运行 votedesk verify 核查。"
        ),
        en: format!(
            "The log FAILED verification: {crlf_lines} line(s) end in CR LF (check 1, {check_name}): the file was converted. No results are shown. The secretariat must take the original log from the console PC and run votedesk verify."
        ),
    }
}

/// Said in projector/view/mod.rs
pub fn the_log_failed_verification_at_line(
    bad_line: impl Display,
    bad_check: impl Display,
    bad_check2: impl Display,
    bad_problem: impl Display,
) -> Said {
    Said {
        zh: format!(
            "日志校验未通过：第 {bad_line} 行（检查 {bad_check}：{bad_check2}）。不显示表决结果。请秘书处运行 votedesk verify 核查。"
        ),
        en: format!(
            "The log FAILED verification at line {bad_line} (check {bad_check}, {bad_check2}): {bad_problem}. No results are shown. The secretariat must run votedesk verify."
        ),
    }
}

/// Said in projector/view/mod.rs
pub fn no_quorum_needed(quorum_shortfall: impl Display) -> Said {
    Said {
        zh: format!("✖ 不足法定人数，还需 {quorum_shortfall} 人"),
        en: format!("✖ No quorum: {quorum_shortfall} more needed"),
    }
}

/// Said in projector/view/mod.rs
pub fn title_with_round(
    t: impl Display,
    item_round: impl Display,
    text_reason: impl Display,
) -> Said {
    Said {
        zh: format!("{t}（第 {item_round} 轮：{text_reason}）"),
        en: format!("{t} (round {item_round}: {text_reason})"),
    }
}

/// Said in projector/view/result.rs
pub fn for_votes_status(candidates_for: impl Display, label: impl Display) -> Said {
    Said {
        zh: format!("赞成 {candidates_for} 票 · {label}"),
        en: format!("{candidates_for} for · {label}"),
    }
}

/// Said in projector/view/result.rs
pub fn places_unfilled(unfilled: impl Display) -> Said {
    Said {
        zh: format!("，{unfilled} 个名额未满"),
        en: format!("; {unfilled} places unfilled"),
    }
}

/// Said in projector/view/result.rs
pub fn rated_of(g: impl Display, n: impl Display) -> Said {
    Said {
        zh: format!("项评为「{g}」（共 {n} 项）"),
        en: format!("rated {g} (of {n})"),
    }
}

/// Said in projector/view/result.rs
pub fn met_the_cut_off_of(n: impl Display) -> Said {
    Said {
        zh: format!("项达标（共 {n} 项）"),
        en: format!("met the cut-off (of {n})"),
    }
}

/// Said in projector/view/table.rs
pub fn page_of(page: impl Display, pages: impl Display) -> Said {
    Said {
        zh: format!("第 {page}/{pages} 页"),
        en: format!("page {page}/{pages}"),
    }
}

/// Said in projector/view/result.rs: the headline's words under the number adopted.
pub fn adopted_of_places(places: Option<u32>) -> Said {
    match places {
        Some(p) => Said {
            zh: format!("项通过（应选 {p} 项）"),
            en: format!("adopted ({p} places)"),
        },
        None => Said {
            zh: "项通过".into(),
            en: "adopted".into(),
        },
    }
}

/// Said in projector/view/result.rs
pub fn satisfaction_verdict(words: impl Display, verdict: impl Display) -> Said {
    Said {
        zh: format!("满意率 {words} · {verdict}"),
        en: format!("satisfaction {words} · {verdict}"),
    }
}

/// Said in projector/view/result.rs
pub fn adopted_total_investment(adopted: usize, total: u64) -> Said {
    Said {
        zh: format!("通过项目 {adopted} 个，总投资 {total} 万元"),
        en: format!("{adopted} adopted, total investment {total} 万元"),
    }
}

/// Said in projector/view/result.rs
pub fn rule_with_pass_line(rule: impl Display, threshold: u64) -> Said {
    Said {
        zh: format!("{rule}（通过线：赞成 ≥ {threshold}）"),
        en: format!("{rule} (pass line: ≥ {threshold} for)"),
    }
}

/// Said in projector/view/mod.rs before the log can be read.
pub fn waiting_for_the_log(
    path: impl Display,
    kind: std::io::ErrorKind,
    error: impl Display,
) -> Said {
    let why = match kind {
        std::io::ErrorKind::NotFound => "文件尚不存在（控制台开始记录后即显示）",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        _ => "暂时无法读取",
    };
    Said {
        zh: format!("等待会议日志 {path}：{why}"),
        en: format!("Waiting for the session log {path}: {error}"),
    }
}

/// Said in projector/view/result.rs: the headline's words under the number elected.
pub fn elected_of_places(places: u32) -> Said {
    Said {
        zh: format!("人当选（应选 {places} 名）"),
        en: format!("elected ({places} places)"),
    }
}

/// Said in projector/view/result.rs
pub fn rule_with_election_line(rule: impl Display, threshold: u64) -> Said {
    Said {
        zh: format!("{rule}（当选须得票 ≥ {threshold}）"),
        en: format!("{rule} (elected with ≥ {threshold} votes)"),
    }
}
