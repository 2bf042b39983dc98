//! Checks that compare a session with the clock, with other sessions, with the theme's strings
//! or with what it said when it was last recorded. (Checks of one `[event]` table on its own
//! are in `parse.rs`.)

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset};

use super::model::{Status, When};
use super::{Session, languages};
use crate::diagnostic::Diagnostic;
use crate::features::Input;

/// A session still marked `scheduled` this many days after it ended gets a warning.
pub const LONG_PAST_DAYS: i64 = 30;

/// A `scheduled` session whose end is long past: its record was probably never updated
/// (it took place, or it was cancelled), or its year is a typo.
pub fn long_past(sessions: &[Session<'_>], now: DateTime<FixedOffset>) -> Vec<Diagnostic> {
    sessions
        .iter()
        .filter(|s| s.event.status == Status::Scheduled)
        .filter_map(|s| {
            let ended = s.event.ends_at();
            let days = (now - ended.fixed_offset()).num_days();
            (now.signed_duration_since(ended) > Duration::days(LONG_PAST_DAYS)).then(|| {
                let day = match s.event.when {
                    When::Day(d) => d,
                    When::Timed { start, .. } => start.date_naive(),
                };
                Diagnostic::warning(&s.path, s.event.lines.status, 1, format!("this session is marked `scheduled`, but it was on {} ({days} days ago)", day.format("%Y-%m-%d")))
                    .with_hint("if it took place, set status = \"held\"; if it did not, set status = \"cancelled\"; if the year is wrong, fix the date")
            })
        })
        .collect()
}

fn venue_key(s: &Session<'_>) -> Option<String> {
    let l = s.event.location.as_ref()?;
    let name = l.venue.as_deref().or(l.address.as_deref())?;
    Some(
        name.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// Two sessions in one language that start at the same moment at the same venue: a copied file
/// whose date was not changed, or the same session twice.
pub fn same_time_and_place(sessions: &[Session<'_>]) -> Vec<Diagnostic> {
    let mut groups: BTreeMap<(String, i64, String), Vec<&Session<'_>>> = BTreeMap::new();
    for s in sessions {
        if matches!(
            s.event.status,
            Status::Cancelled | Status::Postponed | Status::MovedOnline
        ) {
            continue;
        }
        if let Some(v) = venue_key(s) {
            groups
                .entry((s.lang.clone(), s.event.starts_at().timestamp(), v))
                .or_default()
                .push(s);
        }
    }
    let mut diags = Vec::new();
    for group in groups.values_mut().filter(|g| g.len() > 1) {
        group.sort_by(|a, b| a.path.cmp(&b.path));
        let first = group[0].path.display().to_string();
        for s in &group[1..] {
            diags.push(
                Diagnostic::warning(&s.path, s.event.lines.start, 1, format!("this session starts at the same time and place as {first}"))
                    .with_hint("if it is the same session, keep one file; if one replaces the other, mark the old one `cancelled`; if it was copied, change its date"),
            );
        }
    }
    diags
}

/// Every language code a session lists must have a name in the theme's strings for every
/// language of the site, or residents would read `hy` instead of "Armenian".
pub fn language_names(sessions: &[Session<'_>], input: &Input<'_>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let strings_dir = format!("themes/{}/i18n/", input.config.theme);
    for s in sessions {
        let e = &s.event;
        for (codes, line) in [
            (&e.languages, e.lines.languages),
            (&e.interpretation, e.lines.interpretation),
        ] {
            for code in codes.iter().filter(|c| !c.contains("REPLACE")) {
                let missing: Vec<&str> = input
                    .config
                    .languages
                    .keys()
                    .filter(|lang| languages::name(input.strings, lang, code).is_none())
                    .map(String::as_str)
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let primary = code.split('-').next().unwrap_or(code);
                diags.push(
                    Diagnostic::error(&s.path, line, column_of(s, line, code), format!("the theme has no name for the language `{code}`, so residents would read `{code}` instead of its name"))
                        .with_hint(format!("add `language_{primary} = \"…\"` (the language's name, written in each file's language) to every strings file in {strings_dir}: {}", missing.iter().map(|l| format!("{l}.toml")).collect::<Vec<_>>().join(", "))),
                );
            }
        }
    }
    diags
}

fn column_of(s: &Session<'_>, line: usize, code: &str) -> usize {
    let front = &s.doc.source.front_text;
    front
        .text
        .lines()
        .nth(line.saturating_sub(front.first_line))
        .and_then(|l| l.to_lowercase().find(&format!("\"{code}")))
        .map(|at| at + 2)
        .unwrap_or(1)
}

/// The fingerprint of a session's time, place and status together with its `updated` date
/// (12 hex digits of BLAKE3, as `source_hash` in translations).
pub fn fingerprint(s: &Session<'_>, updated: &str) -> String {
    let hash = blake3::hash(format!("{}\n{updated}", s.event.essentials()).as_bytes());
    hash.to_hex()[..12].to_string()
}

/// A session people may have subscribed to must move its `updated` date whenever its time,
/// place or status changes, because calendars only show a change whose `SEQUENCE` grows (see
/// `calendar.rs`). A build cannot see the previous version of a file, so the session records
/// a `fingerprint` of those fields and its `updated` date: when they no longer match, the
/// check gives the two lines to write, with `updated` set to now. Drafts, sessions without a
/// time (no calendar) and sessions that are over are not checked.
pub fn fingerprints(sessions: &[Session<'_>], input: &Input<'_>) -> Vec<Diagnostic> {
    let tz = input.config.tz();
    let now_text = input
        .now
        .with_timezone(&tz)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let now_value = crate::dates::DateValue::parse(&now_text, tz)
        .map(|d| d.to_template_string(tz))
        .unwrap_or_default();
    sessions
        .iter()
        .filter(|s| !s.doc.front().draft && super::calendar::has_time(s))
        .filter(|s| s.event.ends_at() > input.now)
        .filter_map(|s| {
            let updated = s.doc.front().updated.map(|u| u.to_template_string(tz));
            let then = fingerprint(s, &now_value);
            let move_both = format!("set `updated = {now_text}` in the front matter (above [event]) and `fingerprint = \"{then}\"` under [event]");
            match (&s.event.fingerprint, updated) {
                (None, Some(u)) => Some(
                    Diagnostic::warning(&s.path, s.event.lines.event, 1, "this session has no `fingerprint`, so `haven check` cannot tell when its time, place or status changes, and calendars that subscribed might not show the change")
                        .with_hint(format!("add `fingerprint = \"{}\"` under [event]; when you later change the time, place or status, `haven check` asks you to move `updated` too", fingerprint(s, &u))),
                ),
                (None, None) => Some(
                    Diagnostic::warning(&s.path, s.event.lines.event, 1, "this session has no `updated` date and no `fingerprint`, so calendars that subscribed might not show a change of its time, place or status")
                        .with_hint(move_both),
                ),
                (Some(f), u) if *f != fingerprint(s, u.as_deref().unwrap_or_default()) => Some(
                    Diagnostic::error(&s.path, s.event.lines.fingerprint, 1, "the time, place or status of this session changed since its `fingerprint` was recorded (or its `updated` date did): calendars that subscribed show the change only when `updated` moves")
                        .with_hint(move_both),
                ),
                _ => None,
            }
        })
        .collect()
}
