//! What the terminal screens share — the console, the projector — so neither imports the
//! other: the words in both languages and display-width fitting (`text`), the status label
//! of a candidate, the colourless switch and the termination signal flag. The core (`tally`,
//! `report`) never depends on this module.

pub mod text;

use std::io;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tally::{CandidateStatus, Reconciliation};
pub use text::Lang;

/// Whether `NO_COLOR` asks for a colourless theme.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// A flag that SIGTERM, SIGHUP and SIGINT set to their number (see `platform`); a loop
/// that does not exit within half a second is ended for it, with the terminal restored.
pub fn termination_flag() -> io::Result<Arc<AtomicUsize>> {
    let flag = Arc::new(AtomicUsize::new(0));
    crate::platform::watch_termination(&flag, Duration::from_millis(500), ratatui::restore)?;
    Ok(flag)
}

/// A candidate's result in one word or two, as every screen shows it.
pub fn status_label(lang: Lang, s: CandidateStatus) -> &'static str {
    match s {
        CandidateStatus::Adopted => lang.t("通过", "ADOPTED"),
        CandidateStatus::Tied => lang.t("票数相等", "TIE"),
        CandidateStatus::Outranked => lang.t("未入选", "outranked"),
        CandidateStatus::NotPassed => lang.t("未通过", "not adopted"),
        CandidateStatus::Undecided => lang.t("表决无效", "vote void"),
    }
}

/// 发出 / 收回 / 有效 / 无效 and whether the vote stands, in the screen's styles for a valid
/// and a void vote.
pub fn reconciliation_line(
    lang: Lang,
    b: &Reconciliation,
    lead: &str,
    good: Style,
    bad: Style,
) -> Line<'static> {
    Line::from(vec![
        Span::raw(format!("{lead}{}   ", text::reconciliation(lang, b))),
        Span::styled(
            text::validity(lang, b.vote_valid),
            if b.vote_valid { good } else { bad },
        ),
    ])
}
