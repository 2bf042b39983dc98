//! Names and text that look fine on one screen and go wrong elsewhere: file names a Windows
//! computer cannot hold (so a colleague could not copy or check out the site), and invisible
//! characters that change the direction of text, so that what is shown is not what is there.

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

pub use crate::diagnostic::{direction_control, is_direction_control};

/// `text` with the characters that would garble it on a screen (controls, direction changes)
/// written as `[U+202E]`, so a message shows what is really there.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_direction_control(c) {
            out.push_str(&format!("[U+{:04X}]", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether Windows keeps `name` (before its first dot, in any case) for a device:
/// `CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`.
pub fn windows_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
}

/// What is wrong with one file or folder name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    message: String,
    hint: String,
}

impl NameProblem {
    /// The error, at the file `path` (as staff see it).
    pub fn diagnostic(&self, path: PathBuf) -> Diagnostic {
        // The path as shown: a name with a direction change would garble the whole line.
        let shown = PathBuf::from(visible(&path.to_string_lossy()));
        Diagnostic::error(shown, 0, 0, self.message.clone()).with_hint(self.hint.clone())
    }
}

/// Why the file or folder name `name` would trouble someone, if it would.
pub fn problem(name: &str) -> Option<NameProblem> {
    let problem = |message: String, hint: String| Some(NameProblem { message, hint });
    if let Some(c) = direction_control(name) {
        return problem(
            format!(
                "the name `{}` has an invisible character (U+{:04X}) that changes the direction of the text, so the name shows differently from how it is spelled",
                visible(name),
                u32::from(c)
            ),
            "rename it, typing the name again rather than pasting it".into(),
        );
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\'))
    {
        let fixed: String = name
            .chars()
            .map(|c| {
                if c.is_control() || "<>:\"|?*\\".contains(c) {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let shown = if c.is_control() {
            format!("U+{:04X}", u32::from(c))
        } else {
            c.to_string()
        };
        return problem(
            format!(
                "the name `{}` has `{shown}`, which Windows does not allow in file names, so the site could not be copied to a Windows computer",
                visible(name)
            ),
            format!("rename it, for example to `{fixed}`"),
        );
    }
    if windows_reserved(name) {
        let (stem, rest) = name.split_once('.').unwrap_or((name, ""));
        let dot = if rest.is_empty() { "" } else { "." };
        return problem(
            format!(
                "the name `{name}` is one Windows keeps for a device (`{}`), so the site could not be copied to a Windows computer",
                stem.to_ascii_uppercase()
            ),
            format!(
                "rename it, for example to `{}-page{dot}{rest}`",
                stem.to_lowercase()
            ),
        );
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return problem(
            format!(
                "the name `{name}` ends with a dot or a space, which Windows drops, so the site would not copy to a Windows computer as it is"
            ),
            "rename it without the dot or space at the end".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_names() {
        for bad in [
            "CON.md",
            "aux.md",
            "nul",
            "Com1.txt",
            "lpt9.es.md",
            "con .md",
        ] {
            assert!(windows_reserved(bad), "{bad}");
        }
        for ok in [
            "console.md",
            "com10.md",
            "auxiliary.md",
            "icon.md",
            "com.md",
        ] {
            assert!(!windows_reserved(ok), "{ok}");
        }
        assert!(problem("a:b.md").is_some());
        assert!(problem("a\u{202e}dm.exe").is_some());
        assert!(problem("about.md").is_none());
        assert!(problem("qué-es.md").is_none());
        assert!(problem("trailing.").is_some());
    }

    #[test]
    fn direction_controls() {
        assert_eq!(direction_control("abc\u{202e}d"), Some('\u{202e}'));
        assert_eq!(direction_control("שלום\u{200f}"), None);
    }
}
