//! The law in the simulation: at each escalation step, the facts of every situation (a victim
//! and the State it suspects; or an ally of the victim, for collective self-defense) are
//! assessed under every doctrine; threshold crossings become events; each actor's policy picks
//! a response its doctrine allows, and the response changes the world.

use super::Pending;
use super::components::*;
use super::events::Event;
use super::harm_facts::{effect_of, harm_of};
use crate::law::facts::{AllyFacts, AttributionFacts, Tried};
use crate::law::in_bello::TargetFacts;
use crate::law::{self, Assessment, Doctrines, Facts, Figure, Response, Status, Truth};
use crate::model::{
    ActorKind, DeclaredIntent, EffectType, KillChainPhase, MilitaryStatus, Posture, RelationKind,
};
use crate::rng::Stream;
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use rand::RngExt;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What crossing events track: the thresholds, Japan's conditions, and the lawfulness of
/// self-defense.
pub const MARKERS: [&str; 10] = [
    "sovereignty_violation",
    "intervention",
    "use_of_force",
    "armed_attack",
    "survival_threatening_situation",
    "japan_condition_1",
    "japan_condition_2",
    "japan_condition_3",
    "self_defense",
    "collective_self_defense",
];

/// Confidence at which an actor's policy acts against a suspect at all.
pub const ACTION_CONFIDENCE: f32 = 0.5;

/// Hours without a new hostile effect after which a response counts as effective.
pub const EFFECTIVE_AFTER_HOURS: f64 = 48.0;

/// The doctrines of the run, and each actor's own.
#[derive(Resource, Clone)]
pub struct LegalSetup {
    /// Every doctrine assessed.
    pub doctrines: Arc<Doctrines>,
    /// Doctrine ids, by index.
    pub names: Vec<String>,
    /// Index of each actor's own doctrine.
    pub own: Vec<usize>,
}

impl LegalSetup {
    /// The setup for a scenario: actors whose doctrine is not in the set use `tallinn`.
    pub fn new(plan: &Compiled, doctrines: Arc<Doctrines>) -> LegalSetup {
        let names: Vec<String> = doctrines.0.iter().map(|d| d.id.clone()).collect();
        let fallback = names.iter().position(|n| n == "tallinn").unwrap_or(0);
        let own = plan
            .actors
            .iter()
            .map(|a| {
                names
                    .iter()
                    .position(|n| *n == a.doctrine)
                    .unwrap_or(fallback)
            })
            .collect();
        LegalSetup {
            doctrines,
            names,
            own,
        }
    }
}

/// A response taken.
#[derive(Clone, Debug, Serialize)]
pub struct ResponseRecord {
    /// Tick.
    pub tick: u32,
    /// Who responded (actor id).
    pub actor: String,
    /// Against whom.
    pub against: String,
    /// For which attacked ally, in collective self-defense.
    pub ally: Option<String>,
    /// The response.
    pub response: Response,
    /// Its lawfulness under the actor's own doctrine.
    pub lawful: Status,
}

/// The legal history of the run.
#[derive(Resource)]
pub struct LegalState {
    /// Victims to assess this tick, with the reasons.
    pub steps: Vec<(u16, u8)>,
    /// Last marker statuses per (assessing State, suspect, ally, doctrine).
    pub last: BTreeMap<(u16, u16, Option<u16>, u8), [Status; 10]>,
    /// Responses taken: (tick, actor, against, ally, response, lawful).
    pub responses: Vec<(u32, u16, u16, Option<u16>, Response, Status)>,
    /// Whether self-defense has been reported to the Security Council.
    pub council_reported: bool,
    /// Tick the Council took measures.
    pub council_acted: Option<u32>,
    /// Pairs of actors in armed conflict (lower index first).
    pub armed_conflict: BTreeSet<(u16, u16)>,
    /// The legal trace: one JSON object per doctrine per situation per step, serialized (a
    /// nation-scale run holds tens of thousands of them).
    pub trace: Vec<String>,
    /// Draws for the effects of responses.
    pub draws: Stream,
    /// Draws for the Security Council.
    pub council_draws: Stream,
}

impl LegalState {
    /// The empty history for a run with `seed`.
    pub fn new(seed: u64) -> LegalState {
        LegalState {
            steps: Vec::new(),
            last: BTreeMap::new(),
            responses: Vec::new(),
            council_reported: false,
            council_acted: None,
            armed_conflict: BTreeSet::new(),
            trace: Vec::new(),
            draws: crate::rng::stream(seed, "responses", "effects"),
            council_draws: crate::rng::stream(seed, "security-council", "action"),
        }
    }
}

/// Read-only inputs of the legal stage.
#[derive(SystemParam)]
pub struct Inputs<'w> {
    plan: Res<'w, Plan>,
    clock: Res<'w, Clock>,
    setup: Res<'w, LegalSetup>,
    ledger: Res<'w, HarmLedger>,
    incidents: Res<'w, Incidents>,
}

/// What the legal stage changes.
#[derive(SystemParam)]
pub struct Outputs<'w, 's> {
    intrusions: Query<'w, 's, (&'static mut Intrusion, &'static mut Draws)>,
    hostility: ResMut<'w, Hostility>,
    legal: ResMut<'w, LegalState>,
    pending: ResMut<'w, Pending>,
    queue: ResMut<'w, EffectQueue>,
    triggers: ResMut<'w, Triggers>,
    stats: ResMut<'w, CampaignStats>,
}

/// What the intrusions of each pair are doing now.
struct PairNow {
    active: Vec<bool>,
    poised: Vec<bool>,
}

fn truth(b: bool) -> Truth {
    Truth::known(b)
}

/// The facts of one situation: victim `v`, suspected author `s`, the pairs concerned.
fn facts_for(
    inp: &Inputs,
    hostility: &Hostility,
    legal: &LegalState,
    now: &PairNow,
    attribution: &[Attribution],
    v: u16,
    s: u16,
    pairs: &[u32],
) -> Facts {
    let plan = &inp.plan.0;
    let tick = inp.clock.tick;
    let campaign = |p: u32| &plan.campaigns[hostility.pairs[p as usize].0 as usize];
    // The operations judged are the gravest ones: their attribution is what the law needs,
    // not that of a lesser campaign by the same suspect.
    let gravest = pairs
        .iter()
        .map(|&p| hostility.worst[p as usize])
        .max()
        .unwrap_or(0);
    let lead: Vec<u32> = pairs
        .iter()
        .copied()
        .filter(|&p| hostility.worst[p as usize] == gravest)
        .collect();
    let first = campaign(lead[0]);
    let confidence = attribution
        .iter()
        .filter(|a| lead.contains(&a.pair))
        .map(|a| a.confidence)
        .fold(f32::INFINITY, f32::min);
    let confidence = if confidence.is_finite() {
        confidence
    } else {
        0.0
    };
    let operations = hostility
        .operations
        .iter()
        .filter(|(p, _)| pairs.contains(p))
        .count();
    let disruptive: Vec<u32> = pairs
        .iter()
        .copied()
        .filter(|&p| hostility.worst[p as usize] > 1)
        .collect();
    let targets_hit: u32 = pairs
        .iter()
        .map(|&p| hostility.targets_hit[p as usize])
        .sum();
    let worst = pairs
        .iter()
        .map(|&p| hostility.worst[p as usize])
        .max()
        .and_then(effect_of);
    let intent = pairs
        .iter()
        .map(|&p| campaign(p).intent)
        .max()
        .unwrap_or(DeclaredIntent::None);
    let last_hostile = pairs
        .iter()
        .filter_map(|&p| hostility.last_hostile[p as usize])
        .max();
    let recent = plan.ticks_for(EFFECTIVE_AFTER_HOURS);
    let imminent = pairs.iter().any(|&p| now.poised[p as usize]);
    let ongoing = imminent || last_hostile.is_some_and(|t| tick.saturating_sub(t) <= recent);
    let responses_tried = legal
        .responses
        .iter()
        .filter(|r| r.1 == v && r.2 == s && r.3.is_none())
        .map(|&(t, _, _, _, response, _)| Tried {
            response,
            effective: tick.saturating_sub(t) >= recent
                && last_hostile.is_none_or(|h| h < t)
                && !pairs.iter().any(|&p| now.active[p as usize]),
        })
        .collect();
    let suspect = &plan.actors[s as usize];
    let coercive = match worst {
        None | Some(EffectType::Espionage) => Truth::known(false),
        Some(_) if intent != DeclaredIntent::None => Truth::known(true),
        Some(_) => Truth(None),
    };
    Facts {
        tick: Some(tick),
        victim: plan.actors[v as usize].id.clone(),
        attribution: AttributionFacts {
            state: (suspect.kind == ActorKind::State).then(|| suspect.id.clone()),
            basis: first.basis,
            confidence: Figure::known((f64::from(confidence) * 1e4).round() / 1e4),
        },
        harm: harm_of(plan, &inp.ledger, hostility, v),
        worst_effect: worst,
        operations: Figure::known(operations as f64),
        largest_operation_share: Figure::known(1.0 / disruptive.len().max(1) as f64),
        systematic: truth(operations >= 2 || targets_hit >= 2),
        intent,
        domaine_reserve: truth(hostility.government_hit[v as usize]),
        coercive,
        governmental_functions: truth(hostility.government_hit[v as usize]),
        imminent: truth(imminent),
        ongoing: truth(ongoing),
        responses_tried,
        council_acted: legal.council_acted.is_some(),
        council_measures: None,
        armed_conflict: legal.armed_conflict.contains(&(v.min(s), v.max(s))),
        conflict: None,
        host_state: None,
        date: plan
            .start_date
            .map(|d| d.plus_days((f64::from(tick) * plan.tick_hours / 24.0) as u32)),
        response_facts: Default::default(),
        response_scale: Figure(None),
        response_target: None,
        ally: None,
    }
}

fn markers(a: &Assessment) -> [Status; 10] {
    let mut out = [Status::NotMet; 10];
    for (i, name) in MARKERS.iter().enumerate() {
        out[i] = match *name {
            "self_defense" => a.response(Response::SelfDefense),
            "collective_self_defense" => a.response(Response::CollectiveSelfDefense),
            n => a.threshold(n).unwrap_or(Status::NotMet),
        };
    }
    out
}

/// Assesses one situation under every doctrine: crossing events, trace lines. Returns the
/// assessments, by doctrine index.
fn assess_all(
    inp: &Inputs,
    legal: &mut LegalState,
    pending: &mut Pending,
    facts: &Facts,
    key: (u16, u16, Option<u16>),
) -> Vec<Assessment> {
    let plan = &inp.plan.0;
    let mut out = Vec::new();
    for (di, d) in inp.setup.doctrines.0.iter().enumerate() {
        let a = law::assess(facts, d);
        let now = markers(&a);
        let before = legal
            .last
            .get(&(key.0, key.1, key.2, di as u8))
            .copied()
            .unwrap_or([Status::NotMet; 10]);
        for (m, (&b, &n)) in before.iter().zip(now.iter()).enumerate() {
            // An ally's situation is about collective self-defense: its own thresholds are
            // tracked in its own situation as a victim, if it is one.
            if key.2.is_some()
                && !matches!(
                    MARKERS[m],
                    "survival_threatening_situation" | "collective_self_defense"
                )
            {
                continue;
            }
            let rank = |s: Status| match s {
                Status::Met => 2,
                Status::Contested => 1,
                _ => 0,
            };
            if rank(n) > rank(b) {
                pending.0.push(Event::ThresholdCrossed {
                    victim: key.0,
                    suspect: key.1,
                    ally: key.2,
                    doctrine: di as u8,
                    threshold: m as u8,
                    status: n,
                });
            }
        }
        legal.last.insert((key.0, key.1, key.2, di as u8), now);
        let mut line = serde_json::Map::new();
        line.insert("tick".into(), inp.clock.tick.into());
        line.insert(
            "victim".into(),
            plan.actors[key.0 as usize].id.clone().into(),
        );
        line.insert(
            "suspect".into(),
            plan.actors[key.1 as usize].id.clone().into(),
        );
        line.insert(
            "ally".into(),
            key.2.map_or(serde_json::Value::Null, |a| {
                plan.actors[a as usize].id.clone().into()
            }),
        );
        if let serde_json::Value::Object(body) = a.to_json_explained() {
            line.extend(body);
        }
        legal
            .trace
            .push(serde_json::Value::Object(line).to_string());
        out.push(a);
    }
    out
}

fn scale_of(posture: Posture) -> f64 {
    match posture {
        Posture::Restrained | Posture::Proportional => 1.0,
        Posture::Aggressive => 1.5,
    }
}

/// The attacker's node a strike would hit: military first, then dual-use, then the most
/// critical.
fn strike_target(plan: &Compiled, s: u16) -> Option<u32> {
    (0..plan.nodes.len() as u32)
        .filter(|&i| plan.nodes[i as usize].owner == s)
        .max_by(|&a, &b| {
            let (x, y) = (&plan.nodes[a as usize], &plan.nodes[b as usize]);
            (x.military, x.criticality)
                .partial_cmp(&(y.military, y.criticality))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.cmp(&a))
        })
}

fn target_facts(plan: &Compiled, s: u16, respects_law: bool) -> TargetFacts {
    match strike_target(plan, s) {
        Some(t) => {
            let n = &plan.nodes[t as usize];
            let civilians = if n.military == MilitaryStatus::Military {
                0.0
            } else {
                n.population as f64
            };
            TargetFacts {
                name: plan.node_names.get(t),
                military: n.military,
                physical_effects: Truth::known(true),
                expected_civilian_harm: Figure::known(civilians),
                // The model's rule of thumb for the commander's judgment: striking a civilian
                // object, or a dual-use one serving over a million people, is excessive.
                excessive: Truth::known(n.military == MilitaryStatus::Civilian || civilians > 1e6),
                precautions_taken: Truth::known(respects_law),
            }
        }
        None => TargetFacts {
            name: format!("{} cyber units' infrastructure", plan.actors[s as usize].id),
            military: MilitaryStatus::Military,
            physical_effects: Truth::known(false),
            expected_civilian_harm: Figure::known(0.0),
            excessive: Truth::known(false),
            precautions_taken: Truth::known(respects_law),
        },
    }
}

/// The policy: which response, if any, actor `r` takes now. A law-abiding actor takes the
/// least escalatory lawful response it has not tried, and climbs only while the attack goes
/// on despite what it tried (necessity; Japan's second condition); an aggressive one takes the
/// highest lawful one. An actor that ignores the law takes what its posture wants, and the
/// evaluator records whether it was lawful.
fn choose(
    plan: &Compiled,
    r: u16,
    own: &Assessment,
    facts: &Facts,
    ladder: &[Response],
) -> Option<Response> {
    let actor = &plan.actors[r as usize].source;
    let tried: Vec<Response> = facts.responses_tried.iter().map(|t| t.response).collect();
    let untried: Vec<Response> = ladder
        .iter()
        .copied()
        .filter(|x| !tried.contains(x))
        .collect();
    let pressing = facts.ongoing.0 == Some(true) || facts.imminent.0 == Some(true);
    let escalate =
        tried.is_empty() || (pressing && facts.responses_tried.iter().all(|t| !t.effective));
    if !escalate {
        return None;
    }
    if actor.policy.respects_law {
        let lawful: Vec<Response> = untried
            .iter()
            .copied()
            .filter(|x| own.response(*x) == Status::Met)
            .collect();
        match actor.policy.posture {
            Posture::Aggressive => lawful.last().copied(),
            _ => lawful.first().copied(),
        }
    } else {
        let hostile = facts.worst_effect >= Some(EffectType::Disruption);
        let wanted = match actor.policy.posture {
            Posture::Aggressive if hostile => ladder.last().copied(),
            Posture::Aggressive | Posture::Proportional => untried
                .iter()
                .copied()
                .find(|x| !x.is_force())
                .or(untried.first().copied()),
            Posture::Restrained => untried.first().copied(),
        };
        wanted.filter(|w| untried.contains(w))
    }
}

/// Applies a response's effects on the attacker's campaigns and infrastructure.
fn apply_response(
    inp: &Inputs,
    out: &mut Outputs,
    by: u16,
    against: u16,
    response: Response,
    pairs: &[u32],
    scale: f64,
) {
    let plan = &inp.plan.0;
    let responder = &plan.actors[by as usize].source;
    let sponsor_posture = plan.actors[against as usize].source.policy.posture;
    let capability = responder
        .capabilities
        .cyber
        .max(responder.capabilities.kinetic);
    let Outputs {
        intrusions,
        hostility,
        legal,
        pending,
        queue,
        stats,
        ..
    } = out;
    let deter = |hostility: &mut Hostility| {
        for &p in pairs {
            hostility.deterred[p as usize] = true;
        }
    };
    let escalate = |hostility: &mut Hostility, by_much: f32| {
        for &p in pairs {
            let c = hostility.pairs[p as usize].0 as usize;
            hostility.escalation[c] = (hostility.escalation[c] + by_much).min(1.0);
        }
    };
    let mut evict = |p_evict: f64| {
        for (mut x, mut draws) in intrusions.iter_mut() {
            if x.status == IntrusionStatus::Active
                && pairs.contains(&x.pair)
                && draws.0.random_bool(p_evict.clamp(0.0, 1.0))
            {
                super::intelligence::evict(&mut x, stats, pending);
            }
        }
    };
    let strike = |queue: &mut EffectQueue, effect: EffectType, intensity: f64, hours: f64| {
        if let Some(node) = strike_target(plan, against) {
            queue.0.push(PendingEffect {
                node,
                source: EffectSource::Response { by, response },
                effect,
                intensity: intensity.min(1.0) as f32,
                duration_ticks: plan.ticks_for(hours).max(1),
            });
        }
    };
    match response {
        Response::Retorsion => match sponsor_posture {
            Posture::Restrained => deter(hostility),
            Posture::Proportional => {}
            Posture::Aggressive => escalate(hostility, 0.1),
        },
        Response::Countermeasures | Response::PleaOfNecessity => {
            strike(queue, EffectType::Disruption, 0.3 * scale, 24.0);
            match sponsor_posture {
                Posture::Aggressive => escalate(hostility, 0.1),
                _ => deter(hostility),
            }
        }
        Response::ActiveCyberDefense => evict(0.3 + 0.5 * responder.capabilities.cyber),
        Response::SelfDefense | Response::CollectiveSelfDefense => {
            evict(capability);
            strike(queue, EffectType::PhysicalDamage, 0.5 * scale, 24.0);
            if legal.draws.random_bool(capability.clamp(0.0, 1.0)) {
                deter(hostility);
            } else if sponsor_posture == Posture::Aggressive {
                escalate(hostility, 0.2);
            }
            legal
                .armed_conflict
                .insert((by.min(against), by.max(against)));
            legal.council_reported = true;
        }
    }
}

/// The legal stage: assess every situation of the victims with an escalation step this tick,
/// and of their allies; let each actor's policy respond.
pub fn evaluate_law(inp: Inputs, attributions: Query<&Attribution>, mut out: Outputs) {
    if out.legal.steps.is_empty() {
        return;
    }
    let plan = inp.plan.0.clone();
    let victims: BTreeSet<u16> = out.legal.steps.drain(..).map(|(v, _)| v).collect();
    let n_pairs = out.hostility.pairs.len();
    let mut now = PairNow {
        active: vec![false; n_pairs],
        poised: vec![false; n_pairs],
    };
    for (x, _) in out.intrusions.iter() {
        if x.status != IntrusionStatus::Active {
            continue;
        }
        let p = x.pair as usize;
        now.active[p] = true;
        let k = &plan.campaigns[x.campaign as usize];
        if x.phase == KillChainPhase::Effect
            && !out.hostility.deterred[p]
            && k.waves[x.next_wave as usize..]
                .iter()
                .any(|w| w.effect != EffectType::Espionage)
        {
            now.poised[p] = true;
        }
    }
    let mut attribution: Vec<Option<Attribution>> = vec![None; n_pairs];
    for a in attributions.iter() {
        attribution[a.pair as usize] = Some(*a);
    }
    for &v in &victims {
        // Situations: detected pairs against v, grouped by the suspect the victim sees.
        let mut situations: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
        for (p, a) in attribution.iter().enumerate() {
            if let Some(a) = a
                && a.victim == v
                && inp.incidents.pair_detected[p]
            {
                situations.entry(a.suspect).or_default().push(p as u32);
            }
        }
        for (s, pairs) in situations {
            let attrs: Vec<Attribution> = pairs
                .iter()
                .filter_map(|&p| attribution[p as usize])
                .collect();
            let facts = facts_for(&inp, &out.hostility, &out.legal, &now, &attrs, v, s, &pairs);
            let all = assess_all(&inp, &mut out.legal, &mut out.pending, &facts, (v, s, None));
            let confident = facts
                .attribution
                .confidence
                .value()
                .is_some_and(|c| c >= f64::from(ACTION_CONFIDENCE));
            if plan.actors[s as usize].kind == ActorKind::State && confident {
                let own_index = inp.setup.own[v as usize];
                let ladder: Vec<Response> = [
                    Response::Retorsion,
                    Response::Countermeasures,
                    Response::ActiveCyberDefense,
                    Response::SelfDefense,
                ]
                .into_iter()
                .filter(|r| {
                    *r != Response::ActiveCyberDefense
                        || inp.setup.doctrines.0[own_index].active_cyber_defense
                })
                .collect();
                respond(
                    &inp,
                    &mut out,
                    &all[own_index],
                    &facts,
                    &ladder,
                    (v, s, None),
                    &pairs,
                );
            }
            // Allies of v assess collective self-defense.
            let requested =
                all[inp.setup.own[v as usize]].threshold("armed_attack") == Some(Status::Met);
            for (w, actor) in plan.actors.iter().enumerate() {
                let w = w as u16;
                let Some(rel) = actor
                    .relations
                    .iter()
                    .find(|r| r.other == v && r.kind == RelationKind::Ally)
                else {
                    continue;
                };
                if actor.kind != ActorKind::State || w == s {
                    continue;
                }
                let mut fw = facts.clone();
                fw.victim = actor.id.clone();
                fw.harm = harm_of(&plan, &inp.ledger, &out.hostility, w);
                fw.worst_effect = effect_of(inp.ledger.worst_effect[w as usize]);
                fw.responses_tried = out
                    .legal
                    .responses
                    .iter()
                    .filter(|r| r.1 == w && r.2 == s && r.3 == Some(v))
                    .map(|&(_, _, _, _, response, _)| Tried {
                        response,
                        effective: false,
                    })
                    .collect();
                fw.ally = Some(AllyFacts {
                    state: plan.actors[v as usize].id.clone(),
                    close_relationship: rel.close,
                    requested_assistance: Truth::known(requested),
                    harm: facts.harm.clone(),
                    worst_effect: facts.worst_effect,
                    attribution: facts.attribution.clone(),
                });
                let all_w =
                    assess_all(&inp, &mut out.legal, &mut out.pending, &fw, (w, s, Some(v)));
                if confident && plan.actors[s as usize].kind == ActorKind::State {
                    let own = &all_w[inp.setup.own[w as usize]];
                    respond(
                        &inp,
                        &mut out,
                        own,
                        &fw,
                        &[Response::CollectiveSelfDefense],
                        (w, s, Some(v)),
                        &pairs,
                    );
                }
            }
        }
    }
}

/// Lets actor `key.0` choose and take a response against `key.1`.
fn respond(
    inp: &Inputs,
    out: &mut Outputs,
    own: &Assessment,
    facts: &Facts,
    ladder: &[Response],
    key: (u16, u16, Option<u16>),
    pairs: &[u32],
) {
    let plan = &inp.plan.0;
    let (r, s, ally) = key;
    let Some(choice) = choose(plan, r, own, facts, ladder) else {
        return;
    };
    let policy = &plan.actors[r as usize].source.policy;
    let scale = scale_of(policy.posture);
    // Judge the response as it will be taken: its scale, and its target in armed conflict.
    let mut as_taken = facts.clone();
    if choice.is_force() {
        as_taken.response_scale = Figure::known(scale);
        as_taken.armed_conflict = true;
        as_taken.response_target = Some(target_facts(plan, s, policy.respects_law));
    }
    let doctrine = &inp.setup.doctrines.0[inp.setup.own[r as usize]];
    let judged = law::assess(&as_taken, doctrine);
    let mut lawful = judged.response(choice);
    if judged.findings.iter().any(|f| {
        matches!(
            f.test,
            "distinction" | "proportionality_in_attack" | "precautions"
        ) && f.outcome == Status::NotMet
    }) {
        lawful = Status::NotMet;
    }
    if policy.respects_law && lawful != Status::Met {
        return;
    }
    let mut line = serde_json::Map::new();
    line.insert("tick".into(), inp.clock.tick.into());
    line.insert(
        "response_by".into(),
        plan.actors[r as usize].id.clone().into(),
    );
    line.insert("against".into(), plan.actors[s as usize].id.clone().into());
    line.insert("response".into(), choice.as_str().into());
    line.insert("lawful".into(), lawful.as_str().into());
    if let serde_json::Value::Object(body) = judged.to_json_explained() {
        line.extend(body);
    }
    out.legal
        .trace
        .push(serde_json::Value::Object(line).to_string());
    out.legal
        .responses
        .push((inp.clock.tick, r, s, ally, choice, lawful));
    out.pending.0.push(Event::ResponseTaken {
        actor: r,
        against: s,
        response: choice,
        lawful,
    });
    out.triggers.0.push((ally.unwrap_or(r), reason::RESPONSE));
    apply_response(inp, out, r, s, choice, pairs, scale);
}

/// The Security Council: once self-defense has been reported, it takes measures with its daily
/// chance, unless a permanent member is a party to the armed conflict. Its measures end the
/// right of self-defense (UN Charter art. 51).
pub fn security_council(
    inp: Inputs,
    mut legal: ResMut<LegalState>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
) {
    let plan = &inp.plan.0;
    if !legal.council_reported || legal.council_acted.is_some() {
        return;
    }
    let Some(council) = plan.actors.iter().find_map(|a| a.source.council.as_ref()) else {
        return;
    };
    let parties: BTreeSet<u16> = legal
        .armed_conflict
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    let blocked = council
        .permanent_members
        .iter()
        .any(|m| plan.actor_index(m).is_some_and(|i| parties.contains(&i)));
    if blocked {
        return;
    }
    let p = 1.0 - (1.0 - council.action_per_day).powf(plan.tick_hours / 24.0);
    if legal.council_draws.random_bool(p.clamp(0.0, 1.0)) {
        legal.council_acted = Some(inp.clock.tick);
        pending.0.push(Event::CouncilActed);
        for &v in &parties {
            triggers.0.push((v, reason::RESPONSE));
        }
    }
}
