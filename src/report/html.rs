//! The result sheet as one self-contained HTML page that prints on A4.
//!
//! The content is the Markdown sheet's, line for line (one wording, one order); this module
//! only turns that Markdown subset into HTML and adds what paper needs: A4 page boxes with
//! the page number and the log anchor on every page, table headers repeated across pages,
//! and signature lines kept together on the last page. No script, no external resource.

use std::fmt::Write;

use super::{Sheet, markdown};

/// Fonts tried in order: the CJK fonts of Linux distributions, macOS and Windows.
// Chinese first; then Mongolian script (Inner Mongolia prints names and titles in it too):
// Noto Sans Mongolian (Linux, `fonts-noto-core`), Mongolian Baiti (Windows).
const FONTS: &str = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"WenQuanYi Zen Hei\", \"PingFang SC\", \"Microsoft YaHei\", \"SimSun\", \"Noto Sans Mongolian\", \"Mongolian Baiti\", sans-serif";

/// The printable sheet as HTML.
pub fn html(sheet: &Sheet) -> String {
    let an = &sheet.anchor;
    page(
        &sheet.session.title,
        "表决结果报告单",
        an.records,
        an.head.as_deref(),
        &markdown(sheet),
    )
}

/// A box's count sheet (`report STATION_FILE --format html`) on A4.
pub fn station_html(log: &crate::station::StationLog) -> String {
    page(
        &log.session,
        "票箱计票单",
        log.records,
        Some(&log.head),
        &super::station_markdown(log),
    )
}

/// One A4 document: the Markdown body as HTML, with the page number and the anchor (the
/// log's record count and head) on every page.
fn page(title: &str, kind: &str, records: u64, head: Option<&str>, md: &str) -> String {
    let head = head.unwrap_or("—");
    // Only digits and hex reach the CSS strings; nothing there needs escaping.
    let anchor = format!(
        "日志锚点 (Log anchor): {} 条记录 (records) · head {}",
        records,
        if head.bytes().all(|b| b.is_ascii_hexdigit()) {
            head
        } else {
            "—"
        }
    );
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title} {kind}</title>
<style>
@page {{
  size: A4;
  margin: 16mm 15mm 20mm 15mm;
  @top-right {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页 (page " counter(page) " of " counter(pages) ")"; font-family: {fonts}; font-size: 8pt; }}
  @bottom-center {{ content: "{anchor}"; font-family: {fonts}; font-size: 7pt; color: #222; }}
}}
html {{ font-family: {fonts}; font-size: 10pt; line-height: 1.45; color: #000; }}
body {{ margin: 0; }}
h1 {{ font-size: 16pt; text-align: center; margin: 0 0 8pt; }}
h2 {{ font-size: 12pt; margin: 12pt 0 4pt; break-after: avoid; }}
ul {{ margin: 2pt 0 6pt; padding-left: 14pt; }}
ol {{ margin: 2pt 0 6pt; padding-left: 18pt; }}
p {{ margin: 4pt 0; }}
code {{ font-family: "DejaVu Sans Mono", "Noto Sans Mono", monospace; font-size: 8pt; word-break: break-all; }}
table {{ border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
th, td {{ border: 0.6pt solid #444; padding: 2pt 4pt; vertical-align: top; }}
th {{ background: #eee; font-weight: bold; }}
td.num, th.num {{ text-align: right; }}
blockquote {{ border: 1.5pt solid #000; margin: 6pt 0; padding: 4pt 8pt; font-weight: bold; }}
section.signatures {{ break-inside: avoid; }}
section.signatures td {{ height: 13mm; }}
section.signatures td:first-child {{ width: 35%; }}
section.signatures td:last-child {{ width: 20%; }}
</style>
</head>
<body>
"#,
        title = escape(title),
        kind = kind,
        anchor = anchor,
        fonts = FONTS,
    );
    o.push_str(&to_html(md));
    o.push_str("</body>\n</html>\n");
    o
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline Markdown of the sheet: `code` and **bold**, on escaped text.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in s.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{}</code>", escape(part));
        } else {
            for (j, bit) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<strong>{}</strong>", escape(bit));
                } else {
                    out.push_str(&escape(bit));
                }
            }
        }
    }
    out
}

/// The cells of a Markdown table row, with `\|` read as a literal bar.
fn cells(row: &str) -> Vec<String> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => out.push(std::mem::take(&mut cur).trim().to_string()),
            c => cur.push(c),
        }
    }
    out.push(cur.trim().to_string());
    out
}

#[derive(PartialEq, Clone, Copy, Default)]
enum Block {
    #[default]
    None,
    List,
    Ordered,
}

/// The Markdown subset `markdown()` writes, as HTML.
fn to_html(md: &str) -> String {
    let lines: Vec<&str> = md.lines().collect();
    let mut h = Html::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(title) = line.strip_prefix("# ") {
            h.close();
            let _ = writeln!(h.o, "<h1>{}</h1>", inline(title));
        } else if let Some(title) = line.strip_prefix("## ") {
            h.section(title);
        } else if let Some(q) = line.strip_prefix("> ") {
            h.close();
            let _ = writeln!(h.o, "<blockquote>{}</blockquote>", inline(q));
        } else if let Some(item) = line.strip_prefix("- ") {
            h.list_item(Block::List, item);
        } else if let Some(item) = ordered_item(line) {
            h.list_item(Block::Ordered, item);
        } else if line.starts_with('|') {
            h.close();
            i = table(&mut h.o, &lines, i);
            continue;
        } else if line.trim().is_empty() {
            h.close();
        } else {
            h.close();
            let _ = writeln!(h.o, "<p>{}</p>", inline(line));
        }
        i += 1;
    }
    h.close();
    if h.section_open {
        h.o.push_str("</section>\n");
    }
    h.o
}

/// The HTML written so far, the list it is in and whether a section is open.
#[derive(Default)]
struct Html {
    o: String,
    block: Block,
    section_open: bool,
}

impl Html {
    /// Close the list being written, if any.
    fn close(&mut self) {
        match self.block {
            Block::List => self.o.push_str("</ul>\n"),
            Block::Ordered => self.o.push_str("</ol>\n"),
            Block::None => {}
        }
        self.block = Block::None;
    }

    /// A new section with its heading; the signatures' section is classed for print.
    fn section(&mut self, title: &str) {
        self.close();
        if self.section_open {
            self.o.push_str("</section>\n");
        }
        let class = if title.starts_with("签字") {
            " class=\"signatures\""
        } else {
            ""
        };
        let _ = writeln!(self.o, "<section{class}>\n<h2>{}</h2>", inline(title));
        self.section_open = true;
    }

    /// An item of a bulleted or numbered list, opening the list where it starts.
    fn list_item(&mut self, kind: Block, item: &str) {
        if self.block != kind {
            self.close();
            self.o.push_str(match kind {
                Block::Ordered => "<ol>\n",
                _ => "<ul>\n",
            });
            self.block = kind;
        }
        let _ = writeln!(self.o, "<li>{}</li>", inline(item));
    }
}

/// The Markdown table starting at line `i`, as an HTML table whose number columns (those the
/// rule aligns right) are classed `num`; the line after the table.
fn table(o: &mut String, lines: &[&str], mut i: usize) -> usize {
    let line = lines[i];
    let header = cells(line);
    let align: Vec<bool> = lines
        .get(i + 1)
        .filter(|l| l.starts_with("|-") || l.starts_with("|:"))
        .map(|l| cells(l).iter().map(|c| c.ends_with(':')).collect())
        .unwrap_or_default();
    let class = |k: usize| {
        if align.get(k).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        }
    };
    o.push_str("<table>\n<thead><tr>");
    for (k, c) in header.iter().enumerate() {
        let _ = write!(o, "<th{}>{}</th>", class(k), inline(c));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    i += if align.is_empty() { 1 } else { 2 };
    while let Some(row) = lines.get(i).filter(|l| l.starts_with('|')) {
        o.push_str("<tr>");
        for (k, c) in cells(row).iter().enumerate() {
            let _ = write!(o, "<td{}>{}</td>", class(k), inline(c));
        }
        o.push_str("</tr>\n");
        i += 1;
    }
    o.push_str("</tbody>\n</table>\n");
    i
}

/// "3. text" → "text".
fn ordered_item(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    line[digits..].strip_prefix(". ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_markdown_subset_becomes_html_with_text_escaped() {
        let md = "# T <b>\n\n> **warn** `x&y`\n\n- a | b\n- c\n\n1. one\n2. two\n\n| A | B |\n|---|---:|\n| x \\| y | 3 |\n\ntext\n";
        let h = to_html(md);
        assert!(h.contains("<h1>T &lt;b&gt;</h1>"), "{h}");
        assert!(
            h.contains("<blockquote><strong>warn</strong> <code>x&amp;y</code></blockquote>"),
            "{h}"
        );
        assert!(h.contains("<ul>\n<li>a | b</li>\n<li>c</li>\n</ul>"), "{h}");
        assert!(h.contains("<ol>\n<li>one</li>\n<li>two</li>\n</ol>"), "{h}");
        assert!(h.contains("<td>x | y</td><td class=\"num\">3</td>"), "{h}");
        assert!(h.contains("<p>text</p>"), "{h}");
    }
}
