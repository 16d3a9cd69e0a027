//! The exporter API: what built-in exporters and plugins implement.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, Diagnostics, Warned};
use crate::model::Transcript;

/// Whether an exporter writes text (UTF-8) or binary files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// UTF-8 text.
    Text,
    /// Binary data.
    Binary,
}

/// Where an exporter comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExporterOrigin {
    /// Compiled into scriba.
    Builtin,
    /// Loaded from a plugin library.
    Plugin {
        /// The library file it was loaded from.
        path: String,
    },
}

/// What an exporter tells about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExporterInfo {
    /// The stable format key used by `--to`, such as `pdf` or `srt`.
    pub id: String,
    /// A human-readable name, such as `PDF document`.
    pub name: String,
    /// The exporter's version.
    pub version: String,
    /// The file extension of the main artifact, without the leading dot (`tei.xml`).
    pub extension: String,
    /// The media type of the main artifact.
    pub media_type: String,
    /// Text or binary.
    pub kind: OutputKind,
    /// One sentence on what it produces.
    pub description: String,
    /// Built-in or plugin.
    pub origin: ExporterOrigin,
}

/// Everything an exporter gets besides the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExportContext {
    /// The exporter's options as a JSON object, decoded with [`ExportContext::options`].
    pub options: serde_json::Map<String, serde_json::Value>,
    /// The build timestamp in seconds since the Unix epoch (`SOURCE_DATE_EPOCH`), used where
    /// a format wants a modification date and the transcript gives none.
    pub source_date_epoch: Option<i64>,
    /// The input's name for messages (a path, or `<stdin>`).
    pub input_name: String,
    /// The base name for artifacts, such as `interview` for `interview.pdf`.
    pub stem: String,
    /// Files the caller read for the exporters, by `format.option` key (the CLI's `--font`
    /// is `pdf.fallback_fonts`, its `--cover` is `epub.cover`), read with
    /// [`ExportContext::files`]. Shared bytes rather than JSON options: a 5 MB font as an
    /// array of JSON numbers took 1.1 GB and 0.9 s to pass. Plugins do not get them.
    #[serde(skip)]
    pub files: BTreeMap<String, Vec<Arc<[u8]>>>,
}

impl ExportContext {
    /// A context with the given artifact stem, no options and no timestamp.
    pub fn new(stem: impl Into<String>) -> Self {
        let stem = stem.into();
        Self {
            options: serde_json::Map::new(),
            source_date_epoch: None,
            input_name: stem.clone(),
            stem,
            files: BTreeMap::new(),
        }
    }

    /// Adds a file's bytes under `key` (`format.option`), after those already there.
    ///
    /// ```
    /// let ctx = scriba_core::ExportContext::new("talk")
    ///     .with_file("pdf.fallback_fonts", b"font one".to_vec())
    ///     .with_file("pdf.fallback_fonts", b"font two".to_vec());
    /// assert_eq!(&*ctx.files("pdf.fallback_fonts")[1], b"font two");
    /// assert!(ctx.files("epub.cover").is_empty());
    /// ```
    #[must_use]
    pub fn with_file(mut self, key: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        self.files.entry(key.into()).or_default().push(bytes.into());
        self
    }

    /// The files under `key` (`format.option`), in the order they were added.
    pub fn files(&self, key: &str) -> &[Arc<[u8]>] {
        self.files.get(key).map_or(&[], Vec::as_slice)
    }

    /// Sets the options.
    #[must_use]
    pub fn with_options(mut self, options: serde_json::Map<String, serde_json::Value>) -> Self {
        self.options = options;
        self
    }

    /// Sets the `SOURCE_DATE_EPOCH` timestamp.
    #[must_use]
    pub fn with_source_date_epoch(mut self, epoch: Option<i64>) -> Self {
        self.source_date_epoch = epoch;
        self
    }

    /// Sets the input name used in messages.
    #[must_use]
    pub fn with_input_name(mut self, name: impl Into<String>) -> Self {
        self.input_name = name.into();
        self
    }

    /// Decodes the options into the exporter's options type (fields missing from the table
    /// take their defaults when the type has `#[serde(default)]`).
    pub fn options<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        serde_json::from_value(serde_json::Value::Object(self.options.clone())).map_err(|e| {
            Diagnostic::error("export.options", format!("invalid exporter option: {e}"))
                .with_hint("`scriba formats` lists the exporters; docs/cli.md lists their options")
        })
    }

    /// The file name `<stem>.<extension>`.
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}.{extension}", self.stem)
    }
}

/// A file an exporter produced: a relative path, a media type and the bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    /// The path relative to the output directory (`/`-separated, no `..`).
    pub path: String,
    /// The media type.
    pub media_type: String,
    /// The content.
    #[serde(with = "bytes_as_array")]
    pub bytes: Vec<u8>,
}

mod bytes_as_array {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        Vec::<u8>::deserialize(d)
    }
}

/// The artifacts with warnings, or the errors that prevented them.
pub type ExportResult = Result<Warned<Vec<Artifact>>, Diagnostics>;

/// A format scriba can write: a thin registration wrapper around a function from the model
/// to bytes. Object-safe, so built-ins and plugins share one registry.
pub trait Exporter: Send + Sync {
    /// The stable format key used by `--to`, such as `pdf`.
    fn id(&self) -> &str;
    /// What the exporter tells about itself.
    fn info(&self) -> ExporterInfo;
    /// Turns the transcript into artifacts. Never touches the file system.
    fn export(&self, doc: &Transcript, ctx: &ExportContext) -> ExportResult;
}
