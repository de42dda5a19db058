//! Property tests over generated valid scenarios: service stays within [0, 1], harm never
//! decreases, every run finishes, and the same seed gives the same bytes.

use super::support::*;
use casus::report;
use casus::sim::Simulation;
use proptest::prelude::*;
use std::sync::Arc;

const SECTORS: [&str; 6] = [
    "ElectricPower",
    "Water",
    "Medical",
    "InformationCommunications",
    "Finance",
    "Government",
];
const EFFECTS: [&str; 4] = [
    "Espionage",
    "Disruption",
    "DataDestruction",
    "PhysicalDamage",
];

/// A wave: (start hour, effect index, intensity, duration hours).
type WaveSpec = (u32, usize, f64, u32);
/// A campaign: (target indices, phase hours, detection per hour, waves).
type CampaignSpec = (Vec<usize>, [u32; 3], f64, Vec<WaveSpec>);

#[derive(Debug, Clone)]
struct World {
    nodes: Vec<(usize, u64)>,
    deps: Vec<(usize, usize, f64)>,
    campaigns: Vec<CampaignSpec>,
}

fn world() -> impl Strategy<Value = World> {
    (2usize..10).prop_flat_map(|n| {
        (
            prop::collection::vec((0..SECTORS.len(), 1_000u64..5_000_000), n),
            prop::collection::vec((0..n, 0..n, 0.0f64..=1.0), 0..2 * n),
            prop::collection::vec(
                (
                    prop::collection::vec(0..n, 1..4),
                    [1u32..20, 1u32..20, 1u32..20],
                    0.0f64..0.01,
                    prop::collection::vec(
                        (0u32..150, 0..EFFECTS.len(), 0.0f64..=1.0, 1u32..50),
                        1..4,
                    ),
                ),
                1..3,
            ),
        )
            .prop_map(|(nodes, deps, campaigns)| World {
                nodes,
                deps: deps.into_iter().filter(|(a, b, _)| a != b).collect(),
                campaigns,
            })
    })
}

fn text(w: &World) -> String {
    let nodes: Vec<String> = w
        .nodes
        .iter()
        .enumerate()
        .map(|(i, (s, pop))| node(&format!("n{i}"), SECTORS[*s], *pop))
        .collect();
    let deps: Vec<String> = w
        .deps
        .iter()
        .map(|(a, b, s)| dep(&format!("n{a}"), &format!("n{b}"), *s))
        .collect();
    let campaigns: Vec<String> = w
        .campaigns
        .iter()
        .enumerate()
        .map(|(c, (targets, phases, detect, waves))| {
            let ids: Vec<String> = targets.iter().map(|t| format!("n{t}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let waves: Vec<String> = waves
                .iter()
                .map(|(start, e, i, d)| {
                    format!(
                        "(start_hour: {start}, effect: {}, intensity: {i}, duration_hours: {d})",
                        EFFECTS[*e]
                    )
                })
                .collect();
            campaign(&ids, *phases, *detect, &waves.join(", "), "").replacen(
                "id: \"op\"",
                &format!("id: \"op{c}\""),
                1,
            )
        })
        .collect();
    scenario(&nodes, &deps, &campaigns, "")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn runs_finish_with_service_in_bounds_and_harm_that_never_decreases(w in world(), seed in 0u64..1000) {
        let plan = Arc::new(compile(&text(&w)));
        let mut sim = Simulation::new(plan.clone(), seed);
        for _ in 0..150 {
            sim.step();
            prop_assert!(sim.service().iter().all(|s| (0.0..=1.0).contains(s)), "{:?}", sim.service());
        }
        let out = sim.finish();
        for column in ["outage_person_hours", "deaths", "injuries", "economic_loss_usd", "repair_cost_usd"] {
            let v = out.series.column(column).unwrap();
            prop_assert!(v.windows(2).all(|p| p[1] >= p[0]), "{column} decreased");
        }
        for s in out.series.columns.iter().filter(|c| c.starts_with("service_")) {
            prop_assert!(out.series.column(s).unwrap().iter().all(|x| (0.0..=1.0).contains(x)));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes(w in world(), seed in 0u64..1000) {
        let plan = Arc::new(compile(&text(&w)));
        let bytes = || {
            let out = casus::sim::run(plan.clone(), seed, 120, &mut |_, _| {});
            (report::events_jsonl(&out, &plan), out.series.to_csv(), out.legal.join("\n"))
        };
        prop_assert_eq!(bytes(), bytes());
    }
}
