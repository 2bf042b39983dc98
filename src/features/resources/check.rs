//! Reads one page's `[resource]` table into a [`Resource`], reporting every problem at its
//! file and line in words for communications staff.

use chrono::NaiveDate;

use super::model::{Category, Phone, RawPhone, RawResource, Resource};
use crate::content::FrontText;
use crate::dates::DateValue;
use crate::diagnostic::{Diagnostic, unknown_field_suggestion};
use crate::phone;
use crate::site::{DocId, Document};

/// The fields of `[resource]`, for messages.
pub const FIELDS: [&str; 12] = [
    "category",
    "offer",
    "eligibility",
    "phones",
    "text",
    "chat",
    "website",
    "hours",
    "languages",
    "address",
    "cost",
    "last_reviewed",
];

/// Where things are in the front matter, for messages.
struct Lines<'a> {
    front: &'a FrontText,
    /// Line of the `[resource]` header (or `resource:` in YAML).
    table: usize,
}

impl Lines<'_> {
    /// Line of `resource.<key>`, or of the table when the key is not written.
    fn of(&self, key: &str) -> usize {
        self.front.line_of(&["resource", key]).unwrap_or(self.table)
    }

    /// First line at or after `from` that contains `needle` (preferably in quotes), and the
    /// 1-based column where it starts: phone numbers sit in inline tables that `line_of`
    /// cannot see into.
    fn find(&self, needle: &str, from: usize) -> Option<(usize, usize)> {
        let skip = from.saturating_sub(self.front.first_line);
        let search = |pattern: &str, offset: usize| {
            self.front
                .text
                .lines()
                .enumerate()
                .skip(skip)
                .find_map(|(i, l)| {
                    let at = l.find(pattern)?;
                    Some((
                        i + self.front.first_line,
                        l[..at].chars().count() + 1 + offset,
                    ))
                })
        };
        search(&format!("\"{needle}\""), 1).or_else(|| search(needle, 0))
    }

    /// Line where `key` is set (`key =` or `key:`) after the table header.
    fn key(&self, key: &str) -> usize {
        let skip = self.table.saturating_sub(self.front.first_line);
        self.front
            .text
            .lines()
            .enumerate()
            .skip(skip)
            .find(|(_, l)| {
                l.split(['{', ',']).any(|part| {
                    let part = part.trim_start().trim_start_matches("- ");
                    part.strip_prefix(key)
                        .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
                })
            })
            .map(|(i, _)| i + self.front.first_line)
            .unwrap_or(self.table)
    }
}

/// Checks the `[resource]` table of `doc`. Returns the resource when it has no errors, and every
/// problem found (errors and warnings).
pub fn read(
    id: DocId,
    doc: &Document,
    table: &toml::Table,
    today: NaiveDate,
    tz: chrono_tz::Tz,
) -> (Option<Resource>, Vec<Diagnostic>) {
    let path = doc.source.display_path.clone();
    let front = &doc.source.front_text;
    let lines = Lines {
        front,
        table: front.line_of(&["resource"]).unwrap_or(front.first_line),
    };
    let mut diags = Vec::new();
    let err = |line: usize, col: usize, msg: String| Diagnostic::error(&path, line, col, msg);

    if matches!(id, DocId::Section(_)) {
        diags.push(
            err(lines.table, 1, "`[resource]` belongs on a page of its own, not on a section's `_index.md`".into())
                .with_hint("move it to a file like content/resources/office-of-victim-services.md (run `haven new resource \"Name\"`)"),
        );
        return (None, diags);
    }

    let placeholders = placeholders(table, "resource");
    let raw: RawResource = match toml::Value::Table(table.clone()).try_into() {
        Ok(r) => r,
        Err(e) => {
            diags.push(shape_error(&path, &lines, &e));
            return (None, diags);
        }
    };
    let name = doc.front().title.clone();

    let category = match text(&raw.category) {
        None => {
            diags.push(
                err(
                    lines.table,
                    1,
                    format!("the resource `{name}` has no `category`"),
                )
                .with_hint(format!(
                    "add a line `category = \"grief\"` under `[resource]`, with one of: {}",
                    Category::keys()
                )),
            );
            None
        }
        Some(key) => match Category::from_key(key) {
            Some(c) => Some(c),
            None => {
                let near = Category::ALL
                    .iter()
                    .map(|c| (strsim::jaro_winkler(c.key(), key), c.key()))
                    .filter(|(s, _)| *s > 0.7)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let hint = match near {
                    Some((_, best)) => format!(
                        "did you mean `{best}`? The categories are: {}",
                        Category::keys()
                    ),
                    None => format!("use one of: {}", Category::keys()),
                };
                diags.push(
                    err(
                        lines.of("category"),
                        1,
                        format!("`category` must be one of the fixed list, found `{key}`"),
                    )
                    .with_hint(hint),
                );
                None
            }
        },
    };

    let offer = text(&raw.offer).map(str::to_string);
    if offer.is_none() {
        diags.push(
            err(lines.table, 1, format!("the resource `{name}` has no `offer`"))
                .with_hint("add `offer = \"…\"` under `[resource]`: what it offers, in one or two plain sentences"),
        );
    }

    let mut phones = Vec::new();
    for (i, p) in raw.phones.iter().enumerate() {
        if let Some(phone) = read_phone(&path, &lines, i, p, &mut diags) {
            phones.push(phone);
        }
    }

    let text_number = text(&raw.text).and_then(|n| {
        let line = lines.of("text");
        match phone::dial(n) {
            Ok(dial) => Some(Phone {
                label: String::new(),
                number: n.to_string(),
                dial,
                note: None,
                line,
            }),
            Err(e) => {
                diags.push(phone::diagnostic(
                    &path,
                    line,
                    lines.find(n, line).map(|(_, c)| c).unwrap_or(1),
                    "the text number",
                    n,
                    &e,
                ));
                None
            }
        }
    });

    let mut web = |key: &str, value: &Option<String>| -> Option<String> {
        let v = text(value)?;
        if is_web_address(v) {
            Some(v.to_string())
        } else {
            diags.push(
                err(
                    lines.of(key),
                    1,
                    format!("`{key}` must be a full web address, found `{v}`"),
                )
                .with_hint(format!(
                    "start it with https://, e.g. {key} = \"https://{}\"",
                    v.trim_start_matches("http://")
                        .trim_start_matches("www.")
                        .trim_start_matches('/')
                )),
            );
            None
        }
    };
    let chat = web("chat", &raw.chat);
    let website = web("website", &raw.website);
    let address = text(&raw.address).map(str::to_string);

    let reachable = !raw.phones.is_empty()
        || raw.text.is_some()
        || raw.chat.is_some()
        || raw.website.is_some()
        || address.is_some();
    if !reachable {
        diags.push(
            err(lines.table, 1, format!("the resource `{name}` has no way to reach it"))
                .with_hint("add at least one of `phones`, `text`, `chat`, `website` or `address` under `[resource]`"),
        );
    }

    let reviewed_line = lines.of("last_reviewed");
    let last_reviewed = match &raw.last_reviewed {
        None => {
            diags.push(
                err(lines.table, 1, format!("the resource `{name}` has no `last_reviewed` date"))
                    .with_hint(format!("add `last_reviewed = {today}` under `[resource]`, with the day a person last checked its details")),
            );
            None
        }
        Some(v) => {
            let written = match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match DateValue::parse(&written, tz)
                .map(|d| d.to_datetime(tz).with_timezone(&tz).date_naive())
            {
                None => {
                    diags.push(
                        err(reviewed_line, 1, format!("front matter field `last_reviewed` must look like 2026-12-03, found `{written}`"))
                            .with_hint("write the day you last checked the details as year-month-day, e.g. 2026-11-23"),
                    );
                    None
                }
                Some(d) if d > today => {
                    diags.push(
                        err(reviewed_line, 1, format!("`last_reviewed` is in the future: {d} (today is {today})"))
                            .with_hint("write the day a person actually checked the details, not a planned date"),
                    );
                    None
                }
                Some(d) => Some(d),
            }
        }
    };

    // Example text left from `haven new resource`: said once per value (a warning in a draft,
    // an error once published), instead of every check that the example text fails.
    if !placeholders.is_empty() {
        let draft = doc.front().draft;
        let mut left = Vec::new();
        for (key, value) in &placeholders {
            let (line, col) = lines.find(value, lines.table).unwrap_or((lines.table, 1));
            let message = format!("`{key}` still has the example text from `haven new resource`");
            let d = if draft {
                Diagnostic::warning(&path, line, col, message)
            } else {
                Diagnostic::error(&path, line, col, message)
            };
            left.push(
                d.with_hint("write the real value, or remove the field if it does not apply"),
            );
        }
        diags.retain(|d| !left.iter().any(|p| p.line == d.line));
        diags.append(&mut left);
        return (None, diags);
    }

    let has_errors = diags.iter().any(Diagnostic::is_error);
    let (Some(category), Some(offer), Some(last_reviewed), false) =
        (category, offer, last_reviewed, has_errors)
    else {
        return (None, diags);
    };
    let resource = Resource {
        doc: id,
        path: path.clone(),
        name,
        name_line: front.line_of(&["title"]).unwrap_or(front.first_line),
        category,
        offer,
        eligibility: text(&raw.eligibility).map(str::to_string),
        phones,
        text: text_number,
        chat,
        website,
        hours: text(&raw.hours).map(str::to_string),
        languages: raw
            .languages
            .iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect(),
        address,
        cost: text(&raw.cost).map(str::to_string),
        last_reviewed,
        reviewed_line,
        age_days: (today - last_reviewed).num_days(),
        unverified: !doc.front().verify.is_empty(),
        weight: doc.front().weight,
    };
    (Some(resource), diags)
}

fn read_phone(
    path: &std::path::Path,
    lines: &Lines<'_>,
    i: usize,
    p: &RawPhone,
    diags: &mut Vec<Diagnostic>,
) -> Option<Phone> {
    let Some(number) = text(&p.number) else {
        diags.push(
            Diagnostic::error(
                path,
                lines.of("phones"),
                1,
                format!("phone {} in `phones` has no `number`", i + 1),
            )
            .with_hint("write each phone as { label = \"Call\", number = \"1-800-822-8428\" }"),
        );
        return None;
    };
    let (line, col) = lines
        .find(number, lines.of("phones"))
        .unwrap_or((lines.of("phones"), 1));
    let dial = match phone::dial(number) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(phone::diagnostic(
                path,
                line,
                col,
                "the phone number",
                number,
                &e,
            ));
            None
        }
    };
    let Some(label) = text(&p.label) else {
        diags.push(
            Diagnostic::error(path, line, 1, format!("the phone number `{number}` has no `label`"))
                .with_hint("add what the number is for, e.g. { label = \"Call\", number = \"…\" } or label = \"Toll free\" or \"Spanish\""),
        );
        return None;
    };
    Some(Phone {
        label: label.to_string(),
        number: number.to_string(),
        dial: dial?,
        note: text(&p.note).map(str::to_string),
        line,
    })
}

/// Turns a serde error about the table's shape (unknown field, wrong type) into a message.
fn shape_error(path: &std::path::Path, lines: &Lines<'_>, e: &toml::de::Error) -> Diagnostic {
    let full = e.to_string();
    let mut parts = full.lines();
    let first = parts.next().unwrap_or("").trim().to_string();
    // toml says where: "in `phones.number`".
    let key_path = parts
        .find_map(|l| {
            l.trim()
                .strip_prefix("in `")
                .and_then(|r| r.strip_suffix('`'))
        })
        .unwrap_or("")
        .to_string();
    if let Some((field, best)) = unknown_field_suggestion(&first) {
        let inside = if key_path.starts_with("phones") {
            "a phone in `phones`"
        } else {
            "`[resource]`"
        };
        let hint = match best {
            Some(b) => format!("did you mean `{b}`?"),
            None if key_path.starts_with("phones") => {
                "a phone has only `label`, `number` and `note`".to_string()
            }
            None => format!("the fields of `[resource]` are: {}", FIELDS.join(", ")),
        };
        return Diagnostic::error(
            path,
            lines.key(&field),
            1,
            format!("unknown field `{field}` in {inside}"),
        )
        .with_hint(hint);
    }
    let leaf = key_path.rsplit('.').next().unwrap_or("").to_string();
    let line = if leaf.is_empty() {
        lines.table
    } else {
        lines.key(&leaf)
    };
    let found = first
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split(", expected").next())
        .unwrap_or(&first)
        .replace("string ", "text ");
    let hint = match leaf.as_str() {
        "phones" => {
            "write phones as a list: phones = [{ label = \"Call\", number = \"1-800-822-8428\" }]"
        }
        "languages" => "write languages as a list: languages = [\"English\", \"Spanish\"]",
        "number" | "text" => "write the number in quotes: number = \"1-800-822-8428\"",
        "last_reviewed" => "write the date like last_reviewed = 2026-11-23",
        _ => "write text in quotes, e.g. offer = \"…\"",
    };
    let what = if leaf.is_empty() {
        "`[resource]`".to_string()
    } else {
        format!("`{leaf}`")
    };
    Diagnostic::error(
        path,
        line,
        1,
        format!("{what} has the wrong kind of value (found {found})"),
    )
    .with_hint(hint)
}

/// Every text value under `table` that still says `REPLACE`, with its key path
/// (`resource.phones.number`).
fn placeholders(table: &toml::Table, prefix: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let walk = |key: String, v: &toml::Value, out: &mut Vec<(String, String)>| match v {
        toml::Value::String(t) if t.contains("REPLACE") => out.push((key, t.clone())),
        toml::Value::Table(t) => out.extend(placeholders(t, &key)),
        toml::Value::Array(items) => {
            for item in items {
                match item {
                    toml::Value::String(t) if t.contains("REPLACE") => {
                        out.push((key.clone(), t.clone()))
                    }
                    toml::Value::Table(t) => out.extend(placeholders(t, &key)),
                    _ => {}
                }
            }
        }
        _ => {}
    };
    for (k, v) in table {
        walk(format!("{prefix}.{k}"), v, &mut out);
    }
    out
}

/// Trimmed text, `None` when missing or blank.
fn text(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// An http(s) address with a host that has a dot in it (`https://211ct.org/`).
fn is_web_address(v: &str) -> bool {
    url::Url::parse(v).ok().is_some_and(|u| {
        matches!(u.scheme(), "https" | "http") && u.host_str().is_some_and(|h| h.contains('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_found_on_its_own_line_not_in_the_offer() {
        let front = FrontText {
            text: "title = \"X\"\n[resource]\noffer = \"Call 988 now.\"\nphones = [\n  { label = \"Call\", number = \"988\" },\n]\n".into(),
            first_line: 2,
        };
        let lines = Lines {
            front: &front,
            table: 3,
        };
        assert_eq!(lines.of("phones"), 5);
        // `  { label = "Call", number = "` is 30 characters: the number starts at column 31.
        assert_eq!(lines.find("988", lines.of("phones")), Some((6, 31)));
        assert_eq!(lines.key("number"), 6);
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address("https://www.211ct.org/"));
        assert!(is_web_address("https://988lifeline.org/"));
        assert!(!is_web_address("211ct.org"));
        assert!(!is_web_address("https://localhost/"));
        assert!(!is_web_address("mailto:x@y.org"));
    }
}
