//! The outputs' contracts: the shipped JSON Schemas are those the build prints; every argument
//! or file field that takes a name suggests the nearest one when it is mistyped; a compressed
//! run reads back as the plain one. (`tests/python/test_outputs.py` validates real outputs
//! against the schemas and loads the compressed files in pandas.)

use super::cli::casus;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_shipped_schemas_are_those_the_build_prints() {
    let dir = Path::new(ROOT).join("schemas");
    for (name, file, _) in casus::report::schema::SCHEMAS {
        let printed = casus::report::schema::schema(name).expect("a schema");
        let shipped = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        assert!(
            printed == shipped,
            "schemas/{file} is out of date: run `casus schema --write schemas`"
        );
        // The shapes written down in report::schema refuse fields they do not list, so an
        // output that grows a field fails the validation of tests/python/test_outputs.py
        // until its schema says so. (`sweep` is the schema of the manifest's own struct.)
        let v: serde_json::Value = serde_json::from_str(&printed).expect("JSON");
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert!(
            name == "sweep" || printed.contains("\"additionalProperties\": false"),
            "{name}"
        );
    }
    let listed = casus(&["schema"]);
    assert!(listed.status.success());
    let text = String::from_utf8_lossy(&listed.stdout);
    for (name, file, _) in casus::report::schema::SCHEMAS {
        assert!(text.contains(name) && text.contains(file), "{text}");
    }
    let one = casus(&["schema", "legal"]);
    assert_eq!(
        String::from_utf8_lossy(&one.stdout),
        casus::report::schema::schema("legal").expect("legal")
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let written = casus(&["schema", "--write", tmp.path().to_str().expect("utf-8")]);
    assert!(written.status.success(), "{}", stderr(&written));
    for (_, file, _) in casus::report::schema::SCHEMAS {
        assert_eq!(
            std::fs::read(tmp.path().join(file)).expect("written"),
            std::fs::read(dir.join(file)).expect("shipped"),
            "{file}"
        );
    }
}

/// Every command-line argument and every file field that takes a name, with a typo, and the
/// name it should suggest. (`explain --doctrine` and `tipping --threshold`/`--state` are
/// checked on real runs in suite::cli.)
#[test]
fn every_name_argument_suggests_the_nearest_name() {
    let scenario = format!("{ROOT}/scenarios/winter-grid.ron");
    let incident = format!("{ROOT}/scenarios/incidents/estonia-2007.ron");
    let tmp = tempfile::tempdir().expect("tempdir");
    let tipping = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = [
            "tipping",
            &scenario,
            "--range",
            "0.1..1.0",
            "--seeds",
            "0..2",
            "--iterations",
            "0",
            "--threads",
            "1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let wave = "campaigns[frostbite].waves[0].intensity";
    // (arguments, what stderr must say)
    let mut cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["valdate".into()],
            "a similar subcommand exists: 'validate'",
        ),
        (
            vec!["run".into(), scenario.clone(), "--sed".into(), "1".into()],
            "a similar argument exists: '--seed'",
        ),
        (
            vec!["completions".into(), "bsh".into()],
            "a similar value exists: 'bash'",
        ),
        (
            vec!["schema".into(), "sumary".into()],
            "did you mean `summary`?",
        ),
        (
            vec![
                "assess".into(),
                incident.clone(),
                "--doctrine".into(),
                "germny".into(),
            ],
            "did you mean `germany`?",
        ),
        (
            tipping(&["--param", wave, "--doctrine", "talinn"]),
            "did you mean `tallinn`?",
        ),
        (
            tipping(&["--param", "campaigns[frostbyte].waves[0].intensity"]),
            "did you mean `frostbite`?",
        ),
        (
            tipping(&["--param", "campaigns[frostbite].wavs[0].intensity"]),
            "did you mean `waves`?",
        ),
    ];
    // A scenario's names: doctrines, actors, nodes, sectors and the other enumerations.
    let text = std::fs::read_to_string(&scenario).expect("scenario");
    for (from, to, help) in [
        (
            "doctrine: \"japan\"",
            "doctrine: \"japn\"",
            "did you mean `japan`?",
        ),
        (
            "owner: \"japan\"",
            "owner: \"japn\"",
            "did you mean `japan`?",
        ),
        (
            "sector: ElectricPower",
            "sector: ElectricPowr",
            "did you mean `ElectricPower`?",
        ),
        (
            "Node(\"tomato-atsuma-plant\")",
            "Node(\"tomato-atsuma-plnt\")",
            "did you mean `tomato-atsuma-plant`?",
        ),
        (
            "operator: \"redland-gru\"",
            "operator: \"redland-gr\"",
            "did you mean `redland-gru`?",
        ),
        (
            "with: \"japan\", kind: Ally",
            "with: \"japn\", kind: Ally",
            "did you mean `japan`?",
        ),
        (
            "kind: Adversary",
            "kind: Adversry",
            "did you mean `Adversary`?",
        ),
        (
            "effect: Disruption",
            "effect: Disruptio",
            "did you mean `Disruption`?",
        ),
        (
            "basis: StateOrgan",
            "basis: StateOrgn",
            "did you mean `StateOrgan`?",
        ),
        (
            "(from: \"sapporo-city-hospital\"",
            "(from: \"sapporo-city-hospitl\"",
            "did you mean `sapporo-city-hospital`?",
        ),
        (
            "duration_hours:",
            "duraton_hours:",
            "did you mean `duration_hours`?",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        let file = tmp.path().join(format!("s{}.ron", cases.len()));
        std::fs::write(&file, text.replacen(from, to, 1)).expect("written");
        cases.push((vec!["validate".into(), file.display().to_string()], help));
    }
    // A decisions file's actors and responses.
    for (entry, help) in [
        (
            "(tick: 5, actor: \"japon\", response: retorsion, against: \"redland\")",
            "did you mean `japan`?",
        ),
        (
            "(tick: 5, actor: \"japan\", response: retorsion, against: \"redlnd\")",
            "did you mean `redland`?",
        ),
        (
            "(tick: 5, actor: \"japan\", response: retortion, against: \"redland\")",
            "did you mean `retorsion`?",
        ),
    ] {
        let file = tmp.path().join(format!("d{}.ron", cases.len()));
        std::fs::write(&file, format!("[\n  {entry},\n]\n")).expect("written");
        cases.push((
            vec![
                "run".into(),
                scenario.clone(),
                "--decisions".into(),
                file.display().to_string(),
                "--ticks".into(),
                "1".into(),
                "--out".into(),
                tmp.path().join("never").display().to_string(),
            ],
            help,
        ));
    }
    // Sweep, incident and doctrine files (their typos are in the shipped bad-input corpus).
    for (file, help) in [
        ("sweeps/threshold-typo.ron", "did you mean `armed_attack`?"),
        ("sweeps/unknown-state.ron", "did you mean `japan`?"),
        ("sweeps/unknown-actor-in-path.ron", "did you mean `japan`?"),
        (
            "sweeps/unknown-field-in-path.ron",
            "did you mean `defense`?",
        ),
        ("incidents/unknown-basis.ron", "did you mean `StateOrgan`?"),
        ("incidents/unknown-effect.ron", "did you mean `Disruption`?"),
    ] {
        cases.push((
            vec!["validate".into(), format!("{ROOT}/tests/bad/{file}")],
            help,
        ));
    }
    cases.push((
        vec![
            "assess".into(),
            incident.clone(),
            "--doctrines".into(),
            format!("{ROOT}/tests/bad/doctrines/status-typo"),
        ],
        "did you mean `contested`?",
    ));
    for (args, help) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = casus(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(help),
            "{args:?}: expected `{help}` in\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn a_compressed_run_reads_back_as_the_plain_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let scenario = format!("{ROOT}/scenarios/long-espionage.ron");
    let plain = tmp.path().join("plain");
    let packed = tmp.path().join("packed");
    for (dir, extra) in [(&plain, None), (&packed, Some("--compress"))] {
        let mut args = vec![
            "run",
            &scenario,
            "--ticks",
            "200",
            "--no-charts",
            "--quiet",
            "--out",
            dir.to_str().expect("utf-8"),
        ];
        args.extend(extra);
        let out = casus(&args);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for name in casus::report::COMPRESSIBLE {
        assert!(!packed.join(name).exists(), "{name}");
        let text = casus::report::gz::read_text(&packed.join(format!("{name}.gz")), 1 << 30)
            .expect("unpacked");
        assert_eq!(
            text,
            std::fs::read_to_string(plain.join(name)).expect("plain"),
            "{name}"
        );
    }
    // The same data in casus: the charts of both, and no difference between them.
    let a = casus::report::run_data::RunData::load(&plain).expect("plain run");
    let b = casus::report::run_data::RunData::load(&packed).expect("compressed run");
    assert_eq!(a.rows, b.rows);
    assert_eq!(a.events, b.events);
    assert_eq!(a.legal, b.legal);
    let diff = casus(&[
        "diff",
        plain.to_str().expect("utf-8"),
        packed.to_str().expect("utf-8"),
        "--json",
    ]);
    assert!(diff.status.success(), "{}", stderr(&diff));
    let d: serde_json::Value = serde_json::from_slice(&diff.stdout).expect("JSON");
    assert!(d["first_divergence"].is_null(), "{d}");
    // A damaged compressed file is refused, not misread.
    let legal = packed.join("legal.jsonl.gz");
    let bytes = std::fs::read(&legal).expect("read");
    std::fs::write(&legal, &bytes[..bytes.len() / 2]).expect("written");
    let out = casus(&["explain", packed.to_str().expect("utf-8"), "--tick", "10"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("legal.jsonl.gz"), "{}", stderr(&out));
}
