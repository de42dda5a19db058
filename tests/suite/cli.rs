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
        if path.is_dir() {
            continue;
        }
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

#[test]
fn assess_json_has_exactly_the_documented_shape() {
    let incident = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/incidents/notpetya-2017.ron"
    );
    let out = casus(&["assess", incident, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let keys = |v: &serde_json::Value| {
        v.as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&v), ["incident", "assessments"]);
    assert_eq!(v["incident"], "notpetya-2017");
    let all = v["assessments"].as_array().expect("array");
    assert_eq!(all.len(), 7);
    for a in all {
        // A doctrine that certifies situations (Japan) adds its situation when its own State
        // is the victim (suite::japan); NotPetya's victim is Ukraine.
        let extra: &[&str] = &[];
        assert_eq!(
            keys(a),
            [
                &["doctrine", "thresholds", "lawful_responses", "findings"][..],
                extra
            ]
            .concat()
        );
        for t in [
            "sovereignty_violation",
            "intervention",
            "use_of_force",
            "armed_attack",
        ] {
            assert!(
                matches!(
                    a["thresholds"][t].as_str(),
                    Some("met" | "not_met" | "contested" | "unknown")
                ),
                "{t}"
            );
        }
        for f in a["findings"].as_array().expect("findings") {
            let k = keys(f);
            let known = ["test", "outcome", "citation", "facts", "because"];
            assert!(
                k[..5] == known
                    && k[5..]
                        .iter()
                        .all(|x| ["unknown_and_material", "unknown_but_immaterial"]
                            .contains(&x.as_str())),
                "{k:?}"
            );
        }
    }
    let one = casus(&["assess", incident, "--doctrine", "uk", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).expect("json");
    assert_eq!(v["assessments"][0]["doctrine"], "uk");
    assert_eq!(
        v["assessments"][0]["thresholds"]["sovereignty_violation"],
        "not_met"
    );
    let bad = casus(&["assess", incident, "--doctrine", "frnace"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean `france`?"));
}

#[test]
fn explain_prints_the_reasoning_at_a_tick_of_a_finished_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_dir = dir.path().join("run");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ally-energy.ron");
    assert!(
        casus(&[
            "run",
            scenario,
            "--out",
            out_dir.to_str().expect("utf-8"),
            "--quiet"
        ])
        .status
        .success()
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("summary.json")).expect("summary"))
            .expect("json");
    let tick = summary["responses"][0]["tick"]
        .as_u64()
        .expect("a response");
    let out = casus(&[
        "explain",
        out_dir.to_str().expect("utf-8"),
        "--tick",
        &tick.to_string(),
        "--doctrine",
        "japan",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("doctrine japan")
            && text.contains("source: ")
            && text.contains("responses taken so far"),
        "{text}"
    );
    let early = casus(&["explain", out_dir.to_str().expect("utf-8"), "--tick", "0"]);
    assert!(String::from_utf8_lossy(&early.stdout).contains("no escalation step"));
    let missing = casus(&[
        "explain",
        dir.path().to_str().expect("utf-8"),
        "--tick",
        "5",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

/// A finished run of winter-grid (no charts), in a fresh folder.
fn winter_run(dir: &std::path::Path) -> std::path::PathBuf {
    let out = dir.join("run");
    let r = casus(&[
        "run",
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron"),
        "--out",
        out.to_str().expect("utf-8"),
        "--quiet",
        "--no-charts",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = winter_run(dir.path());
    for args in [
        vec!["explain", run.to_str().unwrap(), "--tick", "700"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_casus"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("casus starts");
        // Close the reading end before casus writes: every write then fails with EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("casus ends");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn explain_json_lists_the_doctrines_in_the_run_order_and_suggests_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = winter_run(dir.path());
    let r = run.to_str().unwrap();
    let out = casus(&["explain", r, "--tick", "700", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["tick"], 700);
    let assessments = v["assessments"].as_array().expect("assessments");
    assert!(!assessments.is_empty());
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("summary.json")).unwrap()).unwrap();
    let order: Vec<&str> = summary["doctrines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    // Within one situation, the doctrines come in the order of every other output.
    let first = &assessments[0];
    let same: Vec<&str> = assessments
        .iter()
        .filter(|a| {
            a["victim"] == first["victim"]
                && a["suspect"] == first["suspect"]
                && a["ally"] == first["ally"]
        })
        .map(|a| a["doctrine"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = order.iter().copied().filter(|d| same.contains(d)).collect();
    assert_eq!(same, expected);
    // The text lists them in that order too.
    let text = stdout(&casus(&["explain", r, "--tick", "700"]));
    let positions: Vec<usize> = expected
        .iter()
        .map(|d| text.find(&format!("doctrine {d} ")).expect(d))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text}");
    let typo = casus(&["explain", r, "--tick", "700", "--doctrine", "japn"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `japan`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn validate_recognises_scenario_incident_sweep_and_doctrine_files_and_prints_json() {
    let root = env!("CARGO_MANIFEST_DIR");
    let files = [
        format!("{root}/scenarios/winter-grid.ron"),
        format!("{root}/scenarios/incidents/notpetya-2017.ron"),
        format!("{root}/scenarios/sweeps/cyber-force-220-290.ron"),
        format!("{root}/doctrines/japan.ron"),
    ];
    let mut args = vec!["validate", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = casus(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let kinds: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["scenario", "incident", "sweep", "doctrine"]);
    assert!(v.as_array().unwrap().iter().all(|r| r["ok"] == true));
    assert!(v[0]["nodes"].as_u64().unwrap() > 0);
    // A bad point of a sweep is reported against the sweep file.
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad-sweep.ron");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&files[2])
            .unwrap()
            .replace(
                "\"../winter-grid.ron\"",
                &format!("{:?}", format!("{root}/scenarios/winter-grid.ron")),
            )
            .replace(
                "actors[japan].defense.staff",
                "actors[japan].defense.stafff",
            ),
    )
    .unwrap();
    let out = casus(&["validate", "--json", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["kind"], "sweep");
    assert_eq!(v[0]["ok"], false);
    assert!(v[0]["error"].as_str().unwrap().contains("staff"), "{v}");
    // A doctrine file is checked as `--doctrines` reads it: figures in range, located.
    let bad = dir.path().join("bad-doctrine.ron");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&files[3]).unwrap().replace(
            "attribution_confidence: 0.75",
            "attribution_confidence: 7.5",
        ),
    )
    .unwrap();
    let out = casus(&["validate", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad-doctrine.ron:") && err.contains("attribution_confidence"),
        "{err}"
    );
}

#[test]
fn tipping_suggests_names_for_a_mistyped_threshold_or_state() {
    // (The table and `--json` are checked by suite::sweep's tipping test, on a scenario
    // whose range brackets the tipping point.)
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let args = [
        "tipping",
        scenario,
        "--param",
        "campaigns[frostbite].waves[0].intensity",
        "--range",
        "0.1..1.0",
        "--seeds",
        "0..2",
        "--iterations",
        "0",
        "--threads",
        "2",
    ];
    let mut typo = args.to_vec();
    typo.extend(["--threshold", "armed_atack"]);
    let out = casus(&typo);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `armed_attack`?"),
        "{}",
        stderr(&out)
    );
    let mut typo = args.to_vec();
    typo.extend(["--state", "japn"]);
    let out = casus(&typo);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `japan`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn sweep_force_replaces_a_finished_sweep_and_chart_redraws_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("sweep");
    let o = out.to_str().unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    let args = [
        "sweep", scenario, "--seeds", "0..2", "--ticks", "40", "--out", o, "--quiet",
    ];
    assert!(casus(&args).status.success());
    let again = casus(&args);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("finished sweep: pass --force"),
        "{}",
        stderr(&again)
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let r = casus(&forced);
    assert!(r.status.success(), "{}", stderr(&r));
    for f in ["seeds.csv", "crossings.csv", "cdf.csv", "aggregate.json"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // `chart` on the sweep folder redraws the same charts.
    let before = std::fs::read(out.join("cdf.svg")).unwrap();
    std::fs::remove_file(out.join("cdf.svg")).unwrap();
    let r = casus(&["chart", o]);
    assert!(r.status.success(), "{}", stderr(&r));
    assert_eq!(std::fs::read(out.join("cdf.svg")).unwrap(), before);
    // --force refuses a folder that holds something other than a sweep.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "keep").unwrap();
    let mut forced = args.to_vec();
    forced[7] = other.to_str().unwrap();
    forced.push("--force");
    let r = casus(&forced);
    assert_eq!(r.status.code(), Some(2));
    assert!(other.join("notes.txt").is_file());
}

#[test]
fn emit_slurm_writes_the_given_binary_and_sbatch_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("job");
    let fake = dir.path().join("casus-on-cluster");
    std::fs::write(&fake, "").unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let r = casus(&[
        "sweep",
        scenario,
        "--seeds",
        "0..100",
        "--emit-slurm",
        "--out",
        out.to_str().unwrap(),
        "--casus",
        fake.to_str().unwrap(),
        "--sbatch-arg=--partition=short",
        "--sbatch-arg",
        "--time=02:00:00",
    ]);
    assert!(r.status.success(), "{}", stderr(&r));
    let sweep = std::fs::read_to_string(out.join("sweep.sbatch")).unwrap();
    let merge = std::fs::read_to_string(out.join("merge.sbatch")).unwrap();
    let resolved = std::fs::canonicalize(&fake).unwrap();
    for text in [&sweep, &merge] {
        assert!(text.contains("#SBATCH --partition=short\n"), "{text}");
        assert!(text.contains("#SBATCH --time=02:00:00\n"), "{text}");
        assert!(
            text.contains(&format!("exec '{}'", resolved.display())),
            "{text}"
        );
    }
    // Without --casus: the running binary, its path resolved.
    let r = casus(&[
        "sweep",
        scenario,
        "--seeds",
        "0..100",
        "--emit-slurm",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(r.status.success());
    let sweep = std::fs::read_to_string(out.join("sweep.sbatch")).unwrap();
    let me = std::fs::canonicalize(env!("CARGO_BIN_EXE_casus")).unwrap();
    assert!(
        sweep.contains(&format!("exec '{}'", me.display())),
        "{sweep}"
    );
    let bad = casus(&[
        "sweep",
        scenario,
        "--seeds",
        "0..100",
        "--emit-slurm",
        "--out",
        out.to_str().unwrap(),
        "--sbatch-arg",
        "partition=short",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--sbatch-arg"), "{}", stderr(&bad));
}

#[test]
fn help_has_examples_and_exit_codes_and_completions_and_a_man_page_exist() {
    let help = stdout(&casus(&["--help"]));
    assert!(
        help.contains("Examples:") && help.contains("Exit codes:"),
        "{help}"
    );
    assert!(help.contains("130"), "{help}");
    for shell in ["bash", "zsh", "fish"] {
        let out = casus(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = stdout(&out);
        assert!(
            text.contains("casus") && text.contains("explain") && text.contains("seeds"),
            "{shell}"
        );
    }
    let man = casus(&["man"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH casus"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(
        page.contains("Exit codes"),
        "the man page carries the exit codes"
    );
    let bad = casus(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn assess_aligns_its_table_whatever_the_width_of_a_name() {
    let incident = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/incidents/notpetya-2017.ron"
    );
    for doctrine in ["uk", "all"] {
        let out = casus(&["assess", incident, "--doctrine", doctrine]);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.trim_start().starts_with("uk") || l.contains(" uk "))
            .expect("the table's header");
        let header = lines[start];
        let col = header.find("uk").expect("uk column");
        let rows: Vec<&str> = lines[start + 1..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
            .copied()
            .collect();
        assert!(
            rows.iter()
                .any(|r| r.trim_start().starts_with("may: active_cyber_defense")),
            "{text}"
        );
        for r in rows {
            let (before, at) = r.split_at(col.min(r.len()));
            assert!(
                before.ends_with(' '),
                "`{r}` runs into the `uk` column:\n{text}"
            );
            assert!(
                !at.starts_with(' '),
                "`{r}` has no value under `uk`:\n{text}"
            );
        }
    }
}
