//! Figures: an image alone in a paragraph, followed on the next lines by its caption and source,
//! becomes `<figure>` with `<figcaption>`:
//!
//! ```markdown
//! ![Bar chart: sessions held per month; most in June.](/blueprint/figures/sessions.svg)
//! Figure: Listening sessions per month.
//! Source: City of New Haven.
//! ```
//!
//! The image's title works as a short form: `![alt](map.svg "Caption")`. An image alone without
//! a caption stays a plain image. Inside a publication, figures are numbered per chapter
//! (`Figure 3.2:`). A figure must have alt text: a caption says what the figure is about,
//! alt text says what it shows, for people who cannot see it.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::diagnostic::Diagnostic;

type Located<'a> = (Event<'a>, Range<usize>);

/// The title text that marks a Markdown image as decoration: `![](line.png "decorative")`.
pub const DECORATIVE: &str = "decorative";

/// Drops the [`DECORATIVE`] marker from an image's title before rendering, so that it is neither
/// shown as a tooltip nor taken for a figure caption: `![](line.png "decorative")` renders as
/// `<img src="line.png" alt="" />`.
pub fn drop_decorative_marker<'a>(item: (Event<'a>, Range<usize>)) -> (Event<'a>, Range<usize>) {
    match item {
        (
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }),
            range,
        ) if title.trim().eq_ignore_ascii_case(DECORATIVE) => (
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title: CowStr::Borrowed(""),
                id,
            }),
            range,
        ),
        other => other,
    }
}

/// The caption line's prefix, and the source line's.
const CAPTION: &str = "Figure:";
const SOURCE: &str = "Source:";

/// Wraps the stream; `chapter` numbers figures (`Figure 3.1`) when set.
pub fn figures<'a, 'o>(
    events: impl Iterator<Item = Located<'a>> + 'o,
    chapter: Option<&'o str>,
    path: &'o Path,
    locate: &'o dyn Fn(usize) -> (usize, usize),
    diags: &'o mut Vec<Diagnostic>,
) -> impl Iterator<Item = Located<'a>> + 'o
where
    'a: 'o,
{
    let mut events = events;
    let mut pending: std::collections::VecDeque<Located<'a>> = Default::default();
    let mut count = 0usize;
    std::iter::from_fn(move || {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (event, range) = events.next()?;
        if !matches!(event, Event::Start(Tag::Paragraph)) {
            return Some((event, range));
        }
        // Only a paragraph that starts with an image can be a figure; others pass untouched.
        let first = events.next();
        if !matches!(first, Some((Event::Start(Tag::Image { .. }), _))) {
            pending.extend(first);
            return Some((event, range));
        }
        // Paragraphs do not nest: collect this one whole.
        let mut para = vec![(event, range.clone())];
        para.extend(first);
        for e in events.by_ref() {
            let end = matches!(e.0, Event::End(TagEnd::Paragraph));
            para.push(e);
            if end {
                break;
            }
        }
        match as_figure(&para) {
            Some(parts) => {
                count += 1;
                let (line, col) = locate(range.start);
                if parts.alt_is_empty {
                    diags.push(
                        Diagnostic::error(path, line, col, "this figure's image has no text description (alt text)")
                            .with_hint("describe what the image shows between the square brackets: ![A map of the six neighborhoods](map.svg)"),
                    );
                }
                let number = chapter.map(|c| format!("Figure {c}.{count}"));
                pending.extend(build(para, parts, number, range));
            }
            None => pending.extend(para),
        }
        pending.pop_front()
    })
}

/// Whether a paragraph (its events from `Start(Paragraph)` to `End(Paragraph)`) becomes a
/// figure. `haven check` asks, to leave a figure's missing alt text to the error above.
pub(crate) fn is_figure(para: &[Located<'_>]) -> bool {
    as_figure(para).is_some()
}

/// Where the parts of a figure paragraph are.
struct Parts {
    /// Index of `End(Image)`.
    image_end: usize,
    /// Event ranges (start, end exclusive) of the caption and of the source line.
    caption: Option<(usize, usize)>,
    source: Option<(usize, usize)>,
    /// Use the image title as the caption.
    title_caption: bool,
    alt_is_empty: bool,
}

fn as_figure(para: &[Located<'_>]) -> Option<Parts> {
    // para[0] is Start(Paragraph), the last is End(Paragraph).
    let Event::Start(Tag::Image { title, .. }) = &para.get(1)?.0 else {
        return None;
    };
    let mut depth = 0;
    let mut image_end = None;
    let mut alt = String::new();
    for (i, (e, _)) in para.iter().enumerate().skip(1) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    image_end = Some(i);
                    break;
                }
            }
            Event::Text(t) | Event::Code(t) => alt.push_str(t),
            _ => {}
        }
    }
    let image_end = image_end?;
    let last = para.len() - 1;
    let mut parts = Parts {
        image_end,
        caption: None,
        source: None,
        title_caption: false,
        alt_is_empty: alt.trim().is_empty(),
    };
    if image_end + 1 == last {
        // The image alone: a figure only when its title gives a caption.
        if title.trim().is_empty() {
            return None;
        }
        parts.title_caption = true;
        return Some(parts);
    }
    // Then lines, each after a line break: `Figure: …` (may wrap onto more lines), `Source: …`.
    let mut i = image_end + 1;
    let mut current: Option<(bool, usize)> = None; // (is_source, start)
    while i < last {
        let e = &para[i].0;
        if matches!(e, Event::SoftBreak | Event::HardBreak) {
            let next = para.get(i + 1).map(|p| &p.0);
            let starts =
                |prefix: &str| matches!(next, Some(Event::Text(t)) if starts_with_label(t, prefix));
            let kind = if starts(CAPTION) {
                Some(false)
            } else if starts(SOURCE) {
                Some(true)
            } else {
                None
            };
            match (kind, current) {
                (Some(is_source), _) => {
                    close(&mut parts, current, i);
                    if (is_source && parts.source.is_some())
                        || (!is_source && (parts.caption.is_some() || parts.source.is_some()))
                    {
                        return None;
                    }
                    current = Some((is_source, i + 1));
                }
                // A wrapped caption or source line continues.
                (None, Some(_)) => {}
                (None, None) => return None,
            }
        } else if current.is_none() {
            // Something other than a line break right after the image: not a figure.
            return None;
        }
        i += 1;
    }
    close(&mut parts, current, last);
    Some(parts)
}

fn close(parts: &mut Parts, current: Option<(bool, usize)>, end: usize) {
    match current {
        Some((true, start)) => parts.source = Some((start, end)),
        Some((false, start)) => parts.caption = Some((start, end)),
        None => {}
    }
}

fn starts_with_label(text: &str, label: &str) -> bool {
    text.trim_start()
        .get(..label.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(label))
}

/// The events of a figure: the image as it was, then its caption's own inline events (so
/// that links in captions are still checked and rewritten), in HTML block wrappers.
fn build<'a>(
    para: Vec<Located<'a>>,
    parts: Parts,
    number: Option<String>,
    range: Range<usize>,
) -> Vec<Located<'a>> {
    let html = |s: String| (Event::Html(CowStr::from(s)), range.clone());
    let mut out = vec![html("<figure class=\"figure\">\n".into())];
    let mut para: Vec<Option<Located<'a>>> = para.into_iter().map(Some).collect();
    let mut title_text = String::new();
    for slot in &mut para[1..=parts.image_end] {
        let (mut e, r) = slot
            .take()
            .unwrap_or((Event::Text("".into()), range.clone()));
        if let Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) = e
        {
            if parts.title_caption {
                title_text = title.to_string();
                e = Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title: "".into(),
                    id,
                });
            } else {
                e = Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                });
            }
        }
        out.push((e, r));
    }
    out.push(html("\n".into()));
    let label = |prefix: &str| {
        number
            .as_ref()
            .map(|n| format!("<span class=\"figure-number\">{n}:</span> "))
            .unwrap_or_default()
            + prefix
    };
    let mut take = |(start, end): (usize, usize), strip: &str, out: &mut Vec<Located<'a>>| {
        let mut first = true;
        for slot in &mut para[start..end] {
            let Some((e, r)) = slot.take() else { continue };
            match e {
                Event::Text(t) if first => {
                    let rest = t.trim_start();
                    let rest = rest
                        .get(strip.len()..)
                        .unwrap_or("")
                        .trim_start()
                        .to_string();
                    if !rest.is_empty() {
                        out.push((Event::Text(CowStr::from(rest)), r));
                    }
                }
                Event::SoftBreak | Event::HardBreak => out.push((Event::Text(" ".into()), r)),
                e => out.push((e, r)),
            }
            first = false;
        }
    };
    if parts.caption.is_some() || parts.title_caption || parts.source.is_some() {
        out.push(html("<figcaption>".into()));
        if parts.title_caption {
            out.push(html(format!("<p>{}", label(""))));
            out.push((Event::Text(CowStr::from(title_text)), range.clone()));
            out.push(html("</p>".into()));
        } else if let Some(c) = parts.caption {
            out.push(html(format!("<p>{}", label(""))));
            take(c, CAPTION, &mut out);
            out.push(html("</p>".into()));
        } else if number.is_some() {
            out.push(html(format!("<p>{}</p>", label("").trim_end())));
        }
        if let Some(s) = parts.source {
            out.push(html("<p class=\"figure-source\">Source: ".into()));
            take(s, SOURCE, &mut out);
            out.push(html("</p>".into()));
        }
        out.push(html("</figcaption>\n".into()));
    }
    out.push(html("</figure>\n".into()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, chapter: Option<&str>) -> (String, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut out = String::new();
        let locate = |o: usize| (md[..o].matches('\n').count() + 1, 1);
        let events = figures(
            Parser::new_ext(md, super::super::options()).into_offset_iter(),
            chapter,
            Path::new("content/a.md"),
            &locate,
            &mut diags,
        )
        .map(|(e, _)| e);
        html::push_html(&mut out, events);
        (out, diags)
    }

    #[test]
    fn caption_and_source_lines() {
        let (html, diags) = run(
            "Text.\n\n![A map](/m.svg)\nFigure: The *six* neighborhoods,\nover two lines.\nSource: City of New Haven.\n",
            Some("3"),
        );
        assert!(diags.is_empty());
        assert_eq!(
            html,
            "<p>Text.</p>\n<figure class=\"figure\">\n<img src=\"/m.svg\" alt=\"A map\" />\n<figcaption><p><span class=\"figure-number\">Figure 3.1:</span> The <em>six</em> neighborhoods, over two lines.</p><p class=\"figure-source\">Source: City of New Haven.</p></figcaption>\n</figure>\n"
        );
    }

    #[test]
    fn title_is_a_short_caption_and_plain_images_stay_plain() {
        let (html, _) = run("![A map](/m.svg \"The map\")\n", None);
        assert_eq!(
            html,
            "<figure class=\"figure\">\n<img src=\"/m.svg\" alt=\"A map\" />\n<figcaption><p>The map</p></figcaption>\n</figure>\n"
        );
        let (html, _) = run("![A map](/m.svg)\n", None);
        assert_eq!(html, "<p><img src=\"/m.svg\" alt=\"A map\" /></p>\n");
        let (html, _) = run("![A map](/m.svg) and text\n", None);
        assert_eq!(
            html,
            "<p><img src=\"/m.svg\" alt=\"A map\" /> and text</p>\n"
        );
        let (html, _) = run("![A map](/m.svg)\nJust a line.\n", None);
        assert!(html.starts_with("<p><img"), "{html}");
    }

    #[test]
    fn a_figure_without_alt_text_is_an_error() {
        let (_, diags) = run("Intro.\n\n![](/m.svg)\nFigure: A map.\n", None);
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].to_string(),
            "content/a.md:3:1: error: this figure's image has no text description (alt text)"
        );
    }
}
