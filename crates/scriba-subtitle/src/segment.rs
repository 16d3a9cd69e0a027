//! Segmentation: the model's body becomes cues under a preset.
//!
//! 1. Every body block becomes a *unit* of tokens (words; CJK text one character at a time;
//!    words longer than a line cut into pieces), one unit per paragraph, heading, event, note
//!    or field, so a new speaker always starts a new cue.
//! 2. Each unit is cut into cues by dynamic programming over the places between tokens: a cue
//!    must fit into the preset's lines ([`crate::linebreak`]), and the cost prefers sentence and
//!    clause boundaries, full cues, and reading speed within the limit.
//! 3. Two short turns of different speakers may share a cue with dialogue dashes.
//! 4. Times come from the words a cue contains when the model has timings, and are estimated
//!    from a speaking rate otherwise; then durations, gaps and reading speed are enforced.

use scriba_core::{Block, Diagnostic, Inline, Paragraph, Transcript, is_cjk, split_words};

use crate::cue::{Cue, CueLine};
use crate::lang::{Breaks, FORBIDDEN, Kind};
use crate::linebreak::{LineInput, Lines, break_lines};
use crate::preset::{Preset, SubtitleOptions, ceil10, default_speaking_rate};

/// The cues of a transcript together with what the writers need to know about them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Segmentation {
    /// The cues in time order, never overlapping.
    pub cues: Vec<Cue>,
    /// Whether the times were estimated from a speaking rate (the model had no timings).
    pub estimated: bool,
    /// The preset in force, with the options' overrides.
    pub preset: Preset,
    /// The document's language tag (`und` when unknown).
    pub language: String,
    /// The document's title, if any.
    pub title: Option<String>,
    /// The speakers' display names in order of first appearance in the cues.
    pub speakers: Vec<String>,
}

/// A word or piece of one.
#[derive(Debug, Clone)]
struct Tok {
    text: String,
    /// No space before this token (CJK characters, pieces of a cut word).
    glue: bool,
    chars: usize,
    /// Counts as a spoken word for speaking-rate estimates.
    spoken: bool,
    /// A `Name:` label (no break after it).
    label: bool,
    time: Option<(u64, u64)>,
}

/// A run of tokens that no cue crosses: one paragraph, heading, event, note or field.
#[derive(Debug, Clone)]
struct Unit {
    speaker: Option<String>,
    toks: Vec<Tok>,
    start: Option<u64>,
    end: Option<u64>,
}

/// A cue before its times are final.
#[derive(Debug, Clone)]
struct Draft {
    lines: Vec<CueLine>,
    /// Reading characters (lines joined by one space).
    chars: usize,
    spoken: usize,
    start: u64,
    end: u64,
    first_of_unit: bool,
    last_of_unit: bool,
    ends_sentence: bool,
    dialogue: bool,
}

const CUE_BASE: u64 = 50;
const MID_SENTENCE: u64 = 40;
const FILL: u64 = 30;
/// A new sentence whose first words (fewer characters than this) end a cue …
const DANGLING_CHARS: usize = 20;
/// … costs this much more.
const DANGLING: u64 = 60;

/// Cuts the transcript's body into cues under the options' preset.
///
/// Errors: invalid options, or an empty body (no words, so no cue: every subtitle format and
/// validator needs at least one).
pub fn segment(
    doc: &Transcript,
    opts: &SubtitleOptions,
) -> Result<scriba_core::Warned<Segmentation>, scriba_core::Diagnostics> {
    segment_with(doc, opts, opts.speaker_labels)
}

/// [`segment`], with `Name: ` labels written into the text when `labels` is set (SRT, SBV).
pub(crate) fn segment_with(
    doc: &Transcript,
    opts: &SubtitleOptions,
    labels: bool,
) -> Result<scriba_core::Warned<Segmentation>, scriba_core::Diagnostics> {
    let language = doc
        .meta
        .language
        .clone()
        .unwrap_or_else(|| "und".to_owned());
    let preset = opts.resolve(&language).map_err(|d| vec![d])?;
    let mut warnings = Vec::new();
    let names: Vec<&str> = doc.speakers.iter().map(|s| s.name.as_str()).collect();
    let rules = Breaks::new(&language, names.iter().copied());
    let mut units = collect_units(doc, &preset, labels, &mut warnings);
    units.retain(|u| !u.toks.is_empty());
    if units.is_empty() {
        return Err(vec![
            Diagnostic::error("subtitle.empty", "the transcript body has no words, so there is no cue to write")
                .with_hint("subtitles need at least one cue; add text to the body (docs/subtitles.md, \"Empty body\")"),
        ]);
    }
    let wpm = opts
        .speaking_rate_wpm
        .unwrap_or_else(|| default_speaking_rate(&language));
    let timed = units
        .iter()
        .any(|u| u.start.is_some() || u.end.is_some() || u.toks.iter().any(|t| t.time.is_some()));
    if timed {
        let filled = fill_times(&mut units, wpm);
        if filled > 0 {
            warnings.push(
                Diagnostic::warning(
                    "subtitle.partly-estimated",
                    format!("{filled} of {} text blocks have no times; their times are estimated from a speaking rate of {wpm} words per minute", units.len()),
                )
                .with_hint("align the transcript with a timing source to get real times for every word"),
            );
        }
    }
    let ctx = Ctx {
        preset: &preset,
        rules: &rules,
        wpm,
        timed,
    };
    let mut drafts = Vec::new();
    for (ui, unit) in units.iter().enumerate() {
        let next_start = units
            .get(ui + 1)
            .and_then(|u| u.toks.first())
            .and_then(|t| t.time)
            .map(|t| t.0);
        let name = unit
            .speaker
            .as_deref()
            .map(|id| clean_label(doc.speaker_name(id)));
        segment_unit(&ctx, unit, name, next_start, &mut drafts);
    }
    if opts.dialogue.unwrap_or(true) {
        drafts = merge_dialogue(drafts, &ctx);
    }
    let duration = opts.duration_ms.or(doc.meta.duration_ms);
    let cues = if timed {
        time_real(drafts, &preset)
    } else {
        warnings.push(
            Diagnostic::warning(
                "subtitle.estimated",
                format!(
                    "the transcript has no timings: cue times are estimated from a speaking rate of {wpm} words per minute{}",
                    match duration {
                        Some(d) => format!(", scaled to the media duration of {}", crate::cue::format_time(d, 1, '.', 3)),
                        None => String::new(),
                    }
                ),
            )
            .with_hint("the file says so too; align the transcript with a timing source, or pass the media duration (`duration_ms`) to scale the estimate"),
        );
        time_estimated(drafts, &preset, wpm, duration, &mut warnings)
    };
    let over = cues
        .iter()
        .filter(|c| {
            c.reading_chars() as f64 * 1000.0 > preset.max_cps * c.duration_ms() as f64 + 1e-6
        })
        .count();
    if over > 0 {
        warnings.push(
            Diagnostic::warning(
                "subtitle.reading-speed",
                format!(
                    "{over} of {} cues are faster than {} characters per second (preset {})",
                    cues.len(),
                    preset.max_cps,
                    preset.name
                ),
            )
            .with_hint("the speech is faster than the preset allows; condense the text or choose a preset with a higher reading speed"),
        );
    }
    let mut speakers: Vec<String> = Vec::new();
    for cue in &cues {
        for line in &cue.lines {
            if let Some(name) = &line.speaker
                && !speakers.contains(name)
            {
                speakers.push(name.clone());
            }
        }
    }
    Ok(scriba_core::Warned::with(
        Segmentation {
            cues,
            estimated: !timed,
            preset,
            language,
            title: doc.meta.title.as_deref().map(clean_label),
            speakers,
        },
        warnings,
    ))
}

struct Ctx<'a> {
    preset: &'a Preset,
    rules: &'a Breaks,
    wpm: u32,
    timed: bool,
}

// ---------------------------------------------------------------------------- units

fn collect_units(
    doc: &Transcript,
    preset: &Preset,
    labels: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Unit> {
    let marks = doc.quote_marks();
    let mut units = Vec::new();
    let mut long_words = 0usize;
    let mut dropped = 0usize;
    let text_unit = |text: &str, long_words: &mut usize, dropped: &mut usize| Unit {
        speaker: None,
        toks: tokenize(text, None, preset.max_chars_per_line, (long_words, dropped)),
        start: None,
        end: None,
    };
    for block in &doc.body {
        match block {
            Block::Turn {
                speaker,
                start_ms,
                paragraphs,
            } => {
                for (pi, p) in paragraphs.iter().enumerate() {
                    let mut unit =
                        paragraph_unit(p, marks, preset, (&mut long_words, &mut dropped));
                    unit.speaker.clone_from(speaker);
                    if pi == 0 {
                        unit.start = unit.start.or(*start_ms);
                        if labels && let (Some(id), false) = (speaker, unit.toks.is_empty()) {
                            let text = format!("{}:", clean_label(doc.speaker_name(id)));
                            let chars = text.chars().count();
                            unit.toks.insert(
                                0,
                                Tok {
                                    text,
                                    glue: false,
                                    chars,
                                    spoken: false,
                                    label: true,
                                    time: unit.toks[0].time,
                                },
                            );
                        }
                    }
                    units.push(unit);
                }
            }
            Block::Paragraph(p) => units.push(paragraph_unit(
                p,
                marks,
                preset,
                (&mut long_words, &mut dropped),
            )),
            Block::Heading { content, .. } | Block::Note { content, .. } => {
                units.push(text_unit(
                    &Inline::plain_text(content, marks),
                    &mut long_words,
                    &mut dropped,
                ));
            }
            Block::Event { description, .. } => {
                units.push(text_unit(
                    &format!("[{description}]"),
                    &mut long_words,
                    &mut dropped,
                ));
            }
            Block::Fields { title, items, .. } => {
                if let Some(title) = title {
                    units.push(text_unit(title, &mut long_words, &mut dropped));
                }
                for field in items {
                    let text = format!(
                        "{}: {}",
                        field.label,
                        Inline::plain_text(&field.value, marks)
                    );
                    units.push(text_unit(&text, &mut long_words, &mut dropped));
                }
            }
        }
    }
    if dropped > 0 {
        warnings.push(
            Diagnostic::warning(
                "subtitle.control-chars",
                format!("{dropped} control characters were dropped from the text"),
            )
            .with_hint(
                "control characters cannot be shown in subtitles; remove them from the transcript",
            ),
        );
    }
    if long_words > 0 {
        warnings.push(
            Diagnostic::warning(
                "subtitle.long-word",
                format!(
                    "{long_words} words are longer than a line of {} characters and were broken across lines",
                    preset.max_chars_per_line
                ),
            )
            .with_hint("such words (URLs, very long compounds) cannot be shown whole; shorten them in the transcript"),
        );
    }
    units
}

fn paragraph_unit(
    p: &Paragraph,
    marks: scriba_core::QuoteMarks,
    preset: &Preset,
    counts: (&mut usize, &mut usize),
) -> Unit {
    let text = p.plain_text(marks);
    let words_timed = !p.words.is_empty() && p.words.len() == split_words(&text).len();
    let toks = tokenize(
        &text,
        words_timed.then_some(p.words.as_slice()),
        preset.max_chars_per_line,
        counts,
    );
    Unit {
        speaker: None,
        toks,
        start: p.start_ms,
        end: p.end_ms,
    }
}

const CJK_CLOSE: &str = "。，、．！？：；」』）】〕〉》”’・ー〜";
const CJK_OPEN: &str = "「『（【〔〈《“‘";

/// Drops characters no subtitle format can carry: control characters other than white space,
/// and the noncharacters U+FFFE and U+FFFF.
fn clean(word: &str, dropped: &mut usize) -> String {
    word.chars()
        .filter(|&c| {
            let bad =
                (c.is_control() && !c.is_whitespace()) || matches!(c, '\u{fffe}' | '\u{ffff}');
            *dropped += usize::from(bad);
            !bad
        })
        .collect()
}

/// A speaker name or title on one line: white space collapsed, control characters dropped.
fn clean_label(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| clean(w, &mut 0))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// Splits a word into pieces: each CJK character its own piece (closing punctuation kept with
/// the character before, opening with the one after), runs of other characters together.
fn cjk_pieces(word: &str) -> Vec<String> {
    if !word.chars().any(is_cjk) {
        return vec![word.to_owned()];
    }
    let mut pieces: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_open_only = false;
    for c in word.chars() {
        let attach_back =
            CJK_CLOSE.contains(c) || (!is_cjk(c) && c.is_ascii_punctuation() && cur.is_empty());
        if attach_back {
            if !cur.is_empty() {
                cur.push(c);
            } else if let Some(last) = pieces.last_mut() {
                last.push(c);
            } else {
                cur.push(c);
            }
        } else if CJK_OPEN.contains(c) {
            if !cur.is_empty() && !cur_open_only {
                pieces.push(std::mem::take(&mut cur));
            }
            cur.push(c);
            cur_open_only = true;
        } else if is_cjk(c) {
            if !cur.is_empty() && !cur_open_only {
                pieces.push(std::mem::take(&mut cur));
            }
            cur.push(c);
            pieces.push(std::mem::take(&mut cur));
            cur_open_only = false;
        } else {
            cur.push(c);
            cur_open_only = false;
        }
    }
    if !cur.is_empty() {
        pieces.push(cur);
    }
    pieces
}

fn tokenize(
    text: &str,
    times: Option<&[scriba_core::WordTime]>,
    max_chars: usize,
    (long_words, dropped): (&mut usize, &mut usize),
) -> Vec<Tok> {
    let mut toks = Vec::new();
    for (wi, word) in split_words(text).into_iter().enumerate() {
        let cleaned = clean(word, dropped);
        if cleaned.is_empty() {
            continue;
        }
        let word = cleaned.as_str();
        let time = times
            .and_then(|t| t.get(wi))
            .map(|w| (w.start_ms, w.end_ms.max(w.start_ms)));
        let mut pieces: Vec<(String, bool)> = Vec::new();
        for piece in cjk_pieces(word) {
            let n = piece.chars().count();
            if n > max_chars {
                *long_words += 1;
                let chars: Vec<char> = piece.chars().collect();
                for (ci, chunk) in chars.chunks(max_chars).enumerate() {
                    pieces.push((chunk.iter().collect(), ci == 0));
                }
            } else {
                pieces.push((piece, true));
            }
        }
        let total: usize = pieces
            .iter()
            .map(|(p, _)| p.chars().count())
            .sum::<usize>()
            .max(1);
        let mut acc = 0usize;
        for (pi, (piece, spoken)) in pieces.into_iter().enumerate() {
            let chars = piece.chars().count();
            let piece_time = time.map(|(s, e)| {
                let span = e - s;
                let a = s + span * acc as u64 / total as u64;
                let b = s + span * (acc + chars) as u64 / total as u64;
                (a, b)
            });
            acc += chars;
            toks.push(Tok {
                text: piece,
                glue: pi > 0,
                chars,
                spoken,
                label: false,
                time: piece_time,
            });
        }
    }
    toks
}

/// Gives every token of every unit a time: word times as they are, paragraph spans spread over
/// their words by length, units without times estimated from the speaking rate. Returns how
/// many units had no time at all.
fn fill_times(units: &mut [Unit], wpm: u32) -> usize {
    let mut cursor = 0u64;
    let mut filled = 0;
    let known_start = |u: &Unit| {
        u.start
            .or_else(|| u.toks.first().and_then(|t| t.time).map(|t| t.0))
    };
    let starts: Vec<Option<u64>> = units.iter().map(known_start).collect();
    for i in 0..units.len() {
        let unit = &mut units[i];
        if unit.toks.iter().all(|t| t.time.is_some()) {
            for t in &mut unit.toks {
                if let Some((s, e)) = t.time {
                    let s = s.max(cursor);
                    t.time = Some((s, e.max(s)));
                    cursor = e.max(s);
                }
            }
            continue;
        }
        let spoken = unit.toks.iter().filter(|t| t.spoken).count().max(1) as u64;
        let estimate = spoken * 60_000 / u64::from(wpm);
        let start = starts[i].unwrap_or(cursor).max(cursor);
        if starts[i].is_none() && unit.end.is_none() {
            filled += 1;
        }
        let next = starts.get(i + 1).copied().flatten().filter(|&n| n > start);
        let end = match (unit.end.filter(|&e| e > start), next) {
            (Some(e), _) => e,
            (None, Some(n)) if starts[i].is_some() => {
                n.min(start + estimate.max(1) * 3).max(start + 1)
            }
            (None, Some(n)) => n.min(start + estimate).max(start + 1),
            (None, None) => start + estimate.max(1),
        };
        let weights: Vec<u64> = unit.toks.iter().map(|t| t.chars as u64 + 1).collect();
        let total: u64 = weights.iter().sum::<u64>().max(1);
        let span = end - start;
        let mut acc = 0;
        for (t, w) in unit.toks.iter_mut().zip(weights) {
            let a = start + span * acc / total;
            acc += w;
            let b = start + span * acc / total;
            t.time = Some((a, b));
        }
        cursor = end;
    }
    filled
}

// ---------------------------------------------------------------------------- cutting

fn text_of(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (i, t) in toks.iter().enumerate() {
        if i > 0 && !t.glue {
            out.push(' ');
        }
        out.push_str(&t.text);
    }
    out
}

/// The kind of break before each token (index 0 unused).
fn kinds(toks: &[Tok], rules: &Breaks) -> Vec<Kind> {
    let mut out = Vec::with_capacity(toks.len());
    for i in 0..toks.len() {
        if i == 0 {
            out.push(Kind::Sentence);
            continue;
        }
        let (a, b) = (&toks[i - 1], &toks[i]);
        let kind = if a.label {
            Kind::Forbidden
        } else if b.glue && !(a.text.chars().any(is_cjk) || b.text.chars().any(is_cjk)) {
            // The pieces of a word cut because it is longer than a line.
            Kind::Poor
        } else {
            rules.kind(&a.text, &b.text)
        };
        out.push(kind);
    }
    out
}

fn segment_unit(
    ctx: &Ctx<'_>,
    unit: &Unit,
    name: Option<String>,
    next_unit_start: Option<u64>,
    out: &mut Vec<Draft>,
) {
    let toks = &unit.toks;
    let n = toks.len();
    let kinds = kinds(toks, ctx.rules);
    let p = ctx.preset;
    let cap = p.max_cue_chars();
    let gap = p.min_gap_ms();
    let est_max_chars = (p.max_cps * p.max_duration_ms as f64 / 1000.0).floor() as usize;
    let est_max_spoken = (u64::from(ctx.wpm) * p.max_duration_ms / 60_000).max(1) as usize;
    let lens: Vec<usize> = toks.iter().map(|t| t.chars).collect();
    let glue: Vec<bool> = toks.iter().map(|t| t.glue).collect();
    let line_pen: Vec<u32> = kinds.iter().map(|k| k.line_penalty()).collect();
    // best[j]: cost of the best cutting of toks[..j], and where its last cue starts.
    let prefix = LineInput::prefix(&lens, &glue);
    let input = LineInput {
        glue: &glue,
        penalty: &line_pen,
        prefix: &prefix,
    };
    let mut best: Vec<(u64, usize, Lines)> = vec![(u64::MAX, 0, Lines::One); n + 1];
    best[0].0 = 0;
    let sentence_ends: Vec<bool> = kinds.iter().map(|k| *k == Kind::Sentence).collect();
    for j in 1..=n {
        let mut chars = 0usize;
        let mut spoken = 0usize;
        // Where the last sentence that starts inside the cue starts.
        let mut last_sentence: Option<usize> = None;
        for i in (0..j).rev() {
            chars += toks[i].chars + usize::from(i + 1 < j && !toks[i + 1].glue);
            spoken += usize::from(toks[i].spoken);
            if i + 1 < j && sentence_ends[i + 1] && last_sentence.is_none() {
                last_sentence = Some(i + 1);
            }
            let single = j - i == 1;
            if chars > cap && !single {
                break;
            }
            if best[i].0 == u64::MAX {
                continue;
            }
            if !ctx.timed && !single && (chars > est_max_chars || spoken > est_max_spoken) {
                break;
            }
            let mut cost = CUE_BASE;
            if j < n {
                cost += u64::from(kinds[j].cue_penalty());
            }
            if let Some(k) = last_sentence
                && j < n
                && kinds[j] != Kind::Sentence
            {
                // A cue that starts a sentence it does not finish; worse when only the first
                // words of that sentence dangle at its end.
                cost += MID_SENTENCE;
                if prefix[j] - prefix[k] < DANGLING_CHARS {
                    cost += DANGLING;
                }
            }
            let shortfall = cap.saturating_sub(chars) as u64;
            cost += FILL * shortfall * shortfall / (cap as u64 * cap as u64).max(1);
            if ctx.timed && !single {
                let (Some(first), Some(last)) = (toks[i].time, toks[j - 1].time) else {
                    continue;
                };
                let span = last.1.saturating_sub(first.0);
                if span > p.max_duration_ms {
                    continue;
                }
                let limit = if j < n {
                    toks[j].time.map(|t| t.0)
                } else {
                    next_unit_start
                };
                let avail = limit
                    .map_or(span + 2000, |l| {
                        l.saturating_sub(gap).saturating_sub(first.0)
                    })
                    .clamp(span, p.max_duration_ms);
                let need = (chars as f64 * 1000.0 / p.max_cps) as u64;
                if need > avail {
                    cost += 100 + (need - avail) / 20;
                }
            }
            let Some((line_cost, lines)) =
                break_lines(&input, (i, j), p.max_chars_per_line, p.max_lines)
            else {
                continue;
            };
            // Lines are read joined by a space, also where a cut word continues.
            let glued_breaks = match &lines {
                Lines::One => 0,
                Lines::Two(k) => usize::from(glue[*k]),
                Lines::Many(v) => v.iter().filter(|&&k| glue[k]).count(),
            };
            if !ctx.timed && !single && chars + glued_breaks > est_max_chars {
                continue;
            }
            cost += u64::from(line_cost);
            let total = best[i].0.saturating_add(cost);
            if total < best[j].0 {
                best[j] = (total, i, lines);
            }
        }
        if best[j].0 == u64::MAX {
            // Nothing fits (cannot happen with tokens cut to the line length, but stay total):
            // the last token alone.
            let prev = best[j - 1].0;
            best[j] = (prev.saturating_add(u64::from(FORBIDDEN)), j - 1, Lines::One);
        }
    }
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        let (_, i, lines) = &best[j];
        cuts.push((*i, j, lines.starts()));
        j = *i;
    }
    cuts.reverse();
    let count = cuts.len();
    for (ci, (i, j, breaks)) in cuts.into_iter().enumerate() {
        let mut lines = Vec::new();
        let mut from = i;
        for b in breaks.into_iter().chain(std::iter::once(j)) {
            lines.push(CueLine {
                speaker: name.clone(),
                text: text_of(&toks[from..b]),
            });
            from = b;
        }
        let chars = lines.iter().map(|l| l.text.chars().count()).sum::<usize>() + lines.len() - 1;
        out.push(Draft {
            lines,
            chars,
            spoken: toks[i..j].iter().filter(|t| t.spoken).count(),
            start: toks[i].time.map_or(0, |t| t.0),
            end: toks[j - 1].time.map_or(0, |t| t.1),
            first_of_unit: ci == 0,
            last_of_unit: ci + 1 == count,
            ends_sentence: j == n || kinds[j] == Kind::Sentence,
            dialogue: false,
        });
    }
}

/// Puts the last cue of a turn and a following one-cue turn of another speaker into one cue
/// with dialogue dashes, when each fits on one line with its dash.
fn merge_dialogue(drafts: Vec<Draft>, ctx: &Ctx<'_>) -> Vec<Draft> {
    let p = ctx.preset;
    let dash = &p.dialogue_dash;
    let dash_len = dash.chars().count();
    let mut out: Vec<Draft> = Vec::with_capacity(drafts.len());
    let mut iter = drafts.into_iter().peekable();
    while let Some(a) = iter.next() {
        let Some(b) = iter.peek() else {
            out.push(a);
            break;
        };
        let speaker = |d: &Draft| d.lines.first().and_then(|l| l.speaker.clone());
        let (sa, sb) = (speaker(&a), speaker(b));
        let fits = |d: &Draft| d.lines.len() == 1 && d.chars + dash_len <= p.max_chars_per_line;
        let chars = a.chars + b.chars + 2 * dash_len + 1;
        let ok = !a.dialogue
            && !b.dialogue
            && p.max_lines >= 2
            && sa.is_some()
            && sb.is_some()
            && sa != sb
            && a.last_of_unit
            && a.ends_sentence
            && b.first_of_unit
            && b.last_of_unit
            && fits(&a)
            && fits(b)
            && if ctx.timed {
                b.end.saturating_sub(a.start) <= p.max_duration_ms
                    && b.start.saturating_sub(a.end) <= 1000
                    && (chars as f64 * 1000.0) <= p.max_cps * b.end.saturating_sub(a.start) as f64
            } else {
                (chars as f64) <= p.max_cps * p.max_duration_ms as f64 / 1000.0
                    && ((a.spoken + b.spoken) as u64) * 60_000 / u64::from(ctx.wpm)
                        <= p.max_duration_ms
            };
        if !ok {
            out.push(a);
            continue;
        }
        let Some(b) = iter.next() else {
            out.push(a);
            break;
        };
        let mut lines = Vec::with_capacity(2);
        for d in [&a, &b] {
            for l in &d.lines {
                lines.push(CueLine {
                    speaker: l.speaker.clone(),
                    text: format!("{dash}{}", l.text),
                });
            }
        }
        out.push(Draft {
            lines,
            chars,
            spoken: a.spoken + b.spoken,
            start: a.start,
            end: b.end,
            first_of_unit: a.first_of_unit,
            last_of_unit: true,
            ends_sentence: true,
            dialogue: true,
        });
    }
    out
}

// ---------------------------------------------------------------------------- timing

fn round10(ms: u64) -> u64 {
    (ms + 5) / 10 * 10
}

fn reading_ms(chars: usize, p: &Preset) -> u64 {
    ceil10((chars as f64 * 1000.0 / p.max_cps).ceil() as u64)
}

fn finish(d: Draft, start: u64, end: u64) -> Cue {
    Cue {
        start_ms: start,
        end_ms: end,
        lines: d.lines,
    }
}

/// Times from the words: each cue spans its words, then is lengthened to the minimum duration
/// and the reading speed where the next cue leaves room, small gaps are closed to the minimum
/// gap, and cues never overlap.
fn time_real(drafts: Vec<Draft>, p: &Preset) -> Vec<Cue> {
    let gap = p.min_gap_ms();
    let min = ceil10(p.min_duration_ms);
    let max = p.max_duration_ms / 10 * 10;
    let chain = 500u64.max(gap);
    let starts: Vec<u64> = drafts.iter().map(|d| round10(d.start)).collect();
    let mut out = Vec::with_capacity(drafts.len());
    let mut prev_end: Option<u64> = None;
    for (i, d) in drafts.into_iter().enumerate() {
        let s = match prev_end {
            Some(e) => starts[i].max(e + gap),
            None => starts[i],
        };
        let mut e = round10(d.end).max(s + 10);
        let want = (s + min).max(s + reading_ms(d.chars, p)).min(s + max);
        match starts.get(i + 1) {
            Some(&next) => {
                let limit = next.saturating_sub(gap);
                if e > limit {
                    e = limit.max(s + min.min(max));
                } else {
                    e = e.max(want.min(limit));
                    if limit - e < chain && limit - s <= max {
                        e = limit;
                    }
                }
            }
            None => e = e.max(want),
        }
        e = e.min(s + max).max(s + 10);
        prev_end = Some(e);
        out.push(finish(d, s, e));
    }
    out
}

/// Estimated times: each cue lasts as long as its words take at the speaking rate, at least as
/// long as reading it takes and the minimum duration, at most the maximum; cues follow each
/// other at the minimum gap. With a known media duration the whole is scaled to it.
fn time_estimated(
    drafts: Vec<Draft>,
    p: &Preset,
    wpm: u32,
    duration: Option<u64>,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Cue> {
    let gap = p.min_gap_ms();
    let min = ceil10(p.min_duration_ms);
    let max = p.max_duration_ms / 10 * 10;
    let durs: Vec<u64> = drafts
        .iter()
        .map(|d| {
            let speech = d.spoken as u64 * 60_000 / u64::from(wpm);
            ceil10(speech).max(reading_ms(d.chars, p)).max(min).min(max)
        })
        .collect();
    let n = durs.len() as u64;
    let natural: u64 = durs.iter().sum::<u64>() + gap * n.saturating_sub(1);
    let mut spans = Vec::with_capacity(durs.len());
    let mut cursor = 0;
    for d in &durs {
        spans.push((cursor, cursor + d));
        cursor += d + gap;
    }
    if let Some(total) = duration {
        if total / 10 < n * (gap / 10 + 1) {
            warnings.push(
                Diagnostic::warning(
                    "subtitle.duration-too-short",
                    format!("the media duration of {total} ms is too short for {n} cues; the estimated times are not scaled to it"),
                )
                .with_hint("check the `duration_ms` option or `meta.duration_ms`"),
            );
        } else if natural > 0 {
            // Scale the cue starts and ends in integer arithmetic; keep the gaps.
            let scale =
                |t: u64| (u128::from(t) * u128::from(total) / u128::from(natural)) as u64 / 10 * 10;
            let mut scaled = Vec::with_capacity(spans.len());
            let mut prev_end: Option<u64> = None;
            for (k, &(s, e)) in spans.iter().enumerate() {
                let s = match prev_end {
                    Some(pe) => scale(s).max(pe + gap),
                    None => scale(s),
                };
                let limit = spans
                    .get(k + 1)
                    .map_or(u64::MAX, |&(ns, _)| scale(ns).saturating_sub(gap));
                let e = scale(e).min(s + max).min(limit).max(s + 10);
                prev_end = Some(e);
                scaled.push((s, e));
            }
            spans = scaled;
        }
    }
    drafts
        .into_iter()
        .zip(spans)
        .map(|(d, (s, e))| finish(d, s, e))
        .collect()
}

#[cfg(test)]
mod tests;
