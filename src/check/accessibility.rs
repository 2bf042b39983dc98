//! Accessibility rules (WCAG 2.2): every image has a description or is marked decorative,
//! headings go down one level at a time under the page title, tables have a header row, and
//! link text says where the link goes. Raw HTML is held to the same rules.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::doc::{Doc, HtmlPiece};
use crate::diagnostic::Diagnostic;
use crate::markdown::DECORATIVE;

/// Link texts that do not say where a link goes (compared in lower case, without final
/// punctuation), in English and Spanish.
const VAGUE_LINK_TEXT: &[&str] = &[
    "click here",
    "click",
    "here",
    "this",
    "this link",
    "link",
    "this page",
    "read more",
    "more",
    "learn more",
    "more info",
    "more information",
    "go",
    "details",
    "haga clic aquí",
    "haz clic aquí",
    "clic aquí",
    "aquí",
    "este enlace",
    "enlace",
    "leer más",
    "más",
    "más información",
];

/// Runs the accessibility rules on one document.
pub fn check(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    images(doc, out);
    headings(doc, out);
    tables(doc, out);
    links(doc, out);
    for piece in &doc.html {
        html_images(doc, piece, out);
        html_tables(doc, piece, out);
        html_links(doc, piece, out);
    }
}

fn images(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let mut open: Option<(usize, String, bool)> = None;
    let mut alt = String::new();
    for (i, (e, r)) in doc.events.iter().enumerate() {
        match e {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) if open.is_none() => {
                // A figure's image is checked where figures are made (markdown/figures.rs).
                let skip = title.trim().eq_ignore_ascii_case(DECORATIVE) || starts_a_figure(doc, i);
                open = Some((r.start, dest_url.to_string(), skip));
                alt.clear();
            }
            Event::Text(t) | Event::Code(t) if open.is_some() => alt.push_str(t),
            Event::End(TagEnd::Image) => {
                if let Some((start, dest, skip)) = open.take()
                    && alt.trim().is_empty()
                    && !skip
                {
                    out.push(
                            doc.error(start, format!("the image `{dest}` has no description (alt text)"))
                                .with_hint(format!("describe what the image shows, e.g. ![A map of the six neighborhoods]({dest}); if it is only decoration, write ![]({dest} \"decorative\")")),
                        );
                }
            }
            _ => {}
        }
    }
}

/// Whether the image at event `i` opens a paragraph that becomes a figure.
fn starts_a_figure(doc: &Doc<'_>, i: usize) -> bool {
    let Some(start) = i
        .checked_sub(1)
        .filter(|s| matches!(doc.events[*s].0, Event::Start(Tag::Paragraph)))
    else {
        return false;
    };
    let Some(len) = doc.events[start..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Paragraph)))
    else {
        return false;
    };
    crate::markdown::is_figure(&doc.events[start..=start + len])
}

fn html_images(doc: &Doc<'_>, piece: &HtmlPiece<'_>, out: &mut Vec<Diagnostic>) {
    for (nth, img) in piece
        .elements()
        .filter(|e| e.value().name() == "img")
        .enumerate()
    {
        let el = img.value();
        let src = el.attr("src").unwrap_or("");
        let decorative = matches!(el.attr("role"), Some("presentation" | "none"))
            || el.classes().any(|c| c == DECORATIVE);
        let missing = match el.attr("alt") {
            None => true,
            Some(a) => a.trim().is_empty() && !decorative,
        };
        if missing {
            out.push(
                doc.error(piece.tag_offset("img", nth), format!("the image `{src}` has no description (alt text)"))
                    .with_hint("add alt=\"what the image shows\" to the <img> tag; if it is only decoration, write alt=\"\" role=\"presentation\""),
            );
        }
    }
}

fn level_marks(level: usize) -> String {
    "#".repeat(level)
}

/// Headings in body order, Markdown and raw HTML alike: (body offset, level, from HTML).
fn all_headings(doc: &Doc<'_>) -> Vec<(usize, usize, bool)> {
    let mut found = Vec::new();
    let mut pieces = doc.html.iter().peekable();
    for (i, (e, r)) in doc.events.iter().enumerate() {
        if let Event::Start(Tag::Heading { level, .. }) = e {
            found.push((r.start, heading_number(*level), false));
        }
        while let Some(piece) = pieces.next_if(|p| p.event == i) {
            let mut seen = [0usize; 7];
            for el in piece.elements() {
                let name = el.value().name();
                if let Some(n) = name
                    .strip_prefix('h')
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| (1..=6).contains(n))
                {
                    found.push((piece.tag_offset(name, seen[n]), n, true));
                    seen[n] += 1;
                }
            }
        }
    }
    found
}

fn heading_number(level: HeadingLevel) -> usize {
    level as usize
}

fn headings(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    // The page title is the page's one level-1 heading; the body starts under it.
    let mut previous = 1;
    for (offset, level, html) in all_headings(doc) {
        // Only for messages: most headings are fine, and formatting these for every heading
        // of a large site showed in profiles.
        let written_wanted = || {
            if html {
                (format!("<h{level}>"), "<h2>".to_string())
            } else {
                (
                    format!("`{}`", level_marks(level)),
                    format!("`{}`", level_marks(2)),
                )
            }
        };
        if level == 1 {
            let (written, wanted) = written_wanted();
            out.push(
                doc.error(offset, format!("this is a second main heading ({written}): the page title is already the page's main heading"))
                    .with_hint(format!("use {wanted} for the parts of the page, and a level lower for parts inside them; put the page's name in `title`")),
            );
        } else if level > previous + 1 {
            let (written, _) = written_wanted();
            let message = if previous == 1 {
                format!(
                    "the first heading skips a level: it is level {level} ({written}); the page's headings start at level 2"
                )
            } else {
                format!(
                    "this heading skips a level: level {level} ({written}) comes after a level-{previous} heading"
                )
            };
            let fix = if html {
                format!("<h{}>", previous + 1)
            } else {
                format!("`{}`", level_marks(previous + 1))
            };
            out.push(
                doc.error(offset, message)
                    .with_hint(format!("use {fix} here; screen reader users move through a page by heading levels and think a level is missing")),
            );
        }
        previous = level;
    }
}

fn tables(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let mut table_start = 0;
    let mut in_head = false;
    let mut head_has_text = false;
    for (e, r) in doc.events.iter() {
        match e {
            Event::Start(Tag::Table(_)) => table_start = r.start,
            Event::Start(Tag::TableHead) => {
                in_head = true;
                head_has_text = false;
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) if in_head => {
                head_has_text |= !t.trim().is_empty()
            }
            Event::Start(Tag::Image { .. }) if in_head => head_has_text = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                if !head_has_text {
                    out.push(
                        doc.error(table_start, "this table has no header row: its first row is empty")
                            .with_hint("write the name of each column in the first row, e.g. | Day | Time | Place |; screen readers read these names with each cell"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn html_tables(doc: &Doc<'_>, piece: &HtmlPiece<'_>, out: &mut Vec<Diagnostic>) {
    let th = scraper::Selector::parse("th").expect("valid selector");
    let td = scraper::Selector::parse("td").expect("valid selector");
    for (nth, table) in piece
        .elements()
        .filter(|e| e.value().name() == "table")
        .enumerate()
    {
        // A table split across several HTML blocks is only judged when its cells are here.
        if table.select(&th).next().is_none() && table.select(&td).next().is_some() {
            out.push(
                doc.error(piece.tag_offset("table", nth), "this table has no header cells (<th>)")
                    .with_hint("make the cells of the first row <th> instead of <td>, or write the table in Markdown with a header row"),
            );
        }
    }
}

/// What is wrong with a link's text, if anything.
fn link_text_problem(text: &str) -> Option<(String, &'static str)> {
    // Most link texts are fine and this runs for every link of the site, so the text is only
    // copied when its spaces need folding, and only lower-cased when it is short enough to be
    // one of the vague phrases.
    let folded;
    let t = if text.contains(['\n', '\t', '\r']) || text.contains("  ") {
        folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        folded.as_str()
    } else {
        text.trim()
    };
    let t = t.trim_matches(|c: char| {
        c.is_ascii_punctuation() || matches!(c, '→' | '»' | '›' | '…' | '“' | '”')
    });
    if t.is_empty() {
        return Some((
            "this link has no text".into(),
            "write words that say where the link goes between the brackets: [the blueprint](@/blueprint/_index.md)",
        ));
    }
    let starts_with = |prefix: &str| {
        t.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if starts_with("http://") || starts_with("https://") || starts_with("www.") {
        return Some((
            format!(
                "the link text is a bare web address (`{}`)",
                super::text::shorten(t, 60)
            ),
            "write words that name where it goes instead, e.g. [the 988 Lifeline website](https://988lifeline.org); screen readers read a web address out character by character",
        ));
    }
    let longest_vague = VAGUE_LINK_TEXT.iter().map(|v| v.len()).max().unwrap_or(0);
    if t.len() <= longest_vague && VAGUE_LINK_TEXT.contains(&t.to_lowercase().as_str()) {
        return Some((
            format!("the link text “{t}” does not say where the link goes"),
            "write words that name the destination, e.g. [read the blueprint](@/blueprint/_index.md) instead of [click here](…); screen reader users often hear links read out on their own",
        ));
    }
    None
}

fn links(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    // An inline `<a href=…>` tag in a paragraph: its text comes as Markdown until `</a>`.
    let mut html_link = false;
    let mut text = String::new();
    let mut finish = |open: &mut Option<usize>, text: &str| {
        if let Some(start) = open.take()
            && let Some((message, hint)) = link_text_problem(text)
        {
            out.push(doc.warning(start, message).with_hint(hint));
        }
    };
    for (e, r) in doc.events.iter() {
        match e {
            Event::Start(Tag::Link { link_type, .. }) => {
                if depth == 0 && open.is_none() && *link_type != LinkType::Email {
                    open = Some(r.start);
                    text.clear();
                }
                depth += 1;
            }
            Event::InlineHtml(h) if depth == 0 && open.is_none() && opens_html_link(h) => {
                open = Some(r.start);
                html_link = true;
                text.clear();
            }
            Event::InlineHtml(h) if html_link && h.trim().eq_ignore_ascii_case("</a>") => {
                html_link = false;
                finish(&mut open, &text);
            }
            Event::Text(t) | Event::Code(t) if open.is_some() => text.push_str(t),
            Event::SoftBreak | Event::HardBreak if open.is_some() => text.push(' '),
            Event::End(TagEnd::Link) => {
                depth = depth.saturating_sub(1);
                if depth == 0 && !html_link {
                    finish(&mut open, &text);
                }
            }
            _ => {}
        }
    }
}

/// Whether an inline HTML tag opens a link whose text is what follows (`<a href="…">`).
fn opens_html_link(tag: &str) -> bool {
    let t = tag.trim().to_ascii_lowercase();
    t.starts_with("<a")
        && t[2..].starts_with(|c: char| c.is_ascii_whitespace())
        && t.contains("href")
        && !t.contains("mailto:")
        && !t.contains("aria-label")
        && !t.ends_with("/>")
}

fn html_links(doc: &Doc<'_>, piece: &HtmlPiece<'_>, out: &mut Vec<Diagnostic>) {
    for (nth, a) in piece
        .elements()
        .filter(|e| e.value().name() == "a")
        .enumerate()
    {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        // An inline `<a …>` tag is its own piece: its text follows as Markdown and is not here.
        if !piece.closes_link() || href.starts_with("mailto:") {
            continue;
        }
        let mut text: String = a.text().collect();
        text.extend(
            a.descendants()
                .filter_map(scraper::ElementRef::wrap)
                .filter_map(|e| e.value().attr("alt"))
                .map(|alt| format!(" {alt}")),
        );
        if let Some(label) = a.value().attr("aria-label") {
            text = label.to_string();
        }
        if let Some((message, hint)) = link_text_problem(&text) {
            out.push(
                doc.warning(piece.tag_offset("a", nth), message)
                    .with_hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::run;

    #[test]
    fn images_need_a_description_unless_decorative() {
        assert_eq!(
            run("Text.\n\n![](map.png)\n", "en"),
            ["3:1: error: the image `map.png` has no description (alt text)"]
        );
        assert!(
            run(
                "![A map of the six neighborhoods](map.png)\n\n![](line.png \"decorative\")\n",
                "en"
            )
            .is_empty()
        );
        // A figure's image (with a caption) is left to the figure's own error.
        assert!(run("![](chart.svg)\nFigure: Sessions per month.\n", "en").is_empty());
        assert_eq!(
            run("![](chart.svg)\nNot a caption.\n", "en"),
            ["1:1: error: the image `chart.svg` has no description (alt text)"]
        );
        assert_eq!(
            run("<img src=\"a.png\">\n", "en"),
            ["1:1: error: the image `a.png` has no description (alt text)"]
        );
        assert_eq!(
            run("<p>x <img src=\"a.png\" alt=\"\"></p>\n", "en"),
            ["1:6: error: the image `a.png` has no description (alt text)"]
        );
        assert!(run("<img src=\"a.png\" alt=\"\" role=\"presentation\"> <img src=\"b.png\" alt=\"A bridge\">\n", "en").is_empty());
    }

    #[test]
    fn headings_go_down_one_level_at_a_time() {
        assert_eq!(
            run("# Title again\n\n## Part\n\n#### Deep\n", "en"),
            [
                "1:1: error: this is a second main heading (`#`): the page title is already the page's main heading",
                "5:1: error: this heading skips a level: level 4 (`####`) comes after a level-2 heading"
            ]
        );
        assert_eq!(
            run("### First\n", "en"),
            [
                "1:1: error: the first heading skips a level: it is level 3 (`###`); the page's headings start at level 2"
            ]
        );
        assert!(run("## A\n\n### B\n\n## C\n\n### D\n\n#### E\n\n## F\n", "en").is_empty());
        assert_eq!(
            run("## A\n\n<div>\n<h4>Deep</h4>\n</div>\n", "en"),
            [
                "4:1: error: this heading skips a level: level 4 (<h4>) comes after a level-2 heading"
            ]
        );
    }

    #[test]
    fn tables_need_a_header_row() {
        assert_eq!(
            run("Text.\n\n| | |\n|---|---|\n| a | b |\n", "en"),
            ["3:1: error: this table has no header row: its first row is empty"]
        );
        assert!(run("| Day | Time |\n|---|---|\n| Monday | 6 pm |\n", "en").is_empty());
        assert_eq!(
            run("<table><tr><td>a</td></tr></table>\n", "en"),
            ["1:1: error: this table has no header cells (<th>)"]
        );
        assert!(
            run(
                "<table><tr><th>Day</th></tr><tr><td>a</td></tr></table>\n",
                "en"
            )
            .is_empty()
        );
    }

    #[test]
    fn link_text_says_where_it_goes() {
        assert_eq!(
            run("For help, [click here](@/a.md).\n", "en"),
            ["1:11: warning: the link text “click here” does not say where the link goes"]
        );
        assert_eq!(
            run("[Read more…](@/a.md)\n", "en"),
            ["1:1: warning: the link text “Read more” does not say where the link goes"]
        );
        assert_eq!(
            run("Haga [clic aquí](@/a.md).\n", "es"),
            ["1:6: warning: the link text “clic aquí” does not say where the link goes"]
        );
        assert_eq!(
            run("See <https://example.org/x>.\n", "en"),
            ["1:5: warning: the link text is a bare web address (`https://example.org/x`)"]
        );
        assert_eq!(
            run("See [](https://example.org/x).\n", "en"),
            ["1:5: warning: this link has no text"]
        );
        assert_eq!(
            run("<p><a href=\"/x\">here</a></p>\n", "en"),
            ["1:4: warning: the link text “here” does not say where the link goes"]
        );
        assert_eq!(
            run("Text <a href=\"/x\">click *here*</a>.\n", "en"),
            ["1:6: warning: the link text “click here” does not say where the link goes"]
        );
        assert!(
            run(
                "Text <a href=\"/x\">the *plan*</a> and <a id=\"top\">here</a>.\n",
                "en"
            )
            .is_empty()
        );
        assert!(
            run(
                "Read [the blueprint](@/b.md), call [911](tel:911) or write to <a@example.org>.\n",
                "en"
            )
            .is_empty()
        );
    }
}
