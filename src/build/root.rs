//! The site folder as an absolute path.
//!
//! The file watcher reports absolute paths; a root kept as typed (`.`) made every change look
//! unrelated to the site, so the preview started from the site folder never updated. The root
//! is made absolute once, here, and no stage can hold a relative one.

use std::ffi::OsStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};

/// An absolute path to the site folder (the one with `config.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteRoot(PathBuf);

impl SiteRoot {
    /// `path` made absolute against the current directory (symlinks are kept, not resolved,
    /// so paths shown to staff stay the ones they know).
    pub fn new(path: impl AsRef<Path>) -> SiteRoot {
        let path = path.as_ref();
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        SiteRoot(normalize(&abs))
    }

    /// The path.
    pub fn as_path(&self) -> &Path {
        &self.0
    }
}

/// Drops `.` components (`/site/./content` → `/site/content`) so that prefixes compare
/// equal; `..` is left alone, as it may cross a symlink.
fn normalize(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

impl Deref for SiteRoot {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for SiteRoot {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<OsStr> for SiteRoot {
    fn as_ref(&self) -> &OsStr {
        self.0.as_os_str()
    }
}

impl From<&Path> for SiteRoot {
    fn from(p: &Path) -> SiteRoot {
        SiteRoot::new(p)
    }
}

impl From<PathBuf> for SiteRoot {
    fn from(p: PathBuf) -> SiteRoot {
        SiteRoot::new(p)
    }
}

impl From<&PathBuf> for SiteRoot {
    fn from(p: &PathBuf) -> SiteRoot {
        SiteRoot::new(p)
    }
}

impl From<&str> for SiteRoot {
    fn from(p: &str) -> SiteRoot {
        SiteRoot::new(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_root_typed_as_dot_is_the_current_directory() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(SiteRoot::new(".").as_path(), cwd);
        assert_eq!(SiteRoot::new("./a/./b").as_path(), cwd.join("a/b"));
        assert!(SiteRoot::new("site").is_absolute());
    }
}
