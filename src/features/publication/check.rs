//! Checks a section's `[publication]` table: every problem is reported at its line, in words
//! for communications staff, with a hint.

use std::path::Path;

use chrono_tz::Tz;

use super::model::{Change, Meta, RawPublication, SUMMARY_MAX_WORDS, Status};
use crate::content::FrontText;
use crate::content::frontmatter::page_fields;
use crate::dates::DateValue;
use crate::diagnostic::Diagnostic;
use crate::fields::typed;

/// Where to point: the file, and its front matter text for lines of nested keys.
pub struct At<'a> {
    /// The section file (`content/blueprint/_index.md`).
    pub path: &'a Path,
    /// Its front matter.
    pub front: &'a FrontText,
}

impl At<'_> {
    fn line(&self, keys: &[&str]) -> usize {
        self.front
            .line_of(keys)
            .or_else(|| self.front.line_of(&["publication"]))
            .unwrap_or(1)
    }

    fn error(
        &self,
        keys: &[&str],
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(self.path, self.line(keys), 1, message).with_hint(hint)
    }

    /// The line of the `n`th (0-based) `[[publication.history]]` entry.
    fn history_line(&self, n: usize) -> usize {
        self.line(&["publication", "history", &n.to_string()])
    }
}

/// Reads and checks the table. `section_title` is the default full title.
pub fn meta(
    table: &toml::Table,
    section_title: &str,
    at: &At<'_>,
    tz: Tz,
) -> Result<Meta, Vec<Diagnostic>> {
    let (raw, problems) = typed::read::<RawPublication>(table);
    let context = typed::Context {
        file: at.path,
        spans: &at.front.spans,
        syntax: at.front.syntax,
        prefix: &["publication"],
        noun: "field",
        outer_fields: page_fields(),
        examples: &[
            (
                "authors",
                "authors = [\"Connecticut Against Gun Violence\"]",
            ),
            ("version", "version = \"2.1\""),
        ],
    };
    let mut errors: Vec<Diagnostic> = problems.iter().map(|p| context.describe(p)).collect();
    // A field reported above is not reported again as missing.
    let taken_out = |key: &str| problems.iter().any(|p| p.concerns(key));
    let Some(raw) = raw else {
        return Err(errors);
    };
    let status = match raw.status.as_deref() {
        None if taken_out("status") => None,
        None => {
            errors.push(at.error(
                &["publication"],
                "the publication has no `status`",
                "add a line `status = \"draft\"` under [publication] (draft, submitted, adopted or revised)",
            ));
            None
        }
        Some(s) => parse_status(
            s,
            &["publication", "status"],
            "the publication `status`",
            at,
            &mut errors,
        ),
    };
    let authors = raw.authors.map(|a| a.into_vec()).unwrap_or_default();
    if authors.is_empty() && !taken_out("authors") {
        errors.push(at.error(
            &["publication", "authors"],
            "the publication names no `authors`",
            "add who wrote it, e.g. `authors = [\"Connecticut Against Gun Violence\"]`",
        ));
    }
    let summary = raw.summary.unwrap_or_default();
    let words = summary.split_whitespace().count();
    if words == 0 && taken_out("summary") {
    } else if words == 0 {
        errors.push(at.error(
            &["publication", "summary"],
            "the publication has no `summary`",
            "add a plain-language summary of at most 250 words: summary = \"\"\"…\"\"\"",
        ));
    } else if words > SUMMARY_MAX_WORDS {
        errors.push(at.error(
            &["publication", "summary"],
            format!("the publication summary has {words} words; the cover shows at most {SUMMARY_MAX_WORDS}"),
            "shorten it to the few points a reader must know; the chapters carry the detail",
        ));
    }
    let mut history: Vec<Change> = Vec::new();
    for (i, c) in raw.history.iter().enumerate() {
        let line = at.history_line(i);
        let Some(s) = parse_status(
            &c.status,
            &[],
            "the history entry's `status`",
            at,
            &mut errors,
        ) else {
            fix_line(&mut errors, line);
            continue;
        };
        let text = match &c.date {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let Some(date) = DateValue::parse(&text, tz) else {
            let path = ["publication", "history", &i.to_string(), "date"];
            if let Some(d) = at.front.other_date_form(at.path, &path, text.trim()) {
                errors.push(d);
                continue;
            }
            errors.push(
                Diagnostic::error(
                    at.path,
                    line,
                    1,
                    format!("the history entry's `date` must look like 2026-12-03, found `{text}`"),
                )
                .with_hint("write the date as year-month-day, e.g. 2026-12-03"),
            );
            continue;
        };
        if history
            .last()
            .is_some_and(|prev| prev.date.timestamp(tz) > date.timestamp(tz))
        {
            errors.push(
                Diagnostic::error(
                    at.path,
                    line,
                    1,
                    format!("the history entry of {text} comes after a later one"),
                )
                .with_hint("list the status history oldest first"),
            );
        }
        history.push(Change {
            status: s,
            date,
            note: c.note.clone().filter(|n| !n.trim().is_empty()),
        });
    }
    if let (Some(status), Some(last)) =
        (status, history.last().filter(|l| Some(l.status) != status))
    {
        errors.push(at.error(
            &["publication", "status"],
            format!(
                "the publication's `status` is `{}`, but its latest history entry says `{}`",
                status.key(),
                last.status.key()
            ),
            "set `status` to the latest change, or add a history entry for the new status",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let title = raw
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| section_title.to_string());
    let summary = summary
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    Ok(Meta {
        title,
        subtitle: raw.subtitle.filter(|s| !s.trim().is_empty()),
        authors,
        prepared_for: raw.prepared_for.filter(|s| !s.trim().is_empty()),
        status: status.unwrap_or(Status::Draft),
        history,
        version: raw.version.filter(|s| !s.trim().is_empty()),
        summary,
    })
}

fn parse_status(
    text: &str,
    keys: &[&str],
    subject: &str,
    at: &At<'_>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Status> {
    if let Some(s) = Status::parse(text) {
        return Some(s);
    }
    let near = Status::ALL
        .iter()
        .map(|(k, _)| (strsim::jaro_winkler(&text.to_lowercase(), k), *k))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let hint = match near {
        Some((_, best)) => format!("did you mean `{best}`?"),
        None => "write one of: draft, submitted, adopted, revised".to_string(),
    };
    errors.push(at.error(
        keys,
        format!("{subject} must be draft, submitted, adopted or revised, found `{text}`"),
        hint,
    ));
    None
}

/// Moves the last error to `line` (for problems inside a history entry).
fn fix_line(errors: &mut [Diagnostic], line: usize) {
    if let Some(last) = errors.last_mut() {
        last.line = line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(front: &str) -> Result<Meta, Vec<Diagnostic>> {
        let (table, ft) = FrontText::from_toml(front, 2);
        let at = At {
            path: Path::new("content/p/_index.md"),
            front: &ft,
        };
        meta(
            table.get("publication").and_then(|t| t.as_table()).unwrap(),
            "Short",
            &at,
            chrono_tz::UTC,
        )
    }

    #[test]
    fn a_full_table() {
        let m = check(
            "title = \"x\"\n[publication]\nauthors = \"CAGV\"\nstatus = \"Adopted\"\nsummary = \"\"\"One two.\n\nThree.\"\"\"\n[[publication.history]]\nstatus = \"submitted\"\ndate = 2023-01-05\n[[publication.history]]\nstatus = \"adopted\"\ndate = 2023-02-01\nnote = \"Unanimously.\"\n",
        )
        .unwrap();
        assert_eq!(m.title, "Short");
        assert_eq!(m.authors, ["CAGV"]);
        assert_eq!(m.status, Status::Adopted);
        assert_eq!(m.summary, ["One two.", "Three."]);
        assert_eq!(m.history.len(), 2);
    }

    #[test]
    fn every_problem_at_its_line() {
        let e = check("[publication]\nstatus = \"adoptd\"\nsummary = \"x\"\n").unwrap_err();
        let shown: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "content/p/_index.md:3:1: error: the publication `status` must be draft, submitted, adopted or revised, found `adoptd`",
                "content/p/_index.md:2:1: error: the publication names no `authors`",
            ]
        );
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `adopted`?"));
        let e = check("[publication]\nautors = \"x\"\n").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "content/p/_index.md:3:1: error: unknown field `autors` in [publication]"
        );
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `authors`?"));
        let long = "word ".repeat(251);
        let e = check(&format!(
            "[publication]\nauthors = \"A\"\nstatus = \"draft\"\nsummary = \"{long}\"\n"
        ))
        .unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "content/p/_index.md:5:1: error: the publication summary has 251 words; the cover shows at most 250"
        );
    }

    #[test]
    fn history_must_agree_and_be_in_order() {
        let e = check(
            "[publication]\nauthors = \"A\"\nstatus = \"draft\"\nsummary = \"s\"\n[[publication.history]]\nstatus = \"adopted\"\ndate = 2023-02-01\n[[publication.history]]\nstatus = \"submitted\"\ndate = 2023-01-05\n[[publication.history]]\nstatus = \"x\"\ndate = 2023-03-01\n[[publication.history]]\nstatus = \"draft\"\ndate = \"soon\"\n",
        )
        .unwrap_err();
        let shown: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "content/p/_index.md:9:1: error: the history entry of 2023-01-05 comes after a later one",
                "content/p/_index.md:12:1: error: the history entry's `status` must be draft, submitted, adopted or revised, found `x`",
                "content/p/_index.md:15:1: error: the history entry's `date` must look like 2026-12-03, found `soon`",
                "content/p/_index.md:4:1: error: the publication's `status` is `draft`, but its latest history entry says `submitted`",
            ]
        );
    }
}
