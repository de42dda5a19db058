//! Kill-chain timing, detection, incident response and attribution.

use super::support::*;
use casus::model::KillChainPhase;
use casus::sim::{self, events::Event};
use std::sync::Arc;

fn phase_ticks(events: &[(u32, Event)]) -> Vec<(KillChainPhase, u32)> {
    events
        .iter()
        .filter_map(|&(t, e)| match e {
            Event::PhaseAdvanced { phase, .. } => Some((phase, t)),
            _ => None,
        })
        .collect()
}

#[test]
fn kill_chain_phases_take_their_durations() {
    // 5 h, 3 h, 4 h: initial access at the end of tick 4, persistence at 7, effect at 11.
    let text = scenario(
        &[node("a", "ElectricPower", 1000)],
        &[],
        &[campaign(
            &["a"],
            [5, 3, 4],
            0.0,
            "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 1)",
            "start_hour: 0",
        )],
        "",
    );
    let out = sim::run(Arc::new(compile(&text)), 3, 30, &mut |_, _| {});
    assert_eq!(
        phase_ticks(&out.events),
        vec![
            (KillChainPhase::InitialAccess, 4),
            (KillChainPhase::Persistence, 7),
            (KillChainPhase::Effect, 11)
        ]
    );
}

#[test]
fn a_campaign_waits_for_its_start_and_waves_wait_for_theirs() {
    let text = scenario(
        &[node("a", "ElectricPower", 1000)],
        &[],
        &[campaign(
            &["a"],
            [1, 1, 1],
            0.0,
            "(start_hour: 50, effect: Disruption, intensity: 0.5, duration_hours: 1)",
            "start_hour: 10",
        )],
        "",
    );
    let out = sim::run(Arc::new(compile(&text)), 3, 60, &mut |_, _| {});
    assert_eq!(
        phase_ticks(&out.events).last(),
        Some(&(KillChainPhase::Effect, 12))
    );
    let hit = out
        .events
        .iter()
        .find_map(|&(t, e)| matches!(e, Event::EffectApplied { .. }).then_some(t));
    assert_eq!(hit, Some(50));
}

#[test]
fn failed_attempts_retry_then_abandon() {
    let text = scenario(
        &[node("a", "ElectricPower", 1000)],
        &[],
        &[r#"(id: "op", operator: "redland", targets: [Node("a")],
              phases: (initial_access: (duration_hours: 2, success: 0.0, detection_per_hour: 0.0),
                       reconnaissance: (duration_hours: 1, success: 1.0, detection_per_hour: 0.0)),
              waves: [(start_hour: 0, effect: Disruption, intensity: 1.0, duration_hours: 1)], attempts: 3),"#
            .to_string()],
        "",
    );
    let out = sim::run(Arc::new(compile(&text)), 3, 20, &mut |_, _| {});
    let failed: Vec<u32> = out
        .events
        .iter()
        .filter(|(_, e)| matches!(e, Event::PhaseFailed { .. }))
        .map(|&(t, _)| t)
        .collect();
    let abandoned: Vec<u32> = out
        .events
        .iter()
        .filter(|(_, e)| matches!(e, Event::IntrusionAbandoned { .. }))
        .map(|&(t, _)| t)
        .collect();
    assert_eq!(failed, vec![2, 4]);
    assert_eq!(abandoned, vec![6]);
    assert_eq!(out.summary.campaigns[0].abandoned, 1);
}

/// A campaign that gives itself away at tick 2 with a disruption, then is attributed.
fn overt(defense: &str, extra: &str) -> casus::sim::RunOutput {
    let text = scenario(
        &[node("a", "ElectricPower", 1000)],
        &[],
        &[campaign(
            &["a"],
            [1, 1, 1],
            0.0,
            "(start_hour: 0, effect: Disruption, intensity: 0.5, duration_hours: 1)",
            extra,
        )],
        defense,
    );
    let mut plan = compile(&text);
    plan.ticks = 2000;
    let ticks = plan.ticks;
    sim::run(Arc::new(plan), 11, ticks, &mut |_, _| {})
}

fn confidence(out: &casus::sim::RunOutput) -> Vec<f64> {
    out.series
        .column("attribution_op")
        .expect("attribution column")
}

#[test]
fn a_disruptive_effect_is_detected_at_once_and_attribution_grows_monotonically() {
    let out = overt("eviction_per_day: 0.0", "");
    assert_eq!(out.summary.campaigns[0].first_detection_tick, Some(2));
    let c = confidence(&out);
    assert_eq!(c[1], 0.0);
    assert!(c.windows(2).all(|w| w[1] >= w[0]), "never decreases");
    assert!(c[100] > 0.0 && c[100] < 0.5, "takes days: {}", c[100]);
    assert!(
        c[1999] > 0.9,
        "converges toward the true sponsor: {}",
        c[1999]
    );
    let a = &out.summary.campaigns[0].attribution[0];
    assert!(a.correct && a.suspect == "redland");
    assert!(a.tick_confidence_50 < a.tick_confidence_90);
}

#[test]
fn intelligence_investment_and_partners_speed_attribution() {
    let t50 = |out: &casus::sim::RunOutput| {
        out.summary.campaigns[0].attribution[0]
            .tick_confidence_50
            .unwrap()
    };
    let base = overt("eviction_per_day: 0.0", "");
    let better = overt("eviction_per_day: 0.0, intelligence_gathering: 3.0", "");
    assert!(
        t50(&better) < t50(&base),
        "{} vs {}",
        t50(&better),
        t50(&base)
    );
}

#[test]
fn a_false_flag_points_at_the_decoy_until_it_is_exposed() {
    let out = overt("eviction_per_day: 0.0", "false_flag: \"blueland\"");
    let mut exposed_at = None;
    for &(t, e) in &out.events {
        match e {
            Event::AttributionUpdated { suspect, .. } if exposed_at.is_none() => {
                assert_eq!(suspect, 3, "blueland before exposure")
            }
            Event::FalseFlagExposed { decoy, author, .. } => {
                assert_eq!((decoy, author), (3, 2));
                exposed_at = Some(t);
            }
            _ => {}
        }
    }
    assert!(exposed_at.is_some(), "exposed within 2000 hours");
    assert_eq!(out.summary.campaigns[0].attribution[0].suspect, "redland");
}

#[test]
fn a_larger_cyber_defense_force_contains_intrusions_sooner() {
    // Twelve overt intrusions at once; 2 incidents worked at a time versus 12.
    let nodes: Vec<String> = (0..12)
        .map(|i| node(&format!("n{i}"), "ElectricPower", 1000))
        .collect();
    let ids: Vec<String> = (0..12).map(|i| format!("n{i}")).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let run = |staff: u32| {
        let text = scenario(
            &nodes,
            &[],
            &[campaign(
                &ids,
                [1, 1, 1],
                0.0,
                "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 1), (start_hour: 3, effect: Disruption, intensity: 0.1, duration_hours: 1)",
                "",
            )],
            &format!("staff: {staff}, staff_per_incident: 10, eviction_per_day: 0.5"),
        );
        let out = sim::run(Arc::new(compile(&text)), 5, 200, &mut |_, _| {});
        let ticks: Vec<u32> = out
            .events
            .iter()
            .filter(|(_, e)| matches!(e, Event::IntrusionEvicted { .. }))
            .map(|&(t, _)| t)
            .collect();
        ticks.iter().map(|&t| f64::from(t)).sum::<f64>() / ticks.len().max(1) as f64
    };
    assert!(run(120) < run(20));
}
