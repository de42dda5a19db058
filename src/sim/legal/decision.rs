//! The decision process: stages that take time, the evaluation-window rule, and one interface
//! ([`Decider`]) for the choice at a decision point.
//!
//! A situation in which an actor may act starts a deliberation: **assess** (the facts, ending
//! with the harm assessed), **deliberate**, **decide** — each lasting the actor's `decision`
//! durations — and then the decision point. There, the [`evaluation_window_rule`] may hold an
//! automated actor back; otherwise its [`Decider`] chooses; the choice is judged under the
//! actor's own doctrine, logged with its lawfulness, and carried out after the **act** stage.

use super::super::events::{DecidedBy, Event, Stage};
use super::facts::{ally_facts, facts_for, gravity};
use super::steps::situations;
use super::{Gravity, Legal, Taken, picture, requests, responses};
use crate::law::{self, Assessment, Facts, Response, Status};
use crate::model::{EffectType, Posture};
use crate::scenario::EscalationPolicy;
use crate::scenario::decisions::{Decision, Decisions};
use bevy_ecs::prelude::*;
use std::collections::BTreeMap;

/// A deliberation under way: its stage, and the tick the stage ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deliberation {
    /// The stage.
    pub stage: Stage,
    /// The tick it ends.
    pub until: u32,
}

/// A decided response waiting for its act stage to end.
#[derive(Clone, Debug)]
pub struct Act {
    /// The tick it takes effect.
    pub at: u32,
    /// Against whom.
    pub against: u16,
    /// For which attacked ally.
    pub ally: Option<u16>,
    /// The response.
    pub response: Response,
    /// The attribution pairs it acts on.
    pub pairs: Vec<u32>,
}

/// An actor's decision process: deliberations by situation (adversary, attacked ally), and
/// decisions being carried out.
#[derive(Component, Clone, Debug, Default)]
pub struct Process {
    /// Deliberations under way, by (adversary, ally).
    pub deliberations: BTreeMap<(u16, Option<u16>), Deliberation>,
    /// Decisions being carried out, in the order taken.
    pub acts: Vec<Act>,
}

/// What a decider sees at a decision point.
pub struct DecisionPoint<'a> {
    /// Tick.
    pub tick: u32,
    /// The deciding actor.
    pub actor: u16,
    /// The adversary.
    pub against: u16,
    /// The attacked ally, when the actor decides as an ally.
    pub ally: Option<u16>,
    /// The facts, from the actor's picture.
    pub facts: &'a Facts,
    /// The assessment of the facts under the actor's own doctrine.
    pub own: &'a Assessment,
    /// The options, least escalatory first, each with its status under the actor's doctrine.
    pub options: &'a [(Response, Status)],
    /// The actor's policy, as the scenario gives it.
    pub policy: &'a EscalationPolicy,
}

/// The one interface for choosing at a decision point. The automated postures are one
/// implementation ([`Policy`]); the `--decisions` file is another ([`Scripted`]).
pub trait Decider: Send + Sync {
    /// The response to take, if any.
    fn decide(&mut self, point: &DecisionPoint) -> Option<Response>;
    /// Who this decider is, for the record.
    fn decided_by(&self) -> DecidedBy;
    /// Whether the automated decision process (stages, evaluation windows) runs for the actor.
    fn automated(&self) -> bool {
        true
    }
    /// Decision points this decider sets itself at `tick`: (adversary, attacked ally).
    fn scheduled(&self, _tick: u32) -> Vec<(u16, Option<u16>)> {
        Vec::new()
    }
}

/// Who decides for each actor, by actor index.
#[derive(Resource)]
pub struct Deciders(pub Vec<Box<dyn Decider>>);

impl Deciders {
    /// The automated policy for every one of `actors` actors, except those `decisions` plays
    /// (names in a decision or a `played` entry): they are played by the file.
    pub fn new(actors: usize, decisions: &Decisions) -> Deciders {
        Deciders(
            (0..actors as u16)
                .map(|a| {
                    let mine: Vec<Decision> =
                        decisions.iter().filter(|d| d.actor == a).cloned().collect();
                    if !decisions.plays(a) {
                        Box::new(Policy) as Box<dyn Decider>
                    } else {
                        Box::new(Scripted::new(mine))
                    }
                })
                .collect(),
        )
    }
}

/// The automated policy: a law-abiding actor takes the least escalatory lawful option it has
/// not tried (an aggressive one the highest), and climbs only while the attack goes on despite
/// what it tried (necessity; Japan's second condition). An actor that ignores the law takes
/// what its posture wants, and the evaluator records whether it was lawful.
pub struct Policy;

impl Decider for Policy {
    fn decide(&mut self, p: &DecisionPoint) -> Option<Response> {
        let tried: Vec<Response> = p.facts.responses_tried.iter().map(|t| t.response).collect();
        let untried: Vec<(Response, Status)> = p
            .options
            .iter()
            .copied()
            .filter(|(x, _)| !tried.contains(x))
            .collect();
        let pressing = p.facts.ongoing.0 == Some(true) || p.facts.imminent.0 == Some(true);
        let escalate =
            tried.is_empty() || (pressing && p.facts.responses_tried.iter().all(|t| !t.effective));
        if !escalate {
            return None;
        }
        if p.policy.respects_law {
            let lawful: Vec<Response> = untried
                .iter()
                .filter(|(_, s)| *s == Status::Met)
                .map(|&(x, _)| x)
                .collect();
            match p.policy.posture {
                Posture::Aggressive => lawful.last().copied(),
                _ => lawful.first().copied(),
            }
        } else {
            let hostile = p.facts.worst_effect >= Some(EffectType::Disruption)
                || p.facts
                    .ally
                    .as_ref()
                    .is_some_and(|a| a.worst_effect >= Some(EffectType::Disruption));
            let untried: Vec<Response> = untried.iter().map(|&(x, _)| x).collect();
            let wanted = match p.policy.posture {
                Posture::Aggressive if hostile => p.options.last().map(|&(x, _)| x),
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

    fn decided_by(&self) -> DecidedBy {
        DecidedBy::Policy
    }
}

/// The decisions of one actor from a `--decisions` file: the actor takes exactly these, at
/// these ticks, whatever the law says (each is judged and flagged when unlawful); its automated
/// process is off.
pub struct Scripted {
    decisions: Vec<Decision>,
    used: Vec<bool>,
}

impl Scripted {
    /// The decider for `decisions` (all of one actor).
    pub fn new(decisions: Vec<Decision>) -> Scripted {
        let used = vec![false; decisions.len()];
        Scripted { decisions, used }
    }
}

impl Decider for Scripted {
    fn decide(&mut self, p: &DecisionPoint) -> Option<Response> {
        let i = self.decisions.iter().enumerate().position(|(i, d)| {
            !self.used[i] && d.tick == p.tick && d.against == p.against && d.ally == p.ally
        })?;
        self.used[i] = true;
        Some(self.decisions[i].response)
    }

    fn decided_by(&self) -> DecidedBy {
        DecidedBy::DecisionsFile
    }

    fn automated(&self) -> bool {
        false
    }

    fn scheduled(&self, tick: u32) -> Vec<(u16, Option<u16>)> {
        self.decisions
            .iter()
            .filter(|d| d.tick == tick)
            .map(|d| (d.against, d.ally))
            .collect()
    }
}

/// What the evaluation-window rule allows at a decision point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// No response against the adversary is within its window: the actor may decide.
    Closed,
    /// A response is within its window, but the attack has grown graver since: the actor may
    /// decide again.
    Graver,
    /// A response is within its window and the attack has not grown graver: wait.
    Open {
        /// The response whose window is open.
        pending: Response,
        /// The tick the window closes.
        until: u32,
    },
}

/// **The evaluation-window rule.** An actor escalates past a response only after the
/// response's evaluation window has passed (and the attack continues, which the policy's
/// necessity judges), or when the attack has grown graver since it decided the response: a new,
/// more severe kind of effect, or harm in a graver severity class. Necessity in self-defense
/// means that other measures have failed or would fail (ICJ, Nicaragua (1986) para 194; TM2.0
/// r.72), which can be known only once they have had their time. `last` is the actor's latest
/// response against the same adversary.
pub fn evaluation_window_rule(last: Option<&Taken>, tick: u32, now: Gravity) -> Window {
    match last {
        Some(t) if tick < t.window_ends => {
            if now.graver_than(t.gravity) {
                Window::Graver
            } else {
                Window::Open {
                    pending: t.response,
                    until: t.window_ends,
                }
            }
        }
        _ => Window::Closed,
    }
}

/// Starts actor `a`'s deliberation about `s` (as an ally of `ally`) if none is under way and
/// its process is automated.
pub fn begin(l: &mut Legal, a: u16, s: u16, ally: Option<u16>) {
    if !l.deciders.0[a as usize].automated() {
        return;
    }
    let until = l.clock.tick + l.setup.timing[a as usize].assess;
    let entity = l.entities.0[a as usize];
    let Ok((_, mut process)) = l.actors.get_mut(entity) else {
        return;
    };
    if process.deliberations.contains_key(&(s, ally)) {
        return;
    }
    process.deliberations.insert(
        (s, ally),
        Deliberation {
            stage: Stage::Assess,
            until,
        },
    );
    l.pending.0.push(Event::DecisionStage {
        actor: a,
        against: s,
        ally,
        stage: Stage::Assess,
        until,
    });
}

fn set_stage(l: &mut Legal, a: u16, key: (u16, Option<u16>), stage: Stage, until: u32) {
    let entity = l.entities.0[a as usize];
    if let Ok((_, mut process)) = l.actors.get_mut(entity) {
        process
            .deliberations
            .insert(key, Deliberation { stage, until });
    }
    l.pending.0.push(Event::DecisionStage {
        actor: a,
        against: key.0,
        ally: key.1,
        stage,
        until,
    });
}

fn end_deliberation(l: &mut Legal, a: u16, key: (u16, Option<u16>)) {
    let entity = l.entities.0[a as usize];
    if let Ok((_, mut process)) = l.actors.get_mut(entity) {
        process.deliberations.remove(&key);
    }
}

/// The options of actor `a` at a decision point, least escalatory first: the ladder for a
/// victim (active cyber defense where its doctrine has it); for an ally, intelligence sharing,
/// retorsion, and what the victim's request asked for.
pub fn options(
    l: &Legal,
    a: u16,
    ally: Option<u16>,
    against: u16,
    picture: &picture::Picture,
) -> Vec<Response> {
    match ally {
        None => {
            let acd = l.setup.doctrines.0[l.setup.own[a as usize]].active_cyber_defense;
            [
                Response::Retorsion,
                Response::Countermeasures,
                Response::ActiveCyberDefense,
                Response::SelfDefense,
            ]
            .into_iter()
            .filter(|r| *r != Response::ActiveCyberDefense || acd)
            .collect()
        }
        Some(v) => {
            let scope = picture.requests.get(&(v, against)).map(|&(_, s)| s);
            [
                Response::IntelligenceSharing,
                Response::Retorsion,
                Response::LogisticsSupport,
                Response::CollectiveSelfDefense,
            ]
            .into_iter()
            .filter(|&r| r == Response::Retorsion || scope.is_some_and(|s| s.contains(r)))
            .collect()
        }
    }
}

/// A decision point of actor `a` about `s` (as an ally of `ally`).
fn decision_point(l: &mut Legal, a: u16, s: u16, ally: Option<u16>) {
    let plan = l.plan.0.clone();
    let tick = l.clock.tick;
    let key = (s, ally);
    let automated = l.deciders.0[a as usize].automated();
    if !automated {
        // A person at the table looks at the picture as it is now.
        picture::observe(l, a);
    }
    let pic = picture::of(l, a);
    let (mut facts, pairs) = match ally {
        None => {
            let pairs = situations(&pic).remove(&s).unwrap_or_default();
            if pairs.is_empty() && automated {
                end_deliberation(l, a, key);
                return;
            }
            (facts_for(l, &pic, a, s, &pairs), pairs)
        }
        Some(v) => {
            let report = match pic.reports.get(&(v, s)) {
                Some(r) => r.facts.clone(),
                None if automated => {
                    end_deliberation(l, a, key);
                    return;
                }
                None => facts_for(l, &pic, a, s, &[]),
            };
            // The ally acts on the campaigns the victim attributes to the adversary.
            let pairs = situations(&picture::of(l, v))
                .remove(&s)
                .unwrap_or_default();
            (ally_facts(l, &pic, a, v, s, &report), pairs)
        }
    };
    let doctrine = l.setup.doctrines.0[l.setup.own[a as usize]].clone();
    let mut own = law::assess(&facts, &doctrine);
    let now = gravity(&facts, &doctrine);
    let last = l
        .legal
        .responses
        .iter()
        .rev()
        .find(|t| t.actor == a && t.against == s)
        .copied();
    let window = evaluation_window_rule(last.as_ref(), tick, now);
    if automated && let Window::Open { pending, until } = window {
        l.pending.0.push(Event::DecisionDeferred {
            actor: a,
            against: s,
            pending,
            until,
        });
        let entity = l.entities.0[a as usize];
        if let Ok((_, mut process)) = l.actors.get_mut(entity) {
            process.deliberations.insert(
                key,
                Deliberation {
                    stage: Stage::Decide,
                    until,
                },
            );
        }
        return;
    }
    end_deliberation(l, a, key);
    if ally.is_none() && requests::may_declare(l, a, &own, &facts) {
        let before = l.legal.requests.len();
        requests::request(l, a, s);
        if l.legal.requests.len() > before {
            alliance_finding(l, a, s, &own, &facts);
            // Asked, the alliance means is no longer untried (Japan's second condition).
            if facts.means.ally_available.0 == Some(true) {
                facts.means.ally_asked = crate::law::Truth::known(true);
                own = law::assess(&facts, &doctrine);
            }
        }
    }
    let opts = options(l, a, ally, s, &pic);
    // Force is judged as the actor would use it (its scale, its target).
    let statuses: Vec<(Response, Status)> = responses::statuses(&own, &facts, &opts)
        .into_iter()
        .map(|(r, st)| {
            if r.is_force() {
                (r, responses::judge(l, a, s, r, &facts).0)
            } else {
                (r, st)
            }
        })
        .collect();
    let policy = &plan.actors[a as usize].source.policy;
    let point = DecisionPoint {
        tick,
        actor: a,
        against: s,
        ally,
        facts: &facts,
        own: &own,
        options: &statuses,
        policy,
    };
    let decider = &mut l.deciders.0[a as usize];
    let Some(choice) = decider.decide(&point) else {
        return;
    };
    let decided_by = decider.decided_by();
    let (lawful, judged) = responses::judge(l, a, s, choice, &facts);
    if decided_by == DecidedBy::Policy && policy.respects_law && lawful != Status::Met {
        return;
    }
    let steps = if choice.is_force() {
        plan.actors[a as usize]
            .source
            .decision
            .domestic_steps
            .as_ref()
            .map(|d| {
                let urgent = own
                    .threshold("armed_attack_occurred")
                    .or(own.threshold("armed_attack"))
                    == Some(Status::Met);
                domestic_schedule(d, urgent, tick, |h| plan.ticks_for(h))
            })
            .unwrap_or_default()
    } else if choice == Response::CollectiveSelfDefense {
        // The ally's force for Japan follows the close consultation on Article V.
        ally.and_then(|v| {
            plan.actors[v as usize]
                .source
                .decision
                .domestic_steps
                .as_ref()
        })
        .map(|d| {
            let mut s = Schedule {
                out: Vec::with_capacity(1),
                at: tick,
                ticks: |h| plan.ticks_for(h),
                by: None,
            };
            s.push(
                "alliance_consultation",
                d.alliance_consultation_hours,
                false,
            );
            s.out
        })
        .unwrap_or_default()
    } else if choice == Response::ActiveCyberDefense {
        plan.actors[a as usize]
            .source
            .decision
            .domestic_steps
            .as_ref()
            .map(|d| {
                let who = acd_actor(&own);
                // The attacker's servers lie abroad unless the attacker is the State itself
                // (modelling: an intrusion staged through servers at home is not represented).
                let abroad = s != a;
                acd_schedule(d, who, acd_urgent(&facts), abroad, tick, |h| {
                    plan.ticks_for(h)
                })
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let order_at = steps
        .iter()
        .rev()
        .find(|s| !s.after)
        .map_or(tick, |s| s.until);
    let takes_effect = order_at + l.setup.timing[a as usize].act;
    let window_ends = takes_effect + l.setup.window(&plan, a, choice);
    let inside_window = last.is_some_and(|t| tick < t.window_ends);
    let mut line = serde_json::Map::new();
    line.insert("tick".into(), tick.into());
    line.insert(
        "response_by".into(),
        plan.actors[a as usize].id.clone().into(),
    );
    line.insert("against".into(), plan.actors[s as usize].id.clone().into());
    line.insert(
        "ally".into(),
        ally.map_or(serde_json::Value::Null, |v| {
            plan.actors[v as usize].id.clone().into()
        }),
    );
    line.insert("response".into(), choice.as_str().into());
    line.insert("lawful".into(), lawful.as_str().into());
    line.insert("flagged".into(), (lawful != Status::Met).into());
    line.insert(
        "decided_by".into(),
        serde_json::to_value(decided_by).unwrap_or_default(),
    );
    line.insert("takes_effect".into(), takes_effect.into());
    for st in &steps {
        l.legal.domestic.push((a, s, *st));
    }
    if !steps.is_empty() {
        line.insert(
            "domestic_steps".into(),
            serde_json::to_value(&steps).unwrap_or_default(),
        );
    }
    line.insert("window_ends".into(), window_ends.into());
    if let serde_json::Value::Object(body) = judged.to_json_explained() {
        line.extend(body);
    }
    l.legal
        .trace
        .push(serde_json::Value::Object(line).to_string());
    let taken = Taken {
        tick,
        actor: a,
        against: s,
        ally,
        response: choice,
        lawful,
        decided_by,
        takes_effect,
        window_ends,
        gravity: now,
        inside_window,
    };
    let row = super::record::row(l, &taken, &pic, &facts, &own, &statuses);
    l.legal.decisions.push(row);
    l.legal.responses.push(taken);
    l.pending.0.push(Event::ResponseTaken {
        actor: a,
        against: s,
        ally,
        response: choice,
        lawful,
        flagged: lawful != Status::Met,
        decided_by,
        takes_effect,
        window_ends,
    });
    l.pending.0.push(Event::DecisionStage {
        actor: a,
        against: s,
        ally,
        stage: Stage::Act,
        until: takes_effect,
    });
    let entity = l.entities.0[a as usize];
    if let Ok((_, mut process)) = l.actors.get_mut(entity) {
        process.acts.push(Act {
            at: takes_effect,
            against: s,
            ally,
            response: choice,
            pairs,
        });
    }
}

/// One domestic step before a use of force or an Active Cyber Defense measure, with the ticks
/// it starts and ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DomesticStep {
    /// The step: before force, `national_security_council`, `cabinet_decision`,
    /// `diet_approval`, `defense_operation_order`, and `diet_approval_after` when, in urgency,
    /// approval is sought after the order; before Active Cyber Defense,
    /// `foreign_minister_consultation`, `prime_minister_order`, `commission_approval`, and
    /// `commission_notified_after` in urgency; before collective self-defense for a partner
    /// under Article V of the US-Japan Security Treaty, `alliance_consultation`.
    pub step: &'static str,
    /// Who acts after the step, where the law divides the work: `police` or
    /// `self_defense_forces` for Active Cyber Defense; none otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'static str>,
    /// Whether the step follows the measure and so delays nothing (`diet_approval_after`,
    /// `commission_notified_after`).
    #[serde(skip)]
    pub after: bool,
    /// Tick it starts.
    pub from: u32,
    /// Tick it ends.
    pub until: u32,
}

/// Steps laid end to end from `at`; a step marked `after` follows the measure.
struct Schedule<F: Fn(f64) -> u32> {
    out: Vec<DomesticStep>,
    at: u32,
    ticks: F,
    by: Option<&'static str>,
}

impl<F: Fn(f64) -> u32> Schedule<F> {
    fn push(&mut self, step: &'static str, hours: f64, after: bool) {
        let until = self.at + (self.ticks)(hours);
        self.out.push(DomesticStep {
            step,
            by: self.by,
            after,
            from: self.at,
            until,
        });
        self.at = until;
    }
}

/// When `v`, whose doctrine has Japan's three conditions and whose decision process has
/// domestic steps, has just asked its allies for help against `s`: one trace line per ally with
/// the finding on Article V of the US-Japan Security Treaty (`law::japan::alliance_article_v`).
/// Nothing else follows from it: each ally decides, through its own doctrine and its own
/// picture, whether to act.
fn alliance_finding(l: &mut Legal, v: u16, s: u16, own: &Assessment, facts: &Facts) {
    let plan = l.plan.0.clone();
    let doctrine = &l.setup.doctrines.0[l.setup.own[v as usize]];
    let Some(d) = plan.actors[v as usize]
        .source
        .decision
        .domestic_steps
        .as_ref()
    else {
        return;
    };
    if !doctrine.three_conditions {
        return;
    }
    let armed = own
        .threshold("armed_attack_occurred")
        .or(own.threshold("armed_attack"))
        .unwrap_or(Status::Unknown);
    for w in requests::allies(&plan, v).into_iter().filter(|&w| w != s) {
        let ally_id = plan.actors[w as usize].id.as_str();
        let mut one = Assessment::empty(&doctrine.id);
        let f = law::japan::alliance_article_v(
            facts,
            armed,
            ally_id,
            d.alliance_consultation_hours,
            &mut one.used,
        );
        one.findings.push(f);
        let mut line = serde_json::Map::new();
        line.insert("tick".into(), l.clock.tick.into());
        line.insert("victim".into(), plan.actors[v as usize].id.clone().into());
        line.insert("suspect".into(), plan.actors[s as usize].id.clone().into());
        line.insert("ally".into(), ally_id.into());
        line.insert("alliance".into(), "assistance_requested".into());
        if let serde_json::Value::Object(body) = one.to_json_explained() {
            line.insert(
                "doctrine".into(),
                body.get("doctrine").cloned().unwrap_or_default(),
            );
            line.insert(
                "findings".into(),
                body.get("findings").cloned().unwrap_or_default(),
            );
        }
        l.legal
            .trace
            .push(serde_json::Value::Object(line).to_string());
    }
}

/// Who carries out Active Cyber Defense against an attack, by Japan's own assessment `own`:
/// the Self-Defense Forces, on the Prime Minister's order, against highly organised attacks
/// from abroad (amended SDF Act, communications protection measures; Digital Policy Alert on
/// the bill of 7 February 2025; article number (check)); the police in every other case
/// (amended Police Duties Execution Act). "Highly organised" is read as the Government's
/// `organised_and_planned` finding being met (modelling, not law: the statute's test for
/// which attacks fall to the SDF, and the SDF's limitation to designated important computers,
/// are not encoded (check)).
pub fn acd_actor(own: &crate::law::Assessment) -> &'static str {
    let organised = own
        .findings
        .iter()
        .find(|f| f.test == "organised_and_planned")
        .is_some_and(|f| f.outcome == Status::Met);
    if organised {
        "self_defense_forces"
    } else {
        "police"
    }
}

/// Whether Active Cyber Defense is urgent, so that it may begin before the supervisory
/// commission approves it (the commission is notified afterwards): the law's exception for
/// urgency, read as hostile effects continuing that have already killed, injured or destroyed
/// (modelling, not law: the statute's wording of urgency was not read (check)).
pub fn acd_urgent(facts: &crate::law::Facts) -> bool {
    let h = &facts.harm;
    facts.ongoing.0 == Some(true)
        && (h.deaths.high() > 0.0
            || h.injuries.high() > 0.0
            || h.physical_destruction.0 == Some(true))
}

/// The steps from a decision at `tick` to an Active Cyber Defense measure (access to and
/// neutralisation of attacker servers; Act No. 42 of 2025 and the companion amendments of the
/// Police Duties Execution Act and the SDF Act, access and neutralisation from 1 October 2026;
/// docs/japan.md section 6), in order: for computers abroad, consultation of the Foreign
/// Minister; for the Self-Defense Forces (`by`), the Prime Minister's order; the independent
/// supervisory commission's prior approval, or, in urgency, its notification after the
/// measure (delaying nothing). Durations are the scenario's (model assumptions).
pub fn acd_schedule(
    d: &crate::scenario::DomesticSteps,
    by: &'static str,
    urgent: bool,
    abroad: bool,
    tick: u32,
    ticks: impl Fn(f64) -> u32,
) -> Vec<DomesticStep> {
    let mut s = Schedule {
        out: Vec::with_capacity(3),
        at: tick,
        ticks,
        by: Some(by),
    };
    if abroad {
        s.push(
            "foreign_minister_consultation",
            d.foreign_minister_hours,
            false,
        );
    }
    if by == "self_defense_forces" {
        s.push("prime_minister_order", d.prime_minister_order_hours, false);
    }
    if urgent {
        s.push("commission_notified_after", d.commission_hours, true);
    } else {
        s.push("commission_approval", d.commission_hours, false);
    }
    s.out
}

/// The domestic steps from a decision at `tick` to the order to use force, in order: the
/// National Security Council, the Cabinet decision on the basic response plan, prior Diet
/// approval (after the fact in urgency, when the doctrine's steps allow it), the defense
/// operation order (SDF Act art. 76; Armed Attack Situations Response Act art. 9; docs/japan.md
/// section 5). Durations are the scenario's (model assumptions); `ticks` converts hours.
pub fn domestic_schedule(
    d: &crate::scenario::DomesticSteps,
    urgent: bool,
    tick: u32,
    ticks: impl Fn(f64) -> u32,
) -> Vec<DomesticStep> {
    let mut s = Schedule {
        out: Vec::with_capacity(4),
        at: tick,
        ticks,
        by: None,
    };
    s.push("national_security_council", d.nsc_hours, false);
    s.push("cabinet_decision", d.cabinet_hours, false);
    let after = urgent && d.diet_after_in_urgency;
    if !after {
        s.push("diet_approval", d.diet_hours, false);
    }
    s.push("defense_operation_order", d.order_hours, false);
    if after {
        s.push("diet_approval_after", d.diet_hours, true);
    }
    s.out
}

/// The legal stage's second system: moves every deliberation through its stages, holds the
/// decision points (the process's and the decisions file's), carries out decisions whose act
/// stage ends, and asks actors to look again when a response's window closes.
pub fn advance_decisions(mut l: Legal) {
    let tick = l.clock.tick;
    let n = l.entities.0.len() as u16;
    for a in 0..n {
        for (s, ally) in l.deciders.0[a as usize].scheduled(tick) {
            decision_point(&mut l, a, s, ally);
        }
        let entity = l.entities.0[a as usize];
        let due: Vec<((u16, Option<u16>), Deliberation)> = match l.actors.get(entity) {
            Ok((_, process)) => process
                .deliberations
                .iter()
                .filter(|(_, d)| d.until <= tick)
                .map(|(k, d)| (*k, *d))
                .collect(),
            Err(_) => Vec::new(),
        };
        let timing = l.setup.timing[a as usize];
        for (key, d) in due {
            let mut stage = d.stage;
            loop {
                match stage {
                    Stage::Assess => {
                        // The assessment ends: the harm as the actor can now assess it.
                        picture::observe(&mut l, a);
                        stage = Stage::Deliberate;
                    }
                    Stage::Deliberate => stage = Stage::Decide,
                    Stage::Decide | Stage::Act => {
                        decision_point(&mut l, a, key.0, key.1);
                        break;
                    }
                }
                let until = tick
                    + match stage {
                        Stage::Deliberate => timing.deliberate,
                        _ => timing.decide,
                    };
                set_stage(&mut l, a, key, stage, until);
                if until > tick {
                    break;
                }
            }
        }
        let acts: Vec<Act> = match l.actors.get_mut(entity) {
            Ok((_, mut process)) => {
                let (now, later): (Vec<Act>, Vec<Act>) =
                    process.acts.drain(..).partition(|x| x.at <= tick);
                process.acts = later;
                now
            }
            Err(_) => Vec::new(),
        };
        for x in acts {
            responses::apply(&mut l, a, x.against, x.ally, x.response, &x.pairs);
        }
    }
    // A window closing is a reason to look again (the actor judges whether the response
    // worked and whether the attack goes on).
    let closing: Vec<(u16, Option<u16>)> = l
        .legal
        .responses
        .iter()
        .filter(|t| t.window_ends == tick && t.decided_by == DecidedBy::Policy)
        .map(|t| (t.actor, t.ally))
        .collect();
    for (a, ally) in closing {
        l.triggers
            .0
            .push((ally.unwrap_or(a), super::super::components::reason::REVIEW));
    }
}
