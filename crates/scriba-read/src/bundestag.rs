//! German Bundestag plenary protocols (`dbtplenarprotokoll` XML, as published by the
//! Bundestag's open data service).
//!
//! The proceedings (`sitzungsverlauf`) become the body: a speaker turn starts at each
//! `<p klasse="redner">` (with its `<redner>` record), `<name>` line or `<p klasse="N">`;
//! `<kommentar>` becomes an event; `T_fett` paragraphs become headings. The appendices
//! (`anlagen`) become back matter. The table of contents is derived data and is not read.

use quick_xml::Reader;
use quick_xml::events::Event;
use scriba_core::{Block, Diagnostic, EventKind, Meta, Paragraph, Transcript, Warned};

use crate::decode::span_at;
use crate::speakers::Registry;
use crate::{ReadOptions, inline};

/// A speaker record from `<redner>`.
#[derive(Default)]
struct Redner {
    parts: Vec<(String, String)>,
}

impl Redner {
    fn get(&self, key: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn name(&self) -> String {
        ["titel", "vorname", "namenszusatz", "nachname"]
            .iter()
            .filter_map(|k| self.get(k))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn role(&self) -> Option<String> {
        self.get("rolle_lang")
            .or_else(|| self.get("fraktion"))
            .map(str::to_owned)
    }
}

/// Reads a plenary protocol.
pub(crate) fn read(text: &str, _opts: &ReadOptions) -> Result<Warned<Transcript>, Diagnostic> {
    let mut reader = Reader::from_str(text);
    let mut diags = Vec::new();
    let mut meta = Meta {
        language: Some("de".to_owned()),
        publisher: Some("Deutscher Bundestag".to_owned()),
        ..Meta::default()
    };
    let mut reg = Registry::default();
    let mut body: Vec<Block> = Vec::new();
    let mut back: Vec<Block> = Vec::new();

    let mut stack: Vec<String> = Vec::new();
    let mut text_buf = String::new();
    let mut p_class: Option<String> = None;
    let mut redner: Option<Redner> = None;
    let mut redner_field: Option<String> = None;
    let mut pending_speaker: Option<(String, Option<String>)> = None;
    let mut turn: Option<(String, Vec<Paragraph>)> = None;
    let mut sitzungstitel = String::new();
    let mut row: Vec<String> = Vec::new();
    let mut datum: Option<String> = None;

    let close_turn = |turn: &mut Option<(String, Vec<Paragraph>)>, body: &mut Vec<Block>| {
        if let Some((speaker, paragraphs)) = turn.take()
            && !paragraphs.is_empty()
        {
            body.push(Block::Turn {
                speaker: Some(speaker),
                start_ms: None,
                paragraphs,
            });
        }
    };

    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            Diagnostic::error("read.xml", format!("XML is not well-formed: {e}"))
                .at(span_at(text, pos))
        })?;
        let in_verlauf = stack.iter().any(|s| s == "sitzungsverlauf");
        let in_anlagen = stack.iter().any(|s| s == "anlagen");
        match event {
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(Diagnostic::error(
                        "read.xml",
                        format!("XML is not well-formed: the file ends inside `<{open}>`"),
                    )
                    .at(span_at(text, text.len())));
                }
                break;
            }
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                match name.as_str() {
                    "p" => {
                        p_class = e
                            .try_get_attribute("klasse")
                            .ok()
                            .flatten()
                            .and_then(|a| a.unescape_value().ok())
                            .map(|v| v.into_owned());
                        text_buf.clear();
                    }
                    "kommentar" | "name" | "sitzungstitel" | "td" | "th" => text_buf.clear(),
                    "tr" => row.clear(),
                    // Footnote marks and footnotes inside a paragraph are separate words.
                    "sup" | "fussnote" => text_buf.push(' '),
                    "redner" => redner = Some(Redner::default()),
                    "datum" if datum.is_none() => {
                        datum = e
                            .try_get_attribute("date")
                            .ok()
                            .flatten()
                            .and_then(|a| a.unescape_value().ok())
                            .map(|v| v.into_owned());
                    }
                    _ => {}
                }
                if redner.is_some() && name != "redner" {
                    redner_field = Some(name.clone());
                }
                stack.push(name);
            }
            Event::Empty(_) => {}
            Event::Text(t) => {
                let s = t.unescape().map_err(|e| {
                    Diagnostic::error("read.xml", format!("bad XML text: {e}"))
                        .at(span_at(text, pos))
                })?;
                if let (Some(r), Some(f)) = (&mut redner, &redner_field) {
                    r.parts.push((f.clone(), s.into_owned()));
                } else if redner.is_none() {
                    text_buf.push_str(&s);
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                stack.pop();
                let span = span_at(text, pos);
                let content_text = collapse(&text_buf);
                match name.as_str() {
                    "redner" => {
                        if let Some(r) = redner.take() {
                            pending_speaker = Some((r.name(), r.role()));
                        }
                        redner_field = None;
                    }
                    _ if redner.is_some() => {}
                    "sitzungstitel" if !in_verlauf => sitzungstitel = content_text,
                    "p" if in_verlauf => {
                        let class = p_class.take().unwrap_or_default();
                        if class == "redner" || class == "N" {
                            let (name, role) = pending_speaker
                                .take()
                                .unwrap_or_else(|| label_name(&content_text));
                            let id = speaker_id(&mut reg, &name, role.as_deref(), &content_text);
                            close_turn(&mut turn, &mut body);
                            turn = Some((id, Vec::new()));
                        } else if class.starts_with("T_fett") || class == "T_NaS" {
                            close_turn(&mut turn, &mut body);
                            let content = inline::parse(&content_text, Some(span), &mut diags);
                            body.push(Block::Heading {
                                level: 2,
                                content,
                                span: Some(span),
                            });
                        } else if !content_text.is_empty() {
                            let content = inline::parse(&content_text, Some(span), &mut diags);
                            let paragraph = Paragraph {
                                content,
                                span: Some(span),
                                ..Paragraph::default()
                            };
                            match &mut turn {
                                Some((_, paragraphs)) => paragraphs.push(paragraph),
                                None => body.push(Block::Paragraph(paragraph)),
                            }
                        }
                        text_buf.clear();
                    }
                    "p" if in_anlagen && !content_text.is_empty() => {
                        let content = inline::parse(&content_text, Some(span), &mut diags);
                        back.push(Block::Paragraph(Paragraph {
                            content,
                            span: Some(span),
                            ..Paragraph::default()
                        }));
                        text_buf.clear();
                    }
                    "name" if in_verlauf => {
                        let (name, role) = label_name(&content_text);
                        let id = speaker_id(&mut reg, &name, role.as_deref(), &content_text);
                        close_turn(&mut turn, &mut body);
                        turn = Some((id, Vec::new()));
                        text_buf.clear();
                    }
                    "kommentar" if in_verlauf => {
                        let desc = content_text
                            .trim()
                            .trim_start_matches('(')
                            .trim_end_matches(')')
                            .trim()
                            .to_owned();
                        let kind = inline::classify_event(&desc).unwrap_or(EventKind::Other);
                        let kind = if desc.contains("Zuruf") && kind == EventKind::Other {
                            EventKind::Interjection
                        } else {
                            kind
                        };
                        close_turn_keep(&mut turn, &mut body);
                        body.push(Block::Event {
                            kind,
                            description: desc,
                            span: Some(span),
                        });
                        text_buf.clear();
                    }
                    "td" | "th" => {
                        row.push(content_text);
                        text_buf.clear();
                    }
                    // A table row of the appendices (lists of members): one paragraph.
                    "tr" if in_anlagen && row.iter().any(|c| !c.is_empty()) => {
                        let line = row
                            .iter()
                            .filter(|c| !c.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" · ");
                        let content = inline::parse(&line, Some(span), &mut diags);
                        back.push(Block::Paragraph(Paragraph {
                            content,
                            span: Some(span),
                            ..Paragraph::default()
                        }));
                        row.clear();
                    }
                    "sitzungsverlauf" => close_turn(&mut turn, &mut body),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    close_turn(&mut turn, &mut body);
    meta.title = Some(if sitzungstitel.is_empty() {
        "Plenarprotokoll".to_owned()
    } else {
        format!("Deutscher Bundestag, {sitzungstitel}")
    });
    meta.date = datum.as_deref().and_then(german_date);
    diags.push(Diagnostic::note(
        "read.bundestag",
        "read a Bundestag plenary protocol: the proceedings are the body, the appendices the back matter, the table of contents is not read",
    ));
    let doc = Transcript {
        meta,
        speakers: reg.into_speakers(),
        body,
        back,
        ..Transcript::default()
    };
    Ok(Warned::with(doc, diags))
}

/// Ends the current turn's block at an event but keeps its speaker talking afterwards.
fn close_turn_keep(turn: &mut Option<(String, Vec<Paragraph>)>, body: &mut Vec<Block>) {
    if let Some((speaker, paragraphs)) = turn
        && !paragraphs.is_empty()
    {
        body.push(Block::Turn {
            speaker: Some(speaker.clone()),
            start_ms: None,
            paragraphs: std::mem::take(paragraphs),
        });
    }
}

/// The id of the speaker a label names, declaring it when new. A label such as
/// `Präsident Dr. Wolfgang Schäuble:` matches a known speaker whose name it ends with.
fn speaker_id(reg: &mut Registry, name: &str, role: Option<&str>, _label: &str) -> String {
    if let Some(id) = reg.find(name) {
        return id;
    }
    let found = reg.find_suffix(name);
    found.unwrap_or_else(|| reg.declare(name, None, role))
}

/// Presiding roles that precede a name in a label.
const ROLES: &[&str] = &[
    "Alterspräsidentin",
    "Alterspräsident",
    "Vizepräsidentin",
    "Vizepräsident",
    "Präsidentin",
    "Präsident",
];

/// `Präsident Dr. Wolfgang Schäuble:` → (`Dr. Wolfgang Schäuble`, `Präsident`);
/// `Dr. Angela Merkel (CDU/CSU):` → `Dr. Angela Merkel`;
/// `Olaf Scholz, Bundesminister der Finanzen:` → (`Olaf Scholz`, `Bundesminister der Finanzen`).
fn label_name(label: &str) -> (String, Option<String>) {
    let t = label.trim().trim_end_matches(':').trim();
    let t = t.split(" (").next().unwrap_or(t);
    let (t, office) = match t.split_once(',') {
        Some((name, office)) => (name.trim(), Some(office.trim().to_owned())),
        None => (t.trim(), None),
    };
    for role in ROLES {
        if let Some(name) = t.strip_prefix(role).and_then(|n| n.strip_prefix(' ')) {
            return (name.trim().to_owned(), Some((*role).to_owned()));
        }
    }
    (t.to_owned(), office)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `14.03.2018` → `2018-03-14`.
fn german_date(s: &str) -> Option<String> {
    let mut parts = s.split('.');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    (ok(d, 2) && ok(m, 2) && ok(y, 4)).then(|| format!("{y}-{m}-{d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_turns_comments_and_speakers() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<dbtplenarprotokoll><vorspann><kopfdaten><sitzungstitel><sitzungsnr>19</sitzungsnr>. Sitzung</sitzungstitel>
<veranstaltungsdaten><datum date="14.03.2018">Mittwoch</datum></veranstaltungsdaten></kopfdaten></vorspann>
<sitzungsverlauf><rede id="r1"><p klasse="redner"><redner id="1"><name><titel>Dr.</titel><vorname>Angela</vorname><nachname>Merkel</nachname><fraktion>CDU/CSU</fraktion></name></redner>Dr. Angela Merkel (CDU/CSU):</p>
<p klasse="J_1">Ja, ich nehme die Wahl an &amp; danke.</p><kommentar>(Beifall bei der CDU/CSU)</kommentar>
<name>Präsident Dr. Wolfgang Schäuble:</name><p klasse="J_1">Ich gratuliere.</p></rede></sitzungsverlauf></dbtplenarprotokoll>"#;
        let w = read(xml, &ReadOptions::default()).expect("well-formed");
        let doc = w.output;
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("Deutscher Bundestag, 19. Sitzung")
        );
        assert_eq!(doc.meta.date.as_deref(), Some("2018-03-14"));
        let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Dr. Angela Merkel", "Dr. Wolfgang Schäuble"]);
        assert_eq!(doc.speakers[1].role.as_deref(), Some("Präsident"));
        assert_eq!(doc.speakers[0].role.as_deref(), Some("CDU/CSU"));
        assert_eq!(
            doc.body_words().join(" "),
            "Ja, ich nehme die Wahl an & danke. [Beifall bei der CDU/CSU] Ich gratuliere."
        );
        assert!(matches!(
            doc.body[1],
            Block::Event {
                kind: EventKind::Applause,
                ..
            }
        ));
        assert!(read("<dbtplenarprotokoll><p>", &ReadOptions::default()).is_err());
    }
}
