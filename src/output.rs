//! Text and JSON renderings of a replayed session for `tally` (and the summary of `check`).

use std::fmt::Write;

use serde::Serialize;

use crate::engine::{Outcome, Phase, RoundReason, State};
use crate::rules;
use crate::session::{Body, Session};
use crate::tally::{CandidateStatus, ItemTally};

/// The stable JSON schema of `votedesk tally --json` (see docs/log-format.md).
#[derive(Debug, Serialize)]
pub struct TallyJson<'a> {
    pub schema: &'static str,
    pub session: SessionJson<'a>,
    pub attendance: AttendanceJson,
    pub records: u64,
    pub head: Option<&'a str>,
    pub verified: bool,
    pub verdict: &'a str,
    pub closed: bool,
    pub items: Vec<ItemJson<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SessionJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub date: String,
    pub body: Body,
    pub seated: u32,
}

#[derive(Debug, Serialize)]
pub struct AttendanceJson {
    pub seated: u32,
    pub present: u32,
    pub on_leave: u32,
    pub absent: u32,
    /// Seated but no deputy on the roster (缺额).
    pub vacant: u32,
    pub quorum_met: bool,
}

#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub round: u32,
    pub from: Option<&'a str>,
    pub reason: Option<RoundReason>,
    pub phase: Phase,
    pub secret: bool,
    pub tally: ItemTally,
    /// Named items only: each deputy issued a ballot, and how they voted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roll_call: Option<Vec<crate::tally::RollCallEntry>>,
    pub declared: Option<&'a Outcome>,
}

pub fn attendance(state: &State) -> AttendanceJson {
    AttendanceJson {
        seated: state.session.seated,
        present: state.present(),
        on_leave: state.on_leave(),
        absent: state.absent(),
        vacant: state.vacant(),
        quorum_met: state.quorum_met(),
    }
}

pub fn tally_json<'a>(
    state: &'a State,
    records: u64,
    head: Option<&'a str>,
    verified: bool,
    verdict: &'a str,
) -> TallyJson<'a> {
    let s = &state.session;
    TallyJson {
        schema: "votedesk.tally.v1",
        session: SessionJson {
            id: &s.id,
            title: &s.title,
            date: s.date.to_string(),
            body: s.body,
            seated: s.seated,
        },
        attendance: attendance(state),
        records,
        head,
        verified,
        verdict,
        closed: state.closed,
        items: state
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| ItemJson {
                id: &item.id,
                title: s.items[item.def].title(),
                round: item.round,
                from: item.from.map(|f| state.items[f].id.as_str()),
                reason: item.reason,
                phase: item.phase,
                secret: s.items[item.def].secret(),
                tally: state.tally(i),
                roll_call: crate::tally::roll_call(&state.session, &state.items[i]),
                declared: item.declared.as_ref(),
            })
            .collect(),
    }
}

/// One-paragraph summary of a valid session file, for `votedesk check`.
pub fn session_summary(s: &Session) -> String {
    let body = match s.body {
        Body::Congress => "congress session 人民代表大会",
        Body::StandingCommittee => "standing committee meeting 常委会会议",
    };
    let mut out = String::new();
    let _ = writeln!(out, "{} ({}), {}, {body}", s.title, s.id, s.date);
    let _ = writeln!(
        out,
        "seated 应到 {} (roster {}), quorum needs {} present",
        s.seated,
        s.roster.len(),
        rules::quorum_shortfall(s.body, 0, s.seated)
    );
    let _ = writeln!(
        out,
        "{} item(s), {} candidate(s)/subject(s):",
        s.items.len(),
        s.candidate_count()
    );
    for item in &s.items {
        let n = item.choice_ids().len();
        let kind = match item {
            crate::session::Item::ProjectVote(p) if p.kind == crate::session::VoteKind::Motions => {
                format!("resolution, {n} motion(s)")
            }
            crate::session::Item::ProjectVote(p)
                if p.kind == crate::session::VoteKind::Election =>
            {
                let places = p.places.unwrap_or(0);
                let contest = if n as u32 > places {
                    "差额 competitive"
                } else {
                    "等额 uncontested"
                };
                let written = if p.write_ins {
                    ", names may be written in"
                } else {
                    ""
                };
                format!("election, {n} candidates for {places} place(s), {contest}{written}")
            }
            crate::session::Item::ProjectVote(p) => match p.places {
                Some(k) => format!("project vote, {n} candidates, {k} places"),
                None => format!("project vote, {n} candidates"),
            },
            crate::session::Item::Rating(r) => {
                format!("rating, {n} subjects on {}", r.scale.join("/"))
            }
        };
        let secret = if item.secret() { "secret" } else { "named" };
        let _ = writeln!(out, "  {} — {} ({kind}, {secret})", item.id(), item.title());
    }
    out
}

fn status_label(kind: crate::session::VoteKind, s: CandidateStatus) -> &'static str {
    match (kind, s) {
        (crate::session::VoteKind::Election, CandidateStatus::Adopted) => "ELECTED 当选",
        (crate::session::VoteKind::Election, CandidateStatus::NotPassed) => "not elected 未当选",
        (_, s) => status_word(s),
    }
}

fn status_word(s: CandidateStatus) -> &'static str {
    match s {
        CandidateStatus::Adopted => "adopted 通过",
        CandidateStatus::Tied => "TIE 票数相等",
        CandidateStatus::Outranked => "passed, outranked 未入选",
        CandidateStatus::NotPassed => "not adopted 未通过",
        CandidateStatus::Undecided => "undecided (vote void)",
    }
}

/// The session and its attendance, first lines of `tally`.
fn tally_heading(state: &State) -> String {
    let s = &state.session;
    let a = attendance(state);
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})  {}", s.title, s.id, s.date);
    let _ = writeln!(
        out,
        "seated 应到 {}  present 实到 {}  on leave 请假 {}  absent 缺席 {}  quorum {}",
        a.seated,
        a.present,
        a.on_leave,
        a.absent,
        if a.quorum_met {
            "met 符合法定人数"
        } else {
            "NOT met"
        }
    );
    out
}

/// Plain-text results of every item, for `votedesk tally`.
pub fn tally_text(state: &State) -> String {
    let s = &state.session;
    let mut out = tally_heading(state);
    for (i, item) in state.items.iter().enumerate() {
        let def = &s.items[item.def];
        let _ = writeln!(out);
        let round = if item.round > 1 {
            format!(
                " — round {} ({:?})",
                item.round,
                item.reason.unwrap_or(RoundReason::Tie)
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "[{}] {}{round}  ({:?}, {})",
            item.id,
            def.title(),
            item.phase,
            if def.secret() {
                "secret 无记名"
            } else {
                "named 记名"
            }
        );
        if item.phase == Phase::Pending {
            continue;
        }
        let t = state.tally(i);
        let b = t.ballots();
        let _ = writeln!(
            out,
            "  issued 发出 {}  returned 收回 {}  valid 有效 {}  void 无效 {}  → {}",
            b.issued,
            b.returned,
            b.valid,
            b.void,
            if b.vote_valid {
                "vote valid 有效"
            } else {
                "VOTE VOID: returned > issued, re-run 无效"
            }
        );
        match &t {
            ItemTally::Vote(v) => vote_text(&mut out, v),
            ItemTally::Rating(r) => rating_text(&mut out, r),
        }
    }
    out
}

/// A vote round's pass line and its candidates by rank.
fn vote_text(out: &mut String, v: &crate::tally::VoteTally) {
    let _ = writeln!(
        out,
        "  pass: for > half of {:?} = {} → at least {} for{}",
        v.pass_base,
        v.base,
        v.threshold,
        v.places
            .map(|p| format!("; places {p}"))
            .unwrap_or_default()
    );
    let motions = v.kind == crate::session::VoteKind::Motions;
    let _ = writeln!(
        out,
        "  {}  for 赞成  against 反对  abstain 弃权  not voted 未投  {}",
        if motions { "   #" } else { "rank" },
        if motions {
            "motion 议案"
        } else {
            "candidate"
        }
    );
    let num = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for r in v.shown_rows() {
        let who = match r.id {
            Some(id) => format!("{id} {}", r.title),
            None => format!("written in 另选 {}", r.title),
        };
        let _ = writeln!(
            out,
            "  {:>4}  {:>6}  {:>10}  {:>10}  {:>12}  {who} — {}",
            r.number,
            r.for_,
            num(r.against),
            num(r.abstain),
            num(r.not_voted),
            status_label(v.kind, r.status)
        );
    }
    if !v.tied.is_empty() {
        let _ = writeln!(
            out,
            "  tie for the last {} place(s) among {}: a further round decides",
            v.tied_places,
            v.tied.join(", ")
        );
    }
    if v.unfilled > 0 {
        let _ = writeln!(out, "  {} place(s) left unfilled", v.unfilled);
    }
    if v.adopted_investment > 0 {
        let _ = writeln!(
            out,
            "  adopted investment 投资: {} 万元",
            v.adopted_investment
        );
    }
}

/// A rating round's base and its subjects with their counts, rate and grade.
fn rating_text(out: &mut String, r: &crate::tally::RatingTally) {
    let _ = writeln!(
        out,
        "  base {:?}; counts per label: {}",
        r.base,
        r.scale.join(" / ")
    );
    for sub in &r.subjects {
        let counts: Vec<String> = sub.counts.iter().map(|c| c.to_string()).collect();
        let grade = sub.verdict(crate::lang::Lang::En);
        let _ = writeln!(
            out,
            "  {} {}: {}{}  rate {}  {}",
            sub.id,
            sub.title,
            counts.join(" / "),
            if sub.abstain > 0 {
                format!(" / 弃权 {}", sub.abstain)
            } else {
                String::new()
            },
            rules::format_permille(sub.rate_permille),
            grade
        );
    }
}
