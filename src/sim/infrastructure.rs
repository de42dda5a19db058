//! Infrastructure: effects on capacity, restoration, the cascade through dependencies, and
//! harm accounting.

use super::components::*;
use super::events::Event;
use super::nodes::{CascadeMode, Dependents, Nodes};
use crate::model::{EffectType, Sector};
use crate::scenario::{Compiled, CompiledBackup, CompiledNode};
use crate::sim::Pending;
use bevy_ecs::prelude::*;

/// Applies this tick's effects, in a stable order (node, source): capacity drops to
/// `1 - intensity` and is held there for the effect's duration; destruction slows recovery,
/// costs repairs and may kill (direct casualties). A grid that loses `collapse_share` of its
/// generation in the tick collapses: every power node in it goes down and restarts in
/// black-start order. Records what the law needs about each hostile operation.
#[allow(clippy::too_many_arguments)]
pub fn apply_effects(
    plan: Res<Plan>,
    mut nodes: ResMut<Nodes>,
    mut queue: ResMut<EffectQueue>,
    mut ledger: ResMut<HarmLedger>,
    mut hostility: ResMut<Hostility>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
    mut stats: ResMut<CampaignStats>,
    clock: Res<Clock>,
) {
    let plan = &plan.0;
    queue.0.sort_unstable_by_key(|e| (e.node, e.source));
    let mut lost_mw = vec![0.0f64; plan.grids.len()];
    for e in queue.0.drain(..) {
        let node = &plan.nodes[e.node as usize];
        match e.source {
            EffectSource::Wave {
                campaign,
                wave,
                pair,
            } => {
                stats.effects[campaign as usize] += 1;
                pending.0.push(Event::EffectApplied {
                    campaign,
                    node: e.node,
                    wave,
                    effect: e.effect,
                    intensity: e.intensity,
                });
                let severity = e.effect.index() as u8 + 1;
                if severity > ledger.worst_effect[node.owner as usize] {
                    ledger.worst_effect[node.owner as usize] = severity;
                    triggers.0.push((node.owner, reason::EFFECT));
                }
                let p = pair as usize;
                hostility.operations.insert((pair, wave));
                hostility.worst[p] = hostility.worst[p].max(severity);
                if e.effect != EffectType::Espionage {
                    hostility.targets_hit[p] += 1;
                    hostility.last_hostile[p] = Some(clock.tick);
                }
                if e.effect != EffectType::Espionage && node.sector == Sector::Government {
                    hostility.government_hit[node.owner as usize] = true;
                }
                if node.military != crate::model::MilitaryStatus::Civilian {
                    hostility.military_hit[node.owner as usize] = true;
                }
            }
            EffectSource::Response { by, response } => {
                pending.0.push(Event::ResponseEffect {
                    actor: by,
                    response,
                    node: e.node,
                    effect: e.effect,
                    intensity: e.intensity,
                });
            }
        }
        let (factor, cost) = match e.effect {
            EffectType::Espionage => continue,
            EffectType::Disruption => (1.0, 0.0),
            EffectType::DataDestruction => (
                plan.recovery.data_destruction_factor,
                plan.recovery.data_destruction_cost_fraction * node.replacement_cost_usd,
            ),
            EffectType::PhysicalDamage => (
                plan.recovery.physical_damage_factor,
                node.replacement_cost_usd,
            ),
        };
        ledger.repair_usd[node.owner as usize] += cost * f64::from(e.intensity);
        direct_casualties(plan, &e, &mut ledger);
        let i = e.node as usize;
        let before = nodes.level[i];
        nodes.level[i] = before.min(1.0 - e.intensity);
        nodes.held[i] = nodes.held[i].max(hold_ticks(plan, &e));
        nodes.rate[i] = nodes.rate[i].min(node.recovery_per_tick * factor as f32);
        nodes.impair(e.node);
        generation_lost(plan, e.node, before, nodes.level[i], &mut lost_mw);
    }
    for (g, grid) in plan.grids.iter().enumerate() {
        if lost_mw[g] > 0.0 && lost_mw[g] >= grid.collapse_mw {
            for &(i, hold) in &grid.restart {
                nodes.level[i as usize] = 0.0;
                nodes.held[i as usize] = nodes.held[i as usize].max(hold);
                nodes.impair(i);
            }
        }
    }
}

/// Deaths and injuries caused by physical damage itself, by its intensity.
pub(crate) fn direct_casualties(plan: &Compiled, e: &PendingEffect, ledger: &mut HarmLedger) {
    if e.effect != EffectType::PhysicalDamage {
        return;
    }
    if let Some(x) = plan.node_extras.get(&e.node) {
        let owner = plan.nodes[e.node as usize].owner as usize;
        ledger.direct_deaths[owner] += x.direct_deaths * f64::from(e.intensity);
        ledger.direct_injuries[owner] += x.direct_injuries * f64::from(e.intensity);
    }
}

/// Ticks an effect holds a node's capacity down: its duration, or after physical damage the
/// time to obtain replacement equipment if that is longer.
pub(crate) fn hold_ticks(plan: &Compiled, e: &PendingEffect) -> u32 {
    if e.effect == EffectType::PhysicalDamage {
        let spare = plan
            .node_extras
            .get(&e.node)
            .map_or(0, |x| x.spare_part_ticks);
        e.duration_ticks.max(spare)
    } else {
        e.duration_ticks
    }
}

/// Adds the generation a station lost (its capacity going from `before` to `after`) to its
/// grid's loss this tick.
pub(crate) fn generation_lost(
    plan: &Compiled,
    node: u32,
    before: f32,
    after: f32,
    lost: &mut [f64],
) {
    if let Some(&g) = plan.grid_of.get(&node) {
        let mw = plan.node_extras.get(&node).map_or(0.0, |x| x.capacity_mw);
        lost[g as usize] += mw * f64::from((before - after).max(0.0));
    }
}

/// Service of a node with a buffer: the buffer stands in for the covered providers while its
/// stock lasts (spending hours of stock in proportion to the shortfall), and refills while
/// they deliver.
pub(crate) fn buffered_service(
    own: f32,
    providers: impl Iterator<Item = (u32, f32)>,
    prev: &[f32],
    nodes: &[CompiledNode],
    stock: &mut f32,
    spec: &CompiledBackup,
    tick_hours: f32,
) -> f32 {
    let (mut open, mut covered) = (own, own);
    for (k, (on, strength)) in providers.enumerate() {
        let limit = 1.0 - strength * (1.0 - prev[on as usize]);
        // The node table is large: look a provider's sector up only past the first 64.
        let is_covered = if k < 64 {
            spec.covered_edges & (1 << k) != 0
        } else {
            spec.covers & (1 << nodes[on as usize].sector.index()) != 0
        };
        if is_covered {
            covered = covered.min(limit);
        } else {
            open = open.min(limit);
        }
    }
    let got = covered.min(open);
    if got >= open {
        *stock = (*stock + spec.refill_per_tick).min(spec.hours);
        return open;
    }
    let need = (open - got) * tick_hours;
    if *stock >= need {
        *stock -= need;
        open
    } else {
        let part = *stock / need;
        *stock = 0.0;
        got + (open - got) * part
    }
}

/// Restores capacity: an effect holds it down for its duration, then it recovers at the
/// node's rate (slower after destruction), back to normal speed once fully restored. In a
/// region with crews only the first `crews` nodes waiting for repair (in the region's repair
/// order) recover this tick, at the pace the region's telecommunications allow
/// ([`crew_pace`]; telecommunications nodes themselves at full pace). Only impaired nodes
/// are visited: a node whole and not held has nothing to restore.
pub fn restore_capacity(
    plan: Res<Plan>,
    mut nodes: ResMut<Nodes>,
    mut waiting: Local<Vec<(u64, u32)>>,
) {
    let plan = &plan.0;
    let keys = &plan.crew_key;
    let nodes = &mut *nodes;
    for k in 0..nodes.impaired().len() {
        let i = nodes.impaired()[k] as usize;
        if nodes.held[i] > 0 {
            nodes.held[i] -= 1;
        } else if nodes.level[i] < 1.0 {
            match keys.get(i) {
                Some(&key) if key != u64::MAX => waiting.push((key, i as u32)),
                _ => recover(
                    &mut nodes.level[i],
                    &mut nodes.rate[i],
                    plan.nodes[i].recovery_per_tick,
                    1.0,
                ),
            }
        }
    }
    if waiting.is_empty() {
        return;
    }
    // Keys are unique: the order does not depend on the impaired set's.
    waiting.sort_unstable_by_key(|w| w.0);
    let pace = crew_pace(plan, &nodes.service);
    let mut busy = vec![0u32; plan.restoration.len()];
    for &(k, i) in waiting.iter() {
        let r = (k >> 32) as usize;
        if busy[r] < plan.restoration[r].crews {
            busy[r] += 1;
            let base = plan.nodes[i as usize].recovery_per_tick;
            let (level, rate) = (&mut nodes.level[i as usize], &mut nodes.rate[i as usize]);
            recover(level, rate, base, pace_of(plan, i, pace[r]));
        }
    }
    waiting.clear();
}

/// One tick of recovery at `pace` times the node's rate; back to normal speed (`base`) once
/// full.
pub(crate) fn recover(level: &mut f32, rate: &mut f32, base: f32, pace: f32) {
    *level = (*level + *rate * pace).min(1.0);
    if *level >= 1.0 {
        *rate = base;
    }
}

/// The pace of node `i` in a region whose pace is `pace`: telecommunications nodes are
/// restored by their carriers' own crews and networks, at full pace.
pub(crate) fn pace_of(plan: &Compiled, i: u32, pace: f32) -> f32 {
    if plan.nodes[i as usize].sector == Sector::InformationCommunications {
        1.0
    } else {
        pace
    }
}

/// Pace of each crewed region's restoration: `1 - telecom_dependence * (1 - telecom)`, where
/// `telecom` is the mean service of the region's telecommunications nodes at the end of the
/// previous tick (1 without any).
pub(crate) fn crew_pace(plan: &Compiled, prev: &[f32]) -> Vec<f32> {
    plan.restoration
        .iter()
        .map(|r| {
            if r.telecom.is_empty() {
                return 1.0;
            }
            let sum: f32 = r.telecom.iter().map(|&i| prev[i as usize]).sum();
            let telecom = sum / r.telecom.len() as f32;
            1.0 - r.telecom_dependence * (1.0 - telecom)
        })
        .collect()
}

/// The cascade: a node's service is its own capacity, limited by each provider's service at
/// the end of the previous tick (`1 - strength * (1 - provider)`). Reading the previous tick
/// makes a failure travel one dependency hop per tick, and makes cycles well defined.
/// A node with a buffer holds its service while the stock lasts. Only the frontier of what
/// changed is recomputed, or every node when much of the world is in flux
/// ([`Nodes::cascade`]); the results are the same bit for bit.
pub fn cascade(
    plan: Res<Plan>,
    dependents: Res<Dependents>,
    parallel: Res<Parallel>,
    mode: Res<CascadeMode>,
    mut nodes: ResMut<Nodes>,
) {
    let pool = if parallel.0 {
        bevy_tasks::ComputeTaskPool::try_get()
    } else {
        None
    };
    nodes.cascade(&plan.0, &dependents, *mode, pool);
}

/// Harm accounting: person-hours without service per (service area, sector), in integer
/// milli-person-hours so that totals do not depend on visiting order (each node's share is a
/// function of its service alone, so the totals are kept up to date from the nodes whose
/// service changed); then the harm model ([`super::harm_model::account`]), with a
/// `SectorService` event whenever a sector's population-weighted service changes band.
pub fn account_harm(
    plan: Res<Plan>,
    nodes: Res<Nodes>,
    mut ledger: ResMut<HarmLedger>,
    mut pending: ResMut<Pending>,
) {
    let plan = &plan.0;
    let milli_hours = plan.tick_hours * 1000.0;
    let n = Sector::ALL.len();
    for &(i, before) in &nodes.changed {
        let node = &plan.nodes[i as usize];
        let slot = node.area as usize * n + node.sector.index();
        let cell = &mut ledger.area_outage[slot];
        *cell -= outage(node.population, before, milli_hours);
        *cell += outage(node.population, nodes.service[i as usize], milli_hours);
    }
    super::harm_model::account(plan, &mut ledger, |state, sector, band, service| {
        pending.0.push(Event::SectorService {
            state,
            sector,
            band,
            service: service as f32,
        });
    });
}

/// Milli-person-hours without service of `population` people served at `service` for one
/// tick of `milli_hours`.
#[inline]
pub(crate) fn outage(population: u64, service: f32, milli_hours: f64) -> u128 {
    if service < 1.0 {
        (population as f64 * f64::from(1.0 - service) * milli_hours).round() as u128
    } else {
        0
    }
}
