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
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
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
