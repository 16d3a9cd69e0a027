//! EPUB 3 exporter: turns a transcript into an accessible, byte-reproducible ebook.
//!
//! The book has a cover (generated SVG or an image you give), a title page with the
//! disclaimer, the transcript split into XHTML files at headings and every ~300 KB, and the
//! back matter; a navigation document with a table of contents and landmarks; EPUB
//! Accessibility 1.1 discovery metadata; and a small stylesheet in relative units.
//!
//! The OCF container is written here, with the `zip` crate, deterministically: `mimetype`
//! first and stored, then every other entry deflated, in a fixed order, with a fixed
//! timestamp. The identifier is derived from a SHA-256 of the transcript unless one is
//! given, and `dcterms:modified` comes from [`EpubOptions::timestamp`] (the driver passes
//! `SOURCE_DATE_EPOCH`) or the transcript's date: no clock, no randomness. `docs/epub.md`
//! explains why this crate does not use epub-builder.
//!
//! ```
//! use scriba_core::{Block, Paragraph, Speaker, Transcript};
//! use scriba_epub::{EpubOptions, export};
//!
//! let mut doc = Transcript::default();
//! doc.meta.title = Some("Ein Gespräch".into());
//! doc.meta.language = Some("de".into());
//! doc.speakers.push(Speaker::new("anna", "Anna Weber"));
//! doc.body.push(Block::turn(Some("anna"), vec![Paragraph::text("Guten Tag.")]));
//! let book = export(&doc, &EpubOptions::default()).expect("valid options");
//! assert!(book.output.starts_with(b"PK\x03\x04"));
//! assert_eq!(&book.output[30..38], b"mimetype");
//! ```

mod content;
mod cover;
mod date;
mod ident;
mod labels;
mod ocf;
mod package;
mod sanitize;
mod xml;

use serde::{Deserialize, Serialize};

use scriba_core::{
    Artifact, Diagnostic, Diagnostics, ExportContext, ExportResult, Exporter, ExporterInfo,
    ExporterOrigin, OutputKind, Transcript, Warned,
};

/// The media type of an EPUB file.
pub const MEDIA_TYPE: &str = "application/epub+zip";

/// The default for [`EpubOptions::max_file_bytes`]: about 300 KB of markup per XHTML file,
/// which keeps page turns fast on e-ink readers.
pub const DEFAULT_MAX_FILE_BYTES: usize = 300_000;

/// The smallest accepted [`EpubOptions::max_file_bytes`]; smaller values are raised to it.
pub const MIN_MAX_FILE_BYTES: usize = 4_096;

/// Whether `bytes` are an image the book can take as its cover (PNG, JPEG, GIF, WebP or
/// SVG, recognised from the bytes): the check behind the `epub.cover-format` error, for
/// callers that read the file and want to name it (the CLI's `--cover`).
///
/// ```
/// assert!(scriba_epub::cover_is_usable(b"\x89PNG\r\n\x1a\n..."));
/// assert!(!scriba_epub::cover_is_usable(b"not an image"));
/// ```
pub fn cover_is_usable(bytes: &[u8]) -> bool {
    cover::sniff(bytes).is_some()
}

/// The [`ExportContext::files`] key of a cover image (the CLI's `--cover`); it replaces
/// the `cover` option.
pub const COVER_FILE: &str = "epub.cover";

/// Which cover the book gets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cover {
    /// No cover.
    None,
    /// An SVG cover drawn from the title, the subtitle and the speakers' names.
    #[default]
    Generated,
    /// The given image file content (PNG, JPEG, GIF, WebP or SVG; the format is recognised
    /// from the bytes). Exporters never read files: the caller loads the image.
    Image(Vec<u8>),
}

/// Options of the EPUB exporter. Every field has a default, so `{}` is a valid table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct EpubOptions {
    /// The cover: `"none"`, `"generated"` (the default) or `{"image": [bytes…]}`.
    pub cover: Cover,
    /// CSS text that replaces the built-in stylesheet. It must be valid CSS (EPUBCheck
    /// checks it); the class names the content uses are listed in `docs/epub.md`.
    pub stylesheet: Option<String>,
    /// Whether each heading of the body's topmost level starts a new XHTML file (a chapter).
    /// Default `true`.
    pub split_at_headings: bool,
    /// A new XHTML file starts (between paragraphs) once the current one holds this many bytes
    /// of markup. Default [`DEFAULT_MAX_FILE_BYTES`]; values below [`MIN_MAX_FILE_BYTES`] are
    /// raised to it.
    pub max_file_bytes: usize,
    /// The package identifier (`dc:identifier`). When absent, the transcript's own identifier
    /// is used, or else a `urn:uuid:` derived from a SHA-256 of the transcript's content.
    pub identifier: Option<String>,
    /// The modification time (`dcterms:modified`) in seconds since the Unix epoch, normally
    /// `SOURCE_DATE_EPOCH`. When absent, the transcript's date at midnight UTC is used, or
    /// else 1980-01-01 (with a note).
    pub timestamp: Option<i64>,
}

impl Default for EpubOptions {
    fn default() -> Self {
        Self {
            cover: Cover::default(),
            stylesheet: None,
            split_at_headings: true,
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            identifier: None,
            timestamp: None,
        }
    }
}

impl EpubOptions {
    /// Sets the cover.
    #[must_use]
    pub fn with_cover(mut self, cover: Cover) -> Self {
        self.cover = cover;
        self
    }

    /// Sets the modification time in seconds since the Unix epoch.
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: Option<i64>) -> Self {
        self.timestamp = timestamp;
        self
    }

    /// Sets the package identifier.
    #[must_use]
    pub fn with_identifier(mut self, identifier: Option<String>) -> Self {
        self.identifier = identifier;
        self
    }

    /// Sets the stylesheet that replaces the built-in one.
    #[must_use]
    pub fn with_stylesheet(mut self, css: Option<String>) -> Self {
        self.stylesheet = css;
        self
    }

    /// Sets whether top-level headings start new files.
    #[must_use]
    pub fn with_split_at_headings(mut self, split: bool) -> Self {
        self.split_at_headings = split;
        self
    }

    /// Sets the size after which a new XHTML file starts.
    #[must_use]
    pub fn with_max_file_bytes(mut self, bytes: usize) -> Self {
        self.max_file_bytes = bytes;
        self
    }
}

/// Writes the transcript as an EPUB 3.3 file.
///
/// Lossy steps are warnings: characters XML cannot carry (dropped), links whose target is
/// not an absolute URL (kept as text), a language tag or date that is not well-formed
/// (replaced), an empty body (the book says so). The only errors are options that cannot
/// be honoured, such as a cover image in an unknown format.
pub fn export(doc: &Transcript, opts: &EpubOptions) -> Result<Warned<Vec<u8>>, Diagnostics> {
    let mut warnings = Diagnostics::new();
    let identifier = ident::identifier(doc, opts.identifier.as_deref());
    let (clean, dropped) = sanitize::sanitize(doc);
    if dropped > 0 {
        warnings.push(
            Diagnostic::warning(
                "epub.control-characters",
                format!(
                    "{dropped} character{} that XML cannot carry (control characters, non-characters) dropped",
                    if dropped == 1 { "" } else { "s" }
                ),
            )
            .with_hint("remove control characters from the transcript"),
        );
    }
    let cover = cover::prepare(&opts.cover, &clean).map_err(|d| vec![d])?;
    let book = package::Book::build(&clean, opts, identifier, cover, &mut warnings);
    let bytes = ocf::write(&book.files).map_err(|e| {
        vec![Diagnostic::error(
            "epub.zip",
            format!("could not write the EPUB container: {e}"),
        )]
    })?;
    Ok(Warned::with(bytes, warnings))
}

/// The registered `epub` exporter: decodes [`EpubOptions`] from the context, takes the
/// timestamp from `SOURCE_DATE_EPOCH` when the options give none, and returns one artifact.
#[derive(Debug, Clone, Copy, Default)]
pub struct EpubExporter;

impl Exporter for EpubExporter {
    fn id(&self) -> &str {
        "epub"
    }

    fn info(&self) -> ExporterInfo {
        ExporterInfo {
            id: "epub".to_owned(),
            name: "EPUB 3 ebook".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extension: "epub".to_owned(),
            media_type: MEDIA_TYPE.to_owned(),
            kind: OutputKind::Binary,
            description: "an accessible, reproducible EPUB 3 ebook with title page, speaker-labelled dialogue and back matter".to_owned(),
            origin: ExporterOrigin::Builtin,
        }
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let mut opts: EpubOptions = ctx.options().map_err(|d| vec![d])?;
        // The CLI's `--cover` file wins over the `cover` option.
        if let Some(image) = ctx.files(COVER_FILE).last() {
            opts.cover = Cover::Image(image.to_vec());
        }
        if opts.timestamp.is_none() {
            opts.timestamp = ctx.source_date_epoch;
        }
        let book = export(doc, &opts)?;
        Ok(book.map(|bytes| {
            vec![Artifact {
                path: ctx.file_name("epub"),
                media_type: MEDIA_TYPE.to_owned(),
                bytes,
            }]
        }))
    }
}
