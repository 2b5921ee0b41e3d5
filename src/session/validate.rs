//! Every semantic check of a session file, each problem pointed at its line and column.

use std::collections::HashSet;

use super::{ABSTAIN_LABEL, Form, Problem, RatingRule, VoteKind};
use super::{Deputy, Item, ProjectVote, Rating, Session, SessionError, SessionFile, Threshold};
use crate::lang::quote;
use crate::textpos::line_col;

/// Whether an id fits the documented pattern: letters, digits and `-`, not starting with
/// `-`, at most 64 characters. Ids name log files and appear in the log, so nothing else
/// (no `/`, `.`, spaces or control characters) may be in them.
pub fn valid_id(id: &str) -> bool {
    let n = id.chars().count();
    (1..=64).contains(&n)
        && !id.starts_with('-')
        && id.chars().all(|c| c.is_alphanumeric() || c == '-')
}

/// Where the `nth` (0-based) occurrence of `"id"` stands in the text, to point at it.
/// A key starting with '@' is looked up as written (a field name such as `@roster:`).
fn locate(text: &str, quoted: &str, nth: usize) -> (Option<usize>, Option<usize>) {
    let needle = match quoted.strip_prefix('@') {
        Some(field) => field.to_string(),
        None => format!("\"{quoted}\""),
    };
    match text.match_indices(&needle).nth(nth) {
        Some((off, _)) => {
            let (l, c) = line_col(text.as_bytes(), off);
            (Some(l), Some(c))
        }
        None => (None, None),
    }
}

pub(super) fn validate(
    name: &str,
    text: &str,
    mut file: SessionFile,
    roster: Vec<Deputy>,
) -> Result<Session, SessionError> {
    let items: Vec<Item> = std::mem::take(&mut file.items)
        .into_iter()
        .map(Item::from)
        .collect();
    let problems = std::cell::RefCell::new(Vec::new());
    let at = |key: &str, nth: usize, message: String| {
        let (line, column) = locate(text, key, nth);
        problems.borrow_mut().push(Problem {
            file: name.to_string(),
            line,
            column,
            message,
        });
    };

    let date = validate_heading(&file, &roster, &at);
    let seated = file.seated.unwrap_or(roster.len() as u32);
    if (seated as usize) < roster.len() {
        at(
            "@seated:",
            0,
            format!(
                "seated is {seated} but the roster lists {} deputies; seated cannot be fewer",
                roster.len()
            ),
        );
    }
    if items.is_empty() {
        at(
            "@items:",
            0,
            "the agenda has no items; add at least one ProjectVote, Resolution or Rating".into(),
        );
    }
    validate_items(&items, &at);
    let utc_offset = validate_offset(file.utc_offset.as_deref(), &at);
    let problems = problems.into_inner();
    match (problems.is_empty(), date, utc_offset) {
        (true, Some(date), Some(utc_offset)) => Ok(Session {
            id: file.id,
            title: file.title,
            title_en: file.title_en,
            date,
            body: file.body,
            seated,
            utc_offset,
            roster,
            items,
        }),
        _ => Err(SessionError::Invalid(problems)),
    }
}

/// Each item's id (valid, and its own), its choices and the checks of its kind.
fn validate_items(items: &[Item], at: &dyn Fn(&str, usize, String)) {
    let mut item_ids: Vec<&str> = Vec::new();
    for item in items {
        let id = item.id();
        let seen = item_ids.iter().filter(|&&i| i == id).count();
        if seen > 0 {
            at(
                id,
                seen,
                format!("item id \"{id}\" is used twice; give each item its own id"),
            );
        }
        if !valid_id(id) {
            at(
                id,
                0,
                format!(
                    "item id {} is not valid: use 1 to 64 letters, digits and '-'",
                    quote(id)
                ),
            );
        }
        item_ids.push(id);
        validate_choices(item, id, at);
        match item {
            Item::ProjectVote(p) => validate_project(p, id, at),
            Item::Rating(r) => validate_rating(r, id, at),
        }
    }
}

/// The checks of a livelihood-project vote (票决): its investments, places, limits and form.
fn validate_project(p: &ProjectVote, id: &str, at: &dyn Fn(&str, usize, String)) {
    if p.kind == VoteKind::Election {
        validate_election(p, id, at);
    }
    if p.kind == VoteKind::Motions {
        // A motion is passed or not; it has no cost to add up on the sheet.
        for c in p.candidates.iter().filter(|c| c.investment.is_some()) {
            at(
                &c.id,
                0,
                format!(
                    "in resolution \"{id}\", motion \"{}\" has an investment; a motion has none, leave it out",
                    c.id
                ),
            );
        }
    }
    // Checked sums: a total that would pass the stated maximum is refused here,
    // so no count or sheet can ever wrap around.
    let total = p
        .candidates
        .iter()
        .filter_map(|c| c.investment)
        .try_fold(0u64, |acc, x| acc.checked_add(x))
        .filter(|&t| t <= crate::limits::INVESTMENT_TOTAL_MAX);
    if total.is_none() {
        at(
            id,
            0,
            format!(
                "item {}: the investments add up to more than {} 万元; check the figures (they are in 万元)",
                quote(id),
                crate::limits::INVESTMENT_TOTAL_MAX
            ),
        );
    }
    validate_limits(p, id, at);
}

/// Places, `max_for` and the tick form's N: each within the candidates, and agreeing.
fn validate_limits(p: &ProjectVote, id: &str, at: &dyn Fn(&str, usize, String)) {
    let n = p.candidates.len() as u32;
    if let Some(places) = p.places {
        if places == 0 {
            at(
                id,
                0,
                format!(
                    "item \"{id}\": places is 0; leave it out to adopt every candidate that passes"
                ),
            );
        } else if places > n {
            at(
                id,
                0,
                format!(
                    "item \"{id}\": places is {places} but there are only {n} candidates; places cannot exceed candidates"
                ),
            );
        }
    }
    validate_max_for(p, id, at);
    validate_tick(p, id, at);
}

/// `max_for`: only on the 赞成/反对/弃权 form, from 1 to the number of candidates.
fn validate_max_for(p: &ProjectVote, id: &str, at: &dyn Fn(&str, usize, String)) {
    let n = p.candidates.len() as u32;
    if let Some(m) = p.max_for {
        if matches!(p.form, Form::TickAtMost(_)) {
            at(
                id,
                0,
                format!(
                    "item {}: max_for is for the 赞成/反对/弃权 form; a tick ballot's limit is its TickAtMost",
                    quote(id)
                ),
            );
        } else if m == 0 || m > n {
            at(
                id,
                0,
                format!(
                    "item {}: max_for is {m}; it must be from 1 to {n} (the number of candidates)",
                    quote(id)
                ),
            );
        }
    }
}

/// The tick form's N: within the candidates, and as many as the places.
fn validate_tick(p: &ProjectVote, id: &str, at: &dyn Fn(&str, usize, String)) {
    let n = p.candidates.len() as u32;
    if let Form::TickAtMost(k) = p.form {
        if k == 0 || k > n {
            at(
                id,
                0,
                format!(
                    "item \"{id}\": TickAtMost({k}) is out of range; it must be from 1 to {n} (the number of candidates)"
                ),
            );
        } else if let Some(places) = p.places
            && k != places
        {
            at(
                id,
                0,
                format!(
                    "item \"{id}\": TickAtMost({k}) differs from places {places}; a ballot may tick as many as there are places"
                ),
            );
        }
    }
}

/// The checks of a satisfaction rating (测评): its scale, grades and rule.
fn validate_rating(r: &Rating, id: &str, at: &dyn Fn(&str, usize, String)) {
    if r.scale.is_empty() {
        at(
            id,
            0,
            format!("item \"{id}\": the scale is empty; list its labels in order"),
        );
    }
    let mut seen_labels = HashSet::new();
    for l in &r.scale {
        // "" is a subject left blank on a ballot (not rated): never a label.
        if !seen_labels.insert(l.as_str()) || l == ABSTAIN_LABEL || l.trim().is_empty() {
            at(
                id,
                0,
                format!(
                    "item \"{id}\": scale label \"{l}\" is repeated or reserved; labels must be distinct (use abstain: true for 弃权)"
                ),
            );
        }
    }
    validate_rule(r, id, at);
}

/// A rating's rule: its tiers or rate count labels of the scale, with thresholds that can
/// be met.
fn validate_rule(r: &Rating, id: &str, at: &dyn Fn(&str, usize, String)) {
    let unknown = |labels: &[String]| -> Vec<String> {
        labels
            .iter()
            .filter(|l| !r.scale.contains(l))
            .cloned()
            .collect()
    };
    let check_labels = |labels: &[String], what: &str| {
        for l in unknown(labels) {
            at(
                &l,
                0,
                format!(
                    "item \"{id}\": {what} names \"{l}\", which is not on the scale {:?}; use one of the scale's labels",
                    r.scale
                ),
            );
        }
    };
    match &r.rule {
        RatingRule::Tiers { tiers, otherwise } => {
            if tiers.is_empty() {
                at(
                    id,
                    0,
                    format!("item \"{id}\": Tiers needs at least one tier"),
                );
            }
            for t in tiers {
                check_labels(&t.counted, "a tier");
                if t.counted.is_empty() {
                    at(
                        &t.grade,
                        0,
                        format!("item \"{id}\": tier \"{}\" counts no labels", t.grade),
                    );
                }
                check_threshold(&at, id, t.threshold);
            }
            if otherwise.trim().is_empty() {
                at(
                    id,
                    0,
                    format!("item \"{id}\": Tiers needs an `otherwise` grade"),
                );
            }
        }
        RatingRule::Rate { counted, cutoff } => {
            check_labels(counted, "the rate");
            if counted.is_empty() {
                at(id, 0, format!("item \"{id}\": Rate counts no labels"));
            }
            if let Some(t) = cutoff {
                check_threshold(&at, id, *t);
            }
        }
    }
}

fn check_threshold(at: &impl Fn(&str, usize, String), id: &str, t: Threshold) {
    let (n, d) = t.parts();
    if d == 0 || n > d {
        at(
            id,
            0,
            format!(
                "item \"{id}\": threshold {t} is not a fraction from 0 to 1; write e.g. AtLeast(60, 100) or MoreThan(1, 2)"
            ),
        );
    } else if matches!(t, Threshold::MoreThan(..)) && n == d {
        // More than all of the base can never happen: the rule would never be met.
        at(
            id,
            0,
            format!(
                "item \"{id}\": threshold {t} can never be met (more than the whole base); write AtLeast({n}, {d}) for all of it, or a smaller fraction"
            ),
        );
    }
}

/// The session's id, date and roster; the date when it is one.
fn validate_heading(
    file: &SessionFile,
    roster: &[Deputy],
    at: &dyn Fn(&str, usize, String),
) -> Option<chrono::NaiveDate> {
    if !valid_id(&file.id) {
        at(
            "@id:",
            0,
            format!(
                "the session id {} is not valid: use 1 to 64 letters, digits and '-', such as \"hanggin-18-3\"",
                quote(&file.id)
            ),
        );
    }
    let date = match chrono::NaiveDate::parse_from_str(&file.date, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            at(
                &file.date,
                0,
                format!(
                    "date {} is not a date; write it as YYYY-MM-DD",
                    quote(&file.date)
                ),
            );
            None
        }
    };
    if roster.is_empty() {
        at(
            "@roster:",
            0,
            "the roster is empty; list the deputies inline or name a roster CSV".into(),
        );
    }
    let mut seats = HashSet::new();
    for d in roster {
        if !seats.insert(d.seat) {
            at(
                &d.name,
                0,
                format!(
                    "seat {} appears twice in the roster; every deputy needs their own seat number",
                    d.seat
                ),
            );
        }
        if d.name.trim().is_empty() {
            at("@seat: ", 0, format!("seat {} has an empty name", d.seat));
        }
    }
    date
}

/// An item's candidates or subjects: at least one, each with a valid id and a title, no id
/// or title twice; and the item's own title.
fn validate_choices(item: &Item, id: &str, at: &dyn Fn(&str, usize, String)) {
    let choice_ids = item.choice_ids();
    if choice_ids.is_empty() {
        at(
            id,
            0,
            format!("item \"{id}\" has no candidates or subjects; list at least one"),
        );
    }
    let mut seen_ids: Vec<&str> = Vec::new();
    for c in choice_ids.iter().filter(|c| !valid_id(c)) {
        at(
            c,
            0,
            format!(
                "in item {}, id {} is not valid: use 1 to 64 letters, digits and '-'",
                quote(id),
                quote(c)
            ),
        );
    }
    if item.title().trim().is_empty() {
        at(
            id,
            0,
            format!("item \"{id}\" has an empty title; give the title printed on the ballot"),
        );
    }
    validate_titles(item, &choice_ids, id, at);
    for c in &choice_ids {
        let n = seen_ids.iter().filter(|&&s| s == c).count();
        if n > 0 {
            at(
                c,
                n,
                format!("in item \"{id}\", id \"{c}\" is used twice; give each its own id"),
            );
        }
        seen_ids.push(c);
    }
}

/// Each candidate's or subject's title: not empty, and not the same as another's.
fn validate_titles(item: &Item, choice_ids: &[String], id: &str, at: &dyn Fn(&str, usize, String)) {
    let mut seen_titles: Vec<&str> = Vec::new();
    for (c, t) in choice_ids.iter().zip(item.choice_titles()) {
        if t.trim().is_empty() {
            at(
                c,
                0,
                format!(
                    "in item \"{id}\", \"{c}\" has an empty title; give the title printed on the ballot"
                ),
            );
        } else if seen_titles.contains(&t.trim()) {
            let n = seen_titles.iter().filter(|&&s| s == t.trim()).count();
            at(
                t,
                n,
                format!(
                    "in item \"{id}\", the title \"{t}\" is used twice (\"{c}\"); on the ballot and the sheet two candidates or subjects must read differently"
                ),
            );
        }
        seen_titles.push(t.trim());
    }
}

/// The session's UTC offset; all of China (+08:00) when none is given.
fn validate_offset(
    offset: Option<&str>,
    at: &dyn Fn(&str, usize, String),
) -> Option<chrono::FixedOffset> {
    let china = chrono::FixedOffset::east_opt(8 * 3600);
    match offset {
        None => china,
        Some(o) => {
            let parsed = chrono::DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{o}"))
                .ok()
                .map(|t| *t.offset());
            if parsed.is_none() {
                at(
                    "@utc_offset:",
                    0,
                    format!(
                        "utc_offset {} is not an offset; write it as \"+08:00\"",
                        quote(o)
                    ),
                );
            }
            parsed
        }
    }
}

/// An election (选举): secret, with at least as many candidates as places (等额 when equal,
/// 差额 when more), persons with no investment.
fn validate_election(p: &ProjectVote, id: &str, at: &dyn Fn(&str, usize, String)) {
    if !p.secret {
        at(
            id,
            0,
            format!(
                "election \"{id}\" says secret: false; elections are by secret ballot (Election Law art. 40): leave it out"
            ),
        );
    }
    if let Some(places) = p.places
        && (p.candidates.len() as u32) < places
    {
        at(
            id,
            0,
            format!(
                "election \"{id}\" has {} candidate(s) for {places} place(s); list at least as many candidates as places (等额), or more (差额)",
                p.candidates.len()
            ),
        );
    }
    for c in p.candidates.iter().filter(|c| c.investment.is_some()) {
        at(
            &c.id,
            0,
            format!(
                "in election \"{id}\", candidate \"{}\" has an investment; a person has none, leave it out",
                c.id
            ),
        );
    }
}
