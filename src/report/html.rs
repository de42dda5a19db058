//! `report.html`: one self-contained page (inline SVG and CSS, no scripts, no network) with
//! the scenario, the summary, every chart, the timeline of threshold crossings and responses,
//! and the legal trace with its citations. Readable in any browser and printable.

use super::charts::Drawn;
use super::run_data::RunData;
use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text(v: &Value, k: &str) -> String {
    match v.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn num(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_f64).map_or("–".into(), |x| {
        if x.abs() >= 1e6 {
            format!("{:.1} million", x / 1e6)
        } else {
            format!("{x:.0}")
        }
    })
}

const CSS: &str = "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;max-width:1400px;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}\
h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:2px solid #0072B2;padding-bottom:.2em;margin-top:2em}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#eef4f9}figure{margin:1.5em 0}figure svg{width:100%;height:auto;border:1px solid #ddd}figcaption{font-size:.9em;color:#444}\
.met{background:#f6c9a8}.contested{background:#f9e3b0}.not_met{color:#666}.unknown{color:#666;font-style:italic}\
details{margin:.3em 0 .3em 1em}summary{cursor:pointer}.src{color:#333;font-size:.9em}.facts{color:#555;font-size:.85em}\
@media print{@page{size:A4;margin:12mm}body{max-width:none;margin:0;padding:0;font-size:10pt;line-height:1.3}\
h1{font-size:16pt}h2{font-size:13pt;margin-top:1.2em;break-after:avoid}figure{break-inside:avoid;margin:.8em 0}\
figure svg{border:none;max-height:23cm}table{font-size:8.5pt}tr{break-inside:avoid}\
details>*:not(summary){display:none}summary{list-style:none}}";

fn status_cell(s: &str) -> String {
    format!(
        "<td class=\"{}\">{}</td>",
        esc(s),
        esc(&s.replace('_', " "))
    )
}

/// Renders the report page.
pub fn render(d: &RunData, charts: &[Drawn]) -> String {
    let s = &d.summary;
    let mut h = String::new();
    let name = text(s, "scenario");
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>casus — {}</title><style>{CSS}</style></head><body>",
        esc(&name)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p>{}</p><p>Seed {}, {} ticks of {} hours. casus {}.</p>",
        esc(&name),
        esc(&text(s, "description")),
        esc(&text(s, "seed")),
        esc(&text(s, "ticks")),
        esc(&text(s, "tick_hours")),
        esc(&text(s, "casus_version"))
    );

    h.push_str("<h2>Summary</h2><table><tr><th>State</th><th>deaths</th><th>injuries</th><th>person-hours without service</th><th>economic loss (USD)</th><th>repair cost (USD)</th><th>worst effect</th></tr>");
    for st in s["harm"]["by_state"].as_array().into_iter().flatten() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&text(st, "state")),
            num(st, "deaths"),
            num(st, "injuries"),
            num(st, "outage_person_hours"),
            num(st, "economic_loss_usd"),
            num(st, "repair_cost_usd"),
            esc(&text(st, "worst_effect").replace('_', " "))
        );
    }
    h.push_str("</table><table><tr><th>campaign</th><th>targets</th><th>in effect phase</th><th>detected</th><th>first detection (tick)</th><th>attribution</th></tr>");
    for k in s["campaigns"].as_array().into_iter().flatten() {
        let attribution: Vec<String> = k["attribution"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                format!(
                    "{} suspects {} ({:.0}%)",
                    text(a, "victim"),
                    text(a, "suspect"),
                    a["confidence"].as_f64().unwrap_or(0.0) * 100.0
                )
            })
            .collect();
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&text(k, "id")),
            esc(&text(k, "targets")),
            esc(&text(&k["reached"], "effect")),
            esc(&text(k, "detected")),
            esc(&text(k, "first_detection_tick")),
            esc(&attribution.join("; "))
        );
    }
    h.push_str("</table>");

    h.push_str("<h2>Charts</h2>");
    let captions = [
        (
            "escalation",
            "Severity of the operations against the most affected State, against each doctrine's use-of-force (dashed) and armed-attack (solid) thresholds; markers where thresholds were met; the armed-attack status by doctrine; and the responses as steps on the escalation ladder.",
        ),
        (
            "service",
            "Service by sector, population-weighted: the cascade through dependencies.",
        ),
        ("harm", "Harm accumulated over time."),
        (
            "attribution",
            "Attribution confidence in each campaign's true author, with the confidence each doctrine requires.",
        ),
        (
            "doctrines",
            "When each doctrine's thresholds were met, side by side.",
        ),
    ];
    for c in charts {
        let caption = captions
            .iter()
            .find(|(n, _)| *n == c.name)
            .map_or("", |(_, t)| t);
        let svg = c.svg.trim_start_matches(|ch| ch != '<');
        let svg = if svg.starts_with("<?xml") {
            svg.split_once("?>").map_or(svg, |(_, rest)| rest)
        } else {
            svg
        };
        let _ = write!(
            h,
            "<figure id=\"chart-{}\">{svg}<figcaption>{}</figcaption></figure>",
            c.name,
            esc(caption)
        );
    }

    h.push_str("<h2>Timeline</h2><table><tr><th>tick</th><th>hour</th><th>what happened</th></tr>");
    let mut grouped: BTreeMap<(u64, String), Vec<String>> = BTreeMap::new();
    for e in &d.events {
        let tick = e["tick"].as_u64().unwrap_or(0);
        let line = match text(e, "type").as_str() {
            "threshold_crossed" => {
                let who = match e.get("ally").and_then(Value::as_str) {
                    Some(a) => format!("{} (for its ally {a})", text(e, "victim")),
                    None => text(e, "victim"),
                };
                let key = format!(
                    "{who}: {} {} vs {}",
                    text(e, "threshold").replace('_', " "),
                    text(e, "status").replace('_', " "),
                    text(e, "suspect")
                );
                grouped
                    .entry((tick, key))
                    .or_default()
                    .push(text(e, "doctrine"));
                continue;
            }
            "response_taken" => format!(
                "{} took {} against {} (lawful under its doctrine: {}){}",
                text(e, "actor"),
                text(e, "response").replace('_', " "),
                text(e, "against"),
                text(e, "lawful").replace('_', " "),
                if e.get("flagged").and_then(Value::as_bool) == Some(true) {
                    " — FLAGGED: taken although not lawful"
                } else {
                    ""
                }
            ),
            "assistance_requested" => format!(
                "{} declared an armed attack by {} and asked its allies for help",
                text(e, "state"),
                text(e, "against")
            ),
            "council_acted" => "the Security Council took measures".to_string(),
            "false_flag_exposed" => format!(
                "{} saw through the false flag of {}: the author is {}",
                text(e, "victim"),
                text(e, "decoy"),
                text(e, "author")
            ),
            "attribution_updated" => format!(
                "{} attributes {} to {} with confidence {}",
                text(e, "victim"),
                text(e, "campaign"),
                text(e, "suspect"),
                text(e, "confidence")
            ),
            "campaign_started" => format!("campaign {} began", text(e, "campaign")),
            "inject_applied" => super::aar::inject_line(e),
            _ => continue,
        };
        grouped.entry((tick, line)).or_default();
    }
    for ((tick, line), doctrines) in grouped {
        let suffix = if doctrines.is_empty() {
            String::new()
        } else {
            format!(" — under {}", doctrines.join(", "))
        };
        let _ = write!(
            h,
            "<tr><td>{tick}</td><td>{}</td><td>{}{}</td></tr>",
            d.hour_of(tick),
            esc(&line),
            esc(&suffix)
        );
    }
    h.push_str("</table>");

    h.push_str(&super::aar::section(&d.dir, |t| d.hour_of(t)));
    h.push_str("<h2>Legal trace</h2><p>For each situation and doctrine, the last assessment of the run; every response taken, as judged when it was taken. Each finding names its source and the facts it used.</p>");
    let mut latest: BTreeMap<(String, String, String, String), &Value> = BTreeMap::new();
    let mut responses = Vec::new();
    for line in &d.legal {
        if line.get("response_by").is_some() {
            responses.push(line);
        } else {
            latest.insert(
                (
                    text(line, "victim"),
                    text(line, "suspect"),
                    text(line, "ally"),
                    text(line, "doctrine"),
                ),
                line,
            );
        }
    }
    let findings = |h: &mut String, line: &Value| {
        for f in line["findings"].as_array().into_iter().flatten() {
            let facts: Vec<String> = f["facts"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|u| format!("{}={}", text(u, "fact"), text(u, "value")))
                .collect();
            let _ = write!(
                h,
                "<details><summary><b class=\"{}\">{}</b> {}: {}</summary><div class=\"src\">Source: {}</div><div class=\"facts\">Facts: {}</div></details>",
                esc(&text(f, "outcome")),
                esc(&text(f, "outcome").replace('_', " ")),
                esc(&text(f, "test").replace('_', " ")),
                esc(&text(f, "explanation")),
                esc(&text(f, "citation")),
                esc(&facts.join(", "))
            );
        }
    };
    for ((victim, suspect, ally, doctrine), line) in &latest {
        let situation = if ally.is_empty() {
            format!("{victim} and operations attributed to {suspect}")
        } else {
            format!("{victim}, for its ally {ally}, against {suspect}")
        };
        let _ = write!(
            h,
            "<h3>{} — {} (tick {})</h3><table><tr>",
            esc(&situation),
            esc(doctrine),
            esc(&text(line, "tick"))
        );
        let thresholds = line["thresholds"].as_object().cloned().unwrap_or_default();
        for k in thresholds.keys() {
            let _ = write!(h, "<th>{}</th>", esc(&k.replace('_', " ")));
        }
        h.push_str("</tr><tr>");
        for v in thresholds.values() {
            h.push_str(&status_cell(v.as_str().unwrap_or("")));
        }
        let lawful: Vec<String> = line["lawful_responses"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().map(|s| s.replace('_', " ")))
            .collect();
        let _ = write!(
            h,
            "</tr></table><p>Lawful responses: {}</p>",
            esc(&lawful.join(", "))
        );
        findings(&mut h, line);
    }
    if !responses.is_empty() {
        h.push_str("<h3>Responses taken</h3>");
        for r in responses {
            let _ = write!(
                h,
                "<h4>tick {}: {} took {} against {} — lawful: {}{}</h4>",
                esc(&text(r, "tick")),
                esc(&text(r, "response_by")),
                esc(&text(r, "response").replace('_', " ")),
                esc(&text(r, "against")),
                esc(&text(r, "lawful").replace('_', " ")),
                if r.get("flagged").and_then(Value::as_bool) == Some(true) {
                    format!(
                        " — FLAGGED: taken although not lawful (decided by {})",
                        text(r, "decided_by").replace('_', " ")
                    )
                } else {
                    String::new()
                }
            );
            findings(&mut h, r);
        }
    }
    h.push_str("</body></html>\n");
    h
}

/// Writes `report.html` into `dir`, atomically.
pub fn write(d: &RunData, charts: &[Drawn], dir: &Path) -> Result<()> {
    super::write_atomic(&dir.join("report.html"), render(d, charts).as_bytes())
}
