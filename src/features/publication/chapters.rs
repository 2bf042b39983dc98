//! A publication's chapters: how their bodies are to be rendered (asked of the Markdown stage
//! before it runs), and what the feature reads back from the renderings.
//!
//! A chapter gets what plain pages do not: numbered headings, "Cite this section" lines,
//! recommendations numbered across chapters, and a second rendering, from the same parse, with
//! the prefixed ids and shifted headings of the one-page version.

use std::collections::HashMap;

use super::data::{self, ChapterSummary};
use crate::config::Config;
use crate::features::{Input, Request};
use crate::markdown::{CiteLine, Numbering, OnePage, RenderOptions, Rendered};
use crate::site::{DocId, PageId, Site, permalink};

/// One chapter, as rendered for its own page and for the one-page version.
pub struct Chapter<'a> {
    /// The page.
    pub page: PageId,
    /// `3`.
    pub number: String,
    /// Rendered for its own page (numbers, recommendations…).
    pub own: &'a Rendered,
    /// Rendered for the one-page version.
    pub onepage: &'a Rendered,
    /// Its place in lists.
    pub summary: ChapterSummary,
}

/// A chapter's id on the one-page version: `ch-` and the last part of its URL.
fn anchor(site: &Site, p: PageId) -> String {
    let url = &site.pages[p].doc.url;
    format!(
        "ch-{}",
        url.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("chapter")
    )
}

/// How each of `pages` (in order) is to be rendered. `document` is the full title,
/// `cite_label` the words before each section's address.
pub fn requests(
    config: &Config,
    site: &Site,
    pages: &[PageId],
    document: &str,
    cite_label: &str,
) -> Vec<(DocId, Request)> {
    let onepage = OnePage {
        chapters: pages
            .iter()
            .map(|p| {
                (
                    site.pages[*p].doc.url.clone(),
                    (anchor(site, *p), format!("{}--", anchor(site, *p))),
                )
            })
            .collect::<HashMap<_, _>>(),
    };
    pages
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let number = (i + 1).to_string();
            let own = RenderOptions {
                numbering: Some(Numbering {
                    chapter: number.clone(),
                    cite: Some(CiteLine {
                        label: cite_label.to_string(),
                        document: document.to_string(),
                        base: permalink(config, &site.pages[p].doc.url),
                    }),
                }),
                figure_chapter: Some(number),
                ..RenderOptions::default()
            };
            let one_page = RenderOptions {
                id_prefix: format!("{}--", anchor(site, p)),
                heading_shift: 1,
                onepage: Some(onepage.clone()),
                ..own.clone()
            };
            let request = Request {
                options: own,
                also: vec![one_page],
                // Recommendations are numbered across the chapters, in order.
                follows: i.checked_sub(1).map(|j| DocId::Page(pages[j])),
                keep_text: false,
            };
            (DocId::Page(p), request)
        })
        .collect()
}

/// The chapters `pages` (in order) as the Markdown stage rendered them.
pub fn collect<'a>(input: &Input<'a>, pages: &[PageId]) -> Vec<Chapter<'a>> {
    let site = input.site;
    pages
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let doc = &site.pages[p].doc;
            let id = DocId::Page(p);
            let own = input.bodies.get(id);
            let onepage = input.bodies.variants(id).first().unwrap_or(own);
            let number = (i + 1).to_string();
            let words = own.word_count;
            let summary = ChapterSummary {
                number: number.clone(),
                title: doc.front().title.clone(),
                description: doc.front().description.clone(),
                url: doc.url.clone(),
                permalink: permalink(input.config, &doc.url),
                word_count: words,
                reading_time: words.div_ceil(200).max(1),
                draft: doc.front().draft,
                anchor: anchor(site, p),
                toc: data::toc(&own.numbered, &doc.url, &format!("{}--", anchor(site, p))),
            };
            Chapter {
                page: p,
                number,
                own,
                onepage,
                summary,
            }
        })
        .collect()
}
