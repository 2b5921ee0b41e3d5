//! The report in words: the one verdict, each check's line, each finding; and what the
//! station audit adds to the verdict.

use super::{Report, Status};

impl Report {
    /// Fold the audit of the counting stations into the one verdict: the log is verified
    /// only if its station logs also are (`verify --stations`).
    pub fn add_station_problems(&mut self, problems: usize) {
        if problems == 0 {
            return;
        }
        self.add_problem(format!(
            "{problems} problem(s) with the station logs (listed under \"Station logs\")"
        ));
    }

    /// A problem found beside the log's own checks (its station logs, its mirror): the one
    /// verdict at the top says it too.
    pub fn add_problem(&mut self, problem: String) {
        self.verdict = if self.verified {
            format!("not verified: {problem}")
        } else {
            format!("{}; and {problem}", self.verdict)
        };
        self.verified = false;
    }

    /// Plain-text rendering for `votedesk verify`.
    pub fn render(&self, log_name: &str) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        // One verdict, first, covering everything checked.
        let _ = writeln!(out, "result:  {}", self.verdict);
        let _ = writeln!(out, "log:     {log_name}");
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
        self.render_findings(&mut out);
        if let Some(t) = &self.torn_tail {
            let _ = writeln!(
                out,
                "crash residue: {} bytes after the last complete line (offset {}, sha256 {}); not part of the verified log",
                t.bytes, t.offset, t.sha256
            );
        }
        let _ = writeln!(out, "records: {}", self.records);
        let _ = writeln!(out, "head:    {}", self.head.as_deref().unwrap_or("(none)"));
        if let Some(m) = &self.session_model_sha256 {
            let _ = writeln!(
                out,
                "model:   {m} (session model sha256; the signed sheet shows it too)"
            );
        }
        out
    }

    /// Each finding: where it is, which check, what the rules require and what was found.
    fn render_findings(&self, out: &mut String) {
        use std::fmt::Write;
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
            if let Some(c) = &f.found {
                let _ = writeln!(out, "    found:    {c}");
            }
        }
    }
}
