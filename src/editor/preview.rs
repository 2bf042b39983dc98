//! The page as it would be with the unsaved text: rendered by the real pipeline (the model,
//! Markdown with its adapters, the features, the theme's templates) and checked by the same
//! rules as `haven build`, with nothing written to disk or to `public/`.
//!
//! This is the one place the editor reaches into the live build: [`Build::preview`], on the
//! same [`Build`] that `haven serve` updates after each save, renders and checks the page and
//! puts the build back as it is on disk. A page not in the site yet (a new page, a draft while
//! drafts are not shown) has no place to render in; its settings are checked on their own.

use std::path::Path;

use crate::build::{self, Build};
use crate::config::Config;
use crate::content::{self, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::features;
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
pub fn check(live: Option<&mut Build>, root: &Path, rel: &Path, text: &str) -> Checked {
    match live {
        Some(live) => with_site(live, rel, text),
        None => match Config::load(root) {
            Ok(config) => settings_only(&config, rel, text, crate::dates::now().ok()),
            Err(diagnostics) => Checked {
                diagnostics,
                note: Some("note_site_broken"),
                ..Checked::default()
            },
        },
    }
}

fn with_site(live: &mut Build, rel: &Path, text: &str) -> Checked {
    let Some(id) = live.site().by_rel_path(rel) else {
        let mut out = settings_only(live.config(), rel, text, Some(live.now()));
        let today = live.config().today(live.now());
        if out.note == Some("note_new_page") && is_draft(live.config(), rel, text, today) {
            out.note = Some("note_draft_needs_flag");
        }
        return out;
    };
    let url = live.site().doc(id).url.clone();
    let preview = live.preview(rel, text);
    let note = if !preview.read {
        Some("note_fix_settings")
    } else if preview.html.is_none() {
        Some("note_render_failed")
    } else {
        None
    };
    Checked {
        html: preview.html.map(|html| with_base(&html, &url)),
        diagnostics: preview.diagnostics,
        note,
    }
}

/// Whether `text` is a draft (`draft = true`), for the note on a page the site does not show.
fn is_draft(config: &Config, rel: &Path, text: &str, today: chrono::NaiveDate) -> bool {
    content::parse_text(rel, text, config, today)
        .0
        .is_some_and(|s| s.front.draft)
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
    let (source, mut diagnostics) = content::parse_text(rel, text, config, config.today(now));
    let source = match source {
        Some(s) if !diagnostics.iter().any(Diagnostic::is_error) => s,
        _ => {
            return Checked {
                diagnostics,
                note: Some("note_fix_settings"),
                ..Checked::default()
            };
        }
    };
    let tz = config.tz();
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
    diagnostics.extend(build::fact_notes_of(&doc.source.display_path, doc.front()));
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
