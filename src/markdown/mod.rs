//! Markdown to HTML with pulldown-cmark. Each change to the Markdown is one adapter over the
//! event stream (heading ids, link rewriting), so each can be read and tested alone.

mod anchors;
mod bodies;
mod callouts;
mod figures;
mod footnotes;
mod headings;
mod links;
mod numbering;
mod onepage;
mod tables;

pub(crate) use figures::is_figure;
pub use figures::{DECORATIVE, drop_decorative_marker};

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, LineIndex};
pub use bodies::{Bodies, Taken};
pub use callouts::Recommendation;
pub use headings::TocEntry;
pub use links::{FragmentLink, LinkResolver, SiteLink};
pub use numbering::{CiteLine, NumberedHeading, Numbering};
pub use onepage::OnePage;

/// What a document inside a publication needs besides plain rendering (numbers, id prefixes).
/// The default is a plain page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Give headings numbers (`3.1`) and fix their ids early; `None` on plain pages.
    pub numbering: Option<Numbering>,
    /// Put before every id the body gets (the one-page version of a publication), e.g. `ch-funding--`.
    pub id_prefix: String,
    /// Add this to every heading level (1 on the one-page version, where chapter titles are `h2`).
    pub heading_shift: u8,
    /// Number of the first `**Recommendation:**` callout (0 counts as 1).
    pub first_recommendation: usize,
    /// Chapter number for figure and table numbers (`Figure 3.1`); `None`: not numbered.
    pub figure_chapter: Option<String>,
    /// The one-page version: links to chapters become links within the page.
    pub onepage: Option<OnePage>,
}

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
    /// Links and images to addresses on the site (`/files/plan.pdf`), to check against the
    /// files the build writes.
    #[serde(skip)]
    pub site_links: Vec<SiteLink>,
    /// Words in the text.
    pub word_count: usize,
    /// Plain text of the first paragraph, cut at about 300 characters.
    pub summary: String,
    /// Problems found (broken internal links).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// `**Recommendation:**` callouts, in order.
    #[serde(skip)]
    pub recommendations: Vec<Recommendation>,
    /// Numbered headings (only with [`RenderOptions::numbering`]).
    #[serde(skip)]
    pub numbered: Vec<NumberedHeading>,
    /// The number the next document's first recommendation gets, when its numbering continues
    /// this one's (the next chapter of a publication).
    #[serde(skip)]
    pub next_recommendation: usize,
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
    render_with(src, resolver, &RenderOptions::default())
}

/// Renders one body with the extras a publication asks for.
pub fn render_with(
    src: &Source<'_>,
    resolver: &dyn LinkResolver,
    opts: &RenderOptions,
) -> Rendered {
    render_parsed(src, parse(src.body), resolver, opts)
}

/// Parses a body into events with their byte ranges, with Haven's Markdown options.
pub fn parse(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    // About one event per 8 bytes of Markdown: reserving it spares the list a dozen regrowths.
    let mut events = Vec::with_capacity(body.len() / 8);
    events.extend(Parser::new_ext(body, options()).into_offset_iter());
    events
}

/// Renders a body already parsed by [`parse`] (the build parses once for both the content
/// rules and the HTML).
pub fn render_parsed<'a>(
    src: &Source<'a>,
    events: Vec<(Event<'a>, Range<usize>)>,
    resolver: &dyn LinkResolver,
    opts: &RenderOptions,
) -> Rendered {
    let lines = LineIndex::new(src.body);
    let locate = |offset: usize| {
        let (l, c) = lines.line_col(offset);
        (l + src.body_line - 1, c)
    };
    let mut out = Rendered::default();
    let mut aliases = Vec::new();
    let mut diags = Vec::new();
    // Adapters with nothing to act on in this body are left out: each layer of the chain costs
    // time on every event even when it only passes it on (a third of a large build's Markdown
    // time, measured with `cargo bench --bench build`). Those that apply run one after another
    // over the whole list.
    let present = Present::scan(&events);
    if present.links || present.images {
        out.site_links = links::site_links(&events, &locate);
    }
    let mut events = events;
    if present.old_ids {
        events = pass(events, |e| {
            anchors::old_ids(e, &opts.id_prefix, &mut aliases)
        });
    }
    if present.images {
        events = events.into_iter().map(drop_decorative_marker).collect();
        events = pass(events, |e| {
            figures::figures(
                e,
                opts.figure_chapter.as_deref(),
                src.display_path,
                &locate,
                &mut diags,
            )
        });
    }
    if present.quotes {
        events = pass(events, |e| {
            callouts::callouts(e, opts, &locate, &mut out.recommendations)
        });
    }
    let mut events: Vec<Event<'_>> = pass(events, |e| {
        let linked = links::rewrite(
            e,
            src,
            resolver,
            &locate,
            &mut out.fragment_links,
            &mut out.diagnostics,
        );
        Stats::new(linked, &mut out.word_count, &mut out.summary)
    });
    if opts.numbering.is_some() {
        events = pass(events, |e| numbering::number(e, opts, &mut out.numbered));
    }
    if present.tables {
        events = pass(events, |e| {
            tables::tables(e, opts.figure_chapter.as_deref())
        });
    }
    if present.footnotes {
        events = pass(events, |e| {
            footnotes::footnotes(e, &opts.id_prefix, 2 + opts.heading_shift)
        });
    }
    if opts.onepage.is_some() {
        events = onepage::rewrite(events.into_iter(), opts).collect();
    }
    let mut ids = headings::Ids::default();
    let mut toc = Vec::new();
    let events = headings::add_ids(events.into_iter(), &mut ids, &mut toc);
    out.html.reserve(src.body.len() * 3 / 2);
    html::push_html(&mut out.html, events);
    out.heading_ids = ids.into_vec();
    let recommendation_ids: Vec<anchors::Anchor> = out
        .recommendations
        .iter()
        .map(|r| anchors::Anchor {
            id: format!("{}{}", opts.id_prefix, r.id),
            line: r.line,
        })
        .collect();
    let aliases = anchors::resolve_lines(aliases, &locate);
    anchors::check(
        &aliases,
        &recommendation_ids,
        &out.heading_ids,
        src.display_path,
        &mut diags,
    );
    out.heading_ids.extend(aliases.into_iter().map(|a| a.id));
    out.heading_ids
        .extend(recommendation_ids.into_iter().map(|a| a.id));
    out.diagnostics.append(&mut diags);
    out.toc = headings::nest(toc);
    out.next_recommendation = opts.first_recommendation.max(1) + out.recommendations.len();
    out
}

/// Runs one adapter over the whole list. Its output is about as long as its input, which
/// the adapter cannot tell `collect`: reserving it up front spares the growing that showed in
/// profiles.
fn pass<T, U, I: Iterator<Item = U>>(
    events: Vec<T>,
    adapter: impl FnOnce(std::vec::IntoIter<T>) -> I,
) -> Vec<U> {
    let n = events.len();
    let mut out = Vec::with_capacity(n + n / 8 + 8);
    out.extend(adapter(events.into_iter()));
    out
}

/// What in a body the optional adapters act on.
#[derive(Debug, Default)]
struct Present {
    /// Images: decorative markers, figures.
    images: bool,
    /// Headings with attributes: `old=` ids.
    old_ids: bool,
    /// Block quotes: callouts.
    quotes: bool,
    /// Tables: captions and header scopes.
    tables: bool,
    /// Footnote references or definitions.
    footnotes: bool,
    /// Links (images are `images`): some may go to addresses on the site.
    links: bool,
}

impl Present {
    fn scan(events: &[(Event<'_>, Range<usize>)]) -> Present {
        let mut p = Present::default();
        for (e, _) in events {
            match e {
                Event::Start(Tag::Image { .. }) => p.images = true,
                Event::Start(Tag::Link { .. }) => p.links = true,
                Event::Start(Tag::Heading { attrs, .. }) if !attrs.is_empty() => p.old_ids = true,
                Event::Start(Tag::BlockQuote(_)) => p.quotes = true,
                Event::Start(Tag::Table(_)) => p.tables = true,
                Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                    p.footnotes = true
                }
                _ => {}
            }
        }
        p
    }
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
        Stats {
            inner,
            words,
            summary,
            in_first_paragraph: None,
        }
    }
}

impl<'a, 'w, I: Iterator<Item = Event<'a>>> Iterator for Stats<'w, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        let ev = self.inner.next()?;
        match &ev {
            Event::Text(t) | Event::Code(t) => {
                *self.words += count_words(t);
                if self.in_first_paragraph == Some(true) && self.summary.len() < 300 {
                    self.summary.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak if self.in_first_paragraph == Some(true) => {
                self.summary.push(' ')
            }
            Event::Start(Tag::Paragraph) if self.in_first_paragraph.is_none() => {
                self.in_first_paragraph = Some(true)
            }
            Event::End(TagEnd::Paragraph) if self.in_first_paragraph == Some(true) => {
                self.in_first_paragraph = Some(false);
                if self.summary.len() > 300 {
                    let cut = self
                        .summary
                        .char_indices()
                        .take_while(|(i, _)| *i < 297)
                        .last()
                        .map(|(i, c)| i + c.len_utf8())
                        .unwrap_or(0);
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

/// Counts words exactly as `str::split_whitespace` does. Text is nearly always ASCII, and
/// for it a pass over bytes is several times faster than decoding chars, which showed as a
/// sizable share of a large build's profile.
fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    // `char::is_whitespace` on ASCII: space, and \t \n \x0B \x0C \r (9 to 13).
    let is_space = |b: u8| (b == b' ') | (b.wrapping_sub(b'\t') < 5);
    let b = t.as_bytes();
    let Some(&first) = b.first() else { return 0 };
    // A word starts wherever a non-space follows a space. Counted pairwise into a byte-sized
    // tally per run of 255 pairs, a shape the compiler turns into vector instructions.
    let mut starts = usize::from(!is_space(first));
    for (prev, cur) in b.chunks(255).zip(b[1..].chunks(255)) {
        let mut tally: u8 = 0;
        for (&p, &c) in prev.iter().zip(cur) {
            tally += u8::from(is_space(p) & !is_space(c));
        }
        starts += usize::from(tally);
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_like_split_whitespace() {
        for t in [
            "",
            "   ",
            "one",
            " one two\tthree\nfour\x0Bfive\x0Csix\r\n ",
            "caf\u{e9} na\u{ef}ve\u{a0}word",
            "a  b",
        ] {
            assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, _: &str) -> Option<String> {
            None
        }
    }

    fn md(body: &str) -> Rendered {
        let src = Source {
            body,
            body_line: 1,
            display_path: std::path::Path::new("content/a.md"),
            content_dir: "",
        };
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
