//! Importing a keypad export of 3,000 named ballots × 20 candidates: checking the whole file
//! and recording it in one batch with one sync, against a baseline of parsing the same CSV.

use std::fmt::Write;
use std::path::Path;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use votedesk::engine::Action;
use votedesk::recorder::Recorder;
use votedesk::session;

fn keypad_csv(ids: &[String], seats: &[u32]) -> String {
    let mut s = format!("seat,{}\n", ids.join(","));
    for (k, seat) in seats.iter().enumerate() {
        let _ = write!(s, "{seat}");
        for c in 0..ids.len() {
            s.push(',');
            s.push_str(["赞成", "反对", "弃权", "赞成"][(k + c) % 4]);
        }
        s.push('\n');
    }
    s
}

fn import(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/national-3000.ron");
    let loaded = session::load_file(&path).expect("bundled session loads");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    let ids = loaded
        .session
        .item("projects-named")
        .expect("named item")
        .choice_ids();
    let csv = keypad_csv(&ids, &seats);
    let dir = tempfile::tempdir().expect("tempdir");
    let base = dir.path().join("base.log");
    {
        let mut rec = Recorder::start(&loaded, &base, "bench").expect("start");
        rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
            .expect("check in");
        rec.record(Action::OpenItem("projects-named".into()))
            .expect("open");
    }
    let mut group = c.benchmark_group("import 3000 named ballots x 20 candidates");
    group.sample_size(10);
    group.bench_function(
        "votedesk import: check every row, record one batch, one sync",
        |b| {
            b.iter_batched(
                || {
                    let copy = dir.path().join("copy.log");
                    std::fs::copy(&base, &copy).expect("copy");
                    Recorder::start(&loaded, &copy, "bench").expect("resume")
                },
                |mut rec| {
                    let batch = votedesk::import::parse(
                        &rec.state,
                        "projects-named",
                        "keypad.csv",
                        csv.as_bytes(),
                    )
                    .expect("valid file");
                    let n = rec.record_batch(batch.actions).expect("recorded");
                    assert_eq!(n, 3001);
                },
                BatchSize::PerIteration,
            )
        },
    );
    group.bench_function("baseline: parse the same CSV into records", |b| {
        b.iter(|| {
            let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
            r.records().filter_map(Result::ok).count()
        })
    });
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
