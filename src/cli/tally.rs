//! The results recomputed from a log (`votedesk tally`).

use super::args::*;
use super::*;
use crate::output;

pub fn run(args: TallyArgs) -> Result<u8, Failure> {
    let TallyArgs { log, json } = args;
    let (report, state) = log_as_it_stands(&log)?;
    let state = &state;
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
