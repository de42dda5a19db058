//! Charts of a sweep: the crossing-time CDF per doctrine, the harm distribution, and (for
//! parameter sweeps) the threshold probability against the varied parameter.

use super::charts::{PALETTE, doctrine_color, register_font};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::Value;
use std::path::Path;

use super::charts::DrawResult;
use plotters::style::text_anchor::{HPos, Pos, VPos};

fn style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size.max(super::charts::MIN_FONT))
        .into_font()
        .color(&BLACK)
}

/// The State and threshold the CDF chart shows: the first targeted State's armed attack.
fn focus(agg: &Value) -> (String, String) {
    let t = agg["thresholds"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["threshold"] == "armed_attack"));
    (
        t.map_or(String::new(), |t| {
            t["state"].as_str().unwrap_or("").to_string()
        }),
        "armed_attack".into(),
    )
}

/// Crossing-time CDF, one panel per doctrine (seven curves on one axis hide one another),
/// each with its 95% band; time in hours.
pub fn cdf<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, agg: &Value) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let (state, threshold) = focus(agg);
    let tick_hours = agg["tick_hours"].as_f64().unwrap_or(1.0);
    let ticks = agg["ticks"].as_f64().unwrap_or(1.0).max(1.0);
    let hours = (ticks + 1.0) * tick_hours;
    let n = agg["seeds"].as_u64().unwrap_or(0);
    let root = root.titled(
        &format!(
            "When {} crosses {}: share of {n} seeds by then, per doctrine (95% band)",
            state,
            threshold.replace('_', " ")
        ),
        style(20),
    )?;
    let rows: Vec<&Value> = agg["thresholds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["state"] == state.as_str() && t["threshold"] == threshold.as_str())
        .collect();
    let panels = root.split_evenly((rows.len().div_ceil(CDF_COLUMNS).max(1), CDF_COLUMNS));
    for (i, (t, area)) in rows.iter().zip(panels.iter()).enumerate() {
        let color = doctrine_color(i);
        let mut chart = ChartBuilder::on(area)
            .caption(t["doctrine"].as_str().unwrap_or(""), style(18))
            .margin(8)
            .x_label_area_size(58)
            .y_label_area_size(64)
            .build_cartesian_2d(0f64..hours, 0f64..1.02f64)?;
        chart
            .configure_mesh()
            .x_desc("hours")
            .x_labels(4)
            .y_labels(3)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.1}"))
            .label_style(style(18))
            .axis_desc_style(style(18))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        let pts: Vec<[f64; 4]> = t["cdf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                if let Some(a) = p.as_array() {
                    // A sweep folder written before the CDF's points were records.
                    return Some([
                        (a.first()?.as_f64()? + 1.0) * tick_hours,
                        a.get(1)?.as_f64()?,
                        a.get(2)?.as_f64()?,
                        a.get(3)?.as_f64()?,
                    ]);
                }
                Some([
                    (p["tick"].as_f64()? + 1.0) * tick_hours,
                    p["share"].as_f64()?,
                    p["share_low"].as_f64()?,
                    p["share_high"].as_f64()?,
                ])
            })
            .collect();
        let band: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| (p[0], p[3]))
            .chain(pts.iter().rev().map(|p| (p[0], p[2])))
            .collect();
        chart.draw_series([Polygon::new(band, color.mix(0.18).filled())])?;
        chart.draw_series(LineSeries::new(
            pts.iter().map(|p| (p[0], p[1])),
            color.stroke_width(2),
        ))?;
    }
    Ok(())
}

/// Panels per row of the sweep's CDF chart.
const CDF_COLUMNS: usize = 4;

/// Histogram of deaths across seeds.
pub fn harm<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, deaths: &[f64]) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let max = deaths.iter().copied().fold(0.0f64, f64::max).max(1.0);
    let bins = 30usize;
    let width = max / bins as f64;
    let mut counts = vec![0u32; bins];
    for &d in deaths {
        counts[((d / width) as usize).min(bins - 1)] += 1;
    }
    let top = f64::from(counts.iter().copied().max().unwrap_or(1).max(1));
    let mut chart = ChartBuilder::on(root)
        .caption(format!("Deaths across {} seeds", deaths.len()), style(20))
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..max * 1.02, 0f64..top * 1.1)?;
    chart
        .configure_mesh()
        .x_desc("deaths in a run")
        .y_desc("seeds")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .label_style(style(13))
        .axis_desc_style(style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    chart.draw_series(counts.iter().enumerate().map(|(i, &c)| {
        let x0 = i as f64 * width;
        Rectangle::new(
            [(x0, 0.0), (x0 + width * 0.92, f64::from(c))],
            PALETTE[5].filled(),
        )
    }))?;
    Ok(())
}

/// A parameter's path as an axis label: `actors[japan].defense.staff` reads
/// `actors japan defense staff`.
pub fn readable(path: &str) -> String {
    path.replace(['[', '.', '_'], " ")
        .replace(']', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A parameter sweep's outcomes against its first parameter, one panel each, every point
/// with its interval: the probability of the sweep's threshold under each doctrine (Wilson
/// 95%), the share of seeds in which a victim named the true author with confidence 0.75
/// (Wilson 95%), the hours until it did (median, with the 25th and 75th percentiles), and
/// deaths (mean, 95% interval).
pub fn grid<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, grid: &Value) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let param = readable(grid["parameters"][0].as_str().unwrap_or("parameter"));
    let points = grid["points"].as_array().cloned().unwrap_or_default();
    let xs: Vec<f64> = points
        .iter()
        .filter_map(|p| p["values"][0].as_f64())
        .collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (lo, hi) = if lo < hi {
        let pad = (hi - lo) * 0.06;
        (lo - pad, hi + pad)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let seeds = grid["seeds"][1].as_f64().unwrap_or(0.0) - grid["seeds"][0].as_f64().unwrap_or(0.0);
    let tick_hours = grid["tick_hours"].as_f64().unwrap_or(1.0);
    let threshold = grid["threshold"]
        .as_str()
        .unwrap_or("armed_attack")
        .replace('_', " ");
    let root = root.titled(
        &format!("Outcomes against {param} ({seeds:.0} seeds a point)"),
        style(20),
    )?;
    let areas = root.split_evenly((2, 2));
    // (title, y label, y max, points as (x, value, low, high), colour)
    type Series = Vec<(String, Vec<(f64, f64, f64, f64)>, RGBColor)>;
    let mut panels: Vec<(String, String, Series)> = Vec::new();
    let doctrines: Vec<String> = grid["doctrines"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str().map(str::to_string))
        .collect();
    let mut by_doctrine: Series = Vec::new();
    for (i, d) in doctrines.iter().enumerate() {
        let pts = points
            .iter()
            .filter_map(|p| {
                let x = p["values"][0].as_f64()?;
                let t = p["probabilities"]
                    .as_array()?
                    .iter()
                    .find(|t| t["doctrine"] == d.as_str())?;
                Some((
                    x,
                    t["probability"].as_f64()?,
                    t["ci95"][0].as_f64()?,
                    t["ci95"][1].as_f64()?,
                ))
            })
            .collect();
        by_doctrine.push((d.clone(), pts, doctrine_color(i)));
    }
    panels.push((
        format!("P({threshold} met), by doctrine (left to right at each point)"),
        "probability".into(),
        by_doctrine,
    ));
    let share = points
        .iter()
        .filter_map(|p| {
            let x = p["values"][0].as_f64()?;
            let k = p["attributed_seeds"].as_f64()?;
            let (a, b) = wilson(k, seeds);
            Some((x, k / seeds.max(1.0), a, b))
        })
        .collect();
    panels.push((
        "seeds with attribution to 75%".into(),
        "share of seeds".into(),
        vec![("share".into(), share, PALETTE[5])],
    ));
    let hour = |v: &Value| v.as_f64().map(|t| (t + 1.0) * tick_hours);
    let when = points
        .iter()
        .filter_map(|p| {
            let x = p["values"][0].as_f64()?;
            let q = &p["attribution_75_tick"];
            Some((x, hour(&q["p50"])?, hour(&q["p25"])?, hour(&q["p75"])?))
        })
        .collect();
    panels.push((
        "hours to attribution at 75% (median, quartiles)".into(),
        "hours".into(),
        vec![("median".into(), when, PALETTE[3])],
    ));
    let deaths = points
        .iter()
        .filter_map(|p| {
            let x = p["values"][0].as_f64()?;
            let d = &p["deaths"];
            Some((
                x,
                d["mean"].as_f64()?,
                d["ci95"][0].as_f64()?,
                d["ci95"][1].as_f64()?,
            ))
        })
        .collect();
    panels.push((
        "deaths (mean, 95% interval)".into(),
        "deaths".into(),
        vec![("deaths".into(), deaths, PALETTE[6])],
    ));
    for (area, (title, ylabel, series)) in areas.iter().zip(panels) {
        let top = series
            .iter()
            .flat_map(|s| s.1.iter().map(|p| p.3))
            .fold(0.0f64, f64::max);
        let many = series.len() > 1;
        let top = if many {
            // Room above 1 for the key.
            1.22
        } else if ylabel == "probability" || ylabel == "share of seeds" {
            1.02
        } else {
            (top * 1.15).max(1.0)
        };
        let mut chart = ChartBuilder::on(area)
            .caption(title, style(18))
            .margin(10)
            .x_label_area_size(58)
            .y_label_area_size(80)
            .build_cartesian_2d(lo..hi, 0f64..top)?;
        chart
            .configure_mesh()
            .x_desc(param.as_str())
            .y_desc(ylabel.as_str())
            .x_labels(5)
            .y_labels(5)
            .x_label_formatter(&|x| format!("{x}"))
            .y_label_formatter(&|y| {
                if top > 2.0 {
                    format!("{y:.0}")
                } else {
                    format!("{y:.1}")
                }
            })
            .label_style(style(18))
            .axis_desc_style(style(18))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        if many {
            // The key, in a row of its own above 1: the doctrines in the order their
            // intervals stand at each point, left to right, each in its colour.
            let (plot_w, _) = chart.plotting_area().dim_in_pixel();
            let per_px = (hi - lo) / f64::from(plot_w.max(1));
            let mut x = lo + (hi - lo) * 0.01;
            for (name, _, color) in &series {
                chart.draw_series([Text::new(
                    name.clone(),
                    (x, 1.12),
                    style(18)
                        .color(color)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )])?;
                x += (super::charts::text_width_px(name, 18) + 16.0) * per_px;
            }
        }
        for (k, (_, pts, color)) in series.iter().enumerate() {
            // Doctrines side by side at each point, so their intervals stay apart.
            let shift = if many {
                (k as f64 - (series.len() as f64 - 1.0) / 2.0) * (hi - lo) * 0.008
            } else {
                0.0
            };
            for &(x, _, a, b) in pts {
                chart.draw_series([PathElement::new(
                    [(x + shift, a), (x + shift, b)],
                    color.stroke_width(2),
                )])?;
            }
            chart.draw_series(LineSeries::new(
                pts.iter().map(|p| (p.0 + shift, p.1)),
                color.stroke_width(2),
            ))?;
            chart.draw_series(
                pts.iter()
                    .map(|p| Circle::new((p.0 + shift, p.1), 4, color.filled())),
            )?;
        }
    }
    Ok(())
}

/// Wilson 95% interval of `k` successes in `n` trials.
fn wilson(k: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let z = 1.96f64;
    let p = k / n;
    let d = 1.0 + z * z / n;
    let c = (p + z * z / (2.0 * n)) / d;
    let h = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

macro_rules! both {
    ($dir:expr, $name:literal, $w:expr, $h:expr, |$root:ident| $body:expr) => {{
        let failed = |e: Box<dyn std::error::Error>| Error::Write {
            path: $dir.join(concat!($name, ".svg")),
            message: format!("cannot draw the chart: {e}"),
        };
        let mut svg = String::new();
        {
            let $root = SVGBackend::with_string(&mut svg, ($w, $h)).into_drawing_area();
            $body.map_err(failed)?;
            $root.present().map_err(|e| failed(Box::new(e)))?;
        }
        let mut buf = vec![0u8; ($w * $h * 3) as usize];
        {
            let $root = BitMapBackend::with_buffer(&mut buf, ($w, $h)).into_drawing_area();
            $body.map_err(failed)?;
            $root.present().map_err(|e| failed(Box::new(e)))?;
        }
        let bytes = super::charts::encode_png(&buf, $w, $h).map_err(|e| failed(Box::new(e)))?;
        super::write_atomic(&$dir.join(concat!($name, ".svg")), svg.as_bytes())?;
        super::write_atomic(&$dir.join(concat!($name, ".png")), &bytes)?;
    }};
}

/// Writes `cdf.svg/png` and `harm.svg/png` for a sweep.
pub fn write_all(agg: &Value, deaths: &[f64], dir: &Path) -> Result<()> {
    register_font();
    both!(dir, "cdf", 1400u32, 800u32, |root| cdf(&root, agg));
    both!(dir, "harm", 1000u32, 600u32, |root| harm(&root, deaths));
    Ok(())
}

/// Writes `grid.svg/png` for a parameter sweep.
pub fn write_grid(grid_value: &Value, dir: &Path) -> Result<()> {
    register_font();
    both!(dir, "grid", 1400u32, 1000u32, |root| grid(
        &root, grid_value
    ));
    Ok(())
}

/// Redraws the charts of a sweep folder (one with `aggregate.json`) or of a parameter sweep's
/// folder (one with `grid.json`) from its files; returns the files written, or `None` when
/// `dir` holds neither (it may be a run's folder).
pub fn redraw(dir: &Path) -> Result<Option<Vec<std::path::PathBuf>>> {
    let read_json = |name: &str| -> Result<Value> {
        let path = dir.join(name);
        let text = crate::scenario::read_text_file(&path, 1 << 30)?;
        serde_json::from_str(&text).map_err(|e| crate::error::Error::Read {
            path: path.clone(),
            message: format!("not JSON written by `casus sweep`: {e}"),
        })
    };
    let pair = |name: &str| {
        vec![
            dir.join(format!("{name}.svg")),
            dir.join(format!("{name}.png")),
        ]
    };
    if dir.join("grid.json").is_file() {
        write_grid(&read_json("grid.json")?, dir)?;
        return Ok(Some(pair("grid")));
    }
    if !dir.join("aggregate.json").is_file() {
        return Ok(None);
    }
    let agg = read_json("aggregate.json")?;
    let path = dir.join("per_seed.csv");
    let mut rdr = csv::Reader::from_path(&path).map_err(|e| crate::error::Error::Read {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let col = rdr
        .headers()
        .ok()
        .and_then(|h| h.iter().position(|c| c == "deaths"))
        .ok_or_else(|| crate::error::Error::Read {
            path: path.clone(),
            message: "has no `deaths` column: it was not written by `casus sweep`".into(),
        })?;
    let mut deaths = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| crate::error::Error::Read {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let v = rec
            .get(col)
            .and_then(|c| c.parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .ok_or_else(|| crate::error::Error::Read {
                path: path.clone(),
                message: format!("row {}: `deaths` is not a number", i + 2),
            })?;
        deaths.push(v);
    }
    write_all(&agg, &deaths, dir)?;
    let mut files = pair("cdf");
    files.extend(pair("harm"));
    Ok(Some(files))
}
