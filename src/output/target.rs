//! Where a site may be written. A build replaces its output folder as a whole (it swaps in the
//! staging folder), so that folder must hold nothing but a built site: never the site folder,
//! never a folder Haven reads from, never a link to somewhere else.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The folders and files of a site folder that Haven reads.
const SOURCES: [&str; 5] = ["content", "themes", "static", "templates", "config.toml"];

/// Checks, before anything is moved, that `target` can be the output folder of the site in
/// `root`. The error names the folder as given and says why not.
pub fn check_target(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    let refuse = |why: String| {
        Err(Diagnostic::error(shown(root, target), 0, 0, format!(
            "Haven cannot build into `{}`: {why}",
            shown(root, target).display()
        ))
        .with_hint("build into a folder of its own: leave out --output to use public/ in the site folder, or name a new folder, e.g. --output ../site-public"))
    };
    if let Ok(m) = std::fs::symlink_metadata(target) {
        if m.file_type().is_symlink() {
            let to = std::fs::read_link(target).unwrap_or_default();
            return refuse(format!(
                "it is a link to `{}`, and each build replaces the output folder as a whole, so it must be a real folder",
                to.display()
            ));
        }
        if !m.is_dir() {
            return refuse("it is a file, not a folder".into());
        }
    }
    let (Some(site), Some(out)) = (real_path(root), real_path(target)) else {
        // Nothing to compare with; the build reports the folder it cannot create.
        return Ok(());
    };
    if out == site {
        return refuse("it is the site folder itself, and the build would move it away".into());
    }
    if site.starts_with(&out) {
        return refuse("it holds the site folder, and the build would move it away".into());
    }
    // `content` may be a link to a folder elsewhere: that folder is a source too.
    let sources: Vec<(&str, PathBuf)> = SOURCES
        .iter()
        .map(|s| (*s, real_path(&site.join(s)).unwrap_or_else(|| site.join(s))))
        .collect();
    if let Some((source, real)) = sources.iter().find(|(_, real)| out.starts_with(real)) {
        let how = if out == *real {
            "it is"
        } else {
            "it is inside"
        };
        return refuse(format!("{how} `{source}`, which Haven reads the site from"));
    }
    if let Some((source, _)) = sources.iter().find(|(_, real)| real.starts_with(&out)) {
        return refuse(format!(
            "it holds the folder `{source}` leads to, which Haven reads the site from, and the build would move it away"
        ));
    }
    // A built site may well have a `templates/` or `content/` page of its own, so one such
    // name is not enough: a site folder has `config.toml`, or several of these.
    let held: Vec<&str> = SOURCES
        .iter()
        .copied()
        .filter(|s| out.join(s).exists())
        .collect();
    if held.contains(&"config.toml") || held.len() >= 2 {
        let (last, rest) = held.split_last().unwrap_or((&"", &[]));
        let list = if rest.is_empty() {
            format!("`{last}`")
        } else {
            format!("`{}` and `{last}`", rest.join("`, `"))
        };
        return refuse(format!(
            "it holds {list}, so it looks like a site folder, and the build would replace everything in it"
        ));
    }
    Ok(())
}

/// `path` without links, `.` or `..`, also when its last parts do not exist yet.
fn real_path(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut missing = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut out = real;
            out.extend(missing.iter().rev());
            return Some(out);
        }
        missing.push(existing.file_name()?.to_os_string());
        existing = existing.parent()?;
    }
}

/// The folder as staff know it: relative to the site folder when it is inside it.
fn shown(root: &Path, target: &Path) -> PathBuf {
    target
        .strip_prefix(root)
        .ok()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| target.to_path_buf())
}
