//! Station differences and decisions in words, in both languages.

use super::*;
use crate::sentences;

/// One mark of a reading in words: a candidate's or subject's mark.
fn mark_word(m: &Marks, k: usize, id: &str, lang: crate::lang::Lang) -> String {
    use crate::event::Choice;
    use crate::form::Mark;
    match crate::form::mark(m, k, id) {
        Some(Mark::Choice(Choice::For)) => lang.say(sentences::FOR).into(),
        Some(Mark::Choice(Choice::Against)) => lang.say(sentences::AGAINST).into(),
        Some(Mark::Choice(Choice::Abstain)) => lang.say(sentences::ABSTAIN).into(),
        Some(Mark::Ticked(true)) => lang.say(sentences::TICKED).into(),
        Some(Mark::Ticked(false)) => lang.say(sentences::NOT_TICKED).into(),
        Some(Mark::Rated("")) => lang.say(sentences::BLANK).into(),
        Some(Mark::Rated(l)) => l.to_string(),
        None if matches!(m, Marks::Spoiled | Marks::Void { .. }) => String::new(),
        None => "?".into(),
    }
}

/// A reading in words, every candidate (or subject) by its title: the scrutineers' list and
/// the sheet name what the paper shows, never an id.
pub fn describe(r: &Reading, choices: &[(String, String)], lang: crate::lang::Lang) -> String {
    let seat = r
        .seat
        .map(|s| match lang {
            crate::lang::Lang::Zh => format!("座位 {s}："),
            crate::lang::Lang::En => format!("seat {s}: "),
        })
        .unwrap_or_default();
    let body = match &r.marks {
        Marks::Spoiled => lang.say(sentences::SPOILED_UNREADABLE).to_string(),
        Marks::Void { reason } => format!("{}（{reason}）", lang.say(sentences::VOID)),
        Marks::Ticks { ticked } if ticked.is_empty() => {
            lang.say(sentences::BLANK_NOTHING_TICKED).to_string()
        }
        Marks::Ticks { ticked } => format!(
            "{} {}",
            lang.say(sentences::TICKED),
            ticked
                .iter()
                .map(|id| title_of(choices, id))
                .collect::<Vec<_>>()
                .join(lang.say(sentences::WORDS))
        ),
        m => {
            let per = choices
                .iter()
                .enumerate()
                .map(|(k, (id, title))| format!("{title} {}", mark_word(m, k, id, lang)))
                .collect::<Vec<_>>()
                .join(" · ");
            match m {
                // A name written in is part of the reading: a difference there is one.
                Marks::Election { write_ins, .. } if !write_ins.is_empty() => format!(
                    "{per} · {} {}",
                    lang.say(sentences::WRITTEN_IN),
                    write_ins.join(lang.say(sentences::WORDS))
                ),
                _ => per,
            }
        }
    };
    format!("{seat}{body}")
}

fn title_of<'a>(choices: &'a [(String, String)], id: &'a str) -> &'a str {
    choices
        .iter()
        .find(|(c, _)| c == id)
        .map_or(id, |(_, t)| t.as_str())
}

/// Where two readings of one ballot differ, each candidate by its title with both marks
/// ("项目丙：张三 赞成 ≠ 李四 反对"); a whole reading when the forms differ.
pub fn what_differs(
    (first, second): (&Reading, &Reading),
    tellers: (&str, &str),
    choices: &[(String, String)],
    lang: crate::lang::Lang,
) -> String {
    let (t1, t2) = tellers;
    let same_form = std::mem::discriminant(&first.marks) == std::mem::discriminant(&second.marks)
        && !matches!(first.marks, Marks::Spoiled | Marks::Void { .. })
        && first.seat == second.seat;
    if !same_form {
        return format!(
            "{t1}{} {} ≠ {t2}{} {}",
            lang.say(sentences::COLON),
            describe(first, choices, lang),
            lang.say(sentences::COLON),
            describe(second, choices, lang)
        );
    }
    let mut parts: Vec<String> = choices
        .iter()
        .enumerate()
        .filter_map(|(k, (id, title))| {
            let (a, b) = (
                mark_word(&first.marks, k, id, lang),
                mark_word(&second.marks, k, id, lang),
            );
            (a != b).then(|| match lang {
                crate::lang::Lang::Zh => format!("【{title}】{t1} {a} ≠ {t2} {b}"),
                crate::lang::Lang::En => format!("{title}: {t1} {a} ≠ {t2} {b}"),
            })
        })
        .collect();
    // The names written in, as each teller read them.
    if let (Marks::Election { write_ins: a, .. }, Marks::Election { write_ins: b, .. }) =
        (&first.marks, &second.marks)
        && a != b
    {
        let names = |v: &[String]| {
            if v.is_empty() {
                lang.say(sentences::NONE_WRITTEN_IN).to_string()
            } else {
                format!(
                    "{} {}",
                    lang.say(sentences::WRITTEN_IN),
                    v.join(lang.say(sentences::WORDS))
                )
            }
        };
        parts.push(format!("{t1} {} ≠ {t2} {}", names(a), names(b)));
    }
    parts.join(lang.say(sentences::LIST_SEPARATOR))
}

/// Every difference of a plan in words, one line each: what the scrutineers look up.
pub fn difference_lines(plan: &BoxPlan, lang: crate::lang::Lang) -> Vec<String> {
    use crate::lang::Lang::{En, Zh};
    let choices = &plan.entries[0].binding.choices;
    let tellers: Vec<&str> = plan
        .entries
        .iter()
        .map(|e| e.binding.teller.as_str())
        .collect();
    let (t1, t2) = (tellers[0], tellers.get(1).copied().unwrap_or(""));
    let b = &plan.r#box;
    let mut out = Vec::new();
    if let Some(why) = &plan.multiset_because {
        let why = why.words(lang);
        out.push(match lang {
            Zh => format!("票箱 {b}：按票面读数汇总比对（{why}）"),
            En => format!("box {b}: compared as totals of readings ({why})"),
        });
    }
    for d in &plan.differences {
        out.push(match d {
            Difference::Reading {
                ballot,
                first,
                second,
            } => {
                let diff = what_differs((first, second), (t1, t2), choices, lang);
                match lang {
                    Zh => format!("票箱 {b} 第 {ballot} 张：{diff}"),
                    En => format!("box {b} ballot {ballot}: {diff}"),
                }
            }
            Difference::Count {
                reading,
                first,
                second,
            } => {
                let r = describe(reading, choices, lang);
                match lang {
                    Zh => format!("票箱 {b}：{r} —— {t1} {first} 张，{t2} {second} 张"),
                    En => format!("box {b}: {r} — {t1} {first}, {t2} {second}"),
                }
            }
        });
    }
    for (teller, keyed, hand) in &plan.hand_count {
        out.push(match lang {
            Zh => format!("票箱 {b}：{teller} 录入 {keyed} 张，开箱手工清点为 {hand} 张"),
            En => format!(
                "box {b}: {teller} keyed {keyed} ballot(s); the box was counted at {hand} by hand"
            ),
        });
    }
    out
}

/// The reading a decision records, in words, and whose it is: what the scrutineers chose,
/// shown and printed beside their reason.
pub fn decided_words(
    decided: &Reading,
    first: &Reading,
    second: &Reading,
    tellers: (&str, &str),
    choices: &[(String, String)],
    lang: crate::lang::Lang,
) -> String {
    let whose = if decided == first {
        match lang {
            crate::lang::Lang::Zh => format!("按{}的读数", tellers.0),
            crate::lang::Lang::En => format!("{}'s reading", tellers.0),
        }
    } else if decided == second {
        match lang {
            crate::lang::Lang::Zh => format!("按{}的读数", tellers.1),
            crate::lang::Lang::En => format!("{}'s reading", tellers.1),
        }
    } else {
        lang.say(sentences::RULED).to_string()
    };
    format!(
        "{whose}{}{}",
        lang.say(sentences::COLON_SPACED),
        describe(decided, choices, lang)
    )
}

/// Why a box's entries were compared as totals, in words.
impl super::TotalsBecause {
    pub fn words(&self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang::{En, Zh};
        let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        match (self, lang) {
            (super::TotalsBecause::OrderLost, Zh) => "计票员记录了票序已乱".into(),
            (super::TotalsBecause::OrderLost, En) => {
                "a teller recorded that the stack's order was lost".into()
            }
            (super::TotalsBecause::Counts(a, b), Zh) => {
                format!("两次录入分别为 {a} 张和 {b} 张，票号对不上")
            }
            (super::TotalsBecause::Counts(a, b), En) => {
                format!("the entries hold {a} and {b} ballots, so ballot numbers do not line up")
            }
            (super::TotalsBecause::Numbers(a, b), Zh) => format!(
                "两次录入的票号不同（仅第一次有：{}；仅第二次有：{}），有选票作废后重录",
                list(a),
                list(b)
            ),
            (super::TotalsBecause::Numbers(a, b), En) => format!(
                "the entries' ballot numbers differ (only in the first: {}; only in the second: {}): a ballot was withdrawn and keyed again",
                list(a),
                list(b)
            ),
        }
    }
}
