//! The counting rules of congress voting, each implemented once, in integers.
//!
//! Everything that decides a result lives here; the engine, the tally, the console, the
//! projector, `report` and `verify` all call these functions. See `docs/rules.md`.

use crate::event::Choice;
use crate::session::{Body, RatingRule};

/// Quorum. Congress: at least two thirds of seated deputies present, "三分之二以上" includes
/// 2/3 (Local Organic Law art. 14). Standing committee: more than half of all members
/// (Local Organic Law art. 51).
pub fn quorum_met(body: Body, present: u32, seated: u32) -> bool {
    let (p, s) = (u64::from(present), u64::from(seated));
    match body {
        Body::Congress => p * 3 >= s * 2,
        Body::StandingCommittee => p * 2 > s,
    }
}

/// How many more deputies must be present for quorum (0 when it is met).
pub fn quorum_shortfall(body: Body, present: u32, seated: u32) -> u32 {
    let s = u64::from(seated);
    let needed = match body {
        Body::Congress => (s * 2).div_ceil(3),
        Body::StandingCommittee => s / 2 + 1,
    };
    needed.saturating_sub(u64::from(present)) as u32
}

/// Passing: more than half of the base, `yes * 2 > base` (Local Organic Law art. 25, 51).
pub fn passes(yes: u64, base: u64) -> bool {
    yes * 2 > base
}

/// The fewest yes votes that pass, for display: `base / 2 + 1`.
pub fn pass_threshold(base: u64) -> u64 {
    base / 2 + 1
}

/// The whole vote is void when more ballots come back than were issued (Election Law
/// art. 44); equal or fewer is valid.
pub fn vote_void(returned: u32, issued: u32) -> bool {
    returned > issued
}

/// The per-candidate form's choices as counted: a candidate left unmarked counts as 弃权
/// (Election Law art. 44, by analogy; `docs/rules.md`). The console and the keypad import
/// both enter a ballot through this.
pub fn choices_as_counted(marked: &[Option<Choice>]) -> Vec<Choice> {
    marked
        .iter()
        .map(|c| c.unwrap_or(Choice::Abstain))
        .collect()
}

/// A ballot marking more choices than allowed is void; fewer or none is valid (Election Law
/// art. 44). On the tick form the marks are ticks; on the per-candidate form they are 赞成
/// (票决办法: 赞成的项目数多于应选项目数的为无效票).
pub fn over_marked(marks: usize, limit: u32) -> bool {
    marks > limit as usize
}

/// The placement of passing candidates into places.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Placement {
    /// Candidate positions adopted, highest yes first.
    pub adopted: Vec<usize>,
    /// Candidates tied across the last place: only a further round decides among them.
    pub tied: Vec<usize>,
    /// Places the tied candidates compete for.
    pub tied_places: u32,
    /// Places left unfilled because too few passed (Local Organic Law art. 29 by analogy).
    pub unfilled: u32,
    /// Every candidate position ranked by yes votes (highest first, ballot order on equal).
    pub ranking: Vec<usize>,
}

/// Rank by yes votes and fill places: highest totals take the places (Election Law art. 45
/// by analogy); a tie across the last place is never picked silently.
/// `yes[i]` and `passing[i]` describe candidate position `i`.
pub fn place(yes: &[u64], passing: &[bool], places: Option<u32>) -> Placement {
    let mut ranking: Vec<usize> = (0..yes.len()).collect();
    ranking.sort_by(|&a, &b| yes[b].cmp(&yes[a]).then(a.cmp(&b)));
    let passed: Vec<usize> = ranking.iter().copied().filter(|&i| passing[i]).collect();
    let mut placement = Placement {
        ranking,
        ..Placement::default()
    };
    let Some(places) = places else {
        placement.adopted = passed;
        return placement;
    };
    let p = places as usize;
    if passed.len() <= p {
        placement.unfilled = (p - passed.len()) as u32;
        placement.adopted = passed;
        return placement;
    }
    let cutoff = yes[passed[p - 1]];
    if yes[passed[p]] == cutoff {
        placement.adopted = passed
            .iter()
            .copied()
            .filter(|&i| yes[i] > cutoff)
            .collect();
        placement.tied = passed
            .iter()
            .copied()
            .filter(|&i| yes[i] == cutoff)
            .collect();
        placement.tied_places = (p - placement.adopted.len()) as u32;
    } else {
        placement.adopted = passed[..p].to_vec();
    }
    placement
}

/// `count / base` in tenths of a percent, rounded **down**, so a shown rate never
/// contradicts its verdict (394/657 is 59.9%, not met against 60%; rounded it would read
/// 60.0%). `None` when the base is 0: no valid ballots, no rate.
pub fn rate_permille(count: u64, base: u64) -> Option<u32> {
    if base == 0 {
        return None;
    }
    Some((u128::from(count) * 1000 / u128::from(base)) as u32)
}

/// "87.5%" from 875 permille.
pub fn format_permille(p: Option<u32>) -> String {
    match p {
        Some(p) => format!("{}.{}%", p / 10, p % 10),
        None => "—".to_string(),
    }
}

/// A rating's grade for one subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grade {
    /// Tier grade, or for a rate rule the cut-off verdict ("met"/"not met") if any.
    pub grade: Option<String>,
    /// Counted labels as a rate of the base.
    pub rate_permille: Option<u32>,
    /// The sum of the counted labels (the rate's numerator, or the first tier's count).
    pub counted: u64,
    /// Whether the cut-off was met (rate rules with a cut-off).
    pub cutoff_met: Option<bool>,
}

/// Apply a rating rule to one subject's label counts (`counts[i]` for `scale[i]`).
/// Tiers: the first tier whose threshold is met gives the grade, else `otherwise`
/// (e.g. 镇海 2022). Rate: counted labels over the base, with an optional cut-off whose
/// wording (> or >=) is taken exactly as written in the session file.
pub fn grade(rule: &RatingRule, scale: &[String], counts: &[u64], base: u64) -> Grade {
    let sum = |labels: &[String]| -> u64 {
        labels
            .iter()
            .filter_map(|l| scale.iter().position(|s| s == l))
            .map(|i| counts.get(i).copied().unwrap_or(0))
            .sum()
    };
    // No valid ballots is no result: no grade, no rate, no verdict (0 × 100 ≥ 0 × 60 would
    // otherwise read as "met").
    if base == 0 {
        return Grade {
            grade: None,
            rate_permille: None,
            counted: 0,
            cutoff_met: None,
        };
    }
    match rule {
        RatingRule::Tiers { tiers, otherwise } => {
            let grade = tiers
                .iter()
                .find(|t| t.threshold.is_met(sum(&t.counted), base))
                .map(|t| t.grade.clone())
                .unwrap_or_else(|| otherwise.clone());
            // 满意率 is (满意 + 基本满意) / base: the labels of the broadest (last) tier.
            let satisfied = tiers.last().map(|t| sum(&t.counted)).unwrap_or(0);
            Grade {
                grade: Some(grade),
                rate_permille: rate_permille(satisfied, base),
                counted: satisfied,
                cutoff_met: None,
            }
        }
        RatingRule::Rate { counted, cutoff } => {
            let count = sum(counted);
            let met = cutoff.map(|t| t.is_met(count, base));
            Grade {
                grade: None,
                rate_permille: rate_permille(count, base),
                counted: count,
                cutoff_met: met,
            }
        }
    }
}

/// The key a ballot box's label is compared by: "01", "1", "１" and " 1 " are one box, as
/// the paper's tally sheet would read them. Full-width forms are folded to ASCII, spaces
/// removed, ASCII letters lower-cased, and leading zeros of a number dropped; a label is
/// imported once per round by this key (check 5).
pub fn box_key(label: &str) -> String {
    let folded: String = label
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !folded.is_empty() && folded.bytes().all(|b| b.is_ascii_digit()) {
        let t = folded.trim_start_matches('0');
        return if t.is_empty() { "0".into() } else { t.into() };
    }
    folded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Threshold, Tier};

    #[test]
    fn congress_quorum_includes_two_thirds() {
        // 170 seated: 2/3 is 113.33, so 114 needed; 114*3=342 >= 340.
        assert!(!quorum_met(Body::Congress, 113, 170));
        assert!(quorum_met(Body::Congress, 114, 170));
        // Exactly 2/3 counts: 200 of 300.
        assert!(quorum_met(Body::Congress, 200, 300));
        assert!(!quorum_met(Body::Congress, 199, 300));
        assert_eq!(quorum_shortfall(Body::Congress, 199, 300), 1);
        assert_eq!(quorum_shortfall(Body::Congress, 100, 170), 14);
        assert_eq!(quorum_shortfall(Body::Congress, 200, 300), 0);
    }

    #[test]
    fn committee_quorum_is_more_than_half() {
        assert!(!quorum_met(Body::StandingCommittee, 12, 24));
        assert!(quorum_met(Body::StandingCommittee, 13, 24));
        assert!(!quorum_met(Body::StandingCommittee, 12, 25));
        assert!(quorum_met(Body::StandingCommittee, 13, 25));
        assert_eq!(quorum_shortfall(Body::StandingCommittee, 12, 24), 1);
        assert_eq!(quorum_shortfall(Body::StandingCommittee, 13, 25), 0);
    }

    #[test]
    fn passing_is_more_than_half_of_base() {
        assert!(!passes(85, 170));
        assert!(passes(86, 170));
        assert!(!passes(85, 171));
        assert!(passes(86, 171));
        assert_eq!(pass_threshold(170), 86);
        assert_eq!(pass_threshold(171), 86);
    }

    #[test]
    fn vote_void_only_when_returned_exceeds_issued() {
        assert!(!vote_void(314, 314));
        assert!(vote_void(315, 314));
        assert!(!vote_void(0, 314));
    }

    #[test]
    fn tick_over_marking_voids() {
        assert!(!over_marked(8, 8));
        assert!(over_marked(9, 8));
        assert!(!over_marked(0, 8));
    }

    #[test]
    fn placement_fills_places_by_yes() {
        let yes = [100, 90, 120, 50];
        let passing = [true, true, true, false];
        let p = place(&yes, &passing, Some(2));
        assert_eq!(p.adopted, vec![2, 0]);
        assert!(p.tied.is_empty());
        assert_eq!(p.unfilled, 0);
        assert_eq!(p.ranking, vec![2, 0, 1, 3]);
    }

    #[test]
    fn tie_across_last_place_is_reported() {
        let yes = [120, 100, 100, 100, 10];
        let passing = [true, true, true, true, false];
        let p = place(&yes, &passing, Some(2));
        assert_eq!(p.adopted, vec![0]);
        assert_eq!(p.tied, vec![1, 2, 3]);
        assert_eq!(p.tied_places, 1);
        // A tie that does not cross the last place is no tie.
        let p = place(&[100, 100, 90], &[true, true, true], Some(2));
        assert_eq!(p.adopted, vec![0, 1]);
        assert!(p.tied.is_empty());
    }

    #[test]
    fn too_few_passing_leaves_places_unfilled() {
        let p = place(&[100, 20, 10], &[true, false, false], Some(2));
        assert_eq!(p.adopted, vec![0]);
        assert_eq!(p.unfilled, 1);
        let p = place(&[100, 20, 10], &[true, false, true], None);
        assert_eq!(p.adopted, vec![0, 2]);
        assert_eq!(p.unfilled, 0);
    }

    #[test]
    fn rates_are_integer_permille() {
        assert_eq!(rate_permille(175, 200), Some(875));
        assert_eq!(format_permille(rate_permille(175, 200)), "87.5%");
        // Rounded down: 2/3 is 66.6%, never 66.7% (a shown rate never exceeds the fraction).
        assert_eq!(rate_permille(2, 3), Some(666));
        assert_eq!(rate_permille(1, 3), Some(333));
        assert_eq!(rate_permille(0, 0), None);
    }

    #[test]
    fn a_rate_shown_never_contradicts_its_verdict() {
        // 394/657 = 59.97%: not met against AtLeast(60, 100), and shown as 59.9%.
        let rule = RatingRule::Rate {
            counted: vec!["满意".into(), "基本满意".into()],
            cutoff: Some(Threshold::AtLeast(60, 100)),
        };
        let g = grade(&rule, &scale(), &[394, 0, 263], 657);
        assert_eq!(g.cutoff_met, Some(false));
        assert_eq!(format_permille(g.rate_permille), "59.9%");
        // Exactly at the cut-off: met, and shown as 60.0%.
        let g = grade(&rule, &scale(), &[60, 0, 40], 100);
        assert_eq!(
            (g.cutoff_met, format_permille(g.rate_permille).as_str()),
            (Some(true), "60.0%")
        );
    }

    #[test]
    fn no_valid_ballots_is_no_result() {
        // Every ballot spoiled: base 0. Before, a rate item read "met" (0 × 100 ≥ 0 × 60).
        let rate = RatingRule::Rate {
            counted: vec!["满意".into()],
            cutoff: Some(Threshold::AtLeast(60, 100)),
        };
        let g = grade(&rate, &scale(), &[0, 0, 0], 0);
        assert_eq!((g.grade, g.rate_permille, g.cutoff_met), (None, None, None));
        let tiers = RatingRule::Tiers {
            tiers: vec![Tier {
                grade: "满意".into(),
                counted: vec!["满意".into()],
                threshold: Threshold::MoreThan(1, 2),
            }],
            otherwise: "不满意".into(),
        };
        let g = grade(&tiers, &scale(), &[0, 0, 0], 0);
        assert_eq!((g.grade, g.rate_permille), (None, None));
    }

    #[test]
    fn satisfaction_rate_on_a_tiers_item_counts_satisfied_and_basically_satisfied() {
        // 满意率 = (满意 + 基本满意) / base, also where the grade comes from tiers.
        let rule = usual_tiers();
        let g = grade(&rule, &scale(), &[40, 50, 10], 100);
        assert_eq!(g.grade.as_deref(), Some("基本满意"));
        assert_eq!(format_permille(g.rate_permille), "90.0%");
    }

    fn scale() -> Vec<String> {
        crate::session::default_scale()
    }

    /// 满意 over half, else 基本满意 (满意 and 基本满意) over half, else 不满意.
    fn usual_tiers() -> RatingRule {
        RatingRule::Tiers {
            tiers: vec![
                Tier {
                    grade: "满意".into(),
                    counted: vec!["满意".into()],
                    threshold: Threshold::MoreThan(1, 2),
                },
                Tier {
                    grade: "基本满意".into(),
                    counted: vec!["满意".into(), "基本满意".into()],
                    threshold: Threshold::MoreThan(1, 2),
                },
            ],
            otherwise: "不满意".into(),
        }
    }

    #[test]
    fn tiers_over_all_members() {
        let rule = usual_tiers();
        let g = |c: [u64; 3]| grade(&rule, &scale(), &c, 100).grade.unwrap();
        assert_eq!(g([51, 0, 49]), "满意");
        assert_eq!(g([50, 1, 49]), "基本满意");
        assert_eq!(g([50, 0, 50]), "不满意");
    }

    #[test]
    fn rate_cutoff_wording_decides_ties() {
        let at_least = RatingRule::Rate {
            counted: vec!["满意".into(), "基本满意".into()],
            cutoff: Some(Threshold::AtLeast(60, 100)),
        };
        let more_than = RatingRule::Rate {
            counted: vec!["满意".into(), "基本满意".into()],
            cutoff: Some(Threshold::MoreThan(60, 100)),
        };
        let counts = [40, 20, 40];
        assert_eq!(
            grade(&at_least, &scale(), &counts, 100).cutoff_met,
            Some(true)
        );
        assert_eq!(
            grade(&more_than, &scale(), &counts, 100).cutoff_met,
            Some(false)
        );
        let two_thirds = RatingRule::Rate {
            counted: vec!["满意".into()],
            cutoff: Some(Threshold::AtLeast(2, 3)),
        };
        assert_eq!(
            grade(&two_thirds, &scale(), &[2, 0, 1], 3).cutoff_met,
            Some(true)
        );
        assert_eq!(
            grade(&two_thirds, &scale(), &[1, 1, 1], 3).cutoff_met,
            Some(false)
        );
    }
}
