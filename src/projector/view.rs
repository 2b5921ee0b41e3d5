//! Drawing the projector: big digits for the numbers (ASCII only, via tui-big-text),
//! normal-size Chinese labels, high contrast, nothing shown by colour alone.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Wrap};
use tui_big_text::{BigText, PixelSize};

use super::Projector;
use crate::console::text::{self, Lang, fit, pad, rpad, width};
use crate::console::view::status_label;
use crate::engine::{Phase, State};
use crate::rules;
use crate::tally::{self, CandidateStatus, ItemTally};

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
}

/// Big digits sized to the space: 8 rows high on large screens, 4 on small ones.
fn big<'a>(s: &str, area: Rect, style: Style) -> (BigText<'a>, u16) {
    let chars = s.chars().count() as u16;
    let (size, h) = if area.height >= 8 && chars * 8 <= area.width {
        (PixelSize::Full, 8)
    } else if chars * 8 <= area.width {
        (PixelSize::HalfHeight, 4)
    } else {
        (PixelSize::Quadrant, 4)
    };
    let text = BigText::builder()
        .pixel_size(size)
        .style(style)
        .alignment(Alignment::Center)
        .lines(vec![Line::from(s.to_string())])
        .build();
    (text, h)
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
    let w = area.width as usize;

    let Some(report) = p.follow.report.as_ref() else {
        let msg = match (&p.follow.problem, lang) {
            (Some(e), Lang::Zh) => format!("等待会议日志 {}：{e}", p.follow.path.display()),
            (Some(e), Lang::En) => format!(
                "Waiting for the session log {}: {e}",
                p.follow.path.display()
            ),
            (None, _) => lang.t("正在读取日志…", "Reading the log…").to_string(),
        };
        f.render_widget(
            Paragraph::new(msg)
                .style(theme.strong())
                .wrap(Wrap { trim: true }),
            body,
        );
        return;
    };
    let Some(state) = report.state.as_ref() else {
        f.render_widget(
            Paragraph::new(lang.t(
                "日志中没有可读的会议绑定记录",
                "The log has no readable session binding",
            ))
            .style(theme.bad()),
            body,
        );
        return;
    };
    let s = &state.session;
    let title = match (lang, &s.title_en) {
        (Lang::En, Some(t)) => t.as_str(),
        _ => s.title.as_str(),
    };
    f.render_widget(
        Paragraph::new(vec![
            Line::from(Span::styled(fit(title, w), theme.strong())),
            Line::from(format!("{} · {}", text::body(lang, s.body), s.date)),
        ])
        .alignment(Alignment::Center),
        header,
    );
    let foot = format!(
        " {} {} · {} {} · {} {}{}",
        lang.t("应到", "seated"),
        s.seated,
        lang.t("实到", "present"),
        state.present(),
        lang.t("日志记录", "records"),
        report.records,
        if state.closed {
            lang.t(" · 已闭会", " · session closed")
        } else {
            ""
        }
    );
    f.render_widget(
        Paragraph::new(Span::styled(fit(&foot, w), theme.base())),
        footer,
    );

    // A log that fails verification shows a warning instead of results.
    if let Some(bad) = report.findings.first() {
        let msg = match lang {
            Lang::Zh => format!(
                "日志校验未通过：第 {} 行：{}。不显示表决结果。请秘书处运行 votedesk verify 核查。",
                bad.line, bad.problem
            ),
            Lang::En => format!(
                "The log FAILED verification at line {}: {}. No results are shown. The secretariat must run votedesk verify.",
                bad.line, bad.problem
            ),
        };
        f.render_widget(
            Paragraph::new(msg)
                .style(theme.bad())
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            body,
        );
        return;
    }

    let focus = p
        .follow
        .focus
        .as_deref()
        .and_then(|id| state.item_index(id));
    match focus {
        None => draw_attendance(p, f, body, theme, state),
        Some(i) if state.items[i].phase == Phase::Open => draw_open(p, f, body, theme, state, i),
        Some(i) => draw_result(p, f, body, theme, state, i),
    }
}

fn draw_attendance(p: &Projector, f: &mut Frame, area: Rect, theme: Theme, state: &State) {
    let lang = p.lang;
    let [numbers, quorum] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(2)]).areas(area);
    let halves: [Rect; 2] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(numbers);
    for (half, (label, n)) in halves.iter().zip([
        (lang.t("应到代表", "Seated"), state.session.seated),
        (lang.t("实到代表", "Present"), state.present()),
    ]) {
        let [l, digits] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(*half);
        f.render_widget(
            Paragraph::new(label)
                .alignment(Alignment::Center)
                .style(theme.strong()),
            l,
        );
        let (big, h) = big(&n.to_string(), digits, theme.strong());
        let [d, _] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(digits);
        f.render_widget(big, d);
    }
    let line = if state.quorum_met() {
        Span::styled(
            lang.t("✔ 符合法定人数", "✔ Quorum present").to_string(),
            theme.good(),
        )
    } else {
        Span::styled(
            match lang {
                Lang::Zh => format!("✖ 不足法定人数，还需 {} 人", state.quorum_shortfall()),
                Lang::En => format!("✖ No quorum: {} more needed", state.quorum_shortfall()),
            },
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
        match lang {
            Lang::Zh => format!(
                "{t}（第{}轮：{}）",
                item.round,
                item.reason.map(|r| text::reason(lang, r)).unwrap_or("")
            ),
            Lang::En => format!(
                "{t} (round {}: {})",
                item.round,
                item.reason.map(|r| text::reason(lang, r)).unwrap_or("")
            ),
        }
    } else {
        t.to_string()
    }
}

fn draw_open(p: &Projector, f: &mut Frame, area: Rect, theme: Theme, state: &State, index: usize) {
    let lang = p.lang;
    let t = state.tally(index);
    let b = t.ballots();
    let def = &state.session.items[state.items[index].def];
    let live = def.live_display();
    let [title, digits, gauge, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(if area.height >= 30 { 8 } else { 4 }),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            fit(&item_title(lang, state, index), area.width as usize),
            theme.strong(),
        )))
        .alignment(Alignment::Center),
        title,
    );
    let (big, _) = big(
        &format!("{}/{}", b.returned, b.issued),
        digits,
        theme.strong(),
    );
    f.render_widget(big, digits);
    let label = if def.secret() {
        match lang {
            Lang::Zh => format!("收回 {} / 发出 {}", b.returned, b.issued),
            Lang::En => format!("returned {} of {} issued", b.returned, b.issued),
        }
    } else {
        match lang {
            Lang::Zh => format!("已表决 {} / 出席 {}", b.returned, b.issued),
            Lang::En => format!("voted {} of {} present", b.returned, b.issued),
        }
    };
    let ratio = if b.issued == 0 {
        0.0
    } else {
        (f64::from(b.returned) / f64::from(b.issued)).min(1.0)
    };
    f.render_widget(
        Gauge::default()
            .block(Block::bordered())
            .gauge_style(theme.good())
            .ratio(ratio)
            .label(Span::styled(label, theme.strong())),
        gauge,
    );
    if live {
        draw_table(p, f, rest, theme, &t, false);
    } else {
        f.render_widget(
            Paragraph::new(lang.t(
                "表决进行中 · 计票结果将在表决截止后公布",
                "Voting in progress · results are shown when voting closes",
            ))
            .alignment(Alignment::Center)
            .style(theme.base()),
            rest,
        );
    }
}

fn draw_result(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    state: &State,
    index: usize,
) {
    let lang = p.lang;
    let item = &state.items[index];
    let t = state.tally(index);
    let b = t.ballots();
    let w = area.width as usize;
    let phase = match item.phase {
        Phase::Declared => lang.t("表决结果", "Result"),
        _ => lang.t("计票结果（待宣布）", "Count (not yet declared)"),
    };
    let mut head = vec![
        Line::from(Span::styled(
            fit(
                &format!(
                    "{phase}{}{}",
                    lang.t("：", ": "),
                    item_title(lang, state, index)
                ),
                w,
            ),
            theme.strong(),
        )),
        Line::from(vec![
            Span::raw(format!("{}   ", text::reconciliation(lang, b))),
            Span::styled(
                text::validity(lang, b.vote_valid),
                if b.vote_valid {
                    theme.good()
                } else {
                    theme.bad()
                },
            ),
        ]),
    ];
    let mut foot: Vec<Line> = Vec::new();
    if let ItemTally::Vote(v) = &t {
        head.push(Line::from(match lang {
            Lang::Zh => format!(
                "通过线：赞成 ≥ {}（超过 {} 的半数）{}",
                v.threshold,
                v.base,
                v.places
                    .map(|p| format!("  应选 {p} 项"))
                    .unwrap_or_default()
            ),
            Lang::En => format!(
                "passes with ≥ {} for (more than half of {}){}",
                v.threshold,
                v.base,
                v.places
                    .map(|p| format!("  places {p}"))
                    .unwrap_or_default()
            ),
        }));
        if !v.tied.is_empty() {
            let tie = text::tie(lang, &v.tied_titles(), v.tied_places);
            let then = lang.t("，须另行票决", ": a further vote decides");
            foot.push(Line::from(Span::styled(
                fit(&format!("{tie}{then}"), w),
                theme.bad(),
            )));
        }
        if v.unfilled > 0 {
            foot.push(Line::from(Span::styled(
                text::unfilled(lang, v.unfilled),
                theme.bad(),
            )));
        }
        let (adopted, total) = tally::adopted_overall(state, item.def);
        if item.phase == Phase::Declared && !adopted.is_empty() && total > 0 {
            foot.push(Line::from(match lang {
                Lang::Zh => format!("通过项目 {} 个，总投资 {} 万元", adopted.len(), total),
                Lang::En => format!("{} adopted, total investment {} 万元", adopted.len(), total),
            }));
        }
    }
    if let Some((n, hash)) = p.follow.declared_at.get(&item.id) {
        foot.push(Line::from(Span::styled(
            format!(
                "{} {n} · {}",
                lang.t("宣布时日志记录", "declared at log record"),
                &hash[..hash.len().min(16)]
            ),
            theme.strong(),
        )));
    }
    let [h, table, ft] = Layout::vertical([
        Constraint::Length(head.len() as u16 + 1),
        Constraint::Min(0),
        Constraint::Length(foot.len() as u16),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head), h);
    draw_table(p, f, table, theme, &t, true);
    f.render_widget(Paragraph::new(foot), ft);
}

/// The per-candidate or per-subject table, a page at a time with a page indicator.
fn draw_table(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    t: &ItemTally,
    verdict: bool,
) {
    let lang = p.lang;
    let w = area.width as usize;
    let rows = (area.height as usize).saturating_sub(2).max(1);
    let mut lines: Vec<Line> = Vec::new();
    let mut body: Vec<Line> = Vec::new();
    match t {
        ItemTally::Vote(v) => {
            let num = 7;
            let verdict_w = if verdict {
                lang.t("12345678", "12345678901").len()
            } else {
                0
            };
            let title_w = (w.saturating_sub(4 + num * 4 + verdict_w + 2) * 3 / 5).max(8);
            let bar_w = w.saturating_sub(4 + title_w + num * 4 + verdict_w + 2);
            let mut header = format!(
                "{}{}",
                pad("", 4),
                pad(lang.t("候选项目", "candidate"), title_w)
            );
            for hd in [
                lang.t("赞成", "for"),
                lang.t("反对", "against"),
                lang.t("弃权", "abstain"),
                lang.t("未投", "not voted"),
            ] {
                header.push_str(&rpad(hd, num));
            }
            lines.push(Line::from(Span::styled(fit(&header, w), theme.strong())));
            let scale = u64::from(v.ballots.issued.max(1)).max(v.base);
            let places = v.places.unwrap_or(u32::MAX) as usize;
            for (k, &i) in v.ranking.iter().enumerate() {
                let c = &v.candidates[i];
                let mut row = format!(
                    "{}{}",
                    rpad(&format!("{} ", c.rank), 4),
                    pad(&c.title, title_w)
                );
                for n in [c.for_, c.against, c.abstain, c.not_voted] {
                    row.push_str(&rpad(&n.to_string(), num));
                }
                let filled = (u64::from(c.for_) * bar_w.saturating_sub(1) as u64 / scale) as usize;
                let bar = format!(
                    " {}{}",
                    "█".repeat(filled),
                    " ".repeat(bar_w.saturating_sub(1 + filled))
                );
                let mut spans = vec![Span::raw(row), Span::styled(bar, theme.good())];
                if verdict {
                    let style = match c.status {
                        CandidateStatus::Adopted => theme.good(),
                        CandidateStatus::Tied | CandidateStatus::Undecided => theme.bad(),
                        _ => theme.base(),
                    };
                    spans.push(Span::styled(
                        format!(" {}", pad(status_label(lang, c.status), verdict_w)),
                        style,
                    ));
                }
                body.push(Line::from(spans));
                if verdict && k + 1 == places && k + 1 < v.ranking.len() {
                    body.push(Line::from(Span::styled(
                        fit(
                            &format!("{} {} ", "─".repeat(4), lang.t("应选名额线", "last place")),
                            w,
                        ) + &"─".repeat(w.saturating_sub(16)),
                        theme.strong(),
                    )));
                }
            }
        }
        ItemTally::Rating(r) => {
            let num = r.scale.iter().map(|l| width(l)).max().unwrap_or(4).max(7) + 2;
            let cols = r.scale.len() + 1;
            let title_w = w.saturating_sub(num * (cols + 1) + 12).max(8);
            let mut header = pad(lang.t("测评对象", "subject"), title_w);
            for l in &r.scale {
                header.push_str(&rpad(l, num));
            }
            header.push_str(&rpad(lang.t("弃权", "abstain"), num));
            header.push_str(&rpad(lang.t("满意率", "rate"), num));
            lines.push(Line::from(Span::styled(fit(&header, w), theme.strong())));
            for s in &r.subjects {
                let mut row = pad(&s.title, title_w);
                for c in &s.counts {
                    row.push_str(&rpad(&c.to_string(), num));
                }
                row.push_str(&rpad(&s.abstain.to_string(), num));
                row.push_str(&rpad(&rules::format_permille(s.rate_permille), num));
                let grade = s.verdict(lang);
                let style = if s.cutoff_met == Some(false) {
                    theme.bad()
                } else {
                    theme.good()
                };
                body.push(Line::from(vec![
                    Span::raw(fit(&row, w.saturating_sub(width(&grade) + 2))),
                    Span::raw("  "),
                    Span::styled(grade, style),
                ]));
            }
        }
    }
    let pages = body.len().div_ceil(rows).max(1);
    let page = p.page % pages;
    lines.extend(body.into_iter().skip(page * rows).take(rows));
    if pages > 1 {
        let pad_rows = (rows + 1).saturating_sub(lines.len());
        lines.extend(std::iter::repeat_n(Line::from(""), pad_rows));
        lines.push(Line::from(Span::styled(
            match lang {
                Lang::Zh => format!("第 {}/{} 页", page + 1, pages),
                Lang::En => format!("page {}/{}", page + 1, pages),
            },
            theme.strong(),
        )));
    }
    f.render_widget(Paragraph::new(lines), area);
}
