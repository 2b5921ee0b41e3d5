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
    /// By paper number: the entries standing for it (live, or withdrawn and keyed again).
    /// Paper numbers run 1, 2, 3, … so a table serves; it never ends in a zero, so its
    /// length is the next paper's number.
    standing: Vec<u32>,
    /// By paper number: whether a live entry has it (live papers are all different). It
    /// never ends in `false`.
    live: Vec<bool>,
    /// Entries keyed again.
    rekeyed: HashSet<u32>,
}

/// `v[at]`, the table grown with `T::default()` to hold it.
fn slot<T: Default + Clone>(v: &mut Vec<T>, at: u32) -> &mut T {
    let at = at as usize;
    if v.len() <= at {
        v.resize(at + 1, T::default());
    }
    &mut v[at]
}

/// Drop the defaults a table ends in.
fn trim<T: Default + PartialEq>(v: &mut Vec<T>) {
    while v.last().is_some_and(|x| *x == T::default()) {
        v.pop();
    }
}

impl Papers {
    /// The number the next new paper takes.
    pub fn next(&self) -> u32 {
        (self.standing.len() as u32).max(1)
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
        if self.live.get(old.paper as usize).copied().unwrap_or(false) {
            return Err(format!("its number {} was given to a new paper", old.paper));
        }
        Ok(old.paper)
    }

    /// A live entry keyed with `paper`, keying entry `replaces` (of the same paper) again.
    pub fn keyed(&mut self, paper: u32, replaces: Option<u32>) {
        *slot(&mut self.standing, paper) += 1;
        *slot(&mut self.live, paper) = true;
        if let Some(r) = replaces {
            // The withdrawn entry stands for its paper again.
            self.rekeyed.insert(r);
            *slot(&mut self.standing, paper) += 1;
        }
    }

    /// Entry `entry` (of `paper`) withdrawn.
    pub fn withdrawn(&mut self, entry: u32, paper: u32) {
        if let Some(l) = self.live.get_mut(paper as usize) {
            *l = false;
            trim(&mut self.live);
        }
        if !self.rekeyed.contains(&entry)
            && let Some(n) = self.standing.get_mut(paper as usize)
        {
            *n = n.saturating_sub(1);
            trim(&mut self.standing);
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

#[cfg(test)]
mod tests {
    use super::{Ballot, Papers};
    use crate::event::Marks;
    use proptest::prelude::*;

    /// The rule as `docs/log-format.md` words it, kept naively: a new paper takes one more
    /// than the highest number a live entry, or a withdrawn entry keyed again, has.
    fn next_by_the_rule(entries: &[Ballot], rekeyed: &[u32]) -> u32 {
        entries
            .iter()
            .filter(|e| e.voided.is_none() || rekeyed.contains(&e.number))
            .map(|e| e.paper)
            .max()
            .map_or(1, |p| p + 1)
    }

    proptest! {
        /// Keying, withdrawing and keying again in any order: the next paper's number, and
        /// whether an entry may be keyed again, follow the rule.
        #[test]
        fn papers_follow_the_rule(steps in proptest::collection::vec((0u8..3, 0u32..12), 1..60)) {
            let mut papers = Papers::default();
            let mut entries: Vec<Ballot> = Vec::new();
            let mut rekeyed: Vec<u32> = Vec::new();
            for (what, n) in steps {
                match what {
                    // A new paper.
                    0 => {
                        let paper = papers.next();
                        prop_assert_eq!(paper, next_by_the_rule(&entries, &rekeyed));
                        papers.keyed(paper, None);
                        entries.push(ballot(entries.len() as u32 + 1, paper, None));
                    }
                    // Withdraw entry n, if live.
                    1 => {
                        if let Some(e) = entries.get_mut(n as usize)
                            && e.voided.is_none()
                        {
                            e.voided = Some("slip".into());
                            papers.withdrawn(e.number, e.paper);
                        }
                    }
                    // Key entry n again, where the rule allows it.
                    _ => {
                        let replaces = n + 1;
                        if let Ok(paper) = papers.rekey(&entries, replaces, None) {
                            let old = &entries[n as usize];
                            prop_assert!(old.voided.is_some() && !rekeyed.contains(&replaces));
                            prop_assert!(!entries.iter().any(|e| e.voided.is_none() && e.paper == old.paper));
                            papers.keyed(paper, Some(replaces));
                            rekeyed.push(replaces);
                            entries.push(ballot(entries.len() as u32 + 1, paper, Some(replaces)));
                        }
                    }
                }
                prop_assert_eq!(papers.next(), next_by_the_rule(&entries, &rekeyed));
            }
        }
    }

    fn ballot(number: u32, paper: u32, replaces: Option<u32>) -> Ballot {
        Ballot {
            number,
            paper,
            replaces,
            seat: None,
            marks: Marks::Choices {
                choices: Vec::new(),
            },
            voided: None,
        }
    }
}
