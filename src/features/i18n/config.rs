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
    diags
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
    let numbers = |c: &crate::config::Crisis| -> Vec<String> {
        c.lines.iter().map(|l| l.number.replace(' ', "")).collect()
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
