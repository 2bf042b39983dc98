//! Markdown to HTML with pulldown-cmark. Each change to the Markdown is one adapter over the
//! event stream (heading ids, link rewriting), so each can be read and tested alone.

mod headings;
mod links;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, LineIndex};
pub use headings::TocEntry;
pub use links::{FragmentLink, LinkResolver};

/// The Markdown features Haven turns on, in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// A rendered body and what was learned while rendering it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings as a nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Every id given to a heading, for checking `#fragment` links.
    pub heading_ids: Vec<String>,
    /// Links with a `#fragment`, to check once every page is rendered.
    #[serde(skip)]
    pub fragment_links: Vec<FragmentLink>,
    /// Words in the text.
    pub word_count: usize,
    /// Plain text of the first paragraph, cut at about 300 characters.
    pub summary: String,
    /// Problems found (broken internal links).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

/// What rendering needs to know about the file.
pub struct Source<'a> {
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// The file, for messages (`content/about.md`).
    pub display_path: &'a std::path::Path,
    /// The file's folder relative to `content/`, for relative `.md` links.
    pub content_dir: &'a str,
}

/// Renders one body. `resolver` turns internal `.md` links into URLs.
pub fn render(src: &Source<'_>, resolver: &dyn LinkResolver) -> Rendered {
    let lines = LineIndex::new(src.body);
    let locate = |offset: usize| {
        let (l, c) = lines.line_col(offset);
        (l + src.body_line - 1, c)
    };
    let mut out = Rendered::default();
    let events = Parser::new_ext(src.body, options()).into_offset_iter();
    let events = links::rewrite(events, src, resolver, &locate, &mut out.fragment_links, &mut out.diagnostics);
    let events = Stats::new(events, &mut out.word_count, &mut out.summary);
    let mut ids = headings::Ids::default();
    let mut toc = Vec::new();
    let events = headings::add_ids(events, &mut ids, &mut toc);
    out.html.reserve(src.body.len() * 3 / 2);
    html::push_html(&mut out.html, events);
    out.heading_ids = ids.into_vec();
    out.toc = headings::nest(toc);
    out
}

/// Counts words and keeps the first paragraph's text as it streams by.
struct Stats<'w, I> {
    inner: I,
    words: &'w mut usize,
    summary: &'w mut String,
    in_first_paragraph: Option<bool>,
}

impl<'w, I> Stats<'w, I> {
    fn new(inner: I, words: &'w mut usize, summary: &'w mut String) -> Self {
        Stats { inner, words, summary, in_first_paragraph: None }
    }
}

impl<'a, 'w, I: Iterator<Item = Event<'a>>> Iterator for Stats<'w, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        let ev = self.inner.next()?;
        match &ev {
            Event::Text(t) | Event::Code(t) => {
                *self.words += t.split_whitespace().count();
                if self.in_first_paragraph == Some(true) && self.summary.len() < 300 {
                    self.summary.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph == Some(true) => self.summary.push(' '),
            Event::Start(Tag::Paragraph) if self.in_first_paragraph.is_none() => self.in_first_paragraph = Some(true),
            Event::End(TagEnd::Paragraph) if self.in_first_paragraph == Some(true) => {
                self.in_first_paragraph = Some(false);
                if self.summary.len() > 300 {
                    let cut = self.summary.char_indices().take_while(|(i, _)| *i < 297).last().map(|(i, c)| i + c.len_utf8()).unwrap_or(0);
                    let cut = self.summary[..cut].rfind(' ').unwrap_or(cut);
                    self.summary.truncate(cut);
                    self.summary.push('…');
                }
            }
            _ => {}
        }
        Some(ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, _: &str) -> Option<String> {
            None
        }
    }

    fn md(body: &str) -> Rendered {
        let src = Source { body, body_line: 1, display_path: std::path::Path::new("content/a.md"), content_dir: "" };
        render(&src, &NoLinks)
    }

    #[test]
    fn counts_words_and_summarises() {
        let r = md("First para here.\n\nSecond one.\n");
        assert_eq!(r.word_count, 5);
        assert_eq!(r.summary, "First para here.");
    }

    #[test]
    fn tables_and_footnotes() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\nNote[^1].\n\n[^1]: The note.\n");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }
}
