//! The session engine: operator actions become events, and state is a fold over events.
//!
//! `State::prepare` validates an action against the current state and returns the event
//! to record (or a `Refusal` that changes nothing). `State::apply` validates an event and
//! folds it in; replaying a log is `apply` over its events, so live and replayed state are
//! the same by construction. No I/O and no terminal code here.

use std::sync::Arc;

use crate::rules;
use crate::session::{Item, Session, VoteKind};
use crate::tally::{self, ItemTally};

mod boxes;
mod refusal;
mod seats;
mod validate;

pub use crate::round::{Ballot, ItemState, Phase};
pub use refusal::Refusal;

pub use crate::event::{
    Attendance, Binding, BoundItem, BoxEntry, BoxNote, Choice, Comparison, Decision, Event, Marks,
    Outcome, RoundReason, SubjectGrade,
};

/// What the operator asks for. `prepare` turns it into an event or refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    CheckIn(u32),
    MarkOnLeave(u32),
    MarkAbsent(u32),
    OpenItem(String),
    RecordBallot {
        item: String,
        seat: Option<u32>,
        marks: Marks,
    },
    VoidBallot {
        item: String,
        ballot: u32,
        reason: String,
    },
    /// A withdrawn entry keyed again from the same paper, which keeps its number.
    RekeyBallot {
        item: String,
        replaces: u32,
        seat: Option<u32>,
        marks: Marks,
    },
    /// The note that a batch of ballots comes from an import file.
    NoteImport {
        item: String,
        file: String,
        sha256: String,
        ballots: u32,
    },
    /// The note that a batch of ballots is one ballot box keyed at counting stations.
    NoteBox(BoxNote),
    /// The round's ballot boxes and the hall's count of ballots collected, before any box
    /// is opened.
    SealBoxes {
        item: String,
        boxes: Vec<String>,
        collected: u32,
    },
    /// The scrutineers' decision on boxes that do not add up to the hall's count; the
    /// counts and missing boxes are taken from the state.
    ReconcileBoxes {
        item: String,
        reason: String,
    },
    CloseItem(String),
    Declare(String),
    OpenFurtherRound(String),
    /// An election's further election with the list the presidium confirmed: the first
    /// `candidates` of the candidates not elected, in order of votes.
    OpenFurtherElection {
        item: String,
        candidates: u32,
    },
    CloseSession,
}

/// The state of a session: a pure fold over its events.
#[derive(Debug, Clone)]
pub struct State {
    pub session: Arc<Session>,
    pub attendance: Vec<Attendance>,
    pub items: Vec<ItemState>,
    pub open: Option<usize>,
    pub bound: bool,
    pub closed: bool,
    /// Events applied so far: the sequence number of the next log record.
    pub records: u64,
    /// The open batch: its header's record number and the records still to come.
    batch: Option<(u64, u32)>,
    /// Ballots an import note announced that have not followed yet.
    import_left: Option<(String, u32)>,
    seat_index: seats::SeatIndex,
}

impl State {
    pub fn new(session: Arc<Session>) -> State {
        let seat_index = seats::SeatIndex::new(session.roster.iter().map(|d| d.seat));
        let items = session
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let places = match item {
                    Item::ProjectVote(p) => p.places,
                    Item::Rating(_) => None,
                };
                let choices = (0..item.choice_ids().len()).collect();
                ItemState::pending(item.id().to_string(), i, 1, None, None, choices, places)
            })
            .collect();
        State {
            attendance: vec![Attendance::Absent; session.roster.len()],
            session,
            items,
            open: None,
            bound: false,
            closed: false,
            records: 0,
            batch: None,
            import_left: None,
            seat_index,
        }
    }

    /// Item rounds in agenda order, each further round right after the rounds before it.
    pub fn agenda_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by_key(|&i| (self.items[i].def, self.items[i].round));
        order
    }

    pub fn present(&self) -> u32 {
        self.count(Attendance::Present)
    }
    pub fn on_leave(&self) -> u32 {
        self.count(Attendance::OnLeave)
    }
    fn count(&self, a: Attendance) -> u32 {
        self.attendance.iter().filter(|&&x| x == a).count() as u32
    }
    /// Deputies on the roster who are neither present nor on leave (缺席).
    pub fn absent(&self) -> u32 {
        (self.session.roster.len() as u32).saturating_sub(self.present() + self.on_leave())
    }
    /// Seats counted as seated with no deputy on the roster (缺额): vacancies, not absences.
    pub fn vacant(&self) -> u32 {
        self.session
            .seated
            .saturating_sub(self.session.roster.len() as u32)
    }
    pub fn quorum_met(&self) -> bool {
        rules::quorum_met(self.session.body, self.present(), self.session.seated)
    }
    pub fn quorum_shortfall(&self) -> u32 {
        rules::quorum_shortfall(self.session.body, self.present(), self.session.seated)
    }
    /// Seats of deputies absent now: those "check in everyone" checks in (a deputy on leave
    /// stays on leave).
    pub fn absent_seats(&self) -> Vec<u32> {
        self.session
            .roster
            .iter()
            .zip(&self.attendance)
            .filter(|(_, a)| **a == Attendance::Absent)
            .map(|(d, _)| d.seat)
            .collect()
    }

    pub fn attendance_of(&self, seat: u32) -> Option<Attendance> {
        self.seat_index.get(seat).map(|i| self.attendance[i])
    }
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }
    pub fn item(&self, id: &str) -> Option<&ItemState> {
        self.items.iter().find(|i| i.id == id)
    }
    pub fn tally(&self, index: usize) -> ItemTally {
        tally::count(&self.session, &self.items[index])
    }
    /// Ids of the choices (candidates or subjects) of an item round, in ballot order.
    pub fn choice_ids(&self, item: &ItemState) -> Vec<String> {
        let all = self.session.items[item.def].choice_ids();
        item.choices.iter().map(|&i| all[i].clone()).collect()
    }

    fn item_mut(&mut self, id: &str) -> Result<(usize, &mut ItemState), Refusal> {
        match self.items.iter().position(|i| i.id == id) {
            Some(i) => Ok((i, &mut self.items[i])),
            None => Err(Refusal::UnknownItem(id.to_string())),
        }
    }

    /// Turn an operator action into the event to record, or refuse it.
    pub fn prepare(&self, action: Action) -> Result<Event, Refusal> {
        let event = match action {
            Action::CheckIn(seat) => Event::CheckedIn { seat },
            Action::MarkOnLeave(seat) => Event::MarkedOnLeave { seat },
            Action::MarkAbsent(seat) => Event::MarkedAbsent { seat },
            Action::OpenItem(item) => Event::ItemOpened {
                item,
                issued: self.present(),
            },
            Action::RecordBallot { item, seat, marks } => {
                self.ballot_event(item, seat, marks, None)
            }
            Action::RekeyBallot {
                item,
                replaces,
                seat,
                marks,
            } => self.ballot_event(item, seat, marks, Some(replaces)),
            Action::VoidBallot {
                item,
                ballot,
                reason,
            } => Event::BallotVoided {
                reason: reason.trim().to_string(),
                item,
                ballot,
            },
            Action::NoteImport {
                item,
                file,
                sha256,
                ballots,
            } => Event::BallotsImported {
                item,
                file,
                sha256,
                ballots,
            },
            Action::NoteBox(note) => Event::BoxImported(note),
            Action::SealBoxes {
                item,
                boxes,
                collected,
            } => Event::BoxesSealed {
                item,
                boxes: boxes.iter().map(|b| b.trim().to_string()).collect(),
                collected,
            },
            Action::ReconcileBoxes { item, reason } => self.reconciled(item, &reason)?,
            Action::CloseItem(item) => Event::ItemClosed { item },
            Action::Declare(item) => self.declared(item)?,
            Action::OpenFurtherRound(item) => self.further_round_event(&item)?,
            Action::OpenFurtherElection { item, candidates } => {
                self.further_election_event(&item, candidates)?
            }
            Action::CloseSession => self.closing(),
        };
        self.validate(&event)?;
        Ok(event)
    }

    /// The session's closing record: the records it ends and the items declared.
    fn closing(&self) -> Event {
        Event::SessionClosed {
            records: self.records + 1,
            declared: self.declared_ids(),
        }
    }

    /// The declaration of `item`'s result as counted now.
    fn declared(&self, item: String) -> Result<Event, Refusal> {
        let index = self
            .item_index(&item)
            .ok_or_else(|| Refusal::UnknownItem(item.clone()))?;
        Ok(Event::ResultDeclared {
            outcome: self.tally(index).outcome(),
            item,
        })
    }

    /// A ballot entry of `item`, numbered next; `replaces` keys a withdrawn entry again.
    fn ballot_event(
        &self,
        item: String,
        seat: Option<u32>,
        marks: Marks,
        replaces: Option<u32>,
    ) -> Event {
        let ballot = self
            .item(&item)
            .map(|i| i.ballots.len() as u32 + 1)
            .unwrap_or(1);
        Event::BallotRecorded {
            item,
            ballot,
            seat,
            marks,
            replaces,
        }
    }

    fn declared_ids(&self) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| i.phase == Phase::Declared)
            .map(|i| i.id.clone())
            .collect()
    }

    /// What a declared round leaves open, if nothing follows it yet: a void vote, a tie at
    /// the last place, or places unfilled (a vacancy, for an election).
    pub fn left_open(&self, index: usize) -> Option<RoundReason> {
        let item = &self.items[index];
        let outcome = item.declared.as_ref()?;
        if item.further.is_some() {
            return None;
        }
        if !outcome.vote_valid() {
            return Some(RoundReason::VoidVote);
        }
        match outcome {
            Outcome::Vote { tied, .. } if !tied.is_empty() => Some(RoundReason::Tie),
            Outcome::Vote { unfilled, .. } if *unfilled > 0 => Some(RoundReason::Unfilled),
            _ => None,
        }
    }

    /// The further round an item needs, if any: among the tied, a re-run of a void vote, or
    /// among the rest for unfilled places. An election's further election (另行选举) takes
    /// the rest in the order of their votes, one more than the places left (two for one
    /// place, Election Law art. 45 and Local Organic Law art. 29); when the ballot's
    /// candidates cannot make that list, or a person written in is among the tied, none is
    /// proposed: the presidium nominates anew, and the places stay open on the sheet.
    pub fn further_round_needed(
        &self,
        index: usize,
    ) -> Option<(RoundReason, Vec<usize>, Option<u32>)> {
        let item = &self.items[index];
        let reason = self.left_open(index)?;
        let Some(Outcome::Vote {
            adopted,
            tied,
            tied_places,
            unfilled,
            ..
        }) = item.declared.as_ref()
        else {
            return (reason == RoundReason::VoidVote)
                .then(|| (reason, item.choices.clone(), item.places));
        };
        let def = &self.session.items[item.def];
        let all = def.choice_ids();
        let pos = |id: &String| all.iter().position(|c| c == id);
        let election = matches!(def, Item::ProjectVote(p) if p.kind == VoteKind::Election);
        match reason {
            RoundReason::VoidVote => Some((reason, item.choices.clone(), item.places)),
            RoundReason::Tie => {
                let among: Vec<usize> = tied.iter().filter_map(pos).collect();
                (among.len() == tied.len()).then_some((reason, among, Some(*tied_places)))
            }
            RoundReason::Unfilled if election => self
                .further_election_lists(index)
                .into_iter()
                .next()
                .map(|rest| (reason, rest, Some(*unfilled))),
            RoundReason::Unfilled => {
                let rest: Vec<usize> = item
                    .choices
                    .iter()
                    .copied()
                    .filter(|&c| !adopted.contains(&all[c]))
                    .collect();
                (!rest.is_empty()).then_some((reason, rest, Some(*unfilled)))
            }
        }
    }

    /// The candidate lists the law allows for an election's further election (另行选举)
    /// after round `index`: the candidates not elected, in order of votes, one to three more
    /// than the places left, exactly two for one place (Election Law art. 45, 46; Local
    /// Organic Law art. 29), as far as the ballot's candidates go. Shortest first; empty when
    /// the round needs none or the ballot cannot make even the shortest (the presidium then
    /// nominates anew, and the places stay vacant).
    pub fn further_election_lists(&self, index: usize) -> Vec<Vec<usize>> {
        let sizes = self.further_election_sizes(index);
        let Some(&longest) = sizes.last() else {
            return Vec::new();
        };
        let item = &self.items[index];
        let all = self.session.items[item.def].choice_ids();
        let (Some(Outcome::Vote { adopted, .. }), ItemTally::Vote(v)) =
            (item.declared.as_ref(), self.tally(index))
        else {
            return Vec::new();
        };
        let rest: Vec<usize> = v
            .ranking
            .into_iter()
            .map(|k| item.choices[k])
            .filter(|&c| !adopted.contains(&all[c]))
            .take(longest)
            .collect();
        sizes.iter().map(|&k| rest[..k].to_vec()).collect()
    }

    /// How long the lists of `further_election_lists` are, from the declared outcome alone
    /// (no recount): what the console asks on each key to offer `2` and `3`.
    pub fn further_election_sizes(&self, index: usize) -> Vec<usize> {
        let item = &self.items[index];
        let def = &self.session.items[item.def];
        let election = matches!(def, Item::ProjectVote(p) if p.kind == VoteKind::Election);
        let Some(Outcome::Vote {
            adopted, unfilled, ..
        }) = item.declared.as_ref()
        else {
            return Vec::new();
        };
        if !election || self.left_open(index) != Some(RoundReason::Unfilled) {
            return Vec::new();
        }
        let all = def.choice_ids();
        let left = item
            .choices
            .iter()
            .filter(|&&c| !adopted.contains(&all[c]))
            .count();
        let places = *unfilled as usize;
        let sizes = if places == 1 {
            2..=2
        } else {
            places + 1..=places + 3
        };
        sizes.filter(|&k| k <= left).collect()
    }

    /// An election's further election with the first `candidates` not elected, in order of
    /// votes: one of the lists the law allows (`further_election_lists`).
    fn further_election_event(&self, item: &str, candidates: u32) -> Result<Event, Refusal> {
        let mut event = self.further_round_event(item)?;
        let index = self.item_index(item).unwrap_or(0);
        let all = self.session.items[self.items[index].def].choice_ids();
        let list = self
            .further_election_lists(index)
            .into_iter()
            .find(|l| l.len() == candidates as usize)
            .ok_or_else(|| {
                Refusal::RoundMismatch(
                    item.to_string(),
                    format!("the law allows no list of {candidates} candidate(s) here"),
                )
            })?;
        if let Event::RoundOpened { candidates: c, .. } = &mut event {
            *c = list.iter().map(|&i| all[i].clone()).collect();
        }
        Ok(event)
    }

    fn further_round_event(&self, id: &str) -> Result<Event, Refusal> {
        let index = self
            .item_index(id)
            .ok_or_else(|| Refusal::UnknownItem(id.to_string()))?;
        let item = &self.items[index];
        if let Some(f) = item.further {
            return Err(Refusal::FurtherRoundExists(
                id.into(),
                self.items[f].id.clone(),
            ));
        }
        let (reason, choices, places) = self
            .further_round_needed(index)
            .ok_or_else(|| Refusal::NoFurtherRoundNeeded(id.into()))?;
        let all = self.session.items[item.def].choice_ids();
        let base = self.session.items[item.def].id();
        let round = self
            .items
            .iter()
            .filter(|i| i.def == item.def)
            .map(|i| i.round)
            .max()
            .unwrap_or(1)
            + 1;
        Ok(Event::RoundOpened {
            item: format!("{base}#{round}"),
            from: id.to_string(),
            round,
            reason,
            candidates: choices.iter().map(|&c| all[c].clone()).collect(),
            places,
        })
    }

    /// The batch that has not yet received all its records: its header's record number and
    /// how many records are missing. A log that ends here ends in an unacknowledged batch.
    pub fn unfinished_batch(&self) -> Option<(u64, u32)> {
        self.batch
    }

    /// Whether the deputy in `seat` may cast a named ballot on round `index` now: on the
    /// roster, present, and without a live ballot on it. The console asks this before the
    /// ballot is keyed; `validate` asks it again before it is recorded.
    pub fn check_voter(&self, index: usize, seat: u32) -> Result<(), Refusal> {
        match self.items.get(index) {
            Some(state) => self.voter_allowed(state, seat),
            None => Err(Refusal::UnknownItem(index.to_string())),
        }
    }

    /// Validate an event and fold it into the state.
    pub fn apply(&mut self, event: &Event) -> Result<(), Refusal> {
        self.validate(event)?;
        self.fold_extent(event);
        self.fold(event);
        self.records += 1;
        Ok(())
    }

    /// `apply`, taking a ballot's marks out of `event` rather than copying them: for a
    /// reader that holds the record and needs its marks no more (the audit's replay).
    pub fn apply_taking(&mut self, event: &mut Event) -> Result<(), Refusal> {
        self.validate(event)?;
        self.fold_extent(event);
        match event {
            Event::BallotRecorded {
                item,
                seat,
                marks,
                replaces,
                ..
            } => {
                let marks = std::mem::replace(marks, Marks::Spoiled);
                self.fold_ballot(item, *seat, marks, *replaces);
            }
            _ => self.fold(event),
        }
        self.records += 1;
        Ok(())
    }

    /// Step over a record that `apply` refused while replaying a log: it is still in the
    /// log, so it takes its place in the numbering and in any batch around it.
    pub fn pass_over(&mut self, event: &Event) {
        if !matches!(event, Event::Batch { .. }) {
            self.fold_extent(event);
        }
        self.records += 1;
    }

    fn fold_extent(&mut self, event: &Event) {
        match event {
            Event::Batch { records } => self.batch = Some((self.records, *records)),
            _ => {
                if let Some((_, left)) = &mut self.batch {
                    *left -= 1;
                    if *left == 0 {
                        self.batch = None;
                    }
                }
            }
        }
        match event {
            Event::BallotsImported { item, ballots, .. }
            | Event::BoxImported(BoxNote { item, ballots, .. }) => {
                self.import_left = Some((item.clone(), *ballots));
            }
            // `validate` lets only the announced ballots through; a refused record passed
            // over in a replay takes a ballot's place all the same.
            _ => {
                if let Some((_, left)) = &mut self.import_left {
                    *left -= 1;
                    if *left == 0 {
                        self.import_left = None;
                    }
                }
            }
        }
    }

    /// Fold a validated event in. Each arm only records what the event says.
    fn fold(&mut self, event: &Event) {
        match event {
            Event::SessionBound(_) => self.bound = true,
            Event::CheckedIn { seat } => self.set_attendance(*seat, Attendance::Present),
            Event::MarkedOnLeave { seat } => self.set_attendance(*seat, Attendance::OnLeave),
            Event::MarkedAbsent { seat } => self.set_attendance(*seat, Attendance::Absent),
            Event::RoundOpened {
                item,
                from,
                round,
                reason,
                candidates,
                places,
            } => self.fold_round_opened(item, from, *round, *reason, candidates, *places),
            Event::ItemOpened { item, issued } => self.fold_opened(item, *issued),
            Event::BallotRecorded {
                item,
                seat,
                marks,
                replaces,
                ..
            } => self.fold_ballot(item, *seat, marks.clone(), *replaces),
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => self.fold_voided(item, *ballot, reason),
            Event::ItemClosed { item } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.phase = Phase::Closed;
                }
                self.open = None;
            }
            Event::ResultDeclared { item, outcome } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.phase = Phase::Declared;
                    state.declared = Some(outcome.clone());
                }
            }
            Event::BoxImported(_) | Event::BoxesSealed { .. } | Event::BoxesReconciled { .. } => {
                self.fold_counting_room(event)
            }
            Event::SessionResumed {}
            | Event::TailRepaired { .. }
            | Event::BallotsImported { .. }
            | Event::Batch { .. }
            | Event::StationBound(_)
            | Event::StationClosed { .. } => {}
            Event::SessionClosed { .. } => self.closed = true,
        }
    }

    /// A further round joins the agenda after the round it follows.
    fn fold_round_opened(
        &mut self,
        item: &str,
        from: &str,
        round: u32,
        reason: RoundReason,
        candidates: &[String],
        places: Option<u32>,
    ) {
        let Some(from_index) = self.item_index(from) else {
            return;
        };
        let def = self.items[from_index].def;
        let all = self.session.items[def].choice_ids();
        let choices = candidates
            .iter()
            .filter_map(|c| all.iter().position(|a| a == c))
            .collect();
        self.items[from_index].further = Some(self.items.len());
        self.items.push(ItemState::pending(
            item.to_string(),
            def,
            round,
            Some(reason),
            Some(from_index),
            choices,
            places,
        ));
    }

    /// A round opens; an open (named) vote remembers whom it issued ballots to.
    fn fold_opened(&mut self, item: &str, issued: u32) {
        let present: Vec<u32> = self
            .session
            .roster
            .iter()
            .zip(&self.attendance)
            .filter(|(_, a)| **a == Attendance::Present)
            .map(|(d, _)| d.seat)
            .collect();
        let session = self.session.clone();
        if let Ok((i, state)) = self.item_mut(item) {
            if !session.items[state.def].secret() {
                state.issued_to = present;
            }
            state.phase = Phase::Open;
            state.issued = issued;
            self.open = Some(i);
        }
    }

    /// A ballot entry takes its paper: the next, or the paper of the entry it keys again.
    fn fold_ballot(&mut self, item: &str, seat: Option<u32>, marks: Marks, replaces: Option<u32>) {
        if let Ok((_, state)) = self.item_mut(item) {
            let paper = match replaces {
                Some(r) => state
                    .ballots
                    .get((r as usize).wrapping_sub(1))
                    .map_or(0, |b| b.paper),
                None => state.papers.next(),
            };
            state.papers.keyed(paper, replaces);
            state.ballots.push(Ballot {
                number: state.ballots.len() as u32 + 1,
                paper,
                replaces,
                seat,
                marks,
                voided: None,
            });
            if let Some(s) = seat {
                state.voted.insert(s);
            }
        }
    }

    /// A corrected entry is withdrawn; its deputy may vote again and its paper be rekeyed.
    fn fold_voided(&mut self, item: &str, ballot: u32, reason: &str) {
        if let Ok((_, state)) = self.item_mut(item)
            && let Some(b) = (ballot as usize)
                .checked_sub(1)
                .and_then(|i| state.ballots.get_mut(i))
        {
            b.voided = Some(reason.to_string());
            if let Some(s) = b.seat {
                state.voted.remove(&s);
            }
            let (number, paper) = (b.number, b.paper);
            state.papers.withdrawn(number, paper);
        }
    }

    fn set_attendance(&mut self, seat: u32, to: Attendance) {
        if let Some(i) = self.seat_index.get(seat) {
            self.attendance[i] = to;
        }
    }

    /// The binding record for a session loaded from these sources.
    pub fn binding(&self, sources: &crate::session::SourceFiles) -> Binding {
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let model = self.session.model_json();
        Binding {
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            session_file: sources.session_name.clone(),
            session_sha256: crate::log::sha256_hex(&sources.session_bytes),
            session_text: text(&sources.session_bytes),
            roster_file: sources.roster.as_ref().map(|(n, _)| n.clone()),
            roster_sha256: sources
                .roster
                .as_ref()
                .map(|(_, b)| crate::log::sha256_hex(b)),
            roster_text: sources
                .roster
                .as_ref()
                .and_then(|(_, b)| std::str::from_utf8(b).ok().map(str::to_string)),
            roster_hex: sources
                .roster
                .as_ref()
                .filter(|(_, b)| std::str::from_utf8(b).is_err())
                .map(|(_, b)| hex::encode(b)),
            items: self
                .session
                .items
                .iter()
                .map(|i| BoundItem {
                    id: i.id().to_string(),
                    choices: i.choice_ids(),
                })
                .collect(),
            session_model_sha256: crate::log::sha256_hex(model.as_bytes()),
            session_model: model,
        }
    }
}
