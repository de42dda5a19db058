//! Sweep throughput: seeds per second on a shipped scenario, with 1 and 2 worker threads.
//!
//! `cargo bench --bench sweep`

use casus::law::Doctrines;
use casus::scenario;
use casus::sweep::{SeedRange, grid::sweep_in_memory, record};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use std::sync::Arc;

const SEEDS: u64 = 64;

fn throughput(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/winter-grid.ron");
    let plan = Arc::new(scenario::open(&path).expect("shipped scenario loads"));
    let doctrines = Arc::new(Doctrines::builtin());
    let ids: Vec<String> = doctrines.ids().iter().map(|s| s.to_string()).collect();
    let keys = record::keys(&plan, &ids);
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SEEDS));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        group.bench_function(format!("winter-grid/threads-{threads}"), |b| {
            b.iter(|| {
                sweep_in_memory(
                    &plan,
                    &doctrines,
                    &keys,
                    SeedRange {
                        start: 0,
                        end: SEEDS,
                    },
                    plan.ticks,
                    &pool,
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
