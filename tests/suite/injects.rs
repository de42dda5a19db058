//! Injects (scheduled in the scenario, or added by the white cell while the run goes on) and
//! the after-action record: each kind of inject changes the outputs as it should, wrong names
//! are refused with a suggestion, the white cell's injects survive a checkpoint, and the
//! decisions record replays.

use super::cli::casus;
use super::support::ok;
use casus::law::Status;
use casus::law::facts::CouncilMeasure;
use casus::model::EffectType;
use casus::scenario::{self, Compiled, Inject};
use casus::sim::checkpoint::{Checkpoint, Inputs};
use casus::sim::events::Event;
use casus::sim::{self, RunOutput, Simulation};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/white-cell.ron")
}

/// The example scenario, with its injects or without them.
fn plan(with_injects: bool) -> Compiled {
    let path = example();
    let mut s = scenario::load(&path).expect("loads");
    if !with_injects {
        s.injects.clear();
    }
    s.compile(&path).expect("compiles")
}

fn run(plan: Compiled) -> RunOutput {
    let plan = Arc::new(plan);
    let (seed, ticks) = (plan.seed, plan.ticks);
    sim::run(plan, seed, ticks, &mut |_, _| {})
}

fn jsonl(out: &RunOutput, plan: &Compiled) -> String {
    sim::events::jsonl(&out.events, plan, &out.doctrines)
}

fn applied(out: &RunOutput) -> Vec<(u32, &'static str)> {
    out.events
        .iter()
        .filter_map(|(t, e)| match e {
            Event::InjectApplied { what, .. } => Some((
                *t,
                match what {
                    sim::injects::Resolved::CampaignWave { .. } => "campaign_wave",
                    sim::injects::Resolved::IntelligenceReport { .. } => "intelligence_report",
                    sim::injects::Resolved::AllyRequest { .. } => "ally_request",
                    sim::injects::Resolved::CouncilMeasure { .. } => "council_measure",
                },
            )),
            _ => None,
        })
        .collect()
}

#[test]
fn each_kind_of_inject_changes_the_outputs() {
    let p = plan(true);
    let with = run(p.clone());
    let without = run(plan(false));
    assert_eq!(
        applied(&with),
        vec![
            (120, "intelligence_report"),
            (168, "campaign_wave"),
            (216, "campaign_wave"),
            (240, "ally_request"),
            (480, "council_measure"),
        ]
    );
    assert!(applied(&without).is_empty());
    let text = jsonl(&with, &p);
    assert!(text.contains(
        "\"type\":\"inject_applied\",\"inject\":0,\"source\":\"scenario\",\"kind\":\"intelligence_report\",\"state\":\"eastland\",\"campaign\":\"quiet-tap\",\"author\":\"redland\",\"confidence\":0.85"
    ), "{text:.2000}");

    // The intelligence report: Eastland learns of the campaign and names Redland at once.
    let attributed = |out: &RunOutput| {
        out.events.iter().find_map(|(t, e)| match e {
            Event::AttributionUpdated { confidence, .. } if *confidence >= 0.85 => Some(*t),
            _ => None,
        })
    };
    assert_eq!(attributed(&with), Some(120));
    assert!(attributed(&without).is_none_or(|t| t > 120));

    // The waves: disruption, then physical damage, on the nodes the intruders hold, as waves
    // numbered after the campaign's own.
    let effects = |out: &RunOutput, kind: EffectType| {
        out.events
            .iter()
            .filter(|(_, e)| matches!(e, Event::EffectApplied { effect, .. } if *effect == kind))
            .map(|(t, e)| match e {
                Event::EffectApplied { wave, .. } => (*t, *wave),
                _ => unreachable!(),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        effects(&with, EffectType::Disruption),
        vec![(168, 1), (168, 1)]
    );
    assert_eq!(
        effects(&with, EffectType::PhysicalDamage),
        vec![(216, 2), (216, 2)]
    );
    assert!(effects(&without, EffectType::Disruption).is_empty());
    let harm = |out: &RunOutput| out.summary.harm.outage_person_hours;
    assert!(
        harm(&with) > harm(&without) + 1e6,
        "{} vs {}",
        harm(&with),
        harm(&without)
    );

    // The ally's request: Eastland's declaration reaches Westland, which answers it.
    assert!(with.summary.requests.iter().any(|r| r.tick == 240
        && r.state == "eastland"
        && r.against == "redland"
        && r.addressees == ["westland"]));
    assert!(
        with.summary
            .responses
            .iter()
            .any(|r| r.actor == "westland" && r.ally.as_deref() == Some("eastland")),
        "{:?}",
        with.summary.responses
    );
    assert!(without.summary.requests.is_empty());

    // The Security Council's enforcement measures end self-defense in every assessment after.
    assert_eq!(with.summary.council_acted_tick, Some(480));
    assert_eq!(without.summary.council_acted_tick, None);
    let after: Vec<serde_json::Value> = with
        .legal
        .iter()
        .map(|l| serde_json::from_str(l).expect("json"))
        .filter(|v: &serde_json::Value| {
            v["tick"].as_u64().is_some_and(|t| t >= 480) && v.get("victim").is_some()
        })
        .collect();
    assert!(!after.is_empty());
    for v in &after {
        let sd = v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["test"] == "self_defense")
            .expect("self-defense finding");
        assert_eq!(sd["outcome"], Status::NotMet.as_str(), "{sd}");
        assert!(
            sd["facts"]
                .as_array()
                .expect("facts")
                .iter()
                .any(|f| f["fact"] == "council_measures" && f["value"] == "enforcement"),
            "{sd}"
        );
    }
}

#[test]
fn a_white_cell_inject_is_the_scheduled_one_given_at_its_tick() {
    // The scenario without its injects, the white cell giving them at the same ticks.
    let p = Arc::new(plan(false));
    let scheduled = plan(true);
    let mut sim = Simulation::new(p.clone(), p.seed);
    for t in 0..p.ticks {
        for s in scheduled
            .injects
            .iter()
            .filter(|s| scheduled.ticks_for(s.at_hour) == t)
        {
            sim.inject(&s.inject).expect("fits");
        }
        sim.step();
    }
    let given = sim.finish();
    let reference = run(plan(true));
    assert_eq!(
        jsonl(&given, &p).replace("\"source\":\"white_cell\"", "\"source\":\"scenario\""),
        jsonl(&reference, &p)
    );
    assert_eq!(given.legal, reference.legal);
    assert_eq!(given.decisions, reference.decisions);
}

#[test]
fn injects_with_wrong_names_are_refused_with_a_suggestion() {
    let p = Arc::new(plan(false));
    let mut sim = Simulation::new(p.clone(), 1);
    sim.step();
    let before = casus::sim::checkpoint::state_digest(sim.world_mut());
    let cases = [
        (
            Inject::CampaignWave {
                campaign: "quiet-tapp".into(),
                effect: EffectType::Disruption,
                intensity: 0.5,
                duration_hours: 4.0,
            },
            "unknown campaign `quiet-tapp`",
            Some("quiet-tap"),
        ),
        (
            Inject::IntelligenceReport {
                state: "eastlnd".into(),
                campaign: "quiet-tap".into(),
                author: Some("redlnd".into()),
                confidence: 0.5,
            },
            "unknown actor `eastlnd`",
            Some("eastland"),
        ),
        (
            Inject::IntelligenceReport {
                state: "westland".into(),
                campaign: "quiet-tap".into(),
                author: None,
                confidence: 0.5,
            },
            "attacks no node of `westland`",
            None,
        ),
        (
            Inject::AllyRequest {
                state: "unsc".into(),
                against: "redland".into(),
            },
            "`unsc` is not a State",
            None,
        ),
        (
            Inject::AllyRequest {
                state: "redland".into(),
                against: "eastland".into(),
            },
            "`redland` has no ally",
            None,
        ),
        (
            Inject::CampaignWave {
                campaign: "quiet-tap".into(),
                effect: EffectType::Disruption,
                intensity: 1.5,
                duration_hours: 4.0,
            },
            "1.5 is not in [0, 1]",
            None,
        ),
    ];
    for (inject, message, suggestion) in cases {
        let e = sim.inject(&inject).expect_err("refused").to_string();
        assert!(e.contains(message), "{e}");
        if let Some(s) = suggestion {
            assert!(e.contains(&format!("did you mean `{s}`")), "{e}");
        }
    }
    // Both misspelt names of one inject are reported at once.
    let e = sim
        .inject(&Inject::IntelligenceReport {
            state: "eastlnd".into(),
            campaign: "quiet-tap".into(),
            author: Some("redlnd".into()),
            confidence: 0.5,
        })
        .expect_err("refused");
    assert_eq!(e.problems.len(), 2, "{e}");
    // A refused inject changes nothing.
    assert_eq!(
        casus::sim::checkpoint::state_digest(sim.world_mut()),
        before
    );
    assert!(sim.white_cell_injects().is_empty());
    // A good one is accepted: Council measures need no names.
    sim.inject(&Inject::CouncilMeasure {
        measure: CouncilMeasure::Sanctions,
    })
    .expect("fits");
    assert_eq!(sim.white_cell_injects().len(), 1);
}

#[test]
fn scheduled_injects_with_wrong_names_are_located_in_the_file() {
    let text = std::fs::read_to_string(example()).expect("example");
    let bad = text
        .replace(
            "AllyRequest(state: \"eastland\"",
            "AllyRequest(state: \"eastlnd\"",
        )
        .replace(
            "CampaignWave(campaign: \"quiet-tap\", effect: PhysicalDamage",
            "CampaignWave(campaign: \"quiet-top\", effect: PhysicalDamage",
        );
    let e = scenario::load_str(&bad, Path::new("white-cell.ron"))
        .expect_err("refused")
        .to_string();
    let line_of = |needle: &str| {
        bad.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("in the text")
    };
    for (needle, message, hint) in [
        ("\"eastlnd\"", "unknown State `eastlnd`", "eastland"),
        ("\"quiet-top\"", "unknown campaign `quiet-top`", "quiet-tap"),
    ] {
        let line = line_of(needle);
        assert!(
            e.contains(&format!("white-cell.ron:{line}:")),
            "{needle} at line {line}: {e}"
        );
        assert!(e.contains(message), "{e}");
        assert!(e.contains(&format!("did you mean `{hint}`")), "{e}");
    }
    assert!(e.contains("injects[3].inject.state"), "{e}");
    assert!(e.contains("injects[2].inject.campaign"), "{e}");
    // A hour past the end of the run, and a report on a campaign not against the State.
    let bad = text.replace("(at_hour: 480,", "(at_hour: 5000,").replace(
        "IntelligenceReport(state: \"eastland\"",
        "IntelligenceReport(state: \"westland\"",
    );
    let e = scenario::load_str(&bad, Path::new("white-cell.ron"))
        .expect_err("refused")
        .to_string();
    assert!(
        e.contains("hour 5000 is not before the end of the run"),
        "{e}"
    );
    assert!(e.contains("attacks no node of `westland`"), "{e}");
    // Without `injects` the scenario is as it was: the field is optional.
    let start = text.find("    injects: [").expect("block");
    let end = start + text[start..].find("\n    ],\n").expect("end") + "\n    ],\n".len();
    let mut none = text.clone();
    none.replace_range(start..end, "");
    let s = scenario::load_str(&none, Path::new("white-cell.ron")).expect("loads");
    assert!(s.injects.is_empty());
}

/// A run of the example without its injects, the white cell adding two of them at run time;
/// saving a checkpoint at `save` and continuing from it gives the uninterrupted run.
#[test]
fn a_checkpoint_keeps_the_white_cells_injects() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut text = std::fs::read_to_string(example()).expect("example");
    let start = text.find("    injects: [").expect("block");
    let end = start + text[start..].find("\n    ],\n").expect("end") + "\n    ],\n".len();
    text.replace_range(start..end, "");
    let path = dir.path().join("white-cell-bare.ron");
    std::fs::write(&path, &text).expect("write");
    let inputs = Inputs::read(&path, None, None, 7, 720).expect("inputs");
    let plan = Arc::new(inputs.plan().expect("plan"));
    let report = Inject::IntelligenceReport {
        state: "eastland".into(),
        campaign: "quiet-tap".into(),
        author: None,
        confidence: 0.9,
    };
    let wave = Inject::CampaignWave {
        campaign: "quiet-tap".into(),
        effect: EffectType::Disruption,
        intensity: 0.7,
        duration_hours: 24.0,
    };
    let council = Inject::CouncilMeasure {
        measure: CouncilMeasure::Demand,
    };
    let given = |t: u32| match t {
        100 => vec![report.clone()],
        150 => vec![wave.clone(), council.clone()],
        _ => Vec::new(),
    };
    // The uninterrupted run, checkpoints captured along the way: before the first inject, at
    // a tick with an inject given and not yet applied, and after both.
    let mut sim = Simulation::new(plan.clone(), 7);
    let mut saved = Vec::new();
    for t in 0..720 {
        for i in given(t) {
            sim.inject(&i).expect("fits");
        }
        if [50, 150, 300].contains(&t) {
            let c = Checkpoint::capture(&mut sim, &inputs).expect("capture");
            saved.push(c.to_bytes());
        }
        sim.step();
    }
    let full = sim.finish();
    assert!(full.events.iter().any(|(t, e)| *t == 150
        && matches!(e, Event::InjectApplied { source, .. } if *source == sim::injects::InjectSource::WhiteCell)));
    for bytes in saved {
        let text = String::from_utf8(bytes).expect("utf-8");
        let c = Checkpoint::parse(&text, Path::new("ck.json")).expect("reads back");
        assert_eq!(c.format_version, casus::sim::checkpoint::FORMAT_VERSION);
        let resumed = c.resume(Path::new("ck.json"), None, None).expect("resumes");
        let mut sim = resumed.simulation;
        for t in c.tick..720 {
            for i in given(t) {
                if t > c.tick {
                    sim.inject(&i).expect("fits");
                }
            }
            sim.step();
        }
        let cont = sim.finish();
        assert_eq!(
            jsonl(&cont, &plan),
            jsonl(&full, &plan),
            "continued from tick {}",
            c.tick
        );
        assert_eq!(cont.legal, full.legal);
        assert_eq!(cont.decisions, full.decisions);
        assert_eq!(cont.series.to_csv(), full.series.to_csv());
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

/// The decisions record: a row per response taken, with who decided, what it knew and the law
/// then; the rows of a run with a decisions file, given back to `--decisions`, replay it.
#[test]
fn the_decisions_record_has_a_row_per_decision_and_replays() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = example();
    let decisions = dir.path().join("decisions.ron");
    std::fs::write(
        &decisions,
        "[(tick: 220, actor: \"eastland\", response: countermeasures, against: \"redland\"),
          (tick: 230, actor: \"eastland\", response: self_defense, against: \"redland\")]",
    )
    .expect("write");
    let (first, replay) = (dir.path().join("first"), dir.path().join("replay"));
    ok(casus(&[
        "run",
        s(&sc),
        "--out",
        s(&first),
        "-q",
        "--no-charts",
        "--decisions",
        s(&decisions),
    ]));
    let rows: Vec<serde_json::Value> = std::fs::read_to_string(first.join("decisions.jsonl"))
        .expect("decisions.jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(first.join("summary.json")).expect("summary"))
            .expect("json");
    let responses = summary["responses"].as_array().expect("responses");
    assert_eq!(rows.len(), responses.len());
    for (row, r) in rows.iter().zip(responses) {
        assert_eq!(row["kind"], "decision");
        for k in [
            "tick",
            "actor",
            "against",
            "response",
            "lawful",
            "decided_by",
        ] {
            assert_eq!(row[k], r[k], "{k}: {row}");
        }
        assert!(row["knew"]["detections"].is_array(), "{row}");
        assert!(row["knew"]["harm"].is_object(), "{row}");
        assert!(
            row["law"]["thresholds"]["armed_attack"].is_string(),
            "{row}"
        );
        assert!(
            row["law"]["options"]
                .as_array()
                .is_some_and(|o| !o.is_empty()),
            "{row}"
        );
    }
    // Eastland's self-defense: taken from the file, judged on what it knew (a physically
    // damaged grid, Redland named with 0.85 confidence): not established under its doctrine.
    let sd = rows
        .iter()
        .find(|r| r["response"] == "self_defense")
        .expect("self-defense row");
    assert_eq!(sd["decided_by"], "decisions_file");
    assert_eq!(sd["tick"], 230);
    assert_eq!(sd["knew"]["worst_effect"], "physical_damage");
    assert_eq!(sd["knew"]["attribution"]["state"], "redland");
    assert_eq!(sd["law"]["doctrine"], "tallinn");
    assert_eq!(
        sd["flagged"],
        sd["lawful"] != "met",
        "flagged when not lawful: {sd}"
    );
    assert!(
        rows.iter().any(|r| r["decided_by"] == "policy"),
        "the policy's decisions (Westland's) are recorded too: {rows:?}"
    );
    assert_eq!(
        rows.iter()
            .filter(|r| r["decided_by"] == "decisions_file")
            .count(),
        2
    );
    // Replayed from the record: the same run.
    ok(casus(&[
        "run",
        s(&sc),
        "--out",
        s(&replay),
        "-q",
        "--no-charts",
        "--decisions",
        s(&first.join("decisions.jsonl")),
    ]));
    for f in casus::report::RUN_FILES {
        let a = std::fs::read(first.join(f)).expect("a");
        let b = std::fs::read(replay.join(f)).expect("b");
        if f == "summary.json" {
            let strip = |bytes: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
                v.as_object_mut().expect("object").remove("command_line");
                v
            };
            assert_eq!(strip(&a), strip(&b), "{f}");
        } else {
            assert!(a == b, "{f} differs between the run and its replay");
        }
    }
    // The report shows the section.
    ok(casus(&["chart", s(&first)]));
    let html = std::fs::read_to_string(first.join("report.html")).expect("report");
    assert!(html.contains("<h2>Decisions and what each side knew</h2>"));
    assert!(html.contains("inject (scenario): the Security Council takes measures: enforcement"));
}

#[test]
fn decisions_built_in_code_are_checked_when_the_simulation_is_built() {
    let p = Arc::new(plan(false));
    let doctrines = Arc::new(casus::law::Doctrines::builtin());
    let bad = scenario::decisions::Decisions {
        injects: vec![(
            3,
            Inject::AllyRequest {
                state: "unsc".into(),
                against: "redland".into(),
            },
        )],
        ..Default::default()
    };
    let e = Simulation::with_decisions(p.clone(), 1, doctrines.clone(), &bad)
        .err()
        .expect("refused")
        .to_string();
    assert!(e.contains("`unsc` is not a State"), "{e}");
    // The same refusal when the injects are set on a simulation already built; nothing changes.
    let mut sim = Simulation::with_decisions(p, 1, doctrines, &Default::default()).expect("ok");
    assert!(sim.set_decision_injects(bad.injects.clone()).is_err());
}
