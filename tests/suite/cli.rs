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
        // A doctrine that certifies situations (Japan) adds its situation.
        let extra: &[&str] = if a["doctrine"] == "japan" {
            &["situation", "situations"]
        } else {
            &[]
        };
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
                k[..5] == known && k[5..].iter().all(|x| *x == "unknown_but_immaterial"),
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
