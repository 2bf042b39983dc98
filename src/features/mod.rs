//! Features: sessions, resources, publications, languages, search. Each owns its front-matter
//! table, its checks, the data it gives templates and the extra files and pages it writes,
//! behind one small trait (like mdBook's preprocessors), so a feature lives in one folder and
//! the build only knows the trait.
//!
//! A feature is asked twice:
//! 1. [`Feature::needs`], with the model only, before any body is rendered: how it wants a
//!    document's Markdown rendered (a publication's chapters get numbered headings and a
//!    second rendering for the one-page version) and which texts it reads. The Markdown stage
//!    renders each body once, as asked, and nothing reads a file again.
//! 2. [`Feature::run`], after the Markdown stage: it reads the model and the rendered bodies
//!    and gives back its [`Output`] (template data, extra pages and files, problems). The
//!    templates stage renders pages with that data; the write stage writes its files (a
//!    session's `.ics` calendar is made in `sessions/calendar.rs` and written with the rest).

pub mod i18n;
pub mod publication;
pub mod resources;
pub mod search;
pub mod sessions;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::{Bodies, RenderOptions, Rendered};
use crate::site::{DocId, Site};

/// What a feature sees before the Markdown stage: the model.
pub struct Model<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Settings.
    pub config: &'a Config,
    /// The model.
    pub site: &'a Site,
    /// The theme's interface words, the one catalog every feature writes from.
    pub strings: &'a i18n::Strings,
}

/// What a feature sees after the Markdown stage: the model and every rendered body.
pub struct Input<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Settings.
    pub config: &'a Config,
    /// The model.
    pub site: &'a Site,
    /// Rendered bodies, as the features asked for them.
    pub bodies: &'a Bodies,
    /// The build time ("now"; fixed by `HAVEN_NOW` in tests).
    pub now: DateTime<FixedOffset>,
    /// The theme's interface words, the one catalog every feature writes from.
    pub strings: &'a i18n::Strings,
}

impl Input<'_> {
    /// The rendered body of a document.
    pub fn rendered(&self, id: DocId) -> &Rendered {
        self.bodies.get(id)
    }
}

/// How a feature wants one document's body rendered, and what else it reads from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// Options for the document's own page (a chapter: numbered headings, "Cite this section").
    pub options: RenderOptions,
    /// More renderings of the same body for other places (a chapter in the one-page version),
    /// made from the same parse; the Markdown stage keeps them in [`Bodies::variants`].
    pub also: Vec<RenderOptions>,
    /// The document whose numbering this one continues (the chapter before): its
    /// recommendations are numbered on from there, so it is rendered after that one.
    pub follows: Option<DocId>,
    /// Keep the Markdown text for the feature ([`Bodies::text`]); the build frees every other
    /// text as soon as it is rendered.
    pub keep_text: bool,
}

impl Request {
    /// Adds what `other` asks for. Rendering options are one feature's to set: the first
    /// feature that sets them wins.
    fn merge(&mut self, other: Request) {
        if self.options == RenderOptions::default() {
            self.options = other.options;
            self.follows = other.follows;
        }
        self.also.extend(other.also);
        self.keep_text |= other.keep_text;
    }
}

/// Every feature's requests, by document. Documents not in it are rendered as plain pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs(BTreeMap<DocId, Request>);

impl Needs {
    /// Asks for `request` for document `id` (added to what was asked before).
    pub fn ask(&mut self, id: DocId, request: Request) {
        self.0.entry(id).or_default().merge(request);
    }

    /// What was asked for a document.
    pub fn get(&self, id: DocId) -> Option<&Request> {
        self.0.get(&id)
    }

    /// Documents whose request differs between `self` and `other` (asked in one only, or
    /// differently).
    pub fn changed(&self, other: &Needs) -> Vec<DocId> {
        let mut ids: Vec<DocId> = self
            .0
            .iter()
            .filter(|(id, r)| other.0.get(id) != Some(r))
            .map(|(id, _)| *id)
            .chain(
                other
                    .0
                    .keys()
                    .filter(|id| !self.0.contains_key(id))
                    .copied(),
            )
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The documents that continue `id`'s numbering.
    pub fn followers(&self, id: DocId) -> impl Iterator<Item = DocId> + '_ {
        self.0
            .iter()
            .filter(move |(_, r)| r.follows == Some(id))
            .map(|(d, _)| *d)
    }
}

/// A page a feature adds that has no Markdown file of its own (a filter page, a print sheet).
#[derive(Debug, Clone)]
pub struct ExtraPage {
    /// File to write, relative to the output folder (`sessions/online/index.html`).
    pub out_path: PathBuf,
    /// Its root-relative URL.
    pub url: String,
    /// Template to render it with.
    pub template: String,
    /// Language code.
    pub lang: String,
    /// Values for the template, inserted at the top level of its context (e.g. `title`).
    pub context: serde_json::Map<String, serde_json::Value>,
    /// Whether it belongs in the sitemap.
    pub in_sitemap: bool,
}

/// What a feature gives back.
#[derive(Debug, Default)]
pub struct Output {
    /// Values every template sees under the feature's name (e.g. `sessions.upcoming`).
    pub global: Option<serde_json::Value>,
    /// Per-document values, inserted into that document's context under `doc_key`.
    pub per_doc: HashMap<DocId, serde_json::Value>,
    /// Context key for per-document values (`event`, `resource`, `publication`).
    pub doc_key: &'static str,
    /// Extra pages to render.
    pub pages: Vec<ExtraPage>,
    /// Extra files to write as they are (calendars…), relative to the output folder.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Templates for documents the feature owns (a publication's cover and chapters); a
    /// `template` set in front matter still wins.
    pub templates: HashMap<DocId, String>,
}

/// Every feature's output, by feature name, in the order they ran.
pub type Outputs = Vec<(&'static str, Output)>;

/// One feature.
pub trait Feature: Sync {
    /// The name templates see its global values under.
    fn name(&self) -> &'static str;
    /// Before any body is rendered: how it wants documents rendered and which texts it reads.
    fn needs(&self, _model: &Model<'_>) -> Needs {
        Needs::default()
    }
    /// Reads its front-matter tables, checks them and prepares template data and files.
    fn run(&self, input: &Input<'_>) -> Output;
}

/// Every feature, in the order they run.
pub fn all() -> Vec<Box<dyn Feature>> {
    vec![
        Box::new(sessions::Sessions),
        Box::new(resources::Resources),
        Box::new(publication::Publication),
        Box::new(i18n::I18n),
        Box::new(search::Search),
    ]
}

/// What every feature asks of the Markdown stage.
pub fn needs(model: &Model<'_>) -> Needs {
    let mut merged = Needs::default();
    for f in all() {
        for (id, request) in f.needs(model).0 {
            merged.ask(id, request);
        }
    }
    merged
}

/// Runs every feature over the rendered site.
pub fn run(input: &Input<'_>) -> Outputs {
    all().iter().map(|f| (f.name(), f.run(input))).collect()
}
