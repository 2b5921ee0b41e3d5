//! The words the console speaks: item titles, never ids; a standing committee's members,
//! never its "deputies"; no Rust name in any message.

mod common;

use votedesk::engine::{Action, Refusal};
use votedesk::event::Attendance;
use votedesk::lang::Lang;
use votedesk::session::Body;

#[test]
fn a_refusal_never_shows_a_rust_name_and_a_committee_hears_of_members() {
    let r = Refusal::AttendanceUnchanged(5, Attendance::OnLeave);
    let en = r.to_string();
    assert!(!en.contains("OnLeave"), "{en}");
    assert!(en.contains("on leave"), "{en}");
    let zh = votedesk::ui::text::refusal_in(Lang::Zh, Body::StandingCommittee, &r);
    assert!(zh.contains("5 号委员") && !zh.contains("代表"), "{zh}");
    let congress = votedesk::ui::text::refusal_in(Lang::Zh, Body::Congress, &r);
    assert!(congress.contains("5 号代表"), "{congress}");
}

#[test]
fn a_round_is_named_by_its_title_and_round_never_its_id() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut rec = common::started(dir.path());
    rec.record(Action::OpenItem("p".into())).expect("open");
    for _ in 0..6 {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices("faa"),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::OpenFurtherRound("p".into()))
        .expect("round 2");
    let st = &rec.state;
    assert_eq!(votedesk::words::round_name(Lang::Zh, st, "p"), "项目票决");
    assert_eq!(
        votedesk::words::round_name(Lang::Zh, st, "p#2"),
        "项目票决 第 2 轮"
    );
    assert_eq!(
        votedesk::words::round_name(Lang::En, st, "p#2"),
        "项目票决, round 2"
    );
}

#[test]
fn a_session_file_that_is_not_there_is_said_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let (code, _, err) = common::votedesk(dir.path(), &["run", "nosuch.ron", "--lang", "zh"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("无法读取会议文件 nosuch.ron：文件不存在"),
        "{err}"
    );
    assert!(!err.contains("No such file"), "{err}");
    let (code, _, err) = common::votedesk(dir.path(), &["run", "nosuch.ron", "--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read nosuch.ron"), "{err}");
}
