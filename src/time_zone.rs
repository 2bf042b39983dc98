//! Time zones as staff write them (`timezone` in config.toml and in a session's `[event]`).
//!
//! A zone must be a place from the IANA database (`America/New_York`), never a fixed offset or
//! an abbreviation (`EST`, `EDT`, `UTC-5`, `Etc/GMT+5`): those ignore daylight saving time, so
//! in a place whose clocks change every time on pages, in search-engine data and in calendars
//! would be an hour off for half the year. chrono-tz knows some of them (`EST`, `Etc/GMT+5`),
//! so parsing alone would let them through.

use chrono_tz::Tz;

/// Why a written zone cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// An offset or abbreviation that does not follow daylight saving time; `place` is the zone
    /// that does, when the offset says which one.
    FixedOffset {
        /// The IANA place that is meant (`America/New_York` for `EST`), if known.
        place: Option<&'static str>,
    },
    /// Not a zone at all; `nearest` is the name it most likely means.
    Unknown {
        /// The closest IANA name (`America/New_York` for `america/new_york`).
        nearest: Option<Tz>,
    },
}

/// US abbreviations and the place each means.
const ABBREVIATIONS: [(&str, &str); 11] = [
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("AKST", "America/Anchorage"),
    ("AKDT", "America/Anchorage"),
    ("HST", "Pacific/Honolulu"),
];

/// Names chrono-tz accepts that are a fixed offset from UTC, not a place.
fn is_fixed(tz: Tz) -> bool {
    let name = tz.name();
    name.starts_with("Etc/")
        || matches!(
            name,
            "UTC"
                | "UCT"
                | "GMT"
                | "GMT0"
                | "GMT+0"
                | "GMT-0"
                | "Greenwich"
                | "Universal"
                | "Zulu"
                | "EST"
                | "MST"
                | "HST"
        )
}

/// Hours east of UTC in an offset written `UTC-5`, `GMT-05:00`, `-5`, `−05:00` or the POSIX
/// way, `Etc/GMT+5` (whose sign is the other way round).
fn offset_hours(name: &str) -> Option<i32> {
    let n = name.trim().replace('−', "-").to_uppercase();
    let (posix, rest) = if let Some(r) = n.strip_prefix("ETC/GMT") {
        (true, r)
    } else if let Some(r) = n.strip_prefix("UTC").or_else(|| n.strip_prefix("GMT")) {
        (false, r)
    } else {
        (false, n.as_str())
    };
    let rest = rest.trim();
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    // "5", "05", "05:00", "0500": the hours are the first one or two digits.
    let lead: String = digits.chars().take_while(char::is_ascii_digit).collect();
    let hours: i32 = match lead.len() {
        1 | 2 => lead.parse().ok()?,
        4 => lead[..2].parse().ok()?,
        _ => return None,
    };
    Some(if posix { -sign * hours } else { sign * hours })
}

/// The US place whose standard or daylight time is this offset.
fn place_for_offset(hours: i32) -> Option<&'static str> {
    match hours {
        -5 | -4 => Some("America/New_York"),
        -6 => Some("America/Chicago"),
        -7 => Some("America/Denver"),
        -8 => Some("America/Los_Angeles"),
        _ => None,
    }
}

/// Reads a zone as staff write it.
pub fn read(name: &str) -> Result<Tz, ZoneError> {
    let trimmed = name.trim();
    if let Some((_, place)) = ABBREVIATIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(trimmed))
    {
        return Err(ZoneError::FixedOffset { place: Some(place) });
    }
    if let Ok(tz) = trimmed.parse::<Tz>() {
        if !is_fixed(tz) {
            return Ok(tz);
        }
        return Err(ZoneError::FixedOffset {
            place: offset_hours(trimmed).and_then(place_for_offset),
        });
    }
    if let Some(hours) = offset_hours(trimmed) {
        return Err(ZoneError::FixedOffset {
            place: place_for_offset(hours),
        });
    }
    Err(ZoneError::Unknown {
        nearest: nearest(trimmed),
    })
}

impl ZoneError {
    /// The message for staff about the zone `written` in `timezone`; `whose` says where
    /// ("the site's ", or empty for a session).
    pub fn message(&self, whose: &str, written: &str) -> String {
        match self {
            ZoneError::FixedOffset { .. } => format!(
                "{whose}`timezone = \"{written}\"` is a fixed offset from UTC that ignores daylight saving time: where the clocks change, every time would be an hour off for half the year"
            ),
            ZoneError::Unknown { .. } => format!(
                "{whose}`timezone` must be an IANA time zone name like America/New_York, found `{written}`"
            ),
        }
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match self {
            ZoneError::FixedOffset {
                place: Some("America/New_York") | None,
            } => "write the place instead: timezone = \"America/New_York\" (New Haven), which moves between EST and EDT with the clocks".to_string(),
            ZoneError::FixedOffset { place: Some(p) } => format!(
                "write the place instead: timezone = \"{p}\", which follows daylight saving time (New Haven's is America/New_York)"
            ),
            ZoneError::Unknown { nearest: Some(tz) } => format!("did you mean `{}`?", tz.name()),
            ZoneError::Unknown { nearest: None } => {
                "use a place from the IANA time zone database, such as America/New_York".to_string()
            }
        }
    }
}

/// The zone a mistyped name most likely means (`america/new_york`, `America/New York`).
fn nearest(name: &str) -> Option<Tz> {
    let want = name.trim().replace(' ', "_").to_lowercase();
    chrono_tz::TZ_VARIANTS
        .iter()
        .filter(|tz| !is_fixed(**tz))
        .map(|tz| (strsim::jaro_winkler(&tz.name().to_lowercase(), &want), *tz))
        .filter(|(score, _)| *score > 0.9)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, tz)| tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str) -> Option<&'static str> {
        match read(name) {
            Err(ZoneError::FixedOffset { place }) => place,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn places_are_accepted() {
        assert_eq!(read("America/New_York"), Ok(chrono_tz::America::New_York));
        // Arizona keeps standard time all year by law: a place, so right there.
        assert!(read("America/Phoenix").is_ok());
        assert!(read("US/Eastern").is_ok());
    }

    #[test]
    fn offsets_and_abbreviations_are_refused() {
        for name in [
            "EST",
            "EDT",
            "est",
            "UTC-5",
            "UTC-05:00",
            "GMT-4",
            "Etc/GMT+5",
            "-05:00",
        ] {
            assert_eq!(place(name), Some("America/New_York"), "{name}");
        }
        assert_eq!(place("CST"), Some("America/Chicago"));
        assert_eq!(place("PST"), Some("America/Los_Angeles"));
        assert_eq!(place("Etc/GMT+8"), Some("America/Los_Angeles"));
        assert_eq!(place("UTC"), None);
        assert_eq!(place("Etc/UTC"), None);
        assert_eq!(place("UTC+1"), None);
    }

    #[test]
    fn mistyped_places_get_the_nearest() {
        assert_eq!(
            read("america/new_york"),
            Err(ZoneError::Unknown {
                nearest: Some(chrono_tz::America::New_York)
            })
        );
        assert_eq!(read("Nowhere"), Err(ZoneError::Unknown { nearest: None }));
    }
}
