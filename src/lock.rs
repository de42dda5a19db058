//! Lock files for output folders, and what a process removes when it ends.
//!
//! A folder being written (a run folder, a chart set re-rendered in place, a sweep folder) is
//! guarded by a lock file holding an advisory lock (`flock`), which the system releases when
//! the process ends however it ends. The lock file itself is removed when the work ends
//! normally or with an error ([`Lock`]'s `Drop`) and when a signal ends the process
//! ([`exit_cleanly`], called by the signal watcher). A lock file that outlives its process
//! (one killed with SIGKILL, or a power cut) is stale: nobody holds its lock, so the next
//! process takes it over; it re-checks after locking that the file it locked is still the one
//! on disk, so that two processes can never both believe they hold one folder.
//!
//! Paths a process must remove if a signal ends it (staging folders, lock files) are kept in a
//! [`registry`]; work that must not be cut in half by a signal (swapping a staging folder in)
//! holds the registry while it runs, and [`exit_cleanly`] waits for it.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What a registered path is, so that [`exit_cleanly`] removes it the right way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A file (a lock file).
    File,
    /// A folder and everything in it (a staging folder).
    Folder,
}

/// Paths to remove if a signal ends the process.
#[derive(Debug, Default)]
pub struct Registry {
    next: u64,
    entries: Vec<(u64, PathBuf, Kind)>,
}

impl Registry {
    /// Registers `path`; returns the id that [`Registry::remove`] takes.
    pub fn add(&mut self, path: PathBuf, kind: Kind) -> u64 {
        self.next += 1;
        self.entries.push((self.next, path, kind));
        self.next
    }

    /// Forgets the path registered under `id` (it was removed, or is no longer temporary).
    pub fn remove(&mut self, id: u64) {
        self.entries.retain(|(i, _, _)| *i != id);
    }

    /// Removes every registered path, latest first, and forgets them.
    fn clean(&mut self) {
        while let Some((_, path, kind)) = self.entries.pop() {
            let _ = match kind {
                Kind::File => std::fs::remove_file(&path),
                Kind::Folder => std::fs::remove_dir_all(&path),
            };
        }
    }
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    entries: Vec::new(),
});

/// The registry of paths to remove on a signal. Holding it keeps [`exit_cleanly`] waiting,
/// so a short step that must not be cut in half (renaming folders) holds it while it runs.
pub fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|p| p.into_inner())
}

/// Removes every registered staging folder and lock file, then ends the process with `code`.
/// Waits for a step that holds the [`registry`] to finish first.
pub fn exit_cleanly(code: i32) -> ! {
    let mut reg = registry();
    reg.clean();
    std::process::exit(code)
}

fn io_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A held lock on a folder. Dropping it removes the lock file and releases the lock.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    file: Option<std::fs::File>,
    id: u64,
}

/// Whether the open `file` is the file at `path` now (not one unlinked or replaced since).
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

impl Lock {
    /// Takes the lock file `path` (created if needed) for the folder `what`, failing at once,
    /// with exit code 2 and the holder's process id, if another process holds it. A lock file
    /// nobody holds (left by a process that was killed) is taken over.
    pub fn acquire(path: &Path, what: &Path) -> Result<Lock> {
        crate::report::check_target(path)?;
        // A few tries: another process may remove the file between our open and our lock.
        for _ in 0..8 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(path)
                .map_err(io_write(path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = std::fs::read_to_string(path).unwrap_or_default();
                    let holder = holder.trim();
                    let by = if holder.is_empty() {
                        String::new()
                    } else {
                        format!(", process {holder}")
                    };
                    return Err(Error::Usage(format!(
                        "{} is being written by another casus process (it holds {}{by}): wait for it to finish, or choose another --out",
                        what.display(),
                        path.display()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_write(path)(e)),
            }
            if !same_file(&file, path) {
                // The holder removed it as we opened it: what we locked is no longer the lock.
                continue;
            }
            use std::io::{Seek, Write};
            let mut f = &file;
            let _ = f.set_len(0);
            let _ = f.seek(std::io::SeekFrom::Start(0));
            let _ = writeln!(f, "{}", std::process::id());
            let id = registry().add(path.to_path_buf(), Kind::File);
            return Ok(Lock {
                path: path.to_path_buf(),
                file: Some(file),
                id,
            });
        }
        Err(Error::Write {
            path: path.to_path_buf(),
            message:
                "the lock file kept changing under us: is another process creating and removing it?"
                    .into(),
        })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let mut reg = registry();
        // Removed while still locked, so that no other process locks this file in between;
        // one that opened it before the removal finds after locking that it is gone and
        // opens the path again.
        if let Some(file) = &self.file
            && same_file(file, &self.path)
        {
            let _ = std::fs::remove_file(&self.path);
        }
        self.file = None;
        reg.remove(self.id);
    }
}
