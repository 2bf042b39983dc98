//! Plain language: the reading grade of a page, sentences and paragraphs that run long, and
//! text in capital letters. All are warnings: staff judge them, the build goes on.
//!
//! Quotations (`>` blocks) are left out of the counts: a quote must stay word for word.
//! The reading grade is computed for English pages only (its formula and the syllable
//! dictionary are English), and only for pages with at least [`MIN_WORDS_FOR_GRADE`] words.

use super::doc::{BlockKind, Doc};
use super::text::{sentences, shorten, syllables_of, words};
use crate::diagnostic::Diagnostic;

/// Sentences longer than this many words get a warning.
pub const MAX_SENTENCE_WORDS: usize = 25;
/// Paragraphs with more than this many sentences get a warning.
pub const MAX_PARAGRAPH_SENTENCES: usize = 5;
/// Pages with fewer words are too short for a meaningful reading grade.
pub const MIN_WORDS_FOR_GRADE: usize = 100;
/// More than this many words in a row in capital letters get a warning.
pub const MAX_CAPITAL_WORDS: usize = 4;

/// Runs the plain-language rules on one document; `grade_target` is `reading_grade_target`.
pub fn check(doc: &Doc<'_>, grade_target: f64, out: &mut Vec<Diagnostic>) {
    capitals(doc, out);
    let mut stats = Stats::default();
    for block in doc
        .blocks()
        .iter()
        .filter(|b| !b.quoted && matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem))
    {
        let found = sentences(&block.text);
        if block.kind == BlockKind::Paragraph && found.len() > MAX_PARAGRAPH_SENTENCES {
            out.push(
                doc.warning(block.start, format!("this paragraph has {} sentences (more than {MAX_PARAGRAPH_SENTENCES})", found.len()))
                    .with_hint("split it into shorter paragraphs with one idea each, or make a list; short paragraphs are easier to follow on a phone"),
            );
        }
        for range in found {
            let sentence = &block.text[range.clone()];
            let n = words(sentence).count();
            if n > MAX_SENTENCE_WORDS {
                out.push(
                    doc.warning(block.source_offset(range.start), format!("this sentence has {n} words (more than {MAX_SENTENCE_WORDS}): “{}”", shorten(sentence, 60)))
                        .with_hint("split it into two or more sentences; short sentences are easier to read, above all in a second language or in a hurry"),
                );
            }
            stats.add(sentence, n);
        }
    }
    if is_english(doc.lang) && stats.words >= MIN_WORDS_FOR_GRADE {
        let grade = stats.grade();
        if grade > grade_target {
            let (n, longest) = &stats.longest;
            out.push(
                doc.warning(doc.first_text_offset(), format!("this page reads at school grade {grade:.1} (Flesch-Kincaid), above the target of {grade_target}; its longest sentence ({n} words) is “{}”", shorten(longest, 120)))
                    .with_hint("use shorter sentences and everyday words (“help” rather than “assistance”); start with the longest sentence. The target is `reading_grade_target` in config.toml"),
            );
        }
    }
}

fn is_english(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-")
}

/// Counts for the Flesch-Kincaid grade. Syllables are counted only when the page is graded.
#[derive(Debug, Default)]
struct Stats<'a> {
    words: usize,
    sentences: Vec<&'a str>,
    longest: (usize, &'a str),
}

impl<'a> Stats<'a> {
    fn add(&mut self, sentence: &'a str, n_words: usize) {
        if n_words == 0 {
            return;
        }
        self.sentences.push(sentence);
        self.words += n_words;
        if n_words > self.longest.0 {
            self.longest = (n_words, sentence);
        }
    }

    /// Flesch-Kincaid grade level: 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
    fn grade(&self) -> f64 {
        if self.words == 0 || self.sentences.is_empty() {
            return 0.0;
        }
        let syllables = syllables_of(self.sentences.iter().flat_map(|s| words(s)));
        0.39 * (self.words as f64 / self.sentences.len() as f64)
            + 11.8 * (syllables as f64 / self.words as f64)
            - 15.59
    }
}

/// The Flesch-Kincaid grade of a plain text.
#[cfg(test)]
fn grade_of(plain: &str) -> f64 {
    let mut stats = Stats::default();
    for r in sentences(plain) {
        let s = &plain[r];
        stats.add(s, words(s).count());
    }
    stats.grade()
}

fn capitals(doc: &Doc<'_>, out: &mut Vec<Diagnostic>) {
    for block in doc.blocks() {
        let base = block.text.as_ptr() as usize;
        let mut run: Option<(usize, usize, usize)> = None; // (start, end, capital words)
        let mut finish = |run: &mut Option<(usize, usize, usize)>| {
            if let Some((start, end, n)) = run.take()
                && n > MAX_CAPITAL_WORDS
            {
                out.push(
                        doc.warning(block.source_offset(start), format!("{n} words in a row are in capital letters: “{}”", shorten(&block.text[start..end], 60)))
                            .with_hint("write them in ordinary sentence case; capitals are slower to read and some screen readers spell them out letter by letter. For emphasis, use **bold**"),
                    );
            }
        };
        for word in block.text.split_ascii_whitespace() {
            let start = word.as_ptr() as usize - base;
            // Stops at the first letter that is not a capital: most words end here at once.
            let (mut letters, mut capitals) = (false, true);
            for c in word.chars().filter(|c| c.is_alphabetic()) {
                letters = true;
                if !c.is_uppercase() {
                    capitals = false;
                    break;
                }
            }
            if !letters {
                continue; // numbers and dashes neither break nor extend a run
            }
            if capitals {
                let r = run.get_or_insert((start, start, 0));
                r.1 = start + word.len();
                r.2 += 1;
            } else {
                finish(&mut run);
            }
        }
        finish(&mut run);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::run;

    #[test]
    fn capitals() {
        assert_eq!(
            run(
                "Please note: FREE HELP FOR ALL NEW HAVEN RESIDENTS, today.\n",
                "en"
            ),
            [
                "1:14: warning: 7 words in a row are in capital letters: “FREE HELP FOR ALL NEW HAVEN RESIDENTS,”"
            ]
        );
        assert_eq!(run("## CALL 911 NOW FOR HELP TODAY\n", "en").len(), 1);
        assert!(
            run(
                "CAGV, ASL and WCAG are short. THE CITY AND CAGV met.\n",
                "en"
            )
            .is_empty()
        );
    }

    #[test]
    fn long_sentences_and_paragraphs() {
        let long = "This sentence goes on and on with one word after another word until it has far more words than anyone would like to read in one go.";
        assert_eq!(
            run(&format!("Short.\n{long}\n"), "en"),
            [format!(
                "2:1: warning: this sentence has 27 words (more than 25): “{}”",
                shorten(long, 60)
            )]
        );
        assert_eq!(
            run("One. Two. Three. Four. Five. Six.\n", "en"),
            ["1:1: warning: this paragraph has 6 sentences (more than 5)"]
        );
        assert!(run("One. Two. Three. Four. Five.\n\nSix.\n", "en").is_empty());
        // Quotations stay word for word, so they are not counted.
        assert!(run(&format!("> {long}\n"), "en").is_empty());
    }

    #[test]
    fn flesch_kincaid_grade() {
        // Known values: "The cat sat on the mat." is 6 words, 6 syllables: 0.39·6 + 11.8·1 − 15.59 = −1.45.
        assert!((grade_of("The cat sat on the mat.") - (-1.45)).abs() < 0.01);
        // 10 words, 1 sentence, 17 syllables.
        let g = grade_of(
            "The community meeting will discuss violence prevention in every neighborhood.",
        );
        assert!(g > 8.0, "{g}");
    }

    fn page(sentence: &str, times: usize) -> String {
        (0..times).map(|_| sentence).collect::<Vec<_>>().join(" ") + "\n"
    }

    #[test]
    fn reading_grade_above_target() {
        let hard = "Comprehensive intergovernmental coordination necessitates considerable administrative infrastructure.";
        let body = format!(
            "\n{}",
            page(hard, 4).replace(". ", ".\n\n") + &page(hard, 12).replace(". ", ".\n\n")
        );
        let got = run(&body, "en");
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with("2:1: warning: this page reads at school grade "),
            "{got:?}"
        );
        assert!(
            got[0].ends_with(&format!(
                "above the target of 8; its longest sentence (7 words) is “{hard}”"
            )),
            "{got:?}"
        );
        // The same text in Spanish, or too short to score, is not graded.
        assert!(run(&body, "es").is_empty());
        assert!(run(&page(hard, 3), "en").is_empty());
        // Plain words pass.
        assert!(
            run(
                &page("We help people in the city find the help they need.", 12)
                    .replace(". ", ".\n\n"),
                "en"
            )
            .is_empty()
        );
    }
}
