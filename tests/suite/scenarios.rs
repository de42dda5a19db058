//! Every shipped scenario validates, runs, and tells the story it claims to.

use casus::scenario;
use casus::sim;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"))
            .expect("scenarios/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .collect();
    files.sort();
    files
}

fn run(name: &str) -> sim::RunOutput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.ron"));
    let plan = Arc::new(scenario::open(&path).expect("loads"));
    let (seed, ticks) = (plan.seed, plan.ticks);
    sim::run(plan, seed, ticks, &mut |_, _| {})
}

#[test]
fn every_shipped_scenario_validates_and_runs() {
    let files = shipped();
    assert!(files.len() >= 3, "{files:?}");
    for f in files {
        let plan = scenario::open(&f).unwrap_or_else(|e| panic!("{e}"));
        let out = sim::run(Arc::new(plan), 1, 48, &mut |_, _| {});
        assert_eq!(out.series.rows.len(), 48, "{}", f.display());
    }
}

#[test]
fn winter_grid_cascades_from_power_into_medical_water_and_telecom() {
    let out = run("winter-grid");
    let japan = &out.summary.harm.by_state[0];
    assert_eq!(japan.state, "japan");
    for sector in [
        "electric_power",
        "medical",
        "water",
        "information_communications",
    ] {
        let hit = japan
            .outage_by_sector
            .iter()
            .any(|(s, &ph)| s.as_str() == sector && ph > 0.0);
        assert!(hit, "{sector} lost service");
    }
    assert!(japan.deaths > 0.0);
    // Japan's active cyber defense may evict the intruders before the last wave.
    assert!(
        japan
            .worst_effect
            .is_some_and(|e| e >= casus::model::EffectType::DataDestruction)
    );
}

#[test]
fn long_espionage_steals_for_months_and_harms_nobody() {
    let out = run("long-espionage");
    assert_eq!(out.summary.harm.outage_person_hours, 0.0);
    assert_eq!(out.summary.harm.deaths, 0.0);
    let k = &out.summary.campaigns[0];
    assert!(k.effects_delivered > 0);
    assert!(
        k.first_detection_tick.is_some_and(|t| t > 40),
        "detected late: {:?}",
        k.first_detection_tick
    );
}

#[test]
fn ally_energy_hits_the_ally_directly_and_japan_through_its_imports() {
    let out = run("ally-energy");
    let harm = |id: &str| {
        out.summary
            .harm
            .by_state
            .iter()
            .find(|s| s.state == id)
            .expect(id)
            .clone()
    };
    let (southland, japan) = (harm("southland"), harm("japan"));
    assert!(southland.deaths > 0.0);
    assert_eq!(
        southland.worst_effect.map(|e| e.as_str()),
        Some("physical_damage")
    );
    assert!(japan.worst_effect.is_none(), "Japan itself is not attacked");
    assert!(
        japan.outage_by_sector.keys().any(|s| s.as_str() == "gas"),
        "but loses gas"
    );
}
