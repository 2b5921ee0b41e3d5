//! Ballots from a keypad or scanner export, or ballot boxes from station logs (`votedesk import`).

use std::path::{Path, PathBuf};

use super::args::*;
use super::*;
use crate::recorder::{RecordError, Recorder};
use crate::{lang, limits};

pub fn run(args: ImportArgs) -> Result<u8, Failure> {
    let ImportArgs {
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
    } = args;
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
    import_file(&log, &item, &file, operator, allow_excess)
}

/// A keypad or scanner export into the open item: checked whole against the log as it
/// stands, then one batch.
fn import_file(
    log: &Path,
    item: &str,
    file: &Path,
    operator: Option<String>,
    allow_excess: bool,
) -> Result<u8, Failure> {
    let bytes = limits::read_capped(file, limits::IMPORT_BYTES)
        .map_err(|e| Failure(2, format!("cannot read {}: {e}", file.display())))?;
    // Check the whole file against the log's state before opening it for writing.
    let (_, state) = log_as_it_stands(log)?;
    let state = &state;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let batch = crate::import::parse(state, item, &name, &bytes).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        Failure(1, format!("nothing was recorded:\n{}", lines.join("\n")))
    })?;
    let excess = batch.excess(state, item);
    if let Some((returned, issued)) = excess
        && !allow_excess
    {
        return Err(excess_refused(batch.ballots, returned, issued));
    }
    let mut rec = Recorder::resume(None, log, &operator.unwrap_or_else(default_operator))
        .map_err(|e| Failure(2, e.to_string()))?;
    rec.record_batch(batch.actions).map_err(|e| match e {
        // The log's own words say whether it is recorded, not recorded, or unknown.
        RecordError::Log(e) => Failure(2, e.to_string()),
        other => Failure(2, format!("nothing was recorded: {other}")),
    })?;
    println!(
        "imported {} ballot(s) into {} from {} ({} row(s) without a vote were not recorded); {} records, head {}",
        batch.ballots,
        lang::quote(item),
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

/// The scrutineers' answers given on the command line of `import --station`.
pub(super) struct BoxArgs {
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
    use crate::station;
    let nothing = |m: String| Failure(1, format!("nothing was recorded:\n{m}"));
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let logs = station::collect(&paths).map_err(|ps| nothing(lines_of(&ps)))?;
    if logs.is_empty() {
        return Err(Failure(1, "no station log found in what was given".into()));
    }
    // Everything is checked against the log as it stands before it is opened for writing.
    let (report, state) = log_as_it_stands(log)?;
    let state = &state;
    let identity = report.identity.clone().unwrap_or_default();
    let target = station::Target {
        state,
        identity: &identity,
        opened_at: &report.opened_at,
    };
    let plans = station::plan(&target, logs).map_err(|ps| nothing(lines_of(&ps)))?;
    let answers = answers_from_args(&plans, answers_given)?;
    // Every box must be decidable before anything is written.
    let batches = match station::batches(&plans, &answers) {
        Ok(b) => plans.iter().zip(b).collect::<Vec<_>>(),
        Err(undecided) => return Err(nothing(undecided_words(&plans, undecided))),
    };
    if let Some((returned, issued)) = station::excess(state, &plans, &answers)
        && !allow_excess
    {
        return Err(nothing(format!(
            "with these boxes {returned} ballots would be returned for {issued} issued, which makes the whole vote void (Election Law art. 44). If the boxes really held that many, run again with --allow-excess"
        )));
    }
    record_boxes(log, operator, batches)?;
    Ok(0)
}

/// A file of ballots that would return more than were issued, refused without
/// `--allow-excess`.
fn excess_refused(ballots: usize, returned: u32, issued: u32) -> Failure {
    Failure(
        1,
        format!(
            "nothing was recorded: with these {ballots} ballots {returned} would be returned for {issued} issued, and more ballots returned than issued make the whole vote void (Election Law art. 44). If the paper box really held more ballots than were issued, run again with --allow-excess"
        ),
    )
}

/// Each problem on a line of its own.
fn lines_of(problems: &[impl std::fmt::Display]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What is still to decide, box by box, with each difference, and how to decide it.
fn undecided_words(plans: &[crate::station::BoxPlan], undecided: Vec<(usize, String)>) -> String {
    let mut open = Vec::new();
    for (k, m) in undecided {
        open.push(m);
        open.extend(
            crate::station::difference_lines(&plans[k], lang::Lang::En)
                .into_iter()
                .map(|l| format!("  {l}")),
        );
    }
    format!(
        "{}\nDecide each from the paper ballot and run again with --decide BOX,N,1|2|void,REASON (or --choose-entry BOX,1|2,REASON / --hand-count BOX,REASON / --single BOX,REASON); confirm every station log's head against its signed count sheet with --confirm-head BOX,TELLER,HEX,NAME",
        open.join("\n")
    )
}

/// Record each box's batch, saying what was recorded.
fn record_boxes(
    log: &Path,
    operator: &str,
    batches: Vec<(&crate::station::BoxPlan, Vec<crate::engine::Action>)>,
) -> Result<(), Failure> {
    let mut rec = Recorder::resume(None, log, operator).map_err(|e| Failure(2, e.to_string()))?;
    for (plan, actions) in batches {
        let n = actions.len() - 1;
        rec.record_batch(actions).map_err(|e| match e {
            RecordError::Log(e) => Failure(2, e.to_string()),
            other => Failure(2, format!("box {:?} was not recorded: {other}", plan.r#box)),
        })?;
        let how = match plan.comparison {
            crate::event::Comparison::Single => "single entry".to_string(),
            crate::event::Comparison::ByOrder if plan.differences.is_empty() => {
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
    Ok(())
}

/// `--decide BOX,N,1|2|void,REASON`: the reading decided for ballot N of the box, which must
/// be one of its differences.
fn decided_reading(
    plan: &crate::station::BoxPlan,
    f: &[String],
) -> Result<(u32, crate::event::Reading), Failure> {
    let n: u32 = f[1]
        .parse()
        .map_err(|_| Failure(2, format!("--decide: {:?} is not a ballot number", f[1])))?;
    let diff = plan.differences.iter().find_map(|x| match x {
        crate::station::Difference::Reading {
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
        "void" => crate::event::Reading {
            seat: first.seat,
            marks: crate::event::Marks::Void {
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
    Ok((n, decided))
}

/// The scrutineers' answers as given on the command line (`--decide`, `--choose-entry`,
/// `--hand-count`, `--single`, `--confirm-head`), box by box; a box or a ballot that is not
/// there is refused before anything is written.
fn answers_from_args(
    plans: &[crate::station::BoxPlan],
    answers_given: &BoxArgs,
) -> Result<Vec<crate::station::Answers>, Failure> {
    use crate::station::Answers;
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
        let (n, decided) = decided_reading(&plans[i], &f)?;
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
    Ok(answers)
}
