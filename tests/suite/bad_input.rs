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
