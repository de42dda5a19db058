//! Running aggregates over seeds, folded in seed order so that the result does not depend on
//! thread count or sharding. Memory grows with the number of distinct crossing ticks, not with
//! the number of seeds.

use super::record::{HARM, Key, SeedRecord};
use crate::law::Response;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Mean and variance by Welford's method (fed in seed order: deterministic).
#[derive(Clone, Debug, Default)]
pub struct Moments {
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl Moments {
    /// Adds one value.
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        self.min = self.min.min(x);
        self.max = self.max.max(x);
    }

    fn json(&self) -> Value {
        let sd = if self.n > 1 {
            (self.m2 / (self.n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let half = if self.n > 0 {
            1.96 * sd / (self.n as f64).sqrt()
        } else {
            0.0
        };
        json!({"mean": r6(self.mean), "sd": r6(sd), "ci95": [r6(self.mean - half), r6(self.mean + half)], "min": r6(self.min), "max": r6(self.max)})
    }
}

fn r6(x: f64) -> f64 {
    if x.abs() >= 1e6 {
        (x * 100.0).round() / 100.0
    } else {
        (x * 1e6).round() / 1e6
    }
}

/// A sparse histogram of ticks.
#[derive(Clone, Debug, Default)]
pub struct Ticks(BTreeMap<u32, u64>);

impl Ticks {
    /// Counts one tick.
    pub fn push(&mut self, t: u32) {
        *self.0.entry(t).or_default() += 1;
    }

    fn count(&self) -> u64 {
        self.0.values().sum()
    }

    /// Nearest-rank quantile.
    fn quantile(&self, q: f64) -> Option<u32> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
        let mut seen = 0;
        for (&t, &c) in &self.0 {
            seen += c;
            if seen >= rank {
                return Some(t);
            }
        }
        None
    }

    fn quantiles(&self) -> Value {
        if self.count() == 0 {
            return Value::Null;
        }
        json!({"p10": self.quantile(0.1), "p25": self.quantile(0.25), "p50": self.quantile(0.5), "p75": self.quantile(0.75), "p90": self.quantile(0.9)})
    }

    /// The same quantiles in hours from the start of the run to the end of the tick.
    fn hour_quantiles(&self, tick_hours: f64) -> Value {
        if self.count() == 0 {
            return Value::Null;
        }
        let h = |q| {
            self.quantile(q)
                .map(|t| crate::report::tidy::hour_of(t, tick_hours))
        };
        json!({"p10": h(0.1), "p25": h(0.25), "p50": h(0.5), "p75": h(0.75), "p90": h(0.9)})
    }

    /// The empirical CDF over all `n` seeds (seeds that never crossed count as not yet), with
    /// the Dvoretzky–Kiefer–Wolfowitz 95% band, at most `points` points, each a record of
    /// `tick`, `hour`, `share`, `share_low` and `share_high`.
    fn cdf(&self, n: u64, ticks: u32, points: u32, tick_hours: f64) -> Value {
        let eps = if n > 0 {
            ((2.0f64 / 0.05).ln() / (2.0 * n as f64)).sqrt()
        } else {
            1.0
        };
        let step = (ticks / points.max(1)).max(1);
        let mut out = Vec::new();
        let mut acc = 0u64;
        let mut iter = self.0.iter().peekable();
        let mut t = 0;
        while t <= ticks {
            while let Some(&(&k, &c)) = iter.peek() {
                if k > t {
                    break;
                }
                acc += c;
                iter.next();
            }
            let f = if n > 0 { acc as f64 / n as f64 } else { 0.0 };
            out.push(json!({
                "tick": t,
                "hour": crate::report::tidy::hour_of(t, tick_hours),
                "share": r6(f),
                "share_low": r6((f - eps).max(0.0)),
                "share_high": r6((f + eps).min(1.0)),
            }));
            if t == ticks {
                break;
            }
            t = (t + step).min(ticks);
        }
        Value::Array(out)
    }
}

/// Wilson score interval for k successes in n trials, at 95%.
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (z, nf) = (1.96f64, n as f64);
    let p = k as f64 / nf;
    let denom = 1.0 + z * z / nf;
    let centre = (p + z * z / (2.0 * nf)) / denom;
    let half = z * ((p * (1.0 - p) / nf + z * z / (4.0 * nf * nf)).sqrt()) / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The aggregates of a sweep, folded seed by seed.
#[derive(Clone, Debug)]
pub struct Aggregate {
    keys: Vec<Key>,
    ticks: u32,
    n: u64,
    crossed: Vec<Ticks>,
    harm: Vec<Moments>,
    detection: Ticks,
    attribution: Ticks,
    responses: [(u64, u64); 6],
    council: u64,
    last_seed: Option<u64>,
}

impl Aggregate {
    /// Empty aggregates for `keys` over runs of `ticks` ticks.
    pub fn new(keys: Vec<Key>, ticks: u32) -> Aggregate {
        let n_keys = keys.len();
        Aggregate {
            keys,
            ticks,
            n: 0,
            crossed: vec![Ticks::default(); n_keys],
            harm: vec![Moments::default(); HARM.len()],
            detection: Ticks::default(),
            attribution: Ticks::default(),
            responses: [(0, 0); 6],
            council: 0,
            last_seed: None,
        }
    }

    /// Seeds folded so far.
    pub fn seeds(&self) -> u64 {
        self.n
    }

    /// Folds one record. Records must come in increasing seed order; returns false otherwise.
    pub fn push(&mut self, r: &SeedRecord) -> bool {
        if self.last_seed.is_some_and(|s| r.seed <= s) {
            return false;
        }
        self.last_seed = Some(r.seed);
        self.n += 1;
        for (h, t) in self.crossed.iter_mut().zip(&r.crossed) {
            if let Some(t) = t {
                h.push(*t);
            }
        }
        for (m, x) in self.harm.iter_mut().zip(r.harm) {
            m.push(x);
        }
        if let Some(t) = r.detection {
            self.detection.push(t);
        }
        if let Some(t) = r.attribution_75 {
            self.attribution.push(t);
        }
        for (acc, &c) in self.responses.iter_mut().zip(&r.responses) {
            acc.0 += u64::from(c > 0);
            acc.1 += u64::from(c);
        }
        self.council += u64::from(r.council.is_some());
        true
    }

    /// The probability, with its Wilson 95% interval, that `key` was met.
    pub fn probability(&self, key: &Key) -> Option<(f64, f64, f64)> {
        let i = self.keys.iter().position(|k| k == key)?;
        let k = self.crossed[i].count();
        let (lo, hi) = wilson(k, self.n);
        Some((
            if self.n > 0 {
                k as f64 / self.n as f64
            } else {
                0.0
            },
            lo,
            hi,
        ))
    }

    /// The aggregates as JSON; every tick figure has its hour beside it (`tick_hours` hours per
    /// tick, counted to the end of the tick).
    pub fn to_json(&self, tick_hours: f64) -> Value {
        let n = self.n;
        let thresholds: Vec<Value> = self
            .keys
            .iter()
            .zip(&self.crossed)
            .map(|(k, h)| {
                let crossed = h.count();
                let (lo, hi) = wilson(crossed, n);
                json!({
                    "state": k.state,
                    "threshold": k.threshold,
                    "doctrine": k.doctrine,
                    "crossed": crossed,
                    "probability": r6(if n > 0 { crossed as f64 / n as f64 } else { 0.0 }),
                    "probability_ci95": [r6(lo), r6(hi)],
                    "tick_quantiles": h.quantiles(),
                    "hour_quantiles": h.hour_quantiles(tick_hours),
                    "cdf": h.cdf(n, self.ticks, 100, tick_hours),
                })
            })
            .collect();
        let harm: serde_json::Map<String, Value> = HARM
            .iter()
            .zip(&self.harm)
            .map(|(name, m)| (name.to_string(), m.json()))
            .collect();
        let responses: Vec<Value> = Response::LADDER
            .iter()
            .zip(&self.responses)
            .map(|(r, &(seeds, total))| {
                json!({"response": r.as_str(), "seeds_with": seeds, "share": r6(if n > 0 { seeds as f64 / n as f64 } else { 0.0 }), "mean_count": r6(if n > 0 { total as f64 / n as f64 } else { 0.0 })})
            })
            .collect();
        json!({
            "seeds": n,
            "ticks": self.ticks,
            "thresholds": thresholds,
            "harm": harm,
            "first_detection_tick": {"seeds": self.detection.count(), "quantiles": self.detection.quantiles(), "hour_quantiles": self.detection.hour_quantiles(tick_hours)},
            "attribution_75_tick": {"seeds": self.attribution.count(), "quantiles": self.attribution.quantiles(), "hour_quantiles": self.attribution.hour_quantiles(tick_hours), "cdf": self.attribution.cdf(n, self.ticks, 100, tick_hours)},
            "responses": responses,
            "council_acted": {"seeds": self.council, "share": r6(if n > 0 { self.council as f64 / n as f64 } else { 0.0 })},
        })
    }
}
