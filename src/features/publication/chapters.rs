//! Renders a publication's chapters again, with what plain pages do not get: numbered
//! headings, "Cite this section" lines, recommendations numbered across chapters, and the
//! prefixed ids and shifted headings of the one-page version.

use std::collections::HashMap;

use super::data::{self, ChapterSummary};
use crate::features::Input;
use crate::markdown::{self, CiteLine, LinkResolver, Numbering, OnePage, RenderOptions, Rendered};
use crate::site::permalink;
use crate::site::{DocId, PageId};

/// One chapter, rendered for its own page and for the one-page version.
pub struct Chapter {
    /// The page.
    pub page: PageId,
    /// `3`.
    pub number: String,
    /// Rendered for its own page (numbers, recommendations…).
    pub own: Rendered,
    /// Rendered for the one-page version.
    pub onepage: Rendered,
    /// Its place in lists.
    pub summary: ChapterSummary,
    /// Problems only the numbered rendering shows (a recommendation's id, which depends on
    /// the chapters before, taken by a heading).
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

/// Renders `pages` in order. `document` is the full title, `cite_label` the words before
/// each section's address.
pub fn render_all(
    input: &Input<'_>,
    pages: &[PageId],
    document: &str,
    cite_label: &str,
) -> Vec<Chapter> {
    let site = input.site;
    let anchor = |p: PageId| {
        let url = &site.pages[p].doc.url;
        format!(
            "ch-{}",
            url.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("chapter")
        )
    };
    let onepage = OnePage {
        chapters: pages
            .iter()
            .map(|p| {
                (
                    site.pages[*p].doc.url.clone(),
                    (anchor(*p), format!("{}--", anchor(*p))),
                )
            })
            .collect::<HashMap<_, _>>(),
    };
    let mut next_recommendation = 1;
    let mut out = Vec::with_capacity(pages.len());
    for (i, &p) in pages.iter().enumerate() {
        let doc = &site.pages[p].doc;
        let number = (i + 1).to_string();
        let opts = RenderOptions {
            numbering: Some(Numbering {
                chapter: number.clone(),
                cite: Some(CiteLine {
                    label: cite_label.to_string(),
                    document: document.to_string(),
                    base: permalink(input.config, &doc.url),
                }),
            }),
            first_recommendation: next_recommendation,
            figure_chapter: Some(number.clone()),
            ..RenderOptions::default()
        };
        let mut own = render(input, p, &opts);
        // The site-wide rendering already reported what it found in the same file.
        let known = &input.rendered(DocId::Page(p)).diagnostics;
        let diagnostics: Vec<_> = std::mem::take(&mut own.diagnostics)
            .into_iter()
            .filter(|d| !known.contains(d))
            .collect();
        next_recommendation += own.recommendations.len();
        let one_opts = RenderOptions {
            id_prefix: format!("{}--", anchor(p)),
            heading_shift: 1,
            onepage: Some(onepage.clone()),
            ..opts
        };
        let mut onepage = render(input, p, &one_opts);
        // Its problems are the numbered rendering's, with prefixed ids.
        onepage.diagnostics.clear();
        let words = input.rendered(DocId::Page(p)).word_count;
        let summary = ChapterSummary {
            number: number.clone(),
            title: doc.front().title.clone(),
            description: doc.front().description.clone(),
            url: doc.url.clone(),
            permalink: permalink(input.config, &doc.url),
            word_count: words,
            reading_time: words.div_ceil(200).max(1),
            draft: doc.front().draft,
            anchor: anchor(p),
            toc: data::toc(&own.numbered, &doc.url, &format!("{}--", anchor(p))),
        };
        out.push(Chapter {
            page: p,
            number,
            own,
            onepage,
            summary,
            diagnostics,
        });
    }
    out
}

/// Renders one chapter body.
fn render(input: &Input<'_>, page: PageId, opts: &RenderOptions) -> Rendered {
    let doc = &input.site.pages[page].doc;
    // The build frees each body once it is rendered, so the chapter is read again (a problem
    // reading it was reported when it was first loaded).
    let source = crate::content::read_one(
        &input.root.join(crate::content::CONTENT_DIR),
        &doc.source.rel_path,
        input.config,
    );
    let (body, body_line) = match &source {
        Ok(s) => (s.body.as_str(), s.body_line),
        Err(_) => (doc.source.body.as_str(), doc.source.body_line),
    };
    let dir = doc
        .source
        .rel_path
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let src = markdown::Source {
        body,
        body_line,
        display_path: &doc.source.display_path,
        content_dir: &dir,
    };
    let links = Links {
        input,
        lang: doc.lang(),
    };
    markdown::render_with(&src, &links, opts)
}

/// Internal links, resolved the way the site-wide rendering does.
struct Links<'a, 'i> {
    input: &'a Input<'i>,
    lang: &'a str,
}

impl LinkResolver for Links<'_, '_> {
    fn resolve(&self, content_path: &str) -> Option<String> {
        let site = self.input.site;
        site.resolve(content_path, self.lang, &self.input.config.default_language)
            .map(|id| site.doc(id).url.clone())
    }
}
