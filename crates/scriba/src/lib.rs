//! The scriba driver: the read → export pipeline, the one exporter registry, and atomic
//! writing of artifacts.
//!
//! Exporters are pure functions from the model to bytes; this crate is the only place that
//! writes files (a temporary file in the target directory, then a rename).

mod builtin;
mod registry;
mod write;

pub use registry::{Registry, builtin_exporters};
pub use write::{WriteError, write_artifacts};
