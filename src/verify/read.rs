//! Reading a log for the checker: complete lines parsed and hashed on worker threads, a
//! block at a time, fed to the checker in order, within the limits of `crate::limits`.

use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};

use super::{Checker, Options, Report};
use crate::log::{self, Line, LineReader, TornTail};

/// Check a log read from `reader`. Lines are parsed and hashed on worker threads, a block
/// at a time, and fed to the checker in order; memory holds a few blocks, never the log.
pub fn check_reader(reader: impl Read + Send, opts: &Options) -> Result<Report, log::ScanError> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    check_reader_on(reader, opts, workers)
}

/// `check_reader` with `workers` parsing threads; under 2, every line is parsed and
/// checked on the calling thread, as on a one-core machine. Either way the same report.
pub fn check_reader_on(
    reader: impl Read + Send,
    opts: &Options,
    workers: usize,
) -> Result<Report, log::ScanError> {
    let mut checker = Checker::new(opts.clone());
    if workers < 2 {
        let mut lines = LineReader::new(reader);
        // Each line is done with once fed: its ballot's marks are taken, not copied.
        while let Some(mut line) = lines.next_line()? {
            checker.feed_block_taking(std::slice::from_mut(&mut line));
        }
        return Ok(checker.finish(lines.torn_tail().cloned()));
    }
    std::thread::scope(|s| {
        let (raw_tx, raw_rx) = mpsc::sync_channel::<RawBlock>(workers * 4);
        let (done_tx, done_rx) = mpsc::sync_channel::<Parsed>(workers * 4);
        // Parsed blocks' buffers go back to the reader to be filled again, so the blocks
        // in flight are the only ones ever allocated.
        let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
        let reading = s.spawn(move || read_blocks(reader, &raw_tx, &spare_rx));
        let spent_tx = spawn_workers(s, workers, raw_rx, done_tx, spare_tx);
        let numbered = feed_in_order(&mut checker, done_rx, &spent_tx)?;
        let torn_tail = match reading.join() {
            Ok(Err(log::ScanError::LineTooLong { .. })) => {
                return Err(log::ScanError::LineTooLong { line: numbered + 1 });
            }
            Ok(result) => result?,
            Err(_) => {
                return Err(log::ScanError::Io(std::io::Error::other(
                    "the log reader stopped unexpectedly",
                )));
            }
        };
        Ok(checker.finish(torn_tail))
    })
}

/// A block parsed: its number, the worker that parsed it, its lines.
type Parsed = (u64, usize, Vec<Line>);

/// Workers that parse the blocks read, each returning its own checked lines' channel.
/// Checked lines go back to the worker that parsed them, to be freed there: freeing
/// another thread's allocations costs the allocator far more than freeing its own.
fn spawn_workers<'s>(
    s: &'s std::thread::Scope<'s, '_>,
    workers: usize,
    raw_rx: mpsc::Receiver<RawBlock>,
    done_tx: mpsc::SyncSender<Parsed>,
    spare_tx: mpsc::Sender<Vec<u8>>,
) -> Vec<mpsc::Sender<Vec<Line>>> {
    let raw_rx = Arc::new(Mutex::new(raw_rx));
    let mut spent_tx = Vec::new();
    for w in 0..workers {
        let raw_rx = Arc::clone(&raw_rx);
        let done_tx = done_tx.clone();
        let spare_tx = spare_tx.clone();
        let (tx, spent_rx) = mpsc::channel::<Vec<Line>>();
        spent_tx.push(tx);
        s.spawn(move || {
            loop {
                while let Ok(spent) = spent_rx.try_recv() {
                    drop(spent);
                }
                // A poisoned lock means another worker panicked: stop too.
                let job = match raw_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(block) = job else { return };
                let lines = block.parse();
                // The reader may have stopped: then the buffer is simply freed.
                let _ = spare_tx.send(block.bytes);
                if done_tx.send((block.id, w, lines)).is_err() {
                    return;
                }
            }
        });
    }
    spent_tx
}

/// Feed the parsed blocks to the checker in the log's order, numbering their lines;
/// returns the lines fed. Too many unreadable lines and this is not a log.
fn feed_in_order(
    checker: &mut Checker,
    done_rx: mpsc::Receiver<Parsed>,
    spent_tx: &[mpsc::Sender<Vec<Line>>],
) -> Result<usize, log::ScanError> {
    let mut waiting: std::collections::BTreeMap<u64, (usize, Vec<Line>)> = Default::default();
    let mut next = 0u64;
    let mut unreadable = 0usize;
    let mut numbered = 0usize;
    for (id, w, lines) in done_rx.iter() {
        waiting.insert(id, (w, lines));
        while let Some((w, mut lines)) = waiting.remove(&next) {
            next += 1;
            for line in &mut lines {
                line.number += numbered;
            }
            numbered += lines.len();
            for line in &lines {
                if line.record.is_err() {
                    unreadable += 1;
                    if unreadable > crate::limits::LOG_UNREADABLE_LINES {
                        return Err(log::ScanError::NotALog { line: line.number });
                    }
                }
            }
            checker.feed_block_taking(&mut lines);
            let _ = spent_tx[w].send(lines);
        }
    }
    Ok(numbered)
}

/// Complete lines read but not yet parsed, as one buffer that starts at `offset` in the log.
struct RawBlock {
    id: u64,
    offset: u64,
    bytes: Vec<u8>,
}

/// Bytes read per block: about 600 records. Small enough that the blocks in flight (two
/// per worker, raw and parsed) stay a few MiB; large enough that handing one over is rare.
const BLOCK_BYTES: usize = 1 << 18;

impl RawBlock {
    /// Split and parse: each line numbered from 1 within the block (the checker's thread
    /// adds the lines before it), with its offset in the log.
    fn parse(&self) -> Vec<Line> {
        let mut lines = Vec::with_capacity(self.bytes.len() / 256);
        let mut pos = 0;
        while pos < self.bytes.len() {
            let len = memchr::memchr(b'\n', &self.bytes[pos..]).unwrap_or(self.bytes.len() - pos);
            lines.push(log::line_at(
                lines.len() + 1,
                self.offset + pos as u64,
                &self.bytes[pos..pos + len],
            ));
            pos += len + 1;
        }
        lines
    }
}

/// Read until `buf` holds `target` bytes or the input ends (true at the end).
fn fill(r: &mut impl Read, buf: &mut Vec<u8>, target: usize) -> std::io::Result<bool> {
    let want = target.saturating_sub(buf.len());
    let got = r.take(want as u64).read_to_end(buf)?;
    Ok(got < want)
}

/// Read the log in blocks of complete lines for the workers, within the limits of
/// `crate::limits`; returns the torn tail (bytes after the last LF) at the end.
fn read_blocks(
    mut reader: impl Read,
    out: &mpsc::SyncSender<RawBlock>,
    spares: &mpsc::Receiver<Vec<u8>>,
) -> Result<Option<TornTail>, log::ScanError> {
    use crate::limits;
    let mut buf = Vec::with_capacity(BLOCK_BYTES);
    let mut target = BLOCK_BYTES;
    let mut offset = 0u64;
    let mut id = 0;
    // Bytes of `buf` already known to hold no LF: a long line is searched once, not again
    // each time more of it is read.
    let mut searched = 0;
    loop {
        let end = fill(&mut reader, &mut buf, target)?;
        match memchr::memrchr(b'\n', &buf[searched..]) {
            Some(last) => {
                let spare = spares.try_recv().ok();
                let full = cut_after(&mut buf, searched + last, spare);
                searched = 0;
                let len = full.len() as u64;
                if offset + len > limits::LOG_BYTES {
                    return Err(log::ScanError::TooLarge);
                }
                let block = RawBlock {
                    id,
                    offset,
                    bytes: full,
                };
                id += 1;
                offset += len;
                target = BLOCK_BYTES;
                if out.send(block).is_err() {
                    // The checker stopped early (it reported an error of its own).
                    return Ok(None);
                }
            }
            None if !end => {
                // One line longer than a block: read more into the same buffer.
                if buf.len() as u64 > limits::LOG_LINE_BYTES {
                    // The line's number is known where the blocks before it were counted.
                    return Err(log::ScanError::LineTooLong { line: 0 });
                }
                target = buf.len() + BLOCK_BYTES;
                searched = buf.len();
                continue;
            }
            None => {}
        }
        if end {
            break;
        }
    }
    Ok((!buf.is_empty()).then(|| TornTail {
        offset,
        bytes: buf.len() as u64,
        sha256: log::sha256_hex(&buf),
    }))
}

/// The bytes of `buf` up to and with its LF at `last`; `buf` keeps the rest, the start of
/// the next block, in `spare` (a parsed block's buffer) where there is one.
fn cut_after(buf: &mut Vec<u8>, last: usize, spare: Option<Vec<u8>>) -> Vec<u8> {
    let mut next = spare.unwrap_or_else(|| Vec::with_capacity(BLOCK_BYTES));
    next.clear();
    next.extend_from_slice(&buf[last + 1..]);
    buf.truncate(last + 1);
    std::mem::replace(buf, next)
}

/// Read a log file and check it.
pub fn check_file(path: &Path, opts: &Options) -> Result<Report, log::ScanError> {
    check_reader(std::fs::File::open(path)?, opts)
}
