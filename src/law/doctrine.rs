//! Doctrines as data. Where States and experts differ (is sovereignty a rule? must force be
//! physical? is there a gap between use of force and armed attack? do events accumulate?), the
//! difference is a field here, not an `if` in the tests. The built-in doctrines are the RON
//! files in `doctrines/`; a user adds one by writing another file and passing its folder.
//!
//! Numeric gravity thresholds (deaths, dollars, days) are modelling parameters: no source gives
//! numbers. They decide only where a case moves from one band to the next, and every finding
//! shows the figures it compared.

use super::Status;
use crate::error::{Diagnostic, Error, Result};
use serde::Deserialize;
use std::path::Path;

/// Whether sovereignty is a rule whose breach is a wrongful act, and what breaches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SovereigntyRule {
    /// A rule in its own right: breached by State-attributable loss of functionality or
    /// usurpation of governmental functions (TM2.0 r.4).
    Rule,
    /// Not a standalone rule (United Kingdom, Wright 2018).
    NoStandaloneRule,
    /// Any penetration of the State's systems by a State-attributable actor breaches it
    /// (France 2019).
    AnyPenetration,
}

/// How the use-of-force threshold is read.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UseOfForceRule {
    /// Status of operations with severe effects but no death, injury or physical damage.
    pub non_physical: Status,
    /// Economic loss from which non-physical effects count as severe, USD.
    pub severe_economic_loss_usd: f64,
    /// Economic loss as a share of GDP from which they count as severe.
    pub severe_gdp_share: f64,
    /// Days of critical-infrastructure outage from which they count as severe.
    pub severe_outage_days: f64,
    /// Source of the doctrine's reading.
    pub citation: String,
}

/// How the armed-attack threshold is read.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmedAttackRule {
    /// Any illegal use of force is an armed attack (no gravity gap; United States).
    pub no_gravity_gap: bool,
    /// Deaths from which the scale and effects are grave.
    pub grave_deaths: f64,
    /// Injuries from which they are grave.
    pub grave_injuries: f64,
    /// Physical destruction from which they are grave, USD.
    pub grave_destruction_usd: f64,
    /// Status of physical damage below those figures.
    pub lesser_physical: Status,
    /// Status of severe non-physical effects.
    pub non_physical: Status,
    /// Whether the operations must also be systematic and premeditated (Japan).
    pub requires_systematic: bool,
    /// Whether cumulative activity may amount to an armed attack (NATO).
    pub accumulation: bool,
    /// Source of the doctrine's reading.
    pub citation: String,
}

/// Japan's survival-threatening situation: when an armed attack on a close ally threatens
/// Japan's survival (Cabinet Decision of 1 July 2014).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurvivalThreat {
    /// Deaths in Japan from which the danger is clear.
    pub deaths: f64,
    /// Share of Japan's people cut off from an essential supply from which the danger is clear.
    pub essential_supply_loss: f64,
    /// Share from which the danger is arguable (contested).
    pub contested_supply_loss: f64,
}

/// One doctrine: a State's (or an expert group's) reading of the law.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Doctrine {
    /// Id used in scenarios and on the command line.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The statement of the doctrine's position.
    pub source: String,
    /// Confidence from which the doctrine treats conduct as attributed.
    pub attribution_confidence: f64,
    /// How the doctrine treats attribution (e.g. as a sovereign political decision).
    pub attribution_note: String,
    /// Sovereignty.
    pub sovereignty: SovereigntyRule,
    /// Status of remote espionage that causes no loss of functionality, under a sovereignty
    /// rule.
    pub espionage_violates_sovereignty: Status,
    /// Use of force.
    pub use_of_force: UseOfForceRule,
    /// Armed attack.
    pub armed_attack: ArmedAttackRule,
    /// Status of self-defense against an imminent attack not yet begun (Caroline).
    pub anticipatory_self_defense: Status,
    /// Source of the doctrine's position on anticipatory self-defense.
    pub anticipatory_citation: String,
    /// Whether the doctrine has Japan's active cyber defense.
    pub active_cyber_defense: bool,
    /// Whether the use of force is subject to Japan's three conditions.
    pub three_conditions: bool,
    /// Japan's survival-threatening situation, for collective self-defense.
    pub survival_threat: Option<SurvivalThreat>,
}

/// The built-in doctrine files, in a fixed order.
const BUILTIN: [(&str, &str); 7] = [
    ("japan.ron", include_str!("../../doctrines/japan.ron")),
    ("tallinn.ron", include_str!("../../doctrines/tallinn.ron")),
    ("us.ron", include_str!("../../doctrines/us.ron")),
    ("uk.ron", include_str!("../../doctrines/uk.ron")),
    ("france.ron", include_str!("../../doctrines/france.ron")),
    ("germany.ron", include_str!("../../doctrines/germany.ron")),
    ("nato.ron", include_str!("../../doctrines/nato.ron")),
];

/// A set of doctrines, in a fixed order.
#[derive(Clone, Debug)]
pub struct Doctrines(pub Vec<Doctrine>);

impl Doctrines {
    /// The seven built-in doctrines: japan, tallinn, us, uk, france, germany, nato.
    pub fn builtin() -> Doctrines {
        let all = BUILTIN
            .iter()
            .map(|(name, text)| {
                parse(text, Path::new(name))
                    .unwrap_or_else(|e| panic!("built-in doctrine {name}: {e}"))
            })
            .collect();
        Doctrines(all)
    }

    /// The built-in doctrines plus every `*.ron` file in `dir`; a file whose id matches a
    /// built-in one replaces it.
    pub fn with_folder(dir: &Path) -> Result<Doctrines> {
        let mut set = Doctrines::builtin();
        let entries = std::fs::read_dir(dir).map_err(|e| Error::Read {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        for f in files {
            let text = crate::scenario::read_text(&f, 1024 * 1024)?;
            let d = parse(&text, &f)?;
            match set.0.iter_mut().find(|x| x.id == d.id) {
                Some(slot) => *slot = d,
                None => set.0.push(d),
            }
        }
        Ok(set)
    }

    /// The doctrine with this id.
    pub fn get(&self, id: &str) -> Option<&Doctrine> {
        self.0.iter().find(|d| d.id == id)
    }

    /// Ids, in order.
    pub fn ids(&self) -> Vec<&str> {
        self.0.iter().map(|d| d.id.as_str()).collect()
    }

    /// Picks `name` (or all with `all`), with a suggestion when the name is unknown.
    pub fn select(&self, name: &str) -> Result<Vec<&Doctrine>> {
        if name == "all" {
            return Ok(self.0.iter().collect());
        }
        self.get(name).map(|d| vec![d]).ok_or_else(|| {
            let help = crate::error::did_you_mean(name, self.ids());
            Error::Usage(format!(
                "unknown doctrine `{name}`: expected `all` or one of {}{}",
                self.ids().join(", "),
                help.map(|h| format!(" ({h})")).unwrap_or_default()
            ))
        })
    }
}

fn parse(text: &str, path: &Path) -> Result<Doctrine> {
    let d: Doctrine =
        crate::scenario::parse_ron(text, path, "a doctrine `Doctrine(id: ..., ...)`")?;
    let bad = |message: String| {
        Error::Invalid(vec![Diagnostic {
            file: path.to_path_buf(),
            location: None,
            path: String::new(),
            message,
            help: None,
        }])
    };
    if !(0.0..=1.0).contains(&d.attribution_confidence) {
        return Err(bad(format!(
            "attribution_confidence {} is not in [0, 1]",
            d.attribution_confidence
        )));
    }
    if d.id.is_empty() {
        return Err(bad("empty id".into()));
    }
    Ok(d)
}
