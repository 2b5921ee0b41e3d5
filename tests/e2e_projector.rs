//! End to end: `votedesk simulate --pace-ms` writes a session while the projector follows the
//! same log in another tmux window; its final screen shows exactly the declared results that
//! `votedesk tally --json` reports.

mod common;

use std::process::Command;
use std::time::Duration;

use common::tmux::Tmux;

#[test]
fn the_projector_follows_a_rehearsal_to_the_declared_results() {
    let dir = tempfile::tempdir().expect("tempdir");
    let session = common::repo("sessions/hanggin-2024.ron");
    // The projector starts first and waits for the log.
    let t = Tmux::start_sized(dir.path(), "projector h.log --lang en", 160, 48);
    t.wait_for("Waiting for the session log");
    let sim = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir.path())
        .args([
            "simulate",
            &session.display().to_string(),
            "--log",
            "h.log",
            "--seed",
            "3", // a seed with no further round: the screen ends on the first round
            "--pace-ms",
            "20",
        ])
        .spawn()
        .expect("simulate");
    // While ballots come in, the hall sees progress but no counts (the item is secret, not
    // live). Wait for the voting screen itself: under load the first frame the projector
    // draws may already be a later one, and "returned" is on those too.
    let during = t.wait_until(
        "results are shown once the chair declares them",
        Duration::from_secs(20),
    );
    assert!(during.contains("returned"), "{during}");
    let out = sim.wait_with_output().expect("simulate ends");
    assert!(out.status.success());
    let screen = t.wait_until("session closed", Duration::from_secs(20));

    let json = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir.path())
        .args(["tally", "--json", "h.log"])
        .output()
        .expect("tally");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["verified"], true);
    let item = &v["items"][0];
    let declared: Vec<&str> = item["declared"]["adopted"]
        .as_array()
        .expect("adopted")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    let cands = item["tally"]["candidates"].as_array().expect("candidates");
    assert_eq!(cands.len(), 10);
    for c in cands {
        let title = c["title"].as_str().expect("title");
        let line = screen
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} not on screen:\n{screen}"));
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        // rank, for, against, abstain, not voted
        assert_eq!(
            numbers[1..5],
            [
                c["for"].as_u64().unwrap_or(0),
                c["against"].as_u64().unwrap_or(0),
                c["abstain"].as_u64().unwrap_or(0),
                c["not_voted"].as_u64().unwrap_or(0)
            ],
            "{line}"
        );
        assert_eq!(numbers[0], c["rank"].as_u64().unwrap_or(0), "{line}");
        let adopted = declared.contains(&c["id"].as_str().unwrap_or(""));
        assert_eq!(line.contains("ADOPTED"), adopted, "{line}");
    }
    let b = &item["tally"]["ballots"];
    assert!(
        screen.contains(&format!(
            "issued {}  returned {}  valid {}  void {}",
            b["issued"], b["returned"], b["valid"], b["void"]
        )),
        "{screen}"
    );
    assert!(!item["declared"].is_null(), "the item was declared");
    assert!(
        screen.contains("declaration anchor: log record"),
        "{screen}"
    );
}
