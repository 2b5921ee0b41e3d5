//! A declared round: its headline, the rule in words and its rows.

use super::*;

/// The headline of a result: what the chair declared (or, to the presidium, will).
pub(super) fn headline(
    lang: Lang,
    state: &State,
    index: usize,
    t: &ItemTally,
    theme: Theme,
) -> Headline {
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
        ItemTally::Vote(v) => vote_headline(lang, v, theme),
        ItemTally::Rating(r) => {
            let def = &state.session.items[state.items[index].def];
            rating_headline(lang, def, r, theme)
        }
    }
}

/// The big digits (if any), the words under them, and their style.
type Headline = (Option<String>, String, Style);

/// A vote: the for votes of a single motion, or how many were adopted.
fn vote_headline(lang: Lang, v: &crate::tally::VoteTally, theme: Theme) -> Headline {
    if v.candidates.len() == 1 && v.places.is_none() {
        let adopted = v.candidates[0].status == CandidateStatus::Adopted;
        let label = status_label(lang, v.kind, v.candidates[0].status).to_string();
        let style = if adopted { theme.good() } else { theme.bad() };
        return (
            Some(v.candidates[0].for_.to_string()),
            lang.pick(sentences::for_votes_status(v.candidates[0].for_, &label)),
            style,
        );
    }
    let n = v.adopted.len();
    let mut label = if v.kind == crate::session::VoteKind::Election {
        lang.pick(sentences::elected_of_places(v.places.unwrap_or(0)))
    } else {
        lang.pick(sentences::adopted_of_places(v.places))
    };
    if !v.tied.is_empty() {
        label.push_str(lang.say(sentences::A_TIE_A_FURTHER_VOTE_DECIDES));
    }
    if v.unfilled > 0 {
        label.push_str(&lang.pick(sentences::places_unfilled(v.unfilled)));
    }
    let style = if v.tied.is_empty() {
        theme.good()
    } else {
        theme.bad()
    };
    (Some(n.to_string()), label, style)
}

/// A rating: one subject's rate, or how many subjects reached the first grade or the cutoff.
fn rating_headline(
    lang: Lang,
    def: &Item,
    r: &crate::tally::RatingTally,
    theme: Theme,
) -> Headline {
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
        let label = match &rate {
            Some(_) => lang.pick(sentences::satisfaction_verdict(&words, &verdict)),
            None => verdict,
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
            lang.pick(sentences::rated_of(&g, n)),
        ),
        None => (
            r.subjects
                .iter()
                .filter(|s| s.cutoff_met == Some(true))
                .count(),
            lang.pick(sentences::met_the_cut_off_of(n)),
        ),
    };
    (Some(k.to_string()), label, theme.good())
}

pub(super) fn draw_result(shown: &Shown, f: &mut Frame, area: Rect) {
    let (p, theme, state, index) = (shown.p, shown.theme, shown.state, shown.index);
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
    let foot = result_foot(p, state, index, &t, w, theme);
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
    let rule_words = rule_words(lang, state, index, &t);
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
    draw_title(shown, f, title, what);
    draw_headline(f, headline_area, digits.as_deref(), &label, style, theme);
    draw_rule_and_ballots(f, [rule, recon], rule_words, lang, b, theme);
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

/// The round's rule in words, with its passing line where a vote has one.
fn rule_words(lang: Lang, state: &State, index: usize, t: &ItemTally) -> String {
    let rule = crate::words::round_rule(lang, &state.session, &state.items[index]);
    let rule_words = match t {
        ItemTally::Vote(v) if v.kind == crate::session::VoteKind::Election => {
            lang.pick(sentences::rule_with_election_line(&rule, v.threshold))
        }
        ItemTally::Vote(v) => lang.pick(sentences::rule_with_pass_line(&rule, v.threshold)),
        _ => rule,
    };
    crate::words::for_body(lang, state.session.body, &rule_words)
}

/// The rule in words, and under it the ballots' reconciliation, both centred.
fn draw_rule_and_ballots(
    f: &mut Frame,
    [rule, recon]: [Rect; 2],
    rule_words: String,
    lang: Lang,
    b: &crate::tally::Reconciliation,
    theme: Theme,
) {
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
}

/// Under a result's table: a tie, the investment adopted, the declaration's anchor.
fn result_foot(
    p: &Projector,
    state: &State,
    index: usize,
    t: &ItemTally,
    w: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let lang = p.lang;
    let item = &state.items[index];
    let declared = item.phase == Phase::Declared;
    let mut foot: Vec<Line> = Vec::new();
    if let ItemTally::Vote(v) = t {
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
                &lang.pick(sentences::adopted_total_investment(adopted.len(), total)),
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
    foot
}
