//! Benchmarks: aligning a 30,000-word edited transcript (a three-hour talk) to 30,000 timed
//! words, and reading the same words as Whisper JSON.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use scriba_timing::{AlignOptions, align, inspect, read_timing};

#[path = "../tests/common/mod.rs"]
mod common;

fn bench(c: &mut Criterion) {
    let words = common::synthetic_words(30_000, 7);
    let edited = common::edit(&words, 0xED17);
    let opts = AlignOptions::default();

    c.bench_function("align 30k words to 30k timed words", |b| {
        b.iter_batched(
            || edited.doc.clone(),
            |mut doc| align(&mut doc, &words, &opts).map(|r| r.output.matched),
            BatchSize::LargeInput,
        );
    });
    c.bench_function("inspect 30k words against 30k timed words", |b| {
        b.iter(|| inspect(&edited.doc, &words, &opts).map(|r| r.output.matched));
    });

    let json = {
        let ws: Vec<String> = words
            .iter()
            .map(|w| {
                format!(
                    r#"{{"word": " {}", "start": {:.2}, "end": {:.2}, "probability": 0.9}}"#,
                    w.text.replace('"', ""),
                    w.start_ms as f64 / 1000.0,
                    w.end_ms as f64 / 1000.0
                )
            })
            .collect();
        format!(
            r#"{{"segments": [{{"start": 0, "end": 1, "text": "", "words": [{}]}}]}}"#,
            ws.join(",")
        )
    };
    c.bench_function("read 30k-word Whisper JSON", |b| {
        b.iter(|| read_timing(&json, None).map(|r| r.output.words.len()));
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
