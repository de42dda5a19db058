"""Loads every file of a run and of a parameter sweep with pandas, one call per file, and checks
its columns against docs/outputs.md; validates every JSON file, every JSON Lines line and every
`--json` output against its schema in schemas/; and checks that a run written with `--compress`
loads the same in pandas and reads the same in casus.

Usage: python3 tests/python/test_outputs.py CASUS_BINARY

The document describes each file in a section headed by the file's name in backticks, with a
table whose first column lists the columns (or JSON fields) in backticks; a name with `<...>`
stands for a family of columns (`service_<sector>`).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import pandas as pd

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


OPTIONAL = set()


def documented():
    """File name -> list of documented column names or patterns. A row whose description
    begins "(only when" documents a field that is left out when it has nothing to say; such
    names are recorded in OPTIONAL as (file, name)."""
    text = open(os.path.join(ROOT, "docs", "outputs.md"), encoding="utf-8").read()
    out = {}
    current = None
    for line in text.splitlines():
        m = re.match(r"^#{2,4} `([^`]+)`", line)
        if m:
            current = m.group(1)
            out.setdefault(current, [])
            continue
        if line.startswith("#"):
            current = None
            continue
        if current and line.startswith("| `"):
            cells = line.split("|")
            names = re.findall(r"`([^`]+)`", cells[1])
            out[current].extend(names)
            if len(cells) > 2 and cells[2].strip().startswith("(only when"):
                OPTIONAL.update((current, n) for n in names)
    return out


def pattern(name):
    return re.compile("^" + re.sub(r"<[^>]+>", ".+", re.escape(name).replace(r"\<", "<").replace(r"\>", ">")) + "$")


def check_columns(file, columns, docs, exact=True):
    names = docs.get(file)
    assert names, f"docs/outputs.md has no section for `{file}`"
    fixed = [n for n in names if "<" not in n]
    patterns = [pattern(n) for n in names]
    missing = [n for n in fixed if n not in columns and (file, n) not in OPTIONAL]
    assert not missing, f"{file}: documented but absent: {missing}"
    if exact:
        undocumented = [c for c in columns if not any(p.match(c) for p in patterns)]
        assert not undocumented, f"{file}: present but not documented: {undocumented}"


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    assert r.returncode == 0, f"{args}: {r.stderr}"
    return r.stdout


VALIDATORS = {}


def validator(name):
    """The validator of schemas/NAME.schema.json."""
    if name not in VALIDATORS:
        path = os.path.join(ROOT, "schemas", f"{name}.schema.json")
        schema = json.load(open(path, encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        VALIDATORS[name] = cls(schema)
    return VALIDATORS[name]


def validate(name, value, where):
    errors = sorted(validator(name).iter_errors(value), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where} does not match schemas/{name}.schema.json: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5]
    )


def validate_lines(name, path):
    """Validates every line of a JSON Lines file (gzipped or not); returns the number."""
    import gzip

    opener = gzip.open if path.endswith(".gz") else open
    n = 0
    with opener(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            validate(name, json.loads(line), f"{path}:{i + 1}")
            n += 1
    assert n > 0, f"{path} is empty"
    return n


def check_schemas(casus, tmp, out, sweep_out):
    """Every JSON output of a run, a sweep and the commands against its schema."""
    checked = 0
    validate("summary", json.load(open(os.path.join(out, "summary.json"))), "summary.json")
    checked += validate_lines("events", os.path.join(out, "events.jsonl"))
    checked += validate_lines("legal", os.path.join(out, "legal.jsonl"))
    checked += validate_lines("decisions", os.path.join(out, "decisions.jsonl"))
    for scenario in ["japan-gray-zone.ron", "winter-grid.ron", "white-cell.ron"]:
        other = os.path.join(tmp, "schema-" + scenario)
        run([casus, "run", os.path.join(ROOT, "scenarios", scenario), "--out", other,
             "--quiet", "--no-charts", "--save-at", "24"])
        validate("summary", json.load(open(os.path.join(other, "summary.json"))), other)
        checked += validate_lines("events", os.path.join(other, "events.jsonl"))
        checked += validate_lines("legal", os.path.join(other, "legal.jsonl"))
        if os.path.getsize(os.path.join(other, "decisions.jsonl")) > 0:
            checked += validate_lines("decisions", os.path.join(other, "decisions.jsonl"))
        validate("checkpoint", json.load(open(os.path.join(other, "checkpoint-24.json"))), other)
        checked += 2
    validate("grid", json.load(open(os.path.join(sweep_out, "grid.json"))), "grid.json")
    checked += 1
    point_dir = os.path.join(sweep_out, "points")
    for point in sorted(os.listdir(point_dir)):
        for name in ["aggregate", "sweep"]:
            path = os.path.join(point_dir, point, f"{name}.json")
            validate(name, json.load(open(path)), path)
            checked += 1
    incident = os.path.join(ROOT, "scenarios", "incidents", "estonia-2007.ron")
    validate("assess", json.loads(run([casus, "assess", incident, "--json"])), "assess --json")
    tick = json.load(open(os.path.join(out, "summary.json")))["thresholds_crossed"][0]["tick"]
    explained = json.loads(run([casus, "explain", out, "--tick", str(tick), "--json"]))
    assert explained["assessments"], "explain --json printed no assessment"
    validate("explain", explained, "explain --json")
    r = subprocess.run(
        [casus, "validate", "--json", os.path.join(ROOT, "scenarios", "winter-grid.ron"), incident,
         os.path.join(ROOT, "scenarios", "sweeps", "cyber-force-220-290.ron"),
         os.path.join(ROOT, "tests", "bad", "unknown-owner.ron")],
        capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    validate("validate", json.loads(r.stdout), "validate --json")
    other = os.path.join(tmp, "schema-winter-grid.ron")
    validate("diff", json.loads(run([casus, "diff", out, other, "--json"])), "diff --json")
    tipping = json.loads(run([
        casus, "tipping", os.path.join(ROOT, "scenarios", "ally-energy.ron"), "--param",
        "campaigns[cold-harbour].waves[2].intensity", "--range", "0.0..1.0", "--seeds", "0..4",
        "--threshold", "armed_attack", "--doctrine", "tallinn", "--state", "southland",
        "--iterations", "1", "--threads", "2", "--json"]))
    validate("tipping", tipping, "tipping --json")
    checked += 5
    return checked


def check_compressed(casus, tmp, out):
    """A run written with --compress: the same tables in pandas, one call per file; the same
    reading in casus (explain, chart, diff, a checkpoint continued)."""
    gz = os.path.join(tmp, "run-gz")
    run([casus, "run", os.path.join(ROOT, "scenarios", "ally-energy.ron"), "--out", gz,
         "--quiet", "--compress", "--save-at", "100"])
    names = sorted(os.listdir(gz))
    for name in ["events.jsonl", "timeseries.csv", "legal.jsonl", "timeseries_long.csv"]:
        assert name + ".gz" in names and name not in names, names
        plain, packed = os.path.join(out, name), os.path.join(gz, name + ".gz")
        if name.endswith(".csv"):
            a, b = pd.read_csv(plain), pd.read_csv(packed)
        else:
            a, b = pd.read_json(plain, lines=True), pd.read_json(packed, lines=True)
        pd.testing.assert_frame_equal(a, b)
        assert os.path.getsize(packed) * 2 < os.path.getsize(plain), name
    for name in ["events", "legal"]:
        validate_lines(name, os.path.join(gz, f"{name}.jsonl.gz"))
    summary = json.load(open(os.path.join(gz, "summary.json")))
    validate("summary", summary, "summary.json of a compressed run")
    assert "legal.jsonl.gz" in summary["files"], summary["files"].keys()
    assert "checkpoint-100.json.gz" in names, names
    tick = summary["thresholds_crossed"][0]["tick"]
    a = run([casus, "explain", out, "--tick", str(tick), "--json"])
    b = run([casus, "explain", gz, "--tick", str(tick), "--json"])
    assert a == b, "explain reads a compressed run differently"
    d = json.loads(run([casus, "diff", out, gz, "--json"]))
    assert d["first_divergence"] is None, d["first_divergence"]
    run([casus, "chart", gz])
    assert os.path.getsize(os.path.join(gz, "escalation.svg")) > 0
    cont = os.path.join(tmp, "run-gz-continued")
    run([casus, "run", "--from", os.path.join(gz, "checkpoint-100.json.gz"), "--out", cont,
         "--quiet", "--no-charts"])
    for name in ["events.jsonl", "legal.jsonl", "timeseries_long.csv"]:
        assert open(os.path.join(out, name), "rb").read() == open(os.path.join(cont, name), "rb").read(), name
    return 4


def main():
    casus = os.path.abspath(sys.argv[1])
    docs = documented()
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "run")
    run([casus, "run", os.path.join(ROOT, "scenarios", "ally-energy.ron"), "--out", out, "--quiet"])
    loaded = 0
    for name in sorted(os.listdir(out)):
        path = os.path.join(out, name)
        if name.endswith(".csv"):
            df = pd.read_csv(path)
            assert len(df) > 0 or name in ("responses.csv",), f"{name} is empty"
            check_columns(name, list(df.columns), docs)
        elif name.endswith(".jsonl"):
            df = pd.read_json(path, lines=True)
            assert len(df) > 0, f"{name} is empty"
            check_columns(name, list(df.columns), docs, exact=False)
            if name == "legal.jsonl":
                assert set(df["kind"]) <= {"assessment", "decision"}, set(df["kind"])
        elif name.endswith(".json"):
            df = pd.json_normalize(json.load(open(path, encoding="utf-8")))
            assert len(df) == 1
            top = json.load(open(path, encoding="utf-8")).keys()
            check_columns(name, list(top), docs)
        else:
            continue
        loaded += 1
    # A long time series never blends States: one row per tick, State, sector and metric.
    long = pd.read_csv(os.path.join(out, "timeseries_long.csv"))
    service = long[long.metric == "service"]
    assert service.groupby(["tick", "state", "sector"]).size().max() == 1
    assert service.state.nunique() >= 2, "ally-energy has infrastructure in two States"
    assert (long.hour > 0).all()
    summary = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{16}", summary["scenario_digest"]), summary["scenario_digest"]
    assert summary["command_line"][0] == "casus" and "--out" not in summary["command_line"]

    # A small parameter sweep: two staff levels, four seeds each.
    sweep_file = os.path.join(tmp, "staff.ron")
    with open(sweep_file, "w", encoding="utf-8") as f:
        f.write(
            'Sweep(name: "staff", description: "test", scenario: "%s", seeds: (0, 4),\n'
            '  parameters: [(path: "actors[japan].defense.staff", values: [220, 290])],\n'
            '  state: "japan", threshold: "self_defense", ticks: Some(200))\n'
            % os.path.join(ROOT, "scenarios", "winter-grid.ron")
        )
    sweep_out = os.path.join(tmp, "sweep")
    run([casus, "sweep", sweep_file, "--out", sweep_out, "--quiet", "--threads", "2"])
    runs = pd.read_csv(os.path.join(sweep_out, "runs.csv"))
    check_columns("runs.csv", list(runs.columns), docs, exact=False)
    # A parameter sweep's tables are its points' tables led by the point and its values.
    lead = ["point", "actors_japan_defense_staff"]
    assert list(runs.columns[:2]) == lead, list(runs.columns)
    check_columns("seeds.csv", list(runs.columns[2:]), docs)
    assert len(runs) == 8, len(runs)
    assert sorted(runs["actors_japan_defense_staff"].unique()) == [220, 290]
    assert sorted(runs.seed.unique()) == [0, 1, 2, 3]
    crossings = pd.read_csv(os.path.join(sweep_out, "crossings.csv"))
    assert list(crossings.columns[:2]) == lead, list(crossings.columns)
    check_columns("crossings.csv", list(crossings.columns[2:]), docs)
    # The headline of the shipped sweep, from one table: attribution per staff level.
    per_level = runs.groupby("actors_japan_defense_staff")["attribution_75_hour"].count()
    assert list(per_level.index) == [220, 290]
    grid = pd.json_normalize(json.load(open(os.path.join(sweep_out, "grid.json"))), "points")
    assert len(grid) == 2
    check_columns("grid.json", list(json.load(open(os.path.join(sweep_out, "grid.json"))).keys()), docs)
    loaded += 3
    point_dir = os.path.join(sweep_out, "points")
    for point in sorted(os.listdir(point_dir)):
        d = os.path.join(point_dir, point)
        for name in ["seeds.csv", "crossings.csv", "cdf.csv", "per_seed.csv"]:
            df = pd.read_csv(os.path.join(d, name))
            assert len(df) > 0, f"{point}/{name} is empty"
            check_columns(name, list(df.columns), docs)
            loaded += 1
        for name in ["aggregate.json", "sweep.json"]:
            value = json.load(open(os.path.join(d, name), encoding="utf-8"))
            assert len(pd.json_normalize(value)) == 1
            check_columns(name, list(value.keys()), docs)
            loaded += 1
    checked = check_schemas(casus, tmp, out, sweep_out)
    loaded += check_compressed(casus, tmp, out)
    print(f"test_outputs: {loaded} files loaded and checked against docs/outputs.md, "
          f"{checked} JSON outputs (lines counted one by one) valid against schemas/")


if __name__ == "__main__":
    main()
