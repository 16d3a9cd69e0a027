//! WebVTT (`.vtt`): a `WEBVTT` header, optional `NOTE` blocks, cues with voice spans
//! (`<v Name>`) for speakers; `&`, `<` and `>` are written as character references.

use scriba_core::{Diagnostic, Diagnostics, Span};

use crate::cue::{Cue, CueLine, format_time};

/// Escapes cue text: `&`, `<`, `>` (so `-->` cannot occur).
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a voice annotation (the name in `<v Name>`): also no line breaks.
fn escape_annotation(text: &str) -> String {
    escape_text(text).replace(['\n', '\r'], " ")
}

/// Writes cues as WebVTT. `notes` become `NOTE` blocks after the header.
pub(crate) fn write(cues: &[Cue], notes: &[String]) -> String {
    let mut out = String::from("WEBVTT\n");
    for note in notes {
        // A NOTE must not contain `-->` nor a blank line.
        let clean = note.replace("-->", "->").replace("\n\n", "\n");
        out.push_str("\nNOTE\n");
        out.push_str(clean.trim_end());
        out.push('\n');
    }
    for (i, cue) in cues.iter().enumerate() {
        out.push_str(&format!(
            "\n{}\n{} --> {}\n",
            i + 1,
            format_time(cue.start_ms, 2, '.', 3),
            format_time(cue.end_ms, 2, '.', 3)
        ));
        let same_speaker = cue
            .lines
            .first()
            .and_then(|l| l.speaker.as_ref())
            .filter(|s| cue.lines.iter().all(|l| l.speaker.as_ref() == Some(*s)));
        if let Some(name) = same_speaker {
            out.push_str(&format!("<v {}>", escape_annotation(name)));
            for (k, line) in cue.lines.iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                out.push_str(&escape_text(&line.text));
            }
            out.push_str("</v>\n");
        } else {
            for line in &cue.lines {
                match &line.speaker {
                    Some(name) => out.push_str(&format!(
                        "<v {}>{}</v>\n",
                        escape_annotation(name),
                        escape_text(&line.text)
                    )),
                    None => {
                        out.push_str(&escape_text(&line.text));
                        out.push('\n');
                    }
                }
            }
        }
    }
    out
}

fn error(line: usize, message: String) -> Diagnostic {
    Diagnostic::error("subtitle.read-vtt", message)
        .at(Span::new(u32::try_from(line).unwrap_or(u32::MAX), 1))
        .with_hint("a WebVTT file starts with `WEBVTT`; a cue is an optional id, a `HH:MM:SS.mmm --> HH:MM:SS.mmm` line and text lines")
}

/// Decodes a character reference starting at `&` in `s`; returns the text and its length.
fn entity(s: &str) -> Option<(String, usize)> {
    let end = s.find(';')?;
    let name = &s[1..end];
    let text = match name {
        "amp" => "&".to_owned(),
        "lt" => "<".to_owned(),
        "gt" => ">".to_owned(),
        "quot" => "\"".to_owned(),
        "apos" => "'".to_owned(),
        "nbsp" => "\u{a0}".to_owned(),
        "lrm" => "\u{200e}".to_owned(),
        "rlm" => "\u{200f}".to_owned(),
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    name.strip_prefix('#')?.parse().ok()?
                };
            char::from_u32(code)?.to_string()
        }
    };
    Some((text, end + 1))
}

/// Parses cue text into lines with speakers: voice spans give the speaker, other tags are
/// dropped, character references decoded.
fn parse_payload(lines: &[&str]) -> Vec<CueLine> {
    let mut out = Vec::new();
    let mut voice: Option<String> = None;
    for line in lines {
        let mut text = String::new();
        let mut speaker = voice.clone();
        let mut rest = *line;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                let Some(close) = rest.find('>') else {
                    text.push_str(rest);
                    break;
                };
                let tag = &rest[1..close];
                if let Some(name) = tag
                    .strip_prefix('v')
                    .filter(|t| t.starts_with([' ', '\t', '.']))
                {
                    let name = name.split_once([' ', '\t']).map_or("", |(_, n)| n).trim();
                    let name = decode(name);
                    if text.trim().is_empty() {
                        speaker = Some(name.clone());
                    }
                    voice = Some(name);
                } else if tag == "/v" {
                    voice = None;
                }
                rest = &rest[close + 1..];
            } else if c == '&' {
                match entity(rest) {
                    Some((t, len)) => {
                        text.push_str(&t);
                        rest = &rest[len..];
                    }
                    None => {
                        text.push('&');
                        rest = &rest[1..];
                    }
                }
            } else {
                text.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out.push(CueLine { speaker, text });
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '&'
            && let Some((t, len)) = entity(rest)
        {
            out.push_str(&t);
            rest = &rest[len..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Reads WebVTT: cues with their voices; NOTE, STYLE and REGION blocks are skipped.
pub(crate) fn read(text: &str) -> Result<Vec<Cue>, Diagnostics> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let header_ok = lines
        .first()
        .is_some_and(|l| *l == "WEBVTT" || l.starts_with("WEBVTT ") || l.starts_with("WEBVTT\t"));
    if !header_ok {
        return Err(vec![error(
            1,
            "the file does not start with `WEBVTT`".to_owned(),
        )]);
    }
    let mut i = 1;
    while i < lines.len() && !lines[i].trim().is_empty() {
        i += 1;
    }
    let mut cues = Vec::new();
    let mut errors = Vec::new();
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let first = lines[i];
        if first == "NOTE"
            || first.starts_with("NOTE ")
            || first.starts_with("NOTE\t")
            || first == "STYLE"
            || first == "REGION"
        {
            while i < lines.len() && !lines[i].trim().is_empty() {
                i += 1;
            }
            continue;
        }
        let timing = if first.contains("-->") { i } else { i + 1 };
        let Some(tline) = lines.get(timing).filter(|l| l.contains("-->")) else {
            // A block without a timing line is not a cue; the WebVTT parsing algorithm skips
            // it (whisper-timestamped, for one, writes its `WEBVTT` header twice).
            while i < lines.len() && !lines[i].trim().is_empty() {
                i += 1;
            }
            continue;
        };
        let mut parts = tline.splitn(2, "-->");
        let start = parts
            .next()
            .and_then(|s| crate::formats::srt::parse_time(s, &['.']));
        let end = parts
            .next()
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| crate::formats::srt::parse_time(s, &['.']));
        i = timing + 1;
        let from = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        match (start, end) {
            (Some(s), Some(e)) if s < e => cues.push(Cue {
                start_ms: s,
                end_ms: e,
                lines: parse_payload(&lines[from..i]),
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
