//! The facts the law looks at, for one victim State and one suspected author, at one moment.
//! The simulation derives them at each escalation step; an incident file states them directly.
//! A figure that is not known is written `"unknown"`, and a test that needs it says so.

use super::{FactUsed, Response};
use crate::model::{AttributionBasis, DeclaredIntent, EffectType};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A non-negative number: known, known only within bounds, or unknown.
///
/// In files a figure is written as a number, `"unknown"`, or bounds: `(at_least: 10)`,
/// `(at_most: 5)`, `(at_least: 1, at_most: 3)`. An unknown figure lies anywhere from 0 up (a
/// share: from 0 to 1). Tests evaluate a figure at its bounds (see [`crate::law::tests::GravityBounds::status`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    lo: f64,
    hi: f64,
}

/// A figure from an optional value: `Some(x)` known, `None` unknown, with no bounds.
#[allow(non_snake_case)]
pub const fn Figure(value: Option<f64>) -> Figure {
    match value {
        Some(x) => Figure { lo: x, hi: x },
        None => Figure::UNKNOWN,
    }
}

impl Default for Figure {
    fn default() -> Figure {
        Figure::UNKNOWN
    }
}

/// A yes/no fact, or `"unknown"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Truth(pub Option<bool>);

impl Figure {
    /// Unknown, with no bounds.
    pub const UNKNOWN: Figure = Figure {
        lo: 0.0,
        hi: f64::INFINITY,
    };
    /// Zero.
    pub const ZERO: Figure = Figure { lo: 0.0, hi: 0.0 };

    /// A known figure.
    pub fn known(x: f64) -> Figure {
        Figure { lo: x, hi: x }
    }
    /// Not known exactly: somewhere from `lo` to `hi` (either may be open: 0, infinity).
    pub fn bounded(lo: f64, hi: f64) -> Figure {
        Figure {
            lo: lo.min(hi),
            hi: hi.max(lo),
        }
    }
    /// The value, when known exactly.
    pub fn value(self) -> Option<f64> {
        (self.lo == self.hi).then_some(self.lo)
    }
    /// Whether the value is known exactly.
    pub fn is_known(self) -> bool {
        self.lo == self.hi
    }
    /// The least value it may have.
    pub fn low(self) -> f64 {
        self.lo
    }
    /// The greatest value it may have (infinite when unbounded).
    pub fn high(self) -> f64 {
        self.hi
    }
    /// Whether the figure is known to reach `t` (`None` when its bounds straddle `t`).
    pub fn reaches(self, t: f64) -> Option<bool> {
        if self.lo >= t {
            Some(true)
        } else if self.hi < t {
            Some(false)
        } else {
            None
        }
    }
    /// The figure as a share: bounds capped at 1.
    pub fn as_share(self) -> Figure {
        Figure {
            lo: self.lo.min(1.0),
            hi: self.hi.min(1.0),
        }
    }
    pub(crate) fn json(self) -> Value {
        if self.is_known() {
            return Value::from((self.lo * 1e4).round() / 1e4);
        }
        if self.lo <= 0.0 && (self.hi.is_infinite() || self.hi == 1.0) {
            return Value::from("unknown");
        }
        let mut m = serde_json::Map::new();
        if self.lo > 0.0 {
            m.insert("at_least".into(), Value::from(self.lo));
        }
        if self.hi.is_finite() {
            m.insert("at_most".into(), Value::from(self.hi));
        }
        Value::Object(m)
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(s)
    }
}

impl Truth {
    /// A known truth value.
    pub fn known(b: bool) -> Truth {
        Truth(Some(b))
    }
    pub(crate) fn json(self) -> Value {
        self.0.map_or(Value::from("unknown"), Value::from)
    }
}

struct FigureVisitor;

fn checked<E: serde::de::Error>(v: f64) -> Result<f64, E> {
    if !v.is_finite() {
        Err(E::custom(format!(
            "{v} is not a figure: expected a finite number, bounds or \"unknown\""
        )))
    } else if v < 0.0 {
        Err(E::custom(format!(
            "{v} is negative: counts, amounts and shares are 0 or more"
        )))
    } else {
        Ok(v)
    }
}

impl<'de> serde::de::Visitor<'de> for FigureVisitor {
    type Value = Figure;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, \"unknown\", or bounds `(at_least: x, at_most: y)`")
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Figure, E> {
        checked(v).map(Figure::known)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Figure, E> {
        Ok(Figure::known(v as f64))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Figure, E> {
        checked(v as f64).map(Figure::known)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Figure, E> {
        if v == "unknown" {
            Ok(Figure::UNKNOWN)
        } else {
            Err(E::custom(format!(
                "expected a number or \"unknown\", found \"{v}\" (bounds are written `(at_least: x, at_most: y)`)"
            )))
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Figure, A::Error> {
        use serde::de::Error;
        let (mut lo, mut hi) = (0.0, f64::INFINITY);
        while let Some(key) = map.next_key::<String>()? {
            let v: f64 = map.next_value()?;
            let v = checked(v)?;
            match key.as_str() {
                "at_least" => lo = v,
                "at_most" => hi = v,
                other => {
                    return Err(A::Error::custom(format!(
                        "unknown bound `{other}`: expected `at_least` or `at_most`"
                    )));
                }
            }
        }
        if lo > hi {
            return Err(A::Error::custom(format!(
                "at_least {lo} is above at_most {hi}"
            )));
        }
        Ok(Figure { lo, hi })
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Figure, D::Error> {
        d.deserialize_any(FigureVisitor)
    }
}

/// Reads a figure that is a share (a probability, a part of a whole): from 0 to 1.
pub(crate) fn share<'de, D: Deserializer<'de>>(d: D) -> Result<Figure, D::Error> {
    let f = Figure::deserialize(d)?;
    if f.lo > 1.0 || f.hi.is_finite() && f.hi > 1.0 {
        return Err(serde::de::Error::custom(format!(
            "{} is not a probability or share: expected a number from 0 to 1",
            f.json()
        )));
    }
    Ok(f.as_share())
}

fn default_share() -> Figure {
    Figure::bounded(0.0, 1.0)
}

struct TruthVisitor;

impl<'de> serde::de::Visitor<'de> for TruthVisitor {
    type Value = Truth;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("true, false or \"unknown\"")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Truth, E> {
        Ok(Truth(Some(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Truth, E> {
        if v == "unknown" {
            Ok(Truth(None))
        } else {
            Err(E::custom(format!(
                "expected true, false or \"unknown\", found \"{v}\""
            )))
        }
    }
}

impl<'de> Deserialize<'de> for Truth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Truth, D::Error> {
        d.deserialize_any(TruthVisitor)
    }
}

/// Harm suffered by one State.
///
/// The law separates what the operations *did* (deaths and injuries they proximately caused,
/// objects they destroyed: Koh 2012; TM2.0 r.69, r.71 commentary on reasonably foreseeable
/// consequences) from what a model *estimates* followed from the loss of service (excess
/// deaths from exposure). Estimated harm weighs as a severe non-physical effect, never as
/// death or injury.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harm {
    /// Deaths proximately caused by the operations' effects (direct casualties).
    #[serde(default)]
    pub deaths: Figure,
    /// Injuries proximately caused by the operations' effects (direct casualties).
    #[serde(default)]
    pub injuries: Figure,
    /// Excess deaths estimated by a model from the loss of service (indirect). Default 0: no
    /// estimate made.
    #[serde(default = "zero")]
    pub estimated_deaths: Figure,
    /// Excess injuries and illnesses estimated by a model from the loss of service (indirect).
    /// Default 0.
    #[serde(default = "zero")]
    pub estimated_injuries: Figure,
    /// Whether objects were physically damaged or destroyed.
    #[serde(default)]
    pub physical_destruction: Truth,
    /// Cost of physical destruction, USD.
    #[serde(default)]
    pub destruction_usd: Figure,
    /// Whether data or firmware was destroyed (wiped, irreversibly encrypted).
    #[serde(default)]
    pub data_destroyed: Truth,
    /// Whether cyber infrastructure lost functionality (TM2.0 r.4 commentary).
    #[serde(default)]
    pub loss_of_function: Truth,
    /// Whether critical infrastructure was affected.
    #[serde(default)]
    pub critical_infrastructure: Truth,
    /// How long critical infrastructure was without (most of) its function, in days.
    #[serde(default)]
    pub outage_days: Figure,
    /// Economic loss, USD.
    #[serde(default)]
    pub economic_loss_usd: Figure,
    /// Economic loss as a share of the State's GDP, from 0 to 1.
    #[serde(default = "default_share", deserialize_with = "share")]
    pub economic_loss_gdp_share: Figure,
    /// Share of the population cut off from an essential supply (energy, water, medical care)
    /// at the worst moment, from 0 to 1.
    #[serde(default = "default_share", deserialize_with = "share")]
    pub essential_supply_loss: Figure,
    /// Whether military objects were affected.
    #[serde(default)]
    pub military_targets: Truth,
}

fn zero() -> Figure {
    Figure::ZERO
}

/// What the victim knows about who is behind the operations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionFacts {
    /// The State the evidence points to, if any.
    #[serde(default)]
    pub state: Option<String>,
    /// How the operators relate to that State (ARSIWA arts. 4, 5, 8), `Independent`, or
    /// `Unknown` when the author is not known.
    pub basis: AttributionBasis,
    /// The victim's confidence, in `[0, 1]`.
    #[serde(deserialize_with = "share")]
    pub confidence: Figure,
}

/// The State from whose territory (or through whose infrastructure) a non-State group
/// operates, for its due diligence (TM2.0 r.6, r.7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostStateFacts {
    /// The host State.
    pub state: String,
    /// Whether it knew (or should have known) of the operations.
    #[serde(default)]
    pub knew: Truth,
    /// Whether it could have taken feasible measures to stop them.
    #[serde(default)]
    pub could_act: Truth,
    /// Whether it took such measures.
    #[serde(default)]
    pub acted: Truth,
}

/// An international armed conflict already under way between the parties.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictFacts {
    /// When it began (a date `YYYY-MM-DD`, or a description), if known.
    #[serde(default)]
    pub since: Option<String>,
    /// The State that began it (by its armed attack, kinetic or cyber), if known.
    #[serde(default)]
    pub begun_by: Option<String>,
}

/// What the Security Council has done, for the end of self-defense (UN Charter art. 51).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CouncilMeasure {
    /// A resolution demanding a ceasefire or withdrawal (e.g. resolution 502 (1982)).
    Demand,
    /// Non-forcible measures under art. 41: sanctions (e.g. resolution 661 (1990)).
    Sanctions,
    /// Force authorised or taken under art. 42 (e.g. resolution 678 (1990)).
    Enforcement,
}

impl CouncilMeasure {
    /// The snake_case name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            CouncilMeasure::Demand => "demand",
            CouncilMeasure::Sanctions => "sanctions",
            CouncilMeasure::Enforcement => "enforcement",
        }
    }
}

/// Facts about a proposed or possible response, for its conditions (ARSIWA arts. 25, 49–52).
/// Every field defaults to unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseFacts {
    /// Whether the victim has called on the responsible State to comply and notified it of
    /// countermeasures (ARSIWA art. 52(1)).
    #[serde(default)]
    pub called_to_comply: Truth,
    /// Whether the countermeasures are urgent measures to preserve the victim's rights
    /// (ARSIWA art. 52(2)).
    #[serde(default)]
    pub urgent: Truth,
    /// Whether the countermeasures are commensurate with the injury suffered (ARSIWA art. 51).
    #[serde(default)]
    pub proportionate: Truth,
    /// Whether they are temporary and, as far as possible, reversible (ARSIWA art. 49(3)).
    #[serde(default)]
    pub reversible: Truth,
    /// Harm the proposed countermeasure would do to the responsible State, judged by the
    /// use-of-force test (ARSIWA art. 50(1)(a)); none when no countermeasure is proposed.
    #[serde(default)]
    pub countermeasure_effects: Option<Harm>,
    /// Whether the measure would seriously impair an essential interest of another State or
    /// of the international community (ARSIWA art. 25(1)(b)).
    #[serde(default)]
    pub impairs_essential_interest: Truth,
    /// Whether the victim contributed to the situation of necessity (ARSIWA art. 25(2)(b)).
    #[serde(default)]
    pub contributed_to_necessity: Truth,
}

/// An armed attack on another State, for collective self-defense.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllyFacts {
    /// The attacked State.
    pub state: String,
    /// Whether it is in a close relationship with the assessing State (Japan's first
    /// condition).
    #[serde(default)]
    pub close_relationship: bool,
    /// Whether it has declared itself attacked and asked for help (Nicaragua para 199).
    #[serde(default)]
    pub requested_assistance: Truth,
    /// Harm it suffered.
    pub harm: Harm,
    /// The worst effect it suffered.
    #[serde(default)]
    pub worst_effect: Option<EffectType>,
    /// What is known of who attacked it.
    pub attribution: AttributionFacts,
}

/// A response already tried, and whether the hostile operations stopped after it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tried {
    /// The response.
    pub response: Response,
    /// Whether it stopped the operations.
    pub effective: bool,
}

/// Everything the law looks at for one (victim, suspected author) pair at one moment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// The tick the facts describe (none for an incident file).
    #[serde(default)]
    pub tick: Option<u32>,
    /// The State assessing its situation.
    pub victim: String,
    /// Attribution of the operations.
    pub attribution: AttributionFacts,
    /// Harm to the victim.
    #[serde(default)]
    pub harm: Harm,
    /// The most severe effect of the operations on the victim.
    #[serde(default)]
    pub worst_effect: Option<EffectType>,
    /// Distinct hostile operations (waves) so far.
    #[serde(default)]
    pub operations: Figure,
    /// Share of the harm caused by the largest single operation, in `(0, 1]` (1 when there is
    /// one operation). Doctrines without accumulation judge that operation alone.
    #[serde(default = "whole", deserialize_with = "share")]
    pub largest_operation_share: Figure,
    /// Whether the operations are systematic and premeditated (Abe, 16 May 2019).
    #[serde(default)]
    pub systematic: Truth,
    /// What the attacker has declared.
    #[serde(default = "no_intent")]
    pub intent: DeclaredIntent,
    /// Whether the operations bear on matters a State decides freely (its *domaine réservé*:
    /// elections, choice of political system, government functions).
    #[serde(default)]
    pub domaine_reserve: Truth,
    /// Whether the operations are coercive (aim to compel, not merely to observe).
    #[serde(default)]
    pub coercive: Truth,
    /// Whether they usurp inherently governmental functions.
    #[serde(default)]
    pub governmental_functions: Truth,
    /// Whether agents of the suspected State took part while physically present on the
    /// victim's territory without its consent to that activity (a diplomat accredited there
    /// counts: the consent to the mission is no consent to cyber operations). Default `false`:
    /// the operations were conducted remotely; `"unknown"` where the facts do not say.
    #[serde(default = "no")]
    pub agents_in_territory: Truth,
    /// What the operations did to an election, if they bore on one. Default: none.
    #[serde(default)]
    pub election_interference: Option<ElectionInterference>,
    /// Whether the operations seriously impaired services essential to the population or to
    /// the functioning of the State (health care reduced to basic treatment, emergency
    /// services, courts and police halted, energy or water cut), for the plea of necessity.
    /// Default `false`: no such impairment is established, and the peril rests on the size of
    /// the harm; `"unknown"` where the facts leave it open.
    #[serde(default = "no")]
    pub essential_services_impaired: Truth,
    /// Whether an attack is imminent: an operation poised to deliver destructive effects.
    #[serde(default)]
    pub imminent: Truth,
    /// Whether hostile effects are continuing.
    #[serde(default)]
    pub ongoing: Truth,
    /// Responses already tried.
    #[serde(default)]
    pub responses_tried: Vec<Tried>,
    /// Whether the Security Council has taken measures.
    #[serde(default)]
    pub council_acted: bool,
    /// The kind of measures the Council took, when known.
    #[serde(default)]
    pub council_measures: Option<CouncilMeasure>,
    /// Whether an armed conflict exists between the parties.
    #[serde(default)]
    pub armed_conflict: bool,
    /// An armed conflict under way between the parties: since when, who began it. Implies
    /// `armed_conflict`.
    #[serde(default)]
    pub conflict: Option<ConflictFacts>,
    /// The State from which a non-State group operates, for its due diligence.
    #[serde(default)]
    pub host_state: Option<HostStateFacts>,
    /// The date of the situation (`YYYY-MM-DD`), for the law in force on it; none: today's law.
    #[serde(default)]
    pub date: Option<super::time::Date>,
    /// Facts about the conditions of responses (countermeasures, plea of necessity).
    #[serde(default)]
    pub response_facts: ResponseFacts,
    /// Scale of the force the victim proposes to use, relative to what repelling the attack
    /// needs (1 = the minimum necessary); unknown when no response is proposed.
    #[serde(default)]
    pub response_scale: Figure,
    /// The target of a proposed forcible response, for the law of armed conflict.
    #[serde(default)]
    pub response_target: Option<crate::law::in_bello::TargetFacts>,
    /// The target of the hostile operations, for the law of armed conflict when an armed
    /// conflict is under way (the author's operations judged as attacks). Default: none.
    #[serde(default)]
    pub hostile_target: Option<crate::law::in_bello::TargetFacts>,
    /// An armed attack on an ally, for collective self-defense.
    #[serde(default)]
    pub ally: Option<AllyFacts>,
    /// Facts for attack initiation and planning (Japan): tension, preparation, earlier
    /// phases. Default: all unknown.
    #[serde(default)]
    pub commencement: super::japan::CommencementFacts,
    /// Energy imports lost and State-level stocks, for the survival judgement (Japan).
    /// Default: no import loss, stocks unknown.
    #[serde(default)]
    pub supply: super::japan::SupplyFacts,
    /// Alliance means under Japan's second condition: an ally to ask, and whether it was
    /// asked. Default: unknown.
    #[serde(default)]
    pub means: super::japan::MeansFacts,
}

fn no() -> Truth {
    Truth(Some(false))
}

/// What an operation did to an election, for coercion (TM2.0 r.66 commentary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ElectionInterference {
    /// Altered or impeded the conduct of the election or its results: voter registers,
    /// voting or tallying systems, the administration of the vote, the publication of results.
    ConductOrResults,
    /// Influenced the voters only: disinformation, trolling, the leak of stolen documents.
    Influence,
}

impl ElectionInterference {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionInterference::ConductOrResults => "conduct_or_results",
            ElectionInterference::Influence => "influence",
        }
    }
}

fn whole() -> Figure {
    Figure::known(1.0)
}

fn no_intent() -> DeclaredIntent {
    DeclaredIntent::None
}

impl Facts {
    /// A fact as used by a test: name, value, tick.
    pub(crate) fn used(&self, fact: &'static str, value: super::FactValue) -> FactUsed {
        FactUsed {
            fact,
            value,
            tick: self.tick,
        }
    }
    pub(crate) fn fig(&self, fact: &'static str, f: Figure) -> FactUsed {
        self.used(fact, super::FactValue::Figure(f))
    }
    pub(crate) fn truth(&self, fact: &'static str, t: Truth) -> FactUsed {
        self.used(fact, super::FactValue::Truth(t))
    }
}
