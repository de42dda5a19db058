//! Charts of a finished run, drawn with plotters as SVG and PNG from the run's files, so that
//! `casus chart` re-renders exactly what `casus run` drew.
//!
//! Colours are the Okabe–Ito colour-blind-safe palette; text is DejaVu Sans, embedded in the
//! binary, so PNGs render on a machine with no fonts installed.

use super::run_data::RunData;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) type DrawResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";

/// Registers the embedded font (once).
pub fn register_font() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; a failure here is a build defect, caught by the tests.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

/// Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

/// Colour of the i-th doctrine (yellow is left out: too light on white).
pub fn doctrine_color(i: usize) -> RGBColor {
    const ORDER: [usize; 7] = [5, 6, 3, 7, 1, 2, 0];
    PALETTE[ORDER[i % ORDER.len()]]
}

const NOT_MET: RGBColor = RGBColor(225, 225, 225);
const CONTESTED: RGBColor = RGBColor(230, 159, 0);
const MET: RGBColor = RGBColor(213, 94, 0);

/// Names of the severity levels, for the escalation chart's axis.
pub const LEVELS: [&str; 7] = [
    "none",
    "espionage",
    "minor",
    "severe, non-physical",
    "physical",
    "grave",
    "",
];

/// A crossing marker drawn on the escalation chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    /// Tick of the crossing.
    pub tick: u64,
    /// Threshold crossed.
    pub threshold: String,
    /// Doctrines under which it was crossed then.
    pub doctrines: Vec<String>,
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn doctrine_ids(d: &RunData) -> Vec<String> {
    d.summary["doctrines"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| text(x, "id"))
        .collect()
}

/// Crossings for `victim` (not as an ally): (tick, threshold, status, doctrine).
fn crossings(d: &RunData, victim: &str) -> Vec<(u64, String, String, String)> {
    d.events
        .iter()
        .filter(|e| {
            text(e, "type") == "threshold_crossed"
                && text(e, "victim") == victim
                && e.get("ally").is_none()
        })
        .map(|e| {
            (
                e["tick"].as_u64().unwrap_or(0),
                text(e, "threshold"),
                text(e, "status"),
                text(e, "doctrine"),
            )
        })
        .collect()
}

fn x_range(d: &RunData) -> f64 {
    d.column("hour")
        .and_then(|h| h.last().copied())
        .unwrap_or(1.0)
        .max(1.0)
}

/// The smallest font size any chart uses: plotters draws a size-18 font 14.5 px high in the
/// SVG, which printed at column width from a 1,400-px canvas is about 8 pt.
pub const MIN_FONT: u32 = 18;

/// The house text style, never smaller than [`MIN_FONT`].
pub(crate) fn label_style(size: u32) -> TextStyle<'static> {
    (FAMILY, size.max(MIN_FONT)).into_font().color(&BLACK)
}

/// The width in pixels of `text` drawn in a font of plotters size `size` (an upper estimate:
/// DejaVu Sans averages about 0.6 em a character).
pub(crate) fn text_width_px(text: &str, size: u32) -> f64 {
    text.chars().count() as f64 * 0.6 * f64::from(size) * 0.806
}

/// Places labels in rows so that no two overlap: each label `(x_start, width)` (in the x
/// unit) goes to the first row where it clears every label already there by `gap`. Returns
/// the row of each label, in order.
pub(crate) fn stack_rows(labels: &[(f64, f64)], gap: f64) -> Vec<usize> {
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut out = Vec::with_capacity(labels.len());
    for &(x, w) in labels {
        let fits =
            |row: &Vec<(f64, f64)>| row.iter().all(|&(a, b)| x + w + gap <= a || b + gap <= x);
        let r = rows.iter().position(fits).unwrap_or(rows.len());
        if r == rows.len() {
            rows.push(Vec::new());
        }
        rows[r].push((x, x + w));
        out.push(r);
    }
    out
}

/// The top of the escalation chart's severity axis: room above the highest class (6) for the
/// rows of crossing labels.
const Y_TOP: f64 = 7.6;

/// The height of one row of crossing labels, in severity units.
const ROW: f64 = 0.3;

/// The escalation chart: the focus State's severity over time against each doctrine's
/// use-of-force and armed-attack thresholds, a marker at each crossing, a band of the
/// armed-attack status by doctrine (with self-defense lawful marked), and the responses as
/// steps on the ladder.
pub fn escalation<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &RunData,
) -> DrawResult<Vec<Marker>>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let focus = d.focus_victim().unwrap_or_default();
    let hours = x_range(d);
    let doctrines = doctrine_ids(d);
    let severity = d.column(&format!("severity_{focus}")).unwrap_or_default();
    let hour = d.column("hour").unwrap_or_default();
    let (_, h) = root.dim_in_pixel();
    let lane = super::situation_lane::wanted(d, &focus);
    let (top, rest) = root.split_vertically(h * if lane { 46 } else { 56 } / 100);
    let (band, ladder) = rest.split_vertically(h * 26 / 100);
    let ladder = super::situation_lane::draw_above(&ladder, d, &focus, hours, h)?;

    let mut chart = ChartBuilder::on(&top)
        .caption(
            format!("Escalation against {focus}: severity and the thresholds of self-defense"),
            label_style(22),
        )
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(235)
        .build_cartesian_2d(0f64..hours, 0f64..Y_TOP)?;
    chart
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("severity (gravity class)")
        .y_labels(8)
        .y_label_formatter(&|y| {
            LEVELS
                .get(y.round() as usize)
                .copied()
                .unwrap_or("")
                .to_string()
        })
        .label_style(label_style(13))
        .axis_desc_style(label_style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    // The thresholds as labelled bands, from the lowest to the highest level over the
    // doctrines; inside, each doctrine's level as a thin line in its colour (the panel below
    // tells the doctrines apart, one row each).
    let mut spans = [(f64::MAX, f64::MIN); 2];
    for (i, doc) in d.summary["doctrines"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let levels: Vec<f64> = doc["levels"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_f64)
            .collect();
        let (Some(&uof), Some(&aa)) = (levels.get(1), levels.get(3)) else {
            continue;
        };
        let color = doctrine_color(i);
        for (k, level) in [uof, aa].into_iter().enumerate() {
            if level > 6.0 {
                continue;
            }
            spans[k] = (spans[k].0.min(level), spans[k].1.max(level));
            let style = color.stroke_width(if k == 1 { 2 } else { 1 });
            if k == 1 {
                chart.draw_series(LineSeries::new([(0.0, level), (hours, level)], style))?;
            } else {
                chart.draw_series(DashedLineSeries::new(
                    [(0.0, level), (hours, level)],
                    6,
                    4,
                    style,
                ))?;
            }
        }
    }
    for (k, (lo, hi)) in spans.into_iter().enumerate() {
        if lo > hi {
            continue;
        }
        let (name, fill) = if k == 1 {
            ("armed attack", PALETTE[6].mix(0.16))
        } else {
            ("use of force", PALETTE[1].mix(0.16))
        };
        chart.draw_series([Rectangle::new(
            [(0.0, lo - 0.07), (hours, hi + 0.07)],
            fill.filled(),
        )])?;
        let range = if (hi - lo).abs() < 0.05 {
            format!("level {lo:.1}")
        } else {
            format!("levels {lo:.1} to {hi:.1}")
        };
        chart.draw_series([Text::new(
            format!(
                "{name} threshold ({range} over {} doctrines)",
                doctrines.len()
            ),
            (hours * 0.01, hi + 0.09),
            label_style(MIN_FONT).pos(Pos::new(HPos::Left, VPos::Bottom)),
        )])?;
    }
    chart.draw_series(LineSeries::new(
        hour.iter().copied().zip(severity.iter().copied()),
        BLACK.stroke_width(3),
    ))?;
    if let (Some(&last_x), Some(&last_y)) = (hour.last(), severity.last()) {
        chart.draw_series([Text::new(
            format!("severity in {focus}"),
            (last_x - hours * 0.005, last_y - 0.08),
            label_style(MIN_FONT).pos(Pos::new(HPos::Right, VPos::Top)),
        )])?;
    }

    // Markers: one per (tick, threshold) met, listing the doctrines.
    let mut groups: BTreeMap<(u64, String), Vec<String>> = BTreeMap::new();
    for (tick, threshold, status, doctrine) in crossings(d, &focus) {
        if status == "met"
            && matches!(
                threshold.as_str(),
                "use_of_force" | "armed_attack" | "self_defense"
            )
        {
            groups.entry((tick, threshold)).or_default().push(doctrine);
        }
    }
    // Their labels stand in rows above the highest class, placed so that none overlaps
    // another, each joined to its marker by a thin line.
    let (plot_w, _) = chart.plotting_area().dim_in_pixel();
    let hours_per_px = hours / f64::from(plot_w.max(1));
    let label_of = |threshold: &str, docs: &[String]| {
        format!(
            "{} ({})",
            threshold.replace('_', " "),
            if docs.len() == doctrines.len() {
                "all doctrines".to_string()
            } else {
                docs.join(", ")
            }
        )
    };
    let extents: Vec<(f64, f64)> = groups
        .iter()
        .map(|((tick, threshold), docs)| {
            let w = text_width_px(&label_of(threshold, docs), MIN_FONT) * hours_per_px;
            let x = (d.hour_of(*tick) + hours * 0.004).min(hours - w).max(0.0);
            (x, w)
        })
        .collect();
    let rows = stack_rows(&extents, hours * 0.01);
    let mut markers = Vec::new();
    for (n, ((tick, threshold), docs)) in groups.into_iter().enumerate() {
        let x = d.hour_of(tick);
        let y = severity.get(tick as usize).copied().unwrap_or(0.0);
        let color = match threshold.as_str() {
            "use_of_force" => PALETTE[1],
            "armed_attack" => PALETTE[6],
            _ => PALETTE[5],
        };
        let row_y = Y_TOP - 0.12 - ROW * rows[n] as f64;
        chart.draw_series(LineSeries::new(
            [(x, y), (x, row_y - ROW * 0.8)],
            color.mix(0.7).stroke_width(1),
        ))?;
        chart.draw_series([Circle::new((x, y), 6, color.filled())])?;
        chart.draw_series([Text::new(
            label_of(&threshold, &docs),
            (extents[n].0, row_y),
            label_style(MIN_FONT).pos(Pos::new(HPos::Left, VPos::Top)),
        )])?;
        markers.push(Marker {
            tick,
            threshold,
            doctrines: docs,
        });
    }

    // Band: armed-attack status by doctrine over time; a black bar where self-defense is lawful.
    let n = doctrines.len().max(1);
    let mut bands = ChartBuilder::on(&band)
        .caption("armed attack: not met (grey), contested (orange), met (red); black: self-defense lawful", label_style(14))
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(235)
        .build_cartesian_2d(0f64..hours, 0f64..n as f64)?;
    let ids = doctrines.clone();
    bands
        .configure_mesh()
        .disable_mesh()
        .x_desc("time (hours)")
        .y_labels(2 * n + 1)
        .y_label_formatter(&|y| {
            // Labels fall on halves: name the row whose centre this is.
            if (y.fract() - 0.5).abs() < 0.01 {
                ids.get(y.floor() as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .x_label_formatter(&|x| format!("{x:.0}"))
        .label_style(label_style(12))
        .draw()?;
    let events = crossings(d, &focus);
    for (r, doctrine) in doctrines.iter().enumerate() {
        let at = |threshold: &str, status: &str| {
            events
                .iter()
                .find(|e| e.1 == threshold && e.2 == status && e.3 == *doctrine)
                .map(|e| d.hour_of(e.0))
        };
        let contested = at("armed_attack", "contested");
        let met = at("armed_attack", "met");
        let y0 = r as f64 + 0.15;
        let y1 = r as f64 + 0.85;
        let c_start = contested.unwrap_or(hours).min(met.unwrap_or(hours));
        bands.draw_series([Rectangle::new([(0.0, y0), (c_start, y1)], NOT_MET.filled())])?;
        if let Some(c) = contested {
            bands.draw_series([Rectangle::new(
                [(c, y0), (met.unwrap_or(hours).max(c), y1)],
                CONTESTED.filled(),
            )])?;
        }
        if let Some(m) = met {
            bands.draw_series([Rectangle::new([(m, y0), (hours, y1)], MET.filled())])?;
        }
        if let Some(s) = at("self_defense", "met") {
            bands.draw_series([Rectangle::new(
                [(s, y1 - 0.18), (hours, y1)],
                BLACK.filled(),
            )])?;
        }
    }

    // Responses as steps on the ladder; allies' support (intelligence, logistics) is the lowest
    // rung above none.
    const LADDER: [&str; 8] = [
        "none",
        "support",
        "retorsion",
        "countermeasures",
        "plea_of_necessity",
        "active_cyber_defense",
        "self_defense",
        "collective_self_defense",
    ];
    let rung = |response: &str| match response {
        "intelligence_sharing" | "logistics_support" => 1,
        r => LADDER.iter().position(|l| *l == r).unwrap_or(0),
    };
    let mut steps = ChartBuilder::on(&ladder)
        .caption(
            format!("responses by {focus} and its allies"),
            label_style(14),
        )
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(235)
        .build_cartesian_2d(0f64..hours, 0f64..(LADDER.len() as f64 - 0.5))?;
    steps
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_labels(LADDER.len())
        .y_label_formatter(&|y| {
            LADDER
                .get(y.round() as usize)
                .map(|s| s.replace('_', " "))
                .unwrap_or_default()
        })
        .label_style(label_style(11))
        .axis_desc_style(label_style(13))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let mut points = vec![(0.0, 0.0)];
    let mut level: f64 = 0.0;
    // Responses taken at the same tick on the same rung share one marker and one label.
    let mut marks: Vec<(u64, usize, bool, Vec<String>)> = Vec::new();
    for r in d.summary["responses"].as_array().into_iter().flatten() {
        let by_focus = text(r, "actor") == focus
            || r.get("ally").and_then(Value::as_str) == Some(focus.as_str());
        if !by_focus {
            continue;
        }
        let tick = r["tick"].as_u64().unwrap_or(0);
        let new = rung(&text(r, "response"));
        let lawful = text(r, "lawful") == "met";
        match marks
            .iter_mut()
            .find(|m| m.0 == tick && m.1 == new && m.2 == lawful)
        {
            Some(m) => m.3.push(text(r, "actor")),
            None => marks.push((tick, new, lawful, vec![text(r, "actor")])),
        }
    }
    for (tick, new, lawful, actors) in marks {
        let x = d.hour_of(tick);
        let new = new as f64;
        points.push((x, level));
        level = level.max(new);
        points.push((x, level));
        steps.draw_series([Circle::new(
            (x, new),
            5,
            if lawful {
                PALETTE[5].filled()
            } else {
                PALETTE[6].filled()
            },
        )])?;
        let label = format!(
            "{} ({})",
            actors.join(", "),
            if lawful { "lawful" } else { "unlawful" }
        );
        // Right of the marker, or left of it when it would run past the chart's end.
        let (plot_w, _) = steps.plotting_area().dim_in_pixel();
        let w = text_width_px(&label, MIN_FONT) * hours / f64::from(plot_w.max(1));
        let (lx, h_pos) = if x + hours * 0.006 + w <= hours {
            (x + hours * 0.006, HPos::Left)
        } else {
            (x - hours * 0.006, HPos::Right)
        };
        steps.draw_series([Text::new(
            label,
            (lx, new + 0.3),
            label_style(MIN_FONT).pos(Pos::new(h_pos, VPos::Center)),
        )])?;
    }
    points.push((hours, level));
    steps.draw_series(LineSeries::new(points, PALETTE[5].stroke_width(2)))?;
    Ok(markers)
}

/// Service by sector over time (population-weighted), showing the cascade.
pub fn service<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let hours = x_range(d);
    let hour = d.column("hour").unwrap_or_default();
    // Small multiples: one panel per sector, each with its axis fitted to its data, so
    // that no two sectors share a colour or hide one another.
    let sectors: Vec<&String> = d
        .columns
        .iter()
        .filter(|c| c.starts_with("service_"))
        .collect();
    let root = root.titled(
        "Infrastructure service by sector (% of normal, population-weighted over every State)",
        label_style(MIN_FONT + 2),
    )?;
    let cols = SERVICE_COLUMNS;
    let rows = sectors.len().div_ceil(cols).max(1);
    let panels = root.split_evenly((rows, cols));
    for (c, area) in sectors.iter().zip(panels.iter()) {
        let values: Vec<f64> = d
            .column(c)
            .unwrap_or_default()
            .iter()
            .map(|v| v * 100.0)
            .collect();
        let low = values.iter().copied().fold(100.0f64, f64::min);
        let floor = (((low - 5.0) / 10.0).floor() * 10.0).clamp(0.0, 90.0);
        let name = c["service_".len()..].replace('_', " ");
        let mut chart = ChartBuilder::on(area)
            .caption(name, label_style(MIN_FONT))
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..hours, floor..101f64)?;
        chart
            .configure_mesh()
            .x_labels(4)
            .y_labels(4)
            .x_label_formatter(&|x| format!("{x:.0} h"))
            .y_label_formatter(&|y| format!("{y:.0}%"))
            .label_style(label_style(MIN_FONT))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        chart.draw_series(LineSeries::new(
            hour.iter().copied().zip(values.iter().copied()),
            PALETTE[5].stroke_width(2),
        ))?;
    }
    Ok(())
}

/// Panels per row of the service chart.
const SERVICE_COLUMNS: usize = 3;

/// The height of the service chart for `d`: 230 px a row of panels.
fn service_height(d: &RunData) -> u32 {
    let n = d
        .columns
        .iter()
        .filter(|c| c.starts_with("service_"))
        .count();
    60 + 230 * n.div_ceil(SERVICE_COLUMNS).max(1) as u32
}

/// Harm accumulated over time: deaths and injuries; economic loss and repair cost.
pub fn harm<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let hours = x_range(d);
    let hour = d.column("hour").unwrap_or_default();
    // Deaths, injuries and money each on their own scale (deaths are far fewer than
    // injuries); each line named at its end rather than in a legend.
    let areas = root.split_evenly((3, 1));
    type Series = &'static [(&'static str, &'static str, f64, usize)];
    let panels: [(&str, &str, Series); 3] = [
        (
            "Deaths",
            "persons (cumulative)",
            &[("deaths", "deaths", 1.0, 6)],
        ),
        (
            "Injuries",
            "persons (cumulative)",
            &[("injuries", "injuries", 1.0, 1)],
        ),
        (
            "Economic loss and repair cost",
            "USD millions (cumulative)",
            &[
                ("economic_loss_usd", "economic loss", 1e6, 5),
                ("repair_cost_usd", "repair cost", 1e6, 3),
            ],
        ),
    ];
    for (area, (title, unit, series)) in areas.iter().zip(panels) {
        let top = series
            .iter()
            .filter_map(|(c, _, scale, _)| d.column(c).and_then(|v| v.last().map(|x| x / scale)))
            .fold(1.0f64, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(title, label_style(MIN_FONT))
            .margin(10)
            .x_label_area_size(58)
            .y_label_area_size(130)
            .build_cartesian_2d(0f64..hours, 0f64..top * 1.25)?;
        chart
            .configure_mesh()
            .x_desc("time (hours)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_labels(5)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc(unit)
            .label_style(label_style(MIN_FONT))
            .axis_desc_style(label_style(MIN_FONT))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        let ends: Vec<f64> = series
            .iter()
            .map(|(c, _, scale, _)| {
                d.column(c).and_then(|v| v.last().copied()).unwrap_or(0.0) / scale
            })
            .collect();
        for (k, (c, name, scale, color)) in series.iter().enumerate() {
            let values = d.column(c).unwrap_or_default();
            let color = PALETTE[*color];
            chart.draw_series(LineSeries::new(
                hour.iter().copied().zip(values.iter().map(|v| v / scale)),
                color.stroke_width(2),
            ))?;
            // Each name above its line's end; the higher one raised by a text line when
            // the ends are close, so that the names never overlap.
            let line = top * 1.25 * 0.14;
            let raise = ends.iter().enumerate().any(|(j, e)| {
                j != k && (ends[k] > *e || (ends[k] == *e && k < j)) && ends[k] - e < line
            });
            let y = ends[k] + top * 0.03 + if raise { line } else { 0.0 };
            chart.draw_series([Text::new(
                name.to_string(),
                (hours * 0.995, y),
                label_style(MIN_FONT)
                    .color(&color)
                    .pos(Pos::new(HPos::Right, VPos::Bottom)),
            )])?;
        }
    }
    Ok(())
}

/// Attribution confidence per campaign over time, with the level each doctrine requires.
pub fn attribution<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let hours = x_range(d);
    let hour = d.column("hour").unwrap_or_default();
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Attribution confidence in each campaign's true author",
            label_style(22),
        )
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..hours, 0f64..1.05f64)?;
    chart
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("confidence (0 to 1)")
        .label_style(label_style(13))
        .axis_desc_style(label_style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    // One dashed line per level some doctrine requires, named by the doctrines that
    // require it (the shipped ones agree, and seven lines would draw as one).
    let mut levels: Vec<(f64, Vec<String>)> = Vec::new();
    for doc in d.summary["doctrines"].as_array().into_iter().flatten() {
        let level = doc["attribution_confidence"].as_f64().unwrap_or(0.75);
        match levels.iter_mut().find(|(l, _)| (l - level).abs() < 1e-9) {
            Some((_, ids)) => ids.push(text(doc, "id")),
            None => levels.push((level, vec![text(doc, "id")])),
        }
    }
    let n_doctrines = doctrine_ids(d).len();
    for (k, (level, ids)) in levels.iter().enumerate() {
        chart.draw_series(DashedLineSeries::new(
            [(0.0, *level), (hours, *level)],
            6,
            4,
            PALETTE[6].stroke_width(2),
        ))?;
        let who = if ids.len() == n_doctrines {
            format!("all {n_doctrines} doctrines")
        } else {
            ids.join(", ")
        };
        chart.draw_series([Text::new(
            format!("needed to attribute under {who}: {level:.2}"),
            (hours * 0.01, level + 0.01 + 0.05 * k as f64),
            label_style(MIN_FONT)
                .color(&PALETTE[6])
                .pos(Pos::new(HPos::Left, VPos::Bottom)),
        )])?;
    }
    // Each campaign's line, named at its end (up to six; beyond that the lines are a crowd
    // and the caption says how many).
    let columns: Vec<&String> = d
        .columns
        .iter()
        .filter(|c| c.starts_with("attribution_"))
        .collect();
    let mut ends: Vec<(f64, String, RGBColor)> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let values = d.column(c).unwrap_or_default();
        let color = PALETTE[[0, 5, 3, 7, 1, 2][i % 6]];
        chart.draw_series(LineSeries::new(
            hour.iter().copied().zip(values.iter().copied()),
            color.stroke_width(3),
        ))?;
        ends.push((
            values.last().copied().unwrap_or(0.0),
            c["attribution_".len()..].to_string(),
            color,
        ));
    }
    if columns.len() <= 6 {
        // Highest first, each at least one text line below the one above.
        ends.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (_, plot_h) = chart.plotting_area().dim_in_pixel();
        let line = 1.05 * f64::from(MIN_FONT + 4) / f64::from(plot_h.max(1));
        let mut next = f64::MAX;
        for (y, name, color) in ends {
            let y = (y - 0.015).min(next);
            chart.draw_series([Text::new(
                name,
                (hours * 0.995, y),
                label_style(MIN_FONT)
                    .color(&color)
                    .pos(Pos::new(HPos::Right, VPos::Top)),
            )])?;
            next = y - line;
        }
    } else {
        chart.draw_series([Text::new(
            format!("{} campaigns", columns.len()),
            (hours * 0.995, 0.02),
            label_style(MIN_FONT).pos(Pos::new(HPos::Right, VPos::Bottom)),
        )])?;
    }
    Ok(())
}

/// Doctrine comparison: for the focus State, when each doctrine's thresholds were met.
pub fn doctrines<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let focus = d.focus_victim().unwrap_or_default();
    let hours = x_range(d);
    let ids = doctrine_ids(d);
    let n = ids.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .caption(
            format!("When each doctrine's thresholds were met ({focus})"),
            label_style(22),
        )
        .margin(12)
        .x_label_area_size(58)
        .y_label_area_size(90)
        .build_cartesian_2d(0f64..hours, -0.5f64..(n as f64 + 0.4))?;
    let names = ids.clone();
    chart
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("doctrine")
        .y_labels(n)
        .y_label_formatter(&|y| {
            names
                .get(y.round().max(0.0) as usize)
                .cloned()
                .unwrap_or_default()
        })
        .label_style(label_style(13))
        .axis_desc_style(label_style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    let events = crossings(d, &focus);
    let kinds = [
        ("sovereignty_violation", 5),
        ("use_of_force", 1),
        ("armed_attack", 6),
        ("self_defense", 0),
    ];
    let mut shown: Vec<(String, RGBColor)> = Vec::new();
    for (k, (threshold, color)) in kinds.iter().enumerate() {
        let color = PALETTE[*color];
        let offset = (k as f64 - 1.5) * 0.12;
        let pts: Vec<(f64, f64)> = ids
            .iter()
            .enumerate()
            .filter_map(|(r, id)| {
                events
                    .iter()
                    .find(|e| e.1 == *threshold && e.2 == "met" && e.3 == *id)
                    .map(|e| (d.hour_of(e.0), r as f64 + offset))
            })
            .collect();
        if pts.is_empty() {
            continue;
        }
        chart.draw_series(pts.into_iter().map(|p| Circle::new(p, 6, color.filled())))?;
        shown.push((threshold.replace('_', " "), color));
    }
    // The key, in a row of its own above the doctrines (never over the data), naming only
    // the thresholds that were met.
    let (plot_w, _) = chart.plotting_area().dim_in_pixel();
    let hours_per_px = hours / f64::from(plot_w.max(1));
    let mut x = hours * 0.01;
    let y = n as f64 + 0.05;
    for (name, color) in shown {
        chart.draw_series([Circle::new((x + 8.0 * hours_per_px, y), 6, color.filled())])?;
        chart.draw_series([Text::new(
            name.clone(),
            (x + 20.0 * hours_per_px, y),
            label_style(MIN_FONT).pos(Pos::new(HPos::Left, VPos::Center)),
        )])?;
        x += (text_width_px(&name, MIN_FONT) + 48.0) * hours_per_px;
    }
    Ok(())
}

/// Encodes an RGB buffer as PNG.
pub(crate) fn encode_png(
    buf: &[u8],
    w: u32,
    h: u32,
) -> std::result::Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(buf)?;
    }
    Ok(out)
}

/// A drawn chart: its SVG text and PNG bytes.
pub struct Drawn {
    /// File stem, e.g. `escalation`.
    pub name: &'static str,
    /// SVG text.
    pub svg: String,
    /// PNG bytes.
    pub png: Vec<u8>,
}

macro_rules! draw_both {
    ($f:path, $name:literal, $data:expr, $w:expr, $h:expr) => {{
        let failed = |e: Box<dyn std::error::Error>| Error::Write {
            path: $data.dir.join(concat!($name, ".svg")),
            message: format!("cannot draw the chart: {e}"),
        };
        let mut svg = String::new();
        let result = {
            let root = SVGBackend::with_string(&mut svg, ($w, $h)).into_drawing_area();
            let r = $f(&root, $data).map_err(failed)?;
            root.present().map_err(|e| failed(Box::new(e)))?;
            r
        };
        let mut buf = vec![0u8; ($w * $h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut buf, ($w, $h)).into_drawing_area();
            $f(&root, $data).map_err(failed)?;
            root.present().map_err(|e| failed(Box::new(e)))?;
        }
        let png = encode_png(&buf, $w, $h).map_err(|e| failed(Box::new(e)))?;
        (
            Drawn {
                name: $name,
                svg,
                png,
            },
            result,
        )
    }};
}

/// Draws every chart of a run, in memory. Returns the charts and the escalation chart's
/// crossing markers.
pub fn draw_all(d: &RunData) -> Result<(Vec<Drawn>, Vec<Marker>)> {
    register_font();
    let (escalation, markers) = draw_both!(escalation, "escalation", d, 1400u32, 1300u32);
    let service_h = service_height(d);
    let (service, ()) = draw_both!(service, "service", d, 1400u32, service_h);
    let (harm, ()) = draw_both!(harm, "harm", d, 1200u32, 800u32);
    let (attribution, ()) = draw_both!(attribution, "attribution", d, 1200u32, 700u32);
    let (doctrines, ()) = draw_both!(doctrines, "doctrines", d, 1200u32, 600u32);
    Ok((
        vec![escalation, service, harm, attribution, doctrines],
        markers,
    ))
}

/// Draws every chart of the run in `dir` and writes `<name>.svg` and `<name>.png` beside its
/// files, atomically.
pub fn write_all(d: &RunData, dir: &Path) -> Result<Vec<Drawn>> {
    let (drawn, _) = draw_all(d)?;
    for c in &drawn {
        super::write_atomic(&dir.join(format!("{}.svg", c.name)), c.svg.as_bytes())?;
        super::write_atomic(&dir.join(format!("{}.png", c.name)), &c.png)?;
    }
    Ok(drawn)
}
