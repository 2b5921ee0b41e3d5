//! The election form (选举): for, against or abstain on each candidate, and other persons
//! written in (另选他人, `w`, in the write-in layer); 赞成 and names written in together
//! more than the places make the ballot void (asked first). ⌫ takes back the last mark, or
//! the last name written in when no mark is left.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Finish, Form, Round, nothing_marked, take_back};
use crate::console::keymap::{Binding, C, Cmd, b, rec};
use crate::console::text::{Lang, fit};
use crate::console::widgets::{Theme, marks_hint};
use crate::engine::{Choice, Marks};
use crate::rules;
use crate::sentences;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Election {
    marks: Vec<Option<Choice>>,
    /// Names written in, as the log will record them, in the order written.
    pub write_ins: Vec<String>,
}

impl Election {
    pub fn new(rows: usize) -> Election {
        Election {
            marks: vec![None; rows],
            write_ins: Vec::new(),
        }
    }

    /// 赞成 and names written in: what counts against the places.
    fn chosen(&self) -> usize {
        self.marks
            .iter()
            .filter(|c| **c == Some(Choice::For))
            .count()
            + self.write_ins.len()
    }

    pub fn write_in(&mut self, name: String) {
        self.write_ins.push(name);
    }
}

impl Form for Election {
    fn key(&mut self, cmd: Cmd, cursor: &mut usize, round: &Round) -> bool {
        let Cmd::Mark(c) = cmd else { return false };
        if let Some(slot) = self.marks.get_mut(*cursor) {
            *slot = Some(c);
        }
        *cursor = (*cursor + 1).min(round.rows.saturating_sub(1));
        true
    }

    fn take_back(&mut self, cursor: &mut usize) {
        if self.marks.iter().all(Option::is_none) {
            self.write_ins.pop();
        } else {
            *cursor = take_back(&mut self.marks, *cursor);
        }
    }

    fn is_empty(&self) -> bool {
        self.marks.iter().all(Option::is_none) && self.write_ins.is_empty()
    }

    fn blank(&mut self, _: &mut usize, _: &Round) -> Option<Marks> {
        Some(Marks::Election {
            choices: vec![Choice::Abstain; self.marks.len()],
            write_ins: Vec::new(),
        })
    }

    fn finish(&self, round: &Round) -> Finish {
        if self.is_empty() {
            return nothing_marked(round.lang);
        }
        let choices = rules::choices_as_counted(&self.marks);
        let fors = choices.iter().filter(|&&c| c == Choice::For).count();
        let question = match round.limit {
            Some(max) if rules::over_marked(self.chosen(), max) => Some(round.lang.pick(
                sentences::record_over_chosen(fors, self.write_ins.len(), max),
            )),
            _ => None,
        };
        Finish::Record {
            question,
            marks: Marks::Election {
                choices,
                write_ins: self.write_ins.clone(),
            },
        }
    }

    fn cell(&self, pos: usize, lang: Lang, theme: Theme) -> (String, Style) {
        super::choices::choice_cell(self.marks.get(pos).copied().flatten(), lang, theme)
    }

    fn hint(&self, round: &Round, theme: Theme, w: usize) -> Vec<Line<'static>> {
        let lang = round.lang;
        let mut lines = Vec::new();
        if !self.write_ins.is_empty() {
            lines.push(Line::from(Span::styled(
                fit(
                    &format!(
                        " {}：{}",
                        lang.say(sentences::WRITTEN_IN),
                        self.write_ins.join(lang.say(sentences::WORDS))
                    ),
                    w,
                ),
                theme.good(),
            )));
        }
        lines.push(match round.limit {
            Some(lim) => {
                let chosen = self.chosen();
                marks_hint(
                    lang,
                    theme,
                    sentences::chosen_marked(chosen),
                    rules::over_marked(chosen, lim),
                    lim,
                    w,
                )
            }
            None => Line::from(Span::styled(
                fit(lang.say(sentences::N_1_FOR_2_AGAINST_3_ABSTAIN), w),
                theme.dim(),
            )),
        });
        lines
    }
}

/// The keys that mark this form: the per-candidate marks, and `w` to write a name in.
pub fn bindings() -> Vec<Binding> {
    let mut v = super::choices::bindings();
    v.push(rec(b(C('w'), "w", sentences::KEY_WRITE_IN, Cmd::WriteIn)));
    v
}
