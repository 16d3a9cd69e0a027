use scriba_core::{Block, Paragraph, Speaker, Transcript};

use super::*;

fn doc(lang: &str, turns: &[(&str, &str)]) -> Transcript {
    let mut d = Transcript::default();
    d.meta.language = Some(lang.into());
    for (id, text) in turns {
        if d.speaker(id).is_none() {
            d.speakers.push(Speaker::new(*id, *id));
        }
        d.body
            .push(Block::turn(Some(id), vec![Paragraph::text(*text)]));
    }
    d
}

#[test]
fn empty_body_is_an_error() {
    let err = segment(&Transcript::default(), &SubtitleOptions::default()).expect_err("empty");
    assert_eq!(err[0].code, "subtitle.empty");
}

#[test]
fn short_turns_become_a_dialogue_cue() {
    let d = doc("de", &[("Anna", "Kommst du?"), ("Ben", "Ja, gleich.")]);
    let seg = segment(&d, &SubtitleOptions::default())
        .expect("segments")
        .output;
    assert_eq!(seg.cues.len(), 1);
    assert_eq!(seg.cues[0].text(), "- Kommst du?\n- Ja, gleich.");
    assert_eq!(seg.cues[0].lines[1].speaker.as_deref(), Some("Ben"));
}

#[test]
fn cjk_is_broken_by_characters() {
    let text = "我们今天讨论比特币的扩容问题。闪电网络是一个非常重要的第二层解决方案，它可以让交易更快更便宜。";
    let d = doc("zh", &[("A", text)]);
    let seg = segment(&d, &SubtitleOptions::default())
        .expect("segments")
        .output;
    for cue in &seg.cues {
        for line in &cue.lines {
            assert!(line.text.chars().count() <= 16, "{line:?}");
            assert!(!line.text.starts_with(['。', '，']), "{line:?}");
        }
    }
    let joined: String = seg
        .cues
        .iter()
        .flat_map(|c| c.lines.iter().map(|l| l.text.clone()))
        .collect();
    assert_eq!(joined, text);
}

#[test]
fn word_times_give_cue_times() {
    let mut d = doc("en", &[("A", "One two three. Four five six.")]);
    if let Block::Turn { paragraphs, .. } = &mut d.body[0] {
        paragraphs[0].words = (0..6)
            .map(|i| scriba_core::WordTime {
                start_ms: 10_000 + i * 400,
                end_ms: 10_000 + i * 400 + 300,
                source: scriba_core::WordTimeSource::Matched,
            })
            .collect();
    }
    let seg = segment(&d, &SubtitleOptions::default())
        .expect("segments")
        .output;
    assert!(!seg.estimated);
    assert_eq!(seg.cues[0].start_ms, 10_000);
    assert!(seg.cues.last().expect("cue").end_ms >= 12_300);
}

fn timed_doc(words: &[(&str, u64, u64)]) -> Transcript {
    let text: Vec<&str> = words.iter().map(|w| w.0).collect();
    let mut p = Paragraph::text(text.join(" "));
    p.words = words
        .iter()
        .map(|&(_, s, e)| scriba_core::WordTime {
            start_ms: s,
            end_ms: e,
            source: scriba_core::WordTimeSource::Matched,
        })
        .collect();
    let mut d = Transcript::default();
    d.meta.language = Some("de".into());
    d.body.push(Block::turn(None, vec![p]));
    d
}

#[test]
fn short_cue_is_lengthened_to_the_minimum_duration() {
    let d = timed_doc(&[("Ja.", 1000, 1200)]);
    let seg = segment(&d, &SubtitleOptions::with_preset("netflix-de"))
        .expect("segments")
        .output;
    assert_eq!((seg.cues[0].start_ms, seg.cues[0].end_ms), (1000, 1840));
}

#[test]
fn small_gaps_close_to_the_minimum_gap_and_cues_never_overlap() {
    // Two sentences that cannot share a cue (together over 7 s), the second starting 200 ms
    // after the first ends, and word times that overlap.
    let d = timed_doc(&[
        ("Erstens.", 0, 6000),
        ("Zweitens", 6200, 6600),
        ("kommt", 6500, 7000),
        ("danach.", 6900, 14000),
    ]);
    let seg = segment(&d, &SubtitleOptions::with_preset("netflix-de"))
        .expect("segments")
        .output;
    let gap = seg.preset.min_gap_ms();
    for pair in seg.cues.windows(2) {
        assert!(pair[1].start_ms >= pair[0].end_ms + gap, "{pair:?}");
    }
    assert_eq!(
        seg.cues[0].end_ms,
        seg.cues[1].start_ms - gap,
        "{:?}",
        seg.cues
    );
}

#[test]
fn paragraph_times_are_spread_over_words_and_gaps_are_estimated() {
    let mut d = Transcript::default();
    d.meta.language = Some("en".into());
    let mut timed = Paragraph::text("This paragraph has a start and an end.");
    timed.start_ms = Some(60_000);
    timed.end_ms = Some(63_000);
    d.body.push(Block::turn(
        None,
        vec![timed, Paragraph::text("This one has no times at all.")],
    ));
    let out = segment(&d, &SubtitleOptions::default()).expect("segments");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.code == "subtitle.partly-estimated")
    );
    let cues = &out.output.cues;
    assert_eq!(cues[0].start_ms, 60_000);
    assert!(cues[1].start_ms >= 63_000, "{cues:?}");
}

#[test]
fn options_override_the_preset_and_are_checked() {
    let d = doc(
        "de",
        &[(
            "A",
            "Ein Satz, der ziemlich lang ist und deshalb umbrochen werden muss.",
        )],
    );
    let mut opts = SubtitleOptions::with_preset("bbc");
    opts.max_chars_per_line = Some(20);
    opts.max_lines = Some(3);
    let seg = segment(&d, &opts).expect("segments").output;
    assert_eq!(seg.preset.max_chars_per_line, 20);
    assert!(
        seg.cues
            .iter()
            .all(|c| c.lines.len() <= 3 && c.lines.iter().all(|l| l.text.chars().count() <= 20))
    );
    assert!(
        seg.cues.iter().any(|c| c.lines.len() == 3),
        "{:?}",
        seg.cues
    );
    opts.max_chars_per_line = Some(2);
    assert_eq!(
        segment(&d, &opts).expect_err("too short")[0].code,
        "subtitle.options"
    );
}

#[test]
fn labels_start_each_turn_in_srt_and_sbv() {
    let d = doc(
        "de",
        &[
            ("Anna", "Guten Tag, wie geht es Ihnen heute?"),
            ("Ben", "Danke, sehr gut, und selbst?"),
        ],
    );
    let opts = SubtitleOptions {
        dialogue: Some(false),
        ..SubtitleOptions::default()
    };
    let seg = segment_with(&d, &opts, true).expect("segments").output;
    assert!(seg.cues[0].lines[0].text.starts_with("Anna: Guten"));
    assert!(seg.cues[1].lines[0].text.starts_with("Ben: Danke"));
}
