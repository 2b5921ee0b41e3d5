//! Check 1's field rules for one record body (`docs/log-format.md`, "Body").

use crate::engine::Event;
use crate::log;

fn is_hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The field rules of `docs/log-format.md` ("Body") for one record: version 1, the bound
/// session's id, an RFC 3339 time with its offset, 64-hex `prev` and event hashes. Each
/// problem as (what is wrong, what the rule requires, what the record holds). `chain` is the
/// hash the record's `prev` should be, where known.
pub(super) fn record_field_problems(
    body: &log::RecordBody,
    session_id: Option<&str>,
    good_time: &mut String,
    chain: Option<&log::Hash>,
) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if body.v != log::FORMAT_VERSION {
        out.push((
            "unknown format version".into(),
            log::FORMAT_VERSION.to_string(),
            body.v.to_string(),
        ));
    }
    if let Some(id) = session_id
        && *body.session != *id
    {
        out.push((
            "the record names another session than the one the log binds".into(),
            id.to_string(),
            crate::lang::quote(&body.session),
        ));
    }
    // Records of one batch share their time: a time just found good need not be parsed again.
    if body.time != *good_time {
        if chrono::DateTime::parse_from_rfc3339(&body.time).is_ok() {
            good_time.clone_from(&body.time);
        } else {
            out.push((
                "time is not an RFC 3339 time with its UTC offset".into(),
                "e.g. 2024-01-10T09:30:00.000+08:00".into(),
                crate::lang::quote(&body.time),
            ));
        }
    }
    // A prev equal to the hash before it is 64 hex digits already: no need to scan it.
    if !chain.is_some_and(|h| h.is(&body.prev)) && !is_hex64(&body.prev) {
        out.push((
            "prev is not 64 lowercase hex digits".into(),
            "64 hex digits".into(),
            crate::lang::quote(&body.prev),
        ));
    }
    let hashes = event_hashes(&body.event);
    for (field, h) in hashes {
        if !is_hex64(h) {
            out.push((
                format!("{field} is not 64 lowercase hex digits"),
                "64 hex digits".into(),
                crate::lang::quote(h),
            ));
        }
    }
    out
}

/// The hashes an event carries, by field name: each must be 64 lowercase hex digits.
fn event_hashes(event: &Event) -> Vec<(&'static str, &str)> {
    match event {
        Event::SessionBound(b) => {
            let mut v = vec![("session_sha256", b.session_sha256.as_str())];
            if let Some(r) = &b.roster_sha256 {
                v.push(("roster_sha256", r.as_str()));
            }
            v
        }
        Event::BallotsImported { sha256, .. } | Event::TailRepaired { sha256, .. } => {
            vec![("sha256", sha256.as_str())]
        }
        Event::BoxImported(note) => note
            .entries
            .iter()
            .map(|e| ("station_head", e.station_head.as_str()))
            .collect(),
        Event::StationBound(b) => vec![
            ("session_log", b.session_log.as_str()),
            ("round_hash", b.round_hash.as_str()),
        ],
        _ => Vec::new(),
    }
}
