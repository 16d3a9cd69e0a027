//! EPUB export speed: a small interview and a 150,000-word transcript.

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use scriba_core::{Block, Inline, Paragraph, Speaker, Transcript};
use scriba_epub::{EpubOptions, export};

/// A transcript of `words` words: two speakers taking turns of about 120 words in paragraphs
/// of 40, with a heading every 5,000 words and quotations and titles sprinkled in.
fn model(words: usize) -> Transcript {
    const VOCAB: [&str; 12] = [
        "Wirtschaft",
        "und",
        "die",
        "Frage",
        "ist",
        "nicht",
        "einfach",
        "sondern",
        "Europa",
        "heute",
        "wir",
        "sprechen",
    ];
    let mut doc = Transcript::default();
    doc.meta.title = Some("Ein sehr langes Gespräch".into());
    doc.meta.language = Some("de".into());
    doc.meta.date = Some("2025-01-31".into());
    doc.speakers.push(Speaker::new("a", "Anna Weber"));
    doc.speakers.push(Speaker::new("b", "Bernd Roth"));
    let mut n = 0;
    let mut turn = 0;
    while n < words {
        if n % 5_000 < 120 {
            doc.body.push(Block::Heading {
                level: 1,
                content: vec![Inline::text(format!("Teil {}", n / 5_000 + 1))],
                span: None,
            });
        }
        let mut paragraphs = Vec::new();
        for _ in 0..3 {
            let text: Vec<&str> = (0..40).map(|i| VOCAB[(n + i) % VOCAB.len()]).collect();
            paragraphs.push(Paragraph::new(vec![
                Inline::text(text[..30].join(" ") + " "),
                Inline::Quote {
                    content: vec![Inline::text(text[30..35].join(" "))],
                },
                Inline::text(" "),
                Inline::Title {
                    content: vec![Inline::text(text[35..].join(" "))],
                },
            ]));
            n += 40;
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
    let small = model(1_400);
    let large = model(150_000);
    let opts = EpubOptions::default().with_timestamp(Some(1_738_281_600));
    c.bench_function("epub_small_1400_words", |b| {
        b.iter(|| export(&small, &opts).expect("export"));
    });
    let mut group = c.benchmark_group("epub_large");
    group.sample_size(10);
    group.bench_function("epub_150k_words", |b| {
        b.iter(|| export(&large, &opts).expect("export"));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
