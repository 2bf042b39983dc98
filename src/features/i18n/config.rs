//! Checks of the per-language settings in config.toml: menu labels and crisis strips, so that
//! nothing is lost between languages.

use super::{english_name, languages};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::Diagnostic;
use crate::features::Input;

/// Every problem with the language settings.
pub fn check(input: &Input<'_>) -> Vec<Diagnostic> {
    let config = input.config;
    let text = std::fs::read_to_string(input.root.join(CONFIG_FILE)).unwrap_or_default();
    let langs = languages(input.site, config);
    let mut diags = menu_names(config, &langs);
    diags.extend(crisis(config, &text, &langs));
    diags.extend(crisis_numbers(config, &text));
    diags.extend(old_words(config, &text));
    diags
}

/// Every number of every crisis strip must be one a phone can dial: it is the first thing a
/// resident in crisis may press.
fn crisis_numbers(config: &Config, text: &str) -> Vec<Diagnostic> {
    let mut strips: Vec<(String, &crate::config::Crisis)> = config
        .languages
        .iter()
        .filter_map(|(code, l)| Some((format!("[languages.{code}.crisis]"), l.crisis.as_ref()?)))
        .collect();
    let extra: Option<crate::config::Crisis> = config
        .extra
        .get("crisis")
        .and_then(|v| v.clone().try_into().ok());
    if let Some(e) = &extra {
        strips.push(("[extra.crisis]".to_string(), e));
    }
    let mut diags = Vec::new();
    for (header, strip) in strips {
        let start = text.lines().position(|l| l.trim() == header).unwrap_or(0);
        for line in &strip.lines {
            let Err(e) = crate::phone::dial(&line.number) else {
                continue;
            };
            let quoted = format!("\"{}\"", line.number);
            let (at, col) = text
                .lines()
                .enumerate()
                .skip(start)
                .find_map(|(i, l)| {
                    let c = l.find(&quoted)?;
                    (l.trim_start().starts_with("number"))
                        .then(|| (i + 1, l[..c].chars().count() + 2))
                })
                .unwrap_or((start + 1, 1));
            diags.push(crate::phone::diagnostic(
                std::path::Path::new(CONFIG_FILE),
                at,
                col,
                "the crisis line number",
                &line.number,
                &e,
            ));
        }
    }
    diags
}

/// `[extra.i18n.<lang>]` with `pub_*` keys translated the publication pages before the theme's
/// strings files held every word; it is no longer read, so its words would silently vanish.
fn old_words(config: &Config, text: &str) -> Vec<Diagnostic> {
    let Some(table) = config.extra.get("i18n").and_then(|v| v.as_table()) else {
        return Vec::new();
    };
    let line = text
        .lines()
        .position(|l| l.trim().starts_with("[extra.i18n"))
        .map(|i| i + 1)
        .unwrap_or(0);
    let langs: Vec<&String> = table.keys().collect();
    vec![
        Diagnostic::warning(CONFIG_FILE, line, 1, "`[extra.i18n]` is no longer read: the interface words of every page are in the theme's strings files")
            .with_hint(format!(
                "move each word to themes/{}/i18n/<language>.toml under the same key (e.g. `pub_contents = \"Contenido\"` into {}.toml), then remove `[extra.i18n]`",
                config.theme,
                langs.first().map(|l| l.as_str()).unwrap_or("es")
            )),
    ]
}

/// A menu label for a language the site does not have is a mistake; a published language
/// without a label gets the default language's label (a warning).
fn menu_names(config: &Config, langs: &[String]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (menu, items) in &config.menus {
        for item in items {
            for code in item.names.keys() {
                if !config.has_language(code) {
                    diags.push(
                        Diagnostic::error(CONFIG_FILE, item.line, 1, format!("menu `{menu}` link `{}` has a name for `{code}`, which is not a language in config.toml", item.name))
                            .with_hint(format!("use one of: {}", config.languages.keys().cloned().collect::<Vec<_>>().join(", "))),
                    );
                }
            }
            for lang in langs
                .iter()
                .filter(|l| **l != config.default_language && !item.names.contains_key(*l))
            {
                diags.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        item.line,
                        1,
                        format!(
                            "menu `{menu}` link `{}` has no {} name, so {} pages show `{}`",
                            item.name,
                            english_name(config, lang),
                            english_name(config, lang),
                            item.name
                        ),
                    )
                    .with_hint(format!(
                        "add `names = {{ {lang} = \"…\" }}` to this menu entry"
                    )),
                );
            }
        }
    }
    diags
}

/// When the default language has a crisis strip (`[languages.en.crisis]`), every published
/// language needs one, dialing the same numbers in the same order.
fn crisis(config: &Config, text: &str, langs: &[String]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let default = &config.default_language;
    let Some(main) = config
        .languages
        .get(default)
        .and_then(|l| l.crisis.as_ref())
    else {
        return diags;
    };
    // Compared as dialed, so "2-1-1" and "211" are the same number.
    let numbers = |c: &crate::config::Crisis| -> Vec<String> {
        c.lines
            .iter()
            .map(|l| crate::phone::dial(&l.number).unwrap_or_else(|_| l.number.replace(' ', "")))
            .collect()
    };
    let expected = numbers(main);
    let spans = crate::config::settings_spans(text);
    let header_line = |lang: &str, suffix: &str| {
        let mut path = vec!["languages", lang];
        path.extend(suffix.strip_prefix('.'));
        spans.line_of(&path).unwrap_or(0)
    };
    for lang in langs.iter().filter(|l| *l != default) {
        let name = english_name(config, lang);
        let Some(c) = config.languages.get(lang).and_then(|l| l.crisis.as_ref()) else {
            diags.push(
                Diagnostic::error(CONFIG_FILE, header_line(lang, ""), 1, format!("the {name} pages have no crisis strip: `[languages.{default}.crisis]` has one, `[languages.{lang}.crisis]` is missing"))
                    .with_hint(format!("copy `[languages.{default}.crisis]` and its lines under `[languages.{lang}]`, and translate the heading, labels and notes (not the numbers)")),
            );
            continue;
        };
        let got = numbers(c);
        if got == expected {
            continue;
        }
        let line = header_line(lang, ".crisis");
        let missing: Vec<&String> = expected.iter().filter(|n| !got.contains(n)).collect();
        let extra: Vec<&String> = got.iter().filter(|n| !expected.contains(n)).collect();
        let message = if !missing.is_empty() {
            format!(
                "the {name} crisis strip does not list {}, which the {} one does",
                join(&missing),
                english_name(config, default)
            )
        } else if !extra.is_empty() {
            format!(
                "the {name} crisis strip lists {}, which the {} one does not",
                join(&extra),
                english_name(config, default)
            )
        } else {
            format!(
                "the {name} crisis strip lists its numbers in another order than the {} one",
                english_name(config, default)
            )
        };
        diags.push(
            Diagnostic::error(CONFIG_FILE, line, 1, message).with_hint(format!(
                "every language lists the same numbers, in the same order: {}",
                expected.join(", ")
            )),
        );
    }
    diags
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
