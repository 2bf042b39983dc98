//! Reading what staff write in TOML and YAML (front matter and `config.toml`): every key's
//! and value's place from the parser, and each typing slip said in plain words at
//! file:line:col, with the line written as it should be.
//!
//! A block is read as far as it goes: each slip is reported and its line repaired (or left
//! out) before reading on, so one run reports every slip of a file, and what does read is
//! checked as if the slips were fixed.

pub mod date_forms;
pub mod slips;
mod spans;
mod tree;
pub mod typed;

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
pub use slips::Wording;
pub use spans::{Place, Pos, Spans};

/// The language a block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// TOML: front matter between `+++` lines, and `config.toml`.
    Toml,
    /// YAML: front matter between `---` lines.
    Yaml,
}

impl Syntax {
    /// The fence line that marks front matter in this syntax.
    pub fn fence(self) -> &'static str {
        match self {
            Syntax::Toml => "+++",
            Syntax::Yaml => "---",
        }
    }
}

/// A block of TOML or YAML as staff wrote it.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    /// The file, for messages.
    pub file: &'a Path,
    /// The text (for front matter: without its fence lines).
    pub text: &'a str,
    /// 1-based line of the text's first line in the file.
    pub first_line: usize,
    /// What the block says it is written in.
    pub syntax: Syntax,
    /// Front matter or settings, for the words of messages.
    pub wording: Wording,
    /// The build's date, for dates written without a year.
    pub today: NaiveDate,
}

/// A block read as far as it goes.
#[derive(Debug)]
pub struct Read {
    /// The values that could be read.
    pub table: toml::Table,
    /// Where each key and value is written.
    pub spans: Spans,
    /// What the block turned out to be written in.
    pub syntax: Syntax,
    /// Every slip, as an error.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a line had to be left out (its fields are missing from `table`).
    pub lines_left_out: bool,
}

/// Reads `block`, reporting every slip.
pub fn read(block: &Block<'_>) -> Read {
    // Fast path: nearly every block reads at once and has nothing to report.
    if let Ok(parsed) = tree::parse(block.syntax, block.text, block.first_line)
        && !needs_line_checks(block)
    {
        return Read {
            table: parsed.table,
            spans: parsed.spans,
            syntax: block.syntax,
            diagnostics: Vec::new(),
            lines_left_out: false,
        };
    }
    read_slowly(block)
}

/// Whether the block has something the parser accepts but that is still a slip: an
/// invisible character, or (in YAML) a tab, curly quotes or a TOML line.
fn needs_line_checks(block: &Block<'_>) -> bool {
    block.text.chars().any(slips::is_invisible)
        || (block.syntax == Syntax::Yaml
            && block
                .text
                .lines()
                .any(|l| slips::yaml_before_parsing(l, None).is_some()))
}

/// The syntax a front matter block is really written in, when it is not the one its fence
/// says: every field line is in the other form.
fn other_syntax(block: &Block<'_>) -> Option<Syntax> {
    let (mut toml_lines, mut yaml_lines) = (0, 0);
    for l in block.text.lines() {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let toml = slips::toml_shaped(l).is_some() || (t.starts_with('[') && t.ends_with(']'));
        let yaml = slips::yaml_shaped(l).is_some();
        match (toml, yaml) {
            (true, false) => toml_lines += 1,
            (false, true) => yaml_lines += 1,
            _ => {}
        }
    }
    match block.syntax {
        Syntax::Toml if yaml_lines > 0 && toml_lines == 0 => Some(Syntax::Yaml),
        Syntax::Yaml if toml_lines > 0 && yaml_lines == 0 => Some(Syntax::Toml),
        _ => None,
    }
}

fn read_slowly(block: &Block<'_>) -> Read {
    let mut lines: Vec<String> = block.text.lines().map(String::from).collect();
    let mut out = Reporter {
        block,
        diagnostics: Vec::new(),
        seen: Vec::new(),
    };
    let mut syntax = block.syntax;
    if block.wording == Wording::FrontMatter
        && let Some(other) = other_syntax(block)
    {
        let fence_line = block.first_line.saturating_sub(1).max(1);
        let (said, written) = match other {
            Syntax::Yaml => ("TOML", "YAML"),
            Syntax::Toml => ("YAML", "TOML"),
        };
        let example = lines
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty() && !l.starts_with('#'))
            .unwrap_or_default()
            .to_string();
        out.diagnostics.push(
                Diagnostic::error(
                    block.file,
                    fence_line,
                    1,
                    format!(
                        "this front matter starts with `{}`, the mark for {said}, but it is written in {written} (`{example}`)",
                        syntax.fence()
                    ),
                )
                .with_hint(format!(
                    "change the `{}` lines at the start and the end of the front matter to `{}`",
                    syntax.fence(),
                    other.fence()
                ))
                .with_fix(fence_line, other.fence()),
            );
        syntax = other;
    }
    for (i, line) in lines.iter_mut().enumerate() {
        if let Some((col, message, fixed)) = slips::invisible(line) {
            out.slip(slips::Slip {
                line: i,
                col,
                message,
                hint: slips::INVISIBLE_HINT.to_string(),
                fix: Some(fixed.clone()),
                fix_line: None,
                silent: false,
            });
            *line = fixed;
        }
    }
    let mut left_out = false;
    if syntax == Syntax::Yaml {
        // The text of a block scalar (`summary: |` and the lines indented below it) is the
        // page's words, not fields: it is left as written.
        let mut block_indent: Option<usize> = None;
        for i in 0..lines.len() {
            let indent = lines[i].len() - lines[i].trim_start().len();
            match block_indent {
                Some(b) if lines[i].trim().is_empty() || indent > b => continue,
                _ => block_indent = None,
            }
            if slips::yaml_shaped(&lines[i]).is_some_and(|(_, _, v)| v.starts_with(['|', '>'])) {
                block_indent = Some(indent);
            }
            let previous = i.checked_sub(1).map(|p| lines[p].as_str());
            if let Some(mut slip) = slips::yaml_before_parsing(&lines[i], previous) {
                slip.line = i;
                match slip.fix.clone() {
                    Some(f) => lines[i] = f,
                    None => {
                        lines[i].clear();
                        left_out = true;
                    }
                }
                out.slip(slip);
            }
        }
    }
    // Each round repairs (or leaves out) one line, so this ends.
    for _ in 0..=lines.len() {
        match tree::parse(syntax, &lines.join("\n"), block.first_line) {
            Ok(parsed) => {
                let mut diagnostics = out.diagnostics;
                crate::diagnostic::sort(&mut diagnostics);
                return Read {
                    table: parsed.table,
                    spans: parsed.spans,
                    syntax,
                    diagnostics,
                    lines_left_out: left_out,
                };
            }
            Err(at) => {
                let slip = slips::explain(syntax, block.wording, &lines, at, block.today);
                let target = slip.fix_line.unwrap_or(slip.line);
                let repaired = match &slip.fix {
                    Some(f) if lines.get(target) != Some(f) => {
                        lines[target] = f.clone();
                        true
                    }
                    _ => false,
                };
                if !repaired {
                    let at = at.min(lines.len().saturating_sub(1));
                    if let Some(l) = lines.get_mut(at) {
                        l.clear();
                    }
                    left_out = true;
                }
                out.slip(slip);
            }
        }
    }
    Read {
        table: toml::Table::new(),
        spans: Spans::new(block.first_line),
        syntax,
        diagnostics: out.diagnostics,
        lines_left_out: true,
    }
}

/// Turns slips into diagnostics, once each.
struct Reporter<'a> {
    block: &'a Block<'a>,
    diagnostics: Vec<Diagnostic>,
    seen: Vec<(usize, usize)>,
}

impl Reporter<'_> {
    fn slip(&mut self, s: slips::Slip) {
        if s.silent {
            return;
        }
        let line = self.block.first_line + s.line;
        if self.seen.contains(&(line, s.col)) {
            return;
        }
        self.seen.push((line, s.col));
        let mut d = Diagnostic::error(self.block.file, line, s.col, s.message).with_hint(s.hint);
        if let Some(f) = s.fix {
            d = d.with_fix(self.block.first_line + s.fix_line.unwrap_or(s.line), f);
        }
        self.diagnostics.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, syntax: Syntax) -> Read {
        read(&Block {
            file: Path::new("a.md"),
            text,
            first_line: 2,
            syntax,
            wording: Wording::FrontMatter,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        })
    }

    fn shown(r: &Read) -> Vec<String> {
        r.diagnostics
            .iter()
            .map(|d| {
                let fix = d
                    .fix
                    .as_ref()
                    .map(|f| format!(" => {}: {}", f.line, f.text));
                format!(
                    "{}:{} {}{}",
                    d.line,
                    d.col,
                    d.message,
                    fix.unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn every_slip_of_a_block_in_one_read_and_the_rest_as_if_fixed() {
        let r = read_text(
            "title = “About”\ndescription: Who we are\nslug = \"about\nweight = 3\n",
            Syntax::Toml,
        );
        assert_eq!(
            shown(&r),
            [
                "2:9 the quotes around this value are “curly” quotes, which word processors type in place of straight ones => 2: title = \"About\"",
                "3:12 this line is written the YAML way (`description: …`), but the lines between `+++` are TOML => 3: description = \"Who we are\"",
                "4:8 the quote that starts this value is never closed => 4: slug = \"about\"",
            ]
        );
        assert_eq!(r.table["title"].as_str(), Some("About"));
        assert_eq!(r.table["description"].as_str(), Some("Who we are"));
        assert_eq!(r.table["weight"].as_integer(), Some(3));
        assert!(!r.lines_left_out);
    }

    #[test]
    fn a_list_left_open_over_several_lines_is_closed_after_its_last_item() {
        let r = read_text(
            "title = \"A\"\naliases = [\n  \"/a/\",\n  \"/b/\"\nweight = 3\n",
            Syntax::Toml,
        );
        assert_eq!(
            shown(&r),
            ["3:11 the list that starts here is never closed => 5:   \"/b/\"]"]
        );
        assert_eq!(r.table["aliases"].as_array().map(Vec::len), Some(2));
        assert_eq!(r.table["weight"].as_integer(), Some(3));
    }

    #[test]
    fn yaml_between_toml_fences_is_read_as_yaml() {
        let r = read_text("title: About\nweight: 3\n", Syntax::Toml);
        assert_eq!(r.syntax, Syntax::Yaml);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].fix.as_ref().unwrap().text, "---");
        assert_eq!(r.table["weight"].as_integer(), Some(3));
    }

    #[test]
    fn invisible_characters_in_yaml_are_found_where_they_are() {
        // The YAML parser itself stops a line later, at `date:`.
        let r = read_text("title:\u{a0}About\ndate: 2026-12-03\n", Syntax::Yaml);
        assert_eq!(
            shown(&r),
            [
                "2:7 an invisible character, U+00A0 NO-BREAK SPACE, is at column 7 => 2: title: About"
            ]
        );
        assert_eq!(r.table["title"].as_str(), Some("About"));
    }

    #[test]
    fn the_text_of_a_yaml_block_is_left_as_written() {
        let r = read_text(
            "title: A\nsummary: |\n  a = b\n  [note]\nweight: 3\n",
            Syntax::Yaml,
        );
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.table["summary"].as_str(), Some("a = b\n[note]\n"));
    }

    #[test]
    fn a_line_that_cannot_be_read_is_left_out_and_said_so() {
        let r = read_text("title = \"A\"\n%%% what\nweight = 3\n", Syntax::Toml);
        assert_eq!(shown(&r), ["3:1 Haven cannot read this line"]);
        assert!(r.lines_left_out);
        assert_eq!(r.table["weight"].as_integer(), Some(3));
    }
}
