//! `haven serve` re-renders only what an edit touches. Whatever the sequence of edits, the
//! output must be byte-identical to a clean build of the same files.

mod common;

use std::collections::BTreeMap;
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

/// Edits a site and says which files it changed.
type Edit = dyn Fn(&Site) -> Vec<&'static str>;

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

    let steps: Vec<(&str, Box<Edit>)> = vec![
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

/// The basic fixture with every page in Spanish too (and the menu's names), so that it builds
/// without a warning, as `--strict` asks.
fn bilingual() -> Site {
    let site = Site::fixture("basic");
    edit(
        &site,
        "config.toml",
        "name = \"News\"",
        "name = \"News\"\nnames = { es = \"Noticias\" }",
    );
    edit(
        &site,
        "config.toml",
        "name = \"About\"",
        "name = \"About\"\nnames = { es = \"Quiénes somos\" }",
    );
    let pages = [
        (
            "content/_index.es.md",
            "+++\ntitle = \"Bienvenida\"\n+++\n\nLea [quiénes somos](@/about.md).\n",
        ),
        (
            "content/news/_index.es.md",
            "+++\ntitle = \"Noticias\"\nfeed = true\n+++\n\nLo último primero.\n",
        ),
        (
            "content/news/first.es.md",
            "---\ntitle: Primera noticia\ndate: 2026-01-02\n---\n\n## Detalles\n\nLa primera noticia. Vea [la guía](@/guide/index.md).\n",
        ),
        (
            "content/news/second.es.md",
            "+++\ntitle = \"Segunda noticia\"\ndate = \"2026-03-01T18:30\"\n+++\n\nLa segunda, más nueva.\n",
        ),
        (
            "content/news/pinned.es.md",
            "+++\ntitle = \"Noticia fija\"\ndate = \"2025-12-01\"\nweight = 1\n+++\n\nSiempre arriba.\n",
        ),
        (
            "content/guide/index.es.md",
            "+++\ntitle = \"Guía\"\n+++\n\nUna guía breve.\n",
        ),
    ];
    for (rel, text) in pages {
        site.write(rel, text);
    }
    // A link to a file in static/, which the random edits take away and bring back.
    edit(
        &site,
        "content/about.md",
        "+++\n\n",
        "+++\n\nThe [notes](/notes.txt) are there too.\n\n",
    );
    site
}

/// A small random number generator (fixed seed), so that a failing sequence can be replayed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Lines of `text` with those starting with `key` replaced by `with(line)`.
fn replace_lines(text: &str, key: &str, with: impl Fn(&str) -> String) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with(key) {
                with(l)
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Random edits (fixed seed) of every kind a session brings: bodies, titles, weights, first
/// paragraphs, draft flags, static files (the site's and the theme's hashed CSS), text that
/// raises a warning (which `--strict` turns into an error), a fact to verify, and a static file
/// a page links to taken away and brought back (the link is then an error), in both
/// languages. After each edit the live output must equal a clean build of the same files; when
/// a clean build would fail, the update must hold back and leave the output as it was.
fn random_edits(seed: u64, steps: usize, drafts: bool, strict: bool) {
    let site = bilingual();
    let opts = |out: &str| BuildOptions {
        drafts,
        strict,
        ..opts(&site, out)
    };
    let mut live = Build::start(opts("live")).expect("first build");
    let files = [
        "content/_index.md",
        "content/about.md",
        "content/about.es.md",
        "content/news/_index.md",
        "content/news/_index.es.md",
        "content/news/first.md",
        "content/news/first.es.md",
        "content/news/second.md",
        "content/news/second.es.md",
        "content/news/pinned.md",
        "content/news/pinned.es.md",
        "content/news/draft.md",
        "content/guide/index.md",
        "content/guide/index.es.md",
        "content/_index.es.md",
    ];
    let mut dice = Dice(seed);
    let mut held = 0;
    // The linked static file's bytes while it is taken away.
    let mut taken: Option<Vec<u8>> = None;
    for step in 0..steps {
        let word = ["alpha", "beta", "gamma", "delta"][dice.roll(4)];
        let mut rel = files[dice.roll(files.len())];
        let text = site.read(rel);
        let linked = "static/notes.txt";
        if taken.is_some() || step % 10 == 7 {
            // The file a page links to: away for one step (a broken link, so the update holds
            // back), then back. On steps of their own, so the dice roll as before.
            rel = linked;
            let before = snapshot(&site.path("live"));
            match std::fs::read(site.path(linked)) {
                Ok(bytes) => {
                    taken = Some(bytes);
                    std::fs::remove_file(site.path(linked)).unwrap();
                }
                Err(_) => site.write(linked, taken.take().expect("a file taken away")),
            }
            let update = live.update(&[site.path(rel)]);
            held += check_step(
                &site,
                &opts,
                &live,
                &update,
                before,
                strict,
                &format!("step {step} ({rel}, seed {seed:#x})"),
            );
            continue;
        }
        let new = match dice.roll(9) {
            0 => format!("{text}\nA new paragraph about {word}.\n"),
            1 => replace_lines(&text, "title", |l| {
                let sep = if l.contains('=') { " = " } else { ": " };
                format!("title{sep}\"Title {word}\"")
            }),
            // A paragraph of its own: joined to a heading line, it would unmake the heading.
            2 => text.replacen("\n\n", &format!("\n\n{word} first.\n\n"), 1),
            3 => replace_lines(&text, "weight", |_| format!("weight = {}", dice.0 % 5)),
            4 => {
                rel = ["content/news/draft.md", "content/news/first.es.md"][dice.roll(2)];
                let text = site.read(rel);
                if text.contains("draft = true") {
                    text.replace("draft = true", "draft = false")
                } else if text.contains("draft: true") {
                    text.replace("draft: true", "draft: false")
                } else if text.contains("draft = false") {
                    text.replace("draft = false", "draft = true")
                } else if text.contains("draft: false") {
                    text.replace("draft: false", "draft: true")
                } else if text.starts_with("---") {
                    text.replacen("---\n", "---\ndraft: true\n", 1)
                } else {
                    text.replacen("+++\n", "+++\ndraft = true\n", 1)
                }
            }
            5 => {
                rel = ["static/notes.txt", "themes/plain/static/css/site.css"][dice.roll(2)];
                if taken.is_some() {
                    // The notes are away: edit the CSS.
                    rel = "themes/plain/static/css/site.css";
                }
                format!("{}\n/* {word} */\n", site.read(rel))
            }
            // Many words in capitals: a plain-language warning (checked with --strict).
            6 if text.contains("PLEASE READ") => {
                text.replace("\nPLEASE READ THIS VERY IMPORTANT NOTICE TODAY.\n", "")
            }
            6 => format!("{text}\nPLEASE READ THIS VERY IMPORTANT NOTICE TODAY.\n"),
            // A fact to verify: a warning in every build.
            7 if text.contains("verify") => replace_lines(&text, "verify", |_| String::new()),
            7 if text.starts_with("---") => {
                text.replacen("---\n", "---\nverify: [\"A fact.\"]\n", 1)
            }
            7 => text.replacen("+++\n", "+++\nverify = [\"A fact.\"]\n", 1),
            _ => text.replacen("a ", "one ", 1),
        };
        let before = snapshot(&site.path("live"));
        site.write(rel, new);
        let update = live.update(&[site.path(rel)]);
        held += check_step(
            &site,
            &opts,
            &live,
            &update,
            before,
            strict,
            &format!("step {step} ({rel}, seed {seed:#x})"),
        );
    }
    // With --strict, some edits raised warnings and were held back, and others got through.
    assert!(
        !strict || (held > 0 && held < steps),
        "{held} of {steps} steps held back"
    );
}

/// After one random edit: when a clean build of the files fails, the update held back and the
/// live output is as `before`; else the live output is the clean build's. Either way, both
/// report the same problems (a clean build renders and writes each page in one pass, `serve`
/// stage by stage). 1 when held back.
fn check_step(
    site: &Site,
    opts: &dyn Fn(&str) -> BuildOptions,
    live: &Build,
    update: &haven::build::Update,
    before: BTreeMap<PathBuf, Vec<u8>>,
    strict: bool,
    what: &str,
) -> usize {
    let clean = haven::build(&opts("clean"));
    let mut found = clean.diagnostics.clone();
    found.dedup();
    assert_eq!(found, live.diagnostics(), "{what}: the problems differ");
    let fails = clean.failed() || (strict && !clean.diagnostics.is_empty());
    if fails {
        assert!(
            !update.errors.is_empty(),
            "{what}: a clean build fails, but the update wrote: {:?}",
            clean.diagnostics
        );
        assert_eq!(
            snapshot(&site.path("live")),
            before,
            "{what}: the live output changed while a clean build fails"
        );
        1
    } else {
        assert!(update.errors.is_empty(), "{what}: {:?}", update.errors);
        let differ = common::differing(&site.path("live"), &site.path("clean"));
        assert!(
            differ.is_empty(),
            "after {what}, live output differs from a clean build in: {differ:?}"
        );
        0
    }
}

#[test]
fn random_edit_sequences_match_a_clean_build() {
    random_edits(0x5eed, 60, false, false);
}

#[test]
fn random_edit_sequences_with_drafts_match_a_clean_build() {
    random_edits(0xd4af7, 60, true, false);
}

#[test]
fn random_edit_sequences_in_strict_mode_match_a_clean_build() {
    random_edits(0x57c1c7, 60, false, true);
}

/// `--strict`: a warning holds the live output back as it fails a build, and once fixed
/// everything held back is written.
#[test]
fn strict_mode_holds_the_output_back_on_warnings() {
    let site = bilingual();
    let strict = |out: &str| BuildOptions {
        strict: true,
        ..opts(&site, out)
    };
    let mut live = Build::start(strict("live")).expect("first build");
    let before = snapshot(&site.path("live"));
    edit(
        &site,
        "content/news/first.md",
        "title: First item",
        "title: First item\nverify: [\"The date of the first item.\"]",
    );
    let update = live.update(&[site.path("content/news/first.md")]);
    let shown: Vec<String> = update.errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        ["content/news/first.md:3:1: warning: fact to verify: The date of the first item."]
    );
    // An edit elsewhere is held back too.
    edit(
        &site,
        "content/about.md",
        "A short one.",
        "A short one, told.",
    );
    let update = live.update(&[site.path("content/about.md")]);
    assert_eq!(update.errors.len(), 1, "{:?}", update.errors);
    assert_eq!(snapshot(&site.path("live")), before);
    // Without --strict the same site builds.
    let report = haven::build(&opts(&site, "lenient"));
    assert!(!report.failed());
    edit(
        &site,
        "content/news/first.md",
        "\nverify: [\"The date of the first item.\"]",
        "",
    );
    let update = live.update(&[site.path("content/news/first.md")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    assert_ne!(snapshot(&site.path("live")), before);
    let report = haven::build(&strict("clean"));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let differ = common::differing(&site.path("live"), &site.path("clean"));
    assert!(differ.is_empty(), "{differ:?}");
}

/// A CSS edit while a page is broken: its new (hashed) file is copied once the page is fixed.
#[test]
fn a_static_file_edited_while_broken_is_copied_once_fixed() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    edit(
        &site,
        "content/news/first.md",
        "Back to [about]",
        "Back to [gone](@/gone.md) [about]",
    );
    let update = live.update(&[site.path("content/news/first.md")]);
    assert_eq!(update.errors.len(), 1, "{:?}", update.errors);
    edit(
        &site,
        "themes/plain/static/css/site.css",
        "sans-serif",
        "serif",
    );
    let update = live.update(&[site.path("themes/plain/static/css/site.css")]);
    assert_eq!(update.errors.len(), 1, "{:?}", update.errors);
    edit(
        &site,
        "static/notes.txt",
        "as they are",
        "as they are, always",
    );
    live.update(&[site.path("static/notes.txt")]);
    edit(&site, "content/news/first.md", "[gone](@/gone.md) ", "");
    let update = live.update(&[site.path("content/news/first.md")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    assert_same_as_clean_build(&site, "the fix");
}

/// A template that fails on one page only: the error names that page, the page is owed until
/// it renders, and the fix writes it.
#[test]
fn a_template_failing_on_one_page_is_reported_for_that_page() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).unwrap();
    edit(
        &site,
        "themes/plain/templates/page.html",
        "<h1>{{ page.title }}</h1>",
        "<h1>{{ page.title }}</h1>{% if page.extra.boom %}{{ page.no_such.field }}{% endif %}",
    );
    let update = live.update(&[site.path("themes/plain/templates/page.html")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    edit(
        &site,
        "content/news/second.md",
        "title = \"Second item\"",
        "title = \"Second item\"\n[extra]\nboom = true",
    );
    let update = live.update(&[site.path("content/news/second.md")]);
    let shown: Vec<String> = update.errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        shown,
        [
            "themes/plain/templates/page.html:4:58: error: template error: Field `no_such` is not defined. Available fields: content, date, description, draft, extra, lang, path, permalink, reading_time, slug, summary, title, toc, updated, url, weight, word_count (while rendering content/news/second.md)"
        ]
    );
    edit(
        &site,
        "content/news/second.md",
        "\n[extra]\nboom = true",
        "",
    );
    let update = live.update(&[site.path("content/news/second.md")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    assert_same_as_clean_build(&site, "the fix");
}
