//! Elections (选举) with names written in (另选他人): every counting rule at its boundary,
//! each log recounted alike by `verify` and by the verifier written from docs/log-format.md;
//! the engine's checks of a ballot; keying a ballot with a name written in at the console.

mod common;

use std::path::Path;
use std::process::Command;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use votedesk::console::Lang;
use votedesk::console::app::{App, Effect};
use votedesk::engine::{Action, Choice, Event, Marks, Outcome, Refusal, RoundReason};
use votedesk::recorder::Recorder;

/// Six seated: a 差额 by-election of 2 from 3, an 等额 one of 2 from 2, one of 1 from 2
/// without names written in, and one of 5 from 5.
fn six() -> String {
    common::six_seated(
        "six",
        "选举测试",
        r#"    items: [
        Election(
            id: "by",
            title: "补选常委会委员",
            places: 2,
            candidates: [(id: "a", title: "张三"), (id: "b", title: "李四"), (id: "c", title: "王五")],
        ),
        Election(
            id: "equal",
            title: "等额选举",
            places: 2,
            candidates: [(id: "d", title: "赵六"), (id: "e", title: "钱七")],
        ),
        Election(
            id: "closed-list",
            title: "不另选",
            places: 1,
            write_ins: false,
            candidates: [(id: "f", title: "孙八"), (id: "g", title: "周九")],
        ),
        Election(
            id: "five",
            title: "选举五名",
            places: 5,
            candidates: [
                (id: "h", title: "吴一"), (id: "i", title: "郑二"), (id: "j", title: "冯三"),
                (id: "k", title: "陈四"), (id: "l", title: "褚五"),
            ],
        ),
    ],
)
"#,
    )
}

fn ballot(s: &str, names: &[&str]) -> Marks {
    let Marks::Choices { choices } = common::choices(s) else {
        unreachable!()
    };
    Marks::Election {
        choices,
        write_ins: names.iter().map(|n| n.to_string()).collect(),
    }
}

fn started(dir: &Path) -> Recorder {
    let mut rec = Recorder::start(&common::load(&six()), &dir.join("six.log"), "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("check in");
    rec
}

/// Open `item`, record `ballots`, close and declare it; the declared outcome.
fn decide(rec: &mut Recorder, item: &str, ballots: &[Marks]) -> Outcome {
    rec.record(Action::OpenItem(item.into())).expect("open");
    for m in ballots {
        rec.record(Action::RecordBallot {
            item: item.into(),
            seat: None,
            marks: m.clone(),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem(item.into())).expect("close");
    match rec.record(Action::Declare(item.into())).expect("declare") {
        Event::ResultDeclared { outcome, .. } => outcome,
        other => panic!("{other:?}"),
    }
}

fn adopted_tied(o: &Outcome) -> (Vec<String>, Vec<String>, u32) {
    match o {
        Outcome::Vote {
            adopted,
            tied,
            unfilled,
            ..
        } => (adopted.clone(), tied.clone(), *unfilled),
        other => panic!("{other:?}"),
    }
}

/// The verifier written from docs/log-format.md alone: its outcomes, after it found the
/// log sound.
fn independent(log: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(common::repo("tests/independent_verifier.py"))
        .arg(log)
        .output()
        .expect("python3 runs (CI installs it)");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], true, "{v}");
    v["outcomes"].clone()
}

fn both_agree(dir: &Path, mut rec: Recorder) {
    rec.record(Action::CloseSession).expect("close the session");
    drop(rec);
    let log = dir.join("six.log");
    let report = votedesk::verify::check_file(&log, &Default::default()).expect("verify");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let st = report.state.expect("state");
    let py = independent(&log);
    for (i, round) in st.items.iter().enumerate() {
        if round.declared.is_none() {
            continue;
        }
        let Outcome::Vote {
            adopted,
            tied,
            unfilled,
            ..
        } = st.tally(i).outcome()
        else {
            continue;
        };
        let theirs = &py[&round.id];
        assert_eq!(
            theirs["adopted"],
            serde_json::json!(adopted),
            "{}",
            round.id
        );
        assert_eq!(theirs["tied"], serde_json::json!(tied), "{}", round.id);
        assert_eq!(
            theirs["unfilled"],
            serde_json::json!(unfilled),
            "{}",
            round.id
        );
    }
}

/// Exactly half of all six deputies (3) does not elect; 4 does. A person written in on 4
/// ballots is elected like a candidate.
#[test]
fn more_than_half_of_all_deputies_elects_a_candidate_or_a_person_written_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    let o = decide(
        &mut rec,
        "by",
        &[
            ballot("faa", &["刘十"]),
            ballot("faa", &["刘十"]),
            ballot("ffa", &[]),
            ballot("aaa", &["刘十"]),
            ballot("afa", &["刘十"]),
            ballot("aaa", &[]),
        ],
    );
    // 张三 3 (half: not elected), 李四 2, 刘十 4 (elected), one place unfilled.
    let (adopted, tied, unfilled) = adopted_tied(&o);
    assert_eq!(adopted, vec!["write-in:刘十"]);
    assert!(tied.is_empty());
    assert_eq!(unfilled, 1);
    let votedesk::tally::ItemTally::Vote(v) = rec.state.tally(0) else {
        panic!()
    };
    assert_eq!(v.write_ins[0].name, "刘十");
    assert_eq!(v.write_ins[0].votes, 4);
    // The further election: the candidates not elected in order of votes, two for one place.
    let ev = rec
        .record(Action::OpenFurtherRound("by".into()))
        .expect("further");
    let Event::RoundOpened {
        reason,
        candidates,
        places,
        ..
    } = ev
    else {
        panic!()
    };
    assert_eq!(reason, RoundReason::Unfilled);
    assert_eq!(candidates, vec!["a", "b"]);
    assert_eq!(places, Some(1));
    both_agree(dir.path(), rec);
    // The sheet lists the person written in with their votes and result, and names the
    // second round a further election.
    let (code, out, err) = common::votedesk(
        dir.path(),
        &["report", "six.log", "--format", "md", "--output", "s.md"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let md = std::fs::read_to_string(dir.path().join("s.md")).expect("sheet");
    assert!(
        md.contains("另选他人 (Persons written in)")
            && md.contains("| 1 | 刘十 | 4 | 当选 (elected) |"),
        "{md}"
    );
    assert!(
        md.contains("名额未满，另行选举 (further election for the places left)"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | 张三 | 3 | 3 | 0 | 0 | 未当选 (not elected) |"),
        "{md}"
    );
}

/// Names written in count toward the places: 2 赞成 and one name on a 2-place ballot voids it.
#[test]
fn a_name_written_in_can_push_a_ballot_over_the_places() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    let o = decide(
        &mut rec,
        "by",
        &[
            ballot("ffa", &["刘十"]),
            ballot("ffa", &[]),
            ballot("ffa", &[]),
            ballot("ffa", &[]),
            ballot("ffa", &[]),
            ballot("afa", &["刘十"]),
        ],
    );
    let votedesk::tally::ItemTally::Vote(v) = rec.state.tally(0) else {
        panic!()
    };
    assert_eq!((v.ballots.valid, v.ballots.void), (5, 1));
    assert_eq!(v.write_ins[0].votes, 1);
    let (adopted, _, _) = adopted_tied(&o);
    assert_eq!(adopted, vec!["b", "a"]);
    both_agree(dir.path(), rec);
}

/// A tie at the last place among candidates is voted on again among the tied (再次投票);
/// with a person written in among the tied, nothing follows automatically and the sheet
/// lists the tie.
#[test]
fn a_tie_at_the_last_place_is_voted_again_among_the_tied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    // 张三, 李四, 王五 4 each, over half of six: three tied for the two places.
    let o = decide(
        &mut rec,
        "by",
        &[
            ballot("ffa", &[]),
            ballot("ffa", &[]),
            ballot("faf", &[]),
            ballot("faf", &[]),
            ballot("aff", &[]),
            ballot("aff", &[]),
        ],
    );
    let (adopted, tied, _) = adopted_tied(&o);
    assert!(adopted.is_empty(), "{adopted:?}");
    assert_eq!(tied, vec!["a", "b", "c"]);
    let ev = rec
        .record(Action::OpenFurtherRound("by".into()))
        .expect("again");
    assert!(matches!(
        ev,
        Event::RoundOpened {
            reason: RoundReason::Tie,
            places: Some(2),
            ..
        }
    ));
    // 等额, two places: 赵六, 钱七 and a person written in, 4 each: a tie with a write-in.
    let o = decide(
        &mut rec,
        "equal",
        &[
            ballot("ff", &[]),
            ballot("ff", &[]),
            ballot("fa", &["刘十"]),
            ballot("fa", &["刘十"]),
            ballot("af", &["刘十"]),
            ballot("af", &["刘十"]),
        ],
    );
    let (adopted, tied, _) = adopted_tied(&o);
    assert!(adopted.is_empty(), "{adopted:?}");
    assert_eq!(tied, vec!["d", "e", "write-in:刘十"]);
    let refused = rec.record(Action::OpenFurtherRound("equal".into()));
    assert!(
        matches!(
            refused,
            Err(votedesk::recorder::RecordError::Refused(
                Refusal::NoFurtherRoundNeeded(_)
            ))
        ),
        "{refused:?}"
    );
    assert_eq!(rec.state.left_open(1), Some(RoundReason::Tie));
    both_agree(dir.path(), rec);
}

/// 等额: two places, two candidates; one fails. A further election needs two candidates for
/// the one place and only one is left: none is proposed, and the sheet lists the vacancy.
#[test]
fn an_uncontested_election_where_a_candidate_fails_leaves_a_vacancy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    let o = decide(
        &mut rec,
        "equal",
        &[
            ballot("ff", &[]),
            ballot("ff", &[]),
            ballot("fa", &[]),
            ballot("fa", &[]),
            ballot("aa", &[]),
            ballot("aa", &[]),
        ],
    );
    let (adopted, _, unfilled) = adopted_tied(&o);
    assert_eq!((adopted, unfilled), (vec!["d".to_string()], 1));
    assert!(
        rec.record(Action::OpenFurtherRound("equal".into()))
            .is_err()
    );
    rec.record(Action::CloseSession).expect("close the session");
    drop(rec);
    let (code, out, err) = common::votedesk(
        dir.path(),
        &["report", "six.log", "--format", "md", "--output", "s.md"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let md = std::fs::read_to_string(dir.path().join("s.md")).expect("sheet");
    assert!(
        md.contains(
            "等额选举 (`equal`): 名额空缺，待另行选举 (places left for a further election)"
        ),
        "{md}"
    );
    assert!(
        md.contains("| 1 | 赵六 | 4 | 2 | 0 | 0 | 当选 (elected) |"),
        "{md}"
    );
    assert!(md.contains("未当选 (not elected)"), "{md}");
    let py = independent(&dir.path().join("six.log"));
    assert_eq!(py["equal"]["adopted"], serde_json::json!(["d"]));
}

/// Two places, one elected: the further election's list follows the order of votes.
#[test]
fn two_places_with_one_elected_propose_the_rest_in_order_of_votes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    // Five places, one elected: the further election takes 4 + 1 = 5 candidates, but only 4
    // are left, so none is proposed.
    let o = decide(
        &mut rec,
        "five",
        &[
            ballot("faaaa", &[]),
            ballot("faaaa", &[]),
            ballot("fafaa", &[]),
            ballot("faaaa", &[]),
        ],
    );
    assert_eq!(adopted_tied(&o).2, 4);
    assert!(rec.state.further_round_needed(3).is_none());
    // By-election of 2 from 3: 王五 5 elected, 李四 3 before 张三 1.
    decide(
        &mut rec,
        "by",
        &[
            ballot("aff", &[]),
            ballot("aff", &[]),
            ballot("aff", &[]),
            ballot("faf", &[]),
            ballot("aaf", &[]),
            ballot("aaa", &[]),
        ],
    );
    let (reason, cands, places) = rec
        .state
        .further_round_needed(0)
        .expect("a further election");
    let ids = rec.state.session.items[0].choice_ids();
    let names: Vec<&str> = cands.iter().map(|&c| ids[c].as_str()).collect();
    assert_eq!(
        (reason, names, places),
        (RoundReason::Unfilled, vec!["b", "a"], Some(1))
    );
    both_agree(dir.path(), rec);
}

/// What a ballot may hold: no names where the election takes none; names as the log keeps
/// them (NFC, trimmed), once each, never a candidate of the ballot.
#[test]
fn the_engine_refuses_a_name_it_would_not_count_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("by".into())).expect("open");
    let bad = |rec: &mut Recorder, m: Marks| {
        rec.record(Action::RecordBallot {
            item: "by".into(),
            seat: None,
            marks: m,
        })
        .expect_err("refused")
        .to_string()
    };
    assert!(bad(&mut rec, ballot("faa", &[" 刘十"])).contains("not as the log records names"));
    assert!(bad(&mut rec, ballot("faa", &["Rene\u{301}"])).contains("NFC"));
    assert!(bad(&mut rec, ballot("faa", &["刘十", "刘十"])).contains("twice"));
    assert!(bad(&mut rec, ballot("aaa", &["李四"])).contains("is a candidate"));
    assert!(bad(&mut rec, common::choices("faa")).contains("election ballots"));
    rec.record(Action::CloseItem("by".into())).expect("close");
    rec.record(Action::OpenItem("closed-list".into()))
        .expect("open");
    let refused = rec
        .record(Action::RecordBallot {
            item: "closed-list".into(),
            seat: None,
            marks: Marks::Election {
                choices: vec![Choice::For, Choice::Against],
                write_ins: vec!["刘十".into()],
            },
        })
        .expect_err("refused");
    assert!(refused.to_string().contains("takes no names"), "{refused}");
}

#[test]
fn an_election_is_secret_and_has_a_candidate_for_each_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = six().replace(
        "            places: 2,\n            candidates: [(id: \"d\"",
        "            places: 3,\n            secret: false,\n            candidates: [(id: \"d\"",
    );
    std::fs::write(dir.path().join("six.ron"), text).expect("write");
    let (code, _, err) = common::votedesk(dir.path(), &["check", "six.ron"]);
    assert_ne!(code, 0);
    assert!(err.contains("elections are by secret ballot"), "{err}");
    assert!(err.contains("has 2 candidate(s) for 3 place(s)"), "{err}");
}

fn press(app: &mut App, code: KeyCode) {
    match app.key(KeyEvent::new(code, KeyModifiers::NONE)) {
        Some(Effect::Record(a)) => app.perform(a),
        Some(Effect::RecordAll(a)) => app.perform_all(a),
        _ => {}
    }
}

/// A 5-candidate election ballot with one two-character name written in takes at most 10
/// keys besides the name: five marks, `w`, Enter for the name, `y` for a new person, and
/// Enter to record. A spelling with a space asks whether it is the person already written.
#[test]
fn keying_a_five_candidate_ballot_with_a_name_written_in_takes_ten_keys_at_most() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = started(dir.path());
    let mut app = App::new(rec, Lang::Zh, false);
    app.perform(Action::OpenItem("five".into()));
    app.screen = votedesk::console::app::Screen::Voting;
    app.voting.reset(&app.rec.state);
    let mut keys = 0;
    let mut key = |app: &mut App, code: KeyCode| {
        keys += 1;
        press(app, code);
    };
    for c in ['1', '1', '2', '3', '3'] {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Char('w'));
    // The name through the input method: committed characters, not counted as keys.
    for c in "刘十".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    // Never written before and not on the roster: asked once.
    key(&mut app, KeyCode::Char('y'));
    // 赞成 2 + 1 name = 3 of 5 places: recorded without a question.
    key(&mut app, KeyCode::Enter);
    assert!(keys <= 10, "{keys} keys");
    let round = &app.rec.state.items[3];
    assert_eq!(round.ballots.len(), 1);
    assert_eq!(
        round.ballots[0].marks,
        Marks::Election {
            choices: vec![
                Choice::For,
                Choice::For,
                Choice::Against,
                Choice::Abstain,
                Choice::Abstain
            ],
            write_ins: vec!["刘十".into()],
        }
    );
    // The next ballot writes "刘 十" (a space inside): asked whether it is 刘十; yes.
    for c in "11111".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Char('w'));
    for c in "刘 十".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    let asked = matches!(
        app.layers.last(),
        Some(votedesk::console::app::Layer::WriteIn { asked: Some(_), .. })
    );
    assert!(asked, "{:?}", app.layers.last());
    press(&mut app, KeyCode::Char('y'));
    // Five 赞成 and a name: six for five places. Enter asks first; `y` records it void.
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.rec.state.items[3].ballots.len(),
        1,
        "asked before recording"
    );
    press(&mut app, KeyCode::Char('y'));
    let round = &app.rec.state.items[3];
    assert_eq!(round.ballots.len(), 2);
    let Marks::Election { write_ins, .. } = &round.ballots[1].marks else {
        panic!()
    };
    assert_eq!(write_ins, &vec!["刘十".to_string()]);
    let votedesk::tally::ItemTally::Vote(v) = app.rec.state.tally(3) else {
        panic!()
    };
    assert_eq!((v.ballots.valid, v.ballots.void), (1, 1));
}

/// Double entry at counting stations: two tellers who read the same name differently
/// (刘十 / 刘千) make a difference the scrutineers decide from the paper, like a mark.
#[test]
fn a_name_written_in_read_differently_at_two_stations_is_a_difference() {
    use votedesk::recorder::StationStart;
    use votedesk::station::{self, Difference, Target};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("by".into())).expect("open");
    rec.record(Action::SealBoxes {
        item: "by".into(),
        boxes: vec!["1".into()],
        collected: 6,
    })
    .expect("seal");
    let main = dir.path().join("six.log");
    let key = |teller: &str, name: &str| {
        let out = dir.path().join(format!("box1-{teller}.log"));
        let mut st = Recorder::station(&StationStart {
            session_log: main.clone(),
            item: "by".into(),
            r#box: "1".into(),
            teller: teller.into(),
            hand_count: 2,
            order_kept: true,
            out: out.clone(),
        })
        .expect("station");
        for m in [ballot("faa", &[name]), ballot("ffa", &[])] {
            st.record(Action::RecordBallot {
                item: "by".into(),
                seat: None,
                marks: m,
            })
            .expect("station ballot");
        }
        st.record(Action::CloseItem("by".into()))
            .expect("close box");
        station::read_file(&out).expect("reads")
    };
    let logs = vec![key("甲", "刘十"), key("乙", "刘千")];
    let target = Target {
        state: &rec.state,
        identity: &rec.identity,
        opened_at: &rec.opened_at,
    };
    let plans = station::plan(&target, logs).expect("plan");
    assert!(
        matches!(
            &plans[0].differences[..],
            [Difference::Reading { ballot: 1, .. }]
        ),
        "{:?}",
        plans[0].differences
    );
    let lines = station::difference_lines(&plans[0], votedesk::lang::Lang::Zh);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("另选 刘十") && l.contains("另选 刘千")),
        "{lines:?}"
    );
}

/// The presidium may take a longer list for a further election, as the law allows (one to
/// three more candidates than places); the console offers `2` and `3` only where the ballot
/// has that many left; both verifiers accept the list recorded.
#[test]
fn a_further_election_may_take_two_or_three_more_candidates_than_places() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = started(dir.path());
    let mut app = App::new(rec, Lang::Zh, false);
    // Five places, one elected: four left, four candidates left (4 + 1 = 5 cannot be made).
    app.perform(Action::OpenItem("five".into()));
    for m in [
        ballot("faaaa", &[]),
        ballot("faaaa", &[]),
        ballot("fafaa", &[]),
        ballot("faaaa", &[]),
    ] {
        app.perform(Action::RecordBallot {
            item: "five".into(),
            seat: None,
            marks: m,
        });
    }
    app.perform(Action::CloseItem("five".into()));
    app.perform(Action::Declare("five".into()));
    assert!(app.rec.state.further_election_lists(3).is_empty());
    let mut rec = app.rec;
    // Seven-candidate election on the bundled day: two places, none elected: lists of 3, 4, 5.
    drop(rec.record(Action::CloseSession));
    let day = dir.path().join("day.log");
    let loaded = votedesk::session::load_file(&common::repo("sessions/hanggin-2024-day.ron"))
        .expect("day loads");
    let mut rec = Recorder::start(&loaded, &day, "t").expect("start");
    rec.record_batch(
        loaded
            .session
            .roster
            .iter()
            .map(|d| Action::CheckIn(d.seat))
            .collect(),
    )
    .expect("check in");
    rec.record(Action::OpenItem("city-deputies".into()))
        .expect("open");
    // Four ballots only: nobody reaches half of 170; five places unfilled.
    for _ in 0..4 {
        rec.record(Action::RecordBallot {
            item: "city-deputies".into(),
            seat: None,
            marks: ballot("fffaaaa", &[]),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("city-deputies".into()))
        .expect("close");
    rec.record(Action::Declare("city-deputies".into()))
        .expect("declare");
    let index = rec.state.item_index("city-deputies").expect("round");
    let sizes: Vec<usize> = rec
        .state
        .further_election_lists(index)
        .iter()
        .map(Vec::len)
        .collect();
    // Five left unfilled, seven candidates: 6 and 7 can be made, 8 cannot.
    assert_eq!(sizes, vec![6, 7]);
    let mut app = App::new(rec, Lang::Zh, false);
    app.screen = votedesk::console::app::Screen::Results(index);
    assert_eq!(app.ctx(), votedesk::console::app::Ctx::ResultsElectionMore);
    press(&mut app, KeyCode::Char('3'));
    assert!(app.layers.is_empty(), "eight cannot be made: nothing asked");
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('y'));
    let further = app.rec.state.items.last().expect("round 2");
    assert_eq!(further.id, "city-deputies#2");
    assert_eq!((further.choices.len(), further.places), (7, Some(5)));
    app.perform(Action::CloseSession);
    drop(app);
    let py = independent(&day);
    assert!(py["city-deputies"].is_object(), "{py}");
    let report = votedesk::verify::check_file(&day, &Default::default()).expect("verify");
    assert!(report.verified, "{}", report.verdict);
}

#[test]
fn an_election_is_not_imported_from_a_keypad_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("by".into())).expect("open");
    drop(rec);
    std::fs::write(dir.path().join("k.csv"), "a,b,c\n1,2,3\n").expect("write");
    let (code, out, err) =
        common::votedesk(dir.path(), &["import", "six.log", "--item", "by", "k.csv"]);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("is an election") || out.contains("is an election"),
        "{out}{err}"
    );
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| votedesk::console::view::draw(app, f))
        .expect("draw");
    t.backend().to_string()
}

/// The election screens, at the console's smallest and a large size, in both languages: the
/// ballot with a name written in and the live tally, the name being written in with a name
/// offered, the spelling question, and the result with a person written in.
#[test]
fn snapshots_of_the_election_screens() {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"[0-9a-f]{16,64}", "[hash]");
    settings.add_filter(r"/tmp/\.tmp\w+/", "/tmp/…/");
    settings.set_snapshot_path("snapshots/elections");
    settings.bind(|| {
        for (lang, l) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
            let dir = tempfile::tempdir().expect("tempdir");
            let rec = started(dir.path());
            let mut app = App::new(rec, lang, false);
            app.perform(Action::OpenItem("by".into()));
            app.perform(Action::RecordBallot {
                item: "by".into(),
                seat: None,
                marks: ballot("faa", &["刘十"]),
            });
            app.screen = votedesk::console::app::Screen::Voting;
            app.voting.reset(&app.rec.state);
            for c in ['1', '2'] {
                press(&mut app, KeyCode::Char(c));
            }
            press(&mut app, KeyCode::Char('w'));
            press(&mut app, KeyCode::Char('刘'));
            let mut shots = vec![("offered", render(&app, 80, 24))];
            press(&mut app, KeyCode::Char(' '));
            press(&mut app, KeyCode::Char('十'));
            press(&mut app, KeyCode::Enter);
            shots.push(("asked", render(&app, 80, 24)));
            press(&mut app, KeyCode::Char('y'));
            for (w, h) in [(80u16, 24u16), (160, 48)] {
                shots.push((
                    if w == 80 { "ballot" } else { "ballot-large" },
                    render(&app, w, h),
                ));
            }
            press(&mut app, KeyCode::Enter);
            app.perform(Action::CloseItem("by".into()));
            app.perform(Action::Declare("by".into()));
            app.screen = votedesk::console::app::Screen::Results(0);
            shots.push(("result", render(&app, 80, 24)));
            for (name, screen) in shots {
                insta::assert_snapshot!(format!("election-{name}-{l}"), screen);
            }
        }
    });
}

/// `n` to "是不是…？" writes the name as typed, another person; `n` to "a new person?" writes
/// nothing and leaves the name to be corrected; Esc closes the field with nothing written.
#[test]
fn the_clerk_answers_the_spelling_questions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = started(dir.path());
    let mut app = App::new(rec, Lang::Zh, false);
    app.perform(Action::OpenItem("by".into()));
    app.perform(Action::RecordBallot {
        item: "by".into(),
        seat: None,
        marks: ballot("aaa", &["刘十"]),
    });
    app.screen = votedesk::console::app::Screen::Voting;
    app.voting.reset(&app.rec.state);
    let written = |app: &App| match &app.voting.draft {
        Some(votedesk::console::app::Draft::Election(e)) => e.write_ins.clone(),
        _ => Vec::new(),
    };
    press(&mut app, KeyCode::Char('w'));
    for c in "刘 十".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(written(&app), vec!["刘 十".to_string()]);
    assert!(app.layers.is_empty());
    press(&mut app, KeyCode::Char('w'));
    for c in "周七".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(
        written(&app).len(),
        1,
        "nothing written on n to a new person"
    );
    assert!(!app.layers.is_empty(), "the name stays to be corrected");
    press(&mut app, KeyCode::Esc);
    assert!(app.layers.is_empty());
    assert_eq!(written(&app).len(), 1);
}

/// A rehearsal never writes in the name of a candidate on the ballot (the engine would
/// refuse it): a session whose candidates bear the rehearsal's names simulates cleanly.
#[test]
fn a_rehearsal_writes_in_no_candidate_of_the_ballot() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = six()
        .replace(
            "(id: \"a\", title: \"张三\")",
            "(id: \"a\", title: \"王建国\")",
        )
        .replace(
            "(id: \"b\", title: \"李四\")",
            "(id: \"b\", title: \"李红梅\")",
        )
        .replace(
            "(id: \"c\", title: \"王五\")",
            "(id: \"c\", title: \"赵志强\")",
        );
    for seed in 1..=12 {
        let mut rec = Recorder::start(
            &common::load(&text),
            &dir.path().join(format!("s{seed}.log")),
            "t",
        )
        .expect("start");
        rec.record_batch((1..=6).map(Action::CheckIn).collect())
            .expect("check in");
        votedesk::simulate::run(&mut rec, seed, std::time::Duration::ZERO)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

/// Where the election takes no names written in, `w` says so and opens nothing.
#[test]
fn w_opens_nothing_where_no_name_may_be_written_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = started(dir.path());
    let mut app = App::new(rec, Lang::En, false);
    app.perform(Action::OpenItem("closed-list".into()));
    app.screen = votedesk::console::app::Screen::Voting;
    app.voting.reset(&app.rec.state);
    press(&mut app, KeyCode::Char('w'));
    assert!(app.layers.is_empty());
    let said = app
        .message
        .as_ref()
        .map(|(_, m)| m.clone())
        .unwrap_or_default();
    assert!(said.contains("takes no names written in"), "{said}");
}
