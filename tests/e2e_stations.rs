//! End to end in tmux: the console opens an item; two counting stations key the same box
//! from a copy of the log, with one deliberate difference; the console imports the folder,
//! lists the difference, records the scrutineers' decision; and the final tally equals
//! `votedesk tally --json` and what the projector shows.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;

/// Key a box of three ballots at a station; `second` is the second ballot's marks.
fn station(dir: &Path, teller: &str, second: &str) {
    let t = Tmux::start_sized(
        dir,
        &format!(
            "station copy.log --item p --box 1 --teller {teller} --hand-count 3 --out boxes/{teller}.log --lang en"
        ),
        80,
        24,
    );
    let s = t.wait_for("new station log");
    assert!(s.contains("STATION · round 1 · box 1 · teller"), "{s}");
    assert!(s.contains("This box as keyed (no verdict)"), "{s}");
    // No threshold and no verdict for one box.
    assert!(!s.contains("pass:") && !s.contains("ADOPTED"), "{s}");
    for (n, marks) in [(1, "112"), (2, second), (3, "111")] {
        t.keys(marks, "");
        t.key("Enter", &format!("ballot {n} recorded"));
    }
    let s = t.keys("c", "Finish box 1 and close the station log?");
    assert!(s.contains("Keyed 3, counted by"), "{s}");
    t.keys("y", "box 1 finished: 3 ballots");
}

#[test]
fn two_stations_one_difference_decided_at_the_console_and_counted_everywhere_alike() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(d.join("small.ron"), common::SMALL).expect("write");
    std::fs::create_dir(d.join("boxes")).expect("mkdir");
    let console = Tmux::start_sized(
        d,
        "run small.ron --log small.log --lang en --operator desk",
        100,
        30,
    );
    console.wait_for("new session log");
    console.keys("a", "Roster");
    console.keys("A", "Check in all 6 absent");
    console.keys("y", "present 6");
    console.key("Escape", "Agenda");
    console.key("Enter", "attendance is locked until voting closes");
    console.keys("y", "is open: 6 ballots issued");
    // Before any box is opened the hall seals the round's box and its count of ballots.
    console.keys("x", "box labels:");
    console.keys("1", "box labels: 1");
    console.key("Enter", "collected:");
    console.keys("3", "collected: 3");
    console.key("Enter", "Seal the boxes of");
    console.keys("y", "boxes 1 sealed, 3 collected; only these");
    // The stations work from a copy of the log, as on a USB stick.
    std::fs::copy(d.join("small.log"), d.join("copy.log")).expect("copy");
    station(d, "Ann", "211");
    station(d, "Bob", "213");

    console.keys("i", "file:");
    console.keys("boxes", "boxes▏");
    let s = console.key("Enter", "Boxes compared: 3 to decide, 3 left");
    // What differs, by the candidate's title, both readings.
    assert!(
        s.contains("box 1 ballot 2: 项目丙: Ann for ≠ Bob abstain"),
        "{s}"
    );
    // Nothing records before the decisions.
    console.key("Enter", "3 still to decide");
    // Each station log's head, read against its table's signed count sheet: a wrong one
    // is refused, the right one recorded with the scrutineer's name.
    for (k, teller) in ["Ann", "Bob"].into_iter().enumerate() {
        let log = votedesk::station::read_file(&d.join(format!("boxes/{teller}.log")))
            .expect("station log");
        console.keys("h", "Head: its first 8");
        console.keys("00000000 Wang", "Wang▏");
        console.key("Enter", "not this station log's head");
        console.key("Escape", &format!("{} left", 3 - k));
        console.keys("h", "Head: its first 8");
        console.keys(&format!("{} Wang", &log.head[..8]), "Wang▏");
        console.key("Enter", &format!("{} left", 2 - k));
    }
    console.keys("1", "The first teller's reading: why");
    console.keys("paper shows for on c", "paper shows for on c▏");
    console.key("Enter", "Boxes compared: 3 to decide, 0 left");
    // The question wraps inside its window; all of it is there.
    let s = console.key(
        "Enter",
        "Record box 1 3 ballots (double entry, 1 difference(s)",
    );
    assert!(
        s.contains("Confirm") && s.contains("decided)? Each box is written at once"),
        "{s}"
    );
    console.keys("y", "recorded: box 1 3 ballots");
    console.keys("c", "Close voting?");
    console.keys("y", "closed; check the count");
    console.keys("d", "Declare");
    console.keys("y", "declared; anchor");

    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(d)
        .args(["tally", "--json", "small.log"])
        .output()
        .expect("tally");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let item = &v["items"][0];
    let fors: Vec<u64> = item["tally"]["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["for"].as_u64().unwrap_or(0))
        .collect();
    // Ann's reading of ballot 2 (a against, b for, c for) was decided: 112 + 211 + 111.
    assert_eq!(fors, vec![2, 3, 2], "{item}");
    assert_eq!(item["tally"]["ballots"]["returned"], 3);

    let projector = Tmux::start_sized(d, "projector small.log --lang en", 160, 48);
    let screen = projector.wait_for("项目丙");
    for c in item["tally"]["candidates"].as_array().expect("candidates") {
        let title = c["title"].as_str().expect("title");
        let line = screen
            .lines()
            .find(|l| l.contains(title))
            .unwrap_or_else(|| panic!("{title} not on screen:\n{screen}"));
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert_eq!(
            numbers[1..4],
            [
                c["for"].as_u64().unwrap_or(0),
                c["against"].as_u64().unwrap_or(0),
                c["abstain"].as_u64().unwrap_or(0)
            ],
            "{line}"
        );
    }
    // And the auditor's check of the box against both station logs.
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(d)
        .args(["verify", "small.log", "--stations", "boxes"])
        .output()
        .expect("verify");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 read; 1 imported box(es) equal their station logs"),
        "{text}"
    );
}
