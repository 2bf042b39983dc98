//! The orchestrator: runs the stages in order and owns what flows between them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::diagnostic::{self, Diagnostic};
use crate::features;
use crate::markdown::{self, LinkResolver, Rendered};
use crate::output::{Staging, assets};
use crate::render::{self, Lookups, Renderer, SiteData};
use crate::site::{self, DocId, Site};

mod facts;
mod root;
mod site_files;

pub use facts::{check_fragments, fact_notes, fragment_problems};
pub use root::SiteRoot;
pub use site_files::{Files, site_files};

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

    /// Records the time since the last lap under `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the site. Errors leave the previous output exactly as it was.
pub fn build(opts: &BuildOptions) -> BuildReport {
    let mut report = BuildReport::default();
    let mut timer = Timer::start();
    let result = run(opts, &mut report, &mut timer);
    if let Err(mut d) = result {
        report.diagnostics.append(&mut d);
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

/// Everything a build knows before it renders pages: the model, rendered Markdown, feature
/// outputs and the loaded templates. `haven serve` keeps one alive and updates it.
pub struct Prepared {
    /// Settings (with `--base-url` applied).
    pub config: Config,
    /// The model.
    pub site: Site,
    /// Rendered bodies, indexed by [`features::slot`].
    pub rendered: Vec<Rendered>,
    /// What each feature produced.
    pub features: Vec<(&'static str, features::Output)>,
    /// Templates.
    pub renderer: Renderer,
    /// Static files to copy.
    pub static_files: Vec<assets::StaticFile>,
    /// Logical asset name → URL.
    pub asset_urls: std::collections::BTreeMap<String, String>,
    /// The build time.
    pub now: DateTime<FixedOffset>,
    /// Problems found so far (errors and warnings), before page rendering.
    pub diagnostics: Vec<Diagnostic>,
    /// The part of `diagnostics` found while loading files and building the model (URL
    /// clashes, menus); the rest can be recomputed from the model.
    pub model_diagnostics: Vec<Diagnostic>,
}

/// Where rendered files go: the staging folder of a build, or the live output of `serve`.
pub trait Sink: Sync {
    /// Writes one file, `rel` relative to the output folder.
    fn put(&self, rel: &std::path::Path, bytes: &[u8]) -> Result<(), crate::fsio::IoError>;
}

impl Sink for Staging {
    fn put(&self, rel: &std::path::Path, bytes: &[u8]) -> Result<(), crate::fsio::IoError> {
        self.write(rel, bytes)
    }
}

/// A sink that drops everything (`haven check` renders without writing).
struct Discard;

impl Sink for Discard {
    fn put(&self, _: &std::path::Path, _: &[u8]) -> Result<(), crate::fsio::IoError> {
        Ok(())
    }
}

fn run(
    opts: &BuildOptions,
    report: &mut BuildReport,
    timer: &mut Timer,
) -> Result<(), Vec<Diagnostic>> {
    let mut p = prepare(opts, timer)?;
    let mut diags = std::mem::take(&mut p.diagnostics);
    if diags.iter().any(Diagnostic::is_error) || (opts.strict && !diags.is_empty()) {
        return Err(diags);
    }
    let staging = if opts.write {
        Some(Staging::new(&opts.output_dir()).map_err(|e| vec![io_diag(e)])?)
    } else {
        None
    };
    let sink: &dyn Sink = match &staging {
        Some(s) => s,
        None => &Discard,
    };
    let docs = p.site.all_docs();
    if let Some(bar) = &opts.progress {
        bar.set_length(docs.len() as u64);
    }
    diags.extend(render_docs_with_progress(
        &p,
        &docs,
        sink,
        opts.progress.as_ref(),
    ));
    if let Some(bar) = &opts.progress {
        bar.finish_and_clear();
    }
    report.pages = docs.len();
    timer.lap("render pages");

    let (extra_files, mut extra_diags) = site_files(&p);
    diags.append(&mut extra_diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    if let Some(staging) = staging {
        for (rel, bytes) in &extra_files {
            staging.write(rel, bytes).map_err(|e| vec![io_diag(e)])?;
        }
        for f in &p.static_files {
            staging
                .copy(&f.source, &f.out_rel)
                .map_err(|e| vec![io_diag(e)])?;
        }
        for a in &p.site.assets {
            staging
                .copy(
                    &opts.root.join(content::CONTENT_DIR).join(&a.rel_path),
                    &a.rel_path,
                )
                .map_err(|e| vec![io_diag(e)])?;
        }
        report.files = docs.len() + extra_files.len() + p.static_files.len() + p.site.assets.len();
        staging.commit().map_err(|e| vec![io_diag(e)])?;
        timer.lap("write output");
    }
    report.diagnostics = diags;
    // Freeing a large site's model and pages takes a noticeable share of a build; do it off
    // the path that reports the build as done (a command that exits next never waits for it).
    std::thread::spawn(move || drop((p, docs, extra_files)));
    Ok(())
}

/// Runs every stage up to (not including) page rendering.
pub fn prepare(opts: &BuildOptions, timer: &mut Timer) -> Result<Prepared, Vec<Diagnostic>> {
    let root = &opts.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let now = opts
        .now
        .or_else(now_from_env)
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    timer.lap("config");

    let (content, mut diags) = content::load(root, &config);
    timer.lap("load content");
    let (site, mut site_diags) = site::build(&config, content, opts.drafts);
    diags.append(&mut site_diags);
    let model_diagnostics = diags.clone();
    timer.lap("site model");

    let (static_files, asset_urls) =
        assets::collect(&static_dirs(root, &config), config.base_path())
            .map_err(|e| vec![io_diag(e)])?;

    let mut site = site;
    let all = site.all_docs();
    // Plain-language warnings are the costly rules; `haven build` reports only a count of
    // warnings, so it runs them only when they can fail the build (`--strict`).
    let rendered = render_markdown(&config, &mut site, &all, !opts.write || opts.strict);
    for r in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    diags.extend(fact_notes(&site));
    timer.lap("markdown");

    let features = run_features(root, &config, &site, &rendered, now);
    for (_, out) in &features {
        diags.extend(out.diagnostics.iter().cloned());
    }
    // After the features: one that renders a body itself knows the real ids of its pages.
    diags.extend(check_fragments(&config, &site, &rendered, &features));
    timer.lap("features");

    let renderer = match load_renderer(root, &config, &site, &asset_urls, &features, now) {
        Ok(r) => r,
        Err(mut d) => {
            diags.append(&mut d);
            return Err(diags);
        }
    };
    timer.lap("templates");
    Ok(Prepared {
        config,
        site,
        rendered,
        features,
        renderer,
        static_files,
        asset_urls,
        now,
        diagnostics: diags,
        model_diagnostics,
    })
}

/// The theme's and the site's `static/` folders, in override order.
pub fn static_dirs(root: &std::path::Path, config: &Config) -> [PathBuf; 2] {
    [
        root.join("themes").join(&config.theme).join("static"),
        root.join("static"),
    ]
}

/// Runs every feature over the site.
pub fn run_features(
    root: &std::path::Path,
    config: &Config,
    site: &Site,
    rendered: &[Rendered],
    now: DateTime<FixedOffset>,
) -> Vec<(&'static str, features::Output)> {
    let input = features::Input {
        root,
        config,
        site,
        rendered,
        now,
    };
    features::all()
        .iter()
        .map(|f| (f.name(), f.run(&input)))
        .collect()
}

/// Loads the templates and sets the values every template sees.
pub fn load_renderer(
    root: &std::path::Path,
    config: &Config,
    site: &Site,
    asset_urls: &std::collections::BTreeMap<String, String>,
    features: &[(&'static str, features::Output)],
    now: DateTime<FixedOffset>,
) -> Result<Renderer, Vec<Diagnostic>> {
    let lookups = Arc::new(Lookups {
        pages: page_urls(site, config),
        assets: asset_urls.clone().into_iter().collect(),
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

/// Renders `docs` in parallel and hands each page to `sink`; returns the problems.
pub fn render_docs(p: &Prepared, docs: &[DocId], sink: &dyn Sink) -> Vec<Diagnostic> {
    render_docs_with_progress(p, docs, sink, None)
}

fn render_docs_with_progress(
    p: &Prepared,
    docs: &[DocId],
    sink: &dyn Sink,
    bar: Option<&indicatif::ProgressBar>,
) -> Vec<Diagnostic> {
    let results: Vec<Result<(), Diagnostic>> = docs
        .par_iter()
        .map(|id| {
            if let Some(bar) = bar {
                bar.inc(1);
            }
            let html = render_doc(p, *id)?;
            sink.put(&p.site.doc(*id).out_path, html.as_bytes())
                .map_err(io_diag)
        })
        .collect();
    merge_repeated(results.into_iter().filter_map(Result::err).collect())
}

/// Reads `HAVEN_NOW` (RFC 3339), which fixes "now" so tests and reproducible builds agree.
pub fn now_from_env() -> Option<DateTime<FixedOffset>> {
    std::env::var("HAVEN_NOW")
        .ok()
        .and_then(|v| DateTime::parse_from_rfc3339(v.trim()).ok())
}

pub(crate) fn io_diag(e: crate::fsio::IoError) -> Diagnostic {
    Diagnostic::error(&e.path, 0, 0, e.to_string())
        .with_hint("check that the folder exists and that you may write to it")
}

struct SiteLinks<'a> {
    site: &'a Site,
    lang: &'a str,
    default_lang: &'a str,
}

impl LinkResolver for SiteLinks<'_> {
    fn resolve(&self, content_path: &str) -> Option<String> {
        self.site
            .resolve(content_path, self.lang, self.default_lang)
            .map(|id| self.site.doc(id).url.clone())
    }
}

/// Renders the Markdown of `ids` (in that order), taking their text out of the model: each
/// text is freed as soon as it is rendered, which keeps a large build's peak memory down.
pub fn render_markdown(
    config: &Config,
    site: &mut Site,
    ids: &[DocId],
    warnings: bool,
) -> Vec<Rendered> {
    let bodies: Vec<String> = ids.iter().map(|id| site.take_body(*id)).collect();
    let site: &Site = site;
    ids.par_iter()
        .zip(bodies.into_par_iter())
        .map(|(id, body)| {
            let doc = site.doc(*id);
            let dir = doc
                .source
                .rel_path
                .parent()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let src = markdown::Source {
                body: &body,
                body_line: doc.source.body_line,
                display_path: &doc.source.display_path,
                content_dir: &dir,
            };
            let links = SiteLinks {
                site,
                lang: doc.lang(),
                default_lang: &config.default_language,
            };
            let events = markdown::parse(&body);
            let problems = crate::check::rules(config, site, *id, &body, &events, warnings);
            let mut rendered =
                markdown::render_parsed(&src, events, &links, &markdown::RenderOptions::default());
            rendered.diagnostics.extend(problems);
            rendered
        })
        .collect()
}

fn page_urls(site: &Site, config: &Config) -> HashMap<String, String> {
    let mut map = HashMap::new();
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

/// The template a document is rendered with.
pub fn template_for(site: &Site, renderer: &Renderer, id: DocId) -> String {
    let doc = site.doc(id);
    if let Some(t) = &doc.front().template {
        return t.clone();
    }
    match id {
        DocId::Section(s) if site.sections[s].parent.is_none() && renderer.has("index.html") => {
            "index.html".into()
        }
        DocId::Section(_) => "section.html".into(),
        DocId::Page(_) => "page.html".into(),
    }
}

/// Renders one document's page.
pub fn render_doc(p: &Prepared, id: DocId) -> Result<String, Diagnostic> {
    let (renderer, site) = (&p.renderer, &p.site);
    let mut ctx = render::for_doc(&p.config, site, &p.rendered, id);
    for (_, out) in &p.features {
        if let Some(v) = out.per_doc.get(&id) {
            ctx.insert(out.doc_key, v);
        }
    }
    let doc = site.doc(id);
    renderer.render(
        &template_for_doc(site, renderer, &p.features, id),
        &ctx,
        Some(&doc.source.display_path),
    )
}

/// The template a document is rendered with: its front matter's `template`, else the one a
/// feature chose for it (a publication's cover and chapters), else the default.
pub fn template_for_doc(
    site: &Site,
    renderer: &Renderer,
    features: &[(&'static str, features::Output)],
    id: DocId,
) -> String {
    let chosen = features
        .iter()
        .find_map(|(_, out)| out.templates.get(&id))
        .filter(|_| site.doc(id).front().template.is_none());
    chosen
        .cloned()
        .unwrap_or_else(|| template_for(site, renderer, id))
}

/// One template mistake fails every page that uses the template; say it once, with a count.
fn merge_repeated(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diags {
        let key = |x: &Diagnostic| {
            (
                x.path.clone(),
                x.line,
                x.col,
                x.message
                    .split(" (while rendering")
                    .next()
                    .unwrap_or("")
                    .to_string(),
            )
        };
        match out.iter_mut().find(|(o, _)| key(o) == key(&d)) {
            Some((_, n)) => *n += 1,
            None => out.push((d, 0)),
        }
    }
    out.into_iter()
        .map(|(mut d, more)| {
            if more > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(
                    " and {more} more {})",
                    if more == 1 { "page" } else { "pages" }
                ));
            }
            d
        })
        .collect()
}
