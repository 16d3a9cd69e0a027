//! Benchmarks: the seed (`../shared/seed`, read with `scriba-read`) and a 150,000-word
//! transcript into all five formats.

use criterion::{Criterion, criterion_group, criterion_main};
use scriba_core::{Block, Paragraph, Speaker, Transcript};
use scriba_subtitle::{SubtitleOptions, ass, sbv, srt, ttml, vtt};

const SENTENCES: [&str; 6] = [
    "Sie alle haben von DeepSeek gehört, dem chinesischen Unternehmen für künstliche Intelligenz, das diese Woche die globale Landschaft verändert hat.",
    "Wie werden Einnahmen erzielt?",
    "Lediglich durch den Verkauf von Dienstleistungen an Entwickler, und das zu einem Bruchteil der Preise.",
    "Der zugrunde liegende Code aller Unternehmen war immer Open Source.",
    "Genau das ist passiert.",
    "Was die amerikanische Industrie zu einer quasi-privaten Ware machte, war die Art und Weise, wie diese Modelle mit riesigen Mengen an Daten trainiert wurden.",
];

/// A German interview of about `words` words in turns of two speakers, three paragraphs of five
/// sentences each per turn.
fn transcript(words: usize) -> Transcript {
    let mut doc = Transcript::default();
    doc.meta.language = Some("de".into());
    doc.speakers.push(Speaker::new("yv", "Yanis Varoufakis"));
    doc.speakers.push(Speaker::new("int", "Interviewer"));
    let mut count = 0;
    let mut turn = 0;
    while count < words {
        let mut paragraphs = Vec::new();
        for _ in 0..3 {
            let mut text = String::new();
            for k in 0..5 {
                let s = SENTENCES[(turn + k) % SENTENCES.len()];
                count += s.split_whitespace().count();
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(s);
            }
            paragraphs.push(Paragraph::text(text));
        }
        let speaker = if turn % 2 == 0 { "yv" } else { "int" };
        doc.body.push(Block::turn(Some(speaker), paragraphs));
        turn += 1;
    }
    doc
}

/// The German seed read by `scriba-read`, when `../shared` is there.
fn seed() -> Option<Transcript> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_5e7103ed1d3ef773.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("note: {path} not found; benchmarking the synthetic transcripts only");
        return None;
    };
    scriba_read::read_str(&text, &scriba_read::ReadOptions::default())
        .ok()
        .map(|read| read.output)
}

fn bench(c: &mut Criterion) {
    let opts = SubtitleOptions::default();
    let mut docs = Vec::new();
    if let Some(doc) = seed() {
        docs.push(("seed", doc));
    }
    docs.push(("150k-words", transcript(150_000)));
    for (name, doc) in docs {
        let mut group = c.benchmark_group(name);
        if name == "150k-words" {
            group.sample_size(10);
        }
        type Writer = fn(&Transcript, &SubtitleOptions) -> scriba_subtitle::SubtitleResult;
        let formats: [(&str, Writer); 5] = [
            ("srt", srt),
            ("vtt", vtt),
            ("ttml", ttml),
            ("ass", ass),
            ("sbv", sbv),
        ];
        group.bench_function("all-five", |b| {
            b.iter(|| {
                for (_, f) in &formats {
                    let out = f(&doc, &opts).expect("exports");
                    std::hint::black_box(out.output.len());
                }
            });
        });
        for (fmt, f) in formats {
            group.bench_function(fmt, |b| {
                b.iter(|| f(&doc, &opts).expect("exports").output.len())
            });
        }
        group.finish();
    }
}

#[allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]
mod group {
    use super::*;
    criterion_group!(benches, bench);
}
use group::benches;
criterion_main!(benches);
