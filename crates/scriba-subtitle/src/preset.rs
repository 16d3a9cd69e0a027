//! Subtitle guidelines: named presets and the options that override them.

use scriba_core::Diagnostic;
use serde::{Deserialize, Serialize};

/// The limits a subtitler works to: line length, lines per cue, reading speed, durations and
/// the minimum gap between cues.
///
/// Get one with [`Preset::named`] or [`Preset::for_language`], or resolve the options of an
/// export with [`SubtitleOptions::resolve`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Preset {
    /// The preset's name, such as `netflix-de`.
    pub name: String,
    /// The most characters on one line (CJK: characters, too).
    pub max_chars_per_line: usize,
    /// The most lines in one cue.
    pub max_lines: usize,
    /// The highest reading speed in characters per second (spaces count; lines are joined
    /// with one space).
    pub max_cps: f64,
    /// The shortest time a cue stays on screen, in ms.
    pub min_duration_ms: u64,
    /// The longest time a cue stays on screen, in ms.
    pub max_duration_ms: u64,
    /// The smallest gap between two cues, in frames.
    pub min_gap_frames: u32,
    /// The frame rate the gap is counted in.
    pub fps: f64,
    /// What starts each line of a cue in which two people speak (`-` or `- `).
    pub dialogue_dash: String,
}

/// The names [`Preset::named`] accepts.
pub const PRESET_NAMES: [&str; 4] = ["netflix", "netflix-de", "bbc", "de-broadcast"];

impl Preset {
    /// A preset by name: `netflix` (Netflix English timed text style guide: 42 characters, 2
    /// lines, 17 characters per second, 5/6 s to 7 s, 2 frames at 24 fps, dash without space),
    /// `netflix-de` (Netflix German: the same limits at 25 fps, dash followed by a space),
    /// `bbc` (BBC subtitle guidelines: about 37 characters, 2 lines, 160–180 words per minute,
    /// which is taken as 16 characters per second, 1 s to 7 s) or `de-broadcast` (German
    /// broadcast practice: 37 characters, 2 lines, 15 characters per second, 1 s to 4 s).
    ///
    /// `netflix` takes the Netflix limits of Chinese, Japanese and Korean when `language` is
    /// one of those (16, 13 and 16 characters per line; 9, 4 and 12 characters per second).
    ///
    /// ```
    /// # use scriba_subtitle::Preset;
    /// assert_eq!(Preset::named("bbc", "en").map(|p| p.max_chars_per_line), Some(37));
    /// assert!(Preset::named("cinema", "en").is_none());
    /// ```
    pub fn named(name: &str, language: &str) -> Option<Self> {
        let base = |name: &str, chars, cps, min, max, fps, dash: &str| Preset {
            name: name.to_owned(),
            max_chars_per_line: chars,
            max_lines: 2,
            max_cps: cps,
            min_duration_ms: min,
            max_duration_ms: max,
            min_gap_frames: 2,
            fps,
            dialogue_dash: dash.to_owned(),
        };
        let preset = match name {
            "netflix" => match primary(language).as_str() {
                "zh" => base(name, 16, 9.0, 834, 7000, 24.0, "-"),
                "ja" => base(name, 13, 4.0, 834, 7000, 24.0, "-"),
                "ko" => base(name, 16, 12.0, 834, 7000, 24.0, "-"),
                _ => base(name, 42, 17.0, 834, 7000, 24.0, "-"),
            },
            "netflix-de" => base(name, 42, 17.0, 834, 7000, 25.0, "- "),
            "bbc" => base(name, 37, 16.0, 1000, 7000, 25.0, "- "),
            "de-broadcast" => base(name, 37, 15.0, 1000, 4000, 25.0, "- "),
            _ => return None,
        };
        Some(preset)
    }

    /// The default preset for a BCP 47 language tag: `netflix-de` for German, `bbc` for
    /// British English, `netflix` for everything else (with the CJK limits for Chinese,
    /// Japanese and Korean).
    ///
    /// ```
    /// # use scriba_subtitle::Preset;
    /// assert_eq!(Preset::for_language("de-AT").name, "netflix-de");
    /// assert_eq!(Preset::for_language("en-GB").name, "bbc");
    /// assert_eq!(Preset::for_language("und").name, "netflix");
    /// ```
    pub fn for_language(language: &str) -> Self {
        let lower = language.to_ascii_lowercase();
        let name = match primary(&lower).as_str() {
            "de" => "netflix-de",
            "en" if lower.ends_with("-gb") || lower.ends_with("-uk") => "bbc",
            _ => "netflix",
        };
        Self::named(name, language).unwrap_or_else(|| Self::netflix_fallback(name))
    }

    /// Only reached if a name in [`Preset::for_language`] were misspelt; kept total.
    fn netflix_fallback(name: &str) -> Self {
        Preset {
            name: name.to_owned(),
            max_chars_per_line: 42,
            max_lines: 2,
            max_cps: 17.0,
            min_duration_ms: 834,
            max_duration_ms: 7000,
            min_gap_frames: 2,
            fps: 24.0,
            dialogue_dash: "-".to_owned(),
        }
    }

    /// The minimum gap in ms, rounded up to the 10 ms grid cue times are kept on.
    pub fn min_gap_ms(&self) -> u64 {
        let ms = (f64::from(self.min_gap_frames) * 1000.0 / self.fps).ceil();
        ceil10(ms as u64)
    }

    /// The most characters of one cue: line length times lines.
    pub fn max_cue_chars(&self) -> usize {
        self.max_chars_per_line * self.max_lines
    }
}

pub(crate) fn ceil10(ms: u64) -> u64 {
    ms.div_ceil(10) * 10
}

fn primary(language: &str) -> String {
    language
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A published speaking rate for a language, in words per minute (for Chinese and Japanese:
/// characters per minute), used to estimate times when the transcript has none.
///
/// English 150 (the usual figure for presentations and audiobooks), German 130 (longer words),
/// French, Spanish and Italian 160, Chinese 250 characters, Japanese 300 characters, others 140.
pub fn default_speaking_rate(language: &str) -> u32 {
    match primary(language).as_str() {
        "en" => 150,
        "de" | "nl" => 130,
        "fr" | "es" | "it" | "pt" => 160,
        "zh" => 250,
        "ja" => 300,
        _ => 140,
    }
}

/// Options of the five subtitle exporters (`srt`, `vtt`, `ttml`, `ass`, `sbv`): a preset and
/// overrides of each of its values, timing and speaker labels.
///
/// Every field is optional; a missing field takes the preset's (or the language's) value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct SubtitleOptions {
    /// The preset: `netflix`, `netflix-de`, `bbc` or `de-broadcast` (see [`Preset::named`]).
    /// Default: chosen by the document's language ([`Preset::for_language`]).
    pub preset: Option<String>,
    /// Overrides the preset's line length in characters.
    pub max_chars_per_line: Option<usize>,
    /// Overrides the preset's number of lines per cue.
    pub max_lines: Option<usize>,
    /// Overrides the preset's reading speed in characters per second.
    pub max_cps: Option<f64>,
    /// Overrides the preset's minimum cue duration in ms.
    pub min_duration_ms: Option<u64>,
    /// Overrides the preset's maximum cue duration in ms.
    pub max_duration_ms: Option<u64>,
    /// Overrides the preset's minimum gap between cues, in frames.
    pub min_gap_frames: Option<u32>,
    /// Overrides the preset's frame rate.
    pub fps: Option<f64>,
    /// Overrides the preset's dialogue dash (what starts each line of a two-speaker cue).
    pub dialogue_dash: Option<String>,
    /// Speaking rate for estimated times, in words per minute (CJK: characters per minute).
    /// Default: [`default_speaking_rate`] of the document's language.
    pub speaking_rate_wpm: Option<u32>,
    /// The media duration in ms: estimated times are scaled to it. Default: the transcript's
    /// `meta.duration_ms`.
    pub duration_ms: Option<u64>,
    /// SRT and SBV only: start the first cue of each speaker turn with `Name: ` (the other
    /// formats always carry the speaker in their own way). Default: off.
    pub speaker_labels: bool,
    /// Put two short speaker turns into one cue with dialogue dashes. Default: on
    /// (`Some(true)`).
    pub dialogue: Option<bool>,
}

impl SubtitleOptions {
    /// Options with the given preset name.
    pub fn with_preset(name: &str) -> Self {
        Self {
            preset: Some(name.to_owned()),
            ..Self::default()
        }
    }

    /// The preset these options select for a document of the given language, with every
    /// override applied, checked for sense.
    pub fn resolve(&self, language: &str) -> Result<Preset, Diagnostic> {
        let mut p = match &self.preset {
            Some(name) => Preset::named(name, language).ok_or_else(|| {
                Diagnostic::error(
                    "subtitle.preset",
                    format!("unknown subtitle preset `{name}`"),
                )
                .with_hint(format!("use one of: {}", PRESET_NAMES.join(", ")))
            })?,
            None => Preset::for_language(language),
        };
        if let Some(v) = self.max_chars_per_line {
            p.max_chars_per_line = v;
        }
        if let Some(v) = self.max_lines {
            p.max_lines = v;
        }
        if let Some(v) = self.max_cps {
            p.max_cps = v;
        }
        if let Some(v) = self.min_duration_ms {
            p.min_duration_ms = v;
        }
        if let Some(v) = self.max_duration_ms {
            p.max_duration_ms = v;
        }
        if let Some(v) = self.min_gap_frames {
            p.min_gap_frames = v;
        }
        if let Some(v) = self.fps {
            p.fps = v;
        }
        if let Some(v) = &self.dialogue_dash {
            p.dialogue_dash.clone_from(v);
        }
        let bad = |what: &str| {
            Diagnostic::error(
                "subtitle.options",
                format!("invalid subtitle option: {what}"),
            )
            .with_hint("docs/subtitles.md lists the options and their ranges")
        };
        if !(4..=200).contains(&p.max_chars_per_line) {
            return Err(bad("max_chars_per_line must be between 4 and 200"));
        }
        if !(1..=6).contains(&p.max_lines) {
            return Err(bad("max_lines must be between 1 and 6"));
        }
        if !(p.max_cps.is_finite() && p.max_cps >= 1.0) {
            return Err(bad("max_cps must be at least 1"));
        }
        if !(p.fps.is_finite() && p.fps >= 1.0 && p.fps <= 1000.0) {
            return Err(bad("fps must be between 1 and 1000"));
        }
        if p.max_duration_ms < 500 || p.max_duration_ms < p.min_duration_ms + 100 {
            return Err(bad(
                "max_duration_ms must be at least 500 and above min_duration_ms",
            ));
        }
        if p.dialogue_dash.chars().count() > 4 || p.dialogue_dash.chars().any(char::is_control) {
            return Err(bad("dialogue_dash must be at most 4 printable characters"));
        }
        if self.speaking_rate_wpm == Some(0) {
            return Err(bad("speaking_rate_wpm must be above 0"));
        }
        Ok(p)
    }
}
