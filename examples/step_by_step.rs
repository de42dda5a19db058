//! Build a three-node world from text and watch a failure cascade, one tick at a time.
//!
//! `cargo run --example step_by_step`

use casus::scenario;
use casus::sim::Simulation;
use std::path::Path;
use std::sync::Arc;

const SCENARIO: &str = r#"Scenario(
    name: "chain",
    duration_hours: 12,
    actors: [(id: "japan", doctrine: "japan"), (id: "redland")],
    nodes: [
        (id: "power", owner: "japan", sector: ElectricPower, population: 100000),
        (id: "water", owner: "japan", sector: Water, population: 100000),
        (id: "hospital", owner: "japan", sector: Medical, population: 20000),
    ],
    dependencies: [
        (from: "water", on: "power", strength: 0.8),
        (from: "hospital", on: "water", strength: 0.5),
    ],
    campaigns: [(
        id: "blackout", operator: "redland", targets: [Node("power")],
        phases: (
            reconnaissance: (duration_hours: 1, success: 1.0, detection_per_hour: 0.0),
            initial_access: (duration_hours: 1, success: 1.0, detection_per_hour: 0.0),
            persistence: (duration_hours: 1, success: 1.0, detection_per_hour: 0.0),
        ),
        waves: [(start_hour: 0, effect: Disruption, intensity: 1.0, duration_hours: 3)],
    )],
)"#;

fn main() {
    let path = Path::new("chain.ron");
    let plan = scenario::load_str(SCENARIO, path)
        .and_then(|s| s.compile(path))
        .expect("valid scenario");
    let mut sim = Simulation::new(Arc::new(plan), 1);
    println!("tick  power  water  hospital");
    for _ in 0..12 {
        let tick = sim.tick();
        sim.step();
        let s = sim.service();
        println!("{tick:>4}  {:>5.2}  {:>5.2}  {:>8.2}", s[0], s[1], s[2]);
    }
}
