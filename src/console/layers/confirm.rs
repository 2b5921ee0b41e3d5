//! A question before a record: `y` records (one action, a batch, or one batch per ballot
//! box), `n` or Esc cancels. The window grows to show the whole question and its keys.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Layer;
use crate::console::env::{Effect, Out, Tone};
use crate::console::keymap::{Binding, C, Cmd, K, b, rec};
use crate::console::text::{self, Lang};
use crate::console::widgets::{Theme, boxed, centered, popup};
use crate::sentences;

pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    v.extend([
        rec(b(C('y'), "y", sentences::KEY_YES_DO_IT, Cmd::Yes)),
        rec(b(C('Y'), "", sentences::NONE, Cmd::Yes)),
        b(C('n'), "n/Esc", sentences::KEY_NO_CANCEL, Cmd::No),
        b(K(KeyCode::Esc), "", sentences::NONE, Cmd::No),
        // Shown in the window when the question has more to show.
        b(C('t'), "", sentences::NONE, Cmd::Toggle),
    ]);
    v
}

/// The answer to the question `layer` (taken off the stack).
pub fn update(lang: Lang, layer: Layer, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    // `t` shows or hides the detail; the question stays.
    if cmd == Cmd::Toggle {
        if let Layer::Confirm {
            question,
            actions,
            detail: Some(detail),
            shown,
        } = layer
        {
            out.pop();
            out.push(Layer::Confirm {
                question,
                actions,
                detail: Some(detail),
                shown: !shown,
            });
        }
        return None;
    }
    out.pop();
    if let Layer::ConfirmBoxes { batches, .. } = layer {
        if cmd == Cmd::Yes {
            return Some(Effect::RecordBoxes(batches));
        }
        out.say(Tone::Info, lang.say(sentences::CANCELLED));
        return None;
    }
    let Layer::Confirm { mut actions, .. } = layer else {
        return None;
    };
    match cmd {
        Cmd::Yes if actions.len() == 1 => actions.pop().map(Effect::Record),
        Cmd::Yes => Some(Effect::RecordAll(actions)),
        _ => {
            out.say(Tone::Info, lang.say(sentences::CANCELLED));
            None
        }
    }
}

/// `detail`: more the question can show (`t`), and whether it is shown.
pub fn draw(
    lang: Lang,
    question: &str,
    detail: Option<(&str, bool)>,
    f: &mut Frame,
    body: Rect,
    theme: Theme,
) {
    // Tall enough for the whole question: the keys line must never be cut off.
    let width = 66u16.min(body.width);
    let mut wrapped: Vec<String> = text::wrap(question, width.saturating_sub(4) as usize)
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect();
    if let Some((d, true)) = detail {
        wrapped.push(String::new());
        wrapped.extend(
            text::wrap(d, width.saturating_sub(4) as usize)
                .into_iter()
                .map(|l| format!(" {l}")),
        );
    }
    let area = centered(body, 66, wrapped.len() as u16 + 5);
    popup(f, area);
    let mut lines = vec![Line::from("")];
    lines.extend(wrapped.into_iter().map(Line::from));
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(" y ", theme.key()),
        Span::raw(lang.say(sentences::KEY_YES_PADDED)),
        Span::styled("n/Esc ", theme.key()),
        Span::raw(lang.say(sentences::CANCEL)),
        Span::raw(match detail {
            Some((_, false)) => lang.say(sentences::T_BY_CANDIDATE),
            Some((_, true)) => lang.say(sentences::T_HIDE),
            None => "",
        }),
    ]));
    f.render_widget(
        Paragraph::new(lines).block(boxed(lang.say(sentences::CONFIRM).into(), theme)),
        area,
    );
}
