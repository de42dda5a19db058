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
/// `dir/merged` once all succeed.
pub fn emit(
    dir: &Path,
    casus: &Path,
    scenario: &Path,
    seeds: &str,
    shards: u32,
    threads: usize,
    ticks: Option<u32>,
) -> Result<()> {
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
    let ticks_arg = ticks.map(|t| format!(" --ticks {t}")).unwrap_or_default();
    let sweep = format!(
        "#!/bin/bash\n#SBATCH --job-name=casus-sweep\n#SBATCH --array=0-{last}\n#SBATCH --cpus-per-task={threads}\n#SBATCH --output={out}/slurm-%A_%a.out\nset -euo pipefail\n# Each task runs one block of seeds; SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT pick it.\nexec {casus} sweep {scenario} --seeds {seeds}{ticks_arg} --shard auto --threads {threads} --out {out}/shard-$SLURM_ARRAY_TASK_ID --quiet --resume\n",
        last = shards - 1,
        casus = quote(&casus),
        scenario = quote(&scenario),
        out = out,
    );
    let merge = format!(
        "#!/bin/bash\n#SBATCH --job-name=casus-merge\n#SBATCH --output={out}/slurm-merge-%j.out\nset -euo pipefail\nexec {casus} merge {shards} --out {out}/merged\n",
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
