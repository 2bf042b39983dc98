//! How the sessions feature writes words, dates and times in one language. Every word comes
//! from the theme's strings (`session_*` keys, month and day names, a.m./p.m.): adding a
//! language is a strings file, not code.
//!
//! English: "Thursday, December 3, 2026, 6:00–7:30 p.m." (en dash, a.m./p.m. said once when
//! both times share it). Spanish: "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m.". The
//! patterns are `session_date_format`, `session_time_format` (and `_short`, the time without
//! a.m./p.m.), `session_month_format` and `session_datetime` ("{date}, {time}").

use chrono::{DateTime, NaiveDate, Offset, Timelike};
use chrono_tz::Tz;
use serde::Serialize;

use crate::features::i18n::Strings;

/// The words and date patterns of one language.
#[derive(Clone, Copy)]
pub struct Locale<'a> {
    /// Language code.
    pub lang: &'a str,
    strings: &'a Strings,
}

/// A written-out time span, split so that templates can wrap the start and the end in their
/// own `<time>` elements: `start` + `sep` + `end` reads as one phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Written {
    /// "Thursday, December 3, 2026, 6:00"
    pub start: String,
    /// "–", " – ", or empty when there is no end.
    pub sep: String,
    /// "7:30 p.m.", or empty.
    pub end: String,
    /// The whole phrase.
    pub text: String,
}

impl Written {
    fn single(text: String) -> Written {
        Written {
            start: text.clone(),
            text,
            sep: String::new(),
            end: String::new(),
        }
    }
}

impl<'a> Locale<'a> {
    /// The locale of `lang`.
    pub fn new(strings: &'a Strings, lang: &'a str) -> Locale<'a> {
        Locale { lang, strings }
    }

    /// The text of a strings key in this language.
    pub fn t(&self, key: &'a str) -> &'a str {
        self.strings.text(self.lang, key)
    }

    /// A strings key with its `{names}` filled in.
    pub fn message(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.strings.message(self.lang, key, args)
    }

    /// A plural family for the count `n`.
    pub fn count(&self, key: &str, n: u64) -> String {
        self.strings.count(self.lang, key, n, &[])
    }

    /// "Thursday, December 3, 2026".
    pub fn date(&self, d: NaiveDate) -> String {
        self.strings
            .date_names(self.lang)
            .day(d, self.t("session_date_format"))
    }

    /// "December 2026".
    pub fn month_year(&self, d: NaiveDate) -> String {
        self.strings
            .date_names(self.lang)
            .day(d, self.t("session_month_format"))
    }

    /// "6:00 p.m."; `short`: without a.m./p.m. ("6:00").
    fn clock(&self, t: DateTime<Tz>, short: bool) -> String {
        let key = if short {
            "session_time_format_short"
        } else {
            "session_time_format"
        };
        self.strings.date_names(self.lang).moment(t, self.t(key))
    }

    fn at(&self, date: &str, time: &str) -> String {
        self.message("session_datetime", &[("date", date), ("time", time)])
    }

    /// A span in its own time zone: the end's date is left out when it is the same day, and
    /// "a.m."/"p.m." is said once when both times share it.
    pub fn span(&self, start: DateTime<Tz>, end: Option<DateTime<Tz>>) -> Written {
        let day = self.date(start.date_naive());
        let Some(end) = end else {
            return Written::single(self.at(&day, &self.clock(start, false)));
        };
        // When the clocks change during the session, each time says its zone ("EDT", "EST").
        let zones = start.offset().fix() != end.offset().fix();
        let (sz, ez) = if zones {
            (
                format!(" {}", start.format("%Z")),
                format!(" {}", end.format("%Z")),
            )
        } else {
            Default::default()
        };
        let full_end = format!("{}{ez}", self.clock(end, false));
        let (s, sep, e) = if end.date_naive() != start.date_naive() {
            (
                self.at(&day, &format!("{}{sz}", self.clock(start, false))),
                " – ",
                self.at(&self.date(end.date_naive()), &full_end),
            )
        } else if (start.hour() < 12) == (end.hour() < 12) && !zones {
            (self.at(&day, &self.clock(start, true)), "–", full_end)
        } else {
            (
                self.at(&day, &format!("{}{sz}", self.clock(start, false))),
                "–",
                full_end,
            )
        };
        Written {
            text: format!("{s}{sep}{e}"),
            start: s,
            sep: sep.into(),
            end: e,
        }
    }

    /// A day without a known time.
    pub fn day(&self, d: NaiveDate) -> Written {
        Written::single(self.date(d))
    }

    /// A moment, for "This list was made on …".
    pub fn moment(&self, t: DateTime<Tz>) -> String {
        self.at(&self.date(t.date_naive()), &self.clock(t, false))
    }

    /// The name of a language code in this language ("es" → "Spanish", "español").
    pub fn language(&self, code: &str) -> String {
        super::languages::name(self.strings, self.lang, code).unwrap_or_else(|| code.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ny(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Tz> {
        chrono_tz::America::New_York
            .with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .unwrap()
    }

    // The bundled theme's strings (a `Strings` with no theme of its own falls back to them).
    static STRINGS: std::sync::LazyLock<Strings> = std::sync::LazyLock::new(Strings::default);

    fn en() -> Locale<'static> {
        Locale::new(&STRINGS, "en")
    }

    fn es() -> Locale<'static> {
        Locale::new(&STRINGS, "es")
    }

    #[test]
    fn english_span_says_pm_once() {
        let w = en().span(ny(2026, 12, 3, 18, 0), Some(ny(2026, 12, 3, 19, 30)));
        assert_eq!(w.text, "Thursday, December 3, 2026, 6:00–7:30 p.m.");
        assert_eq!(
            (w.start.as_str(), w.sep.as_str(), w.end.as_str()),
            ("Thursday, December 3, 2026, 6:00", "–", "7:30 p.m.")
        );
    }

    #[test]
    fn english_span_across_noon_and_midnight() {
        let l = en();
        assert_eq!(
            l.span(ny(2026, 12, 3, 11, 0), Some(ny(2026, 12, 3, 13, 0)))
                .text,
            "Thursday, December 3, 2026, 11:00 a.m.–1:00 p.m."
        );
        assert_eq!(
            l.span(ny(2026, 12, 3, 0, 5), Some(ny(2026, 12, 3, 12, 0)))
                .text,
            "Thursday, December 3, 2026, 12:05 a.m.–12:00 p.m."
        );
        assert_eq!(
            l.span(ny(2026, 12, 3, 23, 0), Some(ny(2026, 12, 4, 1, 0)))
                .text,
            "Thursday, December 3, 2026, 11:00 p.m. – Friday, December 4, 2026, 1:00 a.m."
        );
        assert_eq!(
            l.span(ny(2026, 12, 3, 18, 0), None).text,
            "Thursday, December 3, 2026, 6:00 p.m."
        );
    }

    #[test]
    fn clock_changes_during_a_session_name_both_zones() {
        let tz = chrono_tz::America::New_York;
        let first = tz
            .with_ymd_and_hms(2026, 11, 1, 1, 15, 0)
            .earliest()
            .unwrap();
        let second = tz.with_ymd_and_hms(2026, 11, 1, 1, 45, 0).latest().unwrap();
        assert_eq!(
            en().span(first, Some(second)).text,
            "Sunday, November 1, 2026, 1:15 a.m. EDT–1:45 a.m. EST"
        );
    }

    #[test]
    fn spanish_span() {
        let w = es().span(ny(2026, 12, 3, 18, 0), Some(ny(2026, 12, 3, 19, 30)));
        assert_eq!(w.text, "jueves, 3 de diciembre de 2026, 6:00–7:30 p. m.");
        assert_eq!(
            es().month_year(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            "diciembre de 2026"
        );
        assert_eq!(es().language("ase"), "lengua de señas americana (ASL)");
    }

    #[test]
    fn a_language_without_strings_is_written_in_english() {
        assert_eq!(
            Locale::new(&STRINGS, "fr").date(NaiveDate::from_ymd_opt(2022, 7, 4).unwrap()),
            "Monday, July 4, 2022"
        );
        assert_eq!(
            Locale::new(&STRINGS, "es-US")
                .day(NaiveDate::from_ymd_opt(2022, 7, 4).unwrap())
                .text,
            "lunes, 4 de julio de 2022"
        );
    }
}
