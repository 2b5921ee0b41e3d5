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
        py["problems"].as_array().is_some_and(|p| p
            .iter()
            .any(|x| x == &serde_json::json!(format!("line {header_line}: unfinished batch")))),
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
