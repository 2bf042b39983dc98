//! `haven new resource "Name"`: writes `content/resources/<name>.md` with every field of
//! `[resource]` explained in a comment, so staff fill in a form rather than remember a format.
//! As `haven new session` does, it writes a draft whose example values say `REPLACE`: the
//! next `haven build` leaves it out and succeeds, `haven check --drafts` lists each value
//! left (a warning in a draft, an error once `draft = true` is removed). `last_reviewed` is
//! left for the person who checks the details to fill in.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::model::Category;
use crate::config::Config;
use crate::content::CONTENT_DIR;
use crate::site::slugify;

/// The folder new resources go in, under `content/`.
pub const RESOURCES_DIR: &str = "resources";

/// Why no file was written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// config.toml is missing or wrong: this is not a site folder.
    #[error("{0}")]
    Config(String),
    /// The name gives no usable file name.
    #[error("the name `{0}` gives no file name; use letters or digits")]
    BadName(String),
    /// The file name is the address of a topic page or the print sheet.
    #[error(
        "the name `{0}` would take the address /resources/{1}/, which belongs to a topic page or the printable sheet; choose a longer name"
    )]
    Reserved(String, String),
    /// The file is already there.
    #[error("{0} already exists; edit that file, or choose another name")]
    Exists(String),
    /// Writing failed.
    #[error("could not write {0}: {1}")]
    Io(String, std::io::Error),
}

/// Writes a new resource page for `name` in the site at `root`; returns its path relative to
/// `root`. Never overwrites a file.
pub fn new_resource(root: &Path, name: &str) -> Result<PathBuf, NewError> {
    let config = Config::load(root).map_err(|d| {
        NewError::Config(
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        )
    })?;
    let slug = slugify(name);
    if slug.is_empty() {
        return Err(NewError::BadName(name.to_string()));
    }
    if slug == "print" || Category::ALL.iter().any(|c| c.slug() == slug) {
        return Err(NewError::Reserved(name.to_string(), slug));
    }
    let rel = Path::new(CONTENT_DIR)
        .join(RESOURCES_DIR)
        .join(format!("{slug}.md"));
    let path = root.join(&rel);
    let now = crate::dates::now().map_err(|d| NewError::Config(d.to_string()))?;
    let today = now.with_timezone(&config.tz()).date_naive();
    let text = template(name, &today.format("%Y-%m-%d").to_string());
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| NewError::Io(rel.display().to_string(), e))?;
    }
    // create_new: refuse to overwrite, even if the file appears between a check and the write.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(rel.display().to_string()),
            _ => NewError::Io(rel.display().to_string(), e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| NewError::Io(rel.display().to_string(), e))?;
    Ok(rel)
}

/// The text of a new resource page; `today` appears only as an example date.
pub fn template(name: &str, today: &str) -> String {
    let title = toml::Value::String(name.to_string()).to_string();
    let categories: String = Category::ALL
        .iter()
        .map(|c| format!("#   {:<14}{}\n", c.key(), c.name()))
        .collect();
    format!(
        r#"+++
# A service for the Resources directory. Every field is explained in README.md ("Resources
# for families"). Values that say REPLACE are examples: write the real value, or delete the
# line if it does not apply. `haven check --drafts` lists the ones that are left.
# The service's name, as it writes it. It is the heading of its card and page.
title = {title}
# Not published until you delete this line; `haven serve --drafts` shows it.
draft = true
# Optional. Order within its category, lower first; entries without one come after, by name.
# weight = 1
# Facts from a secondary source (not the service's own site), one sentence each. `haven check`
# lists them for staff to confirm with the service; remove each once confirmed. While any is
# listed, the card says that staff are still confirming the details.
# verify = ["The phone number comes from a third-party page."]
# Facts not yet known. `haven check` lists them too.
# gaps = ["No phone number has been found."]

[resource]
# Required. The list it appears in; one of:
{categories}category = "REPLACE: one of the categories above, e.g. grief"
# Required. What it offers, in one or two plain sentences.
offer = "REPLACE: what it offers, in one or two plain sentences"
# Optional. Who it is for.
# eligibility = "Relatives of homicide victims."
# Phone numbers, each with a label saying what it is for ("Call", "Toll free", "Spanish").
# Write the number as people should read it, with its area code (like 1-800-822-8428, or
# 203-555-0100 ext. 12); 911, 988 and 2-1-1 are allowed as they are. `note` is optional
# ("For Spanish, press 2."). Delete the line if it has no phone.
phones = [
  {{ label = "REPLACE: what the number is for, e.g. Call", number = "REPLACE: the number, e.g. 1-800-822-8428" }},
]
# Optional. A number that takes text messages.
# text = ""
# Optional. The address of an online chat, starting with https://
# chat = "https://"
# Optional. The service's website, starting with https://
# website = "https://"
# Optional. When it can be reached, in plain words.
# hours = "24 hours a day, 7 days a week"
# Optional. Languages it can help in.
# languages = ["English", "Spanish"]
# Optional. Its street address, only if it is public.
# address = ""
# Optional. What it costs.
# cost = "Free"
# Required. The day a person last checked these details with the service, year-month-day
# without quotes (like {today}). Write it only once someone has checked them, and change it
# every time you check. `haven check` warns when it is older than `review_interval_days` in
# config.toml (180 days unless set).
last_reviewed = "REPLACE: the day a person checked these details with the service"
+++
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_is_valid_front_matter_with_every_field_commented() {
        let text = template("Name \"quoted\"", "2026-11-23");
        let front = text
            .trim_start_matches("+++\n")
            .trim_end()
            .trim_end_matches("+++");
        let t: toml::Table = toml::from_str(front).unwrap();
        assert_eq!(t["title"].as_str(), Some("Name \"quoted\""));
        assert_eq!(t["draft"].as_bool(), Some(true));
        // Not filled in until someone has reviewed the details.
        assert!(
            t["resource"]["last_reviewed"]
                .as_str()
                .unwrap()
                .starts_with("REPLACE")
        );
        for field in super::super::check::FIELDS {
            assert!(
                text.contains(&format!("# {field} =")) || text.contains(&format!("\n{field} =")),
                "{field} missing"
            );
        }
    }
}
