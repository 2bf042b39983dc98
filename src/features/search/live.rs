//! The search index under `haven serve`: kept in memory by a thread of its own. On a large
//! site a saved page is shown at once and the index follows it a moment later, off the path of
//! the preview; on a small one (up to [`WAIT_UP_TO`] pages, where assembling the index takes
//! milliseconds) the update waits for it, so the preview is always what `haven build` writes.
//! Pages are fed in the build's order, as `haven build` does, for the same reason.
//!
//! pagefind keeps what it read of every page: an edited page is read again alone (pagefind
//! replaces its earlier version), and only the index files whose bytes changed are written.
//! Assembling the index still goes over every page's words; on a large site that takes
//! seconds (see README, "Search"), which is why it happens here and not before the page shows.
//! A change that rebuilds the whole model starts a fresh index.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use super::index::{Files, Offer, add, new_index, reduce, runtime, used_files};
use crate::fsio;

/// Sites up to this many pages get their index before an update returns.
pub const WAIT_UP_TO: usize = 500;

enum Msg {
    Page(usize, String, String),
    Reset,
    Publish(PathBuf, Option<Sender<()>>),
}

/// The index `haven serve` keeps up to date.
pub struct LiveIndex {
    tx: Mutex<Sender<Msg>>,
    /// Output paths of the pages to index → their place in the build's order.
    pages: Mutex<HashMap<PathBuf, usize>>,
    /// What was sent last per page, so an unchanged page is not read again.
    sent: Mutex<HashMap<PathBuf, blake3::Hash>>,
}

impl LiveIndex {
    /// Starts the indexing thread; it writes nothing until [`LiveIndex::publish`].
    pub fn start() -> LiveIndex {
        let (tx, rx) = channel();
        let _ = std::thread::Builder::new()
            .name("search-index-live".into())
            .spawn(move || run(rx));
        LiveIndex {
            tx: Mutex::new(tx),
            pages: Mutex::default(),
            sent: Mutex::default(),
        }
    }

    /// Forgets every page: the site's model was rebuilt; `pages` are the ones to index now.
    pub fn reset(&self, pages: impl IntoIterator<Item = PathBuf>) {
        *self.pages.lock().unwrap_or_else(|e| e.into_inner()) =
            pages.into_iter().enumerate().map(|(i, p)| (p, i)).collect();
        self.sent.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.send(Msg::Reset);
    }

    /// Writes the index into `out_dir` once the pages handed over so far are read (nothing
    /// when the site has no search page).
    pub fn publish(&self, out_dir: &Path) {
        let count = self.pages.lock().unwrap_or_else(|e| e.into_inner()).len();
        if count == 0 {
            return;
        }
        if count > WAIT_UP_TO {
            self.send(Msg::Publish(out_dir.to_path_buf(), None));
            return;
        }
        let (tx, rx) = channel();
        self.send(Msg::Publish(out_dir.to_path_buf(), Some(tx)));
        // Bounded: a stuck index must never stop the preview.
        let _ = rx.recv_timeout(Duration::from_secs(10));
    }

    fn send(&self, msg: Msg) {
        let _ = self.tx.lock().unwrap_or_else(|e| e.into_inner()).send(msg);
    }
}

impl Offer for LiveIndex {
    fn offer(&self, rel: &Path, bytes: &[u8]) {
        let place = self
            .pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            .copied();
        let Some(n) = place else { return };
        let hash = blake3::hash(bytes);
        let mut sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        if sent.get(rel) == Some(&hash) {
            return;
        }
        sent.insert(rel.to_path_buf(), hash);
        drop(sent);
        if let Some(doc) = std::str::from_utf8(bytes).ok().and_then(reduce) {
            self.send(Msg::Page(n, rel.to_string_lossy().replace('\\', "/"), doc));
        }
    }
}

/// The indexing thread: collects pages as they come; on `Publish`, once nothing else is
/// waiting, reads them in the build's order (pagefind keeps an edited page in its place),
/// assembles the index and writes what changed.
fn run(rx: Receiver<Msg>) {
    let Ok(rt) = runtime() else { return };
    rt.block_on(async move {
        let Ok(mut index) = new_index() else { return };
        let mut written: HashMap<PathBuf, blake3::Hash> = HashMap::new();
        let mut dirty = false;
        let mut waiting: BTreeMap<usize, (String, String)> = BTreeMap::new();
        let mut publish_to: Option<PathBuf> = None;
        let mut acks: Vec<Sender<()>> = Vec::new();
        loop {
            // Block for the next message only when there is nothing to publish.
            let msg = if publish_to.is_some() {
                match rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return,
                }
            };
            match msg {
                Some(Msg::Page(n, path, doc)) => {
                    waiting.insert(n, (path, doc));
                }
                Some(Msg::Reset) => {
                    if let Ok(fresh) = new_index() {
                        index = fresh;
                    }
                    waiting.clear();
                    dirty = true;
                }
                Some(Msg::Publish(dir, ack)) => {
                    publish_to = Some(dir);
                    acks.extend(ack);
                }
                None => {
                    let dir = publish_to.take().unwrap_or_default();
                    for (path, doc) in std::mem::take(&mut waiting).into_values() {
                        // A page pagefind cannot read is left out of the preview's index.
                        let _ = add(&mut index, path, doc).await;
                        dirty = true;
                    }
                    if dirty && let Ok(files) = index.get_files().await {
                        write_changed(&dir, used_files(files), &mut written);
                        dirty = false;
                    }
                    for ack in acks.drain(..) {
                        let _ = ack.send(());
                    }
                }
            }
        }
    });
}

/// Writes the files whose bytes changed (each beside its place, then renamed over it, and the
/// entry file last, so a search never meets an entry naming files not yet there), then removes
/// the index files the new index no longer has.
fn write_changed(dir: &Path, files: Files, written: &mut HashMap<PathBuf, blake3::Hash>) {
    let entry = super::bundle_path(Path::new("pagefind-entry.json"));
    let (last, rest): (Files, Files) = files.into_iter().partition(|(rel, _)| *rel == entry);
    let mut now = HashMap::new();
    for (rel, bytes) in rest.iter().chain(&last) {
        let hash = blake3::hash(bytes);
        now.insert(rel.clone(), hash);
        if written.get(rel) == Some(&hash) && dir.join(rel).is_file() {
            continue;
        }
        let target = dir.join(rel);
        let tmp = target.with_extension("haven-tmp");
        if fsio::write(&tmp, bytes).is_ok() {
            let _ = fsio::rename(&tmp, &target);
        }
    }
    for old in written.keys().filter(|k| !now.contains_key(*k)) {
        let _ = std::fs::remove_file(dir.join(old));
    }
    *written = now;
}
