//! The Markdown stage: each document's body parsed once, checked by the content rules, and
//! rendered as the features asked ([`Needs`]); its text is then freed, unless a feature keeps it.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::features::{Needs, Request};
use crate::markdown::{self, Bodies, LinkResolver, RenderOptions, Rendered};
use crate::site::{DocId, Site};

/// Renders every body of `site` as plain pages (no feature's requests), with every content
/// rule: what the fuzz targets feed Markdown through.
pub fn render_plain(config: &Config, site: &mut Site, plain_language: bool) -> Bodies {
    let mut bodies = Bodies::new(site);
    let ids = site.all_docs();
    render(
        config,
        site,
        &Needs::default(),
        &ids,
        &mut bodies,
        plain_language,
    );
    bodies
}

/// Renders the bodies of `ids` into `bodies`, taking their text out of the model: each text is
/// freed as soon as it is rendered, which keeps a large build's peak memory down.
///
/// Documents that continue another's numbering ([`Request::follows`]) are rendered after it,
/// in order; a document whose predecessor is not among `ids` continues from that
/// predecessor's last rendering. Everything else is rendered in parallel.
pub(super) fn render(
    config: &Config,
    site: &mut Site,
    needs: &Needs,
    ids: &[DocId],
    bodies: &mut Bodies,
    plain_language: bool,
) {
    let texts: Vec<(DocId, Text)> = ids.iter().map(|id| (*id, site.take_body(*id))).collect();
    let site: &Site = site;
    let (chained, single): (Vec<_>, Vec<_>) = texts
        .into_iter()
        .partition(|(id, _)| needs.get(*id).is_some() || needs.followers(*id).next().is_some());
    let done: Vec<Done> = single
        .into_par_iter()
        .map(|(id, text)| render_one(config, site, id, text, None, 0, plain_language))
        .collect();
    for d in done {
        bodies.set(d.id, d.main, d.variants, d.text);
    }
    if chained.is_empty() {
        return;
    }
    let chains = chains(needs, chained);
    let done: Vec<Vec<Done>> = chains
        .into_par_iter()
        .map(|chain| {
            let mut out: Vec<Done> = Vec::with_capacity(chain.len());
            for (id, text) in chain {
                let request = needs.get(id);
                let first = match (out.last(), request.and_then(|r| r.follows)) {
                    (Some(prev), Some(_)) => prev.main.next_recommendation,
                    (None, Some(prev)) => bodies.get(prev).next_recommendation,
                    (_, None) => 0,
                };
                out.push(render_one(
                    config,
                    site,
                    id,
                    text,
                    request,
                    first,
                    plain_language,
                ));
            }
            out
        })
        .collect();
    for d in done.into_iter().flatten() {
        bodies.set(d.id, d.main, d.variants, d.text);
    }
}

/// Renders one document no feature asked anything of, from its text (the one-pass write of
/// `haven build`, `stream.rs`): its body, with the content rules' problems.
pub(super) fn render_plain_one(
    config: &Config,
    site: &Site,
    id: DocId,
    text: Text,
    plain_language: bool,
) -> Rendered {
    render_one(config, site, id, text, None, 0, plain_language).main
}

/// Orders documents into chains: each starts with one whose predecessor is not in the batch,
/// and goes on with the documents that follow it.
fn chains(needs: &Needs, docs: Vec<(DocId, Text)>) -> Vec<Vec<(DocId, Text)>> {
    let in_batch: HashSet<DocId> = docs.iter().map(|(id, _)| *id).collect();
    let mut after: HashMap<DocId, (DocId, Text)> = HashMap::new();
    let mut heads = Vec::new();
    for (id, text) in docs {
        match needs.get(id).and_then(|r| r.follows) {
            Some(prev) if in_batch.contains(&prev) => {
                after.insert(prev, (id, text));
            }
            _ => heads.push((id, text)),
        }
    }
    heads
        .into_iter()
        .map(|head| {
            let mut chain = vec![head];
            while let Some(next) = chain.last().and_then(|(id, _)| after.remove(id)) {
                chain.push(next);
            }
            chain
        })
        .collect()
}

/// A document's Markdown text, or why it could not be read again (`content::OnDisk`).
pub(super) type Text = Result<String, Diagnostic>;

/// One rendered document.
struct Done {
    id: DocId,
    main: Rendered,
    variants: Vec<Rendered>,
    text: Option<String>,
}

/// Parses one body once, runs the content rules on it and renders it: as a plain page, or as
/// `request` asks (numbering from `first_recommendation`, and its extra renderings).
fn render_one(
    config: &Config,
    site: &Site,
    id: DocId,
    text: Text,
    request: Option<&Request>,
    first_recommendation: usize,
    plain_language: bool,
) -> Done {
    // A file that cannot be read again renders as empty, with the error that says why.
    let (text, unread) = match text {
        Ok(t) => (t, None),
        Err(d) => (String::new(), Some(d)),
    };
    let doc = site.doc(id);
    let dir = doc
        .source
        .rel_path
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    let src = markdown::Source {
        body: &text,
        body_line: doc.source.body_line,
        display_path: &doc.source.display_path,
        content_dir: &dir,
    };
    let links = SiteLinks {
        site,
        lang: doc.lang(),
        default_lang: &config.default_language,
    };
    let events = markdown::parse(&text);
    let problems = crate::check::rules(config, site, id, &text, &events, plain_language);
    let variants = match request {
        Some(r) if !r.also.is_empty() => {
            variants(&src, &events, &links, &r.also, first_recommendation)
        }
        _ => Vec::new(),
    };
    let options = match request {
        Some(r) => Cow::Owned(RenderOptions {
            first_recommendation,
            ..r.options.clone()
        }),
        None => Cow::Borrowed(&*PLAIN),
    };
    let mut main = markdown::render_parsed(&src, events, &links, &options);
    main.diagnostics.extend(problems);
    main.diagnostics.extend(unread);
    let keep = request.is_some_and(|r| r.keep_text);
    Done {
        id,
        main,
        variants,
        text: keep.then_some(text),
    }
}

/// The options of a plain page.
static PLAIN: std::sync::LazyLock<RenderOptions> = std::sync::LazyLock::new(RenderOptions::default);

/// The extra renderings of one body, from its parsed events. Kept out of line: nearly every
/// body has none, and the plain path stays as small as it was.
#[inline(never)]
fn variants<'a>(
    src: &markdown::Source<'a>,
    events: &[(pulldown_cmark::Event<'a>, std::ops::Range<usize>)],
    links: &SiteLinks<'_>,
    also: &[RenderOptions],
    first_recommendation: usize,
) -> Vec<Rendered> {
    also.iter()
        .map(|o| {
            let options = RenderOptions {
                first_recommendation,
                ..o.clone()
            };
            let mut r = markdown::render_parsed(src, events.to_vec(), links, &options);
            // Its problems are those of the document's own rendering, with other ids.
            r.diagnostics.clear();
            r
        })
        .collect()
}

/// Internal links, resolved against the model in the page's language.
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
