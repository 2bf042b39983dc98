//! The site's structure: a section page with nothing on it.

use super::doc::Doc;
use crate::diagnostic::Diagnostic;
use crate::site::Section;

/// A section (`_index.md`) with no text and no pages or subsections shows readers an empty page.
pub fn check_section(doc: &Doc<'_>, section: &Section, out: &mut Vec<Diagnostic>) {
    if doc.has_content() || !section.pages.is_empty() || !section.subsections.is_empty() {
        return;
    }
    let front = &section.doc.source.front_text;
    let line = front.line_of(&["title"]).unwrap_or(1);
    let folder = section
        .doc
        .source
        .display_path
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    out.push(
        Diagnostic::warning(doc.path, line, 1, "this section is empty: it has no text and no pages")
            .with_hint(format!("write a sentence on what will be here (e.g. “No sessions are planned yet.”), or add pages to {folder}/")),
    );
}
