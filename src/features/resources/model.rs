//! The `[resource]` front-matter table as staff write it, and the fixed list of categories.

use serde::Deserialize;

/// The `[resource]` table of a resource page, exactly as written. Every field is optional
/// here so that each missing one can be reported at its line; `check.rs` says which are required.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResource {
    /// Which list it appears in: one of [`Category::ALL`]'s keys. Required.
    pub category: Option<String>,
    /// What it offers, in one or two plain sentences. Required.
    pub offer: Option<String>,
    /// Who it is for. Default: not shown.
    pub eligibility: Option<String>,
    /// Numbers to call, each with a label. Default: none.
    #[serde(default)]
    pub phones: Vec<RawPhone>,
    /// A number that takes text messages (`sms:` link). Default: none.
    pub text: Option<String>,
    /// Address of an online chat (https://…). Default: none.
    pub chat: Option<String>,
    /// The resource's website (https://…). Default: none.
    pub website: Option<String>,
    /// When it can be reached, in plain words. Default: not shown.
    pub hours: Option<String>,
    /// Languages it can help in. Default: not shown.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Its public street address, if it has one. Default: not shown.
    pub address: Option<String>,
    /// What it costs, e.g. "Free". Default: not shown.
    pub cost: Option<String>,
    /// The day a person last checked these details (2026-11-23). Required.
    pub last_reviewed: Option<toml::Value>,
}

/// One phone number of a resource.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhone {
    /// What the number is for ("Call", "Toll free", "Spanish"). Required.
    pub label: Option<String>,
    /// The number as people should read it ("1-800-822-8428", "988", "2-1-1"). Required.
    pub number: Option<String>,
    /// A short extra instruction ("For Spanish, press 2."). Default: none.
    pub note: Option<String>,
}

/// The fixed categories, in the order the directory shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Emergency and crisis lines: shown first, as "If you need help right now".
    Crisis,
    /// Grief support and counseling.
    Grief,
    /// Funeral costs, financial help and victim compensation.
    Financial,
    /// Court and legal advocacy.
    Court,
    /// Notification of an offender's court and custody status.
    Notification,
    /// Youth and family services.
    YouthFamily,
    /// Community programs.
    Community,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 7] = [
        Category::Crisis,
        Category::Grief,
        Category::Financial,
        Category::Court,
        Category::Notification,
        Category::YouthFamily,
        Category::Community,
    ];

    /// What staff write in `category = "…"`.
    pub fn key(self) -> &'static str {
        match self {
            Category::Crisis => "crisis",
            Category::Grief => "grief",
            Category::Financial => "financial",
            Category::Court => "court",
            Category::Notification => "notification",
            Category::YouthFamily => "youth-family",
            Category::Community => "community",
        }
    }

    /// The heading readers see.
    pub fn name(self) -> &'static str {
        match self {
            Category::Crisis => "If you need help right now",
            Category::Grief => "Grief and counseling",
            Category::Financial => "Funeral costs, financial help and victim compensation",
            Category::Court => "Court and legal advocacy",
            Category::Notification => "Notification of offender status",
            Category::YouthFamily => "Youth and family",
            Category::Community => "Community programs",
        }
    }

    /// The last part of the category page's address (`/resources/grief-and-counseling/`).
    pub fn slug(self) -> &'static str {
        match self {
            Category::Crisis => "right-now",
            Category::Grief => "grief-and-counseling",
            Category::Financial => "funeral-and-financial-help",
            Category::Court => "court-and-legal-advocacy",
            Category::Notification => "offender-notification",
            Category::YouthFamily => "youth-and-family",
            Category::Community => "community-programs",
        }
    }

    /// The category staff named, if it is one of the list.
    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key.trim())
    }

    /// Every key, for messages: "crisis, grief, …".
    pub fn keys() -> String {
        Category::ALL
            .iter()
            .map(|c| c.key())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_slugs_are_unique_and_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_key(c.key()), Some(c));
        }
        let mut slugs: Vec<_> = Category::ALL.iter().map(|c| c.slug()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), Category::ALL.len());
        assert_eq!(Category::from_key("griefs"), None);
    }
}

/// A resource after checking: every field present and valid.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The page it comes from.
    pub doc: crate::site::DocId,
    /// The page's file, for messages (`content/resources/ovs.md`).
    pub path: std::path::PathBuf,
    /// The name: the page's `title`.
    pub name: String,
    /// Line of `title`, for messages.
    pub name_line: usize,
    /// Which list it is in.
    pub category: Category,
    /// What it offers.
    pub offer: String,
    /// Who it is for.
    pub eligibility: Option<String>,
    /// Numbers to call.
    pub phones: Vec<Phone>,
    /// A number that takes texts.
    pub text: Option<Phone>,
    /// Online chat address.
    pub chat: Option<String>,
    /// Website address.
    pub website: Option<String>,
    /// Opening hours, in words.
    pub hours: Option<String>,
    /// Languages it helps in.
    pub languages: Vec<String>,
    /// Public street address.
    pub address: Option<String>,
    /// What it costs.
    pub cost: Option<String>,
    /// When a person last checked it.
    pub last_reviewed: chrono::NaiveDate,
    /// Line of `last_reviewed`, for messages.
    pub reviewed_line: usize,
    /// Days since `last_reviewed`.
    pub age_days: i64,
    /// Whether the page lists facts still to verify (`verify = [...]`).
    pub unverified: bool,
    /// Order in its category, lower first (the page's `weight`).
    pub weight: Option<i64>,
}

/// A checked phone number.
#[derive(Debug, Clone)]
pub struct Phone {
    /// What it is for ("Toll free"). Empty for the `text` number.
    pub label: String,
    /// As written ("1-800-822-8428").
    pub number: String,
    /// What is dialed: E.164 (`+18008228428`) or a short code (`911`).
    pub dial: String,
    /// A short instruction ("For Spanish, press 2.").
    pub note: Option<String>,
    /// Line it was written on, for messages.
    pub line: usize,
}
