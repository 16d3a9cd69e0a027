//! Cues: what every subtitle format holds, and what the SRT and WebVTT readers return.

use serde::{Deserialize, Serialize};

/// One subtitle: a time span and the lines shown during it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cue {
    /// When the cue appears, in ms.
    pub start_ms: u64,
    /// When the cue disappears, in ms (after the start).
    pub end_ms: u64,
    /// The lines, top to bottom.
    pub lines: Vec<CueLine>,
}

/// One line of a cue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CueLine {
    /// The display name of who speaks the line, when known (WebVTT `<v>`, ASS `Name`, TTML
    /// `ttm:agent`; SRT and SBV do not carry it unless the `speaker_labels` option writes it
    /// into the text).
    pub speaker: Option<String>,
    /// The line as shown, including a dialogue dash or a `Name: ` label, unescaped.
    pub text: String,
}

impl CueLine {
    /// A line without a speaker.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            speaker: None,
            text: text.into(),
        }
    }
}

impl Cue {
    /// The lines joined with `\n`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&line.text);
        }
        out
    }

    /// The number of characters a viewer reads: the lines joined with one space (what reading
    /// speed is measured on).
    pub fn reading_chars(&self) -> usize {
        let n: usize = self.lines.iter().map(|l| l.text.chars().count()).sum();
        n + self.lines.len().saturating_sub(1)
    }

    /// How long the cue is shown, in ms.
    pub fn duration_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// `H:MM:SS` plus a fraction separated by `sep` with `digits` digits (3 = ms, 2 = cs); at
/// least `hour_digits` hour digits, more when needed.
pub(crate) fn format_time(ms: u64, hour_digits: usize, sep: char, digits: usize) -> String {
    let h = ms / 3_600_000;
    let m = ms / 60_000 % 60;
    let s = ms / 1000 % 60;
    let frac = ms % 1000;
    if digits == 2 {
        format!("{h:0hour_digits$}:{m:02}:{s:02}{sep}{:02}", frac / 10)
    } else {
        format!("{h:0hour_digits$}:{m:02}:{s:02}{sep}{frac:03}")
    }
}
