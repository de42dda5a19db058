//! The `casus` command line: a thin layer over the library.

use casus::error::{Error, Result};
use casus::{law, report, scenario, sim};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Scenario simulation and wargaming: when does a cyber campaign against critical
/// infrastructure cross the legal thresholds of self-defense?
#[derive(Parser)]
#[command(name = "casus", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and write events.jsonl, timeseries.csv and summary.json.
    Run {
        /// The scenario file (RON).
        scenario: PathBuf,
        /// Seed (default: the scenario's own).
        #[arg(long)]
        seed: Option<u64>,
        /// Number of ticks (default: the scenario's duration).
        #[arg(long)]
        ticks: Option<u32>,
        /// Output folder (default: output/<scenario>/seed-<seed>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace a finished run in the output folder.
        #[arg(long)]
        force: bool,
        /// No progress bar and no summary on the terminal.
        #[arg(long, short)]
        quiet: bool,
        /// A folder of extra doctrine files (`*.ron`), added to or replacing the built-in ones.
        #[arg(long)]
        doctrines: Option<PathBuf>,
        /// Skip the charts and the HTML report.
        #[arg(long)]
        no_charts: bool,
    },
    /// Re-render the charts and the report of a finished run from its files.
    Chart {
        /// The run's folder.
        run_dir: PathBuf,
    },
    /// Assess an incident file (a fact pattern) under one doctrine or all, without simulating.
    Assess {
        /// The incident file (RON).
        incident: PathBuf,
        /// A doctrine id, or `all`.
        #[arg(long, default_value = "all")]
        doctrine: String,
        /// Print the assessment as JSON.
        #[arg(long)]
        json: bool,
        /// A folder of extra doctrine files (`*.ron`), added to or replacing the built-in ones.
        #[arg(long)]
        doctrines: Option<PathBuf>,
    },
    /// Print the legal reasoning at one tick of a finished run.
    Explain {
        /// The run's folder (holding legal.jsonl).
        run_dir: PathBuf,
        /// The tick.
        #[arg(long)]
        tick: u64,
        /// Only this doctrine.
        #[arg(long)]
        doctrine: Option<String>,
    },
    /// Check scenario files without running them.
    Validate {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run {
            scenario,
            seed,
            ticks,
            out,
            force,
            quiet,
            doctrines,
            no_charts,
        } => run(
            scenario,
            seed,
            ticks,
            out,
            force,
            quiet,
            doctrines.as_deref(),
            !no_charts,
        ),
        Command::Chart { run_dir } => chart(&run_dir).map(|files| {
            for f in files {
                println!("wrote {}", f.display());
            }
        }),
        Command::Validate { files } => validate(&files),
        Command::Explain {
            run_dir,
            tick,
            doctrine,
        } => explain(&run_dir, tick, doctrine.as_deref()),
        Command::Assess {
            incident,
            doctrine,
            json,
            doctrines,
        } => assess(&incident, &doctrine, json, doctrines.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn run(
    path: PathBuf,
    seed: Option<u64>,
    ticks: Option<u32>,
    out: Option<PathBuf>,
    force: bool,
    quiet: bool,
    doctrine_folder: Option<&std::path::Path>,
    charts: bool,
) -> Result<()> {
    let plan = Arc::new(scenario::open(&path)?);
    let doctrines = Arc::new(load_doctrines(doctrine_folder)?);
    let seed = seed.unwrap_or(plan.seed);
    let ticks = ticks.unwrap_or(plan.ticks);
    if ticks == 0 || u64::from(ticks) > scenario::LIMITS.max_ticks {
        return Err(Error::Usage(format!(
            "--ticks {ticks}: expected 1 to {}",
            scenario::LIMITS.max_ticks
        )));
    }
    let dir = out.unwrap_or_else(|| {
        report::default_run_dir(std::path::Path::new("output"), &plan.name, seed)
    });
    report::prepare_run_dir(&dir, force)?;

    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(u64::from(ticks));
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:40}] tick {pos}/{len} ({eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(plan.name.clone());
        bar
    };
    let output = sim::run_with(plan.clone(), seed, ticks, doctrines, &mut |done, _| {
        bar.set_position(u64::from(done))
    });
    bar.finish_and_clear();
    report::write_run(&dir, &output, &plan)?;
    if charts {
        chart(&dir)?;
    }
    if !quiet {
        let s = &output.summary;
        println!(
            "{}: seed {}, {} ticks of {} h",
            s.scenario, s.seed, s.ticks, s.tick_hours
        );
        println!(
            "  harm: {:.0} deaths, {:.0} injuries, {:.0} person-hours without service, USD {:.0} lost, USD {:.0} repairs",
            s.harm.deaths,
            s.harm.injuries,
            s.harm.outage_person_hours,
            s.harm.economic_loss_usd,
            s.harm.repair_cost_usd
        );
        for k in &s.campaigns {
            let attribution: Vec<String> = k
                .attribution
                .iter()
                .map(|a| {
                    format!(
                        "{} suspects {} ({:.0}%)",
                        a.victim,
                        a.suspect,
                        a.confidence * 100.0
                    )
                })
                .collect();
            println!(
                "  {}: {}/{} targets in effect phase, {} detected; {}",
                k.id,
                k.reached
                    .get(&casus::model::KillChainPhase::Effect)
                    .unwrap_or(&0),
                k.targets,
                k.detected,
                if attribution.is_empty() {
                    "not attributed".into()
                } else {
                    attribution.join(", ")
                }
            );
        }
        let mut firsts: std::collections::BTreeMap<(String, String), Vec<String>> =
            Default::default();
        for c in &s.thresholds_crossed {
            if c.status == casus::law::Status::Met
                && matches!(
                    c.threshold.as_str(),
                    "use_of_force" | "armed_attack" | "self_defense" | "collective_self_defense"
                )
            {
                let who = match &c.ally {
                    Some(a) => format!("{} (for {a})", c.victim),
                    None => c.victim.clone(),
                };
                firsts
                    .entry((who, c.threshold.clone()))
                    .or_default()
                    .push(format!("{} @{}", c.doctrine, c.tick));
            }
        }
        for ((who, threshold), at) in firsts {
            println!("  {who}: {threshold} met under {}", at.join(", "));
        }
        for r in &s.responses {
            println!(
                "  tick {}: {} took {} against {} (lawful: {})",
                r.tick,
                r.actor,
                r.response.as_str(),
                r.against,
                r.lawful
            );
        }
        println!("  wrote {}", dir.display());
    }
    Ok(())
}

fn chart(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    let data = report::run_data::RunData::load(dir)?;
    let drawn = report::charts::write_all(&data, dir)?;
    let mut files: Vec<PathBuf> = drawn
        .iter()
        .flat_map(|c| {
            [
                dir.join(format!("{}.svg", c.name)),
                dir.join(format!("{}.png", c.name)),
            ]
        })
        .collect();
    report::html::write(&data, &drawn, dir)?;
    files.push(dir.join("report.html"));
    Ok(files)
}

fn load_doctrines(folder: Option<&std::path::Path>) -> Result<law::Doctrines> {
    match folder {
        Some(dir) => law::Doctrines::with_folder(dir),
        None => Ok(law::Doctrines::builtin()),
    }
}

fn assess(
    path: &std::path::Path,
    doctrine: &str,
    json: bool,
    folder: Option<&std::path::Path>,
) -> Result<()> {
    let incident = law::incident::load(path)?;
    let doctrines = load_doctrines(folder)?;
    let assessments: Vec<law::Assessment> = doctrines
        .select(doctrine)?
        .into_iter()
        .map(|d| law::assess(&incident.facts, d))
        .collect();
    if json {
        let value = serde_json::json!({
            "incident": incident.name,
            "assessments": assessments.iter().map(law::Assessment::to_json).collect::<Vec<_>>(),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        let title = format!("{}: {}", incident.name, incident.description);
        print!("{}", report::legal::render(&title, &assessments));
    }
    Ok(())
}

fn explain(dir: &std::path::Path, tick: u64, doctrine: Option<&str>) -> Result<()> {
    let path = dir.join("legal.jsonl");
    let text = scenario::read_text_file(&path, 1 << 30)?;
    let mut lines = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            Error::Syntax(Box::new(casus::error::Diagnostic {
                file: path.clone(),
                location: Some((i + 1, e.column())),
                path: String::new(),
                message: format!("not a legal trace line: {e}"),
                help: Some("legal.jsonl is written by `casus run`; re-run the scenario".into()),
            }))
        })?;
        lines.push(value);
    }
    if let Some(d) = doctrine
        && !lines
            .iter()
            .any(|l| l.get("doctrine").and_then(|v| v.as_str()) == Some(d))
    {
        return Err(Error::Usage(format!(
            "the run has no assessment under doctrine `{d}`"
        )));
    }
    print!("{}", report::legal::explain(&lines, tick, doctrine));
    Ok(())
}

fn validate(files: &[PathBuf]) -> Result<()> {
    let mut failed = Vec::new();
    for f in files {
        match scenario::open(f) {
            Ok(plan) => println!(
                "{}: ok ({} actors, {} nodes, {} dependencies, {} campaigns, {} ticks)",
                f.display(),
                plan.actors.len(),
                plan.nodes.len(),
                plan.deps.len(),
                plan.campaigns.len(),
                plan.ticks
            ),
            Err(e) => {
                eprintln!("error: {e}");
                failed.push(f.display().to_string());
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "{} of {} files failed validation",
            failed.len(),
            files.len()
        )))
    }
}
