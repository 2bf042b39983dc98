//! Bad input: each mistake staff can make gets a clear message at file:line, exit code 1, and
//! the site already in `public/` stays exactly as it was.

mod common;

use common::{Site, snapshot};

/// Builds the good fixture, applies `breakage`, builds again, and checks the failure.
#[track_caller]
fn fails_cleanly(breakage: impl FnOnce(&Site), location: &str, message: &str) -> String {
    let site = Site::fixture("basic");
    site.haven(&["build"]).ok();
    let before = snapshot(&site.path("public"));
    breakage(&site);
    let run = site.haven(&["build"]);
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    let expected = format!("{location}: error: {message}");
    assert!(
        run.stderr.contains(&expected),
        "expected `{expected}` in:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("Build failed"), "{}", run.stderr);
    assert_eq!(
        snapshot(&site.path("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("haven-staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    run.stderr
}

#[test]
fn unterminated_front_matter() {
    let err = fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                "+++\ntitle = \"First item\"\n\nNo closing line.\n",
            )
        },
        "content/news/first.md:1:1",
        "the front matter that starts here with `+++` is never closed",
    );
    assert!(
        err.contains("hint: add a line with just `+++` after the last front matter field"),
        "{err}"
    );
}

#[test]
fn missing_title() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                "+++\ndate = 2026-01-02\n+++\nText.\n",
            )
        },
        "content/news/first.md:2:1",
        "this page has no `title`",
    );
}

#[test]
fn unknown_front_matter_key_suggests_the_nearest() {
    let err = fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                "+++\ntitle = \"First\"\ndesciption = \"Typo\"\n+++\nText.\n",
            )
        },
        "content/news/first.md:3:1",
        "unknown front matter field `desciption`",
    );
    assert!(err.contains("did you mean `description`?"), "{err}");
}

#[test]
fn unknown_config_key_suggests_the_nearest() {
    let err = fails_cleanly(
        |s| {
            let c = s.read("config.toml").replace("timezone = ", "time_zone = ");
            s.write("config.toml", c);
        },
        "config.toml:6:1",
        "unknown setting `time_zone`",
    );
    assert!(err.contains("did you mean `timezone`?"), "{err}");
}

#[test]
fn bad_date() {
    let err = fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                "+++\ntitle = \"First\"\n\ndate = \"Dec 3\"\n+++\nText.\n",
            )
        },
        "content/news/first.md:4:8",
        "`date` is written as `Dec 3`; Haven reads dates only as year-month-day, like 2026-12-03",
    );
    assert!(
        err.contains("4 │ date = \"Dec 3\""),
        "the source line is shown:\n{err}"
    );
    assert!(
        err.contains("corrected line 4:\n        date = 2026-12-03\n"),
        "the corrected line is shown:\n{err}"
    );
}

#[test]
fn broken_internal_link() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                "+++\ntitle = \"First\"\n+++\n\nIntro.\n\nSee [the plan](@/plan.md).\n",
            )
        },
        "content/news/first.md:7:5",
        "the link to `@/plan.md` goes to a page that does not exist (no file content/plan.md)",
    );
}

#[test]
fn broken_heading_link_suggests_the_nearest() {
    let err = fails_cleanly(
        |s| {
            s.write(
                "content/news/second.md",
                "+++\ntitle = \"Second\"\n+++\n\nSee [details](@/news/first.md#detail).\n",
            )
        },
        "content/news/second.md:5:5",
        "the link goes to heading `#detail` on @/news/first.md, which has no such heading",
    );
    assert!(err.contains("did you mean `#details`?"), "{err}");
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    fails_cleanly(
        |s| {
            s.write("themes/plain/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n")
        },
        "themes/plain/templates/page.html:4:1",
        "template syntax error",
    );
}

#[test]
fn template_error_while_rendering_names_the_page() {
    let err = fails_cleanly(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.deeper }}\n{% endblock main %}\n")
        },
        "templates/page.html:3:9",
        "template error: Field `no_such_field` is not defined",
    );
    // Said once for all the pages that use the template, naming one of them.
    assert_eq!(err.matches(": error: ").count(), 1, "{err}");
    assert!(
        err.contains("(while rendering content/about.es.md and 5 more pages)"),
        "{err}"
    );
}

#[test]
fn two_pages_claiming_one_url() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/first/index.md",
                "+++\ntitle = \"Also first\"\n+++\n",
            )
        },
        "content/news/first.md:1:1",
        "the URL `/news/first/` is already used by content/news/first/index.md",
    );
}

#[test]
fn non_utf8_file() {
    fails_cleanly(
        |s| {
            s.write(
                "content/news/first.md",
                b"+++\ntitle = \"Caf\xe9\"\n+++\n".as_slice(),
            )
        },
        "content/news/first.md:2:13",
        "this file is not UTF-8 text",
    );
}

#[test]
fn every_error_in_a_build_is_reported_not_only_the_first() {
    let site = Site::fixture("basic");
    site.write("content/a.md", "+++\ntitle = \"A\"\ndate = \"soon\"\n+++\n");
    site.write("content/b.md", "+++\n+++\n[x](@/nowhere.md)\n");
    let run = site.haven(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/a.md:3:8: error:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/b.md:1:1: error: this page has no `title`")
            || run
                .stderr
                .contains("content/b.md:2:1: error: this page has no `title`"),
        "{}",
        run.stderr
    );
    // The body of the page whose front matter has an error is checked too.
    assert!(
        run.stderr
            .contains("content/b.md:3:1: error: the link to `@/nowhere.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Build failed: 3 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Site::fixture("basic");
    let run = site.haven(&["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    let run = site.haven(&["frobnicate"]);
    assert_eq!(run.code, 2);
}

#[test]
fn check_reports_without_writing() {
    let site = Site::fixture("basic");
    site.write("content/news/first.md", "+++\ntitle = \"First\"\nverify = [\"The first item happened.\"]\ngaps = [\"Who wrote it.\"]\n+++\n\n## Details\n");
    let run = site.haven(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "content/news/first.md:3:1: warning: fact to verify: The first item happened."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/news/first.md:4:1: warning: missing fact: Who wrote it."),
        "{}",
        run.stderr
    );
    // The other warnings are the translation report (the fixture has a Spanish page).
    assert!(run.stderr.contains(" pages: 0 errors, "), "{}", run.stderr);
    assert!(!site.path("public").exists());
    site.write("content/news/second.md", "+++\n+++\n");
    assert_eq!(site.haven(&["check"]).code, 1);
}

#[test]
fn a_mistake_seen_from_the_site_folder_names_the_file_and_line() {
    let site = Site::fixture("basic");
    site.haven_here(&["build"]).ok();
    site.write(
        "content/news/first.md",
        "+++\ntitle = \"First\"\ndesciption = \"Typo\"\n+++\nText.\n",
    );
    let err = site.failure_as_staff_see_it(&["build"]);
    assert!(
        err.contains("content/news/first.md:3:1: error: unknown front matter field `desciption`"),
        "{err}"
    );
}
