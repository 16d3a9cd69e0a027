//! Property tests: for any transcript and preset, no cue is over the preset's limits (lines,
//! line length; with estimated times also duration and reading speed), cues are ordered and
//! never overlap, gaps are at least the preset's minimum, and the words are preserved.

use proptest::prelude::*;
use scriba_core::{Block, Paragraph, Speaker, Transcript, WordTime, WordTimeSource};
use scriba_subtitle::{PRESET_NAMES, Segmentation, SubtitleOptions, segment};

const VOCAB: &[&str] = &[
    "der",
    "die",
    "das",
    "ein",
    "und",
    "aber",
    "mit",
    "in",
    "Haus",
    "Börse",
    "Yanis",
    "Varoufakis",
    "sagte,",
    "gestern.",
    "Warum?",
    "Ja!",
    "the",
    "a",
    "because",
    "of",
    "John",
    "Smith",
    "house.",
    "well,",
    "–",
    "2025.",
    "25",
    "Prozent",
    "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
    "https://example.org/a/very/long/path/that/does/not/fit/anywhere",
    "[Lachen]",
    "&",
    "<b>",
    "Kommunikationswissenschaft",
    "ok",
    "x",
];

#[derive(Debug, Clone)]
struct Input {
    turns: Vec<(usize, Vec<usize>)>,
    preset: usize,
    lang: usize,
    timed: Option<Vec<(u64, u64)>>,
}

fn input() -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(
            (0usize..3, prop::collection::vec(0..VOCAB.len(), 1..60)),
            1..8,
        ),
        0..PRESET_NAMES.len(),
        0usize..3,
        any::<bool>(),
        prop::collection::vec((50u64..900, 0u64..2500), 500),
    )
        .prop_map(|(turns, preset, lang, timed, steps)| Input {
            turns,
            preset,
            lang,
            timed: timed.then_some(steps),
        })
}

fn build(input: &Input) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.language = Some(["de", "en", "fr"][input.lang].into());
    for (i, name) in ["Yanis Varoufakis", "John Smith", "Anna"]
        .iter()
        .enumerate()
    {
        doc.speakers.push(Speaker::new(format!("s{i}"), *name));
    }
    let mut clock = 0u64;
    let mut step = 0usize;
    for (speaker, words) in &input.turns {
        let text: Vec<&str> = words.iter().map(|&w| VOCAB[w]).collect();
        let mut p = Paragraph::text(text.join(" "));
        if let Some(steps) = &input.timed {
            p.words = words
                .iter()
                .map(|_| {
                    let (len, pause) = steps[step % steps.len()];
                    step += 1;
                    let start = clock
                        + if step.is_multiple_of(7) {
                            pause
                        } else {
                            pause / 20
                        };
                    clock = start + len;
                    WordTime {
                        start_ms: start,
                        end_ms: clock,
                        source: WordTimeSource::Matched,
                    }
                })
                .collect();
        }
        doc.body
            .push(Block::turn(Some(&format!("s{speaker}")), vec![p]));
    }
    doc
}

fn words_of(seg: &Segmentation) -> String {
    let mut out = String::new();
    for cue in &seg.cues {
        let dialogue = cue.lines.iter().any(|l| l.speaker != cue.lines[0].speaker);
        for line in &cue.lines {
            let t = if dialogue {
                line.text
                    .strip_prefix(seg.preset.dialogue_dash.as_str())
                    .unwrap_or(&line.text)
            } else {
                &line.text
            };
            out.extend(t.chars().filter(|c| !c.is_whitespace()));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn cues_keep_the_limits(input in input()) {
        let doc = build(&input);
        let opts = SubtitleOptions::with_preset(PRESET_NAMES[input.preset]);
        let seg = segment(&doc, &opts).expect("segments").output;
        let p = &seg.preset;
        let gap = p.min_gap_ms();
        prop_assert!(!seg.cues.is_empty());
        for (i, cue) in seg.cues.iter().enumerate() {
            prop_assert!(cue.start_ms < cue.end_ms, "cue {i} {cue:?}");
            prop_assert!(cue.lines.len() <= p.max_lines, "cue {i} {cue:?}");
            for line in &cue.lines {
                // Words longer than a line are cut to the line length, so no line is longer.
                prop_assert!(line.text.chars().count() <= p.max_chars_per_line, "cue {i} {line:?}");
            }
            prop_assert!(cue.duration_ms() <= p.max_duration_ms, "cue {i} {cue:?}");
            if seg.estimated {
                prop_assert!(cue.duration_ms() >= p.min_duration_ms, "cue {i} {cue:?}");
                prop_assert!(
                    cue.reading_chars() as f64 * 1000.0 <= p.max_cps * cue.duration_ms() as f64,
                    "cue {i} too fast: {cue:?}"
                );
            }
            if let Some(next) = seg.cues.get(i + 1) {
                prop_assert!(next.start_ms >= cue.end_ms + gap, "gap after cue {i}: {cue:?} {next:?}");
            }
        }
        prop_assert_eq!(seg.estimated, input.timed.is_none());
    }

    #[test]
    fn scaled_estimates_stay_ordered(input in input(), duration in 1_000u64..2_000_000) {
        let doc = build(&input);
        let mut opts = SubtitleOptions::with_preset(PRESET_NAMES[input.preset]);
        opts.duration_ms = Some(duration);
        let seg = segment(&doc, &opts).expect("segments").output;
        let gap = seg.preset.min_gap_ms();
        for (i, cue) in seg.cues.iter().enumerate() {
            prop_assert!(cue.start_ms < cue.end_ms, "cue {i} {cue:?}");
            prop_assert!(cue.duration_ms() <= seg.preset.max_duration_ms, "cue {i} {cue:?}");
            if let Some(next) = seg.cues.get(i + 1) {
                prop_assert!(next.start_ms >= cue.end_ms + gap, "gap after cue {i}: {cue:?} {next:?}");
            }
        }
    }

    #[test]
    fn words_are_preserved(input in input()) {
        let doc = build(&input);
        let opts = SubtitleOptions::with_preset(PRESET_NAMES[input.preset]);
        let seg = segment(&doc, &opts).expect("segments").output;
        let want: String = doc.body_words().concat();
        prop_assert_eq!(words_of(&seg), want);
    }

    #[test]
    fn srt_and_vtt_round_trip(input in input()) {
        let doc = build(&input);
        let seg = segment(&doc, &SubtitleOptions::default()).expect("segments").output;
        let back = scriba_subtitle::read_vtt(&scriba_subtitle::write_vtt(&seg.cues)).expect("reads");
        prop_assert_eq!(&back, &seg.cues);
        let back = scriba_subtitle::read_srt(&scriba_subtitle::write_srt(&seg.cues)).expect("reads");
        let texts: Vec<String> = seg.cues.iter().map(|c| c.text()).collect();
        let times: Vec<(u64, u64)> = seg.cues.iter().map(|c| (c.start_ms, c.end_ms)).collect();
        prop_assert_eq!(back.iter().map(|c| c.text()).collect::<Vec<_>>(), texts);
        prop_assert_eq!(back.iter().map(|c| (c.start_ms, c.end_ms)).collect::<Vec<_>>(), times);
    }
}
