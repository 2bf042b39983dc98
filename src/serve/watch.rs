//! Watching the site's inputs with notify, and folding an editor's save burst into one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// Quiet time that ends a burst. Editors save as write-temp, rename, write: those events come
/// within a few milliseconds. notify's debouncer crates wait a fixed tick (tens of ms or more)
/// before delivering anything; this waits only until the burst goes quiet, which keeps the
/// edit-to-preview time low.
const QUIET: Duration = Duration::from_millis(12);
/// A burst never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// Watches `content/`, the theme, `static/`, `templates/` and `config.toml` under `root`.
/// The watcher must be kept alive; batches of changed paths arrive on the receiver.
pub fn watch(
    root: &Path,
    theme: &str,
) -> notify::Result<(RecommendedWatcher, Receiver<Vec<PathBuf>>)> {
    let (raw_tx, raw_rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    for dir in [
        "content".to_string(),
        format!("themes/{theme}"),
        "static".into(),
        "templates".into(),
    ] {
        let p = root.join(dir);
        if p.is_dir() {
            watcher.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    // config.toml: watch the root itself, not recursively, so the output folder is never watched.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        while let Ok(first) = raw_rx.recv() {
            let started = Instant::now();
            let mut paths = Vec::new();
            collect(first, &mut paths);
            loop {
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match raw_rx.recv_timeout(QUIET.min(left)) {
                    Ok(ev) => collect(ev, &mut paths),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            paths.sort();
            paths.dedup();
            if !paths.is_empty() && tx.send(paths).is_err() {
                return;
            }
        }
    });
    Ok((watcher, rx))
}

fn collect(ev: notify::Result<notify::Event>, out: &mut Vec<PathBuf>) {
    let Ok(ev) = ev else { return };
    if matches!(ev.kind, EventKind::Access(_)) {
        return;
    }
    out.extend(ev.paths);
}
