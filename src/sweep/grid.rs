//! Parameter sweeps: a sweep file varies scenario parameters over a grid, times seeds, as
//! NetLogo's BehaviorSpace or Mesa's batch_run do; and the tipping-point search.

use super::SeedRange;
use super::aggregate::Aggregate;
use super::record::{Key, SeedRecord};
use crate::error::{Diagnostic, Error, Result};
use crate::law::Doctrines;
use crate::scenario::{Compiled, Scenario};
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One varied parameter: a path into the scenario and the values it takes.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Path into the scenario: field names separated by dots, list items selected by id
    /// (`actors[japan]`), generator prefix, or position (`campaigns[0]`). E.g.
    /// `actors[japan].defense.staff`.
    pub path: String,
    /// Values to try.
    pub values: Vec<f64>,
}

/// A sweep file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Sweep")]
pub struct SweepFile {
    /// Name; also the default output folder.
    pub name: String,
    /// The question.
    #[serde(default)]
    pub description: String,
    /// The scenario file, relative to the sweep file.
    pub scenario: String,
    /// Seeds `[start, end)` run at each grid point.
    pub seeds: (u64, u64),
    /// Ticks per run (default: the scenario's duration).
    #[serde(default)]
    pub ticks: Option<u32>,
    /// The grid: every combination of the parameters' values.
    pub parameters: Vec<Parameter>,
    /// The State whose threshold the grid chart reports (default: the first targeted State).
    #[serde(default)]
    pub state: Option<String>,
    /// The threshold the grid chart reports. Default `armed_attack`.
    #[serde(default = "armed_attack")]
    pub threshold: String,
}

fn armed_attack() -> String {
    "armed_attack".into()
}

fn bad(path: &Path, message: String, help: Option<String>) -> Error {
    bad_at(path, None, message, help)
}

fn bad_at(
    path: &Path,
    location: Option<(usize, usize)>,
    message: String,
    help: Option<String>,
) -> Error {
    Error::Invalid(vec![Diagnostic {
        file: path.to_path_buf(),
        location,
        path: String::new(),
        message,
        help,
    }])
}

/// Line and column (1-based, in characters) of the first `field:` in a sweep file's text, for
/// messages about that field.
fn field_location(text: &str, field: &str) -> Option<(usize, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        if let Some(at) = code.find(field) {
            let rest = code[at + field.len()..].trim_start();
            let starts_word = code[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if rest.starts_with(':') && starts_word {
                return Some((i + 1, code[..at].chars().count() + 1));
            }
        }
    }
    None
}

/// Sets the number at `path` in a scenario, returning the changed scenario.
pub fn set_parameter(scenario: &Scenario, path: &str, value: f64, file: &Path) -> Result<Scenario> {
    let mut v = serde_json::to_value(scenario).map_err(|e| bad(file, e.to_string(), None))?;
    let mut at = &mut v;
    for token in path.split('.') {
        let (name, selector) = match token.split_once('[') {
            Some((n, rest)) => (
                n,
                Some(rest.strip_suffix(']').ok_or_else(|| {
                    bad(
                        file,
                        format!("`{token}` in `{path}`: expected `name[selector]`"),
                        None,
                    )
                })?),
            ),
            None => (token, None),
        };
        let fields: Vec<String> = at
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        at = at.get_mut(name).ok_or_else(|| {
            bad(
                file,
                format!("`{name}` in `{path}` is not a field here"),
                crate::error::did_you_mean(name, fields.iter().map(String::as_str)),
            )
        })?;
        if let Some(sel) = selector {
            let items = at
                .as_array_mut()
                .ok_or_else(|| bad(file, format!("`{name}` in `{path}` is not a list"), None))?;
            let ids: Vec<String> = items
                .iter()
                .filter_map(|i| {
                    i.get("id")
                        .or(i.get("prefix"))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                })
                .collect();
            let pos = items
                .iter()
                .position(|i| i.get("id").or(i.get("prefix")).and_then(Value::as_str) == Some(sel))
                .or_else(|| sel.parse::<usize>().ok().filter(|&n| n < items.len()));
            let pos = pos.ok_or_else(|| {
                bad(
                    file,
                    format!("no item `{sel}` in `{name}`"),
                    crate::error::did_you_mean(sel, ids.iter().map(String::as_str)),
                )
            })?;
            at = &mut items[pos];
        }
    }
    if !(at.is_number() || at.is_null()) {
        return Err(bad(
            file,
            format!("`{path}` is not a number in the scenario"),
            None,
        ));
    }
    *at = if at.is_u64() && value.fract() == 0.0 && value >= 0.0 {
        Value::from(value as u64)
    } else {
        Value::from(value)
    };
    serde_json::from_value(v).map_err(|e| bad(file, format!("`{path}` = {value}: {e}"), None))
}

/// Runs `seeds` of `plan` in parallel and folds them in seed order, one chunk of
/// [`super::CHUNK`] seeds at a time.
pub fn sweep_in_memory(
    plan: &Arc<Compiled>,
    doctrines: &Arc<Doctrines>,
    keys: &[Key],
    seeds: SeedRange,
    ticks: u32,
    pool: &rayon::ThreadPool,
) -> Aggregate {
    let mut agg = Aggregate::new(keys.to_vec(), ticks);
    // Chunk by chunk, so that memory does not grow with the number of seeds.
    for chunk in super::chunks(seeds) {
        let records: Vec<SeedRecord> = pool.install(|| {
            (chunk.start..chunk.end)
                .into_par_iter()
                .map(|seed| {
                    SeedRecord::from_run(
                        seed,
                        &crate::sim::run_with(
                            plan.clone(),
                            seed,
                            ticks,
                            doctrines.clone(),
                            &mut |_, _| {},
                        ),
                        keys,
                    )
                })
                .collect()
        });
        for r in &records {
            agg.push(r);
        }
    }
    agg
}

/// Reads a sweep file and the scenario it names, and checks that the State it reports is one
/// of the scenario's States.
pub fn load(path: &Path) -> Result<(SweepFile, Scenario, PathBuf)> {
    let text = crate::scenario::read_text_file(path, 1 << 20)?;
    let sweep = parse(&text, path)?;
    let scenario_path = path
        .parent()
        .unwrap_or(Path::new("."))
        .join(&sweep.scenario);
    let scenario = crate::scenario::load(&scenario_path)?;
    if let Some(state) = &sweep.state {
        let states: Vec<&str> = scenario
            .actors
            .iter()
            .filter(|a| a.kind == crate::model::ActorKind::State)
            .map(|a| a.id.as_str())
            .collect();
        if !states.contains(&state.as_str()) {
            return Err(bad_at(
                path,
                field_location(&text, "state"),
                format!(
                    "state: unknown State `{state}` in {}; expected one of {}",
                    scenario_path.display(),
                    states
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                crate::error::did_you_mean(state, states.iter().copied()),
            ));
        }
    }
    Ok((sweep, scenario, scenario_path))
}

/// The thresholds a sweep file may report.
pub const THRESHOLDS: [&str; 4] = [
    "use_of_force",
    "armed_attack",
    "self_defense",
    "collective_self_defense",
];

/// Parses and checks sweep-file text as if it were the file `path`.
pub fn parse(text: &str, path: &Path) -> Result<SweepFile> {
    let sweep: SweepFile = crate::scenario::parse_ron(
        text,
        path,
        "a sweep `Sweep(name: ..., scenario: ..., parameters: [...])`",
    )?;
    if !crate::scenario::is_safe_name(&sweep.name) {
        return Err(bad(
            path,
            format!(
                "`{}` cannot be used as a sweep name: expected 1 to 100 letters, digits, `-`, `_` or `.`, not starting with `.`",
                sweep.name
            ),
            Some("it names the output folder".into()),
        ));
    }
    if sweep
        .parameters
        .iter()
        .flat_map(|p| &p.values)
        .any(|v| !v.is_finite())
    {
        return Err(bad(
            path,
            "a parameter value is not a finite number".into(),
            None,
        ));
    }
    if sweep.seeds.1 <= sweep.seeds.0 {
        return Err(bad(
            path,
            format!(
                "seeds ({}, {}) is empty: expected (start, end) with end > start",
                sweep.seeds.0, sweep.seeds.1
            ),
            None,
        ));
    }
    if sweep.parameters.is_empty()
        || sweep
            .parameters
            .iter()
            .any(|p| p.values.is_empty() || p.values.iter().any(|v| !v.is_finite()))
    {
        return Err(bad(
            path,
            "expected at least one parameter, each with finite values".into(),
            None,
        ));
    }
    if !THRESHOLDS.contains(&sweep.threshold.as_str()) {
        return Err(bad_at(
            path,
            field_location(text, "threshold"),
            format!(
                "threshold: unknown threshold `{}`; expected one of {}",
                sweep.threshold,
                THRESHOLDS
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            crate::error::did_you_mean(&sweep.threshold, THRESHOLDS),
        ));
    }
    if let Some(t) = sweep.ticks
        && (t == 0 || u64::from(t) > crate::scenario::LIMITS.max_ticks)
    {
        return Err(bad_at(
            path,
            field_location(text, "ticks"),
            format!(
                "ticks: {t} is not allowed: expected 1 to {}",
                crate::scenario::LIMITS.max_ticks
            ),
            Some("leave `ticks` out to run the scenario's duration".into()),
        ));
    }
    match grid_size(&sweep.parameters) {
        Some(n) if n <= super::MAX_GRID_POINTS => {}
        n => {
            return Err(bad_at(
                path,
                field_location(text, "parameters"),
                format!(
                    "the grid has {} points, over the limit of {}",
                    n.map_or("more than 2^64".to_string(), |n| n.to_string()),
                    super::MAX_GRID_POINTS
                ),
                Some("vary fewer parameters, or fewer values each, per sweep file".into()),
            ));
        }
    }
    Ok(sweep)
}

/// The number of points of the grid (the product of the numbers of values), if it fits in
/// 64 bits.
pub fn grid_size(params: &[Parameter]) -> Option<u64> {
    params
        .iter()
        .try_fold(1u64, |n, p| n.checked_mul(p.values.len() as u64))
}

/// Point `k` of the grid, first parameter slowest (the order of [`points`]), computed without
/// listing the grid.
pub fn point(params: &[Parameter], k: u64) -> Vec<f64> {
    let mut rest = k;
    let mut out = vec![0.0; params.len()];
    for (slot, p) in out.iter_mut().zip(params).rev() {
        let n = p.values.len().max(1) as u64;
        *slot = p.values[(rest % n) as usize];
        rest /= n;
    }
    out
}

/// The longest name of a grid point's folder; longer labels fall back to the point's number.
pub const MAX_POINT_DIR: usize = 120;

/// The folder name of grid point `k`: its number and values (`004-0.5-3`), or only its number
/// when the values would make the name too long for a file system.
pub fn point_dir_name(k: u64, values: &[f64]) -> String {
    let label: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
    let name = format!("{k:03}-{}", label.join("-"));
    if name.len() <= MAX_POINT_DIR {
        name
    } else {
        format!("{k:03}")
    }
}

/// Every combination of the parameters' values, first parameter slowest. Lists the whole grid:
/// [`point`] computes one at a time.
pub fn points(params: &[Parameter]) -> Vec<Vec<f64>> {
    let mut out = vec![Vec::new()];
    for p in params {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                p.values.iter().map(move |&v| {
                    let mut x = prefix.clone();
                    x.push(v);
                    x
                })
            })
            .collect();
    }
    out
}

/// The probability that `state` crossed `threshold`, per doctrine, from an aggregate.
pub fn probabilities(agg: &Aggregate, keys: &[Key], state: &str, threshold: &str) -> Vec<Value> {
    keys.iter()
        .filter(|k| k.state == state && k.threshold == threshold)
        .filter_map(|k| agg.probability(k).map(|(p, lo, hi)| serde_json::json!({"doctrine": k.doctrine, "probability": p, "ci95": [lo, hi]})))
        .collect()
}

/// The tipping point of one doctrine: the parameter value at which `threshold` is crossed in
/// half of the seeds, by bisection over sweeps.
#[allow(clippy::too_many_arguments)]
pub fn tipping(
    scenario: &Scenario,
    file: &Path,
    path: &str,
    range: (f64, f64),
    key: &Key,
    seeds: SeedRange,
    ticks: Option<u32>,
    doctrines: &Arc<Doctrines>,
    threads: usize,
    iterations: u32,
) -> Result<Value> {
    if threads > super::MAX_THREADS {
        return Err(Error::Usage(format!(
            "{threads} threads: expected 1 to {}",
            super::MAX_THREADS
        )));
    }
    if iterations > super::MAX_TIPPING_ITERATIONS {
        return Err(Error::Usage(format!(
            "{iterations} iterations: expected 0 to {}",
            super::MAX_TIPPING_ITERATIONS
        )));
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| Error::Usage(e.to_string()))?;
    let ids: Vec<String> = doctrines.ids().iter().map(|s| s.to_string()).collect();
    let mut evaluations = Vec::new();
    let mut eval = |x: f64| -> Result<(f64, f64, f64)> {
        let s = set_parameter(scenario, path, x, file)?;
        crate::scenario::validate(&s, "", file)?;
        let plan = Arc::new(s.compile(file)?);
        let keys = super::record::keys(&plan, &ids);
        if !keys.contains(key) {
            return Err(Error::Usage(format!(
                "`{}` is not tracked for this scenario: expected a targeted State (or an ally, for collective_self_defense)",
                key.column()
            )));
        }
        let agg = sweep_in_memory(
            &plan,
            doctrines,
            &keys,
            seeds,
            ticks.unwrap_or(plan.ticks),
            &pool,
        );
        let (p, lo, hi) = agg.probability(key).unwrap_or((0.0, 0.0, 1.0));
        evaluations.push(serde_json::json!({"value": x, "probability": p, "ci95": [lo, hi]}));
        Ok((p, lo, hi))
    };
    let (mut lo, mut hi) = range;
    let (p_lo, _, _) = eval(lo)?;
    let (p_hi, _, _) = eval(hi)?;
    if (p_lo - 0.5).signum() == (p_hi - 0.5).signum() {
        return Err(Error::Usage(format!(
            "P = {p_lo:.2} at {lo} and {p_hi:.2} at {hi}: the range does not bracket 0.5; widen it"
        )));
    }
    let rising = p_hi > p_lo;
    for _ in 0..iterations {
        let mid = (lo + hi) / 2.0;
        let (p, _, _) = eval(mid)?;
        if (p >= 0.5) == rising {
            hi = mid
        } else {
            lo = mid
        }
    }
    Ok(serde_json::json!({
        "parameter": path,
        "state": key.state,
        "threshold": key.threshold,
        "doctrine": key.doctrine,
        "seeds": [seeds.start, seeds.end],
        "estimate": (lo + hi) / 2.0,
        "bracket": [lo, hi],
        "note": "the bracket is where P crosses 0.5 at these seeds; see each evaluation's 95% interval for the sampling uncertainty",
        "evaluations": evaluations,
    }))
}
