//! Replaying and verifying a log: the one path by which every view rebuilds state.
//!
//! `check` runs the numbered checks of `votedesk verify` over a scanned log and replays the
//! unbroken prefix through the engine. The console's recovery, `tally`, `report` and the
//! projector all call it, so there is one replay and one set of checks.

use std::sync::Arc;

use serde::Serialize;

use crate::engine::{Event, Refusal, State};
use crate::log::{self, Scan, TornTail};
use crate::session::{self, Loaded, SourceFiles};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Pass,
    Fail,
    NotChecked,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub number: u32,
    pub name: &'static str,
    pub status: Status,
    /// Records this check looked at and found good.
    pub passed: u64,
    /// Records this check found bad.
    pub failed: u64,
    /// Records it could not check because of an earlier break.
    pub not_checked: u64,
    pub note: String,
}

/// One bad record, with expected and computed values in full.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub check: u32,
    pub line: usize,
    pub offset: u64,
    pub seq: Option<u64>,
    pub event: Option<String>,
    pub problem: String,
    pub expected: Option<String>,
    pub computed: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The session file (and its roster) the log must bind.
    pub session: Option<Loaded>,
    pub expect_head: Option<String>,
    pub expect_count: Option<u64>,
    /// Anchors read out during the session: record N (1-based, as `records` counts) has
    /// this hash. A declaration's anchor is its own record.
    pub anchors: Vec<(u64, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub verified: bool,
    pub verdict: String,
    /// Complete records in the log.
    pub records: u64,
    /// The computed hash of the last record.
    pub head: Option<String>,
    pub closed: bool,
    pub checks: Vec<Check>,
    pub findings: Vec<Finding>,
    /// Crash residue after the last complete line; not part of the verified log.
    pub torn_tail: Option<TornTail>,
    /// State rebuilt from the unbroken prefix of the log.
    #[serde(skip)]
    pub state: Option<State>,
    /// The session sources embedded in the first record.
    #[serde(skip)]
    pub sources: Option<SourceFiles>,
    /// Records replayed into `state` (the unbroken prefix).
    #[serde(skip)]
    pub replayed: u64,
    /// Index of the header of a batch the log ends inside, if it does.
    #[serde(skip)]
    pub unfinished_batch: Option<usize>,
}

const NAMES: [&str; 8] = [
    "framing",
    "sequence",
    "hash chain",
    "session binding",
    "event rules",
    "declared results",
    "closing record",
    "anchor (expected head and count)",
];

/// Run every check over a scanned log and replay what can be replayed.
pub fn check(scan: &Scan, opts: &Options) -> Report {
    let mut findings: Vec<Finding> = Vec::new();
    let mut counts = [(0u64, 0u64, 0u64); 8]; // passed, failed, not checked
    let mut notes: [String; 8] = Default::default();
    let finding = |check: u32,
                   line: &log::Line,
                   problem: String,
                   expected: Option<String>,
                   computed: Option<String>| {
        let (seq, event) = match &line.record {
            Ok(r) => (Some(r.body.seq), Some(r.body.event.kind().to_string())),
            Err(_) => (None, None),
        };
        Finding {
            check,
            line: line.number,
            offset: line.offset,
            seq,
            event,
            problem,
            expected,
            computed,
        }
    };

    // The binding first: the first record's prev is derived from it.
    let binding = scan.lines.first().and_then(|l| match &l.record {
        Ok(r) => match &r.body.event {
            Event::SessionBound(b) => Some(b.clone()),
            _ => None,
        },
        Err(_) => None,
    });

    // Checks 1-3 over every line; the first break bounds the replay.
    let mut first_break: Option<usize> = None;
    let mut prev_hash: Option<String> = binding
        .as_ref()
        .map(|b| log::genesis_prev(&b.session_sha256));
    for (i, line) in scan.lines.iter().enumerate() {
        let mut broken = false;
        match &line.record {
            Err(e) => {
                counts[0].1 += 1;
                findings.push(finding(
                    1,
                    line,
                    format!("unreadable line: {e}"),
                    None,
                    None,
                ));
                counts[1].2 += 1;
                counts[2].2 += 1;
                broken = true;
                prev_hash = None;
            }
            Ok(r) => {
                if line.crlf {
                    counts[0].1 += 1;
                } else {
                    counts[0].0 += 1;
                }
                if r.body.seq == i as u64 {
                    counts[1].0 += 1;
                } else {
                    counts[1].1 += 1;
                    broken = true;
                    findings.push(finding(
                        2,
                        line,
                        "sequence number out of order".into(),
                        Some(i.to_string()),
                        Some(r.body.seq.to_string()),
                    ));
                }
                let mut chain_ok = true;
                if r.stated_hash != r.computed_hash {
                    chain_ok = false;
                    findings.push(finding(
                        3,
                        line,
                        "the record's hash does not match its body (the body was changed)".into(),
                        Some(r.stated_hash.clone()),
                        Some(r.computed_hash.clone()),
                    ));
                }
                match &prev_hash {
                    Some(p) if *p != r.body.prev => {
                        chain_ok = false;
                        findings.push(finding(3, line, "prev does not equal the previous record's hash (a record was removed, inserted or reordered)".into(), Some(p.clone()), Some(r.body.prev.clone())));
                    }
                    Some(_) => {}
                    None => {
                        counts[2].2 += 1;
                    }
                }
                if chain_ok {
                    if prev_hash.is_some() {
                        counts[2].0 += 1;
                    }
                } else {
                    counts[2].1 += 1;
                    broken = true;
                }
                prev_hash = Some(r.stated_hash.clone());
            }
        }
        if broken && first_break.is_none() {
            first_break = Some(i);
        }
    }

    // A line-ending conversion touches every line: say so once, not once per record.
    let crlf = scan.lines.iter().filter(|l| l.crlf).count();
    if crlf > 0 {
        let first = scan.lines.iter().find(|l| l.crlf);
        if let Some(line) = first {
            let problem = if crlf == scan.lines.len() {
                format!(
                    "every line ({crlf}) ends in CR LF instead of LF: the file's line endings were converted (a copy through a Windows editor, e-mail or a text-mode transfer). The records were checked as if unconverted; get the original file from the console's disk, whose bytes must not change"
                )
            } else {
                format!(
                    "{crlf} line(s) end in CR LF instead of LF, the first here: the file was edited or converted"
                )
            };
            findings.push(finding(
                1,
                line,
                problem,
                Some("LF".into()),
                Some("CR LF".into()),
            ));
        }
    }

    // Check 4: the binding.
    let mut loaded: Option<Loaded> = None;
    let mut sources: Option<SourceFiles> = None;
    match (&binding, scan.lines.first()) {
        (None, None) => {
            notes[3] = "the log is empty".into();
        }
        (None, Some(line)) => {
            counts[3].1 += 1;
            findings.push(finding(
                4,
                line,
                "the first record is not the session binding".into(),
                Some("session_bound".into()),
                None,
            ));
        }
        (Some(b), Some(line)) => {
            let mut problems = Vec::new();
            let text_hash = log::sha256_hex(b.session_text.as_bytes());
            if text_hash != b.session_sha256 {
                problems.push((
                    "the embedded session text does not match session_sha256".to_string(),
                    b.session_sha256.clone(),
                    text_hash,
                ));
            }
            if let (Some(bytes), Some(h)) = (b.roster_bytes(), &b.roster_sha256) {
                let computed = log::sha256_hex(&bytes);
                if &computed != h {
                    problems.push((
                        "the embedded roster does not match roster_sha256".into(),
                        h.clone(),
                        computed,
                    ));
                }
            }
            if let Some(given) = &opts.session {
                let computed = log::sha256_hex(&given.sources.session_bytes);
                if computed != b.session_sha256 {
                    problems.push((
                        format!(
                            "the session file given ({}) is not the one this log binds",
                            given.sources.session_name
                        ),
                        b.session_sha256.clone(),
                        computed,
                    ));
                }
                let given_roster = given
                    .sources
                    .roster
                    .as_ref()
                    .map(|(_, bytes)| log::sha256_hex(bytes));
                if given_roster != b.roster_sha256 {
                    problems.push((
                        "the roster CSV given is not the one this log binds".into(),
                        b.roster_sha256.clone().unwrap_or_default(),
                        given_roster.unwrap_or_default(),
                    ));
                }
                notes[3] = format!("bound to {}", given.sources.session_name);
            } else {
                notes[3] = "embedded copy checked; give --session to compare with the file".into();
            }
            let src = SourceFiles {
                session_name: b.session_file.clone(),
                session_bytes: b.session_text.clone().into_bytes(),
                roster: match (&b.roster_file, b.roster_bytes()) {
                    (Some(n), Some(bytes)) => Some((n.clone(), bytes)),
                    _ => None,
                },
            };
            match session::load_embedded(src.clone()) {
                Ok(l) => loaded = Some(l),
                Err(e) => problems.push((
                    format!(
                        "the session copy inside the log does not load, so the log was not written by votedesk or its first record was altered: {e}"
                    ),
                    String::new(),
                    String::new(),
                )),
            }
            sources = Some(src);
            if problems.is_empty() {
                counts[3].0 += 1;
            } else {
                counts[3].1 += 1;
                for (p, e, c) in problems {
                    findings.push(finding(4, line, p, Some(e), Some(c)));
                }
                if first_break.is_none() {
                    first_break = Some(0);
                }
            }
        }
        (Some(_), None) => {}
    }

    // Check 1, record fields: what a forger who re-hashes the chain could still get wrong.
    let session_id = loaded.as_ref().map(|l| l.session.id.clone());
    for line in &scan.lines {
        let Ok(r) = &line.record else { continue };
        let problems = record_field_problems(&r.body, session_id.as_deref());
        if !problems.is_empty() {
            counts[0].0 = counts[0].0.saturating_sub(1);
            counts[0].1 += 1;
            for (problem, expected, found) in problems {
                findings.push(finding(1, line, problem, Some(expected), Some(found)));
            }
        }
    }

    // Checks 5-7: replay the unbroken prefix through the engine.
    let replay_end = first_break.unwrap_or(scan.lines.len());
    let mut state = loaded
        .as_ref()
        .map(|l| State::new(Arc::new(l.session.clone())));
    let mut closed_at: Option<usize> = None;
    let mut replayed = 0;
    if let Some(st) = state.as_mut()
        && counts[3].1 == 0
    {
        for line in &scan.lines[..replay_end] {
            let Ok(r) = &line.record else { break };
            replayed += 1;
            let is_decl = matches!(r.body.event, Event::ResultDeclared { .. });
            if st.closed {
                counts[6].1 += 1;
                findings.push(finding(
                    7,
                    line,
                    "a record follows the closing record".into(),
                    None,
                    None,
                ));
                continue;
            }
            let applied = st.apply(&r.body.event);
            if applied.is_err() {
                st.pass_over(&r.body.event);
            }
            match applied {
                Ok(()) => {
                    counts[4].0 += 1;
                    if is_decl {
                        counts[5].0 += 1;
                    }
                    if st.closed {
                        closed_at = Some(line.number);
                    }
                }
                Err(Refusal::OutcomeMismatch {
                    declared, counted, ..
                }) => {
                    counts[5].1 += 1;
                    findings.push(finding(
                        6,
                        line,
                        "the declared result differs from the result recomputed from the ballots"
                            .into(),
                        Some(counted),
                        Some(declared),
                    ));
                }
                Err(refusal) => {
                    counts[4].1 += 1;
                    findings.push(finding(5, line, refusal.to_string(), None, None));
                }
            }
        }
    }
    // A batch is acknowledged whole: a log that ends inside one ends in an unacknowledged
    // write (the console sets it aside on resume).
    let mut unfinished_batch = None;
    if let Some(st) = state.as_ref()
        && replayed == scan.lines.len()
        && let Some((header, missing)) = st.unfinished_batch()
        && let Some(line) = scan.lines.get(header as usize)
    {
        counts[4].1 += 1;
        let present = scan.lines.len() - header as usize - 1;
        unfinished_batch = Some(header as usize);
        findings.push(finding(
            5,
            line,
            format!(
                "unfinished batch: this record announces {} record(s), only {present} follow; the batch was never acknowledged (a crash or failure during one write)",
                present as u32 + missing
            ),
            Some((present as u32 + missing).to_string()),
            Some(present.to_string()),
        ));
    }
    let unreplayed = scan.lines.len().saturating_sub(replayed) as u64;
    counts[4].2 = unreplayed;
    counts[5].2 = unreplayed;
    if let Some(fb) = first_break {
        notes[4] = format!(
            "records from line {} on cannot be checked because of the break there",
            fb + 1
        );
        notes[5] = notes[4].clone();
    }

    // Check 7: the closing record is present and last.
    let last_number = scan.lines.last().map(|l| l.number);
    let closed = closed_at.is_some();
    let mut closing_status = if closed_at.is_some() && closed_at == last_number && counts[6].1 == 0
    {
        counts[6].0 += 1;
        Status::Pass
    } else if first_break.is_some() && closed_at.is_none() {
        Status::NotChecked
    } else {
        Status::Fail
    };
    if closed_at.is_none() && closing_status == Status::Fail {
        notes[6] = "session not closed: there is no closing record".into();
    }

    // Check 8: the anchor from the signed result sheet.
    let records = scan.lines.len() as u64;
    let head = scan
        .lines
        .last()
        .and_then(|l| l.record.as_ref().ok())
        .map(|r| r.computed_hash.clone());
    let mut anchor_status = Status::NotChecked;
    if opts.expect_count.is_none() && opts.expect_head.is_none() && opts.anchors.is_empty() {
        notes[7] = format!(
            "no anchor given: the chain is intact in itself, but only a published anchor shows it was not rewritten; compare records {records} and head {} with the signed sheet, or pass --expect-count, --expect-head or --anchor N:HEX",
            head.as_deref().unwrap_or("(none)")
        );
    } else {
        let mut problems: Vec<String> = Vec::new();
        match opts.expect_count {
            Some(n) if records < n => problems.push(format!(
                "truncated: the log has {records} records, the anchor says {n}; {} missing",
                n - records
            )),
            Some(n) if records > n => problems.push(format!(
                "the log has {records} records, the anchor says {n}: records were added after the anchor"
            )),
            _ => {}
        }
        if let Some(h) = &opts.expect_head
            && problems.is_empty()
        {
            let h = h.to_ascii_lowercase();
            if head.as_deref() != Some(h.as_str()) {
                let earlier = scan
                    .lines
                    .iter()
                    .filter_map(|l| l.record.as_ref().ok())
                    .position(|r| r.computed_hash == h);
                problems.push(match earlier {
                    Some(i) => format!(
                        "the expected head is record {}; {} records follow it",
                        i + 1,
                        records as usize - i - 1
                    ),
                    None => format!(
                        "head differs: expected {h}, computed {}: the log was altered or forked",
                        head.clone().unwrap_or_default()
                    ),
                });
            }
        }
        for (n, h) in &opts.anchors {
            let h = h.to_ascii_lowercase();
            let line = (*n as usize).checked_sub(1).and_then(|i| scan.lines.get(i));
            let problem = match line {
                None => Some(format!(
                    "anchor {n}: the log has only {records} records; record {n} is missing (truncated)"
                )),
                Some(line) => match &line.record {
                    Ok(r) if r.computed_hash == h => None,
                    Ok(r) => Some(format!(
                        "anchor {n}: record {n} has hash {}, the anchor says {h}: the log was altered at or before record {n}",
                        r.computed_hash
                    )),
                    Err(_) => Some(format!("anchor {n}: record {n} cannot be read")),
                },
            };
            if let Some(p) = problem {
                if let Some(line) = line {
                    findings.push(finding(
                        8,
                        line,
                        p.clone(),
                        Some(h.clone()),
                        line.record.as_ref().ok().map(|r| r.computed_hash.clone()),
                    ));
                    counts[7].1 += 1;
                }
                problems.push(p);
            } else {
                counts[7].0 += 1;
            }
        }
        anchor_status = if problems.is_empty() {
            Status::Pass
        } else {
            notes[7] = problems.join("; ");
            Status::Fail
        };
    }

    let mut checks = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let (p, f, n) = counts[i];
        let status = match i {
            6 => {
                if closing_status == Status::Fail && notes[6].is_empty() {
                    notes[6] = "a record follows the closing record".into();
                }
                closing_status
            }
            7 => anchor_status,
            _ if f > 0 => Status::Fail,
            _ if p == 0 && n > 0 => Status::NotChecked,
            _ if p == 0 && records == 0 => Status::NotChecked,
            _ => Status::Pass,
        };
        checks.push(Check {
            number: i as u32 + 1,
            name,
            status,
            passed: p,
            failed: f,
            not_checked: n,
            note: std::mem::take(&mut notes[i]),
        });
    }
    if records == 0 {
        closing_status = Status::NotChecked;
        checks[6].status = closing_status;
    }
    findings.sort_by_key(|f| (f.line, f.check));
    let hard_fail = checks
        .iter()
        .any(|c| c.status == Status::Fail && c.number != 7);
    let verified = !hard_fail && checks[6].status == Status::Pass && records > 0;
    let verdict = if verified {
        "verified".to_string()
    } else if records == 0 {
        "not verified: the log is empty".to_string()
    } else if !hard_fail && closed_at.is_none() && findings.is_empty() {
        "not verified: session not closed".to_string()
    } else {
        let anchor_findings = findings.iter().any(|f| f.check == 8);
        let n = findings.len() + usize::from(anchor_status == Status::Fail && !anchor_findings);
        format!("not verified: {n} problem(s) found; the log may have been altered")
    };
    Report {
        verified,
        verdict,
        records,
        head,
        closed,
        checks,
        findings,
        torn_tail: scan.torn_tail.clone(),
        state,
        sources,
        replayed: replayed as u64,
        unfinished_batch,
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The field rules of `docs/log-format.md` ("Body") for one record: version 1, the bound
/// session's id, an RFC 3339 time with its offset, 64-hex `prev` and event hashes. Each
/// problem as (what is wrong, what the rule requires, what the record holds).
fn record_field_problems(
    body: &log::RecordBody,
    session_id: Option<&str>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if body.v != log::FORMAT_VERSION {
        out.push((
            "unknown format version".into(),
            log::FORMAT_VERSION.to_string(),
            body.v.to_string(),
        ));
    }
    if let Some(id) = session_id
        && body.session != id
    {
        out.push((
            "the record names another session than the one the log binds".into(),
            id.to_string(),
            crate::lang::quote(&body.session),
        ));
    }
    if chrono::DateTime::parse_from_rfc3339(&body.time).is_err() {
        out.push((
            "time is not an RFC 3339 time with its UTC offset".into(),
            "e.g. 2024-01-10T09:30:00.000+08:00".into(),
            crate::lang::quote(&body.time),
        ));
    }
    if !is_hex64(&body.prev) {
        out.push((
            "prev is not 64 lowercase hex digits".into(),
            "64 hex digits".into(),
            crate::lang::quote(&body.prev),
        ));
    }
    let hashes: Vec<(&str, &str)> = match &body.event {
        Event::SessionBound(b) => {
            let mut v = vec![("session_sha256", b.session_sha256.as_str())];
            if let Some(r) = &b.roster_sha256 {
                v.push(("roster_sha256", r.as_str()));
            }
            v
        }
        Event::BallotsImported { sha256, .. } | Event::TailRepaired { sha256, .. } => {
            vec![("sha256", sha256.as_str())]
        }
        _ => Vec::new(),
    };
    for (field, h) in hashes {
        if !is_hex64(h) {
            out.push((
                format!("{field} is not 64 lowercase hex digits"),
                "64 hex digits".into(),
                crate::lang::quote(h),
            ));
        }
    }
    out
}

/// Read a log file and check it.
pub fn check_file(path: &std::path::Path, opts: &Options) -> Result<Report, log::ScanError> {
    Ok(check(&log::scan_file(path)?, opts))
}

impl Report {
    /// Plain-text rendering for `votedesk verify`.
    pub fn render(&self, log_name: &str) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "votedesk verify {log_name}");
        for c in &self.checks {
            let status = match c.status {
                Status::Pass => "PASS",
                Status::Fail => "FAIL",
                Status::NotChecked => "NOT CHECKED",
            };
            let _ = write!(
                out,
                "{:>2}. {:<34} {:<11} {} ok, {} bad, {} not checked",
                c.number, c.name, status, c.passed, c.failed, c.not_checked
            );
            if !c.note.is_empty() {
                let _ = write!(out, " — {}", c.note);
            }
            out.push('\n');
        }
        for (i, f) in self.findings.iter().enumerate() {
            let label = if i == 0 {
                "first bad record"
            } else {
                "bad record"
            };
            let _ = writeln!(
                out,
                "{label}: line {}, byte offset {}, seq {}, event {}, check {}: {}",
                f.line,
                f.offset,
                f.seq.map(|s| s.to_string()).unwrap_or_else(|| "?".into()),
                f.event.as_deref().unwrap_or("?"),
                f.check,
                f.problem
            );
            if let Some(e) = &f.expected {
                let _ = writeln!(out, "    expected: {e}");
            }
            if let Some(c) = &f.computed {
                let _ = writeln!(out, "    computed: {c}");
            }
        }
        if let Some(t) = &self.torn_tail {
            let _ = writeln!(
                out,
                "crash residue: {} bytes after the last complete line (offset {}, sha256 {}); not part of the verified log",
                t.bytes, t.offset, t.sha256
            );
        }
        let _ = writeln!(out, "records: {}", self.records);
        let _ = writeln!(out, "head:    {}", self.head.as_deref().unwrap_or("(none)"));
        let _ = writeln!(out, "result:  {}", self.verdict);
        out
    }
}
