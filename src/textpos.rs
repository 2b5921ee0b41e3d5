//! Positions in a text file for messages: the line and column of a byte offset, and the
//! line number of each CSV record. Used by the session, roster and import readers alike.

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let col = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, col)
}

/// Line numbers of CSV records, counted forward as the reader goes (records come in order,
/// so the whole file is scanned once).
pub struct RecordLines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> RecordLines<'a> {
    pub fn new(bytes: &'a [u8]) -> RecordLines<'a> {
        RecordLines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// 1-based line of the record starting at `offset` (the reader may report a CRLF record
    /// as starting on the LF that ends the line before it).
    pub fn at(&mut self, offset: usize) -> usize {
        let end = self.bytes.len();
        let mut target = offset.min(end);
        while target < end && matches!(self.bytes[target], b'\r' | b'\n') {
            target += 1;
        }
        if target < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.offset..target]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = target;
        self.line
    }
}
