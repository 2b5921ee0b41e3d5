//! Measures the time from a durable append to the projector's screen showing it.
//!
//! Run: `cargo run --release --example projector_latency` (needs tmux). It starts the release
//! `votedesk projector` in a private tmux server at 160×48, records ballots on the Hanggin 2024
//! session through the recorder, and after each append polls `tmux capture-pane` until the
//! projector shows the new count. The figure includes tmux's own capture time.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use votedesk::engine::{Action, Choice, Marks};
use votedesk::recorder::Recorder;

fn tmux(socket: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(socket)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .expect("tmux is installed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let binary = root.join("target/release/votedesk");
    assert!(binary.exists(), "build first: cargo build --release");
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("latency.log");
    let loaded =
        votedesk::session::load_file(&root.join("sessions/hanggin-2024.ron")).expect("session");
    let mut rec = Recorder::start(&loaded, &log, "latency").expect("start");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
        .expect("check in");
    rec.record(Action::OpenItem("projects-2024".into()))
        .expect("open");

    let socket = format!("votedesk-latency-{}", std::process::id());
    let cmd = format!(
        "exec env LANG=C.UTF-8 '{}' projector '{}' --lang en",
        binary.display(),
        log.display()
    );
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-s",
            "p",
            "-x",
            "160",
            "-y",
            "48",
            &cmd,
        ],
    );
    std::thread::sleep(Duration::from_millis(500));

    let mut samples = Vec::new();
    for n in 1..=100u32 {
        rec.record(Action::RecordBallot {
            item: "projects-2024".into(),
            seat: None,
            marks: Marks::Choices {
                choices: vec![Choice::For; 10],
            },
        })
        .expect("ballot");
        let appended = Instant::now();
        let want = format!("returned {n} of");
        loop {
            if tmux(&socket, &["capture-pane", "-p", "-t", "p"]).contains(&want) {
                break;
            }
            assert!(
                appended.elapsed() < Duration::from_secs(5),
                "projector did not show ballot {n}"
            );
        }
        samples.push(appended.elapsed());
        // Spread appends over the poll cycle.
        std::thread::sleep(Duration::from_millis(u64::from(n * 37 % 101)));
    }
    tmux(&socket, &["kill-server"]);
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "append → projector screen over {} appends: median {:.0} ms, p95 {:.0} ms, max {:.0} ms",
        samples.len(),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 95 / 100]),
        ms(samples[samples.len() - 1])
    );
}
