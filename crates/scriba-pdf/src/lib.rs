//! PDF exporter: typesets a transcript into a print-ready PDF with subset fonts and clean
//! text extraction.
//!
//! The crate does its own layout: text is shaped with harfrust (real glyph advances,
//! kerning, ligatures), broken into justified lines with a Knuth–Plass total-fit line
//! breaker, hyphenated with the Liang patterns of the document's language (hypher) and
//! paginated with widow and orphan control.
//! The PDF objects are written with lopdf: Type 0 fonts subset with subsetter, each with a
//! ToUnicode map; `/ActualText` spans make words hyphenated at a line end extract whole; a
//! nested outline, link annotations, `/Lang`, Info and XMP metadata; a document `/ID`
//! derived from the content, so the same input gives the same bytes.
//!
//! `docs/pdf.md` describes the typography and why the PDF is written with lopdf directly.
//!
//! ```
//! use scriba_core::{Block, Paragraph, Speaker, Transcript};
//! use scriba_pdf::{export, PdfOptions};
//!
//! let mut doc = Transcript::default();
//! doc.meta.title = Some("Ein Gespräch".into());
//! doc.meta.language = Some("de".into());
//! doc.speakers.push(Speaker::new("anna", "Anna Weber"));
//! doc.body.push(Block::turn(Some("anna"), vec![Paragraph::text("Guten Tag.")]));
//! let pdf = export(&doc, &PdfOptions::default()).expect("exports");
//! assert!(pdf.output.starts_with(b"%PDF-1.7"));
//! ```

mod fonts;
mod layout;
mod linebreak;
mod writer;

use scriba_core::{
    Artifact, Diagnostic, Diagnostics, ExportContext, ExportResult, Exporter, ExporterInfo,
    ExporterOrigin, OutputKind, Transcript, Warned,
};
use serde::{Deserialize, Serialize};

/// The paper size of the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Paper {
    /// US Letter for US and Canadian English, Mexican and Philippine documents, A4 otherwise.
    #[default]
    Auto,
    /// ISO A4, 210 × 297 mm.
    A4,
    /// ISO A5, 148 × 210 mm (a small book page).
    A5,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Page margins in millimetres; a side left out (`None`) keeps the paper's default.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Margins {
    /// Space above the text block (the running header sits in it).
    pub top: Option<f32>,
    /// Space below the text block (the page number sits in it).
    pub bottom: Option<f32>,
    /// Space left of the text block.
    pub left: Option<f32>,
    /// Space right of the text block.
    pub right: Option<f32>,
}

impl Margins {
    /// The same margin on every side.
    pub fn uniform(mm: f32) -> Self {
        Self {
            top: Some(mm),
            bottom: Some(mm),
            left: Some(mm),
            right: Some(mm),
        }
    }
}

/// Options of the PDF exporter.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct PdfOptions {
    /// The paper size; `auto` (the default) picks Letter for US English and A4 otherwise.
    pub paper: Paper,
    /// The body font size in points; the default depends on the paper (10.5 pt, 9.5 pt on A5).
    pub font_size: Option<f32>,
    /// The margins; the default depends on the paper (generous book margins), side by side.
    pub margins: Option<Margins>,
    /// Whether to hyphenate by the document's language (default: yes).
    pub hyphenate: Option<bool>,
    /// Whether to tag the PDF (default: yes): a structure tree of the title, headings and
    /// paragraphs in reading order, for screen readers and reflow; page furniture is marked
    /// as artifacts either way. Untagged files are 5–15 % smaller.
    pub tagged: Option<bool>,
    /// Further fonts, as the bytes of TrueType or OpenType files, tried in order for
    /// characters the bundled DejaVu Serif lacks (CJK text needs one). The library does no
    /// I/O: callers read the files (the CLI's `--font`).
    #[serde(skip_serializing)]
    pub fallback_fonts: Vec<Vec<u8>>,
    /// The creation date as seconds since the Unix epoch (`SOURCE_DATE_EPOCH`), used when the
    /// transcript has no date of its own. No date is written when both are absent.
    pub timestamp: Option<i64>,
}

/// Typesets `doc` into a PDF.
///
/// Lossy steps (characters no font has, right-to-left text set left to right) are warnings;
/// unreadable fallback fonts are warnings too. Errors are an option out of its range (a
/// font size outside 4–72 pt, a margin below 0 or above 35 % of the page's side) and a
/// failure to write the PDF.
pub fn export(doc: &Transcript, opts: &PdfOptions) -> Result<Warned<Vec<u8>>, Diagnostics> {
    let setup = layout::PageSetup::new(doc, opts);
    if let Some(what) = setup.out_of_range(opts) {
        return Err(vec![
            Diagnostic::error("pdf.options", format!("invalid PDF option: {what}"))
                .with_hint("docs/pdf.md lists the options and their ranges"),
        ]);
    }
    let mut warnings = Vec::new();
    let mut book = fonts::FontBook::new(&opts.fallback_fonts);
    for i in &book.unreadable {
        warnings.push(
            Diagnostic::warning(
                "pdf.font-unreadable",
                format!(
                    "fallback font {} is not a TrueType or OpenType font and was ignored",
                    i + 1
                ),
            )
            .with_hint("pass a .ttf, .otf or .ttc file"),
        );
    }
    let laid = layout::lay_out(doc, &setup, &mut book);
    if !book.missing.is_empty() {
        let list = book
            .missing
            .iter()
            .take(40)
            .map(|&c| format!("{c} (U+{:04X})", u32::from(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let more = book.missing.len().saturating_sub(40);
        warnings.push(
            Diagnostic::warning(
                "pdf.missing-glyphs",
                format!(
                    "{} character(s) are in no font and show as empty boxes (their text is kept for copying): {list}{}",
                    book.missing.len(),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            )
            .with_hint("give a font that has them with the `fallback_fonts` option (`--font` on the command line)"),
        );
    }
    let bytes = writer::write(doc, opts, &setup, &laid, &book).map_err(|e| {
        vec![Diagnostic::error(
            "pdf.write",
            format!("cannot write the PDF: {e}"),
        )]
    })?;
    Ok(Warned::with(bytes, warnings))
}

pub(crate) use scriba_core::{parallel_map, workers};

/// Whether `bytes` are a font the exporter can fall back to (TrueType or OpenType, the first
/// font of a collection): the check behind the `pdf.font-unreadable` warning, for callers
/// that read font files and want to name a wrong one (the CLI's `--font`).
///
/// ```
/// assert!(!scriba_pdf::font_is_usable(b"# not a font"));
/// ```
pub fn font_is_usable(bytes: &[u8]) -> bool {
    fonts::Font::new(bytes, bytes.to_vec()).is_some()
}

/// The [`ExportContext::files`] key of further fonts (the CLI's `--font`), appended to
/// [`PdfOptions::fallback_fonts`].
pub const FONT_FILES: &str = "pdf.fallback_fonts";

/// The `pdf` exporter for the registry: [`export`] with options from the context.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfExporter;

impl Exporter for PdfExporter {
    fn id(&self) -> &str {
        "pdf"
    }

    fn info(&self) -> ExporterInfo {
        ExporterInfo {
            id: "pdf".into(),
            name: "PDF document".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            extension: "pdf".into(),
            media_type: "application/pdf".into(),
            kind: OutputKind::Binary,
            description:
                "A typeset, print-ready PDF with title page, outline and clean text extraction."
                    .into(),
            origin: ExporterOrigin::Builtin,
        }
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let mut opts: PdfOptions = ctx.options().map_err(|d| vec![d])?;
        // The CLI's `--font` files, after any given in the options.
        opts.fallback_fonts
            .extend(ctx.files(FONT_FILES).iter().map(|f| f.to_vec()));
        if opts.timestamp.is_none() {
            opts.timestamp = ctx.source_date_epoch;
        }
        let out = export(doc, &opts)?;
        Ok(out.map(|bytes| {
            vec![Artifact {
                path: ctx.file_name("pdf"),
                media_type: "application/pdf".into(),
                bytes,
            }]
        }))
    }
}
