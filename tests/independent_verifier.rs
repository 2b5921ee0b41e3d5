//! A verifier written only from docs/log-format.md (tests/independent_verifier.py) must agree
//! with `votedesk verify` on real logs, tampered logs, and the document's own worked example.

mod common;

use std::path::Path;
use std::process::Command;

fn python(log: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(common::repo("tests/independent_verifier.py"))
        .arg(log)
        .output()
        .expect("python3 runs (CI installs it)");
    serde_json::from_slice(&out.stdout).expect("verifier prints JSON")
}

fn votedesk(log: &Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["verify", "--json"])
        .arg(log)
        .output()
        .expect("run votedesk");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).expect("verify --json prints JSON"),
    )
}

#[test]
fn both_verifiers_agree_on_a_real_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("h.log");
    let status = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args([
            "simulate",
            &common::repo("sessions/hanggin-2024.ron")
                .display()
                .to_string(),
            "--log",
        ])
        .arg(&log)
        .args(["--seed", "11"])
        .status()
        .expect("simulate");
    assert!(status.success());
    let py = python(&log);
    let (code, rs) = votedesk(&log);
    assert_eq!(code, 0);
    assert_eq!(py["ok"], true, "{py}");
    assert_eq!(py["records"], rs["records"]);
    assert_eq!(py["head"], rs["head"]);
    assert!(rs["records"].as_u64().unwrap_or(0) > 170);

    // Change one byte in the middle: both reject it at the same line.
    let mut bytes = std::fs::read(&log).expect("read");
    let at = bytes.len() / 2;
    let line_start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    bytes[line_start + 100] ^= 0x02;
    std::fs::write(&log, &bytes).expect("write");
    let py = python(&log);
    let (code, rs) = votedesk(&log);
    assert_eq!(code, 1);
    assert_eq!(py["ok"], false);
    assert_eq!(py["first_bad_line"], rs["findings"][0]["line"]);
}

#[test]
fn the_documents_worked_example_verifies_with_both() {
    let doc = std::fs::read_to_string(common::repo("docs/log-format.md")).expect("doc");
    let start = doc
        .find("<!-- example-log:start -->\n```text\n")
        .expect("example start");
    let rest = &doc[start..];
    let body_start = rest.find("```text\n").expect("fence") + "```text\n".len();
    let end = rest
        .find("```\n<!-- example-log:end -->")
        .expect("example end");
    let example = &rest[body_start..end];
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("example.log");
    std::fs::write(&log, example).expect("write");
    let py = python(&log);
    assert_eq!(py["ok"], true, "{py}");
    let (code, rs) = votedesk(&log);
    assert_eq!(code, 0, "{rs}");
    assert_eq!(py["head"], rs["head"]);
    // The document's stated binding matches the fixture file.
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["verify", "--session"])
        .arg(common::repo("tests/fixtures/tiny.ron"))
        .arg(&log)
        .output()
        .expect("verify");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Re-hash a log from line `from` (0-based) on after its bodies were edited, as a forger
/// who knows the format would: the chain is consistent again.
fn rehash(lines: &mut [serde_json::Value], hashes: &mut Vec<String>) -> Vec<u8> {
    let mut out = Vec::new();
    hashes.clear();
    for (i, body) in lines.iter_mut().enumerate() {
        if i > 0 {
            body["prev"] = serde_json::Value::String(hashes[i - 1].clone());
        }
        let bytes = serde_json::to_vec(body).expect("json");
        let hash = votedesk::log::entry_hash(&bytes);
        out.extend_from_slice(hash.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&bytes);
        out.push(b'\n');
        hashes.push(hash);
    }
    out
}

#[test]
fn both_verifiers_reject_unfinished_batches_and_import_notes_that_miscount() {
    use votedesk::engine::Action;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec = votedesk::recorder::Recorder::start(&common::load(common::SMALL), &path, "t")
        .expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    let mut batch = vec![Action::NoteImport {
        item: "p".into(),
        file: "k.csv".into(),
        sha256: "0".repeat(64),
        ballots: 2,
    }];
    for _ in 0..2 {
        batch.push(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices("ffa"),
        });
    }
    rec.record_batch(batch).expect("import");
    drop(rec);
    let good = std::fs::read(&path).expect("read");
    assert_eq!(python(&path)["problems"].as_array().map(Vec::len), Some(1)); // not closed
    let text = String::from_utf8(good.clone()).expect("utf8");
    let mut bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let note = bodies
        .iter()
        .position(|b| b["event"]["type"] == "ballots_imported")
        .expect("note");

    // The last ballot of the import cut off (a whole line): an unfinished batch.
    let cut: Vec<&str> = text.lines().collect();
    std::fs::write(&path, format!("{}\n", cut[..cut.len() - 1].join("\n"))).expect("write");
    let (code, rs) = votedesk(&path);
    assert_eq!(code, 1);
    let header_line = note as u64; // the batch header is the line before the note
    let finding = rs["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["check"] == 5))
        .expect("check 5 finding")
        .clone();
    assert_eq!(finding["line"], header_line, "{rs}");
    let py = python(&path);
    assert!(
        py["problems"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x
                == &serde_json::json!(format!("line {header_line}: check 5: unfinished batch")))),
        "{py}"
    );

    // A note re-hashed to claim 160 ballots where 2 follow: both reject it at the note.
    bodies[note]["event"]["ballots"] = serde_json::json!(160);
    let mut hashes = Vec::new();
    std::fs::write(&path, rehash(&mut bodies, &mut hashes)).expect("write");
    let (code, rs) = votedesk(&path);
    assert_eq!(code, 1);
    assert_eq!(rs["findings"][0]["line"], note as u64 + 1, "{rs}");
    assert_eq!(rs["findings"][0]["check"], 5, "{rs}");
    let py = python(&path);
    assert_eq!(py["first_bad_line"], note as u64 + 1, "{py}");
}

#[test]
fn both_verifiers_reject_consistently_rehashed_records_that_break_field_rules() {
    // An outside verifier found that these passed once the chain was re-hashed.
    let dir = tempfile::tempdir().expect("tempdir");
    let original = common::simulated_log(dir.path(), 2);
    let text = std::fs::read_to_string(&original).expect("log");
    let bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let at = 5; // a checked_in record
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        ("v 2", Box::new(|b| b["v"] = serde_json::json!(2))),
        (
            "foreign session",
            Box::new(|b| b["session"] = serde_json::json!("other")),
        ),
        (
            "bad time",
            Box::new(|b| b["time"] = serde_json::json!("yesterday noon")),
        ),
        (
            "time without offset",
            Box::new(|b| b["time"] = serde_json::json!("2024-01-10T09:30:00")),
        ),
    ];
    for (name, edit) in cases {
        let mut bs = bodies.clone();
        edit(&mut bs[at]);
        let mut hashes = Vec::new();
        let path = dir.path().join("edited.log");
        std::fs::write(&path, rehash(&mut bs, &mut hashes)).expect("write");
        let (code, rs) = votedesk(&path);
        assert_eq!(code, 1, "{name}: {rs}");
        assert_eq!(rs["findings"][0]["check"], 1, "{name}: {rs}");
        assert_eq!(rs["findings"][0]["line"], at as u64 + 1, "{name}: {rs}");
        let py = python(&path);
        assert_eq!(py["ok"], false, "{name}: {py}");
        assert_eq!(py["first_bad_line"], at as u64 + 1, "{name}: {py}");
    }
    // A sha256 of "XYZ" in the binding.
    let mut bs = bodies.clone();
    bs[0]["event"]["roster_sha256"] = serde_json::json!("XYZ");
    let mut hashes = Vec::new();
    let path = dir.path().join("edited.log");
    std::fs::write(&path, rehash(&mut bs, &mut hashes)).expect("write");
    let (code, rs) = votedesk(&path);
    assert_eq!(code, 1, "{rs}");
    assert_eq!(python(&path)["ok"], false);
}

fn simulate(session: &str, log: &Path, seed: u64) {
    let status = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .arg("simulate")
        .arg(common::repo(session))
        .arg("--log")
        .arg(log)
        .args(["--seed", &seed.to_string()])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("simulate");
    assert!(status.success(), "{session} seed {seed}");
}

#[test]
fn the_python_recount_agrees_with_verify_on_every_bundled_session_over_many_seeds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sessions = [
        ("sessions/hanggin-2024.ron", 24),
        ("sessions/hanggin-2025-rating.ron", 12),
        ("sessions/hanggin-standing-review.ron", 12),
        ("sessions/national-3000.ron", 3),
    ];
    let mut further_rounds = 0;
    let mut declarations = 0;
    for (session, seeds) in sessions {
        for seed in 1..=seeds {
            let log = dir.path().join(format!("s-{seed}.log"));
            let _ = std::fs::remove_file(&log);
            simulate(session, &log, seed);
            let py = python(&log);
            let (code, rs) = votedesk(&log);
            assert_eq!(code, 0, "{session} {seed}: {rs}");
            assert_eq!(py["ok"], true, "{session} {seed}: {py}");
            assert_eq!(py["records"], rs["records"], "{session} {seed}");
            assert_eq!(py["head"], rs["head"], "{session} {seed}");
            let outcomes = py["outcomes"].as_object().cloned().unwrap_or_default();
            declarations += outcomes.len();
            further_rounds += outcomes.keys().filter(|k| k.contains('#')).count();
        }
    }
    // The recount ran on every declaration, further rounds included.
    assert!(declarations > 60, "{declarations}");
    assert!(further_rounds > 3, "{further_rounds}");
}

/// Edit one record of an honest log, re-hash the chain as a forger would, and check that
/// both verifiers reject it at the same record under the same check.
#[test]
fn both_verifiers_refuse_each_rule_broken_at_the_same_record_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("h.log");
    // A seed whose log has a further round and a correction.
    simulate("sessions/hanggin-standing-review.ron", &log, 1);
    let text = std::fs::read_to_string(&log).expect("log");
    let bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let find = |kind: &str| {
        bodies
            .iter()
            .position(|b| b["event"]["type"] == kind)
            .unwrap_or_else(|| panic!("the log has a {kind} record"))
    };
    let last = bodies.len() - 1;
    type Edit = Box<dyn Fn(&mut Vec<serde_json::Value>)>;
    let ev = |i: usize, field: &'static str, v: serde_json::Value| -> Edit {
        Box::new(move |b: &mut Vec<serde_json::Value>| b[i]["event"][field] = v.clone())
    };
    let checked_in = find("checked_in");
    let opened = find("item_opened");
    let ballot = find("ballot_recorded");
    let voided = find("ballot_voided");
    // The correction's paper keyed again, right after it.
    let rekeyed = voided + 1;
    assert!(
        bodies[rekeyed]["event"]["replaces"] == bodies[voided]["event"]["ballot"],
        "{}",
        bodies[rekeyed]
    );
    assert_eq!(bodies[ballot + 1]["event"]["type"], "ballot_recorded");
    let closed = find("item_closed");
    let declared = find("result_declared");
    let further = find("round_opened");
    let cases: Vec<(&str, usize, u64, Edit)> = vec![
        (
            "unknown seat",
            checked_in,
            5,
            ev(checked_in, "seat", serde_json::json!(9999)),
        ),
        (
            "attendance unchanged",
            checked_in + 1,
            5,
            ev(
                checked_in + 1,
                "seat",
                bodies[checked_in]["event"]["seat"].clone(),
            ),
        ),
        (
            "issued is not the number present",
            opened,
            5,
            ev(
                opened,
                "issued",
                serde_json::json!(bodies[opened]["event"]["issued"].as_u64().unwrap_or(0) + 1),
            ),
        ),
        (
            "ballot number",
            ballot,
            5,
            ev(ballot, "ballot", serde_json::json!(7)),
        ),
        (
            "secret ballot names a seat",
            ballot,
            5,
            ev(ballot, "seat", serde_json::json!(1)),
        ),
        (
            "label not on the scale",
            ballot,
            5,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                b[ballot]["event"]["marks"] =
                    serde_json::json!({"form": "ticks", "ticked": ["nobody"]})
            }),
        ),
        (
            "correction without a reason",
            voided,
            5,
            ev(voided, "reason", serde_json::json!("  ")),
        ),
        (
            "a live entry keyed again",
            ballot + 1,
            5,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let n = b[ballot]["event"]["ballot"].clone();
                b[ballot + 1]["event"]["replaces"] = n;
            }),
        ),
        (
            "a withdrawn entry keyed again twice",
            rekeyed + 1,
            5,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let mut copy = b[rekeyed].clone();
                copy["event"]["ballot"] =
                    serde_json::json!(b[rekeyed]["event"]["ballot"].as_u64().unwrap_or(0) + 1);
                b.insert(rekeyed + 1, copy);
            }),
        ),
        (
            "closing another item",
            closed,
            5,
            ev(closed, "item", serde_json::json!("no-such-item")),
        ),
        (
            "declared outcome differs from the recount",
            declared,
            6,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let o = &mut b[declared]["event"]["outcome"];
                let valid = o["vote_valid"].as_bool().unwrap_or(true);
                o["vote_valid"] = serde_json::json!(!valid);
            }),
        ),
        (
            "further round with other candidates",
            further,
            5,
            ev(further, "round", serde_json::json!(7)),
        ),
        (
            "closing count",
            last,
            5,
            ev(last, "records", serde_json::json!(bodies.len() as u64 + 1)),
        ),
        (
            "an item opened twice",
            opened + 1,
            5,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let copy = b[opened].clone();
                b.insert(opened + 1, copy);
            }),
        ),
        (
            "a record after the closing record",
            last + 1,
            7,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let mut extra = b[last].clone();
                extra["event"] = serde_json::json!({"type": "session_resumed"});
                b.push(extra);
            }),
        ),
        (
            "an event with a field it does not take",
            checked_in,
            1,
            ev(checked_in, "proxy", serde_json::json!(true)),
        ),
        (
            "a batch that announces more than follow",
            last,
            5,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let mut header = b[last].clone();
                header["event"] = serde_json::json!({"type": "batch", "records": 3});
                b.insert(last, header);
            }),
        ),
    ];
    for (name, at, check, edit) in cases {
        let mut bs = bodies.clone();
        edit(&mut bs);
        for (i, b) in bs.iter_mut().enumerate() {
            b["seq"] = serde_json::json!(i);
        }
        let mut hashes = Vec::new();
        std::fs::write(&log, rehash(&mut bs, &mut hashes)).expect("write");
        let (code, rs) = votedesk(&log);
        let py = python(&log);
        assert_eq!(code, 1, "{name}: {rs}");
        assert_eq!(py["ok"], false, "{name}: {py}");
        let line = at as u64 + 1;
        assert_eq!(rs["findings"][0]["line"], line, "{name}: {rs}");
        assert_eq!(rs["findings"][0]["check"], check, "{name}: {rs}");
        assert_eq!(py["first_bad_line"], line, "{name}: {py}");
        assert_eq!(py["first_bad_check"], check, "{name}: {py}");
    }
}

#[test]
fn both_verifiers_accept_a_rating_subject_left_blank_and_recount_it() {
    use votedesk::engine::{Action, Marks};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("blank.log");
    let mut rec = votedesk::recorder::Recorder::start(&common::load(common::SMALL), &path, "t")
        .expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("r".into())).expect("open");
    for labels in [
        ["满意", ""],
        ["满意", "满意"],
        ["基本满意", ""],
        ["满意", "弃权"],
    ] {
        rec.record(Action::RecordBallot {
            item: "r".into(),
            seat: None,
            marks: Marks::Ratings {
                labels: labels.iter().map(|l| l.to_string()).collect(),
            },
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("r".into())).expect("close");
    rec.record(Action::Declare("r".into())).expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    drop(rec);
    let (code, rs) = votedesk(&path);
    assert_eq!(code, 0, "{rs}");
    let py = python(&path);
    assert_eq!(py["ok"], true, "{py}");
    assert_eq!(py["head"], rs["head"]);
    // Subject 2: one 满意 of 6 seated (two blanks, one 弃权): 166‰, graded 不满意.
    let grades = &py["outcomes"]["r"]["grades"];
    assert_eq!(grades[1]["rate_permille"], 166, "{py}");
    assert_eq!(grades[1]["grade"], "不满意", "{py}");
}

#[test]
fn both_verifiers_keep_void_reasons_apart_and_the_sheet_lists_them() {
    use votedesk::engine::{Action, Marks};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("void.log");
    let mut rec = votedesk::recorder::Recorder::start(&common::load(common::SMALL), &path, "t")
        .expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("tick".into())).expect("open");
    let ballots = [
        Marks::Ticks {
            ticked: vec!["x".into()],
        },
        Marks::Ticks {
            ticked: vec!["x".into(), "y".into()],
        },
        Marks::Spoiled,
        Marks::Void {
            reason: "签名".into(),
        },
    ];
    for marks in ballots {
        rec.record(Action::RecordBallot {
            item: "tick".into(),
            seat: None,
            marks,
        })
        .expect("ballot");
    }
    // A void ballot without its reason is refused.
    assert!(
        rec.record(Action::RecordBallot {
            item: "tick".into(),
            seat: None,
            marks: Marks::Void { reason: " ".into() },
        })
        .is_err()
    );
    rec.record(Action::CloseItem("tick".into())).expect("close");
    rec.record(Action::Declare("tick".into())).expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    drop(rec);
    let (code, rs) = votedesk(&path);
    assert_eq!(code, 0, "{rs}");
    let py = python(&path);
    assert_eq!(py["ok"], true, "{py}");
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["report", "--format", "md"])
        .arg(&path)
        .output()
        .expect("report");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("无法辨认 (unreadable) 1 · 超选 (over-marked) 1 · 其他 (other) 1：签名"),
        "{md}"
    );
}

fn python_stations(log: &Path, stations: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(common::repo("tests/independent_verifier.py"))
        .arg(log)
        .arg("--stations")
        .arg(stations)
        .output()
        .expect("python3 runs (CI installs it)");
    serde_json::from_slice(&out.stdout).expect("verifier prints JSON")
}

fn votedesk_stations(log: &Path, stations: &Path) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["verify", "--json"])
        .arg(log)
        .arg("--stations")
        .arg(stations)
        .output()
        .expect("run votedesk");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).expect("verify --json prints JSON"),
    )
}

/// A counting-room rehearsal: three boxes an item, each keyed twice, with reading slips
/// decided from the paper.
fn counting_room(log: &Path) -> std::path::PathBuf {
    let status = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .arg("simulate")
        .arg(common::repo("sessions/hanggin-2024.ron"))
        .arg("--log")
        .arg(log)
        .args([
            "--seed",
            "5",
            "--stations",
            "3",
            "--double",
            "--slip-rate",
            "0.05",
        ])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("simulate");
    assert!(status.success());
    let mut d = log.as_os_str().to_owned();
    d.push(".stations");
    std::path::PathBuf::from(d)
}

#[test]
fn both_verifiers_recheck_a_counting_room_box_by_box() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("room.log");
    let stations = counting_room(&log);
    let (code, rs) = votedesk_stations(&log, &stations);
    let py = python_stations(&log, &stations);
    assert_eq!(code, 0, "{rs}");
    assert_eq!(py["ok"], true, "{py}");
    assert_eq!(
        rs["stations"]["boxes_checked"],
        py["stations"]["boxes_checked"]
    );
    assert!(
        rs["stations"]["boxes_checked"].as_u64().unwrap_or(0) >= 3,
        "{rs}"
    );
    let text = std::fs::read_to_string(&log).expect("log");
    assert!(
        text.contains("\"kind\":\"reading\""),
        "the rehearsal decided no slip"
    );

    // A decision that answers a difference the station logs do not have: the session log
    // still verifies on its own, the station audit fails in both.
    let mut bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let at = bodies
        .iter()
        .position(|b| {
            b["event"]["decisions"]
                .as_array()
                .is_some_and(|d| d.iter().any(|x| x["kind"] == "reading"))
        })
        .expect("a box with a decision");
    let decisions = bodies[at]["event"]["decisions"]
        .as_array_mut()
        .expect("decisions");
    let d = decisions
        .iter_mut()
        .find(|x| x["kind"] == "reading")
        .expect("reading");
    let second = d["second"].clone();
    d["second"] = d["first"].clone();
    d["first"] = second;
    let mut hashes = Vec::new();
    std::fs::write(&log, rehash(&mut bodies, &mut hashes)).expect("write");
    let (code, rs) = votedesk(&log);
    assert_eq!(code, 0, "the session log alone still verifies: {rs}");
    let (code, rs) = votedesk_stations(&log, &stations);
    let py = python_stations(&log, &stations);
    assert_eq!(code, 1, "{rs}");
    assert_eq!(py["ok"], false, "{py}");
    let line = format!("record {}", at + 1);
    assert!(
        rs["stations"]["problems"][0]
            .as_str()
            .unwrap_or("")
            .contains(&line),
        "{rs}"
    );
    assert!(
        py["stations"]["problems"][0]
            .as_str()
            .unwrap_or("")
            .contains(&line),
        "{py}"
    );
}

#[test]
fn both_verifiers_refuse_a_forged_box_note_at_the_same_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("room.log");
    counting_room(&log);
    let text = std::fs::read_to_string(&log).expect("log");
    let bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let boxes: Vec<usize> = bodies
        .iter()
        .enumerate()
        .filter(|(_, b)| b["event"]["type"] == "box_imported")
        .map(|(i, _)| i)
        .collect();
    let (first, second) = (boxes[0], boxes[1]);
    type Edit = Box<dyn Fn(&mut Vec<serde_json::Value>)>;
    let mut cases: Vec<(&str, usize, Edit)> = vec![
        (
            "the same teller twice",
            first,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let t = b[first]["event"]["entries"][0]["teller"].clone();
                b[first]["event"]["entries"][1]["teller"] = t;
            }),
        ),
        (
            "a box imported twice",
            second,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let label = b[first]["event"]["box"].clone();
                b[second]["event"]["box"] = label;
            }),
        ),
        (
            "a hand count that differs, undecided",
            first,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                b[first]["event"]["entries"][0]["hand_count"] = serde_json::json!(1);
            }),
        ),
        (
            "double entry called single",
            first,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                b[first]["event"]["comparison"] = serde_json::json!("single");
            }),
        ),
        (
            "a station record in the session log",
            first,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let mut extra = b[first].clone();
                extra["event"] =
                    serde_json::json!({"type": "station_closed", "ballots": 0, "records": 1});
                b.insert(first, extra);
            }),
        ),
    ];
    // Decisions that answer nothing the comparison left open (the rehearsal compares by
    // order, and every hand count there is right).
    cases.push((
        "an entry chosen on a box compared by order",
        first,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let d = serde_json::json!({"kind": "entry", "chosen": 2, "reason": "x"});
            b[first]["event"]["decisions"]
                .as_array_mut()
                .expect("decisions")
                .push(d);
        }),
    ));
    cases.push((
        "a hand-count decision where the count is right",
        first,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let e = b[first]["event"]["entries"][0].clone();
            let d = serde_json::json!({"kind": "hand_count", "teller": e["teller"],
                "keyed": e["ballots"], "hand_count": e["hand_count"], "reason": "x"});
            b[first]["event"]["decisions"]
                .as_array_mut()
                .expect("decisions")
                .push(d);
        }),
    ));
    cases.push((
        "the same box again under another label",
        second,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let label = b[first]["event"]["box"].as_str().unwrap_or("").to_string();
            b[second]["event"]["box"] = serde_json::json!(format!(" 0{label}"));
        }),
    ));
    cases.push((
        "one entry recorded with no decision saying why",
        first,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let e = &mut b[first]["event"];
            e["entries"].as_array_mut().expect("entries").truncate(1);
            e["comparison"] = serde_json::json!("single");
            e["decisions"] = serde_json::json!([]);
        }),
    ));
    // The round knows its boxes and the ballots collected in the hall.
    let item = bodies[first]["event"]["item"].clone();
    let of_item = |kind: &str| {
        bodies
            .iter()
            .position(|b| b["event"]["type"] == kind && b["event"]["item"] == item)
    };
    let sealed = of_item("boxes_sealed").expect("the rehearsal seals its boxes");
    let closed = of_item("item_closed").expect("the round closes");
    let reconciled = of_item("boxes_reconciled");
    cases.push((
        "a box under a label the round did not seal",
        second,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            b[second]["event"]["box"] = serde_json::json!("1b");
        }),
    ));
    cases.push((
        "boxes short of the ballots collected, closed undecided",
        reconciled.unwrap_or(closed),
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let n = b[sealed]["event"]["collected"].as_u64().unwrap_or(0);
            b[sealed]["event"]["collected"] = serde_json::json!(n + 7);
        }),
    ));
    cases.push((
        "a ballot keyed at the console in a round counted in boxes",
        sealed + 1,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            let mut extra = b[first + 1].clone();
            extra["event"]["ballot"] = serde_json::json!(1);
            b.insert(sealed + 1, extra);
        }),
    ));
    cases.push((
        "one box sealed under two labels (1 and 01)",
        sealed,
        Box::new(move |b: &mut Vec<serde_json::Value>| {
            b[sealed]["event"]["boxes"] = serde_json::json!(["1", "01"]);
        }),
    ));
    if reconciled.is_none() {
        cases.push((
            "a reconciliation where the boxes add up",
            closed,
            Box::new(move |b: &mut Vec<serde_json::Value>| {
                let mut extra = b[closed].clone();
                let s = &b[sealed]["event"];
                extra["event"] = serde_json::json!({"type": "boxes_reconciled",
                    "item": s["item"], "counted": s["collected"], "collected": s["collected"],
                    "missing": [], "reason": "x"});
                b.insert(closed, extra);
            }),
        ));
    }
    for (name, at, edit) in cases {
        let mut bs = bodies.clone();
        edit(&mut bs);
        for (i, b) in bs.iter_mut().enumerate() {
            b["seq"] = serde_json::json!(i);
        }
        let mut hashes = Vec::new();
        std::fs::write(&log, rehash(&mut bs, &mut hashes)).expect("write");
        let (code, rs) = votedesk(&log);
        let py = python(&log);
        assert_eq!(code, 1, "{name}: {rs}");
        let line = at as u64 + 1;
        assert_eq!(rs["findings"][0]["line"], line, "{name}: {rs}");
        assert_eq!(rs["findings"][0]["check"], 5, "{name}: {rs}");
        assert_eq!(py["first_bad_line"], line, "{name}: {py}");
        assert_eq!(py["first_bad_check"], 5, "{name}: {py}");
    }
}

#[test]
fn both_verifiers_refuse_a_station_head_in_capitals_under_check_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("room.log");
    counting_room(&log);
    let text = std::fs::read_to_string(&log).expect("log");
    let mut bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();
    let at = bodies
        .iter()
        .position(|b| b["event"]["type"] == "box_imported")
        .expect("a box");
    let head = bodies[at]["event"]["entries"][0]["station_head"]
        .as_str()
        .expect("head")
        .to_uppercase();
    bodies[at]["event"]["entries"][0]["station_head"] = serde_json::json!(head);
    let mut hashes = Vec::new();
    std::fs::write(&log, rehash(&mut bodies, &mut hashes)).expect("write");
    let (code, rs) = votedesk(&log);
    let py = python(&log);
    assert_eq!(code, 1, "{rs}");
    assert_eq!(rs["findings"][0]["line"], at as u64 + 1, "{rs}");
    assert_eq!(rs["findings"][0]["check"], 1, "{rs}");
    assert_eq!(py["first_bad_line"], at as u64 + 1, "{py}");
    assert_eq!(py["first_bad_check"], 1, "{py}");
}
