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
        mirror,
        json,
    } = args;
    if crate::station::is_station_file(&log) {
        return verify_station(&log, mirror.as_deref(), json);
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
    let paired = match &mirror {
        Some(m) => Some(compare_mirror(&log, m, &opts, &mut report)?),
        None => None,
    };
    print_report(
        &log,
        &report,
        audit.as_ref(),
        stations.as_deref(),
        paired.as_ref(),
        json,
    );
    let code = if report.verified { 0 } else { 1 };
    // The replayed state holds every ballot; the process ends here, and freeing each one
    // would only add to the audit's time.
    std::mem::forget(report);
    Ok(code)
}

/// The report in words or as JSON, with the stations' audit and the comparison with the
/// mirror where they were asked for.
fn print_report(
    log: &Path,
    report: &verify::Report,
    audit: Option<&crate::station::Audit>,
    stations: Option<&Path>,
    paired: Option<&Paired>,
    json: bool,
) {
    if json {
        let mut value = serde_json::to_value(report).unwrap_or_default();
        if let (Some(a), Some(obj)) = (audit, value.as_object_mut()) {
            obj.insert(
                "stations".into(),
                serde_json::to_value(a).unwrap_or_default(),
            );
        }
        print_json(value, paired);
    } else {
        print!("{}", report.render(&log.display().to_string()));
        if let (Some(a), Some(dir)) = (audit, stations) {
            print!("{}", render_audit(a, dir));
        }
        if let Some(p) = paired {
            print!("{}", p.render());
        }
    }
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
fn verify_station(log: &Path, mirror: Option<&Path>, json: bool) -> Result<u8, Failure> {
    let mut v = crate::station::verify_file(log);
    let paired = match mirror {
        Some(m) => {
            let other = crate::station::verify_file(m);
            let (records, head) = other
                .log
                .as_ref()
                .map_or((0, None), |l| (l.records, Some(l.head.clone())));
            // Damage in the mirror itself: a station log that does not read.
            let damaged = other.log.is_none();
            let p = pair_with(
                log,
                m,
                damaged,
                other.verdict,
                other.verified,
                records,
                head,
            )?;
            if let Some(problem) = &p.problem {
                v.verified = false;
                v.verdict = if v.verdict.starts_with("not verified") {
                    format!("{}; and {problem}", v.verdict)
                } else {
                    format!("not verified: {problem}")
                };
            }
            Some(p)
        }
        None => None,
    };
    if json {
        let value = v.json();
        print_json(value, paired.as_ref());
    } else {
        print!("{}", v.render());
        if let Some(p) = &paired {
            print!("{}", p.render());
        }
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

/// `verify LOG --mirror OTHER`: the other copy verified on its own and compared record by
/// record with the log.
struct Paired {
    path: std::path::PathBuf,
    agreement: crate::mirror::Agreement,
    words: String,
    verdict: String,
    verified: bool,
    records: u64,
    head: Option<String>,
    /// What the comparison adds to the verdict, if anything.
    problem: Option<String>,
}

fn compare_mirror(
    log: &Path,
    other: &Path,
    opts: &verify::Options,
    report: &mut verify::Report,
) -> Result<Paired, Failure> {
    let own = verify::check_file(other, opts)
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", other.display())))?;
    // The mirror's own records must pass every check; an open session is not a fault.
    let damaged = !own.findings.is_empty();
    let p = pair_with(
        log,
        other,
        damaged,
        own.verdict,
        own.verified,
        own.records,
        own.head,
    )?;
    if let Some(problem) = &p.problem {
        report.add_problem(problem.clone());
    }
    Ok(p)
}

/// Compare a log with another copy of it, record by record; `damaged` when the copy fails
/// its own checks. What the comparison adds to the verdict is `problem`.
fn pair_with(
    log: &Path,
    other: &Path,
    damaged: bool,
    verdict: String,
    verified: bool,
    records: u64,
    head: Option<String>,
) -> Result<Paired, Failure> {
    use crate::mirror::{Agreement, Side};
    let open = |p: &Path| {
        std::fs::File::open(p)
            .map(std::io::BufReader::new)
            .map_err(|e| Failure(2, format!("cannot read log {}: {e}", p.display())))
    };
    let agreement = crate::mirror::compare(open(log)?, open(other)?)
        .map_err(|e| Failure(2, format!("cannot compare the log with its mirror: {e}")))?;
    let words = agreement.say(crate::lang::Lang::En, log, other);
    let problem = match &agreement {
        Agreement::Same { .. }
        | Agreement::Prefix {
            longer: Side::Log, ..
        } => None,
        Agreement::Prefix { more, .. } => Some(format!(
            "the mirror {} holds {more} record(s) after this log's last: the session went on there; verify it",
            other.display()
        )),
        Agreement::Diverged { at } => Some(format!(
            "the log and the mirror {} diverged at record {at}",
            other.display()
        )),
    };
    let problem = match (problem, damaged) {
        (p, false) => p,
        (None, true) => Some(format!(
            "the mirror {} fails its own checks (see its verify)",
            other.display()
        )),
        (Some(p), true) => Some(format!("{p}, and it fails its own checks")),
    };
    Ok(Paired {
        path: other.to_path_buf(),
        agreement,
        words,
        verdict,
        verified,
        records,
        head,
        problem,
    })
}

impl Paired {
    fn render(&self) -> String {
        let mut out = format!(
            "\nMirror {}: {}, {} records, head {}\n  {}\n",
            self.path.display(),
            self.verdict,
            self.records,
            self.head.as_deref().unwrap_or("-"),
            self.words
        );
        out.push_str(&match &self.problem {
            None => "mirror: no problem found\n".to_string(),
            Some(p) => format!("mirror: FAIL {p}\n"),
        });
        out
    }

    fn json(&self) -> serde_json::Value {
        use crate::mirror::{Agreement, Side};
        let (how, common, more, at) = match &self.agreement {
            Agreement::Same { records } => ("same", Some(*records), None, None),
            Agreement::Prefix {
                longer: Side::Log,
                common,
                more,
            } => ("mirror_is_prefix", Some(*common), Some(*more), None),
            Agreement::Prefix { common, more, .. } => {
                ("log_is_prefix", Some(*common), Some(*more), None)
            }
            Agreement::Diverged { at } => ("diverged", Some(*at), None, Some(*at)),
        };
        serde_json::json!({
            "path": self.path.display().to_string(),
            "agreement": how,
            "common_records": common,
            "more_records": more,
            "diverged_at": at,
            "words": self.words,
            "verified": self.verified,
            "verdict": self.verdict,
            "records": self.records,
            "head": self.head,
            "problem": self.problem,
        })
    }
}

/// The report as JSON, with the comparison with the mirror under `"mirror"` when one was given.
fn print_json(mut value: serde_json::Value, paired: Option<&Paired>) {
    if let (Some(p), Some(obj)) = (paired, value.as_object_mut()) {
        obj.insert("mirror".into(), p.json());
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&value).unwrap_or_default()
    );
}
