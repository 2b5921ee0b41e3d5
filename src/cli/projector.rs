//! The hall's big screen (`votedesk projector`).

use super::args::*;
use super::*;
use crate::console;

pub fn run(args: ProjectorArgs) -> Result<u8, Failure> {
    let ProjectorArgs {
        log,
        lang,
        presidium,
    } = args;
    let lang = match lang {
        Some(Lang::Zh) => console::Lang::Zh,
        Some(Lang::En) => console::Lang::En,
        None => console::Lang::from_env(),
    };
    let audience = if presidium {
        crate::projector::Audience::Presidium
    } else {
        crate::projector::Audience::Hall
    };
    let ended = crate::projector::run(&log, lang, audience)
        .map_err(|e| Failure(2, format!("terminal error: {e}")))?;
    if let Some(sig) = ended {
        crate::platform::exit_by_signal(sig);
    }
    Ok(0)
}
