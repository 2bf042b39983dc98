//! A page's Markdown through every adapter and every content rule.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = std::str::from_utf8(data) {
        haven_fuzz::markdown(body);
    }
});
