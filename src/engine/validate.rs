//! Whether an event may be recorded now: every rule the engine enforces before a record is
//! folded in, for live actions and for a replayed log alike. The ballot-box checks are in
//! `boxes`.

use std::collections::HashSet;

use super::{Attendance, BoxNote, Event, ItemState, Marks, Phase, Refusal, State};
use crate::event::{BoundItem, Outcome};
use crate::rules;

impl State {
    /// Check an event against the current state without changing anything.
    pub fn validate(&self, event: &Event) -> Result<(), Refusal> {
        if self.closed {
            return Err(Refusal::SessionClosed);
        }
        self.validate_extent(event)?;
        match event {
            Event::SessionBound(b) => return self.validate_binding(&b.items),
            _ if !self.bound => return Err(Refusal::NotBound),
            _ => {}
        }
        match event {
            Event::SessionBound(_) => Ok(()),
            Event::CheckedIn { seat }
            | Event::MarkedOnLeave { seat }
            | Event::MarkedAbsent { seat } => self.validate_attendance(event, *seat),
            Event::RoundOpened {
                from, candidates, ..
            } => self.validate_round_opened(event, from, candidates),
            Event::ItemOpened { item, issued } => self.validate_opened(item, *issued),
            Event::BallotRecorded {
                item,
                ballot,
                seat,
                marks,
                replaces,
            } => self.validate_ballot(item, *ballot, *seat, marks, *replaces),
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } => self.validate_voided(item, *ballot, reason),
            Event::BallotsImported { item, .. } => match self.open_item(item)?.sealed {
                Some(_) => Err(Refusal::SealedRound(item.clone())),
                None => Ok(()),
            },
            Event::ItemClosed { item } => self.validate_closed(item),
            Event::BoxesSealed { item, boxes, .. } => self.validate_seal(item, boxes),
            Event::BoxesReconciled {
                item,
                counted,
                collected,
                missing,
                reason,
            } => self.validate_reconcile(item, (*counted, *collected, missing), reason),
            Event::ResultDeclared { item, outcome } => self.validate_declared(item, outcome),
            Event::SessionResumed {} | Event::TailRepaired { .. } | Event::Batch { .. } => Ok(()),
            Event::StationBound(_) | Event::StationClosed { .. } => {
                Err(Refusal::StationRecord(event.kind()))
            }
            Event::BoxImported(note) => self.validate_box(note),
            Event::SessionClosed { records, declared } => {
                self.validate_session_closed(*records, declared)
            }
        }
    }

    /// A further round is opened as the rules open it from `from`: among those tied or left,
    /// or for an election any list the law allows.
    fn validate_round_opened(
        &self,
        event: &Event,
        from: &str,
        candidates: &[String],
    ) -> Result<(), Refusal> {
        let mut expected = self.further_round_event(from)?;
        // An election's further election may take any list the law allows.
        if let (Some(index), Event::RoundOpened { candidates: c, .. }) =
            (self.item_index(from), &mut expected)
        {
            let all = self.session.items[self.items[index].def].choice_ids();
            let allowed = self
                .further_election_lists(index)
                .into_iter()
                .any(|l| l.iter().map(|&i| &all[i]).eq(candidates.iter()));
            if allowed {
                *c = candidates.to_vec();
            }
        }
        if &expected != event {
            return Err(Refusal::RoundMismatch(
                from.to_string(),
                format!("expected {expected:?}"),
            ));
        }
        Ok(())
    }

    /// The binding names the embedded session's items and choices, once.
    fn validate_binding(&self, items: &[BoundItem]) -> Result<(), Refusal> {
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
        if items != expected {
            return Err(Refusal::BindingMismatch(
                "item or candidate ids differ from the embedded session file".into(),
            ));
        }
        Ok(())
    }

    /// A deputy on the roster changes attendance, while no round is open.
    fn validate_attendance(&self, event: &Event, seat: u32) -> Result<(), Refusal> {
        let now = self.attendance_of(seat).ok_or(Refusal::UnknownSeat(seat))?;
        if let Some(open) = self.open {
            return Err(Refusal::AttendanceLocked(self.items[open].id.clone()));
        }
        let to = match event {
            Event::CheckedIn { .. } => Attendance::Present,
            Event::MarkedOnLeave { .. } => Attendance::OnLeave,
            _ => Attendance::Absent,
        };
        if now == to {
            return Err(Refusal::AttendanceUnchanged(seat, now));
        }
        Ok(())
    }

    /// A round opens when none is, once, with a quorum, issuing a ballot to each present.
    fn validate_opened(&self, item: &str, issued: u32) -> Result<(), Refusal> {
        let index = self
            .item_index(item)
            .ok_or_else(|| Refusal::UnknownItem(item.to_string()))?;
        if let Some(open) = self.open {
            return Err(Refusal::AnotherItemOpen(
                self.items[open].id.clone(),
                item.to_string(),
            ));
        }
        if self.items[index].phase != Phase::Pending {
            return Err(Refusal::AlreadyOpened(item.to_string()));
        }
        if !self.quorum_met() {
            return Err(Refusal::NoQuorum {
                present: self.present(),
                seated: self.session.seated,
                short: self.quorum_shortfall(),
            });
        }
        if issued != self.present() {
            return Err(Refusal::WrongIssued {
                expected: self.present(),
                got: issued,
            });
        }
        Ok(())
    }

    /// A ballot entry: numbered next, on the open round, named or secret as the round is,
    /// from a deputy who may vote, with marks that fit the round's form.
    fn validate_ballot(
        &self,
        item: &str,
        ballot: u32,
        seat: Option<u32>,
        marks: &Marks,
        replaces: Option<u32>,
    ) -> Result<(), Refusal> {
        let state = self.open_item(item)?;
        if let Some(r) = replaces {
            // The same paper keyed again (docs/log-format.md, "Paper numbers").
            state
                .papers
                .rekey(&state.ballots, r, seat)
                .map_err(|why| Refusal::Rekey(r, why))?;
        }
        let expected = state.ballots.len() as u32 + 1;
        if ballot != expected {
            return Err(Refusal::BallotNumber {
                expected,
                got: ballot,
            });
        }
        // A sealed round's ballots come only from its boxes' batches.
        if state.sealed.is_some() && self.import_left.is_none() {
            return Err(Refusal::SealedRound(item.to_string()));
        }
        let def = &self.session.items[state.def];
        match (def.secret(), seat) {
            (true, Some(_)) => return Err(Refusal::SecretNamed),
            (false, None) => return Err(Refusal::NamedWithoutSeat),
            (false, Some(s)) => self.voter_allowed(state, s)?,
            (true, None) => {}
        }
        self.check_marks(state, marks)
    }

    /// A correction withdraws a live entry of an open round that is not counted in boxes,
    /// with a reason.
    fn validate_voided(&self, item: &str, ballot: u32, reason: &str) -> Result<(), Refusal> {
        let state = self.open_item(item)?;
        if state.sealed.is_some() {
            return Err(Refusal::SealedRound(item.to_string()));
        }
        let b = state
            .ballots
            .get((ballot as usize).wrapping_sub(1))
            .ok_or_else(|| Refusal::UnknownBallot(item.to_string(), ballot))?;
        if b.voided.is_some() {
            return Err(Refusal::AlreadyVoided(item.to_string(), ballot));
        }
        if reason.trim().is_empty() {
            return Err(Refusal::NoReason);
        }
        Ok(())
    }

    /// A round closes when open, its sealed boxes adding up or reconciled.
    fn validate_closed(&self, item: &str) -> Result<(), Refusal> {
        let state = self.open_item(item)?;
        if state.boxes_differ() {
            let missing = state.missing_boxes();
            return Err(Refusal::BoxesUnreconciled {
                item: item.to_string(),
                counted: state.box_ballots,
                collected: state.sealed.as_ref().map_or(0, |s| s.collected),
                missing,
            });
        }
        Ok(())
    }

    /// A declaration is of a closed round, once, and says exactly what the count says.
    fn validate_declared(&self, item: &str, outcome: &Outcome) -> Result<(), Refusal> {
        let index = self
            .item_index(item)
            .ok_or_else(|| Refusal::UnknownItem(item.to_string()))?;
        match self.items[index].phase {
            Phase::Closed => {}
            Phase::Declared => return Err(Refusal::AlreadyDeclared(item.to_string())),
            _ => return Err(Refusal::NotClosed(item.to_string())),
        }
        let counted = self.tally(index).outcome();
        if &counted != outcome {
            return Err(Refusal::OutcomeMismatch {
                item: item.to_string(),
                declared: serde_json::to_string(outcome).unwrap_or_default(),
                counted: serde_json::to_string(&counted).unwrap_or_default(),
            });
        }
        Ok(())
    }

    /// The closing record: nothing open or undeclared, with the record count and the
    /// declared items.
    fn validate_session_closed(&self, records: u64, declared: &[String]) -> Result<(), Refusal> {
        if let Some(open) = self.open {
            return Err(Refusal::ItemStillOpen(self.items[open].id.clone()));
        }
        if let Some(i) = self.items.iter().find(|i| i.phase == Phase::Closed) {
            return Err(Refusal::UndeclaredItem(i.id.clone()));
        }
        let expected = self.records + 1;
        let ids = self.declared_ids();
        if records != expected || declared != ids {
            return Err(Refusal::ClosingMismatch {
                expected,
                declared: ids,
            });
        }
        Ok(())
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

    pub(super) fn voter_allowed(&self, state: &ItemState, seat: u32) -> Result<(), Refusal> {
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

    pub(super) fn open_item(&self, id: &str) -> Result<&ItemState, Refusal> {
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
        crate::form::check(def, &state.choices, marks).map_err(Refusal::BadMarks)
    }
}
