//! Counting stations (计票台) and double entry: the station log of one ballot box keyed by
//! one teller, read and verified on its own; its binding checked against the round of the
//! session log it was made for; the comparison of two entries of a box; the batch that
//! imports a box; and the audit of imported boxes against their station logs
//! (`docs/counting-room.md`, `docs/log-format.md`). No terminal code here.
//!
//! A station log has the session log's line format. Its first record is `station_bound`,
//! whose `prev` is `genesis_prev(session_log)`; then `ballot_recorded` / `ballot_voided`
//! records of the bound round, numbered from 1 within the box; last `station_closed`.

use std::collections::HashMap;
use std::path::Path;

use crate::engine::{Action, State};
use crate::event::{
    BoxEntry, BoxNote, Comparison, Decision, Event, Marks, Reading, StationBinding,
};
use crate::log::{self, Hash};
use crate::session::Problem;

/// A station log, read and verified on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StationLog {
    /// The file's name, for messages.
    pub file: String,
    pub binding: StationBinding,
    /// The session id every record carries.
    pub session: String,
    /// The live ballots in keyed order, each with its paper's number as the station showed
    /// it (a ballot keyed again after a correction keeps the number of the paper).
    pub ballots: Vec<(u32, Reading)>,
    /// Entries withdrawn at the station (the paper's number, reason).
    pub voided: Vec<(u32, String)>,
    pub records: u64,
    /// Hash of the last record.
    pub head: String,
    pub closed: bool,
    /// Time of the first and the last record.
    pub started: String,
    pub ended: String,
}

impl StationLog {
    /// This log's entry of its box, as the import records it.
    pub fn entry(&self) -> BoxEntry {
        BoxEntry {
            teller: self.binding.teller.clone(),
            station_head: self.head.clone(),
            station_records: self.records,
            ballots: self.ballots.len() as u32,
            hand_count: self.binding.hand_count,
        }
    }
}

fn problem(file: &str, line: Option<usize>, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        line,
        column: None,
        message,
    }
}

/// Whether `bytes` look like a station log (its first record is a station binding).
pub fn is_station_log(bytes: &[u8]) -> bool {
    const TAG: &[u8] = b"\"event\":{\"type\":\"station_bound\"";
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    first.len() > 66 && first[65..].windows(TAG.len()).any(|w| w == TAG)
}

/// Whether the file at `path` is a station log, from its first 8 KiB (its first line holds
/// the binding's type early on). Unreadable files are not.
pub fn is_station_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(8192).read_to_end(&mut head))
        .is_ok_and(|_| is_station_log(&head))
}

/// Read a station file and verify it on its own: framing, numbering, hash chain from its
/// binding, and that it holds only the bound round's ballots. An unclosed log reads (to
/// resume or print it); `import` refuses it.
pub fn read_file(path: &Path) -> Result<StationLog, Problem> {
    let name = path.display().to_string();
    let bytes = crate::limits::read_capped(path, crate::limits::IMPORT_BYTES)
        .map_err(|e| problem(&name, None, format!("cannot read the station log: {e}")))?;
    read(&name, &bytes)
}

/// `read_file` on bytes already read.
pub fn read(file: &str, bytes: &[u8]) -> Result<StationLog, Problem> {
    let scan = log::scan(bytes);
    if let Some(t) = &scan.torn_tail {
        return Err(problem(
            file,
            Some(scan.lines.len() + 1),
            format!(
                "the station log ends in an unfinished record ({} bytes after the last line): the station stopped while writing. Start the station again on this file to set it aside",
                t.bytes
            ),
        ));
    }
    let mut out: Option<StationLog> = None;
    let mut prev: Option<Hash> = None;
    // Every entry keyed, withdrawn or not, numbered by paper as the engine numbers them;
    // the entry numbers of the live ballots, in order.
    let mut entries: Vec<crate::round::Ballot> = Vec::new();
    let mut papers = crate::round::Papers::default();
    let mut live: Vec<u32> = Vec::new();
    for (index, line) in scan.lines.iter().enumerate() {
        let at = Some(line.number);
        let bad = |m: String| Err(problem(file, at, m));
        let record = match &line.record {
            Ok(r) => r,
            Err(e) => return bad(format!("unreadable record: {e}")),
        };
        if line.crlf {
            return bad("the line ends in CR LF: the file was converted; use the original".into());
        }
        if record.stated_hash != record.computed_hash {
            return bad(
                "the record's hash does not match its content: the station log was changed after it was written".into(),
            );
        }
        let body = &record.body;
        if body.seq != index as u64 {
            return bad(format!("record number {} where {index} belongs", body.seq));
        }
        let Some(log) = out.as_mut() else {
            let Event::StationBound(b) = &body.event else {
                return bad(format!(
                    "the first record is `{}`, not `station_bound`: this is not a station log",
                    body.event.kind()
                ));
            };
            if !body.prev.eq(&log::genesis_prev(&b.session_log)) {
                return bad("the first record's prev does not follow from its binding".into());
            }
            if *body.operator != *b.teller {
                return bad("the record's operator is not the bound teller".into());
            }
            out = Some(StationLog {
                file: file.to_string(),
                binding: (**b).clone(),
                session: body.session.to_string(),
                ballots: Vec::new(),
                voided: Vec::new(),
                records: 1,
                head: record.computed_hash.to_string(),
                closed: false,
                started: body.time.clone(),
                ended: body.time.clone(),
            });
            prev = Some(record.computed_hash);
            continue;
        };
        if prev.is_none_or(|p| !p.is(&body.prev)) {
            return bad(
                "the hash chain breaks here: a record was removed, added or changed".into(),
            );
        }
        if *body.session != *log.session || *body.operator != *log.binding.teller {
            return bad("the record's session or teller differs from the binding".into());
        }
        if log.closed {
            return bad("a record follows the closing record".into());
        }
        let keyed = entries.len();
        match &body.event {
            Event::BallotRecorded {
                item,
                ballot,
                seat,
                marks,
                replaces,
            } if *item == log.binding.item => {
                if *ballot as usize != keyed + 1 {
                    return bad(format!("ballot {ballot} where {} belongs", keyed + 1));
                }
                if log.binding.secret && seat.is_some() {
                    return bad("a secret item's ballot names a seat".into());
                }
                let paper = match replaces {
                    Some(r) => match papers.rekey(&entries, *r, *seat) {
                        Ok(p) => p,
                        Err(why) => {
                            return bad(format!(
                                "entry {ballot} cannot key entry {r} again: {why}"
                            ));
                        }
                    },
                    None => papers.next(),
                };
                papers.keyed(paper, *replaces);
                entries.push(crate::round::Ballot {
                    number: *ballot,
                    paper,
                    replaces: *replaces,
                    seat: *seat,
                    marks: marks.clone(),
                    voided: None,
                });
                live.push(*ballot);
                log.ballots.push((
                    paper,
                    Reading {
                        seat: *seat,
                        marks: marks.clone(),
                    },
                ));
            }
            Event::BallotVoided {
                item,
                ballot,
                reason,
            } if *item == log.binding.item => {
                let Some(at) = live.iter().position(|n| n == ballot) else {
                    return bad(format!("ballot {ballot} is not a live ballot to void"));
                };
                if reason.trim().is_empty() {
                    return bad("a correction without a reason".into());
                }
                live.remove(at);
                if let Some(e) = entries.get_mut((*ballot as usize).wrapping_sub(1)) {
                    e.voided = Some(reason.clone());
                    papers.withdrawn(e.number, e.paper);
                }
                let (paper, _) = log.ballots.remove(at);
                log.voided.push((paper, reason.clone()));
            }
            Event::StationClosed { ballots, records } => {
                if *ballots as usize != log.ballots.len() || *records != index as u64 + 1 {
                    return bad(format!(
                        "the closing record says {ballots} ballots in {records} records; the log holds {} in {}",
                        log.ballots.len(),
                        index + 1
                    ));
                }
                log.closed = true;
            }
            other => {
                return bad(format!(
                    "`{}` has no place in the station log of round \"{}\"",
                    other.kind(),
                    log.binding.item
                ));
            }
        }
        log.records += 1;
        log.head = record.computed_hash.to_string();
        log.ended = body.time.clone();
        prev = Some(record.computed_hash);
    }
    out.ok_or_else(|| problem(file, None, "the station log is empty".into()))
}

/// `verify STATION_LOG`: the station log verified on its own (framing, chain from its
/// binding, numbering, only its round's ballots, its closing record) and one verdict. Its
/// agreement with the session log is `verify SESSION_LOG --stations DIR`.
pub struct StationVerdict {
    pub file: String,
    pub verified: bool,
    pub verdict: String,
    pub log: Option<StationLog>,
}

pub fn verify_file(path: &Path) -> StationVerdict {
    let read = read_file(path);
    let verdict = match &read {
        Ok(s) if s.closed => "verified: a closed station log, sound on its own".to_string(),
        Ok(_) => {
            "not verified: the station log is not closed (the box was not finished at the station)"
                .to_string()
        }
        Err(p) => format!("not verified: {p}"),
    };
    StationVerdict {
        file: path.display().to_string(),
        verified: matches!(&read, Ok(s) if s.closed),
        verdict,
        log: read.ok(),
    }
}

impl StationVerdict {
    /// Plain text: the verdict first, then what the log binds and holds.
    pub fn render(&self) -> String {
        let mut out = format!("result:  {}\nlog:     {}\n", self.verdict, self.file);
        if let Some(s) = &self.log {
            let b = &s.binding;
            out.push_str(&format!(
                "station log of box \"{}\", teller {}, round \"{}\" (its opening is record {} of session log {})\nballots: {} live, {} withdrawn at the station; hand count {}\nrecords: {}\nhead:    {}\nTo check it against the session log: votedesk verify SESSION_LOG --stations FOLDER_OF_STATION_LOGS\n",
                b.r#box,
                b.teller,
                b.item,
                b.round_record,
                b.session_log,
                s.ballots.len(),
                s.voided.len(),
                b.hand_count,
                s.records,
                s.head
            ));
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        let station = self.log.as_ref().map(|s| {
            serde_json::json!({
                "box": s.binding.r#box,
                "teller": s.binding.teller,
                "item": s.binding.item,
                "session_log": s.binding.session_log,
                "round_record": s.binding.round_record,
                "ballots": s.ballots.len(),
                "withdrawn": s.voided.len(),
                "hand_count": s.binding.hand_count,
                "records": s.records,
                "head": s.head,
                "closed": s.closed,
            })
        });
        serde_json::json!({
            "verified": self.verified,
            "verdict": self.verdict,
            "station": station,
        })
    }
}

/// What a station log must match in the session log it is imported into.
pub struct Target<'a> {
    pub state: &'a State,
    /// Hash of the session log's first record.
    pub identity: &'a str,
    /// Record number and hash of each round's opening record.
    pub opened_at: &'a HashMap<String, (u64, String)>,
}

/// Why a station log cannot be imported into this round of this session log.
pub fn binding_problem(log: &StationLog, target: &Target) -> Option<String> {
    let b = &log.binding;
    let st = target.state;
    if log.session != st.session.id || b.session_log != target.identity {
        return Some(format!(
            "it was made from another session log (session \"{}\", log {}…); a station log imports only into the log it was copied from",
            log.session,
            b.session_log.get(..12).unwrap_or(&b.session_log)
        ));
    }
    let Some(round) = st.item(&b.item) else {
        return Some(format!("its round \"{}\" is not in this session", b.item));
    };
    match target.opened_at.get(&b.item) {
        Some((n, h)) if *n == b.round_record && *h == b.round_hash => {}
        _ => {
            return Some(format!(
                "it binds record {} as the opening of round \"{}\", which this log does not hold",
                b.round_record, b.item
            ));
        }
    }
    let open = st.open.map(|i| st.items[i].id.as_str());
    if open != Some(round.id.as_str()) {
        return Some(match open {
            Some(o) => format!(
                "it counts round \"{}\" but round \"{o}\" is open; a station imports only into its own round, while it is open",
                b.item
            ),
            None => format!(
                "it counts round \"{}\", which is not open; boxes are imported before voting on it is closed",
                b.item
            ),
        });
    }
    if !log.closed {
        return Some(
            "it is not closed: the teller has not finished the box (close it at the station with c)".into(),
        );
    }
    None
}

/// One difference between the two entries of a box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// Ballot `ballot` (the number the station showed) was read differently.
    Reading {
        ballot: u32,
        first: Reading,
        second: Reading,
    },
    /// Compared as multisets: this reading was keyed `first` times by the first teller and
    /// `second` times by the second.
    Count {
        reading: Reading,
        first: u32,
        second: u32,
    },
}

/// Why two entries of a box are compared as totals of readings rather than ballot by ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalsBecause {
    /// A teller recorded that the stack's order was lost (`--order-lost`).
    OrderLost,
    /// The entries hold different numbers of live ballots.
    Counts(u32, u32),
    /// The station numbers of the live ballots differ (a teller withdrew a ballot and keyed
    /// it again under a new number): the numbers only in the first entry, only in the second.
    Numbers(Vec<u32>, Vec<u32>),
}

impl TotalsBecause {
    pub fn words(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Zh};
        let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (TotalsBecause::OrderLost, Zh) => "计票员记录了票序已乱".into(),
            (TotalsBecause::OrderLost, En) => {
                "a teller recorded that the stack's order was lost".into()
            }
            (TotalsBecause::Counts(a, b), Zh) => {
                format!("两次录入分别为 {a} 张和 {b} 张，票号对不上")
            }
            (TotalsBecause::Counts(a, b), En) => {
                format!("the entries hold {a} and {b} ballots, so ballot numbers do not line up")
            }
            (TotalsBecause::Numbers(a, b), Zh) => format!(
                "两次录入的票号不同（仅第一次有：{}；仅第二次有：{}），有选票作废后重录",
                list(a),
                list(b)
            ),
            (TotalsBecause::Numbers(a, b), En) => format!(
                "the entries' ballot numbers differ (only in the first: {}; only in the second: {}): a ballot was withdrawn and keyed again",
                list(a),
                list(b)
            ),
        }
    }
}

/// A box ready to import: its entries, their comparison and what needs a decision.
#[derive(Debug, Clone)]
pub struct BoxPlan {
    pub item: String,
    pub r#box: String,
    /// One or two entries, in the order given.
    pub entries: Vec<StationLog>,
    pub comparison: Comparison,
    /// Why the entries were compared as totals, when they were.
    pub multiset_because: Option<TotalsBecause>,
    pub differences: Vec<Difference>,
    /// Entries whose keyed count differs from the box's hand count: (teller, keyed, hand).
    pub hand_count: Vec<(String, u32, u32)>,
}

/// The scrutineers' answers for one box.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// Ballot number → the reading the paper shows, and why.
    pub readings: HashMap<u32, (Reading, String)>,
    /// Multiset comparison with differences: the entry (1 or 2) recorded, and why.
    pub entry: Option<(u32, String)>,
    /// Why the keyed count stands although it differs from the hand count.
    pub hand_count: Option<String>,
    /// Why a box entered once is recorded without its second entry.
    pub single: Option<String>,
    /// Per entry (0-based): the head as read from the box's signed count sheet (at least its
    /// first 8 hex digits) and the scrutineer who read it.
    pub heads: HashMap<usize, (String, String)>,
}

/// A station log head in groups of four, for reading aloud against the signed sheet.
pub fn head_groups(head: &str) -> String {
    head.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

impl BoxPlan {
    /// Every entry's head as the signed sheets give it, read by `by`: what a rehearsal's
    /// scrutineers (and the tests) answer when the sheets are the station logs' own.
    pub fn heads_read(&self, by: &str) -> HashMap<usize, (String, String)> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, (e.head.clone(), by.to_string())))
            .collect()
    }

    /// Whether the box can be recorded without any decision.
    pub fn clean(&self) -> bool {
        self.differences.is_empty()
            && self.hand_count.is_empty()
            && self.comparison != Comparison::Single
    }

    /// Whether the scrutineers must choose a whole entry (compared as totals, they differ).
    pub fn needs_entry(&self) -> bool {
        self.comparison == Comparison::Multiset && !self.differences.is_empty()
    }

    /// The entry recorded under these answers (1 or 2; 1 unless an entry was chosen).
    pub fn chosen(&self, answers: &Answers) -> u32 {
        match &answers.entry {
            Some((c, _)) if self.needs_entry() => *c,
            _ => 1,
        }
    }

    /// The hand-count mismatch the recorded entry leaves, if any: (teller, keyed, hand).
    /// Only the entry that is recorded matters; a rejected entry's count asks nothing.
    pub fn hand_count_due(&self, chosen: u32) -> Option<(String, u32, u32)> {
        let e = self.entries.get((chosen as usize).wrapping_sub(1))?;
        let keyed = e.ballots.len() as u32;
        (keyed != e.binding.hand_count)
            .then(|| (e.binding.teller.clone(), keyed, e.binding.hand_count))
    }

    /// The batch that records this box with these answers, or what is still to decide.
    /// It carries exactly one decision for each difference and mismatch, and no other:
    /// an answer that nothing asked for is left out.
    pub fn actions(&self, answers: &Answers) -> Result<Vec<Action>, String> {
        // Each station log is the one its table signed: its head as read from the signed
        // count sheet, and who read it.
        let mut confirmed_by = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let teller = &e.binding.teller;
            let Some((typed, by)) = answers.heads.get(&i) else {
                return Err(format!(
                    "box \"{}\": confirm the head of {teller}'s station log against the box's signed count sheet (its first 8 hex digits or more, and the scrutineer's name)",
                    self.r#box
                ));
            };
            let typed: String = typed
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if typed.len() < 8 || !typed.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(format!(
                    "box \"{}\", {teller}: give at least the first 8 hex digits of the head on the signed count sheet",
                    self.r#box
                ));
            }
            if !e.head.starts_with(&typed) {
                return Err(format!(
                    "box \"{}\", {teller}: the head on the signed count sheet ({typed}) is not this station log's: it is not the log the table signed; do not import it, and have the box keyed again",
                    self.r#box
                ));
            }
            if by.trim().is_empty() {
                return Err(format!(
                    "box \"{}\", {teller}: the name of the scrutineer who read the head is needed",
                    self.r#box
                ));
            }
            confirmed_by.push(by.trim().to_string());
        }
        let mut decisions = Vec::new();
        let mut chosen = 1u32;
        if self.comparison == Comparison::Single {
            let reason = answers.single.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                return Err(format!(
                    "box \"{}\" was entered once ({}): double entry is the rule; the scrutineers record why this box counts from one entry, or it is keyed a second time",
                    self.r#box,
                    self.entries
                        .first()
                        .map_or("", |e| e.binding.teller.as_str())
                ));
            }
            decisions.push(Decision::Single {
                reason: reason.to_string(),
            });
        }
        if self.needs_entry() {
            let Some((entry, reason)) = &answers.entry else {
                return Err(format!(
                    "box \"{}\": the two entries differ; the scrutineers recount the paper and choose the entry that is right (1 or 2)",
                    self.r#box
                ));
            };
            if !(1..=2).contains(entry) || reason.trim().is_empty() {
                return Err(format!(
                    "box \"{}\": choose entry 1 or 2 and give the reason",
                    self.r#box
                ));
            }
            chosen = *entry;
            decisions.push(Decision::Entry {
                chosen,
                reason: reason.trim().to_string(),
            });
        }
        let entry = &self.entries[(chosen - 1) as usize];
        let mut ballots: Vec<Reading> = entry.ballots.iter().map(|(_, r)| r.clone()).collect();
        for d in &self.differences {
            if let Difference::Reading {
                ballot,
                first,
                second,
            } = d
            {
                let Some((decided, reason)) = answers.readings.get(ballot) else {
                    return Err(format!(
                        "box \"{}\", ballot {ballot}: the two readings differ; decide it from the paper ballot",
                        self.r#box
                    ));
                };
                if reason.trim().is_empty() {
                    return Err(format!(
                        "box \"{}\", ballot {ballot}: a decision needs its reason",
                        self.r#box
                    ));
                }
                // By the station's number, not by position among live ballots.
                if let Some(k) = entry.ballots.iter().position(|(n, _)| n == ballot) {
                    ballots[k] = decided.clone();
                }
                decisions.push(Decision::Reading {
                    ballot: *ballot,
                    first: first.clone(),
                    second: second.clone(),
                    decided: decided.clone(),
                    reason: reason.trim().to_string(),
                });
            }
        }
        if let Some((teller, keyed, hand)) = self.hand_count_due(chosen) {
            let reason = answers.hand_count.as_deref().map(str::trim).unwrap_or("");
            if reason.is_empty() {
                return Err(format!(
                    "box \"{}\": {teller} keyed {keyed} ballot(s) but {hand} were counted by hand; recount the box and record why the keyed count stands",
                    self.r#box
                ));
            }
            decisions.push(Decision::HandCount {
                teller,
                keyed,
                hand_count: hand,
                reason: reason.to_string(),
            });
        }
        let mut actions = Vec::with_capacity(ballots.len() + 1);
        actions.push(Action::NoteBox(BoxNote {
            item: self.item.clone(),
            r#box: self.r#box.clone(),
            entries: self.entries.iter().map(StationLog::entry).collect(),
            comparison: self.comparison,
            decisions,
            confirmed_by,
            ballots: ballots.len() as u32,
        }));
        actions.extend(ballots.into_iter().map(|r| Action::RecordBallot {
            item: self.item.clone(),
            seat: r.seat,
            marks: r.marks,
        }));
        Ok(actions)
    }
}

/// Compare two entries of one box: ballot by ballot, paired by the number the stations
/// showed, when both kept the stack's order and hold the same ballot numbers; else as
/// multisets of readings (and say why).
pub fn compare(
    a: &StationLog,
    b: &StationLog,
) -> (Comparison, Option<TotalsBecause>, Vec<Difference>) {
    // Paired by the papers' numbers: a paper keyed again at the end of the stack keeps its
    // number, and so its place.
    let numbers = |l: &StationLog| {
        let mut v = l.ballots.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        v.sort_unstable();
        v
    };
    let (na, nb) = (numbers(a), numbers(b));
    let why = if !a.binding.order_kept || !b.binding.order_kept {
        Some(TotalsBecause::OrderLost)
    } else if na.len() != nb.len() {
        Some(TotalsBecause::Counts(na.len() as u32, nb.len() as u32))
    } else if na != nb {
        Some(TotalsBecause::Numbers(
            na.iter().filter(|n| !nb.contains(n)).copied().collect(),
            nb.iter().filter(|n| !na.contains(n)).copied().collect(),
        ))
    } else {
        None
    };
    if why.is_none() {
        let by_number: HashMap<u32, &Reading> = b.ballots.iter().map(|(n, r)| (*n, r)).collect();
        let mut differences: Vec<Difference> = a
            .ballots
            .iter()
            .filter_map(|(n, x)| {
                let y = by_number.get(n)?;
                (x != *y).then(|| Difference::Reading {
                    ballot: *n,
                    first: x.clone(),
                    second: (*y).clone(),
                })
            })
            .collect();
        differences.sort_by_key(|d| match d {
            Difference::Reading { ballot, .. } => *ballot,
            _ => 0,
        });
        return (Comparison::ByOrder, None, differences);
    }
    let mut counts: HashMap<&Reading, (u32, u32)> = HashMap::new();
    for (_, r) in &a.ballots {
        counts.entry(r).or_default().0 += 1;
    }
    for (_, r) in &b.ballots {
        counts.entry(r).or_default().1 += 1;
    }
    let mut differences: Vec<(String, Difference)> = counts
        .into_iter()
        .filter(|(_, (x, y))| x != y)
        .map(|(r, (x, y))| {
            (
                serde_json::to_string(r).unwrap_or_default(),
                Difference::Count {
                    reading: r.clone(),
                    first: x,
                    second: y,
                },
            )
        })
        .collect();
    differences.sort_by(|x, y| x.0.cmp(&y.0));
    (
        Comparison::Multiset,
        why,
        differences.into_iter().map(|(_, d)| d).collect(),
    )
}

/// Group station logs by box, check each against the session log and compare the
/// entries. Anything that cannot be imported is refused whole, each problem naming its
/// file; nothing is partly planned.
pub fn plan(target: &Target, logs: Vec<StationLog>) -> Result<Vec<BoxPlan>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut boxes: Vec<(String, Vec<StationLog>)> = Vec::new();
    for log in logs {
        if let Some(why) = binding_problem(&log, target) {
            problems.push(problem(
                &log.file,
                None,
                format!("cannot be imported: {why}"),
            ));
            continue;
        }
        // One box by its key: "01" and "1" are the same box, and must be labelled alike.
        let key = crate::rules::box_key(&log.binding.r#box);
        match boxes
            .iter_mut()
            .find(|(b, _)| crate::rules::box_key(b) == key)
        {
            Some((b, _)) if *b != log.binding.r#box => problems.push(problem(
                &log.file,
                None,
                format!(
                    "cannot be imported: its box \"{}\" is box \"{b}\" of another station log written another way; label both entries of a box alike",
                    log.binding.r#box
                ),
            )),
            Some((_, v)) => v.push(log),
            None => boxes.push((log.binding.r#box.clone(), vec![log])),
        }
    }
    let mut plans = Vec::new();
    for (label, entries) in boxes {
        let round = &entries[0].binding.item;
        let imported = target.state.item(round).is_some_and(|r| {
            let key = crate::rules::box_key(&label);
            r.boxes.iter().any(|b| crate::rules::box_key(b) == key)
        });
        let files = entries
            .iter()
            .map(|e| e.file.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if imported {
            problems.push(problem(
                &files,
                None,
                format!(
                    "box \"{label}\" is already imported into round \"{round}\"; a box counts once"
                ),
            ));
            continue;
        }
        // The round knows its boxes: a label it did not seal is refused before any question.
        match target.state.item(round).map(|r| &r.sealed) {
            Some(None) => {
                problems.push(problem(
                    &files,
                    None,
                    format!(
                        "round \"{round}\" has no sealed boxes: record its boxes and the ballots collected in the hall first (console b, or votedesk seal)"
                    ),
                ));
                continue;
            }
            Some(Some(sealed)) => {
                let key = crate::rules::box_key(&label);
                if !sealed.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
                    problems.push(problem(
                        &files,
                        None,
                        format!(
                            "box \"{label}\" is not one of the boxes sealed for round \"{round}\" ({}); a box is imported under its sealed label",
                            sealed.boxes.join(", ")
                        ),
                    ));
                    continue;
                }
            }
            None => {}
        }
        if entries.len() > 2 {
            problems.push(problem(
                &files,
                None,
                format!(
                    "box \"{label}\" has {} entries; a box is entered once or twice (double entry)",
                    entries.len()
                ),
            ));
            continue;
        }
        if entries.len() == 2 && entries[0].binding.teller == entries[1].binding.teller {
            problems.push(problem(
                &files,
                None,
                format!(
                    "box \"{label}\" was entered twice by the same teller ({}); double entry needs two different tellers",
                    entries[0].binding.teller
                ),
            ));
            continue;
        }
        let (comparison, multiset_because, differences) = match entries.as_slice() {
            [a, b] => compare(a, b),
            _ => (Comparison::Single, None, Vec::new()),
        };
        let hand_count = entries
            .iter()
            .filter(|e| e.ballots.len() as u32 != e.binding.hand_count)
            .map(|e| {
                (
                    e.binding.teller.clone(),
                    e.ballots.len() as u32,
                    e.binding.hand_count,
                )
            })
            .collect();
        plans.push(BoxPlan {
            item: round.clone(),
            r#box: label,
            entries,
            comparison,
            multiset_because,
            differences,
            hand_count,
        });
    }
    if problems.is_empty() {
        Ok(plans)
    } else {
        Err(problems)
    }
}

/// Station logs named on the command line or typed at the console: a folder stands for
/// every station log in it (other files are skipped); each file must be a station log.
pub fn collect(paths: &[&Path]) -> Result<Vec<StationLog>, Vec<Problem>> {
    let mut logs = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<_> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    problems.push(problem(
                        &path.display().to_string(),
                        None,
                        format!("cannot list the folder: {e}"),
                    ));
                    continue;
                }
            };
            files.sort();
            for f in files.iter().filter(|f| f.is_file()) {
                if is_station_file(f) {
                    match read_file(f) {
                        Ok(l) => logs.push(l),
                        Err(p) => problems.push(p),
                    }
                }
            }
        } else {
            match read_file(path) {
                Ok(l) => logs.push(l),
                Err(p) => problems.push(p),
            }
        }
    }
    if problems.is_empty() {
        Ok(logs)
    } else {
        Err(problems)
    }
}

/// One box import found in a session log, with the ballots its batch recorded.
#[derive(Debug, Clone)]
pub struct ImportedBox {
    /// Record number (1-based) of the `box_imported` record.
    pub record: u64,
    pub item: String,
    pub r#box: String,
    pub entries: Vec<BoxEntry>,
    pub comparison: Comparison,
    pub decisions: Vec<Decision>,
    pub confirmed_by: Vec<String>,
    pub recorded: Vec<Reading>,
}

/// The box imports of a session log (its complete lines), each with its ballots.
pub fn imported_boxes(scan: &log::Scan) -> Vec<ImportedBox> {
    let mut out: Vec<ImportedBox> = Vec::new();
    let mut due = 0u32;
    for (index, line) in scan.lines.iter().enumerate() {
        let Ok(record) = &line.record else {
            continue;
        };
        match &record.body.event {
            Event::BoxImported(BoxNote {
                item,
                r#box,
                entries,
                comparison,
                decisions,
                confirmed_by,
                ballots,
            }) => {
                due = *ballots;
                out.push(ImportedBox {
                    record: index as u64 + 1,
                    item: item.clone(),
                    r#box: r#box.clone(),
                    entries: entries.clone(),
                    comparison: *comparison,
                    decisions: decisions.clone(),
                    confirmed_by: confirmed_by.clone(),
                    recorded: Vec::new(),
                });
            }
            Event::BallotRecorded { seat, marks, .. } if due > 0 => {
                due -= 1;
                if let Some(b) = out.last_mut() {
                    b.recorded.push(Reading {
                        seat: *seat,
                        marks: marks.clone(),
                    });
                }
            }
            _ => due = 0,
        }
    }
    out
}

/// What the audit of imported boxes against their station logs found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Audit {
    /// Boxes whose batch equals what their station logs and decisions give.
    pub boxes_checked: u64,
    pub station_logs: u64,
    pub problems: Vec<String>,
    /// Station logs of this session log that no import used (not a failure).
    pub not_imported: Vec<String>,
}

/// Check that every imported box equals its station logs exactly: the same entries (teller,
/// head, records, count, hand count), the same comparison and differences, a decision for
/// each difference and nothing else, and the recorded ballots those give.
pub fn audit(
    boxes: &[ImportedBox],
    stations: &[StationLog],
    identity: &str,
    opened_at: &HashMap<String, (u64, String)>,
) -> Audit {
    let mut audit = Audit {
        station_logs: stations.len() as u64,
        ..Audit::default()
    };
    let mut used = vec![false; stations.len()];
    for b in boxes {
        let at = format!(
            "record {} (box \"{}\" of \"{}\")",
            b.record, b.r#box, b.item
        );
        let mut logs = Vec::new();
        for e in &b.entries {
            match stations.iter().position(|s| s.head == e.station_head) {
                Some(i) => {
                    used[i] = true;
                    logs.push(stations[i].clone());
                }
                None => audit.problems.push(format!(
                    "{at}: the station log of {} (head {}) is not among the station logs given",
                    e.teller, e.station_head
                )),
            }
        }
        if logs.len() != b.entries.len() {
            continue;
        }
        let mut wrong = |m: String| audit.problems.push(format!("{at}: {m}"));
        let mut fine = true;
        for (log, e) in logs.iter().zip(&b.entries) {
            let bind = &log.binding;
            let opened = opened_at.get(&b.item);
            if bind.session_log != identity
                || bind.item != b.item
                || bind.r#box != b.r#box
                || opened != Some(&(bind.round_record, bind.round_hash.clone()))
            {
                wrong(format!(
                    "{} is bound to another session log, round or box",
                    log.file
                ));
                fine = false;
            }
            if !log.closed {
                wrong(format!("{} is not closed", log.file));
                fine = false;
            }
            if log.entry() != *e {
                wrong(format!(
                    "the entry recorded for {} differs from its station log {}",
                    e.teller, log.file
                ));
                fine = false;
            }
        }
        if !fine {
            continue;
        }
        let (comparison, _, differences) = match logs.as_slice() {
            [x, y] => compare(x, y),
            _ => (Comparison::Single, None, Vec::new()),
        };
        if comparison != b.comparison {
            wrong(format!(
                "recorded as compared {:?}; the station logs compare {comparison:?}",
                b.comparison
            ));
            continue;
        }
        // The decisions must answer exactly these differences: the batch the station logs
        // give under the recorded answers carries the same decisions, no more, no fewer.
        let mut answers = Answers {
            heads: b
                .entries
                .iter()
                .zip(&b.confirmed_by)
                .enumerate()
                .map(|(i, (e, by))| (i, (e.station_head.clone(), by.clone())))
                .collect(),
            ..Answers::default()
        };
        for d in &b.decisions {
            match d {
                Decision::Reading {
                    ballot,
                    first,
                    second,
                    decided,
                    reason,
                } => {
                    let real = differences.iter().any(|x| {
                        matches!(x, Difference::Reading { ballot: n, first: f, second: s }
                            if n == ballot && f == first && s == second)
                    });
                    if !real {
                        fine = false;
                    }
                    answers
                        .readings
                        .insert(*ballot, (decided.clone(), reason.clone()));
                }
                Decision::Entry { chosen, reason } => {
                    answers.entry = Some((*chosen, reason.clone()));
                }
                Decision::HandCount { reason, .. } => {
                    answers.hand_count = Some(reason.clone());
                }
                Decision::Single { reason } => {
                    answers.single = Some(reason.clone());
                }
            }
        }
        if !fine {
            let extra = b.decisions.iter().find(|d| {
                matches!(d, Decision::Reading { ballot, first, second, .. }
                    if !differences.iter().any(|x| matches!(x,
                        Difference::Reading { ballot: n, first: f, second: s }
                        if n == ballot && f == first && s == second)))
            });
            wrong(format!(
                "the decision {} answers no difference of the station logs; one decision for each difference and no other",
                extra
                    .map(|d| serde_json::to_string(d).unwrap_or_default())
                    .unwrap_or_default()
            ));
            continue;
        }
        let hand_count = logs
            .iter()
            .filter(|e| e.ballots.len() as u32 != e.binding.hand_count)
            .map(|e| {
                (
                    e.binding.teller.clone(),
                    e.ballots.len() as u32,
                    e.binding.hand_count,
                )
            })
            .collect();
        let plan = BoxPlan {
            item: b.item.clone(),
            r#box: b.r#box.clone(),
            entries: logs,
            comparison,
            multiset_because: None,
            differences,
            hand_count,
        };
        let (decisions, expected) = match plan.actions(&answers) {
            Ok(actions) => {
                let mut decisions = Vec::new();
                let mut ballots = Vec::new();
                for a in actions {
                    match a {
                        Action::RecordBallot { seat, marks, .. } => {
                            ballots.push(Reading { seat, marks })
                        }
                        Action::NoteBox(note) => decisions = note.decisions,
                        _ => {}
                    }
                }
                (decisions, ballots)
            }
            Err(m) => {
                wrong(m);
                continue;
            }
        };
        if decisions != b.decisions {
            let extra = b.decisions.iter().find(|d| !decisions.contains(d));
            wrong(match extra {
                Some(d) => format!(
                    "the decision {} answers no difference of the station logs; one decision for each difference and no other",
                    serde_json::to_string(d).unwrap_or_default()
                ),
                None => format!(
                    "the decisions recorded ({}) are not the ones the station logs' differences need ({})",
                    b.decisions.len(),
                    decisions.len()
                ),
            });
            continue;
        }
        if expected != b.recorded {
            let at_ballot = expected
                .iter()
                .zip(&b.recorded)
                .position(|(x, y)| x != y)
                .unwrap_or(expected.len().min(b.recorded.len()));
            wrong(format!(
                "the batch records {} ballot(s); the station logs and decisions give {}; first difference at the box's ballot {}",
                b.recorded.len(),
                expected.len(),
                at_ballot + 1
            ));
            continue;
        }
        audit.boxes_checked += 1;
    }
    for s in stations.iter().filter(|s| !s.closed) {
        audit.problems.push(format!(
            "{} (box \"{}\", {}) is not closed: every station log in the folder must end in its closing record; a box that was not finished is keyed again, and its unfinished log kept apart",
            s.file, s.binding.r#box, s.binding.teller
        ));
    }
    for (i, s) in stations.iter().enumerate() {
        if !used[i] && s.closed && s.binding.session_log == identity {
            audit.not_imported.push(format!(
                "{} (box \"{}\", {}, {} ballots)",
                s.file,
                s.binding.r#box,
                s.binding.teller,
                s.ballots.len()
            ));
        }
    }
    audit
}

/// Totals of one box as keyed, for its sheet: per choice, how often each mark occurs.
#[derive(Debug, Clone, Default)]
pub struct BoxTotals {
    pub ballots: u32,
    pub spoiled: u32,
    pub void: u32,
    /// Per choice position: (label, count) in first-seen order ("赞成"/"勾选"/scale label).
    pub per_choice: Vec<Vec<(String, u32)>>,
}

pub fn totals(log: &StationLog) -> BoxTotals {
    let n = log.binding.choices.len();
    let mut t = BoxTotals {
        per_choice: vec![Vec::new(); n],
        ..BoxTotals::default()
    };
    let mut add = |k: usize, label: &str| {
        if let Some(v) = t.per_choice.get_mut(k) {
            match v.iter_mut().find(|(l, _)| l == label) {
                Some((_, c)) => *c += 1,
                None => v.push((label.to_string(), 1)),
            }
        }
    };
    let mut spoiled = 0;
    let mut void = 0;
    for (_, r) in &log.ballots {
        match &r.marks {
            Marks::Choices { choices } => {
                for (k, c) in choices.iter().enumerate() {
                    let label = match c {
                        crate::event::Choice::For => "for",
                        crate::event::Choice::Against => "against",
                        crate::event::Choice::Abstain => "abstain",
                    };
                    add(k, label);
                }
            }
            Marks::Ticks { ticked } => {
                for id in ticked {
                    if let Some(k) = log.binding.choices.iter().position(|(c, _)| c == id) {
                        add(k, "tick");
                    }
                }
            }
            Marks::Ratings { labels } => {
                for (k, l) in labels.iter().enumerate() {
                    add(k, if l.is_empty() { "blank" } else { l });
                }
            }
            Marks::Spoiled => spoiled += 1,
            Marks::Void { .. } => void += 1,
        }
    }
    t.ballots = log.ballots.len() as u32;
    t.spoiled = spoiled;
    t.void = void;
    t
}

/// One mark of a reading in words: a candidate's or subject's mark.
fn mark_word(m: &Marks, k: usize, id: &str, lang: crate::lang::Lang) -> String {
    use crate::event::Choice;
    match m {
        Marks::Choices { choices } => match choices.get(k) {
            Some(Choice::For) => lang.t("赞成", "for").into(),
            Some(Choice::Against) => lang.t("反对", "against").into(),
            Some(Choice::Abstain) => lang.t("弃权", "abstain").into(),
            None => "?".into(),
        },
        Marks::Ticks { ticked } => {
            if ticked.iter().any(|t| t == id) {
                lang.t("勾选", "ticked").into()
            } else {
                lang.t("未勾选", "not ticked").into()
            }
        }
        Marks::Ratings { labels } => match labels.get(k).map(String::as_str) {
            Some("") => lang.t("未评", "blank").into(),
            Some(l) => l.to_string(),
            None => "?".into(),
        },
        Marks::Spoiled | Marks::Void { .. } => String::new(),
    }
}

/// A reading in words, every candidate (or subject) by its title: the scrutineers' list and
/// the sheet name what the paper shows, never an id.
pub fn describe(r: &Reading, choices: &[(String, String)], lang: crate::lang::Lang) -> String {
    let seat = r
        .seat
        .map(|s| {
            lang.t(&format!("座位 {s}："), &format!("seat {s}: "))
                .to_string()
        })
        .unwrap_or_default();
    let body = match &r.marks {
        Marks::Spoiled => lang.t("废票（无法辨认）", "spoiled").to_string(),
        Marks::Void { reason } => format!("{}（{reason}）", lang.t("无效票", "void")),
        Marks::Ticks { ticked } if ticked.is_empty() => lang
            .t("空白（未勾选）", "blank (nothing ticked)")
            .to_string(),
        Marks::Ticks { ticked } => format!(
            "{} {}",
            lang.t("勾选", "ticked"),
            ticked
                .iter()
                .map(|id| title_of(choices, id))
                .collect::<Vec<_>>()
                .join(lang.t("、", ", "))
        ),
        m => choices
            .iter()
            .enumerate()
            .map(|(k, (id, title))| format!("{title} {}", mark_word(m, k, id, lang)))
            .collect::<Vec<_>>()
            .join(" · "),
    };
    format!("{seat}{body}")
}

fn title_of<'a>(choices: &'a [(String, String)], id: &'a str) -> &'a str {
    choices
        .iter()
        .find(|(c, _)| c == id)
        .map_or(id, |(_, t)| t.as_str())
}

/// Where two readings of one ballot differ, each candidate by its title with both marks
/// ("项目丙：张三 赞成 ≠ 李四 反对"); a whole reading when the forms differ.
pub fn what_differs(
    first: &Reading,
    second: &Reading,
    tellers: (&str, &str),
    choices: &[(String, String)],
    lang: crate::lang::Lang,
) -> String {
    let (t1, t2) = tellers;
    let same_form = std::mem::discriminant(&first.marks) == std::mem::discriminant(&second.marks)
        && !matches!(first.marks, Marks::Spoiled | Marks::Void { .. })
        && first.seat == second.seat;
    if !same_form {
        return format!(
            "{t1}{} {} ≠ {t2}{} {}",
            lang.t("：", ":"),
            describe(first, choices, lang),
            lang.t("：", ":"),
            describe(second, choices, lang)
        );
    }
    choices
        .iter()
        .enumerate()
        .filter_map(|(k, (id, title))| {
            let (a, b) = (
                mark_word(&first.marks, k, id, lang),
                mark_word(&second.marks, k, id, lang),
            );
            (a != b).then(|| match lang {
                crate::lang::Lang::Zh => format!("【{title}】{t1} {a} ≠ {t2} {b}"),
                crate::lang::Lang::En => format!("{title}: {t1} {a} ≠ {t2} {b}"),
            })
        })
        .collect::<Vec<_>>()
        .join(lang.t("；", "; "))
}

/// Every difference of a plan in words, one line each: what the scrutineers look up.
pub fn difference_lines(plan: &BoxPlan, lang: crate::lang::Lang) -> Vec<String> {
    use crate::lang::Lang::{En, Zh};
    let choices = &plan.entries[0].binding.choices;
    let tellers: Vec<&str> = plan
        .entries
        .iter()
        .map(|e| e.binding.teller.as_str())
        .collect();
    let (t1, t2) = (tellers[0], tellers.get(1).copied().unwrap_or(""));
    let b = &plan.r#box;
    let mut out = Vec::new();
    if let Some(why) = &plan.multiset_because {
        let why = why.words(lang);
        out.push(match lang {
            Zh => format!("票箱 {b}：按票面读数汇总比对（{why}）"),
            En => format!("box {b}: compared as totals of readings ({why})"),
        });
    }
    for d in &plan.differences {
        out.push(match d {
            Difference::Reading {
                ballot,
                first,
                second,
            } => {
                let diff = what_differs(first, second, (t1, t2), choices, lang);
                match lang {
                    Zh => format!("票箱 {b} 第 {ballot} 张：{diff}"),
                    En => format!("box {b} ballot {ballot}: {diff}"),
                }
            }
            Difference::Count {
                reading,
                first,
                second,
            } => {
                let r = describe(reading, choices, lang);
                match lang {
                    Zh => format!("票箱 {b}：{r} —— {t1} {first} 张，{t2} {second} 张"),
                    En => format!("box {b}: {r} — {t1} {first}, {t2} {second}"),
                }
            }
        });
    }
    for (teller, keyed, hand) in &plan.hand_count {
        out.push(match lang {
            Zh => format!("票箱 {b}：{teller} 录入 {keyed} 张，开箱手工清点为 {hand} 张"),
            En => format!(
                "box {b}: {teller} keyed {keyed} ballot(s); the box was counted at {hand} by hand"
            ),
        });
    }
    out
}

/// The reading a decision records, in words, and whose it is: what the scrutineers chose,
/// shown and printed beside their reason.
pub fn decided_words(
    decided: &Reading,
    first: &Reading,
    second: &Reading,
    tellers: (&str, &str),
    choices: &[(String, String)],
    lang: crate::lang::Lang,
) -> String {
    let whose = if decided == first {
        match lang {
            crate::lang::Lang::Zh => format!("按{}的读数", tellers.0),
            crate::lang::Lang::En => format!("{}'s reading", tellers.0),
        }
    } else if decided == second {
        match lang {
            crate::lang::Lang::Zh => format!("按{}的读数", tellers.1),
            crate::lang::Lang::En => format!("{}'s reading", tellers.1),
        }
    } else {
        lang.t("裁定", "ruled").to_string()
    };
    format!(
        "{whose}{}{}",
        lang.t("：", ": "),
        describe(decided, choices, lang)
    )
}

/// Ballots returned and issued after importing these boxes, when that would make returned
/// exceed issued (which voids the vote, Election Law art. 44): asked for, never silent.
/// Every box's batch once each box has all its answers; else, for each box still open, its
/// index and what it needs. The one step from answers to records, for the command line and
/// the console alike: nothing is recorded before every box is decidable.
pub fn batches(
    plans: &[BoxPlan],
    answers: &[Answers],
) -> Result<Vec<Vec<Action>>, Vec<(usize, String)>> {
    let mut done = Vec::new();
    let mut open = Vec::new();
    for (k, (plan, a)) in plans.iter().zip(answers).enumerate() {
        match plan.actions(a) {
            Ok(actions) => done.push(actions),
            Err(m) => open.push((k, m)),
        }
    }
    if open.is_empty() { Ok(done) } else { Err(open) }
}

pub fn excess(state: &State, plans: &[BoxPlan], answers: &[Answers]) -> Option<(u32, u32)> {
    let round = state.item(&plans.first()?.item)?;
    let adding: u32 = plans
        .iter()
        .zip(answers)
        .map(|(p, a)| {
            let chosen = a.entry.as_ref().map_or(1, |(c, _)| *c) as usize;
            p.entries
                .get(chosen.wrapping_sub(1))
                .map_or(0, |e| e.ballots.len() as u32)
        })
        .sum();
    let returned = round.live_ballots().count() as u32 + adding;
    crate::rules::vote_void(returned, round.issued).then_some((returned, round.issued))
}
