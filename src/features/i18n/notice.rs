//! Notice pages for pages that are not translated.
//!
//! For a page with no version in language B, Haven writes `/<B>/<same path>/` (for the default
//! language: `/<same path>/`): a page in B that says the page is only available in its own
//! language, links to it, and offers the nearest ancestor that is translated into B. The
//! language switcher and B's menus go there, so a reader never meets a 404 and is never
//! dropped on the home page. A static site cannot show a notice from a query string without
//! JavaScript, hence a page per untranslated page; they are `noindex` and not in the sitemap.
//!
//! A theme without `i18n-notice.html` gets no notice pages: the switcher then goes straight to
//! the nearest ancestor with a version in B.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::json;

use super::{language_name, languages};
use crate::features::{ExtraPage, Input};
use crate::site::permalink;
use crate::site::{DocId, SectionId, Site};

/// The template notice pages are rendered with.
pub const TEMPLATE: &str = "i18n-notice.html";

/// One notice page to write.
#[derive(Debug, Clone)]
struct Notice {
    url: String,
    out_path: PathBuf,
}

/// Which notice pages exist: (untranslated document, language) → its notice.
#[derive(Debug, Default)]
pub struct Plan {
    notices: BTreeMap<(DocId, String), Notice>,
}

impl Plan {
    /// The notice page for `id` in `lang`, when there is one.
    pub fn notice_url(&self, id: DocId, lang: &str) -> Option<&str> {
        self.notices
            .get(&(id, lang.to_string()))
            .map(|n| n.url.as_str())
    }

    /// Where a reader of `id` who wants `lang` goes when `id` has no version in `lang`: its
    /// notice page, else the nearest ancestor with a version in `lang`.
    pub fn target(&self, site: &Site, id: DocId, lang: &str) -> Option<String> {
        if let Some(u) = self.notice_url(id, lang) {
            return Some(u.to_string());
        }
        nearest(site, id, lang).map(|s| site.sections[s].doc.url.clone())
    }
}

/// The nearest ancestor of `id` (its parent first, the home page last) that has a version in
/// `lang`: that version's section.
pub fn nearest(site: &Site, id: DocId, lang: &str) -> Option<SectionId> {
    for s in site.ancestors(id).into_iter().rev() {
        if site.sections[s].doc.lang() == lang {
            return Some(s);
        }
        for t in site.translations_of(DocId::Section(s)) {
            if let DocId::Section(ts) = t
                && site.doc(t).lang() == lang
            {
                return Some(ts);
            }
        }
    }
    site.homes.get(lang).copied()
}

/// Works out every notice page: one per document with a file and per published language the
/// document has no version in, unless the address is taken by a page or redirect.
pub fn plan(input: &Input<'_>) -> Plan {
    let (site, config) = (input.site, input.config);
    let mut plan = Plan::default();
    if !crate::theme::has_template(input.root, config, TEMPLATE) {
        return plan;
    }
    let langs = languages(site, config);
    let taken: HashSet<&Path> = site
        .all_docs()
        .into_iter()
        .map(|id| site.doc(id).out_path.as_path())
        .chain(site.aliases.iter().map(|a| a.out_path.as_path()))
        .collect();
    let base = config.base_path();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if doc.source.body_line == 0 {
            continue;
        }
        let have: HashSet<String> = site
            .translations_of(id)
            .into_iter()
            .map(|t| site.doc(t).lang().to_string())
            .collect();
        for lang in langs
            .iter()
            .filter(|l| *l != doc.lang() && !have.contains(*l))
        {
            // The same path with the other language's prefix.
            let rest = doc
                .url
                .strip_prefix(base)
                .unwrap_or(&doc.url)
                .trim_start_matches('/');
            let mut out_rest = doc.out_path.as_path();
            let rest = if doc.lang() == config.default_language {
                rest
            } else {
                out_rest = out_rest.strip_prefix(doc.lang()).unwrap_or(out_rest);
                rest.strip_prefix(&format!("{}/", doc.lang()))
                    .unwrap_or(rest)
            };
            let (url, out_path) = if *lang == config.default_language {
                (format!("{base}/{rest}"), out_rest.to_path_buf())
            } else {
                (
                    format!("{base}/{lang}/{rest}"),
                    Path::new(lang).join(out_rest),
                )
            };
            if taken.contains(out_path.as_path()) {
                continue;
            }
            plan.notices
                .insert((id, lang.clone()), Notice { url, out_path });
        }
    }
    plan
}

/// The notice pages, ready to render with [`TEMPLATE`].
pub fn pages(input: &Input<'_>, plan: &Plan) -> Vec<ExtraPage> {
    let (site, config) = (input.site, input.config);
    let mut out = Vec::new();
    for ((id, lang), n) in &plan.notices {
        let doc = site.doc(*id);
        let near = nearest(site, *id, lang);
        let mut crumbs: Vec<serde_json::Value> = Vec::new();
        if let Some(s) = near {
            for a in site.ancestors(DocId::Section(s)).into_iter().chain([s]) {
                let d = &site.sections[a].doc;
                crumbs.push(json!({ "title": d.front().title, "url": d.url, "lang": d.lang() }));
            }
        }
        // The switcher on a notice page: the page itself in its language, and the other
        // languages' versions (or their notices).
        let mut switcher = vec![
            json!({ "lang": doc.lang(), "name": language_name(config, doc.lang()), "url": doc.url, "translated": true }),
        ];
        for l in languages(site, config)
            .into_iter()
            .filter(|l| l != lang && l != doc.lang())
        {
            let found = site
                .translations_of(*id)
                .into_iter()
                .find(|t| site.doc(*t).lang() == l);
            let (url, translated) = match found {
                Some(t) => (Some(site.doc(t).url.clone()), true),
                None => (plan.target(site, *id, &l), false),
            };
            if let Some(url) = url {
                switcher.push(json!({ "lang": l, "name": language_name(config, &l), "url": url, "translated": translated }));
            }
        }
        let nearest_link = near.map(|s| {
            let d = &site.sections[s].doc;
            json!({ "title": d.front().title, "url": d.url })
        });
        let mut context = serde_json::Map::new();
        context.insert(
            "page".into(),
            json!({
                "title": doc.front().title,
                "title_lang": doc.lang(),
                "description": serde_json::Value::Null,
                "url": n.url,
                "permalink": permalink(config, &n.url),
                "lang": lang,
                "extra": {},
            }),
        );
        context.insert("ancestors".into(), serde_json::Value::Array(crumbs));
        context.insert(
            "translations".into(),
            json!([{ "lang": doc.lang(), "url": doc.url, "title": doc.front().title }]),
        );
        context.insert(
            "versions".into(),
            json!({ "switcher": switcher, "alternates": [] }),
        );
        context.insert(
            "notice".into(),
            json!({
                "title": doc.front().title,
                "url": doc.url,
                "lang": doc.lang(),
                "lang_name": language_name(config, doc.lang()),
                "nearest": nearest_link,
            }),
        );
        out.push(ExtraPage {
            out_path: n.out_path.clone(),
            url: n.url.clone(),
            template: TEMPLATE.into(),
            lang: lang.clone(),
            context,
            in_sitemap: false,
        });
    }
    out
}
