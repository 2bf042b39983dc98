//! iCalendar files (RFC 5545): one per session, and one subscribable calendar per language.
//! The `icalendar` crate writes, escapes and folds every line; VTIMEZONE comes from
//! [`super::vtimezone`]. Sessions known only by their day get no calendar entry.
//!
//! A calendar app that subscribed shows a change only when the event's `SEQUENCE` grows (and
//! `LAST-MODIFIED` moves). Both come from the session page's `updated` date, which only ever
//! moves forward: `SEQUENCE` is the number of minutes from 2000-01-01 to it. The check that
//! `updated` moves whenever the time, place or status does is in `check.rs` (`fingerprint`).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, EventStatus, Property};

use super::Session;
use super::locale::Locale;
use super::model::{Status, When};
use super::view::{notice_key, status_key};
use crate::features::i18n::Strings;

/// What a calendar file needs besides its sessions.
pub struct Meta<'a> {
    /// Calendar name shown by apps, e.g. "Sessions — New Haven Office of Violence Prevention".
    pub name: &'a str,
    /// The site's time zone (the calendar's default).
    pub site_tz: Tz,
    /// The build time (DTSTAMP).
    pub now: DateTime<Utc>,
    /// The words of every language.
    pub strings: &'a Strings,
}

/// When the session's page was last changed (its `updated` date; a date alone is its
/// midnight in the session's time zone).
pub fn last_modified(s: &Session<'_>) -> Option<DateTime<Utc>> {
    s.doc
        .front()
        .updated
        .map(|u| u.to_datetime(s.event.tz).with_timezone(&Utc))
}

/// `SEQUENCE`: minutes from 2000-01-01 to `updated`, so it grows whenever `updated` moves, even
/// twice in a day when `updated` has a time; 0 without `updated`.
pub fn sequence(s: &Session<'_>) -> u32 {
    let epoch = DateTime::<Utc>::from_timestamp(946_684_800, 0).unwrap_or_default();
    last_modified(s)
        .map(|t| (t - epoch).num_minutes().clamp(0, i64::from(u32::MAX)) as u32)
        .unwrap_or(0)
}

/// A UID that stays the same across builds and languages: the session's file (without its
/// language suffix) at the site's host.
pub fn uid(translation_key: &str, host: &str) -> String {
    let stem = translation_key
        .strip_suffix(".md")
        .unwrap_or(translation_key);
    format!("{}@{host}", stem.replace('/', "-"))
}

fn text(key: &str, value: &str) -> Property {
    // VALUE=TEXT makes `icalendar` escape `,` `;` `\` and newlines in properties it does not
    // know as text (NAME, X-WR-CALNAME).
    Property::new(key, value)
        .add_parameter("VALUE", "TEXT")
        .done()
}

fn local(t: DateTime<Tz>) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: t.naive_local(),
        tzid: t.timezone().name().to_string(),
    }
}

/// The VEVENT for a session, or `None` for a day without a time.
fn vevent(s: &Session<'_>, now: DateTime<Utc>, strings: &Strings) -> Option<icalendar::Event> {
    let When::Timed { start, end } = s.event.when else {
        return None;
    };
    let l = &Locale::new(strings, &s.lang);
    let prefix = notice_key(s.event.status).map(|_| l.t(status_key(s.event.status)));
    let summary = match prefix {
        Some(p) => format!("{p}: {}", s.title),
        None => s.title.clone(),
    };
    let mut ev = icalendar::Event::new();
    ev.uid(&s.uid)
        .timestamp(now)
        .sequence(sequence(s))
        .summary(&summary)
        .url(&s.permalink)
        .starts(local(start));
    if let Some(end) = end {
        ev.ends(local(end));
    }
    if let Some(t) = last_modified(s) {
        ev.last_modified(t);
    }
    ev.status(match s.event.status {
        Status::Cancelled | Status::Postponed => EventStatus::Cancelled,
        _ => EventStatus::Confirmed,
    });
    if let Some(where_) = location_text(s, l) {
        ev.location(&where_);
    }
    ev.description(&description(s, l));
    Some(ev.done())
}

fn location_text(s: &Session<'_>, l: &Locale<'_>) -> Option<String> {
    let place = s
        .event
        .location
        .as_ref()
        .filter(|_| s.event.status != Status::MovedOnline)
        .map(|loc| {
            [loc.venue.clone(), loc.address_line()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ")
        });
    let online = s
        .event
        .online
        .as_ref()
        .map(|o| format!("{}: {}", l.t("session_online"), o.url));
    let parts: Vec<String> = [place, online]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" / "))
}

fn description(s: &Session<'_>, l: &Locale<'_>) -> String {
    let e = &s.event;
    let mut lines: Vec<String> = Vec::new();
    if let Some(note) = notice_key(e.status) {
        lines.push(l.t(note).into());
        if let Some(r) = &e.reason {
            lines.push(format!("{}: {r}", l.t("session_reason")));
        }
    }
    if let Some(d) = &s.description {
        lines.push(d.clone());
    }
    if let Some(o) = &e.online {
        lines.push(format!("{}: {}", l.t("session_join"), o.url));
        if let Some(d) = &o.details {
            lines.push(format!("{}: {d}", l.t("session_joining_details")));
        }
    }
    let names = |codes: &[String]| codes.iter().map(|c| l.language(c)).collect::<Vec<_>>();
    for (label, list) in [
        (l.t("session_languages"), names(&e.languages)),
        (l.t("session_interpretation"), names(&e.interpretation)),
        (l.t("session_accessibility"), e.accessibility.clone()),
    ] {
        if !list.is_empty() {
            lines.push(format!("{label}: {}", list.join(", ")));
        }
    }
    if let Some(r) = &e.registration {
        lines.push(format!("{}: {r}", l.t("session_registration")));
    }
    if let Some(c) = &e.contact {
        let who: Vec<&str> = [c.name.as_deref(), c.phone.as_deref(), c.email.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        lines.push(format!("{}: {}", l.t("session_contact"), who.join(", ")));
    }
    lines.push(format!("{}: {}", l.t("session_more_details"), s.permalink));
    // RFC 5545 text has no carriage returns; `icalendar` turns each \n into an escaped \n.
    lines.join("\n").replace("\r\n", "\n").replace('\r', "\n")
}

/// A complete calendar with those of `sessions` that have a time.
pub fn write(meta: &Meta<'_>, sessions: &[&Session<'_>]) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//Haven//Sessions//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.append_property(text("NAME", meta.name));
    cal.append_property(text("X-WR-CALNAME", meta.name));
    cal.append_property(Property::new("X-WR-TIMEZONE", meta.site_tz.name()));
    cal.append_property(
        Property::new("REFRESH-INTERVAL", "PT12H")
            .add_parameter("VALUE", "DURATION")
            .done(),
    );
    cal.append_property(Property::new("X-PUBLISHED-TTL", "PT12H"));
    // Years each zone is needed for.
    let mut zones: BTreeMap<&'static str, (Tz, i32, i32)> = BTreeMap::new();
    for s in sessions {
        let Some(ev) = vevent(s, meta.now, meta.strings) else {
            continue;
        };
        if let When::Timed { start, end } = s.event.when {
            let last = end.unwrap_or(start).year();
            let z = zones
                .entry(s.event.tz.name())
                .or_insert((s.event.tz, start.year(), last));
            z.1 = z.1.min(start.year());
            z.2 = z.2.max(last);
        }
        cal.push(ev);
    }
    if zones.is_empty() {
        // RFC 5545 wants at least one component in a calendar; with no event yet, the site's
        // time zone is that component.
        let y = meta.now.with_timezone(&meta.site_tz).year();
        zones.insert(meta.site_tz.name(), (meta.site_tz, y, y));
    }
    let text = cal.done().to_string();
    let vtimezones: String = zones
        .values()
        .map(|(tz, a, b)| super::vtimezone::component(*tz, *a, *b))
        .collect();
    // Time zones go before the events that refer to them (some older clients need that order).
    let at = text
        .find("BEGIN:VEVENT\r\n")
        .or_else(|| text.rfind("END:VCALENDAR"))
        .unwrap_or(text.len());
    format!("{}{vtimezones}{}", &text[..at], &text[at..])
}

/// Whether a session gets a calendar file.
pub fn has_time(s: &Session<'_>) -> bool {
    matches!(s.event.when, When::Timed { .. })
}
