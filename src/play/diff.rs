//! `casus diff RUN_A RUN_B`: how two finished runs differ: the first tick they diverge, the
//! thresholds crossed under each doctrine, the responses taken, and the harm; as text, as JSON,
//! and as a chart.

use crate::error::{Error, Result};
use crate::report::run_data::RunData;
use plotters::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Where two runs first differ.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Divergence {
    /// The first tick at which an event, a legal trace line or a time-series row differs.
    pub tick: u64,
    /// Which file shows it first (`events.jsonl`, `legal.jsonl` or `timeseries.csv`).
    pub file: String,
    /// Run A's line at that point (`null` when run A has none).
    pub a: Option<Value>,
    /// Run B's line at that point.
    pub b: Option<Value>,
}

/// One threshold under one doctrine for one situation, and when each run crossed it.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ThresholdDiff {
    /// The assessing State.
    pub victim: String,
    /// The attacked ally, for collective self-defense situations.
    pub ally: Option<String>,
    /// The suspected author.
    pub suspect: String,
    /// The doctrine.
    pub doctrine: String,
    /// The threshold.
    pub threshold: String,
    /// The status reached (`met` or `contested`).
    pub status: String,
    /// First tick in run A (`null`: not reached).
    pub a: Option<u64>,
    /// First tick in run B.
    pub b: Option<u64>,
}

/// A harm total in each run.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HarmDiff {
    /// The measure (a field of the summary's `harm`).
    pub measure: String,
    /// Run A.
    pub a: f64,
    /// Run B.
    pub b: f64,
    /// `b - a`.
    pub delta: f64,
}

/// How two runs differ.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diff {
    /// Run A's folder.
    pub a: String,
    /// Run B's folder.
    pub b: String,
    /// Scenario and seed of each run.
    pub runs: [RunId; 2],
    /// `null` when the runs' events, legal traces and time series are identical.
    pub first_divergence: Option<Divergence>,
    /// Thresholds whose first crossing differs (tick, or reached in one run only).
    pub thresholds: Vec<ThresholdDiff>,
    /// Responses taken in run A and not in run B (same tick, actor, response, target).
    #[schemars(with = "Vec<crate::report::schema::ResponseRecord>")]
    pub responses_only_a: Vec<Value>,
    /// Responses taken in run B and not in run A.
    #[schemars(with = "Vec<crate::report::schema::ResponseRecord>")]
    pub responses_only_b: Vec<Value>,
    /// Responses both runs took.
    pub responses_common: usize,
    /// Harm totals.
    pub harm: Vec<HarmDiff>,
}

/// Which run a folder holds.
#[derive(Clone, Debug, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RunId {
    /// Scenario name.
    pub scenario: String,
    /// Seed.
    pub seed: u64,
    /// Ticks run.
    pub ticks: u64,
}

fn run_id(d: &RunData) -> RunId {
    RunId {
        scenario: d.summary["scenario"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        seed: d.summary["seed"].as_u64().unwrap_or_default(),
        ticks: d.summary["ticks"].as_u64().unwrap_or_default(),
    }
}

fn tick_of(v: &Value) -> u64 {
    v["tick"].as_u64().unwrap_or_default()
}

/// The first difference between two lists of ticked lines, as (tick, a, b).
fn first_difference(a: &[Value], b: &[Value]) -> Option<(u64, Option<Value>, Option<Value>)> {
    let i = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let (x, y) = (a.get(i).cloned(), b.get(i).cloned());
    let tick = match (&x, &y) {
        (Some(x), Some(y)) => tick_of(x).min(tick_of(y)),
        (Some(v), None) | (None, Some(v)) => tick_of(v),
        (None, None) => 0,
    };
    Some((tick, x, y))
}

fn series_rows(d: &RunData) -> Vec<Value> {
    let tick = d.columns.iter().position(|c| c == "tick");
    d.rows
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            for (c, v) in d.columns.iter().zip(r) {
                o.insert(c.clone(), Value::from(*v));
            }
            // The tick as an integer, like the other files'.
            o.insert(
                "tick".into(),
                Value::from(tick.and_then(|t| r.get(t)).copied().unwrap_or_default() as u64),
            );
            Value::Object(o)
        })
        .collect()
}

fn crossings(d: &RunData) -> BTreeMap<[String; 6], u64> {
    let mut out = BTreeMap::new();
    for c in d.summary["thresholds_crossed"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
        let key = [
            s("victim"),
            s("ally"),
            s("suspect"),
            s("doctrine"),
            s("threshold"),
            s("status"),
        ];
        let t = tick_of(c);
        out.entry(key)
            .and_modify(|x: &mut u64| *x = (*x).min(t))
            .or_insert(t);
    }
    out
}

fn response_key(r: &Value) -> String {
    format!(
        "{}|{}|{}|{}|{}",
        tick_of(r),
        r["actor"].as_str().unwrap_or_default(),
        r["response"].as_str().unwrap_or_default(),
        r["against"].as_str().unwrap_or_default(),
        r["ally"].as_str().unwrap_or_default()
    )
}

fn harm_measures(summary: &Value) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    if let Some(h) = summary["harm"].as_object() {
        for (k, v) in h {
            if let Some(x) = v.as_f64() {
                out.insert(k.clone(), x);
            } else if let Some(x) = v["central"].as_f64() {
                out.insert(format!("{k}.central"), x);
            }
        }
    }
    out
}

/// Compares the finished runs in folders `a` and `b`.
pub fn diff(a: &Path, b: &Path) -> Result<Diff> {
    let (da, db) = (RunData::load(a)?, RunData::load(b)?);
    Ok(compare(&da, &db, a, b))
}

fn compare(da: &RunData, db: &RunData, a: &Path, b: &Path) -> Diff {
    let firsts = [
        ("events.jsonl", first_difference(&da.events, &db.events)),
        ("legal.jsonl", first_difference(&da.legal, &db.legal)),
        (
            "timeseries.csv",
            first_difference(&series_rows(da), &series_rows(db)),
        ),
    ];
    let first_divergence = firsts
        .into_iter()
        .filter_map(|(f, d)| d.map(|(t, x, y)| (t, f, x, y)))
        .min_by_key(|(t, ..)| *t)
        .map(|(tick, file, a, b)| Divergence {
            tick,
            file: file.into(),
            a,
            b,
        });
    let (ca, cb) = (crossings(da), crossings(db));
    let mut thresholds = Vec::new();
    for key in ca
        .keys()
        .chain(cb.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (x, y) = (ca.get(key).copied(), cb.get(key).copied());
        if x != y {
            let [victim, ally, suspect, doctrine, threshold, status] = key.clone();
            thresholds.push(ThresholdDiff {
                victim,
                ally: (!ally.is_empty()).then_some(ally),
                suspect,
                doctrine,
                threshold,
                status,
                a: x,
                b: y,
            });
        }
    }
    let list = |d: &RunData| {
        d.summary["responses"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let (ra, rb) = (list(da), list(db));
    let kb: Vec<String> = rb.iter().map(response_key).collect();
    let ka: Vec<String> = ra.iter().map(response_key).collect();
    let responses_only_a: Vec<Value> = ra
        .iter()
        .filter(|r| !kb.contains(&response_key(r)))
        .cloned()
        .collect();
    let responses_only_b: Vec<Value> = rb
        .iter()
        .filter(|r| !ka.contains(&response_key(r)))
        .cloned()
        .collect();
    let (ha, hb) = (harm_measures(&da.summary), harm_measures(&db.summary));
    let harm = ha
        .iter()
        .map(|(k, &x)| {
            let y = hb.get(k).copied().unwrap_or(0.0);
            HarmDiff {
                measure: k.clone(),
                a: x,
                b: y,
                delta: y - x,
            }
        })
        .collect();
    Diff {
        a: a.display().to_string(),
        b: b.display().to_string(),
        runs: [run_id(da), run_id(db)],
        first_divergence,
        thresholds,
        responses_common: ra.len() - responses_only_a.len(),
        responses_only_a,
        responses_only_b,
        harm,
    }
}

fn tick_text(t: Option<u64>) -> String {
    t.map_or("-".into(), |t| t.to_string())
}

impl Diff {
    /// The comparison as text for a terminal.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let [ra, rb] = &self.runs;
        s += &format!(
            "A: {} ({}, seed {}, {} ticks)\nB: {} ({}, seed {}, {} ticks)\n",
            self.a, ra.scenario, ra.seed, ra.ticks, self.b, rb.scenario, rb.seed, rb.ticks
        );
        match &self.first_divergence {
            None => s += "identical: same events, legal trace and time series\n",
            Some(d) => {
                s += &format!("first divergence: tick {} ({})\n", d.tick, d.file);
                let line = |v: &Option<Value>| {
                    v.as_ref().map_or("(none)".to_string(), |v| {
                        let t = v.to_string();
                        if t.len() > 160 {
                            format!("{}...", &t[..t.floor_char_boundary(157)])
                        } else {
                            t
                        }
                    })
                };
                s += &format!("  A: {}\n  B: {}\n", line(&d.a), line(&d.b));
            }
        }
        if self.thresholds.is_empty() {
            s += "thresholds: crossed at the same ticks\n";
        } else {
            s += "thresholds (first tick, A / B):\n";
            for t in &self.thresholds {
                let who = match &t.ally {
                    Some(a) => format!("{} (for {a})", t.victim),
                    None => t.victim.clone(),
                };
                s += &format!(
                    "  {who} vs {}: {} {} under {}: {} / {}\n",
                    t.suspect,
                    t.threshold,
                    t.status,
                    t.doctrine,
                    tick_text(t.a),
                    tick_text(t.b)
                );
            }
        }
        s += &format!(
            "responses: {} in both, {} only in A, {} only in B\n",
            self.responses_common,
            self.responses_only_a.len(),
            self.responses_only_b.len()
        );
        for (who, list) in [("A", &self.responses_only_a), ("B", &self.responses_only_b)] {
            for r in list {
                s += &format!(
                    "  only {who}: tick {} {} took {} against {} (lawful: {})\n",
                    tick_of(r),
                    r["actor"].as_str().unwrap_or_default(),
                    r["response"].as_str().unwrap_or_default(),
                    r["against"].as_str().unwrap_or_default(),
                    r["lawful"].as_str().unwrap_or_default()
                );
            }
        }
        s += "harm (A / B, B - A):\n";
        for h in &self.harm {
            s += &format!(
                "  {}: {:.1} / {:.1} ({:+.1})\n",
                h.measure, h.a, h.b, h.delta
            );
        }
        s
    }

    /// The comparison as pretty JSON.
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// Draws the two runs' severity index per targeted State and their cumulative deaths against
/// time, with the first divergence marked, as an SVG file.
pub fn chart(a: &Path, b: &Path, out: &Path) -> Result<()> {
    let (da, db) = (RunData::load(a)?, RunData::load(b)?);
    let d = compare(&da, &db, a, b);
    let mut svg = String::new();
    draw(&da, &db, &d, &mut svg).map_err(|e| Error::Write {
        path: out.to_path_buf(),
        message: format!("cannot draw the chart: {e}"),
    })?;
    crate::report::write_atomic(out, svg.as_bytes())
}

fn draw(
    da: &RunData,
    db: &RunData,
    d: &Diff,
    svg: &mut String,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    crate::report::charts::register_font();
    let root = SVGBackend::with_string(svg, (1000, 700)).into_drawing_area();
    root.fill(&WHITE)?;
    let (upper, lower) = root.split_vertically(350);
    let hours = |r: &RunData| r.column("hour").unwrap_or_default();
    let end = hours(da)
        .last()
        .copied()
        .unwrap_or(1.0)
        .max(hours(db).last().copied().unwrap_or(1.0));
    let marker = d.first_divergence.as_ref().map(|x| da.hour_of(x.tick));
    let severity: Vec<String> = da
        .columns
        .iter()
        .filter(|c| c.starts_with("severity_"))
        .cloned()
        .collect();
    let panels: [(&DrawingArea<_, _>, String, Vec<String>); 2] = [
        (
            &upper,
            "Severity index, A (solid) and B (dashed)".into(),
            severity,
        ),
        (
            &lower,
            "Deaths (cumulative), A (solid) and B (dashed)".into(),
            vec!["deaths".to_string()],
        ),
    ];
    for (area, title, columns) in panels {
        let top = columns
            .iter()
            .flat_map(|c| {
                [da, db]
                    .into_iter()
                    .flat_map(|r| r.column(c).unwrap_or_default())
            })
            .fold(1e-9f64, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..end, 0f64..top * 1.08)?;
        chart
            .configure_mesh()
            .x_desc("time (hours)")
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        for (i, c) in columns.iter().enumerate() {
            let color = crate::report::charts::PALETTE[[5, 6, 3, 7, 1, 2][i % 6]];
            let ya = da.column(c).unwrap_or_default();
            chart
                .draw_series(LineSeries::new(
                    hours(da).into_iter().zip(ya),
                    color.stroke_width(2),
                ))?
                .label(c.trim_start_matches("severity_").to_string())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2))
                });
            let yb = db.column(c).unwrap_or_default();
            chart.draw_series(DashedLineSeries::new(
                hours(db).into_iter().zip(yb),
                6,
                4,
                color.stroke_width(2),
            ))?;
        }
        if let Some(x) = marker {
            chart.draw_series(std::iter::once(PathElement::new(
                [(x, 0.0), (x, top * 1.08)],
                BLACK.stroke_width(1),
            )))?;
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()?;
    }
    root.present()?;
    Ok(())
}
