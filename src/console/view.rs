//! Drawing the console's frame: the header, the screen in front (each screen draws itself),
//! the layers over it, the message and key hints, and the stopped notice. It only reads.
//!
//! Tables are built only for the rows that fit on screen, and every column is laid out by
//! display width, so a 3,000-deputy roster and Chinese titles cost the same as short ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Layer, Tone, keys};
use super::env::Env;
use super::layers::help;
use super::part::Part;
use super::text::{self, Lang, fit, pad, width};
use super::widgets::{boxed, centered, popup};

pub use super::widgets::{Theme, choice_label, marks_summary, status_label};
use crate::sentences;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Below this size only a notice is drawn, and keys do nothing (`App::too_small`).
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    let theme = Theme {
        no_color: app.no_color,
    };
    let lang = app.lang;
    if too_small(area) {
        let msg = lang.pick(sentences::window_too_small_enlarge_it_to(
            area.width,
            area.height,
            MIN_WIDTH,
            MIN_HEIGHT,
        ));
        f.render_widget(
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .style(theme.bad()),
            area,
        );
        return;
    }
    // The message line and two lines of key hints, so 80 columns show every hint.
    let [header, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(3),
    ])
    .areas(area);
    draw_header(app, f, header, theme);
    let env = app.env();
    app.with_front(|screen, env| screen.draw(env, app.layers.last(), f, body, theme));
    draw_status(app, f, status, theme);
    for (k, layer) in app.layers.iter().enumerate() {
        draw_layer(app, &env, k, f, body, theme, layer);
    }
    if let Some(m) = &app.stopped {
        draw_stopped(f, body, theme, lang, m);
    }
}

/// After a log failure the whole message stays in view: whether the last action is in the
/// log, and what to do, must not be cut to one status line.
fn draw_stopped(f: &mut Frame, body: Rect, theme: Theme, lang: Lang, msg: &str) {
    let w = body.width.saturating_sub(4).min(76);
    let h = body.height.saturating_sub(2).min(12);
    let area = centered(body, w, h);
    popup(f, area);
    let title = lang.say(sentences::INPUT_STOPPED).to_string();
    f.render_widget(
        Paragraph::new(msg.to_string())
            .wrap(Wrap { trim: true })
            .style(theme.bad())
            .block(boxed(title, theme)),
        area,
    );
}

fn draw_header(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let s = &app.rec.state.session;
    let lang = app.lang;
    let title = match (lang, &s.title_en) {
        (Lang::En, Some(t)) => t.as_str(),
        _ => s.title.as_str(),
    };
    let right = match &app.rec.station {
        // A counting station says which box and who keys it on every screen.
        Some(st) => {
            // The round this box is keyed for, so a box is never keyed for the wrong one.
            let round = app.rec.state.item(&st.item).map_or(1, |r| r.round);
            lang.pick(sentences::station_round_box_teller_hand_count(
                round,
                &st.r#box,
                &st.teller,
                st.hand_count,
            ))
        }
        None => format!(
            " {} · {} · {} {}{} ",
            text::body(lang, s.body),
            s.date,
            lang.say(sentences::OPERATOR),
            app.rec.operator(),
            // Every record goes to both copies: said on every screen.
            if app.rec.mirror.is_some() {
                lang.say(sentences::MIRRORED)
            } else {
                ""
            }
        ),
    };
    let left_w = (area.width as usize).saturating_sub(width(&right) + 1);
    let line = Line::from(vec![
        Span::styled(pad(&format!(" {title}"), left_w), theme.title()),
        Span::raw(" "),
        Span::styled(fit(&right, area.width as usize), theme.dim()),
    ]);
    f.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

fn draw_status(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let lang = app.lang;
    let w = area.width as usize;
    let msg = match &app.message {
        Some((tone, m)) => {
            let (mark, style) = match tone {
                Tone::Good => ("✔ ", theme.good()),
                Tone::Bad => ("✖ ", theme.bad()),
                Tone::Info => ("· ", Style::default()),
            };
            Line::from(Span::styled(fit(&format!("{mark}{m}"), w), style))
        }
        None => Line::from(""),
    };
    let mut hint_lines: [Vec<Span>; 2] = [Vec::new(), Vec::new()];
    let mut used = [0usize; 2];
    // The keys the policy allows: a closed session offers no recording key.
    for bnd in keys(app.ctx(), app.policy())
        .iter()
        .filter(|b| !b.label.is_empty())
    {
        let phrase =
            crate::words::for_body(lang, app.rec.state.session.body, lang.say(bnd.words()));
        let desc = phrase.as_str();
        let short: String = desc
            .split(['（', '(', '/'])
            .next()
            .unwrap_or(desc)
            .trim()
            .to_string();
        let piece = width(bnd.label) + 1 + width(&short) + 2;
        // First fit over two lines: a short hint fills the room a long one left.
        // The two spaces after a hint may run past the edge: only the hint must fit.
        let Some(k) = (0..2).find(|&k| used[k] + piece - 2 <= w) else {
            continue;
        };
        used[k] += piece;
        hint_lines[k].push(Span::styled(bnd.label.to_string(), theme.key()));
        hint_lines[k].push(Span::raw(format!(" {short}  ")));
    }
    let mut lines = vec![msg];
    lines.extend(hint_lines.into_iter().map(Line::from));
    f.render_widget(Paragraph::new(lines), area);
}

/// One layer over the screen; `k` is its place in the stack (help lists the keys under it).
fn draw_layer(
    app: &App,
    env: &Env,
    k: usize,
    f: &mut Frame,
    body: Rect,
    theme: Theme,
    layer: &Layer,
) {
    match layer {
        // Help lists the keys of the context under it.
        Layer::Help => {
            let under = app.ctx_at(&app.layers[..k]);
            let list = keys(under, app.policy());
            help::draw(app.lang, app.rec.state.session.body, &list, f, body, theme);
        }
        other => other.draw(env, None, f, body, theme),
    }
}
