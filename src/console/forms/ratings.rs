//! The rating form: one label of the scale (or 弃权 where offered) per subject; `b` leaves a
//! subject blank (counted under no label, asked first); every subject must be rated or left
//! blank before the ballot is recorded.

use crate::console::keymap::{Binding, Key, b};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Finish, Form, Round, take_back};
use crate::console::env::Tone;
use crate::console::keymap::Cmd;
use crate::console::text::{Lang, fit, width};
use crate::console::widgets::Theme;
use crate::engine::Marks;
use crate::sentences;
use crate::session::ABSTAIN_LABEL;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ratings(Vec<Option<String>>);

impl Ratings {
    pub fn new(rows: usize) -> Ratings {
        Ratings(vec![None; rows])
    }
}

impl Form for Ratings {
    fn key(&mut self, cmd: Cmd, cursor: &mut usize, round: &Round) -> bool {
        let Cmd::Digit(d) = cmd else { return false };
        let label = if d == 0 {
            round.abstain.then(|| ABSTAIN_LABEL.to_string())
        } else {
            round.scale.get(d as usize - 1).cloned()
        };
        if let (Some(label), Some(slot)) = (label, self.0.get_mut(*cursor)) {
            *slot = Some(label);
            *cursor = (*cursor + 1).min(round.rows.saturating_sub(1));
        }
        true
    }

    fn take_back(&mut self, cursor: &mut usize) {
        *cursor = take_back(&mut self.0, *cursor);
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }

    fn blank(&mut self, cursor: &mut usize, round: &Round) -> Option<Marks> {
        // On a rating, b leaves the subject under the cursor blank (not rated).
        if let Some(slot) = self.0.get_mut(*cursor) {
            *slot = Some(String::new());
            *cursor = (*cursor + 1).min(round.rows.saturating_sub(1));
        }
        None
    }

    fn finish(&self, round: &Round) -> Finish {
        let lang = round.lang;
        if let Some(missing) = self.0.iter().position(Option::is_none) {
            return Finish::NotYet {
                tone: Tone::Bad,
                say: lang.pick(sentences::subject_is_not_rated_yet(missing + 1)),
                cursor: Some(missing),
            };
        }
        let labels: Vec<String> = self
            .0
            .iter()
            .map(|l| l.clone().unwrap_or_default())
            .collect();
        let blank: Vec<String> = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.is_empty())
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        // A subject left blank counts under no label: ask, it is a choice.
        let question = (!blank.is_empty()).then(|| {
            lang.pick(sentences::subject_s_left_blank_not_rated(
                blank.join("、"),
                blank.join(", "),
            ))
        });
        Finish::Record {
            question,
            marks: Marks::Ratings { labels },
        }
    }

    fn cell(&self, pos: usize, lang: Lang, theme: Theme) -> (String, Style) {
        match self.0.get(pos).cloned().flatten() {
            Some(l) if l.is_empty() => (format!("[{}]", lang.say(sentences::BLANK)), theme.dim()),
            Some(l) => (format!("[{l}]"), theme.good()),
            None => ("[ — ]".into(), theme.dim()),
        }
    }

    fn hint(&self, round: &Round, theme: Theme, w: usize) -> Vec<Line<'static>> {
        let mut keys: Vec<String> = round
            .scale
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} {l}", i + 1))
            .collect();
        if round.abstain {
            keys.push(format!("0 {ABSTAIN_LABEL}"));
        }
        // The whole legend, over two lines if it must: a cut key would hide a label.
        // Packed key by key, so no key is parted from its label.
        let mut lines = Vec::new();
        let mut row = String::new();
        for key in &keys {
            if !row.is_empty() && width(&row) + 2 + width(key) + 1 > w {
                lines.push(Line::from(Span::styled(format!(" {row}"), theme.dim())));
                row.clear();
            }
            if !row.is_empty() {
                row.push_str("  ");
            }
            row.push_str(key);
        }
        lines.push(Line::from(Span::styled(
            fit(&format!(" {row}"), w),
            theme.dim(),
        )));
        lines
    }
}

/// The keys that mark this form.
pub fn bindings() -> Vec<Binding> {
    vec![b(
        Key::Digits,
        "1-9,0",
        sentences::KEY_RATE_ON_THE_SCALE_0_ABSTAIN,
        Cmd::Digit(0),
    )]
}
