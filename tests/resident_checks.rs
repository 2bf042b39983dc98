//! Checks that protect residents from a silently wrong site, and `haven new` / `haven init` as
//! staff use them: each mistake in a small site of its own, run from the site folder the way
//! staff run Haven, its message pinned by a snapshot of exactly what staff see (`tests/
//! snapshots/`), with the earlier `public/` proved untouched by `Site::failure_as_staff_see_it`.

mod common;

use std::path::Path;

use common::{Site, attrs, texts};

const CONFIG: &str = "title = \"Resident Checks\"\nbase_url = \"https://fixture.example\"\ndefault_language = \"en\"\ntheme = \"haven\"\ntimezone = \"America/New_York\"\n\n[languages.en]\nname = \"English\"\n\n[extra]\nquick_exit_url = \"https://www.google.com/\"\n";

/// A session in person, for `[event]` tables below.
const PLACE: &str = "\n[event.location]\nvenue = \"Hall\"\naddress = \"1 Test Street\"\n";

/// An English-only site with the bundled theme, a home page and a sessions section, built
/// once so that a failing build has a `public/` to leave alone.
fn small_site() -> Site {
    let s = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    s.write("config.toml", CONFIG);
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &s.path("themes/haven"),
    );
    s.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\n+++\n\nWelcome.\n",
    );
    s.write(
        "content/sessions/_index.md",
        "+++\ntitle = \"Sessions\"\ntemplate = \"sessions.html\"\n+++\n\nOur sessions.\n",
    );
    s.haven_here(&["build"]).ok();
    s
}

/// A session page with `front` after its title and `event` as its `[event]` table.
fn session(front: &str, event: &str) -> String {
    format!("+++\ntitle = \"Checked session\"\n{front}\n[event]\n{event}+++\n\nAgenda.\n")
}

/// A past session (a record, `held`): no calendar check or fingerprint applies to it, so a
/// test about one field sees only that field's message.
fn held(event: &str) -> String {
    session(
        "",
        &format!("start = 2026-07-01T18:00\nstatus = \"held\"\n{event}{PLACE}"),
    )
}

/// Pins `text` as staff see it; the temporary site folder is written `[SITE]`.
#[track_caller]
fn snapshot(name: &str, site: &Site, text: &str) {
    let root = site.root().to_string_lossy().to_string();
    let text = text.replace(&root, "[SITE]");
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

/// The `path:line:col: severity: message` lines of a run.
fn located(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
        .collect()
}

/// The lines of an `.ics` file, unfolded (RFC 5545 folds long lines with CRLF + space).
fn ics(site: &Site, rel: &str) -> Vec<String> {
    site.read(rel)
        .replace("\r\n ", "")
        .split("\r\n")
        .map(String::from)
        .collect()
}

fn value<'a>(lines: &'a [String], key: &str) -> Option<&'a str> {
    lines
        .iter()
        .find_map(|l| l.strip_prefix(key)?.split_once(':').map(|(_, v)| v))
}

// ---------------------------------------------------------------- time zones

#[test]
fn a_session_in_a_zone_that_ignores_daylight_saving_is_an_error() {
    let s = small_site();
    s.write("content/sessions/checked.md", held("timezone = \"EST\"\n"));
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("time_zone_session_est", &s, &out);
    // The class, not a list of names: offsets and abbreviations alike, each pointing at the
    // place that does follow the clocks.
    for (zone, place) in [
        ("EDT", "America/New_York"),
        ("Etc/GMT+5", "America/New_York"),
        ("UTC-5", "America/New_York"),
        ("CST", "America/Chicago"),
        ("PST", "America/Los_Angeles"),
    ] {
        s.write(
            "content/sessions/checked.md",
            held(&format!("timezone = \"{zone}\"\n")),
        );
        let out = s.failure_as_staff_see_it(&["build"]);
        assert!(
            out.contains(&format!("`timezone = \"{zone}\"` is a fixed offset from UTC that ignores daylight saving time")),
            "{out}"
        );
        assert!(
            out.contains(&format!("timezone = \"{place}\"")),
            "{zone}: {out}"
        );
    }
    // A place whose clocks do not change is a place: right there.
    s.write(
        "content/sessions/checked.md",
        held("timezone = \"America/Phoenix\"\n"),
    );
    s.haven_here(&["build"]).ok();
}

#[test]
fn the_sites_time_zone_may_not_ignore_daylight_saving() {
    let s = small_site();
    s.write(
        "config.toml",
        CONFIG.replace("America/New_York", "Etc/GMT+5"),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("time_zone_site_etc_gmt", &s, &out);
}

// ---------------------------------------------------------------- links to things that do not exist

#[test]
fn an_image_the_site_does_not_have_is_an_error() {
    let s = small_site();
    s.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n\n![The plan of the hall](/images/x.jpg)\n",
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("link_missing_image", &s, &out);
    s.write("static/images/x.jpg", "jpeg");
    s.haven_here(&["build"]).ok();
}

#[test]
fn a_file_the_site_does_not_have_is_an_error() {
    let s = small_site();
    s.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n\nRead [the plan](/files/plan.pdf).\n",
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("link_missing_file", &s, &out);
    s.write("static/files/plan.pdf", "%PDF");
    s.haven_here(&["build"]).ok();
}

#[test]
fn a_page_the_site_does_not_have_is_an_error() {
    let s = small_site();
    s.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n\nSee [the sessions](/sesions/).\n",
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("link_missing_page", &s, &out);
}

#[test]
fn links_to_everything_the_build_writes_are_fine() {
    let s = small_site();
    s.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\nfeed = true\n+++\n",
    );
    s.write(
        "content/news/first.md",
        "+++\ntitle = \"First\"\ndate = 2026-11-01\naliases = [\"/old-first/\"]\n+++\n\nText.\n",
    );
    s.write(
        "content/guide/index.md",
        "+++\ntitle = \"Guide\"\n+++\n\n![A map](map.png)\n",
    );
    s.write("content/guide/map.png", "png");
    s.write(
        "content/sessions/one.md",
        session("", &format!("start = 2026-12-05T10:00\n{PLACE}")),
    );
    s.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\n\nPages [home](/), [news](/news/) and [news without its slash](/news); \
         a [feed](/news/atom.xml), an [old address](/old-first/), [the sitemap](/sitemap.xml); \
         the [online sessions](/sessions/online/) and [their calendar](/sessions/calendar.ics); \
         [the session's own](/sessions/one/one.ics); a [page bundle's image](/guide/map.png); \
         [a heading](/news/#top); [the 404 page](/404.html). Other sites are not checked: \
         [example](https://example.org/nope/), [mail](mailto:team@example.org).\n",
    );
    let run = s.haven_here(&["build"]).ok();
    assert!(!run.stderr.contains("not in the site"), "{}", run.stderr);
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
}

// ---------------------------------------------------------------- language codes

#[test]
fn language_codes_are_shown_as_names_in_the_pages_language() {
    let s = Site::fixture("sessions-basic");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &s.path("themes/haven"),
    );
    s.haven_here(&["build"]).ok();
    // languages = ["en", "es"], interpretation = ["asl"] in the English and Spanish files.
    let en = s.html("public/sessions/2026-12-03-fair-haven/index.html");
    let facts = texts(&en, ".session-facts dd");
    assert!(facts.contains(&"English, Spanish".to_string()), "{facts:?}");
    assert!(
        facts.contains(&"American Sign Language (ASL)".to_string()),
        "{facts:?}"
    );
    let es = s.html("public/es/sessions/2026-12-03-fair-haven/index.html");
    let facts = texts(&es, ".session-facts dd");
    assert!(facts.contains(&"español, inglés".to_string()), "{facts:?}");
    assert!(
        facts.contains(&"lengua de señas americana (ASL)".to_string()),
        "{facts:?}"
    );
    // Search engines get the codes (ASL's is `ase`).
    let ld = attrs(&en, "script[type='application/ld+json']", "type");
    assert_eq!(ld.len(), 1);
    assert!(
        s.read("public/sessions/2026-12-03-fair-haven/index.html")
            .contains(r#""inLanguage":["en","es","ase"]"#)
    );
}

#[test]
fn a_language_name_instead_of_a_code_is_an_error() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("languages = [\"en\", \"Spanish\"]\n"),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("language_name_not_code", &s, &out);
}

#[test]
fn an_unknown_language_code_is_an_error() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("interpretation = [\"xx\"]\n"),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("language_unknown_code", &s, &out);
}

#[test]
fn a_language_the_theme_has_no_name_for_is_an_error() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("languages = [\"hy\"]\n"),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("language_without_a_name", &s, &out);
    // Once the theme's strings name it, residents read the name.
    let strings = s.path("themes/haven/i18n/en.toml");
    let text = std::fs::read_to_string(&strings).unwrap();
    std::fs::write(&strings, format!("{text}language_hy = \"Armenian\"\n")).unwrap();
    s.haven_here(&["build"]).ok();
    let page = s.html("public/sessions/checked/index.html");
    assert!(texts(&page, ".session-facts dd").contains(&"Armenian".to_string()));
}

// ---------------------------------------------------------------- HAVEN_NOW

#[test]
fn an_invalid_haven_now_is_an_error() {
    let s = small_site();
    let before = common::snapshot(&s.path("public"));
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.arg("build").current_dir(s.root());
    let out = common::haven_env(&mut cmd)
        .env("HAVEN_NOW", "2026-11-23 noon")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(common::snapshot(&s.path("public")), before);
    snapshot(
        "haven_now_invalid",
        &s,
        &String::from_utf8_lossy(&out.stderr),
    );
}

// ---------------------------------------------------------------- calendars that subscribers see change

/// A session file with `updated`, its `fingerprint` and `event` (which must give a time).
fn recorded(updated: &str, fingerprint: &str, event: &str) -> String {
    session(
        &format!("updated = {updated}\n"),
        &format!("fingerprint = \"{fingerprint}\"\n{event}{PLACE}"),
    )
}

/// The `updated` and `fingerprint` lines a message's hint asks for.
fn asked_for(message: &str) -> (String, String) {
    let updated = message
        .split("`updated = ")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .expect("the hint gives `updated`");
    let fingerprint = message
        .split("`fingerprint = \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("the hint gives `fingerprint`");
    (updated.to_string(), fingerprint.to_string())
}

#[test]
fn a_new_session_is_asked_for_its_fingerprint() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        session(
            "updated = 2026-11-20\n",
            &format!("start = 2026-12-05T10:00\n{PLACE}"),
        ),
    );
    let run = s.haven_here(&["check"]).ok();
    snapshot("fingerprint_missing", &s, &run.stderr);
}

#[test]
fn a_changed_time_place_or_status_must_move_updated_so_calendars_show_it() {
    let s = small_site();
    let event = |start: &str, status: &str| {
        format!(
            "start = {start}\nend = 2026-12-05T11:00\nstatus = \"{status}\"\nreason = \"The hall is closed for repairs.\"\n"
        )
    };
    // Record the session as published: the warning gives the fingerprint.
    s.write(
        "content/sessions/checked.md",
        session(
            "updated = 2026-11-20\n",
            &format!("{}{PLACE}", event("2026-12-05T10:00", "scheduled")),
        ),
    );
    let run = s.haven_here(&["check"]).ok();
    let warning = located(&run.stderr)
        .into_iter()
        .find(|l| l.contains("`fingerprint`"))
        .map(|_| run.stderr.clone())
        .expect("a fingerprint warning");
    let first = warning
        .split("add `fingerprint = \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    s.write(
        "content/sessions/checked.md",
        recorded(
            "2026-11-20",
            &first,
            &event("2026-12-05T10:00", "scheduled"),
        ),
    );
    s.haven_here(&["build"]).ok();
    let cal = ics(&s, "public/sessions/checked/checked.ics");
    let seq_before: u32 = value(&cal, "SEQUENCE").unwrap().parse().unwrap();
    assert_eq!(value(&cal, "LAST-MODIFIED"), Some("20261120T050000Z"));
    assert!(seq_before > 0);

    // The time changes, `updated` does not: an error, and the last good site stays.
    s.write(
        "content/sessions/checked.md",
        recorded(
            "2026-11-20",
            &first,
            &event("2026-12-05T09:30", "scheduled"),
        ),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("fingerprint_changed_without_updated", &s, &out);

    // Cancelled, with the two lines the hint gives: it builds, and every calendar that
    // subscribed sees a higher SEQUENCE, the new LAST-MODIFIED, the status and the reason.
    s.write(
        "content/sessions/checked.md",
        recorded(
            "2026-11-20",
            &first,
            &event("2026-12-05T09:30", "cancelled"),
        ),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    let (updated, fingerprint) = asked_for(&out);
    assert_eq!(updated, "2026-11-23T12:00");
    s.write(
        "content/sessions/checked.md",
        recorded(
            &updated,
            &fingerprint,
            &event("2026-12-05T09:30", "cancelled"),
        ),
    );
    let run = s.haven_here(&["build"]).ok();
    assert!(!run.stderr.contains("fingerprint"), "{}", run.stderr);
    for file in [
        "public/sessions/checked/checked.ics",
        "public/sessions/calendar.ics",
    ] {
        let cal = ics(&s, file);
        let seq: u32 = value(&cal, "SEQUENCE").unwrap().parse().unwrap();
        assert!(seq > seq_before, "{file}: {seq} after {seq_before}");
        assert_eq!(value(&cal, "LAST-MODIFIED"), Some("20261123T170000Z"));
        assert_eq!(value(&cal, "STATUS"), Some("CANCELLED"));
        let description = value(&cal, "DESCRIPTION").unwrap();
        assert!(
            description.starts_with(
                "This session is cancelled. It will not take place.\\nReason: The hall is closed for repairs."
            ),
            "{description}"
        );
    }
    // The page says why too.
    let page = s.html("public/sessions/checked/index.html");
    assert_eq!(
        texts(&page, ".session-notice.status-cancelled"),
        [
            "Cancelled. This session is cancelled. It will not take place. Reason: The hall is closed for repairs."
        ]
    );
}

#[test]
fn a_reason_for_a_session_that_takes_place_is_a_warning() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("reason = \"Moved to the big hall.\"\n"),
    );
    let run = s.haven_here(&["check"]).ok();
    snapshot("reason_without_a_status", &s, &run.stderr);
}

// ---------------------------------------------------------------- the home page's upcoming slots

#[test]
fn a_cancelled_session_is_a_notice_and_keeps_no_slot_on_the_home_page() {
    let s = small_site();
    let file = |day: &str, status: &str| {
        session(
            "",
            &format!(
                "start = 2026-12-{day}T18:00\nstatus = \"{status}\"\nreason = \"The hall is closed.\"\n{PLACE}"
            ),
        )
    };
    s.write("content/sessions/a-cancelled.md", file("01", "cancelled"));
    s.write("content/sessions/b-first.md", file("02", "scheduled"));
    s.write("content/sessions/c-postponed.md", file("03", "postponed"));
    s.write("content/sessions/d-second.md", file("04", "scheduled"));
    s.write("content/sessions/e-third.md", file("05", "scheduled"));
    for f in [
        "a-cancelled",
        "b-first",
        "c-postponed",
        "d-second",
        "e-third",
    ] {
        let text = s.read(&format!("content/sessions/{f}.md"));
        s.write(
            &format!("content/sessions/{f}.md"),
            text.replace("Checked session", f),
        );
    }
    s.haven_here(&["build"]).ok();
    let home = s.html("public/index.html");
    // Two slots, both for sessions that will happen; a third waits hidden for the script.
    assert_eq!(
        texts(
            &home,
            ".sessions-home li.session:not([hidden]) .session-title"
        ),
        ["b-first", "d-second"]
    );
    assert_eq!(
        texts(&home, ".sessions-home li.session[hidden] .session-title"),
        ["e-third"]
    );
    // The others are said, not listed: with their status and reason, removed by the script
    // once their time has passed (data-ends).
    let notices = texts(&home, ".sessions-home p.session-notice");
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        notices[0].starts_with("Cancelled: a-cancelled, Tuesday, December 1, 2026, 6:00 p.m.")
            && notices[0].ends_with("Reason: The hall is closed."),
        "{notices:?}"
    );
    assert!(
        notices[1].starts_with("Postponed: c-postponed"),
        "{notices:?}"
    );
    assert_eq!(
        attrs(&home, ".sessions-home p.session-notice", "data-ends").len(),
        2
    );
    // The full list still shows every session, by month.
    let list = s.html("public/sessions/index.html");
    assert_eq!(texts(&list, ".sessions-upcoming .session-title").len(), 5);
}

// ---------------------------------------------------------------- a whole address in `address`

#[test]
fn a_whole_address_in_address_is_a_warning_with_the_fields_filled_in() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        session(
            "",
            "start = 2026-07-01T18:00\nstatus = \"held\"\n\n[event.location]\nvenue = \"Hall\"\naddress = \"182 Grand Avenue, New Haven, CT 06513\"\n",
        ),
    );
    let run = s.haven_here(&["check"]).ok();
    snapshot("address_whole", &s, &run.stderr);
}

// ---------------------------------------------------------------- one phone path

#[test]
fn a_contact_phone_with_an_extension_dials_the_extension() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("\n[event.contact]\nphone = \"203-555-0100 ext. 12\"\n"),
    );
    s.haven_here(&["build"]).ok();
    let page = s.html("public/sessions/checked/index.html");
    assert_eq!(
        attrs(&page, ".session-facts a[href^='tel:']", "href"),
        ["tel:+12035550100;ext=12"]
    );
    assert_eq!(
        texts(&page, ".session-facts a[href^='tel:']"),
        ["203-555-0100 ext. 12"]
    );
}

#[test]
fn an_invalid_contact_phone_is_an_error_at_its_line() {
    let s = small_site();
    s.write(
        "content/sessions/checked.md",
        held("\n[event.contact]\nphone = \"555-0100\"\n"),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("phone_contact_invalid", &s, &out);
}

#[test]
fn the_crisis_strip_dials_what_haven_checked() {
    let s = small_site();
    s.write(
        "config.toml",
        format!("{CONFIG}\n[languages.en.crisis]\nheading = \"Need help now?\"\n\n[[languages.en.crisis.lines]]\nlabel = \"Emergency\"\nnumber = \"911\"\n\n[[languages.en.crisis.lines]]\nlabel = \"Test line\"\nnumber = \"(203) 555-0100\"\n"),
    );
    s.haven_here(&["build"]).ok();
    let home = s.html("public/index.html");
    assert_eq!(
        attrs(&home, ".crisis a", "href"),
        ["tel:911", "tel:+12035550100"]
    );
    // A number no phone can dial stops the build at its line in config.toml.
    let text = s.read("config.toml");
    s.write("config.toml", text.replace("(203) 555-0100", "203-555-010"));
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("phone_crisis_invalid", &s, &out);
}

// ---------------------------------------------------------------- one catalog of words

#[test]
fn the_old_publication_words_in_config_are_a_warning() {
    let s = small_site();
    s.write(
        "config.toml",
        format!("{CONFIG}\n[extra.i18n.en]\npub_contents = \"Table of contents\"\n"),
    );
    let run = s.haven_here(&["check"]).ok();
    snapshot("strings_old_extra_i18n", &s, &run.stderr);
}

/// The date strings every strings file needs, in English.
const DATES: &str = "date_format = \"%B %-d, %Y\"\nmonths = [\"January\", \"February\", \"March\", \"April\", \"May\", \"June\", \"July\", \"August\", \"September\", \"October\", \"November\", \"December\"]\nmonths_short = [\"Jan\", \"Feb\", \"Mar\", \"Apr\", \"May\", \"Jun\", \"Jul\", \"Aug\", \"Sep\", \"Oct\", \"Nov\", \"Dec\"]\nweekdays = [\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\", \"Saturday\", \"Sunday\"]\nweekdays_short = [\"Mon\", \"Tue\", \"Wed\", \"Thu\", \"Fri\", \"Sat\", \"Sun\"]\nam = \"a.m.\"\npm = \"p.m.\"\n";

/// A site whose theme `t` has one page template and the strings files `files` (language →
/// text after the date strings), built once in English alone so that `public/` exists.
fn strings_site(files: &[(&str, &str)]) -> Site {
    let s = Site {
        dir: tempfile::tempdir().unwrap(),
    };
    let config = |langs: &[&str]| {
        let mut c = "title = \"Strings\"\nbase_url = \"https://fixture.example\"\ntheme = \"t\"\n"
            .to_string();
        for l in langs {
            c.push_str(&format!("\n[languages.{l}]\nname = \"{l}\"\n"));
        }
        c
    };
    s.write("config.toml", config(&["en"]));
    s.write(
        "themes/t/templates/section.html",
        "<!doctype html><html lang=\"{{ lang }}\"><title>{{ section.title }}</title></html>\n",
    );
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\n");
    for (lang, text) in files {
        s.write(
            &format!("themes/t/i18n/{lang}.toml"),
            format!("{DATES}{text}"),
        );
    }
    s.haven_here(&["build"]).ok();
    let langs: Vec<&str> = files.iter().map(|(l, _)| *l).collect();
    s.write("config.toml", config(&langs));
    s
}

#[test]
fn a_strings_file_without_a_plural_form_its_language_needs_is_an_error() {
    // Polish counts 1, 2–4 and 5 and more in three forms: a file with only `_one` and
    // `_other` would say "5 sesje" where Polish says "5 sesji".
    let s = strings_site(&[
        (
            "en",
            "session_shown_one = \"{n} session shown\"\nsession_shown_other = \"{n} sessions shown\"\n",
        ),
        (
            "pl",
            "session_shown_one = \"{n} sesja\"\nsession_shown_other = \"{n} sesji\"\n",
        ),
    ]);
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("strings_plural_form_missing", &s, &out);
}

#[test]
fn a_translated_string_must_fill_in_the_same_names() {
    let s = strings_site(&[
        (
            "en",
            "session_title_neighborhood = \"Sessions in {name}\"\npub_chapter_of = \"Chapter {number} of {count}\"\n",
        ),
        (
            "es",
            "session_title_neighborhood = \"Sesiones en {nombre}\"\npub_chapter_of = \"Capítulo {number}\"\n",
        ),
    ]);
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("strings_placeholders", &s, &out);
}

#[test]
fn counts_take_the_plural_form_of_their_language() {
    let s = Site::fixture("third-language");
    let theme = s.path("themes/haven");
    let pt = s.read("themes/haven/i18n/pt.toml");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &theme,
    );
    s.write("themes/haven/i18n/pt.toml", pt);
    s.haven_here(&["build"]).ok();
    // A one-chapter document of about 150 words: "1 minute", "1 chapter", never "1 minutes".
    assert_eq!(
        texts(&s.html("public/doc/index.html"), ".pub-reading"),
        ["About 1 minute to read (157 words in 1 chapter)."]
    );
    // The script that filters the sessions gets every form, and picks one by CLDR's rules.
    let list = s.html("public/sessions/index.html");
    assert_eq!(
        attrs(&list, "[data-text]", "data-text-one"),
        ["{n} session shown"]
    );
    assert_eq!(
        attrs(&list, "[data-text]", "data-text-other"),
        ["{n} sessions shown"]
    );
}

#[test]
fn a_third_language_is_one_strings_file_and_a_languages_table() {
    // The fixture adds Portuguese with `[languages.pt]` in config.toml and
    // themes/haven/i18n/pt.toml; the rest of the theme is the bundled one, unchanged.
    let s = Site::fixture("third-language");
    let pt = s.read("themes/haven/i18n/pt.toml");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &s.path("themes/haven"),
    );
    s.write("themes/haven/i18n/pt.toml", pt);
    let run = s.haven_here(&["check"]).ok();
    assert!(
        run.stderr.contains(" 0 errors, 0 warnings."),
        "{}",
        run.stderr
    );
    s.haven_here(&["build"]).ok();

    let home = s.html("public/pt/index.html");
    assert_eq!(attrs(&home, "html", "lang"), ["pt"]);
    assert_eq!(
        texts(&home, ".skip-link"),
        ["Pular para o conteúdo principal"]
    );

    // Sessions: dates, the 24-hour clock, language names and labels in Portuguese.
    let page = s.html("public/pt/sessions/2026-12-03-meeting/index.html");
    assert_eq!(
        texts(&page, ".session-facts dt"),
        ["Quando", "Onde", "Idiomas", "Interpretação", "Situação"]
    );
    let facts = texts(&page, ".session-facts dd");
    assert_eq!(facts[0], "quinta-feira, 3 de dezembro de 2026, 18:00–19:30");
    assert_eq!(facts[2], "inglês, espanhol");
    assert_eq!(facts[3], "língua de sinais americana (ASL)");
    let list = s.html("public/pt/sessions/index.html");
    assert_eq!(texts(&list, ".sessions-upcoming h3"), ["dezembro de 2026"]);
    assert_eq!(
        attrs(&list, "[data-text]", "data-text-one"),
        ["{n} sessão na lista"]
    );
    let cal = ics(&s, "public/pt/sessions/calendar.ics");
    assert!(
        cal.iter()
            .any(|l| l.starts_with("X-WR-CALNAME") && l.ends_with(":Sessões — Sítio de teste")),
        "{cal:?}"
    );
    assert!(
        value(&cal, "DESCRIPTION")
            .unwrap()
            .contains("Idiomas: inglês\\, espanhol"),
        "{cal:?}"
    );

    // A publication: its words, its counts in Portuguese plural forms and number grouping,
    // its list of authors, and the labels Haven writes into the text.
    let cover = s.html("public/pt/doc/index.html");
    assert_eq!(
        texts(&cover, ".pub-reading"),
        ["Cerca de 1 minuto de leitura (134 palavras em 1 capítulo)."]
    );
    assert_eq!(
        texts(&cover, ".pub-byline"),
        ["Por First Author, Second Author e Third Author, para New Haven"]
    );
    assert_eq!(
        texts(&cover, ".pub-history li"),
        ["Apresentado a New Haven em 15 de abril de 2026."]
    );
    assert_eq!(texts(&cover, ".pub-badge"), ["Apresentado"]);
    let chapter = s.html("public/pt/doc/one/index.html");
    assert_eq!(
        texts(&chapter, ".pub-part-of"),
        ["Um documento de teste: Capítulo 1 de 1"]
    );
    assert_eq!(texts(&chapter, ".callout-label"), ["Recomendação 1:"]);
    assert_eq!(texts(&chapter, ".figure-number"), ["Figura 1.1:"]);
    let cites = s.read("public/pt/doc/one/index.html");
    assert!(cites.contains("Citar este capítulo"), "{cites}");
    assert!(cites.contains("Citar esta seção"), "{cites}");
    // The resources' own pages too.
    assert_eq!(
        texts(&s.html("public/pt/resources/print/index.html"), "title"),
        ["Recursos (folha para imprimir) — Sítio de teste"]
    );
    assert_eq!(
        texts(&s.html("public/pt/resources/right-now/index.html"), "h1"),
        ["Se você precisa de ajuda agora"]
    );
    assert_eq!(
        texts(&s.html("public/pt/doc/all/index.html"), "title"),
        ["Um documento de teste (todos os capítulos em uma página) — Sítio de teste"]
    );
}

// ---------------------------------------------------------------- haven new

#[test]
fn new_session_refuses_a_name_the_sessions_list_needs() {
    let s = small_site();
    for title in ["Online", "In person"] {
        let run = s.haven_here(&["new", "session", title]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        if title == "Online" {
            snapshot("new_session_reserved", &s, &run.stderr);
        }
    }
    assert!(!s.path("content/sessions/online.md").exists());
    assert!(!s.path("content/sessions/in-person.md").exists());
}

#[test]
fn a_published_resource_with_example_text_is_an_error() {
    let s = small_site();
    s.write(
        "content/resources/_index.md",
        "+++\ntitle = \"Resources\"\n[cascade]\nquick_exit = true\n+++\n",
    );
    s.haven_here(&["new", "resource", "Help line"]).ok();
    // The draft does not stop the build.
    s.haven_here(&["build"]).ok();
    let text = s.read("content/resources/help-line.md");
    s.write(
        "content/resources/help-line.md",
        text.replace("draft = true\n", ""),
    );
    let out = s.failure_as_staff_see_it(&["build"]);
    snapshot("new_resource_published_with_examples", &s, &out);
}

// ---------------------------------------------------------------- haven init, as printed

#[test]
fn haven_init_prints_next_steps_that_work_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["init", "my site"]).current_dir(dir.path());
    let out = common::haven_env(&mut cmd).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    // `haven` is not on this test's PATH, so it names the program by its path.
    let exe = env!("CARGO_BIN_EXE_haven");
    assert_eq!(
        said,
        format!(
            "Created a new site in my site.\nNext: cd 'my site' && {exe} serve\nThen open http://127.0.0.1:1111/ in a browser; every save shows there at once.\n"
        )
    );
    // Run what it printed, through a shell, exactly (only the port differs: 0 picks a free one).
    let line = said.lines().nth(1).unwrap().strip_prefix("Next: ").unwrap();
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg(format!("{line} --port 0"))
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // Its own process group: the shell runs `haven serve` as a child, and killing only the
    // shell would leave the preview running after the test.
    std::os::unix::process::CommandExt::process_group(&mut shell, 0);
    let mut child = common::haven_env(&mut shell).spawn().unwrap();
    let port = serve_port(&mut child);
    let page = http_get(port, "/");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("<title>My site</title>"), "{page}");
    // Its crisis strip ([extra.crisis] in the config `init` writes) dials what Haven checked.
    assert!(page.contains("href=\"tel:911\""), "{page}");

    // With `haven` on the PATH (after `cargo install --path .`), it says `haven`.
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(exe, bin.path().join("haven")).unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["init", "second"])
        .current_dir(dir.path())
        .env("PATH", bin.path());
    let out = common::haven_env(&mut cmd).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Next: cd second && haven serve\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The port `haven serve` says it serves on.
fn serve_port(child: &mut std::process::Child) -> u16 {
    use std::io::BufRead;
    let (tx, rx) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for l in std::io::BufReader::new(stream)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(l);
            }
        });
    }
    loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("the server never said where it serves");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            return rest
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    }
}

fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}
