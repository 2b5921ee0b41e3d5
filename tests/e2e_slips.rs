//! The operator's slips, each at the keyboard of the real binary in tmux at 80×24: what a
//! stray or mistaken key does now. Each failed on the main of 2026-11-26 (the issue lists
//! them); `tests/console.rs` checks the same rules through `App` directly.

mod common;

use std::path::Path;
use std::process::Command;

use common::tmux::Tmux;

/// The small session's console at 80×24 in English, everyone checked in.
fn desk(dir: &Path, lang: &str) -> Tmux {
    std::fs::write(dir.join("small.ron"), common::SMALL).expect("write");
    let t = Tmux::start_sized(
        dir,
        &format!("run small.ron --log small.log --lang {lang} --operator e2e"),
        80,
        24,
    );
    t.wait_for(if lang == "zh" {
        "新建会议日志"
    } else {
        "new session log"
    });
    t
}

fn check_in_everyone(t: &Tmux) {
    t.keys("a", "Roster");
    t.keys("A", "Check in all 6 absent");
    t.keys("y", "present 6");
    t.key("Escape", "Agenda");
}

/// Open the first item (per-candidate form, 6 ballots issued).
fn open_first(t: &Tmux) {
    t.key("Enter", "attendance is locked until voting closes");
    t.keys("y", "is open: 6 ballots issued");
}

/// Wait until every key sent so far was handled: help opens only after them.
fn settle(t: &Tmux) {
    t.keys("?", "Keys (Esc closes)");
    t.key("Escape", "");
}

fn records(dir: &Path) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir)
        .args(["verify", "--json", "small.log"])
        .output()
        .expect("verify");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["records"].as_u64().unwrap_or(0)
}

#[test]
fn slip_1_a_double_enter_on_an_empty_ballot_records_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    let before = records(dir.path());
    t.key("Enter", "nothing marked yet");
    t.key("Enter", "nothing marked yet");
    settle(&t);
    let s = t.screen();
    assert!(s.contains("returned 0 of 6"), "{s}");
    assert_eq!(records(dir.path()), before);
}

#[test]
fn slip_3_attendance_keys_act_on_the_seat_typed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    t.keys("a", "Roster");
    t.keys("5", "seat 5▏");
    let s = t.keys("l", "seat 5 on leave");
    // The highlighted row (seat 1) is untouched.
    let row1 = s
        .lines()
        .find(|l| l.contains(" 1 甲"))
        .unwrap_or_default()
        .to_string();
    assert!(!row1.contains("on leave"), "{row1}");
}

#[test]
fn slip_4_no_key_acts_while_the_window_is_too_small() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    let before = records(dir.path());
    t.resize(50, 12);
    t.wait_for("Window too small");
    t.keys("111", "Window too small");
    t.key("Enter", "Window too small");
    t.keys("b", "Window too small");
    t.keys("y", "Window too small");
    t.resize(80, 24);
    let s = t.wait_for("returned 0 of 6");
    assert!(s.contains("Ballot 1"), "{s}");
    // The footer comes back with the window, without waiting for a key.
    let s = t.wait_until("Enter record", std::time::Duration::from_secs(3));
    assert!(s.contains("Enter record"), "{s}");
    assert_eq!(records(dir.path()), before);
}

#[test]
fn slip_5_a_closed_session_takes_no_recording_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    t.keys("X", "Close the session");
    let s = t.keys("y", "session closed:");
    // The closing instruction is whole at 80×24, not cut at "…head o".
    assert!(s.contains("onto the signed result sheet:"), "{s}");
    let before = records(dir.path());
    // Attendance, check in everyone, yes; open an item, yes; close, declare, further round.
    for (k, shown) in [
        ("a", "Roster"),
        ("5", "seat 5▏"),
        ("l", "seat 5▏"),
        ("A", "Roster"),
        ("y", "Roster"),
    ] {
        t.keys(k, shown);
    }
    t.key("Escape", "Agenda");
    t.key("Enter", "Agenda");
    for k in ["y", "c", "d", "f", "X", "y"] {
        t.keys(k, "Agenda");
    }
    settle(&t);
    let s = t.screen();
    assert!(!s.contains("c close") && !s.contains("X close"), "{s}");
    assert_eq!(records(dir.path()), before);
}

#[test]
fn slip_7_corrections_jump_to_a_ballot_by_its_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    for n in 1..=3 {
        t.keys("111", "Ballot");
        t.key("Enter", &format!("ballot {n} recorded"));
    }
    t.keys("v", "Corrections");
    t.keys("2", "Corrections");
    t.key("Enter", "Void ballot 2");
}

#[test]
fn slip_8_closing_says_how_many_ballots_are_still_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    for n in 1..=2 {
        t.keys("111", "Ballot");
        t.key("Enter", &format!("ballot {n} recorded"));
    }
    t.keys("c", "4 ballot(s)");
    t.keys("n", "cancelled");
}

#[test]
fn slip_9_backspace_takes_back_the_last_mark() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    t.keys("12", "[against]");
    let s = t.key("BSpace", "Ballot 1");
    assert!(!s.contains("[against]"), "{s}");
    assert!(s.contains("[for]"), "{s}");
}

#[test]
fn slip_6_an_invalid_ballot_keeps_its_reason_and_a_rating_subject_may_stay_blank() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    t.keys("o", "This ballot is void");
    t.keys("signed", "signed▏");
    t.key("Enter", "Record a VOID ballot? Reason: signed");
    t.keys("y", "ballot 1 recorded");
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir.path())
        .args(["tally", "--json", "small.log"])
        .output()
        .expect("tally");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["items"][0]["tally"]["ballots"]["void"], 1, "{v}");
}

#[test]
fn slip_10_a_second_console_is_refused_in_the_operators_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let _t = desk(dir.path(), "zh");
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir.path())
        .args(["run", "small.ron", "--log", "small.log", "--lang", "zh"])
        .output()
        .expect("second console");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("正由另一个 votedesk 控制台使用"), "{err}");
}

#[test]
fn slip_11_every_hint_shows_at_80x24() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "en");
    check_in_everyone(&t);
    open_first(&t);
    let s = t.screen();
    let footer: Vec<&str> = s.lines().rev().take(2).collect();
    let footer = footer.join("\n");
    for hint in [
        "Enter record",
        "s spoiled",
        "o void",
        "b blank",
        "i import",
        "x seal",
        "c close",
        "? help",
        "Esc clear",
        "⌫ undo",
    ] {
        assert!(footer.contains(hint), "{hint} missing:\n{footer}");
    }
    // A key that cannot act is not offered: no correction before the first ballot, and no
    // sealing of boxes after it.
    assert!(!footer.contains("v correct"), "{footer}");
    t.keys("111", "Ballot 1");
    let s = t.key("Enter", "ballot 1 recorded");
    let footer: Vec<&str> = s.lines().rev().take(2).collect();
    let footer = footer.join("\n");
    assert!(
        footer.contains("v correct") && !footer.contains("x seal"),
        "{footer}"
    );
}

#[test]
fn slip_12_a_corrected_ballot_keeps_its_paper_number_in_chinese_at_80x24() {
    let dir = tempfile::tempdir().expect("tempdir");
    let t = desk(dir.path(), "zh");
    t.keys("a", "代表名单");
    t.keys("A", "全部报到");
    t.keys("y", "实到 6");
    t.key("Escape", "议程");
    t.key("Enter", "表决期间出席情况锁定");
    t.keys("y", "发出选票 6 张");
    for (i, m) in ["111", "222", "333"].iter().enumerate() {
        t.keys(m, "");
        t.key("Enter", &format!("第 {} 张选票已记录", i + 1));
    }
    // Paper 2 was misread: withdrawn, and keyed again under its own number.
    t.keys("v", "更正");
    t.keys("2", "");
    t.key("Enter", "理由");
    t.keys("读错", "读错");
    let s = t.key("Enter", "作废第 2 张选票（反反反）？");
    assert!(s.contains("t 显示各候选项目"), "{s}");
    let s = t.keys("t", "1 项目甲 反对；2 项目乙 反对；3 项目丙 反对");
    assert!(s.contains("作废第 2 张选票"), "{s}");
    t.keys("y", "第 2 张选票已作废：请重新录入");
    let s = t.screen();
    assert!(s.contains("第 2 张选票（重新录入）"), "{s}");
    t.keys("122", "");
    let s = t.key("Enter", "第 2 张选票已重新录入（收回 3，录入号 4）");
    assert!(s.contains("第 4 张选票"), "{s}");
    // The next paper is the fourth.
    t.keys("111", "");
    t.key("Enter", "第 4 张选票已记录（收回 4，录入号 5）");
}
