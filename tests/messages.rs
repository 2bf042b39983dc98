//! What staff see for the mistakes people make typing front matter and `config.toml`: each
//! message exactly as `haven build` (or `haven check`) prints it, run from the site folder as
//! README says, pinned by a snapshot. Every failing build leaves the previous `public/` as it
//! was (checked by `failure_as_staff_see_it`).

mod common;

use std::path::Path;

use common::{Site, copy_tree};

/// The messages fixture with the real theme, so every feature (sessions, resources) runs.
fn site() -> Site {
    let site = Site::fixture("messages/site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

/// The fixture, built once, so a failed build has a previous site to leave alone.
fn built() -> Site {
    let site = site();
    site.haven_here(&["build"]).ok();
    site
}

/// Writes `text` to `rel` in a built site and returns what `haven build` says.
#[track_caller]
fn build_with(rel: &str, text: &str) -> String {
    let site = built();
    site.write(rel, text);
    site.failure_as_staff_see_it(&["build"])
}

/// A page whose front matter is `front` (TOML), with a plain body.
fn page(front: &str) -> String {
    format!("+++\n{front}+++\n\nWe are a small test site.\n")
}

/// A new session (a file with no translation yet, so that only its own mistakes show) whose
/// `[event]` table is `event`.
const NEW_SESSION: &str = "content/sessions/2026-12-10-new.md";

fn session(event: &str) -> String {
    format!(
        "+++\ntitle = \"A new session\"\n\n[event]\n{event}\n[event.location]\nvenue = \"Test Hall\"\naddress = \"10 Test Street\"\n+++\n\nCome and talk.\n"
    )
}

/// A resource whose `[resource]` table is `resource`.
fn resource(resource: &str) -> String {
    format!("+++\ntitle = \"988 Suicide & Crisis Lifeline\"\n\n[resource]\n{resource}+++\n")
}

const RESOURCE: &str = "category = \"crisis\"\noffer = \"If you or someone you know is in crisis, call or text 988.\"\nphones = [\n  { label = \"Call\", number = \"988\" },\n]\nlast_reviewed = 2026-11-23\n";

#[test]
fn the_fixture_has_nothing_to_report() {
    let run = site().haven_here(&["check"]).ok();
    assert_eq!(run.stderr, "Checked 12 pages: 0 errors, 0 warnings.\n");
}

// ------------------------------------------------------------------ curly quotes

#[test]
fn curly_quotes_in_toml() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = “About us”\ndescription = ‘Who we are.’\n")
    ));
}

#[test]
fn curly_quotes_in_yaml() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: “About us”\n---\n\nWe are a small test site.\n"
    ));
}

#[test]
fn curly_quotes_in_a_list() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\naliases = [“/old-about/”, “/who/”]\n")
    ));
}

// ------------------------------------------------------------------ dates and times

#[test]
fn a_month_and_day_without_quotes() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\ndate = Dec 3\n")
    ));
}

#[test]
fn a_day_before_its_month() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\ndate = 3 December\n")
    ));
}

#[test]
fn a_date_in_yaml_front_matter() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: About us\ndate: Dec 3\n---\n\nWe are a small test site.\n"
    ));
}

#[test]
fn a_us_date_in_quotes() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\ndate = \"12/03/2026\"\n")
    ));
}

#[test]
fn a_day_and_month_far_from_today_leaves_the_year_to_fill_in() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\nupdated = \"3 June\"\n")
    ));
}

#[test]
fn a_session_start_with_a_twelve_hour_time() {
    insta::assert_snapshot!(build_with(
        NEW_SESSION,
        &session("start = \"Dec 10, 6:30 PM\"\n")
    ));
}

#[test]
fn a_session_start_written_as_a_time_only() {
    insta::assert_snapshot!(build_with(NEW_SESSION, &session("start = 6pm\n")));
}

#[test]
fn a_resource_review_date_in_another_form() {
    insta::assert_snapshot!(build_with(
        "content/resources/lifeline.md",
        &resource(&RESOURCE.replace("2026-11-23", "\"11/23/2026\""))
    ));
}

// ------------------------------------------------------------------ TOML and YAML mixed up

#[test]
fn a_tab_in_yaml_front_matter() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: About us\n\tdescription: Who we are.\n---\n\nWe are a small test site.\n"
    ));
}

#[test]
fn a_yaml_line_in_toml_front_matter() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\ndescription: Who we are.\n")
    ));
}

#[test]
fn a_toml_line_in_yaml_front_matter() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: About us\nweight = 3\n---\n\nWe are a small test site.\n"
    ));
}

#[test]
fn yaml_front_matter_between_toml_fences() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title: About us\ndescription: Who we are.\n")
    ));
}

// ------------------------------------------------------------------ invisible characters

#[test]
fn a_no_break_space_in_a_key() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title\u{a0}= \"About us\"\n")
    ));
}

#[test]
fn a_zero_width_space_in_a_value() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\nslug = \"about\u{200b}\"\n")
    ));
}

#[test]
fn a_byte_order_mark_in_the_middle_of_the_file() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\"\n\u{feff}description = \"Who we are.\"\n")
    ));
}

#[test]
fn a_soft_hyphen_in_yaml() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: About\u{ad}us\n---\n\nWe are a small test site.\n"
    ));
}

// ------------------------------------------------------------------ unclosed quotes and lists

#[test]
fn a_missing_closing_quote() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("title = \"About us\ndescription = \"Who we are.\"\n")
    ));
}

#[test]
fn a_missing_closing_bracket() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page(
            "title = \"About us\"\naliases = [\"/old-about/\", \"/who/\"\ndescription = \"Who we are.\"\n"
        )
    ));
}

#[test]
fn a_missing_closing_quote_in_yaml() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "---\ntitle: \"About us\ndescription: Who we are.\n---\n\nWe are a small test site.\n"
    ));
}

// ------------------------------------------------------------------ misspelt names

#[test]
fn a_misspelt_field() {
    insta::assert_snapshot!(build_with(
        "content/about.md",
        &page("titel = \"About us\"\n")
    ));
}

#[test]
fn a_misspelt_field_of_a_session() {
    insta::assert_snapshot!(build_with(
        NEW_SESSION,
        "+++\ntitle = \"A new session\"\n\n[event]\nstart = 2026-12-10T18:00\nlanguage = [\"English\"]\n\n[event.location]\nvenu = \"Test Hall\"\naddress = \"10 Test Street\"\n+++\n"
    ));
}

#[test]
fn a_misspelt_field_of_a_resource() {
    insta::assert_snapshot!(build_with(
        "content/resources/lifeline.md",
        &resource(&RESOURCE.replace("offer =", "ofer ="))
    ));
}

#[test]
fn a_misspelt_language_code_in_a_file_name() {
    insta::assert_snapshot!(build_with(
        "content/about.sp.md",
        &page("title = \"Acerca de nosotros\"\n")
    ));
}

// ------------------------------------------------------------------ fields in the wrong table

#[test]
fn a_page_field_written_below_the_resource_table() {
    insta::assert_snapshot!(build_with(
        "content/resources/lifeline.md",
        &resource(&format!("{RESOURCE}verify = [\"988: call or text.\"]\n"))
    ));
}

#[test]
fn a_session_field_written_below_its_location() {
    insta::assert_snapshot!(build_with(
        NEW_SESSION,
        &format!(
            "{}registration = \"https://fixture.example/register\"\n+++\n",
            session("start = 2026-12-10T18:00\n")
                .split("+++\n\nCome")
                .next()
                .unwrap()
        )
    ));
}

// ------------------------------------------------------------------ everything at once

#[test]
fn every_mistake_in_a_file_in_one_run() {
    // Two front matter slips, a misspelt field, and mistakes in the body: all reported, so
    // that fixing one never reveals another that was there all along.
    insta::assert_snapshot!(build_with(
        "content/about.md",
        "+++\ntitle = “About us”\ndate = Dec 3\ndesciption = \"Who we are.\"\n+++\n\n![](team.jpg)\n\nSee [the plan](@/plan.md).\n"
    ));
}

#[test]
fn check_counts_the_pages_it_read_when_there_are_errors() {
    let site = site();
    site.write(
        "content/about.md",
        page("title = \"About us\"\ndate = \"12/03/2026\"\n"),
    );
    let shown = site.failure_as_staff_see_it(&["check"]);
    assert!(
        shown.ends_with("Checked 12 pages: 1 error, 0 warnings.\n"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn check_reports_a_yaml_tab_and_a_misspelt_field_together() {
    let site = site();
    site.write(
        "content/about.md",
        "---\ntitle: About us\n\tdescription: Who we are.\nweigth: 3\n---\n\nWe are a small test site.\n",
    );
    insta::assert_snapshot!(site.failure_as_staff_see_it(&["check"]));
}

#[test]
fn a_failed_first_build_does_not_speak_of_a_previous_site() {
    let site = site();
    site.write("content/about.md", page("titel = \"About us\"\n"));
    let shown = site.failure_as_staff_see_it(&["build"]);
    assert!(!site.path("public").exists());
    assert!(!shown.contains("previous site"), "{shown}");
    insta::assert_snapshot!(shown);
}

// ------------------------------------------------------------------ config.toml

#[test]
fn config_curly_quotes_and_misspelt_settings() {
    let site = built();
    let config = site
        .read("config.toml")
        .replace("title = \"Messages Fixture\"", "title = “Messages Fixture”")
        .replace("timezone = ", "time_zone = ")
        .replace("name = \"Español\"", "nmae = \"Español\"");
    site.write("config.toml", config);
    insta::assert_snapshot!(site.failure_as_staff_see_it(&["build"]));
}

#[test]
fn config_value_of_the_wrong_kind() {
    let site = built();
    let config = format!(
        "review_interval_days = \"six months\"\n{}",
        site.read("config.toml")
    );
    site.write("config.toml", config);
    insta::assert_snapshot!(site.failure_as_staff_see_it(&["build"]));
}
