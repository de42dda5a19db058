"""Runs casus's infrastructure stage and its NumPy peer on one generated world and prints the
time per node-tick of each, and their ratio, in quiet ticks and in ticks with a cascade in
flight.

    python3 benches/peers/compare.py [NODES] [--ticks N]

builds and runs `cargo run --release --example infra_ticks -- NODES --export DIR` (the world
of `benches/scale.rs`: `casus generate` shape, about 2.4 dependencies a node, grids, buffers,
crews and spare parts), then `infra_numpy.py` on the exported arrays.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import infra_numpy  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("nodes", nargs="?", type=int, default=1_000_000)
    ap.add_argument("--ticks", type=int, default=20)
    args = ap.parse_args()
    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["cargo", "run", "--quiet", "--release", "--example", "infra_ticks", "--",
             str(args.nodes), "--ticks", str(args.ticks), "--export", tmp],
            cwd=root, check=True, capture_output=True, text=True).stdout
        print(out, end="")
        rust = {}
        for line in out.splitlines():
            m = re.match(r"(quiet|in flight \(1% hit\))\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
            if m:
                rust["quiet" if m[1] == "quiet" else "in_flight"] = [float(x) for x in m.groups()[1:]]
        peer = infra_numpy.measure(tmp)
    print(f"NumPy peer: quiet {peer['quiet']:.3f}, in flight {peer['in_flight']:.3f} ns per node-tick; "
          f"service after the in-flight ticks differs from casus's on {peer['nodes_differing']} "
          f"nodes (largest difference {peer['max_difference']:.3g})")
    for k, label in [("quiet", "quiet ticks"), ("in_flight", "in-flight ticks")]:
        ecs, full, base = rust[k]
        print(f"{label}: NumPy / casus ECS = {peer[k] / ecs:.2f}x "
              f"(NumPy / ECS full pass = {peer[k] / full:.2f}x, NumPy / baseline = {peer[k] / base:.2f}x)")


if __name__ == "__main__":
    main()
