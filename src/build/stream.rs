//! The one-pass write of `haven build`: each page nothing else reads the body of goes from
//! Markdown to its template to the output in one parallel pass, and keeps only what lists and
//! link checks need (summary, word count, headings, links, problems) once it is written.
//!
//! Every page's Markdown, held from loading to rendering, and every page's HTML, held from
//! rendering until the templates ran, were most of a large build's peak memory (235 MiB of a
//! 10,000-page build; 79 MiB without them). `haven serve` keeps every body (an edit re-renders
//! the pages around it). A site with a search page streams too: its index takes the pages in
//! the build's order whatever order they are written in (`search::Indexer`), so the sections,
//! written last here, still come first in it and the index is the same.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::links::site_link_problems;
use super::write::Failure;
use super::{Build, Links, bodies, io_diag};
use crate::diagnostic::Diagnostic;
use crate::features::Needs;
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::site::{DocId, Site};

/// The documents whose bodies must be rendered before the features run and the templates
/// load, and those that can wait for the one-pass write: every page no feature asks anything
/// of, outside a section with a feed (a feed carries its pages' HTML). Sections are never
/// written in the pass: their pages list the summaries of pages rendered in it.
pub(super) fn split(site: &Site, needs: &Needs, all: &[DocId]) -> (Vec<DocId>, Vec<DocId>) {
    all.iter().partition(|&&id| match id {
        DocId::Section(_) => true,
        DocId::Page(p) => {
            needs.get(id).is_some()
                || needs.followers(id).next().is_some()
                || site.sections[site.pages[p].section].doc.front().feed
        }
    })
}

/// A page after the pass: its body as kept, its links' problems, how writing it went.
type Streamed = (DocId, Rendered, Vec<Diagnostic>, Result<(), Failure>);

impl Build {
    /// Renders the bodies of the pages left for the one-pass write (`self.later`) and writes
    /// each page to `sink` as soon as it is rendered; then checks every document's links.
    /// Returns the pages it rendered.
    ///
    /// The problems found are those of the stage-by-stage order: once a body has a problem
    /// that holds writing back (or with `held`, from the start), the rest are rendered for
    /// their problems only, and what rendering templates found is dropped, as templates would
    /// not have run. Once a template or a write fails, pages are still rendered, for their
    /// problems, but not written. Either way the staging folder is dropped, not swapped in.
    pub(super) fn stream_pages(
        &mut self,
        sink: &dyn Sink,
        bar: Option<&indicatif::ProgressBar>,
        held: bool,
    ) -> Vec<DocId> {
        let later = std::mem::take(&mut self.later);
        let strict = self.opts.strict;
        let plain_language = self.opts.plain_language();
        let held = AtomicBool::new(held);
        let failed = AtomicBool::new(false);
        let output_before = self.problems.output.len();
        let this: &Build = self;
        let done: Vec<Streamed> = later
            .par_iter()
            .map(|&id| {
                // Left on disk when it was loaded (`content::OnDisk`): read in the pass.
                let text = this.site.doc(id).source.read_body();
                let mut r =
                    bodies::render_plain_one(&this.config, &this.site, id, text, plain_language);
                if r.diagnostics.iter().any(|d| strict || d.is_error()) {
                    held.store(true, Ordering::Relaxed);
                }
                let written = match held.load(Ordering::Relaxed) {
                    true => Ok(()),
                    false => this.write_rendered(id, &r, sink, &failed),
                };
                if let Some(bar) = bar {
                    bar.inc(1);
                }
                let links =
                    site_link_problems(&this.config, &this.site, &this.targets, id, &r.site_links);
                // The page is written and its links checked: what is left is what lists and
                // other pages' `#fragment` links read.
                r.html = String::new();
                r.toc = Vec::new();
                r.site_links = Vec::new();
                (id, r, links, written)
            })
            .collect();
        let mut checked = HashMap::new();
        for (id, r, links, written) in done {
            self.bodies.set(id, r, Vec::new(), None);
            self.record_write(id, written);
            if !links.is_empty() {
                checked.insert(id, links);
            }
        }
        self.links = Links::index_with(
            &self.config,
            &self.site,
            &self.bodies,
            &self.targets,
            false,
            &checked,
        );
        if self.blocked(false) {
            // In a build held back before rendering, templates never run: what they found
            // on the pages rendered before the problem came to light is not reported.
            self.problems.pages.clear();
            self.problems.output.truncate(output_before);
        }
        later
    }

    /// Renders one page from its body `own` and hands it to `sink`, unless a page already
    /// `failed` (then one that fails too sets it).
    fn write_rendered(
        &self,
        id: DocId,
        own: &Rendered,
        sink: &dyn Sink,
        failed: &AtomicBool,
    ) -> Result<(), Failure> {
        let fail = |f: Failure| {
            failed.store(true, Ordering::Relaxed);
            f
        };
        let html = self
            .render_page_of(id, own)
            .map_err(|e| fail(Failure::Template(e)))?;
        if failed.load(Ordering::Relaxed) {
            return Ok(());
        }
        sink.put(&self.site.doc(id).out_path, html.as_bytes())
            .map_err(|e| fail(Failure::Output(io_diag(e))))
    }
}
