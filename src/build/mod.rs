//! The orchestrator: one [`Build`] owns the stages, in order, and what flows between them.
//!
//! ```text
//! config ─ content::load ─ site::build ─ features::needs ─ Markdown ─ features::run ─ templates ─ write
//!          (SourceFile)    (Site)        (Needs)          (Bodies)   (Outputs)       (Renderer)  (Sink)
//! ```
//!
//! `haven build` makes a `Build` and writes it once into a staging folder that is swapped in
//! ([`build`]); `haven check` writes nowhere ([`check`]); `haven serve` keeps it
//! ([`Build::start`]) and asks it to [`Build::update`] after each change, re-running each stage
//! only for what the change reaches (`update.rs`). The editor's preview renders one page from
//! unsaved text without writing ([`Build::preview`]). Stage by stage:
//! - `bodies.rs`: the Markdown stage (each body rendered once, as the features asked);
//! - `targets.rs`: every file the build will write, worked out before anything is written;
//! - `links.rs`: `#fragment` links checked against the pages' heading ids, links and images
//!   to addresses on the site against the targets, and fact notes;
//! - `stream.rs`: how `haven build` and `haven check` (a build that is written once) overlap those
//!   stages: each body is left on disk when its front matter is read, and each page nothing
//!   else reads the body of goes from Markdown to its template to the output in one parallel
//!   pass, keeping only its summary, heading ids and problems;
//! - `write.rs`: pages ([`crate::render::page`]), the site's other files (`site_files.rs`),
//!   static files and content assets, through one [`Sink`]; with a search page, the sink is
//!   tapped by the search index (`haven build`: [`search::Indexer`], finished into the
//!   staging folder; `haven serve`: one [`search::LiveIndex`] kept with the build);
//! - `problems.rs`: every diagnostic, kept by the page and stage it came from.

mod bodies;
mod changes;
mod links;
mod preview;
mod problems;
mod root;
mod site_files;
mod stream;
mod targets;
mod update;
mod write;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::features::i18n::Strings;
use crate::features::search;
use crate::features::{self, Needs, Outputs};
use crate::markdown::Bodies;
use crate::output::assets::{self, StaticFile};
use crate::output::{Discard, Sink, Staging};
use crate::render::{Lookups, RenderError, Renderer, SiteData};
use crate::site::{self, DocId, Site};

pub use bodies::render_plain;
pub use links::{Links, fact_notes_of};
pub use preview::Preview;
pub use root::SiteRoot;
pub use site_files::{Files, site_files};
pub use targets::Targets;
pub use update::Update;

use problems::{Problems, Scope};
use update::Live;

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `config.toml`), always absolute.
    pub root: SiteRoot,
    /// Where the site goes. Default: `<root>/public`. A relative path is taken from the
    /// current directory when the options are made ([`BuildOptions::with_output`]).
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from config (e.g. for a preview host).
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Write the output (false for `haven check`).
    pub write: bool,
    /// The build time; default now (tests fix it through `HAVEN_NOW`).
    pub now: Option<DateTime<FixedOffset>>,
    /// A progress bar to advance as pages render (the CLI shows one on a terminal).
    pub progress: Option<indicatif::ProgressBar>,
    /// Warnings fail the build too (`--strict`): nothing is written when there are any.
    pub strict: bool,
}

impl BuildOptions {
    /// Options for building `root` into `root/public`.
    pub fn new(root: impl Into<SiteRoot>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            write: true,
            now: None,
            progress: None,
            strict: false,
        }
    }

    /// The same options writing to `output` (made absolute against the current directory).
    pub fn with_output(mut self, output: Option<PathBuf>) -> Self {
        self.output = output.map(|o| SiteRoot::new(o).as_path().to_path_buf());
        self
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// Whether the plain-language rules run: `haven check` always; `haven build` and
    /// `haven serve` only with `--strict` (the rules are the costly ones, and without
    /// `--strict` a build reports only a count of warnings).
    fn plain_language(&self) -> bool {
        !self.write || self.strict
    }
}

/// What a finished (or failed) build reports.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Pages and sections rendered.
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Every error and warning, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Time per stage.
    pub timings: Vec<(&'static str, Duration)>,
}

impl BuildReport {
    /// Whether any error was found (the output was then left untouched).
    pub fn failed(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Time per stage.
pub struct Timer {
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    /// A timer starting now.
    pub fn start() -> Timer {
        Timer {
            last: Instant::now(),
            timings: Vec::new(),
        }
    }

    /// Records the time since the last lap under `stage` (added to the stage's earlier laps).
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        match self.timings.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, d)) => *d += now - self.last,
            None => self.timings.push((stage, now - self.last)),
        }
        self.last = now;
    }
}

/// Builds the site (`haven build`). Errors leave the previous output exactly as it was.
pub fn build(opts: &BuildOptions) -> BuildReport {
    let mut timer = Timer::start();
    let mut report = BuildReport::default();
    match Build::load(opts.clone(), Lifetime::Once, &mut timer) {
        Err(diags) => report.diagnostics = diags,
        Ok(mut b) => {
            // Counted before anything can stop the build: `haven check` says how many pages
            // it read.
            report.pages = b.site.all_docs().len();
            if let Err(d) = b.write_once(&mut report, &mut timer) {
                b.problems.output.push(d);
            }
            report.diagnostics = b.report();
            // Freeing a large site's model and pages takes a noticeable share of a build; do
            // it off the path that reports the build as done (a command that exits next never
            // waits for it).
            std::thread::spawn(move || drop(b));
        }
    }
    diagnostic::sort(&mut report.diagnostics);
    report.timings = timer.timings;
    report
}

/// Checks the site at `opts.root` (`haven check`): a build that writes nothing.
pub fn check(opts: &BuildOptions) -> BuildReport {
    let opts = BuildOptions {
        write: false,
        ..opts.clone()
    };
    build(&opts)
}

/// Static files to copy and the URLs templates reach them by (`asset()`).
#[derive(Debug, Default)]
struct Statics {
    files: Vec<StaticFile>,
    urls: std::collections::BTreeMap<String, String>,
}

impl Statics {
    /// The files, with the warnings found on the way (links skipped), or every problem when
    /// one is an error.
    fn collect(
        root: &std::path::Path,
        config: &Config,
    ) -> Result<(Statics, Vec<Diagnostic>), Vec<Diagnostic>> {
        let (files, urls, notes) = assets::collect(
            root,
            &crate::theme::static_dirs(root, config),
            config.base_path(),
        )?;
        Ok((Statics { files, urls }, notes))
    }
}

/// How long a [`Build`] lives, which says what it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lifetime {
    /// Written once and dropped (`haven build`, `haven check`): pages nothing else reads the
    /// body of are rendered as they are written and keep only their summaries (`stream.rs`).
    Once,
    /// Kept for updates (`haven serve`): every body, and who links to whom.
    Kept,
}

/// A site loaded and rendered in memory: every stage's output, and every problem found, by
/// where it was found. See the module documentation for the stages.
pub struct Build {
    opts: BuildOptions,
    config: Config,
    now: DateTime<FixedOffset>,
    /// The theme's interface words (features write from them).
    strings: Strings,
    /// The model.
    site: Site,
    statics: Statics,
    /// What the features asked of the Markdown stage.
    needs: Needs,
    /// Rendered bodies.
    bodies: Bodies,
    /// Pages whose bodies are rendered as they are written, in the one-pass write
    /// (`stream.rs`); until then, their entries in `bodies` are empty and `links` knows
    /// nothing of any document.
    later: Vec<DocId>,
    /// What each feature produced.
    features: Outputs,
    /// Templates.
    renderer: Renderer,
    /// Every file the build writes, for the link check.
    targets: Targets,
    /// Link problems (`#fragment` links, addresses on the site).
    links: Links,
    problems: Problems,
    /// What `haven serve` has written and still owes (empty for `haven build`).
    live: Live,
}

impl Build {
    /// Runs every stage up to (not including) writing. `Err` when the site cannot be rendered
    /// at all (config.toml or the templates do not load), with every problem found so far.
    /// A build that is kept records who links to whom, for updates.
    fn load(
        opts: BuildOptions,
        lifetime: Lifetime,
        timer: &mut Timer,
    ) -> Result<Build, Vec<Diagnostic>> {
        let root = opts.root.clone();
        // Links among the folders a build reads are judged before anything in them is read.
        let mut top = crate::content::sources::check_top(&root, None)?;
        let mut config = Config::load(&root)?;
        top.extend(crate::content::sources::check_top(
            &root,
            Some(&config.theme),
        )?);
        if let Some(url) = &opts.base_url {
            config.base_url = url.trim_end_matches('/').to_string();
        }
        let now = match opts.now {
            Some(n) => n,
            None => crate::dates::now().map_err(|d| vec![d])?,
        };
        // The theme's words; a mistake in them is reported when the templates load.
        let strings = Strings::load(&root, &config).unwrap_or_default();
        timer.lap("config");

        // A build written once reads each body again as it renders it.
        let keep_bodies = lifetime == Lifetime::Kept;
        let (content, content_diags) =
            content::load(&root, &config, config.today(now), keep_bodies);
        let mut load_diags = top;
        load_diags.extend(content_diags);
        timer.lap("load content");
        let (mut site, model_diags) = site::build(&config, content, opts.drafts);
        let mut problems = Problems::default();
        problems.set_loaded(load_diags);
        problems.model = model_diags;
        timer.lap("site model");

        // Reported with everything else found; with errors, nothing is written.
        let statics = match Statics::collect(&root, &config) {
            Ok((statics, notes)) => {
                problems.statics = notes;
                statics
            }
            Err(e) => {
                problems.statics = e;
                Statics::default()
            }
        };
        let needs = features::needs(&features::Model {
            root: &root,
            config: &config,
            site: &site,
            strings: &strings,
        });
        let mut bodies = Bodies::new(&site);
        let all = site.all_docs();
        let (now_docs, later) = match lifetime {
            Lifetime::Once => stream::split(&site, &needs, &all),
            Lifetime::Kept => (all, Vec::new()),
        };
        bodies::render(
            &config,
            &mut site,
            &needs,
            &now_docs,
            &mut bodies,
            opts.plain_language(),
        );
        timer.lap("markdown");
        // Features read only the bodies they asked for, rendered above.
        let features = features::run(&features::Input {
            root: &root,
            config: &config,
            site: &site,
            bodies: &bodies,
            now,
            strings: &strings,
        });
        timer.lap("features");
        // After the features: their pages and files are among the links' targets.
        let targets = targets::targets(&config, &site, &features, &statics.files);
        let links = match later.is_empty() {
            true => Links::index(
                &config,
                &site,
                &bodies,
                &targets,
                lifetime == Lifetime::Kept,
            ),
            false => Links::default(),
        };
        timer.lap("features");

        let renderer = match load_renderer(&root, &config, &site, &statics, &features, now) {
            Ok(mut r) => {
                // Links among the templates, skipped with a warning.
                problems.templates = std::mem::take(&mut r.warnings);
                r
            }
            Err(templates) => {
                problems.templates = templates;
                let mut diags = Vec::new();
                problems.each(&site, &bodies, &features, &links, Scope::ALL, |d| {
                    diags.push(d.clone())
                });
                return Err(diags);
            }
        };
        timer.lap("templates");
        Ok(Build {
            opts,
            config,
            now,
            strings,
            site,
            statics,
            needs,
            bodies,
            later,
            features,
            renderer,
            targets,
            links,
            problems,
            live: Live::default(),
        })
    }

    /// Builds the site the way `haven build` does (staging folder, atomic swap) and keeps it
    /// for [`Build::update`] (`haven serve`). `Err` with the problems that stopped it.
    pub fn start(opts: BuildOptions) -> Result<Build, Vec<Diagnostic>> {
        let mut timer = Timer::start();
        let mut b = Build::load(opts, Lifetime::Kept, &mut timer)?;
        b.write_first()?;
        Ok(b)
    }

    /// Every problem in force now, sorted, each once.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.report();
        diagnostic::sort(&mut all);
        all.dedup();
        all
    }

    /// The errors in force now, sorted, each once (the editor's publish waits for none).
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.in_force(false)
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.opts.output_dir()
    }

    /// The model as it is now (the editor lists and finds pages in it).
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The site's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The build's "now" (fixed by `HAVEN_NOW` in tests).
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.now
    }

    /// Every problem in force, in the order the stages found them.
    fn report(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        self.each_problem(Scope::ALL, |d| all.push(d.clone()));
        all
    }

    fn each_problem(&self, scope: Scope, f: impl FnMut(&Diagnostic)) {
        self.problems.each(
            &self.site,
            &self.bodies,
            &self.features,
            &self.links,
            scope,
            f,
        );
    }

    /// The problems that hold back writing, sorted: errors, and with `--strict` warnings too.
    fn blocking(&self) -> Vec<Diagnostic> {
        self.in_force(self.opts.strict)
    }

    /// The errors in force, with `warnings` the warnings too: sorted, each once.
    fn in_force(&self, warnings: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let scope = Scope {
            warnings,
            renders: true,
        };
        self.each_problem(scope, |d| {
            if warnings || d.is_error() {
                out.push(d.clone())
            }
        });
        diagnostic::sort(&mut out);
        out.dedup();
        out
    }

    /// Whether a problem holds back writing; with `renders: false`, leaving out what
    /// rendering found (to ask whether rendering may start).
    fn blocked(&self, renders: bool) -> bool {
        let strict = self.opts.strict;
        let scope = Scope {
            warnings: strict,
            renders,
        };
        let mut any = false;
        self.each_problem(scope, |d| any |= strict || d.is_error());
        any
    }

    /// Writes everything once, into a staging folder swapped in at the end (`haven build`),
    /// or nowhere (`haven check`).
    fn write_once(
        &mut self,
        report: &mut BuildReport,
        timer: &mut Timer,
    ) -> Result<(), Diagnostic> {
        if self.blocked(true) {
            // Bodies left for the one-pass write are still checked.
            if !self.later.is_empty() {
                self.stream_pages(&Discard, None, true);
            }
            return Ok(());
        }
        let staging = match self.opts.write {
            true => {
                crate::output::check_target(&self.opts.root, &self.opts.output_dir())?;
                Some(Staging::new(&self.opts.output_dir()).map_err(io_diag)?)
            }
            false => None,
        };
        let sink: &dyn Sink = match &staging {
            Some(s) => s,
            None => &Discard,
        };
        let docs = self.site.all_docs();
        // The search index reads each page as it is written, on a thread of its own.
        let index = (staging.is_some() && search::enabled(&self.features))
            .then(|| search::Indexer::start(self.search_pages(&docs)));
        let tap;
        let sink: &dyn Sink = match &index {
            Some(index) => {
                tap = search::Tap { inner: sink, index };
                &tap
            }
            None => sink,
        };
        let progress = self.opts.progress.clone();
        if let Some(bar) = &progress {
            bar.set_length(docs.len() as u64);
        }
        if self.later.is_empty() {
            self.write_pages(&docs, sink, progress.as_ref());
        } else {
            let streamed: std::collections::HashSet<DocId> = self
                .stream_pages(sink, progress.as_ref(), false)
                .into_iter()
                .collect();
            timer.lap("markdown+pages");
            // What the pass did not write: the sections, and the pages features read.
            let rest: Vec<DocId> = docs
                .iter()
                .copied()
                .filter(|id| !streamed.contains(id))
                .collect();
            // Unless held back before rendering: a page whose template failed does not keep
            // the others from being rendered, for their problems.
            if !self.blocked(false) {
                self.write_pages(&rest, sink, progress.as_ref());
            }
        }
        if let Some(bar) = &progress {
            bar.finish_and_clear();
        }
        report.pages = docs.len();
        timer.lap("render pages");
        let written = self.write_rest(sink, staging.is_some())?;
        if let (Some(staging), Some(files)) = (staging, written) {
            report.files = docs.len() + files.len() + self.copies().count();
            if let Some(index) = index {
                let index_files = index.finish()?;
                for (rel, bytes) in &index_files {
                    staging.put(rel, bytes).map_err(io_diag)?;
                }
                report.files += index_files.len();
                timer.lap("search index");
            }
            staging.commit().map_err(io_diag)?;
            timer.lap("write output");
        }
        Ok(())
    }

    /// Output paths of the documents the search index reads, in the build's order.
    fn search_pages(&self, docs: &[DocId]) -> Vec<PathBuf> {
        docs.iter()
            .map(|id| self.site.doc(*id).out_path.clone())
            .collect()
    }

    /// The features' requests for the Markdown stage, from the model as it is.
    fn ask_features(&self) -> Needs {
        features::needs(&features::Model {
            root: &self.opts.root,
            config: &self.config,
            site: &self.site,
            strings: &self.strings,
        })
    }

    /// Every feature's output, from the model and bodies as they are.
    fn run_features(&self) -> Outputs {
        features::run(&features::Input {
            root: &self.opts.root,
            config: &self.config,
            site: &self.site,
            bodies: &self.bodies,
            now: self.now,
            strings: &self.strings,
        })
    }

    /// One document's page, as it is now.
    fn render_page(&self, id: DocId) -> Result<String, RenderError> {
        self.render_page_of(id, self.bodies.get(id))
    }

    /// One document's page from its rendered body `own` (not yet in `bodies` during the
    /// one-pass write).
    fn render_page_of(
        &self,
        id: DocId,
        own: &crate::markdown::Rendered,
    ) -> Result<String, RenderError> {
        crate::render::page(
            &self.renderer,
            &self.config,
            &self.site,
            &self.bodies,
            &self.features,
            id,
            own,
        )
    }

    /// Static files and content assets to copy: (source, path in the output).
    fn copies(&self) -> impl Iterator<Item = (PathBuf, PathBuf)> + '_ {
        let content = self.opts.root.join(content::CONTENT_DIR);
        let statics = self
            .statics
            .files
            .iter()
            .map(|f| (f.source.clone(), f.out_rel.clone()));
        let assets = self
            .site
            .assets
            .iter()
            .map(move |a| (content.join(&a.rel_path), a.rel_path.clone()));
        statics.chain(assets)
    }
}

/// Loads the templates and sets the values every template sees.
fn load_renderer(
    root: &std::path::Path,
    config: &Config,
    site: &Site,
    statics: &Statics,
    features: &Outputs,
    now: DateTime<FixedOffset>,
) -> Result<Renderer, Vec<Diagnostic>> {
    let lookups = Arc::new(Lookups {
        pages: page_urls(site, config),
        assets: statics.urls.clone().into_iter().collect(),
    });
    let mut renderer = Renderer::new(root, config, lookups)?;
    let site_data = SiteData::new(config, site, now.with_timezone(&config.tz()).to_rfc3339());
    renderer.set_globals(&site_data);
    for (name, out) in features {
        if let Some(g) = &out.global {
            renderer.set_global(name, g);
        }
    }
    Ok(renderer)
}

/// Content path → URL, for `url_for` in templates.
fn page_urls(site: &Site, config: &Config) -> std::collections::HashMap<String, String> {
    let mut map = std::collections::HashMap::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if doc.source.body_line == 0 {
            continue;
        }
        map.insert(
            doc.source.rel_path.to_string_lossy().replace('\\', "/"),
            doc.url.clone(),
        );
        if doc.lang() == config.default_language {
            map.insert(doc.translation_key.clone(), doc.url.clone());
        }
    }
    map
}

/// An I/O failure as staff read it.
pub(crate) fn io_diag(e: crate::fsio::IoError) -> Diagnostic {
    Diagnostic::error(&e.path, 0, 0, e.to_string())
        .with_hint("check that the folder exists and that you may write to it")
}
