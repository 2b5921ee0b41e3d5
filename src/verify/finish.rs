//! What can only be judged at the end of the log, and the report with its verdict.

use super::*;

impl Checker {
    /// The report for the lines fed so far and the torn tail after them, if any.
    pub fn report(&self, torn_tail: Option<TornTail>) -> Report {
        let mut c = self.clone();
        c.finish_checks();
        c.into_report(torn_tail)
    }

    /// The report, consuming the checker (no copy of the state).
    pub fn finish(mut self, torn_tail: Option<TornTail>) -> Report {
        self.finish_checks();
        self.into_report(torn_tail)
    }

    /// What can only be judged at the end: line endings, an unfinished batch, anchors
    /// beyond the end, the expected head and count.
    pub(super) fn finish_checks(&mut self) {
        if let Some(at) = self.first_crlf.take() {
            let crlf = self.crlf;
            let problem = if crlf == self.records {
                format!(
                    "every line ({crlf}) ends in CR LF instead of LF: the file's line endings were converted (a copy through a Windows editor, e-mail or a text-mode transfer). The records were checked as if unconverted; get the original file from the console's disk, whose bytes must not change"
                )
            } else {
                format!(
                    "{crlf} line(s) end in CR LF instead of LF, the first here: the file was edited or converted"
                )
            };
            self.find(
                Check::Framing,
                &at,
                problem,
                Some("LF".into()),
                Some("CR LF".into()),
            );
        }
        // A batch is acknowledged whole: a log that ends inside one ends in an
        // unacknowledged write (the console sets it aside on resume).
        if let Some(st) = &self.state
            && self.replayed == self.records
            && let Some((header, missing)) = st.unfinished_batch()
            && let Some((index, offset)) = self.last_batch.filter(|(i, _)| *i == header)
        {
            self.counts[Check::Rules].failed += 1;
            let present = self.records - index - 1;
            let announced = present + u64::from(missing);
            let at = At {
                line: index as usize + 1,
                offset,
                seq: Some(index),
                event: Some("batch"),
            };
            self.find(
                Check::Rules,
                &at,
                format!(
                    "unfinished batch: this record announces {announced} record(s), only {present} follow; the batch was never acknowledged (a crash or failure during one write)"
                ),
                Some(announced.to_string()),
                Some(present.to_string()),
            );
            self.unfinished = Some((index as usize, offset));
        }
        if let Some(fb) = self.first_break {
            self.notes[Check::Rules] = format!(
                "records from line {} on cannot be checked because of the break there",
                fb + 1
            );
            self.notes[Check::Declared] = self.notes[Check::Rules].clone();
        }
        if self.records == 0 {
            self.notes[Check::Binding] = "the log is empty".into();
        }
    }

    pub(super) fn into_report(mut self, torn_tail: Option<TornTail>) -> Report {
        let records = self.records;
        let unreplayed = records.saturating_sub(self.replayed);
        self.counts[Check::Rules].not_checked = unreplayed;
        self.counts[Check::Declared].not_checked = unreplayed;

        let closed = self.closed_at.is_some();
        let closing_status = self.closing_status(records);
        let anchor_status = self.anchor_status(records);
        let checks = self.check_results(records, closing_status, anchor_status);
        self.findings.sort_by_key(|f| (f.line, f.check));
        let (verified, verdict) = self.verdict(&checks, records, anchor_status);
        Report {
            verified,
            verdict,
            records,
            head: self.head.map(|h| h.to_string()),
            closed,
            session_model_sha256: self.model_sha256,
            checks,
            findings: self.findings,
            findings_omitted: self.omitted,
            torn_tail,
            state: self.state,
            sources: self.sources,
            replayed: self.replayed,
            unfinished_batch: self.unfinished,
            declared_at: self.declared_at,
            opened_at: self.opened_at,
            identity: self.identity,
            focus: self.focus,
            last_found: self.last_found,
        }
    }

    /// Check 7: the closing record is present and last.
    fn closing_status(&mut self, records: u64) -> Status {
        let closed = self.closed_at.is_some();
        if records == 0 {
            Status::NotChecked
        } else if closed
            && self.closed_at == self.last_number
            && self.counts[Check::Closing].failed == 0
        {
            self.counts[Check::Closing].passed += 1;
            Status::Pass
        } else if self.first_break.is_some() && !closed {
            Status::NotChecked
        } else {
            if !closed {
                self.notes[Check::Closing] =
                    "session not closed: there is no closing record".into();
            } else {
                self.notes[Check::Closing] = "a record follows the closing record".into();
            }
            Status::Fail
        }
    }

    /// Check 8: anchors, expected head and count.
    fn anchor_status(&mut self, records: u64) -> Status {
        let no_anchor = self.opts.expect_count.is_none()
            && self.opts.expect_head.is_none()
            && self.opts.anchors.is_empty();
        if no_anchor {
            self.notes[Check::Anchor] = format!(
                "no anchor given: the chain is intact in itself, but only a published anchor shows it was not rewritten; compare records {records} and head {} with the signed sheet, or pass --expect-count, --expect-head or --anchor N:HEX",
                self.head.map_or("(none)".to_string(), |h| h.to_string())
            );
            Status::NotChecked
        } else {
            let problems = self.anchor_problems();
            if problems.is_empty() {
                Status::Pass
            } else {
                self.notes[Check::Anchor] = problems.join("; ");
                Status::Fail
            }
        }
    }

    /// Each check's counts, status and note, in order.
    fn check_results(
        &mut self,
        records: u64,
        closing_status: Status,
        anchor_status: Status,
    ) -> Vec<CheckResult> {
        let mut checks = Vec::new();
        for check in Check::ALL {
            let c = self.counts[check];
            let status = match check {
                Check::Closing => closing_status,
                Check::Anchor => anchor_status,
                _ if c.failed > 0 => Status::Fail,
                _ if c.passed == 0 && c.not_checked > 0 => Status::NotChecked,
                _ if c.passed == 0 && records == 0 => Status::NotChecked,
                _ => Status::Pass,
            };
            checks.push(CheckResult {
                number: check.number(),
                name: check.name(),
                status,
                passed: c.passed,
                failed: c.failed,
                not_checked: c.not_checked,
                note: std::mem::take(&mut self.notes[check]),
            });
        }
        checks
    }

    /// Whether the log is verified, and the verdict's words: "verified" only when every
    /// check passed and the session was closed.
    fn verdict(
        &self,
        checks: &[CheckResult],
        records: u64,
        anchor_status: Status,
    ) -> (bool, String) {
        let closed = self.closed_at.is_some();
        let closing_status = checks
            .iter()
            .find(|c| c.number == Check::Closing.number())
            .map_or(Status::NotChecked, |c| c.status);
        let hard_fail = checks
            .iter()
            .any(|c| c.status == Status::Fail && c.number != Check::Closing.number());
        let verified = !hard_fail && closing_status == Status::Pass && records > 0;
        let total_findings = self.findings.len() as u64 + self.omitted;
        let verdict = if verified {
            "verified".to_string()
        } else if records == 0 {
            "not verified: the log is empty".to_string()
        } else if !hard_fail && !closed && total_findings == 0 {
            "not verified: session not closed".to_string()
        } else {
            let anchor_findings = self
                .findings
                .iter()
                .any(|f| f.check == Check::Anchor.number());
            let n = total_findings + u64::from(anchor_status == Status::Fail && !anchor_findings);
            format!("not verified: {n} problem(s) found; the log may have been altered")
        };
        (verified, verdict)
    }
}
