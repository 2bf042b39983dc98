//! A table read into its Rust type with every problem at once: each unknown field (with the
//! nearest known name, or the table it belongs in), each value of the wrong kind, each missing
//! required field, by key path, so that messages can point at the parser's position.
//!
//! serde stops at the first problem. Rather than stop there, the field at fault is taken out
//! and the table read again, until it reads: one run reports what a person would otherwise
//! find one fix at a time. (`serde_ignored` would list unknown keys in one pass, but without
//! the names the type accepts, which the "did you mean" needs; serde's own error has them.)

use std::path::Path;

use serde::de::DeserializeOwned;

use super::Syntax;
use super::spans::Spans;
use crate::diagnostic::Diagnostic;

/// One problem, at a key path relative to the table that was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key path; list items by index.
    pub path: Vec<String>,
    /// What is wrong.
    pub kind: Kind,
}

impl Problem {
    /// Whether this problem is about the top-level field `key`: it was at fault, or it is an
    /// unknown name that is a slip for `key` (`autors` for `authors`). A field that was
    /// reported so must not be reported again as missing.
    pub fn concerns(&self, key: &str) -> bool {
        match (&self.kind, &self.path[..]) {
            (_, [first, ..]) if first == key => true,
            (Kind::Unknown { expected, .. }, [field]) => {
                nearest(field, expected.iter().map(String::as_str)) == Some(key)
            }
            _ => false,
        }
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Not a field of its table. `expected` are the names the table takes; `belongs_above`
    /// says the table around it takes this name (a line written below the wrong header).
    Unknown {
        /// The names the table takes.
        expected: Vec<String>,
        /// Whether the enclosing table takes this name.
        belongs_above: bool,
    },
    /// A value of the wrong kind: what was found and what the field takes, in serde's terms.
    WrongType {
        /// What was written (`string "Spanish"`).
        found: String,
        /// What the field takes (`a sequence`).
        expected: String,
    },
    /// A required field that is not there.
    Missing,
    /// Anything else serde said.
    Other(String),
}

/// Reads `table` as a `T`. Returns the value read once every field at fault was taken out
/// (`None` when even that fails), and every problem.
pub fn read<T: DeserializeOwned>(table: &toml::Table) -> (Option<T>, Vec<Problem>) {
    // The common case pays for no path tracking.
    if let Ok(v) = toml::Value::Table(table.clone()).try_into::<T>() {
        return (Some(v), Vec::new());
    }
    let mut t = table.clone();
    let mut problems = Vec::new();
    for _ in 0..64 {
        let (value, problem) = attempt::<T>(&t);
        if let Some(v) = value {
            return (Some(v), problems);
        }
        let Some(mut problem) = problem else { break };
        let removable = !matches!(problem.kind, Kind::Missing) && remove(&mut t, &problem.path);
        if let Kind::Unknown { belongs_above, .. } = &mut problem.kind {
            *belongs_above = fits_one_level_up::<T>(&t, table, &problem.path);
        }
        problems.push(problem);
        if !removable {
            break;
        }
    }
    (None, problems)
}

/// One read with the failing path tracked.
fn attempt<T: DeserializeOwned>(t: &toml::Table) -> (Option<T>, Option<Problem>) {
    match serde_path_to_error::deserialize::<_, T>(toml::Value::Table(t.clone())) {
        Ok(v) => (Some(v), None),
        Err(e) => {
            let mut path: Vec<String> = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    _ => None,
                })
                .collect();
            let message = e.inner().message().trim().to_string();
            let kind = classify(&message, &mut path);
            (None, Some(Problem { path, kind }))
        }
    }
}

fn classify(message: &str, path: &mut Vec<String>) -> Kind {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let expected = rest
            .split_once('`')
            .map(|(_, after)| after)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect();
        return Kind::Unknown {
            expected,
            belongs_above: false,
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        path.push(rest.trim_end_matches('`').to_string());
        return Kind::Missing;
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.split_once(", expected ")
        {
            return Kind::WrongType {
                found: found.to_string(),
                expected: expected.to_string(),
            };
        }
    }
    Kind::Other(message.to_string())
}

/// Takes the value at `path` out of `t` (a list item takes its whole list with it, so the
/// indexes of later items stay as written). Returns whether something was taken out.
fn remove(t: &mut toml::Table, path: &[String]) -> bool {
    // The last table on the path is the one to take a key out of.
    let Some(cut) = (0..path.len())
        .rev()
        .find(|&n| is_table_path(t, &path[..n]))
    else {
        return false;
    };
    let Some(parent) = table_at(t, &path[..cut]) else {
        return false;
    };
    parent.remove(&path[cut]).is_some()
}

fn is_table_path(t: &toml::Table, path: &[String]) -> bool {
    let mut v = t;
    for p in path {
        match v.get(p) {
            Some(toml::Value::Table(inner)) => v = inner,
            _ => return false,
        }
    }
    true
}

fn table_at<'a>(t: &'a mut toml::Table, path: &[String]) -> Option<&'a mut toml::Table> {
    let mut v = t;
    for p in path {
        v = v.get_mut(p)?.as_table_mut()?;
    }
    Some(v)
}

/// Whether the unknown field at `path` would be taken by the table around its own: moved up
/// one level, does the type still reject it?
fn fits_one_level_up<T: DeserializeOwned>(
    rest: &toml::Table,
    original: &toml::Table,
    path: &[String],
) -> bool {
    if path.len() < 2 || !is_table_path(original, &path[..path.len() - 1]) {
        return false;
    }
    let (key, table) = (&path[path.len() - 1], &path[..path.len() - 1]);
    let above = &table[..table.len() - 1];
    let mut moved = rest.clone();
    let Some(value) = table_at(&mut original.clone(), table).and_then(|t| t.remove(key)) else {
        return false;
    };
    match table_at(&mut moved, above) {
        Some(up) if !up.contains_key(key) => {
            up.insert(key.clone(), value);
        }
        _ => return false,
    }
    let mut new_path = above.to_vec();
    new_path.push(key.clone());
    // Read the moved table the same way, a bounded number of times, and see whether the
    // field is rejected again.
    for _ in 0..16 {
        match attempt::<T>(&moved) {
            (Some(_), _) | (None, None) => return true,
            (None, Some(p)) if p.path == new_path => return false,
            (None, Some(p)) => {
                if matches!(p.kind, Kind::Missing) || !remove(&mut moved, &p.path) {
                    return true;
                }
            }
        }
    }
    true
}

/// The field names `T` takes, from serde's own error for a name no type has.
pub fn field_names<T: DeserializeOwned>() -> Vec<String> {
    let probe: toml::Table = [("\u{1}".to_string(), toml::Value::Integer(0))]
        .into_iter()
        .collect();
    match attempt::<T>(&probe).1 {
        Some(Problem {
            kind: Kind::Unknown { expected, .. },
            ..
        }) => expected,
        _ => Vec::new(),
    }
}

/// The closest of `names` to `field`, when it is close enough to be a slip of the keyboard.
pub fn nearest<'a>(field: &str, names: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = field.to_lowercase();
    names
        .into_iter()
        .map(|n| {
            let score = if n.to_lowercase() == lower {
                2.0
            } else {
                strsim::jaro_winkler(&lower, n)
            };
            (score, n)
        })
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

/// How the file is written, for the words of messages.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The file, for the diagnostic.
    pub file: &'a Path,
    /// Where every key is.
    pub spans: &'a Spans,
    /// TOML or YAML.
    pub syntax: Syntax,
    /// The path of the table that was read (`["event"]`; empty for the whole block).
    pub prefix: &'a [&'a str],
    /// What the whole block is called in a message: "front matter field", "setting".
    pub noun: &'a str,
    /// The fields of the block around the table that was read (a page's own fields, for a
    /// feature's table): a name from here was written below the wrong header.
    pub outer_fields: &'a [String],
    /// How to write particular fields, for "write it like …" (`phones = [{ … }]`).
    pub examples: &'a [(&'a str, &'a str)],
}

impl Context<'_> {
    fn full(&self, path: &[String]) -> Vec<String> {
        self.prefix
            .iter()
            .map(|s| s.to_string())
            .chain(path.iter().cloned())
            .collect()
    }

    /// `[event.location]` (TOML) or `event.location` (YAML); a list item as "item 2 of
    /// `phones` in [resource]".
    fn table_name(&self, table: &[String]) -> String {
        if let Some(i) = table.iter().rposition(|p| p.parse::<usize>().is_ok()) {
            let n = table[i].parse::<usize>().unwrap_or(0) + 1;
            let list = table.get(i.wrapping_sub(1)).cloned().unwrap_or_default();
            let item = format!("item {n} of `{list}`");
            return match i.checked_sub(1) {
                Some(0) | None => item,
                Some(parent) => format!("{item} in {}", self.table_name(&table[..parent])),
            };
        }
        let joined = table.join(".");
        match self.syntax {
            Syntax::Toml => format!("[{joined}]"),
            Syntax::Yaml => format!("`{joined}`"),
        }
    }

    fn example(&self, key: &str, expected: &str) -> String {
        if let Some((_, e)) = self.examples.iter().find(|(k, _)| *k == key) {
            return e.to_string();
        }
        let toml = matches!(self.syntax, Syntax::Toml);
        let eq = if toml { " =" } else { ":" };
        match expected {
            "a list" => {
                if toml {
                    format!("{key} = [\"…\", \"…\"]")
                } else {
                    format!("{key}: [\"…\", \"…\"]")
                }
            }
            "a table" => {
                if toml {
                    let mut table = self.prefix.join(".");
                    if !table.is_empty() {
                        table.push('.');
                    }
                    format!("a line [{table}{key}], with its fields on the lines below it")
                } else {
                    format!(
                        "{key}: on a line of its own, with its fields below it indented by two spaces"
                    )
                }
            }
            "true or false" => format!("{key}{eq} true"),
            "a whole number" | "a whole number, 0 or more" => format!("{key}{eq} 3"),
            "a number" => format!("{key}{eq} 8.5"),
            _ => format!("{key}{eq} \"…\""),
        }
    }

    /// The problem in words, at its place in the file.
    pub fn describe(&self, p: &Problem) -> Diagnostic {
        let full = self.full(&p.path);
        let field = p.path.last().cloned().unwrap_or_default();
        let table = &full[..full.len().saturating_sub(1)];
        let at = match p.kind {
            Kind::Unknown { .. } => self
                .spans
                .key(&full)
                .unwrap_or_else(|| self.spans.value_or_parent(&full)),
            _ => self.spans.value_or_parent(&full),
        };
        let d = |message: String, hint: String| {
            Diagnostic::error(self.file, at.line, at.col, message).with_hint(hint)
        };
        match &p.kind {
            Kind::Unknown {
                expected,
                belongs_above,
            } => {
                let nested = if self.noun == "setting" {
                    "setting"
                } else {
                    "field"
                };
                let message = if table.is_empty() {
                    format!("unknown {} `{field}`", self.noun)
                } else {
                    format!("unknown {nested} `{field}` in {}", self.table_name(table))
                };
                let hint = if *belongs_above {
                    let above = self.table_name(&table[..table.len() - 1]);
                    match self.syntax {
                        Syntax::Toml => format!(
                            "`{field}` belongs in {above}: move the line above the `{}` line, since every line after a table's header is part of that table",
                            self.table_name(table)
                        ),
                        Syntax::Yaml => format!(
                            "`{field}` belongs in {above}: indent it like the fields of {above}"
                        ),
                    }
                } else if table.len() == 1
                    && p.path.len() == 1
                    && self.outer_fields.iter().any(|f| f == &field)
                {
                    match self.syntax {
                        Syntax::Toml => format!(
                            "`{field}` is a field of the page, not of {}: move the line above the `{}` line, since every line after `{}` is part of that table",
                            self.table_name(table),
                            self.table_name(table),
                            self.table_name(table)
                        ),
                        Syntax::Yaml => format!(
                            "`{field}` is a field of the page, not of {}: start it at the beginning of the line, not indented",
                            self.table_name(table)
                        ),
                    }
                } else if let Some(best) = nearest(&field, expected.iter().map(String::as_str)) {
                    format!("did you mean `{best}`?")
                } else if expected.is_empty() {
                    "remove it: this table takes no fields".to_string()
                } else if table.is_empty() && self.noun == "front matter field" {
                    format!(
                        "remove it, or put it under `extra` for the theme; the fields are: {}",
                        expected.join(", ")
                    )
                } else {
                    format!("remove it; the fields here are: {}", expected.join(", "))
                };
                d(message, hint)
            }
            Kind::WrongType { found, expected } => {
                let want = plain_expected(expected);
                let found = plain_found(found);
                let subject = match p.path.last().and_then(|l| l.parse::<usize>().ok()) {
                    Some(n) => format!(
                        "item {} of `{}`",
                        n + 1,
                        full.get(full.len().wrapping_sub(2))
                            .cloned()
                            .unwrap_or_default()
                    ),
                    None => format!("`{field}`"),
                };
                let key = full
                    .iter()
                    .rev()
                    .find(|k| k.parse::<usize>().is_err())
                    .cloned()
                    .unwrap_or_default();
                d(
                    format!("{subject} must be {want}, not {found}"),
                    format!("write it like {}", self.example(&key, want)),
                )
            }
            Kind::Missing => {
                let where_ = if table.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", self.table_name(table))
                };
                let what = if self.noun == "setting" {
                    "required setting"
                } else {
                    "required field"
                };
                d(
                    format!("the {what} `{field}` is missing{where_}"),
                    format!("add a line like {}", self.example(&field, "text")),
                )
            }
            Kind::Other(message) => d(
                format!("`{field}` cannot be read: {message}"),
                "compare it with the examples in README".to_string(),
            ),
        }
    }
}

/// serde's name for what a field takes, in words.
fn plain_expected(expected: &str) -> &'static str {
    let e = expected.trim();
    match e {
        "a sequence" | "a list" => "a list",
        "a string" | "a borrowed string" | "a character" => "text",
        "a boolean" | "bool" => "true or false",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "a whole number",
        "f32" | "f64" | "a float" => "a number",
        e if e.starts_with("struct ") || e.starts_with("a map") || e == "map" => "a table",
        _ => "another kind of value",
    }
}

/// serde's description of a value (`string "Spanish"`, `integer `3``), in words.
fn plain_found(found: &str) -> String {
    let (kind, rest) = found.split_once(' ').unwrap_or((found, ""));
    let shown = rest.trim_matches('`');
    match kind {
        "string" => format!("text ({shown})"),
        "integer" | "floating" => format!(
            "a number ({})",
            shown.trim_start_matches("point ").trim_matches('`')
        ),
        "boolean" => format!("true/false ({shown})"),
        "sequence" => "a list".to_string(),
        "map" => "a table".to_string(),
        _ => found.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Loc {
        venue: Option<String>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Ev {
        start: Option<String>,
        registration: Option<String>,
        location: Option<Loc>,
        #[serde(default)]
        languages: Vec<String>,
    }

    fn problems(text: &str) -> Vec<(String, Kind)> {
        let t: toml::Table = toml::from_str(text).unwrap();
        let (_, p) = read::<Ev>(&t);
        p.into_iter().map(|p| (p.path.join("."), p.kind)).collect()
    }

    #[test]
    fn every_problem_in_one_read() {
        let p = problems("strat = \"x\"\nlanguages = \"Spanish\"\n[location]\nvenu = \"x\"\n");
        let paths: Vec<&str> = p.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["languages", "location.venu", "strat"]);
        assert!(matches!(&p[0].1, Kind::WrongType { expected, .. } if expected == "a sequence"));
    }

    #[test]
    fn a_field_below_the_wrong_header_belongs_above() {
        let p = problems("[location]\nvenue = \"x\"\nregistration = \"https://x.org\"\n");
        assert!(
            matches!(
                &p[0].1,
                Kind::Unknown {
                    belongs_above: true,
                    ..
                }
            ),
            "{p:?}"
        );
        let p = problems("[location]\nvenu = \"x\"\n");
        assert!(
            matches!(
                &p[0].1,
                Kind::Unknown {
                    belongs_above: false,
                    ..
                }
            ),
            "{p:?}"
        );
    }

    #[test]
    fn names_from_serde() {
        assert_eq!(
            field_names::<Ev>(),
            ["start", "registration", "location", "languages"]
        );
        assert_eq!(nearest("titel", ["title", "date"]), Some("title"));
        assert_eq!(nearest("Title", ["title", "date"]), Some("title"));
        assert_eq!(nearest("zzz", ["title", "date"]), None);
    }
}
