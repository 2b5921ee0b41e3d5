//! The tick form: tick at most N candidates (digits 1–9 and 0 tick the first ten, Space the
//! one under the cursor); more ticks than N makes the ballot void (asked first).

use crate::console::keymap::{Binding, C, Key, b};
use crate::sentences;
use ratatui::style::Style;
use ratatui::text::Line;

use super::{Finish, Form, Round, nothing_marked};
use crate::console::keymap::Cmd;
use crate::console::text::Lang;
use crate::console::widgets::{Theme, marks_hint};
use crate::engine::Marks;
use crate::rules;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticks(Vec<bool>);

impl Ticks {
    pub fn new(rows: usize) -> Ticks {
        Ticks(vec![false; rows])
    }

    fn ticked(&self) -> usize {
        self.0.iter().filter(|t| **t).count()
    }
}

impl Form for Ticks {
    fn key(&mut self, cmd: Cmd, cursor: &mut usize, _: &Round) -> bool {
        match cmd {
            Cmd::Digit(d) => {
                let pos = if d == 0 { 9 } else { d as usize - 1 };
                if let Some(t) = self.0.get_mut(pos) {
                    *t = !*t;
                    *cursor = pos;
                }
                true
            }
            Cmd::Toggle => {
                if let Some(t) = self.0.get_mut(*cursor) {
                    *t = !*t;
                }
                true
            }
            _ => false,
        }
    }

    fn take_back(&mut self, cursor: &mut usize) {
        if let Some(s) = self.0.get_mut(*cursor) {
            *s = false;
        }
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(|t| !t)
    }

    fn blank(&mut self, _: &mut usize, _: &Round) -> Option<Marks> {
        Some(Marks::Ticks { ticked: Vec::new() })
    }

    fn finish(&self, round: &Round) -> Finish {
        if self.is_empty() {
            return nothing_marked(round.lang);
        }
        let ticked: Vec<String> = self
            .0
            .iter()
            .zip(&round.ids)
            .filter(|(t, _)| **t)
            .map(|(_, id)| id.clone())
            .collect();
        let question = match round.limit {
            Some(limit) if rules::over_marked(ticked.len(), limit) => Some(
                round
                    .lang
                    .pick(sentences::record_over_ticked(ticked.len(), limit)),
            ),
            _ => None,
        };
        Finish::Record {
            question,
            marks: Marks::Ticks { ticked },
        }
    }

    fn cell(&self, pos: usize, _: Lang, theme: Theme) -> (String, Style) {
        if self.0.get(pos).copied().unwrap_or(false) {
            ("[✓]".into(), theme.good())
        } else {
            ("[ ]".into(), Style::default())
        }
    }

    fn hint(&self, round: &Round, theme: Theme, w: usize) -> Vec<Line<'static>> {
        let ticked = self.ticked();
        let lim = round.limit.unwrap_or(0);
        vec![marks_hint(
            round.lang,
            theme,
            sentences::ticks_marked(ticked),
            rules::over_marked(ticked, lim),
            lim,
            w,
        )]
    }
}

/// The keys that mark this form.
pub fn bindings() -> Vec<Binding> {
    vec![
        b(
            Key::Digits,
            "1-9,0",
            sentences::KEY_TICK_UNTICK_CANDIDATE_1_10,
            Cmd::Digit(0),
        ),
        b(
            C(' '),
            "Space",
            sentences::KEY_TICK_UNTICK_THE_SELECTED_CANDIDATE,
            Cmd::Toggle,
        ),
    ]
}
