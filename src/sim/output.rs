//! The last stages of a tick (escalation steps, recording) and the run's outputs: events,
//! time series and summary.

use super::components::*;
use super::events::Event;
use super::{Pending, Recording};
use crate::model::{EffectType, KillChainPhase, Sector};
use crate::scenario::Compiled;
use bevy_ecs::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Gathers this tick's escalation triggers into one `EscalationStep` per victim State, and
/// hands the victims to the legal stage.
pub fn escalation_steps(
    mut triggers: ResMut<Triggers>,
    mut pending: ResMut<Pending>,
    mut legal: ResMut<super::legal::LegalState>,
) {
    let mut by_victim: BTreeMap<u16, u8> = BTreeMap::new();
    for (victim, flags) in triggers.0.drain(..) {
        *by_victim.entry(victim).or_default() |= flags;
    }
    for (victim, reasons) in by_victim {
        pending.0.push(Event::EscalationStep { victim, reasons });
        legal.steps.push((victim, reasons));
    }
}

/// Harm totals derived from the ledger, for one State or all.
pub(crate) struct Totals {
    /// Person-hours without service, summed over sectors.
    pub outage_person_hours: f64,
    /// Person-hours without an essential supply, each person counted once.
    pub essential_person_hours: f64,
    /// Deaths caused directly by effects.
    pub direct_deaths: f64,
    /// Injuries caused directly by effects.
    pub direct_injuries: f64,
    /// Estimated excess deaths from loss of service, `[low, central, high]`.
    pub estimated_deaths: [f64; 3],
    /// Estimated excess injuries from loss of service, `[low, central, high]`.
    pub estimated_injuries: [f64; 3],
    /// Economic loss, USD.
    pub economic_loss_usd: f64,
}

impl Totals {
    /// Direct and central estimated deaths.
    pub fn deaths(&self) -> f64 {
        self.direct_deaths + self.estimated_deaths[1]
    }

    /// Direct and central estimated injuries.
    pub fn injuries(&self) -> f64 {
        self.direct_injuries + self.estimated_injuries[1]
    }
}

pub(crate) fn totals(plan: &Compiled, ledger: &HarmLedger, actor: Option<u16>) -> Totals {
    let n = Sector::ALL.len();
    let mut t = Totals {
        outage_person_hours: 0.0,
        essential_person_hours: 0.0,
        direct_deaths: 0.0,
        direct_injuries: 0.0,
        estimated_deaths: [0.0; 3],
        estimated_injuries: [0.0; 3],
        economic_loss_usd: 0.0,
    };
    for (i, &mph) in ledger.outage.iter().enumerate() {
        if actor.is_some_and(|a| i / n != a as usize) {
            continue;
        }
        let ph = mph as f64 / 1000.0;
        t.outage_person_hours += ph;
        t.economic_loss_usd += ph * plan.harm[i % n].loss_usd_per_person_hour;
    }
    for a in 0..plan.actors.len() {
        if actor.is_some_and(|x| x as usize != a) {
            continue;
        }
        t.essential_person_hours += ledger.essential_person_hours[a];
        t.direct_deaths += ledger.direct_deaths[a];
        t.direct_injuries += ledger.direct_injuries[a];
        for k in 0..3 {
            t.estimated_deaths[k] += ledger.estimated_deaths[a][k];
            t.estimated_injuries[k] += ledger.estimated_injuries[a][k];
        }
    }
    t
}

/// Measures each targeted State's severity index; when harm grows into a graver class, the
/// law must look again (an escalation step).
pub fn watch_severity(
    plan: Res<Plan>,
    ledger: Res<HarmLedger>,
    hostility: Res<Hostility>,
    setup: Res<super::legal::LegalSetup>,
    mut severity: ResMut<SeverityIndex>,
    mut triggers: ResMut<Triggers>,
) {
    let severity = &mut *severity;
    for (i, &v) in severity.victims.iter().enumerate() {
        let doctrine = &setup.doctrines.0[setup.own[v as usize]];
        let harm = super::harm_facts::harm_of(&plan.0, &ledger, &hostility, v);
        let worst = super::harm_facts::effect_of(ledger.worst_effect[v as usize]);
        let now = crate::law::tests::severity_index(&harm, worst, doctrine);
        if now.floor() > severity.index[i].floor() {
            triggers.0.push((v, reason::HARM));
        }
        severity.index[i] = now;
    }
}

/// Records the tick: events sorted by their stable key, and one time-series row.
pub fn record(
    plan: Res<Plan>,
    clock: Res<Clock>,
    ledger: Res<HarmLedger>,
    stats: Res<CampaignStats>,
    severity: Res<SeverityIndex>,
    mut pending: ResMut<Pending>,
    mut recording: ResMut<Recording>,
) {
    let plan = &plan.0;
    pending.0.sort_by_key(Event::sort_key);
    let tick = clock.tick;
    recording
        .events
        .extend(pending.0.drain(..).map(|e| (tick, e)));
    let mut row = vec![f64::from(tick), f64::from(tick + 1) * plan.tick_hours];
    let n = Sector::ALL.len();
    for &s in &recording.series.sectors {
        let (mut out, mut pop) = (0u128, 0u128);
        for a in 0..plan.actors.len() {
            out += ledger.tick_outage[a * n + s.index()];
            pop += ledger.population[a * n + s.index()];
        }
        row.push(1.0 - out as f64 / (pop as f64 * plan.tick_hours * 1000.0));
    }
    let t = totals(plan, &ledger, None);
    let repair: f64 = ledger.repair_usd.iter().sum();
    row.extend([
        t.outage_person_hours,
        t.deaths(),
        t.injuries(),
        t.economic_loss_usd,
        repair,
        t.direct_deaths,
        t.estimated_deaths[0],
        t.estimated_deaths[2],
        t.direct_injuries,
        t.estimated_injuries[0],
        t.estimated_injuries[2],
        t.essential_person_hours,
    ]);
    row.extend(stats.confidence_in_author.iter().map(|&c| f64::from(c)));
    row.extend(severity.index.iter().copied());
    recording.series.rows.push(row);
    let series = &recording.series;
    let mut long =
        Vec::with_capacity(series.state_sectors.len() + series.owners.len() * STATE_METRICS.len());
    for &(a, s) in &series.state_sectors {
        let i = a as usize * n + s.index();
        let pop = ledger.population[i] as f64;
        long.push(if pop > 0.0 {
            1.0 - ledger.tick_outage[i] as f64 / (pop * plan.tick_hours * 1000.0)
        } else {
            1.0
        });
    }
    for &a in &series.owners {
        let t = totals(plan, &ledger, Some(a));
        long.extend([
            t.outage_person_hours,
            t.deaths(),
            t.injuries(),
            t.economic_loss_usd,
            ledger.repair_usd[a as usize],
            t.essential_person_hours,
        ]);
    }
    recording.series.by_state.push(long);
}

/// One value per tick and column.
#[derive(Clone, Debug, Default)]
pub struct TimeSeries {
    /// Column names.
    pub columns: Vec<String>,
    /// Sectors with at least one node, in the order of their columns.
    pub sectors: Vec<Sector>,
    /// States targeted by a campaign, in the order of their `severity_<state>` columns.
    pub victims: Vec<u16>,
    /// Rows, one per tick.
    pub rows: Vec<Vec<f64>>,
    /// The (State, sector) pairs in which the State owns nodes, in the order of the per-State
    /// service values of [`TimeSeries::by_state`].
    pub state_sectors: Vec<(u16, Sector)>,
    /// The States that own nodes, in the order of the per-State harm values of
    /// [`TimeSeries::by_state`].
    pub owners: Vec<u16>,
    /// Per tick: the service of each pair of `state_sectors`, then for each of `owners` the
    /// cumulative harm measures of the long time series (outage person-hours, deaths, injuries,
    /// economic loss, repair cost, essential person-hours, in that order). Never blended across
    /// States.
    pub by_state: Vec<Vec<f64>>,
    /// Ids of the actors, by index.
    pub actor_ids: Vec<String>,
    /// Ids of the campaigns, by index.
    pub campaign_ids: Vec<String>,
}

/// The cumulative harm measures recorded per State and tick in the long time series, in order.
pub const STATE_METRICS: [&str; 6] = [
    "outage_person_hours",
    "deaths",
    "injuries",
    "economic_loss_usd",
    "repair_cost_usd",
    "essential_person_hours",
];

impl TimeSeries {
    /// The empty series for a scenario: `tick`, `hour`, `service_<sector>` for each sector
    /// present, cumulative harm, and `attribution_<campaign>`.
    pub fn for_plan(plan: &Compiled) -> TimeSeries {
        let sectors: Vec<Sector> = Sector::ALL
            .iter()
            .copied()
            .filter(|s| plan.nodes.iter().any(|n| n.sector == *s))
            .collect();
        let mut columns = vec!["tick".to_string(), "hour".to_string()];
        columns.extend(sectors.iter().map(|s| format!("service_{s}")));
        columns.extend(
            [
                "outage_person_hours",
                "deaths",
                "injuries",
                "economic_loss_usd",
                "repair_cost_usd",
                "direct_deaths",
                "estimated_deaths_low",
                "estimated_deaths_high",
                "direct_injuries",
                "estimated_injuries_low",
                "estimated_injuries_high",
                "essential_person_hours",
            ]
            .map(String::from),
        );
        columns.extend(
            plan.campaigns
                .iter()
                .map(|k| format!("attribution_{}", k.id)),
        );
        let victims: Vec<u16> = plan.victims();
        columns.extend(
            victims
                .iter()
                .map(|&v| format!("severity_{}", plan.actors[v as usize].id)),
        );
        let mut state_sectors: Vec<(u16, Sector)> =
            plan.nodes.iter().map(|n| (n.owner, n.sector)).collect();
        state_sectors.sort_unstable_by_key(|&(a, s)| (a, s.index()));
        state_sectors.dedup();
        let mut owners: Vec<u16> = state_sectors.iter().map(|&(a, _)| a).collect();
        owners.dedup();
        TimeSeries {
            columns,
            sectors,
            victims,
            rows: Vec::new(),
            state_sectors,
            owners,
            by_state: Vec::new(),
            actor_ids: plan.actors.iter().map(|a| a.id.clone()).collect(),
            campaign_ids: plan.campaigns.iter().map(|k| k.id.clone()).collect(),
        }
    }

    /// The series in long form, one measurement per row: `tick`, `hour`, `state`, `sector`,
    /// `campaign`, `metric`, `value` (docs/outputs.md). Service is per State and sector,
    /// harm per State, attribution per campaign, severity per targeted State; a cell that does
    /// not apply is empty.
    pub fn to_long_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut ok = w
            .write_record([
                "tick", "hour", "state", "sector", "campaign", "metric", "value",
            ])
            .is_ok();
        let n_camp = self.campaign_ids.len();
        let first_attr = self.columns.len() - n_camp - self.victims.len();
        let empty = String::new();
        for (row, long) in self.rows.iter().zip(&self.by_state) {
            let (tick, hour) = (format!("{}", row[0]), format!("{}", row[1]));
            let mut put = |state: &str, sector: &str, campaign: &str, metric: &str, v: String| {
                ok &= w
                    .write_record([
                        tick.as_str(),
                        hour.as_str(),
                        state,
                        sector,
                        campaign,
                        metric,
                        v.as_str(),
                    ])
                    .is_ok();
            };
            for (i, &(a, s)) in self.state_sectors.iter().enumerate() {
                put(
                    &self.actor_ids[a as usize],
                    s.as_str(),
                    &empty,
                    "service",
                    format!("{:.6}", long[i]),
                );
            }
            let base = self.state_sectors.len();
            for (j, &a) in self.owners.iter().enumerate() {
                for (k, m) in STATE_METRICS.iter().enumerate() {
                    let v = long[base + j * STATE_METRICS.len() + k];
                    put(
                        &self.actor_ids[a as usize],
                        &empty,
                        &empty,
                        m,
                        format!("{v:.2}"),
                    );
                }
            }
            for (c, id) in self.campaign_ids.iter().enumerate() {
                put(
                    &empty,
                    &empty,
                    id,
                    "attribution_confidence",
                    format!("{:.6}", row[first_attr + c]),
                );
            }
            for (i, &v) in self.victims.iter().enumerate() {
                put(
                    &self.actor_ids[v as usize],
                    &empty,
                    &empty,
                    "severity_index",
                    format!("{:.6}", row[first_attr + n_camp + i]),
                );
            }
        }
        debug_assert!(ok, "writing CSV to memory cannot fail");
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The series as CSV text: integers as integers, fractions to 6 decimals, money and
    /// person-hours to 2 decimals.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut ok = w.write_record(&self.columns).is_ok();
        for row in &self.rows {
            let cells = row.iter().enumerate().map(|(i, v)| {
                let name = &self.columns[i];
                if i < 2 {
                    format!("{v}")
                } else if ["service_", "attribution_", "severity_"]
                    .iter()
                    .any(|p| name.starts_with(p))
                {
                    format!("{v:.6}")
                } else {
                    format!("{v:.2}")
                }
            });
            ok &= w.write_record(cells).is_ok();
        }
        debug_assert!(ok, "writing CSV to memory cannot fail");
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The values of one column.
    pub fn column(&self, name: &str) -> Option<Vec<f64>> {
        let i = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().map(|r| r[i]).collect())
    }
}

/// What a run produced.
#[derive(Clone, Debug)]
pub struct RunOutput {
    /// Events with their tick.
    pub events: Vec<(u32, Event)>,
    /// The legal trace: one object per doctrine per situation per escalation step, and one per
    /// response taken.
    pub legal: Vec<String>,
    /// The after-action record: one JSON row per decision taken (`decisions.jsonl`).
    pub decisions: Vec<String>,
    /// Ids of the doctrines assessed, by index (as events refer to them).
    pub doctrines: Vec<String>,
    /// The time series.
    pub series: TimeSeries,
    /// The summary.
    pub summary: Summary,
}

/// The run's summary, written as `summary.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Scenario name.
    pub scenario: String,
    /// The question the scenario asks.
    pub description: String,
    /// Seed used.
    pub seed: u64,
    /// Ticks run.
    pub ticks: u32,
    /// Whether the run finished (false when it was interrupted; `casus run --resume` completes
    /// it).
    pub complete: bool,
    /// Hours per tick.
    pub tick_hours: f64,
    /// casus version that produced the run.
    pub casus_version: String,
    /// The scenario file as given on the command line (empty when the run was made through
    /// the library).
    pub scenario_path: String,
    /// 64-bit FNV-1a of the scenario file's bytes, in hex (empty when made through the
    /// library).
    pub scenario_digest: String,
    /// The command that reproduces the run: the arguments that decide its outputs (options
    /// that cannot change them, such as the output folder and the number of threads, left
    /// out, so that the same run gives the same bytes).
    pub command_line: Vec<String>,
    /// Size of the simulated world.
    pub world: WorldSize,
    /// Harm totals.
    pub harm: HarmSummary,
    /// Per campaign.
    pub campaigns: Vec<CampaignSummary>,
    /// Escalation steps per victim State: ticks at which the law looks again.
    pub escalation_steps: Vec<StepSummary>,
    /// First tick each threshold reached each status, per situation and doctrine.
    pub thresholds_crossed: Vec<Crossing>,
    /// Responses taken, in order.
    pub responses: Vec<super::legal::ResponseRecord>,
    /// Declarations of armed attack with requests for help, in order.
    pub requests: Vec<super::legal::RequestRecord>,
    /// Tick the Security Council took measures, if it did.
    pub council_acted_tick: Option<u32>,
    /// Changes of a State's situation (事態) as its own doctrine certifies it (Japan), in
    /// order: from which tick each holds. Empty when no actor's doctrine certifies situations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub situations: Vec<super::legal::SituationRecord>,
    /// The domestic steps before each use of force (NSC, Cabinet, Diet, order), each Active
    /// Cyber Defense measure (Foreign Minister, Prime Minister's order, commission) and each
    /// ally's collective self-defense (alliance consultation), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub domestic_steps: Vec<super::legal::DomesticStepRecord>,
    /// The doctrines assessed: where their thresholds lie on the severity scale, and the
    /// attribution confidence each requires.
    pub doctrines: Vec<DoctrineSummary>,
    /// Number of events written.
    pub events: usize,
}

/// Counts of simulated things.
#[derive(Clone, Debug, Serialize)]
pub struct WorldSize {
    /// Actors.
    pub actors: usize,
    /// Infrastructure nodes.
    pub nodes: usize,
    /// Dependency edges.
    pub dependencies: usize,
    /// Campaigns.
    pub campaigns: usize,
    /// (campaign, target) intrusions.
    pub intrusions: usize,
}

/// An estimate with its bounds.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Interval {
    /// Low bound.
    pub low: f64,
    /// Central estimate.
    pub central: f64,
    /// High bound.
    pub high: f64,
}

impl Interval {
    fn of(x: [f64; 3]) -> Interval {
        let r = |x: f64| (x * 100.0).round() / 100.0;
        Interval {
            low: r(x[0]),
            central: r(x[1]),
            high: r(x[2]),
        }
    }
}

/// Harm totals, overall and per State.
#[derive(Clone, Debug, Serialize)]
pub struct HarmSummary {
    /// Person-hours without service, all sectors.
    pub outage_person_hours: f64,
    /// Deaths: direct, plus the central estimate of excess deaths.
    pub deaths: f64,
    /// Injuries: direct, plus the central estimate of excess injuries.
    pub injuries: f64,
    /// Deaths caused directly by effects (explosions, crashes).
    pub direct_deaths: f64,
    /// Injuries caused directly by effects.
    pub direct_injuries: f64,
    /// Excess deaths estimated from loss of service.
    pub estimated_deaths: Interval,
    /// Excess injuries estimated from loss of service.
    pub estimated_injuries: Interval,
    /// Person-hours without an essential supply (power, water, gas, medical care), each person
    /// counted once.
    pub essential_person_hours: f64,
    /// Economic loss, USD.
    pub economic_loss_usd: f64,
    /// Repair and restoration cost, USD.
    pub repair_cost_usd: f64,
    /// Per State that owns infrastructure.
    pub by_state: Vec<StateHarm>,
}

/// Harm to one State.
#[derive(Clone, Debug, Serialize)]
pub struct StateHarm {
    /// State id.
    pub state: String,
    /// Person-hours without service.
    pub outage_person_hours: f64,
    /// Deaths: direct, plus the central estimate of excess deaths.
    pub deaths: f64,
    /// Injuries: direct, plus the central estimate of excess injuries.
    pub injuries: f64,
    /// Deaths caused directly by effects.
    pub direct_deaths: f64,
    /// Injuries caused directly by effects.
    pub direct_injuries: f64,
    /// Excess deaths estimated from loss of service.
    pub estimated_deaths: Interval,
    /// Excess injuries estimated from loss of service.
    pub estimated_injuries: Interval,
    /// The State's population (the denominator of its shares).
    pub population: u64,
    /// Largest share of the State's people cut off from an essential supply at once.
    pub essential_supply_loss: f64,
    /// Average days without an essential supply of the people cut off at the worst moment.
    pub outage_days: f64,
    /// Economic loss, USD.
    pub economic_loss_usd: f64,
    /// Repair cost, USD.
    pub repair_cost_usd: f64,
    /// The most severe effect suffered.
    pub worst_effect: Option<EffectType>,
    /// Person-hours without service per sector (sectors with any).
    pub outage_by_sector: BTreeMap<Sector, f64>,
}

/// One campaign's course.
#[derive(Clone, Debug, Serialize)]
pub struct CampaignSummary {
    /// Campaign id.
    pub id: String,
    /// Targets.
    pub targets: usize,
    /// Targets that reached each phase.
    pub reached: BTreeMap<KillChainPhase, u32>,
    /// Waves delivered (per target).
    pub effects_delivered: u32,
    /// Intrusions detected.
    pub detected: u32,
    /// First tick of detection.
    pub first_detection_tick: Option<u32>,
    /// Intrusions contained.
    pub evicted: u32,
    /// Intrusions abandoned.
    pub abandoned: u32,
    /// What each victim concluded about the author.
    pub attribution: Vec<AttributionSummary>,
}

/// A victim's final attribution of one campaign.
#[derive(Clone, Debug, Serialize)]
pub struct AttributionSummary {
    /// Victim State.
    pub victim: String,
    /// Who the evidence points to at the end.
    pub suspect: String,
    /// Whether that is the true author.
    pub correct: bool,
    /// Final confidence.
    pub confidence: f64,
    /// First tick the true author was named with confidence 0.5 or more.
    pub tick_confidence_50: Option<u32>,
    /// First tick with confidence 0.75 or more (the level the shipped doctrines require).
    pub tick_confidence_75: Option<u32>,
    /// First tick with confidence 0.9 or more.
    pub tick_confidence_90: Option<u32>,
}

/// Escalation steps of one victim State.
#[derive(Clone, Debug, Serialize)]
pub struct StepSummary {
    /// Victim State.
    pub victim: String,
    /// Ticks of the steps.
    pub ticks: Vec<u32>,
}

/// A doctrine, as the charts need it.
#[derive(Clone, Debug, Serialize)]
pub struct DoctrineSummary {
    /// Doctrine id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Confidence from which conduct counts as attributed.
    pub attribution_confidence: f64,
    /// Severity levels (0 to 6) at which use of force becomes contested and met, and armed
    /// attack contested and met ([`crate::law::tests::threshold_levels`]).
    pub levels: [f64; 4],
}

/// A threshold crossing: the first tick a threshold reached a status.
#[derive(Clone, Debug, Serialize)]
pub struct Crossing {
    /// The State assessing its situation.
    pub victim: String,
    /// The suspected author.
    pub suspect: String,
    /// The attacked ally, for collective self-defense.
    pub ally: Option<String>,
    /// Doctrine id.
    pub doctrine: String,
    /// Threshold (or `self_defense`, `collective_self_defense` for their lawfulness).
    pub threshold: String,
    /// Status reached.
    pub status: crate::law::Status,
    /// Tick.
    pub tick: u32,
}

/// Gathers the outputs at the end of a run.
pub fn finish(world: &mut World, plan: &Compiled, seed: u64) -> RunOutput {
    let recording = std::mem::take(&mut *world.resource_mut::<Recording>());
    let ledger = world.resource::<HarmLedger>();
    let stats = world.resource::<CampaignStats>().clone();
    let ticks = world.resource::<Clock>().tick;
    let r = |x: f64| (x * 100.0).round() / 100.0;
    let n = Sector::ALL.len();

    let mut by_state = Vec::new();
    for (a, actor) in plan.actors.iter().enumerate() {
        if !plan.nodes.iter().any(|nd| nd.owner as usize == a) {
            continue;
        }
        let t = totals(plan, ledger, Some(a as u16));
        let outage_by_sector = Sector::ALL
            .iter()
            .filter(|s| ledger.outage[a * n + s.index()] > 0)
            .map(|&s| (s, r(ledger.outage[a * n + s.index()] as f64 / 1000.0)))
            .collect();
        by_state.push(StateHarm {
            state: actor.id.clone(),
            outage_person_hours: r(t.outage_person_hours),
            deaths: r(t.deaths()),
            injuries: r(t.injuries()),
            direct_deaths: r(t.direct_deaths),
            direct_injuries: r(t.direct_injuries),
            estimated_deaths: Interval::of(t.estimated_deaths),
            estimated_injuries: Interval::of(t.estimated_injuries),
            population: actor.population,
            essential_supply_loss: (ledger.essential_loss[a] * 1e6).round() / 1e6,
            outage_days: (super::harm_model::outage_days(plan, ledger, a as u16) * 1e4).round()
                / 1e4,
            economic_loss_usd: r(t.economic_loss_usd),
            repair_cost_usd: r(ledger.repair_usd[a]),
            worst_effect: ledger.worst_effect[a]
                .checked_sub(1)
                .map(|i| EffectType::ALL[i as usize]),
            outage_by_sector,
        });
    }
    let t = totals(plan, ledger, None);
    let harm = HarmSummary {
        outage_person_hours: r(t.outage_person_hours),
        deaths: r(t.deaths()),
        injuries: r(t.injuries()),
        direct_deaths: r(t.direct_deaths),
        direct_injuries: r(t.direct_injuries),
        estimated_deaths: Interval::of(t.estimated_deaths),
        estimated_injuries: Interval::of(t.estimated_injuries),
        essential_person_hours: r(t.essential_person_hours),
        economic_loss_usd: r(t.economic_loss_usd),
        repair_cost_usd: r(ledger.repair_usd.iter().sum()),
        by_state,
    };

    let legal = std::mem::replace(
        &mut *world.resource_mut::<super::legal::LegalState>(),
        super::legal::LegalState::new(seed, plan.actors.len()),
    );
    let setup = world.resource::<super::legal::LegalSetup>();
    let doctrines = setup.names.clone();
    let doctrine_summaries: Vec<DoctrineSummary> = setup
        .doctrines
        .0
        .iter()
        .map(|d| DoctrineSummary {
            id: d.id.clone(),
            name: d.name.clone(),
            attribution_confidence: d.attribution_confidence,
            levels: crate::law::tests::threshold_levels(d),
        })
        .collect();
    let mut pairs: Vec<Attribution> = world.query::<&Attribution>().iter(world).copied().collect();
    pairs.sort_by_key(|a| a.pair);
    let mut first_at: BTreeMap<(u32, u16, u8), u32> = BTreeMap::new();
    let mut steps: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
    let id = |a: u16| plan.actors[a as usize].id.clone();
    let mut crossings = Vec::new();
    for &(tick, e) in &recording.events {
        match e {
            Event::AttributionUpdated {
                campaign,
                victim,
                suspect,
                confidence,
            } if suspect == plan.campaigns[campaign as usize].true_author => {
                for (level, threshold) in [(50u8, 0.5f32), (75, 0.75), (90, 0.9)] {
                    if confidence >= threshold {
                        first_at.entry((campaign, victim, level)).or_insert(tick);
                    }
                }
            }
            Event::EscalationStep { victim, .. } => steps.entry(victim).or_default().push(tick),
            Event::ThresholdCrossed {
                victim,
                suspect,
                ally,
                doctrine,
                threshold,
                status,
            } => crossings.push(Crossing {
                victim: id(victim),
                suspect: id(suspect),
                ally: ally.map(id),
                doctrine: doctrines[doctrine as usize].clone(),
                threshold: super::legal::MARKERS[threshold as usize].to_string(),
                status,
                tick,
            }),
            _ => {}
        }
    }
    let campaigns = plan
        .campaigns
        .iter()
        .enumerate()
        .map(|(c, k)| CampaignSummary {
            id: k.id.clone(),
            targets: k.targets.len(),
            reached: KillChainPhase::ALL
                .iter()
                .map(|&p| (p, stats.reached[c][p.index()]))
                .collect(),
            effects_delivered: stats.effects[c],
            detected: stats.detected[c],
            first_detection_tick: stats.first_detection[c],
            evicted: stats.evicted[c],
            abandoned: stats.abandoned[c],
            attribution: pairs
                .iter()
                .filter(|p| p.campaign == c as u32)
                .map(|p| AttributionSummary {
                    victim: plan.actors[p.victim as usize].id.clone(),
                    suspect: plan.actors[p.suspect as usize].id.clone(),
                    correct: p.suspect == k.true_author,
                    confidence: super::events::round4(p.confidence),
                    tick_confidence_50: first_at.get(&(c as u32, p.victim, 50)).copied(),
                    tick_confidence_75: first_at.get(&(c as u32, p.victim, 75)).copied(),
                    tick_confidence_90: first_at.get(&(c as u32, p.victim, 90)).copied(),
                })
                .collect(),
        })
        .collect();
    let summary = Summary {
        scenario: plan.name.clone(),
        description: plan.description.clone(),
        seed,
        ticks,
        complete: true,
        tick_hours: plan.tick_hours,
        casus_version: env!("CARGO_PKG_VERSION").to_string(),
        scenario_path: String::new(),
        scenario_digest: String::new(),
        command_line: Vec::new(),
        world: WorldSize {
            actors: plan.actors.len(),
            nodes: plan.nodes.len(),
            dependencies: plan.deps.len(),
            campaigns: plan.campaigns.len(),
            intrusions: plan.campaigns.iter().map(|k| k.targets.len()).sum(),
        },
        harm,
        campaigns,
        escalation_steps: steps
            .into_iter()
            .map(|(v, ticks)| StepSummary {
                victim: plan.actors[v as usize].id.clone(),
                ticks,
            })
            .collect(),
        thresholds_crossed: crossings,
        responses: legal
            .responses
            .iter()
            .map(|t| super::legal::ResponseRecord::of(t, plan))
            .collect(),
        requests: legal
            .requests
            .iter()
            .map(|r| super::legal::RequestRecord::of(r, plan))
            .collect(),
        council_acted_tick: legal.council_acted,
        situations: legal
            .situations
            .iter()
            .map(|x| super::legal::SituationRecord::of(x, plan))
            .collect(),
        domestic_steps: legal
            .domestic
            .iter()
            .map(|x| super::legal::DomesticStepRecord::of(x, plan))
            .collect(),
        doctrines: doctrine_summaries,
        events: recording.events.len(),
    };
    RunOutput {
        events: recording.events,
        legal: legal.trace,
        decisions: legal.decisions,
        doctrines,
        series: recording.series,
        summary,
    }
}
