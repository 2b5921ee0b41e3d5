//! The counting room's import: 20 station logs covering 3,000 ballots × 20 candidates (10
//! boxes, each entered twice) read and verified, bound to the round, compared ballot by
//! ballot, and recorded as 10 batches (one sync each), against a same-run baseline of only
//! reading the same files and parsing each line as JSON.

use std::path::{Path, PathBuf};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use votedesk::engine::{Action, Event, Marks};
use votedesk::log::{LogFile, Writer};
use votedesk::recorder::{Recorder, StationStart};
use votedesk::session;
use votedesk::station::{self, Answers, Target};

const BOXES: u32 = 10;
const PER_BOX: u32 = 300;

/// Write the station log of one box keyed by `teller`, its ballots in one write.
fn station_log(main: &Path, dir: &Path, label: u32, teller: &str) -> PathBuf {
    let out = dir.join(format!("box{label}-{teller}.log"));
    let start = StationStart {
        session_log: main.to_path_buf(),
        item: "projects".into(),
        r#box: label.to_string(),
        teller: teller.into(),
        hand_count: PER_BOX,
        order_kept: true,
        out: out.clone(),
    };
    drop(Recorder::station(&start).expect("station"));
    let binding = station::read_file(&out).expect("binding").binding;
    std::fs::remove_file(&out).expect("rm");
    let mut events = vec![Event::StationBound(Box::new(binding.clone()))];
    for k in 0..PER_BOX {
        let i = label * PER_BOX + k;
        events.push(Event::BallotRecorded {
            item: "projects".into(),
            ballot: k + 1,
            seat: None,
            marks: Marks::Ticks {
                ticked: (0..10)
                    .map(|t| format!("c{:02}", (i + t * 3) % 20 + 1))
                    .collect(),
            },
            replaces: None,
        });
    }
    events.push(Event::StationClosed {
        ballots: PER_BOX,
        records: u64::from(PER_BOX) + 2,
    });
    let genesis = votedesk::log::genesis_prev(&binding.session_log);
    let file = LogFile::create_temp(&out).expect("create");
    let mut w = Writer::new(Box::new(file), "scale-3000", teller, 0, genesis, 0);
    w.append(&events).expect("write");
    w.publish(&out).expect("publish");
    out
}

fn stations(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/national-3000.ron");
    let loaded = session::load_file(&path).expect("bundled session loads");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.log");
    {
        let mut rec = Recorder::start(&loaded, &base, "bench").expect("start");
        rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
            .expect("check in");
        rec.record(Action::OpenItem("projects".into()))
            .expect("open");
        rec.record(Action::SealBoxes {
            item: "projects".into(),
            boxes: (0..BOXES).map(|b| b.to_string()).collect(),
            collected: BOXES * PER_BOX,
        })
        .expect("seal");
    }
    let room = dir.path().join("room");
    std::fs::create_dir(&room).expect("mkdir");
    for label in 0..BOXES {
        for teller in ["A", "B"] {
            station_log(&base, &room, label, teller);
        }
    }
    let files: Vec<PathBuf> = std::fs::read_dir(&room)
        .expect("room")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    assert_eq!(files.len(), 20);
    let mut group = c.benchmark_group("import 20 station logs, 3000 ballots x 20 candidates");
    group.sample_size(20);
    group.bench_function(
        "votedesk import: verify, bind, compare, record 10 boxes (10 syncs)",
        |b| {
            b.iter_batched(
                || {
                    let copy = dir.path().join("copy.log");
                    std::fs::copy(&base, &copy).expect("copy");
                    Recorder::resume(None, &copy, "bench").expect("resume")
                },
                |mut rec| {
                    let logs = station::collect(&[room.as_path()]).expect("station logs");
                    let target = Target {
                        state: &rec.state,
                        identity: &rec.identity,
                        opened_at: &rec.opened_at,
                    };
                    let plans = station::plan(&target, logs).expect("plans");
                    assert_eq!(plans.len(), BOXES as usize);
                    let batches: Vec<Vec<Action>> = plans
                        .iter()
                        .map(|p| {
                            p.actions(&Answers {
                                heads: p.heads_read("scrutineer"),
                                ..Answers::default()
                            })
                            .expect("equal entries")
                        })
                        .collect();
                    for batch in batches {
                        rec.record_batch(batch).expect("recorded");
                    }
                    assert_eq!(
                        rec.state.item("projects").map(|i| i.ballots.len()),
                        Some((BOXES * PER_BOX) as usize)
                    );
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.bench_function(
        "baseline: read the 20 files and parse each line as JSON",
        |b| {
            b.iter(|| {
                let mut n = 0;
                for f in &files {
                    let bytes = std::fs::read(f).expect("read");
                    for line in bytes.split(|&b| b == b'\n').filter(|l| l.len() > 65) {
                        let v: serde_json::Value =
                            serde_json::from_slice(&line[65..]).expect("json");
                        n += usize::from(v.is_object());
                    }
                }
                assert_eq!(n, 20 * (PER_BOX as usize + 2));
            })
        },
    );
    group.finish();
}

criterion_group!(benches, stations);
criterion_main!(benches);
