//! The facts the simulation gives the law about the situation around an attack: an armed
//! conflict once force is used (since when, who began it), the third State a campaign is
//! staged through, and the victim's own responses (its call to comply, urgency).

use super::support::*;
use casus::law::{Response, Status};
use casus::scenario;
use casus::sim::{self, RunOutput};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// Redland destroys Japan's grid (USD 2 billion of equipment) twice; Japan answers by the
/// ladder under the Tallinn doctrine. `extra` goes into the campaign.
fn grave_attack(extra: &str) -> RunOutput {
    let text = scenario(
        &[node("grid", "ElectricPower", 5_000_000), node("hospital", "Medical", 2_000_000)],
        &[dep("hospital", "grid", 1.0)],
        &[campaign(
            &["grid"],
            [1, 1, 1],
            0.0,
            "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 1), (start_hour: 5, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48), (start_hour: 150, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48)",
            extra,
        )],
        "attribution_per_day: 0.9, eviction_per_day: 0.0",
    )
    .replace("replacement_cost_usd: 1000000", "replacement_cost_usd: 2000000000")
    .replace("(id: \"japan\", doctrine: \"japan\",", "(id: \"japan\", doctrine: \"tallinn\", policy: (respects_law: true, posture: Proportional), decision: (assess_hours: 1, deliberate_hours: 1, decide_hours: 1, act_hours: 1, windows: (retorsion: 12, countermeasures: 12)),");
    let plan = compile(&text);
    sim::run(Arc::new(plan), 9, 200, &mut |_, _| {})
}

/// Japan's own assessments of its situation with Redland under `doctrine`, in order.
fn japan_lines(out: &RunOutput, doctrine: &str) -> Vec<Value> {
    out.legal
        .iter()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .filter(|l| {
            l["victim"] == "japan"
                && l["suspect"] == "redland"
                && l["ally"].is_null()
                && l["doctrine"] == doctrine
        })
        .collect()
}

fn finding<'a>(line: &'a Value, test: &str) -> Option<&'a Value> {
    line["findings"]
        .as_array()?
        .iter()
        .find(|f| f["test"] == test)
}

fn fact<'a>(finding: &'a Value, name: &str) -> &'a Value {
    finding["facts"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["fact"] == name))
        .map_or(&Value::Null, |f| &f["value"])
}

#[test]
fn a_conflict_begun_by_self_defense_is_in_the_facts_and_the_law_of_armed_conflict_applies_after_it_not_before()
 {
    let out = grave_attack("");
    let force = out
        .summary
        .responses
        .iter()
        .find(|r| r.actor == "japan" && r.response == Response::SelfDefense)
        .expect("self-defense taken");
    assert_eq!(force.lawful, Status::Met, "{force:?}");
    let begins = force.takes_effect;
    let lines = japan_lines(&out, "tallinn");
    let (before, after): (Vec<&Value>, Vec<&Value>) = lines
        .iter()
        // The step of a tick is assessed before that tick's responses take effect.
        .partition(|l| l["tick"].as_u64().expect("tick") <= u64::from(begins));
    assert!(
        !before.is_empty() && !after.is_empty(),
        "steps on both sides"
    );
    for l in &before {
        assert!(
            l["thresholds"].get("law_of_armed_conflict").is_none(),
            "no conflict before tick {begins}: {l}"
        );
        assert!(finding(l, "law_of_armed_conflict").is_none());
    }
    for l in &after {
        assert_eq!(l["thresholds"]["law_of_armed_conflict"], "met", "{l}");
        let regime = finding(l, "law_of_armed_conflict").expect("the regime finding");
        assert_eq!(fact(regime, "conflict.begun_by"), "redland");
        assert_eq!(
            fact(regime, "conflict.since"),
            &Value::from(format!("tick {begins}"))
        );
        // Self-defense against the ongoing aggression needs no new armed attack.
        let sd = finding(l, "self_defense").expect("self-defense finding");
        assert_eq!(fact(sd, "ongoing_aggression"), "met", "{sd}");
    }
}

#[test]
fn a_campaign_staged_through_a_third_state_names_it_for_its_due_diligence() {
    let out = grave_attack("staged_through: \"blueland\"");
    let lines = japan_lines(&out, "tallinn");
    assert!(!lines.is_empty());
    for l in &lines {
        let dd = finding(l, "host_state_due_diligence").expect("due diligence finding");
        assert_eq!(fact(dd, "host_state"), "blueland");
        // What the host knew, could do and did, the victim cannot see.
        assert_eq!(fact(dd, "host_state.knew"), "unknown");
        assert!(l["thresholds"].get("host_state_due_diligence").is_some());
    }
    let plain = grave_attack("");
    for l in japan_lines(&plain, "tallinn") {
        assert!(finding(&l, "host_state_due_diligence").is_none());
    }
}

#[test]
fn staged_through_must_name_a_third_state() {
    let text = scenario(
        &[node("grid", "ElectricPower", 1000)],
        &[],
        &[campaign(
            &["grid"],
            [1, 1, 1],
            0.0,
            "(start_hour: 5, effect: Disruption, intensity: 1.0, duration_hours: 4)",
            "staged_through: \"redland\"",
        )],
        "",
    );
    let path = Path::new("test.ron");
    let err = scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .map(|_| ())
        .expect_err("the operator is no third State");
    let msg = err.to_string();
    assert!(msg.contains("staged_through"), "{msg}");
    assert!(msg.contains("not a third State"), "{msg}");
    let unknown = text.replace(
        "staged_through: \"redland\"",
        "staged_through: \"greenland\"",
    );
    let err = scenario::load_str(&unknown, path)
        .and_then(|s| s.compile(path))
        .map(|_| ())
        .expect_err("an unknown actor");
    assert!(err.to_string().contains("greenland"), "{err}");
}

#[test]
fn the_victims_call_to_comply_and_the_urgency_reach_the_countermeasures_test() {
    let out = grave_attack("");
    let protest = out
        .summary
        .responses
        .iter()
        .find(|r| r.actor == "japan" && r.response == Response::Retorsion)
        .expect("retorsion taken");
    let lines = japan_lines(&out, "tallinn");
    let mut seen = [false; 2];
    for l in &lines {
        let cm = finding(l, "countermeasures").expect("countermeasures finding");
        let tick = l["tick"].as_u64().expect("tick");
        let called = tick >= u64::from(protest.takes_effect);
        assert_eq!(
            fact(cm, "response_facts.called_to_comply"),
            &Value::from(called),
            "tick {tick}: {cm}"
        );
        assert_eq!(fact(cm, "response_facts.reversible"), &Value::from(true));
        assert!(fact(cm, "response_facts.urgent").is_boolean());
        seen[usize::from(called)] = true;
    }
    assert_eq!(seen, [true, true], "steps before and after the protest");
}
