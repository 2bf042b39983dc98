//! A whole small site from fuzzed files, built for real into `public/` with the bundled
//! theme. The input is a text archive, one file after another:
//!
//! ```text
//! -- content/news/first.md --
//! +++
//! title = "First"
//! +++
//! -- static/notes.txt --
//! …
//! -- config --
//! (lines added to config.toml)
//! ```
//!
//! Paths outside `content/` and `static/` land in `content/`; names keep whatever the input
//! gives them (spaces, colons, reserved names, direction characters…) except `/` and NUL,
//! which no file system takes. Besides no panic: nothing is written beside the site folder,
//! the output holds no link, and a failed build leaves the previous output byte for byte as
//! it was.
#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

/// The files of an archive: (path inside the site, text). `config` is returned apart.
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

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let ws = haven_fuzz::Workspace::get();
    let root = &ws.root;
    for folder in ["content", "static"] {
        let _ = std::fs::remove_dir_all(root.join(folder));
    }
    let (files, extra) = unpack(input);
    let mut config = haven_fuzz::CONFIG.to_string();
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
    let before = haven_fuzz::snapshot(&public);
    let mut opts = haven::BuildOptions::new(Path::new(root));
    opts.now = haven_fuzz::fixed_now();
    let report = haven::build(&opts);
    ws.check_outside();
    let after = haven_fuzz::snapshot(&public);
    assert!(
        !after.values().any(|v| v == b"<link>"),
        "the output holds a link"
    );
    if report.failed() {
        assert!(before == after, "a failed build changed the output");
    }
});
