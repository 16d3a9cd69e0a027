//! Benchmarks: the seed transcript and a 150,000-word transcript to PDF.
#![allow(
    missing_docs,
    reason = "the criterion macros generate undocumented functions"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use scriba_core::{Block, Paragraph, Speaker, Transcript};
use scriba_pdf::{PdfOptions, export};

/// The seed transcript when `../shared` is present (read with scriba-read), else a synthetic
/// interview of similar size.
fn seed() -> Transcript {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_5e7103ed1d3ef773.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => {
            scriba_read::read_str(&text, &scriba_read::ReadOptions::default())
                .expect("the seed reads")
                .output
        }
        Err(_) => synthetic(1_300),
    }
}

/// A German interview of about `words` words in paragraphs of 120 words, two speakers.
fn synthetic(words: usize) -> Transcript {
    const TEXT: &str = "Der Unterschied besteht darin, dass die Modelle mit riesigen Mengen an privatisierten Daten trainiert wurden, und das zu einem Bruchteil der Kosten. Wenn ich „privatisiert“ sage, sollten Sie das mit „gestohlene Daten“ übersetzen. Zunächst einmal ist es wichtig zu wissen, dass künstliche Intelligenz an sich nie eine proprietäre Technologie war.";
    let vocab: Vec<&str> = TEXT.split_whitespace().collect();
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein langes Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.speakers = vec![
        Speaker::new("a", "Anna Weber"),
        Speaker::new("b", "Bernd Roth"),
    ];
    let mut n = 0;
    let mut turn = 0;
    while n < words {
        let mut paragraphs = Vec::new();
        for _ in 0..3 {
            let p: Vec<&str> = (0..120)
                .map(|i| vocab[(n + i * 7 + turn) % vocab.len()])
                .collect();
            n += p.len();
            paragraphs.push(Paragraph::text(p.join(" ")));
        }
        doc.body.push(Block::turn(
            Some(if turn % 2 == 0 { "a" } else { "b" }),
            paragraphs,
        ));
        turn += 1;
    }
    doc
}

fn bench(c: &mut Criterion) {
    let seed = seed();
    let big = synthetic(150_000);
    let opts = PdfOptions::default();
    let mut group = c.benchmark_group("pdf");
    group.sample_size(10);
    group.bench_function("seed", |b| {
        b.iter(|| export(&seed, &opts).expect("exports"))
    });
    group.bench_function("150k_words", |b| {
        b.iter(|| export(&big, &opts).expect("exports"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
