//! The after-action record: one row per decision taken (by the automated policy, a decisions
//! file, or a person at the table), with what the decider knew at that tick (its picture:
//! the campaigns it had detected, its attribution belief, the harm it had observed, what its
//! allies had told and asked it) and the law at that moment (the assessment under its own
//! doctrine: the thresholds and the status of each option). Written to `decisions.jsonl`
//! (`docs/outputs.md`); `report.html` shows it in "Decisions and what each side knew"; the rows
//! not decided by the policy, given back to `casus run --decisions`, replay the decisions.

use super::picture::Picture;
use super::{Legal, MARKERS, Taken};
use crate::law::{Assessment, Facts, Response, Status};
use serde_json::{Map, Value, json};

/// The JSON row of decision `t`, taken on `facts` (assessed as `own` under the decider's
/// doctrine, with `options` and their statuses) by an actor whose picture was `picture`.
pub(crate) fn row(
    l: &Legal,
    t: &Taken,
    picture: &Picture,
    facts: &Facts,
    own: &Assessment,
    options: &[(Response, Status)],
) -> String {
    let plan = &l.plan.0;
    let id = |a: u16| Value::from(plan.actors[a as usize].id.as_str());
    let detections: Vec<Value> = picture
        .pairs
        .values()
        .map(|p| {
            let mut d = json!({
                "campaign": plan.campaigns[p.campaign as usize].id,
                "suspect": id(p.suspect),
                "confidence": crate::sim::events::round4(p.confidence),
                "targets_hit": p.targets_hit,
                "operations": p.operations,
                "active": p.active,
                "poised": p.poised,
            });
            // Left out while no hostile operation has been seen: no number is ever null.
            if let Value::Object(m) = &mut d {
                if let Some(effect) = crate::sim::harm_facts::effect_of(p.worst) {
                    m.insert("worst_effect".into(), effect.as_str().into());
                }
                if let Some(tick) = p.last_hostile {
                    m.insert("last_hostile_tick".into(), tick.into());
                }
            }
            d
        })
        .collect();
    let reports: Vec<Value> = picture
        .reports
        .iter()
        .map(|(&(ally, against), r)| json!({"ally": id(ally), "against": id(against), "tick": r.tick}))
        .collect();
    let requests: Vec<Value> = picture
        .requests
        .iter()
        .map(|(&(ally, against), &(tick, scope))| {
            json!({"ally": id(ally), "against": id(against), "tick": tick,
                   "scope": scope.iter().map(Response::as_str).collect::<Vec<_>>()})
        })
        .collect();
    let mut thresholds = Map::new();
    for name in &MARKERS[..8] {
        if let Some(s) = own.threshold(name) {
            thresholds.insert((*name).into(), s.as_str().into());
        }
    }
    let opts: Vec<Value> = options
        .iter()
        .map(|(r, s)| json!({"response": r.as_str(), "status": s.as_str()}))
        .collect();
    let lawful: Vec<&str> = own.lawful_responses.iter().map(|r| r.as_str()).collect();
    let mut knew = json!({
        "detections": detections,
        "attribution": {
            "state": facts.attribution.state,
            "confidence": facts.attribution.confidence,
            "basis": facts.attribution.basis,
        },
        "harm": facts.harm,
        "ongoing": facts.ongoing,
        "imminent": facts.imminent,
        "government_hit": picture.government_hit,
        "reports_from_allies": reports,
        "requests_received": requests,
    });
    // Fields left out when there is nothing to say: no number is ever null.
    if let Value::Object(m) = &mut knew {
        if let Some(tick) = picture.updated {
            m.insert("picture_updated".into(), tick.into());
        }
        if let Some(effect) = facts.worst_effect {
            m.insert("worst_effect".into(), effect.as_str().into());
        }
    }
    let mut law = json!({
        "doctrine": own.doctrine,
        "thresholds": thresholds,
        "options": opts,
        "lawful_responses": lawful,
        "council_acted": facts.council_acted,
    });
    if let (Some(measures), Value::Object(m)) = (facts.council_measures, &mut law) {
        m.insert(
            "council_measures".into(),
            serde_json::to_value(measures).unwrap_or_default(),
        );
    }
    let mut m = Map::new();
    m.insert("kind".into(), "decision".into());
    m.insert("tick".into(), t.tick.into());
    // Hours from the start of the run to the end of the tick, as in every output.
    m.insert(
        "hour".into(),
        json!(f64::from(t.tick + 1) * plan.tick_hours),
    );
    m.insert("actor".into(), id(t.actor));
    m.insert(
        "decided_by".into(),
        serde_json::to_value(t.decided_by).unwrap_or_default(),
    );
    m.insert("against".into(), id(t.against));
    if let Some(ally) = t.ally {
        m.insert("ally".into(), id(ally));
    }
    m.insert("response".into(), t.response.as_str().into());
    m.insert("lawful".into(), t.lawful.as_str().into());
    m.insert("flagged".into(), (t.lawful != Status::Met).into());
    m.insert("takes_effect".into(), t.takes_effect.into());
    m.insert("window_ends".into(), t.window_ends.into());
    m.insert("inside_window".into(), t.inside_window.into());
    m.insert("knew".into(), knew);
    m.insert("law".into(), law);
    Value::Object(m).to_string()
}
