//! The election form (选举): 赞成 / 反对 / 弃权 for each candidate, and other persons written
//! in (另选他人, Election Law art. 40). 赞成 and names written in together at most the places;
//! more voids the ballot (art. 44). A name written in is recorded as written, normalised:
//! Unicode NFC, spaces trimmed at both ends.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::event::{Choice, Marks};
use crate::form::VoteCounts;
use crate::rules;
use crate::session::ProjectVote;

/// A name as the log records it: NFC, trimmed (full-width spaces too).
pub fn normalise(name: &str) -> String {
    name.nfc().collect::<String>().trim().to_string()
}

/// How a person written in is named in an outcome's lists, beside the candidates' ids: an
/// id never holds `:`, so the two cannot be confused.
pub fn write_in_id(name: &str) -> String {
    format!("write-in:{name}")
}

/// The name of a person written in, from an outcome's id; None for a candidate's id.
pub fn written_name(id: &str) -> Option<&str> {
    id.strip_prefix("write-in:")
}

/// A ballot of this form holds one choice for each of the round's candidates (`choices`,
/// positions in the item's candidates), and names written in only where the election
/// takes them: each normalised, once, and none a candidate on this ballot.
pub fn check(p: &ProjectVote, choices: &[usize], marks: &Marks) -> Result<(), String> {
    let Marks::Election {
        choices: marked,
        write_ins,
    } = marks
    else {
        return Err(match marks {
            Marks::Ratings { .. } => "a rating ballot on an election".into(),
            _ => "this item uses election ballots".into(),
        });
    };
    if marked.len() != choices.len() {
        return Err(format!(
            "{} choices for {} candidates",
            marked.len(),
            choices.len()
        ));
    }
    if !p.write_ins && !write_ins.is_empty() {
        return Err("this election takes no names written in".into());
    }
    let mut seen = HashSet::new();
    for name in write_ins {
        if name.is_empty() || normalise(name) != *name {
            return Err(format!(
                "the name written in {name:?} is not as the log records names: NFC, without spaces around it"
            ));
        }
        if !seen.insert(name) {
            return Err(format!("{name:?} is written in twice"));
        }
        if choices.iter().any(|&c| p.candidates[c].title == *name) {
            return Err(format!(
                "{name:?} is a candidate on this ballot: mark 赞成 for them instead of writing the name in"
            ));
        }
    }
    Ok(())
}

/// 赞成 and names written in together more than the places void the ballot.
pub fn valid(limit: Option<u32>, choices: &[Choice], write_ins: &[String]) -> bool {
    let chosen = choices.iter().filter(|&&c| c == Choice::For).count() + write_ins.len();
    !limit.is_some_and(|n| rules::over_marked(chosen, n))
}

/// Add one valid ballot's choices to the candidates' counts (names written in are counted
/// by the tally, person by person).
pub fn add(counts: &mut VoteCounts, choices: &[Choice]) {
    crate::form::choices::add(counts, choices);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_recorded_nfc_and_trimmed_of_any_space() {
        // U+3000 (full-width space) and an ASCII space around; "e" + combining acute.
        assert_eq!(normalise("\u{3000}张三 "), "张三");
        assert_eq!(normalise("Rene\u{301}"), "Ren\u{e9}");
        // Inside the name, a space is as written: the console asks about such a spelling.
        assert_eq!(normalise("张 三"), "张 三");
    }

    #[test]
    fn names_written_in_count_toward_the_places() {
        let f = Choice::For;
        let a = Choice::Against;
        let one = vec!["王五".to_string()];
        assert!(valid(Some(2), &[f, a, a], &one));
        assert!(!valid(Some(2), &[f, f, a], &one));
        assert!(valid(Some(2), &[f, f, a], &[]));
        assert_eq!(written_name(&write_in_id("王五")), Some("王五"));
        assert_eq!(written_name("wang-wu"), None);
    }
}
