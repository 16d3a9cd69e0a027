//! Reading speed: the seed transcript, and a 150,000-word transcript made of the seed's body
//! repeated (the input the peers are measured on). `cargo xtask bench` runs it.

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented public function"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scriba_read::{ReadOptions, decode_bytes, read_str};

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/000_5e7103ed1d3ef773.txt"
    );
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the benchmark reads the seed at {path}: {e}"))
}

/// The seed with its body (between the disclaimer and `ENDE`) repeated to at least 150,000 words.
fn large(seed: &str) -> String {
    let start = seed
        .find("Yanis Varoufakis:")
        .expect("the seed's first turn");
    let end = seed.find("\nENDE").expect("the seed's end marker");
    let body = &seed[start..end];
    let body_words = body.split_whitespace().count();
    let mut out = String::from(&seed[..start]);
    for _ in 0..150_000usize.div_ceil(body_words) {
        out.push_str(body);
        out.push_str("\n\n");
    }
    out.push_str(&seed[end..]);
    out
}

fn bench(c: &mut Criterion) {
    let seed = seed();
    let large = large(&seed);
    let words = large.split_whitespace().count();
    assert!(words >= 150_000, "{words} words");
    let opts = ReadOptions::default();
    let mut group = c.benchmark_group("read");
    for (name, text) in [("seed", &seed), ("150k-words", &large)] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let decoded = decode_bytes(text.as_bytes()).expect("decodes");
                read_str(&decoded.output, &opts).expect("reads")
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
