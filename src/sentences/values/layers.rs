//! Sentences with values said by the console's layers: questions, reasons, imports, boxes,
//! seals and names written in.

use std::fmt::Display;

use crate::sentences::Said;

/// Said in console/layers/reason.rs
pub fn record_a_void_ballot_reason(reason: impl Display) -> Said {
    Said {
        zh: format!("记录一张无效票？理由：{reason}"),
        en: format!("Record a VOID ballot? Reason: {reason}"),
    }
}

/// Said in console/layers/reason.rs
pub fn void_ballot_reason(paper: impl Display, marks: impl Display, reason: impl Display) -> Said {
    Said {
        zh: format!("作废第 {paper} 张选票{marks}？理由：{reason}"),
        en: format!("Void ballot {paper} {marks}? Reason: {reason}"),
    }
}

/// Said in console/layers/boxes.rs
pub fn box_s_station_log_head_read(
    plan_box: impl Display,
    binding_teller: impl Display,
    groups: impl Display,
) -> Said {
    Said {
        zh: format!(
            "票箱 {plan_box} · {binding_teller} 的计票台日志哈希 {groups}：与签字的票箱计数单逐组读对"
        ),
        en: format!(
            "box {plan_box} · {binding_teller}'s station log head {groups}: read it group by group against the signed count sheet"
        ),
    }
}

/// Said in console/layers/boxes.rs
pub fn box_entered_once_by_no_second(plan_box: impl Display, tellers_plan: impl Display) -> Said {
    Said {
        zh: format!(
            "票箱 {plan_box}：只有 {tellers_plan} 录入一次，没有第二次录入（双录是规定做法）"
        ),
        en: format!(
            "box {plan_box}: entered once, by {tellers_plan}; no second entry (double entry is the rule)"
        ),
    }
}

/// Said in console/layers/boxes.rs
pub fn no_box_imported_problem_s_first(problems_count: impl Display, first: impl Display) -> Said {
    Said {
        zh: format!("未导入任何票箱：{problems_count} 处问题，第一处 {first}"),
        en: format!("no box imported: {problems_count} problem(s), first {first}"),
    }
}

/// Said in console/layers/boxes.rs
pub fn box_ballots_how(box2: impl Display, count: impl Display, how: impl Display) -> Said {
    Said {
        zh: format!("票箱 {box2} {count} 张（{how}）"),
        en: format!("box {box2} {count} ballots ({how})"),
    }
}

/// Said in console/layers/boxes.rs
pub fn record_each_box_is_written_at(parts: impl Display, parts2: impl Display) -> Said {
    Said {
        zh: format!("记录{parts}？每个票箱一次写入"),
        en: format!("Record {parts2}? Each box is written at once"),
    }
}

/// Said in console/layers/boxes.rs
pub fn import_would_exceed_issued(returned: impl Display, issued: impl Display) -> Said {
    Said {
        zh: format!(
            " 注意：导入后收回 {returned} 张，多于发出的 {issued} 张，本次表决将整体无效（选举法第四十四条）"
        ),
        en: format!(
            " WARNING: returned would be {returned}, more than the {issued} issued: the whole vote becomes void (Election Law art. 44)"
        ),
    }
}

/// Said in console/layers/boxes.rs
pub fn boxes_compared_to_decide_left(rows_count: impl Display, left: impl Display) -> Said {
    Said {
        zh: format!("票箱比对：{rows_count} 项须裁定，尚余 {left} 项"),
        en: format!("Boxes compared: {rows_count} to decide, {left} left"),
    }
}

/// Said in console/layers/boxes.rs
pub fn box_keyed_hand_count(
    box2: impl Display,
    tellers: impl Display,
    ballots_count: impl Display,
    hand_count: impl Display,
) -> Said {
    Said {
        zh: format!(" 票箱 {box2}：{tellers}；录入 {ballots_count} 张，清点 {hand_count} 张"),
        en: format!(" box {box2}: {tellers}; keyed {ballots_count}, hand count {hand_count}"),
    }
}

/// Said in console/layers/boxes_state.rs
pub fn entry_recorded(n: impl Display, teller: impl Display, reason: impl Display) -> Said {
    Said {
        zh: format!("按第 {n} 次录入（{teller}）记录 · {reason}"),
        en: format!("entry {n} ({teller}) recorded · {reason}"),
    }
}

/// Said in console/layers/boxes_state.rs
pub fn same_as_the_signed_count_sheet(by: impl Display) -> Said {
    Said {
        zh: format!("与签字计数单核对一致（监票人 {by}）"),
        en: format!("same as the signed count sheet (scrutineer {by})"),
    }
}

/// Said in console/layers/import.rs
pub fn import_ballots_from_rows_without_a(
    name: impl Display,
    batch_ballots: impl Display,
    not_voted: impl Display,
) -> Said {
    Said {
        zh: format!("从 {name} 导入 {batch_ballots} 张选票（另有 {not_voted} 行未按键，不计入）？"),
        en: format!(
            "Import {batch_ballots} ballots from {name} ({not_voted} rows without a vote are not recorded)?"
        ),
    }
}

/// Said in console/layers/seal.rs
pub fn seal_the_boxes_of_in_all(
    name: impl Display,
    list: impl Display,
    given_count: impl Display,
    collected: impl Display,
    issued: impl Display,
) -> Said {
    Said {
        zh: format!(
            "登记“{name}”的票箱：{list}（共 {given_count} 个），会场收回 {collected} 张（发出 {issued} 张）？此后本轮只从这些票箱计票"
        ),
        en: format!(
            "Seal the boxes of \"{name}\": {list} ({given_count} in all), {collected} ballots collected in the hall ({issued} issued)? From now on the round counts only these boxes"
        ),
    }
}

/// Said in console/layers/seal.rs
pub fn the_boxes_hold_of_the_collected(box_ballots: impl Display, collected: impl Display) -> Said {
    Said {
        zh: format!("票箱合计 {box_ballots} 张，会场收回 {collected} 张"),
        en: format!("the boxes hold {box_ballots} of the {collected} collected"),
    }
}

/// Said in console/layers/seal.rs
pub fn boxes_not_imported_clause(missing: impl Display, missing2: impl Display) -> Said {
    Said {
        zh: format!("；票箱 {missing} 未导入"),
        en: format!("; not imported: {missing2}"),
    }
}

/// Said in console/layers/seal.rs
pub fn record_the_scrutineers_decision_and_close(
    words_open: impl Display,
    reason: impl Display,
) -> Said {
    Said {
        zh: format!("记录监票人裁定并截止表决？{words_open}。理由：{reason}"),
        en: format!(
            "Record the scrutineers' decision and close voting? {words_open}. Reason: {reason}"
        ),
    }
}

/// Said in console/layers/boxes.rs
pub fn still_to_decide(left: usize) -> Said {
    Said {
        zh: format!("尚有 {left} 项未裁定；全部裁定后才能记录"),
        en: format!("{left} still to decide; nothing is recorded before all are"),
    }
}

/// Said in console/layers/boxes.rs: how a box was entered.
pub fn box_entered_how(single: bool, differences: usize) -> Said {
    match (single, differences) {
        (true, _) => Said {
            zh: "单录".into(),
            en: "single entry".into(),
        },
        (false, 0) => Said {
            zh: "双录一致".into(),
            en: "double entry agrees".into(),
        },
        (false, n) => Said {
            zh: format!("双录 {n} 处不一致已裁定"),
            en: format!("double entry, {n} difference(s) decided"),
        },
    }
}

/// Said in console/layers/import.rs
pub fn nothing_imported(problems: usize, first: impl Display) -> Said {
    Said {
        zh: format!("未导入任何选票：{problems} 处问题，第一处 {first}"),
        en: format!("nothing imported: {problems} problem(s), first {first}"),
    }
}

/// Said in console/layers/reason.rs: the reason's title.
pub fn void_ballot_title(paper: Option<u32>) -> Said {
    match paper {
        Some(n) => Said {
            zh: format!("作废第 {n} 张选票"),
            en: format!("Void ballot {n}"),
        },
        None => Said {
            zh: "本票为无效票：理由".into(),
            en: "This ballot is void: why".into(),
        },
    }
}

/// Said in console/layers/reason.rs
pub fn in_brackets(words: impl Display) -> Said {
    Said {
        zh: format!("（{words}）"),
        en: format!("({words})"),
    }
}

/// Said in console/layers/write_in.rs
pub fn write_in_is_a_candidate(name: impl Display) -> Said {
    Said {
        zh: format!("“{name}”是本票候选人：请在其名下标记赞成，不要另选"),
        en: format!("\"{name}\" is a candidate on this ballot: mark 1 (for) on their row instead"),
    }
}

/// Said in console/layers/write_in.rs
pub fn write_in_already_on_ballot(name: impl Display) -> Said {
    Said {
        zh: format!("“{name}”已另选在本票上"),
        en: format!("\"{name}\" is already written in on this ballot"),
    }
}

/// Said in console/layers/write_in.rs
pub fn written_in_name(name: impl Display) -> Said {
    Said {
        zh: format!("另选 {name}"),
        en: format!("written in: {name}"),
    }
}

/// Said in console/layers/write_in.rs: a spelling that differs from a known name.
pub fn write_in_like_known(typed: impl Display, known: impl Display) -> Said {
    Said {
        zh: format!(" “{typed}”是不是“{known}”？y 是此人  n 另一人，照写"),
        en: format!(" Is \"{typed}\" \"{known}\"? y: that person  n: another person, as written"),
    }
}

/// Said in console/layers/write_in.rs: a name never seen in this round or on the roster.
pub fn write_in_new_person(typed: impl Display) -> Said {
    Said {
        zh: format!(" “{typed}”不在代表名单上，本轮也未另选过：作为新的人选写入？y/n"),
        en: format!(
            " \"{typed}\" is not on the roster nor written in this round before: write in as a new person? y/n"
        ),
    }
}
