//! The C plugin of `docs/plugins.md`, compiled with the system C compiler against
//! `docs/scriba_plugin.h`, loads and exports: the header and the guide describe a working ABI.
//!
//! Linux only: there `cc` is always present, since rustc links through it.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use scriba_core::{ExportContext, ExporterOrigin, Transcript};

/// The C example of the guide: the code block that starts with `#include <stdlib.h>`.
fn c_example() -> String {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/plugins.md"),
    )
    .expect("docs/plugins.md");
    let start = guide
        .find("```c\n#include <stdlib.h>")
        .expect("the guide has the C example");
    let code = &guide[start + "```c\n".len()..];
    code[..code.find("```").expect("the block closes")].to_owned()
}

#[test]
fn the_c_example_of_the_guide_is_a_working_plugin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("hello.c");
    std::fs::write(&source, c_example()).expect("write");
    let library = dir.path().join("libscriba_hello.so");
    let include = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let output = Command::new("cc")
        .args(["-std=c99", "-Wall", "-Werror", "-shared", "-fPIC", "-I"])
        .arg(&include)
        .arg("-o")
        .arg(&library)
        .arg(&source)
        .output()
        .expect("the C compiler `cc` runs (rustc needs it to link on Linux)");
    assert!(
        output.status.success(),
        "cc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (plugins, diagnostics) = scriba_plugin_host::discover(&[dir.path().to_path_buf()]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let [plugin] = plugins.as_slice() else {
        panic!("one plugin")
    };
    assert_eq!(plugin.name(), "scriba-hello");
    let exporters = plugin.exporters();
    let info = exporters[0].info();
    assert_eq!(info.id, "hello");
    assert_eq!(
        info.origin,
        ExporterOrigin::Plugin {
            path: library.display().to_string()
        }
    );
    let out = exporters[0]
        .export(&Transcript::default(), &ExportContext::new("x"))
        .expect("export");
    assert_eq!(out.output[0].path, "out.txt");
    assert_eq!(out.output[0].bytes, b"hello\n");
}
