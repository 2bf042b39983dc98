//! The files a build writes besides its pages: feature pages and files, 404, redirects,
//! feeds, sitemaps, robots.txt and `_headers`.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::features::{self, Outputs};
use crate::markdown::Bodies;
use crate::output::{feed, redirect, security, sitemap};
use crate::render::{self, RenderError, Renderer};
use crate::site::{DocId, Site, permalink};

/// Output files: path relative to the output folder, and bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// The files besides pages: feature pages and files, 404, redirects, feeds, sitemap, robots.txt.
pub fn site_files(
    renderer: &Renderer,
    config: &Config,
    site: &Site,
    bodies: &Bodies,
    features: &Outputs,
    now: DateTime<FixedOffset>,
) -> (Files, Vec<RenderError>) {
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
                extra_sitemap.push((
                    p.lang.clone(),
                    sitemap::Entry {
                        loc: permalink(config, &p.url),
                        lastmod: None,
                        alternates: Vec::new(),
                    },
                ));
            }
        }
        files.extend(out.files.iter().cloned());
    }
    if renderer.has("404.html") {
        let ctx = render::for_special(
            &config.default_language,
            &format!("{}/404.html", config.base_path()),
        );
        match renderer.render("404.html", &ctx, None) {
            Ok(html) => files.push((PathBuf::from("404.html"), html.into_bytes())),
            Err(d) => diags.push(d),
        }
    }
    for a in &site.aliases {
        files.push((
            a.out_path.clone(),
            redirect::page(&a.target, &permalink(config, &a.target), &a.lang).into_bytes(),
        ));
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
                let updated = doc
                    .front()
                    .updated
                    .map(|u| u.to_datetime(tz))
                    .unwrap_or(published);
                let r = bodies.get(DocId::Page(*p));
                Some(feed::Item {
                    title: doc.front().title.clone(),
                    permalink: permalink(config, &doc.url),
                    published,
                    updated,
                    summary: r.summary.clone(),
                    html: r.html.clone(),
                })
            })
            .collect();
        let mut items = items;
        items.sort_by_key(|i| std::cmp::Reverse(i.published));
        let feed_url = permalink(config, &format!("{}atom.xml", section.doc.url));
        let site_title = config
            .languages
            .get(section.doc.lang())
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&config.title);
        let title = format!("{} — {site_title}", section.doc.front().title);
        let out = section.doc.out_path.with_file_name("atom.xml");
        files.push((
            out,
            feed::xml(
                &title,
                &feed_url,
                &permalink(config, &section.doc.url),
                section.doc.lang(),
                &items,
                now,
            )
            .into_bytes(),
        ));
    }
    let mut entries: Vec<(String, sitemap::Entry)> = site
        .all_docs()
        .into_iter()
        .map(|id| {
            let d = site.doc(id);
            let lastmod = d
                .front()
                .updated
                .or(d.front().date)
                .map(|v| v.to_template_string(tz));
            let alternates = features::i18n::alternates(config, site, id)
                .into_iter()
                .map(|a| (a.hreflang, a.href))
                .collect();
            (
                d.lang().to_string(),
                sitemap::Entry {
                    loc: permalink(config, &d.url),
                    lastmod,
                    alternates,
                },
            )
        })
        .chain(extra_sitemap)
        .collect();
    entries.sort_by(|a, b| a.1.loc.cmp(&b.1.loc));
    let all: Vec<sitemap::Entry> = entries.iter().map(|(_, e)| e.clone()).collect();
    files.push((
        PathBuf::from("sitemap.xml"),
        sitemap::xml(&all).into_bytes(),
    ));
    // Each other language also gets its own sitemap of its pages, under its prefix.
    for lang in features::i18n::languages(site, config)
        .into_iter()
        .filter(|l| *l != config.default_language)
    {
        let own: Vec<sitemap::Entry> = entries
            .iter()
            .filter(|(l, _)| *l == lang)
            .map(|(_, e)| e.clone())
            .collect();
        files.push((
            PathBuf::from(&lang).join("sitemap.xml"),
            sitemap::xml(&own).into_bytes(),
        ));
    }
    // The search (when a site has it) needs its own policy: pass whether any page uses it.
    files.push((
        PathBuf::from("_headers"),
        security::headers_file(features::search::enabled(features)).into_bytes(),
    ));
    files.push((
        PathBuf::from("robots.txt"),
        sitemap::robots(&permalink(
            config,
            &format!("{}/sitemap.xml", config.base_path()),
        ))
        .into_bytes(),
    ));
    (files, diags)
}
