//! Rehearsal: a whole session with synthetic ballots, through the same recorder as the console.

use std::time::Duration;

use crate::engine::{Action, Attendance, Choice, Marks, Phase};
use crate::recorder::{RecordError, Recorder};
use crate::session::{ABSTAIN_LABEL, Form, Item};

/// A small reproducible generator (SplitMix64); synthetic ballots need no more.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `per_mille / 1000`.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// What a simulation did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub ballots: u64,
    pub corrections: u64,
    pub rounds: u64,
}

/// Run the rest of the session in `rec` to its close.
pub fn run(rec: &mut Recorder, seed: u64, pace: Duration) -> Result<Summary, RecordError> {
    let mut rng = Rng::new(seed);
    let mut summary = Summary::default();
    let session = rec.state.session.clone();
    // Attendance: most deputies check in, a few are on leave (only while no item is open).
    if rec.state.open.is_none() && rec.state.items.iter().all(|i| i.phase == Phase::Pending) {
        for d in &session.roster {
            if rec.state.attendance_of(d.seat) != Some(Attendance::Absent) {
                continue;
            }
            let roll = rng.below(1000);
            if roll < 30 {
                rec.record(Action::MarkOnLeave(d.seat))?;
            } else if roll >= 45 {
                rec.record(Action::CheckIn(d.seat))?;
            }
        }
        // A rehearsal must reach quorum: check in the rest if needed.
        for d in &session.roster {
            if rec.state.quorum_met() {
                break;
            }
            if rec.state.attendance_of(d.seat) != Some(Attendance::Present) {
                if rec.state.attendance_of(d.seat) == Some(Attendance::OnLeave) {
                    rec.record(Action::MarkAbsent(d.seat))?;
                }
                rec.record(Action::CheckIn(d.seat))?;
            }
        }
    }
    // Each item, and each further round it needs, in agenda order.
    let mut index = 0;
    while index < rec.state.items.len() {
        let item = rec.state.items[index].clone();
        let id = item.id.clone();
        if item.phase == Phase::Pending {
            rec.record(Action::OpenItem(id.clone()))?;
        }
        if rec.state.items[index].phase == Phase::Open {
            summary.ballots += cast_ballots(rec, index, &mut rng, pace, &mut summary)?;
            rec.record(Action::CloseItem(id.clone()))?;
        }
        if rec.state.items[index].phase == Phase::Closed {
            rec.record(Action::Declare(id.clone()))?;
        }
        let round = rec.state.items[index].round;
        // Every kind of further round a real session meets: a tie, a void vote re-run, and
        // another vote for places left unfilled (bounded, so a rehearsal always ends).
        if round < 4
            && rec.state.items[index].further.is_none()
            && rec.state.further_round_needed(index).is_some()
        {
            rec.record(Action::OpenFurtherRound(id))?;
            summary.rounds += 1;
        }
        index += 1;
    }
    rec.record(Action::CloseSession)?;
    Ok(summary)
}

fn cast_ballots(
    rec: &mut Recorder,
    index: usize,
    rng: &mut Rng,
    pace: Duration,
    summary: &mut Summary,
) -> Result<u64, RecordError> {
    let session = rec.state.session.clone();
    let item = rec.state.items[index].clone();
    let def = &session.items[item.def];
    let n = item.choices.len();
    let ids = rec.state.choice_ids(&item);
    // Per-candidate approval in per mille, fixed by the seed: some popular, some not.
    let approval: Vec<u64> = (0..n).map(|_| 550 + rng.below(430)).collect();
    let present: Vec<u32> = session
        .roster
        .iter()
        .filter(|d| rec.state.attendance_of(d.seat) == Some(Attendance::Present))
        .map(|d| d.seat)
        .collect();
    let mut cast = 0;
    let secret = def.secret();
    let target = if secret {
        if item.round == 1 && rng.chance(120) {
            // Now and then an extra paper in the box: more returned than issued voids the
            // vote (Election Law art. 44) and it is re-run.
            item.issued + 1
        } else {
            // A few ballots are not returned.
            item.issued
                .saturating_sub(rng.below(u64::from(item.issued / 50 + 1)) as u32)
        }
    } else {
        item.issued
    };
    let limit = item.tick_limit(&session);
    let for_limit = item.mark_limit(&session).filter(|_| limit.is_none());
    let mut k = rec.state.items[index].live_ballots().count() as u32;
    while k < target {
        let seat = if secret {
            None
        } else {
            match present
                .iter()
                .find(|s| !rec.state.items[index].voted.contains(s))
            {
                Some(&s) => Some(s),
                None => break,
            }
        };
        let marks = if rng.chance(8) {
            Marks::Spoiled
        } else {
            match def {
                Item::ProjectVote(p) => match p.form {
                    Form::ForAgainstAbstain => {
                        let mut choices: Vec<Choice> = approval
                            .iter()
                            .map(|&a| {
                                let r = rng.below(1000);
                                if r < a {
                                    Choice::For
                                } else if r < a + (1000 - a) / 2 {
                                    Choice::Against
                                } else {
                                    Choice::Abstain
                                }
                            })
                            .collect();
                        // Most deputies keep to the limit on 赞成; now and then one does not,
                        // and that ballot is void.
                        if let Some(max) = for_limit
                            && !rng.chance(20)
                        {
                            let mut fors = 0;
                            for c in choices.iter_mut().filter(|c| **c == Choice::For) {
                                fors += 1;
                                if fors > max {
                                    *c = Choice::Abstain;
                                }
                            }
                        }
                        Marks::Choices { choices }
                    }
                    Form::TickAtMost(_) => {
                        let limit = limit.unwrap_or(1) as usize;
                        let want = if rng.chance(10) { limit + 1 } else { limit };
                        let mut ticked: Vec<String> = Vec::new();
                        for (i, id) in ids.iter().enumerate() {
                            if ticked.len() < want && rng.below(1000) < approval[i] {
                                ticked.push(id.clone());
                            }
                        }
                        Marks::Ticks { ticked }
                    }
                },
                Item::Rating(r) => Marks::Ratings {
                    labels: (0..n)
                        .map(|_| {
                            let roll = rng.below(1000);
                            if r.abstain && roll < 20 {
                                ABSTAIN_LABEL.to_string()
                            } else {
                                // Skewed towards the first (best) label.
                                let k = (roll * roll / 1000 * r.scale.len() as u64 / 1000) as usize;
                                r.scale[k.min(r.scale.len() - 1)].clone()
                            }
                        })
                        .collect(),
                },
            }
        };
        let id = item.id.clone();
        rec.record(Action::RecordBallot {
            item: id.clone(),
            seat,
            marks: marks.clone(),
        })?;
        cast += 1;
        k += 1;
        if rng.chance(5) {
            // A keying mistake caught at once: void it with a reason, key it again.
            let ballot = rec.state.items[index].ballots.len() as u32;
            rec.record(Action::VoidBallot {
                item: id.clone(),
                ballot,
                reason: "keying error, re-entered".into(),
            })?;
            rec.record(Action::RecordBallot {
                item: id,
                seat,
                marks,
            })?;
            summary.corrections += 1;
        }
        if !pace.is_zero() {
            std::thread::sleep(pace);
        }
    }
    Ok(cast)
}
