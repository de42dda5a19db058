//! The lock a sweep holds on its folder, from before `--force` clears it, through every chunk,
//! to the aggregates and charts its finalize writes.
//!
//! A sweep folder is guarded by `sweep.lock` inside it (see [`crate::lock`]). Taking that lock
//! once and passing it on (to [`super::run_locked`] and then [`super::finalize_locked`]) leaves
//! no moment between the last chunk and the aggregates at which another process could take the
//! folder over: a second `casus sweep` (with `--resume` or `--force`) or a `casus merge` into
//! the same folder fails at once, whenever it starts, until the first process has finished.

use crate::error::{Error, Result};
use crate::lock::Lock;
use std::path::{Path, PathBuf};

/// The name of the lock file inside a sweep folder.
pub const LOCK_FILE: &str = "sweep.lock";

/// A sweep folder held by this process. Dropping it removes the lock file and releases the
/// lock.
#[derive(Debug)]
pub struct SweepLock {
    dir: PathBuf,
    lock: Lock,
}

impl SweepLock {
    /// Creates the folder `dir` if needed and takes its lock, failing at once (exit code 2,
    /// with the holder's process id) if another process holds it.
    pub fn take(dir: &Path) -> Result<SweepLock> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Write {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let lock = Lock::acquire(&dir.join(LOCK_FILE), dir)?;
        Ok(SweepLock {
            dir: dir.to_path_buf(),
            lock,
        })
    }

    /// The folder held.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        self.lock.path()
    }

    /// Empties the held folder for `--force`, keeping only the lock file, so that the folder is
    /// never unguarded between the old sweep's removal and the new one's start. Refuses a
    /// folder that holds something other than a sweep (no `sweep.json` or `grid.json`).
    pub fn clear(&self) -> Result<()> {
        let dir = &self.dir;
        let read_err = |e: std::io::Error| Error::Read {
            path: dir.to_path_buf(),
            message: e.to_string(),
        };
        let mut entries = Vec::new();
        for e in std::fs::read_dir(dir).map_err(read_err)? {
            let e = e.map_err(read_err)?;
            if e.file_name() != LOCK_FILE {
                entries.push(e);
            }
        }
        if entries.is_empty() {
            return Ok(());
        }
        if !(dir.join("sweep.json").exists() || dir.join("grid.json").exists()) {
            return Err(Error::Usage(format!(
                "{} is not a sweep folder (it has no sweep.json or grid.json): --force replaces only sweeps; choose another --out",
                dir.display()
            )));
        }
        // Sorted, so that a failure part-way always leaves the same files behind.
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            // Not followed: a symbolic link is removed, never what it points to.
            let is_dir = e.file_type().map(|t| t.is_dir()).unwrap_or(false);
            let removed = if is_dir {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            removed.map_err(|e| Error::Write {
                path: path.clone(),
                message: format!("cannot remove the old sweep: {e}"),
            })?;
        }
        Ok(())
    }
}
