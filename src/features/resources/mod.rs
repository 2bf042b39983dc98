//! Resources for victims' families: a directory of services, one Markdown page per service
//! with a `[resource]` table in its front matter (see README, "Resources for families").
//!
//! - `model.rs`: the table as written, the fixed categories, the checked resource
//! - `check.rs`: one page's table → a [`model::Resource`], every problem at file:line
//! - phone numbers go through `crate::phone`, the one path for every number a resident dials
//! - `review.rs`: checks across resources (due for review, duplicates)
//! - `directory.rs`: the data templates print (cards grouped by category, in order)
//! - `pages.rs`: category pages and the printable sheet
//! - `jsonld.rs`: schema.org data for each resource
//! - `scaffold.rs`: `haven new resource "Name"`
//!
//! Templates get `resource` (the card of the page being rendered, on resource pages) and the
//! global `resources.by_section[<section url>]` (the whole directory, for the section page).

pub mod check;
pub mod directory;
pub mod jsonld;
pub mod model;
pub mod pages;
pub mod review;
pub mod scaffold;

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use super::{Feature, Input, Output};
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::site::permalink;
use crate::site::{DocId, SectionId};
use directory::{Directory, OtherPage};
use model::Resource;

/// The resources feature.
pub struct Resources;

impl Feature for Resources {
    fn name(&self) -> &'static str {
        "resources"
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let (config, site) = (input.config, input.site);
        let tz = config.tz();
        let today = input.now.with_timezone(&tz).date_naive();
        let mut out = Output {
            doc_key: "resource",
            ..Default::default()
        };

        let mut by_section: BTreeMap<SectionId, Vec<Resource>> = BTreeMap::new();
        for id in site.all_docs() {
            let doc = site.doc(id);
            let Some(table) = doc.front().tables.get("resource") else {
                continue;
            };
            let (resource, mut diags) = check::read(id, doc, table, today, tz);
            out.diagnostics.append(&mut diags);
            if let (Some(r), DocId::Page(p)) = (resource, id) {
                by_section.entry(site.pages[p].section).or_default().push(r);
            }
        }
        if by_section.is_empty() {
            return out;
        }
        if config
            .extra
            .get("quick_exit_url")
            .and_then(|v| v.as_str())
            .is_none_or(str::is_empty)
        {
            let text = std::fs::read_to_string(input.root.join(CONFIG_FILE)).unwrap_or_default();
            let line = crate::config::settings_spans(&text)
                .line_of(&["extra"])
                .unwrap_or(0);
            out.diagnostics.push(
                Diagnostic::warning(CONFIG_FILE, line, 1, "the resources pages cannot show the quick exit (\"Leave this site\"): `quick_exit_url` is not set")
                    .with_hint("add `quick_exit_url = \"https://www.google.com/\"` under `[extra]` in config.toml"),
            );
        }

        let mut directories = serde_json::Map::new();
        let taken: HashSet<&str> = site
            .all_docs()
            .into_iter()
            .map(|d| site.doc(d).url.as_str())
            .collect();
        for (&s, resources) in &by_section {
            let section = &site.sections[s];
            let section_url = &section.doc.url;
            out.diagnostics.extend(review::stale(
                resources,
                config.review_interval_days,
                &section.doc.source.display_path,
            ));
            out.diagnostics.extend(review::duplicates(resources));
            for r in resources {
                let doc = site.doc(r.doc);
                if doc.extra.get("quick_exit").and_then(toml::Value::as_bool) != Some(true) {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            &r.path,
                            0,
                            0,
                            "this resource page does not show the quick exit (\"Leave this site\")",
                        )
                        .with_hint(format!(
                            "keep `[cascade] quick_exit = true` in {}",
                            section.doc.source.display_path.display()
                        )),
                    );
                }
            }

            let items: Vec<(&Resource, directory::Card)> = resources
                .iter()
                .map(|r| {
                    let url = &site.doc(r.doc).url;
                    (
                        r,
                        directory::card(r, url, &permalink(config, url), section_url),
                    )
                })
                .collect();
            for (r, card) in &items {
                out.per_doc
                    .insert(r.doc, serde_json::to_value(card).unwrap_or_default());
            }
            let resource_docs: HashSet<DocId> = resources.iter().map(|r| r.doc).collect();
            let others = section
                .pages
                .iter()
                .filter(|p| !resource_docs.contains(&DocId::Page(**p)))
                .map(|p| {
                    let d = &site.pages[*p].doc;
                    OtherPage {
                        title: d.front().title.clone(),
                        url: d.url.clone(),
                        description: d.front().description.clone(),
                    }
                })
                .collect();
            let dir = Directory {
                title: section.doc.front().title.clone(),
                url: section_url.clone(),
                permalink: permalink(config, section_url),
                print_url: directory::print_url(section_url),
                count: resources.len(),
                categories: directory::group(section_url, items),
                others,
            };
            let extra = pages::extra_pages(config, site, s, &dir, input.strings);
            for p in &extra {
                if taken.contains(p.url.as_str()) {
                    let owner = site
                        .all_docs()
                        .into_iter()
                        .map(|d| site.doc(d))
                        .find(|d| d.url == p.url);
                    if let Some(d) = owner {
                        let what = if p.template == pages::PRINT_TEMPLATE {
                            "the printable resource sheet".to_string()
                        } else {
                            format!(
                                "the category page `{}`",
                                p.context
                                    .get("page")
                                    .and_then(|v| v["title"].as_str())
                                    .unwrap_or("")
                            )
                        };
                        out.diagnostics.push(
                            Diagnostic::error(
                                &d.source.display_path,
                                d.source.front_text.line_of(&["slug"]).unwrap_or(0),
                                1,
                                format!("this page's address `{}` is needed for {what}", p.url),
                            )
                            .with_hint("rename the file, or give it a different `slug`"),
                        );
                    }
                }
            }
            out.pages.extend(extra);
            directories.insert(
                section_url.clone(),
                serde_json::to_value(&dir).unwrap_or_default(),
            );
        }
        out.global = Some(json!({ "by_section": directories }));
        out
    }
}
