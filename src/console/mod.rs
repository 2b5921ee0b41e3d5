//! The operator console: the full-screen terminal program (`votedesk run`).
//!
//! `app` is the shell (recorder, screen, layers, message) and `view` draws its frame; each
//! screen (`screens`) and each layer (`layers`) owns its state, its keys, its update and its
//! drawing; `ask` holds the questions before a record; `keymap` the key map's types; `env`
//! what screens read and answer; `widgets` shared drawing. This module owns only the
//! terminal and the loop: read a key, update, carry out the effect through the recorder,
//! draw. Nothing is drawn as recorded before its sync.

pub mod app;
pub mod ask;
pub mod env;
pub mod forms;
pub mod keymap;
pub mod layers;
pub mod part;
pub mod screens;
pub mod view;
pub mod widgets;

/// The words in both languages, shared with the projector (`crate::ui::text`).
pub use crate::ui::text;

use std::io;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::recorder::Recorder;
use app::{App, Effect};
pub use text::Lang;

pub use crate::ui::{no_color, termination_flag};

/// How often the loop looks at the signal flag while no key comes.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// Run the console until the operator quits (`Ok(None)`) or a termination signal comes
/// (`Ok(Some(signal))`). The terminal is restored on every exit, on panic too (ratatui's
/// hook). A signal is acted on between keys, never in the middle of an append, and every
/// acknowledged record is already synced.
pub fn run(rec: Recorder, lang: Lang) -> io::Result<Option<usize>> {
    let mut app = App::new(rec, lang, no_color());
    let signal = termination_flag()?;
    let mut terminal = crate::ui::init_terminal().inspect_err(|_| ratatui::restore())?;
    let result = (|| -> io::Result<Option<usize>> {
        let mut dirty = true;
        loop {
            if dirty {
                let area = terminal.draw(|f| view::draw(&app, f))?.area;
                let small = view::too_small(area);
                // The key hints depend on the size: a window just enlarged (or shrunk) is
                // drawn again at once with the keys it now allows.
                dirty = small != app.too_small;
                app.too_small = small;
                if dirty {
                    continue;
                }
            }
            let sig = signal.load(Ordering::SeqCst);
            if sig != 0 {
                return Ok(Some(sig));
            }
            // Wait for input without a busy loop; redraw only after something happened.
            if !event::poll(SIGNAL_CHECK)? {
                continue;
            }
            dirty = true;
            match event::read()? {
                Event::Key(k) if k.kind == KeyEventKind::Press => match app.key(k) {
                    Some(Effect::Quit) => return Ok(None),
                    Some(Effect::Record(action)) => app.perform(action),
                    Some(Effect::RecordAll(actions)) => app.perform_all(actions),
                    Some(Effect::RecordBoxes(batches)) => app.perform_boxes(batches),
                    None => {}
                },
                _ => {}
            }
        }
    })();
    ratatui::restore();
    result
}
