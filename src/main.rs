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
        /// Also verify every station log in this folder and check that each imported box
        /// equals its station logs exactly.
        #[arg(long, value_name = "DIR")]
        stations: Option<PathBuf>,
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
    /// Record a batch of ballots for the open item from a keypad or scanner export
    /// (`--item ID FILE.csv`), or the ballot boxes keyed at counting stations
    /// (`--station FILE|DIR …`; two entries of a box are compared ballot by ballot).
    Import {
        log: PathBuf,
        #[arg(long, required_unless_present = "station")]
        item: Option<String>,
        #[arg(required_unless_present = "station", conflicts_with = "station")]
        file: Option<PathBuf>,
        /// Station logs, or folders holding them (all boxes of the open round).
        #[arg(long, num_args = 1.., value_name = "FILE|DIR")]
        station: Vec<PathBuf>,
        /// A scrutineers' decision on a ballot read differently by two tellers:
        /// `BOX,N,1|2|void,REASON` (the first or second teller's reading, or void).
        #[arg(long = "decide", value_name = "BOX,N,1|2|void,REASON")]
        decide: Vec<String>,
        /// Which entry of a box compared as totals is right, after recounting the paper:
        /// `BOX,1|2,REASON`.
        #[arg(long = "choose-entry", value_name = "BOX,1|2,REASON")]
        choose_entry: Vec<String>,
        /// Why a box's keyed count stands although it differs from its hand count:
        /// `BOX,REASON`.
        #[arg(long = "hand-count", value_name = "BOX,REASON")]
        hand_count: Vec<String>,
        /// Why a box entered only once is recorded without a second entry: `BOX,REASON`.
        #[arg(long = "single", value_name = "BOX,REASON")]
        single: Vec<String>,
        /// A station log's head as its box's signed count sheet shows it (at least the
        /// first 8 hex digits), and the scrutineer who read it: `BOX,TELLER,HEX,NAME`.
        /// Every entry of every box needs one.
        #[arg(long = "confirm-head", value_name = "BOX,TELLER,HEX,NAME")]
        confirm_head: Vec<String>,
        #[arg(long)]
        operator: Option<String>,
        /// Record the ballots even if more would then be returned than were issued (which
        /// makes the whole vote void): only when the paper box really held that many.
        #[arg(long)]
        allow_excess: bool,
    },
    /// Seal the open round's ballot boxes before any is opened: their labels and the
    /// ballots collected in the hall (收回). Boxes are imported only under these labels, and
    /// the round closes only when they add up or the difference is decided.
    Seal {
        log: PathBuf,
        /// The item (its open round) or a round id such as `projects#2`.
        #[arg(long)]
        item: String,
        /// The boxes' labels, separated by commas: `1,2,3`.
        #[arg(long, value_delimiter = ',', required = true)]
        boxes: Vec<String>,
        /// Ballots collected in the hall, counted before the boxes are opened.
        #[arg(long)]
        collected: u32,
        #[arg(long)]
        operator: Option<String>,
    },
    /// A counting station: key one ballot box's ballots into a station log, from a copy
    /// of the session log (no network needed). Import it at the console with `i`.
    Station {
        /// A copy of the session log (read only).
        log: PathBuf,
        /// The item (its latest opened round) or a round id such as `projects#2`.
        #[arg(long)]
        item: String,
        /// The ballot box's label.
        #[arg(long = "box")]
        r#box: String,
        /// The teller keying this box.
        #[arg(long)]
        teller: String,
        /// Ballots counted by hand when the box was opened (票箱清点).
        #[arg(long)]
        hand_count: u32,
        /// The station log to write (continued if it exists).
        #[arg(long)]
        out: PathBuf,
        /// The stack's order was lost: compare this entry as totals, not ballot by ballot.
        #[arg(long)]
        order_lost: bool,
        #[arg(long, value_enum)]
        lang: Option<Lang>,
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
        /// Rehearse the counting room: split each secret item's ballots over this many
        /// boxes, each keyed at a station (station logs go next to the log).
        #[arg(long, default_value_t = 0)]
        stations: u32,
        /// With --stations: every box keyed twice, by two tellers (double entry).
        #[arg(long)]
        double: bool,
        /// With --stations: chance (0–1) that a teller misreads one ballot's mark.
        #[arg(long, default_value_t = 0.0)]
        slip_rate: f64,
    },
}

/// Split `BOX,REST…` arguments into at most `n` fields (the reason keeps its commas).
fn fields(arg: &str, n: usize, what: &str) -> Result<Vec<String>, Failure> {
    let v: Vec<String> = arg.splitn(n, ',').map(|f| f.trim().to_string()).collect();
    if v.len() != n || v.iter().any(String::is_empty) {
        return Err(Failure(
            2,
            format!("{what} is written {arg:?}; see `votedesk import --help`"),
        ));
    }
    Ok(v)
}

/// `report STATION_FILE`: the box's count sheet.
fn station_sheet(log: &Path, format: ReportFormat, output: Option<PathBuf>) -> Result<u8, Failure> {
    let station = votedesk::station::read_file(log)
        .map_err(|p| Failure(1, format!("the station log does not verify: {p}")))?;
    let text = match format {
        ReportFormat::Md => votedesk::report::station_markdown(&station),
        ReportFormat::Html => votedesk::report::station_html(&station),
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

/// `verify --stations DIR`: every station log in DIR verified on its own, and every box
/// imported into the log checked against its station logs.
fn audit_stations(
    log: &Path,
    dir: &Path,
    report: &verify::Report,
) -> Result<votedesk::station::Audit, Failure> {
    use votedesk::station;
    if !dir.is_dir() {
        return Err(Failure(
            2,
            format!("--stations {}: not a folder", dir.display()),
        ));
    }
    let (logs, bad) = match station::collect(&[dir]) {
        Ok(l) => (l, Vec::new()),
        Err(problems) => {
            // Read the good ones one by one so a bad file does not hide the rest.
            let mut good = Vec::new();
            let mut files: Vec<_> = std::fs::read_dir(dir)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            for f in files {
                if let Ok(l) = station::read_file(&f) {
                    good.push(l);
                }
            }
            (good, problems)
        }
    };
    let scan = votedesk::log::scan_file(log)
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    let boxes = station::imported_boxes(&scan);
    let mut audit = station::audit(
        &boxes,
        &logs,
        report.identity.as_deref().unwrap_or(""),
        &report.opened_at,
    );
    audit
        .problems
        .extend(bad.iter().map(|p| format!("station log {p}")));
    Ok(audit)
}

/// `verify STATION_LOG`: a station log verified as a station log (`station::verify_file`).
fn verify_station(log: &Path, json: bool) -> Result<u8, Failure> {
    let v = votedesk::station::verify_file(log);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&v.json()).unwrap_or_default()
        );
    } else {
        print!("{}", v.render());
    }
    Ok(if v.verified { 0 } else { 1 })
}

fn render_audit(a: &votedesk::station::Audit, dir: &Path) -> String {
    let mut out = format!(
        "\nStation logs in {}: {} read; {} imported box(es) equal their station logs\n",
        dir.display(),
        a.station_logs,
        a.boxes_checked
    );
    for p in &a.problems {
        out.push_str(&format!("  FAIL {p}\n"));
    }
    for n in &a.not_imported {
        out.push_str(&format!("  note: not imported: {n}\n"));
    }
    out.push_str(&if a.problems.is_empty() {
        "station logs: no problem found\n".to_string()
    } else {
        format!("station logs: {} problem(s)\n", a.problems.len())
    });
    out
}

/// The scrutineers' answers given on the command line of `import --station`.
struct BoxArgs {
    decide: Vec<String>,
    choose: Vec<String>,
    hand: Vec<String>,
    single: Vec<String>,
    heads: Vec<String>,
}

/// `votedesk import LOG --station …`: verify, bind and compare every box, then record
/// each box as one batch once every difference has its decision.
fn import_stations(
    log: &Path,
    paths: &[PathBuf],
    answers_given: &BoxArgs,
    operator: &str,
    allow_excess: bool,
) -> Result<u8, Failure> {
    use votedesk::station::{self, Answers};
    let nothing = |m: String| Failure(1, format!("nothing was recorded:\n{m}"));
    let logs = station::collect(&paths.iter().map(PathBuf::as_path).collect::<Vec<_>>()).map_err(
        |ps| {
            nothing(
                ps.iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        },
    )?;
    if logs.is_empty() {
        return Err(Failure(1, "no station log found in what was given".into()));
    }
    // Everything is checked against the log as it stands before it is opened for writing.
    let report = verify::check_file(log, &verify::Options::default())
        .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
    let Some(state) = report.state.as_ref() else {
        return Err(Failure(
            2,
            format!("{} has no readable session binding", log.display()),
        ));
    };
    let identity = report.identity.clone().unwrap_or_default();
    let target = station::Target {
        state,
        identity: &identity,
        opened_at: &report.opened_at,
    };
    let plans = station::plan(&target, logs).map_err(|ps| {
        nothing(
            ps.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let mut answers: Vec<Answers> = vec![Answers::default(); plans.len()];
    let find = |label: &str| {
        plans.iter().position(|p| p.r#box == label).ok_or_else(|| {
            Failure(
                2,
                format!("there is no box {label:?} among the station logs given"),
            )
        })
    };
    for d in &answers_given.decide {
        let f = fields(d, 4, "--decide")?;
        let i = find(&f[0])?;
        let n: u32 = f[1]
            .parse()
            .map_err(|_| Failure(2, format!("--decide: {:?} is not a ballot number", f[1])))?;
        let diff = plans[i].differences.iter().find_map(|x| match x {
            station::Difference::Reading {
                ballot,
                first,
                second,
            } if *ballot == n => Some((first, second)),
            _ => None,
        });
        let Some((first, second)) = diff else {
            return Err(Failure(
                2,
                format!("--decide: box {:?} has no difference at ballot {n}", f[0]),
            ));
        };
        let decided = match f[2].as_str() {
            "1" => first.clone(),
            "2" => second.clone(),
            "void" => votedesk::event::Reading {
                seat: first.seat,
                marks: votedesk::event::Marks::Void {
                    reason: f[3].clone(),
                },
            },
            other => {
                return Err(Failure(
                    2,
                    format!("--decide: {other:?} is not 1, 2 or void"),
                ));
            }
        };
        answers[i].readings.insert(n, (decided, f[3].clone()));
    }
    for c in &answers_given.choose {
        let f = fields(c, 3, "--choose-entry")?;
        let i = find(&f[0])?;
        let chosen: u32 = f[1]
            .parse()
            .map_err(|_| Failure(2, "--choose-entry: the entry is 1 or 2".into()))?;
        answers[i].entry = Some((chosen, f[2].clone()));
    }
    for h in &answers_given.hand {
        let f = fields(h, 2, "--hand-count")?;
        let i = find(&f[0])?;
        answers[i].hand_count = Some(f[1].clone());
    }
    for x in &answers_given.single {
        let f = fields(x, 2, "--single")?;
        let i = find(&f[0])?;
        answers[i].single = Some(f[1].clone());
    }
    for x in &answers_given.heads {
        let f = fields(x, 4, "--confirm-head")?;
        let i = find(&f[0])?;
        let Some(e) = plans[i]
            .entries
            .iter()
            .position(|e| e.binding.teller == f[1])
        else {
            return Err(Failure(
                2,
                format!("--confirm-head: box {:?} has no entry by {:?}", f[0], f[1]),
            ));
        };
        answers[i].heads.insert(e, (f[2].clone(), f[3].clone()));
    }
    // Every box must be decidable before anything is written.
    let mut batches = Vec::new();
    let mut open = Vec::new();
    for (plan, a) in plans.iter().zip(&answers) {
        match plan.actions(a) {
            Ok(actions) => batches.push((plan, actions)),
            Err(m) => {
                open.push(m);
                open.extend(
                    station::difference_lines(plan, lang::Lang::En)
                        .into_iter()
                        .map(|l| format!("  {l}")),
                );
            }
        }
    }
    if !open.is_empty() {
        return Err(nothing(format!(
            "{}\nDecide each from the paper ballot and run again with --decide BOX,N,1|2|void,REASON (or --choose-entry BOX,1|2,REASON / --hand-count BOX,REASON / --single BOX,REASON); confirm every station log's head against its signed count sheet with --confirm-head BOX,TELLER,HEX,NAME",
            open.join("\n")
        )));
    }
    if let Some((returned, issued)) = station::excess(state, &plans, &answers)
        && !allow_excess
    {
        return Err(nothing(format!(
            "with these boxes {returned} ballots would be returned for {issued} issued, which makes the whole vote void (Election Law art. 44). If the boxes really held that many, run again with --allow-excess"
        )));
    }
    let mut rec = Recorder::resume(None, log, operator).map_err(|e| Failure(2, e.to_string()))?;
    for (plan, actions) in batches {
        let n = actions.len() - 1;
        rec.record_batch(actions).map_err(|e| match e {
            RecordError::Log(e) => Failure(2, e.to_string()),
            other => Failure(2, format!("box {:?} was not recorded: {other}", plan.r#box)),
        })?;
        let how = match plan.comparison {
            votedesk::event::Comparison::Single => "single entry".to_string(),
            votedesk::event::Comparison::ByOrder if plan.differences.is_empty() => {
                "double entry confirmed".to_string()
            }
            _ => format!(
                "double entry, {} difference(s) decided",
                plan.differences.len()
            ),
        };
        println!(
            "box {} of {}: {n} ballot(s) recorded ({how}); record {}",
            plan.r#box,
            lang::quote(&plan.item),
            rec.state.records
        );
    }
    println!(
        "{} records, head {}",
        rec.state.records,
        rec.head().unwrap_or("")
    );
    Ok(0)
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
    // The printing commands end quietly when their reader goes away (`| head`).
    if matches!(
        cli.command,
        Some(
            Command::Verify { .. }
                | Command::Tally { .. }
                | Command::Report { .. }
                | Command::Check { .. }
                | Command::Simulate { .. }
        )
    ) {
        votedesk::platform::default_sigpipe();
    }
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(Failure(code, message)) => {
            eprintln!("votedesk: {message}");
            ExitCode::from(code)
        }
    }
}

fn load(path: &Path) -> Result<session::Loaded, Failure> {
    load_in(path, lang::Lang::En)
}

/// `load`, with an unreadable file said in the operator's language.
fn load_in(path: &Path, lang: lang::Lang) -> Result<session::Loaded, Failure> {
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
            let chosen = match lang {
                Some(Lang::Zh) => console::Lang::Zh,
                Some(Lang::En) => console::Lang::En,
                None => console::Lang::from_env(),
            };
            let loaded = load_in(&session, chosen)?;
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
            if votedesk::station::is_station_file(&log) {
                return station_sheet(&log, format, output);
            }
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
            station,
            decide,
            choose_entry,
            hand_count,
            single,
            confirm_head,
            operator,
            allow_excess,
        }) => {
            if !station.is_empty() {
                let operator = operator.unwrap_or_else(default_operator);
                return import_stations(
                    &log,
                    &station,
                    &BoxArgs {
                        decide,
                        choose: choose_entry,
                        hand: hand_count,
                        single,
                        heads: confirm_head,
                    },
                    &operator,
                    allow_excess,
                );
            }
            let (Some(item), Some(file)) = (item, file) else {
                return Err(Failure(
                    2,
                    "import needs --item ID FILE.csv, or --station FILE…".into(),
                ));
            };
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
        Some(Command::Seal {
            log,
            item,
            boxes,
            collected,
            operator,
        }) => {
            let mut rec = Recorder::resume(None, &log, &operator.unwrap_or_else(default_operator))
                .map_err(|e| Failure(2, e.to_string()))?;
            let open = rec.state.open.map(|i| rec.state.items[i].id.clone());
            let round = match open {
                Some(o) if o == item || o.starts_with(&format!("{item}#")) => o,
                Some(o) => {
                    return Err(Failure(
                        2,
                        format!("nothing was recorded: \"{item}\" is not open (\"{o}\" is)"),
                    ));
                }
                None => {
                    return Err(Failure(
                        2,
                        format!(
                            "nothing was recorded: \"{item}\" is not open; open it at the console first"
                        ),
                    ));
                }
            };
            let event = rec
                .record(votedesk::engine::Action::SealBoxes {
                    item: round.clone(),
                    boxes,
                    collected,
                })
                .map_err(|e| match e {
                    RecordError::Log(e) => Failure(2, e.to_string()),
                    other => Failure(2, format!("nothing was recorded: {other}")),
                })?;
            if let votedesk::event::Event::BoxesSealed {
                boxes, collected, ..
            } = event
            {
                println!(
                    "sealed {} box(es) of {} ({}); {collected} ballot(s) collected in the hall; {} records, head {}",
                    boxes.len(),
                    lang::quote(&round),
                    boxes.join(", "),
                    rec.state.records,
                    rec.head().unwrap_or("")
                );
            }
            Ok(0)
        }
        Some(Command::Station {
            log,
            item,
            r#box,
            teller,
            hand_count,
            out,
            order_lost,
            lang,
        }) => {
            let lang = match lang {
                Some(Lang::Zh) => console::Lang::Zh,
                Some(Lang::En) => console::Lang::En,
                None => console::Lang::from_env(),
            };
            let start = votedesk::recorder::StationStart {
                session_log: log,
                item,
                r#box,
                teller,
                hand_count,
                order_kept: !order_lost,
                out: out.clone(),
            };
            let rec = Recorder::station(&start).map_err(|e| Failure(2, e.say(lang)))?;
            let ended =
                console::run(rec, lang).map_err(|e| Failure(2, format!("terminal error: {e}")))?;
            let summary = match votedesk::station::read_file(&out) {
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
                votedesk::platform::exit_by_signal(sig);
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
            stations,
            json,
        }) => {
            if votedesk::station::is_station_file(&log) {
                return verify_station(&log, json);
            }
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
            let mut report = verify::check_file(&log, &opts)
                .map_err(|e| Failure(2, format!("cannot read log {}: {e}", log.display())))?;
            let audit = match &stations {
                Some(dir) => Some(audit_stations(&log, dir, &report)?),
                None => None,
            };
            if let Some(a) = &audit {
                report.add_station_problems(a.problems.len());
            }
            if json {
                let mut value = serde_json::to_value(&report).unwrap_or_default();
                if let (Some(a), Some(obj)) = (&audit, value.as_object_mut()) {
                    obj.insert(
                        "stations".into(),
                        serde_json::to_value(a).unwrap_or_default(),
                    );
                }
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
            } else {
                print!("{}", report.render(&log.display().to_string()));
                if let (Some(a), Some(dir)) = (&audit, &stations) {
                    print!("{}", render_audit(a, dir));
                }
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
            stations,
            double,
            slip_rate,
        }) => {
            let loaded = load(&session)?;
            let mut rec = Recorder::start(&loaded, &log, "simulate")
                .map_err(|e| Failure(2, e.to_string()))?;
            if rec.read_only() {
                println!("{} is closed; nothing to simulate", log.display());
                return Ok(0);
            }
            let room = (stations > 0).then(|| simulate::Room {
                boxes: stations,
                double,
                slip_per_mille: (slip_rate.clamp(0.0, 1.0) * 1000.0).round() as u64,
            });
            let summary = simulate::run_room(&mut rec, seed, Duration::from_millis(pace_ms), room)
                .map_err(|e| Failure(2, format!("simulation stopped: {e}")))?;
            if room.is_some() {
                println!(
                    "counting room: {} box(es), {} station log(s) in {}.stations; injected and caught: {} reading slip(s), {} caught by double entry, {} made alike by both tellers on one ballot (unseen); {} skipped ballot(s), {} caught; {} ballot(s) keyed twice, {} caught; {} hand count(s) written wrong, {} caught; {} hall count(s) of ballots collected written wrong, {} caught; {} of the box(es) recorded exactly as the paper",
                    summary.boxes,
                    summary.station_logs,
                    log.display(),
                    summary.slips,
                    summary.slips_caught,
                    summary.slips_coincident,
                    summary.missed,
                    summary.missed_caught,
                    summary.extra,
                    summary.extra_caught,
                    summary.hand_count_errors,
                    summary.hand_count_caught,
                    summary.hall_count_errors,
                    summary.hall_count_caught,
                    summary.boxes_exact
                );
            }
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
