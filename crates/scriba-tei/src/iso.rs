//! The ISO 24624 ("ISO/TEI") spoken-transcription profile: a tokenised, time-line based
//! document for corpus tools (EXMARaLDA, the IDS tools), valid against both `tei_all` and the
//! ISO/TEI XML Schema.
//!
//! The profile has no place for headings, notes, front and back matter or inline meaning
//! (titles, emphasis, links); they are left out with a warning. The utterances keep every
//! word: text is split at white space into `w` tokens, with leading and trailing punctuation
//! (and the quotation marks of `q`) as `pc`.

use std::collections::BTreeMap;

use scriba_core::{Block, Diagnostic, EventKind, Inline, Paragraph, Transcript, Warned};

use crate::TeiOptions;
use crate::date::civil_from_days;
use crate::ids::IdPool;
use crate::vocab;
use crate::xml::XmlWriter;

/// What a paragraph becomes in the profile: text runs (quotation marks included) and events.
enum Piece {
    Text(String),
    Event(EventKind, String),
}

/// Writes the document in the ISO/TEI profile.
pub(crate) fn write(doc: &Transcript, opts: &TeiOptions) -> Warned<Vec<u8>> {
    let mut w = Iso {
        doc,
        prefix: &opts.id_prefix,
        xml: XmlWriter::new(opts.pretty, 4096 + doc.body.len() * 1024),
        warnings: Vec::new(),
        who: BTreeMap::new(),
        persons: Vec::new(),
        unknown: None,
        points: Vec::new(),
        first_point: Vec::new(),
        counts: BTreeMap::new(),
    };
    w.people();
    w.plan_timeline();
    w.document(opts.timestamp);
    let mut warnings = w.warnings;
    for (kept, message, hint) in [
        (
            false,
            "the ISO/TEI profile has no place for",
            "they are left out; the default TEI profile keeps them",
        ),
        (
            true,
            "the ISO/TEI profile has no markup for",
            "their text is kept as plain tokens; the default TEI profile keeps the markup",
        ),
    ] {
        let list: Vec<String> = w
            .counts
            .iter()
            .filter(|((k, _), _)| *k == kept)
            .map(|((_, what), n)| format!("{what} ({n})"))
            .collect();
        if !list.is_empty() {
            warnings.push(
                Diagnostic::warning("tei.iso-profile", format!("{message} {}", list.join(", ")))
                    .with_hint(hint),
            );
        }
    }
    if w.xml.dropped > 0 {
        let first = w.xml.first_dropped.map_or(0, u32::from);
        warnings.push(Diagnostic::warning(
            "tei.forbidden-char",
            format!(
                "dropped {} character(s) that XML 1.0 forbids (the first was U+{first:04X})",
                w.xml.dropped
            ),
        ));
    }
    Warned::with(w.xml.finish(), warnings)
}

struct Iso<'a> {
    doc: &'a Transcript,
    prefix: &'a str,
    xml: XmlWriter,
    warnings: Vec<Diagnostic>,
    who: BTreeMap<&'a str, String>,
    /// `(xml:id, name)` of every person.
    persons: Vec<(String, String)>,
    /// The person of unattributed utterances, when there are any.
    unknown: Option<String>,
    /// The timeline after the origin: optional times, in order (per utterance its start,
    /// the start and end of each timed word, its end).
    points: Vec<Option<u64>>,
    /// Per utterance, the number (from 1) of its start point in the timeline.
    first_point: Vec<usize>,
    /// What the profile cannot hold, counted by kind: `true` for markup whose text is kept,
    /// `false` for content left out.
    counts: BTreeMap<(bool, &'static str), usize>,
}

/// Whether a character is punctuation split off a word as `pc`.
fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '„' | '“'
                | '”'
                | '‚'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '–'
                | '—'
                | '…'
                | '¿'
                | '¡'
                | '「'
                | '」'
                | '『'
                | '』'
                | '。'
                | '，'
                | '、'
                | '？'
                | '！'
                | '：'
                | '；'
                | '（'
                | '）'
                | '·'
        )
}

/// Where the word anchors of an utterance stand.
struct WordState {
    /// The timeline point of the first word's start.
    first_point: usize,
    /// The index of the next (or current) word.
    next: usize,
    /// How many words are timed.
    count: usize,
    in_word: bool,
}

/// Whether a paragraph's word times can be written: one per word.
fn word_times_fit(p: &Paragraph) -> bool {
    !p.words.is_empty() && p.words.len() == p.word_list().len()
}

/// An ASCII NCName for `licence/@target` from a licence statement (`CC BY 4.0` →
/// `CC-BY-4.0`), `unknown` when there is none.
fn licence_token(rights: Option<&str>) -> String {
    let mut out = String::new();
    for c in rights.unwrap_or("").chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 64 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    match out.chars().next() {
        None => "unknown".to_owned(),
        Some(c) if c.is_ascii_alphabetic() => out,
        Some(_) => format!("licence-{out}"),
    }
}

/// An `xs:dateTime` in UTC for a Unix timestamp.
fn date_time(secs: i64) -> Option<String> {
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    (1..=9999).contains(&year).then(|| {
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            s / 3600,
            s / 60 % 60,
            s % 60
        )
    })
}

impl<'a> Iso<'a> {
    /// Counts content the profile cannot hold (left out).
    fn count(&mut self, what: &'static str) {
        *self.counts.entry((false, what)).or_default() += 1;
    }

    /// Counts markup the profile cannot hold whose text is kept.
    fn flattened(&mut self, what: &'static str) {
        *self.counts.entry((true, what)).or_default() += 1;
    }

    fn people(&mut self) {
        let mut pool = IdPool::default();
        let doc = self.doc;
        for sp in &doc.speakers {
            if self.who.contains_key(sp.id.as_str()) {
                continue;
            }
            let name = if sp.name.trim().is_empty() {
                &sp.id
            } else {
                &sp.name
            };
            let id = pool.person(self.prefix, name);
            self.who.insert(&sp.id, id.clone());
            self.persons.push((id, name.clone()));
        }
        let mut needs_unknown = self.persons.is_empty();
        for block in &doc.body {
            match block {
                Block::Turn {
                    speaker: Some(sp), ..
                } if !self.who.contains_key(sp.as_str()) => {
                    let id = pool.person(self.prefix, sp);
                    self.who.insert(sp, id.clone());
                    self.persons.push((id, sp.clone()));
                }
                Block::Turn { speaker: None, .. } | Block::Paragraph(_) => needs_unknown = true,
                _ => {}
            }
        }
        if needs_unknown {
            let id = pool.person(self.prefix, "unknown");
            self.persons
                .push((id.clone(), "unknown speaker".to_owned()));
            self.unknown = Some(id);
        }
    }

    /// Every utterance in body order: its speaker id (or `None`) and paragraph.
    fn utterances(&self) -> Vec<(Option<&'a str>, &'a Paragraph)> {
        self.doc.body_paragraphs().collect()
    }

    fn plan_timeline(&mut self) {
        for (_, p) in self.utterances() {
            self.first_point.push(self.points.len() + 1);
            self.points.push(p.start_ms);
            if word_times_fit(p) {
                for w in &p.words {
                    self.points.push(Some(w.start_ms));
                    self.points.push(Some(w.end_ms));
                }
            }
            self.points.push(p.end_ms);
        }
    }

    fn point(&self, n: usize) -> String {
        format!("{}t_{n}", self.prefix)
    }

    fn document(&mut self, timestamp: Option<i64>) {
        self.xml.open_block("TEI", &[("xmlns", crate::TEI_NS)]);
        self.header(timestamp);
        let lang = self
            .doc
            .meta
            .language
            .as_deref()
            .and_then(vocab::normalize_language)
            .unwrap_or_else(|| "und".to_owned());
        self.xml.open_block("text", &[("xml:lang", &lang)]);
        self.timeline();
        self.body();
        self.xml.close_block("text");
        self.xml.close_block("TEI");
    }

    fn header(&mut self, timestamp: Option<i64>) {
        let doc = self.doc;
        let meta = &doc.meta;
        self.xml.open_block("teiHeader", &[]);
        self.xml.open_block("fileDesc", &[]);
        self.xml.open_block("titleStmt", &[]);
        self.xml.leaf(
            "title",
            &[],
            meta.title.as_deref().unwrap_or("Untitled transcript"),
        );
        self.xml.close_block("titleStmt");
        self.xml.open_block("publicationStmt", &[]);
        self.xml.empty_line("authority", &[]);
        self.xml.open_block("availability", &[]);
        let licence = licence_token(meta.rights.as_deref());
        self.xml.empty_line("licence", &[("target", &licence)]);
        self.xml.empty_line("p", &[]);
        self.xml.close_block("availability");
        self.xml.empty_line("distributor", &[]);
        self.xml.open_block("address", &[]);
        self.xml.empty_line("addrLine", &[]);
        self.xml.close_block("address");
        self.xml.close_block("publicationStmt");
        self.xml.open_block("sourceDesc", &[]);
        self.xml.open_block("recordingStmt", &[]);
        let (mime, kind, url) = match (&meta.media_url, &meta.source_url) {
            (Some(m), _) => {
                let (mime, kind) = vocab::media_kind(m);
                (mime, kind.unwrap_or("audio"), m.as_str())
            }
            (None, Some(s)) => ("text/html", "video", s.as_str()),
            (None, None) => ("application/octet-stream", "audio", "unknown"),
        };
        let (url, _, _) = crate::write::encode_uri(url);
        let url = if url.is_empty() {
            "unknown".into()
        } else {
            url
        };
        self.xml.open_block("recording", &[("type", kind)]);
        self.xml
            .empty_line("media", &[("mimeType", mime), ("url", &url)]);
        self.xml.close_block("recording");
        self.xml.close_block("recordingStmt");
        self.xml.close_block("sourceDesc");
        self.xml.close_block("fileDesc");

        self.xml.open_block("profileDesc", &[]);
        self.xml.open_block("particDesc", &[]);
        let persons = std::mem::take(&mut self.persons);
        for (id, name) in &persons {
            self.xml
                .open_block("person", &[("xml:id", id.as_str()), ("n", id.as_str())]);
            self.xml.open_block("persName", &[]);
            self.xml.leaf("forename", &[], name);
            self.xml.leaf("abbr", &[], id);
            self.xml.close_block("persName");
            self.xml.close_block("person");
        }
        self.persons = persons;
        self.xml.close_block("particDesc");
        self.xml.close_block("profileDesc");

        self.xml.open_block("encodingDesc", &[]);
        self.xml.open_block("appInfo", &[]);
        self.xml.open_block(
            "application",
            &[("ident", "scriba"), ("version", env!("CARGO_PKG_VERSION"))],
        );
        self.xml.leaf("label", &[], "scriba");
        self.xml.leaf(
            "desc",
            &[],
            "Converts spoken-word transcripts into EPUB, PDF, TEI and subtitles.",
        );
        self.xml.close_block("application");
        self.xml.close_block("appInfo");
        self.xml.open_block(
            "transcriptionDesc",
            &[("ident", "scriba-orthographic"), ("version", "1")],
        );
        self.xml.leaf(
            "desc",
            &[],
            "The orthographic transcript as published, one utterance per paragraph of a speaker turn, split into tokens at white space with leading and trailing punctuation (and quotation marks) as pc; paragraphs split by a page break of the source were rejoined.",
        );
        self.xml.leaf("label", &[], "orthographic");
        self.xml.close_block("transcriptionDesc");
        self.xml.close_block("encodingDesc");
        if let Some(when) = timestamp.and_then(date_time) {
            self.xml.open_block("revisionDesc", &[]);
            self.xml.leaf(
                "change",
                &[("when", &when)],
                &format!(
                    "Encoded in ISO/TEI by scriba {}.",
                    env!("CARGO_PKG_VERSION")
                ),
            );
            self.xml.close_block("revisionDesc");
        }
        self.xml.close_block("teiHeader");
    }

    /// The timeline: `t_0` (the start of the recording), then per utterance a start point,
    /// the points of its timed words and an end point; points whose time is known carry it in
    /// seconds, the others only order.
    fn timeline(&mut self) {
        self.xml.open_block("timeline", &[("unit", "s")]);
        let origin = self.point(0);
        self.xml.empty_line("when", &[("xml:id", &origin)]);
        let points = std::mem::take(&mut self.points);
        for (i, t) in points.iter().enumerate() {
            let id = self.point(i + 1);
            match t {
                Some(ms) => {
                    let interval = format!("{}.{:03}", ms / 1000, ms % 1000);
                    self.xml.empty_line(
                        "when",
                        &[("xml:id", &id), ("interval", &interval), ("since", &origin)],
                    );
                }
                None => self.xml.empty_line("when", &[("xml:id", &id)]),
            }
        }
        if points.is_empty() {
            let end = self.point(1);
            self.xml.empty_line("when", &[("xml:id", &end)]);
        }
        self.points = points;
        self.xml.close_block("timeline");
    }

    fn body(&mut self) {
        let doc = self.doc;
        self.xml.open_block("body", &[]);
        let mut u = 0;
        let mut token = 0;
        for block in &doc.body {
            match block {
                Block::Turn {
                    speaker,
                    paragraphs,
                    ..
                } => {
                    for p in paragraphs {
                        u += 1;
                        self.utterance(speaker.as_deref(), p, u, &mut token);
                    }
                }
                Block::Paragraph(p) => {
                    u += 1;
                    self.utterance(None, p, u, &mut token);
                }
                Block::Event {
                    kind, description, ..
                } => {
                    self.xml.newline();
                    self.event(*kind, description);
                }
                Block::Heading { .. } => self.count("headings"),
                Block::Note { .. } => self.count("notes"),
                Block::Fields { .. } => self.count("groups of labelled fields"),
            }
        }
        if u == 0 {
            // tei_all wants an utterance in the body (the ISO schema does not): an empty
            // transcript gets one empty utterance, spanning the whole timeline.
            let who = self
                .unknown
                .clone()
                .or_else(|| self.persons.first().map(|(id, _)| id.clone()))
                .unwrap_or_default();
            let (ab, uid, start, end) = (
                format!("{}ab_1", self.prefix),
                format!("{}u_1", self.prefix),
                self.point(0),
                self.point(1),
            );
            self.xml.open_block(
                "annotationBlock",
                &[
                    ("xml:id", &ab),
                    ("who", &who),
                    ("start", &start),
                    ("end", &end),
                ],
            );
            self.xml.open_line("u", &[("xml:id", &uid)]);
            self.xml.empty("anchor", &[("synch", &start)]);
            self.xml.end_tag("u");
            self.xml.close_block("annotationBlock");
        }
        self.xml.close_block("body");
        if !doc.front.is_empty() {
            self.count("front-matter blocks");
        }
        if !doc.back.is_empty() {
            self.count("back-matter blocks");
        }
        if doc.end_marker.is_some() {
            self.count("end markers");
        }
    }

    fn utterance(&mut self, speaker: Option<&str>, p: &Paragraph, n: usize, token: &mut usize) {
        let who = speaker
            .and_then(|s| self.who.get(s))
            .or(self.unknown.as_ref())
            .cloned()
            .unwrap_or_default();
        let ab = format!("{}ab_{n}", self.prefix);
        let u = format!("{}u_{n}", self.prefix);
        let first = self.first_point.get(n - 1).copied().unwrap_or(1);
        let timed = word_times_fit(p);
        let start = self.point(first);
        let end = self.point(first + 1 + if timed { 2 * p.words.len() } else { 0 });
        self.xml.open_block(
            "annotationBlock",
            &[
                ("xml:id", &ab),
                ("who", &who),
                ("start", &start),
                ("end", &end),
            ],
        );
        self.xml.open_line("u", &[("xml:id", &u)]);
        let mut wrote = false;
        let marks = self.doc.quote_marks();
        let mut pieces = Vec::new();
        self.flatten(&p.content, marks, 0, &mut pieces);
        // Word anchors: the word state runs over the reading text (quotation marks and
        // event brackets included), as `Paragraph::word_list` counts words.
        let mut words = timed.then_some(WordState {
            first_point: first + 1,
            next: 0,
            count: p.words.len(),
            in_word: false,
        });
        for piece in pieces {
            match piece {
                Piece::Text(text) => {
                    let mut rest = text.as_str();
                    while !rest.is_empty() {
                        let ws = rest.len() - rest.trim_start().len();
                        if ws > 0 {
                            self.word_boundary(&mut words, true);
                            rest = &rest[ws..];
                            continue;
                        }
                        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                        self.word_boundary(&mut words, false);
                        self.tokens(&rest[..len], token);
                        wrote = true;
                        rest = &rest[len..];
                    }
                }
                Piece::Event(kind, description) => {
                    for c in format!("[{description}]").chars() {
                        self.word_boundary(&mut words, c.is_whitespace());
                    }
                    wrote = true;
                    self.event(kind, &description);
                }
            }
        }
        self.word_boundary(&mut words, true);
        if !p.words.is_empty() && !timed {
            self.count("word timings that do not match the words");
        }
        if !wrote {
            // A `u` needs content: an utterance without words (an empty paragraph) keeps
            // its place as an anchor at its start.
            self.xml.empty("anchor", &[("synch", &start)]);
        }
        self.xml.end_tag("u");
        self.xml.close_block("annotationBlock");
    }

    /// Moves the word state over one character of the reading text (white space or not),
    /// writing an anchor where a timed word starts or ends.
    fn word_boundary(&mut self, words: &mut Option<WordState>, space: bool) {
        let Some(w) = words else { return };
        if space == w.in_word && w.next < w.count {
            let point = w.first_point + 2 * w.next + usize::from(space);
            let synch = self.point(point);
            self.xml.empty("anchor", &[("synch", &synch)]);
            if space {
                w.next += 1;
            }
            w.in_word = !space;
        }
    }

    /// Writes one white-space-separated word as `pc` and `w` tokens.
    fn tokens(&mut self, word: &str, token: &mut usize) {
        let core_start = word
            .char_indices()
            .find(|&(_, c)| !is_punct(c))
            .map_or(word.len(), |(i, _)| i);
        let core_end = word
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_punct(c))
            .map_or(core_start, |(i, c)| i + c.len_utf8());
        let core_end = core_end.max(core_start);
        for c in word[..core_start].chars() {
            self.pc(c);
        }
        if core_start < core_end {
            *token += 1;
            let id = format!("{}w_{token}", self.prefix);
            self.xml.open("w", &[("xml:id", &id)]);
            self.xml.text(&word[core_start..core_end]);
            self.xml.end_tag("w");
        }
        for c in word[core_end..].chars() {
            self.pc(c);
        }
    }

    fn pc(&mut self, c: char) {
        self.xml.open("pc", &[]);
        self.xml.text(c.encode_utf8(&mut [0; 4]));
        self.xml.end_tag("pc");
    }

    /// Flattens inline content into text runs and events; markup the profile cannot hold is
    /// counted.
    fn flatten(
        &mut self,
        content: &[Inline],
        marks: scriba_core::QuoteMarks,
        depth: usize,
        out: &mut Vec<Piece>,
    ) {
        let push = |out: &mut Vec<Piece>, s: &str| match out.last_mut() {
            Some(Piece::Text(t)) => t.push_str(s),
            _ => out.push(Piece::Text(s.to_owned())),
        };
        for inline in content {
            match inline {
                Inline::Text { text } => push(out, text),
                Inline::Code { text } => {
                    self.flattened("code spans");
                    push(out, text);
                }
                Inline::Email { address } => {
                    self.flattened("e-mail addresses");
                    push(out, address);
                }
                Inline::Emphasis { content } | Inline::Strong { content } => {
                    self.flattened("emphases");
                    self.flatten(content, marks, depth, out);
                }
                Inline::Title { content } => {
                    self.flattened("work titles");
                    self.flatten(content, marks, depth, out);
                }
                Inline::Link { content, .. } => {
                    self.flattened("links");
                    self.flatten(content, marks, depth, out);
                }
                Inline::Quote { content } => {
                    let (open, close) = if depth.is_multiple_of(2) {
                        (marks.open, marks.close)
                    } else {
                        (marks.inner_open, marks.inner_close)
                    };
                    push(out, open);
                    self.flatten(content, marks, depth + 1, out);
                    push(out, close);
                }
                Inline::Event { kind, description } => {
                    out.push(Piece::Event(*kind, description.clone()));
                }
                Inline::LineBreak => push(out, "\n"),
                Inline::Timestamp { .. } => self.count("written timestamps"),
                Inline::PageBreak => {}
            }
        }
    }

    /// An event: `vocal` (laughter, interjections, cross-talk) or `incident` with a `@type`
    /// (everything else, unintelligible speech included: the profile has no `gap`/`kinesic`).
    fn event(&mut self, kind: EventKind, description: &str) {
        let (element, _, _) = vocab::event_element(kind);
        if element == "vocal" {
            self.xml.open("vocal", &[]);
        } else {
            self.xml.open("incident", &[("type", kind.as_str())]);
        }
        self.xml.open("desc", &[]);
        self.xml.text(description);
        self.xml.end_tag("desc");
        self.xml.end_tag(if element == "vocal" {
            "vocal"
        } else {
            "incident"
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{date_time, licence_token};

    #[test]
    fn licence_tokens_are_ncnames() {
        assert_eq!(licence_token(Some("CC BY 4.0")), "CC-BY-4.0");
        assert_eq!(licence_token(Some("© 2024 Foo")), "licence-2024-Foo");
        assert_eq!(licence_token(None), "unknown");
        assert_eq!(licence_token(Some("???")), "unknown");
    }

    #[test]
    fn date_times() {
        assert_eq!(
            date_time(1_738_281_600 + 3_723).as_deref(),
            Some("2025-01-31T01:02:03Z")
        );
    }
}
