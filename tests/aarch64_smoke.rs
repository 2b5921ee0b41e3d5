//! The aarch64 Linux build (UOS and Kylin on ARM) under qemu user emulation, against the
//! x86_64 build: the same counts for the same rehearsal, each verifying the other's log, and
//! byte-identical audits, tallies and sheets of one log.
//!
//! Needs the `aarch64-unknown-linux-gnu` Rust target, Debian's gcc-aarch64-linux-gnu (the
//! linker, and the ARM C library under /usr/aarch64-linux-gnu) and qemu-user; `.ci/run`
//! installs the last two. Where any is missing the test says so and passes without running.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

const TARGET: &str = "aarch64-unknown-linux-gnu";

fn arm_build() -> Result<PathBuf, String> {
    if !common::cross::runs("qemu-aarch64", "--version") {
        return Err("qemu-user (qemu-aarch64) is not installed".into());
    }
    if !common::cross::runs("aarch64-linux-gnu-gcc", "--version") {
        return Err("the aarch64 linker (gcc-aarch64-linux-gnu) is not installed".into());
    }
    let bin = common::cross::build(
        TARGET,
        "aarch64-smoke",
        &[(
            "CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER",
            "aarch64-linux-gnu-gcc",
        )],
    )?;
    Ok(bin.join("votedesk"))
}

#[test]
fn the_aarch64_build_under_qemu_agrees_with_the_x86_64_build() {
    let exe = match arm_build() {
        Ok(x) => x,
        Err(why) => {
            eprintln!("NOTICE: aarch64 smoke test skipped: {why}");
            return;
        }
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    for f in std::fs::read_dir(common::repo("sessions")).expect("sessions") {
        let f = f.expect("entry").path();
        std::fs::copy(&f, dir.join(f.file_name().expect("name"))).expect("copy");
    }
    let arm = |args: &[&str]| -> Output {
        Command::new("qemu-aarch64")
            .args(["-L", "/usr/aarch64-linux-gnu"])
            .arg(&exe)
            .args(args)
            .current_dir(dir)
            .output()
            .expect("qemu runs")
    };
    let x86 = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_votedesk"))
            .args(args)
            .current_dir(dir)
            .output()
            .expect("votedesk runs")
    };
    let ok = |o: &Output, what: &str| {
        assert!(
            o.status.success(),
            "{what}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let counts = |o: &Output| {
        let mut v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("tally json");
        if let Some(m) = v.as_object_mut() {
            m.remove("head");
        }
        v
    };
    for s in [
        "hanggin-2024.ron",
        "hanggin-2025-rating.ron",
        "hanggin-standing-review.ron",
        "national-3000.ron",
    ] {
        let (a, x) = (format!("{s}-arm.log"), format!("{s}-x86.log"));
        ok(
            &arm(&["simulate", s, "--log", &a, "--seed", "4"]),
            "arm simulate",
        );
        ok(
            &x86(&["simulate", s, "--log", &x, "--seed", "4"]),
            "x86 simulate",
        );
        assert_eq!(
            counts(&arm(&["tally", "--json", &a])),
            counts(&x86(&["tally", "--json", &x])),
            "{s}"
        );
        ok(&x86(&["verify", &a]), "an ARM log verifies on x86_64");
        ok(&arm(&["verify", &x]), "an x86_64 log verifies on ARM");
        for args in [
            vec!["verify", "--json", a.as_str()],
            vec!["report", a.as_str(), "--format", "md"],
            vec!["report", a.as_str(), "--format", "csv"],
        ] {
            let (p, q) = (arm(&args), x86(&args));
            assert_eq!(p.status.code(), q.status.code(), "{args:?}");
            assert!(p.stdout == q.stdout, "{args:?}: output differs");
        }
    }
}
