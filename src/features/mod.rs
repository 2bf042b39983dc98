//! Features: sessions, resources, publications… Each owns its front-matter table, its checks,
//! the data it gives templates and the extra files and pages it writes, behind one small trait
//! (like mdBook's preprocessors), so a feature lives in one folder and the build only knows
//! the trait.

pub mod i18n;
pub mod resources;
pub mod search;
pub mod sessions;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::Rendered;
use crate::site::{DocId, Site};

pub mod publication;

/// What every feature is given: the site after Markdown rendering.
pub struct Input<'a> {
    /// The site folder.
    pub root: &'a Path,
    /// Settings.
    pub config: &'a Config,
    /// The model.
    pub site: &'a Site,
    /// Rendered bodies, indexed by [`Input::slot`].
    pub rendered: &'a [Rendered],
    /// The build time ("now"; fixed by `HAVEN_NOW` in tests).
    pub now: DateTime<FixedOffset>,
    /// The theme's interface words, the one catalog every feature writes from.
    pub strings: &'a i18n::Strings,
}

impl Input<'_> {
    /// The rendered body of a document.
    pub fn rendered(&self, id: DocId) -> &Rendered {
        &self.rendered[slot(self.site, id)]
    }
}

/// Position of a document in the rendered list: sections first, then pages.
pub fn slot(site: &Site, id: DocId) -> usize {
    match id {
        DocId::Section(i) => i,
        DocId::Page(i) => site.sections.len() + i,
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
    /// The ids a document's page really has, when the feature renders its body itself (a
    /// publication's chapters); `#fragment` links to it are checked against these.
    pub ids: HashMap<DocId, Vec<String>>,
}

/// One feature.
pub trait Feature: Sync {
    /// The name templates see its global values under.
    fn name(&self) -> &'static str;
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
