//! Incident files: a fact pattern to assess without simulating it.

use super::facts::Facts;
use crate::error::{Diagnostic, Error, Result};
use serde::Deserialize;
use std::path::Path;

/// An incident: a name, what happened, the sources of the figures, and the facts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// Short name, printed in the assessment.
    pub name: String,
    /// What happened.
    #[serde(default)]
    pub description: String,
    /// Where the figures come from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// The facts, from the victim's side.
    pub facts: Facts,
}

/// Reads an incident file.
pub fn load(path: &Path) -> Result<Incident> {
    let text = crate::scenario::read_text(path, 1024 * 1024)?;
    parse(&text, path)
}

/// Parses incident text as if it were the file `path`, then checks the facts: figures are
/// finite and not negative, shares lie in [0, 1] (both while reading, located), no State is
/// attributed its own operations, the ally, the host State and the victim differ, and a
/// target of the hostile operations comes with an armed conflict.
pub fn parse(text: &str, path: &Path) -> Result<Incident> {
    let incident: Incident = crate::scenario::parse_ron(
        text,
        path,
        "an incident `Incident(name: ..., facts: (...))`",
    )?;
    let f = &incident.facts;
    let mut problems = Vec::new();
    let mut report = |anchors: &[&str], at: &str, message: String, help: &str| {
        problems.push(Diagnostic {
            file: path.to_path_buf(),
            location: locate(text, anchors),
            path: at.to_string(),
            message,
            help: Some(help.to_string()),
        });
    };
    if f.attribution.state.as_deref() == Some(f.victim.as_str()) {
        report(
            &["attribution", "state:"],
            "facts.attribution.state",
            format!(
                "`{}` is both the victim and the State the operations are attributed to",
                f.victim
            ),
            "a State's operations against its own systems are not governed by these rules: name the suspected foreign State, or leave `state: None`",
        );
    }
    if let Some(ally) = &f.ally {
        if ally.state == f.victim {
            report(
                &["ally", "state:"],
                "facts.ally.state",
                format!("the ally `{}` is the assessing State itself", ally.state),
                "the ally is the other State attacked, for collective self-defense; for the victim's own harm use `harm`",
            );
        }
        if ally.attribution.state.as_deref() == Some(ally.state.as_str()) {
            report(
                &["ally", "attribution", "state:"],
                "facts.ally.attribution.state",
                format!(
                    "`{}` is both the attacked ally and the State its attack is attributed to",
                    ally.state
                ),
                "name the attacking State, or leave `state: None`",
            );
        }
    }
    if let Some(host) = &f.host_state
        && host.state == f.victim
    {
        report(
            &["host_state", "state:"],
            "facts.host_state.state",
            format!("the host State `{}` is the victim itself", host.state),
            "the host State is the one from whose territory the group operates",
        );
    }
    if f.hostile_target.is_some() && !f.armed_conflict && f.conflict.is_none() {
        report(
            &["hostile_target"],
            "facts.hostile_target",
            "a target of the hostile operations is given, but no armed conflict is under way: the law of armed conflict would not apply to it".to_string(),
            "add `armed_conflict: true` (or `conflict: (since: ..., begun_by: ...)`) if the parties are in an armed conflict; otherwise remove `hostile_target`",
        );
    }
    if problems.is_empty() {
        Ok(incident)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Where a problem is: each anchor is searched after the previous one.
fn locate(text: &str, anchors: &[&str]) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut found = None;
    for a in anchors {
        let at = pos + text[pos..].find(a)?;
        found = Some(at);
        pos = at + a.len();
    }
    found.map(|at| crate::scenario::line_col(text.as_bytes(), at))
}
