//! Campaign progression: each intrusion works through the kill chain and, once in its effect
//! phase, delivers the campaign's waves.

use super::components::*;
use super::events::Event;
use crate::model::KillChainPhase;
use crate::sim::Pending;
use bevy_ecs::prelude::*;
use rand::RngExt;

/// Announces campaigns that begin this tick.
pub fn start_campaigns(plan: Res<Plan>, clock: Res<Clock>, mut pending: ResMut<Pending>) {
    for (i, k) in plan.0.campaigns.iter().enumerate() {
        if k.start_tick == clock.tick {
            pending
                .0
                .push(Event::CampaignStarted { campaign: i as u32 });
        }
    }
}

fn next_phase(p: KillChainPhase) -> KillChainPhase {
    match p {
        KillChainPhase::Reconnaissance => KillChainPhase::InitialAccess,
        KillChainPhase::InitialAccess => KillChainPhase::Persistence,
        KillChainPhase::Persistence | KillChainPhase::Effect => KillChainPhase::Effect,
    }
}

/// Advances every active intrusion by one tick: an attempt at a phase takes the phase's
/// duration, then succeeds with the phase's chance or counts as a failure; too many failures
/// abandon the intrusion. In the effect phase, every wave whose start has come is delivered.
pub fn progress_intrusions(
    plan: Res<Plan>,
    clock: Res<Clock>,
    mut intrusions: Query<(&mut Intrusion, &mut Draws)>,
    hostility: Res<Hostility>,
    mut queue: ResMut<EffectQueue>,
    mut pending: ResMut<Pending>,
    mut stats: ResMut<CampaignStats>,
) {
    let tick = clock.tick;
    for (mut x, mut draws) in &mut intrusions {
        let k = &plan.0.campaigns[x.campaign as usize];
        if x.status != IntrusionStatus::Active || tick < k.start_tick {
            continue;
        }
        if x.phase != KillChainPhase::Effect {
            x.phase_ticks += 1;
            let phase = k.phase(x.phase);
            if x.phase_ticks >= phase.ticks {
                x.phase_ticks = 0;
                if draws.0.random_bool(phase.success) {
                    x.phase = next_phase(x.phase);
                    x.failures = 0;
                    stats.reached[x.campaign as usize][x.phase.index()] += 1;
                    pending.0.push(Event::PhaseAdvanced {
                        campaign: x.campaign,
                        node: x.node,
                        phase: x.phase,
                    });
                } else {
                    x.failures += 1;
                    if x.failures >= k.attempts {
                        x.status = IntrusionStatus::Abandoned;
                        stats.abandoned[x.campaign as usize] += 1;
                        pending.0.push(Event::IntrusionAbandoned {
                            campaign: x.campaign,
                            node: x.node,
                            phase: x.phase,
                        });
                    } else {
                        pending.0.push(Event::PhaseFailed {
                            campaign: x.campaign,
                            node: x.node,
                            phase: x.phase,
                            failures: x.failures,
                        });
                    }
                }
            }
        }
        if x.phase == KillChainPhase::Effect && !hostility.deterred[x.pair as usize] {
            while let Some(w) = k.waves.get(x.next_wave as usize) {
                if w.start_tick > tick {
                    break;
                }
                queue.0.push(PendingEffect {
                    node: x.node,
                    source: EffectSource::Wave {
                        campaign: x.campaign,
                        wave: x.next_wave,
                        pair: x.pair,
                    },
                    effect: w.effect,
                    intensity: (w.intensity + hostility.escalation[x.campaign as usize]).min(1.0),
                    duration_ticks: w.duration_ticks,
                });
                if w.effect != crate::model::EffectType::Espionage {
                    x.overt = true;
                }
                x.next_wave += 1;
            }
        }
    }
}
