//! Infrastructure: effects on capacity, restoration, the cascade through dependencies, and
//! harm accounting.

use super::components::*;
use super::events::{Event, ServiceBand};
use crate::model::{EffectType, Sector};
use crate::sim::Pending;
use bevy_ecs::prelude::*;

/// Applies this tick's effects, in a stable order (node, source): capacity drops to
/// `1 - intensity` and is held there for the effect's duration; destruction slows recovery and
/// costs repairs. Records what the law needs about each hostile operation.
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
        if let Ok(mut cap) = capacities.get_mut(nodes.0[e.node as usize]) {
            cap.level = cap.level.min(1.0 - e.intensity);
            cap.held = cap.held.max(e.duration_ticks);
            cap.rate = cap.rate.min(cap.base_rate * factor as f32);
        }
    }
}

/// Restores capacity: an effect holds it down for its duration, then it recovers at the
/// node's rate (slower after destruction), back to normal speed once fully restored.
pub fn restore_capacity(mut capacities: Query<&mut Capacity>) {
    for mut cap in &mut capacities {
        if cap.held > 0 {
            cap.held -= 1;
        } else if cap.level < 1.0 {
            cap.level = (cap.level + cap.rate).min(1.0);
            if cap.level >= 1.0 {
                cap.rate = cap.base_rate;
            }
        }
    }
}

/// The cascade: a node's service is its own capacity, limited by each provider's service at
/// the end of the previous tick (`1 - strength * (1 - provider)`). Reading the previous tick
/// makes a failure travel one dependency hop per tick, and makes cycles well defined.
pub fn cascade(
    plan: Res<Plan>,
    previous: Res<ServiceBuffer>,
    parallel: Res<Parallel>,
    mut nodes: Query<(&NodeIndex, &Capacity, &mut Service)>,
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

/// Harm accounting: person-hours without service per (State, sector), in integer
/// milli-person-hours so that totals do not depend on visiting order; and a `SectorService`
/// event whenever a sector's population-weighted service changes band.
pub fn account_harm(
    plan: Res<Plan>,
    nodes: Query<(&Served, &Service)>,
    mut ledger: ResMut<HarmLedger>,
    mut pending: ResMut<Pending>,
) {
    let milli_hours = plan.0.tick_hours * 1000.0;
    ledger.tick_outage.fill(0);
    for (served, service) in &nodes {
        if service.0 < 1.0 {
            let mph = (served.population as f64 * f64::from(1.0 - service.0) * milli_hours).round();
            ledger.tick_outage[slot(served.owner, served.sector)] += mph as u128;
        }
    }
    let ledger = &mut *ledger;
    let n = Sector::ALL.len();
    for a in 0..ledger.severe_ticks.len() {
        let (mut out, mut pop) = (0u128, 0u128);
        let mut severe = false;
        for s in Sector::ALL {
            let i = a * n + s.index();
            if ledger.population[i] > 0
                && ServiceBand::of(
                    1.0 - ledger.tick_outage[i] as f64
                        / (ledger.population[i] as f64 * milli_hours),
                ) == ServiceBand::Severe
            {
                severe = true;
            }
            if matches!(
                s,
                Sector::ElectricPower | Sector::Water | Sector::Medical | Sector::Gas
            ) {
                out += ledger.tick_outage[i];
                pop += ledger.population[i];
            }
        }
        ledger.severe_ticks[a] += u32::from(severe);
        if pop > 0 {
            let share = out as f64 / (pop as f64 * milli_hours);
            ledger.essential_loss[a] = ledger.essential_loss[a].max(share);
        }
    }
    for (i, tick) in ledger.tick_outage.iter().enumerate() {
        ledger.outage[i] += tick;
        let pop = ledger.population[i];
        if pop == 0 {
            continue;
        }
        let service = 1.0 - *tick as f64 / (pop as f64 * milli_hours);
        let band = ServiceBand::of(service) as u8;
        if band != ledger.band[i] {
            ledger.band[i] = band;
            pending.0.push(Event::SectorService {
                state: (i / n) as u16,
                sector: Sector::ALL[i % n],
                band: ServiceBand::of(service),
                service: service as f32,
            });
        }
    }
}
