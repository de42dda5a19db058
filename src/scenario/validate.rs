//! Semantic checks on a parsed scenario. Every problem is collected, located in the source
//! text where possible, and reported at once.

use super::load::{LIMITS, line_col};
use super::{Phase, Scenario, Target};
use crate::error::{Diagnostic, Error, MAX_LISTED, Result, did_you_mean};
use crate::model::{ActorKind, AttributionBasis, DOCTRINES};
use std::collections::BTreeSet;
use std::path::Path;

/// The largest figure any number in a scenario may hold (money, hours, rates, multipliers):
/// far above any real value, and low enough that no product of figures the simulation forms
/// can overflow to infinity.
pub const MAX_FIGURE: f64 = 1e15;

/// A figure for a message: very large and very small numbers in exponent form.
fn show(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-6..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

/// The smallest GDP accepted, in USD: economic loss is divided by it.
pub const MIN_GDP_USD: f64 = 1e6;

/// Finds where a problem is in the source text, by following anchors: each anchor is searched
/// after the previous one's position. An anchor `id:"x"` finds the item whose `id` is `x`.
struct Locator<'a> {
    text: &'a str,
}

impl Locator<'_> {
    fn find(&self, anchors: &[&str]) -> Option<(usize, usize)> {
        let mut pos = 0;
        let mut found = None;
        for anchor in anchors {
            let at = match anchor.strip_prefix("id:") {
                Some(id) => self.find_id(id, pos)?,
                None => pos + self.text[pos..].find(anchor)?,
            };
            found = Some(at);
            pos = at + 1;
        }
        found.map(|at| line_col(self.text.as_bytes(), at))
    }

    /// Position of `"<id>"` where it is the value of an `id`, `prefix` or `name` field.
    fn find_id(&self, id: &str, from: usize) -> Option<usize> {
        let quoted = format!("\"{id}\"");
        let mut start = from;
        while let Some(rel) = self.text[start..].find(&quoted) {
            let at = start + rel;
            let before = self.text[..at].trim_end();
            if let Some(b) = before.strip_suffix(':') {
                let b = b.trim_end();
                if b.ends_with("id") || b.ends_with("prefix") || b.ends_with("name") {
                    return Some(at);
                }
            }
            start = at + quoted.len();
        }
        None
    }
}

struct Checker<'a> {
    file: &'a Path,
    loc: Locator<'a>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Whether problems are still listed in full (located, with suggestions); past
    /// [`MAX_LISTED`] they are only counted, so that reporting stays linear in the file's size.
    fn listing(&self) -> bool {
        self.problems.len() < MAX_LISTED
    }

    fn report(&mut self, anchors: &[&str], path: String, message: String, help: Option<String>) {
        let location = if self.listing() {
            self.loc.find(anchors)
        } else {
            None
        };
        self.problems.push(Diagnostic {
            file: self.file.to_path_buf(),
            location,
            path,
            message,
            help,
        });
    }

    fn probability(&mut self, value: f64, anchors: &[&str], path: String) {
        if !(value.is_finite() && (0.0..=1.0).contains(&value)) {
            self.report(
                anchors,
                path,
                format!(
                    "{} is not a probability: expected a number from 0 to 1",
                    show(value)
                ),
                None,
            );
        }
    }

    fn positive(&mut self, value: f64, anchors: &[&str], path: String, unit: &str) {
        if !(value.is_finite() && value > 0.0 && value <= MAX_FIGURE) {
            self.report(
                anchors,
                path,
                format!(
                    "{} is not allowed: expected a finite number of {unit} above 0 and at most {MAX_FIGURE:e}",
                    show(value)
                ),
                None,
            );
        }
    }

    fn non_negative(&mut self, value: f64, anchors: &[&str], path: String, unit: &str) {
        if !(value.is_finite() && (0.0..=MAX_FIGURE).contains(&value)) {
            self.report(
                anchors,
                path,
                format!(
                    "{} is not allowed: expected a finite number of {unit} from 0 to {MAX_FIGURE:e}",
                    show(value)
                ),
                None,
            );
        }
    }

    fn reference<'s>(
        &mut self,
        found: &str,
        known: impl IntoIterator<Item = &'s str> + Clone,
        what: &str,
        anchors: &[&str],
        path: String,
    ) -> bool {
        if known.clone().into_iter().any(|k| k == found) {
            return true;
        }
        let help = if self.listing() {
            did_you_mean(found, known)
        } else {
            None
        };
        self.report(anchors, path, format!("unknown {what} `{found}`"), help);
        false
    }
}

/// Checks a parsed scenario for problems its types cannot express. `text` is the file's text,
/// used to locate problems; `file` names it in messages.
pub fn validate(s: &Scenario, text: &str, file: &Path) -> Result<()> {
    let mut c = Checker {
        file,
        loc: Locator { text },
        problems: Vec::new(),
    };
    check_header(&mut c, s);
    check_actors(&mut c, s);
    check_nodes(&mut c, s);
    check_campaigns(&mut c, s);
    check_harm_model(&mut c, s);
    check_injects(&mut c, s);
    if c.problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(c.problems))
    }
}

/// Is `name` safe to use as a folder name under the output root?
pub(crate) fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('.')
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '.'))
}

fn check_header(c: &mut Checker, s: &Scenario) {
    if !is_safe_name(&s.name) {
        c.report(&["name"], "name".into(), format!("`{}` cannot be used as a scenario name: expected 1 to 100 letters, digits, `-`, `_` or `.`, not starting with `.`", s.name), Some("it names the output folder".into()));
    }
    c.positive(s.tick_hours, &["tick_hours"], "tick_hours".into(), "hours");
    c.positive(
        s.duration_hours,
        &["duration_hours"],
        "duration_hours".into(),
        "hours",
    );
    if s.tick_hours.is_finite() && s.tick_hours > 0.0 && s.duration_hours.is_finite() {
        let ticks = (s.duration_hours / s.tick_hours).ceil();
        if ticks > LIMITS.max_ticks as f64 {
            c.report(
                &["duration_hours"],
                "duration_hours".into(),
                format!("{ticks} ticks is over the limit of {}", LIMITS.max_ticks),
                Some("use a longer tick_hours".into()),
            );
        }
    }
    c.non_negative(
        s.harm.mortality_multiplier,
        &["mortality_multiplier"],
        "harm.mortality_multiplier".into(),
        "times the default",
    );
    let mut seen = BTreeSet::new();
    for (i, h) in s.harm.sectors.iter().enumerate() {
        let p = format!("harm.sectors[{i}]");
        let anchors = ["sectors", h.sector.as_str()];
        if !seen.insert(h.sector) {
            c.report(
                &["sectors"],
                p.clone(),
                format!("sector {} is given twice", h.sector),
                None,
            );
        }
        c.non_negative(
            h.deaths_per_million_person_hours,
            &anchors,
            format!("{p}.deaths_per_million_person_hours"),
            "deaths",
        );
        c.non_negative(
            h.injuries_per_million_person_hours,
            &anchors,
            format!("{p}.injuries_per_million_person_hours"),
            "injuries",
        );
        c.non_negative(
            h.loss_usd_per_person_hour,
            &anchors,
            format!("{p}.loss_usd_per_person_hour"),
            "USD",
        );
    }
    let r = &s.recovery;
    for (v, name) in [
        (r.data_destruction_factor, "data_destruction_factor"),
        (r.physical_damage_factor, "physical_damage_factor"),
    ] {
        if !(v.is_finite() && v > 0.0 && v <= 1.0) {
            c.report(
                &[name],
                format!("recovery.{name}"),
                format!("{v} is not allowed: expected a number above 0 and at most 1"),
                None,
            );
        }
    }
    c.non_negative(
        r.data_destruction_cost_fraction,
        &["data_destruction_cost_fraction"],
        "recovery.data_destruction_cost_fraction".into(),
        "times replacement cost",
    );
}

fn actor_ids(s: &Scenario) -> impl Iterator<Item = &str> + Clone {
    s.actors.iter().map(|a| a.id.as_str())
}

fn check_actors(c: &mut Checker, s: &Scenario) {
    if s.actors.is_empty() {
        c.report(
            &["actors"],
            "actors".into(),
            "no actors: expected at least one State".into(),
            None,
        );
    }
    if s.actors.len() > LIMITS.max_actors {
        c.report(
            &["actors"],
            "actors".into(),
            format!(
                "{} actors is over the limit of {}",
                s.actors.len(),
                LIMITS.max_actors
            ),
            None,
        );
    }
    let mut seen = BTreeSet::new();
    let mut councils = 0;
    for (i, a) in s.actors.iter().enumerate() {
        let id_anchor = format!("id:{}", a.id);
        let p = format!("actors[{i}] `{}`", a.id);
        if a.id.is_empty() {
            c.report(&["actors"], p.clone(), "empty id".into(), None);
        } else if !seen.insert(a.id.as_str()) {
            c.report(
                &[&id_anchor, &id_anchor],
                p.clone(),
                format!("duplicate actor id `{}`", a.id),
                Some("every id must be unique".into()),
            );
        }
        if let Some(d) = &a.doctrine
            && !DOCTRINES.contains(&d.as_str())
        {
            let help = did_you_mean(d, DOCTRINES.iter().copied())
                .or_else(|| Some(format!("known doctrines: {}", DOCTRINES.join(", "))));
            c.report(
                &[&id_anchor, "doctrine"],
                format!("{p}.doctrine"),
                format!("unknown doctrine `{d}`"),
                help,
            );
        }
        for (j, r) in a.relationships.iter().enumerate() {
            let rp = format!("{p}.relationships[{j}]");
            let anchors = [id_anchor.as_str(), "relationships", r.with.as_str()];
            if c.reference(
                &r.with,
                actor_ids(s),
                "actor",
                &anchors,
                format!("{rp}.with"),
            ) && r.with == a.id
            {
                c.report(
                    &anchors,
                    rp.clone(),
                    "an actor cannot have a relationship with itself".into(),
                    None,
                );
            }
            c.probability(
                r.intel_sharing,
                &[&id_anchor, "intel_sharing"],
                format!("{rp}.intel_sharing"),
            );
            c.probability(
                r.energy_imports,
                &[&id_anchor, "energy_imports"],
                format!("{rp}.energy_imports"),
            );
        }
        c.probability(
            a.capabilities.cyber,
            &[&id_anchor, "cyber"],
            format!("{p}.capabilities.cyber"),
        );
        c.probability(
            a.capabilities.kinetic,
            &[&id_anchor, "kinetic"],
            format!("{p}.capabilities.kinetic"),
        );
        let d = &a.defense;
        c.probability(
            d.email_screening,
            &[&id_anchor, "email_screening"],
            format!("{p}.defense.email_screening"),
        );
        c.probability(
            d.attribution_per_day,
            &[&id_anchor, "attribution_per_day"],
            format!("{p}.defense.attribution_per_day"),
        );
        c.probability(
            d.eviction_per_day,
            &[&id_anchor, "eviction_per_day"],
            format!("{p}.defense.eviction_per_day"),
        );
        c.non_negative(
            d.intelligence_gathering,
            &[&id_anchor, "intelligence_gathering"],
            format!("{p}.defense.intelligence_gathering"),
            "times the base rate",
        );
        let dp = &a.decision;
        for (name, hours) in [
            ("assess_hours", dp.assess_hours),
            ("deliberate_hours", dp.deliberate_hours),
            ("decide_hours", dp.decide_hours),
            ("act_hours", dp.act_hours),
        ]
        .into_iter()
        .chain(dp.windows.all())
        {
            let path = if name.ends_with("_hours") {
                format!("{p}.decision.{name}")
            } else {
                format!("{p}.decision.windows.{name}")
            };
            c.non_negative(hours, &[&id_anchor, "decision", name], path, "hours");
        }
        if let Some(ds) = &dp.domestic_steps {
            for (name, hours) in [
                ("nsc_hours", ds.nsc_hours),
                ("cabinet_hours", ds.cabinet_hours),
                ("diet_hours", ds.diet_hours),
                ("order_hours", ds.order_hours),
                ("commission_hours", ds.commission_hours),
                ("foreign_minister_hours", ds.foreign_minister_hours),
                ("prime_minister_order_hours", ds.prime_minister_order_hours),
                (
                    "alliance_consultation_hours",
                    ds.alliance_consultation_hours,
                ),
            ] {
                c.non_negative(
                    hours,
                    &[&id_anchor, "domestic_steps", name],
                    format!("{p}.decision.domestic_steps.{name}"),
                    "hours",
                );
            }
        }
        if let Some(h) = a.tension_from_hour {
            c.non_negative(
                h,
                &[&id_anchor, "tension_from_hour"],
                format!("{p}.tension_from_hour"),
                "hours",
            );
        }
        if let Some(st) = &a.stocks {
            for (name, days) in [
                ("oil_days", st.oil_days),
                ("lng_days", st.lng_days),
                ("release_after_days", st.release_after_days),
            ] {
                c.non_negative(
                    days,
                    &[&id_anchor, "stocks", name],
                    format!("{p}.stocks.{name}"),
                    "days",
                );
            }
        }
        if let Some(gdp) = a.gdp_usd {
            if gdp.is_finite() && gdp > 0.0 && gdp < MIN_GDP_USD {
                c.report(
                    &[&id_anchor, "gdp_usd"],
                    format!("{p}.gdp_usd"),
                    format!(
                        "{} is not allowed: expected a GDP from {MIN_GDP_USD:e} to {MAX_FIGURE:e} USD",
                        show(gdp)
                    ),
                    None,
                );
            } else {
                c.positive(gdp, &[&id_anchor, "gdp_usd"], format!("{p}.gdp_usd"), "USD");
            }
        }
        if d.staff_per_incident == 0 {
            c.report(
                &[&id_anchor, "staff_per_incident"],
                format!("{p}.defense.staff_per_incident"),
                "0 is not allowed: expected at least 1 staff per incident".into(),
                None,
            );
        }
        match (&a.council, a.kind) {
            (Some(council), ActorKind::SecurityCouncil) => {
                councils += 1;
                for m in &council.permanent_members {
                    c.reference(
                        m,
                        actor_ids(s),
                        "actor",
                        &[&id_anchor, "permanent_members", m],
                        format!("{p}.council.permanent_members"),
                    );
                }
                c.probability(
                    council.action_per_day,
                    &[&id_anchor, "action_per_day"],
                    format!("{p}.council.action_per_day"),
                );
            }
            (None, ActorKind::SecurityCouncil) => councils += 1,
            (Some(_), _) => c.report(
                &[&id_anchor, "council"],
                format!("{p}.council"),
                "`council` is only for an actor of kind `SecurityCouncil`".into(),
                None,
            ),
            (None, _) => {}
        }
    }
    if councils > 1 {
        c.report(
            &["SecurityCouncil", "SecurityCouncil"],
            "actors".into(),
            "more than one Security Council".into(),
            None,
        );
    }
}

fn is_state(s: &Scenario, id: &str) -> bool {
    s.actors
        .iter()
        .any(|a| a.id == id && a.kind == ActorKind::State)
}

/// Whether `id` names a written node or one a generator makes (`{prefix}-{i}`, `i < count`).
fn node_exists(s: &Scenario, written: &BTreeSet<&str>, id: &str) -> bool {
    written.contains(id)
        || s.generators.iter().any(|g| {
            id.strip_prefix(g.prefix.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .and_then(|n| n.parse::<u32>().ok())
                .is_some_and(|n| n < g.count && id == format!("{}-{n}", g.prefix))
        })
}

fn check_nodes(c: &mut Checker, s: &Scenario) {
    let mut written = BTreeSet::new();
    let mut total: u64 = 0;
    for (i, n) in s.nodes.iter().enumerate() {
        let id_anchor = format!("id:{}", n.id);
        let p = format!("nodes[{i}] `{}`", n.id);
        if n.id.is_empty() {
            c.report(&["nodes"], p.clone(), "empty id".into(), None);
        } else if !written.insert(n.id.as_str()) {
            c.report(
                &[&id_anchor, &id_anchor],
                p.clone(),
                format!("duplicate node id `{}`", n.id),
                Some("every id must be unique".into()),
            );
        }
        check_owner(c, s, &n.owner, &[&id_anchor, "owner"], format!("{p}.owner"));
        if n.population > LIMITS.max_population {
            c.report(
                &[&id_anchor, "population"],
                format!("{p}.population"),
                format!(
                    "{} is over the limit of {}",
                    n.population, LIMITS.max_population
                ),
                None,
            );
        }
        c.probability(
            n.criticality,
            &[&id_anchor, "criticality"],
            format!("{p}.criticality"),
        );
        c.probability(n.posture, &[&id_anchor, "posture"], format!("{p}.posture"));
        check_recovery(
            c,
            n.recovery_per_hour,
            &[&id_anchor, "recovery_per_hour"],
            format!("{p}.recovery_per_hour"),
        );
        c.non_negative(
            n.replacement_cost_usd,
            &[&id_anchor, "replacement_cost_usd"],
            format!("{p}.replacement_cost_usd"),
            "USD",
        );
        total += 1;
    }
    let mut prefixes = BTreeSet::new();
    let mut generated_edges: u64 = 0;
    for (i, g) in s.generators.iter().enumerate() {
        let id_anchor = format!("id:{}", g.prefix);
        let p = format!("generators[{i}] `{}`", g.prefix);
        if !is_safe_name(&g.prefix) {
            c.report(
                &[&id_anchor],
                format!("{p}.prefix"),
                format!(
                    "`{}` cannot be used as a prefix: expected letters, digits, `-`, `_` or `.`",
                    g.prefix
                ),
                None,
            );
        } else if !prefixes.insert(g.prefix.as_str()) {
            c.report(
                &[&id_anchor, &id_anchor],
                p.clone(),
                format!("duplicate generator prefix `{}`", g.prefix),
                None,
            );
        }
        if let Some(clash) = written.iter().find(|id| {
            id.strip_prefix(g.prefix.as_str())
                .is_some_and(|r| r.starts_with('-') && r[1..].parse::<u32>().is_ok())
        }) {
            c.report(
                &[&id_anchor],
                p.clone(),
                format!(
                    "generated ids `{}-N` would clash with node `{clash}`",
                    g.prefix
                ),
                Some("choose another prefix".into()),
            );
        }
        check_owner(c, s, &g.owner, &[&id_anchor, "owner"], format!("{p}.owner"));
        if g.count == 0 {
            c.report(
                &[&id_anchor, "count"],
                format!("{p}.count"),
                "0 nodes: expected at least 1".into(),
                None,
            );
        }
        if g.regions.is_empty() || g.regions.iter().any(String::is_empty) {
            c.report(
                &[&id_anchor, "regions"],
                format!("{p}.regions"),
                "expected at least one non-empty region name".into(),
                None,
            );
        }
        let (lo, hi) = g.population;
        if lo == 0 || lo > hi || hi > LIMITS.max_population {
            c.report(&[&id_anchor, "population"], format!("{p}.population"), format!("({lo}, {hi}) is not a population range: expected (min, max) with 1 <= min <= max <= {}", LIMITS.max_population), None);
        }
        c.probability(
            g.criticality,
            &[&id_anchor, "criticality"],
            format!("{p}.criticality"),
        );
        c.probability(g.posture, &[&id_anchor, "posture"], format!("{p}.posture"));
        check_recovery(
            c,
            g.recovery_per_hour,
            &[&id_anchor, "recovery_per_hour"],
            format!("{p}.recovery_per_hour"),
        );
        c.non_negative(
            g.replacement_cost_usd,
            &[&id_anchor, "replacement_cost_usd"],
            format!("{p}.replacement_cost_usd"),
            "USD",
        );
        for (j, d) in g.depends_on.iter().enumerate() {
            let dp = format!("{p}.depends_on[{j}]");
            if d.per_node == 0 || d.per_node > 64 {
                c.report(
                    &[&id_anchor, "per_node"],
                    format!("{dp}.per_node"),
                    format!(
                        "{} is not allowed: expected 1 to 64 providers per node",
                        d.per_node
                    ),
                    None,
                );
            }
            c.probability(
                d.strength,
                &[&id_anchor, "strength"],
                format!("{dp}.strength"),
            );
            generated_edges += u64::from(g.count) * u64::from(d.per_node);
        }
        total += u64::from(g.count);
    }
    if total > LIMITS.max_nodes {
        c.report(
            &["generators"],
            "generators".into(),
            format!("{total} nodes is over the limit of {}", LIMITS.max_nodes),
            Some("reduce `count`".into()),
        );
    }
    if generated_edges + s.dependencies.len() as u64 > LIMITS.max_dependencies {
        c.report(
            &["generators"],
            "generators".into(),
            format!(
                "{} dependencies is over the limit of {}",
                generated_edges + s.dependencies.len() as u64,
                LIMITS.max_dependencies
            ),
            Some("reduce `count` or `per_node`".into()),
        );
    }
    if total == 0 {
        c.report(
            &["nodes"],
            "nodes".into(),
            "no infrastructure: expected at least one node or generator".into(),
            None,
        );
    }
    let known = || s.nodes.iter().map(|n| n.id.as_str());
    for (i, d) in s.dependencies.iter().enumerate() {
        let p = format!("dependencies[{i}]");
        for (field, id) in [("from", &d.from), ("on", &d.on)] {
            if !node_exists(s, &written, id) {
                let help = if c.listing() {
                    did_you_mean(id, known())
                } else {
                    None
                };
                c.report(
                    &[
                        "dependencies",
                        &format!("\"{}\"", d.from),
                        &format!("\"{id}\""),
                    ],
                    format!("{p}.{field}"),
                    format!("unknown node `{id}`"),
                    help,
                );
            }
        }
        if d.from == d.on {
            c.report(
                &["dependencies", &format!("\"{}\"", d.from)],
                p.clone(),
                format!("node `{}` cannot depend on itself", d.from),
                None,
            );
        }
        c.probability(
            d.strength,
            &["dependencies", &format!("\"{}\"", d.from), "strength"],
            format!("{p}.strength"),
        );
    }
}

fn check_owner(c: &mut Checker, s: &Scenario, owner: &str, anchors: &[&str], path: String) {
    if c.reference(owner, actor_ids(s), "actor", anchors, path.clone()) && !is_state(s, owner) {
        c.report(
            anchors,
            path,
            format!("`{owner}` is not a State: infrastructure belongs to a State"),
            None,
        );
    }
}

fn check_recovery(c: &mut Checker, v: f64, anchors: &[&str], path: String) {
    if !(v.is_finite() && v > 0.0 && v <= 1.0) {
        c.report(
            anchors,
            path,
            format!(
                "{v} is not allowed: expected a fraction of capacity per hour above 0 and at most 1"
            ),
            None,
        );
    }
}

fn check_phase(c: &mut Checker, ph: &Phase, anchors: &[&str], p: String) {
    let with = |field: &'static str| {
        let mut a: Vec<&str> = anchors.to_vec();
        a.push(field);
        a
    };
    c.positive(
        ph.duration_hours,
        &with("duration_hours"),
        format!("{p}.duration_hours"),
        "hours",
    );
    c.probability(ph.success, &with("success"), format!("{p}.success"));
    c.probability(
        ph.detection_per_hour,
        &with("detection_per_hour"),
        format!("{p}.detection_per_hour"),
    );
}

fn check_campaigns(c: &mut Checker, s: &Scenario) {
    if s.campaigns.len() > LIMITS.max_campaigns {
        c.report(
            &["campaigns"],
            "campaigns".into(),
            format!(
                "{} campaigns is over the limit of {}",
                s.campaigns.len(),
                LIMITS.max_campaigns
            ),
            None,
        );
    }
    let written: BTreeSet<&str> = s.nodes.iter().map(|n| n.id.as_str()).collect();
    let regions: BTreeSet<&str> = s
        .nodes
        .iter()
        .map(|n| n.region.as_str())
        .chain(
            s.generators
                .iter()
                .flat_map(|g| g.regions.iter().map(String::as_str)),
        )
        .collect();
    let mut seen = BTreeSet::new();
    for (i, k) in s.campaigns.iter().enumerate() {
        let id_anchor = format!("id:{}", k.id);
        let ia = id_anchor.as_str();
        let p = format!("campaigns[{i}] `{}`", k.id);
        if k.id.is_empty() {
            c.report(&["campaigns"], p.clone(), "empty id".into(), None);
        } else if !seen.insert(k.id.as_str()) {
            c.report(
                &[ia, ia],
                p.clone(),
                format!("duplicate campaign id `{}`", k.id),
                Some("every id must be unique".into()),
            );
        }
        c.reference(
            &k.operator,
            actor_ids(s),
            "actor",
            &[ia, "operator"],
            format!("{p}.operator"),
        );
        match (&k.sponsor, k.basis) {
            (Some(_), AttributionBasis::Independent) => c.report(
                &[ia, "sponsor"],
                format!("{p}.sponsor"),
                "an independent group's conduct is attributable to no State, so it has no sponsor"
                    .into(),
                Some("remove `sponsor`, or set `basis` to `StateDirected`".into()),
            ),
            (Some(sp), _) => {
                if c.reference(
                    sp,
                    actor_ids(s),
                    "actor",
                    &[ia, "sponsor"],
                    format!("{p}.sponsor"),
                ) && !is_state(s, sp)
                {
                    c.report(
                        &[ia, "sponsor"],
                        format!("{p}.sponsor"),
                        format!("`{sp}` is not a State: a sponsor must be a State"),
                        None,
                    );
                }
            }
            (None, AttributionBasis::Independent) => {}
            (None, basis) => {
                if !is_state(s, &k.operator) && actor_ids(s).any(|a| a == k.operator) {
                    c.report(&[ia, "operator"], format!("{p}.sponsor"), format!("the operator `{}` is not a State, so basis `{basis}` needs a `sponsor`", k.operator), Some("name the sponsoring State, or set `basis` to `Independent`".into()));
                }
            }
        }
        if let Some(ff) = &k.false_flag
            && c.reference(
                ff,
                actor_ids(s),
                "actor",
                &[ia, "false_flag"],
                format!("{p}.false_flag"),
            )
            && Some(ff) == k.sponsor.as_ref()
        {
            c.report(
                &[ia, "false_flag"],
                format!("{p}.false_flag"),
                "a false flag must point at someone other than the sponsor".into(),
                None,
            );
        }
        if let Some(h) = &k.staged_through
            && c.reference(
                h,
                actor_ids(s),
                "actor",
                &[ia, "staged_through"],
                format!("{p}.staged_through"),
            )
        {
            if !is_state(s, h) {
                c.report(
                    &[ia, "staged_through"],
                    format!("{p}.staged_through"),
                    format!("`{h}` is not a State: operations are staged through a State's territory or infrastructure"),
                    None,
                );
            } else if Some(h) == k.sponsor.as_ref() || *h == k.operator {
                c.report(
                    &[ia, "staged_through"],
                    format!("{p}.staged_through"),
                    format!("`{h}` is the campaign's own operator or sponsor, not a third State"),
                    Some("name the third State whose infrastructure is used, or remove `staged_through`".into()),
                );
            }
        }
        if k.targets.is_empty() {
            c.report(
                &[ia, "targets"],
                format!("{p}.targets"),
                "no targets: expected at least one".into(),
                None,
            );
        }
        for (j, t) in k.targets.iter().enumerate() {
            let tp = format!("{p}.targets[{j}]");
            match t {
                Target::Node(id) => {
                    if !node_exists(s, &written, id) {
                        let help = if c.listing() {
                            did_you_mean(id, written.iter().copied())
                        } else {
                            None
                        };
                        c.report(
                            &[ia, "targets", &format!("\"{id}\"")],
                            tp,
                            format!("unknown node `{id}`"),
                            help,
                        );
                    }
                }
                Target::Select {
                    owner,
                    region,
                    limit,
                    ..
                } => {
                    if let Some(o) = owner {
                        c.reference(
                            o,
                            actor_ids(s),
                            "actor",
                            &[ia, "targets", "owner"],
                            format!("{tp}.owner"),
                        );
                    }
                    if let Some(r) = region {
                        c.reference(
                            r,
                            regions.iter().copied(),
                            "region",
                            &[ia, "targets", "region"],
                            format!("{tp}.region"),
                        );
                    }
                    if *limit == Some(0) {
                        c.report(
                            &[ia, "targets", "limit"],
                            format!("{tp}.limit"),
                            "a limit of 0 selects nothing: expected at least 1".into(),
                            None,
                        );
                    }
                }
            }
        }
        c.non_negative(
            k.start_hour,
            &[ia, "start_hour"],
            format!("{p}.start_hour"),
            "hours",
        );
        check_phase(
            c,
            &k.phases.reconnaissance,
            &[ia, "reconnaissance"],
            format!("{p}.phases.reconnaissance"),
        );
        check_phase(
            c,
            &k.phases.initial_access,
            &[ia, "initial_access"],
            format!("{p}.phases.initial_access"),
        );
        check_phase(
            c,
            &k.phases.persistence,
            &[ia, "persistence"],
            format!("{p}.phases.persistence"),
        );
        if k.waves.is_empty() {
            c.report(
                &[ia, "waves"],
                format!("{p}.waves"),
                "no waves: expected at least one effect wave".into(),
                None,
            );
        }
        if k.waves.len() > LIMITS.max_waves {
            c.report(
                &[ia, "waves"],
                format!("{p}.waves"),
                format!(
                    "{} waves is over the limit of {}",
                    k.waves.len(),
                    LIMITS.max_waves
                ),
                None,
            );
        }
        for (j, w) in k.waves.iter().enumerate() {
            let wp = format!("{p}.waves[{j}]");
            c.non_negative(
                w.start_hour,
                &[ia, "waves", "start_hour"],
                format!("{wp}.start_hour"),
                "hours",
            );
            c.probability(
                w.intensity,
                &[ia, "waves", "intensity"],
                format!("{wp}.intensity"),
            );
            c.positive(
                w.duration_hours,
                &[ia, "waves", "duration_hours"],
                format!("{wp}.duration_hours"),
                "hours",
            );
        }
        c.probability(k.stealth, &[ia, "stealth"], format!("{p}.stealth"));
        if k.attempts == 0 || k.attempts > 1000 {
            c.report(
                &[ia, "attempts"],
                format!("{p}.attempts"),
                format!("{} is not allowed: expected 1 to 1000 attempts", k.attempts),
                None,
            );
        }
    }
}

/// The infrastructure and harm model's fields: hazard rates, populations, buffers, direct
/// casualties, grids.
/// The owners of the nodes a campaign may attack, as written (generated nodes by their
/// generator's owner).
fn campaign_owners<'s>(s: &'s Scenario, k: &super::Campaign) -> BTreeSet<&'s str> {
    let mut out = BTreeSet::new();
    for t in &k.targets {
        match t {
            Target::Node(id) => {
                if let Some(n) = s.nodes.iter().find(|n| n.id == *id) {
                    out.insert(n.owner.as_str());
                }
                for g in &s.generators {
                    if id
                        .strip_prefix(g.prefix.as_str())
                        .and_then(|r| r.strip_prefix('-'))
                        .is_some_and(|r| r.parse::<u32>().is_ok())
                    {
                        out.insert(g.owner.as_str());
                    }
                }
            }
            Target::Select {
                sector,
                region,
                owner,
                ..
            } => {
                if let Some(o) = owner
                    && let Some(a) = s.actors.iter().find(|a| a.id == *o)
                {
                    out.insert(a.id.as_str());
                    continue;
                }
                for n in &s.nodes {
                    if sector.is_none_or(|x| x == n.sector)
                        && region.as_ref().is_none_or(|r| *r == n.region)
                    {
                        out.insert(n.owner.as_str());
                    }
                }
                for g in &s.generators {
                    if sector.is_none_or(|x| x == g.sector)
                        && region.as_ref().is_none_or(|r| g.regions.contains(r))
                    {
                        out.insert(g.owner.as_str());
                    }
                }
            }
        }
    }
    out
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The injects (`injects`): names of actors and campaigns, figures, hours within the run.
fn check_injects(c: &mut Checker, s: &Scenario) {
    use super::Inject;
    let states = || {
        s.actors
            .iter()
            .filter(|a| a.kind == ActorKind::State)
            .map(|a| a.id.as_str())
    };
    let campaigns = || s.campaigns.iter().map(|k| k.id.as_str());
    for (i, x) in s.injects.iter().enumerate() {
        let p = format!("injects[{i}]");
        // Anchors: the list, then the i-th `at_hour` (one per inject), then the field.
        let mut base: Vec<String> = vec!["injects".into()];
        base.extend(std::iter::repeat_n("at_hour".to_string(), i + 1));
        let at = |extra: &str| {
            let mut v = base.clone();
            v.push(extra.to_string());
            v
        };
        let here = at("at_hour");
        c.non_negative(x.at_hour, &refs(&here), format!("{p}.at_hour"), "hours");
        if x.at_hour.is_finite() && x.at_hour >= s.duration_hours && s.duration_hours > 0.0 {
            c.report(
                &refs(&here),
                format!("{p}.at_hour"),
                format!(
                    "hour {} is not before the end of the run ({} hours)",
                    x.at_hour, s.duration_hours
                ),
                None,
            );
        }
        let quoted = |id: &str| format!("\"{id}\"");
        let inject = format!("{p}.inject");
        match &x.inject {
            Inject::CampaignWave {
                campaign,
                intensity,
                duration_hours,
                ..
            } => {
                c.reference(
                    campaign,
                    campaigns(),
                    "campaign",
                    &refs(&at(&quoted(campaign))),
                    format!("{inject}.campaign"),
                );
                c.probability(
                    *intensity,
                    &refs(&at("intensity")),
                    format!("{inject}.intensity"),
                );
                c.positive(
                    *duration_hours,
                    &refs(&at("duration_hours")),
                    format!("{inject}.duration_hours"),
                    "hours",
                );
            }
            Inject::IntelligenceReport {
                state,
                campaign,
                author,
                confidence,
            } => {
                let known_state = c.reference(
                    state,
                    states(),
                    "State",
                    &refs(&at(&quoted(state))),
                    format!("{inject}.state"),
                );
                let k = s.campaigns.iter().find(|k| k.id == *campaign);
                c.reference(
                    campaign,
                    campaigns(),
                    "campaign",
                    &refs(&at(&quoted(campaign))),
                    format!("{inject}.campaign"),
                );
                if let Some(a) = author {
                    c.reference(
                        a,
                        actor_ids(s),
                        "actor",
                        &refs(&at(&quoted(a))),
                        format!("{inject}.author"),
                    );
                }
                c.probability(
                    *confidence,
                    &refs(&at("confidence")),
                    format!("{inject}.confidence"),
                );
                if let Some(k) = k
                    && known_state
                    && !campaign_owners(s, k).contains(state.as_str())
                {
                    c.report(
                        &refs(&at(&quoted(campaign))),
                        format!("{inject}.campaign"),
                        format!("campaign `{campaign}` attacks no node of `{state}`"),
                        Some(
                            "a report concerns a campaign against the State's infrastructure"
                                .into(),
                        ),
                    );
                }
            }
            Inject::AllyRequest { state, against } => {
                let a = c.reference(
                    state,
                    states(),
                    "State",
                    &refs(&at(&quoted(state))),
                    format!("{inject}.state"),
                );
                let b = c.reference(
                    against,
                    states(),
                    "State",
                    &refs(&at("against")),
                    format!("{inject}.against"),
                );
                if a && b && state == against {
                    c.report(
                        &refs(&at("against")),
                        format!("{inject}.against"),
                        format!("`{state}` cannot declare itself attacked by itself"),
                        None,
                    );
                } else if a
                    && !s.actors.iter().any(|w| {
                        w.id != *state
                            && w.id != *against
                            && w.kind == ActorKind::State
                            && w.relationships.iter().any(|r| {
                                r.with == *state && r.kind == crate::model::RelationKind::Ally
                            })
                    })
                {
                    c.report(
                        &refs(&at(&quoted(state))),
                        format!("{inject}.state"),
                        format!("`{state}` has no ally to ask for help"),
                        Some("an ally is a State whose `relationships` hold it as `Ally`".into()),
                    );
                }
            }
            Inject::CouncilMeasure { .. } => {}
        }
    }
}

fn check_harm_model(c: &mut Checker, s: &Scenario) {
    let h = &s.harm.hazard;
    for (name, (lo, mid, hi)) in [
        ("accidental_deaths", h.accidental_deaths),
        ("disease_deaths", h.disease_deaths),
        ("device_deaths", h.device_deaths),
        ("device_injuries", h.device_injuries),
    ] {
        if !(lo.is_finite()
            && mid.is_finite()
            && hi.is_finite()
            && 0.0 <= lo
            && lo <= mid
            && mid <= hi)
        {
            c.report(
                &["hazard", name],
                format!("harm.hazard.{name}"),
                format!("({lo}, {mid}, {hi}) is not an interval of rates: expected (low, central, high) with 0 <= low <= central <= high"),
                None,
            );
        }
    }
    for (name, v, unit) in [
        ("thermal_stress", h.thermal_stress, "times the reference"),
        (
            "injuries_per_death",
            h.injuries_per_death,
            "injuries per death",
        ),
        ("device_hours", h.device_hours, "hours"),
    ] {
        c.non_negative(v, &["hazard", name], format!("harm.hazard.{name}"), unit);
    }
    c.positive(
        h.ramp_hours,
        &["hazard", "ramp_hours"],
        "harm.hazard.ramp_hours".into(),
        "hours",
    );
    c.probability(
        h.device_share,
        &["hazard", "device_share"],
        "harm.hazard.device_share".into(),
    );
    for (i, a) in s.actors.iter().enumerate() {
        if a.population == Some(0) {
            c.report(
                &[&format!("id:{}", a.id), "population"],
                format!("actors[{i}] `{}`.population", a.id),
                "0 people: expected at least 1".into(),
                Some("leave it out to count the people of the State's service areas".into()),
            );
        }
    }
    let backups = s
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("nodes[{i}] `{}`", n.id),
                format!("id:{}", n.id),
                n.backup.as_ref(),
            )
        })
        .chain(s.generators.iter().enumerate().map(|(i, g)| {
            (
                format!("generators[{i}] `{}`", g.prefix),
                format!("id:{}", g.prefix),
                g.backup.as_ref(),
            )
        }));
    for (p, anchor, b) in backups {
        let Some(b) = b else { continue };
        c.non_negative(
            b.hours,
            &[&anchor, "backup", "hours"],
            format!("{p}.backup.hours"),
            "hours",
        );
        c.positive(
            b.refill_hours,
            &[&anchor, "backup", "refill_hours"],
            format!("{p}.backup.refill_hours"),
            "hours",
        );
    }
    for (i, n) in s.nodes.iter().enumerate() {
        let p = format!("nodes[{i}] `{}`", n.id);
        let anchor = format!("id:{}", n.id);
        for (name, v, unit) in [
            ("capacity_mw", n.capacity_mw, "MW"),
            (
                "direct_deaths",
                n.direct_deaths,
                "deaths per unit of intensity",
            ),
            (
                "direct_injuries",
                n.direct_injuries,
                "injuries per unit of intensity",
            ),
        ] {
            c.non_negative(v, &[&anchor, name], format!("{p}.{name}"), unit);
        }
    }
    let mut seen = BTreeSet::new();
    for (i, g) in s.grids.iter().enumerate() {
        let p = format!("grids[{i}]");
        check_owner(c, s, &g.owner, &["grids", "owner"], format!("{p}.owner"));
        if !seen.insert((g.owner.as_str(), g.region.as_str())) {
            c.report(
                &["grids", &format!("\"{}\"", g.region)],
                format!("{p}.region"),
                format!("grid `{}` of `{}` is given twice", g.region, g.owner),
                None,
            );
        }
        let has_station = s.nodes.iter().any(|n| {
            n.owner == g.owner
                && n.region == g.region
                && n.sector == crate::model::Sector::ElectricPower
                && n.capacity_mw > 0.0
        });
        if !has_station {
            c.report(
                &["grids", &format!("\"{}\"", g.region)],
                format!("{p}.region"),
                format!(
                    "`{}` has no power station in region `{}`",
                    g.owner, g.region
                ),
                Some("give its ElectricPower stations a `capacity_mw`".into()),
            );
        }
        for (name, v) in [
            ("collapse_share", g.collapse_share),
            ("restore_share_per_hour", g.restore_share_per_hour),
        ] {
            if !(v.is_finite() && v > 0.0 && v <= 1.0) {
                c.report(
                    &["grids", name],
                    format!("{p}.{name}"),
                    format!("{v} is not allowed: expected a share above 0 and at most 1"),
                    None,
                );
            }
        }
        c.non_negative(
            g.black_start_hours,
            &["grids", "black_start_hours"],
            format!("{p}.black_start_hours"),
            "hours",
        );
    }
    check_restoration(c, s);
}

/// Spare-part lead times, and the regions' crews.
fn check_restoration(c: &mut Checker, s: &Scenario) {
    for (i, n) in s.nodes.iter().enumerate() {
        c.non_negative(
            n.spare_part_hours,
            &[&format!("id:{}", n.id), "spare_part_hours"],
            format!("nodes[{i}] `{}`.spare_part_hours", n.id),
            "hours",
        );
    }
    for (i, g) in s.generators.iter().enumerate() {
        c.non_negative(
            g.spare_part_hours,
            &[&format!("id:{}", g.prefix), "spare_part_hours"],
            format!("generators[{i}] `{}`.spare_part_hours", g.prefix),
            "hours",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, r) in s.restoration.iter().enumerate() {
        let p = format!("restoration[{i}]");
        let anchor = format!("\"{}\"", r.region);
        check_owner(
            c,
            s,
            &r.owner,
            &["restoration", "owner"],
            format!("{p}.owner"),
        );
        if !seen.insert((r.owner.as_str(), r.region.as_str())) {
            c.report(
                &["restoration", &anchor],
                format!("{p}.region"),
                format!(
                    "restoration of `{}` in `{}` is given twice",
                    r.owner, r.region
                ),
                None,
            );
        }
        let has_node = s
            .nodes
            .iter()
            .any(|n| n.owner == r.owner && n.region == r.region)
            || s.generators
                .iter()
                .any(|g| g.owner == r.owner && g.regions.contains(&r.region));
        if !has_node {
            c.report(
                &["restoration", &anchor],
                format!("{p}.region"),
                format!("`{}` has no node in region `{}`", r.owner, r.region),
                Some("check the region's spelling against the nodes' `region`".into()),
            );
        }
        if r.crews == 0 {
            c.report(
                &["restoration", "crews"],
                format!("{p}.crews"),
                "0 crews: expected at least 1".into(),
                Some("leave the region out to restore every node at once".into()),
            );
        }
        c.probability(
            r.telecom_dependence,
            &["restoration", "telecom_dependence"],
            format!("{p}.telecom_dependence"),
        );
    }
}
