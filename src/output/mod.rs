//! Writing the site: everything goes into a staging folder beside the output folder, which is
//! swapped in only when the whole build has succeeded. A failed or interrupted build leaves the
//! previous output exactly as it was.

pub mod assets;
pub mod feed;
pub mod redirect;
pub mod sitemap;

use std::path::{Path, PathBuf};

use crate::fsio::{self, IoError};

/// A build's output folder in the making.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target` (removing leftovers of interrupted builds).
    pub fn new(target: &Path) -> Result<Staging, IoError> {
        let target = absolute(target);
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        fsio::create_dir_all(&parent)?;
        remove_abandoned(&parent, &name);
        let dir = parent.join(format!("{name}.haven-staging-{}", std::process::id()));
        fsio::remove_dir_all(&dir)?;
        fsio::create_dir_all(&dir)?;
        Ok(Staging { dir, target, committed: false })
    }

    /// The staging folder (write here).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `contents` at `rel` inside the staging folder.
    pub fn write(&self, rel: &Path, contents: impl AsRef<[u8]>) -> Result<(), IoError> {
        fsio::write(&self.dir.join(rel), contents)
    }

    /// Swaps the staging folder in as the output. On Linux this is one atomic exchange.
    pub fn commit(mut self) -> Result<(), IoError> {
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_err() {
                // Not atomic, but each step leaves a complete site in one of the two places.
                let old = self.dir.with_extension("old");
                fsio::rename(&self.target, &old)?;
                fsio::rename(&self.dir, &self.target)?;
                fsio::remove_dir_all(&old)?;
                self.committed = true;
                return Ok(());
            }
            // After the exchange the staging name holds the previous build.
            fsio::remove_dir_all(&self.dir)?;
        } else {
            fsio::rename(&self.dir, &self.target)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
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
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else { continue };
        let pid = pid.trim_end_matches(".old");
        let alive = Path::new("/proc").join(pid).exists() && pid != std::process::id().to_string();
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}
