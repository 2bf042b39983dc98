//! §2: links (symbolic links) in the folders a site is read from are never followed. One that
//! leads outside the site folder is an error naming it; one that stays inside, or leads
//! nowhere, is skipped with a warning. The one exception: the top-level `content` folder may
//! be a link to the site's pages kept elsewhere.

use super::{Outside, built, canary_untouched, link, pin};
use crate::common::{copy_tree, snapshot};

#[test]
fn a_static_folder_linked_outside_the_site_is_an_error_and_nothing_of_it_is_published() {
    let site = built();
    let outside = Outside::new();
    std::fs::remove_dir_all(site.path("static")).unwrap();
    link(outside.dir.path(), site.path("static"));
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(err.contains("`static` is a link to"), "{err}");
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("`static` is a link to"));
    assert!(!site.path("public/secret.txt").exists());
    pin("hardening_static_link_outside", &err, &site, Some(&outside));
    outside.untouched();
    canary_untouched(&site);
}

#[test]
fn links_to_files_outside_are_errors_wherever_they_are() {
    let site = built();
    let outside = Outside::new();
    let secret = outside.path("secret.txt");
    link(&secret, site.path("static/passwd"));
    link(&secret, site.path("content/guide/leak.txt"));
    link(&secret, site.path("content/stolen.md"));
    link(outside.path("folder"), site.path("content/news/more"));
    link(&secret, site.path("themes/plain/templates/partial.html"));
    let err = site.failure_as_staff_see_it(&["build"]);
    for name in [
        "static/passwd",
        "content/guide/leak.txt",
        "content/stolen.md",
        "content/news/more",
        "themes/plain/templates/partial.html",
    ] {
        assert!(
            err.contains(&format!("`{name}` is a link to")),
            "{name}: {err}"
        );
    }
    pin("hardening_links_outside", &err, &site, Some(&outside));
    outside.untouched();
    canary_untouched(&site);
}

#[test]
fn a_theme_linked_from_outside_is_refused_before_it_is_read() {
    let site = built();
    let elsewhere = tempfile::tempdir().unwrap();
    crate::common::copy_tree(&site.path("themes/plain"), elsewhere.path());
    std::fs::remove_dir_all(site.path("themes/plain")).unwrap();
    link(elsewhere.path(), site.path("themes/plain"));
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(err.contains("`themes/plain` is a link to"), "{err}");
    canary_untouched(&site);
}

#[test]
fn links_that_stay_inside_or_lead_nowhere_are_skipped_with_a_warning() {
    let site = built();
    link("about.md", site.path("content/copy.md"));
    link("../notes.txt", site.path("static/again/notes.txt"));
    link("nowhere.png", site.path("content/guide/gone.png"));
    site.haven_here(&["build"]).ok();
    assert!(!site.path("public/copy").exists());
    assert!(!site.path("public/again").exists());
    assert!(!site.path("public/guide/gone.png").exists());
    assert!(site.path("public/about/index.html").is_file());
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let warnings = super::problems_about(&check.stderr, "is a link to");
    assert_eq!(warnings.matches("warning:").count(), 3, "{}", check.stderr);
    pin("hardening_links_inside", &warnings, &site, None);
    canary_untouched(&site);
}

/// Moves the site's `content/` to a folder elsewhere and puts a link to it in its place, as
/// the benchmark script does; returns that folder.
fn content_elsewhere(site: &crate::common::Site) -> tempfile::TempDir {
    let elsewhere = tempfile::tempdir().unwrap();
    copy_tree(&site.path("content"), elsewhere.path());
    std::fs::remove_dir_all(site.path("content")).unwrap();
    link(elsewhere.path(), site.path("content"));
    elsewhere
}

#[test]
fn a_content_folder_linked_from_elsewhere_is_the_sites_pages() {
    let site = built();
    let before = snapshot(&site.path("public"));
    let elsewhere = content_elsewhere(&site);
    let pages = snapshot(elsewhere.path());
    site.haven_here(&["build"]).ok();
    // The same site as before, built from the linked folder, which the build leaves alone.
    assert_eq!(snapshot(&site.path("public")), before);
    assert_eq!(snapshot(elsewhere.path()), pages);
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("is a link"), "{}", check.stderr);

    // Inside the linked folder the usual rules hold: a link within it is skipped with a
    // warning that names it as staff know it, one that leads out is an error.
    link("about.md", elsewhere.path().join("copy.md"));
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "content/copy.md:1:1: warning: `content/copy.md` is a link to `content/about.md`; Haven does not follow links, so it is skipped"
        ),
        "{}",
        check.stderr
    );
    let outside = Outside::new();
    link(
        outside.path("secret.txt"),
        elsewhere.path().join("guide/leak.txt"),
    );
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(!site.path("public/guide/leak.txt").exists());
    pin(
        "hardening_content_link_leads_out",
        &err,
        &site,
        Some(&outside),
    );

    // The linked folder is a source: building into it is refused.
    std::fs::remove_file(elsewhere.path().join("guide/leak.txt")).unwrap();
    let into = elsewhere.path().join("out");
    let refused = site.haven_here(&["build", "--output", into.to_str().unwrap()]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("it is inside `content`, which Haven reads the site from"),
        "{}",
        refused.stderr
    );
    assert!(!into.exists());
    outside.untouched();
    canary_untouched(&site);
}

#[test]
fn a_content_link_to_a_folder_without_a_home_page_is_an_error() {
    let site = built();
    let outside = Outside::new();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    link(outside.dir.path(), site.path("content"));
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(!site.path("public/secret.txt").exists());
    pin(
        "hardening_content_link_no_home",
        &err,
        &site,
        Some(&outside),
    );
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 1);
    outside.untouched();
    canary_untouched(&site);
}

#[test]
fn every_other_folder_linked_out_of_the_site_is_an_error_naming_it() {
    let site = built();
    std::fs::create_dir_all(site.path("templates")).unwrap();
    for folder in [
        "static",
        "templates",
        "themes",
        "themes/plain",
        "themes/plain/static",
        "themes/plain/templates",
    ] {
        // A real copy of the folder, so only the link itself is wrong.
        let elsewhere = tempfile::tempdir().unwrap();
        copy_tree(&site.path(folder), elsewhere.path());
        let kept = tempfile::tempdir().unwrap();
        let aside = kept.path().join("folder");
        std::fs::rename(site.path(folder), &aside).unwrap();
        link(elsewhere.path(), site.path(folder));
        let err = site.failure_as_staff_see_it(&["build"]);
        assert!(
            err.contains(&format!(
                "{folder}:1:1: error: `{folder}` is a link to `{}`, outside the site folder",
                std::fs::canonicalize(elsewhere.path()).unwrap().display()
            )),
            "{folder}: {err}"
        );
        std::fs::remove_file(site.path(folder)).unwrap();
        std::fs::rename(&aside, site.path(folder)).unwrap();
    }
    site.haven_here(&["build"]).ok();
    canary_untouched(&site);
}
