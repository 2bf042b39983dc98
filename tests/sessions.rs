//! Sessions: the fixture site `sessions-basic` (upcoming, past, cancelled, online, mixed,
//! Spanish, day-only and daylight-saving-edge sessions) built with a fixed "now"
//! (2026-11-23 12:00 New York, from tests/common), and every check with a file that triggers it.
//! Calendars are read back with the `ical` crate (not the `icalendar` crate that writes them)
//! and JSON-LD with serde_json.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Site, attrs, texts};

/// The fixture with the real default theme copied in.
fn site(name: &str) -> Site {
    let site = Site::fixture(name);
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

fn built() -> Site {
    let s = site("sessions-basic");
    s.haven(&["build"]).ok();
    s
}

/// A session file for the error cases, with `event` as its `[event]` table.
fn session_file(event: &str) -> String {
    format!("+++\ntitle = \"Checked session\"\n\n[event]\n{event}+++\n\nBody.\n")
}

const PLACE: &str = "\n[event.location]\nvenue = \"Hall\"\naddress = \"1 Test Street\"\n";

// ---------------------------------------------------------------- listing

#[test]
fn upcoming_by_month_soonest_first_then_past_newest_first() {
    let s = built();
    let page = s.html("public/sessions/index.html");
    assert_eq!(
        texts(&page, ".sessions-upcoming h3"),
        [
            "December 2026",
            "January 2027",
            "February 2027",
            "March 2027"
        ]
    );
    assert_eq!(
        texts(&page, ".sessions-upcoming .session-title"),
        [
            "Fair Haven listening session",
            "Online session, evening",
            "Cancelled Fair Haven session",
            "The Hill session, in person and online",
            "Session on a day, time to come",
            "Overnight session across the clock change",
        ]
    );
    assert_eq!(
        texts(&page, "[data-past-list] .session-title"),
        [
            "Recent session still marked scheduled",
            "Session in the repeated hour",
            "Newhallville session"
        ]
    );
    // Statuses: a cancelled session stays listed and says so; a scheduled one that is over says "Ended".
    let statuses = texts(&page, ".sessions-upcoming .session-status:not([hidden])");
    assert_eq!(statuses[2], "Cancelled");
    assert_eq!(
        texts(&page, "[data-past-list] .session-status"),
        ["Ended", "Ended", "Held"]
    );
    // Where: neighborhood and venue, "Online", or both.
    assert_eq!(
        texts(&page, ".sessions-upcoming .session-where")[..4],
        [
            "Fair Haven — Fixture Library, community room",
            "Online",
            "Fair Haven — Fixture Library, community room",
            "The Hill — Hill Community Hall; also online"
        ]
    );
    assert_eq!(
        texts(&page, ".session-langs")[0],
        "Languages: English, Spanish. Interpretation: American Sign Language (ASL)"
    );
}

#[test]
fn times_are_written_out_with_offsets_in_time_elements() {
    let s = built();
    let page = s.html("public/sessions/index.html");
    let when = texts(&page, ".sessions-upcoming .session-when");
    assert_eq!(when[0], "Thursday, December 3, 2026, 6:00–7:30 p.m.");
    // Another zone than the site's is named; a day without a time is just the day.
    assert_eq!(when[1], "Thursday, December 10, 2026, 7:00–8:00 p.m. (CST)");
    assert_eq!(when[4], "Monday, February 1, 2027");
    // Across the spring-forward gap: start in EST, end in EDT.
    assert_eq!(
        when[5],
        "Sunday, March 14, 2027, 1:00 a.m. EST–3:30 a.m. EDT"
    );
    let starts = attrs(
        &page,
        ".sessions-upcoming .session-when time:not(.session-end)",
        "datetime",
    );
    assert_eq!(
        starts[..2],
        ["2026-12-03T18:00:00-05:00", "2026-12-10T19:00:00-06:00"]
    );
    assert_eq!(starts[4], "2027-02-01");
    assert_eq!(
        attrs(
            &page,
            ".sessions-upcoming .session-when time.session-end",
            "datetime"
        )[0],
        "2026-12-03T19:30:00-05:00"
    );
    // Each entry carries the moment it is over, for sessions.js; a day ends at midnight.
    let ends = attrs(&page, ".sessions-upcoming li.session", "data-ends");
    assert_eq!(ends[4], "2027-02-02T00:00:00-05:00");
    assert_eq!(ends[5], "2027-03-14T03:30:00-04:00");
    // Without JavaScript the page still says when it was made.
    assert_eq!(
        texts(&page, "main > p.meta time")[0],
        "Monday, November 23, 2026, 12:00 p.m."
    );
    assert_eq!(
        attrs(&page, "main > p.meta time", "datetime")[0],
        "2026-11-23T12:00:00-05:00"
    );
}

#[test]
fn overlap_session_names_both_zones() {
    let s = built();
    let page = s.html("public/sessions/2026-11-01-overlap/index.html");
    assert_eq!(
        texts(&page, ".session-facts dd")[0],
        "Sunday, November 1, 2026, 1:15 a.m. EDT–1:45 a.m. EST"
    );
    assert_eq!(
        attrs(&page, ".session-facts time", "datetime"),
        ["2026-11-01T01:15:00-04:00", "2026-11-01T01:45:00-05:00"]
    );
}

#[test]
fn a_session_moves_to_past_when_now_passes_its_end() {
    let s = site("sessions-basic");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["build", "--root"])
        .arg(s.root())
        .env("HAVEN_NOW", "2026-12-03T19:31:00-05:00")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = s.html("public/sessions/index.html");
    assert_eq!(
        texts(&page, "[data-past-list] .session-title")[0],
        "Fair Haven listening session"
    );
    assert_eq!(
        texts(&page, ".sessions-upcoming .session-title")[0],
        "Online session, evening"
    );
    let session = s.html("public/sessions/2026-12-03-fair-haven/index.html");
    assert_eq!(
        texts(&session, ".session-notice:not([hidden])"),
        ["This session has ended."]
    );
    assert_eq!(texts(&session, ".session-facts .session-status"), ["Ended"]);
}

// ---------------------------------------------------------------- filters

#[test]
fn filter_pages_work_without_javascript() {
    let s = built();
    let online = s.html("public/sessions/online/index.html");
    assert_eq!(texts(&online, "h1"), ["Online sessions"]);
    assert_eq!(
        texts(&online, ".session-title"),
        [
            "Online session, evening",
            "The Hill session, in person and online",
            "Overnight session across the clock change",
            "Session in the repeated hour"
        ]
    );
    assert_eq!(
        texts(&online, ".session-filter a[aria-current=page]"),
        ["Online"]
    );
    // Only the full list is filtered in place by the script.
    assert!(attrs(&online, "[data-session-filter]", "class").is_empty());
    let in_person = s.html("public/sessions/in-person/index.html");
    assert!(!texts(&in_person, ".session-title").contains(&"Online session, evening".to_string()));
    assert!(
        texts(&in_person, ".session-title")
            .contains(&"The Hill session, in person and online".to_string())
    );
    let fair_haven = s.html("public/sessions/neighborhood/fair-haven/index.html");
    assert_eq!(texts(&fair_haven, "h1"), ["Sessions in Fair Haven"]);
    assert_eq!(
        texts(&fair_haven, ".session-title"),
        [
            "Fair Haven listening session",
            "Cancelled Fair Haven session"
        ]
    );
    assert_eq!(
        texts(&fair_haven, ".breadcrumbs a"),
        [
            "Sessions Fixture",
            "Community sessions",
            "Sessions in Fair Haven"
        ]
    );
    let all = s.html("public/sessions/index.html");
    assert_eq!(
        texts(&all, ".session-filter [aria-labelledby=h-neighborhoods] a"),
        ["Fair Haven", "Newhallville", "The Hill"]
    );
    assert_eq!(
        attrs(&all, "[data-session-filter] a", "data-filter")[..4],
        ["all", "in-person", "online", "n:fair-haven"]
    );
    assert!(
        s.read("public/sitemap.xml")
            .contains("https://fixture.example/sessions/neighborhood/the-hill/")
    );
}

// ---------------------------------------------------------------- a session's page

#[test]
fn session_page_has_details_map_link_and_calendar() {
    let s = built();
    let page = s.html("public/sessions/2026-12-03-fair-haven/index.html");
    assert_eq!(texts(&page, "h1"), ["Fair Haven listening session"]);
    assert_eq!(
        texts(&page, ".session-facts dt"),
        [
            "When",
            "Where",
            "Languages",
            "Interpretation",
            "Access",
            "Registration",
            "Questions",
            "Status"
        ]
    );
    let map = attrs(&page, ".session-facts a", "href");
    assert_eq!(
        map[0],
        "https://www.openstreetmap.org/search?query=Fixture%20Library%2C%20community%20room%2C%2010%20Test%20Street%2C%20New%20Haven%2C%20CT%2006513"
    );
    // The call link dials the number in international form (one phone path, src/phone.rs).
    assert!(map.contains(&"tel:+12035550100".to_string()), "{map:?}");
    assert_eq!(
        attrs(&page, "a.session-button", "href"),
        ["/sessions/2026-12-03-fair-haven/2026-12-03-fair-haven.ics"]
    );
    assert_eq!(attrs(&page, "script[src]", "src").len(), 1);
    assert!(attrs(&page, "script[src]", "src")[0].starts_with("/js/sessions."));
    // No embedded map, no request to another host.
    assert!(
        !s.read("public/sessions/2026-12-03-fair-haven/index.html")
            .contains("<iframe")
    );
    // Cancelled: said at the top.
    let cancelled = s.html("public/sessions/2026-12-17-cancelled/index.html");
    assert_eq!(
        texts(&cancelled, ".session-notice.status-cancelled"),
        ["Cancelled. This session is cancelled. It will not take place."]
    );
    // A day without a time has no calendar file.
    let day = s.html("public/sessions/2027-02-01-day-only/index.html");
    assert!(attrs(&day, "a.session-button", "href").is_empty());
    assert!(
        !s.path("public/sessions/2027-02-01-day-only/2027-02-01-day-only.ics")
            .exists()
    );
}

fn jsonld(s: &Site, rel: &str) -> serde_json::Value {
    let page = s.html(rel);
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let text: String = page
        .select(&sel)
        .next()
        .expect("no JSON-LD")
        .text()
        .collect();
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("JSON-LD of {rel} is not JSON: {e}\n{text}"))
}

#[test]
fn json_ld_describes_the_event() {
    let s = built();
    let v = jsonld(&s, "public/sessions/2026-12-03-fair-haven/index.html");
    assert_eq!(v["@context"], "https://schema.org");
    assert_eq!(v["@type"], "Event");
    assert_eq!(v["name"], "Fair Haven listening session");
    assert_eq!(v["startDate"], "2026-12-03T18:00:00-05:00");
    assert_eq!(v["endDate"], "2026-12-03T19:30:00-05:00");
    assert_eq!(v["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        v["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(v["location"]["@type"], "Place");
    assert_eq!(v["location"]["name"], "Fixture Library, community room");
    assert_eq!(v["location"]["address"]["@type"], "PostalAddress");
    assert_eq!(v["location"]["address"]["streetAddress"], "10 Test Street");
    assert_eq!(v["location"]["address"]["addressLocality"], "New Haven");
    assert_eq!(v["location"]["address"]["postalCode"], "06513");
    assert_eq!(v["organizer"]["name"], "Sessions Fixture");
    assert_eq!(v["inLanguage"], serde_json::json!(["en", "es", "ase"]));
    assert_eq!(
        v["url"],
        "https://fixture.example/sessions/2026-12-03-fair-haven/"
    );

    let mixed = jsonld(&s, "public/sessions/2027-01-14-hill/index.html");
    assert_eq!(
        mixed["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    assert_eq!(mixed["location"][0]["@type"], "Place");
    assert_eq!(
        mixed["location"][1],
        serde_json::json!({"@type": "VirtualLocation", "url": "https://meet.fixture.example/hill"})
    );
    let online = jsonld(&s, "public/sessions/2026-12-10-online/index.html");
    assert_eq!(
        online["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(online["startDate"], "2026-12-10T19:00:00-06:00");
    assert_eq!(
        jsonld(&s, "public/sessions/2026-12-17-cancelled/index.html")["eventStatus"],
        "https://schema.org/EventCancelled"
    );
    assert_eq!(
        jsonld(&s, "public/sessions/2027-02-01-day-only/index.html")["startDate"],
        "2027-02-01"
    );
    let es = jsonld(&s, "public/es/sessions/2026-12-03-fair-haven/index.html");
    assert_eq!(es["organizer"]["name"], "Sitio de sesiones");
    assert_eq!(es["inLanguage"], serde_json::json!(["es", "en", "ase"]));
}

// ---------------------------------------------------------------- calendars

fn parse_ics(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser
        .next()
        .expect("no calendar")
        .expect("the calendar does not parse");
    assert!(parser.next().is_none(), "more than one calendar");
    cal
}

fn prop<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

fn value(props: &[ical::property::Property], name: &str) -> String {
    prop(props, name)
        .and_then(|p| p.value.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn param(props: &[ical::property::Property], name: &str, key: &str) -> Option<String> {
    prop(props, name)?
        .params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.join(","))
}

/// RFC 5545 §3.1: CRLF line endings, lines of at most 75 octets.
#[track_caller]
fn assert_lines_ok(text: &str) {
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "bare line break in {line:?}"
        );
        assert!(
            line.len() <= 75,
            "line longer than 75 octets ({}): {line:?}",
            line.len()
        );
    }
}

#[test]
fn each_session_has_an_rfc5545_calendar_file() {
    let s = built();
    let text = s.read("public/sessions/2026-12-03-fair-haven/2026-12-03-fair-haven.ics");
    assert_lines_ok(&text);
    let cal = parse_ics(&text);
    assert_eq!(value(&cal.properties, "VERSION"), "2.0");
    assert_eq!(cal.events.len(), 1);
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "DTSTART"), "20261203T180000");
    assert_eq!(
        param(ev, "DTSTART", "TZID").as_deref(),
        Some("America/New_York")
    );
    assert_eq!(value(ev, "DTEND"), "20261203T193000");
    assert_eq!(
        param(ev, "DTEND", "TZID").as_deref(),
        Some("America/New_York")
    );
    assert_eq!(value(ev, "DTSTAMP"), "20261123T170000Z");
    assert_eq!(value(ev, "STATUS"), "CONFIRMED");
    assert_eq!(
        value(ev, "UID"),
        "sessions-2026-12-03-fair-haven@fixture.example"
    );
    assert_eq!(
        value(ev, "URL"),
        "https://fixture.example/sessions/2026-12-03-fair-haven/"
    );
    assert_eq!(value(ev, "SUMMARY"), "Fair Haven listening session");
    assert_eq!(
        value(ev, "LOCATION"),
        r"Fixture Library\, community room\, 10 Test Street\, New Haven\, CT 06513"
    );
    // The zone is described for apps that do not know it: standard and daylight time of 2026.
    assert_eq!(cal.timezones.len(), 1);
    let tz = &cal.timezones[0];
    assert_eq!(value(&tz.properties, "TZID"), "America/New_York");
    let changes: Vec<(String, String, String)> = tz
        .transitions
        .iter()
        .map(|t| {
            (
                value(&t.properties, "DTSTART"),
                value(&t.properties, "TZOFFSETFROM"),
                value(&t.properties, "TZOFFSETTO"),
            )
        })
        .collect();
    assert!(
        changes.contains(&("20260308T020000".into(), "-0500".into(), "-0400".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&("20261101T020000".into(), "-0400".into(), "-0500".into())),
        "{changes:?}"
    );
}

#[test]
fn text_is_escaped_and_long_lines_folded() {
    let s = built();
    let text = s.read("public/sessions/2026-12-10-online/2026-12-10-online.ics");
    assert_lines_ok(&text);
    assert!(
        text.contains("\r\n "),
        "a long DESCRIPTION should be folded"
    );
    let cal = parse_ics(&text);
    let ev = &cal.events[0].properties;
    assert_eq!(value(ev, "SUMMARY"), r"Online session\, evening");
    assert_eq!(
        param(ev, "DTSTART", "TZID").as_deref(),
        Some("America/Chicago")
    );
    let desc = value(ev, "DESCRIPTION");
    assert!(desc.starts_with(r"Join online: https://meet.fixture.example/abc\nHow to join: Meeting ID 123\, passcode 456\n"), "{desc}");
    assert_eq!(
        value(&cal.timezones[0].properties, "TZID"),
        "America/Chicago"
    );
}

#[test]
fn the_subscribable_calendar_has_every_timed_session() {
    let s = built();
    let text = s.read("public/sessions/calendar.ics");
    assert_lines_ok(&text);
    let cal = parse_ics(&text);
    let uids: Vec<String> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "UID"))
        .collect();
    assert_eq!(uids.len(), 8, "{uids:?}");
    assert!(
        !uids.iter().any(|u| u.contains("day-only")),
        "a day without a time has no calendar entry"
    );
    let by_uid: BTreeMap<String, &ical::parser::ical::component::IcalEvent> = cal
        .events
        .iter()
        .map(|e| (value(&e.properties, "UID"), e))
        .collect();
    let cancelled = &by_uid["sessions-2026-12-17-cancelled@fixture.example"].properties;
    assert_eq!(value(cancelled, "STATUS"), "CANCELLED");
    assert_eq!(
        value(cancelled, "SUMMARY"),
        "Cancelled: Cancelled Fair Haven session"
    );
    let dst = &by_uid["sessions-2027-03-14-dst@fixture.example"].properties;
    assert_eq!(
        (value(dst, "DTSTART"), value(dst, "DTEND")),
        ("20270314T010000".into(), "20270314T033000".into())
    );
    // One VTIMEZONE per zone used, covering every year used.
    let zones: Vec<String> = cal
        .timezones
        .iter()
        .map(|t| value(&t.properties, "TZID"))
        .collect();
    assert_eq!(zones, ["America/Chicago", "America/New_York"]);
    let ny = cal
        .timezones
        .iter()
        .find(|t| value(&t.properties, "TZID") == "America/New_York")
        .unwrap();
    let starts: Vec<String> = ny
        .transitions
        .iter()
        .map(|t| value(&t.properties, "DTSTART"))
        .collect();
    assert!(
        starts.contains(&"20270314T020000".to_string()),
        "{starts:?}"
    );
    assert_eq!(value(&cal.properties, "X-WR-TIMEZONE"), "America/New_York");
    assert_eq!(
        value(&cal.properties, "NAME"),
        "Sessions — Sessions Fixture"
    );
}

#[test]
fn uids_stay_the_same_across_builds() {
    let s = built();
    let first = s.read("public/sessions/calendar.ics");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_haven"))
        .args(["build", "--root"])
        .arg(s.root())
        .env("HAVEN_NOW", "2026-11-24T08:00:00-05:00")
        .output()
        .unwrap();
    assert!(run.status.success());
    let second = s.read("public/sessions/calendar.ics");
    let uids = |t: &str| {
        parse_ics(t)
            .events
            .iter()
            .map(|e| value(&e.properties, "UID"))
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&first), uids(&second));
    // Only DTSTAMP (the build time) differs.
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("DTSTAMP"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&first), strip(&second));
    assert_ne!(first, second);
}

#[test]
fn spanish_pages_and_calendar() {
    let s = built();
    let page = s.html("public/es/sessions/index.html");
    assert_eq!(texts(&page, "h1"), ["Sesiones comunitarias"]);
    assert_eq!(
        texts(&page, ".sessions-upcoming .session-when")[0],
        "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m."
    );
    assert_eq!(
        texts(&page, ".sessions-upcoming h3")[0],
        "diciembre de 2026"
    );
    // The translated session, then untranslated ones in English, marked as English.
    assert_eq!(
        attrs(&page, ".sessions-upcoming .session-title a", "href")[..2],
        [
            "/es/sessions/2026-12-03-fair-haven/",
            "/sessions/2026-12-10-online/"
        ]
    );
    assert_eq!(
        attrs(
            &page,
            ".sessions-upcoming .session-title a[lang=en]",
            "href"
        )[0],
        "/sessions/2026-12-10-online/"
    );
    assert!(s.path("public/es/sessions/online/index.html").is_file());
    let cal = parse_ics(&s.read("public/es/sessions/calendar.ics"));
    let summaries: Vec<String> = cal
        .events
        .iter()
        .map(|e| value(&e.properties, "SUMMARY"))
        .collect();
    assert!(
        summaries.contains(&"Sesión de escucha en Fair Haven".to_string()),
        "{summaries:?}"
    );
    assert!(
        !summaries.contains(&"Fair Haven listening session".to_string()),
        "{summaries:?}"
    );
    assert_eq!(summaries.len(), 8);
    // The same session has the same UID in both languages.
    let es =
        parse_ics(&s.read("public/es/sessions/2026-12-03-fair-haven/2026-12-03-fair-haven.ics"));
    assert_eq!(
        value(&es.events[0].properties, "UID"),
        "sessions-2026-12-03-fair-haven@fixture.example"
    );
}

// ---------------------------------------------------------------- home page

#[test]
fn home_shows_the_next_two_sessions() {
    let s = built();
    let home = s.html("public/index.html");
    assert_eq!(
        texts(
            &home,
            ".sessions-home li.session:not([hidden]) .session-title"
        ),
        ["Fair Haven listening session", "Online session, evening"]
    );
    // Two more wait, hidden, for when these end.
    assert_eq!(
        texts(&home, ".sessions-home li.session[hidden] .session-title").len(),
        2
    );
    assert_eq!(attrs(&home, ".sessions-home [data-empty]", "hidden"), [""]);
    assert!(
        attrs(&home, "script[src]", "src")
            .iter()
            .any(|s| s.starts_with("/js/sessions."))
    );
}

#[test]
fn home_says_plainly_when_none_is_scheduled() {
    let s = site("sessions-basic");
    for f in [
        "2026-12-03-fair-haven.md",
        "2026-12-03-fair-haven.es.md",
        "2026-12-10-online.md",
        "2026-12-17-cancelled.md",
        "2027-01-14-hill.md",
        "2027-02-01-day-only.md",
        "2027-03-14-dst.md",
    ] {
        std::fs::remove_file(s.path(&format!("content/sessions/{f}"))).unwrap();
    }
    s.haven(&["build"]).ok();
    let home = s.html("public/index.html");
    assert!(texts(&home, ".sessions-home li.session").is_empty());
    assert_eq!(
        texts(&home, ".sessions-home [data-empty]:not([hidden])"),
        [
            "No sessions are scheduled right now. To hear about the next one, subscribe to the sessions calendar or check this page again."
        ]
    );
    assert_eq!(
        attrs(&home, ".sessions-home .session-links a", "href"),
        ["/sessions/", "/sessions/calendar.ics"]
    );
    let list = s.html("public/sessions/index.html");
    assert_eq!(
        texts(&list, ".sessions-upcoming [data-empty]:not([hidden])").len(),
        1
    );
}

#[test]
fn yaml_front_matter_works_too() {
    let s = site("sessions-basic");
    s.write(
        "content/sessions/yaml.md",
        "---\ntitle: YAML session\nevent:\n  start: 2026-12-04T18:00\n  end: 2026-12-04T19:00\n  online:\n    url: https://meet.fixture.example/yaml\n---\n\nBody.\n",
    );
    s.haven(&["build"]).ok();
    let page = s.html("public/sessions/yaml/index.html");
    assert_eq!(
        texts(&page, ".session-facts dd")[0],
        "Friday, December 4, 2026, 6:00–7:00 p.m."
    );
    // A mistake in YAML is located too.
    s.write("content/sessions/yaml.md", "---\ntitle: YAML session\nevent:\n  start: 2026-12-04T18:00\n  end: 2026-12-04T17:00\n  online:\n    url: https://meet.fixture.example/yaml\n---\n");
    let run = s.haven(&["check"]);
    assert!(
        run.stderr.contains("content/sessions/yaml.md:5:1: error: the session ends (2026-12-04 17:00) before it starts (2026-12-04 18:00)"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- checks

/// Adds `content/sessions/checked.md`, runs `haven check`, and returns its stderr.
fn check_with(event: &str) -> common::Run {
    let s = site("sessions-basic");
    s.write("content/sessions/checked.md", session_file(event));
    s.haven(&["check"])
}

#[track_caller]
fn assert_error(event: &str, line: usize, message: &str) {
    assert_error_at(event, &format!("{line}:1"), message);
}

/// Like [`assert_error`], at `line:col`.
#[track_caller]
fn assert_error_at(event: &str, at: &str, message: &str) {
    let run = check_with(event);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!("content/sessions/checked.md:{at}: error: {message}");
    assert!(
        run.stderr.contains(&expected),
        "expected `{expected}` in:\n{}",
        run.stderr
    );
}

#[track_caller]
fn assert_warning(event: &str, line: usize, message: &str) {
    let run = check_with(event);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = format!("content/sessions/checked.md:{line}:1: warning: {message}");
    assert!(
        run.stderr.contains(&expected),
        "expected `{expected}` in:\n{}",
        run.stderr
    );
}

#[test]
fn the_fixture_has_no_session_problems() {
    // The counterpart of every check below: the good sessions raise none of them.
    let s = site("sessions-basic");
    let run = s.haven(&["check"]).ok();
    // Only the translation report (tests/i18n.rs) may speak: the fixture is partly in Spanish.
    assert!(run.stderr.contains(" 0 errors, "), "{}", run.stderr);
    assert!(
        !run.stderr
            .lines()
            .any(|l| l.contains(": warning: ") && !l.contains("Spanish")),
        "{}",
        run.stderr
    );
    // A new session has no `fingerprint` yet: that warning (tests/resident_checks.rs) is the
    // only one it may get.
    let ok = check_with(&format!(
        "start = 2026-12-05T10:00\nend = 2026-12-05T11:00\n{PLACE}"
    ))
    .ok();
    assert!(ok.stderr.contains(" 0 errors, "), "{}", ok.stderr);
    assert!(
        !ok.stderr.lines().any(|l| l.contains(": warning: ")
            && !l.contains("Spanish")
            && !l.contains("`fingerprint`")),
        "{}",
        ok.stderr
    );
}

#[test]
fn end_before_start() {
    assert_error(
        &format!("start = 2026-12-05T10:00\nend = 2026-12-05T09:00\n{PLACE}"),
        6,
        "the session ends (2026-12-05 09:00) before it starts (2026-12-05 10:00)",
    );
}

#[test]
fn time_zone_must_be_iana() {
    assert_error(
        &format!("start = 2026-12-05T10:00\ntimezone = \"Eastern\"\n{PLACE}"),
        6,
        "`timezone` must be an IANA time zone name like America/New_York, found `Eastern`",
    );
    let run = check_with(&format!(
        "start = 2026-12-05T10:00\ntimezone = \"america/chicago\"\n{PLACE}"
    ));
    assert!(
        run.stderr.contains("did you mean `America/Chicago`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn times_in_the_dst_gap_and_overlap() {
    assert_error(
        &format!("start = 2027-03-14T02:30\n{PLACE}"),
        5,
        "`start` is 2027-03-14 02:30, a time that does not exist in America/New_York: that night the clocks jump from 02:00 to 03:00",
    );
    assert_error(
        &format!("start = 2026-11-01T00:30\nend = 2026-11-01T01:30\n{PLACE}"),
        6,
        "`end` is 2026-11-01 01:30, a time that happens twice in America/New_York: that night the clocks go back an hour",
    );
    let run = check_with(&format!("start = 2026-11-01T01:30\n{PLACE}"));
    assert!(run.stderr.contains("add the offset to say which one: 2026-11-01T01:30:00-04:00 (the first time) or 2026-11-01T01:30:00-05:00 (the second)"), "{}", run.stderr);
}

#[test]
fn in_person_without_address_and_online_without_link() {
    assert_error(
        "start = 2026-12-05T10:00\n\n[event.location]\nvenue = \"Hall\"\n",
        7,
        "this in-person session has no street `address`",
    );
    assert_error(
        "start = 2026-12-05T10:00\n\n[event.online]\ndetails = \"ID 1\"\n",
        7,
        "this online session has no `url` to join",
    );
    assert_error(
        "start = 2026-12-05T10:00\nstatus = \"moved online\"\n",
        6,
        "this session is marked `moved online` but has no link to join",
    );
    assert_error(
        "start = 2026-12-05T10:00\n",
        4,
        "this session says neither where it is nor how to join online",
    );
}

#[test]
fn scheduled_session_long_past_is_a_warning() {
    assert_warning(
        &format!(
            "start = 2026-09-01T10:00\nend = 2026-09-01T11:00\nstatus = \"scheduled\"\n{PLACE}"
        ),
        7,
        "this session is marked `scheduled`, but it was on 2026-09-01 (83 days ago)",
    );
    // Held, or ended only days ago: no warning (the fixture's 2026-11-20 session is one).
    let run = check_with(&format!(
        "start = 2026-09-01T10:00\nstatus = \"held\"\n{PLACE}"
    ))
    .ok();
    assert!(!run.stderr.contains("marked `scheduled`"), "{}", run.stderr);
}

#[test]
fn two_sessions_at_the_same_time_and_place_is_a_warning() {
    assert_warning(
        "start = 2026-12-03T18:00\nend = 2026-12-03T19:00\n\n[event.location]\nvenue = \"Fixture Library,  Community Room\"\naddress = \"10 Test Street\"\n",
        5,
        "this session starts at the same time and place as content/sessions/2026-12-03-fair-haven.md",
    );
}

#[test]
fn shape_mistakes_are_located() {
    assert_error(
        &format!("start = 2026-12-05T10:00\n{PLACE}venu = \"x\"\n"),
        10,
        "unknown field `venu` in [event.location]",
    );
    assert_error_at(
        &format!("start = \"Dec 5\"\n{PLACE}"),
        "5:9",
        "`start` is written as `Dec 5`; Haven reads dates only as year-month-day, the letter T, and the time on the 24-hour clock, like 2026-12-03T18:00",
    );
    assert_error(
        &format!("start = 2026-12-05T10:00\nstatus = \"done\"\n{PLACE}"),
        6,
        "`status` must be one of `scheduled`, `cancelled`, `postponed`, `moved online`, `held`, found `done`",
    );
    assert_error_at(
        &format!("start = 2026-12-05T10:00\nlanguages = \"Spanish\"\n{PLACE}"),
        "6:13",
        "`languages` must be a list, not text (\"Spanish\")",
    );
    assert_error(
        &format!("start = 2026-12-05T10:00\nregistration = \"example.org/x\"\n{PLACE}"),
        6,
        "`registration` must be a full web address, found `example.org/x`",
    );
    assert_error(
        &format!("start = 2026-12-05\nend = 2026-12-05T11:00\n{PLACE}"),
        6,
        "`end` is given but `start` has no time",
    );
}

#[test]
fn errors_stop_the_build_and_leave_public_alone() {
    let s = built();
    let before = common::snapshot(&s.path("public"));
    s.write(
        "content/sessions/checked.md",
        session_file(&format!(
            "start = 2026-12-05T10:00\nend = 2026-12-05T09:00\n{PLACE}"
        )),
    );
    let run = s.haven(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/sessions/checked.md:6:1: error: the session ends"),
        "{}",
        run.stderr
    );
    assert_eq!(common::snapshot(&s.path("public")), before);
}

#[test]
fn a_sessions_section_without_the_sessions_template_is_a_warning() {
    let s = site("sessions-basic");
    let text = s
        .read("content/sessions/_index.md")
        .replace("template = \"sessions.html\"\n", "");
    s.write("content/sessions/_index.md", text);
    let run = s.haven(&["check"]).ok();
    assert!(
        run.stderr.contains("content/sessions/_index.md:2:1: warning: the sessions section does not use the sessions template, so it lists sessions without their dates"),
        "{}",
        run.stderr
    );
    // (the_fixture_has_no_session_problems is the case with the template set.)
}

#[test]
fn a_page_in_sessions_without_an_event_table_is_a_warning() {
    let s = site("sessions-basic");
    s.write(
        "content/sessions/notes.md",
        "+++\ntitle = \"Notes\"\n+++\n\nNot a session.\n",
    );
    let run = s.haven(&["check"]).ok();
    assert!(run.stderr.contains("content/sessions/notes.md:2:1: warning: this page is in sessions/ but has no [event] table, so it is not listed as a session"), "{}", run.stderr);
}

#[test]
fn a_theme_without_session_templates_still_builds() {
    // The basic fixture's own small theme has no sessions templates: no filter pages, no warning.
    let s = Site::fixture("basic");
    s.write(
        "content/sessions/_index.md",
        "+++\ntitle = \"Sessions\"\n+++\n",
    );
    s.write(
        "content/sessions/one.md",
        session_file(&format!("start = 2026-12-05T10:00\n{PLACE}")),
    );
    s.haven(&["build"]).ok();
    let run = s.haven(&["check"]).ok();
    // Only the translation report may speak (the basic fixture has a Spanish page), and the
    // new session's missing `fingerprint`.
    assert!(
        !run.stderr.lines().any(|l| l.contains(": warning: ")
            && !l.contains("Spanish")
            && !l.contains("`fingerprint`")),
        "{}",
        run.stderr
    );
    assert!(!s.path("public/sessions/online").exists());
    assert!(s.path("public/sessions/calendar.ics").is_file());
    assert!(s.path("public/sessions/one/one.ics").is_file());
}

#[test]
fn a_page_may_not_take_a_filter_page_address() {
    let s = site("sessions-basic");
    s.write(
        "content/sessions/online.md",
        session_file(&format!("start = 2026-12-05T10:00\n{PLACE}")),
    );
    let run = s.haven(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/sessions/online.md:1:1: error: this page's address /sessions/online/ is needed for the list \"Online sessions\""),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- haven new session

#[test]
fn new_session_writes_a_draft_and_never_overwrites() {
    let s = site("sessions-basic");
    let run = s.haven(&[
        "new",
        "session",
        "Fair Haven, winter",
        "--root",
        s.root().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = s.read("content/sessions/fair-haven-winter.md");
    assert!(text.contains("title = \"Fair Haven, winter\"\n"));
    assert!(text.contains("draft = true\n"));
    // A date two weeks after "now", at 6 p.m.
    assert!(
        text.contains("start = 2026-12-07T18:00\nend = 2026-12-07T19:30\n"),
        "{text}"
    );
    for field in [
        "start",
        "end",
        "timezone",
        "status",
        "languages",
        "interpretation",
        "accessibility",
        "registration",
        "organizer",
        "venue",
        "address",
        "neighborhood",
        "url",
        "details",
        "name",
        "phone",
        "email",
    ] {
        assert!(text.contains(&format!("{field} = ")), "missing {field}");
    }
    // Without --drafts it is not published; with it, it builds, and the examples left are listed.
    s.haven(&["build"]).ok();
    assert!(!s.path("public/sessions/fair-haven-winter").exists());
    let check = s.haven(&["check", "--drafts"]).ok();
    assert!(check.stderr.contains("content/sessions/fair-haven-winter.md:24:1: warning: `languages` still has the example text from `haven new session`"), "{}", check.stderr);
    // Published with examples left in: errors.
    s.write(
        "content/sessions/fair-haven-winter.md",
        text.replace("draft = true\n", ""),
    );
    let check = s.haven(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stderr
            .contains("error: `location.venue` still has the example text"),
        "{}",
        check.stderr
    );
    // Never overwrites.
    let again = s.haven(&[
        "new",
        "session",
        "Fair Haven, winter",
        "--root",
        s.root().to_str().unwrap(),
    ]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn the_bundled_example_session_builds_with_drafts() {
    // content/sessions/example-session.md in the repository: staff copy it.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("content/sessions/example-session.md")).unwrap();
    assert!(text.contains("draft = true"));
    let s = site("sessions-basic");
    s.write("content/sessions/example-session.md", &text);
    s.haven(&["build", "--drafts"]).ok();
    let page = s.html("public/sessions/example-session/index.html");
    assert_eq!(texts(&page, "h1"), ["Example session"]);
    assert!(
        s.path("public/sessions/example-session/example-session.ics")
            .is_file()
    );
}
