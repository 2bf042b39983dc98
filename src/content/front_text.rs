//! A file's front matter as written: its text, its syntax, and where the parser found each key,
//! so that every feature can point staff at the exact place of a field.

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::fields::{self, Pos, Spans, Syntax, date_forms};

/// Front matter as written, with the place of every key (from the parser, not a text search).
#[derive(Debug, Clone)]
pub struct FrontText {
    /// The front matter text, as written.
    pub text: String,
    /// 1-based line of its first line in the file.
    pub first_line: usize,
    /// Where each key and value is.
    pub spans: Spans,
    /// TOML or YAML.
    pub syntax: Syntax,
    /// The build's date, for dates written without a year.
    pub today: NaiveDate,
}

impl Default for FrontText {
    fn default() -> Self {
        FrontText {
            text: String::new(),
            first_line: 0,
            spans: Spans::default(),
            syntax: Syntax::Toml,
            today: NaiveDate::default(),
        }
    }
}

impl FrontText {
    /// Reads TOML front matter text that starts at line `first_line` (for tests of features
    /// that take a table and its places).
    pub fn from_toml(text: &str, first_line: usize) -> (toml::Table, FrontText) {
        let read = fields::read(&fields::Block {
            file: Path::new(""),
            text,
            first_line,
            syntax: Syntax::Toml,
            wording: fields::Wording::FrontMatter,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
        });
        let front = FrontText {
            text: text.to_string(),
            first_line,
            spans: read.spans,
            syntax: Syntax::Toml,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default(),
        };
        (read.table, front)
    }

    /// The 1-based file line where `path` is set, or the line of its nearest written parent.
    pub fn line_of<S: AsRef<str>>(&self, path: &[S]) -> Option<usize> {
        self.spans.line_of(path)
    }

    /// Where the value of `path` starts, or its nearest written parent's key.
    pub fn value_at<S: AsRef<str>>(&self, path: &[S]) -> Pos {
        self.spans.value_or_parent(path)
    }

    /// The text of file line `line`.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(self.first_line)?)
    }

    /// The line of `path` with its value replaced by `value` (as it should be written).
    pub fn with_value<S: AsRef<str>>(&self, path: &[S], value: &str) -> Option<(usize, String)> {
        let at = self.spans.value(path)?;
        let line = self.line_text(at.line)?;
        let start: String = line.chars().take(at.col - 1).collect();
        Some((at.line, format!("{start}{value}")))
    }

    /// When `written`, the value of the date field `path`, is a date or time in another form
    /// (`Dec 3`, `12/03/2026 6pm`): the error that says the form Haven reads, with the value
    /// converted. `None` when it is not recognisably a date.
    pub fn other_date_form<S: AsRef<str>>(
        &self,
        file: &Path,
        path: &[S],
        written: &str,
    ) -> Option<Diagnostic> {
        let suggestion = date_forms::suggest(written, self.today)?;
        let key = path.last().map(|k| k.as_ref()).unwrap_or("date");
        let (message, hint) = fields::slips::date_words(key, written, &suggestion, self.syntax);
        let at = self.value_at(path);
        let mut d = Diagnostic::error(file, at.line, at.col, message).with_hint(hint);
        if let Some((line, text)) = self.with_value(path, &suggestion.value) {
            d = d.with_fix(line, text);
        }
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_tables() {
        let (_, t) = FrontText::from_toml(
            "title = \"A\"\n[event]\nstart = 1\n[event.location]\nvenue = \"x\"\n",
            2,
        );
        assert_eq!(t.line_of(&["event", "start"]), Some(4));
        assert_eq!(t.line_of(&["event", "location", "venue"]), Some(6));
        assert_eq!(t.line_of(&["title"]), Some(2));
        assert_eq!(t.line_of(&["event", "end"]), Some(3));
        assert_eq!(t.line_text(4), Some("start = 1"));
    }

    #[test]
    fn a_date_in_another_form_is_converted() {
        let (_, t) = FrontText::from_toml("title = \"A\"\ndate = \"Dec 3\"\n", 2);
        let d = t
            .other_date_form(Path::new("a.md"), &["date"], "Dec 3")
            .unwrap();
        assert_eq!((d.line, d.col), (3, 8));
        assert_eq!(d.fix.unwrap().text, "date = 2026-12-03");
    }
}
