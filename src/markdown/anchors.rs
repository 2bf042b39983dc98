//! Old anchors of renamed headings: `## New title {old=old-title}` keeps links to
//! `#old-title` working. The heading gets its new id from its new text, and an empty
//! `<span id="old-title"></span>` at its start, so a browser following an old link lands on it.
//! (`## New title {#old-title}` also works: it keeps the old id as the heading's only id.)

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, Tag};

use crate::diagnostic::Diagnostic;
use crate::html::escape;

/// An extra id on the page, with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The id (with the page's id prefix).
    pub id: String,
    /// 1-based line in the file (0 when unknown).
    pub line: usize,
}

/// Attribute names that list old ids: `old=a,b` (also `data-old="a"`, as some editors write it).
const KEYS: [&str; 2] = ["old", "data-old"];

/// Takes `old=…` attributes off headings and puts an empty element with each old id at the
/// start of the heading; records the ids in `found` (line numbers need `locate` later, so the
/// byte offset is kept in `line` until [`resolve_lines`]).
pub fn old_ids<'a, 'o>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'o,
    prefix: &'o str,
    found: &'o mut Vec<(String, usize)>,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'o
where
    'a: 'o,
{
    let mut pending: std::collections::VecDeque<(Event<'a>, Range<usize>)> = Default::default();
    let mut events = events;
    std::iter::from_fn(move || {
        if let Some(e) = pending.pop_front() {
            return Some(e);
        }
        let (event, range) = events.next()?;
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            return Some((event, range));
        };
        let (old, attrs): (Vec<_>, Vec<_>) = attrs
            .into_iter()
            .partition(|(k, _)| KEYS.contains(&k.as_ref()));
        let mut spans = String::new();
        for (_, value) in old {
            for one in value
                .as_deref()
                .unwrap_or("")
                .split(',')
                .map(|v| v.trim().trim_matches(['"', '\'', '#']))
                .filter(|v| !v.is_empty())
            {
                let full = format!("{prefix}{one}");
                spans.push_str(&format!("<span id=\"{}\"></span>", escape(&full)));
                found.push((full, range.start));
            }
        }
        if !spans.is_empty() {
            pending.push_back((Event::InlineHtml(CowStr::from(spans)), range.clone()));
        }
        Some((
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }),
            range,
        ))
    })
}

/// Turns the byte offsets [`old_ids`] recorded into located anchors.
pub fn resolve_lines(
    found: Vec<(String, usize)>,
    locate: &dyn Fn(usize) -> (usize, usize),
) -> Vec<Anchor> {
    found
        .into_iter()
        .map(|(id, offset)| Anchor {
            id,
            line: locate(offset).0,
        })
        .collect()
}

/// Every id on a page must be unique: an old anchor or a recommendation may not reuse the id
/// of a heading (or of each other).
pub fn check(
    old: &[Anchor],
    recommendations: &[Anchor],
    heading_ids: &[String],
    path: &Path,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: std::collections::HashSet<&str> =
        heading_ids.iter().map(String::as_str).collect();
    // (anchors, the message for one of them that is taken, the hint)
    type Rule<'r> = (&'r [Anchor], fn(&str) -> String, &'r str);
    let rules: [Rule; 2] = [
        (
            old,
            |id| format!("the old anchor `{id}` is already used by another heading on this page"),
            "remove it from `old=`: links to it already land on that heading",
        ),
        (
            recommendations,
            |id| {
                format!(
                    "the recommendation's anchor `{id}` is also the id of a heading on this page"
                )
            },
            "give that heading another id, e.g. `## Recommendation 3 {#rec-outreach}`",
        ),
    ];
    for (anchors, message, hint) in rules {
        for a in anchors {
            if !seen.insert(&a.id) {
                diags.push(Diagnostic::error(path, a.line, 1, message(&a.id)).with_hint(hint));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html};

    fn run(md: &str, prefix: &str) -> (String, Vec<(String, usize)>) {
        let mut found = Vec::new();
        let mut out = String::new();
        let events = old_ids(
            Parser::new_ext(md, super::super::options()).into_offset_iter(),
            prefix,
            &mut found,
        )
        .map(|(e, _)| e);
        html::push_html(&mut out, events);
        (out, found)
    }

    #[test]
    fn old_ids_become_empty_spans_and_leave_no_attribute() {
        let (html, found) = run("## New title {old=old-title,older}\n", "");
        assert_eq!(
            html,
            "<h2><span id=\"old-title\"></span><span id=\"older\"></span>New title</h2>\n"
        );
        assert_eq!(
            found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
            ["old-title", "older"]
        );
        let (html, _) = run("## T {#keep data-old=\"was\" .x}\n", "ch-a--");
        assert_eq!(
            html,
            "<h2 id=\"keep\" class=\"x\"><span id=\"ch-a--was\"></span>T</h2>\n"
        );
    }

    #[test]
    fn duplicates_are_errors() {
        let mut diags = Vec::new();
        let old = [Anchor {
            id: "a".into(),
            line: 3,
        }];
        let recs = [Anchor {
            id: "b".into(),
            line: 5,
        }];
        check(
            &old,
            &recs,
            &["a".into(), "b".into()],
            Path::new("content/x.md"),
            &mut diags,
        );
        assert_eq!(diags.len(), 2);
        assert_eq!(
            diags[0].to_string(),
            "content/x.md:3:1: error: the old anchor `a` is already used by another heading on this page"
        );
    }
}
