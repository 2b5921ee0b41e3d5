//! The questions asked before a record that cannot be taken back: closing a vote, declaring
//! a result, opening a further round, and every keyed ballot (a void, blank or over-marked
//! one, and one that would make returned exceed issued). Refusals come before questions.

use super::env::{Effect, Env, Out, Tone};
use super::text::{self};
use crate::engine::{Action, Marks, Phase};
use crate::sentences;

pub fn close(env: &Env, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let Some(open) = env.rec.state.open else {
        out.say(Tone::Bad, lang.say(sentences::NO_ITEM_IS_OPEN));
        return None;
    };
    if let Some(station) = &env.rec.station {
        let keyed = env.rec.state.items[open].live_ballots().count() as u32;
        let hand = station.hand_count;
        let mut q = lang.pick(sentences::finish_box_and_close_the_station(
            &station.r#box,
            keyed,
            hand,
        ));
        if keyed != hand {
            q.push_str(lang.say(sentences::THEY_DIFFER_RECOUNT_FIRST_IF_CLOSED));
        }
        let id = env.rec.state.items[open].id.clone();
        return out.confirm(q, Action::CloseItem(id));
    }
    // Boxes that do not add up to the hall's count need the scrutineers' reason first.
    if env.rec.state.items[open].boxes_differ() {
        out.say(
            Tone::Bad,
            format!(
                "{}{}",
                crate::console::layers::seal::difference_words(env, open),
                lang.say(sentences::THE_SCRUTINEERS_DECIDE_WITH_A_REASON)
            ),
        );
        out.push(crate::console::layers::Layer::Reconcile {
            input: String::new(),
        });
        return None;
    }
    let t = env.tally(open);
    let b = t.ballots();
    let mut q = lang.pick(sentences::close_voting_issued_returned_valid_void(
        b.issued, b.returned, b.valid, b.void,
    ));
    if !b.vote_valid {
        q.push_str(lang.say(sentences::RETURNED_EXCEEDS_ISSUED_THIS_VOTE_IS));
    } else if b.returned < b.issued {
        // Ballots still out are counted as not returned once voting closes: say how many.
        let out = b.issued - b.returned;
        q.push_str(&lang.pick(sentences::ballot_s_not_yet_returned_after(out)));
    }
    let id = env.rec.state.items[open].id.clone();
    out.confirm(q, Action::CloseItem(id))
}

/// Ask before declaring a closed round's result; refuse one not closed or already declared.
pub fn declare(env: &Env, index: usize, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let item = env.rec.state.items.get(index)?;
    if item.phase != Phase::Closed {
        let msg = match item.phase {
            Phase::Declared => lang.say(sentences::ALREADY_DECLARED_A_DECLARED_RESULT_IS),
            _ => lang.say(sentences::CLOSE_VOTING_FIRST),
        };
        out.say(Tone::Bad, msg);
        return None;
    }
    let name = crate::words::round_name(lang, &env.rec.state, &item.id);
    let q = lang.pick(sentences::declare_the_result_of_it_cannot(&name));
    let id = item.id.clone();
    out.confirm(q, Action::Declare(id))
}

pub fn further(env: &Env, index: usize, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let st = &env.rec.state;
    let Some((reason, choices, places)) = st.further_round_needed(index) else {
        // Whether a further round is needed is known only from a declared result.
        let declared = st.items[index].phase == Phase::Declared;
        out.say(
            Tone::Bad,
            if declared {
                lang.say(sentences::THIS_ITEM_NEEDS_NO_FURTHER_ROUND)
            } else {
                lang.say(sentences::DECLARE_THE_RESULT_FIRST_D_THEN)
            },
        );
        return None;
    };
    let item = &st.items[index];
    let titles = st.session.items[item.def].choice_titles();
    let names: Vec<&str> = choices.iter().map(|&c| titles[c]).collect();
    let q = lang.pick(sentences::open_a_among_places(
        text::reason(lang, reason),
        &names,
        places,
    ));
    let id = item.id.clone();
    out.confirm(q, Action::OpenFurtherRound(id))
}

/// An election's further election with `more` candidates than the places left (2 or 3),
/// in order of votes, as the presidium confirmed.
pub fn further_election(env: &Env, index: usize, more: u8, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let st = &env.rec.state;
    let item = &st.items[index];
    let places = item.declared.as_ref().and_then(|o| match o {
        crate::engine::Outcome::Vote { unfilled, .. } => Some(*unfilled),
        _ => None,
    })?;
    let wanted = places as usize + usize::from(more);
    let Some(list) = st
        .further_election_lists(index)
        .into_iter()
        .find(|l| l.len() == wanted)
    else {
        out.say(
            Tone::Bad,
            lang.pick(sentences::too_few_candidates_left(wanted)),
        );
        return None;
    };
    let titles = st.session.items[item.def].choice_titles();
    let names: Vec<&str> = list.iter().map(|&c| titles[c]).collect();
    let q = lang.pick(sentences::open_a_among_places(
        text::reason(lang, crate::engine::RoundReason::Unfilled),
        &names,
        Some(places),
    ));
    out.confirm(
        q,
        Action::OpenFurtherElection {
            item: item.id.clone(),
            candidates: wanted as u32,
        },
    )
}

/// Every keyed ballot goes through here: one that would make returned exceed issued is
/// asked about first, saying that it voids the whole vote (Election Law art. 44); any
/// other question (a void or blank ballot) is asked too; otherwise it is recorded.
pub fn ballot(
    env: &Env,
    seat: Option<u32>,
    out: &mut Out,
    open: usize,
    question: Option<String>,
    marks: Marks,
) -> Option<Effect> {
    let lang = env.lang;
    let item = &env.rec.state.items[open];
    // The paper of a withdrawn entry keyed again keeps its number.
    let replaces = env.rekey.filter(|&r| {
        item.ballots
            .get((r as usize).wrapping_sub(1))
            .is_some_and(|b| b.voided.is_some() && b.seat == seat)
    });
    let action = match replaces {
        Some(replaces) => Action::RekeyBallot {
            item: item.id.clone(),
            replaces,
            seat,
            marks,
        },
        None => Action::RecordBallot {
            item: item.id.clone(),
            seat,
            marks,
        },
    };
    let returned = item.live_ballots().count() as u32 + 1;
    let excess = crate::rules::vote_void(returned, item.issued).then(|| {
        lang.pick(sentences::recording_would_exceed_issued(
            returned,
            item.issued,
        ))
    });
    let question = match (excess, question) {
        (None, None) => return Some(Effect::Record(action)),
        (Some(w), None) => format!("{w} {}", lang.say(sentences::RECORD_THIS_BALLOT_ANYWAY)),
        (Some(w), Some(q)) => format!("{w} {q}"),
        (None, Some(q)) => q,
    };
    out.confirm(question, action)
}
