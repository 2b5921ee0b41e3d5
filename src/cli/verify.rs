//! The audit (`votedesk verify`), of a session log with its station logs, or of a station log.

use std::path::Path;

use super::args::*;
use super::*;
use crate::verify;

pub fn run(args: VerifyArgs) -> Result<u8, Failure> {
    let VerifyArgs {
        log,
        session,
        expect_head,
        expect_count,
        anchors,
        stations,
        json,
    } = args;
    if crate::station::is_station_file(&log) {
        return verify_station(&log, json);
    }
    let session = match session {
        Some(p) => Some(load(&p).map_err(|Failure(_, m)| Failure(2, m))?),
        None => None,
    };
    if let Some(h) = &expect_head
        && (h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()))
    {
        return Err(Failure(
            2,
            format!("--expect-head must be 64 hex digits, got {h:?}"),
        ));
    }
    let opts = verify::Options {
        session,
        expect_head,
        expect_count,
        anchors,
    };
    let mut report = verify::check_file(&log, &opts)
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    let audit = match &stations {
        Some(dir) => Some(audit_stations(&log, dir, &report)?),
        None => None,
    };
    if let Some(a) = &audit {
        report.add_station_problems(a.problems.len());
    }
    if json {
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        if let (Some(a), Some(obj)) = (&audit, value.as_object_mut()) {
            obj.insert(
                "stations".into(),
                serde_json::to_value(a).unwrap_or_default(),
            );
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        print!("{}", report.render(&log.display().to_string()));
        if let (Some(a), Some(dir)) = (&audit, &stations) {
            print!("{}", render_audit(a, dir));
        }
    }
    Ok(if report.verified { 0 } else { 1 })
}

/// `verify --stations DIR`: every station log in DIR verified on its own, and every box
/// imported into the log checked against its station logs.
fn audit_stations(
    log: &Path,
    dir: &Path,
    report: &verify::Report,
) -> Result<crate::station::Audit, Failure> {
    use crate::station;
    if !dir.is_dir() {
        return Err(Failure(
            2,
            format!("--stations {}: not a folder", dir.display()),
        ));
    }
    let (logs, bad) = match station::collect(&[dir]) {
        Ok(l) => (l, Vec::new()),
        Err(problems) => {
            // Read the good ones one by one so a bad file does not hide the rest.
            let mut good = Vec::new();
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            for f in files {
                if let Ok(l) = station::read_file(&f) {
                    good.push(l);
                }
            }
            (good, problems)
        }
    };
    let scan = crate::log::scan_file(log)
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    let boxes = station::imported_boxes(&scan);
    let mut audit = station::audit(
        &boxes,
        &logs,
        report.identity.as_deref().unwrap_or(""),
        &report.opened_at,
    );
    audit
        .problems
        .extend(bad.iter().map(|p| format!("station log {p}")));
    Ok(audit)
}

/// `verify STATION_LOG`: a station log verified as a station log (`station::verify_file`).
fn verify_station(log: &Path, json: bool) -> Result<u8, Failure> {
    let v = crate::station::verify_file(log);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&v.json()).unwrap_or_default()
        );
    } else {
        print!("{}", v.render());
    }
    Ok(if v.verified { 0 } else { 1 })
}

fn render_audit(a: &crate::station::Audit, dir: &Path) -> String {
    let mut out = format!(
        "\nStation logs in {}: {} read; {} imported box(es) equal their station logs\n",
        dir.display(),
        a.station_logs,
        a.boxes_checked
    );
    for p in &a.problems {
        out.push_str(&format!("  FAIL {p}\n"));
    }
    for n in &a.not_imported {
        out.push_str(&format!("  note: not imported: {n}\n"));
    }
    out.push_str(&if a.problems.is_empty() {
        "station logs: no problem found\n".to_string()
    } else {
        format!("station logs: {} problem(s)\n", a.problems.len())
    });
    out
}
