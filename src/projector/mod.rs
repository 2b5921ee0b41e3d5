//! The projector: the read-only big-screen view of a log (`votedesk projector LOG`).
//!
//! It never writes to the log and takes no lock, so it never blocks the console. It reads
//! the file when the system notifies a change in its folder, and every `POLL` in any case
//! (`Wake`), through `follow::Follower` (the streaming checker, fed only what was
//! appended); it redraws only when something changed, and turns long lists a page every few
//! seconds. The hall sees only declared results; `--presidium` shows the rest.

pub mod view;

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::follow::Follower;
use crate::ui::Lang;

/// How often the log is read when no change notification came (the fallback: a network
/// folder, or a system where watching the folder failed).
pub const POLL: Duration = Duration::from_millis(25);
/// How often the loop looks at the keyboard and at change notifications.
pub const TICK: Duration = Duration::from_millis(5);

/// When to read the log: at once when the system says the log's folder changed (inotify,
/// ReadDirectoryChangesW, kqueue through `notify`), and every `POLL` regardless.
pub struct Wake {
    changed: std::sync::mpsc::Receiver<()>,
    // Kept alive for as long as notifications are wanted.
    watcher: Option<notify::RecommendedWatcher>,
    last: Option<Instant>,
}

impl Wake {
    pub fn new(log: &Path) -> Wake {
        use notify::Watcher;
        let (tx, changed) = std::sync::mpsc::channel();
        let name = log.file_name().map(|n| n.to_os_string());
        let folder = log
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let watcher = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
            // Only our log's name: the console also writes its lock and side files here.
            let ours = e.is_ok_and(|e| {
                e.paths.is_empty() || e.paths.iter().any(|p| p.file_name() == name.as_deref())
            });
            if ours {
                let _ = tx.send(());
            }
        })
        .and_then(|mut w| {
            w.watch(&folder, notify::RecursiveMode::NonRecursive)?;
            Ok(w)
        });
        Wake {
            changed,
            watcher: watcher.ok(),
            last: None,
        }
    }

    /// Whether notifications are coming (else only the `POLL` fallback runs).
    pub fn notified(&self) -> bool {
        self.watcher.is_some()
    }

    /// Wait up to `timeout` for a change notification (consumed; `due` will not see it).
    pub fn wait_for_change(&self, timeout: Duration) -> bool {
        self.changed.recv_timeout(timeout).is_ok()
    }

    /// Whether to read the log now: a change was notified, or `POLL` has passed.
    pub fn due(&mut self) -> bool {
        let mut due = self.last.is_none_or(|t| t.elapsed() >= POLL);
        while self.changed.try_recv().is_ok() {
            due = true;
        }
        if due {
            self.last = Some(Instant::now());
        }
        due
    }
}
/// How long a page of a long list stays on screen.
pub const PAGE: Duration = Duration::from_secs(6);

/// Who watches the screen (GB 50799-2012 §6.2.2: hall and presidium displays may differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The hall: only what the chair has declared; counts while voting only on an item
    /// that shows them live.
    Hall,
    /// The presidium (chair, chief scrutineer): live counts and undeclared results on
    /// every item, each marked 待宣布.
    Presidium,
}

pub struct Projector {
    pub follow: Follower,
    pub lang: Lang,
    pub no_color: bool,
    pub audience: Audience,
    /// Advances every `PAGE`; the view shows page `page % pages`.
    pub page: usize,
}

impl Projector {
    /// The hall's screen.
    pub fn new(path: &Path, lang: Lang, no_color: bool) -> Projector {
        Projector {
            follow: Follower::new(path),
            lang,
            no_color,
            audience: Audience::Hall,
            page: 0,
        }
    }

    pub fn for_audience(mut self, audience: Audience) -> Projector {
        self.audience = audience;
        self
    }
}

/// Run until `q`, Esc or Ctrl-C (`Ok(None)`), or a termination signal (`Ok(Some(signal))`);
/// the terminal is restored either way.
pub fn run(path: &Path, lang: Lang, audience: Audience) -> io::Result<Option<usize>> {
    let mut p = Projector::new(path, lang, crate::ui::no_color()).for_audience(audience);
    let mut wake = Wake::new(path);
    let signal = crate::ui::termination_flag()?;
    let mut terminal = crate::ui::init_terminal().inspect_err(|_| ratatui::restore())?;
    let result = (|| -> io::Result<Option<usize>> {
        let mut turned = Instant::now();
        let mut dirty = true;
        loop {
            let sig = signal.load(std::sync::atomic::Ordering::SeqCst);
            if sig != 0 {
                return Ok(Some(sig));
            }
            if wake.due() {
                dirty |= p.follow.poll();
            }
            if turned.elapsed() >= PAGE {
                p.page = p.page.wrapping_add(1);
                turned = Instant::now();
                dirty = true;
            }
            if dirty {
                terminal.draw(|f| view::draw(&p, f))?;
                dirty = false;
            }
            if event::poll(TICK)? {
                match event::read()? {
                    Event::Key(k) if k.kind == KeyEventKind::Press => {
                        let ctrl_c = k.modifiers.contains(KeyModifiers::CONTROL)
                            && k.code == KeyCode::Char('c');
                        if ctrl_c || matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
                            return Ok(None);
                        }
                    }
                    Event::Resize(..) => dirty = true,
                    _ => {}
                }
            }
        }
    })();
    ratatui::restore();
    result
}
