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

use crate::sentences;
use crate::session::VoteKind;
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

/// Room for a whole frame: 400×120 cells of wide characters with colours fit many times.
const FRAME_BYTES: usize = 1 << 20;

/// A writer that hands each frame to the terminal in one write (at ratatui's flush after
/// a draw): a frame in pieces splits escape sequences and UTF-8, which Windows' console
/// garbles and slow terminals (serial, SSH on a poor link, conhost) show as flicker.
pub fn frame_writer<W: io::Write>(w: W) -> io::BufWriter<W> {
    io::BufWriter::with_capacity(FRAME_BYTES, w)
}

/// The terminal of the console and the projector: raw mode, the alternate screen, a panic
/// hook that restores the terminal first, and frames written whole (`frame_writer`).
pub type Terminal =
    ratatui::Terminal<ratatui::backend::CrosstermBackend<io::BufWriter<io::Stdout>>>;

pub fn init_terminal() -> io::Result<Terminal> {
    use ratatui::crossterm::{execute, terminal};
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    terminal::enable_raw_mode()?;
    execute!(io::stdout(), terminal::EnterAlternateScreen)?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(frame_writer(
        io::stdout(),
    )))
}

/// A candidate's result in one word or two, as every screen shows it.
pub fn status_label(lang: Lang, kind: VoteKind, s: CandidateStatus) -> &'static str {
    match (kind, s) {
        (VoteKind::Election, CandidateStatus::Adopted) => lang.say(sentences::ELECTED),
        (VoteKind::Election, CandidateStatus::NotPassed) => lang.say(sentences::NOT_ELECTED),
        (_, s) => status_word(lang, s),
    }
}

fn status_word(lang: Lang, s: CandidateStatus) -> &'static str {
    match s {
        CandidateStatus::Adopted => lang.say(sentences::ADOPTED),
        CandidateStatus::Tied => lang.say(sentences::STATUS_TIE),
        CandidateStatus::Outranked => lang.say(sentences::OUTRANKED),
        CandidateStatus::NotPassed => lang.say(sentences::NOT_ADOPTED),
        CandidateStatus::Undecided => lang.say(sentences::VOTE_VOID),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts the writes that reach the terminal.
    struct Counting(std::rc::Rc<std::cell::Cell<usize>>);
    impl io::Write for Counting {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.set(self.0.get() + 1);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_reaches_the_terminal_in_one_write() {
        let writes = std::rc::Rc::new(std::cell::Cell::new(0));
        let backend =
            ratatui::backend::CrosstermBackend::new(frame_writer(Counting(writes.clone())));
        let mut t = ratatui::Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 160, 48)),
            },
        )
        .expect("terminal");
        let before = writes.get();
        t.draw(|f| {
            let text: Vec<Line> = (0..48)
                .map(|i| {
                    Line::from(vec![
                        Span::styled(format!("第 {i} 行 "), Style::default().bold()),
                        Span::raw("城乡免费公交 全旗中小学生免费健康体检 ".repeat(3)),
                    ])
                })
                .collect();
            f.render_widget(ratatui::widgets::Paragraph::new(text), f.area());
        })
        .expect("draw");
        assert_eq!(writes.get() - before, 1, "one frame, one write");
    }
}
