//! One document as the rules see it, parsed once: its Markdown events with their source
//! offsets, its raw HTML parsed by a real HTML parser, and its prose cut into blocks of text.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, LineIndex};

/// A Markdown body ready for the rules.
pub struct Doc<'a> {
    /// The file, for messages (`content/about.md`).
    pub path: &'a Path,
    /// The Markdown body.
    pub body: &'a str,
    /// The page's language code.
    pub lang: &'a str,
    body_line: usize,
    lines: LineIndex,
    /// Every event with its byte range in `body`.
    pub events: Cow<'a, [(Event<'a>, Range<usize>)]>,
    /// Raw HTML blocks and inline tags, in body order.
    pub html: Vec<HtmlPiece<'a>>,
    /// Made on first use: only the plain-language rules read prose, and a build runs them
    /// only with `--strict`.
    blocks: OnceCell<Vec<Block>>,
}

/// A piece of raw HTML (an HTML block, or one inline tag) parsed with html5ever.
pub struct HtmlPiece<'a> {
    /// Index in [`Doc::events`] of the event it came from.
    pub event: usize,
    /// Byte offset in the body.
    pub start: usize,
    /// The HTML as it is published: the lines of a block inside a list or a quotation lose
    /// their indent and `>` markers, which the rules must not read as part of the HTML.
    pub text: Cow<'a, str>,
    /// (offset in `text`, offset in the body) where each published line starts.
    lines: Vec<(usize, usize)>,
    /// The parsed fragment.
    pub dom: scraper::Html,
    /// Where each tag name opens in `text` (lowercase name → offsets), found on first use in
    /// one pass, so that locating every one of 20,000 tags is not 20,000 scans.
    tags: OnceCell<std::collections::HashMap<String, Vec<usize>>>,
}

impl HtmlPiece<'_> {
    /// Every element of the fragment, in document order.
    pub fn elements(&self) -> impl Iterator<Item = scraper::ElementRef<'_>> {
        self.dom
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
    }

    /// Body offset of the `nth` (0-based) `<name` tag in the piece; the piece's start when it
    /// cannot be found. html5ever keeps no source positions, so the tag is found in the text.
    pub fn tag_offset(&self, name: &str, nth: usize) -> usize {
        self.body_offset(self.tag_in_text(name, nth).unwrap_or(0))
    }

    /// Offset in [`HtmlPiece::text`] of the `nth` (0-based) `<name` tag.
    pub fn tag_in_text(&self, name: &str, nth: usize) -> Option<usize> {
        let tags = self.tags.get_or_init(|| tag_index(&self.text));
        tags.get(name.to_ascii_lowercase().as_str())
            .and_then(|at| at.get(nth))
            .copied()
    }

    /// Whether the piece closes an `<a>` itself (an inline `<a …>` tag is a piece of its own,
    /// its text and `</a>` come later as Markdown).
    pub fn closes_link(&self) -> bool {
        self.tags
            .get_or_init(|| tag_index(&self.text))
            .contains_key("/a")
    }

    /// The body offset of an offset in [`HtmlPiece::text`].
    pub fn body_offset(&self, pos: usize) -> usize {
        let i = self.lines.partition_point(|(t, _)| *t <= pos);
        match i.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some((t, b)) => b + (pos - t),
            None => self.start,
        }
    }

    /// Body offset of the first occurrence of `needle` at or after `from` (a body offset),
    /// else of the piece's start.
    pub fn text_offset(&self, needle: &str, from: usize) -> usize {
        // `from` is a body offset: find the first published position at or after it.
        let i = self.lines.partition_point(|(_, b)| *b <= from);
        let from = i
            .checked_sub(1)
            .map_or(0, |i| self.lines[i].0 + (from - self.lines[i].1))
            .min(self.text.len());
        match self.text.get(from..).and_then(|t| t.find(needle)) {
            Some(i) => self.body_offset(from + i),
            None => self.start,
        }
    }
}

/// What kind of text a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// The text of a list item (a tight list's item, or text after a nested list).
    ListItem,
    /// A heading.
    Heading,
    /// A table cell.
    TableCell,
}

/// The plain text of one block of prose, with a map back to the Markdown source.
#[derive(Debug, Clone)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// Inside a quotation (`>`): the words are someone else's and must stay as they are.
    pub quoted: bool,
    /// Body offset where the block starts.
    pub start: usize,
    /// The text, with soft line breaks as spaces; image descriptions and code blocks left out.
    pub text: String,
    /// (offset in `text`, offset in the body) at the start of each piece of text.
    map: Vec<(usize, usize)>,
}

impl Block {
    fn new(kind: BlockKind, start: usize, quoted: bool) -> Self {
        Block {
            kind,
            quoted,
            start,
            text: String::new(),
            map: Vec::new(),
        }
    }

    fn push(&mut self, text: &str, source: usize) {
        self.map.push((self.text.len(), source));
        self.text.push_str(text);
    }

    /// The body offset of a position in `text`.
    pub fn source_offset(&self, pos: usize) -> usize {
        let i = self.map.partition_point(|(t, _)| *t <= pos);
        match i.checked_sub(1).and_then(|i| self.map.get(i)) {
            Some((t, s)) => s + (pos - t),
            None => self.start,
        }
    }
}

impl<'a> Doc<'a> {
    /// Parses `body` (which starts at line `body_line` of `path`).
    #[cfg(test)]
    pub fn parse(path: &'a Path, body: &'a str, body_line: usize, lang: &'a str) -> Self {
        let events = crate::markdown::parse(body);
        Doc::with_events(path, body, body_line, lang, Cow::Owned(events))
    }

    /// A document whose events were already parsed (the build parses each body once, for
    /// both the rules and the HTML).
    pub fn with_events(
        path: &'a Path,
        body: &'a str,
        body_line: usize,
        lang: &'a str,
        events: Cow<'a, [(Event<'a>, Range<usize>)]>,
    ) -> Self {
        let html = html_pieces(body, &events);
        Doc {
            path,
            body,
            lang,
            body_line,
            lines: LineIndex::new(body),
            events,
            html,
            blocks: OnceCell::new(),
        }
    }

    /// Prose, one block per paragraph, list item, heading or table cell.
    pub fn blocks(&self) -> &[Block] {
        self.blocks.get_or_init(|| blocks(&self.events))
    }

    /// The file's 1-based (line, column) of a body offset.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let (l, c) = self.lines.line_col(offset.min(self.body.len()));
        (l + self.body_line - 1, c)
    }

    /// An error at a body offset.
    pub fn error(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.at(offset);
        Diagnostic::error(self.path, l, c, message)
    }

    /// A warning at a body offset.
    pub fn warning(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (l, c) = self.at(offset);
        Diagnostic::warning(self.path, l, c, message)
    }

    /// Whether the body has anything a reader would see (text, an image, HTML).
    pub fn has_content(&self) -> bool {
        let markdown = self.events.iter().any(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => !t.trim().is_empty(),
            Event::Start(Tag::Image { .. }) | Event::Rule => true,
            _ => false,
        });
        // HTML counts when it has an element or text: a comment alone shows nothing.
        markdown
            || self.html.iter().any(|p| {
                p.elements().nth(1).is_some()
                    || p.dom.root_element().text().any(|t| !t.trim().is_empty())
            })
    }

    /// Body offset of the first line that is not blank (0 for an empty body).
    pub fn first_text_offset(&self) -> usize {
        self.body.len() - self.body.trim_start().len()
    }
}

/// Where each tag opens in `text`: lowercase name (`img`, or `/a` for a closing tag) → byte
/// offsets of its `<`, in order. A name counts when `>`, `/` or a space follows it.
fn tag_index(text: &str) -> std::collections::HashMap<String, Vec<usize>> {
    let b = text.as_bytes();
    let mut out: std::collections::HashMap<String, Vec<usize>> = Default::default();
    for at in memchr::memchr_iter(b'<', b) {
        let rest = &b[at + 1..];
        let slash = usize::from(rest.first() == Some(&b'/'));
        // A name starts with a letter and runs to a space, `/` or `>` (`my-widget` too).
        let name = &rest[slash..];
        if !name.first().is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let len = name
            .iter()
            .take_while(|&&c| !(c.is_ascii_whitespace() || c == b'>' || c == b'/' || c == b'<'))
            .count();
        if name.get(len) == Some(&b'<') {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[..slash + len]).to_ascii_lowercase();
        out.entry(name).or_default().push(at);
    }
    out
}

/// Every raw HTML piece, as published: an inline tag's text, or the lines of an HTML block
/// (pulldown-cmark gives them as one `Html` event each, without the container's markers).
fn html_pieces<'a>(body: &'a str, events: &[(Event<'a>, Range<usize>)]) -> Vec<HtmlPiece<'a>> {
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (e, r) = &events[i];
        let event = i;
        let (text, lines) = match e {
            Event::InlineHtml(t) => inline(body, t, r),
            Event::Start(Tag::HtmlBlock) => {
                let mut text = String::new();
                let mut lines = Vec::new();
                while let Some((Event::Html(t), line)) = events.get(i + 1) {
                    lines.push((text.len(), line.start));
                    text.push_str(t);
                    i += 1;
                }
                let written = &body[r.clone()];
                let text = if text == written {
                    Cow::Borrowed(written)
                } else {
                    Cow::Owned(text)
                };
                (text, lines)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        let dom = scraper::Html::parse_fragment(&text);
        pieces.push(HtmlPiece {
            event,
            start: r.start,
            text,
            lines,
            dom,
            tags: OnceCell::new(),
        });
        i += 1;
    }
    pieces
}

/// An inline tag's text (borrowed from the body when it is written there as published) and
/// where each of its lines starts in the body: a tag over several lines of a list item or a
/// quotation is published without the lines' indent and `>` markers.
fn inline<'a>(
    body: &'a str,
    text: &pulldown_cmark::CowStr<'a>,
    r: &Range<usize>,
) -> (Cow<'a, str>, Vec<(usize, usize)>) {
    let written = body.get(r.clone()).unwrap_or("");
    if written == &**text {
        return (Cow::Borrowed(written), vec![(0, r.start)]);
    }
    let mut lines = Vec::new();
    let (mut in_text, mut in_body) = (0, 0);
    for line in text.split_inclusive('\n') {
        let found = written[in_body..].find(line.trim_end_matches('\n'));
        let at = found.map_or(in_body, |i| in_body + i);
        lines.push((in_text, r.start + at));
        in_text += line.len();
        in_body = (at + line.len()).min(written.len());
    }
    (Cow::Owned(text.to_string()), lines)
}

fn blocks(events: &[(Event<'_>, Range<usize>)]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    let mut quote_depth = 0usize;
    let mut image_depth = 0usize;
    let mut in_code = false;
    let flush = |cur: &mut Option<Block>, out: &mut Vec<Block>| {
        if let Some(b) = cur.take()
            && !b.text.trim().is_empty()
        {
            out.push(b);
        }
    };
    for (e, r) in events {
        let quoted = quote_depth > 0;
        match e {
            Event::Start(tag) => {
                let kind = match tag {
                    Tag::Paragraph => Some(BlockKind::Paragraph),
                    Tag::Heading { .. } => Some(BlockKind::Heading),
                    Tag::Item => Some(BlockKind::ListItem),
                    Tag::TableCell => Some(BlockKind::TableCell),
                    _ => None,
                };
                match tag {
                    Tag::Image { .. } => image_depth += 1,
                    Tag::CodeBlock(_) => in_code = true,
                    Tag::BlockQuote(_) => quote_depth += 1,
                    _ => {}
                }
                if let Some(kind) = kind {
                    flush(&mut cur, &mut out);
                    cur = Some(Block::new(kind, r.start, quoted));
                } else if !is_inline(tag) {
                    flush(&mut cur, &mut out);
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                TagEnd::CodeBlock => in_code = false,
                TagEnd::BlockQuote(_) => {
                    flush(&mut cur, &mut out);
                    quote_depth = quote_depth.saturating_sub(1);
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::List(_) => flush(&mut cur, &mut out),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if image_depth == 0 && !in_code => {
                cur.get_or_insert_with(|| Block::new(BlockKind::ListItem, r.start, quoted))
                    .push(t, r.start);
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = cur.as_mut() {
                    b.push(" ", r.start);
                }
            }
            _ => {}
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Doc<'_> {
        Doc::parse(Path::new("content/a.md"), body, 5, "en")
    }

    #[test]
    fn blocks_follow_the_structure() {
        let d = doc(
            "Para one\nline two.\n\n- tight item\n- other\n  - nested\n\n> quoted words\n\n## Head\n\n![alt text](x.png)\n\n```\ncode here\n```\n",
        );
        let got: Vec<(BlockKind, bool, &str)> = d
            .blocks()
            .iter()
            .map(|b| (b.kind, b.quoted, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, false, "Para one line two."),
                (BlockKind::ListItem, false, "tight item"),
                (BlockKind::ListItem, false, "other"),
                (BlockKind::ListItem, false, "nested"),
                (BlockKind::Paragraph, true, "quoted words"),
                (BlockKind::Heading, false, "Head"),
            ]
        );
    }

    #[test]
    fn offsets_map_to_file_lines() {
        let d = doc("First.\n\nSecond *word* here.\n");
        let b = &d.blocks()[1];
        let pos = b.text.find("here").unwrap();
        assert_eq!(d.at(b.source_offset(pos)), (7, 15));
        assert_eq!(d.at(0), (5, 1));
    }

    #[test]
    fn content_is_what_a_reader_sees() {
        assert!(!doc("\n\n").has_content());
        assert!(!doc("<!-- to do:\nwrite this -->\n").has_content());
        assert!(doc("Text.\n").has_content());
        assert!(doc("<div>Text</div>\n").has_content());
        assert!(doc("![A map](m.png)\n").has_content());
    }

    #[test]
    fn html_pieces_are_parsed_and_located() {
        let d =
            doc("Text <img src=\"a.png\"> more.\n\n<div>\n<IMG alt=\"x\" src=\"b.png\">\n</div>\n");
        assert_eq!(d.html.len(), 2);
        let names: Vec<String> = d.html[1]
            .elements()
            .map(|e| e.value().name().to_string())
            .collect();
        assert!(names.contains(&"img".to_string()), "{names:?}");
        assert_eq!(d.at(d.html[1].tag_offset("img", 0)), (8, 1));
        assert_eq!(d.at(d.html[0].text_offset("a.png", 0)), (5, 16));
    }

    #[test]
    fn html_in_a_list_or_quotation_is_read_as_published() {
        // The markers are not part of the HTML: read with them, `> src=` would end the tag.
        let d =
            doc("> <div>\n> <img\n> src=\"q.png\">\n> </div>\n\n- a <img\n  src=\"l.png\"> b\n");
        assert_eq!(d.html[0].text, "<div>\n<img\nsrc=\"q.png\">\n</div>\n");
        assert_eq!(d.html[1].text, "<img\nsrc=\"l.png\">");
        let srcs: Vec<String> = d
            .html
            .iter()
            .flat_map(|p| {
                p.elements()
                    .filter_map(|e| e.value().attr("src").map(String::from))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(srcs, ["q.png", "l.png"]);
        assert_eq!(d.at(d.html[0].text_offset("q.png", 0)), (7, 8));
        assert_eq!(d.at(d.html[1].text_offset("l.png", 0)), (11, 8));
    }
}
