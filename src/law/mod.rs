//! The legal evaluator: facts in, assessment out. Pure: nothing here knows about the ECS.
//!
//! For each doctrine, [`assess`] characterises a hostile cyber operation against the
//! thresholds of international law (sovereignty violation, prohibited intervention, use of
//! force, armed attack; for Japan also the three conditions for the use of force and the
//! survival-threatening situation), then decides which responses are lawful, from retorsion to
//! collective self-defense. Every conclusion is a [`Finding`] that names the test, the facts it
//! used (with the tick they come from), the outcome and the citation. Where the experts are
//! divided, the outcome is [`Status::Contested`], never a guess.
//!
//! Each legal test is one function in [`tests`] or [`responses`], its source quoted in its doc
//! comment. Doctrines differ as data ([`Doctrine`]), loaded from RON files.

pub mod citation;
pub mod doctrine;
pub mod explain;
pub mod facts;
pub mod in_bello;
pub mod incident;
pub mod japan;
pub mod responses;
pub mod tests;
pub mod time;

pub use citation::Citation;
pub use doctrine::{Doctrine, Doctrines};
pub use explain::{Arg, Explanation};
pub use facts::{Facts, Figure, Truth};

use serde::{Deserialize, Serialize};

/// The status of a legal threshold or condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The facts do not meet it.
    NotMet,
    /// The facts needed are not known (yet).
    Unknown,
    /// Experts or States are divided on whether facts like these meet it.
    Contested,
    /// The facts meet it.
    Met,
}

impl Status {
    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotMet => "not_met",
            Status::Unknown => "unknown",
            Status::Contested => "contested",
            Status::Met => "met",
        }
    }

    /// Both must hold: the weaker of the two (met > contested > unknown > not met).
    pub fn and(self, other: Status) -> Status {
        self.min(other)
    }

    /// Either suffices: the stronger of the two.
    pub fn or(self, other: Status) -> Status {
        self.max(other)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of a fact as a test used it. Kept unformatted (no string is built for a
/// figure, a truth or a name known in advance) until the finding is written.
#[derive(Clone, Debug, PartialEq)]
pub enum FactValue {
    /// A figure: a number, bounds, or unknown.
    Figure(Figure),
    /// A yes/no fact, or unknown.
    Truth(Truth),
    /// A plain yes/no.
    Bool(bool),
    /// A name known in advance (a status, an effect type).
    Text(&'static str),
    /// A list of names known in advance, written as a JSON list of strings.
    Names(Vec<&'static str>),
    /// Anything else, as JSON.
    Json(serde_json::Value),
}

impl FactValue {
    /// The value as JSON: a number, `"unknown"`, bounds `{"at_least", "at_most"}`, a string,
    /// a boolean, a list or null.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            FactValue::Figure(f) => f.json(),
            FactValue::Truth(t) => t.json(),
            FactValue::Bool(b) => (*b).into(),
            FactValue::Text(t) => (*t).into(),
            FactValue::Names(v) => v.clone().into(),
            FactValue::Json(v) => v.clone(),
        }
    }
}

impl Serialize for FactValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FactValue::Figure(f) => f.serialize(s),
            FactValue::Truth(t) => t.json().serialize(s),
            FactValue::Bool(b) => s.serialize_bool(*b),
            FactValue::Text(t) => s.serialize_str(t),
            FactValue::Names(v) => v.serialize(s),
            FactValue::Json(v) => v.serialize(s),
        }
    }
}

impl From<&'static str> for FactValue {
    fn from(t: &'static str) -> FactValue {
        FactValue::Text(t)
    }
}
impl From<bool> for FactValue {
    fn from(b: bool) -> FactValue {
        FactValue::Bool(b)
    }
}
impl From<String> for FactValue {
    fn from(t: String) -> FactValue {
        FactValue::Json(t.into())
    }
}
impl From<serde_json::Value> for FactValue {
    fn from(v: serde_json::Value) -> FactValue {
        FactValue::Json(v)
    }
}
impl From<Vec<&'static str>> for FactValue {
    fn from(v: Vec<&'static str>) -> FactValue {
        FactValue::Names(v)
    }
}
impl From<Vec<String>> for FactValue {
    fn from(v: Vec<String>) -> FactValue {
        FactValue::Json(v.into())
    }
}

/// One fact a test relied on, with its value and the tick it comes from (none for an incident
/// file).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactUsed {
    /// The fact's name, as in [`Facts`].
    pub fact: &'static str,
    /// Its value (`"unknown"` when not known).
    pub value: FactValue,
    /// The tick the value comes from.
    pub tick: Option<u32>,
}

/// One conclusion of one legal test under one doctrine.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The test applied, e.g. `use_of_force`.
    pub test: &'static str,
    /// The outcome.
    pub outcome: Status,
    /// The source: instrument, article or rule, paragraph (borrowed when fixed in the code,
    /// shared with the doctrine when it is the doctrine's). Built with `.into()` from a
    /// `&'static str`, a `String` or a doctrine's `Arc<str>`.
    pub citation: Citation,
    /// The facts the test used.
    pub facts: Vec<FactUsed>,
    /// Why, in a sentence: kept as a template and its values, rendered when written
    /// ([`Finding::explanation_text`]). Built from a `String` or `&'static str` with `.into()`,
    /// or with [`Explanation::template`].
    pub explanation: Explanation,
    /// The findings (by test name) this one rests on: the branches of its explanation tree.
    pub because: Vec<&'static str>,
    /// Facts that are not known but could not change this outcome, whatever their value
    /// within their bounds.
    pub immaterial: Vec<&'static str>,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Finding", 7)?;
        st.serialize_field("test", self.test)?;
        st.serialize_field("outcome", &self.outcome)?;
        st.serialize_field("citation", &self.citation)?;
        st.serialize_field("facts", &self.facts)?;
        st.serialize_field("explanation", &self.explanation_text())?;
        st.serialize_field("because", &self.because)?;
        st.serialize_field("immaterial", &self.immaterial)?;
        st.end()
    }
}

impl Finding {
    /// The explanation as written in outputs.
    pub fn explanation_text(&self) -> std::borrow::Cow<'static, str> {
        self.explanation.render(&self.immaterial)
    }
}

/// The responses on the escalation ladder, least escalatory first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// Unfriendly but lawful acts: protest, expulsions, sanctions, public attribution.
    Retorsion,
    /// Otherwise unlawful acts, not amounting to force, to induce the responsible State to
    /// comply (ARSIWA arts. 22, 49–54).
    Countermeasures,
    /// Acts otherwise unlawful, justified by a grave and imminent peril (TM2.0 r.26).
    PleaOfNecessity,
    /// Access to and neutralisation of attacker servers (Japan's active cyber defense).
    ActiveCyberDefense,
    /// Force in individual self-defense (UN Charter art. 51).
    SelfDefense,
    /// Force in defense of an attacked ally (UN Charter art. 51).
    CollectiveSelfDefense,
    /// Non-forcible support by an ally: sharing intelligence with the attacked State.
    IntelligenceSharing,
    /// Non-forcible support by an ally: logistics for the attacked State's defense.
    LogisticsSupport,
}

impl Response {
    /// The ladder, least escalatory first.
    pub const LADDER: [Response; 6] = [
        Response::Retorsion,
        Response::Countermeasures,
        Response::PleaOfNecessity,
        Response::ActiveCyberDefense,
        Response::SelfDefense,
        Response::CollectiveSelfDefense,
    ];

    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Response::Retorsion => "retorsion",
            Response::Countermeasures => "countermeasures",
            Response::PleaOfNecessity => "plea_of_necessity",
            Response::ActiveCyberDefense => "active_cyber_defense",
            Response::SelfDefense => "self_defense",
            Response::CollectiveSelfDefense => "collective_self_defense",
            Response::IntelligenceSharing => "intelligence_sharing",
            Response::LogisticsSupport => "logistics_support",
        }
    }

    /// The non-forcible support an ally may give an attacked State (not on the ladder).
    pub const SUPPORT: [Response; 2] = [Response::IntelligenceSharing, Response::LogisticsSupport];

    /// Whether the response is a use of force.
    pub fn is_force(self) -> bool {
        matches!(
            self,
            Response::SelfDefense | Response::CollectiveSelfDefense
        )
    }
}

/// The thresholds every doctrine is assessed against, in order of gravity.
pub const THRESHOLDS: [&str; 4] = [
    "sovereignty_violation",
    "intervention",
    "use_of_force",
    "armed_attack",
];

/// A doctrine's assessment of one fact pattern.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessment {
    /// Doctrine id.
    pub doctrine: String,
    /// Status of each threshold, in a fixed order: the four of [`THRESHOLDS`], then any the
    /// doctrine adds (Japan's three conditions and the survival-threatening situation).
    pub thresholds: Vec<(&'static str, Status)>,
    /// Responses that are lawful (status met), least escalatory first.
    pub lawful_responses: Vec<Response>,
    /// Status of every response on the ladder, least escalatory first.
    pub responses: Vec<(Response, Status)>,
    /// Every finding, in the order the tests ran.
    pub findings: Vec<Finding>,
}

impl Assessment {
    /// Status of a named threshold.
    pub fn threshold(&self, name: &str) -> Option<Status> {
        self.thresholds
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, s)| s)
    }

    /// Status of a response.
    pub fn response(&self, r: Response) -> Status {
        self.responses
            .iter()
            .find(|(x, _)| *x == r)
            .map_or(Status::NotMet, |&(_, s)| s)
    }

    /// The assessment as the JSON object `assess --json` prints:
    /// `{"doctrine", "thresholds", "lawful_responses", "findings": [{"test", "outcome",
    /// "citation", "facts", "because", "unknown_but_immaterial" (when any)}]}`; for a doctrine
    /// that certifies situations (Japan) also `"situation"` (the gravest met) and
    /// `"situations"` (each one's status, gravest first).
    pub fn to_json(&self) -> serde_json::Value {
        self.json(false)
    }

    /// Like [`Assessment::to_json`], each finding also carrying its `explanation` (as the legal
    /// trace of a run does).
    pub fn to_json_explained(&self) -> serde_json::Value {
        self.json(true)
    }

    fn json(&self, explain: bool) -> serde_json::Value {
        let thresholds: serde_json::Map<String, serde_json::Value> = self
            .thresholds
            .iter()
            .map(|(n, s)| (n.to_string(), s.as_str().into()))
            .collect();
        let mut out = serde_json::json!({
            "doctrine": self.doctrine,
            "thresholds": thresholds,
            "lawful_responses": self.lawful_responses.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "findings": self.findings.iter().map(|f| {
                let mut j = serde_json::json!({
                    "test": f.test,
                    "outcome": f.outcome.as_str(),
                    "citation": f.citation,
                    "facts": f.facts,
                    "because": f.because,
                });
                if !f.immaterial.is_empty() {
                    j["unknown_but_immaterial"] = f.immaterial.clone().into();
                }
                if explain {
                    j["explanation"] = f.explanation_text().into_owned().into();
                }
                j
            }).collect::<Vec<_>>(),
        });
        if let Some(s) = japan::situation(self) {
            out["situation"] = s.as_str().into();
            let all: serde_json::Map<String, serde_json::Value> = japan::situation_statuses(self)
                .into_iter()
                .map(|(s, st)| (s.as_str().to_string(), st.as_str().into()))
                .collect();
            out["situations"] = all.into();
        }
        out
    }
}

/// Whether an armed conflict is under way between the parties, and whether the suspected
/// author began it (so that self-defense against the ongoing aggression needs no new armed
/// attack).
fn conflict_context(facts: &Facts) -> (bool, Status) {
    let in_conflict = facts.armed_conflict || facts.conflict.is_some();
    let begun_by_author = match (&facts.conflict, &facts.attribution.state) {
        (Some(c), Some(author)) => match &c.begun_by {
            Some(b) if b == author => Status::Met,
            Some(_) => Status::NotMet,
            None => Status::Unknown,
        },
        (Some(_), None) => Status::Unknown,
        (None, _) => Status::NotMet,
    };
    (in_conflict, begun_by_author)
}

/// **The regime that applies.** Once the parties are in an international armed conflict, the
/// law of armed conflict governs both sides' operations (Geneva Conventions, common art. 2;
/// TM2.0 r.80, r.82, check), and self-defense against the ongoing aggression needs no new
/// armed attack (UN Charter art. 51: the right continues while the attack does).
pub fn applicable_regime(facts: &Facts) -> Finding {
    let (in_conflict, by_author) = conflict_context(facts);
    let c = facts.conflict.clone().unwrap_or_default();
    Finding {
        test: "law_of_armed_conflict",
        outcome: if in_conflict {
            Status::Met
        } else {
            Status::NotMet
        },
        citation:
            "Geneva Conventions (1949), common art. 2; TM2.0 r.80, r.82 (check); UN Charter art. 51"
                .into(),
        facts: vec![
            facts.used("armed_conflict", in_conflict.into()),
            facts.used(
                "conflict.since",
                c.since.map_or(serde_json::Value::Null, Into::into).into(),
            ),
            facts.used(
                "conflict.begun_by",
                c.begun_by
                    .map_or(serde_json::Value::Null, Into::into)
                    .into(),
            ),
        ],
        explanation: if in_conflict {
            Explanation::template(
                "an international armed conflict is under way: the law of armed conflict governs both sides' cyber operations; begun by the suspected author: {} (if so, self-defense against the ongoing aggression needs no new armed attack)",
                [by_author.into()],
            )
        } else {
            "no armed conflict between the parties: jus ad bellum and the law of State responsibility govern".into()
        },
        because: vec![],
        immaterial: vec![],
    }
}

/// **The law in force.** A doctrine's statement, like a rule, applies from the date it was
/// made (or a law entered into force) and until it is replaced; the situation's date decides.
pub fn law_in_force(facts: &Facts, doctrine: &Doctrine) -> Finding {
    let on = doctrine.in_force.on(facts.date);
    let date = facts.date.map_or("today".to_string(), |d| d.to_string());
    Finding {
        test: "law_in_force",
        outcome: if on { Status::Met } else { Status::NotMet },
        citation: doctrine.source.clone().into(),
        facts: vec![
            facts.used(
                "date",
                facts
                    .date
                    .map_or(serde_json::Value::Null, |d| d.to_string().into())
                    .into(),
            ),
        ],
        explanation: format!(
            "this statement of the doctrine is in force from {} until {}; the situation's date: {date}",
            doctrine
                .in_force
                .from
                .map_or("(always)".to_string(), |d| d.to_string()),
            doctrine
                .in_force
                .until
                .map_or("(now)".to_string(), |d| d.to_string()),
        )
        .into(),
        because: vec![],
        immaterial: vec![],
    }
}

/// Whether a test named `b` is among `names`: by address first (a test's name is one literal,
/// shared by the findings that name it), then by text.
fn made(names: &[&'static str], b: &'static str) -> bool {
    names
        .iter()
        .any(|n| std::ptr::eq(n.as_ptr(), b.as_ptr()) && n.len() == b.len())
        || names.contains(&b)
}

/// Assesses `facts` under `doctrine`: thresholds first, then Japan's conditions where the
/// doctrine has them, then every response on the ladder.
pub fn assess(facts: &Facts, doctrine: &Doctrine) -> Assessment {
    let mut findings = Vec::with_capacity(if doctrine.japan.is_some() { 40 } else { 20 });
    let mut keep = |f: Finding| {
        let s = f.outcome;
        findings.push(f);
        s
    };
    if facts.date.is_some() || doctrine.in_force != time::InForce::default() {
        keep(law_in_force(facts, doctrine));
    }
    let attributed = keep(tests::state_attribution(facts, doctrine));
    let sovereignty = keep(tests::sovereignty_violation(facts, doctrine, attributed));
    if let Some(f) = tests::coercion(facts) {
        keep(f);
    }
    let intervention = keep(tests::prohibited_intervention(facts, doctrine, attributed));
    let force = keep(tests::use_of_force(facts, doctrine, attributed));
    let armed = keep(tests::armed_attack(facts, doctrine, attributed));
    let mut thresholds = Vec::with_capacity(16);
    thresholds.extend([
        ("sovereignty_violation", sovereignty),
        ("intervention", intervention),
        ("use_of_force", force),
        ("armed_attack", armed),
    ]);
    // Japan acts on an armed attack that has occurred as it reads it: commenced, organised
    // and planned, of armed-attack scale.
    let (armed, japan_parts) = match &doctrine.japan {
        Some(rule) => {
            let (fs, commenced, organised, occurred) =
                japan::attack_findings(facts, rule, attributed, armed);
            let circumstances = fs[0].outcome;
            for f in fs {
                keep(f);
            }
            thresholds.push(("attack_commenced", commenced));
            thresholds.push(("organised_and_planned", organised));
            thresholds.push(("armed_attack_occurred", occurred));
            (occurred, Some((rule, organised, circumstances)))
        }
        None => (armed, None),
    };
    let (in_conflict, by_author) = conflict_context(facts);
    if in_conflict {
        let s = keep(applicable_regime(facts));
        thresholds.push(("law_of_armed_conflict", s));
        for f in in_bello::hostile_operation(facts) {
            keep(f);
        }
    }
    let mut host_breach = Status::NotMet;
    if let Some(f) = tests::host_state_due_diligence(facts, doctrine) {
        host_breach = keep(f);
        thresholds.push(("host_state_due_diligence", host_breach));
    }
    let ally_armed = facts.ally.as_ref().map(|ally| {
        let f = tests::armed_attack_on_ally(facts, ally, doctrine);
        keep(f)
    });
    let survival = if doctrine.survival_threat.is_some() {
        let s = keep(tests::survival_threatening_situation(
            facts,
            doctrine,
            ally_armed.unwrap_or(Status::NotMet),
        ));
        thresholds.push(("survival_threatening_situation", s));
        s
    } else {
        Status::NotMet
    };
    let ctx = responses::Context {
        attributed,
        wrongful: sovereignty.or(intervention).or(force).and(attributed),
        host_breach,
        force,
        armed,
        ally_armed: ally_armed.unwrap_or(Status::NotMet),
        survival,
        ongoing_aggression: if in_conflict {
            by_author
        } else {
            Status::NotMet
        },
    };
    let ladder = responses::assess_ladder(facts, doctrine, &ctx);
    for f in ladder.findings {
        keep(f);
    }
    thresholds.extend(ladder.extra_thresholds);
    if let Some((rule, organised, circumstances)) = japan_parts {
        let inputs = japan::SituationInputs {
            attributed,
            occurred: armed,
            organised,
            circumstances,
            ally_armed: ally_armed.unwrap_or(Status::NotMet),
            survival,
            hostile: sovereignty.or(intervention).or(force).or(
                if facts.worst_effect.is_some()
                    || facts.imminent.0 == Some(true)
                    || facts.commencement.earlier_phases.0 == Some(true)
                {
                    Status::Met
                } else {
                    Status::NotMet
                },
            ),
        };
        for f in japan::situation_findings(facts, rule, &inputs) {
            let (t, s) = (f.test, f.outcome);
            keep(f);
            thresholds.push((t, s));
        }
    }
    // A finding rests only on findings this assessment made (no ally, no conflict: none).
    let mut names = [""; 64];
    let n = findings.len().min(names.len());
    for (slot, f) in names.iter_mut().zip(&findings) {
        *slot = f.test;
    }
    let names = &names[..n];
    for f in &mut findings {
        if !f.because.iter().all(|b| made(names, b)) {
            f.because.retain(|b| made(names, b));
        }
    }
    let lawful_responses = ladder
        .statuses
        .iter()
        .filter(|(_, s)| *s == Status::Met)
        .map(|&(r, _)| r)
        .collect();
    Assessment {
        doctrine: doctrine.id.clone(),
        thresholds,
        lawful_responses,
        responses: ladder.statuses,
        findings,
    }
}
