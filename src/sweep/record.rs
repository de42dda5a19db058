//! What one seed's run contributes to a sweep: a compact record, one CSV row.

use crate::law::Response;
use crate::model::RelationKind;
use crate::scenario::Compiled;
use crate::sim::RunOutput;

/// A threshold tracked across seeds: the State assessing, the threshold, the doctrine.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    /// The assessing State (a victim, or an ally of one for collective self-defense).
    pub state: String,
    /// `use_of_force`, `armed_attack`, `self_defense` or `collective_self_defense`.
    pub threshold: &'static str,
    /// Doctrine id.
    pub doctrine: String,
}

impl Key {
    /// The CSV column name: `state.threshold.doctrine`.
    pub fn column(&self) -> String {
        format!("{}.{}.{}", self.state, self.threshold, self.doctrine)
    }
}

/// The thresholds a sweep tracks for a scenario: for each targeted State, use of force, armed
/// attack and self-defense; for each of their allies, collective self-defense; under every
/// doctrine.
pub fn keys(plan: &Compiled, doctrines: &[String]) -> Vec<Key> {
    let victims: Vec<u16> = plan.victims();
    let mut allies: Vec<u16> = plan
        .actors
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            a.relations
                .iter()
                .any(|r| r.kind == RelationKind::Ally && victims.contains(&r.other))
                && !victims.contains(&(*i as u16))
        })
        .map(|(i, _)| i as u16)
        .collect();
    allies.sort_unstable();
    let mut out = Vec::new();
    for &v in &victims {
        for t in ["use_of_force", "armed_attack", "self_defense"] {
            for d in doctrines {
                out.push(Key {
                    state: plan.actors[v as usize].id.clone(),
                    threshold: t,
                    doctrine: d.clone(),
                });
            }
        }
    }
    for &a in &allies {
        for d in doctrines {
            out.push(Key {
                state: plan.actors[a as usize].id.clone(),
                threshold: "collective_self_defense",
                doctrine: d.clone(),
            });
        }
    }
    out
}

/// The harm totals recorded per seed, in column order.
pub const HARM: [&str; 5] = [
    "deaths",
    "injuries",
    "economic_loss_usd",
    "repair_cost_usd",
    "outage_person_hours",
];

/// One seed's contribution.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedRecord {
    /// The seed.
    pub seed: u64,
    /// First tick each key was met, in the order of [`keys`].
    pub crossed: Vec<Option<u32>>,
    /// Harm totals, in the order of [`HARM`].
    pub harm: [f64; 5],
    /// First tick any intrusion was detected.
    pub detection: Option<u32>,
    /// First tick any victim named a campaign's true author with confidence 0.75 (the level the
    /// shipped doctrines require to treat conduct as attributed).
    pub attribution_75: Option<u32>,
    /// Responses taken, per rung of the ladder.
    pub responses: [u32; 6],
    /// Tick the Security Council acted.
    pub council: Option<u32>,
}

impl SeedRecord {
    /// Extracts the record from a run.
    pub fn from_run(seed: u64, out: &RunOutput, keys: &[Key]) -> SeedRecord {
        let s = &out.summary;
        let crossed = keys
            .iter()
            .map(|k| {
                s.thresholds_crossed
                    .iter()
                    .filter(|c| {
                        c.status == crate::law::Status::Met
                            && c.victim == k.state
                            && c.threshold == k.threshold
                            && c.doctrine == k.doctrine
                    })
                    .map(|c| c.tick)
                    .min()
            })
            .collect();
        let mut responses = [0u32; 6];
        for r in &s.responses {
            if let Some(i) = Response::LADDER.iter().position(|x| *x == r.response) {
                responses[i] += 1;
            }
        }
        SeedRecord {
            seed,
            crossed,
            harm: [
                s.harm.deaths,
                s.harm.injuries,
                s.harm.economic_loss_usd,
                s.harm.repair_cost_usd,
                s.harm.outage_person_hours,
            ],
            detection: s
                .campaigns
                .iter()
                .filter_map(|k| k.first_detection_tick)
                .min(),
            attribution_75: s
                .campaigns
                .iter()
                .flat_map(|k| k.attribution.iter())
                .filter(|a| a.correct)
                .filter_map(|a| a.tick_confidence_75)
                .min(),
            responses,
            council: s.council_acted_tick,
        }
    }

    /// The CSV header for `keys`.
    pub fn header(keys: &[Key]) -> Vec<String> {
        let mut h = vec!["seed".to_string()];
        h.extend(keys.iter().map(Key::column));
        h.extend(HARM.iter().map(|x| x.to_string()));
        h.push("first_detection_tick".into());
        h.push("attribution_75_tick".into());
        h.extend(
            Response::LADDER
                .iter()
                .map(|r| format!("responses.{}", r.as_str())),
        );
        h.push("council_acted_tick".into());
        h
    }

    /// The CSV cells.
    pub fn cells(&self) -> Vec<String> {
        let opt = |x: Option<u32>| x.map_or(String::new(), |t| t.to_string());
        let mut c = vec![self.seed.to_string()];
        c.extend(self.crossed.iter().map(|x| opt(*x)));
        c.extend(self.harm.iter().map(|x| format!("{x:.2}")));
        c.push(opt(self.detection));
        c.push(opt(self.attribution_75));
        c.extend(self.responses.iter().map(u32::to_string));
        c.push(opt(self.council));
        c
    }

    /// Parses the cells of a row written by [`SeedRecord::cells`] for `n_keys` keys.
    pub fn parse(cells: &[&str], n_keys: usize) -> Option<SeedRecord> {
        let expected = 1 + n_keys + HARM.len() + 2 + 6 + 1;
        if cells.len() != expected {
            return None;
        }
        let opt = |s: &str| {
            if s.is_empty() {
                Some(None)
            } else {
                s.parse::<u32>().ok().map(Some)
            }
        };
        let seed = cells[0].parse().ok()?;
        let crossed = cells[1..=n_keys]
            .iter()
            .map(|c| opt(c))
            .collect::<Option<Vec<_>>>()?;
        let mut i = 1 + n_keys;
        let mut harm = [0.0; 5];
        for h in &mut harm {
            *h = cells[i].parse().ok()?;
            i += 1;
        }
        let detection = opt(cells[i])?;
        let attribution_75 = opt(cells[i + 1])?;
        i += 2;
        let mut responses = [0u32; 6];
        for r in &mut responses {
            *r = cells[i].parse().ok()?;
            i += 1;
        }
        let council = opt(cells[i])?;
        Some(SeedRecord {
            seed,
            crossed,
            harm,
            detection,
            attribution_75,
            responses,
            council,
        })
    }
}
