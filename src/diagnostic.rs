//! Diagnostics: every error and warning Haven reports, and the one place they are printed.

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use codespan_reporting::term::{self, Config, DisplayStyle};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the site cannot be built with.
    Error,
    /// Something staff should look at; the site still builds.
    Warning,
}

/// One problem, located at a file, line and column, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root when it is inside it.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// How to fix it, in plain words.
    pub hint: Option<String>,
    /// The line as it should be written, when Haven can tell: shown under the hint so staff
    /// can copy it.
    pub fix: Option<Box<Fix>>,
}

/// A corrected source line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// 1-based line in the file that the text replaces.
    pub line: usize,
    /// The whole line, corrected.
    pub text: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}: {}",
            self.path.display(),
            self.line.max(1),
            self.col.max(1),
            self.message
        )
    }
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            hint: None,
            fix: None,
        }
    }

    /// A warning at `path:line:col`.
    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Self::error(path, line, col, message)
        }
    }

    /// Adds the "how to fix it" sentence.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds the corrected text of line `line`.
    pub fn with_fix(mut self, line: usize, text: impl Into<String>) -> Self {
        self.fix = Some(Box::new(Fix {
            line,
            text: text.into(),
        }));
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file, line and column so that output never depends on thread timing.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message))
    });
}

/// Prints diagnostics to stderr: a `path:line:col: error: message` line, the source line with
/// the spot marked, and the hint. Colored when stderr is a terminal.
pub fn emit(diags: &[Diagnostic], root: &Path) {
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stream = StandardStream::stderr(choice);
    for d in diags {
        let _ = write_one(&mut stream, d, root);
    }
}

/// Renders diagnostics to a plain string (for the browser overlay and for tests).
pub fn to_plain_string(diags: &[Diagnostic], root: &Path) -> String {
    let mut buf = term::termcolor::NoColor::new(Vec::new());
    for d in diags {
        let _ = write_one(&mut buf, d, root);
    }
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

fn write_one(out: &mut dyn WriteColor, d: &Diagnostic, root: &Path) -> std::io::Result<()> {
    let name = d.path.display().to_string();
    // The source is read again only here: diagnostics are rare, and keeping every file's text
    // alive for them would cost memory on every build.
    let source = std::fs::read(root.join(&d.path))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    let file = SimpleFile::new(name, source.as_str());
    let cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut cs = cs.with_message(&d.message);
    if d.line > 0 && !source.is_empty() {
        if let Some(range) = byte_range(&source, d.line, d.col) {
            cs = cs.with_labels(vec![Label::primary((), range)]);
        }
    }
    let notes: Vec<String> = d.hint.iter().map(|h| format!("hint: {h}")).collect();
    // codespan's short style gives exactly `path:line:col: error: message`; the rich style
    // then shows the source line. Rendering the header ourselves would hand-roll what it does.
    let short = Config {
        display_style: DisplayStyle::Short,
        ..Config::default()
    };
    if cs.labels.is_empty() {
        write!(out, "{}", d)?;
        writeln!(out)?;
    } else {
        term::emit_to_write_style(out, &short, &file, &cs).map_err(std::io::Error::other)?;
        let snippet = Config {
            display_style: DisplayStyle::Rich,
            ..Config::default()
        };
        let body = cs.clone().with_message("").with_notes(notes.clone());
        let mut rich = term::termcolor::Buffer::no_color();
        if out.supports_color() {
            rich = term::termcolor::Buffer::ansi();
        }
        term::emit_to_write_style(&mut rich, &snippet, &file, &body)
            .map_err(std::io::Error::other)?;
        // Drop the rich style's own (now empty) header line: the short line above said it.
        let text = String::from_utf8_lossy(rich.as_slice()).into_owned();
        let mut lines = text.lines();
        lines.next();
        // codespan ends with an empty line; the fix goes before it, with the notes.
        let body: Vec<&str> = lines.collect();
        let (last, rest) = match body.split_last() {
            Some((l, r)) if l.trim().is_empty() => (Some(*l), r),
            _ => (None, &body[..]),
        };
        for l in rest {
            writeln!(out, "{l}")?;
        }
        write_fix(out, d)?;
        if let Some(l) = last {
            writeln!(out, "{l}")?;
        }
        return Ok(());
    }
    for n in notes {
        writeln!(out, "  = {n}")?;
    }
    write_fix(out, d)?;
    Ok(())
}

/// The corrected line, indented so it can be copied as it is.
fn write_fix(out: &mut dyn WriteColor, d: &Diagnostic) -> std::io::Result<()> {
    if let Some(fix) = &d.fix {
        // In line with codespan's `= hint`, whose indent is the width of the line numbers.
        let pad = " ".repeat(d.line.max(fix.line).max(1).to_string().len() + 1);
        writeln!(out, "{pad}= corrected line {}:", fix.line)?;
        writeln!(out, "{pad}      {}", fix.text)?;
    }
    Ok(())
}

fn byte_range(source: &str, line: usize, col: usize) -> Option<std::ops::Range<usize>> {
    let start_of_line = source
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>();
    if start_of_line > source.len() {
        return None;
    }
    let line_text = source[start_of_line..].lines().next().unwrap_or("");
    let mut start = start_of_line
        + line_text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map(|(i, _)| i)
            .unwrap_or(0);
    let mut end = start_of_line + line_text.len();
    if end <= start {
        start = start_of_line;
        end = start_of_line + line_text.len();
    }
    Some(start..end.max(start))
}

/// Maps byte offsets in a text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based (line, column) of a byte offset; the column counts bytes.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let col = offset - self.starts[line - 1] + 1;
        (line, col)
    }

    /// The 1-based (line, column) of a byte offset in `text`, the column counting characters
    /// as an editor does.
    pub fn line_char_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }
}

/// Writes a one-line summary ("2 errors, 1 warning") for the end of a run.
pub fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    counts(errors, diags.len() - errors)
}

/// "1 error, 2 warnings": the counts as staff read them, singular where it is one.
pub fn counts(errors: usize, warnings: usize) -> String {
    format!(
        "{} {}, {} {}",
        errors,
        plural(errors, "error", "errors"),
        warnings,
        plural(warnings, "warning", "warnings")
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(4), (2, 2));
    }
}

/// Prints one line on standard output, the way `println!` does, except that a reader who has
/// gone away (`haven check --format json | head`, a test that stopped reading) is not a crash:
/// Rust ignores SIGPIPE, so `println!` would panic and take the preview down with it.
pub fn say(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}
