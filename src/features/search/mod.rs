//! Site search: a search page per language, the header box's target, the synonyms residents
//! use, and the index (built by pagefind from the rendered pages, see `index`).
//!
//! Search runs in the reader's browser: pagefind's script downloads the parts of the index it
//! needs from this site and looks through them itself, so the words typed are never sent
//! anywhere. Without JavaScript the same page lists every page A to Z by section, so nothing
//! is out of reach.
//!
//! The page's address and every word of its interface come from the theme's strings
//! (`search_slug`, `search_*`), so `/search/` in English is `/es/buscar/` in Spanish.

pub mod index;
mod listing;
pub mod live;
mod synonyms;

use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostic;
use crate::features::i18n::{Strings, languages};
use crate::features::{ExtraPage, Feature, Input, Output};
use crate::site::permalink;

pub use index::{Indexer, Tap};
pub use live::LiveIndex;

/// The template the search page is rendered with; a theme without it gets no search page.
pub const TEMPLATE: &str = "search.html";
/// The folder of the index and pagefind's script, under the output folder.
pub const BUNDLE_DIR: &str = "pagefind";

/// The search feature.
pub struct Search;

impl Feature for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut out = Output {
            doc_key: "search",
            ..Output::default()
        };
        if !has_template(input.root, &input.config.theme) {
            return out;
        }
        // The renderer loads (and reports problems in) the strings files; here a theme whose
        // strings do not load simply gets no search page until they are fixed.
        let Ok(strings) = Strings::load(input.root, input.config) else {
            return out;
        };
        let strings_dir = Path::new("themes").join(&input.config.theme).join("i18n");
        let langs = languages(input.site, input.config);
        let mut targets = Vec::new();
        for lang in &langs {
            let Some(home) = input.site.homes.get(lang) else {
                continue;
            };
            let t = strings.tables.get(lang).cloned().unwrap_or(Value::Null);
            let slug = t
                .get("search_slug")
                .and_then(Value::as_str)
                .unwrap_or("search");
            let home_doc = &input.site.sections[*home].doc;
            let url = format!("{}{}/", home_doc.url, slug.trim_matches('/'));
            let out_path = home_doc
                .out_path
                .parent()
                .unwrap_or(Path::new(""))
                .join(slug.trim_matches('/'))
                .join("index.html");
            let file = strings_dir.join(format!("{lang}.toml"));
            if let Some(d) = clash(input, &url, &file) {
                out.diagnostics.push(d);
                continue;
            }
            let (groups, mut problems) = synonyms::read(&input.root.join(&file), &file, &t);
            out.diagnostics.append(&mut problems);
            targets.push((lang.clone(), url, out_path, t, groups));
        }
        let mut global = Map::new();
        for (lang, url, ..) in &targets {
            global.insert(lang.clone(), json!({ "url": url }));
        }
        for (lang, url, out_path, t, groups) in &targets {
            let translations: Vec<Value> = targets
                .iter()
                .filter(|(l, ..)| l != lang)
                .map(|(l, u, _, t, _)| json!({ "lang": l, "url": u, "title": t.get("search_title") }))
                .collect();
            let context = page_context(input, lang, url, t, groups, translations);
            out.pages.push(ExtraPage {
                out_path: out_path.clone(),
                url: url.clone(),
                template: TEMPLATE.into(),
                lang: lang.clone(),
                context,
                in_sitemap: false,
            });
        }
        if !global.is_empty() {
            out.global = Some(Value::Object(global));
        }
        out
    }
}

/// Whether the site or its theme has the search page's template.
fn has_template(root: &Path, theme: &str) -> bool {
    root.join("templates").join(TEMPLATE).is_file()
        || root
            .join("themes")
            .join(theme)
            .join("templates")
            .join(TEMPLATE)
            .is_file()
}

/// A page of the site whose address is the search page's.
fn clash(input: &Input<'_>, url: &str, strings_file: &Path) -> Option<Diagnostic> {
    let site = input.site;
    let id = site
        .all_docs()
        .into_iter()
        .find(|id| site.doc(*id).url == url)?;
    let doc = site.doc(id);
    Some(
        Diagnostic::error(
            &doc.source.display_path,
            1,
            1,
            format!("this page's address {url} is taken by the search page"),
        )
        .with_hint(format!(
            "give this page another address (`slug = \"…\"` in its front matter), or give the \
             search page another one: change `search_slug` in {}",
            strings_file.display()
        )),
    )
}

/// What `search.html` gets: `page` (as base.html expects it), `translations` (the search
/// pages in the other languages) and `search_page` (the A to Z list and the script's settings).
fn page_context(
    input: &Input<'_>,
    lang: &str,
    url: &str,
    t: &Value,
    groups: &[Vec<String>],
    translations: Vec<Value>,
) -> Map<String, Value> {
    let text = |k: &str| t.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let list = listing::build(input.site, lang);
    // The quick exit shows on the search page when any page it can lead to has one: what a
    // reader searches for can be as revealing as the page they were on.
    let quick_exit = input.site.all_docs().into_iter().any(|id| {
        let d = input.site.doc(id);
        d.lang() == lang
            && d.extra
                .get("quick_exit")
                .and_then(toml::Value::as_bool)
                .unwrap_or(false)
    });
    let base = input.config.base_path();
    let ui: Map<String, Value> = t
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, v)| k.starts_with("search_") && v.is_string())
                .map(|(k, v)| (k.trim_start_matches("search_").to_string(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    let script = json!({
        "bundle": format!("{base}/{BUNDLE_DIR}/"),
        "base": format!("{base}/"),
        "synonyms": groups,
        "ui": ui,
    });
    let mut ctx = Map::new();
    ctx.insert(
        "page".into(),
        json!({
            "title": text("search_title"),
            "description": text("search_description"),
            "url": url,
            "permalink": permalink(input.config, url),
            "extra": { "quick_exit": quick_exit },
            "lang": lang,
        }),
    );
    ctx.insert("translations".into(), Value::Array(translations));
    ctx.insert(
        "search_page".into(),
        json!({
            "groups": list.groups,
            "total": list.total,
            "script_json": script_json(&script),
        }),
    );
    ctx
}

/// The script's settings as JSON, for the search form's `data-search-config` (templates escape
/// it as an attribute); `<`, `>` and `&` are escaped in it too, so it is safe in any element.
fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Whether the site has a search page, so an index is worth building (a theme without
/// `search.html` gets neither).
pub fn enabled(features: &[(&'static str, Output)]) -> bool {
    features
        .iter()
        .any(|(name, out)| *name == "search" && !out.pages.is_empty())
}

/// Where the bundle's files go in the output folder.
pub fn bundle_path(name: &Path) -> PathBuf {
    Path::new(BUNDLE_DIR).join(name)
}
