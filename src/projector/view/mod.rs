//! Drawing the projector: what the hall may see, or what the presidium sees.
//!
//! The hall never sees a verdict before the chair declared it: while voting it sees the
//! item and the progress (and live counts only on an item that says so), once voting
//! closes "计票中", and after the declaration a headline, the rule in words and the rows.
//! The presidium sees the counts and the undeclared results of every item, each marked
//! 待宣布 until it is declared. Layout follows the screen: columns sized to their content
//! and centred, rows spread over the height, big digits (ASCII, via tui-big-text) where
//! they fit, pages where the rows do not.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

mod result;
mod table;
mod voting;

use result::*;
use table::*;
use voting::*;

use super::{Audience, Projector};
use crate::engine::{Phase, State};
use crate::rules;
use crate::sentences;
use crate::session::{Item, RatingRule};
use crate::tally::{self, CandidateStatus, ItemTally};
use crate::ui::status_label;
use crate::ui::text::{self, Lang, fit, pad, rpad, width};

/// The round a view shows: the projector, its theme, the state, and the round's index.
#[derive(Clone, Copy)]
struct Shown<'a> {
    p: &'a Projector,
    theme: Theme,
    state: &'a State,
    index: usize,
}

impl<'a> Shown<'a> {
    fn of(p: &'a Projector, theme: Theme, state: &'a State, index: usize) -> Self {
        Shown {
            p,
            theme,
            state,
            index,
        }
    }
}

#[derive(Clone, Copy)]
struct Theme {
    no_color: bool,
}

impl Theme {
    fn base(self) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(Color::White).bg(Color::Black)
        }
    }
    fn strong(self) -> Style {
        let s = self.base().add_modifier(Modifier::BOLD);
        if self.no_color {
            s
        } else {
            s.fg(Color::Yellow)
        }
    }
    fn good(self) -> Style {
        let s = self.base().add_modifier(Modifier::BOLD);
        if self.no_color {
            s
        } else {
            s.fg(Color::LightGreen)
        }
    }
    fn bad(self) -> Style {
        let s = self
            .base()
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
        if self.no_color {
            s
        } else {
            s.fg(Color::LightRed)
        }
    }
    /// The banner of a headline: reversed, so it reads as a block from the back row.
    fn banner(self, style: Style) -> Style {
        style.add_modifier(Modifier::REVERSED)
    }
}

/// Big digits sized to the space: 8 rows high on large screens, 4 on small ones; None when
/// even the small ones do not fit (the caller then writes the text at normal size).
fn big<'a>(s: &str, area: Rect, style: Style) -> Option<(BigText<'a>, u16)> {
    let chars = s.chars().count() as u16;
    let (size, h) = if area.height >= 8 && chars * 8 <= area.width {
        (PixelSize::Full, 8)
    } else if area.height >= 4 && chars * 8 <= area.width {
        (PixelSize::HalfHeight, 4)
    } else if area.height >= 4 && chars * 4 <= area.width {
        (PixelSize::Quadrant, 4)
    } else {
        return None;
    };
    let text = BigText::builder()
        .pixel_size(size)
        .style(style)
        .alignment(Alignment::Center)
        .lines(vec![Line::from(s.to_string())])
        .build();
    Some((text, h))
}

/// Rows for big digits in a body of this height.
fn big_rows(height: u16) -> u16 {
    if height >= 36 {
        8
    } else if height >= 14 {
        4
    } else {
        0
    }
}

/// The name of a numbered check, for the tamper warning in the hall's language.
fn check_name(lang: Lang, check: u32) -> &'static str {
    crate::verify::Check::numbered(check).map_or("", |c| c.words(lang))
}

pub fn draw(p: &Projector, f: &mut Frame) {
    let theme = Theme {
        no_color: p.no_color,
    };
    let lang = p.lang;
    let area = f.area();
    f.render_widget(Block::default().style(theme.base()), area);
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);

    if !p.follow.loaded() || (p.follow.records() == 0 && p.follow.problem.is_some()) {
        f.render_widget(
            Paragraph::new(waiting_words(p))
                .style(theme.strong())
                .wrap(Wrap { trim: true }),
            body,
        );
        return;
    }
    let Some(state) = p.follow.state() else {
        let msg = if p.follow.records() == 0 {
            lang.say(sentences::THE_LOG_IS_EMPTY_WAITING_FOR)
        } else {
            lang.say(sentences::THE_LOG_HAS_NO_READABLE_SESSION)
        };
        f.render_widget(
            Paragraph::new(msg)
                .style(theme.bad())
                .wrap(Wrap { trim: true }),
            body,
        );
        return;
    };
    draw_heading(p, f, header, theme, state);
    draw_footer(p, f, footer, theme, state);
    if let Some(msg) = failed_words(p) {
        warning(f, body, theme, msg);
        return;
    }
    let focus = p.follow.focus().and_then(|id| state.item_index(id));
    match focus.map(|i| (i, state.items[i].phase)) {
        None | Some((_, Phase::Pending)) => draw_attendance(p, f, body, theme, state),
        Some((i, Phase::Open)) => draw_voting(&Shown::of(p, theme, state, i), f, body),
        Some((i, Phase::Closed)) if p.audience == Audience::Hall => {
            draw_counting(&Shown::of(p, theme, state, i), f, body)
        }
        Some((i, _)) => draw_result(&Shown::of(p, theme, state, i), f, body),
    }
}

/// Before the log can be read: what the screen waits for.
fn waiting_words(p: &Projector) -> String {
    let lang = p.lang;
    match &p.follow.problem {
        Some((kind, e)) => lang.pick(sentences::waiting_for_the_log(
            p.follow.path.display(),
            *kind,
            e,
        )),
        None => lang.say(sentences::READING_THE_LOG).to_string(),
    }
}

/// The session's title and body and date, centred.
fn draw_heading(p: &Projector, f: &mut Frame, header: Rect, theme: Theme, state: &State) {
    let (lang, w) = (p.lang, header.width as usize);
    let s = &state.session;
    let title = match (lang, &s.title_en) {
        (Lang::En, Some(t)) => t.as_str(),
        _ => s.title.as_str(),
    };
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(fit(title, w), theme.strong())),
            Line::from(fit(
                &format!("{} · {}", text::body(lang, s.body), s.date),
                w,
            )),
        ])
        .alignment(Alignment::Center),
        header,
    );
}

/// Seated, present, records, an unfinished batch, and the file the screen follows.
fn draw_footer(p: &Projector, f: &mut Frame, footer: Rect, theme: Theme, state: &State) {
    let (lang, w) = (p.lang, footer.width as usize);
    let s = &state.session;
    let audience = match p.audience {
        Audience::Hall => "",
        Audience::Presidium => lang.say(sentences::PRESIDIUM),
    };
    let foot = format!(
        " {audience}{} {} · {} {} · {} {}{}",
        lang.say(sentences::SEATED_LABEL),
        s.seated,
        lang.say(sentences::PRESENT),
        state.present(),
        lang.say(sentences::LOG_RECORDS),
        p.follow.records(),
        if state.closed {
            lang.say(sentences::SESSION_CLOSED)
        } else {
            ""
        }
    );
    // A batch still arriving (or cut short by a crash) is not counted, and the screen says so.
    let foot = match p.follow.unfinished_batch() {
        Some((present, announced)) => lang.pick(sentences::an_unfinished_batch_at_the_end(
            &foot, present, announced,
        )),
        None => foot,
    };
    f.render_widget(
        Paragraph::new(Span::styled(fit(&foot, w), theme.base())),
        footer,
    );
    // Which file the screen follows (a log or its mirror), where the counts leave room.
    let followed = p
        .follow
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let followed = format!("{} {followed} ", lang.say(sentences::FOLLOWING));
    if text::width(&foot) + text::width(&followed) + 2 <= w {
        f.render_widget(
            Paragraph::new(Span::styled(followed, theme.base())).alignment(Alignment::Right),
            footer,
        );
    }
}

/// A log that fails verification shows a warning instead of results, in one language.
fn failed_words(p: &Projector) -> Option<String> {
    let lang = p.lang;
    // A converted log (CR LF line ends) fails check 1 in verify: the same warning here.
    if p.follow.crlf_lines() > 0 {
        let msg = lang.pick(sentences::the_log_failed_verification_line_s(
            p.follow.crlf_lines(),
            check_name(lang, 1),
        ));
        return Some(msg);
    }

    // A log that fails verification shows a warning instead of results, in one language.
    if let Some(bad) = p.follow.first_finding() {
        let msg = lang.pick(sentences::the_log_failed_verification_at_line(
            bad.line,
            bad.check,
            check_name(lang, bad.check),
            &bad.problem,
        ));
        return Some(msg);
    }

    None
}

/// A log that fails verification: the warning instead of any result.
fn warning(f: &mut Frame, body: Rect, theme: Theme, msg: String) {
    f.render_widget(
        Paragraph::new(msg)
            .style(theme.bad())
            .wrap(Wrap { trim: true })
            .block(Block::bordered()),
        body,
    );
}

fn draw_attendance(p: &Projector, f: &mut Frame, area: Rect, theme: Theme, state: &State) {
    let lang = p.lang;
    let [numbers, quorum] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let halves: [Rect; 2] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(numbers);
    let body = state.session.body;
    for (half, (label, n)) in halves.iter().zip([
        (
            crate::words::for_body(lang, body, lang.say(sentences::SEATED_DEPUTIES)),
            state.session.seated,
        ),
        (
            crate::words::for_body(lang, body, lang.say(sentences::PRESENT_DEPUTIES)),
            state.present(),
        ),
    ]) {
        let [l, digits] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(*half);
        f.render_widget(
            Paragraph::new(label)
                .alignment(Alignment::Center)
                .style(theme.strong()),
            l,
        );
        match big(&n.to_string(), digits, theme.strong()) {
            Some((big, h)) => {
                let [d, _] =
                    Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(digits);
                f.render_widget(big, d);
            }
            None => f.render_widget(
                Paragraph::new(n.to_string())
                    .alignment(Alignment::Center)
                    .style(theme.strong()),
                digits,
            ),
        }
    }
    let line = if state.quorum_met() {
        Span::styled(
            lang.say(sentences::QUORUM_PRESENT).to_string(),
            theme.good(),
        )
    } else {
        Span::styled(
            lang.pick(sentences::no_quorum_needed(state.quorum_shortfall())),
            theme.bad(),
        )
    };
    f.render_widget(
        Paragraph::new(Line::from(line)).alignment(Alignment::Center),
        quorum,
    );
}

fn item_title(lang: Lang, state: &State, index: usize) -> String {
    let item = &state.items[index];
    let t = state.session.items[item.def].title();
    if item.round > 1 {
        lang.pick(sentences::title_with_round(
            t,
            item.round,
            item.reason.map(|r| text::reason(lang, r)).unwrap_or(""),
        ))
    } else {
        t.to_string()
    }
}

/// A round's title line, centred in `area`.
fn draw_title(shown: &Shown, f: &mut Frame, area: Rect, what: &str) {
    let (lang, state, index, theme) = (shown.p.lang, shown.state, shown.index, shown.theme);
    let line = title_line(lang, state, index, what, area.width as usize, theme);
    f.render_widget(Paragraph::new(line).alignment(Alignment::Center), area);
}

/// The item's title line, with what the screen shows of it.
fn title_line(
    lang: Lang,
    state: &State,
    index: usize,
    what: &str,
    w: usize,
    theme: Theme,
) -> Line<'static> {
    let sep = lang.say(sentences::COLON_SPACED);
    Line::from(Span::styled(
        fit(&format!("{what}{sep}{}", item_title(lang, state, index)), w),
        theme.strong(),
    ))
}

/// A headline: big digits where they fit, and a label under them (or alone, as a banner).
fn draw_headline(
    f: &mut Frame,
    area: Rect,
    digits: Option<&str>,
    label: &str,
    style: Style,
    theme: Theme,
) {
    let w = area.width as usize;
    let banner = Line::from(Span::styled(
        format!("  {}  ", fit(label, w.saturating_sub(4))),
        theme.banner(style),
    ));
    let big_h = area.height.saturating_sub(1);
    if let Some(d) = digits
        && let Some((text, h)) = big(
            d,
            Rect {
                height: big_h,
                ..area
            },
            style,
        )
    {
        let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(area);
        f.render_widget(text, top);
        f.render_widget(Paragraph::new(banner).alignment(Alignment::Center), rest);
        return;
    }
    let mut lines = Vec::new();
    if let Some(d) = digits {
        lines.push(Line::from(Span::styled(d.to_string(), style)));
    }
    lines.push(banner);
    let pad_top = area.height.saturating_sub(lines.len() as u16) / 2;
    let mut all = vec![Line::from(""); pad_top as usize];
    all.extend(lines);
    f.render_widget(Paragraph::new(all).alignment(Alignment::Center), area);
}
