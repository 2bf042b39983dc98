//! The editor's own interface words, in one catalog (`words.toml`, one `key = "text"` a line,
//! the theme's style). The editor speaks English only; every word it shows comes from here, so
//! a translation or a change of wording is one file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const CATALOG: &str = include_str!("words.toml");

/// Every word of the catalog, by key.
pub fn all() -> &'static BTreeMap<String, String> {
    static WORDS: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    WORDS.get_or_init(|| toml::from_str(CATALOG).unwrap_or_default())
}

/// The text of `key`; the key itself when it is missing (a test makes sure none is).
pub fn w(key: &str) -> String {
    all().get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// The text of `key` with each `{name}` replaced by its value.
pub fn fill(key: &str, values: &[(&str, &str)]) -> String {
    let mut text = w(key);
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_catalog_parses_and_every_value_is_text() {
        let parsed: toml::Table = toml::from_str(super::CATALOG).expect("words.toml is TOML");
        assert!(parsed.values().all(toml::Value::is_str));
        assert_eq!(super::all().len(), parsed.len());
    }

    #[test]
    fn every_key_the_code_asks_for_is_in_the_catalog() {
        // The Rust files and templates of the editor name keys as w(KEY), fill(KEY, …) or w.KEY.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/editor");
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).into_iter().flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            for pat in ["w(\"", "fill(\""] {
                for (at, _) in text.match_indices(pat) {
                    let before = text[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' {
                        continue; // Path::new("…"), not a catalog lookup
                    }
                    let key = text[at + pat.len()..].split('"').next().unwrap_or("");
                    if !key.is_empty() && !super::all().contains_key(key) {
                        missing.push(format!("{}: {key}", entry.path().display()));
                    }
                }
            }
            for part in text.split("w.").skip(1) {
                let key: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if entry.path().extension().is_some_and(|e| e == "html")
                    && !key.is_empty()
                    && !super::all().contains_key(&key)
                {
                    missing.push(format!("{}: {key}", entry.path().display()));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(
            missing.is_empty(),
            "keys missing from words.toml: {missing:#?}"
        );
    }
}
