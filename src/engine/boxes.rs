//! The check of a box note (`box_imported`): a box of a sealed round, its station entries,
//! their comparison and the scrutineers' decisions (docs/log-format.md, "Station logs").

use super::{BoxEntry, BoxNote, Comparison, Decision, Event, Refusal, State};

impl State {
    /// The boxes of the open round reconciled with what was collected, for `reason`.
    pub(super) fn reconciled(&self, item: String, reason: &str) -> Result<Event, Refusal> {
        let state = self.open_item(&item)?;
        Ok(Event::BoxesReconciled {
            counted: state.box_ballots,
            collected: state.sealed.as_ref().map_or(0, |s| s.collected),
            missing: state.missing_boxes(),
            item,
            reason: reason.trim().to_string(),
        })
    }

    /// A box note (`box_imported`): its box, entries and comparison, each head confirmed,
    /// and one decision for each thing the comparison leaves open and no other
    /// (docs/log-format.md, "Station logs").
    pub(super) fn validate_box(&self, note: &BoxNote) -> Result<(), Refusal> {
        let BoxNote {
            item,
            r#box,
            entries,
            confirmed_by,
            ..
        } = note;
        let whole = note;
        let state = self.open_item(item)?;
        // Each entry's head was read against its signed count sheet, by someone.
        if confirmed_by.len() != entries.len() || confirmed_by.iter().any(|n| n.trim().is_empty()) {
            return Err(Refusal::BoxNote(
                r#box.to_string(),
                "each entry's station log head needs the name of the scrutineer who confirmed it against the signed count sheet".into(),
            ));
        }
        let note = |m: String| Err(Refusal::BoxNote(r#box.to_string(), m));
        if r#box.trim().is_empty() {
            return note("a box needs its label".into());
        }
        let key = crate::rules::box_key(r#box);
        if state.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
            return Err(Refusal::BoxAlreadyImported(
                item.to_string(),
                r#box.to_string(),
            ));
        }
        // The round knows its boxes: only a sealed label, and none after the reconciliation.
        let Some(sealed) = &state.sealed else {
            return Err(Refusal::BoxesNotSealed(item.to_string()));
        };
        if !sealed.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
            return Err(Refusal::UnknownBox(
                item.to_string(),
                r#box.to_string(),
                sealed.boxes.join(", "),
            ));
        }
        if state.reconciled {
            return note("the round's boxes are already reconciled; no box follows".into());
        }
        let entry = entry_recorded(whole)?;
        readings_decided(whole)?;
        hand_count_decided(whole, entry)
    }
}

/// The entries and their comparison, and the entry whose ballots are recorded: with two
/// entries compared as totals, the one chosen; otherwise the first.
fn entry_recorded(note: &BoxNote) -> Result<&BoxEntry, Refusal> {
    let BoxNote {
        r#box,
        entries,
        comparison,
        decisions,
        ballots,
        ..
    } = note;
    let note = |m: String| Err(Refusal::BoxNote(r#box.to_string(), m));
    comparison_fits(r#box, entries, *comparison)?;
    if decisions.iter().any(|d| d.reason().trim().is_empty()) {
        return Err(Refusal::NoReason);
    }
    // One decision for each thing the comparison leaves open, and no other
    // (docs/log-format.md, "Station logs"). A box entered once says why.
    let singles = decisions
        .iter()
        .filter(|d| matches!(d, Decision::Single { .. }))
        .count();
    if singles != usize::from(*comparison == Comparison::Single) {
        return note(
                "a box entered once needs one recorded decision saying why (single), and only such a box".into(),
            );
    }
    let entry_decisions: Vec<u32> = decisions
        .iter()
        .filter_map(|d| match d {
            Decision::Entry { chosen, .. } => Some(*chosen),
            _ => None,
        })
        .collect();
    if entry_decisions.len() > 1
        || (!entry_decisions.is_empty() && *comparison != Comparison::Multiset)
    {
        return note(
            "an entry is chosen only once, and only where the entries were compared as totals"
                .into(),
        );
    }
    let chosen = entry_decisions.first().copied().unwrap_or(1);
    let Some(entry) = entries.get((chosen as usize).wrapping_sub(1)) else {
        return note(format!("entry {chosen} does not exist"));
    };
    if entry.ballots != *ballots {
        return note(format!(
            "entry {chosen} keyed {} ballot(s) but {ballots} are recorded",
            entry.ballots
        ));
    }
    Ok(entry)
}

/// One entry goes with `single`; two entries, by different tellers, with `by_order` or
/// `multiset`.
fn comparison_fits(
    label: &str,
    entries: &[BoxEntry],
    comparison: Comparison,
) -> Result<(), Refusal> {
    let note = |m: String| Refusal::BoxNote(label.to_string(), m);
    let expected = match entries.len() {
        1 => Comparison::Single,
        2 if entries[0].teller == entries[1].teller => {
            return Err(Refusal::SameTeller(
                label.to_string(),
                entries[0].teller.clone(),
            ));
        }
        2 if comparison != Comparison::Single => comparison,
        n => return Err(note(format!("{n} entries with comparison {comparison:?}"))),
    };
    if comparison != expected {
        return Err(note(format!(
            "{} entries compared {comparison:?}",
            entries.len()
        )));
    }
    Ok(())
}

/// One decision for each ballot the two entries read differently, answering that difference.
fn readings_decided(note: &BoxNote) -> Result<(), Refusal> {
    let BoxNote {
        r#box,
        comparison,
        decisions,
        ..
    } = note;
    let note = |m: String| Err(Refusal::BoxNote(r#box.to_string(), m));
    let mut decided_ballots = Vec::new();
    for d in decisions {
        if let Decision::Reading {
            ballot,
            first,
            second,
            decided,
            ..
        } = d
        {
            if *comparison != Comparison::ByOrder {
                return note(format!(
                    "a decision on ballot {ballot}, but the entries were not compared ballot by ballot"
                ));
            }
            if decided_ballots.contains(ballot) {
                return note(format!("ballot {ballot} is decided twice"));
            }
            decided_ballots.push(*ballot);
            // The paper may show a third reading; it is still this ballot's.
            if first == second || (decided.seat != first.seat && decided.seat != second.seat) {
                return note(format!(
                    "the decision on ballot {ballot} answers no difference (its two readings agree) or names another seat"
                ));
            }
        }
    }
    Ok(())
}

/// Only the recorded entry's count is weighed against the hand count: one decision when
/// they differ, none when they agree.
fn hand_count_decided(note: &BoxNote, entry: &BoxEntry) -> Result<(), Refusal> {
    let BoxNote {
        r#box, decisions, ..
    } = note;
    let note = |m: String| Err(Refusal::BoxNote(r#box.to_string(), m));
    let hand: Vec<&Decision> = decisions
        .iter()
        .filter(|d| matches!(d, Decision::HandCount { .. }))
        .collect();
    let due = entry.ballots != entry.hand_count;
    let answered = match hand.as_slice() {
        [] => false,
        [
            Decision::HandCount {
                teller,
                keyed,
                hand_count,
                ..
            },
        ] => *teller == entry.teller && *keyed == entry.ballots && *hand_count == entry.hand_count,
        _ => {
            return note("more than one hand-count decision".into());
        }
    };
    if due && !answered {
        return note(format!(
            "{} keyed {} ballot(s) but the box was counted at {} by hand; that needs a recorded decision",
            entry.teller, entry.ballots, entry.hand_count
        ));
    }
    if !due && !hand.is_empty() {
        return note(
            "a hand-count decision where the recorded entry's count equals the hand count".into(),
        );
    }
    Ok(())
}

impl State {
    /// A counting room's record: a box imported, the boxes sealed or reconciled.
    pub(super) fn fold_counting_room(&mut self, event: &Event) {
        match event {
            Event::BoxImported(note) => {
                if let Ok((_, state)) = self.item_mut(&note.item) {
                    state.boxes.push(note.r#box.clone());
                    state.box_ballots += note.ballots;
                }
            }
            Event::BoxesSealed {
                item,
                boxes,
                collected,
            } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.sealed = Some(crate::round::Sealed {
                        boxes: boxes.clone(),
                        collected: *collected,
                    });
                }
            }
            Event::BoxesReconciled { item, .. } => {
                if let Ok((_, state)) = self.item_mut(item) {
                    state.reconciled = true;
                }
            }
            _ => {}
        }
    }
}
