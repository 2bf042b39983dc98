//! The data templates see, as plain serializable structs (documented in README and
//! docs/theme-contract.md).

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::content::toml_to_json;
use crate::markdown::{Bodies, Rendered, TocEntry};
use crate::site::{DocId, Document, Site, permalink};

/// Values shared by every template.
#[derive(Debug, Serialize)]
pub struct SiteData {
    /// `config.toml` with menus resolved to URLs.
    pub config: serde_json::Value,
    /// When the build ran, RFC 3339 in the site's time zone.
    pub build_date: String,
}

impl SiteData {
    /// Gathers the shared values.
    pub fn new(config: &Config, site: &Site, build_date: String) -> SiteData {
        let mut value = serde_json::to_value(config).unwrap_or_default();
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "menus".into(),
                serde_json::to_value(&site.menus).unwrap_or_default(),
            );
            obj.insert(
                "extra".into(),
                toml_to_json(&toml::Value::Table(config.extra.clone())),
            );
        }
        SiteData {
            config: value,
            build_date,
        }
    }
}

/// A page or section as templates see it.
#[derive(Debug, Serialize)]
// The fields lists show (`Summary`) are repeated rather than flattened in: `serde(flatten)`
// serializes through a map, which measurably slows rendering every page.
pub struct DocData<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    url: &'a str,
    permalink: String,
    content: &'a str,
    toc: &'a [TocEntry],
    extra: serde_json::Value,
    lang: &'a str,
    slug: String,
    word_count: usize,
    reading_time: usize,
    summary: &'a str,
    draft: bool,
    weight: Option<i64>,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<Vec<Summary<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subsections: Option<Vec<Summary<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<String>,
}

/// A page in a section's list.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    url: &'a str,
    permalink: String,
    extra: serde_json::Value,
    lang: &'a str,
    weight: Option<i64>,
    summary: &'a str,
}

/// A link to another document (breadcrumbs, translations).
#[derive(Debug, Serialize)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
    lang: &'a str,
}

fn summary<'a>(config: &Config, doc: &'a Document, rendered: &'a Rendered) -> Summary<'a> {
    let tz = config.tz();
    let f = doc.front();
    Summary {
        title: &f.title,
        description: f.description.as_deref(),
        date: f.date.map(|d| d.to_template_string(tz)),
        updated: f.updated.map(|d| d.to_template_string(tz)),
        url: &doc.url,
        permalink: permalink(config, &doc.url),
        extra: toml_to_json(&toml::Value::Table(doc.extra.clone())),
        lang: doc.lang(),
        weight: f.weight,
        summary: &rendered.summary,
    }
}

/// Builds the template context for one document, whose rendered body is `r` (the lists on a
/// section's page read its pages' and subsections' bodies from `bodies`).
pub fn for_doc(config: &Config, site: &Site, bodies: &Bodies, id: DocId, r: &Rendered) -> Context {
    let doc = site.doc(id);
    let f = doc.front();
    let listed = summary(config, doc, r);
    let mut data = DocData {
        title: listed.title,
        description: listed.description,
        date: listed.date,
        updated: listed.updated,
        url: listed.url,
        permalink: listed.permalink,
        content: &r.html,
        toc: &r.toc,
        extra: listed.extra,
        lang: listed.lang,
        slug: doc
            .url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string(),
        word_count: r.word_count,
        reading_time: r.word_count.div_ceil(200).max(1),
        summary: listed.summary,
        draft: f.draft,
        weight: listed.weight,
        path: doc.source.rel_path.to_string_lossy().replace('\\', "/"),
        pages: None,
        subsections: None,
        feed_url: None,
    };
    let mut ctx = Context::new();
    if let DocId::Section(s) = id {
        let section = &site.sections[s];
        data.pages = Some(
            section
                .pages
                .iter()
                .map(|p| summary(config, &site.pages[*p].doc, bodies.get(DocId::Page(*p))))
                .collect(),
        );
        data.subsections = Some(
            section
                .subsections
                .iter()
                .map(|c| {
                    summary(
                        config,
                        &site.sections[*c].doc,
                        bodies.get(DocId::Section(*c)),
                    )
                })
                .collect(),
        );
        data.feed_url = f.feed.then(|| format!("{}atom.xml", doc.url));
        ctx.insert("section", &data);
    } else {
        ctx.insert("page", &data);
    }
    let ancestors: Vec<Link> = site
        .ancestors(id)
        .into_iter()
        .map(|s| {
            let d = &site.sections[s].doc;
            Link {
                title: &d.front().title,
                url: &d.url,
                lang: d.lang(),
            }
        })
        .collect();
    let translations: Vec<Link> = site
        .translations_of(id)
        .into_iter()
        .map(|t| {
            let d = site.doc(t);
            Link {
                title: &d.front().title,
                url: &d.url,
                lang: d.lang(),
            }
        })
        .collect();
    ctx.insert("ancestors", &ancestors);
    ctx.insert("translations", &translations);
    ctx.insert("toc", &r.toc);
    ctx.insert("lang", doc.lang());
    ctx.insert("current_url", &doc.url);
    ctx
}

/// Context for pages with no document (404).
pub fn for_special(lang: &str, url: &str) -> Context {
    let mut ctx = Context::new();
    ctx.insert("lang", lang);
    ctx.insert("current_url", url);
    ctx.insert("ancestors", &Vec::<()>::new());
    ctx.insert("translations", &Vec::<()>::new());
    ctx.insert("toc", &Vec::<()>::new());
    ctx
}
