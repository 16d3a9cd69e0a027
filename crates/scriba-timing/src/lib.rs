//! Timing for scriba: reads word timings from speech recognizer JSON (Whisper,
//! whisper-timestamped, WhisperX, Deepgram, AssemblyAI) or subtitle cues, and aligns them to
//! the words of an edited transcript.
//!
//! The pipeline is
//!
//! 1. [`read_timing`] (or [`TimingTrack::from_cues`] for SRT/WebVTT cues read by the subtitle
//!    crate) gives a [`TimingTrack`]: [`TimedWord`]s with integer millisecond times, repaired
//!    where they run backwards or overlap;
//! 2. [`align`] matches the transcript's words to the timed words (both normalized the same
//!    way: case, punctuation, Unicode NFKC, small numbers, compounds), with unique-token
//!    anchors and bounded dynamic programming between them, so a three-hour talk aligns in
//!    milliseconds and in linear memory;
//! 3. unmatched words are interpolated between matched neighbours, or estimated from the
//!    speaking rate outside the timing file's coverage, and every word keeps its provenance
//!    ([`scriba_core::WordTimeSource`]); the [`AlignReport`] gives the match rate and the
//!    unmatched stretches.
//!
//! `docs/timing.md` describes the algorithm.
//!
//! ```
//! use scriba_core::{Block, Paragraph, Transcript};
//! use scriba_timing::{AlignOptions, align, read_timing};
//!
//! let json = r#"{"segments": [{"start": 0.0, "end": 1.0, "text": " Hello world",
//!   "words": [{"word": " Hello", "start": 0.1, "end": 0.4, "probability": 0.9},
//!             {"word": " world", "start": 0.5, "end": 0.9, "probability": 0.8}]}]}"#;
//! let track = read_timing(json, None).unwrap().output;
//!
//! let mut doc = Transcript::default();
//! doc.body.push(Block::turn(None, vec![Paragraph::text("Hello, World!")]));
//! let report = align(&mut doc, &track.words, &AlignOptions::default()).unwrap().output;
//! assert_eq!(report.match_rate, 1.0);
//! let (_, p) = doc.body_paragraphs().next().unwrap();
//! assert_eq!((p.start_ms, p.end_ms), (Some(100), Some(900)));
//! ```

mod align;
mod normalize;
mod seq;
mod source;
mod speakers;

pub use align::{AlignOptions, AlignReport, UnmatchedStretch, align, inspect};
pub use source::{
    TimedWord, TimingFormat, TimingTrack, read_timing, repair_times, words_from_cues,
};
