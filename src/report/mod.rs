//! Writing a run's files: `events.jsonl`, `timeseries.csv`, `summary.json`. Every file is
//! written to a temporary name in the same folder and renamed into place, so a reader never
//! sees half a file; a folder holding a finished run is not overwritten unless asked.

pub mod aar;
pub mod charts;
pub mod gz;
pub mod html;
pub mod legal;
pub mod run_data;
pub mod schema;
pub mod situation_lane;
pub mod sweep_charts;
pub mod tables;

use crate::error::{Error, Result};
use crate::scenario::Compiled;
use crate::sim::RunOutput;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of a finished run, in the order they are written; `summary.json` is last, so its
/// presence marks a finished run.
pub const RUN_FILES: [&str; 9] = [
    "events.jsonl",
    "timeseries.csv",
    "legal.jsonl",
    "timeseries_long.csv",
    "thresholds.csv",
    "responses.csv",
    "harm_by_state.csv",
    "decisions.jsonl",
    "summary.json",
];

/// Refuses to replace `path` unless it is absent or a regular file: a rename over a device
/// node, a FIFO, a socket or a symbolic link would replace that object (as root, a device)
/// with a regular file.
pub fn check_target(path: &Path) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(Error::Write {
            path: path.to_path_buf(),
            message: format!(
                "is {}, not a regular file: refusing to replace it",
                crate::scenario::kind_of(&meta.file_type())
            ),
        }),
        _ => Ok(()),
    }
}

/// Writes `contents` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over `path`. Refuses a `path` that exists and is not a regular file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let err = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    check_target(path)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .or_else(|e| {
                // A leftover of an earlier process with this id: replace it, if it is a file.
                if e.kind() == std::io::ErrorKind::AlreadyExists
                    && std::fs::symlink_metadata(&tmp).is_ok_and(|m| m.file_type().is_file())
                {
                    std::fs::remove_file(&tmp)?;
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&tmp)
                } else {
                    Err(e)
                }
            })?;
        f.write_all(contents)?;
        f.sync_all()?;
        // Checked again just before the rename, to narrow the window in which another
        // process could put something else at `path`.
        if std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_file()) {
            return Err(std::io::Error::other("is no longer a regular file"));
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// The default output folder of a run: `<root>/<scenario>/seed-<seed>`.
pub fn default_run_dir(root: &Path, scenario: &str, seed: u64) -> PathBuf {
    root.join(scenario).join(format!("seed-{seed}"))
}

/// Whether `dir` holds a run, and whether it finished.
pub fn run_state(dir: &Path) -> Option<bool> {
    let text = crate::scenario::read_text_file(&dir.join("summary.json"), 1 << 30).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(
        v.get("complete")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
    )
}

/// Checks that `dir` may receive a run and creates it. Refuses a folder that already holds a
/// finished run unless `force` is set, and one that holds an interrupted run unless `resume`
/// (or `force`) is set.
pub fn prepare_run_dir(dir: &Path, force: bool, resume: bool) -> Result<()> {
    check_run_dir(dir, force, resume)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })
}

fn check_run_dir(dir: &Path, force: bool, resume: bool) -> Result<()> {
    match run_state(dir) {
        Some(true) if !force => {
            return Err(Error::Usage(format!(
                "{} already holds a finished run: pass --force to replace it, or choose another --out",
                dir.display()
            )));
        }
        Some(false) if !force && !resume => {
            return Err(Error::Usage(format!(
                "{} holds an interrupted run: pass --resume to complete it, or --force to replace it",
                dir.display()
            )));
        }
        _ => {}
    }
    Ok(())
}

/// A run folder being written. The run's files go into a fresh staging folder beside the
/// target (`.<name>.staging-<pid>`); [`RunDir::commit`] swaps it in whole once every file,
/// charts and report included, is written. A run that fails or is killed partway therefore
/// leaves the earlier folder as it was, never a mix of two runs' files. A lock file beside
/// the target (`.<name>.lock`, held with an advisory lock the system releases when the
/// process ends, and the file removed when the work ends; see [`crate::lock`]) makes a second
/// process writing the same folder fail at once. [`RunDir::rechart`] stages a chart set
/// re-rendered in place the same way, under the same lock.
pub struct RunDir {
    target: PathBuf,
    staging: PathBuf,
    staging_id: u64,
    _lock: crate::lock::Lock,
    committed: bool,
}

fn io_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Takes the advisory lock `lock` (created if needed) for the folder `what`, failing at once
/// with a clear message if another process holds it (see [`crate::lock::Lock::acquire`]).
pub fn lock_file(lock: &Path, what: &Path) -> Result<crate::lock::Lock> {
    crate::lock::Lock::acquire(lock, what)
}

/// The files `casus chart` draws into a run folder (every chart set is replaced whole).
fn is_chart_file(name: &str) -> bool {
    name == "report.html" || name.ends_with(".svg") || name.ends_with(".png")
}

impl RunDir {
    /// Locks the run folder `dir`, checks that it may be written (see [`prepare_run_dir`]),
    /// and creates an empty staging folder for the run's files.
    pub fn open(dir: &Path, force: bool, resume: bool) -> Result<RunDir> {
        let (parent, name, lock) = Self::lock(dir)?;
        match std::fs::symlink_metadata(dir) {
            Ok(m) if !m.is_dir() => {
                return Err(Error::Write {
                    path: dir.to_path_buf(),
                    message: format!(
                        "is {}, not a folder: refusing to replace it",
                        crate::scenario::kind_of(&m.file_type())
                    ),
                });
            }
            Ok(_) => {
                check_run_dir(dir, force, resume)?;
                let empty = std::fs::read_dir(dir)
                    .map_err(io_write(dir))?
                    .next()
                    .is_none();
                if !empty && run_state(dir).is_none() {
                    return Err(Error::Usage(format!(
                        "{} holds files that are not a casus run: choose another --out, or empty it",
                        dir.display()
                    )));
                }
            }
            Err(_) => {}
        }
        Self::stage(dir, &parent, &name, lock)
    }

    /// Locks the run folder `dir`, which must hold a run, for drawing its charts again in
    /// place: the staging folder receives the run's data files (hard links where the file
    /// system allows, copies elsewhere) but not its earlier charts, so that the chart set
    /// swapped in by [`RunDir::commit`] is always one whole rendering. Holding the run
    /// folder's lock, it cannot interleave with a `casus run` writing the same folder.
    pub fn rechart(dir: &Path) -> Result<RunDir> {
        // The real folder: `casus chart .` names one, and a link to a run folder stays a link.
        let dir = &dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        // Checked before locking, which would create the folders above a missing one.
        match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(m) => {
                return Err(Error::Read {
                    path: dir.to_path_buf(),
                    message: format!(
                        "is {}, not a run folder",
                        crate::scenario::kind_of(&m.file_type())
                    ),
                });
            }
            Err(e) => {
                return Err(Error::Read {
                    path: dir.to_path_buf(),
                    message: format!("{e}: expected a run folder written by `casus run`"),
                });
            }
        }
        let (parent, name, lock) = Self::lock(dir)?;
        let staging = Self::stage(dir, &parent, &name, lock)?;
        for entry in std::fs::read_dir(dir).map_err(io_write(dir))? {
            let entry = entry.map_err(io_write(dir))?;
            let file_name = entry.file_name();
            let from = entry.path();
            let kind = entry.file_type().map_err(io_write(&from))?;
            if !kind.is_file() {
                return Err(Error::Usage(format!(
                    "{} holds {}, which is {} and not part of a run: move it out of the folder, then draw the charts again",
                    dir.display(),
                    from.display(),
                    crate::scenario::kind_of(&kind)
                )));
            }
            let text = file_name.to_string_lossy();
            // The earlier charts, and temporary files a killed writer left.
            if is_chart_file(&text) || (text.starts_with('.') && text.contains(".tmp-")) {
                continue;
            }
            let to = staging.staging.join(&file_name);
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(io_write(&to))?;
            }
        }
        Ok(staging)
    }

    /// Checks the name of `dir`, creates its parent and takes its lock.
    fn lock(dir: &Path) -> Result<(PathBuf, String, crate::lock::Lock)> {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .filter(|n| n != "." && n != "..")
            .ok_or_else(|| {
                Error::Usage(format!(
                    "{}: cannot be used as a run folder: name a folder, e.g. `--out output/my-run`",
                    dir.display()
                ))
            })?;
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io_write(parent))?;
        let lock = lock_file(&parent.join(format!(".{name}.lock")), dir)?;
        // Leftovers of a process that was killed (the lock says none is in use): staging
        // folders are removed; an earlier run folder set aside by a swap that was cut short
        // is put back if the folder is missing, removed otherwise.
        let staging_prefix = format!(".{name}.staging-");
        let old_prefix = format!(".{name}.old-");
        if let Ok(entries) = std::fs::read_dir(parent) {
            let mut entries: Vec<_> = entries.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                let file_name = e.file_name().to_string_lossy().into_owned();
                if file_name.starts_with(&staging_prefix) {
                    let _ = std::fs::remove_dir_all(e.path());
                } else if file_name.starts_with(&old_prefix)
                    && e.file_type().is_ok_and(|t| t.is_dir())
                {
                    if std::fs::symlink_metadata(dir).is_err() {
                        let _ = std::fs::rename(e.path(), dir);
                    } else {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        Ok((parent.to_path_buf(), name, lock))
    }

    /// Creates the empty staging folder for `dir`, registered for removal on a signal.
    fn stage(dir: &Path, parent: &Path, name: &str, lock: crate::lock::Lock) -> Result<RunDir> {
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        let mut registry = crate::lock::registry();
        std::fs::create_dir(&staging).map_err(io_write(&staging))?;
        let staging_id = registry.add(staging.clone(), crate::lock::Kind::Folder);
        drop(registry);
        Ok(RunDir {
            target: dir.to_path_buf(),
            staging,
            staging_id,
            _lock: lock,
            committed: false,
        })
    }

    /// The folder to write the run's files into (the staging folder).
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// The folder the run ends up in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Swaps the staging folder in for the target: the earlier folder, if any, is renamed
    /// aside, the staging folder renamed into its place, and the earlier one removed.
    pub fn commit(mut self) -> Result<()> {
        let name = self
            .target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = self
            .staging
            .with_file_name(format!(".{name}.old-{}", std::process::id()));
        // Not cut in half by a signal: the signal watcher waits for the registry.
        let mut registry = crate::lock::registry();
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old).map_err(io_write(&self.target))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io_write(&self.target)(e));
        }
        self.committed = true;
        registry.remove(self.staging_id);
        drop(registry);
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        let mut registry = crate::lock::registry();
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        registry.remove(self.staging_id);
    }
}

/// The length, line count and digest of an output file, recorded in `summary.json` under
/// `files` so that readers (`chart`, `explain`) can tell a truncated or altered file.
pub fn file_record(bytes: &[u8]) -> serde_json::Value {
    serde_json::json!({
        "bytes": bytes.len(),
        "lines": bytecount_lines(bytes),
        "fnv1a64": format!("{:016x}", fnv1a(bytes)),
    })
}

fn bytecount_lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// 64-bit FNV-1a of `bytes`: a check against truncation and accidental change, not a
/// cryptographic digest.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Checks `bytes`, read from `path` in a run folder, against the record `summary.json` keeps of
/// it (if the summary has one: runs written by earlier versions do not).
pub fn verify_file(
    summary: &serde_json::Value,
    name: &str,
    path: &Path,
    bytes: &[u8],
) -> Result<()> {
    let Some(expected) = summary.get("files").and_then(|f| f.get(name)) else {
        return Ok(());
    };
    let found = file_record(bytes);
    if *expected != found {
        return Err(Error::Read {
            path: path.to_path_buf(),
            message: format!(
                "does not match the record in summary.json ({} bytes and {} lines expected, {} bytes and {} lines found): the file is truncated or was changed; re-run the scenario",
                expected["bytes"], expected["lines"], found["bytes"], found["lines"]
            ),
        });
    }
    Ok(())
}

/// The events as JSON Lines, one event per line with its tick.
pub fn events_jsonl(output: &RunOutput, plan: &Compiled) -> String {
    crate::sim::events::jsonl(&output.events, plan, &output.doctrines)
}

/// The files of a run that `casus run --compress` writes gzipped (the large ones; the small
/// tables and `summary.json` stay plain text).
pub const COMPRESSIBLE: [&str; 4] = [
    "events.jsonl",
    "timeseries.csv",
    "legal.jsonl",
    "timeseries_long.csv",
];

/// Writes a run's files into `dir` (which must exist). `summary.json`, written last, records
/// the length, line count and digest of the other files under `files`.
pub fn write_run(dir: &Path, output: &RunOutput, plan: &Compiled) -> Result<()> {
    write_run_with(dir, output, plan, gz::Compression::None)
}

/// [`write_run`], writing the [`COMPRESSIBLE`] files with `compression` (`legal.jsonl.gz`,
/// …). The record of a compressed file in `summary.json` (under its own name) is that of its
/// text once unpacked, so readers check the same figures either way.
pub fn write_run_with(
    dir: &Path,
    output: &RunOutput,
    plan: &Compiled,
    compression: gz::Compression,
) -> Result<()> {
    let events = events_jsonl(output, plan);
    let series = output.series.to_csv();
    let mut legal = String::new();
    for line in &output.legal {
        push_typed(&mut legal, line);
    }
    let tables = tidy::run_tables(output);
    let mut decisions = String::new();
    for row in &output.decisions {
        decisions.push_str(row);
        decisions.push('\n');
    }
    let mut files = serde_json::Map::new();
    for (name, text) in [
        (RUN_FILES[0], &events),
        (RUN_FILES[1], &series),
        (RUN_FILES[2], &legal),
        (RUN_FILES[3], &output.series.to_long_csv()),
        (RUN_FILES[4], &tables.thresholds),
        (RUN_FILES[5], &tables.responses),
        (RUN_FILES[6], &tables.harm_by_state),
        (RUN_FILES[7], &decisions),
    ] {
        let (name, bytes) = if COMPRESSIBLE.contains(&name) {
            (
                compression.file_name(name),
                compression.encode(text.as_bytes()),
            )
        } else {
            (name.to_string(), text.as_bytes().to_vec())
        };
        write_atomic(&dir.join(&name), &bytes)?;
        files.insert(name, file_record(text.as_bytes()));
    }
    let summary_path = dir.join(RUN_FILES[8]);
    let to_err = |e: serde_json::Error| Error::Write {
        path: summary_path.clone(),
        message: e.to_string(),
    };
    let mut value = serde_json::to_value(&output.summary).map_err(to_err)?;
    if let Some(non_finite) = first_null_number(&output.summary) {
        return Err(Error::Write {
            path: summary_path.clone(),
            message: format!("the figure `{non_finite}` is not a finite number"),
        });
    }
    if let serde_json::Value::Object(m) = &mut value {
        m.insert("files".into(), serde_json::Value::Object(files));
    }
    let mut summary = serde_json::to_string_pretty(&value).map_err(to_err)?;
    summary.push('\n');
    write_atomic(&summary_path, summary.as_bytes())
}

/// The command line that reproduces a run, from the arguments it was given: the program
/// name becomes `casus`, and the options that cannot change the outputs (`--out`,
/// `--threads`, `--save-at`, `--quiet`/`-q`, `--force`, `--resume`, `--no-charts`) are left out, so the
/// same run records the same command whatever folder or thread count it used.
pub fn reproducing_command(args: Vec<String>) -> Vec<String> {
    // Saving checkpoints (`--save-at`) changes none of the run's files.
    const WITH_VALUE: [&str; 3] = ["--out", "--threads", "--save-at"];
    const FLAGS: [&str; 5] = ["--quiet", "-q", "--force", "--resume", "--no-charts"];
    let mut out = vec!["casus".to_string()];
    let mut skip = false;
    for a in args.into_iter().skip(1) {
        if skip {
            skip = false;
            continue;
        }
        if WITH_VALUE.contains(&a.as_str()) {
            skip = true;
            continue;
        }
        if FLAGS.contains(&a.as_str()) || WITH_VALUE.iter().any(|w| a.starts_with(&format!("{w}=")))
        {
            continue;
        }
        out.push(a);
    }
    out
}

/// Appends one line of the legal trace to `out`, typed by a leading `kind` field:
/// `"decision"` for a response taken (a line with `response_by`), `"assessment"` otherwise.
fn push_typed(out: &mut String, line: &str) {
    let kind = if line_key_after_tick(line) == "response_by" {
        "decision"
    } else {
        "assessment"
    };
    match line.strip_prefix('{') {
        Some(rest) if !line.starts_with("{\"kind\"") => {
            out.push_str("{\"kind\":\"");
            out.push_str(kind);
            out.push_str("\",");
            out.push_str(rest);
        }
        _ => out.push_str(line),
    }
    out.push('\n');
}

/// The name of the key that follows `tick` in a legal-trace line (`victim` for an
/// assessment, `response_by` for a decision).
fn line_key_after_tick(line: &str) -> &str {
    line.split_once(",\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(k, _)| k)
}

/// The path of the first floating-point figure in `value` that is not finite (JSON would
/// write it as `null`), if any.
pub fn first_null_number<T: serde::Serialize>(value: &T) -> Option<String> {
    let mut probe = finite::Probe::default();
    value.serialize(&mut probe).ok()?;
    probe.found
}

mod finite;
pub mod tidy;
