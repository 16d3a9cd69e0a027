//! EPUBCheck (zero errors, zero warnings) and Ace by DAISY on real books, through the shared
//! conformance harness. Run with `cargo test -p scriba-epub --features conformance`; without
//! `../shared` these tests fail with a message saying so.

#![cfg(feature = "conformance")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use scriba_core::Transcript;
use scriba_epub::{Cover, EpubOptions, export};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn shared() -> PathBuf {
    let path = PathBuf::from(SHARED);
    assert!(
        path.join("conformance/check").is_file(),
        "the shared folder with the conformance harness is missing at {}: these tests need it \
         (run them from a checkout that has ../shared beside it)",
        path.display()
    );
    path
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scriba-epub-conformance");
    std::fs::create_dir_all(&dir).expect("create output dir");
    dir
}

/// Writes the book and runs the harness on it; panics with the harness output on failure.
fn check(name: &str, doc: &Transcript, opts: &EpubOptions, a11y: bool) {
    let shared = shared();
    let book = export(doc, opts).expect("export succeeds");
    let path = out_dir().join(format!("{name}.epub"));
    std::fs::write(&path, &book.output).expect("write book");
    let mut cmd = Command::new("python3");
    cmd.arg(shared.join("conformance/check"));
    if a11y {
        cmd.arg("--a11y");
    }
    let out = cmd.arg(&path).output().expect("run python3");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{name}: conformance check failed:\n{text}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("FAIL")),
        "{name}:\n{text}"
    );
}

fn opts() -> EpubOptions {
    EpubOptions::default().with_timestamp(Some(1_738_281_600))
}

#[test]
fn interview_passes_epubcheck_and_ace() {
    check("interview", &common::interview(), &opts(), true);
}

#[test]
fn interview_without_cover_passes() {
    check(
        "interview-no-cover",
        &common::interview(),
        &opts().with_cover(Cover::None),
        false,
    );
}

#[test]
fn hostile_input_passes() {
    check("hostile", &common::hostile(), &opts(), true);
}

#[test]
fn empty_transcript_passes() {
    check("empty", &Transcript::default(), &opts(), true);
}

#[test]
fn long_transcript_passes() {
    check("long-150k", &common::long(150_000, true), &opts(), false);
}
