//! The session engine: operator actions become events, and state is a fold over events.
//!
//! `State::prepare` validates an action against the current state and returns the event
//! to record (or a `Refusal` that changes nothing). `State::apply` validates an event and
//! folds it in; replaying a log is `apply` over its events, so live and replayed state are
//! the same by construction. No I/O and no terminal code here.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::rules;
use crate::session::{ABSTAIN_LABEL, Form, Item, Session};
use crate::tally::{self, ItemTally};

pub use crate::round::{Ballot, ItemState, Phase};

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
    CloseSession,
}

/// Why an action or event was refused. The state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the session is closed; nothing more can be recorded")]
    SessionClosed,
    #[error("the log must start with the session binding")]
    NotBound,
    #[error("the session is already bound")]
    AlreadyBound,
    #[error("the binding does not match the session definition: {0}")]
    BindingMismatch(String),
    #[error("seat {0} is not on the roster")]
    UnknownSeat(u32),
    #[error("deputy at seat {seat} is already {word}", seat = .0, word = .1.words_en())]
    AttendanceUnchanged(u32, Attendance),
    #[error("attendance cannot change while item \"{0}\" is open; close it first")]
    AttendanceLocked(String),
    #[error("no item \"{0}\" on the agenda")]
    UnknownItem(String),
    #[error("item \"{0}\" is not open")]
    ItemNotOpen(String),
    #[error("item \"{0}\" is already open; close it before opening \"{1}\"")]
    AnotherItemOpen(String, String),
    #[error("item \"{0}\" has already been opened")]
    AlreadyOpened(String),
    #[error(
        "no quorum: {present} present of {seated} seated; {short} more deputies must be present"
    )]
    NoQuorum {
        present: u32,
        seated: u32,
        short: u32,
    },
    #[error("ballots issued must equal deputies present ({expected}), not {got}")]
    WrongIssued { expected: u32, got: u32 },
    #[error("ballot number {got} is out of sequence; the next is {expected}")]
    BallotNumber { expected: u32, got: u32 },
    #[error("a secret ballot must not name a deputy")]
    SecretNamed,
    #[error("a named ballot must give the deputy's seat")]
    NamedWithoutSeat,
    #[error("deputy at seat {0} is not checked in")]
    NotPresent(u32),
    #[error(
        "deputy at seat {0} has already voted on this item; void that ballot first to correct it"
    )]
    AlreadyVoted(u32),
    #[error("the ballot does not fit this item: {0}")]
    BadMarks(String),
    #[error("no recorded ballot {1} on item \"{0}\"")]
    UnknownBallot(String, u32),
    #[error("ballot {1} on item \"{0}\" is already voided")]
    AlreadyVoided(String, u32),
    #[error("a correction needs a reason")]
    NoReason,
    #[error("entry {0} cannot be keyed again: {1}")]
    Rekey(u32, String),
    #[error("item \"{0}\" is not closed")]
    NotClosed(String),
    #[error("item \"{0}\" is already declared; a declared result is never changed")]
    AlreadyDeclared(String),
    #[error(
        "the declared result of \"{item}\" differs from the count: declared {declared}, counted {counted}"
    )]
    OutcomeMismatch {
        item: String,
        declared: String,
        counted: String,
    },
    #[error("item \"{0}\" needs no further round")]
    NoFurtherRoundNeeded(String),
    #[error("a further round of \"{0}\" is already open as \"{1}\"")]
    FurtherRoundExists(String, String),
    #[error("the further round does not match what item \"{0}\" needs: {1}")]
    RoundMismatch(String, String),
    #[error("item \"{0}\" is open; close and declare it before closing the session")]
    ItemStillOpen(String),
    #[error("item \"{0}\" is closed but not declared; declare it before closing the session")]
    UndeclaredItem(String),
    #[error("a batch must hold at least one record and cannot start inside another batch")]
    BatchMisplaced,
    #[error(
        "an import note must open its batch and announce every record after it: the batch has {in_batch} more record(s), the note says {announced} ballot(s)"
    )]
    ImportExtent { announced: u32, in_batch: u32 },
    #[error("{left} imported ballot(s) of item \"{item}\" must follow before anything else")]
    ImportInterrupted { item: String, left: u32 },
    #[error(
        "a counting station records only this box's ballots and corrections, then closes the box"
    )]
    NotAtStation,
    #[error("a station log's record ({0}) cannot be in a session log")]
    StationRecord(&'static str),
    #[error("box \"{1}\" of item \"{0}\" is already imported; a box counts once")]
    BoxAlreadyImported(String, String),
    #[error(
        "box \"{0}\" was entered twice by the same teller ({1}); double entry needs two tellers"
    )]
    SameTeller(String, String),
    #[error("box \"{0}\": {1}")]
    BoxNote(String, String),
    #[error("the boxes of \"{0}\" cannot be sealed: {1}")]
    SealRefused(String, String),
    #[error(
        "\"{0}\" is counted in ballot boxes: record its boxes and the ballots collected in the hall first (boxes_sealed)"
    )]
    BoxesNotSealed(String),
    #[error(
        "box \"{1}\" is not one of the boxes sealed for \"{0}\" ({2}); a box is imported under its sealed label"
    )]
    UnknownBox(String, String, String),
    #[error(
        "\"{0}\" is counted in its sealed boxes: its ballots come only from them, and are corrected at the station"
    )]
    SealedRound(String),
    #[error(
        "the boxes of \"{item}\" hold {counted} ballot(s) for {collected} collected in the hall{}; that needs the scrutineers' recorded decision before the round closes",
        missing_words(.missing)
    )]
    BoxesUnreconciled {
        item: String,
        counted: u32,
        collected: u32,
        /// Sealed boxes not imported.
        missing: Vec<String>,
    },
    #[error("the reconciliation of \"{0}\" does not answer its boxes: {1}")]
    ReconcileRefused(String, String),
    #[error("the closing record must say {expected} records and declared items {declared:?}")]
    ClosingMismatch {
        expected: u64,
        declared: Vec<String>,
    },
}

/// ", box(es) 2, 3 not imported", or nothing when every sealed box came in.
fn missing_words(missing: &[String]) -> String {
    if missing.is_empty() {
        String::new()
    } else {
        format!(", box(es) {} not imported", missing.join(", "))
    }
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
    seat_index: HashMap<u32, usize>,
}

impl State {
    pub fn new(session: Arc<Session>) -> State {
        let seat_index = session
            .roster
            .iter()
            .enumerate()
            .map(|(i, d)| (d.seat, i))
            .collect();
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
        self.seat_index.get(&seat).map(|&i| self.attendance[i])
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
                item,
                ballot,
                reason: reason.trim().to_string(),
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
            Action::ReconcileBoxes { item, reason } => {
                let state = self.open_item(&item)?;
                Event::BoxesReconciled {
                    counted: state.box_ballots,
                    collected: state.sealed.as_ref().map_or(0, |s| s.collected),
                    missing: state.missing_boxes(),
                    item,
                    reason: reason.trim().to_string(),
                }
            }
            Action::CloseItem(item) => Event::ItemClosed { item },
            Action::Declare(item) => {
                let index = self
                    .item_index(&item)
                    .ok_or_else(|| Refusal::UnknownItem(item.clone()))?;
                Event::ResultDeclared {
                    outcome: self.tally(index).outcome(),
                    item,
                }
            }
            Action::OpenFurtherRound(item) => self.further_round_event(&item)?,
            Action::CloseSession => Event::SessionClosed {
                records: self.records + 1,
                declared: self.declared_ids(),
            },
        };
        self.validate(&event)?;
        Ok(event)
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

    /// The further round an item needs, if any: among the tied, a re-run of a void vote, or
    /// among the rest for unfilled places.
    pub fn further_round_needed(
        &self,
        index: usize,
    ) -> Option<(RoundReason, Vec<usize>, Option<u32>)> {
        let item = &self.items[index];
        let outcome = item.declared.as_ref()?;
        if item.further.is_some() {
            return None;
        }
        if !outcome.vote_valid() {
            return Some((RoundReason::VoidVote, item.choices.clone(), item.places));
        }
        let Outcome::Vote {
            adopted,
            tied,
            tied_places,
            unfilled,
            ..
        } = outcome
        else {
            return None;
        };
        let all = self.session.items[item.def].choice_ids();
        let pos = |id: &String| all.iter().position(|c| c == id);
        if !tied.is_empty() {
            return Some((
                RoundReason::Tie,
                tied.iter().filter_map(pos).collect(),
                Some(*tied_places),
            ));
        }
        if *unfilled > 0 {
            let rest: Vec<usize> = item
                .choices
                .iter()
                .copied()
                .filter(|&c| !adopted.contains(&all[c]))
                .collect();
            if !rest.is_empty() {
                return Some((RoundReason::Unfilled, rest, Some(*unfilled)));
            }
        }
        None
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

    /// Check an event against the current state without changing anything.
    pub fn validate(&self, event: &Event) -> Result<(), Refusal> {
        if self.closed {
            return Err(Refusal::SessionClosed);
        }
        self.validate_extent(event)?;
        match event {
            Event::SessionBound(b) => {
                if self.bound {
                    return Err(Refusal::AlreadyBound);
                }
                let expected: Vec<BoundItem> = self
                    .session
                    .items
                    .iter()
                    .map(|i| BoundItem {
                        id: i.id().to_string(),
                        choices: i.choice_ids(),
                    })
                    .collect();
                if b.items != expected {
                    return Err(Refusal::BindingMismatch(
                        "item or candidate ids differ from the embedded session file".into(),
                    ));
                }
                return Ok(());
            }
            _ if !self.bound => return Err(Refusal::NotBound),
            _ => {}
        }
        match event {
            Event::SessionBound(_) => Ok(()),
            Event::CheckedIn { seat }
            | Event::MarkedOnLeave { seat }
            | Event::MarkedAbsent { seat } => {
                let now = self
                    .attendance_of(*seat)
                    .ok_or(Refusal::UnknownSeat(*seat))?;
                if let Some(open) = self.open {
                    return Err(Refusal::AttendanceLocked(self.items[open].id.clone()));
                }
                let to = match event {
                    Event::CheckedIn { .. } => Attendance::Present,
                    Event::MarkedOnLeave { .. } => Attendance::OnLeave,
                    _ => Attendance::Absent,
                };
                if now == to {
                    return Err(Refusal::AttendanceUnchanged(*seat, now));
                }
                Ok(())
            }
            Event::RoundOpened { from, .. } => {
                let expected = self.further_round_event(from)?;
                if &expected != event {
                    return Err(Refusal::RoundMismatch(
                        from.clone(),
                        format!("expected {expected:?}"),
                    ));
                }
                Ok(())
            }
            Event::ItemOpened { item, issued } => {
                let index = self
                    .item_index(item)
                    .ok_or_else(|| Refusal::UnknownItem(item.clone()))?;
                if let Some(open) = self.open {
                    return Err(Refusal::AnotherItemOpen(
                        self.items[open].id.clone(),
                        item.clone(),
                    ));
                }
                if self.items[index].phase != Phase::Pending {
                    return Err(Refusal::AlreadyOpened(item.clone()));
                }
                if !self.quorum_met() {
                    return Err(Refusal::NoQuorum {
                        present: self.present(),
                        seated: self.session.seated,
                        short: self.quorum_shortfall(),
                    });
                }
                if *issued != self.present() {
                    return Err(Refusal::WrongIssued {
                        expected: self.present(),
                        got: *issued,
                    });
                }
                Ok(())
            }
            Event::BallotRecorded {
                item,
                ballot,
                seat,
                marks,
                replaces,
            } => {
                let state = self.open_item(item)?;
                if let Some(r) = replaces {
                    // The same paper keyed again (docs/log-format.md, "Paper numbers").
                    state
                        .papers
                        .rekey(&state.ballots, *r, *seat)
                        .map_err(|why| Refusal::Rekey(*r, why))?;
                }
                let expected = state.ballots.len() as u32 + 1;
                if *ballot != expected {
                    return Err(Refusal::BallotNumber {
                        expected,
                        got: *ballot,
                    });
                }
                // A sealed round's ballots come only from its boxes' batches.
                if state.sealed.is_some() && self.import_left.is_none() {
                    return Err(Refusal::SealedRound(item.clone()));
                }
                let def = &self.session.items[state.def];
                match (def.secret(), seat) {
                    (true, Some(_)) => return Err(Refusal::SecretNamed),
                    (false, None) => return Err(Refusal::NamedWithoutSeat),
                    (false, Some(s)) => self.voter_allowed(state, *s)?,
                    (true, None) => {}
                }
                self.check_marks(state, marks)
            }
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => {
                let state = self.open_item(item)?;
                if state.sealed.is_some() {
                    return Err(Refusal::SealedRound(item.clone()));
                }
                let b = state
                    .ballots
                    .get((*ballot as usize).wrapping_sub(1))
                    .ok_or_else(|| Refusal::UnknownBallot(item.clone(), *ballot))?;
                if b.voided.is_some() {
                    return Err(Refusal::AlreadyVoided(item.clone(), *ballot));
                }
                if reason.trim().is_empty() {
                    return Err(Refusal::NoReason);
                }
                Ok(())
            }
            Event::BallotsImported { item, .. } => {
                if self.open_item(item)?.sealed.is_some() {
                    return Err(Refusal::SealedRound(item.clone()));
                }
                Ok(())
            }
            Event::ItemClosed { item } => {
                let state = self.open_item(item)?;
                if state.boxes_differ() {
                    let missing = state.missing_boxes();
                    return Err(Refusal::BoxesUnreconciled {
                        item: item.clone(),
                        counted: state.box_ballots,
                        collected: state.sealed.as_ref().map_or(0, |s| s.collected),
                        missing,
                    });
                }
                Ok(())
            }
            Event::BoxesSealed { item, boxes, .. } => self.validate_seal(item, boxes),
            Event::BoxesReconciled {
                item,
                counted,
                collected,
                missing,
                reason,
            } => self.validate_reconcile(item, (*counted, *collected, missing), reason),
            Event::ResultDeclared { item, outcome } => {
                let index = self
                    .item_index(item)
                    .ok_or_else(|| Refusal::UnknownItem(item.clone()))?;
                match self.items[index].phase {
                    Phase::Closed => {}
                    Phase::Declared => return Err(Refusal::AlreadyDeclared(item.clone())),
                    _ => return Err(Refusal::NotClosed(item.clone())),
                }
                let counted = self.tally(index).outcome();
                if &counted != outcome {
                    return Err(Refusal::OutcomeMismatch {
                        item: item.clone(),
                        declared: serde_json::to_string(outcome).unwrap_or_default(),
                        counted: serde_json::to_string(&counted).unwrap_or_default(),
                    });
                }
                Ok(())
            }
            Event::SessionResumed {} | Event::TailRepaired { .. } | Event::Batch { .. } => Ok(()),
            Event::StationBound(_) | Event::StationClosed { .. } => {
                Err(Refusal::StationRecord(event.kind()))
            }
            Event::BoxImported(note) => self.validate_box(note),
            Event::SessionClosed { records, declared } => {
                if let Some(open) = self.open {
                    return Err(Refusal::ItemStillOpen(self.items[open].id.clone()));
                }
                if let Some(i) = self.items.iter().find(|i| i.phase == Phase::Closed) {
                    return Err(Refusal::UndeclaredItem(i.id.clone()));
                }
                let expected = self.records + 1;
                let ids = self.declared_ids();
                if *records != expected || declared != &ids {
                    return Err(Refusal::ClosingMismatch {
                        expected,
                        declared: ids,
                    });
                }
                Ok(())
            }
        }
    }

    /// `boxes_sealed`: the open round, before its first ballot, once; labels not blank and
    /// no two with the same key.
    fn validate_seal(&self, item: &str, boxes: &[String]) -> Result<(), Refusal> {
        let state = self.open_item(item)?;
        let refuse = |m: &str| Err(Refusal::SealRefused(item.to_string(), m.to_string()));
        if state.sealed.is_some() {
            return refuse("they are already sealed; a round's boxes are sealed once");
        }
        if !state.ballots.is_empty() {
            return refuse(
                "ballots are already recorded; boxes are sealed before the first ballot",
            );
        }
        if boxes.is_empty() {
            return refuse("no box is named");
        }
        let mut keys = HashSet::new();
        for b in boxes {
            if b.trim().is_empty() || b.trim() != b {
                return refuse("a box label is blank or has spaces around it");
            }
            if !keys.insert(rules::box_key(b)) {
                return refuse(&format!("box {b:?} is named twice"));
            }
        }
        Ok(())
    }

    /// `boxes_reconciled`: a sealed round that differs, once, stating its counts and missing
    /// boxes as they stand, with a reason.
    fn validate_reconcile(
        &self,
        item: &str,
        (counted, collected, missing): (u32, u32, &[String]),
        reason: &str,
    ) -> Result<(), Refusal> {
        let state = self.open_item(item)?;
        let refuse = |m: String| Err(Refusal::ReconcileRefused(item.to_string(), m));
        let Some(sealed) = &state.sealed else {
            return refuse("the round's boxes were never sealed".into());
        };
        if state.reconciled {
            return refuse("it is already reconciled".into());
        }
        if reason.trim().is_empty() {
            return Err(Refusal::NoReason);
        }
        let expected = (state.box_ballots, sealed.collected, state.missing_boxes());
        if (counted, collected, missing.to_vec()) != expected {
            return refuse(format!(
                "the boxes hold {} for {} collected, missing {:?}",
                expected.0, expected.1, expected.2
            ));
        }
        if !state.boxes_differ() {
            return refuse("every sealed box is imported and they add up to the ballots collected; there is nothing to decide".into());
        }
        Ok(())
    }

    /// A box note (`box_imported`): its box, entries and comparison, each head confirmed,
    /// and one decision for each thing the comparison leaves open and no other
    /// (docs/log-format.md, "Station logs").
    #[allow(clippy::too_many_arguments)]
    fn validate_box(&self, note: &BoxNote) -> Result<(), Refusal> {
        let BoxNote {
            item,
            r#box,
            entries,
            comparison,
            decisions,
            confirmed_by,
            ballots,
        } = note;
        let state = self.open_item(item)?;
        // Each entry's head was read against its signed count sheet, by someone.
        if confirmed_by.len() != entries.len() || confirmed_by.iter().any(|n| n.trim().is_empty()) {
            return Err(Refusal::BoxNote(
                r#box.to_string(),
                "each entry's station log head needs the name of the scrutineer who confirmed it against the signed count sheet".into(),
            ));
        }
        let note = |m: String| Err(Refusal::BoxNote(r#box.to_string(), m));
        if r#box.trim().is_empty() {
            return note("a box needs its label".into());
        }
        let key = crate::rules::box_key(r#box);
        if state.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
            return Err(Refusal::BoxAlreadyImported(
                item.to_string(),
                r#box.to_string(),
            ));
        }
        // The round knows its boxes: only a sealed label, and none after the reconciliation.
        let Some(sealed) = &state.sealed else {
            return Err(Refusal::BoxesNotSealed(item.to_string()));
        };
        if !sealed.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
            return Err(Refusal::UnknownBox(
                item.to_string(),
                r#box.to_string(),
                sealed.boxes.join(", "),
            ));
        }
        if state.reconciled {
            return note("the round's boxes are already reconciled; no box follows".into());
        }
        let expected = match entries.len() {
            1 => Comparison::Single,
            2 if entries[0].teller == entries[1].teller => {
                return Err(Refusal::SameTeller(
                    r#box.to_string(),
                    entries[0].teller.clone(),
                ));
            }
            2 if *comparison != Comparison::Single => *comparison,
            n => return note(format!("{n} entries with comparison {comparison:?}")),
        };
        if *comparison != expected {
            return note(format!("{} entries compared {comparison:?}", entries.len()));
        }
        if decisions.iter().any(|d| d.reason().trim().is_empty()) {
            return Err(Refusal::NoReason);
        }
        // One decision for each thing the comparison leaves open, and no other
        // (docs/log-format.md, "Station logs"). A box entered once says why.
        let singles = decisions
            .iter()
            .filter(|d| matches!(d, Decision::Single { .. }))
            .count();
        if singles != usize::from(*comparison == Comparison::Single) {
            return note(
                "a box entered once needs one recorded decision saying why (single), and only such a box".into(),
            );
        }
        let entry_decisions: Vec<u32> = decisions
            .iter()
            .filter_map(|d| match d {
                Decision::Entry { chosen, .. } => Some(*chosen),
                _ => None,
            })
            .collect();
        if entry_decisions.len() > 1
            || (!entry_decisions.is_empty() && *comparison != Comparison::Multiset)
        {
            return note(
                "an entry is chosen only once, and only where the entries were compared as totals"
                    .into(),
            );
        }
        let chosen = entry_decisions.first().copied().unwrap_or(1);
        let Some(entry) = entries.get((chosen as usize).wrapping_sub(1)) else {
            return note(format!("entry {chosen} does not exist"));
        };
        if entry.ballots != *ballots {
            return note(format!(
                "entry {chosen} keyed {} ballot(s) but {ballots} are recorded",
                entry.ballots
            ));
        }
        let mut decided_ballots = Vec::new();
        for d in decisions {
            if let Decision::Reading {
                ballot,
                first,
                second,
                decided,
                ..
            } = d
            {
                if *comparison != Comparison::ByOrder {
                    return note(format!(
                        "a decision on ballot {ballot}, but the entries were not compared ballot by ballot"
                    ));
                }
                if decided_ballots.contains(ballot) {
                    return note(format!("ballot {ballot} is decided twice"));
                }
                decided_ballots.push(*ballot);
                // The paper may show a third reading; it is still this ballot's.
                if first == second || (decided.seat != first.seat && decided.seat != second.seat) {
                    return note(format!(
                        "the decision on ballot {ballot} answers no difference (its two readings agree) or names another seat"
                    ));
                }
            }
        }
        // Only the recorded entry's count is weighed against the hand count.
        let hand: Vec<&Decision> = decisions
            .iter()
            .filter(|d| matches!(d, Decision::HandCount { .. }))
            .collect();
        let due = entry.ballots != entry.hand_count;
        let answered = match hand.as_slice() {
            [] => false,
            [
                Decision::HandCount {
                    teller,
                    keyed,
                    hand_count,
                    ..
                },
            ] => {
                *teller == entry.teller
                    && *keyed == entry.ballots
                    && *hand_count == entry.hand_count
            }
            _ => {
                return note("more than one hand-count decision".into());
            }
        };
        if due && !answered {
            return note(format!(
                "{} keyed {} ballot(s) but the box was counted at {} by hand; that needs a recorded decision",
                entry.teller, entry.ballots, entry.hand_count
            ));
        }
        if !due && !hand.is_empty() {
            return note(
                "a hand-count decision where the recorded entry's count equals the hand count"
                    .into(),
            );
        }
        Ok(())
    }

    /// Batch and import extents: a batch header never nests and is never empty; an import
    /// note opens its batch and the batch holds exactly the ballots it announces.
    fn validate_extent(&self, event: &Event) -> Result<(), Refusal> {
        if let Some((item, left)) = &self.import_left {
            let continues = matches!(event, Event::BallotRecorded { item: i, .. } if i == item);
            if !continues {
                return Err(Refusal::ImportInterrupted {
                    item: item.clone(),
                    left: *left,
                });
            }
        }
        match event {
            Event::Batch { records } if *records == 0 || self.batch.is_some() => {
                Err(Refusal::BatchMisplaced)
            }
            Event::BallotsImported { ballots, .. }
            | Event::BoxImported(BoxNote { ballots, .. }) => {
                let in_batch = match self.batch {
                    // The note must be the batch's first record.
                    Some((header, left)) if header + 1 == self.records => left - 1,
                    _ => 0,
                };
                if in_batch != *ballots || *ballots == 0 {
                    return Err(Refusal::ImportExtent {
                        announced: *ballots,
                        in_batch,
                    });
                }
                Ok(())
            }
            _ => Ok(()),
        }
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

    fn voter_allowed(&self, state: &ItemState, seat: u32) -> Result<(), Refusal> {
        match self.attendance_of(seat) {
            None => return Err(Refusal::UnknownSeat(seat)),
            Some(Attendance::Present) => {}
            Some(_) => return Err(Refusal::NotPresent(seat)),
        }
        if state.voted.contains(&seat) {
            return Err(Refusal::AlreadyVoted(seat));
        }
        Ok(())
    }

    fn open_item(&self, id: &str) -> Result<&ItemState, Refusal> {
        let state = self
            .item(id)
            .ok_or_else(|| Refusal::UnknownItem(id.to_string()))?;
        if state.phase != Phase::Open {
            return Err(Refusal::ItemNotOpen(id.to_string()));
        }
        Ok(state)
    }

    fn check_marks(&self, state: &ItemState, marks: &Marks) -> Result<(), Refusal> {
        let def = &self.session.items[state.def];
        let n = state.choices.len();
        let bad = |m: String| Err(Refusal::BadMarks(m));
        match (def, marks) {
            (_, Marks::Spoiled) => Ok(()),
            (_, Marks::Void { reason }) if reason.trim().is_empty() => {
                bad("a ballot void for another reason must say the reason".into())
            }
            (_, Marks::Void { .. }) => Ok(()),
            (Item::ProjectVote(p), Marks::Choices { choices }) => {
                if p.form != Form::ForAgainstAbstain {
                    return bad("this item uses tick-at-most ballots".into());
                }
                if choices.len() != n {
                    return bad(format!("{} choices for {n} candidates", choices.len()));
                }
                Ok(())
            }
            (Item::ProjectVote(p), Marks::Ticks { ticked }) => {
                if !matches!(p.form, Form::TickAtMost(_)) {
                    return bad("this item uses for/against/abstain ballots".into());
                }
                let ids = self.choice_ids(state);
                let mut seen = HashSet::new();
                for t in ticked {
                    if !ids.contains(t) {
                        return bad(format!("\"{t}\" is not a candidate of this round"));
                    }
                    if !seen.insert(t) {
                        return bad(format!("\"{t}\" is ticked twice"));
                    }
                }
                Ok(())
            }
            (Item::Rating(r), Marks::Ratings { labels }) => {
                if labels.len() != n {
                    return bad(format!("{} labels for {n} subjects", labels.len()));
                }
                for l in labels {
                    // "": the subject was left blank on the paper ballot (not rated).
                    let ok =
                        l.is_empty() || r.scale.contains(l) || (r.abstain && l == ABSTAIN_LABEL);
                    if !ok {
                        return bad(format!("\"{l}\" is not on this item's scale"));
                    }
                }
                Ok(())
            }
            (Item::ProjectVote(_), Marks::Ratings { .. }) => {
                bad("a rating ballot on a project vote".into())
            }
            (Item::Rating(_), _) => bad("this item is a rating".into()),
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
            } => {
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
                    item.clone(),
                    def,
                    *round,
                    Some(*reason),
                    Some(from_index),
                    choices,
                    *places,
                ));
            }
            Event::ItemOpened { item, issued } => {
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
                    state.issued = *issued;
                    self.open = Some(i);
                }
            }
            Event::BallotRecorded {
                item,
                seat,
                marks,
                replaces,
                ..
            } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    let paper = match replaces {
                        Some(r) => state
                            .ballots
                            .get((*r as usize).wrapping_sub(1))
                            .map_or(0, |b| b.paper),
                        None => state.papers.next(),
                    };
                    state.papers.keyed(paper, *replaces);
                    state.ballots.push(Ballot {
                        number: state.ballots.len() as u32 + 1,
                        paper,
                        replaces: *replaces,
                        seat: *seat,
                        marks: marks.clone(),
                        voided: None,
                    });
                    if let Some(s) = seat {
                        state.voted.insert(*s);
                    }
                }
            }
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => {
                if let Ok((_, state)) = self.item_mut(item)
                    && let Some(b) = (*ballot as usize)
                        .checked_sub(1)
                        .and_then(|i| state.ballots.get_mut(i))
                {
                    b.voided = Some(reason.clone());
                    if let Some(s) = b.seat {
                        state.voted.remove(&s);
                    }
                    let (number, paper) = (b.number, b.paper);
                    state.papers.withdrawn(number, paper);
                }
            }
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
            Event::BoxImported(note) => {
                if let Ok((_, state)) = self.item_mut(&note.item) {
                    state.boxes.push(note.r#box.clone());
                    state.box_ballots += note.ballots;
                }
            }
            Event::BoxesSealed {
                item,
                boxes,
                collected,
            } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.sealed = Some(crate::round::Sealed {
                        boxes: boxes.clone(),
                        collected: *collected,
                    });
                }
            }
            Event::BoxesReconciled { item, .. } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.reconciled = true;
                }
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

    fn set_attendance(&mut self, seat: u32, to: Attendance) {
        if let Some(&i) = self.seat_index.get(&seat) {
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
