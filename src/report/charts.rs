//! Charts of a finished run, drawn with plotters as SVG and PNG from the run's files, so that
//! `casus chart` re-renders exactly what `casus run` drew.
//!
//! Colours are the Okabe–Ito colour-blind-safe palette; text is DejaVu Sans, embedded in the
//! binary, so PNGs render on a machine with no fonts installed.

use super::run_data::RunData;
use crate::error::{Error, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
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

/// Draws a chart's legend in the house style.
pub(crate) fn legend<'a, DB, CT>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> DrawResult<()>
where
    DB: DrawingBackend + 'a,
    DB::ErrorType: 'static,
    CT: plotters::coord::CoordTranslate,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .label_font((FAMILY, 12).into_font().color(&BLACK))
        .draw()?;
    Ok(())
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

/// The charts' text style at `size` points (for the chart parts in other files).
pub(crate) fn label_style_pub(size: u32) -> TextStyle<'static> {
    label_style(size)
}

fn label_style(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

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
        .x_label_area_size(40)
        .y_label_area_size(150)
        .build_cartesian_2d(0f64..hours, 0f64..6.3f64)?;
    chart
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("severity (gravity class)")
        .y_labels(7)
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
        let offset = (i as f64 - 3.0) * 0.035;
        let id = text(doc, "id");
        if aa <= 6.0 {
            chart
                .draw_series(LineSeries::new(
                    [(0.0, aa + offset), (hours, aa + offset)],
                    color.stroke_width(2),
                ))?
                .label(format!("armed attack — {id}"))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        if uof <= 6.0 {
            chart
                .draw_series(DashedLineSeries::new(
                    [(0.0, uof + offset), (hours, uof + offset)],
                    6,
                    4,
                    color.stroke_width(1),
                ))?
                .label(format!("use of force — {id}"))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], color.stroke_width(1))
                });
        }
    }
    chart
        .draw_series(LineSeries::new(
            hour.iter().copied().zip(severity.iter().copied()),
            BLACK.stroke_width(3),
        ))?
        .label(format!("severity in {focus}"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLACK.stroke_width(3)));

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
    let mut markers = Vec::new();
    for (n, ((tick, threshold), docs)) in groups.into_iter().enumerate() {
        let x = d.hour_of(tick);
        let y = severity.get(tick as usize).copied().unwrap_or(0.0);
        let color = match threshold.as_str() {
            "use_of_force" => PALETTE[1],
            "armed_attack" => PALETTE[6],
            _ => PALETTE[5],
        };
        chart.draw_series([Circle::new((x, y), 6, color.filled())])?;
        let all = docs.len() == doctrines.len();
        let label = format!(
            "{} ({})",
            threshold.replace('_', " "),
            if all {
                "all doctrines".to_string()
            } else {
                docs.join(", ")
            }
        );
        let dy = 0.35 + 0.3 * (n % 3) as f64;
        chart.draw_series([Text::new(
            label,
            (x + hours * 0.005, (y + dy).min(6.1)),
            label_style(12),
        )])?;
        markers.push(Marker {
            tick,
            threshold,
            doctrines: docs,
        });
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;

    // Band: armed-attack status by doctrine over time; a black bar where self-defense is lawful.
    let n = doctrines.len().max(1);
    let mut bands = ChartBuilder::on(&band)
        .caption("armed attack: not met (grey), contested (orange), met (red); black: self-defense lawful", label_style(14))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(150)
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
        .x_label_area_size(36)
        .y_label_area_size(150)
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
        steps.draw_series([Text::new(
            format!(
                "{} ({})",
                actors.join(", "),
                if lawful { "lawful" } else { "unlawful" }
            ),
            (x + hours * 0.005, new + 0.3),
            label_style(11),
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
    let mut chart = ChartBuilder::on(root)
        .caption("Infrastructure service by sector", label_style(22))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..hours, 0f64..105f64)?;
    chart
        .configure_mesh()
        .x_desc("time (hours)")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_desc("service (% of normal, population-weighted)")
        .label_style(label_style(13))
        .axis_desc_style(label_style(14))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()?;
    for (i, c) in d
        .columns
        .iter()
        .filter(|c| c.starts_with("service_"))
        .enumerate()
    {
        let values = d.column(c).unwrap_or_default();
        let color = PALETTE[[5, 6, 3, 7, 1, 2, 0][i % 7]];
        let dash = i >= 7;
        let pts: Vec<(f64, f64)> = hour
            .iter()
            .copied()
            .zip(values.iter().map(|v| v * 100.0))
            .collect();
        let name = c["service_".len()..].replace('_', " ");
        if dash {
            chart.draw_series(DashedLineSeries::new(pts, 6, 3, color.stroke_width(2)))?
        } else {
            chart.draw_series(LineSeries::new(pts, color.stroke_width(2)))?
        }
        .label(name)
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::LowerLeft)?;
    Ok(())
}

/// Harm accumulated over time: deaths and injuries; economic loss and repair cost.
pub fn harm<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &RunData) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let hours = x_range(d);
    let hour = d.column("hour").unwrap_or_default();
    let (_, h) = root.dim_in_pixel();
    let (upper, lower) = root.split_vertically(h / 2);
    // (area, title, unit, [(column, divisor, palette index); 2])
    type Series = [(&'static str, f64, usize); 2];
    let panels: [(&DrawingArea<DB, Shift>, &str, &str, Series); 2] = [
        (
            &upper,
            "Harm: people",
            "people (cumulative)",
            [("deaths", 1.0, 6), ("injuries", 1.0, 1)],
        ),
        (
            &lower,
            "Harm: money",
            "USD millions (cumulative)",
            [("economic_loss_usd", 1e6, 5), ("repair_cost_usd", 1e6, 3)],
        ),
    ];
    for (area, title, unit, series) in panels {
        let top = series
            .iter()
            .filter_map(|(c, scale, _)| d.column(c).and_then(|v| v.last().map(|x| x / scale)))
            .fold(1.0f64, f64::max);
        let mut chart = ChartBuilder::on(area)
            .caption(title, label_style(18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(80)
            .build_cartesian_2d(0f64..hours, 0f64..top * 1.08)?;
        chart
            .configure_mesh()
            .x_desc("time (hours)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_desc(unit)
            .label_style(label_style(13))
            .axis_desc_style(label_style(14))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()?;
        for (c, scale, color) in series {
            let values = d.column(c).unwrap_or_default();
            let color = PALETTE[color];
            chart
                .draw_series(LineSeries::new(
                    hour.iter().copied().zip(values.iter().map(|v| v / scale)),
                    color.stroke_width(2),
                ))?
                .label(c.replace("_usd", "").replace('_', " "))
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
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
        .x_label_area_size(40)
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
    for (i, doc) in d.summary["doctrines"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let level =
            doc["attribution_confidence"].as_f64().unwrap_or(0.75) + (i as f64 - 3.0) * 0.004;
        let color = doctrine_color(i);
        chart
            .draw_series(DashedLineSeries::new(
                [(0.0, level), (hours, level)],
                5,
                4,
                color.stroke_width(1),
            ))?
            .label(format!("needed — {}", text(doc, "id")))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(1)));
    }
    for (i, c) in d
        .columns
        .iter()
        .filter(|c| c.starts_with("attribution_"))
        .enumerate()
    {
        let values = d.column(c).unwrap_or_default();
        let color = PALETTE[[0, 6, 5, 3][i % 4]];
        chart
            .draw_series(LineSeries::new(
                hour.iter().copied().zip(values.iter().copied()),
                color.stroke_width(3),
            ))?
            .label(c["attribution_".len()..].to_string())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], color.stroke_width(3)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
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
        .x_label_area_size(40)
        .y_label_area_size(90)
        .build_cartesian_2d(0f64..hours, -0.5f64..(n as f64 - 0.5))?;
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
        chart
            .draw_series(pts.into_iter().map(|p| Circle::new(p, 6, color.filled())))?
            .label(threshold.replace('_', " "))
            .legend(move |(x, y)| Circle::new((x + 8, y), 5, color.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)?;
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
    let (escalation, markers) = draw_both!(escalation, "escalation", d, 1400u32, 1000u32);
    let (service, ()) = draw_both!(service, "service", d, 1200u32, 700u32);
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
