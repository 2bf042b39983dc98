//! Checks that compare a session with the clock or with other sessions. (Checks of one
//! `[event]` table on its own are in `model.rs`.)

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset};

use super::Session;
use super::model::{Status, When};
use crate::diagnostic::Diagnostic;

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
