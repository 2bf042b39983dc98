//! Front matter in YAML (`---`), through loading (limits, parsing, checks) and the site model
//! (slugs, aliases, addresses).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| haven_fuzz::front_matter_yaml(data));
