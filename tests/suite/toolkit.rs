//! A public yardstick: hypothetical scenarios of the CCDCOE "International Cyber Law:
//! Interactive Toolkit" (cyberlaw.ccdcoe.org), encoded as incident files under
//! `scenarios/incidents/toolkit/`, and the Toolkit's conclusions on them as a table.
//!
//! Each row is one conclusion of the Toolkit on one question, with its words (a short quote or a
//! paraphrase) and where it stands in the scenario's legal analysis. Rows are judged under the
//! `tallinn` doctrine (the Toolkit follows the Tallinn Manual 2.0 majority) unless the Toolkit
//! itself states a State's position. Where the Toolkit says the question is open, the row expects
//! `contested`; where it presents two outcomes as defensible, the row accepts either.
//!
//! `read` says whether the conclusion was read in the Toolkit's text; `false` marks a conclusion
//! taken from the scenario's analysis as recalled, to be checked against the page. Such a row's
//! paragraph says `(check: ...)` with what of the page was read and what was not.
//!
//! A row with `fails_today` states why the evaluator of today does not reach the Toolkit's
//! conclusion. Such rows are printed, not asserted, and print `NOW PASSES` once the evaluator
//! reaches the Toolkit's conclusion, so that the marker can be removed. Every other row must
//! pass.

use casus::law::{self, Assessment, Doctrines, Facts, Figure, Response, Status, Truth};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The scenarios encoded: file stem, the Toolkit's number and title, the page.
const SCENARIOS: [(&str, &str, &str); 12] = [
    (
        "s01-election-interference",
        "Scenario 01: Election interference",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_01:_Election_interference",
    ),
    (
        "s02-political-espionage",
        "Scenario 02: Cyber espionage against government departments",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_02:_Cyber_espionage_against_government_departments",
    ),
    (
        "s03-power-grid",
        "Scenario 03: Cyber operation against the power grid",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_03:_Cyber_operation_against_the_power_grid",
    ),
    (
        "s05-criminal-investigation",
        "Scenario 05: State investigates and responds to cyber operations against private actors in its territory",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_05:_State_investigates_and_responds_to_cyber_operations_against_private_actors_in_its_territory",
    ),
    (
        "s06-enabling-state",
        "Scenario 06: Cyber countermeasures against an enabling State",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_06:_Cyber_countermeasures_against_an_enabling_State",
    ),
    (
        "s09-economic-espionage",
        "Scenario 09: Economic cyber espionage",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_09:_Economic_cyber_espionage",
    ),
    (
        "s11-surveillance-tools",
        "Scenario 11: Sale of surveillance tools in defiance of international sanctions",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_11:_Sale_of_surveillance_tools_in_defiance_of_international_sanctions",
    ),
    (
        "s12-computer-data",
        "Scenario 12: Cyber operations against computer data",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_12:_Cyber_operations_against_computer_data",
    ),
    (
        "s14-ransomware-campaign",
        "Scenario 14: Ransomware campaign",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_14:_Ransomware_campaign",
    ),
    (
        "s21-misattribution",
        "Scenario 21: Misattribution caused by deception",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_21:_Misattribution_caused_by_deception",
    ),
    (
        "s29-water-infrastructure",
        "Scenario 29: Cyber operations against water and water infrastructure",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_29:_Cyber_operations_against_water_and_water_infrastructure",
    ),
    (
        "s32-crime-of-aggression",
        "Scenario 32: Crime of aggression",
        "https://cyberlaw.ccdcoe.org/wiki/Scenario_32:_Crime_of_aggression",
    ),
];

/// What a row asks of the assessment.
#[derive(Clone, Copy, Debug)]
enum Ask {
    /// A threshold: `sovereignty_violation`, `intervention`, `use_of_force`, `armed_attack`.
    Threshold(&'static str),
    /// A response on the ladder.
    Respond(Response),
    /// A finding by test name (absent: the evaluator does not make that finding).
    Finding(&'static str),
}

/// One conclusion of the Toolkit.
struct Row {
    /// File stem under `scenarios/incidents/toolkit/`.
    file: &'static str,
    /// Doctrine the row is judged under.
    doctrine: &'static str,
    /// The question.
    ask: Ask,
    /// The outcomes the Toolkit's conclusion allows.
    expect: &'static [Status],
    /// The Toolkit's words: a short quote (in quotation marks) or a paraphrase.
    toolkit: &'static str,
    /// Where it stands in the scenario's page.
    paragraph: &'static str,
    /// Whether the conclusion was read in the Toolkit's text (false: recalled, to check; the
    /// paragraph then says `(check: ...)`).
    read: bool,
    /// Why today's evaluator does not reach it, for rows that fail today.
    fails_today: Option<&'static str>,
}

use Ask::{Finding, Respond, Threshold};
use Status::{Contested, Met, NotMet, Unknown};

const ROWS: &[Row] = &[
    // ---- Scenario 01: Election interference ----
    Row {
        file: "s01-election-interference",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Met],
        toolkit: "operations interfering with the administration of the elections, an inherently governmental function, violate State A's sovereignty",
        paragraph: "Legal analysis, Sovereignty (check: the page's summary and facts [F1]-[F2] were read, the analysis of sovereignty was not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s01-election-interference",
        doctrine: "tallinn",
        ask: Threshold("intervention"),
        expect: &[Met, Contested],
        toolkit: "elections lie at the core of the domaine réservé; whether the operations were coercive decides, and interference with the elections' administration and results can be, while views on influence operations diverge",
        paragraph: "Legal analysis, Prohibition of intervention (check: not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 02: Cyber espionage against government departments ----
    Row {
        file: "s02-political-espionage",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Contested, Unknown],
        toolkit: "\"Whether State A's sovereignty was violated in incidents 1-3 depends on whether the espionage operation was fully conducted from outside of State A's territory, or whether a part of it was conducted by operators physically located in State A's territory.\"",
        paragraph: "Legal analysis, Sovereignty",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s02-political-espionage",
        doctrine: "tallinn",
        ask: Threshold("intervention"),
        expect: &[NotMet],
        toolkit: "the espionage operation, even with the data later published, lacks the coercion the prohibition of intervention requires",
        paragraph: "Legal analysis, Prohibition of intervention (check: the page's summary, read in an earlier revision's diff, says the analysis considers sovereignty, intervention and diplomatic and consular law; the conclusion on intervention was not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 03: Cyber operation against the power grid ----
    Row {
        file: "s03-power-grid",
        doctrine: "tallinn",
        ask: Finding("state_attribution"),
        expect: &[Met],
        toolkit: "\"Intelligence services undoubtedly form part of the executive power and their conduct is thus attributable to the relevant State under Article 4.\"",
        paragraph: "Legal analysis, introduction",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s03-power-grid",
        doctrine: "tallinn",
        ask: Threshold("use_of_force"),
        expect: &[NotMet, Contested],
        toolkit: "no physical damage or injury (\"significant inconvenience to many households ... as well as some economic damage\"); \"it is doubtful whether such interference would amount to 'use of force' under contemporary international law\": not excluded, and leaning against",
        paragraph: "Legal analysis, Use of force (read in the revision that integrated the peer review, cyberlaw.ccdcoe.org/wiki/Special:MobileDiff/1227: it replaced \"the law is unsettled in this regard and a clear conclusion cannot be made at present\" (MobileDiff/812, 1156) with the words quoted; the later revisions (check: the use-of-force paragraph of MobileDiff/2381 not read))",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s03-power-grid",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Met, Contested],
        toolkit: "\"For some, emphasis should be placed on the fact that the operation caused significant inconvenience for the population and necessitated a degree of government response ... operations of this kind qualify as infringing on the sovereignty of the affected State\"",
        paragraph: "[L10]",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s03-power-grid",
        doctrine: "tallinn",
        ask: Threshold("intervention"),
        expect: &[Unknown],
        toolkit: "\"It is unclear whether State B's act had a bearing on State A's domaine réservé\"; as for coercion, \"it depends, as above, on the purpose of the operation\"",
        paragraph: "Legal analysis, Prohibition of intervention",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s03-power-grid",
        doctrine: "uk",
        ask: Threshold("sovereignty_violation"),
        expect: &[NotMet],
        toolkit: "the checklist asks \"What is the position of the client on whether sovereignty is a standalone primary rule of international law?\": for a client holding that it is not (the United Kingdom, Wright 2018), the operation breaches no rule of sovereignty",
        paragraph: "Checklist (cyberlaw.ccdcoe.org/wiki/Special:MobileDiff/644, read); its application to the United Kingdom follows from the question",
        read: true,
        fails_today: None,
    },
    // ---- Scenario 05: criminal investigation, incident 3 ----
    Row {
        file: "s05-criminal-investigation",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Contested],
        toolkit: "\"There are two possible views\": the remote access, \"merely ... non-invasive collection of information\", did not as such interfere with State B's governmental functions; or, mounted to collect evidence for criminal proceedings without the territorial State's consent, it was a non-consensual exercise of law enforcement functions there and violated its sovereignty",
        paragraph: "[L21]",
        read: true,
        fails_today: None,
    },
    // ---- Scenario 06: Cyber countermeasures against an enabling State ----
    Row {
        file: "s06-enabling-state",
        doctrine: "tallinn",
        ask: Finding("state_attribution"),
        expect: &[NotMet],
        toolkit: "the operation emanating from State A's territory is not attributable to State A; State A's responsibility can arise only from its due diligence obligation",
        paragraph: "Legal analysis, Attribution; Due diligence (check: the summary was read in a revision's edit view: a State with \"highly developed cyber capabilities repeatedly fails to assist other States in countering cyber attacks emanating from its territory\" and the scenario considers \"the international obligation of due diligence\"; the attribution paragraph was not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s06-enabling-state",
        doctrine: "tallinn",
        ask: Respond(Response::Countermeasures),
        expect: &[Met, Contested],
        toolkit: "the Toolkit \"proceeds on the basis that as a matter of lex lata, due diligence constitutes a general international obligation for every State not to knowingly allow its territory to be used for internationally wrongful acts using cyber means\" (article Due diligence); a State injured by its breach may take countermeasures against the territorial State, within the usual conditions",
        paragraph: "Toolkit article Due diligence, read; the summary says the scenario considers \"the ability of States to take countermeasures in response to violations of that obligation\"; Legal analysis, Countermeasures (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s06-enabling-state",
        doctrine: "tallinn",
        ask: Finding("host_state_due_diligence"),
        expect: &[Met],
        toolkit: "State A, which knew of the activity (it ignored requests for assistance), could act (advanced capabilities) and did not, breached its due diligence obligation, an obligation the Toolkit takes as lex lata (article Due diligence)",
        paragraph: "Toolkit article Due diligence, read; summary read in a revision's edit view; Legal analysis, Due diligence (check: the conclusion was not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 09: Economic cyber espionage ----
    Row {
        file: "s09-economic-espionage",
        doctrine: "tallinn",
        ask: Finding("state_attribution"),
        expect: &[Met],
        toolkit: "the conduct of a military unit of State B's armed forces and of its diplomat acting under its authorisation is attributable to State B (ARSIWA art. 4)",
        paragraph: "Legal analysis, Attribution (check: Scenario 09's page was not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s09-economic-espionage",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Met],
        toolkit: "with a State B agent taking part from inside State A's territory, the espionage operation violates State A's sovereignty",
        paragraph: "Legal analysis, Sovereignty (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s09-economic-espionage",
        doctrine: "tallinn",
        ask: Threshold("intervention"),
        expect: &[NotMet],
        toolkit: "economic espionage obtains information and compels nothing: no prohibited intervention",
        paragraph: "Legal analysis, Prohibition of intervention (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s09-economic-espionage",
        doctrine: "tallinn",
        ask: Respond(Response::Retorsion),
        expect: &[Met],
        toolkit: "declaring State B's diplomats personae non gratae is lawful (retorsion; Vienna Convention on Diplomatic Relations art. 9)",
        paragraph: "Legal analysis, Persona non grata (check: not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 11: Sale of surveillance tools, incident 2 ----
    Row {
        file: "s11-surveillance-tools",
        doctrine: "tallinn",
        ask: Threshold("sovereignty_violation"),
        expect: &[Contested],
        toolkit: "whether State B's remote surveillance of persons abroad violates the sovereignty of the States where they are is unsettled, as for cyber espionage generally",
        paragraph: "Legal analysis, Sovereignty (check: Scenario 11's page was not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 12: Cyber operations against computer data, incident 2 ----
    Row {
        file: "s12-computer-data",
        doctrine: "tallinn",
        ask: Finding("law_of_armed_conflict"),
        expect: &[Met],
        toolkit: "the operations are conducted in a non-international armed conflict: the law of armed conflict governs them",
        paragraph: "Executive summary; Facts [F1]",
        read: true,
        fails_today: None,
    },
    Row {
        file: "s12-computer-data",
        doctrine: "tallinn",
        ask: Finding("hostile_distinction"),
        expect: &[Contested],
        toolkit: "whether deleting civilian data is an attack on a civilian object turns on whether data qualifies as an \"object\"; views are divided. On incident 3 the Toolkit ([L8], read) calls deleting all of a press agency's data \"a case of unlawful targeting of a protected civilian object\", which suggests its analysis treats such data as an object: if [L5]-[L7] conclude likewise for incident 2, this row should expect not_met (an unlawful attack)",
        paragraph: "Executive summary (read: the analysis \"particularly focusses on the question whether data qualifies as an object\"); [L8] on incident 3, read; the paragraphs on incident 2 (check: not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 14: Ransomware campaign ----
    Row {
        file: "s14-ransomware-campaign",
        doctrine: "tallinn",
        ask: Finding("state_attribution"),
        expect: &[NotMet],
        toolkit: "the campaign of a non-State group is not attributable to State B on the facts",
        paragraph: "Legal analysis, Attribution (check: the summary, read in the Toolkit's announcement as reproduced by complexdiscovery.com, says the scenario \"first considers whether the campaign is a breach of an international obligation attributable to a State\"; its conclusion was not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s14-ransomware-campaign",
        doctrine: "tallinn",
        ask: Threshold("use_of_force"),
        expect: &[NotMet],
        toolkit: "the ransomware campaign, disruptive but without physical destruction or injury, does not reach the use-of-force threshold",
        paragraph: "Legal analysis, Use of force (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s14-ransomware-campaign",
        doctrine: "tallinn",
        ask: Respond(Response::SelfDefense),
        expect: &[NotMet],
        toolkit: "no armed attack: self-defence is not available to State A",
        paragraph: "Legal analysis, Self-defence (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s14-ransomware-campaign",
        doctrine: "tallinn",
        ask: Respond(Response::Retorsion),
        expect: &[Met],
        toolkit: "State A may respond by retorsion",
        paragraph: "Legal analysis, Retorsion (check: not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s14-ransomware-campaign",
        doctrine: "tallinn",
        ask: Respond(Response::PleaOfNecessity),
        expect: &[Met, Contested],
        toolkit: "with essential health-care and municipal services disabled, State A may invoke the plea of necessity, subject to its strict conditions",
        paragraph: "Legal analysis, Plea of necessity (check: not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 21: Misattribution caused by deception ----
    Row {
        file: "s21-misattribution",
        doctrine: "tallinn",
        ask: Respond(Response::Countermeasures),
        expect: &[NotMet],
        toolkit: "\"A State resorting to countermeasures does so at its own risk and on the basis of its unilateral assessment of the situation. An incorrect assessment, including in the event of misattribution of malicious cyber operations, may result in the commission of a wrongful act by the State resorting to countermeasures\"",
        paragraph: "Toolkit article Mistake of fact (Law of State responsibility), read; Scenario 21's revision of the page (oldid 2584, 12 August 2021) is a skeleton whose summary says the analysis \"examines legal responsibility for cyber retaliation directed against the wrong target due to misattribution\"; the analysis itself (check: not read)",
        read: false,
        fails_today: None,
    },
    // ---- Scenario 29: Cyber operations against water and water infrastructure ----
    Row {
        file: "s29-water-infrastructure",
        doctrine: "tallinn",
        ask: Finding("law_of_armed_conflict"),
        expect: &[Met],
        toolkit: "the operations take place in an international armed conflict: the conduct-of-hostilities rules and the special protection of water and water facilities apply",
        paragraph: "Executive summary; Facts [F2]",
        read: true,
        fails_today: None,
    },
    // ---- Scenario 32: Crime of aggression ----
    Row {
        file: "s32-crime-of-aggression",
        doctrine: "tallinn",
        ask: Finding("state_attribution"),
        expect: &[Met],
        toolkit: "the Cyber Command officer's conduct is attributable to State A even where he exceeded his authority (ARSIWA arts. 4, 7)",
        paragraph: "Legal analysis, Act of aggression by State A (check: Scenario 32's page was not read)",
        read: false,
        fails_today: None,
    },
    Row {
        file: "s32-crime-of-aggression",
        doctrine: "tallinn",
        ask: Threshold("use_of_force"),
        expect: &[Met],
        toolkit: "disabling the military's command and communications and permanently incapacitating weapon systems is a use of armed force by State A",
        paragraph: "Legal analysis, Act of aggression: use of armed force (check: not read)",
        read: false,
        fails_today: None,
    },
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/incidents/toolkit")
}

fn outcome(a: &Assessment, ask: Ask) -> Option<Status> {
    match ask {
        Threshold(name) => a.threshold(name),
        Respond(r) => Some(a.response(r)),
        Finding(test) => a
            .findings
            .iter()
            .find(|f| f.test == test)
            .map(|f| f.outcome),
    }
}

fn show(s: Option<Status>) -> &'static str {
    s.map_or("no such finding", Status::as_str)
}

fn ask_name(ask: Ask) -> String {
    match ask {
        Threshold(name) | Finding(name) => name.to_string(),
        Respond(r) => r.as_str().to_string(),
    }
}

/// The facts with every harm figure the scenario leaves open taken at its least (`high`
/// false) or at its most: unknown figures from 0 to unbounded (shares to 1), unknown yes/no
/// facts false or true. The evaluator's own bounds (`law::tests::GravityBounds::status`) take them so.
fn at_end(facts: &Facts, high: bool) -> Facts {
    let end = |x: Figure| Figure::known(if high { x.high() } else { x.low() });
    let truth = |t: Truth| Truth::known(t.0.unwrap_or(high));
    let mut f = facts.clone();
    let h = &mut f.harm;
    for x in [
        &mut h.deaths,
        &mut h.injuries,
        &mut h.estimated_deaths,
        &mut h.estimated_injuries,
        &mut h.destruction_usd,
        &mut h.outage_days,
        &mut h.economic_loss_usd,
        &mut h.economic_loss_gdp_share,
        &mut h.essential_supply_loss,
    ] {
        *x = end(*x);
    }
    for t in [
        &mut h.physical_destruction,
        &mut h.data_destroyed,
        &mut h.loss_of_function,
        &mut h.critical_infrastructure,
        &mut h.military_targets,
    ] {
        *t = truth(*t);
    }
    f.largest_operation_share = end(f.largest_operation_share);
    f
}

/// A row's outcome with the scenario's open harm figures at their least and at their most.
fn ends(file: &str, doctrine: &str, ask: Ask) -> [Option<Status>; 2] {
    let path = dir().join(format!("{file}.ron"));
    let incident = law::incident::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let doctrines = Doctrines::builtin();
    let d = doctrines.get(doctrine).expect("doctrine");
    [false, true].map(|high| outcome(&law::assess(&at_end(&incident.facts, high), d), ask))
}

/// An `unknown` passes a row only when both ends of the facts' bounds give an answer the
/// Toolkit allows: Scenario 03's use of force runs from `not_met` (a short or narrow outage)
/// to `contested` (a week or more for a twentieth of the people), so it would fail a row
/// expecting `contested` alone, and passes the Toolkit's "doubtful" (either).
#[test]
fn an_unknown_passes_a_row_only_when_both_ends_lie_in_the_toolkits_answer() {
    let [low, high] = ends("s03-power-grid", "tallinn", Threshold("use_of_force"));
    assert_eq!((low, high), (Some(NotMet), Some(Contested)));
    let path = dir().join("s03-power-grid.ron");
    let incident = law::incident::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let a = law::assess(
        &incident.facts,
        Doctrines::builtin().get("tallinn").expect("t"),
    );
    assert_eq!(a.threshold("use_of_force"), Some(Unknown));
    let only_contested = [Contested];
    assert!(!only_contested.contains(&low.expect("low")));
}

#[test]
fn toolkit_conclusions() {
    let doctrines = Doctrines::builtin();
    let mut cache: BTreeMap<(&str, &str), Assessment> = BTreeMap::new();
    let mut failures = Vec::new();
    for row in ROWS {
        let a = cache.entry((row.file, row.doctrine)).or_insert_with(|| {
            let path = dir().join(format!("{}.ron", row.file));
            let incident = law::incident::load(&path).unwrap_or_else(|e| panic!("{e}"));
            let d = doctrines.get(row.doctrine).expect("doctrine");
            law::assess(&incident.facts, d)
        });
        let got = outcome(a, row.ask);
        let mut ok = got.is_some_and(|s| row.expect.contains(&s));
        if got == Some(Unknown) && !ok {
            // Unknown because the scenario leaves harm figures open: the row passes when the
            // outcome at the facts' least and at their most both lie in the Toolkit's answer.
            let ends = ends(row.file, row.doctrine, row.ask);
            ok = ends
                .iter()
                .all(|s| s.is_some_and(|s| row.expect.contains(&s)));
            if ok {
                println!(
                    "{} [{}] {}: unknown over the facts' bounds, from {} to {}: within the Toolkit's answer",
                    row.file,
                    row.doctrine,
                    ask_name(row.ask),
                    show(ends[0]),
                    show(ends[1])
                );
            }
        }
        let line = format!(
            "{} [{}] {}: got {}, the Toolkit: {:?} ({}; {})",
            row.file,
            row.doctrine,
            ask_name(row.ask),
            show(got),
            row.expect,
            row.toolkit,
            row.paragraph
        );
        match row.fails_today {
            Some(why) if ok => println!("NOW PASSES, remove fails_today: {line} [was: {why}]"),
            Some(why) => println!("skipped (fails today: {why}): {line}"),
            None if !ok => failures.push(line),
            None => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_toolkit_scenario_loads_is_cited_and_has_conclusions() {
    let mut files: Vec<String> = std::fs::read_dir(dir())
        .expect("scenarios/incidents/toolkit")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| p.file_stem().expect("stem").to_string_lossy().into_owned())
        .collect();
    files.sort();
    let listed: Vec<&str> = SCENARIOS.iter().map(|s| s.0).collect();
    assert_eq!(
        files, listed,
        "every file is listed, every listed file exists"
    );
    assert!(files.len() >= 12);
    for (file, title, url) in SCENARIOS {
        let path = dir().join(format!("{file}.ron"));
        let incident = law::incident::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(!incident.sources.is_empty(), "{file}: sources");
        let text = std::fs::read_to_string(&path).expect("read");
        let header: String = text
            .lines()
            .take_while(|l| l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let number = &title[..11];
        assert!(
            header.contains(&format!("CCDCOE Cyber Law Toolkit, {number}")),
            "{file}: the header cites {number}"
        );
        assert!(header.contains(url), "{file}: the header gives {url}");
        assert!(
            ROWS.iter().any(|r| r.file == file),
            "{file}: no conclusion in the table"
        );
        // The file is named sNN-..., NN the scenario's number.
        assert_eq!(&file[1..3], &title[9..11], "{file}: number");
    }
    for row in ROWS {
        assert!(listed.contains(&row.file), "{}: unknown file", row.file);
        assert!(!row.expect.is_empty() && !row.toolkit.is_empty() && !row.paragraph.is_empty());
        assert!(
            row.read || row.paragraph.contains("(check"),
            "{}: a conclusion not read in the Toolkit must say (check: ...)",
            row.file
        );
    }
}
