//! The law of armed conflict, for responses taken once an armed conflict exists: distinction,
//! proportionality in attack, precautions.

use super::facts::{Facts, Figure, Truth};
use super::{Finding, Status};
use crate::model::MilitaryStatus;
use serde::{Deserialize, Serialize};

/// The target of a proposed forcible response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetFacts {
    /// The target's id or description.
    pub name: String,
    /// Civilian, dual-use or military.
    pub military: MilitaryStatus,
    /// Whether the operation is expected to injure or kill, or damage or destroy objects (a
    /// "cyber attack", TM2.0 r.92), rather than only affect data.
    pub physical_effects: Truth,
    /// People expected to lose an essential service as incidental harm.
    pub expected_civilian_harm: Figure,
    /// Whether that harm is excessive in relation to the concrete and direct military advantage
    /// anticipated, as the commander judges it.
    pub excessive: Truth,
    /// Whether feasible precautions were taken (choice of means, timing, warnings).
    pub precautions_taken: Truth,
}

fn truth(t: Truth) -> Status {
    match t.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    }
}

/// **Distinction.** Attacks may be directed only at military objectives; dual-use objects are
/// military objectives, but harm to their civilian users counts in proportionality (TM2.0 r.93,
/// r.101 (check)). Whether data alone is an "object" is disputed (majority: no), so an operation
/// that only affects data on a civilian system is contested ground.
pub fn distinction(facts: &Facts, t: &TargetFacts) -> Finding {
    let (outcome, why) = match (t.military, t.physical_effects.0) {
        (MilitaryStatus::Military | MilitaryStatus::DualUse, _) => (
            Status::Met,
            "a military objective (dual-use objects are military objectives)",
        ),
        (MilitaryStatus::Civilian, Some(false)) => (
            Status::Contested,
            "a civilian system, affected in its data only: whether data is an object is disputed",
        ),
        (MilitaryStatus::Civilian, _) => (Status::NotMet, "a civilian object may not be attacked"),
    };
    Finding {
        test: "distinction",
        outcome,
        citation: "TM2.0 r.92 (cyber attack), r.93 (distinction), r.101 (dual use; check)".into(),
        facts: vec![
            facts.used("target", t.name.clone().into()),
            facts.used("target.military", t.military.as_str().into()),
            facts.truth("target.physical_effects", t.physical_effects),
        ],
        explanation: why.into(),
        because: vec!["law_of_armed_conflict"],
        immaterial: vec![],
    }
}

/// **Proportionality in attack.** An attack is prohibited if the incidental civilian harm
/// expected would be excessive in relation to the concrete and direct military advantage
/// anticipated (TM2.0 r.113, check; Additional Protocol I art. 51(5)(b)).
pub fn proportionality_in_attack(facts: &Facts, t: &TargetFacts) -> Finding {
    let outcome = match t.excessive.0 {
        Some(true) => Status::NotMet,
        Some(false) => Status::Met,
        None => Status::Unknown,
    };
    Finding {
        test: "proportionality_in_attack",
        outcome,
        citation: "TM2.0 r.113 (check); Additional Protocol I art. 51(5)(b)".into(),
        facts: vec![facts.fig("target.expected_civilian_harm", t.expected_civilian_harm), facts.truth("target.excessive", t.excessive)],
        explanation: "expected incidental civilian harm must not be excessive relative to the anticipated military advantage".into(),
        because: vec!["law_of_armed_conflict"],
        immaterial: vec![],
    }
}

/// **Precautions.** Constant care to spare civilians; feasible precautions in the choice of
/// means, methods and timing (TM2.0 r.114–120, check; Additional Protocol I art. 57).
pub fn precautions(facts: &Facts, t: &TargetFacts) -> Finding {
    Finding {
        test: "precautions",
        outcome: truth(t.precautions_taken),
        citation: "TM2.0 r.114–120 (check); Additional Protocol I art. 57".into(),
        facts: vec![facts.truth("target.precautions_taken", t.precautions_taken)],
        explanation: "feasible precautions in the choice of means, methods and timing".into(),
        because: vec!["law_of_armed_conflict"],
        immaterial: vec![],
    }
}

/// All three checks on one target.
pub fn check(facts: &Facts, t: &TargetFacts) -> Vec<Finding> {
    vec![
        distinction(facts, t),
        proportionality_in_attack(facts, t),
        precautions(facts, t),
    ]
}
