//! Turns Tera's errors into diagnostics that name the template file and line; the page being
//! rendered is kept beside it ([`RenderError`]), so that one mistake in a template shared by
//! many pages is said once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A template that failed: the diagnostic (at the template's line when Tera knows it), and the
/// page being rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// What went wrong, and where in the templates (boxed: errors travel in `Result`s on the
    /// render path, which stay small).
    pub at: Box<Diagnostic>,
    /// The file being rendered (`content/about.md`), said after the message.
    pub page: Option<PathBuf>,
}

impl RenderError {
    /// The errors as staff read them: one diagnostic per mistake, naming the first page it
    /// failed on and how many more (`(while rendering content/a.md and 3 more pages)`), in the
    /// order of `errors`.
    pub fn merged<'a>(errors: impl IntoIterator<Item = &'a RenderError>) -> Vec<Diagnostic> {
        let mut groups: Vec<(&RenderError, usize)> = Vec::new();
        for e in errors {
            match groups.iter_mut().find(|(first, _)| first.at == e.at) {
                Some((_, more)) => *more += 1,
                None => groups.push((e, 0)),
            }
        }
        groups
            .into_iter()
            .map(|(e, more)| {
                let mut d = (*e.at).clone();
                if let Some(page) = &e.page {
                    let others = match more {
                        0 => String::new(),
                        1 => " and 1 more page".to_string(),
                        n => format!(" and {n} more pages"),
                    };
                    d.message =
                        format!("{} (while rendering {}{others})", d.message, page.display());
                }
                d
            })
            .collect()
    }
}

/// A render error for a Tera error; `doc` is the content file being rendered, if any.
pub fn render_error(
    e: &tera::Error,
    files: &HashMap<String, PathBuf>,
    doc: Option<&Path>,
) -> RenderError {
    RenderError {
        at: Box::new(diagnostic(e, files, doc)),
        page: doc.map(Path::to_path_buf),
    }
}

/// The diagnostic of a Tera error, without the page; `doc` stands in for the file when Tera
/// does not say which template failed.
pub fn diagnostic(
    e: &tera::Error,
    files: &HashMap<String, PathBuf>,
    doc: Option<&Path>,
) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let path = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let mut message = format!("{kind}: {}", r.message());
            if let Some(src) = std::error::Error::source(e) {
                message.push_str(&format!(": {src}"));
            }
            Diagnostic::error(path, r.span().start_line, r.span().start_col + 1, message)
                .with_hint("templates use Tera 2 syntax: {{ value }}, {% if … %}…{% endif %}, {% for … %}…{% endfor %}")
        }
        other => {
            let mut message = other.to_string();
            let mut cur = std::error::Error::source(e);
            while let Some(s) = cur {
                message.push_str(&format!(": {s}"));
                cur = s.source();
            }
            let path = doc
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("templates"));
            Diagnostic::error(path, 0, 0, format!("template error: {message}"))
                .with_hint("check the theme's templates")
        }
    }
}
