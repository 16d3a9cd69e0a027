//! The scriba transcript model: what every reader produces and every exporter consumes.
//!
//! A [`Transcript`] holds metadata ([`Meta`]), the [`Speaker`]s, and three ordered lists of
//! [`Block`]s: the front matter (title page material such as a disclaimer), the body (speaker
//! turns, headings, events, notes) and the back matter (thanks, labelled items such as bank
//! details, links).
//! Inline content ([`Inline`]) carries emphasis, work titles, quotations, links, e-mail
//! addresses, inline timestamps and events.
//! Timings are optional and always integer milliseconds.
//!
//! The model serialises with serde into a versioned JSON document ([`Document`], schema
//! `"scriba-transcript"`, [`SCHEMA_VERSION`]); `docs/transcript-format.md` describes it.
//!
//! This crate also defines the exporter API ([`Exporter`], [`ExportContext`], [`Artifact`]),
//! so that built-in exporters and plugins see exactly the same contract.
//!
//! Architecture invariant: this crate does no I/O, reads no clock and no environment, and
//! cannot fail on bad content.
//!
//! ```
//! use scriba_core::{Block, Inline, Paragraph, Speaker, Transcript};
//!
//! let mut doc = Transcript::default();
//! doc.meta.title = Some("Ein Gespräch".into());
//! doc.speakers.push(Speaker::new("anna", "Anna Weber"));
//! doc.body.push(Block::turn(Some("anna"), vec![Paragraph::text("Guten Tag.")]));
//! assert_eq!(doc.body_words(), ["Guten", "Tag."]);
//! ```

mod diag;
mod export;
mod model;
mod par;
mod text;

pub use diag::{Diagnostic, Diagnostics, Severity, Span, Warned};
pub use export::{
    Artifact, ExportContext, ExportResult, Exporter, ExporterInfo, ExporterOrigin, OutputKind,
};
pub use model::{
    Block, Document, EventKind, Field, Inline, Meta, NoteKind, Paragraph, SCHEMA_NAME,
    SCHEMA_VERSION, Speaker, Transcript, WordTime, WordTimeSource, schema_readable,
};
/// The JSON Schema of the [`Document`] envelope (`docs/transcript.schema.json`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Document)).unwrap_or_default()
}

pub use par::{parallel_map, workers};
pub use text::{QuoteMarks, blocks_text, is_cjk, split_words};
