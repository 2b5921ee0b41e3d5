//! Words the screens and the sheet share: the counting rule of an item as the scrutineers
//! sign it and the hall reads it. No terminal code.

use crate::lang::Lang;
use crate::sentences;
use crate::session::{Form, Item, PassBase, RatingBase, RatingRule, Threshold};

fn part(a: u64, b: u64) -> String {
    if b == 100 {
        format!("{a}%")
    } else {
        format!("{a}/{b}")
    }
}

fn fraction(lang: Lang, t: &Threshold) -> String {
    match (t, lang) {
        (Threshold::MoreThan(a, b), Lang::Zh) => format!("> {}", part(*a, *b)),
        (Threshold::AtLeast(a, b), Lang::Zh) => format!("≥ {}", part(*a, *b)),
        (Threshold::MoreThan(a, b), Lang::En) => format!("more than {}", part(*a, *b)),
        (Threshold::AtLeast(a, b), Lang::En) => format!("at least {}", part(*a, *b)),
    }
}

fn rating_base(lang: Lang, b: RatingBase) -> &'static str {
    match b {
        RatingBase::Seated => lang.say(sentences::SEATED_COUNT),
        RatingBase::Present => lang.say(sentences::PRESENT_COUNT),
        RatingBase::Returned => lang.say(sentences::BALLOTS_RETURNED),
        RatingBase::Valid => lang.say(sentences::VALID_BALLOTS),
    }
}

/// A round by the name the clerk and the hall know it: the item's title, and the round
/// when it is a further one ("2024年民生实事项目票决 第 2 轮"), never its id.
pub fn round_name(lang: Lang, state: &crate::engine::State, id: &str) -> String {
    let Some(round) = state.item(id) else {
        return id.to_string();
    };
    let title = state.session.items.get(round.def).map_or(id, |d| d.title());
    match (round.round, lang) {
        (1, _) => title.to_string(),
        (n, Lang::Zh) => format!("{title} 第 {n} 轮"),
        (n, Lang::En) => format!("{title}, round {n}"),
    }
}

/// The counting rule of one round in words: a further round speaks of its own places and
/// its own limit, never round 1's.
pub fn round_rule(
    lang: Lang,
    session: &crate::session::Session,
    round: &crate::round::ItemState,
) -> String {
    let Some(def) = session.items.get(round.def) else {
        return String::new();
    };
    let mut def = def.clone();
    if let Item::ProjectVote(p) = &mut def {
        if round.round > 1 {
            p.places = round.places.or(p.places);
        }
        if p.max_for.is_some() {
            p.max_for = round.mark_limit(session);
        }
        if let (Form::TickAtMost(_), Some(n)) = (p.form, round.tick_limit(session)) {
            p.form = Form::TickAtMost(n);
        }
    }
    rule(lang, &def)
}

/// The counting rule of an item in words, e.g. 满意率 = (满意+基本满意)/有效票 ≥ 60% 为达标.
pub fn rule(lang: Lang, def: &Item) -> String {
    match (def, lang) {
        (Item::ProjectVote(p), _) if p.kind == crate::session::VoteKind::Election => {
            lang.pick(sentences::election_rule(
                pass_base_words(lang, p.pass_base),
                p.places.unwrap_or(0),
                p.write_ins,
            ))
        }
        (Item::ProjectVote(p), Lang::Zh) => {
            let base = match p.pass_base {
                PassBase::Seated => "应到代表",
                PassBase::Present => "出席代表",
                PassBase::Valid => "有效票",
            };
            let mut w = format!("赞成票超过{base}的半数为通过");
            if let Some(n) = p.places {
                w.push_str(&format!("；应选 {n} 项，按赞成票多少取前 {n} 项"));
            }
            if let Some(m) = p.max_for {
                w.push_str(&format!("；赞成多于 {m} 项的选票无效"));
            }
            if let Form::TickAtMost(n) = p.form {
                w.push_str(&format!("；勾选多于 {n} 项的选票无效"));
            }
            w
        }
        (Item::ProjectVote(p), Lang::En) => {
            let base = match p.pass_base {
                PassBase::Seated => "the seated deputies",
                PassBase::Present => "the deputies present",
                PassBase::Valid => "the valid ballots",
            };
            let mut w = format!("adopted with \"for\" from more than half of {base}");
            if let Some(n) = p.places {
                w.push_str(&format!("; {n} places, filled by most \"for\""));
            }
            if let Some(m) = p.max_for {
                w.push_str(&format!("; a ballot with \"for\" on more than {m} is void"));
            }
            if let Form::TickAtMost(n) = p.form {
                w.push_str(&format!("; a ballot ticking more than {n} is void"));
            }
            w
        }
        (Item::Rating(r), _) => match &r.rule {
            RatingRule::Tiers { tiers, otherwise } => {
                let base = rating_base(lang, r.base);
                let parts: Vec<String> = tiers
                    .iter()
                    .map(|t| {
                        lang.pick(sentences::grade_if_rate_meets(
                            &t.grade,
                            t.counted.join("+"),
                            fraction(lang, &t.threshold),
                            base,
                        ))
                    })
                    .collect();
                let last = tiers
                    .last()
                    .map(|t| t.counted.join("+"))
                    .unwrap_or_default();
                lang.pick(sentences::otherwise_satisfaction_rate(
                    parts.join("；"),
                    otherwise,
                    &last,
                    base,
                    parts.join("; "),
                ))
            }
            RatingRule::Rate { counted, cutoff } => {
                let base = rating_base(lang, r.base);
                let mut w = lang.pick(sentences::satisfaction_rate(counted.join("+"), base));
                if let Some(t) = cutoff {
                    match lang {
                        Lang::Zh => w.push_str(&format!(" {} 为达标", fraction(lang, t))),
                        Lang::En => w.push_str(&format!(", met at {}", fraction(lang, t))),
                    }
                }
                w
            }
        },
    }
}

/// The body's own words in a screen phrase: 代表 / 代表团 / deputy at a congress; 委员 /
/// 组成人员 / 组别 / member at a standing committee (Local Organic Law art. 47: its members
/// are 组成人员, not deputies). Only the interface's phrases go through here, never data
/// such as titles or names.
pub fn for_body(lang: Lang, body: crate::session::Body, phrase: &str) -> String {
    if body == crate::session::Body::Congress {
        return phrase.to_string();
    }
    let pairs: &[(&str, &str)] = match lang {
        Lang::Zh => &[
            ("应到代表", "应到组成人员"),
            ("实到代表", "实到组成人员"),
            ("代表名单", "组成人员名单"),
            ("各代表团", "各组别"),
            ("代表团", "组别"),
            ("代表", "委员"),
        ],
        Lang::En => &[
            ("Deputies", "Members"),
            ("deputies", "members"),
            ("Deputy", "Member"),
            ("deputy", "member"),
            ("Delegation", "Group"),
            ("delegation", "group"),
        ],
    };
    let mut out = phrase.to_string();
    for (from, to) in pairs {
        out = out.replace(from, to);
    }
    out
}

/// Whose "more than half" an election counts, in words.
fn pass_base_words(lang: Lang, base: PassBase) -> &'static str {
    match (lang, base) {
        (Lang::Zh, PassBase::Seated) => "全体代表",
        (Lang::Zh, PassBase::Present) => "出席代表",
        (Lang::Zh, PassBase::Valid) => "有效票",
        (Lang::En, PassBase::Seated) => "all deputies",
        (Lang::En, PassBase::Present) => "the deputies present",
        (Lang::En, PassBase::Valid) => "the valid ballots",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Body;

    #[test]
    fn a_standing_committee_has_members_not_deputies() {
        let sc = Body::StandingCommittee;
        assert_eq!(for_body(Lang::Zh, sc, "应到代表"), "应到组成人员");
        assert_eq!(for_body(Lang::Zh, sc, "12 号代表已请假"), "12 号委员已请假");
        assert_eq!(for_body(Lang::Zh, sc, "代表团"), "组别");
        assert_eq!(
            for_body(Lang::En, sc, "type the deputy's seat number"),
            "type the member's seat number"
        );
        assert_eq!(for_body(Lang::Zh, Body::Congress, "12 号代表"), "12 号代表");
    }
}
