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

/// Reads a real input file with the text reader (the title falls back to the file stem).
fn read(path: &Path) -> Transcript {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = scriba_read::decode_bytes(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .output;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opts = scriba_read::ReadOptions::default().with_fallback_title(stem);
    scriba_read::read_str(&text, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .output
}

/// The seed, every transcript of the shared corpus and every example of the repository
/// (`examples/*/transcript.*`).
fn real_inputs() -> Vec<PathBuf> {
    let shared = shared();
    let examples = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(shared.join("seed"))
        .expect("seed folder")
        .chain(std::fs::read_dir(shared.join("corpus/transcripts")).expect("corpus folder"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    let mut example_files: Vec<PathBuf> = std::fs::read_dir(examples)
        .expect("examples folder")
        .flat_map(|e| {
            std::fs::read_dir(e.expect("dir entry").path())
                .into_iter()
                .flatten()
        })
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.file_stem().is_some_and(|s| s == "transcript"))
        .collect();
    assert!(
        !example_files.is_empty(),
        "no examples/*/transcript.* found"
    );
    files.append(&mut example_files);
    files.sort();
    files
}

/// A name for the book of an input: the file stem, or the example's folder name.
fn book_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if stem == "transcript" {
        let dir = path
            .parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned());
        format!("example-{}", dir.unwrap_or_default())
    } else {
        stem
    }
}

fn opts() -> EpubOptions {
    EpubOptions::default().with_timestamp(Some(1_738_281_600))
}

#[test]
fn seed_corpus_and_examples_pass_epubcheck_and_ace() {
    for path in real_inputs() {
        check(&book_name(&path), &read(&path), &opts(), true);
    }
}

#[test]
fn seed_corpus_and_examples_keep_every_word_in_order() {
    for path in real_inputs() {
        let doc = read(&path);
        let book = export(&doc, &opts()).expect("export").output;
        let got: Vec<String> = common::spine(&book)
            .iter()
            .filter(|p| p.starts_with("EPUB/text-"))
            .flat_map(|p| {
                common::body_text(&common::entry(&book, p))
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        let want = doc.body_words();
        assert!(
            !want.is_empty(),
            "{}: the reader found no body",
            path.display()
        );
        if got != want {
            let at = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "{}: spine differs at word {at}: got {:?}, want {:?}",
                path.display(),
                &got[at..(at + 6).min(got.len())],
                &want[at..(at + 6).min(want.len())]
            );
        }
    }
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
fn interview_with_a_png_cover_passes() {
    let cover = Cover::Image(common::png(300, 450, [0x2a, 0x4d, 0x69]));
    check(
        "interview-png-cover",
        &common::interview(),
        &opts().with_cover(cover),
        true,
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
