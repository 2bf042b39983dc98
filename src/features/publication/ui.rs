//! The interface words of publication pages ("Contents", "Cite this section"…). English by
//! default; a site translates them per language in config.toml, beside the theme's own words:
//! `[extra.i18n.es] pub_contents = "Contenido"` (each key below with `pub_` in front).

use std::collections::BTreeMap;

use crate::config::Config;

/// Every word, with its English default.
pub const WORDS: [(&str, &str); 29] = [
    ("contents", "Contents"),
    ("summary", "Summary"),
    ("status", "Status"),
    ("version", "Version"),
    ("history", "Status history"),
    ("by", "By"),
    ("for_whom", "for"),
    ("on", "on"),
    ("chapter", "Chapter"),
    ("of", "of"),
    ("draft", "Draft"),
    (
        "reading",
        "About {minutes} minutes to read ({words} words in {chapters} chapters).",
    ),
    ("all", "Read the whole document on one page"),
    ("all_note", "for printing or saving as PDF"),
    ("one_page", "all chapters on one page"),
    ("recommendations", "Recommendations"),
    ("recommendation", "Recommendation"),
    ("all_recommendations", "All recommendations"),
    (
        "recommendations_intro",
        "Every numbered recommendation of the document, in the order it makes them. Each links to the place in the text where it is made and explained.",
    ),
    ("read_in_chapter", "Read it in chapter"),
    ("section", "section"),
    ("cite_section", "Cite this section"),
    ("cite_chapter", "Cite this chapter"),
    ("cite_document", "Cite this document"),
    ("previous", "Previous chapter"),
    ("next", "Next chapter"),
    ("chapters", "Chapters"),
    ("cover", "Cover and contents"),
    (
        "no_chapters",
        "No chapter of this document is published yet.",
    ),
];

/// The words for `lang`: config.toml's `[extra.i18n.<lang>]` `pub_*` values over the defaults.
pub fn words(config: &Config, lang: &str) -> BTreeMap<&'static str, String> {
    let own = config
        .extra
        .get("i18n")
        .and_then(|v| v.get(lang))
        .and_then(|v| v.as_table());
    WORDS
        .iter()
        .map(|(key, default)| {
            let value = own
                .and_then(|t| t.get(&format!("pub_{key}")))
                .and_then(|v| v.as_str())
                .unwrap_or(default);
            (*key, value.to_string())
        })
        .collect()
}
