//! Deterministic synthetic Haven sites for the build benchmark.
//!
//! Every page's text is derived from `(seed, page id)` alone, never from the order
//! of generation, so a later benchmark (incremental rebuild) can regenerate or
//! tweak one page and get the same bytes, and two runs of the bench compare like
//! with like.
//!
//! `check_site` re-reads the written Markdown and verifies it independently of the
//! generator's model: every `@/` link points at an existing file, every `#anchor`
//! names a heading that the target really has, every footnote reference has a
//! definition.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct SiteSpec {
    pub pages: usize,
    pub sections: usize,
    pub words_per_page: usize,
    pub seed: u64,
}

impl SiteSpec {
    pub fn new(pages: usize) -> Self {
        SiteSpec {
            pages,
            sections: 20,
            words_per_page: 1_000,
            seed: 0x4841_5645_4E21,
        }
    }

    /// Pages are dealt round-robin, so sections differ in size by at most one.
    fn section_of(&self, id: usize) -> usize {
        id % self.sections + 1
    }

    fn index_in_section(&self, id: usize) -> usize {
        id / self.sections + 1
    }

    /// Path relative to `content/`, as written after `@/` in links.
    pub fn page_path(&self, id: usize) -> String {
        format!(
            "section-{}/page-{}.md",
            self.section_of(id),
            self.index_in_section(id)
        )
    }
}

/// What was written, for the report.
#[derive(Debug, Default)]
pub struct GeneratedSite {
    pub root: PathBuf,
    pub pages: usize,
    pub sections: usize,
    /// Bytes under `content/` (the Markdown the builder has to read).
    pub content_bytes: u64,
    /// Whitespace-separated tokens in page bodies (Markdown syntax included).
    pub body_words: u64,
}

// ---------------------------------------------------------------- PRNG

/// SplitMix64: tiny, good enough for text, and stable across platforms and
/// Rust versions (unlike the std hasher), which is what determinism needs.
pub struct Rng(u64);

impl Rng {
    /// An independent stream for one `(seed, id, purpose)` triple.
    pub fn for_key(seed: u64, id: u64, purpose: u64) -> Self {
        let mut r = Rng(seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ purpose.rotate_left(32));
        r.next_u64(); // decorrelate neighbouring ids
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (modulo bias is irrelevant here).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        lo + self.below(hi_inclusive - lo + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------- text

/// Plain ASCII words without Markdown or TOML specials, so titles need no escaping.
const WORDS: &[&str] = &[
    "housing",
    "benefit",
    "application",
    "council",
    "support",
    "service",
    "advice",
    "local",
    "office",
    "appointment",
    "document",
    "form",
    "payment",
    "deadline",
    "eligible",
    "income",
    "rent",
    "tenant",
    "landlord",
    "repair",
    "heating",
    "energy",
    "bill",
    "debt",
    "loan",
    "grant",
    "family",
    "child",
    "school",
    "transport",
    "bus",
    "train",
    "ticket",
    "discount",
    "disability",
    "carer",
    "health",
    "clinic",
    "doctor",
    "nurse",
    "pharmacy",
    "emergency",
    "shelter",
    "food",
    "bank",
    "volunteer",
    "community",
    "centre",
    "library",
    "computer",
    "internet",
    "phone",
    "email",
    "letter",
    "address",
    "identity",
    "passport",
    "licence",
    "permit",
    "record",
    "check",
    "review",
    "appeal",
    "decision",
    "rights",
    "law",
    "court",
    "legal",
    "aid",
    "interpreter",
    "language",
    "translation",
    "accessible",
    "wheelchair",
    "ramp",
    "parking",
    "hours",
    "open",
    "closed",
    "weekend",
    "holiday",
    "winter",
    "summer",
    "safety",
    "fire",
    "police",
    "report",
    "crime",
    "victim",
    "abuse",
    "helpline",
    "confidential",
    "free",
    "cost",
    "fee",
    "charge",
    "refund",
    "waiting",
    "list",
    "priority",
    "assessment",
    "needs",
    "plan",
    "goal",
    "step",
    "guide",
    "question",
    "answer",
    "contact",
    "visit",
    "online",
    "paper",
    "sign",
    "receive",
    "send",
    "apply",
    "renew",
    "cancel",
    "change",
    "update",
    "keep",
    "bring",
    "ask",
    "call",
    "write",
    "read",
    "find",
    "choose",
    "compare",
    "agree",
    "the",
    "a",
    "of",
    "to",
    "and",
    "for",
    "your",
    "you",
    "with",
    "on",
    "at",
    "in",
    "from",
    "by",
    "can",
    "may",
    "will",
    "must",
    "should",
    "before",
    "after",
    "during",
    "each",
    "every",
    "most",
    "some",
    "other",
    "new",
    "current",
];

const LIST_INTROS: &[&str] = &[
    "Bring the following",
    "You will need",
    "Before you apply check",
    "Useful contacts include",
];

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

fn words(rng: &mut Rng, n: usize) -> Vec<&'static str> {
    (0..n).map(|_| rng.pick(WORDS)).collect()
}

fn phrase(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    words(rng, n).join(" ")
}

fn title_case(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    words(rng, n)
        .iter()
        .map(|w| capitalize(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// GitHub-style slug, which is what the links are written against. Headings are
/// made only of letters, digits and spaces, so every reasonable slugifier agrees.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == ' ' && !out.ends_with('-') {
            out.push('-');
        }
    }
    out
}

// ---------------------------------------------------------------- page structure

/// The headings of one page, derived from its id alone so that a page linking to
/// `page-42.md#details-3` can know `Details 3` exists without reading page 42.
fn page_headings(spec: &SiteSpec, id: usize) -> Vec<(u8, String)> {
    let detail_sections = Rng::for_key(spec.seed, id as u64, 1).range(3, 6);
    let mut headings = vec![(2, "Overview".to_string())];
    for d in 1..=detail_sections {
        headings.push((2, format!("Details {d}")));
        headings.push((3, format!("Example {d}")));
    }
    headings.push((2, "Further help".to_string()));
    headings
}

/// Writes Markdown while counting words, so sections can be filled to a budget.
struct Body<'a> {
    spec: &'a SiteSpec,
    rng: Rng,
    text: String,
    words: usize,
    footnotes: usize,
}

impl<'a> Body<'a> {
    fn push_line(&mut self, line: &str) {
        self.words += line.split_whitespace().count();
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn blank(&mut self) {
        self.text.push('\n');
    }

    fn heading(&mut self, level: u8, title: &str) {
        self.push_line(&format!("{} {title}", "#".repeat(level as usize)));
        self.blank();
    }

    /// A link to a random page; sometimes to one of its headings, sometimes to a section.
    fn link(&mut self) -> String {
        let text = phrase(&mut self.rng, 1, 4);
        let kind = self.rng.below(10);
        let target = self.rng.below(self.spec.pages);
        let path = self.spec.page_path(target);
        if kind < 3 {
            let headings = page_headings(self.spec, target);
            let (_, heading) = &headings[self.rng.below(headings.len())];
            format!("[{text}](@/{path}#{})", slugify(heading))
        } else if kind < 4 {
            let section = self.rng.range(1, self.spec.sections);
            format!("[{text}](@/section-{section}/_index.md)")
        } else {
            format!("[{text}](@/{path})")
        }
    }

    fn sentence(&mut self) -> String {
        let mut s = capitalize(&phrase(&mut self.rng, 8, 16));
        if self.rng.chance(25) {
            s.push(' ');
            s.push_str(&self.link());
        }
        if self.rng.chance(15) {
            s.push_str(&format!(" with **{}**", phrase(&mut self.rng, 1, 2)));
        }
        // Footnotes are capped so the definitions list stays a realistic length.
        if self.footnotes < 4 && self.rng.chance(6) {
            self.footnotes += 1;
            s.push_str(&format!("[^{}]", self.footnotes));
        }
        s.push('.');
        s
    }

    fn paragraph(&mut self) {
        let n = self.rng.range(3, 6);
        let sentences: Vec<String> = (0..n).map(|_| self.sentence()).collect();
        self.push_line(&sentences.join(" "));
        self.blank();
    }

    fn bullet_list(&mut self) {
        let intro = format!("{}:", self.rng.pick(LIST_INTROS));
        self.push_line(&intro);
        self.blank();
        for _ in 0..self.rng.range(3, 6) {
            let item = if self.rng.chance(30) {
                self.link()
            } else {
                phrase(&mut self.rng, 3, 9)
            };
            self.push_line(&format!("- {item}"));
        }
        self.blank();
    }

    fn table(&mut self) {
        self.push_line("| Service | Hours | Phone |");
        self.push_line("| --- | --- | --- |");
        for _ in 0..self.rng.range(3, 5) {
            let service = title_case(&mut self.rng, 1, 3);
            let (open, close) = (self.rng.range(7, 10), self.rng.range(16, 20));
            let phone = self.rng.range(100, 999);
            self.push_line(&format!(
                "| {service} | {open}:00 to {close}:00 | 555-0{phone} |"
            ));
        }
        self.blank();
    }

    /// Paragraphs until this part of the page has used its share of words.
    fn fill_to(&mut self, word_goal: usize) {
        while self.words < word_goal {
            self.paragraph();
        }
    }

    fn footnote_definitions(&mut self) {
        for n in 1..=self.footnotes {
            let text = capitalize(&phrase(&mut self.rng, 6, 14));
            self.push_line(&format!("[^{n}]: {text}."));
        }
    }
}

fn page_body(spec: &SiteSpec, id: usize) -> (String, usize) {
    let headings = page_headings(spec, id);
    let mut body = Body {
        spec,
        rng: Rng::for_key(spec.seed, id as u64, 2),
        text: String::with_capacity(spec.words_per_page * 8),
        words: 0,
        footnotes: 0,
    };
    // Reserve ~5% of the budget for footnote definitions and list intros.
    let budget = spec.words_per_page * 95 / 100;
    let parts = headings.iter().filter(|(level, _)| *level == 2).count() + 1;
    let share = budget / parts;

    body.fill_to(share); // lead-in before the first heading
    let mut part = 1;
    for (i, (level, title)) in headings.iter().enumerate() {
        body.heading(*level, title);
        if *level == 3 {
            body.bullet_list();
            continue;
        }
        part += 1;
        if title == "Details 1" {
            body.table();
        }
        // A `##` part ends at its `###` child, which must stay inside the budget.
        let has_child = headings.get(i + 1).is_some_and(|(l, _)| *l == 3);
        let goal = share * part - if has_child { share / 3 } else { 0 };
        body.fill_to(goal);
    }
    body.footnote_definitions();
    (body.text, body.words)
}

fn page_file(spec: &SiteSpec, id: usize) -> (String, usize) {
    let mut rng = Rng::for_key(spec.seed, id as u64, 3);
    let title = title_case(&mut rng, 3, 7);
    let description = capitalize(&phrase(&mut rng, 10, 20));
    // Dates walk forward from 2026-01-01, one per page, wrapping after a year.
    let date =
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new((id % 365) as u64);
    let weight = spec.index_in_section(id);
    let (body, words) = page_body(spec, id);
    let text = format!(
        "+++\ntitle = \"{title}\"\ndate = \"{date}\"\nweight = {weight}\n\
         description = \"{description}.\"\n+++\n\n{body}"
    );
    (text, words)
}

fn section_index(spec: &SiteSpec, section: usize) -> String {
    let mut rng = Rng::for_key(spec.seed, section as u64, 4);
    let title = title_case(&mut rng, 2, 4);
    let description = capitalize(&phrase(&mut rng, 8, 14));
    let intro = capitalize(&phrase(&mut rng, 30, 60));
    format!(
        "+++\ntitle = \"Section {section}: {title}\"\nweight = {section}\n\
         description = \"{description}.\"\n+++\n\n{intro}.\n"
    )
}

fn home_index(spec: &SiteSpec) -> String {
    format!(
        "+++\ntitle = \"Haven benchmark\"\ndescription = \"Synthetic site with {} pages.\"\n+++\n\n\
         A generated site for measuring build time.\n",
        spec.pages
    )
}

// ---------------------------------------------------------------- config and theme

const CONFIG: &str = r#"title = "Haven benchmark site"
base_url = "https://bench.example"
default_language = "en"
theme = "haven"
timezone = "America/New_York"
"#;

/// Minimal Tera 2 theme. It touches the context fields a real theme uses most
/// (content, toc, section.pages, asset()), so the bench pays for realistic rendering.
const THEME_FILES: &[(&str, &str)] = &[
    (
        "templates/base.html",
        r#"<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<link rel="stylesheet" href="{{ asset(name="css/style.css") }}">
</head>
<body>
<header><a href="/">{{ config.title }}</a></header>
<main>{% block content %}{% endblock content %}</main>
</body>
</html>
"#,
    ),
    (
        "templates/index.html",
        r#"{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for s in section.subsections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"#,
    ),
    (
        "templates/section.html",
        r#"{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>
{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}</ul>
{% endblock content %}
"#,
    ),
    (
        "templates/page.html",
        r##"{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
<nav aria-label="Contents"><ol>
{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ol>
{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>
{% endfor %}</ol>{% endif %}</li>
{% endfor %}</ol></nav>
{{ page.content | safe }}
</article>
{% endblock content %}
"##,
    ),
    (
        "templates/404.html",
        r#"{% extends "base.html" %}
{% block content %}<h1>Page not found</h1>{% endblock content %}
"#,
    ),
    (
        "static/css/style.css",
        "body { font-family: sans-serif; max-width: 40rem; margin: auto; }\n\
         .heading-link { visibility: hidden; }\n\
         h2:hover .heading-link, .heading-link:focus { visibility: visible; }\n",
    ),
];

// ---------------------------------------------------------------- writing

fn write(path: &Path, text: &str) -> io::Result<u64> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)?;
    Ok(text.len() as u64)
}

/// Writes the whole site under `root` (which should be empty or absent).
pub fn generate(root: &Path, spec: &SiteSpec) -> io::Result<GeneratedSite> {
    let content = root.join("content");
    let mut site = GeneratedSite {
        root: root.to_path_buf(),
        pages: spec.pages,
        sections: spec.sections,
        ..Default::default()
    };
    write(&root.join("config.toml"), CONFIG)?;
    for (rel, text) in THEME_FILES {
        write(&root.join("themes/haven").join(rel), text)?;
    }
    site.content_bytes += write(&content.join("_index.md"), &home_index(spec))?;
    for section in 1..=spec.sections {
        let path = content.join(format!("section-{section}/_index.md"));
        site.content_bytes += write(&path, &section_index(spec, section))?;
    }
    for id in 0..spec.pages {
        let (text, words) = page_file(spec, id);
        site.content_bytes += write(&content.join(spec.page_path(id)), &text)?;
        site.body_words += words as u64;
    }
    Ok(site)
}

// ---------------------------------------------------------------- checking

/// What `check_site` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub pages: usize,
    pub min_words: usize,
    pub max_words: usize,
    pub mean_words: f64,
    pub links: usize,
    pub anchor_links: usize,
    pub footnotes: usize,
    pub problems: Vec<String>,
}

struct ParsedPage {
    body_words: usize,
    /// (target path after `@/`, optional anchor)
    links: Vec<(String, Option<String>)>,
    heading_slugs: HashSet<String>,
    footnote_refs: HashSet<String>,
    footnote_defs: HashSet<String>,
}

fn body_after_front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("+++\n")?;
    let end = rest.find("\n+++\n")?;
    Some(&rest[end + 5..])
}

fn parse_page(text: &str) -> Option<ParsedPage> {
    let body = body_after_front_matter(text)?;
    let mut page = ParsedPage {
        body_words: body.split_whitespace().count(),
        links: Vec::new(),
        heading_slugs: HashSet::new(),
        footnote_refs: HashSet::new(),
        footnote_defs: HashSet::new(),
    };
    for line in body.lines() {
        if line.starts_with('#') {
            page.heading_slugs
                .insert(slugify(line.trim_start_matches('#')));
        }
        if let Some((label, _)) = line
            .strip_prefix("[^")
            .and_then(|rest| rest.split_once("]:"))
        {
            page.footnote_defs.insert(label.to_string());
            continue;
        }
        for (i, _) in line.match_indices("[^") {
            let label = &line[i + 2..];
            if let Some(end) = label.find(']') {
                page.footnote_refs.insert(label[..end].to_string());
            }
        }
        for (i, _) in line.match_indices("](@/") {
            let target = &line[i + 4..];
            let target = &target[..target.find(')').unwrap_or(target.len())];
            let (path, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (target.to_string(), None),
            };
            page.links.push((path, anchor));
        }
    }
    Some(page)
}

/// Reads every Markdown file under `root/content` and checks it, independently of
/// how it was generated.
pub fn check_site(root: &Path) -> io::Result<CheckReport> {
    let content = root.join("content");
    let mut parsed: HashMap<String, ParsedPage> = HashMap::new();
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.path().extension().is_some_and(|e| e == "md") {
            let rel = entry.path().strip_prefix(&content).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = fs::read_to_string(entry.path())?;
            match parse_page(&text) {
                Some(p) => {
                    parsed.insert(rel, p);
                }
                None => return Err(io::Error::other(format!("{rel}: no +++ front matter"))),
            }
        }
    }

    let mut report = CheckReport {
        min_words: usize::MAX,
        ..Default::default()
    };
    let mut total_words = 0;
    for (rel, page) in &parsed {
        if !rel.ends_with("_index.md") {
            report.pages += 1;
            total_words += page.body_words;
            report.min_words = report.min_words.min(page.body_words);
            report.max_words = report.max_words.max(page.body_words);
        }
        report.footnotes += page.footnote_defs.len();
        if page.footnote_refs != page.footnote_defs {
            report
                .problems
                .push(format!("{rel}: footnote references and definitions differ"));
        }
        for (path, anchor) in &page.links {
            report.links += 1;
            let Some(target) = parsed.get(path) else {
                report
                    .problems
                    .push(format!("{rel}: link to missing @/{path}"));
                continue;
            };
            if let Some(anchor) = anchor {
                report.anchor_links += 1;
                if !target.heading_slugs.contains(anchor) {
                    report
                        .problems
                        .push(format!("{rel}: @/{path} has no heading #{anchor}"));
                }
            }
        }
    }
    report.mean_words = total_words as f64 / report.pages.max(1) as f64;
    Ok(report)
}
