//! The legal facts of a situation, from the assessing actor's picture (never from ground
//! truth): a victim and the State it suspects; or an ally of the victim, for collective
//! self-defense and support.

use super::super::harm_facts::effect_of;
use super::picture::Picture;
use super::{Gravity, Legal, ONGOING_HOURS};
use crate::law::facts::{
    AllyFacts, AttributionFacts, ConflictFacts, HostStateFacts, ResponseFacts, Tried,
};
use crate::law::{Facts, Figure, Response, Truth};
use crate::model::{ActorKind, DeclaredIntent, EffectType};
use crate::scenario::CampaignAim;

fn truth(b: bool) -> Truth {
    Truth::known(b)
}

/// The armed conflict between `a` and `b`, if one has begun: since when (the date, when the
/// scenario has a calendar, else the tick) and who began it.
pub fn conflict_between(l: &Legal, a: u16, b: u16) -> Option<ConflictFacts> {
    let c = l.legal.conflicts.get(&(a.min(b), a.max(b)))?;
    let plan = &l.plan.0;
    Some(ConflictFacts {
        since: Some(match plan.start_date {
            Some(d) => d
                .plus_days((f64::from(c.since) * plan.tick_hours / 24.0) as u32)
                .to_string(),
            None => format!("tick {}", c.since),
        }),
        begun_by: c.begun_by.map(|x| plan.actors[x as usize].id.clone()),
    })
}

/// The facts about `v`'s own responses to `s` that the conditions of countermeasures read
/// (ARSIWA arts. 49(3), 51, 52). The model's countermeasure is a temporary disruption of one
/// node of the responsible State (`sim::legal::responses::apply`): reversible; commensurate
/// with an injury that itself disrupted, destroyed or harmed (not known to be, against
/// espionage alone). A retorsion already taken (a protest, a public attribution) is the call to
/// comply and notice; operations still under way make the measures urgent. Whether the measure
/// would impair another State's essential interest, and whether `v` contributed to the
/// situation, the model does not know.
pub fn response_facts(
    l: &Legal,
    v: u16,
    s: u16,
    worst: Option<EffectType>,
    ongoing: bool,
) -> ResponseFacts {
    let tick = l.clock.tick;
    let called = l.legal.responses.iter().any(|r| {
        r.actor == v
            && r.against == s
            && r.ally.is_none()
            && r.response == Response::Retorsion
            && r.takes_effect <= tick
    });
    ResponseFacts {
        called_to_comply: truth(called),
        urgent: truth(ongoing),
        proportionate: if worst >= Some(EffectType::Disruption) {
            truth(true)
        } else {
            Truth(None)
        },
        reversible: truth(true),
        ..ResponseFacts::default()
    }
}

/// The State through whose infrastructure the operations judged are staged, when a campaign
/// names one (`staged_through`) that is neither party: for its due diligence (TM2.0 r.6, r.7).
/// What it knew, could do and did, the victim cannot see: unknown.
fn host_state(l: &Legal, v: u16, s: u16, campaigns: &[u32]) -> Option<HostStateFacts> {
    let plan = &l.plan.0;
    campaigns
        .iter()
        .filter_map(|&c| plan.campaigns[c as usize].staged_through)
        .find(|&h| h != v && h != s)
        .map(|h| HostStateFacts {
            state: plan.actors[h as usize].id.clone(),
            knew: Truth(None),
            could_act: Truth(None),
            acted: Truth(None),
        })
}

/// The facts of situation (`v`, `s`) as `v` sees them: the campaigns in `pairs` (detected, and
/// pointing to `s` in `v`'s beliefs).
pub fn facts_for(l: &Legal, picture: &Picture, v: u16, s: u16, pairs: &[u32]) -> Facts {
    let plan = &l.plan.0;
    let tick = l.clock.tick;
    let views: Vec<_> = pairs
        .iter()
        .filter_map(|p| picture.pairs.get(p).map(|view| (*p, *view)))
        .collect();
    // The operations judged are the gravest ones: their attribution is what the law needs,
    // not that of a lesser campaign by the same suspect.
    let gravest = views.iter().map(|(_, x)| x.worst).max().unwrap_or(0);
    let lead: Vec<_> = views.iter().filter(|(_, x)| x.worst == gravest).collect();
    let basis = lead
        .first()
        .map(|(_, x)| plan.campaigns[x.campaign as usize].basis)
        .unwrap_or(crate::model::AttributionBasis::Independent);
    let confidence = lead
        .iter()
        .map(|(_, x)| x.confidence)
        .fold(f32::INFINITY, f32::min);
    let confidence = if confidence.is_finite() {
        confidence
    } else {
        0.0
    };
    let operations: u32 = views.iter().map(|(_, x)| x.operations).sum();
    let disruptive = views.iter().filter(|(_, x)| x.worst > 1).count();
    let targets_hit: u32 = views.iter().map(|(_, x)| x.targets_hit).sum();
    let worst = effect_of(gravest);
    let intent = views
        .iter()
        .map(|(_, x)| plan.campaigns[x.campaign as usize].intent)
        .max()
        .unwrap_or(DeclaredIntent::None);
    let last_hostile = views.iter().filter_map(|(_, x)| x.last_hostile).max();
    let recent = plan.ticks_for(ONGOING_HOURS);
    // Imminent only for what the actor can see: a detected intrusion with its payload in view,
    // and the intent to use it known (declared, or revealed by an ally's intelligence).
    let imminent = views
        .iter()
        .any(|(_, x)| x.poised && picture.knows_intent(plan, x));
    let ongoing = imminent || last_hostile.is_some_and(|t| tick.saturating_sub(t) <= recent);
    let active = views.iter().any(|(_, x)| x.active);
    let responses_tried = l
        .legal
        .responses
        .iter()
        .filter(|r| r.actor == v && r.against == s && r.ally.is_none())
        .map(|r| Tried {
            response: r.response,
            effective: tick >= r.window_ends
                && last_hostile.is_none_or(|h| h < r.takes_effect)
                && !active,
        })
        .collect();
    let suspect = &plan.actors[s as usize];
    let lead_campaigns: Vec<u32> = lead.iter().map(|(_, x)| x.campaign).collect();
    let aim = known_aim(plan, picture, &views);
    let (domaine_reserve, coercive) =
        intervention_facts(worst, intent, aim, picture.government_hit);
    Facts {
        tick: Some(tick),
        victim: plan.actors[v as usize].id.clone(),
        attribution: AttributionFacts {
            state: (suspect.kind == ActorKind::State).then(|| suspect.id.clone()),
            basis,
            confidence: Figure::known((f64::from(confidence) * 1e4).round() / 1e4),
        },
        harm: picture.harm.clone(),
        worst_effect: worst,
        operations: Figure::known(f64::from(operations)),
        largest_operation_share: Figure::known(1.0 / disruptive.max(1) as f64),
        systematic: truth(operations >= 2 || targets_hit >= 2),
        intent,
        domaine_reserve,
        coercive,
        governmental_functions: truth(picture.government_hit),
        // Not derived from the picture: operations are remote, no election is modelled, and
        // the plea's peril rests on the size of the harm.
        agents_in_territory: Truth::known(false),
        election_interference: None,
        essential_services_impaired: Truth::known(false),
        imminent: truth(imminent),
        ongoing: truth(ongoing),
        responses_tried,
        council_acted: l.legal.council_acted.is_some(),
        council_measures: l.legal.council_measure,
        armed_conflict: l.legal.armed_conflict.contains(&(v.min(s), v.max(s))),
        conflict: conflict_between(l, v, s),
        host_state: host_state(l, v, s, &lead_campaigns),
        date: plan
            .start_date
            .map(|d| d.plus_days((f64::from(tick) * plan.tick_hours / 24.0) as u32)),
        response_facts: response_facts(l, v, s, worst, ongoing),
        response_scale: Figure::UNKNOWN,
        response_target: None,
        hostile_target: None,
        ally: None,
        commencement: commencement(plan, v, tick, &views),
        supply: Default::default(),
        means: crate::law::japan::MeansFacts {
            ally_available: Truth::known(super::requests::allies(plan, v).iter().any(|&w| w != s)),
            ally_asked: Truth::known(
                l.legal
                    .requests
                    .iter()
                    .any(|r| r.state == v && r.against == s),
            ),
        },
    }
}

/// What the campaigns detected from the suspect seek, as far as the victim knows it: a
/// campaign's `aim` is known when its intent is known to the victim (declared explicitly, or
/// revealed by an ally's intelligence: [`Picture::knows_intent`]). `Compel` if any known aim is
/// to compel; `Other` when every campaign's aim is known and none is; else not known.
fn known_aim(
    plan: &crate::scenario::Compiled,
    picture: &Picture,
    views: &[(u32, super::picture::PairView)],
) -> Option<CampaignAim> {
    let mut all_other = !views.is_empty();
    for (_, x) in views {
        let aim = plan.campaigns[x.campaign as usize].aim;
        match aim.filter(|_| picture.knows_intent(plan, x)) {
            Some(CampaignAim::Compel) => return Some(CampaignAim::Compel),
            Some(CampaignAim::Other) => {}
            None => all_other = false,
        }
    }
    all_other.then_some(CampaignAim::Other)
}

/// The facts the prohibition of intervention reads (TM2.0 r.66), as the victim can know them:
/// `(domaine_reserve, coercive)`.
///
/// Whether the operations bear on the *domaine réservé* turns on their purpose: the act must
/// be "designed to undermine" the State's authority over it (TM2.0 r.66 commentary para 11,
/// as the CCDCOE Toolkit's Scenario 03 applies it: "It is unclear whether State B's act had a
/// bearing on State A's domaine réservé"). So: government systems hit (its governmental
/// functions taken from it), or a known aim to compel → `true`; a known other aim → `false`;
/// espionage or no effect, with no such aim → `false`; otherwise → unknown, never `false`
/// merely because the victim does not know the aim. Coercion (para 29): none in espionage; a
/// known aim to compel, or a declared intent behind disruptive or destructive effects →
/// `true`; otherwise unknown (the legal test adds Nicaragua para 205: force used is coercion).
pub fn intervention_facts(
    worst: Option<EffectType>,
    intent: DeclaredIntent,
    aim: Option<CampaignAim>,
    government_hit: bool,
) -> (Truth, Truth) {
    let observing = matches!(worst, None | Some(EffectType::Espionage));
    let domaine_reserve = if government_hit || aim == Some(CampaignAim::Compel) {
        Truth::known(true)
    } else if aim == Some(CampaignAim::Other) || observing {
        Truth::known(false)
    } else {
        Truth(None)
    };
    let coercive = if observing {
        Truth::known(false)
    } else if aim == Some(CampaignAim::Compel) || intent != DeclaredIntent::None {
        Truth::known(true)
    } else {
        Truth(None)
    };
    (domaine_reserve, coercive)
}

/// The facts of attack initiation as `v` can know them: the tension its scenario states, and
/// whether it saw a campaign's earlier phases (an intrusion detected before or without its
/// effects, or a payload poised).
fn commencement(
    plan: &crate::scenario::Compiled,
    v: u16,
    tick: u32,
    views: &[(u32, super::picture::PairView)],
) -> crate::law::japan::CommencementFacts {
    let tension = plan.actors[v as usize]
        .source
        .tension_from_hour
        .map_or(Truth(None), |h| truth(tick >= plan.ticks_for(h)));
    let seen_before_effects = views
        .iter()
        .any(|(_, x)| x.poised || (x.active && x.worst <= 1));
    crate::law::japan::CommencementFacts {
        tension,
        preparation_days: Figure::UNKNOWN,
        earlier_phases: if seen_before_effects {
            truth(true)
        } else {
            Truth(None)
        },
    }
}

/// The facts of ally `w` about the attack on `v` by `s`: its own harm, and what `v` reported
/// (`report`) and whether `v` asked `w` for help.
pub fn ally_facts(l: &Legal, picture: &Picture, w: u16, v: u16, s: u16, report: &Facts) -> Facts {
    let plan = &l.plan.0;
    let close = plan.actors[w as usize]
        .relations
        .iter()
        .any(|r| r.other == v && r.kind == crate::model::RelationKind::Ally && r.close);
    let requested = picture.requests.contains_key(&(v, s));
    let mut fw = report.clone();
    fw.victim = plan.actors[w as usize].id.clone();
    fw.harm = picture.harm.clone();
    fw.worst_effect = effect_of(picture.worst_seen);
    fw.responses_tried = l
        .legal
        .responses
        .iter()
        .filter(|r| r.actor == w && r.against == s && r.ally == Some(v))
        .map(|r| Tried {
            response: r.response,
            effective: false,
        })
        .collect();
    fw.armed_conflict = l.legal.armed_conflict.contains(&(w.min(s), w.max(s)));
    fw.supply = supply(l, w, v, s, report);
    fw.conflict = conflict_between(l, w, s);
    // The ally's own responses: the model does not track its calls to comply.
    fw.response_facts = ResponseFacts::default();
    fw.ally = Some(AllyFacts {
        state: plan.actors[v as usize].id.clone(),
        close_relationship: close,
        requested_assistance: Truth::known(requested),
        harm: report.harm.clone(),
        worst_effect: report.worst_effect,
        attribution: report.attribution.clone(),
    });
    fw
}

/// The supply facts of ally `w` about the attack on `v` by `s`: the share of `w`'s energy
/// imports that come from `v`, cut in proportion to `v`'s reported supply loss (modelling, not
/// law); `w`'s stocks; whether they have been released (from `release_after_days` after `v`
/// declared the attack).
fn supply(l: &Legal, w: u16, v: u16, s: u16, report: &Facts) -> crate::law::japan::SupplyFacts {
    let plan = &l.plan.0;
    let me = &plan.actors[w as usize];
    let imports = me
        .source
        .relationships
        .iter()
        .find(|r| r.with == plan.actors[v as usize].id)
        .map_or(0.0, |r| r.energy_imports);
    let stocks = me
        .source
        .stocks
        .clone()
        .or_else(|| (me.id == "japan").then(crate::scenario::Stocks::japan));
    let loss = report.harm.essential_supply_loss;
    let import_loss = Figure::bounded(
        ((imports * loss.low()) * 1e4).round() / 1e4,
        ((imports * loss.high().min(1.0)) * 1e4).round() / 1e4,
    );
    let declared = l
        .legal
        .requests
        .iter()
        .find(|r| r.state == v && r.against == s)
        .map(|r| r.tick);
    crate::law::japan::SupplyFacts {
        import_loss,
        oil_stock_days: stocks
            .as_ref()
            .map_or(Figure::UNKNOWN, |x| Figure::known(x.oil_days)),
        lng_stock_days: stocks
            .as_ref()
            .map_or(Figure::UNKNOWN, |x| Figure::known(x.lng_days)),
        stocks_released: match (&stocks, declared) {
            (Some(x), Some(t)) => {
                truth(l.clock.tick >= t + plan.ticks_for(x.release_after_days * 24.0))
            }
            (Some(_), None) => truth(false),
            (None, _) => Truth(None),
        },
    }
}

/// The gravity of an attack as facts describe it, judged under doctrine `d` (for an ally's
/// situation, the attack on the ally).
pub fn gravity(facts: &Facts, d: &crate::law::Doctrine) -> Gravity {
    let (harm, worst) = match &facts.ally {
        Some(a) => (&a.harm, a.worst_effect),
        None => (&facts.harm, facts.worst_effect),
    };
    let index = crate::law::tests::severity_index(harm, worst, d);
    Gravity {
        effect: worst.map_or(0, |e| e.index() as u8 + 1),
        class: index.floor().clamp(0.0, 255.0) as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: DeclaredIntent = DeclaredIntent::None;
    const X: DeclaredIntent = DeclaredIntent::Explicit;

    #[test]
    fn the_domaine_reserve_is_unknown_while_the_aim_is_not_known() {
        let u = Truth(None);
        let (t, f) = (Truth::known(true), Truth::known(false));
        let e = Some(EffectType::Disruption);
        // Energy cut, government untouched, aim not known: neither false.
        assert_eq!(intervention_facts(e, D, None, false), (u, u));
        // A declared intent makes the disruption coercive; the domain still turns on the aim.
        assert_eq!(intervention_facts(e, X, None, false), (u, t));
        assert_eq!(
            intervention_facts(e, X, Some(CampaignAim::Compel), false),
            (t, t)
        );
        assert_eq!(
            intervention_facts(e, X, Some(CampaignAim::Other), false),
            (f, t)
        );
        // Government systems hit: their functions are the State's own.
        assert_eq!(intervention_facts(e, D, None, true), (t, u));
        // Espionage compels nothing, whatever it watched.
        let spy = Some(EffectType::Espionage);
        assert_eq!(intervention_facts(spy, X, None, false), (f, f));
        assert_eq!(intervention_facts(spy, D, None, true), (t, f));
        assert_eq!(intervention_facts(None, D, None, false), (f, f));
    }
}
