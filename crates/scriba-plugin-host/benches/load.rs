//! How long loading 20 plugins takes (the cost plugins add to `scriba formats`): discovery,
//! every check, and the exporters' info, for 20 freshly copied (never loaded before) libraries.

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented function"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

#[path = "../tests/support/mod.rs"]
mod support;

const PLUGINS: usize = 20;

fn load_20(c: &mut Criterion) {
    let libs = support::build(&["scriba-plugin-template"], true);
    let template = &libs["scriba-plugin-template"];
    let mut group = c.benchmark_group("plugins");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(1));
    group.bench_function("load 20 plugins (cold)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // Fresh copies each time: a library already mapped would load for free.
                let dir = tempfile::tempdir().expect("temp dir");
                for i in 0..PLUGINS {
                    let name = support::plugin_file_name(&format!("scriba_bench_{i:02}"));
                    std::fs::copy(template, dir.path().join(name)).expect("copy");
                }
                let start = Instant::now();
                let (plugins, diagnostics) =
                    scriba_plugin_host::discover(&[dir.path().to_path_buf()]);
                let infos: Vec<_> = plugins
                    .iter()
                    .flat_map(|p| p.exporters())
                    .map(|e| e.info())
                    .collect();
                total += start.elapsed();
                assert_eq!(plugins.len(), PLUGINS, "{diagnostics:?}");
                black_box(infos);
            }
            total
        });
    });
    group.finish();
}

criterion_group!(benches, load_20);
criterion_main!(benches);
