//! Charts of a sweep: the crossing-time CDF per doctrine, the harm distribution, and (for
//! parameter sweeps) the threshold probability against the varied parameter.

use super::charts::{PALETTE, doctrine_color, register_font};
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde_json::Value;
use std::path::Path;

use super::charts::DrawResult;

fn style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
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

/// Crossing-time CDF per doctrine, with the 95% band.
pub fn cdf<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, agg: &Value) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let (state, threshold) = focus(agg);
    let ticks = agg["ticks"].as_f64().unwrap_or(1.0).max(1.0);
    let n = agg["seeds"].as_u64().unwrap_or(0);
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "When {} crosses {} — share of {n} seeds, by doctrine",
                state,
                threshold.replace('_', " ")
            ),
            style(20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..ticks, 0f64..1.02f64)?;
    chart
        .configure_mesh()
        .x_desc("tick")
        .y_desc("share of seeds crossed by then (95% band)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(style(13))
        .axis_desc_style(style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let rows: Vec<&Value> = agg["thresholds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["state"] == state.as_str() && t["threshold"] == threshold.as_str())
        .collect();
    for (i, t) in rows.iter().enumerate() {
        let color = doctrine_color(i);
        let pts: Vec<[f64; 4]> = t["cdf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let a = p.as_array()?;
                Some([
                    a.first()?.as_f64()?,
                    a.get(1)?.as_f64()?,
                    a.get(2)?.as_f64()?,
                    a.get(3)?.as_f64()?,
                ])
            })
            .collect();
        let band: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| (p[0], p[3]))
            .chain(pts.iter().rev().map(|p| (p[0], p[2])))
            .collect();
        chart.draw_series([Polygon::new(band, color.mix(0.12).filled())])?;
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|p| (p[0], p[1])),
                color.stroke_width(2),
            ))?
            .label(t["doctrine"].as_str().unwrap_or("").to_string())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    super::charts::legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
}

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
        .x_label_area_size(40)
        .y_label_area_size(60)
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

/// Threshold probability against a varied parameter, one line per doctrine.
pub fn grid<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, grid: &Value) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let param = grid["parameters"][0]
        .as_str()
        .unwrap_or("parameter")
        .to_string();
    let points = grid["points"].as_array().cloned().unwrap_or_default();
    let xs: Vec<f64> = points
        .iter()
        .filter_map(|p| p["values"][0].as_f64())
        .collect();
    let (lo, hi) = xs
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
    let (lo, hi) = if lo < hi {
        (lo, hi)
    } else {
        (lo - 1.0, lo + 1.0)
    };
    let threshold = grid["threshold"]
        .as_str()
        .unwrap_or("armed_attack")
        .to_string();
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!(
                "P({} by {}) against {param}",
                threshold.replace('_', " "),
                grid["state"].as_str().unwrap_or("")
            ),
            style(20),
        )
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(lo..hi, 0f64..1.02f64)?;
    chart
        .configure_mesh()
        .x_desc(param.as_str())
        .y_desc("probability (95% interval)")
        .label_style(style(13))
        .axis_desc_style(style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let doctrines: Vec<String> = grid["doctrines"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str().map(str::to_string))
        .collect();
    for (i, d) in doctrines.iter().enumerate() {
        let color = doctrine_color(i);
        let mut pts = Vec::new();
        for p in &points {
            let Some(x) = p["values"][0].as_f64() else {
                continue;
            };
            if let Some(t) = p["probabilities"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|t| t["doctrine"] == d.as_str())
            {
                let (pr, a, b) = (
                    t["probability"].as_f64().unwrap_or(0.0),
                    t["ci95"][0].as_f64().unwrap_or(0.0),
                    t["ci95"][1].as_f64().unwrap_or(1.0),
                );
                pts.push((x, pr));
                chart.draw_series([PathElement::new([(x, a), (x, b)], color.stroke_width(1))])?;
            }
        }
        chart
            .draw_series(LineSeries::new(pts.clone(), color.stroke_width(2)))?
            .label(d.clone())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
    }
    super::charts::legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
    Ok(())
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
    both!(dir, "cdf", 1200u32, 700u32, |root| cdf(&root, agg));
    both!(dir, "harm", 1000u32, 600u32, |root| harm(&root, deaths));
    Ok(())
}

/// Writes `grid.svg/png` for a parameter sweep.
pub fn write_grid(grid_value: &Value, dir: &Path) -> Result<()> {
    register_font();
    both!(dir, "grid", 1200u32, 700u32, |root| grid(&root, grid_value));
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
    let pair = |name: &str| vec![dir.join(format!("{name}.svg")), dir.join(format!("{name}.png"))];
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
