//! Fuzzes the decisions-file reader (`casus run --decisions FILE`) against a shipped scenario
//! with five actors, then runs whatever it accepts through the simulation up to a day past the
//! last decision, so that the decisions are judged and carried out.
use std::sync::Arc;

fn main() {
    let plan = Arc::new(
        casus::scenario::load_bytes(
            include_bytes!("../../../scenarios/ally-energy.ron"),
            std::path::Path::new("ally-energy.ron"),
        )
        .expect("a shipped scenario"),
    );
    let doctrines = Arc::new(casus::law::Doctrines::builtin());
    afl::fuzz!(|data: &[u8]| {
        let path = std::path::Path::new("fuzz-decisions.ron");
        if let Ok(decisions) =
            casus::scenario::decisions::parse_bytes(data, path, &plan, plan.ticks)
        {
            let last = decisions.iter().map(|d| d.tick).max().unwrap_or(0);
            let ticks = plan.ticks.min(last.saturating_add(24));
            // A decision whose injects do not fit the scenario is refused with its problems
            // named when the simulation is built: an error, not a crash.
            let Ok(mut sim) = casus::sim::Simulation::with_decisions(
                plan.clone(),
                plan.seed,
                doctrines.clone(),
                &decisions,
            ) else {
                return;
            };
            for _ in 0..ticks {
                sim.step();
            }
            let _ = sim.finish();
        }
    });
}
