//! The cascade through dependencies: chains, diamonds, cycles, and restoration.

use super::support::*;

/// One disruption wave of full intensity at hour 0, held for `hours`.
fn cut(hours: u32) -> String {
    format!("(start_hour: 0, effect: Disruption, intensity: 1.0, duration_hours: {hours})")
}

#[test]
fn a_failure_travels_one_hop_per_tick_down_a_chain() {
    // b needs a, c needs b. The campaign reaches its effect phase at tick 2 (three one-hour
    // phases completing at ticks 0, 1, 2) and cuts a at once.
    let text = scenario(
        &[
            node("a", "ElectricPower", 1000),
            node("b", "Water", 1000),
            node("c", "Medical", 1000),
        ],
        &[dep("b", "a", 1.0), dep("c", "b", 1.0)],
        &[campaign(&["a"], [1, 1, 1], 0.0, &cut(10), "")],
        "",
    );
    let plan = compile(&text);
    assert_eq!(
        first_below(&service_trace(plan.clone(), 1, 20, "a"), 0.5),
        Some(2)
    );
    assert_eq!(
        first_below(&service_trace(plan.clone(), 1, 20, "b"), 0.5),
        Some(3)
    );
    assert_eq!(first_below(&service_trace(plan, 1, 20, "c"), 0.5), Some(4));
}

#[test]
fn partial_dependency_limits_service_to_one_minus_strength() {
    let text = scenario(
        &[node("a", "ElectricPower", 1000), node("b", "Medical", 1000)],
        &[dep("b", "a", 0.4)],
        &[campaign(&["a"], [1, 1, 1], 0.0, &cut(10), "")],
        "",
    );
    let trace = service_trace(compile(&text), 1, 8, "b");
    assert!((trace[3] - 0.6).abs() < 1e-6, "{trace:?}");
}

#[test]
fn a_diamond_takes_the_worst_provider_and_recovers() {
    // d needs b (0.5) and c (1.0); b and c both need a.
    let text = scenario(
        &[
            node("a", "ElectricPower", 1000),
            node("b", "InformationCommunications", 1000),
            node("c", "Water", 1000),
            node("d", "Medical", 1000),
        ],
        &[
            dep("b", "a", 1.0),
            dep("c", "a", 1.0),
            dep("d", "b", 0.5),
            dep("d", "c", 1.0),
        ],
        &[campaign(&["a"], [1, 1, 1], 0.0, &cut(4), "")],
        "",
    );
    let trace = service_trace(compile(&text), 1, 60, "d");
    assert_eq!(first_below(&trace, 0.01), Some(4), "{trace:?}");
    assert!(
        (trace[59] - 1.0).abs() < 1e-6,
        "d recovers once a does: {trace:?}"
    );
}

#[test]
fn a_cycle_with_backup_recovers_and_a_full_strength_cycle_cannot_restart_itself() {
    let cycle = |strength: f64| {
        scenario(
            &[
                node("grid", "ElectricPower", 1000),
                node("scada", "InformationCommunications", 1000),
            ],
            &[
                dep("grid", "scada", strength),
                dep("scada", "grid", strength),
            ],
            &[campaign(&["grid"], [1, 1, 1], 0.0, &cut(2), "")],
            "",
        )
    };
    let soft = service_trace(compile(&cycle(0.5)), 1, 80, "grid");
    assert!(soft[2] < 0.01);
    assert!(
        (soft[79] - 1.0).abs() < 1e-6,
        "backed-up cycle recovers: {soft:?}"
    );
    // The black-start problem: each waits for the other.
    let hard = service_trace(compile(&cycle(1.0)), 1, 80, "scada");
    assert!(hard[79] < 0.01, "full-strength cycle stays down: {hard:?}");
}

#[test]
fn physical_damage_recovers_far_slower_than_disruption() {
    let wave = |effect: &str| {
        format!("(start_hour: 0, effect: {effect}, intensity: 1.0, duration_hours: 1)")
    };
    let run = |effect: &str| {
        let text = scenario(
            &[node("a", "ElectricPower", 1000)],
            &[],
            &[campaign(&["a"], [1, 1, 1], 0.0, &wave(effect), "")],
            "",
        );
        service_trace(compile(&text), 1, 150, "a")
    };
    let disrupted = run("Disruption");
    let destroyed = run("PhysicalDamage");
    assert!((disrupted[20] - 1.0).abs() < 1e-6, "{disrupted:?}");
    assert!(destroyed[149] < 0.8, "{destroyed:?}");
    let espionage = run("Espionage");
    assert!(espionage.iter().all(|&s| s == 1.0));
}
