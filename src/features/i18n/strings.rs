//! The theme's interface text per language: `themes/<theme>/i18n/<lang>.toml`.
//!
//! Each file is a flat TOML table of strings (`skip_link = "Skip to main content"`), plus the
//! lists `months`, `months_short`, `weekdays` and `weekdays_short` (Monday first) and `am` /
//! `pm`, which the `date` filter uses to write dates in the page's language. Templates read the
//! table of the page's language as `t` (`{{ t.skip_link }}`).
//!
//! Every file must have the same keys as every other: a key missing from one language is a
//! build error naming the file and the key, even when no template uses it yet, so a string is
//! never silently shown in the wrong language. A theme without an `i18n/` folder has no strings
//! (its templates write their own text).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::{Config, key_line};
use crate::diagnostic::Diagnostic;

/// The folder in a theme that holds the strings files.
pub const DIR: &str = "i18n";

/// Keys the core itself needs (for the `date` filter), with the number of items of a list.
const REQUIRED: &[(&str, Option<usize>)] = &[
    ("date_format", None),
    ("months", Some(12)),
    ("months_short", Some(12)),
    ("weekdays", Some(7)),
    ("weekdays_short", Some(7)),
    ("am", None),
    ("pm", None),
];

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
];

/// Month and day names and the a.m./p.m. markers of one language.
#[derive(Debug, Clone, Default)]
pub struct DateNames {
    /// Default pattern of the `date` filter.
    pub date_format: String,
    months: Vec<String>,
    months_short: Vec<String>,
    /// Monday first.
    weekdays: Vec<String>,
    weekdays_short: Vec<String>,
    am: String,
    pm: String,
}

/// Every language's strings.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language code → the file's table, as templates see it.
    pub tables: BTreeMap<String, serde_json::Value>,
    /// Language code → its date words.
    pub dates: BTreeMap<String, DateNames>,
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
        let mut files: BTreeMap<String, (PathBuf, String, toml::Table)> = BTreeMap::new();
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
        diags.extend(check_files(&files));
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let mut strings = Strings::default();
        for (lang, (_, _, table)) in files {
            strings.dates.insert(lang.clone(), date_names(&table));
            strings.tables.insert(
                lang,
                crate::content::toml_to_json(&toml::Value::Table(table)),
            );
        }
        Ok(strings)
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
        let Some(names) = self.dates.get(lang) else {
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
            &names.localize(pattern, month0 as usize, weekday0 as usize, pm),
            tz,
        )
    }

    /// `html` with the English labels of [`MARKUP_LABELS`] written in `lang` (unchanged when
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
            .or_else(|| self.dates.get(lang).map(|d| d.date_format.clone()))
            .unwrap_or_else(|| "%B %-d, %Y".to_string())
    }
}

/// Every key of every file must be in every other file, with the same kind of value; the
/// date keys must be there with the right number of names.
fn check_files(files: &BTreeMap<String, (PathBuf, String, toml::Table)>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let all_keys: BTreeSet<&String> = files.values().flat_map(|(_, _, t)| t.keys()).collect();
    for (lang, (path, text, table)) in files {
        for key in &all_keys {
            if !table.contains_key(*key) {
                let others: Vec<String> = files
                    .iter()
                    .filter(|(l, (_, _, t))| *l != lang && t.contains_key(*key))
                    .map(|(l, _)| format!("{l}.toml"))
                    .collect();
                diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        0,
                        format!("missing string `{key}` (present in {})", others.join(", ")),
                    )
                    .with_hint(format!(
                        "add `{key} = \"…\"` to this file, written in this language"
                    )),
                );
            }
        }
        for (key, value) in table {
            let line = key_line(text, key).unwrap_or(0);
            let ok = match value {
                toml::Value::String(_) => true,
                toml::Value::Array(a) => a.iter().all(toml::Value::is_str),
                _ => false,
            };
            if !ok {
                diags.push(
                    Diagnostic::error(
                        path,
                        line,
                        1,
                        format!("string `{key}` must be text in quotes (or a list of texts)"),
                    )
                    .with_hint(format!("write it like {key} = \"…\"")),
                );
            }
        }
        for (key, count) in REQUIRED {
            let line = key_line(text, key).unwrap_or(0);
            match (table.get(*key), count) {
                (None, _) if !all_keys.contains(&key.to_string()) => diags.push(
                    Diagnostic::error(
                        path,
                        0,
                        0,
                        format!("missing string `{key}` (dates are written with it)"),
                    )
                    .with_hint("see themes/haven/i18n/en.toml for every date string"),
                ),
                (Some(toml::Value::Array(a)), Some(n)) if a.len() != *n => diags.push(
                    Diagnostic::error(
                        path,
                        line,
                        1,
                        format!("`{key}` must list {n} names, found {}", a.len()),
                    )
                    .with_hint(if key.starts_with("weekdays") {
                        "list the days Monday first"
                    } else {
                        "list the months January first"
                    }),
                ),
                (Some(toml::Value::String(_)), Some(n)) => diags.push(
                    Diagnostic::error(
                        path,
                        line,
                        1,
                        format!("`{key}` must be a list of {n} names"),
                    )
                    .with_hint(format!("write it like {key} = [\"…\", \"…\"]")),
                ),
                (Some(toml::Value::Array(_)), None) => diags.push(
                    Diagnostic::error(
                        path,
                        line,
                        1,
                        format!("`{key}` must be one text, not a list"),
                    )
                    .with_hint(format!("write it like {key} = \"…\"")),
                ),
                _ => {}
            }
        }
    }
    diags
}

fn date_names(table: &toml::Table) -> DateNames {
    let text = |k: &str| {
        table
            .get(k)
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let list = |k: &str| -> Vec<String> {
        table
            .get(k)
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    DateNames {
        date_format: text("date_format"),
        months: list("months"),
        months_short: list("months_short"),
        weekdays: list("weekdays"),
        weekdays_short: list("weekdays_short"),
        am: text("am"),
        pm: text("pm"),
    }
}

impl DateNames {
    /// Turns a strftime pattern into one chrono can write in this language for the date with
    /// `month0` (0 = January), `weekday0` (0 = Monday) and `pm`: the name codes
    /// (`%B %b %h %A %a %p %P`) become the names themselves, as literal text.
    ///
    /// By hand rather than chrono's `unstable-locales`: that feature takes its words from glibc
    /// locale data, which staff cannot edit and which writes "p. m." and capitals differently
    /// across locales; the theme's strings files are the one place these words live.
    pub fn localize(&self, pattern: &str, month0: usize, weekday0: usize, pm: bool) -> String {
        let pick = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(code) = chars.next() else {
                out.push(c);
                break;
            };
            let name = match code {
                'B' => pick(&self.months, month0),
                'b' | 'h' => pick(&self.months_short, month0),
                'A' => pick(&self.weekdays, weekday0),
                'a' => pick(&self.weekdays_short, weekday0),
                'p' => {
                    if pm {
                        self.pm.clone()
                    } else {
                        self.am.clone()
                    }
                }
                'P' => {
                    if pm {
                        self.pm.to_lowercase()
                    } else {
                        self.am.to_lowercase()
                    }
                }
                other => {
                    out.push('%');
                    out.push(other);
                    continue;
                }
            };
            // The name goes in as literal text: a `%` in it would start a code.
            out.push_str(&name.replace('%', "%%"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es() -> DateNames {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/haven/i18n/es.toml"
        ))
        .unwrap();
        date_names(&toml::from_str(&text).unwrap())
    }

    fn strings() -> Strings {
        let mut s = Strings::default();
        s.dates.insert("es".into(), es());
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
            s.format_date("2026-12-03", "%B %-d, %Y", "en", tz).unwrap(),
            "December 3, 2026"
        );
    }
}
