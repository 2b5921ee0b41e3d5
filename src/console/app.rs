//! The console's state, its key map and `update`. No drawing and no terminal I/O here.
//!
//! Keys resolve against a small context (`Ctx`) through one binding table per context;
//! the help overlay lists the same table. `update` turns a command into an `Effect`
//! ("record this action"); the loop carries it out through the recorder and hands the
//! result back with `recorded`, so a ballot shows as recorded only after its sync.

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::text::{self, Lang};
use crate::engine::{Action, Attendance, Choice, Event, Marks, Phase};
use crate::recorder::{Opened, RecordError, Recorder};
use crate::session::{ABSTAIN_LABEL, Form, Item};
use crate::tally::ItemTally;

/// Where the operator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Attendance,
    Voting,
    Results(usize),
}

/// A layer over the screen that takes keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    Help,
    Confirm {
        question: String,
        actions: Vec<Action>,
    },
    /// A question whose yes records several batches, one per ballot box.
    ConfirmBoxes {
        question: String,
        batches: Vec<Vec<Action>>,
    },
    Corrections {
        selected: usize,
        /// Digits typed: jump to the ballot with that number.
        typed: String,
    },
    /// A reason typed: for withdrawing recorded ballot `ballot` (a correction), or, with
    /// no ballot, for the ballot being entered, void for another reason.
    Reason {
        ballot: Option<u32>,
        input: String,
    },
    Search,
    /// The path of a keypad or scanner export to import into the open item, or of station
    /// logs (files or a folder) whose boxes are imported.
    ImportPath {
        input: String,
    },
    /// Boxes from counting stations, compared: every difference and hand-count mismatch
    /// waits for the scrutineers' decision before anything is recorded.
    Boxes(Box<BoxesLayer>),
    /// The reason for a decision on row `row` of the boxes layer.
    BoxReason {
        row: usize,
        answer: BoxAnswer,
        input: String,
    },
}

/// The boxes being imported and the decisions taken so far.
#[derive(Debug, Clone)]
pub struct BoxesLayer {
    pub plans: Vec<crate::station::BoxPlan>,
    pub answers: Vec<crate::station::Answers>,
    /// What needs a decision, one row each: (plan index, what).
    pub rows: Vec<(usize, BoxRow)>,
    pub selected: usize,
}

impl PartialEq for BoxesLayer {
    fn eq(&self, other: &Self) -> bool {
        self.answers == other.answers && self.rows == other.rows && self.selected == other.selected
    }
}
impl Eq for BoxesLayer {}

/// One thing the scrutineers decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoxRow {
    /// A ballot read differently: index into the plan's differences.
    Reading(usize),
    /// The entries differ as totals: which entry is right.
    Entry,
    /// A keyed count differs from the hand count.
    HandCount,
}

/// The answer a key gives on a row, before its reason is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxAnswer {
    First,
    Second,
    Void,
    Keep,
}

impl BoxesLayer {
    /// Whether row `row` has its decision.
    pub fn decided(&self, row: usize) -> Option<String> {
        let (p, what) = self.rows.get(row)?;
        let a = &self.answers[*p];
        match what {
            BoxRow::Reading(d) => match &self.plans[*p].differences[*d] {
                crate::station::Difference::Reading { ballot, .. } => {
                    a.readings.get(ballot).map(|(_, r)| r.clone())
                }
                _ => None,
            },
            BoxRow::Entry => a.entry.as_ref().map(|(_, r)| r.clone()),
            BoxRow::HandCount => a.hand_count.clone(),
        }
    }
    pub fn all_decided(&self) -> bool {
        (0..self.rows.len()).all(|r| self.decided(r).is_some())
    }
}

/// The context keys are resolved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Overview,
    Attendance,
    VoteSeat,
    VoteChoices,
    VoteTicks,
    VoteRatings,
    Results,
    Help,
    Confirm,
    Corrections,
    Reason,
    Search,
    ImportPath,
    Boxes,
    BoxReason,
    Stopped,
}

/// What a key means in a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmd {
    Up,
    Down,
    PageUp,
    PageDown,
    Enter,
    Back,
    Help,
    Quit,
    Attendance,
    CloseItem,
    Declare,
    FurtherRound,
    CloseSession,
    OnLeave,
    Absent,
    Search,
    CheckInAll,
    Digit(u8),
    Text(char),
    Backspace,
    Mark(Choice),
    Toggle,
    Spoiled,
    VoidOther,
    Blank,
    Corrections,
    Import,
    Yes,
    No,
    /// On a box difference: the first teller's reading, the second's, void, keep the count.
    Answer(BoxAnswer),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Code(KeyCode),
    Digits,
    AnyText,
}

/// One line of the key map: the key, how help shows it, what it does, and whether it
/// leads to a record in the log (directly, or through the question or form it opens).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub label: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub cmd: Cmd,
    pub records: bool,
}

const fn b(key: Key, label: &'static str, zh: &'static str, en: &'static str, cmd: Cmd) -> Binding {
    Binding {
        key,
        label,
        zh,
        en,
        cmd,
        records: false,
    }
}

/// A binding that records (see `Binding::records`).
const fn rec(b: Binding) -> Binding {
    Binding { records: true, ..b }
}

/// When keys may act: a closed session takes no recording key, and a window too small to
/// show the screen takes none but quit. `keys` applies it, so the footer, the help and
/// `resolve` never offer or act on a key the policy refuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    pub closed: bool,
    pub too_small: bool,
    /// A counting station: only this box's ballots, corrections and closing the box.
    pub station: bool,
}

impl Policy {
    pub fn allows(self, b: &Binding) -> bool {
        if self.too_small {
            return b.cmd == Cmd::Quit;
        }
        if self.station
            && matches!(
                b.cmd,
                Cmd::Import
                    | Cmd::Attendance
                    | Cmd::Declare
                    | Cmd::FurtherRound
                    | Cmd::CloseSession
                    | Cmd::CheckInAll
            )
        {
            return false;
        }
        !(self.closed && b.records)
    }
}

/// The keys of a context under a policy: what the footer and help list and `resolve` acts on.
pub fn keys(ctx: Ctx, policy: Policy) -> Vec<Binding> {
    bindings(ctx)
        .into_iter()
        .filter(|b| policy.allows(b))
        .map(|b| match b.cmd {
            // At a station `c` ends the box, not the vote.
            Cmd::CloseItem if policy.station && !b.label.is_empty() => Binding {
                zh: "结束本票箱（关闭计票台日志）",
                en: "finish the box (close the station log)",
                ..b
            },
            _ => b,
        })
        .collect()
}

use Key::{Char as C, Code as K};

const NAV: [Binding; 4] = [
    b(K(KeyCode::Up), "↑/k", "上移", "up", Cmd::Up),
    b(C('k'), "", "", "", Cmd::Up),
    b(K(KeyCode::Down), "↓/j", "下移", "down", Cmd::Down),
    b(C('j'), "", "", "", Cmd::Down),
];

/// Keys of every ballot-entry screen: corrections, import, close.
const ENTRY: [Binding; 3] = [
    rec(b(
        C('v'),
        "v",
        "更正（作废已记录的票）",
        "correct (void a recorded ballot)",
        Cmd::Corrections,
    )),
    rec(b(
        C('i'),
        "i",
        "导入表决器 / 扫描仪导出的选票",
        "import (keypad or scanner export)",
        Cmd::Import,
    )),
    rec(b(C('c'), "c", "截止表决", "close (voting)", Cmd::CloseItem)),
];

/// The key map of a context. Bindings with an empty label are aliases, not listed in help.
pub fn bindings(ctx: Ctx) -> Vec<Binding> {
    let mut v: Vec<Binding> = Vec::new();
    let help = b(C('?'), "?", "帮助", "help", Cmd::Help);
    match ctx {
        Ctx::Overview => {
            v.extend(NAV);
            v.extend([
                // Opening a vote asks first (the answer records); entering a
                // declared item only shows its result.
                b(
                    K(KeyCode::Enter),
                    "Enter",
                    "开始表决 / 进入选中事项",
                    "open / enter the selected item",
                    Cmd::Enter,
                ),
                b(
                    C('a'),
                    "a",
                    "报到（出席登记）",
                    "attendance",
                    Cmd::Attendance,
                ),
                rec(b(
                    C('c'),
                    "c",
                    "截止表决",
                    "close (voting on the open item)",
                    Cmd::CloseItem,
                )),
                rec(b(
                    C('d'),
                    "d",
                    "宣布结果",
                    "declare (the result)",
                    Cmd::Declare,
                )),
                rec(b(
                    C('f'),
                    "f",
                    "另行票决（平票 / 无效 / 名额未满）",
                    "further round (tie / void / unfilled)",
                    Cmd::FurtherRound,
                )),
                rec(b(
                    C('X'),
                    "X",
                    "闭会（最终）",
                    "close the session (final)",
                    Cmd::CloseSession,
                )),
                help,
                b(
                    C('q'),
                    "q",
                    "退出（已记录的都在日志中）",
                    "quit (everything recorded is in the log)",
                    Cmd::Quit,
                ),
            ]);
        }
        Ctx::Attendance => {
            v.extend([
                b(K(KeyCode::Up), "↑", "上移", "move up", Cmd::Up),
                b(K(KeyCode::Down), "↓", "下移", "move down", Cmd::Down),
                b(K(KeyCode::PageUp), "PgUp", "上一页", "page up", Cmd::PageUp),
                b(
                    K(KeyCode::PageDown),
                    "PgDn",
                    "下一页",
                    "page down",
                    Cmd::PageDown,
                ),
                b(
                    Key::Digits,
                    "0-9",
                    "座位号（输入后按 Enter / l / x）",
                    "seat (type its number, then Enter, l or x)",
                    Cmd::Digit(0),
                ),
                b(K(KeyCode::Backspace), "⌫", "删除", "delete", Cmd::Backspace),
                rec(b(
                    K(KeyCode::Enter),
                    "Enter",
                    "报到（输入的座位号，否则选中代表）",
                    "check in (the typed seat, else the selected deputy)",
                    Cmd::Enter,
                )),
                rec(b(
                    C('l'),
                    "l",
                    "请假（输入的座位号，否则选中代表）",
                    "on leave (the typed seat, else the selected deputy)",
                    Cmd::OnLeave,
                )),
                rec(b(
                    C('x'),
                    "x",
                    "缺席（输入的座位号，否则选中代表）",
                    "absent (the typed seat, else the selected deputy)",
                    Cmd::Absent,
                )),
                b(C('/'), "/", "查找（按姓名）", "find (by name)", Cmd::Search),
                rec(b(
                    C('A'),
                    "A",
                    "全体报到（除请假者外；需确认）",
                    "all in (everyone not on leave; asks first)",
                    Cmd::CheckInAll,
                )),
                help,
                b(K(KeyCode::Esc), "Esc", "返回", "back", Cmd::Back),
            ]);
        }
        Ctx::VoteSeat => {
            v.extend([
                b(
                    Key::Digits,
                    "0-9",
                    "输入代表座位号",
                    "type the deputy's seat number",
                    Cmd::Digit(0),
                ),
                b(K(KeyCode::Backspace), "⌫", "删除", "delete", Cmd::Backspace),
                b(
                    K(KeyCode::Enter),
                    "Enter",
                    "确认代表",
                    "take this deputy's ballot",
                    Cmd::Enter,
                ),
            ]);
            v.extend(ENTRY);
            v.extend([help, b(K(KeyCode::Esc), "Esc", "返回", "back", Cmd::Back)]);
        }
        Ctx::VoteChoices | Ctx::VoteTicks | Ctx::VoteRatings => {
            v.extend(NAV);
            match ctx {
                Ctx::VoteChoices => v.extend([
                    b(C('1'), "1/y", "赞成", "for", Cmd::Mark(Choice::For)),
                    b(C('y'), "", "", "", Cmd::Mark(Choice::For)),
                    b(C('2'), "2/n", "反对", "against", Cmd::Mark(Choice::Against)),
                    b(C('n'), "", "", "", Cmd::Mark(Choice::Against)),
                    b(C('3'), "3/a", "弃权", "abstain", Cmd::Mark(Choice::Abstain)),
                    b(C('a'), "", "", "", Cmd::Mark(Choice::Abstain)),
                ]),
                Ctx::VoteTicks => v.extend([
                    b(
                        Key::Digits,
                        "1-9,0",
                        "勾选 / 取消第 1–10 个候选项目",
                        "tick / untick candidate 1–10",
                        Cmd::Digit(0),
                    ),
                    b(
                        C(' '),
                        "Space",
                        "勾选 / 取消选中项目",
                        "tick / untick the selected candidate",
                        Cmd::Toggle,
                    ),
                ]),
                _ => v.extend([b(
                    Key::Digits,
                    "1-9,0",
                    "按测评档次（0 = 弃权）",
                    "rate on the scale (0 = abstain)",
                    Cmd::Digit(0),
                )]),
            }
            v.extend([
                b(
                    K(KeyCode::Backspace),
                    "⌫",
                    "撤销（最后一个标记）",
                    "undo (the last mark)",
                    Cmd::Backspace,
                ),
                rec(b(
                    K(KeyCode::Enter),
                    "Enter",
                    "记录（本张选票）",
                    "record (this ballot)",
                    Cmd::Enter,
                )),
                rec(b(
                    C('s'),
                    "s",
                    "废票（无法辨认）",
                    "spoiled (an unreadable ballot)",
                    Cmd::Spoiled,
                )),
                rec(b(
                    C('o'),
                    "o",
                    "其他无效票（需填理由）",
                    "invalid (void for another reason; asks the reason)",
                    Cmd::VoidOther,
                )),
            ]);
            if ctx != Ctx::VoteRatings {
                v.push(rec(b(
                    C('b'),
                    "b",
                    "空白票（未作任何标记）",
                    "blank (nothing marked)",
                    Cmd::Blank,
                )));
            } else {
                v.push(b(
                    C('b'),
                    "b",
                    "未评（此测评对象留空）",
                    "blank (this subject not rated)",
                    Cmd::Blank,
                ));
            }
            v.extend(ENTRY);
            v.extend([
                help,
                b(
                    K(KeyCode::Esc),
                    "Esc",
                    "清空本票 / 返回",
                    "clear (the ballot) / back",
                    Cmd::Back,
                ),
            ]);
        }
        Ctx::Results => {
            v.extend([
                rec(b(
                    C('d'),
                    "d",
                    "宣布结果",
                    "declare the result",
                    Cmd::Declare,
                )),
                rec(b(
                    C('f'),
                    "f",
                    "另行票决",
                    "open the further round",
                    Cmd::FurtherRound,
                )),
                help,
                b(K(KeyCode::Esc), "Esc", "返回", "back", Cmd::Back),
            ]);
        }
        Ctx::Help => {
            v.extend([
                b(
                    K(KeyCode::Esc),
                    "Esc/?",
                    "关闭帮助",
                    "close help",
                    Cmd::Back,
                ),
                b(C('?'), "", "", "", Cmd::Back),
            ]);
        }
        Ctx::Confirm => {
            v.extend([
                rec(b(C('y'), "y", "确认", "yes, do it", Cmd::Yes)),
                rec(b(C('Y'), "", "", "", Cmd::Yes)),
                b(C('n'), "n/Esc", "取消", "no, cancel", Cmd::No),
                b(K(KeyCode::Esc), "", "", "", Cmd::No),
            ]);
        }
        Ctx::Corrections => {
            v.extend(NAV);
            v.extend([
                b(
                    Key::Digits,
                    "0-9",
                    "输入票号跳转",
                    "type a ballot number to jump to it",
                    Cmd::Digit(0),
                ),
                b(K(KeyCode::Backspace), "⌫", "删除", "delete", Cmd::Backspace),
                rec(b(
                    K(KeyCode::Enter),
                    "Enter",
                    "作废选中的票（需填理由）",
                    "void the selected ballot (asks a reason)",
                    Cmd::Enter,
                )),
                b(K(KeyCode::Esc), "Esc", "返回", "back", Cmd::Back),
            ]);
        }
        Ctx::Boxes => {
            // Arrows only: `k` here keeps a count, not "up".
            v.extend([
                b(K(KeyCode::Up), "↑", "上移", "up", Cmd::Up),
                b(K(KeyCode::Down), "↓", "下移", "down", Cmd::Down),
            ]);
            v.extend([
                b(
                    C('1'),
                    "1",
                    "按第一位计票员的读数（需填理由）",
                    "the first teller's reading (asks the reason)",
                    Cmd::Answer(BoxAnswer::First),
                ),
                b(
                    C('2'),
                    "2",
                    "按第二位计票员的读数（需填理由）",
                    "the second teller's reading (asks the reason)",
                    Cmd::Answer(BoxAnswer::Second),
                ),
                b(
                    C('o'),
                    "o",
                    "裁定为无效票（需填理由）",
                    "rule the ballot void (asks the reason)",
                    Cmd::Answer(BoxAnswer::Void),
                ),
                b(
                    C('k'),
                    "k",
                    "复点后维持录入张数（需填理由）",
                    "keep the keyed count after a recount (asks the reason)",
                    Cmd::Answer(BoxAnswer::Keep),
                ),
                rec(b(
                    K(KeyCode::Enter),
                    "Enter",
                    "全部裁定后记录（需确认）",
                    "record, once all is decided (asks first)",
                    Cmd::Enter,
                )),
                b(
                    K(KeyCode::Esc),
                    "Esc",
                    "取消导入",
                    "cancel the import",
                    Cmd::Back,
                ),
            ]);
        }
        Ctx::Reason | Ctx::Search | Ctx::ImportPath | Ctx::BoxReason => {
            let done = b(K(KeyCode::Enter), "Enter", "确定", "done", Cmd::Enter);
            v.extend([
                b(Key::AnyText, "…", "输入文字", "type", Cmd::Text(' ')),
                b(K(KeyCode::Backspace), "⌫", "删除", "delete", Cmd::Backspace),
                // The reason completes a correction, the path an import: both record.
                if ctx == Ctx::Search { done } else { rec(done) },
                b(K(KeyCode::Esc), "Esc", "取消", "cancel", Cmd::Back),
            ]);
        }
        Ctx::Stopped => {
            v.push(b(C('q'), "q", "退出", "quit", Cmd::Quit));
        }
    }
    v
}

/// Clear the last mark of a ballot being keyed: the one under the cursor, or the one just
/// before it (the cursor moves on after each mark). Returns where the cursor goes.
fn take_back<T>(marks: &mut [Option<T>], cursor: usize) -> usize {
    let at = if marks.get(cursor).is_some_and(Option::is_some) {
        cursor
    } else {
        cursor.saturating_sub(1)
    };
    if let Some(m) = marks.get_mut(at) {
        *m = None;
    }
    at
}

/// Resolve a key press in a context, under a policy: a key the policy refuses means nothing.
pub fn resolve(ctx: Ctx, key: KeyEvent, policy: Policy) -> Option<Cmd> {
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return (key.code == KeyCode::Char('c')).then_some(Cmd::Quit);
    }
    for bind in keys(ctx, policy) {
        match (bind.key, key.code) {
            (Key::Char(c), KeyCode::Char(k)) if c == k => return Some(bind.cmd),
            (Key::Code(c), k) if c == k => return Some(bind.cmd),
            (Key::Digits, KeyCode::Char(k)) if k.is_ascii_digit() => {
                return Some(Cmd::Digit(k as u8 - b'0'));
            }
            (Key::AnyText, KeyCode::Char(k)) if !k.is_control() => return Some(Cmd::Text(k)),
            _ => {}
        }
    }
    None
}

/// The ballot being keyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Draft {
    Choices(Vec<Option<Choice>>),
    Ticks(Vec<bool>),
    Ratings(Vec<Option<String>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Good,
    Bad,
}

/// Something for the loop to carry out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Record(Action),
    /// Several actions in one write and one sync (all or nothing).
    RecordAll(Vec<Action>),
    /// Ballot boxes from counting stations: one batch each, in order; stops at a failure.
    RecordBoxes(Vec<Vec<Action>>),
    Quit,
}

/// Store a decision with its reason on row `row` of the boxes layer.
fn decide(layer: &mut BoxesLayer, row: usize, answer: BoxAnswer, reason: String) {
    let Some((p, what)) = layer.rows.get(row).cloned() else {
        return;
    };
    let plan = &layer.plans[p];
    let a = &mut layer.answers[p];
    match what {
        BoxRow::Reading(d) => {
            if let crate::station::Difference::Reading {
                ballot,
                first,
                second,
            } = &plan.differences[d]
            {
                let decided = match answer {
                    BoxAnswer::Second => second.clone(),
                    BoxAnswer::Void => crate::event::Reading {
                        seat: first.seat,
                        marks: Marks::Void {
                            reason: reason.clone(),
                        },
                    },
                    _ => first.clone(),
                };
                a.readings.insert(*ballot, (decided, reason));
            }
        }
        BoxRow::Entry => {
            let chosen = if answer == BoxAnswer::Second { 2 } else { 1 };
            a.entry = Some((chosen, reason));
        }
        BoxRow::HandCount => a.hand_count = Some(reason),
    }
}

/// Figures derived from the state, kept until the next record: frames reuse them.
#[derive(Default)]
pub struct Derived {
    records: u64,
    tallies: HashMap<usize, ItemTally>,
    delegations: Option<Vec<(String, u32, u32)>>,
}

pub struct App {
    pub rec: Recorder,
    derived: RefCell<Derived>,
    pub lang: Lang,
    pub no_color: bool,
    pub screen: Screen,
    pub layers: Vec<Layer>,
    /// Cursor in the agenda (index into `state.items`).
    pub agenda: usize,
    /// Cursor in the roster view (index into the filtered roster).
    pub roster_cursor: usize,
    /// Name filter of the roster view.
    pub search: String,
    /// Digits typed: a seat number.
    pub input: String,
    pub draft: Option<Draft>,
    pub cursor: usize,
    /// The deputy whose named ballot is being keyed.
    pub named_seat: Option<u32>,
    pub message: Option<(Tone, String)>,
    /// Set when the log could not be written: input stops.
    pub stopped: Option<String>,
    /// The window is below the minimum size: the screen shows only a notice, so no key but
    /// quit does anything (nothing is recorded blind).
    pub too_small: bool,
    pub quit: bool,
}

impl App {
    pub fn new(rec: Recorder, lang: Lang, no_color: bool) -> App {
        let message = match &rec.opened {
            Opened::Created if rec.station.is_some() => Some((
                Tone::Info,
                lang.t(
                    "新建计票台日志：逐张录入本票箱的选票，可在选票上用铅笔写下屏幕所示票号",
                    "new station log: key this box's ballots one by one; pencil the number shown on each ballot",
                )
                .to_string(),
            )),
            Opened::Created => Some((
                Tone::Info,
                lang.t("新建会议日志", "new session log").to_string(),
            )),
            Opened::ReadOnly if rec.station.is_some() => Some((
                Tone::Info,
                lang.t(
                    "本票箱已录入完毕，计票台日志已关闭：只读",
                    "this box is finished and its station log closed: read-only",
                )
                .to_string(),
            )),
            Opened::Resumed { repair: None } if rec.station.is_some() => Some((
                Tone::Info,
                lang.t(
                    "已恢复计票台日志：日志完好，接着录入",
                    "station log resumed: intact, key on",
                )
                .to_string(),
            )),
            Opened::Resumed { repair: None } => Some((
                Tone::Info,
                format!(
                    "{}{}",
                    lang.t("已恢复会议：日志完好", "resumed: the log is intact"),
                    text::last_record(lang, rec.last_found.as_ref())
                ),
            )),
            Opened::Resumed { repair: Some(r) } => Some((
                Tone::Bad,
                format!(
                    "{}{}",
                    match lang {
                        Lang::Zh => format!(
                            "已恢复会议：日志末尾未确认的 {} 字节（其中完整记录 {} 条）已移至 {}",
                            r.bytes,
                            r.batch_records,
                            r.side_file.display()
                        ),
                        Lang::En => format!(
                            "resumed: {} unacknowledged bytes ({} complete records of an unfinished batch) at the end of the log were moved to {}",
                            r.bytes,
                            r.batch_records,
                            r.side_file.display()
                        ),
                    },
                    text::last_record(lang, rec.last_found.as_ref())
                ),
            )),
            Opened::ReadOnly => Some((
                Tone::Info,
                lang.t("会议已闭会：只读", "the session is closed: read-only")
                    .to_string(),
            )),
        };
        let mut app = App {
            rec,
            derived: RefCell::new(Derived::default()),
            lang,
            no_color,
            screen: Screen::Overview,
            layers: Vec::new(),
            agenda: 0,
            roster_cursor: 0,
            search: String::new(),
            input: String::new(),
            draft: None,
            cursor: 0,
            named_seat: None,
            message,
            stopped: None,
            too_small: false,
            quit: false,
        };
        // Come back where we were: the open item's entry form.
        if let Some(open) = app.rec.state.open {
            app.agenda = open;
            app.screen = Screen::Voting;
            app.reset_draft();
        }
        app
    }

    fn derived(&self) -> std::cell::RefMut<'_, Derived> {
        let mut d = self.derived.borrow_mut();
        if d.records != self.rec.state.records {
            *d = Derived {
                records: self.rec.state.records,
                ..Derived::default()
            };
        }
        d
    }

    /// The tally of an item round, computed once per record rather than once per frame.
    pub fn tally(&self, index: usize) -> ItemTally {
        self.derived()
            .tallies
            .entry(index)
            .or_insert_with(|| self.rec.state.tally(index))
            .clone()
    }

    /// (delegation, present, on the roster) in roster order.
    pub fn delegations(&self) -> Vec<(String, u32, u32)> {
        let st = &self.rec.state;
        self.derived()
            .delegations
            .get_or_insert_with(|| {
                let mut per: Vec<(String, u32, u32)> = Vec::new();
                let mut index: HashMap<&str, usize> = HashMap::new();
                for (i, d) in st.session.roster.iter().enumerate() {
                    let k = *index.entry(d.delegation.as_str()).or_insert_with(|| {
                        per.push((d.delegation.clone(), 0, 0));
                        per.len() - 1
                    });
                    per[k].1 += u32::from(st.attendance[i] == Attendance::Present);
                    per[k].2 += 1;
                }
                per
            })
            .clone()
    }

    /// The context keys resolve in now.
    pub fn ctx(&self) -> Ctx {
        self.ctx_at(&self.layers)
    }

    /// The context with only these layers over the screen (help lists the keys below it).
    pub fn ctx_at(&self, layers: &[Layer]) -> Ctx {
        if self.stopped.is_some() {
            return Ctx::Stopped;
        }
        match layers.last() {
            Some(Layer::Help) => return Ctx::Help,
            Some(Layer::Confirm { .. } | Layer::ConfirmBoxes { .. }) => return Ctx::Confirm,
            Some(Layer::Corrections { .. }) => return Ctx::Corrections,
            Some(Layer::Reason { .. }) => return Ctx::Reason,
            Some(Layer::Search) => return Ctx::Search,
            Some(Layer::ImportPath { .. }) => return Ctx::ImportPath,
            Some(Layer::Boxes(_)) => return Ctx::Boxes,
            Some(Layer::BoxReason { .. }) => return Ctx::BoxReason,
            None => {}
        }
        match self.screen {
            Screen::Overview => Ctx::Overview,
            Screen::Attendance => Ctx::Attendance,
            Screen::Results(_) => Ctx::Results,
            Screen::Voting => match self.open_item_def() {
                Some(item) if !item.secret() && self.named_seat.is_none() => Ctx::VoteSeat,
                Some(Item::ProjectVote(p)) => match p.form {
                    Form::ForAgainstAbstain => Ctx::VoteChoices,
                    Form::TickAtMost(_) => Ctx::VoteTicks,
                },
                Some(Item::Rating(_)) => Ctx::VoteRatings,
                None => Ctx::Overview,
            },
        }
    }

    fn open_item_def(&self) -> Option<&Item> {
        let st = &self.rec.state;
        st.open.map(|i| &st.session.items[st.items[i].def])
    }

    /// A fresh, empty ballot for the open item.
    pub fn reset_draft(&mut self) {
        let st = &self.rec.state;
        self.cursor = 0;
        self.draft = st.open.map(|i| {
            let item = &st.items[i];
            let n = item.choices.len();
            match &st.session.items[item.def] {
                Item::ProjectVote(p) => match p.form {
                    Form::ForAgainstAbstain => Draft::Choices(vec![None; n]),
                    Form::TickAtMost(_) => Draft::Ticks(vec![false; n]),
                },
                Item::Rating(_) => Draft::Ratings(vec![None; n]),
            }
        });
    }

    fn say(&mut self, tone: Tone, msg: impl Into<String>) {
        let body = self.rec.state.session.body;
        self.message = Some((tone, crate::words::for_body(self.lang, body, &msg.into())));
    }

    /// Roster positions shown in the attendance view (after the name filter).
    pub fn roster_view(&self) -> Vec<usize> {
        let roster = &self.rec.state.session.roster;
        if self.search.is_empty() {
            (0..roster.len()).collect()
        } else {
            roster
                .iter()
                .enumerate()
                .filter(|(_, d)| {
                    d.name.contains(&self.search) || d.delegation.contains(&self.search)
                })
                .map(|(i, _)| i)
                .collect()
        }
    }

    /// Handle a key press; returns what the loop must do.
    pub fn key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctx = self.ctx();
        let cmd = resolve(ctx, key, self.policy())?;
        self.update(ctx, cmd)
    }

    /// What keys may do now (see `Policy`).
    pub fn policy(&self) -> Policy {
        Policy {
            closed: self.rec.state.closed,
            too_small: self.too_small,
            station: self.rec.station.is_some(),
        }
    }

    /// The heart of the console: a command in a context.
    pub fn update(&mut self, ctx: Ctx, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        if cmd == Cmd::Quit
            && !matches!(
                ctx,
                Ctx::Reason | Ctx::Search | Ctx::ImportPath | Ctx::BoxReason
            )
        {
            self.quit = true;
            return Some(Effect::Quit);
        }
        if cmd == Cmd::Help {
            self.layers.push(Layer::Help);
            return None;
        }
        match ctx {
            Ctx::Stopped => None,
            Ctx::Help => {
                self.layers.pop();
                None
            }
            Ctx::Confirm => {
                if let Some(Layer::ConfirmBoxes { batches, .. }) = self.layers.last() {
                    let batches = batches.clone();
                    self.layers.pop();
                    if cmd == Cmd::Yes {
                        return Some(Effect::RecordBoxes(batches));
                    }
                    self.say(Tone::Info, lang.t("已取消", "cancelled"));
                    return None;
                }
                let Some(Layer::Confirm { mut actions, .. }) = self.layers.pop() else {
                    return None;
                };
                match cmd {
                    Cmd::Yes if actions.len() == 1 => actions.pop().map(Effect::Record),
                    Cmd::Yes => Some(Effect::RecordAll(actions)),
                    _ => {
                        self.say(Tone::Info, lang.t("已取消", "cancelled"));
                        None
                    }
                }
            }
            Ctx::Reason => {
                let Some(Layer::Reason { ballot, input }) = self.layers.last_mut() else {
                    return None;
                };
                match cmd {
                    Cmd::Text(c) => input.push(c),
                    Cmd::Backspace => {
                        input.pop();
                    }
                    Cmd::Back => {
                        self.layers.pop();
                    }
                    Cmd::Enter if input.trim().is_empty() => {
                        let correction = ballot.is_some();
                        self.say(
                            Tone::Bad,
                            match correction.then_some(()) {
                                Some(_) => lang.t("作废须填写理由", "a correction needs a reason"),
                                None => {
                                    lang.t("无效票须填写理由", "a void ballot needs its reason")
                                }
                            },
                        );
                    }
                    Cmd::Enter if ballot.is_none() => {
                        let reason = input.trim().to_string();
                        self.layers.pop();
                        let open = self.rec.state.open?;
                        let question = match lang {
                            Lang::Zh => format!("记录一张无效票？理由：{reason}"),
                            Lang::En => format!("Record a VOID ballot? Reason: {reason}"),
                        };
                        return self.ask_ballot(open, Some(question), Marks::Void { reason });
                    }
                    Cmd::Enter => {
                        let (ballot, reason) = (ballot.unwrap_or(0), input.trim().to_string());
                        self.layers.pop();
                        self.layers.pop(); // the corrections list
                        let item = self.open_id()?;
                        let question = match lang {
                            Lang::Zh => format!("作废第 {ballot} 张选票？理由：{reason}"),
                            Lang::En => format!("Void ballot {ballot}? Reason: {reason}"),
                        };
                        return self.confirm(
                            question,
                            Action::VoidBallot {
                                item,
                                ballot,
                                reason,
                            },
                        );
                    }
                    _ => {}
                }
                None
            }
            Ctx::ImportPath => {
                let Some(Layer::ImportPath { input }) = self.layers.last_mut() else {
                    return None;
                };
                match cmd {
                    Cmd::Text(c) => input.push(c),
                    Cmd::Backspace => {
                        input.pop();
                    }
                    Cmd::Back => {
                        self.layers.pop();
                    }
                    Cmd::Enter => {
                        let typed = input.trim().to_string();
                        self.layers.pop();
                        return self.ask_import(&typed);
                    }
                    _ => {}
                }
                None
            }
            Ctx::Boxes => self.boxes(cmd),
            Ctx::BoxReason => {
                let Some(Layer::BoxReason { row, answer, input }) = self.layers.last_mut() else {
                    return None;
                };
                match cmd {
                    Cmd::Text(c) => input.push(c),
                    Cmd::Backspace => {
                        input.pop();
                    }
                    Cmd::Back => {
                        self.layers.pop();
                    }
                    Cmd::Enter if input.trim().is_empty() => self.say(
                        Tone::Bad,
                        lang.t("每项裁定须填写理由", "every decision needs its reason"),
                    ),
                    Cmd::Enter => {
                        let (row, answer, reason) = (*row, *answer, input.trim().to_string());
                        self.layers.pop();
                        if let Some(Layer::Boxes(layer)) = self.layers.last_mut() {
                            decide(layer, row, answer, reason);
                            // Move on to the next row still to decide.
                            if let Some(next) =
                                (0..layer.rows.len()).find(|&r| layer.decided(r).is_none())
                            {
                                layer.selected = next;
                            }
                        }
                    }
                    _ => {}
                }
                None
            }
            Ctx::Search => {
                match cmd {
                    Cmd::Text(c) => self.search.push(c),
                    Cmd::Backspace => {
                        self.search.pop();
                    }
                    Cmd::Back => {
                        self.search.clear();
                        self.layers.pop();
                    }
                    Cmd::Enter => {
                        self.layers.pop();
                    }
                    _ => {}
                }
                self.roster_cursor = 0;
                None
            }
            Ctx::Corrections => {
                let live = self.live_ballot_numbers();
                let Some(Layer::Corrections { selected, typed }) = self.layers.last_mut() else {
                    return None;
                };
                // A typed number jumps to that ballot (correcting #3 of 27 takes "3", not
                // 24 presses of ↓).
                let jump = |typed: &str, selected: &mut usize| {
                    if let Ok(n) = typed.parse::<u32>()
                        && let Some(pos) = live.iter().position(|&b| b == n)
                    {
                        *selected = pos;
                    }
                };
                match cmd {
                    Cmd::Digit(d) => {
                        typed.push(char::from(b'0' + d));
                        jump(typed, selected);
                    }
                    Cmd::Backspace => {
                        typed.pop();
                        jump(typed, selected);
                    }
                    Cmd::Up => *selected = selected.saturating_sub(1),
                    Cmd::Down => *selected = (*selected + 1).min(live.len().saturating_sub(1)),
                    Cmd::Back => {
                        self.layers.pop();
                    }
                    Cmd::Enter => {
                        if let Some(&ballot) = live.get(*selected) {
                            self.layers.push(Layer::Reason {
                                ballot: Some(ballot),
                                input: String::new(),
                            });
                        }
                    }
                    _ => {}
                }
                None
            }
            Ctx::Overview => self.overview(cmd),
            Ctx::Attendance => self.attendance(cmd),
            Ctx::Results => self.results(cmd),
            Ctx::VoteSeat | Ctx::VoteChoices | Ctx::VoteTicks | Ctx::VoteRatings => {
                self.voting(ctx, cmd)
            }
        }
    }

    /// Live ballot numbers of the open item, newest first.
    pub fn live_ballot_numbers(&self) -> Vec<u32> {
        let st = &self.rec.state;
        match st.open {
            Some(i) => st.items[i].live_ballots().rev().map(|b| b.number).collect(),
            None => Vec::new(),
        }
    }

    fn open_id(&self) -> Option<String> {
        self.rec
            .state
            .open
            .map(|i| self.rec.state.items[i].id.clone())
    }

    /// Check an import file whole; on success ask before recording it as one batch.
    fn ask_import(&mut self, typed: &str) -> Option<Effect> {
        let lang = self.lang;
        let item = self.open_id()?;
        // Station logs: a folder, or one or more files (separated by spaces).
        let whole = std::path::Path::new(typed);
        let paths: Vec<&std::path::Path> = if whole.exists() {
            vec![whole]
        } else {
            typed.split_whitespace().map(std::path::Path::new).collect()
        };
        let stations = paths.iter().all(|p| {
            p.is_dir()
                || std::fs::read(p)
                    .map(|b| crate::station::is_station_log(&b))
                    .unwrap_or(false)
        });
        if stations && !paths.is_empty() {
            return self.ask_boxes(&paths);
        }
        let path = whole;
        let bytes = match crate::limits::read_capped(path, crate::limits::IMPORT_BYTES) {
            Ok(b) => b,
            Err(e) => {
                self.say(
                    Tone::Bad,
                    format!(
                        "{} {}: {e}",
                        lang.t("无法读取", "cannot read"),
                        path.display()
                    ),
                );
                return None;
            }
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match crate::import::parse(&self.rec.state, &item, &name, &bytes) {
            Err(problems) => {
                let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
                self.say(
                    Tone::Bad,
                    match lang {
                        Lang::Zh => {
                            format!("未导入任何选票：{} 处问题，第一处 {first}", problems.len())
                        }
                        Lang::En => format!(
                            "nothing imported: {} problem(s), first {first}",
                            problems.len()
                        ),
                    },
                );
                None
            }
            Ok(batch) => {
                let mut question = match lang {
                    Lang::Zh => format!(
                        "从 {name} 导入 {} 张选票（另有 {} 行未按键，不计入）？",
                        batch.ballots, batch.not_voted
                    ),
                    Lang::En => format!(
                        "Import {} ballots from {name} ({} rows without a vote are not recorded)?",
                        batch.ballots, batch.not_voted
                    ),
                };
                if let Some((returned, issued)) = batch.excess(&self.rec.state, &item) {
                    question.push_str(&match lang {
                        Lang::Zh => format!(
                            " 注意：导入后收回 {returned} 张，多于发出的 {issued} 张，本次表决将整体无效（选举法第四十四条）"
                        ),
                        Lang::En => format!(
                            " WARNING: returned would be {returned}, more than the {issued} issued: the whole vote becomes void (Election Law art. 44)"
                        ),
                    });
                }
                self.layers.push(Layer::Confirm {
                    question,
                    actions: batch.actions,
                });
                None
            }
        }
    }

    /// Read, bind and compare station logs; then list what the scrutineers must decide.
    fn ask_boxes(&mut self, paths: &[&std::path::Path]) -> Option<Effect> {
        let lang = self.lang;
        let nothing = |problems: Vec<crate::session::Problem>| {
            let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
            match lang {
                Lang::Zh => format!("未导入任何票箱：{} 处问题，第一处 {first}", problems.len()),
                Lang::En => format!(
                    "no box imported: {} problem(s), first {first}",
                    problems.len()
                ),
            }
        };
        let logs = match crate::station::collect(paths) {
            Ok(l) if l.is_empty() => {
                self.say(
                    Tone::Bad,
                    lang.t("没有找到计票台日志", "no station log found there"),
                );
                return None;
            }
            Ok(l) => l,
            Err(p) => {
                self.say(Tone::Bad, nothing(p));
                return None;
            }
        };
        let target = crate::station::Target {
            state: &self.rec.state,
            identity: &self.rec.identity,
            opened_at: &self.rec.opened_at,
        };
        let plans = match crate::station::plan(&target, logs) {
            Ok(p) => p,
            Err(p) => {
                self.say(Tone::Bad, nothing(p));
                return None;
            }
        };
        let mut rows = Vec::new();
        for (i, p) in plans.iter().enumerate() {
            match p.comparison {
                crate::event::Comparison::Multiset if !p.differences.is_empty() => {
                    rows.push((i, BoxRow::Entry));
                }
                _ => rows.extend((0..p.differences.len()).map(|d| (i, BoxRow::Reading(d)))),
            }
            if !p.hand_count.is_empty() {
                rows.push((i, BoxRow::HandCount));
            }
        }
        let answers = vec![crate::station::Answers::default(); plans.len()];
        let layer = BoxesLayer {
            plans,
            answers,
            rows,
            selected: 0,
        };
        if layer.rows.is_empty() {
            return self.confirm_boxes(&layer);
        }
        self.layers.push(Layer::Boxes(Box::new(layer)));
        None
    }

    /// Keys on the list of box differences.
    fn boxes(&mut self, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        let Some(Layer::Boxes(layer)) = self.layers.last_mut() else {
            return None;
        };
        match cmd {
            Cmd::Up => layer.selected = layer.selected.saturating_sub(1),
            Cmd::Down => {
                layer.selected = (layer.selected + 1).min(layer.rows.len().saturating_sub(1))
            }
            Cmd::Back => {
                self.layers.pop();
                self.say(
                    Tone::Info,
                    lang.t(
                        "已取消导入，未记录任何内容",
                        "import cancelled; nothing recorded",
                    ),
                );
            }
            Cmd::Answer(answer) => {
                let row = layer.selected;
                let fits = match layer.rows.get(row).map(|r| &r.1) {
                    Some(BoxRow::Reading(_)) => answer != BoxAnswer::Keep,
                    Some(BoxRow::Entry) => matches!(answer, BoxAnswer::First | BoxAnswer::Second),
                    Some(BoxRow::HandCount) => answer == BoxAnswer::Keep,
                    None => false,
                };
                if !fits {
                    self.say(
                        Tone::Bad,
                        lang.t(
                            "此项不能这样裁定：读数不一致按 1 / 2 / o，合计不一致按 1 / 2，张数不符按 k",
                            "not an answer for this row: a reading takes 1, 2 or o; totals 1 or 2; a count k",
                        ),
                    );
                    return None;
                }
                self.layers.push(Layer::BoxReason {
                    row,
                    answer,
                    input: String::new(),
                });
            }
            Cmd::Enter => {
                if !layer.all_decided() {
                    let left = (0..layer.rows.len())
                        .filter(|&r| layer.decided(r).is_none())
                        .count();
                    self.say(
                        Tone::Bad,
                        match lang {
                            Lang::Zh => format!("尚有 {left} 项未裁定；全部裁定后才能记录"),
                            Lang::En => format!(
                                "{left} still to decide; nothing is recorded before all are"
                            ),
                        },
                    );
                    return None;
                }
                let layer = (**layer).clone();
                return self.confirm_boxes(&layer);
            }
            _ => {}
        }
        None
    }

    /// Ask before recording the boxes, each as its own batch.
    fn confirm_boxes(&mut self, layer: &BoxesLayer) -> Option<Effect> {
        let lang = self.lang;
        let mut batches = Vec::new();
        for (plan, answers) in layer.plans.iter().zip(&layer.answers) {
            match plan.actions(answers) {
                Ok(a) => batches.push(a),
                Err(m) => {
                    self.say(Tone::Bad, m);
                    return None;
                }
            }
        }
        let parts: Vec<String> = layer
            .plans
            .iter()
            .zip(&batches)
            .map(|(p, b)| {
                let how = match (p.comparison, p.differences.len(), lang) {
                    (crate::event::Comparison::Single, _, Lang::Zh) => "单录".to_string(),
                    (crate::event::Comparison::Single, _, Lang::En) => "single entry".to_string(),
                    (_, 0, Lang::Zh) => "双录一致".to_string(),
                    (_, 0, Lang::En) => "double entry agrees".to_string(),
                    (_, n, Lang::Zh) => format!("双录 {n} 处不一致已裁定"),
                    (_, n, Lang::En) => format!("double entry, {n} difference(s) decided"),
                };
                match lang {
                    Lang::Zh => format!("票箱 {} {} 张（{how}）", p.r#box, b.len() - 1),
                    Lang::En => format!("box {} {} ballots ({how})", p.r#box, b.len() - 1),
                }
            })
            .collect();
        let mut question = match lang {
            Lang::Zh => format!("记录{}？每个票箱一次写入", parts.join("、")),
            Lang::En => format!("Record {}? Each box is written at once", parts.join(", ")),
        };
        let answers = layer.answers.clone();
        if let Some((returned, issued)) =
            crate::station::excess(&self.rec.state, &layer.plans, &answers)
        {
            question.push_str(&match lang {
                Lang::Zh => format!(
                    " 注意：导入后收回 {returned} 张，多于发出的 {issued} 张，本次表决将整体无效（选举法第四十四条）"
                ),
                Lang::En => format!(
                    " WARNING: returned would be {returned}, more than the {issued} issued: the whole vote becomes void (Election Law art. 44)"
                ),
            });
        }
        if matches!(self.layers.last(), Some(Layer::Boxes(_))) {
            self.layers.pop();
        }
        self.layers.push(Layer::ConfirmBoxes { question, batches });
        None
    }

    fn confirm(&mut self, question: String, action: Action) -> Option<Effect> {
        self.layers.push(Layer::Confirm {
            question,
            actions: vec![action],
        });
        None
    }

    /// Item indices in agenda order: each further round right after the rounds before it.
    pub fn agenda_order(&self) -> Vec<usize> {
        self.rec.state.agenda_order()
    }

    fn overview(&mut self, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        let order = self.agenda_order();
        let pos = order.iter().position(|&i| i == self.agenda).unwrap_or(0);
        match cmd {
            Cmd::Up => self.agenda = order[pos.saturating_sub(1)],
            Cmd::Down => self.agenda = order[(pos + 1).min(order.len().saturating_sub(1))],
            Cmd::Attendance => self.screen = Screen::Attendance,
            Cmd::Enter => {
                let item = self.rec.state.items.get(self.agenda)?;
                match item.phase {
                    Phase::Pending => {
                        // Refusals first (no quorum, another item open), then the question:
                        // opening issues the ballots and locks attendance until it closes.
                        let action = Action::OpenItem(item.id.clone());
                        let st = &self.rec.state;
                        if let Err(r) = st.prepare(action.clone()) {
                            self.say(Tone::Bad, text::refusal(lang, &r));
                            return None;
                        }
                        let title = st.session.items[item.def].title().to_string();
                        let present = st.present();
                        let q = match lang {
                            Lang::Zh => format!(
                                "开始表决“{title}”？发出 {present} 张选票（实到 {present}）；表决期间出席情况锁定，截止后才能更改"
                            ),
                            Lang::En => format!(
                                "Open voting on \"{title}\"? {present} ballots issued (present {present}); attendance is locked until voting closes"
                            ),
                        };
                        return self.confirm(q, action);
                    }
                    Phase::Open => {
                        self.screen = Screen::Voting;
                        if self.draft.is_none() {
                            self.reset_draft();
                        }
                    }
                    Phase::Closed | Phase::Declared => self.screen = Screen::Results(self.agenda),
                }
            }
            Cmd::CloseItem => return self.ask_close(),
            Cmd::Declare => {
                self.screen = Screen::Results(self.agenda);
                return self.results(Cmd::Declare);
            }
            Cmd::FurtherRound => return self.ask_further(self.agenda),
            Cmd::CloseSession => {
                // Refusals before confirmations: ask the engine first, so `y` never meets a
                // refusal.
                if let Err(r) = self.rec.state.prepare(Action::CloseSession) {
                    self.say(Tone::Bad, text::refusal(lang, &r));
                    return None;
                }
                let st = &self.rec.state;
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
                let needing = (0..st.items.len())
                    .filter(|&i| st.further_round_needed(i).is_some())
                    .count();
                // A void vote never re-run leaves its item without any result: name it.
                let void: Vec<&str> = (0..st.items.len())
                    .filter(|&i| {
                        matches!(
                            st.further_round_needed(i),
                            Some((crate::engine::RoundReason::VoidVote, _, _))
                        )
                    })
                    .map(|i| st.items[i].id.as_str())
                    .collect();
                let mut q = match lang {
                    Lang::Zh => format!(
                        "闭会？此后不能再记录任何内容。已宣布 {declared} 个事项，未表决 {pending} 个，需另行票决而未建立 {needing} 个。"
                    ),
                    Lang::En => format!(
                        "Close the session? Nothing can be recorded after this. {declared} item(s) declared, {pending} never voted on, {needing} needing a further round."
                    ),
                };
                if !void.is_empty() {
                    q = match lang {
                        Lang::Zh => format!(
                            "注意：{} 的表决无效且未重新表决，闭会后这些事项没有任何结果，结果单列为未完成。{q}",
                            void.join("、")
                        ),
                        Lang::En => format!(
                            "WARNING: the vote on {} was void and never re-run; after closing these items have no result, and the sheet lists them as unfinished. {q}",
                            void.join(", ")
                        ),
                    };
                }
                return self.confirm(q, Action::CloseSession);
            }
            _ => {}
        }
        None
    }

    fn ask_close(&mut self) -> Option<Effect> {
        let lang = self.lang;
        let Some(open) = self.rec.state.open else {
            self.say(Tone::Bad, lang.t("没有正在表决的事项", "no item is open"));
            return None;
        };
        if let Some(station) = &self.rec.station {
            let keyed = self.rec.state.items[open].live_ballots().count() as u32;
            let hand = station.hand_count;
            let mut q = match lang {
                Lang::Zh => format!(
                    "结束票箱 {} 的录入并关闭计票台日志？已录入 {keyed} 张，开箱清点 {hand} 张。关闭后不能再改",
                    station.r#box
                ),
                Lang::En => format!(
                    "Finish box {} and close the station log? Keyed {keyed}, counted by hand {hand}. Nothing can be changed after",
                    station.r#box
                ),
            };
            if keyed != hand {
                q.push_str(lang.t(
                    "。两者不一致：请先复点；如实关闭则导入时须由监票人裁定",
                    ". They differ: recount first; if closed as is, the scrutineers must decide at import",
                ));
            }
            let id = self.rec.state.items[open].id.clone();
            return self.confirm(q, Action::CloseItem(id));
        }
        let t = self.tally(open);
        let b = t.ballots();
        let mut q = match lang {
            Lang::Zh => format!(
                "截止表决？发出 {} 收回 {} 有效 {} 无效 {}",
                b.issued, b.returned, b.valid, b.void
            ),
            Lang::En => format!(
                "Close voting? Issued {} returned {} valid {} void {}",
                b.issued, b.returned, b.valid, b.void
            ),
        };
        if !b.vote_valid {
            q.push_str(lang.t(
                "。收回多于发出：本次表决无效，须重新票决",
                ". Returned exceeds issued: this vote is VOID and must be re-run",
            ));
        } else if b.returned < b.issued {
            // Ballots still out are counted as not returned once voting closes: say how many.
            let out = b.issued - b.returned;
            q.push_str(&match lang {
                Lang::Zh => format!("。尚有 {out} 张选票未收回，截止后按未收回计"),
                Lang::En => format!(
                    ". {out} ballot(s) not yet returned; after closing they count as not returned"
                ),
            });
        }
        let id = self.rec.state.items[open].id.clone();
        self.confirm(q, Action::CloseItem(id))
    }

    fn ask_further(&mut self, index: usize) -> Option<Effect> {
        let lang = self.lang;
        let st = &self.rec.state;
        let Some((reason, choices, places)) = st.further_round_needed(index) else {
            // Whether a further round is needed is known only from a declared result.
            let declared = st.items[index].phase == Phase::Declared;
            self.say(
                Tone::Bad,
                if declared {
                    lang.t("该事项不需要另行票决", "this item needs no further round")
                } else {
                    lang.t(
                        "先宣布结果（d），再决定是否另行票决",
                        "declare the result first (d); then a further round can follow",
                    )
                },
            );
            return None;
        };
        let item = &st.items[index];
        let titles = st.session.items[item.def].choice_titles();
        let names: Vec<&str> = choices.iter().map(|&c| titles[c]).collect();
        let q = match lang {
            Lang::Zh => format!(
                "建立{}：{}，名额 {}？",
                text::reason(lang, reason),
                names.join("、"),
                places
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "不限".into())
            ),
            Lang::En => format!(
                "Open a {} among {}, places {}?",
                text::reason(lang, reason),
                names.join(", "),
                places
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "any".into())
            ),
        };
        let id = item.id.clone();
        self.confirm(q, Action::OpenFurtherRound(id))
    }

    fn results(&mut self, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        let Screen::Results(index) = self.screen else {
            return None;
        };
        match cmd {
            Cmd::Back => self.screen = Screen::Overview,
            Cmd::Declare => {
                let item = self.rec.state.items.get(index)?;
                if item.phase != Phase::Closed {
                    let msg = match item.phase {
                        Phase::Declared => lang.t(
                            "结果已宣布，不可更改",
                            "already declared; a declared result is never changed",
                        ),
                        _ => lang.t("请先截止表决", "close voting first"),
                    };
                    self.say(Tone::Bad, msg);
                    return None;
                }
                let q = match lang {
                    Lang::Zh => format!("宣布“{}”的表决结果？宣布后不可更改。", item.id),
                    Lang::En => format!(
                        "Declare the result of \"{}\"? It cannot be changed afterwards.",
                        item.id
                    ),
                };
                let id = item.id.clone();
                return self.confirm(q, Action::Declare(id));
            }
            Cmd::FurtherRound => return self.ask_further(index),
            _ => {}
        }
        None
    }

    fn attendance(&mut self, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        let view = self.roster_view();
        let page = 10;
        let selected_seat = view
            .get(self.roster_cursor)
            .map(|&i| self.rec.state.session.roster[i].seat);
        match cmd {
            Cmd::Up => self.roster_cursor = self.roster_cursor.saturating_sub(1),
            Cmd::Down => {
                self.roster_cursor = (self.roster_cursor + 1).min(view.len().saturating_sub(1))
            }
            Cmd::PageUp => self.roster_cursor = self.roster_cursor.saturating_sub(page),
            Cmd::PageDown => {
                self.roster_cursor = (self.roster_cursor + page).min(view.len().saturating_sub(1))
            }
            Cmd::Digit(d) if self.input.len() < 6 => self.input.push((b'0' + d) as char),
            Cmd::Backspace => {
                self.input.pop();
            }
            Cmd::Search => self.layers.push(Layer::Search),
            Cmd::CheckInAll => {
                let st = &self.rec.state;
                let seats: Vec<u32> = st
                    .session
                    .roster
                    .iter()
                    .zip(&st.attendance)
                    .filter(|(_, a)| **a == Attendance::Absent)
                    .map(|(d, _)| d.seat)
                    .collect();
                if seats.is_empty() {
                    self.say(Tone::Info, lang.t("没有缺席的代表", "nobody is absent"));
                    return None;
                }
                let question = match lang {
                    Lang::Zh => format!("{} 名缺席代表全部报到出席（请假者除外）？", seats.len()),
                    Lang::En => format!(
                        "Check in all {} absent deputies (those on leave stay on leave)?",
                        seats.len()
                    ),
                };
                self.layers.push(Layer::Confirm {
                    question,
                    actions: seats.into_iter().map(Action::CheckIn).collect(),
                });
            }
            Cmd::Back => {
                self.input.clear();
                self.screen = Screen::Overview;
            }
            Cmd::Enter => {
                let seat = if self.input.is_empty() {
                    selected_seat?
                } else {
                    let typed = std::mem::take(&mut self.input);
                    match typed.parse::<u32>() {
                        Ok(s) => s,
                        Err(_) => return None,
                    }
                };
                // Move the cursor to the deputy, so the operator sees who it was.
                if let Some(pos) = view
                    .iter()
                    .position(|&i| self.rec.state.session.roster[i].seat == seat)
                {
                    self.roster_cursor = pos;
                }
                // The engine allows a deputy on leave to check in after all; a stray Enter on
                // their row must not do it unasked.
                if self.rec.state.attendance_of(seat) == Some(Attendance::OnLeave) {
                    let question = match lang {
                        Lang::Zh => format!("{seat} 号代表已请假：改为报到出席？"),
                        Lang::En => format!("Seat {seat} is on leave: check them in as present?"),
                    };
                    return self.confirm(question, Action::CheckIn(seat));
                }
                return Some(Effect::Record(Action::CheckIn(seat)));
            }
            // The seat typed wins over the highlighted row: with "50" typed, `l` is seat 50.
            Cmd::OnLeave | Cmd::Absent => {
                let seat = if self.input.is_empty() {
                    selected_seat?
                } else {
                    std::mem::take(&mut self.input).parse::<u32>().ok()?
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

    fn voting(&mut self, ctx: Ctx, cmd: Cmd) -> Option<Effect> {
        let lang = self.lang;
        let open = self.rec.state.open?;
        match cmd {
            Cmd::Corrections => {
                if self.live_ballot_numbers().is_empty() {
                    self.say(
                        Tone::Info,
                        lang.t("还没有已记录的选票", "no ballots recorded yet"),
                    );
                } else {
                    self.layers.push(Layer::Corrections {
                        selected: 0,
                        typed: String::new(),
                    });
                }
                return None;
            }
            Cmd::CloseItem => return self.ask_close(),
            Cmd::Import => {
                self.layers.push(Layer::ImportPath {
                    input: String::new(),
                });
                return None;
            }
            _ => {}
        }
        if ctx == Ctx::VoteSeat {
            match cmd {
                Cmd::Digit(d) if self.input.len() < 6 => self.input.push((b'0' + d) as char),
                Cmd::Backspace => {
                    self.input.pop();
                }
                Cmd::Back => {
                    if self.input.is_empty() {
                        self.screen = Screen::Overview;
                    }
                    self.input.clear();
                }
                Cmd::Enter => {
                    let typed = std::mem::take(&mut self.input);
                    let Ok(seat) = typed.parse::<u32>() else {
                        return None;
                    };
                    let st = &self.rec.state;
                    let problem = match st.attendance_of(seat) {
                        None => Some(crate::engine::Refusal::UnknownSeat(seat)),
                        Some(Attendance::Present) if st.items[open].voted.contains(&seat) => {
                            Some(crate::engine::Refusal::AlreadyVoted(seat))
                        }
                        Some(Attendance::Present) => None,
                        Some(_) => Some(crate::engine::Refusal::NotPresent(seat)),
                    };
                    match problem {
                        Some(r) => self.say(Tone::Bad, text::refusal(lang, &r)),
                        None => {
                            self.named_seat = Some(seat);
                            self.reset_draft();
                        }
                    }
                }
                _ => {}
            }
            return None;
        }
        let n = self.rec.state.items[open].choices.len();
        let scale_len = match self.open_item_def() {
            Some(Item::Rating(r)) => r.scale.len(),
            _ => 0,
        };
        let (abstain_ok, scale) = match self.open_item_def() {
            Some(Item::Rating(r)) => (r.abstain, r.scale.clone()),
            _ => (false, Vec::new()),
        };
        let limit = self.rec.state.items[open].tick_limit(&self.rec.state.session);
        if self.draft.is_none() {
            self.reset_draft();
        }
        let cursor = self.cursor;
        let draft = self.draft.as_mut()?;
        match (cmd, draft) {
            (Cmd::Up, _) => self.cursor = cursor.saturating_sub(1),
            (Cmd::Down, _) => self.cursor = (cursor + 1).min(n.saturating_sub(1)),
            (Cmd::Mark(c), Draft::Choices(v)) => {
                if let Some(slot) = v.get_mut(cursor) {
                    *slot = Some(c);
                }
                self.cursor = (cursor + 1).min(n.saturating_sub(1));
            }
            (Cmd::Digit(d), Draft::Ticks(v)) => {
                let pos = if d == 0 { 9 } else { d as usize - 1 };
                if let Some(t) = v.get_mut(pos) {
                    *t = !*t;
                    self.cursor = pos;
                }
            }
            (Cmd::Toggle, Draft::Ticks(v)) => {
                if let Some(t) = v.get_mut(cursor) {
                    *t = !*t;
                }
            }
            (Cmd::Digit(d), Draft::Ratings(v)) => {
                let label = if d == 0 {
                    abstain_ok.then(|| ABSTAIN_LABEL.to_string())
                } else if (d as usize) <= scale_len {
                    Some(scale[d as usize - 1].clone())
                } else {
                    None
                };
                if let (Some(label), Some(slot)) = (label, v.get_mut(cursor)) {
                    *slot = Some(label);
                    self.cursor = (cursor + 1).min(n.saturating_sub(1));
                }
            }
            // ⌫ takes back the last mark: the one under the cursor, or (as the cursor moves on
            // after each mark) the one just before it.
            (Cmd::Backspace, d) => match d {
                Draft::Choices(v) => self.cursor = take_back(v, cursor),
                Draft::Ticks(v) => {
                    if let Some(s) = v.get_mut(cursor) {
                        *s = false;
                    }
                }
                Draft::Ratings(v) => self.cursor = take_back(v, cursor),
            },
            (Cmd::Back, d) => {
                let empty = match d {
                    Draft::Choices(v) => v.iter().all(Option::is_none),
                    Draft::Ticks(v) => v.iter().all(|t| !t),
                    Draft::Ratings(v) => v.iter().all(Option::is_none),
                };
                if empty && self.named_seat.is_none() {
                    self.screen = Screen::Overview;
                } else {
                    self.named_seat = None;
                }
                self.reset_draft();
            }
            (Cmd::VoidOther, _) => {
                self.layers.push(Layer::Reason {
                    ballot: None,
                    input: String::new(),
                });
                return None;
            }
            (Cmd::Spoiled, _) => {
                let q = lang
                    .t(
                        "记录一张无法辨认的废票？",
                        "Record an unreadable (spoiled) ballot as VOID?",
                    )
                    .to_string();
                return self.ask_ballot(open, Some(q), Marks::Spoiled);
            }
            (Cmd::Blank, d) => {
                let marks = match d {
                    Draft::Choices(v) => Marks::Choices {
                        choices: vec![Choice::Abstain; v.len()],
                    },
                    Draft::Ticks(_) => Marks::Ticks { ticked: Vec::new() },
                    // On a rating, b leaves the subject under the cursor blank (not rated).
                    Draft::Ratings(v) => {
                        if let Some(slot) = v.get_mut(cursor) {
                            *slot = Some(String::new());
                            self.cursor = (cursor + 1).min(n.saturating_sub(1));
                        }
                        return None;
                    }
                };
                let q = lang
                    .t(
                        "记录一张空白票（未作任何标记，计为有效票）？",
                        "Record a BLANK ballot (nothing marked; a valid ballot)?",
                    )
                    .to_string();
                return self.ask_ballot(open, Some(q), marks);
            }
            (Cmd::Enter, d) => {
                let empty = match d {
                    Draft::Choices(v) => v.iter().all(Option::is_none),
                    Draft::Ticks(v) => v.iter().all(|t| !t),
                    Draft::Ratings(_) => false,
                };
                // A stray Enter (or a double one) never records a blank ballot.
                if empty {
                    self.say(
                        Tone::Info,
                        lang.t(
                            "本票尚未标记：空白票请按 b，无法辨认的废票请按 s",
                            "nothing marked yet: b records a blank ballot, s a spoiled one",
                        ),
                    );
                    return None;
                }
                let marks = match d {
                    Draft::Choices(v) => {
                        let choices: Vec<Choice> =
                            v.iter().map(|c| c.unwrap_or(Choice::Abstain)).collect();
                        let fors = choices.iter().filter(|&&c| c == Choice::For).count();
                        let max_for =
                            self.rec.state.items[open].mark_limit(&self.rec.state.session);
                        if let Some(max) = max_for
                            && crate::rules::over_marked(fors, max)
                        {
                            let q = match lang {
                                Lang::Zh => {
                                    format!("本票赞成 {fors} 项，超过 {max} 项：作为无效票记录？")
                                }
                                Lang::En => format!(
                                    "{fors} marked for, more than {max}: record as a VOID ballot?"
                                ),
                            };
                            return self.ask_ballot(open, Some(q), Marks::Choices { choices });
                        }
                        Marks::Choices { choices }
                    }
                    Draft::Ticks(v) => {
                        let ids = self.rec.state.choice_ids(&self.rec.state.items[open]);
                        let ticked: Vec<String> = v
                            .iter()
                            .zip(ids)
                            .filter(|(t, _)| **t)
                            .map(|(_, id)| id)
                            .collect();
                        if let Some(limit) = limit
                            && crate::rules::over_marked(ticked.len(), limit)
                        {
                            let q = match lang {
                                Lang::Zh => format!(
                                    "本票勾选 {} 项，超过 {limit} 项：作为无效票记录？",
                                    ticked.len()
                                ),
                                Lang::En => format!(
                                    "{} ticks, more than {limit}: record as a VOID ballot?",
                                    ticked.len()
                                ),
                            };
                            return self.ask_ballot(open, Some(q), Marks::Ticks { ticked });
                        }
                        Marks::Ticks { ticked }
                    }
                    Draft::Ratings(v) => {
                        if let Some(missing) = v.iter().position(Option::is_none) {
                            self.cursor = missing;
                            self.say(
                                Tone::Bad,
                                match lang {
                                    Lang::Zh => {
                                        format!("第 {} 个测评对象尚未选择档次", missing + 1)
                                    }
                                    Lang::En => format!("subject {} is not rated yet", missing + 1),
                                },
                            );
                            return None;
                        }
                        let labels: Vec<String> =
                            v.iter().map(|l| l.clone().unwrap_or_default()).collect();
                        let blank: Vec<String> = labels
                            .iter()
                            .enumerate()
                            .filter(|(_, l)| l.is_empty())
                            .map(|(i, _)| (i + 1).to_string())
                            .collect();
                        if !blank.is_empty() {
                            // A subject left blank counts under no label: ask, it is a choice.
                            let q = match lang {
                                Lang::Zh => format!(
                                    "第 {} 个测评对象未评（留空，不计入任何档次）：记录本票？",
                                    blank.join("、")
                                ),
                                Lang::En => format!(
                                    "subject(s) {} left blank (not rated, counted under no label): record this ballot?",
                                    blank.join(", ")
                                ),
                            };
                            return self.ask_ballot(open, Some(q), Marks::Ratings { labels });
                        }
                        Marks::Ratings { labels }
                    }
                };
                return self.ask_ballot(open, None, marks);
            }
            _ => {}
        }
        None
    }

    /// Every keyed ballot goes through here: one that would make returned exceed issued is
    /// asked about first, saying that it voids the whole vote (Election Law art. 44); any
    /// other question (a void or blank ballot) is asked too; otherwise it is recorded.
    fn ask_ballot(
        &mut self,
        open: usize,
        question: Option<String>,
        marks: Marks,
    ) -> Option<Effect> {
        let lang = self.lang;
        let item = &self.rec.state.items[open];
        let action = Action::RecordBallot {
            item: item.id.clone(),
            seat: self.named_seat,
            marks,
        };
        let returned = item.live_ballots().count() as u32 + 1;
        let excess = (returned > item.issued).then(|| match lang {
            Lang::Zh => format!(
                "注意：记录后收回 {returned} 张，多于发出的 {} 张，本次表决将整体无效（选举法第四十四条）。",
                item.issued
            ),
            Lang::En => format!(
                "WARNING: returned would be {returned}, more than the {} issued: the whole vote becomes VOID (Election Law art. 44).",
                item.issued
            ),
        });
        let question = match (excess, question) {
            (None, None) => return Some(Effect::Record(action)),
            (Some(w), None) => format!(
                "{w} {}",
                lang.t("仍记录这张选票？", "Record this ballot anyway?")
            ),
            (Some(w), Some(q)) => format!("{w} {q}"),
            (None, Some(q)) => q,
        };
        self.confirm(question, action)
    }

    /// Carry out an effect's action through the recorder, then show its outcome.
    pub fn perform(&mut self, action: Action) {
        let result = self.rec.record(action);
        self.recorded(result);
    }

    /// Record ballot boxes, each as its own batch; the first failure stops the rest.
    pub fn perform_boxes(&mut self, batches: Vec<Vec<Action>>) {
        let lang = self.lang;
        let mut done: Vec<String> = Vec::new();
        for actions in batches {
            let label = match actions.first() {
                Some(Action::NoteBox { r#box, .. }) => r#box.clone(),
                _ => String::new(),
            };
            match self.rec.record_batch(actions) {
                Ok(n) => done.push(match lang {
                    Lang::Zh => format!("票箱 {label} {} 张", n - 1),
                    Lang::En => format!("box {label} {} ballots", n - 1),
                }),
                Err(e) => {
                    self.recorded(Err(e));
                    if !done.is_empty() {
                        let msg = self
                            .message
                            .as_ref()
                            .map(|m| m.1.clone())
                            .unwrap_or_default();
                        self.say(
                            Tone::Bad,
                            format!(
                                "{}{}; {msg}",
                                lang.t("已记录：", "recorded: "),
                                done.join(", ")
                            ),
                        );
                    }
                    return;
                }
            }
        }
        self.reset_draft();
        self.say(
            Tone::Good,
            format!(
                "{}{}",
                lang.t("已记录：", "recorded: "),
                done.join(lang.t("、", ", "))
            ),
        );
    }

    /// Carry out a batch (one write, one sync), then show its outcome.
    pub fn perform_all(&mut self, actions: Vec<Action>) {
        let lang = self.lang;
        let import = matches!(actions.first(), Some(Action::NoteImport { .. }));
        match self.rec.record_batch(actions) {
            Ok(n) if import => {
                self.reset_draft();
                self.say(
                    Tone::Good,
                    match lang {
                        Lang::Zh => format!("已导入 {} 张选票", n - 1),
                        Lang::En => format!("{} ballots imported", n - 1),
                    },
                );
            }
            Ok(n) => {
                let present = self.rec.state.present();
                self.say(
                    Tone::Good,
                    match lang {
                        Lang::Zh => format!("{n} 名代表已报到；实到 {present}"),
                        Lang::En => format!("{n} deputies checked in; present {present}"),
                    },
                );
            }
            Err(e) => self.recorded(Err(e)),
        }
    }

    /// The outcome of an append: shown only now, after the sync.
    pub fn recorded(&mut self, result: Result<Event, RecordError>) {
        let lang = self.lang;
        match result {
            Ok(event) => self.after(event),
            Err(RecordError::Refused(r)) => self.say(Tone::Bad, text::refusal(lang, &r)),
            Err(RecordError::ReadOnly) => self.say(
                Tone::Bad,
                lang.t("会议已闭会：只读", "the session is closed: read-only"),
            ),
            Err(RecordError::Log(e)) => {
                let msg = e.say(lang);
                self.stopped = Some(msg.clone());
                self.say(Tone::Bad, msg);
            }
        }
    }

    fn after(&mut self, event: Event) {
        let lang = self.lang;
        let st = &self.rec.state;
        let msg: String = match &event {
            Event::CheckedIn { seat } => {
                let name = st
                    .session
                    .deputy_index(*seat)
                    .map(|i| st.session.roster[i].name.clone())
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!("{seat} 号 {name} 已报到；实到 {}", st.present()),
                    Lang::En => format!("seat {seat} {name} checked in; present {}", st.present()),
                }
            }
            Event::MarkedOnLeave { seat } => match lang {
                Lang::Zh => format!("{seat} 号代表请假"),
                Lang::En => format!("seat {seat} on leave"),
            },
            Event::MarkedAbsent { seat } => match lang {
                Lang::Zh => format!("{seat} 号代表改为缺席"),
                Lang::En => format!("seat {seat} marked absent"),
            },
            Event::ItemOpened { item, issued } => {
                self.screen = Screen::Voting;
                self.named_seat = None;
                self.reset_draft();
                match lang {
                    Lang::Zh => format!("“{item}”开始表决，发出选票 {issued} 张"),
                    Lang::En => format!("\"{item}\" is open: {issued} ballots issued"),
                }
            }
            Event::BallotRecorded {
                item, ballot, seat, ..
            } => {
                // The count the operator sees is 收回; the entry number (which keeps
                // counting after a withdrawal) is named only when it differs.
                let returned = st.item(item).map(|i| i.live_ballots().count()).unwrap_or(0);
                self.named_seat = None;
                self.reset_draft();
                let seat = seat.map(|s| format!(" ({s})")).unwrap_or_default();
                let entry = if returned as u32 == *ballot {
                    String::new()
                } else {
                    match lang {
                        Lang::Zh => format!("，录入号 {ballot}"),
                        Lang::En => format!(", entry {ballot}"),
                    }
                };
                match lang {
                    Lang::Zh => {
                        format!("第 {returned} 张选票已记录{seat}（收回 {returned}{entry}）")
                    }
                    Lang::En => {
                        format!("ballot {returned} recorded{seat} (returned {returned}{entry})")
                    }
                }
            }
            Event::BallotVoided { ballot, .. } => match lang {
                Lang::Zh => format!("第 {ballot} 张选票已作废，可重新录入"),
                Lang::En => format!("ballot {ballot} voided; key it again"),
            },
            Event::ItemClosed { item } => {
                let index = st.item_index(item).unwrap_or(0);
                self.screen = Screen::Results(index);
                self.draft = None;
                match lang {
                    Lang::Zh => format!("“{item}”已截止；核对后按 d 宣布结果"),
                    Lang::En => format!("\"{item}\" closed; check the count, then d to declare"),
                }
            }
            Event::ResultDeclared { item, .. } => {
                let (n, head) = self.rec.declared_at.get(item).cloned().unwrap_or_default();
                match lang {
                    Lang::Zh => format!(
                        "已宣布“{item}”的结果；锚点：第 {n} 条记录，哈希 {}",
                        &head[..16.min(head.len())]
                    ),
                    Lang::En => format!(
                        "\"{item}\" declared; anchor: record {n}, hash {}",
                        &head[..16.min(head.len())]
                    ),
                }
            }
            Event::RoundOpened { item, .. } => {
                self.agenda = st.item_index(item).unwrap_or(self.agenda);
                self.screen = Screen::Overview;
                match lang {
                    Lang::Zh => format!("已建立“{item}”；按 Enter 开始表决"),
                    Lang::En => format!("\"{item}\" created; Enter opens it"),
                }
            }
            Event::StationClosed { ballots, .. } => {
                let label = self
                    .rec
                    .station
                    .as_ref()
                    .map(|s| s.r#box.clone())
                    .unwrap_or_default();
                match lang {
                    Lang::Zh => format!(
                        "票箱 {label} 录入完毕：{ballots} 张；计票台日志已关闭，交主控台导入（Esc 后按 q 退出）"
                    ),
                    Lang::En => format!(
                        "box {label} finished: {ballots} ballots; the station log is closed, take it to the console to import (Esc, then q quits)"
                    ),
                }
            }
            Event::SessionClosed { records, .. } => {
                self.screen = Screen::Overview;
                match lang {
                    Lang::Zh => format!("已闭会，共 {records} 条记录"),
                    Lang::En => format!("session closed: {records} records"),
                }
            }
            _ => String::new(),
        };
        self.say(Tone::Good, msg);
    }
}
