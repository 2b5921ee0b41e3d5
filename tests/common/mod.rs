//! Shared helpers for the integration tests.
#![allow(dead_code)]

pub mod cross;
pub mod faults;
pub mod tmux;

use std::path::{Path, PathBuf};

use votedesk::engine::{Action, Choice, Marks};
use votedesk::recorder::Recorder;
use votedesk::session::{self, Loaded, SourceFiles};

/// A session of the six deputies of `SMALL`, with its id, title and items (the text from
/// `    items:` to the end).
pub fn six_seated(id: &str, title: &str, items: &str) -> String {
    let roster =
        &SMALL[SMALL.find("    roster:").unwrap_or(0)..SMALL.find("    items:").unwrap_or(0)];
    format!(
        "Session(\n    id: \"{id}\",\n    title: \"{title}\",\n    date: \"2024-01-10\",\n    body: Congress,\n{roster}{items}"
    )
}

/// A small congress: 6 seated, a secret per-candidate vote (2 places), a named resolution,
/// a tick-at-most-1 vote and a rating.
pub const SMALL: &str = r#"Session(
    id: "small",
    title: "小型测试会议",
    date: "2024-01-10",
    body: Congress,
    roster: Inline([
        (seat: 1, name: "甲", delegation: "一团"),
        (seat: 2, name: "乙", delegation: "一团"),
        (seat: 3, name: "丙", delegation: "二团"),
        (seat: 4, name: "丁", delegation: "二团"),
        (seat: 5, name: "戊", delegation: "三团"),
        (seat: 6, name: "己", delegation: "三团"),
    ]),
    items: [
        ProjectVote(
            id: "p",
            title: "项目票决",
            places: 2,
            candidates: [
                (id: "a", title: "项目甲", investment: 100),
                (id: "b", title: "项目乙", investment: 200),
                (id: "c", title: "项目丙", investment: 300),
            ],
        ),
        ProjectVote(
            id: "named",
            title: "决议（记名）",
            secret: false,
            candidates: [(id: "res", title: "决议")],
        ),
        ProjectVote(
            id: "tick",
            title: "差额票决",
            form: TickAtMost(1),
            places: 1,
            candidates: [(id: "x", title: "甲"), (id: "y", title: "乙")],
        ),
        Rating(
            id: "r",
            title: "满意度测评",
            subjects: [(id: "s1", title: "报告一"), (id: "s2", title: "报告二")],
            abstain: true,
            rule: Tiers(
                tiers: [
                    (grade: "满意", counted: ["满意"], threshold: MoreThan(1, 2)),
                    (grade: "基本满意", counted: ["满意", "基本满意"], threshold: MoreThan(1, 2)),
                ],
                otherwise: "不满意",
            ),
            base: Seated,
        ),
    ],
)
"#;

pub fn load(text: &str) -> Loaded {
    session::load_embedded(SourceFiles {
        session_name: "small.ron".into(),
        session_bytes: text.as_bytes().to_vec(),
        roster: None,
    })
    .expect("test session loads")
}

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn choices(s: &str) -> Marks {
    Marks::Choices {
        choices: s
            .chars()
            .map(|c| match c {
                'f' => Choice::For,
                'a' => Choice::Against,
                _ => Choice::Abstain,
            })
            .collect(),
    }
}

/// Start a log for the small session with everyone checked in.
pub fn started(dir: &Path) -> Recorder {
    let loaded = load(SMALL);
    let mut rec = Recorder::start(&loaded, &dir.join("small.log"), "tester").expect("start");
    for seat in 1..=6 {
        rec.record(Action::CheckIn(seat)).expect("check in");
    }
    rec
}

/// Write a complete simulated log of the small session and return its path.
pub fn simulated_log(dir: &Path, seed: u64) -> PathBuf {
    let mut rec = started(dir);
    votedesk::simulate::run(&mut rec, seed, std::time::Duration::ZERO).expect("simulate");
    dir.join("small.log")
}

/// Run the built binary in `dir`: exit code, standard output, standard error.
pub fn votedesk(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run votedesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
