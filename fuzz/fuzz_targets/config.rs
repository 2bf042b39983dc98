//! `config.toml`: parsed and checked; when it parses, a site model is built with it (menus,
//! languages, base path).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| haven_fuzz::config_file(data));
