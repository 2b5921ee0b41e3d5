//! Import planning: a station log bound to the open round, two entries of a box compared,
//! every difference listed, and the scrutineers' answers turned into one batch per box.

use super::*;

/// What a station log must match in the session log it is imported into.
pub struct Target<'a> {
    pub state: &'a State,
    /// Hash of the session log's first record.
    pub identity: &'a str,
    /// Record number and hash of each round's opening record.
    pub opened_at: &'a HashMap<String, (u64, String)>,
}

/// Why a station log cannot be imported into this round of this session log.
pub fn binding_problem(log: &StationLog, target: &Target) -> Option<String> {
    let b = &log.binding;
    let st = target.state;
    if log.session != st.session.id || b.session_log != target.identity {
        return Some(format!(
            "it was made from another session log (session \"{}\", log {}…); a station log imports only into the log it was copied from",
            log.session,
            b.session_log.get(..12).unwrap_or(&b.session_log)
        ));
    }
    let Some(round) = st.item(&b.item) else {
        return Some(format!("its round \"{}\" is not in this session", b.item));
    };
    match target.opened_at.get(&b.item) {
        Some((n, h)) if *n == b.round_record && *h == b.round_hash => {}
        _ => {
            return Some(format!(
                "it binds record {} as the opening of round \"{}\", which this log does not hold",
                b.round_record, b.item
            ));
        }
    }
    let open = st.open.map(|i| st.items[i].id.as_str());
    if open != Some(round.id.as_str()) {
        return Some(match open {
            Some(o) => format!(
                "it counts round \"{}\" but round \"{o}\" is open; a station imports only into its own round, while it is open",
                b.item
            ),
            None => format!(
                "it counts round \"{}\", which is not open; boxes are imported before voting on it is closed",
                b.item
            ),
        });
    }
    if !log.closed {
        return Some(
            "it is not closed: the teller has not finished the box (close it at the station with c)".into(),
        );
    }
    None
}

/// One difference between the two entries of a box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Ballot `ballot` (the number the station showed) was read differently.
    Reading {
        ballot: u32,
        first: Reading,
        second: Reading,
    },
    /// Compared as multisets: this reading was keyed `first` times by the first teller and
    /// `second` times by the second.
    Count {
        reading: Reading,
        first: u32,
        second: u32,
    },
}

/// Why two entries of a box are compared as totals of readings rather than ballot by ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalsBecause {
    /// A teller recorded that the stack's order was lost (`--order-lost`).
    OrderLost,
    /// The entries hold different numbers of live ballots.
    Counts(u32, u32),
    /// The station numbers of the live ballots differ (a teller withdrew a ballot and keyed
    /// it again under a new number): the numbers only in the first entry, only in the second.
    Numbers(Vec<u32>, Vec<u32>),
}

/// A box ready to import: its entries, their comparison and what needs a decision.
#[derive(Debug, Clone)]
pub struct BoxPlan {
    pub item: String,
    pub r#box: String,
    /// One or two entries, in the order given.
    pub entries: Vec<StationLog>,
    pub comparison: Comparison,
    /// Why the entries were compared as totals, when they were.
    pub multiset_because: Option<TotalsBecause>,
    pub differences: Vec<Difference>,
    /// Entries whose keyed count differs from the box's hand count: (teller, keyed, hand).
    pub hand_count: Vec<(String, u32, u32)>,
}

/// The scrutineers' answers for one box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// Ballot number → the reading the paper shows, and why.
    pub readings: HashMap<u32, (Reading, String)>,
    /// Multiset comparison with differences: the entry (1 or 2) recorded, and why.
    pub entry: Option<(u32, String)>,
    /// Why the keyed count stands although it differs from the hand count.
    pub hand_count: Option<String>,
    /// Why a box entered once is recorded without its second entry.
    pub single: Option<String>,
    /// Per entry (0-based): the head as read from the box's signed count sheet (at least its
    /// first 8 hex digits) and the scrutineer who read it.
    pub heads: HashMap<usize, (String, String)>,
}

/// A station log head in groups of four, for reading aloud against the signed sheet.
pub fn head_groups(head: &str) -> String {
    head.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl BoxPlan {
    /// Every entry's head as the signed sheets give it, read by `by`: what a rehearsal's
    /// scrutineers (and the tests) answer when the sheets are the station logs' own.
    pub fn heads_read(&self, by: &str) -> HashMap<usize, (String, String)> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, (e.head.clone(), by.to_string())))
            .collect()
    }

    /// Whether the box can be recorded without any decision.
    pub fn clean(&self) -> bool {
        self.differences.is_empty()
            && self.hand_count.is_empty()
            && self.comparison != Comparison::Single
    }

    /// Whether the scrutineers must choose a whole entry (compared as totals, they differ).
    pub fn needs_entry(&self) -> bool {
        self.comparison == Comparison::Multiset && !self.differences.is_empty()
    }

    /// The entry recorded under these answers (1 or 2; 1 unless an entry was chosen).
    pub fn chosen(&self, answers: &Answers) -> u32 {
        match &answers.entry {
            Some((c, _)) if self.needs_entry() => *c,
            _ => 1,
        }
    }

    /// The hand-count mismatch the recorded entry leaves, if any: (teller, keyed, hand).
    /// Only the entry that is recorded matters; a rejected entry's count asks nothing.
    pub fn hand_count_due(&self, chosen: u32) -> Option<(String, u32, u32)> {
        let e = self.entries.get((chosen as usize).wrapping_sub(1))?;
        let keyed = e.ballots.len() as u32;
        (keyed != e.binding.hand_count)
            .then(|| (e.binding.teller.clone(), keyed, e.binding.hand_count))
    }

    /// The batch that records this box with these answers, or what is still to decide.
    /// It carries exactly one decision for each difference and mismatch, and no other:
    /// an answer that nothing asked for is left out.
    pub fn actions(&self, answers: &Answers) -> Result<Vec<Action>, String> {
        let confirmed_by = self.heads_confirmed(answers)?;
        let (chosen, mut decisions) = self.entry_decided(answers)?;
        let entry = &self.entries[(chosen - 1) as usize];
        let ballots = self.readings_decided(entry, answers, &mut decisions)?;
        if let Some((teller, keyed, hand)) = self.hand_count_due(chosen) {
            let reason = answers.hand_count.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                return Err(format!(
                    "box \"{}\": {teller} keyed {keyed} ballot(s) but {hand} were counted by hand; recount the box and record why the keyed count stands",
                    self.r#box
                ));
            }
            decisions.push(Decision::HandCount {
                teller,
                keyed,
                hand_count: hand,
                reason: reason.to_string(),
            });
        }
        let mut actions = Vec::with_capacity(ballots.len() + 1);
        actions.push(Action::NoteBox(BoxNote {
            item: self.item.clone(),
            r#box: self.r#box.clone(),
            entries: self.entries.iter().map(StationLog::entry).collect(),
            comparison: self.comparison,
            decisions,
            confirmed_by,
            ballots: ballots.len() as u32,
        }));
        actions.extend(ballots.into_iter().map(|r| Action::RecordBallot {
            item: self.item.clone(),
            seat: r.seat,
            marks: r.marks,
        }));
        Ok(actions)
    }

    /// Each station log is the one its table signed: its head as read from the signed
    /// count sheet, and who read it; the names, by entry.
    fn heads_confirmed(&self, answers: &Answers) -> Result<Vec<String>, String> {
        let mut confirmed_by = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let teller = &e.binding.teller;
            let Some((typed, by)) = answers.heads.get(&i) else {
                return Err(format!(
                    "box \"{}\": confirm the head of {teller}'s station log against the box's signed count sheet (its first 8 hex digits or more, and the scrutineer's name)",
                    self.r#box
                ));
            };
            let typed: String = typed
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if typed.len() < 8 || !typed.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "box \"{}\", {teller}: give at least the first 8 hex digits of the head on the signed count sheet",
                    self.r#box
                ));
            }
            if !e.head.starts_with(&typed) {
                return Err(format!(
                    "box \"{}\", {teller}: the head on the signed count sheet ({typed}) is not this station log's: it is not the log the table signed; do not import it, and have the box keyed again",
                    self.r#box
                ));
            }
            if by.trim().is_empty() {
                return Err(format!(
                    "box \"{}\", {teller}: the name of the scrutineer who read the head is needed",
                    self.r#box
                ));
            }
            confirmed_by.push(by.trim().to_string());
        }
        Ok(confirmed_by)
    }

    /// The entry recorded (1 unless the scrutineers chose), with the decisions that say why:
    /// a box entered once, or two entries that differ as totals.
    fn entry_decided(&self, answers: &Answers) -> Result<(u32, Vec<Decision>), String> {
        let mut decisions = Vec::new();
        let mut chosen = 1u32;
        if self.comparison == Comparison::Single {
            let reason = answers.single.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                return Err(format!(
                    "box \"{}\" was entered once ({}): double entry is the rule; the scrutineers record why this box counts from one entry, or it is keyed a second time",
                    self.r#box,
                    self.entries
                        .first()
                        .map_or("", |e| e.binding.teller.as_str())
                ));
            }
            decisions.push(Decision::Single {
                reason: reason.to_string(),
            });
        }
        if self.needs_entry() {
            let Some((entry, reason)) = &answers.entry else {
                return Err(format!(
                    "box \"{}\": the two entries differ; the scrutineers recount the paper and choose the entry that is right (1 or 2)",
                    self.r#box
                ));
            };
            if !(1..=2).contains(entry) || reason.trim().is_empty() {
                return Err(format!(
                    "box \"{}\": choose entry 1 or 2 and give the reason",
                    self.r#box
                ));
            }
            chosen = *entry;
            decisions.push(Decision::Entry {
                chosen,
                reason: reason.trim().to_string(),
            });
        }
        Ok((chosen, decisions))
    }

    /// The recorded entry's ballots, each reading the two entries differ on decided from
    /// the paper, with its decision.
    fn readings_decided(
        &self,
        entry: &StationLog,
        answers: &Answers,
        decisions: &mut Vec<Decision>,
    ) -> Result<Vec<Reading>, String> {
        let mut ballots: Vec<Reading> = entry.ballots.iter().map(|(_, r)| r.clone()).collect();
        for d in &self.differences {
            if let Difference::Reading {
                ballot,
                first,
                second,
            } = d
            {
                let Some((decided, reason)) = answers.readings.get(ballot) else {
                    return Err(format!(
                        "box \"{}\", ballot {ballot}: the two readings differ; decide it from the paper ballot",
                        self.r#box
                    ));
                };
                if reason.trim().is_empty() {
                    return Err(format!(
                        "box \"{}\", ballot {ballot}: a decision needs its reason",
                        self.r#box
                    ));
                }
                // By the station's number, not by position among live ballots.
                if let Some(k) = entry.ballots.iter().position(|(n, _)| n == ballot) {
                    ballots[k] = decided.clone();
                }
                decisions.push(Decision::Reading {
                    ballot: *ballot,
                    first: first.clone(),
                    second: second.clone(),
                    decided: decided.clone(),
                    reason: reason.trim().to_string(),
                });
            }
        }
        Ok(ballots)
    }
}

/// Compare two entries of one box: ballot by ballot, paired by the number the stations
/// showed, when both kept the stack's order and hold the same ballot numbers; else as
/// multisets of readings (and say why).
pub fn compare(
    a: &StationLog,
    b: &StationLog,
) -> (Comparison, Option<TotalsBecause>, Vec<Difference>) {
    match totals_because(a, b) {
        None => (Comparison::ByOrder, None, by_order(a, b)),
        why => (Comparison::Multiset, why, by_reading(a, b)),
    }
}

/// Why two entries of a box are compared as totals, not paper by paper: the order was not
/// kept, or they hold different counts or numbers of papers. None: paper by paper.
fn totals_because(a: &StationLog, b: &StationLog) -> Option<TotalsBecause> {
    // Paired by the papers' numbers: a paper keyed again at the end of the stack keeps its
    // number, and so its place.
    let numbers = |l: &StationLog| {
        let mut v = l.ballots.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        v.sort_unstable();
        v
    };
    let (na, nb) = (numbers(a), numbers(b));
    if !a.binding.order_kept || !b.binding.order_kept {
        Some(TotalsBecause::OrderLost)
    } else if na.len() != nb.len() {
        Some(TotalsBecause::Counts(na.len() as u32, nb.len() as u32))
    } else if na != nb {
        Some(TotalsBecause::Numbers(
            na.iter().filter(|n| !nb.contains(n)).copied().collect(),
            nb.iter().filter(|n| !na.contains(n)).copied().collect(),
        ))
    } else {
        None
    }
}

/// The papers the two entries read differently, by number.
fn by_order(a: &StationLog, b: &StationLog) -> Vec<Difference> {
    let by_number: HashMap<u32, &Reading> = b.ballots.iter().map(|(n, r)| (*n, r)).collect();
    let mut differences: Vec<Difference> = a
        .ballots
        .iter()
        .filter_map(|(n, x)| {
            let y = by_number.get(n)?;
            (x != *y).then(|| Difference::Reading {
                ballot: *n,
                first: x.clone(),
                second: (*y).clone(),
            })
        })
        .collect();
    differences.sort_by_key(|d| match d {
        Difference::Reading { ballot, .. } => *ballot,
        _ => 0,
    });
    differences
}

/// The readings the two entries count differently, in a fixed order.
fn by_reading(a: &StationLog, b: &StationLog) -> Vec<Difference> {
    let mut counts: HashMap<&Reading, (u32, u32)> = HashMap::new();
    for (_, r) in &a.ballots {
        counts.entry(r).or_default().0 += 1;
    }
    for (_, r) in &b.ballots {
        counts.entry(r).or_default().1 += 1;
    }
    let mut differences: Vec<(String, Difference)> = counts
        .into_iter()
        .filter(|(_, (x, y))| x != y)
        .map(|(r, (x, y))| {
            (
                serde_json::to_string(r).unwrap_or_default(),
                Difference::Count {
                    reading: r.clone(),
                    first: x,
                    second: y,
                },
            )
        })
        .collect();
    differences.sort_by(|x, y| x.0.cmp(&y.0));
    differences.into_iter().map(|(_, d)| d).collect()
}

/// Group station logs by box, check each against the session log and compare the
/// entries. Anything that cannot be imported is refused whole, each problem naming its
/// file; nothing is partly planned.
pub fn plan(target: &Target, logs: Vec<StationLog>) -> Result<Vec<BoxPlan>, Vec<Problem>> {
    let mut problems = Vec::new();
    let boxes = by_box(target, logs, &mut problems);
    let mut plans = Vec::new();
    for (label, entries) in boxes {
        let round = entries[0].binding.item.clone();
        if let Err(why) = box_may_come(target, &label, &round, &entries) {
            let files = entries
                .iter()
                .map(|e| e.file.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(problem(&files, None, why));
            continue;
        }
        let (comparison, multiset_because, differences) = match entries.as_slice() {
            [a, b] => compare(a, b),
            _ => (Comparison::Single, None, Vec::new()),
        };
        let hand_count = hand_count_differences(&entries);
        plans.push(BoxPlan {
            item: round,
            r#box: label,
            entries,
            comparison,
            multiset_because,
            differences,
            hand_count,
        });
    }
    if problems.is_empty() {
        Ok(plans)
    } else {
        Err(problems)
    }
}

/// The station logs that may be imported, grouped by box: "01" and "1" are the same box,
/// and must be labelled alike.
fn by_box(
    target: &Target,
    logs: Vec<StationLog>,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<StationLog>)> {
    let mut boxes: Vec<(String, Vec<StationLog>)> = Vec::new();
    for log in logs {
        if let Some(why) = binding_problem(&log, target) {
            problems.push(problem(
                &log.file,
                None,
                format!("cannot be imported: {why}"),
            ));
            continue;
        }
        let key = crate::rules::box_key(&log.binding.r#box);
        match boxes
            .iter_mut()
            .find(|(b, _)| crate::rules::box_key(b) == key)
        {
            Some((b, _)) if *b != log.binding.r#box => problems.push(problem(
                &log.file,
                None,
                format!(
                    "cannot be imported: its box \"{}\" is box \"{b}\" of another station log written another way; label both entries of a box alike",
                    log.binding.r#box
                ),
            )),
            Some((_, v)) => v.push(log),
            None => boxes.push((log.binding.r#box.clone(), vec![log])),
        }
    }
    boxes
}

/// Whether a box may come into its round now: not yet imported, one of the round's sealed
/// boxes, entered once or twice, by two tellers.
fn box_may_come(
    target: &Target,
    label: &str,
    round: &str,
    entries: &[StationLog],
) -> Result<(), String> {
    let imported = target.state.item(round).is_some_and(|r| {
        let key = crate::rules::box_key(label);
        r.boxes.iter().any(|b| crate::rules::box_key(b) == key)
    });
    if imported {
        return Err(format!(
            "box \"{label}\" is already imported into round \"{round}\"; a box counts once"
        ));
    }
    // The round knows its boxes: a label it did not seal is refused before any question.
    match target.state.item(round).map(|r| &r.sealed) {
        Some(None) => {
            return Err(format!(
                "round \"{round}\" has no sealed boxes: record its boxes and the ballots collected in the hall first (console b, or votedesk seal)"
            ));
        }
        Some(Some(sealed)) => {
            let key = crate::rules::box_key(label);
            if !sealed.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
                return Err(format!(
                    "box \"{label}\" is not one of the boxes sealed for round \"{round}\" ({}); a box is imported under its sealed label",
                    sealed.boxes.join(", ")
                ));
            }
        }
        None => {}
    }
    if entries.len() > 2 {
        return Err(format!(
            "box \"{label}\" has {} entries; a box is entered once or twice (double entry)",
            entries.len()
        ));
    }
    if entries.len() == 2 && entries[0].binding.teller == entries[1].binding.teller {
        return Err(format!(
            "box \"{label}\" was entered twice by the same teller ({}); double entry needs two different tellers",
            entries[0].binding.teller
        ));
    }
    Ok(())
}

/// Station logs named on the command line or typed at the console: a folder stands for
/// every station log in it (other files are skipped); each file must be a station log.
pub fn collect(paths: &[&Path]) -> Result<Vec<StationLog>, Vec<Problem>> {
    let mut logs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<_> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    problems.push(problem(
                        &path.display().to_string(),
                        None,
                        format!("cannot list the folder: {e}"),
                    ));
                    continue;
                }
            };
            files.sort();
            for f in files.iter().filter(|f| f.is_file()) {
                if is_station_file(f) {
                    match read_file(f) {
                        Ok(l) => logs.push(l),
                        Err(p) => problems.push(p),
                    }
                }
            }
        } else {
            match read_file(path) {
                Ok(l) => logs.push(l),
                Err(p) => problems.push(p),
            }
        }
    }
    if problems.is_empty() {
        Ok(logs)
    } else {
        Err(problems)
    }
}

/// Ballots returned and issued after importing these boxes, when that would make returned
/// exceed issued (which voids the vote, Election Law art. 44): asked for, never silent.
/// Every box's batch once each box has all its answers; else, for each box still open, its
/// index and what it needs. The one step from answers to records, for the command line and
/// the console alike: nothing is recorded before every box is decidable.
pub fn batches(
    plans: &[BoxPlan],
    answers: &[Answers],
) -> Result<Vec<Vec<Action>>, Vec<(usize, String)>> {
    let mut done = Vec::new();
    let mut open = Vec::new();
    for (k, (plan, a)) in plans.iter().zip(answers).enumerate() {
        match plan.actions(a) {
            Ok(actions) => done.push(actions),
            Err(m) => open.push((k, m)),
        }
    }
    if open.is_empty() { Ok(done) } else { Err(open) }
}

pub fn excess(state: &State, plans: &[BoxPlan], answers: &[Answers]) -> Option<(u32, u32)> {
    let round = state.item(&plans.first()?.item)?;
    let adding: u32 = plans
        .iter()
        .zip(answers)
        .map(|(p, a)| {
            let chosen = a.entry.as_ref().map_or(1, |(c, _)| *c) as usize;
            p.entries
                .get(chosen.wrapping_sub(1))
                .map_or(0, |e| e.ballots.len() as u32)
        })
        .sum();
    let returned = round.live_ballots().count() as u32 + adding;
    crate::rules::vote_void(returned, round.issued).then_some((returned, round.issued))
}

/// Entries whose keyed count differs from the box's hand count: (teller, keyed, hand).
pub(super) fn hand_count_differences(entries: &[StationLog]) -> Vec<(String, u32, u32)> {
    entries
        .iter()
        .filter(|e| e.ballots.len() as u32 != e.binding.hand_count)
        .map(|e| {
            (
                e.binding.teller.clone(),
                e.ballots.len() as u32,
                e.binding.hand_count,
            )
        })
        .collect()
}
