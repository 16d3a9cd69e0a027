//! TEI export speed: the shared seed (a hand-built model of the same size when `../shared`
//! is absent) and a 150,000-word transcript. Peer figure: `pandoc -s -t tei` takes 0.088 s and 4.2 s
//! on the same texts (issue 3).

use criterion::{Criterion, criterion_main};
use scriba_core::{Block, Inline, Paragraph, Speaker, Transcript};
use scriba_tei::{TeiOptions, export};

/// A seed-sized transcript (about 1,300 words in 9 paragraphs, one speaker).
fn seed_sized() -> Transcript {
    let sentence = "Der Kern von DeepSeeks Ankunft in der KI-Szene ist ein plötzlicher Übergang von proprietärer zu Open-Source-Technologie, sagte er.";
    let mut doc = Transcript::default();
    doc.meta.title = Some("Varoufakis über Chinas KI DeepSeek".into());
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("yv", "Yanis Varoufakis"));
    let paragraphs = (0..9)
        .map(|i| {
            let mut content = vec![Inline::text(sentence.repeat(7))];
            if i % 3 == 0 {
                content.push(Inline::Quote {
                    content: vec![Inline::text("Ihre Daten")],
                });
            }
            if i == 4 {
                content.push(Inline::PageBreak);
            }
            Paragraph::new(content)
        })
        .collect();
    doc.body.push(Block::turn(Some("yv"), paragraphs));
    doc.end_marker = Some("ENDE".into());
    doc
}

/// A transcript of `words` words: an interview of two speakers taking turns with
/// paragraphs of about 120 words, with quotations, titles and laughter here and there.
fn big(words: usize) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.title = Some("A long interview".into());
    doc.meta.language = Some("en".into());
    doc.speakers.push(Speaker::new("a", "Ann Host"));
    doc.speakers.push(Speaker::new("b", "Bob Guest"));
    let sentence = "So the question is whether we can trust what we read in the papers today. ";
    let per_sentence = sentence.split_whitespace().count();
    let mut written = 0;
    let mut turn = 0;
    while written < words {
        let mut paragraphs = Vec::new();
        for p in 0..3 {
            let mut content = vec![Inline::text(sentence.repeat(8))];
            written += 8 * per_sentence;
            if (turn + p) % 4 == 0 {
                content.push(Inline::Quote {
                    content: vec![Inline::text("never again")],
                });
                content.push(Inline::text(" as the "));
                content.push(Inline::Title {
                    content: vec![Inline::text("Times")],
                });
                content.push(Inline::text(" wrote. "));
                content.push(Inline::Event {
                    kind: scriba_core::EventKind::Laughter,
                    description: "laughs".into(),
                });
                written += 7;
            }
            paragraphs.push(Paragraph::new(content));
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
    let opts = TeiOptions::default();
    let seed_path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_5e7103ed1d3ef773.txt"
    );
    let (seed, name) = match std::fs::read_to_string(seed_path)
        .ok()
        .and_then(|t| scriba_read::read_str(&t, &scriba_read::ReadOptions::default()).ok())
    {
        Some(read) => (read.output, "tei seed"),
        None => (seed_sized(), "tei seed-sized model (no ../shared)"),
    };
    c.bench_function(name, |b| {
        b.iter(|| export(std::hint::black_box(&seed), &opts))
    });
    let big = big(150_000);
    assert!(big.body_words().len() >= 150_000);
    c.bench_function("tei 150k words", |b| {
        b.iter(|| export(std::hint::black_box(&big), &opts))
    });
    let mut iso = TeiOptions::default();
    iso.profile = scriba_tei::TeiProfile::IsoSpoken;
    c.bench_function("tei iso-spoken 150k words", |b| {
        b.iter(|| export(std::hint::black_box(&big), &iso))
    });
    let xml = String::from_utf8(export(&big, &opts).expect("valid").output).expect("UTF-8");
    c.bench_function("tei read 150k words", |b| {
        b.iter(|| scriba_tei::read(std::hint::black_box(&xml)))
    });
}

mod group {
    #![allow(
        missing_docs,
        reason = "criterion_group! generates an undocumented function"
    )]
    criterion::criterion_group!(benches, super::bench);
}
use group::benches;
criterion_main!(benches);
