//! The command line: its subcommands and their arguments (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The whole command line.
#[derive(Parser)]
#[command(
    name = "votedesk",
    version,
    about = "Runs the votes of a people's congress session and keeps a hash-chained audit log"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Language of the demo console (plain `votedesk`).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Who is at the demo console (default: the login name).
    #[arg(long)]
    pub operator: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Md,
    /// One self-contained page that prints on A4 (open it in a browser and print).
    Html,
    Csv,
    Json,
}

#[derive(Subcommand)]
pub enum Command {
    /// The operator console; resumes the session if its log exists.
    Run(RunArgs),
    /// Read-only big-screen view that follows the log as it grows. The hall sees only
    /// declared results.
    Projector(ProjectorArgs),
    /// Audit a log: exit 0 verified, 1 not verified, 2 could not run.
    Verify(VerifyArgs),
    /// The results as recomputed from the log.
    Tally(TallyArgs),
    /// The result sheet for printing, signing and archiving.
    Report(ReportArgs),
    /// Record a batch of ballots for the open item from a keypad or scanner export
    /// (`--item ID FILE.csv`), or the ballot boxes keyed at counting stations
    /// (`--station FILE|DIR …`; two entries of a box are compared ballot by ballot).
    Import(ImportArgs),
    /// Seal the open round's ballot boxes before any is opened: their labels and the
    /// ballots collected in the hall (收回). Boxes are imported only under these labels, and
    /// the round closes only when they add up or the difference is decided.
    Seal(SealArgs),
    /// A counting station: key one ballot box's ballots into a station log, from a copy
    /// of the session log (no network needed). Import it at the console with `i`.
    Station(StationArgs),
    /// Validate a session file without running it.
    Check(CheckArgs),
    /// Rehearsal: a whole session with synthetic ballots, through the console's code path.
    Simulate(SimulateArgs),
}

/// The arguments of `votedesk run`.
#[derive(Args)]
pub struct RunArgs {
    pub session: PathBuf,
    /// The log file (default: logs/<session id>.log next to the session file's folder).
    #[arg(long)]
    pub log: Option<PathBuf>,
    /// Who is at the console (default: the login name).
    #[arg(long)]
    pub operator: Option<String>,
    /// A second copy of the log on another disk or the standby PC, written and synced with
    /// it before anything is acknowledged (created from the log if it does not exist).
    #[arg(long, value_name = "PATH")]
    pub mirror: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// The arguments of `votedesk projector`.
#[derive(Args)]
pub struct ProjectorArgs {
    pub log: PathBuf,
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// The presidium's screen: live counts and undeclared results, marked 待宣布.
    #[arg(long)]
    pub presidium: bool,
}

/// The arguments of `votedesk verify`.
#[derive(Args)]
pub struct VerifyArgs {
    pub log: PathBuf,
    /// The session file the log must bind.
    #[arg(long)]
    pub session: Option<PathBuf>,
    /// The head hash from the signed result sheet.
    #[arg(long)]
    pub expect_head: Option<String>,
    /// The record count from the signed result sheet.
    #[arg(long)]
    pub expect_count: Option<u64>,
    /// Another copy of the log (its mirror): say whether the two are the same log, one the
    /// beginning of the other, or where they diverge.
    #[arg(long, value_name = "OTHER")]
    pub mirror: Option<PathBuf>,
    /// An anchor read out during the session, `N:HEX`: record N has hash HEX
    /// (repeatable; a declaration's anchor is its own record).
    #[arg(long = "anchor", value_name = "N:HEX", value_parser = parse_anchor)]
    pub anchors: Vec<(u64, String)>,
    /// Also verify every station log in this folder and check that each imported box
    /// equals its station logs exactly.
    #[arg(long, value_name = "DIR")]
    pub stations: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `votedesk tally`.
#[derive(Args)]
pub struct TallyArgs {
    pub log: PathBuf,
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `votedesk report`.
#[derive(Args)]
pub struct ReportArgs {
    pub log: PathBuf,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// The arguments of `votedesk import`.
#[derive(Args)]
pub struct ImportArgs {
    pub log: PathBuf,
    #[arg(long, required_unless_present = "station")]
    pub item: Option<String>,
    #[arg(required_unless_present = "station", conflicts_with = "station")]
    pub file: Option<PathBuf>,
    /// Station logs, or folders holding them (all boxes of the open round).
    #[arg(long, num_args = 1.., value_name = "FILE|DIR")]
    pub station: Vec<PathBuf>,
    /// A scrutineers' decision on a ballot read differently by two tellers:
    /// `BOX,N,1|2|void,REASON` (the first or second teller's reading, or void).
    #[arg(long = "decide", value_name = "BOX,N,1|2|void,REASON")]
    pub decide: Vec<String>,
    /// Which entry of a box compared as totals is right, after recounting the paper:
    /// `BOX,1|2,REASON`.
    #[arg(long = "choose-entry", value_name = "BOX,1|2,REASON")]
    pub choose_entry: Vec<String>,
    /// Why a box's keyed count stands although it differs from its hand count:
    /// `BOX,REASON`.
    #[arg(long = "hand-count", value_name = "BOX,REASON")]
    pub hand_count: Vec<String>,
    /// Why a box entered only once is recorded without a second entry: `BOX,REASON`.
    #[arg(long = "single", value_name = "BOX,REASON")]
    pub single: Vec<String>,
    /// A station log's head as its box's signed count sheet shows it (at least the
    /// first 8 hex digits), and the scrutineer who read it: `BOX,TELLER,HEX,NAME`.
    /// Every entry of every box needs one.
    #[arg(long = "confirm-head", value_name = "BOX,TELLER,HEX,NAME")]
    pub confirm_head: Vec<String>,
    #[arg(long)]
    pub operator: Option<String>,
    /// Record the ballots even if more would then be returned than were issued (which
    /// makes the whole vote void): only when the paper box really held that many.
    #[arg(long)]
    pub allow_excess: bool,
}

/// The arguments of `votedesk seal`.
#[derive(Args)]
pub struct SealArgs {
    pub log: PathBuf,
    /// The item (its open round) or a round id such as `projects#2`.
    #[arg(long)]
    pub item: String,
    /// The boxes' labels, separated by commas: `1,2,3`.
    #[arg(long, value_delimiter = ',', required = true)]
    pub boxes: Vec<String>,
    /// Ballots collected in the hall, counted before the boxes are opened.
    #[arg(long)]
    pub collected: u32,
    #[arg(long)]
    pub operator: Option<String>,
}

/// The arguments of `votedesk station`.
#[derive(Args)]
pub struct StationArgs {
    /// A copy of the session log (read only).
    pub log: PathBuf,
    /// The item (its latest opened round) or a round id such as `projects#2`.
    #[arg(long)]
    pub item: String,
    /// The ballot box's label.
    #[arg(long = "box")]
    pub r#box: String,
    /// The teller keying this box.
    #[arg(long)]
    pub teller: String,
    /// Ballots counted by hand when the box was opened (票箱清点).
    #[arg(long)]
    pub hand_count: u32,
    /// The station log to write (continued if it exists).
    #[arg(long)]
    pub out: PathBuf,
    /// The stack's order was lost: compare this entry as totals, not ballot by ballot.
    #[arg(long)]
    pub order_lost: bool,
    /// A second copy of the log on another disk or the standby PC, written and synced with
    /// it before anything is acknowledged (created from the log if it does not exist).
    #[arg(long, value_name = "PATH")]
    pub mirror: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

/// The arguments of `votedesk check`.
#[derive(Args)]
pub struct CheckArgs {
    pub session: PathBuf,
}

/// The arguments of `votedesk simulate`.
#[derive(Args)]
pub struct SimulateArgs {
    pub session: PathBuf,
    #[arg(long)]
    pub log: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Milliseconds between ballots, for projector rehearsals.
    #[arg(long, default_value_t = 0)]
    pub pace_ms: u64,
    /// Rehearse the counting room: split each secret item's ballots over this many
    /// boxes, each keyed at a station (station logs go next to the log).
    #[arg(long, default_value_t = 0)]
    pub stations: u32,
    /// With --stations: every box keyed twice, by two tellers (double entry).
    #[arg(long)]
    pub double: bool,
    /// With --stations: chance (0–1) that a teller misreads one ballot's mark.
    #[arg(long, default_value_t = 0.0)]
    pub slip_rate: f64,
    /// A second copy of the log on another disk or the standby PC, written and synced with
    /// it before anything is acknowledged (created from the log if it does not exist).
    #[arg(long, value_name = "PATH")]
    pub mirror: Option<PathBuf>,
}

/// `N:HEX` as printed at a declaration: a record number from 1 and 64 hex digits.
pub fn parse_anchor(s: &str) -> Result<(u64, String), String> {
    let (n, h) = s
        .split_once(':')
        .ok_or_else(|| "write the anchor as N:HEX, e.g. 353:0fe2…".to_string())?;
    let n: u64 = n
        .trim()
        .parse()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{} is not a record number (1, 2, …)", crate::lang::quote(n)))?;
    let h = h.trim();
    if h.len() != 64 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("{} is not 64 hex digits", crate::lang::quote(h)));
    }
    Ok((n, h.to_ascii_lowercase()))
}
