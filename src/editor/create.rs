//! "New session", "New resource", "New news item": the same forms as for editing, starting
//! empty, and the file written under the name `haven new` would give it (the title made into
//! an address), never over an existing file.

use std::path::{Path, PathBuf};

use super::front::{self, FormValues, PageText};
use super::schema;

/// What can be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A page in `sessions/` with `[event]`.
    Session,
    /// A page in `resources/` with `[resource]`.
    Resource,
    /// A page in `news/`.
    News,
}

/// Why nothing was created.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreateError {
    /// No title, or one with no letters or digits.
    #[error("give it a title with letters or digits")]
    NoTitle,
    /// The address is taken by a page the site makes itself.
    #[error("the address /{0}/{1}/ is used by a page the site makes itself; choose a longer title")]
    Reserved(&'static str, String),
}

impl NewKind {
    /// From the address (`?kind=session`).
    pub fn parse(s: &str) -> Option<NewKind> {
        match s {
            "session" => Some(NewKind::Session),
            "resource" => Some(NewKind::Resource),
            "news" => Some(NewKind::News),
            _ => None,
        }
    }

    /// The word in addresses.
    pub fn key(self) -> &'static str {
        match self {
            NewKind::Session => "session",
            NewKind::Resource => "resource",
            NewKind::News => "news",
        }
    }

    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            NewKind::Session => "sessions",
            NewKind::Resource => "resources",
            NewKind::News => "news",
        }
    }

    /// A stand-in path, to choose the form's groups before the title is known.
    pub fn sample_path(self) -> PathBuf {
        Path::new(self.folder()).join("new.md")
    }

    /// Where a page with `title` goes, inside `content/`.
    pub fn path_for(self, title: &str) -> Result<PathBuf, CreateError> {
        let slug = crate::site::slugify(title);
        if slug.is_empty() {
            return Err(CreateError::NoTitle);
        }
        let reserved: Vec<&str> = match self {
            NewKind::Resource => {
                let mut r: Vec<&str> = crate::features::resources::model::Category::ALL
                    .iter()
                    .map(|c| c.slug())
                    .collect();
                r.push("print");
                r
            }
            NewKind::Session => vec!["online", "in-person", "neighborhood", "calendar"],
            NewKind::News => vec!["atom"],
        };
        if reserved.contains(&slug.as_str()) {
            return Err(CreateError::Reserved(self.folder(), slug));
        }
        Ok(Path::new(self.folder()).join(format!("{slug}.md")))
    }

    /// The body a new page starts with.
    pub fn starting_body(self) -> &'static str {
        match self {
            NewKind::Session => "\n## Agenda\n\n",
            NewKind::Resource | NewKind::News => "\n",
        }
    }

    /// The values a new form starts with (today's date where the page needs one).
    pub fn starting_values(self, today: chrono::NaiveDate) -> FormValues {
        let day = today.format("%Y-%m-%d").to_string();
        FormValues(match self {
            NewKind::Session => vec![("f.event.status".into(), "scheduled".into())],
            NewKind::Resource => vec![("f.resource.last_reviewed".into(), day)],
            NewKind::News => vec![("f.date".into(), day)],
        })
    }
}

/// The text of a new page from the form's values and body.
pub fn text(kind: NewKind, form: &FormValues, body: &str) -> Result<String, String> {
    let page = PageText::empty();
    let rel = kind.sample_path();
    let tables: &[&str] = match kind {
        NewKind::Session => &["event"],
        NewKind::Resource => &["resource"],
        NewKind::News => &[],
    };
    let groups = schema::groups_for(&rel, tables);
    let front = front::apply(&page.front, &groups, form)?;
    let page = PageText { front, ..page }.with_body(body);
    Ok(page.join())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_refusals() {
        assert_eq!(
            NewKind::Session.path_for("Fair Haven listening session"),
            Ok(PathBuf::from("sessions/fair-haven-listening-session.md"))
        );
        assert_eq!(NewKind::News.path_for("  !! "), Err(CreateError::NoTitle));
        assert!(matches!(
            NewKind::Resource.path_for("Print"),
            Err(CreateError::Reserved("resources", _))
        ));
        assert!(matches!(
            NewKind::Session.path_for("Online"),
            Err(CreateError::Reserved(..))
        ));
    }

    #[test]
    fn a_new_session_parses_with_the_build() {
        let form = FormValues(
            [
                ("f.title", "Fair Haven session"),
                ("f.event.start@date", "2026-12-03"),
                ("f.event.start@time", "18:00"),
                ("f.event.end@date", ""),
                ("f.event.end@time", "19:30"),
                ("f.event.status", "scheduled"),
                ("m.event.location", "on"),
                ("f.event.location.venue", "Library"),
                ("f.event.location.address", "133 Court Street"),
                ("m.event.online", "off"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        let t = text(NewKind::Session, &form, "\r\n## Agenda\r\n").unwrap();
        assert_eq!(
            t,
            "+++\ntitle = \"Fair Haven session\"\n\n[event]\nstart = 2026-12-03T18:00\nend = 2026-12-03T19:30\nstatus = \"scheduled\"\n\n[event.location]\nvenue = \"Library\"\naddress = \"133 Court Street\"\n+++\n\n## Agenda\n"
        );
    }
}
