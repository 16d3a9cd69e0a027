//! SubViewer as YouTube reads it (`.sbv`): `H:MM:SS.mmm,H:MM:SS.mmm`, text lines, a blank line.

use crate::cue::{Cue, format_time};
use crate::formats::srt::escape_plain;

/// Writes cues as SBV.
pub(crate) fn write(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{},{}\n",
            format_time(cue.start_ms, 1, '.', 3),
            format_time(cue.end_ms, 1, '.', 3)
        ));
        for line in &cue.lines {
            out.push_str(&escape_plain(&line.text));
            out.push('\n');
        }
    }
    out
}
