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
        Ok(s) => match lang {
            console::Lang::Zh => format!(
                "votedesk：计票台日志 {}：票箱 {}，{} 张选票，{}；末条哈希 {}",
                out.display(),
                s.binding.r#box,
                s.ballots.len(),
                if s.closed {
                    "已关闭，可导入"
                } else {
                    "未关闭（再次启动可继续）"
                },
                s.head
            ),
            console::Lang::En => format!(
                "votedesk: station log {}: box {}, {} ballots, {}; head {}",
                out.display(),
                s.binding.r#box,
                s.ballots.len(),
                if s.closed {
                    "closed, ready to import"
                } else {
                    "not closed (start again to continue)"
                },
                s.head
            ),
        },
        Err(p) => format!("votedesk: {p}"),
    };
    let _ = writeln!(std::io::stdout(), "{summary}");
    if let Some(sig) = ended {
        crate::platform::exit_by_signal(sig);
    }
    Ok(0)
}
