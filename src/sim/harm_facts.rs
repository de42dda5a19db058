//! The boundary between the simulation's harm ledger and the law: the harm a State has
//! suffered so far, as the law reads it ([`harm_of`]).

use super::components::*;
use super::output;
use crate::law::facts::Harm;
use crate::law::{Figure, Truth};
use crate::model::EffectType;
use crate::scenario::Compiled;

fn truth(b: bool) -> Truth {
    Truth::known(b)
}

/// The effect type recorded in the ledger as `code` (0 = none, else index + 1).
pub(crate) fn effect_of(code: u8) -> Option<EffectType> {
    code.checked_sub(1).map(|i| EffectType::ALL[i as usize])
}

/// The harm a State has suffered so far, as the law reads it.
pub(crate) fn harm_of(plan: &Compiled, ledger: &HarmLedger, hostility: &Hostility, v: u16) -> Harm {
    let t = output::totals(plan, ledger, Some(v));
    let worst = effect_of(ledger.worst_effect[v as usize]);
    let gdp = plan.actors[v as usize].gdp_usd;
    // `deaths` and `injuries` are the direct casualties only; the excess casualties estimated
    // from loss of service go to their own fields, as the central estimate (the interval's
    // bounds are in the summary).
    Harm {
        deaths: Figure::known(t.direct_deaths),
        injuries: Figure::known(t.direct_injuries),
        estimated_deaths: Figure::known(t.estimated_deaths[1]),
        estimated_injuries: Figure::known(t.estimated_injuries[1]),
        physical_destruction: truth(worst >= Some(EffectType::PhysicalDamage)),
        destruction_usd: Figure::known(ledger.repair_usd[v as usize]),
        data_destroyed: truth(worst >= Some(EffectType::DataDestruction)),
        loss_of_function: truth(worst >= Some(EffectType::Disruption)),
        critical_infrastructure: truth(
            t.outage_person_hours > 0.0 || worst >= Some(EffectType::Disruption),
        ),
        outage_days: Figure::known(super::harm_model::outage_days(plan, ledger, v)),
        economic_loss_usd: Figure::known(t.economic_loss_usd),
        // A State given no GDP in the scenario is judged on its loss in dollars alone (the
        // share tests then do not apply), as the law had it before shares were bounded.
        economic_loss_gdp_share: gdp.map_or(Figure::ZERO, |g| {
            Figure::known((t.economic_loss_usd / g).min(1.0))
        }),
        essential_supply_loss: Figure::known(ledger.essential_loss[v as usize]),
        military_targets: truth(hostility.military_hit[v as usize]),
    }
}
