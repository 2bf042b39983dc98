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
/// claims and the file to write; `None` for a full address, a path that climbs out (`..`),
/// the home page itself, or a part no file can be named (a backslash, a control character).
/// `//` and `/./` are folded away, so `/a//b/` and `/a/./b/` are the same old address.
pub fn normalize_alias(alias: &str, base: &str) -> Option<(String, PathBuf)> {
    let trimmed = alias.trim();
    if trimmed.contains("://") {
        return None;
    }
    let parts: Vec<&str> = trimmed
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let bad = |s: &&str| *s == ".." || s.contains('\\') || s.chars().any(char::is_control);
    if parts.is_empty() || parts.iter().any(bad) {
        return None;
    }
    let path = parts.join("/");
    if path.ends_with(".html") {
        return Some((format!("{base}/{path}"), PathBuf::from(path)));
    }
    Some((
        format!("{base}/{path}/"),
        PathBuf::from(path).join("index.html"),
    ))
}

/// Why `slug` cannot be the last part of an address, if it cannot. A slug is one plain name:
/// ASCII letters, digits, `-`, `_` and `.`, not starting or ending with `.` (so never `.`
/// or `..`, nor a name Windows drops the dot of), and not a name Windows keeps for devices.
pub fn slug_problem(slug: &str) -> Option<&'static str> {
    if slug.is_empty() {
        return Some("it is empty");
    }
    if slug.contains('/') || slug.contains('\\') {
        return Some("it has a `/`, and a slug is one part of the address, not a path");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Some("only letters a to z, digits, `-`, `_` and `.` may be used");
    }
    if slug.starts_with('.') || slug.ends_with('.') {
        return Some("it may not start or end with `.`");
    }
    if crate::content::names::windows_reserved(slug) {
        return Some(
            "Windows keeps this name for a device, so the page's folder could not be copied to a Windows computer",
        );
    }
    None
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
        assert!(normalize_alias("/a/../../x", "").is_none());
        assert!(normalize_alias("https://x.org/", "").is_none());
        for home in ["/", "//", "/./", "."] {
            assert!(normalize_alias(home, "").is_none(), "{home}");
        }
        assert_eq!(normalize_alias("/a//./b/", "").unwrap().0, "/a/b/");
        assert_eq!(
            normalize_alias(".//x.html", "").unwrap().1,
            PathBuf::from("x.html")
        );
    }

    #[test]
    fn slug_is_one_plain_name() {
        for ok in ["about-us", "v1.2", "A_b", "x"] {
            assert_eq!(slug_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            "/tmp/x",
            "a/b",
            "../x",
            "a\\b",
            "é",
            "a b",
            ".hidden",
            "x.",
            "CON",
            "aux",
            "lpt1",
            "\u{202e}x",
        ] {
            assert!(slug_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("¿Qué es la Oficina?"), "que-es-la-oficina");
    }
}
