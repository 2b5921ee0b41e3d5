//! Counting stations and double entry: station logs, their binding to one round of one
//! session log, the comparison of two entries, the decisions, the import as one batch per
//! box, and the audit of imported boxes against their station logs.

mod common;

use std::path::{Path, PathBuf};

use common::{SMALL, choices, load, started, votedesk};
use votedesk::engine::{Action, Event};
use votedesk::event::{BoxNote, Comparison, Decision, Marks, Reading};
use votedesk::log::{LogFile, Writer};
use votedesk::recorder::{Recorder, StationStart};
use votedesk::station::{self, Answers, Difference, StationLog, Target, TotalsBecause};
use votedesk::verify;

/// The small session with everyone in and the secret item "p" open, its boxes 1 to 9
/// sealed with every ballot issued collected.
fn open_p(dir: &Path) -> Recorder {
    let mut rec = started(dir);
    rec.record(Action::OpenItem("p".into())).expect("open p");
    seal(&mut rec, "p", 9);
    rec
}

/// Close round `item`, first deciding (as the scrutineers would) any difference between
/// its boxes and the ballots collected in the hall.
fn close(rec: &mut Recorder, item: &str) {
    if rec.state.item(item).is_some_and(|r| r.boxes_differ()) {
        rec.record(Action::ReconcileBoxes {
            item: item.into(),
            reason: "the test keys only some of the sealed boxes".into(),
        })
        .expect("reconcile");
    }
    rec.record(Action::CloseItem(item.into())).expect("close");
}

/// Seal boxes 1..=n of the open round `item`, every ballot issued collected.
fn seal(rec: &mut Recorder, item: &str, n: u32) {
    let collected = rec.state.item(item).expect("round").issued;
    rec.record(Action::SealBoxes {
        item: item.into(),
        boxes: (1..=n).map(|b| b.to_string()).collect(),
        collected,
    })
    .expect("seal boxes");
}

/// Key `marks` (per-candidate forms, e.g. "ffa") of item "p" into a new station log.
fn station(
    main: &Path,
    dir: &Path,
    label: &str,
    teller: &str,
    hand: u32,
    marks: &[&str],
    close: bool,
) -> PathBuf {
    let item = "p";
    let out = dir.join(format!("box{label}-{teller}.log"));
    let mut st = Recorder::station(&StationStart {
        session_log: main.to_path_buf(),
        item: item.into(),
        r#box: label.into(),
        teller: teller.into(),
        hand_count: hand,
        order_kept: true,
        out: out.clone(),
    })
    .expect("station starts");
    for m in marks {
        // "-N": the teller withdraws station ballot N (a correction at the station).
        if let Some(n) = m.strip_prefix('-') {
            st.record(Action::VoidBallot {
                item: item.into(),
                ballot: n.parse().expect("ballot number"),
                reason: "misread; keyed again".into(),
            })
            .expect("station voids");
            continue;
        }
        // "=N:MARKS": withdrawn station entry N keyed again, keeping its paper's number.
        if let Some((n, m)) = m.strip_prefix('=').and_then(|r| r.split_once(':')) {
            st.record(Action::RekeyBallot {
                item: item.into(),
                replaces: n.parse().expect("entry number"),
                seat: None,
                marks: choices(m),
            })
            .expect("station keys again");
            continue;
        }
        let marks = if *m == "spoiled" {
            Marks::Spoiled
        } else {
            choices(m)
        };
        st.record(Action::RecordBallot {
            item: item.into(),
            seat: None,
            marks,
        })
        .expect("station records");
    }
    if close {
        st.record(Action::CloseItem(item.into()))
            .expect("close box");
    }
    out
}

fn read(paths: &[&PathBuf]) -> Vec<StationLog> {
    paths
        .iter()
        .map(|p| station::read_file(p).expect("station log reads"))
        .collect()
}

fn plans(rec: &Recorder, logs: Vec<StationLog>) -> Result<Vec<station::BoxPlan>, String> {
    let target = Target {
        state: &rec.state,
        identity: &rec.identity,
        opened_at: &rec.opened_at,
    };
    station::plan(&target, logs).map_err(|ps| {
        ps.iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Verified but for the closing record (the session is still running).
fn verified(log: &Path) -> verify::Report {
    let report = verify::check_file(log, &verify::Options::default()).expect("read");
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    report
}

fn audit(log: &Path, logs: &[StationLog]) -> station::Audit {
    let report = verified(log);
    let scan = votedesk::log::scan_file(log).expect("scan");
    station::audit(
        &station::imported_boxes(&scan),
        logs,
        report.identity.as_deref().unwrap_or(""),
        &report.opened_at,
    )
}

/// The independent verifier's JSON on `log`, with these station logs gathered into a folder
/// of their own when any are given (`--stations`).
fn python(log: &Path, stations: &[&PathBuf]) -> serde_json::Value {
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(common::repo("tests/independent_verifier.py"))
        .arg(log);
    if !stations.is_empty() {
        let room = log.with_file_name("room");
        std::fs::create_dir_all(&room).expect("mkdir");
        for f in stations {
            std::fs::copy(f, room.join(f.file_name().expect("name"))).expect("copy");
        }
        cmd.arg("--stations").arg(&room);
    }
    let out = cmd.output().expect("python3 runs (CI installs it)");
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Answers with every station log's head read from its signed sheet (the logs' own heads).
fn read_heads(plan: &station::BoxPlan, a: Answers) -> Answers {
    Answers {
        heads: plan.heads_read("监票人"),
        ..a
    }
}

/// The scrutineers' answer for a box entered once.
fn single() -> Answers {
    Answers {
        single: Some("the second teller was not available; agreed by the chief scrutineer".into()),
        ..Answers::default()
    }
}

fn live_marks(rec: &Recorder, item: &str) -> Vec<Marks> {
    rec.state
        .item(item)
        .expect("item")
        .live_ballots()
        .map(|b| b.marks.clone())
        .collect()
}

#[test]
fn equal_entries_are_recorded_once_with_both_heads_and_verify_against_their_station_logs() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aff", "spoiled"],
        true,
    );
    let b = station(
        &main,
        dir.path(),
        "1",
        "乙",
        3,
        &["ffa", "aff", "spoiled"],
        true,
    );
    let logs = read(&[&a, &b]);
    let heads: Vec<String> = logs.iter().map(|l| l.head.clone()).collect();
    let plans = plans(&rec, logs.clone()).expect("plan");
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].comparison, Comparison::ByOrder);
    assert!(plans[0].clean());
    let actions = plans[0]
        .actions(&read_heads(&plans[0], Answers::default()))
        .expect("no decision needed");
    let Action::NoteBox(BoxNote {
        entries, ballots, ..
    }) = &actions[0]
    else {
        panic!("the batch opens with the box note");
    };
    assert_eq!(*ballots, 3);
    assert_eq!(
        entries
            .iter()
            .map(|e| e.station_head.clone())
            .collect::<Vec<_>>(),
        heads
    );
    rec.record_batch(actions).expect("recorded");
    assert_eq!(
        live_marks(&rec, "p"),
        vec![choices("ffa"), choices("aff"), Marks::Spoiled]
    );
    assert_eq!(rec.state.item("p").expect("p").boxes, vec!["1".to_string()]);
    let audit = audit(&main, &logs);
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    assert_eq!(audit.boxes_checked, 1);
}

#[test]
fn a_difference_is_listed_and_nothing_counts_until_it_is_decided_with_a_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aff", "fff"],
        true,
    );
    let b = station(
        &main,
        dir.path(),
        "1",
        "乙",
        3,
        &["ffa", "afa", "fff"],
        true,
    );
    let logs = read(&[&a, &b]);
    let plans = plans(&rec, logs.clone()).expect("plan");
    let plan = &plans[0];
    assert_eq!(
        plan.differences,
        vec![Difference::Reading {
            ballot: 2,
            first: Reading {
                seat: None,
                marks: choices("aff")
            },
            second: Reading {
                seat: None,
                marks: choices("afa")
            },
        }]
    );
    let lines = station::difference_lines(plan, votedesk::lang::Lang::En);
    assert!(
        lines[0].contains("box 1 ballot 2") && lines[0].contains("甲") && lines[0].contains("乙"),
        "{lines:?}"
    );
    let err = plan
        .actions(&read_heads(plan, Answers::default()))
        .expect_err("undecided");
    assert!(err.contains("ballot 2"), "{err}");
    // A decision without a reason is no decision.
    let mut answers = Answers::default();
    answers.readings.insert(
        2,
        (
            Reading {
                seat: None,
                marks: choices("afa"),
            },
            " ".into(),
        ),
    );
    assert!(plan.actions(&read_heads(plan, answers.clone())).is_err());
    answers.readings.insert(
        2,
        (
            Reading {
                seat: None,
                marks: choices("afa"),
            },
            "paper shows 反对 on 项目丙".into(),
        ),
    );
    let records_before = rec.state.records;
    rec.record_batch(
        plan.actions(&read_heads(plan, answers.clone()))
            .expect("decided"),
    )
    .expect("recorded");
    assert_eq!(rec.state.records, records_before + 5);
    assert_eq!(
        live_marks(&rec, "p"),
        vec![choices("ffa"), choices("afa"), choices("fff")]
    );
    // The decision is in the log with its reason and both readings.
    let scan = votedesk::log::scan_file(&main).expect("scan");
    let boxes = station::imported_boxes(&scan);
    assert!(matches!(
        &boxes[0].note.decisions[..],
        [Decision::Reading { ballot: 2, reason, .. }] if reason.contains("反对")
    ));
    let audit = audit(&main, &logs);
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
}

#[test]
fn a_keyed_count_that_differs_from_the_hand_count_needs_a_recorded_decision() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "2", "甲", 3, &["ffa", "aff"], true);
    let plans = plans(&rec, read(&[&a])).expect("plan");
    assert_eq!(plans[0].comparison, Comparison::Single);
    assert_eq!(plans[0].hand_count, vec![("甲".to_string(), 2, 3)]);
    let err = plans[0]
        .actions(&read_heads(&plans[0], single()))
        .expect_err("flagged");
    assert!(err.contains("counted by hand"), "{err}");
    // The engine refuses the note itself when it carries no such decision.
    let mut forged = plans[0]
        .actions(&read_heads(
            &plans[0],
            Answers {
                hand_count: Some("recounted: 2".into()),
                ..single()
            },
        ))
        .expect("decided");
    if let Action::NoteBox(BoxNote { decisions, .. }) = &mut forged[0] {
        decisions.retain(|d| !matches!(d, Decision::HandCount { .. }));
    }
    let refused = rec.record_batch(forged).expect_err("engine refuses");
    assert!(refused.to_string().contains("hand"), "{refused}");
    let answers = Answers {
        hand_count: Some("recounted: the box held 2; the hand count was wrong".into()),
        ..single()
    };
    rec.record_batch(
        plans[0]
            .actions(&read_heads(&plans[0], answers.clone()))
            .expect("decided"),
    )
    .expect("recorded");
    assert_eq!(live_marks(&rec, "p").len(), 2);
}

#[test]
fn entries_of_different_length_are_compared_as_totals_and_need_a_choice_of_entry() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aff", "fff"],
        true,
    );
    let b = station(&main, dir.path(), "1", "乙", 3, &["fff", "ffa"], true);
    let plans = plans(&rec, read(&[&a, &b])).expect("plan");
    let plan = &plans[0];
    assert_eq!(plan.comparison, Comparison::Multiset);
    assert_eq!(plan.multiset_because, Some(TotalsBecause::Counts(3, 2)));
    assert_eq!(
        plan.differences,
        vec![Difference::Count {
            reading: Reading {
                seat: None,
                marks: choices("aff")
            },
            first: 1,
            second: 0
        }]
    );
    assert!(plan.actions(&read_heads(plan, Answers::default())).is_err());
    let answers = Answers {
        entry: Some((1, "recount: 3 ballots, one 反对 on 项目甲".into())),
        hand_count: Some("乙 skipped a ballot".into()),
        ..Answers::default()
    };
    let actions = plan
        .actions(&read_heads(plan, answers.clone()))
        .expect("decided");
    // Entry 1 holds the 3 the box was counted at: the rejected entry's count asks nothing,
    // and an answer nobody asked for is not recorded.
    let Action::NoteBox(BoxNote { decisions, .. }) = &actions[0] else {
        panic!("a box note first")
    };
    assert!(
        matches!(&decisions[..], [Decision::Entry { chosen: 1, .. }]),
        "{decisions:?}"
    );
    rec.record_batch(actions).expect("recorded");
    assert_eq!(live_marks(&rec, "p").len(), 3);
}

/// Rewrite a station log with its binding changed (re-hashed, so only the binding check can
/// tell): what a station made for another round or session looks like.
fn rebind(src: &Path, out: &Path, change: impl Fn(&mut votedesk::event::StationBinding)) {
    let bytes = std::fs::read(src).expect("read");
    let scan = votedesk::log::scan(&bytes);
    let mut events: Vec<Event> = scan
        .lines
        .iter()
        .map(|l| l.record.as_ref().expect("record").body.event.clone())
        .collect();
    let Event::StationBound(b) = &mut events[0] else {
        panic!("station binding first");
    };
    change(b);
    let teller = b.teller.clone();
    let genesis = votedesk::log::genesis_prev(&b.session_log);
    let file = LogFile::create_temp(out).expect("create");
    let mut w = Writer::new(Box::new(file), "small", &teller, 0, genesis, 0);
    w.append(&events).expect("write");
    w.publish(out).expect("publish");
}

#[test]
fn binding_is_refused_for_another_session_item_or_round_and_for_tampered_or_unclosed_logs() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let good = station(&main, dir.path(), "1", "甲", 1, &["ffa"], true);

    // Another session log (same session file, another log).
    let other_dir = tempfile::tempdir().expect("tmp");
    let _other = open_p(other_dir.path());
    let foreign = station(
        &other_dir.path().join("small.log"),
        dir.path(),
        "9",
        "丙",
        1,
        &["ffa"],
        true,
    );
    let err = plans(&rec, read(&[&foreign])).expect_err("another session log");
    assert!(err.contains("another session log"), "{err}");

    // Another round: the binding names a record that is not this round's opening.
    let moved = dir.path().join("moved.log");
    rebind(&good, &moved, |b| b.round_record += 1);
    let err = plans(&rec, read(&[&moved])).expect_err("another round");
    assert!(err.contains("does not hold"), "{err}");

    // Tampered: one byte of a ballot changed.
    let tampered = dir.path().join("tampered.log");
    let text = std::fs::read_to_string(&good).expect("read");
    std::fs::write(&tampered, text.replacen("\"for\"", "\"abstain\"", 1)).expect("write");
    let err = station::read_file(&tampered).expect_err("tampered");
    assert!(
        err.message.contains("changed after it was written"),
        "{err}"
    );

    // Unclosed: the teller has not finished the box.
    let unclosed = station(&main, dir.path(), "3", "丁", 1, &["ffa"], false);
    let err = plans(&rec, read(&[&unclosed])).expect_err("unclosed");
    assert!(err.contains("not closed"), "{err}");

    // The same teller twice on one box.
    let again = dir.path().join("again");
    std::fs::create_dir(&again).expect("mkdir");
    let twice = station(&main, &again, "1", "甲", 1, &["ffa"], true);
    let copy = dir.path().join("box1-甲-copy.log");
    std::fs::copy(&twice, &copy).expect("copy");
    let err = plans(&rec, read(&[&twice, &copy])).expect_err("same teller");
    assert!(err.contains("same teller"), "{err}");

    // Another item: box of "p" once "p" is closed and "named" is open.
    close(&mut rec, "p");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::OpenItem("named".into()))
        .expect("open named");
    let err = plans(&rec, read(&[&good])).expect_err("another item");
    assert!(err.contains("\"named\" is open"), "{err}");
}

#[test]
fn a_box_counts_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "1", "甲", 1, &["ffa"], true);
    let plan = plans(&rec, read(&[&a])).expect("plan");
    // Entered once: asks first.
    assert!(
        plan[0]
            .actions(&read_heads(&plan[0], Answers::default()))
            .is_err()
    );
    rec.record_batch(
        plan[0]
            .actions(&read_heads(&plan[0], single()))
            .expect("decided"),
    )
    .expect("recorded");
    let b = station(&main, dir.path(), "1", "乙", 1, &["ffa"], true);
    let err = plans(&rec, read(&[&b])).expect_err("imported twice");
    assert!(err.contains("already imported"), "{err}");
    // The same box relabelled: "01", full-width "１".
    for label in ["01", "１", " 1"] {
        let c = station(&main, dir.path(), label, "丙", 1, &["ffa"], true);
        let err = plans(&rec, read(&[&c])).expect_err("the same box");
        assert!(err.contains("already imported"), "{label}: {err}");
    }
    // Forged past the plan, the engine refuses the second note too.
    let forged = station::BoxPlan {
        item: "p".into(),
        r#box: "1".into(),
        entries: read(&[&b]),
        comparison: Comparison::Single,
        multiset_because: None,
        differences: Vec::new(),
        hand_count: Vec::new(),
    };
    let refused = rec
        .record_batch(
            forged
                .actions(&read_heads(&forged, single()))
                .expect("actions"),
        )
        .expect_err("engine refuses");
    assert!(refused.to_string().contains("counts once"), "{refused}");
}

#[test]
fn a_secret_items_station_log_names_no_deputy_and_no_seat() {
    let dir = tempfile::tempdir().expect("tmp");
    let _rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "1", "甲", 2, &["ffa", "aff"], true);
    let text = std::fs::read_to_string(&a).expect("read");
    assert!(text.contains("\"secret\":true"));
    for line in text.lines().filter(|l| l.contains("ballot_recorded")) {
        assert!(line.contains("\"seat\":null"), "{line}");
    }
    // No deputy's name (甲 is the teller here; 乙 and 丙 are also in candidate titles).
    for name in ["丁", "戊", "己"] {
        assert!(!text.contains(name), "{name} in a secret station log");
    }
    // A station records nothing but its box: no attendance, no other item, no close of the vote.
    let mut st = Recorder::station(&StationStart {
        session_log: main.clone(),
        item: "p".into(),
        r#box: "2".into(),
        teller: "乙".into(),
        hand_count: 0,
        order_kept: true,
        out: dir.path().join("b2.log"),
    })
    .expect("station");
    assert!(st.record(Action::MarkAbsent(1)).is_err());
    assert!(st.record(Action::Declare("p".into())).is_err());
    assert!(
        st.record_batch(vec![Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: choices("fff")
        }])
        .is_err()
    );
}

#[test]
fn a_station_resumes_after_a_stop_and_a_torn_line_is_set_aside() {
    let dir = tempfile::tempdir().expect("tmp");
    let _rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "1", "甲", 3, &["ffa", "aff"], false);
    // A crash in the middle of the next write.
    let mut bytes = std::fs::read(&a).expect("read");
    bytes.extend_from_slice(b"0123456789abcdef {\"v\":1,");
    std::fs::write(&a, &bytes).expect("write");
    let start = StationStart {
        session_log: main.clone(),
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 3,
        order_kept: true,
        out: a.clone(),
    };
    let mut st = Recorder::station(&start).expect("resumes");
    assert_eq!(st.state.item("p").expect("p").ballots.len(), 2);
    st.record(Action::RecordBallot {
        item: "p".into(),
        seat: None,
        marks: choices("aaa"),
    })
    .expect("third ballot");
    st.record(Action::CloseItem("p".into())).expect("close");
    let log = station::read_file(&a).expect("reads");
    assert!(log.closed);
    assert_eq!(
        log.ballots.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    // Another box or teller cannot continue it.
    let err = Recorder::station(&StartOther::teller(&start, "乙"))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("cannot be continued"), "{err}");
    // A closed station opens read-only.
    let st = Recorder::station(&start).expect("reopens");
    assert!(st.read_only());
}

struct StartOther;
impl StartOther {
    fn teller(s: &StationStart, teller: &str) -> StationStart {
        StationStart {
            teller: teller.into(),
            ..s.clone()
        }
    }
}

#[test]
fn a_session_log_refuses_station_records() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let closed = Event::StationClosed {
        ballots: 0,
        records: 1,
    };
    assert!(rec.state.validate(&closed).is_err());
}

#[test]
fn the_audit_finds_a_batch_that_differs_from_its_station_logs_or_a_missing_station_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "1", "甲", 2, &["ffa", "aff"], true);
    let b = station(&main, dir.path(), "1", "乙", 2, &["ffa", "afa"], true);
    let logs = read(&[&a, &b]);
    let plan = plans(&rec, logs.clone()).expect("plan");
    let mut answers = Answers::default();
    answers.readings.insert(
        2,
        (
            Reading {
                seat: None,
                marks: choices("aff"),
            },
            "paper".into(),
        ),
    );
    rec.record_batch(
        plan[0]
            .actions(&read_heads(&plan[0], answers.clone()))
            .expect("decided"),
    )
    .expect("recorded");
    let report = verified(&main);
    let scan = votedesk::log::scan_file(&main).expect("scan");
    let boxes = station::imported_boxes(&scan);
    let identity = report.identity.clone().unwrap_or_default();
    let check = |boxes: &[station::ImportedBox], logs: &[StationLog]| {
        station::audit(boxes, logs, &identity, &report.opened_at).problems
    };
    assert!(check(&boxes, &logs).is_empty());
    // A recorded ballot that neither the stations nor the decision give.
    let mut altered = boxes.clone();
    altered[0].recorded[0].marks = choices("aaa");
    let problems = check(&altered, &logs);
    assert!(
        problems[0].contains("first difference at the box's ballot 1"),
        "{problems:?}"
    );
    // A decision on a ballot the stations read alike.
    let mut altered = boxes.clone();
    if let Decision::Reading { ballot, .. } = &mut altered[0].note.decisions[0] {
        *ballot = 1;
    }
    let problems = check(&altered, &logs);
    assert!(
        problems.iter().any(|p| p.contains("answers no difference")),
        "{problems:?}"
    );
    // A missing station log.
    let problems = check(&boxes, &logs[..1]);
    assert!(
        problems[0].contains("not among the station logs"),
        "{problems:?}"
    );
}

#[test]
fn import_from_the_command_line_lists_differences_records_nothing_then_records_the_decision() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    drop(rec);
    let main = dir.path().join("small.log");
    let boxes = dir.path().join("boxes");
    std::fs::create_dir(&boxes).expect("mkdir");
    let signed: Vec<(String, String, String)> = [
        station(&main, &boxes, "1", "甲", 2, &["ffa", "aff"], true),
        station(&main, &boxes, "1", "乙", 2, &["ffa", "afa"], true),
        station(&main, &boxes, "2", "丙", 1, &["fff"], true),
    ]
    .iter()
    .map(|f| {
        let l = station::read_file(f).expect("reads");
        // What each table's signed count sheet shows: the head's first 12 digits.
        (l.binding.r#box, l.binding.teller, l.head[..12].to_string())
    })
    .collect();
    let confirm: Vec<String> = signed
        .iter()
        .map(|(b, t, h)| format!("{b},{t},{h},王监票"))
        .collect();
    let before = std::fs::read(&main).expect("read");
    let (code, _, err) = votedesk(dir.path(), &["import", "small.log", "--station", "boxes"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nothing was recorded"), "{err}");
    // Files are taken in name order: 乙's entry is the first.
    assert!(
        err.contains("box 1 ballot 2: 项目丙: 乙 against ≠ 甲 for"),
        "{err}"
    );
    assert!(
        std::fs::read(&main).expect("read") == before,
        "the log changed"
    );
    let (code, out, err) = votedesk(
        dir.path(),
        &[
            "import",
            "small.log",
            "--station",
            "boxes",
            "--decide",
            "1,2,1,paper ballot shows 反对 on 项目丙",
            "--single",
            "2,one teller at this table; agreed by the chief scrutineer",
            "--confirm-head",
            &confirm[0],
            "--confirm-head",
            &confirm[1],
            "--confirm-head",
            &confirm[2],
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "box 1 of \"p\": 2 ballot(s) recorded (double entry, 1 difference(s) decided)"
        ),
        "{out}"
    );
    assert!(
        out.contains("box 2 of \"p\": 1 ballot(s) recorded (single entry)"),
        "{out}"
    );
    // Count, declare and close, so the session log verifies whole.
    let mut rec = Recorder::resume(None, &main, "tester").expect("resume");
    close(&mut rec, "p");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    drop(rec);
    // The result sheet names each box, its entries and every decision with its reason.
    let (code, sheet, err) = votedesk(dir.path(), &["report", "small.log", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        sheet.contains("- 票箱 1 (Box): 2 张，双录逐张比对")
            && sheet.contains("第 2 张 (ballot 2) 记为 (recorded) 按乙的读数：项目甲 反对 · 项目乙 赞成 · 项目丙 反对；理由 (reason): paper ballot shows 反对 on 项目丙")
            && sheet.contains("- 票箱 2 (Box): 1 张，单录"),
        "{sheet}"
    );
    // The CSV sheet carries the boxes and the decisions too.
    let (code, csv, err) = votedesk(dir.path(), &["report", "small.log", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        csv.contains("box:1:decision") && csv.contains("paper ballot shows 反对 on 项目丙"),
        "{csv}"
    );
    let (code, out, err) = votedesk(dir.path(), &["verify", "small.log", "--stations", "boxes"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("3 read; 2 imported box(es) equal"), "{out}");
    // Without one station log the audit fails; the session log alone still verifies.
    let gone = boxes.join("box2-丙.log");
    std::fs::remove_file(&gone).expect("rm");
    let (code, out, _) = votedesk(dir.path(), &["verify", "small.log", "--stations", "boxes"]);
    assert_eq!(code, 1, "{out}");
    // One verdict, first, covering the station logs too.
    assert!(
        out.starts_with("result:  not verified: 1 problem(s) with the station logs"),
        "{out}"
    );
    assert!(!out.contains("result:  verified"), "{out}");
    assert!(out.contains("station logs: 1 problem(s)"), "{out}");
    let (code, _, _) = votedesk(dir.path(), &["verify", "small.log"]);
    assert_eq!(code, 0);
}

#[test]
fn a_counting_room_rehearsal_with_double_entry_catches_every_slip() {
    let dir = tempfile::tempdir().expect("tmp");
    let loaded = load(SMALL);
    let log = dir.path().join("room.log");
    let mut rec = Recorder::start(&loaded, &log, "sim").expect("start");
    let room = votedesk::simulate::Room {
        boxes: 2,
        double: true,
        slip_per_mille: 100,
    };
    let s = votedesk::simulate::run_room(&mut rec, 11, std::time::Duration::ZERO, Some(room))
        .expect("rehearsal");
    assert!(s.slips > 0, "{s:?}");
    // Double entry misses only a slip both tellers made alike on the same ballot.
    assert_eq!(s.slips_caught + s.slips_coincident, s.slips, "{s:?}");
    assert!(s.slips_caught > 0, "{s:?}");
    if s.slips_coincident == 0 {
        assert_eq!(s.boxes_exact, s.boxes, "{s:?}");
    }
    // Skipped and doubled ballots and wrong hand counts are injected too, and every one is
    // kept out of the count (a box neither entry of which is the paper is keyed again).
    let mut kinds = (0, 0, 0, 0);
    for seed in 1..=12 {
        let dir = tempfile::tempdir().expect("tmp");
        let log = dir.path().join("room.log");
        let mut rec = Recorder::start(&loaded, &log, "sim").expect("start");
        let s = votedesk::simulate::run_room(&mut rec, seed, std::time::Duration::ZERO, Some(room))
            .expect("rehearsal");
        assert_eq!(s.missed_caught, s.missed, "seed {seed}: {s:?}");
        assert_eq!(s.extra_caught, s.extra, "seed {seed}: {s:?}");
        assert_eq!(
            s.hand_count_caught, s.hand_count_errors,
            "seed {seed}: {s:?}"
        );
        if s.slips_coincident == 0 {
            assert_eq!(s.boxes_exact, s.boxes, "seed {seed}: {s:?}");
        }
        assert_eq!(
            s.hall_count_caught, s.hall_count_errors,
            "seed {seed}: {s:?}"
        );
        kinds.0 += s.missed;
        kinds.1 += s.extra;
        kinds.2 += s.hand_count_errors;
        kinds.3 += s.hall_count_errors;
    }
    assert!(
        kinds.0 > 0 && kinds.1 > 0 && kinds.2 > 0 && kinds.3 > 0,
        "{kinds:?}"
    );
    let stations = {
        let mut d = log.as_os_str().to_owned();
        d.push(".stations");
        PathBuf::from(d)
    };
    let (code, out, err) = votedesk(
        dir.path(),
        &[
            "verify",
            log.to_str().expect("utf8"),
            "--stations",
            stations.to_str().expect("utf8"),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn a_named_items_station_keys_seats_and_the_import_still_refuses_a_second_vote() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("named".into()))
        .expect("open named");
    seal(&mut rec, "named", 2);
    let main = dir.path().join("small.log");
    let start = |teller: &str, out: &str| StationStart {
        session_log: main.clone(),
        item: "named".into(),
        r#box: "1".into(),
        teller: teller.into(),
        hand_count: 2,
        order_kept: true,
        out: dir.path().join(out),
    };
    let mut st = Recorder::station(&start("甲", "a.log")).expect("station");
    for seat in [3, 4] {
        st.record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(seat),
            marks: choices("f"),
        })
        .expect("named ballot");
    }
    // The engine's own rule holds at the station: one live ballot per deputy.
    assert!(
        st.record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(3),
            marks: choices("a"),
        })
        .is_err()
    );
    st.record(Action::CloseItem("named".into()))
        .expect("close box");
    let log = station::read_file(&dir.path().join("a.log")).expect("reads");
    assert_eq!(
        log.ballots.iter().map(|(_, r)| r.seat).collect::<Vec<_>>(),
        vec![Some(3), Some(4)]
    );
    // A round counted in boxes takes no ballot keyed at the console.
    let refused = rec
        .record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(3),
            marks: choices("a"),
        })
        .expect_err("a sealed round takes ballots only from its boxes");
    assert!(refused.to_string().contains("sealed boxes"), "{refused}");
    // Seat 3's ballot is in box 2 as well: the second box cannot count them twice.
    let mut st2 = Recorder::station(&StationStart {
        r#box: "2".into(),
        hand_count: 1,
        ..start("乙", "b.log")
    })
    .expect("station 2");
    st2.record(Action::RecordBallot {
        item: "named".into(),
        seat: Some(3),
        marks: choices("a"),
    })
    .expect("named ballot");
    st2.record(Action::CloseItem("named".into()))
        .expect("close box 2");
    let log2 = station::read_file(&dir.path().join("b.log")).expect("reads");
    let first = plans(&rec, vec![log]).expect("plan");
    rec.record_batch(
        first[0]
            .actions(&read_heads(&first[0], single()))
            .expect("decided"),
    )
    .expect("box 1");
    let second = plans(&rec, vec![log2]).expect("plan");
    let refused = rec
        .record_batch(
            second[0]
                .actions(&read_heads(&second[0], single()))
                .expect("decided"),
        )
        .expect_err("a second vote");
    assert!(refused.to_string().contains('3'), "{refused}");
    assert_eq!(rec.state.item("named").expect("named").ballots.len(), 2);
}

#[test]
fn a_copy_taken_in_the_middle_of_a_batch_is_refused_with_copy_again() {
    let dir = tempfile::tempdir().expect("tmp");
    let _rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    // The copy ends after a batch header whose records never came.
    let text = std::fs::read_to_string(&main).expect("read");
    let last = text.lines().last().expect("a record");
    let mut body: serde_json::Value = serde_json::from_str(&last[65..]).expect("body");
    body["seq"] = serde_json::json!(body["seq"].as_u64().unwrap_or(0) + 1);
    body["prev"] = serde_json::json!(&last[..64]);
    body["event"] = serde_json::json!({"type": "batch", "records": 2});
    let bytes = serde_json::to_vec(&body).expect("json");
    let line = format!(
        "{} {}\n",
        votedesk::log::entry_hash(&bytes),
        String::from_utf8(bytes).expect("utf8")
    );
    let copy = dir.path().join("copy.log");
    std::fs::write(&copy, format!("{text}{line}")).expect("write");
    let err = Recorder::station(&StationStart {
        session_log: copy,
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 1,
        order_kept: true,
        out: dir.path().join("b.log"),
    })
    .err()
    .expect("refused");
    assert!(
        err.to_string().contains("copy the session log again"),
        "{err}"
    );
}

#[test]
fn differences_are_named_by_the_stations_numbers_and_a_correction_shifts_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    // Both tellers withdrew ballot 2 and keyed it again (as 4): station numbers 1, 3, 4.
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aaa", "fff", "-2", "aff"],
        true,
    );
    let b = station(
        &main,
        dir.path(),
        "1",
        "乙",
        3,
        &["ffa", "fff", "fff", "-2", "afa"],
        true,
    );
    let plan = &plans(&rec, read(&[&a, &b])).expect("plan")[0];
    assert_eq!(plan.comparison, Comparison::ByOrder);
    // The fourth ballot keyed, the third live: named 4 as the stations showed it.
    assert!(
        matches!(
            &plan.differences[..],
            [Difference::Reading { ballot: 4, .. }]
        ),
        "{:?}",
        plan.differences
    );
    let lines = station::difference_lines(plan, votedesk::lang::Lang::Zh);
    assert!(lines[0].starts_with("票箱 1 第 4 张"), "{lines:?}");

    // Only one teller withdrew a ballot: the numbers no longer pair up, so the entries are
    // compared as totals, and the corrected entry agrees with the other: nothing to decide.
    let c = station(
        &main,
        dir.path(),
        "2",
        "丙",
        3,
        &["ffa", "aaa", "fff", "-2", "aff"],
        true,
    );
    let d = station(
        &main,
        dir.path(),
        "2",
        "丁",
        3,
        &["ffa", "aff", "fff"],
        true,
    );
    let plan = &plans(&rec, read(&[&c, &d])).expect("plan")[0];
    assert_eq!(plan.comparison, Comparison::Multiset);
    assert_eq!(
        plan.multiset_because,
        Some(TotalsBecause::Numbers(vec![4], vec![2]))
    );
    assert!(plan.differences.is_empty(), "{:?}", plan.differences);
    assert!(plan.clean());
}

#[test]
fn a_decision_that_answers_no_difference_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    // Compared as totals (a paper withdrawn mid-stack and keyed anew at the end takes a
    // new number), the entries agree.
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aaa", "aff", "-2", "aaa"],
        true,
    );
    let b = station(
        &main,
        dir.path(),
        "1",
        "乙",
        3,
        &["ffa", "aaa", "aff"],
        true,
    );
    let logs = read(&[&a, &b]);
    let plan = &plans(&rec, logs.clone()).expect("plan")[0];
    assert!(plan.clean());
    // An entry chosen where nothing differs: the engine cannot tell without the station
    // logs (they were compared as totals), the audit can.
    let mut actions = plan
        .actions(&read_heads(
            plan,
            Answers {
                entry: Some((2, "chosen anyway".into())),
                ..Answers::default()
            },
        ))
        .expect("actions");
    let Action::NoteBox(BoxNote { decisions, .. }) = &mut actions[0] else {
        panic!("a box note first")
    };
    assert!(decisions.is_empty(), "an unasked answer is not recorded");
    decisions.push(Decision::Entry {
        chosen: 2,
        reason: "chosen anyway".into(),
    });
    rec.record_batch(actions)
        .expect("the engine accepts an entry on totals");
    let audit = audit(&main, &logs);
    assert!(
        audit
            .problems
            .iter()
            .any(|p| p.contains("answers no difference")),
        "{:?}",
        audit.problems
    );
    // The outside recount refuses it too, at the same record.
    let py = python(&main, &[&a, &b]);
    let problems = py["stations"]["problems"].as_array().expect("problems");
    assert!(
        problems.len() == 1
            && problems[0].as_str().unwrap_or("").contains("record 11")
            && audit.problems[0].contains("record 11"),
        "{py} {:?}",
        audit.problems
    );
}

#[test]
fn the_engine_refuses_decisions_that_answer_nothing_the_comparison_left_open() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "1", "甲", 2, &["ffa", "aff"], true);
    let b = station(&main, dir.path(), "1", "乙", 2, &["ffa", "aff"], true);
    let plan = &plans(&rec, read(&[&a, &b])).expect("plan")[0];
    assert_eq!(plan.comparison, Comparison::ByOrder);
    let extra = [
        Decision::Entry {
            chosen: 2,
            reason: "x".into(),
        },
        Decision::HandCount {
            teller: "甲".into(),
            keyed: 2,
            hand_count: 2,
            reason: "x".into(),
        },
        Decision::Reading {
            ballot: 1,
            first: Reading {
                seat: None,
                marks: choices("ffa"),
            },
            second: Reading {
                seat: None,
                marks: choices("ffa"),
            },
            decided: Reading {
                seat: None,
                marks: choices("ffa"),
            },
            reason: "x".into(),
        },
    ];
    for d in extra {
        let mut actions = plan
            .actions(&read_heads(plan, Answers::default()))
            .expect("clean");
        if let Action::NoteBox(BoxNote { decisions, .. }) = &mut actions[0] {
            decisions.push(d.clone());
        }
        let refused = rec.record_batch(actions).expect_err("refused");
        assert!(refused.to_string().contains("box"), "{d:?}: {refused}");
    }
    assert!(live_marks(&rec, "p").is_empty());
}

#[test]
fn only_the_recorded_entrys_count_is_weighed_against_the_hand_count() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    // Hand count 3: the first teller keyed 3, the second skipped one.
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aff", "fff"],
        true,
    );
    let b = station(&main, dir.path(), "1", "乙", 3, &["ffa", "fff"], true);
    let plan = &plans(&rec, read(&[&a, &b])).expect("plan")[0];
    assert_eq!(plan.hand_count_due(1), None);
    assert_eq!(plan.hand_count_due(2), Some(("乙".to_string(), 2, 3)));
    // Choosing the right entry asks nothing more.
    plan.actions(&read_heads(
        plan,
        Answers {
            entry: Some((1, "recount: 3".into())),
            ..Answers::default()
        },
    ))
    .expect("decided");
    // Choosing the short one asks why its count stands.
    let err = plan
        .actions(&read_heads(
            plan,
            Answers {
                entry: Some((2, "x".into())),
                ..Answers::default()
            },
        ))
        .expect_err("asks");
    assert!(err.contains("乙 keyed 2"), "{err}");
}

#[test]
fn verify_with_stations_gives_one_verdict_first_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let (code, _, err) = votedesk(
        dir.path(),
        &[
            "simulate",
            &common::repo("sessions/hanggin-2024.ron")
                .display()
                .to_string(),
            "--log",
            "r.log",
            "--seed",
            "11",
            "--stations",
            "2",
            "--double",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "r.log", "--stations", "r.log.stations"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("result:  verified\n"), "{out}");
    assert_eq!(out.matches("result:").count(), 1, "{out}");
    let gone = dir
        .path()
        .join("r.log.stations/projects-2024-box1-teller-1B.log");
    std::fs::remove_file(gone).expect("rm");
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "r.log", "--stations", "r.log.stations"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("result:  not verified"), "{out}");
    assert!(
        !out.contains("verified\n") || !out.contains("result:  verified"),
        "{out}"
    );
    let (code, json, _) = votedesk(
        dir.path(),
        &["verify", "r.log", "--stations", "r.log.stations", "--json"],
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["verified"], false, "{v}");
    assert!(
        v["verdict"]
            .as_str()
            .unwrap_or("")
            .starts_with("not verified"),
        "{v}"
    );
    // An empty folder: the imported boxes have no station logs to check against.
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let (code, out, _) = votedesk(dir.path(), &["verify", "r.log", "--stations", "empty"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("result:  not verified"), "{out}");
}

#[test]
fn an_unclosed_station_log_in_the_folder_fails_the_audit() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let a = station(&main, dir.path(), "9", "甲", 2, &["ffa"], false);
    drop(rec);
    let logs = read(&[&a]);
    let audit = audit(&main, &logs);
    assert!(
        audit.problems.iter().any(|p| p.contains("is not closed")),
        "{:?}",
        audit.problems
    );
}

#[test]
fn plain_verify_of_a_station_log_verifies_it_as_a_station_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let closed = station(&main, dir.path(), "1", "甲", 2, &["ffa", "aff"], true);
    let open = station(&main, dir.path(), "2", "乙", 2, &["ffa"], false);
    drop(rec);
    let (code, out, _) = votedesk(dir.path(), &["verify", &closed.display().to_string()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("result:  verified"), "{out}");
    assert!(!out.contains("altered"), "{out}");
    assert!(out.contains("box \"1\", teller 甲"), "{out}");
    let (code, out, _) = votedesk(dir.path(), &["verify", &open.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("result:  not verified: the station log is not closed"),
        "{out}"
    );
    // A changed byte is named as a station log's damage, with its line.
    let mut bytes = std::fs::read(&closed).expect("read");
    let at = bytes.len() - 20;
    bytes[at] ^= 1;
    std::fs::write(&closed, &bytes).expect("write");
    let (code, out, _) = votedesk(dir.path(), &["verify", &closed.display().to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("result:  not verified"), "{out}");
}

#[test]
fn a_station_binds_only_the_open_round() {
    let dir = tempfile::tempdir().expect("tmp");
    // Round 1 is counted at the console; round 2 in boxes.
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open p");
    let main = dir.path().join("small.log");
    // Only 项目甲 passes: one place is left for a further round.
    for _ in 0..6 {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: choices("faa"),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    let start = |item: &str, out: &str| StationStart {
        session_log: main.clone(),
        item: item.into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 1,
        order_kept: true,
        out: dir.path().join(out),
    };
    // Round 1 is closed and nothing is open: refused, nothing written.
    let err = Recorder::station(&start("p", "a.log"))
        .err()
        .expect("a closed round is refused");
    assert!(err.to_string().contains("no round is open"), "{err}");
    assert!(!dir.path().join("a.log").exists());
    rec.record(Action::OpenFurtherRound("p".into()))
        .expect("round 2");
    rec.record(Action::OpenItem("p#2".into())).expect("open 2");
    seal(&mut rec, "p#2", 1);
    // The item's id binds its open round, round 2; round 1 by its own id is refused.
    let st = Recorder::station(&start("p", "b.log")).expect("binds round 2");
    assert_eq!(st.station.as_ref().map(|b| b.item.as_str()), Some("p#2"));
    drop(st);
    let log = station::read_file(&dir.path().join("b.log")).expect("reads");
    assert_eq!(log.binding.item, "p#2");
    let err = Recorder::station(&start("p#1", "c.log")).err();
    assert!(err.is_some());
    drop(rec);
}

#[test]
fn a_counting_room_rehearsal_killed_anywhere_resumes_and_verifies_with_its_stations() {
    let session = common::repo("sessions/hanggin-2024.ron")
        .display()
        .to_string();
    let args = |log: &str| {
        vec![
            "simulate".to_string(),
            session.clone(),
            "--log".into(),
            log.into(),
            "--seed".into(),
            "5".into(),
            "--stations".into(),
            "4".into(),
            "--double".into(),
        ]
    };
    // Kill points spread over the stations' keying (the paced run takes about 0.8 s).
    for (k, ms) in [60u64, 150, 240, 330, 420, 510, 600, 700]
        .into_iter()
        .enumerate()
    {
        let dir = tempfile::tempdir().expect("tmp");
        let log = format!("k{k}.log");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
            .args(args(&log))
            .args(["--pace-ms", "2"])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("simulate");
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let again: Vec<String> = args(&log);
        let again: Vec<&str> = again.iter().map(String::as_str).collect();
        let (code, out, err) = votedesk(dir.path(), &again);
        assert!(
            code == 0,
            "killed at {ms} ms, the rehearsal did not resume: {out}{err}"
        );
        let stations = format!("{log}.stations");
        let (code, out, _) = votedesk(dir.path(), &["verify", &log, "--stations", &stations]);
        assert_eq!(code, 0, "killed at {ms} ms: {out}");
    }
}

#[test]
fn a_closed_station_and_a_reopened_closed_log_show_their_true_count_and_head() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    let start = StationStart {
        session_log: main.clone(),
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 2,
        order_kept: true,
        out: dir.path().join("box.log"),
    };
    let mut st = Recorder::station(&start).expect("station");
    for m in ["ffa", "aff"] {
        st.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: choices(m),
        })
        .expect("ballot");
    }
    st.record(Action::CloseItem("p".into())).expect("close box");
    let log = station::read_file(&dir.path().join("box.log")).expect("reads");
    assert_eq!(st.state.records, log.records);
    assert_eq!(st.head(), Some(log.head.as_str()));
    drop(st);
    // Started again on the closed station log: the same count and head.
    let st = Recorder::station(&start).expect("reopens");
    assert!(st.read_only());
    assert_eq!(st.state.records, log.records);
    assert_eq!(st.head(), Some(log.head.as_str()));
    drop(rec);
    // A closed session log reopened shows its head for the signed sheet.
    let other = tempfile::tempdir().expect("tmp");
    let sim = common::simulated_log(other.path(), 4);
    let report = verify::check_file(&sim, &verify::Options::default()).expect("read");
    let again = Recorder::resume(None, &sim, "t").expect("reopen");
    assert!(again.read_only());
    assert_eq!(again.head(), report.head.as_deref());
    assert_eq!(again.state.records, report.records);
}

#[test]
fn a_station_log_rehashed_after_its_sheet_was_signed_is_refused_at_import() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    drop(rec);
    let main = dir.path().join("small.log");
    let boxes = dir.path().join("boxes");
    std::fs::create_dir(&boxes).expect("mkdir");
    let a = station(&main, &boxes, "1", "甲", 2, &["ffa", "aff"], true);
    let b = station(&main, &boxes, "1", "乙", 2, &["ffa", "aff"], true);
    let signed: Vec<String> = [&a, &b]
        .iter()
        .map(|f| station::read_file(f).expect("reads").head[..8].to_string())
        .collect();
    // Both entries' second ballot changed alike and the chains recomputed: each log still
    // verifies on its own, and the two agree; only the signed heads tell.
    for f in [&a, &b] {
        rechained(f, 2, |body| {
            body.replace(
                "\"choices\":[\"against\",\"for\",\"for\"]",
                "\"choices\":[\"for\",\"for\",\"for\"]",
            )
        });
        station::read_file(f).expect("a re-hashed log verifies on its own");
    }
    let before = std::fs::read(&main).expect("read");
    let (code, _, err) = votedesk(
        dir.path(),
        &[
            "import",
            "small.log",
            "--station",
            "boxes",
            "--confirm-head",
            &format!("1,甲,{},王监票", signed[0]),
            "--confirm-head",
            &format!("1,乙,{},王监票", signed[1]),
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("is not this station log's"), "{err}");
    assert_eq!(
        std::fs::read(&main).expect("read"),
        before,
        "nothing recorded"
    );
}

#[test]
fn the_round_knows_its_boxes_and_the_ballots_collected_in_the_hall() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open p");
    let main = dir.path().join("small.log");
    let start = |label: &str, out: &str| StationStart {
        session_log: main.clone(),
        item: "p".into(),
        r#box: label.into(),
        teller: "甲".into(),
        hand_count: 1,
        order_kept: true,
        out: dir.path().join(out),
    };
    // Before the round's boxes are sealed no station binds, and nothing is written.
    let err = Recorder::station(&start("1", "early.log"))
        .err()
        .expect("boxes not sealed");
    assert!(err.to_string().contains("not sealed"), "{err}");
    assert!(!dir.path().join("early.log").exists());
    let seal = |boxes: &[&str], collected: u32| Action::SealBoxes {
        item: "p".into(),
        boxes: boxes.iter().map(|b| b.to_string()).collect(),
        collected,
    };
    // One box under two labels ("01" is box 1), a blank label, no box: refused.
    for bad in [&["1", "01"][..], &["1", " "][..], &[][..]] {
        let err = rec.record(seal(bad, 5)).expect_err("a bad seal");
        assert!(
            err.to_string().contains("cannot be sealed"),
            "{bad:?}: {err}"
        );
    }
    rec.record(seal(&["1", "2"], 5)).expect("sealed");
    let err = rec.record(seal(&["3"], 5)).expect_err("sealed once");
    assert!(err.to_string().contains("sealed once"), "{err}");
    // The round's ballots come only from its boxes.
    let err = rec
        .record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: choices("ffa"),
        })
        .expect_err("a ballot at the console");
    assert!(err.to_string().contains("sealed boxes"), "{err}");
    // A box the round did not seal is refused at the station, before anything is written.
    let err = Recorder::station(&start("1b", "relabelled.log"))
        .err()
        .expect("an unknown label");
    assert!(
        err.to_string().contains("not one of the boxes sealed"),
        "{err}"
    );
    assert!(!dir.path().join("relabelled.log").exists());
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aff", "faf"],
        true,
    );
    let plan = plans(&rec, read(&[&a])).expect("plan");
    let actions = plan[0]
        .actions(&read_heads(&plan[0], single()))
        .expect("decided");
    // The same box under a label the round did not seal: the engine refuses it too.
    let mut forged = actions.clone();
    if let Action::NoteBox(BoxNote { r#box, .. }) = &mut forged[0] {
        *r#box = "1b".into();
    }
    let err = rec.record_batch(forged).expect_err("an unsealed label");
    assert!(
        err.to_string().contains("not one of the boxes sealed"),
        "{err}"
    );
    rec.record_batch(actions).expect("box 1");
    // 3 ballots in the boxes for 5 collected, box 2 never imported: the round stays open.
    let err = rec
        .record(Action::CloseItem("p".into()))
        .expect_err("the boxes do not add up");
    let said = err.to_string();
    assert!(
        said.contains("hold 3 ballot(s) for 5 collected") && said.contains("2 not imported"),
        "{said}"
    );
    let reconcile = |reason: &str| Action::ReconcileBoxes {
        item: "p".into(),
        reason: reason.into(),
    };
    rec.record(reconcile("  "))
        .expect_err("a decision needs its reason");
    let event = rec
        .record(reconcile(
            "box 2 was found empty when opened; two deputies kept their ballots",
        ))
        .expect("reconciled");
    assert!(
        matches!(&event, Event::BoxesReconciled { counted: 3, collected: 5, missing, .. } if missing == &["2".to_string()]),
        "{event:?}"
    );
    // The decision is the last word on the boxes: box 2 cannot come in after it.
    let b2 = station(&main, dir.path(), "2", "乙", 1, &["fff"], true);
    let plan = plans(&rec, read(&[&b2])).expect("plan");
    let err = rec
        .record_batch(
            plan[0]
                .actions(&read_heads(&plan[0], single()))
                .expect("decided"),
        )
        .expect_err("after the reconciliation");
    assert!(err.to_string().contains("reconciled"), "{err}");
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    drop(rec);
    // Both verifiers accept the log; the sheet says what was sealed and decided.
    let report = verify::check_file(&main, &verify::Options::default()).expect("read");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let py = python(&main, &[]);
    assert_eq!(py["ok"], true, "{py}");
    let (code, sheet, err) = votedesk(dir.path(), &["report", "small.log", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        sheet.contains(
            "封存票箱 (Boxes sealed): 1、2；收回 (collected) 5 张，票箱合计 (in the boxes) 3 张"
        ) && sheet.contains("未导入 (not imported): 2")
            && sheet.contains("box 2 was found empty when opened"),
        "{sheet}"
    );
}

#[test]
fn the_command_line_seals_the_open_rounds_boxes_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open p");
    drop(rec);
    let seal = |boxes: &str| {
        votedesk(
            dir.path(),
            &[
                "seal",
                "small.log",
                "--item",
                "p",
                "--boxes",
                boxes,
                "--collected",
                "6",
            ],
        )
    };
    let (code, out, err) = seal("1,01");
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("nothing was recorded") && err.contains("named twice"),
        "{err}"
    );
    let (code, out, err) = seal("1,2,3");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("sealed 3 box(es) of \"p\" (1, 2, 3); 6 ballot(s) collected"),
        "{out}"
    );
    let (code, _, err) = seal("4");
    assert_eq!(code, 2);
    assert!(err.contains("sealed once"), "{err}");
    let (code, _, err) = votedesk(
        dir.path(),
        &[
            "seal",
            "small.log",
            "--item",
            "named",
            "--boxes",
            "1",
            "--collected",
            "6",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("\"named\" is not open"), "{err}");
}

#[test]
fn a_paper_keyed_again_keeps_its_number_at_the_station_and_pairs_with_the_other_entry() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = open_p(dir.path());
    let main = dir.path().join("small.log");
    // 甲 misread paper 2, withdrew it after keying paper 3, and keyed paper 2 again; 乙 keyed
    // the stack once, reading paper 3 differently.
    let a = station(
        &main,
        dir.path(),
        "1",
        "甲",
        3,
        &["ffa", "aaa", "fff", "-2", "=2:aff"],
        true,
    );
    let b = station(
        &main,
        dir.path(),
        "1",
        "乙",
        3,
        &["ffa", "aff", "ffa"],
        true,
    );
    let logs = read(&[&a, &b]);
    let numbers: Vec<u32> = logs[0].ballots.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, vec![1, 3, 2], "paper 2 keeps its number");
    assert_eq!(
        logs[0].voided,
        vec![(2, "misread; keyed again".to_string())]
    );
    let plan = &plans(&rec, logs.clone()).expect("plan")[0];
    // Paired by paper: only paper 3 differs.
    assert_eq!(plan.comparison, Comparison::ByOrder);
    assert!(
        matches!(
            &plan.differences[..],
            [Difference::Reading { ballot: 3, .. }]
        ),
        "{:?}",
        plan.differences
    );
    let Difference::Reading { first, .. } = &plan.differences[0] else {
        panic!("a reading")
    };
    let mut answers = read_heads(plan, Answers::default());
    answers
        .readings
        .insert(3, (first.clone(), "paper 3 shows 项目丙 反对".into()));
    rec.record_batch(plan.actions(&answers).expect("decided"))
        .expect("box 1");
    // Both verifiers audit the box against its station logs alike.
    let audit = audit(&main, &logs);
    assert!(audit.problems.is_empty(), "{:?}", audit.problems);
    let py = python(&main, &[&a, &b]);
    assert_eq!(py["stations"]["problems"], serde_json::json!([]), "{py}");
    assert_eq!(py["stations"]["boxes_checked"], 1, "{py}");
}

#[test]
fn keying_again_is_refused_for_a_live_entry_twice_or_a_number_given_to_a_new_paper() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open p");
    let key = |rec: &mut Recorder, m: &str| {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: choices(m),
        })
    };
    let again = |rec: &mut Recorder, n: u32| {
        rec.record(Action::RekeyBallot {
            item: "p".into(),
            replaces: n,
            seat: None,
            marks: choices("aff"),
        })
    };
    let void = |rec: &mut Recorder, n: u32| {
        rec.record(Action::VoidBallot {
            item: "p".into(),
            ballot: n,
            reason: "misread".into(),
        })
        .expect("void")
    };
    for m in ["ffa", "aaa", "fff"] {
        key(&mut rec, m).expect("ballot");
    }
    let err = again(&mut rec, 2).expect_err("entry 2 is live");
    assert!(err.to_string().contains("not withdrawn"), "{err}");
    void(&mut rec, 2);
    again(&mut rec, 2).expect("paper 2 keyed again");
    let err = again(&mut rec, 2).expect_err("keyed again once");
    assert!(err.to_string().contains("already keyed again"), "{err}");
    let papers = |rec: &Recorder| -> Vec<(u32, u32)> {
        rec.state.items[0]
            .ballots
            .iter()
            .map(|b| (b.number, b.paper))
            .collect()
    };
    assert_eq!(papers(&rec), vec![(1, 1), (2, 2), (3, 3), (4, 2)]);
    // Paper 3 was keyed twice by mistake: withdrawn and not keyed again, its number goes to
    // the next new paper, and it can no longer be keyed again.
    void(&mut rec, 3);
    key(&mut rec, "aaf").expect("the next paper");
    assert_eq!(papers(&rec).last(), Some(&(5, 3)));
    let err = again(&mut rec, 3).expect_err("number taken");
    assert!(err.to_string().contains("given to a new paper"), "{err}");
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    drop(rec);
    // The sheet lists each correction by its paper's number, and whether it was keyed again.
    let (code, sheet, err) = votedesk(dir.path(), &["report", "small.log", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        sheet.contains("第 2 张 (ballot 2)：misread，已重新录入 (keyed again as entry 4)")
            && sheet.contains("第 3 张 (ballot 3)：misread，未重新录入 (not keyed again)"),
        "{sheet}"
    );
    let py = python(&dir.path().join("small.log"), &[]);
    assert_eq!(py["ok"], true, "{py}");
}

/// A station log rewritten with `change` applied to record `at`'s body, its chain recomputed.
fn rechained(f: &Path, at: usize, change: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(f).expect("read");
    let mut out = String::new();
    let mut prev: Option<(String, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let mut body = line[65..].to_string();
        if i == at {
            body = change(&body);
        }
        if let Some((old, new)) = &prev {
            body = body.replace(
                &format!("\"prev\":\"{old}\""),
                &format!("\"prev\":\"{new}\""),
            );
        }
        let hash = votedesk::log::entry_hash(body.as_bytes());
        out.push_str(&format!("{hash} {body}\n"));
        prev = Some((line[..64].to_string(), hash));
    }
    std::fs::write(f, out).expect("write");
}

#[test]
fn a_station_log_keeps_the_session_logs_field_rules() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    drop(rec);
    let main = dir.path().join("small.log");
    let good = station(&main, dir.path(), "1", "甲", 1, &["ffa"], true);
    station::read_file(&good).expect("a station's own log reads");
    // Each rewritten with its chain recomputed, so only the field rules can tell.
    type Case = (&'static str, fn(&str) -> String, &'static str);
    let cases: [Case; 3] = [
        (
            "time",
            |b| {
                let at = b.find("\"time\":\"").expect("time") + 8;
                format!("{}yesterday{}", &b[..at], &b[at + 29..])
            },
            "time is not an RFC 3339 time",
        ),
        (
            "version",
            |b| b.replacen("{\"v\":1,", "{\"v\":7,", 1),
            "unknown format version",
        ),
        (
            "session",
            |b| b.replacen("\"session\":\"small\"", "\"session\":\"other\"", 1),
            "another session",
        ),
    ];
    for (name, change, says) in cases {
        let f = dir.path().join(format!("{name}.log"));
        std::fs::copy(&good, &f).expect("copy");
        rechained(&f, 1, change);
        let err = station::read_file(&f).expect_err(name);
        assert!(err.message.contains(says), "{name}: {err}");
        assert_eq!(err.line, Some(2), "{name}: {err}");
    }
}

/// A station log and a session log damaged the same way are refused by the same check with
/// the same words: checks 1 to 3 are one implementation, shared by `verify` and the station
/// reader.
#[test]
fn a_station_log_fails_the_session_logs_own_checks() {
    let dir = tempfile::tempdir().expect("tmp");
    let rec = open_p(dir.path());
    drop(rec);
    let main = dir.path().join("small.log");
    let good = station(&main, dir.path(), "1", "甲", 1, &["ffa", "aff"], true);
    type Damage = (&'static str, fn(&Path), u32);
    let damages: [Damage; 3] = [
        // One byte of a body changed, the hash left as it was: check 3.
        (
            "body",
            |f| {
                let text = std::fs::read_to_string(f).expect("read");
                let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
                lines[1] = lines[1].replacen("\"time\":\"2", "\"time\":\"1", 1);
                std::fs::write(f, lines.join("\n") + "\n").expect("write");
            },
            3,
        ),
        // A record renumbered, the chain recomputed over it: check 2.
        (
            "numbering",
            |f| rechained(f, 1, |b| b.replacen("\"seq\":1,", "\"seq\":5,", 1)),
            2,
        ),
        // A record taken out, the rest left as written: check 2 sees it first.
        (
            "removed",
            |f| {
                let text = std::fs::read_to_string(f).expect("read");
                let kept: Vec<&str> = text
                    .lines()
                    .enumerate()
                    .filter(|(i, _)| *i != 1)
                    .map(|(_, l)| l)
                    .collect();
                std::fs::write(f, kept.join("\n") + "\n").expect("write");
            },
            2,
        ),
    ];
    for (name, damage, check) in damages {
        let session_copy = dir.path().join(format!("{name}-session.log"));
        std::fs::copy(&main, &session_copy).expect("copy");
        damage(&session_copy);
        let report = verify::check_file(&session_copy, &verify::Options::default()).expect("read");
        assert!(!report.verified, "{name}");
        let first = &report.findings[0];
        assert_eq!(first.check, check, "{name}: {:?}", report.findings);
        assert_eq!(first.line, 2, "{name}");

        let station_copy = dir.path().join(format!("{name}-station.log"));
        std::fs::copy(&good, &station_copy).expect("copy");
        damage(&station_copy);
        let err = station::read_file(&station_copy).expect_err(name);
        let named = verify::Check::numbered(check).expect("a check");
        assert!(
            err.message.starts_with(&first.problem)
                && err
                    .message
                    .contains(&format!("(check {check}, {})", named.name())),
            "{name}: {err} / {first:?}"
        );
        assert_eq!(err.line, Some(2), "{name}: {err}");
    }
}
