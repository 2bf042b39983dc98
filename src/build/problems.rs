//! Every problem a build has found, kept by the stage and page it came from, so that an update
//! replaces exactly the problems of what it re-ran and nothing is matched back by its words.
//!
//! The Markdown stage keeps each body's problems with the body ([`crate::markdown::Rendered`]),
//! each feature with its output, the link check by linking page ([`Links`]); the rest are here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Links;
use super::links::fact_notes;
use crate::diagnostic::Diagnostic;
use crate::features::Outputs;
use crate::markdown::Bodies;
use crate::render::RenderError;
use crate::site::{DocId, Site};

/// Which problems to go through.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    /// Warnings too (else some may be left out: the fact notes, which are only warnings).
    pub warnings: bool,
    /// What rendering and writing found (templates failing on a page, writing failing).
    /// Left out to ask whether rendering may start: rendering again is what clears them.
    pub renders: bool,
}

impl Scope {
    /// Every problem.
    pub const ALL: Scope = Scope {
        warnings: true,
        renders: true,
    };
}

/// The problems that are not kept with a body, a feature's output or the link check.
#[derive(Debug, Default)]
pub(super) struct Problems {
    /// What loading found in each file (one that could not be read or whose front matter does
    /// not parse), by the file's path as shown (`content/about.md`).
    pub files: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Found while building the model: URL clashes, menus.
    pub model: Vec<Diagnostic>,
    /// A full rebuild that could not even start (config.toml, templates); the last good state
    /// stays until it is fixed.
    pub setup: Vec<Diagnostic>,
    /// A static folder that could not be read again after a change.
    pub statics: Vec<Diagnostic>,
    /// From loading the templates.
    pub templates: Vec<Diagnostic>,
    /// Pages whose template failed, by page.
    pub pages: BTreeMap<DocId, RenderError>,
    /// The site's other files whose template failed (feature pages, 404).
    pub site_files: Vec<RenderError>,
    /// Writing the output failed.
    pub output: Vec<Diagnostic>,
}

impl Problems {
    /// Files the content loader reported, each under its file.
    pub fn set_loaded(&mut self, diags: Vec<Diagnostic>) {
        self.files.clear();
        for d in diags {
            self.files.entry(d.path.clone()).or_default().push(d);
        }
    }

    /// Calls `f` with the problems in force that `scope` asks for, in the order the stages
    /// find them.
    pub fn each(
        &self,
        site: &Site,
        bodies: &Bodies,
        features: &Outputs,
        links: &Links,
        scope: Scope,
        mut f: impl FnMut(&Diagnostic),
    ) {
        self.setup.iter().for_each(&mut f);
        self.files.values().flatten().for_each(&mut f);
        self.model.iter().for_each(&mut f);
        self.statics.iter().for_each(&mut f);
        bodies.iter().flat_map(|r| &r.diagnostics).for_each(&mut f);
        if scope.warnings {
            fact_notes(site).iter().for_each(&mut f);
        }
        features
            .iter()
            .flat_map(|(_, out)| &out.diagnostics)
            .for_each(&mut f);
        links.diagnostics().for_each(&mut f);
        self.templates.iter().for_each(&mut f);
        if scope.renders {
            RenderError::merged(self.pages.values())
                .iter()
                .for_each(&mut f);
            RenderError::merged(&self.site_files)
                .iter()
                .for_each(&mut f);
            self.output.iter().for_each(&mut f);
        }
    }
}
