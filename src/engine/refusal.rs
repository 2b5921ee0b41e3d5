//! Why the engine refuses an action or event: each refusal says what to do.

use crate::event::Attendance;

/// Why an action or event was refused. The state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the session is closed; nothing more can be recorded")]
    SessionClosed,
    #[error("the log must start with the session binding")]
    NotBound,
    #[error("the session is already bound")]
    AlreadyBound,
    #[error("the binding does not match the session definition: {0}")]
    BindingMismatch(String),
    #[error("seat {0} is not on the roster")]
    UnknownSeat(u32),
    #[error("deputy at seat {seat} is already {word}", seat = .0, word = .1.words_en())]
    AttendanceUnchanged(u32, Attendance),
    #[error("attendance cannot change while item \"{0}\" is open; close it first")]
    AttendanceLocked(String),
    #[error("no item \"{0}\" on the agenda")]
    UnknownItem(String),
    #[error("item \"{0}\" is not open")]
    ItemNotOpen(String),
    #[error("item \"{0}\" is already open; close it before opening \"{1}\"")]
    AnotherItemOpen(String, String),
    #[error("item \"{0}\" has already been opened")]
    AlreadyOpened(String),
    #[error(
        "no quorum: {present} present of {seated} seated; {short} more deputies must be present"
    )]
    NoQuorum {
        present: u32,
        seated: u32,
        short: u32,
    },
    #[error("ballots issued must equal deputies present ({expected}), not {got}")]
    WrongIssued { expected: u32, got: u32 },
    #[error("ballot number {got} is out of sequence; the next is {expected}")]
    BallotNumber { expected: u32, got: u32 },
    #[error("a secret ballot must not name a deputy")]
    SecretNamed,
    #[error("a named ballot must give the deputy's seat")]
    NamedWithoutSeat,
    #[error("deputy at seat {0} is not checked in")]
    NotPresent(u32),
    #[error(
        "deputy at seat {0} has already voted on this item; void that ballot first to correct it"
    )]
    AlreadyVoted(u32),
    #[error("the ballot does not fit this item: {0}")]
    BadMarks(String),
    #[error("no recorded ballot {1} on item \"{0}\"")]
    UnknownBallot(String, u32),
    #[error("ballot {1} on item \"{0}\" is already voided")]
    AlreadyVoided(String, u32),
    #[error("a correction needs a reason")]
    NoReason,
    #[error("entry {0} cannot be keyed again: {1}")]
    Rekey(u32, String),
    #[error("item \"{0}\" is not closed")]
    NotClosed(String),
    #[error("item \"{0}\" is already declared; a declared result is never changed")]
    AlreadyDeclared(String),
    #[error(
        "the declared result of \"{item}\" differs from the count: declared {declared}, counted {counted}"
    )]
    OutcomeMismatch {
        item: String,
        declared: String,
        counted: String,
    },
    #[error("item \"{0}\" needs no further round")]
    NoFurtherRoundNeeded(String),
    #[error("a further round of \"{0}\" is already open as \"{1}\"")]
    FurtherRoundExists(String, String),
    #[error("the further round does not match what item \"{0}\" needs: {1}")]
    RoundMismatch(String, String),
    #[error("item \"{0}\" is open; close and declare it before closing the session")]
    ItemStillOpen(String),
    #[error("item \"{0}\" is closed but not declared; declare it before closing the session")]
    UndeclaredItem(String),
    #[error("a batch must hold at least one record and cannot start inside another batch")]
    BatchMisplaced,
    #[error(
        "an import note must open its batch and announce every record after it: the batch has {in_batch} more record(s), the note says {announced} ballot(s)"
    )]
    ImportExtent { announced: u32, in_batch: u32 },
    #[error("{left} imported ballot(s) of item \"{item}\" must follow before anything else")]
    ImportInterrupted { item: String, left: u32 },
    #[error(
        "a counting station records only this box's ballots and corrections, then closes the box"
    )]
    NotAtStation,
    #[error("a station log's record ({0}) cannot be in a session log")]
    StationRecord(&'static str),
    #[error("box \"{1}\" of item \"{0}\" is already imported; a box counts once")]
    BoxAlreadyImported(String, String),
    #[error(
        "box \"{0}\" was entered twice by the same teller ({1}); double entry needs two tellers"
    )]
    SameTeller(String, String),
    #[error("box \"{0}\": {1}")]
    BoxNote(String, String),
    #[error("the boxes of \"{0}\" cannot be sealed: {1}")]
    SealRefused(String, String),
    #[error(
        "\"{0}\" is counted in ballot boxes: record its boxes and the ballots collected in the hall first (boxes_sealed)"
    )]
    BoxesNotSealed(String),
    #[error(
        "box \"{1}\" is not one of the boxes sealed for \"{0}\" ({2}); a box is imported under its sealed label"
    )]
    UnknownBox(String, String, String),
    #[error(
        "\"{0}\" is counted in its sealed boxes: its ballots come only from them, and are corrected at the station"
    )]
    SealedRound(String),
    #[error(
        "the boxes of \"{item}\" hold {counted} ballot(s) for {collected} collected in the hall{}; that needs the scrutineers' recorded decision before the round closes",
        missing_words(.missing)
    )]
    BoxesUnreconciled {
        item: String,
        counted: u32,
        collected: u32,
        /// Sealed boxes not imported.
        missing: Vec<String>,
    },
    #[error("the reconciliation of \"{0}\" does not answer its boxes: {1}")]
    ReconcileRefused(String, String),
    #[error("the closing record must say {expected} records and declared items {declared:?}")]
    ClosingMismatch {
        expected: u64,
        declared: Vec<String>,
    },
}

/// ", box(es) 2, 3 not imported", or nothing when every sealed box came in.
fn missing_words(missing: &[String]) -> String {
    if missing.is_empty() {
        String::new()
    } else {
        format!(", box(es) {} not imported", missing.join(", "))
    }
}
