//! `cargo xtask conformance`: real outputs of real transcripts through the real validators.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run_cmd};

/// The fixed timestamp every conformance export uses (2025-01-31T00:00:00Z).
const EPOCH: &str = "1738281600";

/// The CJK font the PDFs of Chinese transcripts fall back to (Debian `fonts-wqy-microhei`,
/// which `.ci/run` installs).
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// `../shared` beside the workspace, or a loud error.
pub(crate) fn shared_dir() -> Result<PathBuf, String> {
    let shared = root().join("../shared");
    if shared.join("conformance/check").is_file() {
        Ok(shared)
    } else {
        Err(format!(
            "`{}` is missing: the conformance suite needs the shared corpus, seed and validators \
             beside the project (this suite never skips)",
            shared.display()
        ))
    }
}

/// Every transcript the suite exports: the seed, the shared corpus (transcripts and
/// subtitles) and the examples.
fn inputs(shared: &Path) -> Result<Vec<PathBuf>, String> {
    let mut inputs = vec![shared.join("seed/000_5e7103ed1d3ef773.txt")];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/transcripts"))
        .map_err(|e| format!("cannot list the corpus: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    corpus.sort();
    inputs.extend(corpus);
    // Subtitles are inputs too: their cues become a timed transcript.
    let mut subtitles: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/subtitles"))
        .map_err(|e| format!("cannot list the subtitle corpus: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "srt" || x == "vtt"))
        .collect();
    subtitles.sort();
    inputs.extend(subtitles);
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .map_err(|e| format!("cannot list examples/: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.path().join("transcript.txt"))
        .filter(|p| p.is_file())
        .collect();
    examples.sort();
    if examples.is_empty() {
        return Err("examples/ has no */transcript.txt".to_owned());
    }
    inputs.extend(examples);
    Ok(inputs)
}

/// The environment under which the validators' JVMs (jing, epubcheck) run without their
/// shared-memory performance file.
///
/// Every JVM writes `/tmp/hsperfdata_<user>/<pid>`. Where another PID namespace shares
/// `/tmp` (a CI sandbox), two JVMs can have the same pid; the second then prints "Cannot use
/// file /tmp/hsperfdata_root/<pid> because it is locked by another process" on stderr, and
/// the harness counts every line jing prints as a validation error: CI failed that way on a
/// valid TEI file. `-XX:-UsePerfData` turns the file off; validation is unchanged. The JVM
/// cannot take the flag from the environment without printing a notice of its own
/// (`JAVA_TOOL_OPTIONS`), so a two-line `java` script in `dir` adds it: first on `PATH`
/// (epubcheck runs `java -jar`) and as `JAVA_CMD` (Debian's `jing` wrapper honours it).
/// Without a `java` on `PATH` there is nothing to wrap and the harness reports it missing.
fn quiet_jvm(dir: &Path) -> Result<Vec<(&'static str, OsString)>, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let Some(java) = std::env::split_paths(&path)
        .map(|d| d.join("java"))
        .find(|j| j.is_file())
    else {
        return Ok(Vec::new());
    };
    let shim = write_jvm_shim(dir, &java)?;
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(std::env::split_paths(&path));
    let path =
        std::env::join_paths(dirs).map_err(|e| format!("PATH with {}: {e}", dir.display()))?;
    Ok(vec![("PATH", path), ("JAVA_CMD", shim.into_os_string())])
}

/// Writes `dir/java`, a script that runs `java` with `-XX:-UsePerfData` before its arguments.
fn write_jvm_shim(dir: &Path, java: &Path) -> Result<PathBuf, String> {
    use std::os::unix::fs::PermissionsExt;
    let quoted = java.to_string_lossy().replace('\'', "'\\''");
    let shim = dir.join("java");
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    std::fs::write(
        &shim,
        format!("#!/bin/sh\nexec '{quoted}' -XX:-UsePerfData \"$@\"\n"),
    )
    .and_then(|()| std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755)))
    .map_err(|e| format!("cannot write {}: {e}", shim.display()))?;
    Ok(shim)
}

fn check(
    shared: &Path,
    jvm: &[(&str, OsString)],
    args: &[&str],
    paths: &[PathBuf],
) -> Result<(), String> {
    let mut cmd = Command::new("python3");
    cmd.arg(shared.join("conformance/check"))
        .envs(jvm.iter().map(|(k, v)| (k, v)))
        .args(args)
        .args(paths);
    run_cmd(&mut cmd)
}

/// Runs the suite; `--no-install` skips the validators' install step.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let shared = shared_dir()?;
    if !Path::new(CJK_FONT).is_file() {
        return Err(format!(
            "the CJK font {CJK_FONT} is missing: `apt-get install fonts-wqy-microhei` (.ci/run does)"
        ));
    }
    if !args.iter().any(|a| a == "--no-install") {
        run_cmd(Command::new("bash").arg(shared.join("conformance/install.sh")))?;
    }
    run_cmd(cargo().args(["build", "-p", "scriba-cli"]))?;
    let scriba = root().join("target/debug/scriba");
    let out = root().join("target/conformance");
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let jvm = quiet_jvm(&out.join("jvm"))?;
    let mut failures = Vec::new();

    // 1. Every input to every built-in format.
    let inputs = inputs(&shared)?;
    let mut dirs = Vec::new();
    for input in &inputs {
        let name = input_name(input);
        let dir = out.join("all").join(&name);
        let r = run_cmd(
            Command::new(&scriba)
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .args(["export", "--quiet", "--font", CJK_FONT, "-o"])
                .arg(&dir)
                .arg(input),
        );
        if let Err(e) = r {
            failures.push(e);
        }
        dirs.push(dir);
    }
    // The harness's WebVTT helper prints its JSON report to a pipe and exits at once, which
    // cuts reports over 64 KiB (long transcripts): every other file goes through `check`, and
    // WebVTT files through the same helper and the same webvtt-parser with its report written
    // to a file, judged by the helper's exit code.
    let all = files_with(&out.join("all"), "");
    // JSON and plain text have no validator in the harness (JSON round trips are tested by
    // scriba-read's conformance tests).
    let checkable = ["epub", "pdf", "xml", "ttml", "srt", "vtt", "ass", "sbv"];
    let (vtts, others): (Vec<PathBuf>, Vec<PathBuf>) = all
        .into_iter()
        .filter(|p| {
            p.extension()
                .is_some_and(|e| checkable.iter().any(|c| e == *c))
        })
        .partition(|p| p.extension().is_some_and(|e| e == "vtt"));
    if let Err(e) = check(&shared, &jvm, &["-q"], &others) {
        failures.push(e);
    }
    for vtt in &vtts {
        if let Err(e) = check_vtt_unpiped(&shared, vtt) {
            failures.push(e);
        }
    }

    // 2. TEI in the ISO 24624 (ISO/TEI spoken) profile, against that profile's schema too.
    // The default (full) TEI departs from that profile on purpose (docs/tei.md).
    let iso = out.join("iso");
    for input in &inputs {
        let r = run_cmd(
            Command::new(&scriba)
                .env("SOURCE_DATE_EPOCH", EPOCH)
                .args([
                    "export",
                    "--quiet",
                    "--to",
                    "tei",
                    "--set",
                    "tei.profile=iso-spoken",
                    "-o",
                ])
                .arg(iso.join(input_name(input)))
                .arg(input),
        );
        if let Err(e) = r {
            failures.push(e);
        }
    }
    if let Err(e) = check(
        &shared,
        &jvm,
        &["-q", "--tei-profile", "iso-spoken"],
        &[iso],
    ) {
        failures.push(e);
    }

    // 3. PDF text extraction against the reading text (`--expect-text`, 0.995), EPUB
    // accessibility (Ace) and the subtitle fidelity checks run in the per-crate conformance
    // tests (step 6), which know each format's expected text.

    // 4. The seed's subtitles under the Netflix German style guide, strictly.
    let nf = out.join("netflix-de");
    let r = run_cmd(
        Command::new(&scriba)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .args([
                "export",
                "--quiet",
                "--to",
                "srt,vtt",
                "--preset",
                "netflix-de",
                "-o",
            ])
            .arg(&nf)
            .arg(&inputs[0]),
    )
    .and_then(|()| {
        check(
            &shared,
            &jvm,
            &["--subtitle-style", "netflix-de", "--strict-style"],
            std::slice::from_ref(&nf),
        )
    });
    if let Err(e) = r {
        failures.push(e);
    }

    // 5. Determinism: the seed exported twice gives identical bytes.
    let again = out.join("again");
    let r = run_cmd(
        Command::new(&scriba)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .args(["export", "--quiet", "--font", CJK_FONT, "-o"])
            .arg(&again)
            .arg(&inputs[0]),
    );
    match r {
        Ok(()) => {
            for a in files_with(&again, "") {
                let b = dirs[0].join(a.file_name().unwrap_or_default());
                if std::fs::read(&a).ok() != std::fs::read(&b).ok() {
                    failures.push(format!(
                        "not reproducible: {} differs from {}",
                        a.display(),
                        b.display()
                    ));
                }
            }
        }
        Err(e) => failures.push(e),
    }

    // 6. The corpus-dependent tests of every crate.
    let mut tests = cargo();
    tests.envs(jvm.iter().map(|(k, v)| (k, v))).args([
        "test",
        "--workspace",
        "--features",
        "conformance",
    ]);
    if let Err(e) = run_cmd(&mut tests) {
        failures.push(e);
    }

    if failures.is_empty() {
        eprintln!(
            "xtask: conformance: all checks passed ({} inputs)",
            inputs.len()
        );
        Ok(())
    } else {
        for f in &failures {
            eprintln!("xtask: FAILED: {f}");
        }
        Err(format!("conformance: {} check(s) failed", failures.len()))
    }
}

/// A directory name for an input: its file name, or its folder for `examples/*/transcript.txt`.
fn input_name(input: &Path) -> String {
    let file = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file == "transcript.txt" {
        input
            .parent()
            .and_then(Path::file_name)
            .map_or(file, |n| n.to_string_lossy().into_owned())
    } else {
        file
    }
}

/// Runs the harness's `lib/vtt_check.js` (W3C webvtt-parser) with its report in a file.
fn check_vtt_unpiped(shared: &Path, vtt: &Path) -> Result<(), String> {
    let report = vtt.with_extension("vtt-report.json");
    let file = std::fs::File::create(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let tools = std::env::var("SCRIBA_CONFORMANCE_TOOLS").map_or_else(
        |_| {
            let home = std::env::var("HOME").unwrap_or_else(|_| "/root".to_owned());
            PathBuf::from(home).join(".cache/scriba-conformance")
        },
        PathBuf::from,
    );
    let status = Command::new("node")
        .arg(shared.join("conformance/lib/vtt_check.js"))
        .arg(vtt)
        .env("NODE_PATH", tools.join("node/node_modules"))
        .stdout(file)
        .status()
        .map_err(|e| format!("cannot run node for {}: {e}", vtt.display()))?;
    let text = std::fs::read_to_string(&report).unwrap_or_default();
    let _ = std::fs::remove_file(&report);
    if status.success() && text.contains("\"ok\":true") {
        eprintln!("PASS {} webvtt-parser(w3c, report via file)", vtt.display());
        Ok(())
    } else {
        let errors = text
            .find("\"errors\":")
            .map(|i| text[i..].chars().take(600).collect::<String>())
            .unwrap_or(text);
        eprintln!("FAIL {} webvtt-parser(w3c): {errors}", vtt.display());
        Err(format!("{}: WebVTT errors", vtt.display()))
    }
}

/// Files below `dir` whose names end with `suffix`, sorted.
fn files_with(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(suffix) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, not two: a test that forks while another writes its shim hands the child
    /// the open file, and exec'ing the shim then fails with "Text file busy" (ETXTBSY).
    #[test]
    fn the_jvm_shim_passes_the_flag_before_the_arguments_and_quotes_the_path() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let shim = write_jvm_shim(dir.path(), Path::new("/bin/echo")).expect("the shim");
        let out = Command::new(&shim)
            .args(["-jar", "it's here.jar"])
            .output()
            .expect("the shim runs");
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "-XX:-UsePerfData -jar it's here.jar\n"
        );

        let odd = dir.path().join("it's java");
        std::fs::create_dir_all(&odd).expect("a directory");
        std::os::unix::fs::symlink("/bin/echo", odd.join("echo")).expect("a link");
        let shim = write_jvm_shim(&odd, &odd.join("echo")).expect("the shim");
        let out = Command::new(&shim)
            .arg("x")
            .output()
            .expect("the shim runs");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "-XX:-UsePerfData x\n");
    }
}
