//! The law inside runs: crossings at plausible ticks, responses in ladder order, the Security
//! Council, an actor that ignores the law, and the legal trace.

use super::support::*;
use casus::law::{Response, Status};
use casus::scenario;
use casus::sim::{self, RunOutput, events::Event};
use std::path::Path;
use std::sync::Arc;

fn shipped(name: &str) -> RunOutput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(format!("{name}.ron"));
    let plan = Arc::new(scenario::open(&path).expect("loads"));
    let (seed, ticks) = (plan.seed, plan.ticks);
    sim::run(plan, seed, ticks, &mut |_, _| {})
}

fn first(
    out: &RunOutput,
    victim: &str,
    ally: Option<&str>,
    doctrine: &str,
    threshold: &str,
    status: Status,
) -> Option<u32> {
    out.summary
        .thresholds_crossed
        .iter()
        .find(|c| {
            c.victim == victim
                && c.ally.as_deref() == ally
                && c.doctrine == doctrine
                && c.threshold == threshold
                && c.status == status
        })
        .map(|c| c.tick)
}

fn first_effect(out: &RunOutput, effect: casus::model::EffectType) -> Option<u32> {
    out.events.iter().find_map(|&(t, e)| {
        matches!(e, Event::EffectApplied { effect: x, .. } if x == effect).then_some(t)
    })
}

/// Excess deaths the harm model estimates from a blackout are not deaths the operation
/// caused (Koh 2012: "proximately result in"): hours into a blackout that has destroyed
/// nothing, no doctrine finds force or an armed attack established, and the doctrines diverge.
#[test]
fn winter_grid_is_no_armed_attack_hours_into_the_blackout_and_the_doctrines_diverge() {
    let out = shipped("winter-grid");
    let blackout =
        first_effect(&out, casus::model::EffectType::Disruption).expect("a disruption lands");
    for d in ["japan", "tallinn", "us", "uk", "france", "germany", "nato"] {
        for t in ["use_of_force", "armed_attack"] {
            assert!(
                first(&out, "japan", None, d, t, Status::Met).is_none_or(|x| x > blackout + 4),
                "{d} {t}"
            );
        }
    }
    // The doctrines no longer all agree: at Japan's last assessment their thresholds differ
    // (no standalone sovereignty rule for the US and the UK; the UK's broad intervention).
    let mut last: std::collections::BTreeMap<String, String> = Default::default();
    for text in &out.legal {
        let line: serde_json::Value = serde_json::from_str(text).expect("json");
        if line["victim"] == "japan"
            && line.get("ally").is_none_or(|a| a.is_null())
            && let Some(d) = line["doctrine"].as_str()
        {
            last.insert(d.to_string(), line["thresholds"].to_string());
        }
    }
    let distinct: std::collections::BTreeSet<&String> = last.values().collect();
    assert!(last.len() == 7 && distinct.len() > 1, "{last:?}");
    // Espionage alone crossed nothing above sovereignty.
    assert!(
        out.summary
            .thresholds_crossed
            .iter()
            .all(|c| c.threshold != "use_of_force" || c.tick >= blackout)
    );
    let ladder: Vec<usize> = out
        .summary
        .responses
        .iter()
        .filter(|r| r.actor == "japan")
        .map(|r| {
            Response::LADDER
                .iter()
                .position(|x| *x == r.response)
                .unwrap()
        })
        .collect();
    assert!(!ladder.is_empty());
    assert!(
        ladder.windows(2).all(|w| w[0] <= w[1]),
        "least escalatory first: {ladder:?}"
    );
    assert!(
        out.summary
            .responses
            .iter()
            .all(|r| r.lawful == Status::Met),
        "Japan respects the law"
    );
}

#[test]
fn long_espionage_never_crosses_force_and_is_answered_by_retorsion() {
    let out = shipped("long-espionage");
    assert!(out.summary.thresholds_crossed.iter().all(|c| !matches!(
        c.threshold.as_str(),
        "use_of_force" | "armed_attack" | "self_defense"
    )));
    assert!(
        first(
            &out,
            "japan",
            None,
            "france",
            "sovereignty_violation",
            Status::Met
        )
        .is_some(),
        "France counts any penetration"
    );
    assert!(
        first(
            &out,
            "japan",
            None,
            "uk",
            "sovereignty_violation",
            Status::Met
        )
        .is_none()
    );
    let taken: Vec<Response> = out.summary.responses.iter().map(|r| r.response).collect();
    assert_eq!(taken, vec![Response::Retorsion]);
}

#[test]
fn ally_energy_gives_japan_collective_self_defense_only_in_a_survival_threatening_situation() {
    let out = shipped("ally-energy");
    // Japan's share of people cut off is now a share of Japan's whole population: a regional
    // energy shock does not by itself make the survival-threatening situation.
    let survival = first(
        &out,
        "japan",
        Some("southland"),
        "japan",
        "survival_threatening_situation",
        Status::Met,
    );
    let ally_attack = first(
        &out,
        "southland",
        None,
        "tallinn",
        "armed_attack",
        Status::Met,
    )
    .expect("armed attack on the ally");
    if let Some(survival) = survival {
        assert!(ally_attack <= survival);
    }
    // Japan helps only once Southland has declared the armed attack and asked, and only
    // within what it asked for; force in its defense only in a survival-threatening situation.
    let request = out
        .summary
        .requests
        .iter()
        .find(|r| r.state == "southland" && r.against == "redland")
        .expect("Southland declares the attack and asks for help");
    assert!(request.tick >= ally_attack);
    assert!(request.addressees.iter().any(|a| a == "japan"));
    let japan: Vec<_> = out
        .summary
        .responses
        .iter()
        .filter(|r| r.actor == "japan")
        .collect();
    assert!(!japan.is_empty(), "Japan helps");
    for r in &japan {
        assert!(r.tick >= request.tick, "{r:?}");
        assert_eq!(r.ally.as_deref(), Some("southland"));
        assert!(r.response == Response::Retorsion || request.scope.contains(&r.response));
        assert_eq!(r.lawful, Status::Met);
        if r.response == Response::CollectiveSelfDefense {
            assert!(survival.is_some_and(|t| r.tick >= t), "{r:?}");
        }
    }
    // Japan was never itself the victim of a use of force.
    assert!(
        first(
            &out,
            "japan",
            Some("southland"),
            "japan",
            "use_of_force",
            Status::Met
        )
        .is_none()
    );
}

/// Redland destroys Japan's grid (USD 2 billion of equipment) twice.
fn grave_attack(japan_policy: &str, council: &str) -> RunOutput {
    let text = scenario(
        &[node("grid", "ElectricPower", 5_000_000), node("hospital", "Medical", 2_000_000)],
        &[dep("hospital", "grid", 1.0)],
        &[campaign(
            &["grid"],
            [1, 1, 1],
            0.0,
            "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 1), (start_hour: 5, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48), (start_hour: 150, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48)",
            "",
        )],
        "attribution_per_day: 0.9, eviction_per_day: 0.0",
    )
    .replace("replacement_cost_usd: 1000000", "replacement_cost_usd: 2000000000")
    .replace("(id: \"japan\", doctrine: \"japan\",", &format!("(id: \"japan\", doctrine: \"tallinn\", policy: {japan_policy}, decision: (assess_hours: 1, deliberate_hours: 1, decide_hours: 1, act_hours: 1, windows: (retorsion: 12, countermeasures: 12)),"))
    .replace("(id: \"blueland\"),", &format!("(id: \"blueland\"), {council}"));
    let plan = compile(&text);
    sim::run(Arc::new(plan), 9, 200, &mut |_, _| {})
}

#[test]
fn the_council_ends_the_right_of_self_defense_and_a_permanent_member_party_blocks_it() {
    let council = r#"(id: "unsc", kind: SecurityCouncil, council: (permanent_members: ["usa"], action_per_day: 1.0)),"#;
    let out = grave_attack("(respects_law: true, posture: Proportional)", council);
    let force = out
        .summary
        .responses
        .iter()
        .find(|r| r.response == Response::SelfDefense)
        .expect("self-defense taken");
    let acted = out.summary.council_acted_tick.expect("the council acts");
    assert!(acted >= force.tick);
    assert!(
        out.summary
            .responses
            .iter()
            .all(|r| !r.response.is_force() || r.tick <= acted)
    );
    let blocked = r#"(id: "unsc", kind: SecurityCouncil, council: (permanent_members: ["redland"], action_per_day: 1.0)),"#;
    let out = grave_attack("(respects_law: true, posture: Proportional)", blocked);
    assert!(
        out.summary
            .responses
            .iter()
            .any(|r| r.response == Response::SelfDefense)
    );
    assert_eq!(
        out.summary.council_acted_tick, None,
        "redland is a party and blocks it"
    );
}

#[test]
fn an_actor_that_ignores_the_law_acts_anyway_and_the_act_is_recorded_unlawful() {
    let out = grave_attack("(respects_law: false, posture: Aggressive)", "");
    let unlawful: Vec<_> = out
        .summary
        .responses
        .iter()
        .filter(|r| r.lawful != Status::Met)
        .collect();
    assert!(!unlawful.is_empty(), "{:?}", out.summary.responses);
    assert!(
        out.events.iter().any(
            |(_, e)| matches!(e, Event::ResponseTaken { lawful, .. } if *lawful != Status::Met)
        )
    );
}

#[test]
fn the_legal_trace_names_doctrine_findings_and_citations_at_each_step() {
    let out = shipped("winter-grid");
    assert!(!out.legal.is_empty());
    for line in &out.legal {
        let line: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert!(line.get("tick").is_some());
        let findings = line["findings"].as_array().expect("findings");
        assert!(!findings.is_empty());
        for f in findings {
            assert!(f["citation"].as_str().is_some_and(|c| !c.is_empty()));
            assert!(f["explanation"].as_str().is_some());
        }
    }
    let steps = out
        .events
        .iter()
        .filter(|(_, e)| matches!(e, Event::EscalationStep { .. }))
        .count();
    assert!(out.legal.len() >= steps * 7, "every doctrine at every step");
}
