//! Monte Carlo sweeps: one run per seed, in parallel, streamed into aggregates that do not
//! depend on the thread count or on how the seeds were split into shards.
//!
//! A sweep writes its per-seed records in chunk files (`chunks/seeds-A-B.csv`, at most
//! [`CHUNK`] seeds each, aligned to multiples of [`CHUNK`]) as it goes, so an interrupted sweep
//! keeps what finished and `--resume` runs only what is missing. The aggregates are then folded
//! from the chunk files in seed order: a local sweep and any sharding merged afterwards give
//! the same bytes.

pub mod aggregate;
pub mod grid;
pub mod lock;
pub mod record;
pub mod slurm;

use crate::error::{Error, Result};
use crate::law::Doctrines;
use crate::report::write_atomic;
use crate::scenario::Compiled;
use aggregate::Aggregate;
pub use lock::SweepLock;
use rayon::prelude::*;
use record::{Key, SeedRecord};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Seeds per chunk file.
pub const CHUNK: u64 = 100;

/// Version of the sweep folder format. Version 2 records each chunk's seeds, row count and
/// digest (`chunks.jsonl` while running, `chunks` in `sweep.json` once complete).
pub const FORMAT: &str = "casus-sweep/2";

/// The most worker threads any command accepts (`--threads`).
pub const MAX_THREADS: usize = 1024;

/// The most bisection steps `casus tipping --iterations` accepts: 60 halvings already reach
/// the precision of a 64-bit float on any range.
pub const MAX_TIPPING_ITERATIONS: u32 = 60;

/// The most points a sweep file's parameter grid may have (the product of the numbers of
/// values).
pub const MAX_GRID_POINTS: u64 = 10_000;

/// The record of one chunk file: its seeds, its number of seed rows and its digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChunkRecord {
    /// The file's name in `chunks/`.
    pub file: String,
    /// The seeds it holds.
    pub seeds: SeedRange,
    /// Seed rows (the header not counted).
    pub rows: u64,
    /// 64-bit FNV-1a of the file's bytes, in hex.
    pub fnv1a64: String,
}

impl ChunkRecord {
    fn of(chunk: SeedRange, bytes: &[u8]) -> ChunkRecord {
        ChunkRecord {
            file: chunk_name(chunk),
            seeds: chunk,
            rows: chunk.len(),
            fnv1a64: format!("{:016x}", crate::report::fnv1a(bytes)),
        }
    }

    /// Whether `bytes` are the file this record describes.
    fn matches(&self, bytes: &[u8]) -> bool {
        self.fnv1a64 == format!("{:016x}", crate::report::fnv1a(bytes))
            && bytes.iter().filter(|&&b| b == b'\n').count() as u64 == self.rows + 1
    }
}

/// A half-open range of seeds `[start, end)`, written `A..B` (or `A..=B` to include `B`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SeedRange {
    /// First seed.
    pub start: u64,
    /// One past the last seed.
    pub end: u64,
}

impl SeedRange {
    /// Number of seeds.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::str::FromStr for SeedRange {
    type Err = Error;
    fn from_str(s: &str) -> Result<SeedRange> {
        let bad = || {
            Error::Usage(format!(
                "`{s}` is not a seed range: expected `A..B` (B excluded) or `A..=B`, e.g. `0..1000`"
            ))
        };
        let (a, b, inclusive) = if let Some((a, b)) = s.split_once("..=") {
            (a, b, true)
        } else {
            let (a, b) = s.split_once("..").ok_or_else(bad)?;
            (a, b, false)
        };
        let start: u64 = a.trim().parse().map_err(|_| bad())?;
        let end: u64 = b.trim().parse().map_err(|_| bad())?;
        let end = if inclusive {
            end.checked_add(1).ok_or_else(bad)?
        } else {
            end
        };
        if end <= start {
            return Err(Error::Usage(format!(
                "`{s}` is empty: the end must be after the start"
            )));
        }
        Ok(SeedRange { start, end })
    }
}

/// Shard `index` of `count`: a contiguous block of the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shard {
    /// 0-based index.
    pub index: u32,
    /// Number of shards.
    pub count: u32,
}

impl Shard {
    /// Parses `I/N`, or `auto` (or `auto/N`) to read the index from the job scheduler's
    /// environment: Slurm's `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT`, or Kubernetes'
    /// `JOB_COMPLETION_INDEX` (with the count from `auto/N` or `CASUS_SHARD_COUNT`).
    pub fn parse(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Shard> {
        let num = |v: Option<String>, what: &str| -> Result<u32> {
            v.ok_or_else(|| Error::Usage(format!("--shard {s}: {what} is not set")))?
                .trim()
                .parse()
                .map_err(|_| Error::Usage(format!("--shard {s}: {what} is not a number")))
        };
        let shard = if let Some(rest) = s.strip_prefix("auto") {
            let given = rest.strip_prefix('/').map(|n| n.to_string());
            if env("SLURM_ARRAY_TASK_ID").is_some() {
                Shard {
                    index: num(env("SLURM_ARRAY_TASK_ID"), "SLURM_ARRAY_TASK_ID")?,
                    count: num(
                        given.or(env("SLURM_ARRAY_TASK_COUNT")),
                        "SLURM_ARRAY_TASK_COUNT",
                    )?,
                }
            } else if env("JOB_COMPLETION_INDEX").is_some() {
                Shard {
                    index: num(env("JOB_COMPLETION_INDEX"), "JOB_COMPLETION_INDEX")?,
                    count: num(given.or(env("CASUS_SHARD_COUNT")), "CASUS_SHARD_COUNT")?,
                }
            } else {
                return Err(Error::Usage(format!(
                    "--shard {s}: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set: pass --shard I/N"
                )));
            }
        } else {
            let (i, n) = s.split_once('/').ok_or_else(|| {
                Error::Usage(format!(
                    "--shard {s}: expected `I/N`, e.g. `0/4`, or `auto`"
                ))
            })?;
            Shard {
                index: num(Some(i.to_string()), "the index")?,
                count: num(Some(n.to_string()), "the count")?,
            }
        };
        if shard.count == 0 || shard.index >= shard.count {
            return Err(Error::Usage(format!(
                "--shard {s}: expected an index from 0 to count - 1"
            )));
        }
        Ok(shard)
    }

    /// This shard's block of `seeds`.
    pub fn block(&self, seeds: SeedRange) -> SeedRange {
        let len = seeds.len() as u128;
        let at = |i: u32| seeds.start + (len * u128::from(i) / u128::from(self.count)) as u64;
        SeedRange {
            start: at(self.index),
            end: at(self.index + 1),
        }
    }
}

/// What a sweep folder holds: `sweep.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Manifest {
    /// Format version.
    pub format: String,
    /// Scenario name.
    pub scenario: String,
    /// Digest of the scenario file and the doctrines: runs of different inputs never merge.
    pub digest: String,
    /// casus version.
    pub casus_version: String,
    /// All the seeds of the sweep.
    pub seeds: SeedRange,
    /// The shard this folder ran, if any.
    pub shard: Option<Shard>,
    /// The seeds this folder ran.
    pub block: SeedRange,
    /// Ticks per run.
    pub ticks: u32,
    /// Hours per tick (1 in sweeps written before it was recorded).
    #[serde(default = "one_hour")]
    pub tick_hours: f64,
    /// Doctrine ids.
    pub doctrines: Vec<String>,
    /// Whether every seed of the block finished.
    pub complete: bool,
    /// Every chunk of the block, in seed order, once the block is complete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chunks: Vec<ChunkRecord>,
}

fn one_hour() -> f64 {
    1.0
}

/// The digest that identifies a sweep's inputs.
pub fn digest(scenario_text: &str, plan: &Compiled, doctrines: &Doctrines, ticks: u32) -> String {
    let ids = doctrines.ids().join(",");
    format!(
        "{:016x}",
        crate::rng::stable_hash(&[scenario_text, &ids, &plan.name, &ticks.to_string()])
    )
}

fn chunk_name(r: SeedRange) -> String {
    format!("seeds-{}-{}.csv", r.start, r.end - 1)
}

fn parse_chunk_name(name: &str) -> Option<SeedRange> {
    let (a, b) = name
        .strip_prefix("seeds-")?
        .strip_suffix(".csv")?
        .split_once('-')?;
    Some(SeedRange {
        start: a.parse().ok()?,
        end: b.parse::<u64>().ok()? + 1,
    })
}

/// The chunks of a block, aligned to multiples of [`CHUNK`], produced one at a time (a block
/// may hold up to 2^64 - 1 seeds).
pub fn chunks(block: SeedRange) -> impl Iterator<Item = SeedRange> {
    let mut s = block.start;
    std::iter::from_fn(move || {
        if s >= block.end {
            return None;
        }
        let e = (s / CHUNK)
            .checked_add(1)
            .and_then(|n| n.checked_mul(CHUNK))
            .unwrap_or(u64::MAX)
            .min(block.end);
        let r = SeedRange { start: s, end: e };
        s = e;
        Some(r)
    })
}

/// The chunk records of a sweep folder's `chunks.jsonl`, latest record per file. Lines that
/// do not parse (a record cut short when the process was killed) are ignored: their chunks
/// are run again.
fn read_ledger(dir: &Path) -> std::collections::BTreeMap<String, ChunkRecord> {
    let mut out = std::collections::BTreeMap::new();
    if let Ok(text) = crate::scenario::read_text_file(&dir.join("chunks.jsonl"), 1 << 30) {
        for line in text.lines() {
            if let Ok(r) = serde_json::from_str::<ChunkRecord>(line) {
                out.insert(r.file.clone(), r);
            }
        }
    }
    out
}

fn append_ledger(dir: &Path, r: &ChunkRecord) -> Result<()> {
    let path = dir.join("chunks.jsonl");
    crate::report::check_target(&path)?;
    let line = serde_json::to_string(r).map_err(|e| write_err(&path, e))? + "\n";
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| write_err(&path, e))?;
    f.write_all(line.as_bytes())
        .and_then(|()| f.sync_data())
        .map_err(|e| write_err(&path, e))
}

/// How to run a sweep.
pub struct Plan {
    /// The scenario.
    pub scenario: Arc<Compiled>,
    /// The doctrines.
    pub doctrines: Arc<Doctrines>,
    /// Ticks per run.
    pub ticks: u32,
    /// The input digest.
    pub digest: String,
    /// All seeds.
    pub seeds: SeedRange,
    /// This process's shard.
    pub shard: Option<Shard>,
    /// Worker threads.
    pub threads: usize,
}

fn write_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join("sweep.json");
    let text = crate::scenario::read_text_file(&path, 256 << 20)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Syntax(Box::new(crate::error::Diagnostic {
            file: path.clone(),
            location: Some((e.line(), e.column())),
            path: String::new(),
            message: format!("not a sweep manifest: {e}"),
            help: Some("sweep folders are written by `casus sweep`".into()),
        }))
    })
}

/// Runs the seeds of this process's block that are not done yet, writing chunk files into
/// `out`; calls `progress(done, total)` as seeds finish. `stop` is polled between chunks: when
/// it returns true the sweep stops, keeping what finished. Returns whether every seed is done.
///
/// Locks `out` for its own duration only; a sweep that goes on to [`finalize_locked`] takes
/// the lock first ([`SweepLock::take`]) and calls [`run_locked`], so that no other process can
/// take the folder between the last chunk and the aggregates.
pub fn run(
    p: &Plan,
    out: &Path,
    resume: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<bool> {
    check_plan(p)?;
    run_locked(p, &SweepLock::take(out)?, resume, progress, stop)
}

fn check_plan(p: &Plan) -> Result<()> {
    if p.threads > MAX_THREADS {
        return Err(Error::Usage(format!(
            "{} threads: expected 1 to {MAX_THREADS}",
            p.threads
        )));
    }
    Ok(())
}

/// [`run`] into the folder `held` holds: the lock stays held when it returns.
pub fn run_locked(
    p: &Plan,
    held: &SweepLock,
    resume: bool,
    progress: &(dyn Fn(u64, u64) + Sync),
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<bool> {
    check_plan(p)?;
    let out = held.dir();
    let block = p.shard.map_or(p.seeds, |s| s.block(p.seeds));
    let keys = record::keys(
        &p.scenario,
        &p.doctrines
            .ids()
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    );
    let manifest = Manifest {
        format: FORMAT.into(),
        scenario: p.scenario.name.clone(),
        digest: p.digest.clone(),
        casus_version: env!("CARGO_PKG_VERSION").into(),
        seeds: p.seeds,
        shard: p.shard,
        block,
        ticks: p.ticks,
        tick_hours: p.scenario.tick_hours,
        doctrines: p.doctrines.ids().iter().map(|s| s.to_string()).collect(),
        complete: false,
        chunks: Vec::new(),
    };
    if out.join("sweep.json").exists() {
        let old = read_manifest(out)?;
        let same = Manifest {
            complete: old.complete,
            chunks: old.chunks.clone(),
            ..manifest.clone()
        } == old;
        if !resume && old.complete {
            return Err(Error::Usage(format!(
                "{} already holds a finished sweep: pass --force to replace it, or choose another --out",
                out.display()
            )));
        }
        if !resume {
            return Err(Error::Usage(format!(
                "{} already holds an unfinished sweep: pass --resume to complete it, --force to start it again, or choose another --out",
                out.display()
            )));
        }
        if !same {
            return Err(Error::Usage(format!(
                "{} holds a different sweep (scenario, seeds, shard, doctrines or version differ): cannot resume it",
                out.display()
            )));
        }
    }
    let chunk_dir = out.join("chunks");
    std::fs::create_dir_all(&chunk_dir).map_err(|e| write_err(&chunk_dir, e))?;
    write_manifest(out, &manifest)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(p.threads.max(1))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", p.threads)))?;
    let done = std::sync::atomic::AtomicU64::new(0);
    let total = block.len();
    let header = SeedRecord::header(&keys);
    let mut ledger = read_ledger(out);
    let mut records = Vec::new();
    for chunk in chunks(block) {
        let path = chunk_dir.join(chunk_name(chunk));
        // A chunk is kept only if its bytes match the record written when it was finished;
        // a missing, truncated or altered chunk is run again.
        let kept = ledger
            .get(&chunk_name(chunk))
            .filter(|r| r.seeds == chunk)
            .filter(|r| std::fs::read(&path).is_ok_and(|b| r.matches(&b)))
            .cloned();
        if let Some(r) = kept {
            records.push(r);
            let n = done.fetch_add(chunk.len(), std::sync::atomic::Ordering::Relaxed) + chunk.len();
            progress(n, total);
            continue;
        }
        if stop() {
            return Ok(false);
        }
        let rows: Vec<Option<SeedRecord>> = pool.install(|| {
            (chunk.start..chunk.end)
                .into_par_iter()
                .map(|seed| {
                    // Polled before every seed, so that a signal stops the sweep within one
                    // seed's run rather than one chunk's.
                    if stop() {
                        return None;
                    }
                    let output = crate::sim::run_with(
                        p.scenario.clone(),
                        seed,
                        p.ticks,
                        p.doctrines.clone(),
                        &mut |_, _| {},
                    );
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    progress(n, total);
                    Some(SeedRecord::from_run(seed, &output, &keys))
                })
                .collect()
        });
        if rows.iter().any(Option::is_none) {
            return Ok(false);
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).map_err(|e| write_err(&path, e))?;
        for r in rows.iter().flatten() {
            w.write_record(r.cells()).map_err(|e| write_err(&path, e))?;
        }
        let bytes = w.into_inner().map_err(|e| write_err(&path, e))?;
        write_atomic(&path, &bytes)?;
        let record = ChunkRecord::of(chunk, &bytes);
        append_ledger(out, &record)?;
        ledger.insert(record.file.clone(), record.clone());
        records.push(record);
    }
    write_manifest(
        out,
        &Manifest {
            complete: true,
            chunks: records,
            ..manifest
        },
    )?;
    Ok(true)
}

fn write_manifest(dir: &Path, m: &Manifest) -> Result<()> {
    let text = serde_json::to_string_pretty(m).map_err(|e| write_err(dir, e))? + "\n";
    write_atomic(&dir.join("sweep.json"), text.as_bytes())
}

/// Folds the chunk files of one or more sweep folders (a local sweep, or the shards of one)
/// into `out`: `per_seed.csv`, `aggregate.json` and the charts. Refuses folders that overlap,
/// leave seeds missing, are incomplete, or come from different inputs or versions, and chunks
/// that do not match the digests their folder's `sweep.json` records.
///
/// The folder merged into is locked like a sweep folder: a sweep or another merge writing it
/// at the same time fails at once. A sweep finalizing its own folder passes the lock it ran
/// under to [`finalize_locked`] instead.
pub fn finalize(dirs: &[PathBuf], out: &Path) -> Result<serde_json::Value> {
    if dirs.is_empty() {
        return Err(Error::Usage("no sweep folders to merge".into()));
    }
    finalize_locked(dirs, &SweepLock::take(out)?)
}

/// [`finalize`] into the folder `held` holds: the lock stays held when it returns.
pub fn finalize_locked(dirs: &[PathBuf], held: &SweepLock) -> Result<serde_json::Value> {
    if dirs.is_empty() {
        return Err(Error::Usage("no sweep folders to merge".into()));
    }
    let out = held.dir();
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| read_manifest(d))
        .collect::<Result<_>>()?;
    let first = &manifests[0];
    for (d, m) in dirs.iter().zip(&manifests) {
        let differs = |what: &str| {
            Error::Usage(format!(
                "{}: {what} differs from {}'s: these are not shards of one sweep",
                d.display(),
                dirs[0].display()
            ))
        };
        if m.format != first.format || m.casus_version != first.casus_version {
            return Err(differs("the casus version"));
        }
        if m.scenario != first.scenario
            || m.digest != first.digest
            || m.ticks != first.ticks
            || m.doctrines != first.doctrines
        {
            return Err(differs("the scenario (or its doctrines or ticks)"));
        }
        if m.seeds != first.seeds {
            return Err(differs("the seed range"));
        }
        if !m.complete {
            return Err(Error::Usage(format!(
                "{}: the sweep is incomplete: finish it with `casus sweep ... --resume`",
                d.display()
            )));
        }
    }
    // Every chunk, from every folder, in seed order; they must tile the seeds exactly.
    let mut pieces: Vec<(SeedRange, PathBuf)> = Vec::new();
    let mut recorded: std::collections::BTreeMap<PathBuf, ChunkRecord> = Default::default();
    for (d, m) in dirs.iter().zip(&manifests) {
        let chunk_dir = d.join("chunks");
        let entries = std::fs::read_dir(&chunk_dir).map_err(|e| Error::Read {
            path: chunk_dir.clone(),
            message: e.to_string(),
        })?;
        let records: std::collections::BTreeMap<&str, &ChunkRecord> =
            m.chunks.iter().map(|c| (c.file.as_str(), c)).collect();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(r) = parse_chunk_name(&name) {
                if m.format != "casus-sweep/1" {
                    let rec = records.get(name.as_str()).ok_or_else(|| Error::Read {
                        path: e.path(),
                        message: "this chunk is not recorded in sweep.json: it does not belong to the sweep; remove it, or re-run the sweep with --resume".into(),
                    })?;
                    recorded.insert(e.path(), (*rec).clone());
                }
                pieces.push((r, e.path()));
            }
        }
    }
    pieces.sort_by_key(|(r, _)| (r.start, r.end));
    let mut next = first.seeds.start;
    for (r, path) in &pieces {
        if r.start < next {
            return Err(Error::Usage(format!(
                "{}: seeds {}..{} overlap seeds already given by another folder",
                path.display(),
                r.start,
                r.end
            )));
        }
        if r.start > next {
            return Err(Error::Usage(format!(
                "seeds {}..{} are missing: no folder holds them",
                next, r.start
            )));
        }
        next = r.end;
    }
    if next < first.seeds.end {
        return Err(Error::Usage(format!(
            "seeds {}..{} are missing: no folder holds them",
            next, first.seeds.end
        )));
    }
    std::fs::create_dir_all(out).map_err(|e| write_err(out, e))?;
    crate::report::check_target(&out.join("per_seed.csv"))?;
    let keys_header: Vec<String>;
    let n_keys;
    {
        let (_, p0) = &pieces[0];
        let mut rdr = csv::Reader::from_path(p0).map_err(|e| Error::Read {
            path: p0.clone(),
            message: e.to_string(),
        })?;
        keys_header = rdr
            .headers()
            .map_err(|e| Error::Read {
                path: p0.clone(),
                message: e.to_string(),
            })?
            .iter()
            .map(str::to_string)
            .collect();
        n_keys = keys_header
            .len()
            .saturating_sub(1 + record::HARM.len() + 2 + 6 + 1);
    }
    let keys: Vec<Key> = keys_header[1..=n_keys]
        .iter()
        .map(|c| {
            let known = [
                "collective_self_defense",
                "use_of_force",
                "armed_attack",
                "self_defense",
            ];
            known
                .iter()
                .find_map(|t| {
                    let pos = c.find(&format!(".{t}."))?;
                    Some(Key {
                        state: c[..pos].to_string(),
                        threshold: t,
                        doctrine: c[pos + t.len() + 2..].to_string(),
                    })
                })
                .unwrap_or(Key {
                    state: c.clone(),
                    threshold: "use_of_force",
                    doctrine: String::new(),
                })
        })
        .collect();
    let mut agg = Aggregate::new(keys, first.ticks);
    let per_seed_path = out.join("per_seed.csv");
    let tmp = out.join(format!(".per_seed.csv.tmp-{}", std::process::id()));
    let mut deaths = Vec::new();
    {
        let file = std::fs::File::create(&tmp).map_err(|e| write_err(&tmp, e))?;
        let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
        w.write_record(&keys_header)
            .map_err(|e| write_err(&tmp, e))?;
        for (_, path) in &pieces {
            let bytes = std::fs::read(path).map_err(|e| Error::Read {
                path: path.clone(),
                message: e.to_string(),
            })?;
            if let Some(rec) = recorded.get(path)
                && !rec.matches(&bytes)
            {
                return Err(Error::Read {
                    path: path.clone(),
                    message: format!(
                        "this chunk (seeds {}..{}) does not match its record in sweep.json: it is truncated or was changed; `casus sweep ... --resume` runs it again",
                        rec.seeds.start, rec.seeds.end
                    ),
                });
            }
            let mut rdr = csv::Reader::from_reader(bytes.as_slice());
            if rdr
                .headers()
                .map(|h| h.iter().map(str::to_string).collect::<Vec<_>>() != keys_header)
                .unwrap_or(true)
            {
                return Err(Error::Usage(format!(
                    "{}: its columns differ from the other chunks'",
                    path.display()
                )));
            }
            for (i, rec) in rdr.records().enumerate() {
                let rec = rec.map_err(|e| Error::Read {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                let cells: Vec<&str> = rec.iter().collect();
                let r = SeedRecord::parse(&cells, n_keys).ok_or_else(|| Error::Read {
                    path: path.clone(),
                    message: format!("row {} is not a seed record", i + 2),
                })?;
                if !agg.push(&r) {
                    return Err(Error::Read {
                        path: path.clone(),
                        message: format!("seed {} is out of order or repeated", r.seed),
                    });
                }
                deaths.push(r.harm[0]);
                w.write_record(&cells).map_err(|e| write_err(&tmp, e))?;
            }
        }
        let mut inner = w.into_inner().map_err(|e| write_err(&tmp, e))?;
        inner.flush().map_err(|e| write_err(&tmp, e))?;
        inner.get_ref().sync_all().map_err(|e| write_err(&tmp, e))?;
    }
    std::fs::rename(&tmp, &per_seed_path).map_err(|e| write_err(&per_seed_path, e))?;
    if agg.seeds() != first.seeds.len() {
        return Err(Error::Usage(format!(
            "the chunks hold {} seeds, the sweep has {}",
            agg.seeds(),
            first.seeds.len()
        )));
    }
    let mut value = agg.to_json(first.tick_hours);
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("scenario".into(), first.scenario.clone().into());
        m.insert("digest".into(), first.digest.clone().into());
        m.insert("casus_version".into(), first.casus_version.clone().into());
        m.insert("tick_hours".into(), first.tick_hours.into());
        m.insert(
            "seed_range".into(),
            serde_json::json!([first.seeds.start, first.seeds.end]),
        );
        m.insert("doctrines".into(), serde_json::json!(first.doctrines));
    }
    let text = serde_json::to_string_pretty(&value).map_err(|e| write_err(out, e))? + "\n";
    write_atomic(&out.join("aggregate.json"), text.as_bytes())?;
    let per_seed = std::fs::read(&per_seed_path).map_err(|e| Error::Read {
        path: per_seed_path.clone(),
        message: e.to_string(),
    })?;
    crate::report::tidy::write_sweep_tables(&per_seed, first.tick_hours, out)?;
    crate::report::tidy::write_cdf(&value, first.tick_hours, out)?;
    crate::report::sweep_charts::write_all(&value, &deaths, out)?;
    Ok(value)
}
