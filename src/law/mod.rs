//! The legal evaluator: facts in, assessment out. Pure: nothing here knows about the ECS.
//!
//! For each doctrine, [`assess`] characterises a hostile cyber operation against the
//! thresholds of international law (sovereignty violation, prohibited intervention, use of
//! force, armed attack; for Japan also the three conditions for the use of force and the
//! survival-threatening situation), then decides which responses are lawful, from retorsion to
//! collective self-defense. Every conclusion is a [`Finding`] that names the test, the facts it
//! used (with the tick they come from), the outcome and the citation. Where the experts are
//! divided, the outcome is [`Status::Contested`], never a guess.
//!
//! Each legal test is one function in [`tests`] or [`responses`], its source quoted in its doc
//! comment. Doctrines differ as data ([`Doctrine`]), loaded from RON files.

pub mod doctrine;
pub mod facts;
pub mod in_bello;
pub mod incident;
pub mod responses;
pub mod tests;

pub use doctrine::{Doctrine, Doctrines};
pub use facts::{Facts, Figure, Truth};

use serde::{Deserialize, Serialize};

/// The status of a legal threshold or condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The facts do not meet it.
    NotMet,
    /// The facts needed are not known (yet).
    Unknown,
    /// Experts or States are divided on whether facts like these meet it.
    Contested,
    /// The facts meet it.
    Met,
}

impl Status {
    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotMet => "not_met",
            Status::Unknown => "unknown",
            Status::Contested => "contested",
            Status::Met => "met",
        }
    }

    /// Both must hold: the weaker of the two (met > contested > unknown > not met).
    pub fn and(self, other: Status) -> Status {
        self.min(other)
    }

    /// Either suffices: the stronger of the two.
    pub fn or(self, other: Status) -> Status {
        self.max(other)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One fact a test relied on, with its value and the tick it comes from (none for an incident
/// file).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactUsed {
    /// The fact's name, as in [`Facts`].
    pub fact: &'static str,
    /// Its value (`"unknown"` when not known).
    pub value: serde_json::Value,
    /// The tick the value comes from.
    pub tick: Option<u32>,
}

/// One conclusion of one legal test under one doctrine.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The test applied, e.g. `use_of_force`.
    pub test: &'static str,
    /// The outcome.
    pub outcome: Status,
    /// The source: instrument, article or rule, paragraph.
    pub citation: String,
    /// The facts the test used.
    pub facts: Vec<FactUsed>,
    /// Why, in a sentence.
    pub explanation: String,
}

/// The responses on the escalation ladder, least escalatory first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Unfriendly but lawful acts: protest, expulsions, sanctions, public attribution.
    Retorsion,
    /// Otherwise unlawful acts, not amounting to force, to induce the responsible State to
    /// comply (ARSIWA arts. 22, 49–54).
    Countermeasures,
    /// Acts otherwise unlawful, justified by a grave and imminent peril (TM2.0 r.26).
    PleaOfNecessity,
    /// Access to and neutralisation of attacker servers (Japan's active cyber defense).
    ActiveCyberDefense,
    /// Force in individual self-defense (UN Charter art. 51).
    SelfDefense,
    /// Force in defense of an attacked ally (UN Charter art. 51).
    CollectiveSelfDefense,
    /// Non-forcible support by an ally: sharing intelligence with the attacked State.
    IntelligenceSharing,
    /// Non-forcible support by an ally: logistics for the attacked State's defense.
    LogisticsSupport,
}

impl Response {
    /// The ladder, least escalatory first.
    pub const LADDER: [Response; 6] = [
        Response::Retorsion,
        Response::Countermeasures,
        Response::PleaOfNecessity,
        Response::ActiveCyberDefense,
        Response::SelfDefense,
        Response::CollectiveSelfDefense,
    ];

    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Response::Retorsion => "retorsion",
            Response::Countermeasures => "countermeasures",
            Response::PleaOfNecessity => "plea_of_necessity",
            Response::ActiveCyberDefense => "active_cyber_defense",
            Response::SelfDefense => "self_defense",
            Response::CollectiveSelfDefense => "collective_self_defense",
            Response::IntelligenceSharing => "intelligence_sharing",
            Response::LogisticsSupport => "logistics_support",
        }
    }

    /// The non-forcible support an ally may give an attacked State (not on the ladder).
    pub const SUPPORT: [Response; 2] = [Response::IntelligenceSharing, Response::LogisticsSupport];

    /// Whether the response is a use of force.
    pub fn is_force(self) -> bool {
        matches!(
            self,
            Response::SelfDefense | Response::CollectiveSelfDefense
        )
    }
}

/// The thresholds every doctrine is assessed against, in order of gravity.
pub const THRESHOLDS: [&str; 4] = [
    "sovereignty_violation",
    "intervention",
    "use_of_force",
    "armed_attack",
];

/// A doctrine's assessment of one fact pattern.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// Doctrine id.
    pub doctrine: String,
    /// Status of each threshold, in a fixed order: the four of [`THRESHOLDS`], then any the
    /// doctrine adds (Japan's three conditions and the survival-threatening situation).
    pub thresholds: Vec<(&'static str, Status)>,
    /// Responses that are lawful (status met), least escalatory first.
    pub lawful_responses: Vec<Response>,
    /// Status of every response on the ladder, least escalatory first.
    pub responses: Vec<(Response, Status)>,
    /// Every finding, in the order the tests ran.
    pub findings: Vec<Finding>,
}

impl Assessment {
    /// Status of a named threshold.
    pub fn threshold(&self, name: &str) -> Option<Status> {
        self.thresholds
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, s)| s)
    }

    /// Status of a response.
    pub fn response(&self, r: Response) -> Status {
        self.responses
            .iter()
            .find(|(x, _)| *x == r)
            .map_or(Status::NotMet, |&(_, s)| s)
    }

    /// The assessment as the JSON object `assess --json` prints:
    /// `{"doctrine", "thresholds", "lawful_responses", "findings": [{"test", "outcome",
    /// "citation", "facts"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        self.json(false)
    }

    /// Like [`Assessment::to_json`], each finding also carrying its `explanation` (as the legal
    /// trace of a run does).
    pub fn to_json_explained(&self) -> serde_json::Value {
        self.json(true)
    }

    fn json(&self, explain: bool) -> serde_json::Value {
        let thresholds: serde_json::Map<String, serde_json::Value> = self
            .thresholds
            .iter()
            .map(|(n, s)| (n.to_string(), s.as_str().into()))
            .collect();
        serde_json::json!({
            "doctrine": self.doctrine,
            "thresholds": thresholds,
            "lawful_responses": self.lawful_responses.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "findings": self.findings.iter().map(|f| {
                let mut j = serde_json::json!({
                    "test": f.test,
                    "outcome": f.outcome.as_str(),
                    "citation": f.citation,
                    "facts": f.facts,
                });
                if explain {
                    j["explanation"] = f.explanation.clone().into();
                }
                j
            }).collect::<Vec<_>>(),
        })
    }
}

/// Assesses `facts` under `doctrine`: thresholds first, then Japan's conditions where the
/// doctrine has them, then every response on the ladder.
pub fn assess(facts: &Facts, doctrine: &Doctrine) -> Assessment {
    let mut findings = Vec::new();
    let mut keep = |f: Finding| {
        let s = f.outcome;
        findings.push(f);
        s
    };
    let attributed = keep(tests::state_attribution(facts, doctrine));
    let sovereignty = keep(tests::sovereignty_violation(facts, doctrine, attributed));
    let intervention = keep(tests::prohibited_intervention(facts, doctrine, attributed));
    let force = keep(tests::use_of_force(facts, doctrine));
    let armed = keep(tests::armed_attack(facts, doctrine, force));
    let mut thresholds = vec![
        ("sovereignty_violation", sovereignty),
        ("intervention", intervention),
        ("use_of_force", force),
        ("armed_attack", armed),
    ];
    let ally_armed = facts.ally.as_ref().map(|ally| {
        let f = tests::armed_attack_on_ally(facts, ally, doctrine);
        keep(f)
    });
    let survival = if doctrine.survival_threat.is_some() {
        let s = keep(tests::survival_threatening_situation(
            facts,
            doctrine,
            ally_armed.unwrap_or(Status::NotMet),
        ));
        thresholds.push(("survival_threatening_situation", s));
        s
    } else {
        Status::NotMet
    };
    let ctx = responses::Context {
        attributed,
        wrongful: sovereignty.or(intervention).or(force).and(attributed),
        force,
        armed,
        ally_armed: ally_armed.unwrap_or(Status::NotMet),
        survival,
    };
    let ladder = responses::assess_ladder(facts, doctrine, &ctx);
    for f in ladder.findings {
        keep(f);
    }
    thresholds.extend(ladder.extra_thresholds);
    let lawful_responses = ladder
        .statuses
        .iter()
        .filter(|(_, s)| *s == Status::Met)
        .map(|&(r, _)| r)
        .collect();
    Assessment {
        doctrine: doctrine.id.clone(),
        thresholds,
        lawful_responses,
        responses: ladder.statuses,
        findings,
    }
}
