//! The layers over a screen, one file each: help, a question (confirm), corrections, a
//! reason, an import path, and the ballot boxes from counting stations. A layer takes keys
//! before the screen under it; like a screen it reads `Env` and answers through `Out`.
//! This module holds only what a layer is (`Layer`, data), so `env` can carry one without
//! importing any layer's logic; `field` is the text field every layer edits the same way.

pub mod boxes;
pub mod boxes_state;
pub mod confirm;
pub mod corrections;
pub mod field;
pub mod help;
pub mod import;
pub mod part;
pub mod reason;
pub mod seal;
pub mod write_in;

use crate::engine::Action;

/// A layer over the screen that takes keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    Help,
    Confirm {
        question: String,
        actions: Vec<Action>,
        /// More the question can show on request (`t`): a ballot's marks by candidate.
        detail: Option<String>,
        shown: bool,
    },
    /// A question whose yes records several batches, one per ballot box.
    ConfirmBoxes {
        question: String,
        batches: Vec<Vec<Action>>,
    },
    Corrections {
        selected: usize,
        /// Digits typed: jump to the ballot with that number.
        typed: String,
    },
    /// A reason typed: for withdrawing recorded ballot `ballot` (a correction), or, with
    /// no ballot, for the ballot being entered, void for another reason.
    Reason {
        ballot: Option<u32>,
        /// The named deputy whose ballot is void (named items; none on a secret item).
        seat: Option<u32>,
        input: String,
    },
    Search,
    /// The path of a keypad or scanner export to import into the open item, or of station
    /// logs (files or a folder) whose boxes are imported.
    ImportPath {
        input: String,
    },
    /// Boxes from counting stations, compared: every difference and hand-count mismatch
    /// waits for the scrutineers' decision before anything is recorded.
    Boxes(Box<boxes_state::BoxesLayer>),
    /// The round's boxes being sealed: their labels typed first, then the ballots
    /// collected in the hall.
    Seal {
        boxes: Option<Vec<String>>,
        input: String,
    },
    /// The scrutineers' reason for closing a round whose boxes do not add up.
    Reconcile {
        input: String,
    },
    /// A name written in on the election ballot being keyed, and what is asked about it.
    WriteIn {
        input: String,
        asked: Option<write_in::Asked>,
    },
    /// The reason for a decision on row `row` of the boxes layer.
    BoxReason {
        row: usize,
        answer: boxes_state::BoxAnswer,
        input: String,
    },
}
