//! `config.toml`: the site's settings, read once at the start of every build.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::fields::{self, Spans, Syntax, typed};

/// The name of the settings file at the site root.
pub const CONFIG_FILE: &str = "config.toml";

/// The site's settings, as written in `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page title. Required.
    pub title: String,
    /// One sentence about the site, for search engines and feeds. Default: empty.
    #[serde(default)]
    pub description: String,
    /// The public address the site will live at, e.g. `https://example.org`. Required; used for
    /// feeds, the sitemap and canonical links. A path (`https://example.org/ovp`) is kept in URLs.
    pub base_url: String,
    /// The language of pages without a language suffix. Default: `en`.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Every language the site publishes, by code (`[languages.es]`). The default language is
    /// added when missing. Default: just the default language.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// The folder under `themes/` to use. Default: `haven`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// IANA time zone that dates are written in, e.g. `America/New_York`. Default: `UTC`.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Named menus (`[[menus.main]]`), each a list of links. Default: none.
    #[serde(default)]
    pub menus: BTreeMap<String, Vec<MenuItem>>,
    /// Resources for families: a resource whose `last_reviewed` date is more than this many
    /// days old is listed by `haven check` as due for review. Default: 180.
    #[serde(default = "default_review_interval_days")]
    pub review_interval_days: u32,
    /// Free settings for the theme (`[extra]`). Default: empty.
    #[serde(default)]
    pub extra: toml::Table,
    /// The highest school grade (Flesch-Kincaid) an English page should read at; `haven check`
    /// warns about pages above it. Default: 8.
    #[serde(default = "default_reading_grade_target")]
    pub reading_grade_target: f64,
}

/// Per-language settings (`[languages.es]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's own name, e.g. `Español`, shown in the language switcher. Default: the code.
    #[serde(default)]
    pub name: String,
    /// The site title in this language. Default: the site's `title`.
    #[serde(default)]
    pub title: Option<String>,
    /// The site description in this language. Default: the site's `description`.
    #[serde(default)]
    pub description: Option<String>,
    /// How the `date` filter writes a date on this language's pages when a template gives no
    /// `format` (chrono strftime codes; month and day names come from the theme's strings),
    /// e.g. `"%-d de %B de %Y"`. Default: `date_format` in the theme's `i18n/<lang>.toml`.
    #[serde(default)]
    pub date_format: Option<String>,
    /// The crisis strip on this language's pages (`[languages.es.crisis]`). Default: none; the
    /// theme then uses `[extra.crisis]`. See the i18n feature for the checks.
    #[serde(default)]
    pub crisis: Option<Crisis>,
}

/// The crisis strip shown at the top of every page of a language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    /// The strip's heading, e.g. "Need help now?". Required.
    pub heading: String,
    /// The numbers to call, in order. Every language must list the same numbers.
    #[serde(default)]
    pub lines: Vec<CrisisLine>,
}

/// One number in the crisis strip.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CrisisLine {
    /// Visible text, e.g. "Emergency". Required.
    pub label: String,
    /// What is dialed, e.g. "911" (spaces are dropped from the link). Required.
    pub number: String,
    /// A short note, e.g. "Police, fire, ambulance". Default: none.
    #[serde(default)]
    pub note: Option<String>,
}

/// One menu link.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// The link text.
    pub name: String,
    /// Where it goes: `@/about.md`, a path like `/news/`, or a full address.
    pub url: String,
    /// Order in the menu, lower first. Default: 0.
    #[serde(default)]
    pub weight: i64,
    /// The link text in other languages, by language code: `names = { es = "Sobre la Oficina" }`.
    /// Default: none (pages in a language without a name here show `name`).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Line in config.toml, for messages (not a setting).
    #[serde(skip)]
    pub line: usize,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "haven".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn default_reading_grade_target() -> f64 {
    8.0
}
fn default_review_interval_days() -> u32 {
    180
}

impl Config {
    /// Reads and checks `config.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            vec![
                Diagnostic::error(
                    CONFIG_FILE,
                    0,
                    0,
                    format!("could not read the site settings: {e}"),
                )
                .with_hint(format!(
                    "create `{}` (run `haven init` for a starting point)",
                    path.display()
                )),
            ]
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            vec![
                Diagnostic::error(
                    CONFIG_FILE,
                    0,
                    0,
                    format!(
                        "the file is not valid UTF-8 text (bad byte at {})",
                        e.utf8_error().valid_up_to()
                    ),
                )
                .with_hint("save the file as UTF-8 in your editor"),
            ]
        })?;
        Self::parse(&text)
    }

    /// Parses the text of `config.toml`, reporting every problem at once.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        let read = read_settings(text);
        let mut errors = read.diagnostics;
        let (config, problems) = typed::read::<Config>(&read.table);
        let context = typed::Context {
            file,
            spans: &read.spans,
            syntax: Syntax::Toml,
            prefix: &[],
            noun: "setting",
            outer_fields: &[],
            examples: &[],
        };
        errors.extend(problems.iter().map(|p| context.describe(p)));
        let Some(mut config) = config else {
            return Err(errors);
        };
        let spans = &read.spans;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        config
            .languages
            .entry(config.default_language.clone())
            .or_default();
        for (code, lang) in &mut config.languages {
            if lang.name.is_empty() {
                lang.name = code.clone();
            }
        }
        for (menu, items) in &mut config.menus {
            for (i, item) in items.iter_mut().enumerate() {
                let i = i.to_string();
                item.line = spans
                    .line_of(&["menus", menu.as_str(), &i, "url"])
                    .unwrap_or(0);
            }
        }
        let at = |key: &str| spans.value_or_parent(&[key]);
        // The default (`UTC`, when `timezone` is not written) is not checked: only what staff
        // typed. A zone that ignores daylight saving time is refused (see `time_zone`).
        let written = spans.line_of(&["timezone"]).is_some();
        let zone_problem = match crate::time_zone::read(&config.timezone) {
            Ok(_) => None,
            Err(crate::time_zone::ZoneError::Unknown { .. }) => Some((
                format!(
                    "`timezone` must be an IANA time zone name, found `{}`",
                    config.timezone
                ),
                "use a name like America/New_York or Europe/Madrid".to_string(),
            )),
            Err(e) if written => Some((e.message("the site's ", &config.timezone), e.hint())),
            Err(_) => None,
        };
        if let Some((message, hint)) = zone_problem {
            let p = at("timezone");
            errors.push(Diagnostic::error(CONFIG_FILE, p.line, p.col, message).with_hint(hint));
        }
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            let p = at("base_url");
            errors.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    p.line,
                    p.col,
                    format!(
                        "`base_url` must be a full web address, found `{}`",
                        config.base_url
                    ),
                )
                .with_hint("write it like https://example.org"),
            );
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(errors)
        }
    }

    /// The date of `now` in the site's time zone.
    pub fn today(&self, now: chrono::DateTime<chrono::FixedOffset>) -> chrono::NaiveDate {
        now.with_timezone(&self.tz()).date_naive()
    }

    /// The site's time zone (validated when the config was read).
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone.parse().unwrap_or(chrono_tz::UTC)
    }

    /// The path part of `base_url` without a trailing slash: "" for a site at the domain root.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.base_url);
        after_scheme
            .find('/')
            .map(|i| &after_scheme[i..])
            .unwrap_or("")
    }

    /// Whether `code` is one of the site's languages.
    pub fn has_language(&self, code: &str) -> bool {
        self.languages.contains_key(code)
    }
}

/// Reads a TOML settings file (`config.toml`, a theme's strings) with every slip reported.
fn read_settings(text: &str) -> fields::Read {
    fields::read(&fields::Block {
        file: Path::new(CONFIG_FILE),
        text,
        first_line: 1,
        syntax: Syntax::Toml,
        wording: fields::Wording::Settings,
        today: chrono::NaiveDate::default(),
    })
}

/// Turns a TOML parse error in the settings file `path` into a plain-words diagnostic at its
/// line. `line_offset` is the number of lines before `text` in the file.
pub fn toml_diagnostic(
    path: &str,
    text: &str,
    line_offset: usize,
    e: &toml::de::Error,
) -> Diagnostic {
    let read = fields::read(&fields::Block {
        file: Path::new(path),
        text,
        first_line: line_offset + 1,
        syntax: Syntax::Toml,
        wording: fields::Wording::Settings,
        today: chrono::NaiveDate::default(),
    });
    read.diagnostics.into_iter().next().unwrap_or_else(|| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .unwrap_or(1);
        Diagnostic::error(path, line + line_offset, 1, "Haven cannot read this line")
            .with_hint("check the line against the examples in README")
    })
}

/// Where each key of a TOML settings text is written (empty when it does not parse).
pub fn settings_spans(text: &str) -> Spans {
    read_settings(text).spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_in() {
        let c = Config::parse("title = \"T\"\nbase_url = \"https://x.org/sub/\"\n").unwrap();
        assert_eq!(c.default_language, "en");
        assert_eq!(c.theme, "haven");
        assert_eq!(c.base_path(), "/sub");
        assert!(c.has_language("en"));
    }

    #[test]
    fn unknown_key_suggests() {
        let e = Config::parse("titel = \"T\"\nbase_url = \"https://x.org\"\n").unwrap_err();
        assert_eq!(e[0].line, 1);
        assert!(e[0].message.contains("`titel`"), "{}", e[0].message);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn every_unknown_key_at_once_and_curly_quotes() {
        let e = Config::parse(
            "title = “T”\nbase_url = \"https://x.org\"\ntheme_name = \"x\"\n[languages.es]\nnmae = \"Español\"\n",
        )
        .unwrap_err();
        let shown: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "config.toml:1:9: error: the quotes around this value are “curly” quotes, which word processors type in place of straight ones",
                "config.toml:5:1: error: unknown setting `nmae` in [languages.es]",
                "config.toml:3:1: error: unknown setting `theme_name`",
            ]
        );
        assert_eq!(e[1].hint.as_deref(), Some("did you mean `name`?"));
        assert_eq!(e[0].fix.as_ref().unwrap().text, "title = \"T\"");
    }

    #[test]
    fn menu_lines_from_the_parser() {
        let c = Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org\"\n[[menus.main]]\nname = \"A\"\nurl = \"/a/\"\n[[menus.main]]\nname = \"B\"\nurl = \"/a/\"\n",
        )
        .unwrap();
        let lines: Vec<usize> = c.menus["main"].iter().map(|m| m.line).collect();
        assert_eq!(lines, [5, 8]);
    }

    #[test]
    fn bad_timezone() {
        let e =
            Config::parse("title = \"T\"\nbase_url = \"https://x.org\"\ntimezone = \"New York\"\n")
                .unwrap_err();
        assert_eq!(e[0].line, 3);
    }
}
