//! Numbered headings for a publication's chapters: in chapter 3, `##` headings are numbered
//! 3.1, 3.2 … and `###` headings 3.1.1 …; deeper headings are not numbered. Numbers come from the
//! chapter's place and the heading's place, so they are computed afresh on every build; ids
//! do not contain them (they come from the heading's text, or `{#id}`), so an id stays the same
//! when chapters or sections are added before it. This adapter fixes each heading's id before
//! the heading adapter sees it (with the same rules, so the result is the same), so that it can
//! record numbers against ids, write a "Cite this section" line after each `##` heading, and
//! put the page's id prefix and heading shift in place on the one-page version.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::RenderOptions;
use super::headings::Ids;
use crate::html::escape;

/// Numbering for one chapter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Numbering {
    /// The chapter's number (`3`).
    pub chapter: String,
    /// The line after each `##` heading; none: no line.
    pub cite: Option<CiteLine>,
}

/// What a "Cite this section" line says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CiteLine {
    /// The line's label (`Cite this section`).
    pub label: String,
    /// The document's full title.
    pub document: String,
    /// The permanent address of the chapter page; the heading's `#id` is added.
    pub base: String,
}

/// A heading of a numbered chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedHeading {
    /// Its level as written (2 for `##`).
    pub level: u8,
    /// `3.1`, or `None` below level 3.
    pub number: Option<String>,
    /// Its id on the chapter page (without the one-page prefix).
    pub id: String,
    /// Its text.
    pub title: String,
}

/// Wraps the stream; does nothing unless `opts.numbering` is set.
pub fn number<'a, 'o>(
    events: impl Iterator<Item = Event<'a>> + 'o,
    opts: &'o RenderOptions,
    found: &'o mut Vec<NumberedHeading>,
) -> impl Iterator<Item = Event<'a>> + 'o
where
    'a: 'o,
{
    let mut events = events;
    let mut pending: std::collections::VecDeque<Event<'a>> = Default::default();
    let mut ids = Ids::default();
    let (mut sections, mut subsections) = (0usize, 0usize);
    std::iter::from_fn(move || {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let event = events.next()?;
        let Some(numbering) = &opts.numbering else {
            return Some(event);
        };
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            return Some(event);
        };
        // The same rule as the heading adapter: `{#id}`, else the text's slug; unique on the page.
        let (inner, text, wanted) = super::headings::read_heading(&mut events, id.as_deref());
        let own = ids.claim(&wanted);
        let written = level as u8;
        let number = match written {
            2 => {
                sections += 1;
                subsections = 0;
                Some(format!("{}.{sections}", numbering.chapter))
            }
            3 => {
                subsections += 1;
                Some(format!("{}.{sections}.{subsections}", numbering.chapter))
            }
            _ => None,
        };
        let shown = shifted(level, opts.heading_shift);
        pending.push_back(Event::Start(Tag::Heading {
            level: shown,
            id: Some(CowStr::from(format!("{}{own}", opts.id_prefix))),
            classes,
            attrs,
        }));
        if let Some(n) = &number {
            pending.push_back(Event::InlineHtml(CowStr::from(format!(
                "<span class=\"heading-number\">{n}</span> "
            ))));
        }
        pending.extend(inner);
        pending.push_back(Event::End(TagEnd::Heading(shown)));
        if let (2, Some(cite), Some(n)) = (written, &numbering.cite, &number) {
            let url = format!("{}#{own}", cite.base);
            pending.push_back(Event::Html(CowStr::from(format!(
                "<p class=\"cite\"><span class=\"cite-label\">{}:</span> <cite>{}</cite>, section {n}, <a href=\"{}\">{}</a></p>\n",
                escape(&cite.label),
                escape(&cite.document),
                escape(&url),
                escape(&url)
            ))));
        }
        found.push(NumberedHeading {
            level: written,
            number,
            id: own,
            title: text.trim().to_string(),
        });
        pending.pop_front()
    })
}

fn shifted(level: HeadingLevel, by: u8) -> HeadingLevel {
    match (level as u8 + by).min(6) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, opts: &RenderOptions) -> (String, Vec<NumberedHeading>) {
        let mut found = Vec::new();
        let mut out = String::new();
        html::push_html(
            &mut out,
            number(
                Parser::new_ext(md, super::super::options()),
                opts,
                &mut found,
            ),
        );
        (out, found)
    }

    #[test]
    fn numbers_two_levels_and_keeps_ids_from_text() {
        let opts = RenderOptions {
            numbering: Some(Numbering {
                chapter: "3".into(),
                cite: None,
            }),
            ..Default::default()
        };
        let (html, found) = run(
            "## Alpha\n### Beta\n### Beta\n#### Deep\n## Gamma {#g}\n### Delta\n",
            &opts,
        );
        let numbers: Vec<_> = found
            .iter()
            .map(|h| (h.number.as_deref().unwrap_or("-"), h.id.as_str()))
            .collect();
        assert_eq!(
            numbers,
            [
                ("3.1", "alpha"),
                ("3.1.1", "beta"),
                ("3.1.2", "beta-1"),
                ("-", "deep"),
                ("3.2", "g"),
                ("3.2.1", "delta")
            ]
        );
        assert!(
            html.starts_with(
                "<h2 id=\"alpha\"><span class=\"heading-number\">3.1</span> Alpha</h2>\n"
            ),
            "{html}"
        );
    }

    #[test]
    fn cite_lines_prefix_and_shift() {
        let cite = CiteLine {
            label: "Cite this section".into(),
            document: "The Plan".into(),
            base: "https://x.org/p/c/".into(),
        };
        let opts = RenderOptions {
            numbering: Some(Numbering {
                chapter: "1".into(),
                cite: Some(cite),
            }),
            id_prefix: "ch-c--".into(),
            heading_shift: 1,
            ..Default::default()
        };
        let (html, found) = run("## A & B\n", &opts);
        assert_eq!(
            html,
            "<h3 id=\"ch-c--a-b\"><span class=\"heading-number\">1.1</span> A &amp; B</h3>\n<p class=\"cite\"><span class=\"cite-label\">Cite this section:</span> <cite>The Plan</cite>, section 1.1, <a href=\"https://x.org/p/c/#a-b\">https://x.org/p/c/#a-b</a></p>\n"
        );
        assert_eq!(found[0].id, "a-b");
    }

    #[test]
    fn plain_pages_are_untouched() {
        let (html, found) = run("## A\n", &RenderOptions::default());
        assert_eq!(html, "<h2>A</h2>\n");
        assert!(found.is_empty());
    }
}
