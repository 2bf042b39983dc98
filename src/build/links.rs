//! Checks that need every page rendered: `#fragment` links against heading ids, links and
//! images to addresses on the site against the files the build writes (`targets.rs`), and the
//! fact flags (`verify`, `gaps`) staff work through.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::{Bodies, SiteLink};
use crate::site::{DocId, Site};

use super::targets::{self, Targets};

/// Every document's link problems (`#fragment` links, and addresses on the site no file has),
/// and (for updates) which documents link into
/// which, so that a renamed heading re-checks the pages that link to it.
#[derive(Debug, Default)]
pub struct Links {
    /// Problems, by linking document.
    problems: BTreeMap<DocId, Vec<Diagnostic>>,
    /// Target → the documents with a `#fragment` link to it; kept only when the build will be
    /// updated (`haven serve`).
    into: Option<HashMap<DocId, BTreeSet<DocId>>>,
}

impl Links {
    /// Checks every document's links; with `graph`, also records who links where.
    pub fn index(
        config: &Config,
        site: &Site,
        bodies: &Bodies,
        files: &Targets,
        graph: bool,
    ) -> Links {
        Links::index_with(config, site, bodies, files, graph, &HashMap::new())
    }

    /// [`Links::index`], for documents whose links to addresses on the site were checked as
    /// they were written (`checked`: their problems) and then let go of.
    pub(super) fn index_with(
        config: &Config,
        site: &Site,
        bodies: &Bodies,
        files: &Targets,
        graph: bool,
        checked: &HashMap<DocId, Vec<Diagnostic>>,
    ) -> Links {
        let found: Vec<(DocId, Vec<Diagnostic>, Vec<DocId>)> = site
            .all_docs()
            .into_par_iter()
            .map(|id| {
                let (mut problems, targets) = check(config, site, bodies, files, id, graph);
                if let Some(before) = checked.get(&id) {
                    problems.splice(0..0, before.iter().cloned());
                }
                (id, problems, targets)
            })
            .collect();
        let mut links = Links {
            problems: BTreeMap::new(),
            into: graph.then(HashMap::new),
        };
        for (id, problems, targets) in found {
            links.record(id, problems, targets);
        }
        links
    }

    fn record(&mut self, id: DocId, problems: Vec<Diagnostic>, targets: Vec<DocId>) {
        if let Some(into) = &mut self.into {
            for t in targets {
                into.entry(t).or_default().insert(id);
            }
        }
        if problems.is_empty() {
            self.problems.remove(&id);
        } else {
            self.problems.insert(id, problems);
        }
    }

    /// Checks one document's links again (after it, or a page it links into, changed).
    pub fn refresh(
        &mut self,
        config: &Config,
        site: &Site,
        bodies: &Bodies,
        files: &Targets,
        id: DocId,
    ) {
        let (problems, targets) = check(config, site, bodies, files, id, self.into.is_some());
        self.record(id, problems, targets);
    }

    /// The documents with a `#fragment` link into `id`.
    pub fn linking_to(&self, id: DocId) -> Vec<DocId> {
        self.into
            .as_ref()
            .and_then(|m| m.get(&id))
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
    }

    /// Every problem, by linking document.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.problems.values().flatten()
    }
}

/// The `#fragment` link problems of one document.
pub(super) fn check_one(
    config: &Config,
    site: &Site,
    bodies: &Bodies,
    files: &Targets,
    id: DocId,
) -> Vec<Diagnostic> {
    check(config, site, bodies, files, id, false).0
}

/// The problems of one document's links to addresses on the site (`/files/plan.pdf`) that no
/// file the build writes has: the first part of [`check`], which `haven build` runs as each
/// page is written (`stream.rs`), so that the links need not be kept.
pub(super) fn site_link_problems(
    config: &Config,
    site: &Site,
    files: &Targets,
    id: DocId,
    links: &[SiteLink],
) -> Vec<Diagnostic> {
    // Only the first few broken links get a "did you mean" (which compares every file).
    const SUGGESTED: usize = 10;
    let mut diags = Vec::new();
    let doc = site.doc(id);
    for link in links {
        let at = targets::resolve(&link.dest, &doc.url, config.base_path());
        if !files.serves(&at) {
            let suggest = diags.len() < SUGGESTED;
            diags.push(targets::missing(
                site,
                &doc.source.display_path,
                link,
                &at,
                suggest,
            ));
        }
    }
    diags
}

/// The link problems of one document (addresses on the site that no file has, then
/// `#fragment` links), and (with `targets`) the documents its links point into.
fn check(
    config: &Config,
    site: &Site,
    bodies: &Bodies,
    files: &Targets,
    id: DocId,
    targets: bool,
) -> (Vec<Diagnostic>, Vec<DocId>) {
    // Work stays in proportion to links plus headings: each target's ids go into a set once,
    // and only the first few broken links get a "did you mean" (which compares every id).
    const SUGGESTED: usize = 10;
    const LISTED: usize = 10;
    let mut diags = site_link_problems(config, site, files, id, &bodies.get(id).site_links);
    let mut into = Vec::new();
    let doc = site.doc(id);
    let broken_pages = diags.len();
    let mut sets: HashMap<DocId, HashSet<&str>> = HashMap::new();
    for link in &bodies.get(id).fragment_links {
        let target = match &link.target {
            None => Some(id),
            Some(path) => site.resolve(path, doc.lang(), &config.default_language),
        };
        let Some(target) = target else { continue };
        if targets && link.target.is_some() {
            into.push(target);
        }
        let ids = &bodies.get(target).heading_ids;
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
    (diags, into)
}

/// Facts marked `verify` or `gaps` become warnings so that `haven check` lists them for staff.
pub fn fact_notes(site: &Site) -> Vec<Diagnostic> {
    site.all_docs()
        .into_iter()
        .flat_map(|id| doc_fact_notes(site, id))
        .collect()
}

/// The fact notes of one document.
pub(super) fn doc_fact_notes(site: &Site, id: DocId) -> Vec<Diagnostic> {
    let doc = site.doc(id);
    fact_notes_of(&doc.source.display_path, doc.front())
}

/// The fact notes (`verify`, `gaps`) of the page at `path` with front matter `front` (the
/// editor checks a page not in the site yet this way).
pub fn fact_notes_of(
    path: &std::path::Path,
    front: &crate::content::FrontMatter,
) -> Vec<Diagnostic> {
    let verify = front.verify.iter().map(|v| {
        Diagnostic::warning(path, v.line, 1, format!("fact to verify: {}", v.text))
            .with_hint("confirm it with an official source, then remove it from `verify`")
    });
    let gaps = front.gaps.iter().map(|g| {
        Diagnostic::warning(path, g.line, 1, format!("missing fact: {}", g.text))
            .with_hint("when the fact is published, add it to the page and remove it from `gaps`")
    });
    verify.chain(gaps).collect()
}
