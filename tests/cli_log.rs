//! `votedesk verify`, `tally` and `simulate` from the command line: exit codes and messages.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn votedesk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(args)
        .output()
        .expect("run votedesk")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn simulate(session: &str, log: &Path, seed: &str) {
    let o = votedesk(&[
        "simulate",
        &common::repo(session).display().to_string(),
        "--log",
        &log.display().to_string(),
        "--seed",
        seed,
    ]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn verify_reports_checks_head_and_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("r.log");
    simulate("sessions/hanggin-standing-review.ron", &log, "2");
    let l = log.display().to_string();
    let session = common::repo("sessions/hanggin-standing-review.ron")
        .display()
        .to_string();
    let o = votedesk(&["verify", &l, "--session", &session]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for n in 1..=7 {
        assert!(out.contains(&format!("{n:>2}. ")), "{out}");
    }
    assert!(out.contains("result:  verified"));
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("head:    "))
        .expect("head line")
        .to_string();
    let count = out
        .lines()
        .find_map(|l| l.strip_prefix("records: "))
        .expect("count")
        .to_string();

    // With the anchor from the sheet.
    let o = votedesk(&[
        "verify",
        &l,
        "--expect-head",
        &head,
        "--expect-count",
        &count,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Another session file: binding fails.
    let other = common::repo("sessions/hanggin-2024.ron")
        .display()
        .to_string();
    let o = votedesk(&["verify", &l, "--session", &other]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("is not the one this log binds"));

    // A changed byte: the first bad record is named with line, offset, seq and event.
    let mut bytes = std::fs::read(&log).expect("read");
    let third_line = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .map(|(i, _)| i + 1)
        .expect("3 lines");
    let seat = b"\"seat\":";
    let pos = third_line
        + bytes[third_line..]
            .windows(seat.len())
            .position(|w| w == seat)
            .expect("seat")
        + seat.len();
    bytes[pos] = if bytes[pos] == b'9' { b'8' } else { b'9' };
    std::fs::write(&log, &bytes).expect("write");
    let o = votedesk(&["verify", &l]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(
        out.contains(&format!(
            "first bad record: line 3, byte offset {third_line}"
        )),
        "{out}"
    );
    assert!(out.contains("seq 2, event checked_in, check 3"), "{out}");
    assert!(
        out.contains("expected: ") && out.contains("found:    "),
        "{out}"
    );

    // Could not run: exit 2.
    let o = votedesk(&[
        "verify",
        &dir.path().join("missing.log").display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = votedesk(&["verify", &l, "--expect-head", "xyz"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_unclosed_session_is_not_verified_but_not_tampering() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("small.log");
    drop(common::started(dir.path()));
    let o = votedesk(&["verify", &log.display().to_string()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("not verified: session not closed"),
        "{}",
        text(&o)
    );
    // A torn tail is crash residue, not part of the log.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    std::io::Write::write_all(&mut f, b"0123abc").expect("write");
    let o = votedesk(&["verify", &log.display().to_string()]);
    assert!(text(&o).contains("crash residue: 7 bytes"), "{}", text(&o));
    assert!(text(&o).contains("session not closed"));
}

#[test]
fn tally_json_reports_every_item_as_recomputed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("h.log");
    simulate("sessions/hanggin-2024.ron", &log, "5");
    let o = votedesk(&["tally", "--json", &log.display().to_string()]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["schema"], "votedesk.tally.v1");
    assert_eq!(v["verified"], true);
    assert_eq!(v["session"]["seated"], 170);
    let item = &v["items"][0];
    assert_eq!(item["id"], "projects-2024");
    assert_eq!(item["phase"], "declared");
    let t = &item["tally"];
    assert_eq!(t["kind"], "vote");
    assert_eq!(t["threshold"], 86);
    let cands = t["candidates"].as_array().expect("candidates");
    assert_eq!(cands.len(), 10);
    // The declared outcome is the recount's.
    let adopted: Vec<&str> = cands
        .iter()
        .filter(|c| c["status"] == "adopted")
        .map(|c| c["id"].as_str().unwrap_or(""))
        .collect();
    let declared: Vec<&str> = item["declared"]["adopted"]
        .as_array()
        .expect("declared")
        .iter()
        .map(|c| c.as_str().unwrap_or(""))
        .collect();
    let mut a = adopted.clone();
    let mut d = declared.clone();
    a.sort();
    d.sort();
    assert_eq!(a, d);
    // Every ballot counted: for + against + abstain = valid ballots for each candidate.
    let valid = t["ballots"]["valid"].as_u64().expect("valid");
    for c in cands {
        let sum = c["for"].as_u64().unwrap_or(0)
            + c["against"].as_u64().unwrap_or(0)
            + c["abstain"].as_u64().unwrap_or(0);
        assert_eq!(sum, valid, "{c}");
    }
    let o = votedesk(&["tally", &log.display().to_string()]);
    let out = text(&o);
    assert!(
        out.contains("issued 发出") && out.contains("adopted 通过"),
        "{out}"
    );
}

#[test]
fn simulate_resumes_an_unfinished_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = common::started(dir.path());
    rec.record(votedesk::engine::Action::OpenItem("p".into()))
        .expect("open");
    drop(rec);
    let log = dir.path().join("small.log");
    // simulate needs a session file on disk that matches the log's binding.
    let session = dir.path().join("small.ron");
    std::fs::write(&session, common::SMALL).expect("write");
    let o = votedesk(&[
        "simulate",
        &session.display().to_string(),
        "--log",
        &log.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let o = votedesk(&["verify", &log.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let bytes = std::fs::read_to_string(&log).expect("read");
    assert!(bytes.contains("\"type\":\"session_resumed\""));
}

/// A printing command whose reader goes away (`| head -1`) ends quietly, never with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_a_printing_command_quietly() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    // A sheet far larger than a pipe holds (the 3,000-deputy roll call: about 1.2 MB).
    let log = dir.path().join("n.log");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .arg("simulate")
        .arg(common::repo("sessions/national-3000.ron"))
        .arg("--log")
        .arg(&log)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("simulate");
    assert!(status.success());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["report", "--format", "md"])
        .arg(&log)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("report");
    let mut first = String::new();
    {
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .expect("one line");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(first.starts_with('#'), "{first}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}
