//! What the boxes layer holds: the boxes being imported, what needs a decision and the
//! decisions taken so far. Data only, so the layer stack can hold it without the layer's
//! keys and drawing (`boxes.rs`).

use crate::console::text::Lang;
use crate::sentences;

/// The boxes being imported and the decisions taken so far.
#[derive(Debug, Clone)]
pub struct BoxesLayer {
    pub plans: Vec<crate::station::BoxPlan>,
    pub answers: Vec<crate::station::Answers>,
    /// What needs a decision, one row each: (plan index, what).
    pub rows: Vec<(usize, BoxRow)>,
    /// Each row in words, made once when the boxes are compared (not on every frame).
    pub texts: Vec<String>,
    pub selected: usize,
    pub lang: Lang,
}

impl BoxesLayer {
    /// Whether row `row` has its decision: what was chosen (whose reading, its marks) and why.
    pub fn decided(&self, row: usize) -> Option<String> {
        let (p, what) = self.rows.get(row)?;
        let plan = &self.plans[*p];
        let a = &self.answers[*p];
        let tellers = tellers(plan);
        match what {
            BoxRow::Reading(d) => match &plan.differences[*d] {
                crate::station::Difference::Reading {
                    ballot,
                    first,
                    second,
                } => a.readings.get(ballot).map(|(decided, reason)| {
                    let choices = &plan.entries[0].binding.choices;
                    let chosen = crate::station::decided_words(
                        decided, first, second, tellers, choices, self.lang,
                    );
                    format!("{chosen} · {reason}")
                }),
                _ => None,
            },
            BoxRow::Entry => a.entry.as_ref().map(|(n, reason)| {
                let teller = if *n == 2 { tellers.1 } else { tellers.0 };
                self.lang.pick(sentences::entry_recorded(n, teller, reason))
            }),
            BoxRow::HandCount => a.hand_count.clone(),
            BoxRow::Single => a.single.clone(),
            BoxRow::Head(e) => a.heads.get(e).map(|(_, by)| {
                self.lang
                    .pick(sentences::same_as_the_signed_count_sheet(by))
            }),
        }
    }
    pub fn all_decided(&self) -> bool {
        (0..self.rows.len()).all(|r| self.decided(r).is_some())
    }
}

impl PartialEq for BoxesLayer {
    fn eq(&self, other: &Self) -> bool {
        self.answers == other.answers
            && self.rows == other.rows
            && self.texts == other.texts
            && self.selected == other.selected
    }
}
impl Eq for BoxesLayer {}

/// One thing the scrutineers decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoxRow {
    /// A ballot read differently: index into the plan's differences.
    Reading(usize),
    /// The entries differ as totals: which entry is right.
    Entry,
    /// A keyed count differs from the hand count.
    HandCount,
    /// The box was entered once: why no second entry.
    Single,
    /// An entry's station log head, to be read against the box's signed count sheet.
    Head(usize),
}

/// The answer a key gives on a row, before its reason is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxAnswer {
    First,
    Second,
    Void,
    Keep,
    Single,
    Head,
}

/// The two tellers of a box's entries (first, second).
pub(crate) fn tellers(plan: &crate::station::BoxPlan) -> (&str, &str) {
    let t = |i: usize| {
        plan.entries
            .get(i)
            .map_or("", |e| e.binding.teller.as_str())
    };
    (t(0), t(1))
}
