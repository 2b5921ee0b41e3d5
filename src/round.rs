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
        }
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
