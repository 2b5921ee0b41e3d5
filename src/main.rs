//! The `votedesk` binary: the command line lives in the library (`votedesk::cli`).

fn main() -> std::process::ExitCode {
    votedesk::cli::main()
}
