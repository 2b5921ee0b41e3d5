//! The counting room rehearsed: each secret round's paper ballots split over boxes, each box
//! keyed at its stations (once or twice, with the faults drawn), planned, answered from the
//! paper as the scrutineers would, and imported; what double entry caught is counted.

use super::*;
use crate::station;

/// Key one round's paper ballots at counting stations and import every box. Started again
/// after a stop, it takes up where it was: boxes already imported are skipped, closed
/// station logs reused, an unfinished one continued from its last ballot.
///
/// Each teller may misread a mark, skip a ballot or key one twice, and a table may write its
/// hand count wrong by one, each with the room's slip rate. The scrutineers decide from the
/// paper: a differing reading as the paper shows it; entries compared as totals by the one
/// that equals the paper, or, when neither does, the box keyed again by two more tellers; a
/// hand count that differs after the recount is recorded with its reason.
pub(super) fn counting_room(
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
    let dir = stations_dir(rec)?;
    let per_box = ballots.len().div_ceil(room.boxes as usize).max(1);
    // The hall counts the ballots collected before any box is opened, and the round's boxes
    // are sealed with it; sometimes that count is written wrong.
    let hall_wrong = rng.chance(room.slip_per_mille);
    summary.hall_count_errors += u64::from(hall_wrong);
    let boxes = ballots.chunks(per_box).count();
    seal(rec, index, boxes, count + u32::from(hall_wrong))?;
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
    reconcile(rec, index)?;
    summary.hall_count_caught += u64::from(hall_wrong && rec.state.items[index].reconciled);
    Ok(recorded)
}

/// The folder of a rehearsal's station logs, next to its session log.
fn stations_dir(rec: &Recorder) -> Result<std::path::PathBuf, RoomError> {
    let mut d = rec.path.as_os_str().to_owned();
    d.push(".stations");
    let dir = std::path::PathBuf::from(d);
    std::fs::create_dir_all(&dir).map_err(|e| st(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// The round's boxes sealed with the hall's count of the ballots collected, unless they
/// already are (a resumed rehearsal).
fn seal(rec: &mut Recorder, index: usize, boxes: usize, collected: u32) -> Result<(), RoomError> {
    if rec.state.items[index].sealed.is_none() && boxes > 0 {
        rec.record(Action::SealBoxes {
            item: rec.state.items[index].id.clone(),
            boxes: (1..=boxes).map(|b| b.to_string()).collect(),
            collected,
        })?;
    }
    Ok(())
}

/// The boxes' total against the hall's count: a difference is decided before closing.
fn reconcile(rec: &mut Recorder, index: usize) -> Result<(), RoomError> {
    if rec.state.items[index].boxes_differ() {
        rec.record(Action::ReconcileBoxes {
            item: rec.state.items[index].id.clone(),
            reason: format!(
                "the boxes were recounted and hold {} ballots; the hall's count was written wrong",
                rec.state.items[index].box_ballots
            ),
        })?;
    }
    Ok(())
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
        let rekeyed = (plan.needs_entry() && !plan.entries.iter().any(is_paper))
            || (!plan.needs_entry() && wrong_count);
        if rekeyed {
            plan = self.key_again(rec, summary)?;
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
        let exact = self.as_paper(&actions);
        let recorded = (actions.len() - 1) as u64;
        rec.record_batch(actions)?;
        summary.boxes += 1;
        summary.boxes_exact += u64::from(exact);
        Ok(recorded)
    }

    /// The box keyed again, cleanly, by two more tellers; its plan.
    fn key_again(
        &self,
        rec: &mut Recorder,
        summary: &mut Summary,
    ) -> Result<station::BoxPlan, RoomError> {
        let b = self.number;
        let again: Vec<Entry> = (0..2).map(|_| Entry::clean(self.chunk)).collect();
        let tellers: Vec<String> = ["C", "D"]
            .iter()
            .map(|t| format!("teller-{b}{t}"))
            .collect();
        let logs = self.key(rec, &tellers, &again, summary)?;
        plan_box(rec, logs)
    }

    /// Whether the ballots to be recorded are the box's papers, one for one.
    fn as_paper(&self, actions: &[Action]) -> bool {
        actions
            .iter()
            .filter_map(|a| match a {
                Action::RecordBallot { marks, .. } => Some(marks),
                _ => None,
            })
            .eq(self.chunk.iter())
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
