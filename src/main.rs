//! The `casus` command line: a thin layer over the library.

use casus::error::{Error, Result};
use casus::{report, scenario, sim};
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
        } => run(scenario, seed, ticks, out, force, quiet),
        Command::Validate { files } => validate(&files),
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
) -> Result<()> {
    let plan = Arc::new(scenario::open(&path)?);
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
    let output = sim::run(plan.clone(), seed, ticks, &mut |done, _| {
        bar.set_position(u64::from(done))
    });
    bar.finish_and_clear();
    report::write_run(&dir, &output, &plan)?;
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
        println!("  wrote {}", dir.display());
    }
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
