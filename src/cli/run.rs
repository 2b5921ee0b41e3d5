//! The operator console (`votedesk run`, and plain `votedesk` on the demo session).

use std::io::Write;
use std::path::PathBuf;

use super::args::*;
use super::*;
use crate::console;
use crate::recorder::Recorder;
use crate::session::{self};

pub fn run(args: RunArgs) -> Result<u8, Failure> {
    let RunArgs {
        session,
        log,
        operator,
        mirror,
        lang,
    } = args;
    let chosen = match lang {
        Some(Lang::Zh) => console::Lang::Zh,
        Some(Lang::En) => console::Lang::En,
        None => console::Lang::from_env(),
    };
    let loaded = load_in(&session, chosen)?;
    let mirrored = Mirrored {
        restart: format!("votedesk run {} --log {{log}}", shown(&session)),
        mirror,
    };
    run_console(
        loaded,
        log,
        operator.unwrap_or_else(default_operator),
        lang,
        Some(mirrored),
    )
}

/// The mirror asked for on the command line, and how to start again on one side.
pub(super) struct Mirrored {
    pub restart: String,
    pub mirror: Option<PathBuf>,
}

/// A path as typed in a command: quoted when it holds a space.
pub(super) fn shown(path: &std::path::Path) -> String {
    let s = path.display().to_string();
    if s.contains(' ') {
        format!("\"{s}\"")
    } else {
        s
    }
}

pub(super) fn run_console(
    loaded: session::Loaded,
    log: Option<PathBuf>,
    operator: String,
    lang: Option<Lang>,
    mirrored: Option<Mirrored>,
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
    let mirror = mirrored.as_ref().and_then(|m| m.mirror.as_deref());
    let mut rec = Recorder::start_mirrored(&loaded, &log, mirror, &operator)
        .map_err(|e| Failure(2, e.say(lang)))?;
    if let Some(m) = &mirrored {
        rec.set_restart(m.restart.clone());
    }
    let ended = console::run(rec, lang).map_err(|e| Failure(2, format!("terminal error: {e}")))?;
    let done = lang.pick(crate::sentences::everything_recorded_on_disk(log.display()));
    // After SIGHUP the terminal may be gone: a failed print must not turn into a panic.
    let _ = writeln!(std::io::stdout(), "{done}");
    if let Some(sig) = ended {
        crate::platform::exit_by_signal(sig);
    }
    Ok(0)
}
