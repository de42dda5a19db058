//! Helpers: small scenarios written as text, compiled and run tick by tick.

use casus::scenario::{self, Compiled};
use casus::sim::Simulation;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A node line: `(id, sector)` owned by `japan`.
pub fn node(id: &str, sector: &str, population: u64) -> String {
    format!(
        "(id: \"{id}\", owner: \"japan\", sector: {sector}, population: {population}, recovery_per_hour: 0.25, posture: 0.5, replacement_cost_usd: 1000000),"
    )
}

/// A dependency line.
pub fn dep(from: &str, on: &str, strength: f64) -> String {
    format!("(from: \"{from}\", on: \"{on}\", strength: {strength}),")
}

/// A campaign whose phases take `phase_hours` each with certain success and no detection
/// (unless `detect` > 0), against `targets`, with the given waves.
pub fn campaign(
    targets: &[&str],
    phase_hours: [u32; 3],
    detect: f64,
    waves: &str,
    extra: &str,
) -> String {
    let targets: Vec<String> = targets.iter().map(|t| format!("Node(\"{t}\")")).collect();
    let [r, i, p] = phase_hours;
    format!(
        "(id: \"op\", operator: \"redland\", targets: [{}],
          phases: (reconnaissance: (duration_hours: {r}, success: 1.0, detection_per_hour: {detect}),
                   initial_access: (duration_hours: {i}, success: 1.0, detection_per_hour: {detect}),
                   persistence: (duration_hours: {p}, success: 1.0, detection_per_hour: {detect})),
          waves: [{waves}], stealth: 0.0, {extra}),",
        targets.join(", ")
    )
}

/// A whole scenario around the given nodes, dependencies and campaigns.
pub fn scenario(
    nodes: &[String],
    deps: &[String],
    campaigns: &[String],
    japan_defense: &str,
) -> String {
    format!(
        "Scenario(
    name: \"test\",
    duration_hours: 200,
    seed: 7,
    actors: [
        (id: \"japan\", doctrine: \"japan\",
         relationships: [(with: \"usa\", kind: Ally, close: true, intel_sharing: 0.5)],
         defense: ({japan_defense})),
        (id: \"usa\", doctrine: \"us\"),
        (id: \"redland\"),
        (id: \"blueland\"),
    ],
    nodes: [
        {}
    ],
    dependencies: [
        {}
    ],
    campaigns: [
        {}
    ],
)",
        nodes.join("\n        "),
        deps.join("\n        "),
        campaigns.join("\n        ")
    )
}

/// Loads scenario text as if from `test.ron`, panicking with the message on error.
pub fn compile(text: &str) -> Compiled {
    let path = Path::new("test.ron");
    match scenario::load_str(text, path).and_then(|s| s.compile(path)) {
        Ok(c) => c,
        Err(e) => panic!("scenario did not load:\n{e}\n--- text ---\n{text}"),
    }
}

/// Service of the named node after each of `ticks` ticks.
pub fn service_trace(plan: Compiled, seed: u64, ticks: u32, node: &str) -> Vec<f32> {
    let i = (0..plan.nodes.len() as u32)
        .find(|&i| plan.node_names.get(i) == node)
        .expect("node");
    let mut sim = Simulation::new(Arc::new(plan), seed);
    (0..ticks)
        .map(|_| {
            sim.step();
            sim.service()[i as usize]
        })
        .collect()
}

/// First tick at which `trace` is below `level`.
pub fn first_below(trace: &[f32], level: f32) -> Option<usize> {
    trace.iter().position(|&s| s < level)
}

/// Asserts that a command succeeded, showing its standard error if not; returns its output.
pub fn ok(o: std::process::Output) -> std::process::Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// Asserts that two run folders hold the same bytes in every run file.
pub fn same_files(a: &Path, b: &Path) {
    for f in casus::report::RUN_FILES {
        let x = std::fs::read(a.join(f)).expect("file a");
        let y = std::fs::read(b.join(f)).expect("file b");
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// The browser's executable, if one is installed.
pub fn browser() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}
