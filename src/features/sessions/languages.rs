//! The language codes staff write in `languages` and `interpretation` (`["en", "es"]`,
//! `["asl"]`): checked against ISO 639 (the `isolang` crate), and shown to residents as names
//! in the page's language from the theme's strings (`language_es = "Spanish"`).

use crate::features::i18n::Strings;

/// Codes people use that are not the ISO code of what they mean: `asl` is ISO 639-3 for
/// Asilulu, but staff writing it mean American Sign Language (`ase`).
const ALIASES: [(&str, &str); 1] = [("asl", "ase")];

/// A code as staff write it (`es`, `ES`, `spa`, `asl`, `pt-BR`) → the code Haven uses (`es`,
/// `ase`, `pt-br`): ISO 639-1 where the language has one, else ISO 639-3. `Err` carries the
/// code staff probably meant, when what they wrote is a language's English name ("Spanish").
pub fn read(written: &str) -> Result<String, Option<String>> {
    let lower = written.trim().to_lowercase();
    let (primary, region) = match lower.split_once(['-', '_']) {
        Some((p, r)) => (p, Some(r)),
        None => (lower.as_str(), None),
    };
    let primary = ALIASES
        .iter()
        .find(|(a, _)| *a == primary)
        .map(|(_, c)| *c)
        .unwrap_or(primary);
    let language = match primary.len() {
        2 => isolang::Language::from_639_1(primary),
        3 => isolang::Language::from_639_3(primary),
        _ => None,
    };
    match language {
        Some(l) => {
            let code = l.to_639_1().unwrap_or_else(|| l.to_639_3());
            Ok(match region {
                Some(r) => format!("{code}-{r}"),
                None => code.to_string(),
            })
        }
        None => Err(by_name(written.trim())),
    }
}

/// The code of a language written by its English name ("Spanish", "american sign language").
fn by_name(name: &str) -> Option<String> {
    if name.eq_ignore_ascii_case("american sign language") {
        return Some("ase".into());
    }
    let mut chars = name.chars();
    let capitalized: String = chars
        .next()
        .map(|f| {
            f.to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect()
        })
        .unwrap_or_default();
    isolang::Language::from_name(name)
        .or_else(|| isolang::Language::from_name(&capitalized))
        .map(|l| l.to_639_1().unwrap_or_else(|| l.to_639_3()).to_string())
}

/// The name of `code` written in `lang` (`language_<code>` in the theme's strings, or that of
/// its language without the region), or none when the strings have no name for it.
pub fn name(strings: &Strings, lang: &str, code: &str) -> Option<String> {
    let primary = code.split('-').next().unwrap_or(code);
    strings
        .get(lang, &format!("language_{code}"))
        .or_else(|| strings.get(lang, &format!("language_{primary}")))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_normalized() {
        assert_eq!(read("es").unwrap(), "es");
        assert_eq!(read(" ES ").unwrap(), "es");
        assert_eq!(read("spa").unwrap(), "es");
        assert_eq!(read("asl").unwrap(), "ase");
        assert_eq!(read("ASL").unwrap(), "ase");
        assert_eq!(read("pt-BR").unwrap(), "pt-br");
        assert_eq!(read("ht").unwrap(), "ht");
    }

    #[test]
    fn names_and_nonsense_are_refused() {
        assert_eq!(read("Spanish"), Err(Some("es".into())));
        assert_eq!(read("english"), Err(Some("en".into())));
        assert_eq!(read("American Sign Language"), Err(Some("ase".into())));
        assert_eq!(read("xx"), Err(None));
        assert_eq!(read("Klingonish"), Err(None));
    }
}
