//! Reading an `[event]` table: typed values, and every problem with its file line.

use std::path::Path;

use chrono::{DateTime, NaiveDate, TimeZone};
use chrono_tz::Tz;

use super::fields;
use super::model::*;
use crate::content::FrontText;
use crate::content::frontmatter::page_fields;
use crate::dates::{self, Written};
use crate::diagnostic::Diagnostic;
use crate::fields::typed;

/// Collects the problems of one file's `[event]` table.
struct Checker<'a> {
    path: &'a Path,
    front: &'a FrontText,
    diags: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn line(&self, keys: &[&str]) -> usize {
        let mut full = vec!["event"];
        full.extend_from_slice(keys);
        self.front.line_of(&full).unwrap_or(self.front.first_line)
    }

    fn error(&mut self, keys: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        let line = self.line(keys);
        self.diags
            .push(Diagnostic::error(self.path, line, 1, message).with_hint(hint));
    }

    fn warn(&mut self, keys: &[&str], message: impl Into<String>, hint: impl Into<String>) {
        let line = self.line(keys);
        self.diags
            .push(Diagnostic::warning(self.path, line, 1, message).with_hint(hint));
    }

    /// `start` / `end` as a date or a moment in `tz`.
    fn moment(
        &mut self,
        key: &str,
        value: &toml::Value,
        tz: Tz,
        tz_name: &str,
    ) -> Option<Result<NaiveDate, DateTime<Tz>>> {
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => other.to_string(),
        };
        let Some(written) = dates::read(&text) else {
            if let Some(d) = self
                .front
                .other_date_form(self.path, &["event", key], text.trim())
            {
                self.diags.push(d);
                return None;
            }
            self.error(
                &[key],
                format!("`{key}` must look like 2026-12-03T18:00, found `{text}`"),
                "write year-month-day, the letter T, then the time on the 24-hour clock (6 p.m. is 18:00); for a day whose time is not known, just the date: 2026-12-03",
            );
            return None;
        };
        match written {
            Written::Date(d) => Some(Ok(d)),
            Written::Fixed(f) => {
                let at = f.with_timezone(&tz);
                if at.naive_local() != f.naive_local() {
                    self.error(
                        &[key],
                        format!("`{key}` says offset {}, but {tz_name} is at {} at that moment", f.format("%:z"), at.format("%:z")),
                        format!("leave the offset out ({}), unless the time happens twice when clocks go back", f.naive_local().format("%Y-%m-%dT%H:%M")),
                    );
                    return None;
                }
                Some(Err(at))
            }
            Written::Local(n) => match tz.from_local_datetime(&n) {
                chrono::LocalResult::Single(t) => Some(Err(t)),
                chrono::LocalResult::None => {
                    let gap = chrono_tz::GapInfo::new(&n, &tz);
                    let (from, to) = gap
                        .as_ref()
                        .and_then(|g| Some((g.begin?.0, g.end?.naive_local())))
                        .unwrap_or((n, n + chrono::Duration::hours(1)));
                    let suggestion = n + (to - from);
                    self.error(
                        &[key],
                        format!(
                            "`{key}` is {}, a time that does not exist in {tz_name}: that night the clocks jump from {} to {}",
                            n.format("%Y-%m-%d %H:%M"),
                            from.format("%H:%M"),
                            to.format("%H:%M")
                        ),
                        format!("choose a time outside the skipped hour, e.g. {}", suggestion.format("%Y-%m-%dT%H:%M")),
                    );
                    None
                }
                chrono::LocalResult::Ambiguous(first, second) => {
                    self.error(
                        &[key],
                        format!("`{key}` is {}, a time that happens twice in {tz_name}: that night the clocks go back an hour", n.format("%Y-%m-%d %H:%M")),
                        format!(
                            "add the offset to say which one: {} (the first time) or {} (the second)",
                            first.format("%Y-%m-%dT%H:%M:%S%:z"),
                            second.format("%Y-%m-%dT%H:%M:%S%:z")
                        ),
                    );
                    None
                }
            },
        }
    }

    fn web_address(&mut self, keys: &[&str], value: Option<String>) -> Option<String> {
        let v = clean(value)?;
        if v.starts_with("https://") || v.starts_with("http://") {
            return Some(v);
        }
        let name = keys.last().copied().unwrap_or("url");
        self.error(
            keys,
            format!("`{name}` must be a full web address, found `{v}`"),
            "write it with https:// at the start, e.g. https://example.org/register",
        );
        None
    }
}

fn clean(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn clean_list(v: Vec<String>) -> Vec<String> {
    v.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Checks one page's `[event]` table. `draft` pages get warnings, not errors, for text still
/// left from `haven new session`. Returns the event when it can be listed, and every problem.
pub fn parse(
    table: &toml::Table,
    front: &FrontText,
    path: &Path,
    site_tz: Tz,
    draft: bool,
) -> (Option<Event>, Vec<Diagnostic>) {
    let mut c = Checker {
        path,
        front,
        diags: Vec::new(),
    };
    placeholders(&mut c, table, &mut Vec::new(), draft);
    let (raw, problems) = typed::read::<RawEvent>(table);
    let context = typed::Context {
        file: path,
        spans: &front.spans,
        syntax: front.syntax,
        prefix: &["event"],
        noun: "field",
        outer_fields: page_fields(),
        examples: &[],
    };
    c.diags.extend(problems.iter().map(|p| context.describe(p)));
    // A field reported above is not reported again as missing.
    let taken_out = |key: &str| problems.iter().any(|p| p.concerns(key));
    let Some(raw) = raw else {
        return (None, c.diags);
    };
    let lines = Lines {
        event: c.line(&[]),
        start: c.line(&["start"]),
        status: c.line(&["status"]),
        venue: c.line(&["location", "venue"]),
        languages: c.line(&["languages"]),
        interpretation: c.line(&["interpretation"]),
        fingerprint: c.line(&["fingerprint"]),
    };

    let (tz, tz_name) = match clean(raw.timezone) {
        None => (site_tz, site_tz.name().to_string()),
        Some(name) => match crate::time_zone::read(&name) {
            Ok(tz) => (tz, name),
            Err(e) => {
                let hint = match &e {
                    crate::time_zone::ZoneError::Unknown { nearest: None } => "use a name from the IANA time zone database, such as America/New_York; leave `timezone` out to use the site's".to_string(),
                    _ => e.hint(),
                };
                c.error(&["timezone"], e.message("", &name), hint);
                return (None, c.diags);
            }
        },
    };

    let status = match clean(raw.status) {
        None => Status::Scheduled,
        Some(s) => match Status::parse(&s) {
            Some(st) => st,
            None => {
                c.error(
                    &["status"],
                    format!(
                        "`status` must be one of {}, found `{s}`",
                        STATUS_WORDS.map(|w| format!("`{w}`")).join(", ")
                    ),
                    "write the status in quotes, e.g. status = \"cancelled\"",
                );
                Status::Scheduled
            }
        },
    };

    let start = match &raw.start {
        None if taken_out("start") => None,
        None => {
            c.error(
                &[],
                "this session has no `start`",
                "add a line like `start = 2026-12-03T18:00` under [event]",
            );
            None
        }
        Some(v) => c.moment("start", v, tz, &tz_name),
    };
    let end = raw
        .end
        .as_ref()
        .and_then(|v| c.moment("end", v, tz, &tz_name));
    let when = match (start, end, raw.end.is_some()) {
        (None, _, _) => None,
        (Some(Ok(day)), None, false) => Some(When::Day(day)),
        (Some(Ok(_)), _, true) => {
            c.error(&["end"], "`end` is given but `start` has no time", "give `start` a time too, e.g. 2026-12-03T18:00, or remove `end` for a day whose time is not known");
            None
        }
        (Some(Err(s)), None, false) => Some(When::Timed {
            start: s,
            end: None,
        }),
        (Some(Err(_)), Some(Ok(_)), _) => {
            c.error(
                &["end"],
                "`end` has no time, but `start` has one",
                "write the end time too, e.g. end = 2026-12-03T19:30",
            );
            None
        }
        (Some(Err(s)), Some(Err(e)), _) if e <= s => {
            c.error(
                &["end"],
                format!(
                    "the session ends ({}) before it starts ({})",
                    e.format("%Y-%m-%d %H:%M"),
                    s.format("%Y-%m-%d %H:%M")
                ),
                "check both times; a session that goes past midnight ends on the next day's date",
            );
            None
        }
        (Some(Err(s)), Some(Err(e)), _) => Some(When::Timed {
            start: s,
            end: Some(e),
        }),
        _ => None,
    };

    if let Some(whole) = raw
        .location
        .as_ref()
        .and_then(|l| l.address.as_deref())
        .and_then(super::address::split)
    {
        c.warn(
            &["location", "address"],
            format!("`address` holds a whole address (`{}`): search engines and map links need its parts in their own fields", whole.written),
            format!("write each part in its own field under [event.location]:\n{}", whole.fields()),
        );
    }
    let location = raw.location.map(|l| Location {
        venue: clean(l.venue),
        address: clean(l.address),
        city: clean(l.city),
        state: clean(l.state),
        postal_code: clean(l.postal_code),
        neighborhood: clean(l.neighborhood),
    });
    let online_given = raw.online.is_some();
    let online = match raw.online {
        None => None,
        Some(o) => match clean(o.url.clone()) {
            None => {
                if status != Status::Held {
                    c.error(
                        &["online"],
                        "this online session has no `url` to join",
                        "add the link under [event.online], e.g. url = \"https://…\"",
                    );
                }
                None
            }
            Some(_) => c.web_address(&["online", "url"], o.url).map(|url| Online {
                url,
                details: clean(o.details),
            }),
        },
    };
    if status != Status::Held {
        if let Some(l) = &location
            && l.address.is_none()
            && status != Status::MovedOnline
        {
            c.error(
                    &["location"],
                    "this in-person session has no street `address`",
                    "add `address = \"…\"` under [event.location]; if the session is only online, replace [event.location] with [event.online]",
                );
        }
        if status == Status::MovedOnline && !online_given {
            c.error(
                &["status"],
                "this session is marked `moved online` but has no link to join",
                "add [event.online] with `url = \"https://…\"`",
            );
        }
        if location.is_none() && !online_given && !taken_out("location") && !taken_out("online") {
            c.error(
                &[],
                "this session says neither where it is nor how to join online",
                "add [event.location] with a venue and address, or [event.online] with a link (or both)",
            );
        }
    }
    let registration = c.web_address(&["registration"], raw.registration);
    let contact = raw.contact.map(|k| Contact {
        name: clean(k.name),
        phone: clean(k.phone),
        email: clean(k.email),
    });
    if let Some(number) = contact.as_ref().and_then(|k| k.phone.as_deref()) {
        let line = c.line(&["contact", "phone"]);
        c.diags
            .extend(fields::contact_phone(c.path, c.front, line, number));
    }
    if let Some(k) = &contact
        && k.name.is_none()
        && k.phone.is_none()
        && k.email.is_none()
    {
        c.error(
            &["contact"],
            "[event.contact] is empty",
            "add a `name`, `phone` or `email`, or remove [event.contact]",
        );
    }
    let (languages, mut d) = fields::codes(
        &fields::At {
            path,
            front,
            line: c.line(&["languages"]),
        },
        "languages",
        raw.languages,
    );
    c.diags.append(&mut d);
    let (interpretation, mut d) = fields::codes(
        &fields::At {
            path,
            front,
            line: c.line(&["interpretation"]),
        },
        "interpretation",
        raw.interpretation,
    );
    c.diags.append(&mut d);
    let reason = clean(raw.reason);
    if reason.is_some() && matches!(status, Status::Scheduled | Status::Held) {
        c.warn(
            &["reason"],
            "`reason` is only shown for a session that is cancelled, postponed or moved online",
            "remove it, or set the `status` it explains",
        );
    }
    let event = when.map(|when| Event {
        tz,
        when,
        status,
        location,
        online,
        languages,
        interpretation,
        accessibility: clean_list(raw.accessibility),
        registration,
        contact,
        organizer: clean(raw.organizer),
        reason,
        fingerprint: clean(raw.fingerprint),
        lines,
    });
    (event, c.diags)
}

/// `haven new session` writes "REPLACE …" in every field staff must fill in.
fn placeholders(c: &mut Checker<'_>, table: &toml::Table, path: &mut Vec<String>, draft: bool) {
    for (k, v) in table {
        path.push(k.clone());
        let text = match v {
            toml::Value::String(s) => vec![s.as_str()],
            toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).collect(),
            toml::Value::Table(t) => {
                placeholders(c, t, path, draft);
                vec![]
            }
            _ => vec![],
        };
        if text.iter().any(|s| s.contains("REPLACE")) {
            let keys: Vec<&str> = path.iter().map(String::as_str).collect();
            let line = c.line(&keys);
            let message = format!(
                "`{}` still has the example text from `haven new session`",
                keys.join(".")
            );
            let hint = "write the real value, or remove the field if it does not apply";
            c.diags.push(
                if draft {
                    Diagnostic::warning(c.path, line, 1, message)
                } else {
                    Diagnostic::error(c.path, line, 1, message)
                }
                .with_hint(hint),
            );
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(front: &str) -> (Option<Event>, Vec<Diagnostic>) {
        let (table, ft) = FrontText::from_toml(front, 2);
        let event = table["event"].as_table().unwrap().clone();
        parse(
            &event,
            &ft,
            Path::new("s.md"),
            chrono_tz::America::New_York,
            false,
        )
    }

    fn messages(front: &str) -> Vec<String> {
        parse_text(front)
            .1
            .iter()
            .map(|d| format!("{}: {}", d.line, d.message))
            .collect()
    }

    const PLACE: &str = "[event.location]\nvenue = \"Hall\"\naddress = \"1 Main St\"\n";

    #[test]
    fn a_complete_session_parses() {
        let (e, d) = parse_text(&format!(
            "title = \"x\"\n[event]\nstart = 2026-12-03T18:00\nend = 2026-12-03T19:30\nlanguages = [\"en\"]\n{PLACE}"
        ));
        assert!(d.is_empty(), "{d:?}");
        let e = e.unwrap();
        assert_eq!(e.mode(), Mode::InPerson);
        assert_eq!(e.starts_at().to_rfc3339(), "2026-12-03T18:00:00-05:00");
        assert_eq!(e.ends_at().to_rfc3339(), "2026-12-03T19:30:00-05:00");
    }

    #[test]
    fn dst_gap_and_overlap_are_errors() {
        let m = messages(&format!(
            "[event]\nstart = 2026-03-08T02:30\nend = 2026-03-08T04:00\n{PLACE}"
        ));
        assert_eq!(
            m,
            [
                "3: `start` is 2026-03-08 02:30, a time that does not exist in America/New_York: that night the clocks jump from 02:00 to 03:00"
            ]
        );
        let m = messages(&format!(
            "[event]\nstart = 2026-11-01T00:30\nend = 2026-11-01T01:30\n{PLACE}"
        ));
        assert_eq!(
            m,
            [
                "4: `end` is 2026-11-01 01:30, a time that happens twice in America/New_York: that night the clocks go back an hour"
            ]
        );
        // An offset picks one reading.
        let (e, d) = parse_text(&format!(
            "[event]\nstart = 2026-11-01T00:30\nend = 2026-11-01T01:30:00-05:00\n{PLACE}"
        ));
        assert!(d.is_empty(), "{d:?}");
        assert!(
            matches!(e.unwrap().when, When::Timed { end: Some(t), .. } if t.to_rfc3339() == "2026-11-01T01:30:00-05:00")
        );
        let m = messages(&format!(
            "[event]\nstart = 2026-12-03T18:00:00-04:00\n{PLACE}"
        ));
        assert_eq!(
            m,
            ["3: `start` says offset -04:00, but America/New_York is at -05:00 at that moment"]
        );
    }

    #[test]
    fn end_before_start_and_bad_zone() {
        assert_eq!(
            messages(&format!(
                "[event]\nstart = 2026-12-03T18:00\nend = 2026-12-03T17:00\n{PLACE}"
            )),
            ["4: the session ends (2026-12-03 17:00) before it starts (2026-12-03 18:00)"]
        );
        let (_, d) = parse_text(&format!(
            "[event]\nstart = 2026-12-03T18:00\ntimezone = \"america/new_york\"\n{PLACE}"
        ));
        assert_eq!(
            d[0].message,
            "`timezone` must be an IANA time zone name like America/New_York, found `america/new_york`"
        );
        assert_eq!(
            d[0].hint.as_deref(),
            Some("did you mean `America/New_York`?")
        );
    }

    #[test]
    fn place_and_link_required() {
        assert_eq!(
            messages("[event]\nstart = 2026-12-03T18:00\n[event.location]\nvenue = \"Hall\"\n"),
            ["4: this in-person session has no street `address`"]
        );
        assert_eq!(
            messages("[event]\nstart = 2026-12-03T18:00\n[event.online]\ndetails = \"ID 1\"\n"),
            ["4: this online session has no `url` to join"]
        );
        assert_eq!(
            messages("[event]\nstart = 2026-12-03T18:00\n"),
            ["2: this session says neither where it is nor how to join online"]
        );
        // A record of a past session may lack both.
        assert!(messages("[event]\nstart = 2022-07-04\nstatus = \"held\"\n").is_empty());
    }

    #[test]
    fn unknown_fields_and_types_are_located() {
        let (_, d) =
            parse_text("[event]\nstart = 2026-12-03T18:00\n[event.location]\nvenu = \"x\"\n");
        assert_eq!(
            (d[0].line, d[0].message.as_str()),
            (5, "unknown field `venu` in [event.location]")
        );
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `venue`?"));
        let (_, d) = parse_text("[event]\nstart = 2026-12-03T18:00\nlanguages = \"Spanish\"\n");
        assert_eq!(
            (d[0].line, d[0].message.as_str()),
            (4, "`languages` must be a list, not text (\"Spanish\")")
        );
    }

    #[test]
    fn statuses_accept_spelling_variants() {
        assert_eq!(Status::parse("Canceled"), Some(Status::Cancelled));
        assert_eq!(Status::parse("moved-online"), Some(Status::MovedOnline));
        assert_eq!(Status::parse("done"), None);
    }

    #[test]
    fn a_day_without_time_ends_at_midnight() {
        let (e, _) = parse_text("[event]\nstart = 2022-07-04\nstatus = \"held\"\n");
        assert_eq!(
            e.unwrap().ends_at().to_rfc3339(),
            "2022-07-05T00:00:00-04:00"
        );
    }
}
