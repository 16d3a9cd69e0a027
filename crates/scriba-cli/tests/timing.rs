//! `--timing`: an edited transcript aligned to an ASR JSON through the real binary.

use std::process::Command;

const TRANSCRIPT: &str = "Listening to Rivers\n\nAda Okafor: Welcome to the show. My guest today records the sound of rivers.\n\nTom Lindqvist: Thank you. A river never says the same thing twice.\n";

/// A Whisper-style JSON whose words are those of the transcript (with casing and punctuation
/// as a recogniser gives them, and one filler the editor removed), 400 ms per word.
fn whisper_json() -> String {
    let spoken = "welcome to the show uh my guest today records the sound of rivers thank you a river never says the same thing twice";
    let words: Vec<String> = spoken
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let start = 1.0 + i as f64 * 0.4;
            format!(
                r#"{{"word": " {w}", "start": {start:.2}, "end": {:.2}, "probability": 0.9}}"#,
                start + 0.3
            )
        })
        .collect();
    format!(
        r#"{{"text": "{spoken}", "segments": [{{"id": 0, "start": 1.0, "end": 12.0, "text": "{spoken}", "words": [{}]}}], "language": "en"}}"#,
        words.join(", ")
    )
}

/// A temporary directory with the transcript `talk.txt` and its timing file `talk.json`.
fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("talk.txt");
    let timing = dir.path().join("talk.json");
    std::fs::write(&input, TRANSCRIPT).expect("transcript");
    std::fs::write(&timing, whisper_json()).expect("timing");
    (dir, input, timing)
}

#[test]
fn export_aligns_words_and_cues_to_the_timing_file() {
    let (dir, input, timing) = setup();
    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .args(["export", "-q", "--to", "json,vtt,tei", "-o"])
        .arg(dir.path().join("out"))
        .arg("--timing")
        .arg(&timing)
        .arg(&input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        !stderr.contains("estimated"),
        "real times, not estimated ones: {stderr}"
    );

    let json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/talk.json")).expect("json written"),
    )
    .expect("json");
    let first = &json["transcript"]["body"][0]["paragraphs"][0];
    assert_eq!(first["start_ms"], 1000, "{first}");
    assert_eq!(first["words"][0]["start_ms"], 1000);
    assert_eq!(first["words"][0]["source"], "matched");
    // "My" follows the filler "uh" the editor removed: its time is the ASR's "my" (3.0 s).
    assert_eq!(first["words"][4]["start_ms"], 3000);

    let vtt = std::fs::read_to_string(dir.path().join("out/talk.vtt")).expect("vtt");
    assert!(vtt.contains("00:00:01.000 --> "), "{vtt}");
    assert!(!vtt.contains("estimated"), "{vtt}");
    let tei = std::fs::read_to_string(dir.path().join("out/talk.tei.xml")).expect("tei");
    assert!(tei.contains("<timeline"), "a timeline when timings exist");
}

#[test]
fn inspect_reports_the_match_rate_and_a_wrong_file_is_refused() {
    let (dir, input, timing) = setup();
    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .arg("inspect")
        .arg(&input)
        .arg("--timing")
        .arg(&timing)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("timing:") && stdout.contains("matched"),
        "{stdout}"
    );

    let other = dir.path().join("other.txt");
    std::fs::write(
        &other,
        "Anna Weber: Die Stadt klingt am Morgen anders als am Abend, sagt die Forscherin, und niemand misst es.\n\nBernd Roth: Lärm ist Schall, den keiner bestellt hat, und das ist ein politisches Thema in jeder Stadt.\n",
    )
    .expect("other");
    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .args(["export", "-q", "--to", "vtt", "-o"])
        .arg(dir.path().join("out2"))
        .arg("--timing")
        .arg(&timing)
        .arg(&other)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("other.txt") && stderr.contains("error"),
        "{stderr}"
    );
    assert!(!dir.path().join("out2/other.vtt").exists());

    let out = Command::new(env!("CARGO_BIN_EXE_scriba"))
        .arg("inspect")
        .arg(&input)
        .arg("--timing")
        .arg(&input)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a transcript is no timing file: {stderr}"
    );
    assert!(stderr.contains("talk.txt"), "{stderr}");
}
