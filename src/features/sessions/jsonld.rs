//! schema.org `Event` data (JSON-LD) for a session page, so that search engines show the
//! date, place and status correctly.

use serde_json::{Map, Value, json};

use super::Session;
use super::model::{Mode, Status, When};

fn put(m: &mut Map<String, Value>, k: &str, v: Option<&String>) {
    if let Some(v) = v {
        m.insert(k.into(), Value::String(v.clone()));
    }
}

/// The JSON-LD object for one session, when it can be a valid schema.org `Event` for search
/// engines: they require a start time and a place (an address or an online link). A session
/// known only by its day, or with no place yet, gets none; its page still says all it knows.
pub fn event(s: &Session<'_>, organizer: &str, site_url: &str) -> Option<Value> {
    let e = &s.event;
    if matches!(e.when, When::Day(_)) {
        return None;
    }
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    o.insert("@type".into(), json!("Event"));
    o.insert("name".into(), json!(s.title));
    put(&mut o, "description", s.description.as_ref());
    o.insert("url".into(), json!(s.permalink));
    match e.when {
        When::Day(d) => {
            o.insert("startDate".into(), json!(d.format("%Y-%m-%d").to_string()));
        }
        When::Timed { start, end } => {
            o.insert("startDate".into(), json!(start.to_rfc3339()));
            if let Some(end) = end {
                o.insert("endDate".into(), json!(end.to_rfc3339()));
            }
        }
    }
    let status = match e.status {
        Status::Scheduled | Status::Held => "EventScheduled",
        Status::Cancelled => "EventCancelled",
        Status::Postponed => "EventPostponed",
        Status::MovedOnline => "EventMovedOnline",
    };
    o.insert(
        "eventStatus".into(),
        json!(format!("https://schema.org/{status}")),
    );
    let mode = match e.mode() {
        Mode::InPerson => Some("OfflineEventAttendanceMode"),
        Mode::Online => Some("OnlineEventAttendanceMode"),
        Mode::Mixed => Some("MixedEventAttendanceMode"),
        Mode::Unknown => None,
    };
    if let Some(m) = mode {
        o.insert(
            "eventAttendanceMode".into(),
            json!(format!("https://schema.org/{m}")),
        );
    }
    let mut places = Vec::new();
    if let (Some(l), true) = (&e.location, e.mode() != Mode::Online) {
        let mut place = Map::new();
        place.insert("@type".into(), json!("Place"));
        put(&mut place, "name", l.venue.as_ref().or(l.address.as_ref()));
        let mut addr = Map::new();
        addr.insert("@type".into(), json!("PostalAddress"));
        put(&mut addr, "streetAddress", l.address.as_ref());
        put(&mut addr, "addressLocality", l.city.as_ref());
        put(&mut addr, "addressRegion", l.state.as_ref());
        put(&mut addr, "postalCode", l.postal_code.as_ref());
        // A place without an address is not one search engines accept.
        if addr.len() > 1 {
            place.insert("address".into(), Value::Object(addr));
            places.push(Value::Object(place));
        }
    }
    if let Some(on) = &e.online {
        places.push(json!({"@type": "VirtualLocation", "url": on.url}));
    }
    match places.len() {
        0 => return None,
        1 => {
            o.insert("location".into(), places.remove(0));
        }
        _ => {
            o.insert("location".into(), Value::Array(places));
        }
    }
    o.insert("organizer".into(), json!({"@type": "Organization", "name": e.organizer.as_deref().unwrap_or(organizer), "url": site_url}));
    let mut langs: Vec<String> = e
        .languages
        .iter()
        .chain(&e.interpretation)
        .cloned()
        .collect();
    let mut seen = std::collections::HashSet::new();
    langs.retain(|l| seen.insert(l.clone()));
    match langs.len() {
        0 => {}
        1 => {
            o.insert("inLanguage".into(), json!(langs[0]));
        }
        _ => {
            o.insert("inLanguage".into(), json!(langs));
        }
    }
    Some(Value::Object(o))
}
