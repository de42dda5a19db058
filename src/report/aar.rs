//! The after-action section of `report.html`, "Decisions and what each side knew": every
//! decision of the run (from `decisions.jsonl`) against the thresholds as the decider's own
//! doctrine assessed them at that moment, and what the decider knew then (its detections, its
//! attribution belief, the harm it had observed, what its allies had told and asked it); and
//! the line the timeline shows for an inject.

use super::html::esc;
use serde_json::Value;
use std::fmt::Write;
use std::path::Path;

/// The thresholds shown, in escalation order, with their column headings.
const COLUMNS: [(&str, &str); 8] = [
    ("sovereignty_violation", "sovereignty violation"),
    ("intervention", "intervention"),
    ("use_of_force", "use of force"),
    ("armed_attack", "armed attack"),
    (
        "survival_threatening_situation",
        "survival-threatening situation",
    ),
    ("japan_condition_1", "Japan condition 1"),
    ("japan_condition_2", "Japan condition 2"),
    ("japan_condition_3", "Japan condition 3"),
];

fn s(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A figure as the law reads it: a number, bounds, or unknown.
fn figure(v: Option<&Value>) -> String {
    match v {
        Some(Value::Number(n)) => {
            let x = n.as_f64().unwrap_or(0.0);
            if x.abs() >= 1e6 {
                format!("{:.1} million", x / 1e6)
            } else if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                format!("{x:.2}")
            }
        }
        Some(Value::Object(m)) => {
            let b = |k: &str| m.get(k).map(|x| figure(Some(x)));
            match (b("at_least"), b("at_most")) {
                (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
                (Some(lo), None) => format!("at least {lo}"),
                (None, Some(hi)) => format!("at most {hi}"),
                (None, None) => "unknown".into(),
            }
        }
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        _ => "unknown".into(),
    }
}

/// What the decider knew, as a short HTML list.
fn knew(row: &Value) -> String {
    let k = &row["knew"];
    let mut out = String::from("<ul style=\"margin:0;padding-left:1.1em\">");
    let detections = k["detections"].as_array().cloned().unwrap_or_default();
    if detections.is_empty() {
        out.push_str("<li>no campaign against it detected</li>");
    }
    for d in &detections {
        let _ = write!(
            out,
            "<li>detected {}: believed {} (confidence {}); worst effect {}; {} targets hit{}</li>",
            esc(&s(d, "campaign")),
            esc(&s(d, "suspect")),
            esc(&s(d, "confidence")),
            esc(&s(d, "worst_effect").replace('_', " ")),
            esc(&s(d, "targets_hit")),
            if d["active"].as_bool() == Some(true) {
                ", intruders still inside"
            } else {
                ""
            }
        );
    }
    let a = &k["attribution"];
    let _ = write!(
        out,
        "<li>attribution: {} (confidence {})</li>",
        esc(&if s(a, "state").is_empty() {
            "no State named".into()
        } else {
            s(a, "state")
        }),
        esc(&figure(a.get("confidence")))
    );
    let h = &k["harm"];
    let _ = write!(
        out,
        "<li>harm seen: {} deaths and {} injuries caused directly, {} deaths estimated; economic loss USD {}; outage {} days</li>",
        esc(&figure(h.get("deaths"))),
        esc(&figure(h.get("injuries"))),
        esc(&figure(h.get("estimated_deaths"))),
        esc(&figure(h.get("economic_loss_usd"))),
        esc(&figure(h.get("outage_days")))
    );
    for r in k["reports_from_allies"].as_array().into_iter().flatten() {
        let _ = write!(
            out,
            "<li>report from its ally {} (attack by {}, tick {})</li>",
            esc(&s(r, "ally")),
            esc(&s(r, "against")),
            esc(&s(r, "tick"))
        );
    }
    for r in k["requests_received"].as_array().into_iter().flatten() {
        let _ = write!(
            out,
            "<li>request for help from {} against {} (tick {})</li>",
            esc(&s(r, "ally")),
            esc(&s(r, "against")),
            esc(&s(r, "tick"))
        );
    }
    out.push_str("</ul>");
    out
}

/// The section, from the run folder's `decisions.jsonl`; empty when the run has none (a run
/// written before the file existed).
pub fn section(dir: &Path, hour_of: impl Fn(u64) -> f64) -> String {
    let Ok(rows) = super::run_data::read_jsonl(&dir.join("decisions.jsonl")) else {
        return String::new();
    };
    let mut h = String::from(
        "<h2>Decisions and what each side knew</h2><p>Every decision of the run, by whom (its automated policy, a decisions file, a person at the table), against the thresholds as its own doctrine assessed them at that moment from its own picture, and what it knew then. A threshold left blank is not one its doctrine tests.</p>",
    );
    if rows.is_empty() {
        h.push_str("<p>No decision was taken.</p>");
        return h;
    }
    h.push_str("<table><tr><th>tick</th><th>hour</th><th>who</th><th>decision</th>");
    let shown: Vec<(&str, &str)> = COLUMNS
        .iter()
        .copied()
        .filter(|(k, _)| {
            rows.iter()
                .any(|r| r["law"]["thresholds"].get(*k).is_some())
        })
        .collect();
    for (_, title) in &shown {
        let _ = write!(h, "<th>{}</th>", esc(title));
    }
    h.push_str("<th>lawful options</th><th>what it knew</th></tr>");
    for r in &rows {
        let tick = r["tick"].as_u64().unwrap_or(0);
        let ally = s(r, "ally");
        let _ = write!(
            h,
            "<tr><td>{tick}</td><td>{}</td><td>{} ({}, {})</td><td>{} against {}{} — {}{}</td>",
            hour_of(tick),
            esc(&s(r, "actor")),
            esc(&s(r, "decided_by").replace('_', " ")),
            esc(&s(&r["law"], "doctrine")),
            esc(&s(r, "response").replace('_', " ")),
            esc(&s(r, "against")),
            if ally.is_empty() {
                String::new()
            } else {
                format!(" for {}", esc(&ally))
            },
            esc(&format!("lawful: {}", s(r, "lawful").replace('_', " "))),
            if r["flagged"].as_bool() == Some(true) {
                " — FLAGGED"
            } else {
                ""
            }
        );
        for (k, _) in &shown {
            match r["law"]["thresholds"].get(*k).and_then(Value::as_str) {
                Some(st) => {
                    let _ = write!(
                        h,
                        "<td class=\"{}\">{}</td>",
                        esc(st),
                        esc(&st.replace('_', " "))
                    );
                }
                None => h.push_str("<td></td>"),
            }
        }
        let lawful: Vec<String> = r["law"]["lawful_responses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|x| x.replace('_', " "))
            .collect();
        let _ = write!(
            h,
            "<td>{}</td><td>{}</td></tr>",
            esc(&if lawful.is_empty() {
                "none".to_string()
            } else {
                lawful.join(", ")
            }),
            knew(r)
        );
    }
    h.push_str("</table>");
    h
}

/// The timeline's line for an `inject_applied` event.
pub fn inject_line(e: &Value) -> String {
    let by = if s(e, "source") == "white_cell" {
        "white cell"
    } else {
        "scenario"
    };
    let what = match s(e, "kind").as_str() {
        "campaign_wave" => format!(
            "a new wave of {}: {} at intensity {} on {} targets",
            s(e, "campaign"),
            s(e, "effect").replace('_', " "),
            s(e, "intensity"),
            s(e, "nodes")
        ),
        "intelligence_report" => format!(
            "an intelligence report tells {} that {} is behind {} (confidence {})",
            s(e, "state"),
            s(e, "author"),
            s(e, "campaign"),
            s(e, "confidence")
        ),
        "ally_request" => format!(
            "{} declares an armed attack by {} and asks its allies for help",
            s(e, "state"),
            s(e, "against")
        ),
        "council_measure" => format!("the Security Council takes measures: {}", s(e, "measure")),
        other => other.to_string(),
    };
    format!("inject ({by}): {what}")
}
