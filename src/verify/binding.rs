//! Check 4 (the session binding) and check 8 (anchors, the expected head and count).

use std::sync::Arc;

use super::*;
use crate::event::Binding;

impl Checker {
    pub(super) fn binding_missing(&mut self, at: &At) {
        self.count(Check::Binding, false);
        self.binding_failed = true;
        self.find(
            Check::Binding,
            at,
            "the first record is not the session binding".into(),
            Some("session_bound".into()),
            at.event.map(str::to_string),
        );
    }

    /// Check 4: the first record binds the session — the embedded files match their
    /// hashes, the model is the one the embedded session parses to, and the session given
    /// (if any) is that one. It also starts the chain and the replay.
    pub(super) fn check_binding(&mut self, at: &At, record: &log::Record) {
        let Event::SessionBound(b) = &record.body.event else {
            self.binding_missing(at);
            self.broken_at(0);
            return;
        };
        self.lines.start_chain(&b.session_sha256);
        self.model_sha256 = Some(b.session_model_sha256.clone());
        let mut problems = embedded_problems(b);
        problems.extend(self.given_problems(b));
        let src = SourceFiles {
            session_name: b.session_file.clone(),
            session_bytes: b.session_text.clone().into_bytes(),
            roster: match (&b.roster_file, b.roster_bytes()) {
                (Some(n), Some(bytes)) => Some((n.clone(), bytes)),
                _ => None,
            },
        };
        let mut loaded = None;
        match session::load_embedded(src.clone()) {
            Ok(l) => {
                let model = l.session.model_json();
                if model != b.session_model {
                    problems.push((
                        "the embedded session model is not what the embedded session file parses to".into(),
                        format!("{} bytes, sha256 {}", model.len(), log::sha256_hex(model.as_bytes())),
                        format!("{} bytes, sha256 {}", b.session_model.len(), b.session_model_sha256),
                    ));
                }
                loaded = Some(l);
            }
            Err(e) => problems.push((
                format!(
                    "the session copy inside the log does not load, so the log was not written by votedesk or its first record was altered: {e}"
                ),
                "a session file that loads".into(),
                b.session_file.clone(),
            )),
        }
        self.sources = Some(src);
        if let Some(l) = &loaded {
            self.session_id = Some(l.session.id.clone());
        }
        if problems.is_empty() {
            self.count(Check::Binding, true);
            self.state = loaded.map(|l| State::new(Arc::new(l.session)));
        } else {
            self.count(Check::Binding, false);
            self.binding_failed = true;
            self.broken_at(0);
            for (p, e, f) in problems {
                self.find(Check::Binding, at, p, Some(e), Some(f));
            }
        }
    }

    /// Check 8, per record: each anchor for this record number holds its hash.
    pub(super) fn check_anchors(&mut self, at: &At, index: u64, record: Option<&log::Record>) {
        let n = index + 1;
        if let (Some(r), Some(h)) = (record, &self.opts.expect_head)
            && self.expect_head_at.is_none()
            && r.computed_hash.as_str().eq_ignore_ascii_case(h)
        {
            self.expect_head_at = Some(index);
        }
        for i in 0..self.opts.anchors.len() {
            if self.opts.anchors[i].0 != n {
                continue;
            }
            self.anchors_checked[i] = true;
            let h = self.opts.anchors[i].1.to_ascii_lowercase();
            match record {
                Some(r) if r.computed_hash.is(&h) => self.counts[Check::Anchor].passed += 1,
                Some(r) => {
                    let problem = format!(
                        "anchor {n}: record {n} has hash {}, the anchor says {h}: the log was altered at or before record {n}",
                        r.computed_hash
                    );
                    self.counts[Check::Anchor].failed += 1;
                    self.find(
                        Check::Anchor,
                        at,
                        problem,
                        Some(h),
                        Some(r.computed_hash.to_string()),
                    );
                }
                None => {
                    self.counts[Check::Anchor].failed += 1;
                    self.find(
                        Check::Anchor,
                        at,
                        format!("anchor {n}: record {n} cannot be read"),
                        Some(h),
                        None,
                    );
                }
            }
        }
    }

    pub(super) fn anchor_problems(&self) -> Vec<String> {
        let records = self.records;
        let mut problems = Vec::new();
        match self.opts.expect_count {
            Some(n) if records < n => problems.push(format!(
                "truncated: the log has {records} records, the anchor says {n}; {} missing",
                n - records
            )),
            Some(n) if records > n => problems.push(format!(
                "the log has {records} records, the anchor says {n}: records were added after the anchor"
            )),
            _ => {}
        }
        if let Some(h) = &self.opts.expect_head
            && problems.is_empty()
        {
            let h = h.to_ascii_lowercase();
            if !self.head.is_some_and(|head| head.is(&h)) {
                problems.push(match self.expect_head_at {
                    Some(i) => format!(
                        "the expected head is record {}; {} records follow it",
                        i + 1,
                        records - i - 1
                    ),
                    None => format!(
                        "head differs: expected {h}, computed {}: the log was altered or forked",
                        self.head.map(|h| h.to_string()).unwrap_or_default()
                    ),
                });
            }
        }
        for (i, (n, h)) in self.opts.anchors.iter().enumerate() {
            if !self.anchors_checked[i] {
                problems.push(format!(
                    "anchor {n}: the log has only {records} records; record {n} is missing (truncated)"
                ));
            } else if self
                .findings
                .iter()
                .any(|f| f.check == Check::Anchor.number() && f.line as u64 == *n)
            {
                problems.push(format!("anchor {n}: record {n} differs from {h}"));
            }
        }
        problems
    }

    /// The session and roster given on the command line against those the log binds; the
    /// check's note says which was compared.
    fn given_problems(&mut self, b: &Binding) -> Vec<Problem> {
        let mut problems = Vec::new();
        if let Some(given) = &self.opts.session {
            let computed = log::sha256_hex(&given.sources.session_bytes);
            if computed != b.session_sha256 {
                problems.push((
                    format!(
                        "{GIVEN_SESSION} ({}) is not the one this log binds",
                        given.sources.session_name
                    ),
                    computed,
                    b.session_sha256.clone(),
                ));
            }
            let given_roster = given
                .sources
                .roster
                .as_ref()
                .map(|(_, bytes)| log::sha256_hex(bytes));
            if given_roster != b.roster_sha256 {
                problems.push((
                    format!("{GIVEN_ROSTER} is not the one this log binds"),
                    given_roster.unwrap_or_default(),
                    b.roster_sha256.clone().unwrap_or_default(),
                ));
            }
            self.notes[Check::Binding] = format!("bound to {}", given.sources.session_name);
        } else {
            self.notes[Check::Binding] =
                "embedded copy checked; give --session to compare with the file".into();
        }
        problems
    }
}

/// A binding problem: what is wrong, what was expected, what the log holds.
type Problem = (String, String, String);

/// The embedded files and model against the hashes the binding states.
fn embedded_problems(b: &Binding) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let text_hash = log::sha256_hex(b.session_text.as_bytes());
    if text_hash != b.session_sha256 {
        problems.push((
            "the embedded session text does not match session_sha256".into(),
            text_hash,
            b.session_sha256.clone(),
        ));
    }
    if let (Some(bytes), Some(h)) = (b.roster_bytes(), &b.roster_sha256) {
        let computed = log::sha256_hex(&bytes);
        if &computed != h {
            problems.push((
                "the embedded roster does not match roster_sha256".into(),
                computed,
                h.clone(),
            ));
        }
    }
    let model_hash = log::sha256_hex(b.session_model.as_bytes());
    if model_hash != b.session_model_sha256 {
        problems.push((
            "the embedded session model does not match session_model_sha256".into(),
            model_hash,
            b.session_model_sha256.clone(),
        ));
    }
    problems
}
