//! The ECS data: components on intrusions and attribution pairs, and the resources the
//! tick's systems share. Components are small and `Copy` where they can be; everything that
//! is indexed by node lives in flat arrays (the nodes' own state in [`super::nodes::Nodes`]).

use crate::model::{KillChainPhase, Sector};
use crate::rng::Stream;
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use std::sync::Arc;

/// Where an intrusion stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntrusionStatus {
    /// Progressing or delivering effects.
    Active,
    /// Ran out of attempts at a phase.
    Abandoned,
    /// Contained by the defender.
    Evicted,
}

/// One campaign's operation against one target node.
#[derive(Component, Clone, Copy, Debug)]
pub struct Intrusion {
    /// Campaign index.
    pub campaign: u32,
    /// Target node index.
    pub node: u32,
    /// The target's owner.
    pub victim: u16,
    /// Index of the (campaign, victim) attribution pair.
    pub pair: u32,
    /// Current kill-chain phase.
    pub phase: KillChainPhase,
    /// Ticks spent on the current attempt.
    pub phase_ticks: u32,
    /// Failed attempts at the current phase.
    pub failures: u32,
    /// Next wave to deliver.
    pub next_wave: u16,
    /// Status.
    pub status: IntrusionStatus,
    /// Whether the defender has detected it.
    pub detected: bool,
    /// Whether it has delivered a disruptive effect (which gives it away).
    pub overt: bool,
}

/// What one victim State knows about who is behind one campaign.
#[derive(Component, Clone, Copy, Debug)]
pub struct Attribution {
    /// Campaign index.
    pub campaign: u32,
    /// Victim actor index.
    pub victim: u16,
    /// Pair index.
    pub pair: u32,
    /// Who the evidence currently points to.
    pub suspect: u16,
    /// Confidence in the suspect, in `[0, 1]`.
    pub confidence: f32,
    /// Highest confidence level crossed so far (index into the reporting levels).
    pub level: u8,
    /// Whether a false flag has been seen through.
    pub exposed: bool,
}

/// The private random stream of an intrusion or attribution pair.
#[derive(Component, Debug)]
pub struct Draws(pub Stream);

/// The scenario being run, shared read-only by every system.
#[derive(Resource, Clone)]
pub struct Plan(pub Arc<Compiled>);

/// The current tick.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Clock {
    /// Ticks since the start.
    pub tick: u32,
}

/// Where an effect comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EffectSource {
    /// A campaign's wave.
    Wave {
        /// Campaign index.
        campaign: u32,
        /// Wave index.
        wave: u16,
        /// The (campaign, victim) pair.
        pair: u32,
    },
    /// A victim's response against the attacker's infrastructure.
    Response {
        /// The responding actor.
        by: u16,
        /// The response.
        response: crate::law::Response,
    },
}

/// An effect to apply this tick.
#[derive(Clone, Copy, Debug)]
pub struct PendingEffect {
    /// Target node.
    pub node: u32,
    /// Where it comes from.
    pub source: EffectSource,
    /// What it does.
    pub effect: crate::model::EffectType,
    /// Intensity, in `[0, 1]`.
    pub intensity: f32,
    /// Ticks it holds capacity down.
    pub duration_ticks: u32,
}

/// Effects delivered this tick, applied in a stable order.
#[derive(Resource, Default, Debug)]
pub struct EffectQueue(pub Vec<PendingEffect>);

/// Why an escalation step happened (bit flags).
pub mod reason {
    /// A campaign against the victim was detected for the first time.
    pub const DETECTION: u8 = 1;
    /// A more severe kind of effect hit the victim.
    pub const EFFECT: u8 = 2;
    /// Attribution confidence crossed a reporting level.
    pub const ATTRIBUTION: u8 = 4;
    /// A false flag was seen through.
    pub const FALSE_FLAG: u8 = 8;
    /// A response was taken, or the Security Council acted.
    pub const RESPONSE: u8 = 16;
    /// Harm grew into a graver class (e.g. deaths reached the grave figure).
    pub const HARM: u8 = 32;
    /// A response's evaluation window closed: the actor looks again.
    pub const REVIEW: u8 = 64;
    /// Names of the flags, in bit order.
    pub const NAMES: [&str; 7] = [
        "detection",
        "effect",
        "attribution",
        "false_flag",
        "response",
        "harm",
        "review",
    ];
}

/// Escalation triggers raised this tick: (victim, reason flags).
#[derive(Resource, Default, Debug)]
pub struct Triggers(pub Vec<(u16, u8)>);

/// Incident-response state per actor.
#[derive(Resource, Default, Debug)]
pub struct Incidents {
    /// Open (detected, not contained) intrusions per victim.
    pub open: Vec<u32>,
    /// Whether each attribution pair has been detected.
    pub pair_detected: Vec<bool>,
}

/// Cumulative and per-tick harm. Outage is accumulated in integers (milli-person-hours) so
/// that the order in which nodes are visited cannot change a total; the casualty figures are
/// summed over service areas in a fixed order.
#[derive(Resource, Default, Clone, Debug, PartialEq)]
pub struct HarmLedger {
    /// Outage this tick per (actor, sector), milli-person-hours.
    pub tick_outage: Vec<u128>,
    /// Cumulative outage per (actor, sector), milli-person-hours.
    pub outage: Vec<u128>,
    /// Population per (actor, sector).
    pub population: Vec<u128>,
    /// Outage this tick per (service area, sector), milli-person-hours.
    pub area_outage: Vec<u128>,
    /// Population per (service area, sector).
    pub area_population: Vec<u128>,
    /// Hours each service area has been without an essential supply (0 when it has it).
    pub area_hours: Vec<f64>,
    /// Repair and restoration cost per actor, USD.
    pub repair_usd: Vec<f64>,
    /// Current service band per (actor, sector).
    pub band: Vec<u8>,
    /// Most severe effect suffered per actor (`EffectType` index + 1; 0 for none).
    pub worst_effect: Vec<u8>,
    /// Ticks in which any of an actor's sectors was in the severe band.
    pub severe_ticks: Vec<u32>,
    /// Largest share of an actor's people cut off from an essential supply (power, water,
    /// gas, medical care) in any tick: people counted once, over the State's population.
    pub essential_loss: Vec<f64>,
    /// Person-hours without an essential supply per actor, each person counted once.
    pub essential_person_hours: Vec<f64>,
    /// Deaths caused directly by effects (explosions, crashes), per actor.
    pub direct_deaths: Vec<f64>,
    /// Injuries caused directly by effects, per actor.
    pub direct_injuries: Vec<f64>,
    /// Estimated excess deaths from loss of service per actor, `[low, central, high]`.
    pub estimated_deaths: Vec<[f64; 3]>,
    /// Estimated excess injuries from loss of service per actor, `[low, central, high]`.
    pub estimated_injuries: Vec<[f64; 3]>,
}

impl HarmLedger {
    /// An empty ledger for `plan`.
    pub fn new(plan: &Compiled) -> HarmLedger {
        let n_actors = plan.actors.len();
        let slots = n_actors * Sector::ALL.len();
        let area_slots = plan.areas.len() * Sector::ALL.len();
        let mut population = vec![0; slots];
        let mut area_population = vec![0; area_slots];
        for n in &plan.nodes {
            population[slot(n.owner, n.sector)] += u128::from(n.population);
            area_population[n.area as usize * Sector::ALL.len() + n.sector.index()] +=
                u128::from(n.population);
        }
        HarmLedger {
            tick_outage: vec![0; slots],
            outage: vec![0; slots],
            population,
            area_outage: vec![0; area_slots],
            area_population,
            area_hours: vec![0.0; plan.areas.len()],
            repair_usd: vec![0.0; n_actors],
            band: vec![0; slots],
            worst_effect: vec![0; n_actors],
            severe_ticks: vec![0; n_actors],
            essential_loss: vec![0.0; n_actors],
            essential_person_hours: vec![0.0; n_actors],
            direct_deaths: vec![0.0; n_actors],
            direct_injuries: vec![0.0; n_actors],
            estimated_deaths: vec![[0.0; 3]; n_actors],
            estimated_injuries: vec![[0.0; 3]; n_actors],
        }
    }
}

/// The hostile operations each victim has suffered, as the law needs them.
#[derive(Resource, Default, Debug)]
pub struct Hostility {
    /// (campaign, victim) pair of each index.
    pub pairs: Vec<(u32, u16)>,
    /// Distinct (pair, wave) operations delivered.
    pub operations: std::collections::BTreeSet<(u32, u16)>,
    /// Targets hit by a disruptive effect, per pair.
    pub targets_hit: Vec<u32>,
    /// Most severe effect per pair (`EffectType` index + 1; 0 for none).
    pub worst: Vec<u8>,
    /// Last tick a disruptive effect hit, per pair.
    pub last_hostile: Vec<Option<u32>>,
    /// Whether a disruptive effect hit government nodes, per actor.
    pub government_hit: Vec<bool>,
    /// Whether an effect hit military or dual-use nodes, per actor.
    pub military_hit: Vec<bool>,
    /// Pairs whose sponsor has been deterred: no new waves.
    pub deterred: Vec<bool>,
    /// Added intensity of each campaign's waves (the attacker escalating in return).
    pub escalation: Vec<f32>,
}

/// Slot of (actor, sector) in the per-(actor, sector) arrays.
pub fn slot(actor: u16, sector: Sector) -> usize {
    actor as usize * Sector::ALL.len() + sector.index()
}

/// The severity index of each targeted State this tick ([`crate::law::tests::severity_index`]),
/// in the order of [`crate::sim::TimeSeries::victims`].
#[derive(Resource, Default, Debug)]
pub struct SeverityIndex {
    /// Targeted States.
    pub victims: Vec<u16>,
    /// Their severity index.
    pub index: Vec<f64>,
}

/// Per-campaign counters for the summary.
#[derive(Resource, Default, Clone, Debug)]
pub struct CampaignStats {
    /// Targets that reached each phase (index by `KillChainPhase`).
    pub reached: Vec<[u32; 4]>,
    /// Waves delivered.
    pub effects: Vec<u32>,
    /// Intrusions detected.
    pub detected: Vec<u32>,
    /// First tick any intrusion was detected.
    pub first_detection: Vec<Option<u32>>,
    /// Intrusions contained.
    pub evicted: Vec<u32>,
    /// Intrusions abandoned.
    pub abandoned: Vec<u32>,
    /// Highest confidence any victim has in the campaign's true author.
    pub confidence_in_author: Vec<f32>,
}

/// Whether the heaviest per-node systems split their work over the compute task pool (for a
/// single large run; sweeps run seeds in parallel instead). Results are identical either way.
#[derive(Resource, Clone, Copy, Debug, Default)]
pub struct Parallel(pub bool);
