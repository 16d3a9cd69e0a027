//! Tidy checks run by `cargo test`: the architecture's rules that no compiler enforces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::root;

/// Which internal crates each crate may depend on (docs/ARCHITECTURE.md, "Dependency direction").
fn allowed(package: &str) -> Option<&'static [&'static str]> {
    Some(match package {
        "scriba-core" | "scriba-plugin-abi" => &[],
        "scriba-read" | "scriba-timing" => &["scriba-core"],
        "scriba-pdf" | "scriba-epub" | "scriba-tei" | "scriba-subtitle" => &["scriba-core"],
        "scriba-plugin-host" | "scriba-plugin-sdk" => &["scriba-core", "scriba-plugin-abi"],
        "scriba" => &[
            "scriba-core",
            "scriba-read",
            "scriba-timing",
            "scriba-pdf",
            "scriba-epub",
            "scriba-tei",
            "scriba-subtitle",
            "scriba-plugin-host",
        ],
        "scriba-cli" => &["scriba"],
        _ => return None,
    })
}

fn manifests() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["crates", "plugins", "plugins/fixtures"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let m = e.path().join("Cargo.toml");
            if m.is_file() {
                out.push(m);
            }
        }
    }
    out.sort();
    out
}

fn internal_deps(manifest: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(manifest).expect("manifest readable");
    let value: toml::Table = text.parse().expect("manifest parses");
    let name = value["package"]["name"]
        .as_str()
        .expect("package name")
        .to_owned();
    let deps = value
        .get("dependencies")
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.keys()
                .filter(|k| k.starts_with("scriba"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    (name, deps)
}

#[test]
fn dependency_direction() {
    let mut violations = Vec::new();
    let mut seen = BTreeMap::new();
    for manifest in manifests() {
        let (name, deps) = internal_deps(&manifest);
        let is_plugin = manifest.starts_with(root().join("plugins"));
        let allowed: &[&str] = if is_plugin {
            &["scriba-plugin-sdk"]
        } else {
            match allowed(&name) {
                Some(a) => a,
                None => {
                    violations.push(format!(
                        "{name}: not in the dependency table of xtask/src/tidy.rs and docs/ARCHITECTURE.md"
                    ));
                    continue;
                }
            }
        };
        for d in &deps {
            if !allowed.contains(&d.as_str()) {
                violations.push(format!("{name} must not depend on {d}"));
            }
        }
        seen.insert(name, deps);
    }
    assert!(
        seen.contains_key("scriba-core"),
        "found the crates: {seen:?}"
    );
    assert!(
        violations.is_empty(),
        "dependency direction violated:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_library_opens_with_a_summary_line() {
    let mut missing = Vec::new();
    for manifest in manifests() {
        let lib = manifest.with_file_name("src/lib.rs");
        let main = manifest.with_file_name("src/main.rs");
        let file = if lib.is_file() { lib } else { main };
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if !text.trim_start().starts_with("//!") {
            missing.push(file.display().to_string());
        }
    }
    assert!(missing.is_empty(), "no `//!` summary first: {missing:?}");
}

// `unsafe` placement and `// SAFETY:` comments are checked by
// crates/scriba-plugin-host/tests/tidy_unsafe.rs.
