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

impl DateValue {
    /// Parses `2026-12-03`, `2026-12-03T18:00` / `2026-12-03 18:00:00` (local time in `tz`),
    /// or RFC 3339 with an offset. `None` when it is none of these.
    pub fn parse(text: &str, tz: Tz) -> Option<DateValue> {
        let text = text.trim();
        if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(DateValue::Date(d));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
            return Some(DateValue::DateTime(dt));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(text, fmt) {
                // A local time in a DST gap does not exist; take the earliest valid reading
                // of an ambiguous one. Event pages check these cases strictly themselves.
                let local = tz.from_local_datetime(&naive).earliest()?;
                return Some(DateValue::DateTime(local.fixed_offset()));
            }
        }
        None
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
