//! Scenario files: the schema an analyst reads and edits, how it is loaded, checked and
//! expanded into the compact form the simulation runs on.
//!
//! A scenario is one RON file. All times are in hours and converted to ticks with
//! `tick_hours`; probabilities are in `[0, 1]`; money is in US dollars. `docs/scenario-format.md`
//! documents every field with its unit, range and default.

mod compile;
pub mod decisions;
pub mod generate;
pub mod injects;
mod load;
mod validate;

pub use compile::{
    Area, Compiled, CompiledActor, CompiledBackup, CompiledCampaign, CompiledGrid, CompiledHazard,
    CompiledNode, CompiledRestoration, DepGraph, JAPAN_GDP_USD, JAPAN_POPULATION, NodeExtra,
    NodeNames, Relation,
};
pub use load::{LIMITS, Limits, load, load_bytes, load_str, parse_str};
pub(crate) use load::{kind_of, line_col, parse_ron, read_text};

/// Reads a text file with a size limit, refusing directories, binary data and invalid UTF-8.
pub fn read_text_file(path: &std::path::Path, max_bytes: u64) -> crate::error::Result<String> {
    read_text(path, max_bytes)
}
pub use injects::{Inject, ScheduledInject};
pub(crate) use validate::is_safe_name;
pub use validate::{MAX_FIGURE, MIN_GDP_USD, validate};

use crate::model::{
    ActorKind, AttributionBasis, DeclaredIntent, EffectType, MilitaryStatus, Posture, RelationKind,
    Sector,
};
use serde::{Deserialize, Serialize};

/// A whole scenario, as written in its RON file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name; also the default output folder name. Letters, digits, `-`, `_`, `.`.
    pub name: String,
    /// What question the scenario asks, for the report.
    #[serde(default)]
    pub description: String,
    /// Length of one tick in hours. Default 1.
    #[serde(default = "one")]
    pub tick_hours: f64,
    /// How long the scenario runs, in hours.
    pub duration_hours: f64,
    /// The default seed, used when the command line gives none.
    #[serde(default)]
    pub seed: u64,
    /// The calendar date the scenario starts (`"YYYY-MM-DD"`): the law in force is the law of
    /// each tick's date. Default: none (the law in force today).
    #[serde(default)]
    pub start_date: Option<crate::law::time::Date>,
    /// Harm rates (deaths, injuries, economic loss per person-hour without service).
    #[serde(default)]
    pub harm: HarmParameters,
    /// How much slower destroyed data and physical damage are repaired than a disruption.
    #[serde(default)]
    pub recovery: RecoveryParameters,
    /// States, non-state groups and the Security Council.
    pub actors: Vec<Actor>,
    /// Infrastructure nodes written out one by one.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Dependencies between nodes written out one by one.
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    /// Generated infrastructure: many nodes per entry, expanded from the seed.
    #[serde(default)]
    pub generators: Vec<Generator>,
    /// Cyber campaigns.
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    /// Power grids that can collapse as a whole and restart by black start. Default none.
    #[serde(default)]
    pub grids: Vec<Grid>,
    /// Repair crews and the services restoration needs, per (owner, region). A region without
    /// an entry restores every damaged node at once, at its own rate. Default none.
    #[serde(default)]
    pub restoration: Vec<Restoration>,
    /// Injects: events the white cell adds at given hours (a campaign wave, an intelligence
    /// report, an ally's request, a Security Council measure; see [`injects`]). Default none.
    #[serde(default)]
    pub injects: Vec<ScheduledInject>,
}

fn one() -> f64 {
    1.0
}

/// A State, a non-state group, or the UN Security Council.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Stable id, referred to by nodes, campaigns and relationships.
    pub id: String,
    /// Display name. Defaults to the id.
    #[serde(default)]
    pub name: String,
    /// What kind of actor. Default `State`.
    #[serde(default = "default_kind")]
    pub kind: ActorKind,
    /// The legal doctrine the actor applies: one of `japan`, `tallinn`, `us`, `uk`, `france`,
    /// `germany`, `nato`. Default `tallinn` for States.
    #[serde(default)]
    pub doctrine: Option<String>,
    /// Relationships to other actors.
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    /// Offensive means.
    #[serde(default)]
    pub capabilities: Capabilities,
    /// How the actor decides to respond.
    #[serde(default)]
    pub policy: EscalationPolicy,
    /// Defensive investments (the budget lines an analyst varies).
    #[serde(default)]
    pub defense: Defense,
    /// Only for `SecurityCouncil`: who can block it and how readily it acts.
    #[serde(default)]
    pub council: Option<Council>,
    /// Gross domestic product in USD, to judge economic loss as a share of it (unknown when
    /// left out).
    #[serde(default)]
    pub gdp_usd: Option<f64>,
    /// Resident population, the denominator of shares of the State's people. Default: for the
    /// actor `japan`, 124,352,000 (Statistics Bureau of Japan, 1 October 2023); otherwise the
    /// people of the State's service areas.
    #[serde(default)]
    pub population: Option<u64>,
    /// How long the actor's decisions take, and how long it gives a response to work.
    #[serde(default)]
    pub decision: DecisionProcess,
    /// The hour from which the actor's international circumstances are tense (a crisis,
    /// mobilisation, threats exchanged): the first of Abe's factors for attack initiation and
    /// the anticipated armed attack situation (docs/japan.md). Default: not stated (unknown).
    #[serde(default)]
    pub tension_from_hour: Option<f64>,
    /// State-level energy stocks, for the survival judgement on national figures. Default: for
    /// the actor `japan`, [`Stocks::japan`]; otherwise not stated (unknown).
    #[serde(default)]
    pub stocks: Option<Stocks>,
}

/// A State's energy stocks, in days of its own consumption.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stocks {
    /// Days of oil held (national, private and joint stocks).
    pub oil_days: f64,
    /// Days of LNG held.
    pub lng_days: f64,
    /// Days after an attacked partner declares the attack at which the State has released
    /// stocks (an energy means under Japan's second condition; modelling, not law). Default 7.
    #[serde(default = "default_release_after_days")]
    pub release_after_days: f64,
}

impl Stocks {
    /// Japan's stocks: oil 254 days (national 146, private 101, joint with producing countries
    /// 7: Chief Cabinet Secretary Kihara, 2 March 2026, Jiji Press; the same figures, Reuters,
    /// 11 March 2026); LNG about three weeks of national consumption held by power and gas
    /// utilities (Kihara, 2 March 2026), taken as 21 days. Before the stock release of 16 March
    /// 2026.
    pub fn japan() -> Stocks {
        Stocks {
            oil_days: 254.0,
            lng_days: 21.0,
            release_after_days: default_release_after_days(),
        }
    }
}

fn default_release_after_days() -> f64 {
    7.0
}

/// The durations of an actor's decision process, in hours. Detection is not a stage here: it is
/// the detection model itself (each phase's chance per tick). No published figure fixes these
/// durations for a State; the defaults are model assumptions, meant to be varied.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionProcess {
    /// Establishing the facts of a new situation (harm, attribution) after an escalation step.
    /// Default 12.
    #[serde(default = "default_assess_hours")]
    pub assess_hours: f64,
    /// Weighing the options (a national security council meeting). Default 24.
    #[serde(default = "default_deliberate_hours")]
    pub deliberate_hours: f64,
    /// The formal decision (a cabinet decision, an order). Default 6.
    #[serde(default = "default_decide_hours")]
    pub decide_hours: f64,
    /// From the order to the response taking effect. Default 12.
    #[serde(default = "default_act_hours")]
    pub act_hours: f64,
    /// How long each response is given to work before the actor judges it failed.
    #[serde(default)]
    pub windows: EvaluationWindows,
    /// The domestic steps before a use of force (Japan: National Security Council, Cabinet
    /// decision on the basic response plan, Diet approval, defense operation order). Default
    /// none: force follows the decide and act stages alone.
    #[serde(default)]
    pub domestic_steps: Option<DomesticSteps>,
}

/// The domestic steps a State takes before it may use force, in hours each. No published
/// figure fixes them (docs/japan.md section 5): the defaults are model assumptions, meant to be
/// varied.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomesticSteps {
    /// The National Security Council's deliberation on the basic response plan. Default 3.
    #[serde(default = "default_nsc_hours")]
    pub nsc_hours: f64,
    /// The Cabinet decision on the basic response plan certifying the situation (Armed Attack
    /// Situations Response Act art. 9). Default 2.
    #[serde(default = "default_cabinet_hours")]
    pub cabinet_hours: f64,
    /// Prior Diet approval (SDF Act art. 76(1)). Default 24.
    #[serde(default = "default_diet_hours")]
    pub diet_hours: f64,
    /// Whether, in urgency, the order is issued without prior approval and approval sought
    /// afterwards (art. 9; an armed attack that has occurred counts as urgent). Default true.
    #[serde(default = "default_yes")]
    pub diet_after_in_urgency: bool,
    /// The defense operation order (SDF Act art. 76) and the units' readiness. Default 2.
    #[serde(default = "default_order_hours")]
    pub order_hours: f64,
    /// Active Cyber Defense: the independent supervisory commission's prior approval (or, in
    /// urgency, the time to notify it afterwards, which delays nothing). Default 6.
    #[serde(default = "default_commission_hours")]
    pub commission_hours: f64,
    /// Active Cyber Defense against computers abroad: consultation of the Foreign Minister.
    /// Default 2.
    #[serde(default = "default_foreign_minister_hours")]
    pub foreign_minister_hours: f64,
    /// Active Cyber Defense by the Self-Defense Forces: the Prime Minister's order. Default 1.
    #[serde(default = "default_prime_minister_order_hours")]
    pub prime_minister_order_hours: f64,
    /// The close consultation with an ally on whether its treaty's mutual-defense clause
    /// applies to a cyber attack (US-Japan Security Treaty art. V; "2+2" of 19 April 2019):
    /// the ally's collective self-defense takes effect only after it. Default 24.
    #[serde(default = "default_alliance_consultation_hours")]
    pub alliance_consultation_hours: f64,
}

impl Default for DomesticSteps {
    fn default() -> Self {
        DomesticSteps {
            nsc_hours: default_nsc_hours(),
            cabinet_hours: default_cabinet_hours(),
            diet_hours: default_diet_hours(),
            diet_after_in_urgency: true,
            order_hours: default_order_hours(),
            commission_hours: default_commission_hours(),
            foreign_minister_hours: default_foreign_minister_hours(),
            prime_minister_order_hours: default_prime_minister_order_hours(),
            alliance_consultation_hours: default_alliance_consultation_hours(),
        }
    }
}

fn default_commission_hours() -> f64 {
    6.0
}
fn default_foreign_minister_hours() -> f64 {
    2.0
}
fn default_prime_minister_order_hours() -> f64 {
    1.0
}
fn default_alliance_consultation_hours() -> f64 {
    24.0
}

fn default_nsc_hours() -> f64 {
    3.0
}
fn default_cabinet_hours() -> f64 {
    2.0
}
fn default_diet_hours() -> f64 {
    24.0
}
fn default_order_hours() -> f64 {
    2.0
}
fn default_yes() -> bool {
    true
}

impl Default for DecisionProcess {
    fn default() -> Self {
        DecisionProcess {
            assess_hours: default_assess_hours(),
            deliberate_hours: default_deliberate_hours(),
            decide_hours: default_decide_hours(),
            act_hours: default_act_hours(),
            windows: EvaluationWindows::default(),
            domestic_steps: None,
        }
    }
}

fn default_assess_hours() -> f64 {
    12.0
}
fn default_deliberate_hours() -> f64 {
    24.0
}
fn default_decide_hours() -> f64 {
    6.0
}
fn default_act_hours() -> f64 {
    12.0
}

/// The evaluation window of each response, in hours from the moment it takes effect: the
/// actor does not take another response against the same adversary before the window has
/// passed, unless the attack grows graver.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationWindows {
    /// Default 72.
    #[serde(default = "seventy_two")]
    pub retorsion: f64,
    /// Default 72.
    #[serde(default = "seventy_two")]
    pub countermeasures: f64,
    /// Default 48.
    #[serde(default = "forty_eight")]
    pub plea_of_necessity: f64,
    /// Default 48.
    #[serde(default = "forty_eight")]
    pub active_cyber_defense: f64,
    /// Default 48.
    #[serde(default = "forty_eight")]
    pub self_defense: f64,
    /// Default 48.
    #[serde(default = "forty_eight")]
    pub collective_self_defense: f64,
    /// Default 72.
    #[serde(default = "seventy_two")]
    pub intelligence_sharing: f64,
    /// Default 72.
    #[serde(default = "seventy_two")]
    pub logistics_support: f64,
}

impl Default for EvaluationWindows {
    fn default() -> Self {
        EvaluationWindows {
            retorsion: 72.0,
            countermeasures: 72.0,
            plea_of_necessity: 48.0,
            active_cyber_defense: 48.0,
            self_defense: 48.0,
            collective_self_defense: 48.0,
            intelligence_sharing: 72.0,
            logistics_support: 72.0,
        }
    }
}

impl EvaluationWindows {
    /// The window of `response`, in hours.
    pub fn hours(&self, response: crate::law::Response) -> f64 {
        use crate::law::Response as R;
        match response {
            R::Retorsion => self.retorsion,
            R::Countermeasures => self.countermeasures,
            R::PleaOfNecessity => self.plea_of_necessity,
            R::ActiveCyberDefense => self.active_cyber_defense,
            R::SelfDefense => self.self_defense,
            R::CollectiveSelfDefense => self.collective_self_defense,
            R::IntelligenceSharing => self.intelligence_sharing,
            R::LogisticsSupport => self.logistics_support,
        }
    }

    /// Every window with its field name, for validation.
    pub fn all(&self) -> [(&'static str, f64); 8] {
        [
            ("retorsion", self.retorsion),
            ("countermeasures", self.countermeasures),
            ("plea_of_necessity", self.plea_of_necessity),
            ("active_cyber_defense", self.active_cyber_defense),
            ("self_defense", self.self_defense),
            ("collective_self_defense", self.collective_self_defense),
            ("intelligence_sharing", self.intelligence_sharing),
            ("logistics_support", self.logistics_support),
        ]
    }
}

fn seventy_two() -> f64 {
    72.0
}
fn forty_eight() -> f64 {
    48.0
}

fn default_kind() -> ActorKind {
    ActorKind::State
}

/// A relationship from the actor that declares it to another actor.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// The other actor's id.
    pub with: String,
    /// Ally, adversary or neutral.
    pub kind: RelationKind,
    /// For allies: a "foreign country in a close relationship" in the sense of Japan's first
    /// condition for the use of force (Cabinet Decision, 1 July 2014). Default false.
    #[serde(default)]
    pub close: bool,
    /// For allies: how much of the other's attribution work reaches this actor, in `[0, 1]`
    /// (partners' intelligence sharing). Default 0.
    #[serde(default)]
    pub intel_sharing: f64,
    /// Share of this actor's oil and LNG imports that come from (or through) the other, in
    /// `[0, 1]`: an attack on the other cuts that share in proportion to the other's supply
    /// loss (modelling, not law). Default 0.
    #[serde(default)]
    pub energy_imports: f64,
}

/// Offensive means, each in `[0, 1]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// Cyber operations capability. Default 0.5.
    #[serde(default = "half")]
    pub cyber: f64,
    /// Kinetic (conventional military) capability. Default 0.5.
    #[serde(default = "half")]
    pub kinetic: f64,
}

impl Default for Capabilities {
    fn default() -> Self {
        Capabilities {
            cyber: 0.5,
            kinetic: 0.5,
        }
    }
}

fn half() -> f64 {
    0.5
}

/// How an actor decides to respond to hostile operations.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationPolicy {
    /// Whether the actor confines itself to what its doctrine finds lawful. Default true.
    #[serde(default = "yes")]
    pub respects_law: bool,
    /// Restrained, proportional or aggressive. Default `Restrained`.
    #[serde(default = "default_posture")]
    pub posture: Posture,
}

impl Default for EscalationPolicy {
    fn default() -> Self {
        EscalationPolicy {
            respects_law: true,
            posture: Posture::Restrained,
        }
    }
}

fn yes() -> bool {
    true
}
fn default_posture() -> Posture {
    Posture::Restrained
}

/// Defensive investments. Each field is a budget line an analyst can vary.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defense {
    /// Automated detection of the initial access phase, such as screening of harmful e-mail,
    /// in `[0, 1]`: multiplies initial-access detection by `1 + email_screening`. Default 0.3.
    #[serde(default = "default_screening")]
    pub email_screening: f64,
    /// Staff of the cyber defense force (Japan's Cyber Defense Group: 220, growing to 290).
    /// Default 220.
    #[serde(default = "default_staff")]
    pub staff: u32,
    /// Staff needed to work one incident; `staff / staff_per_incident` incidents are worked at
    /// once. Default 10.
    #[serde(default = "default_staff_per_incident")]
    pub staff_per_incident: u32,
    /// Fraction of the remaining doubt about a detected campaign's sponsor resolved per day of
    /// forensic work, in `[0, 1]`. Default 0.04 (about 90% confidence after 56 days).
    #[serde(default = "default_attribution_rate")]
    pub attribution_per_day: f64,
    /// Multiplier on attribution speed from intelligence-gathering systems (Japan's Cyber
    /// Information Gathering System). Default 1.
    #[serde(default = "one")]
    pub intelligence_gathering: f64,
    /// Chance per day that a worked incident is contained (the intruder evicted), in `[0, 1]`.
    /// Default 0.15.
    #[serde(default = "default_eviction")]
    pub eviction_per_day: f64,
}

impl Default for Defense {
    fn default() -> Self {
        Defense {
            email_screening: default_screening(),
            staff: default_staff(),
            staff_per_incident: default_staff_per_incident(),
            attribution_per_day: default_attribution_rate(),
            intelligence_gathering: 1.0,
            eviction_per_day: default_eviction(),
        }
    }
}

fn default_screening() -> f64 {
    0.3
}
fn default_staff() -> u32 {
    220
}
fn default_staff_per_incident() -> u32 {
    10
}
fn default_attribution_rate() -> f64 {
    0.04
}
fn default_eviction() -> f64 {
    0.15
}

/// The Security Council's voting rules.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Council {
    /// Permanent members (actor ids). A permanent member that is party to the conflict blocks
    /// action.
    #[serde(default)]
    pub permanent_members: Vec<String>,
    /// Chance per day that the Council takes measures once an armed attack is reported, in
    /// `[0, 1]`. Default 0.02.
    #[serde(default = "default_council_chance")]
    pub action_per_day: f64,
}

fn default_council_chance() -> f64 {
    0.02
}

/// One infrastructure node.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Stable id.
    pub id: String,
    /// Owner State (actor id).
    pub owner: String,
    /// Sector.
    pub sector: Sector,
    /// Region name. Default `national`.
    #[serde(default = "default_region")]
    pub region: String,
    /// People who depend on the node's service.
    pub population: u64,
    /// How critical the node is to its sector, in `[0, 1]`. Default 0.5.
    #[serde(default = "half")]
    pub criticality: f64,
    /// Civilian, dual-use or military. Default `Civilian`.
    #[serde(default = "default_military")]
    pub military: MilitaryStatus,
    /// Fraction of full capacity restored per hour after a disruption, in `(0, 1]`. Default 0.05.
    #[serde(default = "default_recovery")]
    pub recovery_per_hour: f64,
    /// Cyber defense posture, in `[0, 1]`: scales detection by `0.5 + posture`. Default 0.5.
    #[serde(default = "half")]
    pub posture: f64,
    /// Cost to replace the node's equipment, in USD: physical damage costs
    /// `intensity * replacement_cost_usd`. Default 0.
    #[serde(default)]
    pub replacement_cost_usd: f64,
    /// For a power station in a [`Grid`]: its generation in MW, which the grid loses when the
    /// station goes down. Default 0 (not a station).
    #[serde(default)]
    pub capacity_mw: f64,
    /// A buffer that keeps the node working while a provider is down: backup generators,
    /// batteries, a water tank, fuel stocks. Default none.
    #[serde(default)]
    pub backup: Option<Backup>,
    /// Deaths caused by the effect itself (an explosion, a crash) when the node is physically
    /// damaged, per unit of intensity. Default 0.
    #[serde(default)]
    pub direct_deaths: f64,
    /// Injuries caused by the effect itself when the node is physically damaged, per unit of
    /// intensity. Default 0.
    #[serde(default)]
    pub direct_injuries: f64,
    /// Hours to obtain replacement equipment after physical damage (a large transformer:
    /// months): the capacity stays at its damaged level that long before repair starts.
    /// Default 0.
    #[serde(default)]
    pub spare_part_hours: f64,
}

/// A stock that carries a node through its providers' outage: service holds while it lasts.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// Hours of full operation the stock covers (fuel of a backup generator, battery, tank).
    pub hours: f64,
    /// Hours to refill it from empty once the providers are back. Default 24.
    #[serde(default = "default_refill")]
    pub refill_hours: f64,
    /// The sectors whose loss it covers. Default `[ElectricPower]`.
    #[serde(default = "default_covers")]
    pub covers: Vec<Sector>,
}

fn default_refill() -> f64 {
    24.0
}
fn default_covers() -> Vec<Sector> {
    vec![Sector::ElectricPower]
}

/// A synchronous power grid: one owner's electric power nodes in one region. When the
/// generation it loses in one tick reaches `collapse_share` of its stations' capacity, every
/// power node in it goes down, and comes back in black-start order.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Owner State.
    pub owner: String,
    /// Region of the grid's nodes.
    pub region: String,
    /// Share of the grid's generation lost at once that makes it collapse, in `(0, 1]`.
    /// Default 0.25.
    #[serde(default = "default_collapse")]
    pub collapse_share: f64,
    /// Hours from the collapse until the first customers are re-energised (black-start units
    /// started, the first lines charged). Default 9.
    #[serde(default = "default_black_start")]
    pub black_start_hours: f64,
    /// Share of the grid's load re-energised per hour after that, in `(0, 1]`, as crews and
    /// restarted stations allow. Default 0.024.
    #[serde(default = "default_restore_share")]
    pub restore_share_per_hour: f64,
}

/// Restoration in one owner's region: how many damaged or failed nodes its crews repair at
/// once, and how much dispatch needs the region's public telecommunications.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Restoration {
    /// Owner State.
    pub owner: String,
    /// Region.
    pub region: String,
    /// Repair crews: nodes of the region (all sectors) restored at the same time, the most
    /// critical first (then node order); the others wait. At least 1.
    pub crews: u32,
    /// Share of restoration that stops while the region's telecommunications are down, in
    /// `[0, 1]`: crews work at `1 - telecom_dependence * (1 - telecom service)` of their
    /// rate, the service being the mean of the owner's InformationCommunications nodes in the
    /// region at the end of the previous tick. Default 0.5.
    #[serde(default = "half")]
    pub telecom_dependence: f64,
}

fn default_collapse() -> f64 {
    0.25
}
fn default_black_start() -> f64 {
    9.0
}
fn default_restore_share() -> f64 {
    0.024
}

fn default_region() -> String {
    "national".to_string()
}
fn default_military() -> MilitaryStatus {
    MilitaryStatus::Civilian
}
fn default_recovery() -> f64 {
    0.05
}

/// `from` needs `on` to work: `from`'s service is at most `1 - strength * (1 - service(on))`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    /// The dependent node.
    pub from: String,
    /// The node it depends on.
    pub on: String,
    /// How much of `from`'s function is lost when `on` is fully down, in `[0, 1]`. Default 1.
    #[serde(default = "one")]
    pub strength: f64,
}

/// Many nodes of one sector, expanded deterministically from the scenario seed.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// Id prefix: nodes are named `{prefix}-{i}`, `i` from 0.
    pub prefix: String,
    /// Owner State.
    pub owner: String,
    /// Sector of every generated node.
    pub sector: Sector,
    /// How many nodes.
    pub count: u32,
    /// Regions the nodes are spread over, in turn. Default `["national"]`.
    #[serde(default = "default_regions")]
    pub regions: Vec<String>,
    /// Population served per node: drawn log-uniformly between these bounds.
    pub population: (u64, u64),
    /// Criticality of every node. Default 0.5.
    #[serde(default = "half")]
    pub criticality: f64,
    /// Military status of every node. Default `Civilian`.
    #[serde(default = "default_military")]
    pub military: MilitaryStatus,
    /// Recovery per hour. Default 0.05.
    #[serde(default = "default_recovery")]
    pub recovery_per_hour: f64,
    /// Cyber defense posture. Default 0.5.
    #[serde(default = "half")]
    pub posture: f64,
    /// Replacement cost per node, USD. Default 0.
    #[serde(default)]
    pub replacement_cost_usd: f64,
    /// A buffer on every generated node. Default none.
    #[serde(default)]
    pub backup: Option<Backup>,
    /// Hours to obtain replacement equipment after physical damage, for every generated node
    /// (see [`Node::spare_part_hours`]). Default 0.
    #[serde(default)]
    pub spare_part_hours: f64,
    /// What each generated node depends on.
    #[serde(default)]
    pub depends_on: Vec<GeneratedDependency>,
}

fn default_regions() -> Vec<String> {
    vec![default_region()]
}

/// A dependency pattern for generated nodes: each depends on `per_node` nodes of `sector`
/// with the same owner, chosen with a preference for the sector's first nodes (hubs) and, when
/// `same_region`, for nodes in the same region.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneratedDependency {
    /// The sector depended on.
    pub sector: Sector,
    /// How many providers per node. Default 1.
    #[serde(default = "one_u32")]
    pub per_node: u32,
    /// Strength of each dependency. Default 1.
    #[serde(default = "one")]
    pub strength: f64,
    /// Prefer providers in the same region. Default true.
    #[serde(default = "yes")]
    pub same_region: bool,
}

fn one_u32() -> u32 {
    1
}

/// A cyber campaign: one operator, one or more targets, a kill chain, and effect waves.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// Stable id.
    pub id: String,
    /// Who carries out the operations (actor id).
    pub operator: String,
    /// The State behind the operator, if any (actor id).
    #[serde(default)]
    pub sponsor: Option<String>,
    /// How the operator's conduct relates to the sponsor in law. Default `StateOrgan`.
    #[serde(default = "default_basis")]
    pub basis: AttributionBasis,
    /// Nodes attacked: by id, or selected by sector, region and owner.
    pub targets: Vec<Target>,
    /// When the campaign begins, in hours from the start. Default 0.
    #[serde(default)]
    pub start_hour: f64,
    /// The kill-chain phases before effects can be delivered.
    #[serde(default)]
    pub phases: Phases,
    /// Effect waves, delivered on each target that has reached the effect phase.
    pub waves: Vec<Wave>,
    /// How hard the campaign is to detect and attribute, in `[0, 1]`. Default 0.5.
    #[serde(default = "half")]
    pub stealth: f64,
    /// What the attacker has declared. Default `None`.
    #[serde(default = "default_intent")]
    pub intent: DeclaredIntent,
    /// An actor the campaign is disguised as (false flag). Default none.
    #[serde(default)]
    pub false_flag: Option<String>,
    /// Attempts per phase before the intrusion on a target is abandoned. Default 3.
    #[serde(default = "default_attempts")]
    pub attempts: u32,
    /// A third State (actor id) whose territory or cyber infrastructure the operations are
    /// staged through, for its due diligence (TM2.0 r.6, r.7). Default none.
    #[serde(default)]
    pub staged_through: Option<String>,
    /// What the campaign seeks from the State it attacks, for the prohibition of intervention
    /// (TM2.0 r.66 commentary para 11: the act must be "designed to undermine" the State's
    /// authority over its *domaine réservé*). The victim knows it only when the attacker has
    /// declared its intent (`intent: Explicit`) or an ally's intelligence revealed it. Default
    /// none: not known.
    #[serde(default)]
    pub aim: Option<CampaignAim>,
}

/// What a campaign seeks from the State it attacks (for intervention, TM2.0 r.66).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CampaignAim {
    /// To compel the State on a matter it is entitled to decide freely (its domestic or
    /// foreign policy, its political system, its elections): bears on the *domaine réservé*
    /// and is coercive (TM2.0 r.66 commentary paras 11, 29).
    Compel,
    /// Another aim (gain, disorder, punishment, signalling): bears on no matter of the
    /// *domaine réservé*.
    Other,
}

fn default_basis() -> AttributionBasis {
    AttributionBasis::StateOrgan
}
fn default_intent() -> DeclaredIntent {
    DeclaredIntent::None
}
fn default_attempts() -> u32 {
    3
}

/// Which nodes a campaign attacks.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Target {
    /// One node, by id.
    Node(String),
    /// Every node matching all the given criteria (most critical first, up to `limit`).
    Select {
        /// Only this sector.
        #[serde(default)]
        sector: Option<Sector>,
        /// Only this region.
        #[serde(default)]
        region: Option<String>,
        /// Only nodes owned by this actor.
        #[serde(default)]
        owner: Option<String>,
        /// At most this many nodes.
        #[serde(default)]
        limit: Option<u32>,
    },
}

/// The kill-chain phases that precede effects.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phases {
    /// Reconnaissance. Default 48 h, success 0.95, detection 0.0005/h.
    #[serde(default = "default_recon")]
    pub reconnaissance: Phase,
    /// Initial access. Default 72 h, success 0.6, detection 0.004/h.
    #[serde(default = "default_access")]
    pub initial_access: Phase,
    /// Persistence and lateral movement. Default 120 h, success 0.8, detection 0.002/h.
    #[serde(default = "default_persistence")]
    pub persistence: Phase,
}

/// One kill-chain phase.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// Hours one attempt at the phase takes.
    pub duration_hours: f64,
    /// Chance an attempt succeeds, in `[0, 1]`.
    pub success: f64,
    /// Base chance per hour that the defender detects the intrusion in this phase, in
    /// `[0, 1]`, before posture, screening and stealth.
    pub detection_per_hour: f64,
}

impl Default for Phase {
    fn default() -> Self {
        default_access()
    }
}

fn default_recon() -> Phase {
    Phase {
        duration_hours: 48.0,
        success: 0.95,
        detection_per_hour: 0.0005,
    }
}
fn default_access() -> Phase {
    Phase {
        duration_hours: 72.0,
        success: 0.6,
        detection_per_hour: 0.004,
    }
}
fn default_persistence() -> Phase {
    Phase {
        duration_hours: 120.0,
        success: 0.8,
        detection_per_hour: 0.002,
    }
}

/// One effect wave.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wave {
    /// Earliest hour the wave is delivered; a target that reaches the effect phase later gets
    /// it then.
    pub start_hour: f64,
    /// What the wave does.
    pub effect: EffectType,
    /// Fraction of the node's capacity taken away, in `[0, 1]` (for espionage: the share of
    /// the node's data exfiltrated per hour of access).
    pub intensity: f64,
    /// How long the effect is held, in hours (for espionage: how long exfiltration lasts).
    pub duration_hours: f64,
}

/// Harm rates. Defaults and their sources are in `docs/scenario-format.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarmParameters {
    /// Multiplies every death and injury rate (e.g. 1.5 for a winter outage). Default 1.
    #[serde(default = "one")]
    pub mortality_multiplier: f64,
    /// Per-sector overrides of the default rates.
    #[serde(default)]
    pub sectors: Vec<SectorHarm>,
    /// The excess-mortality hazard of people cut off from an essential supply.
    #[serde(default)]
    pub hazard: Hazard,
}

impl Default for HarmParameters {
    fn default() -> Self {
        HarmParameters {
            mortality_multiplier: 1.0,
            sectors: Vec::new(),
            hazard: Hazard::default(),
        }
    }
}

/// The excess-mortality hazard of people without power, water or gas, by cause. Rates are per
/// million person-hours as `(low, central, high)`; defaults and sources in
/// `docs/scenario-format.md`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hazard {
    /// Accidental deaths (carbon monoxide, falls, fires, traffic), from the first hour.
    #[serde(default = "default_accidental")]
    pub accidental_deaths: (f64, f64, f64),
    /// Disease-related deaths (heat or cold, cardiovascular and respiratory stress) once the
    /// outage has lasted `ramp_hours`, under the reference thermal stress.
    #[serde(default = "default_disease")]
    pub disease_deaths: (f64, f64, f64),
    /// Hours over which the disease-related hazard grows from zero to its full rate. Default 12.
    #[serde(default = "default_ramp")]
    pub ramp_hours: f64,
    /// Thermal stress relative to the reference (New York, August 2003, a hot summer day): 1
    /// for heat or cold like it, 0.1 for mild weather. Multiplies the disease-related rate.
    /// Default 1.
    #[serde(default = "one")]
    pub thermal_stress: f64,
    /// Injuries per estimated death among the general population. Default 10.
    #[serde(default = "default_injury_ratio")]
    pub injuries_per_death: f64,
    /// Share of the population on electrically powered home medical devices (home oxygen,
    /// ventilators). Default 0.0015.
    #[serde(default = "default_device_share")]
    pub device_share: f64,
    /// Hours their batteries and spare cylinders last. Default 3.
    #[serde(default = "default_device_hours")]
    pub device_hours: f64,
    /// Deaths per million device-user hours once those are spent.
    #[serde(default = "default_device_deaths")]
    pub device_deaths: (f64, f64, f64),
    /// Emergency transports (injuries) per million device-user hours once those are spent.
    #[serde(default = "default_device_injuries")]
    pub device_injuries: (f64, f64, f64),
}

impl Default for Hazard {
    fn default() -> Self {
        Hazard {
            accidental_deaths: default_accidental(),
            disease_deaths: default_disease(),
            ramp_hours: default_ramp(),
            thermal_stress: 1.0,
            injuries_per_death: default_injury_ratio(),
            device_share: default_device_share(),
            device_hours: default_device_hours(),
            device_deaths: default_device_deaths(),
            device_injuries: default_device_injuries(),
        }
    }
}

fn default_accidental() -> (f64, f64, f64) {
    (0.014, 0.062, 0.145)
}
fn default_disease() -> (f64, f64, f64) {
    (0.26, 0.54, 0.88)
}
fn default_ramp() -> f64 {
    12.0
}
fn default_injury_ratio() -> f64 {
    10.0
}
fn default_device_share() -> f64 {
    0.0015
}
fn default_device_hours() -> f64 {
    3.0
}
fn default_device_deaths() -> (f64, f64, f64) {
    (0.12, 4.6, 26.0)
}
fn default_device_injuries() -> (f64, f64, f64) {
    (680.0, 790.0, 920.0)
}

/// Harm rates for one sector, per million person-hours without its service.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectorHarm {
    /// The sector.
    pub sector: Sector,
    /// Deaths per million person-hours without service.
    pub deaths_per_million_person_hours: f64,
    /// Injuries per million person-hours without service.
    pub injuries_per_million_person_hours: f64,
    /// Economic loss in USD per person-hour without service.
    pub loss_usd_per_person_hour: f64,
}

/// How much slower than a disruption other damage is repaired.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryParameters {
    /// Multiplier on a node's recovery rate after destruction of data or firmware. Default 0.25.
    #[serde(default = "default_data_factor")]
    pub data_destruction_factor: f64,
    /// Multiplier on a node's recovery rate after physical damage. Default 0.02.
    #[serde(default = "default_physical_factor")]
    pub physical_damage_factor: f64,
    /// Cost of restoring destroyed data, as a fraction of replacement cost per unit of
    /// intensity. Default 0.1.
    #[serde(default = "default_data_cost")]
    pub data_destruction_cost_fraction: f64,
}

impl Default for RecoveryParameters {
    fn default() -> Self {
        RecoveryParameters {
            data_destruction_factor: default_data_factor(),
            physical_damage_factor: default_physical_factor(),
            data_destruction_cost_fraction: default_data_cost(),
        }
    }
}

fn default_data_factor() -> f64 {
    0.25
}
fn default_physical_factor() -> f64 {
    0.02
}
fn default_data_cost() -> f64 {
    0.1
}

/// Default harm rates for a sector: (deaths, injuries) per million person-hours without
/// service, and USD lost per person-hour. Sources and reasoning in `docs/scenario-format.md`.
pub fn default_sector_harm(sector: Sector) -> SectorHarm {
    let (deaths, injuries, loss) = match sector {
        Sector::ElectricPower => (0.0, 0.0, 10.0),
        Sector::Medical => (1.0, 5.0, 5.0),
        Sector::Water => (0.0, 0.0, 3.0),
        Sector::Gas => (0.0, 0.0, 2.0),
        Sector::InformationCommunications => (0.0, 0.0, 5.0),
        Sector::Finance | Sector::CreditCard => (0.0, 0.0, 8.0),
        Sector::Railways | Sector::Aviation | Sector::Airports => (0.0, 0.0, 6.0),
        Sector::Logistics | Sector::Petroleum | Sector::Chemical => (0.0, 0.0, 4.0),
        Sector::Government | Sector::Defense => (0.0, 0.0, 2.0),
    };
    SectorHarm {
        sector,
        deaths_per_million_person_hours: deaths,
        injuries_per_million_person_hours: injuries,
        loss_usd_per_person_hour: loss,
    }
}

/// Reads, checks and expands a scenario file: the usual way in.
pub fn open(path: &std::path::Path) -> crate::error::Result<Compiled> {
    load(path)?.compile(path)
}
