//! Files the CLI reads for exporters (`--font`, `--cover`) reach them, as shared bytes in the
//! export context rather than as JSON options.

use std::path::Path;
use std::process::{Command, Output};

/// A two-glyph CFF font with 中, 文 and ☃ (made by `make-cff-font.py` beside it).
const FONT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../scriba-pdf/tests/fixtures/boxes-cff.otf"
);

fn export(dir: &Path, to: &str, extra: &[&str]) -> Output {
    let input = dir.join("t.txt");
    std::fs::write(&input, "Anna Weber: Zeichen 中文 und ☃.\n").expect("input");
    Command::new(env!("CARGO_BIN_EXE_scriba"))
        .args(["export", "--to", to, "-o"])
        .arg(dir.join("out"))
        .arg(&input)
        .args(extra)
        .output()
        .expect("scriba runs")
}

#[test]
fn a_font_file_gives_the_pdf_the_characters_its_own_fonts_lack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let without = export(dir.path(), "pdf", &[]);
    assert!(without.status.success());
    let stderr = String::from_utf8_lossy(&without.stderr);
    assert!(stderr.contains("中 (U+4E2D)"), "{stderr}");

    let with = export(dir.path(), "pdf", &["--font", FONT]);
    let stderr = String::from_utf8_lossy(&with.stderr);
    assert!(with.status.success(), "{stderr}");
    assert!(!stderr.contains("in no font"), "{stderr}");
    assert!(dir.path().join("out/t.pdf").is_file());
}

/// A file of the wrong kind for `option` is an error naming it, and nothing is written.
fn refused(option: &str, to: &str, file: &str, says: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join(file);
    std::fs::write(&bad, "# not what it should be\n").expect("file");
    let out = export(dir.path(), to, &[option, bad.to_str().expect("UTF-8 path")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{file}: {says}")), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing is written");
    dir
}

#[test]
fn a_font_file_that_is_no_font_is_an_error_naming_it() {
    refused(
        "--font",
        "pdf,txt",
        "notes.md",
        "not a TrueType or OpenType font",
    );
}

#[test]
fn a_cover_file_reaches_the_epub_and_a_bad_one_is_an_error_naming_it() {
    let dir = refused(
        "--cover",
        "epub,txt",
        "cover.bin",
        "not a PNG, JPEG, GIF, WebP or SVG image",
    );

    // A valid one exports.
    let svg = dir.path().join("cover.svg");
    std::fs::write(
        &svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="600" height="800"><rect width="600" height="800"/></svg>"#,
    )
    .expect("cover");
    let out = export(
        dir.path(),
        "epub",
        &["--cover", svg.to_str().expect("UTF-8 path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("out/t.epub").is_file());
}
