//! Responses: how a chosen response is judged as it will be taken, and what it does to the
//! world once it takes effect.

use super::super::components::*;
use super::{Legal, picture};
use crate::law::in_bello::TargetFacts;
use crate::law::{self, Assessment, Facts, Figure, Response, Status, Truth};
use crate::model::{EffectType, MilitaryStatus, Posture};
use crate::scenario::Compiled;
use rand::RngExt;

/// The scale of force an actor of this posture uses (1 = the minimum necessary).
pub fn scale_of(posture: Posture) -> f64 {
    match posture {
        Posture::Restrained | Posture::Proportional => 1.0,
        Posture::Aggressive => 1.5,
    }
}

/// The attacker's node a strike would hit: military first, then dual-use, then the most
/// critical.
pub fn strike_target(plan: &Compiled, s: u16) -> Option<u32> {
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
                effects_limited: None,
            }
        }
        None => TargetFacts {
            name: format!("{} cyber units' infrastructure", plan.actors[s as usize].id),
            military: MilitaryStatus::Military,
            physical_effects: Truth::known(false),
            expected_civilian_harm: Figure::known(0.0),
            excessive: Truth::known(false),
            precautions_taken: Truth::known(respects_law),
            effects_limited: None,
        },
    }
}

/// The lawfulness of ally support, by its own test.
fn support_finding(
    response: Response,
    facts: &Facts,
    used: &mut law::Used,
) -> Option<law::Finding> {
    match response {
        Response::IntelligenceSharing => Some(law::responses::intelligence_sharing(facts, used)),
        Response::LogisticsSupport => Some(law::responses::logistics_support(facts, used)),
        _ => None,
    }
}

/// The status of each of `options` on `facts` under `own` (support responses by their own
/// tests).
pub fn statuses(own: &Assessment, facts: &Facts, options: &[Response]) -> Vec<(Response, Status)> {
    let mut used = law::Used::default();
    options
        .iter()
        .map(|&r| {
            let s =
                support_finding(r, facts, &mut used).map_or_else(|| own.response(r), |f| f.outcome);
            (r, s)
        })
        .collect()
}

/// Judges `choice` by actor `r` against `s` as it will be taken (its scale, and its target in
/// armed conflict) under `r`'s own doctrine: the status, and the assessment (with the
/// support test's finding added) for the legal trace.
pub fn judge(l: &Legal, r: u16, s: u16, choice: Response, facts: &Facts) -> (Status, Assessment) {
    let plan = &l.plan.0;
    let policy = &plan.actors[r as usize].source.policy;
    let mut as_taken = facts.clone();
    if choice.is_force() {
        as_taken.response_scale = Figure::known(scale_of(policy.posture));
        as_taken.armed_conflict = true;
        as_taken.response_target = Some(target_facts(plan, s, policy.respects_law));
    }
    let doctrine = &l.setup.doctrines.0[l.setup.own[r as usize]];
    let mut judged = law::assess(&as_taken, doctrine);
    let mut lawful = match support_finding(choice, &as_taken, &mut judged.used) {
        Some(f) => {
            let s = f.outcome;
            judged.findings.push(f);
            s
        }
        None => judged.response(choice),
    };
    if choice.is_force()
        && judged.findings.iter().any(|f| {
            matches!(
                f.test,
                "distinction" | "proportionality_in_attack" | "precautions" | "discrimination"
            ) && f.outcome == Status::NotMet
        })
    {
        lawful = Status::NotMet;
    }
    (lawful, judged)
}

/// Applies a response's effects once it takes effect: on the attacker's campaigns and
/// infrastructure, or, for support, on the attacked ally.
pub fn apply(
    l: &mut Legal,
    by: u16,
    against: u16,
    ally: Option<u16>,
    response: Response,
    pairs: &[u32],
) {
    let plan = l.plan.0.clone();
    let tick = l.clock.tick;
    let responder = &plan.actors[by as usize].source;
    let scale = scale_of(responder.policy.posture);
    let sponsor_posture = plan.actors[against as usize].source.policy.posture;
    // Logistics support received strengthens the supported State's own forcible response.
    let support = 0.1 * f64::from(l.legal.support[by as usize]);
    let capability = (responder
        .capabilities
        .cyber
        .max(responder.capabilities.kinetic)
        + support)
        .min(1.0);
    let Legal {
        intrusions,
        hostility,
        legal,
        pending,
        queue,
        stats,
        ..
    } = l;
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
                super::super::intelligence::evict(&mut x, stats, pending);
            }
        }
    };
    let strike = |queue: &mut EffectQueue, effect: EffectType, intensity: f64, hours: f64| {
        if let Some(node) = strike_target(&plan, against) {
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
            let pair = (by.min(against), by.max(against));
            legal.armed_conflict.insert(pair);
            if !legal.conflicts.contains_key(&pair) {
                // The response that began it, as decided: lawful means the armed attack it
                // answered was established.
                let lawful = legal
                    .responses
                    .iter()
                    .rev()
                    .find(|t| {
                        t.actor == by
                            && t.against == against
                            && t.ally == ally
                            && t.response == response
                    })
                    .is_some_and(|t| t.lawful == Status::Met);
                legal.conflicts.insert(
                    pair,
                    super::Conflict {
                        since: tick,
                        begun_by: lawful.then_some(against),
                    },
                );
            }
            legal.council_reported = true;
        }
        Response::IntelligenceSharing => {
            // The ally's intelligence reveals the intent behind the adversary's operations.
            if let Some(v) = ally {
                picture::edit(l, v, |p| {
                    p.intent_intel.insert(against);
                });
            }
        }
        Response::LogisticsSupport => {
            if let Some(v) = ally {
                legal.support[v as usize] += 1;
            }
        }
    }
    l.triggers.0.push((ally.unwrap_or(by), reason::RESPONSE));
}
