//! Writing the site. The write stage (`build/write.rs`) hands every file to a [`Sink`]: for
//! `haven build` a staging folder beside the output folder, swapped in only when the whole
//! build has succeeded (a failed or interrupted build leaves the previous output exactly as it
//! was); for `haven serve` the live folder, file by file and only what changed (`live.rs`).
//! Also here: the formats Haven writes itself (feeds, sitemaps, redirects, security headers)
//! and the static files' hashed names ([`assets`]).

pub mod assets;
pub mod feed;
pub(crate) mod live;
pub mod redirect;
pub mod security;
pub mod sitemap;
mod target;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::fsio::{self, IoError, Tree};
pub use target::check_target;

/// Where the write stage puts files: a build's staging folder, `haven serve`'s live output
/// folder (`live.rs`), or nowhere (`haven check`, the editor's preview).
pub trait Sink: Sync {
    /// Writes one file, `rel` relative to the output folder.
    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), IoError>;
    /// Copies a file as it is (static files, content assets).
    fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError>;
}

impl Sink for Staging {
    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), IoError> {
        self.write(rel, bytes)
    }

    fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        Staging::copy(self, from, rel)
    }
}

/// A sink that drops everything.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &Path, _: &[u8]) -> Result<(), IoError> {
        Ok(())
    }

    fn copy(&self, _: &Path, _: &Path) -> Result<(), IoError> {
        Ok(())
    }
}

/// A build's output folder in the making.
///
/// The folder that held the previous build is kept (hidden, beside the output) and reused as
/// the next build's staging folder: writing over files that exist is much cheaper for the file
/// system than deleting a whole tree and creating every folder and file again (on ext4, new
/// inodes next to freshly deleted ones are slow to allocate). Files the new build does not
/// write are removed before the swap, so nothing of an earlier build lingers. The kept folder
/// is removed instead when the disk is short of room (see [`keep_previous`]).
///
/// Every write goes through a [`Tree`]: nothing is written outside the staging folder, and a
/// link found in it is replaced, never written through.
#[derive(Debug)]
pub struct Staging {
    tree: Tree,
    dir: PathBuf,
    target: PathBuf,
    /// Bytes written, to judge whether keeping a copy of the site is worth its room.
    bytes: AtomicU64,
    committed: bool,
    /// Reused across builds (kept after commit); otherwise a one-off folder for this process.
    recycled: bool,
    /// What this build wrote, to prune the rest (not kept when the folder started empty).
    written: Mutex<HashSet<PathBuf>>,
    _lock: Option<std::fs::File>,
}

impl Staging {
    /// Prepares a staging folder beside `target`.
    pub fn new(target: &Path) -> Result<Staging, IoError> {
        let target = absolute(target);
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            // `check_target` explains this to staff; this is the last guard.
            return Err(IoError {
                action: "use as the output folder",
                path: target,
                source: std::io::Error::other("it is a link to another place"),
            });
        }
        fsio::create_dir_all(&parent)?;
        remove_abandoned(&parent, &name);
        // One build at a time may reuse the kept folder; a second one at the same time gets a
        // folder of its own. The lock file is opened without following a link or emptying it:
        // `File::create` would empty whatever file a link there points to.
        let lock = fsio::open_own_file(&parent.join(format!(".{name}.haven-lock")))
            .ok()
            .filter(|f| f.try_lock().is_ok());
        let (dir, recycled) = match lock {
            Some(_) => (parent.join(format!(".{name}.haven-previous")), true),
            None => (
                parent.join(format!("{name}.haven-staging-{}", std::process::id())),
                false,
            ),
        };
        let is_folder = std::fs::symlink_metadata(&dir).map(|m| m.is_dir());
        // Not kept from an earlier build: it starts empty.
        let empty = !recycled || !is_folder.as_ref().is_ok_and(|d| *d);
        if !recycled || is_folder.is_ok_and(|d| !d) {
            // A one-off folder starts empty; a kept "folder" that is a link or a file is
            // replaced (removing a link removes only the link).
            fsio::remove_dir_all(&dir)?;
            let _ = std::fs::remove_file(&dir);
        }
        fsio::create_dir_all(&dir)?;
        Ok(Staging {
            tree: if empty {
                Tree::new_empty(dir.clone())
            } else {
                Tree::new(dir.clone())
            },
            bytes: AtomicU64::new(0),
            dir,
            target,
            committed: false,
            recycled,
            written: Mutex::default(),
            _lock: lock,
        })
    }

    /// The staging folder (write here).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `contents` at `rel` inside the staging folder.
    pub fn write(&self, rel: &Path, contents: impl AsRef<[u8]>) -> Result<(), IoError> {
        let contents = contents.as_ref();
        self.tree.overwrite(rel, contents)?;
        self.record(rel, contents.len() as u64);
        Ok(())
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        self.tree.copy(from, rel)?;
        let len = std::fs::metadata(from).map(|m| m.len()).unwrap_or(0);
        self.record(rel, len);
        Ok(())
    }

    fn record(&self, rel: &Path, len: u64) {
        self.bytes.fetch_add(len, Ordering::Relaxed);
        if self.tree.started_empty() {
            return;
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf());
    }

    /// Removes what this build did not write, then swaps the staging folder in as the output.
    /// On Linux the swap is one atomic exchange.
    pub fn commit(mut self) -> Result<(), IoError> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        // A folder that started empty holds only what this build wrote: walking it (a third of
        // a large first build's system calls) would find nothing to remove.
        if !self.tree.started_empty() {
            prune(&self.dir, &written);
        }
        if std::fs::symlink_metadata(&self.target).is_ok() {
            if exchange(&self.dir, &self.target).is_err() {
                // Not atomic, but each step leaves a complete site in one of the two places.
                let old = self.dir.with_extension("old");
                fsio::rename(&self.target, &old)?;
                fsio::rename(&self.dir, &self.target)?;
                fsio::remove_dir_all(&old)?;
                self.committed = true;
                return Ok(());
            }
            // After the exchange the staging name holds the previous build: keep it for the
            // next build to write over, or remove a one-off folder, or one there is no room for.
            let site = self.bytes.load(Ordering::Relaxed);
            if !self.recycled || !keep_previous(free_space(&self.dir), site) {
                fsio::remove_dir_all(&self.dir)?;
            }
        } else {
            fsio::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && !self.recycled {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether the folder that held the previous build is worth keeping for the next build to
/// write over: only while the disk keeps room for four more copies of the site and 512 MiB
/// besides. Below that, the copy (as large as the site) is removed; the next build then
/// creates every file anew, which is slower but needs no room beyond its own.
pub fn keep_previous(free_bytes: Option<u64>, site_bytes: u64) -> bool {
    const MARGIN: u64 = 512 * 1024 * 1024;
    match free_bytes {
        Some(free) => free >= site_bytes.saturating_mul(4).saturating_add(MARGIN),
        // When the room cannot be measured, keep it: it is what makes repeated builds fast.
        None => true,
    }
}

/// Bytes free for this user on the disk that holds `dir`.
fn free_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Deletes every file under `dir` that is not in `keep`, and folders left empty. Top-level
/// folders are walked in parallel: on a large site this walk is most of the commit's time.
/// Links are never followed: one that was not written by this build is removed (only the link).
fn prune(dir: &Path, keep: &HashSet<PathBuf>) {
    use rayon::prelude::*;
    let top: Vec<(PathBuf, bool)> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| (e.path(), e.file_type().is_ok_and(|t| t.is_dir())))
                .collect()
        })
        .unwrap_or_default();
    top.par_iter().for_each(|(entry, is_dir)| {
        if *is_dir {
            prune_tree(dir, entry, keep);
        } else if !keep.contains(entry.strip_prefix(dir).unwrap_or(entry)) {
            let _ = std::fs::remove_file(entry);
        }
    });
}

fn prune_tree(dir: &Path, start: &Path, keep: &HashSet<PathBuf>) {
    let mut dirs = Vec::new();
    for e in walkdir::WalkDir::new(start).into_iter().flatten() {
        let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
        if e.file_type().is_dir() {
            dirs.push(e.path().to_path_buf());
        } else if !keep.contains(rel) {
            let _ = std::fs::remove_file(e.path());
        }
    }
    // Deepest first, so a folder is empty once its children are gone; a folder that still
    // holds files refuses, which is what we want.
    for d in dirs.iter().rev() {
        let _ = std::fs::remove_dir(d);
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this system"))
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Removes staging folders left by builds whose process is gone (a crash or Ctrl-C).
fn remove_abandoned(parent: &Path, name: &str) {
    let prefix = format!("{name}.haven-staging-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        let alive = Path::new("/proc").join(pid).exists() && pid != std::process::id().to_string();
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::keep_previous;

    #[test]
    fn the_previous_build_is_kept_only_with_room_to_spare() {
        const MB: u64 = 1024 * 1024;
        assert!(keep_previous(Some(10_000 * MB), 100 * MB));
        assert!(!keep_previous(Some(800 * MB), 100 * MB));
        assert!(!keep_previous(Some(100 * MB), MB));
        assert!(keep_previous(None, 100 * MB));
    }
}
