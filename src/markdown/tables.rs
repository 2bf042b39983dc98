//! Tables: header cells get `scope="col"`, and a paragraph `Table: Caption` right before a
//! table becomes its `<caption>` (numbered `Table 3.1:` inside a publication):
//!
//! ```markdown
//! Table: Listening sessions by neighborhood.
//!
//! | Neighborhood | Sessions |
//! |---|---:|
//! | Fair Haven | 2 |
//! ```
//!
//! The table's structure is written here rather than by pulldown-cmark's HTML writer, because
//! the writer has no way to add a caption or a scope; cell contents still go through it.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};

const CAPTION: &str = "Table:";

/// Wraps the stream; `chapter` numbers captioned tables (`Table 3.1`) when set.
pub fn tables<'a, 'o>(
    events: impl Iterator<Item = Event<'a>> + 'o,
    chapter: Option<&'o str>,
) -> impl Iterator<Item = Event<'a>> + 'o
where
    'a: 'o,
{
    let mut events = events;
    let mut pending: std::collections::VecDeque<Event<'a>> = Default::default();
    let mut count = 0usize;
    let mut aligns: Vec<Alignment> = Vec::new();
    let mut in_head = false;
    let mut cell = 0usize;
    let mut body_open = false;
    std::iter::from_fn(move || {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let event = events.next()?;
        let html = |s: String| Event::Html(CowStr::from(s));
        match event {
            Event::Start(Tag::Paragraph) => {
                // A `Table:` paragraph is held back until we know whether a table follows.
                let first = events.next();
                let is_caption =
                    matches!(&first, Some(Event::Text(t)) if t.trim_start().starts_with(CAPTION));
                if !is_caption {
                    pending.extend(first);
                    return Some(Event::Start(Tag::Paragraph));
                }
                let mut para: Vec<Event<'a>> = first.into_iter().collect();
                for e in events.by_ref() {
                    if matches!(e, Event::End(TagEnd::Paragraph)) {
                        break;
                    }
                    para.push(e);
                }
                match events.next() {
                    Some(Event::Start(Tag::Table(a))) => {
                        count += 1;
                        aligns = a;
                        body_open = false;
                        pending.push_back(html("<table>\n<caption>".into()));
                        if let Some(c) = chapter {
                            pending.push_back(html(format!(
                                "<span class=\"table-number\">Table {c}.{count}:</span> "
                            )));
                        }
                        for (i, e) in para.into_iter().enumerate() {
                            match e {
                                Event::Text(t) if i == 0 => {
                                    let rest =
                                        t.trim_start()[CAPTION.len()..].trim_start().to_string();
                                    if !rest.is_empty() {
                                        pending.push_back(Event::Text(CowStr::from(rest)));
                                    }
                                }
                                Event::SoftBreak | Event::HardBreak => {
                                    pending.push_back(Event::Text(" ".into()))
                                }
                                e => pending.push_back(e),
                            }
                        }
                        pending.push_back(html("</caption>\n".into()));
                    }
                    next => {
                        pending.push_back(Event::Start(Tag::Paragraph));
                        pending.extend(para);
                        pending.push_back(Event::End(TagEnd::Paragraph));
                        if let Some(n) = next {
                            pending.push_back(n);
                        }
                    }
                }
                pending.pop_front()
            }
            Event::Start(Tag::Table(a)) => {
                aligns = a;
                body_open = false;
                Some(html("<table>\n".into()))
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cell = 0;
                Some(html("<thead>\n<tr>".into()))
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                Some(html("</tr>\n</thead>\n".into()))
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                let open = if body_open { "" } else { "<tbody>\n" };
                body_open = true;
                Some(html(format!("{open}<tr>")))
            }
            Event::End(TagEnd::TableRow) => Some(html("</tr>\n".into())),
            Event::Start(Tag::TableCell) => {
                // A class, not pulldown-cmark's `style="text-align: …"`: the pages' security
                // policy blocks styles written into a page.
                let style = match aligns.get(cell) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                Some(html(if in_head {
                    format!("<th scope=\"col\"{style}>")
                } else {
                    format!("<td{style}>")
                }))
            }
            Event::End(TagEnd::TableCell) => {
                cell += 1;
                Some(html(if in_head {
                    "</th>".into()
                } else {
                    "</td>".into()
                }))
            }
            Event::End(TagEnd::Table) => Some(html(if body_open {
                "</tbody>\n</table>\n".into()
            } else {
                "</table>\n".into()
            })),
            e => Some(e),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, chapter: Option<&str>) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            tables(Parser::new_ext(md, super::super::options()), chapter),
        );
        out
    }

    #[test]
    fn caption_scope_and_alignment() {
        let html = run(
            "Table: Sessions by *place*.\n\n| Place | N |\n|---|--:|\n| Fair Haven | 2 |\n",
            Some("2"),
        );
        assert_eq!(
            html,
            "<table>\n<caption><span class=\"table-number\">Table 2.1:</span> Sessions by <em>place</em>.</caption>\n<thead>\n<tr><th scope=\"col\">Place</th><th scope=\"col\" class=\"align-right\">N</th></tr>\n</thead>\n<tbody>\n<tr><td>Fair Haven</td><td class=\"align-right\">2</td></tr>\n</tbody>\n</table>\n"
        );
    }

    #[test]
    fn caption_right_above_the_table() {
        let html = run("Table: Tight.\n| a |\n|---|\n| 1 |\n", None);
        assert!(
            html.starts_with("<table>\n<caption>Tight.</caption>"),
            "{html}"
        );
    }

    #[test]
    fn plain_tables_and_lone_table_paragraphs() {
        let html = run("| a |\n|---|\n| 1 |\n", None);
        assert!(
            html.starts_with("<table>\n<thead>\n<tr><th scope=\"col\">a</th>"),
            "{html}"
        );
        assert_eq!(
            run("Table: not followed by a table.\n\nText.\n", None),
            "<p>Table: not followed by a table.</p>\n<p>Text.</p>\n"
        );
        assert_eq!(run("Plain.\n", None), "<p>Plain.</p>\n");
        // A header-only table has no empty tbody.
        assert!(run("| a |\n|---|\n", None).ends_with("</thead>\n</table>\n"));
    }
}
