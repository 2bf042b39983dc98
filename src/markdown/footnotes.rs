//! Footnotes that link both ways. Each reference (`[^source]`) becomes a numbered link to its
//! note with an id of its own; the notes are gathered at the end of the body in number order,
//! each with a "↩" link back to every place that refers to it. Numbers follow the order of first
//! reference, whatever the labels are; ids (`fn-2`, `fnref-2`, `fnref-2-2` for a second
//! reference) are unique on the page, and carry the page's id prefix on a publication's
//! one-page version.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// Wraps the stream. `heading_level` is the level of the (visually hidden) "Footnotes" heading.
pub fn footnotes<'a, 'o>(
    events: impl Iterator<Item = Event<'a>> + 'o,
    prefix: &'o str,
    heading_level: u8,
) -> impl Iterator<Item = Event<'a>> + 'o
where
    'a: 'o,
{
    let mut events = events;
    let mut state = State {
        prefix,
        numbers: HashMap::new(),
        refs: Vec::new(),
        defs: HashMap::new(),
    };
    let mut tail: Option<std::vec::IntoIter<Event<'a>>> = None;
    std::iter::from_fn(move || {
        if let Some(t) = &mut tail {
            return t.next();
        }
        loop {
            match events.next() {
                Some(Event::FootnoteReference(label)) => return Some(state.reference(&label)),
                Some(Event::Start(Tag::FootnoteDefinition(label))) => {
                    let mut body = Vec::new();
                    let mut depth = 0;
                    for e in events.by_ref() {
                        match e {
                            Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                            Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                            _ => {}
                        }
                        body.push(match e {
                            Event::FootnoteReference(l) => state.reference(&l),
                            e => e,
                        });
                    }
                    state.defs.insert(label.to_string(), body);
                }
                Some(e) => return Some(e),
                None => {
                    let mut rest = state.notes(heading_level.min(6)).into_iter();
                    let first = rest.next();
                    tail = Some(rest);
                    return first;
                }
            }
        }
    })
}

struct State<'a, 'p> {
    prefix: &'p str,
    /// Label → number.
    numbers: HashMap<String, usize>,
    /// For each number (index + 1): its label and how many references point to it.
    refs: Vec<(String, usize)>,
    defs: HashMap<String, Vec<Event<'a>>>,
}

impl<'a> State<'a, '_> {
    fn reference(&mut self, label: &str) -> Event<'a> {
        let n = *self.numbers.entry(label.to_string()).or_insert_with(|| {
            self.refs.push((label.to_string(), 0));
            self.refs.len()
        });
        self.refs[n - 1].1 += 1;
        let k = self.refs[n - 1].1;
        let p = self.prefix;
        Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-reference\"><a href=\"#{p}fn-{n}\" id=\"{p}{}\" aria-label=\"Footnote {n}\">{n}</a></sup>",
            ref_id(n, k)
        )))
    }

    /// The notes section, or nothing when the body has no notes.
    fn notes(&mut self, level: u8) -> Vec<Event<'a>> {
        // Notes nobody refers to still get printed, after the others, without back-links.
        let mut unreferenced: Vec<String> = self
            .defs
            .keys()
            .filter(|l| !self.numbers.contains_key(*l))
            .cloned()
            .collect();
        unreferenced.sort();
        for l in unreferenced {
            self.refs.push((l.clone(), 0));
            self.numbers.insert(l, self.refs.len());
        }
        if self.defs.is_empty() {
            return Vec::new();
        }
        let p = self.prefix;
        let html = |s: String| Event::Html(CowStr::from(s));
        let mut out = vec![html(format!(
            "<section class=\"footnotes\">\n<h{level} class=\"visually-hidden\">Footnotes</h{level}>\n<ol>\n"
        ))];
        for (i, (label, count)) in self.refs.iter().enumerate() {
            let n = i + 1;
            let Some(mut body) = self.defs.remove(label) else {
                continue;
            };
            out.push(html(format!(
                "<li class=\"footnote-definition\" id=\"{p}fn-{n}\" value=\"{n}\">\n"
            )));
            let back: String = (1..=*count)
                .map(|k| {
                    let which = if *count > 1 { format!(" ({k})") } else { String::new() };
                    format!(" <a class=\"footnote-backref\" href=\"#{p}{}\" aria-label=\"Back to reference {n}{which}\">↩\u{fe0e}</a>", ref_id(n, k))
                })
                .collect();
            // The back-links go at the end of the note's last paragraph, or after the note.
            if matches!(body.last(), Some(Event::End(TagEnd::Paragraph))) {
                let end = body.pop();
                body.push(Event::InlineHtml(CowStr::from(back)));
                body.extend(end);
            } else if !back.is_empty() {
                body.push(html(format!("<p>{}</p>\n", back.trim_start())));
            }
            out.extend(body);
            out.push(html("</li>\n".into()));
        }
        out.push(html("</ol>\n</section>\n".into()));
        out
    }
}

fn ref_id(n: usize, k: usize) -> String {
    if k == 1 {
        format!("fnref-{n}")
    } else {
        format!("fnref-{n}-{k}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, prefix: &str) -> String {
        let mut out = String::new();
        html::push_html(
            &mut out,
            footnotes(Parser::new_ext(md, super::super::options()), prefix, 2),
        );
        out
    }

    #[test]
    fn numbered_by_first_reference_with_back_links() {
        let html = run(
            "A[^b] and B[^a] and again[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n\nAfter.\n",
            "",
        );
        assert_eq!(
            html,
            "<p>A<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1\" aria-label=\"Footnote 1\">1</a></sup> and B<sup class=\"footnote-reference\"><a href=\"#fn-2\" id=\"fnref-2\" aria-label=\"Footnote 2\">2</a></sup> and again<sup class=\"footnote-reference\"><a href=\"#fn-1\" id=\"fnref-1-2\" aria-label=\"Footnote 1\">1</a></sup>.</p>\n\
             <p>After.</p>\n\
             <section class=\"footnotes\">\n<h2 class=\"visually-hidden\">Footnotes</h2>\n<ol>\n\
             <li class=\"footnote-definition\" id=\"fn-1\" value=\"1\">\n<p>Note B. <a class=\"footnote-backref\" href=\"#fnref-1\" aria-label=\"Back to reference 1 (1)\">↩\u{fe0e}</a> <a class=\"footnote-backref\" href=\"#fnref-1-2\" aria-label=\"Back to reference 1 (2)\">↩\u{fe0e}</a></p>\n</li>\n\
             <li class=\"footnote-definition\" id=\"fn-2\" value=\"2\">\n<p>Note A. <a class=\"footnote-backref\" href=\"#fnref-2\" aria-label=\"Back to reference 2\">↩\u{fe0e}</a></p>\n</li>\n\
             </ol>\n</section>\n"
        );
    }

    #[test]
    fn prefixed_ids_and_no_section_without_notes() {
        let html = run("X[^1].\n\n[^1]: One.\n", "ch-a--");
        assert!(html.contains("href=\"#ch-a--fn-1\" id=\"ch-a--fnref-1\""));
        assert!(html.contains("id=\"ch-a--fn-1\""));
        assert!(html.contains("href=\"#ch-a--fnref-1\""));
        assert_eq!(run("No notes.\n", ""), "<p>No notes.</p>\n");
        // A reference to a note that does not exist stays text.
        assert_eq!(run("X[^missing].\n", ""), "<p>X[^missing].</p>\n");
    }
}
