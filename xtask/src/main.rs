//! Project automation for scriba: `cargo xtask <task>`.
#![allow(
    clippy::disallowed_methods,
    reason = "xtask is automation: it reads the environment"
)]
//!
//! - `conformance`: exports the seed, every shared corpus transcript and the examples to every
//!   format and runs the real validators of `../shared/conformance` on them, plus the
//!   corpus-dependent tests (`--features conformance`). Fails loudly when `../shared` is missing.
//! - `bench`: runs the criterion benchmarks and the whole-process comparison with the peers;
//!   `bench --side-by-side [ROUNDS]` only times scriba and typst on the same texts, interleaved.
//! - `codegen`: regenerates generated docs (`docs/cli.md`, the JSON Schema).
//!
//! Tidy checks (dependency direction, summary lines) are `#[test]`s in `src/tidy.rs`,
//! so `cargo test` runs them.

mod conformance;
mod side_by_side;
#[cfg(test)]
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("conformance") => conformance::run(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("codegen") => codegen(),
        _ => {
            eprintln!(
                "usage: cargo xtask <conformance [--no-install] | bench [--peers | --side-by-side [ROUNDS]] | codegen>"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Runs a command, failing with its name when it cannot start or exits non-zero.
pub(crate) fn run_cmd(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: running {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    c.current_dir(root());
    c
}

fn bench(args: &[String]) -> Result<(), String> {
    if let Some(i) = args.iter().position(|a| a == "--side-by-side") {
        let rounds = match args.get(i + 1) {
            Some(n) => n
                .parse()
                .map_err(|_| format!("--side-by-side takes a number of rounds, not `{n}`"))?,
            None => 30,
        };
        return side_by_side::run(rounds);
    }
    run_cmd(cargo().args(["bench", "--workspace", "--benches"]))?;
    if args.iter().any(|a| a == "--peers") {
        let shared = conformance::shared_dir()?;
        let seed = shared.join("seed/000_5e7103ed1d3ef773.txt");
        run_cmd(
            Command::new("bash")
                .arg(shared.join("peers/bench.sh"))
                .arg(seed),
        )?;
    }
    Ok(())
}

fn codegen() -> Result<(), String> {
    run_cmd(cargo().env("SCRIBA_UPDATE_DOCS", "1").args([
        "test",
        "-p",
        "scriba-cli",
        "--test",
        "docs",
    ]))
}
