//! Timing sources: word timings read from speech recognizer JSON or spread over subtitle cues.

use std::fmt;

use scriba_core::{Diagnostic, Diagnostics, Warned};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One timed word of a timing source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimedWord {
    /// The word as the source writes it (trimmed; may carry punctuation).
    pub text: String,
    /// Start in ms.
    pub start_ms: u64,
    /// End in ms (not before the start).
    pub end_ms: u64,
    /// The recognizer's confidence (0–1) when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// The speaker label of a diarized source (`A`, `0`, `SPEAKER_01` …) when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

impl TimedWord {
    /// A word with times and neither confidence nor speaker.
    pub fn new(text: impl Into<String>, start_ms: u64, end_ms: u64) -> Self {
        Self {
            text: text.into(),
            start_ms,
            end_ms,
            confidence: None,
            speaker: None,
        }
    }
}

/// The dialect of a timing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TimingFormat {
    /// openai-whisper JSON: `segments[].words[]` with `word`, `start`, `end`, `probability`
    /// (seconds).
    Whisper,
    /// whisper-timestamped JSON: `segments[].words[]` with `text`, `start`, `end`,
    /// `confidence` (seconds).
    WhisperTimestamped,
    /// WhisperX JSON: `segments[].words[]` with `word`, `start`, `end`, `score`, `speaker`
    /// (seconds; words it could not align have no times), or `word_segments[]`.
    WhisperX,
    /// Deepgram JSON: `results.channels[].alternatives[].words[]` with `word` or
    /// `punctuated_word`, `start`, `end`, `confidence`, `speaker` (seconds).
    Deepgram,
    /// AssemblyAI JSON: `words[]` (or `utterances[].words[]`) with `text`, `start`, `end`,
    /// `confidence`, `speaker` (milliseconds).
    AssemblyAi,
    /// SubRip subtitles; read the cues with the subtitle crate and pass them to
    /// [`TimingTrack::from_cues`].
    Srt,
    /// WebVTT subtitles; read the cues with the subtitle crate and pass them to
    /// [`TimingTrack::from_cues`].
    WebVtt,
}

impl TimingFormat {
    /// Every format, in the order they are listed in messages.
    pub const ALL: [TimingFormat; 7] = [
        TimingFormat::Whisper,
        TimingFormat::WhisperTimestamped,
        TimingFormat::WhisperX,
        TimingFormat::Deepgram,
        TimingFormat::AssemblyAi,
        TimingFormat::Srt,
        TimingFormat::WebVtt,
    ];

    /// The stable name used on the command line (`--timing-format`), such as `whisperx`.
    pub fn name(self) -> &'static str {
        match self {
            TimingFormat::Whisper => "whisper",
            TimingFormat::WhisperTimestamped => "whisper-timestamped",
            TimingFormat::WhisperX => "whisperx",
            TimingFormat::Deepgram => "deepgram",
            TimingFormat::AssemblyAi => "assemblyai",
            TimingFormat::Srt => "srt",
            TimingFormat::WebVtt => "vtt",
        }
    }

    /// The format with the given [`TimingFormat::name`] (case-insensitive; `webvtt` is
    /// accepted for `vtt`).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.to_ascii_lowercase();
        if name == "webvtt" {
            return Some(TimingFormat::WebVtt);
        }
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether this is a subtitle format, whose cues the subtitle crate reads.
    pub fn is_subtitle(self) -> bool {
        matches!(self, TimingFormat::Srt | TimingFormat::WebVtt)
    }

    /// Recognizes the format of a timing file from its content.
    ///
    /// ```
    /// # use scriba_timing::TimingFormat;
    /// let json = r#"{"segments": [{"words": [{"word": " Hi", "start": 0.1, "end": 0.4, "probability": 0.9}]}]}"#;
    /// assert_eq!(TimingFormat::detect(json), Ok(TimingFormat::Whisper));
    /// assert_eq!(TimingFormat::detect("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n"), Ok(TimingFormat::WebVtt));
    /// assert!(TimingFormat::detect("hello").is_err());
    /// ```
    pub fn detect(text: &str) -> Result<TimingFormat, Diagnostic> {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('{') {
            let value: Value = serde_json::from_str(trimmed).map_err(|e| {
                Diagnostic::error("timing.json", format!("timing file is not valid JSON: {e}"))
            })?;
            return detect_json(&value);
        }
        if trimmed.starts_with("WEBVTT") {
            return Ok(TimingFormat::WebVtt);
        }
        let mut lines = trimmed.lines().map(str::trim).filter(|l| !l.is_empty());
        let first = lines.next().unwrap_or("");
        let second = lines.next().unwrap_or("");
        if first.contains("-->")
            || (first.chars().all(|c| c.is_ascii_digit()) && second.contains("-->"))
        {
            return Ok(TimingFormat::Srt);
        }
        Err(unknown_format("the file is neither JSON nor subtitles"))
    }
}

impl fmt::Display for TimingFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const EXPECTED: &str = "expected Whisper or whisper-timestamped JSON (`segments[].words[]`), \
WhisperX JSON (`segments[].words[]` with `score`, or `word_segments[]`), Deepgram JSON \
(`results.channels[].alternatives[].words[]`), AssemblyAI JSON (`words[]` or \
`utterances[]`), SRT or WebVTT";

fn unknown_format(what: &str) -> Diagnostic {
    Diagnostic::error(
        "timing.unknown-format",
        format!("unknown timing file format: {what}"),
    )
    .with_hint(format!(
        "{EXPECTED}; name the format explicitly if detection guessed wrong"
    ))
}

fn detect_json(value: &Value) -> Result<TimingFormat, Diagnostic> {
    let Some(obj) = value.as_object() else {
        return Err(unknown_format("the JSON document is not an object"));
    };
    if obj
        .get("results")
        .and_then(|r| r.get("channels"))
        .is_some_and(Value::is_array)
    {
        return Ok(TimingFormat::Deepgram);
    }
    if let Some(segments) = obj.get("segments").and_then(Value::as_array) {
        let first_word = segments
            .iter()
            .filter_map(|s| s.get("words").and_then(Value::as_array))
            .flatten()
            .find_map(Value::as_object);
        if obj.contains_key("word_segments") {
            return Ok(TimingFormat::WhisperX);
        }
        return Ok(match first_word {
            Some(w) if w.contains_key("score") => TimingFormat::WhisperX,
            Some(w) if w.contains_key("word") => TimingFormat::Whisper,
            Some(_) => TimingFormat::WhisperTimestamped,
            // Segments without word timings: segment times are spread over their words.
            None if segments.iter().any(|s| s.get("speaker").is_some()) => TimingFormat::WhisperX,
            None => TimingFormat::Whisper,
        });
    }
    if obj.get("word_segments").is_some_and(Value::is_array) {
        return Ok(TimingFormat::WhisperX);
    }
    if obj.get("words").is_some_and(Value::is_array)
        || obj.get("utterances").is_some_and(Value::is_array)
    {
        return Ok(TimingFormat::AssemblyAi);
    }
    let keys: Vec<&str> = obj.keys().map(String::as_str).take(8).collect();
    Err(unknown_format(&format!(
        "a JSON object with the keys {}",
        if keys.is_empty() {
            "(none)".to_owned()
        } else {
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    )))
}

/// The timed words of a timing source, in speaking order, with monotonic, non-overlapping
/// times.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimingTrack {
    /// The dialect the words were read from (`None` for tracks built in code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<TimingFormat>,
    /// The language the source declares (`language`, `language_code`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The words.
    pub words: Vec<TimedWord>,
}

impl TimingTrack {
    /// A track of the given words, with times repaired where they run backwards or overlap
    /// (see [`repair_times`]).
    pub fn from_words(words: Vec<TimedWord>) -> Warned<TimingTrack> {
        let mut words = words;
        let warnings = repair_times(&mut words);
        Warned::with(
            TimingTrack {
                format: None,
                language: None,
                words,
            },
            warnings,
        )
    }

    /// A track from subtitle cues `(start_ms, end_ms, text)`: each cue's time is spread over
    /// its words ([`words_from_cues`]), then repaired ([`repair_times`]).
    pub fn from_cues<S: AsRef<str>>(cues: &[(u64, u64, S)]) -> Warned<TimingTrack> {
        TimingTrack::from_words(words_from_cues(cues))
    }

    /// The time span the track covers, `(first start, last end)`.
    pub fn span_ms(&self) -> Option<(u64, u64)> {
        Some((self.words.first()?.start_ms, self.words.last()?.end_ms))
    }
}

/// Reads a JSON timing file. `format` overrides detection ([`TimingFormat::detect`]).
///
/// Subtitle formats are not read here: the subtitle crate reads their cues, and
/// [`TimingTrack::from_cues`] turns them into a track.
///
/// ```
/// # use scriba_timing::{read_timing, TimingFormat};
/// let json = r#"{"words": [{"text": "Hello.", "start": 170, "end": 718, "confidence": 0.99, "speaker": "A"}]}"#;
/// let track = read_timing(json, None).unwrap().output;
/// assert_eq!(track.format, Some(TimingFormat::AssemblyAi));
/// assert_eq!((track.words[0].start_ms, track.words[0].end_ms), (170, 718));
/// assert_eq!(track.words[0].speaker.as_deref(), Some("A"));
/// ```
pub fn read_timing(
    text: &str,
    format: Option<TimingFormat>,
) -> Result<Warned<TimingTrack>, Diagnostics> {
    let trimmed = text.trim_start_matches('\u{feff}');
    // Subtitles are recognized without parsing; JSON is parsed once, for detection and reading.
    let looks_like_json = trimmed.trim_start().starts_with('{');
    if !looks_like_json && format.is_none_or(TimingFormat::is_subtitle) {
        let format = match format {
            Some(f) => f,
            None => TimingFormat::detect(trimmed).map_err(|d| vec![d])?,
        };
        return Err(vec![
            Diagnostic::error(
                "timing.subtitle-format",
                format!("{format} is a subtitle format, not a JSON timing file"),
            )
            .with_hint("read its cues with the subtitle reader and build the track with TimingTrack::from_cues"),
        ]);
    }
    if let Some(f) = format.filter(|f| f.is_subtitle()) {
        return Err(vec![Diagnostic::error(
            "timing.subtitle-format",
            format!("the file was named {f}, but it is JSON"),
        )]);
    }
    let value: Value = serde_json::from_str(trimmed).map_err(|e| {
        vec![Diagnostic::error(
            "timing.json",
            format!("timing file is not valid JSON: {e}"),
        )]
    })?;
    let format = match format {
        Some(f) => f,
        None => detect_json(&value).map_err(|d| vec![d])?,
    };
    let Some(obj) = value.as_object() else {
        return Err(vec![unknown_format("the JSON document is not an object")]);
    };
    let mut reader = Reader::default();
    match format {
        TimingFormat::Whisper | TimingFormat::WhisperTimestamped | TimingFormat::WhisperX => {
            reader.whisper(obj, format)?;
        }
        TimingFormat::Deepgram => reader.deepgram(obj)?,
        TimingFormat::AssemblyAi => reader.assemblyai(obj)?,
        TimingFormat::Srt | TimingFormat::WebVtt => {}
    }
    let language = ["language", "language_code"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .or_else(|| {
            obj.get("results")
                .and_then(|r| r.get("channels"))
                .and_then(|c| c.get(0))
                .and_then(|c| c.get("detected_language"))
                .and_then(Value::as_str)
        })
        .map(str::to_owned);
    let mut warnings = reader.warnings;
    let mut words = fill_missing_times(reader.words, &mut warnings);
    warnings.extend(repair_times(&mut words));
    if words.is_empty() {
        warnings.push(
            Diagnostic::warning(
                "timing.empty",
                format!("the {format} timing file contains no timed words"),
            )
            .with_hint("the recording may be silent, or the recognizer produced nothing"),
        );
    }
    Ok(Warned::with(
        TimingTrack {
            format: Some(format),
            language,
            words,
        },
        warnings,
    ))
}

/// A word as read, before missing times are filled in.
struct RawWord {
    text: String,
    start_ms: Option<u64>,
    end_ms: Option<u64>,
    confidence: Option<f32>,
    speaker: Option<String>,
}

#[derive(Default)]
struct Reader {
    words: Vec<RawWord>,
    warnings: Diagnostics,
    bad_times: usize,
}

/// The unit of a dialect's times.
#[derive(Clone, Copy)]
enum Unit {
    Seconds,
    Millis,
}

fn time_ms(value: Option<&Value>, unit: Unit) -> Result<Option<u64>, ()> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    let v = value.as_f64().ok_or(())?;
    let ms = match unit {
        Unit::Seconds => v * 1000.0,
        Unit::Millis => v,
    };
    if !ms.is_finite() || !(0.0..=1.0e15).contains(&ms) {
        return Err(());
    }
    // Rounding to whole milliseconds; the range check above keeps the cast exact.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "finite, non-negative and below 1e15 after the check above"
    )]
    Ok(Some(ms.round() as u64))
}

fn confidence(obj: &Map<String, Value>) -> Option<f32> {
    ["confidence", "probability", "score"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_f64))
        .filter(|c| c.is_finite())
        // Confidences are reported, not computed with: f32 precision is plenty.
        .map(|c| c.clamp(0.0, 1.0) as f32)
}

fn speaker(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Reader {
    /// Reads one word object with the given text keys (first present wins).
    fn word(
        &mut self,
        value: &Value,
        text_keys: &[&str],
        unit: Unit,
        speaker_default: Option<&str>,
    ) {
        let Some(obj) = value.as_object() else {
            self.bad_times += 1;
            return;
        };
        let text = text_keys
            .iter()
            .find_map(|k| obj.get(*k).and_then(Value::as_str))
            .unwrap_or("")
            .trim();
        if text.is_empty() {
            return;
        }
        let (Ok(start_ms), Ok(end_ms)) = (
            time_ms(obj.get("start"), unit),
            time_ms(obj.get("end"), unit),
        ) else {
            self.bad_times += 1;
            return;
        };
        self.words.push(RawWord {
            text: text.to_owned(),
            start_ms,
            end_ms,
            confidence: confidence(obj),
            speaker: speaker(obj.get("speaker")).or_else(|| speaker_default.map(str::to_owned)),
        });
    }

    fn finish_bad_times(&mut self) {
        if self.bad_times > 0 {
            self.warnings.push(Diagnostic::warning(
                "timing.bad-time",
                format!(
                    "{} words with invalid times (negative, not numbers or not objects) were dropped",
                    self.bad_times
                ),
            ));
        }
    }

    fn whisper(
        &mut self,
        obj: &Map<String, Value>,
        format: TimingFormat,
    ) -> Result<(), Diagnostics> {
        let segments = obj.get("segments").and_then(Value::as_array);
        let keys: &[&str] = &["word", "text"];
        if let Some(segments) = segments {
            let mut segment_level = 0usize;
            for segment in segments {
                let words = segment.get("words").and_then(Value::as_array);
                match words {
                    Some(words) if !words.is_empty() => {
                        let speaker = speaker(segment.get("speaker"));
                        for w in words {
                            self.word(w, keys, Unit::Seconds, speaker.as_deref());
                        }
                    }
                    _ => {
                        // No word timings: spread the segment's time over its words.
                        let text = segment.get("text").and_then(Value::as_str).unwrap_or("");
                        let (Ok(Some(start)), Ok(Some(end))) = (
                            time_ms(segment.get("start"), Unit::Seconds),
                            time_ms(segment.get("end"), Unit::Seconds),
                        ) else {
                            if !text.trim().is_empty() {
                                self.bad_times += 1;
                            }
                            continue;
                        };
                        if text.trim().is_empty() {
                            continue;
                        }
                        segment_level += 1;
                        let speaker = speaker(segment.get("speaker"));
                        for w in words_from_cues(&[(start, end, text)]) {
                            self.words.push(RawWord {
                                text: w.text,
                                start_ms: Some(w.start_ms),
                                end_ms: Some(w.end_ms),
                                confidence: None,
                                speaker: speaker.clone(),
                            });
                        }
                    }
                }
            }
            if segment_level > 0 {
                self.warnings.push(
                    Diagnostic::warning(
                        "timing.segment-level",
                        format!(
                            "{segment_level} segments have no word timings; their times were spread over their words"
                        ),
                    )
                    .with_hint("run the recognizer with word timestamps for exact word times"),
                );
            }
        } else if let Some(words) = obj.get("word_segments").and_then(Value::as_array) {
            for w in words {
                self.word(w, keys, Unit::Seconds, None);
            }
        } else {
            return Err(vec![missing(format, "`segments[]` or `word_segments[]`")]);
        }
        self.finish_bad_times();
        Ok(())
    }

    fn deepgram(&mut self, obj: &Map<String, Value>) -> Result<(), Diagnostics> {
        let Some(channels) = obj
            .get("results")
            .and_then(|r| r.get("channels"))
            .and_then(Value::as_array)
        else {
            return Err(vec![missing(
                TimingFormat::Deepgram,
                "`results.channels[]`",
            )]);
        };
        let mut per_channel = Vec::new();
        for channel in channels {
            let words = channel
                .get("alternatives")
                .and_then(|a| a.get(0))
                .and_then(|a| a.get("words"))
                .and_then(Value::as_array);
            let before = self.words.len();
            for w in words.into_iter().flatten() {
                self.word(w, &["punctuated_word", "word"], Unit::Seconds, None);
            }
            per_channel.push(self.words.len() - before);
        }
        if per_channel.iter().filter(|&&n| n > 0).count() > 1 {
            // Several channels (one per microphone): merge them by time.
            self.words.sort_by_key(|w| w.start_ms.unwrap_or(u64::MAX));
            self.warnings.push(Diagnostic::note(
                "timing.channels-merged",
                format!(
                    "the Deepgram result has {} channels with words; they were merged by time",
                    per_channel.len()
                ),
            ));
        }
        // Words without a speaker take the speaker of the utterance that contains them.
        if let Some(utterances) = obj
            .get("results")
            .and_then(|r| r.get("utterances"))
            .and_then(Value::as_array)
        {
            let spans: Vec<(u64, u64, String)> = utterances
                .iter()
                .filter_map(|u| {
                    Some((
                        time_ms(u.get("start"), Unit::Seconds).ok()??,
                        time_ms(u.get("end"), Unit::Seconds).ok()??,
                        speaker(u.get("speaker"))?,
                    ))
                })
                .collect();
            for w in self.words.iter_mut().filter(|w| w.speaker.is_none()) {
                if let Some(start) = w.start_ms {
                    w.speaker = spans
                        .iter()
                        .find(|(s, e, _)| *s <= start && start < *e)
                        .map(|(_, _, sp)| sp.clone());
                }
            }
        }
        self.finish_bad_times();
        Ok(())
    }

    fn assemblyai(&mut self, obj: &Map<String, Value>) -> Result<(), Diagnostics> {
        let words = obj.get("words").and_then(Value::as_array);
        let utterances = obj.get("utterances").and_then(Value::as_array);
        match (words, utterances) {
            (Some(words), _) if !words.is_empty() => {
                for w in words {
                    self.word(w, &["text", "word"], Unit::Millis, None);
                }
            }
            (_, Some(utterances)) => {
                for u in utterances {
                    let sp = speaker(u.get("speaker"));
                    for w in u
                        .get("words")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        self.word(w, &["text", "word"], Unit::Millis, sp.as_deref());
                    }
                }
            }
            (Some(_), None) => {}
            (None, None) => {
                return Err(vec![missing(
                    TimingFormat::AssemblyAi,
                    "`words[]` or `utterances[]`",
                )]);
            }
        }
        self.finish_bad_times();
        Ok(())
    }
}

fn missing(format: TimingFormat, what: &str) -> Diagnostic {
    Diagnostic::error(
        "timing.unknown-format",
        format!("the file was read as {format} but has no {what}"),
    )
    .with_hint(format!("{EXPECTED}; check the format named for the file"))
}

/// Gives words without times (WhisperX leaves numbers unaligned) times interpolated between
/// their timed neighbours, by character length.
fn fill_missing_times(raw: Vec<RawWord>, warnings: &mut Diagnostics) -> Vec<TimedWord> {
    let missing = raw
        .iter()
        .filter(|w| w.start_ms.is_none() || w.end_ms.is_none())
        .count();
    if missing == 0 {
        return raw
            .into_iter()
            .map(|w| TimedWord {
                text: w.text,
                start_ms: w.start_ms.unwrap_or(0),
                end_ms: w.end_ms.unwrap_or(0),
                confidence: w.confidence,
                speaker: w.speaker,
            })
            .collect();
    }
    warnings.push(Diagnostic::warning(
        "timing.missing-time",
        format!("{missing} words have no time; they were interpolated between their neighbours"),
    ));
    let mut out: Vec<TimedWord> = Vec::with_capacity(raw.len());
    let mut k = 0;
    while k < raw.len() {
        let w = &raw[k];
        if let (Some(s), Some(e)) = (w.start_ms, w.end_ms) {
            out.push(TimedWord {
                text: w.text.clone(),
                start_ms: s,
                end_ms: e,
                confidence: w.confidence,
                speaker: w.speaker.clone(),
            });
            k += 1;
            continue;
        }
        // A run of words without complete times: between the previous end and the next start.
        let run_end = (k..raw.len())
            .find(|&r| raw[r].start_ms.is_some() && raw[r].end_ms.is_some())
            .unwrap_or(raw.len());
        let from = out
            .last()
            .map(|p| p.end_ms)
            .or(raw[k].start_ms)
            .unwrap_or(0);
        let to = raw
            .get(run_end)
            .and_then(|n| n.start_ms)
            .or(raw[run_end - 1].end_ms)
            .unwrap_or(from)
            .max(from);
        let joined = raw[k..run_end]
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let cues = [(from, to, joined)];
        let spread = words_from_cues(&cues);
        for (w, t) in raw[k..run_end].iter().zip(spread) {
            out.push(TimedWord {
                text: w.text.clone(),
                start_ms: t.start_ms,
                end_ms: t.end_ms,
                confidence: w.confidence,
                speaker: w.speaker.clone(),
            });
        }
        k = run_end;
    }
    out
}

/// Makes times monotonic and non-overlapping, in place, and says what it changed:
/// an end before its start is raised to the start, a start before the previous word's start
/// is raised to it, and a previous word that runs past the next word's start is cut there.
pub fn repair_times(words: &mut [TimedWord]) -> Diagnostics {
    let (mut inverted, mut backwards, mut overlaps) = (0usize, 0usize, 0usize);
    let mut first_backwards = None;
    for k in 0..words.len() {
        if words[k].end_ms < words[k].start_ms {
            words[k].end_ms = words[k].start_ms;
            inverted += 1;
        }
        if k == 0 {
            continue;
        }
        let (prev_start, prev_end) = (words[k - 1].start_ms, words[k - 1].end_ms);
        if words[k].start_ms < prev_start {
            first_backwards.get_or_insert(k);
            words[k].start_ms = prev_start;
            words[k].end_ms = words[k].end_ms.max(prev_start);
            backwards += 1;
        }
        if prev_end > words[k].start_ms {
            words[k - 1].end_ms = words[k].start_ms;
            overlaps += 1;
        }
    }
    let mut out = Vec::new();
    if inverted > 0 {
        out.push(Diagnostic::warning(
            "timing.inverted",
            format!("{inverted} words end before they start; their end was set to their start"),
        ));
    }
    if let Some(k) = first_backwards {
        out.push(
            Diagnostic::warning(
                "timing.non-monotonic",
                format!(
                    "{backwards} words start before the word preceding them (first: word {} `{}`); they were moved forward",
                    k + 1,
                    words[k].text
                ),
            )
            .with_hint("the timing file may mix several runs or channels"),
        );
    }
    if overlaps > 0 {
        out.push(Diagnostic::note(
            "timing.overlap",
            format!("{overlaps} words overlap the next word; they were cut at its start"),
        ));
    }
    out
}

/// Spreads each cue's time `(start_ms, end_ms, text)` over its words, in proportion to their
/// length in characters.
///
/// Markup of subtitle cues is removed first: tags such as `<i>` or `<c.yellow>`, inline
/// WebVTT timestamps, and ASS overrides such as `{\an8}`; a WebVTT voice span `<v Name>`
/// gives the speaker of the words in it (so a cue line read with a speaker can be passed as
/// `<v Name>line`).
///
/// ```
/// # use scriba_timing::words_from_cues;
/// let words = words_from_cues(&[(1000, 2000, "<v Anna>Hi there")]);
/// assert_eq!(words.len(), 2);
/// assert_eq!((words[0].text.as_str(), words[0].start_ms, words[0].end_ms), ("Hi", 1000, 1333));
/// assert_eq!((words[1].start_ms, words[1].end_ms), (1333, 2000));
/// assert_eq!(words[1].speaker.as_deref(), Some("Anna"));
/// ```
pub fn words_from_cues<S: AsRef<str>>(cues: &[(u64, u64, S)]) -> Vec<TimedWord> {
    let mut out = Vec::new();
    for (start, end, text) in cues {
        let chunks = strip_cue_markup(text.as_ref());
        let words: Vec<(&str, &Option<String>)> = chunks
            .iter()
            .flat_map(|(text, speaker)| text.split_whitespace().map(move |w| (w, speaker)))
            .collect();
        let (start, end) = (*start, (*end).max(*start));
        // Each word counts its characters plus one for the space after it, so that short
        // words still get some time.
        let weights: Vec<u64> = words
            .iter()
            .map(|(w, _)| w.chars().count() as u64 + 1)
            .collect();
        let total: u64 = weights.iter().sum::<u64>().max(1);
        let dur = end - start;
        let mut acc = 0u64;
        for ((word, speaker), weight) in words.iter().zip(&weights) {
            let s = start + dur * acc / total;
            acc += weight;
            let e = start + dur * acc / total;
            out.push(TimedWord {
                text: (*word).to_owned(),
                start_ms: s,
                end_ms: e,
                confidence: None,
                speaker: (*speaker).clone(),
            });
        }
    }
    out
}

/// Removes `<…>` tags and `{…}` overrides from cue text; returns the text in chunks, each
/// with the speaker of the `<v Name>` voice span it stands in.
fn strip_cue_markup(text: &str) -> Vec<(String, Option<String>)> {
    let mut chunks = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut speaker: Option<String> = None;
    let mut rest = text;
    while let Some(k) = rest.find(['<', '{']) {
        out.push_str(&rest[..k]);
        let close = if rest[k..].starts_with('<') { '>' } else { '}' };
        // A tag ends at its closing mark, unless another tag opens first (then the mark
        // was text).
        let open = if close == '>' { '<' } else { '{' };
        let end = rest[k + 1..]
            .find([open, close])
            .filter(|&e| rest[k + 1 + e..].starts_with(close))
            .map(|e| e + 1);
        match end {
            Some(e) => {
                let tag = &rest[k + 1..k + e];
                if let Some(name) = tag.strip_prefix('v').filter(|n| n.starts_with([' ', '.'])) {
                    let name = name.split_once(' ').map_or("", |(_, n)| n).trim();
                    chunks.push((std::mem::take(&mut out), speaker.take()));
                    if !name.is_empty() {
                        speaker = Some(name.to_owned());
                    }
                } else if tag == "/v" {
                    chunks.push((std::mem::take(&mut out), speaker.take()));
                }
                // Other tags (`<i>`, `{\an8}`) vanish without a trace: `<i>wo</i>rd` is one word.
                rest = &rest[k + e + close.len_utf8()..];
            }
            None => {
                // Not a tag: the mark is text.
                let mark = if rest[k..].starts_with('<') { '<' } else { '{' };
                out.push(mark);
                rest = &rest[k + 1..];
            }
        }
    }
    out.push_str(rest);
    chunks.push((out, speaker));
    chunks
}

#[cfg(test)]
mod tests;
