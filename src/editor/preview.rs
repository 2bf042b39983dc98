//! The page as it would be with the unsaved text: rendered by the real pipeline (the model,
//! Markdown with its adapters, the features, the theme's templates) and checked by the same
//! rules as `haven build`, with nothing written to disk or to `public/`.
//!
//! This is the one place the editor reaches into the live build. It swaps the page's new
//! source into the model `haven serve` keeps, renders and checks that one page, and puts
//! everything back before it returns (also if rendering panics), so the preview site and
//! the next update see the site as it is on disk.

use std::path::Path;

use crate::build;
use crate::config::Config;
use crate::content::{self, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::features::{self, slot};
use crate::serve::LiveSite;
use crate::site::{DocId, Document};

/// What the preview shows for one page's unsaved text.
#[derive(Debug, Default)]
pub struct Checked {
    /// The page's HTML, when it could be rendered.
    pub html: Option<String>,
    /// Every problem in this page, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Why there is no page to show (words key), when there is none.
    pub note: Option<&'static str>,
}

/// Renders and checks `text` as the page `content/<rel>`.
pub fn check(live: Option<&mut LiveSite>, root: &Path, rel: &Path, text: &str) -> Checked {
    match live {
        Some(live) => with_site(live, root, rel, text),
        None => match Config::load(root) {
            Ok(config) => settings_only(
                &config,
                rel,
                text,
                crate::build::now_from_env().ok().flatten(),
            ),
            Err(diagnostics) => Checked {
                diagnostics,
                note: Some("note_site_broken"),
                ..Checked::default()
            },
        },
    }
}

fn with_site(live: &mut LiveSite, root: &Path, rel: &Path, text: &str) -> Checked {
    let p = live.prepared_mut();
    let source = match content::parse_text(rel, text, &p.config, p.config.today(p.now)) {
        Ok(s) => s,
        Err(diagnostics) => {
            return Checked {
                diagnostics,
                note: Some("note_fix_settings"),
                ..Checked::default()
            };
        }
    };
    let Some(id) = p.site.by_rel_path(rel) else {
        let now = Some(p.now);
        let mut out = settings_only(&p.config, rel, text, now);
        out.note = Some(if source.front.draft {
            "note_draft_needs_flag"
        } else {
            "note_new_page"
        });
        return out;
    };
    let display = source.display_path.clone();
    let s = slot(&p.site, id);
    let old_source = p.site.doc(id).source.clone();
    let old_rendered = std::mem::take(&mut p.rendered[s]);
    p.site.replace_source(id, source, &p.config);
    let old_features = std::mem::take(&mut p.features);
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let rendered = build::render_markdown(&p.config, &mut p.site, &[id], true)
            .pop()
            .unwrap_or_default();
        p.rendered[s] = rendered;
        p.features = build::run_features(root, &p.config, &p.site, &p.rendered, p.now);
        let mut diagnostics = p.rendered[s].diagnostics.clone();
        diagnostics.extend(
            p.features
                .iter()
                .flat_map(|(_, out)| &out.diagnostics)
                .filter(|d| d.path == display)
                .cloned(),
        );
        diagnostics.extend(build::fragment_problems(
            &p.config,
            &p.site,
            &p.rendered,
            &p.features,
            &p.targets,
            id,
        ));
        diagnostics.extend(fact_notes(p.site.doc(id)));
        let html = match build::render_doc(p, id) {
            Ok(html) => Some(with_base(&html, &p.site.doc(id).url)),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        };
        (html, diagnostics)
    }));
    // Put the site back as it is on disk, whatever happened above.
    p.features = old_features;
    p.rendered[s] = old_rendered;
    p.site.replace_source(id, old_source, &p.config);
    match outcome {
        Ok((html, mut diagnostics)) => {
            crate::diagnostic::sort(&mut diagnostics);
            diagnostics.dedup();
            Checked {
                note: html.is_none().then_some("note_render_failed"),
                html,
                diagnostics,
            }
        }
        Err(_) => Checked {
            note: Some("note_render_failed"),
            ..Checked::default()
        },
    }
}

/// The checks that need no site: the front matter and the session or resource table. Used
/// for a page not in the site yet (a new page, a draft while drafts are not shown) and when
/// the site could not be built at all.
pub fn settings_only(
    config: &Config,
    rel: &Path,
    text: &str,
    now: Option<chrono::DateTime<chrono::FixedOffset>>,
) -> Checked {
    let now = now.unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let source = match content::parse_text(rel, text, config, config.today(now)) {
        Ok(s) => s,
        Err(diagnostics) => {
            return Checked {
                diagnostics,
                note: Some("note_fix_settings"),
                ..Checked::default()
            };
        }
    };
    let tz = config.tz();
    let mut diagnostics = Vec::new();
    if let Some(table) = source.front.tables.get("event") {
        let (_, d) = features::sessions::parse_event(
            table,
            &source.front_text,
            &source.display_path,
            tz,
            source.front.draft,
        );
        diagnostics.extend(d);
    }
    let doc = stand_in(source);
    if let Some(table) = doc.front().tables.get("resource") {
        let today = now.with_timezone(&tz).date_naive();
        let (_, d) = features::resources::check::read(DocId::Page(0), &doc, table, today, tz);
        diagnostics.extend(d);
    }
    diagnostics.extend(fact_notes(&doc));
    crate::diagnostic::sort(&mut diagnostics);
    Checked {
        diagnostics,
        note: Some("note_new_page"),
        ..Checked::default()
    }
}

/// A document for checks that read one (its place in the site does not matter to them).
fn stand_in(source: SourceFile) -> Document {
    Document {
        translation_key: source.rel_path.to_string_lossy().into_owned(),
        source,
        url: String::new(),
        out_path: Default::default(),
        extra: Default::default(),
    }
}

/// The fact notes (`verify`, `gaps`) of one page, worded as the build words them.
fn fact_notes(doc: &Document) -> Vec<Diagnostic> {
    let path = &doc.source.display_path;
    build::fact_notes_of(path, doc.front())
}

/// The page with `<base href>` set to its own address, so that its relative links and images
/// resolve in the preview frame as they do on the site, and without its scripts: the frame
/// runs none (the site works without them), and a script it refuses is only noise.
fn with_base(html: &str, url: &str) -> String {
    let tag = format!("<base href=\"{}\">", url.replace('"', "%22"));
    let mut out = match html.find("<head>") {
        Some(i) => format!("{}{tag}{}", &html[..i + 6], &html[i + 6..]),
        None => format!("{tag}{html}"),
    };
    // The theme's own markup (not staff text, which the build has already escaped or
    // sanitized) is all that can hold a <script> element here.
    while let Some(start) = out.find("<script") {
        let Some(len) = out[start..].find("</script>") else {
            break;
        };
        out.replace_range(start..start + len + "</script>".len(), "");
    }
    out
}
