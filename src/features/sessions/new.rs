//! `haven new session "Title"`: writes `content/sessions/<slug>.md` with every field of the
//! `[event]` table, each explained by a comment, as a draft. Values staff must fill in say
//! `REPLACE`; `haven check` flags any left (a warning in a draft, an error once published).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, FixedOffset};

use crate::config::Config;
use crate::content::CONTENT_DIR;

/// Why no file was written.
#[derive(Debug, thiserror::Error)]
pub enum NewSessionError {
    /// The site's config.toml could not be read.
    #[error("could not read the site settings: {0}")]
    Config(String),
    /// The title gives no usable file name.
    #[error("the title `{0}` gives no file name; use letters or digits")]
    EmptySlug(String),
    /// The file name is the address of a filter page of the sessions list.
    #[error(
        "the title `{0}` would take the address /sessions/{1}/, which the list of sessions needs for its filter; choose a longer title, e.g. \"{0} listening session\""
    )]
    Reserved(String, String),
    /// The file is already there.
    #[error("`{0}` already exists; choose another title or edit that file")]
    Exists(String),
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] crate::fsio::IoError),
}

/// The text of a new session file, with `date` as the example date (marked REPLACE in the
/// comment above it, like every value staff must change).
pub fn template(title: &str, date: chrono::NaiveDate) -> String {
    let title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let d = date.format("%Y-%m-%d");
    format!(
        r#"+++
# A community session. Every field is explained in README.md ("Sessions").
# Values that say REPLACE are examples: write the real value, or delete the line if it
# does not apply. `haven check --drafts` lists the ones that are left.
title = "{title}"
# One sentence for the list of sessions and for search engines.
description = "REPLACE: one sentence about what the session is for."
# Not published until you delete this line; `haven serve --drafts` shows it.
draft = true

[event]
# REPLACE the date and times. Local time: year-month-day, the letter T, then the time on the
# 24-hour clock (6 p.m. is 18:00). For a day whose time is not known, write only the date
# (start = {d}) and delete `end`.
start = {d}T18:00
end = {d}T19:30
# Time zone of start and end, as an IANA name. Without it: the site's (config.toml).
# timezone = "America/New_York"
# scheduled, cancelled, postponed, moved online, or held (a past session that took place).
# A cancelled or moved session stays listed, with its status shown.
status = "scheduled"
# Languages spoken at the session, as codes: "en" English, "es" Spanish, "pt" Portuguese,
# "ht" Haitian Creole… Residents see the names, in the language of the page.
languages = ["REPLACE: en"]
# Interpretation offered, as codes, e.g. "es", "asl" (American Sign Language). Delete the
# line if there is none.
interpretation = ["REPLACE: es", "REPLACE: asl"]
# Access: step-free entrance, childcare, food… Delete the line if nothing is known.
accessibility = ["REPLACE: Step-free entrance", "REPLACE: Childcare", "REPLACE: Food"]
# Web address to register at. Delete the line if no registration is needed.
registration = "https://example.org/REPLACE-with-the-registration-link"
# Who runs the session. Without it: the site's title.
# organizer = "REPLACE: name of the organizer"

# Where it happens in person. Delete this table (down to [event.online]) if it is online only.
[event.location]
# Name of the place, e.g. a library and the room.
venue = "REPLACE: name of the place"
# Street address (needed for an in-person session).
address = "REPLACE: street address"
city = "REPLACE: city"
state = "REPLACE: state, e.g. CT"
postal_code = "REPLACE: ZIP code"
# Neighborhood: the list of sessions can be filtered by it.
neighborhood = "REPLACE: neighborhood"

# How to join online. Delete this table if it is in person only.
[event.online]
# The link to join (needed for an online session).
url = "https://example.org/REPLACE-with-the-meeting-link"
# Meeting ID, passcode, or a phone number to dial in.
details = "REPLACE: how to join, e.g. meeting ID and passcode"

# Who to ask about the session. Delete the lines you do not need.
[event.contact]
name = "REPLACE: a person or team"
phone = "REPLACE: phone number"
email = "REPLACE-with-the-address@example.org"
+++

## Agenda

REPLACE: what will happen, in order. For example: welcome, what the Office has heard so far,
small-group conversations, what happens next.
"#
    )
}

/// Writes a new session page for `title` in `root`. Refuses to overwrite a file.
pub fn new_session(
    root: &Path,
    title: &str,
    now: DateTime<FixedOffset>,
) -> Result<PathBuf, NewSessionError> {
    let config = Config::load(root).map_err(|d| {
        NewSessionError::Config(
            d.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let slug = crate::site::slugify(title);
    if slug.is_empty() {
        return Err(NewSessionError::EmptySlug(title.to_string()));
    }
    if super::FILTER_SLUGS.contains(&slug.as_str()) {
        return Err(NewSessionError::Reserved(title.to_string(), slug));
    }
    let rel = Path::new(CONTENT_DIR)
        .join("sessions")
        .join(format!("{slug}.md"));
    let path = root.join(&rel);
    let date = (now.with_timezone(&config.tz()) + Duration::days(14)).date_naive();
    if let Some(dir) = path.parent() {
        crate::fsio::create_dir_all(dir)?;
    }
    // create_new: never overwrite, even if the file appears between a check and the write.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewSessionError::Exists(rel.display().to_string()));
        }
        Err(source) => {
            return Err(crate::fsio::IoError {
                action: "create",
                path,
                source,
            }
            .into());
        }
    };
    std::io::Write::write_all(&mut file, template(title, date).as_bytes()).map_err(|source| {
        crate::fsio::IoError {
            action: "write",
            path: path.clone(),
            source,
        }
    })?;
    Ok(rel)
}
