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
use crate::output::{Staging, assets, feed, redirect, sitemap};
use crate::render::{self, Lookups, Renderer, SiteData};
use crate::site::{self, DocId, Site};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holds `config.toml`).
    pub root: PathBuf,
    /// Where the site goes. Default: `<root>/public`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from config (e.g. for a preview host).
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Write the output (false for `haven check`).
    pub write: bool,
    /// The build time; default now (tests fix it through `HAVEN_NOW`).
    pub now: Option<DateTime<FixedOffset>>,
}

impl BuildOptions {
    /// Options for building `root` into `root/public`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions { root: root.into(), output: None, base_url: None, drafts: false, write: true, now: None }
    }

    /// The output folder.
    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
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

struct Timer {
    last: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

/// Builds the site. Errors leave the previous output exactly as it was.
pub fn build(opts: &BuildOptions) -> BuildReport {
    let mut report = BuildReport::default();
    let mut timer = Timer { last: Instant::now(), timings: Vec::new() };
    let result = run(opts, &mut report, &mut timer);
    if let Err(mut d) = result {
        report.diagnostics.append(&mut d);
    }
    diagnostic::sort(&mut report.diagnostics);
    report.timings = timer.timings;
    report
}

fn run(opts: &BuildOptions, report: &mut BuildReport, timer: &mut Timer) -> Result<(), Vec<Diagnostic>> {
    let root = &opts.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let tz = config.tz();
    let now = opts.now.or_else(now_from_env).unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    timer.lap("config");

    let (content, mut diags) = content::load(root, &config);
    timer.lap("load content");
    let (site, mut site_diags) = site::build(&config, content, opts.drafts);
    diags.append(&mut site_diags);
    timer.lap("site model");

    let static_dirs = [root.join("themes").join(&config.theme).join("static"), root.join("static")];
    let (static_files, asset_urls) = assets::collect(&static_dirs, config.base_path()).map_err(|e| vec![io_diag(e)])?;

    let rendered = render_markdown(&config, &site);
    for r in &rendered {
        diags.extend(r.diagnostics.iter().cloned());
    }
    diags.extend(check_fragments(&config, &site, &rendered));
    diags.extend(fact_notes(&site));
    timer.lap("markdown");

    let input = features::Input { root, config: &config, site: &site, rendered: &rendered, now };
    let feature_outputs: Vec<(&'static str, features::Output)> = features::all().iter().map(|f| (f.name(), f.run(&input))).collect();
    for (_, out) in &feature_outputs {
        diags.extend(out.diagnostics.iter().cloned());
    }
    timer.lap("features");

    let lookups = Arc::new(Lookups { pages: page_urls(&site, &config), assets: asset_urls.into_iter().collect() });
    let mut renderer = match Renderer::new(root, &config, lookups) {
        Ok(r) => r,
        Err(mut d) => {
            diags.append(&mut d);
            return Err(diags);
        }
    };
    let site_data = SiteData::new(&config, &site, now.with_timezone(&tz).to_rfc3339());
    renderer.set_globals(&site_data);
    for (name, out) in &feature_outputs {
        if let Some(g) = &out.global {
            renderer.set_global(name, g);
        }
    }
    timer.lap("templates");
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }

    let staging = if opts.write { Some(Staging::new(&opts.output_dir()).map_err(|e| vec![io_diag(e)])?) } else { None };
    let docs = site.all_docs();
    let results: Vec<Result<(), Diagnostic>> = docs
        .par_iter()
        .map(|id| {
            let html = render_doc(&renderer, &config, &site, &rendered, &feature_outputs, *id)?;
            if let Some(s) = &staging {
                s.write(&site.doc(*id).out_path, html).map_err(io_diag)?;
            }
            Ok(())
        })
        .collect();
    diags.extend(merge_repeated(results.into_iter().filter_map(Result::err).collect()));
    report.pages = docs.len();
    timer.lap("render pages");

    let extra_files = site_files(&renderer, &config, &site, &rendered, &feature_outputs, now);
    let (extra_files, mut extra_diags) = extra_files;
    diags.append(&mut extra_diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    if let Some(staging) = staging {
        for (rel, text) in &extra_files {
            staging.write(rel, text).map_err(|e| vec![io_diag(e)])?;
        }
        assets::copy_all(&static_files, staging.dir()).map_err(|e| vec![io_diag(e)])?;
        for a in &site.assets {
            crate::fsio::copy(&root.join(content::CONTENT_DIR).join(&a.rel_path), &staging.dir().join(&a.rel_path)).map_err(|e| vec![io_diag(e)])?;
        }
        report.files = docs.len() + extra_files.len() + static_files.len() + site.assets.len();
        staging.commit().map_err(|e| vec![io_diag(e)])?;
        timer.lap("write output");
    }
    report.diagnostics = diags;
    Ok(())
}

/// Reads `HAVEN_NOW` (RFC 3339), which fixes "now" so tests and reproducible builds agree.
pub fn now_from_env() -> Option<DateTime<FixedOffset>> {
    std::env::var("HAVEN_NOW").ok().and_then(|v| DateTime::parse_from_rfc3339(v.trim()).ok())
}

fn io_diag(e: crate::fsio::IoError) -> Diagnostic {
    Diagnostic::error(&e.path, 0, 0, e.to_string()).with_hint("check that the folder exists and that you may write to it")
}

use features::slot;

struct SiteLinks<'a> {
    site: &'a Site,
    lang: &'a str,
    default_lang: &'a str,
}

impl LinkResolver for SiteLinks<'_> {
    fn resolve(&self, content_path: &str) -> Option<String> {
        self.site.resolve(content_path, self.lang, self.default_lang).map(|id| self.site.doc(id).url.clone())
    }
}

fn render_markdown(config: &Config, site: &Site) -> Vec<Rendered> {
    site.all_docs()
        .par_iter()
        .map(|id| {
            let doc = site.doc(*id);
            let dir = doc.source.rel_path.parent().map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            let src = markdown::Source { body: &doc.source.body, body_line: doc.source.body_line, display_path: &doc.source.display_path, content_dir: &dir };
            let links = SiteLinks { site, lang: doc.lang(), default_lang: &config.default_language };
            markdown::render(&src, &links)
        })
        .collect()
}

fn check_fragments(config: &Config, site: &Site, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        for link in &rendered[slot(site, id)].fragment_links {
            let target = match &link.target {
                None => Some(id),
                Some(path) => site.resolve(path, doc.lang(), &config.default_language),
            };
            let Some(target) = target else { continue };
            let ids = &rendered[slot(site, target)].heading_ids;
            if !ids.iter().any(|i| *i == link.fragment) {
                let page = link.target.as_deref().map(|p| format!("@/{p}")).unwrap_or_else(|| "this page".into());
                let mut d = Diagnostic::error(&doc.source.display_path, link.line, link.col, format!("the link goes to heading `#{}` on {page}, which has no such heading", link.fragment));
                let near = ids.iter().map(|i| (strsim::jaro_winkler(i, &link.fragment), i)).filter(|(s, _)| *s > 0.75).max_by(|a, b| a.0.total_cmp(&b.0));
                d = match near {
                    Some((_, best)) => d.with_hint(format!("did you mean `#{best}`?")),
                    None if ids.is_empty() => d.with_hint("that page has no headings; link to the page without `#…`"),
                    None => d.with_hint(format!("headings there are: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))),
                };
                diags.push(d);
            }
        }
    }
    diags
}

/// Facts marked `verify` or `gaps` become warnings so that `haven check` lists them for staff.
fn fact_notes(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        let path = &doc.source.display_path;
        for v in &doc.front().verify {
            diags.push(Diagnostic::warning(path, v.line, 1, format!("fact to verify: {}", v.text)).with_hint("confirm it with an official source, then remove it from `verify`"));
        }
        for g in &doc.front().gaps {
            diags.push(Diagnostic::warning(path, g.line, 1, format!("missing fact: {}", g.text)).with_hint("when the fact is published, add it to the page and remove it from `gaps`"));
        }
    }
    diags
}

fn page_urls(site: &Site, config: &Config) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if doc.source.body_line == 0 {
            continue;
        }
        map.insert(doc.source.rel_path.to_string_lossy().replace('\\', "/"), doc.url.clone());
        if doc.lang() == config.default_language {
            map.insert(doc.translation_key.clone(), doc.url.clone());
        }
    }
    map
}

fn template_for(site: &Site, renderer: &Renderer, id: DocId) -> String {
    let doc = site.doc(id);
    if let Some(t) = &doc.front().template {
        return t.clone();
    }
    match id {
        DocId::Section(s) if site.sections[s].parent.is_none() && renderer.has("index.html") => "index.html".into(),
        DocId::Section(_) => "section.html".into(),
        DocId::Page(_) => "page.html".into(),
    }
}

fn render_doc(renderer: &Renderer, config: &Config, site: &Site, rendered: &[Rendered], features: &[(&str, features::Output)], id: DocId) -> Result<String, Diagnostic> {
    let mut ctx = render::for_doc(config, site, rendered, id);
    for (_, out) in features {
        if let Some(v) = out.per_doc.get(&id) {
            ctx.insert(out.doc_key, v);
        }
    }
    let doc = site.doc(id);
    renderer.render(&template_for(site, renderer, id), &ctx, Some(&doc.source.display_path))
}

type Files = Vec<(PathBuf, Vec<u8>)>;

/// The files besides pages: 404, redirects, feeds, sitemap, robots.txt.
fn site_files(renderer: &Renderer, config: &Config, site: &Site, rendered: &[Rendered], features: &[(&str, features::Output)], now: DateTime<FixedOffset>) -> (Files, Vec<Diagnostic>) {
    let mut files: Files = Vec::new();
    let mut diags = Vec::new();
    let mut extra_sitemap = Vec::new();
    for (_, out) in features {
        for p in &out.pages {
            let mut ctx = render::for_special(&p.lang, &p.url);
            for (k, v) in &p.context {
                ctx.insert(k.clone(), v);
            }
            match renderer.render(&p.template, &ctx, Some(&p.out_path)) {
                Ok(html) => files.push((p.out_path.clone(), html.into_bytes())),
                Err(d) => diags.push(d),
            }
            if p.in_sitemap {
                extra_sitemap.push(sitemap::Entry { loc: render::permalink(config, &p.url), lastmod: None });
            }
        }
        files.extend(out.files.iter().cloned());
    }
    if renderer.has("404.html") {
        let ctx = render::for_special(&config.default_language, &format!("{}/404.html", config.base_path()));
        match renderer.render("404.html", &ctx, None) {
            Ok(html) => files.push((PathBuf::from("404.html"), html.into_bytes())),
            Err(d) => diags.push(d),
        }
    }
    for a in &site.aliases {
        files.push((a.out_path.clone(), redirect::page(&a.target, &render::permalink(config, &a.target), &a.lang).into_bytes()));
    }
    let tz = config.tz();
    for section in &site.sections {
        if !section.doc.front().feed {
            continue;
        }
        let items: Vec<feed::Item> = section
            .pages
            .iter()
            .filter_map(|p| {
                let doc = &site.pages[*p].doc;
                let published = doc.front().date?.to_datetime(tz);
                let updated = doc.front().updated.map(|u| u.to_datetime(tz)).unwrap_or(published);
                let r = &rendered[slot(site, DocId::Page(*p))];
                Some(feed::Item { title: doc.front().title.clone(), permalink: render::permalink(config, &doc.url), published, updated, summary: r.summary.clone(), html: r.html.clone() })
            })
            .collect();
        let mut items = items;
        items.sort_by(|a, b| b.published.cmp(&a.published));
        let feed_url = render::permalink(config, &format!("{}atom.xml", section.doc.url));
        let title = format!("{} — {}", section.doc.front().title, config.title);
        let out = section.doc.out_path.with_file_name("atom.xml");
        files.push((out, feed::xml(&title, &feed_url, &render::permalink(config, &section.doc.url), section.doc.lang(), &items, now).into_bytes()));
    }
    let mut entries: Vec<sitemap::Entry> = site
        .all_docs()
        .into_iter()
        .map(|id| {
            let d = site.doc(id);
            let lastmod = d.front().updated.or(d.front().date).map(|v| v.to_template_string(tz));
            sitemap::Entry { loc: render::permalink(config, &d.url), lastmod }
        })
        .chain(extra_sitemap)
        .collect();
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    files.push((PathBuf::from("sitemap.xml"), sitemap::xml(&entries).into_bytes()));
    files.push((PathBuf::from("robots.txt"), sitemap::robots(&render::permalink(config, &format!("{}/sitemap.xml", config.base_path()))).into_bytes()));
    (files, diags)
}

/// One template mistake fails every page that uses the template; say it once, with a count.
fn merge_repeated(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<(Diagnostic, usize)> = Vec::new();
    for d in diags {
        let key = |x: &Diagnostic| (x.path.clone(), x.line, x.col, x.message.split(" (while rendering").next().unwrap_or("").to_string());
        match out.iter_mut().find(|(o, _)| key(o) == key(&d)) {
            Some((_, n)) => *n += 1,
            None => out.push((d, 0)),
        }
    }
    out.into_iter()
        .map(|(mut d, more)| {
            if more > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(" and {more} more {})", if more == 1 { "page" } else { "pages" }));
            }
            d
        })
        .collect()
}
