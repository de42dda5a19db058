//! The bad-input corpus: every file under `tests/bad/` must be refused with the located
//! message listed here, never a panic.

use casus::error::Error;
use casus::scenario;
use std::path::{Path, PathBuf};

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name)
}

/// (file, first problem's line:column if located, words the first message must contain,
/// words the help must contain).
/// One corpus file and what its refusal must say.
type Case = (
    &'static str,
    Option<(usize, usize)>,
    &'static str,
    &'static str,
);

const CASES: &[Case] = &[
    (
        "unknown-field.ron",
        Some((9, 79)),
        "unknown field `colour` in `Node`",
        "",
    ),
    (
        "unknown-variant.ron",
        Some((9, 46)),
        "unknown variant `ElectricPowr`",
        "did you mean `ElectricPower`?",
    ),
    (
        "missing-field.ron",
        Some((9, 59)),
        "missing field `population`",
        "",
    ),
    (
        "duplicate-field.ron",
        Some((9, 79)),
        "field `population` given twice",
        "",
    ),
    (
        "unterminated-string.ron",
        Some((5, 15)),
        "expected a comma",
        "starts at line 2, column 11",
    ),
    (
        "unterminated-comment.ron",
        Some((2, 20)),
        "unterminated comment",
        "",
    ),
    (
        "unclosed-bracket.ron",
        Some((14, 7)),
        "ends too early",
        "not closed",
    ),
    (
        "wrong-type.ron",
        Some((3, 20)),
        "expected a number",
        "without quotes",
    ),
    (
        "integer-overflow.ron",
        Some((9, 73)),
        "number out of range",
        "",
    ),
    (
        "negative-population.ron",
        Some((9, 74)),
        "number out of range",
        "",
    ),
    (
        "trailing-text.ron",
        Some((15, 2)),
        "unexpected text after the end",
        "",
    ),
    ("json.ron", Some((1, 1)), "looks like JSON", "RON"),
    ("empty.ron", Some((1, 1)), "the file is empty", "scenarios/"),
    ("whitespace.ron", Some((1, 1)), "the file is empty", ""),
    ("invalid-utf8.ron", Some((2, 15)), "invalid UTF-8", ""),
    ("nul-byte.ron", Some((2, 13)), "NUL byte", ""),
    (
        "deep-nesting.ron",
        Some((1, 52)),
        "Expected opening `(` for struct `Actor`",
        "",
    ),
    (
        "unknown-node.ron",
        Some((12, 56)),
        "unknown node `gird`",
        "did you mean `grid`?",
    ),
    (
        "probability.ron",
        Some((13, 54)),
        "1.5 is not a probability",
        "",
    ),
    (
        "infinite.ron",
        Some((13, 54)),
        "inf is not a probability",
        "",
    ),
    ("nan.ron", Some((3, 5)), "NaN is not allowed", ""),
    (
        "duplicate-id.ron",
        Some((6, 14)),
        "duplicate actor id `japan`",
        "unique",
    ),
    (
        "unknown-doctrine.ron",
        Some((5, 23)),
        "unknown doctrine `japn`",
        "did you mean `japan`?",
    ),
    (
        "unknown-owner.ron",
        Some((9, 22)),
        "unknown actor `japam`",
        "did you mean `japan`?",
    ),
    ("empty-targets.ron", Some((12, 41)), "no targets", ""),
    (
        "bad-name.ron",
        Some((2, 5)),
        "cannot be used as a scenario name",
        "output folder",
    ),
    (
        "too-many-ticks.ron",
        Some((3, 5)),
        "over the limit of 1000000",
        "tick_hours",
    ),
    (
        "huge-generator.ron",
        Some((11, 5)),
        "4000000001 nodes is over the limit",
        "count",
    ),
    ("empty-selection.ron", None, "matches no node", "sector"),
    (
        "multiple-problems.ron",
        Some((5, 23)),
        "unknown doctrine `japn`",
        "did you mean",
    ),
    (
        "huge-multiplier.ron",
        Some((4, 12)),
        "1e308 is not allowed: expected a finite number of times the default from 0 to 1e15",
        "",
    ),
    (
        "huge-replacement-cost.ron",
        Some((9, 79)),
        "1e308 is not allowed: expected a finite number of USD from 0 to 1e15",
        "",
    ),
    (
        "tiny-gdp.ron",
        Some((5, 42)),
        "1e-300 is not allowed: expected a GDP from 1e6 to 1e15 USD",
        "",
    ),
    (
        "bom-unknown-field.ron",
        Some((9, 79)),
        "unknown field `colour` in `Node`",
        "",
    ),
];

#[test]
fn every_bad_file_is_refused_with_its_located_message() {
    for &(file, location, message, help) in CASES {
        let err = scenario::open(&bad(file))
            .err()
            .unwrap_or_else(|| panic!("{file} was accepted"));
        assert_eq!(err.exit_code(), 2, "{file}");
        let first = err.diagnostics()[0].clone();
        assert_eq!(first.location, location, "{file}: {err}");
        assert!(first.message.contains(message), "{file}: {err}");
        assert!(
            first.help.as_deref().unwrap_or("").contains(help),
            "{file}: {err}"
        );
        assert!(first.file.ends_with(file), "{file}: names the file");
    }
}

#[test]
fn the_corpus_has_no_file_without_an_expectation() {
    let mut listed: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(bad(""))
        .expect("tests/bad")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(listed, present);
}

#[test]
fn all_problems_are_reported_at_once() {
    let err = scenario::open(&bad("multiple-problems.ron")).expect_err("refused");
    let Error::Invalid(problems) = err else {
        panic!("semantic problems")
    };
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(problems.len(), 3, "{messages:?}");
    assert_eq!(problems[1].location, Some((12, 56)));
    assert_eq!(problems[2].location, Some((13, 54)));
}

#[test]
fn missing_paths_and_directories_are_read_errors() {
    for path in [bad("no-such-file.ron"), bad("")] {
        let err = scenario::open(&path).expect_err("refused");
        assert!(matches!(err, Error::Read { .. }), "{err}");
        assert_eq!(err.exit_code(), 2);
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.ron");
    let f = std::fs::File::create(&path).expect("create");
    f.set_len(scenario::LIMITS.max_file_bytes + 1)
        .expect("sparse file");
    let err = scenario::open(&path).expect_err("refused");
    assert!(err.to_string().contains("over the limit"), "{err}");
}

// ---- every other input kind: incidents, sweep files, doctrine files, run folders, shards ----

/// (command, corpus path under tests/bad, `line:col` expected in the message or "", words).
const OTHER: &[(&str, &str, &str, &str)] = &[
    (
        "assess",
        "incidents/unknown-field.ron",
        ":6:27:",
        "unknown field `casualties` in `Harm`",
    ),
    (
        "assess",
        "incidents/missing-victim.ron",
        ":7:5:",
        "missing field `victim`",
    ),
    (
        "assess",
        "incidents/confidence-out-of-range.ron",
        "",
        "1.5 is not a probability",
    ),
    (
        "assess",
        "incidents/figure-word.ron",
        ":6:25:",
        "expected a number or \"unknown\", found \"many\"",
    ),
    (
        "assess",
        "incidents/unknown-basis.ron",
        ":5:42:",
        "did you mean `StateOrgan`?",
    ),
    (
        "assess",
        "incidents/unknown-effect.ron",
        ":7:23:",
        "did you mean `Disruption`?",
    ),
    (
        "assess",
        "incidents/truncated.ron",
        ":5:71:",
        "ends too early",
    ),
    (
        "assess",
        "incidents/duplicate-field.ron",
        ":6:27:",
        "field `deaths` given twice",
    ),
    ("assess", "incidents/json.ron", ":1:1:", "looks like JSON"),
    (
        "assess",
        "incidents/empty.ron",
        ":1:1:",
        "the file is empty",
    ),
    (
        "sweep",
        "sweeps/unknown-field.ron",
        ":4:20:",
        "unknown field `repeats` in `Sweep`",
    ),
    (
        "sweep",
        "sweeps/empty-seeds.ron",
        "",
        "is empty: expected (start, end)",
    ),
    (
        "sweep",
        "sweeps/unknown-actor-in-path.ron",
        "",
        "no item `japn` in `actors`",
    ),
    (
        "sweep",
        "sweeps/unknown-field-in-path.ron",
        "",
        "`defence` in `actors[japan].defence.staff` is not a field",
    ),
    (
        "sweep",
        "sweeps/not-a-number.ron",
        "",
        "is not a number in the scenario",
    ),
    (
        "sweep",
        "sweeps/no-parameters.ron",
        "",
        "expected at least one parameter",
    ),
    (
        "sweep",
        "sweeps/unsafe-name.ron",
        "",
        "cannot be used as a sweep name",
    ),
    ("sweep", "sweeps/missing-scenario.ron", "", "no such file"),
    ("sweep", "sweeps/invalid-value.ron", "", "= -5"),
    (
        "sweep",
        "sweeps/threshold-typo.ron",
        ":6:5:",
        "unknown threshold `armd_attack`",
    ),
    (
        "sweep",
        "sweeps/threshold-typo.ron",
        ":6:5:",
        "did you mean `armed_attack`?",
    ),
    (
        "sweep",
        "sweeps/unknown-state.ron",
        ":6:5:",
        "unknown State `japn`",
    ),
    (
        "sweep",
        "sweeps/unknown-state.ron",
        ":6:5:",
        "did you mean `japan`?",
    ),
    (
        "sweep",
        "sweeps/zero-ticks.ron",
        ":5:5:",
        "ticks: 0 is not allowed: expected 1 to 1000000",
    ),
    (
        "sweep",
        "sweeps/huge-grid.ron",
        ":5:5:",
        "the grid has 6553600000000 points, over the limit of 10000",
    ),
    (
        "doctrine",
        "doctrines/unknown-field",
        ":34:5:",
        "unknown field `cyber_command`",
    ),
    (
        "doctrine",
        "doctrines/status-typo",
        ":12:37:",
        "did you mean `contested`?",
    ),
    (
        "doctrine",
        "doctrines/confidence-out-of-range",
        "",
        "attribution_confidence 7.5",
    ),
    (
        "doctrine",
        "doctrines/missing-field",
        ":35:1:",
        "missing field `three_conditions`",
    ),
    ("doctrine", "doctrines/empty", ":1:1:", "the file is empty"),
    ("chart", "runs/summary-not-json", ":2:", "not JSON"),
    (
        "chart",
        "runs/timeseries-not-a-number",
        ":3:1:",
        "`one` is not a number",
    ),
    (
        "chart",
        "runs/timeseries-infinite",
        ":3:1:",
        "`inf` is not a number (a finite one)",
    ),
    (
        "chart",
        "runs/timeseries-short-row",
        ":4:1:",
        "found record with 11 fields",
    ),
    ("chart", "runs/timeseries-missing", "", "no such file"),
    (
        "chart",
        "runs/events-not-object",
        ":2:1:",
        "expected a JSON object",
    ),
    ("explain", "runs/legal-garbage", ":1:1:", "NUL byte"),
    (
        "explain",
        "runs/legal-bad-line",
        ":1:24:",
        "not a legal trace line",
    ),
    (
        "merge",
        "merges/manifest-not-json",
        ":2:",
        "not a sweep manifest",
    ),
    (
        "merge",
        "merges/manifest-wrong-format",
        ":1:42:",
        "not a sweep manifest",
    ),
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

#[test]
fn every_other_input_kind_is_refused_with_a_located_message() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let estonia = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/incidents/estonia-2007.ron"
    );
    for (i, &(command, file, location, words)) in OTHER.iter().enumerate() {
        let path = bad(file);
        // Folders are used from a copy: a refused input must not be touched, but a bug might.
        let work = tmp.path().join(format!("case-{i}"));
        if path.is_dir() {
            copy_dir(&path, &work);
        }
        let w = work.to_str().unwrap();
        let p = path.to_str().unwrap();
        let out_dir = tmp.path().join(format!("out-{i}"));
        let args: Vec<&str> = match command {
            "assess" => vec!["assess", p],
            "sweep" => vec!["sweep", p, "--quiet", "--out", out_dir.to_str().unwrap()],
            "doctrine" => vec!["assess", estonia, "--doctrines", w],
            "chart" => vec!["chart", w],
            "explain" => vec!["explain", w, "--tick", "1"],
            "merge" => vec!["merge", w, "--out", out_dir.to_str().unwrap()],
            other => panic!("{other}"),
        };
        let out = super::cli::casus(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {err}");
        assert!(err.starts_with("error: "), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert!(
            err.contains(location),
            "{file}: expected `{location}` in {err}"
        );
        assert!(err.contains(words), "{file}: expected `{words}` in {err}");
    }
    let total = CASES.len() + OTHER.len();
    assert!(total >= 60, "the corpus has {total} bad inputs");
}

// ---- second round: inputs that are not files, targets that are not files, limits, integrity ----

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs casus, failing the test if it takes longer than `limit` (a hang is a failure, not a
/// stuck test run).
fn casus_within(args: &[&str], limit: std::time::Duration) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_casus"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("casus {args:?} took over {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

fn mkfifo(path: &Path) {
    assert!(
        std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo")
            .success()
    );
}

#[test]
fn inputs_that_are_not_regular_files_are_refused_without_reading_them() {
    let tmp = tempdir();
    let fifo = tmp.path().join("pipe.ron");
    mkfifo(&fifo);
    let cases = [
        (
            "/dev/zero".to_string(),
            "is a character device, not a regular file",
        ),
        (
            fifo.to_str().unwrap().to_string(),
            "is a named pipe (FIFO), not a regular file",
        ),
    ];
    for (path, words) in &cases {
        let err = scenario::open(Path::new(path)).expect_err("refused");
        assert!(matches!(err, Error::Read { .. }), "{err}");
        assert!(err.to_string().contains(words), "{err}");
        for args in [
            vec!["validate", path.as_str()],
            vec!["assess", path.as_str()],
            vec!["run", path.as_str(), "--quiet"],
        ] {
            let out = casus_within(&args, std::time::Duration::from_secs(10));
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
        }
    }
}

#[test]
fn writers_refuse_targets_that_are_not_regular_files() {
    let tmp = tempdir();
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let link = tmp.path().join("link.ron");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = tmp.path().join("pipe.ron");
    mkfifo(&fifo);
    for (target, words) in [
        (
            link.to_str().unwrap(),
            "is a symbolic link, not a regular file",
        ),
        (
            fifo.to_str().unwrap(),
            "is a named pipe (FIFO), not a regular file",
        ),
        ("/dev/null", "is a character device, not a regular file"),
    ] {
        let out = casus_within(
            &[
                "generate",
                "--nodes",
                "50",
                "--campaigns",
                "1",
                "--out",
                target,
            ],
            std::time::Duration::from_secs(30),
        );
        assert_eq!(out.status.code(), Some(1), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains("refusing to replace it"));
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(
        &std::fs::metadata("/dev/null").unwrap().file_type()
    ));
    // The library writer refuses too; the run folder refuses a symbolic link in its place.
    let err = casus::report::write_atomic(&link, b"x").expect_err("refused");
    assert_eq!(err.exit_code(), 1);
    let dir_link = tmp.path().join("run-link");
    std::os::unix::fs::symlink(tmp.path(), &dir_link).unwrap();
    let err = casus::report::RunDir::open(&dir_link, true, false)
        .err()
        .expect("refused");
    assert!(
        err.to_string().contains("is a symbolic link, not a folder"),
        "{err}"
    );
}

/// (arguments, exit code, words the message must contain). `{s}` is a small scenario.
const ARGS: &[(&[&str], i32, &str)] = &[
    (
        &["run", "{s}", "--threads", "100000"],
        2,
        "--threads 100000: expected 1 to 1024",
    ),
    (
        &["run", "{s}", "--threads", "0"],
        2,
        "--threads 0: expected 1 to 1024",
    ),
    (
        &["sweep", "{s}", "--seeds", "0..10", "--threads", "100000"],
        2,
        "--threads 100000: expected 1 to 1024",
    ),
    (
        &["sweep", "{s}", "--seeds", "0..10", "--ticks", "0"],
        2,
        "--ticks 0: expected 1 to 1000000",
    ),
    (
        &[
            "tipping",
            "{s}",
            "--param",
            "actors[japan].defense.staff",
            "--range",
            "0..10",
            "--iterations",
            "100000",
        ],
        2,
        "--iterations 100000: expected 0 to 60",
    ),
    (
        &[
            "tipping",
            "{s}",
            "--param",
            "actors[japan].defense.staff",
            "--range",
            "0..inf",
        ],
        2,
        "expected `LO..HI` with finite numbers",
    ),
    (
        &[
            "tipping",
            "{s}",
            "--param",
            "actors[japan].defense.staff",
            "--range",
            "0..10",
            "--threads",
            "100000",
        ],
        2,
        "--threads 100000: expected 1 to 1024",
    ),
    (
        &[
            "generate",
            "--nodes",
            "10",
            "--campaigns",
            "1",
            "--actors",
            "1",
            "--out",
            "{o}",
        ],
        2,
        "--actors 1: expected 3 to 4096",
    ),
    (
        &[
            "generate",
            "--nodes",
            "10",
            "--campaigns",
            "1",
            "--hours",
            "0",
            "--out",
            "{o}",
        ],
        2,
        "these arguments give an invalid scenario (nothing written)",
    ),
    (
        &[
            "sweep",
            "{s}",
            "--seeds",
            "18446744073709551615..=18446744073709551615",
        ],
        2,
        "is not a seed range",
    ),
];

#[test]
fn command_line_limits_are_checked_up_front() {
    let tmp = tempdir();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let out_file = tmp.path().join("generated.ron");
    for &(args, code, words) in ARGS {
        let args: Vec<&str> = args
            .iter()
            .map(|a| match *a {
                "{s}" => scenario,
                "{o}" => out_file.to_str().unwrap(),
                a => a,
            })
            .collect();
        let start = std::time::Instant::now();
        let out = casus_within(&args, std::time::Duration::from_secs(60));
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(words), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{args:?} took {:?}",
            start.elapsed()
        );
        assert!(!out_file.exists(), "{args:?} wrote a scenario");
    }
}

#[test]
fn seed_ranges_at_the_top_of_u64_are_streamed_in_chunks() {
    let tmp = tempdir();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let dir = tmp.path().join("top");
    let out = casus_within(
        &[
            "sweep",
            scenario,
            "--seeds",
            "18446744073709551610..18446744073709551615",
            "--ticks",
            "3",
            "--quiet",
            "--out",
            dir.to_str().unwrap(),
        ],
        std::time::Duration::from_secs(120),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.join("chunks/seeds-18446744073709551610-18446744073709551614.csv")
            .is_file()
    );
    let agg: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("aggregate.json")).unwrap()).unwrap();
    assert_eq!(agg["seeds"], 5);
    let block = casus::sweep::SeedRange {
        start: u64::MAX - 150,
        end: u64::MAX,
    };
    let chunks: Vec<_> = casus::sweep::chunks(block).collect();
    assert_eq!(chunks.len(), 3, "{chunks:?}");
    assert_eq!(chunks[1].start % casus::sweep::CHUNK, 0);
    assert_eq!(chunks[2].end, u64::MAX);
    // A huge range is not listed up front: the first chunk comes at once.
    let all = casus::sweep::SeedRange {
        start: 0,
        end: u64::MAX,
    };
    assert_eq!(casus::sweep::chunks(all).nth(3).unwrap().start, 300);
}

#[test]
fn a_grid_is_computed_point_by_point_and_names_its_folders_safely() {
    use casus::sweep::grid::{Parameter, point, point_dir_name, points};
    let params = vec![
        Parameter {
            path: "a".into(),
            values: vec![1.0, 2.0, 3.0],
        },
        Parameter {
            path: "b".into(),
            values: vec![10.0, 20.0],
        },
    ];
    let listed = points(&params);
    for (k, values) in listed.iter().enumerate() {
        assert_eq!(&point(&params, k as u64), values);
    }
    assert_eq!(point_dir_name(4, &[3.0, 10.0]), "004-3-10");
    let long = vec![1.234_567_890_123_456_7e300; 12];
    let name = point_dir_name(7, &long);
    assert_eq!(name, "007");
}

#[test]
fn a_file_with_thousands_of_mistakes_is_reported_in_linear_time_and_capped() {
    let mut text = String::from(
        "Scenario(\n    name: \"many\",\n    duration_hours: 24,\n    actors: [(id: \"japan\"), (id: \"redland\")],\n    nodes: [\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!(
            "        (id: \"n{i}\", owner: \"japam\", sector: ElectricPower, population: 1000, posture: 1.5),\n"
        ));
    }
    text.push_str("    ],\n)\n");
    let start = std::time::Instant::now();
    let err = scenario::load_str(&text, Path::new("many.ron")).expect_err("refused");
    let elapsed = start.elapsed();
    assert!(
        elapsed < std::time::Duration::from_secs(5),
        "took {elapsed:?}"
    );
    let Error::Invalid(problems) = &err else {
        panic!("{err}")
    };
    assert_eq!(problems.len(), 40_000);
    assert_eq!(problems[0].location, Some((6, 20)));
    assert_eq!(problems[0].help.as_deref(), Some("did you mean `japan`?"));
    let shown = err.to_string();
    assert!(
        shown.starts_with("40000 problems found:"),
        "{}",
        &shown[..80]
    );
    assert!(shown.ends_with("... and 39900 more (the first 100 are listed)"));
    assert_eq!(
        shown.lines().filter(|l| l.starts_with("many.ron")).count(),
        100
    );
}

#[test]
fn a_byte_order_mark_at_the_start_is_accepted() {
    let tmp = tempdir();
    for (from, name) in [
        ("scenarios/winter-grid.ron", "bom-scenario.ron"),
        ("scenarios/incidents/estonia-2007.ron", "bom-incident.ron"),
    ] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(from)).unwrap();
        let path = tmp.path().join(name);
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        let p = path.to_str().unwrap();
        let out = if name.contains("incident") {
            super::cli::casus(&["assess", p, "--doctrine", "tallinn"])
        } else {
            super::cli::casus(&["validate", p])
        };
        assert!(out.status.success(), "{name}: {}", stderr(&out));
    }
}

/// A run whose legal trace is not empty (winter-grid crosses thresholds), 720 ticks.
fn small_run(dir: &Path) {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let out = super::cli::casus(&[
        "run",
        scenario,
        "--quiet",
        "--no-charts",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// Drops the last line of a file: truncation at a line boundary, which a line-by-line reader
/// cannot notice.
fn drop_last_line(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.trim_end_matches('\n');
    let cut = body.rfind('\n').map_or(0, |i| i + 1);
    std::fs::write(path, &text[..cut]).unwrap();
}

#[test]
fn explain_and_chart_refuse_a_run_file_truncated_at_a_line_boundary() {
    let tmp = tempdir();
    let run = tmp.path().join("run");
    small_run(&run);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.join("summary.json")).unwrap()).unwrap();
    for f in ["events.jsonl", "timeseries.csv", "legal.jsonl"] {
        assert!(summary["files"][f]["fnv1a64"].is_string(), "{f}");
    }
    let r = run.to_str().unwrap();
    assert!(
        super::cli::casus(&["explain", r, "--tick", "5"])
            .status
            .success()
    );
    // Past the end of the run.
    let out = super::cli::casus(&["explain", r, "--tick", "720"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--tick 720: the run has ticks 0 to 719"),
        "{}",
        stderr(&out)
    );
    for (file, command) in [
        ("legal.jsonl", vec!["explain", r, "--tick", "5"]),
        ("timeseries.csv", vec!["chart", r]),
        ("events.jsonl", vec!["chart", r]),
    ] {
        let copy = tmp.path().join(format!("copy-{file}"));
        std::fs::create_dir_all(&copy).unwrap();
        for f in casus::report::RUN_FILES {
            std::fs::copy(run.join(f), copy.join(f)).unwrap();
        }
        drop_last_line(&copy.join(file));
        let args: Vec<&str> = command
            .iter()
            .map(|a| if *a == r { copy.to_str().unwrap() } else { a })
            .collect();
        let out = super::cli::casus(&args);
        assert_eq!(out.status.code(), Some(2), "{file}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(file), "{err}");
        assert!(
            err.contains("does not match the record in summary.json"),
            "{err}"
        );
        assert!(err.contains("truncated or was changed"), "{err}");
    }
}

#[test]
fn a_forced_rerun_that_fails_partway_leaves_the_earlier_run_whole() {
    let tmp = tempdir();
    let run = tmp.path().join("run");
    small_run(&run);
    let before: Vec<Vec<u8>> = casus::report::RUN_FILES
        .iter()
        .map(|f| std::fs::read(run.join(f)).unwrap())
        .collect();
    {
        let staged = casus::report::RunDir::open(&run, true, false).expect("forced");
        // Part of a new run is written, then the process fails (here: the folder is dropped
        // without being committed, as an error return or a kill would leave it).
        std::fs::write(staged.path().join("events.jsonl"), "{}\n").unwrap();
        assert!(staged.path() != run.as_path());
    }
    for (f, b) in casus::report::RUN_FILES.iter().zip(&before) {
        assert_eq!(&std::fs::read(run.join(f)).unwrap(), b, "{f}");
    }
    let litter: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(litter.is_empty(), "{litter:?}");
    // A forced rerun that succeeds replaces the folder whole: no file of the old run stays.
    std::fs::write(run.join("stale.svg"), "old").unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    let out = super::cli::casus(&[
        "run",
        scenario,
        "--ticks",
        "30",
        "--quiet",
        "--no-charts",
        "--force",
        "--out",
        run.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!run.join("stale.svg").exists());
    // A folder holding other files is never swapped away.
    let other = tmp.path().join("documents");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let err = casus::report::RunDir::open(&other, true, false)
        .err()
        .expect("refused");
    assert!(
        err.to_string()
            .contains("holds files that are not a casus run"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_second_writer_of_one_folder_fails_clearly() {
    let tmp = tempdir();
    let run = tmp.path().join("run");
    let first = casus::report::RunDir::open(&run, false, false).expect("first");
    let err = casus::report::RunDir::open(&run, false, false)
        .err()
        .expect("second refused");
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .contains("is being written by another casus process"),
        "{err}"
    );
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/long-espionage.ron");
    let out = super::cli::casus(&[
        "run",
        scenario,
        "--ticks",
        "5",
        "--quiet",
        "--out",
        run.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is being written by another casus process"));
    drop(first);
    // Sweep folders are locked the same way.
    let sweep = tmp.path().join("sweep");
    std::fs::create_dir_all(&sweep).unwrap();
    let held = casus::report::lock_file(&sweep.join("sweep.lock"), &sweep).expect("lock");
    let out = super::cli::casus(&[
        "sweep",
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron"),
        "--seeds",
        "0..2",
        "--ticks",
        "3",
        "--quiet",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is being written by another casus process"));
    drop(held);
}

#[test]
fn a_truncated_sweep_chunk_is_named_and_resume_runs_it_again() {
    let tmp = tempdir();
    let dir = tmp.path().join("sweep");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/winter-grid.ron");
    let args = [
        "sweep",
        scenario,
        "--seeds",
        "0..150",
        "--ticks",
        "12",
        "--quiet",
        "--out",
        dir.to_str().unwrap(),
    ];
    let first = casus_within(&args, std::time::Duration::from_secs(300));
    assert!(first.status.success(), "{}", stderr(&first));
    let aggregate = std::fs::read(dir.join("aggregate.json")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sweep.json")).unwrap()).unwrap();
    assert_eq!(manifest["format"], "casus-sweep/2");
    assert_eq!(manifest["chunks"].as_array().unwrap().len(), 2);
    assert_eq!(manifest["chunks"][1]["seeds"]["start"], 100);
    let chunk = dir.join("chunks/seeds-100-149.csv");
    drop_last_line(&chunk);
    let merged = tmp.path().join("merged");
    let out = super::cli::casus(&[
        "merge",
        dir.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("seeds-100-149.csv"), "{err}");
    assert!(err.contains("seeds 100..150"), "{err}");
    assert!(err.contains("--resume"), "{err}");
    let mut resume = args.to_vec();
    resume.push("--resume");
    let out = casus_within(&resume, std::time::Duration::from_secs(300));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.join("aggregate.json")).unwrap(),
        aggregate
    );
}
