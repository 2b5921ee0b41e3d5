//! Rehearsals (`votedesk simulate`).

use std::time::Duration;

use super::args::*;
use super::*;
use crate::recorder::Recorder;
use crate::simulate;

pub fn run(args: SimulateArgs) -> Result<u8, Failure> {
    let SimulateArgs {
        session,
        log,
        seed,
        pace_ms,
        stations,
        double,
        slip_rate,
        mirror,
    } = args;
    let loaded = load(&session)?;
    let mut rec = Recorder::start_mirrored(&loaded, &log, mirror.as_deref(), "simulate")
        .map_err(|e| Failure(2, e.to_string()))?;
    rec.set_restart(format!(
        "votedesk simulate {} --log {{log}} --seed {seed}",
        super::run::shown(&session)
    ));
    if rec.read_only() {
        println!("{} is closed; nothing to simulate", log.display());
        return Ok(0);
    }
    let room = (stations > 0).then(|| simulate::Room {
        boxes: stations,
        double,
        slip_per_mille: (slip_rate.clamp(0.0, 1.0) * 1000.0).round() as u64,
    });
    let summary = simulate::run_room(&mut rec, seed, Duration::from_millis(pace_ms), room)
        .map_err(|e| Failure(2, format!("simulation stopped: {e}")))?;
    if room.is_some() {
        println!(
            "counting room: {} box(es), {} station log(s) in {}.stations; injected and caught: {} reading slip(s), {} caught by double entry, {} made alike by both tellers on one ballot (unseen); {} skipped ballot(s), {} caught; {} ballot(s) keyed twice, {} caught; {} hand count(s) written wrong, {} caught; {} hall count(s) of ballots collected written wrong, {} caught; {} of the box(es) recorded exactly as the paper",
            summary.boxes,
            summary.station_logs,
            log.display(),
            summary.slips,
            summary.slips_caught,
            summary.slips_coincident,
            summary.missed,
            summary.missed_caught,
            summary.extra,
            summary.extra_caught,
            summary.hand_count_errors,
            summary.hand_count_caught,
            summary.hall_count_errors,
            summary.hall_count_caught,
            summary.boxes_exact
        );
    }
    println!(
        "simulated {}: {} ballots, {} corrections, {} further round(s); {} records, head {}",
        loaded.session.id,
        summary.ballots,
        summary.corrections,
        summary.rounds,
        rec.state.records,
        rec.head().unwrap_or("")
    );
    Ok(0)
}
