//! Where `haven serve` writes: the live output folder, file by file and only what changed,
//! or (for its first build) a recording staging folder.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Sink, Staging};
use crate::fsio::{self, IoError, Tree};

/// Writes into the live output folder, only when a file's bytes changed, each file atomically.
/// Writes and deletes go through a [`Tree`]: they stay inside the folder and replace a link
/// instead of following it.
pub(crate) struct LiveSink {
    pub(crate) tree: Tree,
    pub(crate) written: Mutex<HashMap<PathBuf, blake3::Hash>>,
    pub(crate) changed: Mutex<Vec<PathBuf>>,
    pub(crate) produced: Mutex<BTreeSet<PathBuf>>,
}

impl LiveSink {
    pub(crate) fn new(dir: PathBuf, written: HashMap<PathBuf, blake3::Hash>) -> Self {
        LiveSink {
            tree: Tree::new(dir),
            written: Mutex::new(written),
            changed: Mutex::default(),
            produced: Mutex::default(),
        }
    }
}

impl Sink for LiveSink {
    fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        self.put(rel, &fsio::read(from)?)
    }

    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), IoError> {
        let hash = blake3::hash(bytes);
        self.produced
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf());
        if self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            == Some(&hash)
        {
            return Ok(());
        }
        // Written beside and renamed over, so the server never sends a half-written file.
        self.tree.replace(rel, bytes)?;
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf(), hash);
        self.changed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(rel.to_path_buf());
        Ok(())
    }
}

/// Records what a first build writes into its staging folder.
pub(crate) struct RecordingStaging<'a> {
    pub(crate) staging: &'a Staging,
    pub(crate) written: Mutex<HashMap<PathBuf, blake3::Hash>>,
}

impl Sink for RecordingStaging<'_> {
    fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        self.put(rel, &fsio::read(from)?)
    }

    fn put(&self, rel: &Path, bytes: &[u8]) -> Result<(), IoError> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf(), blake3::hash(bytes));
        self.staging.write(rel, bytes)
    }
}
