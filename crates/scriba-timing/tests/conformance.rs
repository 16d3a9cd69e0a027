//! Tests on the shared corpus (`../shared`): every ASR JSON sample is read, edited like a
//! transcript and aligned back (the acceptance test of the timing issue), wrong pairings are
//! refused, and the subtitle samples work as timing sources.
//! Run with `cargo test -p scriba-timing --features conformance -- --nocapture` to see the
//! figures.
#![cfg(feature = "conformance")]

mod common;

use std::path::{Path, PathBuf};

use common::{edit, edit_in, measure};
use scriba_core::{Block, Paragraph, Transcript};
use scriba_timing::{AlignOptions, TimedWord, TimingFormat, TimingTrack, align, read_timing};

fn shared() -> PathBuf {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        dir.join("corpus/asr-json").is_dir(),
        "the shared corpus is missing: expected {}/corpus/asr-json (these tests need ../shared)",
        dir.display()
    );
    dir.to_path_buf()
}

fn samples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(shared().join("corpus/asr-json"))
        .expect("readable corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    assert!(
        out.len() >= 9,
        "expected the nine ASR samples, found {}",
        out.len()
    );
    out
}

fn read(path: &Path) -> scriba_core::Warned<TimingTrack> {
    let text = std::fs::read_to_string(path).expect("readable sample");
    read_timing(&text, None).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

#[test]
fn every_sample_reads_with_the_expected_dialect() {
    let expected = [
        ("assemblyai", TimingFormat::AssemblyAi, 60),
        ("dg_whisper", TimingFormat::Deepgram, 59),
        (
            "deepgram-captions__whisper_timestamped",
            TimingFormat::WhisperTimestamped,
            59,
        ),
        ("apollo11", TimingFormat::WhisperTimestamped, 116),
        ("empty", TimingFormat::WhisperTimestamped, 3),
        ("laugh1", TimingFormat::WhisperTimestamped, 1),
        ("smartphone", TimingFormat::WhisperTimestamped, 554),
        ("radio_short", TimingFormat::WhisperTimestamped, 191),
        ("japanese", TimingFormat::WhisperTimestamped, 187),
    ];
    for path in samples() {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let (_, format, count) = expected
            .iter()
            .find(|(k, _, _)| name.contains(k))
            .unwrap_or_else(|| panic!("unexpected sample {name}"));
        let track = read(&path);
        println!(
            "{name}: {} words, {:?}, warnings {:?}",
            track.output.words.len(),
            track.output.format,
            track.warnings
        );
        assert_eq!(track.output.format, Some(*format), "{name}");
        assert_eq!(track.output.words.len(), *count, "{name}");
        assert!(
            track
                .output
                .words
                .windows(2)
                .all(|w| w[0].start_ms <= w[1].start_ms && w[0].end_ms <= w[1].start_ms)
        );
    }
}

/// The acceptance test: median word-start error ≤ 80 ms and ≥ 95 % of matched words within
/// 250 ms, for every shared ASR sample.
#[test]
fn edited_transcripts_align_to_every_sample() {
    for path in samples() {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let track = read(&path).output;
        let lang = track.language.clone().unwrap_or_else(|| "en".to_owned());
        let words = track.words;
        for seed in 1..=5u64 {
            let mut edited = edit_in(&words, seed, &lang);
            let report = align(&mut edited.doc, &words, &AlignOptions::default())
                .unwrap_or_else(|e| panic!("{name} seed {seed}: {e:?}"))
                .output;
            let stats = measure(&edited.doc, &edited.origin, &words);
            println!(
                "{name} seed {seed}: {} words, match rate {:.3}, median {} ms, p95 {} ms, matched within 250 ms {:.4}, all within 250 ms {:.4} (subst {}, drop {}, ins {})",
                words.len(),
                report.match_rate,
                stats.median_ms,
                stats.p95_ms,
                stats.matched_within_250,
                stats.all_within_250,
                edited.substituted,
                edited.dropped,
                edited.inserted
            );
            assert!(stats.median_ms <= 80, "{name} seed {seed}: {stats:?}");
            assert!(
                stats.matched_within_250 >= 0.95,
                "{name} seed {seed}: {stats:?}"
            );
        }
    }
}

fn doc_of(text: &str) -> Transcript {
    let mut doc = Transcript::default();
    for chunk in text.split("\n\n").filter(|c| !c.trim().is_empty()) {
        doc.body
            .push(Block::turn(None, vec![Paragraph::text(chunk.trim())]));
    }
    doc
}

fn transcript_of(words: &[TimedWord]) -> Transcript {
    doc_of(
        &words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn a_timing_file_for_another_recording_is_refused() {
    let by_name = |k: &str| {
        samples()
            .into_iter()
            .find(|p| p.to_string_lossy().contains(k))
            .expect("sample")
    };
    let pairs = [
        ("apollo11", "smartphone"),
        ("smartphone", "apollo11"),
        ("radio_short", "assemblyai"),
        ("assemblyai", "apollo11"),
        ("japanese", "radio_short"),
        ("smartphone", "empty"),
    ];
    for (text_of, timing_of) in pairs {
        let mut doc = transcript_of(&read(&by_name(text_of)).output.words);
        let words = read(&by_name(timing_of)).output.words;
        let err = align(&mut doc, &words, &AlignOptions::default())
            .map(|r| r.output.summary())
            .expect_err(&format!("{text_of} against {timing_of} must fail"));
        println!("{text_of} against {timing_of}: {}", err[0]);
        assert_eq!(err[0].code, "timing.wrong-file");
    }
    // A real English talk from the corpus against an unrelated English recognizer output.
    let talk = std::fs::read_to_string(
        shared().join("corpus/transcripts/changelog__gotime_go-time-100.md"),
    )
    .expect("corpus transcript");
    let mut doc = doc_of(&talk);
    for other in ["apollo11", "assemblyai", "dg_whisper"] {
        let words = read(&by_name(other)).output.words;
        let result = align(&mut doc, &words, &AlignOptions::default());
        let err = result
            .map(|r| r.output.summary())
            .expect_err("unrelated English must fail");
        println!("go-time-100 against {other}: {}", err[0]);
    }
    // Two long unrelated English talks of similar length.
    let other = std::fs::read_to_string(
        shared().join("corpus/transcripts/changelog__backstage_backstage-19.md"),
    )
    .expect("corpus transcript");
    let words: Vec<TimedWord> = other
        .split_whitespace()
        .enumerate()
        .map(|(k, w)| TimedWord::new(w, k as u64 * 400, k as u64 * 400 + 300))
        .collect();
    let err = align(&mut doc, &words, &AlignOptions::default())
        .map(|r| r.output.summary())
        .expect_err("unrelated talks must fail");
    println!(
        "go-time-100 against backstage-19 ({} words): {}",
        words.len(),
        err[0]
    );
}

#[test]
fn a_timing_file_covering_the_first_half_marks_the_rest_estimated() {
    let path = samples()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("smartphone"))
        .expect("sample");
    let words = read(&path).output.words;
    let mut doc = transcript_of(&words);
    let half = &words[..words.len() / 2];
    let read = align(&mut doc, half, &AlignOptions::default()).expect("aligned");
    let report = read.output;
    println!("{}", report.summary());
    assert!(
        report.estimated >= words.len() / 2 - 5,
        "{}",
        report.summary()
    );
    assert!(
        read.warnings
            .iter()
            .any(|w| w.code == "timing.partial-coverage")
    );
    let longest = report.longest_unmatched.expect("stretch");
    assert!(longest.estimated && longest.words >= words.len() / 2 - 5);
    let times: Vec<_> = doc
        .body_paragraphs()
        .flat_map(|(_, p)| p.words.iter().copied())
        .collect();
    assert!(
        times
            .windows(2)
            .all(|w| w[0].start_ms <= w[1].start_ms && w[0].end_ms <= w[1].start_ms)
    );
}

/// Minimal cue reader for the test (the subtitle crate owns the real one).
fn cues(text: &str) -> Vec<(u64, u64, String)> {
    let parse = |t: &str| -> u64 {
        let t = t.trim().replace(',', ".");
        let (hms, ms) = t.split_once('.').expect("fraction");
        let parts: Vec<u64> = hms.split(':').map(|p| p.parse().expect("number")).collect();
        let secs = parts.iter().fold(0, |acc, p| acc * 60 + p);
        secs * 1000 + ms.parse::<u64>().expect("ms")
    };
    let mut out = Vec::new();
    for block in text.replace("\r\n", "\n").split("\n\n") {
        let lines: Vec<&str> = block.lines().collect();
        let Some(k) = lines.iter().position(|l| l.contains("-->")) else {
            continue;
        };
        let (a, b) = lines[k].split_once("-->").expect("arrow");
        let b = b.split_whitespace().next().expect("end");
        out.push((parse(a), parse(b), lines[k + 1..].join(" ")));
    }
    out
}

#[test]
fn subtitle_samples_work_as_timing_sources() {
    let dir = shared().join("corpus/subtitles");
    let vtt = std::fs::read_to_string(
        dir.join("whisper-timestamped__split_subtitles_smartphone.mp3_20.vtt"),
    )
    .expect("vtt sample");
    assert_eq!(TimingFormat::detect(&vtt), Ok(TimingFormat::WebVtt));
    let srt = std::fs::read_to_string(
        dir.join("whisper-timestamped__split_subtitles_smartphone.mp3_20.srt"),
    )
    .expect("srt sample");
    assert_eq!(TimingFormat::detect(&srt), Ok(TimingFormat::Srt));
    let track = TimingTrack::from_cues(&cues(&vtt)).output;
    // The same recording's word-level JSON: align its words to the cue-spread words and
    // compare with the JSON's own times.
    let json = samples()
        .into_iter()
        .find(|p| p.to_string_lossy().contains("smartphone"))
        .expect("sample");
    let asr = read(&json).output.words;
    let mut edited = edit(&asr, 9);
    let report = align(&mut edited.doc, &track.words, &AlignOptions::default())
        .expect("aligned")
        .output;
    let stats = measure(&edited.doc, &edited.origin, &asr);
    println!(
        "smartphone text against its VTT cues: match rate {:.3}, {stats:?}",
        report.match_rate
    );
    assert!(report.match_rate > 0.85);
    // Cue-spread times are coarser than word times; they stay within a few hundred ms.
    assert!(stats.median_ms <= 250, "{stats:?}");
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len().saturating_sub(1) / 2).copied().unwrap_or(0)
}

/// Acceptance: the WebVTT cues of an aligned transcript start on their first word (median
/// within 100 ms), and on the recognizer's time for that word.
#[test]
fn vtt_cues_start_on_their_first_word() {
    for path in samples() {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let track = read(&path).output;
        let lang = track.language.clone().unwrap_or_else(|| "en".to_owned());
        let words = track.words;
        let mut edited = edit_in(&words, 3, &lang);
        align(&mut edited.doc, &words, &AlignOptions::default()).expect("aligned");
        let vtt = scriba_subtitle::vtt(&edited.doc, &scriba_subtitle::SubtitleOptions::default())
            .expect("vtt export")
            .output;
        let cues = scriba_subtitle::read_vtt(&String::from_utf8(vtt).expect("utf-8"))
            .expect("vtt reads back");
        let times: Vec<_> = edited
            .doc
            .body_paragraphs()
            .flat_map(|(_, p)| p.words.iter().copied())
            .collect();
        let body: Vec<String> = edited
            .doc
            .body_paragraphs()
            .flat_map(|(_, p)| p.word_list())
            .collect();
        let (mut to_word, mut to_asr) = (Vec::new(), Vec::new());
        let mut k = 0usize;
        for cue in &cues {
            let text = cue
                .lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let first = text.split_whitespace().next().expect("a cue has words");
            assert_eq!(first, body[k], "{name}: cue words follow the body words");
            to_word.push(cue.start_ms.abs_diff(times[k].start_ms));
            if let common::Origin::Kept(o) = edited.origin[k] {
                to_asr.push(cue.start_ms.abs_diff(words[o].start_ms));
            }
            k += text.split_whitespace().count();
        }
        assert_eq!(k, body.len(), "{name}: every word in a cue");
        println!(
            "{name}: {} cues, cue start vs first word median {} ms (max {} ms), vs recognizer time median {} ms",
            cues.len(),
            median(to_word.clone()),
            to_word.iter().max().copied().unwrap_or(0),
            median(to_asr.clone())
        );
        assert!(median(to_word) <= 100, "{name}");
        assert!(median(to_asr) <= 100, "{name}");
    }
}

/// Acceptance: the seed with a synthetic timing file (its words spread over a plausible
/// duration, lower-cased and without punctuation like a recognizer's) exports TEI with a
/// timeline that passes the shared check.
#[test]
fn seed_with_synthetic_timing_exports_a_valid_tei_timeline() {
    let seed =
        std::fs::read_to_string(shared().join("seed/000_5e7103ed1d3ef773.txt")).expect("the seed");
    let mut doc = scriba_read::read_str(&seed, &scriba_read::ReadOptions::default())
        .expect("the seed reads")
        .output;
    let body: Vec<String> = doc
        .body_paragraphs()
        .flat_map(|(_, p)| p.word_list())
        .collect();
    let mut rng = common::Rng::new(42);
    let mut t = 1500u64;
    let timed: Vec<TimedWord> = body
        .iter()
        .map(|w| {
            let d = 120 + 45 * w.chars().count() as u64 + rng.below(80) as u64;
            let text: String = w
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_lowercase();
            let word = TimedWord::new(if text.is_empty() { w.clone() } else { text }, t, t + d);
            t += d + if w.ends_with(['.', '?', '!']) {
                350 + rng.below(400) as u64
            } else {
                rng.below(90) as u64
            };
            word
        })
        .collect();
    let report = align(&mut doc, &timed, &AlignOptions::default())
        .expect("aligned")
        .output;
    println!("seed: {}", report.summary().lines().next().unwrap_or(""));
    assert!(report.match_rate > 0.95, "{}", report.summary());
    let tei = scriba_tei::export(&doc, &scriba_tei::TeiOptions::default())
        .expect("tei export")
        .output;
    let xml = String::from_utf8(tei.clone()).expect("utf-8");
    assert!(xml.contains("<timeline"), "the TEI has a timeline");
    assert!(xml.contains("<when"), "the timeline has points");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("seed-timed.tei.xml");
    std::fs::write(&file, &tei).expect("write");
    let out = std::process::Command::new("python3")
        .arg(shared().join("conformance/check"))
        .arg(&file)
        .output()
        .expect("python3 runs the shared check");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    assert!(out.status.success() && text.contains("PASS"), "{text}");
}

/// Speaker turns from a diarized sample (AssemblyAI `speaker`), and a note for a sample
/// without speakers.
#[test]
fn speaker_turns_from_diarized_samples() {
    let find = |k: &str| {
        samples()
            .into_iter()
            .find(|p| p.to_string_lossy().contains(k))
            .expect("sample")
    };
    let mut opts = AlignOptions::default();
    opts.speakers_from_timing = true;
    let words = read(&find("assemblyai")).output.words;
    let mut doc = edit(&words, 4).doc;
    let read_back = align(&mut doc, &words, &opts).expect("aligned");
    assert!(read_back.output.speakers_from_timing);
    assert_eq!(doc.speakers.len(), 1);
    assert_eq!(doc.speakers[0].name, "Speaker A");
    assert!(doc.body_paragraphs().all(|(s, _)| s == Some("speaker-a")));

    let words = read(&find("dg_whisper")).output.words;
    let mut doc = edit(&words, 4).doc;
    let read_back = align(&mut doc, &words, &opts).expect("aligned");
    assert!(!read_back.output.speakers_from_timing);
    assert!(
        read_back
            .warnings
            .iter()
            .any(|w| w.code == "timing.no-speakers")
    );
}
