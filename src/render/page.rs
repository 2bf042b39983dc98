//! Where a page's HTML is made: a document's context (its own data, the lists and links around
//! it, and each feature's data for it) rendered with its template.

use crate::config::Config;
use crate::features::Outputs;
use crate::markdown::{Bodies, Rendered};
use crate::site::{DocId, Site};

use super::{RenderError, Renderer, for_doc};

/// Renders one document's page from its rendered body `own`, which need not be in `bodies`
/// yet (`haven build` writes a page as soon as its Markdown is rendered).
pub fn page(
    renderer: &Renderer,
    config: &Config,
    site: &Site,
    bodies: &Bodies,
    features: &Outputs,
    id: DocId,
    own: &Rendered,
) -> Result<String, RenderError> {
    let mut ctx = for_doc(config, site, bodies, id, own);
    for (_, out) in features {
        if let Some(v) = out.per_doc.get(&id) {
            ctx.insert(out.doc_key, v);
        }
    }
    renderer.render(
        &template_for(site, renderer, features, id),
        &ctx,
        Some(&site.doc(id).source.display_path),
    )
}

/// The template a document is rendered with: its front matter's `template`, else the one a
/// feature chose for it (a publication's cover and chapters), else the default (`index.html`
/// for a language's home page when the theme has one, `section.html`, `page.html`).
pub fn template_for(site: &Site, renderer: &Renderer, features: &Outputs, id: DocId) -> String {
    let doc = site.doc(id);
    if let Some(t) = &doc.front().template {
        return t.clone();
    }
    if let Some(t) = features.iter().find_map(|(_, out)| out.templates.get(&id)) {
        return t.clone();
    }
    match id {
        DocId::Section(s) if site.sections[s].parent.is_none() && renderer.has("index.html") => {
            "index.html".into()
        }
        DocId::Section(_) => "section.html".into(),
        DocId::Page(_) => "page.html".into(),
    }
}
