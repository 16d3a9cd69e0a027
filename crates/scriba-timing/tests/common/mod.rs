//! Shared by the acceptance tests, the conformance tests and the benchmark: a seeded RNG, an
//! "editor" that turns timed words into an edited transcript, a synthetic recognizer and the
//! word-start error measurement.

#![allow(dead_code, reason = "each test target uses a different part")]

use scriba_core::{Block, Paragraph, Transcript, WordTimeSource};
use scriba_timing::TimedWord;

/// SplitMix64: a small deterministic generator.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p` per mille.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.next_u64() % 1000 < per_mille
    }
}

/// What became of a timed word in the edited transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The word of timed word `k`, possibly with other casing or punctuation.
    Kept(usize),
    /// A replacement for timed word `k` (a corrected misrecognition).
    Substituted(usize),
    /// A word the editor added.
    Inserted,
}

/// An edited transcript and, per body word, where it came from.
pub(crate) struct Edited {
    pub(crate) doc: Transcript,
    pub(crate) origin: Vec<Origin>,
    pub(crate) substituted: usize,
    pub(crate) dropped: usize,
    pub(crate) inserted: usize,
}

/// Picks `round(n * per_mille / 1000)` distinct positions of `0..n` that are not yet taken.
fn pick(rng: &mut Rng, n: usize, per_mille: usize, taken: &mut [bool]) -> Vec<usize> {
    let count = (n * per_mille + 500) / 1000;
    let mut out = Vec::new();
    let mut guard = 0;
    while out.len() < count && guard < n * 20 {
        guard += 1;
        let k = rng.below(n);
        if !taken[k] {
            taken[k] = true;
            out.push(k);
        }
    }
    out.sort_unstable();
    out
}

const FILLERS: &[&str] = &[
    "indeed", "actually", "really", "also", "well", "so", "now", "then",
];

/// Builds an edited transcript from timed words: casing and punctuation changed, ~5 % of the
/// words substituted, ~2 % dropped, ~2 % inserted, small numbers written out (English,
/// German or French after `lang`), paragraphs of 20–60 words.
pub(crate) fn edit(words: &[TimedWord], seed: u64) -> Edited {
    edit_in(words, seed, "en")
}

/// [`edit`] for a language (`en`, `de`, `fr`; others keep digits).
pub(crate) fn edit_in(words: &[TimedWord], seed: u64, lang: &str) -> Edited {
    let mut rng = Rng::new(seed);
    let n = words.len();
    let mut taken = vec![false; n];
    let subs = pick(&mut rng, n, 50, &mut taken);
    let drops = pick(&mut rng, n, 20, &mut taken);
    let mut free = vec![false; n];
    let inserts = pick(&mut rng, n, 20, &mut free);
    let mut out: Vec<(String, Origin)> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if inserts.binary_search(&k).is_ok() {
            out.push((
                FILLERS[rng.below(FILLERS.len())].to_owned(),
                Origin::Inserted,
            ));
        }
        if drops.binary_search(&k).is_ok() {
            continue;
        }
        let text = w.text.trim();
        if subs.binary_search(&k).is_ok() {
            for (part, piece) in substitute(&mut rng, text, words)
                .split_whitespace()
                .enumerate()
            {
                let o = if part == 0 {
                    Origin::Substituted(k)
                } else {
                    Origin::Inserted
                };
                out.push((piece.to_owned(), o));
            }
            continue;
        }
        // A recognizer word may hold a space (`inédit ?`): its later parts are not measured.
        for (part, piece) in text.split_whitespace().enumerate() {
            let o = if part == 0 {
                Origin::Kept(k)
            } else {
                Origin::Inserted
            };
            let piece = spell_number(piece, lang).unwrap_or_else(|| piece.to_owned());
            out.push((recase(&mut rng, &piece), o));
        }
    }
    let mut doc = Transcript::default();
    let mut origin = Vec::new();
    let mut start = 0;
    while start < out.len() {
        let len = (20 + rng.below(41)).min(out.len() - start);
        let mut text = String::new();
        for (k, (w, o)) in out[start..start + len].iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(w);
            origin.push(*o);
        }
        if !text.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        doc.body
            .push(Block::turn(None, vec![Paragraph::text(text)]));
        start += len;
    }
    Edited {
        doc,
        origin,
        substituted: subs.len(),
        dropped: drops.len(),
        inserted: inserts.len(),
    }
}

/// A number of one or two digits written out, keeping trailing punctuation.
fn spell_number(word: &str, lang: &str) -> Option<String> {
    let digits = word.trim_end_matches([',', '.', '!', '?']);
    let n: usize = digits.parse().ok().filter(|n| *n <= 20)?;
    let table: [&str; 21] = match lang {
        "en" => [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ],
        "de" => [
            "null",
            "eins",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "zehn",
            "elf",
            "zwölf",
            "dreizehn",
            "vierzehn",
            "fünfzehn",
            "sechzehn",
            "siebzehn",
            "achtzehn",
            "neunzehn",
            "zwanzig",
        ],
        "fr" => [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
            "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
            "dix-neuf", "vingt",
        ],
        _ => return None,
    };
    Some(format!("{}{}", table[n], &word[digits.len()..]))
}

/// Changes casing and punctuation the way an editor does.
fn recase(rng: &mut Rng, word: &str) -> String {
    let mut w: String = if rng.chance(300) {
        word.trim_end_matches([',', '.', '!', '?', ';', ':'])
            .to_owned()
    } else {
        word.to_owned()
    };
    if w.is_empty() {
        w = word.to_owned();
    }
    if rng.chance(100) {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            let flipped: String = if first.is_uppercase() {
                first.to_lowercase().collect()
            } else {
                first.to_uppercase().collect()
            };
            w = flipped + chars.as_str();
        }
    }
    if rng.chance(50) {
        w.push(',');
    }
    w
}

/// A corrected word: another word of the recording, or the same word spelled differently.
fn substitute(rng: &mut Rng, word: &str, words: &[TimedWord]) -> String {
    if rng.chance(500) {
        let other = words[rng.below(words.len())].text.trim();
        if other != word {
            return other.to_owned();
        }
    }
    let mut chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&k| chars[k].is_alphabetic())
        .collect();
    if letters.is_empty() {
        return format!("{word}x");
    }
    let k = letters[rng.below(letters.len())];
    chars[k] = if chars[k] == 'e' { 'a' } else { 'e' };
    chars.insert(k, 'r');
    chars.into_iter().collect()
}

/// Word-start errors of an aligned edited transcript against the source times.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stats {
    /// Words that came from a timed word (kept or substituted).
    pub(crate) from_timing: usize,
    /// Median absolute start error over those words, in ms.
    pub(crate) median_ms: u64,
    /// 95th percentile of that error, in ms.
    pub p95_ms: u64,
    /// Kept words the aligner matched.
    pub(crate) matched: usize,
    /// Share of matched words within 250 ms (0–1).
    pub matched_within_250: f64,
    /// Share of all words from the timing within 250 ms (0–1).
    pub all_within_250: f64,
}

pub(crate) fn measure(doc: &Transcript, origin: &[Origin], words: &[TimedWord]) -> Stats {
    let times: Vec<_> = doc
        .body_paragraphs()
        .flat_map(|(_, p)| p.words.iter().copied())
        .collect();
    assert_eq!(times.len(), origin.len(), "one time per word");
    let mut errors = Vec::new();
    let (mut matched, mut matched_ok) = (0usize, 0usize);
    for (t, o) in times.iter().zip(origin) {
        let k = match o {
            Origin::Kept(k) | Origin::Substituted(k) => *k,
            Origin::Inserted => continue,
        };
        let err = t.start_ms.abs_diff(words[k].start_ms);
        errors.push(err);
        if t.source == WordTimeSource::Matched {
            matched += 1;
            if err <= 250 {
                matched_ok += 1;
            }
        }
    }
    errors.sort_unstable();
    let pct = |p: usize| {
        errors
            .get((errors.len().saturating_sub(1)) * p / 100)
            .copied()
            .unwrap_or(0)
    };
    let within = errors.iter().filter(|&&e| e <= 250).count();
    Stats {
        from_timing: errors.len(),
        median_ms: pct(50),
        p95_ms: pct(95),
        matched,
        matched_within_250: if matched == 0 {
            1.0
        } else {
            matched_ok as f64 / matched as f64
        },
        all_within_250: if errors.is_empty() {
            1.0
        } else {
            within as f64 / errors.len() as f64
        },
    }
}

/// A vocabulary of `size` made-up words of 2–10 letters.
fn vocabulary(rng: &mut Rng, size: usize) -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ka", "to", "ri", "men", "sa", "lo", "ve", "du", "an", "ter", "is", "or", "pe", "ul", "ny",
        "sch", "ei", "au",
    ];
    let mut out = vec![
        "the".to_owned(),
        "and".to_owned(),
        "of".to_owned(),
        "to".to_owned(),
        "a".to_owned(),
        "in".to_owned(),
        "is".to_owned(),
        "that".to_owned(),
        "it".to_owned(),
        "we".to_owned(),
    ];
    while out.len() < size {
        let parts = 1 + rng.below(4);
        let w: String = (0..parts)
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect();
        out.push(w);
    }
    out
}

/// A synthetic recognizer output of `n` words: Zipf-like word choice (many repeats of
/// function words), 180–600 ms per word, small gaps and occasional pauses, sentence
/// punctuation and capitals.
pub(crate) fn synthetic_words(n: usize, seed: u64) -> Vec<TimedWord> {
    let mut rng = Rng::new(seed);
    let vocab = vocabulary(&mut rng, 3000);
    let mut out = Vec::with_capacity(n);
    let mut t = 500u64;
    let mut sentence_start = true;
    for _ in 0..n {
        // Log-uniform rank, roughly Zipf: word k is chosen with probability ~ 1/k.
        let u = rng.below(1_000_000) as f64 / 1_000_000.0;
        let idx = ((vocab.len() as f64).powf(u) as usize)
            .saturating_sub(1)
            .min(vocab.len() - 1);
        let mut w = vocab[idx].clone();
        if sentence_start {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                w = f.to_uppercase().collect::<String>() + c.as_str();
            }
        }
        sentence_start = rng.chance(80);
        if sentence_start {
            w.push('.');
        } else if rng.chance(60) {
            w.push(',');
        }
        let dur = 180 + rng.below(420) as u64 * w.len().min(8) as u64 / 8;
        out.push(TimedWord {
            confidence: Some(0.9),
            ..TimedWord::new(w, t, t + dur)
        });
        t += dur
            + if sentence_start {
                300 + rng.below(900) as u64
            } else {
                rng.below(120) as u64
            };
    }
    out
}
