//! Reads one page's `[resource]` table into a [`Resource`], reporting every problem at its
//! file and line in words for communications staff.

use chrono::NaiveDate;

use super::model::{Category, Phone, RawPhone, RawResource, Resource};
use crate::content::FrontText;
use crate::content::frontmatter::page_fields;
use crate::dates::DateValue;
use crate::diagnostic::Diagnostic;
use crate::fields::typed;
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

/// Where things are in the front matter, for messages: the parser's places.
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

    /// Line and column of the text of the value at `resource.<path>`: inside its quotes, where
    /// the number itself starts.
    fn text_of(&self, path: &[&str]) -> (usize, usize) {
        let full: Vec<&str> = std::iter::once("resource")
            .chain(path.iter().copied())
            .collect();
        let at = self.front.value_at(&full);
        let quoted = self
            .front
            .line_text(at.line)
            .and_then(|l| l.chars().nth(at.col - 1))
            .is_some_and(|c| c == '"' || c == '\'');
        (at.line, at.col + usize::from(quoted))
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

    let placeholders = placeholders(table, &["resource".to_string()]);
    let (raw, problems) = typed::read::<RawResource>(table);
    let context = typed::Context {
        file: &path,
        spans: &front.spans,
        syntax: front.syntax,
        prefix: &["resource"],
        noun: "field",
        outer_fields: page_fields(),
        examples: &[
            (
                "phones",
                "phones = [{ label = \"Call\", number = \"1-800-822-8428\" }]",
            ),
            ("number", "number = \"1-800-822-8428\""),
            ("text", "text = \"1-800-822-8428\""),
            ("last_reviewed", "last_reviewed = 2026-11-23"),
        ],
    };
    diags.extend(problems.iter().map(|p| context.describe(p)));
    // The other checks go on, so every problem shows in one run; a field reported above is
    // not reported again as missing.
    let taken_out = |key: &str| problems.iter().any(|p| p.concerns(key));
    let Some(raw) = raw else {
        return (None, diags);
    };
    let name = doc.front().title.clone();

    let category = match text(&raw.category) {
        None if taken_out("category") => None,
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
    if offer.is_none() && !taken_out("offer") {
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
                    lines.text_of(&["text"]).1,
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
    let reach_taken_out = ["phones", "text", "chat", "website", "address"]
        .iter()
        .any(|k| taken_out(k));
    if !reachable && !reach_taken_out {
        diags.push(
            err(lines.table, 1, format!("the resource `{name}` has no way to reach it"))
                .with_hint("add at least one of `phones`, `text`, `chat`, `website` or `address` under `[resource]`"),
        );
    }

    let reviewed_line = lines.of("last_reviewed");
    let last_reviewed = match &raw.last_reviewed {
        None if taken_out("last_reviewed") => None,
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
                    if let Some(d) =
                        front.other_date_form(&path, &["resource", "last_reviewed"], written.trim())
                    {
                        diags.push(d);
                        return (None, diags);
                    }
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
        for key in &placeholders {
            let inside: Vec<&str> = key[1..].iter().map(String::as_str).collect();
            let (line, col) = lines.text_of(&inside);
            let shown = key.iter().filter(|k| k.parse::<usize>().is_err());
            let message = format!(
                "`{}` still has the example text from `haven new resource`",
                shown.cloned().collect::<Vec<_>>().join(".")
            );
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
    let (line, col) = lines.text_of(&["phones", &i.to_string(), "number"]);
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

/// The key path (`["resource", "phones", "0", "number"]`) of every text value under `table`
/// that still says `REPLACE`.
fn placeholders(table: &toml::Table, prefix: &[String]) -> Vec<Vec<String>> {
    fn walk(path: Vec<String>, v: &toml::Value, out: &mut Vec<Vec<String>>) {
        match v {
            toml::Value::String(t) if t.contains("REPLACE") => out.push(path),
            toml::Value::Table(t) => out.extend(placeholders(t, &path)),
            toml::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(i.to_string());
                    walk(p, item, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, v) in table {
        let mut p = prefix.to_vec();
        p.push(k.clone());
        walk(p, v, &mut out);
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
    fn a_number_is_found_at_its_own_value_not_in_the_offer() {
        let (_, front) = FrontText::from_toml(
            "title = \"X\"\n[resource]\noffer = \"Call 988 now.\"\nphones = [\n  { label = \"Call\", number = \"988\" },\n]\n",
            2,
        );
        let lines = Lines {
            front: &front,
            table: 3,
        };
        assert_eq!(lines.of("phones"), 5);
        // `  { label = "Call", number = "` is 30 characters: the number starts at column 31.
        assert_eq!(lines.text_of(&["phones", "0", "number"]), (6, 31));
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
