//! Checks of single `[event]` fields that need more than their type: language codes and the
//! contact phone. Each problem is located at its line and at the column of the value.

use std::path::Path;

use super::languages;
use crate::content::FrontText;
use crate::diagnostic::Diagnostic;

/// Where a field is: its file, the front matter, and its line.
pub struct At<'a> {
    /// The file, for messages.
    pub path: &'a Path,
    /// The front matter text.
    pub front: &'a FrontText,
    /// The field's line in the file.
    pub line: usize,
}

impl At<'_> {
    /// The 1-based column where `"text"` starts on the field's line (at the text, after the
    /// quote), else 1.
    fn col(&self, text: &str) -> usize {
        self.front
            .text
            .lines()
            .nth(self.line.saturating_sub(self.front.first_line))
            .and_then(|l| {
                let at = l.find(&format!("\"{text}\""))?;
                Some(l[..at].chars().count() + 2)
            })
            .unwrap_or(1)
    }
}

/// `languages` / `interpretation` as language codes (`es`, `ase`); each one that is not a code
/// is an error at its line and column. Text left from `haven new session` is kept as written
/// for the placeholder check to report.
pub fn codes(at: &At<'_>, key: &str, written: Vec<String>) -> (Vec<String>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for item in written
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
    {
        if item.contains("REPLACE") {
            out.push(item);
            continue;
        }
        match languages::read(&item) {
            Ok(code) => out.push(code),
            Err(meant) => {
                let hint = match meant {
                    Some(code) => format!("write its code instead: \"{code}\" (residents see it as the language's name, written in the page's language)"),
                    None => "write a language code (ISO 639), such as \"en\", \"es\", \"pt\", \"ht\" or \"asl\" (American Sign Language)".to_string(),
                };
                diags.push(
                    Diagnostic::error(
                        at.path,
                        at.line,
                        at.col(&item),
                        format!("`{key}` lists `{item}`, which is not a language code"),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    (out, diags)
}

/// The contact phone must be a number a phone can dial: the page's call link dials it
/// (`crate::phone`, the one path every number goes through).
pub fn contact_phone(
    path: &Path,
    front: &FrontText,
    line: usize,
    number: &str,
) -> Option<Diagnostic> {
    if number.contains("REPLACE") {
        return None;
    }
    let e = crate::phone::dial(number).err()?;
    let at = At { path, front, line };
    Some(crate::phone::diagnostic(
        path,
        line,
        at.col(number),
        "the contact phone number",
        number,
        &e,
    ))
}
