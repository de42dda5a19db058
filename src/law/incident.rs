//! Incident files: a fact pattern to assess without simulating it.

use super::facts::Facts;
use crate::error::Result;
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

/// Parses incident text as if it were the file `path`.
pub fn parse(text: &str, path: &Path) -> Result<Incident> {
    let incident: Incident = crate::scenario::parse_ron(
        text,
        path,
        "an incident `Incident(name: ..., facts: (...))`",
    )?;
    let c = incident.facts.attribution.confidence.0;
    if c.is_some_and(|c| !(0.0..=1.0).contains(&c)) {
        return Err(crate::error::Error::Invalid(vec![
            crate::error::Diagnostic {
                file: path.to_path_buf(),
                location: None,
                path: "facts.attribution.confidence".into(),
                message: format!(
                    "{} is not a probability: expected a number from 0 to 1",
                    c.unwrap_or_default()
                ),
                help: None,
            },
        ]));
    }
    Ok(incident)
}
