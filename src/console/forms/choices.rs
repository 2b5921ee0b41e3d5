//! The per-candidate form: for, against or abstain on each candidate; unmarked counts as
//! abstain; more for-marks than the limit makes the ballot void (asked first).

use crate::console::keymap::{Binding, C, b};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Finish, Form, Round, nothing_marked, take_back};
use crate::console::keymap::Cmd;
use crate::console::text::{Lang, fit};
use crate::console::widgets::{Theme, choice_label, marks_hint};
use crate::engine::{Choice, Marks};
use crate::rules;
use crate::sentences;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices(Vec<Option<Choice>>);

impl Choices {
    pub fn new(rows: usize) -> Choices {
        Choices(vec![None; rows])
    }

    fn fors(&self) -> usize {
        self.0.iter().filter(|c| **c == Some(Choice::For)).count()
    }
}

impl Form for Choices {
    fn key(&mut self, cmd: Cmd, cursor: &mut usize, round: &Round) -> bool {
        let Cmd::Mark(c) = cmd else { return false };
        if let Some(slot) = self.0.get_mut(*cursor) {
            *slot = Some(c);
        }
        *cursor = (*cursor + 1).min(round.rows.saturating_sub(1));
        true
    }

    fn take_back(&mut self, cursor: &mut usize) {
        *cursor = take_back(&mut self.0, *cursor);
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    fn blank(&mut self, _: &mut usize, _: &Round) -> Option<Marks> {
        Some(Marks::Choices {
            choices: vec![Choice::Abstain; self.0.len()],
        })
    }

    fn finish(&self, round: &Round) -> Finish {
        if self.is_empty() {
            return nothing_marked(round.lang);
        }
        let choices = rules::choices_as_counted(&self.0);
        let fors = choices.iter().filter(|&&c| c == Choice::For).count();
        let question = match round.limit {
            Some(max) if rules::over_marked(fors, max) => Some(
                round
                    .lang
                    .pick(sentences::record_over_marked_for(fors, max)),
            ),
            _ => None,
        };
        Finish::Record {
            question,
            marks: Marks::Choices { choices },
        }
    }

    fn cell(&self, pos: usize, lang: Lang, theme: Theme) -> (String, Style) {
        choice_cell(self.0.get(pos).copied().flatten(), lang, theme)
    }

    fn hint(&self, round: &Round, theme: Theme, w: usize) -> Vec<Line<'static>> {
        let lang = round.lang;
        let line = match round.limit {
            Some(lim) => {
                let fors = self.fors();
                let marked = sentences::fors_marked(fors);
                marks_hint(lang, theme, marked, rules::over_marked(fors, lim), lim, w)
            }
            None => Line::from(Span::styled(
                fit(lang.say(sentences::N_1_FOR_2_AGAINST_3_ABSTAIN), w),
                theme.dim(),
            )),
        };
        vec![line]
    }
}

/// A candidate's mark as drawn: the choice, or (弃权) for a row left unmarked.
pub(super) fn choice_cell(mark: Option<Choice>, lang: Lang, theme: Theme) -> (String, Style) {
    match mark {
        Some(ch) => (
            format!("[{}]", choice_label(lang, ch)),
            if ch == Choice::For {
                theme.good()
            } else {
                Style::default()
            },
        ),
        None => (format!("({})", lang.say(sentences::ABSTAIN)), theme.dim()),
    }
}

/// The keys that mark this form.
pub fn bindings() -> Vec<Binding> {
    vec![
        b(C('1'), "1/y", sentences::FOR, Cmd::Mark(Choice::For)),
        b(C('y'), "", sentences::NONE, Cmd::Mark(Choice::For)),
        b(
            C('2'),
            "2/n",
            sentences::AGAINST,
            Cmd::Mark(Choice::Against),
        ),
        b(C('n'), "", sentences::NONE, Cmd::Mark(Choice::Against)),
        b(
            C('3'),
            "3/a",
            sentences::ABSTAIN,
            Cmd::Mark(Choice::Abstain),
        ),
        b(C('a'), "", sentences::NONE, Cmd::Mark(Choice::Abstain)),
    ]
}
