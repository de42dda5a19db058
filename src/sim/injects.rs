//! Injects in the simulation: the scenario's scheduled injects and those the white cell adds
//! while the run goes on ([`super::Simulation::inject`]), resolved to indices, applied at the
//! start of their tick, each recorded as an `inject_applied` event.
//!
//! Where each kind acts in the tick: a campaign wave is queued with the campaign's own waves
//! (stage Campaigns, applied in stage Effects of the same tick); an intelligence report changes
//! the State's attribution belief before detection and attribution run (stage Campaigns); a
//! Security Council measure is recorded before the law is applied (stage Campaigns); an ally's
//! request goes through the requests machinery after the tick's escalation steps have been
//! assessed (stage Responses), so that the allies answer it with the requester's latest report.
//!
//! Determinism: injects apply in the order (tick, scheduled before white cell, order given);
//! nothing here draws a random number.

use super::Pending;
use super::components::*;
use super::events::Event;
use super::intelligence::ATTRIBUTION_LEVELS;
use super::legal::{Legal, LegalState};
use crate::error::did_you_mean;
use crate::law::facts::CouncilMeasure;
use crate::model::{ActorKind, EffectType};
use crate::scenario::{Compiled, Inject};
use bevy_ecs::prelude::*;
use serde::Serialize;
use std::fmt;

/// Where an inject comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InjectSource {
    /// The scenario file's `injects`.
    Scenario,
    /// Added while the run goes on ([`super::Simulation::inject`], the play server's white
    /// cell).
    WhiteCell,
}

/// An inject with its names resolved to indices and its hours to ticks.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Resolved {
    /// A new wave of a campaign.
    CampaignWave {
        /// Campaign index.
        #[serde(serialize_with = "super::events::write_campaign")]
        campaign: u32,
        /// What it does.
        effect: EffectType,
        /// Intensity, in `[0, 1]`.
        #[serde(serialize_with = "super::events::write_rounded")]
        intensity: f32,
        /// Ticks the effect is held.
        duration_ticks: u32,
    },
    /// An intelligence report raising a State's attribution belief.
    IntelligenceReport {
        /// The State informed.
        #[serde(serialize_with = "super::events::write_actor")]
        state: u16,
        /// Campaign index.
        #[serde(serialize_with = "super::events::write_campaign")]
        campaign: u32,
        /// Who the report names.
        #[serde(serialize_with = "super::events::write_actor")]
        author: u16,
        /// The confidence it gives.
        #[serde(serialize_with = "super::events::write_rounded")]
        confidence: f32,
    },
    /// A declaration of armed attack with a request for help.
    AllyRequest {
        /// The requesting State.
        #[serde(serialize_with = "super::events::write_actor")]
        state: u16,
        /// The State it declares responsible.
        #[serde(serialize_with = "super::events::write_actor")]
        against: u16,
    },
    /// Measures of the Security Council.
    CouncilMeasure {
        /// Their kind.
        measure: CouncilMeasure,
    },
}

/// One inject of the run, in the order they apply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    /// The tick it applies at.
    pub tick: u32,
    /// Where it comes from.
    pub source: InjectSource,
    /// What it is.
    pub inject: Resolved,
}

/// The run's injects: those of the scenario and those the white cell added, in the order
/// they apply, and the white cell's as given (the inputs a checkpoint saves).
#[derive(Resource, Debug, Default)]
pub struct Injects {
    /// Every inject, sorted by tick (stable: scheduled first, then white cell in the order
    /// added).
    pub list: Vec<Entry>,
    /// The white cell's injects as given, with the tick each applies at.
    pub white_cell: Vec<(u32, Inject)>,
}

impl Injects {
    /// The injects of `plan`'s scenario. Those whose names do not resolve (a plan built
    /// without validation) are left out: a validated scenario has none.
    pub fn scheduled(plan: &Compiled) -> Injects {
        let mut list: Vec<Entry> = plan
            .injects
            .iter()
            .filter_map(|s| {
                Some(Entry {
                    tick: plan.ticks_for(s.at_hour),
                    source: InjectSource::Scenario,
                    inject: resolve(plan, &s.inject).ok()?,
                })
            })
            .collect();
        list.sort_by_key(|e| e.tick);
        Injects {
            list,
            white_cell: Vec::new(),
        }
    }

    /// Adds a white-cell inject at `tick`, after every inject already at that tick.
    pub fn add(&mut self, tick: u32, given: Inject, inject: Resolved) {
        let at = self.list.partition_point(|e| e.tick <= tick);
        self.list.insert(
            at,
            Entry {
                tick,
                source: InjectSource::WhiteCell,
                inject,
            },
        );
        self.white_cell.push((tick, given));
    }

    /// The injects that apply at `tick`, with their numbers in the run's list.
    pub fn at(&self, tick: u32) -> impl Iterator<Item = (u32, &Entry)> {
        let from = self.list.partition_point(|e| e.tick < tick);
        self.list[from..]
            .iter()
            .take_while(move |e| e.tick == tick)
            .enumerate()
            .map(move |(i, e)| ((from + i) as u32, e))
    }
}

/// One thing wrong with an inject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InjectProblem {
    /// The field, e.g. `campaign`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
    /// A suggestion, e.g. "did you mean `redland`?".
    pub help: Option<String>,
}

/// An inject refused: names that are not in the scenario, figures out of range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InjectError {
    /// Every problem found.
    pub problems: Vec<InjectProblem>,
}

impl fmt::Display for InjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "inject `{}`: {}", p.field, p.message)?;
            if let Some(h) = &p.help {
                write!(f, " ({h})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for InjectError {}

impl From<InjectError> for crate::error::Error {
    fn from(e: InjectError) -> Self {
        crate::error::Error::Usage(e.to_string())
    }
}

/// Checks `inject` against `plan` and resolves its names: every problem is reported at once.
pub fn resolve(plan: &Compiled, inject: &Inject) -> Result<Resolved, InjectError> {
    let mut problems = Vec::new();
    let mut problem = |field: &'static str, message: String, help: Option<String>| {
        problems.push(InjectProblem {
            field,
            message,
            help,
        });
    };
    let actors = || plan.actors.iter().map(|a| a.id.as_str());
    let actor = |field: &'static str,
                 id: &str,
                 state: bool,
                 problem: &mut dyn FnMut(&'static str, String, Option<String>)| {
        match plan.actor_index(id) {
            Some(a) if !state || plan.actors[a as usize].kind == ActorKind::State => Some(a),
            Some(_) => {
                problem(field, format!("`{id}` is not a State"), None);
                None
            }
            None => {
                problem(
                    field,
                    format!("unknown actor `{id}`"),
                    did_you_mean(id, actors()),
                );
                None
            }
        }
    };
    let campaign = |id: &str, problem: &mut dyn FnMut(&'static str, String, Option<String>)| {
        let found = plan.campaigns.iter().position(|k| k.id == id);
        if found.is_none() {
            problem(
                "campaign",
                format!("unknown campaign `{id}`"),
                did_you_mean(id, plan.campaigns.iter().map(|k| k.id.as_str())),
            );
        }
        found.map(|c| c as u32)
    };
    let unit = |field: &'static str,
                v: f64,
                problem: &mut dyn FnMut(&'static str, String, Option<String>)| {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            problem(field, format!("{v} is not in [0, 1]"), None);
        }
    };
    let out = match inject {
        Inject::CampaignWave {
            campaign: id,
            effect,
            intensity,
            duration_hours,
        } => {
            let c = campaign(id, &mut problem);
            unit("intensity", *intensity, &mut problem);
            if !(duration_hours.is_finite()
                && *duration_hours > 0.0
                && *duration_hours <= crate::scenario::MAX_FIGURE)
            {
                problem(
                    "duration_hours",
                    format!("{duration_hours} is not a number of hours above 0"),
                    None,
                );
            }
            c.map(|campaign| Resolved::CampaignWave {
                campaign,
                effect: *effect,
                intensity: *intensity as f32,
                duration_ticks: plan.ticks_for(*duration_hours),
            })
        }
        Inject::IntelligenceReport {
            state,
            campaign: id,
            author,
            confidence,
        } => {
            let v = actor("state", state, true, &mut problem);
            let c = campaign(id, &mut problem);
            let named = author
                .as_deref()
                .map(|a| actor("author", a, false, &mut problem));
            unit("confidence", *confidence, &mut problem);
            if let (Some(v), Some(c)) = (v, c) {
                let k = &plan.campaigns[c as usize];
                if !k.targets.iter().any(|&t| plan.nodes[t as usize].owner == v) {
                    problem(
                        "campaign",
                        format!("campaign `{id}` attacks no node of `{state}`"),
                        Some(
                            "a report concerns a campaign against the State's infrastructure"
                                .into(),
                        ),
                    );
                }
            }
            match (v, c, named) {
                (Some(state), Some(campaign), None) => Some(Resolved::IntelligenceReport {
                    state,
                    campaign,
                    author: plan.campaigns[campaign as usize].true_author,
                    confidence: *confidence as f32,
                }),
                (Some(state), Some(campaign), Some(Some(author))) => {
                    Some(Resolved::IntelligenceReport {
                        state,
                        campaign,
                        author,
                        confidence: *confidence as f32,
                    })
                }
                _ => None,
            }
        }
        Inject::AllyRequest { state, against } => {
            let v = actor("state", state, true, &mut problem);
            let s = actor("against", against, true, &mut problem);
            if let (Some(v), Some(s)) = (v, s) {
                if v == s {
                    problem(
                        "against",
                        format!("`{state}` cannot declare itself attacked by itself"),
                        None,
                    );
                } else if super::legal::requests::allies(plan, v)
                    .iter()
                    .all(|&w| w == s)
                {
                    problem(
                        "state",
                        format!("`{state}` has no ally to ask for help"),
                        Some("an ally is a State whose `relationships` hold it as `Ally`".into()),
                    );
                }
            }
            match (v, s) {
                (Some(state), Some(against)) => Some(Resolved::AllyRequest { state, against }),
                _ => None,
            }
        }
        Inject::CouncilMeasure { measure } => Some(Resolved::CouncilMeasure { measure: *measure }),
    };
    match out {
        Some(r) if problems.is_empty() => Ok(r),
        _ => Err(InjectError { problems }),
    }
}

/// The injects of the tick that act before detection: campaign waves, intelligence reports,
/// Security Council measures (stage Campaigns, after the campaigns' own progression).
#[allow(clippy::too_many_arguments)]
pub fn apply_injects(
    plan: Res<Plan>,
    clock: Res<Clock>,
    injects: Res<Injects>,
    mut intrusions: Query<&mut Intrusion>,
    mut attributions: Query<&mut Attribution>,
    hostility: Res<Hostility>,
    mut legal: ResMut<LegalState>,
    mut incidents: ResMut<Incidents>,
    mut stats: ResMut<CampaignStats>,
    mut queue: ResMut<EffectQueue>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
) {
    let tick = clock.tick;
    let plan = &plan.0;
    // Injected waves are numbered after the campaign's own, so each counts as an operation.
    let mut waves_before = vec![0u16; plan.campaigns.len()];
    for e in injects.list.iter().take_while(|e| e.tick < tick) {
        if let Resolved::CampaignWave { campaign, .. } = e.inject {
            waves_before[campaign as usize] += 1;
        }
    }
    for (number, e) in injects.at(tick) {
        let mut nodes = None;
        match e.inject {
            Resolved::CampaignWave {
                campaign,
                effect,
                intensity,
                duration_ticks,
            } => {
                let c = campaign as usize;
                let wave = (plan.campaigns[c].waves.len() as u16).saturating_add(waves_before[c]);
                waves_before[c] += 1;
                let mut hit = 0u32;
                let mut order: Vec<(u32, u32)> = Vec::new();
                for x in intrusions.iter() {
                    if x.campaign == campaign
                        && x.status == IntrusionStatus::Active
                        && x.phase == crate::model::KillChainPhase::Effect
                        && !hostility.deterred[x.pair as usize]
                    {
                        order.push((x.node, x.pair));
                    }
                }
                order.sort_unstable();
                for &(node, pair) in &order {
                    queue.0.push(PendingEffect {
                        node,
                        source: EffectSource::Wave {
                            campaign,
                            wave,
                            pair,
                        },
                        effect,
                        intensity: (intensity + hostility.escalation[c]).min(1.0),
                        duration_ticks,
                    });
                    hit += 1;
                }
                if effect != EffectType::Espionage {
                    for mut x in intrusions.iter_mut() {
                        if x.campaign == campaign && order.binary_search(&(x.node, x.pair)).is_ok()
                        {
                            x.overt = true;
                        }
                    }
                }
                nodes = Some(hit);
            }
            Resolved::IntelligenceReport {
                state,
                campaign,
                author,
                confidence,
            } => {
                let k = &plan.campaigns[campaign as usize];
                for mut a in attributions.iter_mut() {
                    if a.campaign != campaign || a.victim != state {
                        continue;
                    }
                    if a.suspect == author {
                        a.confidence = a.confidence.max(confidence);
                    } else {
                        a.suspect = author;
                        a.confidence = confidence;
                    }
                    if author == k.true_author {
                        // The report sees through a false flag.
                        a.exposed = true;
                        let best = &mut stats.confidence_in_author[campaign as usize];
                        *best = best.max(a.confidence);
                    }
                    a.level = ATTRIBUTION_LEVELS
                        .iter()
                        .filter(|&&l| a.confidence >= l)
                        .count() as u8;
                    incidents.pair_detected[a.pair as usize] = true;
                    pending.0.push(Event::AttributionUpdated {
                        campaign,
                        victim: state,
                        suspect: a.suspect,
                        confidence: a.confidence,
                    });
                    triggers.0.push((state, reason::ATTRIBUTION));
                }
            }
            Resolved::CouncilMeasure { measure } => {
                legal.council_acted.get_or_insert(tick);
                legal.council_measure = Some(measure);
                // Every State with a known situation looks at it again.
                let mut states: Vec<u16> = hostility
                    .pairs
                    .iter()
                    .enumerate()
                    .filter(|&(p, _)| incidents.pair_detected[p])
                    .map(|(_, &(_, v))| v)
                    .chain(legal.armed_conflict.iter().flat_map(|&(a, b)| [a, b]))
                    .chain(legal.requests.iter().map(|r| r.state))
                    .filter(|&a| plan.actors[a as usize].kind == ActorKind::State)
                    .collect();
                states.sort_unstable();
                states.dedup();
                for v in states {
                    triggers.0.push((v, reason::RESPONSE));
                }
            }
            Resolved::AllyRequest { .. } => continue,
        }
        pending.0.push(Event::InjectApplied {
            inject: number,
            source: e.source,
            what: e.inject,
            nodes,
        });
    }
}

/// The injects of the tick that go through the legal stage: allies' requests (stage
/// Responses, after the tick's escalation steps are assessed).
pub fn apply_requests(mut l: Legal, injects: Res<Injects>) {
    let tick = l.clock.tick;
    let due: Vec<(u32, Entry)> = injects.at(tick).map(|(n, e)| (n, *e)).collect();
    for (number, e) in due {
        if let Resolved::AllyRequest { state, against } = e.inject {
            l.pending.0.push(Event::InjectApplied {
                inject: number,
                source: e.source,
                what: e.inject,
                nodes: None,
            });
            super::legal::requests::request(&mut l, state, against);
        }
    }
}
