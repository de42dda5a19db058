//! The sweep on a real Slurm cluster: start one on loopback with the project's own script,
//! submit the sweep as a job array with a dependent merge, and check the result equals a local
//! sweep byte for byte. The daemons are stopped by their ids even when the test fails.

use super::cli::casus;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/slurm/cluster.sh");

/// Stops the cluster when dropped, whatever happened.
struct Cluster(PathBuf);

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(SCRIPT)
            .arg("stop")
            .arg(&self.0)
            .status();
    }
}

fn installed() -> bool {
    ["slurmctld", "slurmd", "munged", "sbatch"].iter().all(|b| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {b}"))
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn wait_for_queue(conf: &Path) {
    for _ in 0..600 {
        let q = Command::new("timeout")
            .args(["5", "squeue", "-h"])
            .env("SLURM_CONF", conf)
            .output()
            .expect("squeue");
        if q.status.success() && q.stdout.is_empty() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    panic!("the jobs did not finish in 2 minutes");
}

#[test]
#[ignore = "needs Slurm and munge (deploy/slurm/cluster.sh install); .ci/run runs it"]
fn a_sweep_on_a_real_slurm_cluster_equals_the_local_one() {
    assert!(
        installed(),
        "Slurm is installed (deploy/slurm/cluster.sh install)"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let state = tmp.path().join("slurm");
    let cluster = Cluster(state.clone());
    let started = Command::new("bash")
        .arg(SCRIPT)
        .arg("start")
        .arg(&state)
        .output()
        .expect("cluster.sh");
    assert!(
        started.status.success(),
        "{}{}",
        String::from_utf8_lossy(&started.stdout),
        String::from_utf8_lossy(&started.stderr)
    );
    let conf = state.join("etc/slurm.conf");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    let job = tmp.path().join("job");
    let emitted = casus(&[
        "sweep",
        scenario,
        "--seeds",
        "0..60",
        "--emit-slurm",
        "--shards",
        "4",
        "--threads",
        "1",
        "--out",
        job.to_str().unwrap(),
    ]);
    assert!(
        emitted.status.success(),
        "{}",
        String::from_utf8_lossy(&emitted.stderr)
    );
    let submitted = Command::new("bash")
        .arg(job.join("submit.sh"))
        .env("SLURM_CONF", &conf)
        .output()
        .expect("submit");
    assert!(
        submitted.status.success(),
        "{}",
        String::from_utf8_lossy(&submitted.stderr)
    );
    wait_for_queue(&conf);
    let comp = std::fs::read_to_string(state.join("log/jobcomp.txt")).unwrap_or_default();
    assert_eq!(
        comp.lines()
            .filter(|l| l.contains("JobState=COMPLETED"))
            .count(),
        5,
        "4 array tasks and the merge: {comp}"
    );
    let local = tmp.path().join("local");
    let ran = casus(&[
        "sweep",
        scenario,
        "--seeds",
        "0..60",
        "--threads",
        "2",
        "--quiet",
        "--out",
        local.to_str().unwrap(),
    ]);
    assert!(ran.status.success());
    for f in ["aggregate.json", "per_seed.csv"] {
        assert_eq!(
            std::fs::read(job.join("merged").join(f)).expect(f),
            std::fs::read(local.join(f)).expect(f),
            "{f}"
        );
    }
    drop(cluster);
}
