//! The help overlay: the keys of the context under it, from the same table the footer and
//! `resolve` read.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::keymap::{Binding, C, Cmd, K, b};
use crate::console::text::{Lang, pad};
use crate::console::widgets::{Theme, boxed, centered, popup};
use crate::sentences;
use crate::session::Body;

pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    v.extend([
        b(
            K(KeyCode::Esc),
            "Esc/?",
            sentences::KEY_CLOSE_HELP,
            Cmd::Back,
        ),
        b(C('?'), "", sentences::NONE, Cmd::Back),
    ]);
    v
}

/// Draw the keys `keys` (those of the context under the help).
pub fn draw(
    lang: Lang,
    body_kind: Body,
    keys: &[Binding],
    f: &mut Frame,
    body: Rect,
    theme: Theme,
) {
    let list: Vec<Line> = keys
        .iter()
        .filter(|b| !b.label.is_empty())
        .map(|b| {
            Line::from(vec![
                Span::styled(pad(b.label, 8), theme.key()),
                Span::raw(crate::words::for_body(lang, body_kind, lang.say(b.words()))),
            ])
        })
        .collect();
    let area = centered(body, 64, list.len() as u16 + 2);
    popup(f, area);
    f.render_widget(
        Paragraph::new(list).block(boxed(lang.say(sentences::KEYS_ESC_CLOSES).into(), theme)),
        area,
    );
}
