//! `config.toml`: parsed and checked; when it parses, a site model is built with it (menus,
//! languages, base path).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(config) = haven::config::Config::parse(text) {
        let page = "+++\ntitle = \"Page\"\naliases = [\"/old/\"]\n+++\n\nText.\n";
        haven_fuzz::site_of(&config, "page.md", page);
    }
});
