//! Japan's law as Japan reads it: attack initiation and its four factors, organised and planned
//! conduct, the situations, and the domestic steps before force. Each test sits at or beside
//! one boundary.

use super::law::facts;
use casus::law::facts::Tried;
use casus::law::facts::{AllyFacts, AttributionFacts, Harm};
use casus::law::japan::Situation;
use casus::law::{self, Doctrines, Facts, Figure, Response, Status, Truth};
use casus::model::{AttributionBasis, DeclaredIntent, EffectType};
use casus::scenario::DomesticSteps;
use casus::sim::legal::decision::{acd_actor, acd_schedule, acd_urgent, domestic_schedule};

fn japan() -> casus::law::Doctrine {
    Doctrines::builtin().get("japan").expect("japan").clone()
}

fn harm(deaths: f64, injuries: f64, destruction_usd: f64) -> Harm {
    Harm {
        deaths: Figure::known(deaths),
        injuries: Figure::known(injuries),
        estimated_deaths: Figure::known(0.0),
        estimated_injuries: Figure::known(0.0),
        physical_destruction: Truth::known(destruction_usd > 0.0),
        destruction_usd: Figure::known(destruction_usd),
        data_destroyed: Truth::known(false),
        loss_of_function: Truth::known(true),
        critical_infrastructure: Truth::known(true),
        outage_days: Figure::known(1.0),
        economic_loss_usd: Figure::known(0.0),
        economic_loss_gdp_share: Figure::known(0.0),
        essential_supply_loss: Figure::known(0.0),
        military_targets: Truth::known(false),
    }
}

/// A State organ's operation poised in Japan's systems, no effects yet.
fn poised() -> Facts {
    let mut f = facts(EffectType::Espionage, Harm::default());
    f.worst_effect = None;
    f.harm = harm(0.0, 0.0, 0.0);
    f.harm.loss_of_function = Truth::known(false);
    f.imminent = Truth::known(true);
    f.ongoing = Truth::known(true);
    f.commencement.earlier_phases = Truth::known(true);
    f
}

fn threshold(f: &Facts, name: &str) -> Status {
    law::assess(f, &japan())
        .threshold(name)
        .unwrap_or_else(|| panic!("no threshold {name}"))
}

fn situation(f: &Facts) -> Situation {
    law::japan::situation(&law::assess(f, &japan())).expect("japan certifies situations")
}

fn finding(f: &Facts, test: &str) -> law::Finding {
    law::assess(f, &japan())
        .findings
        .iter()
        .find(|x| x.test == test)
        .cloned()
        .unwrap_or_else(|| panic!("no finding {test}"))
}

/// The explanation of the finding of `test` under Japan's doctrine, as written.
fn explanation(f: &Facts, test: &str) -> String {
    let a = law::assess(f, &japan());
    let x = a
        .findings
        .iter()
        .find(|x| x.test == test)
        .unwrap_or_else(|| panic!("no finding {test}"));
    a.explanation_of(x).into_owned()
}

// ---- attack initiation ----

#[test]
fn each_of_the_four_factors_is_a_finding_with_facts_and_citation() {
    let f = poised();
    for t in [
        "factor_international_circumstances",
        "factor_declared_intention",
        "factor_means_employed",
        "factor_manner_of_attack",
        "attack_commenced",
        "organised_and_planned",
        "armed_attack_occurred",
    ] {
        let x = finding(&f, t);
        assert!(!x.facts.is_empty(), "{t} has no facts");
        assert!(!x.citation.is_empty(), "{t} has no citation");
    }
    assert!(
        finding(&f, "factor_declared_intention")
            .citation
            .contains("16 May 2019")
    );
}

#[test]
fn a_poised_attack_with_a_declared_intention_is_commenced() {
    let mut f = poised();
    f.intent = DeclaredIntent::Explicit;
    assert_eq!(threshold(&f, "attack_commenced"), Status::Met);
    // Commenced but not yet struck: its scale is a prediction, force is arguable at most.
    assert_eq!(threshold(&f, "armed_attack_occurred"), Status::Contested);
    assert_ne!(
        law::assess(&f, &japan()).response(Response::SelfDefense),
        Status::Met
    );
}

#[test]
fn a_poised_attack_without_a_declared_intention_is_judged_on_the_circumstances() {
    let mut f = poised();
    f.intent = DeclaredIntent::None;
    f.commencement.tension = Truth::known(true);
    assert_eq!(threshold(&f, "attack_commenced"), Status::Contested);
    f.commencement.tension = Truth::known(false);
    assert_eq!(threshold(&f, "attack_commenced"), Status::NotMet);
}

#[test]
fn a_threat_alone_is_never_commencement() {
    let mut f = poised();
    f.imminent = Truth::known(false);
    f.intent = DeclaredIntent::Explicit;
    f.commencement.tension = Truth::known(true);
    assert_eq!(threshold(&f, "attack_commenced"), Status::NotMet);
    assert_eq!(threshold(&f, "armed_attack_occurred"), Status::NotMet);
    assert_eq!(
        law::assess(&f, &japan()).response(Response::SelfDefense),
        Status::NotMet
    );
    f.imminent = Truth(None);
    assert_eq!(threshold(&f, "attack_commenced"), Status::Unknown);
}

#[test]
fn effects_delivered_mean_commenced_without_waiting_for_more_damage() {
    let f = facts(EffectType::PhysicalDamage, harm(50.0, 0.0, 2e9));
    assert_eq!(threshold(&f, "attack_commenced"), Status::Met);
    assert_eq!(threshold(&f, "armed_attack_occurred"), Status::Met);
    let minor = facts(EffectType::Disruption, harm(0.0, 0.0, 0.0));
    assert_eq!(threshold(&minor, "attack_commenced"), Status::Met);
    assert_eq!(threshold(&minor, "armed_attack_occurred"), Status::NotMet);
}

#[test]
fn other_doctrines_certify_no_situations() {
    let f = poised();
    let t = Doctrines::builtin();
    let a = law::assess(&f, t.get("tallinn").expect("tallinn"));
    assert!(law::japan::situation(&a).is_none());
    assert!(a.threshold("attack_commenced").is_none());
    assert!(a.to_json().get("situation").is_none());
}

// ---- organised and planned ----

#[test]
fn a_single_prepared_state_operation_is_organised_and_planned() {
    let mut f = facts(EffectType::PhysicalDamage, harm(50.0, 0.0, 2e9));
    f.systematic = Truth(None);
    f.operations = Figure::known(1.0);
    f.commencement.preparation_days = Figure::known(1.0);
    assert_eq!(threshold(&f, "organised_and_planned"), Status::Met);
    f.commencement.preparation_days = Figure::known(0.5);
    f.commencement.earlier_phases = Truth::known(false);
    assert_eq!(threshold(&f, "organised_and_planned"), Status::NotMet);
    assert_eq!(threshold(&f, "armed_attack_occurred"), Status::NotMet);
}

#[test]
fn a_non_state_group_is_contested_not_excluded() {
    let mut f = facts(EffectType::PhysicalDamage, harm(50.0, 0.0, 2e9));
    f.attribution = AttributionFacts {
        state: None,
        basis: AttributionBasis::Independent,
        confidence: Figure::known(0.9),
    };
    f.commencement.earlier_phases = Truth::known(true);
    assert_eq!(threshold(&f, "organised_and_planned"), Status::Contested);
}

#[test]
fn planning_unknown_falls_back_on_the_cases_systematic_fact() {
    let mut f = facts(EffectType::PhysicalDamage, harm(50.0, 0.0, 2e9));
    f.systematic = Truth::known(false);
    assert_eq!(threshold(&f, "organised_and_planned"), Status::NotMet);
    f.systematic = Truth(None);
    assert_eq!(threshold(&f, "organised_and_planned"), Status::Unknown);
}

// ---- situations ----

#[test]
fn peacetime_when_nothing_hostile() {
    let mut f = facts(EffectType::Espionage, harm(0.0, 0.0, 0.0));
    f.worst_effect = None;
    f.harm.loss_of_function = Truth::known(false);
    f.ongoing = Truth::known(false);
    assert_eq!(situation(&f), Situation::Peacetime);
}

#[test]
fn disruption_below_an_armed_attack_is_the_gray_zone() {
    let f = facts(EffectType::Disruption, harm(0.0, 0.0, 0.0));
    assert_eq!(situation(&f), Situation::GrayZone);
    let j = law::assess(&f, &japan()).to_json();
    assert_eq!(j["situation"], "gray_zone");
    assert_eq!(j["situations"]["armed_attack_situation"], "not_met");
}

#[test]
fn tension_and_staged_operations_make_an_anticipated_armed_attack_situation() {
    let mut f = poised();
    f.imminent = Truth::known(false);
    f.commencement.tension = Truth::known(true);
    assert_eq!(situation(&f), Situation::AnticipatedArmedAttack);
    f.commencement.tension = Truth::known(false);
    assert_eq!(situation(&f), Situation::GrayZone);
}

#[test]
fn an_attack_poised_is_the_armed_attack_situation_without_force() {
    let mut f = poised();
    f.commencement.tension = Truth::known(true);
    assert_eq!(situation(&f), Situation::ArmedAttack);
    // Poised, no intention declared: commencement is contested, so is force; never met.
    assert_ne!(
        law::assess(&f, &japan()).response(Response::SelfDefense),
        Status::Met
    );
}

#[test]
fn a_grave_attack_is_the_armed_attack_situation() {
    let f = facts(EffectType::PhysicalDamage, harm(50.0, 0.0, 2e9));
    assert_eq!(situation(&f), Situation::ArmedAttack);
    let j = law::assess(&f, &japan()).to_json();
    assert_eq!(j["situations"]["gray_zone"], "not_met");
}

#[test]
fn mass_casualties_by_an_unidentified_author_are_an_emergency_response_situation() {
    let mut f = facts(EffectType::PhysicalDamage, harm(6.0, 4.0, 0.0));
    f.attribution = AttributionFacts {
        state: None,
        basis: AttributionBasis::Unknown,
        confidence: Figure::known(0.1),
    };
    assert_eq!(
        threshold(&f, "emergency_response_situation"),
        Status::Met,
        "10 casualties"
    );
    f.harm.injuries = Figure::known(3.0);
    assert_eq!(
        threshold(&f, "emergency_response_situation"),
        Status::NotMet
    );
}

#[test]
fn an_armed_attack_on_a_close_ally_is_an_important_influence_situation() {
    let mut f = facts(EffectType::Disruption, harm(0.0, 0.0, 0.0));
    f.worst_effect = None;
    f.harm.loss_of_function = Truth::known(false);
    f.ally = Some(AllyFacts {
        state: "blueland".into(),
        close_relationship: true,
        requested_assistance: Truth::known(true),
        harm: harm(50.0, 0.0, 2e9),
        worst_effect: Some(EffectType::PhysicalDamage),
        attribution: f.attribution.clone(),
    });
    assert_eq!(threshold(&f, "important_influence_situation"), Status::Met);
    assert_eq!(situation(&f), Situation::ImportantInfluence);
    if let Some(a) = f.ally.as_mut() {
        a.close_relationship = false;
    }
    assert_eq!(
        threshold(&f, "important_influence_situation"),
        Status::NotMet
    );
}

// ---- domestic steps ----

#[test]
fn domestic_steps_run_in_order_and_diet_approval_follows_in_urgency() {
    let d = DomesticSteps::default();
    let prior = domestic_schedule(&d, false, 10, |h| h as u32);
    let names: Vec<&str> = prior.iter().map(|s| s.step).collect();
    assert_eq!(
        names,
        [
            "national_security_council",
            "cabinet_decision",
            "diet_approval",
            "defense_operation_order"
        ]
    );
    assert_eq!(prior[0].from, 10);
    for w in prior.windows(2) {
        assert_eq!(w[0].until, w[1].from);
    }
    assert_eq!(prior[3].until, 10 + 3 + 2 + 24 + 2);
    let urgent = domestic_schedule(&d, true, 10, |h| h as u32);
    let order = urgent
        .iter()
        .find(|s| s.step == "defense_operation_order")
        .expect("order");
    assert_eq!(order.until, 10 + 3 + 2 + 2);
    assert_eq!(urgent.last().map(|s| s.step), Some("diet_approval_after"));
    let no_urgency = DomesticSteps {
        diet_after_in_urgency: false,
        ..DomesticSteps::default()
    };
    assert_eq!(
        domestic_schedule(&no_urgency, true, 10, |h| h as u32)[3].until,
        prior[3].until
    );
}

// ---- Active Cyber Defense: who acts, and the steps before it ----

#[test]
fn active_cyber_defense_steps_police_abroad_need_the_foreign_minister_and_prior_approval() {
    let d = DomesticSteps::default();
    let police = acd_schedule(&d, "police", false, true, 10, |h| h as u32);
    let names: Vec<&str> = police.iter().map(|s| s.step).collect();
    assert_eq!(
        names,
        ["foreign_minister_consultation", "commission_approval"]
    );
    assert!(police.iter().all(|s| s.by == Some("police")));
    assert_eq!(police[0].from, 10);
    assert_eq!(police[0].until, 10 + 2);
    assert_eq!(police[1].until, 10 + 2 + 6);
    // At home: no Foreign Minister.
    let home = acd_schedule(&d, "police", false, false, 10, |h| h as u32);
    assert_eq!(home.len(), 1);
    assert_eq!(home[0].step, "commission_approval");
    // The SDF act on the Prime Minister's order.
    let sdf = acd_schedule(&d, "self_defense_forces", false, true, 10, |h| h as u32);
    let names: Vec<&str> = sdf.iter().map(|s| s.step).collect();
    assert_eq!(
        names,
        [
            "foreign_minister_consultation",
            "prime_minister_order",
            "commission_approval"
        ]
    );
    assert_eq!(sdf[2].until, 10 + 2 + 1 + 6);
    // In urgency the commission is notified after: that step delays nothing.
    let urgent = acd_schedule(&d, "police", true, true, 10, |h| h as u32);
    assert_eq!(
        urgent.last().map(|s| s.step),
        Some("commission_notified_after")
    );
    assert!(urgent.last().is_some_and(|s| s.after));
    assert!(!urgent[0].after);
    let measure_at = urgent.iter().rev().find(|s| !s.after).map(|s| s.until);
    assert_eq!(measure_at, Some(10 + 2));
    // The durations are the scenario's.
    let slow = DomesticSteps {
        commission_hours: 48.0,
        ..DomesticSteps::default()
    };
    assert_eq!(
        acd_schedule(&slow, "police", false, false, 0, |h| h as u32)[0].until,
        48
    );
}

#[test]
fn active_cyber_defense_falls_to_the_sdf_only_against_organised_planned_state_attacks() {
    let f = poised();
    assert_eq!(finding(&f, "organised_and_planned").outcome, Status::Met);
    assert_eq!(acd_actor(&law::assess(&f, &japan())), "self_defense_forces");
    let mut g = poised();
    g.attribution.basis = AttributionBasis::Independent;
    assert_ne!(finding(&g, "organised_and_planned").outcome, Status::Met);
    assert_eq!(acd_actor(&law::assess(&g, &japan())), "police");
    // Planning unproven: the police.
    let mut h = poised();
    h.commencement.earlier_phases = Truth::known(false);
    h.commencement.preparation_days = Figure::known(0.0);
    assert_eq!(acd_actor(&law::assess(&h, &japan())), "police");
}

#[test]
fn active_cyber_defense_is_urgent_only_once_ongoing_effects_have_harmed() {
    let mut f = poised();
    assert!(!acd_urgent(&f), "poised, nothing harmed yet");
    f.harm = harm(0.0, 1.0, 0.0);
    assert!(acd_urgent(&f), "an injury");
    f.ongoing = Truth::known(false);
    assert!(!acd_urgent(&f), "effects over");
    f.ongoing = Truth::known(true);
    f.harm = harm(0.0, 0.0, 1.0);
    assert!(acd_urgent(&f), "destruction");
}

// ---- the alliance ----

#[test]
fn article_v_is_case_by_case_after_consultation_never_settled_in_advance() {
    let f = poised();
    let mut used = law::Used::default();
    let x = law::japan::alliance_article_v(&f, Status::Met, "usa", 24.0, &mut used);
    assert_eq!(x.test, "us_japan_article_v");
    assert_eq!(x.outcome, Status::Contested);
    assert!(x.citation.contains("19 April 2019"), "{}", x.citation);
    let why = used.render(&x.explanation, x.unknowns);
    assert!(why.contains("own process"), "{why}");
    assert!(
        used.get(x.facts)
            .iter()
            .any(|u| u.fact == "consultation_hours")
    );
    let none = law::japan::alliance_article_v(&f, Status::NotMet, "usa", 24.0, &mut used);
    assert_eq!(
        none.outcome,
        Status::NotMet,
        "no armed attack, no Article V"
    );
    let arguable = law::japan::alliance_article_v(&f, Status::Contested, "usa", 24.0, &mut used);
    assert_eq!(arguable.outcome, Status::Contested);
}

// ---- condition 2: diplomatic, economic and alliance means ----

fn untried(f: &Facts) -> Vec<String> {
    let j = law::assess(f, &japan()).to_json();
    let c2 = j["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["test"] == "japan_condition_2"))
        .expect("japan_condition_2")
        .clone();
    let v = c2["facts"]
        .as_array()
        .and_then(|a| a.iter().find(|u| u["fact"] == "other_means_untried"))
        .map(|u| u["value"].clone())
        .expect("other_means_untried");
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn diplomatic_economic_and_alliance_means_count_until_tried_or_asked() {
    let mut f = facts(EffectType::PhysicalDamage, harm(40.0, 2e9, 1e9));
    let all = |r| Tried {
        response: r,
        effective: false,
    };
    f.responses_tried = vec![
        all(Response::Countermeasures),
        all(Response::ActiveCyberDefense),
    ];
    // Diplomatic and economic means (retorsion) untried: force is not yet the only means.
    assert_eq!(untried(&f), ["retorsion"]);
    assert_eq!(
        law::assess(&f, &japan()).threshold("japan_condition_2"),
        Some(Status::Contested)
    );
    f.responses_tried.push(all(Response::Retorsion));
    assert!(untried(&f).is_empty());
    assert_eq!(
        law::assess(&f, &japan()).threshold("japan_condition_2"),
        Some(Status::Met)
    );
    // An ally not yet asked is another means.
    f.means.ally_available = Truth::known(true);
    f.means.ally_asked = Truth::known(false);
    assert_eq!(untried(&f), ["alliance_support"]);
    assert_eq!(
        law::assess(&f, &japan()).threshold("japan_condition_2"),
        Some(Status::Contested)
    );
    // Asked: the ally decides for itself; the means no longer holds force back.
    f.means.ally_asked = Truth::known(true);
    assert!(untried(&f).is_empty());
    assert_eq!(
        law::assess(&f, &japan()).response(Response::SelfDefense),
        Status::Met
    );
    // No ally, or unknown: nothing to ask.
    f.means.ally_available = Truth::known(false);
    f.means.ally_asked = Truth::known(false);
    assert!(untried(&f).is_empty());
}

// ---- survival on national figures, looking ahead ----

/// Japan as the ally of a close partner under grave attack, its own harm none, losing `loss`
/// of its energy imports with the given stocks.
fn supply_case(loss: Figure, oil: f64, lng: f64) -> Facts {
    let mut f = facts(EffectType::Espionage, harm(0.0, 0.0, 0.0));
    f.worst_effect = None;
    f.harm.loss_of_function = Truth::known(false);
    f.ally = Some(AllyFacts {
        state: "southland".into(),
        close_relationship: true,
        requested_assistance: Truth::known(true),
        harm: harm(50.0, 0.0, 2e9),
        worst_effect: Some(EffectType::PhysicalDamage),
        attribution: f.attribution.clone(),
    });
    f.supply.import_loss = loss;
    f.supply.oil_stock_days = Figure::known(oil);
    f.supply.lng_stock_days = Figure::known(lng);
    f
}

#[test]
fn stocks_running_out_within_the_horizon_threaten_survival() {
    // 21 days of LNG at a 30% loss last 70 days: within 90.
    let f = supply_case(Figure::known(0.3), 254.0, 21.0);
    assert_eq!(threshold(&f, "survival_threatening_situation"), Status::Met);
    // At a 20% loss they last 105 days: beyond the horizon.
    let f = supply_case(Figure::known(0.2), 254.0, 21.0);
    assert_eq!(
        threshold(&f, "survival_threatening_situation"),
        Status::NotMet
    );
    // A loss between 20% and 30%: the projection straddles the horizon.
    let f = supply_case(Figure::bounded(0.2, 0.3), 254.0, 21.0);
    assert_eq!(
        threshold(&f, "survival_threatening_situation"),
        Status::Contested
    );
    // No import loss: the old test alone.
    let f = supply_case(Figure::ZERO, 254.0, 21.0);
    assert_eq!(
        threshold(&f, "survival_threatening_situation"),
        Status::NotMet
    );
}

#[test]
fn the_horizon_boundary_is_inclusive() {
    // 22.5 days at 25%: exactly 90 days.
    let f = supply_case(Figure::known(0.25), 254.0, 22.5);
    assert_eq!(threshold(&f, "survival_threatening_situation"), Status::Met);
    let f = supply_case(Figure::known(0.25), 254.0, 22.75);
    assert_eq!(
        threshold(&f, "survival_threatening_situation"),
        Status::NotMet
    );
}

#[test]
fn unknown_stocks_leave_the_projection_unknown() {
    let mut f = supply_case(Figure::known(0.3), 0.0, 0.0);
    f.supply.oil_stock_days = Figure::UNKNOWN;
    f.supply.lng_stock_days = Figure::UNKNOWN;
    let (s, _) = law::japan::supply_projection(&f, 90.0);
    assert_eq!(s, Status::Unknown);
}

#[test]
fn releasing_stocks_is_another_appropriate_means_until_done() {
    let mut f = supply_case(Figure::known(0.3), 254.0, 21.0);
    let x = finding(&f, "japan_condition_2");
    assert_eq!(x.outcome, Status::NotMet);
    let why = explanation(&f, "japan_condition_2");
    assert!(why.contains("stock_release"), "{why}");
    assert_ne!(
        law::assess(&f, &japan()).response(Response::CollectiveSelfDefense),
        Status::Met
    );
    f.supply.stocks_released = Truth::known(true);
    let why = explanation(&f, "japan_condition_2");
    assert!(!why.contains("stock_release"), "{why}");
}

// ---- the command line and the shipped scenario ----

#[test]
fn assess_json_for_japan_gives_its_situation() {
    let json = |name: &str| {
        let incident = format!(
            "{}/scenarios/incidents/{name}.ron",
            env!("CARGO_MANIFEST_DIR")
        );
        let out = super::cli::casus(&["assess", &incident, "--json", "--doctrine", "japan"]);
        assert!(out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["assessments"][0].clone()
    };
    // Japan the victim (MirrorFace): the situation Japan's own law certifies.
    let a = json("mirrorface-2025");
    let s = a["situation"].as_str().expect("a situation");
    assert!(Situation::ALL.iter().any(|x| x.as_str() == s), "{s}");
    assert_eq!(a["situations"][s], "met");
    // Another victim (NotPetya, Ukraine): Japan's own law certifies nothing for it.
    let a = json("notpetya-2017");
    assert!(a.get("situation").is_none(), "{a}");
    assert!(
        a["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["test"] == "domestic_law_applies" && f["outcome"] == "not_met")
    );
}

#[test]
fn the_gray_zone_scenario_passes_through_the_situations_with_the_domestic_steps() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/japan-gray-zone.ron");
    let plan = std::sync::Arc::new(casus::scenario::open(&path).expect("loads"));
    let (seed, ticks) = (plan.seed, plan.ticks);
    let out = casus::sim::run(plan, seed, ticks, &mut |_, _| {});
    let s = &out.summary;
    let first = |name: &str| {
        s.situations
            .iter()
            .find(|x| x.state == "japan" && x.situation == name)
            .map(|x| x.tick)
            .unwrap_or_else(|| panic!("never {name}: {:?}", s.situations))
    };
    let gray = first("gray_zone");
    let anticipated = first("anticipated_armed_attack_situation");
    let armed = first("armed_attack_situation");
    assert!(
        gray < anticipated && anticipated < armed,
        "{:?}",
        s.situations
    );
    // Force only once an armed attack has occurred, after the domestic steps.
    let force: Vec<_> = s
        .responses
        .iter()
        .filter(|r| r.actor == "japan" && r.response == Response::SelfDefense)
        .collect();
    assert!(!force.is_empty(), "Japan uses force at last");
    let steps: Vec<&str> = s
        .domestic_steps
        .iter()
        .filter(|x| x.state == "japan" && x.by.is_none())
        .map(|x| x.step)
        .collect();
    assert_eq!(
        &steps[..4],
        [
            "national_security_council",
            "cabinet_decision",
            "defense_operation_order",
            "diet_approval_after"
        ],
        "urgent: the Diet approves after the order"
    );
    let order = s
        .domestic_steps
        .iter()
        .find(|x| x.step == "defense_operation_order")
        .expect("order");
    for r in &force {
        assert_eq!(r.lawful, Status::Met);
        assert!(r.tick >= armed);
        assert!(r.takes_effect >= order.until, "{r:?} {order:?}");
    }
    // Active Cyber Defense, when Japan took it, went through its own steps: never the
    // force steps, always the commission (before, or notified after in urgency).
    for r in s
        .responses
        .iter()
        .filter(|r| r.actor == "japan" && r.response == Response::ActiveCyberDefense)
    {
        // The decision's steps: contiguous from its tick.
        let mut acd: Vec<&casus::sim::legal::DomesticStepRecord> = Vec::new();
        for x in s
            .domestic_steps
            .iter()
            .filter(|x| x.state == "japan" && x.by.is_some())
        {
            match acd.last() {
                None if x.from == r.tick => acd.push(x),
                Some(p) if p.until == x.from => acd.push(x),
                Some(_) => break,
                None => {}
            }
        }
        assert_eq!(
            acd.first().map(|x| x.step),
            Some("foreign_minister_consultation")
        );
        assert!(
            acd.iter().any(|x| x.step.starts_with("commission_")),
            "{acd:?}"
        );
    }
    // Japan asked its ally for help: the trace records Article V, case by case.
    let article_v: Vec<serde_json::Value> = out
        .legal
        .iter()
        .filter(|l| l.contains("us_japan_article_v"))
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(
        !article_v.is_empty(),
        s.requests.iter().any(|r| r.state == "japan"),
        "one Article V finding per request"
    );
    for l in &article_v {
        assert_eq!(l["ally"], "usa");
        assert_eq!(l["findings"][0]["outcome"], "contested");
    }
    // The United States' force for Japan, if any, follows the consultation.
    for r in s
        .responses
        .iter()
        .filter(|r| r.actor == "usa" && r.response == Response::CollectiveSelfDefense)
    {
        let c = s
            .domestic_steps
            .iter()
            .find(|x| x.state == "usa" && x.step == "alliance_consultation" && x.from == r.tick)
            .expect("consultation before the ally's force");
        assert!(r.takes_effect >= c.until);
    }
    // While the attack was only poised, no force: the first armed attack situation came
    // before any effect of the destructive campaign.
    let first_force = force[0].tick;
    let poised_only = s
        .situations
        .iter()
        .filter(|x| x.situation == "armed_attack_situation")
        .map(|x| x.tick)
        .min();
    assert!(poised_only.is_some_and(|t| t < first_force));
}
