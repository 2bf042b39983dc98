//! Numbers in a language: which plural form a count takes ("1 session", "2 sessions"; in
//! Portuguese 0 takes the singular too) and how its digits are grouped ("30,120" in English,
//! "30.120" in Spanish).
//!
//! Both come from CLDR through ICU4X (`icu_plurals`, `icu_decimal`) rather than hand-written
//! rules, so a new language gets its rules from its code alone. A code CLDR does not know gets
//! the root rules: only the `other` form, digits grouped by three with commas.

use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

/// The plural forms a strings file may give, as the suffixes of its keys (`_one`, `_other`).
pub const FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

fn locale(lang: &str) -> Locale {
    Locale::try_from_str(lang).unwrap_or(Locale::UNKNOWN)
}

fn name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural rules of one language. Cheap to make: the data is compiled into the binary.
pub struct Plurals(Option<PluralRules>);

impl Plurals {
    /// The cardinal rules of `lang` (a BCP 47 code such as `es` or `pt-BR`).
    pub fn new(lang: &str) -> Plurals {
        Plurals(PluralRules::try_new(locale(lang).into(), Default::default()).ok())
    }

    /// The form `n` takes: `one`, `few`, `other`…
    pub fn form(&self, n: u64) -> &'static str {
        self.0
            .as_ref()
            .map(|r| name(r.category_for(n)))
            .unwrap_or("other")
    }

    /// The forms whole numbers up to 1,000 take, `other` always among them. A strings file
    /// must give each of these; forms that only numbers of a million or more take (Spanish,
    /// French and Portuguese `many`) fall back to `other`.
    pub fn needed(&self) -> Vec<&'static str> {
        let mut forms: Vec<&'static str> = (0..=1000).map(|n| self.form(n)).collect();
        forms.push("other");
        forms.sort_by_key(|f| FORMS.iter().position(|x| x == f));
        forms.dedup();
        forms
    }
}

/// `n` with its digits grouped as `lang` writes them: `30,120`, `30.120`, `1000` (Spanish
/// leaves four-digit numbers ungrouped).
pub fn format(lang: &str, n: u64) -> String {
    match DecimalFormatter::try_new(locale(lang).into(), Default::default()) {
        Ok(f) => f.format_to_string(&Decimal::from(n)),
        Err(_) => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_follow_cldr() {
        let en = Plurals::new("en");
        assert_eq!(
            (en.form(0), en.form(1), en.form(2)),
            ("other", "one", "other")
        );
        assert_eq!(en.needed(), ["one", "other"]);
        let es = Plurals::new("es");
        assert_eq!(es.form(1), "one");
        assert_eq!(es.form(1_000_000), "many");
        assert_eq!(es.needed(), ["one", "other"]);
        // Portuguese: 0 and 1 take the singular.
        let pt = Plurals::new("pt");
        assert_eq!(
            (pt.form(0), pt.form(1), pt.form(2)),
            ("one", "one", "other")
        );
        assert_eq!(Plurals::new("pl").needed(), ["one", "few", "many", "other"]);
    }

    #[test]
    fn digits_are_grouped_per_language() {
        assert_eq!(format("en", 30120), "30,120");
        assert_eq!(format("es", 30120), "30.120");
        assert_eq!(format("es", 1000), "1000");
        assert_eq!(format("en", 999), "999");
    }
}
