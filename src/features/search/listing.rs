//! The list of every page, A to Z by section, that the search page shows: without JavaScript
//! it is how a reader finds anything, and with it, a way to browse.

use serde::Serialize;

use crate::site::{DocId, Site};

/// Above this many pages in a language, each section is listed by its name and count only
/// (its own page lists its pages): a list of thousands of links would make the search page
/// too heavy for a slow phone.
const MAX_LISTED: usize = 500;

/// One section of the list.
#[derive(Debug, Serialize)]
pub struct Group {
    /// The section's title (the home page's for pages at the top level).
    pub title: String,
    /// The section's address.
    pub url: String,
    /// How many pages it holds (itself included).
    pub count: usize,
    /// Its pages A to Z; empty when the site is too large to list them all.
    pub pages: Vec<Entry>,
}

/// One page of the list.
#[derive(Debug, Serialize)]
pub struct Entry {
    /// Title.
    pub title: String,
    /// Address.
    pub url: String,
}

/// The list for one language.
#[derive(Debug)]
pub struct Listing {
    /// Sections: the home page's group first, then A to Z.
    pub groups: Vec<Group>,
    /// Pages in the language.
    pub total: usize,
}

/// Every page in `lang`, grouped by the top-level section it is in.
pub fn build(site: &Site, lang: &str) -> Listing {
    let docs: Vec<DocId> = site
        .all_docs()
        .into_iter()
        .filter(|id| site.doc(*id).lang() == lang)
        .collect();
    let total = docs.len();
    // Group key: the top-level section (the home page's child) a document is in, or the
    // home page itself for top-level pages.
    // (top-level section, its group, its entries with their sort keys)
    type Pending = (usize, Group, Vec<(String, Entry)>);
    let mut groups: Vec<Pending> = Vec::new();
    for id in docs {
        let chain = site.ancestors(id);
        let top = match (id, chain.len()) {
            (DocId::Section(s), 0) => s,
            (DocId::Section(s), 1) => s,
            (DocId::Page(_), 1) => chain[0],
            _ => chain[1],
        };
        let doc = site.doc(id);
        let entry = Entry {
            title: doc.front().title.clone(),
            url: doc.url.clone(),
        };
        match groups.iter_mut().find(|g| g.0 == top) {
            Some(g) => g.2.push((sort_key(&entry.title), entry)),
            None => {
                let sec = &site.sections[top].doc;
                groups.push((
                    top,
                    Group {
                        title: sec.front().title.clone(),
                        url: sec.url.clone(),
                        count: 0,
                        pages: Vec::new(),
                    },
                    vec![(sort_key(&entry.title), entry)],
                ));
            }
        }
    }
    let is_home = |s: usize| site.sections[s].parent.is_none();
    groups.sort_by(|a, b| {
        (!is_home(a.0), sort_key(&a.1.title)).cmp(&(!is_home(b.0), sort_key(&b.1.title)))
    });
    let groups = groups
        .into_iter()
        .map(|(_, mut g, mut entries)| {
            entries.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.url.cmp(&b.1.url)));
            g.count = entries.len();
            if total <= MAX_LISTED {
                g.pages = entries.into_iter().map(|(_, e)| e).collect();
            }
            g
        })
        .collect();
    Listing { groups, total }
}

/// Case and accents do not change the order ("Ángel" sorts with "angel").
fn sort_key(title: &str) -> String {
    deunicode::deunicode(title).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn accents_and_case_sort_together() {
        let mut v = vec!["Zona", "Ángel", "apoyo", "Beca"];
        v.sort_by_key(|t| sort_key(t));
        assert_eq!(v, ["Ángel", "apoyo", "Beca", "Zona"]);
    }
}
