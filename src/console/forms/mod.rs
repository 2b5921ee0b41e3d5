//! Ballot forms at the console, one unit each (`choices`, `ticks`, `ratings`): the ballot
//! being keyed, the keys that mark it, its marks as drawn, and what Enter makes of it (the
//! marks to record, with a question first where the law wants one). The entry screen
//! (`screens/voting.rs`) holds a `Draft` and asks it; it never looks inside one. A new form
//! is a unit here and a line in `Draft::new` and `Draft::form`.

pub mod choices;
pub mod election;
pub mod ratings;
pub mod ticks;

use ratatui::style::Style;
use ratatui::text::Line;

use crate::console::env::Tone;
use crate::console::keymap::Cmd;
use crate::console::text::Lang;
use crate::console::widgets::Theme;
use crate::engine::Marks;
use crate::sentences;
use crate::session::{Form as PaperForm, Item};

/// What a form needs to know of the round open for entry.
pub struct Round<'a> {
    pub lang: Lang,
    /// Rows on the ballot (candidates or subjects).
    pub rows: usize,
    /// At most this many marked for (per-candidate form), or ticked (tick form).
    pub limit: Option<u32>,
    /// The candidates' ids, in ballot order (what a tick records).
    pub ids: Vec<String>,
    /// A rating's scale and whether it offers 弃权.
    pub scale: &'a [String],
    pub abstain: bool,
}

/// What Enter makes of a ballot.
pub enum Finish {
    /// Record these marks; ask `question` first when there is one.
    Record {
        question: Option<String>,
        marks: Marks,
    },
    /// Not yet: say why (and move the cursor to what is missing).
    NotYet {
        tone: Tone,
        say: String,
        cursor: Option<usize>,
    },
}

/// One ballot form's unit.
pub trait Form {
    /// A marking key at `cursor`; false when this form does not take it.
    fn key(&mut self, cmd: Cmd, cursor: &mut usize, round: &Round) -> bool;
    /// ⌫: take back the last mark (the one under the cursor, or the one before it).
    fn take_back(&mut self, cursor: &mut usize);
    /// Nothing marked.
    fn is_empty(&self) -> bool;
    /// `b`: the blank ballot to record, or (on a rating) the row left blank, and None.
    fn blank(&mut self, cursor: &mut usize, round: &Round) -> Option<Marks>;
    /// Enter.
    fn finish(&self, round: &Round) -> Finish;
    /// Row `pos`'s mark as drawn.
    fn cell(&self, pos: usize, lang: Lang, theme: Theme) -> (String, Style);
    /// The line(s) under the rows: the count against the limit, or the keys.
    fn hint(&self, round: &Round, theme: Theme, w: usize) -> Vec<Line<'static>>;
}

/// The ballot being keyed, in its form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    Choices(choices::Choices),
    Ticks(ticks::Ticks),
    Election(election::Election),
    Ratings(ratings::Ratings),
}

impl Draft {
    /// An empty ballot of `rows` rows for an item.
    pub fn new(def: &Item, rows: usize) -> Draft {
        match def {
            Item::ProjectVote(p) => match p.form {
                PaperForm::ForAgainstAbstain => Draft::Choices(choices::Choices::new(rows)),
                PaperForm::TickAtMost(_) => Draft::Ticks(ticks::Ticks::new(rows)),
                PaperForm::Election => Draft::Election(election::Election::new(rows)),
            },
            Item::Rating(_) => Draft::Ratings(ratings::Ratings::new(rows)),
        }
    }

    pub fn form(&self) -> &dyn Form {
        match self {
            Draft::Choices(f) => f,
            Draft::Ticks(f) => f,
            Draft::Election(f) => f,
            Draft::Ratings(f) => f,
        }
    }

    pub fn form_mut(&mut self) -> &mut dyn Form {
        match self {
            Draft::Choices(f) => f,
            Draft::Ticks(f) => f,
            Draft::Election(f) => f,
            Draft::Ratings(f) => f,
        }
    }
}

/// Take back the mark under the cursor or, as the cursor moves on after each mark, the
/// one just before it.
pub(super) fn take_back<T>(marks: &mut [Option<T>], cursor: usize) -> usize {
    let at = if marks.get(cursor).is_some_and(Option::is_some) {
        cursor
    } else {
        cursor.saturating_sub(1)
    };
    if let Some(m) = marks.get_mut(at) {
        *m = None;
    }
    at
}

/// "Nothing marked yet": a stray Enter never records a blank ballot.
pub(super) fn nothing_marked(lang: Lang) -> Finish {
    Finish::NotYet {
        tone: Tone::Info,
        say: lang
            .say(sentences::NOTHING_MARKED_YET_B_RECORDS_A)
            .to_string(),
        cursor: None,
    }
}
