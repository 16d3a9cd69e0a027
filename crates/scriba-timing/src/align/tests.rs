use scriba_core::{Block, Inline, Paragraph, Transcript, WordTimeSource};

use super::{AlignOptions, align, inspect};
use crate::source::TimedWord;

/// A transcript with one turn per paragraph text.
fn doc(paragraphs: &[&str]) -> Transcript {
    let mut doc = Transcript::default();
    for p in paragraphs {
        doc.body.push(Block::turn(None, vec![Paragraph::text(*p)]));
    }
    doc
}

/// Timed words from `text`, 300 ms per word plus a 100 ms pause, starting at `start`.
fn timed(text: &str, start: u64) -> Vec<TimedWord> {
    text.split_whitespace()
        .enumerate()
        .map(|(k, w)| {
            let s = start + k as u64 * 400;
            TimedWord::new(w, s, s + 300)
        })
        .collect()
}

/// `(word, start, end, source initial)` of every body word.
fn times(doc: &Transcript) -> Vec<(String, u64, u64, char)> {
    let mut out = Vec::new();
    for (_, p) in doc.body_paragraphs() {
        assert_eq!(p.words.len(), p.word_list().len(), "one time per word");
        for (w, t) in p.word_list().into_iter().zip(&p.words) {
            let src = match t.source {
                WordTimeSource::Matched => 'M',
                WordTimeSource::Interpolated => 'I',
                WordTimeSource::Estimated => 'E',
            };
            out.push((w, t.start_ms, t.end_ms, src));
        }
    }
    out
}

fn t(w: &str, s: u64, e: u64, src: char) -> (String, u64, u64, char) {
    (w.to_owned(), s, e, src)
}

#[test]
fn exact_words_match() {
    let mut d = doc(&["Hello, world.", "How are you?"]);
    let report = align(
        &mut d,
        &timed("hello world how are you", 0),
        &AlignOptions::default(),
    )
    .expect("aligned")
    .output;
    assert_eq!((report.matched, report.words), (5, 5));
    assert_eq!(
        times(&d),
        [
            t("Hello,", 0, 300, 'M'),
            t("world.", 400, 700, 'M'),
            t("How", 800, 1100, 'M'),
            t("are", 1200, 1500, 'M'),
            t("you?", 1600, 1900, 'M'),
        ]
    );
    let (_, p) = d.body_paragraphs().nth(1).expect("two paragraphs");
    assert_eq!((p.start_ms, p.end_ms), (Some(800), Some(1900)));
}

#[test]
fn substitution_takes_the_slot_and_insertion_is_interpolated() {
    // `colour` replaces `color`; `very` is inserted; `um` is dropped.
    let mut d = doc(&["The colour is um very nice today"]);
    let mut d2 = doc(&["The colour is very nice today"]);
    let words = timed("the color is um nice today", 0);
    align(&mut d2, &words, &AlignOptions::default()).expect("aligned");
    assert_eq!(
        times(&d2),
        [
            t("The", 0, 300, 'M'),
            t("colour", 400, 700, 'I'),
            t("is", 800, 1100, 'M'),
            t("very", 1200, 1500, 'I'),
            t("nice", 1600, 1900, 'M'),
            t("today", 2000, 2300, 'M'),
        ]
    );
    align(&mut d, &words, &AlignOptions::default()).expect("aligned");
    assert_eq!(times(&d)[3], t("um", 1200, 1500, 'M'));
}

#[test]
fn punctuation_only_words_and_events_get_times() {
    let mut d = doc(&["Well — fine."]);
    align(&mut d, &timed("well fine", 0), &AlignOptions::default()).expect("aligned");
    assert_eq!(
        times(&d),
        [
            t("Well", 0, 300, 'M'),
            t("—", 300, 300, 'I'),
            t("fine.", 400, 700, 'M')
        ]
    );
}

#[test]
fn inline_markup_counts_words_like_word_list() {
    let mut d = Transcript::default();
    d.body.push(Block::turn(
        None,
        vec![Paragraph::new(vec![
            Inline::text("She said "),
            Inline::Quote {
                content: vec![Inline::text("all-female team")],
            },
            Inline::text(" "),
            Inline::Event {
                kind: scriba_core::EventKind::Laughter,
                description: "laughs".into(),
            },
        ])],
    ));
    align(
        &mut d,
        &timed("she said all female team", 0),
        &AlignOptions::default(),
    )
    .expect("aligned");
    let got = times(&d);
    assert_eq!(got.len(), 5);
    assert_eq!(got[2], t("“all-female", 800, 1500, 'M'));
    assert_eq!(got[4].3, 'E', "after the timing ends");
}

#[test]
fn compounds_and_numbers() {
    let mut d = doc(&["the space walk lasted eighteen minutes"]);
    let words = timed("the spacewalk lasted 18 minutes", 0);
    let report = align(&mut d, &words, &AlignOptions::default())
        .expect("aligned")
        .output;
    assert_eq!(report.matched, 6);
    let got = times(&d);
    assert_eq!(got[1], t("space", 400, 566, 'M'));
    assert_eq!(got[2], t("walk", 566, 700, 'M'));
    assert_eq!(got[4], t("eighteen", 1200, 1500, 'M'));
}

#[test]
fn partial_coverage_is_estimated_and_reported() {
    let first: Vec<String> = (0..40).map(|k| format!("alpha{k}")).collect();
    let second: Vec<String> = (0..40).map(|k| format!("beta{k}")).collect();
    let mut d = doc(&[&first.join(" "), &second.join(" ")]);
    let words = timed(&first.join(" "), 1000);
    let read = align(&mut d, &words, &AlignOptions::default()).expect("aligned");
    let report = read.output;
    assert_eq!((report.matched, report.estimated), (40, 40));
    assert!(
        read.warnings
            .iter()
            .any(|w| w.code == "timing.partial-coverage")
    );
    assert!(
        read.warnings
            .iter()
            .any(|w| w.code == "timing.low-match-rate")
    );
    let longest = report.longest_unmatched.clone().expect("a stretch");
    assert_eq!(
        (
            longest.first_word,
            longest.words,
            longest.paragraph,
            longest.estimated
        ),
        (40, 40, 1, true)
    );
    assert_eq!(report.unmatched.len(), 1);
    let got = times(&d);
    assert!(
        got[40..]
            .iter()
            .all(|w| w.3 == 'E' && w.1 >= 1000 + 39 * 400 + 300)
    );
    assert!(
        report.summary().contains("40 of 80 words matched (50.0 %)"),
        "{}",
        report.summary()
    );
}

#[test]
fn leading_words_before_the_timing_start_are_estimated_backwards() {
    let mut d = doc(&["intro words here then the real talk begins now"]);
    let words = timed("then the real talk begins now", 5000);
    align(&mut d, &words, &AlignOptions::default()).expect("aligned");
    let got = times(&d);
    assert_eq!(got[3], t("then", 5000, 5300, 'M'));
    assert!(
        got[..3].iter().all(|w| w.3 == 'E' && w.2 <= 5000),
        "{got:?}"
    );
    assert!(got[0].1 < got[1].1 && got[1].1 < got[2].1);
}

#[test]
fn wrong_file_is_an_error_and_leaves_the_transcript_alone() {
    let text = "the quick brown fox jumps over the lazy dog while the cat sleeps";
    let mut d = doc(&[text]);
    let before = d.clone();
    let words = timed(
        "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor",
        0,
    );
    let err = align(&mut d, &words, &AlignOptions::default()).expect_err("wrong file");
    assert_eq!(err[0].code, "timing.wrong-file");
    assert_eq!(d, before);
    assert!(inspect(&d, &words, &AlignOptions::default()).is_err());
}

#[test]
fn empty_timing_is_an_error() {
    let mut d = doc(&["hello"]);
    let err = align(&mut d, &[], &AlignOptions::default()).expect_err("empty");
    assert_eq!(err[0].code, "timing.empty");
}

#[test]
fn empty_transcript_is_a_warning() {
    let mut d = doc(&[]);
    let read = align(&mut d, &timed("a b", 0), &AlignOptions::default()).expect("nothing to do");
    assert_eq!(read.output.words, 0);
    assert_eq!(read.warnings[0].code, "timing.no-words");
}

#[test]
fn cjk_text_without_spaces() {
    let mut d = doc(&["入室タブでの", "最図免証記"]);
    let chars: Vec<String> = "入室タブでの最図免証記".chars().map(String::from).collect();
    let words = timed(&chars.join(" "), 0);
    let report = align(&mut d, &words, &AlignOptions::default())
        .expect("aligned")
        .output;
    assert_eq!(report.matched, 2);
    assert_eq!(
        times(&d),
        [
            t("入室タブでの", 0, 2300, 'M'),
            t("最図免証記", 2400, 4300, 'M')
        ]
    );
}

#[test]
fn speakers_from_timing() {
    let mut d = doc(&["yes I agree", "so do I", "good then"]);
    let mut words = timed("yes I agree so do I good then", 0);
    for (k, w) in words.iter_mut().enumerate() {
        w.speaker = Some(if (3..6).contains(&k) { "B" } else { "A" }.to_owned());
    }
    let opts = AlignOptions {
        speakers_from_timing: true,
        ..AlignOptions::default()
    };
    let report = align(&mut d, &words, &opts).expect("aligned").output;
    assert!(report.speakers_from_timing);
    let labels: Vec<Option<&str>> = d.body_paragraphs().map(|(s, _)| s).collect();
    assert_eq!(
        labels,
        [Some("speaker-a"), Some("speaker-b"), Some("speaker-a")]
    );
    assert_eq!(d.speakers.len(), 2);
    assert_eq!(d.body.len(), 3);
    // Times survive the regrouping.
    assert_eq!(times(&d)[3], t("so", 1200, 1500, 'M'));

    // A labelled transcript keeps its speakers.
    let mut labelled = Transcript::default();
    labelled.body.push(Block::turn(
        Some("x"),
        vec![Paragraph::text("yes I agree so do I good then")],
    ));
    let read = align(&mut labelled, &words, &opts).expect("aligned");
    assert!(!read.output.speakers_from_timing);
    assert!(
        read.warnings
            .iter()
            .any(|w| w.code == "timing.speakers-kept")
    );
}
