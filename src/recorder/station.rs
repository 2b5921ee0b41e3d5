//! A counting station's recorder: the session log's copy verified and replayed up to the
//! round's opening, and the station log (and its mirror) created or resumed for one box.

use std::fs::File;
use std::path::Path;

use super::pair::{self, Examined};
use super::{MirrorHow, MirrorOpened, Opened, Recorder, StartError, StationStart};
use crate::engine::{Event, State};
use crate::log::{self, Writer};
use crate::sentences;
use crate::verify::{self, Options};

impl Recorder {
    /// Open a counting station: verify the copy of the session log, rebuild the state as it
    /// was when the round opened, and create (or resume) the station log for one box. The
    /// session log itself is only read.
    pub fn station(start: &StationStart) -> Result<Recorder, StartError> {
        Self::station_mirrored(start, None)
    }

    /// `station`, writing the station log to `mirror` as well (`--mirror`).
    pub fn station_mirrored(
        start: &StationStart,
        mirror: Option<&Path>,
    ) -> Result<Recorder, StartError> {
        let path = &start.session_log;
        let read_err = |source| StartError::Read {
            path: path.to_path_buf(),
            source,
        };
        let report = verify::check_file(path, &Options::default()).map_err(read_err)?;
        copy_whole(path, &report)?;
        let identity = report.identity.clone().unwrap_or_default();
        let round = station_round(start, &report)?;
        let (round_record, round_hash) = report.opened_at[&round].clone();
        let state = state_at(path, round_record)?;
        let index = state.item_index(&round).unwrap_or_default();
        let def = &state.session.items[state.items[index].def];
        let names = def.choice_titles();
        let ids = def.choice_ids();
        let choices = state.items[index]
            .choices
            .iter()
            .map(|&k| (ids[k].clone(), names[k].to_string()))
            .collect();
        let binding = crate::event::StationBinding {
            session_log: identity.clone(),
            round_record,
            round_hash,
            item: round.clone(),
            title: def.title().to_string(),
            choices,
            secret: def.secret(),
            r#box: start.r#box.trim().to_string(),
            teller: start.teller.trim().to_string(),
            hand_count: start.hand_count,
            order_kept: start.order_kept,
        };
        if binding.r#box.is_empty() || binding.teller.is_empty() {
            return Err(StartError::Station(
                sentences::station_needs_box_and_teller(),
            ));
        }
        check_sealed(&report, &round, &binding, path)?;
        Self::create_station(state, binding, &start.out, mirror, &identity)
    }

    /// Create the station log (and its mirror) for a box, or resume it if it exists.
    fn create_station(
        mut state: State,
        binding: crate::event::StationBinding,
        out: &Path,
        mirror: Option<&Path>,
        identity: &str,
    ) -> Result<Recorder, StartError> {
        let session_id = state.session.id.clone();
        if out.exists() {
            return Self::resume_station(state, binding, out, mirror);
        }
        if let Some(m) = mirror.filter(|m| m.exists()) {
            return Err(StartError::MirrorWithoutLog {
                log: out.to_path_buf(),
                mirror: m.to_path_buf(),
            });
        }
        let genesis = log::genesis_prev(identity);
        let mut writer = pair::create_files(out, mirror, |file| {
            Writer::new(Box::new(file), &session_id, &binding.teller, 0, genesis, 0)
        })?;
        let event = Event::StationBound(Box::new(binding.clone()));
        let written = writer.append(std::slice::from_ref(&event));
        pair::publish(&mut writer, out, mirror, written)?;
        state.records = 1;
        Ok(Recorder {
            writer: Some(writer),
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how: MirrorHow::Created,
                repair: None,
            }),
            ..Recorder::opened(state, &binding.teller, out, Opened::Created)
        }
        .with_station(binding))
    }

    /// Resume a station log (and its mirror): set aside a torn last line, check it binds the
    /// same box of the same round, and replay its ballots onto the round's state.
    fn resume_station(
        mut state: State,
        binding: crate::event::StationBinding,
        out: &Path,
        mirror: Option<&Path>,
    ) -> Result<Recorder, StartError> {
        let (mut sides, bytes) = pair::open_sides(out, mirror, Examined::raw)?;
        let (repair, mirror_repair) = sides.set_aside()?;
        let complete = &bytes[..sides.complete_len as usize];
        let name = out.display().to_string();
        let found = crate::station::read(&name, complete).map_err(|p| StartError::Damaged {
            path: out.to_path_buf(),
            detail: format!("  {p}"),
        })?;
        same_box(&found.binding, &binding, &name)?;
        replay_entries(&mut state, complete, out)?;
        // The station log's own count, not the session log's up to the round.
        state.records = found.records;
        let (opened, writer, how) = if found.closed {
            state.closed = true;
            (Opened::ReadOnly, None, MirrorHow::Same)
        } else {
            let at = pair::GoOn {
                session: &found.session,
                operator: &found.binding.teller,
                records: found.records,
                head: found.head.clone(),
            };
            let (writer, how) = sides.reopen(mirror, at)?;
            (Opened::Resumed { repair }, Some(writer), how)
        };
        Ok(Recorder {
            closed_head: found.closed.then(|| found.head.clone()),
            writer,
            mirror: mirror.map(|m| MirrorOpened {
                path: m.to_path_buf(),
                how,
                repair: mirror_repair,
            }),
            ..Recorder::opened(state, &found.binding.teller, out, opened)
        }
        .with_station(found.binding))
    }

    fn with_station(self, binding: crate::event::StationBinding) -> Recorder {
        Recorder {
            station: Some(binding),
            ..self
        }
    }
}

/// Refuse a copy of the session log that is damaged, or was taken while the console was
/// writing a batch (nothing is wrong with the log then: the copy is just early).
fn copy_whole(path: &Path, report: &verify::Report) -> Result<(), StartError> {
    if report.unfinished_batch.is_some() && report.findings.len() == 1 {
        return Err(StartError::Station(sentences::copy_inside_a_batch(
            path.display(),
        )));
    }
    match report.findings.first() {
        Some(f) => Err(StartError::Damaged {
            path: path.to_path_buf(),
            detail: format!("  line {}: {}", f.line, f.problem),
        }),
        None => Ok(()),
    }
}

/// The state as it was right after the round opened (its opening is record `round_record`).
fn state_at(path: &Path, round_record: u64) -> Result<State, StartError> {
    let read_err = |source| StartError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(|e| read_err(e.into()))?;
    let mut reader = log::LineReader::new(file);
    let mut checker = verify::Checker::new(Options::default());
    while checker.records() < round_record {
        match reader.next_line().map_err(read_err)? {
            Some(line) => checker.feed(&line),
            None => break,
        }
    }
    checker.state().cloned().ok_or_else(|| StartError::Damaged {
        path: path.to_path_buf(),
        detail: "  the log has no readable binding record".into(),
    })
}

/// Replay a station log's ballots and corrections onto the round's state.
fn replay_entries(state: &mut State, complete: &[u8], out: &Path) -> Result<(), StartError> {
    for line in &log::scan(complete).lines {
        if let Ok(r) = &line.record
            && matches!(
                r.body.event,
                Event::BallotRecorded { .. } | Event::BallotVoided { .. }
            )
        {
            state
                .apply(&r.body.event)
                .map_err(|e| StartError::Damaged {
                    path: out.to_path_buf(),
                    detail: format!("  line {}: {e}", line.number),
                })?;
        }
    }
    Ok(())
}

/// The round a station binds: the item's open round (an item's id names its open round; a
/// round id names that round only while it is open). A closed round is refused.
fn station_round(start: &StationStart, report: &verify::Report) -> Result<String, StartError> {
    let path = &start.session_log;
    // Only the open round takes boxes: the item's id names its open round; a round id
    // names that round only while it is open. A closed round is refused, never bound.
    let open = report
        .state
        .as_ref()
        .and_then(|st| st.open.map(|i| st.items[i].id.clone()));
    let names_item = |id: &str| id == start.item || id.starts_with(&format!("{}#", start.item));
    let known = report.opened_at.keys().any(|id| names_item(id));
    match &open {
        Some(o) if names_item(o) => Ok(o.clone()),
        _ if known => Err(StartError::Station(sentences::station_round_not_open(
            &start.item,
            path.display(),
            open.as_deref(),
        ))),
        _ => Err(StartError::Station(sentences::station_item_not_opened(
            &start.item,
            path.display(),
        ))),
    }
}

/// The round knows its boxes: the copy must show them sealed, with this box's label.
fn check_sealed(
    report: &verify::Report,
    round: &str,
    binding: &crate::event::StationBinding,
    path: &Path,
) -> Result<(), StartError> {
    let sealed = report
        .state
        .as_ref()
        .and_then(|st| st.item(round))
        .and_then(|r| r.sealed.clone());
    match sealed {
        None => {
            return Err(StartError::Station(sentences::station_boxes_not_sealed(
                round,
                path.display(),
            )));
        }
        Some(s) => {
            let key = crate::rules::box_key(&binding.r#box);
            if !s.boxes.iter().any(|b| crate::rules::box_key(b) == key) {
                return Err(StartError::Station(sentences::station_box_not_sealed(
                    &binding.r#box,
                    round,
                    &s.boxes,
                )));
            }
        }
    }
    Ok(())
}

/// A station log is continued only as the same box of the same round by the same teller.
fn same_box(
    f: &crate::event::StationBinding,
    b: &crate::event::StationBinding,
    name: &str,
) -> Result<(), StartError> {
    let same = f.session_log == b.session_log
        && f.item == b.item
        && f.round_record == b.round_record
        && f.r#box == b.r#box
        && f.teller == b.teller;
    if same {
        return Ok(());
    }
    Err(StartError::Station(sentences::station_log_of_another_box(
        name,
        (&f.r#box, &f.item, &f.teller),
        (&b.r#box, &b.item, &b.teller),
    )))
}
