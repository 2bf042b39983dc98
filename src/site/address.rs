//! Addresses: a page's `slug` must be one plain name, and no two documents (or a document and
//! an alias, or a file Haven writes itself) may be written to the same output file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Section, slug_problem, slugify};
use crate::config::Config;
use crate::content::{FileKind, SourceFile};
use crate::diagnostic::Diagnostic;

/// Refuses a `slug` that is not one plain name (`/tmp/x`, `..`, `""` would write outside the
/// output folder or over the home page), and a file name with nothing to make an address
/// from. The file then keeps the address of its file name, so the errors stop there.
pub(super) fn check_address(f: &mut SourceFile, diags: &mut Vec<Diagnostic>) {
    if let Some(slug) = &f.front.slug {
        if let Some(why) = slug_problem(slug) {
            let at = f.front_text.value_at(&["slug"]);
            // The last part of a path is what was meant as the slug (`/tmp/x` → `x`).
            let last = slug
                .rsplit(['/', '\\'])
                .find(|s| !s.is_empty())
                .unwrap_or("");
            let example = Some(slugify(last))
                .filter(|s| slug_problem(s).is_none())
                .unwrap_or_else(|| "about-us".into());
            diags.push(
                Diagnostic::error(
                    &f.display_path,
                    at.line,
                    at.col,
                    if slug.is_empty() {
                        // Empty backticks would leave staff looking for something to see.
                        "the slug is empty, so the page would take its section's address".into()
                    } else {
                        format!(
                            "the slug `{}` cannot be used: {why}",
                            crate::content::names::visible(slug)
                        )
                    },
                )
                .with_hint(format!("a slug is the last part of the page's address, one word or words joined by `-`, e.g. slug = \"{example}\"")),
            );
            f.front.slug = None;
        }
    } else if f.kind == FileKind::Page && slugify(&f.stem).is_empty() {
        diags.push(
            Diagnostic::error(&f.display_path, 0, 0, format!(
                "the file name `{}` has no letters or digits to make the page's address from",
                f.rel_path.file_name().unwrap_or_default().to_string_lossy()
            ))
            .with_hint("rename the file (e.g. `about-us.md`), or give the page a slug, e.g. slug = \"about-us\""),
        );
        f.front.slug = Some("page".into());
    }
}

/// Which output file (and folder) each address is written to, and by whom.
#[derive(Default)]
pub(super) struct Claims {
    /// Output file, lowercased → (address, who claimed it).
    files: HashMap<String, (String, PathBuf)>,
    /// Folders that claimed files sit in, lowercased → (address, who).
    folders: HashMap<String, (String, PathBuf)>,
}

impl Claims {
    /// The files Haven writes itself, so that no page or alias replaces them.
    pub(super) fn reserve_own_files(&mut self, config: &Config, sections: &[Section]) {
        let own = |what: &str| PathBuf::from(format!("Haven's own {what}"));
        let base = config.base_path();
        for (file, what) in [
            ("404.html", "page for missing addresses"),
            ("sitemap.xml", "sitemap"),
            ("robots.txt", "robots.txt"),
        ] {
            self.claim(
                &format!("{base}/{file}"),
                Path::new(file),
                &own(what),
                0,
                "",
                &mut Vec::new(),
            );
        }
        for lang in config
            .languages
            .keys()
            .filter(|l| **l != config.default_language)
        {
            let file = Path::new(lang).join("sitemap.xml");
            self.claim(
                &format!("{base}/{lang}/sitemap.xml"),
                &file,
                &own("sitemap"),
                0,
                "",
                &mut Vec::new(),
            );
        }
        for s in sections.iter().filter(|s| s.doc.front().feed) {
            let file = s.doc.out_path.with_file_name("atom.xml");
            let url = format!("{}atom.xml", s.doc.url);
            self.claim(&url, &file, &own("feed"), 0, "", &mut Vec::new());
        }
    }

    /// Records that `path` (line `line`) writes `url` to `out_path`, or reports the clash.
    pub(super) fn claim(
        &mut self,
        url: &str,
        out_path: &Path,
        path: &Path,
        line: usize,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) {
        let key = out_path.to_string_lossy().replace('\\', "/").to_lowercase();
        let clash = |first: &(String, PathBuf), how: &str| {
            let same_url = first.0 == url;
            let message = if same_url {
                format!("{what} `{url}` is already used by {}", first.1.display())
            } else {
                format!(
                    "{what} `{url}` {how} `{}`, already used by {}",
                    first.0,
                    first.1.display()
                )
            };
            let hint = if !same_url && first.0.to_lowercase() == url.to_lowercase() {
                "Windows and Mac computers do not tell capital letters apart in file names: give one of them a different file name or `slug`"
            } else {
                "give one of them a different file name or `slug`, or remove one"
            };
            Diagnostic::error(path, line, 1, message).with_hint(hint)
        };
        if let Some(first) = self.files.get(&key) {
            diags.push(clash(first, "is the same address as"));
            return;
        }
        if let Some(first) = self.folders.get(&key) {
            diags.push(clash(first, "would be a file where a folder is needed by"));
            return;
        }
        let mut folder = key.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if let Some(first) = self.files.get(parent) {
                diags.push(clash(first, "would need a folder where there is the file"));
                return;
            }
            folder = parent;
        }
        let mut folder = key.as_str();
        while let Some((parent, _)) = folder.rsplit_once('/') {
            self.folders
                .entry(parent.to_string())
                .or_insert_with(|| (url.to_string(), path.to_path_buf()));
            folder = parent;
        }
        self.files
            .insert(key, (url.to_string(), path.to_path_buf()));
    }
}
