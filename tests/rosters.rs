//! Rosters from spreadsheets: GBK, UTF-8 with a byte-order mark, CRLF, and malformed files;
//! the log binds the roster's exact bytes, whatever the encoding.

mod common;

use std::process::Command;

fn votedesk(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(name: &str) -> String {
    common::repo(&format!("tests/fixtures/rosters/{name}.ron"))
        .display()
        .to_string()
}

#[test]
fn spreadsheet_encodings_and_line_ends_are_read_alike() {
    let mut names = Vec::new();
    for f in ["gbk", "utf8-bom", "crlf"] {
        let loaded = votedesk::session::load_file(std::path::Path::new(&fixture(f))).expect(f);
        let r = &loaded.session.roster;
        assert_eq!(r.len(), 5, "{f}: trailing empty rows are ignored");
        assert!(r[1].on_leave, "{f}: the status column marks leave");
        names.push(
            r.iter()
                .map(|d| (d.seat, d.name.clone(), d.delegation.clone()))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(names[0], names[1]);
    assert_eq!(names[1], names[2]);
    assert_eq!(names[0][0].1, "张三");
    assert_eq!(names[0][2].2, "巴拉贡镇");
}

#[test]
fn malformed_rosters_name_the_row() {
    for (f, place, words) in [
        (
            "short-row",
            "short-row.csv:3:2",
            "each row needs seat, name, delegation",
        ),
        (
            "duplicate-seat",
            "duplicate-seat.csv:3:1",
            "seat 2 appears again",
        ),
        ("empty-name", "empty-name.csv:2:2", "empty name"),
        ("utf16", "utf16.csv:1:1", "save it as \"CSV UTF-8\""),
    ] {
        let (code, _, err) = votedesk(&["check", &fixture(f)]);
        assert_eq!(code, 1, "{f}");
        assert!(err.contains(place) && err.contains(words), "{f}: {err}");
    }
}

#[test]
fn a_gbk_roster_is_bound_byte_for_byte_and_verifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("gbk.log").display().to_string();
    let (code, _, err) = votedesk(&["simulate", &fixture("gbk"), "--log", &log]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = votedesk(&["verify", &log, "--session", &fixture("gbk")]);
    assert_eq!(code, 0, "{out}");
    let text = std::fs::read_to_string(&log).expect("log");
    let first = text.lines().next().expect("binding");
    assert!(
        first.contains("\"roster_hex\":"),
        "non-UTF-8 bytes are embedded exactly"
    );
    let gbk = std::fs::read(common::repo("tests/fixtures/rosters/gbk.csv")).expect("csv");
    assert!(first.contains(&votedesk::log::sha256_hex(&gbk)));
    // The leave in the roster's status column is recorded when the log is created, as a
    // batch right after the binding.
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.contains("\"type\":\"batch\",\"records\":1"))
    );
    assert!(
        text.lines()
            .nth(2)
            .is_some_and(|l| l.contains("\"type\":\"marked_on_leave\",\"seat\":2"))
    );
    // The independent verifier agrees.
    let out = Command::new("python3")
        .arg(common::repo("tests/independent_verifier.py"))
        .arg(&log)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Another roster file (same names, other bytes) is not the one the log binds.
    let (code, out, _) = votedesk(&["verify", &log, "--session", &fixture("utf8-bom")]);
    assert_eq!(code, 1);
    assert!(out.contains("not the one this log binds"), "{out}");
}

#[test]
fn a_roster_named_with_windows_separators_is_found_on_linux() {
    // A session folder made on Windows: the roster sits in a subfolder named with "\".
    let dir = tempfile::tempdir().expect("tempdir");
    let sub = dir.path().join("名册 2024");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::copy(
        format!(
            "{}/sessions/hanggin-2024-roster.csv",
            env!("CARGO_MANIFEST_DIR")
        ),
        sub.join("代表名册.csv"),
    )
    .expect("copy roster");
    let text = std::fs::read_to_string(format!(
        "{}/sessions/hanggin-2024.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("session")
    .replace(
        r#"Csv("hanggin-2024-roster.csv")"#,
        r#"Csv("名册 2024\\代表名册.csv")"#,
    );
    assert!(text.contains(r#"名册 2024\\代表名册.csv"#));
    let session = dir.path().join("会议.ron");
    std::fs::write(&session, text).expect("write");
    let (code, out, err) = votedesk(&["check", session.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{out}{err}");
}
