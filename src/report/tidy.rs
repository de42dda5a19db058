//! Tidy tables: one observation per row, one variable per column, snake_case names, times in
//! hours with the tick beside them (docs/outputs.md). A run writes `thresholds.csv`,
//! `responses.csv` and `harm_by_state.csv` beside its JSON files; a sweep writes `seeds.csv`
//! and `crossings.csv`, and a parameter sweep gathers its points' tables into one `runs.csv`
//! and one `crossings.csv` with the parameter values in every row.

use crate::error::{Error, Result};
use crate::sim::RunOutput;
use std::path::Path;

/// The hour at the end of `tick`: the time unit of every table and chart.
pub fn hour_of(tick: u32, tick_hours: f64) -> f64 {
    (f64::from(tick) + 1.0) * tick_hours
}

/// A run's tidy tables, as CSV text.
pub struct RunTables {
    /// `thresholds.csv`: the first tick each threshold reached each status.
    pub thresholds: String,
    /// `responses.csv`: every response taken.
    pub responses: String,
    /// `harm_by_state.csv`: the harm totals of each State that owns infrastructure.
    pub harm_by_state: String,
}

fn csv_text<H: AsRef<[u8]>>(header: &[H], rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut ok = w.write_record(header).is_ok();
    for r in rows {
        ok &= w.write_record(&r).is_ok();
    }
    debug_assert!(ok, "writing CSV to memory cannot fail");
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// The header of `thresholds.csv`.
pub const THRESHOLDS_COLUMNS: [&str; 8] = [
    "victim",
    "suspect",
    "ally",
    "doctrine",
    "threshold",
    "status",
    "tick",
    "hour",
];

/// The header of `responses.csv`.
pub const RESPONSES_COLUMNS: [&str; 17] = [
    "tick",
    "hour",
    "actor",
    "against",
    "ally",
    "response",
    "lawful",
    "flagged",
    "decided_by",
    "takes_effect_tick",
    "takes_effect_hour",
    "window_ends_tick",
    "window_ends_hour",
    "worst_effect",
    "severity_class",
    "inside_window",
    "order",
];

/// The header of `harm_by_state.csv`.
pub const HARM_COLUMNS: [&str; 16] = [
    "state",
    "population",
    "outage_person_hours",
    "essential_supply_loss",
    "deaths",
    "injuries",
    "direct_deaths",
    "direct_injuries",
    "estimated_deaths_low",
    "estimated_deaths_central",
    "estimated_deaths_high",
    "estimated_injuries_low",
    "estimated_injuries_high",
    "outage_days",
    "economic_loss_usd",
    "repair_cost_usd",
];

/// The tidy tables of a run, from its summary.
pub fn run_tables(output: &RunOutput) -> RunTables {
    let s = &output.summary;
    let h = |t: u32| format!("{}", hour_of(t, s.tick_hours));
    let thresholds = s
        .thresholds_crossed
        .iter()
        .map(|c| {
            vec![
                c.victim.clone(),
                c.suspect.clone(),
                opt(&c.ally),
                c.doctrine.clone(),
                c.threshold.clone(),
                c.status.as_str().to_string(),
                c.tick.to_string(),
                h(c.tick),
            ]
        })
        .collect();
    let responses = s
        .responses
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                r.tick.to_string(),
                h(r.tick),
                r.actor.clone(),
                r.against.clone(),
                opt(&r.ally),
                r.response.as_str().to_string(),
                r.lawful.as_str().to_string(),
                r.flagged.to_string(),
                serde_json::to_value(r.decided_by)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                r.takes_effect.to_string(),
                h(r.takes_effect),
                r.window_ends.to_string(),
                h(r.window_ends),
                r.worst_effect
                    .map(|e| e.as_str().to_string())
                    .unwrap_or_default(),
                r.severity_class.to_string(),
                r.inside_window.to_string(),
                i.to_string(),
            ]
        })
        .collect();
    let harm_by_state = s
        .harm
        .by_state
        .iter()
        .map(|b| {
            vec![
                b.state.clone(),
                b.population.to_string(),
                format!("{}", b.outage_person_hours),
                format!("{}", b.essential_supply_loss),
                format!("{}", b.deaths),
                format!("{}", b.injuries),
                format!("{}", b.direct_deaths),
                format!("{}", b.direct_injuries),
                format!("{}", b.estimated_deaths.low),
                format!("{}", b.estimated_deaths.central),
                format!("{}", b.estimated_deaths.high),
                format!("{}", b.estimated_injuries.low),
                format!("{}", b.estimated_injuries.high),
                format!("{}", b.outage_days),
                format!("{}", b.economic_loss_usd),
                format!("{}", b.repair_cost_usd),
            ]
        })
        .collect();
    RunTables {
        thresholds: csv_text(&THRESHOLDS_COLUMNS, thresholds),
        responses: csv_text(&RESPONSES_COLUMNS, responses),
        harm_by_state: csv_text(&HARM_COLUMNS, harm_by_state),
    }
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// The name a column gets from a parameter's path: every run of characters other than
/// letters and digits becomes one `_` (`campaigns[frostbite].waves[1].intensity` gives
/// `campaigns_frostbite_waves_1_intensity`).
pub fn column_name(path: &str) -> String {
    let mut out = String::new();
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

/// Writes a sweep's tidy tables into `out` from its `per_seed.csv` text: `seeds.csv` (one row
/// per seed: harm, first detection, attribution at 75%, responses per rung, the Security
/// Council, times in ticks and hours) and `crossings.csv` (one row per seed and tracked
/// threshold: the tick and hour it was met, empty when it was not).
pub fn write_sweep_tables(per_seed: &[u8], tick_hours: f64, out: &Path) -> Result<()> {
    let path = out.join("per_seed.csv");
    let mut rdr = csv::Reader::from_reader(per_seed);
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| read_err(&path, e))?
        .iter()
        .map(str::to_string)
        .collect();
    let n_keys = header
        .len()
        .saturating_sub(1 + crate::sweep::record::HARM.len() + 2 + 6 + 1);
    let keys: Vec<(String, String, String)> =
        header[1..=n_keys].iter().map(|c| split_key(c)).collect();
    let mut seeds_rows = Vec::new();
    let mut crossing_rows = Vec::new();
    let hour = |cell: &str| {
        cell.parse::<u32>()
            .map(|t| format!("{}", hour_of(t, tick_hours)))
            .unwrap_or_default()
    };
    for rec in rdr.records() {
        let rec = rec.map_err(|e| read_err(&path, e))?;
        let cells: Vec<&str> = rec.iter().collect();
        if cells.len() != header.len() {
            return Err(read_err(&path, "a row has the wrong number of cells"));
        }
        let seed = cells[0].to_string();
        for (k, cell) in keys.iter().zip(&cells[1..=n_keys]) {
            crossing_rows.push(vec![
                seed.clone(),
                k.0.clone(),
                k.1.clone(),
                k.2.clone(),
                cell.to_string(),
                hour(cell),
            ]);
        }
        let rest = &cells[1 + n_keys..];
        let mut row = vec![seed];
        let harm_n = crate::sweep::record::HARM.len();
        row.extend(rest[..harm_n].iter().map(|c| c.to_string()));
        for c in &rest[harm_n..harm_n + 2] {
            row.push(c.to_string());
            row.push(hour(c));
        }
        row.extend(rest[harm_n + 2..harm_n + 8].iter().map(|c| c.to_string()));
        row.push(rest[harm_n + 8].to_string());
        row.push(hour(rest[harm_n + 8]));
        seeds_rows.push(row);
    }
    crate::report::write_atomic(
        &out.join("seeds.csv"),
        csv_text(&seeds_columns(), seeds_rows).as_bytes(),
    )?;
    crate::report::write_atomic(
        &out.join("crossings.csv"),
        csv_text(&CROSSINGS_COLUMNS, crossing_rows).as_bytes(),
    )
}

/// The header of a sweep's `crossings.csv`.
pub const CROSSINGS_COLUMNS: [&str; 6] = ["seed", "state", "threshold", "doctrine", "tick", "hour"];

/// The header of a sweep's `seeds.csv`.
pub fn seeds_columns() -> Vec<String> {
    let mut c = vec!["seed".to_string()];
    c.extend(crate::sweep::record::HARM.map(String::from));
    c.extend(
        [
            "first_detection_tick",
            "first_detection_hour",
            "attribution_75_tick",
            "attribution_75_hour",
        ]
        .map(String::from),
    );
    c.extend(
        crate::law::Response::LADDER
            .iter()
            .map(|r| format!("responses_{}", r.as_str())),
    );
    c.extend(["council_acted_tick", "council_acted_hour"].map(String::from));
    c
}

/// The header of a sweep's `cdf.csv`.
pub const CDF_COLUMNS: [&str; 8] = [
    "state",
    "threshold",
    "doctrine",
    "tick",
    "hour",
    "share",
    "share_low",
    "share_high",
];

/// Writes `cdf.csv` into `out` from a sweep's aggregates: the share of seeds that had crossed
/// each tracked threshold (and reached attribution at 75%, as threshold `attribution_75` with
/// no State or doctrine) by each tick, with its 95% band, one row per point of the curve.
pub fn write_cdf(agg: &serde_json::Value, tick_hours: f64, out: &Path) -> Result<()> {
    let mut rows = Vec::new();
    let mut curve = |state: &str, threshold: &str, doctrine: &str, cdf: &serde_json::Value| {
        for p in cdf.as_array().into_iter().flatten() {
            let tick = p["tick"].as_u64().unwrap_or(0);
            rows.push(vec![
                state.to_string(),
                threshold.to_string(),
                doctrine.to_string(),
                tick.to_string(),
                format!("{}", hour_of(tick as u32, tick_hours)),
                p["share"].to_string(),
                p["share_low"].to_string(),
                p["share_high"].to_string(),
            ]);
        }
    };
    for t in agg["thresholds"].as_array().into_iter().flatten() {
        curve(
            t["state"].as_str().unwrap_or(""),
            t["threshold"].as_str().unwrap_or(""),
            t["doctrine"].as_str().unwrap_or(""),
            &t["cdf"],
        );
    }
    curve("", "attribution_75", "", &agg["attribution_75_tick"]["cdf"]);
    crate::report::write_atomic(
        &out.join("cdf.csv"),
        csv_text(&CDF_COLUMNS, rows).as_bytes(),
    )
}

/// `state.threshold.doctrine` split into its parts.
fn split_key(c: &str) -> (String, String, String) {
    for t in [
        "collective_self_defense",
        "use_of_force",
        "armed_attack",
        "self_defense",
    ] {
        if let Some(pos) = c.find(&format!(".{t}.")) {
            return (
                c[..pos].to_string(),
                t.to_string(),
                c[pos + t.len() + 2..].to_string(),
            );
        }
    }
    (c.to_string(), String::new(), String::new())
}

/// Gathers the tidy tables of a parameter sweep's points into `root`: `runs.csv` (each point's
/// `seeds.csv`) and `crossings.csv`, each row led by the point's number and its parameter
/// values (one column per parameter, named by [`column_name`]).
pub fn write_grid_tables(
    root: &Path,
    parameters: &[String],
    points: &[(Vec<f64>, &Path)],
) -> Result<()> {
    let names: Vec<String> = parameters.iter().map(|p| column_name(p)).collect();
    for file in ["seeds.csv", "crossings.csv"] {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header_written = false;
        for (k, (values, dir)) in points.iter().enumerate() {
            let path = dir.join(file);
            let bytes = std::fs::read(&path).map_err(|e| read_err(&path, e))?;
            let mut rdr = csv::Reader::from_reader(bytes.as_slice());
            if !header_written {
                let mut h = vec!["point".to_string()];
                h.extend(names.iter().cloned());
                h.extend(
                    rdr.headers()
                        .map_err(|e| read_err(&path, e))?
                        .iter()
                        .map(str::to_string),
                );
                w.write_record(&h).map_err(|e| read_err(&path, e))?;
                header_written = true;
            }
            for rec in rdr.records() {
                let rec = rec.map_err(|e| read_err(&path, e))?;
                let mut row = vec![k.to_string()];
                row.extend(values.iter().map(|v| format!("{v}")));
                row.extend(rec.iter().map(str::to_string));
                w.write_record(&row).map_err(|e| read_err(&path, e))?;
            }
        }
        let bytes = w.into_inner().map_err(|e| read_err(root, e))?;
        let name = if file == "seeds.csv" {
            "runs.csv"
        } else {
            file
        };
        crate::report::write_atomic(&root.join(name), &bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_paths_become_snake_case_columns() {
        assert_eq!(
            column_name("campaigns[frostbite].waves[1].intensity"),
            "campaigns_frostbite_waves_1_intensity"
        );
        assert_eq!(
            column_name("actors[jp].cyber.staff"),
            "actors_jp_cyber_staff"
        );
    }

    #[test]
    fn keys_split_on_the_threshold_name() {
        assert_eq!(
            split_key("ally.x.collective_self_defense.nato"),
            (
                "ally.x".to_string(),
                "collective_self_defense".to_string(),
                "nato".to_string()
            )
        );
        assert_eq!(
            split_key("japan.self_defense.tallinn"),
            (
                "japan".to_string(),
                "self_defense".to_string(),
                "tallinn".to_string()
            )
        );
    }
}
