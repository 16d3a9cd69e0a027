//! Builds plugin crates of this workspace with `cargo build -p …` and finds their libraries
//! (mdBook's `rust_program` approach: the tests load real, freshly built libraries).

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the helpers"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every plugin package the host tests use.
pub(crate) const PACKAGES: &[&str] = &[
    "scriba-plugin-template",
    "scriba-markdown",
    "scriba-fixture-abi-too-new",
    "scriba-fixture-missing-symbol",
    "scriba-fixture-panics-in-export",
    "scriba-fixture-bad-json",
    "scriba-fixture-unsafe-path",
];

/// The workspace root.
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds `packages` (with `--release` when `release`) and returns each package's dynamic
/// library, by package name.
pub(crate) fn build(packages: &[&str], release: bool) -> BTreeMap<String, PathBuf> {
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(workspace()).args([
        "build",
        "--quiet",
        "--message-format=json-render-diagnostics",
    ]);
    if release {
        cmd.arg("--release");
    }
    for p in packages {
        cmd.args(["-p", p]);
    }
    let output = cmd.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut libs = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-artifact" {
            continue;
        }
        let is_cdylib = msg["target"]["kind"]
            .as_array()
            .is_some_and(|k| k.iter().any(|k| k == "cdylib"));
        if !is_cdylib {
            continue;
        }
        let package = msg["package_id"].as_str().unwrap_or_default();
        let Some(name) = packages.iter().find(|p| {
            package.contains(&format!("/{p}#"))
                || package.contains(&format!("#{p}@"))
                || package.starts_with(&format!("{p} "))
        }) else {
            continue;
        };
        let file = msg["filenames"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f.as_str())
            .find(|f| f.ends_with(std::env::consts::DLL_SUFFIX))
            .expect("a cdylib file");
        libs.insert((*name).to_owned(), PathBuf::from(file));
    }
    for p in packages {
        assert!(
            libs.contains_key(*p),
            "cargo did not report the library of {p}"
        );
    }
    libs
}

/// Every plugin package, built once per test binary (debug profile).
pub(crate) fn libs() -> &'static BTreeMap<String, PathBuf> {
    static LIBS: OnceLock<BTreeMap<String, PathBuf>> = OnceLock::new();
    LIBS.get_or_init(|| build(PACKAGES, false))
}

/// A fresh directory holding a copy of the given packages' libraries (under their own names).
pub(crate) fn dir_with(packages: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for p in packages {
        let lib = &libs()[*p];
        std::fs::copy(lib, dir.path().join(lib.file_name().expect("file name"))).expect("copy");
    }
    dir
}

/// The platform's file name for a plugin library called `name` (`libscriba_x.so` …).
pub(crate) fn plugin_file_name(name: &str) -> String {
    format!(
        "{}{name}{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// A fresh directory holding the not-a-library fixture under a plugin file name.
pub(crate) fn dir_with_not_a_library() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir
        .path()
        .join(plugin_file_name("scriba_fixture_not_a_library"));
    std::fs::copy(
        workspace().join("plugins/fixtures/not-a-library.txt"),
        &target,
    )
    .expect("copy");
    (dir, target)
}
