//! Subtitles from transcripts: cue segmentation under professional guidelines, written as SRT,
//! WebVTT, TTML (IMSC 1.1 Text profile), ASS and SBV, with SRT and WebVTT readers.
//!
//! One segmentation ([`segment`]) serves all five formats: the body is cut into cues at
//! sentence and clause boundaries, lines are broken where a subtitler would break them (never
//! between article and noun or first and last name), and the limits of a [`Preset`] (line
//! length, lines, reading speed, durations, gap) are kept. Times come from the model's word or
//! paragraph timings, or are estimated from a speaking rate, and the file says so.
//!
//! Each format is a function from the model to bytes ([`srt`], [`vtt`], [`ttml`], [`ass`],
//! [`sbv`]) and a thin [`scriba_core::Exporter`] ([`exporters`]).
//!
//! ```
//! use scriba_core::{Block, Paragraph, Speaker, Transcript};
//! use scriba_subtitle::{SubtitleOptions, read_srt, srt};
//!
//! let mut doc = Transcript::default();
//! doc.meta.language = Some("de".into());
//! doc.speakers.push(Speaker::new("anna", "Anna Weber"));
//! doc.body.push(Block::turn(Some("anna"), vec![Paragraph::text("Guten Tag. Wie geht es Ihnen?")]));
//! let out = srt(&doc, &SubtitleOptions::default()).expect("valid options");
//! let text = String::from_utf8(out.output).expect("UTF-8");
//! assert!(text.starts_with("1\n00:00:00,000 --> "));
//! let cues = read_srt(&text).expect("our own SRT reads back");
//! assert_eq!(cues[0].text(), "Guten Tag. Wie geht es Ihnen?");
//! ```

mod cue;
mod exporter;
mod formats;
mod lang;
mod linebreak;
mod preset;
mod segment;

use scriba_core::{Diagnostic, Diagnostics, Transcript, Warned};

pub use cue::{Cue, CueLine};
pub use exporter::{AssExporter, SbvExporter, SrtExporter, TtmlExporter, VttExporter, exporters};
pub use preset::{PRESET_NAMES, Preset, SubtitleOptions, default_speaking_rate};
pub use segment::{Segmentation, segment};

/// What a subtitle function returns: the file's bytes with warnings, or the errors.
pub type SubtitleResult = Result<Warned<Vec<u8>>, Diagnostics>;

impl Segmentation {
    /// The sentence the files carry when times are estimated (VTT `NOTE`, ASS comment, TTML
    /// `ttm:desc`), or `None` when they are real.
    pub fn estimate_note(&self) -> Option<String> {
        self.estimated.then(|| {
            "Times are estimated from a speaking rate: the transcript has no timings. Align it with the recording before publishing.".to_owned()
        })
    }
}

/// Writes cues as SRT (what [`read_srt`] reads back).
pub fn write_srt(cues: &[Cue]) -> String {
    formats::srt::write(cues)
}

/// Writes cues as WebVTT (what [`read_vtt`] reads back).
pub fn write_vtt(cues: &[Cue]) -> String {
    formats::vtt::write(cues, &[])
}

/// Reads SubRip (SRT) cues. Formatting tags (`<i>`, `<b>`, `<u>`, `<s>`, `<font>`) and ASS
/// override blocks (`{\an8}`) that other programs write are removed, as are the
/// markup-neutralising word joiners that scriba writes; every malformed cue is reported with
/// its line.
pub fn read_srt(text: &str) -> Result<Vec<Cue>, Diagnostics> {
    formats::srt::read(text)
}

/// Reads WebVTT cues: voice spans (`<v Name>`) become the lines' speakers, other tags are
/// dropped and character references decoded; `NOTE`, `STYLE` and `REGION` blocks are skipped.
pub fn read_vtt(text: &str) -> Result<Vec<Cue>, Diagnostics> {
    formats::vtt::read(text)
}

fn hours_warning(seg: &Segmentation, warnings: &mut Vec<Diagnostic>) {
    if seg.cues.last().is_some_and(|c| c.end_ms >= 36_000_000) {
        warnings.push(
            Diagnostic::warning(
                "subtitle.ass-hours",
                "cue times reach 10 hours: ASS writes them with two hour digits (10:00:00.00)",
            )
            .with_hint("libass and ffmpeg read such times; strict readers of the one-digit `H:MM:SS.cc` form may not (docs/subtitles.md)"),
        );
    }
}

/// The transcript as SubRip (`.srt`); with `speaker_labels` each turn's first cue starts with
/// `Name: `.
pub fn srt(doc: &Transcript, opts: &SubtitleOptions) -> SubtitleResult {
    let seg = segment::segment_with(doc, opts, opts.speaker_labels)?;
    Ok(seg.map(|s| formats::srt::write(&s.cues).into_bytes()))
}

/// The transcript as YouTube SBV (`.sbv`); with `speaker_labels` each turn's first cue starts
/// with `Name: `.
pub fn sbv(doc: &Transcript, opts: &SubtitleOptions) -> SubtitleResult {
    let seg = segment::segment_with(doc, opts, opts.speaker_labels)?;
    Ok(seg.map(|s| formats::sbv::write(&s.cues).into_bytes()))
}

/// The transcript as WebVTT (`.vtt`): speakers as voice spans, a `NOTE` when times are
/// estimated.
pub fn vtt(doc: &Transcript, opts: &SubtitleOptions) -> SubtitleResult {
    let seg = segment::segment_with(doc, opts, false)?;
    Ok(seg.map(|s| {
        let notes: Vec<String> = s.estimate_note().into_iter().collect();
        formats::vtt::write(&s.cues, &notes).into_bytes()
    }))
}

/// The transcript as ASS (`.ass`): speakers in the `Name` field, a comment when times are
/// estimated.
pub fn ass(doc: &Transcript, opts: &SubtitleOptions) -> SubtitleResult {
    let seg = segment::segment_with(doc, opts, false)?;
    let mut warnings = seg.warnings;
    hours_warning(&seg.output, &mut warnings);
    let s = seg.output;
    let notes: Vec<String> = s.estimate_note().into_iter().collect();
    let bytes = formats::ass::write(&s.cues, s.title.as_deref(), &notes).into_bytes();
    Ok(Warned::with(bytes, warnings))
}

/// The transcript as TTML in the IMSC 1.1 Text profile (`.ttml`): speakers as `ttm:agent`,
/// a `ttm:desc` when times are estimated.
pub fn ttml(doc: &Transcript, opts: &SubtitleOptions) -> SubtitleResult {
    let seg = segment::segment_with(doc, opts, false)?;
    Ok(seg.map(|s| {
        let notes: Vec<String> = s.estimate_note().into_iter().collect();
        formats::ttml::write(
            &s.cues,
            &formats::ttml::Head {
                language: &s.language,
                title: s.title.as_deref(),
                notes: &notes,
                speakers: &s.speakers,
            },
        )
        .into_bytes()
    }))
}
