//! VTIMEZONE components (RFC 5545 §3.6.5) from chrono-tz's rules, so that calendar apps read
//! `DTSTART;TZID=America/New_York:…` right even when they do not know the zone themselves.
//!
//! Written here because neither crate does it: chrono-tz keeps its transition table private,
//! and the `icalendar` crate has no VTIMEZONE builder (its generic component writer adds a
//! DTSTAMP and a UID, which RFC 5545 does not allow inside VTIMEZONE). So the transitions are
//! found by sampling chrono-tz's offsets, and each line is still written, escaped and folded by
//! `icalendar`'s `Property`; only the BEGIN/END lines are written here.

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::Property;

/// One observance: from `at` on, the zone is at offset `to` (seconds east of UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observance {
    /// The moment it starts.
    pub at: DateTime<Utc>,
    /// Offset before it, in seconds.
    pub from: i32,
    /// Offset from then on, in seconds.
    pub to: i32,
    /// Daylight saving time or standard time.
    pub dst: bool,
    /// Abbreviation, e.g. "EST".
    pub name: Option<String>,
}

/// (offset in seconds, is daylight time, abbreviation) at a moment.
fn state(tz: Tz, t: DateTime<Utc>) -> (i32, bool, Option<String>) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        o.fix().local_minus_utc(),
        !o.dst_offset().is_zero(),
        o.abbreviation().map(str::to_string),
    )
}

/// The observances in force from January 1 of `first_year` to the end of `last_year`: the one
/// already in force at the start, then one per change of offset.
pub fn observances(tz: Tz, first_year: i32, last_year: i32) -> Vec<Observance> {
    let start = NaiveDate::from_ymd_opt(first_year, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let stop = NaiveDate::from_ymd_opt(last_year + 1, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let (off, dst, name) = state(tz, start);
    let mut out = vec![Observance {
        at: start,
        from: off,
        to: off,
        dst,
        name,
    }];
    // Offsets change at most a few times a year and never twice within six hours.
    let step = Duration::hours(6);
    let mut t = start;
    let mut cur = (off, dst);
    while t < stop {
        let next = t + step;
        let (o, d, _) = state(tz, next);
        if (o, d) != cur {
            // Binary search for the first second with the new offset.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            let at = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap_or(next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                let (mo, md, _) = state(tz, at(mid));
                if (mo, md) == cur { lo = mid } else { hi = mid }
            }
            let hi = at(hi);
            let (o2, d2, n2) = state(tz, hi);
            out.push(Observance {
                at: hi,
                from: cur.0,
                to: o2,
                dst: d2,
                name: n2,
            });
            cur = (o2, d2);
        }
        t = next;
    }
    out
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn line(out: &mut String, p: Property) {
    // `Property` escapes TEXT values, folds at 75 octets and ends the line with CRLF.
    let s: Result<String, _> = p.try_into();
    out.push_str(&s.unwrap_or_default());
}

/// The VTIMEZONE component for `tz` covering `first_year..=last_year`, CRLF line endings.
pub fn component(tz: Tz, first_year: i32, last_year: i32) -> String {
    let mut out = String::from("BEGIN:VTIMEZONE\r\n");
    line(&mut out, Property::new("TZID", tz.name()));
    for o in observances(tz, first_year, last_year) {
        let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
        out.push_str(&format!("BEGIN:{kind}\r\n"));
        // DTSTART of an observance is the local time in the offset in force before it.
        let local = o.at.naive_utc() + Duration::seconds(o.from.into());
        line(
            &mut out,
            Property::new("DTSTART", local.format("%Y%m%dT%H%M%S").to_string()),
        );
        line(&mut out, Property::new("TZOFFSETFROM", offset_text(o.from)));
        line(&mut out, Property::new("TZOFFSETTO", offset_text(o.to)));
        if let Some(n) = o.name {
            line(&mut out, Property::new("TZNAME", n));
        }
        out.push_str(&format!("END:{kind}\r\n"));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_2026_has_both_changes() {
        let obs = observances(chrono_tz::America::New_York, 2026, 2026);
        let summary: Vec<(String, i32, i32, bool)> = obs
            .iter()
            .map(|o| (o.at.to_rfc3339(), o.from, o.to, o.dst))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "2026-01-01T00:00:00+00:00".to_string(),
                    -18000,
                    -18000,
                    false
                ),
                (
                    "2026-03-08T07:00:00+00:00".to_string(),
                    -18000,
                    -14400,
                    true
                ),
                (
                    "2026-11-01T06:00:00+00:00".to_string(),
                    -14400,
                    -18000,
                    false
                ),
            ]
        );
        let text = component(chrono_tz::America::New_York, 2026, 2026);
        assert!(
            text.starts_with("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:STANDARD\r\n"),
            "{text}"
        );
        assert!(text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n"), "{text}");
        assert!(
            text.ends_with("TZNAME:EST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"),
            "{text}"
        );
    }

    #[test]
    fn zone_without_changes_has_one_observance() {
        let obs = observances(chrono_tz::UTC, 2026, 2027);
        assert_eq!(obs.len(), 1);
        assert_eq!(offset_text(0), "+0000");
        assert_eq!(offset_text(19800), "+0530");
    }
}
