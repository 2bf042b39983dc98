//! §4: small files that would stall a build. Each either builds (with work in proportion to
//! its size) or stops at a limit with a clear error; repeated problems are counted, not all
//! printed. (How long each takes and how much memory is measured for the report with
//! `/usr/bin/time -v`, not asserted here.)

use super::{built, canary_untouched, pin};

fn page(body: &str) -> String {
    format!("+++\ntitle = \"Big\"\n+++\n\n{body}")
}

#[test]
fn html_nested_too_deep_is_an_error_at_the_tag() {
    let site = built();
    let body = format!("{}x{}\n", "<div>".repeat(100_000), "</div>".repeat(100_000));
    site.write("content/big.md", page(&body));
    let err = site.failure_as_staff_see_it(&["build"]);
    pin("hardening_html_depth", &err, &site, None);
    canary_untouched(&site);
}

#[test]
fn a_tag_with_too_many_attributes_is_an_error() {
    let site = built();
    let attrs: Vec<String> = (0..50_000).map(|i| format!("a{i}=\"x\"")).collect();
    site.write(
        "content/big.md",
        page(&format!("<p {}>x</p>\n", attrs.join(" "))),
    );
    let err = site.failure_as_staff_see_it(&["build"]);
    pin("hardening_html_attributes", &err, &site, None);
}

#[test]
fn front_matter_nested_too_deep_is_an_error_in_yaml_and_toml() {
    let site = built();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    site.write(
        "content/big.md",
        format!("---\ntitle: Big\nextra:\n  a: {deep}\n---\n\nText.\n"),
    );
    let yaml = site.failure_as_staff_see_it(&["build"]);
    site.write(
        "content/big.md",
        format!("+++\ntitle = \"Big\"\n[extra]\na = {deep}\n+++\n\nText.\n"),
    );
    let toml = site.failure_as_staff_see_it(&["build"]);
    let dotted = ["a"; 1000].join(".");
    site.write(
        "content/big.md",
        format!("+++\ntitle = \"Big\"\n[extra]\n{dotted} = 1\n+++\n\nText.\n"),
    );
    let keys = site.failure_as_staff_see_it(&["build"]);
    pin(
        "hardening_front_depth",
        &format!("{yaml}\n{toml}\n{keys}"),
        &site,
        None,
    );
}

#[test]
fn wide_tables_and_pages_of_cells_are_errors() {
    let site = built();
    let header = format!(
        "|{}|\n|{}|\n",
        vec!["c"; 5000].join("|"),
        vec!["-"; 5000].join("|")
    );
    site.write("content/big.md", page(&format!("{header}|x|\n")));
    let wide = site.failure_as_staff_see_it(&["build"]);
    let narrow = format!(
        "|{}|\n|{}|\n",
        vec!["c"; 100].join("|"),
        vec!["-"; 100].join("|")
    );
    let rows = "|x|\n".repeat(2_000);
    site.write("content/big.md", page(&format!("{narrow}{rows}")));
    let cells = site.failure_as_staff_see_it(&["build"]);
    pin("hardening_tables", &format!("{wide}\n{cells}"), &site, None);
    // A table of ordinary size is fine.
    site.write(
        "content/big.md",
        page(&format!("{narrow}{}", "|x|\n".repeat(50))),
    );
    site.haven_here(&["build"]).ok();
    assert!(site.read("public/big/index.html").contains("<table>"));
}

#[test]
fn twenty_thousand_identical_headings_get_unique_ids() {
    let site = built();
    site.write(
        "content/big.md",
        page(&"## Same heading\n\nText.\n\n".repeat(20_000)),
    );
    site.haven_here(&["build"]).ok();
    let html = site.read("public/big/index.html");
    assert!(html.contains("id=\"same-heading\""));
    assert!(html.contains("id=\"same-heading-19999\""));
    assert!(!html.contains("id=\"same-heading-20000\""));
    canary_untouched(&site);
}

#[test]
fn twenty_thousand_broken_links_print_ten_and_a_count() {
    let site = built();
    let links: String = (0..20_000)
        .map(|i| {
            format!(
                "[page {i}](@/missing-{}.md) and [part](#nowhere-{i})\n\n",
                i % 10
            )
        })
        .collect();
    site.write("content/big.md", page(&links));
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(
        err.contains(
            "content/big.md: and 19,990 more errors like this one: the link to `@/missing-0.md`"
        ),
        "{}",
        &err[err.len().saturating_sub(2000)..]
    );
    assert!(
        err.contains("and 19,990 more errors like this one: the link goes to heading `#nowhere-0`")
    );
    assert_eq!(err.matches("error: the link to").count(), 10);
    assert!(
        err.contains("Build failed: 40,000 errors"),
        "{}",
        &err[err.len() - 300..]
    );
    // JSON lists every one.
    let json = site.haven_here(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 40_000);
    canary_untouched(&site);
}

#[test]
fn a_broken_heading_link_on_a_page_of_many_headings_lists_a_few() {
    let site = built();
    let headings: String = (0..500)
        .map(|i| format!("## Part {i}\n\nText.\n\n"))
        .collect();
    site.write("content/big.md", page(&format!("{headings}[jump](#zzz)\n")));
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(
        err.contains("headings there are: #part-0, #part-1"),
        "{err}"
    );
    assert!(err.contains("#part-9, and 490 more"), "{err}");
}
