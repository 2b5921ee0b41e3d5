//! Sentences with values said at the console: its screens, layers and ballot forms.

use std::fmt::Display;

use crate::sentences::Said;

/// Said in console/view.rs
pub fn window_too_small_enlarge_it_to(
    area_width: impl Display,
    area_height: impl Display,
    value: impl Display,
    value2: impl Display,
) -> Said {
    Said {
        zh: format!("窗口太小（{area_width}×{area_height}）：请放大到至少 {value}×{value2}"),
        en: format!(
            "Window too small ({area_width}×{area_height}): enlarge it to at least {value}×{value2}"
        ),
    }
}

/// Said in console/view.rs
pub fn station_round_box_teller_hand_count(
    round: impl Display,
    box2: impl Display,
    teller: impl Display,
    hand_count: impl Display,
) -> Said {
    Said {
        zh: format!(
            " 计票台 · 第 {round} 轮 · 票箱 {box2} · 计票员 {teller} · 开箱清点 {hand_count} 张 "
        ),
        en: format!(
            " STATION · round {round} · box {box2} · teller {teller} · hand count {hand_count} "
        ),
    }
}

/// Said in console/app.rs
pub fn resumed_unacknowledged_bytes_complete_records_of(
    bytes: impl Display,
    batch_records: impl Display,
    side_file: impl Display,
) -> Said {
    Said {
        zh: format!(
            "已恢复会议：日志末尾未确认的 {bytes} 字节（其中完整记录 {batch_records} 条）已移至 {side_file}"
        ),
        en: format!(
            "resumed: {bytes} unacknowledged bytes ({batch_records} complete records of an unfinished batch) at the end of the log were moved to {side_file}"
        ),
    }
}

/// Said in console/app.rs
pub fn box_ballots(label: impl Display, n: impl Display) -> Said {
    Said {
        zh: format!("票箱 {label} {n} 张"),
        en: format!("box {label} {n} ballots"),
    }
}

/// Said in console/app.rs
pub fn ballots_imported(n: impl Display) -> Said {
    Said {
        zh: format!("已导入 {n} 张选票"),
        en: format!("{n} ballots imported"),
    }
}

/// Said in console/app.rs
pub fn deputies_checked_in_present(n: impl Display, present: impl Display) -> Said {
    Said {
        zh: format!("{n} 名代表已报到；实到 {present}"),
        en: format!("{n} deputies checked in; present {present}"),
    }
}

/// Said in console/app.rs
pub fn closed_check_the_count_then_d(name: impl Display) -> Said {
    Said {
        zh: format!("“{name}”已截止；核对后按 d 宣布结果"),
        en: format!("\"{name}\" closed; check the count, then d to declare"),
    }
}

/// Said in console/app.rs
pub fn declared_anchor_record_hash(
    name: impl Display,
    n: impl Display,
    head: impl Display,
) -> Said {
    Said {
        zh: format!("已宣布“{name}”的结果；锚点：第 {n} 条记录，哈希 {head}"),
        en: format!("\"{name}\" declared; anchor: record {n}, hash {head}"),
    }
}

/// Said in console/app.rs
pub fn created_enter_opens_it(name: impl Display) -> Said {
    Said {
        zh: format!("已建立“{name}”；按 Enter 开始表决"),
        en: format!("\"{name}\" created; Enter opens it"),
    }
}

/// Said in console/app.rs
pub fn boxes_sealed_collected_only_these_boxes(
    boxes: impl Display,
    collected: impl Display,
    boxes2: impl Display,
) -> Said {
    Said {
        zh: format!("已登记票箱 {boxes}，收回 {collected} 张；只导入这些票箱"),
        en: format!("boxes {boxes2} sealed, {collected} collected; only these boxes are imported"),
    }
}

/// Said in console/app.rs
pub fn box_finished_ballots_the_station_log(label: impl Display, ballots: impl Display) -> Said {
    Said {
        zh: format!(
            "票箱 {label} 录入完毕：{ballots} 张；计票台日志已关闭，交主控台导入（Esc 后按 q 退出）"
        ),
        en: format!(
            "box {label} finished: {ballots} ballots; the station log is closed, take it to the console to import (Esc, then q quits)"
        ),
    }
}

/// Said in console/app.rs
pub fn session_closed_records(records: impl Display) -> Said {
    Said {
        zh: format!("已闭会，共 {records} 条记录"),
        en: format!("session closed: {records} records"),
    }
}

/// Said in console/ask.rs
pub fn finish_box_and_close_the_station(
    station_box: impl Display,
    keyed: impl Display,
    hand: impl Display,
) -> Said {
    Said {
        zh: format!(
            "结束票箱 {station_box} 的录入并关闭计票台日志？已录入 {keyed} 张，开箱清点 {hand} 张。关闭后不能再改"
        ),
        en: format!(
            "Finish box {station_box} and close the station log? Keyed {keyed}, counted by hand {hand}. Nothing can be changed after"
        ),
    }
}

/// Said in console/ask.rs
pub fn close_voting_issued_returned_valid_void(
    issued: impl Display,
    returned: impl Display,
    valid: impl Display,
    void: impl Display,
) -> Said {
    Said {
        zh: format!("截止表决？发出 {issued} 收回 {returned} 有效 {valid} 无效 {void}"),
        en: format!("Close voting? Issued {issued} returned {returned} valid {valid} void {void}"),
    }
}

/// Said in console/ask.rs
pub fn ballot_s_not_yet_returned_after(out: impl Display) -> Said {
    Said {
        zh: format!("。尚有 {out} 张选票未收回，截止后按未收回计"),
        en: format!(". {out} ballot(s) not yet returned; after closing they count as not returned"),
    }
}

/// Said in console/ask.rs
pub fn declare_the_result_of_it_cannot(name: impl Display) -> Said {
    Said {
        zh: format!("宣布“{name}”的表决结果？宣布后不可更改。"),
        en: format!("Declare the result of \"{name}\"? It cannot be changed afterwards."),
    }
}

/// Said in console/ask.rs
pub fn open_a_among_places(reason: impl Display, names: &[&str], places: Option<u32>) -> Said {
    let (places_zh, places_en) = match places {
        Some(p) => (p.to_string(), p.to_string()),
        None => ("不限".to_string(), "any".to_string()),
    };
    Said {
        zh: format!("建立{reason}：{}，名额 {places_zh}？", names.join("、")),
        en: format!(
            "Open a {reason} among {}, places {places_en}?",
            names.join(", ")
        ),
    }
}

/// Said in console/ask.rs
pub fn recording_would_exceed_issued(returned: impl Display, item_issued: impl Display) -> Said {
    Said {
        zh: format!(
            "注意：记录后收回 {returned} 张，多于发出的 {item_issued} 张，本次表决将整体无效（选举法第四十四条）。"
        ),
        en: format!(
            "WARNING: returned would be {returned}, more than the {item_issued} issued: the whole vote becomes VOID (Election Law art. 44)."
        ),
    }
}

/// Said in console/widgets.rs
pub fn marked_of_limit(marked: &Said, lim: u32, over: bool) -> Said {
    let (marked_zh, marked_en) = (&marked.zh, &marked.en);
    let (over_zh, over_en) = if over {
        ("：超选，无效票", ": VOID (over-marked)")
    } else {
        ("", "")
    };
    Said {
        zh: format!(" {marked_zh} / 最多 {lim}{over_zh}"),
        en: format!(" {marked_en}, max {lim}{over_en}"),
    }
}

/// Said in console/forms/choices.rs: how many 赞成 the ballot marks.
pub fn fors_marked(fors: impl Display) -> Said {
    Said {
        zh: format!("赞成 {fors}"),
        en: format!("{fors} for"),
    }
}

/// Said in console/forms/ticks.rs: how many candidates the ballot ticks.
pub fn ticks_marked(ticked: impl Display) -> Said {
    Said {
        zh: format!("已勾选 {ticked}"),
        en: format!("{ticked} ticked"),
    }
}

/// Said in console/forms/election.rs: 赞成 and persons written in, together.
pub fn chosen_marked(chosen: impl Display) -> Said {
    Said {
        zh: format!("赞成及另选 {chosen}"),
        en: format!("{chosen} chosen"),
    }
}

/// Said in console/screens/voting.rs: the paper being keyed, by its number.
pub fn ballot_paper(paper: impl Display, again: bool) -> Said {
    if again {
        Said {
            zh: format!("第 {paper} 张选票（重新录入）"),
            en: format!("Ballot {paper} (keyed again)"),
        }
    } else {
        Said {
            zh: format!("第 {paper} 张选票"),
            en: format!("Ballot {paper}"),
        }
    }
}

/// Said in console/widgets.rs
pub fn no_quorum_short(short: impl Display) -> Said {
    Said {
        zh: format!("✖ 不足法定人数，还需 {short} 人"),
        en: format!("✖ no quorum: {short} more needed"),
    }
}

/// Said in console/widgets.rs
pub fn more_not_shown_enlarge_the_window(left: impl Display) -> Said {
    Said {
        zh: format!(" …另有 {left} 项未显示（放大窗口可见）"),
        en: format!(" … {left} more not shown (enlarge the window)"),
    }
}

/// Said in console/screens/voting.rs
pub fn is_open_ballots_issued(name: impl Display, issued: impl Display) -> Said {
    Said {
        zh: format!("“{name}”开始表决，发出选票 {issued} 张"),
        en: format!("\"{name}\" is open: {issued} ballots issued"),
    }
}

/// Said in console/screens/voting.rs: a ballot voided, keyed again next on a secret round.
pub fn ballot_voided_ack(paper: impl Display, secret: bool) -> Said {
    if secret {
        Said {
            zh: format!("第 {paper} 张选票已作废：请重新录入（不重录按 Esc）"),
            en: format!("ballot {paper} voided: key it again (Esc: not again)"),
        }
    } else {
        Said {
            zh: format!("第 {paper} 张选票已作废，可重新录入"),
            en: format!("ballot {paper} voided; key it again"),
        }
    }
}

/// Said in console/screens/voting.rs
pub fn entry_number_clause(ballot: impl Display) -> Said {
    Said {
        zh: format!("，录入号 {ballot}"),
        en: format!(", entry {ballot}"),
    }
}

/// Said in console/screens/voting.rs
pub fn ballot_returned(
    paper: impl Display,
    again: bool,
    seat: impl Display,
    returned: impl Display,
    entry: impl Display,
) -> Said {
    let (zh, en) = if again {
        ("重新录入", "keyed again")
    } else {
        ("记录", "recorded")
    };
    Said {
        zh: format!("第 {paper} 张选票已{zh}{seat}（收回 {returned}{entry}）"),
        en: format!("ballot {paper} {en}{seat} (returned {returned}{entry})"),
    }
}

/// Said in console/screens/voting.rs
pub fn box_keyed_of_counted_by_hand(
    station_box: impl Display,
    returned: impl Display,
    hand_count: impl Display,
) -> Said {
    Said {
        zh: format!("票箱 {station_box} · 已录入 {returned} 张 / 开箱清点 {hand_count} 张"),
        en: format!("box {station_box} · keyed {returned} of {hand_count} counted by hand"),
    }
}

/// Said in console/screens/voting.rs
pub fn boxes_imported_of_ballots_in_them(
    imported: impl Display,
    boxes_count: impl Display,
    box_ballots: impl Display,
    seal_collected: impl Display,
    issued: impl Display,
) -> Said {
    Said {
        zh: format!(
            "票箱 已导入 {imported}/{boxes_count} · 票箱合计 {box_ballots} 张 / 会场收回 {seal_collected} 张 · 发出 {issued}"
        ),
        en: format!(
            "boxes imported {imported} of {boxes_count} · {box_ballots} ballots in them of {seal_collected} collected · {issued} issued"
        ),
    }
}

/// Said in console/screens/voting.rs
pub fn returned_of_issued_valid_void(
    returned: impl Display,
    issued: impl Display,
    valid: impl Display,
    void: impl Display,
) -> Said {
    Said {
        zh: format!("收回 {returned} / 发出 {issued}（有效 {valid} 无效 {void}）"),
        en: format!("returned {returned} of {issued} issued (valid {valid}, void {void})"),
    }
}

/// Said in console/screens/voting.rs
pub fn all_returned(returned: impl Display, issued: impl Display) -> Said {
    Said {
        zh: format!("  已全部收回（{returned}/{issued}）"),
        en: format!("  all returned ({returned}/{issued})"),
    }
}

/// Said in console/screens/voting.rs
pub fn sealed_boxes(seal_boxes: impl Display, seal_boxes2: impl Display) -> Said {
    Said {
        zh: format!(" 票箱：{seal_boxes}"),
        en: format!(" boxes: {seal_boxes2}"),
    }
}

/// Said in console/screens/voting.rs
pub fn boxes_not_imported(missing: impl Display, missing2: impl Display) -> Said {
    Said {
        zh: format!(" 未导入：{missing}"),
        en: format!(" not imported: {missing2}"),
    }
}

/// Said in console/screens/voting.rs
pub fn vote_of_seat(seat: impl Display, name: impl Display) -> Said {
    Said {
        zh: format!("{seat} 号 {name} 的表决"),
        en: format!("Vote of seat {seat} {name}"),
    }
}

/// Said in console/screens/attendance.rs
pub fn check_in_all_absent_deputies_those(seats_count: impl Display) -> Said {
    Said {
        zh: format!("{seats_count} 名缺席代表全部报到出席（请假者除外）？"),
        en: format!("Check in all {seats_count} absent deputies (those on leave stay on leave)?"),
    }
}

/// Said in console/screens/attendance.rs
pub fn seat_is_on_leave_check_them(seat: impl Display) -> Said {
    Said {
        zh: format!("{seat} 号代表已请假：改为报到出席？"),
        en: format!("Seat {seat} is on leave: check them in as present?"),
    }
}

/// Said in console/screens/attendance.rs
pub fn seat_checked_in_present(
    seat: impl Display,
    name: impl Display,
    present: impl Display,
) -> Said {
    Said {
        zh: format!("{seat} 号 {name} 已报到；实到 {present}"),
        en: format!("seat {seat} {name} checked in; present {present}"),
    }
}

/// Said in console/screens/results.rs
pub fn passing_needs_for_more_than_half(threshold: impl Display, base: impl Display) -> Said {
    Said {
        zh: format!(" 通过须赞成 ≥ {threshold}（超过基数 {base} 的半数）"),
        en: format!(" passing needs ≥ {threshold} for (more than half of {base})"),
    }
}

/// Said in console/screens/results.rs
pub fn adopted_projects_investment(adopted_investment: impl Display) -> Said {
    Said {
        zh: format!(" 通过项目总投资 {adopted_investment} 万元"),
        en: format!(" adopted projects' investment: {adopted_investment} 万元"),
    }
}

/// Said in console/screens/results.rs
pub fn anchor_declared_at_log_record(n: impl Display) -> Said {
    Said {
        zh: format!(" 宣布锚点：日志第 {n} 条记录"),
        en: format!(" anchor: declared at log record {n}"),
    }
}

/// Said in console/screens/voting_tally.rs
pub fn keyed_valid_void(returned: impl Display, valid: impl Display, void: impl Display) -> Said {
    Said {
        zh: format!(" 已录入 {returned} 张（有效 {valid} 无效 {void}）"),
        en: format!(" keyed {returned} (valid {valid}, void {void})"),
    }
}

/// Said in console/screens/voting_tally.rs
pub fn pass_for_half_of(threshold: impl Display, base: impl Display, places: Option<u32>) -> Said {
    let (zh, en) = match places {
        Some(p) => (format!(" · 名额 {p}"), format!(" · places {p}")),
        None => (String::new(), String::new()),
    };
    Said {
        zh: format!(" 通过线 赞成≥{threshold} · 基数 {base}{zh}"),
        en: format!(" pass: for ≥ {threshold} (> half of {base}){en}"),
    }
}

/// Said in console/screens/overview.rs
pub fn open_voting_on_ballots_issued_present(title: impl Display, present: impl Display) -> Said {
    Said {
        zh: format!(
            "开始表决“{title}”？发出 {present} 张选票（实到 {present}）；表决期间出席情况锁定，截止后才能更改"
        ),
        en: format!(
            "Open voting on \"{title}\"? {present} ballots issued (present {present}); attendance is locked until voting closes"
        ),
    }
}

/// Said in console/screens/overview.rs
pub fn close_the_session_nothing_can_be(
    declared: impl Display,
    pending: impl Display,
    needing: impl Display,
) -> Said {
    Said {
        zh: format!(
            "闭会？此后不能再记录任何内容。已宣布 {declared} 个事项，未表决 {pending} 个；{needing} 个有未满名额、平票或无效表决而未另行票决，闭会后这些名额空缺，结果单列为未完成事项。"
        ),
        en: format!(
            "Close the session? Nothing can be recorded after this. {declared} item(s) declared, {pending} never voted on; {needing} with places unfilled, a tie or a void vote and no further vote: after closing those places stay unfilled, and the sheet lists them as unfinished."
        ),
    }
}

/// Said in console/screens/overview.rs
pub fn warning_the_vote_on_was_void(
    void: impl Display,
    q: impl Display,
    void2: impl Display,
) -> Said {
    Said {
        zh: format!(
            "注意：{void} 的表决无效且未重新表决，闭会后这些事项没有任何结果，结果单列为未完成。{q}"
        ),
        en: format!(
            "WARNING: the vote on {void2} was void and never re-run; after closing these items have no result, and the sheet lists them as unfinished. {q}"
        ),
    }
}

/// Said in console/screens/overview.rs
pub fn round_title(item_round: impl Display, title: impl Display) -> Said {
    Said {
        zh: format!("第{item_round}轮 {title}"),
        en: format!("round {item_round} {title}"),
    }
}

/// Said in console/forms/ratings.rs
pub fn subject_is_not_rated_yet(missing: impl Display) -> Said {
    Said {
        zh: format!("第 {missing} 个测评对象尚未选择档次"),
        en: format!("subject {missing} is not rated yet"),
    }
}

/// Said in console/forms/ratings.rs
pub fn subject_s_left_blank_not_rated(blank: impl Display, blank2: impl Display) -> Said {
    Said {
        zh: format!("第 {blank} 个测评对象未评（留空，不计入任何档次）：记录本票？"),
        en: format!(
            "subject(s) {blank2} left blank (not rated, counted under no label): record this ballot?"
        ),
    }
}

/// Said in console/forms/choices.rs: the question before an over-marked ballot.
pub fn record_over_marked_for(fors: usize, max: u32) -> Said {
    Said {
        zh: format!("本票赞成 {fors} 项，超过 {max} 项：作为无效票记录？"),
        en: format!("{fors} marked for, more than {max}: record as a VOID ballot?"),
    }
}

/// Said in console/forms/ticks.rs: the question before an over-ticked ballot.
pub fn record_over_ticked(ticks: usize, limit: u32) -> Said {
    Said {
        zh: format!("本票勾选 {ticks} 项，超过 {limit} 项：作为无效票记录？"),
        en: format!("{ticks} ticks, more than {limit}: record as a VOID ballot?"),
    }
}

/// Said in console/screens/attendance.rs
pub fn roster_count(shown: usize, all: usize) -> Said {
    Said {
        zh: format!("代表名单 {shown}/{all}"),
        en: format!("Roster {shown}/{all}"),
    }
}

/// Said in console/screens/attendance.rs
pub fn seat_on_leave(seat: impl Display) -> Said {
    Said {
        zh: format!("{seat} 号代表请假"),
        en: format!("seat {seat} on leave"),
    }
}

/// Said in console/screens/attendance.rs
pub fn seat_marked_absent(seat: impl Display) -> Said {
    Said {
        zh: format!("{seat} 号代表改为缺席"),
        en: format!("seat {seat} marked absent"),
    }
}

/// Said in console/forms/election.rs: the question before an over-chosen ballot.
pub fn record_over_chosen(fors: usize, written: usize, places: u32) -> Said {
    Said {
        zh: format!(
            "本票赞成 {fors} 人、另选 {written} 人，超过应选 {places} 名：作为无效票记录？"
        ),
        en: format!(
            "{fors} for and {written} written in, more than {places} places: record as a VOID ballot?"
        ),
    }
}

/// Said in console/ask.rs: a further election's list longer than the candidates left.
pub fn too_few_candidates_left(wanted: usize) -> Said {
    Said {
        zh: format!("未当选的候选人不足 {wanted} 人：不能按此差额另行选举"),
        en: format!(
            "fewer than {wanted} candidates were not elected: no further election with that many"
        ),
    }
}
