//! The situation lane of the escalation chart: the focus State's situation (事態) over time as
//! its own doctrine certifies it (Japan), and below it the domestic steps before each use of
//! force (National Security Council, Cabinet decision, Diet approval, defense operation order).
//! Drawn only when the run's summary records situations for the State.

use super::charts::{DrawResult, PALETTE};
use super::run_data::RunData;
use plotters::coord::Shift;
use plotters::prelude::*;

/// The situations, least grave first, with their lane colour.
const SITUATIONS: [(&str, &str, RGBColor); 7] = [
    ("peacetime", "peacetime", RGBColor(240, 240, 240)),
    ("gray_zone", "gray zone", RGBColor(200, 200, 200)),
    (
        "important_influence_situation",
        "important influence",
        PALETTE[2],
    ),
    (
        "emergency_response_situation",
        "emergency response",
        PALETTE[7],
    ),
    (
        "anticipated_armed_attack_situation",
        "anticipated armed attack",
        PALETTE[1],
    ),
    (
        "survival_threatening_situation",
        "survival-threatening",
        PALETTE[5],
    ),
    ("armed_attack_situation", "armed attack", PALETTE[6]),
];

/// The steps, in order, with their colour.
const STEPS: [(&str, &str, RGBColor); 9] = [
    ("national_security_council", "NSC", PALETTE[2]),
    ("cabinet_decision", "Cabinet", PALETTE[5]),
    ("diet_approval", "Diet", PALETTE[3]),
    ("defense_operation_order", "order", PALETTE[6]),
    (
        "diet_approval_after",
        "Diet (after)",
        RGBColor(160, 160, 160),
    ),
    (
        "foreign_minister_consultation",
        "Foreign Minister",
        PALETTE[4],
    ),
    ("prime_minister_order", "PM order", PALETTE[6]),
    ("commission_approval", "commission", PALETTE[3]),
    (
        "commission_notified_after",
        "commission (after)",
        RGBColor(160, 160, 160),
    ),
];

fn changes(d: &RunData, focus: &str) -> Vec<(u64, String)> {
    d.summary["situations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|x| x["state"].as_str() == Some(focus))
        .map(|x| {
            (
                x["tick"].as_u64().unwrap_or(0),
                x["situation"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Whether the run records situations for `focus` (the lane is drawn; the chart above it gives
/// it room).
pub fn wanted(d: &RunData, focus: &str) -> bool {
    !changes(d, focus).is_empty()
}

/// When the run records situations for `focus`, draws the lane at the top of `area` and
/// returns the rest of it; otherwise returns `area` unchanged. `hours` is the x range, `h` the
/// chart's height in pixels.
pub fn draw_above<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    d: &RunData,
    focus: &str,
    hours: f64,
    h: u32,
) -> DrawResult<DrawingArea<DB, Shift>>
where
    DB::ErrorType: 'static,
{
    let mut seen = changes(d, focus);
    if seen.is_empty() {
        return Ok(area.clone());
    }
    // The latest change per tick holds (several suspects: the gravest is drawn last).
    seen.sort_by_key(|(t, s)| (*t, SITUATIONS.iter().position(|x| x.0 == s)));
    let (lane, rest) = area.split_vertically(h * 10 / 100);
    let mut chart = ChartBuilder::on(&lane)
        .caption(
            format!(
                "{focus}'s situation as it certifies it; below: the domestic steps before force and Active Cyber Defense"
            ),
            super::charts::label_style(14),
        )
        .margin(12)
        .x_label_area_size(0)
        .y_label_area_size(150)
        .build_cartesian_2d(0f64..hours, 0f64..2f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .y_labels(5)
        .y_label_formatter(&|y| match (y * 2.0).round() as i64 {
            3 => "situation".into(),
            1 => "steps".into(),
            _ => String::new(),
        })
        .label_style(super::charts::label_style(11))
        .draw()?;
    for (i, (tick, s)) in seen.iter().enumerate() {
        let x0 = d.hour_of(*tick);
        let x1 = seen
            .iter()
            .skip(i + 1)
            .find(|(t, _)| t > tick)
            .map_or(hours, |(t, _)| d.hour_of(*t));
        let (label, color) = SITUATIONS
            .iter()
            .find(|x| x.0 == s)
            .map_or((s.as_str(), PALETTE[0]), |x| (x.1, x.2));
        chart.draw_series([Rectangle::new([(x0, 1.1), (x1, 1.9)], color.filled())])?;
        chart.draw_series([Text::new(
            label.to_string(),
            (x0 + hours * 0.003, 1.75),
            super::charts::label_style(10),
        )])?;
    }
    // Each decision's steps are contiguous: one bar per step, one label per decision.
    let mut label = String::new();
    let mut label_at: f64 = 0.0;
    // Labels alternate between two rows so that decisions close in time stay legible.
    let mut row = 0usize;
    let row_y = |row: usize| if row.is_multiple_of(2) { 0.95 } else { 0.72 };
    let mut last_until: Option<u64> = None;
    for st in d.summary["domestic_steps"].as_array().into_iter().flatten() {
        if st["state"].as_str() != Some(focus) {
            continue;
        }
        let step = st["step"].as_str().unwrap_or("");
        let (short, color) = STEPS
            .iter()
            .find(|x| x.0 == step)
            .map_or((step, PALETTE[0]), |x| (x.1, x.2));
        let (from, until) = (
            st["from"].as_u64().unwrap_or(0),
            st["until"].as_u64().unwrap_or(0),
        );
        if last_until != Some(from) && !label.is_empty() {
            chart.draw_series([Text::new(
                std::mem::take(&mut label),
                (label_at.min(hours * 0.6), row_y(row)),
                super::charts::label_style(9),
            )])?;
            row += 1;
        }
        if label.is_empty() {
            label_at = d.hour_of(from);
            // Active Cyber Defense steps say who acts.
            if let Some(by) = st["by"].as_str() {
                label.push_str(&format!("ACD by {}: ", by.replace('_', " ")));
            }
        } else {
            label.push_str(", ");
        }
        label.push_str(&format!("{short} {:.0} h", d.hour_of(from)));
        last_until = Some(until);
        let x0 = d.hour_of(from);
        let x1 = d.hour_of(until).max(x0 + hours * 0.002);
        chart.draw_series([Rectangle::new([(x0, 0.1), (x1, 0.5)], color.filled())])?;
    }
    if !label.is_empty() {
        chart.draw_series([Text::new(
            label,
            (label_at.min(hours * 0.6), row_y(row)),
            super::charts::label_style(9),
        )])?;
    }
    Ok(rest)
}
