//! The seed exported by the real `scriba` binary with the template and the Markdown plugin,
//! loaded once through `--plugin-dir` and once through `SCRIBA_PLUGIN_PATH`; the outputs are
//! identical both ways and carry the seed's text.
//!
//! Needs `../shared` (run with `--features conformance`); fails loudly when it is missing.

#![cfg(feature = "conformance")]

#[path = "../../scriba-plugin-host/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;

fn seed() -> std::path::PathBuf {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        shared.is_dir(),
        "the conformance tests need ../shared beside the repository, at {}",
        shared.display()
    );
    shared.join("seed/000_5e7103ed1d3ef773.txt")
}

#[test]
fn seed_through_plugin_dir_and_scriba_plugin_path() {
    let work = tempfile::tempdir().expect("temp dir");
    let plugins = work.path().join("plugins");
    std::fs::create_dir_all(&plugins).expect("mkdir");
    for p in ["scriba-markdown", "scriba-plugin-template"] {
        let lib = &support::libs()[p];
        std::fs::copy(lib, plugins.join(lib.file_name().expect("name"))).expect("copy");
    }
    let seed = seed();
    let run = |out: &str, via_env: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_scriba"));
        cmd.current_dir(work.path())
            .arg("export")
            .arg(&seed)
            .args(["--to", "md,csv", "-o", out])
            .env_remove("SCRIBA_PLUGIN_PATH")
            .env("XDG_DATA_HOME", work.path().join("no-data"))
            .env("SOURCE_DATE_EPOCH", "0");
        if via_env {
            cmd.env("SCRIBA_PLUGIN_PATH", &plugins);
        } else {
            cmd.arg("--plugin-dir").arg(&plugins);
        }
        let output = cmd.output().expect("scriba runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stem = seed
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let read = |ext: &str| {
            std::fs::read_to_string(work.path().join(out).join(format!("{stem}.{ext}")))
                .unwrap_or_else(|e| panic!("{out}/{stem}.{ext}: {e}"))
        };
        (read("md"), read("csv"))
    };
    let (md, csv) = run("by-flag", false);
    assert_eq!(run("by-env", true), (md.clone(), csv.clone()));
    assert!(
        md.starts_with("---\ntitle: \"Varoufakis über Chinas KI DeepSeek"),
        "{md}"
    );
    assert!(
        md.contains("**Yanis Varoufakis:** Hallo, ich bin Yanis Varoufakis"),
        "{md}"
    );
    assert!(md.contains("- **IBAN:** DE89430609678224073600"), "{md}");
    assert!(
        csv.contains("\r\nYanis Varoufakis,,\"Hallo, ich bin Yanis Varoufakis"),
        "{csv}"
    );
}
