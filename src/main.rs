//! The `votedesk` binary: parses the command line, dispatches, maps errors to exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};

use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use votedesk::recorder::{RecordError, Recorder};
use votedesk::session::{self, SessionError};
use votedesk::{console, output, simulate, verify};
use votedesk::{lang, limits};

#[derive(Parser)]
#[command(
    name = "votedesk",
    version,
    about = "Runs the votes of a people's congress session and keeps a hash-chained audit log"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Language of the demo console (plain `votedesk`).
    #[arg(long, value_enum)]
    lang: Option<Lang>,
    /// Who is at the demo console (default: the login name).
    #[arg(long)]
    operator: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Md,
    /// One self-contained page that prints on A4 (open it in a browser and print).
    Html,
    Csv,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// The operator console; resumes the session if its log exists.
    Run {
        session: PathBuf,
        /// The log file (default: logs/<session id>.log next to the session file's folder).
        #[arg(long)]
        log: Option<PathBuf>,
        /// Who is at the console (default: the login name).
        #[arg(long)]
        operator: Option<String>,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
    },
    /// Read-only big-screen view that follows the log as it grows. The hall sees only
    /// declared results.
    Projector {
        log: PathBuf,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
        /// The presidium's screen: live counts and undeclared results, marked 待宣布.
        #[arg(long)]
        presidium: bool,
    },
    /// Audit a log: exit 0 verified, 1 not verified, 2 could not run.
    Verify {
        log: PathBuf,
        /// The session file the log must bind.
        #[arg(long)]
        session: Option<PathBuf>,
        /// The head hash from the signed result sheet.
        #[arg(long)]
        expect_head: Option<String>,
        /// The record count from the signed result sheet.
        #[arg(long)]
        expect_count: Option<u64>,
        /// An anchor read out during the session, `N:HEX`: record N has hash HEX
        /// (repeatable; a declaration's anchor is its own record).
        #[arg(long = "anchor", value_name = "N:HEX", value_parser = parse_anchor)]
        anchors: Vec<(u64, String)>,
        #[arg(long)]
        json: bool,
    },
    /// The results as recomputed from the log.
    Tally {
        log: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The result sheet for printing, signing and archiving.
    Report {
        log: PathBuf,
        #[arg(long, value_enum)]
        format: ReportFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Record a batch of ballots for the open item from a keypad or scanner export.
    Import {
        log: PathBuf,
        #[arg(long)]
        item: String,
        file: PathBuf,
        #[arg(long)]
        operator: Option<String>,
        /// Record the ballots even if more would then be returned than were issued (which
        /// makes the whole vote void): only when the paper box really held that many.
        #[arg(long)]
        allow_excess: bool,
    },
    /// Validate a session file without running it.
    Check { session: PathBuf },
    /// Rehearsal: a whole session with synthetic ballots, through the console's code path.
    Simulate {
        session: PathBuf,
        #[arg(long)]
        log: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Milliseconds between ballots, for projector rehearsals.
        #[arg(long, default_value_t = 0)]
        pace_ms: u64,
    },
}

/// `N:HEX` as printed at a declaration: a record number from 1 and 64 hex digits.
fn parse_anchor(s: &str) -> Result<(u64, String), String> {
    let (n, h) = s
        .split_once(':')
        .ok_or_else(|| "write the anchor as N:HEX, e.g. 353:0fe2…".to_string())?;
    let n: u64 = n
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{} is not a record number (1, 2, …)", lang::quote(n)))?;
    let h = h.trim();
    if h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{} is not 64 hex digits", lang::quote(h)));
    }
    Ok((n, h.to_ascii_lowercase()))
}

/// A failure with its exit code: 1 a check failed, 2 bad usage or unreadable input.
struct Failure(u8, String);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(code, message)) => {
            eprintln!("votedesk: {message}");
            ExitCode::from(code)
        }
    }
}

fn load(path: &Path) -> Result<session::Loaded, Failure> {
    session::load_file(path).map_err(|e| match e {
        SessionError::Unreadable { .. } => Failure(2, e.to_string()),
        SessionError::Invalid(_) => Failure(
            1,
            format!("{} is not a valid session file:\n{e}", path.display()),
        ),
    })
}

/// The Hanggin 2024 session, built into the binary so plain `votedesk` works anywhere.
fn demo_sources() -> session::SourceFiles {
    session::SourceFiles {
        session_name: "hanggin-2024.ron".into(),
        session_bytes: include_bytes!("../sessions/hanggin-2024.ron").to_vec(),
        roster: Some((
            "hanggin-2024-roster.csv".into(),
            include_bytes!("../sessions/hanggin-2024-roster.csv").to_vec(),
        )),
    }
}

fn default_operator() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "operator".into())
}

/// The default log: `logs/<session id>.log` under the current folder.
fn default_log(loaded: &session::Loaded) -> Result<PathBuf, Failure> {
    let dir = PathBuf::from("logs");
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure(
            2,
            format!("cannot create the log folder {}: {e}", dir.display()),
        )
    })?;
    Ok(dir.join(format!("{}.log", loaded.session.id)))
}

fn run_console(
    loaded: session::Loaded,
    log: Option<PathBuf>,
    operator: String,
    lang: Option<Lang>,
) -> Result<u8, Failure> {
    let log = match log {
        Some(l) => l,
        None => default_log(&loaded)?,
    };
    let lang = match lang {
        Some(Lang::Zh) => console::Lang::Zh,
        Some(Lang::En) => console::Lang::En,
        None => console::Lang::from_env(),
    };
    let rec = Recorder::start(&loaded, &log, &operator).map_err(|e| Failure(2, e.say(lang)))?;
    let ended = console::run(rec, lang).map_err(|e| Failure(2, format!("terminal error: {e}")))?;
    let done = match lang {
        console::Lang::Zh => format!(
            "votedesk：日志 {}，已记录的全部内容都在磁盘上",
            log.display()
        ),
        console::Lang::En => format!(
            "votedesk: log {} — everything recorded is on disk",
            log.display()
        ),
    };
    // After SIGHUP the terminal may be gone: a failed print must not turn into a panic.
    let _ = writeln!(std::io::stdout(), "{done}");
    if let Some(sig) = ended {
        votedesk::platform::exit_by_signal(sig);
    }
    Ok(0)
}

fn dispatch(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        None => {
            let loaded = session::load_embedded(demo_sources())
                .map_err(|e| Failure(2, format!("the bundled demo session does not load: {e}")))?;
            run_console(
                loaded,
                None,
                cli.operator.unwrap_or_else(default_operator),
                cli.lang,
            )
        }
        Some(Command::Run {
            session,
            log,
            operator,
            lang,
        }) => {
            let loaded = load(&session)?;
            run_console(loaded, log, operator.unwrap_or_else(default_operator), lang)
        }
        Some(Command::Projector {
            log,
            lang,
            presidium,
        }) => {
            let lang = match lang {
                Some(Lang::Zh) => console::Lang::Zh,
                Some(Lang::En) => console::Lang::En,
                None => console::Lang::from_env(),
            };
            let audience = if presidium {
                votedesk::projector::Audience::Presidium
            } else {
                votedesk::projector::Audience::Hall
            };
            let ended = votedesk::projector::run(&log, lang, audience)
                .map_err(|e| Failure(2, format!("terminal error: {e}")))?;
            if let Some(sig) = ended {
                votedesk::platform::exit_by_signal(sig);
            }
            Ok(0)
        }
        Some(Command::Report {
            log,
            format,
            output,
        }) => {
            let sheet = votedesk::report::build_file(&log)
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
                ReportFormat::Md => votedesk::report::markdown(&sheet),
                ReportFormat::Html => votedesk::report::html(&sheet),
                ReportFormat::Csv => votedesk::report::csv(&sheet),
                ReportFormat::Json => votedesk::report::json(&sheet),
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
        Some(Command::Import {
            log,
            item,
            file,
            operator,
            allow_excess,
        }) => {
            let bytes = limits::read_capped(&file, limits::IMPORT_BYTES)
                .map_err(|e| Failure(2, format!("cannot read {}: {e}", file.display())))?;
            // Check the whole file against the log's state before opening it for writing.
            let report = verify::check_file(&log, &verify::Options::default())
                .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
            let Some(state) = report.state.as_ref() else {
                return Err(Failure(
                    2,
                    format!("{} has no readable session binding", log.display()),
                ));
            };
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let batch =
                votedesk::import::parse(state, &item, &name, &bytes).map_err(|problems| {
                    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
                    Failure(1, format!("nothing was recorded:\n{}", lines.join("\n")))
                })?;
            let excess = batch.excess(state, &item);
            if let Some((returned, issued)) = excess
                && !allow_excess
            {
                return Err(Failure(
                    1,
                    format!(
                        "nothing was recorded: with these {} ballots {returned} would be returned for {issued} issued, and more ballots returned than issued make the whole vote void (Election Law art. 44). If the paper box really held more ballots than were issued, run again with --allow-excess",
                        batch.ballots
                    ),
                ));
            }
            let mut rec = Recorder::resume(None, &log, &operator.unwrap_or_else(default_operator))
                .map_err(|e| Failure(2, e.to_string()))?;
            rec.record_batch(batch.actions).map_err(|e| match e {
                // The log's own words say whether it is recorded, not recorded, or unknown.
                RecordError::Log(e) => Failure(2, e.to_string()),
                other => Failure(2, format!("nothing was recorded: {other}")),
            })?;
            println!(
                "imported {} ballot(s) into {} from {} ({} row(s) without a vote were not recorded); {} records, head {}",
                batch.ballots,
                lang::quote(&item),
                file.display(),
                batch.not_voted,
                rec.state.records,
                rec.head().unwrap_or("")
            );
            if let Some((returned, issued)) = excess {
                println!(
                    "returned {returned} is more than issued {issued}: this vote is void and must be re-run"
                );
            }
            Ok(0)
        }
        Some(Command::Check { session }) => {
            let loaded = load(&session)?;
            println!("{}: valid", session.display());
            print!("{}", output::session_summary(&loaded.session));
            Ok(0)
        }
        Some(Command::Verify {
            log,
            session,
            expect_head,
            expect_count,
            anchors,
            json,
        }) => {
            let session = match session {
                Some(p) => Some(load(&p).map_err(|Failure(_, m)| Failure(2, m))?),
                None => None,
            };
            if let Some(h) = &expect_head
                && (h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()))
            {
                return Err(Failure(
                    2,
                    format!("--expect-head must be 64 hex digits, got {h:?}"),
                ));
            }
            let opts = verify::Options {
                session,
                expect_head,
                expect_count,
                anchors,
            };
            let report = verify::check_file(&log, &opts)
                .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                print!("{}", report.render(&log.display().to_string()));
            }
            Ok(if report.verified { 0 } else { 1 })
        }
        Some(Command::Tally { log, json }) => {
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
        Some(Command::Simulate {
            session,
            log,
            seed,
            pace_ms,
        }) => {
            let loaded = load(&session)?;
            let mut rec = Recorder::start(&loaded, &log, "simulate")
                .map_err(|e| Failure(2, e.to_string()))?;
            if rec.read_only() {
                println!("{} is closed; nothing to simulate", log.display());
                return Ok(0);
            }
            let summary = simulate::run(&mut rec, seed, Duration::from_millis(pace_ms))
                .map_err(|e| Failure(2, format!("simulation stopped: {e}")))?;
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
    }
}
