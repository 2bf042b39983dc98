//! Walking the folders a site is read from (`content/`, `static/`, the theme), with two rules
//! that keep a build from publishing what nobody meant to publish:
//! - links (symbolic links) are not followed. One that leads outside the site folder is an
//!   error naming it (a `static` linked to `/etc` would publish the computer's settings); one
//!   that stays inside, or leads nowhere, is skipped with a warning. The one link followed is
//!   `content` itself, when it leads to a folder holding `_index.md` (the site's pages kept
//!   elsewhere); that folder then counts as part of the site;
//! - file and folder names that Windows cannot check out, or that hide their real spelling
//!   behind direction-changing characters, are errors (see [`super::names`]).

use std::path::{Path, PathBuf};

use super::{CONTENT_DIR, names};
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;

/// What a walk found: the plain files, in sorted order, and the problems.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every plain file under the folder (full paths).
    pub files: Vec<PathBuf>,
    /// Links and odd names found on the way.
    pub problems: Vec<Diagnostic>,
}

/// Walks `dir` (inside the site folder `root`) in file-name order, never following a link.
/// Entries for which `skip` says true (hidden files, say) are left out with what is under
/// them. A missing folder is an empty walk.
pub fn walk(root: &Path, dir: &Path, skip: impl Fn(&Path) -> bool) -> Walk {
    let mut out = Walk::default();
    let site = Bounds::of(root);
    if let Some(link) = link_on_the_way(root, dir, site.content.is_some()) {
        out.problems.extend(link_problem(root, &site, &link));
        return out;
    }
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() == dir || !skip(e.path()));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                if e.io_error().map(std::io::Error::kind) != Some(std::io::ErrorKind::NotFound) {
                    let p = e.path().unwrap_or(dir).to_path_buf();
                    out.problems.push(Diagnostic::error(
                        shown(root, &p),
                        0,
                        0,
                        format!("could not read: {e}"),
                    ));
                }
                continue;
            }
        };
        // The walk's own folder was judged above (`content` may be a link that is followed,
        // and walkdir then still calls it a link).
        if entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        out.problems
            .extend(names::problem(&name).map(|p| p.diagnostic(shown(root, entry.path()))));
        let kind = entry.file_type();
        if kind.is_symlink() {
            out.problems.extend(link_problem(root, &site, entry.path()));
        } else if kind.is_file() {
            out.files.push(entry.into_path());
        }
    }
    out
}

/// Checks the folders and files every build reads before their contents are read:
/// `config.toml`, and (with the theme's name) `content/`, `static/`, `templates/`, the theme
/// and its `static/`, `templates/` and `i18n/` (with each strings file). A link among them that
/// leads outside the site folder is an error; the walks report the rest.
pub fn check_top(root: &Path, theme: Option<&str>) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let site = Bounds::of(root);
    let mut paths: Vec<PathBuf> = vec![root.join(CONFIG_FILE)];
    let mut problems = Vec::new();
    if let Some(theme) = theme {
        let theme_dir = root.join("themes").join(theme);
        problems.extend(content_link_problem(root).err());
        paths.extend(["static", "templates", "themes"].map(|d| root.join(d)));
        paths.push(theme_dir.clone());
        paths.extend(["static", "templates", "i18n"].map(|d| theme_dir.join(d)));
        if let Ok(entries) = std::fs::read_dir(theme_dir.join("i18n")) {
            let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            files.sort();
            paths.extend(files);
        }
    }
    for p in &paths {
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
            problems.extend(link_problem(root, &site, p));
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(problems)
    }
}

/// Where a site's files may really be: the site folder, and the folder `content` leads to
/// when it is a link that may be followed (both without links, `.` or `..`).
struct Bounds {
    site: PathBuf,
    content: Option<PathBuf>,
}

impl Bounds {
    fn of(root: &Path) -> Bounds {
        Bounds {
            site: real(root),
            content: content_link_problem(root).ok().flatten(),
        }
    }

    fn holds(&self, real: &Path) -> bool {
        real.starts_with(&self.site) || self.content.as_ref().is_some_and(|c| real.starts_with(c))
    }

    /// `real` as messages show it: inside the site folder relative to it, inside the linked
    /// content folder as under `content/`.
    fn shown(&self, real: &Path) -> PathBuf {
        if let Ok(rel) = real.strip_prefix(&self.site) {
            return rel.to_path_buf();
        }
        match self
            .content
            .as_ref()
            .and_then(|c| real.strip_prefix(c).ok())
        {
            Some(rel) => Path::new(CONTENT_DIR).join(rel),
            None => real.to_path_buf(),
        }
    }
}

/// Whether `root/content` is a link Haven follows: `Ok(Some(folder))` when it leads to a
/// folder holding `_index.md` (the home page: so that a link to the wrong folder, a home
/// folder say, does not publish everything in it), `Ok(None)` when it is no link, else the
/// error that names it.
fn content_link_problem(root: &Path) -> Result<Option<PathBuf>, Diagnostic> {
    let link = root.join(CONTENT_DIR);
    if !std::fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
        return Ok(None);
    }
    let to = std::fs::read_link(&link).unwrap_or_default();
    let error = |why: &str, hint: &str| {
        Diagnostic::error(
            CONTENT_DIR,
            0,
            0,
            format!("`content` is a link to `{}`, {why}", to.display()),
        )
        .with_hint(hint.to_string())
    };
    let Ok(real) = std::fs::canonicalize(&link) else {
        return Err(error(
            "which does not exist",
            "point the link at the folder that holds the site's pages, or put a `content` folder here",
        ));
    };
    if !real.is_dir() {
        return Err(error(
            "which is a file, not a folder",
            "point the link at the folder that holds the site's pages, or put a `content` folder here",
        ));
    }
    if !real.join("_index.md").is_file() {
        return Err(error(
            "a folder with no `_index.md` (the home page), so it may not be the site's pages",
            "point the link at the folder that holds the site's pages and their `_index.md`, or add the home page there as `_index.md`",
        ));
    }
    Ok(Some(real))
}

/// The first part of `dir` below `root` that is a link, if any; `content` itself does not
/// count when `content_followed` (it is a link Haven follows).
fn link_on_the_way(root: &Path, dir: &Path, content_followed: bool) -> Option<PathBuf> {
    let rel = dir.strip_prefix(root).ok()?;
    let mut p = root.to_path_buf();
    for part in rel.components() {
        p.push(part);
        if content_followed && p == root.join(CONTENT_DIR) {
            continue;
        }
        if std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(p);
        }
    }
    None
}

/// What to say about the link at `path`: an error when it leads outside the site's folders
/// `site`, else a warning that it is skipped.
fn link_problem(root: &Path, site: &Bounds, path: &Path) -> Option<Diagnostic> {
    let shown_path = shown(root, path);
    let to = std::fs::read_link(path).ok()?;
    let d = match std::fs::canonicalize(path) {
        Err(_) => Diagnostic::warning(
            &shown_path,
            0,
            0,
            format!(
                "`{}` is a link to `{}`, which does not exist, so it is skipped",
                shown_path.display(),
                to.display()
            ),
        )
        .with_hint("remove the link"),
        Ok(real) if site.holds(&real) => Diagnostic::warning(
            &shown_path,
            0,
            0,
            format!(
                "`{}` is a link to `{}`; Haven does not follow links, so it is skipped",
                shown_path.display(),
                site.shown(&real).display()
            ),
        )
        .with_hint("put a copy of the file or folder here instead of a link, or remove the link; to give a page a second address, use `aliases`"),
        Ok(real) => Diagnostic::error(
            &shown_path,
            0,
            0,
            format!(
                "`{}` is a link to `{}`, outside the site folder; Haven never reads or publishes anything from outside the site folder",
                shown_path.display(),
                real.display()
            ),
        )
        .with_hint("copy into the site folder only the files you mean to publish, then remove the link"),
    };
    Some(d)
}

/// `path` relative to `root` when inside it (as messages show paths).
fn shown(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn real(root: &Path) -> PathBuf {
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}
