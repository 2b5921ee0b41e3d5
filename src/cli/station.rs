//! A counting station (`votedesk station`).

use std::io::Write;

use super::args::*;
use super::*;
use crate::console;
use crate::recorder::Recorder;

pub fn run(args: StationArgs) -> Result<u8, Failure> {
    let StationArgs {
        log,
        item,
        r#box,
        teller,
        hand_count,
        out,
        order_lost,
        mirror,
        lang,
    } = args;
    let lang = match lang {
        Some(Lang::Zh) => console::Lang::Zh,
        Some(Lang::En) => console::Lang::En,
        None => console::Lang::from_env(),
    };
    let restart = format!(
        "votedesk station {} --item {} --box {} --teller {} --hand-count {hand_count}{} --out {{log}}",
        super::run::shown(&log),
        super::run::shown(std::path::Path::new(&item)),
        super::run::shown(std::path::Path::new(&r#box)),
        super::run::shown(std::path::Path::new(&teller)),
        if order_lost { " --order-lost" } else { "" },
    );
    let start = crate::recorder::StationStart {
        session_log: log,
        item,
        r#box,
        teller,
        hand_count,
        order_kept: !order_lost,
        out: out.clone(),
    };
    let mut rec = Recorder::station_mirrored(&start, mirror.as_deref())
        .map_err(|e| Failure(2, e.say(lang)))?;
    rec.set_restart(restart);
    let ended = console::run(rec, lang).map_err(|e| Failure(2, format!("terminal error: {e}")))?;
    let summary = match crate::station::read_file(&out) {
        Ok(s) => lang.pick(crate::sentences::station_log_summary(out.display(), &s)),
        Err(p) => format!("votedesk: {p}"),
    };
    let _ = writeln!(std::io::stdout(), "{summary}");
    if let Some(sig) = ended {
        crate::platform::exit_by_signal(sig);
    }
    Ok(0)
}
