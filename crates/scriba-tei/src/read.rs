//! The TEI reader: a TEI document as [`crate::export`] writes it → model.
//!
//! The document is parsed with quick-xml into a small element tree first; the tree is then
//! walked the way the writer laid it out (`docs/tei.md`).

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use scriba_core::{
    Block, Diagnostic, Diagnostics, Field, Inline, Paragraph, Span, Speaker, Transcript, Warned,
    WordTime,
};

use crate::date::parse_iso_duration;
use crate::vocab;
use crate::write::{BACK_DIV, BODY_DIV, DIGEST_IDNO, FRONT_DIV, SUPPLIED_TITLE};

/// An element of the parsed document.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    fn children_named<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The concatenated text of every descendant.
    fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.push_text(out),
            }
        }
    }
}

/// The line and column of a byte offset.
fn span_at(xml: &str, offset: usize) -> Span {
    let mut end = offset.min(xml.len());
    while !xml.is_char_boundary(end) {
        end -= 1;
    }
    let before = &xml[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Span::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

fn start_element(e: &BytesStart<'_>) -> Result<Element, String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| err.to_string())?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr.unescape_value().map_err(|err| err.to_string())?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Parses the document into an element tree (the root element).
fn parse(xml: &str) -> Result<Element, Diagnostics> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let error = |pos: u64, message: String| {
        vec![
            Diagnostic::error(
                "tei.parse",
                format!("the TEI document is not well-formed: {message}"),
            )
            .at(span_at(xml, usize::try_from(pos).unwrap_or(usize::MAX))),
        ]
    };
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| error(reader.buffer_position(), e.to_string()))?;
        match event {
            Event::Start(e) => {
                if root.is_some() {
                    return Err(error(pos, "content after the root element".into()));
                }
                stack.push(start_element(&e).map_err(|m| error(pos, m))?);
            }
            Event::Empty(e) => {
                let element = start_element(&e).map_err(|m| error(pos, m))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None if root.is_none() => root = Some(element),
                    None => return Err(error(pos, "content after the root element".into())),
                }
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    return Err(error(pos, "unexpected end tag".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| error(pos, e.to_string()))?;
                push_text(&mut stack, &text, || {
                    error(pos, "text outside the root element".into())
                })?;
            }
            Event::CData(c) => {
                let text = String::from_utf8_lossy(&c.into_inner()).into_owned();
                push_text(&mut stack, &text, || {
                    error(pos, "text outside the root element".into())
                })?;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(error(
            reader.buffer_position(),
            "the document ends inside an element".into(),
        ));
    }
    root.ok_or_else(|| error(0, "there is no root element".into()))
}

fn push_text(
    stack: &mut [Element],
    text: &str,
    error: impl FnOnce() -> Diagnostics,
) -> Result<(), Diagnostics> {
    match stack.last_mut() {
        Some(parent) => {
            if let Some(Node::Text(prev)) = parent.children.last_mut() {
                prev.push_str(text);
            } else if !text.is_empty() {
                parent.children.push(Node::Text(text.to_owned()));
            }
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(error()),
    }
}

/// What the anchors of one word say: start, end and how the time was obtained.
type WordEntry = (
    Option<u64>,
    Option<u64>,
    Option<scriba_core::WordTimeSource>,
);

/// Times and word times found while reading one paragraph.
#[derive(Default)]
struct Timing {
    start: Option<u64>,
    end: Option<u64>,
    turn_start: Option<u64>,
    /// Word index → (start, end, source).
    words: BTreeMap<usize, WordEntry>,
}

struct Reader {
    doc: Transcript,
    warnings: Diagnostics,
    /// `when/@xml:id` → ms.
    times: BTreeMap<String, u64>,
}

/// Reads a TEI document written by [`crate::export`].
pub(crate) fn read(xml: &str) -> Result<Warned<Transcript>, Diagnostics> {
    let root = parse(xml)?;
    if root.name != "TEI" || root.attr("xmlns") != Some(crate::TEI_NS) {
        return Err(vec![
            Diagnostic::error(
                "tei.root",
                format!(
                    "the root element is `{}`, expected `TEI` in the namespace {}",
                    root.name,
                    crate::TEI_NS
                ),
            )
            .with_hint("scriba reads back the TEI documents it writes (`--to tei`)"),
        ]);
    }
    if root
        .child("text")
        .and_then(|t| t.child("body"))
        .is_some_and(|b| b.child("annotationBlock").is_some())
    {
        return Err(vec![
            Diagnostic::error(
                "tei.iso-profile",
                "this is an ISO/TEI (ISO 24624) document; scriba reads back only its full TEI profile",
            )
            .with_hint("export with the default profile to keep a copy that can be read back"),
        ]);
    }
    let mut r = Reader {
        doc: Transcript::default(),
        warnings: Vec::new(),
        times: BTreeMap::new(),
    };
    if let Some(header) = root.child("teiHeader") {
        r.header(header);
    }
    match root.child("text") {
        Some(text) => r.text(text),
        None => r.warn("tei.structure", "the document has no `text` element".into()),
    }
    Ok(Warned::with(r.doc, r.warnings))
}

impl Reader {
    fn warn(&mut self, code: &str, message: String) {
        self.warnings.push(Diagnostic::warning(code, message));
    }

    fn header(&mut self, header: &Element) {
        let meta = &mut self.doc.meta;
        if let Some(file) = header.child("fileDesc") {
            if let Some(stmt) = file.child("titleStmt") {
                for title in stmt.children_named("title") {
                    match title.attr("type") {
                        Some("sub") => meta.subtitle = Some(title.text()),
                        Some(SUPPLIED_TITLE) => {}
                        _ => meta.title = Some(title.text()),
                    }
                }
                for resp in stmt.children_named("respStmt") {
                    meta.contributors
                        .extend(resp.children_named("name").map(Element::text));
                }
            }
            if let Some(stmt) = file.child("publicationStmt") {
                meta.publisher = stmt.child("publisher").map(Element::text);
                meta.rights = stmt
                    .child("availability")
                    .and_then(|a| a.child("licence"))
                    .map(Element::text);
                meta.identifier = stmt
                    .children_named("idno")
                    .find(|i| i.attr("type") != Some(DIGEST_IDNO))
                    .map(Element::text);
            }
            if let Some(notes) = file.child("notesStmt") {
                for note in notes.children_named("note") {
                    if let (Some("metadata"), Some(key)) = (note.attr("type"), note.attr("n")) {
                        meta.extra.insert(key.to_owned(), note.text());
                    }
                }
            }
            if let Some(source) = file.child("sourceDesc") {
                meta.source_url = source
                    .child("bibl")
                    .and_then(|b| b.child("ref"))
                    .map(Element::text);
                if let Some(rec) = source
                    .child("recordingStmt")
                    .and_then(|s| s.child("recording"))
                {
                    meta.duration_ms = rec.attr("dur-iso").and_then(parse_iso_duration);
                    meta.date = rec.child("date").map(Element::text);
                    meta.media_url = rec
                        .child("media")
                        .map(|m| m.attr("url").unwrap_or_default().to_owned());
                }
            }
        }
        if let Some(profile) = header.child("profileDesc") {
            meta.language = profile
                .child("langUsage")
                .and_then(|l| l.child("language"))
                .and_then(|l| l.attr("ident"))
                .filter(|l| *l != "und")
                .map(str::to_owned);
            if let Some(list) = profile
                .child("particDesc")
                .and_then(|p| p.child("listPerson"))
            {
                for person in list.children_named("person") {
                    let id = person.attr("xml:id").unwrap_or_default().to_owned();
                    let name = person
                        .child("persName")
                        .map(Element::text)
                        .unwrap_or_default();
                    self.doc.speakers.push(Speaker {
                        id,
                        name,
                        role: person.attr("role").map(str::to_owned),
                    });
                }
            }
            if let Some(keywords) = profile.child("textClass").and_then(|t| t.child("keywords")) {
                self.doc.meta.keywords =
                    keywords.children_named("term").map(Element::text).collect();
            }
        }
    }

    fn text(&mut self, text: &Element) {
        if let Some(timeline) = text.child("timeline") {
            for when in timeline.children_named("when") {
                let Some(id) = when.attr("xml:id") else {
                    continue;
                };
                let ms = match when.attr("interval") {
                    None => Some(0),
                    Some(i) => i.parse::<u64>().ok(),
                };
                match ms {
                    Some(ms) => {
                        self.times.insert(id.to_owned(), ms);
                    }
                    None => self.warn(
                        "tei.timeline",
                        format!("time point `{id}` has no interval in whole milliseconds"),
                    ),
                }
            }
        }
        for (part, wrapper) in [("front", FRONT_DIV), ("back", BACK_DIV)] {
            let Some(matter) = text.child(part) else {
                continue;
            };
            let mut blocks = Vec::new();
            for div in matter.elements() {
                if div.name == "div" && div.attr("type") == Some(wrapper) {
                    self.blocks(div, 0, &mut blocks);
                } else {
                    self.warn(
                        "tei.structure",
                        format!("`{}` in `{part}` is skipped", div.name),
                    );
                }
            }
            if part == "front" {
                self.doc.front = blocks;
            } else {
                self.doc.back = blocks;
            }
        }
        if let Some(body) = text.child("body") {
            let mut blocks = Vec::new();
            self.blocks(body, 0, &mut blocks);
            self.doc.body = blocks;
            self.doc.end_marker = body.child("trailer").map(Element::text);
        }
    }

    /// Reads the block-level children of `parent`, whose headings (if it is a section
    /// `div`) are at `depth`.
    fn blocks(&mut self, parent: &Element, depth: usize, out: &mut Vec<Block>) {
        for node in &parent.children {
            let child = match node {
                Node::Element(e) => e,
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        self.warn(
                            "tei.structure",
                            format!("text outside paragraphs in `{}` is skipped", parent.name),
                        );
                    }
                    continue;
                }
            };
            match child.name.as_str() {
                "div" if child.attr("type") == Some(BODY_DIV) => self.blocks(child, depth, out),
                "div" => {
                    let level = child
                        .attr("n")
                        .and_then(|n| n.parse::<u8>().ok())
                        .unwrap_or_else(|| u8::try_from(depth + 1).unwrap_or(u8::MAX));
                    if let Some(head) = child.child("head") {
                        let mut timing = Timing::default();
                        let content = self.inlines(head, &mut timing);
                        out.push(Block::Heading {
                            level,
                            content,
                            span: None,
                        });
                    }
                    self.blocks(child, depth + 1, out);
                }
                "head" if parent.name == "div" => {}
                "trailer" if parent.name == "body" => {}
                "u" => self.utterance(child, out),
                "p" => {
                    let mut timing = Timing::default();
                    let content = self.inlines(child, &mut timing);
                    let p = self.paragraph(content, timing);
                    out.push(Block::Paragraph(p));
                }
                "note" => {
                    let mut timing = Timing::default();
                    out.push(Block::Note {
                        kind: vocab::note_kind(child.attr("type")),
                        content: self.inlines(child, &mut timing),
                        span: None,
                    });
                }
                "list" => out.push(self.fields(child)),
                name => match event_of(child) {
                    Some(Inline::Event { kind, description }) => out.push(Block::Event {
                        kind,
                        description,
                        span: None,
                    }),
                    _ => self.warn(
                        "tei.structure",
                        format!("`{name}` in `{}` is skipped", parent.name),
                    ),
                },
            }
        }
    }

    fn utterance(&mut self, u: &Element, out: &mut Vec<Block>) {
        let speaker = u
            .attr("who")
            .map(|w| w.strip_prefix('#').unwrap_or(w).to_owned());
        let mut timing = Timing {
            start: u.attr("start").and_then(|s| self.time(s)),
            end: u.attr("end").and_then(|s| self.time(s)),
            ..Timing::default()
        };
        let content = self.inlines(u, &mut timing);
        let turn_start = timing.turn_start;
        let paragraph = self.paragraph(content, timing);
        if u.attr("prev").is_some()
            && let Some(Block::Turn { paragraphs, .. }) = out.last_mut()
        {
            paragraphs.push(paragraph);
            return;
        }
        out.push(Block::Turn {
            speaker,
            start_ms: turn_start,
            paragraphs: vec![paragraph],
        });
    }

    fn paragraph(&mut self, content: Vec<Inline>, timing: Timing) -> Paragraph {
        let mut words = Vec::with_capacity(timing.words.len());
        for (i, (&n, &(start, end, source))) in timing.words.iter().enumerate() {
            match (n == i, start, end, source) {
                (true, Some(start_ms), Some(end_ms), Some(source)) => words.push(WordTime {
                    start_ms,
                    end_ms,
                    source,
                }),
                _ => {
                    self.warn(
                        "tei.word-times",
                        format!("the word anchors of word {n} are incomplete; the paragraph's word times are left out"),
                    );
                    words.clear();
                    break;
                }
            }
        }
        Paragraph {
            content,
            start_ms: timing.start,
            end_ms: timing.end,
            words,
            span: None,
        }
    }

    fn fields(&mut self, list: &Element) -> Block {
        let title = list.child("head").map(Element::text);
        let mut items = Vec::new();
        let mut label: Option<String> = None;
        for child in list.elements() {
            match child.name.as_str() {
                "label" => label = Some(child.text()),
                "item" => {
                    let mut timing = Timing::default();
                    items.push(Field {
                        label: label.take().unwrap_or_default(),
                        value: self.inlines(child, &mut timing),
                    });
                }
                _ => {}
            }
        }
        if items.len() == 1 && items[0] == Field::default() {
            // The writer's placeholder for a group without items.
            items.clear();
        }
        Block::Fields {
            title,
            items,
            span: None,
        }
    }

    /// The time of a `#id` pointer into the timeline.
    fn time(&mut self, pointer: &str) -> Option<u64> {
        let id = pointer.strip_prefix('#').unwrap_or(pointer);
        let ms = self.times.get(id).copied();
        if ms.is_none() {
            self.warn(
                "tei.timeline",
                format!("`{pointer}` does not point to a time of the timeline"),
            );
        }
        ms
    }

    /// Reads mixed content into inlines, collecting anchors into `timing`.
    fn inlines(&mut self, parent: &Element, timing: &mut Timing) -> Vec<Inline> {
        let mut out: Vec<Inline> = Vec::new();
        for node in &parent.children {
            let e = match node {
                Node::Text(t) => {
                    if let Some(Inline::Text { text }) = out.last_mut() {
                        text.push_str(t);
                    } else {
                        out.push(Inline::text(t.as_str()));
                    }
                    continue;
                }
                Node::Element(e) => e,
            };
            let inline = match e.name.as_str() {
                "hi" if e.attr("rend") == Some("bold") => Inline::Strong {
                    content: self.inlines(e, timing),
                },
                "hi" => Inline::Emphasis {
                    content: self.inlines(e, timing),
                },
                "code" => Inline::Code { text: e.text() },
                "title" => Inline::Title {
                    content: self.inlines(e, timing),
                },
                "q" => Inline::Quote {
                    content: self.inlines(e, timing),
                },
                "ref" => Inline::Link {
                    url: e.attr("target").unwrap_or_default().to_owned(),
                    content: self.inlines(e, timing),
                },
                "email" => Inline::Email { address: e.text() },
                "lb" => Inline::LineBreak,
                "pb" => Inline::PageBreak,
                "anchor" => {
                    let ms = e.attr("synch").and_then(|s| self.time(s));
                    let n = e.attr("n");
                    match (e.attr("type"), ms) {
                        (Some("timestamp"), Some(ms)) => Inline::Timestamp {
                            ms,
                            text: n.unwrap_or_default().to_owned(),
                        },
                        (Some("turn-start"), ms) => {
                            timing.turn_start = ms;
                            continue;
                        }
                        (Some("start"), ms) => {
                            timing.start = ms;
                            continue;
                        }
                        (Some("end"), ms) => {
                            timing.end = ms;
                            continue;
                        }
                        (Some(kind @ ("word-start" | "word-end")), ms) => {
                            if let Some(n) = n.and_then(|n| n.parse::<usize>().ok()) {
                                let entry = timing.words.entry(n).or_default();
                                if kind == "word-start" {
                                    entry.0 = ms;
                                    entry.2 = vocab::source_of(e.attr("subtype"));
                                } else {
                                    entry.1 = ms;
                                }
                            }
                            continue;
                        }
                        _ => continue,
                    }
                }
                name => match event_of(e) {
                    Some(event) => event,
                    None => {
                        self.warn(
                            "tei.structure",
                            format!("`{name}` in `{}` is read as plain text", parent.name),
                        );
                        Inline::text(e.text())
                    }
                },
            };
            if let (Inline::Text { text }, Some(Inline::Text { text: prev })) =
                (&inline, out.last_mut())
            {
                prev.push_str(text);
            } else {
                out.push(inline);
            }
        }
        out
    }
}

/// The event an event element (`vocal`, `kinesic`, `incident`, `gap`) stands for.
fn event_of(e: &Element) -> Option<Inline> {
    let kind = vocab::event_kind(&e.name, e.attr("type"))?;
    Some(Inline::Event {
        kind,
        description: e.child("desc").map(Element::text).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::{parse, read, span_at};

    #[test]
    fn malformed_documents_are_errors_with_a_location() {
        let err = read("<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n<text></body></TEI>")
            .expect_err("mismatched end tag");
        assert_eq!(err[0].code, "tei.parse");
        assert_eq!(err[0].span.map(|s| s.line), Some(2));
        assert!(parse("").is_err());
        assert!(parse("<a/><b/>").is_err());
        assert!(parse("<a>&bogus;</a>").is_err());
    }

    #[test]
    fn other_roots_are_refused() {
        let err = read("<html/>").expect_err("not TEI");
        assert_eq!(err[0].code, "tei.root");
        let err = read("<TEI/>").expect_err("no namespace");
        assert_eq!(err[0].code, "tei.root");
    }

    #[test]
    fn spans() {
        assert_eq!(span_at("ab\ncd", 4).line, 2);
        assert_eq!(span_at("ab\ncd", 4).column, 2);
    }
}
