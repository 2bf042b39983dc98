//! Month and day names and the a.m./p.m. markers of one language, from its strings file, and
//! the strftime patterns that use them.

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;

/// Month and day names and the a.m./p.m. markers of one language.
#[derive(Debug, Clone, Default)]
pub struct DateNames {
    /// Default pattern of the `date` filter.
    pub date_format: String,
    months: Vec<String>,
    months_short: Vec<String>,
    /// Monday first.
    weekdays: Vec<String>,
    weekdays_short: Vec<String>,
    am: String,
    pm: String,
}

impl DateNames {
    /// Reads the date keys of a strings file (missing ones stay empty; the file check reports
    /// them).
    pub fn from_table(table: &toml::Table) -> DateNames {
        let text = |k: &str| {
            table
                .get(k)
                .and_then(toml::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let list = |k: &str| -> Vec<String> {
            table
                .get(k)
                .and_then(toml::Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        DateNames {
            date_format: text("date_format"),
            months: list("months"),
            months_short: list("months_short"),
            weekdays: list("weekdays"),
            weekdays_short: list("weekdays_short"),
            am: text("am"),
            pm: text("pm"),
        }
    }

    /// Writes a day with `pattern` (strftime codes; names from this language).
    pub fn day(&self, d: NaiveDate, pattern: &str) -> String {
        let local = self.localize(
            pattern,
            d.month0() as usize,
            d.weekday().num_days_from_monday() as usize,
            false,
        );
        d.format(&local).to_string()
    }

    /// Writes a moment in its own time zone with `pattern`.
    pub fn moment(&self, t: DateTime<Tz>, pattern: &str) -> String {
        let local = self.localize(
            pattern,
            t.month0() as usize,
            t.weekday().num_days_from_monday() as usize,
            t.hour() >= 12,
        );
        t.format(&local).to_string()
    }

    /// Turns a strftime pattern into one chrono can write in this language for the date with
    /// `month0` (0 = January), `weekday0` (0 = Monday) and `pm`: the name codes
    /// (`%B %b %h %A %a %p %P`) become the names themselves, as literal text.
    ///
    /// By hand rather than chrono's `unstable-locales`: that feature takes its words from glibc
    /// locale data, which staff cannot edit and which writes "p. m." and capitals differently
    /// across locales; the theme's strings files are the one place these words live.
    pub fn localize(&self, pattern: &str, month0: usize, weekday0: usize, pm: bool) -> String {
        let pick = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let Some(code) = chars.next() else {
                out.push(c);
                break;
            };
            let name = match code {
                'B' => pick(&self.months, month0),
                'b' | 'h' => pick(&self.months_short, month0),
                'A' => pick(&self.weekdays, weekday0),
                'a' => pick(&self.weekdays_short, weekday0),
                'p' => {
                    if pm {
                        self.pm.clone()
                    } else {
                        self.am.clone()
                    }
                }
                'P' => {
                    if pm {
                        self.pm.to_lowercase()
                    } else {
                        self.am.to_lowercase()
                    }
                }
                other => {
                    out.push('%');
                    out.push(other);
                    continue;
                }
            };
            // The name goes in as literal text: a `%` in it would start a code.
            out.push_str(&name.replace('%', "%%"));
        }
        out
    }
}
