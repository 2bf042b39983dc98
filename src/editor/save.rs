//! Writing a page without ever losing work: the new text goes to a temporary file beside the
//! page, is flushed to disk, and replaces the page in one rename, so a crash or a full disk
//! leaves either the old file or the new one, never half of each. A page that changed on disk
//! since the form was opened (another editor, a `git pull`) is not overwritten: the person gets
//! both versions to choose from.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The fingerprint of a file's bytes the form carries, to notice a change on disk.
pub fn fingerprint(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file changed on disk since the form was opened; `disk` is what is there now.
    #[error("the file changed on disk since you opened it")]
    Changed {
        /// The text on disk now.
        disk: String,
        /// Its fingerprint (to save over it on purpose).
        disk_fingerprint: String,
    },
    /// A new page's file is already there.
    #[error("{0} already exists")]
    Exists(PathBuf),
    /// The disk refused (full, read-only, no permission).
    #[error("could not write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> SaveError + '_ {
    move |source| SaveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Replaces `path` with `text` if the file's fingerprint is still `expected`. Returns the new
/// fingerprint.
pub fn replace(path: &Path, text: &str, expected: &str) -> Result<String, SaveError> {
    let current = std::fs::read(path).map_err(io(path))?;
    if fingerprint(&current) != expected {
        return Err(SaveError::Changed {
            disk: String::from_utf8_lossy(&current).into_owned(),
            disk_fingerprint: fingerprint(&current),
        });
    }
    let perms = std::fs::metadata(path).map_err(io(path))?.permissions();
    let tmp = temp_beside(path, text.as_bytes())?;
    tmp.as_file().set_permissions(perms).map_err(io(path))?;
    tmp.persist(path).map_err(|e| io(path)(e.error))?;
    Ok(fingerprint(text.as_bytes()))
}

/// Writes a new file at `path`, refusing if one is there (even one that appears meanwhile).
/// Returns its fingerprint.
pub fn create(path: &Path, text: &str) -> Result<String, SaveError> {
    create_bytes(path, text.as_bytes())?;
    Ok(fingerprint(text.as_bytes()))
}

/// Writes bytes to a new file at `path` (a page, an image), refusing to replace one.
pub fn create_bytes(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io(path))?;
    }
    let tmp = temp_beside(path, bytes)?;
    set_readable(tmp.as_file(), path)?;
    tmp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            SaveError::Exists(path.to_path_buf())
        } else {
            io(path)(e.error)
        }
    })?;
    Ok(())
}

/// A temporary file in `path`'s folder (a rename never crosses disks), hidden from the build
/// and the watcher by its leading dot, holding `bytes` flushed to disk.
fn temp_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, SaveError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".haven-edit-")
        .tempfile_in(dir)
        .map_err(io(path))?;
    tmp.write_all(bytes).map_err(io(path))?;
    tmp.as_file().sync_all().map_err(io(path))?;
    Ok(tmp)
}

/// Temporary files are made readable by their owner only; a page is readable by everyone,
/// like a file saved by a text editor.
fn set_readable(file: &std::fs::File, path: &Path) -> Result<(), SaveError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_refuses_a_file_changed_on_disk_and_writes_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.md");
        std::fs::write(&p, "one").unwrap();
        let opened = fingerprint(b"one");
        std::fs::write(&p, "two (someone else)").unwrap();
        match replace(&p, "mine", &opened) {
            Err(SaveError::Changed { disk, .. }) => assert_eq!(disk, "two (someone else)"),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two (someone else)");
        let now = fingerprint(b"two (someone else)");
        assert_eq!(replace(&p, "mine", &now).unwrap(), fingerprint(b"mine"));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "mine");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_never_overwrites() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("new/b.md");
        create(&p, "first").unwrap();
        assert!(matches!(create(&p, "second"), Err(SaveError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "first");
    }
}
