//! Thin wrappers over `std::fs` whose errors always name the path they failed on, and
//! [`Tree`], the only way Haven writes into an output or staging folder.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

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

/// Creates a folder and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), IoError> {
    wrap("create folder", path, std::fs::create_dir_all(path))
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

/// A folder Haven writes a site into (the output folder, or the staging folder beside it).
/// Every write and delete stays inside it:
/// - a path is refused unless each of its parts is a plain name (no `..`, `.`, root or drive);
/// - a link met on the way (a folder or file that is a symbolic link) is never followed: it is
///   replaced by a real folder or file, so nothing is written or deleted where it points.
///
/// Written by hand: `cap-std` confines paths too, but follows links that stay inside the
/// folder (so `public/a.html -> b.html` would still be written through) and cannot replace
/// them; `std::fs` alone follows every link.
#[derive(Debug)]
pub struct Tree {
    root: PathBuf,
    /// Folders under `root` already seen to be real folders in this run, so that each is
    /// looked at once however many files go into it.
    checked: Mutex<HashSet<PathBuf>>,
    /// The folder was made empty by this run, so what goes in it is new: folders and files are
    /// created without first asking what is there (on a first build, two system calls fewer
    /// for each file). Anything found there after all is handled as in any folder.
    empty: bool,
}

impl Tree {
    /// The folder `root` (which the caller has made sure is a real folder).
    pub fn new(root: impl Into<PathBuf>) -> Tree {
        Tree {
            root: root.into(),
            checked: Mutex::default(),
            empty: false,
        }
    }

    /// Whether the folder was empty when this run began ([`Tree::new_empty`]).
    pub fn started_empty(&self) -> bool {
        self.empty
    }

    /// The folder `root`, which the caller has just made and which is empty.
    pub fn new_empty(root: impl Into<PathBuf>) -> Tree {
        Tree {
            empty: true,
            ..Tree::new(root)
        }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `contents` at `rel` by writing over the bytes of the file already there (see
    /// below), creating it and its parent folders when missing. Only for files nobody reads
    /// while they are written (the staging folder).
    ///
    /// Why not truncate first, as `std::fs::write` does: on ext4 that frees every block (with
    /// `-o discard`, waiting for the disk to discard them), allocates them all again, and makes
    /// `close` start writing the file to disk at once (`auto_da_alloc`). Writing over the old
    /// bytes and cutting off only the tail the new file no longer needs skips all of that; on a
    /// 10,000-page site it is most of the time spent writing.
    pub fn overwrite(&self, rel: &Path, contents: &[u8]) -> Result<(), IoError> {
        let path = self.prepare(rel)?;
        let (mut file, new) = self.open_to_overwrite(&path)?;
        wrap("write", &path, file.write_all(contents))?;
        if new {
            return Ok(());
        }
        cut_tail(&file, &path, contents.len() as u64)
    }

    /// Copies the file `from` to `rel` (writing over the old bytes, like [`Tree::overwrite`]).
    pub fn copy(&self, from: &Path, rel: &Path) -> Result<(), IoError> {
        let path = self.prepare(rel)?;
        let mut source = wrap("read", from, File::open(from))?;
        let (mut file, new) = self.open_to_overwrite(&path)?;
        let len = wrap("copy", from, std::io::copy(&mut source, &mut file))?;
        if new {
            return Ok(());
        }
        cut_tail(&file, &path, len)
    }

    /// Opens `path` to write over, and whether the file was made just now (so it is empty).
    fn open_to_overwrite(&self, path: &Path) -> Result<(File, bool), IoError> {
        if self.empty
            && let Ok(file) = no_follow().create_new(true).open(path)
        {
            return Ok((file, true));
        }
        open_plain_file(path).map(|f| (f, false))
    }

    /// Writes `contents` at `rel` beside the old file, then renames it over (a reader never
    /// sees a half-written file; a link at `rel` is replaced, not written through).
    pub fn replace(&self, rel: &Path, contents: &[u8]) -> Result<(), IoError> {
        let path = self.prepare(rel)?;
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".haven-tmp");
        let tmp = path.with_file_name(name);
        remove_if_not_folder(&tmp);
        let mut file = wrap("write", &tmp, no_follow().truncate(true).open(&tmp))?;
        wrap("write", &tmp, file.write_all(contents))?;
        drop(file);
        rename(&tmp, &path)
    }

    /// Deletes the file at `rel`. Nothing happens when it is missing, or when a folder on the
    /// way is a link (what it points to is not Haven's to delete).
    pub fn remove_file(&self, rel: &Path) -> Result<(), IoError> {
        let path = self.root.join(plain_relative(rel)?);
        let mut dir = self.root.clone();
        for part in rel.parent().into_iter().flat_map(Path::components) {
            dir.push(part);
            match std::fs::symlink_metadata(&dir) {
                Ok(m) if m.is_dir() => {}
                _ => return Ok(()),
            }
        }
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
            r => wrap("remove", &path, r),
        }
    }

    /// Checks `rel` and makes every folder above it a real folder; returns the full path.
    fn prepare(&self, rel: &Path) -> Result<PathBuf, IoError> {
        let rel = plain_relative(rel)?;
        let mut dir = self.root.clone();
        for part in rel.parent().into_iter().flat_map(Path::components) {
            dir.push(part);
            let mut checked = self.checked.lock().unwrap_or_else(|e| e.into_inner());
            if checked.contains(&dir) {
                continue;
            }
            // In an empty tree a folder not seen yet is new; anything else is looked at.
            if !(self.empty && std::fs::create_dir(&dir).is_ok()) {
                real_folder(&dir)?;
            }
            checked.insert(dir.clone());
        }
        Ok(self.root.join(rel))
    }
}

/// `rel` when it is a relative path made only of plain names; otherwise an error (a path with
/// `..`, `.`, a root or a drive could reach outside the folder it is joined to).
pub fn plain_relative(rel: &Path) -> Result<&Path, IoError> {
    let plain = rel.components().next().is_some()
        && rel.components().all(|c| matches!(c, Component::Normal(_)))
        // `Path::components` quietly drops `.` in the middle and a trailing `/`; the text
        // must not have them either.
        && !rel.to_string_lossy().split(['/', '\\']).any(|s| s.is_empty() || s == "." || s == "..");
    if plain {
        Ok(rel)
    } else {
        Err(IoError {
            action: "write",
            path: rel.to_path_buf(),
            source: std::io::Error::new(
                ErrorKind::InvalidInput,
                "the path would leave the output folder (only plain names are allowed)",
            ),
        })
    }
}

/// Makes `dir` a real folder: creates it when missing, and replaces a link or a file there.
fn real_folder(dir: &Path) -> Result<(), IoError> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => return Ok(()),
        Ok(_) => remove_if_not_folder(dir),
        Err(_) => {}
    }
    match std::fs::create_dir(dir) {
        Err(e) if e.kind() == ErrorKind::AlreadyExists => match std::fs::symlink_metadata(dir) {
            Ok(m) if m.is_dir() => Ok(()),
            _ => wrap("create folder", dir, Err(e)),
        },
        r => wrap("create folder", dir, r),
    }
}

/// Removes a file or link at `path` (not a folder); nothing there is fine.
fn remove_if_not_folder(path: &Path) {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir()) {
        let _ = std::fs::remove_file(path);
    }
}

/// Opens `path` for writing without following a link and without blocking on a named pipe;
/// anything there that is not a plain file (a link, a pipe, a folder left by an older build)
/// is removed first and a new file is made.
fn open_plain_file(path: &Path) -> Result<File, IoError> {
    // Without O_NOFOLLOW (not Unix), look first.
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        let _ = std::fs::remove_file(path);
    }
    if let Ok(f) = no_follow().open(path)
        && f.metadata().is_ok_and(|m| m.is_file())
    {
        return Ok(f);
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_dir_all(path)?,
        Ok(_) => {
            let _ = std::fs::remove_file(path);
        }
        Err(_) => {}
    }
    wrap("write", path, no_follow().create_new(true).open(path))
}

/// Cuts a file written over to `len` bytes when the old one was longer.
fn cut_tail(file: &File, path: &Path, len: u64) -> Result<(), IoError> {
    if wrap("write", path, file.metadata())?.len() > len {
        wrap("write", path, file.set_len(len))?;
    }
    Ok(())
}

/// Options that write (creating the file) and never follow a link at the last part of the path.
fn no_follow() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK).bits() as i32);
    }
    o
}

/// Opens (creating it when missing) a small file Haven keeps for itself, such as a lock,
/// without following a link there and without emptying what is there.
pub fn open_own_file(path: &Path) -> Result<File, IoError> {
    open_plain_file(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn only_plain_relative_paths() {
        for ok in ["a", "a/b.html", "a/b/index.html", "x..y"] {
            assert!(plain_relative(Path::new(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/etc/x",
            "../x",
            "a/../../x",
            "./a",
            "a/./b",
            "a//b",
            "a/",
            "..",
        ] {
            assert!(plain_relative(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn writes_replace_links_instead_of_following_them() {
        links_are_replaced(|p| Tree::new(p));
        // A tree made empty that has links in it after all is no different.
        links_are_replaced(|p| Tree::new_empty(p));
    }

    #[test]
    fn a_file_written_twice_in_an_empty_tree_has_only_its_last_bytes() {
        let out = tempfile::tempdir().unwrap();
        let tree = Tree::new_empty(out.path());
        tree.overwrite(Path::new("a/index.html"), b"a longer first version")
            .unwrap();
        tree.overwrite(Path::new("a/index.html"), b"short").unwrap();
        assert_eq!(
            std::fs::read(out.path().join("a/index.html")).unwrap(),
            b"short"
        );
    }

    fn links_are_replaced(make: fn(&Path) -> Tree) {
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret");
        std::fs::write(&secret, "keep").unwrap();
        let out = tempfile::tempdir().unwrap();
        symlink(&secret, out.path().join("file")).unwrap();
        symlink(outside.path(), out.path().join("dir")).unwrap();
        let tree = make(out.path());
        tree.overwrite(Path::new("file"), b"new").unwrap();
        tree.overwrite(Path::new("dir/index.html"), b"page")
            .unwrap();
        tree.replace(Path::new("dir/other.html"), b"page").unwrap();
        tree.copy(&secret, Path::new("copied")).unwrap();
        assert_eq!(std::fs::read_to_string(&secret).unwrap(), "keep");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
        for p in ["file", "dir"] {
            let m = std::fs::symlink_metadata(out.path().join(p)).unwrap();
            assert!(!m.file_type().is_symlink(), "{p}");
        }
        assert_eq!(
            std::fs::read(out.path().join("dir/index.html")).unwrap(),
            b"page"
        );
        assert!(tree.overwrite(Path::new("../escape"), b"x").is_err());
        assert!(!out.path().parent().unwrap().join("escape").exists());
    }

    #[test]
    fn deletes_do_not_follow_links() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("index.html"), "keep").unwrap();
        let out = tempfile::tempdir().unwrap();
        symlink(outside.path(), out.path().join("page")).unwrap();
        let tree = Tree::new(out.path());
        tree.remove_file(Path::new("page/index.html")).unwrap();
        assert!(outside.path().join("index.html").exists());
        assert!(tree.remove_file(Path::new("../x")).is_err());
    }

    #[test]
    fn a_named_pipe_is_replaced_not_waited_on() {
        let out = tempfile::tempdir().unwrap();
        let fifo = out.path().join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        Tree::new(out.path())
            .overwrite(Path::new("pipe"), b"x")
            .unwrap();
        assert_eq!(std::fs::read(&fifo).unwrap(), b"x");
    }
}
