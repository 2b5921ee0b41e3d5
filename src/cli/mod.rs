//! The command line as a library: `src/main.rs` only calls `cli::main`. One module per
//! subcommand; `args` holds the clap definitions; what several share is here.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::lang;
use crate::session::{self, SessionError};

pub mod args;
mod check;
mod import;
mod projector;
mod report;
mod run;
mod seal;
mod simulate;
mod station;
mod tally;
mod verify;

use args::{Cli, Command};

/// A failed command: its exit status and what to say.
pub struct Failure(pub u8, pub String);

/// The log as it stands, verified, and its state replayed; refused when it has no
/// binding to replay from (`tally`, `import`).
fn log_as_it_stands(log: &Path) -> Result<(crate::verify::Report, crate::engine::State), Failure> {
    let mut report = crate::verify::check_file(log, &crate::verify::Options::default())
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    match report.state.take() {
        Some(state) => Ok((report, state)),
        None => Err(Failure(
            2,
            format!(
                "{} has no readable session binding; run `votedesk verify` on it",
                log.display()
            ),
        )),
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    // The printing commands end quietly when their reader goes away (`| head`).
    if matches!(
        cli.command,
        Some(
            Command::Verify(_)
                | Command::Tally(_)
                | Command::Report(_)
                | Command::Check(_)
                | Command::Simulate(_)
        )
    ) {
        crate::platform::default_sigpipe();
    }
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(code, message)) => {
            eprintln!("votedesk: {message}");
            ExitCode::from(code)
        }
    }
}

fn dispatch(cli: Cli) -> Result<u8, Failure> {
    match cli.command {
        None => {
            let loaded = session::load_embedded(demo_sources())
                .map_err(|e| Failure(2, format!("the bundled demo session does not load: {e}")))?;
            run::run_console(
                loaded,
                None,
                cli.operator.unwrap_or_else(default_operator),
                cli.lang,
                None,
            )
        }
        Some(Command::Run(args)) => run::run(args),
        Some(Command::Projector(args)) => projector::run(args),
        Some(Command::Verify(args)) => verify::run(args),
        Some(Command::Tally(args)) => tally::run(args),
        Some(Command::Report(args)) => report::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Seal(args)) => seal::run(args),
        Some(Command::Station(args)) => station::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Simulate(args)) => simulate::run(args),
    }
}

pub(crate) fn load(path: &Path) -> Result<session::Loaded, Failure> {
    load_in(path, lang::Lang::En)
}

/// `load`, with an unreadable file said in the operator's language.
pub(crate) fn load_in(path: &Path, lang: lang::Lang) -> Result<session::Loaded, Failure> {
    session::load_file(path).map_err(|e| match e {
        SessionError::Unreadable { .. } => Failure(2, e.say(lang)),
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
        session_bytes: include_bytes!("../../sessions/hanggin-2024.ron").to_vec(),
        roster: Some((
            "hanggin-2024-roster.csv".into(),
            include_bytes!("../../sessions/hanggin-2024-roster.csv").to_vec(),
        )),
    }
}

pub(crate) fn default_operator() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| "operator".into())
}

/// The default log: `logs/<session id>.log` under the current folder.
pub(crate) fn default_log(loaded: &session::Loaded) -> Result<PathBuf, Failure> {
    let dir = PathBuf::from("logs");
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure(
            2,
            format!("cannot create the log folder {}: {e}", dir.display()),
        )
    })?;
    Ok(dir.join(format!("{}.log", loaded.session.id)))
}

/// Split `BOX,REST…` arguments into at most `n` fields (the reason keeps its commas).
pub(crate) fn fields(arg: &str, n: usize, what: &str) -> Result<Vec<String>, Failure> {
    let v: Vec<String> = arg.splitn(n, ',').map(|f| f.trim().to_string()).collect();
    if v.len() != n || v.iter().any(String::is_empty) {
        return Err(Failure(
            2,
            format!("{what} is written {arg:?}; see `votedesk import --help`"),
        ));
    }
    Ok(v)
}
