//! Typed events: what happened, at which tick. Events are stored with indices and resolved to
//! the scenario's ids only when written, so recording them costs no allocation.

use super::components::reason;
use crate::law::{Response, Status};
use crate::model::{EffectType, KillChainPhase, Sector};
use crate::scenario::Compiled;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::cell::RefCell;
use std::sync::Arc;

/// A service band of a sector in one State.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceBand {
    /// At least 90% of normal service.
    Normal,
    /// From 50% to 90%.
    Degraded,
    /// Below 50%.
    Severe,
}

impl ServiceBand {
    /// The band a service level falls in.
    pub fn of(service: f64) -> ServiceBand {
        if service >= 0.9 {
            ServiceBand::Normal
        } else if service >= 0.5 {
            ServiceBand::Degraded
        } else {
            ServiceBand::Severe
        }
    }

    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceBand::Normal => "normal",
            ServiceBand::Degraded => "degraded",
            ServiceBand::Severe => "severe",
        }
    }
}

/// A stage of an actor's decision process ([`crate::sim::legal::decision`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Establishing the facts of the situation (ends with the harm assessed).
    Assess,
    /// Weighing the options.
    Deliberate,
    /// The formal decision.
    Decide,
    /// Carrying the decision out, until the response takes effect.
    Act,
}

/// Who made a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    /// The actor's automated policy (its posture and whether it respects the law).
    Policy,
    /// A decision from the `--decisions` file.
    DecisionsFile,
}

/// A set of responses (a request's scope), as bits by [`Response`] discriminant.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResponseSet(pub u16);

impl ResponseSet {
    /// The set of `responses`.
    pub fn of(responses: &[Response]) -> ResponseSet {
        ResponseSet(responses.iter().fold(0, |m, &r| m | 1 << r as u16))
    }
    /// Whether `r` is in the set.
    pub fn contains(self, r: Response) -> bool {
        self.0 & (1 << r as u16) != 0
    }
    /// The responses in the set: ladder order, then support.
    pub fn iter(self) -> impl Iterator<Item = Response> {
        Response::LADDER
            .into_iter()
            .chain(Response::SUPPORT)
            .filter(move |&r| self.contains(r))
    }
}

impl Serialize for ResponseSet {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// Something that happened in the simulation. Written to `events.jsonl` by serde, one object
/// per line with its `tick` and its `type` (the variant in snake_case); actors, campaigns, nodes
/// and doctrines are stored as indices and written as their ids (see `docs/outputs.md`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A campaign began.
    CampaignStarted {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
    },
    /// An intrusion completed a phase and reached the next one.
    PhaseAdvanced {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// The phase reached.
        phase: KillChainPhase,
    },
    /// An attempt at a phase failed; the intruder tries again.
    PhaseFailed {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// The phase attempted.
        phase: KillChainPhase,
        /// Failures so far at this phase.
        failures: u32,
    },
    /// An intrusion ran out of attempts.
    IntrusionAbandoned {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// The phase it failed at.
        phase: KillChainPhase,
    },
    /// The defender detected an intrusion.
    IntrusionDetected {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// The detecting (victim) State.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
        /// The phase it was in.
        phase: KillChainPhase,
    },
    /// The defender contained an intrusion.
    IntrusionEvicted {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// The victim State.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
    },
    /// An effect wave hit a node.
    EffectApplied {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// Wave index.
        wave: u16,
        /// Effect.
        effect: EffectType,
        /// Intensity.
        #[serde(serialize_with = "write_rounded")]
        intensity: f32,
    },
    /// A sector's service in one State moved to another band.
    SectorService {
        /// The State.
        #[serde(serialize_with = "write_actor")]
        state: u16,
        /// The sector.
        sector: Sector,
        /// The new band.
        band: ServiceBand,
        /// The service level, population-weighted.
        #[serde(serialize_with = "write_rounded")]
        service: f32,
    },
    /// A victim's confidence about a campaign's author crossed a reporting level.
    AttributionUpdated {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Victim State.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
        /// Who the evidence points to.
        #[serde(serialize_with = "write_actor")]
        suspect: u16,
        /// Confidence.
        #[serde(serialize_with = "write_rounded")]
        confidence: f32,
    },
    /// A victim saw through a false flag.
    FalseFlagExposed {
        /// Campaign index.
        #[serde(serialize_with = "write_campaign")]
        campaign: u32,
        /// Victim State.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
        /// The actor the campaign was disguised as.
        #[serde(serialize_with = "write_actor")]
        decoy: u16,
        /// The real author.
        #[serde(serialize_with = "write_actor")]
        author: u16,
    },
    /// A response hit the attacker's infrastructure.
    ResponseEffect {
        /// The responding actor.
        #[serde(serialize_with = "write_actor")]
        actor: u16,
        /// The response.
        response: Response,
        /// Node index.
        #[serde(serialize_with = "write_node")]
        node: u32,
        /// Effect.
        effect: EffectType,
        /// Intensity.
        #[serde(serialize_with = "write_rounded")]
        intensity: f32,
    },
    /// A legal threshold (or the lawfulness of self-defense) reached a higher status under one
    /// doctrine.
    ThresholdCrossed {
        /// The State assessing its situation.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
        /// The suspected author.
        #[serde(serialize_with = "write_actor")]
        suspect: u16,
        /// The attacked ally, when the situation is collective self-defense.
        #[serde(
            serialize_with = "write_optional_actor",
            skip_serializing_if = "Option::is_none"
        )]
        ally: Option<u16>,
        /// Doctrine index in the run's doctrine set.
        #[serde(serialize_with = "write_doctrine")]
        doctrine: u8,
        /// Index into [`crate::sim::legal::MARKERS`].
        #[serde(serialize_with = "write_marker")]
        threshold: u8,
        /// The status reached.
        status: Status,
    },
    /// An actor's decision process entered a stage for a situation.
    DecisionStage {
        /// The deciding actor.
        #[serde(serialize_with = "write_actor")]
        actor: u16,
        /// The adversary the situation is about.
        #[serde(serialize_with = "write_actor")]
        against: u16,
        /// The attacked ally, when the actor decides as an ally.
        #[serde(
            serialize_with = "write_optional_actor",
            skip_serializing_if = "Option::is_none"
        )]
        ally: Option<u16>,
        /// The stage entered.
        stage: Stage,
        /// The tick the stage ends.
        until: u32,
    },
    /// At a decision point, the evaluation-window rule held the actor back: its last response
    /// against the adversary is still within its window and the attack has not grown graver.
    DecisionDeferred {
        /// The deciding actor.
        #[serde(serialize_with = "write_actor")]
        actor: u16,
        /// The adversary.
        #[serde(serialize_with = "write_actor")]
        against: u16,
        /// The response whose window is open.
        pending: Response,
        /// The tick its window closes.
        until: u32,
    },
    /// A State declared itself the victim of an armed attack and requested help from its
    /// allies (ICJ, Nicaragua (1986) paras 195, 199).
    AssistanceRequested {
        /// The requesting State.
        #[serde(serialize_with = "write_actor")]
        state: u16,
        /// The State it declares responsible.
        #[serde(serialize_with = "write_actor")]
        against: u16,
        /// The States asked: the requester's allies.
        addressees: Addressees,
        /// The help asked for.
        scope: ResponseSet,
    },
    /// An actor took a response (decided it; it takes effect at `takes_effect`).
    ResponseTaken {
        /// Who.
        #[serde(serialize_with = "write_actor")]
        actor: u16,
        /// Against whom.
        #[serde(serialize_with = "write_actor")]
        against: u16,
        /// For which attacked ally, when the actor responds as an ally.
        #[serde(
            serialize_with = "write_optional_actor",
            skip_serializing_if = "Option::is_none"
        )]
        ally: Option<u16>,
        /// What.
        response: Response,
        /// Its lawfulness under the actor's doctrine, judged on the actor's picture.
        lawful: Status,
        /// Whether it is flagged: taken although not lawful (`lawful` is not `met`).
        flagged: bool,
        /// Who decided.
        decided_by: DecidedBy,
        /// The tick the response takes effect.
        takes_effect: u32,
        /// The tick its evaluation window closes.
        window_ends: u32,
    },
    /// The Security Council took measures.
    CouncilActed,
    /// An inject applied: scheduled in the scenario or added by the white cell
    /// ([`crate::scenario::Inject`]); its `kind` and fields follow.
    InjectApplied {
        /// Its number among the run's injects, in the order they apply.
        inject: u32,
        /// `scenario` or `white_cell`.
        source: super::injects::InjectSource,
        /// What it is, names resolved.
        #[serde(flatten)]
        what: super::injects::Resolved,
        /// For a campaign wave: the targets it reached (those in the campaign's effect phase).
        #[serde(skip_serializing_if = "Option::is_none")]
        nodes: Option<u32>,
    },
    /// The situation of a State changed in a way that matters in law: the point at which the
    /// legal evaluator looks again.
    EscalationStep {
        /// The State.
        #[serde(serialize_with = "write_actor")]
        victim: u16,
        /// Why (bit flags from [`reason`]).
        #[serde(serialize_with = "write_reasons")]
        reasons: u8,
    },
}

impl Event {
    /// A stable sort key, so that the events of one tick are written in the same order
    /// whatever order the systems met them in.
    pub fn sort_key(&self) -> (u8, u32, u32, u32) {
        let opt = |a: Option<u16>| a.map_or(0, |a| u32::from(a) + 1);
        match *self {
            Event::CampaignStarted { campaign } => (0, campaign, 0, 0),
            Event::PhaseAdvanced {
                campaign,
                node,
                phase,
            } => (1, campaign, node, phase as u32),
            Event::PhaseFailed {
                campaign,
                node,
                phase,
                ..
            } => (2, campaign, node, phase as u32),
            Event::IntrusionAbandoned { campaign, node, .. } => (3, campaign, node, 0),
            Event::EffectApplied {
                campaign,
                node,
                wave,
                ..
            } => (4, campaign, node, wave as u32),
            Event::SectorService { state, sector, .. } => (5, state as u32, sector as u32, 0),
            Event::IntrusionDetected { campaign, node, .. } => (6, campaign, node, 0),
            Event::IntrusionEvicted { campaign, node, .. } => (7, campaign, node, 0),
            Event::FalseFlagExposed {
                campaign, victim, ..
            } => (8, campaign, victim as u32, 0),
            Event::AttributionUpdated {
                campaign, victim, ..
            } => (9, campaign, victim as u32, 0),
            Event::EscalationStep { victim, .. } => (10, victim as u32, 0, 0),
            Event::ResponseEffect { actor, node, .. } => (4, u32::MAX - 1, node, actor as u32),
            Event::ThresholdCrossed {
                victim,
                suspect,
                ally,
                doctrine,
                threshold,
                ..
            } => (
                11,
                victim as u32,
                suspect as u32 | opt(ally) << 16,
                (doctrine as u32) << 8 | threshold as u32,
            ),
            Event::DecisionStage {
                actor,
                against,
                ally,
                stage,
                ..
            } => (
                12,
                actor as u32,
                against as u32 | opt(ally) << 16,
                stage as u32,
            ),
            Event::DecisionDeferred { actor, against, .. } => (13, actor as u32, against as u32, 0),
            Event::ResponseTaken {
                actor,
                against,
                ally,
                response,
                ..
            } => (
                14,
                actor as u32,
                against as u32 | opt(ally) << 16,
                response as u32,
            ),
            Event::AssistanceRequested { state, against, .. } => {
                (15, state as u32, against as u32, 0)
            }
            Event::CouncilActed => (16, 0, 0, 0),
            Event::InjectApplied { inject, .. } => (17, inject, 0, 0),
        }
    }

    /// The event's type name in output files.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::CampaignStarted { .. } => "campaign_started",
            Event::PhaseAdvanced { .. } => "phase_advanced",
            Event::PhaseFailed { .. } => "phase_failed",
            Event::IntrusionAbandoned { .. } => "intrusion_abandoned",
            Event::IntrusionDetected { .. } => "intrusion_detected",
            Event::IntrusionEvicted { .. } => "intrusion_evicted",
            Event::EffectApplied { .. } => "effect_applied",
            Event::SectorService { .. } => "sector_service",
            Event::AttributionUpdated { .. } => "attribution_updated",
            Event::FalseFlagExposed { .. } => "false_flag_exposed",
            Event::EscalationStep { .. } => "escalation_step",
            Event::ResponseEffect { .. } => "response_effect",
            Event::ThresholdCrossed { .. } => "threshold_crossed",
            Event::DecisionStage { .. } => "decision_stage",
            Event::DecisionDeferred { .. } => "decision_deferred",
            Event::AssistanceRequested { .. } => "assistance_requested",
            Event::ResponseTaken { .. } => "response_taken",
            Event::CouncilActed => "council_acted",
            Event::InjectApplied { .. } => "inject_applied",
        }
    }

    /// The event as a JSON object with ids resolved: `{"tick": .., "type": .., ...}`.
    pub fn to_json(&self, tick: u32, plan: &Compiled, doctrines: &[String]) -> Value {
        with_names(plan, doctrines, || {
            serde_json::to_value(Line { tick, event: self }).unwrap_or(Value::Null)
        })
    }
}

/// Events as JSON Lines (`events.jsonl`): one object per line, `{"tick": .., "type": .., ...}`.
pub fn jsonl(events: &[(u32, Event)], plan: &Compiled, doctrines: &[String]) -> String {
    with_names(plan, doctrines, || {
        let mut out = Vec::with_capacity(events.len() * 96);
        for &(tick, event) in events {
            // Writing plain data to memory cannot fail.
            let _ = serde_json::to_writer(
                &mut out,
                &Line {
                    tick,
                    event: &event,
                },
            );
            out.push(b'\n');
        }
        String::from_utf8(out).unwrap_or_default()
    })
}

/// One line of `events.jsonl`.
#[derive(Serialize)]
struct Line<'a> {
    tick: u32,
    #[serde(flatten)]
    event: &'a Event,
}

/// The ids events are written with, for the serializers of their fields.
struct Names {
    actors: Vec<String>,
    campaigns: Vec<String>,
    nodes: crate::scenario::NodeNames,
    doctrines: Vec<String>,
    allies: Vec<Vec<u16>>,
}

thread_local! {
    static NAMES: RefCell<Option<Arc<Names>>> = const { RefCell::new(None) };
}

fn with_names<R>(plan: &Compiled, doctrines: &[String], f: impl FnOnce() -> R) -> R {
    let names = Names {
        actors: plan.actors.iter().map(|a| a.id.clone()).collect(),
        campaigns: plan.campaigns.iter().map(|k| k.id.clone()).collect(),
        nodes: plan.node_names.clone(),
        doctrines: doctrines.to_vec(),
        allies: (0..plan.actors.len() as u16)
            .map(|v| super::legal::requests::allies(plan, v))
            .collect(),
    };
    let before = NAMES.with(|n| n.replace(Some(Arc::new(names))));
    let out = f();
    NAMES.with(|n| *n.borrow_mut() = before);
    out
}

fn name<S: Serializer>(
    s: S,
    get: impl FnOnce(&Names) -> Option<String>,
) -> Result<S::Ok, S::Error> {
    let names = NAMES.with(|n| n.borrow().clone());
    match names.as_deref().and_then(get) {
        Some(id) => s.serialize_str(&id),
        None => Err(serde::ser::Error::custom(
            "events are written through `events::jsonl` or `Event::to_json`",
        )),
    }
}

pub(crate) fn write_actor<S: Serializer>(i: &u16, s: S) -> Result<S::Ok, S::Error> {
    name(s, |n| n.actors.get(*i as usize).cloned())
}

fn write_optional_actor<S: Serializer>(i: &Option<u16>, s: S) -> Result<S::Ok, S::Error> {
    match i {
        Some(i) => write_actor(i, s),
        None => s.serialize_none(),
    }
}

pub(crate) fn write_campaign<S: Serializer>(i: &u32, s: S) -> Result<S::Ok, S::Error> {
    name(s, |n| n.campaigns.get(*i as usize).cloned())
}

fn write_node<S: Serializer>(i: &u32, s: S) -> Result<S::Ok, S::Error> {
    name(s, |n| Some(n.nodes.get(*i)))
}

fn write_doctrine<S: Serializer>(i: &u8, s: S) -> Result<S::Ok, S::Error> {
    name(s, |n| {
        Some(
            n.doctrines
                .get(*i as usize)
                .map_or("?".into(), |d| d.clone()),
        )
    })
}

fn write_marker<S: Serializer>(i: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(super::legal::MARKERS[*i as usize])
}

pub(crate) fn write_rounded<S: Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round4(*x))
}

fn write_reasons<S: Serializer>(flags: &u8, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(
        (0..reason::NAMES.len())
            .filter(|b| flags & (1 << b) != 0)
            .map(|b| reason::NAMES[b]),
    )
}

/// The addressees of a request: the States the requester (by index) has as allies
/// ([`crate::sim::legal::requests::allies`]); written as their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Addressees(pub u16);

impl Serialize for Addressees {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        addressees(&self.0, s)
    }
}

fn addressees<S: Serializer>(state: &u16, s: S) -> Result<S::Ok, S::Error> {
    let names = NAMES.with(|n| n.borrow().clone());
    let Some(names) = names else {
        return Err(serde::ser::Error::custom(
            "events are written through `events::jsonl` or `Event::to_json`",
        ));
    };
    s.collect_seq(
        names.allies[*state as usize]
            .iter()
            .map(|&a| names.actors[a as usize].as_str()),
    )
}

/// Rounds to four decimals, so that outputs show `0.7`, not `0.699999988079071`.
pub fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}
