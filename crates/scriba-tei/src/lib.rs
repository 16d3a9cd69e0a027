//! TEI P5 export and import of scriba transcripts: transcribed speech as `<u who>`, speakers
//! in `particDesc`, times in a `timeline`.
//!
//! [`export`] turns a [`Transcript`] into a TEI P5 document that validates against `tei_all`:
//! a full `teiHeader` (title, publication and recording statements, the disclaimer in
//! `notesStmt`, an `encodingDesc` that says how the text was segmented and repaired, the
//! speakers in `particDesc/listPerson`, a `revisionDesc` naming this crate's version), and a
//! `text` whose body has one `<u who="#…">` per paragraph of a speaker turn, consecutive `u`
//! of one turn linked with `@next`/`@prev`. [`read`] reads such a document back, so that
//! export → read → export gives identical bytes. With [`TeiProfile::IsoSpoken`] the exporter
//! writes the tokenised ISO 24624 (ISO/TEI) profile for corpus tools instead. `docs/tei.md`
//! describes the encoding.
//!
//! ```
//! use scriba_core::{Block, Paragraph, Speaker, Transcript};
//! use scriba_tei::{TeiOptions, export, read};
//!
//! let mut doc = Transcript::default();
//! doc.meta.title = Some("Ein Gespräch".into());
//! doc.speakers.push(Speaker::new("anna", "Anna Weber"));
//! doc.body.push(Block::turn(Some("anna"), vec![Paragraph::text("Guten Tag.")]));
//!
//! let tei = export(&doc, &TeiOptions::default()).expect("valid options").output;
//! let xml = String::from_utf8(tei.clone()).expect("UTF-8");
//! assert!(xml.contains(r##"<u xml:id="u_1" who="#anna-weber">Guten Tag.</u>"##));
//!
//! let back = read(&xml).expect("our own output").output;
//! assert_eq!(export(&back, &TeiOptions::default()).expect("valid options").output, tei);
//! ```

mod date;
mod ids;
mod iso;
mod read;
mod vocab;
mod write;
mod xml;

use scriba_core::{
    Artifact, Diagnostic, Diagnostics, ExportContext, ExportResult, Exporter, ExporterInfo,
    ExporterOrigin, OutputKind, Transcript, Warned,
};
use serde::{Deserialize, Serialize};

/// The TEI namespace.
pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";

/// The media type of TEI documents.
pub const MEDIA_TYPE: &str = "application/tei+xml";

/// Options of the TEI exporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct TeiOptions {
    /// A prefix for every `xml:id` the exporter makes (people, utterances, time points), so
    /// that several transcripts can be combined into one `teiCorpus` without clashes.
    /// It must be empty or start with an ASCII letter or `_`, followed by ASCII letters,
    /// digits, `-`, `_` or `.`. Default: empty.
    pub id_prefix: String,
    /// Whether to keep the places where a page break of the source split a paragraph (the
    /// reader rejoined the parts) as empty `<pb/>` elements. Default: `true`, so that the
    /// archive records every editorial repair.
    pub page_breaks: bool,
    /// Whether to indent the element structure (mixed content is never re-indented).
    /// Default: `true`.
    pub pretty: bool,
    /// The time of the export in seconds since the Unix epoch (`SOURCE_DATE_EPOCH`): the
    /// date of the `revisionDesc` change and of the publication when the transcript has no
    /// date. The [`TeiExporter`] fills it from the export context. Default: none (no date).
    pub timestamp: Option<i64>,
    /// Which TEI to write: `full` (default), the archival encoding described in
    /// `docs/tei.md`, or `iso-spoken`, the tokenised ISO 24624 (ISO/TEI) profile that corpus
    /// tools such as EXMARaLDA read, which leaves out what the profile cannot hold (with a
    /// warning) and is not read back by [`read`].
    pub profile: TeiProfile,
}

/// The kind of TEI document [`export`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TeiProfile {
    /// TEI P5 (`tei_all`) with everything the model holds; read back by [`read`].
    #[default]
    Full,
    /// The ISO 24624 spoken-transcription profile (ISO/TEI): `annotationBlock`/`u` with
    /// `w`/`pc` tokens and a timeline, valid against `tei_all` and the ISO/TEI schema.
    IsoSpoken,
}

impl Default for TeiOptions {
    fn default() -> Self {
        Self {
            id_prefix: String::new(),
            page_breaks: true,
            pretty: true,
            timestamp: None,
            profile: TeiProfile::Full,
        }
    }
}

/// Writes `doc` as a TEI P5 document (UTF-8 bytes).
///
/// Characters XML 1.0 forbids are dropped with a warning; everything else the model can hold
/// comes out escaped and well-formed. The only error is an invalid [`TeiOptions::id_prefix`].
pub fn export(doc: &Transcript, opts: &TeiOptions) -> Result<Warned<Vec<u8>>, Diagnostics> {
    if !ids::is_valid_prefix(&opts.id_prefix) {
        return Err(vec![
            Diagnostic::error(
                "tei.id-prefix",
                format!("`{}` cannot start an xml:id", opts.id_prefix),
            )
            .with_hint(
                "use an ASCII letter or `_` followed by ASCII letters, digits, `-`, `_` or `.`",
            ),
        ]);
    }
    Ok(match opts.profile {
        TeiProfile::Full => write::write(doc, opts),
        TeiProfile::IsoSpoken => iso::write(doc, opts),
    })
}

/// Reads a TEI document as [`export`] writes it back into a transcript.
///
/// Elements outside that encoding are skipped with a warning; a document that is not
/// well-formed XML or whose root is not a TEI `<TEI>` element is an error.
pub fn read(xml: &str) -> Result<Warned<Transcript>, Diagnostics> {
    read::read(xml)
}

/// The `tei` exporter: [`export`] registered under the format id `tei`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TeiExporter;

impl Exporter for TeiExporter {
    fn id(&self) -> &str {
        "tei"
    }

    fn info(&self) -> ExporterInfo {
        ExporterInfo {
            id: "tei".to_owned(),
            name: "TEI P5 XML".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            extension: "tei.xml".to_owned(),
            media_type: MEDIA_TYPE.to_owned(),
            kind: OutputKind::Text,
            description:
                "archival TEI P5 encoding of transcribed speech (u who, particDesc, timeline)"
                    .to_owned(),
            origin: ExporterOrigin::Builtin,
        }
    }

    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult {
        let mut opts: TeiOptions = ctx.options().map_err(|d| vec![d])?;
        if opts.timestamp.is_none() {
            opts.timestamp = ctx.source_date_epoch;
        }
        Ok(export(doc, &opts)?.map(|bytes| {
            vec![Artifact {
                path: ctx.file_name("tei.xml"),
                media_type: MEDIA_TYPE.to_owned(),
                bytes,
            }]
        }))
    }
}
