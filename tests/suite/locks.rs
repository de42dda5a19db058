//! Lock files and staging: no lock file outlives the run, chart or sweep that took it (normal
//! end, error, signal); a lock left by a killed process is taken over; `casus chart` re-renders
//! a run folder in place through a staging folder swapped in whole, under the run's lock.

use super::cli::casus;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

const WINTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Names in `dir` that are lock files, staging folders or folders set aside by a swap.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".lock") || n.contains(".staging-") || n.contains(".old-"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn run(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        WINTER,
        "--ticks",
        "48",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    casus(&args)
}

/// The chart files in a run folder, sorted.
fn chart_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg") || n.ends_with(".png") || n == "report.html")
        .collect();
    names.sort();
    names
}

#[test]
fn no_lock_file_is_left_after_a_run_a_chart_or_a_sweep_ends_or_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let ok = run(&out, &["--no-charts"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "after a run");
    // An error after the lock is taken: the folder holds a finished run and --force is absent.
    let refused = run(&out, &[]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("already holds a finished run"));
    assert_eq!(
        leftovers(tmp.path()),
        Vec::<String>::new(),
        "after an error"
    );
    let charted = casus(&["chart", out.to_str().unwrap()]);
    assert!(charted.status.success(), "{}", stderr(&charted));
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "after a chart");
    // A chart that fails once locked: the run's legal trace is truncated.
    let legal = out.join("legal.jsonl");
    let text = std::fs::read(&legal).unwrap();
    std::fs::write(&legal, &text[..text.len() / 2]).unwrap();
    let failed = casus(&["chart", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert_eq!(
        leftovers(tmp.path()),
        Vec::<String>::new(),
        "after a chart fails"
    );
    std::fs::write(&legal, &text).unwrap();
    let sweep = tmp.path().join("sweep");
    let args = [
        "sweep",
        WINTER,
        "--seeds",
        "0..3",
        "--ticks",
        "6",
        "--quiet",
        "--out",
        sweep.to_str().unwrap(),
    ];
    let swept = casus(&args);
    assert!(swept.status.success(), "{}", stderr(&swept));
    assert!(!sweep.join("sweep.lock").exists(), "after a sweep");
    // A sweep that fails once locked: the folder holds a sweep of other seeds.
    let mut other = args;
    other[3] = "5..9";
    let refused = casus(&other);
    assert_ne!(refused.status.code(), Some(0), "{}", stderr(&refused));
    assert!(!sweep.join("sweep.lock").exists(), "after a sweep fails");
    // `merge` locks the folder it writes the same way, and leaves no lock behind.
    let merged = tmp.path().join("merged");
    let merge = || {
        casus(&[
            "merge",
            sweep.to_str().unwrap(),
            "--out",
            merged.to_str().unwrap(),
        ])
    };
    let ok = merge();
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(merged.join("aggregate.json").exists());
    assert!(!merged.join("sweep.lock").exists(), "after a merge");
    let held = casus::report::lock_file(&merged.join("sweep.lock"), &merged).expect("lock");
    let refused = merge();
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("is being written by another casus process"));
    drop(held);
    assert!(
        !merged.join("sweep.lock").exists(),
        "a dropped lock removes its file"
    );
}

/// Starts `casus run` of a world that takes seconds to compile and run, and waits until it
/// holds the run folder's lock and has made its staging folder.
fn slow_run_holding_the_lock(tmp: &Path, out: &Path) -> std::process::Child {
    let world = tmp.join("w.ron");
    if !world.exists() {
        let made = casus(&[
            "generate",
            "--nodes",
            "200000",
            "--campaigns",
            "40",
            "--hours",
            "2000",
            "--out",
            world.to_str().unwrap(),
        ]);
        assert!(made.status.success(), "{}", stderr(&made));
    }
    let child = Command::new(env!("CARGO_BIN_EXE_casus"))
        .args([
            "run",
            world.to_str().unwrap(),
            "--threads",
            "1",
            "--no-charts",
            "--quiet",
            "--force",
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // The staging folder is made once the lock is held and names the holder.
    let start = Instant::now();
    while !leftovers(tmp).iter().any(|n| n.contains(".staging-")) {
        assert!(start.elapsed() < Duration::from_secs(60), "no lock taken");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn signal(pid: u32, sig: &str) {
    assert!(
        Command::new("kill")
            .args([sig, &pid.to_string()])
            .status()
            .expect("kill")
            .success()
    );
}

#[test]
fn a_signal_removes_the_lock_and_a_lock_left_by_a_killed_process_is_taken_over() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    // One signal stops the ticks (the run is written, marked incomplete); a second one ends
    // the process at once, from wherever it is, after removing its staging folder and lock.
    for sigs in [&["-TERM"][..], &["-INT"], &["-TERM", "-INT"]] {
        let child = slow_run_holding_the_lock(tmp.path(), &out);
        for sig in sigs {
            signal(child.id(), sig);
        }
        let ended = child.wait_with_output().expect("wait");
        assert_eq!(
            ended.status.code(),
            Some(130),
            "{sigs:?}: {}",
            stderr(&ended)
        );
        assert_eq!(leftovers(tmp.path()), Vec::<String>::new(), "{sigs:?}");
    }
    // SIGKILL cannot be caught: the lock file and the staging folder stay behind...
    let child = slow_run_holding_the_lock(tmp.path(), &out);
    let pid = child.id();
    signal(pid, "-KILL");
    let ended = child.wait_with_output().expect("wait");
    assert_eq!(ended.status.code(), None);
    let lock = tmp.path().join(".run.lock");
    assert!(lock.exists(), "the killed process's lock file is on disk");
    assert_eq!(
        std::fs::read_to_string(&lock).unwrap().trim(),
        pid.to_string(),
        "the lock file names its holder"
    );
    assert!(
        leftovers(tmp.path())
            .iter()
            .any(|n| n.contains(".staging-")),
        "{:?}",
        leftovers(tmp.path())
    );
    // ...and the next process takes the stale lock over, removes the staging folder, runs,
    // and leaves nothing behind.
    let next = run(&out, &["--no-charts", "--force"]);
    assert!(next.status.success(), "{}", stderr(&next));
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["complete"], true);
    assert_eq!(summary["ticks"], 48);
}

#[test]
fn a_folder_set_aside_by_a_swap_cut_short_is_put_back() {
    // A process killed between setting the earlier folder aside and renaming the new one in
    // leaves no folder under the name: the next process restores the earlier one.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let ok = run(&out, &["--no-charts"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = std::fs::read(out.join("summary.json")).unwrap();
    std::fs::rename(&out, tmp.path().join(".run.old-999999")).unwrap();
    std::fs::create_dir(tmp.path().join(".run.staging-999999")).unwrap();
    let refused = run(&out, &["--no-charts"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("already holds a finished run"));
    assert_eq!(std::fs::read(out.join("summary.json")).unwrap(), before);
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn chart_and_run_on_one_folder_exclude_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let ok = run(&out, &[]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let charts = chart_files(&out);
    assert!(charts.contains(&"report.html".to_string()), "{charts:?}");
    // A run writing the folder: `chart` is refused and touches nothing.
    let writing = casus::report::RunDir::open(&out, true, false).expect("locked");
    let refused = casus(&["chart", out.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("is being written by another casus process"),
        "{}",
        stderr(&refused)
    );
    drop(writing);
    // Charts being drawn again: a run is refused.
    let drawing = casus::report::RunDir::rechart(&out).expect("locked");
    let refused = run(&out, &["--force"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("is being written by another casus process"));
    // The staging folder holds the run's data files, not its charts.
    let mut staged: Vec<String> = std::fs::read_dir(drawing.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    staged.sort();
    let mut data: Vec<String> = casus::report::RUN_FILES
        .iter()
        .map(|f| f.to_string())
        .collect();
    data.sort();
    assert_eq!(staged, data);
    drop(drawing);
    assert_eq!(
        chart_files(&out),
        charts,
        "an abandoned re-render changes nothing"
    );
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn concurrent_charts_and_runs_leave_one_whole_run_and_one_whole_chart_set() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let ok = run(&out, &[]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let charts = chart_files(&out);
    let exe = env!("CARGO_BIN_EXE_casus");
    let out_arg = out.to_str().unwrap().to_string();
    let mut children = Vec::new();
    for i in 0..8 {
        let mut cmd = Command::new(exe);
        if i % 2 == 0 {
            cmd.args(["chart", &out_arg]);
        } else {
            let seed = (100 + i).to_string();
            cmd.args([
                "run", WINTER, "--ticks", "48", "--seed", &seed, "--quiet", "--force", "--out",
                &out_arg,
            ]);
        }
        let child = cmd
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        children.push(child);
    }
    let mut succeeded = 0;
    for child in children {
        let ended = child.wait_with_output().expect("wait");
        match ended.status.code() {
            Some(0) => succeeded += 1,
            Some(2) => assert!(
                stderr(&ended).contains("is being written by another casus process"),
                "{}",
                stderr(&ended)
            ),
            code => panic!("exit {code:?}: {}", stderr(&ended)),
        }
    }
    assert!(succeeded >= 1);
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    // Whatever won, the folder is one whole run (its files match its summary's digests) with
    // one whole chart set.
    let data = casus::report::run_data::RunData::load(&out).expect("a whole run");
    drop(data);
    assert_eq!(chart_files(&out), charts);
    let files: Vec<PathBuf> = charts.iter().map(|c| out.join(c)).collect();
    assert!(
        files
            .iter()
            .all(|f| std::fs::metadata(f).unwrap().len() > 0)
    );
    let again = casus(&["chart", out.to_str().unwrap()]);
    assert!(again.status.success(), "{}", stderr(&again));
}

/// A sweep holds one lock on its folder from its first chunk through its finalize: between
/// the last chunk and the aggregates no other process can take the folder.
#[test]
fn a_sweep_holds_its_folder_from_the_first_chunk_through_finalize() {
    use casus::sweep::{self, SweepLock};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep");
    let plan = Arc::new(casus::scenario::open(Path::new(WINTER)).expect("loads"));
    let doctrines = Arc::new(casus::law::Doctrines::builtin());
    let p = sweep::Plan {
        digest: sweep::digest("winter", &plan, &doctrines, 6),
        scenario: plan,
        doctrines,
        ticks: 6,
        seeds: sweep::SeedRange { start: 0, end: 3 },
        shard: None,
        threads: 1,
    };
    let held = SweepLock::take(&dir).expect("lock");
    assert_eq!(held.path(), dir.join("sweep.lock"));
    let taken_by_another = || {
        let err = casus::report::lock_file(&dir.join("sweep.lock"), &dir).expect_err("held");
        assert!(
            err.to_string()
                .contains("is being written by another casus process"),
            "{err}"
        );
    };
    assert!(sweep::run_locked(&p, &held, false, &|_, _| {}, &|| false).expect("runs"));
    // The window that a lock released by the run and taken again by finalize left open.
    taken_by_another();
    let resumed = casus(&[
        "sweep",
        WINTER,
        "--seeds",
        "0..3",
        "--ticks",
        "6",
        "--quiet",
        "--resume",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(resumed.status.code(), Some(2), "{}", stderr(&resumed));
    assert!(stderr(&resumed).contains("is being written by another casus process"));
    let merge = casus(&[
        "merge",
        dir.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(merge.status.code(), Some(2), "{}", stderr(&merge));
    let agg = sweep::finalize_locked(std::slice::from_ref(&dir), &held).expect("finalizes");
    assert_eq!(agg["seeds"], 3);
    assert!(dir.join("aggregate.json").is_file());
    taken_by_another();
    drop(held);
    assert!(
        !dir.join("sweep.lock").exists(),
        "a dropped lock removes its file"
    );
    // Free again: `merge` into the finished folder takes and releases the lock itself.
    let merge = casus(&[
        "merge",
        dir.to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(merge.status.success(), "{}", stderr(&merge));
    assert!(!dir.join("sweep.lock").exists());
}

/// `--force` empties a sweep folder only under its lock: against a folder another process
/// holds it fails with exit 2 and removes nothing; otherwise it clears the old sweep and keeps
/// the folder locked until the new sweep is finalized.
#[test]
fn sweep_force_never_clears_a_folder_another_process_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep");
    let args = |seeds: &'static str| {
        vec![
            "sweep".to_string(),
            WINTER.to_string(),
            "--seeds".into(),
            seeds.into(),
            "--ticks".into(),
            "6".into(),
            "--quiet".into(),
            "--force".into(),
            "--out".into(),
            dir.to_str().unwrap().to_string(),
        ]
    };
    let sweep = |seeds| {
        let a = args(seeds);
        casus(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let first = sweep("0..3");
    assert!(first.status.success(), "{}", stderr(&first));
    let before = std::fs::read(dir.join("aggregate.json")).unwrap();
    let held = casus::sweep::SweepLock::take(&dir).expect("lock");
    let refused = sweep("0..5");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("is being written by another casus process"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read(dir.join("aggregate.json")).unwrap(), before);
    assert!(dir.join("sweep.json").is_file() && dir.join("chunks").is_dir());
    // The holder's own clear keeps its lock file and removes the rest.
    std::fs::write(dir.join("stale.svg"), "old").unwrap();
    held.clear().expect("clears");
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["sweep.lock"]);
    drop(held);
    let again = sweep("0..5");
    assert!(again.status.success(), "{}", stderr(&again));
    let agg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("aggregate.json")).unwrap()).unwrap();
    assert_eq!(agg["seeds"], 5);
    assert!(!dir.join("stale.svg").exists());
    assert_eq!(leftovers(&dir), Vec::<String>::new());
}
