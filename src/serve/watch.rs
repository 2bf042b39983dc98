//! Watching the site's inputs with notify, and folding an editor's save burst into one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// Quiet time that ends a burst. Editors save as write-temp, rename, write: those events come
/// within a few milliseconds. notify's debouncer crates wait a fixed tick (tens of ms or more)
/// before delivering anything; this waits only until the burst goes quiet, which keeps the
/// edit-to-preview time low.
const QUIET: Duration = Duration::from_millis(12);
/// A burst never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(250);

/// One burst of changes.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Changed paths, absolute, sorted, without repeats.
    pub paths: Vec<PathBuf>,
    /// Set when the watcher reported an error or lost events (an overflowing queue, a folder
    /// it could not watch): what changed is unknown, so the whole site must be rebuilt. The
    /// text says why, for the terminal.
    pub lost: Option<String>,
}

/// The folders under the site root that hold what the site is built from (`config.toml` is
/// watched through the root itself).
fn inputs(theme: &str) -> [String; 4] {
    [
        crate::content::CONTENT_DIR.to_string(),
        format!("themes/{theme}"),
        "static".into(),
        "templates".into(),
    ]
}

/// Watches `content/`, the theme, `static/`, `templates/` and `config.toml` under `root`
/// (absolute). An input folder created after the preview started is watched from then on.
/// The watcher lives as long as the receiver is read; batches of changes arrive on it.
pub fn watch(root: &Path, theme: &str) -> notify::Result<Receiver<Batch>> {
    let (raw_tx, raw_rx) = channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(raw_tx)?;
    let dirs: Vec<PathBuf> = inputs(theme).iter().map(|d| root.join(d)).collect();
    for p in &dirs {
        if p.is_dir() {
            watcher.watch(p, RecursiveMode::Recursive)?;
        }
    }
    // The root itself, not recursively, so the output folder is never watched; this also
    // sees `content/` or `static/` appear.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut watcher = watcher;
        while let Ok(first) = raw_rx.recv() {
            let started = Instant::now();
            let mut batch = Batch::default();
            collect(first, &mut batch);
            loop {
                let left = MAX_WAIT.saturating_sub(started.elapsed());
                if left.is_zero() {
                    break;
                }
                match raw_rx.recv_timeout(QUIET.min(left)) {
                    Ok(ev) => collect(ev, &mut batch),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            for d in &dirs {
                if batch.paths.contains(d)
                    && d.is_dir()
                    && let Err(e) = watcher.watch(d, RecursiveMode::Recursive)
                {
                    batch.lost = Some(format!("could not watch {}: {e}", d.display()));
                }
            }
            batch.paths.sort();
            batch.paths.dedup();
            if (!batch.paths.is_empty() || batch.lost.is_some()) && tx.send(batch).is_err() {
                return;
            }
        }
    });
    Ok(rx)
}

fn collect(ev: notify::Result<notify::Event>, out: &mut Batch) {
    let ev = match ev {
        Ok(ev) => ev,
        Err(e) => {
            out.lost = Some(format!("the file watcher reported an error ({e})"));
            return;
        }
    };
    if ev.need_rescan() {
        out.lost = Some("the file watcher missed some changes".into());
    }
    if matches!(ev.kind, EventKind::Access(_)) {
        return;
    }
    out.paths.extend(ev.paths);
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::Flag;

    #[test]
    fn lost_events_and_watcher_errors_ask_for_a_full_rebuild() {
        let mut b = Batch::default();
        collect(
            Ok(notify::Event::new(EventKind::Other).set_flag(Flag::Rescan)),
            &mut b,
        );
        assert!(b.lost.is_some());
        let mut b = Batch::default();
        collect(Err(notify::Error::generic("queue overflow")), &mut b);
        assert!(b.lost.unwrap().contains("queue overflow"));
        let mut b = Batch::default();
        collect(
            Ok(notify::Event::new(EventKind::Any).add_path("/site/content/a.md".into())),
            &mut b,
        );
        assert_eq!((b.paths.len(), b.lost), (1, None));
    }
}
