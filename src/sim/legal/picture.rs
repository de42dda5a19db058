//! What an actor knows: its picture. The legal facts of its situations are derived from it
//! alone ([`super::facts`]); ground truth reaches it only through detection, observation of its
//! own infrastructure, its attribution work, and what allies tell it.

use super::super::components::*;
use super::super::harm_facts::harm_of;
use super::Legal;
use crate::law::Facts;
use crate::law::facts::Harm;
use crate::model::{DeclaredIntent, EffectType, KillChainPhase};
use bevy_ecs::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What an actor knows of one detected campaign against it (one attribution pair).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairView {
    /// Campaign index.
    pub campaign: u32,
    /// Who the actor believes is behind it.
    pub suspect: u16,
    /// Its confidence in that belief.
    pub confidence: f32,
    /// The worst effect the campaign has had on the actor's infrastructure (`EffectType`
    /// index + 1; 0 for none).
    pub worst: u8,
    /// Targets hit by a disruptive effect.
    pub targets_hit: u32,
    /// Distinct hostile operations (waves) seen.
    pub operations: u32,
    /// Last tick a disruptive effect of the campaign was seen.
    pub last_hostile: Option<u32>,
    /// A detected intrusion of the campaign sits in its effect phase with disruptive or
    /// destructive waves still to come (the payload is in view).
    pub poised: bool,
    /// A detected intrusion of the campaign is still active (not contained).
    pub active: bool,
}

/// An attacked ally's report of its situation, as it shared it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Tick of the report.
    pub tick: u32,
    /// The ally's facts about the attack on it.
    pub facts: Facts,
}

/// What an actor knows.
#[derive(Component, Clone, Debug, Default)]
pub struct Picture {
    /// The detected campaigns against the actor, by attribution pair index.
    pub pairs: BTreeMap<u32, PairView>,
    /// The harm as the actor last assessed it.
    pub harm: Harm,
    /// When it was assessed.
    pub harm_assessed: Option<u32>,
    /// The worst effect the actor has seen on its own infrastructure (`EffectType` index + 1).
    pub worst_seen: u8,
    /// Whether it has seen a disruptive effect on its government's systems.
    pub government_hit: bool,
    /// Suspects whose intent to strike an ally's intelligence has revealed (intelligence
    /// received).
    pub intent_intel: BTreeSet<u16>,
    /// Reports of attacked allies, by (ally, suspect).
    pub reports: BTreeMap<(u16, u16), Report>,
    /// Requests for help received, by (requesting ally, suspect): tick and scope.
    pub requests: BTreeMap<(u16, u16), (u32, super::super::events::ResponseSet)>,
    /// Last tick the picture was updated.
    pub updated: Option<u32>,
}

impl Picture {
    /// Whether the actor knows the intent behind the campaigns of `suspect`: declared
    /// explicitly, or revealed by an ally's intelligence.
    pub fn knows_intent(&self, plan: &crate::scenario::Compiled, view: &PairView) -> bool {
        plan.campaigns[view.campaign as usize].intent == DeclaredIntent::Explicit
            || self.intent_intel.contains(&view.suspect)
    }
}

/// What the actor's detected intrusions show now, per attribution pair: (active, poised).
pub(crate) fn detected_now(l: &Legal, v: u16) -> BTreeMap<u32, (bool, bool)> {
    let plan = &l.plan.0;
    let mut out: BTreeMap<u32, (bool, bool)> = BTreeMap::new();
    for (x, _) in l.intrusions.iter() {
        if x.victim != v || !x.detected || x.status != IntrusionStatus::Active {
            continue;
        }
        let k = &plan.campaigns[x.campaign as usize];
        let poised = x.phase == KillChainPhase::Effect
            && k.waves[x.next_wave as usize..]
                .iter()
                .any(|w| w.effect != EffectType::Espionage);
        let e = out.entry(x.pair).or_default();
        e.0 = true;
        e.1 |= poised;
    }
    out
}

/// Updates actor `v`'s picture with what it can know now: its detected campaigns and what
/// they have done to it, its attribution beliefs, the harm it has suffered as it can assess it
/// (`harm_facts::harm_of`, the boundary to the harm ledger).
pub fn observe(l: &mut Legal, v: u16) {
    let tick = l.clock.tick;
    let now = detected_now(l, v);
    let mut views = BTreeMap::new();
    for a in l.attributions.iter() {
        let p = a.pair as usize;
        if a.victim != v || !l.incidents.pair_detected[p] {
            continue;
        }
        let h = &l.hostility;
        let operations = h.operations.range((a.pair, 0)..=(a.pair, u16::MAX)).count() as u32;
        let (active, poised) = now.get(&a.pair).copied().unwrap_or_default();
        views.insert(
            a.pair,
            PairView {
                campaign: a.campaign,
                suspect: a.suspect,
                confidence: a.confidence,
                worst: h.worst[p],
                targets_hit: h.targets_hit[p],
                operations,
                last_hostile: h.last_hostile[p],
                poised,
                active,
            },
        );
    }
    let harm = harm_of(&l.plan.0, &l.ledger, &l.hostility, v);
    let worst = l.ledger.worst_effect[v as usize];
    let government_hit = l.hostility.government_hit[v as usize];
    let entity = l.entities.0[v as usize];
    if let Ok((mut picture, _)) = l.actors.get_mut(entity) {
        picture.pairs = views;
        picture.harm = harm;
        picture.harm_assessed = Some(tick);
        picture.worst_seen = worst;
        picture.government_hit = government_hit;
        picture.updated = Some(tick);
    }
}

/// A copy of actor `v`'s picture.
pub(crate) fn of(l: &Legal, v: u16) -> Picture {
    l.actors
        .get(l.entities.0[v as usize])
        .map(|(p, _)| p.clone())
        .unwrap_or_default()
}

/// Runs `f` on actor `v`'s picture.
pub(crate) fn edit(l: &mut Legal, v: u16, f: impl FnOnce(&mut Picture)) {
    if let Ok((mut p, _)) = l.actors.get_mut(l.entities.0[v as usize]) {
        f(&mut p);
    }
}
