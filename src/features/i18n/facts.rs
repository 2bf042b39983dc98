//! Facts that must be the same in every language: a translation of a session or a resource
//! translates its words, never its numbers, times, addresses or links. A difference stops the
//! build, at the translation's line, so a reader of one language is never sent to a number
//! the other language has corrected; a fact the translation leaves out is a warning.

use super::english_name;
use crate::diagnostic::Diagnostic;
use crate::features::Input;

/// The fact fields of each feature table, as key paths. Lists (`phones`) are compared by the
/// `number` of each item.
const FACTS: &[(&str, &[&[&str]])] = &[
    (
        "event",
        &[
            &["start"],
            &["end"],
            &["timezone"],
            &["status"],
            &["registration"],
            &["location", "address"],
            &["location", "postal_code"],
            &["online", "url"],
            &["contact", "phone"],
            &["contact", "email"],
        ],
    ),
    (
        "resource",
        &[
            &["phones"],
            &["text"],
            &["website"],
            &["chat"],
            &["email"],
            &["address"],
        ],
    ),
];

/// Every fact that differs between a translation and its source.
pub fn check(input: &Input<'_>) -> Vec<Diagnostic> {
    let (site, config) = (input.site, input.config);
    let default = &config.default_language;
    let shown = |v: &Option<String>| {
        v.clone()
            .map(|s| format!("`{s}`"))
            .unwrap_or_else(|| "nothing".into())
    };
    let mut diags = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if doc.lang() == default || doc.source.body_line == 0 {
            continue;
        }
        let Some(source) = site
            .translations_of(id)
            .into_iter()
            .map(|t| site.doc(t))
            .find(|d| d.lang() == default && d.source.body_line > 0)
        else {
            continue;
        };
        for (table, fields) in FACTS {
            let (Some(mine), Some(theirs)) = (
                doc.front().tables.get(*table),
                source.front().tables.get(*table),
            ) else {
                continue;
            };
            for path in *fields {
                let (a, b) = (fact(mine, path), fact(theirs, path));
                if a == b {
                    continue;
                }
                let key = path.join(".");
                // The field's line, else its table's (a left-out field has no line of its own).
                let full = [&[*table], *path].concat();
                let line = (1..=full.len())
                    .rev()
                    .find_map(|n| doc.source.front_text.line_of(&full[..n]))
                    .unwrap_or(doc.source.front_text.first_line);
                let (lang, src) = (
                    english_name(config, doc.lang()),
                    source.source.display_path.display(),
                );
                let d = match (&a, &b) {
                    // Left out: the reader of this language misses the fact (a warning).
                    (None, Some(theirs)) => Diagnostic::warning(
                        &doc.source.display_path,
                        line,
                        1,
                        format!("the {lang} version leaves out `{table}.{key}` (`{theirs}`), which {src} gives"),
                    )
                    .with_hint("copy it from the English page, so that readers of every language get it"),
                    // Different, or only here: two languages would tell readers different things.
                    _ => Diagnostic::error(
                        &doc.source.display_path,
                        line,
                        1,
                        format!("the {lang} version gives `{table}.{key}` as {}, but {src} gives {}", shown(&a), shown(&b)),
                    )
                    .with_hint("numbers, times, addresses and links are the same in every language: copy them from the English page"),
                };
                diags.push(d);
            }
        }
    }
    diags
}

/// The value at `path` as comparable text; for a list of tables, their `number`s.
fn fact(table: &toml::Table, path: &[&str]) -> Option<String> {
    let mut cur = table.get(path[0])?;
    for key in &path[1..] {
        cur = cur.as_table()?.get(*key)?;
    }
    Some(match cur {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                toml::Value::Table(t) => t
                    .get("number")
                    .map(|n| {
                        n.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| n.to_string())
                    })
                    .unwrap_or_default(),
                other => other
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| other.to_string()),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    })
}
