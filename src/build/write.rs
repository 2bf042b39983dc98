//! The write stage: pages rendered with their templates, the site's other files, static files
//! and content assets, all handed to one [`Sink`] (a staging folder, `haven serve`'s live
//! folder, or nowhere). `haven build` and `haven serve` write through these same functions.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Build, io_diag, site_files};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::render::RenderError;
use crate::site::DocId;

impl Build {
    /// Renders `docs` in parallel and hands each page to `sink`. A page whose template fails
    /// is recorded under that page (and written by a later write once it renders).
    pub(super) fn write_pages(
        &mut self,
        docs: &[DocId],
        sink: &dyn Sink,
        bar: Option<&indicatif::ProgressBar>,
    ) {
        let put = |id: DocId| -> Result<(), Failure> {
            if let Some(bar) = bar {
                bar.inc(1);
            }
            let html = self.render_page(id).map_err(Failure::Template)?;
            sink.put(&self.site.doc(id).out_path, html.as_bytes())
                .map_err(|e| Failure::Output(io_diag(e)))
        };
        let results: Vec<(DocId, Result<(), Failure>)> =
            docs.par_iter().map(|&id| (id, put(id))).collect();
        for (id, r) in results {
            self.record_write(id, r);
        }
    }

    /// Records how writing a page went: a template's failure under that page.
    pub(super) fn record_write(&mut self, id: DocId, written: Result<(), Failure>) {
        match written {
            Ok(()) => {
                self.problems.pages.remove(&id);
            }
            Err(Failure::Template(e)) => {
                self.problems.pages.insert(id, e);
            }
            Err(Failure::Output(d)) => self.problems.output.push(d),
        }
    }

    /// Renders and writes the files besides pages (feature pages and files, 404, redirects,
    /// feeds, sitemaps, robots.txt) and, with `copy`, the static files and content assets.
    /// Nothing is written while a problem holds writing back (`None`); else the paths of the
    /// site files written.
    pub(super) fn write_rest(
        &mut self,
        sink: &dyn Sink,
        copy: bool,
    ) -> Result<Option<Vec<PathBuf>>, Diagnostic> {
        // Only rendering them again says whether the site files still fail.
        self.problems.site_files.clear();
        if self.blocked(true) {
            return Ok(None);
        }
        let (files, failed) = site_files(
            &self.renderer,
            &self.config,
            &self.site,
            &self.bodies,
            &self.features,
            self.now,
        );
        self.problems.site_files = failed;
        if self.blocked(true) {
            return Ok(None);
        }
        for (rel, bytes) in &files {
            sink.put(rel, bytes).map_err(io_diag)?;
        }
        if copy {
            for (from, rel) in self.copies() {
                sink.copy(&from, &rel).map_err(io_diag)?;
            }
        }
        Ok(Some(files.into_iter().map(|(rel, _)| rel).collect()))
    }
}

/// Why a page was not written.
pub(super) enum Failure {
    Template(RenderError),
    Output(Diagnostic),
}
