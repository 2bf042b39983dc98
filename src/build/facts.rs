//! Checks that need every page rendered: `#fragment` links against heading ids, and the fact
//! flags (`verify`, `gaps`) staff work through.

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::features::{self, slot};
use crate::markdown::Rendered;
use crate::site::{DocId, Site};

/// Checks every `#fragment` link against the target's heading ids.
pub fn check_fragments(
    config: &Config,
    site: &Site,
    rendered: &[Rendered],
    features: &[(&'static str, features::Output)],
) -> Vec<Diagnostic> {
    site.all_docs()
        .into_par_iter()
        .flat_map_iter(|id| fragment_problems(config, site, rendered, features, id))
        .collect()
}

/// The `#fragment` link problems of one document (a feature's `ids` for a page win over its
/// Markdown's).
pub fn fragment_problems(
    config: &Config,
    site: &Site,
    rendered: &[Rendered],
    features: &[(&'static str, features::Output)],
    id: DocId,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    {
        let doc = site.doc(id);
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
            if !ids.iter().any(|i| *i == link.fragment) {
                let page = link
                    .target
                    .as_deref()
                    .map(|p| format!("@/{p}"))
                    .unwrap_or_else(|| "this page".into());
                let mut d = Diagnostic::error(
                    &doc.source.display_path,
                    link.line,
                    link.col,
                    format!(
                        "the link goes to heading `#{}` on {page}, which has no such heading",
                        link.fragment
                    ),
                );
                let near = ids
                    .iter()
                    .map(|i| (strsim::jaro_winkler(i, &link.fragment), i))
                    .filter(|(s, _)| *s > 0.75)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                d = match near {
                    Some((_, best)) => d.with_hint(format!("did you mean `#{best}`?")),
                    None if ids.is_empty() => {
                        d.with_hint("that page has no headings; link to the page without `#…`")
                    }
                    None => d.with_hint(format!(
                        "headings there are: {}",
                        ids.iter()
                            .map(|i| format!("#{i}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                diags.push(d);
            }
        }
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
