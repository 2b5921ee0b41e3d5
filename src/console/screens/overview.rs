//! The overview (议程): attendance at a glance, the log's count and head, and the agenda —
//! open an item, go to its entry form or its result, close the session.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::console::ask;
use crate::console::env::{Effect, Env, Out, Screen, Tone};
use crate::console::keymap::{Binding, C, Cmd, Ctx, HELP, NAV, b, enter, rec};
use crate::console::layers::Layer;
use crate::console::part::Part;
use crate::console::text::{self, fit, pad, width};
use crate::console::widgets::{Theme, boxed, quorum_line};
use crate::engine::{Action, Event, Phase};
use crate::sentences;

/// The overview's own state: the agenda cursor (an index into `state.items`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overview {
    pub agenda: usize,
}

impl Part for Overview {
    fn ctx(&self, _env: &Env) -> Ctx {
        Ctx::Overview
    }

    fn update(&mut self, env: &Env, _ctx: Ctx, cmd: Cmd, out: &mut Out) -> Option<Effect> {
        update(env, self, cmd, out)
    }

    fn draw(&self, env: &Env, _top: Option<&Layer>, f: &mut Frame, area: Rect, theme: Theme) {
        draw(env, self, f, area, theme)
    }

    /// The console comes back to the agenda when a further round joins it (the cursor on
    /// that round) and when the session closes.
    fn after(&mut self, env: &Env, event: &Event, out: &mut Out) -> Option<String> {
        match event {
            Event::RoundOpened { item, .. } => {
                self.agenda = env.rec.state.item_index(item).unwrap_or(self.agenda);
                out.goto(Screen::Overview);
            }
            Event::SessionClosed { .. } => out.goto(Screen::Overview),
            _ => {}
        }
        None
    }
}

/// The overview's keys.
pub fn bindings() -> Vec<Binding> {
    let mut v: Vec<Binding> = NAV.to_vec();
    v.extend([
        // Opening a vote asks first (the answer records); entering a
        // declared item only shows its result.
        enter(sentences::KEY_OPEN_ENTER_THE_SELECTED_ITEM),
        b(C('a'), "a", sentences::KEY_ATTENDANCE, Cmd::Attendance),
        rec(b(
            C('c'),
            "c",
            sentences::KEY_CLOSE_VOTING_ON_THE_OPEN_ITEM,
            Cmd::CloseItem,
        )),
        rec(b(
            C('d'),
            "d",
            sentences::KEY_DECLARE_THE_RESULT_2,
            Cmd::Declare,
        )),
        rec(b(
            C('f'),
            "f",
            sentences::KEY_FURTHER_ROUND_TIE_VOID_UNFILLED,
            Cmd::FurtherRound,
        )),
        rec(b(
            C('X'),
            "X",
            sentences::KEY_CLOSE_THE_SESSION_FINAL,
            Cmd::CloseSession,
        )),
        HELP,
        b(
            C('q'),
            "q",
            sentences::KEY_QUIT_EVERYTHING_RECORDED_IS_IN_THE,
            Cmd::Quit,
        ),
    ]);
    v
}

pub fn update(env: &Env, me: &mut Overview, cmd: Cmd, out: &mut Out) -> Option<Effect> {
    let order = env.rec.state.agenda_order();
    let pos = order.iter().position(|&i| i == me.agenda).unwrap_or(0);
    match cmd {
        Cmd::Up => me.agenda = order[pos.saturating_sub(1)],
        Cmd::Down => me.agenda = order[(pos + 1).min(order.len().saturating_sub(1))],
        Cmd::Attendance => out.goto(Screen::Attendance),
        Cmd::Enter => {
            let item = env.rec.state.items.get(me.agenda)?;
            match item.phase {
                Phase::Pending => return ask_open(env, me.agenda, out),
                Phase::Open => out.goto(Screen::Voting),
                Phase::Closed | Phase::Declared => out.goto(Screen::Results(me.agenda)),
            }
        }
        Cmd::CloseItem => return ask::close(env, out),
        Cmd::Declare => {
            out.goto(Screen::Results(me.agenda));
            return ask::declare(env, me.agenda, out);
        }
        Cmd::FurtherRound => return ask::further(env, me.agenda, out),
        Cmd::CloseSession => return ask_close_session(env, out),
        _ => {}
    }
    None
}

/// Opening a round: refusals first (no quorum, another item open), then the question:
/// opening issues the ballots and locks attendance until it closes.
fn ask_open(env: &Env, index: usize, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    let item = env.rec.state.items.get(index)?;
    let action = Action::OpenItem(item.id.clone());
    let st = &env.rec.state;
    if let Err(r) = st.prepare(action.clone()) {
        out.say(
            Tone::Bad,
            text::refusal_in(lang, env.rec.state.session.body, &r),
        );
        return None;
    }
    let title = st.session.items[item.def].title().to_string();
    let present = st.present();
    let q = lang.pick(sentences::open_voting_on_ballots_issued_present(
        &title, present,
    ));
    out.confirm(q, action)
}

/// Closing the session: the engine's refusals first, so `y` never meets one; the question
/// names what stays unfinished, and a void vote never re-run by its item.
fn ask_close_session(env: &Env, out: &mut Out) -> Option<Effect> {
    let lang = env.lang;
    if let Err(r) = env.rec.state.prepare(Action::CloseSession) {
        out.say(
            Tone::Bad,
            text::refusal_in(lang, env.rec.state.session.body, &r),
        );
        return None;
    }
    let st = &env.rec.state;
    let declared = st
        .items
        .iter()
        .filter(|i| i.phase == Phase::Declared)
        .count();
    let pending = st
        .items
        .iter()
        .filter(|i| i.phase == Phase::Pending)
        .count();
    // Anything a declared round leaves open: a tie, a void vote, places unfilled or vacant.
    let needing = (0..st.items.len())
        .filter(|&i| st.left_open(i).is_some())
        .count();
    // A void vote never re-run leaves its item without any result: name it.
    let void: Vec<&str> = (0..st.items.len())
        .filter(|&i| st.left_open(i) == Some(crate::engine::RoundReason::VoidVote))
        .map(|i| st.items[i].id.as_str())
        .collect();
    let mut q = lang.pick(sentences::close_the_session_nothing_can_be(
        declared, pending, needing,
    ));
    if !void.is_empty() {
        q = lang.pick(sentences::warning_the_vote_on_was_void(
            void.join("、"),
            &q,
            void.join(", "),
        ));
    }
    out.confirm(q, Action::CloseSession)
}

pub fn draw(env: &Env, me: &Overview, f: &mut Frame, area: Rect, theme: Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(0)]).areas(area);
    let [att, logbox] = Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(left);
    draw_attendance(env, f, att, theme);
    draw_log(env, f, logbox, theme);
    // The agenda.
    let block = boxed(env.lang.say(sentences::AGENDA).into(), theme);
    let inner = block.inner(right);
    f.render_widget(block, right);
    let w = inner.width as usize;
    let mut lines = if env.rec.state.closed {
        closed_lines(env, w, theme)
    } else {
        Vec::new()
    };
    for i in env.rec.state.agenda_order() {
        lines.push(agenda_line(env, me, i, w, theme));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Seated, present, on leave, absent, vacant, the quorum.
fn draw_attendance(env: &Env, f: &mut Frame, att: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let n = |label: &str, v: u32| Line::from(format!(" {} {v:>6}", pad(label, 12)));
    let mut lines = vec![
        n(lang.say(sentences::SEATED), st.session.seated),
        n(lang.say(sentences::PRESENT_LABEL), st.present()),
        n(lang.say(sentences::ON_LEAVE), st.on_leave()),
        n(lang.say(sentences::ABSENT), st.absent()),
    ];
    // A seat with no deputy is a vacancy, never an absence.
    if st.vacant() > 0 {
        lines.push(n(lang.say(sentences::VACANT), st.vacant()));
    }
    lines.push(quorum_line(st, lang, theme));
    f.render_widget(
        Paragraph::new(lines).block(boxed(lang.say(sentences::ATTENDANCE).into(), theme)),
        att,
    );
}

/// The log: its records, head and file, and whether it is read only.
fn draw_log(env: &Env, f: &mut Frame, logbox: Rect, theme: Theme) {
    let st = &env.rec.state;
    let lang = env.lang;
    let head = env.rec.head().unwrap_or("");
    let inner_w = logbox.width.saturating_sub(2) as usize;
    let mut log_lines = vec![
        Line::from(format!(" {} {}", lang.say(sentences::RECORDS), st.records)),
        Line::from(format!(
            " {} {}",
            lang.say(sentences::HEAD),
            &head[..head.len().min(16)]
        )),
        Line::from(Span::styled(
            fit(&format!(" {}", env.rec.path.display()), inner_w),
            theme.dim(),
        )),
    ];
    if env.rec.read_only() {
        let closed = if env.rec.station.is_some() {
            lang.say(sentences::READ_ONLY_STATION_LOG_CLOSED)
        } else {
            lang.say(sentences::READ_ONLY_CLOSED)
        };
        log_lines.push(Line::from(Span::styled(closed.to_string(), theme.bad())));
    }
    f.render_widget(
        Paragraph::new(log_lines).block(boxed(lang.say(sentences::LOG).into(), theme)),
        logbox,
    );
}

/// A closed session or box: the instruction in full, the record count and head.
fn closed_lines(env: &Env, w: usize, theme: Theme) -> Vec<Line<'static>> {
    let st = &env.rec.state;
    let lang = env.lang;
    let head = env.rec.head().unwrap_or("");
    let mut lines = Vec::new();
    // The whole instruction, over as many lines as the width needs.
    let say = if env.rec.station.is_some() {
        lang.say(sentences::BOX_FINISHED_THE_STATION_LOG_IS)
    } else {
        lang.say(sentences::SESSION_CLOSED_COPY_THE_RECORD_COUNT)
    };
    for l in text::wrap(say, w) {
        lines.push(Line::from(Span::styled(l, theme.good())));
    }
    lines.push(Line::from(format!(
        "{} {}",
        lang.say(sentences::RECORDS),
        st.records
    )));
    lines.push(Line::from(Span::styled(
        head[..head.len().min(32)].to_string(),
        theme.title(),
    )));
    lines.push(Line::from(Span::styled(
        head[head.len().min(32)..].to_string(),
        theme.title(),
    )));
    lines.push(Line::from(""));
    lines
}

/// One round on the agenda: its title, phase and what is open about it.
fn agenda_line(env: &Env, me: &Overview, i: usize, w: usize, theme: Theme) -> Line<'static> {
    let st = &env.rec.state;
    let lang = env.lang;
    let item = &st.items[i];
    let def = &st.session.items[item.def];
    let mut title = def.title().to_string();
    if item.round > 1 {
        title = lang.pick(sentences::round_title(item.round, &title));
    }
    let detail = match item.phase {
        Phase::Open => {
            let b = env.tally(i).ballots().clone();
            format!(
                "{} {}/{}",
                lang.say(sentences::COLUMN_RETURNED),
                b.returned,
                b.issued
            )
        }
        // What the result left open, as a fact; the result screen says what may follow.
        Phase::Declared => match st.left_open(i) {
            Some(crate::engine::RoundReason::Unfilled) => lang.say(sentences::UNFILLED).to_string(),
            Some(crate::engine::RoundReason::Tie) => lang.say(sentences::TIE).to_string(),
            Some(crate::engine::RoundReason::VoidVote) => {
                lang.say(sentences::VOTE_VOID).to_string()
            }
            None => String::new(),
        },
        _ => String::new(),
    };
    let marker = if i == me.agenda { "▶" } else { " " };
    // The count and the phase keep their room; the title is what gets shortened.
    let title_w = w.saturating_sub(1 + 1 + 8 + 1 + width(&detail)).max(8);
    let row = format!(
        "{marker}{} {} {}",
        pad(&fit(&title, title_w), title_w),
        pad(text::phase(lang, item.phase), 8),
        detail
    );
    let style = if i == me.agenda {
        theme.selected()
    } else {
        Style::default()
    };
    Line::from(Span::styled(fit(&row, w), style))
}
