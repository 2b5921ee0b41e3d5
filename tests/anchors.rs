//! Anchors: the number and hash read out at a declaration are the declaration record's own,
//! numbered as `verify` numbers records, and `verify --anchor N:HEX` checks each of them
//! against the final log.

mod common;

use std::path::Path;

use votedesk::engine::Action;
use votedesk::recorder::Recorder;

use common::votedesk;

/// A closed log with item `p` declared; returns the anchor the console showed for it.
fn declared_log(dir: &Path) -> (u64, String) {
    let mut rec = common::started(dir);
    rec.record(Action::OpenItem("p".into())).expect("open");
    for m in ["ffa", "fff", "ffa", "faa"] {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices(m),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    let anchor = rec.declared_at.get("p").cloned().expect("anchor shown");
    // More records after the declaration, then the close.
    rec.record(Action::CloseSession).expect("close session");
    anchor
}

#[test]
fn the_declaration_anchor_verifies_against_the_final_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (n, hash) = declared_log(dir.path());
    // Record n is the declaration: the log up to it holds n records (before, the console
    // showed n - 1 for this hash and nothing verified it).
    let text = std::fs::read_to_string(dir.path().join("small.log")).expect("log");
    let line = text.lines().nth(n as usize - 1).expect("line n");
    assert!(
        line.starts_with(&hash) && line.contains("result_declared"),
        "{line}"
    );
    let (code, out, err) = votedesk(
        dir.path(),
        &["verify", "small.log", "--anchor", &format!("{n}:{hash}")],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("anchor (expected head and count)   PASS"),
        "{out}"
    );
    // One off either way is refused.
    for wrong in [n - 1, n + 1] {
        let (code, out, _) = votedesk(
            dir.path(),
            &[
                "verify",
                "small.log",
                "--anchor",
                &format!("{wrong}:{hash}"),
            ],
        );
        assert_eq!(code, 1, "{out}");
        assert!(
            out.contains(&format!("anchor {wrong}: record {wrong} has hash")),
            "{out}"
        );
    }
    // The resumed recorder shows the same anchor.
    let rec = Recorder::start(
        &common::load(common::SMALL),
        &dir.path().join("small.log"),
        "t",
    )
    .expect("open");
    assert_eq!(rec.declared_at.get("p"), Some(&(n, hash)));
}

#[test]
fn a_rewritten_or_truncated_log_fails_an_earlier_anchor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (n, hash) = declared_log(dir.path());
    let path = dir.path().join("small.log");
    let text = std::fs::read_to_string(&path).expect("log");
    let lines: Vec<&str> = text.lines().collect();
    // Cut the log before the declaration.
    std::fs::write(&path, lines[..n as usize - 2].join("\n") + "\n").expect("write");
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "small.log", "--anchor", &format!("{n}:{hash}")],
    );
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("record {n} is missing (truncated)")),
        "{out}"
    );
    // Bad anchors are usage errors.
    for bad in ["12", "0:abc", "x:00", &format!("3:{}", "g".repeat(64))] {
        let (code, _, err) = votedesk(dir.path(), &["verify", "small.log", "--anchor", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

#[test]
fn without_an_anchor_verify_says_what_to_compare() {
    let dir = tempfile::tempdir().expect("tempdir");
    declared_log(dir.path());
    let (code, out, _) = votedesk(dir.path(), &["verify", "small.log"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("no anchor given: the chain is intact in itself"),
        "{out}"
    );
    assert!(out.contains("compare records"), "{out}");
}

#[test]
fn tally_of_a_log_that_fails_verification_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    declared_log(dir.path());
    let path = dir.path().join("small.log");
    let (code, _, _) = votedesk(dir.path(), &["tally", "small.log"]);
    assert_eq!(code, 0);
    let mut bytes = std::fs::read(&path).expect("read");
    // A byte of the last record (the first record binds the session and is most of a
    // small log; changing it leaves nothing to tally).
    let at = bytes.len() - 40;
    bytes[at] ^= 0x01;
    std::fs::write(&path, &bytes).expect("write");
    let (code, out, _) = votedesk(dir.path(), &["tally", "small.log"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("WARNING"), "{out}");
    let (code, _, _) = votedesk(dir.path(), &["tally", "small.log", "--json"]);
    assert_eq!(code, 1);
}
