//! The XHTML content documents: cover page, title page, transcript parts and back matter.

use std::collections::BTreeSet;

use scriba_core::{Block, Inline, NoteKind, Paragraph, QuoteMarks, Transcript};

use crate::labels::Labels;
use crate::xml;

/// What every content document needs to know about the book.
#[derive(Debug)]
pub(crate) struct Env<'a> {
    /// The (cleaned) transcript.
    pub(crate) doc: &'a Transcript,
    /// The well-formed BCP 47 language tag of the book.
    pub(crate) lang: String,
    /// The words the book adds, in the book's language where available.
    pub(crate) labels: &'static Labels,
    /// The quotation marks of the book's language.
    pub(crate) marks: QuoteMarks,
    /// The title shown and used in `<title>`.
    pub(crate) title: String,
    /// The stylesheet's file name.
    pub(crate) css: &'static str,
}

/// What rendering could not represent, reported as warnings afterwards.
#[derive(Debug, Default)]
pub(crate) struct Issues {
    /// Link targets that are not absolute URLs (kept as text).
    pub(crate) unlinked: BTreeSet<String>,
}

/// A heading that goes into the table of contents.
#[derive(Debug, Clone)]
pub(crate) struct TocHeading {
    /// The heading level in the model (1 = topmost).
    pub(crate) level: u8,
    /// The element id inside its file.
    pub(crate) id: String,
    /// The heading's text.
    pub(crate) label: String,
}

/// The markup of one XHTML file's `<body>` and the headings in it.
#[derive(Debug, Default)]
pub(crate) struct Part {
    /// The body markup.
    pub(crate) html: String,
    /// The headings, in order.
    pub(crate) headings: Vec<TocHeading>,
    /// Whether the part begins with its first heading (it is then named by it).
    pub(crate) opens_with_heading: bool,
}

/// A complete XHTML content document around `body`.
pub(crate) fn page(env: &Env<'_>, title: &str, body_attrs: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 512);
    out.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"",
    );
    out.push_str(&env.lang);
    out.push_str("\" xml:lang=\"");
    out.push_str(&env.lang);
    out.push_str("\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>");
    xml::text(&mut out, title);
    out.push_str("</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    out.push_str(env.css);
    out.push_str("\"/>\n</head>\n<body");
    out.push_str(body_attrs);
    out.push_str(">\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

/// The cover page: the cover image alone, with the title and speakers as its alternative.
pub(crate) fn cover_page(env: &Env<'_>, image: &str, alt: &str) -> String {
    let mut body = String::from("<section class=\"cover\" epub:type=\"cover\">\n<img src=\"");
    xml::attr(&mut body, image);
    body.push_str("\" alt=\"");
    xml::attr(&mut body, alt);
    body.push_str("\" role=\"doc-cover\"/>\n</section>\n");
    page(env, env.labels.cover, " class=\"cover\"", &body)
}

/// The title page: title, subtitle, speakers, date, source and the rest of the metadata,
/// then the front matter (the disclaimer).
pub(crate) fn title_page(env: &Env<'_>, issues: &mut Issues) -> String {
    let doc = env.doc;
    let meta = &doc.meta;
    let l = env.labels;
    let mut b = String::from(
        "<section class=\"titlepage\" epub:type=\"titlepage\" aria-labelledby=\"title\">\n<h1 id=\"title\" class=\"title\">",
    );
    xml::text(&mut b, &env.title);
    b.push_str("</h1>\n");
    if let Some(sub) = non_empty(meta.subtitle.as_deref()) {
        b.push_str("<p class=\"subtitle\">");
        xml::text(&mut b, sub);
        b.push_str("</p>\n");
    }
    let names = crate::cover::speaker_names(doc);
    if !names.is_empty() {
        b.push_str("<p class=\"speakers\">");
        xml::text(&mut b, l.with);
        b.push(' ');
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                b.push_str(", ");
            }
            b.push_str("<bdi class=\"name\">");
            xml::text(&mut b, name);
            b.push_str("</bdi>");
        }
        b.push_str("</p>\n");
    }
    let mut about = String::new();
    let mut item = |label: &str, value: &str| {
        about.push_str("<dt>");
        xml::text(&mut about, label);
        about.push_str("</dt><dd>");
        about.push_str(value);
        about.push_str("</dd>\n");
    };
    if let Some(date) = non_empty(meta.date.as_deref()) {
        item(l.date, &xml::esc(&display_date(date, l.lang)));
    }
    if let Some(publisher) = non_empty(meta.publisher.as_deref()) {
        item(l.publisher, &xml::esc(publisher));
    }
    if !meta.contributors.is_empty() {
        item(l.transcription, &xml::esc(&meta.contributors.join(", ")));
    }
    if let Some(url) = non_empty(meta.source_url.as_deref()) {
        item(l.source, &url_markup(url, issues));
    }
    if let Some(url) = non_empty(meta.media_url.as_deref()) {
        item(l.recording, &url_markup(url, issues));
    }
    if let Some(ms) = meta.duration_ms {
        item(l.duration, &xml::esc(&clock(ms)));
    }
    if let Some(rights) = non_empty(meta.rights.as_deref()) {
        item(l.rights, &xml::esc(rights));
    }
    if !about.is_empty() {
        b.push_str("<dl class=\"about\">\n");
        b.push_str(&about);
        b.push_str("</dl>\n");
    }
    b.push_str("</section>\n");
    if !doc.front.is_empty() {
        let mut w = Writer::new(env, issues, usize::MAX, None, 2);
        w.blocks(&doc.front);
        let front = w.finish();
        b.push_str("<section class=\"front\">\n");
        for part in front {
            b.push_str(&part.html);
        }
        b.push_str("</section>\n");
    }
    page(env, &env.title, "", &b)
}

/// The body split into parts: at top-level headings when `split_at_headings`, and between
/// paragraphs once a part holds `max_bytes` of markup. The end marker closes the last part;
/// an empty body gives one part with a notice.
pub(crate) fn body_parts(
    env: &Env<'_>,
    issues: &mut Issues,
    split_at_headings: bool,
    max_bytes: usize,
) -> Vec<Part> {
    let doc = env.doc;
    let split_level = split_at_headings
        .then(|| {
            doc.body
                .iter()
                .filter_map(|b| match b {
                    Block::Heading { level, .. } => Some(*level),
                    _ => None,
                })
                .min()
        })
        .flatten();
    let mut w = Writer::new(env, issues, max_bytes, split_level, 0);
    if doc.body.is_empty() {
        w.cur.html.push_str("<p class=\"notice\">");
        xml::text(&mut w.cur.html, env.labels.empty);
        w.cur.html.push_str("</p>\n");
    }
    w.blocks(&doc.body);
    if let Some(end) = non_empty(doc.end_marker.as_deref()) {
        w.cur.html.push_str("<p class=\"end-marker\">");
        xml::text(&mut w.cur.html, end);
        w.cur.html.push_str("</p>\n");
    }
    w.finish()
}

/// The back matter as one part.
pub(crate) fn back_part(env: &Env<'_>, issues: &mut Issues) -> Part {
    let mut w = Writer::new(env, issues, usize::MAX, None, 2);
    w.blocks(&env.doc.back);
    let mut parts = w.finish();
    let mut part = parts.remove(0);
    for more in parts {
        part.html.push_str(&more.html);
        part.headings.extend(more.headings);
    }
    part
}

/// Writes blocks into parts, keeping track of the speaker for labels.
struct Writer<'e, 'a> {
    env: &'e Env<'a>,
    issues: &'e mut Issues,
    parts: Vec<Part>,
    cur: Part,
    max_bytes: usize,
    split_level: Option<u8>,
    /// The speaker of the previous turn: `None` before any turn and after a heading (the label
    /// is shown again), `Some(None)` after a turn without a speaker.
    last_speaker: Option<Option<&'a str>>,
    headings: usize,
    /// The heading level of field group titles (`h2` in the back matter), or 0 for a styled
    /// paragraph (in the body, where headings make the table of contents).
    fields_heading: u8,
}

impl<'e, 'a> Writer<'e, 'a> {
    fn new(
        env: &'e Env<'a>,
        issues: &'e mut Issues,
        max_bytes: usize,
        split_level: Option<u8>,
        fields_heading: u8,
    ) -> Self {
        Self {
            env,
            issues,
            parts: Vec::new(),
            cur: Part::default(),
            max_bytes,
            split_level,
            last_speaker: None,
            headings: 0,
            fields_heading,
        }
    }

    fn finish(mut self) -> Vec<Part> {
        if !self.cur.html.is_empty() || self.parts.is_empty() {
            self.parts.push(self.cur);
        }
        self.parts
    }

    /// Starts a new part when the current one is full.
    fn maybe_break(&mut self, in_turn: bool) {
        if self.cur.html.len() < self.max_bytes {
            return;
        }
        if in_turn {
            self.cur.html.push_str("</div>\n");
        }
        self.parts.push(std::mem::take(&mut self.cur));
        if in_turn {
            self.cur.html.push_str("<div class=\"turn\">\n");
        }
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &'a Block) {
        match block {
            Block::Turn {
                speaker,
                paragraphs,
                start_ms,
            } => self.turn(speaker.as_deref(), *start_ms, paragraphs),
            Block::Heading { level, content, .. } => self.heading(*level, content),
            Block::Paragraph(p) => {
                self.maybe_break(false);
                self.last_speaker = None;
                self.paragraph(None, None, p);
            }
            Block::Event { description, .. } => {
                self.maybe_break(false);
                let h = &mut self.cur.html;
                h.push_str("<p class=\"event\">[");
                xml::text(h, description);
                h.push_str("]</p>\n");
            }
            Block::Note { kind, content, .. } => {
                self.maybe_break(false);
                let class = match kind {
                    NoteKind::Disclaimer => "note disclaimer",
                    NoteKind::Editorial => "note editorial",
                    NoteKind::Summary => "note summary",
                    NoteKind::Other => "note",
                };
                self.cur.html.push_str("<p class=\"");
                self.cur.html.push_str(class);
                self.cur.html.push_str("\">");
                self.inlines(content);
                self.cur.html.push_str("</p>\n");
            }
            Block::Fields { title, items, .. } => {
                self.maybe_break(false);
                self.cur.html.push_str("<div class=\"fields\">\n");
                if let Some(title) = title {
                    let tag = match self.fields_heading {
                        0 => "p",
                        2 => "h2",
                        _ => "h3",
                    };
                    self.cur
                        .html
                        .push_str(&format!("<{tag} class=\"fields-title\">"));
                    xml::text(&mut self.cur.html, title);
                    self.cur.html.push_str(&format!("</{tag}>\n"));
                }
                if !items.is_empty() {
                    self.cur.html.push_str("<dl>\n");
                    for field in items {
                        self.cur.html.push_str("<dt>");
                        xml::text(&mut self.cur.html, &field.label);
                        self.cur.html.push_str(":</dt>\n<dd>");
                        self.inlines(&field.value);
                        self.cur.html.push_str("</dd>\n");
                    }
                    self.cur.html.push_str("</dl>\n");
                }
                self.cur.html.push_str("</div>\n");
            }
        }
    }

    fn heading(&mut self, level: u8, content: &[Inline]) {
        let starts_part = self.split_level.is_some_and(|s| level <= s);
        if starts_part && !self.cur.html.is_empty() {
            self.parts.push(std::mem::take(&mut self.cur));
        } else {
            self.maybe_break(false);
        }
        self.headings += 1;
        self.last_speaker = None;
        if self.cur.html.is_empty() {
            self.cur.opens_with_heading = true;
        }
        let id = format!("h{}", self.headings);
        let tag = level.clamp(1, 5) + 1;
        let text = Inline::plain_text(content, self.env.marks);
        let mut label = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let empty = label.is_empty();
        if empty {
            label = format!("{} {}", self.env.labels.section, self.headings);
        }
        self.cur.html.push_str(&format!("<h{tag} id=\"{id}\">"));
        if empty {
            // A heading needs a name; this one is the exporter's, marked as such.
            self.cur.html.push_str("<span class=\"notice\">");
            xml::text(&mut self.cur.html, &label);
            self.cur.html.push_str("</span>");
        }
        self.cur.headings.push(TocHeading { level, id, label });
        self.inlines(content);
        self.cur.html.push_str(&format!("</h{tag}>\n"));
    }

    fn turn(
        &mut self,
        speaker: Option<&'a str>,
        start_ms: Option<u64>,
        paragraphs: &'a [Paragraph],
    ) {
        self.maybe_break(false);
        let show_label = speaker.is_some() && self.last_speaker != Some(speaker);
        self.last_speaker = Some(speaker);
        self.cur.html.push_str("<div class=\"turn\">\n");
        for (i, p) in paragraphs.iter().enumerate() {
            if i > 0 {
                self.maybe_break(true);
            }
            let label = speaker
                .filter(|_| i == 0 && show_label)
                .map(|id| self.env.doc.speaker_name(id).trim())
                .filter(|name| !name.is_empty());
            self.paragraph(label, start_ms.filter(|_| i == 0), p);
        }
        self.cur.html.push_str("</div>\n");
    }

    /// A paragraph, opened by the speaker's name and the turn's start time when given.
    fn paragraph(&mut self, label: Option<&str>, start_ms: Option<u64>, p: &Paragraph) {
        self.cur.html.push_str("<p>");
        if let Some(name) = label {
            // `bdi` isolates the name, so a right-to-left name (or a stray bidi control in
            // it) cannot reorder the speech that follows.
            self.cur.html.push_str("<bdi class=\"speaker\">");
            xml::text(&mut self.cur.html, name);
            self.cur.html.push_str(":</bdi> ");
        }
        if let Some(ms) = start_ms {
            self.cur.html.push_str("<span class=\"timestamp\">");
            self.cur.html.push_str(&clock(ms));
            self.cur.html.push_str("</span> ");
        }
        self.inlines(&p.content);
        self.cur.html.push_str("</p>\n");
    }

    fn inlines(&mut self, content: &[Inline]) {
        let env = self.env;
        push_inlines(
            &mut self.cur.html,
            content,
            env.marks,
            0,
            false,
            self.issues,
        );
    }
}

/// Appends inline content. `depth` counts enclosing quotations (for inner marks), `in_link`
/// prevents nested links.
fn push_inlines(
    out: &mut String,
    content: &[Inline],
    marks: QuoteMarks,
    depth: usize,
    in_link: bool,
    issues: &mut Issues,
) {
    for inline in content {
        match inline {
            Inline::Text { text } => xml::text(out, text),
            Inline::Emphasis { content } => {
                wrap(out, "em", content, marks, depth, in_link, issues);
            }
            Inline::Strong { content } => {
                wrap(out, "strong", content, marks, depth, in_link, issues);
            }
            Inline::Title { content } => {
                wrap(out, "cite", content, marks, depth, in_link, issues);
            }
            Inline::Code { text } => {
                out.push_str("<code>");
                xml::text(out, text);
                out.push_str("</code>");
            }
            Inline::Quote { content } => {
                let (open, close) = if depth.is_multiple_of(2) {
                    (marks.open, marks.close)
                } else {
                    (marks.inner_open, marks.inner_close)
                };
                out.push_str(open);
                push_inlines(out, content, marks, depth + 1, in_link, issues);
                out.push_str(close);
            }
            Inline::Link { url, content } => {
                let blank = Inline::plain_text(content, marks).trim().is_empty();
                if in_link || !xml::linkable(url) {
                    if !in_link {
                        issues.unlinked.insert(url.clone());
                    }
                    push_inlines(out, content, marks, depth, in_link, issues);
                } else {
                    out.push_str("<a href=\"");
                    xml::attr(out, &xml::encode_url(url));
                    out.push_str("\">");
                    if blank {
                        // A link needs a visible name; the URL is the only one there is.
                        out.push_str("<span class=\"url\">");
                        xml::text(out, url.trim());
                        out.push_str("</span>");
                    }
                    push_inlines(out, content, marks, depth, true, issues);
                    out.push_str("</a>");
                }
            }
            Inline::Email { address } => {
                let target = format!("mailto:{}", address.trim());
                if in_link || !xml::linkable(&target) {
                    xml::text(out, address);
                } else {
                    out.push_str("<a href=\"");
                    xml::attr(out, &xml::encode_url(&target));
                    out.push_str("\">");
                    xml::text(out, address);
                    out.push_str("</a>");
                }
            }
            Inline::Timestamp { text, .. } => {
                out.push_str("<span class=\"timestamp\">");
                xml::text(out, text);
                out.push_str("</span>");
            }
            Inline::Event { description, .. } => {
                out.push_str("<span class=\"event\">[");
                xml::text(out, description);
                out.push_str("]</span>");
            }
            Inline::LineBreak => out.push_str("<br/>"),
            Inline::PageBreak => {}
        }
    }
}

fn wrap(
    out: &mut String,
    tag: &str,
    content: &[Inline],
    marks: QuoteMarks,
    depth: usize,
    in_link: bool,
    issues: &mut Issues,
) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    push_inlines(out, content, marks, depth, in_link, issues);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// A URL as a link when it can be one, else as text (and noted).
fn url_markup(url: &str, issues: &mut Issues) -> String {
    let mut out = String::new();
    push_inlines(
        &mut out,
        &[Inline::Link {
            url: url.to_owned(),
            content: vec![Inline::text(url)],
        }],
        QuoteMarks::for_language("en"),
        0,
        false,
        issues,
    );
    out
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A duration as `h:mm:ss` or `m:ss`.
fn clock(ms: u64) -> String {
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// A `YYYY-MM-DD` date written out in the labels' language (`31. Januar 2025`); other
/// forms are shown as given.
fn display_date(date: &str, lang: &str) -> String {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return date.to_owned();
    };
    let (Ok(m), Ok(d)) = (m.parse::<usize>(), d.parse::<u32>()) else {
        return date.to_owned();
    };
    if y.len() != 4 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return date.to_owned();
    }
    let months: [&str; 12] = match lang {
        "de" => [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
        "fr" => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
        "es" => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        _ => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    };
    let month = months[m - 1];
    match lang {
        "de" => format!("{d}. {month} {y}"),
        "es" => format!("{d} de {month} de {y}"),
        _ => format!("{d} {month} {y}"),
    }
}

#[cfg(test)]
mod tests;
