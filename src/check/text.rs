//! Words, sentences and syllables of plain text, for the plain-language rules.

use std::ops::Range;

/// Words followed by a full stop that does not end the sentence: titles and the like, which
/// come before a name.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gov", "sen", "rep", "rev", "hon", "gen",
    "capt", "lt", "sgt", "mt", "ft", "no", "vs", "u.s", "e.g", "i.e", "sra", "sr", "dra",
];

/// The sentences of `text`, as byte ranges without surrounding spaces. A sentence ends at
/// `.`, `!`, `?` or `…` (with any closing quotes or brackets) followed by a space or the end,
/// except after a title such as "Dr." or an initial ("Justin E. Elicker"), and except before a
/// word in lower case ("6 p.m. on Monday", “Why?” she asked). A piece without letters or
/// digits joins the sentence before it.
///
/// Written by hand: Unicode's sentence rules (the `unicode-segmentation` crate) still need
/// these repairs, and their table lookups made the checks several times slower than parsing
/// the Markdown.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let push = |range: Range<usize>, out: &mut Vec<Range<usize>>| {
        let piece = &text[range.clone()];
        let lead = piece.len() - piece.trim_start().len();
        let range = range.start + lead..range.start + lead + piece.trim().len();
        if range.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if !text[range.clone()].chars().any(char::is_alphanumeric) => {
                last.end = range.end
            }
            _ => out.push(range),
        }
    };
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    // Scans bytes: every sign that ends a sentence is ASCII except `…` (E2 80 A6).
    while i < bytes.len() {
        let Some(len) = terminator_len(&bytes[i..]) else {
            i += 1;
            continue;
        };
        let mut end = i + len;
        while end < bytes.len() {
            let rest = &text[end..];
            match rest.chars().next() {
                Some(d @ ('.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»')) => {
                    end += d.len_utf8()
                }
                _ => break,
            }
        }
        i = end;
        if end < bytes.len() && !text[end..].starts_with(char::is_whitespace) {
            continue;
        }
        let next = text[end..].trim_start().chars().next();
        if next.is_some_and(char::is_lowercase)
            || (next.is_some() && ends_with_abbreviation(text[start..end].trim()))
        {
            continue;
        }
        push(start..end, &mut out);
        start = end;
    }
    push(start..text.len(), &mut out);
    out
}

fn terminator_len(bytes: &[u8]) -> Option<usize> {
    match bytes {
        [b'.' | b'!' | b'?', ..] => Some(1),
        [0xE2, 0x80, 0xA6, ..] => Some(3),
        _ => None,
    }
}

fn ends_with_abbreviation(sentence: &str) -> bool {
    let Some(word) = sentence
        .strip_suffix('.')
        .and_then(|s| s.rsplit(char::is_whitespace).next())
    else {
        return false;
    };
    let word = word
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    initial || ABBREVIATIONS.contains(&word.as_str())
}

/// The words of `text`: pieces between spaces that hold a letter or digit ("well-known" and
/// "2-1-1" are one word each, "—" is none). A no-break space joins words, as it does on screen.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_ascii_whitespace().filter(|w| {
        w.bytes().any(|b| b.is_ascii_alphanumeric())
            || (!w.is_ascii() && w.chars().any(char::is_alphanumeric))
    })
}

/// The number of syllables in a word, at least 1. Each part of a hyphenated word is counted;
/// a word is looked up in the CMU Pronouncing Dictionary (through `syllarust`), and a word the
/// dictionary does not know is estimated from its spelling. A number counts as one syllable.
pub fn syllables(word: &str) -> usize {
    syllables_of(std::iter::once(word))
}

/// The syllables of all `words` (as [`syllables`] counts each).
pub fn syllables_of<'a>(words: impl Iterator<Item = &'a str>) -> usize {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let mut total = 0;
        for word in words {
            let n = match cache.get(word) {
                Some(n) => *n,
                None => {
                    let n = count_word(word);
                    if cache.len() >= CACHE_LIMIT {
                        cache.clear();
                    }
                    cache.insert(word.to_string(), n);
                    n
                }
            };
            total += n;
        }
        total
    })
}

/// Most cached words per thread before the cache starts afresh (bounds memory in `serve`).
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    /// Syllables of words as written, already counted on this thread: a site repeats its
    /// words, and the estimate for a word the dictionary lacks runs some hundred regular
    /// expressions.
    static CACHE: std::cell::RefCell<rustc_hash::FxHashMap<String, usize>> = Default::default();
}

fn count_word(word: &str) -> usize {
    let mut total = 0;
    for part in word.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
        let part = part.trim_matches(['\'', '’']);
        if part.is_empty() {
            continue;
        }
        let key = part.replace('’', "'").to_lowercase();
        total += syllarust::try_count_syllables(&key)
            .or_else(|| {
                key.strip_suffix("'s")
                    .and_then(syllarust::try_count_syllables)
            })
            .unwrap_or_else(|| syllarust::count_syllables(&key));
    }
    total.max(1)
}

/// `text` cut to about `max` characters at a word boundary, with "…" when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut = text
        .char_indices()
        .nth(max)
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let cut = text[..cut]
        .rfind(' ')
        .filter(|i| *i > max / 2)
        .unwrap_or(cut);
    format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn sentences_split_on_ends_not_on_titles_initials_or_numbers() {
        assert_eq!(
            split("One two. Three four! Five? Six"),
            ["One two.", "Three four!", "Five?", "Six"]
        );
        assert_eq!(
            split("Dr. Smith met Mayor Justin E. Elicker. Then they left."),
            ["Dr. Smith met Mayor Justin E. Elicker.", "Then they left."]
        );
        assert_eq!(
            split("It costs 3.50 dollars at 6 p.m. on Monday."),
            ["It costs 3.50 dollars at 6 p.m. on Monday."]
        );
        assert_eq!(
            split("“Why?” she asked. “Because.”"),
            ["“Why?” she asked.", "“Because.”"]
        );
        assert_eq!(
            split("Call 911. Then wait. ..."),
            ["Call 911.", "Then wait. ..."]
        );
        assert!(split("   ").is_empty());
    }

    #[test]
    fn words_skip_punctuation() {
        assert_eq!(
            words("A well-known plan — call 2-1-1 now.").collect::<Vec<_>>(),
            ["A", "well-known", "plan", "call", "2-1-1", "now."]
        );
    }

    /// Known syllable counts (from dictionaries' syllable breaks), including words of this
    /// site. The brief asks for at least 90 % exact; a dictionary should do better.
    #[test]
    fn syllables_match_known_counts() {
        let known: &[(&str, usize)] = &[
            ("a", 1),
            ("the", 1),
            ("cat", 1),
            ("help", 1),
            ("call", 1),
            ("text", 1),
            ("ground", 1),
            ("strength", 1),
            ("city", 2),
            ("office", 2),
            ("listen", 2),
            ("people", 2),
            ("center", 2),
            ("mayor", 2),
            ("window", 2),
            ("careful", 2),
            ("table", 2),
            ("after", 2),
            ("happy", 2),
            ("water", 2),
            ("doctor", 2),
            ("answer", 2),
            ("sessions", 2),
            ("problem", 2),
            ("violence", 3),
            ("prevention", 3),
            ("community", 4),
            ("resources", 3),
            ("department", 3),
            ("family's", 3),
            ("important", 3),
            ("together", 3),
            ("animal", 3),
            ("banana", 3),
            ("hospital", 3),
            ("telephone", 3),
            ("yesterday", 3),
            ("coordination", 5),
            ("infrastructure", 4),
            ("neighborhoods", 3),
            ("resilience", 4),
            ("confidential", 4),
            ("connecticut", 4),
            ("partnership", 3),
            ("organization", 5),
            ("university", 5),
            ("education", 4),
            ("information", 4),
            ("advocacy", 4),
            ("multilingual", 4),
            ("compensation", 4),
            ("notification", 5),
            ("responsibility", 6),
            ("elephant", 3),
            ("beautiful", 3),
            ("calendar", 3),
            ("area", 3),
            ("idea", 3),
            ("create", 2),
            ("created", 3),
            ("Board", 1),
            ("Alders", 2),
            ("well-known", 2),
            ("city’s", 2),
            ("2026", 1),
        ];
        let wrong: Vec<String> = known
            .iter()
            .filter(|(w, n)| syllables(w) != *n)
            .map(|(w, n)| format!("{w}: expected {n}, got {}", syllables(w)))
            .collect();
        let exact = known.len() - wrong.len();
        assert!(known.len() >= 50);
        assert!(
            exact * 100 >= known.len() * 95,
            "{exact}/{} exact; wrong: {wrong:?}",
            known.len()
        );
    }

    #[test]
    fn unknown_words_are_estimated() {
        assert!(syllables("Elicker") >= 2);
        assert_eq!(syllables("---"), 1);
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short one", 20), "short one");
        assert_eq!(
            shorten(
                "The city and CAGV held listening sessions to plan the Office",
                30
            ),
            "The city and CAGV held…"
        );
    }
}
