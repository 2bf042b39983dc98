//! §1: every writer stays inside the output folder and replaces a link instead of writing
//! through it; an output folder that overlaps the sources is refused before anything moves.

use std::path::Path;

use super::{Outside, built, canary_untouched, link, pin};
use crate::common::snapshot;

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn links_in_the_output_and_staging_folders_are_replaced_not_written_through() {
    let site = built();
    site.haven_here(&["build"]).ok(); // now the staging folder is kept beside public/
    let outside = Outside::new();
    let kept = site.path(".public.haven-previous");
    assert!(kept.is_dir());
    // A page's file, a page's folder, the lock, and a folder of the kept staging copy.
    std::fs::remove_file(site.path("public/about/index.html")).unwrap();
    link(
        outside.path("secret.txt"),
        site.path("public/about/index.html"),
    );
    std::fs::remove_dir_all(site.path("public/news")).unwrap();
    link(outside.path("folder"), site.path("public/news"));
    std::fs::remove_file(site.path(".public.haven-lock")).unwrap();
    link(outside.path("secret.txt"), site.path(".public.haven-lock"));
    std::fs::remove_dir_all(kept.join("guide")).unwrap();
    link(outside.path("folder"), kept.join("guide"));
    let index = kept.join("index.html");
    std::fs::remove_file(&index).unwrap();
    link(outside.path("secret.txt"), &index);

    // Twice: the first build writes into what was the output folder, the second into the
    // staging folder that had the links.
    for _ in 0..2 {
        site.haven_here(&["build"]).ok();
        outside.untouched();
        canary_untouched(&site);
        for p in [
            "public/about/index.html",
            "public/news",
            "public/guide",
            "public/index.html",
        ] {
            assert!(!is_link(&site.path(p)), "{p} is still a link");
        }
        assert!(site.read("public/about/index.html").contains("About us"));
        assert!(site.path("public/news/first/index.html").is_file());
    }
}

#[test]
fn a_kept_staging_folder_that_is_a_link_is_replaced() {
    let site = built();
    let outside = Outside::new();
    link(outside.dir.path(), site.path(".public.haven-previous"));
    site.haven_here(&["build"]).ok();
    site.haven_here(&["build"]).ok();
    outside.untouched();
    canary_untouched(&site);
    assert!(site.path("public/index.html").is_file());
}

#[test]
fn an_output_folder_that_overlaps_the_sources_is_refused_before_anything_moves() {
    let site = built();
    let outside = Outside::new();
    let other_site = tempfile::tempdir().unwrap();
    std::fs::write(other_site.path().join("config.toml"), "title = \"x\"\n").unwrap();
    std::fs::create_dir(other_site.path().join("content")).unwrap();
    let sources = snapshot(site.root());
    let mut shown = String::new();
    let other = other_site.path().display().to_string();
    let cases: [&[&str]; 6] = [
        &["build", "--output", "."],
        &["build", "--output", ".."],
        &["build", "--output", "content/out"],
        &["build", "--output", "themes"],
        &["build", "--output", &other],
        &["build", "--output", "config.toml"],
    ];
    for args in cases {
        let err = site.failure_as_staff_see_it(args);
        assert!(err.contains("Haven cannot build into"), "{args:?}: {err}");
        shown.push_str(&err.replace(&other, "[OTHER SITE]"));
        assert_eq!(
            snapshot(site.root()),
            sources,
            "{args:?} changed the site folder"
        );
    }
    // `haven serve` refuses the same.
    let serve = site.haven_here(&["serve", "--port", "0", "--output", "."]);
    assert_eq!(serve.code, 1, "{}", serve.stderr);
    assert!(
        serve.stderr.contains("it is the site folder itself"),
        "{}",
        serve.stderr
    );
    assert_eq!(snapshot(site.root()), sources);
    assert!(other_site.path().join("config.toml").is_file());
    pin("hardening_output_overlap", &shown, &site, Some(&outside));
    outside.untouched();
}

#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let site = built();
    let outside = Outside::new();
    std::fs::remove_dir_all(site.path("public")).unwrap();
    link(outside.path("folder"), site.path("public"));
    let run = site.haven_here(&["build"]);
    assert_eq!(run.code, 1);
    pin("hardening_output_link", &run.stderr, &site, Some(&outside));
    outside.untouched();
    canary_untouched(&site);
    assert!(is_link(&site.path("public")));
}
