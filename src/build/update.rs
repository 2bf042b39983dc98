//! How `haven serve` keeps its output in step with the files: after a change, the [`Build`]
//! runs each stage again only for what the change reaches, and writes only files whose bytes
//! changed. Whatever the edits, the output equals a clean build of the same files.
//!
//! What depends on what (see docs/theme-contract.md for what templates see):
//! - a page's output depends on its file, its template (and the templates that one extends or
//!   includes), its section's cascade, the titles of its ancestors and translations
//!   (breadcrumbs, language links), and each feature's data for it;
//! - a section's output also depends on the summaries (title, description, dates, weight,
//!   extra, first paragraph) of its pages and subsections;
//! - a body's rendering depends on what the features ask for it ([`crate::features::Needs`]):
//!   a chapter's recommendations are numbered on from the chapter before;
//! - feature globals go to every page; `#fragment` link checks to the pages linked into;
//! - feeds, sitemaps, redirects, 404 and feature pages are made again on every change (they
//!   are few) and written only when their bytes changed.
//!
//! A change to a file's place in the site (URL, draft, aliases, template, cascade, a new or
//! deleted file or folder) or to config.toml rebuilds everything, and still writes only what
//! changed. While any problem holds writing back (errors; warnings too with `--strict`),
//! nothing is written and the last good output stays; what is owed is written once fixed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::changes::{Kind, classify, template_closures};
use super::problems::Scope;
use super::{Build, Lifetime, Links, Statics, Timer, bodies, io_diag, load_renderer, targets};
use crate::content::{self, CONTENT_DIR, FileKind, SourceFile};
use crate::diagnostic::Diagnostic;

use crate::features::search::{self, LiveIndex, Tap};
use crate::output::live::{LiveSink, RecordingStaging};
use crate::output::{Sink, Staging};
use crate::site::DocId;

/// What one update did.
#[derive(Debug, Default, Clone)]
pub struct Update {
    /// URLs whose page changed on disk.
    pub changed_urls: Vec<String>,
    /// A shared file (CSS, JS) changed: every open page should reload.
    pub reload_all: bool,
    /// Files written.
    pub written: usize,
    /// The problems that hold writing back now: errors, and with `--strict` warnings too.
    /// Nothing was written while there are any.
    pub errors: Vec<Diagnostic>,
    /// Warnings in force now.
    pub warnings: usize,
    /// Whether the whole model was rebuilt.
    pub full: bool,
    /// Nothing the site is built from changed (an editor's temporary file, say).
    pub idle: bool,
}

/// What the live output folder holds, and what it is still owed.
#[derive(Default)]
pub(super) struct Live {
    /// Every file written, with the hash of its bytes.
    written: HashMap<PathBuf, blake3::Hash>,
    /// The site files (feature pages, feeds…) written last time, so that one no longer made
    /// (a topic page whose last resource moved) is removed.
    generated: BTreeSet<PathBuf>,
    /// Pages to render once nothing holds writing back.
    pending: BTreeSet<DocId>,
    /// Static files and content assets to copy once nothing holds writing back.
    recopy: bool,
    /// The next change must rebuild everything (a full rebuild did not get through).
    needs_full: bool,
    /// The search index, kept up to date on a thread of its own.
    search: Option<LiveIndex>,
}

/// What a batch of changed paths touches.
#[derive(Default)]
struct Touched {
    any: bool,
    full: bool,
    markdown: Vec<PathBuf>,
    templates: Vec<String>,
    statics: bool,
    assets: bool,
}

impl Build {
    /// The first write of `haven serve`: the whole site through a staging folder, as
    /// `haven build` writes it, recording each file's hash. `Err` with every problem when
    /// something holds writing back.
    pub(super) fn write_first(&mut self) -> Result<(), Vec<Diagnostic>> {
        if self.blocked(true) {
            return Err(self.diagnostics());
        }
        crate::output::check_target(&self.opts.root, &self.output_dir()).map_err(|d| vec![d])?;
        let staging = Staging::new(&self.output_dir()).map_err(|e| vec![io_diag(e)])?;
        let rec = RecordingStaging {
            staging: &staging,
            written: Mutex::default(),
        };
        let docs = self.site.all_docs();
        let index = LiveIndex::start();
        index.reset(self.indexed_pages());
        let tap = Tap {
            inner: &rec,
            index: &index,
        };
        self.write_pages(&docs, &tap, None);
        let generated = match self.write_rest(&tap, true) {
            Err(d) => return Err(vec![d]),
            Ok(None) => return Err(self.diagnostics()),
            Ok(Some(g)) => g,
        };
        self.live.written = rec.written.into_inner().unwrap_or_default();
        staging.commit().map_err(|e| vec![io_diag(e)])?;
        index.publish(&self.output_dir());
        self.live.search = Some(index);
        self.live.generated = generated.into_iter().collect();
        Ok(())
    }

    /// The pages the search index reads, in the build's order (none when the site has no
    /// search page).
    fn indexed_pages(&self) -> Vec<PathBuf> {
        if !search::enabled(&self.features) {
            return Vec::new();
        }
        self.search_pages(&self.site.all_docs())
    }

    /// Applies a batch of changed paths (absolute or relative to the site root).
    pub fn update(&mut self, changed: &[PathBuf]) -> Update {
        let t = self.touched(changed);
        if !t.any && !t.full {
            return Update {
                idle: true,
                ..Update::default()
            };
        }
        if t.full {
            return self.rebuild();
        }
        let mut dirty = BTreeSet::new();
        match self.update_content(&t.markdown) {
            Some(d) => dirty.extend(d),
            None => return self.rebuild(),
        }
        let mut templates = t.templates;
        if t.statics {
            match Statics::collect(&self.opts.root, &self.config) {
                Ok((s, notes)) => {
                    if s.urls != self.statics.urls {
                        // Every page links the hashed names.
                        templates.push(String::new());
                    }
                    self.statics = s;
                    self.problems.statics = notes;
                }
                Err(e) => self.problems.statics = e,
            }
        }
        let globals_changed = self.rerun_features(&mut dirty);
        // A page or file added or taken away (a feature page, a file in static/) may be what a
        // link elsewhere needed, or no longer has: check every link again.
        let targets = targets::targets(
            &self.config,
            &self.site,
            &self.features,
            &self.statics.files,
        );
        if targets != self.targets {
            self.targets = targets;
            self.links = Links::index(&self.config, &self.site, &self.bodies, &self.targets, true);
        }
        if !templates.is_empty() || globals_changed {
            self.reload_templates(&templates, globals_changed, &mut dirty);
        }
        self.live.pending.extend(dirty);
        self.live.recopy |= t.statics || t.assets;
        self.flush(false)
    }

    /// Rebuilds everything from the files on disk (after a structural change, or when the
    /// watcher lost track of changes); on errors keeps the last good state and output.
    pub fn rebuild(&mut self) -> Update {
        let mut timer = Timer::start();
        match Build::load(self.opts.clone(), Lifetime::Kept, &mut timer) {
            Ok(fresh) => {
                let live = std::mem::take(&mut self.live);
                *self = fresh;
                self.live = live;
                // A fresh model: a fresh index.
                if let Some(index) = &self.live.search {
                    index.reset(self.indexed_pages());
                }
                self.live.needs_full = false;
                self.live.pending = self.site.all_docs().into_iter().collect();
                self.live.recopy = true;
                let u = self.flush(true);
                self.live.needs_full = !u.errors.is_empty();
                u
            }
            Err(errors) => {
                self.live.needs_full = true;
                self.problems.setup = errors.into_iter().filter(Diagnostic::is_error).collect();
                Update {
                    full: true,
                    errors: self.blocking(),
                    ..Update::default()
                }
            }
        }
    }

    /// Sorts a batch of changed paths by what they are to the site.
    fn touched(&self, changed: &[PathBuf]) -> Touched {
        let root = &self.opts.root;
        let content = root.join(CONTENT_DIR);
        let rels: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
            .collect();
        let mut t = Touched {
            full: self.live.needs_full,
            ..Touched::default()
        };
        for rel in &rels {
            match classify(rel, &self.config.theme) {
                Kind::Config => {
                    t.any = true;
                    t.full = true;
                }
                Kind::ContentAsset(c) if self.is_folder_change(&c) => {
                    // A folder made, renamed or removed: its files may not have been seen one
                    // by one (they can be written before the watcher sees the new folder).
                    t.any = true;
                    t.full = true;
                }
                Kind::ContentAsset(c) => {
                    let on_disk = content.join(&c).is_file();
                    let known = self.site.assets.iter().any(|a| a.rel_path == c);
                    // Neither on disk nor known: an editor's or tool's temporary file.
                    t.any |= on_disk || known;
                    match (on_disk, known) {
                        // A new asset, or a deleted one, changes the model.
                        (true, false) | (false, true) => t.full = true,
                        // An edited one is only copied again.
                        (true, true) => t.assets = true,
                        (false, false) => {}
                    }
                }
                Kind::Template(name) => {
                    t.any = true;
                    t.templates.push(name);
                }
                Kind::Static => {
                    t.any = true;
                    t.statics = true;
                }
                Kind::Markdown(c) => {
                    if content.join(&c).is_file() || self.site.by_rel_path(&c).is_some() {
                        t.any = true;
                        t.markdown.push(c);
                    }
                }
                Kind::Other => {}
            }
        }
        t
    }

    /// Whether `c` (relative to `content/`) is a folder now, or was one the site had files in.
    fn is_folder_change(&self, c: &Path) -> bool {
        if self.opts.root.join(CONTENT_DIR).join(c).is_dir() {
            return true;
        }
        let site = &self.site;
        let under = |p: &Path| p != c && p.starts_with(c);
        site.assets.iter().any(|a| under(&a.rel_path))
            || site
                .all_docs()
                .iter()
                .any(|id| under(&site.doc(*id).source.rel_path))
    }

    /// Loads the edited Markdown files again and renders what they reach: their own bodies,
    /// and the bodies whose requested rendering changed with them (a chapter after one whose
    /// recommendations changed). Returns the documents to render again, or `None` when an
    /// edit changes the site's structure.
    fn update_content(&mut self, edited: &[PathBuf]) -> Option<BTreeSet<DocId>> {
        // What other pages showed of each document before it was loaded again.
        let mut shown: HashMap<DocId, Shown> = HashMap::new();
        let mut todo: BTreeSet<DocId> = BTreeSet::new();
        for rel in edited {
            let id = self.site.by_rel_path(rel)?;
            shown.insert(id, self.shown(id));
            if self.reload(id)? {
                todo.insert(id);
            }
        }
        if todo.is_empty() {
            return Some(BTreeSet::new());
        }
        let needs = self.ask_features();
        for id in needs.changed(&self.needs) {
            shown.entry(id).or_insert_with(|| self.shown(id));
            if !todo.contains(&id) && self.reload(id)? {
                todo.insert(id);
            }
        }
        self.needs = needs;
        let mut dirty = BTreeSet::new();
        while !todo.is_empty() {
            let ids: Vec<DocId> = std::mem::take(&mut todo).into_iter().collect();
            let old: Vec<(Vec<String>, usize)> = ids
                .iter()
                .map(|id| {
                    let r = self.bodies.get(*id);
                    (r.heading_ids.clone(), r.next_recommendation)
                })
                .collect();
            bodies::render(
                &self.config,
                &mut self.site,
                &self.needs,
                &ids,
                &mut self.bodies,
                self.opts.plain_language(),
            );
            for (&id, (old_ids, old_next)) in ids.iter().zip(old) {
                dirty.insert(id);
                self.links
                    .refresh(&self.config, &self.site, &self.bodies, &self.targets, id);
                if self.bodies.get(id).heading_ids != old_ids {
                    for linking in self.links.linking_to(id) {
                        self.links.refresh(
                            &self.config,
                            &self.site,
                            &self.bodies,
                            &self.targets,
                            linking,
                        );
                    }
                }
                if shown.get(&id).is_none_or(|s| *s != self.shown(id)) {
                    let site = &self.site;
                    dirty.extend(site.parent_of(id).map(DocId::Section));
                    dirty.extend(site.translations_of(id));
                    if let DocId::Section(sec) = id {
                        dirty.extend(site.descendants(sec));
                    }
                }
                if self.bodies.get(id).next_recommendation != old_next {
                    // The chapters after it are numbered on from it: render them again.
                    let next: Vec<DocId> = self.needs.followers(id).collect();
                    for f in next.into_iter().filter(|f| !dirty.contains(f)) {
                        shown.entry(f).or_insert_with(|| self.shown(f));
                        if self.reload(f)? {
                            todo.insert(f);
                        }
                    }
                }
            }
        }
        Some(dirty)
    }

    /// Reads a document's file again into the model. `Some(true)` when it loaded,
    /// `Some(false)` when it does not load now (its problems are kept under the file and the
    /// last good version stays), `None` when it is gone or its place in the site changed.
    fn reload(&mut self, id: DocId) -> Option<bool> {
        let rel = self.site.doc(id).source.rel_path.clone();
        let dir = self.opts.root.join(CONTENT_DIR);
        if !dir.join(&rel).is_file() {
            return None;
        }
        let display = Path::new(CONTENT_DIR).join(&rel);
        let today = self.config.today(self.now);
        let (source, found) = content::read_file(&dir, &rel, &self.config, today);
        // Its problems replace the file's earlier ones; with an error, the last good version
        // stays in the model.
        if found.is_empty() {
            self.problems.files.remove(&display);
        } else {
            self.problems.files.insert(display, found.clone());
        }
        let Some(source) = source.filter(|_| !found.iter().any(Diagnostic::is_error)) else {
            return Some(false);
        };
        let old = &self.site.doc(id).source;
        if structure_key(old) != structure_key(&source) || (source.front.draft && !self.opts.drafts)
        {
            return None;
        }
        self.site.replace_source(id, source, &self.config);
        Some(true)
    }

    /// Runs the features again; pages whose feature data changed go into `dirty`. Returns
    /// whether a feature's global data (seen by every template) changed.
    fn rerun_features(&mut self, dirty: &mut BTreeSet<DocId>) -> bool {
        let old = std::mem::take(&mut self.features);
        self.features = self.run_features();
        let mut globals_changed = false;
        for ((_, a), (_, b)) in old.iter().zip(&self.features) {
            globals_changed |= a.global != b.global;
            for (id, v) in &b.per_doc {
                if a.per_doc.get(id) != Some(v) {
                    dirty.insert(*id);
                }
            }
            dirty.extend(a.per_doc.keys().filter(|id| !b.per_doc.contains_key(id)));
            for (id, t) in &b.templates {
                if a.templates.get(id) != Some(t) {
                    dirty.insert(*id);
                }
            }
            dirty.extend(
                a.templates
                    .keys()
                    .filter(|id| !b.templates.contains_key(id)),
            );
        }
        globals_changed
    }

    /// Loads the templates again after `changed` templates (`""`: every page is affected)
    /// or the features' global data changed; the pages they render go into `dirty`.
    fn reload_templates(
        &mut self,
        changed: &[String],
        globals_changed: bool,
        dirty: &mut BTreeSet<DocId>,
    ) {
        let root = &self.opts.root;
        match load_renderer(
            root,
            &self.config,
            &self.site,
            &self.statics,
            &self.features,
            self.now,
        ) {
            Ok(mut r) => {
                // Links among the templates, skipped with a warning.
                self.problems.templates = std::mem::take(&mut r.warnings);
                let names: BTreeSet<&String> = changed.iter().collect();
                if globals_changed || names.contains(&String::new()) {
                    dirty.extend(self.site.all_docs());
                } else {
                    let uses = template_closures(root, &self.config);
                    for id in self.site.all_docs() {
                        let t = crate::render::template_for(&self.site, &r, &self.features, id);
                        let closure = uses.get(&t);
                        if names.contains(&t)
                            || closure.is_some_and(|c| c.iter().any(|n| names.contains(n)))
                        {
                            dirty.insert(id);
                        }
                    }
                }
                self.renderer = r;
            }
            Err(e) => {
                self.problems.templates = e;
                // Once the template is fixed, these pages must be rendered.
                dirty.extend(self.site.all_docs());
            }
        }
    }

    /// Renders the pages owed and makes the site's other files again, writing what changed,
    /// unless a problem holds writing back (then nothing is written and the last good output
    /// stays).
    fn flush(&mut self, full: bool) -> Update {
        let mut update = Update {
            full,
            ..Update::default()
        };
        // Pages whose template failed are among those owed: rendering them again is what
        // says whether they still fail, so they do not hold rendering back.
        if self.blocked(false) {
            update.errors = self.blocking();
            return update;
        }
        self.problems.output.clear();
        let out = self.output_dir();
        let live_sink = LiveSink::new(out.clone(), std::mem::take(&mut self.live.written));
        let search = self.live.search.take();
        let tap;
        let sink: &dyn Sink = match &search {
            Some(index) => {
                tap = Tap {
                    inner: &live_sink,
                    index,
                };
                &tap
            }
            None => &live_sink,
        };
        let docs: Vec<DocId> = std::mem::take(&mut self.live.pending).into_iter().collect();
        self.write_pages(&docs, sink, None);
        // A page whose template fails is owed until it renders.
        let failed = docs
            .iter()
            .filter(|id| self.problems.pages.contains_key(id));
        self.live.pending.extend(failed);
        let copy = full || self.live.recopy;
        let rest = self.write_rest(sink, copy);
        let changed = live_sink.changed.into_inner().unwrap_or_default();
        let produced = live_sink.produced.into_inner().unwrap_or_default();
        let mut written = live_sink.written.into_inner().unwrap_or_default();
        // Deletes go through the output folder's tree too: a link there is removed, never
        // followed to a file outside.
        let tree = live_sink.tree;
        match rest {
            Err(d) => self.problems.output.push(d),
            Ok(None) => {}
            Ok(Some(generated)) => {
                let generated: BTreeSet<PathBuf> = generated.into_iter().collect();
                let pages: BTreeSet<PathBuf> = self
                    .site
                    .all_docs()
                    .into_iter()
                    .map(|id| self.site.doc(id).out_path.clone())
                    .collect();
                if copy {
                    // Files an earlier build wrote that this one would not: remove them.
                    // Pages not rendered again in this update are still expected.
                    let stale: Vec<PathBuf> = written
                        .keys()
                        .filter(|k| !produced.contains(*k) && !pages.contains(*k))
                        .cloned()
                        .collect();
                    for rel in stale {
                        let _ = tree.remove_file(&rel);
                        written.remove(&rel);
                    }
                    self.live.recopy = false;
                }
                for rel in self.live.generated.difference(&generated) {
                    if !pages.contains(rel) {
                        let _ = tree.remove_file(rel);
                        written.remove(rel);
                    }
                }
                self.live.generated = generated;
                if let Some(index) = &search {
                    index.publish(&out);
                }
            }
        }
        self.live.search = search;
        self.live.written = written;
        update.errors = self.blocking();
        update.written = changed.len();
        update.reload_all = changed
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "css" || e == "js"));
        let base = self.config.base_path().to_string();
        update.changed_urls = changed
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| url_of(&base, p))
            .collect();
        let mut warnings = 0;
        self.each_problem(Scope::ALL, |d| warnings += usize::from(!d.is_error()));
        update.warnings = warnings;
        update
    }

    /// What other pages show of a document: if it changes, they are rendered again too.
    fn shown(&self, id: DocId) -> Shown {
        let d = self.site.doc(id);
        let f = d.front();
        Shown {
            title: f.title.clone(),
            description: f.description.clone(),
            date: f.date,
            updated: f.updated,
            weight: f.weight,
            extra: d.extra.clone(),
            summary: self.bodies.get(id).summary.clone(),
        }
    }
}

/// What other pages show of a document (lists, breadcrumbs, language links).
#[derive(PartialEq)]
struct Shown {
    title: String,
    description: Option<String>,
    date: Option<crate::dates::DateValue>,
    updated: Option<crate::dates::DateValue>,
    weight: Option<i64>,
    extra: toml::Table,
    summary: String,
}

fn url_of(base: &str, rel: &Path) -> String {
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.strip_suffix("index.html").unwrap_or(&s);
    format!("{base}/{s}")
}

/// Everything about a file that decides its place in the site. If it changes, the model is
/// rebuilt.
fn structure_key(s: &SourceFile) -> impl PartialEq + use<> {
    let f = &s.front;
    (
        s.kind == FileKind::Section,
        s.lang.clone(),
        f.slug.clone(),
        f.draft,
        f.aliases.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
        f.template.clone(),
        f.feed,
        f.cascade.clone(),
    )
}
