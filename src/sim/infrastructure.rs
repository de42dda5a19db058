//! Infrastructure: effects on capacity, restoration, the cascade through dependencies, and
//! harm accounting.

use super::components::*;
use super::events::Event;
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
    nodes: Res<NodeEntities>,
    mut queue: ResMut<EffectQueue>,
    mut capacities: Query<&mut Capacity>,
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
        if let Ok(mut cap) = capacities.get_mut(nodes.0[e.node as usize]) {
            let before = cap.level;
            cap.level = cap.level.min(1.0 - e.intensity);
            cap.held = cap.held.max(hold_ticks(plan, &e));
            cap.rate = cap.rate.min(cap.base_rate * factor as f32);
            generation_lost(plan, e.node, before, cap.level, &mut lost_mw);
        }
    }
    for (g, grid) in plan.grids.iter().enumerate() {
        if lost_mw[g] > 0.0 && lost_mw[g] >= grid.collapse_mw {
            for &(i, hold) in &grid.restart {
                if let Ok(mut cap) = capacities.get_mut(nodes.0[i as usize]) {
                    cap.level = 0.0;
                    cap.held = cap.held.max(hold);
                }
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
/// ([`crew_pace`]; telecommunications nodes themselves at full pace).
pub fn restore_capacity(
    plan: Res<Plan>,
    previous: Res<ServiceBuffer>,
    mut capacities: Query<(Entity, &NodeIndex, &mut Capacity)>,
    mut waiting: Local<Vec<(u64, Entity, u32)>>,
) {
    let keys = &plan.0.crew_key;
    for (entity, idx, mut cap) in &mut capacities {
        if cap.held > 0 {
            cap.held -= 1;
        } else if cap.level < 1.0 {
            match keys.get(idx.0 as usize) {
                Some(&k) if k != u64::MAX => waiting.push((k, entity, idx.0)),
                _ => recover(&mut cap, 1.0),
            }
        }
    }
    if waiting.is_empty() {
        return;
    }
    // Keys are unique: the order does not depend on the query's.
    waiting.sort_unstable_by_key(|w| w.0);
    let pace = crew_pace(&plan.0, &previous.0);
    let mut busy = vec![0u32; plan.0.restoration.len()];
    for &(k, entity, i) in waiting.iter() {
        let r = (k >> 32) as usize;
        if busy[r] < plan.0.restoration[r].crews {
            busy[r] += 1;
            if let Ok((_, _, mut cap)) = capacities.get_mut(entity) {
                recover(&mut cap, pace_of(&plan.0, i, pace[r]));
            }
        }
    }
    waiting.clear();
}

/// One tick of recovery at `pace` times the node's rate; back to normal speed once full.
pub(crate) fn recover(cap: &mut Capacity, pace: f32) {
    cap.level = (cap.level + cap.rate * pace).min(1.0);
    if cap.level >= 1.0 {
        cap.rate = cap.base_rate;
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
/// A node with a [`Backup`] holds its service while the stock lasts.
pub fn cascade(
    plan: Res<Plan>,
    previous: Res<ServiceBuffer>,
    parallel: Res<Parallel>,
    mut nodes: Query<(&NodeIndex, &Capacity, &mut Service), Without<Backup>>,
    mut buffered: Query<(&NodeIndex, &Capacity, &mut Service, &mut Backup)>,
) {
    let deps = &plan.0.deps;
    let prev = &previous.0;
    // Each node reads only last tick's buffer and writes only its own service: the result is
    // the same whichever thread computes which node.
    let update = |(idx, cap, mut service): (&NodeIndex, &Capacity, Mut<Service>)| {
        let mut level = cap.level;
        for (on, strength) in deps.providers(idx.0 as usize) {
            level = level.min(1.0 - strength * (1.0 - prev[on as usize]));
        }
        if service.0 != level {
            service.0 = level;
        }
    };
    if parallel.0 {
        nodes.par_iter_mut().for_each(update);
    } else {
        nodes.iter_mut().for_each(update);
    }
    // The nodes with a buffer, each on its own stock (written only by its node).
    let th = plan.0.tick_hours as f32;
    let nodes_table = &plan.0.nodes;
    let update_buffered = |(idx, cap, mut service, mut backup): (
        &NodeIndex,
        &Capacity,
        Mut<Service>,
        Mut<Backup>,
    )| {
        let b = &mut *backup;
        let level = buffered_service(
            cap.level,
            deps.providers(idx.0 as usize),
            prev,
            nodes_table,
            &mut b.stock,
            &b.spec,
            th,
        );
        if service.0 != level {
            service.0 = level;
        }
    };
    if parallel.0 {
        buffered.par_iter_mut().for_each(update_buffered);
    } else {
        buffered.iter_mut().for_each(update_buffered);
    }
}

/// Publishes the service levels that changed this tick for the next tick's cascade.
pub fn publish_service(
    mut buffer: ResMut<ServiceBuffer>,
    changed: Query<(&NodeIndex, &Service), Changed<Service>>,
) {
    for (idx, service) in &changed {
        buffer.0[idx.0 as usize] = service.0;
    }
}

/// Harm accounting: person-hours without service per (service area, sector), in integer
/// milli-person-hours so that totals do not depend on visiting order; then the harm model
/// ([`super::harm_model::account`]), with a `SectorService` event whenever a sector's
/// population-weighted service changes band.
pub fn account_harm(
    plan: Res<Plan>,
    nodes: Query<(&Served, &Service)>,
    mut ledger: ResMut<HarmLedger>,
    mut pending: ResMut<Pending>,
) {
    let milli_hours = plan.0.tick_hours * 1000.0;
    let n = Sector::ALL.len();
    ledger.area_outage.fill(0);
    for (served, service) in &nodes {
        if service.0 < 1.0 {
            let mph = (served.population as f64 * f64::from(1.0 - service.0) * milli_hours).round();
            ledger.area_outage[served.area as usize * n + served.sector.index()] += mph as u128;
        }
    }
    super::harm_model::account(&plan.0, &mut ledger, |state, sector, band, service| {
        pending.0.push(Event::SectorService {
            state,
            sector,
            band,
            service: service as f32,
        });
    });
}
