//! The simulation: a bevy_ecs world of infrastructure nodes, intrusions and attribution pairs,
//! advanced one tick at a time by a schedule of systems in named, ordered sets.
//!
//! One tick runs, in order: [`TickSet::Campaigns`] (kill-chain progression, effect waves due)
//! → [`TickSet::Effects`] (effects on capacity, restoration) → [`TickSet::Cascade`] (service
//! through the dependency graph) → [`TickSet::Harm`] (person-hours without service, sector
//! bands) → [`TickSet::Detection`] (detection, incident response, attribution) →
//! [`TickSet::Responses`] (escalation steps: each State actor's picture, the law, its decision
//! process; the Security Council) → [`TickSet::Recording`] (events and time series).
//!
//! Determinism: every random draw comes from the private stream of the intrusion or
//! attribution pair that draws it ([`crate::rng`]); totals are integers or summed in a fixed
//! order; each tick's events are sorted by a stable key before they are recorded.

pub mod baseline;
mod campaign;
pub mod checkpoint;
pub mod components;
pub mod events;
mod harm_facts;
mod harm_model;
mod infrastructure;
pub mod injects;
mod intelligence;
pub mod legal;
pub mod nodes;
mod output;

pub use intelligence::ATTRIBUTION_LEVELS;
pub use output::{Interval, RunOutput, Summary, TimeSeries};

use crate::model::KillChainPhase;
use crate::rng;
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use bevy_ecs::schedule::SingleThreadedExecutor;
use components::*;
use events::Event;
use std::sync::Arc;

/// The ordered stages of one tick.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum TickSet {
    /// Kill-chain progression and waves due.
    Campaigns,
    /// Effects on capacity and restoration.
    Effects,
    /// Service through the dependency graph.
    Cascade,
    /// Harm accounting.
    Harm,
    /// Detection, incident response, attribution.
    Detection,
    /// Escalation steps (the point where the law is applied).
    Responses,
    /// Events and time series.
    Recording,
}

/// Events raised during the current tick, before they are sorted and recorded.
#[derive(Resource, Default, Debug)]
pub struct Pending(pub Vec<Event>);

/// Everything recorded so far.
#[derive(Resource, Default, Debug)]
pub struct Recording {
    /// Events with their tick, in order.
    pub events: Vec<(u32, Event)>,
    /// One row per tick.
    pub series: TimeSeries,
}

/// A running simulation of one scenario with one seed.
pub struct Simulation {
    world: World,
    schedule: Schedule,
    infrastructure: Schedule,
    plan: Arc<Compiled>,
    seed: u64,
    /// White-cell injects of the decisions file, given at their tick as the white cell would.
    decision_injects: Vec<(u32, crate::scenario::Inject, injects::Resolved)>,
}

/// Each of `injects` checked against the scenario and resolved, in order.
fn resolve_all(
    plan: &Compiled,
    injects: &[(u32, crate::scenario::Inject)],
) -> Result<Vec<(u32, crate::scenario::Inject, injects::Resolved)>, injects::InjectError> {
    injects
        .iter()
        .map(|(t, i)| injects::resolve(plan, i).map(|r| (*t, i.clone(), r)))
        .collect()
}

impl Simulation {
    /// Builds the world for `plan` with `seed`: one entity per node, per (campaign, target)
    /// intrusion and per (campaign, victim) attribution pair.
    pub fn new(plan: Arc<Compiled>, seed: u64) -> Simulation {
        Simulation::with_doctrines(plan, seed, Arc::new(crate::law::Doctrines::builtin()))
    }

    /// Like [`Simulation::new`], assessing every situation under `doctrines`.
    pub fn with_doctrines(
        plan: Arc<Compiled>,
        seed: u64,
        doctrines: Arc<crate::law::Doctrines>,
    ) -> Simulation {
        Simulation::build(plan, seed, doctrines, &Default::default(), Vec::new())
    }

    /// Like [`Simulation::with_doctrines`], the actors `decisions` plays taking its decisions
    /// in place of their automated policy, and its white-cell injects given at their ticks.
    /// Refused, with every problem named, when one of those injects does not fit the scenario
    /// (a decisions file is checked when read; a `Decisions` built in code is checked here).
    pub fn with_decisions(
        plan: Arc<Compiled>,
        seed: u64,
        doctrines: Arc<crate::law::Doctrines>,
        decisions: &crate::scenario::decisions::Decisions,
    ) -> Result<Simulation, injects::InjectError> {
        let resolved = resolve_all(&plan, &decisions.injects)?;
        Ok(Simulation::build(
            plan, seed, doctrines, decisions, resolved,
        ))
    }

    fn build(
        plan: Arc<Compiled>,
        seed: u64,
        doctrines: Arc<crate::law::Doctrines>,
        decisions: &crate::scenario::decisions::Decisions,
        decision_injects: Vec<(u32, crate::scenario::Inject, injects::Resolved)>,
    ) -> Simulation {
        let mut world = World::new();
        let n_actors = plan.actors.len();
        let ledger = HarmLedger::new(&plan);

        let mut pairs = 0u32;
        let mut pair_list: Vec<(u32, u16)> = Vec::new();
        for (c, k) in plan.campaigns.iter().enumerate() {
            let mut victims: Vec<u16> = k
                .targets
                .iter()
                .map(|&t| plan.nodes[t as usize].owner)
                .collect();
            victims.sort_unstable();
            victims.dedup();
            for &v in &victims {
                let suspect = k.false_flag.unwrap_or(k.true_author);
                let stream = rng::stream(
                    seed,
                    &format!("{}/{}", k.id, plan.actors[v as usize].id),
                    "attribution",
                );
                world.spawn((
                    Attribution {
                        campaign: c as u32,
                        victim: v,
                        pair: pairs + victims.iter().position(|&x| x == v).unwrap_or(0) as u32,
                        suspect,
                        confidence: 0.0,
                        level: 0,
                        exposed: false,
                    },
                    Draws(stream),
                ));
            }
            let campaign_hash = rng::stable_hash(&[&k.id]);
            world.spawn_batch(k.targets.iter().map(|&t| {
                let victim = plan.nodes[t as usize].owner;
                let pair = pairs + victims.iter().position(|&x| x == victim).unwrap_or(0) as u32;
                let node_id = plan.node_names.get(t);
                let stream = rng::stream_for_hash(
                    seed,
                    campaign_hash ^ rng::stable_hash(&[&node_id, "intrusion"]),
                );
                (
                    Intrusion {
                        campaign: c as u32,
                        node: t,
                        victim,
                        pair,
                        phase: KillChainPhase::Reconnaissance,
                        phase_ticks: 0,
                        failures: 0,
                        next_wave: 0,
                        status: IntrusionStatus::Active,
                        detected: false,
                        overt: false,
                    },
                    Draws(stream),
                )
            }));
            pairs += victims.len() as u32;
            pair_list.extend(victims.iter().map(|&v| (c as u32, v)));
        }

        let n_campaigns = plan.campaigns.len();
        world.insert_resource(Plan(plan.clone()));
        world.insert_resource(Parallel(false));
        world.insert_resource(Clock::default());
        world.insert_resource(nodes::Nodes::new(&plan));
        world.insert_resource(nodes::Dependents::new(&plan.deps, plan.nodes.len()));
        world.insert_resource(nodes::CascadeMode::default());
        world.insert_resource(EffectQueue::default());
        world.insert_resource(Pending::default());
        world.insert_resource(Triggers::default());
        world.insert_resource(Incidents {
            open: vec![0; n_actors],
            pair_detected: vec![false; pairs as usize],
        });
        world.insert_resource(ledger);
        world.insert_resource(Hostility {
            targets_hit: vec![0; pair_list.len()],
            worst: vec![0; pair_list.len()],
            last_hostile: vec![None; pair_list.len()],
            deterred: vec![false; pair_list.len()],
            pairs: pair_list,
            operations: Default::default(),
            government_hit: vec![false; n_actors],
            military_hit: vec![false; n_actors],
            escalation: vec![0.0; plan.campaigns.len()],
        });
        legal::spawn(
            &mut world,
            &plan,
            seed,
            doctrines,
            legal::decision::Deciders::new(plan.actors.len(), decisions),
        );
        world.insert_resource(CampaignStats {
            reached: vec![[0; 4]; n_campaigns],
            effects: vec![0; n_campaigns],
            detected: vec![0; n_campaigns],
            first_detection: vec![None; n_campaigns],
            evicted: vec![0; n_campaigns],
            abandoned: vec![0; n_campaigns],
            confidence_in_author: vec![0.0; n_campaigns],
        });
        for (c, k) in plan.campaigns.iter().enumerate() {
            world.resource_mut::<CampaignStats>().reached[c][0] = k.targets.len() as u32;
        }
        let series = TimeSeries::for_plan(&plan);
        world.insert_resource(SeverityIndex {
            index: vec![0.0; series.victims.len()],
            victims: series.victims.clone(),
        });
        world.insert_resource(Recording {
            events: Vec::new(),
            series,
        });
        world.insert_resource(injects::Injects::scheduled(&plan));

        let mut schedule = Schedule::default();
        schedule.set_executor(SingleThreadedExecutor::new());
        schedule.configure_sets(
            (
                TickSet::Campaigns,
                TickSet::Effects,
                TickSet::Cascade,
                TickSet::Harm,
                TickSet::Detection,
                TickSet::Responses,
                TickSet::Recording,
            )
                .chain(),
        );
        schedule.add_systems(
            (
                campaign::start_campaigns,
                campaign::progress_intrusions,
                injects::apply_injects,
            )
                .chain()
                .in_set(TickSet::Campaigns),
        );
        schedule.add_systems(
            (
                infrastructure::apply_effects,
                infrastructure::restore_capacity,
            )
                .chain()
                .in_set(TickSet::Effects),
        );
        schedule.add_systems(infrastructure::cascade.in_set(TickSet::Cascade));
        schedule.add_systems(
            (infrastructure::account_harm, output::watch_severity)
                .chain()
                .in_set(TickSet::Harm),
        );
        schedule.add_systems(
            (
                intelligence::detect_intrusions,
                intelligence::count_incidents,
                intelligence::work_incidents,
                intelligence::count_incidents,
                intelligence::attribute,
            )
                .chain()
                .in_set(TickSet::Detection),
        );
        schedule.add_systems(
            (
                output::escalation_steps,
                legal::assess_steps,
                injects::apply_requests,
                legal::advance_decisions,
                legal::security_council,
            )
                .chain()
                .in_set(TickSet::Responses),
        );
        schedule.add_systems(output::record.in_set(TickSet::Recording));
        let mut infrastructure = Schedule::default();
        infrastructure.set_executor(SingleThreadedExecutor::new());
        infrastructure.add_systems(
            (
                infrastructure::apply_effects,
                infrastructure::restore_capacity,
                infrastructure::cascade,
                infrastructure::account_harm,
            )
                .chain(),
        );
        Simulation {
            world,
            schedule,
            infrastructure,
            plan,
            seed,
            decision_injects,
        }
    }

    /// Adds an inject from the white cell: it applies from the next tick run on (tick
    /// [`Simulation::tick`]), after the scenario's injects of that tick and the white cell's
    /// added before it, deterministically. Refused, with every problem named (unknown
    /// States, actors or campaigns with a suggestion, figures out of range), when it does not
    /// fit the scenario; a refused inject changes nothing. Checkpoints save the injects added
    /// ([`checkpoint::Checkpoint`]), so a continuation applies them again.
    pub fn inject(&mut self, inject: &crate::scenario::Inject) -> Result<(), injects::InjectError> {
        let resolved = injects::resolve(&self.plan, inject)?;
        let tick = self.tick();
        self.world
            .resource_mut::<injects::Injects>()
            .add(tick, inject.clone(), resolved);
        Ok(())
    }

    /// The white cell's injects so far, each with the tick it applies at.
    pub fn white_cell_injects(&self) -> &[(u32, crate::scenario::Inject)] {
        &self.world.resource::<injects::Injects>().white_cell
    }

    /// Splits the heaviest per-node work over `threads` threads of the compute task pool
    /// (1 = sequential). The outputs are byte-identical whatever the thread count.
    pub fn set_threads(&mut self, threads: usize) {
        if threads > 1 {
            bevy_tasks::ComputeTaskPool::get_or_init(|| {
                bevy_tasks::TaskPoolBuilder::new()
                    .num_threads(threads)
                    .build()
            });
        }
        self.world.insert_resource(Parallel(threads > 1));
    }

    /// Chooses how the cascade passes over the world (the results are the same bit for bit;
    /// for tests and benchmarks).
    pub fn set_cascade_mode(&mut self, mode: nodes::CascadeMode) {
        self.world.insert_resource(mode);
    }

    /// Sets the white-cell injects given from a decisions file (each at its tick, when the
    /// run reaches it), in place of those the simulation was built with (a fork). Refused, and
    /// nothing changed, when one does not fit the scenario.
    pub fn set_decision_injects(
        &mut self,
        injects: Vec<(u32, crate::scenario::Inject)>,
    ) -> Result<(), injects::InjectError> {
        self.decision_injects = resolve_all(&self.plan, &injects)?;
        Ok(())
    }

    /// Runs one tick (first giving the decisions file's injects of the tick).
    pub fn step(&mut self) {
        let tick = self.tick();
        let mut given = self.world.resource_mut::<injects::Injects>();
        for (_, inject, resolved) in self.decision_injects.iter().filter(|x| x.0 == tick) {
            given.add(tick, inject.clone(), *resolved);
        }
        self.schedule.run(&mut self.world);
        self.world.resource_mut::<Clock>().tick += 1;
    }

    /// Runs only the infrastructure stage for one tick (effects, restoration, cascade, harm),
    /// after queueing `effects`: for benchmarks and for comparing with [`baseline::Baseline`].
    pub fn step_infrastructure(&mut self, effects: &[PendingEffect]) {
        self.world
            .resource_mut::<EffectQueue>()
            .0
            .extend_from_slice(effects);
        self.infrastructure.run(&mut self.world);
        self.world.resource_mut::<Pending>().0.clear();
        self.world.resource_mut::<Triggers>().0.clear();
        self.world.resource_mut::<Clock>().tick += 1;
    }

    /// The harm ledger.
    pub fn ledger(&self) -> &HarmLedger {
        self.world.resource::<HarmLedger>()
    }

    /// Ticks run so far.
    pub fn tick(&self) -> u32 {
        self.world.resource::<Clock>().tick
    }

    /// Service of every node at the end of the last tick, by node index.
    pub fn service(&self) -> &[f32] {
        &self.world.resource::<nodes::Nodes>().service
    }

    /// The ECS world, for inspection.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The ECS world, to set up a situation in tests and tools.
    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Ends the run and gathers its outputs.
    pub fn finish(mut self) -> RunOutput {
        output::finish(&mut self.world, &self.plan, self.seed)
    }
}

/// Runs `plan` with `seed` for `ticks` ticks under the built-in doctrines, calling
/// `progress(done, total)` after each.
pub fn run(
    plan: Arc<Compiled>,
    seed: u64,
    ticks: u32,
    progress: &mut dyn FnMut(u32, u32),
) -> RunOutput {
    run_with(
        plan,
        seed,
        ticks,
        Arc::new(crate::law::Doctrines::builtin()),
        progress,
    )
}

/// Like [`run`], assessing every situation under `doctrines`.
pub fn run_with(
    plan: Arc<Compiled>,
    seed: u64,
    ticks: u32,
    doctrines: Arc<crate::law::Doctrines>,
    progress: &mut dyn FnMut(u32, u32),
) -> RunOutput {
    run_threads(plan, seed, ticks, doctrines, 1, progress)
}

/// Like [`run_with`], splitting the per-node work of each tick over `threads` threads.
pub fn run_threads(
    plan: Arc<Compiled>,
    seed: u64,
    ticks: u32,
    doctrines: Arc<crate::law::Doctrines>,
    threads: usize,
    progress: &mut dyn FnMut(u32, u32),
) -> RunOutput {
    let mut sim = Simulation::with_doctrines(plan, seed, doctrines);
    sim.set_threads(threads);
    for t in 0..ticks {
        sim.step();
        progress(t + 1, ticks);
    }
    sim.finish()
}
