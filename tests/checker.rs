//! The streaming checker: fed a line at a time it reaches the same verdict as a whole-log
//! check, keeps a bounded number of findings, and holds the session model to the file.

mod common;

use votedesk::log;
use votedesk::verify::{self, Checker, MAX_FINDINGS, Options};

fn rehash(bodies: &mut [serde_json::Value]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    for body in bodies.iter_mut() {
        if let Some(p) = &prev {
            body["prev"] = serde_json::Value::String(p.clone());
        }
        let bytes = serde_json::to_vec(body).expect("json");
        let hash = log::entry_hash(&bytes);
        out.extend_from_slice(hash.as_bytes());
        out.push(b' ');
        out.extend_from_slice(&bytes);
        out.push(b'\n');
        prev = Some(hash);
    }
    out
}

#[test]
fn feeding_line_by_line_equals_the_whole_log_check_at_every_prefix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 5);
    let bytes = std::fs::read(&path).expect("read");
    let scan = log::scan(&bytes);
    let mut checker = Checker::new(Options::default());
    for (i, line) in scan.lines.iter().enumerate() {
        checker.feed(line);
        if i % 37 == 0 || i + 1 == scan.lines.len() {
            let prefix = log::Scan {
                lines: scan.lines[..=i].to_vec(),
                torn_tail: None,
                complete_len: 0,
            };
            let whole = verify::check(&prefix, &Options::default());
            let fed = checker.report(None);
            assert_eq!(fed.records, whole.records);
            assert_eq!(fed.head, whole.head);
            assert_eq!(fed.verdict, whole.verdict, "at line {}", i + 1);
            assert_eq!(fed.replayed, whole.replayed);
            assert_eq!(fed.focus, whole.focus);
        }
    }
    let streamed = verify::check_file(&path, &Options::default()).expect("check");
    assert!(streamed.verified, "{}", streamed.verdict);
    // The file check takes each ballot's marks out of its line; the replay must come out
    // as the one that copies them, to the last ballot and the last record found.
    let fed = checker.finish(None);
    assert_eq!(fed.head, streamed.head);
    assert_eq!(fed.last_found, streamed.last_found);
    let (a, b) = (fed.state.expect("state"), streamed.state.expect("state"));
    for i in 0..a.items.len() {
        assert_eq!(a.items[i].ballots, b.items[i].ballots, "item {i}");
        assert_eq!(a.tally(i), b.tally(i), "item {i}");
    }
}

#[test]
fn findings_are_capped_but_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 3);
    let text = std::fs::read_to_string(&path).expect("read");
    // Every line's hash changed: one finding per record, far more than are kept.
    let mut out = String::new();
    let first = text.lines().next().expect("line").to_string();
    out.push_str(&first);
    out.push('\n');
    let body = &first[65..];
    for _ in 0..(MAX_FINDINGS + 500) {
        out.push_str(&"0".repeat(64));
        out.push(' ');
        out.push_str(body);
        out.push('\n');
    }
    std::fs::write(&path, out).expect("write");
    let report = verify::check_file(&path, &Options::default()).expect("check");
    assert!(!report.verified);
    assert_eq!(report.findings.len(), MAX_FINDINGS);
    assert!(
        report.findings_omitted >= 500,
        "{}",
        report.findings_omitted
    );
    assert!(report.verdict.contains(&format!(
        "{} problem(s)",
        report.findings.len() as u64 + report.findings_omitted
    )));
}

#[test]
fn a_session_model_that_is_not_the_embedded_files_is_refused_under_check_4() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 2);
    let text = std::fs::read_to_string(&path).expect("read");
    let bodies: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(&l[65..]).expect("body"))
        .collect();

    // A forger who lowers a threshold in the model and fixes its hash and the chain.
    let mut forged = bodies.clone();
    let model = forged[0]["event"]["session_model"]
        .as_str()
        .expect("model")
        .replace("\"secret\":true", "\"secret\":false");
    assert_ne!(
        model,
        forged[0]["event"]["session_model"].as_str().unwrap_or("")
    );
    forged[0]["event"]["session_model_sha256"] =
        serde_json::json!(log::sha256_hex(model.as_bytes()));
    forged[0]["event"]["session_model"] = serde_json::json!(model);
    std::fs::write(&path, rehash(&mut forged)).expect("write");
    let report = verify::check_file(&path, &Options::default()).expect("check");
    assert!(!report.verified);
    let f = &report.findings[0];
    assert_eq!((f.check, f.line), (4, 1), "{:?}", report.findings);
    assert!(f.problem.contains("session model"), "{}", f.problem);

    // The model changed without fixing its hash.
    let mut forged = bodies.clone();
    forged[0]["event"]["session_model"] = serde_json::json!("{}");
    std::fs::write(&path, rehash(&mut forged)).expect("write");
    let report = verify::check_file(&path, &Options::default()).expect("check");
    let f = &report.findings[0];
    assert_eq!((f.check, f.line), (4, 1), "{:?}", report.findings);
    assert!(f.problem.contains("session_model_sha256"), "{}", f.problem);

    // Untouched, the model is what the session file parses to.
    std::fs::write(&path, rehash(&mut bodies.clone())).expect("write");
    assert!(
        verify::check_file(&path, &Options::default())
            .expect("check")
            .verified
    );
}

#[test]
fn a_finding_says_what_the_rules_require_and_what_the_log_holds() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 4);
    let text = std::fs::read_to_string(&path).expect("read");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Change one body without re-hashing: expected is the hash of the body as it is now.
    let at = 3;
    lines[at] = lines[at].replacen("\"seq\":3", "\"seq\":3 ", 1);
    std::fs::write(&path, lines.join("\n") + "\n").expect("write");
    let report = verify::check_file(&path, &Options::default()).expect("check");
    let f = report
        .findings
        .iter()
        .find(|f| f.check == 3)
        .expect("chain finding");
    assert_eq!(f.line, at + 1);
    assert_eq!(
        f.expected.as_deref(),
        Some(log::entry_hash(&lines[at].as_bytes()[65..]).as_str())
    );
    assert_eq!(f.found.as_deref(), Some(&lines[at][..64]));
}

/// On one core the log is parsed and checked on one thread, each ballot's marks taken from
/// its line; the report and the replay are the same as with worker threads, for a sound
/// log and for a damaged one.
#[test]
fn one_thread_and_many_give_the_same_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 4);
    let sound = std::fs::read(&path).expect("read");
    let text = String::from_utf8(sound.clone()).expect("utf-8");
    // A ballot's line changed (its hash left as it was), and a record taken out further on.
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("ballot_recorded"))
        .expect("a ballot");
    let changed = lines[at].replacen("\"for\"", "\"against\"", 1);
    lines[at] = &changed;
    lines.remove(at + 5);
    let damaged = lines.join("\n") + "\n";
    for (name, bytes) in [("sound", sound), ("damaged", damaged.into_bytes())] {
        let check = |workers| {
            verify::check_reader_on(bytes.as_slice(), &Options::default(), workers).expect("check")
        };
        let (one, many) = (check(1), check(4));
        assert_eq!(one.verified, name == "sound", "{name}: {}", one.verdict);
        assert_eq!(one.verdict, many.verdict, "{name}");
        assert_eq!(one.records, many.records, "{name}");
        assert_eq!(one.head, many.head, "{name}");
        assert_eq!(one.replayed, many.replayed, "{name}");
        assert_eq!(one.last_found, many.last_found, "{name}");
        let findings = |r: &verify::Report| {
            r.findings
                .iter()
                .map(|f| (f.check, f.line, f.problem.clone(), f.expected.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(findings(&one), findings(&many), "{name}");
        assert!(name == "sound" || !one.findings.is_empty(), "{name}");
        let (a, b) = (one.state.expect("state"), many.state.expect("state"));
        for i in 0..a.items.len() {
            assert_eq!(a.items[i].ballots, b.items[i].ballots, "{name}: item {i}");
            assert_eq!(a.tally(i), b.tally(i), "{name}: item {i}");
        }
    }
}
