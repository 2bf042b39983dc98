//! A page's Markdown through every adapter and every content rule.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| haven_fuzz::markdown_body(data));
