//! Each layer behind `Part`: the context it puts in front, what a command does on it and how
//! it is drawn, one arm per layer, each handing over to the layer's own file. Three layers
//! act on what is under them and are answered by the console itself (`app`): help (it lists
//! the keys below it), a written-in name (it edits the ballot being keyed) and a box
//! decision's reason (it answers the boxes layer under it); the name filter is the
//! attendance screen's.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Layer, boxes, confirm, corrections, import, reason, seal, write_in};
use crate::console::env::{Effect, Env, Out};
use crate::console::keymap::{Cmd, Ctx};
use crate::console::part::Part;
use crate::console::widgets::Theme;

impl Part for Layer {
    fn ctx(&self, _env: &Env) -> Ctx {
        match self {
            Layer::Help => Ctx::Help,
            Layer::Confirm { .. } | Layer::ConfirmBoxes { .. } => Ctx::Confirm,
            Layer::Corrections { .. } => Ctx::Corrections,
            Layer::Reason { .. } => Ctx::Reason,
            Layer::Search => Ctx::Search,
            Layer::ImportPath { .. } => Ctx::ImportPath,
            Layer::Boxes(_) => Ctx::Boxes,
            Layer::BoxReason { .. } => Ctx::BoxReason,
            Layer::Seal { .. } => Ctx::Seal,
            Layer::Reconcile { .. } => Ctx::Reconcile,
            Layer::WriteIn { asked: None, .. } => Ctx::WriteIn,
            Layer::WriteIn { asked: Some(_), .. } => Ctx::WriteInAsk,
        }
    }

    fn update(&mut self, env: &Env, _ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
        match self {
            Layer::Help => {
                out.pop();
                None
            }
            Layer::Confirm { .. } | Layer::ConfirmBoxes { .. } => {
                confirm::update(env.lang, self.clone(), cmd, out)
            }
            Layer::Corrections { selected, typed } => {
                corrections::update(env, selected, typed, cmd, out)
            }
            Layer::Reason {
                ballot,
                seat,
                input,
            } => reason::update(env, *ballot, *seat, input, cmd, out),
            Layer::ImportPath { input } => import::update(env, input, cmd, out),
            Layer::Boxes(layer) => boxes::update(env, layer, cmd, out),
            Layer::Seal { boxes, input } => seal::update(env, boxes, input, cmd, out),
            Layer::Reconcile { input } => seal::update_reconcile(env, input, cmd, out),
            // Answered by what is under them (see the module's note).
            Layer::Search | Layer::WriteIn { .. } | Layer::BoxReason { .. } => None,
        }
    }

    fn draw(&self, env: &Env, _top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme) {
        let lang = env.lang;
        match self {
            Layer::Confirm {
                question,
                detail,
                shown,
                ..
            } => confirm::draw(
                lang,
                question,
                detail.as_deref().map(|d| (d, *shown)),
                f,
                area,
                theme,
            ),
            Layer::ConfirmBoxes { question, .. } => {
                confirm::draw(lang, question, None, f, area, theme)
            }
            Layer::Corrections { selected, .. } => corrections::draw(env, selected, f, area, theme),
            Layer::Reason { ballot, input, .. } => {
                reason::draw(lang, ballot.map(|b| env.paper_of(b)), input, f, area, theme)
            }
            Layer::ImportPath { input } => import::draw(lang, input, f, area, theme),
            Layer::Boxes(layer) => boxes::draw(f, area, theme, lang, layer),
            Layer::Seal { boxes, input } => seal::draw(lang, boxes, input, f, area, theme),
            Layer::Reconcile { input } => seal::draw_reconcile(env, input, f, area, theme),
            Layer::BoxReason { answer, input, .. } => {
                boxes::draw_reason(lang, *answer, input, f, area, theme)
            }
            Layer::WriteIn { input, asked } => {
                write_in::draw(env, input, asked.as_ref(), f, area, theme)
            }
            // Help lists the keys below it: the console draws it (`view`); the name filter
            // is drawn by the attendance screen.
            Layer::Help | Layer::Search => {}
        }
    }
}
