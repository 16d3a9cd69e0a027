//! Conformance over real input: the shared seed and every shared corpus transcript, read with
//! `scriba-read`, exported to TEI and checked with the shared validators (jing + tei_all),
//! for fidelity (the body's words) and for the round trip. Needs `../shared`; fails loudly
//! without it.
#![cfg(feature = "conformance")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{parse, tei_body_words};
use scriba_core::Transcript;
use scriba_read::{ReadOptions, read_str};
use scriba_tei::{TeiOptions, export, read};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

fn shared() -> PathBuf {
    let path = PathBuf::from(SHARED);
    assert!(
        path.join("conformance/check").is_file(),
        "the shared directory with the seed, the corpus and the validators is missing at {}; \
         the conformance tests need it (run without `--features conformance` to skip them)",
        path.display()
    );
    path
}

/// The seed and every corpus transcript.
fn inputs() -> Vec<PathBuf> {
    let shared = shared();
    let mut out = vec![shared.join("seed/000_5e7103ed1d3ef773.txt")];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/transcripts"))
        .expect("the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    corpus.sort();
    assert!(!corpus.is_empty(), "the corpus is empty");
    out.extend(corpus);
    let examples = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    let mut examples: Vec<PathBuf> = std::fs::read_dir(examples)
        .expect("the examples directory")
        .map(|e| e.expect("a directory entry").path().join("transcript.txt"))
        .filter(|p| p.is_file())
        .collect();
    examples.sort();
    assert!(!examples.is_empty(), "no examples/*/transcript.txt");
    out.extend(examples);
    out
}

/// A unique name for an input: the example directory for `examples/*/transcript.txt`.
fn input_name(path: &Path) -> String {
    let file = path.file_name().and_then(|s| s.to_str()).unwrap_or("x");
    if file == "transcript.txt" {
        let dir = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("example");
        format!("example-{dir}")
    } else {
        file.to_owned()
    }
}

/// The seed with synthetic times: every word 300 ms (sources cycling through matched,
/// interpolated, estimated), every paragraph its span, every turn its start.
fn timed_seed() -> Transcript {
    use scriba_core::{Block, WordTime, WordTimeSource};
    let mut doc = read_input(&shared().join("seed/000_5e7103ed1d3ef773.txt"));
    let mut t = 0;
    let sources = [
        WordTimeSource::Matched,
        WordTimeSource::Interpolated,
        WordTimeSource::Estimated,
    ];
    for block in &mut doc.body {
        if let Block::Turn {
            start_ms,
            paragraphs,
            ..
        } = block
        {
            *start_ms = Some(t);
            for p in paragraphs {
                p.start_ms = Some(t);
                p.words = (0..p.word_list().len())
                    .map(|i| {
                        let w = WordTime {
                            start_ms: t,
                            end_ms: t + 280,
                            source: sources[i % 3],
                        };
                        t += 300;
                        w
                    })
                    .collect();
                p.end_ms = Some(t);
                t += 700;
            }
        }
    }
    doc
}

fn read_input(path: &Path) -> Transcript {
    let text = std::fs::read_to_string(path).expect("a UTF-8 input");
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
    read_str(&text, &ReadOptions::default().with_fallback_title(name))
        .unwrap_or_else(|e| panic!("{} does not read: {e}", path.display()))
        .output
}

fn options() -> TeiOptions {
    let mut opts = TeiOptions::default();
    opts.timestamp = Some(1_738_281_600);
    opts
}

/// Runs the shared check on files; returns (exit code, output).
fn check(files: &[PathBuf], profile: &str) -> (i32, String) {
    let out = Command::new("python3")
        .arg(shared().join("conformance/check"))
        .args(["--tei-profile", profile])
        .args(files)
        .output()
        .expect("python3 runs the shared check");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn write_all(dir: &Path, docs: &[(String, Transcript)], opts: &TeiOptions) -> Vec<PathBuf> {
    docs.iter()
        .map(|(name, doc)| {
            let bytes = export(doc, opts).expect("valid options").output;
            let path = dir.join(format!("{name}.tei.xml"));
            std::fs::write(&path, bytes).expect("write the output");
            path
        })
        .collect()
}

/// The seed, the corpus and the hand-built models.
fn all_docs() -> Vec<(String, Transcript)> {
    let mut docs: Vec<(String, Transcript)> = inputs()
        .iter()
        .map(|p| (input_name(p), read_input(p)))
        .collect();
    docs.push(("seed-timed".into(), timed_seed()));
    docs.push(("hand-seed-like".into(), common::seed_like()));
    docs.push(("hand-timed".into(), common::timed()));
    docs.push(("hand-hostile".into(), common::hostile()));
    for seed in 0..24 {
        docs.push((format!("generated-{seed}"), common::random_doc(seed)));
    }
    docs
}

#[test]
fn seed_and_corpus_are_valid_tei_all() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let files = write_all(dir.path(), &all_docs(), &options());
    let (code, output) = check(&files, "all");
    println!("{output}");
    assert_eq!(code, 0, "jing + tei_all rejected an export:\n{output}");
    let unique: std::collections::BTreeSet<_> = files.iter().collect();
    assert_eq!(unique.len(), files.len(), "one file per document");
    assert_eq!(
        output.lines().filter(|l| l.starts_with("PASS")).count(),
        files.len(),
        "one PASS per file:\n{output}"
    );
}

#[test]
fn iso_profile_output_passes_tei_all_and_the_iso_tei_schema() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut opts = options();
    opts.profile = scriba_tei::TeiProfile::IsoSpoken;
    let files = write_all(dir.path(), &all_docs(), &opts);
    let (code, output) = check(&files, "iso-spoken");
    println!("{output}");
    assert_eq!(
        code, 0,
        "the ISO/TEI profile output is not valid:\n{output}"
    );
    let unique: std::collections::BTreeSet<_> = files.iter().collect();
    assert_eq!(unique.len(), files.len(), "one file per document");
    assert_eq!(
        output.lines().filter(|l| l.starts_with("PASS")).count(),
        files.len(),
        "one PASS per file:\n{output}"
    );
}

#[test]
fn timed_seed_has_word_anchors_and_round_trips() {
    let doc = timed_seed();
    let first = export(&doc, &options()).expect("valid options").output;
    let xml = std::str::from_utf8(&first).expect("UTF-8");
    let root = parse(xml);
    let words: usize = doc.body_paragraphs().map(|(_, p)| p.words.len()).sum();
    let starts = root
        .find_all("anchor")
        .iter()
        .filter(|a| a.attr("type") == Some("word-start"))
        .count();
    assert_eq!(starts, words, "one word-start anchor per timed word");
    assert_eq!(tei_body_words(&root), doc.body_words());
    let back = read(xml).expect("reads back");
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    let back_words: Vec<_> = back
        .output
        .body_paragraphs()
        .map(|(_, p)| p.words.clone())
        .collect();
    let words: Vec<_> = doc
        .body_paragraphs()
        .map(|(_, p)| p.words.clone())
        .collect();
    assert_eq!(back_words, words, "word times come back exactly");
    let second = export(&back.output, &options())
        .expect("valid options")
        .output;
    assert!(first == second, "export → read → export differs");
}

#[test]
fn seed_and_corpus_keep_every_body_word() {
    for path in inputs() {
        let doc = read_input(&path);
        let out = export(&doc, &options()).expect("valid options").output;
        let root = parse(std::str::from_utf8(&out).expect("UTF-8"));
        let words = tei_body_words(&root);
        let expected = doc.body_words();
        if words != expected {
            let at = words
                .iter()
                .zip(&expected)
                .position(|(a, b)| a != b)
                .unwrap_or(words.len().min(expected.len()));
            panic!(
                "{}: body words differ at word {at}: TEI {:?} vs model {:?} ({} vs {} words)",
                path.display(),
                words.get(at.saturating_sub(2)..(at + 3).min(words.len())),
                expected.get(at.saturating_sub(2)..(at + 3).min(expected.len())),
                words.len(),
                expected.len()
            );
        }
    }
}

#[test]
fn seed_and_corpus_round_trip_byte_identically() {
    for path in inputs() {
        let doc = read_input(&path);
        let first = export(&doc, &options()).expect("valid options").output;
        let back = read(std::str::from_utf8(&first).expect("UTF-8"))
            .unwrap_or_else(|e| panic!("{}: our TEI does not read back: {e:?}", path.display()));
        assert!(
            back.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            back.warnings
        );
        let second = export(&back.output, &options())
            .expect("valid options")
            .output;
        assert!(
            first == second,
            "{}: export → read → export differs",
            path.display()
        );
    }
}

#[test]
fn seed_has_the_expected_structure() {
    let seed = shared().join("seed/000_5e7103ed1d3ef773.txt");
    let doc = read_input(&seed);
    let out = export(&doc, &options()).expect("valid options").output;
    let root = parse(std::str::from_utf8(&out).expect("UTF-8"));
    let persons = root.find_all("person");
    assert_eq!(persons.len(), 1, "one person");
    assert_eq!(
        persons[0].at("persName").map(|p| p.text()).as_deref(),
        Some("Yanis Varoufakis")
    );
    let id = persons[0].attr("xml:id").expect("an id");
    let body = root.at("text/body").expect("body");
    let us = body.find_all("u");
    assert!(us.len() >= 5, "the seed's paragraphs are u elements");
    for u in &us {
        assert_eq!(u.attr("who"), Some(format!("#{id}").as_str()));
    }
    assert!(
        body.find_all("p").is_empty(),
        "every body paragraph is in a u"
    );
    assert!(
        body.find_all("title")
            .iter()
            .any(|t| t.text().contains("Technofeudalismus")),
        "the book title is a title"
    );
    assert_eq!(
        body.at("trailer").map(|t| t.text()).as_deref(),
        Some("ENDE")
    );
    assert!(
        root.at("teiHeader/fileDesc/notesStmt/note")
            .is_some_and(|n| n.text().contains("nicht wortgenau")),
        "the disclaimer is in the header"
    );
    assert!(
        root.at("text/front")
            .is_some_and(|f| f.text().contains("nicht wortgenau")),
        "the disclaimer is in the front"
    );
    let back = root.at("text/back").expect("back");
    let gloss: Vec<_> = back
        .find_all("list")
        .into_iter()
        .filter(|l| l.attr("type") == Some("gloss"))
        .collect();
    assert!(
        gloss
            .iter()
            .any(|l| l.find_all("label").iter().any(|x| x.text() == "IBAN")),
        "the bank details are a gloss list"
    );
}
