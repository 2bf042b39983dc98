//! Which files the editor may touch: only inside `content/` (pages and their images) and the
//! image folder `static/images/`. A path from the browser is refused, before anything is read
//! or written, when it is absolute, has `..`, `\`, a hidden part (`.git`) or a NUL, or when a
//! folder on the way or the file itself is a symlink that leads out.

use std::path::{Component, Path, PathBuf};

/// The folder for images that belong to no page bundle, under the site root.
pub const IMAGE_DIR: &str = "static/images";

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// Nothing was given.
    #[error("no file was named")]
    Empty,
    /// `/etc/passwd`, `C:\…`.
    #[error("the address names a file outside the site (an absolute path)")]
    Absolute,
    /// `../config.toml`, a `\`, a hidden part or a NUL.
    #[error("the address names a file outside content/ (`..`, `\\` or a hidden folder)")]
    Escapes,
    /// A page must be a `.md` file.
    #[error("only Markdown pages (.md) can be edited here")]
    NotMarkdown,
    /// A symlink on the way leads out of the folder.
    #[error("the file or a folder on its way is a link that leads outside content/")]
    Symlink,
    /// Not a plain file.
    #[error("there is no page at that address")]
    Missing,
}

/// A path as the browser sent it, checked without touching the disk: relative, only plain
/// parts, no hidden parts.
pub fn relative(input: &str) -> Result<PathBuf, PathError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(PathError::Empty);
    }
    if input.starts_with('/') || input.starts_with('\\') || input.contains(':') {
        return Err(PathError::Absolute);
    }
    if input.contains('\\') || input.contains('\0') {
        return Err(PathError::Escapes);
    }
    let path = Path::new(input);
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => {
                let s = part.to_str().ok_or(PathError::Escapes)?;
                if s.starts_with('.') || s.ends_with('~') {
                    return Err(PathError::Escapes);
                }
                out.push(part);
            }
            Component::CurDir => {}
            Component::ParentDir => return Err(PathError::Escapes),
            Component::RootDir | Component::Prefix(_) => return Err(PathError::Absolute),
        }
    }
    if out.as_os_str().is_empty() {
        return Err(PathError::Empty);
    }
    Ok(out)
}

/// A page path (relative to `content/`) as the browser sent it.
pub fn page(input: &str) -> Result<PathBuf, PathError> {
    let rel = relative(input)?;
    if rel.extension().is_none_or(|e| e != "md") {
        return Err(PathError::NotMarkdown);
    }
    Ok(rel)
}

/// `base.join(rel)` once it is sure to stay inside `base` on disk: the deepest folder of it
/// that exists must resolve (symlinks followed) inside `base`, and the file itself, when it
/// exists, must be a plain file and not a symlink. Folders that do not exist yet are fine:
/// nothing can lead out of a folder the editor creates itself.
pub fn inside(base: &Path, rel: &Path) -> Result<PathBuf, PathError> {
    let base_real = base.canonicalize().map_err(|_| PathError::Missing)?;
    let full = base.join(rel);
    if let Ok(meta) = std::fs::symlink_metadata(&full) {
        if meta.file_type().is_symlink() {
            return Err(PathError::Symlink);
        }
        if !meta.is_file() {
            return Err(PathError::Missing);
        }
    }
    let mut existing = full.parent().map(Path::to_path_buf);
    while let Some(dir) = existing {
        if dir.exists() {
            let real = dir.canonicalize().map_err(|_| PathError::Symlink)?;
            if !real.starts_with(&base_real) {
                return Err(PathError::Symlink);
            }
            break;
        }
        existing = dir.parent().map(Path::to_path_buf);
    }
    Ok(full)
}

/// An existing page: `content/<rel>` checked with [`inside`], and there.
pub fn existing_page(root: &Path, input: &str) -> Result<(PathBuf, PathBuf), PathError> {
    let rel = page(input)?;
    let full = inside(&root.join(crate::content::CONTENT_DIR), &rel)?;
    if !full.is_file() {
        return Err(PathError::Missing);
    }
    Ok((rel, full))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_refusals() {
        assert_eq!(page("about.md"), Ok(PathBuf::from("about.md")));
        assert_eq!(page("./news/a.md"), Ok(PathBuf::from("news/a.md")));
        assert_eq!(page("../config.toml"), Err(PathError::Escapes));
        assert_eq!(page("news/../../x.md"), Err(PathError::Escapes));
        assert_eq!(page("/etc/passwd.md"), Err(PathError::Absolute));
        assert_eq!(page("C:/x.md"), Err(PathError::Absolute));
        assert_eq!(page("news\\..\\x.md"), Err(PathError::Escapes));
        assert_eq!(page(".git/config.md"), Err(PathError::Escapes));
        assert_eq!(page("about.html"), Err(PathError::NotMarkdown));
        assert_eq!(page(""), Err(PathError::Empty));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_that_lead_out_are_refused() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir_all(content.join("real")).unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), content.join("out")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("s.md")).unwrap();
        assert_eq!(
            inside(&content, Path::new("out/secret.md")),
            Err(PathError::Symlink)
        );
        assert_eq!(
            inside(&content, Path::new("out/new/deeper.md")),
            Err(PathError::Symlink)
        );
        assert_eq!(inside(&content, Path::new("s.md")), Err(PathError::Symlink));
        assert!(inside(&content, Path::new("real/new/page.md")).is_ok());
    }
}
