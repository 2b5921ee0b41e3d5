//! The count of an item round, derived from its ballots by the rules in `rules`.
//!
//! This is what every view shows: the console's live tally, the projector, `tally`,
//! `report`, and the recomputation `verify` compares declared results with.

use serde::Serialize;

use std::collections::HashMap;

use crate::event::{Marks, Outcome, SubjectGrade};
use crate::form::{self, VoteCounts};
use crate::round::{ItemState, Phase};
use crate::rules;
use crate::sentences;
use crate::session::{Item, PassBase, ProjectVote, Rating, RatingBase, Session, VoteKind};

/// Ballot reconciliation of a round (发出 / 收回 / 有效 / 无效).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub issued: u32,
    pub returned: u32,
    pub valid: u32,
    pub void: u32,
    /// False when returned > issued: the whole vote is void and must be re-run.
    pub vote_valid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateStatus {
    Adopted,
    Tied,
    /// Passed but outranked by the candidates that took the places.
    Outranked,
    NotPassed,
    /// The vote was void: nothing was decided.
    Undecided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateTally {
    pub id: String,
    pub title: String,
    pub investment: Option<u64>,
    #[serde(rename = "for")]
    pub for_: u32,
    pub against: u32,
    /// Abstentions; on tick forms, valid ballots that did not tick this candidate.
    pub abstain: u32,
    /// 未投: ballots issued but not returned.
    pub not_voted: u32,
    pub passes: bool,
    /// 1-based rank by yes votes.
    pub rank: u32,
    pub status: CandidateStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoteTally {
    /// Motions (a resolution) or projects: the words, never the count.
    /// Named `decides` in JSON: `kind` is the tally's own tag.
    #[serde(rename = "decides", skip_serializing_if = "VoteKind::is_projects")]
    pub kind: VoteKind,
    pub ballots: Reconciliation,
    pub places: Option<u32>,
    pub pass_base: PassBase,
    /// The value of the pass base, and the fewest yes votes that pass.
    pub base: u64,
    pub threshold: u64,
    /// Candidates in ballot order.
    pub candidates: Vec<CandidateTally>,
    /// Positions into `candidates`, highest yes first.
    pub ranking: Vec<usize>,
    pub adopted: Vec<String>,
    pub tied: Vec<String>,
    pub tied_places: u32,
    pub unfilled: u32,
    /// 万元, adopted candidates of this round.
    pub adopted_investment: u64,
    /// An election's other persons written in (另选他人), in the order first written,
    /// whether or not anyone is elected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub write_ins: Vec<WriteInTally>,
}

/// A row of a vote's table as a screen shows it: a candidate, or a person written in, who
/// has only votes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownRow<'a> {
    pub number: u32,
    /// The candidate's id; none for a person written in.
    pub id: Option<&'a str>,
    pub title: &'a str,
    pub written_in: bool,
    pub for_: u32,
    pub against: Option<u32>,
    pub abstain: Option<u32>,
    pub not_voted: Option<u32>,
    pub status: CandidateStatus,
}

/// A person written in on an election's ballots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteInTally {
    /// The name as written (normalised).
    pub name: String,
    /// Valid ballots naming this person.
    pub votes: u32,
    pub passes: bool,
    /// 1-based rank by votes among candidates and persons written in alike.
    pub rank: u32,
    pub status: CandidateStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubjectTally {
    pub id: String,
    pub title: String,
    /// Count per scale label, in scale order.
    pub counts: Vec<u32>,
    pub abstain: u32,
    /// Valid ballots that left this subject blank (not rated).
    #[serde(skip_serializing_if = "is_zero")]
    pub blank: u32,
    pub base: u64,
    pub rate_permille: Option<u32>,
    /// The count the rate divides by the base (满意 + 基本满意, or the rule's labels).
    pub rate_count: u64,
    pub grade: Option<String>,
    pub cutoff_met: Option<bool>,
    /// The whole vote is void (returned > issued): counts only, no rate and no verdict.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vote_void: bool,
}

impl SubjectTally {
    /// The rate as shown: a percentage, with the count and base beside it wherever the rate
    /// meets a cut-off, so 6/9 against "≥ 2/3" never reads as a miss ("66.6% (6/9)").
    pub fn rate_words(&self) -> String {
        let rate = rules::format_permille(self.rate_permille);
        match (self.rate_permille, self.cutoff_met) {
            (Some(_), Some(_)) => format!("{rate} ({}/{})", self.rate_count, self.base),
            _ => rate,
        }
    }

    pub fn verdict(&self, lang: crate::lang::Lang) -> String {
        if self.vote_void {
            return lang.say(sentences::VOTE_VOID).to_string();
        }
        verdict(
            lang,
            self.grade.as_deref(),
            self.cutoff_met,
            self.rate_permille,
        )
    }
}

/// One deputy's line in a named (roll-call) vote: who voted how, or did not vote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RollCallEntry {
    pub seat: u32,
    pub name: String,
    pub delegation: String,
    /// The ballot number of the deputy's live ballot; null: issued a ballot, did not vote.
    pub ballot: Option<u32>,
    pub marks: Option<Marks>,
}

/// The roll call of a named item: every deputy issued a ballot when it opened, in roster
/// order, with their live ballot. `None` on a secret item: it never links a deputy to a
/// choice.
pub fn roll_call(session: &Session, item: &ItemState) -> Option<Vec<RollCallEntry>> {
    if session.items[item.def].secret() {
        return None;
    }
    Some(
        session
            .roster
            .iter()
            .filter(|d| item.issued_to.contains(&d.seat))
            .map(|d| {
                let live = item.live_ballots().find(|b| b.seat == Some(d.seat));
                RollCallEntry {
                    seat: d.seat,
                    name: d.name.clone(),
                    delegation: d.delegation.clone(),
                    ballot: live.map(|b| b.number),
                    marks: live.map(|b| b.marks.clone()),
                }
            })
            .collect(),
    )
}

/// A subject's verdict in words, the same on the console, the projector, `tally` and the
/// sheet: the tier grade; 达标 / 未达标 against a cut-off; 无有效票 when there is no valid
/// ballot (no rate, no grade); empty for a rate without cut-off.
pub fn verdict(
    lang: crate::lang::Lang,
    grade: Option<&str>,
    cutoff_met: Option<bool>,
    rate_permille: Option<u32>,
) -> String {
    if rate_permille.is_none() {
        return lang.say(sentences::NO_VALID_BALLOTS).to_string();
    }
    match (grade, cutoff_met) {
        (Some(g), _) => g.to_string(),
        (None, Some(true)) => lang.say(sentences::CUT_OFF_MET).to_string(),
        (None, Some(false)) => lang.say(sentences::CUT_OFF_NOT_MET).to_string(),
        (None, None) => String::new(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatingTally {
    pub ballots: Reconciliation,
    pub scale: Vec<String>,
    pub base: RatingBase,
    pub subjects: Vec<SubjectTally>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ItemTally {
    Vote(VoteTally),
    Rating(RatingTally),
}

impl VoteTally {
    /// The rows as listed, each with the number it is listed under: candidates by rank,
    /// motions in agenda order (each is decided alone; a rank means nothing).
    pub fn listing(&self) -> Vec<(u32, usize)> {
        match self.kind {
            VoteKind::Motions => (0..self.candidates.len())
                .map(|i| (i as u32 + 1, i))
                .collect(),
            VoteKind::Projects | VoteKind::Election => self
                .ranking
                .iter()
                .map(|&i| (self.candidates[i].rank, i))
                .collect(),
        }
    }
    /// Titles of the candidates tied across the last place, in ballot order.
    /// The rows as shown on a screen: `listing`'s, with an election's persons written in
    /// among the candidates by rank, so the last place's rule falls where the places end.
    pub fn shown_rows(&self) -> Vec<ShownRow<'_>> {
        let mut rows: Vec<ShownRow> = self
            .listing()
            .into_iter()
            .map(|(number, i)| {
                let c = &self.candidates[i];
                ShownRow {
                    number,
                    id: Some(&c.id),
                    title: &c.title,
                    written_in: false,
                    for_: c.for_,
                    against: Some(c.against),
                    abstain: Some(c.abstain),
                    not_voted: Some(c.not_voted),
                    status: c.status,
                }
            })
            .collect();
        rows.extend(self.write_ins.iter().map(|w| ShownRow {
            number: w.rank,
            id: None,
            title: &w.name,
            written_in: true,
            for_: w.votes,
            against: None,
            abstain: None,
            not_voted: None,
            status: w.status,
        }));
        if !self.write_ins.is_empty() {
            rows.sort_by_key(|r| r.number);
        }
        rows
    }

    /// The persons written in as listed: by rank (the tally keeps them first written first).
    pub fn write_ins_by_rank(&self) -> Vec<&WriteInTally> {
        let mut v: Vec<&WriteInTally> = self.write_ins.iter().collect();
        v.sort_by_key(|w| w.rank);
        v
    }

    pub fn tied_titles(&self) -> Vec<&str> {
        self.candidates
            .iter()
            .filter(|c| c.status == CandidateStatus::Tied)
            .map(|c| c.title.as_str())
            .chain(
                self.write_ins
                    .iter()
                    .filter(|w| w.status == CandidateStatus::Tied)
                    .map(|w| w.name.as_str()),
            )
            .collect()
    }
}

impl ItemTally {
    pub fn ballots(&self) -> &Reconciliation {
        match self {
            ItemTally::Vote(v) => &v.ballots,
            ItemTally::Rating(r) => &r.ballots,
        }
    }

    /// The result to declare, as the log records it.
    pub fn outcome(&self) -> Outcome {
        match self {
            ItemTally::Vote(v) => Outcome::Vote {
                vote_valid: v.ballots.vote_valid,
                adopted: v.adopted.clone(),
                tied: v.tied.clone(),
                tied_places: v.tied_places,
                unfilled: v.unfilled,
            },
            ItemTally::Rating(r) => Outcome::Rating {
                vote_valid: r.ballots.vote_valid,
                grades: if r.ballots.vote_valid {
                    r.subjects
                        .iter()
                        .map(|s| SubjectGrade {
                            subject: s.id.clone(),
                            grade: s.grade.clone().or_else(|| {
                                s.cutoff_met
                                    .map(|m| if m { "met" } else { "not met" }.to_string())
                            }),
                            rate_permille: s.rate_permille,
                        })
                        .collect()
                } else {
                    Vec::new()
                },
            },
        }
    }
}

/// Count one item round.
pub fn count(session: &Session, item: &ItemState) -> ItemTally {
    let (ballots, valid) = reconcile(session, item);
    match &session.items[item.def] {
        Item::ProjectVote(p) => ItemTally::Vote(count_vote(session, item, p, ballots, &valid)),
        Item::Rating(r) => ItemTally::Rating(count_rating(session, item, r, ballots, &valid)),
    }
}

/// The round's ballots reconciled (发出 / 收回 / 有效 / 无效), and the valid ballots' marks.
fn reconcile<'a>(session: &Session, item: &'a ItemState) -> (Reconciliation, Vec<&'a Marks>) {
    let limit = item.mark_limit(session);
    let mut ballots = Reconciliation {
        issued: item.issued,
        returned: 0,
        valid: 0,
        void: 0,
        vote_valid: true,
    };
    let valid: Vec<&Marks> = item
        .live_ballots()
        .inspect(|_| ballots.returned += 1)
        .map(|b| &b.marks)
        .filter(|m| form::valid(limit, m))
        .collect();
    ballots.valid = valid.len() as u32;
    ballots.void = ballots.returned - ballots.valid;
    ballots.vote_valid = !rules::vote_void(ballots.returned, ballots.issued);
    (ballots, valid)
}

/// The per-candidate counts of a vote round, each ballot added by its form; an election's
/// persons written in, with their votes, in the order first written.
fn vote_counts(
    p: &ProjectVote,
    item: &ItemState,
    valid: &[&Marks],
) -> (VoteCounts, Vec<(String, u32)>) {
    let mut counts = VoteCounts::new(item.choices.len());
    let mut written: Vec<(String, u32)> = Vec::new();
    let mut written_at: HashMap<&str, usize> = HashMap::new();
    let ids: Vec<&str> = item
        .choices
        .iter()
        .map(|&c| p.candidates[c].id.as_str())
        .collect();
    let mut tick_ballots = 0u32;
    for marks in valid {
        match marks {
            Marks::Choices { choices } => form::choices::add(&mut counts, choices),
            Marks::Ticks { ticked } => {
                tick_ballots += 1;
                form::ticks::add(&mut counts, &ids, ticked);
            }
            Marks::Election { choices, write_ins } => {
                form::election::add(&mut counts, choices);
                for name in write_ins {
                    let at = *written_at.entry(name.as_str()).or_insert_with(|| {
                        written.push((name.clone(), 0));
                        written.len() - 1
                    });
                    written[at].1 += 1;
                }
            }
            _ => {}
        }
    }
    if tick_ballots > 0 {
        form::ticks::finish(&mut counts, tick_ballots);
    }
    (counts, written)
}

fn count_vote(
    session: &Session,
    item: &ItemState,
    p: &ProjectVote,
    ballots: Reconciliation,
    valid: &[&Marks],
) -> VoteTally {
    let not_voted = ballots.issued.saturating_sub(ballots.returned);
    let (counts, written) = vote_counts(p, item, valid);
    let VoteCounts {
        for_,
        against,
        abstain,
    } = counts;
    let base = pass_base(session, p.pass_base, &ballots);
    // Candidates first, then the persons written in: all placed by the same rule.
    let n = for_.len();
    let yes: Vec<u64> = for_
        .iter()
        .map(|&y| u64::from(y))
        .chain(written.iter().map(|(_, v)| u64::from(*v)))
        .collect();
    let Placed {
        placement,
        passing,
        status,
        rank,
    } = Placed::of(&yes, base, item.places, ballots.vote_valid);
    let counts = (&for_[..], &against[..], &abstain[..]);
    let candidates = candidate_rows(p, item, counts, not_voted, &passing, &rank, &status);
    let places = (&passing[n..], &rank[n..], &status[n..]);
    let write_ins = write_in_rows(written, places);
    let to_ids = |v: &[usize]| {
        v.iter()
            .map(|&i| match i.checked_sub(n) {
                None => candidates[i].id.clone(),
                Some(k) => form::election::write_in_id(&write_ins[k].name),
            })
            .collect()
    };
    VoteTally {
        kind: p.kind,
        places: item.places,
        pass_base: p.pass_base,
        base,
        threshold: rules::pass_threshold(base),
        adopted: to_ids(&placement.adopted),
        tied: to_ids(&placement.tied),
        tied_places: placement.tied_places,
        unfilled: placement.unfilled,
        adopted_investment: investment_of(&candidates, &placement.adopted),
        ranking: placement.ranking.into_iter().filter(|&i| i < n).collect(),
        candidates,
        ballots,
        write_ins,
    }
}

/// The investment of the candidates adopted (persons written in have none).
fn investment_of(candidates: &[CandidateTally], adopted: &[usize]) -> u64 {
    adopted
        .iter()
        .filter_map(|&i| candidates.get(i).and_then(|c| c.investment))
        .sum()
}

/// The number the passing line is more than half of: all seated, those present (the
/// ballots issued), or the valid ballots.
fn pass_base(session: &Session, base: PassBase, ballots: &Reconciliation) -> u64 {
    match base {
        PassBase::Seated => u64::from(session.seated),
        PassBase::Present => u64::from(ballots.issued),
        PassBase::Valid => u64::from(ballots.valid),
    }
}

/// The persons written in with their votes, and each one's passing, rank and status as
/// placed among the candidates.
fn write_in_rows(
    written: Vec<(String, u32)>,
    (passing, rank, status): (&[bool], &[u32], &[CandidateStatus]),
) -> Vec<WriteInTally> {
    written
        .into_iter()
        .enumerate()
        .map(|(k, (name, votes))| WriteInTally {
            name,
            votes,
            passes: passing[k],
            rank: rank[k],
            status: status[k],
        })
        .collect()
}

/// The round's candidates with their counts and place, in ballot order.
fn candidate_rows(
    p: &ProjectVote,
    item: &ItemState,
    (for_, against, abstain): (&[u32], &[u32], &[u32]),
    not_voted: u32,
    passing: &[bool],
    rank: &[u32],
    status: &[CandidateStatus],
) -> Vec<CandidateTally> {
    item.choices
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let def = &p.candidates[c];
            CandidateTally {
                id: def.id.clone(),
                title: def.title.clone(),
                investment: def.investment,
                for_: for_[i],
                against: against[i],
                abstain: abstain[i],
                not_voted,
                passes: passing[i],
                rank: rank[i],
                status: status[i],
            }
        })
        .collect()
}

/// Every person's place in a vote round: passing, status and rank by position (candidates,
/// then persons written in).
struct Placed {
    placement: rules::Placement,
    passing: Vec<bool>,
    status: Vec<CandidateStatus>,
    rank: Vec<u32>,
}

impl Placed {
    fn of(yes: &[u64], base: u64, places: Option<u32>, vote_valid: bool) -> Placed {
        let passing: Vec<bool> = yes.iter().map(|&y| rules::passes(y, base)).collect();
        let placement = if vote_valid {
            rules::place(yes, &passing, places)
        } else {
            rules::Placement {
                ranking: rules::place(yes, &passing, places).ranking,
                ..Default::default()
            }
        };
        let status = (0..yes.len())
            .map(|i| {
                if !vote_valid {
                    CandidateStatus::Undecided
                } else if placement.adopted.contains(&i) {
                    CandidateStatus::Adopted
                } else if placement.tied.contains(&i) {
                    CandidateStatus::Tied
                } else if passing[i] {
                    CandidateStatus::Outranked
                } else {
                    CandidateStatus::NotPassed
                }
            })
            .collect();
        let mut rank = vec![0u32; yes.len()];
        for (r, &i) in placement.ranking.iter().enumerate() {
            rank[i] = r as u32 + 1;
        }
        Placed {
            placement,
            passing,
            status,
            rank,
        }
    }
}

fn count_rating(
    session: &Session,
    item: &ItemState,
    r: &Rating,
    ballots: Reconciliation,
    valid: &[&Marks],
) -> RatingTally {
    let base = match r.base {
        RatingBase::Seated => u64::from(session.seated),
        RatingBase::Present => u64::from(ballots.issued),
        RatingBase::Returned => u64::from(ballots.returned),
        RatingBase::Valid => u64::from(ballots.valid),
    };
    let subjects = item
        .choices
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let form::ratings::SubjectCounts {
                counts,
                abstain,
                blank,
            } = form::ratings::count_subject(r, i, valid.iter().copied());
            let wide: Vec<u64> = counts.iter().map(|&c| u64::from(c)).collect();
            let mut g = rules::grade(&r.rule, &r.scale, &wide, base);
            if !ballots.vote_valid {
                // A void vote (returned > issued) decides nothing: no rate, no grade.
                g.rate_permille = None;
                g.grade = None;
                g.cutoff_met = None;
            }
            SubjectTally {
                vote_void: !ballots.vote_valid,
                id: r.subjects[s].id.clone(),
                title: r.subjects[s].title.clone(),
                counts,
                abstain,
                blank,
                base,
                rate_permille: g.rate_permille,
                rate_count: g.counted,
                grade: g.grade,
                cutoff_met: g.cutoff_met,
            }
        })
        .collect();
    RatingTally {
        ballots,
        scale: r.scale.clone(),
        base: r.base,
        subjects,
    }
}

/// Adopted candidates of an agenda item across all its rounds, with total investment.
pub fn adopted_overall(session: &Session, items: &[ItemState], def: usize) -> (Vec<String>, u64) {
    let mut adopted = Vec::new();
    let mut total = 0;
    for item in items {
        if item.def != def || item.phase != Phase::Declared {
            continue;
        }
        if let ItemTally::Vote(v) = count(session, item) {
            for c in v
                .candidates
                .iter()
                .filter(|c| c.status == CandidateStatus::Adopted)
            {
                adopted.push(c.id.clone());
                total += c.investment.unwrap_or(0);
            }
        }
    }
    (adopted, total)
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}
