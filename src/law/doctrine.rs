//! Doctrines as data. Where States and experts differ (is sovereignty a rule? must force be
//! physical? is there a gap between use of force and armed attack? do events accumulate?), the
//! difference is a field here, not an `if` in the tests. The built-in doctrines are the RON
//! files in `doctrines/`; a user adds one by writing another file and passing its folder.
//!
//! Numeric gravity thresholds (deaths, dollars, days) are modelling parameters: no source gives
//! numbers. They decide only where a case moves from one band to the next, and every finding
//! shows the figures it compared.

use super::Status;
use super::time::InForce;
use crate::error::{Diagnostic, Error, Result};
use serde::Deserialize;
use std::path::Path;
use std::sync::Arc;

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
    /// Share of the population cut off from an essential supply from which an outage counts
    /// as severe. Default 0.05.
    #[serde(default = "defaults::severe_supply_loss")]
    pub severe_supply_loss: f64,
    /// Excess deaths *estimated* from loss of service from which they weigh as a severe
    /// non-physical effect (never as death caused). Default 10.
    #[serde(default = "defaults::severe_estimated_deaths")]
    pub severe_estimated_deaths: f64,
    /// Estimated excess injuries and illnesses from which they weigh as severe. Default 100.
    #[serde(default = "defaults::severe_estimated_injuries")]
    pub severe_estimated_injuries: f64,
    /// Source of the doctrine's reading.
    #[serde(deserialize_with = "super::citation::shared")]
    pub citation: std::sync::Arc<str>,
}

/// Defaults of the optional doctrine fields (modelling parameters; docs/legal-model.md).
mod defaults {
    use super::Status;
    pub fn severe_supply_loss() -> f64 {
        0.05
    }
    pub fn severe_estimated_deaths() -> f64 {
        10.0
    }
    pub fn severe_estimated_injuries() -> f64 {
        100.0
    }
    pub fn catastrophic_gdp_share() -> f64 {
        0.01
    }
    pub fn catastrophic_supply_loss() -> f64 {
        0.5
    }
    pub fn catastrophic_outage_days() -> f64 {
        14.0
    }
    pub fn catastrophic_estimated_deaths() -> f64 {
        1000.0
    }
    pub fn catastrophic_estimated_injuries() -> f64 {
        10000.0
    }
    pub fn survival_horizon_days() -> f64 {
        90.0
    }
    pub fn contested() -> Status {
        Status::Contested
    }
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
    /// Status of *catastrophic* non-physical effects (severe ones are never an armed attack:
    /// the gravest forms, Nicaragua para 191; the experts divided only on catastrophic ones,
    /// TM2.0 r.71 commentary).
    pub non_physical: Status,
    /// Economic loss as a share of GDP from which non-physical effects are catastrophic.
    /// Default 0.01 (ten times the usual severe figure).
    #[serde(default = "defaults::catastrophic_gdp_share")]
    pub catastrophic_gdp_share: f64,
    /// Share of the population cut off from an essential supply from which, held for
    /// `catastrophic_outage_days`, the loss is catastrophic (nationwide). Default 0.5.
    #[serde(default = "defaults::catastrophic_supply_loss")]
    pub catastrophic_supply_loss: f64,
    /// Days of such a loss from which it is catastrophic (weeks). Default 14.
    #[serde(default = "defaults::catastrophic_outage_days")]
    pub catastrophic_outage_days: f64,
    /// Estimated excess deaths from which they weigh as a catastrophic effect. Default 1000.
    #[serde(default = "defaults::catastrophic_estimated_deaths")]
    pub catastrophic_estimated_deaths: f64,
    /// Estimated excess injuries from which they weigh as catastrophic. Default 10000.
    #[serde(default = "defaults::catastrophic_estimated_injuries")]
    pub catastrophic_estimated_injuries: f64,
    /// Whether the operations must also be systematic and premeditated (Japan).
    pub requires_systematic: bool,
    /// Whether cumulative activity may amount to an armed attack (NATO; TM2.0 composite).
    pub accumulation: bool,
    /// With accumulation: the status of related operations by one originator whose total
    /// reaches armed-attack scale. `contested` ("might be considered", NATO Brussels 2021
    /// para 32); `met` where the source treats them as one composite attack. Default
    /// contested.
    #[serde(default = "defaults::contested")]
    pub accumulation_status: Status,
    /// Source of the doctrine's reading.
    #[serde(deserialize_with = "super::citation::shared")]
    pub citation: std::sync::Arc<str>,
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
    /// Days ahead over which the judgement looks: stocks that run out within them at the
    /// present import loss make the danger clear (modelling, not law). Default 90.
    #[serde(default = "defaults::survival_horizon_days")]
    pub horizon_days: f64,
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
    #[serde(deserialize_with = "super::citation::shared")]
    pub source: std::sync::Arc<str>,
    /// Confidence from which the doctrine treats conduct as attributed.
    pub attribution_confidence: f64,
    /// How the doctrine treats attribution (e.g. as a sovereign political decision).
    #[serde(deserialize_with = "super::citation::shared")]
    pub attribution_note: std::sync::Arc<str>,
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
    #[serde(deserialize_with = "super::citation::shared")]
    pub anticipatory_citation: std::sync::Arc<str>,
    /// Whether the doctrine has Japan's active cyber defense.
    pub active_cyber_defense: bool,
    /// When the active cyber defense measures (access and neutralisation) are in force.
    /// Default: always.
    #[serde(default)]
    pub active_cyber_defense_in_force: InForce,
    /// Whether due diligence binds the host State as a rule of law (TM2.0 r.6, r.7): `met`
    /// where the doctrine accepts it, `not_met` where it denies it, `contested` where it has
    /// not said or calls it unsettled. Default contested.
    #[serde(default = "defaults::contested")]
    pub due_diligence: Status,
    /// Source of the doctrine's position on due diligence.
    #[serde(default)]
    #[serde(deserialize_with = "super::citation::shared")]
    pub due_diligence_citation: std::sync::Arc<str>,
    /// Whether States not directly injured may take countermeasures on the victim's behalf
    /// (Estonia for, Kaljulaid 29 May 2019; France against, 2019; unsettled elsewhere).
    /// Default contested.
    #[serde(default = "defaults::contested")]
    pub collective_countermeasures: Status,
    /// Source of the doctrine's position on collective countermeasures.
    #[serde(default)]
    #[serde(deserialize_with = "super::citation::shared")]
    pub collective_countermeasures_citation: std::sync::Arc<str>,
    /// Whether coercive disruption of essential services (medical care, energy supply) bears
    /// on matters the State decides freely, so that it can be a prohibited intervention
    /// (United Kingdom, Braverman 19 May 2022). Default false.
    #[serde(default)]
    pub intervention_essential_services: bool,
    /// Source of the doctrine's reading of intervention, when it has one of its own.
    #[serde(default)]
    #[serde(deserialize_with = "super::citation::shared")]
    pub intervention_citation: std::sync::Arc<str>,
    /// The period the doctrine (this statement of it) applies. Default: always.
    #[serde(default)]
    pub in_force: InForce,
    /// Whether the use of force is subject to Japan's three conditions.
    pub three_conditions: bool,
    /// Japan's survival-threatening situation, for collective self-defense.
    pub survival_threat: Option<SurvivalThreat>,
    /// Japan's attack initiation, organised and planned conduct, and situations
    /// ([`super::japan`]). Default none: the doctrine certifies no situations.
    #[serde(default)]
    pub japan: Option<super::japan::JapanRule>,
    /// The State whose own law the doctrine also encodes: its constitutional conditions on
    /// force (`three_conditions`), its statutory situations (`japan`, `survival_threat`) and its
    /// domestic powers (`active_cyber_defense`). For a victim other than this State those parts
    /// are set aside, since they bind that State's own measures only, and the doctrine gives its
    /// reading of international law alone ([`Doctrine::for_victim`]). Default none: the whole
    /// doctrine applies to every victim.
    #[serde(default)]
    pub state: Option<String>,
    /// The doctrine without the parts that are its State's own law, made when the doctrine is
    /// read (none when it names no State).
    #[serde(skip)]
    pub(crate) abroad: Option<Arc<Doctrine>>,
    /// Citations composed from the doctrine's own texts, made once ([`Doctrine::cite`]).
    #[serde(skip)]
    pub(crate) composed: Composed,
}

/// How many composed citations a doctrine keeps ([`Doctrine::cite`]).
pub(crate) const COMPOSED: usize = 12;

/// Citations composed from a doctrine's own texts (a fixed article followed by the doctrine's
/// note, say), each made the first time it is needed and shared afterwards. Each slot keeps
/// the text it was composed from, so a doctrine whose text was replaced composes afresh.
#[derive(Clone, Debug, Default)]
pub(crate) struct Composed([std::sync::OnceLock<(Arc<str>, Arc<str>)>; COMPOSED]);

impl Doctrine {
    /// The doctrine as it applies to a victim: whole for its own State (or when it names none);
    /// for any other victim, without its State's own law ([`Doctrine::state`]).
    pub fn for_victim(&self, victim: &str) -> &Doctrine {
        match (&self.state, &self.abroad) {
            (Some(state), Some(abroad)) if state != victim => abroad,
            _ => self,
        }
    }

    /// The doctrine without its State's own law (made once, when it is read).
    fn without_own_law(&self) -> Doctrine {
        Doctrine {
            three_conditions: false,
            survival_threat: None,
            japan: None,
            active_cyber_defense: false,
            abroad: None,
            composed: Composed::default(),
            ..self.clone()
        }
    }

    /// The citation `make` composes from `part` (one of this doctrine's texts), kept in `slot`
    /// (one slot per kind of citation, below [`COMPOSED`]): made once, then shared.
    pub(crate) fn cite(
        &self,
        slot: usize,
        part: &Arc<str>,
        make: impl FnOnce() -> String,
    ) -> super::Citation {
        let cell = &self.composed.0[slot];
        if let Some((from, text)) = cell.get() {
            return if Arc::ptr_eq(from, part) {
                super::Citation::Shared(text.clone())
            } else {
                super::Citation::Owned(make())
            };
        }
        let text: Arc<str> = Arc::from(make());
        let _ = cell.set((part.clone(), text.clone()));
        super::Citation::Shared(text)
    }
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
        let entries = std::fs::read_dir(dir).map_err(|e| Error::Read {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut files: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        files.sort();
        let mut texts = Vec::with_capacity(files.len());
        for f in files {
            let text = crate::scenario::read_text(&f, 1024 * 1024)?;
            texts.push((f, text));
        }
        Doctrines::with_files(&texts)
    }

    /// The built-in doctrines plus doctrine files given as `(path, text)`, in that order (as
    /// [`Doctrines::with_folder`] reads a folder; used to restore a checkpoint).
    pub fn with_files(files: &[(std::path::PathBuf, String)]) -> Result<Doctrines> {
        let mut set = Doctrines::builtin();
        let mut seen: Vec<(String, std::path::PathBuf)> = Vec::new();
        for (f, text) in files {
            let (f, text) = (f.clone(), text.as_str());
            let d = parse(text, &f)?;
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == d.id) {
                return Err(Error::Invalid(vec![Diagnostic {
                    file: f.clone(),
                    location: locate(text, "id"),
                    path: "id".into(),
                    message: format!(
                        "doctrine id `{}` is also the id of {}: two files cannot define one doctrine",
                        d.id,
                        first.display()
                    ),
                    help: Some("give one of them another id, or remove one".into()),
                }]));
            }
            seen.push((d.id.clone(), f.clone()));
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

/// Line and column of the first `field:` in `text`.
fn locate(text: &str, field: &str) -> Option<(usize, usize)> {
    let key = format!("{field}:");
    let mut from = 0;
    while let Some(rel) = text[from..].find(&key) {
        let at = from + rel;
        let before = text[..at].chars().last();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_')) {
            return Some(crate::scenario::line_col(text.as_bytes(), at));
        }
        from = at + key.len();
    }
    None
}

/// One doctrine file's text, read and checked as `--doctrines` reads it (`path` names it in
/// errors).
pub fn parse(text: &str, path: &Path) -> Result<Doctrine> {
    let d: Doctrine =
        crate::scenario::parse_ron(text, path, "a doctrine `Doctrine(id: ..., ...)`")?;
    let mut problems = Vec::new();
    let mut bad = |field: &str, message: String, help: &str| {
        problems.push(Diagnostic {
            file: path.to_path_buf(),
            location: locate(text, field.rsplit('.').next().unwrap_or(field)),
            path: field.to_string(),
            message,
            help: Some(help.to_string()),
        })
    };
    if d.id.is_empty() {
        bad(
            "id",
            "empty id".into(),
            "give the doctrine a short id, e.g. \"estonia\"",
        );
    }
    let shares = [
        ("attribution_confidence", d.attribution_confidence),
        (
            "use_of_force.severe_gdp_share",
            d.use_of_force.severe_gdp_share,
        ),
        (
            "use_of_force.severe_supply_loss",
            d.use_of_force.severe_supply_loss,
        ),
        (
            "armed_attack.catastrophic_gdp_share",
            d.armed_attack.catastrophic_gdp_share,
        ),
        (
            "armed_attack.catastrophic_supply_loss",
            d.armed_attack.catastrophic_supply_loss,
        ),
    ];
    for (field, v) in shares {
        if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
            bad(
                field,
                format!("{field} {v} is not in [0, 1]: a share is a number from 0 to 1"),
                "write a number from 0 to 1, e.g. 0.75",
            );
        }
    }
    let figures = [
        (
            "use_of_force.severe_economic_loss_usd",
            d.use_of_force.severe_economic_loss_usd,
        ),
        (
            "use_of_force.severe_outage_days",
            d.use_of_force.severe_outage_days,
        ),
        (
            "use_of_force.severe_estimated_deaths",
            d.use_of_force.severe_estimated_deaths,
        ),
        (
            "use_of_force.severe_estimated_injuries",
            d.use_of_force.severe_estimated_injuries,
        ),
        ("armed_attack.grave_deaths", d.armed_attack.grave_deaths),
        ("armed_attack.grave_injuries", d.armed_attack.grave_injuries),
        (
            "armed_attack.grave_destruction_usd",
            d.armed_attack.grave_destruction_usd,
        ),
        (
            "armed_attack.catastrophic_outage_days",
            d.armed_attack.catastrophic_outage_days,
        ),
        (
            "armed_attack.catastrophic_estimated_deaths",
            d.armed_attack.catastrophic_estimated_deaths,
        ),
        (
            "armed_attack.catastrophic_estimated_injuries",
            d.armed_attack.catastrophic_estimated_injuries,
        ),
    ];
    for (field, v) in figures {
        if !(v.is_finite() && v > 0.0) {
            bad(
                field,
                format!("{v} is not a threshold: expected a positive finite number"),
                "thresholds are counts, dollars or days above 0",
            );
        }
    }
    let ordered = [
        (
            "armed_attack.catastrophic_gdp_share",
            d.use_of_force.severe_gdp_share,
            d.armed_attack.catastrophic_gdp_share,
        ),
        (
            "armed_attack.catastrophic_estimated_deaths",
            d.use_of_force.severe_estimated_deaths,
            d.armed_attack.catastrophic_estimated_deaths,
        ),
        (
            "armed_attack.catastrophic_estimated_injuries",
            d.use_of_force.severe_estimated_injuries,
            d.armed_attack.catastrophic_estimated_injuries,
        ),
        (
            "armed_attack.catastrophic_outage_days",
            d.use_of_force.severe_outage_days,
            d.armed_attack.catastrophic_outage_days,
        ),
    ];
    for (field, severe, catastrophic) in ordered {
        if catastrophic < severe {
            bad(
                field,
                format!(
                    "{catastrophic} is below the severe figure {severe}: catastrophic effects are graver than severe ones"
                ),
                "raise the catastrophic figure to at least the severe one",
            );
        }
    }
    if problems.is_empty() {
        let mut d = d;
        if d.state.is_some() {
            d.abroad = Some(Arc::new(d.without_own_law()));
        }
        Ok(d)
    } else {
        Err(Error::Invalid(problems))
    }
}
