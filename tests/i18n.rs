//! A bilingual site: the language switcher and its notice pages, hreflang sets, per-language
//! menus, strings, dates, sitemaps, feeds and calendars, and the translation report.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Site, attrs, texts};

/// The fixture with the real theme copied in.
fn site() -> Site {
    let site = Site::fixture("i18n-site");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

fn built() -> Site {
    let s = site();
    s.haven(&["build"]).ok();
    s
}

/// Every warning and error line of `haven check`.
fn problems(s: &Site) -> Vec<String> {
    let run = s.haven(&["check"]);
    run.stderr
        .lines()
        .filter(|l| l.contains(": warning: ") || l.contains(": error: "))
        .map(String::from)
        .collect()
}

/// The output file of a root-relative URL.
fn file_of(url: &str) -> String {
    format!("public{}index.html", url)
}

/// Every HTML file in public/, as root-relative URLs of their folders.
fn pages(s: &Site) -> Vec<String> {
    walkdir::WalkDir::new(s.path("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| {
            let rel = e
                .path()
                .parent()
                .unwrap()
                .strip_prefix(s.path("public"))
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.is_empty() {
                "/".to_string()
            } else {
                format!("/{rel}/")
            }
        })
        .collect()
}

#[test]
fn the_switcher_goes_to_the_translation_of_the_same_page() {
    let s = built();
    let about = s.html("public/about/index.html");
    assert_eq!(attrs(&about, "nav.lang a", "href"), ["/es/about/"]);
    assert_eq!(attrs(&about, "nav.lang a", "lang"), ["es"]);
    assert_eq!(attrs(&about, "nav.lang a", "hreflang"), ["es"]);
    assert_eq!(texts(&about, "nav.lang a"), ["Español"]);
    let es = s.html("public/es/about/index.html");
    assert_eq!(attrs(&es, "nav.lang a", "href"), ["/about/"]);
    assert_eq!(texts(&es, "nav.lang a"), ["English"]);
    assert_eq!(attrs(&es, "html", "lang"), ["es"]);
    assert_eq!(attrs(&about, "html", "lang"), ["en"]);
}

#[test]
fn an_untranslated_page_leads_to_a_spanish_notice_that_links_to_it() {
    let s = built();
    let history = s.html("public/history/index.html");
    assert_eq!(attrs(&history, "nav.lang a", "href"), ["/es/history/"]);
    let notice = s.html("public/es/history/index.html");
    assert_eq!(attrs(&notice, "html", "lang"), ["es"]);
    assert_eq!(
        texts(&notice, "h1"),
        ["Esta página solo está disponible en inglés"]
    );
    assert_eq!(
        texts(&notice, "main p")[0],
        "Todavía no está traducida al español. Puede leerla en inglés:"
    );
    // The link to the English page says it is English.
    let link = scraper::Selector::parse("main a[href='/history/']").unwrap();
    let a = notice
        .select(&link)
        .next()
        .expect("a link to the English page");
    assert_eq!(a.text().collect::<String>(), "Our history");
    assert_eq!(
        (a.value().attr("lang"), a.value().attr("hreflang")),
        (Some("en"), Some("en"))
    );
    // Its nearest translated ancestor is the Spanish home page.
    assert!(attrs(&notice, "main a", "href").contains(&"/es/".to_string()));
    assert_eq!(attrs(&notice, "meta[name=robots]", "content"), ["noindex"]);
    assert!(
        attrs(&notice, "link[hreflang]", "href").is_empty(),
        "a notice is not a translation"
    );
    // Its own switcher goes back to the English page.
    assert_eq!(attrs(&notice, "nav.lang a", "href"), ["/history/"]);
    // Menus of Spanish pages lead to the notice too, never straight into English.
    let home = s.html("public/es/index.html");
    assert!(attrs(&home, "nav.nav-main a", "href").contains(&"/es/history/".to_string()));
    // Notices are not in the sitemaps.
    assert!(!s.read("public/sitemap.xml").contains("/es/history/"));
    assert!(!s.read("public/es/sitemap.xml").contains("/es/history/"));
}

#[test]
fn the_notice_offers_the_nearest_translated_ancestor() {
    let s = built();
    // In a translated section: the Spanish section.
    let n = s.html("public/es/news/only-english/index.html");
    assert_eq!(
        texts(&n, "nav.breadcrumbs li"),
        ["Sitio bilingüe", "Noticias", "English-only news"]
    );
    assert_eq!(attrs(&n, "nav.breadcrumbs li:last-child a", "lang"), ["en"]);
    let hrefs = attrs(&n, "main a", "href");
    assert_eq!(hrefs, ["/news/only-english/", "/es/news/"]);
    assert_eq!(texts(&n, "main a")[1], "Noticias");
    // In an untranslated section: the next translated ancestor up, the Spanish home page.
    let deep = s.html("public/es/guide/deep/index.html");
    assert_eq!(attrs(&deep, "main a", "href"), ["/guide/deep/", "/es/"]);
    // The untranslated section has its own notice.
    assert!(s.path("public/es/guide/index.html").is_file());
}

#[test]
fn every_switcher_link_lands_on_a_page() {
    let s = built();
    let all: BTreeSet<String> = pages(&s).into_iter().collect();
    for url in &all {
        let doc = s.html(&file_of(url));
        for href in attrs(&doc, "nav.lang a", "href") {
            assert!(
                all.contains(&href),
                "{url}: the switcher goes to {href}, which was not built"
            );
        }
    }
}

#[test]
fn menus_crisis_strip_and_theme_strings_follow_the_page_language() {
    let s = built();
    let en = s.html("public/index.html");
    let es = s.html("public/es/index.html");
    assert_eq!(texts(&en, "nav.nav-main a"), ["About", "History", "News"]);
    assert_eq!(
        texts(&es, "nav.nav-main a"),
        ["Quiénes somos", "Historia", "Noticias"]
    );
    assert_eq!(
        attrs(&es, "nav.nav-main a", "href"),
        ["/es/about/", "/es/history/", "/es/news/"]
    );
    assert_eq!(texts(&en, ".crisis h2"), ["Need help now?"]);
    assert_eq!(texts(&es, ".crisis h2"), ["¿Necesita ayuda ahora?"]);
    assert_eq!(
        attrs(&es, ".crisis a", "href"),
        attrs(&en, ".crisis a", "href")
    );
    assert_eq!(
        texts(&es, ".crisis-note"),
        ["Policía, bomberos, ambulancia"]
    );
    assert_eq!(texts(&en, ".skip-link"), ["Skip to main content"]);
    assert_eq!(texts(&es, ".skip-link"), ["Saltar al contenido principal"]);
    assert_eq!(attrs(&es, "nav.nav-main", "aria-label"), ["Principal"]);
    assert_eq!(texts(&es, ".site-title"), ["Sitio bilingüe"]);
    // A passage in the other language keeps its own lang.
    assert_eq!(texts(&es, "main span[lang=en]"), ["Bilingual Fixture"]);
    // Labels Haven writes into the content are in the page's language too.
    let about = s.html("public/es/about/index.html");
    assert_eq!(
        attrs(&about, ".heading-link", "aria-label"),
        ["Enlace a esta sección"]
    );
    assert_eq!(
        attrs(
            &s.html("public/about/index.html"),
            ".heading-link",
            "aria-label"
        ),
        ["Link to this section"]
    );
}

#[test]
fn footnote_labels_are_in_the_page_language() {
    let s = site();
    let body = "+++\ntitle = \"Historia\"\nreviewed = true\n+++\n\n## Origen\n\nLa oficina nació de las sesiones.[^1]\n\n[^1]: Según el plan (Footnotes, en inglés).\n";
    s.write("content/history.es.md", body);
    s.write(
        "content/history.md",
        "+++\ntitle = \"History\"\n+++\n\n## Origin\n\nThe office grew out of the sessions.[^1]\n\n[^1]: Per the blueprint.\n",
    );
    s.haven(&["build"]).ok();
    for (file, labels) in [
        (
            "public/es/history/index.html",
            ["Nota 1", "Volver a la referencia 1", "Notas"],
        ),
        (
            "public/history/index.html",
            ["Footnote 1", "Back to reference 1", "Footnotes"],
        ),
    ] {
        let page = s.html(file);
        let found = [
            attrs(&page, ".footnote-reference a", "aria-label"),
            attrs(&page, ".footnote-backref", "aria-label"),
            texts(&page, ".footnotes h2"),
        ];
        assert_eq!(found, labels.map(|l| vec![l.to_string()]), "{file}");
    }
    // The page's own words are never touched, even when they match a label.
    assert_eq!(
        texts(
            &s.html("public/es/history/index.html"),
            ".footnote-definition p"
        ),
        ["Según el plan (Footnotes, en inglés). ↩\u{fe0e}"]
    );
}

/// The `hreflang` set of a page's head: (hreflang, href).
fn head_set(s: &Site, url: &str) -> BTreeSet<(String, String)> {
    let doc = s.html(&file_of(url));
    let sel = scraper::Selector::parse("head link[rel=alternate][hreflang]").unwrap();
    doc.select(&sel)
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn hreflang_sets_are_reciprocal_and_complete() {
    let s = built();
    let about = head_set(&s, "/about/");
    let expected: BTreeSet<(String, String)> = [
        ("en", "https://fixture.example/about/"),
        ("es", "https://fixture.example/es/about/"),
        ("x-default", "https://fixture.example/about/"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(about, expected);
    // Every page that lists alternates lists itself, x-default, and exactly the set each of
    // its alternates lists.
    let mut checked = 0;
    for url in pages(&s) {
        let set = head_set(&s, &url);
        if set.is_empty() {
            continue;
        }
        let me = format!("https://fixture.example{url}");
        assert!(
            set.iter().any(|(_, h)| *h == me),
            "{url} does not list itself: {set:?}"
        );
        assert!(
            set.iter().any(|(l, _)| l == "x-default"),
            "{url} has no x-default"
        );
        for (lang, href) in &set {
            let other = href.strip_prefix("https://fixture.example").unwrap();
            assert_eq!(
                head_set(&s, other),
                set,
                "{url} lists {lang} {href}, which lists another set"
            );
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} pages had alternates");
    // An untranslated page has none.
    assert!(head_set(&s, "/history/").is_empty());

    // The sitemap says the same as the heads.
    let xml = s.read("public/sitemap.xml");
    assert!(
        xml.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#),
        "{xml}"
    );
    let sitemap = sitemap_sets(&xml);
    for (loc, set) in &sitemap {
        let url = loc.strip_prefix("https://fixture.example").unwrap();
        assert_eq!(set, &head_set(&s, url), "sitemap and head differ for {loc}");
    }
    assert_eq!(sitemap["https://fixture.example/es/about/"], expected);
}

/// loc → its xhtml:link set, from a sitemap.
fn sitemap_sets(xml: &str) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut out = BTreeMap::new();
    for url in xml.split("<url>").skip(1) {
        let loc = url
            .split("<loc>")
            .nth(1)
            .unwrap()
            .split("</loc>")
            .next()
            .unwrap()
            .to_string();
        let set = url
            .split("<xhtml:link ")
            .skip(1)
            .map(|l| {
                let attr = |name: &str| {
                    l.split(&format!("{name}=\""))
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap()
                        .to_string()
                };
                (attr("hreflang"), attr("href"))
            })
            .collect();
        out.insert(loc, set);
    }
    out
}

#[test]
fn each_language_has_its_sitemap_feed_and_calendar() {
    let s = built();
    let es = sitemap_sets(&s.read("public/es/sitemap.xml"));
    assert!(!es.is_empty());
    assert!(
        es.keys()
            .all(|l| l.starts_with("https://fixture.example/es/")),
        "{es:?}"
    );
    assert!(es.contains_key("https://fixture.example/es/news/first/"));
    let all = sitemap_sets(&s.read("public/sitemap.xml"));
    assert!(
        all.contains_key("https://fixture.example/news/first/")
            && all.contains_key("https://fixture.example/es/news/first/")
    );

    let feed = |p: &str| atom_syndication::Feed::read_from(s.read(p).as_bytes()).unwrap();
    let en = feed("public/news/atom.xml");
    let es = feed("public/es/news/atom.xml");
    assert_eq!(es.lang.as_deref(), Some("es"));
    assert_eq!(es.title.value, "Noticias — Sitio bilingüe");
    assert_eq!(
        es.entries
            .iter()
            .map(|e| e.title.value.as_str())
            .collect::<Vec<_>>(),
        ["Primera noticia"]
    );
    assert_eq!(
        en.entries
            .iter()
            .map(|e| e.title.value.as_str())
            .collect::<Vec<_>>(),
        ["English-only news", "First news"]
    );

    let en_cal = s.read("public/sessions/calendar.ics");
    let es_cal = s.read("public/es/sessions/calendar.ics");
    assert!(en_cal.contains("SUMMARY:December meeting"), "{en_cal}");
    assert!(es_cal.contains("SUMMARY:Reunión de diciembre"), "{es_cal}");
    // Sessions are listed in both languages.
    assert!(
        texts(&s.html("public/es/sessions/index.html"), ".session-title")
            .contains(&"Reunión de diciembre".to_string())
    );
    assert!(
        texts(&s.html("public/sessions/index.html"), ".session-title")
            .contains(&"December meeting".to_string())
    );
}

#[test]
fn dates_are_written_in_the_reader_language() {
    let s = site();
    // A page that prints the date filter's forms, in both languages.
    s.write(
        "templates/probe.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>\
         <p id=\"d\">{{ \"2026-12-03\" | date }}</p>\
         <p id=\"t\">{{ \"2026-12-03T18:00:00-05:00\" | date(format=\"%A, %-d %B %Y, %-I:%M %p\") }}</p>\
         <p id=\"am\">{{ \"2026-07-04T09:05:00-04:00\" | date(format=\"%a %-d %b, %-I:%M %p\") }}</p>\
         <p id=\"kw\">{{ \"2026-12-03\" | date(lang=\"en\") }}</p>{% endblock main %}",
    );
    s.write(
        "content/probe.md",
        "+++\ntitle = \"Probe\"\ntemplate = \"probe.html\"\n+++\n",
    );
    s.write(
        "content/probe.es.md",
        "+++\ntitle = \"Prueba\"\ntemplate = \"probe.html\"\nreviewed = true\n+++\n",
    );
    s.haven(&["build"]).ok();
    let en = s.html("public/probe/index.html");
    let es = s.html("public/es/probe/index.html");
    assert_eq!(
        texts(&en, "#d, #t, #am, #kw"),
        [
            "December 3, 2026",
            "Thursday, 3 December 2026, 6:00 p.m.",
            "Sat. 4 July, 9:05 a.m.",
            "December 3, 2026"
        ]
    );
    assert_eq!(
        texts(&es, "#d, #t, #am, #kw"),
        [
            "3 de diciembre de 2026",
            "jueves, 3 diciembre 2026, 6:00 p. m.",
            "sáb 4 jul, 9:05 a. m.",
            "December 3, 2026"
        ]
    );
    // "Last updated" and listings use the language's date_format.
    assert_eq!(
        texts(&s.html("public/es/about/index.html"), "main p.meta"),
        ["Última actualización: 1 de noviembre de 2026"]
    );
    assert!(
        texts(&s.html("public/es/news/index.html"), "main p.meta")
            .contains(&"4 de julio de 2026".to_string())
    );
    // Session times, written by the sessions feature in the page's language.
    let session = s.html("public/es/sessions/2026-12-03-meeting/index.html");
    assert_eq!(
        texts(&session, ".session-facts dd")[0],
        "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m."
    );
    // Its button and status come from the theme's strings.
    assert_eq!(
        texts(&session, ".session-button"),
        ["Agregar al calendario (.ics)"]
    );
    assert_eq!(
        texts(
            &session,
            ".session-facts .session-status[data-when-upcoming]"
        ),
        ["Programada"]
    );
    assert_eq!(
        texts(&session, ".session-facts .session-status[data-when-past]"),
        ["Terminada"]
    );
    let en = s.html("public/sessions/2026-12-03-meeting/index.html");
    assert_eq!(texts(&en, ".session-button"), ["Add to calendar (.ics)"]);
    assert_eq!(
        texts(&en, ".session-facts .session-status[data-when-upcoming]"),
        ["Scheduled"]
    );
}

#[test]
fn check_reports_missing_stale_and_unreviewed_translations() {
    let s = site();
    let got = problems(&s);
    let expected = [
        "content/guide/_index.md:1:1: warning: no Spanish translation",
        "content/guide/deep.md:1:1: warning: no Spanish translation",
        "content/hashed.es.md:3:1: warning: Spanish translation not reviewed by a person (`reviewed = false`)",
        "content/hashed.es.md:4:1: warning: Spanish translation is older than its source: content/hashed.md changed after this translation's `source_hash` was recorded",
        "content/history.md:1:1: warning: no Spanish translation",
        "content/news/only-english.md:1:1: warning: no Spanish translation",
        "content/stale.es.md:3:1: warning: Spanish translation is older than its source: content/stale.md was updated on 2026-11-20, this translation on 2026-11-01",
    ];
    assert_eq!(got, expected);
    let run = s.haven(&["check"]);
    assert!(
        run.stderr
            .contains("then set `source_hash = \"dc081708bfb5\"`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("translate it into content/history.es.md"),
        "{}",
        run.stderr
    );
    // The build still succeeds: these are warnings.
    s.haven(&["build"]).ok();
}

#[test]
fn a_fully_translated_reviewed_site_has_no_translation_warnings() {
    let s = site();
    for f in [
        "history.md",
        "hashed.md",
        "hashed.es.md",
        "stale.md",
        "stale.es.md",
        "news/only-english.md",
        "guide/_index.md",
        "guide/deep.md",
    ] {
        std::fs::remove_file(s.path("content").join(f)).unwrap();
    }
    let config = s.read("config.toml").replace("[[menus.main]]\nname = \"History\"\nnames = { es = \"Historia\" }\nurl = \"@/history.md\"\nweight = 2\n\n", "");
    s.write("config.toml", config);
    assert_eq!(problems(&s), Vec::<String>::new());
    // The recorded fingerprint matches while only other fields change…
    let about = s.read("content/about.md").replace(
        "updated = 2026-11-01\n",
        "updated = 2026-11-01\nweight = 3\n",
    );
    s.write("content/about.md", about);
    assert_eq!(problems(&s), Vec::<String>::new());
    // …and not once the text does.
    let about = s
        .read("content/about.md")
        .replace("We are a fixture.", "We are a bigger fixture.");
    s.write("content/about.md", about);
    assert_eq!(problems(&s).len(), 1);
}

#[test]
fn a_translated_section_without_its_feed_is_reported() {
    let s = site();
    s.write(
        "content/news/_index.es.md",
        "+++\ntitle = \"Noticias\"\nreviewed = true\n+++\n",
    );
    assert!(problems(&s).contains(&"content/news/_index.es.md:2:1: warning: content/news/_index.md publishes a feed (`feed = true`) but this Spanish translation does not".to_string()));
    s.haven(&["build"]).ok();
    assert!(!s.path("public/es/news/atom.xml").exists());
}

#[test]
fn a_missing_string_stops_the_build_naming_file_and_key() {
    let s = site();
    let es = s
        .read("themes/haven/i18n/es.toml")
        .replace("last_updated = \"Última actualización:\"\n", "");
    s.write("themes/haven/i18n/es.toml", es);
    let run = s.haven(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("themes/haven/i18n/es.toml:1:1: error: missing string `last_updated` (present in en.toml)"), "{}", run.stderr);
    assert!(!s.path("public").exists());
    // A key only one language has is missing from the others.
    let s = site();
    let es = s.read("themes/haven/i18n/es.toml") + "extra_key = \"Solo aquí\"\n";
    s.write("themes/haven/i18n/es.toml", es);
    let run = s.haven(&["build"]);
    assert!(
        run.stderr.contains(
            "themes/haven/i18n/en.toml:1:1: error: missing string `extra_key` (present in es.toml)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn strings_files_are_checked() {
    let s = site();
    std::fs::remove_file(s.path("themes/haven/i18n/es.toml")).unwrap();
    let run = s.haven(&["build"]);
    assert!(run.stderr.contains("themes/haven/i18n/es.toml:1:1: error: the theme has no strings for language `es`, which config.toml lists"), "{}", run.stderr);

    let s = site();
    let text = s.read("themes/haven/i18n/es.toml");
    let line = text
        .lines()
        .position(|l| l.starts_with("months = "))
        .unwrap()
        + 1;
    s.write(
        "themes/haven/i18n/es.toml",
        text.replace("\"diciembre\"]", "]")
            .replace("go_home = \"Ir a la página de inicio\"", "go_home = 3"),
    );
    let run = s.haven(&["build"]);
    assert!(
        run.stderr.contains(&format!(
            "themes/haven/i18n/es.toml:{line}:1: error: `months` must list 12 names, found 11"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: string `go_home` must be text in quotes (or a list of texts)"),
        "{}",
        run.stderr
    );
}

/// The fixture with `from` replaced by `to` in config.toml.
fn with_config(from: &str, to: &str) -> Site {
    let s = site();
    let text = s.read("config.toml");
    assert!(text.contains(from), "{from}");
    s.write("config.toml", text.replacen(from, to, 1));
    s
}

fn config_line(s: &Site, needle: &str) -> usize {
    s.read("config.toml")
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn crisis_strips_dial_the_same_numbers_in_every_language() {
    let s = with_config(
        "number = \"988\"\n\n[[menus.main]]",
        "number = \"211\"\n\n[[menus.main]]",
    );
    let line = config_line(&s, "[languages.es.crisis]");
    assert!(problems(&s).contains(&format!("config.toml:{line}:1: error: the Spanish crisis strip does not list 988, which the English one does")));

    let s = with_config(
        "label = \"Línea de crisis\"\nnumber = \"988\"\n",
        "label = \"Línea de crisis\"\nnumber = \"988\"\n\n[[languages.es.crisis.lines]]\nlabel = \"Otra\"\nnumber = \"211\"\n",
    );
    let line = config_line(&s, "[languages.es.crisis]");
    assert!(problems(&s).contains(&format!("config.toml:{line}:1: error: the Spanish crisis strip lists 211, which the English one does not")));

    let s = with_config(
        "label = \"Emergencias\"\nnumber = \"911\"",
        "label = \"Emergencias\"\nnumber = \"988\"",
    );
    let s2 = s.read("config.toml").replacen(
        "label = \"Línea de crisis\"\nnumber = \"988\"",
        "label = \"Línea de crisis\"\nnumber = \"911\"",
        1,
    );
    s.write("config.toml", s2);
    let line = config_line(&s, "[languages.es.crisis]");
    assert!(problems(&s).contains(&format!("config.toml:{line}:1: error: the Spanish crisis strip lists its numbers in another order than the English one")));

    let text = site().read("config.toml");
    let start = text.find("[languages.es.crisis]").unwrap();
    let end = text.find("[[menus.main]]").unwrap();
    let s = site();
    s.write("config.toml", format!("{}{}", &text[..start], &text[end..]));
    let line = config_line(&s, "[languages.es]");
    let got = problems(&s);
    assert!(got.contains(&format!("config.toml:{line}:1: error: the Spanish pages have no crisis strip: `[languages.en.crisis]` has one, `[languages.es.crisis]` is missing")), "{got:?}");
    assert_eq!(s.haven(&["build"]).code, 1);
}

#[test]
fn menu_labels_are_checked() {
    let s = with_config("names = { es = \"Historia\" }\n", "");
    let line = config_line(&s, "url = \"@/history.md\"");
    assert!(problems(&s).contains(&format!("config.toml:{line}:1: warning: menu `main` link `History` has no Spanish name, so Spanish pages show `History`")));
    s.haven(&["build"]).ok();
    // The English label is marked as English on Spanish pages.
    let es = s.html("public/es/index.html");
    assert_eq!(
        attrs(&es, "nav.nav-main a[lang=en]", "href"),
        ["/es/history/"]
    );

    let s = with_config(
        "names = { es = \"Historia\" }",
        "names = { es = \"Historia\", fr = \"Histoire\" }",
    );
    let line = config_line(&s, "url = \"@/history.md\"");
    assert!(problems(&s).contains(&format!("config.toml:{line}:1: error: menu `main` link `History` has a name for `fr`, which is not a language in config.toml")));
}

#[test]
fn the_fixture_config_raises_no_language_problem() {
    // The counterpart of the config checks above.
    let s = site();
    assert!(
        !problems(&s)
            .iter()
            .any(|p| p.starts_with("config.toml") || p.contains("themes/")),
        "{:?}",
        problems(&s)
    );
}

#[test]
fn a_translation_keeps_the_numbers_times_and_addresses_of_its_source() {
    let s = site();
    let es = s.read("content/sessions/2026-12-03-meeting.es.md").replace(
        "address = \"1 Example Street\"",
        "address = \"2 Example Street\"",
    );
    s.write("content/sessions/2026-12-03-meeting.es.md", es);
    let resource = |name: &str, number: &str| {
        format!(
            "+++\ntitle = \"{name}\"\nreviewed = true\n\n[resource]\ncategory = \"crisis\"\noffer = \"Help.\"\nphones = [\n  {{ label = \"Call\", number = \"{number}\" }},\n]\nlast_reviewed = 2026-11-23\n+++\n"
        )
    };
    s.write("content/help/_index.md", "+++\ntitle = \"Help\"\n+++\n");
    s.write(
        "content/help/_index.es.md",
        "+++\ntitle = \"Ayuda\"\nreviewed = true\n+++\n",
    );
    s.write(
        "content/help/line.md",
        resource("Help line", "1-800-555-0100"),
    );
    s.write(
        "content/help/line.es.md",
        resource("Línea de ayuda", "1-800-555-0199"),
    );
    let got = problems(&s);
    assert!(got.contains(&"content/sessions/2026-12-03-meeting.es.md:13:1: error: the Spanish version gives `event.location.address` as `2 Example Street`, but content/sessions/2026-12-03-meeting.md gives `1 Example Street`".to_string()), "{got:?}");
    assert!(got.contains(&"content/help/line.es.md:8:1: error: the Spanish version gives `resource.phones` as `1-800-555-0199`, but content/help/line.md gives `1-800-555-0100`".to_string()), "{got:?}");
    assert_eq!(s.haven(&["build"]).code, 1);
    // A fact left out of the translation is a warning.
    let es = site()
        .read("content/sessions/2026-12-03-meeting.es.md")
        .replace("end = 2026-12-03T19:30\n", "");
    s.write("content/sessions/2026-12-03-meeting.es.md", es);
    let got = problems(&s);
    assert!(got.contains(&"content/sessions/2026-12-03-meeting.es.md:6:1: warning: the Spanish version leaves out `event.end` (`2026-12-03T19:30:00`), which content/sessions/2026-12-03-meeting.md gives".to_string()), "{got:?}");
    // The same numbers in both: no error (the fixture's own session is the other counterpart).
    s.write(
        "content/help/line.es.md",
        resource("Línea de ayuda", "1-800-555-0100"),
    );
    s.write(
        "content/sessions/2026-12-03-meeting.es.md",
        site().read("content/sessions/2026-12-03-meeting.es.md"),
    );
    assert!(
        !problems(&s).iter().any(|p| p.contains(": error: ")),
        "{:?}",
        problems(&s)
    );
}
