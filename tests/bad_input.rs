//! Bad input is normal: endless and huge files, hostile ids, values that would overflow,
//! duplicated import columns, too many ballots, converted line endings. Each gets a short,
//! clear message without the parser's vocabulary, and nothing is recorded.

mod common;

use std::path::Path;

use votedesk::engine::Action;

use common::votedesk;

/// Words of serde, ron or the JSON parser that must never reach a secretariat.
const INTERNALS: [&str; 7] = [
    "internally tagged",
    "raw identifier",
    "r#",
    "Integer is out of bounds",
    "key must be a string",
    "invalid type:",
    "Expected",
];

fn no_internals(text: &str) {
    for w in INTERNALS {
        assert!(!text.contains(w), "parser wording {w:?} in: {text}");
    }
}

#[test]
fn endless_inputs_are_refused_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, _, err) = votedesk(dir.path(), &["verify", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("longer than 64 MiB"), "{err}");
    let (code, _, err) = votedesk(dir.path(), &["check", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("larger than 16 MiB"), "{err}");
    let (code, _, err) = votedesk(dir.path(), &["tally", "/dev/zero"]);
    assert_eq!(code, 2, "{err}");
    // A file of nothing but empty lines is not a log either.
    std::fs::write(dir.path().join("blank.log"), "\n".repeat(5000)).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["verify", "blank.log"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("this is not a votedesk log"), "{err}");
}

fn with_field(field: &str, value: &str) -> String {
    common::SMALL.replacen(
        &format!("{field}: \"{}\"", field_value(field)),
        &format!("{field}: {value}"),
        1,
    )
}

fn field_value(field: &str) -> &'static str {
    match field {
        "id" => "small",
        "date" => "2024-01-10",
        _ => "",
    }
}

#[test]
fn session_ids_must_be_letters_digits_and_dashes() {
    let dir = tempfile::tempdir().expect("tempdir");
    for bad in [
        "../escape",
        "a/b",
        "a\\u{0}b",
        "a\\u{1b}[2Jb",
        "a\\nb",
        "",
        "-x",
        "a b",
    ] {
        let text = with_field("id", &format!("\"{bad}\""));
        std::fs::write(dir.path().join("s.ron"), &text).expect("write");
        let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
        assert_eq!(code, 1, "{bad:?} must be refused: {err}");
        assert!(err.contains("letters, digits and '-'"), "{bad:?}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "no raw escape reaches the terminal"
        );
        // And `run` without --log never writes outside logs/.
        let (code, _, _) = votedesk(dir.path(), &["run", "s.ron"]);
        assert_ne!(code, 0);
        assert!(!dir.path().join("escape.log").exists());
    }
    // Chinese letters are letters.
    let text = with_field("id", "\"杭锦旗-18-3\"");
    std::fs::write(dir.path().join("s.ron"), &text).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_huge_value_is_quoted_cut_short() {
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = "9".repeat(10_000_000);
    let text = with_field("date", &format!("\"{huge}\""));
    std::fs::write(dir.path().join("s.ron"), &text).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
    assert_eq!(code, 1, "{}", &err[..err.len().min(300)]);
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
    assert!(err.contains("more characters)"), "{err}");
}

#[test]
fn investment_totals_are_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = common::SMALL
        .replace("investment: 100)", "investment: 18446744073709551615)")
        .replace("investment: 200)", "investment: 2)");
    std::fs::write(dir.path().join("s.ron"), &text).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("investments add up to more than"), "{err}");
    // A number past u64 is a clear message, not the parser's.
    let text = common::SMALL.replace("investment: 100)", "investment: 99999999999999999999999)");
    std::fs::write(dir.path().join("s.ron"), &text).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("too large"), "{err}");
    no_internals(&err);
}

#[test]
fn session_syntax_errors_speak_the_authors_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (edit, words) in [
        (("id: \"small\"", "id: small"), "double quotes"),
        (("places: 2", "places: -2"), "too large (or negative"),
        (("secret: false", "secret: nope"), ""),
        (
            ("title: \"项目票决\"", "titel: \"项目票决\""),
            "there is no field \"titel\"",
        ),
        (("places: 2,", "places: 2"), "comma is missing"),
    ] {
        let text = common::SMALL.replacen(edit.0, edit.1, 1);
        assert_ne!(text, common::SMALL);
        std::fs::write(dir.path().join("s.ron"), &text).expect("write");
        let (code, _, err) = votedesk(dir.path(), &["check", "s.ron"]);
        assert_eq!(code, 1, "{edit:?}: {err}");
        assert!(err.contains("s.ron:"), "a place: {err}");
        assert!(err.contains(words), "{edit:?}: {err}");
        no_internals(&err);
    }
}

/// A log with seats 1–5 present and item `p` open (5 ballots issued).
fn open_log(dir: &Path) {
    let mut rec = votedesk::recorder::Recorder::start(
        &common::load(common::SMALL),
        &dir.join("small.log"),
        "t",
    )
    .expect("start");
    rec.record_batch((1..=5).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
}

#[test]
fn an_import_with_a_repeated_column_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path());
    let before = std::fs::read(dir.path().join("small.log")).expect("read");
    std::fs::write(dir.path().join("k.csv"), "a,b,c,a\n1,2,3,2\n").expect("write");
    let (code, out, err) = votedesk(dir.path(), &["import", "small.log", "--item", "p", "k.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("column \"a\" appears twice (columns 1 and 4)"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("small.log")).expect("read"),
        before
    );
}

#[test]
fn an_import_that_would_return_more_than_issued_asks_for_allow_excess() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path());
    let before = std::fs::read(dir.path().join("small.log")).expect("read");
    let rows: String = (0..8).map(|_| "1,2,3\n").collect();
    std::fs::write(dir.path().join("k.csv"), format!("a,b,c\n{rows}")).expect("write");
    let (code, out, err) = votedesk(dir.path(), &["import", "small.log", "--item", "p", "k.csv"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("8 would be returned for 5 issued"), "{err}");
    assert!(err.contains("--allow-excess"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("small.log")).expect("read"),
        before
    );
    let (code, out, err) = votedesk(
        dir.path(),
        &[
            "import",
            "small.log",
            "--item",
            "p",
            "k.csv",
            "--allow-excess",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported 8 ballot(s)"), "{out}");
    assert!(
        out.contains("this vote is void and must be re-run"),
        "{out}"
    );
}

#[test]
fn a_huge_import_cell_is_quoted_cut_short() {
    let dir = tempfile::tempdir().expect("tempdir");
    open_log(dir.path());
    let cell = "x".repeat(10_000_000);
    std::fs::write(dir.path().join("k.csv"), format!("a,b,c\n1,2,{cell}\n")).expect("write");
    let (code, _, err) = votedesk(dir.path(), &["import", "small.log", "--item", "p", "k.csv"]);
    assert_eq!(code, 1);
    assert!(err.len() < 2_000, "{} bytes", err.len());
    assert!(
        err.contains("is not a choice"),
        "{}",
        &err[..err.len().min(500)]
    );
}

#[test]
fn a_crlf_converted_log_is_named_as_such_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 4);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace('\n', "\r\n")).expect("write");
    let (code, out, _) = votedesk(dir.path(), &["verify", "small.log"]);
    assert_eq!(code, 1);
    assert!(out.contains("line endings were converted"), "{out}");
    let findings = out.lines().filter(|l| l.contains("bad record:")).count();
    assert_eq!(findings, 1, "one finding only: {out}");
    assert_eq!(out.matches("first bad record").count(), 1, "{out}");
    assert!(!out.contains("body was changed"), "{out}");
}

#[test]
fn an_unknown_event_or_field_in_a_log_is_named_plainly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 4);
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[3] = lines[3].replace("\"type\":\"checked_in\"", "\"type\":\"checked_out\"");
    lines[4] = lines[4].replace("\"seat\":", "\"chair\":");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let (code, out, _) = votedesk(dir.path(), &["verify", "small.log"]);
    assert_eq!(code, 1);
    assert!(out.contains("unknown event type \"checked_out\""), "{out}");
    assert!(
        out.contains("checked_in event has a field \"chair\" it does not take"),
        "{out}"
    );
    no_internals(&out);
}

#[test]
fn the_second_console_refusal_speaks_the_chosen_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    let _held = votedesk::recorder::Recorder::start(
        &common::load(common::SMALL),
        &dir.path().join("small.log"),
        "first",
    )
    .expect("first console");
    let (code, _, err) = votedesk(
        dir.path(),
        &["run", "small.ron", "--log", "small.log", "--lang", "zh"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("正由另一个 votedesk 控制台使用"), "{err}");
    let (_, _, err) = votedesk(
        dir.path(),
        &["run", "small.ron", "--log", "small.log", "--lang", "en"],
    );
    assert!(err.contains("in use by another votedesk console"), "{err}");
}
