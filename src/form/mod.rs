//! The ballot forms of the core, each a unit: what a ballot of the form must hold to be
//! recorded (its check), when a returned ballot is valid, and how its marks add to a count;
//! and one candidate's mark whatever the form (`mark`), for readers that go candidate by
//! candidate.
//! The engine checks marks and the tally counts through here; how a clerk keys each form is
//! in `console::forms`. A new form is a file here, one there, and its arm below.

pub mod choices;
pub mod election;
pub mod ratings;
pub mod ticks;

use crate::event::{Choice, Marks};
use crate::session::{Form, Item, ProjectVote, Rating};

/// The form a round's ballots take, from its agenda item.
#[derive(Debug, Clone, Copy)]
pub enum Kind<'a> {
    /// 赞成 / 反对 / 弃权 for each candidate.
    Choices(&'a ProjectVote),
    /// Tick at most N candidates.
    Ticks(&'a ProjectVote),
    /// An election: per candidate, and names written in.
    Election(&'a ProjectVote),
    /// One label of the scale for each subject.
    Ratings(&'a Rating),
}

pub fn of(def: &Item) -> Kind<'_> {
    match def {
        Item::ProjectVote(p) => match p.form {
            Form::ForAgainstAbstain => Kind::Choices(p),
            Form::TickAtMost(_) => Kind::Ticks(p),
            Form::Election => Kind::Election(p),
        },
        Item::Rating(r) => Kind::Ratings(r),
    }
}

/// Whether `marks` may be recorded on a round of `def` offering `choices` (positions in the
/// item's candidates or subjects, in ballot order). A spoiled ballot fits every form; a
/// ballot void for another reason says why.
pub fn check(def: &Item, choices: &[usize], marks: &Marks) -> Result<(), String> {
    match marks {
        Marks::Spoiled => Ok(()),
        Marks::Void { reason } if reason.trim().is_empty() => {
            Err("a ballot void for another reason must say the reason".into())
        }
        Marks::Void { .. } => Ok(()),
        _ => match of(def) {
            Kind::Choices(_) => choices::check(choices.len(), marks),
            Kind::Ticks(p) => ticks::check(p, choices, marks),
            Kind::Election(p) => election::check(p, choices, marks),
            Kind::Ratings(r) => ratings::check(r, choices.len(), marks),
        },
    }
}

/// Whether a live ballot is valid under its round's mark limit (Election Law art. 44).
pub fn valid(limit: Option<u32>, marks: &Marks) -> bool {
    match marks {
        Marks::Spoiled | Marks::Void { .. } => false,
        Marks::Ticks { ticked } => ticks::valid(limit, ticked),
        Marks::Choices { choices } => choices::valid(limit, choices),
        Marks::Election { choices, write_ins } => election::valid(limit, choices, write_ins),
        Marks::Ratings { .. } => true,
    }
}

/// One candidate's (or subject's) mark on a ballot, whatever its form. The readers that
/// show a ballot candidate by candidate (the sheet's roll call, a box's count sheet, a
/// station difference in words) read it through `mark`, so a new form whose marks are of
/// these kinds changes none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark<'a> {
    /// 赞成, 反对 or 弃权: the vote and the election forms.
    Choice(Choice),
    /// Ticked or not: the tick form.
    Ticked(bool),
    /// A rating's label; empty: not rated.
    Rated(&'a str),
}

/// The mark `marks` give the candidate at place `k` of the round, whose id is `id`; none
/// on a spoiled or void ballot, or past the end of its marks.
pub fn mark<'a>(marks: &'a Marks, k: usize, id: &str) -> Option<Mark<'a>> {
    match marks {
        Marks::Choices { choices } | Marks::Election { choices, .. } => {
            choices.get(k).map(|c| Mark::Choice(*c))
        }
        Marks::Ticks { ticked } => Some(Mark::Ticked(ticked.iter().any(|t| t == id))),
        Marks::Ratings { labels } => labels.get(k).map(|l| Mark::Rated(l)),
        Marks::Spoiled | Marks::Void { .. } => None,
    }
}

/// Per-candidate counts of a vote round, in the round's ballot order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoteCounts {
    pub for_: Vec<u32>,
    pub against: Vec<u32>,
    pub abstain: Vec<u32>,
}

impl VoteCounts {
    pub fn new(candidates: usize) -> VoteCounts {
        VoteCounts {
            for_: vec![0; candidates],
            against: vec![0; candidates],
            abstain: vec![0; candidates],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Mark, mark};
    use crate::event::{Choice, Marks};

    #[test]
    fn a_candidates_mark_reads_the_same_whatever_the_form() {
        let vote = Marks::Choices {
            choices: vec![Choice::For, Choice::Abstain],
        };
        let election = Marks::Election {
            choices: vec![Choice::Against],
            write_ins: vec!["王五".into()],
        };
        let ticks = Marks::Ticks {
            ticked: vec!["b".into()],
        };
        let rating = Marks::Ratings {
            labels: vec!["满意".into(), String::new()],
        };
        assert_eq!(mark(&vote, 1, "b"), Some(Mark::Choice(Choice::Abstain)));
        assert_eq!(mark(&vote, 2, "c"), None);
        assert_eq!(mark(&election, 0, "a"), Some(Mark::Choice(Choice::Against)));
        assert_eq!(mark(&ticks, 0, "a"), Some(Mark::Ticked(false)));
        assert_eq!(mark(&ticks, 1, "b"), Some(Mark::Ticked(true)));
        assert_eq!(mark(&rating, 0, "a"), Some(Mark::Rated("满意")));
        assert_eq!(mark(&rating, 1, "b"), Some(Mark::Rated("")));
        assert_eq!(mark(&Marks::Spoiled, 0, "a"), None);
        let void = Marks::Void {
            reason: "两张选票".into(),
        };
        assert_eq!(mark(&void, 0, "a"), None);
    }
}
