//! Typed events: what happened, at which tick. Events are stored with indices and resolved to
//! the scenario's ids only when written, so recording them costs no allocation.

use super::components::reason;
use crate::law::{Response, Status};
use crate::model::{EffectType, KillChainPhase, Sector};
use crate::scenario::Compiled;
use serde_json::{Map, Value, json};

/// A service band of a sector in one State.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
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

    fn as_str(self) -> &'static str {
        match self {
            ServiceBand::Normal => "normal",
            ServiceBand::Degraded => "degraded",
            ServiceBand::Severe => "severe",
        }
    }
}

/// Something that happened in the simulation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    /// A campaign began.
    CampaignStarted {
        /// Campaign index.
        campaign: u32,
    },
    /// An intrusion completed a phase and reached the next one.
    PhaseAdvanced {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// The phase reached.
        phase: KillChainPhase,
    },
    /// An attempt at a phase failed; the intruder tries again.
    PhaseFailed {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// The phase attempted.
        phase: KillChainPhase,
        /// Failures so far at this phase.
        failures: u32,
    },
    /// An intrusion ran out of attempts.
    IntrusionAbandoned {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// The phase it failed at.
        phase: KillChainPhase,
    },
    /// The defender detected an intrusion.
    IntrusionDetected {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// The detecting (victim) State.
        victim: u16,
        /// The phase it was in.
        phase: KillChainPhase,
    },
    /// The defender contained an intrusion.
    IntrusionEvicted {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// The victim State.
        victim: u16,
    },
    /// An effect wave hit a node.
    EffectApplied {
        /// Campaign index.
        campaign: u32,
        /// Node index.
        node: u32,
        /// Wave index.
        wave: u16,
        /// Effect.
        effect: EffectType,
        /// Intensity.
        intensity: f32,
    },
    /// A sector's service in one State moved to another band.
    SectorService {
        /// The State.
        state: u16,
        /// The sector.
        sector: Sector,
        /// The new band.
        band: ServiceBand,
        /// The service level, population-weighted.
        service: f32,
    },
    /// A victim's confidence about a campaign's author crossed a reporting level.
    AttributionUpdated {
        /// Campaign index.
        campaign: u32,
        /// Victim State.
        victim: u16,
        /// Who the evidence points to.
        suspect: u16,
        /// Confidence.
        confidence: f32,
    },
    /// A victim saw through a false flag.
    FalseFlagExposed {
        /// Campaign index.
        campaign: u32,
        /// Victim State.
        victim: u16,
        /// The actor the campaign was disguised as.
        decoy: u16,
        /// The real author.
        author: u16,
    },
    /// A response hit the attacker's infrastructure.
    ResponseEffect {
        /// The responding actor.
        actor: u16,
        /// The response.
        response: Response,
        /// Node index.
        node: u32,
        /// Effect.
        effect: EffectType,
        /// Intensity.
        intensity: f32,
    },
    /// A legal threshold (or the lawfulness of self-defense) reached a higher status under one
    /// doctrine.
    ThresholdCrossed {
        /// The State assessing its situation.
        victim: u16,
        /// The suspected author.
        suspect: u16,
        /// The attacked ally, when the situation is collective self-defense.
        ally: Option<u16>,
        /// Doctrine index in the run's doctrine set.
        doctrine: u8,
        /// Index into [`crate::sim::legal::MARKERS`].
        threshold: u8,
        /// The status reached.
        status: Status,
    },
    /// An actor took a response.
    ResponseTaken {
        /// Who.
        actor: u16,
        /// Against whom.
        against: u16,
        /// What.
        response: Response,
        /// Its lawfulness under the actor's doctrine.
        lawful: Status,
    },
    /// The Security Council took measures.
    CouncilActed,
    /// The situation of a victim State changed in a way that matters in law: the point at
    /// which the legal evaluator looks again.
    EscalationStep {
        /// Victim State.
        victim: u16,
        /// Why (bit flags from [`reason`]).
        reasons: u8,
    },
}

impl Event {
    /// A stable sort key, so that the events of one tick are written in the same order
    /// whatever order the systems met them in.
    pub fn sort_key(&self) -> (u8, u32, u32, u32) {
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
                doctrine,
                threshold,
                ..
            } => (
                11,
                victim as u32,
                suspect as u32,
                (doctrine as u32) << 8 | threshold as u32,
            ),
            Event::ResponseTaken {
                actor,
                against,
                response,
                ..
            } => (12, actor as u32, against as u32, response as u32),
            Event::CouncilActed => (13, 0, 0, 0),
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
            Event::ResponseTaken { .. } => "response_taken",
            Event::CouncilActed => "council_acted",
        }
    }

    /// The event as a JSON object with ids resolved: `{"tick": .., "type": .., ...}`.
    pub fn to_json(&self, tick: u32, plan: &Compiled, doctrines: &[String]) -> Value {
        let actor = |i: u16| Value::from(plan.actors[i as usize].id.as_str());
        let campaign = |i: u32| Value::from(plan.campaigns[i as usize].id.as_str());
        let node = |i: u32| Value::from(plan.node_names.get(i));
        let mut m = Map::new();
        m.insert("tick".into(), json!(tick));
        m.insert("type".into(), json!(self.kind()));
        let mut put = |k: &str, v: Value| {
            m.insert(k.into(), v);
        };
        match *self {
            Event::CampaignStarted { campaign: c } => put("campaign", campaign(c)),
            Event::PhaseAdvanced {
                campaign: c,
                node: n,
                phase,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("phase", json!(phase.as_str()));
            }
            Event::PhaseFailed {
                campaign: c,
                node: n,
                phase,
                failures,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("phase", json!(phase.as_str()));
                put("failures", json!(failures));
            }
            Event::IntrusionAbandoned {
                campaign: c,
                node: n,
                phase,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("phase", json!(phase.as_str()));
            }
            Event::IntrusionDetected {
                campaign: c,
                node: n,
                victim,
                phase,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("victim", actor(victim));
                put("phase", json!(phase.as_str()));
            }
            Event::IntrusionEvicted {
                campaign: c,
                node: n,
                victim,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("victim", actor(victim));
            }
            Event::EffectApplied {
                campaign: c,
                node: n,
                wave,
                effect,
                intensity,
            } => {
                put("campaign", campaign(c));
                put("node", node(n));
                put("wave", json!(wave));
                put("effect", json!(effect.as_str()));
                put("intensity", json!(round4(intensity)));
            }
            Event::SectorService {
                state,
                sector,
                band,
                service,
            } => {
                put("state", actor(state));
                put("sector", json!(sector.as_str()));
                put("band", json!(band.as_str()));
                put("service", json!(round4(service)));
            }
            Event::AttributionUpdated {
                campaign: c,
                victim,
                suspect,
                confidence,
            } => {
                put("campaign", campaign(c));
                put("victim", actor(victim));
                put("suspect", actor(suspect));
                put("confidence", json!(round4(confidence)));
            }
            Event::FalseFlagExposed {
                campaign: c,
                victim,
                decoy,
                author,
            } => {
                put("campaign", campaign(c));
                put("victim", actor(victim));
                put("decoy", actor(decoy));
                put("author", actor(author));
            }
            Event::ResponseEffect {
                actor: a,
                response,
                node: n,
                effect,
                intensity,
            } => {
                put("actor", actor(a));
                put("response", json!(response.as_str()));
                put("node", node(n));
                put("effect", json!(effect.as_str()));
                put("intensity", json!(round4(intensity)));
            }
            Event::ThresholdCrossed {
                victim,
                suspect,
                ally,
                doctrine,
                threshold,
                status,
            } => {
                put("victim", actor(victim));
                put("suspect", actor(suspect));
                if let Some(a) = ally {
                    put("ally", actor(a));
                }
                put(
                    "doctrine",
                    json!(doctrines.get(doctrine as usize).map_or("?", |d| d.as_str())),
                );
                put(
                    "threshold",
                    json!(super::legal::MARKERS[threshold as usize]),
                );
                put("status", json!(status.as_str()));
            }
            Event::ResponseTaken {
                actor: a,
                against,
                response,
                lawful,
            } => {
                put("actor", actor(a));
                put("against", actor(against));
                put("response", json!(response.as_str()));
                put("lawful", json!(lawful.as_str()));
            }
            Event::CouncilActed => {}
            Event::EscalationStep { victim, reasons } => {
                put("victim", actor(victim));
                let names: Vec<&str> = (0..reason::NAMES.len())
                    .filter(|b| reasons & (1 << b) != 0)
                    .map(|b| reason::NAMES[b])
                    .collect();
                put("reasons", json!(names));
            }
        }
        Value::Object(m)
    }
}

/// Rounds to four decimals, so that outputs show `0.7`, not `0.699999988079071`.
pub fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}
