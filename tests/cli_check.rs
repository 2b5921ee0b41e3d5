//! `votedesk check`: every bundled session passes; every broken fixture fails with its place.

mod common;

use std::process::Command;

fn check(path: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["check", &common::repo(path).display().to_string()])
        .output()
        .expect("run votedesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bundled_sessions_are_valid() {
    for (file, seated, items) in [
        ("sessions/hanggin-2024.ron", 170, 1),
        ("sessions/hanggin-2025-rating.ron", 170, 1),
        ("sessions/hanggin-standing-review.ron", 25, 1),
        ("sessions/national-3000.ron", 3000, 3),
    ] {
        let (code, out, err) = check(file);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(
            out.contains(&format!("seated 应到 {seated}")),
            "{file}: {out}"
        );
        assert!(out.contains(&format!("{items} item(s)")), "{file}: {out}");
    }
}

#[test]
fn each_broken_fixture_names_its_place() {
    // (fixture, line:column or file marker, words of the message)
    let cases = [
        ("syntax", "syntax.ron:15:13", "a comma is missing here"),
        ("unknown-field", "unknown-field.ron:15:13", "plces"),
        (
            "duplicate-seat",
            "duplicate-seat.ron:9:",
            "seat 2 appears twice",
        ),
        (
            "duplicate-item",
            "duplicate-item.ron:22:",
            "item id \"p\" is used twice",
        ),
        (
            "duplicate-candidate",
            "duplicate-candidate.ron:18:",
            "id \"a\" is used twice",
        ),
        (
            "places-exceed",
            "places-exceed.ron:13:",
            "places cannot exceed candidates",
        ),
        (
            "tick-range",
            "tick-range.ron:13:",
            "TickAtMost(5) is out of range",
        ),
        (
            "unknown-label",
            "unknown-label.ron:25:40",
            "\"比较满意\", which is not on the scale",
        ),
        (
            "empty-roster",
            "empty-roster.ron:6:5",
            "the roster is empty",
        ),
        (
            "roster-missing",
            "no-such-roster.csv",
            "cannot read the roster CSV",
        ),
        (
            "roster-malformed",
            "roster-malformed.csv:3:2",
            "each row needs seat, name, delegation",
        ),
        ("bad-date", "bad-date.ron:4:11", "write it as YYYY-MM-DD"),
        (
            "bad-threshold",
            "bad-threshold.ron:22:",
            "not a fraction from 0 to 1",
        ),
        ("no-items", "no-items.ron:11:5", "the agenda has no items"),
        (
            "duplicate-title",
            "duplicate-title.ron:18:34",
            "the title \"项目甲\" is used twice",
        ),
        (
            "empty-title",
            "empty-title.ron:18:",
            "\"b\" has an empty title",
        ),
        ("never-met", "never-met.ron:22:", "can never be met"),
    ];
    for (name, place, words) in cases {
        let (code, _, err) = check(&format!("tests/fixtures/broken/{name}.ron"));
        assert_eq!(code, 1, "{name} should be invalid: {err}");
        assert!(
            err.contains(place),
            "{name}: expected place {place} in {err}"
        );
        assert!(err.contains(words), "{name}: expected '{words}' in {err}");
    }
}

#[test]
fn unreadable_file_exits_2() {
    let (code, _, err) = check("tests/fixtures/does-not-exist.ron");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"));
}

#[test]
fn minimal_fixture_is_valid() {
    let (code, out, _) = check("tests/fixtures/valid-minimal.ron");
    assert_eq!(code, 0);
    assert!(out.contains("2 item(s)"));
}
