//! Checkpoints: a run continued from a checkpoint writes the same files as the run
//! uninterrupted; a fork with a decisions file is the run with those decisions; damaged or
//! foreign checkpoints are refused.

use super::cli::casus;
use super::support::{ok, same_files};
use std::path::Path;

fn scenario() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ally-energy.ron").to_string()
}

/// Like [`same_files`], but the summaries may differ in the command that made each run (a
/// fork's command is not the uninterrupted run's).
fn same_files_but_the_command(a: &Path, b: &Path) {
    for f in casus::report::RUN_FILES {
        let x = std::fs::read(a.join(f)).expect("file a");
        let y = std::fs::read(b.join(f)).expect("file b");
        if f == "summary.json" {
            let strip = |bytes: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(bytes).expect("json");
                v.as_object_mut().expect("object").remove("command_line");
                v
            };
            assert_eq!(strip(&x), strip(&y), "{f} differs beyond the command");
        } else {
            assert!(
                x == y,
                "{f} differs between {} and {}",
                a.display(),
                b.display()
            );
        }
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn continuing_from_a_checkpoint_gives_the_uninterrupted_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (full, saved, cont) = (
        dir.path().join("full"),
        dir.path().join("saved"),
        dir.path().join("cont"),
    );
    let sc = scenario();
    ok(casus(&[
        "run",
        &sc,
        "--out",
        s(&full),
        "-q",
        "--no-charts",
        "--seed",
        "11",
    ]));
    ok(casus(&[
        "run",
        &sc,
        "--out",
        s(&saved),
        "-q",
        "--no-charts",
        "--seed",
        "11",
        "--save-at",
        "0",
        "--save-at",
        "150",
    ]));
    // Saving changes nothing in the run's own files.
    same_files(&full, &saved);
    for tick in ["0", "150"] {
        let ck = saved.join(format!("checkpoint-{tick}.json"));
        assert!(ck.is_file(), "{}", ck.display());
        ok(casus(&[
            "run",
            "--from",
            s(&ck),
            "--out",
            s(&cont),
            "-q",
            "--no-charts",
            "--force",
        ]));
        same_files(&full, &cont);
    }
    // The thread count changes nothing either.
    ok(casus(&[
        "run",
        "--from",
        s(&saved.join("checkpoint-150.json")),
        "--out",
        s(&cont),
        "-q",
        "--no-charts",
        "--force",
        "--threads",
        "2",
    ]));
    same_files(&full, &cont);
}

#[test]
fn a_fork_with_a_decisions_file_is_the_run_with_those_decisions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = scenario();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("written");
        p
    };
    let before = write(
        "before.ron",
        "[(tick: 120, actor: \"southland\", response: retorsion, against: \"redland\"),\n (tick: 400, actor: \"southland\", response: countermeasures, against: \"redland\")]\n",
    );
    let after = write(
        "after.ron",
        "[(tick: 200, actor: \"southland\", response: self_defense, against: \"redland\")]\n",
    );
    let whole = write(
        "whole.ron",
        "[(tick: 120, actor: \"southland\", response: retorsion, against: \"redland\"),\n (tick: 200, actor: \"southland\", response: self_defense, against: \"redland\")]\n",
    );
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    ok(casus(&[
        "run",
        &sc,
        "--out",
        s(&a),
        "-q",
        "--no-charts",
        "--decisions",
        s(&before),
        "--save-at",
        "150",
    ]));
    ok(casus(&[
        "run",
        "--from",
        s(&a.join("checkpoint-150.json")),
        "--decisions",
        s(&after),
        "--out",
        s(&b),
        "-q",
        "--no-charts",
    ]));
    ok(casus(&[
        "run",
        &sc,
        "--out",
        s(&c),
        "-q",
        "--no-charts",
        "--decisions",
        s(&whole),
    ]));
    same_files_but_the_command(&b, &c);
    // The fork differs from the saved run, whose decisions it replaced.
    let sa = std::fs::read(a.join("summary.json")).expect("summary");
    let sb = std::fs::read(b.join("summary.json")).expect("summary");
    assert!(sa != sb);
    // `casus diff` finds where they part, and what differs.
    let out = casus(&[
        "diff",
        s(&a),
        s(&c),
        "--json",
        "--chart",
        s(&dir.path().join("d.svg")),
    ]);
    ok(out.clone());
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let tick = d["first_divergence"]["tick"]
        .as_u64()
        .expect("a divergence");
    assert!((150..=200).contains(&tick), "{d}");
    let only_b = d["responses_only_b"].as_array().expect("list");
    assert!(
        only_b
            .iter()
            .any(|r| r["tick"] == 200 && r["response"] == "self_defense"),
        "{only_b:?}"
    );
    assert!(d["responses_common"].as_u64().expect("count") >= 1, "{d}");
    let svg = std::fs::read_to_string(dir.path().join("d.svg")).expect("chart");
    assert!(svg.starts_with("<svg") && svg.contains("Severity index"));
    let same = casus(&["diff", s(&b), s(&c)]);
    ok(same.clone());
    let text = String::from_utf8_lossy(&same.stdout);
    assert!(text.contains("identical"), "{text}");
    let bad = casus(&["diff", s(&b), s(&dir.path().join("nowhere"))]);
    assert_eq!(bad.status.code(), Some(2));
    // A decision before the checkpoint's tick is refused.
    let early = write(
        "early.ron",
        "[(tick: 100, actor: \"southland\", response: retorsion, against: \"redland\")]\n",
    );
    let out = casus(&[
        "run",
        "--from",
        s(&a.join("checkpoint-150.json")),
        "--decisions",
        s(&early),
        "--out",
        s(&dir.path().join("d")),
        "-q",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("before the checkpoint's tick 150"), "{err}");
}

#[test]
fn a_damaged_or_edited_checkpoint_exits_2_without_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a");
    ok(casus(&[
        "run",
        &scenario(),
        "--out",
        s(&a),
        "-q",
        "--no-charts",
        "--ticks",
        "80",
        "--save-at",
        "40",
    ]));
    let ck = std::fs::read_to_string(a.join("checkpoint-40.json")).expect("checkpoint");
    let cases = [
        ("empty", String::new()),
        ("garbage", "\u{1}\u{2}PK not json".to_string()),
        (
            "truncated",
            String::from_utf8_lossy(&ck.as_bytes()[..ck.len() / 3]).into_owned(),
        ),
        ("edited", ck.replacen("\"seed\": ", "\"seed\": 9", 1)),
        (
            "other version",
            ck.replacen("\"casus_version\": \"", "\"casus_version\": \"9.", 1),
        ),
    ];
    for (what, text) in cases {
        let f = dir.path().join(format!("{}.json", what.replace(' ', "-")));
        std::fs::write(&f, text).expect("written");
        let out = casus(&[
            "run",
            "--from",
            s(&f),
            "--out",
            s(&dir.path().join("x")),
            "-q",
        ]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.starts_with("error: "), "{what}: {err}");
        assert!(!err.contains("panicked"), "{what}: {err}");
    }
    // A checkpoint at or past the end, and a save past the end, are refused.
    let out = casus(&[
        "run",
        &scenario(),
        "--out",
        s(&dir.path().join("y")),
        "-q",
        "--ticks",
        "80",
        "--save-at",
        "80",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
