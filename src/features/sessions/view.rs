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
    pub status_label: String,
    /// The label once it is over ("Ended" for a session still marked scheduled).
    pub past_label: String,
    /// A sentence explaining a status other than scheduled/held.
    pub notice: Option<String>,
    /// Why it is cancelled, postponed or moved, as staff wrote it.
    pub reason: Option<String>,
    /// Whether it will take place as listed (not cancelled or postponed): the home page's
    /// upcoming slots are for these.
    pub happens: bool,
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
    /// Languages spoken, as names in the page's language ("English", "Spanish").
    pub languages: Vec<String>,
    /// Interpretation offered, as names in the page's language.
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
    /// The `tel:` link that dials it (`tel:+12035550100;ext=12`), from [`crate::phone`].
    pub phone_href: Option<String>,
    /// E-mail.
    pub email: Option<String>,
}

/// Writes one session in the language of `l`.
pub fn session(
    s: &Session<'_>,
    l: &Locale<'_>,
    now: DateTime<FixedOffset>,
    site_tz: chrono_tz::Tz,
    ics_url: Option<String>,
) -> SessionView {
    let e = &s.event;
    let status_label = l.t(status_key(e.status)).to_string();
    let notice = notice_key(e.status).map(|k| l.t(k).to_string());
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
        past_label: if e.status == Status::Scheduled {
            l.t("status_ended").to_string()
        } else {
            status_label.clone()
        },
        status_label,
        reason: e.reason.clone().filter(|_| notice.is_some()),
        notice,
        happens: !matches!(e.status, Status::Cancelled | Status::Postponed),
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
        languages: e.languages.iter().map(|c| l.language(c)).collect(),
        interpretation: e.interpretation.iter().map(|c| l.language(c)).collect(),
        accessibility: e.accessibility.clone(),
        registration: e.registration.clone(),
        contact: e.contact.as_ref().map(|c| ContactView {
            name: c.name.clone(),
            phone: c.phone.clone(),
            phone_href: c
                .phone
                .as_deref()
                .and_then(|p| crate::phone::tel_href(p).ok()),
            email: c.email.clone(),
        }),
        ics_url,
    }
}

/// The strings key of a status's label.
pub fn status_key(status: Status) -> &'static str {
    match status {
        Status::Scheduled => "status_scheduled",
        Status::Cancelled => "status_cancelled",
        Status::Postponed => "status_postponed",
        Status::MovedOnline => "status_moved_online",
        Status::Held => "status_held",
    }
}

/// The strings key of the sentence explaining a status, for those that need one.
pub fn notice_key(status: Status) -> Option<&'static str> {
    match status {
        Status::Cancelled => Some("session_cancelled_note"),
        Status::Postponed => Some("session_postponed_note"),
        Status::MovedOnline => Some("session_moved_online_note"),
        Status::Scheduled | Status::Held => None,
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
    /// The next four upcoming sessions that will take place (the home page shows two; the
    /// script shows the next ones as earlier ones end). Cancelled and postponed ones are in
    /// `notices` instead, so they never take a slot.
    pub next: Vec<SessionView>,
    /// Upcoming sessions that are cancelled or postponed, soonest first (the home page shows
    /// them as notices).
    pub notices: Vec<SessionView>,
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
    let (next, notices): (Vec<_>, Vec<_>) = upcoming.iter().cloned().partition(|v| v.happens);
    Listing {
        upcoming_count: upcoming.len(),
        next: next.into_iter().take(4).collect(),
        notices,
        months,
        past,
    }
}
