//! The console's screens, one file each: its own state, its keys, its update and its
//! drawing. A screen reads the recorder through `Env` and answers through `Out`; it never
//! sees the `App`, which asks every screen the same things through `Part`.

pub mod attendance;
pub mod overview;
pub mod results;
pub mod voting;
mod voting_tally;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::console::env::{Effect, Env, Out};
use crate::console::keymap::{Cmd, Ctx};
use crate::console::layers::Layer;
use crate::console::widgets::Theme;
use crate::engine::Event;

/// What the console asks of a screen: the context its keys resolve in (the key table is
/// the context's, `app::bindings`), what a command does, how it is drawn, and what a record
/// changes in it: its own state, where the console goes next, what it says.
pub trait Part {
    /// The context keys resolve in while this screen is in front and no layer is over it.
    fn ctx(&self, env: &Env) -> Ctx;
    /// A command in that context: answered through `out`, or an effect to record.
    fn update(&mut self, env: &Env, ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect>;
    /// The screen in `area`; `top` is the layer over it, if any.
    fn draw(&self, env: &Env, top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme);
    /// After a record, whether or not this screen is in front: its own state, where the
    /// console goes (`out.goto`), and what the message says, if this screen words it.
    fn after(&mut self, _env: &Env, _event: &Event, _out: &mut Out) -> Option<String> {
        None
    }
}
