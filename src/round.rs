//! One item round's state: its phase, its ballot entries, who was issued a ballot, its
//! declared outcome. The engine folds events into it; `tally` counts it. Neither needs the
//! other's module for these types, so the engine and the tally do not import each other.

use std::collections::{BTreeMap, HashSet};

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
    /// The entry's number in the log (every entry, withdrawn or not, takes the next).
    pub number: u32,
    /// The paper's number: a new paper takes the next; an entry that keys a withdrawn one
    /// again keeps that paper's number.
    pub paper: u32,
    /// The withdrawn entry this one keys again.
    pub replaces: Option<u32>,
    pub seat: Option<u32>,
    pub marks: Marks,
    /// Set when a correction withdrew this entry.
    pub voided: Option<String>,
}

/// Paper numbers of a round's (or a station log's) entries, kept as they are keyed
/// (docs/log-format.md, "Paper numbers"): a new paper takes one more than the highest number
/// still standing (an entry withdrawn and never keyed again stands for no paper, so a ballot
/// keyed twice leaves no gap); an entry keyed again keeps its paper's number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Papers {
    /// Paper number -> entries standing for it (live, or withdrawn and keyed again).
    standing: BTreeMap<u32, u32>,
    /// Paper numbers of live entries (all different).
    live: HashSet<u32>,
    /// Entries keyed again.
    rekeyed: HashSet<u32>,
}

impl Papers {
    /// The number the next new paper takes.
    pub fn next(&self) -> u32 {
        self.standing.keys().next_back().map_or(1, |p| p + 1)
    }

    /// The paper's number of entry `replaces` keyed again for `seat`, or why it may not be:
    /// the entry must be withdrawn, not yet keyed again, the same deputy's, and its number
    /// not given to a new paper since.
    pub fn rekey(
        &self,
        ballots: &[Ballot],
        replaces: u32,
        seat: Option<u32>,
    ) -> Result<u32, String> {
        let Some(old) = ballots.get((replaces as usize).wrapping_sub(1)) else {
            return Err(format!("there is no entry {replaces}"));
        };
        if old.voided.is_none() {
            return Err("it is not withdrawn".into());
        }
        if self.rekeyed.contains(&replaces) {
            return Err("it is already keyed again".into());
        }
        if old.seat != seat {
            return Err("it was another deputy's".into());
        }
        if self.live.contains(&old.paper) {
            return Err(format!("its number {} was given to a new paper", old.paper));
        }
        Ok(old.paper)
    }

    /// A live entry keyed with `paper`, keying entry `replaces` (of the same paper) again.
    pub fn keyed(&mut self, paper: u32, replaces: Option<u32>) {
        *self.standing.entry(paper).or_default() += 1;
        self.live.insert(paper);
        if let Some(r) = replaces {
            // The withdrawn entry stands for its paper again.
            self.rekeyed.insert(r);
            *self.standing.entry(paper).or_default() += 1;
        }
    }

    /// Entry `entry` (of `paper`) withdrawn.
    pub fn withdrawn(&mut self, entry: u32, paper: u32) {
        self.live.remove(&paper);
        if !self.rekeyed.contains(&entry)
            && let Some(n) = self.standing.get_mut(&paper)
        {
            *n -= 1;
            if *n == 0 {
                self.standing.remove(&paper);
            }
        }
    }
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
    /// The entries' paper numbers.
    pub papers: Papers,
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
            papers: Papers::default(),
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
            Item::ProjectVote(p) if matches!(p.form, Form::ForAgainstAbstain | Form::Election) => {
                p.max_for.map(|n| {
                    if self.round > 1 {
                        self.places.unwrap_or(n).min(n)
                    } else {
                        n
                    }
                })
            }
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
                Form::ForAgainstAbstain | Form::Election => None,
            },
            Item::Rating(_) => None,
        }
    }
}
