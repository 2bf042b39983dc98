//! Resources for families: fixture sites with valid, stale, duplicate and malformed resources,
//! built by the real binary with the real theme and a fixed date (2026-11-23, from
//! tests/common), checked on what a reader gets and on what staff are told.

mod common;

use std::path::Path;

use common::{Site, attrs, copy_tree, texts};

/// A fixture with the bundled theme copied in.
fn fixture(name: &str) -> Site {
    let site = Site::fixture(name);
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/haven"),
        &site.path("themes/haven"),
    );
    site
}

fn built() -> Site {
    let site = fixture("resources-valid");
    site.haven(&["build"]).ok();
    site
}

/// The `path:line:col: severity: message` lines of a run's stderr.
fn located(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("content/") || l.starts_with("config.toml"))
        .map(str::to_string)
        .collect()
}

#[track_caller]
fn assert_has(stderr: &str, line: &str) {
    assert!(
        located(stderr).iter().any(|l| l == line),
        "expected\n  {line}\nin:\n{stderr}"
    );
}

const RESOURCE_WORDS: [&str; 6] = [
    "last checked",
    "same name",
    "also listed",
    "quick exit",
    "has no",
    "is not a",
];

// ---------------------------------------------------------------- the directory

#[test]
fn directory_shows_right_now_first_then_categories_in_fixed_order() {
    let site = built();
    let doc = site.html("public/resources/index.html");
    assert_eq!(
        texts(&doc, ".resource-group > h2"),
        [
            "If you need help right now",
            "Grief and counseling",
            "Funeral costs, financial help and victim compensation",
            "Court and legal advocacy",
            "Notification of offender status",
            "Community programs"
        ]
    );
    // "Right now" is the first thing in <main> after the h1.
    let first = scraper::Selector::parse("main > h1 + section.resource-now").unwrap();
    assert_eq!(doc.select(&first).count(), 1);
    // By weight (911, 988, 2-1-1), not by file name (a-lifeline, b-211, c-emergency).
    assert_eq!(
        texts(&doc, ".resource-now .resource-name"),
        [
            "Emergency",
            "988 Suicide & Crisis Lifeline",
            "Connecticut 2-1-1"
        ]
    );
    // No weights: by name, not by file name (d-ovs before e-ova).
    assert_eq!(
        texts(
            &doc,
            "#cat-court-and-legal-advocacy + .resource-list .resource-name"
        ),
        [
            "Office of the Victim Advocate",
            "Office of Victim Services (OVS)"
        ]
    );
    // An empty category gets no heading.
    assert!(!doc.html().contains("Youth and family"));
    // The section's own text and its other pages follow the directory.
    assert_eq!(
        texts(&doc, "main > .content p"),
        ["Each entry says when a person last checked it."]
    );
    assert!(
        attrs(&doc, ".resource-more a", "href")
            .contains(&"/resources/about-this-list/".to_string())
    );
}

#[test]
fn phone_numbers_are_tel_links_in_e164_with_the_number_as_written() {
    let site = built();
    let doc = site.html("public/resources/index.html");
    assert_eq!(
        attrs(&doc, ".resource-call", "href"),
        [
            "tel:911",
            "tel:988",
            "sms:988",
            "tel:211",
            "tel:+18888334764",
            "tel:+18882867347",
            "tel:+18605506632",
            "tel:+18887713126",
            "tel:+18008228428",
            "tel:+18778463428",
        ]
    );
    assert_eq!(
        texts(&doc, ".resource-number"),
        [
            "911",
            "988",
            "988",
            "2-1-1",
            "1-888-833-4764",
            "1-888-286-7347",
            "860-550-6632",
            "1-888-771-3126",
            "1-800-822-8428",
            "1-877-846-3428"
        ]
    );
    assert_eq!(
        texts(&doc, "#r-e-ova .resource-call-label"),
        ["Call", "Toll free"]
    );
    assert_eq!(
        texts(&doc, "#r-a-lifeline .resource-note"),
        ["For Spanish, press 2."]
    );
}

#[test]
fn cards_show_offer_hours_languages_and_when_they_were_checked() {
    let site = built();
    let doc = site.html("public/resources/index.html");
    let card = "#r-b-211";
    assert_eq!(
        texts(&doc, &format!("{card} .resource-offer")),
        ["A free and confidential help line run by United Way of Connecticut."]
    );
    assert_eq!(
        texts(&doc, &format!("{card} .resource-meta")),
        ["Hours: 24 hours a day, 7 days a week · Languages: Many languages"]
    );
    assert_eq!(
        texts(&doc, &format!("{card} .resource-checked")),
        ["Checked on October 1, 2026"]
    );
    assert_eq!(
        attrs(&doc, &format!("{card} .resource-checked time"), "datetime"),
        ["2026-10-01"]
    );
    assert_eq!(
        attrs(&doc, &format!("{card} .resource-links a"), "href"),
        ["https://211ct.org"]
    );
    // A date written as a string works like a TOML date.
    assert_eq!(
        texts(&doc, "#r-e-ova .resource-checked"),
        ["Checked on June 1, 2026"]
    );
    // Every card says when it was checked; only the one with `verify` notes says it is being confirmed.
    assert_eq!(
        texts(&doc, ".resource-card").len(),
        texts(&doc, ".resource-checked").len()
    );
    assert_eq!(
        texts(&doc, ".resource-unverified"),
        ["Some details are still being confirmed."]
    );
    assert_eq!(texts(&doc, "#r-a-lifeline .resource-unverified").len(), 1);
    // A resource with no phone shows its website.
    assert_eq!(
        attrs(&doc, "#r-i-longevity a", "href"),
        ["/resources/i-longevity/", "https://projectlongevity-ct.org"]
    );
}

#[test]
fn yaml_front_matter_works_for_resources() {
    let site = built();
    let doc = site.html("public/resources/index.html");
    assert_eq!(
        texts(
            &doc,
            "#cat-grief-and-counseling + .resource-list .resource-name"
        ),
        ["Survivors of Homicide, Inc."]
    );
    assert_eq!(
        attrs(&doc, "#r-h-survivors .resource-call", "href"),
        ["tel:+18888334764"]
    );
}

#[test]
fn each_category_has_a_page_with_only_its_resources() {
    let site = built();
    let page = site.html("public/resources/court-and-legal-advocacy/index.html");
    assert_eq!(texts(&page, "h1"), ["Court and legal advocacy"]);
    assert_eq!(
        texts(&page, ".resource-name"),
        [
            "Office of the Victim Advocate",
            "Office of Victim Services (OVS)"
        ]
    );
    // Names are h2 under the page's h1 there.
    assert_eq!(texts(&page, "h2.resource-name").len(), 2);
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        [
            "Test Office",
            "Resources for families",
            "Court and legal advocacy"
        ]
    );
    let now = site.html("public/resources/right-now/index.html");
    assert_eq!(texts(&now, "h1"), ["If you need help right now"]);
    assert!(!site.path("public/resources/youth-and-family").exists());
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/resources/court-and-legal-advocacy/</loc>"),
        "{sitemap}"
    );
    assert!(
        !sitemap.contains("/resources/print/"),
        "the print sheet repeats the directory; it stays out of the sitemap"
    );
}

#[test]
fn each_resource_has_a_page_with_its_details_and_json_ld() {
    let site = built();
    let page = site.html("public/resources/d-ovs/index.html");
    assert_eq!(texts(&page, "h1"), ["Office of Victim Services (OVS)"]);
    assert_eq!(
        texts(&page, ".resource-facts dt"),
        ["Who it is for", "Topic"]
    );
    assert_eq!(
        texts(&page, ".resource-facts dd"),
        [
            "Victims of crime and their families.",
            "Court and legal advocacy"
        ]
    );
    assert_eq!(
        attrs(&page, ".resource-facts a", "href"),
        ["/resources/court-and-legal-advocacy/"]
    );
    assert_eq!(attrs(&page, ".resource-call", "href"), ["tel:+18008228428"]);
    assert_eq!(
        texts(&page, ".resource-checked"),
        ["Checked on November 20, 2026"]
    );
    let scripts = texts(&page, "script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1);
    let ld: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Organization");
    assert_eq!(ld["name"], "Office of Victim Services (OVS)");
    assert_eq!(ld["telephone"], "+18008228428");
    assert_eq!(ld["url"], "https://jud.ct.gov/crimevictim");
    assert_eq!(ld["contactPoint"][0]["contactType"], "Victim services line");
    // The page's own Markdown follows the details.
    let emergency = site.html("public/resources/c-emergency/index.html");
    assert_eq!(texts(&emergency, ".content strong"), ["911"]);
    let ld: serde_json::Value =
        serde_json::from_str(&texts(&emergency, "script[type=\"application/ld+json\"]")[0])
            .unwrap();
    assert_eq!(ld["telephone"], "911");
    assert_eq!(
        ld["url"], "https://example.org/resources/c-emergency/",
        "without a website, the page's own address"
    );
}

#[test]
fn print_sheet_lists_every_resource_and_says_when_it_was_produced() {
    let site = built();
    let sheet = site.html("public/resources/print/index.html");
    assert_eq!(texts(&sheet, "h1"), ["Resources for families"]);
    let produced = texts(&sheet, ".sheet-produced");
    assert_eq!(
        produced,
        [
            "Test Office. Produced on November 23, 2026. The latest version is at https://example.org/resources/"
        ]
    );
    assert_eq!(
        texts(&sheet, ".resource-sheet h2")[0],
        "If you need help right now"
    );
    let names: Vec<String> = texts(&sheet, ".sheet-name strong");
    assert_eq!(names.len(), 9, "{names:?}");
    assert_eq!(
        names[..3],
        [
            "Emergency",
            "988 Suicide & Crisis Lifeline",
            "Connecticut 2-1-1"
        ]
    );
    let index = site.html("public/resources/index.html");
    assert_eq!(
        attrs(&sheet, ".resource-call", "href"),
        attrs(&index, ".resource-call", "href"),
        "the sheet has every number the directory has"
    );
    assert!(
        texts(&sheet, ".sheet-meta")
            .iter()
            .all(|m| m.contains("Checked on"))
    );
    assert_eq!(texts(&sheet, ".sheet-flag"), ["(details being confirmed)"]);
    assert_eq!(
        attrs(
            &index,
            ".resource-topics a[href=\"/resources/print/\"]",
            "href"
        )
        .len(),
        1,
        "the directory links to the sheet"
    );
}

#[test]
fn every_resources_page_has_the_quick_exit() {
    let site = built();
    let mut pages = 0;
    for e in walkdir::WalkDir::new(site.path("public/resources")) {
        let e = e.unwrap();
        if e.file_name() == "index.html" {
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(e.path()).unwrap());
            assert_eq!(
                attrs(&doc, "a[data-quick-exit]", "href"),
                ["https://www.google.com/"],
                "{}",
                e.path().display()
            );
            assert_eq!(texts(&doc, "h1").len(), 1, "{}", e.path().display());
            pages += 1;
        }
    }
    // the directory, 9 resources, 1 other page, 6 categories, the sheet
    assert_eq!(pages, 18);
    // Not on pages outside the section.
    assert!(
        attrs(
            &site.html("public/index.html"),
            "a[data-quick-exit]",
            "href"
        )
        .is_empty()
    );
}

#[test]
fn valid_resources_raise_no_resource_problems() {
    let site = fixture("resources-valid");
    let run = site.haven(&["check"]).ok();
    let lines = located(&run.stderr);
    assert_eq!(
        lines,
        [
            "content/resources/a-lifeline.md:4:1: warning: fact to verify: 988: call or text, chat, Spanish press 2 (secondary source).",
            "content/resources/i-longevity.md:3:1: warning: missing fact: No phone number has been found.",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn a_resources_section_without_resources_still_builds() {
    let site = fixture("resources-valid");
    for f in [
        "a-lifeline",
        "b-211",
        "c-emergency",
        "d-ovs",
        "e-ova",
        "f-compensation",
        "g-savin",
        "h-survivors",
        "i-longevity",
    ] {
        std::fs::remove_file(site.path(&format!("content/resources/{f}.md"))).unwrap();
    }
    site.haven(&["build"]).ok();
    let doc = site.html("public/resources/index.html");
    assert!(texts(&doc, ".resource-card").is_empty());
    assert_eq!(texts(&doc, "#h-pages + ul h3"), ["About this list"]);
    assert!(!site.path("public/resources/print").exists());
}

// ---------------------------------------------------------------- staff checks

#[test]
fn stale_resources_are_warned_with_their_age_oldest_first() {
    let site = fixture("resources-stale");
    let run = site.haven(&["check"]).ok();
    assert_eq!(
        located(&run.stderr),
        [
            "content/resources/_index.md:1:1: warning: 3 resources are due for review (last checked more than 180 days ago)",
            "content/resources/a-ovs.md:8:1: warning: `Office of Victim Services (OVS)` was last checked 206 days ago (2026-05-01); resources are due for review every 180 days",
            "content/resources/b-savin.md:8:1: warning: `CT SAVIN` was last checked 365 days ago (2025-11-23); resources are due for review every 180 days",
            "content/resources/d-lifeline.md:8:1: warning: `988 Suicide & Crisis Lifeline` was last checked 181 days ago (2026-05-26); resources are due for review every 180 days",
        ],
        "{}",
        run.stderr
    );
    // The list staff work through, oldest first; 180 days exactly (c-emergency) is not yet due.
    let list = "  = hint: oldest first:\n  content/resources/b-savin.md:8  CT SAVIN, checked 365 days ago\n  content/resources/a-ovs.md:8  Office of Victim Services (OVS), checked 206 days ago\n  content/resources/d-lifeline.md:8  988 Suicide & Crisis Lifeline, checked 181 days ago\n";
    assert!(run.stderr.contains(list), "{}", run.stderr);
    assert!(!run.stderr.contains("c-emergency"), "{}", run.stderr);
    // Warnings do not stop the build; it counts them.
    let build = site.haven(&["build"]).ok();
    assert!(
        build
            .stderr
            .contains("4 warnings (run `haven check` to list them)"),
        "{}",
        build.stderr
    );
    assert!(site.path("public/resources/index.html").is_file());
}

#[test]
fn the_review_interval_is_a_setting() {
    let site = fixture("resources-stale");
    let config = site
        .read("config.toml")
        .replace("[extra]", "review_interval_days = 200\n\n[extra]");
    site.write("config.toml", config);
    let run = site.haven(&["check"]).ok();
    let lines = located(&run.stderr);
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    assert!(
        lines[0].ends_with(
            "warning: 2 resources are due for review (last checked more than 200 days ago)"
        ),
        "{lines:?}"
    );
    // And with a fresh date, nothing is due.
    let site = fixture("resources-valid");
    assert!(
        !site
            .haven(&["check"])
            .ok()
            .stderr
            .contains("due for review")
    );
}

#[test]
fn duplicate_names_and_numbers_are_warned() {
    let site = fixture("resources-duplicate");
    let run = site.haven(&["check"]).ok();
    assert_eq!(
        located(&run.stderr),
        [
            "content/resources/b-ovs-again.md:2:1: warning: the resource `office of victim services  (OVS)` has the same name as content/resources/a-ovs.md",
            "content/resources/c-compensation.md:7:1: warning: the phone number `(800) 822-8428` is also listed for `Office of Victim Services (OVS)` (content/resources/a-ovs.md:7)",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn malformed_resources_fail_the_build_with_file_and_line() {
    let site = fixture("resources-malformed");
    let run = site.haven(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !site.path("public").exists(),
        "nothing is written when the build fails"
    );
    let expected = [
        "content/resources/bad-category.md:5:1: error: `category` must be one of the fixed list, found `greif`",
        "content/resources/bad-date.md:8:17: error: `last_reviewed` is written as `Nov 3`; Haven reads dates only as year-month-day, like 2026-12-03",
        "content/resources/bad-phone.md:7:39: error: the phone number `555-0100` is not a valid North American phone number",
        "content/resources/bad-text.md:7:9: error: the text number `12345` is not a valid North American phone number",
        "content/resources/bad-website.md:7:1: error: `website` must be a full web address, found `211ct.org`",
        "content/resources/foreign-phone.md:7:39: error: the phone number `+44 20 7946 0000` is not a North American number",
        "content/resources/future-date.md:8:1: error: `last_reviewed` is in the future: 2027-01-05 (today is 2026-11-23)",
        "content/resources/no-category.md:4:1: error: the resource `No category` has no `category`",
        "content/resources/no-contact.md:4:1: error: the resource `No contact` has no way to reach it",
        "content/resources/no-date.md:4:1: error: the resource `No date` has no `last_reviewed` date",
        "content/resources/no-label.md:8:1: error: the phone number `1-888-771-3126` has no `label`",
        "content/resources/no-number.md:7:1: error: phone 1 in `phones` has no `number`",
        "content/resources/no-offer.md:4:1: error: the resource `No offer` has no `offer`",
        "content/resources/phone-unknown-field.md:8:21: error: unknown field `numbr` in item 1 of `phones` in [resource]",
        "content/resources/phones-not-a-list.md:7:10: error: `phones` must be a list, not text (\"1-888-833-4764\")",
        "content/resources/print.md:1:1: error: this page's address `/resources/print/` is needed for the printable resource sheet",
        "content/resources/section-resource/_index.md:4:1: error: `[resource]` belongs on a page of its own, not on a section's `_index.md`",
        "content/resources/unknown-field.md:7:1: error: unknown field `phone` in [resource]",
    ];
    assert_eq!(located(&run.stderr), expected, "{}", run.stderr);
    for hint in [
        "hint: did you mean `grief`? The categories are: crisis, grief, financial, court, notification, youth-family, community",
        "hint: write the whole number with its area code, like 1-800-822-8428 (an extension after it: 203-555-0100 ext. 12); the only short numbers allowed are 911, 988 and 2-1-1",
        "hint: add at least one of `phones`, `text`, `chat`, `website` or `address` under `[resource]`",
        "hint: add `last_reviewed = 2026-11-23` under `[resource]`, with the day a person last checked its details",
        "hint: did you mean `phones`?",
        "hint: did you mean `number`?",
        "hint: add a line `category = \"grief\"` under `[resource]`, with one of: crisis, grief, financial, court, notification, youth-family, community",
        "hint: start it with https://, e.g. website = \"https://211ct.org\"",
    ] {
        assert!(
            run.stderr.contains(hint),
            "missing `{hint}` in:\n{}",
            run.stderr
        );
    }
    // The source line is shown under each message.
    assert!(
        run.stderr
            .contains("7 │ phones = [{ label = \"Call\", number = \"555-0100\" }]"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fixed_resource_no_longer_fails() {
    let site = fixture("resources-malformed");
    for f in [
        "bad-category",
        "bad-date",
        "bad-text",
        "bad-website",
        "foreign-phone",
        "future-date",
        "no-category",
        "no-contact",
        "no-date",
        "no-label",
        "no-number",
        "no-offer",
        "phone-unknown-field",
        "phones-not-a-list",
        "print",
        "unknown-field",
    ] {
        std::fs::remove_file(site.path(&format!("content/resources/{f}.md"))).unwrap();
    }
    std::fs::remove_dir_all(site.path("content/resources/section-resource")).unwrap();
    let broken = site.read("content/resources/bad-phone.md");
    site.write(
        "content/resources/bad-phone.md",
        broken.replace("555-0100", "1-800-822-8428"),
    );
    let run = site.haven(&["build"]).ok();
    assert!(
        !RESOURCE_WORDS.iter().any(|w| run.stderr.contains(w)),
        "{}",
        run.stderr
    );
    assert_eq!(
        attrs(
            &site.html("public/resources/index.html"),
            ".resource-call",
            "href"
        ),
        ["tel:+18008228428"]
    );
}

#[test]
fn pages_without_the_quick_exit_are_warned() {
    let site = fixture("resources-valid");
    let index = site
        .read("content/resources/_index.md")
        .replace("[cascade]\nquick_exit = true\n", "");
    site.write("content/resources/_index.md", index);
    let run = site.haven(&["check"]).ok();
    let lines = located(&run.stderr);
    assert!(
        lines.contains(&"content/resources/c-emergency.md:1:1: warning: this resource page does not show the quick exit (\"Leave this site\")".to_string()),
        "{}",
        run.stderr
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.contains("does not show the quick exit"))
            .count(),
        9
    );

    let site = fixture("resources-valid");
    let config = site
        .read("config.toml")
        .replace("quick_exit_url = \"https://www.google.com/\"\n", "");
    site.write("config.toml", config);
    let run = site.haven(&["check"]).ok();
    assert_has(
        &run.stderr,
        "config.toml:5:1: warning: the resources pages cannot show the quick exit (\"Leave this site\"): `quick_exit_url` is not set",
    );
}

// ---------------------------------------------------------------- haven new resource

#[test]
fn new_resource_writes_a_commented_file_and_refuses_to_overwrite() {
    let site = fixture("resources-valid");
    let root = site.root().to_str().unwrap().to_string();
    let run = site
        .haven(&["new", "resource", "Grief Support Group", "--root", &root])
        .ok();
    assert!(
        run.stderr
            .contains("Created content/resources/grief-support-group.md"),
        "{}",
        run.stderr
    );
    let text = site.read("content/resources/grief-support-group.md");
    assert!(
        text.starts_with("+++\n# A service for the Resources directory."),
        "{text}"
    );
    assert!(text.contains("title = \"Grief Support Group\"\n"));
    assert!(text.contains("\ndraft = true\n"), "{text}");
    // Nobody has checked the details yet: the date is left for the person who does.
    assert!(
        text.contains("\nlast_reviewed = \"REPLACE: the day a person checked these details with the service\"\n"),
        "{text}"
    );
    for field in [
        "category",
        "offer",
        "eligibility",
        "phones",
        "text",
        "chat",
        "website",
        "hours",
        "languages",
        "address",
        "cost",
        "last_reviewed",
    ] {
        let at = text
            .find(&format!("{field} ="))
            .unwrap_or_else(|| panic!("{field} missing"));
        let before = &text[..at];
        let comment_line = before
            .trim_end_matches("# ")
            .trim_end()
            .lines()
            .last()
            .unwrap_or("");
        assert!(
            comment_line.trim_start().starts_with('#'),
            "{field} has no comment above it:\n{text}"
        );
    }

    // Refuses to overwrite.
    site.write("content/resources/grief-support-group.md", "mine");
    let again = site.haven(&["new", "resource", "Grief Support Group", "--root", &root]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("content/resources/grief-support-group.md already exists"),
        "{}",
        again.stderr
    );
    assert_eq!(
        site.read("content/resources/grief-support-group.md"),
        "mine"
    );

    // Refuses a name whose address a topic page or the sheet needs.
    let reserved = site.haven(&["new", "resource", "Print", "--root", &root]);
    assert_eq!(reserved.code, 1);
    assert!(
        reserved
            .stderr
            .contains("would take the address /resources/print/"),
        "{}",
        reserved.stderr
    );
    assert!(!site.path("content/resources/print.md").exists());
}

#[test]
fn a_new_resource_tells_staff_what_to_fill_in_and_then_builds() {
    let site = fixture("resources-valid");
    site.haven_here(&["new", "resource", "CT SAVIN test"]).ok();
    let path = "content/resources/ct-savin-test.md";
    // A draft: the next build leaves it out and succeeds, as after `haven new session`.
    let before = site.haven_here(&["build"]).ok();
    assert!(!before.stderr.contains(path), "{}", before.stderr);
    assert!(!site.path("public/resources/ct-savin-test").exists());
    // `haven check --drafts` lists each example value left, as warnings, once each.
    let run = site.haven_here(&["check", "--drafts"]).ok();
    let lines: Vec<String> = located(&run.stderr)
        .into_iter()
        .filter(|l| l.starts_with(path))
        .collect();
    assert_eq!(
        lines,
        [
            format!(
                "{path}:27:13: warning: `resource.category` still has the example text from `haven new resource`"
            ),
            format!(
                "{path}:29:10: warning: `resource.offer` still has the example text from `haven new resource`"
            ),
            format!(
                "{path}:37:14: warning: `resource.phones.label` still has the example text from `haven new resource`"
            ),
            format!(
                "{path}:37:69: warning: `resource.phones.number` still has the example text from `haven new resource`"
            ),
            format!(
                "{path}:57:18: warning: `resource.last_reviewed` still has the example text from `haven new resource`"
            ),
        ]
    );
    // Published with the examples left in: errors, and the site keeps its last good build.
    let text = site.read(path);
    site.write(path, text.replace("draft = true\n", ""));
    assert_eq!(site.haven_here(&["check"]).code, 1);
    // Filled in: listed under its topic.
    let filled = text
        .replace("draft = true\n", "")
        .replace(
            "category = \"REPLACE: one of the categories above, e.g. grief\"",
            "category = \"notification\"",
        )
        .replace(
            "offer = \"REPLACE: what it offers, in one or two plain sentences\"",
            "offer = \"Tells you about an offender's custody status.\"",
        )
        .replace(
            "{ label = \"REPLACE: what the number is for, e.g. Call\", number = \"REPLACE: the number, e.g. 1-800-822-8428\" }",
            "{ label = \"Call\", number = \"1-877-846-3428\" }",
        )
        .replace(
            "last_reviewed = \"REPLACE: the day a person checked these details with the service\"",
            "last_reviewed = 2026-11-23",
        );
    site.write(path, filled);
    site.haven_here(&["build"]).ok();
    let doc = site.html("public/resources/offender-notification/index.html");
    assert_eq!(texts(&doc, ".resource-name"), ["CT SAVIN", "CT SAVIN test"]);
}

#[test]
fn new_needs_a_site_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_haven"));
    cmd.args(["new", "resource", "X", "--root"]).arg(dir.path());
    let out = common::haven_env(&mut cmd).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not read the site settings"));
}

// ---------------------------------------------------------------- haven serve

#[test]
fn live_preview_updates_the_directory_like_a_clean_build() {
    use haven::BuildOptions;
    let site = fixture("resources-valid");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00-05:00").unwrap();
    let opts = |out: &str| BuildOptions {
        output: Some(site.path(out)),
        now: Some(now),
        ..BuildOptions::new(site.root())
    };
    let mut live = haven::build::Build::start(opts("live")).expect("first build");
    let edits: [(&str, &str, &str); 3] = [
        (
            "content/resources/g-savin.md",
            "1-877-846-3428",
            "1-888-286-7347",
        ),
        (
            "content/resources/f-compensation.md",
            "category = \"financial\"",
            "category = \"grief\"",
        ),
        (
            "content/resources/c-emergency.md",
            "weight = 1",
            "weight = 9",
        ),
    ];
    for (rel, from, to) in edits {
        let text = site.read(rel);
        assert!(text.contains(from), "{rel}");
        site.write(rel, text.replacen(from, to, 1));
        live.update(&[site.path(rel)]);
        let report = haven::build(&opts("clean"));
        assert!(!report.failed(), "{:?}", report.diagnostics);
        let differ = common::differing(&site.path("live"), &site.path("clean"));
        assert!(
            differ.is_empty(),
            "after editing {rel}, the live output differs from a clean build in {differ:?}"
        );
    }
    let doc = site.html("live/resources/index.html");
    assert_eq!(
        attrs(&doc, "#r-g-savin .resource-call", "href"),
        ["tel:+18882867347"]
    );
    assert_eq!(
        texts(
            &doc,
            "#cat-grief-and-counseling + .resource-list .resource-name"
        ),
        ["OVS Victim Compensation", "Survivors of Homicide, Inc."]
    );
    assert!(
        !site
            .path("live/resources/funeral-and-financial-help/index.html")
            .exists(),
        "an emptied category loses its page"
    );
    assert_eq!(
        texts(&doc, ".resource-now .resource-name"),
        [
            "988 Suicide & Crisis Lifeline",
            "Connecticut 2-1-1",
            "Emergency"
        ]
    );
}
