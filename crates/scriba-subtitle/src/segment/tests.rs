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
