//! `haven serve` re-renders only what an edit touches. Whatever the sequence of edits, the
//! output must be byte-identical to a clean build of the same files.

mod common;

use std::path::PathBuf;

use common::{Site, snapshot};
use haven::BuildOptions;
use haven::build::Build;

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").unwrap()
}

fn opts(site: &Site, out: &str) -> BuildOptions {
    BuildOptions {
        output: Some(site.path(out)),
        now: Some(now()),
        ..BuildOptions::new(site.root())
    }
}

/// A clean build of the files as they are now must equal the live output.
#[track_caller]
fn assert_same_as_clean_build(site: &Site, step: &str) {
    let report = haven::build(&opts(site, "clean"));
    assert!(
        !report.failed(),
        "clean build failed at {step}: {:?}",
        report.diagnostics
    );
    let differ = common::differing(&site.path("live"), &site.path("clean"));
    assert!(
        differ.is_empty(),
        "after {step}, live output differs from a clean build in: {differ:?}"
    );
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

#[test]
fn every_kind_of_edit_matches_a_clean_build() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).expect("first build");
    assert_same_as_clean_build(&site, "start");

    let steps: Vec<(&str, Box<dyn Fn(&Site) -> Vec<&'static str>>)> = vec![
        (
            "a body edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/first.md",
                    "The first item.",
                    "The first item, edited.",
                );
                vec!["content/news/first.md"]
            }),
        ),
        (
            "a first-paragraph edit shown in the section list",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/second.md",
                    "The second item, newer.",
                    "A new summary.",
                );
                vec!["content/news/second.md"]
            }),
        ),
        (
            "a title edit (breadcrumbs, lists, translations)",
            Box::new(|s| {
                edit(
                    s,
                    "content/about.md",
                    "title = \"About us\"",
                    "title = \"About the team\"",
                );
                vec!["content/about.md"]
            }),
        ),
        (
            "a section title edit (children's breadcrumbs)",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/_index.md",
                    "title: News",
                    "title: Latest news",
                );
                vec!["content/news/_index.md"]
            }),
        ),
        (
            "a weight change (order)",
            Box::new(|s| {
                edit(s, "content/news/pinned.md", "weight = 1", "weight = 9");
                vec!["content/news/pinned.md"]
            }),
        ),
        (
            "a date change (order, feed, sitemap)",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/first.md",
                    "date: 2026-01-02",
                    "date: 2026-05-02",
                );
                vec!["content/news/first.md"]
            }),
        ),
        (
            "a heading rename that a link points to",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/first.md",
                    "## Details",
                    "## Details {#details}\n\n## More",
                );
                vec!["content/news/first.md"]
            }),
        ),
        (
            "a translation edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/about.es.md",
                    "Quiénes somos",
                    "Quiénes somos hoy",
                );
                vec!["content/about.es.md"]
            }),
        ),
        (
            "a new page",
            Box::new(|s| {
                s.write(
                    "content/news/third.md",
                    "+++\ntitle = \"Third\"\ndate = 2026-06-01\n+++\nNew.\n",
                );
                vec!["content/news/third.md"]
            }),
        ),
        (
            "a deleted page",
            Box::new(|s| {
                std::fs::remove_file(s.path("content/news/third.md")).unwrap();
                vec!["content/news/third.md"]
            }),
        ),
        (
            "a slug change",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/second.md",
                    "title = \"Second item\"",
                    "title = \"Second item\"\nslug = \"number-two\"",
                );
                vec!["content/news/second.md"]
            }),
        ),
        (
            "a page template edit",
            Box::new(|s| {
                edit(
                    s,
                    "themes/plain/templates/page.html",
                    "<h1>{{ page.title }}</h1>",
                    "<h1 class=\"t\">{{ page.title }}</h1>",
                );
                vec!["themes/plain/templates/page.html"]
            }),
        ),
        (
            "a base template edit (inherited by all)",
            Box::new(|s| {
                edit(
                    s,
                    "themes/plain/templates/base.html",
                    "<footer>",
                    "<footer class=\"f\">",
                );
                vec!["themes/plain/templates/base.html"]
            }),
        ),
        (
            "a CSS edit (hashed name changes everywhere)",
            Box::new(|s| {
                edit(s, "themes/plain/static/css/site.css", "sans-serif", "serif");
                vec!["themes/plain/static/css/site.css"]
            }),
        ),
        (
            "a content asset edit",
            Box::new(|s| {
                s.write("content/guide/attachment.txt", "Changed.\n");
                vec!["content/guide/attachment.txt"]
            }),
        ),
        (
            "a config edit",
            Box::new(|s| {
                edit(
                    s,
                    "config.toml",
                    "motto = \"Plain words.\"",
                    "motto = \"Short words.\"",
                );
                vec!["config.toml"]
            }),
        ),
        (
            "a draft flag",
            Box::new(|s| {
                edit(s, "content/news/draft.md", "draft = true", "draft = false");
                vec!["content/news/draft.md"]
            }),
        ),
        (
            "an alias",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/first.md",
                    "title: First item",
                    "title: First item\naliases: [\"/first/\"]",
                );
                vec!["content/news/first.md"]
            }),
        ),
    ];
    for (name, step) in &steps {
        let changed: Vec<PathBuf> = step(&site).into_iter().map(|p| site.path(p)).collect();
        let update = live.update(&changed);
        assert!(update.errors.is_empty(), "{name}: {:?}", update.errors);
        assert_same_as_clean_build(&site, name);
    }
}

#[test]
fn a_body_edit_rewrites_only_that_page() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    edit(
        &site,
        "content/news/first.md",
        "The first item.",
        "The first item, with more words.",
    );
    let update = live.update(&[site.path("content/news/first.md")]);
    assert!(!update.full);
    assert_eq!(update.changed_urls, ["/news/first/"]);
    // The page, and the feed that carries its text.
    assert_eq!(update.written, 2, "{update:?}");
}

#[test]
fn a_broken_edit_keeps_the_last_good_output_until_fixed() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    let before = snapshot(&site.path("live"));
    site.write(
        "content/news/first.md",
        "+++\ntitle = \"First\"\n+++\n\n## Details\n\nSee [gone](@/gone.md).\n",
    );
    let update = live.update(&[site.path("content/news/first.md")]);
    assert_eq!(update.errors.len(), 1);
    assert_eq!(
        update.errors[0].to_string(),
        "content/news/first.md:7:5: error: the link to `@/gone.md` goes to a page that does not exist (no file content/gone.md)"
    );
    // An unrelated edit while broken is held back too: nothing is written.
    edit(&site, "content/news/second.md", "newer", "newest");
    let update = live.update(&[site.path("content/news/second.md")]);
    assert_eq!(update.errors.len(), 1);
    assert_eq!(snapshot(&site.path("live")), before);
    // Front matter that does not parse is reported the same way.
    site.write("content/about.md", "+++\ntitle = \n+++\n");
    let update = live.update(&[site.path("content/about.md")]);
    assert_eq!(update.errors.len(), 2, "{:?}", update.errors);
    // Fixing both writes everything held back, and matches a clean build.
    site.write(
        "content/news/first.md",
        "+++\ntitle = \"First\"\n+++\n\n## Details\n\nFixed.\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About us\"\n+++\n\nBack.\n",
    );
    let update = live.update(&[
        site.path("content/news/first.md"),
        site.path("content/about.md"),
    ]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    assert_same_as_clean_build(&site, "fix");
}

#[test]
fn a_broken_template_is_reported_and_recovered() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    let before = snapshot(&site.path("live"));
    edit(
        &site,
        "themes/plain/templates/page.html",
        "{{ page.title }}</h1>",
        "{{ page.title </h1>",
    );
    let update = live.update(&[site.path("themes/plain/templates/page.html")]);
    assert!(
        update.errors[0]
            .to_string()
            .starts_with("themes/plain/templates/page.html:"),
        "{:?}",
        update.errors
    );
    assert_eq!(snapshot(&site.path("live")), before);
    edit(
        &site,
        "themes/plain/templates/page.html",
        "{{ page.title </h1>",
        "{{ page.title }}!</h1>",
    );
    let update = live.update(&[site.path("themes/plain/templates/page.html")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    assert_same_as_clean_build(&site, "template fix");
}

#[test]
fn temporary_editor_files_are_ignored() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    let update = live.update(&[
        site.path("content/news/.first.md.swp"),
        site.path("content/news/first.md~"),
        site.path("content/sedX1y2z3"),
    ]);
    assert!(!update.full, "{update:?}");
    assert_eq!(update.written, 0);
}

/// Random edits (fixed seed) to bodies, titles, weights and dates of random files, comparing
/// with a clean build every few steps.
#[test]
fn random_edit_sequences_match_a_clean_build() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    let files = [
        "content/_index.md",
        "content/about.md",
        "content/about.es.md",
        "content/news/_index.md",
        "content/news/first.md",
        "content/news/second.md",
        "content/news/pinned.md",
        "content/guide/index.md",
    ];
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    for step in 0..40 {
        let rel = files[next(files.len())];
        let text = site.read(rel);
        let word = ["alpha", "beta", "gamma", "delta"][next(4)];
        let new = match next(4) {
            0 => format!("{text}\nA new paragraph about {word}.\n"),
            1 => {
                text.lines()
                    .map(|l| {
                        if l.starts_with("title") {
                            let sep = if l.contains('=') { " = " } else { ": " };
                            format!("title{sep}\"Title {word}\"")
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            }
            // A paragraph of its own: joined to a heading line, it would unmake the heading.
            2 => text.replacen("\n\n", &format!("\n\n{word} first.\n\n"), 1),
            _ => {
                text.lines()
                    .map(|l| {
                        if l.starts_with("weight") {
                            format!("weight = {}", next(5))
                        } else {
                            l.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    + "\n"
            }
        };
        site.write(rel, new);
        let update = live.update(&[site.path(rel)]);
        assert!(
            update.errors.is_empty(),
            "step {step} ({rel}): {:?}",
            update.errors
        );
        if step % 5 == 4 {
            assert_same_as_clean_build(&site, &format!("random step {step}"));
        }
    }
}
