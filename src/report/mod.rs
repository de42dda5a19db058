//! Writing a run's files: `events.jsonl`, `timeseries.csv`, `summary.json`. Every file is
//! written to a temporary name in the same folder and renamed into place, so a reader never
//! sees half a file; a folder holding a finished run is not overwritten unless asked.

pub mod charts;
pub mod html;
pub mod legal;
pub mod run_data;
pub mod sweep_charts;

use crate::error::{Error, Result};
use crate::scenario::Compiled;
use crate::sim::RunOutput;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of a finished run, in the order they are written; `summary.json` is last, so its
/// presence marks a finished run.
pub const RUN_FILES: [&str; 4] = [
    "events.jsonl",
    "timeseries.csv",
    "legal.jsonl",
    "summary.json",
];

/// Writes `contents` to `path` atomically: a temporary file beside it, flushed to disk, then
/// renamed over `path`.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let err = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
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
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
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
    let text = std::fs::read_to_string(dir.join("summary.json")).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(
        v.get("complete")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(true),
    )
}

/// Creates `dir` for a run. Refuses a folder that already holds a finished run unless `force`
/// is set, and one that holds an interrupted run unless `resume` (or `force`) is set.
pub fn prepare_run_dir(dir: &Path, force: bool, resume: bool) -> Result<()> {
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
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })
}

/// The events as JSON Lines, one event per line with its tick.
pub fn events_jsonl(output: &RunOutput, plan: &Compiled) -> String {
    crate::sim::events::jsonl(&output.events, plan, &output.doctrines)
}

/// Writes a run's files into `dir` (which must exist).
pub fn write_run(dir: &Path, output: &RunOutput, plan: &Compiled) -> Result<()> {
    write_atomic(
        &dir.join(RUN_FILES[0]),
        events_jsonl(output, plan).as_bytes(),
    )?;
    write_atomic(&dir.join(RUN_FILES[1]), output.series.to_csv().as_bytes())?;
    let mut legal = String::new();
    for line in &output.legal {
        legal.push_str(line);
        legal.push('\n');
    }
    write_atomic(&dir.join(RUN_FILES[2]), legal.as_bytes())?;
    let mut summary = serde_json::to_string_pretty(&output.summary).map_err(|e| Error::Write {
        path: dir.join(RUN_FILES[3]),
        message: e.to_string(),
    })?;
    summary.push('\n');
    write_atomic(&dir.join(RUN_FILES[3]), summary.as_bytes())
}
