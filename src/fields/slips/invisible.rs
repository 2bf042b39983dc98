//! Characters that cannot be seen but change what a line means.

/// Characters that cannot be seen but change what a line means, with their Unicode names and
/// what to put instead. A short hand-picked list (which characters count as slips is Haven's
/// choice), so their names sit beside them instead of a 500 KB table of every name.
const INVISIBLE: [(char, &str, &str); 22] = [
    ('\u{00A0}', "NO-BREAK SPACE", " "),
    ('\u{2007}', "FIGURE SPACE", " "),
    ('\u{2009}', "THIN SPACE", " "),
    ('\u{202F}', "NARROW NO-BREAK SPACE", " "),
    ('\u{3000}', "IDEOGRAPHIC SPACE", " "),
    ('\u{200B}', "ZERO WIDTH SPACE", ""),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", ""),
    ('\u{2060}', "WORD JOINER", ""),
    (
        '\u{FEFF}',
        "ZERO WIDTH NO-BREAK SPACE (a byte order mark)",
        "",
    ),
    ('\u{00AD}', "SOFT HYPHEN", ""),
    ('\u{200E}', "LEFT-TO-RIGHT MARK", ""),
    ('\u{200F}', "RIGHT-TO-LEFT MARK", ""),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING", ""),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING", ""),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING", ""),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE", ""),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE", ""),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE", ""),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE", ""),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE", ""),
    ('\u{2028}', "LINE SEPARATOR", ""),
    ('\u{FFFC}', "OBJECT REPLACEMENT CHARACTER", ""),
];

/// Whether `c` is one of the invisible characters Haven reports.
pub fn is_invisible(c: char) -> bool {
    invisible_char(c).is_some()
}

fn invisible_char(c: char) -> Option<(&'static str, &'static str)> {
    INVISIBLE
        .iter()
        .find(|(i, _, _)| *i == c)
        .map(|(_, name, with)| (*name, *with))
}

/// The first invisible character of `line`, named, with the line cleaned of all of them.
pub fn invisible(line: &str) -> Option<(usize, String, String)> {
    let (col, c) = line
        .chars()
        .enumerate()
        .find(|(_, c)| invisible_char(*c).is_some())?;
    let (name, _) = invisible_char(c)?;
    let count = line
        .chars()
        .filter(|c| invisible_char(*c).is_some())
        .count();
    let mut fixed = String::with_capacity(line.len());
    for c in line.chars() {
        match invisible_char(c) {
            Some((_, with)) => fixed.push_str(with),
            None => fixed.push(c),
        }
    }
    let more = match count {
        1 => String::new(),
        2 => " (and 1 more on this line)".to_string(),
        n => format!(" (and {} more on this line)", n - 1),
    };
    let message = format!(
        "an invisible character, U+{:04X} {name}, is at column {}{more}",
        c as u32,
        col + 1
    );
    Some((col + 1, message, fixed))
}

/// The hint for [`invisible`]: where such characters come from and what to do.
pub const INVISIBLE_HINT: &str = "it comes with text copied from a word processor, an email or a web page; delete it and type the space or letter again (or copy the corrected line below)";
