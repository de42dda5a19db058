//! The Security Council, an entity: once self-defense has been reported to it, it takes
//! measures with its daily chance, unless a permanent member is a party to the armed conflict.
//! Its measures end the right of self-defense (UN Charter art. 51).

use super::super::Pending;
use super::super::components::*;
use super::super::events::Event;
use super::LegalState;
use crate::rng::Stream;
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use rand::RngExt;
use std::collections::BTreeSet;

/// The Security Council: its voting rules (from the scenario's `SecurityCouncil` actor, if
/// any) and its own random stream.
#[derive(Component, Debug)]
pub struct SecurityCouncil {
    /// Permanent members, by actor index.
    pub permanent_members: Vec<u16>,
    /// Chance per day that it takes measures once self-defense is reported; none when the
    /// scenario has no Council.
    pub action_per_day: Option<f64>,
    /// Its draws.
    pub draws: Stream,
}

impl SecurityCouncil {
    /// The Council of `plan`, drawing from its own stream of `seed`.
    pub fn new(plan: &Compiled, seed: u64) -> SecurityCouncil {
        let council = plan.actors.iter().find_map(|a| a.source.council.as_ref());
        SecurityCouncil {
            permanent_members: council
                .map(|c| {
                    c.permanent_members
                        .iter()
                        .filter_map(|m| plan.actor_index(m))
                        .collect()
                })
                .unwrap_or_default(),
            action_per_day: council.map(|c| c.action_per_day),
            draws: crate::rng::stream(seed, "security-council", "action"),
        }
    }
}

/// The Council's deliberation, each tick: once self-defense has been reported, it acts with
/// its daily chance unless a permanent member is a party to the armed conflict.
pub fn security_council(
    plan: Res<Plan>,
    clock: Res<Clock>,
    mut council: Query<&mut SecurityCouncil>,
    mut legal: ResMut<LegalState>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
) {
    if !legal.council_reported || legal.council_acted.is_some() {
        return;
    }
    let Ok(mut council) = council.single_mut() else {
        return;
    };
    let Some(per_day) = council.action_per_day else {
        return;
    };
    let parties: BTreeSet<u16> = legal
        .armed_conflict
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    if council
        .permanent_members
        .iter()
        .any(|m| parties.contains(m))
    {
        return;
    }
    let p = 1.0 - (1.0 - per_day).powf(plan.0.tick_hours / 24.0);
    if council.draws.random_bool(p.clamp(0.0, 1.0)) {
        legal.council_acted = Some(clock.tick);
        pending.0.push(Event::CouncilActed);
        for &v in &parties {
            triggers.0.push((v, reason::RESPONSE));
        }
    }
}
