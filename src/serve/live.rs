//! The live site behind `haven serve`: the build's stages kept in memory, so that an edit
//! re-renders only what depends on it.
//!
//! Dependencies, from what templates see (docs/theme-contract.md):
//! - a page's own output depends on its file, its template (and the templates that one
//!   extends or includes), its section's cascade, and the titles of its ancestors and
//!   translations (breadcrumbs, language links);
//! - a section's output also depends on the summaries (title, description, dates, weight,
//!   extra, first paragraph) of its pages and subsections;
//! - feature data (sessions, resources…) per page, and feature globals for every page;
//! - feeds, sitemap, redirects, 404 and feature pages are regenerated on every change (they are
//!   few) and written only when their bytes changed.
//! A change to a file's place in the site (URL, draft, aliases, template, cascade, a new or
//! deleted file), to config.toml or to an asset's hashed name rebuilds the model from scratch,
//! but still writes only the files whose bytes changed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::build::{self, BuildOptions, Prepared, Sink, Timer};
use crate::content::{self, CONTENT_DIR, FileKind, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::features::search::{LiveIndex, Tap};
use crate::features::slot;
use crate::fsio;
use crate::output::{Staging, assets};
use crate::site::DocId;

use super::changes::{Kind, classify, template_closures};
use super::sink::{LiveSink, RecordingStaging};

/// What one update did.
#[derive(Debug, Default, Clone)]
pub struct Update {
    /// URLs whose page changed on disk.
    pub changed_urls: Vec<String>,
    /// A shared file (CSS, JS) changed: every open page should reload.
    pub reload_all: bool,
    /// Files written.
    pub written: usize,
    /// Errors in force now (nothing was written while there are any).
    pub errors: Vec<Diagnostic>,
    /// Warnings in force now.
    pub warnings: usize,
    /// Whether the whole model was rebuilt.
    pub full: bool,
    /// Nothing the site is built from changed (an editor's temporary file, say).
    pub idle: bool,
}

/// The site as `haven serve` keeps it.
pub struct LiveSite {
    opts: BuildOptions,
    p: Prepared,
    written: HashMap<PathBuf, blake3::Hash>,
    /// Pages to re-render once the site has no errors.
    pending: BTreeSet<DocId>,
    /// The next change must rebuild the model (a structural edit failed to build).
    needs_full: bool,
    /// Errors in files that could not be read or parsed, by file.
    file_errors: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Errors from the last template reload.
    template_errors: Vec<Diagnostic>,
    /// Errors from rendering pages, by document.
    render_errors: HashMap<DocId, Diagnostic>,
    /// Problems found when the model was built (URL clashes, menus), kept until the next full build.
    model_diagnostics: Vec<Diagnostic>,
    /// `#fragment` link problems by linking document; recomputed only for what an edit touches.
    fragment_diags: HashMap<DocId, Vec<Diagnostic>>,
    /// Which documents link to a heading of each document (so a renamed heading re-checks them).
    links_into: HashMap<DocId, BTreeSet<DocId>>,
    /// Files `site_files` produced last time (feature pages, feeds, redirects), so that one it
    /// no longer produces (a topic page whose last resource moved) is removed.
    generated: BTreeSet<PathBuf>,
    /// The search index, kept up to date on a thread of its own.
    search: LiveIndex,
}

impl LiveSite {
    /// Builds the site the way `haven build` does (staging folder, atomic swap) and keeps the
    /// stages in memory.
    pub fn start(opts: BuildOptions) -> Result<LiveSite, Vec<Diagnostic>> {
        let mut timer = Timer::start();
        let mut p = build::prepare(&opts, &mut timer)?;
        let diagnostics = std::mem::take(&mut p.diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        crate::output::check_target(&opts.root, &opts.output_dir()).map_err(|d| vec![d])?;
        let staging = Staging::new(&opts.output_dir()).map_err(|e| vec![build::io_diag(e)])?;
        let rec = RecordingStaging {
            staging: &staging,
            written: Mutex::default(),
        };
        let docs = p.site.all_docs();
        let search = LiveIndex::start();
        if crate::features::search::enabled(&p.features) {
            search.reset(build::search_pages(&p, &docs));
        }
        let tap = Tap {
            inner: &rec,
            index: &search,
        };
        let mut errors = build::render_docs(&p, &docs, &tap);
        let (files, mut more) = build::site_files(&p);
        errors.append(&mut more);
        if errors.iter().any(Diagnostic::is_error) {
            return Err(errors);
        }
        for (rel, bytes) in &files {
            rec.put(rel, bytes).map_err(|e| vec![build::io_diag(e)])?;
        }
        for f in copy_list(&opts, &p) {
            let bytes = fsio::read(&f.0).map_err(|e| vec![build::io_diag(e)])?;
            rec.put(&f.1, &bytes).map_err(|e| vec![build::io_diag(e)])?;
        }
        let written = rec.written.into_inner().unwrap_or_default();
        staging.commit().map_err(|e| vec![build::io_diag(e)])?;
        search.publish(&opts.output_dir());
        let model_diagnostics = std::mem::take(&mut p.model_diagnostics);
        let generated = files.iter().map(|(rel, _)| rel.clone()).collect();
        let mut live = LiveSite {
            opts,
            p,
            written,
            pending: BTreeSet::new(),
            needs_full: false,
            file_errors: HashMap::new(),
            template_errors: Vec::new(),
            render_errors: HashMap::new(),
            model_diagnostics,
            fragment_diags: HashMap::new(),
            links_into: HashMap::new(),
            generated,
            search,
        };
        live.index_fragments();
        Ok(live)
    }

    /// Checks every document's `#fragment` links and records who links where.
    fn index_fragments(&mut self) {
        self.links_into.clear();
        self.fragment_diags.clear();
        for id in self.p.site.all_docs() {
            self.refresh_fragments(id);
        }
    }

    /// Re-checks one document's `#fragment` links and notes the documents they point into.
    fn refresh_fragments(&mut self, id: DocId) {
        let (p, site) = (&self.p, &self.p.site);
        let problems =
            build::fragment_problems(&p.config, site, &p.rendered, &p.features, &p.targets, id);
        let doc = site.doc(id);
        for link in &p.rendered[slot(site, id)].fragment_links {
            if let Some(target) = link
                .target
                .as_deref()
                .and_then(|t| site.resolve(t, doc.lang(), &p.config.default_language))
            {
                self.links_into.entry(target).or_default().insert(id);
            }
        }
        if problems.is_empty() {
            self.fragment_diags.remove(&id);
        } else {
            self.fragment_diags.insert(id, problems);
        }
    }

    /// Every problem in force now, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.collect(|_| true)
    }

    /// The errors in force now, sorted. On a large site with many warnings this is what an
    /// update needs, without copying and sorting every warning.
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.collect(Diagnostic::is_error)
    }

    fn collect(&self, keep: impl Fn(&Diagnostic) -> bool) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = Vec::new();
        self.each(|d| {
            if keep(d) {
                all.push(d.clone())
            }
        });
        all.extend(
            build::fact_notes(&self.p.site)
                .into_iter()
                .filter(|d| keep(d)),
        );
        crate::diagnostic::sort(&mut all);
        all.dedup();
        all
    }

    /// How many warnings are in force (fact notes included).
    fn warning_count(&self) -> usize {
        let mut n = 0;
        self.each(|d| n += usize::from(!d.is_error()));
        n + self
            .p
            .site
            .all_docs()
            .iter()
            .map(|id| {
                self.p.site.doc(*id).front().verify.len() + self.p.site.doc(*id).front().gaps.len()
            })
            .sum::<usize>()
    }

    fn each(&self, mut f: impl FnMut(&Diagnostic)) {
        let sources = self
            .model_diagnostics
            .iter()
            .chain(self.file_errors.values().flatten())
            .chain(&self.template_errors)
            .chain(self.render_errors.values());
        sources.for_each(&mut f);
        self.p
            .rendered
            .iter()
            .flat_map(|r| &r.diagnostics)
            .for_each(&mut f);
        self.fragment_diags.values().flatten().for_each(&mut f);
        self.p
            .features
            .iter()
            .flat_map(|(_, out)| &out.diagnostics)
            .for_each(&mut f);
    }

    /// The stages kept in memory (the editor's dashboard reads the model from them).
    pub fn prepared(&self) -> &Prepared {
        &self.p
    }

    /// The same, for the editor's preview, which renders one page from unsaved text and puts
    /// back everything it changed before it returns.
    pub fn prepared_mut(&mut self) -> &mut Prepared {
        &mut self.p
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.opts.output_dir()
    }

    /// Applies a batch of changed paths (absolute or relative to the site root).
    pub fn apply(&mut self, changed: &[PathBuf]) -> Update {
        let root = self.opts.root.clone();
        let rels: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap_or(p).to_path_buf())
            .collect();
        let mut dirty: BTreeSet<DocId> = BTreeSet::new();
        let mut full = self.needs_full;
        let mut templates_changed = Vec::new();
        let mut static_changed = false;
        let mut asset_changed = false;
        let mut touched = false;
        for rel in &rels {
            match classify(rel, &self.p.config.theme) {
                Kind::Config => {
                    touched = true;
                    full = true
                }
                Kind::ContentAsset(c) if self.is_folder_change(&c) => {
                    // A folder made, renamed or removed: its files may not have been seen one
                    // by one (they can be written before the watcher sees the new folder).
                    touched = true;
                    full = true
                }
                Kind::ContentAsset(c) => {
                    let path = root.join(CONTENT_DIR).join(&c);
                    let known = self.p.site.assets.iter().any(|a| a.rel_path == c);
                    touched |= path.is_file() || known;
                    if path.is_file() && !known {
                        full = true;
                    } else if known {
                        // A deleted asset changes the model; an edited one is just copied again.
                        if path.is_file() {
                            asset_changed = true
                        } else {
                            full = true
                        }
                    }
                    // Neither on disk nor known: an editor's or tool's temporary file.
                }
                Kind::Template(name) => {
                    touched = true;
                    templates_changed.push(name)
                }
                Kind::Static => {
                    touched = true;
                    static_changed = true
                }
                Kind::Markdown(content_rel) => {
                    let exists = root.join(CONTENT_DIR).join(&content_rel).is_file();
                    if full || (!exists && self.p.site.by_rel_path(&content_rel).is_none()) {
                        continue;
                    }
                    touched = true;
                    match self.update_markdown(&content_rel) {
                        Some(d) => dirty.extend(d),
                        None => full = true,
                    }
                }
                Kind::Other => {}
            }
        }
        if !touched && !full {
            return Update {
                idle: true,
                ..Update::default()
            };
        }
        if full {
            return self.rebuild_all();
        }
        if static_changed {
            let static_key = PathBuf::from("static");
            match assets::collect(
                &root,
                &build::static_dirs(&root, &self.p.config),
                self.p.config.base_path(),
            ) {
                Ok((files, urls, _)) => {
                    self.file_errors.remove(&static_key);
                    if urls != self.p.asset_urls {
                        self.p.asset_urls = urls;
                        templates_changed.push(String::new());
                        dirty.extend(self.p.site.all_docs());
                    }
                    self.p.static_files = files;
                }
                Err(e) => {
                    self.file_errors.insert(static_key, e);
                }
            }
        }
        let old_features = std::mem::take(&mut self.p.features);
        self.p.features = build::run_features(
            &root,
            &self.p.config,
            &self.p.site,
            &self.p.rendered,
            self.p.now,
        );
        self.p.targets = build::targets(
            &self.p.config,
            &self.p.site,
            &self.p.features,
            &self.p.static_files,
        );
        if static_changed {
            // A file added to (or taken from) static/ may be what a link elsewhere needed.
            self.index_fragments();
        }
        let globals_changed = old_features
            .iter()
            .zip(&self.p.features)
            .any(|((_, a), (_, b))| a.global != b.global);
        // A feature that renders a body itself (a publication) may give a page other ids now:
        // links into that page are checked again.
        let mut ids_changed: BTreeSet<DocId> = BTreeSet::new();
        for ((_, a), (_, b)) in old_features.iter().zip(&self.p.features) {
            ids_changed.extend(
                a.ids
                    .keys()
                    .chain(b.ids.keys())
                    .filter(|id| a.ids.get(*id) != b.ids.get(*id)),
            );
        }
        for id in ids_changed {
            self.refresh_fragments(id);
            for linking in self.links_into.get(&id).cloned().unwrap_or_default() {
                self.refresh_fragments(linking);
            }
        }
        for ((_, a), (_, b)) in old_features.iter().zip(&self.p.features) {
            for (id, v) in &b.per_doc {
                if a.per_doc.get(id) != Some(v) {
                    dirty.insert(*id);
                }
            }
            dirty.extend(a.per_doc.keys().filter(|id| !b.per_doc.contains_key(id)));
        }
        if !templates_changed.is_empty() || globals_changed {
            match build::load_renderer(
                &root,
                &self.p.config,
                &self.p.site,
                &self.p.asset_urls,
                &self.p.features,
                self.p.now,
            ) {
                Ok(r) => {
                    self.template_errors.clear();
                    let names: BTreeSet<String> = templates_changed.iter().cloned().collect();
                    if globals_changed || names.contains("") {
                        dirty.extend(self.p.site.all_docs());
                    } else {
                        let uses = template_closures(&root, &self.p.config);
                        for id in self.p.site.all_docs() {
                            let t = build::template_for_doc(&self.p.site, &r, &self.p.features, id);
                            let closure = uses.get(&t);
                            if names.contains(&t)
                                || closure.is_some_and(|c| c.iter().any(|n| names.contains(n)))
                            {
                                dirty.insert(id);
                            }
                        }
                    }
                    self.p.renderer = r;
                }
                Err(e) => {
                    self.template_errors = e;
                    // Once the template is fixed, these pages must be rendered.
                    dirty.extend(self.p.site.all_docs());
                }
            }
        }
        self.pending.extend(dirty);
        self.flush(false, static_changed || asset_changed)
    }

    /// Whether `c` (relative to `content/`) is a folder now, or was one the site had files in.
    fn is_folder_change(&self, c: &Path) -> bool {
        let dir = self.opts.root.join(CONTENT_DIR);
        if dir.join(c).is_dir() {
            return true;
        }
        let site = &self.p.site;
        let under = |p: &Path| p != c && p.starts_with(c);
        site.assets.iter().any(|a| under(&a.rel_path))
            || site
                .all_docs()
                .iter()
                .any(|id| under(&site.doc(*id).source.rel_path))
    }

    /// Rebuilds everything from the files on disk (after the watcher lost track of changes).
    pub fn rebuild(&mut self) -> Update {
        self.rebuild_all()
    }

    /// Re-reads one Markdown file. Returns the documents to re-render, or `None` when the
    /// edit changes the site's structure.
    fn update_markdown(&mut self, content_rel: &Path) -> Option<BTreeSet<DocId>> {
        let id = self.p.site.by_rel_path(content_rel)?;
        let dir = self.opts.root.join(CONTENT_DIR);
        if !dir.join(content_rel).is_file() {
            return None;
        }
        let display = Path::new(CONTENT_DIR).join(content_rel);
        let today = self.p.config.today(self.p.now);
        let source = match content::read_one(&dir, content_rel, &self.p.config, today) {
            Ok(s) => s,
            Err(d) => {
                self.file_errors.insert(display, d);
                return Some(BTreeSet::new());
            }
        };
        self.file_errors.remove(&display);
        let old = self.p.site.doc(id).source.clone();
        if structure_key(&old) != structure_key(&source)
            || (source.front.draft && !self.opts.drafts)
        {
            return None;
        }
        let old_summary = summary_key(&self.p, id);
        self.p.site.replace_source(id, source, &self.p.config);
        let new_render =
            build::render_markdown(&self.p.config, &mut self.p.site, &[id], self.opts.strict)
                .pop()
                .unwrap_or_default();
        let s = slot(&self.p.site, id);
        let ids_changed = self.p.rendered[s].heading_ids != new_render.heading_ids;
        self.p.rendered[s] = new_render;
        self.refresh_fragments(id);
        if ids_changed {
            for linking in self.links_into.get(&id).cloned().unwrap_or_default() {
                self.refresh_fragments(linking);
            }
        }
        let mut dirty = BTreeSet::from([id]);
        if summary_key(&self.p, id) != old_summary {
            let site = &self.p.site;
            dirty.extend(site.parent_of(id).map(DocId::Section));
            dirty.extend(site.translations_of(id));
            if let DocId::Section(sec) = id {
                dirty.extend(site.descendants(sec));
            }
        }
        Some(dirty)
    }

    /// Renders pending pages and regenerates the shared files, writing what changed, unless
    /// the site has errors (then nothing is written and the last good output stays).
    fn flush(&mut self, full: bool, static_changed: bool) -> Update {
        let mut update = Update {
            full,
            ..Update::default()
        };
        let errors = self.errors();
        if !errors.is_empty() {
            update.errors = errors;
            return update;
        }
        let sink = LiveSink::new(self.opts.output_dir(), std::mem::take(&mut self.written));
        let docs: Vec<DocId> = std::mem::take(&mut self.pending).into_iter().collect();
        let tap = Tap {
            inner: &sink,
            index: &self.search,
        };
        let errors = build::render_docs(&self.p, &docs, &tap);
        self.render_errors.clear();
        if !errors.is_empty() {
            // A template that fails at render time: keep those pages pending.
            for d in &errors {
                if let Some(id) = docs.iter().find(|id| {
                    d.message.contains(
                        &self
                            .p
                            .site
                            .doc(**id)
                            .source
                            .display_path
                            .display()
                            .to_string(),
                    )
                }) {
                    self.render_errors.insert(*id, d.clone());
                }
            }
            self.pending.extend(docs);
            self.written = sink.written.into_inner().unwrap_or_default();
            update.errors = errors;
            return update;
        }
        let (files, errors) = build::site_files(&self.p);
        for (rel, bytes) in &files {
            let _ = sink.put(rel, bytes);
        }
        if full || static_changed {
            for (from, rel) in copy_list(&self.opts, &self.p) {
                if let Ok(bytes) = fsio::read(&from) {
                    let _ = sink.put(&rel, &bytes);
                }
            }
        }
        let changed = sink.changed.into_inner().unwrap_or_default();
        let mut written = sink.written.into_inner().unwrap_or_default();
        if full || static_changed {
            // Files an earlier build wrote that this one would not: remove them. Pages not
            // re-rendered in this update are still expected.
            let mut produced = sink.produced.into_inner().unwrap_or_default();
            produced.extend(
                self.p
                    .site
                    .all_docs()
                    .into_iter()
                    .map(|id| self.p.site.doc(id).out_path.clone()),
            );
            let stale: Vec<PathBuf> = written
                .keys()
                .filter(|k| !produced.contains(*k))
                .cloned()
                .collect();
            for rel in stale {
                let _ = sink.tree.remove_file(&rel);
                written.remove(&rel);
            }
        }
        let generated: BTreeSet<PathBuf> = files.iter().map(|(rel, _)| rel.clone()).collect();
        if self.generated.difference(&generated).next().is_some() {
            let pages: BTreeSet<PathBuf> = self
                .p
                .site
                .all_docs()
                .into_iter()
                .map(|id| self.p.site.doc(id).out_path.clone())
                .collect();
            for rel in self
                .generated
                .difference(&generated)
                .filter(|r| !pages.contains(*r))
            {
                let _ = sink.tree.remove_file(rel);
                written.remove(rel);
            }
        }
        self.generated = generated;
        self.written = written;
        self.search.publish(&self.opts.output_dir());
        update.errors = errors;
        update.written = changed.len();
        update.reload_all = changed
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "css" || e == "js"));
        let base = self.p.config.base_path().to_string();
        update.changed_urls = changed
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .map(|p| url_of(&base, p))
            .collect();
        update.warnings = self.warning_count();
        update
    }

    /// Rebuilds the model from scratch; on errors keeps the old output and retries next time.
    fn rebuild_all(&mut self) -> Update {
        let mut timer = Timer::start();
        match build::prepare(&self.opts, &mut timer) {
            Ok(mut p) => {
                p.diagnostics.clear();
                let model = std::mem::take(&mut p.model_diagnostics);
                self.p = p;
                let docs = self.p.site.all_docs();
                let pages = if crate::features::search::enabled(&self.p.features) {
                    build::search_pages(&self.p, &docs)
                } else {
                    Vec::new()
                };
                self.search.reset(pages);
                self.needs_full = false;
                self.file_errors.clear();
                self.template_errors.clear();
                self.model_diagnostics = model;
                self.pending = self.p.site.all_docs().into_iter().collect();
                self.index_fragments();
                let mut u = self.flush(true, true);
                u.full = true;
                if !u.errors.is_empty() {
                    self.needs_full = true;
                }
                u
            }
            Err(errors) => {
                self.needs_full = true;
                self.model_diagnostics = errors.iter().filter(|d| !d.is_error()).cloned().collect();
                self.file_errors.clear();
                self.file_errors.insert(
                    PathBuf::from(""),
                    errors.into_iter().filter(Diagnostic::is_error).collect(),
                );
                Update {
                    full: true,
                    errors: self
                        .diagnostics()
                        .into_iter()
                        .filter(Diagnostic::is_error)
                        .collect(),
                    ..Update::default()
                }
            }
        }
    }
}

/// Static files and content assets to copy: (source, path in output).
fn copy_list(opts: &BuildOptions, p: &Prepared) -> Vec<(PathBuf, PathBuf)> {
    let mut list: Vec<(PathBuf, PathBuf)> = p
        .static_files
        .iter()
        .map(|f| (f.source.clone(), f.out_rel.clone()))
        .collect();
    list.extend(p.site.assets.iter().map(|a| {
        (
            opts.root.join(CONTENT_DIR).join(&a.rel_path),
            a.rel_path.clone(),
        )
    }));
    list
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

/// What other pages show of a document: if it changes, they are re-rendered too.
fn summary_key(p: &Prepared, id: DocId) -> impl PartialEq + use<> {
    let d = p.site.doc(id);
    let f = d.front();
    (
        f.title.clone(),
        f.description.clone(),
        f.date,
        f.updated,
        f.weight,
        d.extra.clone(),
        p.rendered[slot(&p.site, id)].summary.clone(),
    )
}
