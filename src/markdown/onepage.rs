//! Links on a publication's one-page version: every chapter is on the same page there, with
//! its ids prefixed (`ch-funding--outreach`), so links between chapters and within one become
//! links to the prefixed ids on the page.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag};

use super::RenderOptions;

/// Where each chapter is on the one-page version.
#[derive(Debug, Clone, Default)]
pub struct OnePage {
    /// Chapter page URL (`/blueprint/funding/`) → (id of the chapter's start on the one page,
    /// prefix of the chapter's ids there).
    pub chapters: HashMap<String, (String, String)>,
}

/// Wraps the stream; does nothing unless `opts.onepage` is set.
pub fn rewrite<'a, 'o>(
    events: impl Iterator<Item = Event<'a>> + 'o,
    opts: &'o RenderOptions,
) -> impl Iterator<Item = Event<'a>> + 'o
where
    'a: 'o,
{
    events.map(move |e| {
        let Some(one) = &opts.onepage else { return e };
        match e {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = target(one, &opts.id_prefix, &dest_url)
                    .map(CowStr::from)
                    .unwrap_or(dest_url);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            e => e,
        }
    })
}

/// The new destination of a link, or `None` to leave it.
fn target(one: &OnePage, prefix: &str, dest: &str) -> Option<String> {
    if let Some(fragment) = dest.strip_prefix('#') {
        return Some(format!("#{prefix}{fragment}"));
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let (anchor, chapter_prefix) = one.chapters.get(path)?;
    Some(match fragment {
        Some(f) if !f.is_empty() => format!("#{chapter_prefix}{f}"),
        _ => format!("#{anchor}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_chapters_become_fragments() {
        let one = OnePage {
            chapters: [(
                "/p/b/".to_string(),
                ("ch-b".to_string(), "ch-b--".to_string()),
            )]
            .into_iter()
            .collect(),
        };
        assert_eq!(target(&one, "ch-a--", "#x").as_deref(), Some("#ch-a--x"));
        assert_eq!(
            target(&one, "ch-a--", "/p/b/#y").as_deref(),
            Some("#ch-b--y")
        );
        assert_eq!(target(&one, "ch-a--", "/p/b/").as_deref(), Some("#ch-b"));
        assert_eq!(target(&one, "ch-a--", "/elsewhere/#y"), None);
        assert_eq!(target(&one, "ch-a--", "https://example.org/"), None);
    }
}
