//! Helpers shared by the integration tests: copy a fixture site, run the real binary on it,
//! and read what it wrote.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture copied into a fresh temporary folder, so tests can change it freely.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&from, dir.path());
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// Runs `haven ARGS --root <site>` (the root flag is added for build and check).
    pub fn haven(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
        cmd.args(args);
        if matches!(args.first(), Some(&"build") | Some(&"check")) {
            cmd.arg("--root").arg(self.root());
        }
        Run::from(haven_env(&mut cmd).output().unwrap())
    }

    /// Runs `haven ARGS` the way staff type it: from the site folder, with no `--root`.
    pub fn haven_here(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_haven"));
        cmd.args(args).current_dir(self.root());
        Run::from(haven_env(&mut cmd).output().unwrap())
    }

    /// What staff see when `haven ARGS` (run from the site folder) fails: its stderr, for a
    /// snapshot. Checks the exit code is 1 and that `public/` (if an earlier build wrote one)
    /// is byte-for-byte as it was, with no staging folder left behind.
    #[track_caller]
    pub fn failure_as_staff_see_it(&self, args: &[&str]) -> String {
        let before = snapshot(&self.path("public"));
        let run = self.haven_here(args);
        assert_eq!(
            run.code, 1,
            "exit code of haven {args:?}; stderr:\n{}",
            run.stderr
        );
        assert_eq!(
            snapshot(&self.path("public")),
            before,
            "public/ changed after a failed `haven {args:?}`"
        );
        let leftovers: Vec<_> = std::fs::read_dir(self.root())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("haven-staging"))
            .collect();
        assert!(leftovers.is_empty(), "staging folder left behind");
        run.stderr
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
    }

    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// Clears variables that would change the binary's output, and fixes "now".
pub fn haven_env(cmd: &mut Command) -> &mut Command {
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .env("NO_COLOR", "1")
        .env("HAVEN_NOW", "2026-11-23T12:00:00-05:00")
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        }
    }
}

impl Run {
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "haven failed:\n{}", self.stderr);
        self
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, to prove a folder did not change.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Files that differ between two output folders (present in one only, or with other bytes).
pub fn differing(a: &Path, b: &Path) -> Vec<PathBuf> {
    let (a, b) = (snapshot(a), snapshot(b));
    let mut out: Vec<PathBuf> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Text of every element matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Attribute `attr` of every element matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(String::from))
        .collect()
}
