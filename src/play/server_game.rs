//! One game of `casus play`: the simulation, the sides people play, their decisions and the
//! white cell's log; the game runs to the next decision point of a played side and waits.
//!
//! Determinism: a played side is played by a decisions file in the simulation (its automated
//! policy off from the start, as `played: true` in the file), and each decision is taken at the
//! tick the game stands at when it is entered. The session's log is therefore a decisions file
//! (`decisions.ron`) that `casus run --decisions` replays into the same files, byte for byte:
//! nothing the server does (the time requests arrive, the views it computes) reaches the
//! simulation except the decisions themselves.

use super::server_view;
use crate::error::{Error, Result};
use crate::law::{Doctrines, Response};
use crate::model::ActorKind;
use crate::report;
use crate::scenario::decisions::{Decision, Decisions};
use crate::scenario::{self, Compiled};
use crate::sim::Simulation;
use crate::sim::checkpoint::{Checkpoint, Inputs, SourceFile};
use crate::sim::legal::decision::{Decider, Deciders, Scripted};
use crate::sim::legal::picture::Picture;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a game starts (`casus play`).
#[derive(Clone, Debug, Default)]
pub struct Setup {
    /// The scenario file.
    pub scenario: PathBuf,
    /// Ids of the sides played by people (States of the scenario); the others follow their
    /// policy.
    pub sides: Vec<String>,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Length in ticks (default: the scenario's duration).
    pub ticks: Option<u32>,
    /// Output folder (default: `output/<scenario>/play-seed-<seed>`).
    pub out: Option<PathBuf>,
    /// Replace a finished game's run in the output folder.
    pub force: bool,
    /// Draw the charts and `report.html` of the finished run.
    pub charts: bool,
}

/// Who is asking: the white cell, or one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The white cell (umpires): sees everything, injects, overrides.
    White,
    /// A played side, by actor index.
    Side(u16),
}

/// One decision of the session, with who entered it and why.
#[derive(Clone, Debug)]
pub struct Logged {
    /// The decision.
    pub decision: Decision,
    /// Entered by the side itself or by the white cell (an override).
    pub by: Role,
    /// The rationale given.
    pub rationale: String,
}

/// A request to the game that cannot be carried out: the HTTP status and the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// 400, 403, 404 or 409.
    pub status: u16,
    /// What was wrong, and what to do.
    pub message: String,
}

impl Refused {
    /// A bad request (400).
    pub fn bad(message: impl Into<String>) -> Refused {
        Refused {
            status: 400,
            message: message.into(),
        }
    }
    /// Not allowed for this role (403).
    pub fn forbidden(message: impl Into<String>) -> Refused {
        Refused {
            status: 403,
            message: message.into(),
        }
    }
    /// Not now (409).
    pub fn conflict(message: impl Into<String>) -> Refused {
        Refused {
            status: 409,
            message: message.into(),
        }
    }
}

/// The views of the finished game, kept after the simulation has ended.
struct Final {
    sides: BTreeMap<u16, Value>,
    white: Value,
}

/// A game in progress.
pub struct Game {
    plan: Arc<Compiled>,
    sim: Option<Simulation>,
    seed: u64,
    ticks: u32,
    played: Vec<u16>,
    decisions: Vec<Logged>,
    /// The white cell's injects: tick given, the inject, the rationale.
    injects: Vec<(u32, crate::scenario::Inject, String)>,
    ready: BTreeSet<u16>,
    /// Sides at a decision point now (their picture changed in the last tick run).
    stopped_for: Vec<u16>,
    log: Vec<Value>,
    out: PathBuf,
    run_dir: Option<report::RunDir>,
    charts: bool,
    scenario_file: SourceFile,
    scenario_digest: String,
    finished: Option<Final>,
}

/// Name of the decisions file the session writes into its output folder.
pub const DECISIONS_FILE: &str = "decisions.ron";
/// Name of the session log (one JSON object per line) in the output folder.
pub const SESSION_FILE: &str = "session.jsonl";
/// Name of the run folder inside the output folder.
pub const RUN_FOLDER: &str = "run";

impl Game {
    /// Opens the scenario and starts the game at tick 0; the output folder is locked for the
    /// session.
    pub fn start(setup: &Setup) -> Result<Game> {
        let plan = Arc::new(scenario::open(&setup.scenario)?);
        let mut played = Vec::new();
        for id in &setup.sides {
            match plan.actor_index(id) {
                Some(a) if plan.actors[a as usize].kind == ActorKind::State => {
                    if !played.contains(&a) {
                        played.push(a);
                    }
                }
                Some(_) => {
                    return Err(Error::Usage(format!(
                        "--sides {id}: `{id}` is not a State: only States are played"
                    )));
                }
                None => {
                    let help =
                        crate::error::did_you_mean(id, plan.actors.iter().map(|a| a.id.as_str()));
                    return Err(Error::Usage(format!(
                        "--sides {id}: no actor `{id}` in {}{}",
                        setup.scenario.display(),
                        help.map(|h| format!(" ({h})")).unwrap_or_default()
                    )));
                }
            }
        }
        if played.is_empty() {
            return Err(Error::Usage(
                "--sides: name at least one State to play, e.g. --sides japan".into(),
            ));
        }
        played.sort_unstable();
        let seed = setup.seed.unwrap_or(plan.seed);
        let ticks = setup.ticks.unwrap_or(plan.ticks);
        if ticks == 0 || u64::from(ticks) > scenario::LIMITS.max_ticks {
            return Err(Error::Usage(format!(
                "--ticks {ticks}: expected 1 to {}",
                scenario::LIMITS.max_ticks
            )));
        }
        let text = scenario::read_text_file(&setup.scenario, scenario::LIMITS.max_file_bytes)?;
        let scenario_digest = format!("{:016x}", report::fnv1a(text.as_bytes()));
        let out = setup.out.clone().unwrap_or_else(|| {
            Path::new("output")
                .join(&plan.name)
                .join(format!("play-seed-{seed}"))
        });
        std::fs::create_dir_all(&out).map_err(|e| Error::Write {
            path: out.clone(),
            message: e.to_string(),
        })?;
        let run_dir = report::RunDir::open(&out.join(RUN_FOLDER), setup.force, false)?;
        let doctrines = Arc::new(Doctrines::builtin());
        let decisions = Decisions {
            played: played.clone(),
            ..Decisions::default()
        };
        // The played sides only: no inject to refuse.
        let sim = Simulation::with_decisions(plan.clone(), seed, doctrines, &decisions)
            .map_err(|e| Error::Usage(format!("{}: {e}", setup.scenario.display())))?;
        let mut game = Game {
            plan,
            sim: Some(sim),
            seed,
            ticks,
            played,
            decisions: Vec::new(),
            injects: Vec::new(),
            ready: BTreeSet::new(),
            stopped_for: Vec::new(),
            log: Vec::new(),
            out,
            run_dir: Some(run_dir),
            charts: setup.charts,
            scenario_file: SourceFile {
                path: setup.scenario.display().to_string(),
                text,
            },
            scenario_digest,
            finished: None,
        };
        game.record(json!({"tick": 0, "by": "white_cell", "action": "start",
            "played": game.played.iter().map(|&a| game.id(a)).collect::<Vec<_>>(),
            "seed": seed, "ticks": ticks}))?;
        game.write_decisions()?;
        Ok(game)
    }

    /// The scenario.
    pub fn plan(&self) -> &Compiled {
        &self.plan
    }

    /// The output folder.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The sides played, by actor index.
    pub fn played(&self) -> &[u16] {
        &self.played
    }

    /// Ticks run so far.
    pub fn tick(&self) -> u32 {
        self.sim.as_ref().map_or(self.ticks, Simulation::tick)
    }

    /// The game's length in ticks.
    pub fn ticks(&self) -> u32 {
        self.ticks
    }

    /// Whether the game has reached its end (and its run has been written).
    pub fn finished(&self) -> bool {
        self.finished.is_some()
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    fn id(&self, a: u16) -> String {
        self.plan.actors[a as usize].id.clone()
    }

    /// The actor index of State `id`, or a 404-style refusal naming the States.
    pub fn state(&self, id: &str) -> std::result::Result<u16, Refused> {
        match self.plan.actor_index(id) {
            Some(a) if self.plan.actors[a as usize].kind == ActorKind::State => Ok(a),
            _ => {
                let states: Vec<&str> = self
                    .plan
                    .actors
                    .iter()
                    .filter(|x| x.kind == ActorKind::State)
                    .map(|x| x.id.as_str())
                    .collect();
                Err(Refused {
                    status: 404,
                    message: format!(
                        "no State `{id}` in this game; the States are {}",
                        states.join(", ")
                    ),
                })
            }
        }
    }

    /// The command that replays the session: `casus run` with its decisions file.
    pub fn replay_command(&self) -> Vec<String> {
        vec![
            "casus".into(),
            "run".into(),
            self.scenario_file.path.clone(),
            "--seed".into(),
            self.seed.to_string(),
            "--ticks".into(),
            self.ticks.to_string(),
            "--decisions".into(),
            self.out.join(DECISIONS_FILE).display().to_string(),
        ]
    }

    /// The session's decisions as a decisions file: a `played` entry for each played side,
    /// every decision with who entered it and the rationale as a comment, and the white cell's
    /// injects.
    pub fn decisions_text(&self) -> String {
        self.decisions_text_with(true)
    }

    /// Like [`Game::decisions_text`], with the injects or without them (a checkpoint saves the
    /// injects itself).
    fn decisions_text_with(&self, injects: bool) -> String {
        let mut s = format!(
            "// casus play session: {}, seed {}, {} ticks.\n// Replay: {}\n[\n",
            self.scenario_file.path,
            self.seed,
            self.ticks,
            self.replay_command().join(" ")
        );
        for &a in &self.played {
            s.push_str(&format!(
                "    (actor: \"{}\", played: true),\n",
                self.plan.actors[a as usize].id
            ));
        }
        for l in &self.decisions {
            let d = &l.decision;
            let ally = d
                .ally
                .map(|v| format!(", ally: \"{}\"", self.id(v)))
                .unwrap_or_default();
            let who = match l.by {
                Role::White => "white cell (override)".to_string(),
                Role::Side(a) => self.id(a),
            };
            let why: String = l
                .rationale
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            s.push_str(&format!(
                "    (tick: {}, actor: \"{}\", response: {}, against: \"{}\"{ally}), // {who}: {why}\n",
                d.tick,
                self.id(d.actor),
                d.response.as_str(),
                self.id(d.against)
            ));
        }
        for (tick, inject, why) in self.injects.iter().filter(|_| injects) {
            let text = ron::to_string(inject).unwrap_or_default();
            let why: String = why
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            s.push_str(&format!(
                "    (tick: {tick}, inject: {text}), // white cell: {why}\n"
            ));
        }
        s.push_str("]\n");
        s
    }

    /// The white cell gives `inject` at the current tick: it applies when the game next
    /// advances (`crate::sim::Simulation::inject`), and is written to the decisions file so
    /// that the replay gives it too.
    pub fn inject(&mut self, body: &Value) -> std::result::Result<Value, Refused> {
        self.live()?;
        if let Value::Object(m) = body
            && let Some(k) = m
                .keys()
                .find(|k| !["inject", "rationale"].contains(&k.as_str()))
        {
            return Err(Refused::bad(format!(
                "unknown field `{k}`; expected inject, rationale"
            )));
        }
        let given = body.get("inject").cloned().unwrap_or(Value::Null);
        if given.is_null() {
            return Err(Refused::bad(
                "missing `inject`, e.g. {\"IntelligenceReport\": {\"state\": \"japan\", \"campaign\": \"c\", \"confidence\": 0.8}}",
            ));
        }
        let inject: crate::scenario::Inject = serde_json::from_value(given).map_err(|e| {
            Refused::bad(format!(
                "not an inject: {e}; expected one of CampaignWave, IntelligenceReport, AllyRequest, CouncilMeasure (docs/play.md)"
            ))
        })?;
        let rationale = match body.get("rationale") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(r)) => r.clone(),
            Some(other) => {
                return Err(Refused::bad(format!(
                    "`rationale` must be a string, not {other}"
                )));
            }
        };
        let tick = self.tick();
        let sim = self.sim.as_mut().expect("a live game has its simulation");
        sim.inject(&inject)
            .map_err(|e| Refused::bad(e.to_string()))?;
        self.injects.push((tick, inject.clone(), rationale.clone()));
        self.write_decisions().map_err(internal)?;
        let entry = json!({"tick": tick, "by": "white_cell", "action": "inject",
            "inject": serde_json::to_value(&inject).unwrap_or_default(), "rationale": rationale});
        self.record(entry.clone()).map_err(internal)?;
        Ok(entry)
    }

    fn write_decisions(&self) -> Result<()> {
        report::write_atomic(
            &self.out.join(DECISIONS_FILE),
            self.decisions_text().as_bytes(),
        )
    }

    fn record(&mut self, entry: Value) -> Result<()> {
        self.log.push(entry);
        let mut text = String::new();
        for e in &self.log {
            text.push_str(&e.to_string());
            text.push('\n');
        }
        report::write_atomic(&self.out.join(SESSION_FILE), text.as_bytes())
    }

    fn live(&self) -> std::result::Result<(), Refused> {
        if self.finished() {
            Err(Refused::conflict(format!(
                "the game is over (tick {} of {}): its run is in {}",
                self.ticks,
                self.ticks,
                self.out.join(RUN_FOLDER).display()
            )))
        } else {
            Ok(())
        }
    }

    /// Enters a decision for `side` at the current tick, taken when the game next advances.
    /// The white cell may decide for any played side (an override: the rationale is then
    /// required).
    pub fn decide(
        &mut self,
        role: Role,
        side: &str,
        response: &str,
        against: &str,
        ally: Option<&str>,
        rationale: &str,
    ) -> std::result::Result<Value, Refused> {
        self.live()?;
        let a = self.state(side)?;
        if let Role::Side(me) = role
            && me != a
        {
            return Err(Refused::forbidden(format!(
                "this token plays {}: it cannot decide for {side}",
                self.id(me)
            )));
        }
        if !self.played.contains(&a) {
            return Err(Refused::bad(format!(
                "{side} is not played in this game: its policy decides (start the game with --sides naming it to play it)"
            )));
        }
        if role == Role::White && rationale.trim().is_empty() {
            return Err(Refused::bad(
                "an override by the white cell needs a `rationale`",
            ));
        }
        let response: Response = serde_json::from_value(Value::String(response.into()))
            .map_err(|_| {
                Refused::bad(format!(
                    "unknown response `{response}`; expected one of retorsion, countermeasures, plea_of_necessity, active_cyber_defense, self_defense, collective_self_defense, intelligence_sharing, logistics_support"
                ))
            })?;
        let s = self.state(against).map_err(|r| Refused::bad(r.message))?;
        if s == a {
            return Err(Refused::bad(format!(
                "{side} cannot respond against itself"
            )));
        }
        let for_ally = matches!(
            response,
            Response::CollectiveSelfDefense
                | Response::IntelligenceSharing
                | Response::LogisticsSupport
        );
        let ally = match (ally.filter(|x| !x.is_empty()), for_ally) {
            (Some(v), true) => {
                let v = self.state(v).map_err(|r| Refused::bad(r.message))?;
                if v == a || v == s {
                    return Err(Refused::bad(
                        "`ally` is the attacked State the response helps: neither the side nor the adversary",
                    ));
                }
                Some(v)
            }
            (None, true) => {
                return Err(Refused::bad(format!(
                    "`{}` is taken for an attacked ally: give `ally`",
                    response.as_str()
                )));
            }
            (Some(_), false) => {
                return Err(Refused::bad(format!(
                    "`{}` is taken by a State for itself: leave `ally` out",
                    response.as_str()
                )));
            }
            (None, false) => None,
        };
        let tick = self.tick();
        let decision = Decision {
            tick,
            actor: a,
            response,
            against: s,
            ally,
        };
        if self.decisions.iter().any(|l| {
            let d = &l.decision;
            d.tick == tick && d.actor == a && d.against == s && d.ally == ally
        }) {
            return Err(Refused::conflict(format!(
                "{side} has already decided against {against} at tick {tick}: one decision per adversary and tick"
            )));
        }
        self.decisions.push(Logged {
            decision,
            by: role,
            rationale: rationale.to_string(),
        });
        self.install_deciders();
        self.write_decisions().map_err(internal)?;
        let entry = json!({
            "tick": tick,
            "by": self.role_name(role),
            "action": if role == Role::White { "override" } else { "decision" },
            "side": side, "response": response.as_str(), "against": against,
            "ally": ally.map(|v| self.id(v)), "rationale": rationale,
        });
        self.record(entry.clone()).map_err(internal)?;
        Ok(entry)
    }

    /// The role's name in the log: `white_cell` or the side's id.
    pub fn role_name(&self, role: Role) -> String {
        match role {
            Role::White => "white_cell".into(),
            Role::Side(a) => self.id(a),
        }
    }

    /// Gives each played side a decider holding its decisions so far (those of past ticks are
    /// spent; the deciders are not part of the simulation's state).
    fn install_deciders(&mut self) {
        let Some(sim) = self.sim.as_mut() else {
            return;
        };
        let mut deciders = sim
            .world_mut()
            .remove_resource::<Deciders>()
            .expect("the simulation has its deciders");
        let now = sim.tick();
        for &a in &self.played {
            let mine: Vec<Decision> = self
                .decisions
                .iter()
                .map(|l| l.decision)
                .filter(|d| d.actor == a && d.tick >= now)
                .collect();
            deciders.0[a as usize] = Box::new(Scripted::new(mine)) as Box<dyn Decider>;
        }
        sim.world_mut().insert_resource(deciders);
    }

    /// A side is ready: the game advances once every side at the decision point is (the white
    /// cell advances at once). Runs to the next tick at which a played side's picture changed,
    /// or at most `max_ticks` ticks, or to the end.
    pub fn advance(
        &mut self,
        role: Role,
        max_ticks: Option<u32>,
        rationale: &str,
    ) -> std::result::Result<Value, Refused> {
        self.live()?;
        if let Role::Side(a) = role {
            self.ready.insert(a);
        }
        let waiting: Vec<u16> = self
            .played
            .iter()
            .copied()
            .filter(|a| !self.ready.contains(a))
            .collect();
        if role != Role::White && !waiting.is_empty() {
            return Ok(json!({
                "advanced": false,
                "tick": self.tick(),
                "waiting_for": waiting.iter().map(|&a| self.id(a)).collect::<Vec<_>>(),
            }));
        }
        if role == Role::White && !waiting.is_empty() {
            if rationale.trim().is_empty() {
                return Err(Refused::bad(format!(
                    "{} not ready: the white cell advances without them only with a `rationale`",
                    waiting
                        .iter()
                        .map(|&a| self.id(a))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
            let entry = json!({"tick": self.tick(), "by": "white_cell", "action": "advance_override",
                "waiting_for": waiting.iter().map(|&a| self.id(a)).collect::<Vec<_>>(),
                "rationale": rationale});
            self.record(entry).map_err(internal)?;
        }
        let from = self.tick();
        let limit = max_ticks.unwrap_or(u32::MAX).max(1);
        let mut stopped = Vec::new();
        if let Some(sim) = self.sim.as_mut() {
            let mut run = 0u32;
            while sim.tick() < self.ticks && run < limit {
                let t = sim.tick();
                sim.step();
                run += 1;
                stopped = decision_points(sim, &self.played, t);
                if !stopped.is_empty() {
                    break;
                }
            }
        }
        self.ready.clear();
        self.stopped_for = stopped.clone();
        let to = self.tick();
        self.record(
            json!({"tick": from, "by": self.role_name(role), "action": "advance", "to": to,
            "stopped_for": stopped.iter().map(|&a| self.id(a)).collect::<Vec<_>>()}),
        )
        .map_err(internal)?;
        if to >= self.ticks {
            self.finish().map_err(internal)?;
        }
        Ok(json!({
            "advanced": true,
            "from": from,
            "tick": to,
            "stopped_for": stopped.iter().map(|&a| self.id(a)).collect::<Vec<_>>(),
            "finished": self.finished(),
        }))
    }

    /// Ends the game: the final views are kept, and the run is written to `out/run`.
    fn finish(&mut self) -> Result<()> {
        let Some(mut sim) = self.sim.take() else {
            return Ok(());
        };
        let mut sides = BTreeMap::new();
        for a in 0..self.plan.actors.len() as u16 {
            if self.plan.actors[a as usize].kind == ActorKind::State {
                sides.insert(a, self.side_view_of(&mut sim, a));
            }
        }
        let white = self.white_view_of(&mut sim);
        let mut output = sim.finish();
        output.summary.complete = true;
        output.summary.scenario_path = self.scenario_file.path.clone();
        output.summary.scenario_digest = self.scenario_digest.clone();
        output.summary.command_line = self.replay_command();
        self.finished = Some(Final { sides, white });
        if let Some(dir) = self.run_dir.take() {
            report::write_run(dir.path(), &output, &self.plan)?;
            if self.charts {
                let data = report::run_data::RunData::load(dir.path())?;
                let drawn = report::charts::write_all(&data, dir.path())?;
                report::html::write(&data, &drawn, dir.path())?;
            }
            dir.commit()?;
        }
        let entry = json!({"tick": self.ticks, "by": "white_cell", "action": "finish",
            "run": self.out.join(RUN_FOLDER).display().to_string(),
            "replay": self.replay_command()});
        self.record(entry)
    }

    /// Saves a checkpoint of the game at the current tick (`checkpoint-TICK.json` in the output
    /// folder): `casus run --from` continues it with the decisions so far, or forks it with
    /// others (`--decisions`).
    pub fn fork(&mut self, role: Role, rationale: &str) -> std::result::Result<Value, Refused> {
        self.live()?;
        let tick = self.tick();
        let inputs = Inputs {
            scenario: self.scenario_file.clone(),
            doctrines: Vec::new(),
            decisions: Some(SourceFile {
                path: self.out.join(DECISIONS_FILE).display().to_string(),
                text: self.decisions_text_with(false),
            }),
            seed: self.seed,
            ticks: self.ticks,
            command_line: self.replay_command(),
            scenario_digest: self.scenario_digest.clone(),
        };
        let file = self.out.join(format!("checkpoint-{tick}.json"));
        let sim = self.sim.as_mut().expect("a live game has its simulation");
        let checkpoint = Checkpoint::capture(sim, &inputs).map_err(internal)?;
        checkpoint.write(&file).map_err(internal)?;
        let entry = json!({"tick": tick, "by": self.role_name(role), "action": "fork",
            "checkpoint": file.display().to_string(), "rationale": rationale,
            "continue": format!("casus run --from {}", file.display()),
            "fork": format!("casus run --from {} --decisions OTHER.ron", file.display())});
        self.record(entry.clone()).map_err(internal)?;
        Ok(entry)
    }

    /// What `side` sees now (its picture, the law under its doctrine, its options, its
    /// domestic steps): see `docs/play.md`.
    pub fn side_view(&mut self, a: u16) -> Value {
        if let Some(f) = &self.finished {
            return f.sides.get(&a).cloned().unwrap_or(Value::Null);
        }
        let mut sim = self.sim.take().expect("a live game has its simulation");
        let v = self.side_view_of(&mut sim, a);
        self.sim = Some(sim);
        v
    }

    /// What the white cell sees now: ground truth and every side.
    pub fn white_view(&mut self) -> Value {
        if let Some(f) = &self.finished {
            return f.white.clone();
        }
        let mut sim = self.sim.take().expect("a live game has its simulation");
        let v = self.white_view_of(&mut sim);
        self.sim = Some(sim);
        v
    }

    fn game_status(&self, sim_tick_now: u32) -> Value {
        let waiting: Vec<String> = self
            .played
            .iter()
            .filter(|a| !self.ready.contains(a))
            .map(|&a| self.id(a))
            .collect();
        json!({
            "scenario": self.plan.name,
            "seed": self.seed,
            "tick": sim_tick_now,
            "ticks": self.ticks,
            "tick_hours": self.plan.tick_hours,
            "finished": self.finished.is_some() || sim_tick_now >= self.ticks,
            "played": self.played.iter().map(|&a| self.id(a)).collect::<Vec<_>>(),
            "stopped_for": self.stopped_for.iter().map(|&a| self.id(a)).collect::<Vec<_>>(),
            "waiting_for": waiting,
        })
    }

    fn side_view_of(&self, sim: &mut Simulation, a: u16) -> Value {
        let mut v = server_view::side(sim, &self.plan, a);
        v["game"] = self.game_status(sim.tick());
        v["played"] = self.played.contains(&a).into();
        v["ready"] = self.ready.contains(&a).into();
        v["at_decision_point"] = self.stopped_for.contains(&a).into();
        v["decisions"] = self
            .decisions
            .iter()
            .filter(|l| l.decision.actor == a)
            .map(|l| self.logged_json(l, sim.tick()))
            .collect::<Vec<_>>()
            .into();
        v
    }

    fn logged_json(&self, l: &Logged, now: u32) -> Value {
        let d = &l.decision;
        json!({
            "tick": d.tick, "side": self.id(d.actor), "response": d.response.as_str(),
            "against": self.id(d.against), "ally": d.ally.map(|x| self.id(x)),
            "by": self.role_name(l.by), "rationale": l.rationale,
            "pending": d.tick >= now,
        })
    }

    fn white_view_of(&self, sim: &mut Simulation) -> Value {
        let mut v = server_view::white(sim, &self.plan);
        v["game"] = self.game_status(sim.tick());
        v["replay"] = self.replay_command().into();
        v["decisions"] = self
            .decisions
            .iter()
            .map(|l| self.logged_json(l, sim.tick()))
            .collect::<Vec<_>>()
            .into();
        v["log"] = self.log.clone().into();
        v["injects"] = self
            .injects
            .iter()
            .map(|(t, i, why)| json!({"tick": t, "inject": serde_json::to_value(i).unwrap_or_default(), "rationale": why}))
            .collect::<Vec<_>>()
            .into();
        let mut sides = serde_json::Map::new();
        for a in 0..self.plan.actors.len() as u16 {
            if self.plan.actors[a as usize].kind == ActorKind::State {
                sides.insert(self.id(a), self.side_view_of(sim, a));
            }
        }
        v["sides"] = sides.into();
        v
    }
}

fn internal(e: Error) -> Refused {
    Refused {
        status: 500,
        message: e.to_string(),
    }
}

/// The played sides whose picture changed in tick `t` (an escalation step, an ally's report or
/// request, or their own decision taken): where the game stops for them.
pub fn decision_points(sim: &Simulation, played: &[u16], t: u32) -> Vec<u16> {
    let world = sim.world();
    let mut out = Vec::new();
    for &a in played {
        let Some(&entity) = world
            .resource::<crate::sim::legal::ActorEntities>()
            .0
            .get(a as usize)
        else {
            continue;
        };
        let Some(p) = world.get::<Picture>(entity) else {
            continue;
        };
        let changed = p.updated == Some(t) || p.requests.values().any(|&(at, _)| at == t);
        if changed {
            out.push(a);
        }
    }
    out
}
