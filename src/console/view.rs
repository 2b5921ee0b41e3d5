//! Drawing the console. `draw` only reads the `App`; it never changes anything.
//!
//! Tables are built only for the rows that fit on screen, and every column is laid out by
//! display width, so a 3,000-deputy roster and Chinese titles cost the same as short ones.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::app::{App, BoxAnswer, BoxesLayer, Ctx, Draft, Layer, Screen, Tone, keys};
use super::text::{self, Lang, fit, pad, rpad, width};
use crate::engine::{Attendance, Choice, Marks, Phase};
use crate::rules;
use crate::session::Item;
use crate::tally::{CandidateStatus, ItemTally};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Styles; under `NO_COLOR` only bold, reverse and underline.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub no_color: bool,
}

impl Theme {
    fn color(self, c: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(c)
        }
    }
    pub fn title(self) -> Style {
        self.color(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn selected(self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    pub fn good(self) -> Style {
        self.color(Color::Green).add_modifier(Modifier::BOLD)
    }
    pub fn bad(self) -> Style {
        self.color(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn dim(self) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(Color::DarkGray)
        }
    }
    pub fn key(self) -> Style {
        self.color(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}

pub fn choice_label(lang: Lang, c: Choice) -> &'static str {
    match c {
        Choice::For => lang.t("赞成", "for"),
        Choice::Against => lang.t("反对", "against"),
        Choice::Abstain => lang.t("弃权", "abstain"),
    }
}

pub use crate::ui::status_label;

/// The count of marks against the ballot's limit, and 超选 when over it (one wording for
/// the tick and the per-candidate forms).
fn marks_hint(
    lang: Lang,
    theme: Theme,
    zh: &str,
    en: &str,
    over: bool,
    lim: u32,
    w: usize,
) -> Line<'static> {
    let text = match lang {
        Lang::Zh => format!(
            " {zh} / 最多 {lim}{}",
            if over { "：超选，无效票" } else { "" }
        ),
        Lang::En => format!(
            " {en}, max {lim}{}",
            if over { ": VOID (over-marked)" } else { "" }
        ),
    };
    Line::from(Span::styled(
        fit(&text, w),
        if over { theme.bad() } else { theme.dim() },
    ))
}

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
        let msg = match lang {
            Lang::Zh => format!(
                "窗口太小（{}×{}）：请放大到至少 {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            ),
            Lang::En => format!(
                "Window too small ({}×{}): enlarge it to at least {MIN_WIDTH}×{MIN_HEIGHT}",
                area.width, area.height
            ),
        };
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
    match app.screen {
        Screen::Overview => draw_overview(app, f, body, theme),
        Screen::Attendance => draw_attendance(app, f, body, theme),
        Screen::Voting => draw_voting(app, f, body, theme),
        Screen::Results(i) => draw_results(app, f, body, theme, i),
    }
    draw_status(app, f, status, theme);
    for layer in &app.layers {
        draw_layer(app, f, body, theme, layer);
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
    let title = lang.t("输入已停止", "INPUT STOPPED").to_string();
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
        Some(st) => match lang {
            Lang::Zh => format!(
                " 计票台 · 票箱 {} · 计票员 {} · 开箱清点 {} 张 ",
                st.r#box, st.teller, st.hand_count
            ),
            Lang::En => format!(
                " STATION · box {} · teller {} · hand count {} ",
                st.r#box, st.teller, st.hand_count
            ),
        },
        None => format!(
            " {} · {} · {} {} ",
            text::body(lang, s.body),
            s.date,
            lang.t("操作员", "operator"),
            app.rec.operator()
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
            crate::words::for_body(lang, app.rec.state.session.body, lang.t(bnd.zh, bnd.en));
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

fn boxed<'a>(title: String, theme: Theme) -> Block<'a> {
    Block::bordered().title(Span::styled(format!(" {title} "), theme.title()))
}

fn quorum_line(app: &App, theme: Theme) -> Line<'static> {
    let st = &app.rec.state;
    let lang = app.lang;
    if st.quorum_met() {
        Line::from(Span::styled(
            lang.t("✔ 符合法定人数", "✔ quorum met").to_string(),
            theme.good(),
        ))
    } else {
        let short = st.quorum_shortfall();
        Line::from(Span::styled(
            match lang {
                Lang::Zh => format!("✖ 不足法定人数，还需 {short} 人"),
                Lang::En => format!("✖ no quorum: {short} more needed"),
            },
            theme.bad(),
        ))
    }
}

fn draw_overview(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &app.rec.state;
    let lang = app.lang;
    let [left, right] =
        Layout::horizontal([Constraint::Length(30), Constraint::Min(0)]).areas(area);
    let [att, logbox] = Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(left);
    let n = |label: &str, v: u32| Line::from(format!(" {} {v:>6}", pad(label, 12)));
    let mut lines = vec![
        n(lang.t("应到", "Seated"), st.session.seated),
        n(lang.t("实到", "Present"), st.present()),
        n(lang.t("请假", "On leave"), st.on_leave()),
        n(lang.t("缺席", "Absent"), st.absent()),
    ];
    // A seat with no deputy is a vacancy, never an absence.
    if st.vacant() > 0 {
        lines.push(n(lang.t("缺额", "Vacant"), st.vacant()));
    }
    lines.push(quorum_line(app, theme));
    f.render_widget(
        Paragraph::new(lines).block(boxed(lang.t("出席", "Attendance").into(), theme)),
        att,
    );

    let head = app.rec.head().unwrap_or("");
    let inner_w = logbox.width.saturating_sub(2) as usize;
    let mut log_lines = vec![
        Line::from(format!(" {} {}", lang.t("记录数", "records"), st.records)),
        Line::from(format!(
            " {} {}",
            lang.t("哈希", "head"),
            &head[..head.len().min(16)]
        )),
        Line::from(Span::styled(
            fit(&format!(" {}", app.rec.path.display()), inner_w),
            theme.dim(),
        )),
    ];
    if app.rec.read_only() {
        log_lines.push(Line::from(Span::styled(
            lang.t(" 只读（已闭会）", " read-only (closed)").to_string(),
            theme.bad(),
        )));
    }
    f.render_widget(
        Paragraph::new(log_lines).block(boxed(lang.t("日志", "Log").into(), theme)),
        logbox,
    );

    // The agenda.
    let block = boxed(lang.t("议程", "Agenda").into(), theme);
    let inner = block.inner(right);
    f.render_widget(block, right);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if st.closed {
        // The whole instruction, over as many lines as the width needs.
        for l in text::wrap(
            lang.t(
                "已闭会。请将以下记录数和哈希抄录到签字的结果报告单上：",
                "Session closed. Copy the record count and head onto the signed result sheet:",
            ),
            w,
        ) {
            lines.push(Line::from(Span::styled(l, theme.good())));
        }
        lines.push(Line::from(format!(
            "{} {}",
            lang.t("记录数", "records"),
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
    }
    for i in app.agenda_order() {
        let item = &st.items[i];
        let def = &st.session.items[item.def];
        let mut title = def.title().to_string();
        if item.round > 1 {
            title = match lang {
                Lang::Zh => format!("第{}轮 {title}", item.round),
                Lang::En => format!("round {} {title}", item.round),
            };
        }
        let detail = match item.phase {
            Phase::Open => {
                let b = app.tally(i).ballots().clone();
                format!("{} {}/{}", lang.t("收回", "in"), b.returned, b.issued)
            }
            Phase::Declared => match st.further_round_needed(i) {
                Some(_) => lang.t("需另行票决", "further round").to_string(),
                None => String::new(),
            },
            _ => String::new(),
        };
        let marker = if i == app.agenda { "▶" } else { " " };
        // The count and the phase keep their room; the title is what gets shortened.
        let title_w = w.saturating_sub(1 + 1 + 8 + 1 + width(&detail)).max(8);
        let row = format!(
            "{marker}{} {} {}",
            pad(&fit(&title, title_w), title_w),
            pad(text::phase(lang, item.phase), 8),
            detail
        );
        let style = if i == app.agenda {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&row, w), style)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_attendance(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &app.rec.state;
    let lang = app.lang;
    let [left, right] =
        Layout::horizontal([Constraint::Min(40), Constraint::Length(32)]).areas(area);
    let view = app.roster_view();
    let words = |p: &str| crate::words::for_body(lang, st.session.body, p);
    let block = boxed(
        match lang {
            Lang::Zh => words(&format!(
                "代表名单 {}/{}",
                view.len(),
                st.session.roster.len()
            )),
            Lang::En => format!("Roster {}/{}", view.len(), st.session.roster.len()),
        },
        theme,
    );
    let inner = block.inner(left);
    f.render_widget(block, left);
    let rows = inner.height as usize;
    let w = inner.width as usize;
    // Keep the cursor visible: a window of `rows` around it. Only these rows are built.
    let start = app
        .roster_cursor
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
                pad(lang.t("座位", "seat"), 5),
                pad(lang.t("姓名", "name"), name_w),
                pad(&words(lang.t("代表团", "delegation")), del_w),
                lang.t("状态", "status")
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
        let d = &st.session.roster[i];
        let a = st.attendance[i];
        let mark = match a {
            Attendance::Present => "●",
            Attendance::OnLeave => "◐",
            Attendance::Absent => "○",
        };
        let row = format!(
            " {:>5} {} {} {} {}",
            d.seat,
            pad(&d.name, name_w),
            pad(&d.delegation, del_w),
            mark,
            text::attendance(lang, a)
        );
        let style = if pos == app.roster_cursor {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(fit(&row, w), style)));
    }
    f.render_widget(Paragraph::new(lines), inner);

    // The seat entry, the filter, and counts per delegation.
    let [entry, counts] =
        Layout::vertical([Constraint::Length(6), Constraint::Min(0)]).areas(right);
    let mut e = vec![
        Line::from(vec![
            Span::raw(format!(" {} ", lang.t("座位号", "seat"))),
            Span::styled(format!("{}▏", app.input), theme.key()),
        ]),
        Line::from(format!(
            " {} {}",
            lang.t("查找", "find"),
            if app.search.is_empty() {
                "—"
            } else {
                &app.search
            }
        )),
        Line::from(format!(
            " {} {} / {}",
            lang.t("实到", "present"),
            st.present(),
            st.session.seated
        )),
        quorum_line(app, theme),
    ];
    if app.layers.last() == Some(&Layer::Search) {
        e[1] = Line::from(vec![
            Span::raw(format!(" {} ", lang.t("查找", "find"))),
            Span::styled(format!("{}▏", app.search), theme.key()),
        ]);
    }
    f.render_widget(
        Paragraph::new(e).block(boxed(lang.t("报到", "Check in").into(), theme)),
        entry,
    );
    let block = boxed(
        crate::words::for_body(
            lang,
            st.session.body,
            lang.t("各代表团出席", "Present by delegation"),
        ),
        theme,
    );
    let inner = block.inner(counts);
    f.render_widget(block, counts);
    let per = app.delegations();
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

fn draw_voting(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &app.rec.state;
    let lang = app.lang;
    let Some(open) = st.open else {
        f.render_widget(
            Paragraph::new(lang.t("没有正在表决的事项", "No item is open")),
            area,
        );
        return;
    };
    let item = &st.items[open];
    let def = &st.session.items[item.def];
    let tally = app.tally(open);
    let b = tally.ballots();
    let [top, main] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let kind = if def.secret() {
        lang.t("无记名", "secret")
    } else {
        lang.t("记名", "named")
    };
    let progress = if let Some(station) = &app.rec.station {
        match lang {
            Lang::Zh => format!(
                "票箱 {} · 已录入 {} 张 / 开箱清点 {} 张",
                station.r#box, b.returned, station.hand_count
            ),
            Lang::En => format!(
                "box {} · keyed {} of {} counted by hand",
                station.r#box, b.returned, station.hand_count
            ),
        }
    } else if def.secret() {
        match lang {
            Lang::Zh => format!(
                "收回 {} / 发出 {}（有效 {} 无效 {}）",
                b.returned, b.issued, b.valid, b.void
            ),
            Lang::En => format!(
                "returned {} of {} issued (valid {}, void {})",
                b.returned, b.issued, b.valid, b.void
            ),
        }
    } else {
        match lang {
            Lang::Zh => format!("已表决 {} / 出席 {}", b.returned, b.issued),
            Lang::En => format!("voted {} of {} present", b.returned, b.issued),
        }
    };
    let mut warn = Vec::new();
    if !b.vote_valid {
        warn.push(Span::styled(
            lang.t(
                "  收回多于发出：本次表决将无效",
                "  returned > issued: this vote will be VOID",
            )
            .to_string(),
            theme.bad(),
        ));
    }
    let w = top.width as usize;
    let round = if item.round > 1 {
        format!(" ({} {})", lang.t("第", "round"), item.round)
    } else {
        String::new()
    };
    let mut line2 = vec![Span::styled(progress, theme.good())];
    line2.extend(warn);
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(
                fit(
                    &format!(" {}{round} · {kind} · {}", def.title(), item.id),
                    w,
                ),
                theme.title(),
            )),
            Line::from(line2),
        ]),
        top,
    );
    let [form_area, tally_area] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(main);
    draw_form(app, f, form_area, theme);
    if app.rec.station.is_some() {
        draw_box_counts(app, f, tally_area, theme, &tally);
    } else {
        draw_live_tally(app, f, tally_area, theme, &tally);
    }
}

fn draw_form(app: &App, f: &mut Frame, area: Rect, theme: Theme) {
    let st = &app.rec.state;
    let lang = app.lang;
    let Some(open) = st.open else { return };
    let item = &st.items[open];
    let def = &st.session.items[item.def];
    let title = match (app.ctx(), app.named_seat) {
        (Ctx::VoteSeat, _) => crate::words::for_body(
            lang,
            st.session.body,
            lang.t("输入代表座位号", "Seat number of the deputy"),
        ),
        (_, Some(seat)) => {
            let name = st
                .session
                .deputy_index(seat)
                .map(|i| st.session.roster[i].name.as_str())
                .unwrap_or("");
            match lang {
                Lang::Zh => format!("{seat} 号 {name} 的表决"),
                Lang::En => format!("Vote of seat {seat} {name}"),
            }
        }
        _ => match lang {
            Lang::Zh => format!("第 {} 张选票", item.live_ballots().count() + 1),
            Lang::En => format!("Ballot {}", item.live_ballots().count() + 1),
        },
    };
    let block = boxed(title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    if app.ctx() == Ctx::VoteSeat {
        let lines = vec![
            Line::from(vec![
                Span::raw(format!(" {} ", lang.t("座位号", "seat"))),
                Span::styled(format!("{}▏", app.input), theme.key()),
            ]),
            Line::from(""),
            Line::from(Span::styled(
                crate::words::for_body(
                    lang,
                    st.session.body,
                    lang.t(
                        " 输入座位号后按 Enter，再录入该代表的表决",
                        " type the seat, Enter, then key the deputy's vote",
                    ),
                ),
                theme.dim(),
            )),
        ];
        f.render_widget(Paragraph::new(lines), inner);
        return;
    }
    let titles = def.choice_titles();
    let rows = inner.height.saturating_sub(1) as usize;
    let n = item.choices.len();
    let start = app
        .cursor
        .saturating_sub(rows.saturating_sub(1) / 2)
        .min(n.saturating_sub(rows));
    let mark_w = 10;
    let mut lines = Vec::new();
    let (ticked, limit) = match &app.draft {
        Some(Draft::Ticks(v)) => (
            v.iter().filter(|t| **t).count(),
            item.tick_limit(&st.session),
        ),
        _ => (0, None),
    };
    for (pos, &c) in item.choices.iter().enumerate().skip(start).take(rows) {
        let (mark, style): (String, Style) = match &app.draft {
            Some(Draft::Choices(v)) => match v.get(pos).copied().flatten() {
                Some(ch) => (
                    format!("[{}]", choice_label(lang, ch)),
                    if ch == Choice::For {
                        theme.good()
                    } else {
                        Style::default()
                    },
                ),
                None => (format!("({})", lang.t("弃权", "abstain")), theme.dim()),
            },
            Some(Draft::Ticks(v)) => {
                if v.get(pos).copied().unwrap_or(false) {
                    ("[✓]".into(), theme.good())
                } else {
                    ("[ ]".into(), Style::default())
                }
            }
            Some(Draft::Ratings(v)) => match v.get(pos).cloned().flatten() {
                Some(l) if l.is_empty() => (format!("[{}]", lang.t("未评", "blank")), theme.dim()),
                Some(l) => (format!("[{l}]"), theme.good()),
                None => ("[ — ]".into(), theme.dim()),
            },
            None => (String::new(), Style::default()),
        };
        let num = format!("{:>2} ", pos + 1);
        let t = pad(titles[c], w.saturating_sub(mark_w + 4));
        let base = if pos == app.cursor {
            theme.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(num, base),
            Span::styled(t, base),
            Span::raw(" "),
            Span::styled(pad(&mark, mark_w), style),
        ]));
    }
    let hint = match (&app.draft, def) {
        (Some(Draft::Ticks(_)), _) => {
            let lim = limit.unwrap_or(0);
            let (zh, en) = (format!("已勾选 {ticked}"), format!("{ticked} ticked"));
            marks_hint(
                lang,
                theme,
                &zh,
                &en,
                rules::over_marked(ticked, lim),
                lim,
                w,
            )
        }
        (Some(Draft::Choices(v)), _) if item.mark_limit(&st.session).is_some() => {
            let lim = item.mark_limit(&st.session).unwrap_or(0);
            let fors = v.iter().filter(|c| **c == Some(Choice::For)).count();
            let (zh, en) = (format!("赞成 {fors}"), format!("{fors} for"));
            marks_hint(lang, theme, &zh, &en, rules::over_marked(fors, lim), lim, w)
        }
        (_, Item::Rating(r)) => {
            let mut s: Vec<String> = r
                .scale
                .iter()
                .enumerate()
                .map(|(i, l)| format!("{} {l}", i + 1))
                .collect();
            if r.abstain {
                s.push(format!("0 {}", crate::session::ABSTAIN_LABEL));
            }
            Line::from(Span::styled(
                fit(&format!(" {}", s.join("  ")), w),
                theme.dim(),
            ))
        }
        _ => Line::from(Span::styled(
            fit(
                lang.t(
                    " 1 赞成  2 反对  3 弃权  · 未标记按弃权",
                    " 1 for  2 against  3 abstain · unmarked = abstain",
                ),
                w,
            ),
            theme.dim(),
        )),
    };
    lines.push(hint);
    f.render_widget(Paragraph::new(lines), inner);
}

/// One row per candidate in rank order with the cut-off line after the last place.
fn vote_rows(
    lang: Lang,
    theme: Theme,
    t: &crate::tally::VoteTally,
    w: usize,
    rows: usize,
    with_not_voted: bool,
) -> Vec<Line<'static>> {
    let num_w = 5;
    let cols = if with_not_voted { 4 } else { 3 };
    let verdict_w = lang.t("12345678", "12345678901").len();
    let title_w = w.saturating_sub(3 + num_w * cols + 1 + verdict_w).max(6);
    let mut heads = vec![
        lang.t("赞成", "for"),
        lang.t("反对", "agst"),
        lang.t("弃权", "abst"),
    ];
    if with_not_voted {
        heads.push(lang.t("未投", "n/v"));
    }
    let mut head = format!(
        "{}{}",
        pad("#", 3),
        pad(lang.t("候选项目", "candidate"), title_w)
    );
    for h in heads {
        head.push_str(&rpad(h, num_w));
    }
    let mut lines = vec![Line::from(Span::styled(fit(&head, w), theme.dim()))];
    let places = t.places.unwrap_or(u32::MAX) as usize;
    for (k, &i) in t.ranking.iter().enumerate() {
        if lines.len() >= rows {
            break;
        }
        let c = &t.candidates[i];
        let mut row = format!("{}{}", pad(&c.rank.to_string(), 3), pad(&c.title, title_w));
        let mut nums = vec![c.for_, c.against, c.abstain];
        if with_not_voted {
            nums.push(c.not_voted);
        }
        for n in nums {
            row.push_str(&rpad(&n.to_string(), num_w));
        }
        let style = match c.status {
            CandidateStatus::Adopted => theme.good(),
            CandidateStatus::Tied => theme.bad(),
            _ => Style::default(),
        };
        lines.push(Line::from(vec![
            Span::raw(row),
            Span::raw(" "),
            Span::styled(fit(status_label(lang, c.status), verdict_w), style),
        ]));
        if k + 1 == places && k + 1 < t.ranking.len() && lines.len() < rows {
            lines.push(Line::from(Span::styled("─".repeat(w), theme.dim())));
        }
    }
    lines
}

fn rating_rows(
    lang: Lang,
    theme: Theme,
    t: &crate::tally::RatingTally,
    w: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let grade_of = |s: &crate::tally::SubjectTally| s.verdict(lang);
    let abstain = t.subjects.iter().any(|s| s.abstain > 0);
    let mut heads: Vec<&str> = t.scale.iter().map(String::as_str).collect();
    if abstain {
        heads.push(lang.t("弃权", "abst"));
    }
    let col: Vec<usize> = heads.iter().map(|h| width(h).max(4) + 1).collect();
    let rate_w = 7;
    let grade_w = t
        .subjects
        .iter()
        .map(|s| width(&grade_of(s)))
        .max()
        .unwrap_or(0)
        + 1;
    let title_w = w.saturating_sub(col.iter().sum::<usize>() + rate_w + grade_w + 1);
    // One line per subject when the title has room, else the title on a line of its own.
    let two_lines = title_w < 8;
    let title_w = if two_lines { 1 } else { title_w };
    let mut head = pad(
        if two_lines {
            ""
        } else {
            lang.t("测评对象", "subject")
        },
        title_w,
    );
    for (h, c) in heads.iter().zip(&col) {
        head.push_str(&rpad(h, *c));
    }
    head.push_str(&rpad(lang.t("满意率", "sat.%"), rate_w));
    let mut lines = vec![Line::from(Span::styled(fit(&head, w), theme.dim()))];
    for s in t.subjects.iter() {
        if lines.len() + usize::from(two_lines) >= rows {
            break;
        }
        if two_lines {
            lines.push(Line::from(fit(&format!(" {}", s.title), w)));
        }
        let mut row = pad(if two_lines { "" } else { &s.title }, title_w);
        let mut counts = s.counts.clone();
        if abstain {
            counts.push(s.abstain);
        }
        for (n, c) in counts.iter().zip(&col) {
            row.push_str(&rpad(&n.to_string(), *c));
        }
        row.push_str(&rpad(&rules::format_permille(s.rate_permille), rate_w));
        let style = if s.cutoff_met == Some(false) {
            theme.bad()
        } else {
            theme.good()
        };
        lines.push(Line::from(vec![
            Span::raw(fit(&row, w.saturating_sub(grade_w))),
            Span::raw(" "),
            Span::styled(grade_of(s), style),
        ]));
    }
    lines
}

/// A station's count of its own box, in ballot order: no threshold, no rank and no verdict,
/// since one box decides nothing.
fn draw_box_counts(app: &App, f: &mut Frame, area: Rect, theme: Theme, tally: &ItemTally) {
    let lang = app.lang;
    let block = boxed(
        lang.t("本票箱录入（不作判定）", "This box as keyed (no verdict)")
            .into(),
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let b = tally.ballots();
    let mut lines = vec![Line::from(fit(
        &match lang {
            Lang::Zh => format!(
                " 已录入 {} 张（有效 {} 无效 {}）",
                b.returned, b.valid, b.void
            ),
            Lang::En => format!(" keyed {} (valid {}, void {})", b.returned, b.valid, b.void),
        },
        w,
    ))];
    let (heads, rows): (Vec<String>, Vec<(String, Vec<u32>)>) = match tally {
        ItemTally::Vote(v) => (
            vec![
                lang.t("赞成", "for").into(),
                lang.t("反对", "agst").into(),
                lang.t("弃权", "abst").into(),
            ],
            v.candidates
                .iter()
                .map(|c| (c.title.clone(), vec![c.for_, c.against, c.abstain]))
                .collect(),
        ),
        ItemTally::Rating(r) => {
            let mut heads = r.scale.clone();
            heads.push(lang.t("弃权", "abst").into());
            (
                heads,
                r.subjects
                    .iter()
                    .map(|s| {
                        let mut n = s.counts.clone();
                        n.push(s.abstain);
                        (s.title.clone(), n)
                    })
                    .collect(),
            )
        }
    };
    let col: Vec<usize> = heads.iter().map(|h| width(h).max(4) + 1).collect();
    let title_w = w.saturating_sub(3 + col.iter().sum::<usize>()).max(6);
    let mut head = format!("{}{}", pad("#", 3), pad("", title_w));
    for (h, c) in heads.iter().zip(&col) {
        head.push_str(&rpad(h, *c));
    }
    lines.push(Line::from(Span::styled(fit(&head, w), theme.dim())));
    for (k, (title, nums)) in rows.iter().enumerate() {
        let mut row = format!("{}{}", pad(&(k + 1).to_string(), 3), pad(title, title_w));
        for (n, c) in nums.iter().zip(&col) {
            row.push_str(&rpad(&n.to_string(), *c));
        }
        lines.push(Line::from(fit(&row, w)));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_live_tally(app: &App, f: &mut Frame, area: Rect, theme: Theme, tally: &ItemTally) {
    let lang = app.lang;
    let block = boxed(lang.t("实时计票", "Live tally").into(), theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let rows = inner.height as usize;
    let mut lines = Vec::new();
    match tally {
        ItemTally::Vote(v) => {
            lines.push(Line::from(fit(
                &match lang {
                    Lang::Zh => format!(
                        " 通过线 赞成≥{} · 基数 {}{}",
                        v.threshold,
                        v.base,
                        v.places.map(|p| format!(" · 名额 {p}")).unwrap_or_default()
                    ),
                    Lang::En => format!(
                        " pass: for ≥ {} (> half of {}){}",
                        v.threshold,
                        v.base,
                        v.places
                            .map(|p| format!(" · places {p}"))
                            .unwrap_or_default()
                    ),
                },
                w,
            )));
            lines.extend(vote_rows(lang, theme, v, w, rows.saturating_sub(1), false));
        }
        ItemTally::Rating(r) => lines.extend(rating_rows(lang, theme, r, w, rows)),
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_results(app: &App, f: &mut Frame, area: Rect, theme: Theme, index: usize) {
    let st = &app.rec.state;
    let lang = app.lang;
    let Some(item) = st.items.get(index) else {
        return;
    };
    let def = &st.session.items[item.def];
    let t = app.tally(index);
    let b = t.ballots();
    let title = match item.phase {
        Phase::Declared => lang.t("表决结果（已宣布）", "Result (declared)"),
        _ => lang.t("表决结果（待宣布）", "Result (not yet declared)"),
    };
    let block = boxed(
        fit(
            &format!("{title} · {}", def.title()),
            (area.width as usize).saturating_sub(6),
        ),
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines = vec![crate::ui::reconciliation_line(
        lang,
        b,
        " ",
        theme.good(),
        theme.bad(),
    )];
    let mut footer: Vec<Line> = Vec::new();
    match &t {
        ItemTally::Vote(v) => {
            footer.push(Line::from(fit(
                &match lang {
                    Lang::Zh => format!(
                        " 通过须赞成 ≥ {}（超过基数 {} 的半数）",
                        v.threshold, v.base
                    ),
                    Lang::En => format!(
                        " passing needs ≥ {} for (more than half of {})",
                        v.threshold, v.base
                    ),
                },
                w,
            )));
            if !v.tied.is_empty() {
                let tie = text::tie(lang, &v.tied_titles(), v.tied_places);
                let hint = lang.t(" → 按 f 另行票决", " → f opens a further round");
                footer.push(Line::from(Span::styled(
                    fit(&format!(" {tie}{hint}"), w),
                    theme.bad(),
                )));
            }
            if v.unfilled > 0 {
                let hint = lang.t("（可按 f 另行票决）", " (f: further vote)");
                footer.push(Line::from(Span::styled(
                    format!(" {}{hint}", text::unfilled(lang, v.unfilled)),
                    theme.bad(),
                )));
            }
            if v.adopted_investment > 0 {
                footer.push(Line::from(match lang {
                    Lang::Zh => format!(" 通过项目总投资 {} 万元", v.adopted_investment),
                    Lang::En => format!(
                        " adopted projects' investment: {} 万元",
                        v.adopted_investment
                    ),
                }));
            }
        }
        ItemTally::Rating(_) => {}
    }
    if let Some((n, head)) = app.rec.declared_at.get(&item.id) {
        footer.push(Line::from(Span::styled(
            match lang {
                Lang::Zh => format!(" 宣布锚点：日志第 {n} 条记录"),
                Lang::En => format!(" anchor: declared at log record {n}"),
            },
            theme.title(),
        )));
        footer.push(Line::from(Span::styled(
            fit(&format!(" {head}"), w),
            theme.title(),
        )));
    }
    let rows = (inner.height as usize).saturating_sub(1 + footer.len());
    match &t {
        ItemTally::Vote(v) => lines.extend(vote_rows(lang, theme, v, w, rows, true)),
        ItemTally::Rating(r) => lines.extend(rating_rows(lang, theme, r, w, rows)),
    }
    let pad_rows = (inner.height as usize).saturating_sub(lines.len() + footer.len());
    lines.extend(std::iter::repeat_n(Line::from(""), pad_rows));
    lines.extend(footer);
    f.render_widget(Paragraph::new(lines), inner);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clear one extra column each side so wide characters cut by the popup leave no halves.
fn popup(f: &mut Frame, area: Rect) {
    let wider = Rect {
        x: area.x.saturating_sub(1),
        width: area.width + 2,
        ..area
    };
    f.render_widget(Clear, wider.intersection(f.area()));
}

fn draw_layer(app: &App, f: &mut Frame, body: Rect, theme: Theme, layer: &Layer) {
    let lang = app.lang;
    match layer {
        Layer::Help => {
            // Help lists the keys of the context below it.
            let under = app
                .layers
                .iter()
                .rposition(|l| *l == Layer::Help)
                .unwrap_or(0);
            let ctx = app.ctx_at(&app.layers[..under]);
            let list: Vec<Line> = keys(ctx, app.policy())
                .iter()
                .filter(|b| !b.label.is_empty())
                .map(|b| {
                    Line::from(vec![
                        Span::styled(pad(b.label, 8), theme.key()),
                        Span::raw(crate::words::for_body(
                            lang,
                            app.rec.state.session.body,
                            lang.t(b.zh, b.en),
                        )),
                    ])
                })
                .collect();
            let area = centered(body, 64, list.len() as u16 + 2);
            popup(f, area);
            f.render_widget(
                Paragraph::new(list).block(boxed(
                    lang.t("按键帮助（Esc 关闭）", "Keys (Esc closes)").into(),
                    theme,
                )),
                area,
            );
        }
        Layer::Confirm { question, .. } | Layer::ConfirmBoxes { question, .. } => {
            // Tall enough for the whole question: the keys line must never be cut off.
            let width = 66u16.min(body.width);
            let wrapped = text::wrap(&format!(" {question}"), width.saturating_sub(2) as usize);
            let area = centered(body, 66, wrapped.len() as u16 + 5);
            popup(f, area);
            let mut lines = vec![Line::from("")];
            lines.extend(wrapped.into_iter().map(Line::from));
            lines.push(Line::from(""));
            lines.push(Line::from(vec![
                Span::styled(" y ", theme.key()),
                Span::raw(lang.t("确认    ", "yes    ")),
                Span::styled("n/Esc ", theme.key()),
                Span::raw(lang.t("取消", "cancel")),
            ]));
            f.render_widget(
                Paragraph::new(lines).block(boxed(lang.t("请确认", "Confirm").into(), theme)),
                area,
            );
        }
        Layer::Corrections { selected, .. } => {
            let st = &app.rec.state;
            let Some(open) = st.open else { return };
            let item = &st.items[open];
            let area = centered(body, 70, body.height.saturating_sub(2));
            popup(f, area);
            let block = boxed(
                lang.t(
                    "更正：选择要作废的选票",
                    "Corrections: pick the ballot to void",
                )
                .into(),
                theme,
            );
            let inner = block.inner(area);
            f.render_widget(block, area);
            let numbers = app.live_ballot_numbers();
            let rows = inner.height as usize;
            let start = selected.saturating_sub(rows.saturating_sub(1));
            let ids = st.choice_ids(item);
            let lines: Vec<Line> = numbers
                .iter()
                .enumerate()
                .skip(start)
                .take(rows)
                .map(|(k, &n)| {
                    let bal = &item.ballots[n as usize - 1];
                    let who = bal.seat.map(|s| format!(" #{s}")).unwrap_or_default();
                    let row = format!(" {:>5}{who}  {}", n, marks_summary(lang, &bal.marks, &ids));
                    let style = if k == *selected {
                        theme.selected()
                    } else {
                        Style::default()
                    };
                    Line::from(Span::styled(fit(&row, inner.width as usize), style))
                })
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
        }
        Layer::Reason { ballot, input } => {
            let area = centered(body, 66, 5);
            popup(f, area);
            let lines = vec![
                Line::from(""),
                Line::from(vec![
                    Span::raw(lang.t(" 理由：", " reason: ")),
                    Span::styled(format!("{input}▏"), theme.key()),
                ]),
            ];
            let title = match (lang, ballot) {
                (Lang::Zh, Some(n)) => format!("作废第 {n} 张选票"),
                (Lang::En, Some(n)) => format!("Void ballot {n}"),
                (Lang::Zh, None) => "本票为无效票：理由".to_string(),
                (Lang::En, None) => "This ballot is void: why".to_string(),
            };
            f.render_widget(Paragraph::new(lines).block(boxed(title, theme)), area);
        }
        Layer::ImportPath { input } => {
            let area = centered(body, 70, 6);
            popup(f, area);
            let lines = vec![
                Line::from(""),
                Line::from(vec![
                    Span::raw(lang.t(" 文件：", " file: ")),
                    Span::styled(format!("{input}▏"), theme.key()),
                ]),
                Line::from(Span::styled(
                    lang.t(
                        " 先整体检查，无误后确认，一次写入",
                        " checked whole first, then recorded at once after you confirm",
                    ),
                    theme.dim(),
                )),
            ];
            f.render_widget(
                Paragraph::new(lines).block(boxed(
                    lang.t("导入选票（CSV）", "Import ballots (CSV)").into(),
                    theme,
                )),
                area,
            );
        }
        Layer::Boxes(layer) => draw_boxes(f, body, theme, lang, layer),
        Layer::BoxReason { answer, input, .. } => {
            let area = centered(body, 66, 5);
            popup(f, area);
            let lines = vec![
                Line::from(""),
                Line::from(vec![
                    Span::raw(lang.t(" 理由：", " reason: ")),
                    Span::styled(format!("{input}▏"), theme.key()),
                ]),
            ];
            let title = match answer {
                BoxAnswer::First => lang.t("按第一位计票员的读数", "The first teller's reading"),
                BoxAnswer::Second => lang.t("按第二位计票员的读数", "The second teller's reading"),
                BoxAnswer::Void => lang.t("裁定为无效票", "Ruled void"),
                BoxAnswer::Keep => lang.t("维持录入张数", "Keep the keyed count"),
            };
            f.render_widget(
                Paragraph::new(lines).block(boxed(
                    format!("{title}{}", lang.t("：理由", ": why")),
                    theme,
                )),
                area,
            );
        }
        Layer::Search => {}
    }
}

/// The boxes from counting stations and what the scrutineers must decide, one row each.
fn draw_boxes(f: &mut Frame, body: Rect, theme: Theme, lang: Lang, layer: &BoxesLayer) {
    let area = centered(
        body,
        body.width.saturating_sub(4).max(40),
        body.height.saturating_sub(2),
    );
    popup(f, area);
    let left = (0..layer.rows.len())
        .filter(|&r| layer.decided(r).is_none())
        .count();
    let title = match lang {
        Lang::Zh => format!("票箱比对：{} 项须裁定，尚余 {left} 项", layer.rows.len()),
        Lang::En => format!(
            "Boxes compared: {} to decide, {left} left",
            layer.rows.len()
        ),
    };
    let block = boxed(title, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for p in &layer.plans {
        let tellers: Vec<&str> = p
            .entries
            .iter()
            .map(|e| e.binding.teller.as_str())
            .collect();
        lines.push(Line::from(Span::styled(
            fit(
                &match lang {
                    Lang::Zh => format!(
                        " 票箱 {}：{}；录入 {} 张，清点 {} 张",
                        p.r#box,
                        tellers.join(" / "),
                        p.entries[0].ballots.len(),
                        p.entries[0].binding.hand_count
                    ),
                    Lang::En => format!(
                        " box {}: {}; keyed {}, hand count {}",
                        p.r#box,
                        tellers.join(" / "),
                        p.entries[0].ballots.len(),
                        p.entries[0].binding.hand_count
                    ),
                },
                w,
            ),
            theme.dim(),
        )));
    }
    lines.push(Line::from(""));
    // Every row whole, wrapped: a reading cut short would hide what the paper must settle.
    let room = (inner.height as usize).saturating_sub(lines.len());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, (p, what)) in layer.rows.iter().enumerate() {
        let plan = &layer.plans[*p];
        let all = crate::station::difference_lines(plan, lang);
        let skip = usize::from(plan.multiset_because.is_some());
        let text = match what {
            crate::console::app::BoxRow::Reading(d) => all.get(skip + d).cloned(),
            crate::console::app::BoxRow::Entry => {
                Some(all[..all.len() - plan.hand_count.len()].join(lang.t("；", "; ")))
            }
            crate::console::app::BoxRow::HandCount => {
                Some(all[all.len() - plan.hand_count.len()..].join(lang.t("；", "; ")))
            }
        }
        .unwrap_or_default();
        let mark = match layer.decided(k) {
            Some(reason) => format!("✔ {text} → {reason}"),
            None => format!("? {text}"),
        };
        let wrapped = text::wrap(&mark, w.saturating_sub(3));
        rows.push((k, wrapped));
    }
    // Scroll so the selected row is in view.
    let mut start = 0;
    while start < layer.selected
        && rows[start..=layer.selected]
            .iter()
            .map(|(_, l)| l.len())
            .sum::<usize>()
            > room
    {
        start += 1;
    }
    for (k, wrapped) in rows.iter().skip(start) {
        if lines.len() + wrapped.len() > inner.height as usize {
            break;
        }
        let style = if *k == layer.selected {
            theme.selected()
        } else if layer.decided(*k).is_some() {
            theme.good()
        } else {
            Style::default()
        };
        for (i, l) in wrapped.iter().enumerate() {
            let lead = if i == 0 { " " } else { "   " };
            lines.push(Line::from(Span::styled(
                fit(&format!("{lead}{l}"), w),
                style,
            )));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// A ballot's marks in one short line.
pub fn marks_summary(lang: Lang, marks: &Marks, ids: &[String]) -> String {
    match marks {
        Marks::Choices { choices } => choices
            .iter()
            .map(|c| match c {
                Choice::For => lang.t("赞", "F"),
                Choice::Against => lang.t("反", "A"),
                Choice::Abstain => lang.t("弃", "-"),
            })
            .collect::<Vec<_>>()
            .join(""),
        Marks::Ticks { ticked } => {
            let nums: Vec<String> = ticked
                .iter()
                .filter_map(|t| ids.iter().position(|i| i == t))
                .map(|p| (p + 1).to_string())
                .collect();
            format!("✓ {}", nums.join(","))
        }
        Marks::Ratings { labels } => labels.join(" "),
        Marks::Spoiled => lang.t("废票", "spoiled").to_string(),
        Marks::Void { reason } => format!("{}：{reason}", lang.t("无效票", "void")),
    }
}
