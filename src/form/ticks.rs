//! The tick form (tick at most N candidates).

use crate::event::Marks;
use crate::form::VoteCounts;
use crate::rules;
use crate::session::ProjectVote;

/// A ballot of this form ticks candidates of the round (`choices`, positions in the item's
/// candidates), none twice.
pub fn check(p: &ProjectVote, choices: &[usize], marks: &Marks) -> Result<(), String> {
    match marks {
        Marks::Ticks { ticked } => {
            // Each tick is marked at its candidate's place.
            let mut seen = vec![false; choices.len()];
            let at = |k: usize| p.candidates[choices[k]].id.as_str();
            for (t, place) in ticked.iter().zip(places(choices.len(), at, ticked)) {
                let Some(k) = place else {
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

/// Add one valid ballot's ticks; `ids` are the round's candidates in ballot order.
pub fn add(counts: &mut VoteCounts, ids: &[&str], ticked: &[String]) {
    for k in places(ids.len(), |k| ids[k], ticked).flatten() {
        counts.for_[k] += 1;
    }
}

/// Each tick's place among the round's `n` candidates (`id_at(k)` is the id of the one at
/// place `k`), or none where it names no candidate of the round. A round has a handful of
/// candidates, so a scan is cheaper than hashing, and this runs for every ballot of a
/// replay and a recount; ticks come in ballot order, so each scan starts after the last
/// tick found.
fn places<'a>(
    n: usize,
    id_at: impl Fn(usize) -> &'a str,
    ticked: &[String],
) -> impl Iterator<Item = Option<usize>> {
    let mut from = 0;
    ticked.iter().map(move |t| {
        let k = (0..n).map(|i| (from + i) % n).find(|&k| id_at(k) == t)?;
        from = k + 1;
        Some(k)
    })
}

/// On the tick form a valid ballot that did not tick a candidate counts as 弃权 for it.
pub fn finish(counts: &mut VoteCounts, ballots: u32) {
    for (abstain, &yes) in counts.abstain.iter_mut().zip(&counts.for_) {
        *abstain += ballots - yes.min(ballots);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticks(ids: &[&str]) -> Marks {
        Marks::Ticks {
            ticked: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn a_tick_ballot_names_each_candidate_of_the_round_once() {
        let p: ProjectVote = ron::from_str(
            r#"(id: "p", title: "P", form: TickAtMost(2), candidates: [
                (id: "a", title: "A"), (id: "b", title: "B"), (id: "c", title: "C")])"#,
        )
        .expect("a project vote");
        // A further round among b and c only.
        let round = [1, 2];
        assert_eq!(check(&p, &round, &ticks(&["c", "b"])), Ok(()));
        assert_eq!(check(&p, &round, &ticks(&[])), Ok(()));
        assert_eq!(
            check(&p, &round, &ticks(&["b", "a"])),
            Err("\"a\" is not a candidate of this round".into())
        );
        assert_eq!(
            check(&p, &round, &ticks(&["c", "b", "c"])),
            Err("\"c\" is ticked twice".into())
        );
        assert_eq!(
            check(&p, &[0, 1, 2], &ticks(&["x", "x"])),
            Err("\"x\" is not a candidate of this round".into())
        );
    }

    #[test]
    fn ticks_add_at_their_candidates_place_in_any_order() {
        let ids = ["a", "b", "c", "d"];
        let mut counts = VoteCounts::new(ids.len());
        let ballot = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        add(&mut counts, &ids, &ballot(&["b", "d"]));
        add(&mut counts, &ids, &ballot(&["d", "a", "c"]));
        add(&mut counts, &ids, &ballot(&["c", "x"]));
        add(&mut counts, &[], &ballot(&["a"]));
        assert_eq!(counts.for_, vec![1, 1, 2, 2]);
        finish(&mut counts, 3);
        assert_eq!(counts.abstain, vec![2, 2, 1, 1]);
    }
}
