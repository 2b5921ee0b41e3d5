//! The sheet in Markdown (what `html` prints), and a station's count sheet.

use super::*;
use crate::engine::{Choice, Marks};
use crate::form::{self, Mark};
use crate::tally::{RatingTally, VoteTally};

/// A deputy's choice on a named item, in both languages.
/// A named vote as a grid the scrutineers can check against the roll: one row per deputy,
/// one column per candidate (or subject) headed by its title, grouped by delegation with a
/// subtotal row under each group.
fn roll_call_grid(o: &mut String, tally: &ItemTally, roll: &[tally::RollCallEntry]) {
    let (ids, titles): (Vec<&str>, Vec<&str>) = match tally {
        ItemTally::Vote(v) => v
            .candidates
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str()))
            .unzip(),
        ItemTally::Rating(r) => r
            .subjects
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str()))
            .unzip(),
    };
    let n = titles.len();
    // Several columns print as numbered columns of one-character marks, so a deputy takes
    // one printed line; one column keeps its title and words, three deputies to a line.
    let wide = n > 1;
    let grid = Grid {
        ids,
        wide,
        per_line: if wide { 1 } else { 3 },
    };
    grid.head(o, &titles, roll);
    // Delegations in roster order, each deputy under their own.
    let mut delegations: Vec<&str> = Vec::new();
    for r in roll {
        if !delegations.contains(&r.delegation.as_str()) {
            delegations.push(&r.delegation);
        }
    }
    for d in delegations {
        grid.delegation(o, d, roll);
    }
}

/// The roll call's layout: the round's choice ids, whether marks print as one character
/// in numbered columns (`wide`), and deputies to a printed line.
struct Grid<'a> {
    ids: Vec<&'a str>,
    wide: bool,
    per_line: usize,
}

impl Grid<'_> {
    /// One deputy's marks, a cell per column.
    fn marks(&self, marks: Option<&Marks>) -> Vec<String> {
        let (n, wide, ids) = (self.ids.len(), self.wide, &self.ids);
        let mut cells = vec![String::new(); n];
        let first = |cells: &mut Vec<String>, text: String| {
            if let Some(c) = cells.first_mut() {
                *c = text;
            }
        };
        match marks {
            None => first(&mut cells, "未投 (not voted)".into()),
            Some(Marks::Spoiled) => first(&mut cells, "废票 (void)".into()),
            Some(Marks::Void { reason }) => first(&mut cells, format!("无效票 (void): {reason}")),
            Some(m) => {
                for (k, (c, id)) in cells.iter_mut().zip(ids.iter()).enumerate() {
                    let word = match form::mark(m, k, id) {
                        Some(Mark::Choice(choice)) => match (choice, wide) {
                            (Choice::For, false) => "赞成",
                            (Choice::Against, false) => "反对",
                            (Choice::Abstain, false) => "弃权",
                            (Choice::For, true) => "赞",
                            (Choice::Against, true) => "反",
                            (Choice::Abstain, true) => "弃",
                        },
                        Some(Mark::Ticked(true)) => "✓",
                        Some(Mark::Rated("")) => "未评",
                        Some(Mark::Rated(label)) => label,
                        Some(Mark::Ticked(false)) | None => continue,
                    };
                    *c = word.into();
                }
            }
        }
        cells
    }

    /// The legend, the numbered columns' titles and the table's header.
    fn head(&self, o: &mut String, titles: &[&str], roll: &[tally::RollCallEntry]) {
        let (n, wide, per_line) = (titles.len(), self.wide, self.per_line);
        let ticks = roll
            .iter()
            .any(|r| matches!(r.marks, Some(Marks::Ticks { .. })));
        let legend = match (wide, ticks) {
            (_, true) => "✓ 勾选 ticked",
            (true, false) => "赞 赞成 for, 反 反对 against, 弃 弃权 abstain",
            (false, false) => "赞成 for, 反对 against, 弃权 abstain",
        };
        let _ = writeln!(o, "\n记名表决明细 (Roll call: who voted how; {legend})\n");
        if wide {
            let columns: Vec<String> = titles
                .iter()
                .enumerate()
                .map(|(k, t)| format!("{} {t}", k + 1))
                .collect();
            let _ = writeln!(o, "栏目 (Columns): {}\n", columns.join(" · "));
        }
        let heads: String = if wide {
            (1..=n).map(|k| format!(" {k} |")).collect()
        } else {
            titles.iter().map(|t| format!(" {} |", cell(t))).collect()
        };
        let rule: String = titles.iter().map(|_| "---|").collect();
        let group = format!("座位 Seat | 姓名 Name | 选票 Ballot |{heads}");
        let group_rule = format!("---:|---|---:|{rule}");
        let _ = writeln!(
            o,
            "| {}\n|{}",
            vec![group; per_line].join(" "),
            vec![group_rule; per_line].join("")
        );
    }

    /// A row of the table's width: `cells`, then blanks.
    fn row(&self, cells: Vec<String>) -> String {
        let width = (3 + self.ids.len()) * self.per_line;
        let blanks = width.saturating_sub(cells.len());
        let mut all = cells;
        all.extend(std::iter::repeat_n(String::new(), blanks));
        let body: String = all.iter().map(|c| format!(" {c} |")).collect();
        format!("|{body}").replace("  |", " |")
    }

    /// A delegation's heading, its deputies and its subtotal.
    fn delegation(&self, o: &mut String, d: &str, roll: &[tally::RollCallEntry]) {
        let (n, per_line) = (self.ids.len(), self.per_line);
        let row = |cells| self.row(cells);
        let members: Vec<&tally::RollCallEntry> =
            roll.iter().filter(|r| r.delegation == d).collect();
        let _ = writeln!(
            o,
            "{}",
            row(vec![String::new(), format!("**{}**", cell(d))])
        );
        // Per column: how often each mark occurs in this delegation.
        let mut counts: Vec<Vec<(String, u32)>> = vec![Vec::new(); n];
        for line in members.chunks(per_line) {
            let mut cells = Vec::new();
            for r in line {
                let marks = self.marks(r.marks.as_ref());
                cells.push(r.seat.to_string());
                cells.push(cell(&r.name));
                cells.push(r.ballot.map(|b| b.to_string()).unwrap_or_default());
                cells.extend(marks.iter().map(|c| cell(c)));
                if r.marks.is_some() {
                    for (k, c) in marks.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
                        match counts[k].iter_mut().find(|(l, _)| l == c) {
                            Some((_, x)) => *x += 1,
                            None => counts[k].push((c.clone(), 1)),
                        }
                    }
                }
            }
            let _ = writeln!(o, "{}", row(cells));
        }
        let voted = members.iter().filter(|r| r.marks.is_some()).count();
        let mut sub = vec![
            String::new(),
            format!("小计 (subtotal) {}", cell(d)),
            format!("{voted}/{}", members.len()),
        ];
        sub.extend(counts.iter().map(|col| {
            let words: Vec<String> = col.iter().map(|(l, x)| format!("{l} {x}")).collect();
            cell(&words.join(" · "))
        }));
        let _ = writeln!(o, "{}", row(sub));
    }
}

/// Escape a table cell for Markdown.
fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The printable sheet, Chinese labels with English in brackets.
pub fn markdown(sheet: &Sheet) -> String {
    let mut o = String::new();
    sheet_head(&mut o, sheet);
    for (n, item) in sheet.items.iter().enumerate() {
        sheet_item(&mut o, n, item, sheet.session.body);
    }
    sheet_tail(&mut o, sheet);
    o
}

/// The sheet's title, its warning when the log is not verified, the session and its
/// attendance.
fn sheet_head(o: &mut String, sheet: &Sheet) {
    let s = &sheet.session;
    let _ = writeln!(o, "# {} 表决结果报告单 (Result sheet)\n", s.title);
    if !sheet.verified {
        let _ = writeln!(
            o,
            "> **⚠ 日志未通过校验，本报告单不得作为正式结果 (NOT VERIFIED: {}).** 请运行 `votedesk verify` 核查。\n",
            sheet.verdict
        );
    }
    let a = &sheet.attendance;
    let _ = writeln!(o, "- 会议 (Session): {} (`{}`)", s.title, s.id);
    let _ = writeln!(o, "- 类别 (Body): {}", body_zh(s.body));
    let _ = writeln!(o, "- 日期 (Date): {}", s.date);
    if let Some(t) = &s.opened_at {
        let _ = writeln!(o, "- 日志开始 (Log opened): {t}");
    }
    if let Some(t) = &s.closed_at {
        let _ = writeln!(o, "- 闭会 (Session closed): {t}");
    }
    if !sheet.operators.is_empty() {
        let _ = writeln!(o, "- 操作员 (Operators): {}", sheet.operators.join("、"));
    }
    let _ = writeln!(
        o,
        "- 应到 (Seated) {} · 实到 (Present) {} · 请假 (On leave) {} · 缺席 (Absent) {}{} · {}",
        a.seated,
        a.present,
        a.on_leave,
        a.absent,
        if a.vacant > 0 {
            format!(" · 缺额 (Vacant) {}", a.vacant)
        } else {
            String::new()
        },
        if a.quorum_met {
            "符合法定人数 (quorum met)"
        } else {
            "不足法定人数 (NO quorum)"
        }
    );
    if !sheet.on_leave.is_empty() {
        let label = crate::words::for_body(crate::lang::Lang::Zh, s.body, "请假代表");
        let _ = writeln!(o, "- {label} (On leave): {}", sheet.on_leave.join("、"));
    }
    if !sheet.absent.is_empty() {
        let label = crate::words::for_body(crate::lang::Lang::Zh, s.body, "缺席代表");
        let _ = writeln!(o, "- {label} (Absent): {}", sheet.absent.join("、"));
    }
    let _ = writeln!(o);
}

/// One round: its form and rule, its times and anchor, its ballots, corrections and boxes,
/// its counts and, for a named vote, the roll call.
fn sheet_item(o: &mut String, n: usize, item: &SheetItem, body: Body) {
    item_heading(o, n, item);
    if item.phase == Phase::Pending {
        let _ = writeln!(o, "- 未表决 (not voted on)\n");
        return;
    }
    item_ballots(o, item);
    for bx in &item.boxes {
        box_line(o, bx);
    }
    match &item.tally {
        ItemTally::Vote(v) => vote_table(o, v, body),
        ItemTally::Rating(r) => rating_table(o, r),
    }
    if let Some(roll) = &item.roll_call {
        roll_call_grid(o, &item.tally, roll);
    }
    let _ = writeln!(o);
}

/// The round's heading: its number and title, form, rule, times and declaration anchor.
fn item_heading(o: &mut String, n: usize, item: &SheetItem) {
    let round = match (item.round, item.reason) {
        (1, _) => String::new(),
        (r, Some(crate::engine::RoundReason::Unfilled)) if item.form == "election" => {
            format!(
                " — 第{r}轮 (round {r}): 名额未满，另行选举 (further election for the places left)"
            )
        }
        (r, Some(reason)) => format!(" — 第{r}轮 (round {r}): {}", reason_zh(reason)),
        (r, None) => format!(" — 第{r}轮 (round {r})"),
    };
    let _ = writeln!(o, "## {}. {} (`{}`){round}\n", n + 1, item.title, item.id);
    let form = match item.form.as_str() {
        "for_against_abstain" => "赞成/反对/弃权 (for/against/abstain)".to_string(),
        "rating" => "满意度测评 (rating)".to_string(),
        "election" => {
            "选举：赞成/反对/弃权，可另选他人 (election: for/against/abstain, or another person written in)"
                .to_string()
        }
        f => format!(
            "差额，每票至多勾选 {} 项 (tick at most {})",
            f.trim_start_matches("tick_at_most_"),
            f.trim_start_matches("tick_at_most_")
        ),
    };
    let secret = if item.secret {
        "无记名 (secret)"
    } else {
        "记名 (named)"
    };
    let _ = writeln!(o, "- 表决方式 (Form): {form}，{secret}");
    let _ = writeln!(o, "- 规则 (Rule): {}", item.rule);
    let t = &item.times;
    let when: Vec<String> = [
        ("开始 (opened)", &t.opened),
        ("截止 (closed)", &t.closed),
        ("宣布 (declared)", &t.declared),
    ]
    .iter()
    .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label} {v}")))
    .collect();
    if !when.is_empty() {
        let _ = writeln!(o, "- 时间 (Times): {}", when.join(" · "));
    }
    if let (Some(n), Some(h)) = (t.anchor_record, &t.anchor_hash) {
        let _ = writeln!(
            o,
            "- 宣布锚点 (Declaration anchor): 日志第 {n} 条记录 (record {n}) `{h}`"
        );
    }
}

/// A correction on the sheet: by the paper's number, the entry only where it differs, and
/// whether the paper was keyed again.
fn correction_words(c: &Correction) -> String {
    let entry = if c.ballot == c.paper {
        String::new()
    } else {
        format!("，录入号 (entry) {}", c.ballot)
    };
    let again = match c.keyed_again {
        Some(n) => format!("，已重新录入 (keyed again as entry {n})"),
        None => "，未重新录入 (not keyed again)".to_string(),
    };
    format!(
        "第 {} 张 (ballot {}{entry})：{}{again} ({})",
        c.paper, c.paper, c.reason, c.time
    )
}

/// The round's ballots: reconciled, the void ones by kind, corrections, the sealed boxes.
fn item_ballots(o: &mut String, item: &SheetItem) {
    let phase = match item.phase {
        Phase::Declared => "已宣布 (declared)",
        Phase::Closed => "已截止，未宣布 (closed, not declared)",
        _ => "表决中 (open)",
    };
    let b = item.tally.ballots();
    let _ = writeln!(
        o,
        "- 发出 (Issued) {} · 收回 (Returned) {} · 有效 (Valid) {} · 无效 (Void) {} · {} · {phase}",
        b.issued,
        b.returned,
        b.valid,
        b.void,
        if b.vote_valid {
            "表决有效 (vote valid)"
        } else {
            "收回多于发出，表决无效 (VOID: returned > issued)"
        }
    );
    if b.void > 0 {
        let other = if item.void_other.is_empty() {
            String::new()
        } else {
            format!(
                " · 其他 (other) {}：{}",
                item.void_other.len(),
                item.void_other.join("；")
            )
        };
        let _ = writeln!(
            o,
            "- 无效票 (Void ballots): 无法辨认 (unreadable) {} · 超选 (over-marked) {}{other}",
            item.void_unreadable, item.void_over_marked
        );
    }
    if !item.corrections.is_empty() {
        let list: Vec<String> = item.corrections.iter().map(correction_words).collect();
        let _ = writeln!(o, "- 更正 (Corrections): {}", list.join("；"));
    }
    if let Some(seal) = &item.sealed {
        let _ = writeln!(o, "- {}", seal.words());
    }
}

/// One ballot box: its ballots, how it was entered, each entry and the decisions.
fn box_line(o: &mut String, bx: &SheetBox) {
    let how = match bx.comparison {
        crate::event::Comparison::Single => "单录 (single entry)",
        crate::event::Comparison::ByOrder => "双录逐张比对 (double entry, ballot by ballot)",
        crate::event::Comparison::Multiset => "双录按合计比对 (double entry, as totals)",
    };
    let entries: Vec<String> = bx
        .entries
        .iter()
        .zip(bx.confirmed_by.iter().map(String::as_str).chain(std::iter::repeat("")))
        .map(|(e, by)| {
            format!(
                "{} 录入 {} 张 / 清点 {} 张 `{}`，哈希经 {by} 与签字计数单核对 (head confirmed by {by})",
                e.teller,
                e.ballots,
                e.hand_count,
                e.station_head.get(..16).unwrap_or(&e.station_head)
            )
        })
        .collect();
    let decided = if bx.decisions.is_empty() {
        String::new()
    } else {
        format!(
            "；监票人按纸质选票裁定 (scrutineers' decisions, from the paper): {}",
            bx.decisions.join("；")
        )
    };
    let _ = writeln!(
        o,
        "- 票箱 {} (Box): {} 张，{how}；{}{decided}",
        bx.r#box,
        bx.ballots,
        entries.join("；")
    );
}

/// A vote round's pass line and its candidates by rank, ties, unfilled places, investment.
fn vote_table(o: &mut String, v: &VoteTally, body: Body) {
    let _ = writeln!(
        o,
        "- 通过线 (Pass): 赞成 ≥ {}，即超过{} {} 的半数 (more than half of {}){}\n",
        v.threshold,
        crate::words::for_body(crate::lang::Lang::Zh, body, base_zh(v.pass_base)),
        v.base,
        v.base,
        v.places
            .map(|p| format!(" · 应选 (Places) {p}"))
            .unwrap_or_default()
    );
    let projects = v.kind == crate::session::VoteKind::Projects;
    vote_table_head(o, v.kind);
    for (number, i) in v.listing() {
        let c = &v.candidates[i];
        let investment = if !projects {
            String::new()
        } else {
            format!(
                " {} |",
                c.investment.map(|x| x.to_string()).unwrap_or_default()
            )
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} |{investment} {} |",
            number,
            cell(&c.title),
            c.for_,
            c.against,
            c.abstain,
            c.not_voted,
            status_zh(v.kind, c.status)
        );
    }
    write_ins_table(o, v);
    let _ = writeln!(o);
    if !v.tied.is_empty() {
        let names = v.tied_titles();
        let _ = writeln!(
            o,
            "- 票数相等 (Tie): {} 争 {} 个名额，须另行票决 (a further vote decides)",
            names.join("、"),
            v.tied_places
        );
    }
    if v.unfilled > 0 {
        let _ = writeln!(o, "- 名额未满 (Unfilled places): {}", v.unfilled);
    }
    if v.adopted_investment > 0 {
        let _ = writeln!(
            o,
            "- 本轮通过项目投资 (Adopted this round): {} 万元",
            v.adopted_investment
        );
    }
}

/// A vote table's head: motions in agenda order, without a rank; persons and motions have
/// no investment.
fn vote_table_head(o: &mut String, kind: crate::session::VoteKind) {
    let head = match kind {
        crate::session::VoteKind::Motions => Some("| # | 议案 Motion"),
        crate::session::VoteKind::Election => Some("| 名次 Rank | 候选人 Candidate"),
        crate::session::VoteKind::Projects => None,
    };
    if let Some(head) = head {
        let _ = writeln!(
            o,
            "{head} | 赞成 For | 反对 Against | 弃权 Abstain | 未投 Not voted | 结果 Result |"
        );
        let _ = writeln!(o, "|---:|---|---:|---:|---:|---:|---|");
    } else {
        let _ = writeln!(
            o,
            "| 名次 Rank | 候选项目 Candidate | 赞成 For | 反对 Against | 弃权 Abstain | 未投 Not voted | 投资 (万元) | 结果 Result |"
        );
        let _ = writeln!(o, "|---:|---|---:|---:|---:|---:|---:|---|");
    }
}

/// Every person written in on an election's ballots, with their votes, whether or not anyone
/// is elected.
fn write_ins_table(o: &mut String, v: &VoteTally) {
    if v.write_ins.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n另选他人 (Persons written in)\n");
    let _ = writeln!(o, "| 名次 Rank | 姓名 Name | 得票 Votes | 结果 Result |");
    let _ = writeln!(o, "|---:|---|---:|---|");
    for w in v.write_ins_by_rank() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            w.rank,
            cell(&w.name),
            w.votes,
            status_zh(v.kind, w.status)
        );
    }
}

/// A rating round's base and its subjects with each label's count, the rate and grade.
fn rating_table(o: &mut String, r: &RatingTally) {
    let _ = writeln!(o, "- 计算基数 (Base): {}\n", rating_base_zh(r.base));
    let mut head = "| 测评对象 Subject |".to_string();
    let mut rule = "|---|".to_string();
    for l in &r.scale {
        let _ = write!(head, " {l} |");
        rule.push_str("---:|");
    }
    // 未评 (a subject left blank) only where a ballot left one blank.
    let blanks = r.subjects.iter().any(|s| s.blank > 0);
    let (blank_head, blank_rule) = if blanks {
        (" 未评 Blank |", "---:|")
    } else {
        ("", "")
    };
    let _ = writeln!(
        o,
        "{head} 弃权 Abstain |{blank_head} 满意率 Rate | 结果 Grade |"
    );
    let _ = writeln!(o, "{rule}---:|{blank_rule}---:|---|");
    for sub in &r.subjects {
        let counts: String = sub.counts.iter().map(|c| format!(" {c} |")).collect();
        let blank = if blanks {
            format!(" {} |", sub.blank)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "| {} |{counts} {} |{blank} {} | {} |",
            cell(&sub.title),
            sub.abstain,
            sub.rate_words(),
            grade_text(sub)
        );
    }
}

/// What the session adopted, what is unfinished, the log's anchor and the signatures.
fn sheet_tail(o: &mut String, sheet: &Sheet) {
    adopted_section(o, sheet, crate::session::VoteKind::Projects);
    adopted_section(o, sheet, crate::session::VoteKind::Motions);
    if !sheet.unfinished.is_empty() {
        let _ = writeln!(o, "## 未完成事项 (Unfinished items)\n");
        for u in &sheet.unfinished {
            let _ = writeln!(
                o,
                "- {} (`{}`): {}",
                u.title,
                u.item,
                unfinished_words(&u.reason)
            );
        }
        let _ = writeln!(o);
    }
    anchor_section(o, sheet);
    let _ = writeln!(o, "## 签字 (Signatures)\n");
    let _ = writeln!(o, "| 职责 Role | 签名 Signature | 日期 Date |");
    let _ = writeln!(o, "|---|---|---|");
    for role in [
        "总监票人 (Chief scrutineer)",
        "监票人 (Scrutineer)",
        "监票人 (Scrutineer)",
        "计票人 (Teller)",
        "计票人 (Teller)",
        "执行主席 (Presiding chair)",
    ] {
        let _ = writeln!(o, "| {role} | | |");
    }
}

/// What the session adopted, item by item: the projects with their investment, or the
/// motions passed.
fn adopted_section(o: &mut String, sheet: &Sheet, kind: crate::session::VoteKind) {
    let motions = kind == crate::session::VoteKind::Motions;
    let adopted: Vec<&Adopted> = sheet
        .adopted
        .iter()
        .filter(|a| a.kind == kind && !a.candidates.is_empty())
        .collect();
    if adopted.is_empty() {
        return;
    }
    if motions {
        let _ = writeln!(o, "## 通过的议案 (Motions adopted)\n");
    } else {
        let _ = writeln!(o, "## 通过项目 (Adopted projects)\n");
    }
    for a in adopted {
        let _ = writeln!(o, "`{}`:\n", a.item);
        for (k, c) in a.candidates.iter().enumerate() {
            let inv = c
                .investment
                .map(|x| format!("，{x} 万元"))
                .unwrap_or_default();
            let _ = writeln!(o, "{}. {}{inv}", k + 1, c.title);
        }
        if motions {
            let _ = writeln!(o, "\n合计 (Total): {} 项\n", a.candidates.len());
        } else {
            let _ = writeln!(
                o,
                "\n合计 (Total): {} 个项目，{} 万元\n",
                a.candidates.len(),
                a.total_investment
            );
        }
    }
}

/// The log's anchor: records, head, the files and model bound, each declaration's anchor,
/// and the `verify` command that checks them.
fn anchor_section(o: &mut String, sheet: &Sheet) {
    let an = &sheet.anchor;
    let _ = writeln!(o, "## 日志锚定信息 (Log anchor)\n");
    let _ = writeln!(o, "- 日志记录数 (Records): {}", an.records);
    let _ = writeln!(
        o,
        "- 末条记录哈希 (Head): `{}`",
        an.head.as_deref().unwrap_or("—")
    );
    if let (Some(f), Some(h)) = (&an.session_file, &an.session_sha256) {
        let _ = writeln!(o, "- 会议文件 (Session file) `{f}` SHA-256: `{h}`");
    }
    if let (Some(f), Some(h)) = (&an.roster_file, &an.roster_sha256) {
        let _ = writeln!(o, "- 代表名单 (Roster CSV) `{f}` SHA-256: `{h}`");
    }
    if let Some(h) = &an.session_model_sha256 {
        let _ = writeln!(
            o,
            "- 计票规则模型 (Session model, the rules recounted from) SHA-256: `{h}`"
        );
    }
    let anchors: Vec<(u64, &str, &str)> = sheet
        .items
        .iter()
        .filter_map(|i| {
            Some((
                i.times.anchor_record?,
                i.times.anchor_hash.as_deref()?,
                i.id.as_str(),
            ))
        })
        .collect();
    for (n, h, id) in &anchors {
        let _ = writeln!(
            o,
            "- 宣布锚点 (Declaration anchor) `{id}`: 第 {n} 条记录 `{h}`"
        );
    }
    let anchor_args: String = anchors
        .iter()
        .map(|(n, h, _)| format!(" --anchor {n}:{h}"))
        .collect();
    let _ = writeln!(
        o,
        "\n审计人员请用 `votedesk verify LOG --session {} --expect-count {} --expect-head {}{anchor_args}` 核对以上数值 \
         (Auditors: compare these values with `votedesk verify`; see docs/auditing.md).\n",
        an.session_file.as_deref().unwrap_or("SESSION.ron"),
        an.records,
        an.head.as_deref().unwrap_or("HEX")
    );
}
