//! The eight numbered checks, named once.

use crate::sentences;

/// The numbered checks of `votedesk verify`: each one's number, name and words are here
/// and nowhere else. `docs/log-format.md` ("Verifying") describes each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// 1: every line is a record, ending in LF, keeping the field rules.
    Framing,
    /// 2: records are numbered 0, 1, 2, … in order.
    Sequence,
    /// 3: each record's hash is over its body, and its `prev` is the record before.
    Chain,
    /// 4: the first record binds the session.
    Binding,
    /// 5: every event keeps the engine's rules.
    Rules,
    /// 6: every declared result equals the recount.
    Declared,
    /// 7: the closing record is there, and last.
    Closing,
    /// 8: anchors, the expected head and count.
    Anchor,
}

impl Check {
    pub const ALL: [Check; 8] = [
        Check::Framing,
        Check::Sequence,
        Check::Chain,
        Check::Binding,
        Check::Rules,
        Check::Declared,
        Check::Closing,
        Check::Anchor,
    ];

    /// Its number in the report, from 1.
    pub fn number(self) -> u32 {
        self as u32 + 1
    }

    /// The check with this number.
    pub fn numbered(number: u32) -> Option<Check> {
        Check::ALL.get((number as usize).checked_sub(1)?).copied()
    }

    /// Its name in `verify`'s report.
    pub fn name(self) -> &'static str {
        match self {
            Check::Framing => "framing",
            Check::Sequence => "sequence",
            Check::Chain => "hash chain",
            Check::Binding => "session binding",
            Check::Rules => "event rules",
            Check::Declared => "declared results",
            Check::Closing => "closing record",
            Check::Anchor => "anchor (expected head and count)",
        }
    }

    /// Its short name on a screen, in the screen's language.
    pub fn words(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            Check::Framing => lang.say(sentences::FRAMING),
            Check::Sequence => lang.say(sentences::SEQUENCE),
            Check::Chain => lang.say(sentences::HASH_CHAIN),
            Check::Binding => lang.say(sentences::SESSION_BINDING),
            Check::Rules => lang.say(sentences::EVENT_RULES),
            Check::Declared => lang.say(sentences::DECLARED_RESULTS),
            Check::Closing => lang.say(sentences::CLOSING_RECORD),
            Check::Anchor => lang.say(sentences::ANCHOR),
        }
    }
}

/// One value for each check, looked up by the check (no index arithmetic).
#[derive(Debug, Clone, Default)]
pub(super) struct PerCheck<T>([T; 8]);

impl<T> std::ops::Index<Check> for PerCheck<T> {
    type Output = T;
    fn index(&self, c: Check) -> &T {
        &self.0[c as usize]
    }
}

impl<T> std::ops::IndexMut<Check> for PerCheck<T> {
    fn index_mut(&mut self, c: Check) -> &mut T {
        &mut self.0[c as usize]
    }
}
