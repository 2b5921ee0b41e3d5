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
        lang,
    } = args;
    let chosen = match lang {
        Some(Lang::Zh) => console::Lang::Zh,
        Some(Lang::En) => console::Lang::En,
        None => console::Lang::from_env(),
    };
    let loaded = load_in(&session, chosen)?;
    run_console(loaded, log, operator.unwrap_or_else(default_operator), lang)
}

pub(super) fn run_console(
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
        crate::platform::exit_by_signal(sig);
    }
    Ok(0)
}
