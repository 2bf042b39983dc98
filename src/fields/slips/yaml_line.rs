//! YAML lines: the one the parser stopped at, explained, and the slips YAML reads without a
//! word.

use super::{
    Slip, col_of, is_bare_key, is_curly, quoted_like, split_at_separator, toml_shaped, unclosed,
    unclosed_on_line, yaml_shaped,
};

/// A YAML line the parser stopped at: what is wrong with it.
pub(super) fn yaml_line(line: &str) -> Slip {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let value_at = split_at_separator(trimmed, ':')
        .map(|(_, v)| indent + v)
        .or_else(|| trimmed.starts_with("- ").then(|| indent + 2))
        .unwrap_or(indent);
    if let Some((open_at, c)) = unclosed(&line[value_at..]) {
        return unclosed_on_line(line, col_of(line, value_at + open_at), c);
    }
    Slip {
        line: 0,
        col: indent + 1,
        message: "Haven cannot read this line".to_string(),
        hint: "front matter between `---` lines is YAML: one `name: value` a line, and the fields of a table indented below it by two spaces".to_string(),
        fix: None,
        fix_line: None,
        silent: false,
    }
}

/// Slips YAML reads without complaint but that change what the page says, or that the YAML
/// parser reports lines away from where they are: tabs, TOML lines, curly quotes.
/// `previous` is the line above, whose indentation tells how far a tab-indented line meant
/// to go.
pub fn yaml_before_parsing(line: &str, previous: Option<&str>) -> Option<Slip> {
    if let Some(tab) = line.find('\t') {
        let trimmed = line.trim_start_matches([' ', '\t']);
        let lead = &line[..line.len() - trimmed.len()];
        let indent = if lead.contains('\t') {
            // As deep as the line above, or one step deeper below a `name:` that opens a table.
            let above = previous.unwrap_or("");
            let above_indent = above.len() - above.trim_start().len();
            let opens = yaml_shaped(above).is_some_and(|(_, _, v)| v.is_empty());
            " ".repeat(above_indent + if opens { 2 } else { 0 })
        } else {
            lead.to_string()
        };
        let fixed = format!("{indent}{}", trimmed.replace('\t', " "));
        return Some(Slip {
            line: 0,
            col: col_of(line, tab),
            message: "this line has a tab in it; YAML front matter cannot use tabs".to_string(),
            hint: "use spaces instead: two spaces for each step of indentation".to_string(),
            fix: Some(fixed),
            fix_line: None,
            silent: false,
        });
    }
    let trimmed = line.trim();
    if trimmed.starts_with('[')
        && trimmed.ends_with(']')
        && is_bare_key(trimmed.trim_matches(['[', ']']))
    {
        let name = trimmed.trim_matches(['[', ']']);
        let indent = &line[..line.len() - line.trim_start().len()];
        return Some(Slip {
            line: 0,
            col: indent.chars().count() + 1,
            message: format!(
                "`[{name}]` is how TOML starts a table, but the lines between `---` are YAML"
            ),
            hint: format!("write `{name}:` and indent each of its fields below it by two spaces"),
            fix: (!name.contains('.')).then(|| format!("{indent}{name}:")),
            fix_line: None,
            silent: false,
        });
    }
    if let Some((indent, key, value)) = toml_shaped(line)
        && yaml_shaped(line).is_none()
    {
        return Some(Slip {
            line: 0,
            col: col_of(line, line.find('=').unwrap_or(0)),
            message: format!(
                "this line is written the TOML way (`{key} = …`), but the lines between `---` are YAML"
            ),
            hint: format!(
                "write `{key}:` and the value; or, to write TOML, start and end the front matter with `+++` lines"
            ),
            fix: Some(format!("{indent}{key}: {value}")),
            fix_line: None,
            silent: false,
        });
    }
    // `key: “…”` or `- “…”`: the value is enclosed in curly quotes.
    let trimmed = line.trim_start();
    let enclosed = match yaml_shaped(line) {
        Some((indent, key, value)) => Some((format!("{indent}{key}: "), value)),
        None => trimmed.strip_prefix("- ").map(|v| {
            (
                format!("{}- ", &line[..line.len() - trimmed.len()]),
                v.trim_end(),
            )
        }),
    };
    if let Some((before, value)) = enclosed {
        let opens = value.chars().next().is_some_and(is_curly);
        let closes = value
            .chars()
            .last()
            .is_some_and(|c| is_curly(c) || c == '"');
        if opens && closes && value.chars().count() >= 2 {
            let inner: String = {
                let mut cs = value.chars();
                cs.next();
                cs.next_back();
                cs.collect()
            };
            return Some(Slip {
                line: 0,
                col: before.chars().count() + 1,
                message: "the quotes around this value are “curly” quotes, which word processors type in place of straight ones; they would show on the page".to_string(),
                hint: "front matter needs straight quotes (\"), or none: type them again in a plain-text editor, or copy the corrected line below".to_string(),
                fix: Some(format!("{before}{}", quoted_like(&inner))),
                fix_line: None,
                silent: false,
            });
        }
    }
    None
}
