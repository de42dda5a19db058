//! A hand-written, struct-of-arrays implementation of exactly the infrastructure stage's
//! per-tick rules (effects, grid collapse, restoration with crews, spare parts and telecom,
//! cascade with buffers, harm), outside
//! the ECS: the yardstick of what the machine allows. A test checks that it and the ECS give
//! the same results.

use super::components::{EffectSource, HarmLedger, PendingEffect};
use super::infrastructure::{
    buffered_service, crew_pace, direct_casualties, generation_lost, hold_ticks, outage, pace_of,
    recover,
};
use crate::model::{EffectType, Sector};
use crate::scenario::{Compiled, CompiledBackup};

/// The infrastructure state, one array per field, indexed by node.
pub struct Baseline {
    level: Vec<f32>,
    held: Vec<u32>,
    rate: Vec<f32>,
    base: Vec<f32>,
    /// Service of each node this tick.
    pub service: Vec<f32>,
    prev: Vec<f32>,
    /// Buffers: (node, stock left, spec), by node ascending.
    backups: Vec<(u32, f32, CompiledBackup)>,
    /// Where each node's buffer is in `backups` (`u32::MAX` for none).
    backup_of: Vec<u32>,
    /// The harm ledger, kept exactly as the ECS keeps it.
    pub ledger: HarmLedger,
}

impl Baseline {
    /// The world of `plan`, all nodes at full service.
    pub fn new(plan: &Compiled) -> Baseline {
        let n = plan.nodes.len();
        let base: Vec<f32> = plan.nodes.iter().map(|x| x.recovery_per_tick).collect();
        let mut backup_of = vec![u32::MAX; n];
        for (k, &(i, _)) in plan.backups.iter().enumerate() {
            backup_of[i as usize] = k as u32;
        }
        Baseline {
            level: vec![1.0; n],
            held: vec![0; n],
            rate: base.clone(),
            base,
            service: vec![1.0; n],
            prev: vec![1.0; n],
            backups: plan.backups.iter().map(|&(i, b)| (i, b.hours, b)).collect(),
            backup_of,
            ledger: HarmLedger::new(plan),
        }
    }

    /// One tick: the effects (applied in the same order as the ECS) and grid collapses, then
    /// restoration, the cascade from last tick's service, and harm.
    pub fn step(&mut self, plan: &Compiled, effects: &mut Vec<PendingEffect>) {
        effects.sort_unstable_by_key(|e| (e.node, e.source));
        let mut lost_mw = vec![0.0f64; plan.grids.len()];
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
                self.ledger.repair_usd[node.owner as usize] += cost * f64::from(e.intensity);
            }
            direct_casualties(plan, &e, &mut self.ledger);
            let before = self.level[i];
            self.level[i] = self.level[i].min(1.0 - e.intensity);
            self.held[i] = self.held[i].max(hold_ticks(plan, &e));
            self.rate[i] = self.rate[i].min(self.base[i] * factor as f32);
            generation_lost(plan, e.node, before, self.level[i], &mut lost_mw);
        }
        for (g, grid) in plan.grids.iter().enumerate() {
            if lost_mw[g] > 0.0 && lost_mw[g] >= grid.collapse_mw {
                for &(i, hold) in &grid.restart {
                    self.level[i as usize] = 0.0;
                    self.held[i as usize] = self.held[i as usize].max(hold);
                }
            }
        }
        let mut waiting: Vec<(u64, u32)> = Vec::new();
        for i in 0..self.level.len() {
            if self.held[i] > 0 {
                self.held[i] -= 1;
            } else if self.level[i] < 1.0 {
                match plan.crew_key.get(i) {
                    Some(&k) if k != u64::MAX => waiting.push((k, i as u32)),
                    _ => self.recover(i, 1.0),
                }
            }
        }
        if !waiting.is_empty() {
            waiting.sort_unstable_by_key(|w| w.0);
            let pace = crew_pace(plan, &self.prev);
            let mut busy = vec![0u32; plan.restoration.len()];
            for (k, i) in waiting {
                let r = (k >> 32) as usize;
                if busy[r] < plan.restoration[r].crews {
                    busy[r] += 1;
                    self.recover(i as usize, pace_of(plan, i, pace[r]));
                }
            }
        }
        let deps = &plan.deps;
        let th = plan.tick_hours as f32;
        for i in 0..self.level.len() {
            let k = self.backup_of[i];
            self.service[i] = if k == u32::MAX {
                let mut level = self.level[i];
                let (a, b) = (deps.offsets[i] as usize, deps.offsets[i + 1] as usize);
                for e in a..b {
                    level =
                        level.min(1.0 - deps.strength[e] * (1.0 - self.prev[deps.on[e] as usize]));
                }
                level
            } else {
                let (_, stock, spec) = &mut self.backups[k as usize];
                buffered_service(
                    self.level[i],
                    deps.providers(i),
                    &self.prev,
                    &plan.nodes,
                    stock,
                    spec,
                    th,
                )
            };
        }
        self.prev.copy_from_slice(&self.service);
        let milli_hours = plan.tick_hours * 1000.0;
        let n = Sector::ALL.len();
        self.ledger.area_outage.fill(0);
        for (i, node) in plan.nodes.iter().enumerate() {
            let s = self.service[i];
            if s < 1.0 {
                self.ledger.area_outage[node.area as usize * n + node.sector.index()] +=
                    outage(node.population, s, milli_hours);
            }
        }
        super::harm_model::account(plan, &mut self.ledger, |_, _, _, _| {});
    }
}

impl Baseline {
    /// One tick of recovery of node `i`, by the ECS's rule.
    fn recover(&mut self, i: usize, pace: f32) {
        recover(&mut self.level[i], &mut self.rate[i], self.base[i], pace);
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
