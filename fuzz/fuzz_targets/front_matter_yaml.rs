//! Front matter in YAML (`---`), through loading (limits, parsing, checks) and the site model
//! (slugs, aliases, addresses).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(front) = std::str::from_utf8(data) else {
        return;
    };
    let text = format!("---\n{front}\n---\n\nSome text.\n");
    haven_fuzz::site_of(haven_fuzz::config(), "news/page.md", &text);
});
