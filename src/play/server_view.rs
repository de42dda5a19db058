//! The views of a game, as JSON: what one side sees (its picture and nothing else) and what
//! the white cell sees (ground truth). Computing a view reads the simulation and changes
//! nothing in it: a side's legal assessment is made from its picture as it stands, without
//! updating it.

use crate::law::{self, Response, Status};
use crate::model::{ActorKind, EffectType};
use crate::report;
use crate::scenario::Compiled;
use crate::sim::Simulation;
use crate::sim::components::{Attribution, Intrusion, IntrusionStatus};
use crate::sim::legal::decision::{self, Process};
use crate::sim::legal::picture::Picture;
use crate::sim::legal::{
    DomesticStepRecord, Legal, LegalSetup, RequestRecord, ResponseRecord, facts, responses,
};
use bevy_ecs::system::{In, RunSystemOnce};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// An effect code of the picture (`EffectType` index + 1; 0 for none) by its output name.
fn effect_name(code: u8) -> Value {
    code.checked_sub(1)
        .and_then(|i| EffectType::ALL.get(i as usize))
        .map_or(Value::Null, |e| {
            serde_json::to_value(e).unwrap_or(Value::Null)
        })
}

/// Service of `a`'s own infrastructure by sector (population-weighted where nodes serve
/// people): what a State sees of its own networks, whatever caused an outage.
fn own_service(sim: &Simulation, plan: &Compiled, a: u16) -> Value {
    let service = sim.service();
    let mut by: BTreeMap<String, (f64, f64, u32)> = BTreeMap::new();
    for (i, n) in plan.nodes.iter().enumerate() {
        if n.owner != a {
            continue;
        }
        let name = serde_json::to_value(n.sector)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let w = (n.population as f64).max(1.0);
        let e = by.entry(name).or_default();
        e.0 += w * f64::from(service[i]);
        e.1 += w;
        e.2 += 1;
    }
    by.into_iter()
        .map(|(sector, (s, w, nodes))| json!({"sector": sector, "service": s / w, "nodes": nodes}))
        .collect::<Vec<_>>()
        .into()
}

/// One situation of a side, assessed under its own doctrine from its picture: the facts, the
/// assessment with its findings and their reasoning tree, and the options with their status.
fn situation(
    l: &Legal,
    pic: &Picture,
    a: u16,
    s: u16,
    ally: Option<u16>,
    facts: law::Facts,
) -> Value {
    let plan = &l.plan.0;
    let doctrine = &l.setup.doctrines.0[l.setup.own[a as usize]];
    let own = law::assess(&facts, doctrine);
    let opts = decision::options(l, a, ally, s, pic);
    let options: Vec<Value> = responses::statuses(&own, &facts, &opts)
        .into_iter()
        .map(|(r, st)| {
            let st = if r.is_force() {
                responses::judge(l, a, s, r, &facts).0
            } else {
                st
            };
            json!({"response": r.as_str(), "status": st.as_str(), "lawful": st == Status::Met})
        })
        .collect();
    let id = |x: u16| plan.actors[x as usize].id.clone();
    let title = match ally {
        Some(v) => format!(
            "{} on the attack on {} by {}, under {}",
            id(a),
            id(v),
            id(s),
            doctrine.id
        ),
        None => format!(
            "{} on the attack it attributes to {}, under {}",
            id(a),
            id(s),
            doctrine.id
        ),
    };
    json!({
        "against": id(s),
        "ally": ally.map(id),
        "facts": serde_json::to_value(&facts).unwrap_or(Value::Null),
        "assessment": own.to_json_explained(),
        "tree": report::legal::render_tree(&title, std::slice::from_ref(&own)),
        "options": options,
    })
}

fn side_system(In(a): In<u16>, l: Legal) -> Value {
    let plan = l.plan.0.clone();
    let tick = l.clock.tick;
    let id = |x: u16| plan.actors[x as usize].id.clone();
    let entity = l.entities.0[a as usize];
    let (pic, process) = match l.actors.get(entity) {
        Ok((p, d)) => (p.clone(), d.clone()),
        Err(_) => (Picture::default(), Process::default()),
    };
    let detections: Vec<Value> = pic
        .pairs
        .values()
        .map(|p| {
            json!({
                "campaign": plan.campaigns[p.campaign as usize].id,
                "suspect": id(p.suspect),
                "confidence": p.confidence,
                "worst_effect": effect_name(p.worst),
                "targets_hit": p.targets_hit,
                "operations": p.operations,
                "last_hostile": p.last_hostile,
                "active": p.active,
                "poised": p.poised,
                "intent_known": pic.knows_intent(&plan, p),
            })
        })
        .collect();
    let mut by_suspect: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
    for (&p, view) in &pic.pairs {
        by_suspect.entry(view.suspect).or_default().push(p);
    }
    let mut situations = Vec::new();
    for (s, pairs) in &by_suspect {
        let f = facts::facts_for(&l, &pic, a, *s, pairs);
        situations.push(situation(&l, &pic, a, *s, None, f));
    }
    for (&(v, s), report) in &pic.reports {
        if s == a {
            continue;
        }
        let f = facts::ally_facts(&l, &pic, a, v, s, &report.facts);
        situations.push(situation(&l, &pic, a, s, Some(v), f));
    }
    let doctrine = l.setup.names[l.setup.own[a as usize]].clone();
    let responses: Vec<Value> = l
        .legal
        .responses
        .iter()
        .filter(|t| t.actor == a)
        .map(|t| serde_json::to_value(ResponseRecord::of(t, &plan)).unwrap_or(Value::Null))
        .collect();
    let domestic: Vec<Value> = l
        .legal
        .domestic
        .iter()
        .filter(|x| x.0 == a)
        .map(|x| {
            let mut v = serde_json::to_value(DomesticStepRecord::of(x, &plan)).unwrap_or_default();
            v["state_of_step"] = if x.2.until <= tick {
                "done"
            } else if x.2.from <= tick {
                "in_progress"
            } else {
                "to_come"
            }
            .into();
            v
        })
        .collect();
    let deliberations: Vec<Value> = process
        .deliberations
        .iter()
        .map(|(&(s, ally), d)| {
            json!({"against": id(s), "ally": ally.map(id),
                   "stage": serde_json::to_value(d.stage).unwrap_or_default(), "until": d.until})
        })
        .collect();
    let acts: Vec<Value> = process
        .acts
        .iter()
        .map(|x| {
            json!({"response": x.response.as_str(), "against": id(x.against),
                   "ally": x.ally.map(id), "takes_effect": x.at})
        })
        .collect();
    let requests_made: Vec<Value> = l
        .legal
        .requests
        .iter()
        .filter(|r| r.state == a)
        .map(|r| serde_json::to_value(RequestRecord::of(r, &plan)).unwrap_or_default())
        .collect();
    let states: Vec<String> = plan
        .actors
        .iter()
        .filter(|x| x.kind == ActorKind::State)
        .map(|x| x.id.clone())
        .collect();
    json!({
        "side": id(a),
        "name": plan.actors[a as usize].name,
        "doctrine": doctrine,
        "tick": tick,
        "states": states,
        "responses_known": Response::LADDER.iter().chain(&[Response::IntelligenceSharing, Response::LogisticsSupport]).map(|r| r.as_str()).collect::<Vec<_>>(),
        "picture": {
            "updated": pic.updated,
            "harm_assessed": pic.harm_assessed,
            "detections": detections,
            "harm": serde_json::to_value(&pic.harm).unwrap_or(Value::Null),
            "worst_effect_seen": effect_name(pic.worst_seen),
            "government_hit": pic.government_hit,
            "intent_revealed_of": pic.intent_intel.iter().map(|&x| id(x)).collect::<Vec<_>>(),
            "ally_reports": pic.reports.iter().map(|(&(v, s), r)| json!({"ally": id(v), "suspect": id(s), "tick": r.tick})).collect::<Vec<_>>(),
            "requests_received": pic.requests.iter().map(|(&(v, s), &(t, scope))| json!({"from": id(v), "against": id(s), "tick": t, "scope": scope.iter().map(|r| r.as_str()).collect::<Vec<_>>()})).collect::<Vec<_>>(),
        },
        "situations": situations,
        "responses_taken": responses,
        "requests_made": requests_made,
        "domestic_steps": domestic,
        "deliberations": deliberations,
        "acts_pending": acts,
    })
}

/// What side `a` sees at the game's current tick: its picture (detections with its attribution
/// beliefs, observed effects and harm as it assessed them, allies' reports and requests), the
/// service of its own infrastructure, each of its situations assessed under its own doctrine
/// (facts, thresholds, findings and their reasoning tree, options with their lawfulness), the
/// responses it took, its domestic steps and its decisions under way. Nothing of what it has
/// not detected.
pub fn side(sim: &mut Simulation, plan: &Compiled, a: u16) -> Value {
    let service = own_service(sim, plan, a);
    let mut v = sim
        .world_mut()
        .run_system_once_with(side_system, a)
        .unwrap_or(Value::Null);
    if v.is_object() {
        v["picture"]["own_service"] = service;
    }
    v
}

/// What the white cell sees: every campaign as it truly is (authors, progress, detections),
/// every attribution pair (the suspect each victim names and the true author), the last
/// time-series row, the legal history (responses, requests, situations, domestic steps), and
/// the latest events.
pub fn white(sim: &mut Simulation, plan: &Compiled) -> Value {
    let tick = sim.tick();
    let world = sim.world_mut();
    let id = |x: u16| plan.actors[x as usize].id.clone();
    let stats = world.resource::<crate::sim::components::CampaignStats>();
    let campaigns: Vec<Value> = plan
        .campaigns
        .iter()
        .enumerate()
        .map(|(c, k)| {
            json!({
                "id": k.id,
                "true_author": id(k.true_author),
                "operator": id(k.operator),
                "sponsor": k.sponsor.map(id),
                "false_flag": k.false_flag.map(id),
                "targets": k.targets.len(),
                "reached": {"reconnaissance": stats.reached[c][0], "initial_access": stats.reached[c][1],
                            "persistence": stats.reached[c][2], "effect": stats.reached[c][3]},
                "effects": stats.effects[c],
                "detected": stats.detected[c],
                "first_detection": stats.first_detection[c],
                "evicted": stats.evicted[c],
                "abandoned": stats.abandoned[c],
            })
        })
        .collect();
    let mut pairs: Vec<(u32, Value)> = world
        .query::<&Attribution>()
        .iter(world)
        .map(|x| {
            (
                x.pair,
                json!({
                    "campaign": plan.campaigns[x.campaign as usize].id,
                    "victim": id(x.victim),
                    "suspect": id(x.suspect),
                    "true_author": id(plan.campaigns[x.campaign as usize].true_author),
                    "confidence": x.confidence,
                    "level": x.level,
                    "false_flag_exposed": x.exposed,
                }),
            )
        })
        .collect();
    pairs.sort_by_key(|p| p.0);
    let mut intrusions: BTreeMap<(u32, bool, String), u32> = BTreeMap::new();
    for x in world.query::<&Intrusion>().iter(world) {
        let status = match x.status {
            IntrusionStatus::Active => "active",
            IntrusionStatus::Evicted => "evicted",
            _ => "ended",
        };
        *intrusions
            .entry((x.campaign, x.detected, status.to_string()))
            .or_default() += 1;
    }
    let intrusions: Vec<Value> = intrusions
        .into_iter()
        .map(|((c, detected, status), n)| {
            json!({"campaign": plan.campaigns[c as usize].id, "detected": detected, "status": status, "count": n})
        })
        .collect();
    let recording = world.resource::<crate::sim::Recording>();
    let series = &recording.series;
    let last: serde_json::Map<String, Value> = series
        .rows
        .last()
        .map(|row| {
            series
                .columns
                .iter()
                .zip(row)
                .map(|(c, x)| (c.clone(), json!(x)))
                .collect()
        })
        .unwrap_or_default();
    let doctrines = world.resource::<LegalSetup>().names.clone();
    let events: Vec<Value> = recording
        .events
        .iter()
        .rev()
        .take(200)
        .map(|(t, e)| e.to_json(*t, plan, &doctrines))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let legal = world.resource::<crate::sim::legal::LegalState>();
    json!({
        "tick": tick,
        "actors": plan.actors.iter().map(|x| json!({"id": x.id, "name": x.name,
            "kind": serde_json::to_value(x.kind).unwrap_or_default(), "doctrine": x.doctrine})).collect::<Vec<_>>(),
        "campaigns": campaigns,
        "attribution": pairs.into_iter().map(|p| p.1).collect::<Vec<_>>(),
        "intrusions": intrusions,
        "timeseries": last,
        "responses": legal.responses.iter().map(|t| serde_json::to_value(ResponseRecord::of(t, plan)).unwrap_or_default()).collect::<Vec<_>>(),
        "requests": legal.requests.iter().map(|r| serde_json::to_value(RequestRecord::of(r, plan)).unwrap_or_default()).collect::<Vec<_>>(),
        "domestic_steps": legal.domestic.iter().map(|x| serde_json::to_value(DomesticStepRecord::of(x, plan)).unwrap_or_default()).collect::<Vec<_>>(),
        "council_acted": legal.council_acted,
        "events": events,
    })
}
