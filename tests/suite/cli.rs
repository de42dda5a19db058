//! The command line: exit codes, messages, refusing to overwrite.

use std::process::{Command, Output};

/// Runs the `casus` binary.
pub fn casus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .output()
        .expect("casus runs")
}

#[test]
fn bad_input_exits_2_with_a_located_message_and_no_panic() {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad");
    for entry in std::fs::read_dir(corpus).expect("corpus") {
        let path = entry.expect("entry").path();
        let out = casus(&["validate", path.to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "{stderr}"
        );
    }
}

#[test]
fn run_writes_its_files_and_refuses_to_overwrite_a_finished_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("run");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    let args = [
        "run",
        scenario,
        "--out",
        out.to_str().expect("utf-8"),
        "--ticks",
        "50",
    ];
    let first = casus(&args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for f in casus::report::RUN_FILES {
        assert!(out.join(f).is_file(), "{f}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    let second = casus(&args);
    assert_eq!(second.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&second.stderr).contains("--force"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(casus(&forced).status.success());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(casus(&["run"]).status.code(), Some(2));
    assert_eq!(casus(&["frobnicate"]).status.code(), Some(2));
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    assert_eq!(
        casus(&["run", scenario, "--ticks", "0"]).status.code(),
        Some(2)
    );
}

#[test]
fn validate_accepts_every_shipped_scenario() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("scenarios")
        .filter_map(|e| e.ok())
        .map(|e| e.path().to_string_lossy().into_owned())
        .filter(|p| p.ends_with(".ron"))
        .collect();
    files.sort();
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = casus(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
