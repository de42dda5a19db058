//! Same scenario and seed: byte-identical files. Another seed: different files.

use super::cli::casus;
use std::path::Path;

fn run_files(scenario: &str, seed: u64, out: &Path) -> Vec<Vec<u8>> {
    let status = casus(&[
        "run",
        scenario,
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().expect("utf-8"),
        "--quiet",
        "--force",
    ]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    casus::report::RUN_FILES
        .iter()
        .map(|f| std::fs::read(out.join(f)).expect("file"))
        .collect()
}

#[test]
fn same_seed_gives_identical_bytes_and_another_seed_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let a = run_files(scenario, 5, &dir.path().join("a"));
    let b = run_files(scenario, 5, &dir.path().join("b"));
    let c = run_files(scenario, 6, &dir.path().join("c"));
    assert_eq!(a, b);
    assert_ne!(a[0], c[0], "events differ");
    assert_ne!(a[1], c[1], "time series differ");
}
