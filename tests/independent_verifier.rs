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
