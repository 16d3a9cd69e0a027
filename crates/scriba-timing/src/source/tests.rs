use super::{TimedWord, TimingFormat, read_timing, repair_times, words_from_cues};

fn words(json: &str, format: Option<TimingFormat>) -> Vec<(String, u64, u64)> {
    read_timing(json, format)
        .expect("readable")
        .output
        .words
        .into_iter()
        .map(|w| (w.text, w.start_ms, w.end_ms))
        .collect()
}

fn w(text: &str, s: u64, e: u64) -> (String, u64, u64) {
    (text.to_owned(), s, e)
}

#[test]
fn openai_whisper() {
    let json = r#"{"text": " Hi there", "segments": [{"id": 0, "start": 0.0, "end": 1.0, "text": " Hi there",
        "words": [{"word": " Hi", "start": 0.12, "end": 0.4, "probability": 0.91},
                  {"word": " there", "start": 0.4, "end": 0.95, "probability": 0.5}]}], "language": "en"}"#;
    assert_eq!(TimingFormat::detect(json), Ok(TimingFormat::Whisper));
    let track = read_timing(json, None).expect("readable").output;
    assert_eq!(track.language.as_deref(), Some("en"));
    assert_eq!(
        track.words[0],
        TimedWord {
            confidence: Some(0.91),
            ..TimedWord::new("Hi", 120, 400)
        }
    );
    assert_eq!(words(json, None), [w("Hi", 120, 400), w("there", 400, 950)]);
}

#[test]
fn whisper_timestamped() {
    let json = r#"{"segments": [{"start": 0.1, "end": 0.5, "text": "x",
        "words": [{"text": "Yeah,", "start": 0.12, "end": 0.38, "confidence": 0.74}]}]}"#;
    assert_eq!(
        TimingFormat::detect(json),
        Ok(TimingFormat::WhisperTimestamped)
    );
    assert_eq!(words(json, None), [w("Yeah,", 120, 380)]);
}

#[test]
fn whisperx_with_unaligned_numbers_and_speakers() {
    let json = r#"{"segments": [{"start": 1.0, "end": 3.0, "text": "I have 20 cats", "speaker": "SPEAKER_00",
        "words": [{"word": "I", "start": 1.0, "end": 1.2, "score": 0.9, "speaker": "SPEAKER_00"},
                  {"word": "have", "start": 1.2, "end": 1.5, "score": 0.9},
                  {"word": "20"},
                  {"word": "cats", "start": 2.0, "end": 2.5, "score": 0.8}]}],
        "word_segments": []}"#;
    assert_eq!(TimingFormat::detect(json), Ok(TimingFormat::WhisperX));
    let read = read_timing(json, None).expect("readable");
    assert!(
        read.warnings
            .iter()
            .any(|d| d.code == "timing.missing-time")
    );
    let ws = read.output.words;
    assert_eq!(
        (ws[2].text.as_str(), ws[2].start_ms, ws[2].end_ms),
        ("20", 1500, 2000)
    );
    assert_eq!(
        ws[1].speaker.as_deref(),
        Some("SPEAKER_00"),
        "segment speaker inherited"
    );
}

#[test]
fn deepgram_multichannel_and_speakers() {
    let json = r#"{"metadata": {}, "results": {"channels": [
        {"alternatives": [{"transcript": "a c", "words": [
            {"word": "a", "punctuated_word": "A", "start": 0.0, "end": 0.5, "confidence": 0.9, "speaker": 0},
            {"word": "c", "start": 2.0, "end": 2.5, "confidence": 0.9}]}]},
        {"alternatives": [{"transcript": "b", "words": [
            {"word": "b", "start": 1.0, "end": 1.5, "confidence": 0.9}]}]}],
        "utterances": [{"start": 1.9, "end": 3.0, "speaker": 1}]}}"#;
    assert_eq!(TimingFormat::detect(json), Ok(TimingFormat::Deepgram));
    let read = read_timing(json, None).expect("readable");
    assert!(
        read.warnings
            .iter()
            .any(|d| d.code == "timing.channels-merged")
    );
    let ws = read.output.words;
    let got: Vec<(&str, Option<&str>)> = ws
        .iter()
        .map(|w| (w.text.as_str(), w.speaker.as_deref()))
        .collect();
    assert_eq!(got, [("A", Some("0")), ("b", None), ("c", Some("1"))]);
}

#[test]
fn assemblyai_words_and_utterances() {
    let json = r#"{"status": "completed", "words": [], "utterances": [
        {"speaker": "B", "start": 10, "end": 900, "text": "Hi you",
         "words": [{"text": "Hi", "start": 10, "end": 300, "confidence": 0.9, "speaker": null},
                   {"text": "you", "start": 400, "end": 900, "confidence": 0.9}]}]}"#;
    assert_eq!(TimingFormat::detect(json), Ok(TimingFormat::AssemblyAi));
    let ws = read_timing(json, None).expect("readable").output.words;
    assert_eq!(ws.len(), 2);
    assert_eq!(ws[0].speaker.as_deref(), Some("B"));
    assert_eq!((ws[1].start_ms, ws[1].end_ms), (400, 900));
}

#[test]
fn segment_level_only_is_spread() {
    let json = r#"{"segments": [{"start": 1.0, "end": 2.0, "text": " one two"}]}"#;
    let read = read_timing(json, None).expect("readable");
    assert!(
        read.warnings
            .iter()
            .any(|d| d.code == "timing.segment-level")
    );
    assert_eq!(
        read.output
            .words
            .iter()
            .map(|w| (w.start_ms, w.end_ms))
            .collect::<Vec<_>>(),
        [(1000, 1500), (1500, 2000)]
    );
}

#[test]
fn unknown_dialects_name_what_was_expected() {
    let err = TimingFormat::detect(r#"{"foo": 1, "bar": []}"#).expect_err("unknown");
    assert_eq!(err.code, "timing.unknown-format");
    assert!(err.message.contains("`foo`"), "{}", err.message);
    let hint = err.hint.expect("hint");
    for expected in [
        "Whisper",
        "WhisperX",
        "Deepgram",
        "AssemblyAI",
        "SRT",
        "WebVTT",
    ] {
        assert!(hint.contains(expected), "{hint}");
    }
    assert!(TimingFormat::detect("[1, 2]").is_err());
    assert!(TimingFormat::detect("just text").is_err());
    let err = read_timing("{not json", None).expect_err("invalid");
    assert_eq!(err[0].code, "timing.json");
    // A forced format that does not fit names what it looked for.
    let err = read_timing(r#"{"words": []}"#, Some(TimingFormat::Deepgram)).expect_err("mismatch");
    assert!(
        err[0].message.contains("results.channels"),
        "{}",
        err[0].message
    );
}

#[test]
fn subtitles_are_detected_but_not_read_here() {
    assert_eq!(
        TimingFormat::detect("1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
        Ok(TimingFormat::Srt)
    );
    assert_eq!(
        TimingFormat::detect("\u{feff}WEBVTT\n"),
        Ok(TimingFormat::WebVtt)
    );
    let err = read_timing("WEBVTT\n", None).expect_err("subtitle");
    assert_eq!(err[0].code, "timing.subtitle-format");
}

#[test]
fn format_names_round_trip() {
    for f in TimingFormat::ALL {
        assert_eq!(TimingFormat::from_name(f.name()), Some(f));
    }
    assert_eq!(
        TimingFormat::from_name("WebVTT"),
        Some(TimingFormat::WebVtt)
    );
    assert_eq!(TimingFormat::from_name("nope"), None);
}

#[test]
fn invalid_times_are_dropped_with_a_warning() {
    let json = r#"{"words": [{"text": "a", "start": -5, "end": 10}, {"text": "b", "start": "x", "end": 10},
        {"text": "c", "start": 20, "end": 30}, 7]}"#;
    let read = read_timing(json, None).expect("readable");
    assert_eq!(read.output.words.len(), 1);
    assert!(
        read.warnings
            .iter()
            .any(|d| d.code == "timing.bad-time" && d.message.starts_with("3 words"))
    );
}

#[test]
fn empty_is_a_warning_here() {
    let read = read_timing(r#"{"segments": []}"#, None).expect("readable");
    assert!(read.output.words.is_empty());
    assert!(read.warnings.iter().any(|d| d.code == "timing.empty"));
}

#[test]
fn repair_backwards_and_overlapping_times() {
    let mut ws = vec![
        TimedWord::new("a", 100, 500),
        TimedWord::new("b", 400, 300),
        TimedWord::new("c", 50, 600),
        TimedWord::new("d", 700, 800),
    ];
    let warnings = repair_times(&mut ws);
    let codes: Vec<&str> = warnings.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        ["timing.inverted", "timing.non-monotonic", "timing.overlap"]
    );
    let times: Vec<(u64, u64)> = ws.iter().map(|w| (w.start_ms, w.end_ms)).collect();
    assert_eq!(times, [(100, 400), (400, 400), (400, 600), (700, 800)]);
}

#[test]
fn cues_spread_by_length_and_lose_markup() {
    let ws = words_from_cues(&[
        (0, 1000, "<i>Dis-moi,</i> est-ce"),
        (1000, 1000, "{\\an8}x"),
        (2000, 3000, "<v.loud Bob>Yes <00:00:02.500>no"),
        (3000, 4000, "<v Ann>Hm\n<v Bob>Ja</v> gut"),
    ]);
    let got: Vec<(&str, u64, u64, Option<&str>)> = ws
        .iter()
        .map(|w| (w.text.as_str(), w.start_ms, w.end_ms, w.speaker.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Dis-moi,", 0, 562, None),
            ("est-ce", 562, 1000, None),
            ("x", 1000, 1000, None),
            ("Yes", 2000, 2571, Some("Bob")),
            ("no", 2571, 3000, Some("Bob")),
            ("Hm", 3000, 3300, Some("Ann")),
            ("Ja", 3300, 3600, Some("Bob")),
            ("gut", 3600, 4000, None),
        ]
    );
}
