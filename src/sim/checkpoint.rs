//! Checkpoints: the state of a run at one tick, saved to a file and continued later
//! (`casus run SCENARIO --save-at TICK`, `casus run --from CHECKPOINT [--decisions FILE]`).
//!
//! A checkpoint holds everything the state at tick T is a function of: the scenario text, the
//! extra doctrine files, the decisions file, the seed and the run's length; and a digest of
//! every component and resource of the world at tick T, random streams included (their seed,
//! stream and word position). Continuing rebuilds the world from those inputs, recomputes
//! ticks `0..T` and checks the recomputed state against the digest, component by component,
//! before going on: so the continuation is the uninterrupted run by construction (system-local
//! state and scheduling included), and a checkpoint written by another build of casus, or
//! whose inputs were edited, is refused with the components that differ. The file is JSON,
//! documented in `docs/play.md`, with a format version and a checksum over its content.
//!
//! Every component and resource type of the crate is either digested ([`state_digest`]) or
//! listed in [`rebuilt`] with the input it is rebuilt from; a test reads every
//! `#[derive(Component)]` and `#[derive(Resource)]` in the sources and fails, naming it, on a
//! type that is neither, so a component added to the simulation without being added here
//! fails loudly.

use super::Simulation;
use super::components::*;
use super::legal::council::SecurityCouncil;
use super::legal::decision::{Deciders, Process};
use super::legal::picture::Picture;
use super::legal::{ActorIndex, LegalState};
use crate::error::{Error, Result};
use crate::law::Doctrines;
use crate::rng::Stream;
use crate::scenario::Compiled;
use crate::scenario::decisions::{Decision, Decisions};
use bevy_ecs::component::Component;
use bevy_ecs::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::{self, Debug, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `format` field of every checkpoint file.
pub const FORMAT: &str = "casus-checkpoint";
/// The version of the checkpoint format written by this build. Version 2 adds the white
/// cell's injects (`injects`) and the digest of the run's injects; version 1 files are still
/// read.
pub const FORMAT_VERSION: u32 = 2;
/// The versions of the format this build reads.
pub const READS_VERSIONS: [u32; 2] = [1, 2];
/// The digested types a version 1 checkpoint does not hold.
const NEW_IN_V2: [&str; 1] = ["resource Injects"];
/// Largest checkpoint file read, in bytes.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// One input file, stored whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceFile {
    /// The path it was read from (used in messages only).
    pub path: String,
    /// Its text.
    pub text: String,
}

/// A checkpoint file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the writer.
    pub format_version: u32,
    /// The casus version that wrote it; another version refuses it.
    pub casus_version: String,
    /// Ticks run when it was saved: the continuation starts with tick `tick`.
    pub tick: u32,
    /// The run's length in ticks.
    pub ticks: u32,
    /// The seed.
    pub seed: u64,
    /// The scenario file.
    pub scenario: SourceFile,
    /// Extra doctrine files (`--doctrines`), in the order they were read; empty for the
    /// built-in doctrines alone.
    pub doctrines: Vec<SourceFile>,
    /// The decisions file, if the run had one.
    pub decisions: Option<SourceFile>,
    /// The command that reproduces the run the checkpoint belongs to (written in the
    /// continuation's `summary.json`).
    #[serde(default)]
    pub command_line: Vec<String>,
    /// The digest of the scenario file the run read (written in the continuation's
    /// `summary.json`).
    #[serde(default)]
    pub scenario_digest: String,
    /// The injects the white cell added before `tick` (and at it, to apply from it on), in
    /// the order added: inputs of the run like the files above. Absent in version 1, and
    /// when there are none (so that the checksum of a version 1 file reads the same).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub injects: Vec<TimedInject>,
    /// Digest of each component and resource type at `tick` (name → 16 hex digits).
    pub state: BTreeMap<String, String>,
    /// FNV-1a digest of the file with this field empty (16 hex digits).
    pub checksum: String,
}

/// A white-cell inject with the tick it applies at.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimedInject {
    /// The tick it applies at.
    pub tick: u32,
    /// The inject, as given.
    pub inject: crate::scenario::Inject,
}

impl Eq for TimedInject {}

/// The inputs of a run, as they are saved in its checkpoints.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The scenario file.
    pub scenario: SourceFile,
    /// Extra doctrine files.
    pub doctrines: Vec<SourceFile>,
    /// The decisions file.
    pub decisions: Option<SourceFile>,
    /// The seed.
    pub seed: u64,
    /// The run's length.
    pub ticks: u32,
    /// The command that reproduces the run (`summary.json`'s `command_line`).
    pub command_line: Vec<String>,
    /// The scenario file's digest (`summary.json`'s `scenario_digest`).
    pub scenario_digest: String,
}

impl Inputs {
    /// Reads the input files of a run.
    pub fn read(
        scenario: &Path,
        doctrine_folder: Option<&Path>,
        decisions: Option<&Path>,
        seed: u64,
        ticks: u32,
    ) -> Result<Inputs> {
        let source = |p: &Path, max: u64| -> Result<SourceFile> {
            Ok(SourceFile {
                path: p.display().to_string(),
                text: crate::scenario::read_text_file(p, max)?,
            })
        };
        let mut doctrines = Vec::new();
        if let Some(dir) = doctrine_folder {
            let entries = std::fs::read_dir(dir).map_err(|e| Error::Read {
                path: dir.to_path_buf(),
                message: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                .collect();
            files.sort();
            for f in files {
                doctrines.push(source(&f, 1024 * 1024)?);
            }
        }
        Ok(Inputs {
            scenario: source(scenario, crate::scenario::LIMITS.max_file_bytes)?,
            doctrines,
            decisions: decisions
                .map(|d| source(d, crate::scenario::decisions::MAX_BYTES))
                .transpose()?,
            seed,
            ticks,
            command_line: Vec::new(),
            scenario_digest: String::new(),
        })
    }

    /// The compiled scenario.
    pub fn plan(&self) -> Result<Compiled> {
        let path = Path::new(&self.scenario.path);
        crate::scenario::load_str(&self.scenario.text, path)?.compile(path)
    }

    /// The doctrines.
    pub fn doctrines(&self) -> Result<Doctrines> {
        let files: Vec<(PathBuf, String)> = self
            .doctrines
            .iter()
            .map(|f| (PathBuf::from(&f.path), f.text.clone()))
            .collect();
        Doctrines::with_files(&files)
    }

    /// The decisions, checked against `plan`.
    pub fn decisions(&self, plan: &Compiled) -> Result<Decisions> {
        match &self.decisions {
            Some(f) => {
                crate::scenario::decisions::parse(&f.text, Path::new(&f.path), plan, self.ticks)
            }
            None => Ok(Decisions::default()),
        }
    }
}

impl Checkpoint {
    /// The checkpoint of `sim` (which runs `inputs`) at its current tick.
    pub fn capture(sim: &mut Simulation, inputs: &Inputs) -> Result<Checkpoint> {
        let mut c = Checkpoint {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            casus_version: env!("CARGO_PKG_VERSION").into(),
            tick: sim.tick(),
            ticks: inputs.ticks,
            seed: inputs.seed,
            scenario: inputs.scenario.clone(),
            doctrines: inputs.doctrines.clone(),
            decisions: inputs.decisions.clone(),
            command_line: inputs.command_line.clone(),
            scenario_digest: inputs.scenario_digest.clone(),
            injects: sim
                .white_cell_injects()
                .iter()
                .map(|(tick, inject)| TimedInject {
                    tick: *tick,
                    inject: inject.clone(),
                })
                .collect(),
            state: state_digest(sim.world_mut()),
            checksum: String::new(),
        };
        c.checksum = c.digest();
        Ok(c)
    }

    fn digest(&self) -> String {
        let mut blank = self.clone();
        blank.checksum.clear();
        let bytes = serde_json::to_vec(&blank).unwrap_or_default();
        format!(
            "{:016x}",
            crate::rng::stable_hash(&[&String::from_utf8_lossy(&bytes)])
        )
    }

    /// The file's bytes (pretty JSON).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    /// Writes the checkpoint to `path` atomically.
    pub fn write(&self, path: &Path) -> Result<()> {
        crate::report::write_atomic(path, &self.to_bytes())
    }

    /// Reads and checks a checkpoint file (gzipped when its name ends in `.gz`): its format,
    /// version and checksum.
    pub fn read(path: &Path) -> Result<Checkpoint> {
        let text = crate::report::gz::read_text(path, MAX_BYTES)?;
        Checkpoint::parse(&text, path)
    }

    /// Parses and checks checkpoint text read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Checkpoint> {
        let bad = |line: usize, column: usize, message: String, help: Option<&str>| {
            Error::Syntax(Box::new(crate::error::Diagnostic {
                file: path.to_path_buf(),
                location: (line > 0).then_some((line, column)),
                path: String::new(),
                message,
                help: help.map(Into::into),
            }))
        };
        // The header first, so that a file of another format or version is named as such
        // rather than reported as a missing field.
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
            format_version: Option<u32>,
            casus_version: Option<String>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| {
            bad(
                e.line(),
                e.column(),
                format!("not a casus checkpoint: {e}"),
                Some("a checkpoint is the JSON file `casus run --save-at TICK` writes"),
            )
        })?;
        if header.format.as_deref() != Some(FORMAT) {
            return Err(bad(
                0,
                0,
                format!(
                    "not a casus checkpoint: `format` is {:?}, expected \"{FORMAT}\"",
                    header.format.unwrap_or_default()
                ),
                Some("a checkpoint is the JSON file `casus run --save-at TICK` writes"),
            ));
        }
        let version = env!("CARGO_PKG_VERSION");
        if !header
            .format_version
            .is_some_and(|v| READS_VERSIONS.contains(&v))
            || header.casus_version.as_deref() != Some(version)
        {
            return Err(bad(
                0,
                0,
                format!(
                    "written by casus {} (checkpoint format {}); this is casus {version} (format {FORMAT_VERSION})",
                    header
                        .casus_version
                        .as_deref()
                        .unwrap_or("of unknown version"),
                    header
                        .format_version
                        .map_or("unknown".to_string(), |v| v.to_string())
                ),
                Some(
                    "continue it with the casus version that wrote it, or run the scenario again from the start",
                ),
            ));
        }
        let c: Checkpoint = serde_json::from_str(text).map_err(|e| {
            bad(
                e.line(),
                e.column(),
                format!("damaged checkpoint: {e}"),
                None,
            )
        })?;
        if c.digest() != c.checksum {
            return Err(bad(
                0,
                0,
                "damaged checkpoint: its checksum does not match its content (the file was changed after it was written)".into(),
                Some("save the checkpoint again with `casus run --save-at TICK`"),
            ));
        }
        if c.tick >= c.ticks {
            return Err(bad(
                0,
                0,
                format!(
                    "damaged checkpoint: tick {} is not before the run's end ({})",
                    c.tick, c.ticks
                ),
                None,
            ));
        }
        Ok(c)
    }

    /// The inputs saved in the checkpoint.
    pub fn inputs(&self) -> Inputs {
        Inputs {
            scenario: self.scenario.clone(),
            doctrines: self.doctrines.clone(),
            decisions: self.decisions.clone(),
            seed: self.seed,
            ticks: self.ticks,
            command_line: self.command_line.clone(),
            scenario_digest: self.scenario_digest.clone(),
        }
    }

    /// Rebuilds the run at the checkpoint's tick: recomputes ticks `0..tick` from the saved
    /// inputs and checks the state against the saved digest. With `decisions` (a decisions
    /// file for ticks from `tick` on), the actors it names take those decisions from `tick`
    /// on, in place of those the checkpoint's own decisions file gave them. `ticks` overrides
    /// the run's length. `path` names the checkpoint in messages.
    pub fn resume(
        &self,
        path: &Path,
        decisions: Option<&Path>,
        ticks: Option<u32>,
    ) -> Result<Resumed> {
        let mut inputs = self.inputs();
        if let Some(t) = ticks {
            if t <= self.tick || u64::from(t) > crate::scenario::LIMITS.max_ticks {
                return Err(Error::Usage(format!(
                    "--ticks {t}: the checkpoint is at tick {}: expected {} to {}",
                    self.tick,
                    self.tick + 1,
                    crate::scenario::LIMITS.max_ticks
                )));
            }
            inputs.ticks = t;
        }
        let plan = Arc::new(inputs.plan()?);
        let doctrines = Arc::new(inputs.doctrines()?);
        let saved = inputs.decisions(&plan)?;
        let mut sim =
            Simulation::with_decisions(plan.clone(), self.seed, doctrines.clone(), &saved)
                .map_err(|e| {
                    Error::Usage(format!(
                        "{}: an inject of the saved decisions no longer fits the scenario: {e}",
                        path.display()
                    ))
                })?;
        // The white cell's injects are given again at the ticks they were given.
        let inject_at = |sim: &mut Simulation, tick: u32| -> Result<()> {
            // Those the decisions file gives are given by the simulation itself.
            let from_file = |t: &TimedInject| {
                saved
                    .injects
                    .iter()
                    .any(|(k, i)| *k == t.tick && *i == t.inject)
            };
            for t in self
                .injects
                .iter()
                .filter(|t| t.tick == tick && !from_file(t))
            {
                sim.inject(&t.inject).map_err(|e| {
                    Error::Usage(format!(
                        "{}: an inject saved at tick {} no longer fits the scenario: {e}",
                        path.display(),
                        t.tick
                    ))
                })?;
            }
            Ok(())
        };
        if let Some(t) = self.injects.iter().find(|t| t.tick > self.tick) {
            return Err(Error::Usage(format!(
                "{}: damaged checkpoint: an inject at tick {} is after its tick {}",
                path.display(),
                t.tick,
                self.tick
            )));
        }
        for t in 0..self.tick {
            inject_at(&mut sim, t)?;
            sim.step();
        }
        inject_at(&mut sim, self.tick)?;
        let mut now = state_digest(sim.world_mut());
        if self.format_version == 1 {
            for k in NEW_IN_V2 {
                now.remove(k);
            }
        }
        let differ: Vec<&str> = self
            .state
            .keys()
            .chain(now.keys())
            .filter(|k| self.state.get(*k) != now.get(*k))
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !differ.is_empty() {
            return Err(Error::Usage(format!(
                "{}: the state recomputed at tick {} differs from the saved one in {}: the checkpoint was written by another build of casus, or its inputs were edited",
                path.display(),
                self.tick,
                differ.join(", ")
            )));
        }
        let mut decisions_used = saved.clone();
        if let Some(file) = decisions {
            let new = crate::scenario::decisions::load(file, &plan, inputs.ticks)?;
            if let Some(d) = new.iter().find(|d| d.tick < self.tick) {
                return Err(Error::Usage(format!(
                    "{}: a decision at tick {} ({} {}) is before the checkpoint's tick {}: a continuation decides from tick {} on",
                    file.display(),
                    d.tick,
                    plan.actors[d.actor as usize].id,
                    d.response.as_str(),
                    self.tick,
                    self.tick
                )));
            }
            if let Some((t, i)) = new.injects.iter().find(|x| x.0 < self.tick) {
                return Err(Error::Usage(format!(
                    "{}: an inject at tick {t} ({}) is before the checkpoint's tick {}: a continuation injects from tick {} on",
                    file.display(),
                    i.kind(),
                    self.tick,
                    self.tick
                )));
            }
            decisions_used = fork_decisions(&saved, &new, self.tick);
            // Injects the checkpoint holds at its own tick were given again above.
            decisions_used.injects.retain(|(t, i)| {
                !(*t == self.tick && self.injects.iter().any(|x| x.tick == *t && x.inject == *i))
            });
            sim.world_mut()
                .insert_resource(Deciders::new(plan.actors.len(), &decisions_used));
            sim.set_decision_injects(decisions_used.injects.clone())
                .map_err(|e| {
                    Error::Usage(format!(
                        "{}: an inject of the decisions no longer fits the scenario: {e}",
                        path.display()
                    ))
                })?;
        }
        Ok(Resumed {
            simulation: sim,
            plan,
            seed: self.seed,
            ticks: inputs.ticks,
            decisions: decisions_used,
        })
    }
}

/// The decisions in force after forking at `tick` with `new`: the saved ones before `tick`, and
/// from `tick` on those of `new`, except for actors `new` does not play, who keep theirs. The
/// actors played are those either file plays; the injects, the saved ones before `tick` and
/// those of `new`.
pub fn fork_decisions(saved: &Decisions, new: &Decisions, tick: u32) -> Decisions {
    let mut out: Vec<Decision> = saved
        .iter()
        .filter(|d| d.tick < tick || !new.plays(d.actor))
        .copied()
        .collect();
    out.extend_from_slice(new);
    out.sort_by_key(|d| d.tick);
    let mut played: Vec<u16> = saved.played.iter().chain(&new.played).copied().collect();
    played.sort_unstable();
    played.dedup();
    let mut injects: Vec<(u32, crate::scenario::Inject)> = saved
        .injects
        .iter()
        .filter(|x| x.0 < tick)
        .chain(&new.injects)
        .cloned()
        .collect();
    injects.sort_by_key(|x| x.0);
    Decisions {
        list: out,
        played,
        injects,
    }
}

/// A run rebuilt from a checkpoint, ready to step on.
pub struct Resumed {
    /// The simulation, at the checkpoint's tick.
    pub simulation: Simulation,
    /// The scenario.
    pub plan: Arc<Compiled>,
    /// The seed.
    pub seed: u64,
    /// The run's length.
    pub ticks: u32,
    /// The decisions in force (saved before the tick, and the new file's after it).
    pub decisions: Decisions,
}

/// A stable 64-bit FNV-1a hasher that Debug output is written into.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn stream(&mut self, s: &Stream) {
        self.bytes(&s.get_seed());
        self.bytes(&s.get_stream().to_le_bytes());
        self.bytes(&s.get_word_pos().to_le_bytes());
    }
}

impl fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

fn debug_hash<T: Debug + ?Sized>(h: &mut Fnv, v: &T) {
    let _ = write!(h, "{v:?}");
}

/// Digests every entity's `T` (order-free: the per-entity digests are sorted).
fn component<T: Component>(
    world: &mut World,
    out: &mut BTreeMap<String, String>,
    name: &str,
    f: impl Fn(&mut Fnv, &T),
) {
    let mut q = world.query::<&T>();
    let mut each: Vec<u64> = q
        .iter(world)
        .map(|c| {
            let mut h = Fnv::new();
            f(&mut h, c);
            h.0
        })
        .collect();
    each.sort_unstable();
    let mut h = Fnv::new();
    h.bytes(&(each.len() as u64).to_le_bytes());
    for x in each {
        h.bytes(&x.to_le_bytes());
    }
    out.insert(format!("component {name}"), format!("{:016x}", h.0));
}

fn resource<T: Resource>(
    world: &World,
    out: &mut BTreeMap<String, String>,
    name: &str,
    f: impl Fn(&mut Fnv, &T),
) {
    let mut h = Fnv::new();
    match world.get_resource::<T>() {
        Some(r) => f(&mut h, r),
        None => h.bytes(b"absent"),
    }
    out.insert(format!("resource {name}"), format!("{:016x}", h.0));
}

/// The digest of every component and resource type of the simulation's state, by name:
/// each value's `Debug` form (every field, so a field added to a type is covered) and the
/// positions of its random streams.
pub fn state_digest(world: &mut World) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let d = &mut out;
    component::<Intrusion>(world, d, "Intrusion", debug_hash);
    component::<Attribution>(world, d, "Attribution", debug_hash);
    component::<Draws>(world, d, "Draws", |h, c| h.stream(&c.0));
    component::<ActorIndex>(world, d, "ActorIndex", debug_hash);
    component::<Picture>(world, d, "Picture", debug_hash);
    component::<Process>(world, d, "Process", debug_hash);
    component::<SecurityCouncil>(world, d, "SecurityCouncil", |h, c| {
        debug_hash(h, c);
        h.stream(&c.draws);
    });
    resource::<Clock>(world, d, "Clock", debug_hash);
    resource::<super::nodes::Nodes>(world, d, "Nodes", debug_hash);
    resource::<EffectQueue>(world, d, "EffectQueue", debug_hash);
    resource::<super::Pending>(world, d, "Pending", debug_hash);
    resource::<Triggers>(world, d, "Triggers", debug_hash);
    resource::<Incidents>(world, d, "Incidents", debug_hash);
    resource::<HarmLedger>(world, d, "HarmLedger", debug_hash);
    resource::<Hostility>(world, d, "Hostility", debug_hash);
    resource::<CampaignStats>(world, d, "CampaignStats", debug_hash);
    resource::<SeverityIndex>(world, d, "SeverityIndex", debug_hash);
    resource::<super::Recording>(world, d, "Recording", debug_hash);
    resource::<super::injects::Injects>(world, d, "Injects", debug_hash);
    resource::<LegalState>(world, d, "LegalState", |h, r| {
        debug_hash(h, r);
        h.stream(&r.draws);
    });
    out
}

/// The types not digested, each with the saved input it is rebuilt from.
pub fn rebuilt() -> Vec<(&'static str, &'static str)> {
    vec![
        ("Plan", "compiled from the saved scenario text"),
        (
            "LegalSetup",
            "built from the scenario and the saved doctrine files",
        ),
        (
            "Deciders",
            "built from the saved decisions file (their state is which decisions were taken, in the digested trace)",
        ),
        ("Dependents", "the reverse of the compiled dependency graph"),
        (
            "CascadeMode",
            "the cascade's pass setting, which changes no output",
        ),
        ("ActorEntities", "entity handles, rebuilt with the world"),
        ("Parallel", "the thread setting, which changes no output"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of the types deriving `Component` or `Resource` in `text` (derive attributes at
    /// the start of a line, the item after them).
    fn derived(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let mut i = 0;
        while i < lines.len() {
            if !lines[i].starts_with("#[derive(") {
                i += 1;
                continue;
            }
            let mut attr = String::new();
            while i < lines.len() {
                attr.push_str(lines[i]);
                i += 1;
                if attr.contains(")]") {
                    break;
                }
            }
            let ecs = attr
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "Component" || w == "Resource");
            while i < lines.len() && (lines[i].starts_with("#[") || lines[i].starts_with("//")) {
                i += 1;
            }
            let item = lines.get(i).and_then(|l| {
                l.split_whitespace()
                    .skip_while(|w| *w != "struct" && *w != "enum")
                    .nth(1)
            });
            if let (true, Some(name)) = (ecs, item) {
                out.push(
                    name.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect(),
                );
            }
        }
        out
    }

    fn sources(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("src")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), std::fs::read_to_string(&p).expect("source")));
            }
        }
    }

    #[test]
    fn every_component_and_resource_is_saved_or_rebuilt() {
        let plan = Arc::new(
            crate::scenario::open(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/ally-energy.ron"),
            )
            .expect("scenario"),
        );
        let mut sim = Simulation::new(plan, 1);
        sim.step();
        let digest = state_digest(sim.world_mut());
        let mut known: Vec<String> = digest
            .keys()
            .map(|k| k.split_once(' ').map_or(k.clone(), |(_, n)| n.to_string()))
            .collect();
        known.extend(rebuilt().into_iter().map(|(n, _)| n.to_string()));
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for (path, text) in &files {
            for name in derived(text) {
                if !known.contains(&name) {
                    missing.push(format!("{name} ({})", path.display()));
                }
                found.push(name);
            }
        }
        assert!(
            missing.is_empty(),
            "components or resources neither saved in a checkpoint nor rebuilt from its inputs: {missing:?}; add each to `state_digest` (or, if it is rebuilt from the saved inputs, to `rebuilt`) in src/sim/checkpoint.rs"
        );
        // The lists do not name types that no longer exist.
        let stale: Vec<&String> = known.iter().filter(|k| !found.contains(k)).collect();
        assert!(stale.is_empty(), "listed but not defined: {stale:?}");
        assert!(found.len() >= 20, "{found:?}");
    }

    #[test]
    fn the_digest_moves_with_the_state_and_the_streams() {
        let plan = Arc::new(
            crate::scenario::open(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/ally-energy.ron"),
            )
            .expect("scenario"),
        );
        let mut a = Simulation::new(plan.clone(), 1);
        let mut b = Simulation::new(plan, 1);
        assert_eq!(state_digest(a.world_mut()), state_digest(b.world_mut()));
        a.step();
        b.step();
        assert_eq!(state_digest(a.world_mut()), state_digest(b.world_mut()));
        let before = state_digest(a.world_mut());
        // One draw from one intrusion's stream changes that component's digest, nothing else.
        let mut q = a.world_mut().query::<&mut Draws>();
        let mut draws = q.iter_mut(a.world_mut()).next().expect("an intrusion");
        let _: u32 = rand::RngExt::random(&mut draws.0);
        let after = state_digest(a.world_mut());
        let changed: Vec<&String> = before
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert_eq!(changed, vec!["component Draws"]);
    }

    #[test]
    fn an_inject_moves_the_digest_of_the_injects_alone() {
        let plan = Arc::new(
            crate::scenario::open(
                &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/ally-energy.ron"),
            )
            .expect("scenario"),
        );
        let mut a = Simulation::new(plan, 1);
        a.step();
        let before = state_digest(a.world_mut());
        a.inject(&crate::scenario::Inject::AllyRequest {
            state: "southland".into(),
            against: "redland".into(),
        })
        .expect("fits");
        let after = state_digest(a.world_mut());
        let changed: Vec<&String> = before
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert_eq!(changed, vec!["resource Injects"]);
    }

    #[test]
    fn a_version_1_checkpoint_is_still_read() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let inputs = Inputs::read(&dir.join("scenarios/ally-energy.ron"), None, None, 3, 60)
            .expect("inputs");
        let plan = Arc::new(inputs.plan().expect("plan"));
        let mut sim = Simulation::new(plan, 3);
        for _ in 0..5 {
            sim.step();
        }
        let v2 = Checkpoint::capture(&mut sim, &inputs).expect("capture");
        assert_eq!(v2.format_version, 2);
        // The same checkpoint as version 1 wrote it: no injects, no digest of them.
        let mut v1 = v2.clone();
        v1.format_version = 1;
        v1.state.remove("resource Injects");
        v1.checksum = v1.digest();
        let text = String::from_utf8(v1.to_bytes()).expect("utf-8");
        // (The paths may hold the word: look for the field and the key.)
        assert!(
            !text.contains("\"injects\":") && !text.contains("resource Injects"),
            "{text:.400}"
        );
        let read = Checkpoint::parse(&text, Path::new("v1.json")).expect("a v1 file reads");
        let mut resumed = read
            .resume(Path::new("v1.json"), None, None)
            .expect("a v1 file resumes");
        assert_eq!(resumed.simulation.tick(), 5);
        // Continued, it is the run.
        for _ in 5..60 {
            sim.step();
            resumed.simulation.step();
        }
        assert_eq!(
            state_digest(sim.world_mut()),
            state_digest(resumed.simulation.world_mut())
        );
        // A version this build does not know is refused.
        let mut v9 = v2.clone();
        v9.format_version = 9;
        v9.checksum = v9.digest();
        let e = Checkpoint::parse(
            &String::from_utf8(v9.to_bytes()).expect("utf-8"),
            Path::new("v9.json"),
        )
        .expect_err("refused")
        .to_string();
        assert!(e.contains("checkpoint format 9"), "{e}");
    }

    #[test]
    fn a_damaged_or_foreign_checkpoint_is_refused_with_a_reason() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let inputs = Inputs::read(&dir.join("scenarios/ally-energy.ron"), None, None, 3, 60)
            .expect("inputs");
        let plan = Arc::new(inputs.plan().expect("plan"));
        let mut sim = Simulation::new(plan, 3);
        for _ in 0..5 {
            sim.step();
        }
        let c = Checkpoint::capture(&mut sim, &inputs).expect("capture");
        let text = String::from_utf8(c.to_bytes()).expect("utf-8");
        let path = Path::new("ck.json");
        assert_eq!(Checkpoint::parse(&text, path).expect("reads back"), c);
        let refused = |t: &str| match Checkpoint::parse(t, path) {
            Ok(_) => panic!("accepted: {t:.80}"),
            Err(e) => e.to_string(),
        };
        let e = refused(&text.replace(
            &format!("\"casus_version\": \"{}\"", env!("CARGO_PKG_VERSION")),
            "\"casus_version\": \"0.0.1\"",
        ));
        assert!(e.contains("written by casus 0.0.1"), "{e}");
        let e = refused(&text.replace("\"tick\": 5", "\"tick\": 6"));
        assert!(e.contains("checksum"), "{e}");
        let mut half = text.len() / 2;
        while !text.is_char_boundary(half) {
            half -= 1;
        }
        let e = refused(&text[..half]);
        assert!(
            e.contains("not a casus checkpoint") && e.contains("ck.json:"),
            "{e}"
        );
        let e = refused("{\"format\": \"something-else\"}");
        assert!(e.contains("not a casus checkpoint"), "{e}");
        let e = refused("\u{0}\u{1}binary");
        assert!(e.contains("not a casus checkpoint"), "{e}");
    }
}
