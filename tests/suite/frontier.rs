//! The cascade's frontier: recomputing only what changed gives, bit for bit, what recomputing
//! every node gives, and what the hand-written baseline gives, on random worlds over many
//! ticks of effects, grid collapses, crews, spare parts and buffers; quiet ticks recompute
//! nothing.

use casus::model::EffectType;
use casus::scenario::{self, Compiled, generate};
use casus::sim::Simulation;
use casus::sim::baseline::{Baseline, load_for_tick};
use casus::sim::components::{EffectSource, PendingEffect};
use casus::sim::nodes::{CascadeMode, Nodes};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use std::sync::Arc;

fn world(nodes: u64, deps: u32, actors: u32, seed: u64) -> Compiled {
    let text = generate::generate(&generate::Settings {
        nodes,
        campaigns: 6,
        actors,
        deps,
        seed,
        hours: 120,
    });
    let path = Path::new("generated.ron");
    scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A random tick of effects: quiet half the time, else a few nodes (power stations often,
/// so grids collapse) hit by any kind of effect, intensity and duration.
fn random_load(plan: &Compiled, r: &mut ChaCha8Rng) -> Vec<PendingEffect> {
    if r.random_bool(0.5) {
        return Vec::new();
    }
    let n = plan.nodes.len() as u32;
    let power: Vec<u32> = (0..n)
        .filter(|&i| plan.nodes[i as usize].sector == casus::model::Sector::ElectricPower)
        .collect();
    let hits = r.random_range(1..=(n / 40).max(2));
    (0..hits)
        .map(|_| {
            let node = if !power.is_empty() && r.random_bool(0.4) {
                power[r.random_range(0..power.len())]
            } else {
                r.random_range(0..n)
            };
            PendingEffect {
                node,
                source: EffectSource::Response {
                    by: plan.nodes[node as usize].owner,
                    response: casus::law::Response::Countermeasures,
                },
                effect: EffectType::ALL[r.random_range(0..EffectType::ALL.len())],
                intensity: r.random_range(0.0f32..=1.0),
                duration_ticks: r.random_range(0..8),
            }
        })
        .collect()
}

fn state(sim: &Simulation) -> (&[f32], &Nodes) {
    (sim.service(), sim.world().resource::<Nodes>())
}

fn same_bits(a: &[f32], b: &[f32]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
}

/// Runs `ticks` ticks of `load` through the three cascade modes and the baseline, checking
/// after each that services, capacities, stocks and ledgers are the same bit for bit.
fn compare(plan: Compiled, ticks: u32, mut load: impl FnMut(&Compiled, u32) -> Vec<PendingEffect>) {
    let mut base = Baseline::new(&plan);
    let plan = Arc::new(plan);
    let mut sims: Vec<Simulation> = [CascadeMode::Auto, CascadeMode::Full, CascadeMode::Frontier]
        .into_iter()
        .map(|m| {
            let mut s = Simulation::new(plan.clone(), 1);
            s.set_cascade_mode(m);
            s
        })
        .collect();
    for t in 0..ticks {
        let mut effects = load(&plan, t);
        for s in &mut sims {
            s.step_infrastructure(&effects);
        }
        base.step(&plan, &mut effects);
        let (full, f) = state(&sims[1]);
        assert!(
            same_bits(full, &base.service),
            "full pass vs baseline, tick {t}"
        );
        assert!(
            sims[1].ledger() == &base.ledger,
            "full pass ledger, tick {t}"
        );
        for (k, s) in sims.iter().enumerate().filter(|(k, _)| *k != 1) {
            let (service, x) = state(s);
            assert!(same_bits(service, full), "mode {k} service, tick {t}");
            assert!(same_bits(&x.level, &f.level), "mode {k} capacity, tick {t}");
            assert_eq!(x.held, f.held, "mode {k} hold, tick {t}");
            assert!(same_bits(&x.rate, &f.rate), "mode {k} rate, tick {t}");
            assert!(same_bits(&x.stock, &f.stock), "mode {k} stock, tick {t}");
            assert!(s.ledger() == &base.ledger, "mode {k} ledger, tick {t}");
        }
    }
    let frontier = state(&sims[2]).1;
    assert_eq!(
        frontier.passes[0], 0,
        "the frontier mode never took a full pass"
    );
    assert!(
        frontier.recomputed < state(&sims[1]).1.recomputed,
        "the frontier recomputes less than every node every tick"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn frontier_full_and_baseline_agree_bit_for_bit_on_random_worlds(
        nodes in 200u64..2500,
        deps in 1u32..6,
        actors in 3u32..6,
        seed in 0u64..10_000,
        load_seed in 0u64..10_000,
    ) {
        let plan = world(nodes, deps, actors, seed);
        let mut r = ChaCha8Rng::seed_from_u64(load_seed);
        compare(plan, 160, |plan, _| random_load(plan, &mut r));
    }
}

#[test]
fn frontier_and_full_agree_under_the_benchmark_load_and_quiet_ticks_cost_nothing() {
    // Forty ticks of the benchmark's load (1% of nodes hit each tick), then quiet ticks while
    // the world recovers.
    let plan = world(20_000, 3, 4, 7);
    compare(plan.clone(), 400, |plan, t| {
        if t < 40 {
            load_for_tick(plan, t)
        } else {
            Vec::new()
        }
    });
    // One tick of disruptions (the slow repairs of destruction, with a crew per 50 to 200
    // nodes, take longer than a test should), then quiet ticks.
    let plan = Arc::new(plan);
    let mut sim = Simulation::new(plan.clone(), 1);
    let mut hits = load_for_tick(&plan, 0);
    hits.retain(|e| e.effect == EffectType::Disruption);
    assert!(hits.len() > 20);
    sim.step_infrastructure(&hits);
    let mut quiet = 0;
    for _ in 0..3000 {
        let before = sim.world().resource::<Nodes>().recomputed;
        sim.step_infrastructure(&[]);
        let nodes = sim.world().resource::<Nodes>();
        if nodes.recomputed == before {
            quiet += 1;
            assert!(nodes.impaired().is_empty());
        }
    }
    assert!(
        quiet > 100,
        "the world comes to rest and its ticks recompute nothing ({quiet})"
    );
    let nodes = sim.world().resource::<Nodes>();
    assert!(
        nodes.passes[0] > 0 && nodes.passes[1] > 0,
        "both passes used: {:?}",
        nodes.passes
    );
}

#[test]
fn whole_runs_give_the_same_files_with_every_cascade_pass() {
    // Campaigns, detection, the law: a run's files do not depend on the cascade's pass.
    let plan = Arc::new(world(6_000, 3, 4, 11));
    let tmp = tempfile::tempdir().expect("tempdir");
    let files = |mode: CascadeMode, threads: usize| {
        let mut sim = Simulation::new(plan.clone(), 3);
        sim.set_cascade_mode(mode);
        sim.set_threads(threads);
        for _ in 0..plan.ticks {
            sim.step();
        }
        let out = sim.finish();
        let dir = tmp.path().join(format!("{mode:?}-{threads}"));
        std::fs::create_dir_all(&dir).expect("dir");
        casus::report::write_run(&dir, &out, &plan).expect("writes");
        casus::report::RUN_FILES
            .iter()
            .map(|f| std::fs::read(dir.join(f)).expect("file"))
            .collect::<Vec<_>>()
    };
    let full = files(CascadeMode::Full, 1);
    assert!(full[0].len() > 1000, "the run has events");
    assert_eq!(files(CascadeMode::Frontier, 1), full);
    assert_eq!(files(CascadeMode::Auto, 1), full);
    assert_eq!(files(CascadeMode::Full, 2), full);
}

#[test]
fn frontier_split_over_threads_gives_the_same_bits_as_one_full_pass() {
    // Large enough that the frontier under the benchmark's load is split over the threads.
    let plan = Arc::new(world(60_000, 3, 4, 5));
    let mut one = Simulation::new(plan.clone(), 1);
    one.set_cascade_mode(CascadeMode::Full);
    let mut split = Simulation::new(plan.clone(), 1);
    split.set_cascade_mode(CascadeMode::Frontier);
    split.set_threads(2);
    let mut largest = 0u64;
    for t in 0..30 {
        let effects = load_for_tick(&plan, t);
        one.step_infrastructure(&effects);
        let before = split.world().resource::<Nodes>().recomputed;
        split.step_infrastructure(&effects);
        let (service, x) = state(&split);
        largest = largest.max(x.recomputed - before);
        let (full, f) = state(&one);
        assert!(same_bits(service, full), "service, tick {t}");
        assert!(same_bits(&x.stock, &f.stock), "stock, tick {t}");
        assert!(split.ledger() == one.ledger(), "ledger, tick {t}");
    }
    assert!(
        largest >= 4096,
        "some frontier was large enough to be split ({largest} nodes)"
    );
}
