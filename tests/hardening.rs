//! Hardening (issue 13): each class of bad input, run with the real binary from the site
//! folder as staff run it. For each: the clear error (pinned as staff see it) or the correct
//! page, no panic, the previous `public/` byte for byte as it was, and nothing written outside
//! the output folder (a canary file beside it, and folders outside the site, stay as they were).

mod common;

#[path = "hardening/found.rs"]
mod found;
#[path = "hardening/limits.rs"]
mod limits;
#[path = "hardening/links.rs"]
mod links;
#[path = "hardening/odd.rs"]
mod odd;
#[path = "hardening/output.rs"]
mod output;
#[path = "hardening/serve.rs"]
mod serve;
#[path = "hardening/slugs.rs"]
mod slugs;

use std::path::{Path, PathBuf};

use common::{Site, snapshot};

/// The `basic` fixture, built once (so there is a previous `public/` to protect), with a
/// canary file beside `public/`.
pub fn built() -> Site {
    let site = Site::fixture("basic");
    site.haven_here(&["build"]).ok();
    site.write(CANARY, "canary\n");
    site
}

/// A file beside the output folder that no build may touch.
pub const CANARY: &str = "canary.txt";

/// A folder outside the site, with a file in it: what links point to.
pub struct Outside {
    pub dir: tempfile::TempDir,
}

impl Default for Outside {
    fn default() -> Self {
        Outside::new()
    }
}

impl Outside {
    pub fn new() -> Outside {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside\n").unwrap();
        std::fs::create_dir(dir.path().join("folder")).unwrap();
        std::fs::write(dir.path().join("folder/index.html"), "outside page\n").unwrap();
        Outside { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Checks that nothing in the folder changed and nothing was added.
    #[track_caller]
    pub fn untouched(&self) {
        let now = snapshot(self.dir.path());
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            vec![Path::new("folder/index.html"), Path::new("secret.txt")],
            "files outside the site changed"
        );
        assert_eq!(now[Path::new("secret.txt")], b"outside\n");
        assert_eq!(now[Path::new("folder/index.html")], b"outside page\n");
    }
}

/// Checks the canary beside `public/` is as it was.
#[track_caller]
pub fn canary_untouched(site: &Site) {
    assert_eq!(
        site.read(CANARY),
        "canary\n",
        "the file beside public/ changed"
    );
}

/// Pins `text` as staff see it, with temporary folders named the same on every run.
#[track_caller]
pub fn pin(name: &str, text: &str, site: &Site, outside: Option<&Outside>) {
    let mut filters = vec![(regex_escape(&site.root().display().to_string()), "[SITE]")];
    if let Ok(real) = std::fs::canonicalize(site.root()) {
        filters.insert(0, (regex_escape(&real.display().to_string()), "[SITE]"));
    }
    if let Some(o) = outside {
        filters.insert(
            0,
            (
                regex_escape(&o.dir.path().display().to_string()),
                "[OUTSIDE]",
            ),
        );
        if let Ok(real) = std::fs::canonicalize(o.dir.path()) {
            filters.insert(0, (regex_escape(&real.display().to_string()), "[OUTSIDE]"));
        }
    }
    let filters: Vec<(&str, &str)> = filters.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    insta::with_settings!({ filters => filters, prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, text);
    });
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

/// The problems in a report whose first line contains `text`: that line and the ones after it
/// up to the next problem.
pub fn problems_about(stderr: &str, text: &str) -> String {
    let mut out = String::new();
    let mut keep = false;
    for line in stderr.lines() {
        let starts = line.contains(": warning: ") || line.contains(": error: ");
        if starts {
            keep = line.contains(text);
        } else if line.starts_with("Checked ") || line.starts_with("Build failed") {
            keep = false;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Makes a symbolic link (these tests run where links exist: Linux and macOS).
pub fn link(target: impl AsRef<Path>, at: impl AsRef<Path>) {
    if let Some(parent) = at.as_ref().parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::os::unix::fs::symlink(target, at).unwrap();
}
