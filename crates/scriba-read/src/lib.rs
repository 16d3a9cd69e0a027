//! Readers for scriba: plain-text and Markdown-flavoured transcripts (with YAML or TOML front
//! matter), Bundestag plenary-protocol XML, ParlaMint TSV and scriba JSON, into the model.
//!
//! Readers never fail on content: they return the model together with diagnostics (notes for
//! every guess a user may want to correct, warnings for lossy input). Only undecodable input
//! (binary, invalid UTF-8, empty) is an error, from [`decode_bytes`].
//!
//! ```
//! use scriba_read::{read_str, ReadOptions};
//!
//! let src = "Ein Gespräch\n\nAnna Weber: Guten Tag.\n\nBernd Roth: Hallo.\n";
//! let read = read_str(src, &ReadOptions::default())?;
//! assert_eq!(read.output.meta.title.as_deref(), Some("Ein Gespräch"));
//! assert_eq!(read.output.speakers.len(), 2);
//! # Ok::<(), scriba_core::Diagnostic>(())
//! ```

mod bundestag;
mod decode;
mod front;
mod inline;
mod lang;
mod parlamint;
mod speakers;
mod text;

pub use decode::{decode_bytes, span_at};

use scriba_core::{Diagnostic, Document, Transcript, Warned};

/// The input formats scriba reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputFormat {
    /// The plain-text / Markdown-flavoured transcript format (`docs/transcript-format.md`).
    Text,
    /// scriba's own JSON (`{"schema": "scriba-transcript", …}`).
    Json,
    /// A German Bundestag plenary protocol (`dbtplenarprotokoll` XML).
    BundestagXml,
    /// ParlaMint's plain-text sample form: one `ID<TAB>text` line per utterance.
    ParlaMintTsv,
    /// TEI P5 as scriba writes it (read by `scriba-tei`, not by this crate).
    Tei,
    /// SubRip subtitles (read by the driver through `scriba-subtitle`).
    Srt,
    /// WebVTT subtitles (read by the driver through `scriba-subtitle`).
    WebVtt,
}

/// Options of the readers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Lines that end the body (the rest is back matter). Empty: `ENDE`, `Ende`, `END`, `The End`,
    /// `FIN`, `Fin`, `FINE`, `KONIEC`, `КОНЕЦ`.
    pub end_markers: Vec<String>,
    /// The language (BCP 47) when the source declares none; overrides detection.
    pub language: Option<String>,
    /// The title to use when the source has none (the CLI passes the file name).
    pub fallback_title: Option<String>,
    /// Extra labels to treat as speakers even where the reader would not guess so.
    pub speaker_labels: Vec<String>,
    /// The format; `None` sniffs it from the content.
    pub format: Option<InputFormat>,
}

impl ReadOptions {
    /// Sets the fallback title.
    #[must_use]
    pub fn with_fallback_title(mut self, title: impl Into<String>) -> Self {
        self.fallback_title = Some(title.into());
        self
    }

    /// Sets the language.
    #[must_use]
    pub fn with_language(mut self, language: Option<String>) -> Self {
        self.language = language;
        self
    }

    /// Sets the format.
    #[must_use]
    pub fn with_format(mut self, format: Option<InputFormat>) -> Self {
        self.format = format;
        self
    }

    /// Adds end markers.
    #[must_use]
    pub fn with_end_markers(mut self, markers: Vec<String>) -> Self {
        self.end_markers = markers;
        self
    }

    /// Adds labels to treat as speakers.
    #[must_use]
    pub fn with_speaker_labels(mut self, labels: Vec<String>) -> Self {
        self.speaker_labels = labels;
        self
    }
}

/// Guesses the format of a decoded input from its first characters.
pub fn sniff(text: &str) -> InputFormat {
    let head = text.trim_start_matches('\u{FEFF}').trim_start();
    let start: String = head.chars().take(4096).collect();
    if head.starts_with('{') && start.contains("\"scriba-transcript\"") {
        InputFormat::Json
    } else if head.starts_with('<') && start.contains("<dbtplenarprotokoll") {
        InputFormat::BundestagXml
    } else if head.starts_with('<') && (start.contains("<TEI") || start.contains(":TEI")) {
        InputFormat::Tei
    } else if head.starts_with("WEBVTT") {
        InputFormat::WebVtt
    } else if looks_like_srt(head) {
        InputFormat::Srt
    } else if parlamint::looks_like(head) {
        InputFormat::ParlaMintTsv
    } else {
        InputFormat::Text
    }
}

/// Whether the text opens like SubRip: a cue number, then a `start --> end` line.
fn looks_like_srt(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim);
    lines
        .next()
        .is_some_and(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
        && lines.next().is_some_and(|l| l.contains("-->"))
}

/// A stable speaker id derived from a display name (`Dr. Müller` → `dr-mueller`), as the text
/// reader makes them; for readers of other formats (subtitles) that name speakers.
pub fn speaker_id(name: &str) -> String {
    speakers::slug(name)
}

/// How many characters of a text [`detect_language`] looks at (pass it
/// `Transcript::body_text_start(LANGUAGE_SAMPLE_CHARS)`, not the whole text).
pub const LANGUAGE_SAMPLE_CHARS: usize = lang::SAMPLE_CHARS;

/// Detects the language of a text (whatlang, on enough text) as a BCP 47 tag, with a note or
/// a warning saying what was guessed.
pub fn detect_language(text: &str) -> (Option<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let lang = lang::detect(text, &mut diags);
    (lang, diags)
}

/// Reads a decoded transcript of any supported format (except TEI) into the model.
///
/// The text formats always yield a model (with diagnostics). JSON that does not parse or whose
/// schema version this scriba cannot read, XML that is not well-formed, and TEI (read by
/// `scriba-tei`) are errors.
pub fn read_str(text: &str, opts: &ReadOptions) -> Result<Warned<Transcript>, Diagnostic> {
    match opts.format.unwrap_or_else(|| sniff(text)) {
        InputFormat::Json => read_json(text).map(Warned::new),
        InputFormat::BundestagXml => bundestag::read(text, opts),
        InputFormat::ParlaMintTsv => Ok(parlamint::read(text, opts)),
        InputFormat::Tei => Err(Diagnostic::error(
            "read.tei",
            "TEI input is read by the scriba-tei crate, not by scriba-read",
        )),
        InputFormat::Srt | InputFormat::WebVtt => Err(Diagnostic::error(
            "read.subtitles",
            "subtitle input is read by the scriba driver (through scriba-subtitle), not by scriba-read",
        )),
        InputFormat::Text => Ok(text::read(text, opts)),
    }
}

/// Reads scriba's JSON form exactly as the `json` exporter wrote it.
pub fn read_json(text: &str) -> Result<Transcript, Diagnostic> {
    let doc: Document = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error("read.json", format!("invalid scriba JSON: {e}")).at(
            scriba_core::Span::new(
                u32::try_from(e.line()).unwrap_or(u32::MAX),
                u32::try_from(e.column()).unwrap_or(u32::MAX),
            ),
        )
    })?;
    doc.check_version()
        .map_err(|m| Diagnostic::error("read.json-version", m))?;
    Ok(doc.transcript)
}
