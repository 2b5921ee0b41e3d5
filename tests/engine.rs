//! The session engine: every refusal, the item life cycle, ties and further rounds,
//! void votes, and the properties that replay equals live state.

mod common;

use std::sync::Arc;

use common::{SMALL, choices, load};
use proptest::prelude::*;
use votedesk::engine::{Action, Event, Marks, Outcome, Phase, Refusal, RoundReason, State};

fn state() -> State {
    State::new(Arc::new(load(SMALL).session))
}

/// Apply an action as the recorder would (prepare, then apply), returning the event.
fn act(s: &mut State, a: Action) -> Result<Event, Refusal> {
    let e = s.prepare(a)?;
    s.apply(&e).expect("a prepared event applies");
    Ok(e)
}

fn bound() -> State {
    let loaded = load(SMALL);
    let mut s = State::new(Arc::new(loaded.session.clone()));
    let b = s.binding(&loaded.sources);
    s.apply(&Event::SessionBound(Box::new(b))).expect("bind");
    s
}

fn checked_in(n: u32) -> State {
    let mut s = bound();
    for seat in 1..=n {
        act(&mut s, Action::CheckIn(seat)).expect("check in");
    }
    s
}

fn ballot(item: &str, seat: Option<u32>, marks: Marks) -> Action {
    Action::RecordBallot {
        item: item.into(),
        seat,
        marks,
    }
}

#[test]
fn nothing_before_the_binding() {
    let s = state();
    assert_eq!(s.prepare(Action::CheckIn(1)), Err(Refusal::NotBound));
}

#[test]
fn attendance_refusals() {
    let mut s = bound();
    assert_eq!(
        s.prepare(Action::CheckIn(99)),
        Err(Refusal::UnknownSeat(99))
    );
    act(&mut s, Action::CheckIn(1)).expect("check in");
    assert!(matches!(
        s.prepare(Action::CheckIn(1)),
        Err(Refusal::AttendanceUnchanged(1, _))
    ));
    act(&mut s, Action::MarkOnLeave(2)).expect("on leave");
    assert_eq!((s.present(), s.on_leave(), s.absent()), (1, 1, 4));
}

#[test]
fn no_item_opens_without_quorum_and_the_message_says_how_many_more() {
    // 6 seated: quorum needs 4 (4*3 >= 12).
    let mut s = checked_in(3);
    let err = s.prepare(Action::OpenItem("p".into())).unwrap_err();
    assert_eq!(
        err,
        Refusal::NoQuorum {
            present: 3,
            seated: 6,
            short: 1
        }
    );
    assert!(err.to_string().contains("1 more deputies"));
    act(&mut s, Action::CheckIn(4)).expect("check in");
    let e = act(&mut s, Action::OpenItem("p".into())).expect("open");
    assert_eq!(
        e,
        Event::ItemOpened {
            item: "p".into(),
            issued: 4
        }
    );
}

#[test]
fn item_life_cycle_and_its_refusals() {
    let mut s = checked_in(6);
    assert_eq!(
        s.prepare(ballot("p", None, choices("fff"))),
        Err(Refusal::ItemNotOpen("p".into()))
    );
    assert_eq!(
        s.prepare(Action::Declare("p".into())),
        Err(Refusal::NotClosed("p".into()))
    );
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    assert!(matches!(
        s.prepare(Action::OpenItem("named".into())),
        Err(Refusal::AnotherItemOpen(..))
    ));
    assert!(matches!(
        s.prepare(Action::MarkOnLeave(1)),
        Err(Refusal::AttendanceLocked(_))
    ));
    assert_eq!(
        s.prepare(ballot("p", Some(1), choices("fff"))),
        Err(Refusal::SecretNamed)
    );
    assert!(matches!(
        s.prepare(ballot("p", None, choices("ff"))),
        Err(Refusal::BadMarks(_))
    ));
    assert!(matches!(
        s.prepare(ballot("p", None, Marks::Ticks { ticked: vec![] })),
        Err(Refusal::BadMarks(_))
    ));
    for _ in 0..4 {
        act(&mut s, ballot("p", None, choices("ffa"))).expect("ballot");
    }
    act(&mut s, ballot("p", None, choices("aff"))).expect("ballot");
    // Correction: void ballot 5 with a reason, then key it again.
    assert_eq!(
        s.prepare(Action::VoidBallot {
            item: "p".into(),
            ballot: 5,
            reason: "  ".into()
        }),
        Err(Refusal::NoReason)
    );
    assert_eq!(
        s.prepare(Action::VoidBallot {
            item: "p".into(),
            ballot: 9,
            reason: "x".into()
        }),
        Err(Refusal::UnknownBallot("p".into(), 9))
    );
    act(
        &mut s,
        Action::VoidBallot {
            item: "p".into(),
            ballot: 5,
            reason: "keyed wrong".into(),
        },
    )
    .expect("void");
    assert_eq!(
        s.prepare(Action::VoidBallot {
            item: "p".into(),
            ballot: 5,
            reason: "again".into()
        }),
        Err(Refusal::AlreadyVoided("p".into(), 5))
    );
    act(&mut s, ballot("p", None, choices("ff-"))).expect("re-keyed");
    act(&mut s, Action::CloseItem("p".into())).expect("close");
    let t = s.tally(0);
    assert_eq!(t.ballots().returned, 5);
    let e = act(&mut s, Action::Declare("p".into())).expect("declare");
    // a: 5 for of 6 seated passes; b: 5 for; c: 0 for. Two places: a and b adopted.
    match e {
        Event::ResultDeclared {
            outcome:
                Outcome::Vote {
                    adopted,
                    tied,
                    unfilled,
                    vote_valid,
                    ..
                },
            ..
        } => {
            assert!(vote_valid);
            assert_eq!(adopted, vec!["a".to_string(), "b".to_string()]);
            assert!(tied.is_empty());
            assert_eq!(unfilled, 0);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        s.prepare(Action::Declare("p".into())),
        Err(Refusal::AlreadyDeclared("p".into()))
    );
    assert_eq!(s.items[0].phase, Phase::Declared);
    assert_eq!(
        s.prepare(Action::OpenFurtherRound("p".into())),
        Err(Refusal::NoFurtherRoundNeeded("p".into()))
    );
}

#[test]
fn a_tampered_declaration_is_refused() {
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    act(&mut s, Action::CloseItem("p".into())).expect("close");
    let forged = Event::ResultDeclared {
        item: "p".into(),
        outcome: Outcome::Vote {
            vote_valid: true,
            adopted: vec!["c".into()],
            tied: vec![],
            tied_places: 0,
            unfilled: 1,
        },
    };
    assert!(matches!(
        s.apply(&forged),
        Err(Refusal::OutcomeMismatch { .. })
    ));
}

#[test]
fn named_items_take_one_ballot_per_present_deputy() {
    let mut s = checked_in(5);
    act(&mut s, Action::OpenItem("named".into())).expect("open");
    assert_eq!(
        s.prepare(ballot("named", None, choices("f"))),
        Err(Refusal::NamedWithoutSeat)
    );
    assert_eq!(
        s.prepare(ballot("named", Some(6), choices("f"))),
        Err(Refusal::NotPresent(6))
    );
    assert_eq!(
        s.prepare(ballot("named", Some(60), choices("f"))),
        Err(Refusal::UnknownSeat(60))
    );
    act(&mut s, ballot("named", Some(1), choices("f"))).expect("ballot");
    assert_eq!(
        s.prepare(ballot("named", Some(1), choices("a"))),
        Err(Refusal::AlreadyVoted(1))
    );
    // Correct it: void, then the deputy votes again.
    act(
        &mut s,
        Action::VoidBallot {
            item: "named".into(),
            ballot: 1,
            reason: "wrong key".into(),
        },
    )
    .expect("void");
    act(&mut s, ballot("named", Some(1), choices("a"))).expect("again");
    act(&mut s, ballot("named", Some(2), choices("f"))).expect("ballot");
    act(&mut s, Action::CloseItem("named".into())).expect("close");
    let votedesk::tally::ItemTally::Vote(v) = s.tally(1) else {
        panic!("vote")
    };
    assert_eq!(
        (
            v.candidates[0].for_,
            v.candidates[0].against,
            v.candidates[0].not_voted
        ),
        (1, 1, 3)
    );
    // Without places, a candidate that fails to pass is simply not adopted.
    assert!(v.adopted.is_empty());
}

#[test]
fn tie_across_the_last_place_needs_a_further_round_among_the_tied() {
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    // a: 6 for; b and c: 4 for each → tie for the second place.
    for m in ["fff", "fff", "fff", "fff", "faa", "faa"] {
        act(&mut s, ballot("p", None, choices(m))).expect("ballot");
    }
    act(&mut s, Action::CloseItem("p".into())).expect("close");
    let e = act(&mut s, Action::Declare("p".into())).expect("declare");
    let Event::ResultDeclared {
        outcome:
            Outcome::Vote {
                adopted,
                tied,
                tied_places,
                ..
            },
        ..
    } = e
    else {
        panic!()
    };
    assert_eq!(adopted, vec!["a".to_string()]);
    assert_eq!(tied, vec!["b".to_string(), "c".to_string()]);
    assert_eq!(tied_places, 1);
    assert!(
        s.prepare(Action::CloseSession).is_ok(),
        "a tie does not block closing"
    );
    let e = act(&mut s, Action::OpenFurtherRound("p".into())).expect("round");
    assert_eq!(
        e,
        Event::RoundOpened {
            item: "p#2".into(),
            from: "p".into(),
            round: 2,
            reason: RoundReason::Tie,
            candidates: vec!["b".into(), "c".into()],
            places: Some(1),
        }
    );
    assert!(matches!(
        s.prepare(Action::OpenFurtherRound("p".into())),
        Err(Refusal::FurtherRoundExists(..))
    ));
    act(&mut s, Action::OpenItem("p#2".into())).expect("open round 2");
    for m in ["fa", "fa", "fa", "fa", "af", "af"] {
        act(&mut s, ballot("p#2", None, choices(m))).expect("ballot");
    }
    act(&mut s, Action::CloseItem("p#2".into())).expect("close");
    act(&mut s, Action::Declare("p#2".into())).expect("declare");
    let (adopted, total) = votedesk::tally::adopted_overall(&s.session, &s.items, 0);
    assert_eq!(adopted, vec!["a".to_string(), "b".to_string()]);
    assert_eq!(total, 300);
}

#[test]
fn more_returned_than_issued_voids_the_vote_and_it_is_re_run() {
    let mut s = checked_in(4);
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    for _ in 0..5 {
        act(&mut s, ballot("p", None, choices("fff"))).expect("ballot");
    }
    act(&mut s, Action::CloseItem("p".into())).expect("close");
    let e = act(&mut s, Action::Declare("p".into())).expect("declare");
    let Event::ResultDeclared { outcome, .. } = e else {
        panic!()
    };
    assert!(!outcome.vote_valid());
    let e = act(&mut s, Action::OpenFurtherRound("p".into())).expect("re-run");
    assert!(
        matches!(e, Event::RoundOpened { reason: RoundReason::VoidVote, ref candidates, .. } if candidates.len() == 3)
    );
}

#[test]
fn over_marked_tick_ballots_are_void_fewer_are_valid() {
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("tick".into())).expect("open");
    let t = |ids: &[&str]| Marks::Ticks {
        ticked: ids.iter().map(|s| s.to_string()).collect(),
    };
    act(&mut s, ballot("tick", None, t(&["x", "y"]))).expect("over-marked is recorded");
    act(&mut s, ballot("tick", None, t(&[]))).expect("blank");
    act(&mut s, ballot("tick", None, t(&["x"]))).expect("one");
    assert!(matches!(
        s.prepare(ballot("tick", None, t(&["x", "x"]))),
        Err(Refusal::BadMarks(_))
    ));
    assert!(matches!(
        s.prepare(ballot("tick", None, t(&["z"]))),
        Err(Refusal::BadMarks(_))
    ));
    let b = s.tally(2).ballots().clone();
    assert_eq!((b.returned, b.valid, b.void), (3, 2, 1));
}

#[test]
fn more_for_than_max_for_voids_a_per_candidate_ballot() {
    // places: 2, max_for: 2 (票决办法: 赞成的项目数多于应选项目数的为无效票). Before, a
    // ballot with three 赞成 counted as valid.
    let text = SMALL.replacen("places: 2,", "places: 2,\n            max_for: 2,", 1);
    let loaded = load(&text);
    let mut s = State::new(Arc::new(loaded.session.clone()));
    s.apply(&Event::SessionBound(Box::new(s.binding(&loaded.sources))))
        .expect("bind");
    for seat in 1..=6 {
        act(&mut s, Action::CheckIn(seat)).expect("in");
    }
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    act(&mut s, ballot("p", None, choices("fff"))).expect("recorded as marked");
    act(&mut s, ballot("p", None, choices("ffa"))).expect("at the limit");
    act(&mut s, ballot("p", None, choices("aaa"))).expect("none");
    let t = s.tally(0);
    let b = t.ballots().clone();
    assert_eq!((b.returned, b.valid, b.void), (3, 2, 1));
    let votedesk::tally::ItemTally::Vote(v) = t else {
        panic!("a vote")
    };
    // Only the valid ballots count: a and b have one 赞成 each, c none.
    let fors: Vec<u32> = v.candidates.iter().map(|c| c.for_).collect();
    assert_eq!(fors, vec![1, 1, 0]);
    // Without max_for, the same three-赞成 ballot is valid.
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    act(&mut s, ballot("p", None, choices("fff"))).expect("ballot");
    assert_eq!(s.tally(0).ballots().valid, 1);
}

#[test]
fn max_for_must_fit_the_item() {
    for (edit, words) in [
        ("max_for: 0,", "max_for is 0"),
        ("max_for: 4,", "it must be from 1 to 3"),
    ] {
        let text = SMALL.replacen("places: 2,", &format!("places: 2,\n            {edit}"), 1);
        let err = votedesk::session::load_embedded(votedesk::session::SourceFiles {
            session_name: "s.ron".into(),
            session_bytes: text.into_bytes(),
            roster: None,
        })
        .expect_err("refused");
        assert!(err.to_string().contains(words), "{err}");
    }
}

#[test]
fn ratings_count_labels_and_abstentions() {
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("r".into())).expect("open");
    let r = |a: &str, b: &str| Marks::Ratings {
        labels: vec![a.into(), b.into()],
    };
    for (a, b) in [
        ("满意", "不满意"),
        ("满意", "不满意"),
        ("满意", "基本满意"),
        ("满意", "基本满意"),
        ("弃权", "满意"),
    ] {
        act(&mut s, ballot("r", None, r(a, b))).expect("ballot");
    }
    assert!(matches!(
        s.prepare(ballot("r", None, r("很好", "满意"))),
        Err(Refusal::BadMarks(_))
    ));
    let votedesk::tally::ItemTally::Rating(t) = s.tally(3) else {
        panic!()
    };
    // s1: 满意 4 of 6 seated > half → 满意. s2: 满意 1 + 基本满意 2 = 3, not > 3 → 不满意.
    assert_eq!(t.subjects[0].counts, vec![4, 0, 0]);
    assert_eq!(t.subjects[0].abstain, 1);
    assert_eq!(t.subjects[0].grade.as_deref(), Some("满意"));
    assert_eq!(t.subjects[1].grade.as_deref(), Some("不满意"));
    // 满意率 = (满意 + 基本满意) / 6 seated, rounded down: 4/6 → 66.6%, 3/6 → 50.0%.
    assert_eq!(t.subjects[0].rate_permille, Some(666));
    assert_eq!(t.subjects[1].rate_permille, Some(500));
}

#[test]
fn closing_the_session_needs_every_opened_item_declared() {
    let mut s = checked_in(6);
    act(&mut s, Action::OpenItem("p".into())).expect("open");
    assert_eq!(
        s.prepare(Action::CloseSession),
        Err(Refusal::ItemStillOpen("p".into()))
    );
    act(&mut s, Action::CloseItem("p".into())).expect("close");
    assert_eq!(
        s.prepare(Action::CloseSession),
        Err(Refusal::UndeclaredItem("p".into()))
    );
    act(&mut s, Action::Declare("p".into())).expect("declare");
    let e = act(&mut s, Action::CloseSession).expect("close session");
    assert_eq!(
        e,
        Event::SessionClosed {
            records: s.records,
            declared: vec!["p".into()]
        }
    );
    assert_eq!(s.prepare(Action::CheckIn(1)), Err(Refusal::SessionClosed));
}

fn marks_strategy() -> impl Strategy<Value = Marks> {
    prop_oneof![
        8 => proptest::collection::vec(0u8..3, 3).prop_map(|v| choices(&v.iter().map(|c| ['f', 'a', '-'][*c as usize]).collect::<String>())),
        1 => Just(Marks::Spoiled),
    ]
}

proptest! {
    /// The order of ballots within an item never changes its result.
    #[test]
    fn ballot_order_does_not_change_the_result(
        ballots in proptest::collection::vec(marks_strategy(), 0..12),
        seed in any::<u64>(),
    ) {
        let run = |order: &[Marks]| {
            let mut s = checked_in(6);
            act(&mut s, Action::OpenItem("p".into())).expect("open");
            for m in order {
                act(&mut s, ballot("p", None, m.clone())).expect("ballot");
            }
            act(&mut s, Action::CloseItem("p".into())).expect("close");
            s.tally(0).outcome()
        };
        let mut shuffled = ballots.clone();
        let mut rng = votedesk::simulate::Rng::new(seed);
        for i in (1..shuffled.len()).rev() {
            let j = rng.below(i as u64 + 1) as usize;
            shuffled.swap(i, j);
        }
        prop_assert_eq!(run(&ballots), run(&shuffled));
    }

    /// Replaying the events of a live run rebuilds exactly the same state.
    #[test]
    fn replay_equals_live(seed in any::<u64>()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rec = common::started(dir.path());
        votedesk::simulate::run(&mut rec, seed, std::time::Duration::ZERO).expect("simulate");
        let report = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default()).expect("read");
        prop_assert!(report.verified, "{}", report.verdict);
        let replayed = report.state.expect("state");
        prop_assert_eq!(&replayed.items, &rec.state.items);
        prop_assert_eq!(&replayed.attendance, &rec.state.attendance);
        prop_assert_eq!(replayed.records, rec.state.records);
        for i in 0..replayed.items.len() {
            prop_assert_eq!(replayed.tally(i), rec.state.tally(i));
        }
    }
}

#[test]
fn seats_without_a_deputy_are_vacancies_not_absences() {
    // 8 seated, 6 on the roster: 2 vacancies (缺额). Quorum still counts all 8 seated.
    let text = SMALL.replacen("body: Congress,", "body: Congress,\n    seated: 8,", 1);
    let loaded = load(&text);
    let mut s = State::new(Arc::new(loaded.session.clone()));
    s.apply(&Event::SessionBound(Box::new(s.binding(&loaded.sources))))
        .expect("bind");
    assert_eq!((s.absent(), s.vacant()), (6, 2));
    for seat in 1..=5 {
        act(&mut s, Action::CheckIn(seat)).expect("in");
    }
    act(&mut s, Action::MarkOnLeave(6)).expect("leave");
    assert_eq!(
        (s.present(), s.on_leave(), s.absent(), s.vacant()),
        (5, 1, 0, 2)
    );
    // 5 of 8 is less than two thirds: no quorum although nobody on the roster is absent.
    assert!(!s.quorum_met());
    let json = votedesk::output::attendance(&s);
    assert_eq!((json.absent, json.vacant), (0, 2));
}

#[test]
fn rehearsals_meet_every_kind_of_further_round_and_every_log_verifies() {
    let mut reasons = std::collections::BTreeSet::new();
    for seed in 1..=40 {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = common::simulated_log(dir.path(), seed);
        let report = votedesk::verify::check_file(&path, &Default::default()).expect("verify");
        assert!(report.verified, "seed {seed}: {}", report.render("log"));
        let state = report.state.expect("state");
        for item in &state.items {
            if let Some(r) = item.reason {
                reasons.insert(format!("{r:?}"));
            }
        }
    }
    let all: Vec<&str> = reasons.iter().map(String::as_str).collect();
    assert_eq!(all, vec!["Tie", "Unfilled", "VoidVote"], "{all:?}");
}
