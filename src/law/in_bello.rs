//! The law of armed conflict once an armed conflict exists: distinction, proportionality in
//! attack, precautions, applied to a proposed response's target and to the target of the
//! hostile operations (the author's operations judged as attacks).

use super::facts::{Facts, Figure, Truth};
use super::{Because, Finding, Status, Unknowns, Used};
use crate::model::MilitaryStatus;
use serde::{Deserialize, Serialize};

/// Whose operation a target is the object of: the names the findings and facts carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Whose {
    /// The victim's proposed response (`response_target`): `distinction`, ...
    Response,
    /// The hostile operations (`hostile_target`): `hostile_distinction`, ...
    Hostile,
}

impl Whose {
    fn names(self) -> Names {
        match self {
            Whose::Response => Names {
                distinction: "distinction",
                discrimination: "discrimination",
                proportionality: "proportionality_in_attack",
                precautions: "precautions",
                target: "target",
                military: "target.military",
                limited: "target.effects_limited",
                physical: "target.physical_effects",
                harm: "target.expected_civilian_harm",
                excessive: "target.excessive",
                taken: "target.precautions_taken",
            },
            Whose::Hostile => Names {
                distinction: "hostile_distinction",
                discrimination: "hostile_discrimination",
                proportionality: "hostile_proportionality_in_attack",
                precautions: "hostile_precautions",
                target: "hostile_target",
                military: "hostile_target.military",
                limited: "hostile_target.effects_limited",
                physical: "hostile_target.physical_effects",
                harm: "hostile_target.expected_civilian_harm",
                excessive: "hostile_target.excessive",
                taken: "hostile_target.precautions_taken",
            },
        }
    }
}

struct Names {
    distinction: &'static str,
    discrimination: &'static str,
    proportionality: &'static str,
    precautions: &'static str,
    target: &'static str,
    military: &'static str,
    limited: &'static str,
    physical: &'static str,
    harm: &'static str,
    excessive: &'static str,
    taken: &'static str,
}

/// The target of a forcible operation: a proposed response's, or the hostile operations'.
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
    /// Whether the operation was directed at this target alone, by means whose effects could be
    /// limited to it (malware that spreads beyond its target, or wipes every user of a shared
    /// network alike, is not). Not named: the question is not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effects_limited: Option<Truth>,
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
pub fn distinction(facts: &Facts, t: &TargetFacts, u: &mut Used) -> Finding {
    distinction_of(facts, t, Whose::Response, u)
}

/// [`distinction`] applied to the target of `whose` operation. For the hostile operations the
/// principle binds every party to the conflict, international or not (Additional Protocol I
/// art. 48; ICRC Customary IHL Study rule 7, check); whether data is an object divided the
/// Tallinn experts, the majority holding that it is not (TM2.0 r.100 commentary, check; M. N.
/// Schmitt, "The Notion of 'Objects' during Cyber Operations: A Riposte in Defence of
/// Interpretive and Applicative Precision", Israel Law Review (2015), on the majority view;
/// K. Mačák, "Military Objectives 2.0", (2015) 48(1) Israel Law Review, against it).
pub fn distinction_of(facts: &Facts, t: &TargetFacts, whose: Whose, u: &mut Used) -> Finding {
    let n = whose.names();
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
    let name = u.name_value(&t.name);
    Finding {
        test: n.distinction,
        outcome,
        citation: match whose {
            Whose::Response => "TM2.0 r.92 (cyber attack), r.93 (distinction), r.101 (dual use; check)".into(),
            Whose::Hostile => "TM2.0 r.92 (cyber attack), r.93 (distinction), r.100 (data as an object: the experts divided; check), r.101 (dual use; check); Additional Protocol I art. 48; ICRC Customary IHL Study rule 7 (also in non-international armed conflict; check)".into(),
        },
        facts: u.add([
            facts.used(n.target, name),
            facts.used(n.military, t.military.as_str().into()),
            facts.truth(n.physical, t.physical_effects),
        ]),
        explanation: why.into(),
        because: Because::on(&["law_of_armed_conflict"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Indiscriminate attacks.** An attack must be directed at a specific military objective, by
/// a method or means that can be so directed and whose effects can be limited as the law of
/// armed conflict requires; attacks that strike military objectives and civilians or civilian
/// objects without distinction are prohibited (Additional Protocol I art. 51(4)(a)–(c); ICRC
/// Customary IHL Study rules 11 and 12, in international and non-international armed conflict;
/// TM2.0 r.105 and r.111, numbers: check). Whether self-propagating malware is inherently
/// indiscriminate turns on whether its spread can be controlled (the Cyber Law Toolkit's
/// scenario 10 asks it of a worm with and without a kill switch), so the facts say it: assessed
/// only when they name `effects_limited`.
pub fn discrimination_of(
    facts: &Facts,
    t: &TargetFacts,
    whose: Whose,
    u: &mut Used,
) -> Option<Finding> {
    let limited = t.effects_limited?;
    let n = whose.names();
    let why = match limited.0 {
        Some(true) => "directed at the target, its effects limited to it",
        Some(false) => {
            "not directed at a specific military objective alone, or its effects could not be limited: an indiscriminate attack is prohibited"
        }
        None => {
            "whether the operation could be directed at the target alone and its effects limited is not known"
        }
    };
    let name = u.name_value(&t.name);
    Some(Finding {
        test: n.discrimination,
        outcome: truth(limited),
        citation: "Additional Protocol I art. 51(4); ICRC Customary IHL Study rules 11, 12; TM2.0 r.105, r.111 (numbers: check)".into(),
        facts: u.add([
            facts.used(n.target, name),
            facts.truth(n.limited, limited),
        ]),
        explanation: why.into(),
        because: Because::on(&["law_of_armed_conflict"]),
        unknowns: Unknowns::NONE,
    })
}

/// **Proportionality in attack.** An attack is prohibited if the incidental civilian harm
/// expected would be excessive in relation to the concrete and direct military advantage
/// anticipated (TM2.0 r.113, check; Additional Protocol I art. 51(5)(b)).
pub fn proportionality_in_attack(facts: &Facts, t: &TargetFacts, u: &mut Used) -> Finding {
    proportionality_in_attack_of(facts, t, Whose::Response, u)
}

/// [`proportionality_in_attack`] applied to the target of `whose` operation.
pub fn proportionality_in_attack_of(
    facts: &Facts,
    t: &TargetFacts,
    whose: Whose,
    u: &mut Used,
) -> Finding {
    let n = whose.names();
    let outcome = match t.excessive.0 {
        Some(true) => Status::NotMet,
        Some(false) => Status::Met,
        None => Status::Unknown,
    };
    Finding {
        test: n.proportionality,
        outcome,
        citation: "TM2.0 r.113 (check); Additional Protocol I art. 51(5)(b)".into(),
        facts: u.add([facts.fig(n.harm, t.expected_civilian_harm), facts.truth(n.excessive, t.excessive)]),
        explanation: "expected incidental civilian harm must not be excessive relative to the anticipated military advantage".into(),
        because: Because::on(&["law_of_armed_conflict"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Precautions.** Constant care to spare civilians; feasible precautions in the choice of
/// means, methods and timing (TM2.0 r.114–120, check; Additional Protocol I art. 57).
pub fn precautions(facts: &Facts, t: &TargetFacts, u: &mut Used) -> Finding {
    precautions_of(facts, t, Whose::Response, u)
}

/// [`precautions`] applied to the target of `whose` operation.
pub fn precautions_of(facts: &Facts, t: &TargetFacts, whose: Whose, u: &mut Used) -> Finding {
    let n = whose.names();
    Finding {
        test: n.precautions,
        outcome: truth(t.precautions_taken),
        citation: "TM2.0 r.114–120 (check); Additional Protocol I art. 57".into(),
        facts: u.add([facts.truth(n.taken, t.precautions_taken)]),
        explanation: "feasible precautions in the choice of means, methods and timing".into(),
        because: Because::on(&["law_of_armed_conflict"]),
        unknowns: Unknowns::NONE,
    }
}

/// The checks on one target: distinction, proportionality in attack, precautions, and the
/// prohibition of indiscriminate attacks when the facts say whether the effects could be
/// limited.
pub fn check(facts: &Facts, t: &TargetFacts, u: &mut Used) -> Vec<Finding> {
    check_of(facts, t, Whose::Response, u)
}

/// The checks of [`check`] on the target of `whose` operation.
pub fn check_of(facts: &Facts, t: &TargetFacts, whose: Whose, u: &mut Used) -> Vec<Finding> {
    let mut out = vec![
        distinction_of(facts, t, whose, u),
        proportionality_in_attack_of(facts, t, whose, u),
        precautions_of(facts, t, whose, u),
    ];
    out.extend(discrimination_of(facts, t, whose, u));
    out
}

/// **The law of armed conflict applied to the hostile operations.** Once an armed conflict is
/// under way, the law of armed conflict governs both sides' cyber operations (Geneva
/// Conventions, common arts. 2 and 3; TM2.0 r.80, check): the author's operations against the
/// target the facts name are judged by distinction, proportionality in attack and precautions.
/// None when there is no conflict or no target named.
pub fn hostile_operation(facts: &Facts, u: &mut Used) -> Vec<Finding> {
    match &facts.hostile_target {
        Some(t) if facts.armed_conflict || facts.conflict.is_some() => {
            check_of(facts, t, Whose::Hostile, u)
        }
        _ => Vec::new(),
    }
}
