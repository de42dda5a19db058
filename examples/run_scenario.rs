//! Load a shipped scenario, run it, and print what happened to each sector.
//!
//! `cargo run --example run_scenario -- scenarios/winter-grid.ron`

use casus::scenario;
use casus::sim;
use std::sync::Arc;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "scenarios/winter-grid.ron".into());
    let plan = match scenario::open(path.as_ref()) {
        Ok(plan) => Arc::new(plan),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(e.exit_code());
        }
    };
    let out = sim::run(plan.clone(), plan.seed, plan.ticks, &mut |_, _| {});
    println!(
        "{}: {} ticks, {:.0} deaths",
        plan.name, out.summary.ticks, out.summary.harm.deaths
    );
    for sector in &out.series.sectors {
        let column = out
            .series
            .column(&format!("service_{sector}"))
            .unwrap_or_default();
        let (tick, lowest) =
            column.iter().enumerate().fold(
                (0, 1.0),
                |best, (t, &v)| if v < best.1 { (t, v) } else { best },
            );
        println!(
            "  {sector:<28} lowest service {:>5.1}% at tick {tick}",
            lowest * 100.0
        );
    }
}
