//! Publications: the long fixture (8 chapters, ~30,000 words) built with the real binary.

mod common;
#[path = "publication/generator.rs"]
mod generator;

use std::collections::HashSet;
use std::path::Path;

use scraper::{Html, Selector};

use common::{Site, attrs, texts};

const FIXTURE: &str = "publication-long";

#[test]
fn fixture_matches_its_generator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(FIXTURE);
    let regenerate = std::env::var_os("HAVEN_REGENERATE").is_some();
    let files = generator::files();
    let words: usize = files
        .iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(_, t)| t.split_whitespace().count())
        .sum();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    assert!(
        (28_000..34_000).contains(&words),
        "the fixture should have about 30,000 words, has {words}"
    );
    assert!(
        bytes < 300_000,
        "the fixture should stay under 300 KB, is {bytes} bytes"
    );
    for (rel, text) in &files {
        let path = dir.join(rel);
        if regenerate {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == *text,
            "{rel} differs from the generator; run HAVEN_REGENERATE=1 cargo test --test publication"
        );
    }
}

/// The long fixture with the real theme, built.
fn long() -> Site {
    let site = unbuilt();
    site.haven(&["build"]).ok();
    site
}

fn unbuilt() -> Site {
    let site = Site::fixture(FIXTURE);
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

const CHAPTERS: [(&str, &str); 8] = [
    ("introduction", "Introduction and method"),
    ("residents", "What residents told us"),
    ("cities", "What other cities have done"),
    ("outreach", "Street outreach"),
    ("victims", "Support for victims and families"),
    ("youth", "Young people"),
    ("data", "Data and accountability"),
    ("practice", "Putting the plan into practice"),
];

fn chapter(site: &Site, slug: &str) -> Html {
    site.html(&format!("public/report/{slug}/index.html"))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Every id on the page, in order.
fn all_ids(doc: &Html) -> Vec<String> {
    doc.select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id").map(String::from))
        .collect()
}

fn duplicates(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .filter(|i| !seen.insert(i.as_str()))
        .cloned()
        .collect()
}

/// Heading ids of a chapter's body (h2…h6 in `.content`), in order.
fn heading_ids(doc: &Html) -> Vec<String> {
    attrs(
        doc,
        ".content h2[id], .content h3[id], .content h4[id], .content h5[id], .content h6[id]",
        "id",
    )
    .into_iter()
    .filter(|i| !i.is_empty())
    .collect()
}

#[test]
fn headings_are_numbered_by_chapter_and_section() {
    let site = long();
    let doc = chapter(&site, "cities");
    assert_eq!(texts(&doc, "h1"), ["3 What other cities have done"]);
    let h2: Vec<String> = texts(&doc, ".content h2 .heading-number");
    assert_eq!(h2, ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]);
    let h3 = texts(&doc, ".content h3 .heading-number");
    assert_eq!(&h3[..4], ["3.2.1", "3.2.2", "3.3.1", "3.3.2"]);
    assert_eq!(h3.len(), 8);
    // Below ### nothing is numbered.
    assert_eq!(doc.select(&sel(".content h4")).count(), 4);
    assert_eq!(doc.select(&sel(".content h4 .heading-number")).count(), 0);
    // The numbers are not part of the ids.
    assert_eq!(
        heading_ids(&doc)[..3],
        ["summary", "cities-we-studied", "cities-we-studied-part-1"]
    );
    // Each ## section has a "Cite this section" line with its permanent address.
    let cites = attrs(&doc, ".content p.cite a", "href");
    assert_eq!(cites.len(), 6);
    assert_eq!(
        cites[1],
        "https://testville.example/report/cities/#cities-we-studied"
    );
    assert!(
        texts(&doc, ".content p.cite")[1]
            .starts_with("Cite this section: The Long Report on Safer Streets, section 3.2,")
    );
}

#[test]
fn each_chapter_has_its_contents_list() {
    let site = long();
    let doc = chapter(&site, "outreach");
    let toc_links = attrs(&doc, "nav.pub-chapter-toc a", "href");
    let toc_numbers = texts(&doc, "nav.pub-chapter-toc a .heading-number");
    // Every ## and ### heading, in order, numbered as in the text.
    let body: Vec<String> = attrs(&doc, ".content h2[id], .content h3[id]", "id")
        .into_iter()
        .map(|i| format!("#{i}"))
        .collect();
    assert_eq!(toc_links, body);
    assert_eq!(
        toc_numbers,
        texts(
            &doc,
            ".content h2 .heading-number, .content h3 .heading-number"
        )
    );
    assert_eq!(toc_numbers[..3], ["4.1", "4.2", "4.2.1"]);
    // ### entries are nested under their ## entry.
    assert_eq!(doc.select(&sel("nav.pub-chapter-toc > ol > li")).count(), 6);
}

#[test]
fn the_cover_has_status_summary_and_the_contents_of_every_chapter() {
    let site = long();
    let cover = site.html("public/report/index.html");
    assert_eq!(texts(&cover, "h1"), ["The Long Report on Safer Streets"]);
    assert_eq!(texts(&cover, ".pub-badge"), ["Adopted"]);
    assert_eq!(
        texts(&cover, ".pub-history li"),
        [
            "Draft made public on January 10, 2025.",
            "Submitted to the City of Testville on March 3, 2025.",
            "Adopted by the City of Testville on May 20, 2025. The vote was unanimous.",
        ]
    );
    assert_eq!(
        texts(&cover, ".pub-byline"),
        ["By Alpha Institute and Beta Council, for the City of Testville"]
    );
    let summary_words: usize = texts(&cover, ".pub-summary p")
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    assert!(summary_words > 0 && summary_words <= 250);
    let reading = texts(&cover, ".pub-reading").remove(0);
    assert!(reading.starts_with("About 1"), "{reading}");
    assert!(reading.contains(" words in 8 chapters"), "{reading}");
    let words: usize = reading
        .split('(')
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap();
    assert!((29_000..33_000).contains(&words), "{reading}");
    assert_eq!(
        attrs(&cover, ".pub-actions a", "href"),
        ["/report/all/", "/report/recommendations/"]
    );
    // Chapters in weight order (not file-name order), each with its ## and ### headings.
    let chapters: Vec<String> = texts(&cover, ".pub-toc > li > a");
    let expected: Vec<String> = CHAPTERS
        .iter()
        .enumerate()
        .map(|(i, (_, t))| format!("{} {t}", i + 1))
        .collect();
    assert_eq!(chapters, expected);
    for (i, (slug, _)) in CHAPTERS.iter().enumerate() {
        let li = cover.select(&sel(".pub-toc > li")).nth(i).unwrap();
        let links: Vec<String> = li
            .select(&sel("li > ol a"))
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect();
        let doc = chapter(&site, slug);
        let expected: Vec<String> = attrs(&doc, ".content h2[id], .content h3[id]", "id")
            .into_iter()
            .map(|id| format!("/report/{slug}/#{id}"))
            .collect();
        assert_eq!(links, expected, "chapter {slug}");
    }
    assert!(
        texts(&cover, ".content p")
            .contains(&"This cover has its own short text, before the contents.".to_string())
    );
}

#[test]
fn chapters_link_to_the_previous_and_next() {
    let site = long();
    for (i, (slug, _)) in CHAPTERS.iter().enumerate() {
        let doc = chapter(&site, slug);
        let prev = attrs(&doc, ".pub-pager a[rel=prev]", "href");
        let next = attrs(&doc, ".pub-pager a[rel=next]", "href");
        let want_prev: Vec<String> = i
            .checked_sub(1)
            .map(|j| format!("/report/{}/", CHAPTERS[j].0))
            .into_iter()
            .collect();
        let want_next: Vec<String> = CHAPTERS
            .get(i + 1)
            .map(|c| format!("/report/{}/", c.0))
            .into_iter()
            .collect();
        assert_eq!((prev, next), (want_prev, want_next), "chapter {slug}");
        assert_eq!(
            texts(&doc, ".pub-part-of"),
            [format!(
                "The Long Report on Safer Streets: Chapter {} of 8",
                i + 1
            )]
        );
    }
}

#[test]
fn recommendations_are_numbered_across_chapters_and_indexed() {
    let site = long();
    let index = site.html("public/report/recommendations/index.html");
    assert_eq!(texts(&index, "h1"), ["Recommendations"]);
    let links = attrs(&index, ".pub-recs a", "href");
    assert_eq!(links.len(), 20);
    let labels = texts(&index, ".pub-recs li > p:first-child strong");
    let expected: Vec<String> = (1..=20).map(|n| format!("Recommendation {n}:")).collect();
    assert_eq!(labels, expected);
    // Grouped by chapter, in order.
    assert_eq!(texts(&index, "h2").len(), 8);
    for (n, link) in links.iter().enumerate() {
        let n = n + 1;
        let (page, fragment) = link.split_once('#').unwrap();
        assert_eq!(fragment, format!("recommendation-{n}"));
        let doc = site.html(&format!("public{page}index.html"));
        let callout = doc
            .select(&sel(&format!("#{fragment}")))
            .next()
            .unwrap_or_else(|| panic!("no #{fragment} on {page}"));
        assert!(
            callout
                .value()
                .classes()
                .any(|c| c == "callout-recommendation")
        );
        let label: String = callout
            .select(&sel(".callout-label"))
            .next()
            .unwrap()
            .text()
            .collect();
        assert_eq!(label, format!("Recommendation {n}:"));
        // The index quotes the recommendation's first paragraph.
        let first: String = callout.select(&sel("p")).next().unwrap().text().collect();
        let quoted = texts(&index, ".pub-recs li > p:first-child").remove(n - 1);
        assert_eq!(quoted, first.trim());
    }
    // The index names the numbered section a recommendation is made in.
    assert_eq!(
        texts(&index, ".pub-recs .meta a")[0],
        "Read it in chapter 1, section 1.2.2: How we worked: part 2"
    );
}

#[test]
fn the_one_page_version_has_every_chapter_in_order_and_unique_ids() {
    let site = long();
    let all = site.html("public/report/all/index.html");
    assert_eq!(texts(&all, "h1"), ["The Long Report on Safer Streets"]);
    let parts: Vec<String> = texts(&all, ".pub-part > h2");
    let expected: Vec<String> = CHAPTERS
        .iter()
        .enumerate()
        .map(|(i, (_, t))| format!("{} {t}", i + 1))
        .collect();
    assert_eq!(parts, expected);
    let ids = all_ids(&all);
    assert!(
        duplicates(&ids).is_empty(),
        "duplicate ids: {:?}",
        duplicates(&ids)
    );
    // Every chapter's whole text is there: its headings, prefixed, and its words.
    for (slug, _) in CHAPTERS {
        let doc = chapter(&site, slug);
        for id in heading_ids(&doc) {
            assert!(
                ids.contains(&format!("ch-{slug}--{id}")),
                "ch-{slug}--{id} missing"
            );
        }
        let own: String = doc
            .select(&sel(".content p:not(.cite)"))
            .map(|p| p.text().collect::<String>())
            .collect();
        let part = all
            .select(&sel(&format!("section.pub-part:has(> h2#ch-{slug})")))
            .next()
            .unwrap();
        let there: String = part
            .select(&sel(".content p:not(.cite)"))
            .map(|p| p.text().collect::<String>())
            .collect();
        assert_eq!(own, there, "chapter {slug}");
    }
    // Chapter bodies sit one level down: chapter titles are h2, their ## headings h3.
    assert_eq!(all.select(&sel(".pub-part .content h2")).count(), 0);
    // Every link within the page lands on an id of the page.
    for href in attrs(&all, "main a[href^='#']", "href") {
        assert!(ids.contains(&href[1..].to_string()), "{href} goes nowhere");
    }
    // Links between chapters became links within the page.
    let residents = all
        .select(&sel("section.pub-part:has(> h2#ch-residents)"))
        .next()
        .unwrap();
    let hrefs: Vec<&str> = residents
        .select(&sel(".content a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"#ch-introduction--method"), "{hrefs:?}");
    assert!(hrefs.contains(&"#ch-cities--paying-for-it"), "{hrefs:?}");
    // Its contents list the chapters and their ## sections, as links within the page.
    let toc = attrs(&all, ".pub-contents > ol > li > a", "href");
    assert_eq!(
        toc,
        CHAPTERS
            .iter()
            .map(|(s, _)| format!("#ch-{s}"))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        attrs(&all, ".pub-contents > ol > li:first-child > ol a", "href")[..2],
        [
            "#ch-introduction--summary",
            "#ch-introduction--how-we-worked"
        ]
    );
    // The print stylesheet's running header names the document.
    assert!(
        site.read("public/report/all/print.css")
            .contains("@top-center { content: \"The Long Report on Safer Streets\";")
    );
}

#[test]
fn ids_stay_the_same_across_builds_and_when_a_chapter_is_inserted() {
    let site = long();
    let before: Vec<Vec<String>> = CHAPTERS
        .iter()
        .map(|(s, _)| heading_ids(&chapter(&site, s)))
        .collect();
    let all_before = all_ids(&site.html("public/report/all/index.html"));
    let first = common::snapshot(&site.path("public"));
    site.haven(&["build"]).ok();
    assert!(
        common::snapshot(&site.path("public")) == first,
        "two builds differ"
    );
    // A new chapter between chapters 2 and 3: later chapters are renumbered, no id changes.
    site.write("content/report/inserted.md", "+++\ntitle = \"An inserted chapter\"\nweight = 25\n+++\n\n## Summary\n\nNew text.\n\n## Cities we studied\n\nSame heading text as in chapter 4 now.\n");
    site.haven(&["build"]).ok();
    let after: Vec<Vec<String>> = CHAPTERS
        .iter()
        .map(|(s, _)| heading_ids(&chapter(&site, s)))
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        texts(&chapter(&site, "cities"), "h1"),
        ["4 What other cities have done"]
    );
    assert_eq!(
        texts(&chapter(&site, "cities"), ".content h2 .heading-number")[0],
        "4.1"
    );
    let all_after = all_ids(&site.html("public/report/all/index.html"));
    for id in &all_before {
        assert!(all_after.contains(id), "the one-page version lost #{id}");
    }
    assert!(duplicates(&all_after).is_empty());
}

#[test]
fn footnotes_link_to_their_note_and_back() {
    let site = long();
    for page in [
        "public/report/victims/index.html",
        "public/report/all/index.html",
    ] {
        let doc = site.html(page);
        let refs: Vec<_> = doc.select(&sel("sup.footnote-reference a")).collect();
        assert!(refs.len() >= 3, "{page}");
        for r in &refs {
            let ref_id = r.value().attr("id").unwrap();
            let note = r.value().attr("href").unwrap().trim_start_matches('#');
            let li = doc
                .select(&sel(&format!("li#{note}")))
                .next()
                .unwrap_or_else(|| panic!("{page}: no note #{note}"));
            assert!(li.value().classes().any(|c| c == "footnote-definition"));
            let back: Vec<&str> = li
                .select(&sel("a.footnote-backref"))
                .filter_map(|a| a.value().attr("href"))
                .collect();
            assert!(
                back.contains(&format!("#{ref_id}").as_str()),
                "{page}: #{note} has no way back to #{ref_id}: {back:?}"
            );
        }
        // Back-links have words for screen readers.
        assert!(
            attrs(&doc, "a.footnote-backref", "aria-label")
                .iter()
                .all(|l| l.starts_with("Back to reference "))
        );
    }
    // Notes are numbered by first reference; "first" is referred to twice in a chapter.
    let doc = chapter(&site, "victims");
    assert_eq!(texts(&doc, "sup.footnote-reference"), ["1", "2", "1"]);
    assert_eq!(
        attrs(&doc, "li#fn-1 a.footnote-backref", "href"),
        ["#fnref-1", "#fnref-1-2"]
    );
}

#[test]
fn figures_tables_and_callouts() {
    let site = long();
    let doc = chapter(&site, "residents");
    let figures: Vec<_> = doc.select(&sel(".content figure")).collect();
    assert_eq!(figures.len(), 1);
    let img = figures[0].select(&sel("img")).next().unwrap();
    assert_eq!(
        img.value().attr("src"),
        Some("/report/figures/figure-2.svg")
    );
    assert!(img.value().attr("alt").unwrap().starts_with("Bar chart"));
    assert_eq!(
        texts(&doc, "figcaption p"),
        [
            "Figure 2.1: Safety at home by quarter.",
            "Source: Testville survey of residents, made-up figures."
        ]
    );
    assert!(site.path("public/report/figures/figure-2.svg").is_file());
    assert_eq!(
        texts(&doc, ".content table caption"),
        ["Table 2.1: Trust in numbers."]
    );
    assert_eq!(
        attrs(&doc, ".content table th", "scope"),
        ["col", "col", "col"]
    );
    assert_eq!(
        doc.select(&sel(".content blockquote")).count(),
        0,
        "every quote in the fixture is a callout"
    );
}

#[test]
fn a_renamed_heading_keeps_its_old_anchor() {
    let site = long();
    let doc = chapter(&site, "cities");
    let h2 = doc.select(&sel("h2#funding-the-work")).next().unwrap();
    assert_eq!(
        h2.select(&sel("span[id]"))
            .next()
            .unwrap()
            .value()
            .attr("id"),
        Some("paying-for-it")
    );
    // Links to the old anchor from other chapters are checked and kept.
    assert!(
        attrs(&chapter(&site, "residents"), ".content a", "href")
            .contains(&"/report/cities/#paying-for-it".to_string())
    );
    // A link to an anchor that never existed is still an error.
    site.write(
        "content/report/youth.md",
        site.read("content/report/youth.md")
            .replace("#the-first-year", "#paying-for-it"),
    );
    let run = site.haven(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: the link goes to heading `#paying-for-it` on @/report/practice.md, which has no such heading"), "{}", run.stderr);
}

#[test]
fn the_fixture_builds_without_warnings() {
    let site = unbuilt();
    let run = site.haven(&["check", "--format", "json"]).ok();
    // The generated text is not written to be read: `haven check`'s plain-language warnings
    // (long paragraphs, reading grade) are about its style, not about publications.
    let plain_language = [
        "this paragraph has ",
        "this sentence has ",
        "this page reads at school grade ",
        " words in a row are in capital letters",
    ];
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let others: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .filter(|m| !plain_language.iter().any(|p| m.contains(p)))
        .collect();
    assert!(others.is_empty(), "{others:?}\n{}", run.stderr);
}

#[test]
fn draft_chapters_only_with_drafts() {
    let site = unbuilt();
    site.write(
        "content/report/later.md",
        "+++\ntitle = \"A later chapter\"\nweight = 90\ndraft = true\n+++\n\nNot yet.\n",
    );
    site.haven(&["build"]).ok();
    assert!(!site.path("public/report/later").exists());
    assert_eq!(
        texts(&site.html("public/report/index.html"), ".pub-toc > li > a").len(),
        8
    );
    site.haven(&["build", "--drafts"]).ok();
    let cover = site.html("public/report/index.html");
    assert_eq!(texts(&cover, ".pub-toc > li > a").len(), 9);
    assert_eq!(texts(&cover, ".pub-toc > li .pub-badge"), ["Draft"]);
    assert_eq!(texts(&chapter(&site, "later"), ".pub-badge"), ["Draft"]);
}

// ---------------------------------------------------------------- problems staff can make

/// The small publication fixture with the real theme, not built.
fn small() -> Site {
    let site = Site::fixture("publication-small");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

/// Replaces `from` with `to` in a file of the site.
fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    site.write(rel, text.replacen(from, to, 1));
}

/// `haven check`'s problem lines (`path:line:col: severity: message`).
fn problems(site: &Site) -> Vec<String> {
    let run = site.haven(&["check"]);
    run.stderr
        .lines()
        .filter(|l| {
            l.starts_with("content/") && (l.contains(": error: ") || l.contains(": warning: "))
        })
        .map(String::from)
        .collect()
}

#[test]
fn the_small_fixture_has_no_problems() {
    let site = small();
    assert_eq!(problems(&site), Vec::<String>::new());
    site.haven(&["build"]).ok();
    let cover = site.html("public/doc/index.html");
    assert_eq!(
        texts(&cover, ".pub-history li"),
        ["Submitted on January 15, 2026."]
    );
    assert_eq!(
        attrs(&cover, ".pub-actions a", "href"),
        ["/doc/all/", "/doc/recommendations/"]
    );
}

#[test]
fn publication_fields_are_checked_at_their_line() {
    let site = small();
    edit(&site, "content/doc/_index.md", "authors =", "autors =");
    assert_eq!(
        problems(&site),
        ["content/doc/_index.md:5:1: error: unknown field `autors` in [publication]"]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "summary = \"A short summary.\"",
        "summary = \"A short summary.\"\nversion = 2",
    );
    assert_eq!(
        problems(&site),
        ["content/doc/_index.md:8:11: error: `version` must be text, not a number (2)"]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "status = \"submitted\"\nsummary",
        "status = \"submited\"\nsummary",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:6:1: error: the publication `status` must be draft, submitted, adopted or revised, found `submited`"
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "authors = [\"One Group\"]\nstatus = \"submitted\"\nsummary = \"A short summary.\"\n",
        "",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:4:1: error: the publication has no `status`",
            "content/doc/_index.md:4:1: error: the publication has no `summary`",
            "content/doc/_index.md:4:1: error: the publication names no `authors`",
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "\"A short summary.\"",
        &format!("\"{}\"", "word ".repeat(260)),
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:7:1: error: the publication summary has 260 words; the cover shows at most 250"
        ]
    );
}

#[test]
fn the_status_history_must_be_dated_in_order_and_agree() {
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "date = 2026-01-15",
        "date = \"January 15\"",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:11:8: error: `date` is written as `January 15`; Haven reads dates only as year-month-day, like 2026-12-03"
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "[[publication.history]]",
        "[[publication.history]]\nstatus = \"draft\"\ndate = 2026-02-01\n\n[[publication.history]]",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:13:1: error: the history entry of 2026-01-15 comes after a later one"
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "status = \"submitted\"\nsummary",
        "status = \"adopted\"\nsummary",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:6:1: error: the publication's `status` is `adopted`, but its latest history entry says `submitted`"
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/_index.md",
        "status = \"submitted\"\ndate",
        "status = \"sent\"\ndate",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/_index.md:9:1: error: the history entry's `status` must be draft, submitted, adopted or revised, found `sent`"
        ]
    );
}

#[test]
fn chapters_are_checked() {
    let site = small();
    site.write(
        "content/doc/all.md",
        "+++\ntitle = \"All\"\nweight = 3\n+++\n\nText.\n",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/all.md:1:1: error: this chapter's address /doc/all/ is the one the publication uses for its one-page version"
        ]
    );
    let site = small();
    edit(&site, "content/doc/two.md", "weight = 2\n", "");
    assert_eq!(
        problems(&site),
        [
            "content/doc/two.md:2:1: warning: this chapter has no `weight`, so its place in the publication depends on its date and title"
        ]
    );
    let site = small();
    site.write(
        "content/elsewhere.md",
        "+++\ntitle = \"Elsewhere\"\n\n[publication]\nstatus = \"draft\"\n+++\n\nText.\n",
    );
    assert_eq!(
        problems(&site),
        [
            "content/elsewhere.md:4:1: error: `[publication]` belongs in a section's `_index.md`, not in a page"
        ]
    );
}

#[test]
fn links_to_recommendations_use_their_number_in_the_document() {
    // two.md's recommendation is the document's second: #recommendation-2 on its page.
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "See [the first",
        "See [mine](#recommendation-2), [the first one](one.md#recommendation-1), [the first",
    );
    assert_eq!(problems(&site), Vec::<String>::new());
    site.haven(&["build"]).ok();
    let two = site.html("public/doc/two/index.html");
    assert_eq!(
        attrs(&two, ".callout-recommendation", "id"),
        ["recommendation-2"]
    );
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "See [the first",
        "See [wrong](#recommendation-1), [the first",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/two.md:8:5: error: the link goes to heading `#recommendation-1` on this page, which has no such heading"
        ]
    );
}

#[test]
fn markdown_problems_in_chapters() {
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "## Start\n",
        "## Start\n\n![](/chart.svg)\nFigure: A chart.\n",
    );
    // The chart exists, so only the missing description is reported.
    site.write(
        "static/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    assert_eq!(
        problems(&site),
        ["content/doc/two.md:8:1: error: this figure's image has no text description (alt text)"]
    );
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "## Start\n",
        "## Start\n\n## Next {old=start}\n",
    );
    assert_eq!(
        problems(&site),
        [
            "content/doc/two.md:8:1: error: the old anchor `start` is already used by another heading on this page"
        ]
    );
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "## Start\n",
        "## Recommendation 2\n",
    );
    // Recommendations are numbered across chapters: the second one is chapter 2's first.
    assert_eq!(
        problems(&site),
        [
            "content/doc/two.md:10:1: error: the recommendation's anchor `recommendation-2` is also the id of a heading on this page"
        ]
    );
    // On a plain page they are numbered from 1.
    let site = small();
    site.write(
        "content/plain.md",
        "+++\ntitle = \"Plain\"\n+++\n\n## Recommendation 1\n\n> **Recommendation:** Do it.\n",
    );
    assert_eq!(
        problems(&site),
        [
            "content/plain.md:7:1: error: the recommendation's anchor `recommendation-1` is also the id of a heading on this page"
        ]
    );
}

// ---------------------------------------------------------------- haven serve

#[test]
fn serve_keeps_a_publication_identical_to_a_clean_build() {
    let site = small();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").unwrap();
    let opts = |out: &str| haven::BuildOptions {
        output: Some(site.path(out)),
        now: Some(now),
        ..haven::BuildOptions::new(site.root())
    };
    let mut live = haven::build::Build::start(opts("live")).expect("first build");
    let same = |step: &str| {
        let report = haven::build(&opts("clean"));
        assert!(!report.failed(), "{step}: {:?}", report.diagnostics);
        let differ = common::differing(&site.path("live"), &site.path("clean"));
        assert!(
            differ.is_empty(),
            "after {step}, serve differs from a clean build in {differ:?}"
        );
    };
    same("start");
    // (what changes, the file, its edits: from → to)
    type Step<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);
    let steps: [Step; 3] = [
        (
            "a chapter's text",
            "content/doc/one.md",
            &[(
                "Text with a note.",
                "Text with a note, edited.\n\n## Added section",
            )],
        ),
        (
            "a recommendation added to chapter 1 (renumbers chapter 2's)",
            "content/doc/one.md",
            &[(
                "> **Recommendation:** Do the first thing.",
                "> **Recommendation:** Do the first thing.\n\n> **Recommendation:** And another.",
            )],
        ),
        (
            "the status and its history",
            "content/doc/_index.md",
            &[
                (
                    "status = \"submitted\"\nsummary",
                    "status = \"adopted\"\nsummary",
                ),
                (
                    "date = 2026-01-15",
                    "date = 2026-01-15\n\n[[publication.history]]\nstatus = \"adopted\"\ndate = 2026-02-01",
                ),
            ],
        ),
    ];
    for (step, file, edits) in steps {
        for (from, to) in edits {
            edit(&site, file, from, to);
        }
        let update = live.update(&[site.path(file)]);
        assert!(update.errors.is_empty(), "{step}: {:?}", update.errors);
        same(step);
    }
    assert_eq!(
        texts(&site.html("live/doc/two/index.html"), ".callout-label"),
        ["Recommendation 3:"]
    );
    edit(
        &site,
        "themes/haven/templates/publication/chapter.html",
        "<article class=\"publication pub-chapter\">",
        "<article class=\"publication pub-chapter edited\">",
    );
    live.update(&[site.path("themes/haven/templates/publication/chapter.html")]);
    same("a chapter template edit");
    assert_eq!(
        site.html("live/doc/one/index.html")
            .select(&sel("article.edited"))
            .count(),
        1
    );
}

#[test]
fn serve_rechecks_links_when_recommendations_are_renumbered() {
    let site = small();
    edit(
        &site,
        "content/doc/two.md",
        "See [the first",
        "See [mine](#recommendation-2), [the first",
    );
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").unwrap();
    let opts = haven::BuildOptions {
        output: Some(site.path("live")),
        now: Some(now),
        ..haven::BuildOptions::new(site.root())
    };
    let mut live = haven::build::Build::start(opts).expect("first build");
    // A new recommendation in chapter 1 makes chapter 2's the third: the link now goes nowhere.
    edit(
        &site,
        "content/doc/one.md",
        "> **Recommendation:** Do the first thing.",
        "> **Recommendation:** Do the first thing.\n\n> **Recommendation:** And another.",
    );
    let update = live.update(&[site.path("content/doc/one.md")]);
    let errors: Vec<String> = update.errors.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        errors,
        [
            "content/doc/two.md:8:5: error: the link goes to heading `#recommendation-2` on this page, which has no such heading"
        ]
    );
    assert_eq!(problems(&site), errors, "a clean check agrees");
    edit(
        &site,
        "content/doc/two.md",
        "(#recommendation-2)",
        "(#recommendation-3)",
    );
    let update = live.update(&[site.path("content/doc/two.md")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
}
