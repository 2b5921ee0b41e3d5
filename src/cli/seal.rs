//! Sealing the open round's ballot boxes (`votedesk seal`).

use super::args::*;
use super::*;
use crate::lang;
use crate::recorder::{RecordError, Recorder};

pub fn run(args: SealArgs) -> Result<u8, Failure> {
    let SealArgs {
        log,
        item,
        boxes,
        collected,
        operator,
    } = args;
    let mut rec = Recorder::resume(None, &log, &operator.unwrap_or_else(default_operator))
        .map_err(|e| Failure(2, e.to_string()))?;
    let open = rec.state.open.map(|i| rec.state.items[i].id.clone());
    let round = match open {
        Some(o) if o == item || o.starts_with(&format!("{item}#")) => o,
        Some(o) => {
            return Err(Failure(
                2,
                format!("nothing was recorded: \"{item}\" is not open (\"{o}\" is)"),
            ));
        }
        None => {
            return Err(Failure(
                2,
                format!(
                    "nothing was recorded: \"{item}\" is not open; open it at the console first"
                ),
            ));
        }
    };
    let event = rec
        .record(crate::engine::Action::SealBoxes {
            item: round.clone(),
            boxes,
            collected,
        })
        .map_err(|e| match e {
            RecordError::Log(e) => Failure(2, e.to_string()),
            other => Failure(2, format!("nothing was recorded: {other}")),
        })?;
    if let crate::event::Event::BoxesSealed {
        boxes, collected, ..
    } = event
    {
        println!(
            "sealed {} box(es) of {} ({}); {collected} ballot(s) collected in the hall; {} records, head {}",
            boxes.len(),
            lang::quote(&round),
            boxes.join(", "),
            rec.state.records,
            rec.head().unwrap_or("")
        );
    }
    Ok(0)
}
