//! Turns Tera's errors into diagnostics that name the template file and line, and the page
//! being rendered.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// A diagnostic for a Tera error; `doc` is the content file being rendered, if any.
pub fn diagnostic(
    e: &tera::Error,
    files: &HashMap<String, PathBuf>,
    doc: Option<&Path>,
) -> Diagnostic {
    let while_rendering = doc
        .map(|d| format!(" (while rendering {})", d.display()))
        .unwrap_or_default();
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
            message.push_str(&while_rendering);
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
            Diagnostic::error(
                path,
                0,
                0,
                format!("template error: {message}{while_rendering}"),
            )
            .with_hint("check the theme's templates")
        }
    }
}
