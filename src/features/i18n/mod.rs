//! Languages: what makes the site work in every language it publishes.
//!
//! - `strings`: the theme's interface text per language (`t` in templates, the `date` filter).
//! - per language (global `i18n[lang]`): the menus with their labels and links in that
//!   language, the crisis strip, the site title.
//! - per page (`versions`): the language switcher's targets and the `hreflang` alternates.
//! - notice pages: where a page has no translation, `/<lang>/<same path>/` says, in that
//!   language, that the page is only available in its own language, with a link to it
//!   (`notice.rs`); the switcher goes there.
//! - `haven check`: the translation report (`report.rs`) and the config checks (`config.rs`).
//! - facts (`facts.rs`): a translated session or resource keeps its numbers, times and links.

mod config;
pub mod date_names;
mod facts;
mod notice;
pub mod numbers;
mod report;
pub mod strings;
mod strings_check;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use crate::config::Config;
use crate::features::{Feature, Input, Model, Needs, Output, Request};
use crate::site::permalink;
use crate::site::{DocId, Site};
pub use report::source_hash;
pub use strings::Strings;

/// The languages feature.
pub struct I18n;

/// One `<link rel="alternate" hreflang>` (and sitemap `xhtml:link`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alternate {
    /// Language code, or `x-default`.
    pub hreflang: String,
    /// Full address.
    pub href: String,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
struct SwitchTarget {
    /// Language code of the target.
    lang: String,
    /// The language's own name ("Español").
    name: String,
    /// Where the link goes.
    url: String,
    /// Whether `url` is a translation of this page (false: a notice page or an ancestor).
    translated: bool,
}

/// `versions` in a page's context.
#[derive(Debug, Clone, Serialize)]
struct Versions {
    switcher: Vec<SwitchTarget>,
    alternates: Vec<Alternate>,
}

/// A resolved menu link in one language.
#[derive(Debug, Clone, Serialize)]
struct MenuLink {
    /// Link text in the page's language (or the default language's when not translated).
    name: String,
    /// Language of `name` when it is not the page's language, else none.
    name_lang: Option<String>,
    url: String,
    /// Language of the target page when it is not the page's language, else none.
    hreflang: Option<String>,
    weight: i64,
}

/// `i18n[lang]` for templates.
#[derive(Debug, Clone, Serialize)]
struct LangData {
    name: String,
    title: String,
    home_url: Option<String>,
    menus: BTreeMap<String, Vec<MenuLink>>,
    crisis: Option<CrisisView>,
}

/// The crisis strip of one language, as templates print it.
#[derive(Debug, Clone, Serialize)]
struct CrisisView {
    heading: String,
    lines: Vec<CrisisLineView>,
}

/// One number of the crisis strip.
#[derive(Debug, Clone, Serialize)]
struct CrisisLineView {
    label: String,
    /// As written: "988".
    number: String,
    /// What the link dials, from [`crate::phone`]: "tel:988"; none when the number is not
    /// valid (the build then stops with an error at its line).
    href: Option<String>,
    note: Option<String>,
}

/// The strip on `lang`'s pages: `[languages.<lang>.crisis]`, else `[extra.crisis]`.
pub fn crisis_of(config: &Config, lang: &str) -> Option<crate::config::Crisis> {
    config
        .languages
        .get(lang)
        .and_then(|l| l.crisis.clone())
        .or_else(|| {
            config
                .extra
                .get("crisis")
                .and_then(|v| v.clone().try_into().ok())
        })
}

fn crisis_view(c: crate::config::Crisis) -> CrisisView {
    CrisisView {
        heading: c.heading,
        lines: c
            .lines
            .into_iter()
            .map(|l| CrisisLineView {
                href: crate::phone::tel_href(&l.number).ok(),
                label: l.label,
                number: l.number,
                note: l.note,
            })
            .collect(),
    }
}

impl Feature for I18n {
    fn name(&self) -> &'static str {
        "i18n"
    }

    /// The translation report compares a translation's `source_hash` with its source's text.
    fn needs(&self, model: &Model<'_>) -> Needs {
        let mut needs = Needs::default();
        for id in report::sources_to_fingerprint(model.site, model.config) {
            let request = Request {
                keep_text: true,
                ..Request::default()
            };
            needs.ask(id, request);
        }
        needs
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut out = Output {
            doc_key: "versions",
            ..Output::default()
        };
        let (site, config) = (input.site, input.config);
        let notices = notice::plan(input);
        let mut global = serde_json::Map::new();
        for lang in languages(site, config) {
            let data = LangData {
                name: language_name(config, &lang),
                title: config
                    .languages
                    .get(&lang)
                    .and_then(|l| l.title.clone())
                    .unwrap_or_else(|| config.title.clone()),
                home_url: site
                    .homes
                    .get(&lang)
                    .map(|h| site.sections[*h].doc.url.clone()),
                menus: menus(config, site, &lang, &notices),
                crisis: crisis_of(config, &lang).map(crisis_view),
            };
            global.insert(lang, serde_json::to_value(&data).unwrap_or_default());
        }
        out.global = Some(Value::Object(global));
        for id in site.all_docs() {
            let v = Versions {
                switcher: switcher(config, site, id, &notices),
                alternates: alternates(config, site, id),
            };
            out.per_doc
                .insert(id, serde_json::to_value(&v).unwrap_or_default());
        }
        out.pages = notice::pages(input, &notices);
        out.diagnostics.extend(config::check(input));
        out.diagnostics.extend(report::check(input));
        out.diagnostics.extend(facts::check(input));
        out
    }
}

/// The languages the site publishes: those in config.toml with content (and the default).
pub fn languages(site: &Site, config: &Config) -> Vec<String> {
    config
        .languages
        .keys()
        .filter(|l| site.homes.contains_key(*l) || **l == config.default_language)
        .cloned()
        .collect()
}

/// A language's own name from config.toml ("Español"), else its code.
fn language_name(config: &Config, lang: &str) -> String {
    config
        .languages
        .get(lang)
        .map(|l| l.name.clone())
        .unwrap_or_else(|| lang.to_string())
}

/// A language's name in English ("Spanish"), for staff messages.
pub fn english_name(config: &Config, lang: &str) -> String {
    isolang::Language::from_639_1(lang.split('-').next().unwrap_or(lang))
        .map(|l| l.to_name().to_string())
        .unwrap_or_else(|| language_name(config, lang))
}

/// The `hreflang` set of a document: every version, itself included, each with its full
/// address, plus `x-default` (the default language's version). Empty when the document has no
/// translation. The same set for every version, so the links are reciprocal.
pub fn alternates(config: &Config, site: &Site, id: DocId) -> Vec<Alternate> {
    let others = site.translations_of(id);
    if others.is_empty() {
        return Vec::new();
    }
    let mut versions: Vec<DocId> = others
        .into_iter()
        .chain([id])
        .filter(|d| site.doc(*d).source.body_line > 0 || *d == id)
        .collect();
    versions.sort_by(|a, b| site.doc(*a).lang().cmp(site.doc(*b).lang()));
    let mut list: Vec<Alternate> = versions
        .iter()
        .map(|d| Alternate {
            hreflang: site.doc(*d).lang().to_string(),
            href: permalink(config, &site.doc(*d).url),
        })
        .collect();
    if list.len() < 2 {
        return Vec::new();
    }
    if let Some(d) = versions
        .iter()
        .find(|d| site.doc(**d).lang() == config.default_language)
    {
        list.push(Alternate {
            hreflang: "x-default".into(),
            href: permalink(config, &site.doc(*d).url),
        });
    }
    list
}

/// Where the switcher on `id` goes for each other language: the translation; else the notice
/// page for it in that language; else the nearest ancestor that has a version in that
/// language.
fn switcher(config: &Config, site: &Site, id: DocId, notices: &notice::Plan) -> Vec<SwitchTarget> {
    let doc = site.doc(id);
    let translations: HashMap<String, DocId> = site
        .translations_of(id)
        .into_iter()
        .map(|t| (site.doc(t).lang().to_string(), t))
        .collect();
    languages(site, config)
        .into_iter()
        .filter(|l| l != doc.lang())
        .filter_map(|lang| {
            let (url, translated) = match translations.get(&lang) {
                Some(t) => (site.doc(*t).url.clone(), true),
                None => (notices.target(site, id, &lang)?, false),
            };
            Some(SwitchTarget {
                name: language_name(config, &lang),
                lang,
                url,
                translated,
            })
        })
        .collect()
}

/// The menus of config.toml in `lang`: labels from `names`, links to the version of each page
/// in `lang` (or its notice page there).
fn menus(
    config: &Config,
    site: &Site,
    lang: &str,
    notices: &notice::Plan,
) -> BTreeMap<String, Vec<MenuLink>> {
    let default = &config.default_language;
    let mut menus = BTreeMap::new();
    for (name, items) in &config.menus {
        let mut links = Vec::new();
        for item in items {
            let (label, name_lang) = match item.names.get(lang) {
                Some(n) => (n.clone(), None),
                None if lang == default => (item.name.clone(), None),
                None => (item.name.clone(), Some(default.clone())),
            };
            let (url, hreflang) = match item.url.strip_prefix("@/") {
                Some(path) => {
                    // A missing file was reported when the default menus were resolved.
                    let Some(target) = site.resolve(path, lang, default) else {
                        continue;
                    };
                    let t = site.doc(target);
                    if t.lang() == lang {
                        (t.url.clone(), None)
                    } else {
                        match notices.notice_url(target, lang) {
                            Some(u) => (u.to_string(), None),
                            None => (t.url.clone(), Some(t.lang().to_string())),
                        }
                    }
                }
                None => (item.url.clone(), None),
            };
            links.push(MenuLink {
                name: label,
                name_lang,
                url,
                hreflang,
                weight: item.weight,
            });
        }
        links.sort_by_key(|l| l.weight);
        menus.insert(name.clone(), links);
    }
    menus
}
