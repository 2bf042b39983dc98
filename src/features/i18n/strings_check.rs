//! The checks of the theme's strings files: every file has every key, in the same kind, with
//! the same `{placeholders}`, every plural form its language needs, and the date lists at their
//! length. A mistake here would show residents a word in the wrong language or a raw `{name}`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::numbers::{FORMS, Plurals};
use crate::config::settings_spans;
use crate::diagnostic::Diagnostic;

/// One language's file: shown path, text, parsed table.
pub type File = (PathBuf, String, toml::Table);

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

/// `key` split into a plural family and its form, when it ends in `_one`, `_other`… and the
/// family has an `_other` form somewhere.
pub fn plural_parts<'k>(
    key: &'k str,
    has_other: &dyn Fn(&str) -> bool,
) -> Option<(&'k str, &'k str)> {
    let (base, form) = key.rsplit_once('_')?;
    (FORMS.contains(&form) && has_other(base)).then_some((base, form))
}

/// The `{names}` a text fills in.
pub fn placeholders(text: &str) -> BTreeSet<&str> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let Some(j) = rest.find('}') else { break };
        let name = &rest[..j];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            out.insert(name);
        }
        rest = &rest[j + 1..];
    }
    out
}

/// Every problem of the strings files (`default` is the site's default language, whose file
/// the others are compared with).
pub fn check_files(files: &BTreeMap<String, File>, default: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let all_keys: BTreeSet<&String> = files.values().flat_map(|(_, _, t)| t.keys()).collect();
    let families: BTreeSet<&str> = all_keys
        .iter()
        .filter_map(|k| k.strip_suffix("_other"))
        .collect();
    let is_family = |base: &str| families.contains(base);
    for (lang, (path, text, table)) in files {
        // Where each key is, from the parser; read only when a message needs it.
        let spans = std::cell::OnceCell::new();
        let line = |key: &str| {
            spans
                .get_or_init(|| settings_spans(text))
                .line_of(&[key])
                .unwrap_or(0)
        };
        // Plain keys: in every file. Plural forms: the ones this language needs.
        for key in &all_keys {
            if table.contains_key(*key) || plural_parts(key, &is_family).is_some() {
                continue;
            }
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
        let needed = Plurals::new(lang).needed();
        for base in &families {
            for form in &needed {
                let key = format!("{base}_{form}");
                if !table.contains_key(&key) {
                    diags.push(
                        Diagnostic::error(path, 0, 0, format!("missing string `{key}`: in this language, a count like {} takes the `{form}` form", example(lang, form)))
                            .with_hint(format!("add `{key} = \"…\"`, the words for that count; {{n}} is replaced by the number")),
                    );
                }
            }
        }
        for (key, value) in table {
            let ok = match value {
                toml::Value::String(_) => true,
                toml::Value::Array(a) => a.iter().all(toml::Value::is_str),
                _ => false,
            };
            if !ok {
                diags.push(
                    Diagnostic::error(
                        path,
                        line(key),
                        1,
                        format!("string `{key}` must be text in quotes (or a list of texts)"),
                    )
                    .with_hint(format!("write it like {key} = \"…\"")),
                );
            }
        }
        if lang != default
            && let Some((_, _, reference)) = files.get(default)
        {
            diags.extend(compare_placeholders(
                path, text, table, reference, default, &is_family,
            ));
        }
        diags.extend(required(path, text, table, &all_keys));
    }
    diags
}

/// A number that takes `form` in `lang`, for the message ("1", "2", "5"…).
fn example(lang: &str, form: &str) -> u64 {
    let p = Plurals::new(lang);
    (1..=1000)
        .chain([0])
        .find(|n| p.form(*n) == form)
        .unwrap_or(0)
}

/// A translated text must fill in the same `{names}` as the default language's: a missing one
/// loses the value, an unknown one is shown as it is.
fn compare_placeholders(
    path: &PathBuf,
    text: &str,
    table: &toml::Table,
    reference: &toml::Table,
    default: &str,
    is_family: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let spans = std::cell::OnceCell::new();
    let key_line = |key: &str| {
        spans
            .get_or_init(|| settings_spans(text))
            .line_of(&[key])
            .unwrap_or(0)
    };
    for (key, value) in table {
        let Some(mine) = value.as_str() else { continue };
        let line = key_line(key);
        let (expected, plural): (BTreeSet<&str>, bool) = match plural_parts(key, is_family) {
            // Any form may leave the number out ("one session"); none may use a name the
            // default language's forms do not.
            Some((base, _)) => (
                FORMS
                    .iter()
                    .filter_map(|f| reference.get(&format!("{base}_{f}"))?.as_str())
                    .flat_map(placeholders)
                    .chain(["n"])
                    .collect(),
                true,
            ),
            None => match reference.get(key).and_then(toml::Value::as_str) {
                Some(r) => (placeholders(r), false),
                None => continue,
            },
        };
        let got = placeholders(mine);
        if let Some(unknown) = got.difference(&expected).next() {
            diags.push(
                Diagnostic::error(path, line, 1, format!("string `{key}` uses `{{{unknown}}}`, which {default}.toml does not fill in here"))
                    .with_hint(match expected.iter().next() {
                        Some(_) => format!("use only {}", expected.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")),
                        None => "remove it: this text has no value to fill in".to_string(),
                    }),
            );
        } else if let Some(missing) = expected.difference(&got).next().filter(|_| !plural) {
            diags.push(
                Diagnostic::error(
                    path,
                    line,
                    1,
                    format!(
                        "string `{key}` leaves out `{{{missing}}}`, which {default}.toml fills in"
                    ),
                )
                .with_hint(format!(
                    "write `{{{missing}}}` where the value goes in this language"
                )),
            );
        }
    }
    diags
}

/// The date keys must be there, with the right number of names.
fn required(
    path: &PathBuf,
    text: &str,
    table: &toml::Table,
    all_keys: &BTreeSet<&String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let spans = std::cell::OnceCell::new();
    for (key, count) in REQUIRED {
        let line = spans
            .get_or_init(|| settings_spans(text))
            .line_of(&[key])
            .unwrap_or(0);
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
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_names_in_braces() {
        let p = placeholders("About {minutes} to read ({words} in {chapters}). {} {a b}");
        assert_eq!(
            p.into_iter().collect::<Vec<_>>(),
            ["chapters", "minutes", "words"]
        );
    }
}
