//! One item round's state: its phase, its ballot entries, who was issued a ballot, its
//! declared outcome. The engine folds events into it; `tally` counts it. Neither needs the
//! other's module for these types, so the engine and the tally do not import each other.

use std::collections::HashSet;

use serde::Serialize;

use crate::event::{Marks, Outcome, RoundReason};
use crate::session::{Form, Item, Session};

/// Phase of an item: pending → open → closed → declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Pending,
    Open,
    Closed,
    Declared,
}

/// One recorded ballot entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ballot {
    pub number: u32,
    pub seat: Option<u32>,
    pub marks: Marks,
    /// Set when a correction withdrew this entry.
    pub voided: Option<String>,
}

/// An item on the agenda, or a further round of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    /// "projects" for the first round, "projects#2" for the second, and so on.
    pub id: String,
    /// Index of the item definition in `Session::items`.
    pub def: usize,
    pub round: u32,
    pub reason: Option<RoundReason>,
    /// Index in `State::items` of the round this one continues.
    pub from: Option<usize>,
    /// Positions in the definition's candidates or subjects, in ballot order.
    pub choices: Vec<usize>,
    pub places: Option<u32>,
    pub phase: Phase,
    /// Ballots issued (deputies present when the item opened).
    pub issued: u32,
    pub ballots: Vec<Ballot>,
    /// Seats with a live ballot (named items only).
    pub voted: HashSet<u32>,
    /// Seats present when the item opened: those issued a ballot (named items only; a
    /// secret item keeps no list of who was issued what).
    pub issued_to: Vec<u32>,
    pub declared: Option<Outcome>,
    /// Index in `State::items` of the further round opened from this one.
    pub further: Option<usize>,
    /// Labels of the ballot boxes imported from counting stations, in import order.
    pub boxes: Vec<String>,
    /// The round's sealed boxes and the hall's count of ballots collected, if it is
    /// counted in boxes (`boxes_sealed`).
    pub sealed: Option<Sealed>,
    /// Ballots recorded from the round's boxes (the sum of their notes).
    pub box_ballots: u32,
    /// The boxes' difference from the hall's count was decided (`boxes_reconciled`).
    pub reconciled: bool,
}

/// A round's ballot boxes as sealed in the hall, and the ballots collected (收回).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub boxes: Vec<String>,
    pub collected: u32,
}

impl ItemState {
    /// A round not yet opened.
    pub(crate) fn pending(
        id: String,
        def: usize,
        round: u32,
        reason: Option<RoundReason>,
        from: Option<usize>,
        choices: Vec<usize>,
        places: Option<u32>,
    ) -> ItemState {
        ItemState {
            id,
            def,
            round,
            reason,
            from,
            choices,
            places,
            phase: Phase::Pending,
            issued: 0,
            ballots: Vec::new(),
            voted: HashSet::new(),
            issued_to: Vec::new(),
            declared: None,
            further: None,
            boxes: Vec::new(),
            sealed: None,
            box_ballots: 0,
            reconciled: false,
        }
    }

    /// Sealed boxes not imported, in the order they were sealed.
    pub fn missing_boxes(&self) -> Vec<String> {
        let Some(s) = &self.sealed else {
            return Vec::new();
        };
        s.boxes
            .iter()
            .filter(|b| {
                let k = crate::rules::box_key(b);
                !self.boxes.iter().any(|i| crate::rules::box_key(i) == k)
            })
            .cloned()
            .collect()
    }

    /// Whether the round's boxes leave a difference from the hall's count that needs a
    /// recorded decision before the round closes: a sealed box not imported, or a total
    /// other than the ballots collected.
    pub fn boxes_differ(&self) -> bool {
        self.sealed
            .as_ref()
            .is_some_and(|s| s.collected != self.box_ballots || !self.missing_boxes().is_empty())
            && !self.reconciled
    }

    /// Ballot entries not withdrawn by a correction.
    pub fn live_ballots(&self) -> impl DoubleEndedIterator<Item = &Ballot> {
        self.ballots.iter().filter(|b| b.voided.is_none())
    }
    /// The most marks a valid ballot of this round may carry: ticks on the tick form, 赞成 on
    /// the per-candidate form (its `max_for`); a further round with fewer places allows no
    /// more than its places. None: no limit.
    pub fn mark_limit(&self, session: &Session) -> Option<u32> {
        match &session.items[self.def] {
            Item::ProjectVote(p) if p.form == Form::ForAgainstAbstain => p.max_for.map(|n| {
                if self.round > 1 {
                    self.places.unwrap_or(n).min(n)
                } else {
                    n
                }
            }),
            _ => self.tick_limit(session),
        }
    }
    /// Tick limit of this round (tick forms): the item's N, or the places of a further round.
    pub fn tick_limit(&self, session: &Session) -> Option<u32> {
        match &session.items[self.def] {
            Item::ProjectVote(p) => match p.form {
                Form::TickAtMost(n) => Some(if self.round > 1 {
                    self.places.unwrap_or(n).min(n)
                } else {
                    n
                }),
                Form::ForAgainstAbstain => None,
            },
            Item::Rating(_) => None,
        }
    }
}
