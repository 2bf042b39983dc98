//! `haven check`'s content rules: each rule has a page that triggers it and one that does not,
//! in a tiny site written inline; plus exit codes, `--format json`, `--strict`, and proof that
//! `haven check` writes nothing.

mod common;

use common::{Site, snapshot};

const CONFIG: &str = "title = \"Check site\"\nbase_url = \"https://site.example\"\ntheme = \"t\"\n";
const PAGE: &str = "<!doctype html><html lang=\"{{ lang }}\"><title>{{ page.title }}</title><main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main></html>\n";
const SECTION: &str = "<!doctype html><html lang=\"{{ lang }}\"><title>{{ section.title }}</title><main><h1>{{ section.title }}</h1>{{ section.content | safe }}</main></html>\n";

/// A site with a tiny theme, a home page with text, and `files` (path → text).
fn site_with(config_extra: &str, files: &[(&str, &str)]) -> Site {
    let site = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    site.write("config.toml", format!("{CONFIG}{config_extra}"));
    site.write("themes/t/templates/page.html", PAGE);
    site.write("themes/t/templates/section.html", SECTION);
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n",
    );
    for (path, text) in files {
        site.write(path, text);
    }
    // The images the pages show exist, at the address a relative `map.png` has on `bad.md`'s
    // and `good.md`'s pages, so only the rule under test speaks (links to files the site does
    // not have are errors too: tests/resident_checks.rs).
    for page in ["bad", "good"] {
        for image in ["map.png", "line.png", "chart.png"] {
            site.write(&format!("static/{page}/{image}"), "");
        }
    }
    site
}

/// A page file: TOML front matter on lines 1–3, the body from line 4.
fn page(body: &str) -> String {
    format!("+++\ntitle = \"A page\"\n+++\n{body}")
}

/// The `path:line:col: severity: message` lines of a run's stderr.
fn findings(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| {
            l.starts_with("content/") && (l.contains(": error: ") || l.contains(": warning: "))
        })
        .map(String::from)
        .collect()
}

/// Runs `haven check` on `files` (with `bad.md` and `good.md` side by side); returns the exit
/// code and the findings.
fn check(files: &[(&str, &str)]) -> (i32, Vec<String>) {
    check_with("", files)
}

fn check_with(config_extra: &str, files: &[(&str, &str)]) -> (i32, Vec<String>) {
    let site = site_with(config_extra, files);
    let run = site.haven(&["check"]);
    (run.code, findings(&run.stderr))
}

#[test]
fn image_without_a_description_is_an_error() {
    let bad = page("\nThe map:\n\n![](map.png)\n");
    let good = page(
        "\n![A map of the six neighborhoods](map.png)\n\nA line: ![](line.png \"decorative\")\n\n<img src=\"logo.png\" alt=\"The city's logo\"> <img src=\"dots.png\" alt=\"\" role=\"presentation\">\n",
    );
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        ["content/bad.md:7:1: error: the image `map.png` has no description (alt text)"]
    );
    assert_eq!(code, 1);
    let (_, found) = check(&[("content/bad.md", &page("<img src=\"x.png\">\n"))]);
    assert_eq!(
        found,
        ["content/bad.md:4:1: error: the image `x.png` has no description (alt text)"]
    );
}

#[test]
fn a_decorative_image_renders_with_empty_alt_text_and_no_title() {
    let site = site_with(
        "",
        &[(
            "content/good.md",
            &page("\n![](line.png \"decorative\")\n\nText.\n"),
        )],
    );
    site.haven(&["build"]).ok();
    let html = site.html("public/good/index.html");
    let img = scraper::Selector::parse("main img").unwrap();
    let img = html.select(&img).next().expect("an <img>");
    assert_eq!(img.value().attr("src"), Some("line.png"));
    assert_eq!(img.value().attr("alt"), Some(""));
    assert_eq!(
        img.value().attr("title"),
        None,
        "the marker is not shown as a tooltip"
    );
    assert!(
        html.select(&scraper::Selector::parse("figure").unwrap())
            .next()
            .is_none(),
        "nor taken for a figure caption"
    );
}

#[test]
fn the_hint_shows_how_to_describe_or_mark_decorative() {
    let site = site_with("", &[("content/bad.md", &page("![](map.png)\n"))]);
    let run = site.haven(&["check"]);
    assert!(
        run.stderr.contains("hint: describe what the image shows, e.g. ![A map of the six neighborhoods](map.png); if it is only decoration, write ![](map.png \"decorative\")"),
        "{}",
        run.stderr
    );
    // The source line is shown under the message.
    assert!(run.stderr.contains("4 │ ![](map.png)"), "{}", run.stderr);
}

#[test]
fn a_skipped_heading_level_is_an_error() {
    let bad = page("\n## Part\n\nText.\n\n#### Detail\n\nText.\n");
    let good = page("\n## Part\n\n### Detail\n\n#### Finer\n\n## Next part\n");
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            "content/bad.md:9:1: error: this heading skips a level: level 4 (`####`) comes after a level-2 heading"
        ]
    );
    assert_eq!(code, 1);
    let (_, found) = check(&[("content/bad.md", &page("### Starts too deep\n"))]);
    assert_eq!(
        found,
        [
            "content/bad.md:4:1: error: the first heading skips a level: it is level 3 (`###`); the page's headings start at level 2"
        ]
    );
}

#[test]
fn a_second_main_heading_is_an_error() {
    let bad = page("\n# A page\n\nText.\n");
    let good = page("\n## A part\n\nText.\n");
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            "content/bad.md:5:1: error: this is a second main heading (`#`): the page title is already the page's main heading"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn a_table_without_a_header_row_is_an_error() {
    let bad = page("\n| | |\n|---|---|\n| Monday | 6 pm |\n");
    let good = page(
        "\n| Day | Time |\n|---|---|\n| Monday | 6 pm |\n\n<table><tr><th>Day</th></tr><tr><td>Monday</td></tr></table>\n",
    );
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        ["content/bad.md:5:1: error: this table has no header row: its first row is empty"]
    );
    assert_eq!(code, 1);
}

#[test]
fn loading_anything_from_another_website_is_an_error() {
    let bad = page(concat!(
        "\n<script src=\"https://cdn.example.net/a.js\"></script>\n",
        "\n<iframe title=\"Map\" src=\"https://maps.example.com/embed\"></iframe>\n",
        "\nText <img alt=\"Logo\" src=\"//img.example.net/logo.png\"> here.\n",
        "\n<div style=\"font-family: x; background: url('https://bg.example.net/a.png')\">x</div>\n",
        "\n<style>@import url(https://css.example.net/s.css);</style>\n",
        "\n![A chart](https://charts.example.org/c.png)\n",
    ));
    let good = page(concat!(
        "\nSee [the state's page](https://portal.ct.gov/) or <a href=\"https://other.example/\">the other site</a>.\n",
        "\n<img alt=\"Logo\" src=\"/logo.png\"> <img alt=\"Our logo\" src=\"https://site.example/logo.png\">\n",
        "\n![A chart](chart.png)\n",
    ));
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            // The sanitizer refuses the script, the embed and the styles outright; the privacy
            // rule adds which website each would have told about the reader.
            "content/bad.md:5:1: error: this HTML loads and runs a script (`<script src=\"https://cdn.example.net/a.js\">`)",
            "content/bad.md:5:14: error: this HTML loads a script from another website (cdn.example.net): `https://cdn.example.net/a.js`",
            "content/bad.md:7:1: error: `<iframe>` embeds another page or object in this one; this site publishes no embedded content",
            "content/bad.md:7:26: error: this HTML loads an embedded page (<iframe>) from another website (maps.example.com): `https://maps.example.com/embed`",
            "content/bad.md:9:27: error: this HTML loads an image from another website (img.example.net): `//img.example.net/logo.png`",
            "content/bad.md:11:6: error: styles written into a page (`style=\"…\"`) are blocked by the site's security policy",
            "content/bad.md:11:46: error: this HTML loads a file named in CSS from another website (bg.example.net): `https://bg.example.net/a.png`",
            "content/bad.md:13:1: error: styles written into a page (`<style>`) are blocked by the site's security policy",
            "content/bad.md:13:20: error: this HTML loads a stylesheet (@import) from another website (css.example.net): `https://css.example.net/s.css`",
            "content/bad.md:15:1: error: the image `https://charts.example.org/c.png` is loaded from another website (charts.example.org)",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn vague_link_text_is_a_warning() {
    let bad = page(
        "\nFor the plan, [click here](@/good.md).\n\nThe report: [read more](@/good.md).\n\nSee <https://portal.ct.gov/dcf>.\n",
    );
    let good = page(
        "\nRead [the blueprint](@/bad.md), call [911](tel:911), or see [the state's child welfare site](https://portal.ct.gov/dcf).\n",
    );
    let (code, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            "content/bad.md:5:15: warning: the link text “click here” does not say where the link goes",
            "content/bad.md:7:13: warning: the link text “read more” does not say where the link goes",
            "content/bad.md:9:5: warning: the link text is a bare web address (`https://portal.ct.gov/dcf`)",
        ]
    );
    assert_eq!(code, 0, "warnings alone do not fail");
}

#[test]
fn long_text_in_capitals_is_a_warning() {
    let bad = page("\nIMPORTANT: ALL SESSIONS ARE FREE AND OPEN.\n");
    let good = page(
        "\nThe city works with CAGV, the ASL interpreters and WCAG experts.\n\nTHE CITY AND CAGV met.\n",
    );
    let (_, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            "content/bad.md:5:1: warning: 7 words in a row are in capital letters: “IMPORTANT: ALL SESSIONS ARE FREE AND OPEN.”"
        ]
    );
}

const LONG: &str = "The city and its partners held listening sessions in six neighborhoods so that the people who live there could say what the new office should do first.";

#[test]
fn a_long_sentence_is_a_warning() {
    let bad = page(&format!("\nShort one. {LONG}\n"));
    let good = page(
        "\nThe city held listening sessions in six neighborhoods. People said what the office should do first.\n",
    );
    let (_, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        [
            "content/bad.md:5:12: warning: this sentence has 27 words (more than 25): “The city and its partners held listening sessions in six…”"
        ]
    );
}

#[test]
fn a_long_paragraph_is_a_warning() {
    let bad = page("\nWe listen. We plan. We act. We check. We learn. We share.\n");
    let good = page(
        "\nWe listen. We plan. We act.\n\nWe check. We learn. We share.\n\n- One. Two. Three. Four. Five. Six.\n\n> A quote. It has. More than. Five. Short. Sentences.\n",
    );
    let (_, found) = check(&[("content/bad.md", &bad), ("content/good.md", &good)]);
    assert_eq!(
        found,
        ["content/bad.md:5:1: warning: this paragraph has 6 sentences (more than 5)"]
    );
}

/// About 120 words of long, Latin words in short sentences: grade well above 8.
fn hard_text() -> String {
    let s = "Comprehensive intergovernmental coordination necessitates considerable administrative infrastructure. Municipal departments coordinate community violence intervention initiatives. ";
    format!(
        "\n{}\n",
        s.repeat(8)
            .trim_end()
            .replace("infrastructure. ", "infrastructure.\n\n")
    )
}

/// About 120 words of plain words.
fn plain_text() -> String {
    let s =
        "We help people in the city find the help they need. You can call us at any time of day. ";
    format!(
        "\n{}\n",
        s.repeat(6).trim_end().replace("need. ", "need.\n\n")
    )
}

#[test]
fn a_reading_grade_above_the_target_is_a_warning() {
    let (_, found) = check(&[
        ("content/bad.md", &page(&hard_text())),
        ("content/good.md", &page(&plain_text())),
    ]);
    assert_eq!(
        found,
        [
            "content/bad.md:5:1: warning: this page reads at school grade 36.9 (Flesch-Kincaid), above the target of 8; its longest sentence (7 words) is “Comprehensive intergovernmental coordination necessitates considerable administrative infrastructure.”"
        ]
    );
    // The target comes from config.toml.
    let (_, found) = check_with(
        "reading_grade_target = 40\n",
        &[("content/bad.md", &page(&hard_text()))],
    );
    assert!(found.is_empty(), "{found:?}");
    // Pages under 100 words, and pages not in English, are not graded.
    let short = page(
        "\nComprehensive intergovernmental coordination necessitates considerable administrative infrastructure.\n",
    );
    let spanish = "+++\ntitle = \"Una página\"\n+++\n".to_string() + &hard_text();
    let (_, found) = check_with(
        "[languages.es]\nname = \"Español\"\n",
        &[
            ("content/short.md", &short),
            ("content/bad.es.md", &spanish),
        ],
    );
    // (The translation report's own warnings are not about reading grade.)
    let found: Vec<&String> = found
        .iter()
        .filter(|f| !f.contains("no Spanish translation"))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn an_empty_section_is_a_warning() {
    let empty = "+++\ntitle = \"Sessions\"\n+++\n";
    let with_text = "+++\ntitle = \"News\"\n+++\n\nNo news yet.\n";
    let with_page = "+++\ntitle = \"Resources\"\n+++\n";
    let (code, found) = check(&[
        ("content/sessions/_index.md", empty),
        ("content/news/_index.md", with_text),
        ("content/resources/_index.md", with_page),
        ("content/resources/help.md", &page("\nCall 911.\n")),
    ]);
    assert_eq!(
        found,
        [
            "content/sessions/_index.md:2:1: warning: this section is empty: it has no text and no pages"
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn a_clean_site_has_no_findings_and_exits_0() {
    let site = site_with("", &[("content/good.md", &page(&plain_text()))]);
    let run = site.haven(&["check"]).ok();
    assert!(
        run.stderr.contains("0 errors, 0 warnings"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_format_for_tools() {
    let site = site_with(
        "",
        &[(
            "content/bad.md",
            &page("\n![](map.png)\n\n[here](@/bad.md)\n"),
        )],
    );
    let run = site.haven(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let d = &v["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 2, "{v}");
    assert_eq!(d[0]["path"], "content/bad.md");
    assert_eq!(d[0]["line"], 5);
    assert_eq!(d[0]["col"], 1);
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(
        d[0]["message"],
        "the image `map.png` has no description (alt text)"
    );
    assert!(
        d[0]["hint"]
            .as_str()
            .unwrap()
            .starts_with("describe what the image shows")
    );
    assert_eq!(d[1]["severity"], "warning");
    assert_eq!(d[1]["line"], 7);
    assert_eq!(
        v["summary"],
        serde_json::json!({ "errors": 1, "warnings": 1 })
    );
    // The human summary stays on stderr, and the messages are not repeated there.
    assert!(run.stderr.contains("1 error, 1 warning"), "{}", run.stderr);
    assert!(findings(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn strict_makes_warnings_fail() {
    let site = site_with(
        "",
        &[("content/bad.md", &page("\nSee [here](@/bad.md).\n"))],
    );
    assert_eq!(site.haven(&["check"]).code, 0);
    let run = site.haven(&["check", "--strict"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);

    // `haven build` lists only a count of warnings and succeeds…
    let run = site.haven(&["build"]).ok();
    assert!(
        run.stderr
            .contains("1 warning (run `haven check` to see it)"),
        "{}",
        run.stderr
    );
    assert!(findings(&run.stderr).is_empty(), "{}", run.stderr);
    let before = snapshot(&site.path("public"));
    // …but with --strict it lists them, fails, and leaves public/ as it was.
    site.write(
        "content/bad.md",
        page("\nSee [here](@/bad.md), or [click here](@/bad.md).\n"),
    );
    let run = site.haven(&["build", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        findings(&run.stderr),
        [
            "content/bad.md:5:5: warning: the link text “here” does not say where the link goes",
            "content/bad.md:5:26: warning: the link text “click here” does not say where the link goes",
        ]
    );
    assert!(
        run.stderr
            .contains("Build failed: 0 errors, 2 warnings (--strict: warnings fail the build)"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&site.path("public")), before);
}

#[test]
fn build_fails_on_rule_errors_and_leaves_public_alone() {
    let site = site_with("", &[("content/good.md", &page("\nText.\n"))]);
    site.haven(&["build"]).ok();
    let before = snapshot(&site.path("public"));
    site.write("content/good.md", page("\n![](map.png)\n"));
    let run = site.haven(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        findings(&run.stderr),
        ["content/good.md:5:1: error: the image `map.png` has no description (alt text)"]
    );
    assert_eq!(snapshot(&site.path("public")), before);
}

#[test]
fn check_writes_nothing() {
    let site = site_with(
        "",
        &[
            ("content/bad.md", &page("\n![](map.png)\n")),
            ("content/good.md", &page(&plain_text())),
        ],
    );
    let before = snapshot(site.root());
    assert_eq!(site.haven(&["check"]).code, 1);
    assert_eq!(
        site.haven(&["check", "--format", "json", "--strict"]).code,
        1
    );
    assert_eq!(
        snapshot(site.root()),
        before,
        "haven check changed the site folder"
    );
    assert!(!site.path("public").exists());
}
