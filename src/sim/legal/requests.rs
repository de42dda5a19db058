//! Declarations and requests: a victim whose own doctrine finds an armed attack, attributed
//! at the confidence its doctrine requires, declares itself attacked and asks its allies for
//! help; collective self-defense, and support, come only at such a request and within its
//! scope (ICJ, Nicaragua (1986) paras 195, 199).

use super::super::events::{Addressees, Event, ResponseSet};
use super::{Legal, Request, picture};
use crate::law::{Assessment, Facts, Response, Status};
use crate::model::{ActorKind, RelationKind};
use crate::scenario::Compiled;

/// The help a victim asks for: intelligence, logistics, and force in its defense.
pub const SCOPE: [Response; 3] = [
    Response::IntelligenceSharing,
    Response::LogisticsSupport,
    Response::CollectiveSelfDefense,
];

/// The States that hold `v` as an ally, by index: those a request by `v` is addressed to, and
/// those `v` reports its situation to.
pub fn allies(plan: &Compiled, v: u16) -> Vec<u16> {
    plan.actors
        .iter()
        .enumerate()
        .filter(|(w, a)| {
            *w != v as usize
                && a.kind == ActorKind::State
                && a.relations
                    .iter()
                    .any(|r| r.other == v && r.kind == RelationKind::Ally)
        })
        .map(|(w, _)| w as u16)
        .collect()
}

/// Whether `v`, with its own doctrine's assessment `own` of `facts`, may declare an armed
/// attack by `s`: the armed attack is met and attributed at the doctrine's confidence.
pub fn may_declare(l: &Legal, v: u16, own: &Assessment, facts: &Facts) -> bool {
    let doctrine = &l.setup.doctrines.0[l.setup.own[v as usize]];
    own.threshold("armed_attack") == Some(Status::Met)
        && facts
            .attribution
            .confidence
            .value()
            .is_some_and(|c| c >= doctrine.attribution_confidence)
}

/// `v` declares itself attacked by `s` and requests help from its allies, once per adversary.
/// Each addressee records the request in its picture and assesses its situation.
pub fn request(l: &mut Legal, v: u16, s: u16) {
    if l.legal
        .requests
        .iter()
        .any(|r| r.state == v && r.against == s)
    {
        return;
    }
    let plan = l.plan.0.clone();
    let addressees = allies(&plan, v);
    if addressees.iter().all(|&w| w == s) {
        return;
    }
    let tick = l.clock.tick;
    let scope = ResponseSet::of(&SCOPE);
    l.legal.requests.push(Request {
        tick,
        state: v,
        against: s,
        scope,
    });
    l.pending.0.push(Event::AssistanceRequested {
        state: v,
        against: s,
        addressees: Addressees(v),
        scope,
    });
    for w in addressees.into_iter().filter(|&w| w != s) {
        picture::edit(l, w, |p| {
            p.requests.insert((v, s), (tick, scope));
        });
        super::steps::assess_ally(l, w, v, s);
    }
}
