//! The pages the directory adds beside the resources' own pages: one per category
//! (`resources/category.html`) and the printable sheet (`resources/print.html`).

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use super::directory::Directory;
use crate::config::Config;
use crate::content::toml_to_json;
use crate::features::ExtraPage;
use crate::features::i18n::Strings;
use crate::site::permalink;
use crate::site::{DocId, Section, Site};

/// Template for a category page.
pub const CATEGORY_TEMPLATE: &str = "resources/category.html";
/// Template for the print sheet.
pub const PRINT_TEMPLATE: &str = "resources/print.html";

/// Category pages and the print sheet for the directory of section `s`, titled in the
/// section's language from the theme's strings.
pub fn extra_pages(
    config: &Config,
    site: &Site,
    s: usize,
    dir: &Directory,
    strings: &Strings,
) -> Vec<ExtraPage> {
    let section = &site.sections[s];
    let lang = section.doc.lang();
    let dir_json = serde_json::to_value(dir).unwrap_or_default();
    let mut pages = Vec::new();
    for g in &dir.categories {
        let name = strings
            .get(lang, &format!("resource_category_{}", g.key))
            .unwrap_or(g.name);
        let mut ctx = base_context(
            config,
            site,
            s,
            &g.url,
            name,
            &format!("{name} — {}", dir.title),
        );
        ctx.insert("directory".into(), dir_json.clone());
        ctx.insert("group".into(), serde_json::to_value(g).unwrap_or_default());
        pages.push(page(section, &g.url, CATEGORY_TEMPLATE, ctx, true));
    }
    let title = strings.message(lang, "resource_print_title", &[("title", &dir.title)]);
    let mut ctx = base_context(
        config,
        site,
        s,
        &dir.print_url,
        &title,
        &strings.message(lang, "resource_print_description", &[("title", &dir.title)]),
    );
    ctx.insert("directory".into(), dir_json);
    pages.push(page(section, &dir.print_url, PRINT_TEMPLATE, ctx, false));
    pages
}

/// The file an address under the section is written to (`/resources/print/` →
/// `resources/print/index.html`).
pub fn out_path(section: &Section, url: &str) -> PathBuf {
    let dir = section
        .doc
        .out_path
        .parent()
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    dir.join(last).join("index.html")
}

fn page(
    section: &Section,
    url: &str,
    template: &str,
    context: Map<String, Value>,
    in_sitemap: bool,
) -> ExtraPage {
    ExtraPage {
        out_path: out_path(section, url),
        url: url.to_string(),
        template: template.into(),
        lang: section.doc.lang().to_string(),
        context,
        in_sitemap,
    }
}

/// What base.html needs: `page` (title, address, `extra` with the section's cascade, so the
/// quick exit shows) and `ancestors` down to the section, for breadcrumbs.
fn base_context(
    config: &Config,
    site: &Site,
    s: usize,
    url: &str,
    title: &str,
    description: &str,
) -> Map<String, Value> {
    let section = &site.sections[s];
    let mut ctx = Map::new();
    ctx.insert(
        "page".into(),
        json!({
            "title": title,
            "description": description,
            "url": url,
            "permalink": permalink(config, url),
            "extra": toml_to_json(&toml::Value::Table(section.cascade.clone())),
            "lang": section.doc.lang(),
        }),
    );
    let mut ancestors: Vec<Value> = site
        .ancestors(DocId::Section(s))
        .into_iter()
        .map(|a| {
            let d = &site.sections[a].doc;
            json!({ "title": d.front().title, "url": d.url, "lang": d.lang() })
        })
        .collect();
    ancestors.push(json!({ "title": section.doc.front().title, "url": section.doc.url, "lang": section.doc.lang() }));
    ctx.insert("ancestors".into(), Value::Array(ancestors));
    ctx
}
