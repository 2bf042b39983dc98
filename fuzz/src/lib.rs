//! The fuzz targets' bodies, one public function each (the `fuzz_targets/` files only hand
//! libFuzzer's bytes to them, and `tests/fuzz_corpus.rs` replays the committed corpus through
//! them on stable Rust), and what they share: a site's settings, one page made into a site
//! model, and the checks every run must pass whatever the input (no panic is checked by the
//! fuzzer itself):
//! - no page or redirect is written outside the output folder (every output path is plain);
//! - no NUL character reaches a page;
//! - a whole-site build writes nothing beside the output folder, and a failed build leaves
//!   the previous output as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use haven::config::Config;
use haven::content::{self, Content};
use haven::fsio::plain_relative;
use haven::markdown::{self, CiteLine, LinkResolver, Numbering, OnePage, RenderOptions, Source};
use haven::site::{self, Site};

/// Settings of the sites the targets build: two languages, the bundled theme.
pub const CONFIG: &str = r#"title = "Fuzz"
base_url = "https://fuzz.example"
default_language = "en"
theme = "haven"
timezone = "America/New_York"

[languages.en]
name = "English"

[languages.es]
name = "Español"
"#;

/// [`CONFIG`], parsed once.
pub fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| Config::parse(CONFIG).expect("the fuzz config parses"))
}

/// The repository's root: this crate is `fuzz/` in it, and `tests/fuzz_corpus.rs` includes
/// this file into the haven crate itself, at the root.
pub fn repository() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("themes").is_dir() {
        here.to_path_buf()
    } else {
        here.join("..")
    }
}

/// Target `front_matter_toml`: `data` as the TOML front matter of a page.
pub fn front_matter_toml(data: &[u8]) {
    let Ok(front) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("+++\n{front}\n+++\n\nSome text.\n");
    site_of(config(), "news/page.md", &text);
}

/// Target `front_matter_yaml`: `data` as the YAML front matter of a page.
pub fn front_matter_yaml(data: &[u8]) {
    let Ok(front) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("---\n{front}\n---\n\nSome text.\n");
    site_of(config(), "news/page.md", &text);
}

/// Target `markdown`: `data` as a page's body, see [`markdown`].
pub fn markdown_body(data: &[u8]) {
    if let Ok(body) = std::str::from_utf8(data) {
        markdown(body);
    }
}

/// Target `config`: `data` as `config.toml`, parsed and checked; when it parses, a site model
/// is built with it (menus, languages, base path).
pub fn config_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = Config::parse(text) {
        let page = "+++\ntitle = \"Page\"\naliases = [\"/old/\"]\n+++\n\nText.\n";
        site_of(&config, "page.md", page);
    }
}

/// The files of an archive: (path inside the site, text). `config` is returned apart. Paths
/// outside `content/` and `static/` land in `content/`; names keep whatever the input gives
/// them (spaces, colons, reserved names, direction characters…) except `/` and NUL, which no
/// file system takes.
fn unpack(input: &str) -> (Vec<(PathBuf, &str)>, Option<&str>) {
    let mut files = Vec::new();
    let mut config = None;
    let mut rest = input;
    while let Some(start) = rest.find("-- ") {
        let after = &rest[start + 3..];
        let Some(end) = after.find(" --\n") else {
            break;
        };
        let name = &after[..end];
        let body_start = &after[end + 4..];
        let body_end = body_start.find("\n-- ").map_or(body_start.len(), |i| i + 1);
        let body = &body_start[..body_end];
        rest = &body_start[body_end..];
        if name == "config" {
            config = Some(body);
            continue;
        }
        let mut parts: Vec<String> = name
            .split('/')
            .filter(|p| !p.is_empty() && *p != "." && *p != "..")
            .map(|p| p.replace('\0', "").chars().take(60).collect::<String>())
            .filter(|p| !p.is_empty())
            .take(5)
            .collect();
        if !matches!(
            parts.first().map(String::as_str),
            Some("content" | "static")
        ) {
            parts.insert(0, "content".into());
        }
        if parts.len() < 2 {
            continue;
        }
        files.push((parts.iter().collect::<PathBuf>(), body));
        if files.len() == 12 {
            break;
        }
    }
    (files, config)
}

/// Target `site`: `data` as a text archive of a small site (see `fuzz_targets/site.rs`),
/// built for real into `public/` with the bundled theme. Besides no panic: nothing is written
/// beside the site folder, the output holds no link, and a failed build leaves the previous
/// output byte for byte as it was.
pub fn whole_site(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let ws = Workspace::get();
    let root = &ws.root;
    for folder in ["content", "static"] {
        let _ = std::fs::remove_dir_all(root.join(folder));
    }
    let (files, extra) = unpack(input);
    let mut config = CONFIG.to_string();
    config.push_str(extra.unwrap_or(""));
    std::fs::write(root.join("config.toml"), config).expect("write config.toml");
    std::fs::create_dir_all(root.join("content")).expect("create content/");
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n",
    )
    .expect("write the home page");
    for (path, text) in files {
        let full = root.join(&path);
        // A name the file system refuses (too long, say) is simply not written.
        let _ = full.parent().map(std::fs::create_dir_all);
        let _ = std::fs::write(&full, text);
    }
    let public = root.join("public");
    let before = snapshot(&public);
    let mut opts = haven::BuildOptions::new(Path::new(root));
    opts.now = fixed_now();
    let report = haven::build(&opts);
    ws.check_outside();
    let after = snapshot(&public);
    assert!(
        !after.values().any(|v| v == b"<link>"),
        "the output holds a link"
    );
    if report.failed() {
        assert!(before == after, "a failed build changed the output");
    }
}

/// Loads `text` as `content/<rel>` and builds a site model of it and a second page that links
/// can reach; checks every output path. `None` when the file does not load (an error staff
/// would see, which is fine).
pub fn site_of(config: &Config, rel: &str, text: &str) -> Option<Site> {
    // A file with errors in its front matter is still loaded (with what could be read), as
    // the build does, so the site model is built from it too.
    let file = content::from_bytes(Path::new(rel), text.as_bytes().to_vec(), config, today()).0?;
    let other = content::from_bytes(
        Path::new("other.md"),
        b"+++\ntitle = \"Other\"\n+++\n\n## A heading\n".to_vec(),
        config,
        today(),
    )
    .0
    .expect("the fixed page loads");
    let content = Content {
        files: vec![file, other],
        assets: Vec::new(),
    };
    let (site, _) = site::build(config, content, true);
    check_out_paths(&site);
    Some(site)
}

/// Every page and redirect of `site` is written inside the output folder.
pub fn check_out_paths(site: &Site) {
    for id in site.all_docs() {
        let out = &site.doc(id).out_path;
        assert!(plain_relative(out).is_ok(), "page written outside: {out:?}");
    }
    for a in &site.aliases {
        assert!(
            plain_relative(&a.out_path).is_ok(),
            "redirect written outside: {:?}",
            a.out_path
        );
    }
}

/// Resolves `other.md` only.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, path: &str) -> Option<String> {
        (path == "other.md").then(|| "/other/".to_string())
    }
}

/// Renders `body` through every Markdown adapter and every content rule: as the build does (a
/// page, all rules including plain language), and as a publication chapter does (numbered
/// headings, cite lines, figure and table numbers, callouts, and the one-page version).
pub fn markdown(body: &str) {
    let config = config();
    let text = format!("+++\ntitle = \"Page\"\n+++\n{body}");
    let Some(mut site) = site_of(config, "page.md", &text) else {
        return;
    };
    let bodies = haven::build::render_plain(config, &mut site, true);
    for r in bodies.iter() {
        assert!(!r.html.contains('\0'), "a NUL reached the page");
    }
    // The body as loaded (NULs replaced), for the publication renderings.
    let Some(file) =
        content::from_bytes(Path::new("page.md"), text.into_bytes(), config, today()).0
    else {
        return;
    };
    let src = Source {
        body: &file.body,
        body_line: file.body_line,
        display_path: Path::new("content/page.md"),
        content_dir: "",
    };
    let chapter = RenderOptions {
        numbering: Some(Numbering {
            chapter: "3".into(),
            cite: Some(CiteLine {
                label: "Cite this section".into(),
                document: "Doc".into(),
                base: "https://fuzz.example/doc/".into(),
            }),
        }),
        first_recommendation: 2,
        figure_chapter: Some("3".into()),
        ..RenderOptions::default()
    };
    let onepage = RenderOptions {
        id_prefix: "ch-3--".into(),
        heading_shift: 1,
        onepage: Some(OnePage {
            chapters: [(
                "/other/".to_string(),
                ("ch-other".to_string(), "ch-other--".to_string()),
            )]
            .into_iter()
            .collect(),
        }),
        ..chapter.clone()
    };
    for opts in [chapter, onepage] {
        let r = markdown::render_with(&src, &Links, &opts);
        assert!(!r.html.contains('\0'), "a NUL reached the page");
    }
}

/// A folder with a site in it (the bundled theme, copied once) and a canary file beside it,
/// reused by every run of the whole-site target.
pub struct Workspace {
    _dir: tempfile::TempDir,
    /// The site folder.
    pub root: PathBuf,
    /// The folder holding the site folder and the canary, and nothing else.
    pub outer: PathBuf,
}

/// The canary beside the site folder and what it holds.
const CANARY: (&str, &str) = ("canary.txt", "canary\n");

impl Workspace {
    /// The workspace of this process.
    pub fn get() -> &'static Workspace {
        static W: OnceLock<Workspace> = OnceLock::new();
        W.get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let outer = dir.path().to_path_buf();
            let root = outer.join("site");
            let theme = repository().join("themes/haven");
            copy_tree(&theme, &root.join("themes/haven"));
            std::fs::write(outer.join(CANARY.0), CANARY.1).expect("write the canary");
            Workspace {
                _dir: dir,
                root,
                outer,
            }
        })
    }

    /// Checks that nothing beside the site folder changed.
    pub fn check_outside(&self) {
        let mut names: Vec<String> = std::fs::read_dir(&self.outer)
            .expect("list the workspace")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["canary.txt", "site"],
            "something was written beside the site"
        );
        let canary = std::fs::read_to_string(self.outer.join(CANARY.0)).unwrap_or_default();
        assert_eq!(canary, CANARY.1, "the canary changed");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read the theme").flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::create_dir_all(to).expect("create a folder");
            std::fs::copy(entry.path(), &dest).expect("copy a theme file");
        }
    }
}

/// The build's date in every run, for dates written without a year.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// The build time of every run (so two runs of one input agree).
pub fn fixed_now() -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").ok()
}

/// Every file under `dir` with its bytes; a link is recorded as such.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
            match e.file_type() {
                Ok(t) if t.is_symlink() => {
                    out.insert(rel, b"<link>".to_vec());
                }
                Ok(t) if t.is_dir() => stack.push(p),
                _ => {
                    out.insert(rel, std::fs::read(&p).unwrap_or_default());
                }
            }
        }
    }
    out
}
