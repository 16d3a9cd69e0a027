//! The subtitle formats of the seed and the shared corpus against the real validators
//! (`../shared/conformance/check`), plus fidelity and the style limits on the seed.
//!
//! Needs `../shared` (seed, corpus, validators): run with `--features conformance`. Fails loudly
//! when `../shared` is missing.
#![cfg(feature = "conformance")]

use std::path::{Path, PathBuf};
use std::process::Command;

use scriba_core::Transcript;
use scriba_read::{ReadOptions, read_str};
use scriba_subtitle::{SubtitleOptions, SubtitleResult, ass, read_vtt, sbv, srt, ttml, vtt};

const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared");

type Writer = fn(&Transcript, &SubtitleOptions) -> SubtitleResult;
const FORMATS: [(&str, Writer); 5] = [
    ("srt", srt),
    ("vtt", vtt),
    ("ttml", ttml),
    ("ass", ass),
    ("sbv", sbv),
];

fn shared() -> PathBuf {
    let path = PathBuf::from(SHARED);
    assert!(
        path.join("conformance/check").is_file(),
        "../shared is missing (looked for {}/conformance/check): these tests need the seed, the corpus and the validators",
        path.display()
    );
    path
}

fn inputs() -> Vec<PathBuf> {
    let shared = shared();
    let mut files = vec![shared.join("seed/000_5e7103ed1d3ef773.txt")];
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus/transcripts"))
        .expect("corpus/transcripts is readable")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    corpus.sort();
    files.extend(corpus);
    // The project's own examples (examples/*/transcript.txt).
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    if let Ok(dirs) = std::fs::read_dir(&examples) {
        let mut found: Vec<PathBuf> = dirs
            .filter_map(Result::ok)
            .map(|e| e.path().join("transcript.txt"))
            .filter(|p| p.is_file())
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// A unique name for an input: the file stem, or the directory name for `transcript.txt`.
fn stem_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("input");
    if stem == "transcript" {
        let dir = path
            .parent()
            .and_then(|d| d.file_name())
            .and_then(|s| s.to_str())
            .unwrap_or("example");
        format!("example-{dir}")
    } else {
        stem.to_owned()
    }
}

fn read(path: &Path) -> Transcript {
    let bytes = std::fs::read(path).expect("input is readable");
    let text = String::from_utf8_lossy(&bytes);
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("input")
        .to_owned();
    read_str(&text, &ReadOptions::default().with_fallback_title(stem))
        .unwrap_or_else(|e| panic!("{} does not read: {e}", path.display()))
        .output
}

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("subtitle-conformance")
        .join(name);
    std::fs::create_dir_all(&dir).expect("output dir");
    dir
}

/// Runs the validator on the files; returns (exit code, stdout).
fn check(files: &[PathBuf], args: &[&str]) -> (i32, String) {
    let out = Command::new("python3")
        .arg(shared().join("conformance/check"))
        .args(args)
        .args(files)
        .output()
        .expect("python3 runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn write_all(doc: &Transcript, stem: &str, dir: &Path, opts: &SubtitleOptions) -> Vec<PathBuf> {
    FORMATS
        .iter()
        .map(|(ext, f)| {
            let out = f(doc, opts).unwrap_or_else(|e| panic!("{stem}.{ext}: {e:?}"));
            let path = dir.join(format!("{stem}.{ext}"));
            std::fs::write(&path, out.output).expect("write output");
            path
        })
        .collect()
}

#[test]
fn seed_and_corpus_pass_the_validators() {
    let dir = out_dir("all");
    let mut files = Vec::new();
    for input in inputs() {
        let doc = read(&input);
        let stem = stem_of(&input);
        files.extend(write_all(&doc, &stem, &dir, &SubtitleOptions::default()));
    }
    let (_, out) = check(&files, &[]);
    let mut failures = Vec::new();
    let mut passed = out.lines().filter(|l| l.starts_with("PASS")).count();
    for line in out.lines().filter(|l| l.starts_with("FAIL")) {
        match truncated_vtt_report(line) {
            Some(file) => {
                vtt_check_to_file(&file);
                passed += 1;
            }
            None => failures.push(line),
        }
    }
    assert!(
        failures.is_empty(),
        "validator failures:\n{}\n\nfull output:\n{out}",
        failures.join("\n")
    );
    assert_eq!(passed, files.len(), "{out}");
}

/// The harness reads the WebVTT parser's JSON report from a pipe, and node cuts output to a pipe
/// short at 64 KiB when the script calls `process.exit` (large files then show up as
/// `MISSING-VALIDATOR: node helper vtt_check.js failed: {…`). Returns the file of such a line.
fn truncated_vtt_report(line: &str) -> Option<PathBuf> {
    let rest = line.strip_prefix("FAIL ")?;
    let (file, why) = rest.split_once(' ')?;
    (file.ends_with(".vtt")
        && why.starts_with("MISSING-VALIDATOR: node helper vtt_check.js failed: {"))
    .then(|| PathBuf::from(file))
}

/// Runs the same validator (the harness's `lib/vtt_check.js`, W3C webvtt-parser) with its report
/// written to a file, where node does not truncate it, and asserts that it found no error.
fn vtt_check_to_file(file: &Path) {
    let report = file.with_extension("vtt-report.json");
    let status = Command::new("sh")
        .arg("-c")
        .arg(r#"NODE_PATH="${SCRIBA_CONFORMANCE_TOOLS:-$HOME/.cache/scriba-conformance}/node/node_modules" node "$1" "$2" > "$3""#)
        .arg("sh")
        .arg(shared().join("conformance/lib/vtt_check.js"))
        .arg(file)
        .arg(&report)
        .status()
        .expect("node runs");
    let json = std::fs::read_to_string(&report).expect("report written");
    let value: serde_json::Value = serde_json::from_str(json.trim())
        .unwrap_or_else(|e| panic!("{}: report is not JSON: {e}", file.display()));
    let errors = value["errors"].as_array().map_or(0, Vec::len);
    let cues = value["cues"].as_array().map_or(0, Vec::len);
    assert!(
        status.success() && value["ok"] == serde_json::Value::Bool(true) && errors == 0 && cues > 0,
        "{}: webvtt-parser found {errors} errors, {cues} cues: {}",
        file.display(),
        &json[..json.len().min(2000)]
    );
}

#[test]
fn seed_passes_netflix_de_strict_style() {
    let seed = &inputs()[0];
    let doc = read(seed);
    let dir = out_dir("netflix-de");
    let files: Vec<PathBuf> = write_all(
        &doc,
        "seed",
        &dir,
        &SubtitleOptions::with_preset("netflix-de"),
    )
    .into_iter()
    .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("srt" | "vtt")))
    .collect();
    let (code, out) = check(
        &files,
        &["--subtitle-style", "netflix-de", "--strict-style"],
    );
    assert_eq!(code, 0, "strict netflix-de style failed:\n{out}");
}

#[test]
fn default_preset_on_the_seed_has_at_most_one_percent_style_findings() {
    let seed = &inputs()[0];
    let doc = read(seed);
    let dir = out_dir("default");
    let files = write_all(&doc, "seed", &dir, &SubtitleOptions::default());
    for file in files
        .iter()
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("sbv"))
    {
        let cues = read_vtt(
            &String::from_utf8(vtt(&doc, &SubtitleOptions::default()).expect("vtt").output)
                .expect("utf-8"),
        )
        .expect("reads back")
        .len();
        let (_, out) = check(
            std::slice::from_ref(file),
            &["--subtitle-style", "netflix-de"],
        );
        let findings = out
            .lines()
            .filter(|l| l.starts_with("WARN") && l.contains("style("))
            .count();
        assert!(
            findings * 100 <= cues,
            "{}: {findings} style findings for {cues} cues (more than 1 %):\n{out}",
            file.display()
        );
    }
}

/// The words of the cues: dialogue dashes and the invisible word joiners removed.
fn cue_words(text: &str) -> Vec<String> {
    let cues = read_vtt(text).expect("our VTT reads back");
    let mut words = Vec::new();
    for cue in cues {
        let dialogue =
            cue.lines.len() > 1 && cue.lines.iter().any(|l| l.speaker != cue.lines[0].speaker);
        for line in cue.lines {
            let mut t = line.text.as_str();
            if dialogue {
                t = t
                    .strip_prefix("- ")
                    .or_else(|| t.strip_prefix('-'))
                    .unwrap_or(t);
            }
            words.extend(t.split_whitespace().map(str::to_owned));
        }
    }
    words
}

#[test]
fn cue_text_is_the_body_text() {
    for input in inputs() {
        let doc = read(&input);
        let out = vtt(&doc, &SubtitleOptions::default()).expect("vtt");
        let words = cue_words(&String::from_utf8(out.output).expect("utf-8"));
        let want: Vec<String> = doc.body_words();
        let cut = doc
            .body_words()
            .iter()
            .any(|w| w.chars().count() > 42 || w.chars().any(scriba_core::is_cjk));
        if cut {
            // CJK text and words longer than a line are broken between characters.
            let strip = |ws: &[String]| {
                ws.concat()
                    .chars()
                    .filter(|c| !c.is_control())
                    .collect::<String>()
            };
            assert_eq!(strip(&words), strip(&want), "{}", input.display());
        } else {
            assert_eq!(words, want, "{}", input.display());
        }
    }
}

/// Hostile text (markup, `-->`, ASS overrides, control characters, bidi, a huge word) and a
/// talk past ten hours, in all five formats, through the validators.
#[test]
fn hostile_text_and_a_ten_hour_talk_pass_the_validators() {
    use scriba_core::{Block, Paragraph, Speaker, WordTime, WordTimeSource};
    let mut hostile = Transcript::default();
    hostile.meta.language = Some("en".into());
    hostile.meta.title = Some("<script>alert(1)</script> & ]]> --> {\\an8}".into());
    hostile.speakers.push(Speaker::new(
        "x",
        "Eve <b>&amp;</b> --> \"Mallory\"\u{b}\u{0}\n,Jr.",
    ));
    hostile.body.push(Block::turn(
        Some("x"),
        vec![Paragraph::text(format!(
            "<script>alert(1)</script> & &amp; ]]> a --> b {{\\an8}}{{\\pos(1,1)}} \\N \\h \u{202e}reversed\u{202c} \u{0}\u{7}\u{1b}ctl {} end.",
            "W".repeat(300)
        ))],
    ));
    let mut long = Transcript::default();
    long.meta.language = Some("de".into());
    let mut p = Paragraph::text("Nach zehn Stunden ist endlich Schluss. Danke fürs Zuhören.");
    p.words = (0..9)
        .map(|i| WordTime {
            start_ms: 35_995_000 + i * 900,
            end_ms: 35_995_000 + i * 900 + 600,
            source: WordTimeSource::Matched,
        })
        .collect();
    long.body.push(Block::turn(None, vec![p]));
    let mut unknown = hostile.clone();
    unknown.meta.language = None;
    unknown.meta.title = Some("Title\u{b}with\u{1}controls".into());
    let dir = out_dir("bad-input");
    let mut files = write_all(&hostile, "hostile", &dir, &SubtitleOptions::default());
    files.extend(write_all(
        &unknown,
        "unknown-language",
        &dir,
        &SubtitleOptions::default(),
    ));
    files.extend(write_all(
        &long,
        "ten-hours",
        &dir,
        &SubtitleOptions::default(),
    ));
    let (code, out) = check(&files, &[]);
    assert_eq!(code, 0, "validator failures:\n{out}");
}

/// The seed with word times as an aligner would give them (130 words per minute, longer words
/// take longer, a pause after each sentence): cues take their times from their words and stay
/// within the netflix-de limits.
#[test]
fn seed_with_word_times_keeps_the_style_limits() {
    use scriba_core::{Block, WordTime, WordTimeSource};
    let mut doc = read(&inputs()[0]);
    let mut clock = 0u64;
    for block in &mut doc.body {
        if let Block::Turn { paragraphs, .. } = block {
            for p in paragraphs {
                p.words = p
                    .word_list()
                    .iter()
                    .map(|w| {
                        let len = 200 + 45 * w.chars().count() as u64;
                        let start = clock;
                        clock += len;
                        let end = clock;
                        clock += if w.ends_with(['.', '?', '!']) {
                            400
                        } else {
                            60
                        };
                        WordTime {
                            start_ms: start,
                            end_ms: end,
                            source: WordTimeSource::Matched,
                        }
                    })
                    .collect();
            }
        }
    }
    let dir = out_dir("timed");
    let opts = SubtitleOptions::with_preset("netflix-de");
    let out = srt(&doc, &opts).expect("srt");
    assert!(
        !out.warnings.iter().any(|w| w.code == "subtitle.estimated"),
        "{:?}",
        out.warnings
    );
    let path = dir.join("seed-timed.srt");
    std::fs::write(&path, &out.output).expect("write");
    let cues = scriba_subtitle::read_srt(&String::from_utf8(out.output).expect("utf-8"))
        .expect("reads")
        .len();
    let (code, report) = check(
        std::slice::from_ref(&path),
        &["--subtitle-style", "netflix-de"],
    );
    assert_eq!(code, 0, "{report}");
    let findings = report
        .lines()
        .filter(|l| l.starts_with("WARN") && l.contains("style("))
        .count();
    assert!(
        findings * 100 <= cues,
        "{findings} style findings for {cues} cues:\n{report}"
    );
}
