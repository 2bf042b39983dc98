//! A TOML line that does not read, explained.

use chrono::NaiveDate;

use super::{
    Slip, Wording, col_of, date_forms, quoted, split_at_separator, straighten, unclosed,
    unclosed_on_line, yaml_shaped,
};

/// A TOML line that does not read: what is wrong with it.
pub(super) fn toml_line(line: &str, wording: Wording, today: NaiveDate) -> Slip {
    let needs = wording.needs();
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let generic = |col: usize| Slip {
        line: 0,
        col,
        message: "Haven cannot read this line".to_string(),
        hint: format!(
            "{needs} one `name = value` a line: text in straight quotes (title = \"About\"), numbers and true/false bare, dates as 2026-12-03"
        ),
        fix: None,
        fix_line: None,
        silent: false,
    };
    if trimmed.starts_with('[') {
        if !trimmed.contains(']') {
            return Slip {
                line: 0,
                col: indent + 1,
                message: "this table name is missing its closing `]`".to_string(),
                hint: format!("write it like `{}]`", trimmed.trim_end()),
                fix: Some(format!("{}]", line.trim_end())),
                fix_line: None,
                silent: false,
            };
        }
        return generic(indent + 1);
    }
    let Some((key, value_at)) = split_at_separator(trimmed, '=') else {
        if let Some((ind, key, value)) = yaml_shaped(line) {
            return Slip {
                line: 0,
                col: indent + key.chars().count() + 1,
                message: format!(
                    "this line is written the YAML way (`{key}: …`), but the lines between `+++` are TOML"
                ),
                hint: format!(
                    "write `{key} = ` and the value, with text in straight quotes; or, to write YAML, start and end the front matter with `---` lines"
                ),
                fix: Some(format!("{ind}{key} = {}", toml_value(value))),
                fix_line: None,
                silent: false,
            };
        }
        return generic(indent + 1);
    };
    let value_at = indent + value_at;
    let value = line[value_at..].trim_end();
    let key = key.trim();
    let value_col = col_of(line, value_at);
    if value.is_empty() {
        return Slip {
            line: 0,
            col: value_col,
            message: format!("`{key}` has no value after `=`"),
            hint: format!("write the value after `=`, e.g. {key} = \"…\""),
            fix: None,
            fix_line: None,
            silent: false,
        };
    }
    if key.contains(' ') && !key.starts_with('"') {
        let joined = key.split_whitespace().collect::<Vec<_>>().join("_");
        return Slip {
            line: 0,
            col: indent + 1,
            message: format!("`{key}` cannot be a field name: names have no spaces"),
            hint: format!("join the words with `_`: {joined}"),
            fix: Some(format!("{}{joined} = {value}", &line[..indent])),
            fix_line: None,
            silent: false,
        };
    }
    if let Some((curly_at, fixed)) = straighten(value) {
        return Slip {
            line: 0,
            col: value_col + curly_at - 1,
            message: "the quotes around this value are “curly” quotes, which word processors type in place of straight ones".to_string(),
            hint: format!("{needs} straight quotes (\"): type them again in a plain-text editor, or copy the corrected line below"),
            fix: Some(format!("{}{fixed}", &line[..value_at])),
            fix_line: None,
            silent: false,
        };
    }
    if let Some((open_at, c)) = unclosed(value) {
        return unclosed_on_line(line, value_col + value[..open_at].chars().count(), c);
    }
    let date_key =
        ["date", "updated", "start", "end", "last_reviewed"].contains(&key) || key.contains("date");
    // A date that TOML cannot read is only quoted here, so the line reads: the field's own
    // check then says what to write, as it does for a date written in quotes.
    let date_like = value.starts_with(|c: char| c.is_ascii_digit())
        || date_forms::suggest(value, today).is_some();
    if date_key && date_like {
        return Slip {
            line: 0,
            col: value_col,
            message: String::new(),
            hint: String::new(),
            fix: Some(format!("{}{}", &line[..value_at], quoted(value))),
            fix_line: None,
            silent: true,
        };
    }
    if !value.starts_with(['"', '\'', '[', '{']) {
        return Slip {
            line: 0,
            col: value_col,
            message: format!("the text of `{key}` is not in quotes"),
            hint: format!("{needs} text in straight quotes: {key} = {}", quoted(value)),
            fix: Some(format!("{}{}", &line[..value_at], quoted(value))),
            fix_line: None,
            silent: false,
        };
    }
    generic(value_col)
}

/// A value as TOML writes it: kept when TOML reads it already, else quoted as text.
fn toml_value(value: &str) -> String {
    let value = value.trim();
    let reads = format!("x = {value}");
    if !value.is_empty() && toml::from_str::<toml::Table>(&reads).is_ok() {
        value.to_string()
    } else {
        quoted(value.trim_matches(|c| c == '"' || c == '\''))
    }
}
