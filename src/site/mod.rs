//! The site model: sections and pages with their URLs, order, translations and redirects,
//! built from the loaded content. Nothing here reads files or renders anything.

mod address;
mod url;

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};
use crate::content::{Content, ContentAsset, FileKind, FrontMatter, SourceFile};
use crate::diagnostic::Diagnostic;
use address::{Claims, check_address};
pub use url::{normalize_alias, permalink, slug_problem, slugify};

/// Index of a section in [`Site::sections`].
pub type SectionId = usize;
/// Index of a page in [`Site::pages`].
pub type PageId = usize;

/// Either kind of document, for things that apply to both (links, rendering).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocId {
    /// A section (`_index.md`).
    Section(SectionId),
    /// A page.
    Page(PageId),
}

/// What sections and pages have in common: a source file and a place in the output.
#[derive(Debug, Clone)]
pub struct Document {
    /// The Markdown file (for a section with no `_index.md`, a stand-in with the site title).
    pub source: SourceFile,
    /// Root-relative URL, ending in `/` (base path included): `/about/`, `/es/about/`.
    pub url: String,
    /// File to write, relative to the output folder: `about/index.html`.
    pub out_path: PathBuf,
    /// `extra` from front matter, with ancestors' `cascade` values merged under it.
    pub extra: toml::Table,
    /// The path that ties translations together: `rel_path` without its language suffix.
    pub translation_key: String,
}

impl Document {
    /// The checked front matter.
    pub fn front(&self) -> &FrontMatter {
        &self.source.front
    }
    /// The language code.
    pub fn lang(&self) -> &str {
        &self.source.lang
    }
}

/// A folder with `_index.md`: it lists its pages and subsections.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its own page.
    pub doc: Document,
    /// The enclosing section; `None` for a language's home page.
    pub parent: Option<SectionId>,
    /// Its pages, sorted by weight, then date (newest first), then title.
    pub pages: Vec<PageId>,
    /// Its direct subsections, sorted like pages.
    pub subsections: Vec<SectionId>,
    /// Merged `cascade` values that apply below it.
    pub cascade: toml::Table,
}

/// A page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Its document.
    pub doc: Document,
    /// The section that lists it.
    pub section: SectionId,
}

/// An old URL that redirects to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    /// File to write, relative to the output folder.
    pub out_path: PathBuf,
    /// Where it redirects (root-relative URL).
    pub target: String,
    /// Language of the target page.
    pub lang: String,
}

/// The whole site, ready for Markdown rendering.
#[derive(Debug)]
pub struct Site {
    /// Sections; each language's home page among them.
    pub sections: Vec<Section>,
    /// Pages.
    pub pages: Vec<Page>,
    /// Redirect pages to write.
    pub aliases: Vec<Alias>,
    /// Files in `content/` to copy as they are.
    pub assets: Vec<ContentAsset>,
    /// Each language's home section.
    pub homes: BTreeMap<String, SectionId>,
    /// Resolved menus: name → items with URLs.
    pub menus: BTreeMap<String, Vec<ResolvedMenuItem>>,
    /// Translation key → its documents, each with the index of its language in `langs`.
    /// Link resolution (hundreds of thousands of lookups on a large site) compares small
    /// numbers here instead of reaching into every candidate document for its language.
    translations: FxHashMap<String, Vec<(DocId, u16)>>,
    /// Every language code of a document.
    langs: Vec<String>,
}

/// A menu link with its URL resolved.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ResolvedMenuItem {
    /// Link text.
    pub name: String,
    /// Root-relative or full URL.
    pub url: String,
    /// Order.
    pub weight: i64,
}

impl Site {
    /// The document with this id.
    pub fn doc(&self, id: DocId) -> &Document {
        match id {
            DocId::Section(i) => &self.sections[i].doc,
            DocId::Page(i) => &self.pages[i].doc,
        }
    }

    /// Every document id, sections first, in a stable order.
    pub fn all_docs(&self) -> Vec<DocId> {
        (0..self.sections.len())
            .map(DocId::Section)
            .chain((0..self.pages.len()).map(DocId::Page))
            .collect()
    }

    /// Other-language versions of a document.
    pub fn translations_of(&self, id: DocId) -> Vec<DocId> {
        let key = &self.doc(id).translation_key;
        self.translations
            .get(key)
            .map(|v| v.iter().map(|(d, _)| *d).filter(|d| *d != id).collect())
            .unwrap_or_default()
    }

    /// Finds the document an internal link names: `path` is relative to `content/`
    /// (`about.md`, `sessions/_index.md`, `about.es.md`). A link without a language suffix goes
    /// to the version in `lang` when there is one, else the default language's.
    pub fn resolve(&self, path: &str, lang: &str, default_lang: &str) -> Option<DocId> {
        let explicit = strip_lang_suffix(path);
        let candidates = match self.translations.get(path) {
            Some(c) => c,
            // An explicit `name.es.md`: strip the suffix and ask for that language.
            None => {
                let (base, l) = explicit?;
                let l = self.lang_index(l)?;
                self.translations
                    .get(&format!("{base}.md"))
                    .filter(|v| v.iter().any(|(_, lang)| *lang == l))?
            }
        };
        let want = self.lang_index(explicit.map_or(lang, |(_, l)| l));
        let default = self.lang_index(default_lang);
        candidates
            .iter()
            .find(|(_, l)| Some(*l) == want)
            .or_else(|| candidates.iter().find(|(_, l)| Some(*l) == default))
            .or_else(|| candidates.first())
            .map(|(d, _)| *d)
    }

    fn lang_index(&self, code: &str) -> Option<u16> {
        lang_position(&self.langs, code)
    }

    /// Ancestor sections of a document, from the home page down to its parent.
    pub fn ancestors(&self, id: DocId) -> Vec<SectionId> {
        let mut chain = Vec::new();
        let mut cur = match id {
            DocId::Page(p) => Some(self.pages[p].section),
            DocId::Section(s) => self.sections[s].parent,
        };
        while let Some(s) = cur {
            chain.push(s);
            cur = self.sections[s].parent;
        }
        chain.reverse();
        chain
    }
}

/// Where `code` is in `langs`.
fn lang_position(langs: &[String], code: &str) -> Option<u16> {
    langs
        .iter()
        .position(|l| l == code)
        .and_then(|i| u16::try_from(i).ok())
}

/// `about.es.md` → (`about`, `es`). Borrowed: links are resolved by the hundred thousand.
fn strip_lang_suffix(path: &str) -> Option<(&str, &str)> {
    let without_md = path.strip_suffix(".md")?;
    let (base, lang) = without_md.rsplit_once('.')?;
    if lang.contains('/') {
        return None;
    }
    Some((base, lang))
}

/// Builds the model from loaded content. Drafts are dropped unless `drafts` is set.
pub fn build(config: &Config, content: Content, drafts: bool) -> (Site, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let base = config.base_path().to_string();
    let mut files: Vec<SourceFile> = content
        .files
        .into_iter()
        .filter(|f| drafts || !f.front.draft)
        .collect();
    for f in &mut files {
        check_address(f, &mut diags);
    }

    let mut sections: Vec<Section> = Vec::new();
    let mut pages: Vec<Page> = Vec::new();
    // (folder, lang) → section, to find each page's section.
    let mut section_at: HashMap<(PathBuf, String), SectionId> = HashMap::new();
    let mut page_files = Vec::new();
    for f in files {
        if f.kind == FileKind::Section {
            let folder = f.rel_path.parent().unwrap_or(Path::new("")).to_path_buf();
            let doc = make_document(config, &base, f, &folder);
            section_at.insert((folder, doc.lang().to_string()), sections.len());
            sections.push(Section {
                doc,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                cascade: toml::Table::new(),
            });
        } else {
            page_files.push(f);
        }
    }
    // Every language gets a home page, even without `_index.md`, so that its pages have a
    // section and breadcrumbs have a root.
    let mut homes = BTreeMap::new();
    let used: std::collections::BTreeSet<String> = page_files
        .iter()
        .map(|f| f.lang.clone())
        .chain(section_at.keys().map(|(_, l)| l.clone()))
        .chain([config.default_language.clone()])
        .collect();
    for lang in config.languages.keys().filter(|l| used.contains(*l)) {
        let key = (PathBuf::new(), lang.clone());
        let id = *section_at.entry(key).or_insert_with(|| {
            let source = stand_in_home(config, lang);
            sections.push(Section {
                doc: make_document(config, &base, source, Path::new("")),
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                cascade: toml::Table::new(),
            });
            sections.len() - 1
        });
        homes.insert(lang.clone(), id);
    }
    // Parents of sections: the nearest enclosing folder with a section in the same language.
    for section in &mut sections {
        let folder = section
            .doc
            .source
            .rel_path
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        if folder.as_os_str().is_empty() {
            continue;
        }
        let lang = section.doc.lang().to_string();
        let parent = nearest_section(&section_at, folder.parent(), &lang, &homes);
        section.parent = Some(parent);
    }
    for f in page_files {
        let folder = f.rel_path.parent().unwrap_or(Path::new("")).to_path_buf();
        let (url_folder, search_from) = if f.kind == FileKind::Bundle {
            (folder.clone(), folder.parent().map(Path::to_path_buf))
        } else {
            (folder.clone(), Some(folder))
        };
        let lang = f.lang.clone();
        let doc = make_document(config, &base, f, &url_folder);
        let section = nearest_section(&section_at, search_from.as_deref(), &lang, &homes);
        pages.push(Page { doc, section });
    }
    // Section membership and order.
    for (id, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(id);
    }
    let subsections: Vec<(SectionId, SectionId)> = sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.parent.map(|p| (p, i)))
        .collect();
    for (parent, child) in subsections {
        sections[parent].subsections.push(child);
    }
    for s in 0..sections.len() {
        let mut list = std::mem::take(&mut sections[s].pages);
        list.sort_by(|a, b| order(&pages[*a].doc, &pages[*b].doc, config));
        sections[s].pages = list;
        let mut subs = std::mem::take(&mut sections[s].subsections);
        subs.sort_by(|a, b| order(&sections[*a].doc, &sections[*b].doc, config));
        sections[s].subsections = subs;
    }
    apply_cascade(&mut sections, &mut pages);

    // One address, one document. Addresses are compared by the file they are written to,
    // so `/a/` and `/a/index.html` are one, and without regard to capitals, which Windows and
    // Mac computers do not tell apart in file names.
    let mut claims = Claims::default();
    claims.reserve_own_files(config, &sections);
    for d in sections
        .iter()
        .map(|s| &s.doc)
        .chain(pages.iter().map(|p| &p.doc))
    {
        if d.source.body_line > 0 {
            claims.claim(
                &d.url,
                &d.out_path,
                &d.source.display_path,
                1,
                "the URL",
                &mut diags,
            );
        }
    }
    let mut aliases = Vec::new();
    for d in sections
        .iter()
        .map(|s| &s.doc)
        .chain(pages.iter().map(|p| &p.doc))
    {
        for (alias, line) in &d.front().aliases {
            match normalize_alias(alias, &base) {
                Some((url, out_path)) => {
                    let path = &d.source.display_path;
                    claims.claim(&url, &out_path, path, *line, "the alias", &mut diags);
                    aliases.push(Alias {
                        out_path,
                        target: d.url.clone(),
                        lang: d.lang().to_string(),
                    });
                }
                None => diags.push(
                    Diagnostic::error(
                        &d.source.display_path,
                        *line,
                        1,
                        format!("the alias `{alias}` is not a path on this site"),
                    )
                    .with_hint("write old addresses as paths, like /old-page/"),
                ),
            }
        }
    }

    let mut translations: FxHashMap<String, Vec<(DocId, u16)>> = FxHashMap::default();
    let mut langs: Vec<String> = Vec::new();
    let docs = (sections.iter().enumerate())
        .map(|(i, s)| (DocId::Section(i), &s.doc))
        .chain(
            pages
                .iter()
                .enumerate()
                .map(|(i, p)| (DocId::Page(i), &p.doc)),
        );
    for (id, doc) in docs {
        let lang = lang_position(&langs, doc.lang()).unwrap_or_else(|| {
            langs.push(doc.lang().to_string());
            u16::try_from(langs.len() - 1).unwrap_or(u16::MAX)
        });
        translations
            .entry(doc.translation_key.clone())
            .or_default()
            .push((id, lang));
    }
    let mut site = Site {
        sections,
        pages,
        aliases,
        assets: content.assets,
        homes,
        menus: BTreeMap::new(),
        translations,
        langs,
    };
    site.menus = resolve_menus(config, &site, &mut diags);
    (site, diags)
}

fn make_document(config: &Config, base: &str, source: SourceFile, url_folder: &Path) -> Document {
    let mut parts: Vec<String> = url_folder
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    match source.kind {
        FileKind::Page => parts.push(
            source
                .front
                .slug
                .clone()
                .unwrap_or_else(|| slugify(&source.stem)),
        ),
        FileKind::Section | FileKind::Bundle => {
            if let (Some(slug), Some(last)) = (&source.front.slug, parts.last_mut()) {
                *last = slug.clone();
            }
        }
    }
    let lang_prefix = if source.lang == config.default_language {
        None
    } else {
        Some(source.lang.clone())
    };
    let segments: Vec<&str> = lang_prefix
        .iter()
        .map(String::as_str)
        .chain(parts.iter().map(String::as_str))
        .collect();
    let mut url = format!("{base}/");
    let mut out_path = PathBuf::new();
    for s in &segments {
        url.push_str(s);
        url.push('/');
        out_path.push(s);
    }
    out_path.push("index.html");
    let translation_key = translation_key(&source);
    let extra = source.front.extra.clone();
    Document {
        source,
        url,
        out_path,
        extra,
        translation_key,
    }
}

fn translation_key(source: &SourceFile) -> String {
    let parent = source.rel_path.parent().unwrap_or(Path::new(""));
    let name = format!("{}.md", source.stem);
    let p = parent.join(name);
    p.to_string_lossy().replace('\\', "/")
}

fn stand_in_home(config: &Config, lang: &str) -> SourceFile {
    let title = config
        .languages
        .get(lang)
        .and_then(|l| l.title.clone())
        .unwrap_or_else(|| config.title.clone());
    let suffix = if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    };
    SourceFile {
        rel_path: PathBuf::from(format!("_index{suffix}.md")),
        display_path: PathBuf::from(format!("content/_index{suffix}.md")),
        kind: FileKind::Section,
        lang: lang.to_string(),
        stem: "_index".into(),
        front: FrontMatter {
            title,
            ..FrontMatter::default()
        },
        body: String::new(),
        on_disk: None,
        // 0 marks a stand-in: it has no file, so it claims no URL conflicts against files.
        body_line: 0,
        front_text: Default::default(),
    }
}

fn nearest_section(
    section_at: &HashMap<(PathBuf, String), SectionId>,
    start: Option<&Path>,
    lang: &str,
    homes: &BTreeMap<String, SectionId>,
) -> SectionId {
    let mut cur = start;
    while let Some(dir) = cur {
        if let Some(id) = section_at.get(&(dir.to_path_buf(), lang.to_string())) {
            return *id;
        }
        cur = dir.parent();
    }
    homes[lang]
}

fn order(a: &Document, b: &Document, config: &Config) -> std::cmp::Ordering {
    let tz = config.tz();
    let (fa, fb) = (a.front(), b.front());
    let weight = |w: Option<i64>| (w.is_none(), w.unwrap_or(0));
    let date = |d: &Option<crate::dates::DateValue>| std::cmp::Reverse(d.map(|d| d.timestamp(tz)));
    weight(fa.weight)
        .cmp(&weight(fb.weight))
        .then_with(|| date(&fa.date).cmp(&date(&fb.date)))
        .then_with(|| fa.title.cmp(&fb.title))
        .then_with(|| a.source.rel_path.cmp(&b.source.rel_path))
}

impl Site {
    /// Finds a document by its path relative to `content/`.
    pub fn by_rel_path(&self, rel: &Path) -> Option<DocId> {
        let key = rel.to_string_lossy().replace('\\', "/");
        let (stem_key, lang) = match strip_lang_suffix(&key) {
            Some((base, l)) if self.translations.contains_key(&format!("{base}.md")) => {
                (format!("{base}.md"), Some(l))
            }
            _ => (key.clone(), None),
        };
        self.translations
            .get(&stem_key)?
            .iter()
            .map(|(d, _)| *d)
            .find(|d| {
                let doc = self.doc(*d);
                doc.source.rel_path == rel && lang.is_none_or(|l| doc.lang() == l)
            })
    }

    /// Replaces a document's source after an edit that keeps its place in the site (same URL,
    /// section and cascade), re-merging inherited `extra` and re-sorting its section's list.
    pub fn replace_source(&mut self, id: DocId, source: SourceFile, config: &Config) {
        let inherited = match id {
            DocId::Page(p) => self.sections[self.pages[p].section].cascade.clone(),
            DocId::Section(s) => self.sections[s]
                .parent
                .map(|p| self.sections[p].cascade.clone())
                .unwrap_or_default(),
        };
        let mut extra = merged(&inherited, &source.front.extra);
        if let DocId::Section(_) = id {
            for (k, v) in &source.front.cascade {
                extra.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        let doc = match id {
            DocId::Section(s) => &mut self.sections[s].doc,
            DocId::Page(p) => &mut self.pages[p].doc,
        };
        doc.source = source;
        doc.extra = extra;
        let parent = match id {
            DocId::Page(p) => Some(self.pages[p].section),
            DocId::Section(s) => self.sections[s].parent,
        };
        if let Some(parent) = parent {
            let mut list = std::mem::take(&mut self.sections[parent].pages);
            list.sort_by(|a, b| order(&self.pages[*a].doc, &self.pages[*b].doc, config));
            self.sections[parent].pages = list;
            let mut subs = std::mem::take(&mut self.sections[parent].subsections);
            subs.sort_by(|a, b| order(&self.sections[*a].doc, &self.sections[*b].doc, config));
            self.sections[parent].subsections = subs;
        }
    }

    /// Takes a document's Markdown text out of the model (it is rendered once, then freed;
    /// `haven serve` re-reads a file when it changes), reading it from disk when it was left
    /// there ([`crate::content::SourceFile::take_body`]).
    pub fn take_body(&mut self, id: DocId) -> Result<String, crate::diagnostic::Diagnostic> {
        let doc = match id {
            DocId::Section(s) => &mut self.sections[s].doc,
            DocId::Page(p) => &mut self.pages[p].doc,
        };
        doc.source.take_body()
    }

    /// Every page and section below a section (for breadcrumbs that show its title).
    pub fn descendants(&self, section: SectionId) -> Vec<DocId> {
        let mut out = Vec::new();
        let mut stack = vec![section];
        while let Some(s) = stack.pop() {
            out.extend(self.sections[s].pages.iter().map(|p| DocId::Page(*p)));
            for c in &self.sections[s].subsections {
                out.push(DocId::Section(*c));
                stack.push(*c);
            }
        }
        out
    }

    /// The section that lists a document (`None` for a home page).
    pub fn parent_of(&self, id: DocId) -> Option<SectionId> {
        match id {
            DocId::Page(p) => Some(self.pages[p].section),
            DocId::Section(s) => self.sections[s].parent,
        }
    }
}

fn apply_cascade(sections: &mut [Section], pages: &mut [Page]) {
    // Parents before children: walk from each home down.
    let roots: Vec<SectionId> = (0..sections.len())
        .filter(|i| sections[*i].parent.is_none())
        .collect();
    let mut stack: Vec<(SectionId, toml::Table)> =
        roots.into_iter().map(|r| (r, toml::Table::new())).collect();
    while let Some((id, inherited)) = stack.pop() {
        let mut cascade = inherited.clone();
        for (k, v) in &sections[id].doc.front().cascade {
            cascade.insert(k.clone(), v.clone());
        }
        let own_cascade = sections[id].doc.front().cascade.clone();
        let mut extra = merged(&inherited, &sections[id].doc.extra);
        for (k, v) in own_cascade {
            extra.entry(k).or_insert(v);
        }
        sections[id].doc.extra = extra;
        for &p in &sections[id].pages {
            pages[p].doc.extra = merged(&cascade, &pages[p].doc.extra);
        }
        for &s in &sections[id].subsections {
            stack.push((s, cascade.clone()));
        }
        sections[id].cascade = cascade;
    }
}

fn merged(under: &toml::Table, over: &toml::Table) -> toml::Table {
    let mut out = under.clone();
    for (k, v) in over {
        out.insert(k.clone(), v.clone());
    }
    out
}

fn resolve_menus(
    config: &Config,
    site: &Site,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<ResolvedMenuItem>> {
    let mut menus = BTreeMap::new();
    for (name, items) in &config.menus {
        let mut resolved = Vec::new();
        for item in items {
            let url = if let Some(path) = item.url.strip_prefix("@/") {
                match site.resolve(path, &config.default_language, &config.default_language) {
                    Some(id) => site.doc(id).url.clone(),
                    None => {
                        diags.push(
                            Diagnostic::error(CONFIG_FILE, item.line, 1, format!("menu `{name}` links to `{}`, but there is no such file in content/", item.url))
                                .with_hint("check the file name, or remove the menu entry"),
                        );
                        continue;
                    }
                }
            } else {
                item.url.clone()
            };
            resolved.push(ResolvedMenuItem {
                name: item.name.clone(),
                url,
                weight: item.weight,
            });
        }
        resolved.sort_by_key(|i| i.weight);
        menus.insert(name.clone(), resolved);
    }
    menus
}
