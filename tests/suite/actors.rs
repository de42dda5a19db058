//! State actors: facts from each actor's picture, decisions that take time and respect the
//! evaluation windows, requests for help before collective self-defense, and decisions files.

use super::cli::casus;
use super::support::*;
use casus::scenario;
use casus::sim::components::{Incidents, Intrusion, IntrusionStatus};
use casus::sim::legal::ActorIndex;
use casus::sim::legal::picture::Picture;
use casus::sim::{self, RunOutput, Simulation};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

const SHIPPED: [&str; 3] = ["winter-grid", "ally-energy", "long-espionage"];

fn shipped_path(name: &str) -> String {
    format!("{}/scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"))
}

/// Runs a scenario file and returns its `summary.json`, as written.
fn summary_of(plan: casus::scenario::Compiled) -> Value {
    let plan = Arc::new(plan);
    let out = sim::run(plan.clone(), plan.seed, plan.ticks, &mut |_, _| {});
    let dir = tempfile::tempdir().expect("tempdir");
    casus::report::write_run(dir.path(), &out, &plan).expect("written");
    let text = std::fs::read_to_string(dir.path().join("summary.json")).expect("summary");
    serde_json::from_str(&text).expect("JSON")
}

fn effect_rank(v: &Value) -> usize {
    v.as_str().map_or(0, |e| {
        casus::model::EffectType::ALL
            .iter()
            .position(|x| x.as_str() == e)
            .expect("an effect")
            + 1
    })
}

/// Checks the evaluation-window rule on a summary: every response against an adversary comes
/// after the window of the actor's previous one against it, or the attack had grown graver.
/// Returns how many responses followed an earlier one.
fn check_windows(name: &str, summary: &Value) -> usize {
    let responses = summary["responses"].as_array().expect("responses");
    let mut followed = 0;
    for (i, r) in responses.iter().enumerate() {
        let Some(prev) = responses[..i]
            .iter()
            .rev()
            .find(|p| p["actor"] == r["actor"] && p["against"] == r["against"])
        else {
            assert_eq!(r["inside_window"], false, "{name}: {r}");
            continue;
        };
        followed += 1;
        let tick = r["tick"].as_u64().expect("tick");
        let window_ends = prev["window_ends"].as_u64().expect("window_ends");
        assert!(window_ends > prev["tick"].as_u64().expect("tick"));
        if tick < window_ends {
            let graver = effect_rank(&r["worst_effect"]) > effect_rank(&prev["worst_effect"])
                || r["severity_class"].as_u64() > prev["severity_class"].as_u64();
            assert!(
                graver,
                "{name}: {r} inside the window of {prev} without a graver attack"
            );
            assert_eq!(r["inside_window"], true, "{name}: {r}");
        } else {
            assert_eq!(r["inside_window"], false, "{name}: {r}");
        }
    }
    followed
}

/// Every collective self-defense (and support) follows a request of the ally against the same
/// adversary, addressed to the responder, and stays within its scope. Returns how many were
/// checked.
fn check_requests(name: &str, summary: &Value) -> usize {
    let requests = summary["requests"].as_array().expect("requests");
    let mut checked = 0;
    for r in summary["responses"].as_array().expect("responses") {
        let Some(ally) = r["ally"].as_str() else {
            continue;
        };
        checked += 1;
        let asked = requests.iter().any(|q| {
            q["state"] == ally
                && q["against"] == r["against"]
                && q["tick"].as_u64() <= r["tick"].as_u64()
                && q["addressees"]
                    .as_array()
                    .is_some_and(|a| a.contains(&r["actor"]))
                && (r["response"] == "retorsion"
                    || q["scope"]
                        .as_array()
                        .is_some_and(|s| s.contains(&r["response"])))
        });
        assert!(asked, "{name}: {r} without an earlier request in scope");
    }
    checked
}

#[test]
fn no_actor_responds_twice_inside_a_window_unless_the_attack_grew_graver() {
    let mut followed = 0;
    for name in SHIPPED {
        let plan = scenario::open(Path::new(&shipped_path(name))).expect("loads");
        followed += check_windows(name, &summary_of(plan));
    }
    // The rule is exercised: some actor responds again after a first response.
    assert!(followed > 0);
}

#[test]
fn the_window_rule_defers_a_decision_and_lets_the_actor_climb_after_it() {
    let out = grave_attack(
        "(respects_law: true, posture: Restrained)",
        "usa",
        "Restrained",
    );
    let deferred = out
        .events
        .iter()
        .any(|(_, e)| matches!(e, sim::events::Event::DecisionDeferred { .. }));
    assert!(deferred, "a decision point falls inside an open window");
    let japan: Vec<_> = out
        .summary
        .responses
        .iter()
        .filter(|r| r.actor == "japan")
        .collect();
    assert!(japan.len() >= 2, "{japan:?}");
    for w in japan.windows(2) {
        assert!(w[1].tick >= w[0].window_ends || w[1].inside_window, "{w:?}");
        assert!(w[1].tick >= w[0].takes_effect);
    }
}

#[test]
fn collective_self_defense_only_after_a_request() {
    for name in SHIPPED {
        let plan = scenario::open(Path::new(&shipped_path(name))).expect("loads");
        check_requests(name, &summary_of(plan));
    }
    // A law-abiding ally of a State gravely attacked by an aggressive adversary it cannot stop
    // itself: the ally climbs to collective self-defense, and only after Japan's request.
    let text = grave_attack_text("(respects_law: true, posture: Restrained)", "usa", "Proportional")
        .replace(
            "policy: (respects_law: true, posture: Restrained),",
            "policy: (respects_law: true, posture: Restrained), capabilities: (cyber: 0.0, kinetic: 0.0),",
        )
        .replace("(id: \"redland\"),", "(id: \"redland\", policy: (respects_law: false, posture: Aggressive)),")
        .replace(
            "act_hours: 2)",
            "act_hours: 2, windows: (intelligence_sharing: 12, retorsion: 12, logistics_support: 12))",
        );
    let summary = summary_of(compile(&text));
    assert!(check_requests("grave", &summary) > 0, "{summary}");
    let csd = summary["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .find(|r| r["response"] == "collective_self_defense")
        .unwrap_or_else(|| panic!("the ally uses force: {}", summary["responses"]));
    assert_eq!(csd["actor"], "usa");
    assert_eq!(csd["ally"], "japan");
}

/// Japan's grid and hospital destroyed twice by Redland; `ally` is Japan's ally with the given
/// posture, respecting the law.
fn grave_attack_text(japan_policy: &str, ally: &str, ally_posture: &str) -> String {
    scenario(
        &[node("grid", "ElectricPower", 5_000_000), node("hospital", "Medical", 2_000_000)],
        &[dep("hospital", "grid", 1.0)],
        &[campaign(
            &["grid"],
            [1, 1, 1],
            0.0,
            "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 1), (start_hour: 5, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48), (start_hour: 150, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48), (start_hour: 300, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48)",
            "intent: Explicit",
        )],
        "attribution_per_day: 0.9, eviction_per_day: 0.0",
    )
    .replace("duration_hours: 200,", "duration_hours: 500,")
    // Deaths from the hospital's outage are estimated, not caused: the grid's destruction must
    // itself be grave for an armed attack.
    .replace("replacement_cost_usd: 1000000", "replacement_cost_usd: 2000000000")
    .replace(
        "(id: \"japan\", doctrine: \"japan\",",
        &format!("(id: \"japan\", doctrine: \"tallinn\", policy: {japan_policy},"),
    )
    .replace(
        &format!("(id: \"{ally}\", doctrine: \"us\"),"),
        &format!(
            "(id: \"{ally}\", doctrine: \"us\", relationships: [(with: \"japan\", kind: Ally)], policy: (respects_law: true, posture: {ally_posture}), decision: (assess_hours: 1, deliberate_hours: 2, decide_hours: 1, act_hours: 2)),"
        ),
    )
}

fn grave_attack(japan_policy: &str, ally: &str, ally_posture: &str) -> RunOutput {
    let plan = Arc::new(compile(&grave_attack_text(
        japan_policy,
        ally,
        ally_posture,
    )));
    sim::run(plan.clone(), 9, plan.ticks, &mut |_, _| {})
}

/// An intrusion poised to strike: the campaign's implants sit in their effect phase with a
/// destructive wave still to come.
#[test]
fn an_undetected_intrusion_poised_to_strike_is_not_imminent_for_the_victim() {
    let text = scenario(
        &[
            node("grid", "ElectricPower", 1_000_000),
            node("dam", "Water", 1_000_000),
        ],
        &[],
        &[campaign(
            &["grid", "dam"],
            [1, 1, 1],
            0.0,
            "(start_hour: 0, effect: Espionage, intensity: 0.1, duration_hours: 10), (start_hour: 150, effect: PhysicalDamage, intensity: 1.0, duration_hours: 48)",
            "intent: Ambiguous",
        )],
        "attribution_per_day: 0.9, eviction_per_day: 0.0",
    );
    let plan = Arc::new(compile(&text));
    let japan = plan.actor_index("japan").expect("japan");
    let redland = plan.actor_index("redland").expect("redland");
    let grid = (0..plan.nodes.len() as u32)
        .find(|&i| plan.node_names.get(i) == "grid")
        .expect("grid");
    let mut sim = Simulation::new(plan.clone(), 3);
    for _ in 0..20 {
        sim.step();
    }
    let world = sim.world_mut();
    // Both implants are poised; neither is detected: Japan sees nothing at all.
    let mut q = world.query::<&Intrusion>();
    assert!(
        q.iter(world)
            .all(|x| x.phase == casus::model::KillChainPhase::Effect && !x.detected)
    );
    assert!(sim::legal::facts_now(world, japan, redland).is_none());

    // Japan finds and contains the implant in the grid; the one in the dam stays hidden.
    let mut q = world.query::<&mut Intrusion>();
    let mut pair = 0;
    for mut x in q.iter_mut(world) {
        if x.node == grid {
            x.detected = true;
            x.status = IntrusionStatus::Evicted;
            pair = x.pair;
        }
    }
    world.resource_mut::<Incidents>().pair_detected[pair as usize] = true;
    let facts = sim::legal::facts_now(world, japan, redland).expect("a situation");
    assert_eq!(
        facts.imminent.0,
        Some(false),
        "the hidden implant is not seen"
    );

    // The dam's implant is found too: its payload is in view, but Redland's intent is not
    // known (its declarations are ambiguous).
    for mut x in q.iter_mut(world) {
        if x.node != grid {
            x.detected = true;
        }
    }
    let facts = sim::legal::facts_now(world, japan, redland).expect("a situation");
    assert_eq!(facts.imminent.0, Some(false), "intent unknown");

    // An ally's intelligence reveals the intent: now the strike is imminent for Japan.
    let mut actors = world.query::<(&ActorIndex, &mut Picture)>();
    for (a, mut p) in actors.iter_mut(world) {
        if a.0 == japan {
            p.intent_intel.insert(redland);
        }
    }
    let facts = sim::legal::facts_now(world, japan, redland).expect("a situation");
    assert_eq!(facts.imminent.0, Some(true));
}

fn run_cli_with_decisions(decisions: &str) -> (std::process::Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("decisions.ron");
    std::fs::write(&file, decisions).expect("written");
    let out_dir = dir.path().join("run");
    let out = casus(&[
        "run",
        &shipped_path("ally-energy"),
        "--decisions",
        file.to_str().expect("utf-8"),
        "--out",
        out_dir.to_str().expect("utf-8"),
        "--quiet",
        "--no-charts",
    ]);
    (out, dir)
}

#[test]
fn a_decisions_file_overrides_the_policy_and_flags_an_unlawful_decision() {
    // Southland uses force at tick 200, long before any armed attack: unlawful, carried out,
    // flagged; its automated policy (retorsion at the first step it may act) is off.
    let (out, dir) = run_cli_with_decisions(
        "// Southland overreacts\n[\n    (tick: 200, actor: \"southland\", response: self_defense, against: \"redland\"),\n]\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = dir.path().join("run");
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).expect("summary"))
            .expect("JSON");
    let southland: Vec<&Value> = summary["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .filter(|r| r["actor"] == "southland")
        .collect();
    assert_eq!(southland.len(), 1, "{southland:?}");
    let r = southland[0];
    assert_eq!(r["tick"], 200);
    assert_eq!(r["response"], "self_defense");
    assert_eq!(r["decided_by"], "decisions_file");
    assert_ne!(r["lawful"], "met");
    assert_eq!(r["flagged"], true);
    // Carried out: it takes effect after Southland's act stage, and the State looks again.
    let takes_effect = r["takes_effect"].as_u64().expect("takes_effect");
    assert!(takes_effect > 200);
    let events = std::fs::read_to_string(run.join("events.jsonl")).expect("events");
    let events: Vec<Value> = events
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert!(events.iter().any(|e| {
        e["type"] == "escalation_step"
            && e["victim"] == "southland"
            && e["tick"].as_u64() == Some(takes_effect + 1)
            && e["reasons"]
                .as_array()
                .is_some_and(|r| r.contains(&Value::from("response")))
    }));
    // Flagged in the legal trace, with the findings that make it unlawful.
    let legal = std::fs::read_to_string(run.join("legal.jsonl")).expect("legal");
    let line: Value = legal
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .find(|l| l["response_by"] == "southland")
        .expect("the decision in the trace");
    assert_eq!(line["flagged"], true);
    assert_eq!(line["decided_by"], "decisions_file");
    assert!(
        line["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["test"] == "self_defense" && f["outcome"] != "met")
    );
    // Without the file, Southland's policy decides otherwise.
    let plan = scenario::open(Path::new(&shipped_path("ally-energy"))).expect("loads");
    let policy = summary_of(plan);
    assert!(
        policy["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .filter(|r| r["actor"] == "southland")
            .all(|r| r["response"] != "self_defense" && r["decided_by"] == "policy")
    );
}

#[test]
fn a_bad_decisions_file_exits_2_with_line_and_column() {
    let cases = [
        (
            "[\n  (tick: 5, actor: \"japon\", response: retorsion, against: \"redland\"),\n]\n",
            ":2:",
            "did you mean `japan`?",
        ),
        (
            "[\n  (tick: 5, actor: \"japan\", response: retorsion, against: \"redland\"),\n  (tick: 6, actor: \"usa\", response: collective_self_defense, against: \"redland\"),\n]\n",
            ":3:",
            "ally",
        ),
        (
            "[\n  (tick: 5, actor: \"japan\", response: nuke, against: \"redland\"),\n]\n",
            ":2:",
            "unknown variant `nuke`",
        ),
        (
            "[\n  (tick: 99999, actor: \"japan\", response: retorsion, against: \"redland\"),\n]\n",
            ":2:",
            "after the run's last tick",
        ),
    ];
    for (text, at, message) in cases {
        let (out, _dir) = run_cli_with_decisions(text);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!("decisions.ron{at}")), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn every_event_type_written_is_documented_with_its_fields() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/outputs.md"))
        .expect("docs/outputs.md");
    let (_, dir) = run_cli_with_decisions(
        "[(tick: 600, actor: \"japan\", response: collective_self_defense, against: \"redland\", ally: \"southland\")]",
    );
    let mut kinds = std::collections::BTreeSet::new();
    let events = std::fs::read_to_string(dir.path().join("run/events.jsonl")).expect("events");
    for line in events.lines() {
        let e: Value = serde_json::from_str(line).expect("JSON");
        let obj = e.as_object().expect("an object");
        let keys: Vec<&String> = obj.keys().collect();
        assert_eq!(keys[0], "tick");
        assert_eq!(keys[1], "type");
        let kind = e["type"].as_str().expect("type").to_string();
        assert!(
            doc.contains(&format!("`{kind}`")),
            "{kind} is not in docs/outputs.md"
        );
        for k in keys.iter().skip(2) {
            assert!(
                doc.contains(&format!("`{k}`")),
                "{kind}.{k} is not in docs/outputs.md"
            );
        }
        kinds.insert(kind);
    }
    for kind in [
        "assistance_requested",
        "response_taken",
        "decision_stage",
        "threshold_crossed",
    ] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
}

#[test]
fn a_negative_decision_duration_is_refused_with_its_place() {
    let text = scenario(&[node("grid", "ElectricPower", 1000)], &[], &[], "")
        .replace(
            "(id: \"usa\", doctrine: \"us\"),",
            "(id: \"usa\", doctrine: \"us\", decision: (deliberate_hours: -3, windows: (retorsion: -1))),",
        );
    let path = Path::new("test.ron");
    let err = scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("test.ron:9:48") && message.contains(".decision.deliberate_hours"),
        "{message}"
    );
    assert!(
        message.contains("test.ron:9:80") && message.contains(".decision.windows.retorsion"),
        "{message}"
    );
    assert!(message.contains("test.ron:"), "{message}");
    assert_eq!(err.exit_code(), 2);
}
