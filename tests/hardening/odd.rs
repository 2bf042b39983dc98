//! §6: odd input that must not pass silently, and what every site ships (a favicon).

use super::{built, canary_untouched, pin};
use crate::common::Site;

#[test]
fn nul_characters_become_replacement_characters_with_a_warning() {
    let site = built();
    site.write(
        "content/zero.md",
        "+++\ntitle = \"Nul\"\n+++\n\nBefore\0after and <span>in\0html</span>.\n",
    );
    site.haven_here(&["build"]).ok();
    let html = std::fs::read(site.path("public/zero/index.html")).unwrap();
    assert!(!html.contains(&0), "a NUL reached the page");
    let text = String::from_utf8(html).unwrap();
    assert!(text.contains("Before\u{fffd}after"), "{text}");
    assert!(text.contains("in\u{fffd}html"), "{text}");
    let check = site.haven_here(&["check"]);
    let warning = super::problems_about(&check.stderr, "NUL");
    pin("hardening_nul", &warning, &site, None);
    canary_untouched(&site);
}

#[test]
fn direction_changing_characters_in_titles_and_file_names_stop_the_build() {
    let site = built();
    // In front matter such a character is one of the invisible slips: an error at its column
    // with the line as it should be written.
    site.write(
        "content/rtl.md",
        "+++\ntitle = \"Report \u{202e}fdp.exe\"\ndescription = \"Plain.\"\n+++\n\nText.\n",
    );
    let title = site.failure_as_staff_see_it(&["build"]);
    assert!(
        title.contains(
            "content/rtl.md:2:17: error: an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE"
        ),
        "{title}"
    );
    std::fs::remove_file(site.path("content/rtl.md")).unwrap();
    site.write("content/news/\u{202e}dm.txt", "x");
    let name = site.failure_as_staff_see_it(&["build"]);
    pin(
        "hardening_direction",
        &format!("{title}\n\n{name}"),
        &site,
        None,
    );
    canary_untouched(&site);
}

#[test]
fn names_windows_cannot_check_out_are_errors() {
    let site = built();
    site.write("content/CON.md", "+++\ntitle = \"Con\"\n+++\n\nText.\n");
    site.write(
        "content/news/aux.md",
        "+++\ntitle = \"Aux\"\n+++\n\nText.\n",
    );
    site.write("content/a:b.md", "+++\ntitle = \"A b\"\n+++\n\nText.\n");
    site.write("static/nul.txt", "x");
    site.write(
        "content/trailing./x.md",
        "+++\ntitle = \"X\"\n+++\n\nText.\n",
    );
    let err = site.failure_as_staff_see_it(&["build"]);
    for name in ["CON.md", "aux.md", "a:b.md", "nul.txt", "trailing."] {
        assert!(err.contains(&format!("the name `{name}`")), "{name}: {err}");
    }
    pin("hardening_windows_names", &err, &site, None);
    canary_untouched(&site);
}

#[test]
fn the_theme_ships_a_favicon_every_page_names() {
    let site = Site::fixture("resources-valid");
    if !site.path("themes").exists() {
        crate::common::copy_tree(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
            &site.path("themes"),
        );
    }
    site.haven_here(&["build"]).ok();
    let ico = std::fs::read(site.path("public/favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "not an ICO file");
    let page = site.read("public/index.html");
    assert!(
        page.contains("<link rel=\"icon\" href=\"/favicon.ico\""),
        "{page}"
    );

    // The print sheet is kept out of search results: noindex, and not in the sitemap.
    let sheet = site.read("public/resources/print/index.html");
    assert!(sheet.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        !site
            .read("public/sitemap.xml")
            .contains("/resources/print/")
    );
    assert!(!site.read("public/resources/index.html").contains("noindex"));
}
