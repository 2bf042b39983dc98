//! What templates receive about sessions (plain serializable structs, documented in
//! docs/theme-contract.md).

use chrono::{DateTime, FixedOffset};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::Session;
use super::locale::{Locale, Written};
use super::model::{Mode, Status, When};

/// One session, written out in one language.
#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// Title.
    pub title: String,
    /// One sentence, if given.
    pub description: Option<String>,
    /// Page URL.
    pub url: String,
    /// Full address of the page.
    pub permalink: String,
    /// Language of the page.
    pub lang: String,
    /// `scheduled`, `cancelled`, `postponed`, `moved-online`, `held`.
    pub status: &'static str,
    /// "Cancelled"…
    pub status_label: &'static str,
    /// The label once it is over ("Ended" for a session still marked scheduled).
    pub past_label: &'static str,
    /// A sentence explaining a status other than scheduled/held.
    pub notice: Option<&'static str>,
    /// Whether it was over when the site was built.
    pub past: bool,
    /// `in-person`, `online`, `mixed`, `unknown`.
    pub mode: &'static str,
    /// When.
    pub when: WhenView,
    /// Where, in person (none once moved online).
    pub location: Option<LocationView>,
    /// How to join online.
    pub online: Option<OnlineView>,
    /// Languages spoken.
    pub languages: Vec<String>,
    /// Interpretation offered.
    pub interpretation: Vec<String>,
    /// Access notes.
    pub accessibility: Vec<String>,
    /// Registration link.
    pub registration: Option<String>,
    /// Who to ask.
    pub contact: Option<ContactView>,
    /// The session's own `.ics` file; none for a day without a time.
    pub ics_url: Option<String>,
}

/// When, for `<time>` elements and people.
#[derive(Debug, Clone, Serialize)]
pub struct WhenView {
    /// `datetime` of the start: RFC 3339 with the UTC offset, or `2022-07-04` for a day.
    pub start: String,
    /// `datetime` of the end, when there is one.
    pub end: Option<String>,
    /// The moment the session is over (RFC 3339), which the script compares with the clock.
    pub ends: String,
    /// A day whose time is not known.
    pub day_only: bool,
    /// Written out: `start` + `sep` + `end` (see `locale.rs`), and `text`, the whole.
    pub written: Written,
    /// Time zone abbreviation, only when it is not the site's zone ("PST").
    pub zone: Option<String>,
    /// `2026-12`, for grouping.
    pub month: String,
    /// "December 2026".
    pub month_label: String,
}

/// Where.
#[derive(Debug, Clone, Serialize)]
pub struct LocationView {
    /// Name of the place.
    pub venue: Option<String>,
    /// Address on one line.
    pub address: Option<String>,
    /// Neighborhood.
    pub neighborhood: Option<String>,
    /// Its slug, for the filter.
    pub neighborhood_slug: Option<String>,
    /// Venue and address, URL-encoded, for a map search link.
    pub map_query: Option<String>,
}

/// How to join online.
#[derive(Debug, Clone, Serialize)]
pub struct OnlineView {
    /// Link.
    pub url: String,
    /// Joining details.
    pub details: Option<String>,
}

/// Who to ask.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// Name.
    pub name: Option<String>,
    /// Phone as written.
    pub phone: Option<String>,
    /// `tel:` link target: digits and `+` only.
    pub phone_href: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// Writes one session in the language of `l`.
pub fn session(
    s: &Session<'_>,
    l: &Locale,
    now: DateTime<FixedOffset>,
    site_tz: chrono_tz::Tz,
    ics_url: Option<String>,
) -> SessionView {
    let e = &s.event;
    let ui = &l.ui;
    let status_label = match e.status {
        Status::Scheduled => ui.status_scheduled,
        Status::Cancelled => ui.status_cancelled,
        Status::Postponed => ui.status_postponed,
        Status::MovedOnline => ui.status_moved_online,
        Status::Held => ui.status_held,
    };
    let notice = match e.status {
        Status::Cancelled => Some(ui.cancelled_note),
        Status::Postponed => Some(ui.postponed_note),
        Status::MovedOnline => Some(ui.moved_online_note),
        _ => None,
    };
    let (written, start, end, day_only) = match e.when {
        When::Day(d) => (l.day(d), d.format("%Y-%m-%d").to_string(), None, true),
        When::Timed { start, end } => (
            l.span(start, end),
            start.to_rfc3339(),
            end.map(|x| x.to_rfc3339()),
            false,
        ),
    };
    let starts = e.starts_at();
    let zone = (e.tz != site_tz && !day_only).then(|| starts.format("%Z").to_string());
    let location = e
        .location
        .as_ref()
        .filter(|_| e.mode() != Mode::Online)
        .map(|loc| {
            let query = [loc.venue.clone(), loc.address_line()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            LocationView {
                venue: loc.venue.clone(),
                address: loc.address_line(),
                neighborhood: loc.neighborhood.clone(),
                neighborhood_slug: loc.neighborhood.as_deref().map(crate::site::slugify),
                map_query: loc
                    .address
                    .as_ref()
                    .map(|_| utf8_percent_encode(&query, NON_ALPHANUMERIC).to_string()),
            }
        });
    SessionView {
        title: s.title.clone(),
        description: s.description.clone(),
        url: s.url.clone(),
        permalink: s.permalink.clone(),
        lang: s.lang.clone(),
        status: e.status.key(),
        status_label,
        past_label: if e.status == Status::Scheduled {
            ui.status_ended
        } else {
            status_label
        },
        notice,
        past: e.ends_at() <= now,
        mode: e.mode().key(),
        when: WhenView {
            start,
            end,
            ends: e.ends_at().to_rfc3339(),
            day_only,
            written,
            zone,
            month: starts.format("%Y-%m").to_string(),
            month_label: l.month_year(starts.date_naive()),
        },
        location,
        online: e.online.as_ref().map(|o| OnlineView {
            url: o.url.clone(),
            details: o.details.clone(),
        }),
        languages: e.languages.clone(),
        interpretation: e.interpretation.clone(),
        accessibility: e.accessibility.clone(),
        registration: e.registration.clone(),
        contact: e.contact.as_ref().map(|c| ContactView {
            name: c.name.clone(),
            phone: c.phone.clone(),
            phone_href: c
                .phone
                .as_ref()
                .map(|p| {
                    p.chars()
                        .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                        .collect::<String>()
                })
                .filter(|h| h.chars().any(|ch| ch.is_ascii_digit())),
            email: c.email.clone(),
        }),
        ics_url,
    }
}

/// Upcoming sessions grouped by month.
#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `2026-12`.
    pub key: String,
    /// "December 2026".
    pub label: String,
    /// Its sessions, soonest first.
    pub sessions: Vec<SessionView>,
}

/// A list of sessions as the listing pages show it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Listing {
    /// Upcoming, soonest first, by month.
    pub months: Vec<Month>,
    /// How many are upcoming.
    pub upcoming_count: usize,
    /// The next four upcoming (the home page shows two; the script shows the next ones as
    /// earlier ones end).
    pub next: Vec<SessionView>,
    /// Past, newest first.
    pub past: Vec<SessionView>,
}

/// Splits views (sorted by start) into upcoming by month and past, newest first.
pub fn listing(views: Vec<SessionView>) -> Listing {
    let (past, upcoming): (Vec<_>, Vec<_>) = views.into_iter().partition(|v| v.past);
    let mut months: Vec<Month> = Vec::new();
    for v in &upcoming {
        match months.last_mut() {
            Some(m) if m.key == v.when.month => m.sessions.push(v.clone()),
            _ => months.push(Month {
                key: v.when.month.clone(),
                label: v.when.month_label.clone(),
                sessions: vec![v.clone()],
            }),
        }
    }
    let mut past = past;
    past.reverse();
    Listing {
        upcoming_count: upcoming.len(),
        next: upcoming.into_iter().take(4).collect(),
        months,
        past,
    }
}
