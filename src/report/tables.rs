//! What the command line prints for people: tables (drawn by `comfy-table`, so columns stay
//! aligned whatever the width of a name) and the checks of `casus validate`.

use comfy_table::{Cell, CellAlignment, Table, presets::NOTHING};
use std::path::Path;

/// A table with no borders, a header row and columns separated by two spaces.
pub fn plain(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(NOTHING);
    t.set_header(header.iter().map(Cell::new));
    t
}

/// Right-aligns the columns at `indices` (figures).
pub fn align_right(t: &mut Table, indices: &[usize]) {
    for &i in indices {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

fn fmt(v: &serde_json::Value, decimals: usize) -> String {
    v.as_f64()
        .map(|x| format!("{x:.decimals$}"))
        .unwrap_or_else(|| "-".into())
}

/// The result of `casus tipping` as text: the estimate and its bracket, then one row per
/// evaluation with its probability and 95% interval, to four significant decimals.
pub fn tipping(result: &serde_json::Value) -> String {
    let mut out = format!(
        "{} under {} for {}: P crosses 0.5 at {} = {} (bracket {} to {}; seeds {}..{})\n\n",
        result["threshold"].as_str().unwrap_or(""),
        result["doctrine"].as_str().unwrap_or(""),
        result["state"].as_str().unwrap_or(""),
        result["parameter"].as_str().unwrap_or(""),
        fmt(&result["estimate"], 4),
        fmt(&result["bracket"][0], 4),
        fmt(&result["bracket"][1], 4),
        result["seeds"][0],
        result["seeds"][1],
    );
    let mut t = plain(&["value", "P", "95% low", "95% high"]);
    for e in result["evaluations"].as_array().into_iter().flatten() {
        t.add_row([
            fmt(&e["value"], 4),
            fmt(&e["probability"], 3),
            fmt(&e["ci95"][0], 3),
            fmt(&e["ci95"][1], 3),
        ]);
    }
    align_right(&mut t, &[0, 1, 2, 3]);
    out.push_str(&t.to_string());
    out.push('\n');
    if let Some(note) = result["note"].as_str() {
        out.push_str(&format!("\n{note}\n"));
    }
    out
}

/// What a file given to `casus validate` turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A scenario (`Scenario(...)`, or a file that names no kind).
    Scenario,
    /// An incident file (`Incident(...)`).
    Incident,
    /// A sweep file (`Sweep(...)`).
    Sweep,
    /// A doctrine file (`Doctrine(...)`), checked as `--doctrines` reads it.
    Doctrine,
}

impl Kind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Scenario => "scenario",
            Kind::Incident => "incident",
            Kind::Sweep => "sweep",
            Kind::Doctrine => "doctrine",
        }
    }

    /// The kind of RON `text`, from the name before its first parenthesis (comments skipped).
    pub fn of(text: &str) -> Kind {
        let code: String = text
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.trim_start_matches('\u{feff}').trim_start();
        if code.starts_with("Incident") {
            Kind::Incident
        } else if code.starts_with("Sweep") {
            Kind::Sweep
        } else if code.starts_with("Doctrine") {
            Kind::Doctrine
        } else {
            Kind::Scenario
        }
    }
}

/// The outcome of validating one file.
pub struct Checked {
    /// What the file is.
    pub kind: Kind,
    /// The error, if the file is not valid.
    pub error: Option<String>,
    /// A one-line description of a valid file (sizes, points, facts).
    pub detail: String,
    /// Sizes of a valid scenario: actors, nodes, dependencies, campaigns, ticks.
    pub sizes: Option<[u64; 5]>,
}

/// One file checked by `casus validate --json` (an element of the array it prints).
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateRow {
    /// The file, as given.
    pub file: String,
    /// `scenario`, `incident`, `sweep` or `doctrine`.
    pub kind: String,
    /// Whether it is valid.
    pub ok: bool,
    /// The error, if not.
    pub error: Option<String>,
    /// A one-line description.
    pub detail: String,
    /// A scenario's actors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actors: Option<u64>,
    /// A scenario's infrastructure nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<u64>,
    /// A scenario's dependencies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<u64>,
    /// A scenario's campaigns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaigns: Option<u64>,
    /// A scenario's ticks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticks: Option<u64>,
}

impl Checked {
    /// The outcome as a JSON object: `file`, `kind`, `ok`, `error`, `detail`, and for a
    /// scenario `actors`, `nodes`, `dependencies`, `campaigns`, `ticks` ([`ValidateRow`]).
    pub fn to_json(&self, path: &Path) -> serde_json::Value {
        let size = |i: usize| self.sizes.map(|s| s[i]);
        let row = ValidateRow {
            file: path.display().to_string(),
            kind: self.kind.as_str().to_string(),
            ok: self.error.is_none(),
            error: self.error.clone(),
            detail: self.detail.clone(),
            actors: size(0),
            nodes: size(1),
            dependencies: size(2),
            campaigns: size(3),
            ticks: size(4),
        };
        serde_json::to_value(&row).unwrap_or_default()
    }
}

/// Validates `path` by its kind: a scenario is compiled; an incident is parsed and its facts
/// checked; a sweep file is parsed, its scenario loaded, and every point of its grid applied
/// to the scenario and validated.
pub fn validate_file(path: &Path) -> Checked {
    let text = match crate::scenario::read_text_file(path, crate::scenario::LIMITS.max_file_bytes) {
        Ok(t) => t,
        Err(e) => {
            return Checked {
                kind: Kind::Scenario,
                error: Some(e.to_string()),
                detail: String::new(),
                sizes: None,
            };
        }
    };
    let kind = Kind::of(&text);
    let result: crate::error::Result<(String, Option<[u64; 5]>)> = match kind {
        Kind::Scenario => crate::scenario::open(path).map(|plan| {
            let sizes = [
                plan.actors.len() as u64,
                plan.nodes.len() as u64,
                plan.deps.len() as u64,
                plan.campaigns.len() as u64,
                u64::from(plan.ticks),
            ];
            (
                format!(
                    "{} actors, {} nodes, {} dependencies, {} campaigns, {} ticks",
                    sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]
                ),
                Some(sizes),
            )
        }),
        Kind::Incident => crate::law::incident::parse(&text, path)
            .map(|i| (format!("incident `{}`", i.name), None)),
        Kind::Sweep => validate_sweep(path),
        Kind::Doctrine => {
            crate::law::doctrine::parse(&text, path).map(|d| (format!("doctrine `{}`", d.id), None))
        }
    };
    match result {
        Ok((detail, sizes)) => Checked {
            kind,
            error: None,
            detail: format!("{}: {detail}", kind.as_str()),
            sizes,
        },
        Err(e) => Checked {
            kind,
            error: Some(e.to_string()),
            detail: String::new(),
            sizes: None,
        },
    }
}

fn validate_sweep(path: &Path) -> crate::error::Result<(String, Option<[u64; 5]>)> {
    use crate::sweep::grid;
    let (sweep, base, scenario_path) = grid::load(path)?;
    let n = grid::grid_size(&sweep.parameters).unwrap_or(0);
    for k in 0..n {
        let values = grid::point(&sweep.parameters, k);
        let mut s = base.clone();
        for (p, v) in sweep.parameters.iter().zip(&values) {
            s = grid::set_parameter(&s, &p.path, *v, path)?;
        }
        crate::scenario::validate(&s, "", &scenario_path)?;
    }
    Ok((
        format!(
            "sweep `{}`: {} points of {}, seeds {}..{}",
            sweep.name,
            n,
            scenario_path.display(),
            sweep.seeds.0,
            sweep.seeds.1
        ),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_of_a_file_is_read_past_its_comments() {
        assert_eq!(Kind::of("// a sweep\nSweep(name: \"x\")"), Kind::Sweep);
        assert_eq!(Kind::of("  Incident(\n"), Kind::Incident);
        assert_eq!(Kind::of("// Incident(\nScenario("), Kind::Scenario);
        assert_eq!(Kind::of("(name: \"x\")"), Kind::Scenario);
    }

    #[test]
    fn tipping_prints_aligned_rounded_figures() {
        let v = serde_json::json!({
            "parameter": "p", "state": "japan", "threshold": "armed_attack", "doctrine": "tallinn",
            "seeds": [0, 8], "estimate": 0.123456789012, "bracket": [0.1, 0.15],
            "evaluations": [
                {"value": 0.05, "probability": 0.0, "ci95": [0.0, 0.3244]},
                {"value": 1.0, "probability": 1.0, "ci95": [0.6756, 1.0]},
            ],
        });
        let text = tipping(&v);
        assert!(text.contains("= 0.1235"), "{text}");
        assert!(!text.contains("0.123456789"), "{text}");
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("0.3")).collect();
        assert_eq!(rows.len(), 1, "{text}");
        let header = text.lines().find(|l| l.contains("95% high")).unwrap();
        let row = text
            .lines()
            .find(|l| l.contains("0.6756") || l.contains("0.676"))
            .unwrap();
        assert_eq!(header.trim_end().len(), row.trim_end().len(), "{text}");
    }
}
