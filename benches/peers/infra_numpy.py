"""The infrastructure stage of casus in vectorised NumPy: a peer to measure against.

Rules covered, as in `src/sim/infrastructure.rs` and `src/sim/baseline.rs`:
  * effects on capacity (level held down to 1 - intensity for the effect's duration, or the
    spare-part lead time after physical damage; slower recovery after destruction);
  * grid collapse (a grid losing `collapse_mw` of generation in a tick goes down, its nodes
    restarting in black-start order);
  * restoration at each node's rate, with crews per region (only the first `crews` nodes of a
    region's repair order recover each tick) at the pace its telecommunications allow;
  * the cascade through dependencies from last tick's service, with buffers (stock spent in
    proportion to the shortfall of covered providers, refilled while they deliver);
  * person-hours without service per (service area, sector).
Not covered: the harm model's per-area hazard and bands (`harm_model::account`, a loop over
service areas, not nodes) and the events and legal records the ECS stage raises.

The load is `sim::baseline::load_for_tick`: at tick t node i is hit when
(i * 7919 + t * 104729) % 100 == 0, by disruption, data destruction or physical damage as
i % 3, intensity 0.8, for 3 ticks.
"""

import json
import time
from pathlib import Path

import numpy as np

F32 = np.float32
ONE = F32(1.0)


def load(dir_):
    d = Path(dir_)
    meta = json.loads((d / "world.json").read_text())

    def arr(name, dtype):
        return np.fromfile(d / name, dtype=dtype)

    types = {"u32": "<u4", "f32": "<f4", "f64": "<f8"}
    w = {k: arr(f"{k}.{t}", types[t]) for k, t in [
        ("offsets", "u32"), ("on", "u32"), ("strength", "f32"), ("sector", "u32"),
        ("area", "u32"), ("population", "f64"), ("recovery", "f32"), ("spare_ticks", "u32"),
        ("capacity_mw", "f64"), ("grid_of", "u32"), ("backup_node", "u32"),
        ("backup_hours", "f32"), ("backup_refill", "f32"), ("backup_covers", "u32"),
        ("crew_region", "u32"), ("crew_rank", "u32"), ("service_after", "f32"),
        ("restart_node", "u32"), ("restart_hold", "u32"), ("restart_grid", "u32")]}
    w["meta"] = meta
    return w


class Peer:
    """The world's state as arrays, advanced one tick at a time."""

    def __init__(self, w):
        m = w["meta"]
        self.w = w
        n = m["nodes"]
        self.n = n
        self.th = F32(m["tick_hours"])
        self.milli_hours = m["tick_hours"] * 1000.0
        self.level = np.ones(n, F32)
        self.held = np.zeros(n, np.int64)
        self.base = w["recovery"].astype(F32)
        self.rate = self.base.copy()
        self.service = np.ones(n, F32)
        offsets = w["offsets"].astype(np.int64)
        self.deg = np.diff(offsets)
        self.src = np.repeat(np.arange(n, dtype=np.int64), self.deg)  # dependent of each edge
        self.on = w["on"].astype(np.int64)
        self.strength = w["strength"]
        self.starts = offsets[:-1]
        self.has_deps = self.deg > 0
        # Buffers.
        self.bnode = w["backup_node"].astype(np.int64)
        self.stock = w["backup_hours"].copy()
        self.bhours = w["backup_hours"]
        self.brefill = w["backup_refill"]
        buffered = np.zeros(n, bool)
        buffered[self.bnode] = True
        self.buffered = buffered
        covers_of_node = np.zeros(n, np.uint32)
        covers_of_node[self.bnode] = w["backup_covers"]
        sector = w["sector"]
        self.edge_covered = ((covers_of_node[self.src] >> sector[self.on]) & 1).astype(bool)
        self.edge_buffered = buffered[self.src]
        # Crews.
        self.crew_region = w["crew_region"].astype(np.int64)
        self.crew_rank = w["crew_rank"].astype(np.int64)
        self.crews = np.array(m["crews"], np.int64)
        self.telecom_dep = np.array(m["telecom_dependence"], F32)
        self.telecom = [np.array(t, np.int64) for t in m["telecom"]]
        self.is_telecom = sector == m["information_communications"]
        # Grids.
        self.grid_of = w["grid_of"].astype(np.int64)
        self.collapse_mw = np.array(m["collapse_mw"], np.float64)
        self.restart_node = w["restart_node"].astype(np.int64)
        self.restart_hold = w["restart_hold"].astype(np.int64)
        self.restart_grid = w["restart_grid"].astype(np.int64)
        self.factor = np.array([1.0, m["data_destruction_factor"], m["physical_damage_factor"]],
                               np.float64).astype(F32)
        self.slot = w["area"].astype(np.int64) * m["sectors"] + sector
        self.slots = m["areas"] * m["sectors"]
        self.population = w["population"]
        self.spare = w["spare_ticks"].astype(np.int64)
        self.mw = w["capacity_mw"]

    def effects(self, t):
        i = np.arange(self.n, dtype=np.int64)
        hit = i[(i * 7919 + t * 104729) % 100 == 0]
        if hit.size == 0:
            return
        kind = hit % 3
        before = self.level[hit]
        after = np.minimum(before, ONE - F32(0.8))
        self.level[hit] = after
        hold = np.where(kind == 2, np.maximum(3, self.spare[hit]), 3)
        self.held[hit] = np.maximum(self.held[hit], hold)
        self.rate[hit] = np.minimum(self.rate[hit], self.base[hit] * self.factor[kind])
        g = self.grid_of[hit]
        on_grid = g != 0xFFFFFFFF
        if on_grid.any() and self.collapse_mw.size:
            lost = np.zeros(self.collapse_mw.size)
            drop = np.maximum(before[on_grid] - after[on_grid], F32(0)).astype(np.float64)
            np.add.at(lost, g[on_grid], self.mw[hit][on_grid] * drop)
            down = (lost > 0) & (lost >= self.collapse_mw)
            if down.any():
                r = down[self.restart_grid]
                nodes = self.restart_node[r]
                self.level[nodes] = F32(0)
                self.held[nodes] = np.maximum(self.held[nodes], self.restart_hold[r])

    def restore(self):
        held = self.held > 0
        self.held[held] -= 1
        low = ~held & (self.level < ONE)
        free = low & (self.crew_region == 0xFFFFFFFF)
        self.recover(np.flatnonzero(free), None)
        waiting = np.flatnonzero(low & ~free)
        if waiting.size == 0:
            return
        region = self.crew_region[waiting]
        order = np.lexsort((self.crew_rank[waiting], region))
        waiting, region = waiting[order], region[order]
        first = np.searchsorted(region, region, side="left")
        place = np.arange(region.size) - first
        go = place < self.crews[region]
        pace = np.ones(self.crews.size, F32)
        for r, tel in enumerate(self.telecom):
            if tel.size:
                # Summed in order in float32, as the Rust code does.
                s = np.cumsum(self.service[tel], dtype=F32)[-1]
                pace[r] = ONE - self.telecom_dep[r] * (ONE - s / F32(tel.size))
        nodes = waiting[go]
        p = np.where(self.is_telecom[nodes], ONE, pace[region[go]])
        self.recover(nodes, p)

    def recover(self, nodes, pace):
        if nodes.size == 0:
            return
        step = self.rate[nodes] if pace is None else self.rate[nodes] * pace
        lv = np.minimum(self.level[nodes] + step, ONE)
        self.level[nodes] = lv
        full = lv >= ONE
        self.rate[nodes[full]] = self.base[nodes[full]]

    def cascade(self):
        prev = self.service
        limit = ONE - self.strength * (ONE - prev[self.on])
        # Unbuffered nodes: own capacity limited by every provider.
        plain = np.where(self.edge_buffered, ONE, limit)
        worst = np.ones(self.n, F32)
        worst[self.has_deps] = np.minimum.reduceat(plain, self.starts[self.has_deps])
        new = np.minimum(self.level, worst)
        # Buffered nodes: covered and open providers apart.
        b = self.bnode
        own = self.level[b]
        cov = np.where(self.edge_buffered & self.edge_covered, limit, ONE)
        opn = np.where(self.edge_buffered & ~self.edge_covered, limit, ONE)
        c = np.ones(self.n, F32)
        o = np.ones(self.n, F32)
        c[self.has_deps] = np.minimum.reduceat(cov, self.starts[self.has_deps])
        o[self.has_deps] = np.minimum.reduceat(opn, self.starts[self.has_deps])
        open_ = np.minimum(own, o[b])
        got = np.minimum(np.minimum(own, c[b]), open_)
        short = got < open_
        need = (open_ - got) * self.th
        enough = short & (self.stock >= need)
        spent = short & ~enough
        with np.errstate(divide="ignore", invalid="ignore"):
            part = np.where(spent, self.stock / need, F32(0))
        s = np.where(spent, got + (open_ - got) * part, open_)
        self.stock = np.where(~short, np.minimum(self.stock + self.brefill, self.bhours),
                              np.where(enough, self.stock - need, F32(0))).astype(F32)
        new[b] = s
        self.service = new

    def harm(self):
        s = self.service
        out = s < ONE
        mph = np.round(self.population[out] * (1.0 - s[out].astype(np.float64)) * self.milli_hours)
        return np.bincount(self.slot[out], weights=mph, minlength=self.slots)

    def step(self, t=None):
        if t is not None:
            self.effects(t)
        self.restore()
        self.cascade()
        return self.harm()


def measure(dir_):
    """Times quiet and in-flight ticks per node-tick, as `examples/infra_ticks.rs` does, and
    checks the service after the in-flight ticks against the Rust run's."""
    w = load(dir_)
    m = w["meta"]
    warm, ticks, n = m["warm_ticks"], m["ticks"], m["nodes"]
    p = Peer(w)
    p.step()
    t0 = time.perf_counter()
    for _ in range(ticks):
        p.step()
    quiet = (time.perf_counter() - t0) * 1e9 / (n * ticks)
    p = Peer(w)
    for t in range(warm):
        p.step(t)
    t0 = time.perf_counter()
    for t in range(warm, warm + ticks):
        p.step(t)
    busy = (time.perf_counter() - t0) * 1e9 / (n * ticks)
    diff = p.service != w["service_after"]
    return {
        "quiet": quiet,
        "in_flight": busy,
        "nodes_differing": int(diff.sum()),
        "max_difference": float(np.abs(p.service - w["service_after"]).max()),
    }


if __name__ == "__main__":
    import sys
    print(json.dumps(measure(sys.argv[1]), indent=2))
