//! Recording that never lies: failed writes and syncs, cut-backs that fail, batches cut at
//! every byte, a log deleted, renamed over or written by another program under a live
//! recorder, atomic creation, empty logs, side files, a real full tmpfs, and signals.

mod common;

use std::path::Path;
use std::process::Command;

use common::faults::{Faulty, Plan};
use votedesk::engine::{Action, Event, Refusal, State};
use votedesk::log::{self, Drift, LogError, LogFile, Writer};
use votedesk::recorder::{Opened, RecordError, Recorder, StartError};
use votedesk::verify::{self, Options};

fn ballot() -> Action {
    Action::RecordBallot {
        item: "p".into(),
        seat: None,
        marks: common::choices("ffa"),
    }
}

/// A log with everyone in, item `p` open and one ballot recorded.
fn one_ballot(dir: &Path) -> Recorder {
    let mut rec = common::started(dir);
    rec.record(Action::OpenItem("p".into())).expect("open");
    rec.record(ballot()).expect("ballot 1");
    rec
}

/// Item "p" open and counted in one sealed box.
fn sealed_box(dir: &Path) -> Recorder {
    let mut rec = common::started(dir);
    rec.record(Action::OpenItem("p".into())).expect("open");
    rec.record(Action::SealBoxes {
        item: "p".into(),
        boxes: vec!["1".into()],
        collected: 2,
    })
    .expect("seal");
    rec
}

fn fail(rec: &mut Recorder, plan: Plan) {
    rec.map_storage(|inner| Faulty::wrap(inner, plan).0);
}

fn reopen(path: &Path) -> Recorder {
    Recorder::start(&common::load(common::SMALL), path, "again").expect("resume")
}

#[test]
fn a_failed_sync_is_cut_back_so_not_recorded_is_true() {
    // The case: EIO on a sync. Before, the record stayed and keying again made 2.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = one_ballot(dir.path());
    let path = rec.path.clone();
    let before = std::fs::read(&path).expect("read");
    fail(
        &mut rec,
        Plan {
            sync: Some(1),
            ..Plan::default()
        },
    );
    let err = rec.record(ballot()).unwrap_err();
    assert!(
        matches!(err, RecordError::Log(LogError::NotRecorded(_))),
        "{err}"
    );
    assert!(err.to_string().contains("NOT recorded"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), before, "cut back");
    assert_eq!(rec.state.items[0].ballots.len(), 1);
    // It never retries: the writer stays failed.
    assert!(matches!(
        rec.record(ballot()),
        Err(RecordError::Log(LogError::Failed(_)))
    ));
    drop(rec);
    let again = reopen(&path);
    assert_eq!(again.state.items[0].ballots.len(), 1, "收回 stays 1");
    verified_clean_but_open(&path);
}

fn verified_clean_but_open(path: &Path) {
    let r = verify::check_file(path, &Options::default()).expect("verify");
    assert!(r.findings.is_empty(), "{}", r.render("log"));
}

#[test]
fn a_write_that_fails_half_way_is_cut_back() {
    for partial in [1, 40, 150] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rec = one_ballot(dir.path());
        let path = rec.path.clone();
        let before = std::fs::read(&path).expect("read");
        fail(
            &mut rec,
            Plan {
                write: Some(1),
                partial,
                ..Plan::default()
            },
        );
        let err = rec.record(ballot()).unwrap_err();
        assert!(
            matches!(err, RecordError::Log(LogError::NotRecorded(_))),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).expect("read"), before);
        drop(rec);
        verified_clean_but_open(&path);
    }
}

#[test]
fn when_the_cut_back_fails_the_message_says_it_may_or_may_not_be_recorded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = one_ballot(dir.path());
    let path = rec.path.clone();
    fail(
        &mut rec,
        Plan {
            sync: Some(1),
            truncate: true,
            ..Plan::default()
        },
    );
    let err = rec.record(ballot()).unwrap_err();
    let RecordError::Log(log_err) = &err else {
        panic!("{err}")
    };
    assert!(matches!(log_err, LogError::Uncertain { .. }), "{err}");
    assert!(err.to_string().contains("MAY OR MAY NOT"), "{err}");
    assert!(!err.to_string().contains("NOT recorded"), "{err}");
    assert!(
        log_err
            .say(votedesk::lang::Lang::Zh)
            .contains("可能已记录，也可能未记录")
    );
    drop(rec);
    // Here the write went through: on restart the console shows the last record the log
    // holds, which the operator compares with the paper.
    let again = reopen(&path);
    assert_eq!(again.state.items[0].ballots.len(), 2);
    let last = again.last_found.clone().expect("last record");
    assert!(
        matches!(last.event, Event::BallotRecorded { ballot: 2, .. }),
        "{last:?}"
    );
    let app = votedesk::console::app::App::new(again, votedesk::lang::Lang::En, true);
    let (_, msg) = app.message.clone().expect("message");
    assert!(
        msg.contains(&format!("Last in the log: record {}", last.seq)) && msg.contains("ballot 2"),
        "{msg}"
    );
    drop(app);
    // A second start still names the operator's last action, not the console's resume.
    let third = reopen(&path);
    assert_eq!(third.last_found.map(|l| l.seq), Some(last.seq));
}

#[test]
fn a_batch_that_fails_leaves_nothing_in_the_log() {
    // Check-in of everyone on a disk that fills half-way: before, 74 of 170 stayed.
    for plan in [
        Plan {
            write: Some(1),
            partial: 200,
            ..Plan::default()
        },
        Plan {
            sync: Some(1),
            ..Plan::default()
        },
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("small.log");
        let mut rec = Recorder::start(&common::load(common::SMALL), &path, "t").expect("start");
        let before = std::fs::read(&path).expect("read");
        fail(&mut rec, plan);
        let err = rec
            .record_batch((1..=6).map(Action::CheckIn).collect())
            .unwrap_err();
        assert!(
            matches!(err, RecordError::Log(LogError::NotRecorded(_))),
            "{err}"
        );
        assert_eq!(rec.state.present(), 0);
        assert_eq!(std::fs::read(&path).expect("read"), before);
        drop(rec);
        assert_eq!(reopen(&path).state.present(), 0);
    }
}

#[test]
fn a_cut_at_every_byte_of_a_batch_sets_the_whole_batch_aside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec = Recorder::start(&common::load(common::SMALL), &path, "t").expect("start");
    let start = std::fs::metadata(&path).expect("meta").len() as usize;
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("batch");
    drop(rec);
    let bytes = std::fs::read(&path).expect("read");
    let loaded = common::load(common::SMALL);
    for cut in start + 1..bytes.len() {
        let case = tempfile::tempdir().expect("tempdir");
        let p = case.path().join("small.log");
        std::fs::write(&p, &bytes[..cut]).expect("write");
        // Without a repair, a log that ends inside a batch does not verify.
        let report = verify::check_file(&p, &Options::default()).expect("verify");
        let complete_header = bytes[start..cut].contains(&b'\n');
        if complete_header {
            assert!(
                report
                    .findings
                    .iter()
                    .any(|f| f.check == 5 && f.problem.contains("unfinished batch")),
                "cut {cut}: {}",
                report.render("x")
            );
        }
        let rec = Recorder::start(&loaded, &p, "t").expect("resume");
        let Opened::Resumed { repair: Some(r) } = &rec.opened else {
            panic!("cut {cut}: {:?}", rec.opened)
        };
        assert_eq!(r.bytes as usize, cut - start, "cut {cut}");
        let side = std::fs::read(&r.side_file).expect("side file");
        assert_eq!(side, &bytes[start..cut]);
        assert_eq!(r.sha256, log::sha256_hex(&side));
        assert_eq!(
            rec.state.present(),
            0,
            "cut {cut}: none of the batch counts"
        );
        let after = std::fs::read(&p).expect("read");
        assert_eq!(&after[..start], &bytes[..start], "acknowledged bytes kept");
        drop(rec);
        verified_clean_but_open(&p);
    }
}

#[test]
fn import_notes_and_batches_must_match_their_extent() {
    let loaded = common::load(common::SMALL);
    let mut st = State::new(std::sync::Arc::new(loaded.session.clone()));
    st.apply(&Event::SessionBound(Box::new(st.binding(&loaded.sources))))
        .expect("bind");
    for seat in 1..=6 {
        st.apply(&Event::CheckedIn { seat }).expect("in");
    }
    st.apply(&Event::ItemOpened {
        item: "p".into(),
        issued: 6,
    })
    .expect("open");
    let note = |ballots| Event::BallotsImported {
        item: "p".into(),
        file: "k.csv".into(),
        sha256: "0".repeat(64),
        ballots,
    };
    let b = |n| Event::BallotRecorded {
        item: "p".into(),
        ballot: n,
        seat: None,
        marks: common::choices("fff"),
        replaces: None,
    };
    // A note outside a batch, or announcing more than its batch holds, is refused.
    assert!(matches!(
        st.clone().apply(&note(2)),
        Err(Refusal::ImportExtent { .. })
    ));
    let mut s = st.clone();
    s.apply(&Event::Batch { records: 3 }).expect("batch");
    assert_eq!(
        s.apply(&note(160)),
        Err(Refusal::ImportExtent {
            announced: 160,
            in_batch: 2
        })
    );
    // A batch never nests or is empty.
    assert_eq!(
        s.clone().apply(&Event::Batch { records: 1 }),
        Err(Refusal::BatchMisplaced)
    );
    assert_eq!(
        st.clone().apply(&Event::Batch { records: 0 }),
        Err(Refusal::BatchMisplaced)
    );
    s.apply(&note(2)).expect("note");
    // Nothing else may come between the note and its ballots.
    assert!(matches!(
        s.clone().apply(&Event::ItemClosed { item: "p".into() }),
        Err(Refusal::ImportInterrupted { left: 2, .. })
    ));
    s.apply(&b(1)).expect("1");
    assert_eq!(s.unfinished_batch(), Some((8, 1)));
    s.apply(&b(2)).expect("2");
    assert_eq!(s.unfinished_batch(), None);
    s.apply(&Event::ItemClosed { item: "p".into() })
        .expect("close");
}

#[test]
fn a_log_deleted_under_a_live_recorder_stops_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = one_ballot(dir.path());
    let path = rec.path.clone();
    std::fs::remove_file(&path).expect("rm");
    let err = rec.record(ballot()).unwrap_err();
    assert!(
        matches!(
            err,
            RecordError::Log(LogError::NotTheLog {
                drift: Drift::Gone,
                ..
            })
        ),
        "{err}"
    );
    assert!(!path.exists(), "nothing written anywhere");
    // A second console on the same path is refused while the first runs.
    let second = Recorder::start(&common::load(common::SMALL), &path, "second");
    assert!(
        matches!(second, Err(StartError::Log(LogError::Locked { .. }))),
        "{:?}",
        second.err()
    );
    assert!(!path.exists());
    // Every later action is refused too.
    assert!(rec.record(ballot()).is_err());
}

#[test]
fn a_log_renamed_over_or_written_by_another_program_stops_the_writer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = one_ballot(dir.path());
    let path = rec.path.clone();
    let other = dir.path().join("other.log");
    std::fs::write(&other, b"not ours\n").expect("write");
    std::fs::rename(&other, &path).expect("mv other L");
    let err = rec.record(ballot()).unwrap_err();
    assert!(
        matches!(
            err,
            RecordError::Log(LogError::NotTheLog {
                drift: Drift::Replaced,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), b"not ours\n");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = one_ballot(dir.path());
    let path = rec.path.clone();
    let len = std::fs::metadata(&path).expect("meta").len();
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open")
        .write_all(b"x\n")
        .expect("append");
    let err = rec.record(ballot()).unwrap_err();
    assert!(err.to_string().contains("something else wrote"), "{err}");
    assert!(
        matches!(
            err,
            RecordError::Log(LogError::NotTheLog {
                drift: Drift::Resized { expected, found },
                ..
            }) if expected == len && found == len + 2
        ),
        "{err}"
    );
}

#[test]
fn creation_publishes_a_complete_first_write_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.log");
    let file = LogFile::create_temp(&path).expect("temp");
    let storage: Box<dyn log::Storage> = Box::new(file);
    let (storage, _) = Faulty::wrap(
        storage,
        Plan {
            publish: true,
            ..Plan::default()
        },
    );
    let mut w = Writer::new(storage, "small", "t", 0, "0".repeat(64), 0);
    w.append(&[Event::SessionResumed {}]).expect("temp write");
    let err = w.publish(&path).unwrap_err();
    assert!(matches!(err, LogError::Create { .. }), "{err}");
    assert!(!path.exists(), "no log when the rename fails");
    // The real thing never replaces a file already at the path.
    std::fs::write(&path, b"someone else's").expect("write");
    let file = LogFile::create_temp(&dir.path().join("other.log")).expect("temp");
    let mut w = Writer::new(Box::new(file), "small", "t", 0, "0".repeat(64), 0);
    w.append(&[Event::SessionResumed {}]).expect("write");
    assert!(matches!(w.publish(&path), Err(LogError::Exists { .. })));
    assert_eq!(std::fs::read(&path).expect("read"), b"someone else's");
}

#[test]
fn kill_9_during_creation_leaves_no_log_or_one_that_resumes() {
    // Before, 4 of 100 random kills left an empty log that could never be resumed.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    let loaded = common::load(common::SMALL);
    let mut seen = (0, 0);
    for trial in 0..60u64 {
        let log = dir.path().join(format!("t{trial}.log"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_votedesk"))
            .current_dir(dir.path())
            .args(["simulate", "small.ron", "--log"])
            .arg(&log)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Spread the kills over start-up and the first writes.
        let micros = if trial < 40 { trial * 150 } else { trial * 700 };
        std::thread::sleep(std::time::Duration::from_micros(micros));
        let _ = child.kill();
        let _ = child.wait();
        match std::fs::metadata(&log) {
            Err(_) => seen.0 += 1,
            Ok(m) => {
                assert!(m.len() > 0, "trial {trial}: an empty log");
                let first = std::fs::read(&log).expect("read");
                assert!(
                    first.starts_with(&first[..64]) && first.contains(&b'\n'),
                    "trial {trial}: the first record is complete"
                );
                Recorder::start(&loaded, &log, "t")
                    .unwrap_or_else(|e| panic!("trial {trial}: {e}"));
                seen.1 += 1;
            }
        }
    }
    eprintln!("trials without a log, with one: {seen:?}");
    assert!(seen.1 > 0, "some trials got as far as a log: {seen:?}");
}

#[test]
fn an_empty_log_file_gets_its_own_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    std::fs::write(&path, b"").expect("write");
    let err = Recorder::start(&common::load(common::SMALL), &path, "t")
        .err()
        .expect("refused");
    assert!(matches!(err, StartError::Empty { .. }), "{err}");
    assert!(
        err.to_string().contains("nothing was ever recorded"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("Remove it, or choose another --log")
    );
    assert!(!err.to_string().contains("tampered"));
    assert!(err.say(votedesk::lang::Lang::Zh).contains("空文件"));
}

#[test]
fn side_files_are_never_overwritten_and_match_their_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = one_ballot(dir.path());
    let path = rec.path.clone();
    drop(rec);
    // Two repairs within one second.
    let mut sides = Vec::new();
    for tail in [&b"abc"[..], &b"defgh"[..]] {
        use std::io::Write;
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open")
            .write_all(tail)
            .expect("torn tail");
        let rec = reopen(&path);
        let Opened::Resumed { repair: Some(r) } = &rec.opened else {
            panic!("{:?}", rec.opened)
        };
        assert_eq!(std::fs::read(&r.side_file).expect("side"), tail);
        sides.push(r.side_file.clone());
    }
    assert_ne!(sides[0], sides[1], "unique names");
    assert_eq!(std::fs::read(&sides[0]).expect("side"), b"abc");
    // Each tail_repaired record's sha256 matches its side file's bytes.
    let text = std::fs::read_to_string(&path).expect("log");
    for side in &sides {
        let sha = log::sha256_hex(&std::fs::read(side).expect("side"));
        assert!(text.contains(&sha), "recorded sha256 of {}", side.display());
    }
    verified_clean_but_open(&path);
}

/// A small real tmpfs (root only; skipped where mounting is not allowed).
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("skipped: cannot mount a tmpfs here (not root?)");
            return None;
        }
        Some(Tmpfs(dir))
    }
    fn path(&self) -> &Path {
        self.0.path()
    }
    /// Fill the file system so that about `leave` bytes stay free.
    fn fill(&self, leave: u64) {
        let filler = self.path().join("filler");
        let mut f = std::fs::File::create(&filler).expect("filler");
        use std::io::Write;
        let chunk = vec![b'.'; 4096];
        while f.write_all(&chunk).is_ok() {}
        let _ = f.sync_all();
        drop(f);
        // Give back a little so a short write may partly succeed.
        let len = std::fs::metadata(&filler).expect("meta").len();
        let _ = std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .and_then(|f| f.set_len(len.saturating_sub(leave)));
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

#[test]
fn a_real_full_disk_leaves_the_log_as_it_was_and_no_empty_side_file() {
    let Some(fs) = Tmpfs::mount("1m") else {
        return;
    };
    let path = fs.path().join("hanggin.log");
    let loaded =
        votedesk::session::load_file(&common::repo("sessions/hanggin-2024.ron")).expect("session");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    let before = std::fs::read(&path).expect("read");
    fs.fill(100);
    // Check everyone in: one batch of about 40 KB, far more than the room left.
    let everyone: Vec<Action> = loaded
        .session
        .roster
        .iter()
        .filter(|d| !d.on_leave)
        .map(|d| Action::CheckIn(d.seat))
        .collect();
    let err = rec.record_batch(everyone).unwrap_err();
    assert!(
        matches!(err, RecordError::Log(LogError::NotRecorded(ref e)) if e.raw_os_error() == Some(28)),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before, "cut back");
    drop(rec);
    // A torn tail to set aside, and no room for the side file: nothing changes, no
    // empty side file stays.
    let _ = std::fs::remove_file(fs.path().join("filler"));
    use std::io::Write;
    std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open")
        .write_all(&[b'z'; 3000])
        .expect("torn tail");
    let with_tail = std::fs::read(&path).expect("read");
    fs.fill(0);
    let err = Recorder::start(&loaded, &path, "t").err().expect("refused");
    assert!(matches!(err, StartError::SetAside { .. }), "{err}");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&path).expect("read"), with_tail);
    let leftovers: Vec<_> = std::fs::read_dir(fs.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("residue"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn sigterm_sighup_and_sigint_restore_the_terminal_and_lose_nothing() {
    for (signal, status) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
        let t = common::tmux::Tmux::start_in_shell(
            dir.path(),
            "run small.ron --log small.log --lang zh",
            "s=$?; t=$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|isig)$' | tr '\\n' ' '); echo \"EXIT=$s STTY: $t:END\"",
        );
        t.wait_for("新建会议日志");
        assert_eq!(t.pane_format("#{alternate_on}"), "1");
        // Record something first: it must survive the signal.
        t.keys("a", "座位号");
        t.keys("1", "1▏");
        t.key("Enter", "1 号");
        let shell = t.pid();
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(!pid.is_empty(), "votedesk runs under the shell");
        Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        let screen = t.wait_for(":END");
        assert!(
            screen.contains(&format!("EXIT={status}")),
            "SIG{signal}: {screen}"
        );
        // Canonical mode and echo are back, the alternate screen is off, the cursor shows.
        assert!(
            screen.contains("STTY: isig icanon echo :END"),
            "SIG{signal}: {screen}"
        );
        assert_eq!(t.pane_format("#{alternate_on}"), "0", "SIG{signal}");
        assert_eq!(t.pane_format("#{cursor_flag}"), "1", "SIG{signal}");
        drop(t);
        let rec = reopen(&dir.path().join("small.log"));
        assert_eq!(rec.state.present(), 1, "SIG{signal}: the check-in is kept");
    }
}

fn strace_available() -> bool {
    let ok = Command::new("strace")
        .args(["-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("skipped: strace cannot run here (.ci/run installs it)");
    }
    ok
}

#[test]
fn eio_on_the_import_sync_under_strace_records_nothing_and_says_so() {
    // The reproduction, through the real binary: EIO injected on the second
    // fdatasync (the first is the resume record, the second the import batch).
    if !strace_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec = Recorder::start(&common::load(common::SMALL), &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    drop(rec);
    std::fs::write(dir.path().join("k.csv"), "a,b,c\n1,1,2\n1,2,1\n").expect("csv");
    let out = Command::new("strace")
        .args([
            "-f",
            "-o",
            "/dev/null",
            "-e",
            "inject=fdatasync:error=EIO:when=2",
            env!("CARGO_BIN_EXE_votedesk"),
            "import",
            "small.log",
            "--item",
            "p",
            "k.csv",
        ])
        .current_dir(dir.path())
        .output()
        .expect("strace");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("NOT recorded"), "{err}");
    let text = std::fs::read_to_string(&path).expect("log");
    assert!(
        !text.contains("ballots_imported"),
        "nothing of the batch stays"
    );
    let again = reopen(&path);
    assert_eq!(again.state.items[0].ballots.len(), 0);
}

#[test]
fn closing_the_terminal_ends_the_console_instead_of_leaving_it_spinning() {
    // SIGHUP from a closed terminal: the terminal library can no longer read keys, so the
    // console must end by itself and let go of the log.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("small.ron"), common::SMALL).expect("write");
    let t = common::tmux::Tmux::start(dir.path(), "run small.ron --log small.log --lang en");
    t.wait_for("new session log");
    let pid = t.pid();
    t.kill_server();
    let gone = (0..60).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        !Path::new(&format!("/proc/{pid}")).exists()
            || std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .is_ok_and(|s| s.split_whitespace().nth(2) == Some("Z"))
    });
    assert!(gone, "votedesk {pid} still runs after its terminal closed");
    let rec = reopen(&dir.path().join("small.log"));
    assert!(matches!(rec.opened, Opened::Resumed { .. }));
}

#[test]
fn a_log_that_cannot_be_created_leaves_nothing_and_says_so() {
    let Some(fs) = Tmpfs::mount("256k") else {
        return;
    };
    fs.fill(0);
    let path = fs.path().join("hanggin.log");
    let loaded =
        votedesk::session::load_file(&common::repo("sessions/hanggin-2024.ron")).expect("session");
    let err = Recorder::start(&loaded, &path, "t")
        .err()
        .expect("full disk");
    assert!(
        matches!(err, StartError::Log(LogError::Create { .. })),
        "{err}"
    );
    assert!(err.to_string().contains("Nothing was created"), "{err}");
    assert!(
        !err.to_string().contains("resume"),
        "nothing to resume: {err}"
    );
    assert!(!path.exists());
    let temps: Vec<_> = std::fs::read_dir(fs.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("creating"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}

#[test]
fn a_station_whose_sync_fails_says_not_recorded_and_its_log_still_reads_without_it() {
    use votedesk::recorder::StationStart;
    let dir = tempfile::tempdir().expect("tempdir");
    let rec = sealed_box(dir.path());
    let main = rec.path.clone();
    drop(rec);
    let out = dir.path().join("box1.log");
    let start = StationStart {
        session_log: main,
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 2,
        order_kept: true,
        out: out.clone(),
    };
    let mut st = Recorder::station(&start).expect("station");
    st.record(ballot()).expect("box ballot 1");
    let before = std::fs::read(&out).expect("read");
    fail(
        &mut st,
        Plan {
            sync: Some(1),
            ..Plan::default()
        },
    );
    let err = st.record(ballot()).unwrap_err();
    assert!(
        matches!(err, RecordError::Log(LogError::NotRecorded(_))),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).expect("read"), before, "cut back");
    // Closing the box is refused too: the writer stays failed, nothing is retried.
    assert!(st.record(Action::CloseItem("p".into())).is_err());
    drop(st);
    let log = votedesk::station::read_file(&out).expect("reads");
    assert_eq!(log.ballots.len(), 1);
    assert!(!log.closed);
    let again = Recorder::station(&start).expect("resumes");
    assert_eq!(again.state.item("p").expect("p").ballots.len(), 1);
}

#[test]
fn a_box_whose_batch_write_fails_is_not_in_the_log_at_all() {
    use votedesk::recorder::StationStart;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = sealed_box(dir.path());
    let out = dir.path().join("box1.log");
    let mut st = Recorder::station(&StationStart {
        session_log: rec.path.clone(),
        item: "p".into(),
        r#box: "1".into(),
        teller: "甲".into(),
        hand_count: 2,
        order_kept: true,
        out: out.clone(),
    })
    .expect("station");
    st.record(ballot()).expect("1");
    st.record(ballot()).expect("2");
    st.record(Action::CloseItem("p".into())).expect("close box");
    let logs = vec![votedesk::station::read_file(&out).expect("reads")];
    let target = votedesk::station::Target {
        state: &rec.state,
        identity: &rec.identity,
        opened_at: &rec.opened_at,
    };
    let plans = votedesk::station::plan(&target, logs).expect("plan");
    let actions = plans[0]
        .actions(&votedesk::station::Answers {
            heads: plans[0].heads_read("监票人"),
            single: Some("one teller at this table".into()),
            ..votedesk::station::Answers::default()
        })
        .expect("clean");
    let path = rec.path.clone();
    let before = std::fs::read(&path).expect("read");
    fail(
        &mut rec,
        Plan {
            write: Some(1),
            partial: 300,
            ..Plan::default()
        },
    );
    let err = rec.record_batch(actions).unwrap_err();
    assert!(
        matches!(err, RecordError::Log(LogError::NotRecorded(_))),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing of the box"
    );
    assert!(rec.state.item("p").expect("p").boxes.is_empty());
    verified_clean_but_open(&path);
}
