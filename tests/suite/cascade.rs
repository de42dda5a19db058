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

/// A node line with extra fields.
fn node_with(id: &str, sector: &str, population: u64, extra: &str) -> String {
    format!(
        "(id: \"{id}\", owner: \"japan\", sector: {sector}, population: {population}, recovery_per_hour: 1.0, {extra}),"
    )
}

#[test]
fn a_backup_holds_service_for_its_hours_then_runs_out_and_refills() {
    // The hospital has 5 hours of generator fuel; power is cut at tick 2 for 10 hours.
    let text = scenario(
        &[
            node_with("grid", "ElectricPower", 1000, ""),
            node_with(
                "hospital",
                "Medical",
                1000,
                "backup: (hours: 5, refill_hours: 5)",
            ),
        ],
        &[dep("hospital", "grid", 1.0)],
        &[campaign(&["grid"], [1, 1, 1], 0.0, &cut(10), "")],
        "",
    );
    let trace = service_trace(compile(&text), 1, 40, "hospital");
    // The grid is down from tick 2; the hospital sees it from tick 3 and runs on fuel for
    // five ticks (3..=7), then goes dark until the grid is back.
    assert!(trace[..8].iter().all(|&s| s == 1.0), "{trace:?}");
    assert_eq!(trace[8], 0.0, "{trace:?}");
    assert_eq!(trace[39], 1.0, "{trace:?}");
    // A second cut an hour after power returns (tick 13) finds the tank refilled only in
    // part (one hour of fuel per hour back): it lasts two ticks, not five.
    let twice = format!(
        "{}, (start_hour: 14, effect: Disruption, intensity: 1.0, duration_hours: 10)",
        cut(10)
    );
    let text = scenario(
        &[
            node_with("grid", "ElectricPower", 1000, ""),
            node_with(
                "hospital",
                "Medical",
                1000,
                "backup: (hours: 5, refill_hours: 5)",
            ),
        ],
        &[dep("hospital", "grid", 1.0)],
        &[campaign(&["grid"], [1, 1, 1], 0.0, &twice, "")],
        "",
    );
    let trace = service_trace(compile(&text), 1, 40, "hospital");
    assert_eq!(trace[13], 1.0, "{trace:?}");
    let second = (13..40)
        .find(|&t| trace[t] < 1.0)
        .expect("the second cut bites");
    assert_eq!(second, 17, "a part-full tank lasts less: {trace:?}");
}

#[test]
fn a_backup_covers_only_its_sectors() {
    // Fuel covers power, not telecom: losing telecom degrades the node at once.
    let text = scenario(
        &[
            node_with("net", "InformationCommunications", 1000, ""),
            node_with("grid", "ElectricPower", 1000, ""),
            node_with("bank", "Finance", 1000, "backup: (hours: 48)"),
        ],
        &[dep("bank", "net", 0.5), dep("bank", "grid", 1.0)],
        &[campaign(&["net", "grid"], [1, 1, 1], 0.0, &cut(10), "")],
        "",
    );
    let trace = service_trace(compile(&text), 1, 12, "bank");
    assert!((trace[3] - 0.5).abs() < 1e-6, "{trace:?}");
}

#[test]
fn people_are_counted_once_however_many_services_they_lose() {
    // One town of 1000 people: its power, water and gas all fail for the same hours.
    let text = scenario(
        &[
            node_with("grid", "ElectricPower", 1000, "region: \"town\""),
            node_with("water", "Water", 1000, "region: \"town\""),
            node_with("gas", "Gas", 1000, "region: \"town\""),
        ],
        &[],
        &[campaign(
            &["grid", "water", "gas"],
            [1, 1, 1],
            0.0,
            &cut(10),
            "",
        )],
        "",
    )
    .replace(
        "(id: \"japan\", doctrine: \"japan\",",
        "(id: \"japan\", doctrine: \"japan\", population: 100000,",
    );
    let plan = std::sync::Arc::new(compile(&text));
    let out = casus::sim::run(plan, 1, 30, &mut |_, _| {});
    let japan = &out.summary.harm.by_state[0];
    // Three services, 1000 people: 1% of the State, not 3%.
    assert!(
        (japan.essential_supply_loss - 0.01).abs() < 1e-9,
        "{}",
        japan.essential_supply_loss
    );
    // 10 hours out (restored the tick after): about 10 000 person-hours, once.
    assert!(
        (out.summary.harm.essential_person_hours - 10_000.0).abs() <= 1_000.0,
        "{}",
        out.summary.harm.essential_person_hours
    );
    assert!(out.summary.harm.outage_person_hours > 2.5 * out.summary.harm.essential_person_hours);
    assert!(
        (japan.outage_days - 10.0 / 24.0).abs() < 0.05,
        "{}",
        japan.outage_days
    );
}

#[test]
fn direct_casualties_are_counted_apart_from_estimated_ones() {
    let wave = "(start_hour: 0, effect: PhysicalDamage, intensity: 0.5, duration_hours: 1)";
    let text = scenario(
        &[node_with(
            "refinery",
            "Petroleum",
            1000,
            "direct_deaths: 4, direct_injuries: 20",
        )],
        &[],
        &[campaign(&["refinery"], [1, 1, 1], 0.0, wave, "")],
        "",
    );
    let out = casus::sim::run(std::sync::Arc::new(compile(&text)), 1, 10, &mut |_, _| {});
    let h = &out.summary.harm;
    assert_eq!(h.direct_deaths, 2.0);
    assert_eq!(h.direct_injuries, 10.0);
    // Petroleum carries no excess-mortality hazard: the totals are the direct figures.
    assert_eq!(h.estimated_deaths.central, 0.0);
    assert_eq!(h.deaths, 2.0);
}

#[test]
fn the_excess_death_hazard_grows_with_the_outage_s_duration() {
    // Deaths in the first six hours of an outage against the six hours after hour 18: the
    // later hours kill more per person-hour.
    let text = scenario(
        &[node_with("grid", "ElectricPower", 1_000_000, "")],
        &[],
        &[campaign(&["grid"], [1, 1, 1], 0.0, &cut(30), "")],
        "",
    );
    let out = casus::sim::run(std::sync::Arc::new(compile(&text)), 1, 40, &mut |_, _| {});
    let deaths = out.series.column("deaths").expect("deaths");
    let early = deaths[8] - deaths[2];
    let late = deaths[26] - deaths[20];
    assert!(late > 2.0 * early, "early {early}, late {late}");
    let low = out.series.column("estimated_deaths_low").expect("low");
    let high = out.series.column("estimated_deaths_high").expect("high");
    assert!(low[39] < deaths[39] && deaths[39] < high[39]);
}

/// `text` with a restoration entry for Japan's `national` region.
fn with_crews(text: &str, crews: u32, telecom_dependence: f64) -> String {
    text.replace(
        "    campaigns: [",
        &format!(
            "    restoration: [(owner: \"japan\", region: \"national\", crews: {crews}, telecom_dependence: {telecom_dependence})],\n    campaigns: ["
        ),
    )
}

/// First tick at which `trace`, once it has dropped below `level`, reaches it again.
fn first_at(trace: &[f32], level: f32) -> Option<usize> {
    let down = trace.iter().position(|&s| s < level)?;
    trace[down..]
        .iter()
        .position(|&s| s >= level)
        .map(|k| down + k)
}

#[test]
fn one_crew_restores_damaged_nodes_one_after_another_in_order() {
    // Three water works cut for 4 hours, each restored at 0.25 an hour: without crews they
    // come back together; with one crew, one after the other (equal criticality: node order).
    let text = scenario(
        &[
            node("a", "Water", 1000),
            node("b", "Water", 1000),
            node("c", "Water", 1000),
        ],
        &[],
        &[campaign(&["a", "b", "c"], [1, 1, 1], 0.0, &cut(4), "")],
        "",
    );
    let back = |text: &str, id: &str| first_at(&service_trace(compile(text), 1, 60, id), 1.0);
    let free: Vec<_> = ["a", "b", "c"].iter().map(|id| back(&text, id)).collect();
    assert!(
        free[0].is_some() && free[0] == free[1] && free[1] == free[2],
        "{free:?}"
    );
    let crewed = with_crews(&text, 1, 0.0);
    let one: Vec<usize> = ["a", "b", "c"]
        .iter()
        .map(|id| back(&crewed, id).expect("restored"))
        .collect();
    assert_eq!(Some(one[0]), free[0], "the first node is not delayed");
    // Four ticks of work each: the next starts when the crew is free.
    assert_eq!(one[1], one[0] + 4, "{one:?}");
    assert_eq!(one[2], one[1] + 4, "{one:?}");
    // Two crews: the third waits for one of them.
    let two = with_crews(&text, 2, 0.0);
    assert_eq!(back(&two, "b"), free[1]);
    assert_eq!(back(&two, "c"), Some(one[1]));
}

#[test]
fn physical_damage_holds_the_capacity_until_the_spare_part_arrives() {
    // Half the capacity destroyed at tick 2; a replacement takes 48 hours to arrive.
    let wave = "(start_hour: 0, effect: PhysicalDamage, intensity: 0.5, duration_hours: 1)";
    let build = |extra: &str| {
        scenario(
            &[node_with("substation", "ElectricPower", 1000, extra)],
            &[],
            &[campaign(&["substation"], [1, 1, 1], 0.0, wave, "")],
            "",
        )
    };
    let none = service_trace(compile(&build("")), 1, 80, "substation");
    let spare = service_trace(compile(&build("spare_part_hours: 48")), 1, 80, "substation");
    assert_eq!(none[2], 0.5);
    assert!(none[10] > 0.5, "repair starts at once: {:?}", &none[..12]);
    assert!(
        spare[2..=49].iter().all(|&s| s == 0.5),
        "held for the lead time: {:?}",
        &spare[..52]
    );
    assert!(spare[60] > 0.5, "repair starts once it arrives");
}

#[test]
fn restoration_waits_for_the_region_s_telecommunications() {
    // Telecom and a water works cut together. With dispatch fully dependent on telecom, the
    // water works' repair starts only once telecom (restored by its carrier at full pace) is
    // back in part, and finishes later.
    let text = scenario(
        &[
            node("tel", "InformationCommunications", 1000),
            node("w", "Water", 1000),
        ],
        &[],
        &[campaign(&["tel", "w"], [1, 1, 1], 0.0, &cut(6), "")],
        "",
    );
    let first_up = |trace: &[f32]| trace.iter().skip(3).position(|&s| s > 0.0);
    let free_tel = service_trace(compile(&text), 1, 60, "tel");
    let free_w = service_trace(compile(&text), 1, 60, "w");
    assert_eq!(first_up(&free_tel), first_up(&free_w));
    let dep = with_crews(&text, 5, 1.0);
    let tel = service_trace(compile(&dep), 1, 60, "tel");
    let w = service_trace(compile(&dep), 1, 60, "w");
    assert_eq!(tel, free_tel, "telecom itself is not slowed");
    assert!(
        first_up(&w) > first_up(&tel),
        "water waits: {w:?} / {tel:?}"
    );
    assert!(first_at(&w, 1.0) > first_at(&free_w, 1.0));
    assert!(w[59] == 1.0, "and is restored in the end: {w:?}");
    // Half dependent: slowed, not stopped.
    let half = service_trace(compile(&with_crews(&text, 5, 0.5)), 1, 60, "w");
    assert_eq!(first_up(&half), first_up(&free_w));
    assert!(first_at(&half, 1.0) > first_at(&free_w, 1.0));
}

#[test]
fn a_restoration_entry_with_no_crew_or_no_node_is_refused_with_a_hint() {
    let text = scenario(&[node("a", "Water", 1000)], &[], &[], "").replace(
        "    campaigns: [",
        "    restoration: [(owner: \"japan\", region: \"kanto\", crews: 0, telecom_dependence: 2)],\n    campaigns: [",
    );
    let path = std::path::Path::new("bad.ron");
    let err = casus::scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .expect_err("refused")
        .to_string();
    assert!(err.contains("no node in region `kanto`"), "{err}");
    assert!(err.contains("restoration[0].crews"), "{err}");
    assert!(err.contains("restoration[0].telecom_dependence"), "{err}");
}
