//! The one text field of every layer (a reason, a path, a name filter): its keys and what
//! a key did.

use crate::console::env::Out;
use crate::console::keymap::Cmd;

/// What a key did in a text field (a reason, a path, a name filter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A character typed or deleted: keep editing.
    Editing,
    /// Esc: the field's layer is closed, nothing is kept.
    Cancelled,
    /// Enter, with the text trimmed (possibly empty: the caller says what is missing).
    Entered(String),
}

/// Edit a text field: type, delete the last character, Esc closes the layer, Enter hands
/// the text back. One set of keys for every field (see `app::bindings`, text fields).
pub fn edit(input: &mut String, cmd: Cmd, out: &mut Out) -> Field {
    match cmd {
        Cmd::Text(c) => input.push(c),
        Cmd::Backspace => {
            input.pop();
        }
        Cmd::Back => {
            out.pop();
            return Field::Cancelled;
        }
        Cmd::Enter => return Field::Entered(input.trim().to_string()),
        _ => {}
    }
    Field::Editing
}
