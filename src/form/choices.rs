//! The per-candidate form (赞成 / 反对 / 弃权 for each candidate).

use crate::event::{Choice, Marks};
use crate::form::VoteCounts;
use crate::rules;

/// A ballot of this form holds one choice for each of the round's `candidates`.
pub fn check(candidates: usize, marks: &Marks) -> Result<(), String> {
    match marks {
        Marks::Choices { choices } if choices.len() != candidates => Err(format!(
            "{} choices for {candidates} candidates",
            choices.len()
        )),
        Marks::Ticks { .. } => Err("this item uses for/against/abstain ballots".into()),
        Marks::Ratings { .. } => Err("a rating ballot on a project vote".into()),
        _ => Ok(()),
    }
}

/// More 赞成 than the limit voids the ballot (票决办法: 赞成的项目数多于应选项目数的为无效票).
pub fn valid(limit: Option<u32>, choices: &[Choice]) -> bool {
    let fors = choices.iter().filter(|&&c| c == Choice::For).count();
    !limit.is_some_and(|n| rules::over_marked(fors, n))
}

/// Add one valid ballot's choices to the round's counts.
pub fn add(counts: &mut VoteCounts, choices: &[Choice]) {
    for (i, c) in choices.iter().enumerate().take(counts.for_.len()) {
        match c {
            Choice::For => counts.for_[i] += 1,
            Choice::Against => counts.against[i] += 1,
            Choice::Abstain => counts.abstain[i] += 1,
        }
    }
}
