//! The results recomputed from a log (`votedesk tally`).

use super::args::*;
use super::*;
use crate::{output, verify};

pub fn run(args: TallyArgs) -> Result<u8, Failure> {
    let TallyArgs { log, json } = args;
    let report = verify::check_file(&log, &verify::Options::default())
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    let Some(state) = &report.state else {
        return Err(Failure(
            2,
            format!(
                "{} has no readable session binding; run `votedesk verify` on it",
                log.display()
            ),
        ));
    };
    if json {
        let t = output::tally_json(
            state,
            report.replayed,
            report.head.as_deref(),
            report.verified,
            &report.verdict,
        );
        println!("{}", serde_json::to_string_pretty(&t).unwrap_or_default());
    } else {
        if !report.verified {
            println!(
                "WARNING: {} — run `votedesk verify {}`\n",
                report.verdict,
                log.display()
            );
        }
        print!("{}", output::tally_text(state));
    }
    // A recount of a log that does not verify is not a result anyone may rely on.
    Ok(if report.verified { 0 } else { 1 })
}
