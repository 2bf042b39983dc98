//! Internal links: `@/section/page.md` and relative `.md` paths become page URLs; a link to a
//! file that does not exist is an error at its line. `#fragment`s are checked later, once every
//! page's heading ids are known.

use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{CowStr, Event, Tag};

use super::Source;
use crate::diagnostic::Diagnostic;

/// Looks up the URL of a file in `content/` (path relative to it, e.g. `sessions/_index.md`).
pub trait LinkResolver {
    /// The page's URL, or `None` when there is no such page.
    fn resolve(&self, content_path: &str) -> Option<String>;
}

/// A link with a `#fragment`, to check against the target's heading ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    /// The target file relative to `content/`; `None` for a link within the same page.
    pub target: Option<String>,
    /// The id after `#`.
    pub fragment: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// A link or image to an address on the site itself that is not a content file (`/nope/`,
/// `/files/plan.pdf`, `![…](map.png)`), to check against the files the build writes once
/// they are all known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    /// As written: root-relative (`/files/plan.pdf`) or relative to the page (`map.png`).
    pub dest: String,
    /// An image (`![…](…)`), not a link.
    pub image: bool,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
}

/// Whether `dest` is an address on the site that Haven does not resolve itself: not a
/// content file (`@/…`, `….md`), not another site or scheme (`https:`, `mailto:`, `//host`),
/// not a fragment of the same page.
fn is_site_address(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    !path.is_empty()
        && !dest.starts_with("//")
        && !dest.starts_with("@/")
        && !path.ends_with(".md")
        && !path
            .split('/')
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// Every link and image of `events` that goes to an address on the site, with its position.
pub fn site_links<'a>(
    events: &[(Event<'a>, Range<usize>)],
    locate: &dyn Fn(usize) -> (usize, usize),
) -> Vec<SiteLink> {
    events
        .iter()
        .filter_map(|(e, range)| {
            let (dest, image) = match e {
                Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
                Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
                _ => return None,
            };
            is_site_address(dest).then(|| {
                let (line, col) = locate(range.start);
                SiteLink {
                    dest: dest.to_string(),
                    image,
                    line,
                    col,
                }
            })
        })
        .collect()
}

/// Rewrites internal link destinations in an event stream with source offsets.
pub fn rewrite<'a, 'r>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'r,
    src: &'r Source<'r>,
    resolver: &'r dyn LinkResolver,
    locate: &'r dyn Fn(usize) -> (usize, usize),
    fragments: &'r mut Vec<FragmentLink>,
    diags: &'r mut Vec<Diagnostic>,
) -> impl Iterator<Item = Event<'a>> + 'r {
    events.map(move |(event, range)| {
        with_dest(event, |dest| {
            rewrite_one(dest, src, resolver, locate(range.start), fragments, diags)
        })
    })
}

/// `event` with a link's destination replaced by what `new` makes of it (`None`: left as
/// it is); any other event as it is.
pub(super) fn with_dest<'a>(
    event: Event<'a>,
    new: impl FnOnce(&str) -> Option<String>,
) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let dest_url = new(&dest_url).map(CowStr::from).unwrap_or(dest_url);
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        e => e,
    }
}

fn rewrite_one(
    dest: &str,
    src: &Source<'_>,
    resolver: &dyn LinkResolver,
    (line, col): (usize, usize),
    fragments: &mut Vec<FragmentLink>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(fragment) = dest.strip_prefix('#') {
        fragments.push(FragmentLink {
            target: None,
            fragment: fragment.to_string(),
            line,
            col,
        });
        return None;
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let content_path = if let Some(p) = path.strip_prefix("@/") {
        p.to_string()
    } else if is_relative_md(path) {
        join_relative(src.content_dir, path)?
    } else {
        return None;
    };
    match resolver.resolve(&content_path) {
        Some(url) => {
            if let Some(f) = fragment {
                fragments.push(FragmentLink {
                    target: Some(content_path),
                    fragment: f.to_string(),
                    line,
                    col,
                });
                Some(format!("{url}#{f}"))
            } else {
                Some(url)
            }
        }
        None => {
            diags.push(
                Diagnostic::error(src.display_path, line, col, format!("the link to `{dest}` goes to a page that does not exist (no file content/{content_path})"))
                    .with_hint("check the spelling of the file name; internal links look like @/about.md or @/sessions/_index.md"),
            );
            None
        }
    }
}

fn is_relative_md(path: &str) -> bool {
    !path.contains(':') && !path.starts_with('/') && path.ends_with(".md")
}

/// Joins a relative link onto the folder of the linking file, folding `.` and `..`.
fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let joined: PathBuf = parts.iter().collect();
    Some(joined.to_string_lossy().replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_addresses() {
        for yes in [
            "/nope/",
            "/files/plan.pdf",
            "map.png",
            "../x/",
            "/a/?q=1#top",
        ] {
            assert!(is_site_address(yes), "{yes}");
        }
        for no in [
            "https://x.org/",
            "mailto:a@b.org",
            "tel:911",
            "//cdn.x/a.js",
            "@/about.md",
            "../about.md",
            "#top",
        ] {
            assert!(!is_site_address(no), "{no}");
        }
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            join_relative("news", "../about.md").as_deref(),
            Some("about.md")
        );
        assert_eq!(
            join_relative("", "sessions/x.md").as_deref(),
            Some("sessions/x.md")
        );
        assert_eq!(join_relative("", "../x.md"), None);
    }
}
