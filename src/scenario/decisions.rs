//! Decisions files (`casus run SCENARIO --decisions FILE`): a RON list of decisions that play
//! some actors in place of their automated policy.
//!
//! ```ron
//! [
//!     (tick: 500, actor: "japan", response: self_defense, against: "redland"),
//!     (tick: 520, actor: "usa", response: collective_self_defense, against: "redland",
//!      ally: "japan"),
//! ]
//! ```
//!
//! `response` is one of `retorsion`, `countermeasures`, `plea_of_necessity`,
//! `active_cyber_defense`, `self_defense`, `collective_self_defense`, `intelligence_sharing`,
//! `logistics_support`; the last three are taken for an attacked `ally`, which they must name.
//!
//! An entry `(actor: "japan", played: true)` names an actor the file plays without a decision
//! of its own there: its automated policy is off from the start, as for every actor the file
//! names (a `casus play` session writes one for each side it played).
//!
//! An entry `(tick: 300, inject: IntelligenceReport(state: "japan", campaign: "grid-attack",
//! confidence: 0.8))` is a white-cell inject given at that tick, as `casus play`'s white cell
//! gives it ([`crate::scenario::Inject`]; applied like `Simulation::inject`).

use super::Compiled;
use super::load::{line_col, parse_ron, read_text};
use crate::error::{Diagnostic, Error, Result, did_you_mean};
use crate::law::Response;
use crate::model::ActorKind;
use serde::Deserialize;
use std::path::Path;

/// Largest decisions file read, in bytes.
pub const MAX_BYTES: u64 = 16 << 20;

/// One decision as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(default)]
    tick: Option<u32>,
    #[serde(default)]
    actor: Option<String>,
    #[serde(default)]
    response: Option<Response>,
    #[serde(default)]
    against: Option<String>,
    #[serde(default)]
    ally: Option<String>,
    #[serde(default)]
    played: Option<bool>,
    #[serde(default)]
    inject: Option<crate::scenario::Inject>,
}

/// One decision, with actors as indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Tick of the decision.
    pub tick: u32,
    /// The deciding actor.
    pub actor: u16,
    /// The response.
    pub response: Response,
    /// Against whom.
    pub against: u16,
    /// For which attacked ally (collective self-defense and support).
    pub ally: Option<u16>,
}

/// A decisions file, checked: its decisions, the actors it plays, and the white cell's
/// injects. It reads as the list of its decisions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    /// The decisions, by tick then actor.
    pub list: Vec<Decision>,
    /// Actors named by a `played: true` entry, in index order.
    pub played: Vec<u16>,
    /// White-cell injects with the tick each is given at, by tick (in the file's order within
    /// a tick).
    pub injects: Vec<(u32, crate::scenario::Inject)>,
}

impl Decisions {
    /// Whether the file plays actor `a`: it names it in a decision or a `played` entry.
    pub fn plays(&self, a: u16) -> bool {
        self.played.contains(&a) || self.list.iter().any(|d| d.actor == a)
    }
}

impl std::ops::Deref for Decisions {
    type Target = [Decision];
    fn deref(&self) -> &[Decision] {
        &self.list
    }
}

impl From<Vec<Decision>> for Decisions {
    fn from(list: Vec<Decision>) -> Decisions {
        Decisions {
            list,
            played: Vec::new(),
            injects: Vec::new(),
        }
    }
}

/// Whether `r` is taken for an attacked ally.
fn for_an_ally(r: Response) -> bool {
    matches!(
        r,
        Response::CollectiveSelfDefense
            | Response::IntelligenceSharing
            | Response::LogisticsSupport
    )
}

/// Reads and checks the decisions file at `path` for `plan`, run for `ticks` ticks.
pub fn load(path: &Path, plan: &Compiled, ticks: u32) -> Result<Decisions> {
    let text = read_text(path, MAX_BYTES)?;
    parse(&text, path, plan, ticks)
}

/// Reads and checks decisions bytes as if they were the file `path` (the fuzzing entry point:
/// everything [`load`] does after reading the file).
pub fn parse_bytes(bytes: &[u8], path: &Path, plan: &Compiled, ticks: u32) -> Result<Decisions> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Error::Read {
            path: path.to_path_buf(),
            message: format!("over the size limit ({MAX_BYTES} bytes)"),
        });
    }
    let text = super::load::decode_text(bytes.to_vec(), path)?;
    parse(&text, path, plan, ticks)
}

/// Parses and checks decisions text; every problem is reported at once, with its line and
/// column. The text is a RON list, or a run's `decisions.jsonl` (its first character `{`): its
/// rows not decided by the automated policy (`decided_by` other than `policy`) are the
/// decisions, so that a run's played or scripted decisions replay.
pub fn parse(text: &str, path: &Path, plan: &Compiled, ticks: u32) -> Result<Decisions> {
    if text.trim_start().starts_with('{') {
        return parse_log(text, path, plan, ticks);
    }
    let entries: Vec<Entry> = parse_ron(
        text,
        path,
        "a list of decisions `[(tick: .., actor: \"..\", response: .., against: \"..\"), ...]`",
    )?;
    let starts = element_starts(text);
    let mut problems = Vec::new();
    let mut out = Vec::new();
    let mut played = Vec::new();
    let mut injects = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(0);
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let at = |field: &str| {
            let offset = text[start..end]
                .find(field)
                .map_or(start, |rel| start + rel);
            Some(line_col(text.as_bytes(), offset))
        };
        let mut report = |field: &str, message: String, help: Option<String>| {
            problems.push(Diagnostic {
                file: path.to_path_buf(),
                location: at(field),
                path: format!("[{i}].{field}"),
                message,
                help,
            });
        };
        let ids = || plan.actors.iter().map(|a| a.id.as_str());
        let state = |field: &str,
                     id: &str,
                     report: &mut dyn FnMut(&str, String, Option<String>)| {
            match plan.actor_index(id) {
                Some(a) if plan.actors[a as usize].kind == ActorKind::State => Some(a),
                Some(_) => {
                    report(field, format!("`{id}` is not a State"), None);
                    None
                }
                None => {
                    report(
                        field,
                        format!("unknown actor `{id}`"),
                        did_you_mean(id, ids()),
                    );
                    None
                }
            }
        };
        if let Some(inject) = &e.inject {
            for (field, given) in [
                ("actor", e.actor.is_some()),
                ("response", e.response.is_some()),
                ("against", e.against.is_some()),
                ("ally", e.ally.is_some()),
                ("played", e.played.is_some()),
            ] {
                if given {
                    report(
                        field,
                        format!("an `inject` entry has no `{field}`: it is the white cell's"),
                        Some(format!("remove `{field}`")),
                    );
                }
            }
            match e.tick {
                None => report(
                    "tick",
                    "missing field `tick`".into(),
                    Some("add `tick: <tick>`, the tick the inject is given at".into()),
                ),
                Some(t) if t >= ticks => report(
                    "tick",
                    format!(
                        "tick {t} is after the run's last tick ({})",
                        ticks.saturating_sub(1)
                    ),
                    None,
                ),
                Some(t) => match crate::sim::injects::resolve(plan, inject) {
                    Ok(_) => injects.push((t, inject.clone())),
                    Err(err) => {
                        for p in err.problems {
                            report(
                                "inject",
                                format!("inject `{}`: {}", p.field, p.message),
                                p.help,
                            );
                        }
                    }
                },
            }
            continue;
        }
        let Some(actor_id) = &e.actor else {
            report(
                "actor",
                "missing field `actor`".into(),
                Some("add `actor: \"<State>\"`".into()),
            );
            continue;
        };
        let actor = state("actor", actor_id, &mut report);
        if let Some(p) = e.played {
            if !p {
                report(
                    "played",
                    "`played: false` says nothing: an actor the file does not name is played by its policy".into(),
                    Some("remove the entry".into()),
                );
            }
            for (field, given) in [
                ("tick", e.tick.is_some()),
                ("response", e.response.is_some()),
                ("against", e.against.is_some()),
                ("ally", e.ally.is_some()),
            ] {
                if given {
                    report(
                        field,
                        format!("a `played` entry has no `{field}`: it only names the actor"),
                        Some(format!(
                            "remove `{field}`, or `played` to make it a decision"
                        )),
                    );
                }
            }
            if let Some(a) = actor {
                played.push(a);
            }
            continue;
        }
        let (Some(tick), Some(response), Some(against_id)) = (e.tick, e.response, &e.against)
        else {
            if e.tick.is_none() {
                report(
                    "tick",
                    "missing field `tick`".into(),
                    Some("add `tick: <tick>`".into()),
                );
            }
            if e.response.is_none() {
                report(
                    "response",
                    "missing field `response`".into(),
                    Some("add `response: <response>`".into()),
                );
            }
            if e.against.is_none() {
                report(
                    "against",
                    "missing field `against`".into(),
                    Some("add `against: \"<adversary>\"`".into()),
                );
            }
            continue;
        };
        let against = state("against", against_id, &mut report);
        let ally = match &e.ally {
            Some(id) => state("ally", id, &mut report).map(Some),
            None => Some(None),
        };
        if tick >= ticks {
            report(
                "tick",
                format!(
                    "tick {} is after the run's last tick ({})",
                    tick,
                    ticks.saturating_sub(1)
                ),
                None,
            );
        }
        if actor.is_some() && actor == against {
            report(
                "against",
                format!("`{actor_id}` cannot respond against itself"),
                None,
            );
        }
        match (for_an_ally(response), &e.ally) {
            (true, None) => report(
                "response",
                format!("`{}` is taken for an attacked ally", response.as_str()),
                Some("add `ally: \"<the attacked State>\"`".into()),
            ),
            (false, Some(_)) => report(
                "ally",
                format!(
                    "`{}` is taken by a State for itself: it has no ally",
                    response.as_str()
                ),
                Some("remove `ally`".into()),
            ),
            _ => {}
        }
        if let (Some(actor), Some(against), Some(ally)) = (actor, against, ally) {
            out.push(Decision {
                tick,
                actor,
                response,
                against,
                ally,
            });
        }
    }
    if problems.is_empty() {
        out.sort_by_key(|d| (d.tick, d.actor));
        played.sort_unstable();
        played.dedup();
        injects.sort_by_key(|x| x.0);
        Ok(Decisions {
            list: out,
            played,
            injects,
        })
    } else {
        Err(Error::Invalid(problems))
    }
}

/// One row of `decisions.jsonl`, the fields a replay needs (the others are ignored).
#[derive(Deserialize)]
struct LogRow {
    tick: u32,
    actor: String,
    decided_by: String,
    response: Response,
    against: String,
    #[serde(default)]
    ally: Option<String>,
}

/// The decisions of a run's `decisions.jsonl`: each row not decided by the policy, written
/// as a decisions file and checked like one (errors name the row's line).
fn parse_log(text: &str, path: &Path, plan: &Compiled, ticks: u32) -> Result<Decisions> {
    let mut ron = String::from("[\n");
    // The line of the log each line of the RON text comes from.
    let mut lines = vec![0usize];
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: LogRow = serde_json::from_str(line).map_err(|e| {
            Error::Syntax(Box::new(Diagnostic {
                file: path.to_path_buf(),
                location: Some((i + 1, e.column())),
                path: String::new(),
                message: format!("not a row of decisions.jsonl: {e}"),
                help: Some("give a decisions file (RON) or the decisions.jsonl of a run".into()),
            }))
        })?;
        if row.decided_by == "policy" {
            continue;
        }
        lines.push(i + 1);
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let _ = std::fmt::Write::write_fmt(
            &mut ron,
            format_args!(
                "    (tick: {}, actor: {}, response: {}, against: {}{}),\n",
                row.tick,
                q(&row.actor),
                row.response.as_str(),
                q(&row.against),
                row.ally
                    .as_deref()
                    .map_or(String::new(), |a| format!(", ally: {}", q(a)))
            ),
        );
    }
    ron.push_str("]\n");
    parse(&ron, path, plan, ticks).map_err(|e| match e {
        Error::Invalid(mut problems) => {
            for p in &mut problems {
                p.location = p
                    .location
                    .and_then(|(l, _)| lines.get(l.wrapping_sub(1)).map(|&x| (x, 1)));
            }
            Error::Invalid(problems)
        }
        other => other,
    })
}

/// Byte offsets of the elements of the top-level list (strings and comments skipped).
fn element_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    let mut expecting = false;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'(' => {
                if depth == 1 && expecting {
                    out.push(i);
                    expecting = false;
                }
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            b']' | b')' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::element_starts;

    #[test]
    fn elements_are_found_past_strings_and_comments() {
        let text = "// x [ (\n[ (a: \"(\"), /* ( */ (b: 1) ]";
        let starts = element_starts(text);
        assert_eq!(starts.len(), 2);
        assert!(text[starts[0]..].starts_with("(a:"));
        assert!(text[starts[1]..].starts_with("(b:"));
    }
}
