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

/// The value of a fact as a test used it. Plain data, kept unformatted (no string is built for
/// a figure, a truth or a name known in advance) until the finding is written; a name known only
/// at run time, or a list of names, is a span of the assessment's lists ([`Used`]), read with
/// [`Used::value_json`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FactValue {
    /// A figure: a number, bounds, or unknown.
    Figure(Figure),
    /// A yes/no fact, or unknown.
    Truth(Truth),
    /// A plain yes/no.
    Bool(bool),
    /// A name known in advance (a status, an effect type).
    Text(&'static str),
    /// A list of names known in advance, written as a JSON list of strings ([`Used::names`]).
    Names(Span),
    /// A name known only at run time (a State's id), written as a JSON string
    /// ([`Used::name_value`]).
    Name(Span),
    /// A calendar date, written as a JSON string `YYYY-MM-DD`.
    Date(time::Date),
    /// Nothing: JSON null.
    Null,
}

impl FactValue {
    /// The value as an explanation's value (a name is not copied again; null is written as
    /// nothing).
    pub fn arg(self) -> explain::Arg {
        use explain::Arg;
        match self {
            FactValue::Figure(f) => Arg::Figure(f),
            FactValue::Truth(t) => t.0.map_or(Arg::Str("unknown"), Arg::Bool),
            FactValue::Bool(b) => Arg::Bool(b),
            FactValue::Text(t) => Arg::Str(t),
            FactValue::Name(s) => Arg::Name(s),
            FactValue::Date(d) => Arg::Date(d),
            FactValue::Names(s) => Arg::Names(s),
            FactValue::Null => Arg::None,
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

/// One fact a test relied on, with its value and the tick it comes from (none for an incident
/// file). Its value is read with the assessment's lists ([`Used::value_json`],
/// [`Used::facts_json`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FactUsed {
    /// The fact's name, as in [`Facts`].
    pub fact: &'static str,
    /// Its value (`"unknown"` when not known).
    pub value: FactValue,
    /// The tick the value comes from.
    pub tick: Option<u32>,
}

/// The facts one finding used: a range of its assessment's list of facts
/// ([`Assessment::facts_of`]).
pub type FactsRange = Span;

/// A span of one of an assessment's lists (its facts, explanation values, names or text).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// How many items.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether it holds no item.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Where each of an assessment's lists stood at a point ([`Used::mark`]).
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    facts: usize,
    args: usize,
    nested: usize,
    names: usize,
    text: usize,
}

/// What the findings of one assessment used and say, in a few flat lists: the facts (each
/// finding names its range, [`FactsRange`]), the values of the explanations, the names known
/// only at run time. A finding is thereby plain data, written once, in place; the lists are
/// reused from one assessment to the next ([`assess_into`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Used {
    facts: Vec<FactUsed>,
    args: Vec<explain::Arg>,
    nested: Vec<Explanation>,
    names: Vec<&'static str>,
    text: String,
}

impl Used {
    /// Appends the facts of one finding and returns their range.
    pub fn add<const N: usize>(&mut self, facts: [FactUsed; N]) -> FactsRange {
        let start = self.facts.len();
        self.facts.extend(facts);
        Span::of(start, self.facts.len())
    }

    /// Where the lists stand: with [`Used::push`] and [`Used::since`], a finding whose facts
    /// are gathered one by one (no other finding's facts may come between).
    pub fn mark(&self) -> Mark {
        Mark {
            facts: self.facts.len(),
            args: self.args.len(),
            nested: self.nested.len(),
            names: self.names.len(),
            text: self.text.len(),
        }
    }

    /// Appends one fact.
    pub fn push(&mut self, fact: FactUsed) {
        self.facts.push(fact);
    }

    /// The range of the facts appended since `mark`.
    pub fn since(&self, mark: Mark) -> FactsRange {
        Span::of(mark.facts, self.facts.len())
    }

    /// The facts of a range.
    pub fn get(&self, r: FactsRange) -> &[FactUsed] {
        &self.facts[r.range()]
    }

    /// Drops everything appended since `mark` (for a finding made only for its outcome).
    pub fn truncate(&mut self, mark: Mark) {
        self.facts.truncate(mark.facts);
        self.args.truncate(mark.args);
        self.nested.truncate(mark.nested);
        self.names.truncate(mark.names);
        self.text.truncate(mark.text);
    }

    /// Every fact, in the order written.
    pub fn all(&self) -> &[FactUsed] {
        &self.facts
    }

    /// Empties the lists, keeping their memory.
    pub fn clear(&mut self) {
        self.facts.clear();
        self.args.clear();
        self.nested.clear();
        self.names.clear();
        self.text.clear();
    }

    /// Reserves room for an assessment of `findings` findings.
    fn reserve(&mut self, findings: usize) {
        self.facts.reserve(findings * 6);
        self.args.reserve(findings * 3);
        self.text.reserve(64);
    }

    fn text_span(&mut self, text: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(text);
        Span::of(start, self.text.len())
    }

    fn text(&self, s: Span) -> &str {
        self.text.get(s.range()).unwrap_or("")
    }

    /// A name known only at run time (a State's id), copied into this assessment, as a fact's
    /// value.
    pub fn name_value(&mut self, name: &str) -> FactValue {
        FactValue::Name(self.text_span(name))
    }

    /// A name known only at run time, or null.
    pub fn maybe_name(&mut self, name: Option<&str>) -> FactValue {
        name.map_or(FactValue::Null, |n| self.name_value(n))
    }

    /// A list of names known in advance, as a fact's value.
    pub fn names(&mut self, names: impl IntoIterator<Item = &'static str>) -> FactValue {
        let start = self.names.len();
        self.names.extend(names);
        FactValue::Names(Span::of(start, self.names.len()))
    }

    /// A fact's value as JSON: a number, `"unknown"`, bounds `{"at_least", "at_most"}`, a
    /// string, a boolean, a list or null.
    pub fn value_json(&self, v: &FactValue) -> serde_json::Value {
        match v {
            FactValue::Figure(f) => f.json(),
            FactValue::Truth(t) => t.json(),
            FactValue::Bool(b) => (*b).into(),
            FactValue::Text(t) => (*t).into(),
            FactValue::Names(s) => self.names[s.range()].to_vec().into(),
            FactValue::Name(s) => self.text(*s).into(),
            FactValue::Date(d) => d.to_string().into(),
            FactValue::Null => serde_json::Value::Null,
        }
    }

    /// The facts of a range, as JSON when serialized: `[{"fact", "value", "tick"}]`.
    pub fn facts_json(&self, r: FactsRange) -> FactsJson<'_> {
        FactsJson {
            used: self,
            facts: self.get(r),
        }
    }
}

/// Facts of one finding, serialized as `[{"fact", "value", "tick"}]` ([`Used::facts_json`]).
pub struct FactsJson<'a> {
    used: &'a Used,
    facts: &'a [FactUsed],
}

impl Serialize for FactsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct One<'a>(&'a Used, &'a FactUsed);
        impl Serialize for One<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct("FactUsed", 3)?;
                st.serialize_field("fact", self.1.fact)?;
                st.serialize_field("value", &self.0.value_json(&self.1.value))?;
                st.serialize_field("tick", &self.1.tick)?;
                st.end()
            }
        }
        let mut seq = s.serialize_seq(Some(self.facts.len()))?;
        for f in self.facts {
            seq.serialize_element(&One(self.used, f))?;
        }
        seq.end()
    }
}

/// The most findings one finding may rest on.
pub const MAX_BECAUSE: usize = 16;

/// The findings (by test name) one finding rests on: a fixed list, less any its assessment did
/// not make (no ally, no conflict; [`Assessment::because_of`]). No allocation.
#[derive(Clone, Copy, Default)]
pub struct Because {
    list: &'static [&'static str],
    /// Bit `i` set: `list[i]` was not made.
    dropped: u16,
}

impl Because {
    /// Rests on nothing.
    pub const NONE: Because = Because {
        list: &[],
        dropped: 0,
    };

    /// Rests on the findings `list` names (at most [`MAX_BECAUSE`]).
    pub const fn on(list: &'static [&'static str]) -> Because {
        assert!(list.len() <= MAX_BECAUSE);
        Because { list, dropped: 0 }
    }

    /// The test names, in order (references into the fixed list).
    pub fn iter(&self) -> BecauseIter {
        BecauseIter {
            list: self.list,
            dropped: self.dropped,
            next: 0,
        }
    }

    /// Whether it rests on the finding of test `t`.
    pub fn contains(&self, t: &&str) -> bool {
        self.iter().any(|n| n == t)
    }

    /// Whether it rests on nothing.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The test names as a list.
    pub fn to_vec(&self) -> Vec<&'static str> {
        self.iter().copied().collect()
    }

    /// Keeps only the names for which `keep` holds.
    fn retain(&mut self, keep: impl Fn(&'static str) -> bool) {
        for (i, n) in self.list.iter().enumerate() {
            if !keep(n) {
                self.dropped |= 1 << i;
            }
        }
    }
}

impl IntoIterator for &Because {
    type Item = &'static &'static str;
    type IntoIter = BecauseIter;
    fn into_iter(self) -> BecauseIter {
        self.iter()
    }
}

/// The test names of a [`Because`], in order.
pub struct BecauseIter {
    list: &'static [&'static str],
    dropped: u16,
    next: usize,
}

impl Iterator for BecauseIter {
    type Item = &'static &'static str;
    fn next(&mut self) -> Option<&'static &'static str> {
        while self.next < self.list.len() {
            let i = self.next;
            self.next += 1;
            if self.dropped & (1 << i) == 0 {
                return Some(&self.list[i]);
            }
        }
        None
    }
}

impl PartialEq for Because {
    fn eq(&self, other: &Because) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Because {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Because {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The harm facts ([`tests::HARM_FACTS`]) that are not known, sorted for one finding: those
/// that could not change its outcome whatever their value within their bounds (immaterial),
/// and those that could (material: the finding is `unknown` because of them). Two sets, bit
/// `i` for `HARM_FACTS[i]`. No allocation.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Unknowns {
    immaterial: u16,
    material: u16,
}

impl Unknowns {
    /// None.
    pub const NONE: Unknowns = Unknowns {
        immaterial: 0,
        material: 0,
    };

    /// From the two sets of bits.
    pub(crate) fn new(immaterial: u16, material: u16) -> Unknowns {
        Unknowns {
            immaterial,
            material,
        }
    }

    fn names(bits: u16) -> impl Iterator<Item = &'static str> {
        tests::HARM_FACTS
            .iter()
            .enumerate()
            .filter(move |(i, _)| bits & (1 << i) != 0)
            .map(|(_, n)| *n)
    }

    /// The immaterial facts' names, in the order of [`tests::HARM_FACTS`].
    pub fn immaterial(self) -> impl Iterator<Item = &'static str> {
        Self::names(self.immaterial)
    }

    /// The material facts' names (those that could change the outcome), in the order of
    /// [`tests::HARM_FACTS`].
    pub fn material(self) -> impl Iterator<Item = &'static str> {
        Self::names(self.material)
    }

    /// Whether fact `name` is among the immaterial ones.
    pub fn is_immaterial(self, name: &str) -> bool {
        self.immaterial().any(|n| n == name)
    }

    /// Whether fact `name` is among the material ones.
    pub fn is_material(self, name: &str) -> bool {
        self.material().any(|n| n == name)
    }

    /// As they bear on a finding whose outcome is `outcome`: a settled outcome (anything but
    /// `unknown`, reached whatever the harm's reading, say for want of attribution) leaves no
    /// unknown fact material.
    pub fn given(self, outcome: Status) -> Unknowns {
        if outcome == Status::Unknown {
            self
        } else {
            Unknowns::new(self.immaterial | self.material, 0)
        }
    }
}

impl std::fmt::Debug for Unknowns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unknowns")
            .field(
                "immaterial",
                &Self::names(self.immaterial).collect::<Vec<_>>(),
            )
            .field("material", &Self::names(self.material).collect::<Vec<_>>())
            .finish()
    }
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
    /// The facts the test used: a range of the assessment's facts ([`Assessment::facts_of`]).
    pub facts: FactsRange,
    /// Why, in a sentence: kept as a template and its values, rendered when written
    /// ([`Assessment::explanation_of`]). Built from a `&'static str` with `.into()`, or with
    /// [`Used::explain`] or [`Used::sentence`].
    pub explanation: Explanation,
    /// The findings (by test name) this one rests on: the branches of its explanation tree, as
    /// the test names them; those its assessment did not make are left out when written
    /// ([`Assessment::because_of`]).
    pub because: Because,
    /// The harm facts not known, as the test sorted them: immaterial (no value within their
    /// bounds could change its harm reading) or material. Read through
    /// [`Unknowns::given`] the finding's outcome.
    pub unknowns: Unknowns,
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
        self.names().0
    }

    /// `name:effective` or `name:ineffective`: a response tried, as the facts list it.
    pub fn tried_label(self, effective: bool) -> &'static str {
        let (_, worked, failed) = self.names();
        if effective { worked } else { failed }
    }

    /// The name, and the labels of the response tried (effective, ineffective): one table.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        macro_rules! names {
            ($($v:ident => $n:literal),* $(,)?) => {
                match self {
                    $(Response::$v => ($n, concat!($n, ":effective"), concat!($n, ":ineffective")),)*
                }
            };
        }
        names!(
            Retorsion => "retorsion",
            Countermeasures => "countermeasures",
            PleaOfNecessity => "plea_of_necessity",
            ActiveCyberDefense => "active_cyber_defense",
            SelfDefense => "self_defense",
            CollectiveSelfDefense => "collective_self_defense",
            IntelligenceSharing => "intelligence_sharing",
            LogisticsSupport => "logistics_support",
        )
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

/// The status of each threshold of an assessment, in order (held inline: no allocation).
pub type Thresholds = smallvec::SmallVec<[(&'static str, Status); 16]>;

/// The status of each response of an assessment, in order (held inline: no allocation).
pub type Statuses = smallvec::SmallVec<[(Response, Status); 8]>;

/// A doctrine's assessment of one fact pattern.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Assessment {
    /// Doctrine id.
    pub doctrine: String,
    /// Status of each threshold, in a fixed order: the four of [`THRESHOLDS`], then any the
    /// doctrine adds (Japan's three conditions and the survival-threatening situation).
    pub thresholds: Thresholds,
    /// Responses that are lawful (status met), least escalatory first.
    pub lawful_responses: smallvec::SmallVec<[Response; 8]>,
    /// Status of every response on the ladder, least escalatory first.
    pub responses: Statuses,
    /// Every finding, in the order the tests ran.
    pub findings: Vec<Finding>,
    /// The facts the findings used, each finding naming its range ([`Assessment::facts_of`]).
    pub used: Used,
    /// How many of the findings [`assess_into`] made (the first ones); findings added after
    /// keep their `because` as given.
    assessed: usize,
}

impl Assessment {
    /// An empty assessment under doctrine `id`, for findings made one by one.
    pub fn empty(id: &str) -> Assessment {
        let mut a = Assessment::default();
        a.doctrine.push_str(id);
        a
    }

    /// The facts a finding of this assessment used.
    pub fn facts_of(&self, f: &Finding) -> &[FactUsed] {
        self.used.get(f.facts)
    }

    /// A fact's value as JSON ([`Used::value_json`]).
    pub fn value_of(&self, u: &FactUsed) -> serde_json::Value {
        self.used.value_json(&u.value)
    }

    /// The findings (by test name) `f` rests on that this assessment made: a test's list less
    /// the findings made only in some situations (no ally, no armed conflict: none). Worked
    /// out when written, not while assessing. A finding added to the assessment afterwards
    /// (an ally's support, the alliance clause) keeps its list as given: it rests on findings
    /// of the assessment it answers.
    pub fn because_of(&self, f: &Finding) -> Because {
        let mut b = f.because;
        let assessed = &self.findings[..self.assessed.min(self.findings.len())];
        if !assessed.iter().any(|x| std::ptr::eq(x, f)) {
            return b;
        }
        if !b
            .iter()
            .all(|n| self.findings.iter().any(|x| same_test(x.test, n)))
        {
            b.retain(|n| self.findings.iter().any(|x| same_test(x.test, n)));
        }
        b
    }

    /// A finding's explanation as written in outputs.
    pub fn explanation_of(&self, f: &Finding) -> std::borrow::Cow<'_, str> {
        self.used
            .render(&f.explanation, f.unknowns.given(f.outcome))
    }

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
    /// "citation", "facts", "because", "unknown_and_material", "unknown_but_immaterial" (each
    /// when any)}]}`; for a doctrine
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
                    "facts": self.used.facts_json(f.facts),
                    "because": self.because_of(f),
                });
                let unknowns = f.unknowns.given(f.outcome);
                let material: Vec<_> = unknowns.material().collect();
                if !material.is_empty() {
                    j["unknown_and_material"] = material.into();
                }
                let immaterial: Vec<_> = unknowns.immaterial().collect();
                if !immaterial.is_empty() {
                    j["unknown_but_immaterial"] = immaterial.into();
                }
                if explain {
                    j["explanation"] = self.explanation_of(f).into_owned().into();
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
pub fn applicable_regime(facts: &Facts, u: &mut Used) -> Finding {
    let (in_conflict, by_author) = conflict_context(facts);
    let c = facts.conflict.as_ref();
    let since = u.maybe_name(c.and_then(|c| c.since.as_deref()));
    let begun_by = u.maybe_name(c.and_then(|c| c.begun_by.as_deref()));
    let explanation = if in_conflict {
        u.explain(
            "an international armed conflict is under way: the law of armed conflict governs both sides' cyber operations; begun by the suspected author: {} (if so, self-defense against the ongoing aggression needs no new armed attack)",
            [by_author.into()],
        )
    } else {
        "no armed conflict between the parties: jus ad bellum and the law of State responsibility govern".into()
    };
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
        facts: u.add([
            facts.used("armed_conflict", in_conflict.into()),
            facts.used("conflict.since", since),
            facts.used("conflict.begun_by", begun_by),
        ]),
        explanation,
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **The law in force.** A doctrine's statement, like a rule, applies from the date it was
/// made (or a law entered into force) and until it is replaced; the situation's date decides.
pub fn law_in_force(facts: &Facts, doctrine: &Doctrine, u: &mut Used) -> Finding {
    let on = doctrine.in_force.on(facts.date);
    let from = doctrine
        .in_force
        .from
        .map_or(explain::Arg::Str("(always)"), Into::into);
    let until = doctrine
        .in_force
        .until
        .map_or(explain::Arg::Str("(now)"), Into::into);
    let date = facts.date.map_or(explain::Arg::Str("today"), Into::into);
    Finding {
        test: "law_in_force",
        outcome: if on { Status::Met } else { Status::NotMet },
        citation: doctrine.source.clone().into(),
        facts: u.add([facts.used("date", facts.date.map_or(FactValue::Null, FactValue::Date))]),
        explanation: u.explain(
            "this statement of the doctrine is in force from {} until {}; the situation's date: {}",
            [from, until, date],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// **Whose own law.** A doctrine that also encodes its State's own law (constitutional
/// conditions on the use of force, statutory situations, domestic powers: [`Doctrine::state`])
/// applies that law to the State's own measures only: Japan's three conditions govern Japan's
/// use of force (Cabinet Decision of 1 July 2014), and its situations are defined by an attack
/// on Japan or a foreign country in a close relationship with it (Armed Attack Situations
/// Response Act art. 2). Another victim's rights are read under the doctrine's reading of
/// international law alone. Made only when the victim is not the doctrine's State.
pub fn domestic_law_applies(facts: &Facts, doctrine: &Doctrine, u: &mut Used) -> Finding {
    let state = u.maybe_name(doctrine.state.as_deref());
    let victim = u.name_value(&facts.victim);
    Finding {
        test: "domestic_law_applies",
        outcome: Status::NotMet,
        citation: doctrine.source.clone().into(),
        facts: u.add([facts.used("victim", victim), facts.used("doctrine.state", state)]),
        explanation: u.explain(
            "the own law of {} (conditions on its use of force, its statutory situations, its domestic powers) governs its own measures only; the victim here is {}, whose rights are read under this doctrine's reading of international law alone",
            [state.arg(), victim.arg()],
        ),
        because: Because::NONE,
        unknowns: Unknowns::NONE,
    }
}

/// Whether two test names are the same: by address first (a test's name is one literal,
/// shared by the findings that name it), then by text.
fn same_test(a: &str, b: &str) -> bool {
    (std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()) || a == b
}

/// Assesses `facts` under `doctrine`: thresholds first, then Japan's conditions where the
/// doctrine has them, then every response on the ladder.
pub fn assess(facts: &Facts, doctrine: &Doctrine) -> Assessment {
    let mut out = spare::take();
    assess_into(facts, doctrine, &mut out);
    out
}

/// The lists of assessments dropped on this thread, kept for the next [`assess`]: an
/// assessment's findings and facts run to kilobytes, and a caller that assesses, reads and
/// drops (the simulation, at every escalation step) would otherwise allocate and free them
/// each time. A few sets at most are kept, emptied; what they held is dropped as usual.
mod spare {
    use super::{Assessment, FactUsed, Finding, explain::Arg};
    use std::cell::RefCell;

    /// The most sets kept per thread.
    const KEEP: usize = 4;

    #[derive(Default)]
    pub(super) struct Lists {
        findings: Vec<Finding>,
        facts: Vec<FactUsed>,
        args: Vec<Arg>,
        names: Vec<&'static str>,
        text: String,
        doctrine: String,
    }

    thread_local! {
        static SPARE: RefCell<Vec<Lists>> = const { RefCell::new(Vec::new()) };
    }

    /// An empty assessment, with kept lists where there are some.
    pub(super) fn take() -> Assessment {
        let mut a = Assessment::default();
        let lists = SPARE.try_with(|s| s.borrow_mut().pop()).ok().flatten();
        if let Some(l) = lists {
            a.findings = l.findings;
            a.used.facts = l.facts;
            a.used.args = l.args;
            a.used.names = l.names;
            a.used.text = l.text;
            a.doctrine = l.doctrine;
        }
        a
    }

    /// Keeps the lists of an assessment being dropped (emptied), unless enough are kept.
    pub(super) fn keep(a: &mut Assessment) {
        if a.findings.capacity() == 0 {
            return;
        }
        let mut l = Lists {
            findings: std::mem::take(&mut a.findings),
            facts: std::mem::take(&mut a.used.facts),
            args: std::mem::take(&mut a.used.args),
            names: std::mem::take(&mut a.used.names),
            text: std::mem::take(&mut a.used.text),
            doctrine: std::mem::take(&mut a.doctrine),
        };
        l.findings.clear();
        l.facts.clear();
        l.args.clear();
        l.names.clear();
        l.text.clear();
        l.doctrine.clear();
        let _ = SPARE.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut()
                && s.len() < KEEP
            {
                s.push(l);
            }
        });
    }
}

impl Drop for Assessment {
    fn drop(&mut self) {
        spare::keep(self);
    }
}

/// [`assess`] written into `out`, reusing its memory: a caller that assesses again and again
/// with one `Assessment` allocates nothing once its lists have grown to size.
pub fn assess_into(facts: &Facts, doctrine: &Doctrine, out: &mut Assessment) {
    let whole = doctrine;
    let doctrine = whole.for_victim(&facts.victim);
    out.doctrine.clear();
    out.doctrine.push_str(&doctrine.id);
    out.thresholds.clear();
    out.lawful_responses.clear();
    out.responses.clear();
    out.findings.clear();
    out.used.clear();
    let Assessment {
        thresholds,
        lawful_responses,
        responses: statuses,
        findings,
        used: u,
        assessed,
        ..
    } = out;
    let expected = if doctrine.japan.is_some() { 40 } else { 20 };
    findings.reserve(expected);
    u.reserve(expected);
    macro_rules! keep {
        ($f:expr) => {{
            let f = $f;
            let s = f.outcome;
            findings.push(f);
            s
        }};
    }
    if facts.date.is_some() || doctrine.in_force != time::InForce::default() {
        keep!(law_in_force(facts, doctrine, u));
    }
    if !std::ptr::eq(doctrine, whole) {
        keep!(domestic_law_applies(facts, whole, u));
    }
    let attributed = keep!(tests::state_attribution(facts, doctrine, u));
    let sovereignty = keep!(tests::sovereignty_violation(facts, doctrine, attributed, u));
    if let Some(f) = tests::coercion(facts, u) {
        keep!(f);
    }
    let gravity = tests::Gravities::new(facts, doctrine);
    let force_effects = tests::force_effects(&gravity, doctrine);
    let intervention = keep!(tests::prohibited_intervention(
        facts,
        doctrine,
        attributed,
        force_effects.0,
        u
    ));
    let force = keep!(tests::use_of_force(
        facts,
        doctrine,
        &gravity,
        attributed,
        force_effects,
        u
    ));
    let armed = keep!(tests::armed_attack(
        facts, doctrine, &gravity, attributed, u
    ));
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
            let (circumstances, commenced, organised, occurred) =
                japan::attack_findings(facts, rule, attributed, armed, u, findings);
            thresholds.push(("attack_commenced", commenced));
            thresholds.push(("organised_and_planned", organised));
            thresholds.push(("armed_attack_occurred", occurred));
            (occurred, Some((rule, organised, circumstances)))
        }
        None => (armed, None),
    };
    let (in_conflict, by_author) = conflict_context(facts);
    if in_conflict {
        let s = keep!(applicable_regime(facts, u));
        thresholds.push(("law_of_armed_conflict", s));
        for f in in_bello::hostile_operation(facts, u) {
            keep!(f);
        }
    }
    let mut host_breach = Status::NotMet;
    if let Some(f) = tests::host_state_due_diligence(facts, doctrine, &gravity, u) {
        host_breach = keep!(f);
        thresholds.push(("host_state_due_diligence", host_breach));
    }
    let ally_armed = facts.ally.as_ref().map(|ally| {
        let f = tests::armed_attack_on_ally(facts, ally, doctrine, u);
        keep!(f)
    });
    let survival = if doctrine.survival_threat.is_some() {
        let s = keep!(tests::survival_threatening_situation(
            facts,
            doctrine,
            ally_armed.unwrap_or(Status::NotMet),
            u,
        ));
        thresholds.push(("survival_threatening_situation", s));
        s
    } else {
        Status::NotMet
    };
    let ongoing_aggression = if in_conflict {
        by_author
    } else {
        Status::NotMet
    };
    let ctx = responses::Context {
        attributed,
        // The author's operations, attributed; or the armed conflict it began and continues, a
        // use of force contrary to UN Charter art. 2(4) whatever the cyber operations' own
        // character (ARSIWA art. 2: a breach of an obligation, attributable to the State).
        wrongful: sovereignty
            .or(intervention)
            .or(force)
            .and(attributed)
            .or(ongoing_aggression),
        host_breach,
        force,
        armed,
        ally_armed: ally_armed.unwrap_or(Status::NotMet),
        survival,
        ongoing_aggression,
        gravity: &gravity,
    };
    responses::assess_ladder_into(facts, doctrine, &ctx, u, findings, statuses, thresholds);
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
        japan::situation_findings(facts, rule, &inputs, u, findings, thresholds);
    }
    *assessed = findings.len();
    lawful_responses.extend(
        statuses
            .iter()
            .filter(|(_, s)| *s == Status::Met)
            .map(|&(r, _)| r),
    );
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_tried_response_is_labelled_by_its_name_and_whether_it_worked() {
        let all = Response::LADDER.iter().chain(Response::SUPPORT.iter());
        for &r in all {
            assert_eq!(r.tried_label(true), format!("{}:effective", r.as_str()));
            assert_eq!(r.tried_label(false), format!("{}:ineffective", r.as_str()));
        }
    }

    #[test]
    fn a_nested_explanation_is_written_in_place_and_truncation_forgets_it() {
        let mut u = Used::default();
        let who = u.name("greenland");
        let inner = u.explain(" (against {})", [who]);
        let mark = u.mark();
        let nested = u.nest(inner);
        let outer = u.explain("countermeasures: {}{}", [Status::Met.into(), nested]);
        assert_eq!(
            u.render(&outer, Unknowns::NONE),
            "countermeasures: met (against greenland)"
        );
        u.truncate(mark);
        assert_eq!(u.render(&inner, Unknowns::NONE), " (against greenland)");
        assert_eq!(u.mark().nested, 0);
    }
}
