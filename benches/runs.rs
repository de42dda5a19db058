//! Whole runs of the shipped scenarios, from compiled scenario to outputs in memory.
//!
//! `cargo bench --bench runs`

use casus::scenario;
use casus::sim;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::sync::Arc;

fn shipped_runs(c: &mut Criterion) {
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    for name in ["winter-grid", "long-espionage", "ally-energy"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(format!("{name}.ron"));
        let plan = Arc::new(scenario::open(&path).expect("shipped scenario loads"));
        group.bench_function(name, |b| {
            b.iter(|| sim::run(plan.clone(), plan.seed, plan.ticks, &mut |_, _| {}))
        });
    }
    group.finish();
}

/// The nation-scale world: 1,000,000 nodes, 1,000 campaigns, 720 ticks (about 15 s a run).
fn nation_run(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/nation/nation-1m.ron");
    let plan = Arc::new(scenario::open(&path).expect("shipped scenario loads"));
    let mut group = c.benchmark_group("run");
    group.sample_size(10);
    group.bench_function("nation-1m", |b| {
        b.iter(|| sim::run(plan.clone(), plan.seed, plan.ticks, &mut |_, _| {}))
    });
    group.finish();
}

criterion_group!(benches, shipped_runs, nation_run);
criterion_main!(benches);
