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

use super::{Audience, Projector};
use crate::engine::{Phase, State};
use crate::rules;
use crate::sentences;
use crate::session::{Item, RatingRule};
use crate::tally::{self, CandidateStatus, ItemTally};
use crate::ui::status_label;
use crate::ui::text::{self, Lang, fit, pad, rpad, width};

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
    let w = area.width as usize;

    if !p.follow.loaded() || (p.follow.records() == 0 && p.follow.problem.is_some()) {
        let msg = match (&p.follow.problem, lang) {
            (Some((kind, _)), Lang::Zh) => format!(
                "等待会议日志 {}：{}",
                p.follow.path.display(),
                match kind {
                    std::io::ErrorKind::NotFound => "文件尚不存在（控制台开始记录后即显示）",
                    std::io::ErrorKind::PermissionDenied => "没有读取权限",
                    _ => "暂时无法读取",
                }
            ),
            (Some((_, e)), Lang::En) => format!(
                "Waiting for the session log {}: {e}",
                p.follow.path.display()
            ),
            (None, _) => lang.say(sentences::READING_THE_LOG).to_string(),
        };
        f.render_widget(
            Paragraph::new(msg)
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
        Some((present, announced)) => match lang {
            Lang::Zh => format!("{foot} · 末尾一批记录未完整（{present}/{announced} 条），未计入"),
            Lang::En => format!(
                "{foot} · an unfinished batch at the end ({present} of {announced} records) is not counted"
            ),
        },
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

    // A converted log (CR LF line ends) fails check 1 in verify: the same warning here.
    if p.follow.crlf_lines() > 0 {
        let msg = match lang {
            Lang::Zh => format!(
                "日志校验未通过：{} 行以 CR LF 结尾（检查 1：{}），文件经过了换行转换。不显示表决结果。请秘书处从控制台电脑取得原始日志并运行 votedesk verify 核查。",
                p.follow.crlf_lines(),
                check_name(lang, 1)
            ),
            Lang::En => format!(
                "The log FAILED verification: {} line(s) end in CR LF (check 1, {}): the file was converted. No results are shown. The secretariat must take the original log from the console PC and run votedesk verify.",
                p.follow.crlf_lines(),
                check_name(lang, 1)
            ),
        };
        warning(f, body, theme, msg);
        return;
    }

    // A log that fails verification shows a warning instead of results, in one language.
    if let Some(bad) = p.follow.first_finding() {
        let msg = match lang {
            Lang::Zh => format!(
                "日志校验未通过：第 {} 行（检查 {}：{}）。不显示表决结果。请秘书处运行 votedesk verify 核查。",
                bad.line,
                bad.check,
                check_name(lang, bad.check)
            ),
            Lang::En => format!(
                "The log FAILED verification at line {} (check {}, {}): {}. No results are shown. The secretariat must run votedesk verify.",
                bad.line,
                bad.check,
                check_name(lang, bad.check),
                bad.problem
            ),
        };
        warning(f, body, theme, msg);
        return;
    }

    let focus = p.follow.focus().and_then(|id| state.item_index(id));
    match focus.map(|i| (i, state.items[i].phase)) {
        None | Some((_, Phase::Pending)) => draw_attendance(p, f, body, theme, state),
        Some((i, Phase::Open)) => draw_voting(p, f, body, theme, state, i),
        Some((i, Phase::Closed)) if p.audience == Audience::Hall => {
            draw_counting(p, f, body, theme, state, i)
        }
        Some((i, _)) => draw_result(p, f, body, theme, state, i),
    }
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
                "{t}（第 {} 轮：{}）",
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

/// Voting: the item, 应到 / 实到, and the progress; counts only where the item shows them
/// live (and always to the presidium, marked 待宣布).
fn draw_voting(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    state: &State,
    index: usize,
) {
    let lang = p.lang;
    let t = state.tally(index);
    let b = t.ballots();
    let def = &state.session.items[state.items[index].def];
    let counts = def.live_display() || p.audience == Audience::Presidium;
    let w = area.width as usize;
    let digits_h = big_rows(area.height).max(1);
    // Without a table the block sits in the middle of the screen.
    let area = if counts {
        area
    } else {
        let used = 1 + 1 + digits_h + 3 + 2;
        let top = area.height.saturating_sub(used) / 2;
        Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        }
    };
    let [title, who, digits, gauge, rest] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(digits_h),
        Constraint::Length(3),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(title_line(
            lang,
            state,
            index,
            lang.say(sentences::VOTING),
            w,
            theme,
        ))
        .alignment(Alignment::Center),
        title,
    );
    f.render_widget(
        Paragraph::new(fit(
            &match lang {
                Lang::Zh => format!("应到 {} · 实到 {}", state.session.seated, state.present()),
                Lang::En => format!(
                    "seated {} · present {}",
                    state.session.seated,
                    state.present()
                ),
            },
            w,
        ))
        .alignment(Alignment::Center),
        who,
    );
    let progress = format!("{}/{}", b.returned, b.issued);
    match big(&progress, digits, theme.strong()) {
        Some((text, _)) => f.render_widget(text, digits),
        None => f.render_widget(
            Paragraph::new(progress)
                .style(theme.strong())
                .alignment(Alignment::Center),
            digits,
        ),
    }
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
    if counts {
        let [note, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rest);
        let what = match p.audience {
            Audience::Presidium => lang.say(sentences::LIVE_COUNT_NOT_DECLARED_PRESIDIUM_ONLY),
            Audience::Hall => lang.say(sentences::LIVE_COUNT_NOT_DECLARED),
        };
        f.render_widget(
            Paragraph::new(Span::styled(fit(what, w), theme.strong())).alignment(Alignment::Center),
            note,
        );
        draw_table(p, f, table, theme, &t, false);
    } else {
        f.render_widget(
            Paragraph::new(lang.say(sentences::VOTING_IN_PROGRESS_RESULTS_ARE_SHOWN))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true })
                .style(theme.base()),
            rest,
        );
    }
}

/// Voting closed, not declared (hall): 计票中, never a verdict; counts only on an item that
/// shows live counts.
fn draw_counting(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    state: &State,
    index: usize,
) {
    let lang = p.lang;
    let t = state.tally(index);
    let b = t.ballots();
    let def = &state.session.items[state.items[index].def];
    let w = area.width as usize;
    let head_h = big_rows(area.height) + 1;
    let [title, headline, recon, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(head_h.max(3)),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(title_line(
            lang,
            state,
            index,
            lang.say(sentences::VOTING_CLOSED),
            w,
            theme,
        ))
        .alignment(Alignment::Center),
        title,
    );
    let digits = (lang == Lang::En).then_some("COUNTING");
    draw_headline(
        f,
        headline,
        digits,
        lang.say(sentences::COUNTING_THE_CHAIR_DECLARES_THE_RESULT),
        theme.strong(),
        theme,
    );
    f.render_widget(
        Paragraph::new(fit(
            &match lang {
                Lang::Zh => format!("发出 {} · 收回 {}", b.issued, b.returned),
                Lang::En => format!("issued {} · returned {}", b.issued, b.returned),
            },
            w,
        ))
        .alignment(Alignment::Center),
        recon,
    );
    if def.live_display() {
        draw_table(p, f, rest, theme, &t, false);
    }
}

/// The headline of a result: what the chair declared (or, to the presidium, will).
fn headline(
    lang: Lang,
    state: &State,
    index: usize,
    t: &ItemTally,
    theme: Theme,
) -> (Option<String>, String, Style) {
    let b = t.ballots();
    if !b.vote_valid {
        return (
            None,
            lang.say(sentences::VOTE_VOID_RETURNED_ISSUED_TO_BE)
                .to_string(),
            theme.bad(),
        );
    }
    match t {
        ItemTally::Vote(v) => {
            if v.candidates.len() == 1 && v.places.is_none() {
                let adopted = v.candidates[0].status == CandidateStatus::Adopted;
                let label = status_label(lang, v.candidates[0].status).to_string();
                let style = if adopted { theme.good() } else { theme.bad() };
                return (
                    Some(v.candidates[0].for_.to_string()),
                    match lang {
                        Lang::Zh => format!("赞成 {} 票 · {label}", v.candidates[0].for_),
                        Lang::En => format!("{} for · {label}", v.candidates[0].for_),
                    },
                    style,
                );
            }
            let n = v.adopted.len();
            let mut label = match (lang, v.places) {
                (Lang::Zh, Some(p)) => format!("项通过（应选 {p} 项）"),
                (Lang::Zh, None) => "项通过".to_string(),
                (Lang::En, Some(p)) => format!("adopted ({p} places)"),
                (Lang::En, None) => "adopted".to_string(),
            };
            if !v.tied.is_empty() {
                label.push_str(lang.say(sentences::A_TIE_A_FURTHER_VOTE_DECIDES));
            }
            if v.unfilled > 0 {
                label.push_str(&match lang {
                    Lang::Zh => format!("，{} 个名额未满", v.unfilled),
                    Lang::En => format!("; {} places unfilled", v.unfilled),
                });
            }
            let style = if v.tied.is_empty() {
                theme.good()
            } else {
                theme.bad()
            };
            (Some(n.to_string()), label, style)
        }
        ItemTally::Rating(r) => {
            let def = &state.session.items[state.items[index].def];
            if let [s] = r.subjects.as_slice() {
                let verdict = s.verdict(lang);
                let style = if s.cutoff_met == Some(false) || s.rate_permille.is_none() {
                    theme.bad()
                } else {
                    theme.good()
                };
                // Big digits show the percentage; the words under them the count and base.
                let rate = s.rate_permille.map(|p| rules::format_permille(Some(p)));
                let words = s.rate_words();
                let label = match (&rate, lang) {
                    (Some(_), Lang::Zh) => format!("满意率 {words} · {verdict}"),
                    (Some(_), Lang::En) => format!("satisfaction {words} · {verdict}"),
                    (None, _) => verdict,
                };
                return (rate, label, style);
            }
            let n = r.subjects.len();
            let first_grade = match def {
                Item::Rating(rt) => match &rt.rule {
                    RatingRule::Tiers { tiers, .. } => tiers.first().map(|t| t.grade.clone()),
                    RatingRule::Rate {
                        cutoff: Some(_), ..
                    } => None,
                    RatingRule::Rate { cutoff: None, .. } => {
                        return (
                            None,
                            lang.say(sentences::SATISFACTION_RATES_BELOW).to_string(),
                            theme.strong(),
                        );
                    }
                },
                Item::ProjectVote(_) => None,
            };
            let (k, label) = match first_grade {
                Some(g) => (
                    r.subjects
                        .iter()
                        .filter(|s| s.grade.as_deref() == Some(g.as_str()))
                        .count(),
                    match lang {
                        Lang::Zh => format!("项评为「{g}」（共 {n} 项）"),
                        Lang::En => format!("rated {g} (of {n})"),
                    },
                ),
                None => (
                    r.subjects
                        .iter()
                        .filter(|s| s.cutoff_met == Some(true))
                        .count(),
                    match lang {
                        Lang::Zh => format!("项达标（共 {n} 项）"),
                        Lang::En => format!("met the cut-off (of {n})"),
                    },
                ),
            };
            (Some(k.to_string()), label, theme.good())
        }
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
    let declared = item.phase == Phase::Declared;
    let what = if declared {
        lang.say(sentences::RESULT)
    } else {
        lang.say(sentences::COUNT_NOT_YET_DECLARED_PRESIDIUM_ONLY)
    };
    let mut foot: Vec<Line> = Vec::new();
    if let ItemTally::Vote(v) = &t {
        if !v.tied.is_empty() {
            let tie = text::tie(lang, &v.tied_titles(), v.tied_places);
            let then = lang.say(sentences::A_FURTHER_VOTE_DECIDES);
            foot.push(Line::from(Span::styled(
                fit(&format!("{tie}{then}"), w),
                theme.bad(),
            )));
        }
        let (adopted, total) = tally::adopted_overall(&state.session, &state.items, item.def);
        if declared && !adopted.is_empty() && total > 0 {
            foot.push(Line::from(fit(
                &match lang {
                    Lang::Zh => format!("通过项目 {} 个，总投资 {} 万元", adopted.len(), total),
                    Lang::En => {
                        format!("{} adopted, total investment {} 万元", adopted.len(), total)
                    }
                },
                w,
            )));
        }
    }
    if let Some((n, hash)) = p.follow.declared_at().get(&item.id) {
        foot.push(Line::from(Span::styled(
            fit(
                &format!(
                    "{} {n} · {}",
                    lang.say(sentences::DECLARATION_ANCHOR_LOG_RECORD),
                    &hash[..hash.len().min(16)]
                ),
                w,
            ),
            theme.strong(),
        )));
    }
    let (digits, label, style) = headline(lang, state, index, &t, theme);
    let label = if declared {
        label
    } else {
        format!("{}{label}", lang.say(sentences::NOT_DECLARED))
    };
    let head_h = if digits.is_some() {
        big_rows(area.height) + 1
    } else {
        1
    };
    let rule = crate::words::round_rule(lang, &state.session, item);
    let rule_words = match (lang, &t) {
        (Lang::Zh, ItemTally::Vote(v)) => format!("{rule}（通过线：赞成 ≥ {}）", v.threshold),
        (Lang::En, ItemTally::Vote(v)) => format!("{rule} (pass line: ≥ {} for)", v.threshold),
        _ => rule,
    };
    let rule_words = crate::words::for_body(lang, state.session.body, &rule_words);
    // The rule in words takes two lines where one is too narrow for it.
    let rule_h = if width(&rule_words) > w { 2 } else { 1 };
    let [title, headline_area, rule, recon, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(head_h),
        Constraint::Length(rule_h),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(title_line(lang, state, index, what, w, theme)).alignment(Alignment::Center),
        title,
    );
    draw_headline(f, headline_area, digits.as_deref(), &label, style, theme);
    f.render_widget(
        Paragraph::new(rule_words)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rule,
    );
    f.render_widget(
        Paragraph::new(crate::ui::reconciliation_line(
            lang,
            b,
            "",
            theme.good(),
            theme.bad(),
        ))
        .alignment(Alignment::Center),
        recon,
    );
    let foot_h = foot.len() + usize::from(!foot.is_empty());
    let rows = table_lines(
        p,
        theme,
        &t,
        true,
        w,
        (table.height as usize).saturating_sub(foot_h),
    );
    let foot = foot
        .into_iter()
        .map(|l| l.alignment(Alignment::Center))
        .collect();
    draw_centred(f, table, rows, foot);
}

/// One row of a table: cells and their widths; right-aligned unless `left`.
struct Cell {
    text: String,
    style: Style,
    left: bool,
}

fn cell(text: impl Into<String>, style: Style, left: bool) -> Cell {
    Cell {
        text: text.into(),
        style,
        left,
    }
}

/// The per-candidate or per-subject table: columns sized to content and centred, rows
/// spread over the height, a page at a time when they do not fit. `verdict`: show the
/// result column (adopted, grade); never before the declaration in the hall.
fn draw_table(
    p: &Projector,
    f: &mut Frame,
    area: Rect,
    theme: Theme,
    t: &ItemTally,
    verdict: bool,
) {
    let lines = table_lines(
        p,
        theme,
        t,
        verdict,
        area.width as usize,
        area.height as usize,
    );
    draw_centred(f, area, lines, Vec::new());
}

/// Lines stacked and centred in the area's height: the table, then what follows it.
fn draw_centred(
    f: &mut Frame,
    area: Rect,
    mut lines: Vec<Line<'static>>,
    after: Vec<Line<'static>>,
) {
    if !after.is_empty() {
        lines.push(Line::from(""));
        lines.extend(after);
    }
    let top = (area.height as usize).saturating_sub(lines.len()) / 2;
    let mut all = vec![Line::from(""); top];
    all.extend(lines);
    f.render_widget(Paragraph::new(all), area);
}

/// The table's lines for a width and a height (see `draw_table`).
fn table_lines(
    p: &Projector,
    theme: Theme,
    t: &ItemTally,
    verdict: bool,
    w: usize,
    height: usize,
) -> Vec<Line<'static>> {
    let lang = p.lang;
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    // Rows after which a rule is drawn: the last place.
    let mut rule_after: Option<usize> = None;
    match t {
        ItemTally::Vote(v) => {
            header.push(cell(lang.say(sentences::RANK), theme.strong(), false));
            header.push(cell(lang.say(sentences::CANDIDATE), theme.strong(), true));
            for hd in [
                lang.say(sentences::FOR),
                lang.say(sentences::AGAINST),
                lang.say(sentences::ABSTAIN),
                lang.say(sentences::NOT_VOTED),
            ] {
                header.push(cell(hd, theme.strong(), false));
            }
            if verdict {
                header.push(cell(
                    lang.say(sentences::COLUMN_RESULT),
                    theme.strong(),
                    true,
                ));
            }
            for &i in &v.ranking {
                let c = &v.candidates[i];
                let mut row = vec![
                    cell(c.rank.to_string(), theme.base(), false),
                    cell(c.title.clone(), theme.base(), true),
                    cell(c.for_.to_string(), theme.strong(), false),
                    cell(c.against.to_string(), theme.base(), false),
                    cell(c.abstain.to_string(), theme.base(), false),
                    cell(c.not_voted.to_string(), theme.base(), false),
                ];
                if verdict {
                    let style = match c.status {
                        CandidateStatus::Adopted => theme.good(),
                        CandidateStatus::Tied | CandidateStatus::Undecided => theme.bad(),
                        _ => theme.base(),
                    };
                    row.push(cell(status_label(lang, c.status), style, true));
                }
                rows.push(row);
            }
            if verdict
                && let Some(places) = v.places
                && (places as usize) < v.ranking.len()
            {
                rule_after = Some(places as usize);
            }
        }
        ItemTally::Rating(r) => {
            header.push(cell(lang.say(sentences::SUBJECT), theme.strong(), true));
            for l in &r.scale {
                header.push(cell(l.clone(), theme.strong(), false));
            }
            header.push(cell(lang.say(sentences::ABSTAIN), theme.strong(), false));
            if verdict {
                header.push(cell(lang.say(sentences::RATE), theme.strong(), false));
                header.push(cell(
                    lang.say(sentences::COLUMN_RESULT),
                    theme.strong(),
                    true,
                ));
            }
            for s in &r.subjects {
                let mut row = vec![cell(s.title.clone(), theme.base(), true)];
                for c in &s.counts {
                    row.push(cell(c.to_string(), theme.base(), false));
                }
                row.push(cell(s.abstain.to_string(), theme.base(), false));
                if verdict {
                    row.push(cell(s.rate_words(), theme.strong(), false));
                    let style = if s.cutoff_met == Some(false) || s.rate_permille.is_none() {
                        theme.bad()
                    } else {
                        theme.good()
                    };
                    row.push(cell(s.verdict(lang), style, true));
                }
                rows.push(row);
            }
        }
    }
    // Column widths from content; the title column (the one left-aligned text column that
    // is not the verdict) takes what is left when the screen is narrow.
    let gap = if w >= 120 { 4 } else { 2 };
    let cols = header.len();
    let mut widths: Vec<usize> = (0..cols)
        .map(|k| {
            rows.iter()
                .map(|r| width(&r[k].text))
                .chain(std::iter::once(width(&header[k].text)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let title_col = header.iter().position(|c| c.left).unwrap_or(0);
    let total = |ws: &[usize]| ws.iter().sum::<usize>() + gap * ws.len().saturating_sub(1);
    if total(&widths) > w {
        let others = total(&widths) - widths[title_col];
        widths[title_col] = w.saturating_sub(others).max(6);
    }
    let table_w = total(&widths).min(w);
    let margin = " ".repeat((w - table_w) / 2);
    let render_row = |row: &[Cell]| -> Line<'static> {
        let mut spans = vec![Span::raw(margin.clone())];
        for (k, c) in row.iter().enumerate() {
            let text = if c.left {
                pad(&c.text, widths[k])
            } else {
                rpad(&c.text, widths[k])
            };
            spans.push(Span::styled(text, c.style));
            if k + 1 < row.len() {
                spans.push(Span::raw(" ".repeat(gap)));
            }
        }
        Line::from(spans)
    };
    if height < 2 {
        return Vec::new();
    }
    // Spread rows over the height: up to two blank lines between them.
    let avail = height - 1;
    let rules_n = usize::from(rule_after.is_some());
    let spacing = if rows.is_empty() {
        1
    } else {
        ((avail.saturating_sub(rules_n)) / rows.len()).clamp(1, 3)
    };
    let mut body: Vec<Line> = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        if k > 0 {
            for _ in 1..spacing {
                body.push(Line::from(""));
            }
        }
        if rule_after == Some(k) {
            let label = lang.say(sentences::LAST_PLACE);
            let side = table_w.saturating_sub(width(label)) / 2;
            body.push(Line::from(Span::styled(
                format!(
                    "{margin}{}{label}{}",
                    "─".repeat(side),
                    "─".repeat(table_w.saturating_sub(side + width(label)))
                ),
                theme.strong(),
            )));
        }
        body.push(render_row(row));
    }
    let mut lines = vec![render_row(&header)];
    let page_rows = if body.len() > avail {
        avail.saturating_sub(1).max(1)
    } else {
        avail
    };
    let pages = body.len().div_ceil(page_rows).max(1);
    let page = p.page % pages;
    lines.extend(body.into_iter().skip(page * page_rows).take(page_rows));
    if pages > 1 {
        lines.extend(std::iter::repeat_n(
            Line::from(""),
            (page_rows + 1).saturating_sub(lines.len()),
        ));
        lines.push(
            Line::from(Span::styled(
                match lang {
                    Lang::Zh => format!("第 {}/{} 页", page + 1, pages),
                    Lang::En => format!("page {}/{}", page + 1, pages),
                },
                theme.strong(),
            ))
            .alignment(Alignment::Center),
        );
    }
    lines
}
