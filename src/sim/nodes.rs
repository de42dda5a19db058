//! The state of every infrastructure node, one array per field (capacity, hold, recovery rate,
//! service, buffer stock), and the frontier of what changed: the nodes whose capacity is held
//! or below full, the nodes whose service changed in the last cascade, and the buffers still
//! filling or draining. A tick recomputes only those and the dependents of the changed ones,
//! so its cost grows with what changes, not with the size of the world.
//!
//! Node state lives in this one resource rather than in per-node components: every access is
//! by node index (providers, dependents, crews, grids), the static facts stay in the compiled
//! table ([`crate::scenario::Compiled`]) and are not copied, and nothing needs change ticks.

use crate::scenario::{Compiled, CompiledBackup, CompiledNode, DepGraph};
use bevy_ecs::prelude::*;

/// Flag: the node is in [`Nodes::impaired`].
const IMPAIRED: u8 = 1;
/// Flag: the node is already in this tick's frontier.
const QUEUED: u8 = 2;

/// Which pass the cascade takes: the results are the same bit for bit; only the cost differs.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CascadeMode {
    /// Per tick, the frontier when it is small, every node when much of the world is in flux.
    #[default]
    Auto,
    /// Every node, every tick (the rule as written).
    Full,
    /// Only the frontier, every tick.
    Frontier,
}

/// The dependents of every node (the reverse of [`DepGraph`]): node `i` is a provider of
/// `of[offsets[i]..offsets[i + 1]]`, in ascending order.
#[derive(Resource, Debug, Default)]
pub struct Dependents {
    offsets: Vec<u32>,
    of: Vec<u32>,
}

impl Dependents {
    /// The reverse of `deps`, built by counting (no intermediate edge list).
    pub fn new(deps: &DepGraph, nodes: usize) -> Dependents {
        let mut offsets = vec![0u32; nodes + 1];
        for &on in &deps.on {
            offsets[on as usize + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..nodes].to_vec();
        let mut of = vec![0u32; deps.on.len()];
        for from in 0..nodes {
            let (a, b) = (deps.offsets[from] as usize, deps.offsets[from + 1] as usize);
            for &on in &deps.on[a..b] {
                let slot = &mut next[on as usize];
                of[*slot as usize] = from as u32;
                *slot += 1;
            }
        }
        Dependents { offsets, of }
    }

    /// The nodes that depend on node `i`.
    #[inline]
    pub fn of(&self, i: usize) -> &[u32] {
        &self.of[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Every infrastructure node's state, by node index, and the frontier of the next cascade.
#[derive(Resource, Debug)]
pub struct Nodes {
    /// Own capacity in `[0, 1]`, before dependencies.
    pub level: Vec<f32>,
    /// Ticks an active effect still holds the capacity down.
    pub held: Vec<u32>,
    /// Capacity restored per tick once no effect holds it (slower after destruction).
    pub rate: Vec<f32>,
    /// Service delivered at the end of the last cascade: what dependents see next tick.
    pub service: Vec<f32>,
    /// Hours of full operation left in each buffer, in the order of [`Compiled::backups`].
    pub stock: Vec<f32>,
    /// Position of each node's buffer in `stock` (`u32::MAX` for none).
    backup_of: Vec<u32>,
    /// [`IMPAIRED`] and [`QUEUED`] bits per node.
    flags: Vec<u8>,
    /// Nodes whose capacity is held or below full (every such node is here), in the order
    /// they became so.
    impaired: Vec<u32>,
    /// Nodes whose service changed in the last cascade, ascending, with their service before.
    pub(crate) changed: Vec<(u32, f32)>,
    /// Buffered nodes whose stock changed in the last cascade, ascending.
    restless: Vec<u32>,
    /// Cascades run as a full pass and as a frontier pass.
    pub passes: [u64; 2],
    /// Node updates the cascade computed, over the run.
    pub recomputed: u64,
}

impl Nodes {
    /// Every node of `plan` at full capacity and service, every buffer full.
    pub fn new(plan: &Compiled) -> Nodes {
        let n = plan.nodes.len();
        let mut backup_of = vec![u32::MAX; n];
        for (k, &(i, _)) in plan.backups.iter().enumerate() {
            backup_of[i as usize] = k as u32;
        }
        Nodes {
            level: vec![1.0; n],
            held: vec![0; n],
            rate: plan.nodes.iter().map(|x| x.recovery_per_tick).collect(),
            service: vec![1.0; n],
            stock: plan.backups.iter().map(|(_, b)| b.hours).collect(),
            backup_of,
            flags: vec![0; n],
            impaired: Vec::new(),
            changed: Vec::new(),
            restless: Vec::new(),
            passes: [0; 2],
            recomputed: 0,
        }
    }

    /// Records that node `i`'s capacity was hit: it is restored and recomputed from now on
    /// until it is whole again.
    #[inline]
    pub fn impair(&mut self, i: u32) {
        if self.flags[i as usize] & IMPAIRED == 0 {
            self.flags[i as usize] |= IMPAIRED;
            self.impaired.push(i);
        }
    }

    /// The nodes whose capacity is held or below full.
    pub fn impaired(&self) -> &[u32] {
        &self.impaired
    }

    /// One tick of the cascade: every node's service is its own capacity limited by each
    /// provider's service at the end of the previous tick (`1 - strength * (1 - provider)`);
    /// a node with a buffer holds its service while the stock lasts. Only nodes whose inputs
    /// may have changed are recomputed (the impaired, the dependents of the nodes whose
    /// service changed, the buffers not at rest) unless `mode` or the frontier's size calls
    /// for every node; the result is the same either way. `pool` splits a full pass over
    /// threads (each node reads only last tick's service and writes only its own).
    pub fn cascade(
        &mut self,
        plan: &Compiled,
        dependents: &Dependents,
        mode: CascadeMode,
        pool: Option<&bevy_tasks::ComputeTaskPool>,
    ) {
        let n = plan.nodes.len();
        let mut reach = self.impaired.len() + self.restless.len();
        for &(i, _) in &self.changed {
            reach += dependents.of(i as usize).len();
        }
        let full = match mode {
            CascadeMode::Full => true,
            CascadeMode::Frontier => false,
            CascadeMode::Auto => reach >= n / FULL_PASS_SHARE,
        };
        let ctx = Inputs {
            level: &self.level,
            prev: &self.service,
            deps: &plan.deps,
            nodes: &plan.nodes,
            backups: &plan.backups,
            backup_of: &self.backup_of,
            tick_hours: plan.tick_hours as f32,
        };
        let mut out = Pass::default();
        if full {
            self.passes[0] += 1;
            self.recomputed += n as u64;
            split_run(&ctx, pool, &mut self.stock, n, |k| k, |a, b| a..b, &mut out);
        } else {
            self.passes[1] += 1;
            let mut frontier: Vec<u32> = Vec::with_capacity(reach);
            let flags = &mut self.flags;
            let mut queue = |i: u32| {
                if flags[i as usize] & QUEUED == 0 {
                    flags[i as usize] |= QUEUED;
                    frontier.push(i);
                }
            };
            self.impaired.iter().for_each(|&i| queue(i));
            self.restless.iter().for_each(|&i| queue(i));
            for &(i, _) in &self.changed {
                dependents.of(i as usize).iter().for_each(|&d| queue(d));
            }
            if frontier.len() >= n / SCAN_SHARE {
                // A large frontier comes out in order from one scan of the flags, sooner than
                // from a sort.
                frontier.clear();
                for (i, f) in self.flags.iter_mut().enumerate() {
                    if *f & QUEUED != 0 {
                        *f &= !QUEUED;
                        frontier.push(i as u32);
                    }
                }
            } else {
                frontier.sort_unstable();
                for &i in &frontier {
                    self.flags[i as usize] &= !QUEUED;
                }
            }
            self.recomputed += frontier.len() as u64;
            let len = frontier.len();
            let at = |k: usize| {
                if k < len { frontier[k] as usize } else { n }
            };
            split_run(
                &ctx,
                pool,
                &mut self.stock,
                len,
                at,
                |a, b| frontier[a..b].iter().map(|&i| i as usize),
                &mut out,
            );
        }
        self.changed.clear();
        for &(i, old, new) in &out.updates {
            self.service[i as usize] = new;
            self.changed.push((i, old));
        }
        self.restless = out.restless;
        // Nodes whole again leave the impaired set (they were recomputed this tick).
        let (level, held, flags) = (&self.level, &self.held, &mut self.flags);
        self.impaired.retain(|&i| {
            let keep = held[i as usize] > 0 || level[i as usize] < 1.0;
            if !keep {
                flags[i as usize] &= !IMPAIRED;
            }
            keep
        });
    }
}

/// A frontier reaching at least one node in this many makes the cascade take a full pass:
/// streaming every node costs less per node than visiting a scattered frontier.
pub const FULL_PASS_SHARE: usize = 8;

/// A frontier reaching at least one node in this many is gathered by scanning every node's
/// flags rather than by sorting it.
const SCAN_SHARE: usize = 64;

/// Runs `ctx` over the nodes at positions `0..len` of a pass (`which(a, b)` yields those at
/// positions `a..b`, ascending; `bound(k)` is the node at position `k`, or the node count
/// for `len`), split over `pool`'s threads when there are enough of them: each chunk
/// computes its own nodes from last tick's service and writes only its own buffers' stocks,
/// and the chunks' findings are joined in order, so the result is the same as one pass's.
#[allow(clippy::too_many_arguments)]
fn split_run<I: Iterator<Item = usize>>(
    ctx: &Inputs,
    pool: Option<&bevy_tasks::ComputeTaskPool>,
    stock: &mut [f32],
    len: usize,
    bound: impl Fn(usize) -> usize + Sync,
    which: impl Fn(usize, usize) -> I + Sync,
    out: &mut Pass,
) {
    match pool {
        Some(pool) if pool.thread_num() > 1 && len >= 4096 => {
            let chunks = pool.thread_num() * 4;
            let size = len.div_ceil(chunks);
            let (bound, which) = (&bound, &which);
            let mut parts: Vec<(usize, Pass)> = pool.scope(|s| {
                let mut rest: &mut [f32] = stock;
                let mut taken = 0usize;
                for c in 0..chunks {
                    let (a, b) = ((c * size).min(len), ((c + 1) * size).min(len));
                    let last = bound(b);
                    let end = ctx.backups.partition_point(|&(i, _)| (i as usize) < last);
                    let (mine, tail) = std::mem::take(&mut rest).split_at_mut(end - taken);
                    rest = tail;
                    let first = taken;
                    taken = end;
                    s.spawn(async move {
                        let mut p = Pass::default();
                        ctx.run(which(a, b), mine, first, &mut p);
                        (c, p)
                    });
                }
            });
            parts.sort_unstable_by_key(|p| p.0);
            for (_, p) in parts {
                out.updates.extend(p.updates);
                out.restless.extend(p.restless);
            }
        }
        _ => ctx.run(which(0, len), stock, 0, out),
    }
}

/// What a cascade pass found: (node, service before, service now) for each node whose
/// service changed, and the buffered nodes whose stock changed, both ascending.
#[derive(Default)]
struct Pass {
    updates: Vec<(u32, f32, f32)>,
    restless: Vec<u32>,
}

/// What a cascade pass reads.
struct Inputs<'a> {
    level: &'a [f32],
    prev: &'a [f32],
    deps: &'a DepGraph,
    nodes: &'a [CompiledNode],
    backups: &'a [(u32, CompiledBackup)],
    backup_of: &'a [u32],
    tick_hours: f32,
}

impl Inputs<'_> {
    /// Computes the service of each node of `which` (ascending), whose buffers' stocks are
    /// `stock`, the first of them being buffer number `first`.
    fn run(
        &self,
        which: impl Iterator<Item = usize>,
        stock: &mut [f32],
        first: usize,
        out: &mut Pass,
    ) {
        let deps = self.deps;
        for i in which {
            let k = self.backup_of[i];
            let level = if k == u32::MAX {
                let mut level = self.level[i];
                let (a, b) = (deps.offsets[i] as usize, deps.offsets[i + 1] as usize);
                for e in a..b {
                    level =
                        level.min(1.0 - deps.strength[e] * (1.0 - self.prev[deps.on[e] as usize]));
                }
                level
            } else {
                let s = &mut stock[k as usize - first];
                let before = *s;
                let level = super::infrastructure::buffered_service(
                    self.level[i],
                    deps.providers(i),
                    self.prev,
                    self.nodes,
                    s,
                    &self.backups[k as usize].1,
                    self.tick_hours,
                );
                if s.to_bits() != before.to_bits() {
                    out.restless.push(i as u32);
                }
                level
            };
            let old = self.prev[i];
            if old != level {
                out.updates.push((i as u32, old, level));
            }
        }
    }
}
