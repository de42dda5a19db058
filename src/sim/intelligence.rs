//! Detection, incident response and attribution: what the defender sees, contains, and
//! concludes about who is behind a campaign.

use super::components::*;
use super::events::Event;
use crate::model::{KillChainPhase, RelationKind};
use crate::sim::Pending;
use bevy_ecs::prelude::*;
use rand::RngExt;

/// Confidence levels at which attribution is reported (and the law looks again).
pub const ATTRIBUTION_LEVELS: [f32; 4] = [0.25, 0.5, 0.75, 0.9];

/// Detection: each tick an undetected, active intrusion is found with its phase's chance,
/// scaled by the node's posture (`0.5 + posture`), e-mail screening during initial access
/// (`1 + screening`) and the campaign's stealth (`1 - stealth`). A disruptive effect gives the
/// intrusion away at once.
pub fn detect_intrusions(
    plan: Res<Plan>,
    clock: Res<Clock>,
    mut intrusions: Query<(&mut Intrusion, &mut Draws)>,
    mut incidents: ResMut<Incidents>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
    mut stats: ResMut<CampaignStats>,
) {
    let plan = &plan.0;
    for (mut x, mut draws) in &mut intrusions {
        let k = &plan.campaigns[x.campaign as usize];
        if x.detected || x.status != IntrusionStatus::Active || clock.tick < k.start_tick {
            continue;
        }
        let found = x.overt || {
            let node = &plan.nodes[x.node as usize];
            let screening = if x.phase == KillChainPhase::InitialAccess {
                1.0 + plan.actors[x.victim as usize]
                    .source
                    .defense
                    .email_screening
            } else {
                1.0
            };
            let p = k.phase(x.phase).detection_per_tick
                * (0.5 + f64::from(node.posture))
                * screening
                * (1.0 - k.stealth);
            draws.0.random_bool(p.clamp(0.0, 1.0))
        };
        if !found {
            continue;
        }
        x.detected = true;
        let c = x.campaign as usize;
        stats.detected[c] += 1;
        stats.first_detection[c] =
            Some(stats.first_detection[c].map_or(clock.tick, |t| t.min(clock.tick)));
        pending.0.push(Event::IntrusionDetected {
            campaign: x.campaign,
            node: x.node,
            victim: x.victim,
            phase: x.phase,
        });
        if !incidents.pair_detected[x.pair as usize] {
            incidents.pair_detected[x.pair as usize] = true;
            triggers.0.push((x.victim, reason::DETECTION));
        }
    }
}

/// Counts open incidents (detected, not contained) per victim.
pub fn count_incidents(intrusions: Query<&Intrusion>, mut incidents: ResMut<Incidents>) {
    incidents.open.fill(0);
    for x in &intrusions {
        if x.detected && x.status == IntrusionStatus::Active {
            incidents.open[x.victim as usize] += 1;
        }
    }
}

/// The share of its open incidents a victim's cyber defense force can work at once.
fn workload_share(capacity: u32, open: u32) -> f64 {
    if open == 0 {
        1.0
    } else {
        (f64::from(capacity) / f64::from(open)).min(1.0)
    }
}

/// Marks an intrusion contained, counts it and records the event (incident response and
/// responses such as active cyber defense both end intrusions this way).
pub(crate) fn evict(x: &mut Intrusion, stats: &mut CampaignStats, pending: &mut Pending) {
    x.status = IntrusionStatus::Evicted;
    stats.evicted[x.campaign as usize] += 1;
    pending.0.push(Event::IntrusionEvicted {
        campaign: x.campaign,
        node: x.node,
        victim: x.victim,
    });
}

/// Incident response: the victim's force works `staff / staff_per_incident` incidents at once;
/// a worked incident is contained with the force's chance per tick.
pub fn work_incidents(
    plan: Res<Plan>,
    incidents: Res<Incidents>,
    mut intrusions: Query<(&mut Intrusion, &mut Draws)>,
    mut pending: ResMut<Pending>,
    mut stats: ResMut<CampaignStats>,
) {
    for (mut x, mut draws) in &mut intrusions {
        if !x.detected || x.status != IntrusionStatus::Active {
            continue;
        }
        let victim = &plan.0.actors[x.victim as usize];
        let p = victim.eviction_per_tick
            * workload_share(victim.incident_capacity, incidents.open[x.victim as usize]);
        if draws.0.random_bool(p.clamp(0.0, 1.0)) {
            evict(&mut x, &mut stats, &mut pending);
        }
    }
}

/// Attribution: once a campaign against a victim is detected, each tick resolves a share of
/// the remaining doubt about its author: the victim's own rate (slowed when its force has more
/// incidents than it can work) plus what allies share, all reduced by the campaign's stealth,
/// with day-to-day variation in forensic luck. A false flag points the evidence at the decoy
/// until it is seen through, which happens with the same rate per tick.
pub fn attribute(
    plan: Res<Plan>,
    incidents: Res<Incidents>,
    mut pairs: Query<(&mut Attribution, &mut Draws)>,
    mut pending: ResMut<Pending>,
    mut triggers: ResMut<Triggers>,
    mut stats: ResMut<CampaignStats>,
) {
    let plan = &plan.0;
    for (mut a, mut draws) in &mut pairs {
        if !incidents.pair_detected[a.pair as usize] {
            continue;
        }
        let k = &plan.campaigns[a.campaign as usize];
        let victim = &plan.actors[a.victim as usize];
        let own = victim.attribution_per_tick
            * workload_share(victim.incident_capacity, incidents.open[a.victim as usize]);
        let shared: f64 = victim
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::Ally && r.intel_sharing > 0.0)
            .map(|r| r.intel_sharing * plan.actors[r.other as usize].attribution_per_tick)
            .sum();
        let rate = ((own + shared) * (1.0 - 0.5 * k.stealth)).clamp(0.0, 1.0);
        if let Some(decoy) = k.false_flag
            && !a.exposed
            && draws.0.random_bool(rate)
        {
            a.exposed = true;
            a.suspect = k.true_author;
            a.confidence *= 0.3;
            a.level = ATTRIBUTION_LEVELS
                .iter()
                .filter(|&&l| a.confidence >= l)
                .count() as u8;
            pending.0.push(Event::FalseFlagExposed {
                campaign: a.campaign,
                victim: a.victim,
                decoy,
                author: k.true_author,
            });
            triggers.0.push((a.victim, reason::FALSE_FLAG));
        }
        let luck: f64 = draws.0.random_range(0.5..1.5);
        a.confidence += ((rate * luck).min(1.0) * f64::from(1.0 - a.confidence)) as f32;
        let level = ATTRIBUTION_LEVELS
            .iter()
            .filter(|&&l| a.confidence >= l)
            .count() as u8;
        if level > a.level {
            a.level = level;
            pending.0.push(Event::AttributionUpdated {
                campaign: a.campaign,
                victim: a.victim,
                suspect: a.suspect,
                confidence: a.confidence,
            });
            triggers.0.push((a.victim, reason::ATTRIBUTION));
        }
        if a.suspect == k.true_author {
            let best = &mut stats.confidence_in_author[a.campaign as usize];
            *best = best.max(a.confidence);
        }
    }
}
