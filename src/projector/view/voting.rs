//! The hall while a round is open (progress, live counts where allowed) and while it is counted.

use super::*;

/// Voting: the item, 应到 / 实到, and the progress; counts only where the item shows them
/// live (and always to the presidium, marked 待宣布).
pub(super) fn draw_voting(shown: &Shown, f: &mut Frame, area: Rect) {
    let (p, theme, state, index) = (shown.p, shown.theme, shown.state, shown.index);
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
    draw_title(shown, f, title, lang.say(sentences::VOTING));
    f.render_widget(
        Paragraph::new(fit(
            &lang.pick(sentences::seated_present(
                &state.session.seated,
                state.present(),
            )),
            w,
        ))
        .alignment(Alignment::Center),
        who,
    );
    draw_progress(lang, f, digits, gauge, theme, def.secret(), b);
    draw_counts_or_note(p, f, rest, theme, &t, counts);
}

/// The live counts, marked as not declared, where the round shows them; else a note that
/// results come when declared.
fn draw_counts_or_note(
    p: &Projector,
    f: &mut Frame,
    rest: Rect,
    theme: Theme,
    t: &ItemTally,
    counts: bool,
) {
    let lang = p.lang;
    if counts {
        let [note, table] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(rest);
        let what = match p.audience {
            Audience::Presidium => lang.say(sentences::LIVE_COUNT_NOT_DECLARED_PRESIDIUM_ONLY),
            Audience::Hall => lang.say(sentences::LIVE_COUNT_NOT_DECLARED),
        };
        f.render_widget(
            Paragraph::new(Span::styled(fit(what, rest.width as usize), theme.strong()))
                .alignment(Alignment::Center),
            note,
        );
        draw_table(p, f, table, theme, t, false);
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
pub(super) fn draw_counting(shown: &Shown, f: &mut Frame, area: Rect) {
    let (p, theme, state, index) = (shown.p, shown.theme, shown.state, shown.index);
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
    draw_title(shown, f, title, lang.say(sentences::VOTING_CLOSED));
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
            &lang.pick(sentences::issued_returned(b.issued, b.returned)),
            w,
        ))
        .alignment(Alignment::Center),
        recon,
    );
    if def.live_display() {
        draw_table(p, f, rest, theme, &t, false);
    }
}

/// Ballots returned of issued, in big digits and as a gauge.
fn draw_progress(
    lang: Lang,
    f: &mut Frame,
    digits: Rect,
    gauge: Rect,
    theme: Theme,
    secret: bool,
    b: &crate::tally::Reconciliation,
) {
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
    let label = if secret {
        lang.pick(sentences::returned_of_issued(b.returned, b.issued))
    } else {
        lang.pick(sentences::voted_of_present(b.returned, b.issued))
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
}
