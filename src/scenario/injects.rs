//! Injects: events the exercise's white cell adds to a run, scheduled in the scenario file
//! (`injects: [...]`) or added while the run goes on ([`crate::sim::Simulation::inject`]).
//!
//! ```ron
//! injects: [
//!     // A new wave of a campaign, on every target it holds in its effect phase.
//!     (at_hour: 400, inject: CampaignWave(campaign: "grid-attack", effect: Disruption,
//!                                         intensity: 0.8, duration_hours: 24)),
//!     // An intelligence report: the State's belief about who is behind a campaign.
//!     (at_hour: 420, inject: IntelligenceReport(state: "japan", campaign: "grid-attack",
//!                                               author: Some("redland"), confidence: 0.8)),
//!     // An ally declares itself attacked and asks its allies for help.
//!     (at_hour: 450, inject: AllyRequest(state: "usa", against: "redland")),
//!     // The Security Council takes measures of a kind.
//!     (at_hour: 600, inject: CouncilMeasure(measure: enforcement)),
//! ]
//! ```
//!
//! Every name is checked against the scenario (with a suggestion for a misspelt one); the
//! simulation resolves names to indices and applies each inject at the start of its tick
//! (`src/sim/injects.rs`). `docs/scenario-format.md` documents the fields.

use crate::law::facts::CouncilMeasure;
use crate::model::EffectType;
use serde::{Deserialize, Serialize};

/// One inject, scheduled: the hour from which it applies and what it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledInject {
    /// The hour from the start at which it applies (rounded up to a whole tick).
    pub at_hour: f64,
    /// What happens.
    pub inject: Inject,
}

/// An event the white cell adds to a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Inject {
    /// A new wave of a campaign: the effect is delivered at once on every target the campaign
    /// holds in its effect phase (an active intrusion that has reached its effect phase, and
    /// whose sponsor has not been deterred), as the campaign's own waves are.
    CampaignWave {
        /// The campaign (its id).
        campaign: String,
        /// What the wave does.
        effect: EffectType,
        /// Fraction of each node's capacity taken away, in `[0, 1]`.
        intensity: f64,
        /// How long the effect is held, in hours.
        duration_hours: f64,
    },
    /// An intelligence report to a State about a campaign against it: the campaign becomes
    /// known to the State (if it had not detected it), and its belief about the campaign's
    /// author becomes `author` with at least `confidence` (a report naming another suspect
    /// replaces the belief; one naming the true author sees through a false flag). The State
    /// looks at its situation again (an escalation step).
    IntelligenceReport {
        /// The State receiving the report.
        state: String,
        /// The campaign reported on; it must target the State's infrastructure.
        campaign: String,
        /// Who the report names as the author (actor id). Default: the campaign's true author
        /// (its sponsor, or its operator when it has none).
        #[serde(default)]
        author: Option<String>,
        /// The confidence the report gives, in `[0, 1]`.
        confidence: f64,
    },
    /// An ally's request: `state` declares itself the victim of an armed attack by `against`
    /// and asks its allies for help, through the same machinery as a declaration the
    /// simulation makes (`sim::legal::requests`): once per (State, adversary); each ally
    /// records the request and assesses its situation.
    AllyRequest {
        /// The requesting State.
        state: String,
        /// The State it declares responsible.
        against: String,
    },
    /// The Security Council takes measures (UN Charter arts. 39–42) of the kind given, which
    /// the law reads for the end of self-defense (art. 51): `enforcement` ends it; `demand`
    /// or `sanctions` leave it contested.
    CouncilMeasure {
        /// `demand`, `sanctions` or `enforcement`.
        measure: CouncilMeasure,
    },
}

impl Inject {
    /// The inject's kind, as written in `events.jsonl`.
    pub fn kind(&self) -> &'static str {
        match self {
            Inject::CampaignWave { .. } => "campaign_wave",
            Inject::IntelligenceReport { .. } => "intelligence_report",
            Inject::AllyRequest { .. } => "ally_request",
            Inject::CouncilMeasure { .. } => "council_measure",
        }
    }
}
