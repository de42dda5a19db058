//! The escalation step: the actor updates its picture, every doctrine assesses each of its
//! situations (threshold crossings, the legal trace), its allies receive its report, and
//! situations in which it may act start its decision process.

use super::super::events::Event;
use super::facts::{ally_facts, facts_for};
use super::{ACTION_CONFIDENCE, Legal, MARKERS, picture};
use crate::law::{self, Assessment, Facts, Response, Status};
use crate::model::ActorKind;
use std::collections::{BTreeMap, BTreeSet};

fn markers(a: &Assessment) -> [Status; 10] {
    let mut out = [Status::NotMet; 10];
    for (i, name) in MARKERS.iter().enumerate() {
        out[i] = match *name {
            "self_defense" => a.response(Response::SelfDefense),
            "collective_self_defense" => a.response(Response::CollectiveSelfDefense),
            n => a.threshold(n).unwrap_or(Status::NotMet),
        };
    }
    out
}

/// Assesses one situation under every doctrine: crossing events, trace lines. Returns the
/// assessments, by doctrine index.
pub(crate) fn assess_all(
    l: &mut Legal,
    facts: &Facts,
    key: (u16, u16, Option<u16>),
) -> Vec<Assessment> {
    let plan = l.plan.0.clone();
    let doctrines = l.setup.doctrines.clone();
    let mut out = Vec::new();
    for (di, d) in doctrines.0.iter().enumerate() {
        let a = law::assess(facts, d);
        let now = markers(&a);
        let before = l
            .legal
            .last
            .get(&(key.0, key.1, key.2, di as u8))
            .copied()
            .unwrap_or([Status::NotMet; 10]);
        for (m, (&b, &n)) in before.iter().zip(now.iter()).enumerate() {
            // An ally's situation is about collective self-defense: its own thresholds are
            // tracked in its own situation as a victim, if it is one.
            if key.2.is_some()
                && !matches!(
                    MARKERS[m],
                    "survival_threatening_situation" | "collective_self_defense"
                )
            {
                continue;
            }
            let rank = |s: Status| match s {
                Status::Met => 2,
                Status::Contested => 1,
                _ => 0,
            };
            if rank(n) > rank(b) {
                l.pending.0.push(Event::ThresholdCrossed {
                    victim: key.0,
                    suspect: key.1,
                    ally: key.2,
                    doctrine: di as u8,
                    threshold: m as u8,
                    status: n,
                });
            }
        }
        l.legal.last.insert((key.0, key.1, key.2, di as u8), now);
        // The State's own situation (事態), as its own doctrine certifies it, when it changes.
        if key.2.is_none()
            && l.setup.own[key.0 as usize] == di
            && let Some(sit) = law::japan::situation(&a)
        {
            let last = l
                .legal
                .situations
                .iter()
                .rev()
                .find(|x| x.1 == key.0 && x.2 == key.1)
                .map(|x| x.3);
            if last != Some(sit) {
                l.legal.situations.push((l.clock.tick, key.0, key.1, sit));
            }
        }
        let mut line = serde_json::Map::new();
        line.insert("tick".into(), l.clock.tick.into());
        line.insert(
            "victim".into(),
            plan.actors[key.0 as usize].id.clone().into(),
        );
        line.insert(
            "suspect".into(),
            plan.actors[key.1 as usize].id.clone().into(),
        );
        line.insert(
            "ally".into(),
            key.2.map_or(serde_json::Value::Null, |a| {
                plan.actors[a as usize].id.clone().into()
            }),
        );
        if let serde_json::Value::Object(body) = a.to_json_explained() {
            line.extend(body);
        }
        l.legal
            .trace
            .push(serde_json::Value::Object(line).to_string());
        out.push(a);
    }
    out
}

/// The situations of `v` as a victim, from its picture: detected campaigns grouped by the
/// actor `v` suspects.
pub(crate) fn situations(picture: &picture::Picture) -> BTreeMap<u16, Vec<u32>> {
    let mut out: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
    for (&p, view) in &picture.pairs {
        out.entry(view.suspect).or_default().push(p);
    }
    out
}

/// Whether `v` may act against `s` on these facts: `s` is a State named with confidence.
pub(crate) fn actionable(l: &Legal, s: u16, facts: &Facts) -> bool {
    l.plan.0.actors[s as usize].kind == ActorKind::State
        && facts
            .attribution
            .confidence
            .value()
            .is_some_and(|c| c >= f64::from(ACTION_CONFIDENCE))
}

/// Assesses ally `w`'s situation about the attack on `v` by `s` from `w`'s picture, and starts
/// its decision process when `v` has asked it for help.
pub(crate) fn assess_ally(l: &mut Legal, w: u16, v: u16, s: u16) {
    if w == s {
        return;
    }
    // The ally sees its own infrastructure as it is now.
    picture::observe(l, w);
    let pw = picture::of(l, w);
    let Some(report) = pw.reports.get(&(v, s)) else {
        return;
    };
    let fw = ally_facts(l, &pw, w, v, s, &report.facts);
    assess_all(l, &fw, (w, s, Some(v)));
    if pw.requests.contains_key(&(v, s)) && actionable(l, s, &report.facts) {
        super::decision::begin(l, w, s, Some(v));
    }
}

/// The legal stage's first system: at each escalation step, the actor updates its picture and
/// assesses its situations; its allies receive its reports and assess theirs.
pub fn assess_steps(mut l: Legal) {
    if l.legal.steps.is_empty() {
        return;
    }
    let plan = l.plan.0.clone();
    let stepped: BTreeSet<u16> = l.legal.steps.drain(..).map(|(v, _)| v).collect();
    for &v in &stepped {
        picture::observe(&mut l, v);
        let pv = picture::of(&l, v);
        for (s, pairs) in situations(&pv) {
            let facts = facts_for(&l, &pv, v, s, &pairs);
            assess_all(&mut l, &facts, (v, s, None));
            if actionable(&l, s, &facts) {
                super::decision::begin(&mut l, v, s, None);
            }
            // v reports its situation to its allies, which assess theirs.
            for w in super::requests::allies(&plan, v) {
                if w == s {
                    continue;
                }
                let report = super::picture::Report {
                    tick: l.clock.tick,
                    facts: facts.clone(),
                };
                picture::edit(&mut l, w, |p| {
                    p.reports.insert((v, s), report);
                });
                assess_ally(&mut l, w, v, s);
            }
        }
    }
}
