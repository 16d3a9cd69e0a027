//! The acceptance test of the timing issue on synthetic data: a recognizer output is edited
//! like a transcript (casing, punctuation, ~5 % substituted, ~2 % dropped, ~2 % inserted),
//! aligned back, and the word starts are compared with the recognizer's.
//! `tests/conformance.rs` runs the same on the shared ASR samples.

mod common;

use common::{edit, measure, synthetic_words};
use scriba_timing::{AlignOptions, align};

fn check(n: usize, seed: u64) {
    let words = synthetic_words(n, seed);
    let mut edited = edit(&words, seed ^ 0xED17);
    let report = align(&mut edited.doc, &words, &AlignOptions::default())
        .expect("aligned")
        .output;
    let stats = measure(&edited.doc, &edited.origin, &words);
    println!(
        "synthetic n={n} seed={seed}: match rate {:.3}, {stats:?}, substituted {}, dropped {}, inserted {}",
        report.match_rate, edited.substituted, edited.dropped, edited.inserted
    );
    assert!(stats.median_ms <= 80, "median {} ms", stats.median_ms);
    assert!(stats.matched_within_250 >= 0.95, "{stats:?}");
    assert!(
        report.match_rate >= 0.85,
        "match rate {}",
        report.match_rate
    );
    assert_eq!(report.estimated, 0, "the timing covers the whole text");
}

#[test]
fn short_talk() {
    check(300, 1);
}

#[test]
fn medium_talks() {
    for seed in 2..6 {
        check(3000, seed);
    }
}

#[test]
fn three_hour_talk() {
    check(30_000, 7);
}

#[test]
fn tiny_inputs() {
    for n in 1..12 {
        check(n, 100 + n as u64);
    }
}

/// Two unrelated three-hour texts over the same vocabulary: refused, not misaligned, and
/// without quadratic work (no unique anchors line up, so the banded DP does the work).
#[test]
fn unrelated_long_texts_are_refused() {
    let words = synthetic_words(30_000, 11);
    let other = synthetic_words(30_000, 12);
    let mut edited = edit(&other, 13);
    let before = edited.doc.clone();
    let err = align(&mut edited.doc, &words, &AlignOptions::default()).expect_err("wrong file");
    println!("{}", err[0]);
    assert_eq!(err[0].code, "timing.wrong-file");
    assert_eq!(edited.doc, before);
}

/// A timing file for the first half only: the second half is estimated and marked.
#[test]
fn half_coverage_is_estimated() {
    let words = synthetic_words(4000, 21);
    let mut edited = edit(&words, 22);
    let read = align(&mut edited.doc, &words[..2000], &AlignOptions::default()).expect("aligned");
    let report = read.output;
    println!("{}", report.summary().lines().next().unwrap_or(""));
    assert!(
        report.estimated > 1900 && report.estimated < 2100,
        "{}",
        report.summary()
    );
    assert!(
        read.warnings
            .iter()
            .any(|w| w.code == "timing.partial-coverage")
    );
    let stats = measure(&edited.doc, &edited.origin[..], &words);
    // The covered half is as good as ever; the estimated half drifts, as it must.
    assert!(stats.matched_within_250 >= 0.95, "{stats:?}");
}
