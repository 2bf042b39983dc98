//! Typing slips in one line of TOML or YAML, found where the parser stopped (or, for the
//! slips YAML accepts without a word, before it runs), each said in plain words with the line
//! written as it should be.

use chrono::NaiveDate;

mod invisible;
mod toml_line;
mod yaml_line;

use super::Syntax;
use super::date_forms;
pub use invisible::{INVISIBLE_HINT, invisible, is_invisible};
use toml_line::toml_line;
pub use yaml_line::yaml_before_parsing;
use yaml_line::yaml_line;

/// One slip in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// 0-based index of the line in the block (it may be an earlier line than the one the
    /// parser stopped at: an unclosed quote is reported where it opens).
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The line written as it should be, when Haven can tell.
    pub fix: Option<String>,
    /// The 0-based line `fix` replaces, when it is not `line` (a list over several lines is
    /// closed on its last line).
    pub fix_line: Option<usize>,
    /// A repair only, not reported here: a date in another form is quoted so the line reads,
    /// and the field's own check reports it (as it does when it was quoted already).
    pub silent: bool,
}

pub(crate) fn is_curly(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '‟' | '«' | '»' | '‘' | '’' | '‚' | '‛')
}

/// Whether what follows a closing quote ends the value (`"a", "b"]`, `"a" # note`).
pub(crate) fn ends_value(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ']' | '}' | '#'))
}

/// `text` as a quoted string in `syntax`, choosing the quotes so that nothing in it needs
/// escaping when possible.
pub(crate) fn quoted(text: &str) -> String {
    // toml's writer escapes exactly what TOML needs; YAML reads the same double-quoted form.
    toml::Value::String(text.to_string()).to_string()
}

/// The value with the curly quotes that delimit strings made straight; `None` when it has
/// none. Curly quotes inside a straight-quoted string are punctuation and stay.
pub fn straighten(value: &str) -> Option<(usize, String)> {
    let chars: Vec<(usize, char)> = value.char_indices().collect();
    let mut out = String::with_capacity(value.len());
    let mut first_col = None;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        match c {
            '"' | '\'' => {
                // A straight string: copy it to its closing quote, or fix a curly closing one.
                let close = chars[i + 1..].iter().position(|(_, d)| *d == c);
                match close {
                    Some(n) => {
                        let end = i + 1 + n;
                        let stop = chars.get(end + 1).map(|(b, _)| *b).unwrap_or(value.len());
                        out.push_str(&value[at..stop]);
                        i = end + 1;
                    }
                    None => {
                        let curly_close = chars[i + 1..].iter().rposition(|(b, d)| {
                            is_curly(*d) && ends_value(&value[*b + d.len_utf8()..])
                        })?;
                        let end = i + 1 + curly_close;
                        first_col.get_or_insert(end);
                        out.push(c);
                        out.push_str(&value[at + 1..chars[end].0]);
                        out.push(c);
                        i = end + 1;
                    }
                }
            }
            c if is_curly(c) => {
                first_col.get_or_insert(i);
                let close = chars[i + 1..].iter().position(|(b, d)| {
                    (is_curly(*d) || *d == '"' || *d == '\'')
                        && ends_value(&value[*b + d.len_utf8()..])
                });
                let end = close.map(|n| i + 1 + n);
                let inner_end = end.map(|e| chars[e].0).unwrap_or(value.len());
                let inner = value[at + c.len_utf8()..inner_end].trim_end_matches(' ');
                out.push_str(&quoted_like(inner));
                i = end.map(|e| e + 1).unwrap_or(chars.len());
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    first_col.map(|i| (i + 1, out))
}

/// `inner` in straight quotes: double ones, as README writes every example, unless the text
/// holds a double quote itself.
pub(crate) fn quoted_like(inner: &str) -> String {
    if !inner.contains(['"', '\\']) {
        format!("\"{inner}\"")
    } else if !inner.contains('\'') {
        format!("'{inner}'")
    } else {
        quoted(inner)
    }
}

/// Splits `key = value` (TOML) or `key: value` (YAML) at the first separator outside quotes:
/// (key part, byte offset where the value starts).
pub(crate) fn split_at_separator(line: &str, sep: char) -> Option<(&str, usize)> {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return None,
            (None, c) if c == sep => {
                let rest = &line[i + 1..];
                if sep == ':' && !rest.is_empty() && !rest.starts_with([' ', '\t']) {
                    // `https://…` is not a YAML key separator.
                    continue;
                }
                let value = i + 1 + (rest.len() - rest.trim_start().len());
                return Some((&line[..i], value));
            }
            _ => {}
        }
    }
    None
}

pub(crate) fn is_bare_key(key: &str) -> bool {
    !key.is_empty()
        && key.split('.').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
}

/// `key: value` as YAML writes it: (indent, key, value).
pub fn yaml_shaped(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (key, value_at) = split_at_separator(trimmed, ':')?;
    let key = key.trim_end();
    (is_bare_key(key) && !key.contains('.')).then(|| (indent, key, trimmed[value_at..].trim_end()))
}

/// `key = value` as TOML writes it: (indent, key, value).
pub fn toml_shaped(line: &str) -> Option<(&str, &str, &str)> {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    let (key, value_at) = split_at_separator(trimmed, '=')?;
    let key = key.trim_end();
    (is_bare_key(key.trim_matches('"'))).then(|| (indent, key, trimmed[value_at..].trim_end()))
}

/// The 1-based column of byte offset `at` in `line`.
pub(crate) fn col_of(line: &str, at: usize) -> usize {
    line[..at.min(line.len())].chars().count() + 1
}

/// Where a quote or bracket opened in `line` is left open: (byte offset, the character).
pub(crate) fn unclosed(line: &str) -> Option<(usize, char)> {
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut quote: Option<(usize, char)> = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if let Some((_, q)) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some((i, c)),
            '#' => break,
            '[' | '{' => stack.push((i, c)),
            ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    quote.or(stack.last().copied())
}

pub(crate) fn closing(c: char) -> char {
    match c {
        '[' => ']',
        '{' => '}',
        other => other,
    }
}

/// What the file is, for the words of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// Front matter: "front matter needs…".
    FrontMatter,
    /// config.toml: "settings need…".
    Settings,
}

impl Wording {
    pub(crate) fn needs(self) -> &'static str {
        match self {
            Wording::FrontMatter => "front matter needs",
            Wording::Settings => "settings need",
        }
    }
}

/// Explains why the parser stopped at line `at` (0-based) of `lines`.
pub fn explain(
    syntax: Syntax,
    wording: Wording,
    lines: &[String],
    at: usize,
    today: NaiveDate,
) -> Slip {
    let at = at.min(lines.len().saturating_sub(1));
    let line = lines.get(at).map(String::as_str).unwrap_or("");
    // A line that reads well alone was broken by one above it: an unclosed quote or list.
    if at > 0
        && reads_alone(syntax, line)
        && let Some(slip) = opened_above(lines, at)
    {
        return slip;
    }
    let mut slip = match syntax {
        Syntax::Toml => toml_line(line, wording, today),
        Syntax::Yaml => yaml_line(line),
    };
    slip.line = at;
    slip
}

fn reads_alone(syntax: Syntax, line: &str) -> bool {
    match syntax {
        Syntax::Toml => toml::from_str::<toml::Table>(line).is_ok(),
        Syntax::Yaml => {
            use saphyr::LoadableYamlNode;
            saphyr::Yaml::load_from_str(line.trim_start()).is_ok()
        }
    }
}

/// The nearest line above `to` that leaves a quote or list open, when nothing between closes
/// one (a closing `]`, or a `"""` string, ends the search).
fn opened_above(lines: &[String], to: usize) -> Option<Slip> {
    for i in (0..to).rev() {
        let line = &lines[i];
        if line.contains("\"\"\"") || line.contains("'''") {
            return None;
        }
        if let Some(slip) = open_value(lines, i, to) {
            return Some(slip);
        }
        if line.contains([']', '}']) {
            return None;
        }
    }
    None
}

/// An unclosed quote or list opened at line `i` that runs on to line `to`.
fn open_value(lines: &[String], i: usize, to: usize) -> Option<Slip> {
    let line = &lines[i];
    let (at, c) = unclosed(line)?;
    // A list may go over several lines: it is closed after its last item, before the line
    // that broke it. A quote is closed on its own line.
    let last = match c {
        '[' | '{' => (i..to)
            .rev()
            .find(|&n| !lines[n].trim().is_empty())
            .unwrap_or(i),
        _ => i,
    };
    let close = closing(c);
    let fix_line = &lines[last];
    let hint = match c {
        '[' => format!("add `{close}` after its last item"),
        '{' => format!("add `{close}` after its last field"),
        _ => format!("add a closing `{close}` at the end of the value"),
    };
    Some(Slip {
        line: i,
        col: col_of(line, at),
        message: never_closed(c).to_string(),
        hint,
        fix: Some(format!("{}{close}", fix_line.trim_end())),
        fix_line: (last != i).then_some(last),
        silent: false,
    })
}

/// What is wrong when a list, table or quote opened by `c` is never closed.
fn never_closed(c: char) -> &'static str {
    match c {
        '[' => "the list that starts here is never closed",
        '{' => "the table that starts here is never closed",
        _ => "the quote that starts this value is never closed",
    }
}

/// The slip of a value on one `line` whose list, table or quote opened by `c` at column
/// `col` is never closed: closed at the end of the line.
pub(super) fn unclosed_on_line(line: &str, col: usize, c: char) -> Slip {
    let close = closing(c);
    Slip {
        line: 0,
        col,
        message: never_closed(c).to_string(),
        hint: format!("add `{close}` at the end of the value"),
        fix: Some(format!("{}{close}", line.trim_end())),
        fix_line: None,
        silent: false,
    }
}

/// The message and hint for a date written in another form.
pub fn date_words(
    key: &str,
    written: &str,
    s: &date_forms::Suggestion,
    syntax: Syntax,
) -> (String, String) {
    let wants_time = matches!(key, "start" | "end");
    let form = if wants_time {
        "year-month-day, the letter T, and the time on the 24-hour clock, like 2026-12-03T18:00"
    } else {
        "year-month-day, like 2026-12-03"
    };
    let message = format!("`{key}` is written as `{written}`; Haven reads dates only as {form}");
    let sep = match syntax {
        Syntax::Toml => " =",
        Syntax::Yaml => ":",
    };
    let mut hint = format!("write {key}{sep} {}", s.value);
    for n in &s.notes {
        hint.push_str(". ");
        let mut cs = n.chars();
        if let Some(first) = cs.next() {
            hint.extend(first.to_uppercase());
            hint.push_str(cs.as_str());
        }
    }
    (message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn curly_quotes_become_straight() {
        assert_eq!(straighten("“About us”"), Some((1, "\"About us\"".into())));
        assert_eq!(
            straighten("‘Children’s Fund’"),
            Some((1, "\"Children’s Fund\"".into()))
        );
        assert_eq!(straighten("[“a”, “b”]"), Some((2, "[\"a\", \"b\"]".into())));
        assert_eq!(straighten("\"About us”"), Some((10, "\"About us\"".into())));
        assert_eq!(straighten("\"Say “hi”\""), None);
    }

    #[test]
    fn invisible_characters_are_named() {
        let (col, message, fixed) = invisible("title\u{a0}= \"A\u{200b}\"").unwrap();
        assert_eq!(col, 6);
        assert_eq!(
            message,
            "an invisible character, U+00A0 NO-BREAK SPACE, is at column 6 (and 1 more on this line)"
        );
        assert_eq!(fixed, "title = \"A\"");
    }

    #[test]
    fn toml_lines_are_explained() {
        let s = toml_line("title: About us", Wording::FrontMatter, today());
        assert_eq!(s.fix.as_deref(), Some("title = \"About us\""));
        let s = toml_line("title = \"About us", Wording::FrontMatter, today());
        assert_eq!((s.col, s.fix.as_deref()), (9, Some("title = \"About us\"")));
        // The date's own check says what to write; the line is only made readable.
        let s = toml_line("date = Dec 3", Wording::FrontMatter, today());
        assert_eq!(
            (s.silent, s.fix.as_deref()),
            (true, Some("date = \"Dec 3\""))
        );
        let s = toml_line("title = About us", Wording::FrontMatter, today());
        assert_eq!(s.fix.as_deref(), Some("title = \"About us\""));
    }

    #[test]
    fn yaml_slips_before_parsing() {
        let s = yaml_before_parsing("\tdate: 2026-12-03", Some("title: A")).unwrap();
        assert_eq!(s.fix.as_deref(), Some("date: 2026-12-03"));
        let s = yaml_before_parsing("\tstart: 2026-12-03", Some("event:")).unwrap();
        assert_eq!(s.fix.as_deref(), Some("  start: 2026-12-03"));
        let s = yaml_before_parsing("title = \"About\"", None).unwrap();
        assert_eq!(s.fix.as_deref(), Some("title: \"About\""));
        let s = yaml_before_parsing("title: “About us”", None).unwrap();
        assert_eq!((s.col, s.fix.as_deref()), (8, Some("title: \"About us\"")));
        assert!(yaml_before_parsing("url: https://example.org", None).is_none());
        assert!(yaml_before_parsing("title: Say “hi” to us", None).is_none());
        let s = yaml_before_parsing("  - “English”", None).unwrap();
        assert_eq!((s.col, s.fix.as_deref()), (5, Some("  - \"English\"")));
    }
}
