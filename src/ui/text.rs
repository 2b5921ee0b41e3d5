//! Words on screen in Chinese and English, and fitting text to terminal cells.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::engine::{Attendance, Phase, Refusal, RoundReason};
use crate::session::Body;
use crate::tally::Reconciliation;

pub use crate::lang::Lang;
use crate::sentences;

pub fn body(lang: Lang, b: Body) -> &'static str {
    match b {
        Body::Congress => lang.say(sentences::CONGRESS_SESSION),
        Body::StandingCommittee => lang.say(sentences::STANDING_COMMITTEE),
    }
}

pub fn phase(lang: Lang, p: Phase) -> &'static str {
    match p {
        Phase::Pending => lang.say(sentences::PENDING),
        Phase::Open => lang.say(sentences::PHASE_OPEN),
        Phase::Closed => lang.say(sentences::CLOSED),
        Phase::Declared => lang.say(sentences::DECLARED),
    }
}

pub fn attendance(lang: Lang, a: Attendance) -> &'static str {
    match a {
        Attendance::Present => lang.say(sentences::STATUS_PRESENT),
        Attendance::OnLeave => lang.say(sentences::STATUS_ON_LEAVE),
        Attendance::Absent => lang.say(sentences::STATUS_ABSENT),
    }
}

pub fn reason(lang: Lang, r: RoundReason) -> &'static str {
    match r {
        RoundReason::Tie => lang.say(sentences::RUNOFF_AFTER_A_TIE),
        RoundReason::VoidVote => lang.say(sentences::RE_RUN_OF_A_VOID_VOTE),
        RoundReason::Unfilled => lang.say(sentences::FURTHER_VOTE_FOR_UNFILLED_PLACES),
    }
}

/// "发出 6  收回 6  有效 6  无效 0" — the ballot reconciliation, worded alike on every screen.
pub fn reconciliation(lang: Lang, b: &Reconciliation) -> String {
    lang.pick(sentences::issued_returned_valid_void(
        b.issued, b.returned, b.valid, b.void,
    ))
}

/// Whether the whole vote stands (Election Law art. 44).
pub fn validity(lang: Lang, vote_valid: bool) -> &'static str {
    if vote_valid {
        lang.say(sentences::VOTE_VALID)
    } else {
        lang.say(sentences::RETURNED_ISSUED_VOTE_VOID_RE_RUN)
    }
}

/// "票数相等：A、B 争 1 个名额" — a tie across the last place.
pub fn tie(lang: Lang, names: &[&str], places: u32) -> String {
    lang.pick(sentences::tie_for_place_s(
        names.join("、"),
        places,
        names.join(", "),
    ))
}

/// "2 个名额未满" — places left unfilled.
pub fn unfilled(lang: Lang, n: u32) -> String {
    lang.pick(sentences::place_s_unfilled(n))
}

/// What the session may do about unfilled places, in one wording for the result screen, the
/// agenda and the close question: vote again, or close with them unfilled — and what the
/// console asks (Local Organic Law art. 29, by analogy: a further vote *may* follow).
pub fn unfilled_may(lang: Lang, n: u32) -> String {
    lang.pick(sentences::place_s_unfilled_f_opens_a(n))
}

/// A refusal in the operator's language, in the words of the body (委员 on a standing
/// committee).
pub fn refusal_in(lang: Lang, body: crate::session::Body, r: &Refusal) -> String {
    crate::words::for_body(lang, body, &refusal(lang, r))
}

/// A refusal in the operator's language.
pub fn refusal(lang: Lang, r: &Refusal) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    match r {
        Refusal::SessionClosed => "会议已闭会，不能再记录".into(),
        Refusal::UnknownSeat(s) => format!("座位号 {s} 不在代表名单中"),
        Refusal::AttendanceUnchanged(s, a) => format!("{s} 号代表已是“{}”", attendance(lang, *a)),
        Refusal::AttendanceLocked(i) => format!("事项“{i}”正在表决，出席情况已锁定；截止后再改"),
        Refusal::ItemNotOpen(i) => format!("事项“{i}”未在表决中"),
        Refusal::AnotherItemOpen(a, _) => format!("事项“{a}”正在表决，请先截止"),
        Refusal::AlreadyOpened(i) => format!("事项“{i}”已经开始过表决"),
        Refusal::NoQuorum {
            present,
            seated,
            short,
        } => {
            format!("不足法定人数：应到 {seated} 实到 {present}，还需 {short} 名代表出席")
        }
        Refusal::NamedWithoutSeat => "记名表决须先输入代表座位号".into(),
        Refusal::NotPresent(s) => format!("{s} 号代表未报到出席"),
        Refusal::AlreadyVoted(s) => format!("{s} 号代表已表决；如需更正，先作废该票"),
        Refusal::BadMarks(m) => format!("选票不符合本事项：{m}"),
        Refusal::UnknownBallot(_, b) => format!("没有第 {b} 张选票"),
        Refusal::AlreadyVoided(_, b) => format!("第 {b} 张选票已作废"),
        Refusal::NoReason => "作废须填写理由".into(),
        Refusal::NotClosed(i) => format!("事项“{i}”尚未截止"),
        Refusal::AlreadyDeclared(i) => format!("事项“{i}”已宣布结果，结果不可更改"),
        Refusal::NoFurtherRoundNeeded(i) => format!("事项“{i}”不需要另行票决"),
        Refusal::FurtherRoundExists(_, r) => format!("已建立另行票决“{r}”"),
        Refusal::ItemStillOpen(i) => format!("事项“{i}”仍在表决中，请先截止并宣布"),
        Refusal::UndeclaredItem(i) => format!("事项“{i}”已截止但未宣布结果"),
        Refusal::BatchMisplaced => "批记录不能为空，也不能嵌套在另一批记录中".into(),
        Refusal::ImportExtent {
            announced,
            in_batch,
        } => format!(
            "导入说明须位于其批记录之首并涵盖其后全部记录：批中还有 {in_batch} 条，说明称 {announced} 张"
        ),
        Refusal::ImportInterrupted { item, left } => {
            format!("事项“{item}”还有 {left} 张导入选票应紧随其后")
        }
        Refusal::SealRefused(_, why) => format!("不能登记票箱：{why}"),
        Refusal::BoxesNotSealed(i) => {
            format!("“{i}”须先登记票箱和会场收回票数（x），才能导入票箱")
        }
        Refusal::UnknownBox(_, b, sealed) => {
            format!("票箱“{b}”不在本轮登记的票箱之中（{sealed}）；请按登记的编号导入")
        }
        Refusal::SealedRound(i) => {
            format!("“{i}”按登记的票箱计票：选票只能从票箱导入，更正在计票台进行")
        }
        Refusal::BoxesUnreconciled {
            counted,
            collected,
            missing,
            ..
        } => {
            let missing = if missing.is_empty() {
                String::new()
            } else {
                format!("，票箱 {} 未导入", missing.join("、"))
            };
            format!(
                "票箱合计 {counted} 张，会场收回 {collected} 张{missing}；须由监票人裁定并填写理由后才能截止"
            )
        }
        Refusal::ReconcileRefused(_, why) => format!("监票人裁定与票箱不符：{why}"),
        other => other.to_string(),
    }
}

/// What the log held last when the console resumed, so the operator can compare it with the
/// paper before keying again (after a failure that may or may not have recorded).
pub fn last_record(lang: Lang, last: Option<&crate::recorder::LastRecord>) -> String {
    use crate::engine::Event;
    let Some(l) = last else {
        return String::new();
    };
    // RFC 3339 with milliseconds: the clock time is characters 11..19.
    let clock = l.time.get(11..19).unwrap_or(&l.time);
    let what = match (&l.event, lang) {
        (Event::BallotRecorded { item, ballot, .. }, Lang::Zh) => {
            format!("事项“{item}”第 {ballot} 张选票")
        }
        (Event::BallotRecorded { item, ballot, .. }, Lang::En) => {
            format!("ballot {ballot} of item \"{item}\"")
        }
        (Event::BallotVoided { item, ballot, .. }, Lang::Zh) => {
            format!("作废事项“{item}”第 {ballot} 张选票")
        }
        (Event::BallotVoided { item, ballot, .. }, Lang::En) => {
            format!("ballot {ballot} of item \"{item}\" withdrawn")
        }
        (Event::CheckedIn { seat }, Lang::Zh) => format!("{seat} 号报到"),
        (Event::CheckedIn { seat }, Lang::En) => format!("seat {seat} checked in"),
        (e, _) => e.kind().to_string(),
    };
    lang.pick(sentences::last_in_the_log_record(l.seq, clock, &what))
}

/// What the console found of the log's mirror on starting (`--mirror`), as a sentence after
/// the opening message.
pub fn mirror_opened(lang: Lang, m: &crate::recorder::MirrorOpened) -> String {
    use crate::recorder::MirrorHow;
    let path = m.path.display();
    let how = match (&m.how, lang) {
        (MirrorHow::Created, Lang::Zh) => format!("镜像 {path} 已同时建立"),
        (MirrorHow::Created, Lang::En) => format!("mirror {path} created with it"),
        (MirrorHow::Copied, Lang::Zh) => format!("镜像 {path} 已从日志复制建立"),
        (MirrorHow::Copied, Lang::En) => format!("mirror {path} made as a copy of the log"),
        (MirrorHow::Same, Lang::Zh) => format!("镜像 {path} 与日志相同"),
        (MirrorHow::Same, Lang::En) => format!("mirror {path} holds the same records"),
        (MirrorHow::BroughtUp { side, records }, Lang::Zh) => format!(
            "镜像 {path}：{}缺少最后一次写入的 {records} 条记录，已从另一侧补齐",
            side.say(lang)
        ),
        (MirrorHow::BroughtUp { side, records }, Lang::En) => format!(
            "mirror {path}: {} lacked the last write's {records} record(s) and was brought up from the other side",
            side.say(lang)
        ),
    };
    let repair = match (&m.repair, lang) {
        (None, _) => String::new(),
        (Some(r), Lang::Zh) => format!(
            "；镜像末尾未确认的 {} 字节已移至 {}",
            r.bytes,
            r.side_file.display()
        ),
        (Some(r), Lang::En) => format!(
            "; {} unacknowledged bytes at the mirror's end were moved to {}",
            r.bytes,
            r.side_file.display()
        ),
    };
    lang.pick(sentences::sentence_then(&how, &repair))
}

/// Display width of a string in terminal cells (Chinese characters are two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` cells, ending with "…" when cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// `s` right-aligned in exactly `cells` cells.
pub fn rpad(s: &str, cells: usize) -> String {
    let s = fit(s, cells);
    format!("{}{s}", " ".repeat(cells.saturating_sub(width(&s))))
}

/// `s` cut or padded with spaces to exactly `cells` cells.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_counts_chinese_as_two_cells() {
        assert_eq!(fit("城乡免费公交", 12), "城乡免费公交");
        assert_eq!(fit("城乡免费公交", 11), "城乡免费公…");
        assert_eq!(width(&fit("城乡免费公交", 8)), 7);
        assert_eq!(pad("公交", 6), "公交  ");
        assert_eq!(width(&pad("城乡免费公交", 7)), 7);
    }
}

/// Break text into lines of at most `max` cells: at a space where there is one, else (CJK)
/// between characters.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max && c == ' ' {
            // A space at the edge is the break itself.
            lines.push(std::mem::take(&mut line));
            w = 0;
            continue;
        }
        if w + cw > max {
            // Carry the last word over when the line has a space to break at.
            let carry = match line.rfind(' ') {
                Some(at) if at > 0 => {
                    let rest = line[at + 1..].to_string();
                    line.truncate(at);
                    rest
                }
                _ => String::new(),
            };
            lines.push(std::mem::take(&mut line));
            line = carry;
            w = width(&line);
        }
        line.push(c);
        w += cw;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_and_between_chinese_characters() {
        assert_eq!(
            wrap("Copy the record count and head", 12),
            vec!["Copy the", "record count", "and head"]
        );
        assert_eq!(
            wrap("已闭会。请将记录数", 8),
            vec!["已闭会。", "请将记录", "数"]
        );
        for l in wrap(
            "Session closed. Copy the record count and head onto the signed result sheet:",
            48,
        ) {
            assert!(width(&l) <= 48, "{l}");
        }
    }
}
