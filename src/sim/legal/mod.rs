//! State actors and the law in the simulation.
//!
//! Every actor is an entity ([`ActorIndex`], [`picture::Picture`], [`decision::Process`]); the
//! Security Council is one too ([`council::SecurityCouncil`]). The path of one decision:
//!
//! 1. **Detect** — the detection model (`sim::intelligence`) finds an intrusion, an effect
//!    lands, attribution crosses a level: an escalation step for the State concerned.
//! 2. **Picture** — at the step the actor updates what it knows ([`picture::observe`]): the
//!    intrusions it has detected, the effects it has seen on its own infrastructure, the harm
//!    as it can assess it (`harm_facts::harm_of`), its attribution beliefs, the
//!    intelligence allies gave it, the reports and requests of attacked allies.
//! 3. **Facts** — the legal facts of each situation come from that picture, never from ground
//!    truth ([`facts`]); every doctrine assesses them (threshold crossings, the legal trace).
//! 4. **Assess, deliberate, decide** — a situation in which the actor may act starts its
//!    decision process ([`decision`]): stages with the durations of the actor's `decision`
//!    field. At the decision point the evaluation-window rule
//!    ([`decision::evaluation_window_rule`]) may hold it back; otherwise one [`decision::Decider`]
//!    (the automated policy, or the `--decisions` file) chooses, and the choice is judged under
//!    the actor's own doctrine and logged with its lawfulness. A victim that finds an armed
//!    attack declares it and requests help from its allies ([`requests`]).
//! 5. **Act** — after the act stage, the response changes the world ([`responses`]).

pub mod council;
pub mod decision;
pub mod facts;
pub mod picture;
pub mod requests;
pub mod responses;
mod steps;

pub use council::security_council;
pub use decision::advance_decisions;
pub use steps::assess_steps;

use super::Pending;
use super::components::*;
use super::events::{DecidedBy, ResponseSet};
use crate::law::{Doctrines, Response, Status};
use crate::model::EffectType;
use crate::rng::Stream;
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
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

/// Hours after its last hostile effect during which an attack counts as ongoing.
pub const ONGOING_HOURS: f64 = 48.0;

/// An actor entity: its index in the scenario's actor table.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActorIndex(pub u16);

/// The actor entities, by actor index.
#[derive(Resource, Default)]
pub struct ActorEntities(pub Vec<Entity>);

/// The durations of one actor's decision process, in ticks.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    /// Assess stage.
    pub assess: u32,
    /// Deliberate stage.
    pub deliberate: u32,
    /// Decide stage.
    pub decide: u32,
    /// Act stage.
    pub act: u32,
}

/// The doctrines of the run, and each actor's own doctrine and decision timing.
#[derive(Resource, Clone)]
pub struct LegalSetup {
    /// Every doctrine assessed.
    pub doctrines: Arc<Doctrines>,
    /// Doctrine ids, by index.
    pub names: Vec<String>,
    /// Index of each actor's own doctrine.
    pub own: Vec<usize>,
    /// Each actor's decision timing.
    pub timing: Vec<Timing>,
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
        let timing = plan
            .actors
            .iter()
            .map(|a| {
                let d = &a.source.decision;
                Timing {
                    assess: plan.ticks_for(d.assess_hours),
                    deliberate: plan.ticks_for(d.deliberate_hours),
                    decide: plan.ticks_for(d.decide_hours),
                    act: plan.ticks_for(d.act_hours),
                }
            })
            .collect();
        LegalSetup {
            doctrines,
            names,
            own,
            timing,
        }
    }

    /// The evaluation window of `response` for actor `a`, in ticks.
    pub fn window(&self, plan: &Compiled, a: u16, response: Response) -> u32 {
        plan.ticks_for(
            plan.actors[a as usize]
                .source
                .decision
                .windows
                .hours(response),
        )
    }
}

/// How grave an attack looks to the actor judging it: the worst kind of effect it has seen
/// and the severity class of the harm it has assessed (the integer part of
/// [`crate::law::tests::severity_index`] under its own doctrine).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gravity {
    /// Worst effect (`EffectType` index + 1; 0 for none).
    pub effect: u8,
    /// Severity class, 0 to 6.
    pub class: u8,
}

impl Gravity {
    /// Whether `self` is graver than `before`: a new, more severe kind of effect, or harm in a
    /// graver class.
    pub fn graver_than(self, before: Gravity) -> bool {
        self.effect > before.effect || self.class > before.class
    }
}

/// A response decided, with indices (the summary resolves them: [`ResponseRecord`]).
#[derive(Clone, Copy, Debug)]
pub struct Taken {
    /// Tick of the decision.
    pub tick: u32,
    /// Who.
    pub actor: u16,
    /// Against whom.
    pub against: u16,
    /// For which attacked ally.
    pub ally: Option<u16>,
    /// The response.
    pub response: Response,
    /// Its lawfulness under the actor's doctrine, judged on the actor's picture.
    pub lawful: Status,
    /// Who decided.
    pub decided_by: DecidedBy,
    /// Tick it takes effect.
    pub takes_effect: u32,
    /// Tick its evaluation window closes.
    pub window_ends: u32,
    /// The attack's gravity as the actor saw it when deciding.
    pub gravity: Gravity,
    /// Whether it was decided inside the window of an earlier response against the same
    /// adversary (allowed only because the attack grew graver, or by the decisions file).
    pub inside_window: bool,
}

/// A response taken, as written in the summary.
#[derive(Clone, Debug, Serialize)]
pub struct ResponseRecord {
    /// Tick of the decision.
    pub tick: u32,
    /// Who responded (actor id).
    pub actor: String,
    /// Against whom.
    pub against: String,
    /// For which attacked ally, when the actor responds as an ally.
    pub ally: Option<String>,
    /// The response.
    pub response: Response,
    /// Its lawfulness under the actor's own doctrine.
    pub lawful: Status,
    /// Taken although not lawful.
    pub flagged: bool,
    /// Who decided: `policy` or `decisions_file`.
    pub decided_by: DecidedBy,
    /// Tick it took effect.
    pub takes_effect: u32,
    /// Tick its evaluation window closes.
    pub window_ends: u32,
    /// The worst effect the actor had seen when deciding.
    pub worst_effect: Option<EffectType>,
    /// The severity class (0 to 6) of the harm the actor had assessed when deciding.
    pub severity_class: u8,
    /// Decided inside the window of an earlier response against the same adversary.
    pub inside_window: bool,
}

impl ResponseRecord {
    /// The record of `t`, with ids resolved.
    pub fn of(t: &Taken, plan: &Compiled) -> ResponseRecord {
        let id = |a: u16| plan.actors[a as usize].id.clone();
        ResponseRecord {
            tick: t.tick,
            actor: id(t.actor),
            against: id(t.against),
            ally: t.ally.map(id),
            response: t.response,
            lawful: t.lawful,
            flagged: t.lawful != Status::Met,
            decided_by: t.decided_by,
            takes_effect: t.takes_effect,
            window_ends: t.window_ends,
            worst_effect: super::harm_facts::effect_of(t.gravity.effect),
            severity_class: t.gravity.class,
            inside_window: t.inside_window,
        }
    }
}

/// An armed conflict between two actors: it begins with the first forcible response between
/// them (self-defense or collective self-defense taking effect).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The tick it began.
    pub since: u32,
    /// The actor whose armed attack began it: the one the first forcible response answered,
    /// when that response was lawful under the responder's doctrine (the armed attack was
    /// established); none when it was not (who began it is then in dispute).
    pub begun_by: Option<u16>,
}

/// A declaration of armed attack with a request for help.
#[derive(Clone, Copy, Debug)]
pub struct Request {
    /// Tick.
    pub tick: u32,
    /// The requesting State.
    pub state: u16,
    /// The State it declares responsible.
    pub against: u16,
    /// The help asked for.
    pub scope: ResponseSet,
}

/// A request, as written in the summary.
#[derive(Clone, Debug, Serialize)]
pub struct RequestRecord {
    /// Tick.
    pub tick: u32,
    /// The requesting State.
    pub state: String,
    /// The State it declares responsible.
    pub against: String,
    /// The States asked.
    pub addressees: Vec<String>,
    /// The help asked for.
    pub scope: Vec<Response>,
}

impl RequestRecord {
    /// The record of `r`, with ids resolved.
    pub fn of(r: &Request, plan: &Compiled) -> RequestRecord {
        let id = |a: u16| plan.actors[a as usize].id.clone();
        RequestRecord {
            tick: r.tick,
            state: id(r.state),
            against: id(r.against),
            addressees: requests::allies(plan, r.state)
                .into_iter()
                .map(id)
                .collect(),
            scope: r.scope.iter().collect(),
        }
    }
}

/// The legal history of the run.
#[derive(Resource, Debug)]
pub struct LegalState {
    /// Actors with an escalation step this tick, with the reasons.
    pub steps: Vec<(u16, u8)>,
    /// Last marker statuses per (assessing State, suspect, ally, doctrine).
    pub last: BTreeMap<(u16, u16, Option<u16>, u8), [Status; 10]>,
    /// Responses decided, in order.
    pub responses: Vec<Taken>,
    /// Declarations of armed attack with requests for help, in order.
    pub requests: Vec<Request>,
    /// Logistics support received per actor (responses of allies).
    pub support: Vec<u32>,
    /// Whether self-defense has been reported to the Security Council.
    pub council_reported: bool,
    /// Tick the Council took measures.
    pub council_acted: Option<u32>,
    /// The kind of measures, when known (a Security Council inject gives it).
    pub council_measure: Option<crate::law::facts::CouncilMeasure>,
    /// Pairs of actors in armed conflict (lower index first).
    pub armed_conflict: BTreeSet<(u16, u16)>,
    /// When each armed conflict began and who began it, by pair (lower index first).
    pub conflicts: BTreeMap<(u16, u16), Conflict>,
    /// The legal trace: one JSON object per doctrine per situation per step, and one per
    /// decision, serialized (a nation-scale run holds tens of thousands of them).
    pub trace: Vec<String>,
    /// Draws for the effects of responses.
    pub draws: Stream,
    /// Changes of a State's situation (事態) as its own doctrine certifies it: (tick, State,
    /// suspect, situation). Only doctrines that certify situations (Japan) record them.
    pub situations: Vec<(u32, u16, u16, crate::law::japan::Situation)>,
    /// The domestic steps before each use of force, Active Cyber Defense measure, or ally's
    /// collective self-defense: (actor, against, step).
    pub domestic: Vec<(u16, u16, decision::DomesticStep)>,
}

/// A change of a State's situation, as written in the summary.
#[derive(Clone, Debug, Serialize)]
pub struct SituationRecord {
    /// Tick from which it holds.
    pub tick: u32,
    /// The State whose situation it is.
    pub state: String,
    /// The State it suspects.
    pub against: String,
    /// The gravest situation met, e.g. `gray_zone`, `armed_attack_situation`.
    pub situation: &'static str,
}

impl SituationRecord {
    /// The record of a change, with actor ids.
    pub fn of(x: &(u32, u16, u16, crate::law::japan::Situation), plan: &Compiled) -> Self {
        SituationRecord {
            tick: x.0,
            state: plan.actors[x.1 as usize].id.clone(),
            against: plan.actors[x.2 as usize].id.clone(),
            situation: x.3.as_str(),
        }
    }
}

/// A domestic step before a use of force, as written in the summary.
#[derive(Clone, Debug, Serialize)]
pub struct DomesticStepRecord {
    /// The acting State.
    pub state: String,
    /// Against whom.
    pub against: String,
    /// The step (`national_security_council`, `cabinet_decision`, `diet_approval`,
    /// `defense_operation_order`, `diet_approval_after`; before Active Cyber Defense
    /// `foreign_minister_consultation`, `prime_minister_order`, `commission_approval`,
    /// `commission_notified_after`; before an ally's collective self-defense
    /// `alliance_consultation`).
    pub step: &'static str,
    /// Who acts, for Active Cyber Defense: `police` or `self_defense_forces`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<&'static str>,
    /// Tick it starts.
    pub from: u32,
    /// Tick it ends.
    pub until: u32,
}

impl DomesticStepRecord {
    /// The record of a step, with actor ids.
    pub fn of(x: &(u16, u16, decision::DomesticStep), plan: &Compiled) -> Self {
        DomesticStepRecord {
            state: plan.actors[x.0 as usize].id.clone(),
            against: plan.actors[x.1 as usize].id.clone(),
            step: x.2.step,
            by: x.2.by,
            from: x.2.from,
            until: x.2.until,
        }
    }
}

impl LegalState {
    /// The empty history for a run with `seed` and `actors` actors.
    pub fn new(seed: u64, actors: usize) -> LegalState {
        LegalState {
            steps: Vec::new(),
            last: BTreeMap::new(),
            responses: Vec::new(),
            requests: Vec::new(),
            support: vec![0; actors],
            council_reported: false,
            council_acted: None,
            council_measure: None,
            armed_conflict: BTreeSet::new(),
            conflicts: BTreeMap::new(),
            trace: Vec::new(),
            draws: crate::rng::stream(seed, "responses", "effects"),
            situations: Vec::new(),
            domestic: Vec::new(),
        }
    }
}

/// Everything the legal stage reads and changes.
#[derive(SystemParam)]
pub struct Legal<'w, 's> {
    /// The scenario.
    pub plan: Res<'w, Plan>,
    /// The tick.
    pub clock: Res<'w, Clock>,
    /// Doctrines and timings.
    pub setup: Res<'w, LegalSetup>,
    /// The harm ledger.
    pub ledger: Res<'w, HarmLedger>,
    /// Incident state.
    pub incidents: Res<'w, Incidents>,
    /// Actor entities by index.
    pub entities: Res<'w, ActorEntities>,
    /// Intrusions.
    pub intrusions: Query<'w, 's, (&'static mut Intrusion, &'static mut Draws)>,
    /// Attribution pairs.
    pub attributions: Query<'w, 's, &'static Attribution>,
    /// Actors.
    pub actors: Query<
        'w,
        's,
        (
            &'static mut picture::Picture,
            &'static mut decision::Process,
        ),
    >,
    /// Who decides for each actor.
    pub deciders: ResMut<'w, decision::Deciders>,
    /// Hostile operations.
    pub hostility: ResMut<'w, Hostility>,
    /// The legal history.
    pub legal: ResMut<'w, LegalState>,
    /// Events of the tick.
    pub pending: ResMut<'w, Pending>,
    /// Effects for the next tick.
    pub queue: ResMut<'w, EffectQueue>,
    /// Escalation triggers.
    pub triggers: ResMut<'w, Triggers>,
    /// Campaign counters.
    pub stats: ResMut<'w, CampaignStats>,
}

/// Spawns one entity per actor and the Security Council's, and the resources of the legal
/// stage.
pub fn spawn(
    world: &mut World,
    plan: &Compiled,
    seed: u64,
    doctrines: Arc<Doctrines>,
    deciders: decision::Deciders,
) {
    let entities = (0..plan.actors.len())
        .map(|i| {
            world
                .spawn((
                    ActorIndex(i as u16),
                    picture::Picture::default(),
                    decision::Process::default(),
                ))
                .id()
        })
        .collect();
    world.spawn(council::SecurityCouncil::new(plan, seed));
    world.insert_resource(ActorEntities(entities));
    world.insert_resource(LegalSetup::new(plan, doctrines));
    world.insert_resource(LegalState::new(seed, plan.actors.len()));
    world.insert_resource(deciders);
}

/// The facts actor `v` would assess now about its situation with `s`, from its picture (which
/// this updates, as an escalation step would); `None` when `v` has detected nothing it
/// attributes to `s`. For inspection and tests.
pub fn facts_now(world: &mut World, v: u16, s: u16) -> Option<crate::law::Facts> {
    use bevy_ecs::system::{In, RunSystemOnce};
    world
        .run_system_once_with(
            |In((v, s)): In<(u16, u16)>, mut l: Legal| {
                picture::observe(&mut l, v);
                let pv = picture::of(&l, v);
                let pairs = steps::situations(&pv).remove(&s)?;
                Some(facts::facts_for(&l, &pv, v, s, &pairs))
            },
            (v, s),
        )
        .ok()
        .flatten()
}
