//! The result sheet (表决结果报告单): built from the replayed log, in Markdown for printing
//! and signing, HTML that prints on A4 (`html`), CSV for spreadsheets, and JSON with a
//! stable schema (`docs/report-format.md`).

mod html;
pub use html::{html, station_html};

use std::fmt::Write;

use serde::Serialize;

use crate::engine::{BoxNote, Event, Phase, RoundReason};
use crate::log::{self, Scan};
use crate::output::{self, AttendanceJson};
use crate::session::{Body, Form, Item, PassBase, RatingBase};
use crate::tally::{self, CandidateStatus, ItemTally};
use crate::verify::{self, Report};

#[derive(Debug, Serialize)]
pub struct Sheet {
    pub schema: &'static str,
    pub verified: bool,
    pub verdict: String,
    pub session: SessionInfo,
    pub attendance: AttendanceJson,
    pub items: Vec<SheetItem>,
    /// Adopted candidates of each project vote across all its rounds.
    pub adopted: Vec<Adopted>,
    /// Items without a final result: never voted on, not declared, or declared but needing a
    /// further round that was never opened (a void vote not re-run, a tie, places unfilled).
    pub unfinished: Vec<Unfinished>,
    pub anchor: Anchor,
    /// Who was at the console, in order of first record.
    pub operators: Vec<String>,
    /// "seat name" of every deputy on leave, and of every deputy absent, at the end.
    pub on_leave: Vec<String>,
    pub absent: Vec<String>,
}

/// One ballot box keyed at counting stations, as its import recorded it.
#[derive(Debug, Serialize)]
pub struct SheetBox {
    pub r#box: String,
    pub ballots: u32,
    pub comparison: crate::event::Comparison,
    pub entries: Vec<crate::event::BoxEntry>,
    /// Per entry, who confirmed its station log head against the signed count sheet.
    pub confirmed_by: Vec<String>,
    /// Each decision in words, with its reason.
    pub decisions: Vec<String>,
}

/// One withdrawn entry (a correction), with its reason.
#[derive(Debug, Serialize)]
pub struct Correction {
    /// The withdrawn entry's number in the log.
    pub ballot: u32,
    /// The paper's number the entry had (as the console and the stations showed it).
    pub paper: u32,
    /// The entry that keyed the same paper again, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keyed_again: Option<u32>,
    pub reason: String,
    /// Local time of the session, with its offset.
    pub time: String,
}

/// When an item round moved through its life, in the session's local time with offset,
/// and the anchor read out at its declaration (record number from 1, hash).
#[derive(Debug, Default, Serialize)]
pub struct Times {
    pub opened: Option<String>,
    pub closed: Option<String>,
    pub declared: Option<String>,
    pub anchor_record: Option<u64>,
    pub anchor_hash: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Unfinished {
    pub item: String,
    pub title: String,
    /// "not_voted", "open", "not_declared", "void_vote", "tie" or "unfilled".
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct SessionInfo {
    pub id: String,
    pub title: String,
    pub body: Body,
    pub date: String,
    /// Time of the first and of the closing record (informational).
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SheetItem {
    pub id: String,
    pub title: String,
    pub round: u32,
    pub from: Option<String>,
    pub reason: Option<RoundReason>,
    /// "for_against_abstain", "tick_at_most_N" or "rating".
    pub form: String,
    pub secret: bool,
    pub phase: Phase,
    pub tally: ItemTally,
    /// Named items only: who voted how, and who did not vote. Never on a secret item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roll_call: Option<Vec<tally::RollCallEntry>>,
    pub times: Times,
    pub corrections: Vec<Correction>,
    /// Ballot boxes imported from counting stations, in import order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub boxes: Vec<SheetBox>,
    /// The round's sealed boxes and the hall's count, when it is counted in boxes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sealed: Option<SheetSeal>,
    /// Void ballots by reason: unreadable (entered as spoiled), over-marked, and void for
    /// another reason (each with the reason the scrutineers gave).
    pub void_unreadable: u32,
    pub void_over_marked: u32,
    pub void_other: Vec<String>,
    /// The rule in words, e.g. 满意率 = (满意+基本满意)/有效票 ≥ 60%.
    pub rule: String,
}

/// What the hall sealed for a round counted in boxes, and how the boxes came out.
#[derive(Debug, Serialize)]
pub struct SheetSeal {
    pub boxes: Vec<String>,
    /// Ballots collected in the hall (收回), counted before the boxes were opened.
    pub collected: u32,
    /// Ballots recorded from the boxes.
    pub counted: u32,
    /// Sealed boxes never imported.
    pub missing: Vec<String>,
    /// The scrutineers' reason where the boxes did not add up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reconciled: Option<String>,
}

impl SheetSeal {
    /// One line for the sheet, in both languages.
    pub fn words(&self) -> String {
        let mut w = format!(
            "封存票箱 (Boxes sealed): {}；收回 (collected) {} 张，票箱合计 (in the boxes) {} 张",
            self.boxes.join("、"),
            self.collected,
            self.counted
        );
        if !self.missing.is_empty() {
            w.push_str(&format!(
                "；未导入 (not imported): {}",
                self.missing.join("、")
            ));
        }
        match &self.reconciled {
            Some(reason) => w.push_str(&format!(
                "；不相符，监票人裁定 (they differ; scrutineers' decision): {reason}"
            )),
            None => w.push_str("；相符 (they agree)"),
        }
        w
    }
}

#[derive(Debug, Serialize)]
pub struct Adopted {
    pub item: String,
    pub candidates: Vec<AdoptedCandidate>,
    /// 万元.
    pub total_investment: u64,
}

#[derive(Debug, Serialize)]
pub struct AdoptedCandidate {
    pub id: String,
    pub title: String,
    pub investment: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct Anchor {
    pub records: u64,
    pub head: Option<String>,
    pub session_file: Option<String>,
    pub session_sha256: Option<String>,
    /// SHA-256 of the session model the log binds: what an outside recount checks the
    /// model it recounts from against (docs/log-format.md, "The session model").
    pub session_model_sha256: Option<String>,
    pub roster_file: Option<String>,
    pub roster_sha256: Option<String>,
}

/// Build the sheet from a scanned log. `None` when the log has no readable binding.
pub fn build(scan: &Scan) -> Option<Sheet> {
    let report: Report = verify::check(scan, &verify::Options::default());
    let state = report.state.as_ref()?;
    let binding = scan
        .lines
        .first()
        .and_then(|l| l.record.as_ref().ok())
        .and_then(|r| match &r.body.event {
            Event::SessionBound(b) => Some(b.clone()),
            _ => None,
        });
    let time_of = |pred: &dyn Fn(&Event) -> bool| {
        scan.lines
            .iter()
            .filter_map(|l| l.record.as_ref().ok())
            .find(|r| pred(&r.body.event))
            .map(|r| r.body.time.clone())
    };
    let s = &state.session;
    let local = |t: &str| local_time(t, s.utc_offset);
    let mut times: std::collections::HashMap<String, Times> = Default::default();
    let mut corrections: std::collections::HashMap<String, Vec<Correction>> = Default::default();
    let mut boxes: std::collections::HashMap<String, Vec<SheetBox>> = Default::default();
    let mut reconciled: std::collections::HashMap<String, String> = Default::default();
    let mut operators: Vec<String> = Vec::new();
    for r in scan.lines.iter().filter_map(|l| l.record.as_ref().ok()) {
        if !operators.iter().any(|o| **o == *r.body.operator) {
            operators.push(r.body.operator.to_string());
        }
        match &r.body.event {
            Event::ItemOpened { item, .. } => {
                times.entry(item.clone()).or_default().opened = Some(local(&r.body.time))
            }
            Event::ItemClosed { item } => {
                times.entry(item.clone()).or_default().closed = Some(local(&r.body.time))
            }
            Event::ResultDeclared { item, .. } => {
                let t = times.entry(item.clone()).or_default();
                t.declared = Some(local(&r.body.time));
                t.anchor_record = Some(r.body.seq + 1);
                t.anchor_hash = Some(r.stated_hash.to_string());
            }
            Event::BoxImported(BoxNote {
                item,
                r#box,
                entries,
                comparison,
                decisions,
                confirmed_by,
                ballots,
            }) => boxes.entry(item.clone()).or_default().push(SheetBox {
                r#box: r#box.clone(),
                ballots: *ballots,
                comparison: *comparison,
                entries: entries.clone(),
                confirmed_by: confirmed_by.clone(),
                decisions: decisions
                    .iter()
                    .map(|d| match d {
                        crate::event::Decision::Reading {
                            ballot,
                            first,
                            second,
                            decided,
                            reason,
                        } => {
                            // What was recorded, and whose reading it was, beside the reason.
                            let choices: Vec<(String, String)> = state
                                .item(item)
                                .map(|round| {
                                    let def = &s.items[round.def];
                                    let (ids, titles) = (def.choice_ids(), def.choice_titles());
                                    round
                                        .choices
                                        .iter()
                                        .filter_map(|&c| {
                                            Some((ids.get(c)?.clone(), titles.get(c)?.to_string()))
                                        })
                                        .collect()
                                })
                                .unwrap_or_default();
                            let tellers = (
                                entries.first().map_or("", |e| e.teller.as_str()),
                                entries.get(1).map_or("", |e| e.teller.as_str()),
                            );
                            let chosen = crate::station::decided_words(
                                decided,
                                first,
                                second,
                                tellers,
                                &choices,
                                crate::lang::Lang::Zh,
                            );
                            format!(
                                "第 {ballot} 张 (ballot {ballot}) 记为 (recorded) {chosen}；理由 (reason): {reason}"
                            )
                        }
                        crate::event::Decision::Single { reason } => {
                            format!("只录入一次 (entered once, no second entry): {reason}")
                        }
                        crate::event::Decision::Entry { chosen, reason } => {
                            format!("按第 {chosen} 次录入 (entry {chosen} recorded): {reason}")
                        }
                        crate::event::Decision::HandCount {
                            teller,
                            keyed,
                            hand_count,
                            reason,
                        } => format!(
                            "{teller} 录入 {keyed} 张，清点 {hand_count} 张 (keyed {keyed}, hand count {hand_count}): {reason}"
                        ),
                    })
                    .collect(),
            }),
            Event::BoxesReconciled { item, reason, .. } => {
                reconciled.insert(item.clone(), reason.clone());
            }
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => corrections
                .entry(item.clone())
                .or_default()
                .push(Correction {
                    ballot: *ballot,
                    paper: state
                        .item(item)
                        .and_then(|r| r.ballots.get((*ballot as usize).wrapping_sub(1)))
                        .map_or(*ballot, |b| b.paper),
                    keyed_again: state.item(item).and_then(|r| {
                        r.ballots
                            .iter()
                            .find(|b| b.replaces == Some(*ballot))
                            .map(|b| b.number)
                    }),
                    reason: reason.clone(),
                    time: local(&r.body.time),
                }),
            _ => {}
        }
    }
    let names = |a: crate::engine::Attendance| -> Vec<String> {
        s.roster
            .iter()
            .filter(|d| state.attendance_of(d.seat) == Some(a))
            .map(|d| format!("{} {}", d.seat, d.name))
            .collect()
    };
    Some(Sheet {
        schema: "votedesk.report.v1",
        verified: report.verified,
        verdict: report.verdict.clone(),
        session: SessionInfo {
            id: s.id.clone(),
            title: s.title.clone(),
            body: s.body,
            date: s.date.to_string(),
            opened_at: time_of(&|e| matches!(e, Event::SessionBound(_))).map(|t| local(&t)),
            closed_at: time_of(&|e| matches!(e, Event::SessionClosed { .. })).map(|t| local(&t)),
        },
        attendance: output::attendance(state),
        items: state
            .agenda_order()
            .into_iter()
            .map(|i| {
                let item = &state.items[i];
                let def = &s.items[item.def];
                SheetItem {
                    id: item.id.clone(),
                    title: def.title().to_string(),
                    round: item.round,
                    from: item.from.map(|f| state.items[f].id.clone()),
                    reason: item.reason,
                    form: match def {
                        Item::ProjectVote(p) => match p.form {
                            Form::ForAgainstAbstain => "for_against_abstain".into(),
                            Form::TickAtMost(_) => {
                                format!("tick_at_most_{}", item.tick_limit(s).unwrap_or(0))
                            }
                        },
                        Item::Rating(_) => "rating".into(),
                    },
                    secret: def.secret(),
                    phase: item.phase,
                    tally: state.tally(i),
                    roll_call: tally::roll_call(&state.session, &state.items[i]),
                    times: times.remove(&item.id).unwrap_or_default(),
                    corrections: corrections.remove(&item.id).unwrap_or_default(),
                    boxes: boxes.remove(&item.id).unwrap_or_default(),
                    sealed: item.sealed.as_ref().map(|seal| SheetSeal {
                        boxes: seal.boxes.clone(),
                        collected: seal.collected,
                        counted: item.box_ballots,
                        missing: item.missing_boxes(),
                        reconciled: reconciled.remove(&item.id),
                    }),
                    void_unreadable: item
                        .live_ballots()
                        .filter(|b| b.marks == crate::engine::Marks::Spoiled)
                        .count() as u32,
                    void_over_marked: item
                        .live_ballots()
                        .filter(|b| {
                            !matches!(
                                b.marks,
                                crate::engine::Marks::Spoiled | crate::engine::Marks::Void { .. }
                            ) && !tally::ballot_valid(item.mark_limit(s), &b.marks)
                        })
                        .count() as u32,
                    void_other: item
                        .live_ballots()
                        .filter_map(|b| match &b.marks {
                            crate::engine::Marks::Void { reason } => Some(reason.clone()),
                            _ => None,
                        })
                        .collect(),
                    rule: crate::words::for_body(
                        crate::lang::Lang::Zh,
                        s.body,
                        &crate::words::round_rule(crate::lang::Lang::Zh, s, item),
                    ),
                }
            })
            .collect(),
        unfinished: unfinished(state),
        operators,
        on_leave: names(crate::engine::Attendance::OnLeave),
        absent: names(crate::engine::Attendance::Absent),
        adopted: s
            .items
            .iter()
            .enumerate()
            .filter_map(|(d, def)| match def {
                Item::ProjectVote(p) => {
                    let (ids, total) = tally::adopted_overall(&state.session, &state.items, d);
                    Some(Adopted {
                        item: p.id.clone(),
                        candidates: ids
                            .iter()
                            .filter_map(|id| p.candidates.iter().find(|c| &c.id == id))
                            .map(|c| AdoptedCandidate {
                                id: c.id.clone(),
                                title: c.title.clone(),
                                investment: c.investment,
                            })
                            .collect(),
                        total_investment: total,
                    })
                }
                Item::Rating(_) => None,
            })
            .collect(),
        anchor: Anchor {
            records: report.records,
            head: report.head.clone(),
            session_file: binding.as_ref().map(|b| b.session_file.clone()),
            session_sha256: binding.as_ref().map(|b| b.session_sha256.clone()),
            session_model_sha256: binding.as_ref().map(|b| b.session_model_sha256.clone()),
            roster_file: binding.as_ref().and_then(|b| b.roster_file.clone()),
            roster_sha256: binding.as_ref().and_then(|b| b.roster_sha256.clone()),
        },
    })
}

/// Read a log file and build its sheet.
pub fn build_file(path: &std::path::Path) -> Result<Option<Sheet>, log::ScanError> {
    Ok(build(&log::scan_file(path)?))
}

fn body_zh(b: Body) -> &'static str {
    match b {
        Body::Congress => "人民代表大会 (congress session)",
        Body::StandingCommittee => "人大常委会会议 (standing committee meeting)",
    }
}

fn status_zh(s: CandidateStatus) -> &'static str {
    match s {
        CandidateStatus::Adopted => "通过 (adopted)",
        CandidateStatus::Tied => "票数相等 (tie)",
        CandidateStatus::Outranked => "过半未入选 (outranked)",
        CandidateStatus::NotPassed => "未通过 (not adopted)",
        CandidateStatus::Undecided => "表决无效 (vote void)",
    }
}

fn reason_zh(r: RoundReason) -> &'static str {
    match r {
        RoundReason::Tie => "票数相等，另行票决 (runoff after a tie)",
        RoundReason::VoidVote => "表决无效，重新票决 (re-run of a void vote)",
        RoundReason::Unfilled => "名额未满，另行票决 (further vote for unfilled places)",
    }
}

fn base_zh(b: PassBase) -> &'static str {
    match b {
        PassBase::Seated => "应到代表",
        PassBase::Present => "出席代表",
        PassBase::Valid => "有效票",
    }
}

fn rating_base_zh(b: RatingBase) -> &'static str {
    match b {
        RatingBase::Seated => "应到人数 (seated)",
        RatingBase::Present => "出席人数 (present)",
        RatingBase::Returned => "收回票数 (returned)",
        RatingBase::Valid => "有效票数 (valid)",
    }
}

/// The verdict on the sheet: both languages, from the one wording of `SubjectTally::verdict`.
fn grade_text(sub: &tally::SubjectTally) -> String {
    use crate::lang::Lang;
    let [zh, en] = [Lang::Zh, Lang::En].map(|l| sub.verdict(l));
    if zh == en || en.is_empty() {
        zh
    } else {
        format!("{zh} ({en})")
    }
}

/// A record's time in the session's local time, with its offset (2024-01-10 09:31:05 +08:00).
fn local_time(time: &str, offset: chrono::FixedOffset) -> String {
    chrono::DateTime::parse_from_rfc3339(time)
        .map(|t| {
            t.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M:%S %:z")
                .to_string()
        })
        .unwrap_or_else(|_| time.to_string())
}

/// Every item round that has no final result, in agenda order.
fn unfinished(state: &crate::engine::State) -> Vec<Unfinished> {
    state
        .agenda_order()
        .into_iter()
        .filter_map(|i| {
            let item = &state.items[i];
            let reason = match item.phase {
                Phase::Pending => "not_voted".to_string(),
                Phase::Open => "open".into(),
                Phase::Closed => "not_declared".into(),
                Phase::Declared => match state.further_round_needed(i)?.0 {
                    RoundReason::VoidVote => "void_vote".into(),
                    RoundReason::Tie => "tie".into(),
                    RoundReason::Unfilled => "unfilled".into(),
                },
            };
            Some(Unfinished {
                item: item.id.clone(),
                title: state.session.items[item.def].title().to_string(),
                reason,
            })
        })
        .collect()
}

fn unfinished_words(reason: &str) -> &'static str {
    match reason {
        "not_voted" => "未表决 (never voted on)",
        "open" => "表决未截止 (voting still open)",
        "not_declared" => "已截止未宣布 (closed, not declared)",
        "void_vote" => "表决无效，未重新表决 (vote void, never re-run)",
        "tie" => "票数相等，未另行票决 (tie, no further vote)",
        _ => "名额未满，未另行票决 (places unfilled, no further vote)",
    }
}

/// A deputy's choice on a named item, in both languages.
/// A named vote as a grid the scrutineers can check against the roll: one row per deputy,
/// one column per candidate (or subject) headed by its title, grouped by delegation with a
/// subtotal row under each group.
fn roll_call_grid(o: &mut String, tally: &ItemTally, roll: &[tally::RollCallEntry]) {
    use crate::engine::{Choice, Marks};
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
    let per_line = if wide { 1 } else { 3 };
    let marks_cells = |marks: Option<&Marks>| -> Vec<String> {
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
            Some(Marks::Choices { choices }) => {
                for (c, m) in cells.iter_mut().zip(choices) {
                    *c = match (m, wide) {
                        (Choice::For, false) => "赞成",
                        (Choice::Against, false) => "反对",
                        (Choice::Abstain, false) => "弃权",
                        (Choice::For, true) => "赞",
                        (Choice::Against, true) => "反",
                        (Choice::Abstain, true) => "弃",
                    }
                    .into();
                }
            }
            Some(Marks::Ticks { ticked }) => {
                for (c, id) in cells.iter_mut().zip(&ids) {
                    if ticked.iter().any(|t| t == id) {
                        *c = "✓".into();
                    }
                }
            }
            Some(Marks::Ratings { labels }) => {
                for (c, l) in cells.iter_mut().zip(labels) {
                    *c = if l.is_empty() {
                        "未评".into()
                    } else {
                        l.clone()
                    };
                }
            }
        }
        cells
    };
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
    let width = (3 + n) * per_line;
    // A row of `width` cells: `cells`, then blanks.
    let row = |cells: Vec<String>| -> String {
        let blanks = width.saturating_sub(cells.len());
        let mut all = cells;
        all.extend(std::iter::repeat_n(String::new(), blanks));
        let body: String = all.iter().map(|c| format!(" {c} |")).collect();
        format!("|{body}").replace("  |", " |")
    };
    // Delegations in roster order, each deputy under their own.
    let mut delegations: Vec<&str> = Vec::new();
    for r in roll {
        if !delegations.contains(&r.delegation.as_str()) {
            delegations.push(&r.delegation);
        }
    }
    for d in delegations {
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
                let marks = marks_cells(r.marks.as_ref());
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
    for (n, item) in sheet.items.iter().enumerate() {
        let round = match (item.round, item.reason) {
            (1, _) => String::new(),
            (r, Some(reason)) => format!(" — 第{r}轮 (round {r}): {}", reason_zh(reason)),
            (r, None) => format!(" — 第{r}轮 (round {r})"),
        };
        let _ = writeln!(o, "## {}. {} (`{}`){round}\n", n + 1, item.title, item.id);
        let form = match item.form.as_str() {
            "for_against_abstain" => "赞成/反对/弃权 (for/against/abstain)".to_string(),
            "rating" => "满意度测评 (rating)".to_string(),
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
        if item.phase == Phase::Pending {
            let _ = writeln!(o, "- 未表决 (not voted on)\n");
            continue;
        }
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
            let list: Vec<String> = item
                .corrections
                .iter()
                .map(|c| {
                    // By the paper's number; the entry only where it differs.
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
                })
                .collect();
            let _ = writeln!(o, "- 更正 (Corrections): {}", list.join("；"));
        }
        if let Some(seal) = &item.sealed {
            let _ = writeln!(o, "- {}", seal.words());
        }
        for bx in &item.boxes {
            let how = match bx.comparison {
                crate::event::Comparison::Single => "单录 (single entry)",
                crate::event::Comparison::ByOrder => {
                    "双录逐张比对 (double entry, ballot by ballot)"
                }
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
        match &item.tally {
            ItemTally::Vote(v) => {
                let _ = writeln!(
                    o,
                    "- 通过线 (Pass): 赞成 ≥ {}，即超过{} {} 的半数 (more than half of {}){}\n",
                    v.threshold,
                    crate::words::for_body(crate::lang::Lang::Zh, s.body, base_zh(v.pass_base)),
                    v.base,
                    v.base,
                    v.places
                        .map(|p| format!(" · 应选 (Places) {p}"))
                        .unwrap_or_default()
                );
                let _ = writeln!(
                    o,
                    "| 名次 Rank | 候选项目 Candidate | 赞成 For | 反对 Against | 弃权 Abstain | 未投 Not voted | 投资 (万元) | 结果 Result |"
                );
                let _ = writeln!(o, "|---:|---|---:|---:|---:|---:|---:|---|");
                for &i in &v.ranking {
                    let c = &v.candidates[i];
                    let _ = writeln!(
                        o,
                        "| {} | {} | {} | {} | {} | {} | {} | {} |",
                        c.rank,
                        cell(&c.title),
                        c.for_,
                        c.against,
                        c.abstain,
                        c.not_voted,
                        c.investment.map(|x| x.to_string()).unwrap_or_default(),
                        status_zh(c.status)
                    );
                }
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
            ItemTally::Rating(r) => {
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
        }
        if let Some(roll) = &item.roll_call {
            roll_call_grid(&mut o, &item.tally, roll);
        }
        let _ = writeln!(o);
    }
    let adopted: Vec<&Adopted> = sheet
        .adopted
        .iter()
        .filter(|a| !a.candidates.is_empty())
        .collect();
    if !adopted.is_empty() {
        let _ = writeln!(o, "## 通过项目 (Adopted projects)\n");
        for a in adopted {
            let _ = writeln!(o, "`{}`:\n", a.item);
            for (k, c) in a.candidates.iter().enumerate() {
                let inv = c
                    .investment
                    .map(|x| format!("，{x} 万元"))
                    .unwrap_or_default();
                let _ = writeln!(o, "{}. {}{inv}", k + 1, c.title);
            }
            let _ = writeln!(
                o,
                "\n合计 (Total): {} 个项目，{} 万元\n",
                a.candidates.len(),
                a.total_investment
            );
        }
    }
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
    o
}

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
    // Columns: the marks in a fixed order, then scale labels as they occur.
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

fn csv_field(s: &str) -> String {
    // A cell a spreadsheet would run as a formula is written as text.
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return format!("\"'{}\"", s.replace('"', "\"\""));
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per candidate or subject; UTF-8 with a byte-order mark for spreadsheet programs.
pub fn csv(sheet: &Sheet) -> String {
    let mut o = String::from("\u{feff}");
    let header = [
        "session",
        "item",
        "item_title",
        "round",
        "form",
        "secret",
        "phase",
        "issued",
        "returned",
        "valid",
        "void",
        "vote_valid",
        "id",
        "title",
        "for",
        "against",
        "abstain",
        "not_voted",
        "threshold",
        "rank",
        "result",
        "investment",
        "counts",
        "rate",
        "grade",
        "verified",
    ];
    o.push_str(&header.join(","));
    o.push_str("\r\n");
    for item in &sheet.items {
        let b = item.tally.ballots();
        let common = [
            sheet.session.id.clone(),
            item.id.clone(),
            item.title.clone(),
            item.round.to_string(),
            item.form.clone(),
            item.secret.to_string(),
            serde_name(&item.phase),
            b.issued.to_string(),
            b.returned.to_string(),
            b.valid.to_string(),
            b.void.to_string(),
            b.vote_valid.to_string(),
        ];
        let mut rows: Vec<Vec<String>> = Vec::new();
        match &item.tally {
            ItemTally::Vote(v) => {
                for &i in &v.ranking {
                    let c = &v.candidates[i];
                    rows.push(vec![
                        c.id.clone(),
                        c.title.clone(),
                        c.for_.to_string(),
                        c.against.to_string(),
                        c.abstain.to_string(),
                        c.not_voted.to_string(),
                        v.threshold.to_string(),
                        c.rank.to_string(),
                        serde_name(&c.status),
                        c.investment.map(|x| x.to_string()).unwrap_or_default(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]);
                }
            }
            ItemTally::Rating(r) => {
                for s in &r.subjects {
                    let mut counts: Vec<String> = r
                        .scale
                        .iter()
                        .zip(&s.counts)
                        .map(|(l, c)| format!("{l} {c}"))
                        .collect();
                    if s.abstain > 0 {
                        counts.push(format!("弃权 {}", s.abstain));
                    }
                    rows.push(vec![
                        s.id.clone(),
                        s.title.clone(),
                        String::new(),
                        String::new(),
                        s.abstain.to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        counts.join(" / "),
                        s.rate_words(),
                        grade_text(s),
                    ]);
                }
            }
        }
        // The sealed boxes, each imported box and every scrutineers' decision with its
        // reason, as on the Markdown sheet.
        if let Some(seal) = &item.sealed {
            let mut row = vec![String::new(); header.len() - common.len() - 1];
            row[0] = "boxes:sealed".into();
            row[1] = seal.words();
            rows.push(row);
        }
        for bx in &item.boxes {
            let mut row = vec![String::new(); header.len() - common.len() - 1];
            row[0] = format!("box:{}", bx.r#box);
            row[1] = format!(
                "票箱 {} (box): {} 张 (ballots), {}",
                bx.r#box,
                bx.ballots,
                serde_name(&bx.comparison)
            );
            rows.push(row);
            for d in &bx.decisions {
                let mut row = vec![String::new(); header.len() - common.len() - 1];
                row[0] = format!("box:{}:decision", bx.r#box);
                row[1] = d.clone();
                rows.push(row);
            }
        }
        for row in rows {
            let all: Vec<String> = common
                .iter()
                .cloned()
                .chain(row)
                .chain([sheet.verified.to_string()])
                .collect();
            o.push_str(
                &all.iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            o.push_str("\r\n");
        }
    }
    // The anchor in a row of its own, where a spreadsheet shows it: what the scrutineers
    // compare with `votedesk verify`.
    let an = &sheet.anchor;
    let head = an.head.clone().unwrap_or_default();
    let mut row = vec![String::new(); header.len()];
    row[0] = sheet.session.id.clone();
    row[1] = "anchor".into();
    row[2] = format!(
        "日志锚定 (log anchor): 记录数 (records) {}，末条哈希 (head) {head}；计票规则模型 (session model) SHA-256 {}",
        an.records,
        an.session_model_sha256.as_deref().unwrap_or("—")
    );
    row[12] = head;
    row[13] = format!("records {}", an.records);
    row[header.len() - 1] = sheet.verified.to_string();
    o.push_str(
        &row.iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
    );
    o.push_str("\r\n");
    o
}

/// A value's name as serde writes it in the JSON sheet, so CSV and JSON use one word
/// (`not_passed`, never `notpassed`).
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

pub fn json(sheet: &Sheet) -> String {
    serde_json::to_string_pretty(sheet).unwrap_or_default()
}
