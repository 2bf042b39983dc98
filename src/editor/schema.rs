//! The fields the forms show: the front matter the build parses (`RawFrontMatter`, `[event]`'s
//! `RawEvent`, `[resource]`'s `RawResource`), each with the kind of input that fits it. A test
//! compares these lists with the fields the parser's own types accept, so a field added to the
//! build without a place in the form (or the other way round) fails the tests. The values the
//! forms produce are checked by the build's own parser, in the preview and on save.
//!
//! Labels and help texts are in the words catalog under `f_<path>` and `h_<path>` (dots become
//! underscores: `f_event_location_venue`).

/// What kind of input a field gets, and how its value is written to TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// A few sentences.
    LongText,
    /// A whole number (`weight`).
    Int,
    /// A checkbox.
    Bool,
    /// A day (`2026-12-03`), written as a TOML date.
    Date,
    /// A day and an optional time (`2026-12-03T18:00`), in the site's time zone.
    DateTime,
    /// A full web address.
    Url,
    /// An e-mail address.
    Email,
    /// A phone number as people read it.
    Phone,
    /// One of a fixed list (value, words key of its label).
    Select(&'static [(&'static str, &'static str)]),
    /// A list of short texts with common choices offered as checkboxes; others typed in.
    Choices(&'static [&'static str]),
    /// A list of sentences, one a line.
    Lines,
    /// A table of its own (`[event.location]`).
    Table(&'static [Field]),
    /// `phones = [{ label, number, note }, …]`.
    Phones,
}

/// One field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The key in its table.
    pub key: &'static str,
    /// Its input.
    pub kind: Kind,
    /// Shown under "More settings", folded away.
    pub advanced: bool,
    /// Required by the build (the form marks it).
    pub required: bool,
}

const fn f(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        advanced: false,
        required: false,
    }
}

const fn req(key: &'static str, kind: Kind) -> Field {
    Field {
        required: true,
        ..f(key, kind)
    }
}

const fn adv(key: &'static str, kind: Kind) -> Field {
    Field {
        advanced: true,
        ..f(key, kind)
    }
}

/// Every page's own fields.
pub const BASE: &[Field] = &[
    req("title", Kind::Text),
    f("description", Kind::LongText),
    f("date", Kind::Date),
    f("updated", Kind::Date),
    f("draft", Kind::Bool),
    f("verify", Kind::Lines),
    f("gaps", Kind::Lines),
    f("reviewed", Kind::Bool),
    adv("weight", Kind::Int),
    adv("slug", Kind::Text),
    adv("aliases", Kind::Lines),
    adv("template", Kind::Text),
    adv("feed", Kind::Bool),
    adv("source_hash", Kind::Text),
];

/// Front-matter keys the forms leave exactly as they are in the file: free values for the
/// theme and long-document metadata are edited in the file itself.
pub const KEPT_AS_WRITTEN: &[&str] = &["extra", "cascade", "publication"];

/// The status words (`STATUS_WORDS` of the sessions feature) with their labels.
pub const STATUSES: &[(&str, &str)] = &[
    ("scheduled", "status_scheduled"),
    ("cancelled", "status_cancelled"),
    ("postponed", "status_postponed"),
    ("moved online", "status_moved_online"),
    ("held", "status_held"),
];

/// Common languages spoken or interpreted at sessions, offered as choices.
pub const LANGUAGE_CHOICES: &[&str] = &["English", "Spanish", "ASL"];

/// Common access notes, offered as choices.
pub const ACCESS_CHOICES: &[&str] = &["Step-free entrance", "Childcare", "Food"];

const LOCATION: &[Field] = &[
    f("venue", Kind::Text),
    f("address", Kind::Text),
    f("city", Kind::Text),
    f("state", Kind::Text),
    f("postal_code", Kind::Text),
    f("neighborhood", Kind::Text),
];

const ONLINE: &[Field] = &[f("url", Kind::Url), f("details", Kind::LongText)];

const CONTACT: &[Field] = &[
    f("name", Kind::Text),
    f("phone", Kind::Phone),
    f("email", Kind::Email),
];

/// `[event]` (a session).
pub const EVENT: &[Field] = &[
    req("start", Kind::DateTime),
    f("end", Kind::DateTime),
    f("status", Kind::Select(STATUSES)),
    f("reason", Kind::LongText),
    f("location", Kind::Table(LOCATION)),
    f("online", Kind::Table(ONLINE)),
    f("languages", Kind::Choices(LANGUAGE_CHOICES)),
    f("interpretation", Kind::Choices(LANGUAGE_CHOICES)),
    f("accessibility", Kind::Choices(ACCESS_CHOICES)),
    f("registration", Kind::Url),
    f("contact", Kind::Table(CONTACT)),
    adv("organizer", Kind::Text),
    adv("timezone", Kind::Text),
    adv("fingerprint", Kind::Text),
];

/// The resource categories (`Category::ALL` of the resources feature) with their labels.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("crisis", "category_crisis"),
    ("grief", "category_grief"),
    ("financial", "category_financial"),
    ("court", "category_court"),
    ("notification", "category_notification"),
    ("youth-family", "category_youth_family"),
    ("community", "category_community"),
];

/// `[resource]` (a service for families).
pub const RESOURCE: &[Field] = &[
    req("category", Kind::Select(CATEGORIES)),
    req("offer", Kind::LongText),
    f("phones", Kind::Phones),
    f("text", Kind::Phone),
    f("website", Kind::Url),
    f("chat", Kind::Url),
    f("hours", Kind::Text),
    f("languages", Kind::Choices(LANGUAGE_CHOICES)),
    f("address", Kind::Text),
    f("eligibility", Kind::LongText),
    f("cost", Kind::Text),
    req("last_reviewed", Kind::Date),
];

/// The fields of `{ label, number, note }` in `phones`.
pub const PHONE_FIELDS: &[&str] = &["label", "number", "note"];

/// A group of fields and the table they live in (`None`: the top of the front matter).
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The table's key, or none for the page's own fields.
    pub table: Option<&'static str>,
    /// Its fields.
    pub fields: &'static [Field],
}

/// The groups a page's form shows: its own fields, plus `[event]` for a session (a page in
/// `sessions/` or one that has the table) and `[resource]` for a resource.
pub fn groups_for(rel: &std::path::Path, tables: &[&str]) -> Vec<Group> {
    let mut out = vec![Group {
        table: None,
        fields: BASE,
    }];
    let first = rel
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str())
        .unwrap_or("");
    let is_index = rel
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("_index"));
    let in_folder = |name: &str| first == name && rel.components().count() > 1 && !is_index;
    if tables.contains(&"event") || in_folder("sessions") {
        out.push(Group {
            table: Some("event"),
            fields: EVENT,
        });
    }
    if tables.contains(&"resource") || in_folder("resources") {
        out.push(Group {
            table: Some("resource"),
            fields: RESOURCE,
        });
    }
    out
}

/// The catalog key of a field's label: `f_event_location_venue`.
pub fn label_key(path: &[&str]) -> String {
    format!("f_{}", path.join("_"))
}

/// The catalog key of a field's help text: `h_event_location_venue`.
pub fn help_key(path: &[&str]) -> String {
    format!("h_{}", path.join("_"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::frontmatter::RawFrontMatter;
    use crate::features::resources::model::{Category, RawPhone, RawResource};
    use crate::features::sessions::{RawEvent, STATUS_WORDS};

    /// The fields a serde type accepts, read from its own refusal of an unknown field
    /// ("unknown field `zz…`, expected one of `a`, `b`…"), so the list is the parser's.
    fn accepted<T: serde::de::DeserializeOwned>(wrap: &[&str]) -> Vec<String> {
        let mut value = toml::Value::Table(toml::Table::from_iter([(
            "zz_not_a_field".to_string(),
            toml::Value::Integer(1),
        )]));
        for key in wrap.iter().rev() {
            value = toml::Value::Table(toml::Table::from_iter([(key.to_string(), value)]));
        }
        let err = value
            .try_into::<T>()
            .err()
            .expect("an unknown field is refused");
        let text = err.to_string();
        let list = text
            .split("expected")
            .nth(1)
            .and_then(|l| l.lines().next())
            .unwrap_or("");
        let mut fields: Vec<String> = list
            .split('`')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect();
        fields.sort();
        fields
    }

    fn keys(fields: &[Field]) -> Vec<String> {
        let mut k: Vec<String> = fields.iter().map(|f| f.key.to_string()).collect();
        k.sort();
        k
    }

    fn sub(fields: &[Field], key: &str) -> &'static [Field] {
        match fields.iter().find(|f| f.key == key).map(|f| f.kind) {
            Some(Kind::Table(t)) => t,
            _ => panic!("{key} is not a table"),
        }
    }

    #[test]
    fn the_forms_cover_every_field_the_build_parses() {
        let mut base = keys(BASE);
        base.extend(KEPT_AS_WRITTEN.iter().map(|s| s.to_string()));
        base.extend(["event".into(), "resource".into()]);
        base.sort();
        assert_eq!(base, accepted::<RawFrontMatter>(&[]));
        assert_eq!(keys(EVENT), accepted::<RawEvent>(&[]));
        assert_eq!(
            keys(sub(EVENT, "location")),
            accepted::<RawEvent>(&["location"])
        );
        assert_eq!(
            keys(sub(EVENT, "online")),
            accepted::<RawEvent>(&["online"])
        );
        assert_eq!(
            keys(sub(EVENT, "contact")),
            accepted::<RawEvent>(&["contact"])
        );
        assert_eq!(keys(RESOURCE), accepted::<RawResource>(&[]));
        let mut phone: Vec<String> = PHONE_FIELDS.iter().map(|s| s.to_string()).collect();
        phone.sort();
        assert_eq!(phone, accepted::<RawPhone>(&[]));
    }

    #[test]
    fn choice_lists_match_the_build() {
        assert_eq!(
            STATUSES.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
            STATUS_WORDS.to_vec()
        );
        assert_eq!(
            CATEGORIES.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
            Category::ALL.iter().map(|c| c.key()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn every_field_has_a_label_and_help() {
        fn walk(prefix: &[&str], fields: &[Field], missing: &mut Vec<String>) {
            for f in fields {
                let mut path = prefix.to_vec();
                path.push(f.key);
                for key in [label_key(&path), help_key(&path)] {
                    if !crate::editor::words::all().contains_key(&key) {
                        missing.push(key);
                    }
                }
                if let Kind::Table(t) = f.kind {
                    walk(&path, t, missing);
                }
                if let Kind::Select(options) = f.kind {
                    for (_, k) in options {
                        if !crate::editor::words::all().contains_key(*k) {
                            missing.push(k.to_string());
                        }
                    }
                }
            }
        }
        let mut missing = Vec::new();
        walk(&[], BASE, &mut missing);
        walk(&["event"], EVENT, &mut missing);
        walk(&["resource"], RESOURCE, &mut missing);
        assert!(missing.is_empty(), "missing from words.toml: {missing:?}");
    }
}
