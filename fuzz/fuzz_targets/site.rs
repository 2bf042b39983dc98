//! A whole small site from fuzzed files, built for real into `public/` with the bundled
//! theme. The input is a text archive, one file after another:
//!
//! ```text
//! -- content/news/first.md --
//! +++
//! title = "First"
//! +++
//! -- static/notes.txt --
//! …
//! -- config --
//! (lines added to config.toml)
//! ```
//!
//! See `haven_fuzz::whole_site` for what is checked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| haven_fuzz::whole_site(data));
