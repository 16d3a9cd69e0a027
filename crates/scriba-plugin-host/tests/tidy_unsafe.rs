//! Tidy check: only the plugin host and the plugin SDK contain `unsafe` code, and every
//! `unsafe` there is explained by a `// SAFETY:` comment (or, for an `unsafe fn`, a `# Safety`
//! doc section) directly above it or at the end of its line.

use std::path::{Path, PathBuf};

/// Where `unsafe` may appear.
const ALLOWED: &[&str] = &[
    "crates/scriba-plugin-host/src/",
    "crates/scriba-plugin-sdk/src/",
];

/// The ABI crate holds declarations only: `unsafe` may appear there solely in the function
/// pointer types of the ABI (`pub type … = unsafe extern "C" fn …`), which are not code.
const ABI_CRATE: &str = "crates/scriba-plugin-abi/src/";

fn is_fn_pointer_type(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("pub type ") && t.contains("= unsafe extern \"C\" fn")
}

/// The directories scanned for Rust files.
const ROOTS: &[&str] = &["crates", "plugins", "xtask", "tests", "examples"];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name();
        if name == "target" || name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line: string and char literals blanked, `//` comments removed.
fn code(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_str = false;
                    out.push('"');
                }
                _ => out.push(' '),
            }
        } else if c == '"' {
            in_str = true;
            out.push('"');
        } else if c == '/' && chars.peek() == Some(&'/') {
            break;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `code` contains the token `unsafe`.
fn has_unsafe(code: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    code.match_indices("unsafe").any(|(i, _)| {
        let before = code[..i].chars().next_back();
        let after = code[i + "unsafe".len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Whether the `unsafe` on line `i` is explained: a comment block with `SAFETY:` (or a doc
/// section `# Safety`) directly above the statement, which may begin a line or two earlier
/// when rustfmt broke it after `=` or `(`.
fn explained(lines: &[&str], i: usize) -> bool {
    if lines[i].contains("// SAFETY:") {
        return true;
    }
    let mut start = i;
    while start > 0 && {
        let prev = lines[start - 1].trim_end();
        prev.ends_with('=') || prev.ends_with('(')
    } {
        start -= 1;
    }
    for line in lines[..start].iter().rev() {
        let t = line.trim_start();
        if t.starts_with("//") || t.starts_with("#[") {
            if t.contains("SAFETY:") || t.contains("# Safety") {
                return true;
            }
        } else {
            return false;
        }
    }
    false
}

#[test]
fn unsafe_only_in_host_and_sdk_and_always_explained() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ROOTS {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    assert!(files.len() > 10, "the scan finds the workspace's files");
    let mut problems = Vec::new();
    let mut explained_count = 0;
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .expect("inside the workspace")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("readable");
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !has_unsafe(&code(line)) {
                continue;
            }
            if rel.starts_with(ABI_CRATE) && is_fn_pointer_type(line) {
                continue;
            }
            if !ALLOWED.iter().any(|a| rel.starts_with(a)) {
                problems.push(format!(
                    "{rel}:{}: `unsafe` outside the plugin host and SDK",
                    i + 1
                ));
            } else if explained(&lines, i) {
                explained_count += 1;
            } else {
                problems.push(format!(
                    "{rel}:{}: `unsafe` without a `// SAFETY:` comment directly above",
                    i + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(explained_count >= 10, "the host and the SDK were scanned");
}

#[test]
fn the_scanner_sees_what_it_must() {
    assert!(has_unsafe(&code("let x = unsafe { f() };")));
    assert!(has_unsafe(&code("#[unsafe(no_mangle)]")));
    assert!(!has_unsafe(&code("#![allow(unsafe_code)]")));
    assert!(!has_unsafe(&code("let c = \"plugin.unsafe-path\";")));
    assert!(!has_unsafe(&code("// unsafe in a comment")));
    let lines = ["    // SAFETY: fine", "    #[inline]", "    unsafe { f() }"];
    assert!(explained(&lines, 2));
    assert!(!explained(&["    let a = 1;", "    unsafe { f() }"], 1));
    let split = [
        "    // SAFETY: fine",
        "    let x =",
        "        unsafe { f() };",
    ];
    assert!(explained(&split, 2));
    assert!(is_fn_pointer_type("pub type F = unsafe extern \"C\" fn();"));
    assert!(!is_fn_pointer_type("pub fn f() { unsafe { g() } }"));
}
