//! Running a sweep beyond one machine: an sbatch job array (one block of seeds per task) and a
//! merge job that depends on it.

use crate::error::{Error, Result};
use crate::report::write_atomic;
use std::path::Path;

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Writes `sweep.sbatch`, `merge.sbatch` and `submit.sh` into `dir`: an array of `shards`
/// tasks, each running `casus sweep ... --shard auto` into `dir/shard-<i>`, then a merge into
/// `dir/merged` once all succeed. [`emit_with`] with no extra sbatch options.
pub fn emit(
    dir: &Path,
    casus: &Path,
    scenario: &Path,
    seeds: &str,
    shards: u32,
    threads: usize,
    ticks: Option<u32>,
) -> Result<()> {
    emit_with(dir, casus, scenario, seeds, shards, threads, ticks, &[])
}

/// Checks one `--sbatch-arg`: an sbatch option (`--partition=short`, `-t 2:00:00`) on one
/// line.
fn check_sbatch_arg(arg: &str) -> Result<()> {
    if !arg.starts_with('-') || arg.contains(['\n', '\r']) || arg.trim() != arg {
        return Err(Error::Usage(format!(
            "--sbatch-arg {arg:?}: expected one sbatch option on one line, e.g. `--partition=short`, `--time=02:00:00` or `--account=lab`"
        )));
    }
    Ok(())
}

/// [`emit`], with `sbatch_args` (sbatch options such as `--partition=short`) written as
/// `#SBATCH` lines of both jobs. `casus` is the binary the jobs run, written as its resolved
/// absolute path.
#[allow(clippy::too_many_arguments)]
pub fn emit_with(
    dir: &Path,
    casus: &Path,
    scenario: &Path,
    seeds: &str,
    shards: u32,
    threads: usize,
    ticks: Option<u32>,
    sbatch_args: &[String],
) -> Result<()> {
    for a in sbatch_args {
        check_sbatch_arg(a)?;
    }
    if shards == 0 {
        return Err(Error::Usage("--shards must be at least 1".into()));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .display()
            .to_string()
    };
    let (casus, scenario, out) = (abs(casus), abs(scenario), abs(dir));
    if !Path::new(&casus).is_file() {
        return Err(Error::Usage(format!(
            "--casus {casus}: no such file: the jobs would not find casus (give the path of the binary on the cluster's shared file system)"
        )));
    }
    let extra: String = sbatch_args
        .iter()
        .map(|a| format!("#SBATCH {a}\n"))
        .collect();
    let ticks_arg = ticks.map(|t| format!(" --ticks {t}")).unwrap_or_default();
    let sweep = format!(
        "#!/bin/bash\n#SBATCH --job-name=casus-sweep\n#SBATCH --array=0-{last}\n#SBATCH --cpus-per-task={threads}\n#SBATCH --output={out}/slurm-%A_%a.out\n{extra}set -euo pipefail\n# Each task runs one block of seeds; SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT pick it.\nexec {casus} sweep {scenario} --seeds {seeds}{ticks_arg} --shard auto --threads {threads} --out {out}/shard-$SLURM_ARRAY_TASK_ID --quiet --resume\n",
        last = shards - 1,
        casus = quote(&casus),
        scenario = quote(&scenario),
        out = out,
    );
    let merge = format!(
        "#!/bin/bash\n#SBATCH --job-name=casus-merge\n#SBATCH --output={out}/slurm-merge-%j.out\n{extra}set -euo pipefail\nexec {casus} merge {shards} --out {out}/merged\n",
        casus = quote(&casus),
        shards = (0..shards)
            .map(|i| format!("{out}/shard-{i}"))
            .collect::<Vec<_>>()
            .join(" "),
    );
    let submit = format!(
        "#!/bin/bash\n# Submits the sweep as a job array, and the merge to run once every task has succeeded.\nset -euo pipefail\ncd {dir}\nJ=$(sbatch --parsable sweep.sbatch)\nM=$(sbatch --parsable --dependency=afterok:$J merge.sbatch)\necho \"array job $J, merge job $M; results in {out}/merged\"\n",
        dir = quote(&out),
    );
    write_atomic(&dir.join("sweep.sbatch"), sweep.as_bytes())?;
    write_atomic(&dir.join("merge.sbatch"), merge.as_bytes())?;
    write_atomic(&dir.join("submit.sh"), submit.as_bytes())?;
    Ok(())
}
