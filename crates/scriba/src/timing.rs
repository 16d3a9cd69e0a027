//! Timing files (ASR JSON, SRT, WebVTT) and their alignment to a transcript.

use scriba_core::{Diagnostic, Diagnostics, Transcript, Warned};
use scriba_timing::{AlignOptions, AlignReport, TimingFormat, TimingTrack};

use crate::input::{Input, InputError};

/// Reads a timing file: ASR JSON dialects through `scriba-timing`, SRT and WebVTT through the
/// subtitle readers, each cue's time spread over its words.
pub fn load_timing(
    input: &Input,
    format: Option<TimingFormat>,
) -> Result<Warned<TimingTrack>, InputError> {
    let err = |d: Diagnostic| InputError {
        name: input.name.clone(),
        diagnostic: d,
    };
    let first = |ds: Diagnostics| {
        ds.into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("timing.read", "the timing file cannot be read"))
    };
    let decoded = scriba_read::decode_bytes(&input.bytes).map_err(err)?;
    let text = decoded.output;
    let format = match format {
        Some(f) => f,
        None => TimingFormat::detect(&text).map_err(err)?,
    };
    let mut track = if format.is_subtitle() {
        let cues = crate::subtitles::read_cues(&text, format == TimingFormat::Srt).map_err(err)?;
        let mut t = TimingTrack::from_cues(&cues);
        t.output.format = Some(format);
        t
    } else {
        scriba_timing::read_timing(&text, Some(format)).map_err(|ds| err(first(ds)))?
    };
    let mut warnings = decoded.warnings;
    warnings.append(&mut track.warnings);
    Ok(Warned::with(track.output, warnings))
}

/// Aligns the transcript's words to the timed words: every body word gets a time (matched,
/// interpolated or estimated). Errors (an empty or unrelated timing file) leave the
/// transcript untouched.
pub fn align(
    doc: &mut Transcript,
    track: &TimingTrack,
    opts: &AlignOptions,
) -> Result<Warned<AlignReport>, Diagnostics> {
    scriba_timing::align(doc, &track.words, opts)
}

/// The alignment report without changing the transcript (`scriba inspect --timing`).
pub fn inspect_alignment(
    doc: &Transcript,
    track: &TimingTrack,
    opts: &AlignOptions,
) -> Result<Warned<AlignReport>, Diagnostics> {
    scriba_timing::inspect(doc, &track.words, opts)
}
