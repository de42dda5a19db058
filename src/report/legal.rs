//! Human-readable legal output: a table of thresholds by doctrine, then each doctrine's trace.

use crate::law::{Assessment, Finding};
use std::fmt::Write;

fn facts_line(a: &Assessment, f: &Finding) -> String {
    a.facts_of(f)
        .iter()
        .map(|u| {
            let v = match &a.value_of(u) {
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

/// One finding of assessment `a` as trace lines: outcome, test, explanation, citation, the
/// facts it used.
pub fn finding_lines(a: &Assessment, f: &Finding, indent: &str) -> String {
    format!(
        "{indent}[{}] {}: {}\n{indent}    source: {}\n{indent}    facts: {}\n",
        f.outcome,
        f.test,
        a.explanation_of(f),
        f.citation,
        facts_line(a, f)
    )
}

/// One finding as a node of an explanation tree.
#[derive(Clone, Debug)]
pub struct Node<'a> {
    /// The test.
    pub test: &'a str,
    /// Its outcome.
    pub outcome: &'a str,
    /// Why.
    pub explanation: std::borrow::Cow<'a, str>,
    /// Its source.
    pub citation: &'a str,
    /// The findings it rests on.
    pub because: Vec<&'a str>,
}

impl<'a> Node<'a> {
    /// The node of a finding of assessment `a`.
    pub fn of(a: &'a Assessment, f: &'a Finding) -> Node<'a> {
        Node {
            test: f.test,
            outcome: f.outcome.as_str(),
            explanation: a.explanation_of(f),
            citation: &f.citation,
            because: a.because_of(f).to_vec(),
        }
    }

    /// The node of a finding as the legal trace stores it.
    pub fn of_json(v: &'a serde_json::Value) -> Node<'a> {
        let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
        Node {
            test: text("test"),
            outcome: text("outcome"),
            explanation: text("explanation").into(),
            citation: text("citation"),
            because: v
                .get("because")
                .and_then(serde_json::Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_str)
                .collect(),
        }
    }
}

/// Findings as trees: each conclusion no other finding rests on is a root, with the findings
/// it rests on indented beneath it; a finding already shown is named, not repeated.
pub fn tree(nodes: &[Node], indent: &str) -> String {
    fn walk(
        nodes: &[Node],
        i: usize,
        depth: usize,
        indent: &str,
        shown: &mut Vec<usize>,
        out: &mut String,
    ) {
        let n = &nodes[i];
        let pad = format!("{indent}{}", "  ".repeat(depth));
        if shown.contains(&i) {
            let _ = writeln!(out, "{pad}[{}] {} (as above)", n.outcome, n.test);
            return;
        }
        shown.push(i);
        let _ = writeln!(
            out,
            "{pad}[{}] {}: {}\n{pad}    source: {}",
            n.outcome, n.test, n.explanation, n.citation
        );
        for b in &n.because {
            if let Some(j) = nodes.iter().position(|m| m.test == *b)
                && j != i
            {
                walk(nodes, j, depth + 1, indent, shown, out);
            }
        }
    }
    let mut out = String::new();
    let mut shown = Vec::new();
    let referenced = |t: &str| nodes.iter().any(|n| n.because.contains(&t));
    let roots: Vec<usize> = (0..nodes.len())
        .filter(|&i| !referenced(nodes[i].test))
        .collect();
    for i in roots.into_iter().rev() {
        walk(nodes, i, 0, indent, &mut shown, &mut out);
    }
    out
}

/// The comparison table, then each doctrine's findings as trees.
pub fn render_tree(title: &str, assessments: &[Assessment]) -> String {
    let flat = render(title, &[]);
    let mut out = flat;
    out.push_str(&table(assessments));
    for a in assessments {
        let _ = writeln!(out, "\n== {}", a.doctrine);
        let nodes: Vec<Node> = a.findings.iter().map(|f| Node::of(a, f)).collect();
        out.push_str(&tree(&nodes, "  "));
    }
    out
}

/// A comparison table (thresholds and responses by doctrine) followed by every doctrine's
/// trace.
pub fn render(title: &str, assessments: &[Assessment]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{title}\n");
    if assessments.is_empty() {
        return out;
    }
    out.push_str(&table(assessments));
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
            out.push_str(&finding_lines(a, f, "  "));
        }
    }
    out
}

fn table(assessments: &[Assessment]) -> String {
    let mut rows: Vec<&str> = Vec::new();
    for a in assessments {
        for (name, _) in &a.thresholds {
            if !rows.contains(name) {
                rows.push(name);
            }
        }
    }
    let mut header = vec![""];
    header.extend(assessments.iter().map(|a| a.doctrine.as_str()));
    let mut t = super::tables::plain(&header);
    for row in &rows {
        let mut cells = vec![row.to_string()];
        cells.extend(
            assessments
                .iter()
                .map(|a| a.threshold(row).map_or("-", |s| s.as_str()).to_string()),
        );
        t.add_row(cells);
    }
    for r in crate::law::Response::LADDER {
        let mut cells = vec![format!("may: {}", r.as_str())];
        cells.extend(
            assessments
                .iter()
                .map(|a| a.response(r).as_str().to_string()),
        );
        t.add_row(cells);
    }
    let mut out: String = t.lines().map(|l| l.trim_end().to_string() + "\n").collect();
    if out.is_empty() {
        out.push('\n');
    }
    out
}

/// What `explain` shows at `tick`: for each situation (in the order of its State ids) and
/// doctrine (in the order the run assessed them, the order of every output), the latest
/// assessment at or before the tick; and the decisions taken up to it, in order.
pub fn select<'a>(
    lines: &'a [serde_json::Value],
    tick: u64,
    doctrine: Option<&str>,
) -> (Vec<&'a serde_json::Value>, Vec<&'a serde_json::Value>) {
    use serde_json::Value;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut rank: Vec<String> = Vec::new();
    let mut latest: std::collections::BTreeMap<(String, String, String, usize), &Value> =
        Default::default();
    let mut responses = Vec::new();
    for line in lines {
        let t = line.get("tick").and_then(Value::as_u64).unwrap_or(u64::MAX);
        if t > tick {
            continue;
        }
        if line.get("response_by").is_some() {
            responses.push(line);
            continue;
        }
        let d = text(line, "doctrine");
        if doctrine.is_some_and(|want| want != d) {
            continue;
        }
        let r = rank.iter().position(|x| *x == d).unwrap_or_else(|| {
            rank.push(d.clone());
            rank.len() - 1
        });
        latest.insert(
            (
                text(line, "victim"),
                text(line, "suspect"),
                text(line, "ally"),
                r,
            ),
            line,
        );
    }
    (latest.into_values().collect(), responses)
}

/// The legal reasoning of a finished run at `tick`: for each situation and doctrine, the
/// latest assessment at or before the tick, and the responses taken up to it. `lines` are the
/// run's `legal.jsonl` objects.
pub fn explain(
    lines: &[serde_json::Value],
    tick: u64,
    doctrine: Option<&str>,
    as_tree: bool,
) -> String {
    use serde_json::Value;
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let (assessments, responses) = select(lines, tick, doctrine);
    type Situation = (String, String, String, String);
    let latest: Vec<(Situation, &Value)> = assessments
        .into_iter()
        .map(|l| {
            (
                (
                    text(l, "victim"),
                    text(l, "suspect"),
                    text(l, "ally"),
                    text(l, "doctrine"),
                ),
                l,
            )
        })
        .collect();
    let mut out = format!("legal reasoning at tick {tick}\n");
    if latest.is_empty() {
        out.push_str("\nno escalation step had been assessed by this tick\n");
    }
    for ((victim, suspect, ally, d), line) in &latest {
        let at = line.get("tick").and_then(Value::as_u64).unwrap_or(0);
        let situation = if ally.is_empty() {
            format!("{victim}, operations attributed to {suspect}")
        } else {
            format!("{victim}, for its ally {ally} attacked by {suspect}")
        };
        let _ = writeln!(
            out,
            "\n== {situation} — doctrine {d} (assessed at tick {at})"
        );
        if let Some(Value::Object(th)) = line.get("thresholds") {
            for (name, status) in th {
                let _ = writeln!(out, "  {name:<32}{}", status.as_str().unwrap_or("?"));
            }
        }
        let lawful: Vec<String> = line
            .get("lawful_responses")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  lawful responses: {}",
            if lawful.is_empty() {
                "none".into()
            } else {
                lawful.join(", ")
            }
        );
        let findings: Vec<&Value> = line
            .get("findings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        if as_tree {
            let nodes: Vec<Node> = findings.iter().map(|f| Node::of_json(f)).collect();
            out.push_str(&tree(&nodes, "  "));
            continue;
        }
        for f in findings {
            let facts: Vec<String> = f
                .get("facts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|u| {
                    let v = u.get("value").map_or(String::new(), |v| {
                        v.as_str().map_or_else(|| v.to_string(), str::to_string)
                    });
                    format!("{}={v}", text(u, "fact"))
                })
                .collect();
            let _ = writeln!(
                out,
                "  [{}] {}: {}\n      source: {}\n      facts: {}",
                text(f, "outcome"),
                text(f, "test"),
                text(f, "explanation"),
                text(f, "citation"),
                facts.join(", ")
            );
        }
    }
    if !responses.is_empty() {
        out.push_str("\nresponses taken so far:\n");
        for r in responses {
            let _ = writeln!(
                out,
                "  tick {}: {} took {} against {} (lawful under its doctrine: {})",
                r.get("tick").and_then(Value::as_u64).unwrap_or(0),
                text(r, "response_by"),
                text(r, "response"),
                text(r, "against"),
                text(r, "lawful")
            );
        }
    }
    out
}
