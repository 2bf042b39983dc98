//! Every document's rendered body, by document: what the Markdown stage hands to the features
//! and to the templates.

use std::collections::HashMap;

use super::Rendered;
use crate::site::{DocId, Site};

/// One document's part of [`Bodies`], taken out for a while (the editor's preview).
#[derive(Debug, Default)]
pub struct Taken {
    main: Rendered,
    variants: Vec<Rendered>,
    text: Option<String>,
}

/// The rendered bodies of a site, one per document, with the extra renderings and texts that
/// features asked for (`features::Request`).
#[derive(Debug, Default)]
pub struct Bodies {
    /// Sections in the model: pages come after them in `list`.
    sections: usize,
    /// One per document: sections first, then pages (the order of [`Site::all_docs`]).
    list: Vec<Rendered>,
    /// More renderings of a body for other places (a chapter in a publication's one-page
    /// version), in the order they were asked for.
    variants: HashMap<DocId, Vec<Rendered>>,
    /// Markdown text kept because a feature reads it (a translated page's source, whose
    /// fingerprint the translation records).
    texts: HashMap<DocId, String>,
}

impl Bodies {
    /// An empty body for every document of `site`.
    pub fn new(site: &Site) -> Bodies {
        let n = site.sections.len() + site.pages.len();
        Bodies {
            sections: site.sections.len(),
            list: std::iter::repeat_with(Rendered::default).take(n).collect(),
            variants: HashMap::new(),
            texts: HashMap::new(),
        }
    }

    fn slot(&self, id: DocId) -> usize {
        match id {
            DocId::Section(i) => i,
            DocId::Page(i) => self.sections + i,
        }
    }

    /// The body of a document.
    pub fn get(&self, id: DocId) -> &Rendered {
        &self.list[self.slot(id)]
    }

    /// Sets a document's body, its extra renderings and its kept text.
    pub fn set(
        &mut self,
        id: DocId,
        mut main: Rendered,
        mut variants: Vec<Rendered>,
        text: Option<String>,
    ) {
        // A kept body gives back the room rendering reserved and did not use (a fifth of a
        // typical body, else a fifth of a large build's memory); a page written as soon as
        // it is rendered never gets here with its HTML, and is spared the copy.
        main.html.shrink_to_fit();
        variants.iter_mut().for_each(|v| v.html.shrink_to_fit());
        let slot = self.slot(id);
        self.list[slot] = main;
        // Most sites ask for neither: spare every body a lookup in an empty map.
        if !variants.is_empty() {
            self.variants.insert(id, variants);
        } else if !self.variants.is_empty() {
            self.variants.remove(&id);
        }
        match text {
            Some(t) => {
                self.texts.insert(id, t);
            }
            None if !self.texts.is_empty() => {
                self.texts.remove(&id);
            }
            None => {}
        }
    }

    /// Takes a document's body, extra renderings and kept text out (to be put back with
    /// [`Bodies::put_back`]).
    pub fn take(&mut self, id: DocId) -> Taken {
        let slot = self.slot(id);
        Taken {
            main: std::mem::take(&mut self.list[slot]),
            variants: self.variants.remove(&id).unwrap_or_default(),
            text: self.texts.remove(&id),
        }
    }

    /// Puts back what [`Bodies::take`] took.
    pub fn put_back(&mut self, id: DocId, taken: Taken) {
        self.set(id, taken.main, taken.variants, taken.text);
    }

    /// The extra renderings a feature asked for, in the order asked.
    pub fn variants(&self, id: DocId) -> &[Rendered] {
        self.variants.get(&id).map_or(&[], Vec::as_slice)
    }

    /// The Markdown text of a document, when a feature asked for it to be kept.
    pub fn text(&self, id: DocId) -> Option<&str> {
        self.texts.get(&id).map(String::as_str)
    }

    /// Every body, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &Rendered> {
        self.list.iter()
    }
}
