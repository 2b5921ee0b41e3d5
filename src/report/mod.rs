//! The result sheet (表决结果报告单): built from the replayed log, in Markdown for printing
//! and signing, HTML that prints on A4 (`html`), CSV for spreadsheets, and JSON with a
//! stable schema (`docs/report-format.md`).

mod csv;
mod html;
mod markdown;
mod station;
pub use csv::csv;
pub use html::{html, station_html};
pub use markdown::markdown;
pub use station::station_markdown;

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
    /// Motions (a resolution) or projects.
    #[serde(
        rename = "decides",
        skip_serializing_if = "crate::session::VoteKind::is_projects"
    )]
    pub kind: crate::session::VoteKind,
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
    let mut gathered = gather(scan, state);
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
            .map(|i| sheet_item(state, i, &mut gathered))
            .collect(),
        unfinished: unfinished(state),
        operators: gathered.operators,
        on_leave: names(crate::engine::Attendance::OnLeave),
        absent: names(crate::engine::Attendance::Absent),
        adopted: adopted(state),
        anchor: anchor(&report, binding.as_deref()),
    })
}

/// What the sheet takes from the records themselves, item by item: times, corrections,
/// boxes, reconciliations; and who operated.
#[derive(Default)]
struct Gathered {
    times: std::collections::HashMap<String, Times>,
    corrections: std::collections::HashMap<String, Vec<Correction>>,
    boxes: std::collections::HashMap<String, Vec<SheetBox>>,
    reconciled: std::collections::HashMap<String, String>,
    operators: Vec<String>,
}

fn gather(scan: &Scan, state: &crate::engine::State) -> Gathered {
    let mut g = Gathered::default();
    for r in scan.lines.iter().filter_map(|l| l.record.as_ref().ok()) {
        if !g.operators.iter().any(|o| **o == *r.body.operator) {
            g.operators.push(r.body.operator.to_string());
        }
        g.note(state, r);
    }
    g
}

impl Gathered {
    /// What one record gives the sheet.
    fn note(&mut self, state: &crate::engine::State, r: &crate::log::Record) {
        let local = |t: &str| local_time(t, state.session.utc_offset);
        match &r.body.event {
            Event::ItemOpened { item, .. } => {
                self.times.entry(item.clone()).or_default().opened = Some(local(&r.body.time))
            }
            Event::ItemClosed { item } => {
                self.times.entry(item.clone()).or_default().closed = Some(local(&r.body.time))
            }
            Event::ResultDeclared { item, .. } => {
                let t = self.times.entry(item.clone()).or_default();
                t.declared = Some(local(&r.body.time));
                t.anchor_record = Some(r.body.seq + 1);
                t.anchor_hash = Some(r.stated_hash.to_string());
            }
            Event::BoxImported(note) => self
                .boxes
                .entry(note.item.clone())
                .or_default()
                .push(sheet_box(state, note)),
            Event::BoxesReconciled { item, reason, .. } => {
                self.reconciled.insert(item.clone(), reason.clone());
            }
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => {
                let c = correction(state, item, *ballot, reason, local(&r.body.time));
                self.corrections.entry(item.clone()).or_default().push(c);
            }
            _ => {}
        }
    }
}

/// A box on the sheet: its entries, how they were compared, and the decisions in words.
fn sheet_box(state: &crate::engine::State, note: &BoxNote) -> SheetBox {
    SheetBox {
        r#box: note.r#box.clone(),
        ballots: note.ballots,
        comparison: note.comparison,
        entries: note.entries.clone(),
        confirmed_by: note.confirmed_by.clone(),
        decisions: note
            .decisions
            .iter()
            .map(|d| decision_words(state, &note.item, &note.entries, d))
            .collect(),
    }
}

/// A scrutineers' decision in the sheet's words (Chinese with English): what was recorded,
/// and whose reading it was, beside the reason.
fn decision_words(
    state: &crate::engine::State,
    item: &str,
    entries: &[crate::event::BoxEntry],
    d: &crate::event::Decision,
) -> String {
    let s = &state.session;
    match d {
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
                        .filter_map(|&c| Some((ids.get(c)?.clone(), titles.get(c)?.to_string())))
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
    }
}

/// A correction on the sheet: by the paper's number, and the entry that keyed it again.
fn correction(
    state: &crate::engine::State,
    item: &str,
    ballot: u32,
    reason: &str,
    time: String,
) -> Correction {
    Correction {
        ballot,
        paper: state
            .item(item)
            .and_then(|r| r.ballots.get((ballot as usize).wrapping_sub(1)))
            .map_or(ballot, |b| b.paper),
        keyed_again: state.item(item).and_then(|r| {
            r.ballots
                .iter()
                .find(|b| b.replaces == Some(ballot))
                .map(|b| b.number)
        }),
        reason: reason.to_string(),
        time,
    }
}

/// The round's form as the sheet names it: `for_against_abstain`, `tick_at_most_N`,
/// `election` or `rating`.
fn form_name(s: &crate::session::Session, item: &crate::round::ItemState) -> String {
    match &s.items[item.def] {
        Item::ProjectVote(p) => match p.form {
            Form::ForAgainstAbstain => "for_against_abstain".into(),
            Form::Election => "election".into(),
            Form::TickAtMost(_) => format!("tick_at_most_{}", item.tick_limit(s).unwrap_or(0)),
        },
        Item::Rating(_) => "rating".into(),
    }
}

/// One round's entry on the sheet.
fn sheet_item(state: &crate::engine::State, i: usize, gathered: &mut Gathered) -> SheetItem {
    let s = &state.session;
    let item = &state.items[i];
    let def = &s.items[item.def];
    SheetItem {
        id: item.id.clone(),
        title: def.title().to_string(),
        round: item.round,
        from: item.from.map(|f| state.items[f].id.clone()),
        reason: item.reason,
        form: form_name(s, item),
        secret: def.secret(),
        phase: item.phase,
        tally: state.tally(i),
        roll_call: tally::roll_call(&state.session, &state.items[i]),
        times: gathered.times.remove(&item.id).unwrap_or_default(),
        corrections: gathered.corrections.remove(&item.id).unwrap_or_default(),
        boxes: gathered.boxes.remove(&item.id).unwrap_or_default(),
        sealed: item.sealed.as_ref().map(|seal| SheetSeal {
            boxes: seal.boxes.clone(),
            collected: seal.collected,
            counted: item.box_ballots,
            missing: item.missing_boxes(),
            reconciled: gathered.reconciled.remove(&item.id),
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
                ) && !crate::form::valid(item.mark_limit(s), &b.marks)
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
}

/// Each project vote's adopted candidates over all its rounds, with their investment.
fn adopted(state: &crate::engine::State) -> Vec<Adopted> {
    let s = &state.session;
    s.items
        .iter()
        .enumerate()
        .filter_map(|(d, def)| match def {
            Item::ProjectVote(p) => {
                let (ids, total) = tally::adopted_overall(&state.session, &state.items, d);
                Some(Adopted {
                    item: p.id.clone(),
                    kind: p.kind,
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
        .collect()
}

/// What the sheet anchors: the record count and head, and the files the log binds.
fn anchor(report: &Report, binding: Option<&crate::event::Binding>) -> Anchor {
    Anchor {
        records: report.records,
        head: report.head.clone(),
        session_file: binding.map(|b| b.session_file.clone()),
        session_sha256: binding.map(|b| b.session_sha256.clone()),
        session_model_sha256: binding.map(|b| b.session_model_sha256.clone()),
        roster_file: binding.and_then(|b| b.roster_file.clone()),
        roster_sha256: binding.and_then(|b| b.roster_sha256.clone()),
    }
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

fn status_zh(kind: crate::session::VoteKind, s: CandidateStatus) -> &'static str {
    match (kind, s) {
        (crate::session::VoteKind::Election, CandidateStatus::Adopted) => "当选 (elected)",
        (crate::session::VoteKind::Election, CandidateStatus::NotPassed) => "未当选 (not elected)",
        (_, s) => status_zh_word(s),
    }
}

fn status_zh_word(s: CandidateStatus) -> &'static str {
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
                Phase::Declared => match state.left_open(i)? {
                    RoundReason::VoidVote => "void_vote".into(),
                    RoundReason::Tie => "tie".into(),
                    // An election's places left open wait for a further election (另行选举),
                    // at this session or a later one.
                    RoundReason::Unfilled
                        if matches!(&state.session.items[item.def],
                            Item::ProjectVote(p) if p.kind == crate::session::VoteKind::Election) =>
                    {
                        "vacancy".into()
                    }
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
        "vacancy" => "名额空缺，待另行选举 (places left for a further election)",
        _ => "名额未满，未另行票决 (places unfilled, no further vote)",
    }
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
