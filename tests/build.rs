//! Building a fixture site: what a reader finds in `public/`.

mod common;

use common::{Site, attrs, texts};

fn built() -> Site {
    let site = Site::fixture("basic");
    site.haven(&["build"]).ok();
    site
}

#[test]
fn sections_pages_and_bundles_become_pretty_urls() {
    let site = built();
    for f in [
        "index.html",
        "about/index.html",
        "news/index.html",
        "news/first/index.html",
        "news/second/index.html",
        "guide/index.html",
        "es/about/index.html",
        "404.html",
    ] {
        assert!(site.path("public").join(f).is_file(), "missing public/{f}");
    }
    // A bundle's other files sit beside its page; site static files are copied as they are.
    assert_eq!(site.read("public/guide/attachment.txt"), "An attachment.\n");
    assert_eq!(
        site.read("public/notes.txt"),
        "User files are copied as they are.\n"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built();
    assert!(!site.path("public/news/draft").exists());
    assert!(!site.read("public/sitemap.xml").contains("/news/draft/"));
    site.haven(&["build", "--drafts"]).ok();
    assert!(site.path("public/news/draft/index.html").is_file());
}

#[test]
fn section_lists_pages_by_weight_then_newest_date() {
    let site = built();
    let news = site.html("public/news/index.html");
    assert_eq!(
        texts(&news, "#pages li"),
        ["Pinned item", "Second item", "First item"]
    );
    // YAML front matter (news/_index.md) works like TOML.
    assert_eq!(texts(&news, "h1"), ["News"]);
    let home = site.html("public/index.html");
    assert_eq!(texts(&home, "#subsections li"), ["News"]);
}

#[test]
fn menus_resolve_internal_paths_in_weight_order() {
    let site = built();
    let home = site.html("public/index.html");
    assert_eq!(attrs(&home, "#menu a", "href"), ["/about/", "/news/"]);
}

#[test]
fn breadcrumbs_come_from_ancestors() {
    let site = built();
    let item = site.html("public/news/first/index.html");
    assert_eq!(texts(&item, "#breadcrumbs li"), ["Welcome", "News"]);
}

#[test]
fn headings_get_unique_ids_self_links_and_a_toc() {
    let site = built();
    let about = site.html("public/about/index.html");
    assert_eq!(
        attrs(&about, "#content h2, #content h3", "id"),
        ["who-we-are", "our-history", "who-we-are-1", "custom"]
    );
    assert_eq!(
        attrs(&about, "#content h2 a.heading-link", "href"),
        ["#who-we-are", "#who-we-are-1", "#custom"]
    );
    // The toc nests h3 under h2.
    assert_eq!(
        texts(&about, "#toc > li > a"),
        ["Who we are", "Who we are", "Custom id"]
    );
    assert_eq!(texts(&about, "#toc > li > ul > li"), ["Our history"]);
}

#[test]
fn internal_links_become_urls() {
    let site = built();
    let about = site.html("public/about/index.html");
    let hrefs = attrs(&about, "#content a:not(.heading-link)", "href");
    assert!(
        hrefs.contains(&"/news/first/#details".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"/guide/".to_string()), "{hrefs:?}");
    let first = site.html("public/news/first/index.html");
    assert!(attrs(&first, "#content a", "href").contains(&"/about/".to_string()));
    // From a Spanish page, a link without a language goes to the Spanish version when there is one.
    let es = site.html("public/es/about/index.html");
    assert!(attrs(&es, "#content a", "href").contains(&"/news/".to_string()));
}

#[test]
fn markdown_extensions_are_on() {
    let site = built();
    let about = site.read("public/about/index.html");
    assert!(about.contains("<table>"));
    assert!(about.contains("footnote-definition"));
    // Smart punctuation.
    let es = site.read("public/es/about/index.html");
    assert!(es.contains("¿Qué hacemos?"));
}

#[test]
fn translations_are_sibling_files() {
    let site = built();
    let about = site.html("public/about/index.html");
    assert_eq!(attrs(&about, "#translations a", "href"), ["/es/about/"]);
    assert_eq!(attrs(&about, "#translations a", "lang"), ["es"]);
    let es = site.html("public/es/about/index.html");
    assert_eq!(attrs(&es, "html", "lang"), ["es"]);
    assert_eq!(attrs(&es, "#translations a", "href"), ["/about/"]);
}

#[test]
fn dates_are_formatted_in_the_site_time_zone() {
    let site = built();
    let second = site.html("public/news/second/index.html");
    assert_eq!(
        attrs(&second, "#date", "datetime"),
        ["2026-03-01T18:30:00-05:00"]
    );
    assert_eq!(texts(&second, "#date"), ["March 1, 2026"]);
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = built();
    let old = site.read("public/old-about/index.html");
    assert!(
        old.contains(r#"<meta http-equiv="refresh" content="0; url=/about/">"#),
        "{old}"
    );
    assert!(old.contains(r#"<link rel="canonical" href="https://fixture.example/about/">"#));
    assert!(site.read("public/who-we-are.html").contains("url=/about/"));
}

#[test]
fn sections_with_feed_get_an_atom_feed() {
    let site = built();
    let xml = site.read("public/news/atom.xml");
    let feed: atom_syndication::Feed = xml.parse().unwrap();
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(titles, ["Second item", "First item", "Pinned item"]);
    assert_eq!(
        feed.entries()[0].id(),
        "https://fixture.example/news/second/"
    );
    assert_eq!(feed.id(), "https://fixture.example/news/atom.xml");
    let news = site.html("public/news/index.html");
    assert_eq!(attrs(&news, "#feed", "href"), ["/news/atom.xml"]);
    assert!(
        !site.path("public/atom.xml").exists(),
        "only sections with feed = true get one"
    );
}

#[test]
fn sitemap_and_robots_list_every_page() {
    let site = built();
    let xml = site.read("public/sitemap.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"loc" => in_loc = true,
            quick_xml::events::Event::Text(t) if in_loc => {
                locs.push(t.decode().unwrap().into_owned());
                in_loc = false;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for url in [
        "https://fixture.example/",
        "https://fixture.example/about/",
        "https://fixture.example/es/about/",
        "https://fixture.example/guide/",
    ] {
        assert!(locs.contains(&url.to_string()), "{url} not in {locs:?}");
    }
    assert_eq!(locs.len(), 9, "{locs:?}");
    assert!(xml.contains("<lastmod>2026-02-01</lastmod>"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://fixture.example/sitemap.xml\n"
    );
}

#[test]
fn assets_get_content_hashed_names() {
    let site = built();
    let home = site.html("public/index.html");
    let css = attrs(&home, "link[rel=stylesheet]", "href");
    assert_eq!(css.len(), 1);
    assert!(
        css[0].starts_with("/css/site.") && css[0].ends_with(".css") && css[0] != "/css/site.css",
        "{css:?}"
    );
    assert!(
        site.path("public")
            .join(css[0].trim_start_matches('/'))
            .is_file()
    );
}

#[test]
fn output_and_base_url_options() {
    let site = Site::fixture("basic");
    let out = site.path("elsewhere");
    site.haven(&[
        "build",
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://preview.example/sub/",
    ])
    .ok();
    let about = std::fs::read_to_string(out.join("about/index.html")).unwrap();
    assert!(
        about.contains("href=\"/sub/news/first/#details\""),
        "{about}"
    );
    assert!(
        std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("https://preview.example/sub/about/")
    );
    assert!(!site.path("public").exists());
}

#[test]
fn two_builds_are_byte_identical_and_leave_no_stale_files() {
    let site = built();
    let first = common::snapshot(&site.path("public"));
    site.write("public/stale.html", "from an older build");
    std::fs::remove_file(site.path("content/news/second.md")).unwrap();
    site.haven(&["build"]).ok();
    assert!(!site.path("public/stale.html").exists());
    assert!(!site.path("public/news/second").exists());
    site.write("content/news/second.md", "+++\ntitle = \"Second item\"\ndate = \"2026-03-01T18:30\"\n+++\n\nThe second item, newer.\n");
    site.haven(&["build"]).ok();
    assert_eq!(common::snapshot(&site.path("public")), first);
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("haven-staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_page_that_gets_shorter_keeps_nothing_of_its_longer_version() {
    // Builds write over the files of the build before last in place; a page that shrank
    // must not keep the old page's tail. Three builds reach a file written over in place.
    let site = Site::fixture("basic");
    let long = "+++\ntitle = \"Changing\"\n+++\n\n".to_string()
        + &"A long paragraph that will go away. ".repeat(400)
        + "\n";
    site.write("content/changing.md", &long);
    site.haven(&["build"]).ok();
    site.haven(&["build"]).ok();
    site.write(
        "content/changing.md",
        "+++\ntitle = \"Changing\"\n+++\n\nShort now.\n",
    );
    site.haven(&["build"]).ok();
    let page = site.read("public/changing/index.html");
    assert!(page.contains("Short now."), "{page}");
    assert!(!page.contains("will go away"), "{page}");
    assert!(page.trim_end().ends_with("</html>"), "{page}");

    let clean = Site::fixture("basic");
    clean.write(
        "content/changing.md",
        "+++\ntitle = \"Changing\"\n+++\n\nShort now.\n",
    );
    clean.haven(&["build"]).ok();
    assert_eq!(
        common::snapshot(&site.path("public")),
        common::snapshot(&clean.path("public"))
    );
}

#[test]
fn timings_are_printed_on_request() {
    let site = Site::fixture("basic");
    let run = site.haven(&["build", "--timings"]).ok();
    assert!(run.stderr.contains("render pages:"), "{}", run.stderr);
    assert!(run.stderr.contains("Built 9 pages in"), "{}", run.stderr);
}
