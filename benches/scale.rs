//! Large worlds: one tick of the infrastructure stage (effects, cascade, restoration, harm) in
//! the ECS and in the hand-written struct-of-arrays baseline, at 10k, 100k and 1M nodes; and
//! the legal evaluator's throughput.
//!
//! `cargo bench --bench scale`

use casus::law::{self, Doctrines};
use casus::scenario::{self, generate};
use casus::sim::Simulation;
use casus::sim::baseline::{Baseline, load_for_tick};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;
use std::sync::Arc;

fn world(nodes: u64) -> scenario::Compiled {
    let text = generate::generate(&generate::Settings {
        nodes,
        campaigns: 10,
        actors: 4,
        deps: 3,
        seed: 7,
        hours: 720,
    });
    let path = Path::new("generated.ron");
    scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .expect("generated world")
}

/// Ticks of load cycled through, so every measured tick has effects and a cascade in flight.
const CYCLE: u32 = 16;

fn infra_tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("infra_tick");
    group.sample_size(10);
    for n in [10_000u64, 100_000, 1_000_000] {
        let plan = Arc::new(world(n));
        let loads: Vec<_> = (0..CYCLE).map(|t| load_for_tick(&plan, t)).collect();
        group.throughput(Throughput::Elements(plan.nodes.len() as u64));
        let mut sim = Simulation::new(plan.clone(), 1);
        for load in &loads {
            sim.step_infrastructure(load);
        }
        let mut t = 0usize;
        group.bench_with_input(BenchmarkId::new("ecs", n), &n, |b, _| {
            b.iter(|| {
                sim.step_infrastructure(&loads[t % loads.len()]);
                t += 1;
            })
        });
        drop(sim);
        let mut par = Simulation::new(plan.clone(), 1);
        par.set_threads(2);
        for load in &loads {
            par.step_infrastructure(load);
        }
        let mut t = 0usize;
        group.bench_with_input(BenchmarkId::new("ecs-2-threads", n), &n, |b, _| {
            b.iter(|| {
                par.step_infrastructure(&loads[t % loads.len()]);
                t += 1;
            })
        });
        drop(par);
        let mut base = Baseline::new(&plan);
        for load in &loads {
            base.step(&plan, &mut load.clone());
        }
        let t = std::cell::Cell::new(0usize);
        group.bench_with_input(BenchmarkId::new("baseline", n), &n, |b, _| {
            b.iter_batched_ref(
                || {
                    t.set(t.get() + 1);
                    loads[t.get() % loads.len()].clone()
                },
                |load| base.step(&plan, load),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

fn legal(c: &mut Criterion) {
    let doctrines = Doctrines::builtin();
    let incidents: Vec<law::Facts> = [
        "estonia-2007",
        "stuxnet-2010",
        "notpetya-2017",
        "solarwinds-2020",
    ]
    .iter()
    .map(|n| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/incidents")
            .join(format!("{n}.ron"));
        law::incident::load(&p).expect("incident").facts
    })
    .collect();
    let mut group = c.benchmark_group("legal");
    group.throughput(Throughput::Elements(
        (incidents.len() * doctrines.0.len()) as u64,
    ));
    group.bench_function("assess/4-incidents-x-7-doctrines", |b| {
        b.iter(|| {
            let mut met = 0usize;
            for f in &incidents {
                for d in &doctrines.0 {
                    met += law::assess(f, d).lawful_responses.len();
                }
            }
            met
        })
    });
    // The evaluator as a caller that keeps one assessment and assesses into it again and
    // again (`law::assess_into`): no allocation once its lists have grown.
    group.bench_function("assess_into/4-incidents-x-7-doctrines", |b| {
        let mut a = law::Assessment::default();
        b.iter(|| {
            let mut met = 0usize;
            for f in &incidents {
                for d in &doctrines.0 {
                    law::assess_into(f, d, &mut a);
                    met += a.lawful_responses.len();
                }
            }
            met
        })
    });
    group.finish();
}

criterion_group!(benches, infra_tick, legal);
criterion_main!(benches);
