//! The mirror (`--mirror`): a second complete copy of a log, on another disk or the standby
//! PC, written and synced with the log before any record is acknowledged.
//!
//! This module owns what one side's failure says (which side, what each side holds, how to
//! go on) and how two copies of a log compare record by record, which both the resume of a
//! mirrored log and `verify --mirror` use. The writing itself is `log::Writer`'s.

use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

use crate::event::Event;
use crate::lang::Lang;
use crate::log::{Drift, Storage};
use crate::sentences;

/// One copy of a mirrored log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Log,
    Mirror,
}

impl Side {
    pub fn say(self, lang: Lang) -> &'static str {
        match self {
            Side::Log => lang.say(sentences::THE_LOG),
            Side::Mirror => lang.say(sentences::THE_MIRROR),
        }
    }
}

/// What went wrong on one side.
#[derive(Debug)]
pub enum Fault {
    /// A write or a sync failed.
    Io(io::Error),
    /// The path no longer names the file this console holds (gone, replaced, cut).
    Drift(Drift),
}

/// What one side holds after a failed append, as far as the writer can know.
#[derive(Debug)]
pub enum Holds {
    /// Exactly the records acknowledged so far: the last action was never written to it,
    /// or was cut back off it durably.
    Acknowledged,
    /// The acknowledged records, and perhaps the last action's `records` after them: it
    /// could not be cut back.
    MaybeLast { records: u64, cut: io::Error },
    /// The path names another file, or none: what is there is not known.
    Unknown,
}

/// One side after a failed append.
#[derive(Debug)]
pub struct SideState {
    pub path: PathBuf,
    pub fault: Option<Fault>,
    pub holds: Holds,
}

/// A mirrored append that did not reach both sides: input stops, and this says which side
/// failed, what each holds, and how to go on.
#[derive(Debug)]
pub struct SideFailure {
    pub log: SideState,
    pub mirror: SideState,
    /// Records acknowledged (on both sides) before the failed append, and their head.
    pub records: u64,
    pub head: String,
    /// The command that starts this program again on a log: `{log}` stands for the path.
    pub restart: Option<String>,
}

impl SideFailure {
    /// Whether the last action may be in the log on either side.
    pub fn uncertain(&self) -> bool {
        [&self.log, &self.mirror]
            .iter()
            .any(|s| matches!(s.holds, Holds::MaybeLast { .. }))
    }

    /// The side that did not fail: a complete log to go on with alone.
    pub fn survivor(&self) -> Option<(Side, &Path)> {
        match (&self.log.fault, &self.mirror.fault) {
            (None, _) => Some((Side::Log, &self.log.path)),
            (_, None) => Some((Side::Mirror, &self.mirror.path)),
            _ => None,
        }
    }

    /// The command that goes on with `path` as the log.
    pub fn command(&self, path: &Path) -> String {
        let shown = path.display().to_string();
        let shown = if shown.contains(' ') {
            format!("\"{shown}\"")
        } else {
            shown
        };
        match &self.restart {
            Some(r) => r.replace("{log}", &shown),
            None => format!("votedesk run SESSION --log {shown}"),
        }
    }

    fn side(&self, side: Side) -> &SideState {
        match side {
            Side::Log => &self.log,
            Side::Mirror => &self.mirror,
        }
    }

    /// What one side holds now, as a phrase after its name.
    fn holds(&self, lang: Lang, side: Side) -> String {
        let s = self.side(side);
        let (n, h) = (self.records, short(&self.head));
        lang.pick(match &s.holds {
            Holds::Acknowledged => sentences::side_holds(n, h),
            Holds::MaybeLast { records, .. } => sentences::side_holds_maybe_last(n, h, records),
            Holds::Unknown => sentences::side_holds_unknown(),
        })
    }

    fn fault(lang: Lang, fault: &Fault) -> String {
        match fault {
            Fault::Io(e) => e.to_string(),
            Fault::Drift(d) => d.say(lang),
        }
    }

    /// The whole message in the operator's language.
    pub fn say(&self, lang: Lang) -> String {
        let mut failed = Vec::new();
        for side in [Side::Log, Side::Mirror] {
            let s = self.side(side);
            if let Some(f) = &s.fault {
                failed.push(lang.pick(sentences::side_write_failed(
                    side.say(lang),
                    s.path.display(),
                    Self::fault(lang, f),
                )));
            }
        }
        let failed = lang.pick(sentences::sides_failed(&failed));
        let maybe: Vec<String> = [Side::Log, Side::Mirror]
            .into_iter()
            .filter_map(|side| match &self.side(side).holds {
                Holds::MaybeLast { cut, .. } => {
                    Some(lang.pick(sentences::could_not_be_cut_back(side.say(lang), cut)))
                }
                _ => None,
            })
            .collect();
        let verdict = lang.pick(if maybe.is_empty() {
            sentences::last_action_on_neither_side()
        } else {
            sentences::last_action_maybe(&maybe)
        });
        let holds = lang.pick(sentences::the_log_the_mirror(
            self.log.path.display(),
            self.holds(lang, Side::Log),
            self.mirror.path.display(),
            self.holds(lang, Side::Mirror),
        ));
        let go_on = lang.pick(match self.survivor() {
            Some((side, path)) => sentences::go_on_alone(side.say(lang), self.command(path)),
            None => sentences::neither_side_writable(),
        });
        lang.pick(sentences::input_is_stopped(
            &failed, &verdict, &holds, &go_on,
        ))
    }
}

/// The first 12 digits of a hash, as the console shows heads.
fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// How long each side's last write and sync took: whether writing the two at once pays.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Pace {
    log: std::time::Duration,
    mirror: std::time::Duration,
}

/// Below this, a side's write and sync costs less than handing the other side to a thread
/// (spawn and join cost 25–55 µs on the machines measured): the two go one after the other.
const WORTH_A_THREAD: std::time::Duration = std::time::Duration::from_micros(60);

/// Write `buf` to both sides and sync each. When both sides are slow (two disks, a share)
/// they run at once, so a mirrored append costs about the slower side, not the sum; when
/// one side is fast (a RAM disk, a disk with a write cache) they run one after the other.
pub(crate) fn write_both(
    log: &mut dyn Storage,
    mirror: &mut dyn Storage,
    buf: &[u8],
    pace: &mut Pace,
) -> (io::Result<()>, io::Result<()>) {
    let timed = |side: &mut dyn Storage| {
        let start = std::time::Instant::now();
        let r = side.append(buf).and_then(|()| side.sync());
        (r, start.elapsed())
    };
    let ((first, a), (second, b)) = if pace.log.min(pace.mirror) < WORTH_A_THREAD
        && pace.log.max(pace.mirror) > std::time::Duration::ZERO
    {
        let first = timed(log);
        // Nothing more goes to the mirror once the log has failed: both are cut back anyway.
        let second = if first.0.is_ok() {
            timed(mirror)
        } else {
            (Ok(()), std::time::Duration::ZERO)
        };
        (first, second)
    } else {
        std::thread::scope(|s| {
            let other = s.spawn(|| timed(mirror));
            let first = timed(log);
            let second = other.join().unwrap_or_else(|_| {
                (
                    Err(io::Error::other("the mirror's writer stopped")),
                    std::time::Duration::ZERO,
                )
            });
            (first, second)
        })
    };
    *pace = Pace {
        log: a,
        mirror: b.max(std::time::Duration::from_nanos(1)),
    };
    (first, second)
}

/// How two copies of a log compare, complete record by complete record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Agreement {
    /// The same records.
    Same { records: u64 },
    /// One holds the other's records and `more` after them.
    Prefix {
        longer: Side,
        common: u64,
        more: u64,
    },
    /// They hold different records from record `at` (0-based, line `at + 1`) on.
    Diverged { at: u64 },
}

/// Compare two logs line by line (torn tails after the last newline are left out).
pub fn compare(mut log: impl BufRead, mut mirror: impl BufRead) -> io::Result<Agreement> {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    let mut common = 0u64;
    loop {
        let ra = complete_line(&mut log, &mut a)?;
        let rb = complete_line(&mut mirror, &mut b)?;
        match (ra, rb) {
            (false, false) => return Ok(Agreement::Same { records: common }),
            (true, true) if a == b => common += 1,
            (true, true) => return Ok(Agreement::Diverged { at: common }),
            (true, false) => {
                let more = 1 + count_lines(&mut log, &mut a)?;
                return Ok(Agreement::Prefix {
                    longer: Side::Log,
                    common,
                    more,
                });
            }
            (false, true) => {
                let more = 1 + count_lines(&mut mirror, &mut b)?;
                return Ok(Agreement::Prefix {
                    longer: Side::Mirror,
                    common,
                    more,
                });
            }
        }
    }
}

/// Read one complete line (ending in LF) into `buf`; false at the end or at a torn tail.
fn complete_line(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    r.read_until(b'\n', buf)?;
    Ok(buf.last() == Some(&b'\n'))
}

fn count_lines(r: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<u64> {
    let mut n = 0;
    while complete_line(r, buf)? {
        n += 1;
    }
    Ok(n)
}

/// Whether `extra` (complete records after a common prefix) is one append at most: one
/// record, or one batch header with exactly its records. Only that much can be on one side
/// of a mirrored log and not the other: a crash between the two sides' writes.
pub fn one_append(extra: &[u8]) -> bool {
    let scan = crate::log::scan(extra);
    if scan.torn_tail.is_some() {
        return false;
    }
    match scan.lines.first().map(|l| &l.record) {
        None => true,
        Some(Ok(r)) => match r.body.event {
            Event::Batch { records } => scan.lines.len() as u64 == records as u64 + 1,
            _ => scan.lines.len() == 1,
        },
        Some(Err(_)) => false,
    }
}

impl Agreement {
    /// In words, for the resume refusal and `verify --mirror`.
    pub fn say(&self, lang: Lang, log: &Path, mirror: &Path) -> String {
        let (l, m) = (log.display(), mirror.display());
        lang.pick(match self {
            Agreement::Same { records } => sentences::sides_same(l, m, records),
            Agreement::Prefix {
                longer,
                common,
                more,
            } => {
                let (long, short) = if *longer == Side::Log { (l, m) } else { (m, l) };
                sentences::side_is_prefix(short, long, common, more, common + more - 1)
            }
            Agreement::Diverged { at } => sentences::sides_diverged(l, m, at, at + 1),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Agreement {
        compare(a.as_bytes(), b.as_bytes()).expect("compare")
    }

    /// A side in memory that fails its writes on demand.
    struct Mem {
        bytes: Vec<u8>,
        fail: bool,
    }

    impl Storage for Mem {
        fn append(&mut self, b: &[u8]) -> io::Result<()> {
            if self.fail {
                return Err(io::Error::other("injected"));
            }
            self.bytes.extend_from_slice(b);
            Ok(())
        }
        fn sync(&mut self) -> io::Result<()> {
            Ok(())
        }
        fn truncate(&mut self, len: u64) -> io::Result<()> {
            self.bytes.truncate(len as usize);
            Ok(())
        }
        fn check(&mut self, _: u64) -> Result<(), Drift> {
            Ok(())
        }
        fn publish(&mut self, _: &Path) -> io::Result<()> {
            Ok(())
        }
        fn path(&self) -> &Path {
            Path::new("mem")
        }
    }

    #[test]
    fn both_sides_are_written_whether_one_after_the_other_or_at_once() {
        let slow = std::time::Duration::from_millis(1);
        for pace in [
            Pace::default(),
            Pace {
                log: slow,
                mirror: slow,
            },
            Pace {
                log: slow,
                mirror: std::time::Duration::from_micros(2),
            },
        ] {
            for (log_fails, mirror_fails) in [(false, false), (true, false), (false, true)] {
                let mut p = pace;
                let mut a = Mem {
                    bytes: Vec::new(),
                    fail: log_fails,
                };
                let mut b = Mem {
                    bytes: Vec::new(),
                    fail: mirror_fails,
                };
                let (ra, rb) = write_both(&mut a, &mut b, b"x\n", &mut p);
                assert_eq!(ra.is_err(), log_fails, "{pace:?}");
                assert_eq!(rb.is_err(), mirror_fails, "{pace:?}");
                assert_eq!(a.bytes.is_empty(), log_fails);
                // A mirror is never written without the log, except when both run at once.
                if !mirror_fails && !log_fails {
                    assert_eq!(b.bytes, b"x\n");
                }
                assert!(p.mirror > std::time::Duration::ZERO);
            }
        }
    }

    #[test]
    fn compare_tells_same_prefix_and_diverged_and_leaves_out_torn_tails() {
        assert_eq!(cmp("a\nb\n", "a\nb\n"), Agreement::Same { records: 2 });
        assert_eq!(cmp("a\nb\nto", "a\nb\n"), Agreement::Same { records: 2 });
        assert_eq!(
            cmp("a\nb\nc\n", "a\n"),
            Agreement::Prefix {
                longer: Side::Log,
                common: 1,
                more: 2
            }
        );
        assert_eq!(
            cmp("a\n", "a\nb\n"),
            Agreement::Prefix {
                longer: Side::Mirror,
                common: 1,
                more: 1
            }
        );
        assert_eq!(cmp("a\nb\nc\n", "a\nx\nc\n"), Agreement::Diverged { at: 1 });
    }
}
