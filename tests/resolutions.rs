//! Resolutions (表决): several motions on one round, each passing alone with more than half
//! of all deputies; keyed at the console's per-candidate form or imported from keypads;
//! named 议案 on every view; recounted alike by both verifiers.

mod common;

use std::process::Command;

use votedesk::engine::{Action, Outcome};
use votedesk::recorder::Recorder;
use votedesk::session::{Item, VoteKind};

/// Six seated; a named resolution of three motions and a secret one of one motion.
fn day() -> String {
    common::six_seated(
        "day",
        "一日会议",
        r#"    items: [
        Resolution(
            id: "reports",
            title: "关于各项工作报告的决议",
            motions: [
                (id: "government", title: "政府工作报告"),
                (id: "court", title: "法院工作报告"),
                (id: "procuratorate", title: "检察院工作报告"),
            ],
        ),
        Resolution(
            id: "budget",
            title: "关于预算的决议",
            secret: true,
            motions: [(id: "budget", title: "2024年预算")],
        ),
    ],
)
"#,
    )
}

fn started(dir: &std::path::Path, present: u32) -> Recorder {
    let loaded = common::load(&day());
    let mut rec = Recorder::start(&loaded, &dir.join("day.log"), "t").expect("start");
    rec.record_batch((1..=present).map(Action::CheckIn).collect())
        .expect("check in");
    rec
}

#[test]
fn a_resolution_is_a_vote_on_motions_with_the_law_s_defaults() {
    let loaded = common::load(&day());
    let Item::ProjectVote(p) = &loaded.session.items[0] else {
        panic!("a resolution is a vote");
    };
    assert_eq!(p.kind, VoteKind::Motions);
    assert_eq!((p.places, p.max_for, p.secret), (None, None, false));
    assert_eq!(p.pass_base, votedesk::session::PassBase::Seated);
    // Only a resolution's model says so: a project vote's model is what it always was.
    let model = loaded.session.model_json();
    assert_eq!(model.matches("\"kind\":\"Motions\"").count(), 2, "{model}");
    let small = common::load(common::SMALL).session.model_json();
    assert!(!small.contains("\"kind\""), "{small}");
}

/// The reports keyed and declared: government 4 for (passes), court 3 for (exactly half of
/// six: fails), procuratorate 4 for.
fn decided_reports(dir: &std::path::Path) -> (Recorder, votedesk::engine::Event) {
    let mut rec = started(dir, 6);
    rec.record(Action::OpenItem("reports".into()))
        .expect("open");
    let ballots = ["fff", "fff", "fff", "faf", "aaa", "-a-"];
    for (seat, b) in ballots.iter().enumerate() {
        rec.record(Action::RecordBallot {
            item: "reports".into(),
            seat: Some(seat as u32 + 1),
            marks: common::choices(b),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("reports".into()))
        .expect("close");
    let ev = rec
        .record(Action::Declare("reports".into()))
        .expect("declare");
    (rec, ev)
}

/// Exactly half of all six deputies does not pass; one more does. Each motion is decided
/// alone: all may pass, none is outranked.
#[test]
fn each_motion_passes_alone_with_more_than_half_of_all_deputies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rec, ev) = decided_reports(dir.path());
    let votedesk::engine::Event::ResultDeclared {
        outcome: Outcome::Vote { adopted, tied, .. },
        ..
    } = ev
    else {
        panic!("a vote's outcome: {ev:?}");
    };
    assert_eq!(adopted, vec!["government", "procuratorate"]);
    assert!(tied.is_empty());
    let t = votedesk::output::tally_text(&rec.state);
    assert!(t.contains("motion 议案"), "{t}");
    // Listed in agenda order, numbered 1..3, court (not passed) second.
    let court = t.find("court 法院工作报告").expect("court listed");
    let gov = t
        .find("government 政府工作报告")
        .expect("government listed");
    let pro = t.find("procuratorate").expect("procuratorate listed");
    assert!(gov < court && court < pro, "{t}");
    assert!(t.contains("court 法院工作报告 — not adopted 未通过"), "{t}");
}

/// Keypads export one row per seat (named); the import records one batch and the motions
/// count as keyed.
#[test]
fn a_keypad_round_of_several_motions_is_imported_per_seat() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = started(dir.path(), 5);
    rec.record(Action::OpenItem("reports".into()))
        .expect("open");
    drop(rec);
    let csv = "座位号,government,court,procuratorate\n1,赞成,赞成,反对\n2,1,2,3\n3,赞成,弃权,赞成\n4,赞成,,赞成\n5,未按,未按,未按\n";
    std::fs::write(dir.path().join("keypad.csv"), csv).expect("write");
    let (code, out, err) = common::votedesk(
        dir.path(),
        &["import", "day.log", "--item", "reports", "keypad.csv"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("imported 4 ballot(s)"), "{out}");
    let report = votedesk::verify::check_file(&dir.path().join("day.log"), &Default::default())
        .expect("verify");
    let st = report.state.expect("state");
    let votedesk::tally::ItemTally::Vote(v) = st.tally(0) else {
        panic!("a vote");
    };
    let fors: Vec<u32> = v.candidates.iter().map(|c| c.for_).collect();
    assert_eq!(fors, vec![4, 1, 2]);
    // Seat 4 left court blank: counted 弃权 (docs/rules.md); seat 5 pressed nothing: not a vote.
    assert_eq!(v.candidates[1].abstain, 2);
    assert_eq!(v.ballots.returned, 4);
}

/// The sheet names motions and the motions adopted, without ranks or investments.
#[test]
fn the_sheet_speaks_of_motions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut rec, _) = decided_reports(dir.path());
    rec.record(Action::CloseSession).expect("close the session");
    drop(rec);
    let md = std::fs::read_to_string({
        let out = dir.path().join("sheet.md");
        let (code, o, e) = common::votedesk(
            dir.path(),
            &[
                "report", "day.log", "--format", "md", "--output", "sheet.md",
            ],
        );
        assert_eq!(code, 0, "{o}{e}");
        out
    })
    .expect("sheet");
    assert!(md.contains("| # | 议案 Motion | 赞成 For |"), "{md}");
    assert!(!md.contains("候选项目 Candidate"), "{md}");
    assert!(!md.contains("投资 (万元)"), "{md}");
    assert!(
        md.contains("## 通过的议案 (Motions adopted)\n\n`reports`:\n\n1. 政府工作报告\n2. 检察院工作报告\n\n合计 (Total): 2 项"),
        "{md}"
    );
    assert!(
        md.contains("| 2 | 法院工作报告 | 3 | 3 | 0 | 0 | 未通过 (not adopted) |"),
        "{md}"
    );
    assert!(!md.contains("通过项目 (Adopted projects)"), "{md}");
    // JSON keeps the tally's tag and says what the vote decides beside it.
    let (code, o, e) = common::votedesk(
        dir.path(),
        &[
            "report",
            "day.log",
            "--format",
            "json",
            "--output",
            "sheet.json",
        ],
    );
    assert_eq!(code, 0, "{o}{e}");
    let json = std::fs::read_to_string(dir.path().join("sheet.json")).expect("json");
    let v: serde_json::Value = serde_json::from_str(&json).expect("parses");
    assert_eq!(v["items"][0]["tally"]["kind"], "vote");
    assert_eq!(v["items"][0]["tally"]["decides"], "Motions");
    // One tag per tally object, never a second "kind" beside it.
    assert_eq!(
        json.matches("\"kind\"").count(),
        v["items"].as_array().map_or(0, Vec::len)
    );
}

#[test]
fn a_motion_has_no_investment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = day().replace(
        "(id: \"court\", title: \"法院工作报告\")",
        "(id: \"court\", title: \"法院工作报告\", investment: 10)",
    );
    std::fs::write(dir.path().join("day.ron"), text).expect("write");
    let (code, out, err) = common::votedesk(dir.path(), &["check", "day.ron"]);
    assert_ne!(code, 0, "{out}");
    assert!(
        err.contains("motion \"court\" has an investment") && err.contains("day.ron:"),
        "{err}"
    );
}

/// The bundled day (票决 and two resolutions), simulated: `verify` and the verifier written
/// from docs/log-format.md alone agree on every outcome.
#[test]
fn both_verifiers_agree_on_the_bundled_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("day.log");
    let status = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .arg("simulate")
        .arg(common::repo("sessions/hanggin-2024-day.ron"))
        .arg("--log")
        .arg(&log)
        .args(["--seed", "11"])
        .output()
        .expect("simulate");
    assert!(status.status.success(), "{status:?}");
    let out = Command::new("python3")
        .arg(common::repo("tests/independent_verifier.py"))
        .arg(&log)
        .output()
        .expect("python3 runs (CI installs it)");
    let py: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(py["ok"], true, "{py}");
    let report = votedesk::verify::check_file(&log, &Default::default()).expect("verify");
    assert!(report.verified, "{}", report.verdict);
    let st = report.state.expect("state");
    for (i, round) in st.items.iter().enumerate() {
        let Outcome::Vote { adopted, .. } = st.tally(i).outcome() else {
            continue;
        };
        assert_eq!(
            py["outcomes"][&round.id]["adopted"],
            serde_json::json!(adopted),
            "{}",
            round.id
        );
    }
    for motion_round in ["reports", "plan-budget"] {
        assert!(py["outcomes"][motion_round].is_object(), "{py}");
    }
}
