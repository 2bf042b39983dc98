//! Words residents use for the same thing ("funeral" and "burial", "OVS" and "victim
//! compensation"), from the theme's strings: `search_synonyms`, one group per entry, the words
//! or phrases separated by commas.
//!
//! pagefind has no synonyms of its own, so the search page's script widens a query itself: it
//! also searches each variant with a group's other words in place of the one typed, and merges
//! the results (the reader's own words rank first). Doing it in the query rather than adding
//! hidden words to pages keeps excerpts true to the page and the index the same size, and staff
//! can change the list without any page changing.

use std::path::Path;

use serde_json::Value;

use crate::diagnostic::Diagnostic;

/// The strings key that holds the groups.
pub const KEY: &str = "search_synonyms";

/// The groups of `table` (a language's strings), each a list of at least two words, and a
/// warning for each entry that cannot be used. `file` is read only to say where an entry is.
pub fn read(file: &Path, shown: &Path, table: &Value) -> (Vec<Vec<String>>, Vec<Diagnostic>) {
    let mut groups = Vec::new();
    let mut diags = Vec::new();
    let entries = match table.get(KEY) {
        None => return (groups, diags),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => {
            let (line, col) = locate(file, &format!("{KEY} ="));
            diags.push(
                Diagnostic::warning(shown, line, col, format!("`{KEY}` must be a list")).with_hint(
                    format!(
                        "write it as {KEY} = [\"funeral, burial\", \"victim compensation, OVS\"]"
                    ),
                ),
            );
            return (groups, diags);
        }
    };
    for entry in entries {
        let text = entry.as_str().unwrap_or("");
        let words: Vec<String> = text
            .split(',')
            .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() >= 2 {
            groups.push(words);
            continue;
        }
        let (line, col) = locate(file, &format!("\"{text}\""));
        diags.push(
            Diagnostic::warning(
                shown,
                line,
                col,
                format!("the search synonyms \"{text}\" name only one word, so they do nothing"),
            )
            .with_hint(
                "put the words residents use for the same thing in one entry, separated by \
                 commas: \"funeral, burial\"",
            ),
        );
    }
    (groups, diags)
}

/// Line and column (1-based) of the first `needle` in `file`; (0, 0) when it is not found.
fn locate(file: &Path, needle: &str) -> (usize, usize) {
    let Ok(text) = std::fs::read_to_string(file) else {
        return (0, 0);
    };
    for (i, line) in text.lines().enumerate() {
        if let Some(c) = line.find(needle) {
            return (i + 1, line[..c].chars().count() + 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn groups_are_trimmed_and_single_words_refused() {
        let t = json!({ KEY: ["funeral,  burial", " victim  compensation , OVS ", "alone", ""] });
        let (groups, diags) = read(Path::new("/nonexistent"), Path::new("x.toml"), &t);
        assert_eq!(
            groups,
            vec![
                vec!["funeral", "burial"],
                vec!["victim compensation", "OVS"]
            ]
        );
        assert_eq!(diags.len(), 2);
    }
}
