//! Japan's law as Japan reads it: when an armed attack begins (武力攻撃の着手), what makes an
//! attack "organised and planned" (組織的・計画的), and the situations (事態) the Government
//! certifies, each with its legal basis and what it permits. One function per legal test, its
//! source in its doc comment; every finding carries its citation and the facts it used.
//!
//! The doctrine's [`JapanRule`] holds the readings that are data (how a poised attack without a
//! declared intention is treated, whether a non-State author can make an attack organised and
//! planned, the figures that are modelling parameters). Only a doctrine that has one gets
//! these findings: see `docs/japan.md` for the sources and what is modelling, not law.

use super::explain::{Arg, Explanation};
use super::facts::{Facts, Figure, Truth};
use super::{Assessment, Because, FactsRange, Finding, Status, Unknowns, Used};
use crate::model::{AttributionBasis, DeclaredIntent, EffectType};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Facts the commencement and planning tests look at, beyond the general ones. Every field
/// defaults to unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommencementFacts {
    /// Whether the international circumstances are tense: a crisis, mobilisation, threats
    /// exchanged, or an armed conflict nearby (the first factor).
    #[serde(default)]
    pub tension: Truth,
    /// Days between the first sign of the operations (reconnaissance, first intrusion) and
    /// their effects or the present, as evidence of planning.
    #[serde(default)]
    pub preparation_days: Figure,
    /// Whether the operations went through the earlier phases of a kill chain (reconnaissance,
    /// intrusion, staging of a payload) before their effects: evidence of planning.
    #[serde(default)]
    pub earlier_phases: Truth,
}

/// The supply facts of a survival judgement: how much of the State's energy imports the attack
/// on the foreign country cuts off, and the State-level stocks that carry it meanwhile. Every
/// field defaults to "no loss" or unknown, so that a case without them is judged as before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupplyFacts {
    /// Share of the State's oil and LNG imports cut off, from 0 to 1. Default 0.
    #[serde(default = "zero_figure", deserialize_with = "super::facts::share")]
    pub import_loss: Figure,
    /// Days of oil consumption the State holds in stock (national, private, joint).
    #[serde(default)]
    pub oil_stock_days: Figure,
    /// Days of LNG consumption the State holds in stock.
    #[serde(default)]
    pub lng_stock_days: Figure,
    /// Whether stocks have been released (an energy means under the second condition).
    #[serde(default)]
    pub stocks_released: Truth,
}

/// Facts about the alliance means under the second condition: whether the State has allies it
/// can ask for help, and whether it has asked them. Unknown by default, so that a case without
/// them is judged as before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeansFacts {
    /// Whether the State has an ally it can ask for help (Japan: the United States).
    #[serde(default)]
    pub ally_available: Truth,
    /// Whether it has declared itself attacked and asked its allies for help.
    #[serde(default)]
    pub ally_asked: Truth,
}

impl Default for SupplyFacts {
    fn default() -> Self {
        SupplyFacts {
            import_loss: Figure::ZERO,
            oil_stock_days: Figure::UNKNOWN,
            lng_stock_days: Figure::UNKNOWN,
            stocks_released: Truth(None),
        }
    }
}

fn zero_figure() -> Figure {
    Figure::ZERO
}

/// **The forward-looking survival judgement on supplies.** Whether the loss of imports would
/// have "国民生活に死活的な影響" if supply did not recover (Abe, House of Representatives plenary,
/// 16 Feb 2015, on the mining of the Strait of Hormuz, noting oil stocks of about six months;
/// Diet record (check)), judged on all the information, objectively and rationally
/// (内閣参質203第36号, 15 Dec 2020). Modelled as: the days until the first of the oil or LNG
/// stocks runs out at the present import loss, against the doctrine's horizon. Within the horizon
/// for every value the facts allow: met; beyond it for every value: not met; straddling the
/// horizon: contested; a stock not known: unknown. The horizon is modelling, not law.
pub fn supply_projection(facts: &Facts, horizon_days: f64) -> (Status, Figure) {
    let s = &facts.supply;
    if s.import_loss.high() <= 0.0 {
        return (Status::NotMet, Figure::UNKNOWN);
    }
    let days = |stock: Figure| {
        let lo = if s.import_loss.high().is_finite() {
            stock.low() / s.import_loss.high()
        } else {
            0.0
        };
        let hi = if s.import_loss.low() > 0.0 {
            stock.high() / s.import_loss.low()
        } else {
            f64::INFINITY
        };
        Figure::bounded(lo, hi)
    };
    let (oil, lng) = (days(s.oil_stock_days), days(s.lng_stock_days));
    let first = Figure::bounded(oil.low().min(lng.low()), oil.high().min(lng.high()));
    let status = if first.high() <= horizon_days {
        Status::Met
    } else if first.low() > horizon_days {
        Status::NotMet
    } else if s.oil_stock_days.high().is_infinite() && s.lng_stock_days.high().is_infinite() {
        Status::Unknown
    } else {
        Status::Contested
    };
    (status, first)
}

/// Japan's readings that are data: attack initiation, organised and planned conduct, the
/// situations. A doctrine without it gets none of these findings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JapanRule {
    /// Status of an attack poised to strike (the means in place) with the attacker's explicit
    /// declared intention: commencement (Ishiba, 24 Jan 2003: a declared intention and the
    /// start of fuelling). Default met.
    #[serde(default = "met")]
    pub intent_and_means: Status,
    /// Status of an attack poised to strike without an explicit declared intention: judged on
    /// the circumstances, case by case. Default contested.
    #[serde(default = "contested")]
    pub means_without_intent: Status,
    /// Status of organised, planned conduct by a non-State group: the Government says a
    /// non-State actor can commit an armed attack (内閣参質189第7号, 2015); whether Japan may
    /// use force against one is not settled. Default contested.
    #[serde(default = "contested")]
    pub non_state_author: Status,
    /// Days of preparation from which planning is evident (modelling, not law). Default 1.
    #[serde(default = "one")]
    pub planning_days: f64,
    /// Deaths and injuries from which an act is one "killing or injuring many people" for the
    /// emergency response situation (modelling, not law). Default 10.
    #[serde(default = "ten")]
    pub mass_casualties: f64,
    /// Source of the commencement reading (shared with every finding that cites it).
    #[serde(
        default = "commencement_citation",
        deserialize_with = "super::citation::shared"
    )]
    pub commencement_citation: Arc<str>,
}

fn met() -> Status {
    Status::Met
}
fn contested() -> Status {
    Status::Contested
}
fn one() -> f64 {
    1.0
}
fn ten() -> f64 {
    10.0
}
fn commencement_citation() -> Arc<str> {
    Arc::from(
        "Defense White Paper 2004, box 'わが国に対する武力攻撃が発生した時点' (attack commenced; a threat alone is not commencement; damage need not be awaited); Defense White Paper 2022",
    )
}

fn truth(t: Truth) -> Status {
    match t.0 {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    }
}

/// Whether the operations have delivered hostile effects beyond espionage (the effect phase).
fn effects_begun(facts: &Facts) -> bool {
    matches!(facts.worst_effect, Some(e) if e != EffectType::Espionage)
}

fn effect_fact(facts: &Facts) -> super::FactUsed {
    facts.used(
        "worst_effect",
        facts
            .worst_effect
            .map_or(super::FactValue::Null, |e| e.as_str().into()),
    )
}

/// The source of the four factors, as a literal (so that longer citations can extend it).
macro_rules! abe_factors {
    () => {
        "Abe, House of Representatives plenary, 16 May 2019 (case by case on international circumstances, the other party's explicit intention, the means employed and the manner (Mainichi prints 'responses'; Diet record: check)); Defense White Paper 2004 box"
    };
}
const ABE_FACTORS: &str = abe_factors!();

/// **First factor: the international circumstances** (国際情勢). Whether an attack has been
/// commenced is judged on "そのときの国際情勢、相手国の明示された意図、攻撃の手段、態様など様々な
/// 事情" (Defense White Paper 2004, box; Abe, 16 May 2019). Met when the circumstances are
/// tense or an armed conflict between the parties is under way.
pub fn international_circumstances(facts: &Facts, u: &mut Used) -> Finding {
    let conflict = facts.armed_conflict || facts.conflict.is_some();
    let outcome = if conflict {
        Status::Met
    } else {
        truth(facts.commencement.tension)
    };
    Finding {
        test: "factor_international_circumstances",
        outcome,
        citation: ABE_FACTORS.into(),
        facts: u.add([
            facts.truth("commencement.tension", facts.commencement.tension),
            facts.used("armed_conflict", conflict.into()),
        ]),
        explanation: u.explain(
            "tense international circumstances or an armed conflict between the parties: {}",
            [outcome.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Second factor: the other party's explicit intention** (相手国の明示された意図). An
/// explicit declaration of hostile intent weighs for commencement (Ishiba, 24 Jan 2003: "東京
/// を火の海にしてやる" plus fuelling); an ambiguous one is arguable; none does not weigh.
pub fn declared_intention(facts: &Facts, u: &mut Used) -> Finding {
    let outcome = match facts.intent {
        DeclaredIntent::Explicit => Status::Met,
        DeclaredIntent::Ambiguous => Status::Contested,
        DeclaredIntent::None => Status::NotMet,
    };
    Finding {
        test: "factor_declared_intention",
        outcome,
        citation: concat!(
            abe_factors!(),
            "; Ishiba, House of Representatives Budget Committee, 24 Jan 2003 (Mainichi; Diet record: check)"
        )
        .into(),
        facts: u.add([facts.used("intent", facts.intent.as_str().into())]),
        explanation: u.explain(
            "the attacker's declared intention is {}: {}",
            [facts.intent.as_str().into(), outcome.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Third factor: the means employed** (攻撃の手段). Met when the means are in place: an
/// operation poised to deliver its effects (a payload staged in the target's systems), or
/// effects already delivered.
pub fn means_employed(facts: &Facts, u: &mut Used) -> Finding {
    let outcome = if effects_begun(facts) {
        Status::Met
    } else {
        truth(facts.imminent)
    };
    Finding {
        test: "factor_means_employed",
        outcome,
        citation: ABE_FACTORS.into(),
        facts: u.add([facts.truth("imminent", facts.imminent), effect_fact(facts)]),
        explanation: u.explain(
            "the means of attack are in place (a payload poised to strike, or effects delivered): {}",
            [outcome.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Fourth factor: the manner of the attack** (態様; Mainichi prints 対応, "responses": the
/// Diet record must settle which, (check)). Met once the operations are in their effect phase;
/// an attack only poised is arguable; reconnaissance or intrusion alone does not weigh.
pub fn manner_of_attack(facts: &Facts, u: &mut Used) -> Finding {
    let outcome = if effects_begun(facts) {
        Status::Met
    } else {
        match facts.imminent.0 {
            Some(true) => Status::Contested,
            Some(false) => Status::NotMet,
            None => Status::Unknown,
        }
    };
    Finding {
        test: "factor_manner_of_attack",
        outcome,
        citation: ABE_FACTORS.into(),
        facts: u.add([effect_fact(facts), facts.truth("ongoing", facts.ongoing)]),
        explanation: u.explain(
            "the operations are in their effect phase (met), poised (contested), or short of it: {}",
            [outcome.into()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Attack initiation (武力攻撃の着手).** An armed attack occurs when the attacker has commenced
/// it: "武力攻撃のおそれがあるだけでは着手と認められないが、他方で武力攻撃による現実の侵害の結果の
/// 発生を待たなければならないというものではない"; a pre-emptive strike on a mere threat is not
/// allowed (Defense White Paper 2004 box; 2022). Judged on the four factors, as Japan can know
/// them: an operation in its effect phase has commenced; one poised with the means in place and
/// an explicit declared intention has commenced (the doctrine's `intent_and_means`); poised
/// without it, the doctrine's `means_without_intent`; an intention or a tension alone, never.
pub fn attack_commenced(
    facts: &Facts,
    rule: &JapanRule,
    factors: &[Status; 4],
    u: &mut Used,
) -> Finding {
    let [circumstances, intention, means, manner] = *factors;
    let (outcome, why) = if effects_begun(facts) {
        (Status::Met, "the operations are in their effect phase")
    } else {
        match facts.imminent.0 {
            Some(true) if intention == Status::Met => (
                rule.intent_and_means,
                "the means are in place and the intention declared",
            ),
            Some(true) => (
                // Without a declared intention the circumstances carry the judgement: with no
                // tension at all, nothing beyond the means points to an attack.
                if circumstances == Status::NotMet && intention == Status::NotMet {
                    Status::NotMet
                } else {
                    rule.means_without_intent
                },
                "the means are in place, the intention not declared: judged on the circumstances",
            ),
            Some(false) => (
                Status::NotMet,
                "no attack poised and no effects: a threat (おそれ) alone is not commencement",
            ),
            None => (Status::Unknown, "whether an attack is poised is not known"),
        }
    };
    Finding {
        test: "attack_commenced",
        outcome,
        citation: rule.commencement_citation.clone().into(),
        facts: u.add([
            facts.used(
                "factor_international_circumstances",
                circumstances.as_str().into(),
            ),
            facts.used("factor_declared_intention", intention.as_str().into()),
            facts.used("factor_means_employed", means.as_str().into()),
            facts.used("factor_manner_of_attack", manner.as_str().into()),
            facts.truth("imminent", facts.imminent),
            effect_fact(facts),
        ]),
        explanation: u.explain("{}: {}", [why.into(), outcome.into()]),
        because: Because::on(&[
            "factor_international_circumstances",
            "factor_declared_intention",
            "factor_means_employed",
            "factor_manner_of_attack",
        ]),
        unknowns: Unknowns::NONE,
    }
}

/// **The alliance: Article V of the US-Japan Security Treaty.** The Security Consultative
/// Committee ("2+2", Washington, 19 April 2019) affirmed "that a cyberattack could, in certain
/// circumstances, constitute an armed attack for the purposes of Article 5 of the U.S.-Japan
/// Security Treaty", the decision "made on a case-by-case basis, and through close
/// consultations" (joint statement, MOD; Japan Times, 20 April 2019). Under Article V each party
/// acts "in accordance with its constitutional provisions and processes" (Treaty wording
/// (check)). Found when Japan, attacked, asks its ally for help: the clause can apply only to
/// an armed attack; whether it applies to this one is decided case by case, after the
/// consultation (`consultation_hours`, a model assumption), so never settled in advance:
/// contested at most. The ally then decides through its own doctrine and its own picture of
/// the attack, not Japan's.
pub fn alliance_article_v(
    facts: &Facts,
    armed_attack: Status,
    ally: &str,
    consultation_hours: f64,
    u: &mut Used,
) -> Finding {
    let outcome = armed_attack.and(Status::Contested);
    let who = u.name_value(ally);
    Finding {
        test: "us_japan_article_v",
        outcome,
        citation: "US-Japan Security Consultative Committee (2+2) joint statement, 19 April 2019 (cyber attacks and Article V: case by case, through close consultations); Treaty of Mutual Cooperation and Security between Japan and the United States (1960) art. V (wording: check)".into(),
        facts: u.add([
            facts.used("armed_attack", armed_attack.as_str().into()),
            facts.used("ally", who),
            facts.fig("consultation_hours", super::Figure::known(consultation_hours)),
        ]),
        explanation: u.explain(
            "an armed attack on Japan: {}; whether Article V applies to this cyber attack is decided case by case after close consultation ({} h): {}; {} decides whether to act through its own process, on its own doctrine and its own picture",
            [
                armed_attack.into(),
                Arg::Num(consultation_hours),
                outcome.into(),
                who.arg(),
            ],
        ),
        because: Because::on(&["armed_attack", "armed_attack_occurred"]),
        unknowns: Unknowns::NONE,
    }
}

/// **Organised and planned (組織的・計画的).** The Government's general definition of an armed
/// attack is "一国に対する組織的計画的な武力の行使" (内閣衆質154第66号, 2002; 内閣参質189第7号,
/// 6 Feb 2015), repeated for cyber attacks (Abe, 16 May 2019: "組織的、計画的に行われる場合").
/// Organised: the conduct of a State organ or of persons under its direction or control
/// (ARSIWA arts. 4, 5, 8); a non-State author can qualify in the Government's view (2015), but
/// force against one is not settled: the doctrine's `non_state_author`. Planned: evidence of
/// preparation (days of preparation, the kill chain's earlier phases); where neither is known,
/// the `systematic` fact of the case. A single, carefully prepared State operation qualifies;
/// scattered opportunistic ones do not.
pub fn organised_and_planned(
    facts: &Facts,
    rule: &JapanRule,
    attributed: Status,
    u: &mut Used,
) -> Finding {
    let organised = match facts.attribution.basis {
        AttributionBasis::StateOrgan
        | AttributionBasis::GovernmentalAuthority
        | AttributionBasis::StateDirected => attributed.max(Status::Unknown),
        AttributionBasis::Independent => rule.non_state_author,
        AttributionBasis::Unknown => Status::Unknown,
    };
    let c = &facts.commencement;
    let by_days = c.preparation_days.reaches(rule.planning_days);
    let planned = match (by_days, c.earlier_phases.0) {
        (Some(true), _) | (_, Some(true)) => Status::Met,
        (Some(false), Some(false)) => Status::NotMet,
        _ => truth(facts.systematic),
    };
    let outcome = organised.and(planned);
    Finding {
        test: "organised_and_planned",
        outcome,
        citation: "内閣参質189第7号 (6 Feb 2015: 一国に対する組織的計画的な武力の行使; a non-State actor can qualify); 内閣衆質154第66号 (24 May 2002, passage: check); Abe, House of Representatives plenary, 16 May 2019".into(),
        facts: u.add([
            facts.used("attribution.basis", facts.attribution.basis.as_str().into()),
            facts.used("state_attribution", attributed.as_str().into()),
            facts.fig("commencement.preparation_days", c.preparation_days),
            facts.truth("commencement.earlier_phases", c.earlier_phases),
            facts.truth("systematic", facts.systematic),
        ]),
        explanation: u.explain(
            "organised ({} author): {}; planned (preparation of {} days or more, or the kill chain's earlier phases): {}",
            [
                facts.attribution.basis.as_str().into(),
                organised.into(),
                Arg::Num(rule.planning_days),
                planned.into(),
            ],
        ),
        because: Because::on(&["state_attribution"]),
        unknowns: Unknowns::NONE,
    }
}

/// **An armed attack against Japan has occurred** (SDF Act art. 76(1)(i); first condition).
/// The attack must be organised and planned, and commenced. Where its effects have begun,
/// their scale is the armed-attack test's; where it is commenced but has not struck, the
/// scale of what is poised is a prediction: contested at most. Force is never allowed while
/// an attack is only threatened.
pub fn armed_attack_occurred(
    facts: &Facts,
    armed_scale: Status,
    commenced: Status,
    organised: Status,
    u: &mut Used,
) -> Finding {
    let before_effects = if effects_begun(facts) {
        Status::NotMet
    } else {
        commenced.and(Status::Contested)
    };
    let outcome = armed_scale.or(before_effects).and(commenced).and(organised);
    Finding {
        test: "armed_attack_occurred",
        outcome,
        citation: "SDF Act art. 76(1)(i); Cabinet Decision of 1 July 2014 (first condition); Defense White Paper 2004 box; 内閣参質189第7号".into(),
        facts: u.add([
            facts.used("armed_attack", armed_scale.as_str().into()),
            facts.used("attack_commenced", commenced.as_str().into()),
            facts.used("organised_and_planned", organised.as_str().into()),
            effect_fact(facts),
        ]),
        explanation: u.explain(
            "scale and effects of an armed attack: {}; commenced: {}; organised and planned: {}{}",
            [
                armed_scale.into(),
                commenced.into(),
                organised.into(),
                if effects_begun(facts) {
                    ""
                } else {
                    "; no effects yet: the scale of the poised attack is a prediction (contested at most)"
                }
                .into(),
            ],
        ),
        because: Because::on(&["armed_attack", "attack_commenced", "organised_and_planned"]),
        unknowns: Unknowns::NONE,
    }
}

/// The situations (事態), gravest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Situation {
    /// 武力攻撃事態: an armed attack has occurred, or its clear danger is imminent.
    ArmedAttack,
    /// 存立危機事態: an armed attack on a close foreign country threatens Japan's survival.
    SurvivalThreatening,
    /// 武力攻撃予測事態: tension, and an armed attack is anticipated.
    AnticipatedArmedAttack,
    /// 緊急対処事態: an act killing or injuring many people by means comparable to an armed
    /// attack, its author not (yet) known to be a State.
    EmergencyResponse,
    /// 重要影響事態: a situation with an important influence on Japan's peace and security.
    ImportantInfluence,
    /// Below an armed attack: police powers, Active Cyber Defense.
    GrayZone,
    /// Nothing hostile.
    Peacetime,
}

impl Situation {
    /// Every situation, gravest first.
    pub const ALL: [Situation; 7] = [
        Situation::ArmedAttack,
        Situation::SurvivalThreatening,
        Situation::AnticipatedArmedAttack,
        Situation::EmergencyResponse,
        Situation::ImportantInfluence,
        Situation::GrayZone,
        Situation::Peacetime,
    ];

    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Situation::ArmedAttack => "armed_attack_situation",
            Situation::SurvivalThreatening => "survival_threatening_situation",
            Situation::AnticipatedArmedAttack => "anticipated_armed_attack_situation",
            Situation::EmergencyResponse => "emergency_response_situation",
            Situation::ImportantInfluence => "important_influence_situation",
            Situation::GrayZone => "gray_zone",
            Situation::Peacetime => "peacetime",
        }
    }

    /// The name of the finding (and threshold) that decides it. The survival-threatening
    /// situation keeps its own test's name.
    pub fn test(self) -> &'static str {
        match self {
            Situation::SurvivalThreatening => "survival_threatening_situation",
            Situation::GrayZone => "gray_zone_situation",
            s => s.as_str(),
        }
    }

    /// Its legal basis.
    pub fn basis(self) -> &'static str {
        match self {
            Situation::ArmedAttack => {
                "Armed Attack Situations Response Act (Act No. 79 of 2003) art. 2(2); SDF Act art. 76(1)(i)"
            }
            Situation::SurvivalThreatening => {
                "Armed Attack Situations Response Act art. 2(4); SDF Act art. 76(1)(ii); Cabinet Decision of 1 July 2014"
            }
            Situation::AnticipatedArmedAttack => {
                "Armed Attack Situations Response Act art. 2(3); SDF Act art. 77"
            }
            Situation::EmergencyResponse => "Armed Attack Situations Response Act art. 22(1)",
            Situation::ImportantInfluence => {
                "Important Influence Situations Act (2015; formerly the Regional Contingencies Act of 1999)"
            }
            Situation::GrayZone => {
                "SDF Act art. 78 (public security operation), art. 82 (check); police law; Active Cyber Defense laws of 2025"
            }
            Situation::Peacetime => "—",
        }
    }

    /// What it permits.
    pub fn permits(self) -> &'static str {
        match self {
            Situation::ArmedAttack => {
                "defense operation order; use of force under the three conditions once the attack has occurred (commenced), never while it is only imminent"
            }
            Situation::SurvivalThreatening => {
                "defense operation order; collective self-defense under the three conditions"
            }
            Situation::AnticipatedArmedAttack => {
                "defense-operation standby order and preparations; civil protection; no use of force"
            }
            Situation::EmergencyResponse => {
                "emergency response measures (prevention, suppression, warnings, evacuation, relief, restoration); police powers; no use of force"
            }
            Situation::ImportantInfluence => {
                "logistics support to U.S. and other forces outside combat areas; no use of force"
            }
            Situation::GrayZone => {
                "police powers, the SDF in a police role, Active Cyber Defense once in force (its own finding); no use of force"
            }
            Situation::Peacetime => "ordinary powers",
        }
    }
}

/// A situation's finding. `why` is a template ending in `"; permits: {}"`, its last value
/// [`Situation::permits`].
fn situation_finding(
    s: Situation,
    outcome: Status,
    used: FactsRange,
    why: Explanation,
    because: Because,
) -> Finding {
    Finding {
        test: s.test(),
        outcome,
        citation: s.basis().into(),
        facts: used,
        explanation: why,
        because,
        unknowns: Unknowns::NONE,
    }
}

/// **Armed attack situation (武力攻撃事態).** "武力攻撃が発生した事態又は武力攻撃が発生する明白な
/// 危険が切迫していると認められるに至った事態" (Armed Attack Situations Response Act art. 2(2)).
/// Its first limb is an armed attack occurred ([`armed_attack_occurred`]); its second, an attack
/// by a State poised to strike (the clear danger imminent), which permits a defense operation
/// order but not the use of force (Abe's answers, 29 Jun 2015, as summarised; check).
pub fn armed_attack_situation(
    facts: &Facts,
    occurred: Status,
    organised: Status,
    u: &mut Used,
) -> Finding {
    let imminent = truth(facts.imminent).and(organised);
    let outcome = occurred.or(imminent);
    situation_finding(
        Situation::ArmedAttack,
        outcome,
        u.add([
            facts.used("armed_attack_occurred", occurred.as_str().into()),
            facts.truth("imminent", facts.imminent),
            facts.used("organised_and_planned", organised.as_str().into()),
        ]),
        u.explain(
            "an armed attack has occurred: {}; or its clear danger is imminent (an organised attack poised): {}; permits: {}",
            [
                occurred.into(),
                imminent.into(),
                Situation::ArmedAttack.permits().into(),
            ],
        ),
        Because::on(&["armed_attack_occurred", "organised_and_planned"]),
    )
}

/// **Anticipated armed attack situation (武力攻撃予測事態).** "武力攻撃事態には至っていないが、事態が
/// 緊迫し、武力攻撃が予測されるに至った事態" (art. 2(3)). Modelled as: tense circumstances (first
/// factor), and a State's hostile operations under way against Japan (intrusion, staging) or its
/// declared hostile intention, by an organised, planned author.
pub fn anticipated_armed_attack_situation(
    facts: &Facts,
    circumstances: Status,
    organised: Status,
    attributed: Status,
    u: &mut Used,
) -> Finding {
    let signs = truth(facts.commencement.earlier_phases)
        .or(if facts.intent == DeclaredIntent::None {
            Status::NotMet
        } else {
            Status::Met
        })
        .or(truth(facts.imminent));
    // A prediction needs no attribution in law: the operations point to a State.
    let by_state = if facts.attribution.state.is_some() {
        Status::Met
    } else {
        attributed.or(organised)
    };
    let outcome = circumstances.and(signs).and(by_state);
    let author = u.maybe_name(facts.attribution.state.as_deref());
    situation_finding(
        Situation::AnticipatedArmedAttack,
        outcome,
        u.add([
            facts.used(
                "factor_international_circumstances",
                circumstances.as_str().into(),
            ),
            facts.truth(
                "commencement.earlier_phases",
                facts.commencement.earlier_phases,
            ),
            facts.used("intent", facts.intent.as_str().into()),
            facts.used("state_attribution", attributed.as_str().into()),
            facts.used("attribution.state", author),
        ]),
        u.explain(
            "the situation is tense: {}; an attack is anticipated (operations staged, or an intention declared): {}; the operations point to a State or an organised author: {}; permits: {}",
            [
                circumstances.into(),
                signs.into(),
                by_state.into(),
                Situation::AnticipatedArmedAttack.permits().into(),
            ],
        ),
        Because::on(&[
            "factor_international_circumstances",
            "state_attribution",
            "organised_and_planned",
        ]),
    )
}

/// **Emergency response situation (緊急対処事態).** "武力攻撃の手段に準ずる手段を用いて多数の人を
/// 殺傷する行為が発生した事態 … で、国家として緊急に対処することが必要なもの" (art. 22(1)). Applying
/// it to a cyber attack on infrastructure killing or injuring many, whose author is not (yet)
/// known to be a State, is modelling, not law: no source applies it to cyber.
pub fn emergency_response_situation(
    facts: &Facts,
    rule: &JapanRule,
    attributed: Status,
    u: &mut Used,
) -> Finding {
    let h = &facts.harm;
    let casualties = Figure::bounded(
        h.deaths.low() + h.injuries.low(),
        h.deaths.high() + h.injuries.high(),
    );
    let many = match casualties.reaches(rule.mass_casualties) {
        Some(true) => Status::Met,
        Some(false) => Status::NotMet,
        None => Status::Unknown,
    };
    // Not (yet) identified as a State: no attribution, or one not established.
    let not_a_state = match attributed {
        Status::Met => Status::NotMet,
        Status::Contested => Status::Contested,
        Status::NotMet | Status::Unknown => Status::Met,
    };
    let outcome = many.and(truth(h.critical_infrastructure)).and(not_a_state);
    situation_finding(
        Situation::EmergencyResponse,
        outcome,
        u.add([
            facts.fig("deaths", h.deaths),
            facts.fig("injuries", h.injuries),
            facts.truth("critical_infrastructure", h.critical_infrastructure),
            facts.used("state_attribution", attributed.as_str().into()),
        ]),
        u.explain(
            "many killed or injured ({} or more): {}; on infrastructure: {}; the author not known to be a State: {}; permits: {}",
            [
                Arg::Num(rule.mass_casualties),
                many.into(),
                truth(h.critical_infrastructure).into(),
                not_a_state.into(),
                Situation::EmergencyResponse.permits().into(),
            ],
        ),
        Because::on(&["state_attribution"]),
    )
}

/// **Important influence situation (重要影響事態).** A situation with an important influence on
/// Japan's peace and security, e.g. one that could, if left alone, lead to a direct armed
/// attack on Japan (Important Influence Situations Act; Kyodo glossary). Modelled as an armed
/// attack on a close foreign country that does not (yet) threaten Japan's survival: logistics
/// support, no force (modelling, not law).
pub fn important_influence_situation(
    facts: &Facts,
    ally_armed: Status,
    survival: Status,
    u: &mut Used,
) -> Finding {
    let close = facts.ally.as_ref().is_some_and(|a| a.close_relationship);
    let outcome = if close { ally_armed } else { Status::NotMet };
    situation_finding(
        Situation::ImportantInfluence,
        outcome,
        u.add([
            facts.used("ally.close_relationship", close.into()),
            facts.used("armed_attack_on_ally", ally_armed.as_str().into()),
            facts.used("survival_threatening_situation", survival.as_str().into()),
        ]),
        u.explain(
            "an armed attack on a close foreign country: {} (survival-threatening: {}); permits: {}",
            [
                outcome.into(),
                survival.into(),
                Situation::ImportantInfluence.permits().into(),
            ],
        ),
        Because::on(&["armed_attack_on_ally", "survival_threatening_situation"]),
    )
}

/// **Gray zone.** Infringements that do not amount to an armed attack (Cabinet Decision of
/// 1 July 2014, part 1): hostile operations against Japan (a violation of its sovereignty, an
/// intervention, or effects) short of an armed attack that has occurred. While an armed attack
/// is not established (`unknown`), the measures short of force stay available, so the situation
/// holds; the explanation says "not established", not "below".
pub fn gray_zone_situation(
    facts: &Facts,
    hostile: Status,
    occurred: Status,
    u: &mut Used,
) -> Finding {
    let below = match occurred {
        Status::Met => Status::NotMet,
        Status::NotMet | Status::Unknown => Status::Met,
        Status::Contested => Status::Contested,
    };
    let outcome = hostile.and(below);
    situation_finding(
        Situation::GrayZone,
        outcome,
        u.add([
            facts.used("hostile_operations", hostile.as_str().into()),
            facts.used("armed_attack_occurred", occurred.as_str().into()),
        ]),
        u.explain(
            "hostile operations against Japan: {}; no armed attack established as occurred: {}; permits: {}",
            [
                hostile.into(),
                below.into(),
                Situation::GrayZone.permits().into(),
            ],
        ),
        Because::on(&["sovereignty_violation", "armed_attack_occurred"]),
    )
}

/// Japan's findings: the four factors, commencement, organised and planned conduct, the armed
/// attack occurred, appended to `out`. Returns the first factor's status, then commencement,
/// organised and planned, and the armed-attack status Japan acts on.
pub fn attack_findings(
    facts: &Facts,
    rule: &JapanRule,
    attributed: Status,
    armed_scale: Status,
    u: &mut Used,
    out: &mut Vec<Finding>,
) -> (Status, Status, Status, Status) {
    let f1 = international_circumstances(facts, u);
    let f2 = declared_intention(facts, u);
    let f3 = means_employed(facts, u);
    let f4 = manner_of_attack(facts, u);
    let factors = [f1.outcome, f2.outcome, f3.outcome, f4.outcome];
    let commenced = attack_commenced(facts, rule, &factors, u);
    let organised = organised_and_planned(facts, rule, attributed, u);
    let occurred =
        armed_attack_occurred(facts, armed_scale, commenced.outcome, organised.outcome, u);
    let (c, o, a) = (commenced.outcome, organised.outcome, occurred.outcome);
    let circumstances = f1.outcome;
    out.extend([f1, f2, f3, f4, commenced, organised, occurred]);
    (circumstances, c, o, a)
}

/// The inputs of the situation tests.
pub struct SituationInputs {
    /// State attribution.
    pub attributed: Status,
    /// The armed attack occurred (Japan's reading).
    pub occurred: Status,
    /// Organised and planned.
    pub organised: Status,
    /// The first factor.
    pub circumstances: Status,
    /// Armed attack on a close ally.
    pub ally_armed: Status,
    /// The survival-threatening situation.
    pub survival: Status,
    /// Any hostile operation against Japan (sovereignty violation, intervention or effects).
    pub hostile: Status,
}

/// The situation findings, in the order of [`Situation::ALL`] (the survival-threatening one is
/// made by its own test and not repeated; peacetime needs none), appended to `out`, each
/// one's status to `thresholds`.
pub fn situation_findings(
    facts: &Facts,
    rule: &JapanRule,
    x: &SituationInputs,
    u: &mut Used,
    out: &mut Vec<Finding>,
    thresholds: &mut super::Thresholds,
) {
    for f in [
        armed_attack_situation(facts, x.occurred, x.organised, u),
        anticipated_armed_attack_situation(facts, x.circumstances, x.organised, x.attributed, u),
        emergency_response_situation(facts, rule, x.attributed, u),
        important_influence_situation(facts, x.ally_armed, x.survival, u),
        gray_zone_situation(facts, x.hostile, x.occurred, u),
    ] {
        thresholds.push((f.test, f.outcome));
        out.push(f);
    }
}

/// The gravest situation whose status is `met` in an assessment (peacetime when none), or
/// none when the doctrine certifies no situations.
pub fn situation(a: &Assessment) -> Option<Situation> {
    a.threshold(Situation::ArmedAttack.test())?;
    Some(
        Situation::ALL
            .into_iter()
            .find(|s| a.threshold(s.test()) == Some(Status::Met))
            .unwrap_or(Situation::Peacetime),
    )
}

/// Every situation's status in an assessment, gravest first (peacetime excluded): several can
/// hold at once (内閣参質203第36号, 15 Dec 2020).
pub fn situation_statuses(a: &Assessment) -> Vec<(Situation, Status)> {
    Situation::ALL
        .into_iter()
        .filter_map(|s| a.threshold(s.test()).map(|st| (s, st)))
        .collect()
}
