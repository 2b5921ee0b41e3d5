//! A mirrored log (`--mirror`): every record on both sides before it is acknowledged; a side
//! that fails stops input with the truth about each side; resume, takeover and
//! `verify --mirror`. Faults through the writer's file layer, kills, and a real tmpfs.

mod common;

use std::path::{Path, PathBuf};

use common::faults::{Faulty, Plan};
use common::{choices, votedesk};
use votedesk::engine::Action;
use votedesk::lang::Lang;
use votedesk::log::LogError;
use votedesk::mirror::{self, Agreement, Holds, Side};
use votedesk::recorder::{MirrorHow, Opened, RecordError, Recorder, StartError};
use votedesk::verify::{self, Options};

fn paths(dir: &Path) -> (PathBuf, PathBuf) {
    std::fs::create_dir_all(dir.join("usb")).expect("mirror folder");
    (dir.join("small.log"), dir.join("usb").join("small.log"))
}

fn start(dir: &Path) -> Recorder {
    let (log, m) = paths(dir);
    Recorder::start_mirrored(&common::load(common::SMALL), &log, Some(&m), "t").expect("start")
}

fn reopen(dir: &Path) -> Result<Recorder, StartError> {
    let (log, m) = paths(dir);
    Recorder::start_mirrored(&common::load(common::SMALL), &log, Some(&m), "again")
}

/// A mirrored log with everyone in, item `p` open and one ballot recorded.
fn one_ballot(dir: &Path) -> Recorder {
    let mut rec = start(dir);
    for seat in 1..=6 {
        rec.record(Action::CheckIn(seat)).expect("check in");
    }
    rec.record(Action::OpenItem("p".into())).expect("open");
    rec.record(ballot()).expect("ballot 1");
    rec
}

fn ballot() -> Action {
    Action::RecordBallot {
        item: "p".into(),
        seat: None,
        marks: choices("ffa"),
    }
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read")
}

fn verified(p: &Path) -> verify::Report {
    let r = verify::check_file(p, &Options::default()).expect("verify");
    assert!(r.findings.is_empty(), "{}", r.render("log"));
    r
}

fn records(p: &Path) -> usize {
    read(p).iter().filter(|&&b| b == b'\n').count()
}

#[test]
fn every_record_is_on_both_sides_and_each_side_verifies_on_its_own() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    rec.record_batch(vec![ballot(), ballot()]).expect("batch");
    assert_eq!(read(&log), read(&m), "byte for byte the same");
    drop(rec);
    let a = verified(&log);
    let b = verified(&m);
    assert_eq!((a.records, a.head), (b.records, b.head));
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "small.log", "--mirror", "usb/small.log"],
    );
    // Open, so not verified as a finished session, but the mirror adds nothing against it.
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("result:  not verified: session not closed\n"),
        "{out}"
    );
    assert!(out.contains("are the same log: 12 records"), "{out}");
    assert!(out.contains("mirror: no problem found"), "{out}");
    // Resumed with its mirror: the same records, said so, and still the same bytes after.
    let rec = reopen(dir.path()).expect("resume");
    let mo = rec.mirror.clone().expect("mirrored");
    assert_eq!(mo.how, MirrorHow::Same);
    drop(rec);
    assert_eq!(read(&log), read(&m));
}

/// Fail one side of the next append, and check what is said and what is on disk.
fn fail_one_side(side: Side, plan: Plan, batch: bool) {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    rec.set_restart("votedesk run small.ron --log {log}".into());
    let before = read(&log);
    let n = records(&log) as u64;
    let wrap = |inner| Faulty::wrap(inner, plan.clone()).0;
    match side {
        Side::Log => rec.map_storage(wrap),
        Side::Mirror => rec.map_mirror(wrap),
    }
    let err = if batch {
        rec.record_batch(vec![ballot(), ballot()]).unwrap_err()
    } else {
        rec.record(ballot()).map(|_| ()).unwrap_err()
    };
    let RecordError::Log(LogError::Sides(f)) = &err else {
        panic!("{side:?} {plan:?}: {err}")
    };
    let en = f.say(Lang::En);
    let (failed, other) = match side {
        Side::Log => (&log, &m),
        Side::Mirror => (&m, &log),
    };
    let who = match side {
        Side::Log => format!("the log {} failed", log.display()),
        Side::Mirror => format!("the mirror {} failed", m.display()),
    };
    assert!(en.contains(&who), "{en}");
    assert!(en.contains("NOT recorded: it is on neither side"), "{en}");
    assert!(!en.contains("MAY OR MAY NOT"), "{en}");
    // What each side holds, as counted on disk.
    let head = &verified(&log).head.expect("head")[..12];
    assert!(
        en.contains(&format!("holds {n} records, head {head}")),
        "{en}"
    );
    assert_eq!(read(&log), before, "the log is cut back");
    assert_eq!(read(&m), before, "the mirror is cut back");
    // Go on with the side that did not fail: the exact command.
    assert!(
        en.contains(&format!("votedesk run small.ron --log {}", other.display())),
        "{en}"
    );
    assert!(
        !en.contains(&format!("--log {} ", failed.display())),
        "{en}"
    );
    assert!(f.say(Lang::Zh).contains("最后一项操作【未记录】"));
    assert_eq!(rec.state.items[0].ballots.len(), 1, "nothing applied");
    assert!(matches!(
        rec.record(ballot()),
        Err(RecordError::Log(LogError::Failed(_)))
    ));
    drop(rec);
    // Both sides resume together, as they were.
    let rec = reopen(dir.path()).expect("resume");
    assert_eq!(rec.state.items[0].ballots.len(), 1);
    assert_eq!(rec.mirror.as_ref().map(|m| &m.how), Some(&MirrorHow::Same));
}

#[test]
fn either_side_failing_at_any_step_of_an_append_or_a_batch_records_nothing_on_either() {
    for side in [Side::Log, Side::Mirror] {
        for batch in [false, true] {
            for partial in [0, 40] {
                fail_one_side(
                    side,
                    Plan {
                        write: Some(1),
                        partial,
                        ..Plan::default()
                    },
                    batch,
                );
            }
            fail_one_side(
                side,
                Plan {
                    sync: Some(1),
                    ..Plan::default()
                },
                batch,
            );
        }
    }
}

#[test]
fn a_side_that_cannot_be_cut_back_may_hold_it_and_resume_brings_the_other_up() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    let before = read(&log);
    // The mirror's sync fails; the log was written and synced but cannot be cut back.
    rec.map_mirror(|inner| {
        Faulty::wrap(
            inner,
            Plan {
                sync: Some(1),
                ..Plan::default()
            },
        )
        .0
    });
    rec.map_storage(|inner| {
        Faulty::wrap(
            inner,
            Plan {
                truncate: true,
                ..Plan::default()
            },
        )
        .0
    });
    let err = rec.record(ballot()).unwrap_err();
    let RecordError::Log(LogError::Sides(f)) = &err else {
        panic!("{err}")
    };
    assert!(f.uncertain());
    assert!(matches!(f.log.holds, Holds::MaybeLast { records: 1, .. }));
    let en = f.say(Lang::En);
    assert!(en.contains("MAY OR MAY NOT be recorded"), "{en}");
    assert!(en.contains("the log could not be cut back"), "{en}");
    assert!(!en.contains("NOT recorded:"), "{en}");
    assert!(
        en.contains("perhaps the last action's 1 record(s) after them"),
        "{en}"
    );
    // The log does hold it; the mirror was cut back.
    assert_eq!(records(&log), records(&m) + 1);
    assert_eq!(read(&m), before);
    drop(rec);
    // Resumed as a pair: the mirror lacks the one append and is brought up from the log.
    let rec = reopen(dir.path()).expect("resume");
    assert_eq!(
        rec.mirror.as_ref().map(|m| m.how.clone()),
        Some(MirrorHow::BroughtUp {
            side: Side::Mirror,
            records: 1
        })
    );
    assert_eq!(rec.state.items[0].ballots.len(), 2, "the ballot is kept");
    drop(rec);
    assert_eq!(read(&log), read(&m));
    verified(&m);
}

#[test]
fn a_mirror_gone_or_replaced_stops_input_before_anything_is_written() {
    for replace in [false, true] {
        let dir = tempfile::tempdir().expect("tmp");
        let (log, m) = paths(dir.path());
        let mut rec = one_ballot(dir.path());
        let before = read(&log);
        // The share is gone (the file with it), or another file took its name.
        std::fs::remove_file(&m).expect("remove");
        if replace {
            std::fs::write(&m, &before).expect("another file");
        }
        let err = rec.record(ballot()).unwrap_err();
        let RecordError::Log(LogError::Sides(f)) = &err else {
            panic!("{err}")
        };
        assert!(matches!(f.mirror.holds, Holds::Unknown));
        assert!(matches!(f.log.holds, Holds::Acknowledged));
        let en = f.say(Lang::En);
        assert!(en.contains("NOT recorded"), "{en}");
        let drift = if replace {
            "another file now has its name"
        } else {
            "no longer there"
        };
        assert!(en.contains(drift), "{en}");
        assert!(en.contains("cannot be read as this log"), "{en}");
        assert_eq!(read(&log), before, "nothing written to the log");
        assert_eq!(f.survivor().map(|s| s.0), Some(Side::Log));
    }
}

#[test]
fn a_missing_mirror_is_copied_from_the_log_on_resume_and_a_lone_mirror_is_not_a_new_log() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    drop(one_ballot(dir.path()));
    std::fs::remove_file(&m).expect("remove");
    let rec = reopen(dir.path()).expect("resume");
    assert_eq!(
        rec.mirror.as_ref().map(|m| &m.how),
        Some(&MirrorHow::Copied)
    );
    drop(rec);
    assert_eq!(read(&log), read(&m));
    // A mirror whose log is missing: never a new session over it.
    std::fs::remove_file(&log).expect("remove");
    let err = reopen(dir.path()).err().expect("refused");
    assert!(matches!(err, StartError::MirrorWithoutLog { .. }), "{err}");
    assert!(err.to_string().contains("give it as --log"), "{err}");
    assert!(!log.exists());
}

#[test]
fn an_old_copy_or_a_diverged_mirror_is_refused_and_nothing_is_changed() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    let old = read(&m);
    rec.record(ballot()).expect("2");
    rec.record(ballot()).expect("3");
    drop(rec);
    let now = read(&log);
    // Two appends behind: an old copy, not a crash between the two writes.
    std::fs::write(&m, &old).expect("old copy");
    let err = reopen(dir.path()).err().expect("refused");
    assert!(matches!(err, StartError::MirrorDiffers { .. }), "{err}");
    assert!(err.to_string().contains("holds 2 more"), "{err}");
    assert_eq!((read(&log), read(&m)), (now.clone(), old.clone()));
    // Diverged: the standby went on with its own record after the old copy.
    let mut standby =
        Recorder::start(&common::load(common::SMALL), &m, "standby").expect("takeover");
    standby.record(ballot()).expect("on the standby");
    drop(standby);
    let err = reopen(dir.path()).err().expect("refused");
    assert!(err.to_string().contains("diverged at record"), "{err}");
    assert!(err.say(Lang::Zh).contains("分岔"));
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "small.log", "--mirror", "usb/small.log"],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(
            "result:  not verified: session not closed; and the log and the mirror usb/small.log diverged"
        ),
        "{out}"
    );
    let at = records(&m) as u64 - 2;
    assert!(out.contains(&format!("diverged at record {at}")), "{out}");
}

#[test]
fn verify_mirror_says_which_is_the_beginning_of_the_other_and_by_how_many() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    let early = read(&m);
    rec.record(ballot()).expect("2");
    drop(rec);
    std::fs::write(&m, &early).expect("mirror stopped early");
    // The mirror stopped (its disk failed) and the log went on alone: no problem, said so.
    let (_, out, _) = votedesk(
        dir.path(),
        &["verify", "small.log", "--mirror", "usb/small.log"],
    );
    assert!(
        out.starts_with("result:  not verified: session not closed\n"),
        "{out}"
    );
    assert!(out.contains("mirror: no problem found"), "{out}");
    let n = records(&m);
    assert!(
        out.contains(&format!(
            "usb/small.log is the beginning of small.log: both hold the same first {n} records, and small.log holds 1 more"
        )),
        "{out}"
    );
    // The other way round, the log given is not the whole session.
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "usb/small.log", "--mirror", "small.log", "--json"],
    );
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        v["verdict"]
            .as_str()
            .is_some_and(|s| s.contains("holds 1 record(s) after this log's last")),
        "{out}"
    );
    assert_eq!(v["mirror"]["agreement"], "log_is_prefix");
    assert_eq!(v["mirror"]["more_records"], 1);
    assert_eq!(v["verified"], false);
    let _ = log;
}

#[test]
fn a_torn_tail_on_one_side_is_set_aside_there_and_both_go_on_alike() {
    let dir = tempfile::tempdir().expect("tmp");
    let (log, m) = paths(dir.path());
    drop(one_ballot(dir.path()));
    let mut bytes = read(&m);
    bytes.extend_from_slice(b"0123abc");
    std::fs::write(&m, &bytes).expect("torn");
    let rec = reopen(dir.path()).expect("resume");
    let mo = rec.mirror.clone().expect("mirror");
    assert_eq!(mo.how, MirrorHow::Same);
    let repair = mo.repair.expect("the mirror's torn tail set aside");
    assert_eq!(repair.bytes, 7);
    assert!(repair.side_file.starts_with(dir.path().join("usb")));
    assert!(matches!(rec.opened, Opened::Resumed { repair: None }));
    drop(rec);
    assert_eq!(read(&log), read(&m));
    verified(&log);
}

#[test]
fn a_station_log_is_mirrored_and_resumes_with_its_mirror() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = common::started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open");
    rec.record(Action::SealBoxes {
        item: "p".into(),
        boxes: vec!["1".into()],
        collected: 2,
    })
    .expect("seal");
    std::fs::create_dir_all(dir.path().join("usb")).expect("usb");
    let start = votedesk::recorder::StationStart {
        session_log: dir.path().join("small.log"),
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 2,
        order_kept: true,
        out: dir.path().join("box1.log"),
    };
    let mirror = dir.path().join("usb/box1.log");
    let mut st = Recorder::station_mirrored(&start, Some(&mirror)).expect("station");
    st.record(ballot()).expect("ballot");
    drop(st);
    assert_eq!(read(&start.out), read(&mirror));
    let mut st = Recorder::station_mirrored(&start, Some(&mirror)).expect("again");
    assert_eq!(st.state.items[0].ballots.len(), 1);
    st.record(ballot()).expect("ballot 2");
    st.record(Action::CloseItem("p".into())).expect("close");
    drop(st);
    assert_eq!(read(&start.out), read(&mirror));
    assert!(votedesk::station::read_file(&mirror).expect("reads").closed);
    drop(rec);
    // verify compares a station log with its mirror too.
    let (code, out, _) = votedesk(
        dir.path(),
        &["verify", "box1.log", "--mirror", "usb/box1.log"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("result:  verified"), "{out}");
    assert!(
        out.contains("box1.log and usb/box1.log are the same log"),
        "{out}"
    );
    let early = read(&mirror);
    let cut = early[..early.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    std::fs::write(dir.path().join("short.log"), &early[..cut]).expect("short copy");
    let (code, out, _) = votedesk(dir.path(), &["verify", "short.log", "--mirror", "box1.log"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("holds 1 record(s) after this log's last"),
        "{out}"
    );
}

#[test]
fn a_mirrored_rehearsal_killed_anywhere_leaves_two_sides_one_append_apart_that_resume() {
    let session = common::repo("sessions/hanggin-2024.ron")
        .display()
        .to_string();
    let args = |log: &str, mirror: &str| {
        vec![
            "simulate".to_string(),
            session.clone(),
            "--log".into(),
            log.into(),
            "--mirror".into(),
            mirror.into(),
            "--seed".into(),
            "3".into(),
        ]
    };
    let mut apart = 0;
    // Spread over creation, check-in and voting: paced (the run takes about 1 s), then at
    // full speed (about 0.1 s), where a kill lands inside a write far more often.
    let paced = [5u64, 30, 90, 180, 300, 450, 600, 800, 1000, 1300].map(|ms| (ms, 3));
    let fast = [10u64, 25, 40, 55, 70, 85, 100, 115].map(|ms| (ms, 0));
    for (k, (ms, pace)) in paced.into_iter().chain(fast).enumerate() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::create_dir_all(dir.path().join("usb")).expect("usb");
        let (log, mirror) = (format!("k{k}.log"), format!("usb/k{k}.log"));
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
            .args(args(&log, &mirror))
            .args(["--pace-ms", &pace.to_string()])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("simulate");
        std::thread::sleep(std::time::Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        let (lp, mp) = (dir.path().join(&log), dir.path().join(&mirror));
        if !lp.exists() {
            assert!(!mp.exists(), "killed at {ms} ms: a mirror without its log");
            continue;
        }
        // Killed between giving the new log its name and the new mirror its name: the
        // resume copies the mirror from the log.
        let copied = !mp.exists();
        // Each side verifies on its own, and they are at most one append apart.
        for p in [&lp, &mp].into_iter().filter(|p| p.exists()) {
            let r = verify::check_file(p, &Options::default()).expect("verify");
            let batch_only = r.unfinished_batch.is_some() && r.findings.len() == 1;
            assert!(
                r.findings.is_empty() || batch_only,
                "killed at {ms} ms: {}",
                r.render(&p.display().to_string())
            );
        }
        let open = |p: &Path| std::io::BufReader::new(std::fs::File::open(p).expect("open"));
        let agreement = (!copied).then(|| mirror::compare(open(&lp), open(&mp)).expect("compare"));
        match agreement.unwrap_or(Agreement::Same { records: 0 }) {
            Agreement::Same { .. } => {}
            Agreement::Prefix { longer, common, .. } => {
                let (long, short) = match longer {
                    Side::Log => (&lp, &mp),
                    Side::Mirror => (&mp, &lp),
                };
                let complete = |b: &[u8]| b.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                let (long, short) = (read(long), read(short));
                let extra = &long[complete(&short)..complete(&long)];
                assert!(
                    at_most_one_append(extra),
                    "killed at {ms} ms: more than one append apart after {common}"
                );
                apart += 1;
            }
            Agreement::Diverged { at } => panic!("killed at {ms} ms: diverged at {at}"),
        }
        let again = args(&log, &mirror);
        let again: Vec<&str> = again.iter().map(String::as_str).collect();
        let (code, out, err) = votedesk(dir.path(), &again);
        assert_eq!(code, 0, "killed at {ms} ms, did not resume: {out}{err}");
        assert_eq!(read(&lp), read(&mp), "killed at {ms} ms: the same after");
        let (code, out, _) = votedesk(dir.path(), &["verify", &log, "--mirror", &mirror]);
        assert_eq!(code, 0, "killed at {ms} ms: {out}");
        assert!(out.contains("are the same log"), "{out}");
    }
    eprintln!("kills that left the two sides apart: {apart}");
}

/// One record, or a batch header and at most its records (a batch may be cut short).
fn at_most_one_append(extra: &[u8]) -> bool {
    let scan = votedesk::log::scan(extra);
    match scan.lines.first().map(|l| &l.record) {
        None => true,
        Some(Ok(r)) => match r.body.event {
            votedesk::engine::Event::Batch { records } => {
                scan.lines.len() as u64 <= records as u64 + 1
            }
            _ => scan.lines.len() == 1,
        },
        Some(Err(_)) => false,
    }
}

/// Mount a small tmpfs at `at`; false (with a notice) where this machine does not allow it.
fn tmpfs(at: &Path, size: &str) -> bool {
    std::fs::create_dir_all(at).expect("mount point");
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!(
            "NOTICE: cannot mount a tmpfs here (not root?); the real-disk mirror test is skipped"
        );
    }
    ok
}

fn umount(at: &Path, lazy: bool) {
    let mut c = std::process::Command::new("umount");
    if lazy {
        c.arg("-l");
    }
    let _ = c.arg(at).status();
}

#[test]
fn a_real_full_mirror_disk_and_a_share_removed_mid_session_each_stop_input_truthfully() {
    let dir = tempfile::tempdir().expect("tmp");
    let usb = dir.path().join("usb");
    if !tmpfs(&usb, "64k") {
        return;
    }
    let (log, m) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    // Fill the mirror's disk but for a few bytes.
    let used = read(&m).len();
    let _ = std::fs::write(
        usb.join("filler"),
        vec![b'x'; 64 * 1024 - used - 4096 + 100],
    );
    let mut err = None;
    for _ in 0..200 {
        if let Err(e) = rec.record(ballot()) {
            err = Some(e);
            break;
        }
    }
    let err = err.expect("the mirror's disk fills");
    let RecordError::Log(LogError::Sides(f)) = &err else {
        umount(&usb, false);
        panic!("{err}")
    };
    let en = f.say(Lang::En);
    let ok = en.contains(&format!("the mirror {} failed", m.display()))
        && en.contains("NOT recorded")
        && read(&log) == read(&m);
    drop(rec);
    let n = records(&log);
    umount(&usb, false);
    assert!(ok, "{en}");
    assert!(en.contains(&format!("holds {n} records")), "{en}");

    // Then the other way round: the log's own disk fills, the mirror is on another.
    let dir = tempfile::tempdir().expect("tmp");
    let disk = dir.path().join("disk");
    if !tmpfs(&disk, "64k") {
        return;
    }
    std::fs::create_dir_all(dir.path().join("usb")).expect("usb");
    let (log, m) = (disk.join("small.log"), dir.path().join("usb/small.log"));
    let mut rec =
        Recorder::start_mirrored(&common::load(common::SMALL), &log, Some(&m), "t").expect("start");
    let used = read(&log).len();
    let _ = std::fs::write(
        disk.join("filler"),
        vec![b'x'; 64 * 1024 - used - 4096 + 100],
    );
    let mut err = None;
    for k in 0..400u32 {
        let seat = k % 6 + 1;
        // Check-ins, then batches that mark a deputy absent and in again.
        let r = if k < 6 {
            rec.record(Action::CheckIn(seat)).map(|_| ())
        } else {
            rec.record_batch(vec![Action::MarkAbsent(seat), Action::CheckIn(seat)])
                .map(|_| ())
        };
        if let Err(e) = r {
            err = Some(e);
            break;
        }
    }
    let same = read(&log) == read(&m);
    drop(rec);
    umount(&disk, false);
    let err = err.expect("the log's disk fills");
    let en = err.to_string();
    assert!(en.contains("the log") && en.contains("failed"), "{en}");
    assert!(en.contains("NOT recorded"), "{en}");
    assert!(en.contains("To go on with the mirror alone"), "{en}");
    assert!(en.contains(&format!("--log {}", m.display())), "{en}");
    assert!(same, "both sides cut back alike");

    // The share removed while the console runs: the next action stops, naming the mirror.
    let dir = tempfile::tempdir().expect("tmp");
    let usb = dir.path().join("usb");
    if !tmpfs(&usb, "1m") {
        return;
    }
    let (log, _) = paths(dir.path());
    let mut rec = one_ballot(dir.path());
    let before = read(&log);
    umount(&usb, true);
    let err = rec.record(ballot()).unwrap_err();
    let en = err.to_string();
    assert!(en.contains("the mirror"), "{en}");
    assert!(en.contains("NOT recorded"), "{en}");
    assert!(en.contains("To go on with the log alone"), "{en}");
    assert_eq!(read(&log), before);
}

#[test]
fn the_standby_takes_over_from_the_mirror_within_30_seconds_with_nothing_lost() {
    use common::tmux::Tmux;
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    std::fs::create_dir_all(dir.path().join("usb")).expect("usb");
    let t = Tmux::start_sized(
        dir.path(),
        "run small.ron --log small.log --mirror usb/small.log --lang en",
        80,
        24,
    );
    t.wait_for("mirror usb/small.log created with it");
    t.keys("a", "Roster");
    for seat in 1..=6 {
        t.keys(&seat.to_string(), &format!("seat {seat}▏"));
        t.key("Enter", &format!("seat {seat} "));
    }
    t.key("Escape", "Agenda");
    t.key("Enter", "attendance is locked until voting closes");
    t.keys("y", "6 ballots issued");
    t.keys("111", "Ballot 1");
    t.key("Enter", "ballot 1 recorded");
    // The console PC dies.
    let pid = t.pid();
    assert!(
        std::process::Command::new("kill")
            .args(["-9", &pid])
            .status()
            .expect("kill")
            .success()
    );
    t.kill_server();
    let died = std::time::Instant::now();
    // The standby starts from the mirror, with a new mirror of its own.
    let s = Tmux::start_sized(
        dir.path(),
        "run small.ron --log usb/small.log --mirror standby.log --lang en",
        80,
        24,
    );
    let screen = s.wait_for("resumed");
    // The operator compares the last record with the paper before going on.
    let last = votedesk::verify::check_file(&dir.path().join("usb/small.log"), &Options::default())
        .expect("verify")
        .records
        - 1;
    assert!(
        screen.contains(&format!("Last in the log: record {}", last - 1)),
        "{screen}"
    );
    assert!(screen.contains("ballot 1 of"), "{screen}");
    assert!(screen.contains("mirrored"), "{screen}");
    s.keys("122", "Ballot 2");
    s.key("Enter", "ballot 2 recorded");
    let took = died.elapsed();
    s.keys("q", "");
    eprintln!("takeover: console killed to first ballot recorded on the standby: {took:?}");
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
    // Nothing lost: the standby's log holds both ballots, its new mirror the same, and the
    // dead console's log is the beginning of it.
    let r = verified(&dir.path().join("usb/small.log"));
    assert_eq!(r.state.as_ref().map(|s| s.items[0].ballots.len()), Some(2));
    assert_eq!(
        read(&dir.path().join("usb/small.log")),
        read(&dir.path().join("standby.log"))
    );
    let (_, out, _) = votedesk(
        dir.path(),
        &["verify", "usb/small.log", "--mirror", "small.log"],
    );
    assert!(
        out.contains("small.log is the beginning of usb/small.log"),
        "{out}"
    );
    assert!(out.contains("mirror: no problem found"), "{out}");
}
