//! Expanding a checked scenario into the compact, index-based form the simulation runs on:
//! generators become nodes, ids become indices, hours become ticks, target selectors become
//! node lists, and dependencies become a flat adjacency array (CSR).

use super::{Scenario, SectorHarm, Target, default_sector_harm};
use crate::error::{Diagnostic, Error, Result};
use crate::model::{
    ActorKind, AttributionBasis, DeclaredIntent, EffectType, KillChainPhase, MilitaryStatus, Sector,
};
use crate::rng;
use rand::RngExt;
use std::collections::BTreeMap;
use std::path::Path;

/// An actor with its references resolved to indices.
#[derive(Clone, Debug)]
pub struct CompiledActor {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind of actor.
    pub kind: ActorKind,
    /// Doctrine id (`tallinn` when the file gives none).
    pub doctrine: String,
    /// Relationships, by actor index.
    pub relations: Vec<Relation>,
    /// Offensive capabilities and policy, as written.
    pub source: super::Actor,
    /// Chance per tick that one worked incident is contained.
    pub eviction_per_tick: f64,
    /// Fraction of attribution doubt resolved per tick of full forensic attention, including
    /// the intelligence-gathering multiplier.
    pub attribution_per_tick: f64,
    /// Incidents the cyber defense force works at once.
    pub incident_capacity: u32,
    /// Resident population: the file's, Japan's default, or the people of the State's
    /// service areas.
    pub population: u64,
    /// GDP in USD: the file's, or Japan's default; unknown otherwise.
    pub gdp_usd: Option<f64>,
}

/// Japan's population, 1 October 2023 (Statistics Bureau of Japan, Population Estimates).
pub const JAPAN_POPULATION: u64 = 124_352_000;
/// Japan's nominal GDP in 2023, USD (World Bank, World Development Indicators, about
/// USD 4.21 trillion).
pub const JAPAN_GDP_USD: f64 = 4.21e12;

/// A service area: the people of one owner's region. Each person is counted once, however
/// many services reach them.
#[derive(Clone, Copy, Debug)]
pub struct Area {
    /// Owner actor index.
    pub owner: u16,
    /// Region index.
    pub region: u32,
    /// People: the most any one sector's nodes in the area serve.
    pub population: u64,
}

/// What few nodes have: generation, direct casualties.
#[derive(Clone, Copy, Debug, Default)]
pub struct NodeExtra {
    /// Generation in MW (a station of a grid).
    pub capacity_mw: f64,
    /// Deaths per unit of intensity of physical damage.
    pub direct_deaths: f64,
    /// Injuries per unit of intensity of physical damage.
    pub direct_injuries: f64,
    /// Ticks to obtain replacement equipment after physical damage.
    pub spare_part_ticks: u32,
}

/// Restoration in one (owner, region) with crews.
#[derive(Clone, Debug)]
pub struct CompiledRestoration {
    /// Nodes restored at the same time.
    pub crews: u32,
    /// Share of restoration that stops while the region's telecommunications are down.
    pub telecom_dependence: f32,
    /// The owner's InformationCommunications nodes in the region, ascending.
    pub telecom: Vec<u32>,
}

/// A node's buffer, in ticks.
#[derive(Clone, Copy, Debug)]
pub struct CompiledBackup {
    /// Full stock, in hours of operation.
    pub hours: f32,
    /// Hours of stock regained per tick while the providers are back.
    pub refill_per_tick: f32,
    /// Sectors covered, as bits of [`Sector::index`].
    pub covers: u32,
    /// Which of the node's first 64 providers (in [`DepGraph::providers`] order) are of a
    /// covered sector, as bits; later providers are looked up by sector.
    pub covered_edges: u64,
}

/// A grid that can collapse, with its black-start order worked out.
#[derive(Clone, Debug)]
pub struct CompiledGrid {
    /// Owner.
    pub owner: u16,
    /// Region index.
    pub region: u32,
    /// Generation lost in one tick, MW, that collapses it.
    pub collapse_mw: f64,
    /// Every electric power node of the grid with the ticks it stays down after a collapse,
    /// in black-start order (stations first, then load by criticality).
    pub restart: Vec<(u32, u32)>,
}

/// The excess-mortality hazard with the tick length and multiplier applied: per person-hour
/// (not per million), as `[low, central, high]`.
#[derive(Clone, Copy, Debug)]
pub struct CompiledHazard {
    /// Accidental deaths per person-hour.
    pub accidental: [f64; 3],
    /// Disease-related deaths per person-hour at full ramp, thermal stress applied.
    pub disease: [f64; 3],
    /// Hours to full disease-related hazard.
    pub ramp_hours: f64,
    /// Injuries per general death.
    pub injuries_per_death: f64,
    /// Share of people on home medical devices.
    pub device_share: f64,
    /// Hours their batteries last.
    pub device_hours: f64,
    /// Deaths per device-user hour once spent.
    pub device_deaths: [f64; 3],
    /// Injuries per device-user hour once spent.
    pub device_injuries: [f64; 3],
}

/// A relationship to another actor, by index.
#[derive(Clone, Copy, Debug)]
pub struct Relation {
    /// The other actor.
    pub other: u16,
    /// Ally, adversary, neutral.
    pub kind: crate::model::RelationKind,
    /// A close relationship (Japan's first condition).
    pub close: bool,
    /// Share of the other's attribution work that reaches this actor.
    pub intel_sharing: f64,
}

/// One node's static facts.
#[derive(Clone, Copy, Debug)]
pub struct CompiledNode {
    /// Owner actor index.
    pub owner: u16,
    /// Sector.
    pub sector: Sector,
    /// Region index into [`Compiled::regions`].
    pub region: u32,
    /// Service area index into [`Compiled::areas`].
    pub area: u32,
    /// People served.
    pub population: u64,
    /// Criticality in `[0, 1]`.
    pub criticality: f32,
    /// Military status.
    pub military: MilitaryStatus,
    /// Capacity restored per tick after a disruption.
    pub recovery_per_tick: f32,
    /// Defense posture in `[0, 1]`.
    pub posture: f32,
    /// Replacement cost in USD.
    pub replacement_cost_usd: f64,
}

/// The dependency graph as flat arrays: the providers of node `i` are
/// `on[offsets[i]..offsets[i + 1]]`, with the matching `strength`.
#[derive(Clone, Debug, Default)]
pub struct DepGraph {
    /// Start of each node's providers; one more entry than there are nodes.
    pub offsets: Vec<u32>,
    /// Provider node indices.
    pub on: Vec<u32>,
    /// Strength of each dependency.
    pub strength: Vec<f32>,
}

impl DepGraph {
    /// Providers of node `i` with their strengths.
    pub fn providers(&self, i: usize) -> impl Iterator<Item = (u32, f32)> + '_ {
        let (a, b) = (self.offsets[i] as usize, self.offsets[i + 1] as usize);
        self.on[a..b]
            .iter()
            .copied()
            .zip(self.strength[a..b].iter().copied())
    }

    /// Number of edges.
    pub fn len(&self) -> usize {
        self.on.len()
    }

    /// Whether there are no edges.
    pub fn is_empty(&self) -> bool {
        self.on.is_empty()
    }
}

/// A kill-chain phase in ticks and per-tick chances.
#[derive(Clone, Copy, Debug)]
pub struct CompiledPhase {
    /// Ticks one attempt takes (at least 1).
    pub ticks: u32,
    /// Chance an attempt succeeds.
    pub success: f64,
    /// Base chance per tick of detection.
    pub detection_per_tick: f64,
}

/// An effect wave in ticks.
#[derive(Clone, Copy, Debug)]
pub struct CompiledWave {
    /// Earliest tick.
    pub start_tick: u32,
    /// Effect.
    pub effect: EffectType,
    /// Intensity in `[0, 1]`.
    pub intensity: f32,
    /// Ticks the effect is held (at least 1).
    pub duration_ticks: u32,
}

/// A campaign with its references resolved.
#[derive(Clone, Debug)]
pub struct CompiledCampaign {
    /// Stable id.
    pub id: String,
    /// Operator actor index.
    pub operator: u16,
    /// The State its conduct is attributable to in law, if any.
    pub sponsor: Option<u16>,
    /// Legal basis of the link between operator and sponsor.
    pub basis: AttributionBasis,
    /// Who the evidence ultimately points to: the sponsor, or the operator of an independent
    /// group.
    pub true_author: u16,
    /// Targeted node indices, ascending.
    pub targets: Vec<u32>,
    /// First tick.
    pub start_tick: u32,
    /// Reconnaissance, initial access, persistence.
    pub phases: [CompiledPhase; 3],
    /// Waves, in order of start tick.
    pub waves: Vec<CompiledWave>,
    /// Stealth in `[0, 1]`.
    pub stealth: f64,
    /// Declared intent.
    pub intent: DeclaredIntent,
    /// The actor it is disguised as.
    pub false_flag: Option<u16>,
    /// Attempts per phase.
    pub attempts: u32,
    /// The third State the operations are staged through.
    pub staged_through: Option<u16>,
    /// What the campaign seeks from the State it attacks, if the scenario says.
    pub aim: Option<super::CampaignAim>,
}

impl CompiledCampaign {
    /// The phase parameters used while an intrusion is in `phase` (the effect phase uses
    /// persistence's detection chance: the intruder is inside and active).
    pub fn phase(&self, phase: KillChainPhase) -> &CompiledPhase {
        match phase {
            KillChainPhase::Reconnaissance => &self.phases[0],
            KillChainPhase::InitialAccess => &self.phases[1],
            KillChainPhase::Persistence | KillChainPhase::Effect => &self.phases[2],
        }
    }
}

/// Names of nodes, stored compactly: written ids, then generated blocks named `{prefix}-{i}`.
#[derive(Clone, Debug, Default)]
pub struct NodeNames {
    written: Vec<String>,
    blocks: Vec<(String, u32, u32)>,
}

impl NodeNames {
    /// The id of node `i`.
    pub fn get(&self, i: u32) -> String {
        if let Some(id) = self.written.get(i as usize) {
            return id.clone();
        }
        for (prefix, start, count) in &self.blocks {
            if i >= *start && i < start + count {
                return format!("{prefix}-{}", i - start);
            }
        }
        format!("#{i}")
    }
}

/// A scenario ready to simulate.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// Scenario name.
    pub name: String,
    /// Scenario description.
    pub description: String,
    /// Default seed.
    pub seed: u64,
    /// Hours per tick.
    pub tick_hours: f64,
    /// The calendar date of tick 0, when the scenario gives one (for the law in force).
    pub start_date: Option<crate::law::time::Date>,
    /// Ticks to run.
    pub ticks: u32,
    /// Actors, in file order.
    pub actors: Vec<CompiledActor>,
    /// Region names.
    pub regions: Vec<String>,
    /// Nodes: written first, then generated.
    pub nodes: Vec<CompiledNode>,
    /// Node ids.
    pub node_names: NodeNames,
    /// Dependency graph.
    pub deps: DepGraph,
    /// Campaigns, in file order.
    pub campaigns: Vec<CompiledCampaign>,
    /// Harm rates per sector, indexed by [`Sector::index`], multiplier applied.
    pub harm: Vec<SectorHarm>,
    /// Recovery factors and costs.
    pub recovery: super::RecoveryParameters,
    /// Service areas, ordered by (owner, region).
    pub areas: Vec<Area>,
    /// Generation and direct casualties of the nodes that have them.
    pub node_extras: BTreeMap<u32, NodeExtra>,
    /// Buffers of the nodes that have them, by node index ascending.
    pub backups: Vec<(u32, CompiledBackup)>,
    /// Grids that can collapse.
    pub grids: Vec<CompiledGrid>,
    /// The grid of each station, by node index.
    pub grid_of: BTreeMap<u32, u32>,
    /// Regions with crews.
    pub restoration: Vec<CompiledRestoration>,
    /// Each node's place in its region's repair order, `restoration index << 32 | rank`
    /// (`u64::MAX` outside those regions); empty when no region has crews.
    pub crew_key: Vec<u64>,
    /// The excess-mortality hazard.
    pub hazard: CompiledHazard,
    /// The scenario's injects, as written (the simulation resolves their names).
    pub injects: Vec<super::ScheduledInject>,
}

impl Compiled {
    /// Index of the actor with this id.
    pub fn actor_index(&self, id: &str) -> Option<u16> {
        self.actors
            .iter()
            .position(|a| a.id == id)
            .map(|i| i as u16)
    }

    /// The States whose nodes some campaign targets, ascending.
    pub fn victims(&self) -> Vec<u16> {
        let mut v: Vec<u16> = self
            .campaigns
            .iter()
            .flat_map(|k| k.targets.iter().map(|&t| self.nodes[t as usize].owner))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Converts hours to whole ticks, rounding up so that nothing lasts zero ticks.
    pub fn ticks_for(&self, hours: f64) -> u32 {
        hours_to_ticks(hours, self.tick_hours)
    }
}

fn hours_to_ticks(hours: f64, tick_hours: f64) -> u32 {
    (hours / tick_hours).ceil().clamp(0.0, u32::MAX as f64) as u32
}

/// Chance per tick from a chance per `period` hours.
fn per_tick(p: f64, period_hours: f64, tick_hours: f64) -> f64 {
    1.0 - (1.0 - p).powf(tick_hours / period_hours)
}

impl Scenario {
    /// Expands a validated scenario. Fails on problems only visible after expansion, such as
    /// a target selector that matches no node.
    pub fn compile(&self, file: &Path) -> Result<Compiled> {
        // Expansion relies on the checks (ids resolve, counts in range); run them even when
        // the caller did not.
        super::validate(self, "", file)?;
        let th = self.tick_hours;
        let index: BTreeMap<&str, u16> = self
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i as u16))
            .collect();
        let mut actors: Vec<CompiledActor> = self
            .actors
            .iter()
            .map(|a| {
                let d = &a.defense;
                CompiledActor {
                    id: a.id.clone(),
                    name: if a.name.is_empty() {
                        a.id.clone()
                    } else {
                        a.name.clone()
                    },
                    kind: a.kind,
                    doctrine: a.doctrine.clone().unwrap_or_else(|| "tallinn".into()),
                    relations: a
                        .relationships
                        .iter()
                        .map(|r| Relation {
                            other: index[r.with.as_str()],
                            kind: r.kind,
                            close: r.close,
                            intel_sharing: r.intel_sharing,
                        })
                        .collect(),
                    source: a.clone(),
                    eviction_per_tick: per_tick(d.eviction_per_day, 24.0, th),
                    attribution_per_tick: per_tick(
                        (d.attribution_per_day * d.intelligence_gathering).min(1.0),
                        24.0,
                        th,
                    ),
                    incident_capacity: d.staff / d.staff_per_incident,
                    population: a.population.unwrap_or(0),
                    gdp_usd: a.gdp_usd.or((a.id == "japan").then_some(JAPAN_GDP_USD)),
                }
            })
            .collect();

        let mut problems = Vec::new();
        let mut regions: Vec<String> = Vec::new();
        let mut region_index: BTreeMap<String, u32> = BTreeMap::new();
        let mut region_of = |name: &str| -> u32 {
            if let Some(&i) = region_index.get(name) {
                return i;
            }
            let i = regions.len() as u32;
            regions.push(name.to_string());
            region_index.insert(name.to_string(), i);
            i
        };
        let generated: usize = self.generators.iter().map(|g| g.count as usize).sum();
        let mut nodes = Vec::with_capacity(self.nodes.len() + generated);
        let mut names = NodeNames::default();
        let mut id_index: BTreeMap<&str, u32> = BTreeMap::new();
        for n in &self.nodes {
            id_index.insert(n.id.as_str(), nodes.len() as u32);
            names.written.push(n.id.clone());
            nodes.push(CompiledNode {
                owner: index[n.owner.as_str()],
                sector: n.sector,
                region: region_of(&n.region),
                area: 0,
                population: n.population,
                criticality: n.criticality as f32,
                military: n.military,
                recovery_per_tick: per_tick(n.recovery_per_hour, 1.0, th).min(1.0) as f32,
                posture: n.posture as f32,
                replacement_cost_usd: n.replacement_cost_usd,
            });
        }
        let mut gen_ranges = Vec::new();
        for g in &self.generators {
            let start = nodes.len() as u32;
            let mut rng = rng::stream(self.seed, &format!("generator/{}", g.prefix), "population");
            let region_ids: Vec<u32> = g.regions.iter().map(|r| region_of(r)).collect();
            let (lo, hi) = (g.population.0 as f64, g.population.1 as f64);
            for i in 0..g.count {
                let u: f64 = rng.random();
                let pop = (lo.ln() + u * (hi.ln() - lo.ln())).exp().round() as u64;
                nodes.push(CompiledNode {
                    owner: index[g.owner.as_str()],
                    sector: g.sector,
                    region: region_ids[i as usize % region_ids.len()],
                    area: 0,
                    population: pop.clamp(g.population.0, g.population.1),
                    criticality: g.criticality as f32,
                    military: g.military,
                    recovery_per_tick: per_tick(g.recovery_per_hour, 1.0, th).min(1.0) as f32,
                    posture: g.posture as f32,
                    replacement_cost_usd: g.replacement_cost_usd,
                });
            }
            names.blocks.push((g.prefix.clone(), start, g.count));
            gen_ranges.push(start..start + g.count);
        }
        let node_index = |id: &str| -> u32 {
            id_index.get(id).copied().unwrap_or_else(|| {
                // Validation guarantees a generated id `{prefix}-{i}` with i < count.
                let (prefix, n) = id.rsplit_once('-').expect("validated generated id");
                let g = self
                    .generators
                    .iter()
                    .position(|g| g.prefix == prefix)
                    .expect("validated prefix");
                gen_ranges[g].start + n.parse::<u32>().expect("validated index")
            })
        };

        // Dependencies: written, then generated, each put straight into its node's slot of
        // the CSR arrays (sized by the most each node can have); then each node's providers
        // are sorted by (provider, strongest first) and duplicates keep the strongest.
        let mut slots = vec![0u32; nodes.len() + 1];
        for d in &self.dependencies {
            slots[node_index(&d.from) as usize + 1] += 1;
        }
        for (gi, g) in self.generators.iter().enumerate() {
            let per: u32 = g.depends_on.iter().map(|d| d.per_node).sum();
            for from in gen_ranges[gi].clone() {
                slots[from as usize + 1] += per;
            }
        }
        for i in 0..nodes.len() {
            slots[i + 1] += slots[i];
        }
        let total = slots[nodes.len()] as usize;
        let mut fill: Vec<u32> = slots[..nodes.len()].to_vec();
        let mut on_of = vec![0u32; total];
        let mut strength_of = vec![0f32; total];
        let mut put = |from: u32, on: u32, strength: f32| {
            let k = &mut fill[from as usize];
            on_of[*k as usize] = on;
            strength_of[*k as usize] = strength;
            *k += 1;
        };
        for d in &self.dependencies {
            put(node_index(&d.from), node_index(&d.on), d.strength as f32);
        }
        let mut providers: BTreeMap<(u16, Sector), Vec<u32>> = BTreeMap::new();
        let mut providers_in_region: BTreeMap<(u16, Sector, u32), Vec<u32>> = BTreeMap::new();
        // Power stations of a grid reach the load through the grid (its collapse rule), not as
        // providers of generated dependencies.
        let stations: Vec<bool> = (0..nodes.len())
            .map(|i| self.nodes.get(i).is_some_and(|n| n.capacity_mw > 0.0))
            .collect();
        for (i, n) in nodes.iter().enumerate() {
            if stations[i] {
                continue;
            }
            providers
                .entry((n.owner, n.sector))
                .or_default()
                .push(i as u32);
            providers_in_region
                .entry((n.owner, n.sector, n.region))
                .or_default()
                .push(i as u32);
        }
        for (gi, g) in self.generators.iter().enumerate() {
            let mut rng = rng::stream(
                self.seed,
                &format!("generator/{}", g.prefix),
                "dependencies",
            );
            for (di, d) in g.depends_on.iter().enumerate() {
                let owner = index[g.owner.as_str()];
                let Some(all) = providers.get(&(owner, d.sector)) else {
                    problems.push(Diagnostic {
                        file: file.to_path_buf(),
                        location: None,
                        path: format!("generators[{gi}] `{}`.depends_on[{di}]", g.prefix),
                        message: format!("`{}` owns no {} node to depend on", g.owner, d.sector),
                        help: Some("add such nodes, or remove this dependency".into()),
                    });
                    continue;
                };
                // Each region's pool, looked up once rather than once a node.
                let pools: Vec<&Vec<u32>> = (0..regions.len() as u32)
                    .map(|region| match d.same_region {
                        true => providers_in_region
                            .get(&(owner, d.sector, region))
                            .unwrap_or(all),
                        false => all,
                    })
                    .collect();
                for from in gen_ranges[gi].clone() {
                    let pool = pools[nodes[from as usize].region as usize];
                    for _ in 0..d.per_node {
                        // u^2 favours the pool's first nodes: a few hubs, a long tail.
                        let u: f64 = rng.random();
                        let on = pool[((u * u) * pool.len() as f64) as usize % pool.len()];
                        if on != from {
                            put(from, on, d.strength as f32);
                        }
                    }
                }
            }
        }
        let deps = compact_edges(slots, &fill, on_of, strength_of);

        let mut by_sector: Vec<Vec<u32>> = vec![Vec::new(); Sector::ALL.len()];
        for (i, n) in nodes.iter().enumerate() {
            by_sector[n.sector.index()].push(i as u32);
        }
        // Nodes by (sector, owner, region), ascending, for selectors naming all three.
        let mut by_place: BTreeMap<(u8, u16, u32), Vec<u32>> = BTreeMap::new();
        for (i, n) in nodes.iter().enumerate() {
            by_place
                .entry((n.sector.index() as u8, n.owner, n.region))
                .or_default()
                .push(i as u32);
        }
        let mut campaigns = Vec::new();
        let mut intrusions: u64 = 0;
        for (ci, k) in self.campaigns.iter().enumerate() {
            let mut targets = Vec::new();
            for (ti, t) in k.targets.iter().enumerate() {
                let before = targets.len();
                match t {
                    Target::Node(id) => targets.push(node_index(id)),
                    Target::Select {
                        sector,
                        region,
                        owner,
                        limit,
                    } => {
                        let owner = owner.as_ref().map(|o| index[o.as_str()]);
                        let region = region.as_ref().and_then(|r| region_index.get(r).copied());
                        let pool: Box<dyn Iterator<Item = u32>> = match (sector, owner, region) {
                            (Some(s), Some(o), Some(r)) => Box::new(
                                by_place
                                    .get(&(s.index() as u8, o, r))
                                    .map_or(&[][..], |v| &v[..])
                                    .iter()
                                    .copied(),
                            ),
                            (Some(s), _, _) => Box::new(by_sector[s.index()].iter().copied()),
                            _ => Box::new(0..nodes.len() as u32),
                        };
                        let mut picked: Vec<u32> = pool
                            .filter(|&i| {
                                let n = &nodes[i as usize];
                                sector.is_none_or(|s| n.sector == s)
                                    && owner.is_none_or(|o| n.owner == o)
                                    && region.is_none_or(|r| n.region == r)
                            })
                            .collect();
                        picked.sort_by(|&a, &b| {
                            nodes[b as usize]
                                .criticality
                                .total_cmp(&nodes[a as usize].criticality)
                                .then(a.cmp(&b))
                        });
                        picked.truncate(limit.map_or(usize::MAX, |l| l as usize));
                        targets.extend(picked);
                    }
                }
                if targets.len() == before {
                    problems.push(Diagnostic {
                        file: file.to_path_buf(),
                        location: None,
                        path: format!("campaigns[{ci}] `{}`.targets[{ti}]", k.id),
                        message: "this selector matches no node".into(),
                        help: Some("check its sector, region and owner".into()),
                    });
                }
            }
            targets.sort_unstable();
            targets.dedup();
            intrusions += targets.len() as u64;
            let operator = index[k.operator.as_str()];
            let sponsor = match k.basis {
                AttributionBasis::Independent => None,
                _ => Some(k.sponsor.as_ref().map_or(operator, |s| index[s.as_str()])),
            };
            let phase = |p: &super::Phase| CompiledPhase {
                ticks: hours_to_ticks(p.duration_hours, th).max(1),
                success: p.success,
                detection_per_tick: per_tick(p.detection_per_hour, 1.0, th),
            };
            let mut waves: Vec<CompiledWave> = k
                .waves
                .iter()
                .map(|w| CompiledWave {
                    start_tick: hours_to_ticks(w.start_hour, th),
                    effect: w.effect,
                    intensity: w.intensity as f32,
                    duration_ticks: hours_to_ticks(w.duration_hours, th).max(1),
                })
                .collect();
            waves.sort_by_key(|w| w.start_tick);
            campaigns.push(CompiledCampaign {
                id: k.id.clone(),
                operator,
                sponsor,
                basis: k.basis,
                true_author: sponsor.unwrap_or(operator),
                targets,
                start_tick: hours_to_ticks(k.start_hour, th),
                phases: [
                    phase(&k.phases.reconnaissance),
                    phase(&k.phases.initial_access),
                    phase(&k.phases.persistence),
                ],
                waves,
                stealth: k.stealth,
                intent: k.intent,
                false_flag: k.false_flag.as_ref().map(|f| index[f.as_str()]),
                attempts: k.attempts,
                staged_through: k.staged_through.as_ref().map(|h| index[h.as_str()]),
                aim: k.aim,
            });
        }
        if intrusions > super::LIMITS.max_intrusions {
            problems.push(Diagnostic {
                file: file.to_path_buf(),
                location: None,
                path: "campaigns".into(),
                message: format!(
                    "{intrusions} (campaign, target) pairs is over the limit of {}",
                    super::LIMITS.max_intrusions
                ),
                help: Some("narrow the target selectors with `limit`".into()),
            });
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut harm: Vec<SectorHarm> = Sector::ALL
            .iter()
            .map(|&s| default_sector_harm(s))
            .collect();
        for h in &self.harm.sectors {
            harm[h.sector.index()] = h.clone();
        }
        for h in &mut harm {
            h.deaths_per_million_person_hours *= self.harm.mortality_multiplier;
            h.injuries_per_million_person_hours *= self.harm.mortality_multiplier;
        }
        let areas = assign_areas(&mut nodes);
        for (a, actor) in actors.iter_mut().enumerate() {
            if actor.population == 0 {
                actor.population = if actor.id == "japan" {
                    JAPAN_POPULATION
                } else {
                    areas
                        .iter()
                        .filter(|x| x.owner as usize == a)
                        .map(|x| x.population)
                        .sum()
                };
            }
        }
        let mut node_extras = BTreeMap::new();
        let mut backups = Vec::new();
        let backup = |b: &super::Backup| CompiledBackup {
            hours: b.hours as f32,
            refill_per_tick: (b.hours * th / b.refill_hours) as f32,
            covers: b.covers.iter().fold(0, |m, s| m | 1 << s.index()),
            covered_edges: 0,
        };
        for (i, n) in self.nodes.iter().enumerate() {
            if n.capacity_mw > 0.0
                || n.direct_deaths > 0.0
                || n.direct_injuries > 0.0
                || n.spare_part_hours > 0.0
            {
                node_extras.insert(
                    i as u32,
                    NodeExtra {
                        capacity_mw: n.capacity_mw,
                        direct_deaths: n.direct_deaths,
                        direct_injuries: n.direct_injuries,
                        spare_part_ticks: hours_to_ticks(n.spare_part_hours, th),
                    },
                );
            }
            if let Some(b) = &n.backup {
                backups.push((i as u32, backup(b)));
            }
        }
        for (gi, g) in self.generators.iter().enumerate() {
            if let Some(b) = &g.backup {
                backups.extend(gen_ranges[gi].clone().map(|i| (i, backup(b))));
            }
            if g.spare_part_hours > 0.0 {
                let extra = NodeExtra {
                    spare_part_ticks: hours_to_ticks(g.spare_part_hours, th),
                    ..NodeExtra::default()
                };
                node_extras.extend(gen_ranges[gi].clone().map(|i| (i, extra)));
            }
        }
        for (i, b) in &mut backups {
            for (k, (on, _)) in deps.providers(*i as usize).take(64).enumerate() {
                if b.covers & (1 << nodes[on as usize].sector.index()) != 0 {
                    b.covered_edges |= 1 << k;
                }
            }
        }
        let members = AreaMembers::new(&nodes, &areas);
        let (restoration, crew_key) =
            self.compile_restoration(&nodes, &members, &index, &region_index);
        let (grids, grid_of) =
            self.compile_grids(&nodes, &members, &node_extras, &index, &region_index);
        drop(members);
        let hz = &self.harm.hazard;
        let m = self.harm.mortality_multiplier;
        let per = |r: (f64, f64, f64), k: f64| [r.0 * k / 1e6, r.1 * k / 1e6, r.2 * k / 1e6];
        let hazard = CompiledHazard {
            accidental: per(hz.accidental_deaths, m),
            disease: per(hz.disease_deaths, m * hz.thermal_stress),
            ramp_hours: hz.ramp_hours,
            injuries_per_death: hz.injuries_per_death,
            device_share: hz.device_share,
            device_hours: hz.device_hours,
            device_deaths: per(hz.device_deaths, m),
            device_injuries: per(hz.device_injuries, m),
        };
        Ok(Compiled {
            name: self.name.clone(),
            description: self.description.clone(),
            seed: self.seed,
            tick_hours: th,
            start_date: self.start_date,
            ticks: hours_to_ticks(self.duration_hours, th).max(1),
            actors,
            regions,
            nodes,
            node_names: names,
            deps,
            campaigns,
            harm,
            recovery: self.recovery.clone(),
            areas,
            node_extras,
            backups,
            grids,
            grid_of,
            restoration,
            crew_key,
            hazard,
            injects: self.injects.clone(),
        })
    }

    /// The regions with crews, and each node's place in its region's repair order: the most
    /// critical first, then node order.
    fn compile_restoration(
        &self,
        nodes: &[CompiledNode],
        by_area: &AreaMembers,
        index: &BTreeMap<&str, u16>,
        regions: &BTreeMap<String, u32>,
    ) -> (Vec<CompiledRestoration>, Vec<u64>) {
        let mut out = Vec::new();
        let mut key = Vec::new();
        for r in &self.restoration {
            let owner = index[r.owner.as_str()];
            let Some(&region) = regions.get(&r.region) else {
                continue;
            };
            let mut members: Vec<u32> = by_area.of(owner, region).to_vec();
            let telecom = members
                .iter()
                .copied()
                .filter(|&i| nodes[i as usize].sector == Sector::InformationCommunications)
                .collect();
            members.sort_by(|&a, &b| {
                nodes[b as usize]
                    .criticality
                    .total_cmp(&nodes[a as usize].criticality)
                    .then(a.cmp(&b))
            });
            if key.is_empty() {
                key = vec![u64::MAX; nodes.len()];
            }
            let k = out.len() as u64;
            for (rank, &i) in members.iter().enumerate() {
                key[i as usize] = k << 32 | rank as u64;
            }
            out.push(CompiledRestoration {
                crews: r.crews.max(1),
                telecom_dependence: r.telecom_dependence as f32,
                telecom,
            });
        }
        (out, key)
    }

    /// The grids with their black-start order: stations restart after `black_start_hours`;
    /// load comes back by criticality (then node order), the k-th node once the load before
    /// it has been re-energised at `restore_share_per_hour`.
    fn compile_grids(
        &self,
        nodes: &[CompiledNode],
        by_area: &AreaMembers,
        extras: &BTreeMap<u32, NodeExtra>,
        index: &BTreeMap<&str, u16>,
        regions: &BTreeMap<String, u32>,
    ) -> (Vec<CompiledGrid>, BTreeMap<u32, u32>) {
        let th = self.tick_hours;
        let mut grids = Vec::new();
        let mut grid_of = BTreeMap::new();
        for g in &self.grids {
            let owner = index[g.owner.as_str()];
            let Some(&region) = regions.get(&g.region) else {
                continue;
            };
            let members: Vec<u32> = by_area
                .of(owner, region)
                .iter()
                .copied()
                .filter(|&i| nodes[i as usize].sector == Sector::ElectricPower)
                .collect();
            let mw = |i: u32| extras.get(&i).map_or(0.0, |e| e.capacity_mw);
            let total_mw: f64 = members.iter().map(|&i| mw(i)).sum();
            let (mut stations, mut load): (Vec<u32>, Vec<u32>) =
                members.iter().partition(|&&i| mw(i) > 0.0);
            load.sort_by(|&a, &b| {
                nodes[b as usize]
                    .criticality
                    .total_cmp(&nodes[a as usize].criticality)
                    .then(a.cmp(&b))
            });
            stations.sort_unstable();
            let start = hours_to_ticks(g.black_start_hours, th).max(1);
            let total_load: f64 = load
                .iter()
                .map(|&i| nodes[i as usize].population as f64)
                .sum();
            let mut restart: Vec<(u32, u32)> = stations.iter().map(|&i| (i, start)).collect();
            let mut before = 0.0;
            for &i in &load {
                let share = if total_load > 0.0 {
                    before / total_load
                } else {
                    0.0
                };
                let hours = g.black_start_hours + share / g.restore_share_per_hour;
                restart.push((i, hours_to_ticks(hours, th).max(start)));
                before += nodes[i as usize].population as f64;
            }
            for &i in &stations {
                grid_of.insert(i, grids.len() as u32);
            }
            grids.push(CompiledGrid {
                owner,
                region,
                collapse_mw: g.collapse_share * total_mw,
                restart,
            });
        }
        (grids, grid_of)
    }
}

/// The CSR graph from per-node slots: node `i`'s edges are `on[slots[i]..filled[i]]`. Each
/// node's edges are sorted by (provider, strongest first), duplicates dropped (keeping the
/// strongest), and moved down to close the gaps, in place.
fn compact_edges(
    mut offsets: Vec<u32>,
    filled: &[u32],
    mut on: Vec<u32>,
    mut strength: Vec<f32>,
) -> DepGraph {
    let mut out = 0usize;
    let mut seg: Vec<(u32, f32)> = Vec::new();
    for i in 0..filled.len() {
        let (a, b) = (offsets[i] as usize, filled[i] as usize);
        offsets[i] = out as u32;
        seg.clear();
        seg.extend(on[a..b].iter().copied().zip(strength[a..b].iter().copied()));
        seg.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.total_cmp(&x.1)));
        seg.dedup_by(|b, a| a.0 == b.0);
        for &(p, st) in &seg {
            on[out] = p;
            strength[out] = st;
            out += 1;
        }
    }
    offsets[filled.len()] = out as u32;
    on.truncate(out);
    on.shrink_to_fit();
    strength.truncate(out);
    strength.shrink_to_fit();
    DepGraph {
        offsets,
        on,
        strength,
    }
}

/// The nodes of each service area, ascending: one pass over the nodes, so that crews and
/// grids find their region's nodes without scanning the world once each.
struct AreaMembers<'a> {
    areas: &'a [Area],
    offsets: Vec<u32>,
    nodes: Vec<u32>,
}

impl<'a> AreaMembers<'a> {
    fn new(nodes: &[CompiledNode], areas: &'a [Area]) -> AreaMembers<'a> {
        let mut offsets = vec![0u32; areas.len() + 1];
        for n in nodes {
            offsets[n.area as usize + 1] += 1;
        }
        for a in 0..areas.len() {
            offsets[a + 1] += offsets[a];
        }
        let mut next = offsets[..areas.len()].to_vec();
        let mut members = vec![0u32; nodes.len()];
        for (i, n) in nodes.iter().enumerate() {
            let slot = &mut next[n.area as usize];
            members[*slot as usize] = i as u32;
            *slot += 1;
        }
        AreaMembers {
            areas,
            offsets,
            nodes: members,
        }
    }

    /// The nodes of `owner` in `region`, ascending (none if it owns none there).
    fn of(&self, owner: u16, region: u32) -> &[u32] {
        match self
            .areas
            .binary_search_by_key(&(owner, region), |a| (a.owner, a.region))
        {
            Ok(a) => &self.nodes[self.offsets[a] as usize..self.offsets[a + 1] as usize],
            Err(_) => &[],
        }
    }
}

/// Gives each node its service area (owner, region), ordered by (owner, region); an area's
/// people are the most any one sector's nodes in it serve, so that nobody is counted twice.
fn assign_areas(nodes: &mut [CompiledNode]) -> Vec<Area> {
    let mut key: BTreeMap<(u16, u32), u32> = BTreeMap::new();
    for n in nodes.iter() {
        key.entry((n.owner, n.region)).or_insert(0);
    }
    let mut areas: Vec<Area> = Vec::with_capacity(key.len());
    for (i, (&(owner, region), v)) in key.iter_mut().enumerate() {
        *v = i as u32;
        areas.push(Area {
            owner,
            region,
            population: 0,
        });
    }
    let n_sectors = Sector::ALL.len();
    let mut served = vec![0u64; areas.len() * n_sectors];
    for n in nodes.iter_mut() {
        n.area = key[&(n.owner, n.region)];
        let k = n.area as usize * n_sectors + n.sector.index();
        served[k] = served[k].saturating_add(n.population);
    }
    for (a, area) in areas.iter_mut().enumerate() {
        area.population = served[a * n_sectors..(a + 1) * n_sectors]
            .iter()
            .copied()
            .max()
            .unwrap_or(0);
    }
    areas
}
