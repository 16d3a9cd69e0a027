//! scriba plugin that exports a transcript as CommonMark Markdown, with the metadata as YAML
//! front matter (the form pandoc, Hugo, Jekyll and most static site generators read).
//!
//! The layout: the title as a level-1 heading, the subtitle in italics, the front matter
//! (disclaimers as block quotes), the body with each speaker's name in bold where the speaker
//! changes (and the turn's start time when the source gives one), headings one level below
//! the title, events in italic brackets, notes as block quotes, labelled fields as lists, the
//! end marker, and the back matter after a thematic break.
//!
//! Every character of the transcript's text comes out as text, never as markup: Markdown and
//! HTML syntax (`*`, `_`, `[`, `<script>`, `&amp;`, a `#` or `1.` at a line start …) is
//! backslash-escaped. Control characters are dropped with a warning, and links with schemes
//! other than `http`, `https`, `mailto` and `ftp` become plain text with a warning.

use std::fmt::Write as _;

use scriba_plugin_sdk::serde::Deserialize;
use scriba_plugin_sdk::{
    Artifact, Block, Diagnostic, ExportContext, ExportResult, Exporter, ExporterInfo,
    ExporterOrigin, Inline, OutputKind, Paragraph, QuoteMarks, Transcript, Warned,
};

/// The media type of the output.
const MEDIA_TYPE: &str = "text/markdown; charset=utf-8";

/// Options of the `md` format.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(crate = "scriba_plugin_sdk::serde", default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MarkdownOptions {
    /// Whether to begin with a YAML front matter block (`---` … `---`) holding the metadata
    /// (title, language, date, publisher, contributors, source, media, rights, identifier,
    /// keywords). On by default.
    pub front_matter: bool,
    /// Whether to show a turn's start time (`HH:MM:SS`) after the speaker's name when the
    /// source gives one. On by default.
    pub timestamps: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        Self {
            front_matter: true,
            timestamps: true,
        }
    }
}

/// Renders the transcript as Markdown, with warnings for what was dropped or changed.
pub fn to_markdown(doc: &Transcript, options: &MarkdownOptions) -> Warned<String> {
    let mut w = Writer {
        doc,
        marks: doc.quote_marks(),
        out: String::new(),
        dropped_controls: 0,
        warnings: Vec::new(),
    };
    if options.front_matter {
        w.front_matter();
    }
    if let Some(title) = &doc.meta.title {
        let title = w.escape_line(title);
        w.block(&format!("# {title}"));
    }
    if let Some(subtitle) = &doc.meta.subtitle {
        let subtitle = w.escape_line(subtitle);
        w.block(&emphasis(&subtitle, "*"));
    }
    w.blocks(&doc.front, options);
    if !doc.front.is_empty() && !doc.body.is_empty() {
        w.block("---");
    }
    w.blocks(&doc.body, options);
    if let Some(end) = &doc.end_marker {
        let end = w.escape_line(end);
        w.block(&end);
    }
    if !doc.back.is_empty() {
        w.block("---");
        w.blocks(&doc.back, options);
    }
    if w.dropped_controls > 0 {
        w.warnings.push(
            Diagnostic::warning(
                "md.control-character",
                format!(
                    "dropped {} control character(s) that Markdown cannot carry",
                    w.dropped_controls
                ),
            )
            .with_hint("remove control characters from the transcript"),
        );
    }
    Warned::with(w.out, w.warnings)
}

struct Writer<'a> {
    doc: &'a Transcript,
    marks: QuoteMarks,
    out: String,
    dropped_controls: usize,
    warnings: Vec<Diagnostic>,
}

impl Writer<'_> {
    /// Appends a block, separated from the previous one by a blank line.
    fn block(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text.trim_end());
        self.out.push('\n');
    }

    fn front_matter(&mut self) {
        let meta = &self.doc.meta;
        let mut yaml = String::from("---\n");
        let mut field = |yaml: &mut String, key: &str, value: &Option<String>| {
            if let Some(v) = value {
                let _ = writeln!(yaml, "{key}: {}", self.yaml_string(v));
            }
        };
        field(&mut yaml, "title", &meta.title);
        field(&mut yaml, "subtitle", &meta.subtitle);
        field(&mut yaml, "lang", &meta.language);
        field(&mut yaml, "date", &meta.date);
        field(&mut yaml, "publisher", &meta.publisher);
        field(&mut yaml, "source", &meta.source_url);
        field(&mut yaml, "media", &meta.media_url);
        field(&mut yaml, "rights", &meta.rights);
        field(&mut yaml, "identifier", &meta.identifier);
        for (key, list) in [
            ("contributors", &meta.contributors),
            ("keywords", &meta.keywords),
        ] {
            if !list.is_empty() {
                let _ = writeln!(yaml, "{key}:");
                for item in list {
                    let _ = writeln!(yaml, "  - {}", self.yaml_string(item));
                }
            }
        }
        if !self.doc.speakers.is_empty() {
            yaml.push_str("speakers:\n");
            for s in &self.doc.speakers {
                let _ = writeln!(yaml, "  - {}", self.yaml_string(&s.name));
            }
        }
        if yaml != "---\n" {
            yaml.push_str("---\n");
            self.out.push_str(&yaml);
        }
    }

    /// A YAML double-quoted scalar.
    fn yaml_string(&mut self, s: &str) -> String {
        let mut out = String::from("\"");
        for c in self.clean(s).chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' => {
                    let _ = write!(out, "\\u{:04X}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// Drops control characters (counting them); tabs and line breaks become spaces.
    fn clean(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if matches!(c, '\t' | '\n' | '\r') {
                out.push(' ');
            } else if c.is_control() {
                self.dropped_controls += 1;
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Escapes text that stands alone on one line (titles, labels).
    fn escape_line(&mut self, s: &str) -> String {
        let text = self.escape(s);
        escape_line_start(&text)
    }

    /// Escapes text so that every character is literal in Markdown.
    fn escape(&mut self, s: &str) -> String {
        let cleaned = self.clean(s);
        let mut out = String::with_capacity(cleaned.len());
        let chars: Vec<char> = cleaned.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                // `&` starts an entity reference only when a name or `#` and a `;` follow.
                '&' if {
                    let run = chars[i + 1..]
                        .iter()
                        .take_while(|n| n.is_ascii_alphanumeric() || **n == '#')
                        .count();
                    run > 0 && chars.get(i + 1 + run) == Some(&';')
                } =>
                {
                    out.push_str("\\&");
                }
                // `!` before `[` would start an image; `[` is escaped anyway, but `![` after
                // an escaped `\[` is harmless, so nothing to do. `(`/`)` matter only after `]`.
                c => out.push(c),
            }
        }
        out
    }

    fn blocks(&mut self, blocks: &[Block], options: &MarkdownOptions) {
        let mut last_speaker: Option<&str> = None;
        for block in blocks {
            match block {
                Block::Turn {
                    speaker,
                    start_ms,
                    paragraphs,
                } => {
                    for (i, p) in paragraphs.iter().enumerate() {
                        let text = self.paragraph(p);
                        let label = match speaker.as_deref() {
                            Some(id) if i == 0 && last_speaker != Some(id) => {
                                let name = self.escape(self.doc.speaker_name(id));
                                match start_ms.filter(|_| options.timestamps) {
                                    Some(ms) => format!("**{name} ({}):** ", clock(ms)),
                                    None => format!("**{name}:** "),
                                }
                            }
                            _ => String::new(),
                        };
                        if label.is_empty() {
                            self.block(&text);
                        } else {
                            self.block(&format!("{label}{text}"));
                        }
                    }
                    last_speaker = speaker.as_deref();
                }
                Block::Heading { level, content, .. } => {
                    let hashes = "#".repeat(usize::from(level.saturating_add(1).clamp(2, 6)));
                    let text = self.inlines(content).replace("\\\n", " ");
                    self.block(&format!("{hashes} {}", text.trim()));
                    last_speaker = None;
                }
                Block::Paragraph(p) => {
                    let text = self.paragraph(p);
                    self.block(&text);
                    last_speaker = None;
                }
                Block::Event { description, .. } => {
                    let text = self.escape(description);
                    self.block(&emphasis(&format!("\\[{text}\\]"), "*"));
                }
                Block::Note { content, .. } => {
                    let text = escape_line_start(&self.inlines(content));
                    self.block(&quote_lines(&text));
                    last_speaker = None;
                }
                Block::Fields { title, items, .. } => {
                    let mut list = String::new();
                    if let Some(title) = title {
                        let title = self.escape(title);
                        let _ = writeln!(list, "{}\n", emphasis(&title, "**"));
                    }
                    for field in items {
                        let label = self.escape(&field.label);
                        let value = self.inlines(&field.value).replace("\\\n", " ");
                        let _ = writeln!(list, "- **{label}:** {}", value.trim());
                    }
                    self.block(&list);
                    last_speaker = None;
                }
            }
        }
    }

    fn paragraph(&mut self, p: &Paragraph) -> String {
        escape_line_start(self.inlines(&p.content).trim())
    }

    fn inlines(&mut self, content: &[Inline]) -> String {
        let mut out = String::new();
        self.push_inlines(content, 0, &mut out);
        out
    }

    fn push_inlines(&mut self, content: &[Inline], depth: usize, out: &mut String) {
        for inline in content {
            match inline {
                Inline::Text { text } => {
                    let text = self.escape(text);
                    out.push_str(&text);
                }
                Inline::Emphasis { content } | Inline::Title { content } => {
                    let inner = self.inlines_at(content, depth);
                    out.push_str(&emphasis(&inner, "*"));
                }
                Inline::Strong { content } => {
                    let inner = self.inlines_at(content, depth);
                    out.push_str(&emphasis(&inner, "**"));
                }
                Inline::Code { text } => {
                    let text = self.clean(text);
                    out.push_str(&code_span(&text));
                }
                Inline::Quote { content } => {
                    let (open, close) = if depth.is_multiple_of(2) {
                        (self.marks.open, self.marks.close)
                    } else {
                        (self.marks.inner_open, self.marks.inner_close)
                    };
                    out.push_str(open);
                    self.push_inlines(content, depth + 1, out);
                    out.push_str(close);
                }
                Inline::Link { url, content } => {
                    let inner = self.inlines_at(content, depth);
                    let url = self.clean(url);
                    if safe_scheme(&url) {
                        let _ = write!(out, "[{inner}](<{}>)", link_destination(&url));
                    } else {
                        self.warnings.push(Diagnostic::warning(
                            "md.link-scheme",
                            format!("link to `{url}` written as text: only http, https, mailto and ftp links are kept"),
                        ));
                        out.push_str(&inner);
                    }
                }
                Inline::Email { address } => {
                    let address = self.clean(address);
                    if is_plain_email(&address) {
                        let _ = write!(out, "<{address}>");
                    } else {
                        let text = self.escape(&address);
                        out.push_str(&text);
                    }
                }
                Inline::Timestamp { text, .. } => {
                    let text = self.escape(text);
                    let _ = write!(out, "\\[{text}\\]");
                }
                Inline::Event { description, .. } => {
                    let text = self.escape(description);
                    out.push_str(&emphasis(&format!("\\[{text}\\]"), "*"));
                }
                Inline::LineBreak => out.push_str("\\\n"),
                Inline::PageBreak => {}
            }
        }
    }

    fn inlines_at(&mut self, content: &[Inline], depth: usize) -> String {
        let mut out = String::new();
        self.push_inlines(content, depth, &mut out);
        out
    }
}

/// Wraps `inner` in emphasis delimiters, keeping surrounding white space outside them (a
/// delimiter next to white space would not close or open emphasis).
fn emphasis(inner: &str, delimiter: &str) -> String {
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return inner.to_owned();
    }
    let start = inner.len() - inner.trim_start().len();
    let end = inner.trim_end().len();
    format!(
        "{}{delimiter}{trimmed}{delimiter}{}",
        &inner[..start],
        &inner[end..]
    )
}

/// A code span whose fence is longer than any run of backticks inside.
fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes what would start a block at the beginning of a line: ATX headings, list markers,
/// setext underlines, thematic breaks.
fn escape_line_start(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let after_digits = line[digits..].chars().next();
            if matches!(line.chars().next(), Some('#' | '+' | '-' | '=')) {
                format!("\\{line}")
            } else if (1..=9).contains(&digits) && matches!(after_digits, Some('.' | ')')) {
                format!("{}\\{}", &line[..digits], &line[digits..])
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Prefixes every line with `> `.
fn quote_lines(text: &str) -> String {
    text.split('\n')
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn safe_scheme(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// A link destination for the `<…>` form: no `<`, `>` or line breaks; spaces are allowed.
fn link_destination(url: &str) -> String {
    url.replace('<', "%3C")
        .replace('>', "%3E")
        .replace('\\', "%5C")
}

/// Whether the address can be written as an autolink `<address>`.
fn is_plain_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && address
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_{|}~-@".contains(c))
}

/// `HH:MM:SS` for a time in milliseconds.
fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The `md` format.
pub struct MarkdownExporter;

impl Exporter for MarkdownExporter {
    fn id(&self) -> &str {
        "md"
    }

    fn info(&self) -> ExporterInfo {
        ExporterInfo {
            id: "md".to_owned(),
            name: "Markdown".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extension: "md".to_owned(),
            media_type: MEDIA_TYPE.to_owned(),
            kind: OutputKind::Text,
            description: "CommonMark with YAML front matter, for static sites and editors"
                .to_owned(),
            origin: ExporterOrigin::Builtin,
        }
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let options: MarkdownOptions = ctx.options().map_err(|d| vec![d])?;
        Ok(to_markdown(doc, &options).map(|text| {
            vec![Artifact {
                path: ctx.file_name("md"),
                media_type: MEDIA_TYPE.to_owned(),
                bytes: text.into_bytes(),
            }]
        }))
    }
}

scriba_plugin_sdk::export_plugin!(MarkdownExporter);

#[cfg(test)]
mod tests;
