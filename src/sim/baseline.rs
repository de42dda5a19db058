//! A hand-written, struct-of-arrays implementation of exactly the infrastructure stage's
//! per-tick rules (effects, restoration, cascade, harm), outside the ECS: the yardstick of what
//! the machine allows. A test checks that it and the ECS give the same results.

use super::components::{EffectSource, PendingEffect, slot};
use super::events::ServiceBand;
use crate::model::{EffectType, Sector};
use crate::scenario::Compiled;

/// The infrastructure state, one array per field, indexed by node.
pub struct Baseline {
    level: Vec<f32>,
    held: Vec<u32>,
    rate: Vec<f32>,
    base: Vec<f32>,
    /// Service of each node this tick.
    pub service: Vec<f32>,
    prev: Vec<f32>,
    /// Outage this tick per (actor, sector), milli-person-hours.
    pub tick_outage: Vec<u128>,
    /// Cumulative outage per (actor, sector), milli-person-hours.
    pub outage: Vec<u128>,
    population: Vec<u128>,
    /// Repair cost per actor, USD.
    pub repair_usd: Vec<f64>,
    band: Vec<u8>,
    /// Ticks with a sector in the severe band, per actor.
    pub severe_ticks: Vec<u32>,
    /// Worst share cut off from an essential supply, per actor.
    pub essential_loss: Vec<f64>,
    slots: Vec<u32>,
}

impl Baseline {
    /// The world of `plan`, all nodes at full service.
    pub fn new(plan: &Compiled) -> Baseline {
        let n = plan.nodes.len();
        let slots_n = plan.actors.len() * Sector::ALL.len();
        let mut population = vec![0u128; slots_n];
        for node in &plan.nodes {
            population[slot(node.owner, node.sector)] += u128::from(node.population);
        }
        let base: Vec<f32> = plan.nodes.iter().map(|x| x.recovery_per_tick).collect();
        Baseline {
            level: vec![1.0; n],
            held: vec![0; n],
            rate: base.clone(),
            base,
            service: vec![1.0; n],
            prev: vec![1.0; n],
            tick_outage: vec![0; slots_n],
            outage: vec![0; slots_n],
            population,
            repair_usd: vec![0.0; plan.actors.len()],
            band: vec![0; slots_n],
            severe_ticks: vec![0; plan.actors.len()],
            essential_loss: vec![0.0; plan.actors.len()],
            slots: plan
                .nodes
                .iter()
                .map(|x| slot(x.owner, x.sector) as u32)
                .collect(),
        }
    }

    /// One tick: the effects (applied in the same order as the ECS), then restoration, the
    /// cascade from last tick's service, and harm.
    pub fn step(&mut self, plan: &Compiled, effects: &mut Vec<PendingEffect>) {
        effects.sort_unstable_by_key(|e| (e.node, e.source));
        for e in effects.drain(..) {
            let i = e.node as usize;
            let node = &plan.nodes[i];
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
            if matches!(
                e.source,
                EffectSource::Wave { .. } | EffectSource::Response { .. }
            ) {
                self.repair_usd[node.owner as usize] += cost * f64::from(e.intensity);
            }
            self.level[i] = self.level[i].min(1.0 - e.intensity);
            self.held[i] = self.held[i].max(e.duration_ticks);
            self.rate[i] = self.rate[i].min(self.base[i] * factor as f32);
        }
        for i in 0..self.level.len() {
            if self.held[i] > 0 {
                self.held[i] -= 1;
            } else if self.level[i] < 1.0 {
                self.level[i] = (self.level[i] + self.rate[i]).min(1.0);
                if self.level[i] >= 1.0 {
                    self.rate[i] = self.base[i];
                }
            }
        }
        let deps = &plan.deps;
        for i in 0..self.level.len() {
            let mut level = self.level[i];
            let (a, b) = (deps.offsets[i] as usize, deps.offsets[i + 1] as usize);
            for k in a..b {
                level = level.min(1.0 - deps.strength[k] * (1.0 - self.prev[deps.on[k] as usize]));
            }
            self.service[i] = level;
        }
        self.prev.copy_from_slice(&self.service);
        let milli_hours = plan.tick_hours * 1000.0;
        self.tick_outage.fill(0);
        for (i, node) in plan.nodes.iter().enumerate() {
            let s = self.service[i];
            if s < 1.0 {
                let mph = (node.population as f64 * f64::from(1.0 - s) * milli_hours).round();
                self.tick_outage[self.slots[i] as usize] += mph as u128;
            }
        }
        let n = Sector::ALL.len();
        for a in 0..self.severe_ticks.len() {
            let (mut out, mut pop, mut severe) = (0u128, 0u128, false);
            for s in Sector::ALL {
                let i = a * n + s.index();
                if self.population[i] > 0
                    && ServiceBand::of(
                        1.0 - self.tick_outage[i] as f64
                            / (self.population[i] as f64 * milli_hours),
                    ) == ServiceBand::Severe
                {
                    severe = true;
                }
                if matches!(
                    s,
                    Sector::ElectricPower | Sector::Water | Sector::Medical | Sector::Gas
                ) {
                    out += self.tick_outage[i];
                    pop += self.population[i];
                }
            }
            self.severe_ticks[a] += u32::from(severe);
            if pop > 0 {
                self.essential_loss[a] =
                    self.essential_loss[a].max(out as f64 / (pop as f64 * milli_hours));
            }
        }
        for (i, t) in self.tick_outage.iter().enumerate() {
            self.outage[i] += t;
            if self.population[i] > 0 {
                self.band[i] =
                    ServiceBand::of(1.0 - *t as f64 / (self.population[i] as f64 * milli_hours))
                        as u8;
            }
        }
    }
}

/// A deterministic load for comparing and benchmarking the infrastructure stage: at `tick`,
/// about one node in a hundred is hit by a disruption, data destruction or physical damage.
pub fn load_for_tick(plan: &Compiled, tick: u32) -> Vec<PendingEffect> {
    let n = plan.nodes.len() as u64;
    (0..n)
        .filter(|i| (i.wrapping_mul(7919) + u64::from(tick) * 104_729) % 100 == 0)
        .map(|i| PendingEffect {
            node: i as u32,
            source: EffectSource::Response {
                by: plan.nodes[i as usize].owner,
                response: crate::law::Response::Countermeasures,
            },
            effect: [
                EffectType::Disruption,
                EffectType::DataDestruction,
                EffectType::PhysicalDamage,
            ][(i % 3) as usize],
            intensity: 0.8,
            duration_ticks: 3,
        })
        .collect()
}
