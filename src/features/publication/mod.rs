//! Publications: a long document published as a section whose pages are its chapters.
//!
//! A section is a publication when its `_index.md` has a `[publication]` table (see README,
//! "Publications"). Its page becomes the cover (status, summary, the table of contents of
//! every chapter); its pages, in `weight` order, become numbered chapters with previous/next
//! links and "Cite this section" lines; the feature adds a one-page version for printing
//! (`all/`) and, when the text has numbered recommendations, an index of them
//! (`recommendations/`).

mod chapters;
mod check;
mod data;
mod model;

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use super::{ExtraPage, Feature, Input, Model, Needs, Output};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::permalink;
use crate::site::{DocId, SectionId, Site};
use chapters::Chapter;
use data::{
    ChapterLink, ChapterPage, HistoryData, OnePageChapter, PublicationData, RecommendationData,
    StatusData,
};
use model::Meta;

/// Templates the theme provides for publications.
pub const COVER_TEMPLATE: &str = "publication/cover.html";
/// Chapter pages.
pub const CHAPTER_TEMPLATE: &str = "publication/chapter.html";
/// The one-page version.
pub const ALL_TEMPLATE: &str = "publication/all.html";
/// The recommendations index.
pub const RECOMMENDATIONS_TEMPLATE: &str = "publication/recommendations.html";
/// The one-page version's print stylesheet (its running header names the document): a file,
/// since the pages' security policy blocks styles written into a page.
pub const PRINT_TEMPLATE: &str = "publication/print.css";

/// The feature.
pub struct Publication;

impl Feature for Publication {
    fn name(&self) -> &'static str {
        "publication"
    }

    /// Each chapter is rendered numbered, and once more for the one-page version.
    fn needs(&self, model: &Model<'_>) -> Needs {
        let mut needs = Needs::default();
        for (i, section) in model.site.sections.iter().enumerate() {
            let Some(table) = section.doc.front().tables.get("publication") else {
                continue;
            };
            let (Some(p), _) = prepare(model.config, model.site, i, table) else {
                continue;
            };
            let requests = chapters::requests(
                model.config,
                model.site,
                &section.pages,
                &p.meta.title,
                model.strings.text(section.doc.lang(), "pub_cite_section"),
            );
            for (id, request) in requests {
                needs.ask(id, request);
            }
        }
        needs
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut out = Output {
            doc_key: "publication",
            ..Output::default()
        };
        for (i, section) in input.site.sections.iter().enumerate() {
            if let Some(table) = section.doc.front().tables.get("publication") {
                one(input, i, table, &mut out);
            }
        }
        for page in &input.site.pages {
            if page.doc.front().tables.contains_key("publication") {
                let line = page
                    .doc
                    .source
                    .front_text
                    .line_of(&["publication"])
                    .unwrap_or(1);
                out.diagnostics.push(
                    Diagnostic::error(&page.doc.source.display_path, line, 1, "`[publication]` belongs in a section's `_index.md`, not in a page")
                        .with_hint("move the table to the `_index.md` of the folder that holds the chapters; each page of that folder is a chapter"),
                );
            }
        }
        out
    }
}

/// A publication whose table and chapter addresses are sound.
struct Prepared {
    meta: Meta,
    /// The one-page version's address.
    all_url: String,
    /// The recommendations index's address.
    recommendations_url: String,
}

/// Reads a publication's table and checks its chapters' addresses: `None` (with the
/// problems) when it cannot be built. Both the Markdown requests and the feature's run start
/// here, so they agree on which sections are publications.
fn prepare(
    config: &Config,
    site: &Site,
    id: SectionId,
    table: &toml::Table,
) -> (Option<Prepared>, Vec<Diagnostic>) {
    let section = &site.sections[id];
    let doc = &section.doc;
    let at = check::At {
        path: &doc.source.display_path,
        front: &doc.source.front_text,
    };
    let meta = match check::meta(table, &doc.front().title, &at, config.tz()) {
        Ok(m) => m,
        Err(d) => return (None, d),
    };
    let mut diagnostics = Vec::new();
    let all_url = format!("{}all/", doc.url);
    let recommendations_url = format!("{}recommendations/", doc.url);
    let mut clash = false;
    for &p in &section.pages {
        let page = &site.pages[p].doc;
        if page.url == all_url || page.url == recommendations_url {
            clash = true;
            diagnostics.push(
                Diagnostic::error(
                    &page.source.display_path,
                    1,
                    1,
                    format!(
                        "this chapter's address {} is the one the publication uses for its {}",
                        page.url,
                        if page.url == all_url {
                            "one-page version"
                        } else {
                            "recommendations index"
                        }
                    ),
                )
                .with_hint("rename the file, or give it another `slug`"),
            );
        }
        if page.front().weight.is_none() {
            diagnostics.push(
                Diagnostic::warning(&page.source.display_path, page.source.front_text.line_of(&["title"]).unwrap_or(1), 1, "this chapter has no `weight`, so its place in the publication depends on its date and title")
                    .with_hint("add `weight = 1` for the first chapter, `weight = 2` for the second, and so on"),
            );
        }
    }
    if clash {
        return (None, diagnostics);
    }
    let prepared = Prepared {
        meta,
        all_url,
        recommendations_url,
    };
    (Some(prepared), diagnostics)
}

/// Builds one publication.
fn one(input: &Input<'_>, id: SectionId, table: &toml::Table, out: &mut Output) {
    let site = input.site;
    let section = &site.sections[id];
    let doc = &section.doc;
    let (prepared, mut diagnostics) = prepare(input.config, site, id, table);
    out.diagnostics.append(&mut diagnostics);
    let Some(Prepared {
        meta,
        all_url,
        recommendations_url,
    }) = prepared
    else {
        return;
    };
    let lang = doc.lang();
    let strings = input.strings;
    let chapters = chapters::collect(input, &section.pages);
    let recommendations = recommendations(&chapters);
    let word_count: usize = chapters.iter().map(|c| c.summary.word_count).sum();
    let reading_time = word_count.div_ceil(200).max(1);
    let publication = PublicationData {
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        authors: meta.authors.clone(),
        authors_text: data::join_names(&meta.authors, strings, lang),
        prepared_for: meta.prepared_for.clone(),
        status: status(meta.status, input, lang),
        history: history(&meta, input, lang),
        version: meta.version.clone(),
        summary: meta.summary.clone(),
        word_count,
        reading_time,
        url: doc.url.clone(),
        permalink: permalink(input.config, &doc.url),
        all_url: all_url.clone(),
        recommendations_url: (!recommendations.is_empty()).then(|| recommendations_url.clone()),
        chapters: chapters.iter().map(|c| c.summary.clone()).collect(),
        recommendations,
        word_count_text: strings.number(lang, word_count as u64),
        reading_text: strings.message(
            lang,
            "pub_reading",
            &[
                (
                    "minutes",
                    &strings.count(lang, "pub_minutes", reading_time as u64, &[]),
                ),
                (
                    "words",
                    &strings.count(lang, "pub_words", word_count as u64, &[]),
                ),
                (
                    "chapters",
                    &strings.count(lang, "pub_chapters", chapters.len() as u64, &[]),
                ),
            ],
        ),
        css_title: data::css_string(&meta.title),
        css_origin: data::css_string(permalink(input.config, "").trim_end_matches('/')),
    };
    let shared = serde_json::to_value(&publication).unwrap_or_default();
    out.per_doc.insert(DocId::Section(id), shared.clone());
    out.templates
        .insert(DocId::Section(id), COVER_TEMPLATE.to_string());
    for (i, c) in chapters.iter().enumerate() {
        let link = |c: &Chapter| ChapterLink {
            number: c.number.clone(),
            title: c.summary.title.clone(),
            url: c.summary.url.clone(),
        };
        let page = ChapterPage {
            number: c.number.clone(),
            title: c.summary.title.clone(),
            content: c.own.html.clone(),
            toc: c.summary.toc.clone(),
            prev: i.checked_sub(1).map(|j| link(&chapters[j])),
            next: chapters.get(i + 1).map(link),
            permalink: c.summary.permalink.clone(),
        };
        let mut value = shared.clone();
        if let Value::Object(map) = &mut value {
            map.insert(
                "chapter".into(),
                serde_json::to_value(&page).unwrap_or_default(),
            );
        }
        out.per_doc.insert(DocId::Page(c.page), value);
        out.templates
            .insert(DocId::Page(c.page), CHAPTER_TEMPLATE.to_string());
    }

    // The extra pages sit below the cover and have it in their breadcrumbs.
    let mut crumbs: Vec<Value> = site
        .ancestors(DocId::Section(id))
        .into_iter()
        .map(|s| {
            let d = &site.sections[s].doc;
            json!({ "title": d.front().title, "url": d.url, "lang": d.lang() })
        })
        .collect();
    crumbs.push(json!({ "title": doc.front().title, "url": doc.url, "lang": lang }));
    let dir = doc.out_path.parent().map(PathBuf::from).unwrap_or_default();
    let extra_page = |url: &str,
                      file: &str,
                      template: &str,
                      title: String,
                      description: String,
                      more: Vec<(&str, Value)>| {
        let mut context = Map::new();
        context.insert("publication".into(), shared.clone());
        context.insert("ancestors".into(), Value::Array(crumbs.clone()));
        context.insert(
            "page".into(),
            json!({ "title": title, "description": description, "url": url, "permalink": permalink(input.config, url), "extra": {}, "lang": lang }),
        );
        for (k, v) in more {
            context.insert(k.into(), v);
        }
        ExtraPage {
            out_path: dir.join(file).join("index.html"),
            url: url.to_string(),
            template: template.to_string(),
            lang: lang.to_string(),
            context,
            in_sitemap: true,
        }
    };
    let onepage: Vec<OnePageChapter> = chapters
        .iter()
        .map(|c| OnePageChapter {
            number: c.number.clone(),
            title: c.summary.title.clone(),
            anchor: c.summary.anchor.clone(),
            permalink: c.summary.permalink.clone(),
            content: c.onepage.html.clone(),
        })
        .collect();
    out.pages.push(extra_page(
        &all_url,
        "all",
        ALL_TEMPLATE,
        strings.message(lang, "pub_all_title", &[("title", &meta.title)]),
        strings.message(lang, "pub_all_description", &[("title", &meta.title)]),
        vec![
            (
                "chapters",
                serde_json::to_value(&onepage).unwrap_or_default(),
            ),
            (
                "introduction",
                Value::String(input.rendered(DocId::Section(id)).html.clone()),
            ),
        ],
    ));
    let mut print = Map::new();
    print.insert("publication".into(), shared.clone());
    out.pages.push(ExtraPage {
        out_path: dir.join("all").join("print.css"),
        url: format!("{all_url}print.css"),
        template: PRINT_TEMPLATE.to_string(),
        lang: lang.to_string(),
        context: print,
        in_sitemap: false,
    });
    if publication.recommendations_url.is_some() {
        out.pages.push(extra_page(
            &recommendations_url,
            "recommendations",
            RECOMMENDATIONS_TEMPLATE,
            strings.message(lang, "pub_recommendations_title", &[("title", &meta.title)]),
            strings.message(
                lang,
                "pub_recommendations_description",
                &[("title", &meta.title)],
            ),
            vec![(
                "groups",
                serde_json::to_value(data::group(&publication.recommendations)).unwrap_or_default(),
            )],
        ));
    }
}

fn status(s: model::Status, input: &Input<'_>, lang: &str) -> StatusData {
    StatusData {
        key: s.key(),
        label: input.strings.text(lang, s.label_key()).to_string(),
    }
}

fn history(meta: &Meta, input: &Input<'_>, lang: &str) -> Vec<HistoryData> {
    let tz = input.config.tz();
    let to = meta.prepared_for.as_deref().unwrap_or_default();
    meta.history
        .iter()
        .map(|c| HistoryData {
            status: status(c.status, input, lang),
            action: input.strings.message(
                lang,
                c.status.action_key(meta.prepared_for.is_some()),
                &[("to", to)],
            ),
            date: c.date.to_template_string(tz),
            note: c.note.clone(),
        })
        .collect()
}

fn recommendations(chapters: &[Chapter]) -> Vec<RecommendationData> {
    let mut out = Vec::new();
    for c in chapters {
        let sections: Vec<_> = c
            .own
            .numbered
            .iter()
            .filter(|h| matches!(h.level, 2 | 3))
            .collect();
        for r in &c.own.recommendations {
            let section = r
                .headings_before
                .checked_sub(1)
                .and_then(|i| sections.get(i));
            out.push(RecommendationData {
                number: r.number,
                text: r.text.clone(),
                url: format!("{}#{}", c.summary.url, r.id),
                chapter_number: c.number.clone(),
                chapter_title: c.summary.title.clone(),
                section_number: section.and_then(|s| s.number.clone()),
                section_title: section.map(|s| s.title.clone()),
            });
        }
    }
    out
}
