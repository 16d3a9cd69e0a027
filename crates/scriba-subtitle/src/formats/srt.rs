//! SubRip (`.srt`): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, plain text lines.
//!
//! SRT has no escaping. Players that read SRT through ffmpeg or libass treat `<b>`-like tags and
//! `{\…}` override blocks as markup, so a word joiner (U+2060, invisible) is written after every
//! `<` and `{` and inside `-->`; the reader removes it again.

use scriba_core::{Diagnostic, Diagnostics, Span};

use crate::cue::{Cue, CueLine, format_time};

pub(crate) const WJ: char = '\u{2060}';

/// Neutralises markup in a plain-text line (SRT, SBV).
pub(crate) fn escape_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dashes = 0usize;
    for c in text.chars() {
        if c == '>' && dashes >= 2 {
            out.push(WJ);
        }
        out.push(c);
        if c == '<' || c == '{' {
            out.push(WJ);
        }
        dashes = if c == '-' { dashes + 1 } else { 0 };
    }
    out
}

/// Undoes [`escape_plain`].
pub(crate) fn unescape_plain(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == WJ {
            let after_open = i > 0 && matches!(chars[i - 1], '<' | '{');
            let in_arrow = i >= 2
                && chars[i - 1] == '-'
                && chars[i - 2] == '-'
                && chars.get(i + 1) == Some(&'>');
            if after_open || in_arrow {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Removes the markup other programs put into SRT: `<i>`, `<b>`, `<u>`, `<s>`, `<font …>` tags
/// (and their closing tags) and `{\…}` override blocks. Markup that scriba neutralised with a
/// word joiner is not markup and stays.
pub(crate) fn strip_markup(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(close) = rest.find('>')
        {
            let tag = rest[1..close].trim_start_matches('/').to_ascii_lowercase();
            let name = tag.split([' ', '\t']).next().unwrap_or("");
            if matches!(name, "i" | "b" | "u" | "s" | "font") {
                rest = &rest[close + 1..];
                continue;
            }
        }
        if rest.starts_with("{\\")
            && let Some(close) = rest.find('}')
        {
            rest = &rest[close + 1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Writes cues as SRT (LF line ends, one blank line between cues, final newline).
pub(crate) fn write(cues: &[Cue]) -> String {
    let mut out = String::new();
    for (i, cue) in cues.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}\n{} --> {}\n",
            i + 1,
            format_time(cue.start_ms, 2, ',', 3),
            format_time(cue.end_ms, 2, ',', 3)
        ));
        for line in &cue.lines {
            out.push_str(&escape_plain(&line.text));
            out.push('\n');
        }
    }
    out
}

/// Parses `H:MM:SS,mmm` (also with `.`); hours may have any number of digits.
pub(crate) fn parse_time(s: &str, seps: &[char]) -> Option<u64> {
    let s = s.trim();
    let (hms, frac) = s.rsplit_once(seps)?;
    if frac.len() != 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = hms.split(':').collect();
    let num = |p: &str| -> Option<u64> {
        (!p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (h, m, sec) = match parts.as_slice() {
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        [m, s] => (0, num(m)?, num(s)?),
        _ => return None,
    };
    if m > 59 || sec > 59 || (parts.len() == 3 && (parts[1].len() != 2 || parts[2].len() != 2)) {
        return None;
    }
    Some(((h * 60 + m) * 60 + sec) * 1000 + frac.parse::<u64>().ok()?)
}

fn error(line: usize, message: String) -> Diagnostic {
    Diagnostic::error("subtitle.read-srt", message)
        .at(Span::new(u32::try_from(line).unwrap_or(u32::MAX), 1))
        .with_hint("an SRT cue is a number, a `HH:MM:SS,mmm --> HH:MM:SS,mmm` line and text lines, followed by a blank line")
}

/// Reads SRT: markup of other programs is removed, every error is collected with its line
/// number.
pub(crate) fn read(text: &str) -> Result<Vec<Cue>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut cues = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let mut timing = i;
        if !lines[i].contains("-->") {
            if !lines[i].trim().chars().all(|c| c.is_ascii_digit()) {
                errors.push(error(
                    i + 1,
                    format!("expected a cue number, found `{}`", lines[i].trim()),
                ));
            }
            timing = i + 1;
        }
        let Some(tline) = lines.get(timing).filter(|l| l.contains("-->")) else {
            errors.push(error(
                timing + 1,
                "expected a timing line `HH:MM:SS,mmm --> HH:MM:SS,mmm`".to_owned(),
            ));
            while i < lines.len() && !lines[i].trim().is_empty() {
                i += 1;
            }
            continue;
        };
        let mut parts = tline.splitn(2, "-->");
        let start = parts.next().and_then(|s| parse_time(s, &[',', '.']));
        let end = parts
            .next()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| parse_time(s, &[',', '.']));
        i = timing + 1;
        let mut cue_lines = Vec::new();
        while i < lines.len() && !lines[i].trim().is_empty() {
            cue_lines.push(CueLine::new(unescape_plain(&strip_markup(lines[i]))));
            i += 1;
        }
        match (start, end) {
            (Some(s), Some(e)) if s < e => cues.push(Cue {
                start_ms: s,
                end_ms: e,
                lines: cue_lines,
            }),
            (Some(_), Some(_)) => errors.push(error(
                timing + 1,
                "the cue ends before it starts".to_owned(),
            )),
            _ => errors.push(error(
                timing + 1,
                format!("bad timing line `{}`", tline.trim()),
            )),
        }
    }
    if errors.is_empty() {
        Ok(cues)
    } else {
        Err(errors)
    }
}
