//! Property tests: whatever the input, aligned times are complete, monotonic and
//! non-overlapping, and repaired timing tracks are too.

use proptest::prelude::*;
use scriba_core::{Block, Paragraph, Transcript};
use scriba_timing::{AlignOptions, TimedWord, TimingTrack, align, repair_times, words_from_cues};

const WORDS: &[&str] = &[
    "the",
    "a",
    "and",
    "Hello,",
    "world.",
    "it's",
    "all-female",
    "eighteen",
    "18",
    "—",
    "...",
    "Straße",
    "入室",
    "タブ",
    "[laughs]",
    "twenty",
    "one",
    "space",
    "walk",
    "spacewalk",
    "x",
    "y",
    "über",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => "[a-zäöü]{1,8}",
    ]
}

fn transcript() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(word(), 0..12), 0..6)
}

fn timed() -> impl Strategy<Value = Vec<TimedWord>> {
    proptest::collection::vec((word(), 0u64..20_000, 0u64..2_000), 0..60).prop_map(|ws| {
        ws.into_iter()
            .map(|(w, s, d)| TimedWord::new(w, s, s + d))
            .collect()
    })
}

fn doc_of(paragraphs: &[Vec<String>]) -> Transcript {
    let mut doc = Transcript::default();
    for p in paragraphs {
        doc.body
            .push(Block::turn(None, vec![Paragraph::text(p.join(" "))]));
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn aligned_times_are_complete_monotonic_and_deterministic(paragraphs in transcript(), raw in timed()) {
        let track = TimingTrack::from_words(raw).output;
        let opts = AlignOptions::default();
        let mut doc = doc_of(&paragraphs);
        let mut again = doc.clone();
        let first = align(&mut doc, &track.words, &opts);
        let second = align(&mut again, &track.words, &opts);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(&doc, &again);
        if first.is_err() {
            prop_assert_eq!(doc, doc_of(&paragraphs), "an error leaves the transcript alone");
            return Ok(());
        }
        let mut prev: Option<(u64, u64)> = None;
        for (_, p) in doc.body_paragraphs() {
            prop_assert_eq!(p.words.len(), p.word_list().len());
            prop_assert_eq!(p.start_ms, p.words.first().map(|w| w.start_ms));
            prop_assert_eq!(p.end_ms, p.words.last().map(|w| w.end_ms));
            for w in &p.words {
                prop_assert!(w.start_ms <= w.end_ms);
                if let Some((ps, pe)) = prev {
                    prop_assert!(ps <= w.start_ms, "starts are monotonic");
                    prop_assert!(pe <= w.start_ms, "words do not overlap");
                }
                prev = Some((w.start_ms, w.end_ms));
            }
        }
    }

    #[test]
    fn identical_text_matches_every_word(paragraphs in transcript()) {
        let words: Vec<TimedWord> = paragraphs
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, w)| TimedWord::new(w.clone(), k as u64 * 500, k as u64 * 500 + 400))
            .collect();
        let mut doc = doc_of(&paragraphs);
        prop_assume!(!words.is_empty());
        let report = align(&mut doc, &words, &AlignOptions::default()).expect("aligned").output;
        // Words that normalize to nothing (dashes) are interpolated; all others match.
        let tokenless = paragraphs.iter().flatten().filter(|w| !w.chars().any(char::is_alphanumeric)).count();
        prop_assert_eq!(report.matched + tokenless, report.words);
        let times: Vec<u64> = doc.body_paragraphs().flat_map(|(_, p)| p.words.iter().map(|w| w.start_ms)).collect();
        for (k, (w, t)) in paragraphs.iter().flatten().zip(&times).enumerate() {
            if w.chars().any(char::is_alphanumeric) {
                prop_assert_eq!(*t, k as u64 * 500);
            }
        }
    }

    #[test]
    fn repaired_tracks_are_monotonic(raw in timed()) {
        let mut words = raw;
        repair_times(&mut words);
        for w in words.windows(2) {
            prop_assert!(w[0].start_ms <= w[0].end_ms);
            prop_assert!(w[0].start_ms <= w[1].start_ms);
            prop_assert!(w[0].end_ms <= w[1].start_ms);
        }
    }

    #[test]
    fn cue_words_stay_inside_their_cue(cues in proptest::collection::vec((0u64..100_000, 0u64..5_000, "[a-z <>{}]{0,30}"), 0..10)) {
        let cues: Vec<(u64, u64, String)> = cues.into_iter().map(|(s, d, t)| (s, s + d, t)).collect();
        let words = words_from_cues(&cues);
        let total: usize = cues.iter().map(|c| c.2.split_whitespace().count()).sum();
        prop_assert!(words.len() <= total + cues.len() * 2);
        for w in &words {
            prop_assert!(cues.iter().any(|(s, e, _)| *s <= w.start_ms && w.end_ms <= *e));
            // Voice and closing tags are removed (a lone `<` or `>` is text, and removing a tag
            // may leave `<` and `>` side by side, as in `<<>>`).
            prop_assert!(!w.text.contains("<v ") && !w.text.contains("</"));
        }
    }
}
