//! URL pieces: slugs for file names and heading ids, and old paths for redirects.

use std::path::PathBuf;

use crate::config::Config;

/// The full address of a root-relative URL.
pub fn permalink(config: &Config, url: &str) -> String {
    let origin_end = config.base_url.len() - config.base_path().len();
    format!("{}{}", &config.base_url[..origin_end], url)
}

/// A URL-safe slug: lowercase ASCII letters, digits and hyphens (`Qué es` → `que-es`).
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// Turns an alias as staff write it (`/old-page/`, `old-page`, `/old.html`) into the URL it
/// claims and the file to write; `None` for a full address or a path that climbs out (`..`).
pub fn normalize_alias(alias: &str, base: &str) -> Option<(String, PathBuf)> {
    let trimmed = alias.trim();
    if trimmed.contains("://")
        || trimmed.split('/').any(|s| s == "..")
        || trimmed.trim_matches('/').is_empty()
    {
        return None;
    }
    let path = trimmed.trim_start_matches('/');
    if path.ends_with(".html") {
        return Some((format!("{base}/{path}"), PathBuf::from(path)));
    }
    let path = path.trim_end_matches('/');
    Some((
        format!("{base}/{path}/"),
        PathBuf::from(path).join("index.html"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(normalize_alias("/old/", "").unwrap().0, "/old/");
        assert_eq!(
            normalize_alias("old", "/b").unwrap().1,
            PathBuf::from("old/index.html")
        );
        assert!(normalize_alias("../x", "").is_none());
        assert!(normalize_alias("https://x.org/", "").is_none());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("¿Qué es la Oficina?"), "que-es-la-oficina");
    }
}
