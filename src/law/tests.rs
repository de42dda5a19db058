//! The legal tests that characterise hostile cyber operations: one function per test, its
//! source in its doc comment. Each returns a [`Finding`] with the facts it used.

use super::doctrine::Doctrine;
use super::facts::{AllyFacts, AttributionFacts, Facts, Harm};
use super::{FactUsed, Finding, Status};
use crate::model::{AttributionBasis, EffectType};

/// How grave the effects of the operations are, from the facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gravity {
    /// Not enough is known to say.
    Unknown,
    /// No hostile effect.
    None,
    /// Espionage only: no loss of function.
    Espionage,
    /// Disruption that inconveniences, or damage below the severity thresholds.
    Minor,
    /// Severe effects without death, injury or physical damage.
    SevereNonPhysical,
    /// Death, injury or physical damage below the grave figures.
    LesserPhysical,
    /// Death, injury or destruction at or above the grave figures.
    Grave,
}

fn scaled(f: super::Figure, share: f64) -> Option<f64> {
    f.0.map(|x| x * share)
}

/// Classifies harm under a doctrine's figures, counting `share` of it (the largest single
/// operation's share, or 1 for the cumulative total).
pub fn gravity(h: &Harm, worst: Option<EffectType>, share: f64, d: &Doctrine) -> Gravity {
    let aa = &d.armed_attack;
    let uof = &d.use_of_force;
    // Harm with no operation against the State's own systems (consequences of an attack on
    // another State) is not an effect of a use of force against it.
    let untouched = [
        h.loss_of_function.0,
        h.physical_destruction.0,
        h.data_destroyed.0,
    ]
    .iter()
    .all(|f| *f == Some(false));
    if worst.is_none() && untouched {
        return Gravity::None;
    }
    let deaths = scaled(h.deaths, share);
    let injuries = scaled(h.injuries, share);
    let destruction = scaled(h.destruction_usd, share);
    let grave = deaths.is_some_and(|x| x >= aa.grave_deaths)
        || injuries.is_some_and(|x| x >= aa.grave_injuries)
        || destruction.is_some_and(|x| x >= aa.grave_destruction_usd);
    if grave {
        return Gravity::Grave;
    }
    let physical = [
        deaths.map(|x| x > 0.0),
        injuries.map(|x| x > 0.0),
        h.physical_destruction.0,
    ];
    if physical.contains(&Some(true)) {
        return Gravity::LesserPhysical;
    }
    let physical_unknown =
        physical.contains(&None) && worst.is_none_or(|w| w >= EffectType::DataDestruction);
    let economic = scaled(h.economic_loss_usd, share).map(|x| x >= uof.severe_economic_loss_usd);
    let gdp = h
        .economic_loss_gdp_share
        .0
        .map(|x| x * share >= uof.severe_gdp_share);
    let outage = match (
        h.critical_infrastructure.0,
        h.essential_supply_loss.0,
        h.outage_days.0,
    ) {
        (Some(true), Some(loss), Some(days)) => {
            Some(loss >= 0.05 && days >= uof.severe_outage_days)
        }
        (Some(false), _, _) => Some(false),
        (_, Some(loss), _) if loss <= 0.0 => Some(false),
        _ => None,
    };
    if [economic, gdp, outage].contains(&Some(true)) {
        return Gravity::SevereNonPhysical;
    }
    match worst {
        None => Gravity::None,
        Some(EffectType::Espionage) => Gravity::Espionage,
        // A temporary denial of service that only inconveniences is not severe, even when
        // its cost is not known (TM2.0 r.69 commentary).
        Some(EffectType::Disruption) if !physical_unknown => Gravity::Minor,
        Some(_) if physical_unknown || economic.is_none() && gdp.is_none() => Gravity::Unknown,
        Some(_) => Gravity::Minor,
    }
}

fn harm_facts(facts: &Facts, h: &Harm, worst: Option<EffectType>) -> Vec<FactUsed> {
    vec![
        facts.used(
            "worst_effect",
            worst.map_or("none".into(), |w| w.as_str().into()),
        ),
        facts.fig("deaths", h.deaths),
        facts.fig("injuries", h.injuries),
        facts.truth("physical_destruction", h.physical_destruction),
        facts.fig("destruction_usd", h.destruction_usd),
        facts.fig("economic_loss_usd", h.economic_loss_usd),
        facts.fig("economic_loss_gdp_share", h.economic_loss_gdp_share),
        facts.truth("critical_infrastructure", h.critical_infrastructure),
        facts.fig("essential_supply_loss", h.essential_supply_loss),
        facts.fig("outage_days", h.outage_days),
    ]
}

/// The gravity a doctrine judges: the largest single operation, or (with accumulation) the
/// cumulative total. Returns (gravity judged, gravity of the total).
fn judged_gravity(facts: &Facts, d: &Doctrine) -> (Gravity, Gravity) {
    let total = gravity(&facts.harm, facts.worst_effect, 1.0, d);
    let single = match facts.largest_operation_share.0 {
        Some(share) => gravity(&facts.harm, facts.worst_effect, share.clamp(0.0, 1.0), d),
        None if total <= Gravity::Minor => total,
        None => Gravity::Unknown,
    };
    (single, total)
}

fn gravity_name(g: Gravity) -> &'static str {
    match g {
        Gravity::Unknown => "not known",
        Gravity::None => "no hostile effect",
        Gravity::Espionage => "espionage only",
        Gravity::Minor => "minor (temporary or below the severity figures)",
        Gravity::SevereNonPhysical => "severe, without death, injury or physical damage",
        Gravity::LesserPhysical => "death, injury or physical damage below the grave figures",
        Gravity::Grave => "grave (death, injury or destruction at scale)",
    }
}

/// **State attribution.** Conduct is attributable to a State when done by its organs (ARSIWA
/// art. 4; TM2.0 r.15), by entities exercising elements of governmental authority (art. 5), or
/// by persons acting on its instructions or under its direction or control (art. 8; TM2.0
/// r.17). The conduct of an independent group is attributable to no State. Whether the victim
/// knows enough is judged against the doctrine's required confidence.
pub fn state_attribution(facts: &Facts, d: &Doctrine) -> Finding {
    attribution_finding("state_attribution", facts, &facts.attribution, d)
}

fn attribution_finding(
    test: &'static str,
    facts: &Facts,
    a: &AttributionFacts,
    d: &Doctrine,
) -> Finding {
    let article = match a.basis {
        AttributionBasis::StateOrgan => "ARSIWA art. 4; TM2.0 r.15",
        AttributionBasis::GovernmentalAuthority => "ARSIWA art. 5; TM2.0 r.15",
        AttributionBasis::StateDirected => "ARSIWA art. 8; TM2.0 r.17",
        AttributionBasis::Independent => "ARSIWA arts. 4, 5, 8 (none applies); TM2.0 r.17",
    };
    let (outcome, explanation) = match (a.basis, &a.state, a.confidence.0) {
        (AttributionBasis::Independent, _, _) => (
            Status::NotMet,
            "the operators are an independent group: their conduct is attributable to no State"
                .to_string(),
        ),
        (_, None, _) => (Status::Unknown, "no State has been identified".to_string()),
        (_, Some(_), None) => (
            Status::Unknown,
            "the confidence of the attribution is not known".to_string(),
        ),
        (_, Some(s), Some(c)) if c >= d.attribution_confidence => (
            Status::Met,
            format!(
                "attributed to {s} ({}) with confidence {c:.2}, at or above the {:.2} required",
                a.basis, d.attribution_confidence
            ),
        ),
        (_, Some(s), Some(c)) => (
            Status::Unknown,
            format!(
                "{s} is suspected with confidence {c:.2}, below the {:.2} required",
                d.attribution_confidence
            ),
        ),
    };
    Finding {
        test,
        outcome,
        citation: format!("{article}; {}", d.attribution_note),
        facts: vec![
            facts.used(
                "attribution.state",
                a.state.clone().map_or(serde_json::Value::Null, Into::into),
            ),
            facts.used("attribution.basis", a.basis.as_str().into()),
            facts.fig("attribution.confidence", a.confidence),
        ],
        explanation,
    }
}

/// **Violation of sovereignty.** A State must not conduct cyber operations that violate the
/// sovereignty of another State (TM2.0 r.4): by the majority view, a State-attributable
/// operation that causes loss of functionality of cyber infrastructure in another State, or that
/// usurps inherently governmental functions. Espionage as such is not unlawful (TM2.0 r.32,
/// check); whether remote espionage violates sovereignty divided the experts. France holds that
/// any penetration by a State-attributable actor violates it (France 2019); the United Kingdom
/// that sovereignty is not a standalone rule (Wright 2018).
pub fn sovereignty_violation(facts: &Facts, d: &Doctrine, attributed: Status) -> Finding {
    use super::doctrine::SovereigntyRule as R;
    let h = &facts.harm;
    let functional = [
        h.loss_of_function.0,
        h.data_destroyed.0,
        h.physical_destruction.0,
        facts.governmental_functions.0,
    ];
    let act =
        if functional.contains(&Some(true)) || facts.worst_effect >= Some(EffectType::Disruption) {
            Status::Met
        } else if facts.worst_effect == Some(EffectType::Espionage) {
            d.espionage_violates_sovereignty
        } else if facts.worst_effect.is_none() && functional.iter().all(|f| *f == Some(false)) {
            Status::NotMet
        } else {
            Status::Unknown
        };
    let (outcome, explanation, citation) = match d.sovereignty {
        R::NoStandaloneRule => (
            Status::NotMet,
            "sovereignty is not a standalone rule under this doctrine: only intervention and force are prohibited".to_string(),
            format!("{} (no standalone rule of sovereignty)", d.source),
        ),
        R::AnyPenetration => {
            let act = if facts.worst_effect.is_some() { Status::Met } else { act };
            (
                act.and(attributed),
                format!("any penetration by a State-attributable actor violates sovereignty; the act: {act}, attribution: {attributed}"),
                format!("{} (any penetration)", d.source),
            )
        }
        R::Rule => (
            act.and(attributed),
            format!(
                "operations causing loss of functionality or usurping governmental functions violate sovereignty; the act: {act}, attribution: {attributed}"
            ),
            "TM2.0 r.4 and commentary; TM2.0 r.32 (peacetime espionage; check)".to_string(),
        ),
    };
    let mut used = vec![
        facts.used(
            "worst_effect",
            facts
                .worst_effect
                .map_or("none".into(), |w| w.as_str().into()),
        ),
        facts.truth("loss_of_function", h.loss_of_function),
        facts.truth("data_destroyed", h.data_destroyed),
        facts.truth("governmental_functions", facts.governmental_functions),
    ];
    used.push(facts.used("state_attribution", attributed.as_str().into()));
    Finding {
        test: "sovereignty_violation",
        outcome,
        citation,
        facts: used,
        explanation,
    }
}

/// **Prohibited intervention.** A State must not intervene, by cyber means, in the internal or
/// external affairs of another State (TM2.0 r.66): the act must bear on the *domaine réservé*
/// (matters a State decides freely, such as its political system or elections; commentary
/// para 11) and be coercive (it compels, rather than merely influences or observes;
/// commentary para 29).
pub fn prohibited_intervention(facts: &Facts, _d: &Doctrine, attributed: Status) -> Finding {
    let truth = |t: super::Truth| match t.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    };
    let act = truth(facts.domaine_reserve).and(truth(facts.coercive));
    Finding {
        test: "intervention",
        outcome: act.and(attributed),
        citation: "TM2.0 r.66, commentary paras 11 (domaine réservé), 29 (coercion); ICJ, Nicaragua (1986) para 205".into(),
        facts: vec![
            facts.truth("domaine_reserve", facts.domaine_reserve),
            facts.truth("coercive", facts.coercive),
            facts.used("state_attribution", attributed.as_str().into()),
        ],
        explanation: format!("bears on the domaine réservé and coercive: {act}; attribution: {attributed}"),
    }
}

/// **Use of force.** A cyber operation is a use of force when its scale and effects are
/// comparable to non-cyber operations rising to that level (UN Charter art. 2(4); TM2.0 r.68,
/// r.69): judged on severity (the most important factor), immediacy, directness, invasiveness,
/// measurability, military character, State involvement and presumptive legality. Operations
/// that kill, injure or destroy are uses of force; a temporary denial of service that only
/// inconveniences is not; severe effects without physical harm divide the experts and the
/// States (France counts them; the United States looks to physical effects).
pub fn use_of_force(facts: &Facts, d: &Doctrine) -> Finding {
    let (judged, total) = judged_gravity(facts, d);
    let g = if d.armed_attack.accumulation {
        total
    } else {
        judged
    };
    let outcome = match g {
        Gravity::Unknown => Status::Unknown,
        Gravity::None | Gravity::Espionage | Gravity::Minor => Status::NotMet,
        Gravity::SevereNonPhysical => d.use_of_force.non_physical,
        Gravity::LesserPhysical | Gravity::Grave => Status::Met,
    };
    let mut used = harm_facts(facts, &facts.harm, facts.worst_effect);
    used.push(facts.fig("largest_operation_share", facts.largest_operation_share));
    Finding {
        test: "use_of_force",
        outcome,
        citation: d.use_of_force.citation.clone(),
        facts: used,
        explanation: format!("the effects on this State: {}", gravity_name(g)),
    }
}

/// The use-of-force status a doctrine gives effects of gravity `g`.
pub fn use_of_force_for(g: Gravity, d: &Doctrine) -> Status {
    match g {
        Gravity::Unknown => Status::Unknown,
        Gravity::None | Gravity::Espionage | Gravity::Minor => Status::NotMet,
        Gravity::SevereNonPhysical => d.use_of_force.non_physical,
        Gravity::LesserPhysical | Gravity::Grave => Status::Met,
    }
}

/// The armed-attack status a doctrine gives effects of gravity `g` from a systematic campaign
/// (for charts: where on the gravity scale each doctrine's threshold lies).
pub fn armed_attack_for(g: Gravity, d: &Doctrine) -> Status {
    if d.armed_attack.no_gravity_gap {
        use_of_force_for(g, d)
    } else {
        armed_attack_status(g, super::Truth::known(true), d)
    }
}

/// The gravity classes in order, with their level on the severity scale (0 to 5).
pub const GRAVITY_LEVELS: [(Gravity, f64); 6] = [
    (Gravity::None, 0.0),
    (Gravity::Espionage, 1.0),
    (Gravity::Minor, 2.0),
    (Gravity::SevereNonPhysical, 3.0),
    (Gravity::LesserPhysical, 4.0),
    (Gravity::Grave, 5.0),
];

/// Where a doctrine's thresholds lie on the severity scale: the lowest level at which use of
/// force is contested and met, and armed attack contested and met (6 when never).
pub fn threshold_levels(d: &Doctrine) -> [f64; 4] {
    let first = |f: &dyn Fn(Gravity) -> Status, want: Status| {
        GRAVITY_LEVELS
            .iter()
            .find(|(g, _)| f(*g) >= want && f(*g) != Status::Unknown)
            .map_or(6.0, |&(_, l)| l)
    };
    let uof = |g| use_of_force_for(g, d);
    let aa = |g| armed_attack_for(g, d);
    [
        first(&uof, Status::Contested),
        first(&uof, Status::Met),
        first(&aa, Status::Contested),
        first(&aa, Status::Met),
    ]
}

/// A continuous severity index from 0 to 6: the gravity class's level (0 none, 1 espionage,
/// 2 minor, 3 severe non-physical, 4 lesser physical, 5 grave) plus how far the harm has gone
/// toward the next class under the doctrine's figures.
pub fn severity_index(h: &Harm, worst: Option<EffectType>, d: &Doctrine) -> f64 {
    let g = gravity(h, worst, 1.0, d);
    let aa = &d.armed_attack;
    let uof = &d.use_of_force;
    let v = |f: super::Figure| f.0.unwrap_or(0.0);
    let physical = (v(h.deaths) / aa.grave_deaths)
        .max(v(h.injuries) / aa.grave_injuries)
        .max(v(h.destruction_usd) / aa.grave_destruction_usd);
    let economic = v(h.economic_loss_usd) / uof.severe_economic_loss_usd;
    let (level, frac) = match g {
        Gravity::Unknown | Gravity::None => (0.0, 0.0),
        Gravity::Espionage => (1.0, 0.0),
        Gravity::Minor => (2.0, economic),
        Gravity::SevereNonPhysical => (3.0, economic / 10.0),
        Gravity::LesserPhysical => (4.0, physical),
        Gravity::Grave => (5.0, physical.max(1.0).log10() / 2.0),
    };
    level + frac.clamp(0.0, 0.99)
}

fn armed_attack_status(g: Gravity, systematic: super::Truth, d: &Doctrine) -> Status {
    let aa = &d.armed_attack;
    let base = match g {
        Gravity::Unknown => Status::Unknown,
        Gravity::None | Gravity::Espionage | Gravity::Minor => Status::NotMet,
        Gravity::SevereNonPhysical => aa.non_physical,
        Gravity::LesserPhysical => aa.lesser_physical,
        Gravity::Grave => Status::Met,
    };
    if aa.requires_systematic {
        let s = match systematic.0 {
            Some(true) => Status::Met,
            Some(false) => Status::NotMet,
            None => Status::Unknown,
        };
        base.and(s)
    } else {
        base
    }
}

/// **Armed attack.** The right of self-defense arises "if an armed attack occurs" (UN Charter
/// art. 51): the gravest forms of the use of force (ICJ, Nicaragua (1986) para 191), judged by
/// scale and effects (para 195; TM2.0 r.71). Doctrines differ: the United States sees no gap
/// between use of force and armed attack (Koh 2012); Japan requires damage on par with a
/// physical attack, made in a systematic and premeditated manner (Abe, 16 May 2019); NATO allows
/// that cumulative activities might amount to one (Brussels 2021 para 32).
pub fn armed_attack(facts: &Facts, d: &Doctrine, use_of_force: Status) -> Finding {
    let aa = &d.armed_attack;
    let (judged, total) = judged_gravity(facts, d);
    let mut used = harm_facts(facts, &facts.harm, facts.worst_effect);
    used.push(facts.fig("largest_operation_share", facts.largest_operation_share));
    used.push(facts.fig("operations", facts.operations));
    used.push(facts.truth("systematic", facts.systematic));
    used.push(facts.used("intent", facts.intent.as_str().into()));
    let (outcome, explanation) = if aa.no_gravity_gap {
        (
            use_of_force,
            format!(
                "no gravity gap: any illegal use of force is an armed attack; use of force: {use_of_force}"
            ),
        )
    } else {
        let single = armed_attack_status(judged, facts.systematic, d);
        if aa.accumulation && total > judged {
            let cumulative = armed_attack_status(total, facts.systematic, d);
            let cumulative = if cumulative >= Status::Contested {
                Status::Contested
            } else {
                cumulative
            };
            (
                single.or(cumulative),
                format!(
                    "the largest operation alone is {}; taken together the operations are {}, which might be considered an armed attack (accumulation)",
                    gravity_name(judged),
                    gravity_name(total)
                ),
            )
        } else {
            (
                single,
                format!("the effects on this State: {}", gravity_name(judged)),
            )
        }
    };
    Finding {
        test: "armed_attack",
        outcome,
        citation: aa.citation.clone(),
        facts: used,
        explanation,
    }
}

/// **Armed attack on an ally.** Collective self-defense needs an armed attack on the State
/// defended (UN Charter art. 51; ICJ, Nicaragua (1986) paras 195, 199), attributable to the
/// attacker, judged by the same scale-and-effects test.
pub fn armed_attack_on_ally(facts: &Facts, ally: &AllyFacts, d: &Doctrine) -> Finding {
    let g = gravity(&ally.harm, ally.worst_effect, 1.0, d);
    let attributed = attribution_finding("ally_attribution", facts, &ally.attribution, d).outcome;
    let scale = if d.armed_attack.no_gravity_gap {
        match g {
            Gravity::LesserPhysical | Gravity::Grave => Status::Met,
            Gravity::SevereNonPhysical => d.use_of_force.non_physical,
            Gravity::Unknown => Status::Unknown,
            _ => Status::NotMet,
        }
    } else {
        armed_attack_status(g, facts.systematic, d)
    };
    let mut used = harm_facts(facts, &ally.harm, ally.worst_effect);
    used.insert(0, facts.used("ally", ally.state.clone().into()));
    used.push(facts.used("ally_attribution", attributed.as_str().into()));
    Finding {
        test: "armed_attack_on_ally",
        outcome: scale.and(attributed.or(Status::Contested)),
        citation: format!(
            "UN Charter art. 51; ICJ, Nicaragua (1986) paras 195, 199; {}",
            d.armed_attack.citation
        ),
        facts: used,
        explanation: format!(
            "the attack on {} is {}; attribution of it: {attributed} (an attack by a non-State group is contested ground)",
            ally.state,
            gravity_name(g)
        ),
    }
}

/// **Survival-threatening situation.** Japan may use force when "an armed attack against a
/// foreign country that is in a close relationship with Japan occurs and as a result threatens
/// Japan's survival and poses a clear danger to fundamentally overturn people's right to life,
/// liberty and pursuit of happiness" (first condition, Cabinet Decision of 1 July 2014;
/// Legislation for Peace and Security, 2015).
pub fn survival_threatening_situation(facts: &Facts, d: &Doctrine, ally_armed: Status) -> Finding {
    let Some(st) = &d.survival_threat else {
        return Finding {
            test: "survival_threatening_situation",
            outcome: Status::NotMet,
            citation: d.source.clone(),
            facts: vec![],
            explanation: "the doctrine has no survival-threatening situation".into(),
        };
    };
    let close = facts.ally.as_ref().is_some_and(|a| a.close_relationship);
    let h = &facts.harm;
    let danger = if h.deaths.at_least(st.deaths) == Some(true)
        || h.essential_supply_loss.at_least(st.essential_supply_loss) == Some(true)
    {
        Status::Met
    } else if h.essential_supply_loss.at_least(st.contested_supply_loss) == Some(true) {
        Status::Contested
    } else if h.deaths.0.is_none() || h.essential_supply_loss.0.is_none() {
        Status::Unknown
    } else {
        Status::NotMet
    };
    let outcome = if close {
        ally_armed.and(danger)
    } else {
        Status::NotMet
    };
    Finding {
        test: "survival_threatening_situation",
        outcome,
        citation: "Cabinet Decision of 1 July 2014 (first condition, second limb); Legislation for Peace and Security (2015)".into(),
        facts: vec![
            facts.used("ally.close_relationship", close.into()),
            facts.used("armed_attack_on_ally", ally_armed.as_str().into()),
            facts.fig("deaths", h.deaths),
            facts.fig("essential_supply_loss", h.essential_supply_loss),
        ],
        explanation: format!(
            "close relationship: {close}; armed attack on the ally: {ally_armed}; clear danger to Japan's survival and its people's rights: {danger}"
        ),
    }
}
