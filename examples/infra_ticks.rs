//! Times the infrastructure stage per node-tick on a generated world, in quiet ticks (nothing
//! hit, the world at rest) and in ticks with a cascade in flight (one node in a hundred hit
//! each tick, `sim::baseline::load_for_tick`): the ECS stage with its frontier, the ECS stage
//! forced to a full pass, and the hand-written baseline. With `--export DIR`, also writes the
//! world's arrays and the service after the in-flight ticks for the NumPy peer
//! (`benches/peers/`).
//!
//! `cargo run --release --example infra_ticks -- [NODES] [--ticks N] [--export DIR]`

use casus::scenario::{self, Compiled, generate};
use casus::sim::Simulation;
use casus::sim::baseline::{Baseline, load_for_tick};
use casus::sim::nodes::CascadeMode;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

fn world(nodes: u64) -> Compiled {
    // The benchmark's world (`benches/scale.rs`).
    let text = generate::generate(&generate::Settings {
        nodes,
        campaigns: 10,
        actors: 4,
        deps: 3,
        seed: 7,
        hours: 720,
    });
    let path = Path::new("generated.ron");
    scenario::load_str(&text, path)
        .and_then(|s| s.compile(path))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Ticks of load cycled through before measuring, so a cascade is in flight.
const WARM: u32 = 16;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut nodes, mut ticks, mut export) = (1_000_000u64, 20u32, None::<String>);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ticks" => ticks = args.next().and_then(|t| t.parse().ok()).expect("--ticks N"),
            "--export" => export = args.next(),
            n => nodes = n.parse().expect("NODES"),
        }
    }
    let plan = Arc::new(world(nodes));
    let n = plan.nodes.len() as f64;
    let loads: Vec<_> = (0..WARM + ticks).map(|t| load_for_tick(&plan, t)).collect();
    let per = |secs: f64| secs * 1e9 / (n * f64::from(ticks));

    // Quiet ticks: the world at rest.
    let mut quiet = Vec::new();
    for mode in [CascadeMode::Auto, CascadeMode::Full] {
        let mut sim = Simulation::new(plan.clone(), 1);
        sim.set_cascade_mode(mode);
        sim.step_infrastructure(&[]);
        let t0 = Instant::now();
        for _ in 0..ticks {
            sim.step_infrastructure(&[]);
        }
        quiet.push(per(t0.elapsed().as_secs_f64()));
    }
    let mut base = Baseline::new(&plan);
    base.step(&plan, &mut Vec::new());
    let t0 = Instant::now();
    for _ in 0..ticks {
        base.step(&plan, &mut Vec::new());
    }
    quiet.push(per(t0.elapsed().as_secs_f64()));

    // Ticks with a cascade in flight.
    let mut busy = Vec::new();
    let mut service = Vec::new();
    for mode in [CascadeMode::Auto, CascadeMode::Full] {
        let mut sim = Simulation::new(plan.clone(), 1);
        sim.set_cascade_mode(mode);
        for l in &loads[..WARM as usize] {
            sim.step_infrastructure(l);
        }
        let t0 = Instant::now();
        for l in &loads[WARM as usize..] {
            sim.step_infrastructure(l);
        }
        busy.push(per(t0.elapsed().as_secs_f64()));
        service = sim.service().to_vec();
    }
    let mut base = Baseline::new(&plan);
    let mut batches: Vec<_> = loads.clone();
    for l in &mut batches[..WARM as usize] {
        base.step(&plan, l);
    }
    let t0 = Instant::now();
    for l in &mut batches[WARM as usize..] {
        base.step(&plan, l);
    }
    busy.push(per(t0.elapsed().as_secs_f64()));
    assert!(
        service
            .iter()
            .zip(&base.service)
            .all(|(a, b)| a.to_bits() == b.to_bits()),
        "the ECS and the baseline agree"
    );

    println!(
        "nodes {} ticks {ticks} (after {WARM} ticks of load)",
        plan.nodes.len()
    );
    println!("ns per node-tick     ECS (frontier/auto)  ECS (full pass)  baseline");
    println!(
        "quiet                {:>19.3}  {:>15.3}  {:>8.3}",
        quiet[0], quiet[1], quiet[2]
    );
    println!(
        "in flight (1% hit)   {:>19.3}  {:>15.3}  {:>8.3}",
        busy[0], busy[1], busy[2]
    );
    if let Some(dir) = export {
        write_world(Path::new(&dir), &plan, &service, ticks).expect("export");
    }
}

/// Writes the arrays the NumPy peer needs, little-endian, one file each, and `world.json`.
fn write_world(dir: &Path, plan: &Compiled, service: &[f32], ticks: u32) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    fn put<T: Copy>(
        dir: &Path,
        name: &str,
        v: &[T],
        bytes: fn(T) -> Vec<u8>,
    ) -> std::io::Result<()> {
        let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(name))?);
        for &x in v {
            f.write_all(&bytes(x))?;
        }
        f.flush()
    }
    let u32s = |x: u32| x.to_le_bytes().to_vec();
    let f32s = |x: f32| x.to_le_bytes().to_vec();
    let f64s = |x: f64| x.to_le_bytes().to_vec();
    let nodes = &plan.nodes;
    put(dir, "offsets.u32", &plan.deps.offsets, u32s)?;
    put(dir, "on.u32", &plan.deps.on, u32s)?;
    put(dir, "strength.f32", &plan.deps.strength, f32s)?;
    let col =
        |f: fn(&casus::scenario::CompiledNode) -> u32| nodes.iter().map(f).collect::<Vec<_>>();
    put(dir, "sector.u32", &col(|x| x.sector.index() as u32), u32s)?;
    put(dir, "area.u32", &col(|x| x.area), u32s)?;
    put(dir, "owner.u32", &col(|x| u32::from(x.owner)), u32s)?;
    let pop: Vec<f64> = nodes.iter().map(|x| x.population as f64).collect();
    put(dir, "population.f64", &pop, f64s)?;
    let rate: Vec<f32> = nodes.iter().map(|x| x.recovery_per_tick).collect();
    put(dir, "recovery.f32", &rate, f32s)?;
    let spare: Vec<u32> = (0..nodes.len() as u32)
        .map(|i| plan.node_extras.get(&i).map_or(0, |x| x.spare_part_ticks))
        .collect();
    put(dir, "spare_ticks.u32", &spare, u32s)?;
    let mw: Vec<f64> = (0..nodes.len() as u32)
        .map(|i| plan.node_extras.get(&i).map_or(0.0, |x| x.capacity_mw))
        .collect();
    put(dir, "capacity_mw.f64", &mw, f64s)?;
    let grid_of: Vec<u32> = (0..nodes.len() as u32)
        .map(|i| plan.grid_of.get(&i).copied().unwrap_or(u32::MAX))
        .collect();
    put(dir, "grid_of.u32", &grid_of, u32s)?;
    let b_node: Vec<u32> = plan.backups.iter().map(|b| b.0).collect();
    put(dir, "backup_node.u32", &b_node, u32s)?;
    let b_hours: Vec<f32> = plan.backups.iter().map(|b| b.1.hours).collect();
    put(dir, "backup_hours.f32", &b_hours, f32s)?;
    let b_refill: Vec<f32> = plan.backups.iter().map(|b| b.1.refill_per_tick).collect();
    put(dir, "backup_refill.f32", &b_refill, f32s)?;
    let b_covers: Vec<u32> = plan.backups.iter().map(|b| b.1.covers).collect();
    put(dir, "backup_covers.u32", &b_covers, u32s)?;
    // Crews: each node's region (u32::MAX for none) and rank in its repair order.
    let region: Vec<u32> = plan
        .crew_key
        .iter()
        .map(|&k| {
            if k == u64::MAX {
                u32::MAX
            } else {
                (k >> 32) as u32
            }
        })
        .chain(std::iter::repeat(u32::MAX))
        .take(nodes.len())
        .collect();
    let rank: Vec<u32> = plan
        .crew_key
        .iter()
        .map(|&k| k as u32)
        .chain(std::iter::repeat(0))
        .take(nodes.len())
        .collect();
    put(dir, "crew_region.u32", &region, u32s)?;
    put(dir, "crew_rank.u32", &rank, u32s)?;
    put(dir, "service_after.f32", service, f32s)?;
    let mut restart_node = Vec::new();
    let mut restart_hold = Vec::new();
    let mut restart_grid = Vec::new();
    for (g, grid) in plan.grids.iter().enumerate() {
        for &(i, h) in &grid.restart {
            restart_node.push(i);
            restart_hold.push(h);
            restart_grid.push(g as u32);
        }
    }
    put(dir, "restart_node.u32", &restart_node, u32s)?;
    put(dir, "restart_hold.u32", &restart_hold, u32s)?;
    put(dir, "restart_grid.u32", &restart_grid, u32s)?;
    let json = serde_json::json!({
        "nodes": nodes.len(),
        "edges": plan.deps.on.len(),
        "areas": plan.areas.len(),
        "sectors": casus::model::Sector::ALL.len(),
        "tick_hours": plan.tick_hours,
        "warm_ticks": WARM,
        "ticks": ticks,
        "data_destruction_factor": plan.recovery.data_destruction_factor,
        "physical_damage_factor": plan.recovery.physical_damage_factor,
        "collapse_mw": plan.grids.iter().map(|g| g.collapse_mw).collect::<Vec<_>>(),
        "crews": plan.restoration.iter().map(|r| r.crews).collect::<Vec<_>>(),
        "telecom_dependence": plan.restoration.iter().map(|r| r.telecom_dependence).collect::<Vec<_>>(),
        "telecom": plan.restoration.iter().map(|r| r.telecom.clone()).collect::<Vec<_>>(),
        "information_communications": casus::model::Sector::InformationCommunications.index(),
    });
    std::fs::write(dir.join("world.json"), serde_json::to_string_pretty(&json)?)
}
