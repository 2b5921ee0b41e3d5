//! The rating form (one label of the scale, 弃权 where offered, or blank, for each subject).

use crate::event::Marks;
use crate::session::{ABSTAIN_LABEL, Rating};

/// A ballot of this form holds one label for each of the round's `subjects`.
pub fn check(r: &Rating, subjects: usize, marks: &Marks) -> Result<(), String> {
    let Marks::Ratings { labels } = marks else {
        return Err("this item is a rating".into());
    };
    if labels.len() != subjects {
        return Err(format!("{} labels for {subjects} subjects", labels.len()));
    }
    for l in labels {
        // "": the subject was left blank on the paper ballot (not rated).
        let ok = l.is_empty() || r.scale.contains(l) || (r.abstain && l == ABSTAIN_LABEL);
        if !ok {
            return Err(format!("\"{l}\" is not on this item's scale"));
        }
    }
    Ok(())
}

/// One subject's counts: per label of the scale, 弃权, and left blank.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SubjectCounts {
    pub counts: Vec<u32>,
    pub abstain: u32,
    pub blank: u32,
}

/// Count subject `i` (its place in the round) over the valid ballots.
pub fn count_subject<'m>(
    r: &Rating,
    i: usize,
    valid: impl Iterator<Item = &'m Marks>,
) -> SubjectCounts {
    let mut c = SubjectCounts {
        counts: vec![0; r.scale.len()],
        ..Default::default()
    };
    for marks in valid {
        if let Marks::Ratings { labels } = marks
            && let Some(l) = labels.get(i)
        {
            match r.scale.iter().position(|x| x == l) {
                Some(k) => c.counts[k] += 1,
                None if l == ABSTAIN_LABEL => c.abstain += 1,
                None if l.is_empty() => c.blank += 1,
                None => {}
            }
        }
    }
    c
}
