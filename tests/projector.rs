//! The projector: every state it shows, at 80×24, 160×48 and 240×67 in Chinese and English;
//! following a log that grows, is repaired, or is tampered with.

mod common;

use std::path::Path;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use votedesk::console::Lang;
use votedesk::engine::{Action, Marks};
use votedesk::projector::{Audience, Projector, view};
use votedesk::recorder::Recorder;

fn render(p: &Projector, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| view::draw(p, f)).expect("draw");
    t.backend().to_string()
}

fn follow(path: &Path, lang: Lang) -> Projector {
    let mut p = Projector::new(path, lang, false);
    p.follow.poll();
    p
}

fn presidium(path: &Path, lang: Lang) -> Projector {
    let mut p = Projector::new(path, lang, false).for_audience(Audience::Presidium);
    p.follow.poll();
    p
}

fn ballot(rec: &mut Recorder, item: &str, marks: Marks) {
    rec.record(Action::RecordBallot {
        item: item.into(),
        seat: None,
        marks,
    })
    .expect("ballot");
}

/// Logs in each state the hall sees, by name.
fn states(dir: &Path) -> Vec<(&'static str, std::path::PathBuf)> {
    let mut out = Vec::new();
    let loaded = common::load(common::SMALL);
    let mut n = 0;
    let mut new_log = |name: &'static str| {
        n += 1;
        (name, dir.join(format!("{n}-{name}.log")))
    };

    let (name, path) = new_log("waiting");
    out.push((name, path));

    let (name, path) = new_log("attendance");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    for s in 1..=3 {
        rec.record(Action::CheckIn(s)).expect("in");
    }
    out.push((name, path));

    let (name, path) = new_log("voting-secret");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    ballot(&mut rec, "p", common::choices("ffa"));
    ballot(&mut rec, "p", common::choices("faf"));
    out.push((name, path));

    let (name, path) = new_log("tie-declared");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    for m in ["fff", "fff", "fff", "fff", "faa", "faa"] {
        ballot(&mut rec, "p", common::choices(m));
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    out.push((name, path.clone()));

    // A further round after the tie, while voting: the title names the round.
    let (name, path) = new_log("round-2-voting");
    std::fs::copy(&out.last().expect("tie log").1, &path).expect("copy");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("resume");
    rec.record(Action::OpenFurtherRound("p".into()))
        .expect("further round");
    rec.record(Action::OpenItem("p#2".into())).expect("open");
    ballot(&mut rec, "p#2", common::choices("fa"));
    out.push((name, path));

    // More ballots returned than issued: the vote is void, declared as no result.
    let (name, path) = new_log("void-vote-declared");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    for _ in 0..7 {
        ballot(&mut rec, "p", common::choices("ffa"));
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    out.push((name, path));

    let (name, path) = new_log("rating-declared");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("r".into())).expect("open");
    for (a, b) in [
        ("满意", "基本满意"),
        ("满意", "不满意"),
        ("满意", "满意"),
        ("满意", "弃权"),
    ] {
        ballot(
            &mut rec,
            "r",
            Marks::Ratings {
                labels: vec![a.into(), b.into()],
            },
        );
    }
    rec.record(Action::CloseItem("r".into())).expect("close");
    rec.record(Action::Declare("r".into())).expect("declare");
    out.push((name, path));

    let (name, path) = new_log("closed-not-declared");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("tick".into())).expect("open");
    for t in [vec!["x"], vec!["x", "y"], vec!["y"], vec!["x"]] {
        ballot(
            &mut rec,
            "tick",
            Marks::Ticks {
                ticked: t.into_iter().map(String::from).collect(),
            },
        );
    }
    rec.record(Action::CloseItem("tick".into())).expect("close");
    out.push((name, path));

    let (name, path) = new_log("session-closed");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("named".into())).expect("open");
    for s in 1..=6 {
        rec.record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(s),
            marks: common::choices(if s < 5 { "f" } else { "a" }),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("named".into()))
        .expect("close");
    rec.record(Action::Declare("named".into()))
        .expect("declare");
    rec.record(Action::CloseSession).expect("close session");
    out.push((name, path));

    // A live review item with no ballot yet: the hall once saw 达标 for every subject here.
    let (name, path) = new_log("live-rating-no-ballots");
    let live = common::SMALL.replace(
        "title: \"满意度测评\",",
        "title: \"满意度测评\",\n            live_display: true,",
    );
    let mut rec = Recorder::start(&common::load(&live), &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("r".into())).expect("open");
    out.push((name, path));

    let (name, path) = new_log("tampered");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    drop(rec);
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("\"seat\":3", "\"seat\":9");
    std::fs::write(&path, text).expect("write");
    out.push((name, path));
    out
}

/// States the presidium sees differently from the hall.
const PRESIDIUM_DIFFERS: [&str; 3] = [
    "voting-secret",
    "closed-not-declared",
    "live-rating-no-ballots",
];

#[test]
fn snapshots_of_every_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = states(dir.path());
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r"[0-9a-f]{16,64}", "[hash]");
    settings.add_filter(r"/tmp/\.tmp\w+/", "/tmp/…/");
    settings.set_snapshot_path("snapshots/projector");
    settings.bind(|| {
        for lang in [Lang::Zh, Lang::En] {
            let l = if lang == Lang::Zh { "zh" } else { "en" };
            let shown = logs.iter().map(|(n, p)| (n.to_string(), follow(p, lang))).chain(
                logs.iter()
                    .filter(|(n, _)| PRESIDIUM_DIFFERS.contains(n))
                    .map(|(n, p)| (format!("{n}-presidium"), presidium(p, lang))),
            );
            for (name, p) in shown {
                for (w, h) in [(80u16, 24u16), (160, 48), (240, 67)] {
                    let screen = render(&p, w, h);
                    for line in screen.lines() {
                        if let Some((_, hidden)) = line.split_once("Hidden by multi-width symbols: ") {
                            let blanks = hidden.split('"').enumerate().filter(|(i, _)| i % 2 == 1).all(|(_, s)| s.trim().is_empty());
                            assert!(blanks, "{name} {l} {w}x{h}: numbers or borders overlap Chinese text: {line}");
                        }
                    }
                    insta::assert_snapshot!(format!("{name}-{l}-{w}x{h}"), screen);
                }
            }
        }
    });
}

#[test]
fn what_the_hall_sees_in_each_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = states(dir.path());
    let screen = |name: &str| {
        let path = &logs.iter().find(|(n, _)| *n == name).expect("state").1;
        render(&follow(path, Lang::En), 160, 48)
    };
    assert!(screen("waiting").contains("Waiting for the session log"));
    let s = screen("attendance");
    assert!(
        s.contains("Seated") && s.contains("Present") && s.contains("No quorum: 1 more needed"),
        "{s}"
    );
    let s = screen("voting-secret");
    assert!(s.contains("returned 2 of 6 issued"), "{s}");
    assert!(s.contains("seated 6 · present 6"), "{s}");
    assert!(
        s.contains("results are shown once the chair declares them"),
        "secret counts are not shown while voting"
    );
    let s = screen("tie-declared");
    assert!(s.contains("TIE: 项目乙, 项目丙 for 1 place(s)"), "{s}");
    assert!(s.contains("declaration anchor: log record"), "{s}");
    assert!(s.contains("ADOPTED"));
    assert!(
        s.contains("adopted (2 places); a tie: a further vote decides"),
        "{s}"
    );
    assert!(
        s.contains("more than half of the seated deputies"),
        "the rule in words: {s}"
    );
    let s = screen("round-2-voting");
    assert!(s.contains("(round 2: "), "{s}");
    let s = screen("void-vote-declared");
    assert!(
        s.contains("VOTE VOID (returned > issued): to be re-run"),
        "{s}"
    );
    assert!(!s.contains("ADOPTED"), "{s}");
    let s = screen("rating-declared");
    assert!(s.contains("报告一") && s.contains("66.6%"), "{s}");
    let s = screen("closed-not-declared");
    assert!(
        s.contains("counting · the chair declares the result"),
        "{s}"
    );
    assert!(s.contains("issued 6 · returned 4"), "{s}");
    let s = screen("session-closed");
    assert!(s.contains("session closed"), "{s}");
    assert!(s.contains("ADOPTED"), "{s}");
    let s = screen("tampered");
    assert!(s.contains("FAILED verification at line"), "{s}");
    assert!(
        !s.contains("Seated"),
        "no results on a log that fails verification"
    );
}

#[test]
fn live_display_items_show_counts_while_voting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = common::SMALL.replace(
        "title: \"项目票决\",",
        "title: \"项目票决\",\n            live_display: true,",
    );
    let loaded = common::load(&text);
    let path = dir.path().join("live.log");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    ballot(&mut rec, "p", common::choices("faa"));
    let s = render(&follow(&path, Lang::Zh), 160, 48);
    assert!(s.contains("项目甲") && s.contains("赞成"), "{s}");
    assert!(s.contains("实时计票（未宣布）"), "{s}");
    assert!(!s.contains("结果由主持人宣布后显示"));
    assert!(!s.contains("通过"), "no verdict while voting: {s}");
}

#[test]
fn follows_appends_partial_lines_and_a_repair() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = common::load(common::SMALL);
    let path = dir.path().join("f.log");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    let mut p = Projector::new(&path, Lang::En, false);
    assert!(p.follow.poll());
    assert!(!p.follow.poll(), "nothing new, nothing to redraw");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    assert!(p.follow.poll());
    assert_eq!(p.follow.state().map(|s| s.present()), Some(6));
    rec.record(Action::OpenItem("p".into())).expect("open");
    drop(rec);
    // A torn append: the projector waits for the rest of the line.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    std::io::Write::write_all(&mut f, b"abcdef0123").expect("write");
    drop(f);
    p.follow.poll();
    assert!(
        p.follow.first_finding().is_none(),
        "a partial line is not a defect"
    );
    assert_eq!(p.follow.focus(), Some("p"));
    // The console resumes and repairs the tail: the file shrinks, the projector starts over.
    let rec = Recorder::start(&loaded, &path, "t").expect("resume");
    assert!(matches!(
        rec.opened,
        votedesk::recorder::Opened::Resumed { repair: Some(_) }
    ));
    assert!(p.follow.poll());
    let r = p.follow.report();
    assert!(r.findings.is_empty(), "{}", r.render("x"));
    assert_eq!(r.records, rec.state.records);
}

/// Words that state a verdict, in both languages: none may show before the declaration.
const VERDICTS: [&str; 12] = [
    "通过",
    "未通过",
    "达标",
    "未达标",
    "满意",
    "票数相等",
    "ADOPTED",
    "not adopted",
    " met",
    "TIE",
    "outranked",
    "不满意",
];

#[test]
fn the_hall_sees_no_verdict_and_no_hidden_count_before_the_declaration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = states(dir.path());
    for (name, path) in &logs {
        if ![
            "voting-secret",
            "closed-not-declared",
            "live-rating-no-ballots",
        ]
        .contains(name)
        {
            continue;
        }
        for lang in [Lang::Zh, Lang::En] {
            for (w, h) in [(80u16, 24u16), (160, 48), (240, 67)] {
                let s = render(&follow(path, lang), w, h);
                // The session's own title has 满意 in it only on the rating item's title line
                // (满意度测评), so look below the title line for verdict words.
                let body: String = s
                    .lines()
                    // The rating's scale labels head its count columns; they are no verdict.
                    .filter(|l| {
                        !l.contains("满意度测评")
                            && !l.contains("测评对象")
                            && !l.contains("subject")
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                for v in VERDICTS {
                    assert!(
                        !body.contains(v),
                        "{name} {lang:?} {w}x{h}: the hall sees {v:?} before the declaration:\n{s}"
                    );
                }
                if *name != "live-rating-no-ballots" {
                    // Neither item shows live counts: no candidate row, no 赞成 column.
                    assert!(
                        !body.contains("项目甲"),
                        "{name} {w}x{h}: counts shown:\n{s}"
                    );
                    assert!(
                        !body.contains("abstain") && !body.contains("弃权"),
                        "{name}:\n{s}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_presidium_sees_counts_and_undeclared_results_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let logs = states(dir.path());
    let path = |name: &str| {
        logs.iter()
            .find(|(n, _)| *n == name)
            .expect("state")
            .1
            .clone()
    };
    let s = render(&presidium(&path("voting-secret"), Lang::Zh), 160, 48);
    assert!(s.contains("实时计票 · 待宣布（仅供主席团）"), "{s}");
    assert!(s.contains("项目甲"), "{s}");
    let s = render(&presidium(&path("closed-not-declared"), Lang::Zh), 160, 48);
    assert!(s.contains("计票结果 · 待宣布（仅供主席团）"), "{s}");
    assert!(s.contains("待宣布 · "), "{s}");
    assert!(
        s.contains("通过"),
        "the undeclared result is shown to the presidium: {s}"
    );
    let s = render(&presidium(&path("tie-declared"), Lang::En), 160, 48);
    assert!(s.contains("Result: "), "{s}");
    assert!(
        !s.contains("not declared ·"),
        "a declared item is not marked: {s}"
    );
}

#[test]
fn the_projector_wakes_on_a_change_to_the_log_and_polls_anyway() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("w.log");
    std::fs::write(&path, b"").expect("create");
    let mut wake = votedesk::projector::Wake::new(&path);
    assert!(wake.due(), "the first look is always due");
    assert!(!wake.due(), "nothing changed, the interval has not passed");
    if cfg!(target_os = "linux") {
        assert!(wake.notified(), "inotify is available on Linux");
        // Another file in the folder (the console's lock, a side file) is not a change.
        std::fs::write(dir.path().join(".w.log.lock"), b"x").expect("lock");
        assert!(!wake.wait_for_change(std::time::Duration::from_millis(300)));
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        std::io::Write::write_all(&mut f, b"x").expect("append");
        assert!(wake.wait_for_change(std::time::Duration::from_secs(5)));
    }
    // Without any notification the log is read again after the fallback interval.
    std::thread::sleep(votedesk::projector::POLL * 2);
    assert!(wake.due());
}

#[test]
fn a_standing_committee_screen_counts_members_not_deputies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(common::repo("sessions/hanggin-standing-review.ron"))
        .expect("session");
    let path = dir.path().join("sc.log");
    let mut rec = Recorder::start(&common::load(&text), &path, "t").expect("start");
    rec.record(Action::CheckIn(1)).expect("in");
    let s = render(&follow(&path, Lang::Zh), 160, 48);
    assert!(
        s.contains("应到组成人员") && s.contains("实到组成人员"),
        "{s}"
    );
    assert!(!s.contains("代表"), "{s}");
}

#[test]
fn a_batch_cut_short_is_not_counted_and_a_converted_log_gets_the_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = common::load(common::SMALL);
    let path = dir.path().join("b.log");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("p".into())).expect("open");
    drop(rec);
    let whole = std::fs::read(&path).expect("read");
    // Append a batch of 3 ballots, then cut it after its header and one ballot, as a
    // crash in the middle of one write would leave it.
    let mut rec = Recorder::start(&loaded, &path, "t").expect("resume");
    let ballots = (0..3)
        .map(|_| Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices("fff"),
        })
        .collect();
    rec.record_batch(ballots).expect("batch");
    drop(rec);
    let full = std::fs::read(&path).expect("read");
    let lines: Vec<&[u8]> = full.split_inclusive(|&b| b == b'\n').collect();
    let keep = lines.len() - 2;
    let cut: Vec<u8> = lines[..keep].concat();
    assert!(cut.len() > whole.len());
    std::fs::write(&path, &cut).expect("cut");
    let p = follow(&path, Lang::En);
    let state = p.follow.state().expect("state");
    assert_eq!(
        state.item("p").map(|i| i.live_ballots().count()),
        Some(0),
        "an unacknowledged ballot is counted"
    );
    assert_eq!(p.follow.unfinished_batch(), Some((1, 3)));
    let screen = render(&p, 160, 48);
    assert!(
        screen.contains("an unfinished batch at the end (1 of 3 records) is not counted"),
        "{screen}"
    );
    let p = follow(&path, Lang::Zh);
    assert!(
        render(&p, 160, 48).contains("末尾一批记录未完整（1/3 条），未计入"),
        "zh"
    );
    // The rest arrives: now it counts.
    std::fs::write(&path, &full).expect("whole");
    let mut p = p;
    p.follow.poll();
    assert_eq!(p.follow.unfinished_batch(), None);
    assert_eq!(
        p.follow
            .state()
            .and_then(|s| s.item("p").map(|i| i.live_ballots().count())),
        Some(3)
    );
    // CR LF line ends: the same failure as verify's check 1, no results shown.
    let crlf: Vec<u8> = full
        .split_inclusive(|&b| b == b'\n')
        .flat_map(|l| {
            let mut v = l[..l.len() - 1].to_vec();
            v.extend_from_slice(b"\r\n");
            v
        })
        .collect();
    std::fs::write(&path, &crlf).expect("crlf");
    let p = follow(&path, Lang::En);
    let screen = render(&p, 160, 48);
    assert!(
        screen.contains("FAILED") && screen.contains("CR LF"),
        "{screen}"
    );
    let (code, out, _) = common::votedesk(dir.path(), &["verify", "b.log"]);
    assert_eq!(code, 1);
    assert!(out.contains("CR LF"), "{out}");
}
