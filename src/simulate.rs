//! Rehearsal: a whole session with synthetic ballots, through the same recorder as the console.

use std::time::Duration;

use crate::engine::{Action, Attendance, Choice, Marks, Phase};
use crate::recorder::{RecordError, Recorder};
use crate::session::{ABSTAIN_LABEL, Form, Item};
use crate::station;

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
        let (def, ids, n, approval, limit, for_limit) = (
            &self.def,
            &self.ids,
            self.n,
            &self.approval,
            self.limit,
            self.for_limit,
        );
        if rng.chance(8) {
            Marks::Spoiled
        } else {
            match def {
                Item::ProjectVote(p) => match p.form {
                    Form::ForAgainstAbstain => Marks::Choices {
                        choices: draw_choices(rng, approval, for_limit),
                    },
                    Form::Election => {
                        // Now and then a deputy writes in another person (另选他人), from a
                        // few names that recur, so a person written in gathers votes; most
                        // keep 赞成 and names together within the places.
                        let write_ins: Vec<String> = if p.write_ins && rng.chance(60) {
                            vec![WRITE_INS[rng.below(WRITE_INS.len() as u64) as usize].to_string()]
                        } else {
                            Vec::new()
                        };
                        let room = for_limit.map(|m| m.saturating_sub(write_ins.len() as u32));
                        Marks::Election {
                            choices: draw_choices(rng, approval, room),
                            write_ins,
                        }
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
        }
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
            // A keying mistake caught at once: void it with a reason, key it again.
            let ballot = rec.state.items[index].ballots.len() as u32;
            rec.record(Action::VoidBallot {
                item: id.clone(),
                ballot,
                reason: "keying error, re-entered".into(),
            })?;
            // The same paper keyed again keeps its number, as at the console.
            rec.record(Action::RekeyBallot {
                item: id,
                replaces: ballot,
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

/// Key one round's paper ballots at counting stations and import every box. Started again
/// after a stop, it takes up where it was: boxes already imported are skipped, closed
/// station logs reused, an unfinished one continued from its last ballot.
///
/// Each teller may misread a mark, skip a ballot or key one twice, and a table may write its
/// hand count wrong by one, each with the room's slip rate. The scrutineers decide from the
/// paper: a differing reading as the paper shows it; entries compared as totals by the one
/// that equals the paper, or, when neither does, the box keyed again by two more tellers; a
/// hand count that differs after the recount is recorded with its reason.
fn counting_room(
    rec: &mut Recorder,
    index: usize,
    rng: &mut Rng,
    room: Room,
    pace: Duration,
    summary: &mut Summary,
) -> Result<u64, RoomError> {
    let item = rec.state.items[index].clone();
    let paper = Paper::new(rec, index, rng);
    let count = item
        .issued
        .saturating_sub(rng.below(u64::from(item.issued / 50 + 1)) as u32);
    let ballots: Vec<Marks> = (0..count).map(|_| paper.draw(rng)).collect();
    let dir = {
        let mut d = rec.path.as_os_str().to_owned();
        d.push(".stations");
        std::path::PathBuf::from(d)
    };
    std::fs::create_dir_all(&dir).map_err(|e| st(format!("{}: {e}", dir.display())))?;
    let per_box = ballots.len().div_ceil(room.boxes as usize).max(1);
    // The hall counts the ballots collected before any box is opened, and the round's boxes
    // are sealed with it; sometimes that count is written wrong.
    let hall_wrong = rng.chance(room.slip_per_mille);
    let labels: Vec<String> = (1..=ballots.chunks(per_box).count())
        .map(|b| b.to_string())
        .collect();
    summary.hall_count_errors += u64::from(hall_wrong);
    if rec.state.items[index].sealed.is_none() && !labels.is_empty() {
        rec.record(Action::SealBoxes {
            item: item.id.clone(),
            boxes: labels,
            collected: count + u32::from(hall_wrong),
        })?;
    }
    let mut recorded = 0;
    for (b, chunk) in ballots.chunks(per_box).enumerate() {
        let label = format!("{}", b + 1);
        let imported = rec.state.items[index].boxes.contains(&label);
        // Everything is drawn whether or not this box is keyed now, so a resumed rehearsal
        // draws the same as an unbroken one.
        let hand_wrong = rng.chance(room.slip_per_mille);
        let mut entries: Vec<Entry> = Vec::new();
        for _ in 0..(if room.double { 2 } else { 1 }) {
            entries.push(Entry::draw(chunk, &paper, rng, room.slip_per_mille));
        }
        summary.slips += entries.iter().map(|e| e.slipped.len() as u64).sum::<u64>();
        summary.missed += entries.iter().filter(|e| e.missed.is_some()).count() as u64;
        summary.extra += entries.iter().filter(|e| e.extra.is_some()).count() as u64;
        summary.hand_count_errors += u64::from(hand_wrong);
        if imported {
            continue;
        }
        let paper_box = PaperBox {
            item: &item.id,
            number: b + 1,
            chunk,
            hand_count: chunk.len() as u32 + u32::from(hand_wrong),
            hand_wrong,
            dir: &dir,
            pace,
        };
        recorded += paper_box.count(rec, room, &entries, summary)?;
    }
    // The boxes' total against the hall's count: a difference is decided before closing.
    if rec.state.items[index].boxes_differ() {
        rec.record(Action::ReconcileBoxes {
            item: item.id.clone(),
            reason: format!(
                "the boxes were recounted and hold {} ballots; the hall's count was written wrong",
                rec.state.items[index].box_ballots
            ),
        })?;
    }
    summary.hall_count_caught += u64::from(hall_wrong && rec.state.items[index].reconciled);
    Ok(recorded)
}

fn st(e: String) -> RoomError {
    RoomError::Station(e)
}

/// One ballot box of a rehearsed counting room: its paper ballots and the hall's hand count.
struct PaperBox<'a> {
    item: &'a str,
    number: usize,
    chunk: &'a [Marks],
    hand_count: u32,
    hand_wrong: bool,
    dir: &'a std::path::Path,
    pace: Duration,
}

impl PaperBox<'_> {
    /// Key the box at its stations, plan its import, answer what the plan asks as the
    /// scrutineers would from the paper, and record it; the ballots recorded.
    fn count(
        &self,
        rec: &mut Recorder,
        room: Room,
        entries: &[Entry],
        summary: &mut Summary,
    ) -> Result<u64, RoomError> {
        let b = self.number;
        let tellers: Vec<String> = (0..entries.len())
            .map(|e| format!("teller-{b}{}", ['A', 'B'][e]))
            .collect();
        let logs = self.key(rec, &tellers, entries, summary)?;
        let mut plan = plan_box(rec, logs)?;
        let truth = sorted(self.chunk);
        let is_paper = |e: &station::StationLog| {
            sorted(
                &e.ballots
                    .iter()
                    .map(|(_, r)| r.marks.clone())
                    .collect::<Vec<_>>(),
            ) == truth
        };
        // Compared as totals and neither entry is the paper, or the entries agree on a count
        // the recount of the paper does not give (both skipped the same ballot): the box is
        // keyed again.
        let wrong_count = plan.entries[0].ballots.len() != self.chunk.len();
        let mut rekeyed = false;
        if (plan.needs_entry() && !plan.entries.iter().any(is_paper))
            || (!plan.needs_entry() && wrong_count)
        {
            rekeyed = true;
            let again: Vec<Entry> = (0..2).map(|_| Entry::clean(self.chunk)).collect();
            let tellers: Vec<String> = ["C", "D"]
                .iter()
                .map(|t| format!("teller-{b}{t}"))
                .collect();
            let logs = self.key(rec, &tellers, &again, summary)?;
            plan = plan_box(rec, logs)?;
        }
        let (answers, differing) = self.answers(&plan, room, is_paper);
        let chosen = plan.chosen(&answers);
        if room.double {
            let recorded_entry = if rekeyed {
                None
            } else {
                Some((chosen - 1) as usize)
            };
            caught(summary, entries, recorded_entry, &differing);
            summary.hand_count_caught +=
                u64::from(self.hand_wrong && (rekeyed || plan.hand_count_due(chosen).is_some()));
        }
        let actions = plan.actions(&answers).map_err(st)?;
        let exact = actions
            .iter()
            .filter_map(|a| match a {
                Action::RecordBallot { marks, .. } => Some(marks),
                _ => None,
            })
            .eq(self.chunk.iter());
        let recorded = (actions.len() - 1) as u64;
        rec.record_batch(actions)?;
        summary.boxes += 1;
        summary.boxes_exact += u64::from(exact);
        Ok(recorded)
    }

    /// Each teller keys their entry at a station of their own; the station logs, read back.
    fn key(
        &self,
        rec: &Recorder,
        tellers: &[String],
        entries: &[Entry],
        summary: &mut Summary,
    ) -> Result<Vec<station::StationLog>, RoomError> {
        let item = self.item;
        let mut logs = Vec::new();
        for (teller, e) in tellers.iter().zip(entries) {
            let out = self.dir.join(format!(
                "{}-box{}-{teller}.log",
                item.replace('#', "-r"),
                self.number
            ));
            let start = crate::recorder::StationStart {
                session_log: rec.path.clone(),
                item: item.to_string(),
                r#box: self.number.to_string(),
                teller: teller.clone(),
                hand_count: self.hand_count,
                order_kept: true,
                out: out.clone(),
            };
            let mut station = Recorder::station(&start).map_err(|e| st(e.to_string()))?;
            if !station.state.closed {
                let done = station.state.item(item).map_or(0, |r| r.ballots.len());
                for keyed in e.keyed.iter().skip(done) {
                    station.record(Action::RecordBallot {
                        item: item.to_string(),
                        seat: None,
                        marks: keyed.clone(),
                    })?;
                    if !self.pace.is_zero() {
                        std::thread::sleep(self.pace);
                    }
                }
                station.record(Action::CloseItem(item.to_string()))?;
            }
            drop(station);
            summary.station_logs += 1;
            logs.push(station::read_file(&out).map_err(|p| st(p.to_string()))?);
        }
        Ok(logs)
    }

    /// The scrutineers' answers, from the paper: each head read against its count sheet,
    /// each differing ballot as the paper shows it, the entry that is the paper, the hand
    /// count recounted. Also the ballots whose readings differed.
    fn answers(
        &self,
        plan: &station::BoxPlan,
        room: Room,
        is_paper: impl Fn(&station::StationLog) -> bool,
    ) -> (station::Answers, Vec<u32>) {
        let mut answers = station::Answers {
            heads: plan.heads_read("rehearsal scrutineer"),
            ..station::Answers::default()
        };
        if !room.double {
            answers.single = Some("rehearsal counted with single entry".into());
        }
        let mut differing = Vec::new();
        for d in &plan.differences {
            if let station::Difference::Reading { ballot, .. } = d {
                differing.push(*ballot);
                let truth = self.chunk[(*ballot - 1) as usize].clone();
                answers.readings.insert(
                    *ballot,
                    (
                        crate::event::Reading {
                            seat: None,
                            marks: truth,
                        },
                        "as the paper ballot shows".into(),
                    ),
                );
            }
        }
        if plan.needs_entry() {
            let right = plan.entries.iter().position(is_paper).unwrap_or(0);
            answers.entry = Some((right as u32 + 1, "recount of the paper".into()));
        }
        let chosen = plan.chosen(&answers);
        if plan.hand_count_due(chosen).is_some() {
            answers.hand_count = Some(format!(
                "recounted: the box holds {} ballots; the hand count was written wrong",
                self.chunk.len()
            ));
        }
        (answers, differing)
    }
}

/// The box's import plan from its station logs.
fn plan_box(rec: &Recorder, logs: Vec<station::StationLog>) -> Result<station::BoxPlan, RoomError> {
    let target = station::Target {
        state: &rec.state,
        identity: &rec.identity,
        opened_at: &rec.opened_at,
    };
    station::plan(&target, logs)
        .map_err(|ps| {
            st(ps
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("; "))
        })
        .and_then(|mut p| p.pop().ok_or_else(|| st("no box planned".into())))
}

/// Ballots as sorted text, to compare an entry with the paper as totals.
fn sorted(v: &[Marks]) -> Vec<String> {
    let mut v: Vec<String> = v
        .iter()
        .map(|m| serde_json::to_string(m).unwrap_or_default())
        .collect();
    v.sort();
    v
}

/// What double entry caught: a fault that did not reach the count. A misreading reached
/// the count when it is in the entry recorded and no difference showed it: both tellers
/// read that ballot alike. Those (in both entries) went unseen; every other one was caught.
fn caught(
    summary: &mut Summary,
    entries: &[Entry],
    recorded_entry: Option<usize>,
    differing: &[u32],
) {
    let unseen: Vec<u32> = recorded_entry
        .and_then(|k| entries.get(k))
        .map(|e| {
            e.slipped
                .iter()
                .filter(|n| !differing.contains(n))
                .copied()
                .collect()
        })
        .unwrap_or_default();
    let kept_read = |n: u32| recorded_entry.and_then(|k| entries.get(k)?.read(n));
    for (k, e) in entries.iter().enumerate() {
        for n in &e.slipped {
            let alike =
                unseen.contains(n) && (recorded_entry == Some(k) || e.read(*n) == kept_read(*n));
            if alike {
                summary.slips_coincident += 1;
            } else {
                summary.slips_caught += 1;
            }
        }
        let kept = recorded_entry == Some(k);
        summary.missed_caught += u64::from(e.missed.is_some() && !kept);
        summary.extra_caught += u64::from(e.extra.is_some() && !kept);
    }
}

/// One teller's entry of a box: the readings keyed, and the faults drawn for it.
struct Entry {
    keyed: Vec<Marks>,
    /// Paper ballot numbers (1-based) misread, with what was read.
    slipped: Vec<u32>,
    readings: Vec<Marks>,
    /// A paper ballot skipped, or keyed twice (0-based).
    missed: Option<usize>,
    extra: Option<usize>,
}

impl Entry {
    fn draw(chunk: &[Marks], paper: &Paper, rng: &mut Rng, per_mille: u64) -> Entry {
        let mut slipped = Vec::new();
        let mut readings = Vec::new();
        for (k, marks) in chunk.iter().enumerate() {
            let read = match rng.chance(per_mille).then(|| slip(marks, paper, rng)) {
                Some(Some(m)) => {
                    slipped.push(k as u32 + 1);
                    m
                }
                _ => marks.clone(),
            };
            readings.push(read);
        }
        let n = chunk.len() as u64;
        let missed = rng.chance(per_mille).then(|| rng.below(n) as usize);
        let extra = rng.chance(per_mille).then(|| rng.below(n) as usize);
        let mut keyed = Vec::with_capacity(readings.len() + 1);
        for (k, r) in readings.iter().enumerate() {
            if missed == Some(k) {
                continue;
            }
            keyed.push(r.clone());
            if extra == Some(k) {
                keyed.push(r.clone());
            }
        }
        // A skipped ballot's misreading never reaches the log.
        if let Some(m) = missed {
            slipped.retain(|n| *n as usize != m + 1);
        }
        Entry {
            keyed,
            slipped,
            readings,
            missed,
            extra,
        }
    }

    /// The paper as it is, keyed without a fault (a box keyed again).
    fn clean(chunk: &[Marks]) -> Entry {
        Entry {
            keyed: chunk.to_vec(),
            slipped: Vec::new(),
            readings: chunk.to_vec(),
            missed: None,
            extra: None,
        }
    }

    fn read(&self, n: u32) -> Option<&Marks> {
        self.readings.get((n as usize).wrapping_sub(1))
    }
}
