//! The `[event]` table as staff write it (serde structs that refuse unknown fields), and the
//! checked [`Event`] it becomes. Every problem found in one table is reported, each at the line
//! of the field it concerns.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;

pub use super::parse::parse;

/// `[event]` as written. Every field is optional for serde; [`parse`] says which are required.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    /// When it starts: `2026-12-03T18:00` (local time in `timezone`), or `2026-12-03` for a day
    /// whose time is not known. An offset (`2026-11-01T01:30:00-04:00`) picks one reading of a
    /// time that happens twice when clocks go back. Required.
    pub start: Option<toml::Value>,
    /// When it ends, written like `start` (a date-time when `start` has a time). Default: none
    /// (the session then counts as over at the end of its day).
    pub end: Option<toml::Value>,
    /// IANA time zone of `start` and `end`. Default: the site's `timezone`.
    pub timezone: Option<String>,
    /// `scheduled`, `cancelled`, `postponed`, `moved online`, or `held` (a past session that took
    /// place). Default: `scheduled`.
    pub status: Option<String>,
    /// Where it happens in person. Default: none (online only).
    pub location: Option<RawLocation>,
    /// How to join online. Default: none (in person only).
    pub online: Option<RawOnline>,
    /// Languages spoken, as codes: `["en", "es"]`. Residents see their names in the page's
    /// language. Default: none listed.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Interpretation offered, as codes: `["es", "asl"]`. Default: none listed.
    #[serde(default)]
    pub interpretation: Vec<String>,
    /// Access notes, e.g. `["Step-free entrance", "Childcare", "Food"]`. Default: none listed.
    #[serde(default)]
    pub accessibility: Vec<String>,
    /// Web address to register at. Default: none (no registration).
    pub registration: Option<String>,
    /// Who to ask. Default: none.
    pub contact: Option<RawContact>,
    /// Who runs the session. Default: the site's title.
    pub organizer: Option<String>,
    /// Why a session is cancelled, postponed or moved online, in one sentence: shown with its
    /// status and in calendars. Default: none.
    pub reason: Option<String>,
    /// The fingerprint of the session's time, place, status and `updated` date when they were
    /// last recorded; `haven check` prints it. Default: none (changes are not detected).
    pub fingerprint: Option<String>,
}

/// `[event.location]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLocation {
    /// Name of the place, e.g. "Fair Haven branch library, community room". Default: none.
    pub venue: Option<String>,
    /// Street address. Required for a session in person (except `held` records).
    pub address: Option<String>,
    /// Town or city. Default: none.
    pub city: Option<String>,
    /// State, e.g. "CT". Default: none.
    pub state: Option<String>,
    /// ZIP code. Default: none.
    pub postal_code: Option<String>,
    /// Neighborhood, used for the neighborhood filter. Default: none.
    pub neighborhood: Option<String>,
}

/// `[event.online]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOnline {
    /// The link to join. Required.
    pub url: Option<String>,
    /// Joining details: meeting ID, passcode, phone dial-in. Default: none.
    pub details: Option<String>,
}

/// `[event.contact]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    /// A person or team. Default: none.
    pub name: Option<String>,
    /// A phone number as people should read it. Default: none.
    pub phone: Option<String>,
    /// An e-mail address. Default: none.
    pub email: Option<String>,
}

/// What a session's status is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It will take place as announced.
    Scheduled,
    /// It will not take place.
    Cancelled,
    /// It will not take place at this time; a new date is to come.
    Postponed,
    /// It takes place online instead of in person.
    MovedOnline,
    /// A record of a past session that took place.
    Held,
}

/// The status words staff may write.
pub const STATUS_WORDS: [&str; 5] = [
    "scheduled",
    "cancelled",
    "postponed",
    "moved online",
    "held",
];

impl Status {
    /// Reads a status as staff write it; spelling variants (`canceled`, `moved-online`) accepted.
    pub fn parse(s: &str) -> Option<Status> {
        let norm = s.trim().to_lowercase().replace(['-', '_'], " ");
        Some(
            match norm
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .as_str()
            {
                "scheduled" => Status::Scheduled,
                "cancelled" | "canceled" => Status::Cancelled,
                "postponed" => Status::Postponed,
                "moved online" => Status::MovedOnline,
                "held" => Status::Held,
                _ => return None,
            },
        )
    }

    /// The key templates and CSS classes use: `scheduled`, `moved-online`…
    pub fn key(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Cancelled => "cancelled",
            Status::Postponed => "postponed",
            Status::MovedOnline => "moved-online",
            Status::Held => "held",
        }
    }
}

/// In person, online, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// At a place.
    InPerson,
    /// Online only.
    Online,
    /// At a place and online.
    Mixed,
    /// Not recorded (a `held` record without a place).
    Unknown,
}

impl Mode {
    /// `in-person`, `online`, `mixed`, `unknown`.
    pub fn key(self) -> &'static str {
        match self {
            Mode::InPerson => "in-person",
            Mode::Online => "online",
            Mode::Mixed => "mixed",
            Mode::Unknown => "unknown",
        }
    }
}

/// When a session happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A day whose time is not known (no calendar file is written for it).
    Day(NaiveDate),
    /// A start time and, when known, an end time.
    Timed {
        /// Start.
        start: DateTime<Tz>,
        /// End.
        end: Option<DateTime<Tz>>,
    },
}

/// A checked `[event.location]`.
#[derive(Debug, Clone, Default)]
pub struct Location {
    /// Name of the place.
    pub venue: Option<String>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State.
    pub state: Option<String>,
    /// ZIP code.
    pub postal_code: Option<String>,
    /// Neighborhood.
    pub neighborhood: Option<String>,
}

impl Location {
    /// "12 Main Street, New Haven, CT 06510": the address parts that are given.
    pub fn address_line(&self) -> Option<String> {
        let region = [self.state.as_deref(), self.postal_code.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let parts: Vec<&str> = [
            self.address.as_deref(),
            self.city.as_deref(),
            Some(region.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// A checked `[event.online]`.
#[derive(Debug, Clone)]
pub struct Online {
    /// The link to join.
    pub url: String,
    /// Joining details.
    pub details: Option<String>,
}

/// A checked `[event.contact]`.
#[derive(Debug, Clone, Default)]
pub struct Contact {
    /// A person or team.
    pub name: Option<String>,
    /// A phone number.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
}

/// A checked `[event]` table.
#[derive(Debug, Clone)]
pub struct Event {
    /// The time zone `start` and `end` are in.
    pub tz: Tz,
    /// When.
    pub when: When,
    /// Status.
    pub status: Status,
    /// Where, in person.
    pub location: Option<Location>,
    /// How to join online.
    pub online: Option<Online>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Interpretation offered.
    pub interpretation: Vec<String>,
    /// Access notes.
    pub accessibility: Vec<String>,
    /// Registration link.
    pub registration: Option<String>,
    /// Who to ask.
    pub contact: Option<Contact>,
    /// Who runs it (none: the site).
    pub organizer: Option<String>,
    /// Why it is cancelled, postponed or moved.
    pub reason: Option<String>,
    /// The fingerprint staff recorded, if any.
    pub fingerprint: Option<String>,
    /// File lines, for later checks.
    pub lines: Lines,
}

/// Lines of the fields later checks point at.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lines {
    /// `[event]`.
    pub event: usize,
    /// `start`.
    pub start: usize,
    /// `status`, or `[event]` when it is not written.
    pub status: usize,
    /// `venue` (or `[event.location]`).
    pub venue: usize,
    /// `languages`.
    pub languages: usize,
    /// `interpretation`.
    pub interpretation: usize,
    /// `fingerprint`, or `[event]` when it is not written.
    pub fingerprint: usize,
}

impl Event {
    /// In person, online or both. A session moved online is online.
    pub fn mode(&self) -> Mode {
        match (self.status, &self.location, &self.online) {
            (Status::MovedOnline, _, _) => Mode::Online,
            (_, Some(_), Some(_)) => Mode::Mixed,
            (_, Some(_), None) => Mode::InPerson,
            (_, None, Some(_)) => Mode::Online,
            (_, None, None) => Mode::Unknown,
        }
    }

    /// When it starts (a day without a time: its midnight).
    pub fn starts_at(&self) -> DateTime<Tz> {
        match self.when {
            When::Timed { start, .. } => start,
            When::Day(d) => local_lenient(self.tz, d.and_hms_opt(0, 0, 0).unwrap_or_default()),
        }
    }

    /// What subscribers' calendars must hear about when it changes: the time, place and
    /// status, one value a line (the input of the fingerprint).
    pub fn essentials(&self) -> String {
        let when = match self.when {
            When::Day(d) => d.format("%Y-%m-%d").to_string(),
            When::Timed { start, end } => format!(
                "{}\n{}",
                start.to_rfc3339(),
                end.map(|e| e.to_rfc3339()).unwrap_or_default()
            ),
        };
        let place = self
            .location
            .as_ref()
            .map(|l| {
                [&l.venue, &l.address, &l.city, &l.state, &l.postal_code]
                    .map(|v| v.as_deref().unwrap_or_default())
                    .join("\n")
            })
            .unwrap_or_default();
        let online = self
            .online
            .as_ref()
            .map(|o| o.url.as_str())
            .unwrap_or_default();
        format!(
            "{when}\n{}\n{}\n{place}\n{online}",
            self.tz.name(),
            self.status.key()
        )
    }

    /// When it is over: its end; without one, the end of its day (the next midnight).
    pub fn ends_at(&self) -> DateTime<Tz> {
        let day_end = |d: NaiveDate| {
            local_lenient(
                self.tz,
                d.succ_opt()
                    .unwrap_or(d)
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default(),
            )
        };
        match self.when {
            When::Timed { end: Some(end), .. } => end,
            When::Timed { start, end: None } => day_end(start.date_naive()),
            When::Day(d) => day_end(d),
        }
    }
}

/// A local time that may fall in a gap (some zones skip midnight): the first valid moment at
/// or after it.
pub(super) fn local_lenient(tz: Tz, naive: NaiveDateTime) -> DateTime<Tz> {
    let mut t = naive;
    for _ in 0..48 {
        if let Some(x) = tz.from_local_datetime(&t).earliest() {
            return x;
        }
        t += chrono::Duration::minutes(30);
    }
    tz.from_utc_datetime(&naive)
}
