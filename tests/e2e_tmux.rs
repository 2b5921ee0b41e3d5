//! End to end: the real binary in tmux, as an operator uses it. A whole small session from
//! attendance to session close, then `votedesk verify` and `tally` agree with the screen;
//! and a `kill -9` mid-entry followed by a resume that loses nothing acknowledged.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;

fn votedesk(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn check_in_all(t: &Tmux) {
    t.keys("a", "Roster");
    for seat in 1..=6 {
        t.keys(&seat.to_string(), &format!("seat {seat}▏"));
        t.key("Enter", &format!("seat {seat} "));
    }
    t.wait_for("present 6");
    t.key("Escape", "Agenda");
}

#[test]
fn a_whole_session_at_the_keyboard_then_verify_agrees_with_the_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    let t = Tmux::start(
        dir.path(),
        "run small.ron --log small.log --lang en --operator e2e",
    );
    t.wait_for("new session log");
    check_in_all(&t);

    // Secret per-candidate vote with a tie for the second place.
    t.key("Enter", "attendance is locked until voting closes");
    t.keys("y", "6 ballots issued");
    for (i, m) in ["111", "111", "111", "111", "122", "1n2"]
        .iter()
        .enumerate()
    {
        t.keys(m, "Ballot");
        t.key("Enter", &format!("ballot {} recorded", i + 1));
    }
    // A correction: key a wrong seventh ballot, void it with a reason.
    t.keys("1", "Ballot 7");
    // A seventh ballot for six issued asks first and says what it does.
    t.key("Enter", "returned would be 7, more than the 6 issued");
    t.keys("y", "ballot 7 recorded");
    t.keys("v", "Corrections");
    t.key("Enter", "Void ballot 7");
    t.keys("duplicate", "duplicate▏");
    t.key("Enter", "Void ballot 7 (F--)? Reason: duplicate");
    t.keys("y", "ballot 7 voided");
    t.keys("c", "Close voting? Issued 6 returned 6 valid 6 void 0");
    t.keys("y", "Result (not yet declared)");
    t.keys("d", "Declare the result");
    let declared = t.keys("y", "Result (declared)");
    assert!(declared.contains("TIE"), "{declared}");
    // The further round among the tied.
    t.keys(
        "f",
        "Open a runoff after a tie among 项目乙, 项目丙, places 1?",
    );
    t.keys("y", "\"项目票决, round 2\" created");
    t.key("Enter", "Open voting on");
    t.keys("y", "\"项目票决, round 2\" is open");
    for (i, m) in ["12", "12", "12", "12", "21", "21"].iter().enumerate() {
        t.keys(m, "Ballot");
        t.key("Enter", &format!("ballot {} recorded", i + 1));
    }
    t.keys("c", "Close voting?");
    t.keys("y", "Result (not yet declared)");
    t.keys("d", "Declare");
    let round2 = t.keys("y", "Result (declared)");
    assert!(round2.contains("ADOPTED"), "{round2}");
    t.key("Escape", "Agenda");

    // The named resolution: seat first, a second ballot refused.
    t.key("Down", "▶决议");
    t.key("Enter", "Open voting on");
    t.keys("y", "\"决议（记名）\" is open");
    t.keys("3", "seat 3▏");
    t.key("Enter", "Vote of seat 3");
    t.keys("1", "[for]");
    t.key("Enter", "ballot 1 recorded (3)");
    t.keys("3", "seat 3▏");
    t.key("Enter", "already voted");
    t.keys("c", "Close voting?");
    t.keys("y", "Result (not yet declared)");
    t.keys("d", "Declare");
    t.keys("y", "Result (declared)");
    t.key("Escape", "Agenda");

    // Tick-at-most-1, with an over-marked ballot recorded void after confirmation.
    t.key("Down", "▶差额票决");
    t.key("Enter", "Open voting on");
    t.keys("y", "\"差额票决\" is open");
    t.keys("1", "1 ticked");
    t.key("Enter", "ballot 1 recorded");
    t.keys("12", "VOID (over-marked)");
    t.key("Enter", "record as a VOID ballot?");
    t.keys("y", "ballot 2 recorded");
    t.keys("c", "Close voting? Issued 6 returned 2 valid 1 void 1");
    t.keys("y", "Result");
    t.keys("d", "Declare");
    t.keys("y", "Result (declared)");
    t.key("Escape", "Agenda");

    // The rating.
    t.key("Down", "▶满意度测评");
    t.key("Enter", "Open voting on");
    t.keys("y", "\"满意度测评\" is open");
    for (i, m) in ["11", "12", "13", "10"].iter().enumerate() {
        t.keys(m, "Ballot");
        t.key("Enter", &format!("ballot {} recorded", i + 1));
    }
    t.keys("c", "Close voting?");
    t.keys("y", "Result");
    t.keys("d", "Declare");
    let rating = t.keys("y", "Result (declared)");
    assert!(rating.contains("满意"), "{rating}");
    t.key("Escape", "Agenda");

    // Close the session: the screen shows the anchor.
    t.keys("X", "Close the session?");
    let closed = t.keys("y", "Session closed");
    let (code, out) = votedesk(
        dir.path(),
        &["verify", "small.log", "--session", "small.ron"],
    );
    assert_eq!(code, 0, "{out}");
    let head = out
        .lines()
        .find_map(|l| l.strip_prefix("head:    "))
        .expect("head")
        .to_string();
    let count = out
        .lines()
        .find_map(|l| l.strip_prefix("records: "))
        .expect("count")
        .to_string();
    assert!(
        closed.contains(&head[..32]) && closed.contains(&head[32..]),
        "screen shows the head {head}:\n{closed}"
    );
    assert!(closed.contains(&format!("records {count}")), "{closed}");
    t.keys("q", "");

    // The recount equals what the screens showed.
    let (_, json) = votedesk(dir.path(), &["tally", "--json", "small.log"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let item = |id: &str| {
        v["items"]
            .as_array()
            .and_then(|a| a.iter().find(|i| i["id"] == id))
            .cloned()
            .expect("item")
    };
    assert_eq!(item("p")["declared"]["adopted"], serde_json::json!(["a"]));
    assert_eq!(item("p")["declared"]["tied"], serde_json::json!(["b", "c"]));
    assert_eq!(item("p#2")["declared"]["adopted"], serde_json::json!(["b"]));
    assert_eq!(item("tick")["tally"]["ballots"]["void"], 1);
    assert_eq!(item("named")["tally"]["candidates"][0]["for"], 1);
    assert_eq!(
        item("r")["tally"]["subjects"][0]["counts"],
        serde_json::json!([4, 0, 0])
    );
    // The secret ballots name nobody; the named one does.
    let log = std::fs::read_to_string(dir.path().join("small.log")).expect("log");
    for line in log.lines().filter(|l| l.contains("ballot_recorded")) {
        let named = line.contains("\"item\":\"named\"");
        assert_eq!(!line.contains("\"seat\":null"), named, "{line}");
    }
}

#[test]
fn kill_9_mid_entry_then_resume_where_it_was() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    let t = Tmux::start(dir.path(), "run small.ron --log small.log --lang en");
    t.wait_for("new session log");
    check_in_all(&t);
    t.key("Enter", "attendance is locked until voting closes");
    t.keys("y", "6 ballots issued");
    t.keys("111", "Ballot 1");
    t.key("Enter", "ballot 1 recorded");
    t.keys("122", "Ballot 2");
    t.key("Enter", "ballot 2 recorded");
    // Mid-entry of ballot 3: keyed but not recorded.
    t.keys("11", "Ballot 3");
    let pid = t.pid();
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("kill")
            .success()
    );
    t.kill_server();

    // A second console on a live log is refused; here the first is dead, so it resumes.
    let t2 = Tmux::start(dir.path(), "run small.ron --log small.log --lang en");
    let s = t2.wait_for("resumed");
    assert!(
        s.contains("returned 2 of 6 issued"),
        "same item open, same counts:\n{s}"
    );
    assert!(s.contains("Ballot 3"), "{s}");
    // The unacknowledged ballot 3 is visibly not there: its marks are gone.
    assert!(!s.contains("[for]"), "{s}");

    // While this console runs, a second one on the same log is refused.
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir.path())
        .args(["run", "small.ron", "--log", "small.log"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in use by another votedesk console"));
    t2.keys("q", "");
}

#[test]
fn plain_votedesk_runs_the_bundled_demo_from_any_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = Tmux::start(dir.path(), "");
    let s = t.wait_for("new session log");
    assert!(
        s.contains("3rd Session of the 18th People's Congress"),
        "{s}"
    );
    assert!(s.contains("Seated          170"), "{s}");
    assert!(
        s.contains("logs/hanggin-18-3.log"),
        "the overview shows where the log is:\n{s}"
    );
    t.keys("q", "");
    // Starting again resumes the same log.
    drop(t);
    let t = Tmux::start(dir.path(), "");
    t.wait_for("resumed");
    t.keys("q", "");
    assert!(dir.path().join("logs/hanggin-18-3.log").exists());
}
