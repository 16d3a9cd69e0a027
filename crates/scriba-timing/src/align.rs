//! Alignment of a transcript's words to timed words, and the report about it.

use std::collections::HashMap;
use std::fmt::Write as _;

use scriba_core::{
    Block, Diagnostic, Diagnostics, Paragraph, Span, Transcript, Warned, WordTime, WordTimeSource,
};
use serde::{Deserialize, Serialize};

use crate::normalize::{Token, tokenize_word};
use crate::seq::align_tokens;
use crate::source::TimedWord;

/// Options of [`align`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AlignOptions {
    /// The alignment fails (the timing file is probably for another recording) when both the
    /// share of the transcript and the share of the timing file that match in runs of three
    /// or more consecutive words ([`AlignReport::run_match_rate`],
    /// [`AlignReport::run_timing_coverage`]) are below this value (0–1), unless at least half
    /// of the words of both sides match (short texts have few long runs). Default 0.2.
    pub min_match_rate: f64,
    /// A warning is given when the share of transcript words matched is below this value
    /// (0–1). Default 0.6.
    pub warn_match_rate: f64,
    /// Runs of unmatched words shorter than this are not listed in
    /// [`AlignReport::unmatched`] (the longest run is always reported). Default 5.
    pub min_stretch_words: usize,
    /// The speaking rate, in ms per character, used to estimate the times of words that lie
    /// outside the timing file's coverage; 0 derives it from the timing file. Default 0.
    pub estimate_ms_per_char: u32,
    /// When the transcript names no speakers at all, take speaker turns from a diarized
    /// timing file (Deepgram, AssemblyAI, WhisperX `speaker`): each paragraph goes to the
    /// speaker of most of its matched words, and consecutive paragraphs of one speaker form
    /// a turn. Default false.
    pub speakers_from_timing: bool,
    /// The largest table (cells) the dynamic programming step may use for one stretch between
    /// anchors; larger stretches are aligned in a diagonal band of this size. Default
    /// 4,000,000.
    pub max_dp_cells: usize,
}

impl Default for AlignOptions {
    fn default() -> Self {
        Self {
            min_match_rate: 0.2,
            warn_match_rate: 0.6,
            min_stretch_words: 5,
            estimate_ms_per_char: 0,
            speakers_from_timing: false,
            max_dp_cells: 4_000_000,
        }
    }
}

/// What an alignment found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AlignReport {
    /// Words of the transcript's body paragraphs (the words that receive times).
    pub words: usize,
    /// Words matched to a timed word ([`WordTimeSource::Matched`]).
    pub matched: usize,
    /// Words timed from their matched neighbours ([`WordTimeSource::Interpolated`]).
    pub interpolated: usize,
    /// Words outside the timing file's coverage, timed from the speaking rate
    /// ([`WordTimeSource::Estimated`]).
    pub estimated: usize,
    /// Words of the timing source.
    pub timed_words: usize,
    /// Words of the timing source that a transcript word matched.
    pub timed_words_matched: usize,
    /// `matched / words` (0–1; 0 when there are no words).
    pub match_rate: f64,
    /// `timed_words_matched / timed_words` (0–1).
    pub timing_coverage: f64,
    /// The share of transcript tokens (normalized word parts) matched within runs of at least
    /// three consecutive matches (0–1); chance matches between unrelated texts rarely form
    /// such runs, so this is what the wrong-file check ([`AlignOptions::min_match_rate`])
    /// uses.
    pub run_match_rate: f64,
    /// The share of timing tokens matched within runs of at least three consecutive matches
    /// (0–1).
    pub run_timing_coverage: f64,
    /// The longest run of words that are not matched, if any.
    pub longest_unmatched: Option<UnmatchedStretch>,
    /// Every run of unmatched words of at least [`AlignOptions::min_stretch_words`] words,
    /// in reading order.
    pub unmatched: Vec<UnmatchedStretch>,
    /// Whether speaker turns were taken from the timing source
    /// ([`AlignOptions::speakers_from_timing`]).
    pub speakers_from_timing: bool,
}

/// A run of consecutive transcript words that did not match the timing source.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UnmatchedStretch {
    /// Index of the run's first word among all words of the body paragraphs (0-based).
    pub first_word: usize,
    /// Number of words in the run.
    pub words: usize,
    /// Index of the paragraph of the first word, counting body paragraphs in reading order
    /// (as [`Transcript::body_paragraphs`] yields them).
    pub paragraph: usize,
    /// Index of the first word within its paragraph.
    pub word_in_paragraph: usize,
    /// Where that paragraph starts in the source, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// The time given to the run's first word, in ms.
    pub start_ms: u64,
    /// The time the run's last word ends, in ms.
    pub end_ms: u64,
    /// Whether words of the run were estimated (outside the timing file's coverage) rather
    /// than interpolated.
    pub estimated: bool,
    /// The run's first words, for display.
    pub excerpt: String,
}

impl AlignReport {
    /// A human-readable summary: one line with the figures, then one line per listed
    /// unmatched stretch.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} of {} words matched ({:.1} %), {} interpolated, {} estimated; {} of {} timed words used ({:.1} %)",
            self.matched,
            self.words,
            self.match_rate * 100.0,
            self.interpolated,
            self.estimated,
            self.timed_words_matched,
            self.timed_words,
            self.timing_coverage * 100.0,
        );
        if let Some(l) = &self.longest_unmatched {
            let _ = write!(
                out,
                "\nlongest unmatched stretch: {} words from word {}",
                l.words,
                l.first_word + 1
            );
        }
        for s in &self.unmatched {
            let _ = write!(
                out,
                "\n{}{} words at {} ({}{}): {}",
                s.span
                    .map(|sp| format!("{}:{}: ", sp.line, sp.column))
                    .unwrap_or_default(),
                s.words,
                clock(s.start_ms),
                if s.estimated {
                    "estimated"
                } else {
                    "interpolated"
                },
                format_args!(
                    ", paragraph {} word {}",
                    s.paragraph + 1,
                    s.word_in_paragraph + 1
                ),
                s.excerpt
            );
        }
        out
    }
}

fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        s / 3600,
        s / 60 % 60,
        s % 60,
        ms % 1000
    )
}

/// Aligns the words of the transcript's body paragraphs to the timed words and writes word
/// and paragraph times into the transcript ([`Paragraph::words`] gets exactly one entry per
/// word of [`Paragraph::word_list`], with its provenance, and `start_ms`/`end_ms` are set).
///
/// Fails, leaving the transcript untouched, when there are no timed words or when so little
/// matches that the timing file is probably for another recording
/// ([`AlignOptions::min_match_rate`]).
///
/// ```
/// use scriba_core::{Block, Paragraph, Transcript, WordTimeSource};
/// use scriba_timing::{AlignOptions, TimedWord, align};
///
/// let mut doc = Transcript::default();
/// doc.body.push(Block::turn(None, vec![Paragraph::text("Hello, wonderful world!")]));
/// let words = [
///     TimedWord::new("hello", 100, 400),
///     TimedWord::new("wonderfull", 450, 900),
///     TimedWord::new("world", 950, 1300),
/// ];
/// let report = align(&mut doc, &words, &AlignOptions::default()).unwrap().output;
/// assert_eq!(report.matched, 2);
/// let (_, p) = doc.body_paragraphs().next().unwrap();
/// assert_eq!((p.start_ms, p.end_ms), (Some(100), Some(1300)));
/// assert_eq!(p.words[1].source, WordTimeSource::Interpolated);
/// assert_eq!((p.words[1].start_ms, p.words[1].end_ms), (450, 900));
/// ```
pub fn align(
    doc: &mut Transcript,
    words: &[TimedWord],
    opts: &AlignOptions,
) -> Result<Warned<AlignReport>, Diagnostics> {
    let plan = plan(doc, words, opts)?;
    let Plan {
        times,
        per_paragraph,
        speakers,
        mut report,
        warnings,
    } = plan;
    let mut warnings = warnings;
    let mut next = 0usize;
    for (p, count) in paragraphs_mut(doc).into_iter().zip(&per_paragraph) {
        let slice = &times[next..next + count];
        next += count;
        p.words = slice.to_vec();
        p.start_ms = slice.first().map(|w| w.start_ms);
        p.end_ms = slice.last().map(|w| w.end_ms);
    }
    if opts.speakers_from_timing {
        report.speakers_from_timing = crate::speakers::apply(doc, &speakers, &mut warnings);
    }
    Ok(Warned::with(report, warnings))
}

/// Computes the alignment report without changing the transcript (for
/// `scriba inspect --timing`): the same figures and errors as [`align`].
pub fn inspect(
    doc: &Transcript,
    words: &[TimedWord],
    opts: &AlignOptions,
) -> Result<Warned<AlignReport>, Diagnostics> {
    let plan = plan(doc, words, opts)?;
    Ok(Warned::with(plan.report, plan.warnings))
}

fn paragraphs_mut(doc: &mut Transcript) -> Vec<&mut Paragraph> {
    let mut out = Vec::new();
    for block in &mut doc.body {
        match block {
            Block::Turn { paragraphs, .. } => out.extend(paragraphs.iter_mut()),
            Block::Paragraph(p) => out.push(p),
            _ => {}
        }
    }
    out
}

/// The computed times, before they are written into the transcript.
struct Plan {
    /// One time per word of the body paragraphs, in reading order.
    times: Vec<WordTime>,
    /// Words per body paragraph.
    per_paragraph: Vec<usize>,
    /// The majority timing-source speaker of each body paragraph's matched words.
    speakers: Vec<Option<String>>,
    report: AlignReport,
    warnings: Diagnostics,
}

/// Interns token texts as dense ids.
#[derive(Default)]
struct Vocab {
    ids: HashMap<String, u32>,
    texts: Vec<String>,
}

impl Vocab {
    fn id(&mut self, text: String) -> u32 {
        if let Some(&id) = self.ids.get(&text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.clone());
        self.ids.insert(text, id);
        id
    }
}

/// Token-level view of one side.
#[derive(Default)]
struct Side {
    ids: Vec<u32>,
    weights: Vec<u32>,
    /// The word each token belongs to.
    word: Vec<u32>,
}

impl Side {
    fn push_word(&mut self, vocab: &mut Vocab, word: u32, text: &str, scratch: &mut Vec<Token>) {
        scratch.clear();
        tokenize_word(text, scratch);
        for t in scratch.drain(..) {
            self.ids.push(vocab.id(t.text));
            self.weights.push(t.weight);
            self.word.push(word);
        }
    }
}

/// Per-token time and provenance of the transcript side.
#[derive(Clone, Copy)]
struct TokTime {
    start: u64,
    end: u64,
    source: WordTimeSource,
}

fn u32_of(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

fn plan(doc: &Transcript, words: &[TimedWord], opts: &AlignOptions) -> Result<Plan, Diagnostics> {
    let mut warnings = Diagnostics::new();
    let mut vocab = Vocab::default();
    let mut scratch = Vec::new();

    // The transcript side.
    let mut t = Side::default();
    let mut per_paragraph = Vec::new();
    let mut paragraph_of_word: Vec<u32> = Vec::new();
    let mut word_in_paragraph: Vec<u32> = Vec::new();
    let mut word_text: Vec<String> = Vec::new();
    let mut spans: Vec<Option<Span>> = Vec::new();
    for (p_index, (_, p)) in doc.body_paragraphs().enumerate() {
        let list = p.word_list();
        per_paragraph.push(list.len());
        spans.push(p.span);
        for (k, w) in list.into_iter().enumerate() {
            let index = u32_of(word_text.len());
            t.push_word(&mut vocab, index, &w, &mut scratch);
            paragraph_of_word.push(u32_of(p_index));
            word_in_paragraph.push(u32_of(k));
            word_text.push(w);
        }
    }
    let n_words = word_text.len();

    if words.is_empty() {
        return Err(vec![
            Diagnostic::error("timing.empty", "the timing file has no timed words")
                .with_hint("the recording may be silent or the recognizer produced nothing; check the --timing file"),
        ]);
    }
    // The timing side.
    let mut a = Side::default();
    for (k, w) in words.iter().enumerate() {
        a.push_word(&mut vocab, u32_of(k), &w.text, &mut scratch);
    }
    let mut report = AlignReport {
        words: n_words,
        timed_words: words.len(),
        ..AlignReport::default()
    };
    if n_words == 0 {
        warnings.push(Diagnostic::warning(
            "timing.no-words",
            "the transcript has no body words to time",
        ));
        return Ok(Plan {
            times: Vec::new(),
            per_paragraph,
            speakers: vec![None; spans.len()],
            report,
            warnings,
        });
    }

    let pairs = drop_isolated(&align_tokens(
        &t.ids,
        &a.ids,
        &vocab.texts,
        opts.max_dp_cells,
    ));
    let (run_t, run_a) = run_rates(&pairs, t.ids.len(), a.ids.len());

    // Timing-side token times: each timed word's time spread over its tokens by weight.
    let (a_start, a_end) = token_times(&a, words);

    // Matched transcript tokens take the time of their timing tokens; a timing token matched
    // by several transcript tokens (`space walk` / `spacewalk`) is shared by weight.
    let mut tt: Vec<Option<TokTime>> = vec![None; t.ids.len()];
    let mut first_j: Vec<u32> = vec![u32::MAX; t.ids.len()];
    let mut last_j: Vec<u32> = vec![0; t.ids.len()];
    {
        let mut by_j: Vec<(u32, u32)> = pairs.iter().map(|&(i, j)| (j, i)).collect();
        by_j.sort_unstable();
        let mut k = 0;
        while k < by_j.len() {
            let j = by_j[k].0;
            let group_end = k + by_j[k..].iter().take_while(|(jj, _)| *jj == j).count();
            let group = &by_j[k..group_end];
            let total: u64 = group
                .iter()
                .map(|&(_, i)| u64::from(t.weights[i as usize]))
                .sum::<u64>()
                .max(1);
            let (s, e) = (a_start[j as usize], a_end[j as usize]);
            let mut acc = 0u64;
            for &(_, i) in group {
                let i = i as usize;
                let piece_start = s + (e - s) * acc / total;
                acc += u64::from(t.weights[i]);
                let piece_end = s + (e - s) * acc / total;
                let entry = tt[i].get_or_insert(TokTime {
                    start: piece_start,
                    end: piece_end,
                    source: WordTimeSource::Matched,
                });
                entry.start = entry.start.min(piece_start);
                entry.end = entry.end.max(piece_end);
                first_j[i] = first_j[i].min(j);
                last_j[i] = last_j[i].max(j);
            }
            k = group_end;
        }
    }
    let matched_tokens: Vec<usize> = (0..t.ids.len()).filter(|&i| tt[i].is_some()).collect();
    let a_matched = {
        let mut m = vec![false; words.len()];
        for &(_, j) in &pairs {
            m[a.word[j as usize] as usize] = true;
        }
        m.iter().filter(|&&x| x).count()
    };

    // Speaking rate for estimates, in µs per character.
    let rate_us = if opts.estimate_ms_per_char > 0 {
        u64::from(opts.estimate_ms_per_char) * 1000
    } else {
        let total: u64 = a.weights.iter().map(|&w| u64::from(w)).sum();
        let span = words
            .last()
            .map_or(0, |w| w.end_ms)
            .saturating_sub(words.first().map_or(0, |w| w.start_ms));
        if total > 0 && span > 0 {
            (span * 1000 / total).clamp(20_000, 400_000)
        } else {
            70_000
        }
    };

    let fill = Filler {
        t_weights: &t.weights,
        a_start: &a_start,
        a_end: &a_end,
        a_weights: &a.weights,
        rate_us,
    };
    if let (Some(&first), Some(&last)) = (matched_tokens.first(), matched_tokens.last()) {
        // Before the first match.
        let first_start = tt[first].map_or(0, |x| x.start);
        fill.leading(&mut tt, 0..first, first_j[first] as usize, first_start);
        // Between matches.
        for w in matched_tokens.windows(2) {
            let (p, n) = (w[0], w[1]);
            if n > p + 1 {
                let (from, to) = (tt[p].map_or(0, |x| x.end), tt[n].map_or(0, |x| x.start));
                fill.between(
                    &mut tt,
                    p + 1..n,
                    last_j[p] as usize + 1..first_j[n] as usize,
                    from,
                    to,
                );
            }
        }
        // After the last match.
        let last_end = tt[last].map_or(0, |x| x.end);
        fill.trailing(
            &mut tt,
            last + 1..t.ids.len(),
            last_j[last] as usize + 1,
            last_end,
        );
    }

    // Word times from token times.
    let mut times: Vec<Option<WordTime>> = vec![None; n_words];
    for (i, tok) in tt.iter().enumerate() {
        let Some(tok) = tok else { continue };
        let w = t.word[i] as usize;
        let entry = times[w].get_or_insert(WordTime {
            start_ms: tok.start,
            end_ms: tok.end,
            source: tok.source,
        });
        entry.start_ms = entry.start_ms.min(tok.start);
        entry.end_ms = entry.end_ms.max(tok.end);
        entry.source = worse(entry.source, tok.source);
    }
    let times = finish_word_times(&times);

    // Counts, stretches and the wrong-file check.
    for w in &times {
        match w.source {
            WordTimeSource::Matched => report.matched += 1,
            WordTimeSource::Interpolated => report.interpolated += 1,
            WordTimeSource::Estimated => report.estimated += 1,
        }
    }
    report.timed_words_matched = a_matched;
    report.match_rate = ratio(report.matched, n_words);
    report.timing_coverage = ratio(a_matched, words.len());
    report.run_match_rate = ratio(run_t, t.ids.len());
    report.run_timing_coverage = ratio(run_a, a.ids.len());
    let stretches = stretches(
        &times,
        |k| StretchInfo {
            paragraph: paragraph_of_word[k] as usize,
            word_in_paragraph: word_in_paragraph[k] as usize,
            span: spans[paragraph_of_word[k] as usize],
        },
        &word_text,
    );
    report.longest_unmatched = stretches
        .iter()
        .max_by_key(|s| (s.words, std::cmp::Reverse(s.first_word)))
        .cloned();
    report.unmatched = stretches
        .into_iter()
        .filter(|s| s.words >= opts.min_stretch_words.max(1))
        .collect();

    // A transcript without a single letter or digit has nothing to match: not an error.
    let nothing_to_match = t.ids.is_empty();
    // Short texts have few runs: there, most words matching on both sides is enough.
    let mostly_matched = report.match_rate >= 0.5 && report.timing_coverage >= 0.5;
    if !nothing_to_match
        && !mostly_matched
        && report.run_match_rate < opts.min_match_rate
        && report.run_timing_coverage < opts.min_match_rate
    {
        return Err(vec![
            Diagnostic::error(
                "timing.wrong-file",
                format!(
                    "only {:.1} % of the transcript and {:.1} % of the timing file match in runs of three or more words ({} of {} words, {} of {} timed words match at all): the timing file is probably for a different recording",
                    report.run_match_rate * 100.0, report.run_timing_coverage * 100.0,
                    report.matched, n_words, a_matched, words.len()
                ),
            )
            .with_hint("check the --timing file; if it is right, lower the minimum match rate to align anyway"),
        ]);
    }
    if report.match_rate < opts.warn_match_rate {
        warnings.push(
            Diagnostic::warning(
                "timing.low-match-rate",
                format!(
                    "only {:.1} % of the transcript's words match the timing file",
                    report.match_rate * 100.0
                ),
            )
            .with_hint("is the timing file for this recording? `scriba inspect --timing` lists the unmatched stretches"),
        );
    }
    if report.estimated > 0 {
        warnings.push(
            Diagnostic::warning(
                "timing.partial-coverage",
                format!(
                    "{} words lie outside the timing file's coverage; their times were estimated from the speaking rate",
                    report.estimated
                ),
            )
            .with_hint("their times are marked `estimated`"),
        );
    }

    // The speaker of each paragraph: the timing speaker of most of its matched words.
    let speakers = paragraph_speakers(&per_paragraph, &t, &pairs, &a, words);

    Ok(Plan {
        times,
        per_paragraph,
        speakers,
        report,
        warnings,
    })
}

/// Drops chance matches: a match whose distance to both neighbouring matches differs much
/// between the two sides (one word here, a hundred there) is not supported by its
/// surroundings. A lone match (no neighbours) is kept.
fn drop_isolated(pairs: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let consistent = |a: (u32, u32), b: (u32, u32)| {
        let di = u64::from(b.0.abs_diff(a.0));
        let dj = u64::from(b.1.abs_diff(a.1));
        di.abs_diff(dj) <= 2 + di.max(dj) / 4
    };
    (0..pairs.len())
        .filter(|&k| {
            let prev = k.checked_sub(1).map(|p| pairs[p]);
            let next = pairs.get(k + 1).copied();
            match (prev, next) {
                (None, None) => true,
                (p, n) => {
                    p.is_some_and(|p| consistent(p, pairs[k]))
                        || n.is_some_and(|n| consistent(pairs[k], n))
                }
            }
        })
        .map(|k| pairs[k])
        .collect()
}

/// Tokens of each side matched within runs of consecutive matches (each step advancing at
/// most one token on each side) of at least three matches, or of the whole of the shorter
/// side when it has fewer than three tokens.
fn run_rates(pairs: &[(u32, u32)], n_t: usize, n_a: usize) -> (usize, usize) {
    let need = 3.min(n_t).min(n_a).max(1);
    let (mut in_t, mut in_a) = (0usize, 0usize);
    let mut k = 0;
    while k < pairs.len() {
        let mut end = k + 1;
        while end < pairs.len() {
            let (p, n) = (pairs[end - 1], pairs[end]);
            if n.0 - p.0 <= 1 && n.1 - p.1 <= 1 {
                end += 1;
            } else {
                break;
            }
        }
        let run = &pairs[k..end];
        let distinct_t = 1 + run.windows(2).filter(|w| w[1].0 != w[0].0).count();
        let distinct_a = 1 + run.windows(2).filter(|w| w[1].1 != w[0].1).count();
        if distinct_t.max(distinct_a) >= need {
            in_t += distinct_t;
            in_a += distinct_a;
        }
        k = end;
    }
    (in_t, in_a)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        // Counts stay far below 2^52, so the conversion is exact.
        #[allow(clippy::cast_precision_loss, reason = "counts far below 2^52")]
        let r = part as f64 / whole as f64;
        r
    }
}

/// The worse of two provenances (matched < interpolated < estimated).
fn worse(a: WordTimeSource, b: WordTimeSource) -> WordTimeSource {
    let rank = |s| match s {
        WordTimeSource::Matched => 0,
        WordTimeSource::Interpolated => 1,
        WordTimeSource::Estimated => 2,
    };
    if rank(b) > rank(a) { b } else { a }
}

/// Spreads each timed word's time over its tokens by weight.
fn token_times(a: &Side, words: &[TimedWord]) -> (Vec<u64>, Vec<u64>) {
    let mut start = vec![0u64; a.ids.len()];
    let mut end = vec![0u64; a.ids.len()];
    let mut k = 0;
    while k < a.ids.len() {
        let w = a.word[k];
        let group_end = k + a.word[k..].iter().take_while(|&&x| x == w).count();
        let total: u64 = a.weights[k..group_end]
            .iter()
            .map(|&x| u64::from(x))
            .sum::<u64>()
            .max(1);
        let word = &words[w as usize];
        let (s, e) = (word.start_ms, word.end_ms.max(word.start_ms));
        let mut acc = 0u64;
        for j in k..group_end {
            start[j] = s + (e - s) * acc / total;
            acc += u64::from(a.weights[j]);
            end[j] = s + (e - s) * acc / total;
        }
        k = group_end;
    }
    (start, end)
}

/// Gives unmatched transcript tokens times from their surroundings.
struct Filler<'a> {
    t_weights: &'a [u32],
    a_start: &'a [u64],
    a_end: &'a [u64],
    a_weights: &'a [u32],
    rate_us: u64,
}

impl Filler<'_> {
    /// Tokens `ts` lie between matched tokens; timing tokens `js` lie between their matches;
    /// `from`..`to` is the time between the matches.
    fn between(
        &self,
        tt: &mut [Option<TokTime>],
        ts: std::ops::Range<usize>,
        js: std::ops::Range<usize>,
        from: u64,
        to: u64,
    ) {
        let to = to.max(from);
        if js.is_empty() {
            self.in_pause(tt, ts, from, to, WordTimeSource::Interpolated);
        } else {
            self.over_tokens(tt, ts, js);
        }
    }

    /// Tokens before the first match, whose timing tokens are `0..first_j`.
    fn leading(
        &self,
        tt: &mut [Option<TokTime>],
        ts: std::ops::Range<usize>,
        first_j: usize,
        first_start: u64,
    ) {
        let (n_t, n_a) = (ts.len(), first_j);
        if n_t == 0 {
            return;
        }
        if n_a >= n_t {
            self.over_tokens(tt, ts, first_j - n_t..first_j);
            return;
        }
        // The last `n_a` tokens take the remaining timing tokens; the rest are estimated
        // backwards from there.
        let split = ts.end - n_a;
        self.over_tokens(tt, split..ts.end, 0..n_a);
        let mut cursor = if n_a > 0 {
            self.a_start[0]
        } else {
            first_start
        };
        for i in (ts.start..split).rev() {
            let dur = u64::from(self.t_weights[i]) * self.rate_us / 1000;
            let start = cursor.saturating_sub(dur);
            tt[i] = Some(TokTime {
                start,
                end: cursor,
                source: WordTimeSource::Estimated,
            });
            cursor = start;
        }
    }

    /// Tokens after the last match, whose timing tokens start at `next_j`.
    fn trailing(
        &self,
        tt: &mut [Option<TokTime>],
        ts: std::ops::Range<usize>,
        next_j: usize,
        last_end: u64,
    ) {
        let n_t = ts.len();
        if n_t == 0 {
            return;
        }
        let n_a = self.a_start.len().saturating_sub(next_j);
        if n_a >= n_t {
            self.over_tokens(tt, ts, next_j..next_j + n_t);
            return;
        }
        let split = ts.start + n_a;
        self.over_tokens(tt, ts.start..split, next_j..self.a_start.len());
        let mut cursor = if n_a > 0 {
            self.a_end[self.a_end.len() - 1]
        } else {
            last_end
        };
        for (slot, &weight) in tt[split..ts.end]
            .iter_mut()
            .zip(&self.t_weights[split..ts.end])
        {
            let dur = u64::from(weight) * self.rate_us / 1000;
            *slot = Some(TokTime {
                start: cursor,
                end: cursor + dur,
                source: WordTimeSource::Estimated,
            });
            cursor += dur;
        }
    }

    /// Lays tokens out evenly (by weight) in the pause `from`..`to`.
    fn in_pause(
        &self,
        tt: &mut [Option<TokTime>],
        ts: std::ops::Range<usize>,
        from: u64,
        to: u64,
        source: WordTimeSource,
    ) {
        let total: u64 = ts
            .clone()
            .map(|i| u64::from(self.t_weights[i]))
            .sum::<u64>()
            .max(1);
        let dur = to - from;
        let mut acc = 0u64;
        for i in ts {
            let start = from + dur * acc / total;
            acc += u64::from(self.t_weights[i]);
            tt[i] = Some(TokTime {
                start,
                end: from + dur * acc / total,
                source,
            });
        }
    }

    /// Lays transcript tokens `ts` over timing tokens `js`: one to one when the counts are
    /// equal (substitutions), otherwise in proportion to their lengths.
    fn over_tokens(
        &self,
        tt: &mut [Option<TokTime>],
        ts: std::ops::Range<usize>,
        js: std::ops::Range<usize>,
    ) {
        let source = WordTimeSource::Interpolated;
        if ts.len() == js.len() {
            for (i, j) in ts.zip(js) {
                tt[i] = Some(TokTime {
                    start: self.a_start[j],
                    end: self.a_end[j],
                    source,
                });
            }
            return;
        }
        if js.is_empty() {
            return;
        }
        let t_total: u64 = ts
            .clone()
            .map(|i| u64::from(self.t_weights[i]))
            .sum::<u64>()
            .max(1);
        let a_cum: Vec<u64> = std::iter::once(0)
            .chain(js.clone().scan(0u64, |acc, j| {
                *acc += u64::from(self.a_weights[j]);
                Some(*acc)
            }))
            .collect();
        let a_total = a_cum.last().copied().unwrap_or(0).max(1);
        // The time at position `p` (0..=a_total) of the timing tokens; at a boundary between
        // two tokens a start takes the later token's start, an end the earlier token's end.
        let time_at = |p: u64, is_start: bool| -> u64 {
            let k = if is_start {
                a_cum
                    .partition_point(|&c| c <= p)
                    .saturating_sub(1)
                    .min(js.len() - 1)
            } else {
                a_cum
                    .partition_point(|&c| c < p)
                    .saturating_sub(1)
                    .min(js.len() - 1)
            };
            let j = js.start + k;
            let w = u64::from(self.a_weights[j]).max(1);
            let within = p.saturating_sub(a_cum[k]).min(w);
            self.a_start[j] + (self.a_end[j] - self.a_start[j]) * within / w
        };
        let mut acc = 0u64;
        for i in ts {
            let p0 = acc * a_total / t_total;
            acc += u64::from(self.t_weights[i]);
            let p1 = acc * a_total / t_total;
            let start = time_at(p0, true);
            let end = time_at(p1, false).max(start);
            tt[i] = Some(TokTime { start, end, source });
        }
    }
}

/// Word times for every word: words without tokens (punctuation only) sit at the end of the
/// previous word (or the start of the next), and times are made monotonic and
/// non-overlapping.
fn finish_word_times(times: &[Option<WordTime>]) -> Vec<WordTime> {
    let mut out: Vec<WordTime> = Vec::with_capacity(times.len());
    let first_timed = times.iter().flatten().next().copied();
    for t in times {
        let w = match (t, out.last()) {
            (Some(t), _) => *t,
            (None, Some(prev)) => WordTime {
                start_ms: prev.end_ms,
                end_ms: prev.end_ms,
                source: worse(prev.source, WordTimeSource::Interpolated),
            },
            (None, None) => {
                let at = first_timed.map_or(0, |f| f.start_ms);
                WordTime {
                    start_ms: at,
                    end_ms: at,
                    source: first_timed.map_or(WordTimeSource::Estimated, |f| {
                        worse(f.source, WordTimeSource::Interpolated)
                    }),
                }
            }
        };
        out.push(w);
    }
    for k in 0..out.len() {
        if k > 0 {
            let prev_start = out[k - 1].start_ms;
            if out[k].start_ms < prev_start {
                out[k].start_ms = prev_start;
            }
            if out[k - 1].end_ms > out[k].start_ms {
                out[k - 1].end_ms = out[k].start_ms;
            }
        }
        if out[k].end_ms < out[k].start_ms {
            out[k].end_ms = out[k].start_ms;
        }
    }
    out
}

struct StretchInfo {
    paragraph: usize,
    word_in_paragraph: usize,
    span: Option<Span>,
}

/// Runs of words that are not matched.
fn stretches(
    times: &[WordTime],
    info: impl Fn(usize) -> StretchInfo,
    text: &[String],
) -> Vec<UnmatchedStretch> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < times.len() {
        if times[k].source == WordTimeSource::Matched {
            k += 1;
            continue;
        }
        let end = k + times[k..]
            .iter()
            .take_while(|w| w.source != WordTimeSource::Matched)
            .count();
        let i = info(k);
        let mut excerpt = text[k..end.min(k + 8)].join(" ");
        if end > k + 8 {
            excerpt.push_str(" …");
        }
        out.push(UnmatchedStretch {
            first_word: k,
            words: end - k,
            paragraph: i.paragraph,
            word_in_paragraph: i.word_in_paragraph,
            span: i.span,
            start_ms: times[k].start_ms,
            end_ms: times[end - 1].end_ms,
            estimated: times[k..end]
                .iter()
                .any(|w| w.source == WordTimeSource::Estimated),
            excerpt,
        });
        k = end;
    }
    out
}

/// The majority speaker of each paragraph's matched tokens (ties go to the speaker heard
/// first in the paragraph).
fn paragraph_speakers(
    per_paragraph: &[usize],
    t: &Side,
    pairs: &[(u32, u32)],
    a: &Side,
    words: &[TimedWord],
) -> Vec<Option<String>> {
    // Word ranges of paragraphs.
    let mut para_of_word = Vec::new();
    for (p, &n) in per_paragraph.iter().enumerate() {
        para_of_word.extend(std::iter::repeat_n(p, n));
    }
    let mut votes: Vec<Vec<(String, usize)>> = vec![Vec::new(); per_paragraph.len()];
    for &(i, j) in pairs {
        let word = t.word[i as usize] as usize;
        let Some(sp) = &words[a.word[j as usize] as usize].speaker else {
            continue;
        };
        let p = para_of_word[word];
        match votes[p].iter_mut().find(|(s, _)| s == sp) {
            Some(v) => v.1 += 1,
            None => votes[p].push((sp.clone(), 1)),
        }
    }
    votes
        .into_iter()
        .map(|v| {
            let max = v.iter().map(|(_, n)| *n).max()?;
            v.into_iter().find(|(_, n)| *n == max).map(|(s, _)| s)
        })
        .collect()
}

#[cfg(test)]
mod tests;
