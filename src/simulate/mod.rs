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
    /// Boxes keyed at counting stations, station logs written.
    pub boxes: u64,
    pub station_logs: u64,
    /// Reading slips injected at stations, and those double entry caught (a difference
    /// listed at the slipped ballot).
    pub slips: u64,
    pub slips_caught: u64,
    /// Slips both tellers made alike on the same ballot: double entry cannot see them.
    pub slips_coincident: u64,
    /// Ballots a teller skipped, or keyed twice, and those kept out of the count.
    pub missed: u64,
    pub missed_caught: u64,
    pub extra: u64,
    pub extra_caught: u64,
    /// Hand counts written wrong at a table, and those flagged at import.
    pub hand_count_errors: u64,
    pub hand_count_caught: u64,
    /// Rounds whose ballots collected in the hall (收回) were counted wrong, and those the
    /// boxes' total showed before the round closed (a recorded reconciliation).
    pub hall_count_errors: u64,
    pub hall_count_caught: u64,
    /// Boxes whose recorded ballots, after the decisions, equal the paper exactly.
    pub boxes_exact: u64,
}

mod room;
use room::counting_room;

/// A counting-room rehearsal: each secret round's ballots split over `boxes` ballot boxes,
/// each keyed at a station, twice with `double`; a teller misreads one mark of a ballot
/// with probability `slip_per_mille` / 1000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Room {
    pub boxes: u32,
    pub double: bool,
    pub slip_per_mille: u64,
}

/// Why a counting-room rehearsal stopped.
#[derive(Debug, thiserror::Error)]
pub enum RoomError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error("station: {0}")]
    Station(String),
}

/// Run the rest of the session in `rec` to its close.
pub fn run(rec: &mut Recorder, seed: u64, pace: Duration) -> Result<Summary, RecordError> {
    match run_room(rec, seed, pace, None) {
        Ok(s) => Ok(s),
        Err(RoomError::Record(e)) => Err(e),
        // Without a room no station is used.
        Err(RoomError::Station(m)) => {
            Err(RecordError::Refused(crate::engine::Refusal::BadMarks(m)))
        }
    }
}

/// `run`, with secret rounds counted in a counting room when `room` says so.
pub fn run_room(
    rec: &mut Recorder,
    seed: u64,
    pace: Duration,
    room: Option<Room>,
) -> Result<Summary, RoomError> {
    let mut rng = Rng::new(seed);
    let mut summary = Summary::default();
    let session = rec.state.session.clone();
    // Attendance only while no item is open.
    if rec.state.open.is_none() && rec.state.items.iter().all(|i| i.phase == Phase::Pending) {
        check_in(rec, &session, &mut rng)?;
    }
    // Each item, and each further round it needs, in agenda order.
    let mut index = 0;
    while index < rec.state.items.len() {
        let item = rec.state.items[index].clone();
        let id = item.id.clone();
        if item.phase == Phase::Pending {
            rec.record(Action::OpenItem(id.clone()))?;
        }
        let secret = session.items[rec.state.items[index].def].secret();
        if rec.state.items[index].phase == Phase::Open
            && let Some(room) = room.filter(|r| secret && r.boxes > 0)
        {
            // The room draws from its own generator, seeded by the rehearsal's seed and the
            // round: a rehearsal stopped anywhere and started again keys the same paper.
            let mut room_rng = Rng::new(seed ^ round_seed(&item.id));
            summary.ballots += counting_room(rec, index, &mut room_rng, room, pace, &mut summary)?;
        }
        // A round counted in sealed boxes takes no ballot keyed at the console.
        if rec.state.items[index].phase == Phase::Open && rec.state.items[index].sealed.is_none() {
            summary.ballots += cast_ballots(rec, index, &mut rng, pace, &mut summary)?;
        }
        if rec.state.items[index].phase == Phase::Open {
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

/// Attendance: most deputies check in, a few are on leave; the rest are checked in if the
/// session would otherwise lack its quorum.
fn check_in(
    rec: &mut Recorder,
    session: &crate::session::Session,
    rng: &mut Rng,
) -> Result<(), RecordError> {
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
    Ok(())
}

/// What deputies mark on one round's paper ballots: approval per candidate fixed by the
/// seed, a few spoiled ballots, now and then one over the limit.
/// Persons a rehearsal's deputies write in on an election's ballots (illustrative names).
const WRITE_INS: [&str; 3] = ["王建国", "李红梅", "赵志强"];

/// A per-candidate ballot: each candidate for with its approval, else against or abstain.
/// Most deputies keep to the limit on 赞成; now and then one does not, and that ballot is
/// void.
fn draw_choices(rng: &mut Rng, approval: &[u64], for_limit: Option<u32>) -> Vec<Choice> {
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
    choices
}

struct Paper {
    def: Item,
    ids: Vec<String>,
    n: usize,
    approval: Vec<u64>,
    limit: Option<u32>,
    for_limit: Option<u32>,
}

impl Paper {
    fn new(rec: &Recorder, index: usize, rng: &mut Rng) -> Paper {
        let session = rec.state.session.clone();
        let item = &rec.state.items[index];
        let n = item.choices.len();
        // Per-candidate approval in per mille, fixed by the seed: some popular, some not.
        let approval: Vec<u64> = (0..n).map(|_| 550 + rng.below(430)).collect();
        let limit = item.tick_limit(&session);
        Paper {
            def: session.items[item.def].clone(),
            ids: rec.state.choice_ids(item),
            n,
            approval,
            limit,
            for_limit: item.mark_limit(&session).filter(|_| limit.is_none()),
        }
    }

    fn draw(&self, rng: &mut Rng) -> Marks {
        if rng.chance(8) {
            return Marks::Spoiled;
        }
        match &self.def {
            Item::ProjectVote(p) => match p.form {
                Form::ForAgainstAbstain => Marks::Choices {
                    choices: draw_choices(rng, &self.approval, self.for_limit),
                },
                Form::Election => self.draw_election(p, rng),
                Form::TickAtMost(_) => self.draw_ticks(rng),
            },
            Item::Rating(r) => Marks::Ratings {
                labels: (0..self.n)
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
    }

    /// An election's ballot. Now and then a deputy writes in another person (另选他人), from
    /// a few names that recur, so a person written in gathers votes; most keep 赞成 and
    /// names together within the places.
    fn draw_election(&self, p: &crate::session::ProjectVote, rng: &mut Rng) -> Marks {
        let write_ins: Vec<String> = if p.write_ins && rng.chance(60) {
            let name = WRITE_INS[rng.below(WRITE_INS.len() as u64) as usize];
            // A candidate's own name is marked 赞成, never written in.
            if p.candidates.iter().any(|c| c.title == name) {
                Vec::new()
            } else {
                vec![name.to_string()]
            }
        } else {
            Vec::new()
        };
        let room = self
            .for_limit
            .map(|m| m.saturating_sub(write_ins.len() as u32));
        Marks::Election {
            choices: draw_choices(rng, &self.approval, room),
            write_ins,
        }
    }

    /// A tick ballot: as many ticks as the limit allows, now and then one more.
    fn draw_ticks(&self, rng: &mut Rng) -> Marks {
        let limit = self.limit.unwrap_or(1) as usize;
        let want = if rng.chance(10) { limit + 1 } else { limit };
        let mut ticked: Vec<String> = Vec::new();
        for (i, id) in self.ids.iter().enumerate() {
            if ticked.len() < want && rng.below(1000) < self.approval[i] {
                ticked.push(id.clone());
            }
        }
        Marks::Ticks { ticked }
    }
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
    // Drawn first, as always: a seed gives the same rehearsal as before.
    let paper = Paper::new(rec, index, rng);
    let present: Vec<u32> = session
        .roster
        .iter()
        .filter(|d| rec.state.attendance_of(d.seat) == Some(Attendance::Present))
        .map(|d| d.seat)
        .collect();
    let mut cast = 0;
    let secret = def.secret();
    let target = if secret {
        papers_returned(item.round, item.issued, rng)
    } else {
        item.issued
    };
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
        let marks = paper.draw(rng);
        let id = item.id.clone();
        rec.record(Action::RecordBallot {
            item: id.clone(),
            seat,
            marks: marks.clone(),
        })?;
        cast += 1;
        k += 1;
        if rng.chance(5) {
            corrected(rec, index, id, seat, marks)?;
            summary.corrections += 1;
        }
        if !pace.is_zero() {
            std::thread::sleep(pace);
        }
    }
    Ok(cast)
}

/// The papers a secret round's box gives back: a few not returned, and now and then, in a
/// first round, one more than issued.
fn papers_returned(round: u32, issued: u32, rng: &mut Rng) -> u32 {
    if round == 1 && rng.chance(120) {
        // More returned than issued voids the vote (Election Law art. 44) and it is re-run.
        issued + 1
    } else {
        issued.saturating_sub(rng.below(u64::from(issued / 50 + 1)) as u32)
    }
}

/// A keying mistake caught at once: the last entry voided with a reason, and the same paper
/// keyed again, keeping its number, as at the console.
fn corrected(
    rec: &mut Recorder,
    index: usize,
    id: String,
    seat: Option<u32>,
    marks: Marks,
) -> Result<(), RecordError> {
    let ballot = rec.state.items[index].ballots.len() as u32;
    rec.record(Action::VoidBallot {
        item: id.clone(),
        ballot,
        reason: "keying error, re-entered".into(),
    })?;
    rec.record(Action::RekeyBallot {
        item: id,
        replaces: ballot,
        seat,
        marks,
    })?;
    Ok(())
}

/// A teller's single-key slip: one mark of the ballot read as another.
fn slip(marks: &Marks, paper: &Paper, rng: &mut Rng) -> Option<Marks> {
    let mut m = marks.clone();
    match &mut m {
        Marks::Choices { choices } if !choices.is_empty() => {
            let k = rng.below(choices.len() as u64) as usize;
            choices[k] = match choices[k] {
                Choice::For => Choice::Against,
                Choice::Against => Choice::Abstain,
                Choice::Abstain => Choice::For,
            };
        }
        // A name written in misread (a character dropped): double entry must show it.
        Marks::Election { write_ins, .. } if !write_ins.is_empty() && rng.chance(500) => {
            let name = &mut write_ins[0];
            let mut chars: Vec<char> = name.chars().collect();
            chars.pop();
            if chars.is_empty() {
                return None;
            }
            *name = chars.into_iter().collect();
        }
        Marks::Election { choices, .. } if !choices.is_empty() => {
            let k = rng.below(choices.len() as u64) as usize;
            choices[k] = match choices[k] {
                Choice::For => Choice::Against,
                Choice::Against => Choice::Abstain,
                Choice::Abstain => Choice::For,
            };
        }
        Marks::Ticks { ticked } if !paper.ids.is_empty() => {
            let id = &paper.ids[rng.below(paper.ids.len() as u64) as usize];
            match ticked.iter().position(|t| t == id) {
                Some(i) => {
                    ticked.remove(i);
                }
                None => ticked.push(id.clone()),
            }
        }
        Marks::Ratings { labels } if !labels.is_empty() => {
            let Item::Rating(r) = &paper.def else {
                return None;
            };
            let k = rng.below(labels.len() as u64) as usize;
            let now = r.scale.iter().position(|l| *l == labels[k]).unwrap_or(0);
            labels[k] = r.scale[(now + 1) % r.scale.len()].clone();
        }
        _ => return None,
    }
    (m != *marks).then_some(m)
}

/// A round's share of the seed (FNV-1a of its id).
fn round_seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
