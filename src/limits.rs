//! How much votedesk reads of any file: every reader has a limit, so a huge or endless
//! input (a wrong path, `/dev/zero`, a damaged disk) gets a clear message instead of
//! exhausting memory.

use std::io::{self, Read};
use std::path::Path;

const MIB: u64 = 1 << 20;

/// A session file (RON): real ones are a few kilobytes.
pub const SESSION_BYTES: u64 = 16 * MIB;
/// A roster CSV: 3,000 deputies take about 100 KiB.
pub const ROSTER_BYTES: u64 = 16 * MIB;
/// A keypad or scanner export.
pub const IMPORT_BYTES: u64 = 64 * MIB;
/// One log record (the first embeds the session file and roster).
pub const LOG_LINE_BYTES: u64 = 64 * MIB;
/// A whole log: a 3,000-deputy session with every ballot is well under 100 MiB.
pub const LOG_BYTES: u64 = 4096 * MIB;
/// Unreadable lines after which a file is plainly not a votedesk log.
pub const LOG_UNREADABLE_LINES: usize = 1000;
/// The largest total investment votedesk adds up (万元): far above any budget, far below
/// where integer arithmetic could overflow.
pub const INVESTMENT_TOTAL_MAX: u64 = 1_000_000_000_000;

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error(
        "the file is larger than {} MiB, far more than such a file ever holds; check that you named the right file",
        .limit / MIB
    )]
    TooLarge { limit: u64 },
}

/// Read a whole file, refusing one larger than `limit` bytes (also when it never ends).
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path)?;
    read_all_capped(file, limit)
}

/// Read everything from `r`, refusing more than `limit` bytes.
pub fn read_all_capped(r: impl Read, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    r.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_input_is_refused_at_the_limit() {
        let err = read_all_capped(io::repeat(0), 1024).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { limit: 1024 }));
        assert_eq!(read_all_capped(&b"abc"[..], 3).expect("fits"), b"abc");
    }
}
