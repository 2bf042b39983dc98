//! The content rules that teach staff to write accessible, private, plain pages (`haven check`
//! is a build that writes nothing: `build::check`).
//!
//! The rules read each file's Markdown source (not the rendered HTML), so every finding points
//! at the exact line and column staff wrote. `build` calls [`rules`] for each document while it
//! renders the Markdown (in parallel), so errors stop `haven build` too, `haven serve` shows
//! them for the page being edited, and warnings are listed by `haven check`. One file per
//! family of rules:
//! - `accessibility`: image descriptions, heading levels, table headers, link text;
//! - `privacy`: anything loaded from another website;
//! - [`sanitize`]: script, redirects and trackers in raw HTML and in link addresses;
//! - `plain_language`: reading grade, long sentences and paragraphs, text in capitals;
//! - `structure`: empty sections.

mod accessibility;
mod doc;
mod plain_language;
mod privacy;
pub mod sanitize;
mod structure;
pub mod text;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::Event;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::site::{DocId, Site};
use doc::Doc;

/// Runs the content rules on one document (the plain-language ones only when `plain_language`
/// is set), whose Markdown is `body`, parsed into `events` by [`crate::markdown::parse`] (the
/// build takes bodies out of the model while rendering, and parses each once for both the
/// rules and the HTML, so it hands both in). The build calls this for each document as it
/// renders its Markdown, in parallel, and `haven serve` again for each edited document.
pub fn rules<'a>(
    config: &Config,
    site: &'a Site,
    id: DocId,
    body: &'a str,
    events: &'a [(Event<'a>, Range<usize>)],
    plain_language: bool,
) -> Vec<Diagnostic> {
    let document = site.doc(id);
    let source = &document.source;
    // A section without `_index.md` has a stand-in with no file to point at.
    if source.body_line == 0 {
        return Vec::new();
    }
    let doc = Doc::with_events(
        &source.display_path,
        body,
        source.body_line,
        document.lang(),
        Cow::Borrowed(events),
    );
    let site_host = privacy::site_host(config);
    let mut out = Vec::new();
    accessibility::check(&doc, &mut out);
    privacy::check(&doc, site_host.as_deref(), &mut out);
    sanitize::check(&doc, &mut out);
    if plain_language {
        plain_language::check(&doc, config.reading_grade_target, &mut out);
    }
    if let DocId::Section(s) = id {
        structure::check_section(&doc, &site.sections[s], &mut out);
    }
    out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Runs the rules on one Markdown body, for the rules' unit tests.

    use super::*;

    /// Diagnostics for `body` as `content/t.md` (body from line 1), as `line:col: severity: message`.
    pub fn run(body: &str, lang: &str) -> Vec<String> {
        let doc = Doc::parse(std::path::Path::new("content/t.md"), body, 1, lang);
        let mut out = Vec::new();
        accessibility::check(&doc, &mut out);
        privacy::check(&doc, Some("example.org"), &mut out);
        plain_language::check(&doc, 8.0, &mut out);
        crate::diagnostic::sort(&mut out);
        shown(&out)
    }

    /// Diagnostics found in `content/t.md`, as `line:col: severity: message`.
    pub fn shown(diags: &[Diagnostic]) -> Vec<String> {
        diags
            .iter()
            .map(|d| {
                d.to_string()
                    .trim_start_matches("content/t.md:")
                    .to_string()
            })
            .collect()
    }
}
