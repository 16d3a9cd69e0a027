//! The scriba driver: the read → export pipeline, the one exporter registry, and atomic
//! writing of artifacts.
//!
//! Exporters are pure functions from the model to bytes; this crate is the only place that
//! writes files (a temporary file in the target directory, then a rename).

mod builtin;
mod input;
mod pipeline;
mod registry;
mod subtitles;
mod summary;
mod timing;
mod write;

pub use input::{DEFAULT_MAX_INPUT_BYTES, Input, InputError, load, read, stem_of};
pub use pipeline::{Options, Outcome, run};
pub use registry::{Registry, SUBTITLE_FORMATS, builtin_exporters};
pub use summary::{SpeakerSummary, Summary, summarize};
pub use timing::{align, inspect_alignment, load_timing};
pub use write::{WriteError, write_artifacts};

/// The [`scriba_core::ExportContext::files`] key of the EPUB's cover image (`--cover`).
pub use scriba_epub::COVER_FILE;
/// Whether a file's bytes are an image the EPUB can take as its cover (checked for `--cover`).
pub use scriba_epub::cover_is_usable;
/// The [`scriba_core::ExportContext::files`] key of the PDF's further fonts (`--font`).
pub use scriba_pdf::FONT_FILES;
/// Whether a file's bytes are a font the PDF can fall back to (checked for `--font`).
pub use scriba_pdf::font_is_usable;

pub use scriba_core;
/// The plugin host: discovery, checks and loading of exporter plugins.
#[cfg(feature = "plugins")]
pub use scriba_plugin_host;
pub use scriba_read;
pub use scriba_timing;
