//! Heading ids and the table of contents: every heading gets a stable, unique id (from its
//! text, or `{#id}` when staff set one) and a self link that shows on focus.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use crate::html::escape;

/// One heading in a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's id.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<TocEntry>,
}

/// The ids used so far on one page.
#[derive(Debug, Default)]
pub struct Ids {
    seen: HashSet<String>,
    /// For each id asked for more than once, the number to try next (`a-3` after `a-2`), so
    /// that 20,000 headings with the same text cost 20,000 steps, not 200 million.
    next: HashMap<String, usize>,
    order: Vec<String>,
}

impl Ids {
    /// Makes `wanted` unique on the page by adding `-1`, `-2`, … and records it.
    pub fn claim(&mut self, wanted: &str) -> String {
        // Themes keep `main` and ids starting with `h-` for themselves (docs/theme-contract.md),
        // so a heading never collides with the page's own landmarks.
        let base = match wanted {
            "" => "section".to_string(),
            w if w == "main" || w.starts_with("h-") => format!("{w}-section"),
            w => w.to_string(),
        };
        let id = if self.seen.contains(&base) {
            let mut n = self.next.get(&base).copied().unwrap_or(1);
            let mut id = format!("{base}-{n}");
            while self.seen.contains(&id) {
                n += 1;
                id = format!("{base}-{n}");
            }
            self.next.insert(base, n + 1);
            id
        } else {
            base
        };
        self.seen.insert(id.clone());
        self.order.push(id.clone());
        id
    }

    /// The ids in page order.
    pub fn into_vec(self) -> Vec<String> {
        self.order
    }
}

/// Wraps an event stream so that headings come out with ids and self links; fills `toc`
/// with a flat list (see [`nest`]).
pub fn add_ids<'a: 'i, 'i, I>(
    inner: I,
    ids: &'i mut Ids,
    toc: &'i mut Vec<TocEntry>,
) -> impl Iterator<Item = Event<'a>> + 'i
where
    I: Iterator<Item = Event<'a>> + 'i,
{
    HeadingIds {
        inner,
        ids,
        toc,
        pending: std::collections::VecDeque::new(),
    }
}

struct HeadingIds<'i, 'a, I> {
    inner: I,
    ids: &'i mut Ids,
    toc: &'i mut Vec<TocEntry>,
    pending: std::collections::VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for HeadingIds<'_, 'a, I> {
    type Item = Event<'a>;
    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        match self.inner.next()? {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let (inner, text, wanted) = read_heading(&mut self.inner, id.as_deref());
                let id = self.ids.claim(&wanted);
                let n = heading_number(level);
                self.toc.push(TocEntry {
                    level: n,
                    id: id.clone(),
                    title: text.trim().to_string(),
                    children: Vec::new(),
                });
                // Written piece by piece: `format!` for each of a large site's headings showed
                // in profiles.
                let id_html = escape(&id);
                let digit = char::from(b'0' + n);
                let mut open = String::with_capacity(16 + id_html.len());
                open.push_str("<h");
                open.push(digit);
                open.push_str(" id=\"");
                open.push_str(&id_html);
                open.push('"');
                if !classes.is_empty() {
                    let cls: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    open.push_str(&format!(" class=\"{}\"", escape(&cls.join(" "))));
                }
                for (k, v) in &attrs {
                    open.push_str(&format!(
                        " {}=\"{}\"",
                        escape(k),
                        escape(v.as_deref().unwrap_or(""))
                    ));
                }
                open.push('>');
                self.pending.extend(inner);
                let mut close = String::with_capacity(96 + id_html.len());
                close.push_str(" <a class=\"heading-link\" href=\"#");
                close.push_str(&id_html);
                close.push_str("\" aria-label=\"Link to this section\">#</a></h");
                close.push(digit);
                close.push_str(">\n");
                self.pending
                    .push_back(Event::InlineHtml(CowStr::from(close)));
                Some(Event::InlineHtml(CowStr::from(open)))
            }
            e => Some(e),
        }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Reads a heading's events up to its end (which is dropped): returns them, its text, and the
/// id it asks for (`{#id}`, else its text's slug; [`Ids::claim`] makes it unique).
pub(super) fn read_heading<'a>(
    events: &mut impl Iterator<Item = Event<'a>>,
    id: Option<&str>,
) -> (Vec<Event<'a>>, String, String) {
    let mut inner = Vec::new();
    let mut text = String::new();
    for e in events.by_ref() {
        match &e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
        inner.push(e);
    }
    let wanted = id
        .map(str::to_string)
        .unwrap_or_else(|| crate::site::slugify(&text));
    (inner, text, wanted)
}

/// Turns a flat list of headings into a tree: each heading holds the deeper ones after it.
pub fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for entry in flat {
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toc(level: u8, id: &str) -> TocEntry {
        TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        }
    }

    #[test]
    fn unique_ids() {
        let mut ids = Ids::default();
        assert_eq!(ids.claim("a"), "a");
        assert_eq!(ids.claim("a"), "a-1");
        assert_eq!(ids.claim("a"), "a-2");
        assert_eq!(ids.claim(""), "section");
        assert_eq!(ids.claim("main"), "main-section");
        assert_eq!(ids.claim("h-toc"), "h-toc-section");
        // A heading whose text is itself a numbered id is skipped over.
        assert_eq!(ids.claim("b-1"), "b-1");
        assert_eq!(ids.claim("b"), "b");
        assert_eq!(ids.claim("b"), "b-2");
        assert_eq!(ids.claim("b"), "b-3");
        assert_eq!(ids.claim("a-3"), "a-3");
        assert_eq!(ids.claim("a"), "a-4");
    }

    #[test]
    fn nests() {
        let t = nest(vec![toc(2, "a"), toc(3, "b"), toc(2, "c")]);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].id, "b");
    }
}
