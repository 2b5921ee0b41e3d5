//! The result sheet (`votedesk report`), or a station log's count sheet.

use std::path::{Path, PathBuf};

use super::args::*;
use super::*;

pub fn run(args: ReportArgs) -> Result<u8, Failure> {
    let ReportArgs {
        log,
        format,
        output,
    } = args;
    if crate::station::is_station_file(&log) {
        return station_sheet(&log, format, output);
    }
    let sheet = crate::report::build_file(&log)
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?
        .ok_or_else(|| {
            Failure(
                2,
                format!(
                    "{} has no readable session binding; run `votedesk verify` on it",
                    log.display()
                ),
            )
        })?;
    let text = match format {
        ReportFormat::Md => crate::report::markdown(&sheet),
        ReportFormat::Html => crate::report::html(&sheet),
        ReportFormat::Csv => crate::report::csv(&sheet),
        ReportFormat::Json => crate::report::json(&sheet),
    };
    match output {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| Failure(2, format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    if !sheet.verified {
        eprintln!(
            "votedesk: the log is not verified ({}); the sheet says so at the top",
            sheet.verdict
        );
        return Ok(1);
    }
    Ok(0)
}

/// `report STATION_FILE`: the box's count sheet.
fn station_sheet(log: &Path, format: ReportFormat, output: Option<PathBuf>) -> Result<u8, Failure> {
    let station = crate::station::read_file(log)
        .map_err(|p| Failure(1, format!("the station log does not verify: {p}")))?;
    let text = match format {
        ReportFormat::Md => crate::report::station_markdown(&station),
        ReportFormat::Html => crate::report::station_html(&station),
        ReportFormat::Csv | ReportFormat::Json => {
            return Err(Failure(
                2,
                "a box's count sheet prints as md or html; the box's ballots are in the station log itself".into(),
            ));
        }
    };
    match output {
        Some(path) => std::fs::write(&path, text)
            .map_err(|e| Failure(2, format!("cannot write {}: {e}", path.display())))?,
        None => print!("{text}"),
    }
    if !station.closed {
        eprintln!("votedesk: the station log is not closed; the sheet says so at the top");
        return Ok(1);
    }
    Ok(0)
}
