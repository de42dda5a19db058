//! Stopping cleanly: SIGINT or SIGTERM during a sweep or a run keeps what finished, marks the
//! rest incomplete, and `--resume` completes it with the same bytes as an uninterrupted run.

use super::cli::casus;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn signal(pid: u32, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .expect("kill")
            .success()
    );
}

fn wait_until(what: &str, limit: Duration, ready: impl Fn() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn sigint_stops_a_sweep_between_chunks_and_resume_completes_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let dir = tmp.path().join("sweep");
    let args = [
        "sweep",
        scenario,
        "--seeds",
        "0..400",
        "--threads",
        "1",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let chunks = |d: &Path| {
        std::fs::read_dir(d.join("chunks"))
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".csv"))
                    .count()
            })
            .unwrap_or(0)
    };
    wait_until("a first chunk", Duration::from_secs(60), || {
        chunks(&dir) >= 1
    });
    signal(child.id(), "-INT");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("--resume"));
    let manifest = std::fs::read_to_string(dir.join("sweep.json")).unwrap();
    assert!(manifest.contains("\"complete\": false"));
    let kept = chunks(&dir);
    assert!((1..4).contains(&kept), "{kept} chunks kept");
    assert!(!dir.join("aggregate.json").exists());
    let leftovers = std::fs::read_dir(dir.join("chunks"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .count();
    assert_eq!(leftovers, 0, "no half-written chunk");
    let mut resume = args.to_vec();
    resume.push("--resume");
    let resumed = casus(&resume);
    assert!(
        resumed.status.success(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    let full = tmp.path().join("full");
    let mut again = args.to_vec();
    let last = again.len() - 1;
    again[last] = full.to_str().unwrap();
    assert!(casus(&again).status.success());
    for f in ["aggregate.json", "per_seed.csv"] {
        assert_eq!(
            std::fs::read(dir.join(f)).unwrap(),
            std::fs::read(full.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn sigterm_stops_a_run_which_resume_completes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let world = tmp.path().join("w.ron");
    assert!(
        casus(&[
            "generate",
            "--nodes",
            "200000",
            "--campaigns",
            "40",
            "--hours",
            "2000",
            "--out",
            world.to_str().unwrap()
        ])
        .status
        .success()
    );
    let dir = tmp.path().join("run");
    let args = [
        "run",
        world.to_str().unwrap(),
        "--threads",
        "1",
        "--no-charts",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ];
    let child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // In its ticks: the staging folder is made after compiling, and the world is built within
    // a second of it (a fixed delay from the start would sometimes fall in the compilation on
    // a loaded machine; the 2,000 ticks take far longer than the wait).
    let tmp_path = tmp.path().to_path_buf();
    wait_until("the staging folder", Duration::from_secs(120), || {
        std::fs::read_dir(&tmp_path)
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .any(|e| e.file_name().to_string_lossy().contains(".staging-"))
            })
            .unwrap_or(false)
    });
    std::thread::sleep(Duration::from_millis(2000));
    signal(child.id(), "-TERM");
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["complete"], false);
    assert!(summary["ticks"].as_u64().unwrap() < 2000);
    let refused = casus(&args);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "an interrupted run is not overwritten silently"
    );
    let mut resume = args.to_vec();
    resume.push("--resume");
    assert!(casus(&resume).status.success());
    let full = tmp.path().join("full");
    let mut again = args.to_vec();
    let last = again.len() - 1;
    again[last] = full.to_str().unwrap();
    assert!(casus(&again).status.success());
    for f in casus::report::RUN_FILES {
        assert_eq!(
            std::fs::read(dir.join(f)).unwrap(),
            std::fs::read(full.join(f)).unwrap(),
            "{f}"
        );
    }
}

/// Sends `sig` to a `casus run` of a world that takes seconds to compile, while it compiles,
/// and returns how long the process took to end after the signal, and its exit code.
fn signal_during_compilation(sig: &str) -> (Duration, Option<i32>, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let world = tmp.path().join("w.ron");
    assert!(
        casus(&[
            "generate",
            "--nodes",
            "3000000",
            "--campaigns",
            "50",
            "--out",
            world.to_str().unwrap()
        ])
        .status
        .success()
    );
    let dir = tmp.path().join("run");
    let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args([
            "run",
            world.to_str().unwrap(),
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(400));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "still compiling after 400 ms"
    );
    signal(child.id(), sig);
    let sent = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if sent.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("still running 30 s after the signal");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let leftovers = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .any(|e| e.file_name().to_string_lossy().contains("staging"));
    assert!(!leftovers, "a staging folder was left");
    (sent.elapsed(), status.code(), dir)
}

#[test]
fn a_signal_while_the_scenario_compiles_ends_the_run_within_a_second() {
    for sig in ["-TERM", "-INT"] {
        let (took, code, dir) = signal_during_compilation(sig);
        assert_eq!(code, Some(130), "{sig}");
        assert!(
            took < Duration::from_secs(1),
            "{sig}: ended {took:?} after the signal"
        );
        assert!(
            !dir.exists(),
            "{sig}: no run folder for a run that never started"
        );
    }
}
