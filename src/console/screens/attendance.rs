//! Attendance (报到): the roster, checking in by seat number or row, leave and absence,
//! everyone in at once, and the name filter.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::env::{Effect, Env, Out, Screen, Tone};
use crate::console::keymap::{
    Binding, C, Cmd, Ctx, HELP, K, b, backspace, digits, enter, esc, rec,
};
use crate::console::layers::Layer;
use crate::console::part::Part;
use crate::console::text::{self, Lang, fit, pad};
use crate::console::widgets::{Theme, boxed, quorum_line};
use crate::engine::{Action, Attendance as Presence, Event, State};
use crate::sentences;

/// The attendance screen's own state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attendance {
    /// Cursor in the roster view (an index into the filtered roster).
    pub cursor: usize,
    /// Name filter of the roster view.
    pub search: String,
    /// Digits typed: a seat number.
    pub input: String,
}

/// The attendance screen's keys.
pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();

    v.extend([
        b(K(KeyCode::Up), "↑", sentences::KEY_MOVE_UP, Cmd::Up),
        b(K(KeyCode::Down), "↓", sentences::KEY_MOVE_DOWN, Cmd::Down),
        b(
            K(KeyCode::PageUp),
            "PgUp",
            sentences::KEY_PAGE_UP,
            Cmd::PageUp,
        ),
        b(
            K(KeyCode::PageDown),
            "PgDn",
            sentences::KEY_PAGE_DOWN,
            Cmd::PageDown,
        ),
        digits(sentences::KEY_SEAT_TYPE_ITS_NUMBER_THEN_ENTER),
        backspace(sentences::KEY_DELETE),
        rec(enter(sentences::KEY_CHECK_IN_THE_TYPED_SEAT_ELSE)),
        rec(b(
            C('l'),
            "l",
            sentences::KEY_ON_LEAVE_THE_TYPED_SEAT_ELSE,
            Cmd::OnLeave,
        )),
        rec(b(
            C('x'),
            "x",
            sentences::KEY_ABSENT_THE_TYPED_SEAT_ELSE_THE,
            Cmd::Absent,
        )),
        b(C('/'), "/", sentences::KEY_FIND_BY_NAME, Cmd::Search),
        rec(b(
            C('A'),
            "A",
            sentences::KEY_ALL_IN_EVERYONE_NOT_ON_LEAVE,
            Cmd::CheckInAll,
        )),
        HELP,
        esc(sentences::KEY_BACK),
    ]);
    v
}

/// Roster positions shown in the attendance view (after the name filter).
pub fn roster_view(st: &State, search: &str) -> Vec<usize> {
    let roster = &st.session.roster;
    if search.is_empty() {
        (0..roster.len()).collect()
    } else {
        roster
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name.contains(search) || d.delegation.contains(search))
            .map(|(i, _)| i)
            .collect()
    }
}

pub fn update(env: &Env, me: &mut Attendance, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let view = roster_view(&env.rec.state, &me.search);
    let page = 10;
    let selected_seat = view
        .get(me.cursor)
        .map(|&i| env.rec.state.session.roster[i].seat);
    match cmd {
        Cmd::Up => me.cursor = me.cursor.saturating_sub(1),
        Cmd::Down => me.cursor = (me.cursor + 1).min(view.len().saturating_sub(1)),
        Cmd::PageUp => me.cursor = me.cursor.saturating_sub(page),
        Cmd::PageDown => me.cursor = (me.cursor + page).min(view.len().saturating_sub(1)),
        Cmd::Digit(d) if me.input.len() < 6 => me.input.push((b'0' + d) as char),
        Cmd::Backspace => {
            me.input.pop();
        }
        Cmd::Search => out.push(Layer::Search),
        Cmd::CheckInAll => return ask_check_in_all(env, out),
        Cmd::Back => {
            me.input.clear();
            out.goto(Screen::Overview);
        }
        Cmd::Enter => return check_in(env, me, &view, selected_seat, out),
        // The seat typed wins over the highlighted row: with "50" typed, `l` is seat 50.
        Cmd::OnLeave | Cmd::Absent => {
            let seat = if me.input.is_empty() {
                selected_seat?
            } else {
                std::mem::take(&mut me.input).parse::<u32>().ok()?
            };
            return Some(Effect::Record(if cmd == Cmd::OnLeave {
                Action::MarkOnLeave(seat)
            } else {
                Action::MarkAbsent(seat)
            }));
        }
        _ => {}
    }
    None
}

/// Check in every absent deputy: asked first, one batch.
fn ask_check_in_all(env: &Env, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let seats = env.rec.state.absent_seats();
    if seats.is_empty() {
        out.say(
            Tone::Info,
            crate::words::for_body(
                lang,
                env.rec.state.session.body,
                lang.say(sentences::NOBODY_IS_ABSENT),
            ),
        );
        return None;
    }
    let question = lang.pick(sentences::check_in_all_absent_deputies_those(seats.len()));
    let question = crate::words::for_body(lang, env.rec.state.session.body, &question);
    out.push(Layer::Confirm {
        question,
        actions: seats.into_iter().map(Action::CheckIn).collect(),
        detail: None,
        shown: false,
    });
    None
}

/// Enter: the seat typed, else the highlighted deputy, checked in; a deputy on leave only
/// after a question.
fn check_in(
    env: &Env,
    me: &mut Attendance,
    view: &[usize],
    selected_seat: Option<u32>,
    out: &mut Out,
) -> Option<Effect> {
    let lang = env.lang;
    let seat = if me.input.is_empty() {
        selected_seat?
    } else {
        let typed = std::mem::take(&mut me.input);
        match typed.parse::<u32>() {
            Ok(s) => s,
            Err(_) => return None,
        }
    };
    // Move the cursor to the deputy, so the operator sees who it was.
    if let Some(pos) = view
        .iter()
        .position(|&i| env.rec.state.session.roster[i].seat == seat)
    {
        me.cursor = pos;
    }
    // The engine allows a deputy on leave to check in after all; a stray Enter on
    // their row must not do it unasked.
    if env.rec.state.attendance_of(seat) == Some(Presence::OnLeave) {
        let question = lang.pick(sentences::seat_is_on_leave_check_them(seat));
        let question = crate::words::for_body(lang, env.rec.state.session.body, &question);
        return out.confirm(question, Action::CheckIn(seat));
    }
    Some(Effect::Record(Action::CheckIn(seat)))
}

/// Keys while the name filter is being typed (the search layer over this screen).
pub fn search(me: &mut Attendance, cmd: Cmd, out: &mut Out) {
    match crate::console::layers::field::edit(&mut me.search, cmd, out) {
        // Esc drops the filter; Enter keeps it and closes the field.
        crate::console::layers::field::Field::Cancelled => me.search.clear(),
        crate::console::layers::field::Field::Entered(_) => out.pop(),
        crate::console::layers::field::Field::Editing => {}
    }
    me.cursor = 0;
}

pub fn draw(env: &Env, me: &Attendance, searching: bool, f: &mut Frame, area: Rect, theme: Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(32)]).areas(area);
    draw_roster(env, me, f, left, theme);
    // The seat entry, the filter, and counts per delegation.
    let [entry, counts] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(0)]).areas(right);
    draw_entry(env, me, searching, f, entry, theme);
    draw_delegations(env, f, counts, theme);
}

/// The roster, filtered, each deputy's attendance, scrolled to the cursor.
fn draw_roster(env: &Env, me: &Attendance, f: &mut Frame, left: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let view = roster_view(st, &me.search);
    let words = |p: &str| crate::words::for_body(lang, st.session.body, p);
    let block = boxed(
        words(&lang.pick(sentences::roster_count(view.len(), st.session.roster.len()))),
        theme,
    );
    let inner = block.inner(left);
    f.render_widget(block, left);
    let rows = inner.height as usize;
    let w = inner.width as usize;
    // Keep the cursor visible: a window of `rows` around it. Only these rows are built.
    let start = me
        .cursor
        .saturating_sub(rows.saturating_sub(1) / 2)
        .min(view.len().saturating_sub(rows));
    let name_w = 12;
    let status_w = 12;
    let del_w = w.saturating_sub(6 + name_w + status_w + 3).min(28);
    let mut lines = Vec::with_capacity(rows);
    lines.push(Line::from(Span::styled(
        fit(
            &format!(
                " {} {} {} {}",
                pad(lang.say(sentences::SEAT), 5),
                pad(lang.say(sentences::NAME), name_w),
                pad(&words(lang.say(sentences::DELEGATION)), del_w),
                lang.say(sentences::STATUS)
            ),
            w,
        ),
        theme.dim(),
    )));
    for (pos, &i) in view
        .iter()
        .enumerate()
        .skip(start)
        .take(rows.saturating_sub(1))
    {
        let row = roster_row(lang, &st.session.roster[i], st.attendance[i], name_w, del_w);
        let style = if pos == me.cursor {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&row, w), style)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// One deputy's row: seat, name, delegation, and attendance as a mark and in words.
fn roster_row(
    lang: Lang,
    d: &crate::roster::Deputy,
    a: Presence,
    name_w: usize,
    del_w: usize,
) -> String {
    let mark = match a {
        Presence::Present => "●",
        Presence::OnLeave => "◐",
        Presence::Absent => "○",
    };
    format!(
        " {:>5} {} {} {} {}",
        d.seat,
        pad(&d.name, name_w),
        pad(&d.delegation, del_w),
        mark,
        text::attendance(lang, a)
    )
}

/// The seat being typed, the filter, present against seated, the quorum.
fn draw_entry(
    env: &Env,
    me: &Attendance,
    searching: bool,
    f: &mut Frame,
    entry: Rect,
    theme: Theme,
) {
    let st = &env.rec.state;
    let lang = env.lang;
    let mut e = vec![
        Line::from(vec![
            Span::raw(format!(" {} ", lang.say(sentences::SEAT_NUMBER))),
            Span::styled(format!("{}▏", me.input), theme.key()),
        ]),
        Line::from(format!(
            " {} {}",
            lang.say(sentences::FIND),
            if me.search.is_empty() {
                "—"
            } else {
                &me.search
            }
        )),
        Line::from(format!(
            " {} {} / {}",
            lang.say(sentences::PRESENT),
            st.present(),
            st.session.seated
        )),
        quorum_line(st, lang, theme),
    ];
    if searching {
        e[1] = Line::from(vec![
            Span::raw(format!(" {} ", lang.say(sentences::FIND))),
            Span::styled(format!("{}▏", me.search), theme.key()),
        ]);
    }
    f.render_widget(
        Paragraph::new(e).block(boxed(lang.say(sentences::CHECK_IN).into(), theme)),
        entry,
    );
}

/// Present against members, delegation by delegation.
fn draw_delegations(env: &Env, f: &mut Frame, counts: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let block = boxed(
        crate::words::for_body(
            lang,
            st.session.body,
            lang.say(sentences::PRESENT_BY_DELEGATION),
        ),
        theme,
    );
    let inner = block.inner(counts);
    f.render_widget(block, counts);
    let per = env.tallies.delegations(st);
    let cw = inner.width as usize;
    let lines: Vec<Line> = per
        .iter()
        .take(inner.height as usize)
        .map(|(n, p, t)| {
            Line::from(fit(
                &format!(" {} {p:>4}/{t:<4}", pad(n, cw.saturating_sub(12))),
                cw,
            ))
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// After a record of attendance: what it was, in words.
impl Part for Attendance {
    fn ctx(&self, _env: &Env) -> Ctx {
        Ctx::Attendance
    }

    fn update(&mut self, env: &Env, ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
        match ctx {
            // The name filter being typed: the search layer over this screen.
            Ctx::Search => {
                search(self, cmd, out);
                None
            }
            _ => update(env, self, cmd, out),
        }
    }

    fn draw(&self, env: &Env, top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme) {
        draw(env, self, top == Some(&Layer::Search), f, area, theme)
    }

    fn after(&mut self, env: &Env, event: &Event, _out: &mut Out) -> Option<String> {
        after(&env.rec.state, event, env.lang)
    }
}

fn after(st: &State, event: &Event, lang: Lang) -> Option<String> {
    Some(match event {
        Event::CheckedIn { seat } => {
            let name = st
                .session
                .deputy_index(*seat)
                .map(|i| st.session.roster[i].name.clone())
                .unwrap_or_default();
            lang.pick(sentences::seat_checked_in_present(
                seat,
                &name,
                st.present(),
            ))
        }
        Event::MarkedOnLeave { seat } => crate::words::for_body(
            lang,
            st.session.body,
            &lang.pick(sentences::seat_on_leave(seat)),
        ),
        Event::MarkedAbsent { seat } => crate::words::for_body(
            lang,
            st.session.body,
            &lang.pick(sentences::seat_marked_absent(seat)),
        ),
        _ => return None,
    })
}
