//! The responses on the escalation ladder and the conditions of each: one function per test,
//! its source in its doc comment.

use super::doctrine::Doctrine;
use super::explain::{Arg, Explanation};
use super::facts::Facts;
use super::{Because, FactValue, Finding, Response, Status, Unknowns, Used};
use crate::law::Figure;
use crate::law::facts::CouncilMeasure;
use crate::law::tests::{Gravities, Gravity, GravityBounds, use_of_force_for};

/// What the threshold tests concluded, as the responses need it.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    /// State attribution.
    pub attributed: Status,
    /// An internationally wrongful act attributable to the State (sovereignty, intervention or
    /// force, and attribution; or an armed conflict the author began and continues).
    pub wrongful: Status,
    /// The host State's breach of due diligence (the `host_state_due_diligence` finding; not
    /// met when no host State is named): a wrongful act of the host State.
    pub host_breach: Status,
    /// Use of force.
    pub force: Status,
    /// Armed attack on the victim.
    pub armed: Status,
    /// Armed attack on the ally.
    pub ally_armed: Status,
    /// Japan's survival-threatening situation.
    pub survival: Status,
    /// An armed conflict under way that the suspected author began: self-defense against the
    /// ongoing aggression needs no new armed attack.
    pub ongoing_aggression: Status,
    /// The gravity of the harm to the State, as the thresholds weighed it.
    pub gravity: &'a Gravities<'a>,
}

/// The ladder's outcome.
pub struct Ladder {
    /// Status of each response, least escalatory first.
    pub statuses: super::Statuses,
    /// Findings, in order.
    pub findings: Vec<Finding>,
    /// Japan's three conditions, when the doctrine has them.
    pub extra_thresholds: super::Thresholds,
}

fn truth(t: super::Truth) -> Status {
    match t.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    }
}

/// **Retorsion.** Unfriendly acts that are lawful in themselves (protest, expulsion of
/// diplomats, sanctions within the State's rights, public attribution) need no justification
/// and are always available (general international law).
pub fn retorsion(facts: &Facts, u: &mut Used) -> Finding {
    let victim = u.name_value(&facts.victim);
    Finding {
        test: "retorsion",
        outcome: Status::Met,
        citation: "general international law (acts of retorsion are lawful in themselves)".into(),
        facts: u.add([facts.used("victim", victim)]),
        explanation: "always lawful".into(),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Countermeasures.** An injured State may take countermeasures, cyber or not, against a
/// State responsible for an internationally wrongful act, to induce it to comply (ARSIWA arts.
/// 22, 49; TM2.0 r.20–25). They must be commensurate with the injury suffered (art. 51); must
/// not affect the obligation to refrain from the threat or use of force, fundamental human
/// rights, humanitarian obligations or peremptory norms (art. 50(1)); must be preceded by a
/// call to comply and notice, except urgent measures to preserve the State's rights (art. 52);
/// and are temporary and as far as possible reversible (art. 49(3)). A countermeasure whose
/// effects would be a use of force is not one. The wrongful act may be the author's, or the
/// host State's breach of its due diligence obligation ([`wrongful_act`]).
pub fn countermeasures(facts: &Facts, d: &Doctrine, ctx: &Context, u: &mut Used) -> Finding {
    let rf = &facts.response_facts;
    let proposed = rf.countermeasure_effects.is_some()
        || rf.proportionate.0.is_some()
        || rf.called_to_comply.0.is_some()
        || rf.urgent.0.is_some();
    let notice = truth(rf.called_to_comply).or(truth(rf.urgent));
    let proportionate = truth(rf.proportionate);
    // Art. 50(1)(a): the countermeasure's own effects, judged by the use-of-force test.
    let below_force = match &rf.countermeasure_effects {
        None => Status::Met,
        Some(h) => {
            let force = GravityBounds::new(
                h,
                Some(crate::model::EffectType::Disruption),
                Figure::known(1.0),
                d,
            )
            .outcome(|g| use_of_force_for(g, d));
            match force {
                Status::Met => Status::NotMet,
                Status::Contested => Status::Contested,
                Status::Unknown => Status::Unknown,
                Status::NotMet => Status::Met,
            }
        }
    };
    let (wrongful, against) = wrongful_act(ctx);
    let outcome = if proposed {
        wrongful.and(notice).and(proportionate).and(below_force)
    } else {
        wrongful
    };
    let host = u.maybe_name(facts.host_state.as_ref().map(|h| h.state.as_str()));
    let object: Arg = match (against, host) {
        (Against::Host, FactValue::Name(_)) => {
            let e = u.explain(
                " (the host State {}'s breach of due diligence: countermeasures lie against {})",
                [host.arg(), host.arg()],
            );
            u.nest(e)
        }
        (Against::Both, FactValue::Name(_)) => {
            let e = u.explain(
                " (by the author; and the host State {}'s breach of due diligence, against which they lie too)",
                [host.arg()],
            );
            u.nest(e)
        }
        _ if ctx.ongoing_aggression == Status::Met => {
            " (at least the armed conflict the author began and continues, contrary to UN Charter art. 2(4))".into()
        }
        _ => Arg::None,
    };
    Finding {
        test: "countermeasures",
        outcome,
        citation: if host != FactValue::Null {
            "ARSIWA arts. 22, 49 (object; 49(3) reversible), 50 (no force), 51 (proportionality), 52 (call to comply and notice; urgent measures); TM2.0 r.20–25; TM2.0 r.20 commentary (against a State that breached its due diligence obligation)".into()
        } else {
            "ARSIWA arts. 22, 49 (object; 49(3) reversible), 50 (no force), 51 (proportionality), 52 (call to comply and notice; urgent measures); TM2.0 r.20–25".into()
        },
        facts: u.add([
            facts.used("internationally_wrongful_act", ctx.wrongful.as_str().into()),
            facts.used("host_state_due_diligence", ctx.host_breach.as_str().into()),
            facts.used("host_state", host),
            facts.used("state_attribution", ctx.attributed.as_str().into()),
            facts.truth("response_facts.called_to_comply", rf.called_to_comply),
            facts.truth("response_facts.urgent", rf.urgent),
            facts.truth("response_facts.proportionate", rf.proportionate),
            facts.truth("response_facts.reversible", rf.reversible),
            facts.used("countermeasure_below_force", below_force.as_str().into()),
        ]),
        explanation: if proposed {
            u.explain(
                "an internationally wrongful act attributable to a State: {}{}; call to comply and notice (or urgent measures): {}; proportionate: {}; below the use of force: {}; reversible as far as possible: {}",
                [
                    wrongful.into(),
                    object,
                    notice.into(),
                    proportionate.into(),
                    below_force.into(),
                    truth(rf.reversible).into(),
                ],
            )
        } else {
            u.explain(
                "an internationally wrongful act attributable to a State: {}{}; the measure chosen must be proportionate, below the use of force, reversible as far as possible, and preceded by a call to comply and notice unless urgent",
                [wrongful.into(), object],
            )
        },
        because: Because::on(&[
            "sovereignty_violation",
            "intervention",
            "use_of_force",
            "state_attribution",
            "host_state_due_diligence",
            "law_of_armed_conflict",
        ]),
        unknowns: Unknowns::NONE,
    }
}

/// Against whom countermeasures lie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    /// The author's State (its wrongful act is at least as established as the host State's).
    Author,
    /// The host State only (its breach of due diligence is the better-established wrongful act).
    Host,
    /// Both, each for its own wrongful act, established alike.
    Both,
}

/// **The wrongful act countermeasures answer.** Countermeasures answer a breach of an
/// obligation owed to the injured State by the State against which they are taken (ARSIWA
/// arts. 22, 49; TM2.0 r.20). The breach may be the author State's own operation
/// (sovereignty, intervention, force, attributed), or the host State's failure to stop
/// operations from its territory that it knew of and could stop: a State may not take
/// countermeasures against a private firm abroad "unless the firm's action can be attributed
/// to the first State ... or that State has wrongfully failed to control the activities of the
/// firm and therefore breached its due diligence obligation" (TM2.0 r.20 commentary). Whether
/// due diligence binds at all is each doctrine's `due_diligence` (already in the host State's
/// finding). The stronger of the two decides; the finding names which State they lie against.
pub fn wrongful_act(ctx: &Context) -> (Status, Against) {
    let against = match ctx.host_breach.cmp(&ctx.wrongful) {
        std::cmp::Ordering::Greater => Against::Host,
        std::cmp::Ordering::Equal if ctx.host_breach >= Status::Contested => Against::Both,
        _ => Against::Author,
    };
    (ctx.wrongful.or(ctx.host_breach), against)
}

/// **Collective countermeasures.** Whether a State not directly injured may take
/// countermeasures on behalf of the injured one is unsettled (ARSIWA art. 54 leaves it open):
/// Estonia holds it may (Kaljulaid, 29 May 2019), France that it may not (2019). Needs a
/// wrongful act against the ally, attributable, and the ally's request.
pub fn collective_countermeasures(
    facts: &Facts,
    d: &Doctrine,
    ctx: &Context,
    u: &mut Used,
) -> Option<Finding> {
    let ally = facts.ally.as_ref()?;
    let wronged = ctx.ally_armed.or(match ally.harm.loss_of_function.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    });
    let request = truth(ally.requested_assistance);
    const CITATION: &str =
        "ARSIWA arts. 48, 54; Kaljulaid, 29 May 2019 (for); France 2019 (against)";
    let citation: super::Citation = if d.collective_countermeasures_citation.is_empty() {
        CITATION.into()
    } else {
        d.cite(10, &d.collective_countermeasures_citation, || {
            format!("{CITATION}; {}", d.collective_countermeasures_citation)
        })
    };
    let who = u.name_value(&ally.state);
    Some(Finding {
        test: "collective_countermeasures",
        outcome: wronged.and(request).and(d.collective_countermeasures),
        citation,
        facts: u.add([
            facts.used("ally", who),
            facts.truth("ally.harm.loss_of_function", ally.harm.loss_of_function),
            facts.truth("ally.requested_assistance", ally.requested_assistance),
        ]),
        explanation: u.explain(
            "a wrongful act against {}: {}; it asked for help: {}; countermeasures by a State not directly injured under this doctrine: {}",
            [
                who.arg(),
                wronged.into(),
                request.into(),
                d.collective_countermeasures.into(),
            ],
        ),
        because: Because::on(&["armed_attack_on_ally"]),
        unknowns: Unknowns::NONE,
    })
}

/// **Plea of necessity.** A State may act otherwise unlawfully when that is the only way to
/// safeguard an essential interest against a grave and imminent peril (ARSIWA art. 25(1)(a);
/// TM2.0 r.26), provided the act does not seriously impair an essential interest of the State
/// affected or of the international community (25(1)(b)), and not if the State contributed to
/// the situation of necessity (25(2)(b)). It needs no attribution; it is not available when
/// another lawful means (such as countermeasures) is. Whether it covers measures against
/// another State's systems is unsettled: contested unless every condition is established.
pub fn plea_of_necessity(facts: &Facts, ctx: &Context, u: &mut Used) -> Finding {
    let grave_peril = grave_and_imminent_peril(facts, &ctx.gravity.whole);
    let pressing = truth(facts.ongoing).or(truth(facts.imminent));
    let countermeasures_available = wrongful_act(ctx).0 == Status::Met;
    let only_way = if countermeasures_available {
        Status::NotMet
    } else {
        Status::Met
    };
    let rf = &facts.response_facts;
    let no_impairment = not(truth(rf.impairs_essential_interest));
    let not_contributed = not(truth(rf.contributed_to_necessity));
    let core = grave_peril.and(pressing).and(only_way);
    let limits = no_impairment.and(not_contributed);
    let outcome = match (core, limits) {
        (Status::Met, Status::Met) => Status::Met,
        (Status::NotMet, _) | (_, Status::NotMet) => Status::NotMet,
        (Status::Unknown, _) => Status::Unknown,
        _ => Status::Contested,
    };
    Finding {
        test: "plea_of_necessity",
        outcome,
        citation: "ARSIWA art. 25(1)(a), 25(1)(b), 25(2)(b); TM2.0 r.26".into(),
        facts: u.add([
            facts.truth(
                "critical_infrastructure",
                facts.harm.critical_infrastructure,
            ),
            facts.truth(
                "essential_services_impaired",
                facts.essential_services_impaired,
            ),
            facts.truth("ongoing", facts.ongoing),
            facts.truth("imminent", facts.imminent),
            facts.used("countermeasures_available", countermeasures_available.into()),
            facts.truth(
                "response_facts.impairs_essential_interest",
                rf.impairs_essential_interest,
            ),
            facts.truth(
                "response_facts.contributed_to_necessity",
                rf.contributed_to_necessity,
            ),
        ]),
        explanation: u.explain(
            "grave peril to an essential interest: {}; ongoing or imminent: {}; the only way (no other lawful means): {}; no serious impairment of another State's essential interest: {}; the State did not contribute: {}{}",
            [
                grave_peril.into(),
                pressing.into(),
                only_way.into(),
                no_impairment.into(),
                not_contributed.into(),
                if outcome == Status::Contested {
                    " (not every condition established, and whether the plea covers measures against another State's systems is unsettled)"
                } else {
                    ""
                }
                .into(),
            ],
        ),
        because: Because::on(&["countermeasures"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Grave peril to an essential interest.** The plea needs "an essential interest against a
/// grave and imminent peril" (ARSIWA art. 25(1)(a); TM2.0 r.26). Whether an interest is
/// essential depends on all the circumstances; the ILC's commentary counts among essential
/// interests the safety of a civilian population and the State's existence and functioning in
/// a public emergency (ILC commentary to art. 25, paras 14–15; check: paragraphs). The peril is
/// read two ways: from the size of the harm (severe effects or worse, on critical
/// infrastructure or imminent), and from the kind of interest hit: services essential to the
/// population or to the State's functioning (health care reduced to basic treatment, courts
/// and police halted) seriously impaired are a grave peril whatever the figures.
pub fn grave_and_imminent_peril(facts: &Facts, harm: &GravityBounds) -> Status {
    let grave = harm.outcome(|g| match g {
        Gravity::SevereNonPhysical
        | Gravity::CatastrophicNonPhysical
        | Gravity::LesserPhysical
        | Gravity::Grave => Status::Met,
        _ => Status::NotMet,
    });
    let by_size = grave.and(truth(facts.harm.critical_infrastructure).or(truth(facts.imminent)));
    let by_interest = truth(facts.essential_services_impaired);
    by_size.or(by_interest)
}

fn not(s: Status) -> Status {
    match s {
        Status::Met => Status::NotMet,
        Status::NotMet => Status::Met,
        other => other,
    }
}

/// **Active cyber defense (Japan).** Access to and neutralisation of attacker servers,
/// including abroad: police measures against servers used in attacks (abroad after consulting
/// the Foreign Minister), and the Self-Defense Forces on the Prime Minister's order against
/// highly organised attacks from abroad; prior approval by an independent supervisory
/// commission except in urgency (National Security Strategy, 16 December 2022; the two Active
/// Cyber Defense laws enacted 16 May 2025; access and neutralisation planned from 1 October
/// 2026 (draft Cabinet order put to public comment on 9 January 2026; Kyodo, 10 January 2026),
/// full operation 2027). Abroad it needs a
/// basis in international law: countermeasures, the plea of necessity, or self-defense.
/// `harm`: the gravity of the harm to the State at the least its facts allow.
pub fn active_cyber_defense(
    facts: &Facts,
    d: &Doctrine,
    harm: Gravity,
    basis: Status,
    u: &mut Used,
) -> Finding {
    let serious = match harm {
        Gravity::None | Gravity::Espionage => truth(facts.imminent),
        _ => Status::Met,
    };
    let pressing = truth(facts.ongoing).or(truth(facts.imminent));
    let in_force = d.active_cyber_defense_in_force.on(facts.date);
    let (outcome, explanation): (Status, Explanation) = if !d.active_cyber_defense {
        (
            Status::NotMet,
            "the doctrine has no active cyber defense".into(),
        )
    } else if !in_force {
        (
            Status::NotMet,
            u.explain(
                "access and neutralisation are not in force on {} (in force from {})",
                [
                    facts.date.map_or(Arg::Str("this date"), Into::into),
                    d.active_cyber_defense_in_force
                        .from
                        .map_or(Arg::Str("(always)"), Into::into),
                ],
            ),
        )
    } else {
        (
            serious.and(pressing).and(basis),
            u.explain(
                "a serious attack on infrastructure: {}; ongoing or imminent: {}; a basis in international law: {}; requires prior approval by the independent commission, except in urgency",
                [serious.into(), pressing.into(), basis.into()],
            ),
        )
    };
    Finding {
        test: "active_cyber_defense",
        outcome,
        citation: "Japan, National Security Strategy, 16 December 2022; Cyber Response Capability Strengthening Act (重要電子計算機に対する不正な行為による被害の防止に関する法律) and its companion act, enacted 16 May 2025; access and neutralisation from 1 October 2026 (the date in the draft Cabinet order put to public comment on 9 January 2026); full operation planned for 2027".into(),
        facts: u.add([
            facts.used("worst_effect", facts.worst_effect.map_or("none".into(), |w| w.as_str().into())),
            facts.truth("ongoing", facts.ongoing),
            facts.truth("imminent", facts.imminent),
            facts.used("international_law_basis", basis.as_str().into()),
            facts.used("date", facts.date.map_or(FactValue::Null, FactValue::Date)),
        ]),
        explanation,
        because: Because::on(&["countermeasures", "plea_of_necessity", "armed_attack", "necessity"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Imminence (Caroline).** Self-defense before an attack has begun requires "a necessity of
/// self-defence, instant, overwhelming, leaving no choice of means, and no moment for
/// deliberation" (Webster's note of 24 April 1841); doctrines differ on whether it is allowed.
pub fn imminence(facts: &Facts, d: &Doctrine, u: &mut Used) -> Finding {
    let imminent = truth(facts.imminent);
    Finding {
        test: "imminence",
        outcome: imminent.and(d.anticipatory_self_defense),
        citation: d.anticipatory_citation.clone().into(),
        facts: u.add([facts.truth("imminent", facts.imminent)]),
        explanation: u.explain(
            "an attack poised to strike: {}; anticipatory self-defense under this doctrine: {}",
            [imminent.into(), d.anticipatory_self_defense.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Necessity.** Force in self-defense must be necessary: non-forcible measures are
/// insufficient to repel the attack (ICJ, Nicaragua (1986) para 194; TM2.0 r.72). A response
/// that already stopped the attack removes the necessity.
pub fn necessity(facts: &Facts, ongoing_aggression: Status, u: &mut Used) -> Finding {
    let stopped = facts.responses_tried.iter().any(|t| t.effective);
    let pressing = truth(facts.ongoing)
        .or(truth(facts.imminent))
        .or(ongoing_aggression);
    let outcome = if stopped { Status::NotMet } else { pressing };
    let tried = u.names(
        facts
            .responses_tried
            .iter()
            .map(|t| t.response.tried_label(t.effective)),
    );
    Finding {
        test: "necessity",
        outcome,
        citation: "ICJ, Nicaragua (1986) para 194; TM2.0 r.72".into(),
        facts: u.add([
            facts.truth("ongoing", facts.ongoing),
            facts.truth("imminent", facts.imminent),
            facts.used("responses_tried", tried),
        ]),
        explanation: if stopped {
            "a response already stopped the operations: force is not necessary".into()
        } else {
            u.explain(
                "the attack is ongoing or imminent (or an armed conflict the attacker began continues: {}): {}",
                [ongoing_aggression.into(), pressing.into()],
            )
        },
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Proportionality.** Force in self-defense must be limited to what is needed to repel the
/// attack (ICJ, Nicaragua (1986) para 194; TM2.0 r.72). Unknown until a response is proposed;
/// a response larger than needed fails it.
pub fn proportionality(facts: &Facts, u: &mut Used) -> Finding {
    let outcome = match facts.response_scale.value() {
        Some(s) if s <= 1.0 => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };
    Finding {
        test: "proportionality",
        outcome,
        citation: "ICJ, Nicaragua (1986) para 194; TM2.0 r.72".into(),
        facts: u.add([facts.fig("response_scale", facts.response_scale)]),
        explanation:
            "force limited to what repelling the attack requires (scale 1 = the minimum necessary)"
                .into(),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Japan's second condition.** "There is no other appropriate means available to repel the
/// attack and ensure Japan's survival and protect its people" (Cabinet Decision of 1 July 2014;
/// Armed Attack Situations Response Act art. 9(2)(i): the plan states why no other appropriate
/// means exists). Every appropriate means counts: lower rungs that are lawful and untried
/// (retorsion, standing for the diplomatic and economic means: protest, expulsions, sanctions;
/// countermeasures; Active Cyber Defense); the alliance means of asking the ally for help,
/// while the State has an ally and has not asked it; and, where the danger lies in lost energy
/// imports, the energy means of releasing the State's stocks (as Japan did in March 2026;
/// docs/japan.md section 8). Which means are listed is modelling, not law. Tried and
/// ineffective, a means no longer counts; asked, the ally decides for itself, and the means no
/// longer counts as untried. Whether untried non-forcible
/// means are "appropriate" to repel an attack of grave scale (death, injury or destruction at
/// scale, or an armed conflict the attacker began and continues: an invasion is not repelled
/// by a protest) is a judgment the sources leave open: contested.
pub fn japan_condition_2(
    facts: &Facts,
    lower_available: &[Response],
    grave: bool,
    u: &mut Used,
) -> Finding {
    let mut untried = [""; Response::LADDER.len() + 2];
    let mut n_untried = 0;
    for r in lower_available
        .iter()
        .filter(|r| !facts.responses_tried.iter().any(|t| t.response == **r))
        .take(Response::LADDER.len())
    {
        untried[n_untried] = r.as_str();
        n_untried += 1;
    }
    // Energy means answer a danger to survival through lost imports (an attack on a foreign
    // country); they do not repel an attack on Japan itself.
    let energy = facts.ally.is_some()
        && facts.supply.import_loss.high() > 0.0
        && facts.supply.stocks_released.0 != Some(true);
    if energy {
        untried[n_untried] = "stock_release";
        n_untried += 1;
    }
    // Alliance means: asking the ally for help (its intelligence, logistics, and action under
    // the treaty), while the State has an ally and has not yet asked.
    let alliance =
        facts.means.ally_available.0 == Some(true) && facts.means.ally_asked.0 == Some(false);
    if alliance {
        untried[n_untried] = "alliance_support";
        n_untried += 1;
    }
    let untried = &untried[..n_untried];
    let stopped = facts.responses_tried.iter().any(|t| t.effective);
    let severe_and_pressing = truth(facts.ongoing).or(truth(facts.imminent));
    let outcome = if stopped {
        Status::NotMet
    } else if untried.is_empty() {
        severe_and_pressing
    } else if grave && !energy {
        severe_and_pressing.and(Status::Contested)
    } else {
        Status::NotMet
    };
    let untried_names = u.names(untried.iter().copied());
    let tried = u.names(facts.responses_tried.iter().map(|t| t.response.as_str()));
    Finding {
        test: "japan_condition_2",
        outcome,
        citation: "Cabinet Decision of 1 July 2014 (second condition); Legislation for Peace and Security (2015); Armed Attack Situations Response Act art. 9(2)(i)".into(),
        facts: u.add([
            facts.used("other_means_untried", untried_names),
            facts.used("responses_tried", tried),
            facts.truth("ongoing", facts.ongoing),
            facts.fig("supply.import_loss", facts.supply.import_loss),
            facts.truth("supply.stocks_released", facts.supply.stocks_released),
            facts.truth("means.ally_available", facts.means.ally_available),
            facts.truth("means.ally_asked", facts.means.ally_asked),
        ]),
        explanation: if untried.is_empty() {
            u.explain(
                "no other appropriate means remain; the attack is ongoing or imminent: {}",
                [severe_and_pressing.into()],
            )
        } else {
            u.explain(
                "other means remain untried: {}{}",
                [
                    untried_names.arg(),
                    if grave && !energy { " (whether they are appropriate against an attack of this gravity is contested)" } else { "" }.into(),
                ],
            )
        },
        because: Because::on(&["retorsion", "countermeasures", "active_cyber_defense"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Japan's third condition.** "Use of force limited to the minimum extent necessary"
/// (Cabinet Decision of 1 July 2014). Unknown until a response is proposed.
pub fn japan_condition_3(facts: &Facts, u: &mut Used) -> Finding {
    let mut f = proportionality(facts, u);
    f.test = "japan_condition_3";
    f.citation = "Cabinet Decision of 1 July 2014 (third condition); Legislation for Peace and Security (2015)".into();
    f.explanation =
        "force limited to the minimum extent necessary (scale 1 = the minimum necessary)".into();
    f
}

/// **The Security Council.** Self-defense runs "until the Security Council has taken measures
/// necessary to maintain international peace and security" (UN Charter art. 51). Whether the
/// measures taken suffice is itself disputed (Falklands 1982, resolution 502; Kuwait 1990,
/// resolution 661): enforcement ends the right; a demand or sanctions leave it contested.
fn council(facts: &Facts) -> Status {
    if !facts.council_acted && facts.council_measures.is_none() {
        return Status::Met;
    }
    match facts.council_measures {
        Some(CouncilMeasure::Enforcement) => Status::NotMet,
        Some(CouncilMeasure::Demand | CouncilMeasure::Sanctions) | None => Status::Contested,
    }
}

/// **Individual self-defense.** "Nothing ... shall impair the inherent right of individual or
/// collective self-defence if an armed attack occurs ..., until the Security Council has taken
/// measures"; measures taken are reported to the Council (UN Charter art. 51; TM2.0 r.71–75,
/// numbers: check). Needs an armed attack (or, where the doctrine allows, an imminent one),
/// attributable to the State defended against (against a non-State group: contested),
/// necessity, and proportionality in the force used; for Japan, the three conditions.
pub fn self_defense(
    facts: &Facts,
    d: &Doctrine,
    ctx: &Context,
    parts: &Parts,
    u: &mut Used,
) -> Finding {
    // Whether the attack poised would be of armed-attack scale is a prediction: an imminent
    // attack makes self-defense arguable (contested) at most, never established.
    let occurred_or_imminent = ctx
        .armed
        .or(parts.imminence.and(Status::Contested))
        .or(ctx.ongoing_aggression);
    let author = if ctx.attributed == Status::NotMet && ctx.armed >= Status::Contested {
        Status::Contested
    } else if ctx.ongoing_aggression == Status::Met {
        Status::Met
    } else {
        ctx.attributed
    };
    let proportionate = if parts.proportionality == Status::NotMet {
        Status::NotMet
    } else {
        Status::Met
    };
    let japan = if d.three_conditions {
        ctx.armed.or(ctx.ongoing_aggression).and(parts.condition_2)
    } else {
        Status::Met
    };
    let outcome = occurred_or_imminent
        .and(author)
        .and(parts.necessity)
        .and(proportionate)
        .and(japan)
        .and(council(facts));
    Finding {
        test: "self_defense",
        outcome,
        citation: "UN Charter art. 51; ICJ, Nicaragua (1986) paras 176, 194; TM2.0 r.71–75 (numbers: check)".into(),
        facts: u.add([
            facts.used("armed_attack", ctx.armed.as_str().into()),
            facts.used("imminence", parts.imminence.as_str().into()),
            facts.used("state_attribution", ctx.attributed.as_str().into()),
            facts.used("necessity", parts.necessity.as_str().into()),
            facts.used("proportionality", parts.proportionality.as_str().into()),
            facts.used("council_acted", facts.council_acted.into()),
            facts.used("council_measures", facts.council_measures.map_or(FactValue::Null, |m| m.as_str().into())),
            facts.used("ongoing_aggression", ctx.ongoing_aggression.as_str().into()),
        ]),
        explanation: u.explain(
            "armed attack (or imminent, where allowed; or an armed conflict the attacker began and continues): {}; attributable: {}; necessary: {}; {}{}{}{}; report to the Security Council; lawful until the Council takes the measures necessary: {}",
            [
                occurred_or_imminent.into(),
                author.into(),
                parts.necessity.into(),
                if parts.proportionality == Status::Unknown {
                    Arg::Str("force must stay proportionate")
                } else {
                    Arg::Str("proportionate: ")
                },
                if parts.proportionality == Status::Unknown {
                    Arg::None
                } else {
                    parts.proportionality.into()
                },
                if d.three_conditions {
                    Arg::Str("; Japan's conditions 1 and 2: ")
                } else {
                    Arg::None
                },
                if d.three_conditions { japan.into() } else { Arg::None },
                council(facts).into(),
            ],
        ),
        because: if d.three_conditions {
            Because::on(&["armed_attack", "imminence", "state_attribution", "necessity", "proportionality", "japan_condition_1", "japan_condition_2", "law_of_armed_conflict"])
        } else {
            Because::on(&["armed_attack", "imminence", "state_attribution", "necessity", "proportionality", "law_of_armed_conflict"])
        },
        unknowns: Unknowns::NONE,
    }
}

/// **Collective self-defense.** A State may use force in defense of another that has suffered
/// an armed attack, has declared itself attacked and requests help (UN Charter art. 51; ICJ,
/// Nicaragua (1986) paras 195, 199; TM2.0 r.74, check). For Japan, only in a survival-
/// threatening situation and when no other appropriate means remain (Cabinet Decision of
/// 1 July 2014).
pub fn collective_self_defense(
    facts: &Facts,
    d: &Doctrine,
    ctx: &Context,
    parts: &Parts,
    u: &mut Used,
) -> Finding {
    let request = facts
        .ally
        .as_ref()
        .map_or(Status::NotMet, |a| truth(a.requested_assistance));
    let japan = if d.three_conditions {
        ctx.survival.and(parts.condition_2)
    } else {
        Status::Met
    };
    let proportionate = if parts.proportionality == Status::NotMet {
        Status::NotMet
    } else {
        Status::Met
    };
    let outcome = ctx
        .ally_armed
        .and(request)
        .and(parts.necessity)
        .and(proportionate)
        .and(japan)
        .and(council(facts));
    let ally = ally_fact(facts, u);
    Finding {
        test: "collective_self_defense",
        outcome,
        citation: "UN Charter art. 51; ICJ, Nicaragua (1986) paras 195, 199; TM2.0 r.74 (check); Cabinet Decision of 1 July 2014".into(),
        facts: u.add([
            ally,
            facts.used("armed_attack_on_ally", ctx.ally_armed.as_str().into()),
            facts.used("requested_assistance", request.as_str().into()),
            facts.used("survival_threatening_situation", ctx.survival.as_str().into()),
            facts.used("necessity", parts.necessity.as_str().into()),
            facts.used("council_acted", facts.council_acted.into()),
        ]),
        explanation: u.explain(
            "armed attack on the ally: {}; it requested help: {}; necessary: {}{}{}",
            [
                ctx.ally_armed.into(),
                request.into(),
                parts.necessity.into(),
                if d.three_conditions {
                    Arg::Str("; survival-threatening situation and no other means: ")
                } else {
                    Arg::None
                },
                if d.three_conditions { japan.into() } else { Arg::None },
            ],
        ),
        because: if d.three_conditions {
            Because::on(&["armed_attack_on_ally", "necessity", "proportionality", "survival_threatening_situation", "japan_condition_2"])
        } else {
            Because::on(&["armed_attack_on_ally", "necessity", "proportionality"])
        },
        unknowns: Unknowns::NONE,
    }
}

/// The attacked ally a finding is about, as a fact (null when there is none).
fn ally_fact(facts: &Facts, u: &mut Used) -> super::FactUsed {
    let ally = u.maybe_name(facts.ally.as_ref().map(|a| a.state.as_str()));
    facts.used("ally", ally)
}

/// **Intelligence sharing.** Sharing intelligence with an attacked State is an act lawful in
/// itself, needing no justification (general international law, as for retorsion); it would be
/// aid or assistance in an internationally wrongful act only if given knowing that the
/// receiving State will use it to commit one (ARSIWA art. 16), which the receiving State's own
/// assessment of its responses guards against.
pub fn intelligence_sharing(facts: &Facts, u: &mut Used) -> Finding {
    let ally = ally_fact(facts, u);
    Finding {
        test: "intelligence_sharing",
        outcome: Status::Met,
        citation: "general international law (lawful in itself); limit: ARSIWA art. 16".into(),
        facts: u.add([ally]),
        explanation: "sharing intelligence with another State is lawful in itself".into(),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Logistics support.** Non-forcible support (supplies, transport, bases) to a State
/// defending itself is lawful with that State's consent (ARSIWA art. 20), which its request for
/// help gives (ICJ, Nicaragua (1986) para 199); without a request, support aimed at its
/// adversary's conduct has no basis.
pub fn logistics_support(facts: &Facts, u: &mut Used) -> Finding {
    let request = facts
        .ally
        .as_ref()
        .map_or(Status::NotMet, |a| truth(a.requested_assistance));
    let ally = ally_fact(facts, u);
    Finding {
        test: "logistics_support",
        outcome: request,
        citation: "ARSIWA arts. 16, 20; ICJ, Nicaragua (1986) para 199".into(),
        facts: u.add([
            ally,
            facts.used("requested_assistance", request.as_str().into()),
        ]),
        explanation: u.explain(
            "the supported State requested help (its consent): {}",
            [request.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// The conditions shared by both kinds of self-defense.
pub struct Parts {
    /// Caroline imminence under the doctrine.
    pub imminence: Status,
    /// Necessity.
    pub necessity: Status,
    /// Proportionality of a proposed response.
    pub proportionality: Status,
    /// Japan's second condition (met for other doctrines).
    pub condition_2: Status,
}

/// Runs every response test, least escalatory first.
pub fn assess_ladder(facts: &Facts, d: &Doctrine, ctx: &Context, u: &mut Used) -> Ladder {
    let mut ladder = Ladder {
        statuses: super::Statuses::new(),
        findings: Vec::with_capacity(16),
        extra_thresholds: super::Thresholds::new(),
    };
    assess_ladder_into(
        facts,
        d,
        ctx,
        u,
        &mut ladder.findings,
        &mut ladder.statuses,
        &mut ladder.extra_thresholds,
    );
    ladder
}

/// [`assess_ladder`] writing in place: the findings to `findings`, each response's status to
/// `statuses`, Japan's three conditions to `extra`.
pub fn assess_ladder_into(
    facts: &Facts,
    d: &Doctrine,
    ctx: &Context,
    u: &mut Used,
    findings: &mut Vec<Finding>,
    statuses: &mut super::Statuses,
    extra: &mut super::Thresholds,
) {
    let put = |f: Finding,
               r: Option<Response>,
               findings: &mut Vec<Finding>,
               statuses: &mut super::Statuses| {
        if let Some(r) = r {
            statuses.push((r, f.outcome));
        }
        let s = f.outcome;
        findings.push(f);
        s
    };
    let rt = put(
        retorsion(facts, u),
        Some(Response::Retorsion),
        findings,
        statuses,
    );
    let cm = put(
        countermeasures(facts, d, ctx, u),
        Some(Response::Countermeasures),
        findings,
        statuses,
    );
    let pn = put(
        plea_of_necessity(facts, ctx, u),
        Some(Response::PleaOfNecessity),
        findings,
        statuses,
    );
    let imminence_s = put(imminence(facts, d, u), None, findings, statuses);
    let necessity_s = put(
        necessity(facts, ctx.ongoing_aggression, u),
        None,
        findings,
        statuses,
    );
    let proportionality_s = put(proportionality(facts, u), None, findings, statuses);
    // Active cyber defense rests on countermeasures or necessity, or on self-defense once
    // force is justified; judge it after the self-defense conditions are known.
    let basis_without_force = cm.or(pn);
    let acd_finding = active_cyber_defense(
        facts,
        d,
        ctx.gravity.whole.least(),
        basis_without_force.or(ctx.armed.or(ctx.ongoing_aggression).and(necessity_s)),
        u,
    );
    let acd = acd_finding.outcome;
    let mut lower = [Response::Retorsion; 3];
    let mut n_lower = 0;
    for (r, s) in [
        (Response::Retorsion, rt),
        (Response::Countermeasures, cm),
        (Response::ActiveCyberDefense, acd),
    ] {
        if s == Status::Met {
            lower[n_lower] = r;
            n_lower += 1;
        }
    }
    let lower = &lower[..n_lower];
    let condition_2 = if d.three_conditions {
        // An armed conflict the attacker began and continues is an attack of that gravity.
        let grave =
            ctx.gravity.whole.least() == Gravity::Grave || ctx.ongoing_aggression == Status::Met;
        let mut f = japan_condition_2(facts, lower, grave, u);
        // With no attack to repel (condition 1 not met), the condition cannot be met.
        let attack = ctx.armed.or(ctx.survival).or(ctx.ongoing_aggression);
        if attack == Status::NotMet || attack == Status::Unknown {
            f.outcome = f.outcome.and(attack);
            let first = u.nest(f.explanation);
            f.explanation = u.explain(
                "{}; but there is no attack to repel (condition 1: {})",
                [first, attack.into()],
            );
        }
        let s = f.outcome;
        findings.push(f);
        s
    } else {
        Status::Met
    };
    put(
        acd_finding,
        Some(Response::ActiveCyberDefense),
        findings,
        statuses,
    );
    let parts = Parts {
        imminence: imminence_s,
        necessity: necessity_s,
        proportionality: proportionality_s,
        condition_2,
    };
    if d.three_conditions {
        let c1 = ctx.armed.or(ctx.survival).or(ctx.ongoing_aggression);
        findings.push(Finding {
            test: "japan_condition_1",
            outcome: c1,
            citation: "Cabinet Decision of 1 July 2014 (first condition); Legislation for Peace and Security (2015)".into(),
            facts: u.add([
                facts.used("armed_attack", ctx.armed.as_str().into()),
                facts.used("survival_threatening_situation", ctx.survival.as_str().into()),
            ]),
            explanation: u.explain(
                "an armed attack against Japan: {}; or a survival-threatening situation: {}; or an armed conflict the attacker began: {}",
                [ctx.armed.into(), ctx.survival.into(), ctx.ongoing_aggression.into()],
            ),
            because: Because::on(&["armed_attack", "armed_attack_occurred", "survival_threatening_situation", "law_of_armed_conflict"]),
            unknowns: Unknowns::NONE,
        });
        let c3 = japan_condition_3(facts, u);
        extra.push(("japan_condition_1", c1));
        extra.push(("japan_condition_2", condition_2));
        extra.push(("japan_condition_3", c3.outcome));
        findings.push(c3);
    }
    put(
        self_defense(facts, d, ctx, &parts, u),
        Some(Response::SelfDefense),
        findings,
        statuses,
    );
    put(
        collective_self_defense(facts, d, ctx, &parts, u),
        Some(Response::CollectiveSelfDefense),
        findings,
        statuses,
    );
    if let Some(f) = collective_countermeasures(facts, d, ctx, u) {
        findings.push(f);
    }
    if let Some(target) = &facts.response_target
        && (facts.armed_conflict || facts.conflict.is_some())
    {
        findings.extend(super::in_bello::check(facts, target, u));
    }
}
