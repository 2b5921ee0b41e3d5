//! A ballot box's count sheet, from its station log alone.

use std::fmt::Write as _;

/// A ballot box's count sheet from its station log: the box's count and totals, the
/// station log's anchor, and signature lines for the table's teller and scrutineer.
pub fn station_markdown(log: &crate::station::StationLog) -> String {
    let b = &log.binding;
    let t = crate::station::totals(log);
    let mut o = String::new();
    let _ = writeln!(o, "# 票箱计票单 (Ballot box count sheet)\n");
    if !log.closed {
        let _ = writeln!(
            o,
            "> 计票台日志未关闭：本票箱尚未录入完毕，不能导入 (The station log is not closed: the box is not finished and cannot be imported)\n"
        );
    }
    if t.ballots != b.hand_count {
        let _ = writeln!(
            o,
            "> 录入 {} 张与开箱清点 {} 张不一致：导入时须由监票人裁定并记录理由 (Keyed count differs from the hand count: the scrutineers decide at import, with a reason)\n",
            t.ballots, b.hand_count
        );
    }
    station_facts(&mut o, log, &t);
    station_totals(&mut o, log, &t);
    let _ = writeln!(o, "\n## 日志锚点 (Anchor)\n");
    let _ = writeln!(
        o,
        "- 计票台日志 (Station log): {} 条记录 (records)，末条哈希 (head) `{}`",
        log.records, log.head
    );
    let _ = writeln!(
        o,
        "- 所属会议日志 (Session log identity) `{}`，第 {} 条记录开始本轮表决 (round opened) `{}`",
        b.session_log, b.round_record, b.round_hash
    );
    let _ = writeln!(
        o,
        "- 导入后核对 (After import): `votedesk verify LOG --stations DIR` 检查导入的票箱与本日志逐张一致 (checks the imported box equals this log ballot by ballot)\n"
    );
    let _ = writeln!(o, "## 签字 (Signatures)\n");
    let _ = writeln!(o, "| 职责 Role | 签名 Signature | 日期 Date |");
    let _ = writeln!(o, "|---|---|---|");
    let _ = writeln!(o, "| 计票人 (Teller) {} | | |", b.teller);
    let _ = writeln!(o, "| 监票人 (Scrutineer) | | |");
    o
}

/// The box's facts: session, item, box, teller, counts, corrections, order, times.
fn station_facts(o: &mut String, log: &crate::station::StationLog, t: &crate::station::BoxTotals) {
    let b = &log.binding;
    let _ = writeln!(o, "- 会议 (Session): {}", log.session);
    let _ = writeln!(o, "- 事项 (Item): {} · `{}`", b.title, b.item);
    let _ = writeln!(o, "- 票箱 (Box): {}", b.r#box);
    let _ = writeln!(o, "- 计票人 (Teller): {}", b.teller);
    let _ = writeln!(o, "- 开箱清点 (Hand count): {} 张 (ballots)", b.hand_count);
    let _ = writeln!(
        o,
        "- 录入 (Keyed): {} 张 (ballots)；其中废票 (spoiled) {}，其他无效票 (void) {}",
        t.ballots, t.spoiled, t.void
    );
    let _ = writeln!(
        o,
        "- 录入更正 (Corrections): {}",
        if log.voided.is_empty() {
            "无 (none)".to_string()
        } else {
            log.voided
                .iter()
                .map(|(n, r)| format!("第 {n} 张 (ballot {n}): {r}"))
                .collect::<Vec<_>>()
                .join("；")
        }
    );
    let _ = writeln!(
        o,
        "- 票序 (Order): {}",
        if b.order_kept {
            "按录入顺序保存，选票上可铅笔标注票号 (kept in keyed order)"
        } else {
            "票序已打乱 (order lost): 双录时按合计比对 (compared as totals)"
        }
    );
    let _ = writeln!(o, "- 录入时间 (Keyed): {} – {}\n", log.started, log.ended);
}

/// The box's totals per choice: the marks in a fixed order, then scale labels as they occur.
fn station_totals(o: &mut String, log: &crate::station::StationLog, t: &crate::station::BoxTotals) {
    let b = &log.binding;
    let fixed = ["for", "against", "abstain", "tick"];
    let mut cols: Vec<String> = fixed
        .iter()
        .filter(|l| t.per_choice.iter().flatten().any(|(x, _)| x == *l))
        .map(|l| l.to_string())
        .collect();
    for (l, _) in t.per_choice.iter().flatten() {
        if !cols.contains(l) && l != "blank" {
            cols.push(l.clone());
        }
    }
    if t.per_choice.iter().flatten().any(|(l, _)| l == "blank") {
        cols.push("blank".into());
    }
    let header = |l: &str| match l {
        "for" => "赞成 For".to_string(),
        "against" => "反对 Against".to_string(),
        "abstain" => "弃权 Abstain".to_string(),
        "tick" => "勾选 Ticked".to_string(),
        "blank" => "未评 Blank".to_string(),
        other => other.to_string(),
    };
    let _ = writeln!(o, "## 本票箱合计 (Totals of this box)\n");
    let _ = writeln!(
        o,
        "本票箱的合计只是全部票数的一部分，不作通过与否的判定 (One box decides nothing: no verdict here).\n"
    );
    let mut head = "| # | 候选项目 / 测评对象 (Choice) |".to_string();
    let mut rule = "|---:|---|".to_string();
    for c in &cols {
        head.push_str(&format!(" {} |", header(c)));
        rule.push_str("---:|");
    }
    let _ = writeln!(o, "{head}\n{rule}");
    for (k, (id, name)) in b.choices.iter().enumerate() {
        let mut row = format!("| {} | {name} (`{id}`) |", k + 1);
        for c in &cols {
            let n = t.per_choice[k]
                .iter()
                .find(|(l, _)| l == c)
                .map_or(0, |(_, n)| *n);
            row.push_str(&format!(" {n} |"));
        }
        let _ = writeln!(o, "{row}");
    }
}
