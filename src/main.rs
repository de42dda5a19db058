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
#[command(name = "casus", version, about, after_help = HELP_FOOTER)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Examples and exit codes, shown under `casus --help`.
const HELP_FOOTER: &str = "\
Examples:
  casus run scenarios/winter-grid.ron                 run a scenario (output/winter-grid/seed-<N>/)
  casus explain output/winter-grid/seed-42 --tick 300 the legal reasoning at one tick
  casus assess scenarios/incidents/notpetya-2017.ron  assess a fact pattern under every doctrine
  casus sweep scenarios/winter-grid.ron --seeds 0..200 threshold probabilities over seeds
  casus sweep scenarios/sweeps/cyber-force-220-290.ron a parameter sweep (one tidy runs.csv)
  casus validate scenarios/*.ron scenarios/*/*.ron    check scenario, incident, sweep and doctrine files
  casus completions bash > ~/.local/share/bash-completion/completions/casus

Exit codes:
  0    success (also when the reader of the output closes the pipe early)
  1    an output file could not be written
  2    bad input: a file, an argument or a run folder (the message says which and why)
  130  interrupted (SIGINT or SIGTERM); the work done so far is kept, --resume completes it";

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and write events.jsonl, timeseries.csv and summary.json.
    Run {
        /// The scenario file (RON); not with `--from`.
        #[arg(required_unless_present = "from", conflicts_with = "from")]
        scenario: Option<PathBuf>,
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
        /// Complete an interrupted run in the output folder.
        #[arg(long)]
        resume: bool,
        /// Threads for the per-node work of each tick (default: every core for worlds of 50,000
        /// nodes or more, else 1); the outputs are identical whatever the number.
        #[arg(long)]
        threads: Option<usize>,
        /// A decisions file (RON list of `(tick, actor, response, against)`): the actors it
        /// names take these decisions in place of their automated policy; each is judged and
        /// flagged when unlawful.
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// Save a checkpoint after this many ticks (`checkpoint-TICK.json` in the output
        /// folder); may be repeated.
        #[arg(long, value_name = "TICK")]
        save_at: Vec<u32>,
        /// Continue the run saved in this checkpoint (with `--decisions`, a fork: the actors
        /// the file names take its decisions from the checkpoint's tick on).
        #[arg(long, value_name = "CHECKPOINT", conflicts_with_all = ["seed", "doctrines", "resume"])]
        from: Option<PathBuf>,
        /// Write the large files gzipped (`events.jsonl.gz`, `timeseries.csv.gz`,
        /// `legal.jsonl.gz`, `timeseries_long.csv.gz`) and the checkpoints too
        /// (`checkpoint-TICK.json.gz`); every command and pandas read them as they are.
        #[arg(long)]
        compress: bool,
    },
    /// Re-render the charts and the report of a finished run, or the charts of a sweep or
    /// parameter sweep, from their files.
    Chart {
        /// The run's or the sweep's folder.
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
        /// Print each doctrine's findings as trees (each conclusion above what it rests on).
        #[arg(long)]
        tree: bool,
        /// Apply the law in force on this date (`YYYY-MM-DD`) instead of the incident's own.
        #[arg(long)]
        as_of: Option<String>,
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
        /// Print the findings as trees.
        #[arg(long)]
        tree: bool,
        /// Print the assessments and decisions shown as JSON (an object with `tick`,
        /// `assessments` and `decisions`, each a list of legal.jsonl objects).
        #[arg(long)]
        json: bool,
    },
    /// Run one simulation per seed in parallel and aggregate: threshold probabilities,
    /// crossing-time distributions, harm. Given a sweep file, runs its parameter grid.
    Sweep(SweepArgs),
    /// Merge the shard folders of one sweep into its aggregates.
    Merge {
        /// The shard folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Find the parameter value at which a threshold is crossed in half of the seeds.
    Tipping {
        /// The scenario file.
        scenario: PathBuf,
        /// The parameter's path, e.g. `campaigns[frostbite].waves[1].intensity`.
        #[arg(long)]
        param: String,
        /// The range to search, `LO..HI`.
        #[arg(long)]
        range: String,
        /// Seeds per evaluation.
        #[arg(long, default_value = "0..100")]
        seeds: String,
        /// The assessing State (default: the first targeted State).
        #[arg(long)]
        state: Option<String>,
        /// `use_of_force`, `armed_attack`, `self_defense` or `collective_self_defense`.
        #[arg(long, default_value = "armed_attack")]
        threshold: String,
        /// The doctrine.
        #[arg(long, default_value = "tallinn")]
        doctrine: String,
        /// Bisection steps.
        #[arg(long, default_value_t = 6)]
        iterations: u32,
        /// Worker threads (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// Print the result as JSON (full precision) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Write a generated scenario of realistic shape at any size (nation-scale included).
    Generate {
        /// Infrastructure nodes, about.
        #[arg(long)]
        nodes: u64,
        /// Campaigns.
        #[arg(long)]
        campaigns: u32,
        /// States (at least 3).
        #[arg(long, default_value_t = 4)]
        actors: u32,
        /// Average dependencies per node.
        #[arg(long, default_value_t = 3)]
        deps: u32,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Hours to run.
        #[arg(long, default_value_t = 720)]
        hours: u32,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Compare two finished runs: the first tick they diverge, thresholds crossed under each
    /// doctrine, responses, harm.
    Diff {
        /// Run A's folder.
        run_a: PathBuf,
        /// Run B's folder.
        run_b: PathBuf,
        /// Print the comparison as JSON.
        #[arg(long)]
        json: bool,
        /// Also draw the two runs against time (an SVG file).
        #[arg(long, value_name = "FILE")]
        chart: Option<PathBuf>,
    },
    /// Play a scenario in the browser: people decide for the sides named, the others follow
    /// their policy; a white cell sees everything (docs/play.md).
    Play {
        /// The scenario file (RON).
        scenario: PathBuf,
        /// The States played by people, e.g. `japan,redland`.
        #[arg(long, value_delimiter = ',', required = true)]
        sides: Vec<String>,
        /// Port on 127.0.0.1 (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Seed (default: the scenario's own).
        #[arg(long)]
        seed: Option<u64>,
        /// Number of ticks (default: the scenario's duration).
        #[arg(long)]
        ticks: Option<u32>,
        /// Output folder (default: output/<scenario>/play-seed-<seed>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace a finished game's run in the output folder.
        #[arg(long)]
        force: bool,
        /// Skip the charts and the HTML report of the finished game.
        #[arg(long)]
        no_charts: bool,
    },
    /// Check scenario, incident, sweep and doctrine files without running them (each by its kind).
    Validate {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON object per file (`file`, `kind`, `ok`, `error`, and the sizes of a
        /// scenario) as a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish or powershell) to stdout.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout: `casus man > casus.1; man ./casus.1`.
    Man,
    /// Print the JSON Schema of an output (`summary`, `events`, `legal`, `checkpoint`,
    /// `sweep`, `aggregate`, `grid`, or a command's `--json`: `assess`, `explain`,
    /// `validate`, `tipping`, `diff`); without a name, list them.
    Schema {
        /// The schema's name.
        name: Option<String>,
        /// Write every schema into this folder instead (`NAME.schema.json`).
        #[arg(long, value_name = "DIR", conflicts_with = "name")]
        write: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
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
            threads,
            resume,
            decisions,
            save_at,
            from,
            compress,
        } => run(RunArgs {
            decisions,
            save_at,
            from,
            compress,
            resume,
            path: scenario.unwrap_or_default(),
            seed,
            ticks,
            out,
            force,
            quiet,
            doctrines: doctrines.as_deref(),
            charts: !no_charts,
            threads,
        }),
        Command::Chart { run_dir } => rechart(&run_dir).map(|files| {
            for f in files {
                println!("wrote {}", f.display());
            }
        }),
        Command::Validate { files, json } => validate(&files, json),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "casus", &mut script);
            use std::io::Write;
            // A closed pipe is the reader's choice, not an error.
            let _ = std::io::stdout().write_all(&script);
            Ok(())
        }
        Command::Man => {
            use clap::CommandFactory;
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|e| Error::Usage(format!("cannot render the manual page: {e}")))
                .map(|()| {
                    use std::io::Write;
                    let _ = std::io::stdout().write_all(&page);
                })
        }
        Command::Schema { name, write } => match write {
            Some(dir) => report::schema::write_all(&dir),
            None => report::schema::command(name.as_deref()).map(|text| print!("{text}")),
        },
        Command::Diff {
            run_a,
            run_b,
            json,
            chart,
        } => casus::play::diff::diff(&run_a, &run_b).and_then(|d| {
            print!("{}", if json { d.json() } else { d.text() });
            match chart {
                Some(file) => casus::play::diff::chart(&run_a, &run_b, &file),
                None => Ok(()),
            }
        }),
        Command::Play {
            scenario,
            sides,
            port,
            seed,
            ticks,
            out,
            force,
            no_charts,
        } => casus::play::server::play(
            &casus::play::server_game::Setup {
                scenario,
                sides,
                seed,
                ticks,
                out,
                force,
                charts: !no_charts,
            },
            port,
        ),
        Command::Generate {
            nodes,
            campaigns,
            actors,
            deps,
            seed,
            hours,
            out,
        } => {
            let settings = scenario::generate::Settings {
                nodes,
                campaigns,
                actors,
                deps,
                seed,
                hours,
            };
            if nodes == 0 || nodes > scenario::LIMITS.max_nodes {
                Err(Error::Usage(format!(
                    "--nodes {nodes}: expected 1 to {}",
                    scenario::LIMITS.max_nodes
                )))
            } else if actors < 3 || actors as usize > scenario::LIMITS.max_actors {
                Err(Error::Usage(format!(
                    "--actors {actors}: expected 3 to {}",
                    scenario::LIMITS.max_actors
                )))
            } else {
                let text = scenario::generate::generate(&settings);
                // The generated text is checked as any scenario file would be, so that no
                // combination of arguments writes a file `casus run` refuses.
                match scenario::load_str(&text, &out) {
                    Err(e) => Err(Error::Usage(format!(
                        "these arguments give an invalid scenario (nothing written):\n{e}"
                    ))),
                    Ok(_) => report::write_atomic(&out, text.as_bytes())
                        .map(|()| println!("wrote {}", out.display())),
                }
            }
        }
        Command::Sweep(args) => sweep_cmd(args),
        Command::Merge { dirs, out } => casus::sweep::finalize(&dirs, &out).map(|agg| {
            println!("merged {} seeds into {}", agg["seeds"], out.display());
        }),
        Command::Tipping {
            scenario,
            param,
            range,
            seeds,
            state,
            threshold,
            doctrine,
            iterations,
            threads,
            json,
        } => tipping_cmd(
            &scenario, &param, &range, &seeds, state, &threshold, &doctrine, iterations, threads,
            json,
        ),
        Command::Explain {
            run_dir,
            tick,
            doctrine,
            tree,
            json,
        } => explain(&run_dir, tick, doctrine.as_deref(), tree, json),
        Command::Assess {
            incident,
            doctrine,
            json,
            doctrines,
            tree,
            as_of,
        } => assess(
            &incident,
            &doctrine,
            json,
            doctrines.as_deref(),
            tree,
            as_of.as_deref(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// A closed pipe on stdout (`casus explain ... | head`) ends the process quietly with exit
/// code 0, as the reader asked for no more, instead of a panic message and exit code 101.
fn quiet_on_closed_pipe() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}

struct RunArgs<'a> {
    decisions: Option<PathBuf>,
    compress: bool,
    save_at: Vec<u32>,
    from: Option<PathBuf>,
    resume: bool,
    path: PathBuf,
    seed: Option<u64>,
    ticks: Option<u32>,
    out: Option<PathBuf>,
    force: bool,
    quiet: bool,
    doctrines: Option<&'a std::path::Path>,
    charts: bool,
    threads: Option<usize>,
}

fn run(a: RunArgs) -> Result<()> {
    let RunArgs {
        decisions,
        compress,
        save_at,
        from,
        resume,
        path,
        seed,
        ticks,
        out,
        force,
        quiet,
        doctrines: doctrine_folder,
        charts,
        threads,
    } = a;
    let compression = if compress {
        report::gz::Compression::Gzip
    } else {
        report::gz::Compression::None
    };
    watch_signals();
    check_threads(threads)?;
    let explicit_threads = threads;
    // A checkpoint rebuilds the run it holds: its scenario, doctrines, decisions and seed.
    let checkpoint = from
        .as_deref()
        .map(sim::checkpoint::Checkpoint::read)
        .transpose()?;
    let mut resumed = match (&checkpoint, &from) {
        (Some(c), Some(file)) => Some(
            c.resume(file, decisions.as_deref(), ticks)
                .map(|r| (r, file))?,
        ),
        _ => None,
    };
    let plan = match &resumed {
        Some((r, _)) => r.plan.clone(),
        None => Arc::new(scenario::open(&path)?),
    };
    // Where the run comes from (summary.json), read once the scenario has opened (a file that
    // is not a regular file was refused there): a run continued from a checkpoint is the run
    // the checkpoint belongs to; a fork (`--from` with `--decisions`) is this command.
    let here = report::reproducing_command(std::env::args().collect());
    let (scenario_path, scenario_digest, command_line) = match &checkpoint {
        Some(c) => {
            let command = if decisions.is_none() && !c.command_line.is_empty() {
                c.command_line.clone()
            } else {
                here
            };
            (c.scenario.path.clone(), c.scenario_digest.clone(), command)
        }
        None => (
            path.display().to_string(),
            std::fs::read(&path)
                .map(|b| format!("{:016x}", report::fnv1a(&b)))
                .unwrap_or_default(),
            here,
        ),
    };
    let doctrines = match &resumed {
        Some(_) => None,
        None => Some(Arc::new(load_doctrines(doctrine_folder)?)),
    };
    // Splitting a tick's per-node work pays only on large worlds (measured: slower at 10,000
    // nodes, 1.3x faster at 1,000,000 on two cores).
    let threads = explicit_threads.unwrap_or(if plan.nodes.len() >= 50_000 {
        default_threads()
    } else {
        1
    });
    let seed = resumed
        .as_ref()
        .map_or(seed.unwrap_or(plan.seed), |(r, _)| r.seed);
    let ticks = resumed
        .as_ref()
        .map_or(ticks.unwrap_or(plan.ticks), |(r, _)| r.ticks);
    if ticks == 0 || u64::from(ticks) > scenario::LIMITS.max_ticks {
        return Err(Error::Usage(format!(
            "--ticks {ticks}: expected 1 to {}",
            scenario::LIMITS.max_ticks
        )));
    }
    let dir = out.unwrap_or_else(|| {
        report::default_run_dir(std::path::Path::new("output"), &plan.name, seed)
    });
    if resume && report::run_state(&dir) == Some(true) {
        println!(
            "{} already holds the finished run: nothing to resume",
            dir.display()
        );
        return Ok(());
    }
    let start = resumed.as_ref().map_or(0, |(r, _)| r.simulation.tick());
    if let Some(t) = save_at.iter().find(|&&t| t < start || t >= ticks) {
        return Err(Error::Usage(format!(
            "--save-at {t}: expected {start} to {}",
            ticks - 1
        )));
    }
    // What the checkpoints save: the inputs of this run.
    let inputs = match &resumed {
        _ if save_at.is_empty() => None,
        Some((_, file)) if decisions.is_some() => {
            return Err(Error::Usage(format!(
                "--save-at with --from {} and --decisions: save the fork's checkpoints from a run of the scenario with the whole decisions file",
                file.display()
            )));
        }
        Some(_) => checkpoint.as_ref().map(sim::checkpoint::Checkpoint::inputs),
        None => Some(sim::checkpoint::Inputs {
            command_line: command_line.clone(),
            scenario_digest: scenario_digest.clone(),
            ..sim::checkpoint::Inputs::read(
                &path,
                doctrine_folder,
                decisions.as_deref(),
                seed,
                ticks,
            )?
        }),
    };
    let decisions = match (&decisions, &resumed) {
        (Some(file), None) => scenario::decisions::load(file, &plan, ticks)?,
        _ => Default::default(),
    };
    let staging = report::RunDir::open(&dir, force, resume)?;

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
    let mut simulation = match (resumed.take(), doctrines) {
        (Some((r, _)), _) => r.simulation,
        (None, doctrines) => sim::Simulation::with_decisions(
            plan.clone(),
            seed,
            doctrines.unwrap_or_else(|| Arc::new(law::Doctrines::builtin())),
            &decisions,
        )
        .map_err(|e| Error::Usage(format!("the decisions' injects: {e}")))?,
    };
    simulation.set_threads(threads);
    polling(true);
    while simulation.tick() < ticks {
        if stopped() {
            break;
        }
        if let Some(inputs) = inputs
            .as_ref()
            .filter(|_| save_at.contains(&simulation.tick()))
        {
            let file = staging
                .path()
                .join(compression.file_name(&format!("checkpoint-{}.json", simulation.tick())));
            let checkpoint = sim::checkpoint::Checkpoint::capture(&mut simulation, inputs)?;
            report::write_atomic(&file, &compression.encode(&checkpoint.to_bytes()))?;
        }
        simulation.step();
        bar.set_position(u64::from(simulation.tick()));
    }
    let done = simulation.tick();
    let mut output = simulation.finish();
    output.summary.complete = done == ticks;
    output.summary.scenario_path = scenario_path;
    output.summary.scenario_digest = scenario_digest;
    output.summary.command_line = command_line;
    bar.finish_and_clear();
    // Writing and charting are not polled: a signal now ends the process at once, which
    // leaves the earlier folder untouched (the new files are in the staging folder).
    polling(false);
    if stopped() {
        output.summary.complete = false;
    }
    report::write_run_with(staging.path(), &output, &plan, compression)?;
    if output.summary.complete && charts {
        chart(staging.path())?;
    }
    staging.commit()?;
    if !output.summary.complete {
        return Err(Error::Interrupted(format!(
            "interrupted at tick {done} of {ticks}: the ticks run are written to {} and marked incomplete; `casus run ... --resume` completes the run",
            dir.display()
        )));
    }
    if !quiet {
        let s = &output.summary;
        println!(
            "{}: seed {}, {} ticks of {} h",
            s.scenario, s.seed, s.ticks, s.tick_hours
        );
        println!(
            "  harm: {:.0} deaths and {:.0} injuries caused directly; {:.0} deaths ({:.0}-{:.0}) and {:.0} injuries estimated from lost service; {:.0} person-hours without service, USD {:.0} lost, USD {:.0} repairs",
            s.harm.direct_deaths,
            s.harm.direct_injuries,
            s.harm.estimated_deaths.central,
            s.harm.estimated_deaths.low,
            s.harm.estimated_deaths.high,
            s.harm.estimated_injuries.central,
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

/// Draws a run folder's charts again in place: into a staging copy of the folder, swapped in
/// whole under the folder's lock (never a half-drawn chart set, never mixed with a run).
fn rechart(dir: &std::path::Path) -> Result<Vec<PathBuf>> {
    watch_signals();
    // A sweep's or parameter sweep's folder: its charts are drawn again from its files.
    if let Some(files) = report::sweep_charts::redraw(dir)? {
        return Ok(files);
    }
    let staging = report::RunDir::rechart(dir)?;
    let files = chart(staging.path())?;
    staging.commit()?;
    Ok(files
        .iter()
        .filter_map(|f| f.file_name())
        .map(|f| dir.join(f))
        .collect())
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
    tree: bool,
    as_of: Option<&str>,
) -> Result<()> {
    let mut incident = law::incident::load(path)?;
    if let Some(date) = as_of {
        let date =
            law::time::Date::parse(date).map_err(|e| Error::Usage(format!("--as-of: {e}")))?;
        incident.facts.date = Some(date);
    }
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
        if tree {
            print!("{}", report::legal::render_tree(&title, &assessments));
        } else {
            print!("{}", report::legal::render(&title, &assessments));
        }
    }
    Ok(())
}

fn explain(
    dir: &std::path::Path,
    tick: u64,
    doctrine: Option<&str>,
    tree: bool,
    json: bool,
) -> Result<()> {
    let path = report::gz::resolve(dir, "legal.jsonl");
    let summary = report::run_data::read_summary(dir)?;
    let text = report::run_data::read_checked(dir, "legal.jsonl", &summary)?;
    if let Some(ticks) = summary.get("ticks").and_then(serde_json::Value::as_u64)
        && tick >= ticks
    {
        return Err(Error::Usage(format!(
            "--tick {tick}: the run has ticks 0 to {}",
            ticks.saturating_sub(1)
        )));
    }
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
        let mut assessed: Vec<&str> = Vec::new();
        for l in &lines {
            if let Some(x) = l.get("doctrine").and_then(|v| v.as_str())
                && !assessed.contains(&x)
            {
                assessed.push(x);
            }
        }
        let help = casus::error::did_you_mean(d, assessed.iter().copied());
        return Err(Error::Usage(format!(
            "the run has no assessment under doctrine `{d}`: it assessed {}{}",
            assessed.join(", "),
            help.map(|h| format!(" ({h})")).unwrap_or_default()
        )));
    }
    if json {
        let (assessments, decisions) = report::legal::select(&lines, tick, doctrine);
        let value = serde_json::json!({
            "tick": tick,
            "assessments": assessments,
            "decisions": decisions,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return Ok(());
    }
    print!("{}", report::legal::explain(&lines, tick, doctrine, tree));
    Ok(())
}

/// Set when SIGINT or SIGTERM arrives: long work stops at its next safe point.
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether a signal should end the process at once (exit 130): true in every stage that does
/// not poll [`STOP`] (parsing, compiling, writing, charts), so a signal is honoured within a
/// second wherever it arrives. Outputs are never half-written either way: every file is
/// renamed into place whole, and a run folder is swapped in whole.
/// A second signal during a polled stage sets it again, so that it ends the process at once.
static EXIT_AT_ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Watches for SIGINT and SIGTERM on a thread of its own. Ending the process from there (not
/// from the signal handler) lets it remove its staging folders and lock files first
/// ([`casus::lock::exit_cleanly`]).
fn watch_signals() {
    use std::sync::atomic::Ordering::SeqCst;
    // If the watcher cannot be installed, the signals keep their default action (the process
    // ends at once; a lock file left behind is taken over by the next process).
    let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
    ]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                STOP.store(true, SeqCst);
                if EXIT_AT_ONCE.swap(true, SeqCst) {
                    casus::lock::exit_cleanly(130);
                }
            }
        });
}

/// Marks the start (`true`) or end of a stage that polls [`stopped`] often enough to stop
/// within a second; outside such stages a signal ends the process at once.
fn polling(on: bool) {
    EXIT_AT_ONCE.store(!on, std::sync::atomic::Ordering::SeqCst);
}

fn stopped() -> bool {
    STOP.load(std::sync::atomic::Ordering::SeqCst)
}

#[derive(clap::Args)]
struct SweepArgs {
    /// A scenario file, or a sweep file (`Sweep(...)`).
    scenario: PathBuf,
    /// Seeds, `A..B` (B excluded) or `A..=B` (required for a scenario).
    #[arg(long)]
    seeds: Option<String>,
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Run one block of the seeds: `I/N`, or `auto` to read it from Slurm
    /// (SLURM_ARRAY_TASK_ID/COUNT) or Kubernetes (JOB_COMPLETION_INDEX).
    #[arg(long)]
    shard: Option<String>,
    /// Output folder (default: output/<scenario>/sweep-<A>-<B>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Ticks per run (default: the scenario's duration).
    #[arg(long)]
    ticks: Option<u32>,
    /// Complete an interrupted sweep: run only the seeds that are missing.
    #[arg(long)]
    resume: bool,
    /// No progress bar and no summary on the terminal.
    #[arg(long, short)]
    quiet: bool,
    /// A folder of extra doctrine files (`*.ron`).
    #[arg(long)]
    doctrines: Option<PathBuf>,
    /// Write an sbatch job array and a dependent merge job into the output folder instead
    /// of running.
    #[arg(long)]
    emit_slurm: bool,
    /// Number of array tasks for --emit-slurm.
    #[arg(long, default_value_t = 4)]
    shards: u32,
    /// The casus binary the emitted jobs run (default: this one, its path resolved).
    #[arg(long, value_name = "PATH")]
    casus: Option<PathBuf>,
    /// An option for sbatch, written as an `#SBATCH` line of both jobs; repeat it, e.g.
    /// `--sbatch-arg=--partition=short --sbatch-arg=--time=02:00:00 --sbatch-arg=--account=lab`.
    #[arg(long, value_name = "OPTION", allow_hyphen_values = true)]
    sbatch_arg: Vec<String>,
    /// Replace a sweep already in the output folder (finished or not) instead of refusing.
    #[arg(long, conflicts_with = "resume")]
    force: bool,
}

/// Refuses a number of ticks outside 1 to the scenario limit.
fn check_ticks(ticks: u32) -> Result<()> {
    if ticks == 0 || u64::from(ticks) > scenario::LIMITS.max_ticks {
        return Err(Error::Usage(format!(
            "--ticks {ticks}: expected 1 to {}",
            scenario::LIMITS.max_ticks
        )));
    }
    Ok(())
}

/// Refuses a `--threads` outside 1 to [`casus::sweep::MAX_THREADS`], before any work starts.
fn check_threads(threads: Option<usize>) -> Result<()> {
    match threads {
        Some(n) if n == 0 || n > casus::sweep::MAX_THREADS => Err(Error::Usage(format!(
            "--threads {n}: expected 1 to {}",
            casus::sweep::MAX_THREADS
        ))),
        _ => Ok(()),
    }
}

fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Whether a RON file holds a sweep (`Sweep(...)`) rather than a scenario.
fn is_sweep_file(path: &std::path::Path) -> bool {
    let Ok(text) = scenario::read_text_file(path, scenario::LIMITS.max_file_bytes) else {
        return false;
    };
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    code.trim_start().starts_with("Sweep")
}

fn progress_bar(quiet: bool, total: u64, what: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} seeds ({per_sec}, {eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

fn sweep_cmd(a: SweepArgs) -> Result<()> {
    watch_signals();
    let doctrines = Arc::new(load_doctrines(a.doctrines.as_deref())?);
    check_threads(a.threads)?;
    let threads = a.threads.unwrap_or_else(default_threads);
    // The sweep folder's lock, taken before `--force` empties it and held through finalize.
    let mut held: Option<casus::sweep::SweepLock> = None;
    if a.force && !a.emit_slurm {
        let root = if is_sweep_file(&a.scenario) {
            let (sweep, _, _) = casus::sweep::grid::load(&a.scenario)?;
            a.out.clone().unwrap_or_else(|| {
                std::path::Path::new("output")
                    .join("sweeps")
                    .join(&sweep.name)
            })
        } else if let Some(seeds) = &a.seeds {
            let plan = scenario::open(&a.scenario)?;
            let seeds: casus::sweep::SeedRange = seeds.parse()?;
            a.out.clone().unwrap_or_else(|| {
                std::path::Path::new("output")
                    .join(&plan.name)
                    .join(format!("sweep-{}-{}", seeds.start, seeds.end))
            })
        } else {
            PathBuf::new()
        };
        if !root.as_os_str().is_empty() && root.exists() {
            let lock = casus::sweep::SweepLock::take(&root)?;
            lock.clear()?;
            held = Some(lock);
        }
    }
    if is_sweep_file(&a.scenario) {
        return grid_cmd(&a, doctrines, threads, held);
    }
    let seeds_text = a
        .seeds
        .clone()
        .ok_or_else(|| Error::Usage("--seeds A..B is required to sweep a scenario".into()))?;
    let seeds: casus::sweep::SeedRange = seeds_text.parse()?;
    let plan = Arc::new(scenario::open(&a.scenario)?);
    let ticks = a.ticks.unwrap_or(plan.ticks);
    check_ticks(ticks)?;
    let shard = a
        .shard
        .as_deref()
        .map(|s| casus::sweep::Shard::parse(s, &|k| std::env::var(k).ok()))
        .transpose()?;
    let root = a.out.clone().unwrap_or_else(|| {
        std::path::Path::new("output")
            .join(&plan.name)
            .join(format!("sweep-{}-{}", seeds.start, seeds.end))
    });
    if a.emit_slurm {
        let exe = match &a.casus {
            Some(p) => p.clone(),
            None => std::env::current_exe()
                .map_err(|e| Error::Usage(format!("cannot find the casus executable: {e}")))?,
        };
        casus::sweep::slurm::emit_with(
            &root,
            &exe,
            &a.scenario,
            &seeds_text,
            a.shards,
            threads,
            a.ticks,
            &a.sbatch_arg,
        )?;
        println!(
            "wrote {0}/sweep.sbatch, {0}/merge.sbatch, {0}/submit.sh: run `bash {0}/submit.sh` on the cluster",
            root.display()
        );
        return Ok(());
    }
    let text = scenario::read_text_file(&a.scenario, scenario::LIMITS.max_file_bytes)?;
    let digest = casus::sweep::digest(&text, &plan, &doctrines, ticks);
    let p = casus::sweep::Plan {
        scenario: plan.clone(),
        doctrines,
        ticks,
        digest,
        seeds,
        shard,
        threads,
    };
    let block = shard.map_or(seeds, |s| s.block(seeds));
    let held = match held {
        Some(l) => l,
        None => casus::sweep::SweepLock::take(&root)?,
    };
    let bar = progress_bar(a.quiet, block.len(), &plan.name);
    polling(true);
    let complete = casus::sweep::run_locked(
        &p,
        &held,
        a.resume,
        &|done, _| bar.set_position(done),
        &stopped,
    )?;
    polling(false);
    bar.finish_and_clear();
    if !complete {
        return Err(Error::Interrupted(format!(
            "interrupted: the seeds finished so far are kept in {}; `casus sweep ... --resume` runs the rest",
            root.display()
        )));
    }
    if shard.is_some() {
        if !a.quiet {
            println!(
                "shard done: seeds {}..{} in {} (merge the shards with `casus merge`)",
                block.start,
                block.end,
                root.display()
            );
        }
        return Ok(());
    }
    let agg = casus::sweep::finalize_locked(std::slice::from_ref(&root), &held)?;
    if !a.quiet {
        print_sweep(&agg);
        println!("  wrote {}", root.display());
    }
    Ok(())
}

fn print_sweep(agg: &serde_json::Value) {
    println!(
        "{}: {} seeds",
        agg["scenario"].as_str().unwrap_or(""),
        agg["seeds"]
    );
    for t in agg["thresholds"].as_array().into_iter().flatten() {
        if t["crossed"].as_u64().unwrap_or(0) == 0 {
            continue;
        }
        println!(
            "  {} {} under {}: P = {:.3} [{:.3}, {:.3}], median hour {} (tick {})",
            t["state"].as_str().unwrap_or(""),
            t["threshold"].as_str().unwrap_or(""),
            t["doctrine"].as_str().unwrap_or(""),
            t["probability"].as_f64().unwrap_or(0.0),
            t["probability_ci95"][0].as_f64().unwrap_or(0.0),
            t["probability_ci95"][1].as_f64().unwrap_or(0.0),
            t["hour_quantiles"]["p50"],
            t["tick_quantiles"]["p50"]
        );
    }
    let d = &agg["harm"]["deaths"];
    println!(
        "  deaths: mean {:.1} [{:.1}, {:.1}]",
        d["mean"].as_f64().unwrap_or(0.0),
        d["ci95"][0].as_f64().unwrap_or(0.0),
        d["ci95"][1].as_f64().unwrap_or(0.0)
    );
}

fn grid_cmd(
    a: &SweepArgs,
    doctrines: Arc<law::Doctrines>,
    threads: usize,
    held: Option<casus::sweep::SweepLock>,
) -> Result<()> {
    let (sweep, base, scenario_path) = casus::sweep::grid::load(&a.scenario)?;
    let root = a.out.clone().unwrap_or_else(|| {
        std::path::Path::new("output")
            .join("sweeps")
            .join(&sweep.name)
    });
    // The grid's folder is held for the whole grid, each point's folder from its first chunk
    // through its finalize.
    let _held = match held {
        Some(l) => l,
        None => casus::sweep::SweepLock::take(&root)?,
    };
    let seeds = casus::sweep::SeedRange {
        start: sweep.seeds.0,
        end: sweep.seeds.1,
    };
    let text = scenario::read_text_file(&scenario_path, scenario::LIMITS.max_file_bytes)?;
    let n_points = casus::sweep::grid::grid_size(&sweep.parameters).unwrap_or(0);
    let mut points = Vec::new();
    let mut point_dirs: Vec<(Vec<f64>, PathBuf)> = Vec::new();
    let mut state_used = String::new();
    let mut tick_hours = 1.0;
    for k in 0..n_points {
        let values = casus::sweep::grid::point(&sweep.parameters, k);
        let values = &values;
        let mut s = base.clone();
        for (p, v) in sweep.parameters.iter().zip(values) {
            s = casus::sweep::grid::set_parameter(&s, &p.path, *v, &a.scenario)?;
        }
        scenario::validate(&s, "", &scenario_path)?;
        let plan = Arc::new(s.compile(&scenario_path)?);
        tick_hours = plan.tick_hours;
        let ticks = sweep.ticks.or(a.ticks).unwrap_or(plan.ticks);
        check_ticks(ticks)?;
        let label: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
        let dir = root
            .join("points")
            .join(casus::sweep::grid::point_dir_name(k, values));
        let digest = casus::sweep::digest(&format!("{text}{label:?}"), &plan, &doctrines, ticks);
        let p = casus::sweep::Plan {
            scenario: plan.clone(),
            doctrines: doctrines.clone(),
            ticks,
            digest,
            seeds,
            shard: None,
            threads,
        };
        let bar = progress_bar(
            a.quiet,
            seeds.len(),
            &format!("{} [{}]", sweep.name, label.join(", ")),
        );
        let point = casus::sweep::SweepLock::take(&dir)?;
        polling(true);
        let complete = casus::sweep::run_locked(
            &p,
            &point,
            a.resume,
            &|done, _| bar.set_position(done),
            &stopped,
        )?;
        polling(false);
        if !complete {
            return Err(Error::Interrupted(format!(
                "interrupted: `casus sweep {} --resume` runs the rest",
                a.scenario.display()
            )));
        }
        bar.finish_and_clear();
        let agg = casus::sweep::finalize_locked(std::slice::from_ref(&dir), &point)?;
        drop(point);
        point_dirs.push((values.clone(), dir.clone()));
        let state = sweep.state.clone().unwrap_or_else(|| {
            agg["thresholds"]
                .as_array()
                .and_then(|t| t.first())
                .and_then(|t| t["state"].as_str())
                .unwrap_or("")
                .to_string()
        });
        state_used = state.clone();
        let probabilities: Vec<serde_json::Value> = agg["thresholds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["state"] == state.as_str() && t["threshold"] == sweep.threshold.as_str())
            .map(|t| serde_json::json!({"doctrine": t["doctrine"], "probability": t["probability"], "ci95": t["probability_ci95"], "median_tick": t["tick_quantiles"]["p50"], "median_hour": t["hour_quantiles"]["p50"]}))
            .collect();
        points.push(serde_json::json!({
            "values": values,
            "dir": dir.strip_prefix(&root).unwrap_or(&dir).display().to_string(),
            "probabilities": probabilities,
            "attribution_75_tick": agg["attribution_75_tick"]["quantiles"],
            "attribution_75_hour": agg["attribution_75_tick"]["hour_quantiles"],
            "attributed_seeds": agg["attribution_75_tick"]["seeds"],
            "first_detection_tick": agg["first_detection_tick"]["quantiles"],
            "first_detection_hour": agg["first_detection_tick"]["hour_quantiles"],
            "deaths": agg["harm"]["deaths"],
        }));
    }
    let grid = serde_json::json!({
        "name": sweep.name,
        "description": sweep.description,
        "scenario": sweep.scenario,
        "seeds": [seeds.start, seeds.end],
        "parameters": sweep.parameters.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
        "state": state_used,
        "threshold": sweep.threshold,
        "doctrines": doctrines.ids(),
        "tick_hours": tick_hours,
        "points": points,
    });
    let text = serde_json::to_string_pretty(&grid).unwrap_or_default() + "\n";
    report::write_atomic(&root.join("grid.json"), text.as_bytes())?;
    let dirs: Vec<(Vec<f64>, &std::path::Path)> = point_dirs
        .iter()
        .map(|(v, d)| (v.clone(), d.as_path()))
        .collect();
    let names: Vec<String> = sweep.parameters.iter().map(|p| p.path.clone()).collect();
    report::tidy::write_grid_tables(&root, &names, &dirs)?;
    report::sweep_charts::write_grid(&grid, &root)?;
    if !a.quiet {
        for p in grid["points"].as_array().into_iter().flatten() {
            println!(
                "  {:?}: attribution to 75% at hour {} (median; tick {}), first detection at hour {} (tick {})",
                p["values"]
                    .as_array()
                    .map(|v| v.iter().map(|x| x.to_string()).collect::<Vec<_>>())
                    .unwrap_or_default(),
                p["attribution_75_hour"]["p50"],
                p["attribution_75_tick"]["p50"],
                p["first_detection_hour"]["p50"],
                p["first_detection_tick"]["p50"]
            );
            for pr in p["probabilities"].as_array().into_iter().flatten() {
                println!(
                    "      {} {}: P = {}, median hour {} (tick {})",
                    grid["threshold"].as_str().unwrap_or(""),
                    pr["doctrine"].as_str().unwrap_or(""),
                    pr["probability"],
                    pr["median_hour"],
                    pr["median_tick"]
                );
            }
        }
        println!("  wrote {}", root.display());
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn tipping_cmd(
    path: &std::path::Path,
    param: &str,
    range: &str,
    seeds: &str,
    state: Option<String>,
    threshold: &str,
    doctrine: &str,
    iterations: u32,
    threads: Option<usize>,
    json: bool,
) -> Result<()> {
    check_threads(threads)?;
    if iterations > casus::sweep::MAX_TIPPING_ITERATIONS {
        return Err(Error::Usage(format!(
            "--iterations {iterations}: expected 0 to {} (each step halves the bracket; {} steps already reach the precision of a 64-bit number)",
            casus::sweep::MAX_TIPPING_ITERATIONS,
            casus::sweep::MAX_TIPPING_ITERATIONS
        )));
    }
    let (lo, hi) = range
        .split_once("..")
        .and_then(|(a, b)| Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?)))
        .filter(|(a, b)| a.is_finite() && b.is_finite() && a < b)
        .ok_or_else(|| {
            Error::Usage(format!(
                "--range {range}: expected `LO..HI` with finite numbers LO < HI"
            ))
        })?;
    let seeds: casus::sweep::SeedRange = seeds.parse()?;
    let base = scenario::load(path)?;
    let plan = base.compile(path)?;
    let doctrines = Arc::new(law::Doctrines::builtin());
    doctrines.select(doctrine)?;
    let state = state.unwrap_or_else(|| {
        plan.campaigns
            .first()
            .and_then(|k| k.targets.first())
            .map(|&t| {
                plan.actors[plan.nodes[t as usize].owner as usize]
                    .id
                    .clone()
            })
            .unwrap_or_default()
    });
    let threshold: &'static str = match threshold {
        "use_of_force" => "use_of_force",
        "armed_attack" => "armed_attack",
        "self_defense" => "self_defense",
        "collective_self_defense" => "collective_self_defense",
        other => {
            let help = casus::error::did_you_mean(
                other,
                [
                    "use_of_force",
                    "armed_attack",
                    "self_defense",
                    "collective_self_defense",
                ],
            );
            return Err(Error::Usage(format!(
                "--threshold {other}: expected use_of_force, armed_attack, self_defense or collective_self_defense{}",
                help.map(|h| format!(" ({h})")).unwrap_or_default()
            )));
        }
    };
    if !plan.actors.iter().any(|a| a.id == state) {
        let help = casus::error::did_you_mean(&state, plan.actors.iter().map(|a| a.id.as_str()));
        return Err(Error::Usage(format!(
            "--state {state}: the scenario has no actor `{state}`{}",
            help.map(|h| format!(" ({h})")).unwrap_or_default()
        )));
    }
    let key = casus::sweep::record::Key {
        state,
        threshold,
        doctrine: doctrine.to_string(),
    };
    let result = casus::sweep::grid::tipping(
        &base,
        path,
        param,
        (lo, hi),
        &key,
        seeds,
        None,
        &doctrines,
        threads.unwrap_or_else(default_threads),
        iterations,
    )?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    } else {
        print!("{}", report::tables::tipping(&result));
    }
    Ok(())
}

fn validate(files: &[PathBuf], json: bool) -> Result<()> {
    let mut failed = Vec::new();
    let mut rows = Vec::new();
    for f in files {
        let checked = report::tables::validate_file(f);
        if !json {
            match &checked.error {
                None => println!("{}: ok ({})", f.display(), checked.detail),
                Some(e) => eprintln!("error: {e}"),
            }
        }
        if checked.error.is_some() {
            failed.push(f.display().to_string());
        }
        rows.push(checked.to_json(f));
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).unwrap_or_default()
        );
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
