//! Drawing pieces the screens and layers share: the theme, bordered boxes and popups, the
//! quorum line, the candidate and subject rows of a tally, a ballot's marks in one line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::text::{Lang, fit, pad, rpad, width};
use crate::engine::{Choice, Marks, State};
use crate::tally::CandidateStatus;

use crate::sentences;
pub use crate::ui::status_label;

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
        Choice::For => lang.say(sentences::FOR),
        Choice::Against => lang.say(sentences::AGAINST),
        Choice::Abstain => lang.say(sentences::ABSTAIN),
    }
}

/// The count of marks against the ballot's limit, and 超选 when over it (one wording for
/// the tick and the per-candidate forms).
pub fn marks_hint(
    lang: Lang,
    theme: Theme,
    marked: crate::sentences::Said,
    over: bool,
    lim: u32,
    w: usize,
) -> Line<'static> {
    let text = lang.pick(sentences::marked_of_limit(&marked, lim, over));
    Line::from(Span::styled(
        fit(&text, w),
        if over { theme.bad() } else { theme.dim() },
    ))
}

pub fn boxed<'a>(title: String, theme: Theme) -> Block<'a> {
    Block::bordered().title(Span::styled(format!(" {title} "), theme.title()))
}

pub fn quorum_line(st: &State, lang: Lang, theme: Theme) -> Line<'static> {
    if st.quorum_met() {
        Line::from(Span::styled(
            lang.say(sentences::QUORUM_MET).to_string(),
            theme.good(),
        ))
    } else {
        let short = st.quorum_shortfall();
        Line::from(Span::styled(
            lang.pick(sentences::no_quorum_short(short)),
            theme.bad(),
        ))
    }
}

/// A text field in a popup: its title, the label before the text, the text with a cursor,
/// and an optional dim hint under it.
pub fn field_popup(
    f: &mut Frame,
    body: Rect,
    theme: Theme,
    (title, label, input): (String, &str, &str),
    hint: Option<&str>,
) {
    let area = centered(body, 70, if hint.is_some() { 6 } else { 5 });
    popup(f, area);
    let mut lines = vec![
        Line::from(""),
        Line::from(vec![
            Span::raw(format!(" {label}")),
            Span::styled(format!("{input}▏"), theme.key()),
        ]),
    ];
    if let Some(h) = hint {
        lines.push(Line::from(Span::styled(format!(" {h}"), theme.dim())));
    }
    f.render_widget(
        ratatui::widgets::Paragraph::new(lines).block(boxed(title, theme)),
        area,
    );
}

pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
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
pub fn popup(f: &mut Frame, area: Rect) {
    let wider = Rect {
        x: area.x.saturating_sub(1),
        width: area.width + 2,
        ..area
    };
    f.render_widget(Clear, wider.intersection(f.area()));
}

/// How far a round's verdict has come: none before any ballot, provisional (暂计) until the
/// chair declares it, then the declared one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Nothing,
    Provisional,
    Declared,
}

impl Stage {
    pub fn of(item: &crate::round::ItemState, returned: u32) -> Stage {
        if item.phase == crate::round::Phase::Declared {
            Stage::Declared
        } else if returned == 0 {
            Stage::Nothing
        } else {
            Stage::Provisional
        }
    }

    /// A verdict in words at this stage: empty before any ballot. Before the declaration
    /// the verdict column is headed 暂计 (`head`), so every row keeps its title's width.
    pub fn say(self, verdict: &str) -> String {
        match self {
            Stage::Nothing => String::new(),
            Stage::Provisional | Stage::Declared => verdict.to_string(),
        }
    }

    /// The verdict column's heading: 暂计 (provisional) until the chair declares.
    pub fn head(self, lang: Lang) -> &'static str {
        match self {
            Stage::Provisional => lang.say(sentences::COLUMN_PROVISIONAL),
            _ => "",
        }
    }
}

/// One row per candidate in rank order with the cut-off line after the last place.
pub fn vote_rows(
    lang: Lang,
    theme: Theme,
    t: &crate::tally::VoteTally,
    w: usize,
    rows: usize,
    with_not_voted: bool,
    stage: Stage,
) -> Vec<Line<'static>> {
    let num_w = 5;
    let cols = if with_not_voted { 4 } else { 3 };
    let verdict_w = match stage {
        Stage::Nothing => 0,
        Stage::Provisional | Stage::Declared => lang.say(sentences::N_12345678901).len(),
    };
    let title_w = w.saturating_sub(3 + num_w * cols + 1 + verdict_w).max(6);
    let head = vote_head(lang, t.kind, title_w, with_not_voted, stage);
    let mut lines = vec![Line::from(Span::styled(fit(&head, w), theme.dim()))];
    let places = t.places.unwrap_or(u32::MAX) as usize;
    let shown = t.shown_rows();
    for (k, r) in shown.iter().enumerate() {
        if lines.len() >= rows {
            break;
        }
        let title = if r.written_in {
            format!("{} {}", lang.say(sentences::WRITTEN_IN), r.title)
        } else {
            r.title.to_string()
        };
        let mut row = format!("{}{}", pad(&r.number.to_string(), 3), pad(&title, title_w));
        let mut nums = vec![Some(r.for_), r.against, r.abstain];
        if with_not_voted {
            nums.push(r.not_voted);
        }
        for n in nums {
            row.push_str(&rpad(&n.map(|n| n.to_string()).unwrap_or_default(), num_w));
        }
        let style = match r.status {
            CandidateStatus::Adopted => theme.good(),
            CandidateStatus::Tied => theme.bad(),
            _ => Style::default(),
        };
        lines.push(Line::from(vec![
            Span::raw(row),
            Span::raw(" "),
            Span::styled(
                fit(&stage.say(status_label(lang, t.kind, r.status)), verdict_w),
                style,
            ),
        ]));
        if k + 1 == places && k + 1 < shown.len() && lines.len() < rows {
            lines.push(Line::from(Span::styled("─".repeat(w), theme.dim())));
        }
    }
    lines
}

/// The head of a vote's table: number, candidate (or motion), the counts' columns.
fn vote_head(
    lang: Lang,
    kind: crate::session::VoteKind,
    title_w: usize,
    with_not_voted: bool,
    stage: Stage,
) -> String {
    let num_w = 5;
    let mut heads = vec![
        lang.say(sentences::FOR),
        lang.say(sentences::COLUMN_AGAINST),
        lang.say(sentences::COLUMN_ABSTAIN),
    ];
    if with_not_voted {
        heads.push(lang.say(sentences::COLUMN_NOT_VOTED));
    }
    let mut head = format!(
        "{}{}",
        pad("#", 3),
        pad(
            lang.say(match kind {
                crate::session::VoteKind::Motions => sentences::MOTION,
                crate::session::VoteKind::Projects => sentences::CANDIDATE,
                crate::session::VoteKind::Election => sentences::CANDIDATE_PERSON,
            }),
            title_w
        )
    );
    for h in heads {
        head.push_str(&rpad(h, num_w));
    }
    if stage == Stage::Provisional {
        head.push(' ');
        head.push_str(stage.head(lang));
    }
    head
}

pub fn rating_rows(
    lang: Lang,
    theme: Theme,
    t: &crate::tally::RatingTally,
    w: usize,
    rows: usize,
    stage: Stage,
) -> Vec<Line<'static>> {
    let g = RatingGrid::of(lang, t, w, stage);
    let mut lines = vec![Line::from(Span::styled(
        fit(&g.head(lang, stage), w),
        theme.dim(),
    ))];
    let per = 1 + usize::from(g.two_lines);
    for (k, s) in t.subjects.iter().enumerate() {
        let left = t.subjects.len() - k;
        // When the rest does not fit, the last line says how many subjects are not shown.
        let fits = lines.len() + per <= rows;
        let room_after = left == 1 || lines.len() + per < rows;
        if !(fits && room_after) {
            if lines.len() < rows {
                lines.push(Line::from(Span::styled(
                    lang.pick(sentences::more_not_shown_enlarge_the_window(left)),
                    theme.dim(),
                )));
            }
            break;
        }
        lines.extend(g.subject(lang, theme, s, w, stage));
    }
    lines
}

/// The columns of a rating table sized to the screen: the scale (with 弃权 and 未评 where
/// any ballot has them), the rate and the verdict; the title takes what is left, or a line
/// of its own when that is too little.
struct RatingGrid<'a> {
    heads: Vec<&'a str>,
    col: Vec<usize>,
    abstain: bool,
    blank: bool,
    rate_w: usize,
    grade_w: usize,
    title_w: usize,
    two_lines: bool,
}

impl<'a> RatingGrid<'a> {
    fn of(lang: Lang, t: &'a crate::tally::RatingTally, w: usize, stage: Stage) -> RatingGrid<'a> {
        let grade_of = |s: &crate::tally::SubjectTally| stage.say(&s.verdict(lang));
        let abstain = t.subjects.iter().any(|s| s.abstain > 0);
        // Subjects left blank (未评) get their column, so a row never silently falls short.
        let blank = t.subjects.iter().any(|s| s.blank > 0);
        let mut heads: Vec<&str> = t.scale.iter().map(String::as_str).collect();
        if abstain {
            heads.push(lang.say(sentences::COLUMN_ABSTAIN));
        }
        if blank {
            heads.push(lang.say(sentences::BLANK));
        }
        let col: Vec<usize> = heads.iter().map(|h| width(h).max(4) + 1).collect();
        let rate_w = t
            .subjects
            .iter()
            .map(|s| width(&s.rate_words()))
            .max()
            .unwrap_or(0)
            .max(6)
            + 1;
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
        RatingGrid {
            heads,
            col,
            abstain,
            blank,
            rate_w,
            grade_w,
            title_w: if two_lines { 1 } else { title_w },
            two_lines,
        }
    }

    fn head(&self, lang: Lang, stage: Stage) -> String {
        let mut head = pad(
            if self.two_lines {
                ""
            } else {
                lang.say(sentences::SUBJECT)
            },
            self.title_w,
        );
        for (h, c) in self.heads.iter().zip(&self.col) {
            head.push_str(&rpad(h, *c));
        }
        head.push_str(&rpad(
            lang.say(sentences::COLUMN_SATISFIED_RATE),
            self.rate_w,
        ));
        if stage == Stage::Provisional {
            head.push(' ');
            head.push_str(stage.head(lang));
        }
        head
    }

    /// One subject's line(s): two lines put the title and the verdict above, the counts and
    /// the rate whole below.
    fn subject(
        &self,
        lang: Lang,
        theme: Theme,
        s: &crate::tally::SubjectTally,
        w: usize,
        stage: Stage,
    ) -> Vec<Line<'static>> {
        let (abstain, blank, col, two_lines) =
            (self.abstain, self.blank, &self.col, self.two_lines);
        let (rate_w, grade_w, title_w) = (self.rate_w, self.grade_w, self.title_w);
        let grade_of = |s: &crate::tally::SubjectTally| stage.say(&s.verdict(lang));
        let mut lines = Vec::new();
        let style = if s.cutoff_met == Some(false) {
            theme.bad()
        } else {
            theme.good()
        };
        // Two lines: the title and the verdict above, the counts and the rate whole below.
        if two_lines {
            let grade = grade_of(s);
            lines.push(Line::from(vec![
                Span::raw(fit(
                    &format!(" {}", s.title),
                    w.saturating_sub(width(&grade) + 1),
                )),
                Span::raw(" "),
                Span::styled(grade, style),
            ]));
        }
        let mut row = pad(if two_lines { "" } else { &s.title }, title_w);
        let mut counts = s.counts.clone();
        if abstain {
            counts.push(s.abstain);
        }
        if blank {
            counts.push(s.blank);
        }
        for (n, c) in counts.iter().zip(col) {
            row.push_str(&rpad(&n.to_string(), *c));
        }
        let rate = if stage == Stage::Nothing {
            String::new()
        } else {
            s.rate_words()
        };
        row.push_str(&rpad(&rate, rate_w));
        if two_lines {
            lines.push(Line::from(fit(&row, w)));
        } else {
            lines.push(Line::from(vec![
                Span::raw(fit(&row, w.saturating_sub(grade_w))),
                Span::raw(" "),
                Span::styled(grade_of(s), style),
            ]));
        }
        lines
    }
}

/// A ballot's marks in one short line.
/// A ballot's marks candidate by candidate, by title ("1 城乡免费公交 赞成；2 … 反对"), for a
/// clerk who asks to see them beside the paper.
pub fn marks_by_choice(lang: Lang, marks: &Marks, ids: &[String], titles: &[&str]) -> String {
    let title = |k: usize| titles.get(k).copied().unwrap_or("");
    match marks {
        Marks::Choices { choices } => choices
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let word = match c {
                    Choice::For => lang.say(sentences::FOR),
                    Choice::Against => lang.say(sentences::AGAINST),
                    Choice::Abstain => lang.say(sentences::ABSTAIN),
                };
                format!("{} {} {word}", k + 1, title(k))
            })
            .collect::<Vec<_>>()
            .join(lang.say(sentences::LIST_SEPARATOR)),
        Marks::Ticks { ticked } => {
            let names: Vec<String> = ticked
                .iter()
                .filter_map(|t| ids.iter().position(|i| i == t))
                .map(|k| format!("{} {}", k + 1, title(k)))
                .collect();
            format!("✓ {}", names.join(lang.say(sentences::LIST_SEPARATOR)))
        }
        Marks::Ratings { labels } => labels
            .iter()
            .enumerate()
            .map(|(k, l)| {
                let l = if l.is_empty() {
                    lang.say(sentences::NOT_RATED)
                } else {
                    l.as_str()
                };
                format!("{} {} {l}", k + 1, title(k))
            })
            .collect::<Vec<_>>()
            .join(lang.say(sentences::LIST_SEPARATOR)),
        other => marks_summary(lang, other, ids),
    }
}

pub fn marks_summary(lang: Lang, marks: &Marks, ids: &[String]) -> String {
    match marks {
        // In groups of five, as the clerk counts along the paper (赞赞反反赞 · 反赞赞弃赞).
        Marks::Choices { choices } => choices
            .chunks(5)
            .map(|five| {
                five.iter()
                    .map(|c| match c {
                        Choice::For => lang.say(sentences::MARK_FOR_SHORT),
                        Choice::Against => lang.say(sentences::MARK_AGAINST_SHORT),
                        Choice::Abstain => lang.say(sentences::MARK_ABSTAIN_SHORT),
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Marks::Ticks { ticked } => {
            let nums: Vec<String> = ticked
                .iter()
                .filter_map(|t| ids.iter().position(|i| i == t))
                .map(|p| (p + 1).to_string())
                .collect();
            format!("✓ {}", nums.join(","))
        }
        Marks::Election { choices, write_ins } => {
            let per = marks_summary(
                lang,
                &Marks::Choices {
                    choices: choices.clone(),
                },
                ids,
            );
            if write_ins.is_empty() {
                per
            } else {
                format!(
                    "{per} + {} {}",
                    lang.say(sentences::WRITTEN_IN),
                    write_ins.join(lang.say(sentences::WORDS))
                )
            }
        }
        Marks::Ratings { labels } => labels.join(" "),
        Marks::Spoiled => lang.say(sentences::SPOILED).to_string(),
        Marks::Void { reason } => format!("{}：{reason}", lang.say(sentences::VOID)),
    }
}
