//! The files a build writes, worked out before anything is written, and the links and images
//! to addresses on the site checked against them (a link to `/files/plan.pdf` needs that
//! file in `static/`).

use std::collections::HashSet;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::features::{self, Outputs};
use crate::markdown::SiteLink;
use crate::output::assets::StaticFile;
use crate::site::Site;

/// Every file a build writes, relative to the output folder (`about/index.html`,
/// `files/plan.pdf`), worked out before anything is written: pages, feature pages and files
/// (calendars, filter and notice pages), aliases, static files and assets, feeds, sitemaps,
/// robots.txt and the 404 page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Targets {
    files: HashSet<String>,
}

fn slashed(p: &std::path::Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The files the build will write.
pub fn targets(
    config: &Config,
    site: &Site,
    features: &Outputs,
    static_files: &[StaticFile],
) -> Targets {
    let mut files: HashSet<String> = site
        .all_docs()
        .into_iter()
        .map(|id| slashed(&site.doc(id).out_path))
        .collect();
    files.extend(site.aliases.iter().map(|a| slashed(&a.out_path)));
    files.extend(site.assets.iter().map(|a| slashed(&a.rel_path)));
    files.extend(static_files.iter().map(|f| slashed(&f.out_rel)));
    for (_, out) in features {
        files.extend(out.pages.iter().map(|p| slashed(&p.out_path)));
        files.extend(out.files.iter().map(|(p, _)| slashed(p)));
    }
    for section in site.sections.iter().filter(|s| s.doc.front().feed) {
        files.insert(slashed(&section.doc.out_path.with_file_name("atom.xml")));
    }
    files.extend(["404.html", "sitemap.xml", "robots.txt"].map(String::from));
    files.extend(
        features::i18n::languages(site, config)
            .into_iter()
            .filter(|l| *l != config.default_language)
            .map(|l| format!("{l}/sitemap.xml")),
    );
    Targets { files }
}

impl Targets {
    /// Whether a browser asking for the root-relative `path` (without `?` or `#`) gets a file:
    /// `/about/` is `about/index.html`, `/about` too (servers add the slash).
    pub(super) fn serves(&self, path: &str) -> bool {
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            return self.files.contains(&format!("{rel}index.html"));
        }
        self.files.contains(rel) || self.files.contains(&format!("{rel}/index.html"))
    }
}

/// `dest` (root-relative, or relative to the page at `base`) as a root-relative path inside
/// the output folder: query and fragment dropped, `%20` decoded, `..` folded, the site's base
/// path (`/ovp` of `https://example.org/ovp`) taken off.
pub(super) fn resolve(dest: &str, base: &str, base_path: &str) -> String {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!(
            "{}{path}",
            &base[..base.rfind('/').map(|i| i + 1).unwrap_or(0)]
        )
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    if !base_path.is_empty()
        && let Some(rest) = out
            .strip_prefix(base_path)
            .filter(|r| r.is_empty() || r.starts_with('/'))
    {
        out = if rest.is_empty() {
            "/".into()
        } else {
            rest.to_string()
        };
    }
    out
}

/// The problem with a link or image to an address the build writes no file for.
pub(super) fn missing(
    site: &Site,
    path: &std::path::Path,
    link: &SiteLink,
    at: &str,
    suggest: bool,
) -> Diagnostic {
    let shown = if link.dest.starts_with('/') || link.dest.split(['#', '?']).next() == Some(at) {
        format!("`{}`", link.dest)
    } else {
        format!("`{}` (the address {at})", link.dest)
    };
    let is_file = at.rsplit('/').next().is_some_and(|last| last.contains('.'));
    let stat = format!("static{at}");
    let (message, hint) = if link.image {
        (
            format!(
                "the image {shown} is not in the site: the build writes no file at that address"
            ),
            format!(
                "save the image as {stat} (files in static/ are published at the same address), or correct the address"
            ),
        )
    } else if is_file {
        (
            format!("the link to {shown} goes to a file that is not in the site"),
            format!(
                "save the file as {stat} (files in static/ are published at the same address), or correct the address"
            ),
        )
    } else {
        // "Did you mean" compares every page: only the first few broken links of a page get it.
        let near = suggest
            .then(|| site.all_docs())
            .into_iter()
            .flatten()
            .map(|id| site.doc(id))
            .filter(|d| d.source.body_line > 0)
            .map(|d| (strsim::jaro_winkler(&d.url, at), d))
            .filter(|(score, _)| *score > 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let why = "Haven checks such links and keeps them working when a page's address changes";
        (
            format!("the link to {shown} goes to a page that does not exist on the site"),
            match near {
                Some((_, d)) => format!(
                    "did you mean {}? Better still, link to its file, @/{}: {why}",
                    d.url,
                    slashed(&d.source.rel_path)
                ),
                None => format!("link to the page's file instead, like [About](@/about.md): {why}"),
            },
        )
    };
    Diagnostic::error(path, link.line, link.col, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_resolve_like_a_browser() {
        assert_eq!(resolve("/files/plan.pdf", "/about/", ""), "/files/plan.pdf");
        assert_eq!(resolve("map.png", "/guide/", ""), "/guide/map.png");
        assert_eq!(resolve("../x/#top", "/news/a/", ""), "/news/x/");
        assert_eq!(resolve("/ovp/about/?q", "/ovp/", "/ovp"), "/about/");
        assert_eq!(resolve("/My%20File.pdf", "/", ""), "/My File.pdf");
    }

    #[test]
    fn a_folder_is_served_with_or_without_its_slash() {
        let t = Targets {
            files: ["index.html", "about/index.html", "files/plan.pdf"]
                .map(String::from)
                .into_iter()
                .collect(),
        };
        for yes in ["/", "/about/", "/about", "/files/plan.pdf"] {
            assert!(t.serves(yes), "{yes}");
        }
        for no in ["/nope/", "/files/", "/files/plan.PDF"] {
            assert!(!t.serves(no), "{no}");
        }
    }
}
