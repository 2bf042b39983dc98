//! The committed fuzz corpus (`fuzz/corpus/<target>/`) replayed through the fuzz targets' own
//! bodies on stable Rust: every seed, and every input a fuzzing run found worth keeping, must
//! pass the targets' checks (no panic, nothing written outside the output folder, no NUL in a
//! page, a failed build leaves the previous output as it was). This is CI's fuzz smoke;
//! fuzzing itself (`cargo +nightly fuzz run`, see README "Fuzzing") needs nightly and
//! cargo-fuzz.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod haven_fuzz;

use std::path::Path;

/// Runs `target` on every file of `fuzz/corpus/<name>/`; returns how many there were.
fn replay(name: &str, target: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        // The file's name in the panic message says which input failed.
        let run = std::panic::catch_unwind(|| target(&data));
        assert!(run.is_ok(), "fuzz target {name} failed on {}", f.display());
    }
    files.len()
}

#[test]
fn front_matter_toml_corpus() {
    assert!(replay("front_matter_toml", haven_fuzz::front_matter_toml) > 0);
}

#[test]
fn front_matter_yaml_corpus() {
    assert!(replay("front_matter_yaml", haven_fuzz::front_matter_yaml) > 0);
}

#[test]
fn markdown_corpus() {
    assert!(replay("markdown", haven_fuzz::markdown_body) > 0);
}

#[test]
fn config_corpus() {
    assert!(replay("config", haven_fuzz::config_file) > 0);
}

#[test]
fn site_corpus() {
    assert!(replay("site", haven_fuzz::whole_site) > 0);
}
