//! Sessions: community listening sessions as events. A session is a page with an `[event]`
//! table (usually in `content/sessions/`). This feature checks the tables, gives templates the
//! upcoming and past sessions (global `sessions[lang]`, and `event` on a session's page),
//! writes an `.ics` file per session and a subscribable `calendar.ics` per language, and adds
//! filter pages (in person, online, per neighborhood) that work without JavaScript.
//!
//! Upcoming vs past is decided against the build's "now" (`HAVEN_NOW` fixes it); the theme's
//! `sessions.js` decides again in the browser, so a site nobody rebuilds stays right.

mod address;
mod calendar;
mod check;
mod fields;
mod jsonld;
mod languages;
mod locale;
mod model;
mod new;
mod parse;
mod view;
mod vtimezone;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::features::{ExtraPage, Feature, Input, Output};
use crate::site::permalink;
use crate::site::{DocId, Document, Site};
pub use locale::Locale;
pub use model::{Event, Mode, RawEvent, STATUS_WORDS, Status, When, parse as parse_event};
pub use new::{NewSessionError, new_session};

/// The section that lists sessions.
pub const SECTION: &str = "sessions/_index.md";

/// The addresses under the sessions section that its filter pages take (`/sessions/online/`):
/// no session may have one of these file names.
pub const FILTER_SLUGS: [&str; 2] = ["in-person", "online"];

/// The sessions feature.
pub struct Sessions;

/// A session page with its checked `[event]` table.
#[derive(Debug, Clone)]
pub struct Session<'a> {
    /// The page.
    pub id: DocId,
    /// Its document.
    pub doc: &'a Document,
    /// Its file, for messages (`content/sessions/x.md`).
    pub path: PathBuf,
    /// Language.
    pub lang: String,
    /// Title.
    pub title: String,
    /// One sentence.
    pub description: Option<String>,
    /// Page URL.
    pub url: String,
    /// Full page address.
    pub permalink: String,
    /// Calendar UID.
    pub uid: String,
    /// The event.
    pub event: Event,
}

impl Session<'_> {
    /// `/sessions/x/x.ics`, or none for a day without a time.
    fn ics(&self) -> Option<(PathBuf, String)> {
        if !calendar::has_time(self) {
            return None;
        }
        let slug = self
            .url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("session")
            .to_string();
        let dir = self
            .doc
            .out_path
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default();
        Some((
            dir.join(format!("{slug}.ics")),
            format!("{}{slug}.ics", self.url),
        ))
    }
}

/// When the list was made, for "This list was made on …".
#[derive(Debug, Clone, Serialize)]
struct Built {
    datetime: String,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct Neighborhood {
    name: String,
    slug: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct Filters {
    all: String,
    in_person: String,
    online: String,
    neighborhoods: Vec<Neighborhood>,
}

/// `sessions[lang]` in templates.
#[derive(Debug, Clone, Serialize)]
struct LangData {
    #[serde(flatten)]
    listing: view::Listing,
    /// The sessions page in this language (or the default language's).
    url: Option<String>,
    /// The subscribable calendar.
    calendar_url: Option<String>,
    filters: Option<Filters>,
    built: Built,
    /// Every form of "{n} sessions shown", for the script that filters the list: a list, not a
    /// map, because templates walk a map in no fixed order and the page must be the same bytes
    /// on every build.
    shown: Vec<PluralForm>,
}

/// One plural form of a sentence: `one`, `other`…, and its text.
#[derive(Debug, Clone, Serialize)]
struct PluralForm {
    form: &'static str,
    text: String,
}

/// `event` on a session's page.
#[derive(Debug, Clone, Serialize)]
struct EventPage {
    #[serde(flatten)]
    view: view::SessionView,
    /// Empty when the session cannot be a valid schema.org `Event` (no time or no place).
    jsonld: String,
    sessions_url: Option<String>,
    calendar_url: Option<String>,
    built: Built,
}

impl Feature for Sessions {
    fn name(&self) -> &'static str {
        "sessions"
    }

    fn run(&self, input: &Input<'_>) -> Output {
        let mut out = Output {
            doc_key: "event",
            ..Output::default()
        };
        let sessions = collect(input, &mut out.diagnostics);
        out.diagnostics.extend(section_template(input));
        out.diagnostics
            .extend(check::long_past(&sessions, input.now));
        out.diagnostics
            .extend(check::same_time_and_place(&sessions));
        out.diagnostics
            .extend(check::language_names(&sessions, input));
        out.diagnostics
            .extend(check::fingerprints(&sessions, input));
        build_outputs(input, &sessions, &mut out);
        out
    }
}

fn host(base_url: &str) -> &str {
    let rest = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// Reads every `[event]` table; warns about pages in `sessions/` without one.
fn collect<'a>(input: &Input<'a>, diags: &mut Vec<Diagnostic>) -> Vec<Session<'a>> {
    let site: &'a Site = input.site;
    let tz = input.config.tz();
    let mut sessions = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        let src = &doc.source;
        let table = src.front.tables.get("event");
        match (id, table) {
            (DocId::Section(_), Some(_)) => diags.push(
                Diagnostic::error(&src.display_path, src.front_text.line_of(&["event"]).unwrap_or(1), 1, "a section (_index.md) cannot be a session")
                    .with_hint("put the [event] table in its own page, e.g. content/sessions/2026-12-03-fair-haven.md"),
            ),
            (DocId::Page(_), None) => {
                if src.rel_path.starts_with("sessions") {
                    diags.push(
                        Diagnostic::warning(&src.display_path, src.front_text.first_line, 1, "this page is in sessions/ but has no [event] table, so it is not listed as a session")
                            .with_hint("add an [event] table (see README, Sessions), or move the page out of sessions/"),
                    );
                }
            }
            (DocId::Page(_), Some(t)) => {
                let (event, mut d) = model::parse(t, &src.front_text, &src.display_path, tz, src.front.draft);
                diags.append(&mut d);
                if let Some(event) = event {
                    sessions.push(Session {
                        id,
                        doc,
                        path: src.display_path.clone(),
                        lang: doc.lang().to_string(),
                        title: src.front.title.clone(),
                        description: src.front.description.clone(),
                        url: doc.url.clone(),
                        permalink: permalink(input.config, &doc.url),
                        uid: calendar::uid(&doc.translation_key, host(&input.config.base_url)),
                        event,
                    });
                }
            }
            (DocId::Section(_), None) => {}
        }
    }
    sessions.sort_by(|a, b| {
        a.event
            .starts_at()
            .cmp(&b.event.starts_at())
            .then_with(|| a.path.cmp(&b.path))
    });
    sessions
}

/// Whether the theme (or the site's own templates/) has `name`.
fn has_template(input: &Input<'_>, name: &str) -> bool {
    crate::theme::has_template(input.root, input.config, name)
}

/// A sessions section that does not use `sessions.html` (when the theme has it) lists sessions
/// as plain pages, without dates, filters or the past/upcoming split.
fn section_template(input: &Input<'_>) -> Vec<Diagnostic> {
    if !has_template(input, "sessions.html") {
        return Vec::new();
    }
    let site = input.site;
    site.all_docs()
        .into_iter()
        .map(|id| site.doc(id))
        .filter(|d| d.translation_key == SECTION && d.source.body_line > 0 && d.front().template.is_none())
        .map(|d| {
            Diagnostic::warning(&d.source.display_path, d.source.front_text.first_line, 1, "the sessions section does not use the sessions template, so it lists sessions without their dates")
                .with_hint("add `template = \"sessions.html\"` to its front matter")
        })
        .collect()
}

/// The sessions shown in `lang`: each session in that language, or else in the default one.
fn for_lang<'s, 'a>(
    sessions: &'s [Session<'a>],
    lang: &str,
    default: &str,
) -> Vec<&'s Session<'a>> {
    let keys: HashSet<&str> = sessions
        .iter()
        .filter(|s| s.lang == lang)
        .map(|s| s.doc.translation_key.as_str())
        .collect();
    sessions
        .iter()
        .filter(|s| {
            s.lang == lang || (s.lang == default && !keys.contains(s.doc.translation_key.as_str()))
        })
        .collect()
}

fn views(list: &[&Session<'_>], l: &Locale<'_>, input: &Input<'_>) -> Vec<view::SessionView> {
    list.iter()
        .map(|s| view::session(s, l, input.now, input.config.tz(), s.ics().map(|(_, u)| u)))
        .collect()
}

fn built(l: &Locale<'_>, now: DateTime<FixedOffset>, tz: chrono_tz::Tz) -> Built {
    let local = now.with_timezone(&tz);
    Built {
        datetime: local.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        text: l.moment(local),
    }
}

fn neighborhoods(list: &[&Session<'_>], section_url: &str) -> Vec<Neighborhood> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for s in list {
        if let Some(n) = s
            .event
            .location
            .as_ref()
            .and_then(|l| l.neighborhood.clone())
            .filter(|_| s.event.mode() != Mode::Online)
        {
            seen.entry(crate::site::slugify(&n)).or_insert(n);
        }
    }
    let mut v: Vec<Neighborhood> = seen
        .into_iter()
        .map(|(slug, name)| Neighborhood {
            url: format!("{section_url}neighborhood/{slug}/"),
            name,
            slug,
        })
        .collect();
    v.sort_by_key(|n| n.name.to_lowercase());
    v
}

fn filters(list: &[&Session<'_>], section_url: &str) -> Filters {
    Filters {
        all: section_url.to_string(),
        in_person: format!("{section_url}{}/", FILTER_SLUGS[0]),
        online: format!("{section_url}{}/", FILTER_SLUGS[1]),
        neighborhoods: neighborhoods(list, section_url),
    }
}

fn build_outputs(input: &Input<'_>, sessions: &[Session<'_>], out: &mut Output) {
    let config = input.config;
    let site = input.site;
    let tz = config.tz();
    let default = &config.default_language;
    let now_utc = input.now.with_timezone(&chrono::Utc);

    // Per language: what templates list.
    let mut global = serde_json::Map::new();
    let mut calendar_urls: BTreeMap<String, String> = BTreeMap::new();
    let mut section_urls: BTreeMap<String, String> = BTreeMap::new();
    for lang in config.languages.keys() {
        let l = &Locale::new(input.strings, lang);
        let list = for_lang(sessions, lang, default);
        let section = site.resolve(SECTION, lang, default).map(|id| site.doc(id));
        let url = section.map(|d| d.url.clone());
        let calendar_url = section.map(|d| format!("{}calendar.ics", d.url));
        if let (Some(u), Some(c)) = (&url, &calendar_url) {
            section_urls.insert(lang.clone(), u.clone());
            calendar_urls.insert(lang.clone(), c.clone());
        }
        let data = LangData {
            listing: view::listing(views(&list, l, input)),
            filters: url.as_deref().map(|u| {
                filters(
                    &for_lang(sessions, section.map(|d| d.lang()).unwrap_or(lang), default),
                    u,
                )
            }),
            url,
            calendar_url,
            built: built(l, input.now, tz),
            shown: input
                .strings
                .forms(lang, "session_shown")
                .into_iter()
                .map(|(form, text)| PluralForm { form, text })
                .collect(),
        };
        global.insert(
            lang.clone(),
            serde_json::to_value(&data).unwrap_or_default(),
        );
    }
    out.global = Some(Value::Object(global));

    // Each session's page and .ics file.
    let site_title = |lang: &str| {
        config
            .languages
            .get(lang)
            .and_then(|c| c.title.clone())
            .unwrap_or_else(|| config.title.clone())
    };
    for s in sessions {
        let l = &Locale::new(input.strings, &s.lang);
        let ics = s.ics();
        let v = view::session(s, l, input.now, tz, ics.as_ref().map(|(_, u)| u.clone()));
        let ld = jsonld::event(
            s,
            &site_title(&s.lang),
            &permalink(config, &format!("{}/", config.base_path())),
        );
        let page = EventPage {
            view: v,
            jsonld: ld
                .as_ref()
                .map(crate::html::json_in_script)
                .unwrap_or_default(),
            sessions_url: section_urls
                .get(&s.lang)
                .or_else(|| section_urls.get(default))
                .cloned(),
            calendar_url: calendar_urls
                .get(&s.lang)
                .or_else(|| calendar_urls.get(default))
                .cloned(),
            built: built(l, input.now, tz),
        };
        out.per_doc
            .insert(s.id, serde_json::to_value(&page).unwrap_or_default());
        if let Some((path, _)) = ics {
            let name = format!("{} — {}", s.title, site_title(&s.lang));
            let meta = calendar::Meta {
                name: &name,
                site_tz: tz,
                now: now_utc,
                strings: input.strings,
            };
            out.files
                .push((path, calendar::write(&meta, &[s]).into_bytes()));
        }
    }

    // Each sessions section (one per language that has one): calendar.ics and filter pages.
    // Addresses pages already have, with their files.
    let claimed: HashMap<&str, &Path> = site
        .all_docs()
        .into_iter()
        .map(|id| site.doc(id))
        .filter(|d| d.source.body_line > 0)
        .map(|d| (d.url.as_str(), d.source.display_path.as_path()))
        .collect();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if !matches!(id, DocId::Section(_)) || doc.translation_key != SECTION {
            continue;
        }
        let lang = doc.lang();
        let l = Locale::new(input.strings, lang);
        let list = for_lang(sessions, lang, default);
        let dir = doc.out_path.parent().map(PathBuf::from).unwrap_or_default();
        let name = format!("{} — {}", l.t("session_calendar_name"), site_title(lang));
        let meta = calendar::Meta {
            name: &name,
            site_tz: tz,
            now: now_utc,
            strings: input.strings,
        };
        let timed: Vec<&Session<'_>> = list
            .iter()
            .copied()
            .filter(|s| calendar::has_time(s))
            .collect();
        out.files.push((
            dir.join("calendar.ics"),
            calendar::write(&meta, &timed).into_bytes(),
        ));

        if has_template(input, "sessions-filter.html") {
            filter_pages(input, doc, &list, &claimed, out);
        }
    }
}

/// The pages that make the filter work without JavaScript, under the sessions section `doc`:
/// in person, online, and one per neighborhood.
fn filter_pages(
    input: &Input<'_>,
    doc: &Document,
    list: &[&Session<'_>],
    claimed: &HashMap<&str, &Path>,
    out: &mut Output,
) {
    let config = input.config;
    let site = input.site;
    let lang = doc.lang();
    let l = &Locale::new(input.strings, lang);
    let f = filters(list, &doc.url);
    let mut pages: Vec<(String, String, String, Vec<&Session<'_>>)> = vec![
        (
            "in-person".into(),
            f.in_person.clone(),
            l.t("session_title_in_person").to_string(),
            list.iter()
                .copied()
                .filter(|s| matches!(s.event.mode(), Mode::InPerson | Mode::Mixed))
                .collect(),
        ),
        (
            "online".into(),
            f.online.clone(),
            l.t("session_title_online").to_string(),
            list.iter()
                .copied()
                .filter(|s| matches!(s.event.mode(), Mode::Online | Mode::Mixed))
                .collect(),
        ),
    ];
    for n in &f.neighborhoods {
        let members = list
            .iter()
            .copied()
            .filter(|s| {
                s.event.mode() != Mode::Online
                    && s.event
                        .location
                        .as_ref()
                        .and_then(|x| x.neighborhood.as_deref())
                        .map(crate::site::slugify)
                        .as_deref()
                        == Some(n.slug.as_str())
            })
            .collect();
        pages.push((
            format!("n:{}", n.slug),
            n.url.clone(),
            l.message("session_title_neighborhood", &[("name", &n.name)]),
            members,
        ));
    }
    let home = site.homes.get(lang).map(|h| &site.sections[*h].doc);
    let mut ancestors: Vec<Value> = home
        .iter()
        .map(|h| json!({"title": h.front().title, "url": h.url, "lang": h.lang()}))
        .collect();
    ancestors.push(json!({"title": doc.front().title, "url": doc.url, "lang": lang}));
    for (key, url, title, members) in pages {
        if let Some(path) = claimed.get(url.as_str()) {
            out.diagnostics.push(
                Diagnostic::error(
                    *path,
                    1,
                    1,
                    format!("this page's address {url} is needed for the list \"{title}\""),
                )
                .with_hint("give the page another file name, or set `slug` in its front matter"),
            );
            continue;
        }
        let rel = url
            .strip_prefix(config.base_path())
            .unwrap_or(&url)
            .trim_matches('/');
        let mut context = serde_json::Map::new();
        context.insert(
            "page".into(),
            json!({"title": title, "description": doc.front().description, "url": url, "permalink": permalink(config, &url), "extra": {}, "lang": lang}),
        );
        context.insert("ancestors".into(), Value::Array(ancestors.clone()));
        context.insert("filter".into(), json!({"key": key, "title": title}));
        context.insert(
            "listing".into(),
            serde_json::to_value(view::listing(views(&members, l, input))).unwrap_or_default(),
        );
        out.pages.push(ExtraPage {
            out_path: PathBuf::from(rel).join("index.html"),
            url: url.clone(),
            template: "sessions-filter.html".into(),
            lang: lang.to_string(),
            context,
            in_sitemap: true,
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_of_base_url() {
        assert_eq!(super::host("https://example.org/ovp"), "example.org");
        assert_eq!(super::host("http://localhost:1111"), "localhost");
    }
}
