//! Thin wrappers over `std::fs` whose errors always name the path they failed on.

use std::path::{Path, PathBuf};

/// An I/O failure on a named path.
#[derive(Debug, thiserror::Error)]
#[error("could not {action} `{path}`: {source}")]
pub struct IoError {
    /// What Haven was doing ("read", "write", "create folder", …).
    pub action: &'static str,
    /// The path it was doing it to.
    pub path: PathBuf,
    /// The operating system's reason.
    #[source]
    pub source: std::io::Error,
}

fn wrap<T>(action: &'static str, path: &Path, r: std::io::Result<T>) -> Result<T, IoError> {
    r.map_err(|source| IoError {
        action,
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a whole file as bytes.
pub fn read(path: &Path) -> Result<Vec<u8>, IoError> {
    wrap("read", path, std::fs::read(path))
}

/// Writes a file, creating its parent folders.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result<(), IoError> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    wrap("write", path, std::fs::write(path, contents))
}

/// Writes a file by writing over the bytes of the one already there, creating the file (and
/// its parent folders) when there is none. Only for files nobody reads while they are
/// written (the staging folder).
///
/// Why not `std::fs::write`: it truncates the old file to nothing first. On ext4 that frees
/// every block (with `-o discard`, waiting for the disk to discard them), allocates them all
/// again, and makes `close` start writing the file to disk at once (`auto_da_alloc`). Writing
/// over the old bytes and cutting off only the tail the new file no longer needs skips all of
/// that; on a 10,000-page site it is most of the time spent writing.
pub fn overwrite(path: &Path, contents: &[u8]) -> Result<(), IoError> {
    use std::io::Write;
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
    };
    let mut file = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                create_dir_all(parent)?;
            }
            wrap("write", path, open())?
        }
        r => wrap("write", path, r)?,
    };
    wrap("write", path, file.write_all(contents))?;
    let old_len = wrap("write", path, file.metadata())?.len();
    if old_len > contents.len() as u64 {
        wrap("write", path, file.set_len(contents.len() as u64))?;
    }
    Ok(())
}

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    wrap("create folder", path, std::fs::create_dir_all(path))
}

/// Copies a file, creating the destination's parent folders.
pub fn copy(from: &Path, to: &Path) -> Result<(), IoError> {
    if let Some(parent) = to.parent() {
        create_dir_all(parent)?;
    }
    wrap("copy", from, std::fs::copy(from, to).map(|_| ()))
}

/// Removes a folder and everything in it; a missing folder is fine.
pub fn remove_dir_all(path: &Path) -> Result<(), IoError> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        r => wrap("remove", path, r),
    }
}

/// Renames a file or folder.
pub fn rename(from: &Path, to: &Path) -> Result<(), IoError> {
    wrap("rename", from, std::fs::rename(from, to))
}
