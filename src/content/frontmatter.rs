//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of every Markdown file.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::FrontText;
use crate::dates::DateValue;
use crate::diagnostic::Diagnostic;
use crate::fields::{self, Syntax, typed};

/// The fields staff may write in front matter, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFrontMatter {
    /// The page title. Required.
    pub title: Option<String>,
    /// One sentence for listings and search engines. Default: none.
    pub description: Option<String>,
    /// Publication date (`2026-12-03` or `2026-12-03T18:00`). Default: none.
    pub date: Option<toml::Value>,
    /// Date of the last real change. Default: none.
    pub updated: Option<toml::Value>,
    /// Left out of the site unless built with `--drafts`. Default: false.
    #[serde(default)]
    pub draft: bool,
    /// Order in its section, lower first; pages without a weight come last. Default: none.
    pub weight: Option<i64>,
    /// The last part of the URL instead of the file name. Default: from the file name.
    pub slug: Option<String>,
    /// Old URLs that should redirect here. Default: none.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The template to render with instead of `page.html` / `section.html`. Default: none.
    pub template: Option<String>,
    /// Free values for templates. Default: empty.
    #[serde(default)]
    pub extra: toml::Table,
    /// Sections only: publish an Atom feed of the section's pages. Default: false.
    #[serde(default)]
    pub feed: bool,
    /// Sections only: values merged into `extra` of every page and subsection below. Default: empty.
    #[serde(default)]
    pub cascade: toml::Table,
    /// Facts on this page that staff must confirm before relying on them. Default: none.
    #[serde(default)]
    pub verify: Vec<String>,
    /// Facts the page says are not yet known (a phone number, an address…). Default: none.
    #[serde(default)]
    pub gaps: Vec<String>,
    /// Translations only: whether a person has reviewed this translation. Default: none.
    pub reviewed: Option<bool>,
    /// Translations only: the fingerprint of the source page's text when this translation was
    /// last brought up to date with it (`haven check` prints the current one). Default: none.
    pub source_hash: Option<String>,
    /// Sessions: the event's details (see the `sessions` feature). Default: none.
    pub event: Option<toml::Table>,
    /// Resources: the service's details (see the `resources` feature). Default: none.
    pub resource: Option<toml::Table>,
    /// Publications: the document's metadata (see the `publication` feature). Default: none.
    pub publication: Option<toml::Table>,
}

/// A fact flag with the line it was written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactNote {
    /// The note as written.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// Front matter after checking: typed dates, located fact notes.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The page title.
    pub title: String,
    /// One sentence for listings and search engines.
    pub description: Option<String>,
    /// Publication date.
    pub date: Option<DateValue>,
    /// Date of the last real change.
    pub updated: Option<DateValue>,
    /// Whether this is a draft.
    pub draft: bool,
    /// Order in its section.
    pub weight: Option<i64>,
    /// URL slug override.
    pub slug: Option<String>,
    /// Old URLs that redirect here, with their lines.
    pub aliases: Vec<(String, usize)>,
    /// Template override.
    pub template: Option<String>,
    /// Free values for templates.
    pub extra: toml::Table,
    /// Publish an Atom feed (sections).
    pub feed: bool,
    /// Values for descendants' `extra` (sections).
    pub cascade: toml::Table,
    /// Facts to confirm.
    pub verify: Vec<FactNote>,
    /// Facts not yet known.
    pub gaps: Vec<FactNote>,
    /// Whether a person reviewed this translation.
    pub reviewed: Option<bool>,
    /// The source's fingerprint recorded in a translation.
    pub source_hash: Option<String>,
    /// Feature tables (`[event]`, `[resource]`, `[publication]`), typed by their features.
    pub tables: std::collections::BTreeMap<String, toml::Table>,
}

/// A Markdown file split into its front matter and its body.
#[derive(Debug, Clone)]
pub struct Split<'a> {
    /// The front matter text, without the fence lines.
    pub front: &'a str,
    /// Whether it was YAML (`---`) rather than TOML (`+++`).
    pub yaml: bool,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// 1-based line number of the first front matter line.
    pub front_line: usize,
    /// 1-based line number of the first body line.
    pub body_line: usize,
}

/// Splits a file into front matter and body. `path` is for the error message.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("").trim_end();
    let (fence, yaml) = match first {
        "+++" => ("+++", false),
        "---" => ("---", true),
        _ => {
            return Err(Diagnostic::error(path, 1, 1, "this file has no front matter")
                .with_hint("start the file with a line `+++`, then `title = \"…\"`, then another `+++` line"));
        }
    };
    let after_open = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    let mut offset = after_open;
    for (line, l) in (2..).zip(text[after_open..].split_inclusive('\n')) {
        if l.trim_end() == fence {
            let body_start = offset + l.len();
            return Ok(Split {
                front: &text[after_open..offset],
                yaml,
                body: &text[body_start..],
                front_line: 2,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(Diagnostic::error(
        path,
        1,
        1,
        format!("the front matter that starts here with `{fence}` is never closed"),
    )
    .with_hint(format!(
        "add a line with just `{fence}` after the last front matter field"
    )))
}

/// The names of a page's own front matter fields (`title`, `date`, …), as the type takes them.
pub fn page_fields() -> &'static [String] {
    static FIELDS: OnceLock<Vec<String>> = OnceLock::new();
    FIELDS.get_or_init(typed::field_names::<RawFrontMatter>)
}

/// Puts back the free-form values exactly as parsed: through `toml::Value`, serde hands a
/// datetime over as text, and a feature table's fingerprint (`source_hash`) or a template
/// value must not change with the way it was read.
fn keep_as_parsed(raw: &mut RawFrontMatter, table: &toml::Table) {
    let value = |key: &str| table.get(key).cloned();
    let table_of = |key: &str| match table.get(key) {
        Some(toml::Value::Table(t)) => Some(t.clone()),
        _ => None,
    };
    for (field, key) in [
        (&mut raw.event, "event"),
        (&mut raw.resource, "resource"),
        (&mut raw.publication, "publication"),
    ] {
        if field.is_some() {
            *field = table_of(key);
        }
    }
    for (field, key) in [(&mut raw.extra, "extra"), (&mut raw.cascade, "cascade")] {
        if let Some(t) = table_of(key) {
            *field = t;
        }
    }
    for (field, key) in [(&mut raw.date, "date"), (&mut raw.updated, "updated")] {
        if field.is_some() {
            *field = value(key);
        }
    }
}

/// Reads and checks the front matter of `split`, reporting every problem, not just the first.
/// Returns what could be read (a field with a problem is left out) even when there are
/// errors, so that the rest of the file is still checked.
pub fn parse(
    path: &Path,
    split: &Split<'_>,
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> (FrontMatter, FrontText, Vec<Diagnostic>) {
    let syntax = if split.yaml {
        Syntax::Yaml
    } else {
        Syntax::Toml
    };
    let read = fields::read(&fields::Block {
        file: path,
        text: split.front,
        first_line: split.front_line,
        syntax,
        wording: fields::Wording::FrontMatter,
        today,
    });
    let front = FrontText {
        text: split.front.to_string(),
        first_line: split.front_line,
        spans: read.spans,
        syntax: read.syntax,
        today,
    };
    let mut errors = read.diagnostics;
    let (raw, problems) = typed::read::<RawFrontMatter>(&read.table);
    let context = typed::Context {
        file: path,
        spans: &front.spans,
        syntax: front.syntax,
        prefix: &[],
        noun: "front matter field",
        outer_fields: &[],
        examples: &[],
    };
    let title_reported = problems.iter().any(|p| p.concerns("title")) || read.lines_left_out;
    errors.extend(problems.iter().map(|p| context.describe(p)));
    let mut raw = raw.unwrap_or_default();
    keep_as_parsed(&mut raw, &read.table);
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            if !title_reported {
                let example = match front.syntax {
                    Syntax::Toml => "title = \"About the Office\"",
                    Syntax::Yaml => "title: About the Office",
                };
                errors.push(
                    Diagnostic::error(path, split.front_line, 1, "this page has no `title`")
                        .with_hint(format!("add a line like `{example}` to the front matter")),
                );
            }
            String::new()
        }
    };
    let mut date_field = |key: &str, value: Option<toml::Value>| -> Option<DateValue> {
        let value = value?;
        let text = match &value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        if let Some(d) = DateValue::parse(&text, tz) {
            return Some(d);
        }
        errors.push(
            front
                .other_date_form(path, &[key], text.trim())
                .unwrap_or_else(|| {
                    let at = front.value_at(&[key]);
                    Diagnostic::error(path, at.line, at.col, format!("front matter field `{key}` must look like 2026-12-03, found `{text}`"))
                        .with_hint("write the date as year-month-day, e.g. 2026-12-03, or with a time, e.g. 2026-12-03T18:00")
                }),
        );
        None
    };
    let date = date_field("date", raw.date);
    let updated = date_field("updated", raw.updated);
    // Each list item's own line, as the parser found it.
    let line_of_item = |key: &str, i: usize| {
        front
            .line_of(&[key, &i.to_string()])
            .unwrap_or(split.front_line)
    };
    let notes = |items: Vec<String>, key: &str| -> Vec<FactNote> {
        items
            .into_iter()
            .enumerate()
            .map(|(i, text)| FactNote {
                text,
                line: line_of_item(key, i),
            })
            .collect()
    };
    let aliases = raw
        .aliases
        .into_iter()
        .enumerate()
        .map(|(i, a)| (a, line_of_item("aliases", i)))
        .collect();
    let fm = FrontMatter {
        title,
        description: raw.description,
        date,
        updated,
        draft: raw.draft,
        weight: raw.weight,
        slug: raw.slug,
        aliases,
        template: raw.template,
        extra: raw.extra,
        feed: raw.feed,
        cascade: raw.cascade,
        verify: notes(raw.verify, "verify"),
        gaps: notes(raw.gaps, "gaps"),
        reviewed: raw.reviewed,
        source_hash: raw.source_hash,
        tables: [
            ("event", raw.event),
            ("resource", raw.resource),
            ("publication", raw.publication),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect(),
    };
    (fm, front, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> chrono_tz::Tz {
        chrono_tz::UTC
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
        let s = split("a.md", text).unwrap();
        parse(Path::new("a.md"), &s, tz(), today()).2
    }

    #[test]
    fn splits_toml_and_counts_lines() {
        let s = split("a.md", "+++\ntitle = \"A\"\n+++\nbody\n").unwrap();
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
        assert!(!s.yaml);
    }

    #[test]
    fn unterminated() {
        let e = split("a.md", "+++\ntitle = \"A\"\nbody\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn a_date_in_another_form_is_converted_at_its_value() {
        let e = errors("+++\ntitle = \"A\"\ndate = \"Dec 3\"\n+++\n");
        assert_eq!((e[0].line, e[0].col), (3, 8));
        assert_eq!(
            e[0].message,
            "`date` is written as `Dec 3`; Haven reads dates only as year-month-day, like 2026-12-03"
        );
        assert_eq!(e[0].fix.as_ref().unwrap().text, "date = 2026-12-03");
        let e = errors("+++\ntitle = \"A\"\ndate = \"soon\"\n+++\n");
        assert_eq!(
            e[0].message,
            "front matter field `date` must look like 2026-12-03, found `soon`"
        );
    }

    #[test]
    fn every_unknown_field_is_located() {
        let e = errors("---\ntitle: A\ntitel: B\nweigth: 3\n---\n");
        let at: Vec<(usize, &str)> = e
            .iter()
            .map(|d| (d.line, d.hint.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(
            at,
            [(3, "did you mean `title`?"), (4, "did you mean `weight`?")]
        );
    }

    #[test]
    fn what_reads_is_kept_beside_the_errors() {
        let text = "+++\ntitle = “A”\ndate = 2026-12-03\ndraft = \"yes\"\n+++\n";
        let s = split("a.md", text).unwrap();
        let (fm, front, e) = parse(Path::new("a.md"), &s, tz(), today());
        assert_eq!(fm.title, "A");
        assert!(fm.date.is_some());
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(front.line_of(&["draft"]), Some(4));
    }

    #[test]
    fn toml_datetime_accepted() {
        assert!(errors("+++\ntitle = \"A\"\ndate = 2026-12-03\n+++\n").is_empty());
    }

    #[test]
    fn feature_tables_keep_their_dates_as_dates() {
        let text = "+++\ntitle = \"A\"\n[resource]\nlast_reviewed = 2026-11-23\n[extra]\nwhen = 2026-01-02\n+++\n";
        let s = split("a.md", text).unwrap();
        let (fm, _, e) = parse(Path::new("a.md"), &s, tz(), today());
        assert!(e.is_empty(), "{e:?}");
        assert!(fm.tables["resource"]["last_reviewed"].is_datetime());
        assert!(fm.extra["when"].is_datetime());
    }

    #[test]
    fn page_fields_come_from_the_type() {
        assert!(page_fields().iter().any(|f| f == "verify"));
        assert!(page_fields().iter().any(|f| f == "title"));
    }
}
