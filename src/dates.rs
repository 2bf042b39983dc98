//! Dates as staff write them in front matter, and as templates print them.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;

/// A date, or a date and time, from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// A calendar date without a time (`2026-12-03`).
    Date(NaiveDate),
    /// A moment in time, shown in the site's time zone.
    DateTime(DateTime<FixedOffset>),
}

/// A date or date-time as staff wrote it, before a time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// `2026-12-03`.
    Date(NaiveDate),
    /// `2026-12-03T18:00` or `2026-12-03 18:00:00`: a wall-clock time, in the site's zone.
    Local(NaiveDateTime),
    /// With an offset: RFC 3339 (`2026-12-03T18:00:00-05:00`), or without seconds.
    Fixed(DateTime<FixedOffset>),
}

/// Reads every form of date staff may write (see [`Written`]); `None` when it is none of them.
pub fn read(text: &str) -> Option<Written> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(Written::Date(d));
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(Written::Fixed(dt));
    }
    for fmt in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
        if let Ok(dt) = DateTime::parse_from_str(text, fmt) {
            return Some(Written::Fixed(dt));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(Written::Local(n));
        }
    }
    None
}

impl DateValue {
    /// Parses what [`read`] reads; a wall-clock time is taken in `tz`. `None` when the text is
    /// not a date.
    pub fn parse(text: &str, tz: Tz) -> Option<DateValue> {
        match read(text)? {
            Written::Date(d) => Some(DateValue::Date(d)),
            Written::Fixed(dt) => Some(DateValue::DateTime(dt)),
            // A local time in a DST gap does not exist; take the earliest valid reading of an
            // ambiguous one. Event pages check these cases strictly themselves.
            Written::Local(n) => tz
                .from_local_datetime(&n)
                .earliest()
                .map(|t| DateValue::DateTime(t.fixed_offset())),
        }
    }

    /// The form templates receive: `2026-12-03`, or RFC 3339 in the site's time zone.
    pub fn to_template_string(&self, tz: Tz) -> String {
        match self {
            DateValue::Date(d) => d.format("%Y-%m-%d").to_string(),
            DateValue::DateTime(dt) => dt.with_timezone(&tz).to_rfc3339(),
        }
    }

    /// Seconds since 1970, for sorting; a bare date counts as its midnight in `tz`.
    pub fn timestamp(&self, tz: Tz) -> i64 {
        self.to_datetime(tz).timestamp()
    }

    /// The moment this stands for; a bare date is its midnight in `tz`.
    pub fn to_datetime(&self, tz: Tz) -> DateTime<FixedOffset> {
        match self {
            DateValue::DateTime(dt) => *dt,
            DateValue::Date(d) => {
                let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
                tz.from_local_datetime(&midnight)
                    .earliest()
                    .map(|t| t.fixed_offset())
                    .unwrap_or_else(|| midnight.and_utc().fixed_offset())
            }
        }
    }
}

/// "Now" for a build: `HAVEN_NOW` (RFC 3339) when set, which fixes it so that tests and
/// reproducible builds agree; else the current time. A value that is set but is not such a
/// moment is an error: ignoring it would build the site "now" while the person who set it
/// believes otherwise (sessions listed as upcoming or past on the wrong side).
pub fn now() -> Result<DateTime<FixedOffset>, crate::diagnostic::Diagnostic> {
    let Ok(value) = std::env::var("HAVEN_NOW") else {
        return Ok(chrono::Utc::now().fixed_offset());
    };
    DateTime::parse_from_rfc3339(value.trim()).map_err(|_| {
        crate::diagnostic::Diagnostic::error("HAVEN_NOW", 0, 0, format!("the environment variable HAVEN_NOW must be a date and time with its offset, found `{value}`"))
            .with_hint("write it like HAVEN_NOW=2026-11-23T12:00:00-05:00, or unset it to build with the real time")
    })
}

/// Formats a template date string (as produced by [`DateValue::to_template_string`]) with a
/// chrono strftime pattern, in the site's time zone.
pub fn format(text: &str, pattern: &str, tz: Tz) -> Result<String, String> {
    use std::fmt::Write;
    let value = DateValue::parse(text, tz).ok_or_else(|| format!("`{text}` is not a date"))?;
    let mut out = String::new();
    let res = match value {
        DateValue::Date(d) => write!(out, "{}", d.format(pattern)),
        DateValue::DateTime(dt) => write!(out, "{}", dt.with_timezone(&tz).format(pattern)),
    };
    // chrono reports a bad pattern only when it is written out.
    res.map_err(|_| {
        format!("`{pattern}` is not a valid date format (it uses strftime codes like %B %-d, %Y)")
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_staff_write() {
        let tz: Tz = "America/New_York".parse().unwrap();
        assert!(matches!(
            DateValue::parse("2026-12-03", tz),
            Some(DateValue::Date(_))
        ));
        let v = DateValue::parse("2026-12-03T18:00", tz).unwrap();
        assert_eq!(v.to_template_string(tz), "2026-12-03T18:00:00-05:00");
        assert!(DateValue::parse("Dec 3", tz).is_none());
    }

    #[test]
    fn formats_in_site_zone() {
        let tz: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            format("2026-12-03T23:30:00Z", "%B %-d, %Y", tz).unwrap(),
            "December 3, 2026"
        );
        assert!(format("2026-12-03", "%Q", tz).is_err());
    }
}
