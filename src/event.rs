//! The events a log records: what one record carries, and the types inside it (marks,
//! outcomes, the session binding). No behaviour beyond naming: the engine decides which
//! events are allowed, the log stores them, `decode` reads them. Both the engine and the log
//! use this module, so neither imports the other for its types.

use serde::{Deserialize, Serialize};

/// 赞成 / 反对 / 弃权 on one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    For,
    Against,
    Abstain,
}

/// What is marked on one ballot. Positions follow the round's candidate or subject order.
/// Decoded by `crate::decode` (tag first, no buffering).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Marks {
    /// Per-candidate form: one choice per candidate of the round.
    Choices { choices: Vec<Choice> },
    /// Tick-at-most-N form: the ticked candidate ids (more than N makes the ballot void).
    Ticks { ticked: Vec<String> },
    /// Election form: one choice per candidate of the round, and the other persons written
    /// in (另选他人), each name as written, normalised (Unicode NFC, spaces trimmed).
    Election {
        choices: Vec<Choice>,
        write_ins: Vec<String>,
    },
    /// Rating: one scale label (or 弃权 where offered) per subject of the item; "" for a
    /// subject left blank (not rated: counted under no label).
    Ratings { labels: Vec<String> },
    /// A paper ballot that cannot be read (废票): counted as returned, not valid.
    Spoiled,
    /// A ballot the scrutineers rule void for another reason (signed, marked with something
    /// other than the prescribed mark, …), with that reason: returned, not valid.
    Void { reason: String },
}

/// Why a further round of an item was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundReason {
    /// A tie across the last place: a further vote among the tied (Election Law art. 45).
    Tie,
    /// The vote was void (returned > issued) and is re-run (Election Law art. 44).
    VoidVote,
    /// Places left unfilled: a further vote (另行票决) among the rest.
    Unfilled,
}

/// 出席 state of a deputy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Absent,
    Present,
    OnLeave,
}

impl Attendance {
    /// In words, for messages (never the Rust name).
    pub fn words_en(self) -> &'static str {
        match self {
            Attendance::Absent => "absent",
            Attendance::Present => "present",
            Attendance::OnLeave => "on leave",
        }
    }
}

/// A declared result as written in the log; `verify` recomputes it from the ballots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Outcome {
    Vote {
        vote_valid: bool,
        adopted: Vec<String>,
        tied: Vec<String>,
        tied_places: u32,
        unfilled: u32,
    },
    Rating {
        vote_valid: bool,
        grades: Vec<SubjectGrade>,
    },
}

impl Outcome {
    pub fn vote_valid(&self) -> bool {
        match self {
            Outcome::Vote { vote_valid, .. } | Outcome::Rating { vote_valid, .. } => *vote_valid,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectGrade {
    pub subject: String,
    /// Tier grade; for a rate rule "met" / "not met" against its cut-off, or null.
    pub grade: Option<String>,
    /// Rate in tenths of a percent (875 = 87.5%), null when the base is 0.
    pub rate_permille: Option<u32>,
}

/// The binding of a log to its session definition: the first record of every log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub program_version: String,
    pub session_file: String,
    /// Plain SHA-256 of the session file's exact bytes (what `sha256sum` prints).
    pub session_sha256: String,
    pub session_text: String,
    pub roster_file: Option<String>,
    pub roster_sha256: Option<String>,
    /// The roster CSV's text when it is UTF-8.
    pub roster_text: Option<String>,
    /// The roster CSV's exact bytes in hex when it is not UTF-8 (e.g. GBK from a spreadsheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster_hex: Option<String>,
    pub items: Vec<BoundItem>,
    /// The parsed session as canonical JSON text (`session::Model`): every rule as data, so
    /// a recount in any language needs no RON parser.
    pub session_model: String,
    /// Plain SHA-256 of `session_model`'s UTF-8 bytes.
    pub session_model_sha256: String,
}

impl Binding {
    /// The roster CSV's exact bytes as embedded, if the session uses one.
    pub fn roster_bytes(&self) -> Option<Vec<u8>> {
        match (&self.roster_text, &self.roster_hex) {
            (Some(t), _) => Some(t.clone().into_bytes()),
            (None, Some(h)) => hex::decode(h).ok(),
            (None, None) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundItem {
    pub id: String,
    pub choices: Vec<String>,
}

/// One ballot box as imported from its counting stations: the box's label, each entry's
/// station log head, how two entries were compared and every decision the scrutineers
/// took, each with its reason. The same payload is the action and the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxNote {
    pub item: String,
    pub r#box: String,
    pub entries: Vec<BoxEntry>,
    pub comparison: Comparison,
    pub decisions: Vec<Decision>,
    /// For each entry, the scrutineer who read its station log's head against the box's
    /// signed count sheet at import, and found it the same.
    pub confirmed_by: Vec<String>,
    pub ballots: u32,
}

/// One event: exactly what one log record carries.
/// Decoded by `crate::decode` (tag first, no buffering).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// Boxed: the binding is large and occurs once; every other event stays small.
    SessionBound(Box<Binding>),
    CheckedIn {
        seat: u32,
    },
    MarkedOnLeave {
        seat: u32,
    },
    MarkedAbsent {
        seat: u32,
    },
    RoundOpened {
        item: String,
        from: String,
        round: u32,
        reason: RoundReason,
        candidates: Vec<String>,
        places: Option<u32>,
    },
    ItemOpened {
        item: String,
        issued: u32,
    },
    BallotRecorded {
        item: String,
        ballot: u32,
        /// Only on named items; a secret ballot never names a deputy.
        seat: Option<u32>,
        marks: Marks,
        /// The withdrawn entry this one keys again: the same paper, which keeps its number.
        #[serde(skip_serializing_if = "Option::is_none")]
        replaces: Option<u32>,
    },
    /// A correction: the entry of ballot `ballot` is withdrawn and no longer counted.
    BallotVoided {
        item: String,
        ballot: u32,
        reason: String,
    },
    /// The ballots that follow come from a keypad or scanner export (file name and SHA-256).
    BallotsImported {
        item: String,
        file: String,
        sha256: String,
        ballots: u32,
    },
    ItemClosed {
        item: String,
    },
    ResultDeclared {
        item: String,
        outcome: Outcome,
    },
    SessionResumed {},
    /// On resume, what was never acknowledged was moved to `side_file`: crash residue after
    /// the last newline, and the `batch_records` complete records of an unfinished batch.
    TailRepaired {
        bytes: u64,
        sha256: String,
        batch_records: u64,
        side_file: String,
    },
    SessionClosed {
        records: u64,
        declared: Vec<String>,
    },
    /// The `records` records that follow were written in one write and acknowledged as one:
    /// all of them are in the log or none is (an import, check-in of everyone, a resume).
    Batch {
        records: u32,
    },
    /// The ballots that follow are one ballot box's, keyed at counting stations. Opens its
    /// batch, like an import.
    BoxImported(BoxNote),
    /// The round is counted in ballot boxes: their labels, and the ballots collected in the
    /// hall (收回), counted before any box is opened. Recorded before the round's first
    /// ballot; from then on the round takes ballots only from these boxes.
    BoxesSealed {
        item: String,
        boxes: Vec<String>,
        collected: u32,
    },
    /// The scrutineers' decision that closes a round whose boxes do not add up: the
    /// ballots the boxes recorded, the hall's count, the sealed boxes never imported, and why.
    BoxesReconciled {
        item: String,
        counted: u32,
        collected: u32,
        missing: Vec<String>,
        reason: String,
    },
    /// First record of a station log (never in a session log): what it counts and the one
    /// round of the one session log it can be imported into.
    StationBound(Box<StationBinding>),
    /// Last record of a station log: the box is keyed. `ballots` live ballots; this is
    /// record number `records` of the station log.
    StationClosed {
        ballots: u32,
        records: u64,
    },
}

/// One station log's entry of a box, as imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxEntry {
    pub teller: String,
    /// Hash of the station log's last (closing) record.
    pub station_head: String,
    /// Records in the station log.
    pub station_records: u64,
    /// Live ballots the teller keyed.
    pub ballots: u32,
    /// Ballots counted by hand when the box was opened (票箱清点).
    pub hand_count: u32,
}

/// How the entries of a box were compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// One entry: nothing to compare.
    Single,
    /// Two entries compared ballot by ballot, in the order the stack was keyed.
    ByOrder,
    /// Two entries compared as multisets of readings: the order was lost or the counts differ.
    Multiset,
}

/// What one ballot says as keyed: the seat (named items only) and the marks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub seat: Option<u32>,
    pub marks: Marks,
}

/// A scrutineers' decision on a box, taken from the paper ballots before the box counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Decision {
    /// Ballot `ballot` (the number the station showed) was read differently by the two
    /// tellers; the paper says `decided`.
    Reading {
        ballot: u32,
        first: Reading,
        second: Reading,
        decided: Reading,
        reason: String,
    },
    /// The multisets of the two entries differ: after recounting the paper, entry `chosen`
    /// (1 or 2) is recorded.
    Entry { chosen: u32, reason: String },
    /// The box was entered once, not twice: the scrutineers say why (double entry is the
    /// rule; skipping it is their recorded decision).
    Single { reason: String },
    /// The keyed count of `teller`'s entry differs from the box's hand count.
    HandCount {
        teller: String,
        keyed: u32,
        hand_count: u32,
        reason: String,
    },
}

impl Decision {
    pub fn reason(&self) -> &str {
        match self {
            Decision::Reading { reason, .. }
            | Decision::Entry { reason, .. }
            | Decision::Single { reason }
            | Decision::HandCount { reason, .. } => reason,
        }
    }
}

/// The binding of a station log: the session log's identity (the hash of its first
/// record), the round's opening record, the box, the teller and the box's hand count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationBinding {
    pub session_log: String,
    /// Record number (1-based) and hash of the round's `item_opened` record.
    pub round_record: u64,
    pub round_hash: String,
    /// The round's id ("projects", "projects#2").
    pub item: String,
    pub title: String,
    /// Choice ids and names of the round, in ballot order (for the box's sheet).
    pub choices: Vec<(String, String)>,
    pub secret: bool,
    pub r#box: String,
    pub teller: String,
    pub hand_count: u32,
    /// The teller keeps the stack in the order keyed (false: the order was lost).
    pub order_kept: bool,
}

impl Event {
    /// The snake_case name of the event, as in the log.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::SessionBound(_) => "session_bound",
            Event::CheckedIn { .. } => "checked_in",
            Event::MarkedOnLeave { .. } => "marked_on_leave",
            Event::MarkedAbsent { .. } => "marked_absent",
            Event::RoundOpened { .. } => "round_opened",
            Event::ItemOpened { .. } => "item_opened",
            Event::BallotRecorded { .. } => "ballot_recorded",
            Event::BallotVoided { .. } => "ballot_voided",
            Event::BallotsImported { .. } => "ballots_imported",
            Event::ItemClosed { .. } => "item_closed",
            Event::ResultDeclared { .. } => "result_declared",
            Event::SessionResumed {} => "session_resumed",
            Event::TailRepaired { .. } => "tail_repaired",
            Event::SessionClosed { .. } => "session_closed",
            Event::Batch { .. } => "batch",
            Event::BoxImported { .. } => "box_imported",
            Event::BoxesSealed { .. } => "boxes_sealed",
            Event::BoxesReconciled { .. } => "boxes_reconciled",
            Event::StationBound(_) => "station_bound",
            Event::StationClosed { .. } => "station_closed",
        }
    }
}
