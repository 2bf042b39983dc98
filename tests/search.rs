//! Site search: the index `haven build` writes (one per language, each page's `<main>` only,
//! no redirects, printable sheets, notices or 404), the search pages and the header box.
//! The browser side (results as you type, no request leaving the machine) is
//! tests/browser/search.mjs.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use common::{Site, attrs, texts};

/// The search fixture with the real theme copied in.
fn site() -> Site {
    let site = Site::fixture("search-site");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

fn built() -> Site {
    let s = site();
    s.haven_here(&["build"]).ok();
    s
}

/// pagefind's files are gzip with a `pagefind_dcd` marker in front.
fn unpack(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out.strip_prefix(b"pagefind_dcd").unwrap().to_vec()
}

/// Every indexed page: (language, its fragment as JSON).
fn fragments(s: &Site) -> Vec<(String, serde_json::Value)> {
    let dir = s.path("public/pagefind/fragment");
    let mut out: Vec<(String, serde_json::Value)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let lang = name.split('_').next().unwrap().to_string();
            let json = serde_json::from_slice(&unpack(&std::fs::read(e.path()).unwrap())).unwrap();
            (lang, json)
        })
        .collect();
    out.sort_by(|a, b| a.1["url"].as_str().cmp(&b.1["url"].as_str()));
    out
}

/// Indexed URLs per language.
fn indexed(s: &Site) -> BTreeMap<String, BTreeSet<String>> {
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (lang, f) in fragments(s) {
        map.entry(lang)
            .or_default()
            .insert(f["url"].as_str().unwrap().to_string());
    }
    map
}

/// The search script's settings on a search page.
fn search_config(s: &Site, file: &str) -> serde_json::Value {
    let text = attrs(
        &s.html(file),
        "form[data-search-form]",
        "data-search-config",
    );
    serde_json::from_str(&text[0]).unwrap()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const ENGLISH_PAGES: &[&str] = &[
    "/",
    "/about/",
    "/history/",
    "/news/",
    "/news/burial-help/",
    "/news/zebra-walk/",
    "/resources/",
    "/resources/lifeline/",
];
const SPANISH_PAGES: &[&str] = &["/es/", "/es/about/"];

#[test]
fn one_index_per_language_holds_that_languages_pages() {
    let s = built();
    let entry: serde_json::Value =
        serde_json::from_str(&s.read("public/pagefind/pagefind-entry.json")).unwrap();
    let langs = entry["languages"].as_object().unwrap();
    assert_eq!(langs.keys().collect::<Vec<_>>(), ["en", "es"]);
    assert_eq!(langs["en"]["page_count"], ENGLISH_PAGES.len());
    assert_eq!(langs["es"]["page_count"], SPANISH_PAGES.len());
    let by_lang = indexed(&s);
    assert_eq!(by_lang["en"], set(ENGLISH_PAGES));
    assert_eq!(by_lang["es"], set(SPANISH_PAGES));
    // Each language has its own word index: the Spanish word is only in the Spanish one.
    let index_of = |lang: &str| -> Vec<u8> {
        std::fs::read_dir(s.path("public/pagefind/index"))
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{lang}_"))
            })
            .flat_map(|e| unpack(&std::fs::read(e.path()).unwrap()))
            .collect()
    };
    let has = |hay: &[u8], word: &str| hay.windows(word.len()).any(|w| w == word.as_bytes());
    assert!(has(&index_of("es"), "mariposari"));
    assert!(!has(&index_of("en"), "mariposari"));
    assert!(has(&index_of("en"), "zanzibarit"));
    assert!(!has(&index_of("es"), "zanzibarit"));
}

#[test]
fn only_main_is_indexed() {
    let s = built();
    // The menu entry, the crisis strip, the footer and the header search box are on every
    // page, outside <main>.
    let about = s.read("public/about/index.html");
    assert!(about.contains("Menuonlyword") && about.contains("Need help now?"));
    let all: Vec<(String, serde_json::Value)> = fragments(&s);
    let about_text = all
        .iter()
        .find(|(_, f)| f["url"] == "/about/")
        .map(|(_, f)| f["content"].as_str().unwrap().to_string())
        .unwrap();
    assert!(about_text.contains("zanzibarite"), "{about_text}");
    assert!(about_text.starts_with("About the office."), "{about_text}");
    for (_, f) in &all {
        let text = f["content"].as_str().unwrap();
        for outside in [
            "Menuonlyword",
            "Need help now",
            "Search this site",
            "Skip to main",
        ] {
            assert!(
                !text.contains(outside),
                "{} has {outside:?}: {text}",
                f["url"]
            );
        }
        // Heading self-links are not words of the page.
        assert!(
            !text.contains(" #"),
            "{} has a heading link: {text}",
            f["url"]
        );
        assert_ne!(f["meta"]["title"], "", "{} has no title", f["url"]);
    }
    let words: Vec<u8> = std::fs::read_dir(s.path("public/pagefind/index"))
        .unwrap()
        .flatten()
        .flat_map(|e| unpack(&std::fs::read(e.path()).unwrap()))
        .collect();
    assert!(!words.windows(12).any(|w| w == b"menuonlyword"));
}

#[test]
fn redirects_print_sheets_notices_and_404_are_left_out() {
    let s = built();
    // They exist…
    for rel in [
        "public/old-about/index.html",
        "public/resources/print/index.html",
        "public/es/history/index.html",
        "public/404.html",
        "public/search/index.html",
    ] {
        assert!(s.path(rel).is_file(), "{rel}");
    }
    // …and are not in the index, which holds exactly the pages written from Markdown.
    let all: BTreeSet<String> = indexed(&s).into_values().flatten().collect();
    let expected: BTreeSet<String> = ENGLISH_PAGES
        .iter()
        .chain(SPANISH_PAGES)
        .map(|s| s.to_string())
        .collect();
    assert_eq!(all, expected);
}

#[test]
fn only_the_files_search_uses_are_written() {
    let s = built();
    let top: BTreeSet<String> = std::fs::read_dir(s.path("public/pagefind"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".pf_meta"))
        .collect();
    assert_eq!(
        top,
        set(&[
            "fragment",
            "index",
            "pagefind-entry.json",
            "pagefind.js",
            "wasm.en.pagefind",
            "wasm.es.pagefind"
        ])
    );
    // The theme's own script loads pagefind from this site, never from another host.
    let config = search_config(&s, "public/search/index.html");
    assert_eq!(config["bundle"], "/pagefind/");
    for html in walkdir::WalkDir::new(s.path("public"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let text = std::fs::read_to_string(html.path()).unwrap();
        assert!(!text.contains("pagefind-ui"), "{}", html.path().display());
    }
}

#[test]
fn search_pages_work_without_javascript_in_each_language() {
    let s = built();
    // (file, form action, its pages, label, no-JS note, quick exits)
    for (file, action, lang_pages, label, needs_js, exits) in [
        (
            "public/search/index.html",
            "/search/",
            ENGLISH_PAGES,
            "Search this site",
            "only when JavaScript is on",
            1,
        ),
        (
            "public/es/buscar/index.html",
            "/es/buscar/",
            SPANISH_PAGES,
            "Buscar en este sitio",
            "solo si JavaScript está activado",
            0,
        ),
    ] {
        let doc = s.html(file);
        assert_eq!(attrs(&doc, "form[data-search-form]", "action"), [action]);
        assert_eq!(attrs(&doc, "form[data-search-form]", "method"), ["get"]);
        assert_eq!(attrs(&doc, "form[data-search-form] input", "name"), ["q"]);
        assert_eq!(texts(&doc, "form[data-search-form] label"), [label]);
        assert!(texts(&doc, "[data-search-nojs]")[0].contains(needs_js));
        // Every page of the language is in the A to Z list, and nothing else.
        let listed: BTreeSet<String> = attrs(&doc, ".search-group li a", "href")
            .into_iter()
            .collect();
        assert_eq!(listed, set(lang_pages), "{file}");
        // A language with a quick exit (the English Resources) has one on its search page
        // too; the Spanish pages of this fixture have none.
        assert_eq!(
            attrs(&doc, "a[data-quick-exit]", "href").len(),
            exits,
            "{file}"
        );
        // Its own form is the search box: no second one in the header.
        assert!(texts(&doc, ".site-search").is_empty(), "{file}");
    }
    let en = s.html("public/search/index.html");
    let groups = texts(&en, ".search-group h3");
    assert_eq!(groups, ["Search Fixture", "News", "Resources for families"]);
    let news: Vec<String> = texts(&en, ".search-group:nth-of-type(2) li");
    assert_eq!(
        news,
        ["A walk in the park", "Help with burial costs", "News"]
    );
    // The language switcher goes to the other search page.
    assert_eq!(attrs(&en, "nav.lang a", "href"), ["/es/buscar/"]);
    // Not a page for search engines to list.
    assert!(!s.read("public/sitemap.xml").contains("/search/"));
}

#[test]
fn every_page_has_a_labelled_search_box_below_the_crisis_strip() {
    let s = built();
    for (file, action, label) in [
        ("public/about/index.html", "/search/", "Search this site"),
        (
            "public/news/zebra-walk/index.html",
            "/search/",
            "Search this site",
        ),
        (
            "public/es/about/index.html",
            "/es/buscar/",
            "Buscar en este sitio",
        ),
        ("public/404.html", "/search/", "Search this site"),
    ] {
        let doc = s.html(file);
        assert_eq!(
            attrs(&doc, ".site-search form", "action"),
            [action],
            "{file}"
        );
        assert_eq!(
            attrs(&doc, ".site-search form", "method"),
            ["get"],
            "{file}"
        );
        assert_eq!(attrs(&doc, ".site-search label", "for"), ["h-site-search"]);
        assert_eq!(attrs(&doc, ".site-search input", "id"), ["h-site-search"]);
        assert_eq!(texts(&doc, ".site-search label"), [label]);
        let html = s.read(file);
        let crisis = html.find("class=\"crisis\"").unwrap();
        let search = html.find("class=\"site-search\"").unwrap();
        assert!(
            crisis < search,
            "{file}: the crisis numbers must come first"
        );
    }
}

#[test]
fn two_builds_write_the_same_index() {
    let s = built();
    let first = common::snapshot(&s.path("public/pagefind"));
    s.haven_here(&["build"]).ok();
    assert_eq!(first, common::snapshot(&s.path("public/pagefind")));
    // An edit changes the index.
    s.write(
        "content/news/zebra-walk.md",
        "+++\ntitle = \"A walk in the park\"\ndate = 2026-10-02\n+++\n\nQuokkalicious neighbors.\n",
    );
    s.haven_here(&["build"]).ok();
    let text: String = fragments(&s)
        .into_iter()
        .map(|(_, f)| f["content"].as_str().unwrap().to_string())
        .collect();
    assert!(text.contains("Quokkalicious"));
}

#[test]
fn a_page_at_the_search_address_is_an_error() {
    let s = site();
    s.write(
        "content/search.md",
        "+++\ntitle = \"Search tips\"\n+++\n\nTips.\n",
    );
    let err = s.failure_as_staff_see_it(&["build"]);
    let ours: String = err
        .split("\n\n")
        .filter(|b| b.contains("search page"))
        .collect::<Vec<_>>()
        .join("\n\n");
    insta::assert_snapshot!(ours);
}

#[test]
fn a_synonym_group_of_one_word_is_a_warning() {
    let s = site();
    let path = "themes/haven/i18n/en.toml";
    let strings = s
        .read(path)
        .replace("  \"funeral, burial\",", "  \"funeral\",");
    s.write(path, strings);
    let run = s.haven_here(&["check"]);
    let ours: String = run
        .stderr
        .split("\n\n")
        .filter(|b| b.contains("search synonyms"))
        .collect::<Vec<_>>()
        .join("\n\n");
    insta::assert_snapshot!(ours);
    // A warning: the site still builds, with the other groups.
    s.haven_here(&["build"]).ok();
    let groups = &search_config(&s, "public/search/index.html")["synonyms"];
    assert_eq!(
        groups[0],
        serde_json::json!(["victim compensation", "OVS", "Office of Victim Services"])
    );
    assert!(!groups.as_array().unwrap().iter().any(|g| g[0] == "funeral"));
}

/// Ends `haven serve` when the test ends, however it ends.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits (up to 20 s) until `check` holds.
#[track_caller]
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !check() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting: {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn haven_serve_updates_the_index_when_a_page_is_saved() {
    let s = site();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["serve", "--port", "0"])
        .current_dir(s.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut server = Serving(common::haven_env(&mut cmd).spawn().unwrap());
    // It watches the files once it says where it serves.
    let stdout = std::io::BufReader::new(server.0.stdout.take().unwrap());
    let said = std::io::BufRead::lines(stdout)
        .map_while(Result::ok)
        .find(|l| l.contains("Serving the preview"));
    assert!(said.is_some(), "haven serve never said where it serves");
    let has_word = |s: &Site, word: &str| -> bool {
        s.path("public/pagefind/pagefind-entry.json").is_file()
            && std::panic::catch_unwind(|| fragments(s))
                .map(|all| {
                    all.iter()
                        .any(|(_, f)| f["content"].as_str().unwrap_or("").contains(word))
                })
                .unwrap_or(false)
    };
    eventually("the first index", || has_word(&s, "zanzibarite"));
    let fragment_files = |s: &Site| -> BTreeSet<String> {
        std::fs::read_dir(s.path("public/pagefind/fragment"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    let before = fragment_files(&s);
    s.write(
        "content/news/zebra-walk.md",
        "+++\ntitle = \"A walk in the park\"\ndate = 2026-10-02\n+++\n\nQuokkalicious neighbors.\n",
    );
    eventually("the saved page in the index", || {
        has_word(&s, "Quokkalicious")
    });
    eventually("the old version gone", || !has_word(&s, "walked together"));
    // Only the edited page's excerpt file is new; the others were left as they were.
    let after = fragment_files(&s);
    assert_eq!(
        before.difference(&after).count(),
        1,
        "{before:?} → {after:?}"
    );
    assert_eq!(
        after.difference(&before).count(),
        1,
        "{before:?} → {after:?}"
    );
}

#[test]
fn haven_build_and_haven_serve_write_the_same_index() {
    // `haven build` writes each page as soon as it renders it, sections last, and reads it for
    // the index on the thread that rendered it; `haven serve` renders stage by stage and keeps
    // its index up to date. The index must not depend on which of them wrote it.
    let s = built();
    let from_build = common::snapshot(&s.path("public/pagefind"));
    assert!(from_build.len() > 4, "haven build wrote no index");
    std::fs::remove_dir_all(s.path("public")).unwrap();
    let _ = std::fs::remove_dir_all(s.path(".public.haven-previous"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["serve", "--port", "0"])
        .current_dir(s.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let _server = Serving(common::haven_env(&mut cmd).spawn().unwrap());
    let from_serve = || {
        s.path("public/pagefind/pagefind-entry.json")
            .is_file()
            .then(|| common::snapshot(&s.path("public/pagefind")))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while from_serve().as_ref() != Some(&from_build) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let served = from_serve().unwrap_or_default();
    let names = |m: &BTreeMap<std::path::PathBuf, Vec<u8>>| -> Vec<String> {
        m.keys().map(|k| k.display().to_string()).collect()
    };
    assert_eq!(names(&served), names(&from_build), "other index files");
    for (name, bytes) in &from_build {
        assert!(served[name] == *bytes, "{} differs", name.display());
    }
}

#[test]
fn a_theme_without_a_search_page_gets_no_index() {
    let s = site();
    std::fs::remove_file(s.path("themes/haven/templates/search.html")).unwrap();
    s.haven_here(&["build"]).ok();
    assert!(!s.path("public/pagefind").exists());
    assert!(!s.path("public/search").exists());
    // Nor a box pointing at a page that is not there.
    assert!(!s.read("public/about/index.html").contains("site-search"));
}
