//! What the publication templates receive (documented in docs/theme-contract.md): plain,
//! serialisable structs, with every number and address worked out here so templates only
//! lay them out.

use serde::Serialize;

use crate::features::i18n::Strings;
use crate::markdown::NumberedHeading;

/// The document as every publication template sees it, under `publication`.
#[derive(Debug, Clone, Serialize)]
pub struct PublicationData {
    /// Full title.
    pub title: String,
    /// Subtitle, or none.
    pub subtitle: Option<String>,
    /// Authors (organisations).
    pub authors: Vec<String>,
    /// The authors in one phrase: "A, B and C".
    pub authors_text: String,
    /// For whom, or none.
    pub prepared_for: Option<String>,
    /// Current status.
    pub status: StatusData,
    /// Changes of status, oldest first.
    pub history: Vec<HistoryData>,
    /// Version, or none.
    pub version: Option<String>,
    /// Summary paragraphs (plain text).
    pub summary: Vec<String>,
    /// Words in all chapters.
    pub word_count: usize,
    /// Minutes to read all chapters (200 words a minute).
    pub reading_time: usize,
    /// The cover's URL.
    pub url: String,
    /// The cover's full address.
    pub permalink: String,
    /// The one-page version's URL.
    pub all_url: String,
    /// The recommendations index's URL; none when there are no recommendations.
    pub recommendations_url: Option<String>,
    /// Chapters in order.
    pub chapters: Vec<ChapterSummary>,
    /// Every numbered recommendation, in order.
    pub recommendations: Vec<RecommendationData>,
    /// `word_count` as the page's language writes numbers: `30,120`, `30.120`.
    pub word_count_text: String,
    /// "About 151 minutes to read (30,120 words in 8 chapters).", with each count in its
    /// plural form, in the page's language.
    pub reading_text: String,
    /// The title as a quoted CSS string, for the print stylesheet's running header.
    pub css_title: String,
    /// The site's origin (`https://example.org`) as a quoted CSS string, for printed links.
    pub css_origin: String,
}

/// A status with its badge text.
#[derive(Debug, Clone, Serialize)]
pub struct StatusData {
    /// `draft`, `submitted`, `adopted`, `revised`.
    pub key: &'static str,
    /// `Draft`…, in the page's language.
    pub label: String,
}

/// One change of status.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryData {
    /// The status taken.
    pub status: StatusData,
    /// What happened, in the page's language: "Submitted to the City of New Haven".
    pub action: String,
    /// When: `2026-12-03` (format it with the `date` filter).
    pub date: String,
    /// An extra sentence, or none.
    pub note: Option<String>,
}

/// A chapter in lists and tables of contents.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterSummary {
    /// `3`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its description, or none.
    pub description: Option<String>,
    /// Its URL.
    pub url: String,
    /// Its full address.
    pub permalink: String,
    /// Words.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// Whether it is a draft (only built with `--drafts`).
    pub draft: bool,
    /// Its id on the one-page version.
    pub anchor: String,
    /// Its `##` headings with their `###` headings.
    pub toc: Vec<TocItem>,
}

/// A numbered heading in a table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocItem {
    /// `3.1`.
    pub number: Option<String>,
    /// The heading's text.
    pub title: String,
    /// Its id on the chapter page.
    pub id: String,
    /// Its address: the chapter's URL and `#id`.
    pub url: String,
    /// Its id on the one-page version.
    pub anchor: String,
    /// Headings under it.
    pub children: Vec<TocItem>,
}

/// A numbered recommendation, for the index.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationData {
    /// Its number in the document.
    pub number: usize,
    /// Its first paragraph, plain text.
    pub text: String,
    /// Where it is: the chapter's URL and `#recommendation-N`.
    pub url: String,
    /// The chapter's number and title.
    pub chapter_number: String,
    /// The chapter's title.
    pub chapter_title: String,
    /// The numbered section it is in (`3.2`), or none.
    pub section_number: Option<String>,
    /// That section's title, or none.
    pub section_title: Option<String>,
}

/// The chapter being shown, under `publication.chapter` on chapter pages.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterPage {
    /// `3`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// The body with numbered headings, callouts, figures and notes (HTML: print with `| safe`).
    pub content: String,
    /// Its `##` and `###` headings.
    pub toc: Vec<TocItem>,
    /// The chapter before, or none.
    pub prev: Option<ChapterLink>,
    /// The chapter after, or none.
    pub next: Option<ChapterLink>,
    /// Its full address, for "Cite this chapter".
    pub permalink: String,
}

/// A link to another chapter.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterLink {
    /// `2`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its URL.
    pub url: String,
}

/// A chapter on the one-page version.
#[derive(Debug, Clone, Serialize)]
pub struct OnePageChapter {
    /// `3`.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its id on the page.
    pub anchor: String,
    /// Its own page's full address.
    pub permalink: String,
    /// The body, with ids prefixed and headings one level down (HTML).
    pub content: String,
}

/// Builds a chapter's table of contents from its numbered headings: `##` with their `###`.
pub fn toc(headings: &[NumberedHeading], chapter_url: &str, anchor_prefix: &str) -> Vec<TocItem> {
    let mut items: Vec<TocItem> = Vec::new();
    for h in headings.iter().filter(|h| matches!(h.level, 2 | 3)) {
        let item = TocItem {
            number: h.number.clone(),
            title: h.title.clone(),
            id: h.id.clone(),
            url: format!("{chapter_url}#{}", h.id),
            anchor: format!("{anchor_prefix}{}", h.id),
            children: Vec::new(),
        };
        match items.last_mut() {
            Some(parent) if h.level == 3 => parent.children.push(item),
            _ => items.push(item),
        }
    }
    items
}

/// A chapter's recommendations, for the index.
#[derive(Debug, Clone, Serialize)]
pub struct RecommendationGroup {
    /// The chapter's number.
    pub number: String,
    /// Its title.
    pub title: String,
    /// Its recommendations.
    pub recommendations: Vec<RecommendationData>,
}

/// Groups recommendations by chapter, in order.
pub fn group(recs: &[RecommendationData]) -> Vec<RecommendationGroup> {
    let mut groups: Vec<RecommendationGroup> = Vec::new();
    for r in recs {
        match groups.last_mut() {
            Some(g) if g.number == r.chapter_number => g.recommendations.push(r.clone()),
            _ => groups.push(RecommendationGroup {
                number: r.chapter_number.clone(),
                title: r.chapter_title.clone(),
                recommendations: vec![r.clone()],
            }),
        }
    }
    groups
}

/// A CSS string literal: quotes, backslashes, line breaks and `<` escaped, so it is safe in a
/// `<style>` element.
pub fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("\\3C "),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// "A", "A and B", "A, B and C", in the words of `lang` (`list_and` in the theme's strings).
pub fn join_names(names: &[String], strings: &Strings, lang: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => strings.message(
            lang,
            "list_and",
            &[("first", &rest.join(", ")), ("last", last)],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> NumberedHeading {
        NumberedHeading {
            level,
            number: Some(id.to_uppercase()),
            id: id.into(),
            title: id.into(),
        }
    }

    #[test]
    fn toc_nests_two_levels() {
        let t = toc(
            &[h(2, "a"), h(3, "b"), h(4, "x"), h(2, "c")],
            "/p/c/",
            "ch-c--",
        );
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children.len(), 1);
        assert_eq!(t[0].children[0].url, "/p/c/#b");
        assert_eq!(t[0].children[0].anchor, "ch-c--b");
    }

    #[test]
    fn css_strings() {
        assert_eq!(
            css_string("A \"B\" </style>"),
            "\"A \\\"B\\\" \\3C /style>\""
        );
    }

    #[test]
    fn names() {
        let s = Strings::default();
        let abc = ["A".to_string(), "B".into(), "C".into()];
        assert_eq!(join_names(&abc, &s, "en"), "A, B and C");
        assert_eq!(join_names(&abc, &s, "es"), "A, B y C");
        assert_eq!(join_names(&["A".into()], &s, "en"), "A");
    }
}
