//! The editor's preview: one page rendered from unsaved text, with the problems the checks find
//! in it, through the real stages, without writing anything or keeping the text.
//!
//! The unsaved text takes the file's place in the model for the time of one preview (front
//! matter, Markdown stage, features, templates, as a save would run them), and everything is
//! put back after. The page keeps its address: a change of address (`slug`, `draft`) shows
//! once the file is saved.

use std::path::Path;

use super::{Build, bodies, links};
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::site::DocId;

use crate::render;

/// A page as it would be with unsaved text.
#[derive(Debug, Default)]
pub struct Preview {
    /// The page's HTML, or `None` when it cannot be rendered now (its front matter does not
    /// parse, its template fails, or the site has no such file yet).
    pub html: Option<String>,
    /// The problems in the page, sorted: its front matter's, its body's (all content rules,
    /// plain language included, as `haven check` runs them), its links', its features' and
    /// its template's.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the text's front matter could be read (when not, `diagnostics` says why and
    /// nothing was rendered).
    pub read: bool,
}

impl Build {
    /// Renders the page of the file `rel` (relative to `content/`, as `news/first.md`) as it
    /// would be with `text`, and checks it. Nothing is written, and the build is as it was
    /// after.
    pub fn preview(&mut self, rel: &Path, text: &str) -> Preview {
        let Some(id) = self.site.by_rel_path(rel) else {
            return Preview::default();
        };
        let today = self.config.today(self.now);
        let (source, found) = content::parse_text(rel, text, &self.config, today);
        let source = match source {
            Some(s) if !found.iter().any(Diagnostic::is_error) => s,
            // The front matter's errors, next to their fields: nothing to render yet.
            _ => {
                return Preview {
                    html: None,
                    diagnostics: found,
                    read: false,
                };
            }
        };
        let path = source.display_path.clone();
        // What the preview replaces, to put back after.
        let saved_source = self.site.doc(id).source.clone();
        let saved_body = self.bodies.take(id);
        let saved_features = std::mem::take(&mut self.features);

        // Whatever happens while rendering (a panic in a template function included), the
        // build is put back as it is on disk before this returns.
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.render_unsaved(id, source, &path)
        }));
        self.site.replace_source(id, saved_source, &self.config);
        self.bodies.put_back(id, saved_body);
        self.features = saved_features;
        let Ok((html, more)) = outcome else {
            return Preview {
                read: true,
                ..Preview::default()
            };
        };
        let mut diagnostics = found;
        diagnostics.extend(more);
        diagnostic::sort(&mut diagnostics);
        diagnostics.dedup();
        Preview {
            html,
            diagnostics,
            read: true,
        }
    }

    /// Puts `source` in the model as document `id`, renders its page and checks it: the page's
    /// HTML (when its template renders) and its problems after its front matter's.
    fn render_unsaved(
        &mut self,
        id: DocId,
        source: content::SourceFile,
        path: &Path,
    ) -> (Option<String>, Vec<Diagnostic>) {
        self.site.replace_source(id, source, &self.config);
        bodies::render(
            &self.config,
            &mut self.site,
            &self.needs,
            &[id],
            &mut self.bodies,
            true,
        );
        self.features = self.run_features();
        let page = self.render_page(id);
        let mut diagnostics = self.bodies.get(id).diagnostics.clone();
        diagnostics.extend(links::doc_fact_notes(&self.site, id));
        diagnostics.extend(links::check_one(
            &self.config,
            &self.site,
            &self.bodies,
            &self.targets,
            id,
        ));
        diagnostics.extend(
            self.features
                .iter()
                .flat_map(|(_, out)| &out.diagnostics)
                .filter(|d| d.path == *path)
                .cloned(),
        );
        let html = match page {
            Ok(html) => Some(html),
            Err(e) => {
                diagnostics.extend(render::RenderError::merged([&e]));
                None
            }
        };
        (html, diagnostics)
    }
}
