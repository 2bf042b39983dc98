//! Atom feeds for sections with `feed = true`.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};

/// One item of a feed.
#[derive(Debug, Clone)]
pub struct Item {
    /// Title.
    pub title: String,
    /// Full address.
    pub permalink: String,
    /// Publication time.
    pub published: FixedDateTime,
    /// Last change (defaults to published).
    pub updated: FixedDateTime,
    /// Summary text.
    pub summary: String,
    /// The page's HTML.
    pub html: String,
}

/// The feed XML. `items` are newest first; `updated` is the newest item's time (or the build
/// time when there are none) so that the feed is identical across builds of the same content.
pub fn xml(
    title: &str,
    feed_url: &str,
    page_url: &str,
    lang: &str,
    items: &[Item],
    fallback_updated: FixedDateTime,
) -> String {
    let updated = items
        .iter()
        .map(|i| i.updated)
        .max()
        .unwrap_or(fallback_updated);
    let entries: Vec<Entry> = items
        .iter()
        .map(|i| Entry {
            title: Text::plain(i.title.clone()),
            id: i.permalink.clone(),
            updated: i.updated,
            published: Some(i.published),
            links: vec![Link {
                href: i.permalink.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }],
            summary: (!i.summary.is_empty()).then(|| Text::plain(i.summary.clone())),
            content: Some(Content {
                value: Some(i.html.clone()),
                content_type: Some("html".into()),
                ..Default::default()
            }),
            ..Default::default()
        })
        .collect();
    let feed = Feed {
        title: Text::plain(title.to_string()),
        id: feed_url.to_string(),
        updated,
        lang: Some(lang.to_string()),
        links: vec![
            Link {
                href: feed_url.to_string(),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            Link {
                href: page_url.to_string(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        entries,
        ..Default::default()
    };
    let mut out = feed.to_string();
    out.push('\n');
    out
}
