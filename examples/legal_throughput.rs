//! Times the legal evaluator on the four shipped incident files under the seven built-in
//! doctrines, the workload of `cargo bench --bench scale -- legal`, without criterion: a new
//! assessment each time (`law::assess`, what the simulation calls) or one assessment refilled
//! (`law::assess_into`). Being plain, it also runs under a profiler or an instruction counter:
//! `valgrind --tool=cachegrind --cache-sim=no target/release/examples/legal_throughput 1000`.
//!
//! `cargo run --release --example legal_throughput -- [ROUNDS] [--into]`

use casus::law::{self, Doctrines};
use std::path::Path;
use std::time::Instant;

fn main() {
    let mut rounds = 20_000usize;
    let mut into = false;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--into" => into = true,
            n => match n.parse() {
                Ok(r) => rounds = r,
                Err(_) => {
                    eprintln!("usage: legal_throughput [ROUNDS] [--into]");
                    std::process::exit(2);
                }
            },
        }
    }
    let doctrines = Doctrines::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/incidents");
    let mut incidents = Vec::new();
    for name in [
        "estonia-2007",
        "stuxnet-2010",
        "notpetya-2017",
        "solarwinds-2020",
    ] {
        match law::incident::load(&dir.join(format!("{name}.ron"))) {
            Ok(i) => incidents.push(i.facts),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
    let start = Instant::now();
    let mut lawful = 0usize;
    let mut reused = law::Assessment::default();
    for _ in 0..rounds {
        for f in &incidents {
            for d in &doctrines.0 {
                if into {
                    law::assess_into(f, d, &mut reused);
                    lawful += reused.lawful_responses.len();
                } else {
                    lawful += law::assess(f, d).lawful_responses.len();
                }
            }
        }
    }
    let n = rounds * incidents.len() * doctrines.0.len();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} {n} assessments in {secs:.3} s: {:.0} per second, {:.3} µs each ({lawful} lawful responses found)",
        if into { "assess_into" } else { "assess" },
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}
