"""Loads every file of a run and of a parameter sweep with pandas, one call per file, and checks
its columns against docs/outputs.md.

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
    print(f"test_outputs: {loaded} files loaded and checked against docs/outputs.md")


if __name__ == "__main__":
    main()
