//! The sheet as CSV, one row per figure.

use super::*;
use crate::tally::{RatingTally, VoteTally};

fn csv_field(s: &str) -> String {
    // A cell a spreadsheet would run as a formula is written as text.
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return format!("\"'{}\"", s.replace('"', "\"\""));
    }
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The sheet's columns: the round's, then a candidate's or subject's, then whether the
/// log verified.
const HEADER: [&str; 26] = [
    "session",
    "item",
    "item_title",
    "round",
    "form",
    "secret",
    "phase",
    "issued",
    "returned",
    "valid",
    "void",
    "vote_valid",
    "id",
    "title",
    "for",
    "against",
    "abstain",
    "not_voted",
    "threshold",
    "rank",
    "result",
    "investment",
    "counts",
    "rate",
    "grade",
    "verified",
];

/// One row per candidate or subject; UTF-8 with a byte-order mark for spreadsheet programs.
pub fn csv(sheet: &Sheet) -> String {
    let mut o = String::from("\u{feff}");
    o.push_str(&HEADER.join(","));
    o.push_str("\r\n");
    for item in &sheet.items {
        let b = item.tally.ballots();
        let common = [
            sheet.session.id.clone(),
            item.id.clone(),
            item.title.clone(),
            item.round.to_string(),
            item.form.clone(),
            item.secret.to_string(),
            serde_name(&item.phase),
            b.issued.to_string(),
            b.returned.to_string(),
            b.valid.to_string(),
            b.void.to_string(),
            b.vote_valid.to_string(),
        ];
        let mut rows = match &item.tally {
            ItemTally::Vote(v) => {
                let mut rows = vote_rows(v);
                rows.extend(write_in_rows(v));
                rows
            }
            ItemTally::Rating(r) => rating_rows(r),
        };
        rows.extend(box_rows(item, HEADER.len() - common.len() - 1));
        for row in rows {
            let all: Vec<String> = common
                .iter()
                .cloned()
                .chain(row)
                .chain([sheet.verified.to_string()])
                .collect();
            push_row(&mut o, &all);
        }
    }
    push_row(&mut o, &anchor_row(sheet));
    o
}

fn push_row(o: &mut String, fields: &[String]) {
    o.push_str(
        &fields
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(","),
    );
    o.push_str("\r\n");
}

/// A vote round's candidates by rank.
fn vote_rows(v: &VoteTally) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for &i in &v.ranking {
        let c = &v.candidates[i];
        rows.push(vec![
            c.id.clone(),
            c.title.clone(),
            c.for_.to_string(),
            c.against.to_string(),
            c.abstain.to_string(),
            c.not_voted.to_string(),
            v.threshold.to_string(),
            c.rank.to_string(),
            serde_name(&c.status),
            c.investment.map(|x| x.to_string()).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

/// An election's persons written in, after its candidates: id `write-in:NAME`.
fn write_in_rows(v: &VoteTally) -> Vec<Vec<String>> {
    v.write_ins
        .iter()
        .map(|w| {
            vec![
                crate::form::election::write_in_id(&w.name),
                w.name.clone(),
                w.votes.to_string(),
                String::new(),
                String::new(),
                String::new(),
                v.threshold.to_string(),
                w.rank.to_string(),
                serde_name(&w.status),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]
        })
        .collect()
}

/// A rating round's subjects, each label's count in one cell.
fn rating_rows(r: &RatingTally) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for s in &r.subjects {
        let mut counts: Vec<String> = r
            .scale
            .iter()
            .zip(&s.counts)
            .map(|(l, c)| format!("{l} {c}"))
            .collect();
        if s.abstain > 0 {
            counts.push(format!("弃权 {}", s.abstain));
        }
        rows.push(vec![
            s.id.clone(),
            s.title.clone(),
            String::new(),
            String::new(),
            s.abstain.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            counts.join(" / "),
            s.rate_words(),
            grade_text(s),
        ]);
    }
    rows
}

/// The sealed boxes, each imported box and every scrutineers' decision with its reason,
/// as on the Markdown sheet; `width` cells after the round's.
fn box_rows(item: &SheetItem, width: usize) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    if let Some(seal) = &item.sealed {
        let mut row = vec![String::new(); width];
        row[0] = "boxes:sealed".into();
        row[1] = seal.words();
        rows.push(row);
    }
    for bx in &item.boxes {
        let mut row = vec![String::new(); width];
        row[0] = format!("box:{}", bx.r#box);
        row[1] = format!(
            "票箱 {} (box): {} 张 (ballots), {}",
            bx.r#box,
            bx.ballots,
            serde_name(&bx.comparison)
        );
        rows.push(row);
        for d in &bx.decisions {
            let mut row = vec![String::new(); width];
            row[0] = format!("box:{}:decision", bx.r#box);
            row[1] = d.clone();
            rows.push(row);
        }
    }
    rows
}

/// The anchor in a row of its own, where a spreadsheet shows it: what the scrutineers
/// compare with `votedesk verify`.
fn anchor_row(sheet: &Sheet) -> Vec<String> {
    let an = &sheet.anchor;
    let head = an.head.clone().unwrap_or_default();
    let mut row = vec![String::new(); HEADER.len()];
    row[0] = sheet.session.id.clone();
    row[1] = "anchor".into();
    row[2] = format!(
        "日志锚定 (log anchor): 记录数 (records) {}，末条哈希 (head) {head}；计票规则模型 (session model) SHA-256 {}",
        an.records,
        an.session_model_sha256.as_deref().unwrap_or("—")
    );
    row[12] = head;
    row[13] = format!("records {}", an.records);
    row[HEADER.len() - 1] = sheet.verified.to_string();
    row
}
