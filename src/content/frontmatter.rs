//! Front matter: the TOML (`+++`) or YAML (`---`) block at the top of every Markdown file.

use serde::Deserialize;

use crate::config::{key_line, toml_diagnostic};
use crate::dates::DateValue;
use crate::diagnostic::{Diagnostic, unknown_field_suggestion};

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
    let mut line = 2;
    for l in text[after_open..].split_inclusive('\n') {
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
        line += 1;
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

/// Parses and checks the front matter of `split`. Returns every problem found, not just the first.
pub fn parse(
    path: &str,
    split: &Split<'_>,
    tz: chrono_tz::Tz,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let offset = split.front_line - 1;
    let raw: RawFrontMatter = if split.yaml {
        serde_yaml_ng::from_str(split.front).map_err(|e| vec![yaml_diagnostic(path, offset, &e)])?
    } else {
        toml::from_str(split.front)
            .map_err(|e| vec![front_toml_diagnostic(path, split.front, offset, &e)])?
    };
    let mut errors = Vec::new();
    let at = |key: &str| {
        key_line(split.front, key)
            .map(|l| l + offset)
            .unwrap_or(split.front_line)
    };
    let title = match raw.title {
        Some(t) if !t.trim().is_empty() => t,
        _ => {
            errors.push(
                Diagnostic::error(path, split.front_line, 1, "this page has no `title`").with_hint(
                    "add a line like `title = \"About the Office\"` to the front matter",
                ),
            );
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
        match DateValue::parse(&text, tz) {
            Some(d) => Some(d),
            None => {
                errors.push(
                    Diagnostic::error(path, at(key), 1, format!("front matter field `{key}` must look like 2026-12-03, found `{text}`"))
                        .with_hint("write the date as year-month-day, e.g. 2026-12-03, or with a time, e.g. 2026-12-03T18:00"),
                );
                None
            }
        }
    };
    let date = date_field("date", raw.date);
    let updated = date_field("updated", raw.updated);
    let locate = |items: Vec<String>, key: &str| -> Vec<FactNote> {
        items
            .into_iter()
            .map(|text| {
                let line = split
                    .front
                    .lines()
                    .position(|l| l.contains(text.as_str()))
                    .map(|i| i + 1 + offset)
                    .unwrap_or_else(|| at(key));
                FactNote { text, line }
            })
            .collect()
    };
    let aliases = raw
        .aliases
        .into_iter()
        .map(|a| {
            let line = split
                .front
                .lines()
                .position(|l| l.contains(a.as_str()))
                .map(|i| i + 1 + offset)
                .unwrap_or_else(|| at("aliases"));
            (a, line)
        })
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
        verify: locate(raw.verify, "verify"),
        gaps: locate(raw.gaps, "gaps"),
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
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

fn front_toml_diagnostic(path: &str, text: &str, offset: usize, e: &toml::de::Error) -> Diagnostic {
    let mut d = toml_diagnostic(path, text, offset, e);
    d.message = d
        .message
        .replace("unknown setting", "unknown front matter field");
    if d.hint.as_deref() == Some("check the line against the examples in README") {
        d.hint = Some(
            "front matter is TOML: text in quotes (title = \"About\"), numbers and true/false bare"
                .into(),
        );
    }
    d
}

fn yaml_diagnostic(path: &str, offset: usize, e: &serde_yaml_ng::Error) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((1, 1));
    let full = e.to_string();
    let message = full.split(" at line ").next().unwrap_or(&full).to_string();
    let (message, hint) = match unknown_field_suggestion(&message) {
        Some((field, Some(best))) => (
            format!("unknown front matter field `{field}`"),
            format!("did you mean `{best}`?"),
        ),
        Some((field, None)) => (
            format!("unknown front matter field `{field}`"),
            "remove it, or move it under `extra:`".to_string(),
        ),
        None => (
            message,
            "front matter between `---` lines is YAML: `key: value`, one per line".to_string(),
        ),
    };
    Diagnostic::error(path, line + offset, col, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tz() -> chrono_tz::Tz {
        chrono_tz::UTC
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
    fn bad_date_names_field_and_line() {
        let text = "+++\ntitle = \"A\"\ndate = \"Dec 3\"\n+++\n";
        let s = split("a.md", text).unwrap();
        let e = parse("a.md", &s, tz()).unwrap_err();
        assert_eq!(e[0].line, 3);
        assert_eq!(
            e[0].message,
            "front matter field `date` must look like 2026-12-03, found `Dec 3`"
        );
    }

    #[test]
    fn yaml_unknown_field_located() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let s = split("a.md", text).unwrap();
        let e = parse("a.md", &s, tz()).unwrap_err();
        assert_eq!(e[0].line, 3, "{:?}", e[0]);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn toml_datetime_accepted() {
        let text = "+++\ntitle = \"A\"\ndate = 2026-12-03\n+++\n";
        let s = split("a.md", text).unwrap();
        assert!(parse("a.md", &s, tz()).unwrap().date.is_some());
    }
}

/// Finds lines in front matter text by key path, so feature tables can point staff at the
/// exact line: `line_of(&["event", "start"])` finds `start` under `[event]` (TOML) or
/// under `event:` (YAML).
#[derive(Debug, Clone, Default)]
pub struct FrontText {
    /// The front matter text.
    pub text: String,
    /// 1-based line of its first line in the file.
    pub first_line: usize,
}

impl FrontText {
    /// The 1-based file line where `path` is set, or the line of its nearest found parent.
    pub fn line_of(&self, path: &[&str]) -> Option<usize> {
        let mut table: Vec<String> = Vec::new();
        let mut yaml_stack: Vec<(usize, String)> = Vec::new();
        let mut best = None;
        for (i, raw) in self.text.lines().enumerate() {
            let line = raw.trim_end();
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(h) = trimmed.strip_prefix('[') {
                let name = h.trim_start_matches('[').split(']').next().unwrap_or("");
                table = name
                    .split('.')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .collect();
                if table.iter().map(String::as_str).eq(path.iter().copied()) {
                    return Some(i + self.first_line);
                }
                continue;
            }
            let Some((key, _)) = trimmed.split_once(['=', ':']) else {
                continue;
            };
            let key = key.trim().trim_matches('"');
            let indent = line.len() - trimmed.len();
            while yaml_stack.last().is_some_and(|(ind, _)| *ind >= indent) {
                yaml_stack.pop();
            }
            // TOML: [table] then dotted keys; YAML: indentation.
            let mut full: Vec<String> = if indent > 0 {
                yaml_stack.iter().map(|(_, k)| k.clone()).collect()
            } else {
                table.clone()
            };
            full.extend(key.split('.').map(|p| p.trim().to_string()));
            if full.iter().map(String::as_str).eq(path.iter().copied()) {
                return Some(i + self.first_line);
            }
            if path.len() > full.len()
                && full
                    .iter()
                    .map(String::as_str)
                    .eq(path[..full.len()].iter().copied())
            {
                best = Some(i + self.first_line);
            }
            yaml_stack.push((indent, key.to_string()));
        }
        best
    }
}

#[cfg(test)]
mod front_text_tests {
    use super::FrontText;

    #[test]
    fn finds_keys_in_tables() {
        let t = FrontText {
            text: "title = \"A\"\n[event]\nstart = 1\n[event.location]\nvenue = \"x\"\n".into(),
            first_line: 2,
        };
        assert_eq!(t.line_of(&["event", "start"]), Some(4));
        assert_eq!(t.line_of(&["event", "location", "venue"]), Some(6));
        assert_eq!(t.line_of(&["title"]), Some(2));
        let y = FrontText {
            text: "title: A\nevent:\n  start: 1\n  location:\n    venue: x\n".into(),
            first_line: 2,
        };
        assert_eq!(y.line_of(&["event", "location", "venue"]), Some(6));
        assert_eq!(y.line_of(&["event", "start"]), Some(4));
    }
}
