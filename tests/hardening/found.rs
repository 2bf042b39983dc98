//! §7: inputs the fuzz targets found that broke a build, each kept as a test (and in
//! `fuzz/corpus/`, which `tests/fuzz_corpus.rs` replays).

use super::{built, canary_untouched, pin};

/// `front_matter_yaml`, 2026-12-01: a date with month or day 0 in a form Haven tries to read
/// (`2026,00-02`) indexed the month names at -1 and the build panicked.
#[test]
fn a_date_with_month_or_day_zero_is_an_error_not_a_panic() {
    let site = built();
    let mut shown = String::new();
    for (front, fence) in [
        ("title: First item\ndate: 2026,00-02", "---"),
        ("title: First item\ndate: 00-02-2026", "---"),
        ("title: First item\ndate: 02/00/2026", "---"),
        ("title = \"First item\"\ndate = \"2026,00-02\"", "+++"),
    ] {
        site.write(
            "content/news/first.md",
            format!("{fence}\n{front}\n{fence}\n\n## Details\n\nText.\n"),
        );
        let err = site.failure_as_staff_see_it(&["build"]);
        assert!(!err.contains("panicked"), "{err}");
        assert!(
            err.contains("content/news/first.md:3:") && err.contains("error:"),
            "{err}"
        );
        shown.push_str(&err);
    }
    pin("hardening_found_month_zero", &shown, &site, None);
    canary_untouched(&site);
}
