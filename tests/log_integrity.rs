//! The audit log: tamper detection for every record, crash recovery at every byte offset of
//! the last record, one writer, and a writer that stops on the first write failure.

mod common;

use std::path::Path;

use votedesk::engine::Action;
use votedesk::log::{self, LogError, RecordBody};
use votedesk::recorder::{Opened, RecordError, Recorder, StartError};
use votedesk::verify::{self, Options, Report};

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(|l| l.to_vec())
        .collect()
}

fn check(bytes: &[u8], opts: &Options) -> Report {
    verify::check(&log::scan(bytes), opts)
}

fn first_bad_line(r: &Report) -> Option<usize> {
    r.findings.first().map(|f| f.line)
}

#[test]
fn every_kind_of_tampering_is_reported_at_the_right_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 3);
    let original = std::fs::read(&path).expect("read");
    let clean = check(&original, &Options::default());
    assert!(clean.verified, "{}", clean.render("clean"));
    let ls = lines(&original);
    let n = ls.len();
    assert!(n > 40, "a real session has many records ({n})");
    let join = |v: &[Vec<u8>]| v.concat();

    for k in 0..n {
        // A changed byte in the body.
        let mut v = ls.clone();
        let mid = 65 + (v[k].len() - 66) / 2;
        v[k][mid] ^= 0x01;
        let r = check(&join(&v), &Options::default());
        assert!(!r.verified);
        assert_eq!(
            first_bad_line(&r),
            Some(k + 1),
            "changed byte in record {k}"
        );

        // A changed byte in the stated hash.
        let mut v = ls.clone();
        v[k][10] = if v[k][10] == b'0' { b'1' } else { b'0' };
        let r = check(&join(&v), &Options::default());
        assert_eq!(
            first_bad_line(&r),
            Some(k + 1),
            "changed hash of record {k}"
        );

        // A duplicated line.
        let mut v = ls.clone();
        v.insert(k + 1, ls[k].clone());
        let r = check(&join(&v), &Options::default());
        assert!(!r.verified);
        assert_eq!(first_bad_line(&r), Some(k + 2), "duplicated record {k}");

        if k + 1 < n {
            // A deleted line (deleting the last is truncation, below).
            let mut v = ls.clone();
            v.remove(k);
            let r = check(&join(&v), &Options::default());
            assert!(!r.verified);
            assert_eq!(first_bad_line(&r), Some(k + 1), "deleted record {k}");

            // Two lines swapped.
            let mut v = ls.clone();
            v.swap(k, k + 1);
            let r = check(&join(&v), &Options::default());
            assert!(!r.verified);
            assert_eq!(
                first_bad_line(&r),
                Some(k + 1),
                "swapped records {k} and {}",
                k + 1
            );
        }
    }
}

#[test]
fn truncation_is_caught_by_the_anchor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 4);
    let original = std::fs::read(&path).expect("read");
    let clean = check(&original, &Options::default());
    let anchor = Options {
        expect_head: clean.head.clone(),
        expect_count: Some(clean.records),
        ..Options::default()
    };
    assert!(check(&original, &anchor).verified);
    let ls = lines(&original);
    for cut in 1..5 {
        let bytes = ls[..ls.len() - cut].concat();
        let without = check(&bytes, &Options::default());
        assert!(!without.verified);
        assert_eq!(without.verdict, "not verified: session not closed");
        assert!(without.findings.is_empty());
        let with = check(&bytes, &anchor);
        assert!(!with.verified);
        assert!(
            with.checks[7].note.contains("truncated"),
            "{}",
            with.checks[7].note
        );
        assert!(with.checks[7].note.contains(&format!("{cut} missing")));
    }
}

#[test]
fn a_fully_rehashed_rewrite_passes_alone_and_fails_against_the_anchor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 5);
    let original = std::fs::read(&path).expect("read");
    let clean = check(&original, &Options::default());
    // Rewrite record 3's operator and re-chain everything after it.
    let mut out = Vec::new();
    let mut prev: Option<String> = None;
    for (i, line) in lines(&original).iter().enumerate() {
        let mut body: RecordBody = serde_json::from_slice(&line[65..line.len() - 1]).expect("body");
        if i == 3 {
            body.operator = "someone else".into();
        }
        if let Some(p) = &prev {
            body.prev = p.clone();
        }
        let json = serde_json::to_vec(&body).expect("json");
        let hash = log::entry_hash(&json);
        out.extend_from_slice(format!("{hash} ").as_bytes());
        out.extend_from_slice(&json);
        out.push(b'\n');
        prev = Some(hash);
    }
    assert_ne!(out, original);
    let alone = check(&out, &Options::default());
    assert!(alone.verified, "{}", alone.render("rewritten"));
    let anchored = check(
        &out,
        &Options {
            expect_head: clean.head.clone(),
            expect_count: Some(clean.records),
            ..Options::default()
        },
    );
    assert!(!anchored.verified);
    assert!(
        anchored.checks[7].note.contains("altered or forked"),
        "{}",
        anchored.checks[7].note
    );
}

/// A mid-session log: bound, checked in, an item open with some ballots.
fn mid_session(dir: &Path) -> (std::path::PathBuf, Vec<u8>) {
    let mut rec = common::started(dir);
    rec.record(Action::OpenItem("p".into())).expect("open");
    for m in ["ffa", "faf", "aff"] {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices(m),
        })
        .expect("ballot");
    }
    drop(rec);
    let path = dir.join("small.log");
    let bytes = std::fs::read(&path).expect("read");
    (path, bytes)
}

#[test]
fn a_cut_at_every_byte_of_the_last_record_recovers_and_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_path, bytes) = mid_session(dir.path());
    let ls = lines(&bytes);
    let last_start = bytes.len() - ls[ls.len() - 1].len();
    let acknowledged = ls.len() - 1; // the cut record was never acknowledged
    let loaded = common::load(common::SMALL);
    for cut in last_start..bytes.len() {
        let case = tempfile::tempdir().expect("tempdir");
        let p = case.path().join("small.log");
        std::fs::write(&p, &bytes[..cut]).expect("write");
        let rec = Recorder::start(&loaded, &p, "tester").expect("resume");
        let after = std::fs::read(&p).expect("read");
        // Every acknowledged record is still there, byte for byte.
        assert_eq!(&after[..last_start], &bytes[..last_start]);
        let torn = cut - last_start;
        match &rec.opened {
            Opened::Resumed { repair: None } => assert_eq!(torn, 0),
            Opened::Resumed { repair: Some(r) } => {
                assert_eq!(r.bytes as usize, torn);
                assert_eq!(r.batch_records, 0);
                assert_eq!(
                    std::fs::read(&r.side_file).expect("side file"),
                    &bytes[last_start..cut]
                );
            }
            other => panic!("cut {cut}: {other:?}"),
        }
        // The ballot that was cut is visibly not there; the others are.
        assert_eq!(rec.state.items[0].ballots.len(), 2);
        // session_resumed, or a batch of tail_repaired and session_resumed.
        let extra = if torn == 0 { 1 } else { 3 };
        assert_eq!(rec.state.records as usize, acknowledged + extra);
        let report = verify::check_file(&p, &Options::default()).expect("verify");
        assert!(
            report.findings.is_empty(),
            "cut {cut}: {}",
            report.render("x")
        );
        assert!(report.torn_tail.is_none());
        assert!(report.checks[4].failed == 0);
    }
}

#[test]
fn a_damaged_complete_last_line_stops_resume_and_changes_nothing() {
    // Only bytes after the last newline can be residue of a one-write append: a complete
    // line that fails is damage or tampering, never quietly moved aside (45 -> 44 before).
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, bytes) = mid_session(dir.path());
    let mut v = lines(&bytes);
    let n = v.len();
    v[n - 1] = vec![0u8; 40];
    v[n - 1].push(b'\n');
    std::fs::write(&path, v.concat()).expect("write");
    let err = Recorder::start(&common::load(common::SMALL), &path, "tester")
        .err()
        .expect("refused");
    assert!(matches!(err, StartError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains(&format!("line {n}")), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), v.concat());
    let residue = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("residue"))
        .count();
    assert_eq!(residue, 0, "no side file");
}

#[test]
fn a_bad_hash_or_an_earlier_defect_refuses_to_resume() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, bytes) = mid_session(dir.path());
    let loaded = common::load(common::SMALL);
    // Last line parses, but its hash is wrong: maybe tampering.
    let mut v = lines(&bytes);
    let n = v.len();
    v[n - 1][5] = if v[n - 1][5] == b'a' { b'b' } else { b'a' };
    std::fs::write(&path, v.concat()).expect("write");
    let err = Recorder::start(&loaded, &path, "tester")
        .err()
        .expect("refused");
    assert!(matches!(err, StartError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains(&format!("line {n}")), "{err}");
    // A defect before the last line.
    let mut v = lines(&bytes);
    v.remove(3);
    std::fs::write(&path, v.concat()).expect("write");
    let err = Recorder::start(&loaded, &path, "tester")
        .err()
        .expect("refused");
    assert!(err.to_string().contains("line 4"), "{err}");
    // Nothing was changed by the refusals.
    assert_eq!(std::fs::read(&path).expect("read"), v.concat());
}

#[test]
fn a_closed_log_opens_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 9);
    let before = std::fs::read(&path).expect("read");
    let mut rec = Recorder::start(&common::load(common::SMALL), &path, "tester").expect("open");
    assert_eq!(rec.opened, Opened::ReadOnly);
    assert!(matches!(
        rec.record(Action::CheckIn(1)),
        Err(RecordError::ReadOnly)
    ));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn another_session_file_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = mid_session(dir.path());
    let other = common::load(&common::SMALL.replace("小型测试会议", "另一个会议"));
    let err = Recorder::start(&other, &path, "tester")
        .err()
        .expect("refused");
    assert!(matches!(err, StartError::OtherSession { .. }), "{err}");
    // The log's hash is the one the log binds, not the given file's.
    let bound = votedesk::log::sha256_hex(common::SMALL.as_bytes());
    if let StartError::OtherSession {
        log_binds, given, ..
    } = &err
    {
        assert_eq!(*log_binds, bound);
        assert_ne!(*given, bound);
    }
}

#[test]
fn a_damaged_first_record_is_called_damage_not_another_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (path, _) = mid_session(dir.path());
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[0] = b'g';
    std::fs::write(&path, &bytes).expect("write");
    let err = Recorder::start(&common::load(common::SMALL), &path, "tester")
        .err()
        .expect("refused");
    assert!(
        matches!(err, StartError::DamagedBinding { byte: Some(0), .. }),
        "{err}"
    );
    let en = err.to_string();
    assert!(
        en.contains("record 0") && en.contains("byte 0") && en.contains("docs/auditing.md"),
        "{en}"
    );
    assert!(!en.contains("another session file"), "{en}");
    // In Chinese, all of it (no English sentence from the checker).
    let zh = err.say(votedesk::lang::Lang::Zh);
    assert!(zh.contains("记录 0") && zh.contains("第 0 字节"), "{zh}");
    assert!(!zh.contains("the record"), "{zh}");
    // A changed byte inside the body: the hash no longer matches.
    let mut bytes = std::fs::read(&path).expect("read");
    bytes[0] = b'0';
    let at = bytes.windows(2).position(|w| w == b"v\"").expect("a field") + 80;
    bytes[at] ^= 1;
    std::fs::write(&path, &bytes).expect("write");
    let err = Recorder::start(&common::load(common::SMALL), &path, "tester")
        .err()
        .expect("refused");
    assert!(
        matches!(err, StartError::DamagedBinding { byte: None, .. }),
        "{err}"
    );
}

#[test]
fn a_second_writer_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = common::started(dir.path());
    let err = Recorder::start(&common::load(common::SMALL), &rec.path, "second")
        .err()
        .expect("refused");
    assert!(
        matches!(err, StartError::Log(LogError::Locked { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("in use"));
    drop(rec);
    Recorder::start(
        &common::load(common::SMALL),
        &dir.path().join("small.log"),
        "again",
    )
    .expect("free after the first closes");
}

#[test]
fn the_console_locks_only_its_side_lock_file_never_the_log_readers_open() {
    // On Windows a lock on the log would be mandatory and stop every reader (error 33): the
    // projector, verify, a copy for the counting stations. So the log itself is never locked;
    // the side lock file `.small.log.lock` is, and refuses a second writer.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = common::started(dir.path());
    let log = std::fs::File::open(&rec.path).expect("open the log");
    log.try_lock()
        .expect("nothing holds a lock on the log itself");
    log.unlock().expect("unlock");
    let side = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.path().join(".small.log.lock"))
        .expect("the side lock file");
    assert!(
        matches!(side.try_lock(), Err(std::fs::TryLockError::WouldBlock)),
        "the console holds the side lock"
    );
    // Reading and copying the live log work, and the console keeps recording.
    std::fs::copy(&rec.path, dir.path().join("copy.log")).expect("copy");
    rec.record(votedesk::engine::Action::OpenItem("p".into()))
        .expect("still records");
    let report = votedesk::verify::check_file(&rec.path, &votedesk::verify::Options::default())
        .expect("read");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}
