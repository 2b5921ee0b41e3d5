//! The key map's types: a key, a binding (its key, its label in both languages, its
//! command, whether it leads to a record), the contexts keys resolve in, and the policy
//! that filters them. Each screen and layer owns its own table of bindings; `app` gathers
//! them (`app::bindings`), and the footer, the help overlay and `resolve` all read them.

use ratatui::crossterm::event::KeyCode;

use crate::engine::Choice;
use crate::sentences::{self, Words};

pub use super::layers::boxes_state::BoxAnswer;

/// The context keys are resolved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Overview,
    Attendance,
    VoteSeat,
    VoteChoices,
    VoteTicks,
    VoteElection,
    VoteRatings,
    Results,
    /// The result of an election, and of one whose further election may take a longer list.
    ResultsElection,
    ResultsElectionMore,
    Help,
    Confirm,
    Corrections,
    Reason,
    Search,
    ImportPath,
    Boxes,
    BoxReason,
    Seal,
    Reconcile,
    /// A name being written in on an election ballot, and the question about its spelling.
    WriteIn,
    WriteInAsk,
    Stopped,
}

impl Ctx {
    /// Whether keys in this context go to the screen in front (the name filter typed over
    /// the attendance screen is its own), not to a layer over it.
    pub fn of_screen(self) -> bool {
        matches!(
            self,
            Ctx::Search
                | Ctx::Overview
                | Ctx::Attendance
                | Ctx::Results
                | Ctx::ResultsElection
                | Ctx::ResultsElectionMore
                | Ctx::VoteSeat
                | Ctx::VoteChoices
                | Ctx::VoteTicks
                | Ctx::VoteElection
                | Ctx::VoteRatings
        )
    }
}

impl Ctx {
    /// Whether this context is a text field: every key types, and Ctrl-C does not quit the
    /// console from it (a reason half typed is not lost to a stray key; Esc closes it).
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Ctx::Reason
                | Ctx::Search
                | Ctx::ImportPath
                | Ctx::BoxReason
                | Ctx::Seal
                | Ctx::Reconcile
                | Ctx::WriteIn
        )
    }
}

/// What a key means in a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Up,
    Down,
    PageUp,
    PageDown,
    Enter,
    Back,
    Help,
    Quit,
    Attendance,
    CloseItem,
    Declare,
    FurtherRound,
    CloseSession,
    OnLeave,
    Absent,
    Search,
    CheckInAll,
    Digit(u8),
    Text(char),
    Backspace,
    Mark(Choice),
    Toggle,
    Spoiled,
    VoidOther,
    Blank,
    Corrections,
    Import,
    /// Seal the open round's ballot boxes (labels and ballots collected).
    SealBoxes,
    Yes,
    No,
    /// On a box difference: the first teller's reading, the second's, void, keep the count.
    Answer(BoxAnswer),
    /// On an election ballot: write in another person (另选他人).
    WriteIn,
    /// In a name being written in: take the first name offered.
    Complete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Code(KeyCode),
    Digits,
    AnyText,
}

/// One line of the key map: the key, how help shows it, what it does, and whether it
/// leads to a record in the log (directly, or through the question or form it opens).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub label: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub cmd: Cmd,
    pub records: bool,
}

/// A key, its label in the footer, what it does (a sentence of the catalogue) and its command.
pub const fn b(key: Key, label: &'static str, words: Words, cmd: Cmd) -> Binding {
    Binding {
        key,
        label,
        zh: words.zh,
        en: words.en,
        cmd,
        records: false,
    }
}

impl Binding {
    /// What the key does, in both languages.
    pub fn words(&self) -> Words {
        Words {
            zh: self.zh,
            en: self.en,
        }
    }
}

/// A binding that records (see `Binding::records`).
pub const fn rec(b: Binding) -> Binding {
    Binding { records: true, ..b }
}

/// Enter, with what it does here.
pub const fn enter(words: Words) -> Binding {
    b(K(KeyCode::Enter), "Enter", words, Cmd::Enter)
}

/// Esc, with what it does here.
pub const fn esc(words: Words) -> Binding {
    b(K(KeyCode::Esc), "Esc", words, Cmd::Back)
}

/// ⌫, with what it does here.
pub const fn backspace(words: Words) -> Binding {
    b(K(KeyCode::Backspace), "⌫", words, Cmd::Backspace)
}

/// Digits typed, with what they are.
pub const fn digits(words: Words) -> Binding {
    b(Key::Digits, "0-9", words, Cmd::Digit(0))
}

/// When keys may act: a closed session takes no recording key, and a window too small to
/// show the screen takes none but quit. `keys` applies it, so the footer, the help and
/// `resolve` never offer or act on a key the policy refuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    pub closed: bool,
    pub too_small: bool,
    /// A counting station: only this box's ballots, corrections and closing the box.
    pub station: bool,
    /// The open round may still seal its boxes (none sealed, no ballot yet).
    pub sealable: bool,
    /// The open round has a recorded ballot a correction could withdraw.
    pub correctable: bool,
}

impl Policy {
    pub fn allows(self, b: &Binding) -> bool {
        if self.too_small {
            return b.cmd == Cmd::Quit;
        }
        // A key that cannot act yet, or any more, is not offered: sealing before the first
        // ballot, a correction once there is a ballot to withdraw.
        if (b.cmd == Cmd::SealBoxes && !self.sealable)
            || (b.cmd == Cmd::Corrections && !self.correctable)
        {
            return false;
        }
        if self.station
            && matches!(
                b.cmd,
                Cmd::Import
                    | Cmd::SealBoxes
                    | Cmd::Attendance
                    | Cmd::Declare
                    | Cmd::FurtherRound
                    | Cmd::CloseSession
                    | Cmd::CheckInAll
            )
        {
            return false;
        }
        !(self.closed && b.records)
    }
}

pub use Key::{Char as C, Code as K};

pub const NAV: [Binding; 4] = [
    b(K(KeyCode::Up), "↑/k", sentences::KEY_UP, Cmd::Up),
    b(C('k'), "", sentences::NONE, Cmd::Up),
    b(K(KeyCode::Down), "↓/j", sentences::KEY_DOWN, Cmd::Down),
    b(C('j'), "", sentences::NONE, Cmd::Down),
];

/// Help, in every context that has one.
pub const HELP: Binding = b(C('?'), "?", sentences::KEY_HELP, Cmd::Help);
