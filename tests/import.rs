//! Importing ballots from keypad and scanner exports: both layouts, every kind of bad row,
//! and nothing recorded on any error.

mod common;

use std::path::Path;
use std::process::Command;

use votedesk::engine::Action;

fn votedesk(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A log with everyone checked in and `item` open (seats 1–5 present, 6 absent).
fn open_log(dir: &Path, item: &str) {
    let mut rec = votedesk::recorder::Recorder::start(
        &common::load(common::SMALL),
        &dir.join("small.log"),
        "t",
    )
    .expect("start");
    rec.record_batch((1..=5).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem(item.into())).expect("open");
}

#[test]
fn named_keypad_export_is_recorded_in_one_batch_with_its_hash() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "named");
    let csv = "\u{feff}seat,res\r\n1,赞成\r\n2,反对\r\n3,弃权\r\n4,未按\r\n5,1\r\n";
    std::fs::write(dir.path().join("keypad.csv"), csv).expect("write");
    let (code, out) = votedesk(
        dir.path(),
        &["import", "small.log", "--item", "named", "keypad.csv"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("imported 4 ballot(s)") && out.contains("1 row(s) without a vote"),
        "{out}"
    );
    let log = std::fs::read_to_string(dir.path().join("small.log")).expect("log");
    let sha = votedesk::log::sha256_hex(csv.as_bytes());
    assert!(log.contains(&format!("\"type\":\"ballots_imported\",\"item\":\"named\",\"file\":\"keypad.csv\",\"sha256\":\"{sha}\",\"ballots\":4")), "{log}");
    let report = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default())
        .expect("verify");
    assert!(report.findings.is_empty());
    let state = report.state.expect("state");
    let votedesk::tally::ItemTally::Vote(v) = state.tally(1) else {
        panic!()
    };
    assert_eq!(
        (
            v.candidates[0].for_,
            v.candidates[0].against,
            v.candidates[0].abstain,
            v.candidates[0].not_voted
        ),
        (2, 1, 1, 1)
    );
    // Importing the same seats again is refused: they have voted.
    let (code, out) = votedesk(
        dir.path(),
        &["import", "small.log", "--item", "named", "keypad.csv"],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("keypad.csv:2:1: seat 1 has already voted"),
        "{out}"
    );
}

#[test]
fn secret_scanner_export_one_row_per_ballot() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "p");
    let csv = "ballot,c,b,a\n0001,赞成,反对,赞成\n0002,,赞成,赞成\n0003,废票,,\n";
    std::fs::write(dir.path().join("scan.csv"), csv).expect("write");
    let (code, out) = votedesk(
        dir.path(),
        &["import", "small.log", "--item", "p", "scan.csv"],
    );
    assert_eq!(code, 0, "{out}");
    let state = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default())
        .expect("v")
        .state
        .expect("state");
    let votedesk::tally::ItemTally::Vote(v) = state.tally(0) else {
        panic!()
    };
    // Columns in any order; a blank cell is an abstention; 废票 is a void ballot.
    assert_eq!(
        (v.ballots.returned, v.ballots.valid, v.ballots.void),
        (3, 2, 1)
    );
    assert_eq!(
        [
            v.candidates[0].for_,
            v.candidates[1].for_,
            v.candidates[2].for_
        ],
        [2, 1, 1]
    );
    assert_eq!(v.candidates[2].abstain, 1);
    assert!(
        state.items[0].ballots.iter().all(|b| b.seat.is_none()),
        "secret ballots name nobody"
    );
}

#[test]
fn every_kind_of_bad_row_is_named_and_nothing_is_recorded() {
    let cases: [(&str, &str, &str, &str); 7] = [
        (
            "named",
            "seat,res\n1,赞成\n9,赞成\n",
            "bad.csv:3:1",
            "seat 9 is not on the roster",
        ),
        (
            "named",
            "seat,res\n1,赞成\n6,赞成\n",
            "bad.csv:3:1",
            "seat 6 is not checked in",
        ),
        (
            "named",
            "seat,res\n1,赞成\n1,反对\n",
            "bad.csv:3:1",
            "seat 1 appears again (first on line 2)",
        ),
        (
            "named",
            "seat,res\n1,maybe\n",
            "bad.csv:2:2",
            "\"maybe\" is not a choice",
        ),
        (
            "named",
            "seat,res\n1,赞成,反对\n",
            "bad.csv:2:3",
            "the row has 3 columns; the header has 2",
        ),
        (
            "p",
            "a,b,x\n赞成,赞成,赞成\n",
            "bad.csv:1:3",
            "column \"x\" is not a candidate",
        ),
        (
            "p",
            "a,b,c\n赞成,赞成\n",
            "bad.csv:2:3",
            "the row has 2 columns; the header has 3",
        ),
    ];
    for (item, csv, place, words) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        open_log(dir.path(), item);
        let before = std::fs::read(dir.path().join("small.log")).expect("log");
        std::fs::write(dir.path().join("bad.csv"), csv).expect("write");
        let (code, out) = votedesk(
            dir.path(),
            &["import", "small.log", "--item", item, "bad.csv"],
        );
        assert_eq!(code, 1, "{csv}: {out}");
        assert!(out.contains("nothing was recorded"), "{out}");
        assert!(
            out.contains(place) && out.contains(words),
            "{csv}: expected {place} {words} in {out}"
        );
        assert_eq!(
            std::fs::read(dir.path().join("small.log")).expect("log"),
            before,
            "the log is unchanged"
        );
    }
}

#[test]
fn ticks_and_ratings_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "tick");
    std::fs::write(dir.path().join("t.csv"), "x,y\n1,\n✓,✓\n0,1\n").expect("write");
    let (code, out) = votedesk(
        dir.path(),
        &["import", "small.log", "--item", "tick", "t.csv"],
    );
    assert_eq!(code, 0, "{out}");
    let state = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default())
        .expect("v")
        .state
        .expect("state");
    let b = state.tally(2).ballots().clone();
    assert_eq!(
        (b.returned, b.valid, b.void),
        (3, 2, 1),
        "the over-marked row is a void ballot"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "r");
    std::fs::write(dir.path().join("r.csv"), "s1,s2\n满意,2\n1,0\n").expect("write");
    let (code, out) = votedesk(dir.path(), &["import", "small.log", "--item", "r", "r.csv"]);
    assert_eq!(code, 0, "{out}");
    let state = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default())
        .expect("v")
        .state
        .expect("state");
    let votedesk::tally::ItemTally::Rating(r) = state.tally(3) else {
        panic!()
    };
    assert_eq!(r.subjects[0].counts, vec![2, 0, 0]);
    assert_eq!((r.subjects[1].counts[1], r.subjects[1].abstain), (1, 1));

    // A scanner row with one subject left blank: imported whole, that subject as 未评.
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "r");
    std::fs::write(
        dir.path().join("r.csv"),
        "s1,s2
满意,
1,1
",
    )
    .expect("write");
    let (code, out) = votedesk(dir.path(), &["import", "small.log", "--item", "r", "r.csv"]);
    assert_eq!(code, 0, "{out}");
    let state = votedesk::verify::check_file(&dir.path().join("small.log"), &Default::default())
        .expect("v")
        .state
        .expect("state");
    let votedesk::tally::ItemTally::Rating(r) = state.tally(3) else {
        panic!()
    };
    assert_eq!(r.subjects[0].counts, vec![2, 0, 0]);
    assert_eq!((r.subjects[1].counts[0], r.subjects[1].blank), (1, 1));
}

#[test]
fn an_item_that_is_not_open_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path(), "p");
    std::fs::write(dir.path().join("k.csv"), "seat,res\n1,赞成\n").expect("write");
    let (code, out) = votedesk(
        dir.path(),
        &["import", "small.log", "--item", "named", "k.csv"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("item \"named\" is not open"), "{out}");
}

/// A blank row is not a vote only where it names a deputy (a keypad's 未按); a secret
/// scanner row with its ballot number and nothing marked is a returned ballot, counted 弃权.
#[test]
fn a_blank_secret_row_with_its_ballot_number_is_a_ballot_but_a_blank_named_row_is_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = votedesk::recorder::Recorder::start(
        &common::load(common::SMALL),
        &dir.path().join("small.log"),
        "t",
    )
    .expect("start");
    rec.record_batch((1..=5).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    let secret =
        votedesk::import::parse(&rec.state, "p", "s.csv", b"ballot,a,b,c\n7,,,\n8,1,2,3\n")
            .expect("secret rows");
    assert_eq!((secret.ballots, secret.not_voted), (2, 0));
    assert!(matches!(
        &secret.actions[1],
        Action::RecordBallot { marks: votedesk::engine::Marks::Choices { choices }, .. }
            if choices.iter().all(|c| *c == votedesk::engine::Choice::Abstain)
    ));
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::OpenItem("named".into()))
        .expect("open named");
    let named = votedesk::import::parse(&rec.state, "named", "n.csv", b"seat,res\n1,\n2,1\n")
        .expect("named rows");
    assert_eq!((named.ballots, named.not_voted), (1, 1));
}
