//! The legal tests that characterise hostile cyber operations: one function per test, its
//! source in its doc comment. Each returns a [`Finding`] with the facts it used.

use super::doctrine::Doctrine;
use super::explain::{Arg, Explanation};
use super::facts::{AllyFacts, AttributionFacts, Facts, Figure, Harm, Truth};
use super::{Because, FactsRange, Finding, Status, Unknowns, Used};
use crate::model::{AttributionBasis, EffectType};

/// How grave the effects of the operations are, from the facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gravity {
    /// No hostile effect.
    None,
    /// Espionage only: no loss of function.
    Espionage,
    /// Disruption that inconveniences, or damage below the severity thresholds.
    Minor,
    /// Severe effects without death, injury or physical damage (including excess deaths
    /// estimated from loss of service at the doctrine's severe figures). They bear on use of
    /// force, never on armed attack.
    SevereNonPhysical,
    /// Catastrophic effects without death, injury or physical damage: a share of GDP several
    /// times the severe one, an essential service lost nationwide for weeks, estimated excess
    /// deaths at the catastrophic figure. On these alone the experts divided over armed attack
    /// (TM2.0 r.71 commentary).
    CatastrophicNonPhysical,
    /// Death, injury or physical damage below the grave figures.
    LesserPhysical,
    /// Death, injury or destruction at or above the grave figures.
    Grave,
}

/// Which end of its bounds an unknown fact is taken at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The least harm the facts allow.
    Low,
    /// The most harm the facts allow.
    High,
}

/// The harm facts a test may evaluate at their bounds, in a fixed order.
pub const HARM_FACTS: [&str; 14] = [
    "deaths",
    "injuries",
    "estimated_deaths",
    "estimated_injuries",
    "physical_destruction",
    "destruction_usd",
    "data_destroyed",
    "loss_of_function",
    "critical_infrastructure",
    "outage_days",
    "economic_loss_usd",
    "economic_loss_gdp_share",
    "essential_supply_loss",
    "largest_operation_share",
];

/// Harm resolved to plain values at one end of its bounds, counting `share` of it.
#[derive(Clone, Copy, Debug)]
pub struct Point {
    deaths: f64,
    injuries: f64,
    estimated_deaths: f64,
    estimated_injuries: f64,
    physical: bool,
    destruction_usd: f64,
    data_destroyed: bool,
    loss_of_function: bool,
    critical_infrastructure: bool,
    outage_days: f64,
    economic_usd: f64,
    gdp_share: f64,
    supply_loss: f64,
}

impl Point {
    /// `h` with every unknown fact at `end`, except fact `flip` (an index into
    /// [`HARM_FACTS`]) at the other end; `share` scales the figures of one operation.
    pub fn of(h: &Harm, share: Figure, end: End, flip: Option<usize>) -> Point {
        let at = |i: usize| if flip == Some(i) { other(end) } else { end };
        let fig = |i: usize, f: Figure| match at(i) {
            End::Low => f.low(),
            End::High => f.high(),
        };
        let truth = |i: usize, t: Truth| t.0.unwrap_or(at(i) == End::High);
        let k = fig(13, share.as_share());
        Point {
            deaths: fig(0, h.deaths) * k,
            injuries: fig(1, h.injuries) * k,
            estimated_deaths: fig(2, h.estimated_deaths) * k,
            estimated_injuries: fig(3, h.estimated_injuries) * k,
            physical: truth(4, h.physical_destruction),
            destruction_usd: fig(5, h.destruction_usd) * k,
            data_destroyed: truth(6, h.data_destroyed),
            loss_of_function: truth(7, h.loss_of_function),
            critical_infrastructure: truth(8, h.critical_infrastructure),
            outage_days: fig(9, h.outage_days),
            economic_usd: fig(10, h.economic_loss_usd) * k,
            gdp_share: (fig(11, h.economic_loss_gdp_share.as_share()) * k).min(1.0),
            supply_loss: fig(12, h.essential_supply_loss.as_share()),
        }
    }
}

fn other(e: End) -> End {
    match e {
        End::Low => End::High,
        End::High => End::Low,
    }
}

/// Which harm facts are not known exactly (bit `i` for [`HARM_FACTS`]`[i]`).
fn unknowns(h: &Harm, share: Figure) -> u16 {
    let figs = [
        (0, h.deaths),
        (1, h.injuries),
        (2, h.estimated_deaths),
        (3, h.estimated_injuries),
        (5, h.destruction_usd),
        (9, h.outage_days),
        (10, h.economic_loss_usd),
        (11, h.economic_loss_gdp_share),
        (12, h.essential_supply_loss),
        (13, share),
    ];
    let truths = [
        (4, h.physical_destruction),
        (6, h.data_destroyed),
        (7, h.loss_of_function),
        (8, h.critical_infrastructure),
    ];
    let mut mask = 0u16;
    for (i, f) in figs {
        if !f.is_known() {
            mask |= 1 << i;
        }
    }
    for (i, t) in truths {
        if t.0.is_none() {
            mask |= 1 << i;
        }
    }
    mask
}

/// Classifies harm resolved to a point under a doctrine's figures.
pub fn gravity_at(p: &Point, worst: Option<EffectType>, d: &Doctrine) -> Gravity {
    let aa = &d.armed_attack;
    let uof = &d.use_of_force;
    // Harm with no operation against the State's own systems (consequences of an attack on
    // another State) is not an effect of a use of force against it.
    if worst.is_none() && !p.loss_of_function && !p.physical && !p.data_destroyed {
        return Gravity::None;
    }
    if p.deaths >= aa.grave_deaths
        || p.injuries >= aa.grave_injuries
        || p.destruction_usd >= aa.grave_destruction_usd
    {
        return Gravity::Grave;
    }
    if p.deaths > 0.0 || p.injuries > 0.0 || p.physical {
        return Gravity::LesserPhysical;
    }
    // Espionage that impairs nothing stays espionage, whatever it costs to clean up.
    if worst == Some(EffectType::Espionage) && !p.loss_of_function && !p.data_destroyed {
        return Gravity::Espionage;
    }
    let catastrophic = p.gdp_share >= aa.catastrophic_gdp_share
        || p.critical_infrastructure
            && p.supply_loss >= aa.catastrophic_supply_loss
            && p.outage_days >= aa.catastrophic_outage_days
        || p.estimated_deaths >= aa.catastrophic_estimated_deaths
        || p.estimated_injuries >= aa.catastrophic_estimated_injuries;
    if catastrophic {
        return Gravity::CatastrophicNonPhysical;
    }
    let severe = p.economic_usd >= uof.severe_economic_loss_usd
        || p.gdp_share >= uof.severe_gdp_share
        || p.critical_infrastructure
            && p.supply_loss >= uof.severe_supply_loss
            && p.outage_days >= uof.severe_outage_days
        || p.estimated_deaths >= uof.severe_estimated_deaths
        || p.estimated_injuries >= uof.severe_estimated_injuries;
    if severe {
        return Gravity::SevereNonPhysical;
    }
    match worst {
        None => Gravity::None,
        Some(_) => Gravity::Minor,
    }
}

/// Classifies harm under a doctrine's figures, counting `share` of it (the largest single
/// operation's share, or 1 for the cumulative total), unknown facts at their least.
pub fn gravity(h: &Harm, worst: Option<EffectType>, share: f64, d: &Doctrine) -> Gravity {
    gravity_at(
        &Point::of(h, Figure::known(share), End::Low, None),
        worst,
        d,
    )
}

/// The gravity of harm to a State under one doctrine, counting one share of it, at the two
/// ends of the unknown facts' bounds; the ends with each unknown fact taken at its other bound
/// are worked out the first time a test needs them. Every harm test's status is a function of
/// the gravity class, so the tests of one assessment share these ([`Gravities`]) instead of
/// each resolving the harm again.
#[derive(Debug)]
pub struct GravityBounds<'a> {
    h: &'a Harm,
    worst: Option<EffectType>,
    share: Figure,
    d: &'a Doctrine,
    lo: Gravity,
    hi: Gravity,
    mask: u16,
    flips: std::cell::OnceCell<[(Gravity, Gravity); HARM_FACTS.len()]>,
}

impl<'a> GravityBounds<'a> {
    /// The gravity of `h` (worst effect `worst`), counting `share` of it, under `d`.
    pub fn new(
        h: &'a Harm,
        worst: Option<EffectType>,
        share: Figure,
        d: &'a Doctrine,
    ) -> GravityBounds<'a> {
        let mask = unknowns(h, share);
        let lo = gravity_at(&Point::of(h, share, End::Low, None), worst, d);
        let hi = if mask == 0 {
            lo
        } else {
            gravity_at(&Point::of(h, share, End::High, None), worst, d)
        };
        GravityBounds {
            h,
            worst,
            share,
            d,
            lo,
            hi,
            mask,
            flips: std::cell::OnceCell::new(),
        }
    }

    /// The gravity at the least harm the facts allow.
    pub fn least(&self) -> Gravity {
        self.lo
    }

    /// The gravity classes the facts allow, for an explanation (written as one class, or "from
    /// ... to ..., as the unknown facts allow").
    pub fn span(&self) -> Arg {
        Arg::Gravity(self.lo, self.hi)
    }

    /// A test's outcome over the bounds, `status` giving it for each gravity class: the status
    /// at both ends when they agree, else `unknown` (as [`GravityBounds::status`], without
    /// naming the immaterial facts).
    pub fn outcome(&self, status: impl Fn(Gravity) -> Status) -> Status {
        let low = status(self.lo);
        if self.mask == 0 || status(self.hi) == low {
            low
        } else {
            Status::Unknown
        }
    }

    /// A test's outcome over the bounds of the harm facts, `status` giving it for each gravity
    /// class: each unknown fact is taken at its bounds (every test is monotone in every harm
    /// fact: more harm never lowers a status). The outcome is the status at both ends when they
    /// agree, else `unknown`; the second value names the unknown facts that could not change
    /// it.
    pub fn status(&self, status: impl Fn(Gravity) -> Status) -> (Status, Unknowns) {
        let low = status(self.lo);
        if self.mask == 0 {
            return (low, Unknowns::NONE);
        }
        let high = status(self.hi);
        if low == high {
            return (low, Unknowns::new(self.mask, 0));
        }
        let flips = self.flips.get_or_init(|| {
            let mut out = [(Gravity::None, Gravity::None); HARM_FACTS.len()];
            for (i, slot) in out.iter_mut().enumerate() {
                if self.mask & (1 << i) != 0 {
                    let at = |end| {
                        gravity_at(
                            &Point::of(self.h, self.share, end, Some(i)),
                            self.worst,
                            self.d,
                        )
                    };
                    *slot = (at(End::Low), at(End::High));
                }
            }
            out
        });
        let mut immaterial = 0u16;
        for (i, (lo, hi)) in flips.iter().enumerate() {
            if self.mask & (1 << i) != 0 && status(*lo) == low && status(*hi) == high {
                immaterial |= 1 << i;
            }
        }
        (
            Status::Unknown,
            Unknowns::new(immaterial, self.mask & !immaterial),
        )
    }
}

/// The gravity of the harm to the assessing State under one doctrine, worked out once per
/// assessment: the whole of it (the cumulative total) and its largest single operation.
#[derive(Debug)]
pub struct Gravities<'a> {
    /// All the harm.
    pub whole: GravityBounds<'a>,
    /// The largest single operation's share of it.
    pub largest: GravityBounds<'a>,
    accumulation: bool,
}

impl<'a> Gravities<'a> {
    /// The gravities of `facts`' harm under `d`.
    pub fn new(facts: &'a Facts, d: &'a Doctrine) -> Gravities<'a> {
        Gravities {
            whole: GravityBounds::new(&facts.harm, facts.worst_effect, Figure::known(1.0), d),
            largest: GravityBounds::new(
                &facts.harm,
                facts.worst_effect,
                facts.largest_operation_share,
                d,
            ),
            accumulation: d.armed_attack.accumulation,
        }
    }

    /// The harm a use of force is judged on: the whole where the doctrine accumulates related
    /// operations, else the largest operation.
    pub fn judged(&self) -> &GravityBounds<'a> {
        if self.accumulation {
            &self.whole
        } else {
            &self.largest
        }
    }
}

/// Appends the harm facts a test used to `u` (the finding's facts continue after them).
fn harm_facts(u: &mut Used, facts: &Facts, h: &Harm, worst: Option<EffectType>) {
    u.add([
        facts.used(
            "worst_effect",
            worst.map_or("none".into(), |w| w.as_str().into()),
        ),
        facts.fig("deaths", h.deaths),
        facts.fig("injuries", h.injuries),
        facts.fig("estimated_deaths", h.estimated_deaths),
        facts.fig("estimated_injuries", h.estimated_injuries),
        facts.truth("physical_destruction", h.physical_destruction),
        facts.fig("destruction_usd", h.destruction_usd),
        facts.fig("economic_loss_usd", h.economic_loss_usd),
        facts.fig("economic_loss_gdp_share", h.economic_loss_gdp_share),
        facts.truth("critical_infrastructure", h.critical_infrastructure),
        facts.fig("essential_supply_loss", h.essential_supply_loss),
        facts.fig("outage_days", h.outage_days),
    ]);
}

/// How a gravity class is named in explanations.
pub(crate) fn gravity_name(g: Gravity) -> &'static str {
    match g {
        Gravity::None => "no hostile effect",
        Gravity::Espionage => "espionage only",
        Gravity::Minor => "minor (temporary or below the severity figures)",
        Gravity::SevereNonPhysical => {
            "severe, without death, injury or physical damage caused (estimated harm counts here)"
        }
        Gravity::CatastrophicNonPhysical => {
            "catastrophic, without death, injury or physical damage caused"
        }
        Gravity::LesserPhysical => {
            "death, injury or physical damage caused, below the grave figures"
        }
        Gravity::Grave => "grave (death, injury or destruction caused at scale)",
    }
}

/// **State attribution.** Conduct is attributable to a State when done by its organs (ARSIWA
/// art. 4; TM2.0 r.15), by entities exercising elements of governmental authority (art. 5), or
/// by persons acting on its instructions or under its direction or control (art. 8; TM2.0
/// r.17). The conduct of an independent group is attributable to no State. Whether the victim
/// knows enough is judged against the doctrine's required confidence.
pub fn state_attribution(facts: &Facts, d: &Doctrine, u: &mut Used) -> Finding {
    attribution_finding("state_attribution", facts, &facts.attribution, d, u)
}

fn attribution_finding(
    test: &'static str,
    facts: &Facts,
    a: &AttributionFacts,
    d: &Doctrine,
    u: &mut Used,
) -> Finding {
    let article = match a.basis {
        AttributionBasis::StateOrgan => "ARSIWA art. 4; TM2.0 r.15",
        AttributionBasis::GovernmentalAuthority => "ARSIWA art. 5; TM2.0 r.15",
        AttributionBasis::StateDirected => "ARSIWA art. 8; TM2.0 r.17",
        AttributionBasis::Independent => "ARSIWA arts. 4, 5, 8 (none applies); TM2.0 r.17",
        AttributionBasis::Unknown => "ARSIWA arts. 4, 5, 8; TM2.0 r.15, r.17",
    };
    let confidence = a.confidence;
    let state = u.maybe_name(a.state.as_deref());
    let who = state.arg();
    let (outcome, explanation): (Status, Explanation) = match (a.basis, &a.state) {
        (AttributionBasis::Independent, _) => (
            Status::NotMet,
            "the operators are an independent group: their conduct is attributable to no State"
                .into(),
        ),
        (AttributionBasis::Unknown, None) => (
            Status::Unknown,
            "the author is not known: neither a State nor a group has been identified".into(),
        ),
        (_, None) => (Status::Unknown, "no State has been identified".into()),
        (basis, Some(_)) => match confidence.reaches(d.attribution_confidence) {
            Some(true) if basis == AttributionBasis::Unknown => (
                Status::Unknown,
                u.explain(
                    "{} is identified, but not how the operators relate to it (organ, governmental authority, direction or control)",
                    [who],
                ),
            ),
            Some(true) => (
                Status::Met,
                u.explain(
                    "attributed to {} ({}) with confidence {}, at or above the {} required",
                    [
                        who,
                        basis.as_str().into(),
                        confidence.into(),
                        Arg::Fixed2(d.attribution_confidence),
                    ],
                ),
            ),
            Some(false) => (
                Status::Unknown,
                u.explain(
                    "{} is suspected with confidence {}, below the {} required",
                    [
                        who,
                        confidence.into(),
                        Arg::Fixed2(d.attribution_confidence),
                    ],
                ),
            ),
            None => (
                Status::Unknown,
                "the confidence of the attribution is not known".into(),
            ),
        },
    };
    Finding {
        test,
        outcome,
        citation: d.cite(a.basis as usize, &d.attribution_note, || {
            format!("{article}; {}", d.attribution_note)
        }),
        facts: u.add([
            facts.used("attribution.state", state),
            facts.used("attribution.basis", a.basis.as_str().into()),
            facts.fig("attribution.confidence", a.confidence),
        ]),
        explanation,
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Violation of sovereignty.** A State must not conduct cyber operations that violate the
/// sovereignty of another State (TM2.0 r.4): by the majority view, a State-attributable
/// operation that causes loss of functionality of cyber infrastructure in another State, or that
/// usurps inherently governmental functions. Espionage as such is not unlawful: "although
/// peacetime cyber espionage by States does not per se violate international law, the method
/// by which it is carried out might do so" (TM2.0 r.32); whether remote espionage violates sovereignty divided the experts. France holds that
/// any penetration by a State-attributable actor violates it (France 2019); the United Kingdom
/// (Wright 2018) and the US Department of Defense (Ney, 2 March 2020) that it is not a
/// standalone rule. Agents of a State who conduct cyber operations while physically present
/// on another State's territory without its consent violate its territorial sovereignty,
/// whatever the operations' effects (TM2.0 r.4 commentary: "it is a violation of territorial
/// sovereignty for an organ of a State ... to conduct cyber operations while physically present
/// on another State's territory against that State or entities or persons located there");
/// doctrines with no standalone rule keep their answer.
pub fn sovereignty_violation(
    facts: &Facts,
    d: &Doctrine,
    attributed: Status,
    u: &mut Used,
) -> Finding {
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
    let presence = agents_present(facts);
    let act = with_presence(act, presence);
    let (outcome, explanation, citation): (Status, Explanation, super::Citation) = match d.sovereignty {
        R::NoStandaloneRule => (
            Status::NotMet,
            "sovereignty is not a standalone rule under this doctrine: only intervention and force are prohibited".into(),
            d.cite(5, &d.source, || {
                format!("{} (no standalone rule of sovereignty)", d.source)
            }),
        ),
        R::AnyPenetration => {
            let act = if facts.worst_effect.is_some() { Status::Met } else { act };
            (
                act.and(attributed),
                u.explain(
                    "any penetration by a State-attributable actor violates sovereignty; the act: {}, attribution: {}{}",
                    [act.into(), attributed.into(), presence_arg(presence)],
                ),
                d.cite(6, &d.source, || format!("{} (any penetration)", d.source)),
            )
        }
        R::Rule => (
            act.and(attributed),
            u.explain(
                "operations causing loss of functionality or usurping governmental functions violate sovereignty; the act: {}, attribution: {}{}",
                [act.into(), attributed.into(), presence_arg(presence)],
            ),
            if presence == Status::NotMet {
                "TM2.0 r.4 and commentary; TM2.0 r.32 (peacetime espionage)".into()
            } else {
                "TM2.0 r.4 and commentary (State agents physically present on the territory); TM2.0 r.32 (peacetime espionage)".into()
            },
        ),
    };
    let used = u.add([
        facts.used(
            "worst_effect",
            facts
                .worst_effect
                .map_or("none".into(), |w| w.as_str().into()),
        ),
        facts.truth("loss_of_function", h.loss_of_function),
        facts.truth("data_destroyed", h.data_destroyed),
        facts.truth("governmental_functions", facts.governmental_functions),
        facts.truth("agents_in_territory", facts.agents_in_territory),
        facts.used("state_attribution", attributed.as_str().into()),
    ]);
    Finding {
        test: "sovereignty_violation",
        outcome,
        citation,
        facts: used,
        explanation,
        because: Because::on(&["state_attribution"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Presence of State agents on the territory.** Whether agents of the suspected State took
/// part from inside the victim's territory without its consent (TM2.0 r.4 commentary): `met`,
/// `not_met`, or `unknown`.
pub fn agents_present(facts: &Facts) -> Status {
    truth_status(facts.agents_in_territory)
}

/// The act against sovereignty once the agents' presence is known: presence is a violation
/// whatever the effects; unknown presence leaves a lesser act unknown (it could be a
/// violation).
fn with_presence(act: Status, presence: Status) -> Status {
    match presence {
        Status::Met => Status::Met,
        Status::NotMet => act,
        _ if act == Status::Met => Status::Met,
        _ => Status::Unknown,
    }
}

fn presence_arg(presence: Status) -> Arg {
    match presence {
        Status::Met => "; State agents took part from inside the territory without its consent: a violation whatever the effects",
        Status::NotMet => "",
        _ => "; whether State agents took part from inside the territory is not known (if they did, a violation)",
    }
    .into()
}

fn truth_status(t: Truth) -> Status {
    match t.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    }
}

/// **Prohibited intervention.** A State must not intervene, by cyber means, in the internal or
/// external affairs of another State (TM2.0 r.66): the act must bear on the *domaine réservé*
/// (matters a State decides freely, such as its political system or elections; commentary
/// para 11) and be coercive (it compels, rather than merely influences or observes;
/// commentary para 29). Some States read the domain broadly: for the United Kingdom, coercive
/// disruption of essential services such as medical care or energy supply can be prohibited
/// intervention (Braverman, 19 May 2022). Elections lie within the *domaine réservé*; whether
/// an operation against one is coercive is read from what it did ([`coercion`]). Where
/// coercion is not otherwise known, effects that are themselves a use of force make it: "the
/// element of coercion ... is particularly obvious in the case of an intervention which uses
/// force" (ICJ, Nicaragua (1986) para 205); the *domaine réservé* still has to be shown.
pub fn prohibited_intervention(
    facts: &Facts,
    d: &Doctrine,
    attributed: Status,
    force_effects: Status,
    u: &mut Used,
) -> Finding {
    let supply = facts.harm.essential_supply_loss;
    let essential = if !d.intervention_essential_services {
        Status::NotMet
    } else if supply.low() > 0.0 {
        Status::Met
    } else if supply.high() <= 0.0 {
        Status::NotMet
    } else {
        Status::Unknown
    };
    let election = if facts.election_interference.is_some() {
        Status::Met
    } else {
        Status::NotMet
    };
    let domain = truth_status(facts.domaine_reserve)
        .or(essential)
        .or(election);
    let coercive = coercion_status(facts);
    let by_force = coercive == Status::Unknown && force_effects == Status::Met;
    let coercive = if by_force { Status::Met } else { coercive };
    let act = domain.and(coercive);
    const INTERVENTION: &str = "TM2.0 r.66, commentary paras 11 (domaine réservé), 29 (coercion); ICJ, Nicaragua (1986) para 205";
    let citation: super::Citation = if d.intervention_citation.is_empty() {
        INTERVENTION.into()
    } else {
        d.cite(7, &d.intervention_citation, || {
            format!("{INTERVENTION}; {}", d.intervention_citation)
        })
    };
    Finding {
        test: "intervention",
        outcome: act.and(attributed),
        citation,
        facts: u.add([
            facts.truth("domaine_reserve", facts.domaine_reserve),
            facts.fig("essential_supply_loss", supply),
            facts.truth("coercive", facts.coercive),
            facts.used(
                "election_interference",
                facts
                    .election_interference
                    .map_or("none", |e| e.as_str())
                    .into(),
            ),
            facts.used("state_attribution", attributed.as_str().into()),
        ]),
        explanation: u.explain(
            "bears on the domaine réservé{}: {}; coercive: {}{}; attribution: {}",
            [
                if d.intervention_essential_services {
                    " (including coercive disruption of essential services)"
                } else {
                    ""
                }
                .into(),
                domain.into(),
                coercive.into(),
                if by_force {
                    " (its effects are a use of force, in which coercion is particularly obvious: Nicaragua para 205)"
                } else {
                    ""
                }
                .into(),
                attributed.into(),
            ],
        ),
        because: Because::on(&["state_attribution", "coercion"]),
        unknowns: Unknowns::NONE,
    }
}

/// Coercion as the facts give it: the `coercive` fact when known (it overrides); else what the
/// operations did to an election; else unknown.
fn coercion_status(facts: &Facts) -> Status {
    use super::facts::ElectionInterference as E;
    match (facts.coercive.0, facts.election_interference) {
        (Some(_), _) => truth_status(facts.coercive),
        (None, Some(E::ConductOrResults)) => Status::Met,
        (None, Some(E::Influence)) => Status::Contested,
        (None, None) => Status::Unknown,
    }
}

/// **Coercion read from the kind of effect.** Coercion compels the target State to act, or
/// not to act, in a way it would not otherwise, and deprives it of control over a matter it is
/// entitled to decide freely (TM2.0 r.66 commentary (check: paragraph); ICJ, Nicaragua (1986)
/// para 205). An operation that alters or impedes the conduct or the results
/// of an election (voter registers, voting or tallying, the administration of the vote) takes
/// that control from the State whatever its aim: coercive (TM2.0 r.66 commentary, the
/// manipulation of elections by cyber means (check: paragraph)). Operations that only
/// influence the voters (disinformation, the leak of stolen documents) divided the experts:
/// contested. The `coercive` fact, when known, overrides. Made when the facts name an
/// interference with an election.
pub fn coercion(facts: &Facts, u: &mut Used) -> Option<Finding> {
    let kind = facts.election_interference?;
    let outcome = coercion_status(facts);
    let why: &'static str = match (facts.coercive.0, kind) {
        (Some(_), _) => "the facts state whether the operations were coercive; that fact decides",
        (None, super::facts::ElectionInterference::ConductOrResults) => {
            "the operations altered or impeded the conduct or the results of an election: they take from the State control over a matter of its domaine réservé, which is coercive by its nature"
        }
        (None, super::facts::ElectionInterference::Influence) => {
            "the operations sought to influence the voters without touching the conduct or the results of the election: whether such influence is coercive divided the experts"
        }
    };
    Some(Finding {
        test: "coercion",
        outcome,
        citation: "TM2.0 r.66 commentary (coercion; elections: check paragraphs); ICJ, Nicaragua (1986) para 205".into(),
        facts: u.add([
            facts.used("election_interference", kind.as_str().into()),
            facts.truth("coercive", facts.coercive),
        ]),
        explanation: why.into(),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    })
}

/// The use-of-force status a doctrine gives effects of gravity `g`.
pub fn use_of_force_for(g: Gravity, d: &Doctrine) -> Status {
    match g {
        Gravity::None | Gravity::Espionage | Gravity::Minor => Status::NotMet,
        Gravity::SevereNonPhysical | Gravity::CatastrophicNonPhysical => {
            d.use_of_force.non_physical
        }
        Gravity::LesserPhysical | Gravity::Grave => Status::Met,
    }
}

/// **Use of force.** A cyber operation is a use of force when its scale and effects are
/// comparable to non-cyber operations rising to that level (UN Charter art. 2(4); TM2.0 r.68,
/// r.69): judged on severity (the most important factor), immediacy, directness, invasiveness,
/// measurability, military character, State involvement and presumptive legality. Operations
/// that proximately cause death, injury or destruction are uses of force (Koh 2012); a
/// temporary denial of service that only inconveniences is not; severe effects without physical
/// harm, and harm only *estimated* from loss of service, divide the experts and the States
/// (TM2.0 r.69 commentary on reasonably foreseeable consequences). Art. 2(4) binds States: an
/// operation attributable to no State is no State's use of force.
pub fn use_of_force(
    facts: &Facts,
    d: &Doctrine,
    g: &Gravities,
    attributed: Status,
    (effects, immaterial): (Status, Unknowns),
    u: &mut Used,
) -> Finding {
    let outcome = effects.and(attributed);
    let mark = u.mark();
    harm_facts(u, facts, &facts.harm, facts.worst_effect);
    u.push(facts.fig("largest_operation_share", facts.largest_operation_share));
    u.push(facts.used("state_attribution", attributed.as_str().into()));
    let used = u.since(mark);
    let author = match attributed {
        Status::Met => "",
        Status::NotMet => {
            "; not attributable to a State, so no State's use of force (UN Charter art. 2(4) binds States)"
        }
        _ => "; not (yet) attributable to a State: a use of force only if a State is the author",
    };
    Finding {
        test: "use_of_force",
        outcome,
        citation: d.use_of_force.citation.clone().into(),
        facts: used,
        explanation: u.explain(
            "the effects on this State: {}; as force: {}{}{}",
            [
                g.judged().span(),
                effects.into(),
                author.into(),
                Arg::Unknowns,
            ],
        ),
        because: Because::on(&["state_attribution"]),
        unknowns: immaterial,
    }
}

/// Whether the effects on the State are a use of force under `d`, whoever their author, over
/// the bounds of the unknown harm facts (with those that could not change it): evaluated once
/// per assessment and read by [`use_of_force`] and [`prohibited_intervention`].
pub fn force_effects(g: &Gravities, d: &Doctrine) -> (Status, Unknowns) {
    g.judged().status(|x| use_of_force_for(x, d))
}

/// The armed-attack status a doctrine gives effects of gravity `g` from a systematic campaign
/// (for charts: where on the gravity scale each doctrine's threshold lies).
pub fn armed_attack_for(g: Gravity, d: &Doctrine) -> Status {
    if d.armed_attack.no_gravity_gap {
        use_of_force_for(g, d)
    } else {
        armed_attack_status(g, Truth::known(true), d)
    }
}

/// The gravity classes in order, with their level on the severity scale (0 to 5).
pub const GRAVITY_LEVELS: [(Gravity, f64); 7] = [
    (Gravity::None, 0.0),
    (Gravity::Espionage, 1.0),
    (Gravity::Minor, 2.0),
    (Gravity::SevereNonPhysical, 3.0),
    (Gravity::CatastrophicNonPhysical, 3.5),
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
/// 2 minor, 3 severe non-physical, 3.5 catastrophic non-physical, 4 lesser physical, 5 grave)
/// plus how far the harm has gone toward the next class under the doctrine's figures.
pub fn severity_index(h: &Harm, worst: Option<EffectType>, d: &Doctrine) -> f64 {
    let g = gravity(h, worst, 1.0, d);
    let aa = &d.armed_attack;
    let uof = &d.use_of_force;
    let v = |f: Figure| f.low();
    let physical = (v(h.deaths) / aa.grave_deaths)
        .max(v(h.injuries) / aa.grave_injuries)
        .max(v(h.destruction_usd) / aa.grave_destruction_usd);
    let economic = v(h.economic_loss_usd) / uof.severe_economic_loss_usd;
    let estimated = v(h.estimated_deaths) / uof.severe_estimated_deaths;
    let catastrophic = (v(h.estimated_deaths) / aa.catastrophic_estimated_deaths)
        .max(v(h.economic_loss_gdp_share) / aa.catastrophic_gdp_share);
    let (level, frac, cap) = match g {
        Gravity::None => (0.0, 0.0, 0.99),
        Gravity::Espionage => (1.0, 0.0, 0.99),
        Gravity::Minor => (2.0, economic.max(estimated), 0.99),
        Gravity::SevereNonPhysical => (3.0, catastrophic / 2.0, 0.49),
        Gravity::CatastrophicNonPhysical => (3.5, catastrophic.log10() / 4.0, 0.49),
        Gravity::LesserPhysical => (4.0, physical, 0.99),
        Gravity::Grave => (5.0, physical.max(1.0).log10() / 2.0, 0.99),
    };
    level + frac.clamp(0.0, cap)
}

fn armed_attack_status(g: Gravity, systematic: Truth, d: &Doctrine) -> Status {
    let aa = &d.armed_attack;
    let base = match g {
        Gravity::None | Gravity::Espionage | Gravity::Minor | Gravity::SevereNonPhysical => {
            Status::NotMet
        }
        Gravity::CatastrophicNonPhysical => aa.non_physical,
        Gravity::LesserPhysical => aa.lesser_physical,
        Gravity::Grave => Status::Met,
    };
    if aa.requires_systematic {
        base.and(truth_status(systematic))
    } else {
        base
    }
}

/// The armed-attack scale of the harm judged on a share of it (no gravity gap: the
/// use-of-force status of the effects).
fn armed_scale(facts: &Facts, d: &Doctrine, harm: &GravityBounds) -> (Status, Unknowns) {
    harm.status(|g| {
        if d.armed_attack.no_gravity_gap {
            use_of_force_for(g, d)
        } else {
            armed_attack_status(g, facts.systematic, d)
        }
    })
}

/// Who the attack can be imputed to, for armed attack: a State (attribution met); a non-State
/// group (contested ground: self-defense against non-State actors); or not yet known.
fn author_for_armed_attack(attributed: Status) -> Status {
    if attributed == Status::NotMet {
        Status::Contested
    } else {
        attributed
    }
}

/// **Armed attack.** The right of self-defense arises "if an armed attack occurs" (UN Charter
/// art. 51): the gravest forms of the use of force (ICJ, Nicaragua (1986) para 191), judged by
/// scale and effects (para 195; TM2.0 r.71). Severe non-physical effects are not the gravest
/// forms; the experts divided only on catastrophic ones (TM2.0 r.71 commentary). Doctrines
/// differ: the United States sees no gap between use of force and armed attack (Koh 2012);
/// Japan requires damage on par with a physical attack, made in a systematic and premeditated
/// manner (Abe, 16 May 2019); NATO allows that cumulative activities might amount to one
/// (Brussels 2021 para 32); the TM2.0 experts agreed that related operations by one originator
/// may be a composite armed attack (TM2.0 r.71 commentary; check). An attack by a non-State
/// group is contested ground.
pub fn armed_attack(
    facts: &Facts,
    d: &Doctrine,
    g: &Gravities,
    attributed: Status,
    u: &mut Used,
) -> Finding {
    let aa = &d.armed_attack;
    let mark = u.mark();
    harm_facts(u, facts, &facts.harm, facts.worst_effect);
    u.push(facts.fig("largest_operation_share", facts.largest_operation_share));
    u.push(facts.fig("operations", facts.operations));
    u.push(facts.truth("systematic", facts.systematic));
    u.push(facts.used("intent", facts.intent.as_str().into()));
    u.push(facts.used("state_attribution", attributed.as_str().into()));
    let used = u.since(mark);
    let author = author_for_armed_attack(attributed);
    let (single, mut immaterial) = armed_scale(facts, d, &g.largest);
    let gap: Arg = if aa.no_gravity_gap {
        "no gravity gap: any illegal use of force is an armed attack; "
    } else {
        ""
    }
    .into();
    let who: Arg = match attributed {
        Status::Met => "",
        Status::NotMet => {
            "; by a non-State group: whether self-defense lies against it is contested"
        }
        _ => "; the author is not (yet) established",
    }
    .into();
    let largest = || g.largest.span();
    let (scale, explanation) = if aa.accumulation {
        let (total, imm) = armed_scale(facts, d, &g.whole);
        immaterial = imm;
        let related = truth_status(facts.systematic);
        let cumulative = total.min(aa.accumulation_status).and(related);
        if cumulative > single {
            (
                cumulative,
                u.explain(
                    "{}the largest operation alone is {}; the related operations of one originator taken together are {} ({}: {}); scale and effects: {}{}{}",
                    [
                        gap,
                        largest(),
                        g.whole.span(),
                        if aa.accumulation_status == Status::Met {
                            "a composite armed attack"
                        } else {
                            "which might be considered an armed attack"
                        }
                        .into(),
                        cumulative.into(),
                        cumulative.into(),
                        who,
                        Arg::Unknowns,
                    ],
                ),
            )
        } else {
            (
                single,
                u.explain(
                    "{}the effects on this State: {}; scale and effects: {}{}{}",
                    [gap, largest(), single.into(), who, Arg::Unknowns],
                ),
            )
        }
    } else {
        (
            single,
            u.explain(
                "{}the effects of the largest operation: {}; scale and effects: {}{}{}",
                [gap, largest(), single.into(), who, Arg::Unknowns],
            ),
        )
    };
    Finding {
        test: "armed_attack",
        outcome: scale.and(author),
        citation: aa.citation.clone().into(),
        facts: used,
        explanation,
        because: Because::on(&["state_attribution", "use_of_force"]),
        unknowns: immaterial,
    }
}

/// **Armed attack on an ally.** Collective self-defense needs an armed attack on the State
/// defended (UN Charter art. 51; ICJ, Nicaragua (1986) paras 195, 199), attributable to the
/// attacker, judged by the same scale-and-effects test.
pub fn armed_attack_on_ally(
    facts: &Facts,
    ally: &AllyFacts,
    d: &Doctrine,
    u: &mut Used,
) -> Finding {
    let mark = u.mark();
    let attributed =
        attribution_finding("ally_attribution", facts, &ally.attribution, d, u).outcome;
    u.truncate(mark);
    let harm = GravityBounds::new(&ally.harm, ally.worst_effect, Figure::known(1.0), d);
    let (scale, immaterial) = harm.status(|g| {
        if d.armed_attack.no_gravity_gap {
            use_of_force_for(g, d)
        } else {
            armed_attack_status(g, facts.systematic, d)
        }
    });
    let mark = u.mark();
    let who = u.name_value(&ally.state);
    u.push(facts.used("ally", who));
    harm_facts(u, facts, &ally.harm, ally.worst_effect);
    u.push(facts.used("ally_attribution", attributed.as_str().into()));
    let used = u.since(mark);
    Finding {
        test: "armed_attack_on_ally",
        outcome: scale.and(author_for_armed_attack(attributed)),
        citation: d.cite(8, &d.armed_attack.citation, || {
            format!(
                "UN Charter art. 51; ICJ, Nicaragua (1986) paras 195, 199; {}",
                d.armed_attack.citation
            )
        }),
        facts: used,
        explanation: u.explain(
            "the attack on {} is {}; attribution of it: {} (an attack by a non-State group is contested ground){}",
            [
                who.arg(),
                harm.span(),
                attributed.into(),
                Arg::Unknowns,
            ],
        ),
        because: Because::NONE,
        unknowns: immaterial,
    }
}

/// **Due diligence of the host State.** A State must exercise due diligence in not allowing
/// its territory, or cyber infrastructure under its control, to be used for cyber operations
/// that affect the rights of, and produce serious adverse consequences for, other States
/// (TM2.0 r.6); it must take all feasible measures to put an end to them (r.7). Not every
/// State accepts it as a binding rule: the doctrine says whether it does.
pub fn host_state_due_diligence(
    facts: &Facts,
    d: &Doctrine,
    g: &Gravities,
    u: &mut Used,
) -> Option<Finding> {
    let host = facts.host_state.as_ref()?;
    let (serious, immaterial) = g.whole.status(|x| match x {
        Gravity::None | Gravity::Espionage => Status::NotMet,
        Gravity::Minor => Status::Contested,
        _ => Status::Met,
    });
    let failed = match host.acted.0 {
        Some(true) => Status::NotMet,
        Some(false) => Status::Met,
        None => Status::Unknown,
    };
    let breach = truth_status(host.knew)
        .and(truth_status(host.could_act))
        .and(failed)
        .and(serious);
    let citation: super::Citation = if d.due_diligence_citation.is_empty() {
        "TM2.0 r.6, r.7 (due diligence); ICJ, Corfu Channel (1949) p. 22".into()
    } else {
        d.cite(9, &d.due_diligence_citation, || {
            format!(
                "TM2.0 r.6, r.7 (due diligence); ICJ, Corfu Channel (1949) p. 22; {}",
                d.due_diligence_citation
            )
        })
    };
    let who = u.name_value(&host.state);
    Some(Finding {
        test: "host_state_due_diligence",
        outcome: breach.and(d.due_diligence),
        citation,
        facts: u.add([
            facts.used("host_state", who),
            facts.truth("host_state.knew", host.knew),
            facts.truth("host_state.could_act", host.could_act),
            facts.truth("host_state.acted", host.acted),
        ]),
        explanation: u.explain(
            "{} knew: {}; could act: {}; failed to act: {}; serious adverse consequences: {}; due diligence as a binding rule under this doctrine: {}{}",
            [
                who.arg(),
                truth_status(host.knew).into(),
                truth_status(host.could_act).into(),
                failed.into(),
                serious.into(),
                d.due_diligence.into(),
                Arg::Unknowns,
            ],
        ),
        because: Because::NONE,
        unknowns: immaterial,
    })
}

/// **Survival-threatening situation.** Japan may use force when "an armed attack against a
/// foreign country that is in a close relationship with Japan occurs and as a result threatens
/// Japan's survival and poses a clear danger to fundamentally overturn people's right to life,
/// liberty and pursuit of happiness" (first condition, Cabinet Decision of 1 July 2014;
/// Legislation for Peace and Security, 2015).
pub fn survival_threatening_situation(
    facts: &Facts,
    d: &Doctrine,
    ally_armed: Status,
    u: &mut Used,
) -> Finding {
    let Some(st) = &d.survival_threat else {
        return Finding {
            test: "survival_threatening_situation",
            outcome: Status::NotMet,
            citation: d.source.clone().into(),
            facts: FactsRange::default(),
            explanation: "the doctrine has no survival-threatening situation".into(),
            because: Because::NONE,
            unknowns: Unknowns::NONE,
        };
    };
    let close = facts.ally.as_ref().is_some_and(|a| a.close_relationship);
    let h = &facts.harm;
    let danger = if h.deaths.reaches(st.deaths) == Some(true)
        || h.essential_supply_loss.reaches(st.essential_supply_loss) == Some(true)
    {
        Status::Met
    } else if h.essential_supply_loss.reaches(st.contested_supply_loss) == Some(true) {
        Status::Contested
    } else if h.deaths.reaches(st.deaths).is_none()
        || h.essential_supply_loss
            .reaches(st.contested_supply_loss)
            .is_none()
    {
        Status::Unknown
    } else {
        Status::NotMet
    };
    // Looking ahead: the imports the attack cuts off, against the stocks that carry them.
    let (projected, days) = super::japan::supply_projection(facts, st.horizon_days);
    let danger = danger.or(projected);
    let outcome = if close {
        ally_armed.and(danger)
    } else {
        Status::NotMet
    };
    Finding {
        test: "survival_threatening_situation",
        outcome,
        citation: "Cabinet Decision of 1 July 2014 (first condition, second limb); Legislation for Peace and Security (2015); Abe, House of Representatives plenary, 16 Feb 2015 (Hormuz; Diet record: check); 内閣参質203第36号 (15 Dec 2020)".into(),
        facts: u.add([
            facts.used("ally.close_relationship", close.into()),
            facts.used("armed_attack_on_ally", ally_armed.as_str().into()),
            facts.fig("deaths", h.deaths),
            facts.fig("essential_supply_loss", h.essential_supply_loss),
            facts.fig("supply.import_loss", facts.supply.import_loss),
            facts.fig("supply.oil_stock_days", facts.supply.oil_stock_days),
            facts.fig("supply.lng_stock_days", facts.supply.lng_stock_days),
            facts.fig("days_until_stocks_run_out", days),
        ]),
        explanation: u.explain(
            "close relationship: {}; armed attack on the ally: {}; stocks run out within the {}-day horizon at the present import loss: {}; clear danger to Japan's survival and its people's rights: {}",
            [
                close.into(),
                ally_armed.into(),
                Arg::Num(st.horizon_days),
                projected.into(),
                danger.into(),
            ],
        ),
        because: if facts.ally.is_some() {
            Because::on(&["armed_attack_on_ally"])
        } else {
            Because::NONE
        },
        unknowns: Unknowns::NONE,
    }
}
