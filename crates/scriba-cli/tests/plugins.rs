//! Exporter plugins through the real `scriba` binary: discovery by `--plugin-dir`,
//! `SCRIBA_PLUGIN_PATH` and the user's plugin directory, `scriba formats`, `scriba plugins
//! check`, and each fixture plugin in a subprocess with its own diagnostic and exit status.
//! The process never crashes (it always exits with a code, never by a signal).

#[path = "../../scriba-plugin-host/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INPUT: &str = "Ein Gespräch über Pläne

Anna Weber: Guten Tag, <script>alert(1)</script> und willkommen.

Ben Roth: Danke für die Einladung.
";

/// A temp dir with `in.txt`.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("in.txt"), INPUT).expect("write input");
    dir
}

/// `scriba ARGS` in `dir`, with no plugins from the environment unless `env` adds them.
fn scriba(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let empty_data = dir.join("empty-data-home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scriba"));
    cmd.current_dir(dir).args(args);
    if args.first() == Some(&"export") {
        // The sample is too short to detect its language.
        cmd.args(["--language", "de"]);
    }
    cmd.env_remove("SCRIBA_PLUGIN_PATH")
        .env("XDG_DATA_HOME", &empty_data)
        .env("SOURCE_DATE_EPOCH", "0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("scriba runs");
    assert!(
        out.status.code().is_some(),
        "scriba {args:?} was killed by a signal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn lib(package: &str) -> String {
    support::libs()[package]
        .file_name()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

fn plugin_dir(work: &Path, name: &str, packages: &[&str]) -> PathBuf {
    let dir = work.join(name);
    std::fs::create_dir_all(&dir).expect("mkdir");
    for p in packages {
        std::fs::copy(&support::libs()[*p], dir.join(lib(p))).expect("copy");
    }
    dir
}

#[test]
fn plugin_dir_flag_loads_the_template_and_the_markdown_plugin() {
    let work = workdir();
    let dir = plugin_dir(
        work.path(),
        "plugins",
        &["scriba-markdown", "scriba-plugin-template"],
    );
    let d = dir.to_str().expect("utf-8 path");
    let out = scriba(
        work.path(),
        &[
            "export",
            "in.txt",
            "--to",
            "md,csv",
            "-o",
            "out",
            "--plugin-dir",
            d,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let md = std::fs::read_to_string(work.path().join("out/in.md")).expect("in.md");
    assert!(
        md.contains("Guten Tag, \\<script\\>alert(1)\\</script\\> und willkommen."),
        "{md}"
    );
    let csv = std::fs::read_to_string(work.path().join("out/in.csv")).expect("in.csv");
    assert!(csv.starts_with("speaker,start_ms,text\r\n"), "{csv}");

    let formats = scriba(work.path(), &["formats", "--plugin-dir", d], &[]);
    assert_eq!(formats.status.code(), Some(0));
    let table = String::from_utf8_lossy(&formats.stdout);
    for (id, file) in [
        ("md", lib("scriba-markdown")),
        ("csv", lib("scriba-plugin-template")),
    ] {
        let line = table
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("`scriba formats` lists {id}:\n{table}"));
        assert!(line.contains(&format!("{d}/{file}")), "{line}");
    }
}

#[test]
fn scriba_plugin_path_and_the_user_directory_are_searched() {
    let work = workdir();
    let a = plugin_dir(work.path(), "a", &["scriba-markdown"]);
    let out = scriba(
        work.path(),
        &["export", "in.txt", "--to", "md", "-o", "out"],
        &[("SCRIBA_PLUGIN_PATH", &a)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(work.path().join("out/in.md").is_file());

    let data = work.path().join("data");
    plugin_dir(&data, "scriba/plugins", &["scriba-plugin-template"]);
    let out = scriba(
        work.path(),
        &["export", "in.txt", "--to", "csv", "-o", "out2"],
        &[("XDG_DATA_HOME", &data)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(work.path().join("out2/in.csv").is_file());
}

#[test]
fn a_format_id_taken_by_an_earlier_plugin_is_skipped_with_a_warning() {
    let work = workdir();
    let first = plugin_dir(work.path(), "first", &["scriba-markdown"]);
    let second = plugin_dir(work.path(), "second", &["scriba-markdown"]);
    let out = scriba(
        work.path(),
        &[
            "formats",
            "--plugin-dir",
            first.to_str().expect("utf-8"),
            "--plugin-dir",
            second.to_str().expect("utf-8"),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.starts_with("warning: format `md` of the plugin `")
            && err.contains("is skipped: the plugin `"),
        "{err}"
    );
    assert!(
        err.contains(&first.join(lib("scriba-markdown")).display().to_string()),
        "{err}"
    );
}

/// A fixture that fails a load check: a warning at every command, the format is unknown,
/// and `scriba plugins check` explains it and exits with 1.
fn refused(package_or_file: &Path, format: &str, reason: &str) {
    let work = workdir();
    let dir = work.path().join("plugins");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join(package_or_file.file_name().expect("name"));
    std::fs::copy(package_or_file, &file).expect("copy");
    let d = dir.to_str().expect("utf-8");
    let warning = format!("warning: skipping plugin `{}`: {reason}\n", file.display());

    let out = scriba(
        work.path(),
        &[
            "export",
            "in.txt",
            "--to",
            format,
            "-o",
            "out",
            "--plugin-dir",
            d,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with(&warning), "{err}");
    assert!(
        err.contains(&format!("error: unknown format `{format}`")),
        "{err}"
    );

    let out = scriba(work.path(), &["plugins", "check", d], &[]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.starts_with(&format!("skipped  {}: {reason}\n", file.display())),
        "{report}"
    );
    assert!(
        report.ends_with("0 plugin(s) loaded, 1 skipped\n"),
        "{report}"
    );
}

#[test]
fn abi_too_new_is_refused() {
    refused(
        &support::libs()["scriba-fixture-abi-too-new"],
        "fixture-abi-too-new",
        "it was built for plugin ABI 1.999, newer than this scriba's ABI 1.0",
    );
}

#[test]
fn missing_symbol_is_refused() {
    refused(
        &support::libs()["scriba-fixture-missing-symbol"],
        "fixture-missing-symbol",
        "it does not export the entry symbol `scriba_plugin_entry_v1`",
    );
}

#[test]
fn not_a_library_is_refused() {
    let (_keep, file) = support::dir_with_not_a_library();
    let work = workdir();
    let dir = work.path().join("plugins");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let copy = dir.join(file.file_name().expect("name"));
    std::fs::copy(&file, &copy).expect("copy");
    let out = scriba(
        work.path(),
        &["plugins", "check", dir.to_str().expect("utf-8")],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.starts_with(&format!(
            "skipped  {}: not a loadable dynamic library (",
            copy.display()
        )),
        "{report}"
    );
    let out = scriba(
        work.path(),
        &["formats", "--plugin-dir", dir.to_str().expect("utf-8")],
        &[],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).starts_with(&format!(
        "warning: skipping plugin `{}`: not a loadable dynamic library (",
        copy.display()
    )));
}

/// A fixture that loads but fails at export: exit status 1 and the error naming the plugin.
fn export_fails(package: &str, format: &str, message: &str) -> tempfile::TempDir {
    let work = workdir();
    let dir = plugin_dir(work.path(), "plugins", &[package]);
    let d = dir.to_str().expect("utf-8");
    let out = scriba(
        work.path(),
        &[
            "export",
            "in.txt",
            "--to",
            format,
            "-o",
            "deep/er/out",
            "--plugin-dir",
            d,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let expected = format!(
        "in.txt ({format}): error: plugin `{package}` ({}) {message}",
        dir.join(lib(package)).display()
    );
    assert!(
        stderr(&out).starts_with(&expected),
        "{}\nexpected: {expected}",
        stderr(&out)
    );
    assert!(
        !work.path().join("deep/er/out").exists(),
        "nothing is written"
    );
    work
}

#[test]
fn panic_in_export_is_an_error() {
    export_fails(
        "scriba-fixture-panics-in-export",
        "fixture-panics",
        "panicked: fixture exporter panics on purpose (",
    );
}

#[test]
fn bad_json_is_an_error() {
    export_fails(
        "scriba-fixture-bad-json",
        "fixture-bad-json",
        "returned a response that is not valid JSON of the plugin protocol: ",
    );
}

#[test]
fn unsafe_path_is_an_error_and_nothing_escapes() {
    let work = export_fails(
        "scriba-fixture-unsafe-path",
        "fixture-unsafe-path",
        "returned the artifact path `../../etc/passwd`, which is not a relative path inside the output directory",
    );
    assert!(!work.path().join("deep/etc/passwd").exists());
}
