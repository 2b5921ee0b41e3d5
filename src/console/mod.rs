//! The operator console: the full-screen terminal program (`votedesk run`).
//!
//! `app` holds state, key map and `update`; `view` draws; `text` has the words in both
//! languages. This module owns only the terminal and the loop: read a key, update, carry
//! out the effect through the recorder, draw. Nothing is drawn as recorded before its sync.

pub mod app;
pub mod text;
pub mod view;

use std::io;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::recorder::Recorder;
use app::{App, Effect};
pub use text::Lang;

/// Whether `NO_COLOR` asks for a colourless theme.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Run the console until the operator quits. The terminal is restored on every exit,
/// on panic too (ratatui's hook).
pub fn run(rec: Recorder, lang: Lang) -> io::Result<()> {
    let mut app = App::new(rec, lang, no_color());
    let mut terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
    let result = (|| -> io::Result<()> {
        loop {
            terminal.draw(|f| view::draw(&app, f))?;
            // Block on input: no busy loop, a redraw only after something happened.
            match event::read()? {
                Event::Key(k) if k.kind == KeyEventKind::Press => match app.key(k) {
                    Some(Effect::Quit) => return Ok(()),
                    Some(Effect::Record(action)) => app.perform(action),
                    Some(Effect::RecordAll(actions)) => app.perform_all(actions),
                    None => {}
                },
                _ => {}
            }
        }
    })();
    ratatui::restore();
    result
}
