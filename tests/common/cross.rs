//! Building the program for another platform, for the smoke tests that run it under an
//! emulator (wine, qemu). Each says why it cannot, so the test can skip with a notice.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Whether `program arg` runs and succeeds (a tool is installed).
pub fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Build the release program for `target` into `target/<folder>` (a target folder of its
/// own: the test's own cargo holds the lock on `target/`), with `env` set; the folder
/// holding the program, or why it cannot be built here. Any other build failure fails.
pub fn build(target: &str, folder: &str, env: &[(&str, &str)]) -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target_dir = root.join("target").join(folder);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "--target", target, "--target-dir"])
        .arg(&target_dir)
        .envs(env.iter().copied())
        .output()
        .map_err(|e| format!("cargo: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("target may not be installed") || err.contains("can't find crate for `std`")
        {
            return Err(format!("the {target} Rust target is not installed"));
        }
        panic!("the {target} build failed:\n{err}");
    }
    Ok(target_dir.join(target).join("release"))
}
