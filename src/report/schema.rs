//! JSON Schemas (draft 2020-12) of every JSON file and JSON Lines line that casus writes, and
//! of the `--json` output of its commands: `casus schema NAME` prints one, and `schemas/`
//! ships them all (a test fails when a shipped file is out of date, and
//! `tests/python/test_outputs.py` validates the files of a run and of a sweep against them).
//!
//! The checkpoint and the sweep manifest are schemas of their own structs. The other outputs
//! are written by serde from types spread over the simulation and the law (or line by line,
//! for speed), so their shapes are written here once as typed structs that name each field
//! with its type and meaning; every object refuses fields it does not list, so a field added
//! to an output without being added here fails the validation test.

use schemars::JsonSchema;
use std::collections::BTreeMap;

/// A status in law.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not met.
    NotMet,
    /// Not assessed, or not enough facts.
    Unknown,
    /// Experts are divided, or the facts support both readings.
    Contested,
    /// Met.
    Met,
}

/// The schemas, by name: `(name, file in schemas/, what it describes)`.
pub const SCHEMAS: [(&str, &str, &str); 13] = [
    ("summary", "summary.schema.json", "a run's summary.json"),
    (
        "events",
        "events.schema.json",
        "one line of a run's events.jsonl",
    ),
    (
        "legal",
        "legal.schema.json",
        "one line of a run's legal.jsonl",
    ),
    (
        "checkpoint",
        "checkpoint.schema.json",
        "a checkpoint (checkpoint-TICK.json)",
    ),
    ("sweep", "sweep.schema.json", "a sweep's sweep.json"),
    (
        "aggregate",
        "aggregate.schema.json",
        "a sweep's aggregate.json",
    ),
    ("grid", "grid.schema.json", "a parameter sweep's grid.json"),
    (
        "assess",
        "assess.schema.json",
        "the output of `casus assess --json`",
    ),
    (
        "explain",
        "explain.schema.json",
        "the output of `casus explain --json`",
    ),
    (
        "validate",
        "validate.schema.json",
        "the output of `casus validate --json`",
    ),
    (
        "tipping",
        "tipping.schema.json",
        "the output of `casus tipping --json`",
    ),
    (
        "diff",
        "diff.schema.json",
        "the output of `casus diff --json`",
    ),
    (
        "decisions",
        "decisions.schema.json",
        "one line of a run's `decisions.jsonl`",
    ),
];

/// The schema called `name` (one of [`SCHEMAS`]), as pretty JSON text ending in a newline.
pub fn schema(name: &str) -> Option<String> {
    let s = match name {
        "summary" => schemars::schema_for!(Summary),
        "events" => schemars::schema_for!(EventLine),
        "legal" => schemars::schema_for!(LegalLine),
        "checkpoint" => schemars::schema_for!(crate::sim::checkpoint::Checkpoint),
        "sweep" => schemars::schema_for!(crate::sweep::Manifest),
        "aggregate" => schemars::schema_for!(Aggregate),
        "grid" => schemars::schema_for!(Grid),
        "assess" => schemars::schema_for!(AssessOutput),
        "explain" => schemars::schema_for!(ExplainOutput),
        "validate" => schemars::schema_for!(Vec<super::tables::ValidateRow>),
        "tipping" => schemars::schema_for!(Tipping),
        "diff" => schemars::schema_for!(crate::play::diff::Diff),
        "decisions" => schemars::schema_for!(DecisionLine),
        _ => return None,
    };
    Some(serde_json::to_string_pretty(&s).unwrap_or_default() + "\n")
}

/// `casus schema [NAME]`: the schema called `name`, or the list of names when `name` is
/// `None`. An unknown name is an error with the nearest name.
pub fn command(name: Option<&str>) -> crate::error::Result<String> {
    let Some(name) = name else {
        let mut out = String::new();
        for (n, file, what) in SCHEMAS {
            out.push_str(&format!("{n:<11} {what} (schemas/{file})\n"));
        }
        return Ok(out);
    };
    schema(name).ok_or_else(|| {
        let help = crate::error::did_you_mean(name, SCHEMAS.iter().map(|s| s.0));
        crate::error::Error::Usage(format!(
            "unknown schema `{name}`: expected one of {}{}",
            SCHEMAS.map(|s| s.0).join(", "),
            help.map(|h| format!(" ({h})")).unwrap_or_default()
        ))
    })
}

/// `casus schema --write DIR`: writes every schema into `dir` (created if needed), each file
/// atomically, under its name in [`SCHEMAS`].
pub fn write_all(dir: &std::path::Path) -> crate::error::Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| crate::error::Error::Write {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    for (name, file, _) in SCHEMAS {
        super::write_atomic(&dir.join(file), schema(name).unwrap_or_default().as_bytes())?;
    }
    Ok(())
}

// ---------------------------------------------------------------- summary.json

/// A run's `summary.json`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// The scenario's name.
    pub scenario: String,
    /// The scenario's description.
    pub description: String,
    /// The seed.
    pub seed: u64,
    /// Ticks run.
    pub ticks: u32,
    /// Whether the run finished (false for an interrupted run).
    pub complete: bool,
    /// Hours per tick.
    pub tick_hours: f64,
    /// The casus version that wrote the run.
    pub casus_version: String,
    /// The scenario file as given on the command line.
    pub scenario_path: String,
    /// 64-bit FNV-1a of the scenario file's bytes, in hex.
    pub scenario_digest: String,
    /// The command that reproduces the run.
    pub command_line: Vec<String>,
    /// The size of the world.
    pub world: WorldSize,
    /// Harm totals.
    pub harm: Harm,
    /// Each campaign's course.
    pub campaigns: Vec<Campaign>,
    /// Per State: the ticks at which the law looked again.
    pub escalation_steps: Vec<EscalationSteps>,
    /// The first tick each threshold reached each status.
    pub thresholds_crossed: Vec<Crossing>,
    /// The responses taken, in order.
    pub responses: Vec<ResponseRecord>,
    /// Requests for assistance, in order.
    pub requests: Vec<Request>,
    /// The tick the Security Council took measures.
    pub council_acted_tick: Option<u32>,
    /// Each change of a State's situation as its own doctrine certifies it (doctrines that
    /// certify situations only).
    #[serde(default)]
    pub situations: Option<Vec<SituationChange>>,
    /// The domestic steps of decisions that had them.
    #[serde(default)]
    pub domestic_steps: Option<Vec<DomesticStep>>,
    /// The doctrines of the run.
    pub doctrines: Vec<DoctrineSummary>,
    /// Events written.
    pub events: u64,
    /// Per data file of the run (its name as written, `.gz` included): the record of its
    /// text (once unpacked, for a `.gz` file).
    pub files: BTreeMap<String, FileRecord>,
}

/// The size of the world.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorldSize {
    /// Actors.
    pub actors: u64,
    /// Infrastructure nodes.
    pub nodes: u64,
    /// Dependencies between nodes.
    pub dependencies: u64,
    /// Campaigns.
    pub campaigns: u64,
    /// Intrusions (campaign × target node).
    pub intrusions: u64,
}

/// Low, central and high estimates.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// Low bound.
    pub low: f64,
    /// Central estimate.
    pub central: f64,
    /// High bound.
    pub high: f64,
}

/// Harm totals of the run.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Harm {
    /// Person-hours without service.
    pub outage_person_hours: f64,
    /// Deaths: direct plus the central estimate.
    pub deaths: f64,
    /// Injuries: direct plus the central estimate.
    pub injuries: f64,
    /// Deaths caused directly by effects.
    pub direct_deaths: f64,
    /// Injuries caused directly by effects.
    pub direct_injuries: f64,
    /// Excess deaths estimated from loss of service.
    pub estimated_deaths: Interval,
    /// Excess injuries estimated from loss of service.
    pub estimated_injuries: Interval,
    /// Person-hours without an essential supply.
    pub essential_person_hours: f64,
    /// Economic loss, USD.
    pub economic_loss_usd: f64,
    /// Repair cost, USD.
    pub repair_cost_usd: f64,
    /// Per State that owns infrastructure.
    pub by_state: Vec<StateHarm>,
}

/// The harm to one State.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateHarm {
    /// The State.
    pub state: String,
    /// Person-hours without service.
    pub outage_person_hours: f64,
    /// Deaths: direct plus the central estimate.
    pub deaths: f64,
    /// Injuries: direct plus the central estimate.
    pub injuries: f64,
    /// Deaths caused directly by effects.
    pub direct_deaths: f64,
    /// Injuries caused directly by effects.
    pub direct_injuries: f64,
    /// Excess deaths estimated from loss of service.
    pub estimated_deaths: Interval,
    /// Excess injuries estimated from loss of service.
    pub estimated_injuries: Interval,
    /// Its population.
    pub population: u64,
    /// Largest share of its people cut off from an essential supply at once.
    pub essential_supply_loss: f64,
    /// Average days without an essential supply of the people cut off at the worst moment.
    pub outage_days: f64,
    /// Economic loss, USD.
    pub economic_loss_usd: f64,
    /// Repair cost, USD.
    pub repair_cost_usd: f64,
    /// The worst effect on its infrastructure.
    pub worst_effect: Option<String>,
    /// Person-hours without service by sector.
    pub outage_by_sector: BTreeMap<String, f64>,
}

/// One campaign's course.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campaign {
    /// The campaign.
    pub id: String,
    /// Target nodes.
    pub targets: u64,
    /// Intrusions that reached each kill-chain phase.
    pub reached: BTreeMap<String, u32>,
    /// Waves delivered.
    pub effects_delivered: u32,
    /// Intrusions detected.
    pub detected: u32,
    /// First detection.
    pub first_detection_tick: Option<u32>,
    /// Intrusions evicted.
    pub evicted: u32,
    /// Intrusions abandoned.
    pub abandoned: u32,
    /// Each victim's final attribution.
    pub attribution: Vec<Attribution>,
}

/// A victim's final attribution of a campaign.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribution {
    /// The victim.
    pub victim: String,
    /// Its suspect.
    pub suspect: String,
    /// Whether the suspect is the true author.
    pub correct: bool,
    /// Its confidence, 0–1.
    pub confidence: f64,
    /// First tick at confidence 0.5.
    pub tick_confidence_50: Option<u32>,
    /// First tick at confidence 0.75.
    pub tick_confidence_75: Option<u32>,
    /// First tick at confidence 0.9.
    pub tick_confidence_90: Option<u32>,
}

/// The escalation steps of one State.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationSteps {
    /// The State.
    pub victim: String,
    /// The ticks.
    pub ticks: Vec<u32>,
}

/// The first tick a threshold reached a status.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Crossing {
    /// The assessing State.
    pub victim: String,
    /// The suspected author.
    pub suspect: String,
    /// The attacked ally, in an ally's situation.
    pub ally: Option<String>,
    /// The doctrine.
    pub doctrine: String,
    /// The threshold.
    pub threshold: String,
    /// The status reached.
    pub status: Status,
    /// The tick.
    pub tick: u32,
}

/// A response taken.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseRecord {
    /// The tick of the decision.
    pub tick: u32,
    /// Who responded.
    pub actor: String,
    /// Against whom.
    pub against: String,
    /// The attacked ally, when responding as an ally.
    pub ally: Option<String>,
    /// The response.
    pub response: String,
    /// Its lawfulness under the actor's own doctrine.
    pub lawful: Status,
    /// Taken although not lawful.
    pub flagged: bool,
    /// `policy` or `decisions_file`.
    pub decided_by: String,
    /// The tick it takes effect.
    pub takes_effect: u32,
    /// The tick its evaluation window closes.
    pub window_ends: u32,
    /// The worst effect the actor had seen when deciding.
    pub worst_effect: Option<String>,
    /// The integer part of the severity index the actor had assessed (0–6).
    pub severity_class: u8,
    /// Decided inside the window of its previous response against the same adversary.
    pub inside_window: bool,
}

/// A request for assistance.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The tick.
    pub tick: u32,
    /// The requesting State.
    pub state: String,
    /// The attacker.
    pub against: String,
    /// The States asked.
    pub addressees: Vec<String>,
    /// The responses asked for.
    pub scope: Vec<String>,
}

/// A change of a State's situation.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SituationChange {
    /// The tick it holds from.
    pub tick: u32,
    /// The State.
    pub state: String,
    /// The adversary.
    pub against: String,
    /// The situation.
    pub situation: String,
}

/// A domestic step before a measure.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DomesticStep {
    /// The State.
    pub state: String,
    /// The adversary.
    pub against: String,
    /// The step.
    pub step: String,
    /// Who carries out Active Cyber Defense (`police` or `self_defense_forces`).
    #[serde(default)]
    pub by: Option<String>,
    /// First tick.
    pub from: u32,
    /// Last tick.
    pub until: u32,
}

/// One doctrine of the run.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoctrineSummary {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The attribution confidence it requires.
    pub attribution_confidence: f64,
    /// Its severity levels.
    pub levels: [f64; 4],
}

/// The record of a data file, which readers check.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// Bytes of text.
    pub bytes: u64,
    /// Lines of text.
    pub lines: u64,
    /// 64-bit FNV-1a of the text, in hex.
    pub fnv1a64: String,
}

// ---------------------------------------------------------------- decisions.jsonl

/// One line of `decisions.jsonl`: a decision taken, what the decider knew, the law then.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionLine {
    /// Always `decision`.
    pub kind: String,
    /// The tick it was taken at.
    pub tick: u32,
    /// Hours from the start to the end of that tick.
    pub hour: f64,
    /// The State deciding.
    pub actor: String,
    /// `policy`, `decisions_file` or `played`.
    pub decided_by: String,
    /// The State it is taken against.
    pub against: String,
    /// The ally it is taken for (collective responses only).
    #[serde(default)]
    pub ally: Option<String>,
    /// The response.
    pub response: String,
    /// Its lawfulness under the decider's doctrine: `met`, `contested`, `unknown`, `not_met`.
    pub lawful: String,
    /// Whether it was taken without being plainly lawful (`lawful` other than `met`).
    pub flagged: bool,
    /// The tick it takes effect.
    pub takes_effect: u32,
    /// The end of the evaluation window.
    pub window_ends: u32,
    /// Whether it was taken inside the evaluation window.
    pub inside_window: bool,
    /// What the decider knew at that tick.
    pub knew: Knew,
    /// The law at that moment under the decider's doctrine.
    pub law: LawThen,
}

/// What a decider knew when it decided (its picture).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Knew {
    /// The tick its picture was last updated (left out before any update).
    #[serde(default)]
    pub picture_updated: Option<u32>,
    /// The campaigns it had detected.
    pub detections: Vec<Detection>,
    /// Its attribution: `state` (left out when none), `confidence`, `basis`, as in
    /// an incident file's `attribution`.
    pub attribution: BTreeMap<String, serde_json::Value>,
    /// The harm it had observed, as the law's harm facts (an incident file's `harm`).
    pub harm: BTreeMap<String, serde_json::Value>,
    /// The worst effect it had seen (left out when none).
    #[serde(default)]
    pub worst_effect: Option<String>,
    /// Whether the operations were ongoing (`true`, `false` or `"unknown"`).
    pub ongoing: serde_json::Value,
    /// Whether a further operation was imminent (`true`, `false` or `"unknown"`).
    pub imminent: serde_json::Value,
    /// Whether government functions had been hit.
    pub government_hit: bool,
    /// Allies' reports received.
    pub reports_from_allies: Vec<AllyReport>,
    /// Allies' requests for help received.
    pub requests_received: Vec<AllyRequestRow>,
}

/// A campaign a decider had detected.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    /// The campaign.
    pub campaign: String,
    /// The State it suspected.
    pub suspect: String,
    /// Its confidence in that suspicion.
    pub confidence: f64,
    /// The worst effect seen (left out before any).
    #[serde(default)]
    pub worst_effect: Option<String>,
    /// Targets hit.
    pub targets_hit: u32,
    /// Operations seen.
    pub operations: u32,
    /// The last tick a hostile operation was seen (left out when none).
    #[serde(default)]
    pub last_hostile_tick: Option<u32>,
    /// Whether the campaign was active.
    pub active: bool,
    /// Whether it was poised to strike.
    pub poised: bool,
}

/// An ally's report.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllyReport {
    /// The ally.
    pub ally: String,
    /// The State it reported on.
    pub against: String,
    /// When.
    pub tick: u32,
}

/// An ally's request for help.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllyRequestRow {
    /// The ally.
    pub ally: String,
    /// The State it declared responsible.
    pub against: String,
    /// When.
    pub tick: u32,
    /// The responses it asked for.
    pub scope: Vec<String>,
}

/// The law at the moment of a decision, under the decider's doctrine.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawThen {
    /// The doctrine.
    pub doctrine: String,
    /// Threshold name to status.
    pub thresholds: BTreeMap<String, String>,
    /// Each option and its status.
    pub options: Vec<OptionStatus>,
    /// The responses lawful then.
    pub lawful_responses: Vec<String>,
    /// Whether the Security Council had acted.
    pub council_acted: bool,
    /// The kind of its measures (left out when none).
    #[serde(default)]
    pub council_measures: Option<String>,
}

/// One option and its status.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptionStatus {
    /// The response.
    pub response: String,
    /// Its status.
    pub status: String,
}

// ---------------------------------------------------------------- events.jsonl

/// One line of `events.jsonl`: `tick`, `type`, then the fields of the type.
#[derive(JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum EventLine {
    /// A campaign began.
    CampaignStarted { tick: u32, campaign: String },
    /// An intrusion completed a phase and reached `phase`.
    PhaseAdvanced {
        tick: u32,
        campaign: String,
        node: String,
        phase: String,
    },
    /// An attempt at `phase` failed.
    PhaseFailed {
        tick: u32,
        campaign: String,
        node: String,
        phase: String,
        failures: u32,
    },
    /// The intruder ran out of attempts at `phase`.
    IntrusionAbandoned {
        tick: u32,
        campaign: String,
        node: String,
        phase: String,
    },
    /// The victim detected the intrusion.
    IntrusionDetected {
        tick: u32,
        campaign: String,
        node: String,
        victim: String,
        phase: String,
    },
    /// The intrusion was contained.
    IntrusionEvicted {
        tick: u32,
        campaign: String,
        node: String,
        victim: String,
    },
    /// A wave hit the node.
    EffectApplied {
        tick: u32,
        campaign: String,
        node: String,
        wave: u32,
        effect: String,
        intensity: f64,
    },
    /// A sector of a State moved to another band of service.
    SectorService {
        tick: u32,
        state: String,
        sector: String,
        band: String,
        service: f64,
    },
    /// A victim's confidence in a suspect crossed 25, 50, 75 or 90%.
    AttributionUpdated {
        tick: u32,
        campaign: String,
        victim: String,
        suspect: String,
        confidence: f64,
    },
    /// The victim saw through a false flag.
    FalseFlagExposed {
        tick: u32,
        campaign: String,
        victim: String,
        decoy: String,
        author: String,
    },
    /// A response hit a node of the adversary.
    ResponseEffect {
        tick: u32,
        actor: String,
        response: String,
        node: String,
        effect: String,
        intensity: f64,
    },
    /// A threshold reached a higher status.
    ThresholdCrossed {
        tick: u32,
        victim: String,
        suspect: String,
        #[serde(default)]
        ally: Option<String>,
        doctrine: String,
        threshold: String,
        status: Status,
    },
    /// A decision process entered a stage.
    DecisionStage {
        tick: u32,
        actor: String,
        against: String,
        #[serde(default)]
        ally: Option<String>,
        stage: String,
        until: u32,
    },
    /// The evaluation-window rule held an actor back.
    DecisionDeferred {
        tick: u32,
        actor: String,
        against: String,
        pending: String,
        until: u32,
    },
    /// A State asked its allies for help.
    AssistanceRequested {
        tick: u32,
        state: String,
        against: String,
        addressees: Vec<String>,
        scope: Vec<String>,
    },
    /// An actor decided a response.
    ResponseTaken {
        tick: u32,
        actor: String,
        against: String,
        #[serde(default)]
        ally: Option<String>,
        response: String,
        lawful: Status,
        flagged: bool,
        decided_by: String,
        takes_effect: u32,
        window_ends: u32,
    },
    /// The Security Council took measures.
    CouncilActed { tick: u32 },
    /// An inject applied (the scenario's, or the white cell's): `kind` and its fields.
    InjectApplied {
        tick: u32,
        /// Its number among the run's injects.
        inject: u32,
        /// `scenario` or `white_cell`.
        source: String,
        /// `campaign_wave`, `intelligence_report`, `ally_request` or `council_measure`.
        kind: String,
        /// The campaign (waves and reports).
        #[serde(default)]
        campaign: Option<String>,
        /// The wave's effect.
        #[serde(default)]
        effect: Option<String>,
        /// The wave's intensity.
        #[serde(default)]
        intensity: Option<f64>,
        /// Ticks the wave's effect is held.
        #[serde(default)]
        duration_ticks: Option<u32>,
        /// The State informed (reports) or requesting (requests).
        #[serde(default)]
        state: Option<String>,
        /// Who a report names.
        #[serde(default)]
        author: Option<String>,
        /// A report's confidence.
        #[serde(default)]
        confidence: Option<f64>,
        /// The State a request declares responsible.
        #[serde(default)]
        against: Option<String>,
        /// The kind of the Council's measures.
        #[serde(default)]
        measure: Option<String>,
        /// The targets a wave reached.
        #[serde(default)]
        nodes: Option<u32>,
    },
    /// A State's situation changed in a way that matters in law.
    EscalationStep {
        tick: u32,
        victim: String,
        reasons: Vec<String>,
    },
}

// ---------------------------------------------------------------- legal.jsonl

/// A legal finding: one test applied to facts.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// The legal test.
    pub test: String,
    /// Its outcome.
    pub outcome: Status,
    /// The source of the rule.
    pub citation: String,
    /// The facts it used.
    pub facts: Vec<Fact>,
    /// The tests this conclusion rests on.
    #[serde(default)]
    pub because: Option<Vec<String>>,
    /// Harm facts unknown and material: a value within their bounds could change the outcome
    /// (only when the outcome is `unknown`).
    #[serde(default)]
    pub unknown_and_material: Option<Vec<String>>,
    /// Facts unknown but immaterial to the outcome.
    #[serde(default)]
    pub unknown_but_immaterial: Option<Vec<String>>,
    /// The reasoning in words.
    pub explanation: String,
}

/// A legal finding of `assess --json` (an incident: facts have no tick, and the reasoning in
/// words is printed by `assess --tree`, not here).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFinding {
    /// The legal test.
    pub test: String,
    /// Its outcome.
    pub outcome: Status,
    /// The source of the rule.
    pub citation: String,
    /// The facts it used (`tick` is null).
    pub facts: Vec<IncidentFact>,
    /// The tests this conclusion rests on.
    #[serde(default)]
    pub because: Option<Vec<String>>,
    /// Harm facts unknown and material: a value within their bounds could change the outcome
    /// (only when the outcome is `unknown`).
    #[serde(default)]
    pub unknown_and_material: Option<Vec<String>>,
    /// Facts unknown but immaterial to the outcome.
    #[serde(default)]
    pub unknown_but_immaterial: Option<Vec<String>>,
}

/// A fact of an incident.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFact {
    /// The fact's name.
    pub fact: String,
    /// Its value.
    pub value: serde_json::Value,
    /// Always null: an incident is one moment.
    pub tick: Option<u32>,
}

/// A fact a finding used.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// The fact's name.
    pub fact: String,
    /// Its value (a number, a status, a name, a list of names, true/false, or null).
    pub value: serde_json::Value,
    /// The tick it was known at.
    pub tick: u32,
}

/// A domestic step of a decision.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionStep {
    /// The step.
    pub step: String,
    /// Who carries out Active Cyber Defense.
    #[serde(default)]
    pub by: Option<String>,
    /// First tick.
    pub from: u32,
    /// Last tick.
    pub until: u32,
}

/// One line of `legal.jsonl`, typed by `kind`.
#[derive(JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum LegalLine {
    /// A situation assessed under one doctrine at an escalation step; or, with `alliance`,
    /// a request to an ally (one finding, no thresholds).
    Assessment {
        tick: u32,
        /// The assessing State.
        victim: String,
        /// The suspected author.
        suspect: String,
        /// The attacked ally in an ally's situation.
        ally: Option<String>,
        /// `assistance_requested`, on an alliance request.
        #[serde(default)]
        alliance: Option<String>,
        doctrine: String,
        /// Threshold name → status (absent on an alliance request).
        #[serde(default)]
        thresholds: Option<BTreeMap<String, Status>>,
        /// The responses lawful under the doctrine (absent on an alliance request).
        #[serde(default)]
        lawful_responses: Option<Vec<String>>,
        findings: Vec<Finding>,
        /// The gravest situation met (doctrines that certify situations).
        #[serde(default)]
        situation: Option<String>,
        /// Situation → status (doctrines that certify situations).
        #[serde(default)]
        situations: Option<BTreeMap<String, Status>>,
    },
    /// A response taken, with the assessment of the response under the actor's doctrine.
    Decision {
        tick: u32,
        response_by: String,
        against: String,
        ally: Option<String>,
        response: String,
        lawful: Status,
        flagged: bool,
        decided_by: String,
        takes_effect: u32,
        window_ends: u32,
        doctrine: String,
        thresholds: BTreeMap<String, Status>,
        lawful_responses: Vec<String>,
        findings: Vec<Finding>,
        #[serde(default)]
        situation: Option<String>,
        #[serde(default)]
        situations: Option<BTreeMap<String, Status>>,
        /// The domestic steps before the measure.
        #[serde(default)]
        domestic_steps: Option<Vec<DecisionStep>>,
    },
}

// ---------------------------------------------------------------- aggregate.json

/// Nearest-rank quantiles.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantiles<T> {
    /// 10th percentile.
    pub p10: T,
    /// 25th percentile.
    pub p25: T,
    /// Median.
    pub p50: T,
    /// 75th percentile.
    pub p75: T,
    /// 90th percentile.
    pub p90: T,
}

/// One point of an empirical CDF.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CdfPoint {
    /// The tick.
    pub tick: u32,
    /// The same, in hours (to the end of the tick).
    pub hour: f64,
    /// Share of the seeds that had crossed by then.
    pub share: f64,
    /// Low bound of the 95% Dvoretzky–Kiefer–Wolfowitz band.
    pub share_low: f64,
    /// High bound.
    pub share_high: f64,
}

/// One tracked threshold of a sweep.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdAggregate {
    /// The assessing State.
    pub state: String,
    /// The threshold.
    pub threshold: String,
    /// The doctrine.
    pub doctrine: String,
    /// Seeds that met it.
    pub crossed: u64,
    /// Share of the seeds that met it.
    pub probability: f64,
    /// Wilson 95% interval.
    pub probability_ci95: [f64; 2],
    /// Quantiles of the tick it was met (null if no seed met it).
    pub tick_quantiles: Option<Quantiles<u32>>,
    /// The same in hours.
    pub hour_quantiles: Option<Quantiles<f64>>,
    /// The CDF of the tick it was met.
    pub cdf: Vec<CdfPoint>,
}

/// Mean, standard deviation, 95% interval of the mean, minimum and maximum.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moments {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// 95% interval of the mean.
    pub ci95: [f64; 2],
    /// Minimum.
    pub min: f64,
    /// Maximum.
    pub max: f64,
}

/// When seeds reached a milestone (first detection).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// Seeds that reached it.
    pub seeds: u64,
    /// Quantiles of the tick (null if none).
    pub quantiles: Option<Quantiles<u32>>,
    /// The same in hours.
    pub hour_quantiles: Option<Quantiles<f64>>,
}

/// When seeds reached attribution at 75%.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneCdf {
    /// Seeds that reached it.
    pub seeds: u64,
    /// Quantiles of the tick (null if none).
    pub quantiles: Option<Quantiles<u32>>,
    /// The same in hours.
    pub hour_quantiles: Option<Quantiles<f64>>,
    /// Its CDF.
    pub cdf: Vec<CdfPoint>,
}

/// The responses of one rung over the seeds.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseAggregate {
    /// The response.
    pub response: String,
    /// Seeds with at least one.
    pub seeds_with: u64,
    /// Share of the seeds with at least one.
    pub share: f64,
    /// Mean number per seed.
    pub mean_count: f64,
}

/// Seeds in which the Security Council acted.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilAggregate {
    /// Seeds.
    pub seeds: u64,
    /// Share of the seeds.
    pub share: f64,
}

/// A sweep's `aggregate.json`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// Seeds.
    pub seeds: u64,
    /// Ticks per run.
    pub ticks: u32,
    /// Per tracked threshold.
    pub thresholds: Vec<ThresholdAggregate>,
    /// Per measure of harm (as `seeds.csv` names them).
    pub harm: BTreeMap<String, Moments>,
    /// First detection of any intrusion.
    pub first_detection_tick: Milestone,
    /// Attribution to the true author at 75%.
    pub attribution_75_tick: MilestoneCdf,
    /// Per response rung.
    pub responses: Vec<ResponseAggregate>,
    /// The Security Council.
    pub council_acted: CouncilAggregate,
    /// The scenario's name.
    pub scenario: String,
    /// The sweep's digest.
    pub digest: String,
    /// The casus version.
    pub casus_version: String,
    /// Hours per tick.
    pub tick_hours: f64,
    /// `[start, end)`.
    pub seed_range: [u64; 2],
    /// Doctrine ids.
    pub doctrines: Vec<String>,
}

// ---------------------------------------------------------------- grid.json

/// The probability of the sweep's threshold under one doctrine at one point.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridProbability {
    /// The doctrine.
    pub doctrine: String,
    /// The probability.
    pub probability: f64,
    /// Wilson 95% interval.
    pub ci95: [f64; 2],
    /// Median tick it was met (null if never).
    pub median_tick: Option<u32>,
    /// The same in hours.
    pub median_hour: Option<f64>,
}

/// One point of a parameter grid.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridPoint {
    /// The parameter values.
    pub values: Vec<f64>,
    /// Its sweep folder, relative to the grid's.
    pub dir: String,
    /// The sweep's threshold, per doctrine.
    pub probabilities: Vec<GridProbability>,
    /// Quantiles of the tick of attribution at 75%.
    pub attribution_75_tick: Option<Quantiles<u32>>,
    /// The same in hours.
    pub attribution_75_hour: Option<Quantiles<f64>>,
    /// Seeds that reached attribution at 75%.
    pub attributed_seeds: u64,
    /// Quantiles of the tick of first detection.
    pub first_detection_tick: Option<Quantiles<u32>>,
    /// The same in hours.
    pub first_detection_hour: Option<Quantiles<f64>>,
    /// Deaths over the seeds.
    pub deaths: Moments,
}

/// A parameter sweep's `grid.json`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// The sweep file's name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its scenario, as written in it.
    pub scenario: String,
    /// `[start, end)`.
    pub seeds: [u64; 2],
    /// The parameters' paths.
    pub parameters: Vec<String>,
    /// The State `probabilities` report.
    pub state: String,
    /// The threshold `probabilities` report.
    pub threshold: String,
    /// Doctrine ids.
    pub doctrines: Vec<String>,
    /// Hours per tick.
    pub tick_hours: f64,
    /// Per point.
    pub points: Vec<GridPoint>,
}

// ---------------------------------------------------------------- command outputs

/// An assessment under one doctrine, as `assess --json` prints it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The doctrine.
    pub doctrine: String,
    /// Threshold name → status.
    pub thresholds: BTreeMap<String, Status>,
    /// The responses lawful under the doctrine.
    pub lawful_responses: Vec<String>,
    /// The findings.
    pub findings: Vec<IncidentFinding>,
    /// The gravest situation met (doctrines that certify situations).
    #[serde(default)]
    pub situation: Option<String>,
    /// Situation → status.
    #[serde(default)]
    pub situations: Option<BTreeMap<String, Status>>,
}

/// `casus assess --json`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessOutput {
    /// The incident's id.
    pub incident: String,
    /// One per doctrine asked for.
    pub assessments: Vec<Assessment>,
}

/// `casus explain --json`: the legal.jsonl lines of one tick.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExplainOutput {
    /// The tick.
    pub tick: u64,
    /// Its assessment lines.
    pub assessments: Vec<LegalLine>,
    /// Its decision lines.
    pub decisions: Vec<LegalLine>,
}

/// One evaluation of the tipping search.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TippingEvaluation {
    /// The parameter value.
    pub value: f64,
    /// The probability there.
    pub probability: f64,
    /// Wilson 95% interval.
    pub ci95: [f64; 2],
}

/// `casus tipping --json`.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tipping {
    /// The parameter's path.
    pub parameter: String,
    /// The assessing State.
    pub state: String,
    /// The threshold.
    pub threshold: String,
    /// The doctrine.
    pub doctrine: String,
    /// `[start, end)`.
    pub seeds: [u64; 2],
    /// The estimate: the middle of the bracket.
    pub estimate: f64,
    /// Where P crosses 0.5 at these seeds.
    pub bracket: [f64; 2],
    /// How to read it.
    pub note: String,
    /// Every evaluation, in order.
    pub evaluations: Vec<TippingEvaluation>,
}
