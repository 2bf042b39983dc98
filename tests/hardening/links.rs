//! §2: links (symbolic links) in the folders a site is read from are never followed. One that
//! leads outside the site folder is an error naming it; one that stays inside, or leads
//! nowhere, is skipped with a warning.

use super::{Outside, built, canary_untouched, link, pin};

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
