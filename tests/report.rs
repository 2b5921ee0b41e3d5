//! The result sheet: golden files of every format for the bundled sessions after a
//! simulated run, the CSV's byte-order mark, an unverified log, and the HTML sheet printed
//! to PDF by headless Chromium (A4, Chinese text, anchor on every page, signature lines).

mod common;

use std::path::Path;
use std::process::Command;

fn votedesk(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn simulated(dir: &Path, session: &str, seed: &str) -> String {
    let log = dir.join(format!("{session}.log")).display().to_string();
    let file = common::repo(&format!("sessions/{session}.ron"))
        .display()
        .to_string();
    let (code, _, err) = votedesk(dir, &["simulate", &file, "--log", &log, "--seed", seed]);
    assert_eq!(code, 0, "{err}");
    log
}

#[test]
fn golden_sheets_of_the_bundled_sessions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut settings = insta::Settings::clone_current();
    // Times and the hashes that cover them differ per run; everything else is fixed by the seed.
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}",
        "[time]",
    );
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{2}:\d{2}",
        "[local time]",
    );
    // Record hashes (the head, the anchors) cover the times, so they differ per run too;
    // `tests/cli_log.rs` and the binding tests check the file hashes themselves.
    settings.add_filter(r"[0-9a-f]{64}", "[hash]");
    settings.set_snapshot_path("snapshots/report");
    settings.bind(|| {
        for (session, seed) in [
            ("hanggin-2024", "7"),
            ("hanggin-2025-rating", "3"),
            ("hanggin-standing-review", "5"),
        ] {
            let log = simulated(dir.path(), session, seed);
            for format in ["md", "html", "csv", "json"] {
                let (code, out, err) = votedesk(dir.path(), &["report", &log, "--format", format]);
                assert_eq!(code, 0, "{err}");
                let text = String::from_utf8(out).expect("UTF-8");
                insta::assert_snapshot!(format!("{session}-{format}"), text);
            }
        }
    });
}

#[test]
fn csv_has_its_byte_order_mark_and_chinese_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = simulated(dir.path(), "hanggin-2024", "7");
    let out_path = dir.path().join("sheet.csv");
    let (code, stdout, _) = votedesk(
        dir.path(),
        &[
            "report",
            &log,
            "--format",
            "csv",
            "--output",
            &out_path.display().to_string(),
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.is_empty(),
        "--output writes the file, not standard output"
    );
    let bytes = std::fs::read(&out_path).expect("read");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 byte-order mark for spreadsheet programs"
    );
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().expect("header").clone();
    let title = header
        .iter()
        .position(|h| h == "title")
        .expect("title column");
    let result = header
        .iter()
        .position(|h| h == "result")
        .expect("result column");
    let mut records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    // The last row is the anchor, where a spreadsheet shows it.
    let anchor = records.pop().expect("anchor row");
    assert_eq!(&anchor[1], "anchor");
    assert!(
        anchor[2].contains("日志锚定 (log anchor): 记录数 (records)"),
        "{anchor:?}"
    );
    assert_eq!(anchor[12].len(), 64, "the head hash");
    assert_eq!(records.len(), 10, "one row per candidate");
    // Values by the same name as in the JSON sheet.
    assert!(records.iter().all(|r| !r.iter().any(|f| f == "notpassed")));
    assert!(records.iter().any(|r| &r[title] == "城乡免费公交"));
    assert_eq!(
        records.iter().filter(|r| &r[result] == "adopted").count(),
        8
    );
}

#[test]
fn an_unverified_log_says_so_at_the_top_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    drop(common::started(dir.path()));
    let log = dir.path().join("small.log").display().to_string();
    let (code, out, err) = votedesk(dir.path(), &["report", &log, "--format", "md"]);
    assert_eq!(code, 1);
    let text = String::from_utf8(out).expect("UTF-8");
    let second = text.lines().nth(2).unwrap_or("");
    assert!(
        second.contains("NOT VERIFIED: not verified: session not closed"),
        "{text}"
    );
    assert!(err.contains("not verified"));
    let (code, out, _) = votedesk(dir.path(), &["report", &log, "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
    assert_eq!(v["verified"], false);
    assert_eq!(v["schema"], "votedesk.report.v1");
}

#[test]
fn named_votes_publish_who_voted_how_and_secret_ones_never() {
    use votedesk::engine::Action;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = common::started(dir.path());
    rec.record(Action::MarkAbsent(6)).expect("6 leaves");
    rec.record(Action::OpenItem("named".into())).expect("open");
    for (seat, m) in [(1, "f"), (2, "a"), (4, "x")] {
        rec.record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(seat),
            marks: common::choices(m),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("named".into()))
        .expect("close");
    rec.record(Action::OpenItem("p".into())).expect("open p");
    rec.record(Action::RecordBallot {
        item: "p".into(),
        seat: None,
        marks: common::choices("ffa"),
    })
    .expect("secret ballot");
    drop(rec);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_votedesk"))
        .args(["tally", "--json"])
        .arg(dir.path().join("small.log"))
        .output()
        .expect("tally");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = json["items"].as_array().expect("items");
    let named = items.iter().find(|i| i["id"] == "named").expect("named");
    let roll = named["roll_call"].as_array().expect("roll call");
    // Seats 1-5 were present when it opened (6 had left): five lines, in roster order.
    let seats: Vec<u64> = roll.iter().filter_map(|r| r["seat"].as_u64()).collect();
    assert_eq!(seats, vec![1, 2, 3, 4, 5]);
    assert_eq!(roll[0]["name"], "甲");
    assert_eq!(roll[0]["delegation"], "一团");
    assert_eq!(roll[0]["marks"]["choices"][0], "for");
    assert_eq!(roll[1]["marks"]["choices"][0], "against");
    assert_eq!(roll[3]["marks"]["choices"][0], "abstain");
    assert!(
        roll[2]["marks"].is_null() && roll[2]["ballot"].is_null(),
        "3 did not vote"
    );
    let secret = items.iter().find(|i| i["id"] == "p").expect("p");
    assert!(secret.get("roll_call").is_none(), "never on a secret item");

    let sheet = votedesk::report::build_file(&dir.path().join("small.log"))
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(
        md.contains("记名表决明细 (Roll call: who voted how;"),
        "{md}"
    );
    // A grid: a column per candidate headed by its title, a delegation's subtotal under it.
    assert!(
        md.contains("| 座位 Seat | 姓名 Name | 选票 Ballot | 决议 |"),
        "{md}"
    );
    // One column: three deputies to a printed line.
    assert!(
        md.contains("| 1 | 甲 | 1 | 赞成 | 2 | 乙 | 2 | 反对 |"),
        "{md}"
    );
    assert!(
        md.contains("| 3 | 丙 | | 未投 (not voted) | 4 | 丁 | 3 | 弃权 |"),
        "{md}"
    );
    assert!(
        md.contains("| | 小计 (subtotal) 一团 | 2/2 | 赞成 1 · 反对 1 |"),
        "{md}"
    );
    let html = votedesk::report::html(&sheet);
    assert!(html.contains("小计 (subtotal) 二团"), "{html}");
    assert_eq!(md.matches("Roll call").count(), 1, "only the named item");
    let json = votedesk::report::json(&sheet);
    assert!(json.contains("\"roll_call\""));
}

#[test]
fn a_void_vote_has_no_result_and_the_sheet_lists_it_unfinished() {
    use votedesk::engine::{Action, Marks, Outcome};
    let dir = tempfile::tempdir().expect("tempdir");
    let mut rec = common::started(dir.path());
    // Seven papers in the box for six issued, on a vote and on a rating.
    for (item, marks) in [
        ("p", common::choices("ffa")),
        (
            "r",
            Marks::Ratings {
                labels: vec!["满意".into(), "满意".into()],
            },
        ),
    ] {
        rec.record(Action::OpenItem(item.into())).expect("open");
        for _ in 0..7 {
            rec.record(Action::RecordBallot {
                item: item.into(),
                seat: None,
                marks: marks.clone(),
            })
            .expect("ballot");
        }
        rec.record(Action::CloseItem(item.into())).expect("close");
        rec.record(Action::Declare(item.into())).expect("declare");
    }
    // The declared outcome of a void vote: no result, for votes and ratings alike.
    let p = rec.state.item("p").and_then(|i| i.declared.clone());
    assert_eq!(
        p,
        Some(Outcome::Vote {
            vote_valid: false,
            adopted: vec![],
            tied: vec![],
            tied_places: 0,
            unfilled: 0
        })
    );
    let r = rec.state.item("r").and_then(|i| i.declared.clone());
    assert_eq!(
        r,
        Some(Outcome::Rating {
            vote_valid: false,
            grades: vec![]
        })
    );
    // No percentage and no verdict for the void rating, anywhere.
    let text = votedesk::output::tally_text(&rec.state);
    drop(rec);
    let sheet = votedesk::report::build_file(&dir.path().join("small.log"))
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    let csv = votedesk::report::csv(&sheet);
    let html = votedesk::report::html(&sheet);
    let (_, json_tally, _) = common::votedesk(dir.path(), &["tally", "small.log", "--json"]);
    for (name, out) in [
        ("tally", &text),
        ("md", &md),
        ("csv", &csv),
        ("html", &html),
    ] {
        for word in ["100.0%", "达标", "cut-off met", "满意率 1"] {
            assert!(!out.contains(word), "{name} shows {word}: {out}");
        }
        assert!(
            out.contains("表决无效") || out.contains("vote void"),
            "{name}: {out}"
        );
    }
    let v: serde_json::Value = serde_json::from_str(&json_tally).expect("json");
    let r = v["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == "r"))
        .cloned()
        .unwrap_or_default();
    assert!(
        r.to_string().contains("\"rate_permille\":null")
            && !r.to_string().contains("\"cutoff_met\":true"),
        "{r}"
    );
    assert!(md.contains("## 未完成事项 (Unfinished items)"), "{md}");
    assert!(
        md.contains("- 项目票决 (`p`): 表决无效，未重新表决 (vote void, never re-run)"),
        "{md}"
    );
    assert!(md.contains("(`named`): 未表决 (never voted on)"), "{md}");
    let json = votedesk::report::json(&sheet);
    assert!(json.contains("\"reason\": \"void_vote\""), "{json}");
}

#[test]
fn the_sheet_names_operators_times_corrections_void_reasons_people_and_every_anchor() {
    use votedesk::engine::{Action, Marks};
    // A session in another offset, to see times converted to the session's local time.
    let text = common::SMALL.replacen(
        "body: Congress,",
        "body: Congress,\n    utc_offset: \"+05:00\",",
        1,
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec =
        votedesk::recorder::Recorder::start(&common::load(&text), &path, "王芳").expect("start");
    for seat in 1..=4 {
        rec.record(Action::CheckIn(seat)).expect("in");
    }
    rec.record(Action::MarkOnLeave(5)).expect("leave");
    rec.record(Action::OpenItem("tick".into())).expect("open");
    let t = |ids: &[&str]| Marks::Ticks {
        ticked: ids.iter().map(|s| s.to_string()).collect(),
    };
    for m in [t(&["x"]), t(&["x", "y"]), Marks::Spoiled, t(&["y"])] {
        rec.record(Action::RecordBallot {
            item: "tick".into(),
            seat: None,
            marks: m,
        })
        .expect("ballot");
    }
    rec.record(Action::VoidBallot {
        item: "tick".into(),
        ballot: 4,
        reason: "重复录入".into(),
    })
    .expect("void");
    rec.record(Action::CloseItem("tick".into())).expect("close");
    rec.record(Action::Declare("tick".into())).expect("declare");
    let (n, hash) = rec.declared_at.get("tick").cloned().expect("anchor");
    drop(rec);
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(md.contains("- 操作员 (Operators): 王芳"), "{md}");
    assert!(md.contains("- 请假代表 (On leave): 5 戊"), "{md}");
    assert!(md.contains("- 缺席代表 (Absent): 6 己"), "{md}");
    assert!(
        md.contains(" +05:00"),
        "times in the session's offset: {md}"
    );
    assert!(!md.contains("+00:00"), "{md}");
    assert!(
        md.contains("- 规则 (Rule): 赞成票超过应到代表的半数为通过；应选 1 项，按赞成票多少取前 1 项；勾选多于 1 项的选票无效"),
        "{md}"
    );
    assert!(
        md.contains("- 无效票 (Void ballots): 无法辨认 (unreadable) 1 · 超选 (over-marked) 1"),
        "{md}"
    );
    assert!(
        md.contains("- 更正 (Corrections): 第 4 张 (ballot 4)：重复录入"),
        "{md}"
    );
    assert!(
        md.contains(&format!("日志第 {n} 条记录 (record {n}) `{hash}`")),
        "{md}"
    );
    assert!(md.contains(&format!("--anchor {n}:{hash}")), "{md}");
}

/// Print an HTML file to PDF with headless Chromium; the PDF's text (pdftotext -layout) and
/// pdfinfo's report. CI installs chromium, poppler-utils and a CJK font (`.ci/run`).
fn print_to_pdf(html: &Path) -> (String, String) {
    let pdf = html.with_extension("pdf");
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("headless Chromium is installed (apt-get install chromium; .ci/run does)");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(
        pdf.exists(),
        "chromium wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = |tool: &str, args: &[&str]| {
        let out = Command::new(tool)
            .args(args)
            .arg(&pdf)
            .args(if tool == "pdftotext" {
                vec!["-"]
            } else {
                vec![]
            })
            .output()
            .unwrap_or_else(|e| panic!("{tool} runs (apt-get install poppler-utils): {e}"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    (run("pdftotext", &["-layout"]), run("pdfinfo", &[]))
}

#[test]
fn the_html_sheet_of_each_bundled_session_prints_on_a4_with_anchor_totals_and_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (session, seed) in [
        ("hanggin-2024", "7"),
        ("hanggin-2025-rating", "3"),
        ("hanggin-standing-review", "5"),
        ("national-3000", "1"),
    ] {
        let log = simulated(dir.path(), session, seed);
        let (_, json, _) = votedesk(dir.path(), &["report", &log, "--format", "json"]);
        let sheet: serde_json::Value = serde_json::from_slice(&json).expect("sheet JSON");
        let html = dir.path().join(format!("{session}.html"));
        let (code, _, err) = votedesk(
            dir.path(),
            &[
                "report",
                &log,
                "--format",
                "html",
                "--output",
                &html.display().to_string(),
            ],
        );
        assert_eq!(code, 0, "{err}");
        let (text, info) = print_to_pdf(&html);
        // A4 is 595 x 842 points.
        assert!(info.contains("Page size:       59"), "{session}: {info}");
        assert!(info.contains("(A4)"), "{session}: {info}");
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count");
        assert!(pages >= 1, "{info}");
        // The anchor on every page: pdftotext separates pages with a form feed.
        let head = sheet["anchor"]["head"].as_str().expect("head");
        let records = sheet["anchor"]["records"].as_u64().expect("records");
        let per_page: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(per_page.len(), pages, "{session}");
        for (i, page) in per_page.iter().enumerate() {
            assert!(
                page.contains(&format!("{records} 条记录 (records) · head {head}")),
                "{session}: page {} has no anchor:\n{page}",
                i + 1
            );
            assert!(
                page.contains(&format!("第 {} 页 / 共 {pages} 页", i + 1)),
                "{session}: page {} has no page number",
                i + 1
            );
        }
        // Chinese text, the title and the attendance totals came through as text.
        let title = sheet["session"]["title"].as_str().expect("title");
        assert!(text.contains(title), "{session}: title missing");
        let a = &sheet["attendance"];
        assert!(
            text.contains(&format!(
                "应到 (Seated) {} · 实到 (Present) {}",
                a["seated"], a["present"]
            )),
            "{session}: attendance totals missing"
        );
        // Each declared item's ballot totals.
        let mut totals = 0;
        for item in sheet["items"].as_array().expect("items") {
            let b = &item["tally"]["ballots"];
            if b.is_null() || item["phase"] == "pending" {
                continue;
            }
            assert!(
                text.contains(&format!(
                    "发出 (Issued) {} · 收回 (Returned) {} · 有效 (Valid) {}",
                    b["issued"], b["returned"], b["valid"]
                )),
                "{session}: totals of {} missing",
                item["id"]
            );
            totals += 1;
        }
        assert!(totals > 0, "{session}: no item totals to look for");
        // Signature lines on the last page.
        let last = per_page.last().expect("a page");
        for role in [
            "总监票人 (Chief scrutineer)",
            "监票人 (Scrutineer)",
            "计票人 (Teller)",
            "执行主席 (Presiding chair)",
        ] {
            assert!(
                last.contains(role),
                "{session}: {role} not on the last page"
            );
        }
    }
}

#[test]
fn a_boxs_count_sheet_prints_its_totals_anchor_and_the_tables_signatures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = dir.path().join("room.log");
    let (code, _, err) = votedesk(
        dir.path(),
        &[
            "simulate",
            &common::repo("sessions/hanggin-2024.ron")
                .display()
                .to_string(),
            "--log",
            &log.display().to_string(),
            "--seed",
            "4",
            "--stations",
            "2",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let stations = dir.path().join("room.log.stations");
    let mut files: Vec<_> = std::fs::read_dir(&stations)
        .expect("station logs")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    let station = votedesk::station::read_file(&files[0]).expect("station log");
    let (code, md, err) = votedesk(
        dir.path(),
        &["report", &files[0].display().to_string(), "--format", "md"],
    );
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(md).expect("utf8");
    assert!(md.starts_with("# 票箱计票单"), "{md}");
    assert!(md.contains(&format!("- 票箱 (Box): {}", station.binding.r#box)));
    assert!(md.contains(&format!("- 录入 (Keyed): {} 张", station.ballots.len())));
    assert!(md.contains(&station.head), "{md}");
    assert!(md.contains(&format!(
        "| 计票人 (Teller) {} | | |",
        station.binding.teller
    )));
    assert!(md.contains("| 监票人 (Scrutineer) | | |"));
    // One box decides nothing: no verdict words on its sheet.
    assert!(!md.contains("通过 (") && !md.contains("未通过"), "{md}");
    // The per-candidate totals add up to the box's valid ballots on every row.
    let t = votedesk::station::totals(&station);
    for row in &t.per_choice {
        let sum: u32 = row.iter().map(|(_, n)| n).sum();
        assert_eq!(sum, t.ballots - t.spoiled - t.void);
    }
    let html = dir.path().join("box.html");
    let (code, _, err) = votedesk(
        dir.path(),
        &[
            "report",
            &files[0].display().to_string(),
            "--format",
            "html",
            "--output",
            &html.display().to_string(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (text, info) = print_to_pdf(&html);
    assert!(info.contains("(A4)"), "{info}");
    assert!(text.contains("票箱计票单"), "{text}");
    assert!(
        text.contains(&format!(
            "{} 条记录 (records) · head {}",
            station.records, station.head
        )),
        "{text}"
    );
    assert!(text.contains("监票人 (Scrutineer)"), "{text}");
}

#[test]
fn a_further_rounds_rule_line_speaks_of_that_round() {
    use votedesk::engine::Action;
    let text = common::SMALL.replacen("places: 2,", "places: 2,\n            max_for: 2,", 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec =
        votedesk::recorder::Recorder::start(&common::load(&text), &path, "t").expect("start");
    for seat in 1..=6 {
        rec.record(Action::CheckIn(seat)).expect("in");
    }
    rec.record(Action::OpenItem("p".into())).expect("open");
    // Only 项目甲 passes (4 of 6): one place stays unfilled.
    for m in ["faa", "faa", "faa", "faa", "aaa", "aaa"] {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices(m),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    rec.record(Action::OpenFurtherRound("p".into()))
        .expect("round 2");
    drop(rec);
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(
        md.contains("应选 2 项，按赞成票多少取前 2 项；赞成多于 2 项的选票无效"),
        "round 1: {md}"
    );
    assert!(
        md.contains("应选 1 项，按赞成票多少取前 1 项；赞成多于 1 项的选票无效"),
        "round 2 speaks of its own place and limit: {md}"
    );
}

#[test]
fn the_session_models_hash_is_on_the_sheet_and_in_verify() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::simulated_log(dir.path(), 3);
    let text = std::fs::read_to_string(&path).expect("log");
    let first: serde_json::Value =
        serde_json::from_str(&text.lines().next().expect("line")[65..]).expect("json");
    let model = first["event"]["session_model"].as_str().expect("model");
    let hash = votedesk::log::sha256_hex(model.as_bytes());
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(
        md.contains(&format!(
            "(Session model, the rules recounted from) SHA-256: `{hash}`"
        )),
        "{md}"
    );
    assert!(votedesk::report::csv(&sheet).contains(&hash));
    assert!(votedesk::report::json(&sheet).contains(&hash));
    let (_, out, _) = common::votedesk(dir.path(), &["verify", &path.display().to_string()]);
    assert!(out.contains(&format!("model:   {hash}")), "{out}");
}

#[test]
fn a_csv_cell_that_a_spreadsheet_would_run_is_written_as_text() {
    use votedesk::engine::Action;
    for lead in ["=", "+", "-", "@"] {
        let title = format!("{lead}HYPERLINK(1)");
        let text = common::SMALL.replacen("\"项目甲\"", &format!("\"{title}\""), 1);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("small.log");
        let mut rec =
            votedesk::recorder::Recorder::start(&common::load(&text), &path, "t").expect("start");
        rec.record(Action::CheckIn(1)).expect("in");
        drop(rec);
        let sheet = votedesk::report::build_file(&path)
            .expect("read")
            .expect("sheet");
        let csv = votedesk::report::csv(&sheet);
        assert!(csv.contains(&format!("\"'{title}\"")), "{csv}");
        assert!(!csv.contains(&format!(",{title}")), "{csv}");
    }
}

#[test]
fn a_rate_against_a_cut_off_shows_its_count_and_base() {
    use votedesk::engine::{Action, Marks};
    let text = common::SMALL.replacen(
        r#"rule: Tiers(
                tiers: [
                    (grade: "满意", counted: ["满意"], threshold: MoreThan(1, 2)),
                    (grade: "基本满意", counted: ["满意", "基本满意"], threshold: MoreThan(1, 2)),
                ],
                otherwise: "不满意",
            ),
            base: Seated,"#,
        r#"rule: Rate(counted: ["满意", "基本满意"], cutoff: AtLeast(2, 3)),
            base: Valid,"#,
        1,
    );
    assert_ne!(text, common::SMALL, "the rule was replaced");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec =
        votedesk::recorder::Recorder::start(&common::load(&text), &path, "t").expect("start");
    for seat in 1..=6 {
        rec.record(Action::CheckIn(seat)).expect("in");
    }
    rec.record(Action::OpenItem("r".into())).expect("open");
    // 4 of 6 satisfied: exactly two thirds, which meets "at least 2/3" though 66.6% reads short.
    for l in ["满意", "满意", "基本满意", "基本满意", "不满意", "不满意"] {
        rec.record(Action::RecordBallot {
            item: "r".into(),
            seat: None,
            marks: Marks::Ratings {
                labels: vec![l.into(), l.into()],
            },
        })
        .expect("ballot");
    }
    let index = rec.state.item_index("r").expect("r");
    let votedesk::tally::ItemTally::Rating(r) = rec.state.tally(index) else {
        panic!("a rating")
    };
    assert_eq!(r.subjects[0].rate_words(), "66.6% (4/6)");
    assert_eq!(r.subjects[0].cutoff_met, Some(true));
    rec.record(Action::CloseItem("r".into())).expect("close");
    rec.record(Action::Declare("r".into())).expect("declare");
    drop(rec);
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(md.contains("66.6% (4/6) | 达标"), "{md}");
    assert!(votedesk::report::csv(&sheet).contains("66.6% (4/6)"));
}

/// Inner Mongolia prints names and titles in Mongolian script too: the sheet names a font
/// that has it, and a Mongolian title prints to PDF and reads back (CI installs
/// `fonts-noto-core`, which holds Noto Sans Mongolian).
#[test]
fn a_mongolian_title_prints_to_pdf_and_reads_back() {
    use votedesk::engine::Action;
    let title = "ᠪᠠᠲᠤ ᠲᠥᠰᠥᠯ";
    let fonts = Command::new("fc-list")
        .arg(":lang=mn-cn")
        .output()
        .expect("fc-list runs (fontconfig)");
    assert!(
        !String::from_utf8_lossy(&fonts.stdout).trim().is_empty(),
        "a font with Mongolian script is installed (apt-get install fonts-noto-core; .ci/run does)"
    );
    let text = common::SMALL.replacen("\"项目甲\"", &format!("\"{title}\""), 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("small.log");
    let mut rec =
        votedesk::recorder::Recorder::start(&common::load(&text), &path, "t").expect("start");
    for seat in 1..=6 {
        rec.record(Action::CheckIn(seat)).expect("in");
    }
    rec.record(Action::OpenItem("p".into())).expect("open");
    for _ in 0..6 {
        rec.record(Action::RecordBallot {
            item: "p".into(),
            seat: None,
            marks: common::choices("ffa"),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("p".into())).expect("close");
    rec.record(Action::Declare("p".into())).expect("declare");
    drop(rec);
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let html = votedesk::report::html(&sheet);
    assert!(
        html.contains("\"Noto Sans Mongolian\""),
        "the font list names it"
    );
    let file = dir.path().join("sheet.html");
    std::fs::write(&file, html).expect("write");
    let (text, _) = print_to_pdf(&file);
    assert!(text.contains(title), "{text}");
}

#[test]
fn a_named_vote_on_several_candidates_prints_one_line_a_deputy_with_numbered_columns() {
    use votedesk::engine::Action;
    use votedesk::recorder::Recorder;
    let dir = tempfile::tempdir().expect("tempdir");
    let text = common::SMALL.replace(
        r#"candidates: [(id: "res", title: "决议")],"#,
        r#"candidates: [(id: "r1", title: "决议一"), (id: "r2", title: "决议二"), (id: "r3", title: "决议三")],"#,
    );
    let loaded = common::load(&text);
    let path = dir.path().join("small.log");
    let mut rec = Recorder::start(&loaded, &path, "t").expect("start");
    rec.record_batch((1..=6).map(Action::CheckIn).collect())
        .expect("in");
    rec.record(Action::OpenItem("named".into())).expect("open");
    for (seat, m) in [(1, "fax"), (2, "fff"), (3, "aax")] {
        rec.record(Action::RecordBallot {
            item: "named".into(),
            seat: Some(seat),
            marks: common::choices(m),
        })
        .expect("ballot");
    }
    rec.record(Action::CloseItem("named".into()))
        .expect("close");
    drop(rec);
    let sheet = votedesk::report::build_file(&path)
        .expect("read")
        .expect("sheet");
    let md = votedesk::report::markdown(&sheet);
    assert!(
        md.contains("栏目 (Columns): 1 决议一 · 2 决议二 · 3 决议三"),
        "{md}"
    );
    assert!(
        md.contains("| 座位 Seat | 姓名 Name | 选票 Ballot | 1 | 2 | 3 |\n"),
        "{md}"
    );
    assert!(md.contains("| 1 | 甲 | 1 | 赞 | 反 | 弃 |\n"), "{md}");
    assert!(md.contains("| 2 | 乙 | 2 | 赞 | 赞 | 赞 |\n"), "{md}");
    assert!(
        md.contains("| | 小计 (subtotal) 一团 | 2/2 | 赞 2 | 反 1 · 赞 1 | 弃 1 · 赞 1 |"),
        "{md}"
    );
}
