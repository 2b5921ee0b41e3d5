//! Rendering the busiest console screen: the 3,000-deputy, 20-candidate session with 2,800
//! ballots recorded, the entry form and the live tally, at 160×48 into a `TestBackend`.
//! The attendance view of the same roster is measured too (a windowed 3,000-row table).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use votedesk::console::app::App;
use votedesk::console::{Lang, view};
use votedesk::engine::{Action, Marks};
use votedesk::recorder::Recorder;
use votedesk::session;

fn busy_app(dir: &Path) -> App {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/national-3000.ron");
    let loaded = session::load_file(&path).expect("bundled session loads");
    let mut rec = Recorder::start(&loaded, &dir.join("bench.log"), "bench").expect("start");
    let seats: Vec<u32> = loaded.session.roster.iter().map(|d| d.seat).collect();
    rec.record_batch(seats.iter().map(|&s| Action::CheckIn(s)).collect())
        .expect("check in");
    rec.record(Action::OpenItem("projects".into()))
        .expect("open");
    let ballots = (0..2_800u32)
        .map(|i| Action::RecordBallot {
            item: "projects".into(),
            seat: None,
            marks: Marks::Ticks {
                ticked: (0..10)
                    .map(|k| format!("c{:02}", (i + k * 3) % 20 + 1))
                    .collect(),
            },
        })
        .collect();
    rec.record_batch(ballots).expect("ballots");
    App::new(rec, Lang::Zh, false)
}

fn render(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = busy_app(dir.path());
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    let mut group = c.benchmark_group("console frame 160x48, 3000 deputies, 20 candidates");
    group.bench_function("voting screen with live tally (2,800 ballots)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| view::draw(&app, f))
                .map(|_| ())
                .expect("draw")
        })
    });
    // Baseline: the same terminal drawing a full-screen bordered paragraph of text.
    let filler: Vec<String> = (0..48)
        .map(|i| format!("{i:>3} {}", "城乡免费公交 1234 ".repeat(7)))
        .collect();
    group.bench_function("baseline: full-screen bordered paragraph", |b| {
        b.iter(|| {
            terminal
                .draw(|f| {
                    let p = ratatui::widgets::Paragraph::new(filler.join("\n"))
                        .block(ratatui::widgets::Block::bordered());
                    f.render_widget(p, f.area());
                })
                .map(|_| ())
                .expect("draw")
        })
    });
    app.screen = votedesk::console::app::Screen::Attendance;
    app.attendance.cursor = 1_500;
    group.bench_function("attendance screen (windowed 3,000-row roster)", |b| {
        b.iter(|| {
            terminal
                .draw(|f| view::draw(&app, f))
                .map(|_| ())
                .expect("draw")
        })
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
