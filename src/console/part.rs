//! What the console asks of a screen or of a layer, the same for each (`Part`): the
//! context its keys resolve in, what a command does, how it is drawn, and what a record
//! changes in it. Screens implement it on their own state (`screens::*`); the layers on
//! the `Layer` they are (`layers::part`).

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::console::env::{Effect, Env, Out};
use crate::console::keymap::{Cmd, Ctx};
use crate::console::layers::Layer;
use crate::console::widgets::Theme;
use crate::engine::Event;

/// What the console asks of a screen or a layer: the context its keys resolve in (the key
/// table is the context's, `app::bindings`), what a command does, how it is drawn, and what
/// a record changes in it: its own state, where the console goes next, what it says.
pub trait Part {
    /// The context keys resolve in while this is in front (a screen with no layer over it,
    /// or the layer on top).
    fn ctx(&self, env: &Env) -> Ctx;
    /// A command in that context: answered through `out`, or an effect to record.
    fn update(&mut self, env: &Env, ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect>;
    /// Drawn in `area` (a screen) or over it (a layer); `top` is the layer over a screen.
    fn draw(&self, env: &Env, top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme);
    /// After a record, whether or not this screen is in front: its own state, where the
    /// console goes (`out.goto`), and what the message says, if this screen words it.
    fn after(&mut self, _env: &Env, _event: &Event, _out: &mut Out) -> Option<String> {
        None
    }
}
