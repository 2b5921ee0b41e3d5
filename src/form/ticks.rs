//! The tick form (tick at most N candidates).

use std::collections::HashMap;

use crate::event::Marks;
use crate::form::VoteCounts;
use crate::rules;
use crate::session::ProjectVote;

/// A ballot of this form ticks candidates of the round (`choices`, positions in the item's
/// candidates), none twice.
pub fn check(p: &ProjectVote, choices: &[usize], marks: &Marks) -> Result<(), String> {
    match marks {
        Marks::Ticks { ticked } => {
            // A round has a handful of candidates: a scan is cheaper than hashing, and this
            // runs for every ballot of a replay. Each tick is marked at its candidate's place.
            let mut seen = vec![false; choices.len()];
            for t in ticked {
                let Some(k) = choices.iter().position(|&c| p.candidates[c].id == *t) else {
                    return Err(format!("\"{t}\" is not a candidate of this round"));
                };
                if std::mem::replace(&mut seen[k], true) {
                    return Err(format!("\"{t}\" is ticked twice"));
                }
            }
            Ok(())
        }
        Marks::Choices { .. } => Err("this item uses tick-at-most ballots".into()),
        Marks::Ratings { .. } => Err("a rating ballot on a project vote".into()),
        _ => Ok(()),
    }
}

/// More ticks than the limit voids the ballot (Election Law art. 44).
pub fn valid(limit: Option<u32>, ticked: &[String]) -> bool {
    !limit.is_some_and(|n| rules::over_marked(ticked.len(), n))
}

/// Add one valid ballot's ticks; `position` finds a candidate's place in the round.
pub fn add(counts: &mut VoteCounts, position: &HashMap<&str, usize>, ticked: &[String]) {
    for t in ticked {
        if let Some(&i) = position.get(t.as_str()) {
            counts.for_[i] += 1;
        }
    }
}

/// On the tick form a valid ballot that did not tick a candidate counts as 弃权 for it.
pub fn finish(counts: &mut VoteCounts, ballots: u32) {
    for (abstain, &yes) in counts.abstain.iter_mut().zip(&counts.for_) {
        *abstain += ballots - yes.min(ballots);
    }
}
