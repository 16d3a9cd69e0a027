//! TTML in the IMSC 1.1 Text profile (`.ttml`): one `<p>` per cue with absolute times, lines
//! separated by `<br/>`, speakers as `ttm:agent` declared in the head.

use crate::cue::{Cue, format_time};

/// Escapes XML character data and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// What the TTML head says besides the cues.
pub(crate) struct Head<'a> {
    pub(crate) language: &'a str,
    pub(crate) title: Option<&'a str>,
    pub(crate) notes: &'a [String],
    pub(crate) speakers: &'a [String],
}

/// Writes cues as an IMSC 1.1 Text profile document.
pub(crate) fn write(cues: &[Cue], head: &Head<'_>) -> String {
    // xml:lang must be a language tag or empty (unknown).
    let well_formed = !head.language.is_empty()
        && head.language.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
    let lang = if head.language == "und" || !well_formed {
        ""
    } else {
        head.language
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" xmlns:tts=\"http://www.w3.org/ns/ttml#styling\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" xml:lang=\"{}\" ttp:timeBase=\"media\" ttp:contentProfiles=\"http://www.w3.org/ns/ttml/profile/imsc1.1/text\">\n",
        esc(lang)
    ));
    out.push_str("  <head>\n    <metadata>\n");
    if let Some(title) = head.title {
        out.push_str(&format!("      <ttm:title>{}</ttm:title>\n", esc(title)));
    }
    for note in head.notes {
        out.push_str(&format!("      <ttm:desc>{}</ttm:desc>\n", esc(note)));
    }
    for (i, name) in head.speakers.iter().enumerate() {
        out.push_str(&format!(
            "      <ttm:agent type=\"person\" xml:id=\"speaker{}\">\n        <ttm:name type=\"full\">{}</ttm:name>\n      </ttm:agent>\n",
            i + 1,
            esc(name)
        ));
    }
    out.push_str("    </metadata>\n");
    out.push_str("    <styling>\n      <style xml:id=\"default\" tts:fontFamily=\"proportionalSansSerif\" tts:fontSize=\"100%\" tts:textAlign=\"center\" tts:color=\"white\"/>\n    </styling>\n");
    out.push_str("    <layout>\n      <region xml:id=\"bottom\" tts:origin=\"10% 10%\" tts:extent=\"80% 80%\" tts:displayAlign=\"after\"/>\n    </layout>\n");
    out.push_str("  </head>\n  <body region=\"bottom\" style=\"default\">\n    <div>\n");
    let agent = |name: &str| {
        head.speakers
            .iter()
            .position(|s| s == name)
            .map(|i| format!("speaker{}", i + 1))
    };
    for (i, cue) in cues.iter().enumerate() {
        let speakers: Vec<Option<String>> = cue
            .lines
            .iter()
            .map(|l| l.speaker.as_deref().and_then(agent))
            .collect();
        let one = speakers
            .first()
            .cloned()
            .flatten()
            .filter(|a| speakers.iter().all(|s| s.as_ref() == Some(a)));
        out.push_str(&format!(
            "      <p xml:id=\"c{}\" begin=\"{}\" end=\"{}\"",
            i + 1,
            format_time(cue.start_ms, 2, '.', 3),
            format_time(cue.end_ms, 2, '.', 3)
        ));
        if let Some(a) = &one {
            out.push_str(&format!(" ttm:agent=\"{a}\""));
        }
        out.push('>');
        for (k, line) in cue.lines.iter().enumerate() {
            if k > 0 {
                out.push_str("<br/>");
            }
            match (&one, &speakers[k]) {
                (None, Some(a)) => out.push_str(&format!(
                    "<span ttm:agent=\"{a}\">{}</span>",
                    esc(&line.text)
                )),
                _ => out.push_str(&esc(&line.text)),
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str("    </div>\n  </body>\n</tt>\n");
    out
}
