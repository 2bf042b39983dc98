//! Problems next to what they concern: each diagnostic of the page is tied to a form field,
//! a line of the text, or the page as a whole, by its line number and where each key is
//! written in the front matter (`front::key_lines`), never by the words of the message.

use serde::Serialize;

use super::front::{PageText, key_lines};
use super::schema::{BASE, EVENT, Field, Kind, RESOURCE};
use crate::diagnostic::Diagnostic;

/// One problem as the editor shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    /// The form field (`event.end`), a group (`event`), `body`, or none (the whole page).
    pub field: Option<String>,
    /// For `body`: the line in the text box (1-based).
    pub body_line: Option<usize>,
    /// An error (the page will not be published) or a warning.
    pub error: bool,
    /// What is wrong, the build's own words.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// `content/x.md:8:1`, as the terminal shows it.
    pub location: String,
    /// The message as the terminal prints it (source line and hint).
    pub text: String,
}

/// Ties each of `diags` to where it belongs in the form for `page`.
pub fn locate(page: &PageText, diags: &[Diagnostic], root: &std::path::Path) -> Vec<Problem> {
    let keys = if page.yaml {
        Vec::new()
    } else {
        key_lines(&page.front)
    };
    diags
        .iter()
        .map(|d| {
            let (field, body_line) = place(page, &keys, d.line);
            Problem {
                field,
                body_line,
                error: d.is_error(),
                message: d.message.clone(),
                hint: d.hint.clone(),
                location: format!("{}:{}:{}", d.path.display(), d.line.max(1), d.col.max(1)),
                text: crate::diagnostic::to_plain_string(std::slice::from_ref(d), root),
            }
        })
        .collect()
}

fn place(
    page: &PageText,
    keys: &[(Vec<String>, usize, usize)],
    line: usize,
) -> (Option<String>, Option<usize>) {
    if line >= page.body_line && line > 0 {
        return (Some("body".into()), Some(line - page.body_line + 1));
    }
    if line < page.front_line {
        return (None, None);
    }
    let at = line - page.front_line + 1;
    let best = keys
        .iter()
        .filter(|(_, a, b)| *a <= at && at <= *b)
        .max_by_key(|(path, _, _)| path.len());
    (best.and_then(|(path, _, _)| field_for(path)), None)
}

/// The deepest form field or group that `path` (a key in the file) belongs to.
pub fn field_for(path: &[String]) -> Option<String> {
    let (fields, rest, mut out): (&[Field], &[String], Vec<String>) = match path.first()?.as_str() {
        "event" => (EVENT, &path[1..], vec!["event".into()]),
        "resource" => (RESOURCE, &path[1..], vec!["resource".into()]),
        _ => (BASE, path, Vec::new()),
    };
    let mut fields = fields;
    for key in rest {
        let Some(f) = fields.iter().find(|f| f.key == key) else {
            break;
        };
        out.push(key.clone());
        match f.kind {
            Kind::Table(sub) => fields = sub,
            _ => break,
        }
    }
    (!out.is_empty()).then(|| out.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_go_to_the_field_written_at_their_line() {
        let text = "+++\ntitle = \"A\"\nextra = { x = 1 }\n[event]\nstart = 2026-12-03T18:00\nend = 2026-12-03T17:00\n[event.location]\nvenue = \"Hall\"\n[resource]\nphones = [\n  { label = \"Call\", number = \"12\" },\n]\n+++\n\nFirst line\n![](x.png)\n";
        let page = PageText::parse(text).unwrap();
        let at = |line| {
            let d = Diagnostic::error("content/sessions/a.md", line, 1, "m");
            let p = &locate(&page, &[d], std::path::Path::new("/"))[0];
            (p.field.clone(), p.body_line)
        };
        assert_eq!(at(2), (Some("title".into()), None));
        assert_eq!(at(3), (None, None), "extra is kept as written");
        assert_eq!(at(4), (Some("event".into()), None));
        assert_eq!(at(6), (Some("event.end".into()), None));
        assert_eq!(at(7), (Some("event.location".into()), None));
        assert_eq!(at(8), (Some("event.location.venue".into()), None));
        assert_eq!(at(11), (Some("resource.phones".into()), None));
        assert_eq!(at(16), (Some("body".into()), Some(3)));
        assert_eq!(at(0), (None, None));
    }
}
