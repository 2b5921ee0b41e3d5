//! Roster CSV files as clerks export them from spreadsheets: seat, name, delegation.
//!
//! A header row is optional (recognised when its first field is not a number); a UTF-8
//! byte-order mark, quoted fields, CRLF line ends and trailing empty rows are accepted.
//! Spreadsheet programs in Chinese locales often save CSV as GBK / GB18030: that is
//! detected and decoded. An optional fourth column gives a status: 请假 (on leave) marks
//! the deputy on leave when the session's log is created.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A deputy of the roster (代表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deputy {
    pub seat: u32,
    pub name: String,
    #[serde(default)]
    pub delegation: String,
    /// Known to be on leave before the session (请假): marked so when the log is created.
    #[serde(default)]
    pub on_leave: bool,
}

/// One problem found in a session file or roster, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Parse a roster CSV; every bad row is reported with its row and column.
pub fn parse_roster_csv(name: &str, bytes: &[u8]) -> Result<Vec<Deputy>, Vec<Problem>> {
    let problem = |line: Option<usize>, column: Option<usize>, message: String| Problem {
        file: name.to_string(),
        line,
        column,
        message,
    };
    let text = decode(bytes)
        .map_err(|(line, col, message)| vec![problem(Some(line), Some(col), message)])?;
    let bytes = text.as_bytes();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let mut deputies = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashMap::new();
    let mut lines = crate::textpos::RecordLines::new(bytes);
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                problems.push(problem(line, None, format!("unreadable CSV row: {e}")));
                continue;
            }
        };
        // Lines from the byte offset: right with CRLF and quoted line breaks alike.
        let line = record
            .position()
            .map(|p| lines.at(p.byte() as usize))
            .unwrap_or(index + 1);
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let first = record.get(0).unwrap_or("");
        if index == 0 && first.parse::<u32>().is_err() {
            continue; // header row
        }
        match roster_row(&record, line, &mut seen) {
            Ok(d) => deputies.push(d),
            Err((column, message)) => problems.push(problem(Some(line), Some(column), message)),
        }
    }
    if deputies.is_empty() && problems.is_empty() {
        problems.push(problem(
            None,
            None,
            "the roster CSV has no deputies; each row needs seat, name, delegation".into(),
        ));
    }
    if problems.is_empty() {
        Ok(deputies)
    } else {
        Err(problems)
    }
}

/// One deputy's row: seat, name, delegation and an optional status; on a problem, its
/// column and what to do. `seen` holds each seat's first line.
fn roster_row(
    record: &csv::StringRecord,
    line: usize,
    seen: &mut std::collections::HashMap<u32, usize>,
) -> Result<Deputy, (usize, String)> {
    if record.len() < 2 {
        return Err((
            record.len() + 1,
            format!(
                "row has {} column(s); each row needs seat, name, delegation",
                record.len()
            ),
        ));
    }
    let first = record.get(0).unwrap_or("");
    let Ok(seat) = first.parse::<u32>() else {
        return Err((
            1,
            format!("seat {} is not a whole number", crate::lang::quote(first)),
        ));
    };
    let name_field = record.get(1).unwrap_or("");
    if name_field.is_empty() {
        return Err((2, format!("seat {seat} has an empty name")));
    }
    if let Some(prev) = seen.insert(seat, line) {
        return Err((
            1,
            format!("seat {seat} appears again (first on line {prev}); seats must be unique"),
        ));
    }
    let on_leave = match record.get(3).unwrap_or("") {
        "" | "出席" | "缺席" | "present" | "absent" => false,
        "请假" | "on leave" | "leave" => true,
        other => {
            return Err((
                4,
                format!(
                    "status {} is not known; leave it empty or write 请假 (on leave)",
                    crate::lang::quote(other)
                ),
            ));
        }
    };
    Ok(Deputy {
        seat,
        name: name_field.to_string(),
        delegation: record.get(2).unwrap_or("").to_string(),
        on_leave,
    })
}

/// The roster's text: UTF-8 (with or without a byte-order mark), or GBK / GB18030.
/// On failure: line, column and what to do.
fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, (usize, usize, String)> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            1,
            1,
            "the roster is saved as UTF-16 (\"Unicode text\"); save it as \"CSV UTF-8\"".into(),
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(std::borrow::Cow::Borrowed(t)),
        Err(e) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or_else(|| {
                let (line, col) = crate::textpos::line_col(bytes, e.valid_up_to());
                (
                    line,
                    col,
                    "the roster is neither UTF-8 nor GBK/GB18030 text; in the spreadsheet program save it as \"CSV UTF-8\"".into(),
                )
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_header_crlf_quotes_and_trailing_rows() {
        let csv =
            "\u{feff}座位号,姓名,代表团\r\n1,\"张三\",锡尼镇\r\n2,李四,\"巴拉贡镇\"\r\n\r\n,,\r\n";
        let d = parse_roster_csv("r.csv", csv.as_bytes()).expect("valid roster");
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].name, "张三");
        assert_eq!(d[1].delegation, "巴拉贡镇");
    }

    #[test]
    fn duplicate_seat_names_the_row() {
        let err = parse_roster_csv("r.csv", b"1,a,x\n2,b,x\n1,c,x\n").unwrap_err();
        assert_eq!(err[0].line, Some(3));
        assert!(err[0].message.contains("seat 1 appears again"));
    }

    #[test]
    fn rows_are_numbered_by_line_with_crlf_too() {
        let err = parse_roster_csv("r.csv", b"seat,name\r\n1,a\r\n1,b\r\n").unwrap_err();
        assert_eq!(err[0].line, Some(3));
    }

    #[test]
    fn short_row_and_empty_name() {
        let err = parse_roster_csv("r.csv", b"1,a,x\n2\n3,,x\n").unwrap_err();
        assert_eq!(err.len(), 2);
        assert_eq!((err[0].line, err[0].column), (Some(2), Some(2)));
        assert_eq!((err[1].line, err[1].column), (Some(3), Some(2)));
    }

    #[test]
    fn gbk_is_decoded() {
        // "1,张三,锡尼镇" in GBK, as spreadsheet programs in Chinese locales save it.
        let d = parse_roster_csv("r.csv", b"1,\xd5\xc5\xc8\xfd,\xce\xfd\xc4\xe1\xd5\xf2\r\n")
            .expect("GBK roster");
        assert_eq!(d[0].name, "张三");
        assert_eq!(d[0].delegation, "锡尼镇");
    }

    #[test]
    fn undecodable_and_utf16_say_how_to_save() {
        let err = parse_roster_csv("r.csv", b"1,\x80\xff,x\n").unwrap_err();
        assert!(err[0].message.contains("CSV UTF-8"), "{}", err[0].message);
        let err = parse_roster_csv("r.csv", b"\xff\xfe1\x00").unwrap_err();
        assert!(err[0].message.contains("UTF-16"));
    }

    #[test]
    fn status_column_marks_leave() {
        let d =
            parse_roster_csv("r.csv", "1,甲,一团,请假\n2,乙,一团,\n".as_bytes()).expect("roster");
        assert!(d[0].on_leave && !d[1].on_leave);
        let err = parse_roster_csv("r.csv", "1,甲,一团,出差\n".as_bytes()).unwrap_err();
        assert_eq!((err[0].line, err[0].column), (Some(1), Some(4)));
    }
}
