//! The harm model: from this tick's outage in each service area to the people cut off from
//! essential supplies (each counted once) and the excess deaths and injuries estimated from
//! it. One function, used by the ECS stage and by the baseline alike.
//!
//! The hazard of a person without power, water or gas grows with how long the area has been
//! cut off: accidental deaths from the first hour; disease-related deaths rising to their
//! full rate over `ramp_hours`, scaled by thermal stress; and, once their batteries are spent,
//! people on home medical devices. Every rate is an interval `[low, central, high]`; the
//! sources are in `docs/scenario-format.md` and `docs/calibration.md`.

use super::components::{HarmLedger, slot};
use super::events::ServiceBand;
use crate::model::Sector;
use crate::scenario::Compiled;

/// The utilities whose loss puts people at risk at home.
const UTILITIES: [Sector; 3] = [Sector::ElectricPower, Sector::Water, Sector::Gas];

/// Accounts one tick, once the nodes' outage is in `ledger.area_outage`: per-State outage,
/// sector bands (calling `band_changed(state, sector, band, service)` on each change), severe
/// ticks, people cut off, and estimated casualties.
pub fn account(
    plan: &Compiled,
    ledger: &mut HarmLedger,
    mut band_changed: impl FnMut(u16, Sector, ServiceBand, f64),
) {
    let n = Sector::ALL.len();
    let th = plan.tick_hours;
    let milli_hours = th * 1000.0;
    ledger.tick_outage.fill(0);
    for (a, area) in plan.areas.iter().enumerate() {
        for s in 0..n {
            ledger.tick_outage[area.owner as usize * n + s] += ledger.area_outage[a * n + s];
        }
    }
    for (i, t) in ledger.tick_outage.iter().enumerate() {
        ledger.outage[i] += t;
    }
    bands(plan, ledger, &mut band_changed);

    let mut cut_off = vec![0.0f64; plan.actors.len()];
    let h = &plan.hazard;
    for (a, area) in plan.areas.iter().enumerate() {
        let share = |s: Sector| {
            let pop = ledger.area_population[a * n + s.index()];
            if pop == 0 {
                0.0
            } else {
                ledger.area_outage[a * n + s.index()] as f64 / (pop as f64 * milli_hours)
            }
        };
        let utility = UTILITIES.iter().map(|&s| share(s)).fold(0.0, f64::max);
        let people = area.population as f64;
        let owner = area.owner as usize;
        cut_off[owner] += utility.max(share(Sector::Medical)) * people;
        // Flat per-sector rates (hospital patients; the file's own rates), per person-hour.
        let mut flat = [0.0f64; 2];
        for s in Sector::ALL {
            let ph = ledger.area_outage[a * n + s.index()] as f64 / 1000.0;
            if ph > 0.0 {
                let r = &plan.harm[s.index()];
                flat[0] += ph * r.deaths_per_million_person_hours / 1e6;
                flat[1] += ph * r.injuries_per_million_person_hours / 1e6;
            }
        }
        if utility <= 0.0 {
            ledger.area_hours[a] = 0.0;
        } else {
            ledger.area_hours[a] += th;
        }
        let age = ledger.area_hours[a];
        let exposed = utility * people * th;
        let ramp = ((age - th / 2.0) / h.ramp_hours).clamp(0.0, 1.0);
        let device_hours = (age - h.device_hours).clamp(0.0, th);
        let users = utility * people * h.device_share;
        for k in 0..3 {
            let general = exposed * (h.accidental[k] + h.disease[k] * ramp);
            let device = users * device_hours;
            ledger.estimated_deaths[owner][k] += general + device * h.device_deaths[k] + flat[0];
            ledger.estimated_injuries[owner][k] +=
                general * h.injuries_per_death + device * h.device_injuries[k] + flat[1];
        }
    }
    for (i, people) in cut_off.into_iter().enumerate() {
        ledger.essential_person_hours[i] += people * th;
        let pop = plan.actors[i].population;
        if pop > 0 {
            ledger.essential_loss[i] = ledger.essential_loss[i].max(people / pop as f64);
        }
    }
}

/// Sector bands per State, and ticks with a sector in the severe band.
fn bands(
    plan: &Compiled,
    ledger: &mut HarmLedger,
    band_changed: &mut impl FnMut(u16, Sector, ServiceBand, f64),
) {
    let n = Sector::ALL.len();
    let milli_hours = plan.tick_hours * 1000.0;
    for a in 0..plan.actors.len() {
        let mut severe = false;
        for &s in Sector::ALL {
            let i = slot(a as u16, s);
            let pop = ledger.population[i];
            if pop == 0 {
                continue;
            }
            let service = 1.0 - ledger.tick_outage[i] as f64 / (pop as f64 * milli_hours);
            let band = ServiceBand::of(service);
            severe |= band == ServiceBand::Severe;
            if band as u8 != ledger.band[i] {
                ledger.band[i] = band as u8;
                band_changed((i / n) as u16, s, band, service);
            }
        }
        ledger.severe_ticks[a] += u32::from(severe);
    }
}

/// Average days without an essential supply of the people who lost one at the worst moment:
/// person-hours without it over the most people cut off at once, in days.
pub fn outage_days(plan: &Compiled, ledger: &HarmLedger, actor: u16) -> f64 {
    let a = actor as usize;
    let peak = ledger.essential_loss[a] * plan.actors[a].population as f64;
    if peak > 0.0 {
        ledger.essential_person_hours[a] / peak / 24.0
    } else {
        0.0
    }
}
