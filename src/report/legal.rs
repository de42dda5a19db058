//! Human-readable legal output: a table of thresholds by doctrine, then each doctrine's trace.

use crate::law::{Assessment, Finding};
use std::fmt::Write;

fn facts_line(f: &Finding) -> String {
    f.facts
        .iter()
        .map(|u| {
            let v = match &u.value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match u.tick {
                Some(t) => format!("{}={v} (tick {t})", u.fact),
                None => format!("{}={v}", u.fact),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One finding as trace lines: outcome, test, explanation, citation, facts.
pub fn finding_lines(f: &Finding, indent: &str) -> String {
    format!(
        "{indent}[{}] {}: {}\n{indent}    source: {}\n{indent}    facts: {}\n",
        f.outcome,
        f.test,
        f.explanation,
        f.citation,
        facts_line(f)
    )
}

/// A comparison table (thresholds and responses by doctrine) followed by every doctrine's
/// trace.
pub fn render(title: &str, assessments: &[Assessment]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}\n");
    let mut rows: Vec<&str> = Vec::new();
    for a in assessments {
        for (name, _) in &a.thresholds {
            if !rows.contains(name) {
                rows.push(name);
            }
        }
    }
    let width = rows.iter().map(|r| r.len()).chain([23]).max().unwrap_or(23) + 2;
    let _ = write!(out, "{:<width$}", "");
    for a in assessments {
        let _ = write!(out, "{:<11}", a.doctrine);
    }
    out.push('\n');
    for row in &rows {
        let _ = write!(out, "{row:<width$}");
        for a in assessments {
            let s = a.threshold(row).map_or("-", |s| s.as_str());
            let _ = write!(out, "{s:<11}");
        }
        out.push('\n');
    }
    for r in crate::law::Response::LADDER {
        let _ = write!(out, "{:<width$}", format!("may: {}", r.as_str()));
        for a in assessments {
            let _ = write!(out, "{:<11}", a.response(r).as_str());
        }
        out.push('\n');
    }
    for a in assessments {
        let lawful: Vec<&str> = a.lawful_responses.iter().map(|r| r.as_str()).collect();
        let _ = writeln!(
            out,
            "\n== {} — lawful responses: {}",
            a.doctrine,
            if lawful.is_empty() {
                "none".into()
            } else {
                lawful.join(", ")
            }
        );
        for f in &a.findings {
            out.push_str(&finding_lines(f, "  "));
        }
    }
    out
}
