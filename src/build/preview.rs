//! The editor's preview: one page rendered from unsaved text, with the problems the checks find
//! in it, through the real stages, without writing anything or keeping the text.

use super::Build;
use crate::diagnostic::Diagnostic;

/// A page as it would be with unsaved text.
#[derive(Debug, Default)]
pub struct Preview {
    /// The page's HTML, or `None` when it cannot be rendered (see `diagnostics`).
    pub html: Option<String>,
    /// The problems in the page: its file's, its body's and its template's.
    pub diagnostics: Vec<Diagnostic>,
}

impl Build {}
