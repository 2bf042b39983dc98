//! Links on a publication's one-page version: every chapter is on the same page there, with
//! its ids prefixed (`ch-funding--outreach`), so links between chapters and within one become
//! links to the prefixed ids on the page.

use std::collections::HashMap;

use pulldown_cmark::Event;

use super::RenderOptions;

/// Where each chapter is on the one-page version.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
        super::links::with_dest(e, |dest| target(one, &opts.id_prefix, dest))
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

    struct Urls;
    impl super::super::LinkResolver for Urls {
        fn resolve(&self, path: &str) -> Option<String> {
            Some(format!("/p/{}/", path.trim_end_matches(".md")))
        }
    }

    #[test]
    fn the_whole_pipeline_on_the_one_page_version() {
        use super::super::{Numbering, Source, render_with};
        let body = "## Start {old=begin}\n\nSee [b](@/b.md#end), [here](#start).[^n]\n\n> **Recommendation:** Act.\n\n### Start\n\n[^n]: Note.\n";
        let src = Source {
            body,
            body_line: 1,
            display_path: std::path::Path::new("content/p/a.md"),
            content_dir: "p",
        };
        let one = OnePage {
            chapters: [("/p/a/", "ch-a"), ("/p/b/", "ch-b")]
                .into_iter()
                .map(|(u, a)| (u.to_string(), (a.to_string(), format!("{a}--"))))
                .collect(),
        };
        let numbering = Some(Numbering {
            chapter: "2".into(),
            cite: None,
        });
        let own = render_with(
            &src,
            &Urls,
            &RenderOptions {
                numbering: numbering.clone(),
                first_recommendation: 4,
                ..Default::default()
            },
        );
        let all = render_with(
            &src,
            &Urls,
            &RenderOptions {
                numbering,
                first_recommendation: 4,
                id_prefix: "ch-a--".into(),
                heading_shift: 1,
                onepage: Some(one),
                ..Default::default()
            },
        );
        // The chapter page: ids from text, numbers shown, old anchor and recommendation ids known.
        assert_eq!(
            own.heading_ids,
            ["start", "start-1", "begin", "recommendation-4"]
        );
        assert!(own.html.contains("<h2 id=\"start\"><span class=\"heading-number\">2.1</span> <span id=\"begin\"></span>Start"), "{}", own.html);
        assert!(own.html.contains("href=\"/p/b/#end\""));
        // The one-page version: every id prefixed, headings one level down, links within the page.
        assert_eq!(
            all.heading_ids,
            [
                "ch-a--start",
                "ch-a--start-1",
                "ch-a--begin",
                "ch-a--recommendation-4"
            ]
        );
        assert!(all.html.contains("<h3 id=\"ch-a--start\">"), "{}", all.html);
        assert!(all.html.contains("<h4 id=\"ch-a--start-1\">"));
        assert!(all.html.contains("href=\"#ch-b--end\""));
        assert!(all.html.contains("href=\"#ch-a--start\""));
        assert!(
            all.html.contains("id=\"ch-a--fn-1\"") && all.html.contains("href=\"#ch-a--fnref-1\"")
        );
        assert!(
            all.html
                .contains("<h3 class=\"visually-hidden\">Footnotes</h3>")
        );
        assert_eq!(
            own.numbered
                .iter()
                .map(|h| h.id.as_str())
                .collect::<Vec<_>>(),
            ["start", "start-1"]
        );
        assert_eq!(all.numbered, own.numbered);
    }
}
