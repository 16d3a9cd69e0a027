//! The five writers and the two readers, one module per format.

pub(crate) mod ass;
pub(crate) mod sbv;
pub(crate) mod srt;
pub(crate) mod ttml;
pub(crate) mod vtt;
