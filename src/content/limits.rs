//! Sizes past which a page is refused before it is parsed, with a plain error, because the
//! parsers' work (or memory) would grow much faster than the file: lists and tables in front
//! matter nested very deep (the YAML reader slows down with the square of the depth), HTML
//! tags opened inside one another thousands of times (an HTML parser checks the open tags at
//! every new one), and tables with very many columns or cells (each cell costs about 400
//! bytes of memory while the page is built, however few bytes it takes in the file).
//!
//! The scans here are one quick pass over the text, run on every file: a page far from the
//! limits (every real one) costs a few microseconds.

use std::path::Path;

use crate::diagnostic::{Diagnostic, LineIndex, thousands};

/// Deepest nesting of lists and tables (`[`, `{`, dotted keys) in front matter.
pub const MAX_FRONT_DEPTH: usize = 32;
/// Deepest nesting of HTML elements written in a page.
pub const MAX_HTML_DEPTH: usize = 200;
/// Most attributes in one HTML tag (an HTML parser compares each with all the ones before).
pub const MAX_HTML_ATTRIBUTES: usize = 200;
/// Most columns in one table.
pub const MAX_TABLE_COLUMNS: usize = 100;
/// Most table cells in one page.
pub const MAX_TABLE_CELLS: usize = 100_000;

/// Checks the front matter `front` (its first line is line `first_line` of `path`).
pub fn check_front(path: &Path, front: &str, first_line: usize, yaml: bool) -> Option<Diagnostic> {
    let (depth, at) = front_depth(front, yaml);
    if depth <= MAX_FRONT_DEPTH {
        return None;
    }
    let (line, col) = LineIndex::new(front).line_col(at);
    Some(
        Diagnostic::error(
            path,
            line + first_line - 1,
            col,
            format!(
                "the front matter puts lists or tables inside one another {} levels deep; Haven reads at most {MAX_FRONT_DEPTH}",
                thousands(depth)
            ),
        )
        .with_hint("front matter holds simple settings (title = \"…\", date = 2026-12-03); write long or nested text in the page itself"),
    )
}

/// Checks the Markdown body (its first line is line `first_line` of `path`).
pub fn check_body(path: &Path, body: &str, first_line: usize) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Line starts are found only for a page past a limit (this runs on every page).
    let lines = std::cell::OnceCell::new();
    let at = |offset: usize| {
        let (l, c) = lines.get_or_init(|| LineIndex::new(body)).line_col(offset);
        (l + first_line - 1, c)
    };
    if let Some((depth, offset)) = html_depth(body) {
        let (l, c) = at(offset);
        out.push(
            Diagnostic::error(path, l, c, format!(
                "HTML tags here are opened inside one another {} levels deep without being closed; a page may nest at most {MAX_HTML_DEPTH}",
                thousands(depth)
            ))
            .with_hint("close each tag you open (`<div>` … `</div>`); to show a tag as text, put it in backticks: `<div>`"),
        );
    }
    if let Some((count, offset)) = most_attributes(body) {
        let (l, c) = at(offset);
        out.push(
            Diagnostic::error(
                path,
                l,
                c,
                format!(
                    "this HTML tag has {} attributes; a tag may have at most {MAX_HTML_ATTRIBUTES}",
                    thousands(count)
                ),
            )
            .with_hint("keep only the attributes the tag needs (`href`, `src`, `alt`, `class`…)"),
        );
    }
    let tables = table_sizes(body);
    if let Some(t) = tables.iter().find(|t| t.columns > MAX_TABLE_COLUMNS) {
        let (l, c) = at(t.offset);
        out.push(
            Diagnostic::error(path, l, c, format!(
                "this table has {} columns; a table may have at most {MAX_TABLE_COLUMNS}",
                thousands(t.columns)
            ))
            .with_hint("split it into several narrower tables (readers on a phone see only a few columns at once), or publish the data as a spreadsheet file beside the page"),
        );
    } else {
        let cells: usize = tables.iter().map(|t| t.columns * t.rows).sum();
        if cells > MAX_TABLE_CELLS {
            let (l, c) = at(tables[0].offset);
            out.push(
                Diagnostic::error(
                    path,
                    l,
                    c,
                    format!(
                        "the tables on this page have about {} cells; a page may have at most {}",
                        thousands(cells),
                        thousands(MAX_TABLE_CELLS)
                    ),
                )
                .with_hint(
                    "split the page, or publish the data as a spreadsheet file beside the page",
                ),
            );
        }
    }
    out
}

/// The deepest nesting in front matter, and the byte offset where it first goes past
/// [`MAX_FRONT_DEPTH`] (0 when it does not). Brackets
/// inside quotes and comments do not count; nor does the rest of a line after `#` that
/// starts a comment.
fn front_depth(text: &str, yaml: bool) -> (usize, usize) {
    let b = text.as_bytes();
    let (mut depth, mut max, mut at) = (0usize, 0usize, None);
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' | b'\'' => i = skip_quoted(b, i, yaml),
            b'#' if !yaml || i == 0 || b[i - 1].is_ascii_whitespace() => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
                if depth == MAX_FRONT_DEPTH + 1 && at.is_none() {
                    at = Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            _ if line_start && !yaml => {
                // A TOML key or table header: `a.b.c = …` or `[a.b.c]` nests one level a dot.
                let end = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                let line = &b[i..end];
                let key_end = line
                    .iter()
                    .position(|&x| x == b'=' || x == b'"' || x == b'\'');
                let dots = line[..key_end.unwrap_or(line.len())]
                    .iter()
                    .filter(|&&x| x == b'.')
                    .count();
                if key_end.is_some_and(|k| line[k] == b'=') {
                    max = max.max(depth + dots + 1);
                    if depth + dots + 1 > MAX_FRONT_DEPTH && at.is_none() {
                        at = Some(i);
                    }
                }
            }
            _ => {}
        }
        line_start = line_start && c.is_ascii_whitespace() && c != b'\n';
        i += 1;
    }
    (max, at.unwrap_or(0))
}

/// The index of the closing quote of the string opening at `i` (or the end of the text).
/// YAML doubles a `'` inside single quotes; TOML and YAML double quotes escape with `\`.
fn skip_quoted(b: &[u8], i: usize, yaml: bool) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if q == b'"' => j += 1,
            x if x == q => {
                if yaml && q == b'\'' && b.get(j + 1) == Some(&b'\'') {
                    j += 1;
                } else {
                    return j;
                }
            }
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// Elements that never hold others, or close by themselves when the next one starts; they
/// do not nest.
const NOT_NESTING: [&str; 24] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "thead", "tbody", "tfoot",
];

/// When raw HTML in `body` nests deeper than [`MAX_HTML_DEPTH`]: the depth it reaches and the
/// offset of the tag that first goes past the limit. Fenced code and HTML comments are
/// skipped; a tag closed with `/>` does not nest.
fn html_depth(body: &str) -> Option<(usize, usize)> {
    let b = body.as_bytes();
    memchr::memchr(b'<', b)?;
    let (mut depth, mut max, mut first_over) = (0usize, 0usize, None);
    let mut fence: Option<u8> = None;
    let mut line_start = 0;
    while line_start < b.len() {
        let end = memchr::memchr(b'\n', &b[line_start..]).map_or(b.len(), |n| line_start + n);
        let line = &b[line_start..end];
        let trimmed = line.trim_ascii_start();
        let fence_char = trimmed
            .first()
            .copied()
            .filter(|c| (*c == b'`' || *c == b'~') && trimmed.starts_with(&[*c; 3]));
        match (fence, fence_char) {
            (None, Some(c)) => fence = Some(c),
            (Some(f), Some(c)) if f == c => fence = None,
            (Some(_), _) => {}
            (None, None) => {
                let mut i = 0;
                while let Some(n) = memchr::memchr(b'<', &line[i..]) {
                    i += n + 1;
                    let rest = &line[i..];
                    if rest.starts_with(b"!--") {
                        match memchr::memmem::find(rest, b"-->") {
                            Some(k) => i += k,
                            None => break,
                        }
                        continue;
                    }
                    let closing = rest.first() == Some(&b'/');
                    let name: Vec<u8> = rest[usize::from(closing)..]
                        .iter()
                        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                        .map(u8::to_ascii_lowercase)
                        .collect();
                    if name.is_empty() || !name[0].is_ascii_alphabetic() {
                        continue;
                    }
                    if NOT_NESTING.iter().any(|v| v.as_bytes() == name.as_slice()) {
                        continue;
                    }
                    if closing {
                        depth = depth.saturating_sub(1);
                        continue;
                    }
                    let tag_end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
                    if rest[..tag_end].ends_with(b"/") {
                        continue;
                    }
                    depth += 1;
                    max = max.max(depth);
                    if depth > MAX_HTML_DEPTH && first_over.is_none() {
                        first_over = Some(line_start + i - 1);
                    }
                }
            }
        }
        line_start = end + 1;
    }
    first_over.map(|at| (max, at))
}

/// When an HTML tag in `body` has more than [`MAX_HTML_ATTRIBUTES`] attributes: how many the
/// first such tag has, and where it starts. Attributes are counted as the words between the
/// tag's name and its `>`, with quoted values skipped.
fn most_attributes(body: &str) -> Option<(usize, usize)> {
    let b = body.as_bytes();
    let mut next = 0;
    for at in memchr::memchr_iter(b'<', b) {
        if at < next || !b.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut i = at + 1;
        let mut count = 0;
        let mut in_word = true;
        while i < b.len() && b[i] != b'>' {
            match b[i] {
                q @ (b'"' | b'\'') => {
                    i = memchr::memchr(q, &b[i + 1..]).map_or(b.len(), |n| i + 1 + n);
                    in_word = true;
                }
                c if c.is_ascii_whitespace() => in_word = false,
                b'=' => in_word = true,
                b'<' => break,
                _ => {
                    if !in_word {
                        count += 1;
                    }
                    in_word = true;
                }
            }
            i += 1;
        }
        if count > MAX_HTML_ATTRIBUTES {
            return Some((count, at));
        }
        next = i;
    }
    None
}

/// One table: its columns (from the row of dashes under its header) and its rows at most (the
/// lines up to the next blank one), and the offset of its header.
#[derive(Debug)]
struct TableSize {
    columns: usize,
    rows: usize,
    offset: usize,
}

/// The tables of `body`, found from their rows of dashes (`|---|:--:|`) without parsing it.
fn table_sizes(body: &str) -> Vec<TableSize> {
    let mut out = Vec::new();
    if memchr::memchr(b'|', body.as_bytes()).is_none() {
        return out;
    }
    let mut prev_start = 0;
    let mut current: Option<usize> = None;
    let mut start = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() {
            current = None;
        } else if let Some(i) = current {
            let table: &mut TableSize = &mut out[i];
            table.rows += 1;
        } else if is_delimiter_row(t) {
            let cells = t.trim_matches('|').split('|').count();
            out.push(TableSize {
                columns: cells,
                rows: 2,
                offset: prev_start,
            });
            current = Some(out.len() - 1);
        }
        prev_start = start;
        start += line.len();
    }
    out
}

/// A table's row of dashes: only `|`, `-`, `:` and spaces, with at least one `|` and `-`.
fn is_delimiter_row(t: &str) -> bool {
    t.contains('|')
        && t.contains('-')
        && t.bytes()
            .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_depth() {
        assert_eq!(front_depth("a = [[1], [2]]\n", false).0, 2);
        assert_eq!(front_depth("a = \"[[[[\" # [[[[\n", false).0, 1);
        assert_eq!(
            front_depth("extra:\n  a: 'it''s [' \n  b: [x, {y: 1}]\n", true).0,
            2
        );
        assert_eq!(front_depth("a.b.c = 1\n", false).0, 3);
        let deep = format!("a: {}{}\n", "[".repeat(40), "]".repeat(40));
        assert!(check_front(Path::new("x.md"), &deep, 2, true).is_some());
    }

    #[test]
    fn html_nesting() {
        let body = "<div><div></div></div>\n<p>a<br>b<img src=x></p>\n";
        assert_eq!(html_depth(body), None);
        let deep = "<div>".repeat(MAX_HTML_DEPTH + 5);
        assert_eq!(
            html_depth(&deep),
            Some((MAX_HTML_DEPTH + 5, 5 * MAX_HTML_DEPTH))
        );
        let fenced = format!("```\n{deep}\n```\n");
        assert_eq!(html_depth(&fenced), None);
        assert_eq!(html_depth(&"<!-- <div> -->".repeat(500)), None);
        assert_eq!(html_depth(&"<br/><x/>".repeat(500)), None);
    }

    #[test]
    fn attributes() {
        assert_eq!(
            most_attributes("<a href=\"x y z\" class='a b' hidden>t</a>"),
            None
        );
        let many = format!(
            "x <p {}>t</p>",
            (0..300)
                .map(|i| format!("a{i}=\"1 2\""))
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert_eq!(most_attributes(&many), Some((300, 2)));
        let bare = format!("<p{}>", " a".repeat(201));
        assert_eq!(most_attributes(&bare), Some((201, 0)));
    }

    #[test]
    fn tables() {
        let t = table_sizes("Intro\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\nAfter | x\n");
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].columns, t[0].rows), (2, 4));
        assert!(table_sizes("a\n---\n").is_empty());
        let wide = format!("{}\n{}\n", "|a".repeat(101), "|-".repeat(101));
        assert_eq!(check_body(Path::new("x.md"), &wide, 1).len(), 1);
    }
}
