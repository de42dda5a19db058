//! The generated nation-scale world, and the ECS against the hand-written baseline.

use super::cli::casus;
use casus::scenario::{self, generate};
use casus::sim::Simulation;
use casus::sim::baseline::{Baseline, load_for_tick};
use std::path::Path;
use std::sync::Arc;

fn world(nodes: u64, campaigns: u32) -> scenario::Compiled {
    let text = generate::generate(&generate::Settings {
        nodes,
        campaigns,
        actors: 4,
        deps: 3,
        seed: 7,
        hours: 200,
    });
    let path = Path::new("generated.ron");
    scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_ecs_and_the_baseline_give_the_same_results_tick_by_tick() {
    let plan = world(20_000, 10);
    let mut base = Baseline::new(&plan);
    let plan = Arc::new(plan);
    let mut sim = Simulation::new(plan.clone(), 1);
    for t in 0..40 {
        let mut effects = load_for_tick(&plan, t);
        sim.step_infrastructure(&effects);
        base.step(&plan, &mut effects);
        let same = sim
            .service()
            .iter()
            .zip(&base.service)
            .all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "service differs at tick {t}");
        // The whole ledger: outage, repairs, bands, people cut off, casualties.
        assert!(sim.ledger() == &base.ledger, "ledger differs at tick {t}");
    }
    assert!(
        base.service.iter().any(|&s| s < 0.5),
        "the load does cascade"
    );
}

#[test]
fn generated_worlds_have_every_sector_and_a_hub_and_tail_topology() {
    let plan = world(50_000, 40);
    for s in casus::model::Sector::ALL {
        assert!(plan.nodes.iter().any(|n| n.sector == *s), "{s}");
    }
    let mut in_degree = vec![0u32; plan.nodes.len()];
    for &on in &plan.deps.on {
        in_degree[on as usize] += 1;
    }
    let providers: Vec<u32> = in_degree.iter().copied().filter(|&d| d > 0).collect();
    let max = *providers.iter().max().unwrap();
    let mut sorted = providers.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    assert!(
        max > 20 * median.max(1),
        "hubs: max in-degree {max}, median {median}"
    );
    let power = plan
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.sector != casus::model::Sector::ElectricPower)
        .filter(|(i, _)| {
            plan.deps.providers(*i).any(|(on, _)| {
                plan.nodes[on as usize].sector == casus::model::Sector::ElectricPower
            })
        })
        .count();
    assert!(
        power as f64 > 0.8 * (plan.nodes.len() as f64 * 0.85),
        "power feeds nearly everything"
    );
    assert_eq!(plan.campaigns.len(), 40);
    let effects: std::collections::BTreeSet<_> = plan
        .campaigns
        .iter()
        .flat_map(|k| k.waves.iter().map(|w| w.effect))
        .collect();
    assert_eq!(effects.len(), 4, "campaigns of every effect type");
}

#[test]
fn generated_worlds_carry_grids_buffers_crews_spare_parts_and_national_figures() {
    let plan = world(50_000, 40);
    let again = world(50_000, 40);
    // One region per State at this size (one per 20,000 nodes), each with its grid and crews.
    assert_eq!(plan.grids.len(), 4);
    assert_eq!(plan.restoration.len(), 4);
    assert!(plan.grids.iter().all(|g| g.collapse_mw > 0.0));
    assert!(
        plan.restoration
            .iter()
            .all(|r| r.crews >= 1 && !r.telecom.is_empty())
    );
    let buffered: std::collections::BTreeSet<_> = plan
        .backups
        .iter()
        .map(|&(i, _)| plan.nodes[i as usize].sector)
        .collect();
    use casus::model::Sector::*;
    assert_eq!(
        buffered,
        [Medical, Water, InformationCommunications]
            .into_iter()
            .collect()
    );
    assert!(
        plan.node_extras
            .values()
            .filter(|x| x.spare_part_ticks >= 168)
            .count()
            > 100
    );
    for (a, b) in plan.actors.iter().zip(&again.actors) {
        assert_eq!(a.population, b.population, "deterministic from the seed");
        assert_eq!(a.gdp_usd, b.gdp_usd);
        if a.kind == casus::model::ActorKind::State {
            let served: u64 = plan
                .areas
                .iter()
                .filter(|x| plan.actors[x.owner as usize].id == a.id)
                .map(|x| x.population)
                .max()
                .unwrap_or(0);
            assert!(
                a.population >= served,
                "{}: {} < {served}",
                a.id,
                a.population
            );
            assert!(a.gdp_usd.is_some_and(|g| g > 1e9));
        }
    }
}

#[test]
fn generate_writes_a_valid_scenario_and_refuses_impossible_sizes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("n.ron");
    let made = casus(&[
        "generate",
        "--nodes",
        "5000",
        "--campaigns",
        "20",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(casus(&["validate", out.to_str().unwrap()]).status.success());
    let run = casus(&[
        "run",
        out.to_str().unwrap(),
        "--ticks",
        "48",
        "--quiet",
        "--no-charts",
        "--out",
        tmp.path().join("r").to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let huge = casus(&[
        "generate",
        "--nodes",
        "99000000000",
        "--campaigns",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(huge.status.code(), Some(2));
}

#[test]
fn a_run_gives_the_same_bytes_on_one_thread_and_two() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("n.ron");
    assert!(
        casus(&[
            "generate",
            "--nodes",
            "30000",
            "--campaigns",
            "30",
            "--hours",
            "240",
            "--out",
            file.to_str().unwrap()
        ])
        .status
        .success()
    );
    let run = |threads: &str| {
        let out = tmp.path().join(format!("t{threads}"));
        let r = casus(&[
            "run",
            file.to_str().unwrap(),
            "--threads",
            threads,
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        casus::report::RUN_FILES
            .iter()
            .map(|f| std::fs::read(out.join(f)).expect("file"))
            .collect::<Vec<_>>()
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one[0].len() > 1000, "the run has events");
    assert_eq!(one, two);
}

#[test]
fn the_shipped_nation_scale_scenario_validates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/nation/nation-1m.ron");
    let plan = scenario::open(&path).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.nodes.len() >= 1_000_000);
    assert_eq!(plan.campaigns.len(), 1000);
}
