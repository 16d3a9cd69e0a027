//! The TEI writer: model → TEI P5 document.

use std::collections::{BTreeMap, BTreeSet};

use scriba_core::{
    Block, Diagnostic, Field, Inline, Paragraph, QuoteMarks, Transcript, Warned, WordTime,
};

use crate::TeiOptions;
use crate::date::{date_from_epoch, is_w3c_date, iso_duration};
use crate::ids::IdPool;
use crate::vocab;
use crate::xml::XmlWriter;

/// The `idno/@type` of an identifier scriba derived from the content.
pub(crate) const DIGEST_IDNO: &str = "scriba-digest";

/// The `title/@type` of the placeholder title of an untitled transcript.
pub(crate) const SUPPLIED_TITLE: &str = "supplied";

/// The `div/@type` wrapping the front matter.
pub(crate) const FRONT_DIV: &str = "front";

/// The `div/@type` wrapping a body that has no paragraph, utterance, list or heading.
pub(crate) const BODY_DIV: &str = "transcript";

/// The `div/@type` wrapping the back matter.
pub(crate) const BACK_DIV: &str = "back";

/// Writes the document. Options are valid (the caller checked the prefix).
pub(crate) fn write(doc: &Transcript, opts: &TeiOptions) -> Warned<Vec<u8>> {
    let mut w = Writer::new(doc, opts);
    w.document();
    let mut warnings = std::mem::take(&mut w.warnings);
    if w.xml.dropped > 0 {
        let first = w.xml.first_dropped.map_or(0, u32::from);
        warnings.push(
            Diagnostic::warning(
                "tei.forbidden-char",
                format!(
                    "dropped {} character(s) that XML 1.0 forbids (the first was U+{first:04X})",
                    w.xml.dropped
                ),
            )
            .with_hint("control characters other than tab and line breaks cannot appear in XML"),
        );
    }
    Warned::with(w.xml.finish(), warnings)
}

/// The timing state of one paragraph whose words are timed: which word comes next, and
/// whether the writer stands inside a word.
struct Words<'a> {
    times: &'a [WordTime],
    next: usize,
    in_word: bool,
}

struct Writer<'a> {
    doc: &'a Transcript,
    opts: &'a TeiOptions,
    xml: XmlWriter,
    warnings: Vec<Diagnostic>,
    marks: QuoteMarks,
    /// Speaker id → `xml:id` of the `person`.
    who: BTreeMap<&'a str, String>,
    /// `(xml:id, name, role)` of every person, in order.
    persons: Vec<(String, &'a str, Option<&'a str>)>,
    /// Every time the document refers to, in ms (with 0, the origin), when there are any.
    times: BTreeSet<u64>,
    /// The number of `u` written so far.
    u_count: usize,
}

impl<'a> Writer<'a> {
    fn new(doc: &'a Transcript, opts: &'a TeiOptions) -> Self {
        let words: usize = doc
            .body
            .iter()
            .map(|b| match b {
                Block::Turn { paragraphs, .. } => paragraphs.len() * 64,
                _ => 16,
            })
            .sum();
        let mut w = Self {
            doc,
            opts,
            xml: XmlWriter::new(opts.pretty, 4096 + words * 8),
            warnings: Vec::new(),
            marks: doc.quote_marks(),
            who: BTreeMap::new(),
            persons: Vec::new(),
            times: BTreeSet::new(),
            u_count: 0,
        };
        w.assign_people();
        for blocks in [&doc.front, &doc.body, &doc.back] {
            collect_times(blocks, &mut w.times);
        }
        if !w.times.is_empty() {
            w.times.insert(0);
        }
        w
    }

    /// Gives every speaker (and every speaker id a turn uses without a speaker entry) a
    /// unique `xml:id` derived from the name.
    fn assign_people(&mut self) {
        let mut pool = IdPool::default();
        let prefix = &self.opts.id_prefix;
        for speaker in &self.doc.speakers {
            if self.who.contains_key(speaker.id.as_str()) {
                self.warnings.push(Diagnostic::warning(
                    "tei.duplicate-speaker",
                    format!(
                        "speaker id `{}` is declared twice; the second entry (`{}`) is left out",
                        speaker.id, speaker.name
                    ),
                ));
                continue;
            }
            // A name with nothing printable left after dropping forbidden characters is
            // replaced by the speaker id (or `unnamed`), so that the person has a name.
            let name = [speaker.name.as_str(), speaker.id.as_str()]
                .into_iter()
                .find(|n| has_visible(n))
                .unwrap_or("unnamed");
            let id = pool.person(prefix, name);
            self.who.insert(&speaker.id, id.clone());
            self.persons.push((id, name, speaker.role.as_deref()));
        }
        let doc = self.doc;
        for blocks in [&doc.front, &doc.body, &doc.back] {
            for block in blocks {
                if let Block::Turn {
                    speaker: Some(sp), ..
                } = block
                    && !self.who.contains_key(sp.as_str())
                {
                    self.warnings.push(Diagnostic::warning(
                        "tei.unknown-speaker",
                        format!("turns name speaker `{sp}`, who is not among the speakers; a person named `{sp}` is added"),
                    ));
                    let id = pool.person(prefix, sp);
                    self.who.insert(sp, id.clone());
                    self.persons.push((id, sp, None));
                }
            }
        }
    }

    fn time_ref(&self, ms: u64) -> String {
        format!("#{}t_{ms}", self.opts.id_prefix)
    }

    fn document(&mut self) {
        let lang = self.language();
        let mut attrs = vec![("xmlns", crate::TEI_NS)];
        if lang != "und" {
            attrs.push(("xml:lang", lang.as_str()));
        }
        self.xml.open_block("TEI", &attrs);
        self.header(&lang);
        self.text();
        self.xml.close_block("TEI");
    }

    /// The normalised language tag, `und` when unknown or malformed (with a warning).
    fn language(&mut self) -> String {
        match self.doc.meta.language.as_deref().map(str::trim) {
            None | Some("") => "und".to_owned(),
            Some(tag) => vocab::normalize_language(tag).unwrap_or_else(|| {
                self.warnings.push(
                    Diagnostic::warning(
                        "tei.language",
                        format!("`{tag}` is not a BCP 47 language tag; the language is given as undetermined"),
                    )
                    .with_hint("give the language as a tag such as `de` or `en-US`"),
                );
                "und".to_owned()
            }),
        }
    }

    // ----- header -------------------------------------------------------------------------

    fn header(&mut self, lang: &str) {
        self.xml.open_block("teiHeader", &[]);
        self.file_desc();
        self.profile_desc(lang);
        self.encoding_desc();
        self.revision_desc();
        self.xml.close_block("teiHeader");
    }

    fn file_desc(&mut self) {
        let doc = self.doc;
        let meta = &doc.meta;
        self.xml.open_block("fileDesc", &[]);
        self.xml.open_block("titleStmt", &[]);
        match &meta.title {
            Some(title) => self.xml.leaf("title", &[("type", "main")], title),
            None => self
                .xml
                .leaf("title", &[("type", SUPPLIED_TITLE)], "Untitled transcript"),
        }
        if let Some(sub) = &meta.subtitle {
            self.xml.leaf("title", &[("type", "sub")], sub);
        }
        for contributor in &meta.contributors {
            self.xml.open_block("respStmt", &[]);
            self.xml.leaf("resp", &[], "transcription");
            self.xml.leaf("name", &[], contributor);
            self.xml.close_block("respStmt");
        }
        self.xml.close_block("titleStmt");

        self.xml.open_block("publicationStmt", &[]);
        match &meta.publisher {
            Some(p) => self.xml.leaf("publisher", &[], p),
            None => self.xml.leaf("authority", &[], "unknown"),
        }
        let pub_date = meta
            .date
            .clone()
            .or_else(|| self.opts.timestamp.and_then(date_from_epoch));
        if let Some(date) = &pub_date {
            self.date(date);
        }
        if let Some(rights) = &meta.rights {
            self.xml.open_block("availability", &[]);
            self.xml.leaf("licence", &[], rights);
            self.xml.close_block("availability");
        }
        match &meta.identifier {
            Some(id) => self.xml.leaf("idno", &[], id),
            None => {
                let digest = format!("{:016x}", digest(self.doc));
                self.xml.leaf("idno", &[("type", DIGEST_IDNO)], &digest);
            }
        }
        self.xml.close_block("publicationStmt");

        let disclaimer = doc.disclaimer();
        if disclaimer.is_some() || !meta.extra.is_empty() {
            self.xml.open_block("notesStmt", &[]);
            if let Some(content) = disclaimer {
                self.xml.open_line("note", &[("type", "disclaimer")]);
                self.inlines(content, &mut None, 0);
                self.xml.end_tag("note");
            }
            // Ordered by the key as written (without forbidden characters), as a reader's
            // map orders them; keys that become equal keep the first entry.
            let mut extra: BTreeMap<String, &str> = BTreeMap::new();
            for (key, value) in &meta.extra {
                let clean: String = key
                    .chars()
                    .filter(|&c| crate::xml::is_xml_char(c))
                    .collect();
                self.xml.dropped += key.chars().count() - clean.chars().count();
                if let std::collections::btree_map::Entry::Vacant(e) = extra.entry(clean.clone()) {
                    e.insert(value);
                } else {
                    self.warnings.push(Diagnostic::warning(
                        "tei.metadata-key",
                        format!("metadata key `{clean}` occurs twice once forbidden characters are dropped; the second value is left out"),
                    ));
                }
            }
            for (key, value) in extra {
                self.xml
                    .leaf("note", &[("type", "metadata"), ("n", &key)], value);
            }
            self.xml.close_block("notesStmt");
        }

        self.xml.open_block("sourceDesc", &[]);
        if let Some(url) = &meta.source_url {
            let target = self.uri(url);
            self.xml.open_block("bibl", &[]);
            self.xml
                .open_line("ref", &attr_opt("target", target.as_deref()));
            self.xml.text(url);
            self.xml.end_tag("ref");
            self.xml.close_block("bibl");
        }
        self.xml.open_block("recordingStmt", &[]);
        let (mime, kind) = meta
            .media_url
            .as_deref()
            .map_or(("", None), vocab::media_kind);
        let dur = meta.duration_ms.map(iso_duration);
        let mut attrs = Vec::new();
        if let Some(kind) = kind {
            attrs.push(("type", kind));
        }
        if let Some(dur) = &dur {
            attrs.push(("dur-iso", dur.as_str()));
        }
        if meta.date.is_none() && meta.media_url.is_none() {
            self.xml.empty_line("recording", &attrs);
        } else {
            self.xml.open_block("recording", &attrs);
            if let Some(date) = &meta.date {
                self.date(date);
            }
            if let Some(url) = &meta.media_url {
                let target = self.uri(url).unwrap_or_default();
                let mut attrs = vec![("mimeType", mime)];
                if !target.is_empty() {
                    attrs.push(("url", target.as_str()));
                }
                self.xml.empty_line("media", &attrs);
            }
            self.xml.close_block("recording");
        }
        self.xml.close_block("recordingStmt");
        self.xml.close_block("sourceDesc");
        self.xml.close_block("fileDesc");
    }

    /// A `date` element, with `@when` when the text is a W3C date.
    fn date(&mut self, date: &str) {
        let attrs = if is_w3c_date(date) {
            vec![("when", date)]
        } else {
            Vec::new()
        };
        self.xml.leaf("date", &attrs, date);
    }

    fn profile_desc(&mut self, lang: &str) {
        self.xml.open_block("profileDesc", &[]);
        self.xml.open_block("langUsage", &[]);
        let primary = lang.split('-').next().unwrap_or(lang).to_ascii_lowercase();
        let name = vocab::language_name(&primary).unwrap_or(lang);
        self.xml.leaf("language", &[("ident", lang)], name);
        self.xml.close_block("langUsage");
        if !self.persons.is_empty() {
            self.xml.open_block("particDesc", &[]);
            self.xml.open_block("listPerson", &[]);
            let persons = std::mem::take(&mut self.persons);
            for (id, name, role) in &persons {
                let role = role.map(|r| self.token_list(r, "role"));
                let mut attrs = vec![("xml:id", id.as_str())];
                if let Some(role) = role.as_deref().filter(|r| !r.is_empty()) {
                    attrs.push(("role", role));
                }
                self.xml.open_block("person", &attrs);
                self.xml.leaf("persName", &[], name);
                self.xml.close_block("person");
            }
            self.persons = persons;
            self.xml.close_block("listPerson");
            self.xml.close_block("particDesc");
        }
        let doc = self.doc;
        if !doc.meta.keywords.is_empty() {
            self.xml.open_block("textClass", &[]);
            self.xml.open_block("keywords", &[]);
            for k in &doc.meta.keywords {
                self.xml.leaf("term", &[], k);
            }
            self.xml.close_block("keywords");
            self.xml.close_block("textClass");
        }
        self.xml.close_block("profileDesc");
    }

    fn encoding_desc(&mut self) {
        let version = env!("CARGO_PKG_VERSION");
        self.xml.open_block("encodingDesc", &[]);
        self.xml.open_block("appInfo", &[]);
        self.xml
            .open_block("application", &[("ident", "scriba"), ("version", version)]);
        self.xml.leaf("label", &[], "scriba");
        self.xml.leaf(
            "desc",
            &[],
            "Converts spoken-word transcripts into EPUB, PDF, TEI and subtitles.",
        );
        self.xml.close_block("application");
        self.xml.close_block("appInfo");
        self.xml.open_block("editorialDecl", &[]);
        self.xml.open_block("segmentation", &[]);
        self.xml.leaf(
            "p",
            &[],
            "Each paragraph of a speaker turn is one u element whose @who points to the speaker's person in particDesc; the u elements of one turn are chained with @next and @prev, and a turn begins with a u that has no @prev. Paragraphs that belong to no speaker are p elements. Stage directions and events are vocal (laughter, interjections, cross-talk), kinesic (applause), gap (unintelligible speech) or incident (pauses, music, noise, other) elements with a desc giving the source's wording. Headings open nested div elements; the end marker of the source is the trailer of the body.",
        );
        self.xml.close_block("segmentation");
        self.xml.open_block("correction", &[]);
        let pb = if self.opts.page_breaks {
            "Each such place is marked with an empty pb element."
        } else {
            "These places are not marked."
        };
        self.xml.leaf(
            "p",
            &[],
            &format!("Paragraphs that a page break of the source split in two were rejoined. {pb}"),
        );
        self.xml.close_block("correction");
        self.xml.open_block("quotation", &[("marks", "none")]);
        self.xml.leaf(
            "p",
            &[],
            "Quotation marks are not part of the text: each quotation is a q element, to be rendered with the quotation marks of the text's language.",
        );
        self.xml.close_block("quotation");
        if !self.times.is_empty() {
            self.xml.open_block("interpretation", &[]);
            self.xml.leaf(
                "p",
                &[],
                "Times are milliseconds from the start of the recording, as points of the timeline of the text. Timed paragraphs have @start and @end; timed words are enclosed in anchor elements of type word-start (whose @subtype says how the time was obtained) and word-end, whose @n is the word's position in its paragraph.",
            );
            self.xml.close_block("interpretation");
        }
        self.xml.close_block("editorialDecl");
        self.xml.close_block("encodingDesc");
    }

    fn revision_desc(&mut self) {
        let version = env!("CARGO_PKG_VERSION");
        let date = self.opts.timestamp.and_then(date_from_epoch);
        self.xml.open_block("revisionDesc", &[]);
        self.xml.leaf(
            "change",
            &attr_opt("when", date.as_deref()),
            &format!("Encoded in TEI by scriba {version}."),
        );
        self.xml.close_block("revisionDesc");
    }

    // ----- text ---------------------------------------------------------------------------

    fn text(&mut self) {
        let doc = self.doc;
        self.xml.open_block("text", &[]);
        if !self.times.is_empty() {
            let origin = self.time_ref(0);
            self.xml
                .open_block("timeline", &[("unit", "ms"), ("origin", &origin)]);
            let prefix = self.opts.id_prefix.clone();
            let times = std::mem::take(&mut self.times);
            for &ms in &times {
                let id = format!("{prefix}t_{ms}");
                if ms == 0 {
                    self.xml.empty_line("when", &[("xml:id", &id)]);
                } else {
                    let interval = ms.to_string();
                    self.xml.empty_line(
                        "when",
                        &[("xml:id", &id), ("interval", &interval), ("since", &origin)],
                    );
                }
            }
            self.times = times;
            self.xml.close_block("timeline");
        }
        if !doc.front.is_empty() {
            self.xml.open_block("front", &[]);
            self.xml.open_block("div", &[("type", FRONT_DIV)]);
            self.blocks(&doc.front);
            self.xml.close_block("div");
            self.xml.close_block("front");
        }
        self.xml.open_block("body", &[]);
        // A body needs a paragraph, an utterance, a list or a division; one holding only
        // events and notes (or nothing) gets a division around them.
        let has_text = doc.body.iter().any(|b| match b {
            Block::Turn { paragraphs, .. } => !paragraphs.is_empty(),
            Block::Paragraph(_) | Block::Fields { .. } | Block::Heading { .. } => true,
            Block::Event { .. } | Block::Note { .. } => false,
        });
        if has_text {
            self.blocks(&doc.body);
        } else {
            self.xml.open_block("div", &[("type", BODY_DIV)]);
            self.blocks(&doc.body);
            self.xml.close_block("div");
        }
        if let Some(end) = &doc.end_marker {
            self.xml.leaf("trailer", &[], end);
        }
        self.xml.close_block("body");
        if !doc.back.is_empty() {
            self.xml.open_block("back", &[]);
            self.xml.open_block("div", &[("type", BACK_DIV)]);
            self.blocks(&doc.back);
            self.xml.close_block("div");
            self.xml.close_block("back");
        }
        self.xml.close_block("text");
    }

    /// Writes a list of blocks; headings open nested `div`s, closed at the next heading of
    /// the same or a higher level and at the end.
    fn blocks(&mut self, blocks: &[Block]) {
        let mut open: Vec<u8> = Vec::new();
        for block in blocks {
            match block {
                Block::Heading { level, content, .. } => {
                    while open.last().is_some_and(|&l| l >= (*level).max(1)) {
                        open.pop();
                        self.xml.close_block("div");
                    }
                    let depth = open.len() + 1;
                    let n = level.to_string();
                    let mut attrs = vec![("type", "section")];
                    if usize::from(*level) != depth {
                        attrs.push(("n", n.as_str()));
                    }
                    self.xml.open_block("div", &attrs);
                    self.xml.open_line("head", &[]);
                    self.inlines(content, &mut None, 0);
                    self.xml.end_tag("head");
                    open.push((*level).max(1));
                }
                Block::Turn {
                    speaker,
                    start_ms,
                    paragraphs,
                } => self.turn(speaker.as_deref(), *start_ms, paragraphs),
                Block::Paragraph(p) => {
                    self.xml.open_line("p", &[]);
                    if let Some(ms) = p.start_ms {
                        self.anchor("start", ms);
                    }
                    self.paragraph_content(p);
                    if let Some(ms) = p.end_ms {
                        self.anchor("end", ms);
                    }
                    self.xml.end_tag("p");
                }
                Block::Event {
                    kind, description, ..
                } => {
                    self.xml.newline();
                    self.event(*kind, description);
                }
                Block::Note { kind, content, .. } => {
                    self.xml
                        .open_line("note", &[("type", vocab::note_type(*kind))]);
                    self.inlines(content, &mut None, 0);
                    self.xml.end_tag("note");
                }
                Block::Fields { title, items, .. } => self.fields(title.as_deref(), items),
            }
        }
        for _ in open {
            self.xml.close_block("div");
        }
    }

    fn anchor(&mut self, kind: &str, ms: u64) {
        let synch = self.time_ref(ms);
        self.xml
            .empty("anchor", &[("type", kind), ("synch", &synch)]);
    }

    fn turn(&mut self, speaker: Option<&str>, start_ms: Option<u64>, paragraphs: &[Paragraph]) {
        let who = speaker
            .and_then(|s| self.who.get(s))
            .map(|id| format!("#{id}"));
        let first = self.u_count + 1;
        let prefix = self.opts.id_prefix.clone();
        for (i, p) in paragraphs.iter().enumerate() {
            let n = first + i;
            let id = format!("{prefix}u_{n}");
            let prev = (i > 0).then(|| format!("#{prefix}u_{}", n - 1));
            let next = (i + 1 < paragraphs.len()).then(|| format!("#{prefix}u_{}", n + 1));
            let start = p.start_ms.map(|ms| self.time_ref(ms));
            let end = p.end_ms.map(|ms| self.time_ref(ms));
            let mut attrs = vec![("xml:id", id.as_str())];
            for (key, value) in [
                ("who", &who),
                ("start", &start),
                ("end", &end),
                ("prev", &prev),
                ("next", &next),
            ] {
                if let Some(v) = value {
                    attrs.push((key, v.as_str()));
                }
            }
            self.xml.open_line("u", &attrs);
            if i == 0
                && let Some(ms) = start_ms
            {
                self.anchor("turn-start", ms);
            }
            self.paragraph_content(p);
            self.xml.end_tag("u");
        }
        self.u_count += paragraphs.len();
    }

    /// The inline content of a paragraph, with word anchors when its words are timed.
    fn paragraph_content(&mut self, p: &Paragraph) {
        let mut words = None;
        if !p.words.is_empty() {
            let (count, vanishing) = word_count(p);
            if vanishing {
                self.warnings.push(
                    Diagnostic::warning(
                        "tei.word-times",
                        "a paragraph has a word made only of characters XML forbids; its word times are left out",
                    )
                    .at_opt(p.span),
                );
            } else if count == p.words.len() {
                words = Some(Words {
                    times: &p.words,
                    next: 0,
                    in_word: false,
                });
            } else {
                self.warnings.push(
                    Diagnostic::warning(
                        "tei.word-times",
                        format!(
                            "a paragraph has {} word times for {count} words; its word times are left out",
                            p.words.len()
                        ),
                    )
                    .at_opt(p.span),
                );
            }
        }
        self.inlines(&p.content, &mut words, 0);
        if let Some(w) = &mut words
            && w.in_word
        {
            self.word_end(w);
        }
    }

    fn word_start(&mut self, w: &Words<'_>) {
        if let Some(t) = w.times.get(w.next) {
            let synch = self.time_ref(t.start_ms);
            let n = w.next.to_string();
            self.xml.empty(
                "anchor",
                &[
                    ("type", "word-start"),
                    ("subtype", vocab::source_name(t.source)),
                    ("n", &n),
                    ("synch", &synch),
                ],
            );
        }
    }

    fn word_end(&mut self, w: &mut Words<'_>) {
        if let Some(t) = w.times.get(w.next) {
            let synch = self.time_ref(t.end_ms);
            let n = w.next.to_string();
            self.xml.empty(
                "anchor",
                &[("type", "word-end"), ("n", &n), ("synch", &synch)],
            );
        }
        w.in_word = false;
        w.next += 1;
    }

    /// Writes text, with word anchors at word boundaries when words are timed.
    fn text_words(&mut self, s: &str, words: &mut Option<Words<'_>>) {
        let Some(w) = words else {
            self.xml.text(s);
            return;
        };
        let mut last = 0;
        for (i, c) in s.char_indices() {
            if !crate::xml::is_xml_char(c) {
                // Dropped by the writer: neither part of a word nor a boundary.
                continue;
            }
            let space = c.is_whitespace();
            if space == w.in_word {
                self.xml.text(&s[last..i]);
                last = i;
                if space {
                    self.word_end(w);
                } else {
                    self.word_start(w);
                    w.in_word = true;
                }
            }
        }
        self.xml.text(&s[last..]);
    }

    /// Advances the word state over text that the reading text contains but the TEI does
    /// not spell out (quotation marks, event brackets) or that sits inside an element that
    /// cannot hold anchors; anchors go where the writer stands.
    fn virtual_text(&mut self, s: &str, words: &mut Option<Words<'_>>) {
        let Some(w) = words else { return };
        for c in s.chars().filter(|&c| crate::xml::is_xml_char(c)) {
            let space = c.is_whitespace();
            if space == w.in_word {
                if space {
                    self.word_end(w);
                } else {
                    self.word_start(w);
                    w.in_word = true;
                }
            }
        }
    }

    fn inlines(&mut self, content: &[Inline], words: &mut Option<Words<'_>>, quote_depth: usize) {
        for inline in content {
            match inline {
                Inline::Text { text } => self.text_words(text, words),
                Inline::Emphasis { content } => {
                    self.xml.open("hi", &[("rend", "italic")]);
                    self.inlines(content, words, quote_depth);
                    self.xml.end_tag("hi");
                }
                Inline::Strong { content } => {
                    self.xml.open("hi", &[("rend", "bold")]);
                    self.inlines(content, words, quote_depth);
                    self.xml.end_tag("hi");
                }
                Inline::Code { text } => {
                    self.virtual_text(text, words);
                    self.xml.open("code", &[]);
                    self.xml.text(text);
                    self.xml.end_tag("code");
                }
                Inline::Title { content } => {
                    self.xml.open("title", &[]);
                    self.inlines(content, words, quote_depth);
                    self.xml.end_tag("title");
                }
                Inline::Quote { content } => {
                    let (open, close) = if quote_depth.is_multiple_of(2) {
                        (self.marks.open, self.marks.close)
                    } else {
                        (self.marks.inner_open, self.marks.inner_close)
                    };
                    self.virtual_text(open, words);
                    self.xml.open("q", &[]);
                    self.inlines(content, words, quote_depth + 1);
                    self.xml.end_tag("q");
                    self.virtual_text(close, words);
                }
                Inline::Link { url, content } => {
                    let target = self.uri(url);
                    self.xml.open("ref", &attr_opt("target", target.as_deref()));
                    self.inlines(content, words, quote_depth);
                    self.xml.end_tag("ref");
                }
                Inline::Email { address } => {
                    self.virtual_text(address, words);
                    self.xml.open("email", &[]);
                    self.xml.text(address);
                    self.xml.end_tag("email");
                }
                Inline::Timestamp { ms, text } => {
                    let synch = self.time_ref(*ms);
                    self.xml.empty(
                        "anchor",
                        &[("type", "timestamp"), ("n", text), ("synch", &synch)],
                    );
                }
                Inline::Event { kind, description } => {
                    self.virtual_text(&format!("[{description}]"), words);
                    self.event(*kind, description);
                }
                Inline::LineBreak => {
                    self.virtual_text("\n", words);
                    self.xml.empty("lb", &[]);
                }
                Inline::PageBreak => {
                    if self.opts.page_breaks {
                        self.xml.empty("pb", &[]);
                    }
                }
            }
        }
    }

    fn event(&mut self, kind: scriba_core::EventKind, description: &str) {
        let (element, attr, value) = vocab::event_element(kind);
        self.xml.open(element, &[(attr, value)]);
        self.xml.open("desc", &[]);
        self.xml.text(description);
        self.xml.end_tag("desc");
        self.xml.end_tag(element);
    }

    fn fields(&mut self, title: Option<&str>, items: &[Field]) {
        self.xml.open_block("list", &[("type", "gloss")]);
        if let Some(title) = title {
            self.xml.leaf("head", &[], title);
        }
        // A gloss list needs at least one label/item pair; an empty group gets an empty one.
        let empty = [Field::default()];
        let items = if items.is_empty() { &empty[..] } else { items };
        for field in items {
            self.xml.leaf("label", &[], &field.label);
            self.xml.open_line("item", &[]);
            self.inlines(&field.value, &mut None, 0);
            self.xml.end_tag("item");
        }
        self.xml.close_block("list");
    }

    /// A URI reference for `@target`/`@url`: ASCII characters a URI cannot contain (white
    /// space, `"<>[]\\^`{|}`, controls), a `%` that starts no escape, a second `#`, and
    /// non-ASCII controls, separators and format characters (which IRIs exclude) are
    /// percent-encoded, with a warning; other non-ASCII characters stay (IRIs allow them).
    /// `None` for an empty URL.
    fn uri(&mut self, url: &str) -> Option<String> {
        let (out, changed, dropped) = encode_uri(url);
        if let Some(&c) = dropped.first() {
            // Dropped like everywhere else (and counted for the warning).
            self.xml.dropped += dropped.len();
            self.xml.first_dropped.get_or_insert(c);
        }
        if changed {
            self.warnings.push(Diagnostic::warning(
                "tei.url",
                format!("the URL `{url}` contains characters a URI cannot hold; they are percent-encoded"),
            ));
        }
        (!out.is_empty()).then_some(out)
    }

    /// A value for a token-list attribute (`@role`): characters TEI tokens cannot contain
    /// (controls, separators) become spaces, with a warning.
    fn token_list(&mut self, value: &str, what: &str) -> String {
        let kept: String = value
            .chars()
            .filter(|&c| crate::xml::is_xml_char(c))
            .collect();
        let cleaned: Vec<&str> = kept
            .split(|c: char| c.is_whitespace() || c.is_control() || is_separator(c))
            .filter(|t| !t.is_empty())
            .collect();
        let out = cleaned.join(" ");
        if out != value {
            self.warnings.push(Diagnostic::warning(
                "tei.token",
                format!("the {what} `{value}` was normalised to `{out}` (TEI tokens hold no control or separator characters)"),
            ));
        }
        out
    }
}

/// Percent-encodes what a URI reference cannot hold (see [`Writer::uri`]): returns the
/// reference, whether anything was encoded, and the characters XML forbids that were dropped.
pub(crate) fn encode_uri(url: &str) -> (String, bool, Vec<char>) {
    let mut out = String::with_capacity(url.len());
    let mut changed = false;
    let mut dropped = Vec::new();
    let mut fragment = false;
    let bytes = url.as_bytes();
    for (i, c) in url.char_indices() {
        let encode = if !crate::xml::is_xml_char(c) {
            dropped.push(c);
            continue;
        } else if c.is_ascii() {
            match c {
                '%' => {
                    !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                        && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                }
                '#' => std::mem::replace(&mut fragment, true),
                c => !(c.is_ascii_alphanumeric() || "-._~:/?@!$&'()*+,;=".contains(c)),
            }
        } else {
            c.is_whitespace() || c.is_control() || is_separator(c)
        };
        if encode {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
            changed = true;
        } else {
            out.push(c);
        }
    }
    (out, changed, dropped)
}

/// Whether `s` has a character that is neither white space nor dropped by the writer.
fn has_visible(s: &str) -> bool {
    s.chars()
        .any(|c| !c.is_whitespace() && crate::xml::is_xml_char(c))
}

/// Whether `c` is a Unicode separator or format character (`\p{Z}`, `\p{Cf}`), which TEI
/// tokens exclude.
fn is_separator(c: char) -> bool {
    matches!(c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200F}' | '\u{2028}'..='\u{202F}'
        | '\u{205F}'..='\u{206F}' | '\u{3000}' | '\u{FEFF}' | '\u{00AD}' | '\u{061C}'
        | '\u{FFF9}'..='\u{FFFB}')
}

fn attr_opt<'v>(key: &'static str, value: Option<&'v str>) -> Vec<(&'static str, &'v str)> {
    value.map(|v| (key, v)).into_iter().collect()
}

/// The number of words of a paragraph, and whether one of them is made only of characters
/// XML forbids: such a word vanishes from the output, so its time could be neither placed
/// nor read back, and the paragraph's word times are left out.
fn word_count(p: &Paragraph) -> (usize, bool) {
    let list = p.word_list();
    let vanishing = list.iter().any(|w| !w.chars().any(crate::xml::is_xml_char));
    (list.len(), vanishing)
}

/// Every time (ms) the blocks refer to (word times only where they are written).
fn collect_times(blocks: &[Block], out: &mut BTreeSet<u64>) {
    fn inline_times(content: &[Inline], out: &mut BTreeSet<u64>) {
        for inline in content {
            match inline {
                Inline::Timestamp { ms, .. } => {
                    out.insert(*ms);
                }
                Inline::Emphasis { content }
                | Inline::Strong { content }
                | Inline::Title { content }
                | Inline::Quote { content }
                | Inline::Link { content, .. } => inline_times(content, out),
                _ => {}
            }
        }
    }
    fn paragraph_times(p: &Paragraph, out: &mut BTreeSet<u64>) {
        out.extend(p.start_ms);
        out.extend(p.end_ms);
        if !p.words.is_empty() && word_count(p) == (p.words.len(), false) {
            for w in &p.words {
                out.insert(w.start_ms);
                out.insert(w.end_ms);
            }
        }
        inline_times(&p.content, out);
    }
    for block in blocks {
        match block {
            Block::Turn {
                start_ms,
                paragraphs,
                ..
            } => {
                out.extend(*start_ms);
                for p in paragraphs {
                    paragraph_times(p, out);
                }
            }
            Block::Paragraph(p) => paragraph_times(p, out),
            Block::Heading { content, .. } | Block::Note { content, .. } => {
                inline_times(content, out);
            }
            Block::Fields { items, .. } => {
                for f in items {
                    inline_times(&f.value, out);
                }
            }
            Block::Event { .. } => {}
        }
    }
}

/// A stable 64-bit FNV-1a digest of the reading text of front, body and back, used as the
/// `idno` of a transcript without an identifier.
fn digest(doc: &Transcript) -> u64 {
    let marks = doc.quote_marks();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        // Characters the writer drops are left out, so that a re-read document has the
        // same digest.
        let kept = s.chars().filter(|&c| crate::xml::is_xml_char(c));
        for b in kept
            .flat_map(|c| {
                let mut buf = [0; 4];
                let len = c.encode_utf8(&mut buf).len();
                buf.into_iter().take(len)
            })
            .chain([0])
        {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for blocks in [&doc.front, &doc.body, &doc.back] {
        for text in scriba_core::blocks_text(blocks, marks) {
            feed(&text);
        }
    }
    hash
}
