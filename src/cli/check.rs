//! Validating a session file (`votedesk check`).

use super::args::*;
use super::*;
use crate::output;

pub fn run(args: CheckArgs) -> Result<u8, Failure> {
    let CheckArgs { session } = args;
    let loaded = load(&session)?;
    println!("{}: valid", session.display());
    print!("{}", output::session_summary(&loaded.session));
    Ok(0)
}
