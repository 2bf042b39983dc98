//! Dates and times written the way people write them (`Dec 3`, `12/03/2026`, `3 December`,
//! `6pm`, `6:30 PM`), turned into the one form Haven reads (`2026-12-03T18:30`), with what was
//! assumed on the way said out loud.
//!
//! Written by hand: date-guessing crates return a finished date and hide what they assumed
//! (the year, month-first or day-first), and saying that is the point of the message.

use chrono::{Datelike, NaiveDate};

/// A date in Haven's form, converted from another form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// `2026-12-03`, `2026-12-03T18:30`, or with `YYYY` / `YYYY-MM-DD` where a part is unknown.
    pub value: String,
    /// What was assumed or is missing, one sentence each.
    pub notes: Vec<String>,
    /// Whether the value is complete (no placeholder left to replace).
    pub complete: bool,
}

const MONTHS: [(&str, &str, &str); 12] = [
    ("january", "enero", "January"),
    ("february", "febrero", "February"),
    ("march", "marzo", "March"),
    ("april", "abril", "April"),
    ("may", "mayo", "May"),
    ("june", "junio", "June"),
    ("july", "julio", "July"),
    ("august", "agosto", "August"),
    ("september", "septiembre", "September"),
    ("october", "octubre", "October"),
    ("november", "noviembre", "November"),
    ("december", "diciembre", "December"),
];

const WEEKDAYS: [&str; 14] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Words that join the parts of a written date and say nothing themselves.
const FILLER: [&str; 8] = ["at", "@", "on", "the", "de", "del", "a", "las"];

/// Days either side of the build date within which a date written without its year is taken
/// to be in the nearest year; further away, the year is left for staff to fill in.
const SAFE_YEAR_WINDOW_DAYS: i64 = 120;

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|(en, es, _)| en.starts_with(w) || es.starts_with(w))
        .map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(w))
}

#[derive(Default)]
struct Parts {
    year: Option<(i32, bool)>,
    month: Option<u32>,
    day: Option<u32>,
    hour: Option<u32>,
    minute: u32,
    /// The day was a bare number, which may turn out to be an hour (`6 pm`).
    day_was_bare_number: bool,
    /// A bare number after the day, which only `am`/`pm` can make an hour (`Dec 3 at 6 pm`).
    pending_hour: Option<u32>,
    twelve_hour: Option<bool>,
    notes: Vec<String>,
    /// `12/03` read month first: the day-first reading (month, day), to offer it.
    day_first: Option<(u32, u32)>,
}

/// Reads `6`, `6:30`, `18:30`, `6pm`, `6:30pm`: (hour, minute, am/pm if written).
fn time(word: &str) -> Option<(u32, u32, Option<bool>)> {
    let (digits, pm) = if let Some(d) = word.strip_suffix("pm") {
        (d, Some(true))
    } else if let Some(d) = word.strip_suffix("am") {
        (d, Some(false))
    } else {
        (word, None)
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, Some(m)),
        None => (digits, None),
    };
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if m.is_none() && pm.is_none() {
        return None;
    }
    let minute = match m {
        Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => m.parse().ok()?,
        Some(_) => return None,
        None => 0,
    };
    Some((h.parse().ok()?, minute, pm))
}

impl Parts {
    fn set_time(&mut self, hour: u32, minute: u32, pm: Option<bool>) -> Option<()> {
        if self.hour.is_some() || minute > 59 {
            return None;
        }
        let hour = match pm {
            Some(pm) => {
                if !(1..=12).contains(&hour) {
                    return None;
                }
                self.twelve_hour = Some(pm);
                (hour % 12) + if pm { 12 } else { 0 }
            }
            None if hour < 24 => hour,
            None => return None,
        };
        self.hour = Some(hour);
        self.minute = minute;
        Some(())
    }

    /// `12/03/2026`, `12-3`, `2026/12/03`: numbers with separators.
    fn numeric_date(&mut self, word: &str) -> Option<()> {
        let parts: Vec<&str> = word.split(['/', '-', '.']).collect();
        if !(2..=3).contains(&parts.len())
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let n: Vec<u32> = parts
            .iter()
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        if parts[0].len() == 4 {
            // Year first is never ambiguous: 2026/12/03.
            self.year = Some((n[0] as i32, true));
            self.month = Some(*n.get(1)?);
            self.day = n.get(2).copied();
            return Some(());
        }
        let (a, b) = (n[0], n[1]);
        let (m, d) = if a > 12 && b <= 12 {
            (b, a)
        } else {
            if a != b && a <= 12 && b <= 12 {
                self.day_first = Some((b, a));
            }
            (a, b)
        };
        self.month = Some(m);
        self.day = Some(d);
        if let (Some(y), Some(p)) = (n.get(2), parts.get(2)) {
            self.year = Some(match p.len() {
                2 => (2000 + *y as i32, false),
                4 => (*y as i32, true),
                _ => return None,
            });
        }
        Some(())
    }
}

/// Converts `written` when it is a date or time in a form people use; `today` (the build's
/// date) decides a missing year only when one year is clearly meant.
pub fn suggest(written: &str, today: NaiveDate) -> Option<Suggestion> {
    let lower = written
        .trim()
        .to_lowercase()
        .replace("p.m.", "pm")
        .replace("a.m.", "am")
        .replace("p. m.", "pm")
        .replace("a. m.", "am")
        .replace(',', " ");
    // `2026-12-03T6:30`: the date and a time that TOML cannot read.
    let lower = match lower.split_once('t') {
        Some((d, t))
            if d.len() >= 8
                && d.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                && t.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            format!("{d} {t}")
        }
        _ => lower,
    };
    let mut p = Parts::default();
    let words: Vec<&str> = lower.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    for word in words {
        let word = word.trim_end_matches('.');
        if FILLER.contains(&word) {
            continue;
        }
        if word == "pm" || word == "am" {
            let pm = word == "pm";
            match (p.hour, p.twelve_hour, p.day_was_bare_number) {
                // `6:30 pm`: the time before it is on the 12-hour clock.
                (Some(h), None, _) if (1..=12).contains(&h) => {
                    let minute = p.minute;
                    p.hour = None;
                    p.set_time(h, minute, Some(pm))?;
                }
                (None, _, _) if p.pending_hour.is_some() => {
                    let hour = p.pending_hour.take()?;
                    p.set_time(hour, 0, Some(pm))?;
                }
                // `6 pm`: the bare number before it was the hour, not the day.
                (None, _, true) => {
                    let hour = p.day.take()?;
                    p.day_was_bare_number = false;
                    p.set_time(hour, 0, Some(pm))?;
                }
                _ => return None,
            }
            continue;
        }
        if let Some((h, m, pm)) = time(word) {
            p.set_time(h, m, pm)?;
            continue;
        }
        if let Some(m) = month(word) {
            if p.month.is_some() {
                return None;
            }
            p.month = Some(m);
            continue;
        }
        // After months: `mar` is March, not martes.
        if is_weekday(word) {
            continue;
        }
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[digits.len()..];
        if !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && ["", "st", "nd", "rd", "th", "o", "º"].contains(&suffix)
        {
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 && suffix.is_empty() {
                p.year = Some((n as i32, true));
            } else if p.day.is_none() && (1..=31).contains(&n) {
                p.day = Some(n);
                p.day_was_bare_number = suffix.is_empty();
            } else if suffix.is_empty() && p.hour.is_none() && p.pending_hour.is_none() {
                p.pending_hour = Some(n);
            } else {
                return None;
            }
            continue;
        }
        if word.contains(['/', '-', '.']) && p.month.is_none() && p.day.is_none() {
            p.numeric_date(word)?;
            continue;
        }
        return None;
    }
    if p.pending_hour.is_some() || (p.day.is_some() && p.month.is_none()) {
        // A number alone is not a date (`weight = 3` must never read as one).
        return None;
    }
    let mut notes = std::mem::take(&mut p.notes);
    let mut complete = true;
    let date = match (p.month, p.day) {
        (Some(m), Some(d)) => {
            let year = match p.year {
                Some((y, four_digits)) => {
                    if !four_digits {
                        notes.push(format!(
                            "the year was written with two digits; Haven took it to be {y}"
                        ));
                    }
                    Some(y)
                }
                None => {
                    let near: Vec<i32> = [today.year() - 1, today.year(), today.year() + 1]
                        .into_iter()
                        .filter(|y| {
                            NaiveDate::from_ymd_opt(*y, m, d).is_some_and(|date| {
                                (date - today).num_days().abs() <= SAFE_YEAR_WINDOW_DAYS
                            })
                        })
                        .collect();
                    match near[..] {
                        [y] => {
                            notes.push(format!("the year was not written: Haven took it to be {y}, the nearest {} {d} to today; check that this is the one you mean", MONTHS[(m - 1) as usize].2));
                            Some(y)
                        }
                        _ => None,
                    }
                }
            };
            if let Some((alt_m, alt_d)) = p.day_first {
                let alt = match year {
                    Some(y) => format!("{y}-{alt_m:02}-{alt_d:02}"),
                    None => format!("YYYY-{alt_m:02}-{alt_d:02}"),
                };
                notes.insert(
                    0,
                    format!(
                        "`{}` was read the US way, month first: {} {d}; if you meant {alt_d} {}, write {alt}",
                        written.trim(),
                        MONTHS[(m - 1) as usize].2,
                        MONTHS[(alt_m - 1) as usize].2
                    ),
                );
            }
            match year {
                Some(y) => {
                    NaiveDate::from_ymd_opt(y, m, d)?;
                    format!("{y}-{m:02}-{d:02}")
                }
                None => {
                    // Check the day exists in some year (February 29 does in leap years).
                    NaiveDate::from_ymd_opt(2024, m, d)?;
                    complete = false;
                    notes.push("the year was not written: put it in place of YYYY".to_string());
                    format!("YYYY-{m:02}-{d:02}")
                }
            }
        }
        (Some(_), None) => return None,
        (None, _) if p.hour.is_some() => {
            complete = false;
            notes.push(
                "the day was not written: put the year, month and day in place of YYYY-MM-DD"
                    .to_string(),
            );
            "YYYY-MM-DD".to_string()
        }
        (None, _) => return None,
    };
    let value = match p.hour {
        Some(h) => {
            if p.twelve_hour.is_some() {
                notes.push(format!(
                    "on the 24-hour clock, {} is {h:02}:{:02}",
                    twelve_hour_words(h, p.minute),
                    p.minute
                ));
            }
            format!("{date}T{h:02}:{:02}", p.minute)
        }
        None => date,
    };
    Some(Suggestion {
        value,
        notes,
        complete,
    })
}

fn twelve_hour_words(h: u32, m: u32) -> String {
    let (hour, half) = match h {
        0 => (12, "a.m."),
        1..=11 => (h, "a.m."),
        12 => (12, "p.m."),
        _ => (h - 12, "p.m."),
    };
    if m == 0 {
        format!("{hour} {half}")
    } else {
        format!("{hour}:{m:02} {half}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn value(s: &str) -> Option<String> {
        suggest(s, today()).map(|s| s.value)
    }

    #[test]
    fn converts_the_forms_people_write() {
        assert_eq!(value("Dec 3").as_deref(), Some("2026-12-03"));
        assert_eq!(value("December 3rd, 2026").as_deref(), Some("2026-12-03"));
        assert_eq!(value("3 December").as_deref(), Some("2026-12-03"));
        assert_eq!(
            value("3 de diciembre de 2026").as_deref(),
            Some("2026-12-03")
        );
        assert_eq!(value("12/03/2026").as_deref(), Some("2026-12-03"));
        assert_eq!(value("25/12/2026").as_deref(), Some("2026-12-25"));
        assert_eq!(value("2026/12/03").as_deref(), Some("2026-12-03"));
        assert_eq!(
            value("Thursday, Dec 3, 6:30 PM").as_deref(),
            Some("2026-12-03T18:30")
        );
        assert_eq!(value("12/03/2026 6pm").as_deref(), Some("2026-12-03T18:00"));
        assert_eq!(
            value("Dec 3 at 6 p.m.").as_deref(),
            Some("2026-12-03T18:00")
        );
        assert_eq!(value("6pm").as_deref(), Some("YYYY-MM-DDT18:00"));
        assert_eq!(value("12:15 am").as_deref(), Some("YYYY-MM-DDT00:15"));
        assert_eq!(value("2026-12-3").as_deref(), Some("2026-12-03"));
        assert_eq!(
            value("2026-12-03T6:30").as_deref(),
            Some("2026-12-03T06:30")
        );
    }

    #[test]
    fn says_what_it_assumed() {
        let s = suggest("12/03/2026", today()).unwrap();
        assert!(
            s.notes[0].contains("month first: December 3"),
            "{:?}",
            s.notes
        );
        let s = suggest("Dec 3", today()).unwrap();
        assert!(s.notes[0].contains("took it to be 2026"), "{:?}", s.notes);
        // Far from today, either year could be meant: the year is left to fill in.
        let s = suggest("June 1", today()).unwrap();
        assert_eq!(s.value, "YYYY-06-01");
        assert!(!s.complete);
        // Across New Year, the nearest year is the next one.
        let s = suggest("Jan 5", today()).unwrap();
        assert_eq!(s.value, "2027-01-05");
    }

    #[test]
    fn leaves_other_text_alone() {
        assert_eq!(value("soon"), None);
        assert_eq!(value("3"), None);
        assert_eq!(value("About us"), None);
        assert_eq!(value("Feb 30"), None);
        assert_eq!(value("13pm"), None);
        assert_eq!(value("2026"), None);
    }
}
