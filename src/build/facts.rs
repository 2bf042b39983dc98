//! Checks that need every page rendered: `#fragment` links against heading ids, links and
//! images to addresses on the site against the files the build writes, and the fact flags
//! (`verify`, `gaps`) staff work through.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::features::{self, slot};
use crate::markdown::{Rendered, SiteLink};
use crate::output::assets::StaticFile;
use crate::site::{DocId, Site};

/// Every file a build writes, relative to the output folder (`about/index.html`,
/// `files/plan.pdf`), worked out before anything is written: pages, feature pages and files
/// (calendars, filter and notice pages), aliases, static files and assets, feeds, sitemaps,
/// robots.txt and the 404 page.
#[derive(Debug, Default, Clone)]
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
    features: &[(&'static str, features::Output)],
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
    fn serves(&self, path: &str) -> bool {
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            return self.files.contains(&format!("{rel}index.html"));
        }
        self.files.contains(rel) || self.files.contains(&format!("{rel}/index.html"))
    }
}

/// Checks every `#fragment` link against the target's heading ids, and every link and image
/// to an address on the site against the files the build writes.
pub fn check_fragments(
    config: &Config,
    site: &Site,
    rendered: &[Rendered],
    features: &[(&'static str, features::Output)],
    targets: &Targets,
) -> Vec<Diagnostic> {
    site.all_docs()
        .into_par_iter()
        .flat_map_iter(|id| fragment_problems(config, site, rendered, features, targets, id))
        .collect()
}

/// `dest` (root-relative, or relative to the page at `base`) as a root-relative path inside
/// the output folder: query and fragment dropped, `%20` decoded, `..` folded, the site's base
/// path (`/ovp` of `https://example.org/ovp`) taken off.
fn resolve(dest: &str, base: &str, base_path: &str) -> String {
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
    if !base_path.is_empty() {
        if let Some(rest) = out
            .strip_prefix(base_path)
            .filter(|r| r.is_empty() || r.starts_with('/'))
        {
            out = if rest.is_empty() {
                "/".into()
            } else {
                rest.to_string()
            };
        }
    }
    out
}

/// The problem with a link or image to an address the build writes no file for.
fn missing(
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

/// The link problems of one document: `#fragment` links (a feature's `ids` for a page win
/// over its Markdown's), and links and images to addresses on the site that no file has.
pub fn fragment_problems(
    config: &Config,
    site: &Site,
    rendered: &[Rendered],
    features: &[(&'static str, features::Output)],
    targets: &Targets,
    id: DocId,
) -> Vec<Diagnostic> {
    // Work stays in proportion to links plus headings: each target's ids go into a set once,
    // and only the first few broken links get a "did you mean" (which compares every id).
    const SUGGESTED: usize = 10;
    const LISTED: usize = 10;
    let mut diags = Vec::new();
    let doc = site.doc(id);
    for link in &rendered[slot(site, id)].site_links {
        let at = resolve(&link.dest, &doc.url, config.base_path());
        if !targets.serves(&at) {
            let suggest = diags.len() < SUGGESTED;
            diags.push(missing(site, &doc.source.display_path, link, &at, suggest));
        }
    }
    let broken_pages = diags.len();
    let mut sets: HashMap<DocId, HashSet<&str>> = HashMap::new();
    for link in &rendered[slot(site, id)].fragment_links {
        let target = match &link.target {
            None => Some(id),
            Some(path) => site.resolve(path, doc.lang(), &config.default_language),
        };
        let Some(target) = target else { continue };
        let ids = features
            .iter()
            .find_map(|(_, out)| out.ids.get(&target))
            .unwrap_or(&rendered[slot(site, target)].heading_ids);
        let set = sets
            .entry(target)
            .or_insert_with(|| ids.iter().map(String::as_str).collect());
        if set.contains(link.fragment.as_str()) {
            continue;
        }
        let page = link
            .target
            .as_deref()
            .map(|p| format!("@/{p}"))
            .unwrap_or_else(|| "this page".into());
        let d = Diagnostic::error(
            &doc.source.display_path,
            link.line,
            link.col,
            format!(
                "the link goes to heading `#{}` on {page}, which has no such heading",
                link.fragment
            ),
        );
        let near = (diags.len() - broken_pages < SUGGESTED)
            .then(|| {
                ids.iter()
                    .map(|i| (strsim::jaro_winkler(i, &link.fragment), i))
                    .filter(|(s, _)| *s > 0.75)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
            })
            .flatten();
        let d = match near {
            Some((_, best)) => d.with_hint(format!("did you mean `#{best}`?")),
            None if ids.is_empty() => {
                d.with_hint("that page has no headings; link to the page without `#…`")
            }
            None => {
                let mut list: Vec<String> =
                    ids.iter().take(LISTED).map(|i| format!("#{i}")).collect();
                if ids.len() > LISTED {
                    list.push(format!(
                        "and {} more",
                        crate::diagnostic::thousands(ids.len() - LISTED)
                    ));
                }
                d.with_hint(format!("headings there are: {}", list.join(", ")))
            }
        };
        diags.push(d);
    }
    diags
}

/// Facts marked `verify` or `gaps` become warnings so that `haven check` lists them for staff.
pub fn fact_notes(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        diags.extend(fact_notes_of(&doc.source.display_path, doc.front()));
    }
    diags
}

/// The fact notes of one page (the editor's preview shows them for the page being edited).
pub fn fact_notes_of(
    path: &std::path::Path,
    front: &crate::content::FrontMatter,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for v in &front.verify {
        diags.push(
            Diagnostic::warning(path, v.line, 1, format!("fact to verify: {}", v.text))
                .with_hint("confirm it with an official source, then remove it from `verify`"),
        );
    }
    for g in &front.gaps {
        diags.push(
            Diagnostic::warning(path, g.line, 1, format!("missing fact: {}", g.text)).with_hint(
                "when the fact is published, add it to the page and remove it from `gaps`",
            ),
        );
    }
    diags
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
