//! §1: a slug is one plain name; addresses are compared as the files they are written to.

use super::{CANARY, Outside, built, canary_untouched, pin};

/// Writes `content/news/first.md` with `slug = SLUG`.
fn with_slug(site: &crate::common::Site, slug: &str) {
    site.write(
        "content/news/first.md",
        format!("+++\ntitle = \"First item\"\nslug = {slug}\n+++\n\n## Details\n\nText.\n"),
    );
}

#[test]
fn a_slug_that_leaves_the_output_folder_or_replaces_the_home_page_is_an_error_at_its_line() {
    let site = built();
    let outside = Outside::new();
    let escape = outside.path("x").display().to_string();
    let mut shown = String::new();
    for slug in [
        format!("{escape:?}"),
        "\"../../x\"".to_string(),
        "\"\"".to_string(),
        "\".\"".to_string(),
        "\"a/b\"".to_string(),
        "\"Qué es\"".to_string(),
        "\"con\"".to_string(),
    ] {
        with_slug(&site, &slug);
        let err = site.failure_as_staff_see_it(&["build"]);
        assert!(
            err.contains("content/news/first.md:3:8: error: the slug"),
            "{err}"
        );
        shown.push_str(&err);
        // `haven check` reports it the same way.
        let check = site.haven_here(&["check"]);
        assert_eq!(check.code, 1);
        assert!(
            check
                .stderr
                .contains("content/news/first.md:3:8: error: the slug")
        );
    }
    pin("hardening_slugs", &shown, &site, Some(&outside));
    outside.untouched();
    assert!(!outside.path("x").exists());
    canary_untouched(&site);
    assert!(!site.root().parent().unwrap().join("x").exists());
}

#[test]
fn a_good_slug_still_names_the_page() {
    let site = built();
    with_slug(&site, "\"v1.2_first-item\"");
    site.haven_here(&["build"]).ok();
    assert!(
        site.path("public/news/v1.2_first-item/index.html")
            .is_file()
    );
    canary_untouched(&site);
}

#[test]
fn home_spellings_and_same_files_are_one_address() {
    let site = built();
    let about = site.read("content/about.md");
    let with_aliases = |aliases: &str| {
        about.replacen(
            "aliases = [\"/old-about/\", \"who-we-are.html\"]",
            &format!("aliases = [{aliases}]"),
            1,
        )
    };
    // `/`, `//` and `/./` are all the home page: not an old address.
    site.write("content/about.md", with_aliases("\"/\", \"//\", \"/./\""));
    let home = site.failure_as_staff_see_it(&["build"]);
    assert_eq!(
        home.matches("is not a path on this site").count(),
        3,
        "{home}"
    );
    // The same file spelled another way, with capitals, or one of Haven's own files.
    site.write(
        "content/about.md",
        with_aliases(
            "\"/news//first/\", \"/NEWS/First/\", \"/news/./first/index.html\", \"/sitemap.xml/\", \"/404.html\"",
        ),
    );
    let same = site.failure_as_staff_see_it(&["build"]);
    assert!(
        same.contains("the alias `/news/first/` is already used by content/news/first.md"),
        "{same}"
    );
    assert!(
        same.contains("Windows and Mac computers do not tell capital letters apart"),
        "{same}"
    );
    assert!(same.contains("Haven's own sitemap"), "{same}");
    assert!(
        same.contains("Haven's own page for missing addresses"),
        "{same}"
    );
    pin(
        "hardening_same_address",
        &format!("{home}\n{same}"),
        &site,
        None,
    );
    canary_untouched(&site);
}

#[test]
fn a_file_name_with_nothing_to_make_an_address_from_is_an_error() {
    let site = built();
    site.write(
        "content/news/¿¡.md",
        "+++\ntitle = \"Signs\"\n+++\n\nText.\n",
    );
    let err = site.failure_as_staff_see_it(&["build"]);
    pin("hardening_empty_file_slug", &err, &site, None);
    canary_untouched(&site);
    assert!(site.path(CANARY).is_file());
}
