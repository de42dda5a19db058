//! The facts the law looks at, for one victim State and one suspected author, at one moment.
//! The simulation derives them at each escalation step; an incident file states them directly.
//! A figure that is not known is written `"unknown"`, and a test that needs it says so.

use super::{FactUsed, Response};
use crate::model::{AttributionBasis, DeclaredIntent, EffectType};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A number, or `"unknown"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Figure(pub Option<f64>);

/// A yes/no fact, or `"unknown"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Truth(pub Option<bool>);

impl Figure {
    /// A known figure.
    pub fn known(x: f64) -> Figure {
        Figure(Some(x))
    }
    /// Whether the figure is known to be at least `t` (`None` when unknown).
    pub fn at_least(self, t: f64) -> Option<bool> {
        self.0.map(|x| x >= t)
    }
    fn json(self) -> Value {
        self.0.map_or(Value::from("unknown"), |x| {
            Value::from((x * 1e4).round() / 1e4)
        })
    }
}

impl Truth {
    /// A known truth value.
    pub fn known(b: bool) -> Truth {
        Truth(Some(b))
    }
    fn json(self) -> Value {
        self.0.map_or(Value::from("unknown"), Value::from)
    }
}

struct FactVisitor<T>(std::marker::PhantomData<T>);

macro_rules! known_or_unknown {
    ($ty:ident, $inner:ty, $expect:literal, $($visit:ident($arg:ty) => $conv:expr),+) => {
        impl<'de> serde::de::Visitor<'de> for FactVisitor<$ty> {
            type Value = $ty;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str($expect)
            }
            $(fn $visit<E: serde::de::Error>(self, v: $arg) -> Result<$ty, E> {
                let conv: fn($arg) -> $inner = $conv;
                Ok($ty(Some(conv(v))))
            })+
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$ty, E> {
                if v == "unknown" {
                    Ok($ty(None))
                } else {
                    Err(E::custom(format!(concat!("expected ", $expect, ", found \"{}\""), v)))
                }
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
                d.deserialize_any(FactVisitor::<$ty>(std::marker::PhantomData))
            }
        }
    };
}

known_or_unknown!(Figure, f64, "a number or \"unknown\"",
    visit_f64(f64) => |v| v, visit_u64(u64) => |v| v as f64, visit_i64(i64) => |v| v as f64);
known_or_unknown!(Truth, bool, "true, false or \"unknown\"", visit_bool(bool) => |v| v);

/// Harm suffered by one State.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harm {
    /// Deaths.
    #[serde(default)]
    pub deaths: Figure,
    /// Injuries.
    #[serde(default)]
    pub injuries: Figure,
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
    /// Economic loss as a share of the State's GDP.
    #[serde(default)]
    pub economic_loss_gdp_share: Figure,
    /// Share of the population cut off from an essential supply (energy, water, medical care)
    /// at the worst moment.
    #[serde(default)]
    pub essential_supply_loss: Figure,
    /// Whether military objects were affected.
    #[serde(default)]
    pub military_targets: Truth,
}

/// What the victim knows about who is behind the operations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributionFacts {
    /// The State the evidence points to, if any.
    #[serde(default)]
    pub state: Option<String>,
    /// How the operators relate to that State (ARSIWA arts. 4, 5, 8), or `Independent`.
    pub basis: AttributionBasis,
    /// The victim's confidence, in `[0, 1]`.
    pub confidence: Figure,
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
    #[serde(default = "whole")]
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
    /// Whether an armed conflict exists between the parties.
    #[serde(default)]
    pub armed_conflict: bool,
    /// Scale of the force the victim proposes to use, relative to what repelling the attack
    /// needs (1 = the minimum necessary); unknown when no response is proposed.
    #[serde(default)]
    pub response_scale: Figure,
    /// The target of a proposed forcible response, for the law of armed conflict.
    #[serde(default)]
    pub response_target: Option<crate::law::in_bello::TargetFacts>,
    /// An armed attack on an ally, for collective self-defense.
    #[serde(default)]
    pub ally: Option<AllyFacts>,
}

fn whole() -> Figure {
    Figure::known(1.0)
}

fn no_intent() -> DeclaredIntent {
    DeclaredIntent::None
}

impl Facts {
    /// A fact as used by a test: name, value, tick.
    pub(crate) fn used(&self, fact: &'static str, value: Value) -> FactUsed {
        FactUsed {
            fact,
            value,
            tick: self.tick,
        }
    }
    pub(crate) fn fig(&self, fact: &'static str, f: Figure) -> FactUsed {
        self.used(fact, f.json())
    }
    pub(crate) fn truth(&self, fact: &'static str, t: Truth) -> FactUsed {
        self.used(fact, t.json())
    }
}
