//! What a Markdown file's name says: its stem and its language (`about.es.md`), with a
//! "did you mean" for a language code that is almost one of the site's (`about.sp.md`).

use std::path::Path;

use super::CONTENT_DIR;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// Splits `about.es.md` into (`about`, `es`); a file without a language suffix is in the
/// default language. A suffix that looks like a language but is not configured is an error.
pub fn name_parts(rel: &Path, config: &Config) -> Result<(String, String), Diagnostic> {
    let file_stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    if let Some((base, suffix)) = file_stem.rsplit_once('.')
        && looks_like_language(suffix)
    {
        if config.has_language(suffix) {
            return Ok((base.to_string(), suffix.to_string()));
        }
        return Err(unknown_language(rel, base, suffix, config));
    }
    Ok((file_stem.to_string(), config.default_language.clone()))
}

fn unknown_language(rel: &Path, base: &str, suffix: &str, config: &Config) -> Diagnostic {
    let path = Path::new(CONTENT_DIR).join(rel);
    let file_name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    if let Some(code) = meant_language(suffix, config) {
        let name = language_name(code, config);
        let renamed =
            file_name.replacen(&format!("{base}.{suffix}."), &format!("{base}.{code}."), 1);
        return Diagnostic::error(
            &path,
            0,
            0,
            format!("the file name says language `{suffix}`, which is not one of the site's languages ({})", known.join(", ")),
        )
        .with_hint(format!("did you mean `{code}` ({name})? Rename the file to {renamed}"));
    }
    let real = isolang::Language::from_639_1(suffix).map(|l| l.to_name());
    let message = match real {
        Some(name) => format!(
            "the file name says language `{suffix}` ({name}), which is not one of the site's languages ({})",
            known.join(", ")
        ),
        None => format!(
            "the file name says language `{suffix}`, which is not a language code Haven knows (the site's are {})",
            known.join(", ")
        ),
    };
    Diagnostic::error(&path, 0, 0, message).with_hint(format!(
        "to publish in this language, add a `[languages.{suffix}]` table to config.toml; otherwise rename the file"
    ))
}

/// The configured language `suffix` most likely stands for: its three-letter code (`spa`),
/// the start of its name in English or in itself (`sp`, `esp`), or one letter off (`ed`).
fn meant_language<'a>(suffix: &str, config: &'a Config) -> Option<&'a str> {
    let codes = || config.languages.keys().map(String::as_str);
    if let Some(code) = isolang::Language::from_639_3(suffix).and_then(|l| l.to_639_1())
        && let Some(c) = codes().find(|c| *c == code)
    {
        return Some(c);
    }
    let starts = |name: &str| name.to_lowercase().starts_with(suffix);
    if let Some(c) = codes().find(|c| {
        isolang::Language::from_639_1(c).is_some_and(|l| starts(l.to_name()))
            || config.languages.get(*c).is_some_and(|l| starts(&l.name))
    }) {
        return Some(c);
    }
    let mut close = codes().filter(|c| strsim::levenshtein(c, suffix) == 1);
    match (close.next(), close.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn language_name<'a>(code: &'a str, config: &'a Config) -> &'a str {
    isolang::Language::from_639_1(code)
        .map(|l| l.to_name())
        .or_else(|| config.languages.get(code).map(|l| l.name.as_str()))
        .unwrap_or(code)
}

fn looks_like_language(s: &str) -> bool {
    let mut parts = s.split('-');
    let main = parts.next().unwrap_or("");
    (2..=3).contains(&main.len())
        && main.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org\"\n[languages.es]\nname = \"Español\"\n",
        )
        .unwrap()
    }

    #[test]
    fn a_near_code_is_suggested() {
        let c = config();
        for (written, meant) in [
            ("sp", "es"),
            ("spa", "es"),
            ("esp", "es"),
            ("eng", "en"),
            ("enn", "en"),
        ] {
            assert_eq!(meant_language(written, &c), Some(meant), "{written}");
        }
        assert_eq!(meant_language("fr", &c), None);
        // One letter from both `en` and `es`: no guess.
        assert_eq!(meant_language("ex", &c), None);
        let d = name_parts(Path::new("about.sp.md"), &c).unwrap_err();
        assert_eq!(
            d.hint.as_deref(),
            Some("did you mean `es` (Spanish)? Rename the file to about.es.md")
        );
    }

    #[test]
    fn a_real_language_not_on_the_site_says_how_to_add_it() {
        let d = name_parts(Path::new("about.fr.md"), &config()).unwrap_err();
        assert!(d.message.contains("`fr` (French)"), "{}", d.message);
        assert!(d.hint.unwrap().contains("[languages.fr]"));
    }
}
