//! The theme's interface text per language: `themes/<theme>/i18n/<lang>.toml`, the one
//! catalog of every word Haven and the theme show residents.
//!
//! Each file is a flat TOML table of strings (`skip_link = "Skip to main content"`), plus the
//! lists `months`, `months_short`, `weekdays` and `weekdays_short` (Monday first) and `am` /
//! `pm`, which the `date` filter uses to write dates in the page's language. Templates read the
//! table of the page's language as `t` (`{{ t.skip_link }}`); features (sessions, resources,
//! publications) read the same table through [`Strings::text`], [`Strings::message`] and
//! [`Strings::count`].
//!
//! A text that depends on a number has one key per plural form: `session_shown_one = "{n}
//! session shown"`, `session_shown_other = "{n} sessions shown"`; which forms a language needs
//! comes from CLDR ([`super::numbers`]). `{name}` in a text is filled in by whoever uses it.
//!
//! Every file must have the same keys as every other (plural forms excepted: each has those
//! of its language), with the same `{placeholders}`: a key missing from one language is a
//! build error naming the file and the key, even when no template uses it yet, so a string is
//! never silently shown in the wrong language (`strings_check.rs`). A theme without an
//! `i18n/` folder has no strings in templates (its templates write their own text); what
//! Haven itself writes (dates, calendars) then comes from the bundled theme's files.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::LazyLock;

use super::date_names::DateNames;
use super::numbers::{self, FORMS, Plurals};
use super::strings_check;
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The folder in a theme that holds the strings files.
pub const DIR: &str = "i18n";

/// Labels the Markdown stage writes in English inside `content`, and the string that says
/// each in another language: (text before, English label, text after, key). Only the label is
/// replaced, and only where it stands between those two, so page text is never touched; the
/// footnote labels are followed by their number.
const MARKUP_LABELS: &[(&str, &str, &str, &str)] = &[
    (
        "aria-label=\"",
        "Link to this section",
        "\"",
        "heading_link",
    ),
    ("aria-label=\"", "Footnote", " ", "footnote"),
    ("aria-label=\"", "Back to reference", " ", "footnote_back"),
    (
        "class=\"visually-hidden\">",
        "Footnotes",
        "</h",
        "footnotes",
    ),
    (
        "<strong class=\"callout-label\">",
        "Recommendation",
        " ",
        "pub_recommendation",
    ),
    (
        "<strong class=\"callout-label\">",
        "Note:",
        "<",
        "callout_note",
    ),
    (
        "<span class=\"figure-number\">",
        "Figure",
        " ",
        "figure_label",
    ),
    ("<span class=\"table-number\">", "Table", " ", "table_label"),
    (
        "<p class=\"figure-source\">",
        "Source:",
        " ",
        "figure_source",
    ),
];

/// One language's texts (lists left out) and date words.
#[derive(Debug, Clone, Default)]
struct Catalog {
    texts: BTreeMap<String, String>,
    dates: DateNames,
}

impl Catalog {
    fn from_table(table: &toml::Table) -> Catalog {
        Catalog {
            texts: table
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect(),
            dates: DateNames::from_table(table),
        }
    }
}

/// The bundled theme's catalogs: what Haven writes itself when the site's theme has no
/// strings for a key (a theme of its own without `i18n/`, or without the sessions words).
static BUNDLED: LazyLock<BTreeMap<&'static str, Catalog>> = LazyLock::new(|| {
    [
        ("en", include_str!("../../../themes/haven/i18n/en.toml")),
        ("es", include_str!("../../../themes/haven/i18n/es.toml")),
    ]
    .into_iter()
    .filter_map(|(lang, text)| Some((lang, Catalog::from_table(&toml::from_str(text).ok()?))))
    .collect()
});

/// Every language's strings.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language code → the file's table, as templates see it.
    pub tables: BTreeMap<String, serde_json::Value>,
    catalogs: BTreeMap<String, Catalog>,
}

impl Strings {
    /// Reads the strings files of the site's theme for every language in config.toml.
    /// `Ok(empty)` when the theme has no `i18n/` folder.
    pub fn load(root: &Path, config: &Config) -> Result<Strings, Vec<Diagnostic>> {
        let rel_dir = Path::new("themes").join(&config.theme).join(DIR);
        let dir = root.join(&rel_dir);
        if !dir.is_dir() {
            return Ok(Strings::default());
        }
        let mut diags = Vec::new();
        let mut files: BTreeMap<String, strings_check::File> = BTreeMap::new();
        for lang in config.languages.keys() {
            let shown = rel_dir.join(format!("{lang}.toml"));
            let text = match std::fs::read_to_string(dir.join(format!("{lang}.toml"))) {
                Ok(t) => t,
                Err(_) => {
                    diags.push(
                        Diagnostic::error(&shown, 0, 0, format!("the theme has no strings for language `{lang}`, which config.toml lists"))
                            .with_hint(format!("copy {} to {} and translate every value", rel_dir.join(format!("{}.toml", config.default_language)).display(), shown.display())),
                    );
                    continue;
                }
            };
            match toml::from_str::<toml::Table>(&text) {
                Ok(table) => {
                    files.insert(lang.clone(), (shown, text, table));
                }
                Err(e) => diags.push(crate::config::toml_diagnostic(
                    &shown.to_string_lossy(),
                    &text,
                    0,
                    &e,
                )),
            }
        }
        diags.extend(strings_check::check_files(&files, &config.default_language));
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let mut strings = Strings::default();
        for (lang, (_, _, table)) in files {
            strings
                .catalogs
                .insert(lang.clone(), Catalog::from_table(&table));
            strings.tables.insert(
                lang,
                crate::content::toml_to_json(&toml::Value::Table(table)),
            );
        }
        Ok(strings)
    }

    /// The text of `key` in `lang`: the theme's, else the bundled theme's in that language, else
    /// the bundled English. A key nobody has is given back as it is, so a typo shows.
    pub fn text<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.get(lang, key).unwrap_or(key)
    }

    /// The text of `key` in `lang` as [`Strings::text`] finds it, or none when no catalog has it.
    pub fn get<'a>(&'a self, lang: &str, key: &str) -> Option<&'a str> {
        let base = lang.split('-').next().unwrap_or(lang);
        self.catalogs
            .get(lang)
            .and_then(|c| c.texts.get(key))
            .or_else(|| BUNDLED.get(base).and_then(|c| c.texts.get(key)))
            .or_else(|| BUNDLED.get("en").and_then(|c| c.texts.get(key)))
            .map(String::as_str)
    }

    /// `key` in `lang` with each `{name}` of `args` filled in.
    pub fn message(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(lang, key), args)
    }

    /// The plural family `key` for the count `n` in `lang`: `key_one`, `key_few`… as CLDR says
    /// `n` takes (else `key_other`), with `{n}` written as the language writes numbers and each
    /// `{name}` of `args` filled in. `count("en", "session_shown", 1)` → "1 session shown".
    pub fn count(&self, lang: &str, key: &str, n: u64, args: &[(&str, &str)]) -> String {
        let form = Plurals::new(lang).form(n);
        let formed = format!("{key}_{form}");
        let other = format!("{key}_other");
        let text = if self.has(lang, &formed) {
            self.text(lang, &formed)
        } else {
            self.text(lang, &other)
        };
        let number = numbers::format(lang, n);
        let mut all: Vec<(&str, &str)> = vec![("n", &number)];
        all.extend_from_slice(args);
        fill(text, &all)
    }

    /// Every form of the plural family `key` in `lang` (`{ "one": "{n} session shown", … }`),
    /// for a script that counts in the browser.
    pub fn forms(&self, lang: &str, key: &str) -> BTreeMap<&'static str, String> {
        FORMS
            .iter()
            .filter_map(|f| {
                let k = format!("{key}_{f}");
                self.has(lang, &k)
                    .then(|| (*f, self.text(lang, &k).to_string()))
            })
            .collect()
    }

    /// `n` as `lang` writes numbers ("30,120", "30.120").
    pub fn number(&self, lang: &str, n: u64) -> String {
        numbers::format(lang, n)
    }

    fn has(&self, lang: &str, key: &str) -> bool {
        self.get(lang, key).is_some()
    }

    /// The date words of `lang` (the theme's, else the bundled ones).
    pub fn date_names(&self, lang: &str) -> &DateNames {
        let base = lang.split('-').next().unwrap_or(lang);
        self.catalogs
            .get(lang)
            .map(|c| &c.dates)
            .or_else(|| BUNDLED.get(base).map(|c| &c.dates))
            .or_else(|| BUNDLED.get("en").map(|c| &c.dates))
            .expect("the bundled English strings parse")
    }

    /// Writes `text` (a template date string) with `pattern` in `lang`, in the site's time zone.
    pub fn format_date(
        &self,
        text: &str,
        pattern: &str,
        lang: &str,
        tz: chrono_tz::Tz,
    ) -> Result<String, String> {
        use chrono::{Datelike, Timelike};
        let Some(catalog) = self.catalogs.get(lang) else {
            return crate::dates::format(text, pattern, tz);
        };
        let value = crate::dates::DateValue::parse(text, tz)
            .ok_or_else(|| format!("`{text}` is not a date"))?;
        let (month0, weekday0, pm) = match value {
            crate::dates::DateValue::Date(d) => {
                (d.month0(), d.weekday().num_days_from_monday(), false)
            }
            crate::dates::DateValue::DateTime(dt) => {
                let local = dt.with_timezone(&tz);
                (
                    local.month0(),
                    local.weekday().num_days_from_monday(),
                    local.hour() >= 12,
                )
            }
        };
        crate::dates::format(
            text,
            &catalog
                .dates
                .localize(pattern, month0 as usize, weekday0 as usize, pm),
            tz,
        )
    }

    /// `html` with the English labels of `MARKUP_LABELS` written in `lang` (unchanged when
    /// the language's strings are English or do not have the key).
    pub fn localize_markup<'a>(&self, html: &'a str, lang: &str) -> std::borrow::Cow<'a, str> {
        let Some(table) = self.tables.get(lang) else {
            return html.into();
        };
        let mut out = std::borrow::Cow::Borrowed(html);
        for (before, english, after, key) in MARKUP_LABELS {
            let Some(text) = table.get(*key).and_then(|v| v.as_str()) else {
                continue;
            };
            if text == *english {
                continue;
            }
            let written = format!("{before}{english}{after}");
            if out.contains(&written) {
                let escaped = text
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;");
                out = out
                    .replace(&written, &format!("{before}{escaped}{after}"))
                    .into();
            }
        }
        out
    }

    /// The default date pattern of `lang`: config.toml's `date_format`, else the theme's.
    pub fn default_pattern(&self, config: &Config, lang: &str) -> String {
        config
            .languages
            .get(lang)
            .and_then(|l| l.date_format.clone())
            .or_else(|| self.catalogs.get(lang).map(|c| c.dates.date_format.clone()))
            .unwrap_or_else(|| "%B %-d, %Y".to_string())
    }
}

/// `text` with each `{name}` of `args` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        let slot = format!("{{{name}}}");
        if out.contains(&slot) {
            out = out.replace(&slot, value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> Strings {
        let mut s = Strings::default();
        for lang in ["en", "es"] {
            s.catalogs.insert(lang.into(), BUNDLED[lang].clone());
        }
        s
    }

    #[test]
    fn spanish_dates_and_times() {
        let tz: chrono_tz::Tz = "America/New_York".parse().unwrap();
        let s = strings();
        assert_eq!(
            s.format_date("2026-12-03", "%-d de %B de %Y", "es", tz)
                .unwrap(),
            "3 de diciembre de 2026"
        );
        assert_eq!(
            s.format_date(
                "2026-12-03T18:00:00-05:00",
                "%A, %-d de %B de %Y, %-I:%M %p",
                "es",
                tz
            )
            .unwrap(),
            "jueves, 3 de diciembre de 2026, 6:00 p. m."
        );
        assert_eq!(
            s.format_date(
                "2026-07-04T09:05:00-04:00",
                "%a %-d %b, %-I:%M %p",
                "es",
                tz
            )
            .unwrap(),
            "sáb 4 jul, 9:05 a. m."
        );
        // Codes that are not names, and `%%`, are left to chrono.
        assert_eq!(
            s.format_date("2026-01-31", "%Y-%m-%d 100%%", "es", tz)
                .unwrap(),
            "2026-01-31 100%"
        );
        // A language without strings is written by chrono in English.
        assert_eq!(
            s.format_date("2026-12-03", "%B %-d, %Y", "fr", tz).unwrap(),
            "December 3, 2026"
        );
    }

    #[test]
    fn counts_take_their_plural_form() {
        let s = strings();
        assert_eq!(s.count("en", "session_shown", 1, &[]), "1 session shown");
        assert_eq!(s.count("en", "session_shown", 0, &[]), "0 sessions shown");
        assert_eq!(s.count("es", "pub_words", 30120, &[]), "30.120 palabras");
        assert_eq!(s.count("en", "pub_minutes", 1, &[]), "1 minute");
    }
}
