//! Corrections: the recorded ballots of the open item, newest first; a typed number jumps
//! to that ballot; Enter asks the reason for withdrawing it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Layer;
use crate::console::env::{Effect, Env, Out};
use crate::console::keymap::{Binding, Cmd, NAV, backspace, digits, enter, esc, rec};
use crate::console::text::fit;
use crate::console::widgets::{Theme, boxed, centered, marks_summary, popup};
use crate::sentences;

pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    v.extend(NAV);
    v.extend([
        digits(sentences::KEY_TYPE_A_BALLOT_NUMBER_TO_JUMP),
        backspace(sentences::KEY_DELETE),
        rec(enter(sentences::KEY_VOID_THE_SELECTED_BALLOT_ASKS_A)),
        esc(sentences::KEY_BACK),
    ]);
    v
}

pub fn update(
    env: &Env,
    selected: &mut usize,
    typed: &mut String,
    cmd: Cmd,
    out: &mut Out,
) -> Option<Effect> {
    let live = env.live_ballot_numbers();
    // A typed number jumps to the ballot with that paper number (correcting #3 of 27
    // takes "3", not 24 presses of ↓).
    let jump = |typed: &str, selected: &mut usize| {
        if let Ok(n) = typed.parse::<u32>()
            && let Some(pos) = live.iter().position(|&b| env.paper_of(b) == n)
        {
            *selected = pos;
        }
    };
    match cmd {
        Cmd::Digit(d) => {
            typed.push(char::from(b'0' + d));
            jump(typed, selected);
        }
        Cmd::Backspace => {
            typed.pop();
            jump(typed, selected);
        }
        Cmd::Up => *selected = selected.saturating_sub(1),
        Cmd::Down => *selected = (*selected + 1).min(live.len().saturating_sub(1)),
        Cmd::Back => {
            out.pop();
        }
        Cmd::Enter => {
            if let Some(&ballot) = live.get(*selected) {
                out.push(Layer::Reason {
                    ballot: Some(ballot),
                    seat: None,
                    input: String::new(),
                });
            }
        }
        _ => {}
    }
    None
}

pub fn draw(env: &Env, selected: &usize, f: &mut Frame, body: Rect, theme: Theme) {
    let lang = env.lang;
    let st = &env.rec.state;
    let Some(open) = st.open else { return };
    let item = &st.items[open];
    let area = centered(body, 70, body.height.saturating_sub(2));
    popup(f, area);
    let block = boxed(
        lang.say(sentences::CORRECTIONS_PICK_THE_BALLOT_TO_VOID)
            .into(),
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let numbers = env.live_ballot_numbers();
    let rows = inner.height as usize;
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let ids = st.choice_ids(item);
    let lines: Vec<Line> = numbers
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(k, &n)| {
            let bal = &item.ballots[n as usize - 1];
            let who = bal.seat.map(|s| format!(" #{s}")).unwrap_or_default();
            let row = format!(
                " {:>5}{who}  {}",
                bal.paper,
                marks_summary(lang, &bal.marks, &ids)
            );
            let style = if k == *selected {
                theme.selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(fit(&row, inner.width as usize), style))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
