//! The `[publication]` table of a section's `_index.md`, as staff write it, and the checked
//! form the rest of the feature uses.

use serde::Deserialize;

use crate::dates::DateValue;

/// `[publication]` as written. Every field is documented in README ("Publications").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublication {
    /// The document's full title. Default: the section's `title`.
    pub title: Option<String>,
    /// A line under the title. Default: none.
    pub subtitle: Option<String>,
    /// Who wrote it (organisations): a list, or one name. Required.
    pub authors: Option<Authors>,
    /// Who it is written for or submitted to ("the City of New Haven"). Default: none.
    pub prepared_for: Option<String>,
    /// `draft`, `submitted`, `adopted` or `revised`. Required.
    pub status: Option<String>,
    /// Dated changes of status, oldest first. Default: none.
    #[serde(default)]
    pub history: Vec<RawChange>,
    /// The version, as the authors name it ("1.1"). Default: none.
    pub version: Option<String>,
    /// A plain-language summary of at most 250 words; blank lines separate paragraphs. Required.
    pub summary: Option<String>,
}

/// `authors = "One"` or `authors = ["One", "Two"]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Authors {
    /// One author.
    One(String),
    /// Several.
    Many(Vec<String>),
}

impl Authors {
    /// The names, blanks dropped.
    pub fn into_vec(self) -> Vec<String> {
        let v = match self {
            Authors::One(a) => vec![a],
            Authors::Many(v) => v,
        };
        v.into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect()
    }
}

/// One `[[publication.history]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChange {
    /// The status the document took (`submitted`…). Required.
    pub status: String,
    /// When (`2026-12-03`). Required.
    pub date: toml::Value,
    /// A sentence added after the generated one ("Presented to the Board of Alders."). Default: none.
    pub note: Option<String>,
}

/// Where a publication stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Being written.
    Draft,
    /// Handed to whoever it was prepared for.
    Submitted,
    /// Adopted by them.
    Adopted,
    /// Changed after adoption.
    Revised,
}

impl Status {
    /// Every status, in the words staff write.
    pub const ALL: [(&'static str, Status); 4] = [
        ("draft", Status::Draft),
        ("submitted", Status::Submitted),
        ("adopted", Status::Adopted),
        ("revised", Status::Revised),
    ];

    /// Reads a status as written (case does not matter).
    pub fn parse(text: &str) -> Option<Status> {
        let t = text.trim().to_lowercase();
        Self::ALL.iter().find(|(k, _)| *k == t).map(|(_, s)| *s)
    }

    /// `draft`, `submitted`…
    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, s)| *s == self)
            .map(|(k, _)| *k)
            .unwrap_or("draft")
    }

    /// The strings key of the badge text (`pub_status_draft` → "Draft").
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Draft => "pub_status_draft",
            Status::Submitted => "pub_status_submitted",
            Status::Adopted => "pub_status_adopted",
            Status::Revised => "pub_status_revised",
        }
    }

    /// The strings key of what happened, for the history list, and whether it names for whom
    /// (`pub_action_submitted_to` = "Submitted to {to}").
    pub fn action_key(self, prepared_for: bool) -> &'static str {
        match (self, prepared_for) {
            (Status::Draft, _) => "pub_action_draft",
            (Status::Submitted, true) => "pub_action_submitted_to",
            (Status::Submitted, false) => "pub_action_submitted",
            (Status::Adopted, true) => "pub_action_adopted_by",
            (Status::Adopted, false) => "pub_action_adopted",
            (Status::Revised, _) => "pub_action_revised",
        }
    }
}

/// A dated change of status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The status taken.
    pub status: Status,
    /// When.
    pub date: DateValue,
    /// An extra sentence.
    pub note: Option<String>,
}

/// `[publication]` after checking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// Full title.
    pub title: String,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Authors, at least one.
    pub authors: Vec<String>,
    /// For whom.
    pub prepared_for: Option<String>,
    /// Current status.
    pub status: Status,
    /// Changes of status, in date order.
    pub history: Vec<Change>,
    /// Version.
    pub version: Option<String>,
    /// Summary paragraphs.
    pub summary: Vec<String>,
}

/// The most words the cover's summary may have.
pub const SUMMARY_MAX_WORDS: usize = 250;
