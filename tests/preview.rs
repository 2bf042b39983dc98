//! The editor's preview ([`haven::build::Build::preview`]): a page rendered from unsaved text
//! by the real stages, with its problems, and nothing written.

mod common;

use std::path::Path;

use common::{Site, snapshot};
use haven::BuildOptions;
use haven::build::Build;

fn opts(site: &Site, out: &str) -> BuildOptions {
    BuildOptions {
        output: Some(site.path(out)),
        now: Some(chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").unwrap()),
        ..BuildOptions::new(site.root())
    }
}

#[test]
fn unsaved_text_is_rendered_and_checked_without_writing() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).expect("first build");
    let on_disk = snapshot(site.root());
    let unsaved = "+++\ntitle = \"Second item, retitled\"\ndate = \"2026-03-01T18:30\"\n+++\n\nNot saved yet. See [gone](@/gone.md) and ![](map.png).\n";
    let preview = live.preview(Path::new("news/second.md"), unsaved);

    let html = scraper::Html::parse_document(preview.html.as_deref().expect("a page"));
    assert_eq!(common::texts(&html, "h1"), ["Second item, retitled"]);
    assert!(
        common::texts(&html, "#content")[0].starts_with("Not saved yet."),
        "{html:?}"
    );
    let problems: Vec<String> = preview.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        problems,
        [
            "content/news/second.md:1:1: warning: no Spanish translation",
            "content/news/second.md:6:20: error: the link to `@/gone.md` goes to a page that does not exist (no file content/gone.md)",
            "content/news/second.md:6:42: error: the image `map.png` (the address /news/second/map.png) is not in the site: the build writes no file at that address",
            "content/news/second.md:6:42: error: the image `map.png` has no description (alt text)",
        ]
    );
    // Nothing was written: not the file, not the output.
    assert_eq!(snapshot(site.root()), on_disk);
}

#[test]
fn a_preview_leaves_the_build_as_it_was() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).expect("first build");
    let preview = live.preview(
        Path::new("news/first.md"),
        "---\ntitle: Previewed only\ndate: 2026-01-02\n---\n\n## Other\n\nText.\n",
    );
    assert!(preview.html.is_some(), "{:?}", preview.diagnostics);
    // The next save elsewhere is written as if the preview had never been.
    let text = site.read("content/news/second.md");
    site.write("content/news/second.md", text.replace("newer", "newest"));
    let update = live.update(&[site.path("content/news/second.md")]);
    assert!(update.errors.is_empty(), "{:?}", update.errors);
    let report = haven::build(&opts(&site, "clean"));
    assert!(!report.failed(), "{:?}", report.diagnostics);
    let differ = common::differing(&site.path("live"), &site.path("clean"));
    assert!(differ.is_empty(), "{differ:?}");
    // The section still lists the saved title, and the link to #details still checks out.
    assert_eq!(
        live.diagnostics().iter().filter(|d| d.is_error()).count(),
        0
    );
}

#[test]
fn front_matter_that_does_not_parse_gives_its_error_and_no_page() {
    let site = Site::fixture("basic");
    let mut live = Build::start(opts(&site, "live")).expect("first build");
    let preview = live.preview(Path::new("about.md"), "+++\ntitle = \n+++\n\nBody.\n");
    assert!(preview.html.is_none());
    assert_eq!(preview.diagnostics.len(), 1, "{:?}", preview.diagnostics);
    assert_eq!(preview.diagnostics[0].path, Path::new("content/about.md"));
    assert_eq!(preview.diagnostics[0].line, 2);
}
