//! Append-to-screen latency of the projector: how long after a ballot's append returned
//! (written and synced) the projector has read it and drawn a frame showing it.
//!
//! `cargo run --release --example projector_latency [BALLOTS]`
//!
//! The projector side runs the projector's own loop (read the log when a change is notified
//! or every `projector::POLL`, feed what was appended to the checker, draw a 160×48 frame
//! when something changed, look again every `projector::TICK`). The baseline in the same
//! run is a bare watcher polling every `POLL` that only notices the file grew: the floor
//! of a follower that polls without notifications.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use votedesk::console::Lang;
use votedesk::engine::{Action, Choice, Marks};
use votedesk::projector::{self, Projector};
use votedesk::recorder::Recorder;

/// Each follower reports (records it has shown, when) after every change it drew.
fn projector_side(path: PathBuf, seen: mpsc::Sender<(u64, Instant)>, stop: mpsc::Receiver<()>) {
    let mut p = Projector::new(&path, Lang::Zh, false);
    let mut wake = projector::Wake::new(&path);
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    while stop.try_recv().is_err() {
        if wake.due() && p.follow.poll() {
            terminal
                .draw(|f| projector::view::draw(&p, f))
                .expect("draw");
            let _ = seen.send((p.follow.records(), Instant::now()));
        }
        thread::sleep(projector::TICK);
    }
}

fn bare_side(path: PathBuf, seen: mpsc::Sender<(u64, Instant)>, stop: mpsc::Receiver<()>) {
    let mut len = 0;
    while stop.try_recv().is_err() {
        let now = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if now != len {
            len = now;
            let _ = seen.send((len, Instant::now()));
        }
        thread::sleep(projector::POLL);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Append `ballots` ballots at an irregular pace; for each, the delay until the watcher
/// reported a state that includes it (`key` gives what the watcher reports after it).
fn run(
    dir: &Path,
    name: &str,
    ballots: usize,
    watcher: fn(PathBuf, mpsc::Sender<(u64, Instant)>, mpsc::Receiver<()>),
) -> Vec<Duration> {
    let session = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/hanggin-2024.ron");
    let loaded = votedesk::session::load_file(&session).expect("bundled session");
    let path = dir.join(format!("{name}.log"));
    let mut rec = Recorder::start(&loaded, &path, "latency").expect("start");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
        .expect("check in");
    rec.record(Action::OpenItem("projects-2024".into()))
        .expect("open");
    let n = loaded
        .session
        .item("projects-2024")
        .map(|i| i.choice_ids().len())
        .unwrap_or(0);
    let (seen_tx, seen_rx) = mpsc::channel();
    let (stop_tx, stop_rx) = mpsc::channel();
    let watch_path = path.clone();
    let watching = thread::spawn(move || watcher(watch_path, seen_tx, stop_rx));
    thread::sleep(Duration::from_millis(300));
    while seen_rx.try_recv().is_ok() {}
    let mut delays = Vec::with_capacity(ballots);
    let mut rng = 0x9e37_79b9_u64;
    for _ in 0..ballots.min(seats.len()) {
        rec.record(Action::RecordBallot {
            item: "projects-2024".into(),
            seat: None,
            marks: Marks::Choices {
                choices: vec![Choice::For; n.min(3)]
                    .into_iter()
                    .chain(vec![Choice::Abstain; n.saturating_sub(3)])
                    .collect(),
            },
        })
        .expect("ballot");
        let appended = Instant::now();
        // What the watcher must report to have seen this ballot.
        let want_records = rec.state.records;
        let want_len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let want = if name == "bare" {
            want_len
        } else {
            want_records
        };
        loop {
            let (got, at) = seen_rx
                .recv_timeout(Duration::from_secs(5))
                .expect("the watcher keeps up");
            if got >= want {
                delays.push(at.saturating_duration_since(appended));
                break;
            }
        }
        // An operator's pace: 40–120 ms between ballots, irregular.
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        thread::sleep(Duration::from_millis(40 + rng % 80));
    }
    let _ = stop_tx.send(());
    let _ = watching.join();
    delays.sort();
    delays
}

fn main() {
    let ballots: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(150);
    let dir = tempfile::tempdir().expect("tempdir");
    println!(
        "projector append-to-screen latency, {ballots} ballots; notified changes: {}; fallback poll every {} ms",
        projector::Wake::new(&dir.path().join("probe.log")).notified(),
        projector::POLL.as_millis()
    );
    for (name, watcher) in [
        (
            "projector",
            projector_side as fn(PathBuf, mpsc::Sender<(u64, Instant)>, mpsc::Receiver<()>),
        ),
        ("bare", bare_side),
    ] {
        let d = run(dir.path(), name, ballots, watcher);
        println!(
            "{:<10} p50 {:>6.1} ms   p99 {:>6.1} ms   max {:>6.1} ms",
            if name == "bare" {
                "baseline"
            } else {
                "projector"
            },
            percentile(&d, 0.5).as_secs_f64() * 1000.0,
            percentile(&d, 0.99).as_secs_f64() * 1000.0,
            d.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
        );
    }
}
