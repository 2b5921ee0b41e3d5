//! Log benchmarks, each against a baseline measured in the same run:
//! - durable append (prepare + one write + sync_data + apply) vs a plain write + sync_data
//!   of the same bytes;
//! - verify throughput on a large log (read from the file, streaming) vs SHA-256 over the
//!   same bytes;
//! - reopening (scan + checks + replay) a 100,000-record log;
//! - one projector update (two records appended, then `Follower::poll`) on a 10,000- and on
//!   a 1,000,000-record log.
//!
//! `cargo bench --bench log` uses 1,000,000 records for the verify benchmark; under
//! `cargo test` the sizes are small so the suite stays fast.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use votedesk::engine::{Action, Choice, Marks};
use votedesk::recorder::Recorder;
use votedesk::session;

fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn session3000() -> session::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/national-3000.ron");
    session::load_file(&path).expect("bundled session loads")
}

/// A log of about `records` records: 3,000 check-ins, then ballots and corrections on one
/// open item, written in batches (one sync per batch) to keep set-up time reasonable.
fn build_log(path: &Path, records: usize) {
    let loaded = session3000();
    let mut rec = Recorder::start(&loaded, path, "bench").expect("start");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
        .expect("check in");
    rec.record(Action::OpenItem("resolution".into()))
        .expect("open");
    let mut batch = Vec::new();
    let mut ballot = 0u32;
    let mut seat_i = 0;
    // Each batch adds a header record: count the pending one.
    while (rec.state.records as usize) + batch.len() + 1 < records {
        let seat = seats[seat_i % seats.len()];
        ballot += 1;
        batch.push(Action::RecordBallot {
            item: "resolution".into(),
            seat: Some(seat),
            marks: Marks::Choices {
                choices: vec![Choice::For],
            },
        });
        // Void and re-key every entry so the item never runs out of deputies.
        batch.push(Action::VoidBallot {
            item: "resolution".into(),
            ballot,
            reason: "bench".into(),
        });
        seat_i += 1;
        if batch.len() >= 20_000 {
            rec.record_batch(std::mem::take(&mut batch)).expect("batch");
        }
    }
    if rec.state.records as usize + batch.len() + 1 > records {
        batch.pop();
    }
    if !batch.is_empty() {
        rec.record_batch(batch).expect("batch");
    }
}

/// A log of the 3,000-deputy session with everyone in, the projects item open and one
/// ballot recorded: the ballot's marks and its line (what a baseline writes).
fn one_ballot_in(rec: &mut Recorder, loaded: &session::Loaded, log: &Path) -> (Marks, Vec<u8>) {
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
        .expect("check in");
    rec.record(Action::OpenItem("projects".into()))
        .expect("open");
    let marks = Marks::Ticks {
        ticked: (1..=10).map(|i| format!("c{i:02}")).collect(),
    };
    rec.record(Action::RecordBallot {
        item: "projects".into(),
        seat: None,
        marks: marks.clone(),
    })
    .expect("record");
    let bytes = std::fs::read(log).expect("read");
    let last = bytes[..bytes.len() - 1]
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    (marks, bytes[last..].to_vec())
}

fn append(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = session3000();
    let log = dir.path().join("append.log");
    let mut rec = Recorder::start(&loaded, &log, "bench").expect("start");
    // The same line as a ballot record, written and synced to a plain file: the baseline.
    let (marks, line) = one_ballot_in(&mut rec, &loaded, &log);
    let mut plain = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("plain.log"))
        .expect("open");
    let mut ballot = move || {
        rec.record(Action::RecordBallot {
            item: "projects".into(),
            seat: None,
            marks: marks.clone(),
        })
        .expect("record");
    };
    let mut baseline = move || {
        plain.write_all(&line).expect("write");
        plain.sync_data().expect("sync");
    };
    // Paired: every iteration does one of each and times only its own, so both see the same
    // disk at the same moment (a disk's sync time drifts by ±30% over a run).
    let mut paired = |iters: u64, timed_first: bool| {
        let mut spent = Duration::ZERO;
        for _ in 0..iters {
            let start = Instant::now();
            if timed_first {
                ballot();
            } else {
                baseline();
            }
            spent += start.elapsed();
            if timed_first {
                baseline();
            } else {
                ballot();
            }
        }
        spent
    };
    let mut group = c.benchmark_group("durable append");
    group.sample_size(if full_run() { 200 } else { 10 });
    group.bench_function(
        "votedesk record ballot (identity check, prepare, write, sync_data, apply)",
        |b| b.iter_custom(|iters| paired(iters, true)),
    );
    group.bench_function("baseline: write + sync_data of the same bytes", |b| {
        b.iter_custom(|iters| paired(iters, false))
    });
    group.finish();
}

/// A mirrored durable append against the two plain write + sync pairs it stands for, paired
/// in every iteration (rotating which is timed first). The mirror goes to
/// `VOTEDESK_BENCH_MIRROR` (a folder on a second disk) when set, else to /dev/shm (another
/// device on every Linux), else next to the log. Target: at most 1.2× the slower pair.
fn mirrored_append(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = std::env::var_os("VOTEDESK_BENCH_MIRROR")
        .map(std::path::PathBuf::from)
        .or_else(|| Some(Path::new("/dev/shm").to_path_buf()).filter(|p| p.is_dir()))
        .unwrap_or_else(|| dir.path().to_path_buf());
    let mirror_dir = tempfile::tempdir_in(&other).expect("mirror tempdir");
    let loaded = session3000();
    let log = dir.path().join("mirrored.log");
    let mut rec = Recorder::start_mirrored(
        &loaded,
        &log,
        Some(&mirror_dir.path().join("m.log")),
        "bench",
    )
    .expect("start");
    let (marks, line) = one_ballot_in(&mut rec, &loaded, &log);
    let open = |p: &Path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(p)
            .expect("open")
    };
    let mut plain = [
        open(&dir.path().join("plain.log")),
        open(&mirror_dir.path().join("plain.log")),
    ];
    let mut one = |k: usize| {
        if k == 0 {
            rec.record(Action::RecordBallot {
                item: "projects".into(),
                seat: None,
                marks: marks.clone(),
            })
            .expect("record");
        } else {
            let f = &mut plain[k - 1];
            f.write_all(&line).expect("write");
            f.sync_data().expect("sync");
        }
    };
    let mut turn = 0usize;
    let mut paired = |iters: u64, timed: usize| {
        let mut spent = Duration::ZERO;
        for _ in 0..iters {
            turn += 1;
            for j in 0..3 {
                let k = (turn + j) % 3;
                let start = Instant::now();
                one(k);
                if k == timed {
                    spent += start.elapsed();
                }
            }
        }
        spent
    };
    let mut group = c.benchmark_group("mirrored durable append");
    group.sample_size(if full_run() { 100 } else { 10 });
    group.bench_function("votedesk record ballot, log + mirror", |b| {
        b.iter_custom(|iters| paired(iters, 0))
    });
    group.bench_function("baseline: write + sync_data beside the log", |b| {
        b.iter_custom(|iters| paired(iters, 1))
    });
    group.bench_function("baseline: write + sync_data beside the mirror", |b| {
        b.iter_custom(|iters| paired(iters, 2))
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let records = if full_run() { 1_000_000 } else { 5_000 };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.log");
    build_log(&path, records);
    let bytes = std::fs::read(&path).expect("read");
    let mut group = c.benchmark_group(format!("verify {records} records"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(if full_run() { 40 } else { 1 }));
    group.throughput(Throughput::Elements(records as u64));
    group.bench_function("votedesk verify (scan, checks, replay)", |b| {
        b.iter(|| {
            let r = votedesk::verify::check_file(&path, &Default::default()).expect("verify");
            assert_eq!(r.records as usize, records);
            r.findings.len()
        })
    });
    group.bench_function("baseline: SHA-256 over the same bytes", |b| {
        b.iter(|| votedesk::log::sha256_hex(&bytes))
    });
    group.finish();
}

fn reopen(c: &mut Criterion) {
    let records = if full_run() { 100_000 } else { 5_000 };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("reopen.log");
    build_log(&path, records);
    let loaded = session3000();
    let mut group = c.benchmark_group(format!("reopen {records} records"));
    group.sample_size(10);
    group.bench_function(
        "Recorder::start on an existing log (verify, replay, append resume)",
        |b| {
            b.iter_batched(
                || {
                    let copy = dir.path().join("copy.log");
                    std::fs::copy(&path, &copy).expect("copy");
                    copy
                },
                |copy| {
                    let rec = Recorder::start(&loaded, &copy, "bench").expect("resume");
                    assert!(rec.state.records as usize > records);
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.finish();
}

/// The projector's follower: the cost of one update (two records appended, then `poll`)
/// on a short log and on a long one. Only what was appended is read and checked, so the
/// two should cost the same.
fn follow(c: &mut Criterion) {
    let sizes = if full_run() {
        [10_000, 1_000_000]
    } else {
        [2_000, 20_000]
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = session3000();
    let mut group = c.benchmark_group("follow: one update");
    group.sample_size(if full_run() { 100 } else { 10 });
    for records in sizes {
        let path = dir.path().join(format!("follow-{records}.log"));
        build_log(&path, records);
        let mut follower = votedesk::follow::Follower::new(&path);
        assert!(follower.poll());
        let mut rec = Recorder::start(&loaded, &path, "bench").expect("resume");
        let seat = loaded.session.roster[0].seat;
        group.bench_function(format!("log of {records} records"), |b| {
            b.iter_batched(
                || {
                    let ballot = rec
                        .state
                        .item("resolution")
                        .map(|i| i.ballots.len() as u32 + 1)
                        .unwrap_or(1);
                    rec.record(Action::RecordBallot {
                        item: "resolution".into(),
                        seat: Some(seat),
                        marks: Marks::Choices {
                            choices: vec![Choice::For],
                        },
                    })
                    .expect("ballot");
                    rec.record(Action::VoidBallot {
                        item: "resolution".into(),
                        ballot,
                        reason: "bench".into(),
                    })
                    .expect("void");
                },
                |()| {
                    assert!(follower.poll());
                },
                BatchSize::PerIteration,
            )
        });
        assert!(follower.first_finding().is_none());
        assert_eq!(follower.records(), rec.state.records);
    }
    group.finish();
}

criterion_group!(benches, append, mirrored_append, verify, reopen, follow);
criterion_main!(benches);
