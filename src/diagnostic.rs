//! Diagnostics: every error and warning Haven reports, and the one place they are printed.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use codespan_reporting::term::{self, Config, DisplayStyle};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
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

/// How many problems of one kind in one file are printed in full; the rest are counted.
pub const SHOWN_PER_KIND: usize = 10;

/// One item of a report as printed: a problem, or the count of the others like it.
#[derive(Debug, Clone, Copy)]
pub enum Shown<'a> {
    /// A problem, printed in full.
    One(&'a Diagnostic),
    /// `count` more problems in `like.path` of the same kind as `like`, not printed.
    More {
        /// The first problem of the kind.
        like: &'a Diagnostic,
        /// How many more there are.
        count: usize,
    },
}

impl Shown<'_> {
    /// The line that stands for the problems not printed.
    pub fn more_line(like: &Diagnostic, count: usize) -> String {
        let what = match (like.severity, count) {
            (Severity::Error, 1) => "error",
            (Severity::Error, _) => "errors",
            (Severity::Warning, 1) => "warning",
            (Severity::Warning, _) => "warnings",
        };
        format!(
            "{}: and {} more {what} like this one: {} (`haven check --format json` lists every one)",
            like.path.display(),
            thousands(count),
            like.message
        )
    }
}

/// `diags` as a report shows them: of each kind of problem in a file (the same message but for
/// the parts in backticks and the numbers) the first [`SHOWN_PER_KIND`] in full, then one
/// line with the count of the rest. 20,000 broken links print as ten and a count.
pub fn summarize(diags: &[Diagnostic]) -> Vec<Shown<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < diags.len() {
        let path = &diags[start].path;
        let end = diags[start..]
            .iter()
            .position(|d| &d.path != path)
            .map_or(diags.len(), |n| start + n);
        let mut counts: Vec<(Severity, String, &Diagnostic, usize)> = Vec::new();
        let mut index: std::collections::HashMap<(Severity, String), usize> = Default::default();
        for d in &diags[start..end] {
            let key = (d.severity, kind_of(&d.message));
            let i = *index.entry(key.clone()).or_insert_with(|| {
                counts.push((key.0, key.1, d, 0));
                counts.len() - 1
            });
            counts[i].3 += 1;
            if counts[i].3 <= SHOWN_PER_KIND {
                out.push(Shown::One(d));
            }
        }
        out.extend(
            counts
                .into_iter()
                .filter(|c| c.3 > SHOWN_PER_KIND)
                .map(|(_, _, like, n)| Shown::More {
                    like,
                    count: n - SHOWN_PER_KIND,
                }),
        );
        start = end;
    }
    out
}

/// A message with its quoted parts and numbers blanked: the kind of problem it names.
fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            out.push(c);
        } else if !quoted && !c.is_ascii_digit() {
            out.push(c);
        }
    }
    out
}

/// Prints diagnostics to stderr: a `path:line:col: error: message` line, the source line with
/// the spot marked, and the hint. Colored when stderr is a terminal. Repeated kinds of problem
/// are counted rather than all printed (see [`summarize`]).
pub fn emit(diags: &[Diagnostic], root: &Path) {
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stream = StandardStream::stderr(choice);
    let mut sources = Sources::new(root);
    for shown in summarize(diags) {
        let _ = match shown {
            Shown::One(d) => write_one(&mut stream, d, &mut sources),
            Shown::More { like, count } => writeln!(stream, "{}\n", Shown::more_line(like, count)),
        };
    }
}

/// Renders diagnostics to a plain string (for the browser overlay and for tests), each one
/// in full.
pub fn to_plain_string(diags: &[Diagnostic], root: &Path) -> String {
    let mut buf = term::termcolor::NoColor::new(Vec::new());
    let mut sources = Sources::new(root);
    for d in diags {
        let _ = write_one(&mut buf, d, &mut sources);
    }
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// The files messages point into, each read once per report (a file with 20,000 problems is
/// not read 20,000 times), with its line starts.
struct Sources<'r> {
    root: &'r Path,
    files: std::collections::HashMap<PathBuf, (String, LineIndex)>,
}

impl<'r> Sources<'r> {
    fn new(root: &'r Path) -> Self {
        Sources {
            root,
            files: Default::default(),
        }
    }

    fn get(&mut self, path: &Path) -> &(String, LineIndex) {
        let root = self.root;
        self.files.entry(path.to_path_buf()).or_insert_with(|| {
            // Read again only here: keeping every file's text alive for messages would cost
            // memory on every build.
            let text = std::fs::read(root.join(path))
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .unwrap_or_default();
            // A direction change shown as it is would reverse the rest of the terminal line;
            // U+FFFD takes the same three bytes, so every offset stays right.
            let text = if text.chars().any(is_direction_control) {
                text.chars()
                    .map(|c| match is_direction_control(c) {
                        true => '\u{fffd}',
                        false => c,
                    })
                    .collect()
            } else {
                text
            };
            let index = LineIndex::new(&text);
            (text, index)
        })
    }
}

/// A file for codespan, with line starts computed once (codespan's `SimpleFile` computes
/// them anew for each message). With `only_line`, the text is that one line of the file
/// (cut to a window around the spot when very long), numbered as in the file.
struct Snippet<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
    only_line: Option<usize>,
    /// With `only_line`: the characters of the line before the window.
    column_shift: usize,
}

impl<'a> codespan_reporting::files::Files<'a> for Snippet<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.text)
    }

    fn line_index(
        &'a self,
        (): (),
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(match self.only_line {
            Some(_) => 0,
            None => self.lines.line_col(byte).0 - 1,
        })
    }

    fn line_number(
        &'a self,
        (): (),
        line: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.only_line.unwrap_or(line + 1))
    }

    fn column_number(
        &'a self,
        (): (),
        line: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let range = self.line_range((), line)?;
        let column = codespan_reporting::files::column_index(self.text, range, byte);
        Ok(column + 1 + self.column_shift)
    }

    fn line_range(
        &'a self,
        (): (),
        line: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        if self.only_line.is_some() {
            return Ok(0..self.text.len());
        }
        let start =
            self.lines
                .line_start(line)
                .ok_or(codespan_reporting::files::Error::LineTooLarge {
                    given: line,
                    max: self.lines.line_count(),
                })?;
        let end = self.lines.line_start(line + 1).unwrap_or(self.text.len());
        Ok(start..end)
    }
}

/// Longest source line shown whole under a message; a longer one is cut around the spot.
const LONGEST_SHOWN_LINE: usize = 240;

fn write_one(
    out: &mut dyn WriteColor,
    d: &Diagnostic,
    sources: &mut Sources<'_>,
) -> std::io::Result<()> {
    let name = d.path.display().to_string();
    let (source, lines) = sources.get(&d.path);
    let file = Snippet {
        name: &name,
        text: source,
        lines,
        only_line: None,
        column_shift: 0,
    };
    let cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    };
    let mut cs = cs.with_message(&d.message);
    let mut range = None;
    if d.line > 0
        && !source.is_empty()
        && let Some(r) = byte_range(source, lines, d.line, d.col)
    {
        range = Some(r.clone());
        cs = cs.with_labels(vec![Label::primary((), r)]);
    }
    let notes: Vec<String> = d.hint.iter().map(|h| format!("hint: {h}")).collect();
    // codespan's short style gives exactly `path:line:col: error: message`; the rich style
    // then shows the source line. Rendering the header ourselves would hand-roll what it does.
    let short = Config {
        display_style: DisplayStyle::Short,
        ..Config::default()
    };
    let Some(range) = range else {
        write!(out, "{}", d)?;
        writeln!(out)?;
        for n in notes {
            writeln!(out, "  = {n}")?;
        }
        write_fix(out, d)?;
        return Ok(());
    };
    term::emit_to_write_style(out, &short, &file, &cs).map_err(std::io::Error::other)?;
    let snippet = Config {
        display_style: DisplayStyle::Rich,
        ..Config::default()
    };
    let mut rich = term::termcolor::Buffer::no_color();
    if out.supports_color() {
        rich = term::termcolor::Buffer::ansi();
    }
    // A very long line (a minified file, 100,000 brackets) is shown as a window around the spot.
    let line_start = lines.line_start(d.line - 1).unwrap_or(0);
    let line_end = lines.line_start(d.line).unwrap_or(source.len());
    let window;
    let (file, body) = if line_end - line_start > LONGEST_SHOWN_LINE {
        let from = floor_char(
            source,
            range
                .start
                .saturating_sub(LONGEST_SHOWN_LINE / 2)
                .max(line_start),
        );
        let to = floor_char(source, (from + LONGEST_SHOWN_LINE).min(line_end));
        let head = if from > line_start { "…" } else { "" };
        window = format!("{head}{}…", &source[from..to].trim_end_matches('\n'));
        // Mark the spot (at most a few characters), not the rest of a huge line.
        let start = range.start - from + head.len();
        let end = (range.end.min(to) - from + head.len()).clamp(start, start + 20);
        let one = Snippet {
            name: &name,
            text: &window,
            lines,
            only_line: Some(d.line),
            column_shift: source[line_start..from].chars().count() - head.chars().count(),
        };
        let label = start..floor_char(&window, end);
        let mut body = cs.clone();
        body.labels = vec![Label::primary((), label)];
        (one, body)
    } else {
        (file, cs.clone())
    };
    let body = body.with_message("").with_notes(notes);
    term::emit_to_write_style(&mut rich, &snippet, &file, &body).map_err(std::io::Error::other)?;
    // Drop the rich style's own (now empty) header line: the short line above said it.
    let text = String::from_utf8_lossy(rich.as_slice()).into_owned();
    let mut lines_out = text.lines();
    lines_out.next();
    // codespan ends with an empty line; the fix goes before it, with the notes.
    let body: Vec<&str> = lines_out.collect();
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

/// The largest char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn byte_range(
    source: &str,
    lines: &LineIndex,
    line: usize,
    col: usize,
) -> Option<std::ops::Range<usize>> {
    let start_of_line = lines.line_start(line - 1)?;
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

    /// Byte offset where the 0-based line `line` starts, if the text has that line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// How many lines the text has.
    pub fn line_count(&self) -> usize {
        self.starts.len()
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
        thousands(errors),
        plural(errors, "error", "errors"),
        thousands(warnings),
        plural(warnings, "warning", "warnings")
    )
}

/// A count as English writes it, thousands grouped with commas: `10214` → `10,214` (the end of
/// a run's messages; a publication's word count until interface words are catalogued).
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Prints one line on standard output, the way `println!` does, except that a reader who has
/// gone away (`haven check --format json | head`, a test that stopped reading) is not a crash:
/// Rust ignores SIGPIPE, so `println!` would panic and take the preview down with it.
pub fn say(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Characters that override or embed a direction (U+202A to U+202E) or isolate one
/// (U+2066 to U+2069). The marks U+200E and U+200F, which Arabic and Hebrew text needs, are not
/// among them.
pub fn direction_control(text: &str) -> Option<char> {
    text.chars().find(|c| is_direction_control(*c))
}

/// Whether `c` is one of the characters [`direction_control`] looks for.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_commas() {
        assert_eq!(thousands(10214), "10,214");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000000), "1,000,000");
    }

    #[test]
    fn line_index_maps_offsets() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(4), (2, 2));
    }
}
