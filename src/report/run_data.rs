//! Reading a finished run's files back, for `chart`, `explain` and the report.

use crate::error::{Diagnostic, Error, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A finished run, as read from its folder.
#[derive(Clone, Debug)]
pub struct RunData {
    /// The run's folder.
    pub dir: PathBuf,
    /// Time-series column names.
    pub columns: Vec<String>,
    /// Time-series rows.
    pub rows: Vec<Vec<f64>>,
    /// Events, one JSON object each.
    pub events: Vec<Value>,
    /// The legal trace, one JSON object each.
    pub legal: Vec<Value>,
    /// The summary.
    pub summary: Value,
}

fn bad(file: &Path, line: Option<usize>, message: String) -> Error {
    Error::Syntax(Box::new(Diagnostic {
        file: file.to_path_buf(),
        location: line.map(|l| (l, 1)),
        path: String::new(),
        message,
        help: Some("run files are written by `casus run`; re-run the scenario".into()),
    }))
}

/// Reads JSON Lines, one object per line.
pub fn read_jsonl(path: &Path) -> Result<Vec<Value>> {
    let text = crate::scenario::read_text_file(path, 4 << 30)?;
    parse_jsonl(&text, path)
}

/// Reads a run file's text (from `NAME.gz`, unpacked, when the run wrote it compressed) and
/// checks it against the record the run's summary keeps of it.
pub fn read_checked(dir: &Path, name: &str, summary: &Value) -> Result<String> {
    let path = super::gz::resolve(dir, name);
    let text = super::gz::read_text(&path, 4 << 30)?;
    let written = path
        .file_name()
        .map_or_else(|| name.to_string(), |n| n.to_string_lossy().into_owned());
    super::verify_file(summary, &written, &path, text.as_bytes())?;
    Ok(text)
}

/// Reads a run's `summary.json`.
pub fn read_summary(dir: &Path) -> Result<Value> {
    let summary_path = dir.join("summary.json");
    serde_json::from_str(&crate::scenario::read_text_file(&summary_path, 1 << 30)?)
        .map_err(|e| bad(&summary_path, Some(e.line()), format!("not JSON: {e}")))
}

/// Parses JSON Lines text, one object per line; `path` names it in messages.
pub fn parse_jsonl(text: &str, path: &Path) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: Value = serde_json::from_str(line)
            .map_err(|e| bad(path, Some(i + 1), format!("not a JSON object: {e}")))?;
        if !v.is_object() {
            return Err(bad(path, Some(i + 1), "expected a JSON object".into()));
        }
        out.push(v);
    }
    Ok(out)
}

impl RunData {
    /// Reads the files of the run in `dir`.
    pub fn load(dir: &Path) -> Result<RunData> {
        if !dir.is_dir() {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                message: "no such run folder".into(),
            });
        }
        let summary = read_summary(dir)?;
        let csv_path = super::gz::resolve(dir, "timeseries.csv");
        let text = read_checked(dir, "timeseries.csv", &summary)?;
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let columns: Vec<String> = reader
            .headers()
            .map_err(|e| bad(&csv_path, Some(1), format!("unreadable header: {e}")))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| bad(&csv_path, Some(i + 2), e.to_string()))?;
            let row: Vec<f64> = record
                .iter()
                .map(|c| {
                    c.parse::<f64>()
                        .ok()
                        // `inf` and `NaN` parse as floats, but no chart can scale to them.
                        .filter(|x| x.is_finite())
                        .ok_or_else(|| {
                            bad(
                                &csv_path,
                                Some(i + 2),
                                format!("`{c}` is not a number (a finite one)"),
                            )
                        })
                })
                .collect::<Result<_>>()?;
            if row.len() != columns.len() {
                return Err(bad(
                    &csv_path,
                    Some(i + 2),
                    format!("{} cells, expected {}", row.len(), columns.len()),
                ));
            }
            rows.push(row);
        }
        let events = parse_jsonl(
            &read_checked(dir, "events.jsonl", &summary)?,
            &super::gz::resolve(dir, "events.jsonl"),
        )?;
        let legal = parse_jsonl(
            &read_checked(dir, "legal.jsonl", &summary)?,
            &super::gz::resolve(dir, "legal.jsonl"),
        )?;
        Ok(RunData {
            dir: dir.to_path_buf(),
            columns,
            rows,
            events,
            legal,
            summary,
        })
    }

    /// A column's values.
    pub fn column(&self, name: &str) -> Option<Vec<f64>> {
        let i = self.columns.iter().position(|c| c == name)?;
        Some(self.rows.iter().map(|r| r[i]).collect())
    }

    /// Hours per tick.
    pub fn tick_hours(&self) -> f64 {
        self.summary["tick_hours"].as_f64().unwrap_or(1.0)
    }

    /// The hour at the end of `tick` (as the time series' `hour` column).
    pub fn hour_of(&self, tick: u64) -> f64 {
        (tick as f64 + 1.0) * self.tick_hours()
    }

    /// The State the escalation chart follows: the targeted State whose severity ends highest
    /// (ties: the first).
    pub fn focus_victim(&self) -> Option<String> {
        let mut best: Option<(f64, String)> = None;
        for c in self.columns.iter().filter(|c| c.starts_with("severity_")) {
            let last = self
                .column(c)
                .and_then(|v| v.last().copied())
                .unwrap_or(0.0);
            if best.as_ref().is_none_or(|(b, _)| last > *b) {
                best = Some((last, c["severity_".len()..].to_string()));
            }
        }
        best.map(|(_, v)| v)
    }
}
