//! The dashboard: every page in `content/`, by section and language, with its title, whether it
//! is a draft, its errors and warnings, how long ago a resource was checked, and whether each
//! translation is missing, out of date or not yet reviewed. Pages the preview does not build
//! (drafts, pages with mistakes in their settings) are listed too, from their files.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::Build;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR, SourceFile};
use crate::diagnostic::Diagnostic;

/// One page's line on the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Path inside `content/` (`news/a.md`).
    pub path: String,
    /// Its address in the preview, when it is built.
    pub url: Option<String>,
    /// Its title (the file name when its settings cannot be read).
    pub title: String,
    /// Language code and name.
    pub lang: String,
    /// The language's name in English.
    pub lang_name: String,
    /// Not published.
    pub draft: bool,
    /// Errors in force in this file.
    pub errors: usize,
    /// Warnings in force in this file.
    pub warnings: usize,
    /// A resource: days since a person last checked it.
    pub review_age: Option<i64>,
    /// Checked longer ago than `review_interval_days`.
    pub review_due: bool,
    /// For a page in the default language: each other language's translation.
    pub translations: Vec<Translation>,
    /// A translation whose `reviewed = false`.
    pub unreviewed: bool,
}

/// The state of one translation of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    /// Language code.
    pub lang: String,
    /// The language's name in English.
    pub lang_name: String,
    /// `missing`, `outdated`, `unreviewed` or `current`.
    pub state: &'static str,
    /// The translation's path, when it exists.
    pub path: Option<String>,
}

/// A section's pages.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// The folder (`news`), empty for the pages at the top.
    pub folder: String,
    /// Its title (its `_index.md`'s, or the folder's name).
    pub title: String,
    /// Its pages, `_index.md` first, then by path.
    pub rows: Vec<Row>,
}

impl Row {
    /// Whether it has errors or warnings.
    pub fn has_problems(&self) -> bool {
        self.errors + self.warnings > 0
    }

    /// Whether a person should look at it again: a resource past its review interval, or a
    /// translation that is missing, out of date or unreviewed.
    pub fn needs_review(&self) -> bool {
        self.review_due || self.unreviewed || self.translations.iter().any(|t| t.state != "current")
    }
}

/// Every Markdown file under `content/`, sorted, as paths inside it.
pub fn markdown_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join(CONTENT_DIR);
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.path() == dir
                || !e
                    .file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
        })
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| e.path().strip_prefix(&dir).ok().map(Path::to_path_buf))
        .collect()
}

/// The dashboard's sections, from the live site when there is one, else from the files.
pub fn sections(root: &Path, live: Option<&Build>, config: &Config) -> Vec<Section> {
    let diags: Vec<Diagnostic> = live.map(Build::diagnostics).unwrap_or_default();
    let mut counts: HashMap<&Path, (usize, usize)> = HashMap::new();
    for d in &diags {
        let c = counts.entry(d.path.as_path()).or_default();
        if d.is_error() { c.0 += 1 } else { c.1 += 1 }
    }
    let now = live
        .map(|l| l.now())
        .or_else(|| crate::dates::now().ok())
        .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
    let today = now.with_timezone(&config.tz()).date_naive();
    let files = markdown_files(root);
    let dir = root.join(CONTENT_DIR);
    let sources: BTreeMap<PathBuf, Result<SourceFile, Vec<Diagnostic>>> = files
        .iter()
        .map(|rel| {
            // The live model has every built page's settings parsed already; only the others
            // (drafts, pages with mistakes) are read here.
            let known = live.and_then(|l| {
                let site = l.site();
                site.by_rel_path(rel).map(|id| site.doc(id).source.clone())
            });
            let source = match known {
                Some(s) => Ok(s),
                None => content::read_one(&dir, rel, config, today),
            };
            (rel.clone(), source)
        })
        .collect();
    let mut out: BTreeMap<String, Section> = BTreeMap::new();
    for (rel, source) in &sources {
        let folder = rel
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let display = Path::new(CONTENT_DIR).join(rel);
        let url = live.and_then(|l| {
            let site = l.site();
            site.by_rel_path(rel).map(|id| site.doc(id).url.clone())
        });
        let (mut errors, mut warnings) = counts.get(display.as_path()).copied().unwrap_or_default();
        let mut row = Row {
            path: rel.to_string_lossy().replace('\\', "/"),
            url,
            title: rel.to_string_lossy().into_owned(),
            lang: config.default_language.clone(),
            lang_name: crate::features::i18n::english_name(config, &config.default_language),
            draft: false,
            errors: 0,
            warnings: 0,
            review_age: None,
            review_due: false,
            translations: Vec::new(),
            unreviewed: false,
        };
        match source {
            Err(d) => {
                if live.is_none() || !counts.contains_key(display.as_path()) {
                    errors = d.iter().filter(|x| x.is_error()).count().max(1);
                }
            }
            Ok(s) => {
                row.title = s.front.title.clone();
                row.lang = s.lang.clone();
                row.lang_name = crate::features::i18n::english_name(config, &s.lang);
                row.draft = s.front.draft;
                row.unreviewed = s.front.reviewed == Some(false);
                if let Some(day) = s
                    .front
                    .tables
                    .get("resource")
                    .and_then(|t| t.get("last_reviewed"))
                    .and_then(|v| match v {
                        toml::Value::Datetime(d) => Some(d.to_string()),
                        toml::Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
                    .and_then(|t| chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok())
                {
                    let age = (today - day).num_days();
                    row.review_age = Some(age);
                    row.review_due = age > i64::from(config.review_interval_days);
                }
                if live.is_none() {
                    warnings = s.front.verify.len() + s.front.gaps.len();
                }
                if s.lang == config.default_language {
                    row.translations = translations(config, &dir, s, &sources);
                }
            }
        }
        row.errors = errors;
        row.warnings = warnings;
        let section = out.entry(folder.clone()).or_insert_with(|| Section {
            title: section_title(&folder, &sources),
            folder,
            rows: Vec::new(),
        });
        section.rows.push(row);
    }
    for s in out.values_mut() {
        // The section's own page first; each translation right after its source.
        s.rows.sort_by_key(|r| {
            let p = Path::new(&r.path);
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let source = match p
                .file_stem()
                .and_then(|n| n.to_str())
                .and_then(|n| n.rsplit_once('.'))
            {
                Some((base, lang)) if lang == r.lang => p.with_file_name(format!("{base}.md")),
                _ => p.to_path_buf(),
            };
            (
                !name.starts_with("_index"),
                source,
                r.lang != config.default_language,
                r.path.clone(),
            )
        });
    }
    out.into_values().collect()
}

fn section_title(
    folder: &str,
    sources: &BTreeMap<PathBuf, Result<SourceFile, Vec<Diagnostic>>>,
) -> String {
    let index = Path::new(folder).join("_index.md");
    match sources.get(&index) {
        Some(Ok(s)) if !folder.is_empty() => s.front.title.clone(),
        _ if folder.is_empty() => crate::editor::words::w("dash_top_pages"),
        _ => folder.to_string(),
    }
}

/// The state of each other language's translation of `source`.
fn translations(
    config: &Config,
    dir: &Path,
    source: &SourceFile,
    sources: &BTreeMap<PathBuf, Result<SourceFile, Vec<Diagnostic>>>,
) -> Vec<Translation> {
    let mut out = Vec::new();
    let mut hash: Option<String> = None;
    for lang in config
        .languages
        .keys()
        .filter(|l| **l != config.default_language)
    {
        let rel = translation_path(&source.rel_path, lang);
        let lang_name = crate::features::i18n::english_name(config, lang);
        let state = match sources.get(&rel) {
            None => "missing",
            Some(Err(_)) => "outdated",
            Some(Ok(t)) => {
                let current = hash
                    .get_or_insert_with(|| source_hash_on_disk(dir, source).unwrap_or_default())
                    .clone();
                let outdated = match &t.front.source_hash {
                    Some(h) => *h != current,
                    None => match (&source.front.updated, &t.front.updated) {
                        (Some(a), Some(b)) => a.timestamp(config.tz()) > b.timestamp(config.tz()),
                        _ => false,
                    },
                };
                if outdated {
                    "outdated"
                } else if t.front.reviewed == Some(false) {
                    "unreviewed"
                } else {
                    "current"
                }
            }
        };
        out.push(Translation {
            lang: lang.clone(),
            lang_name,
            state,
            path: sources
                .contains_key(&rel)
                .then(|| rel.to_string_lossy().replace('\\', "/")),
        });
    }
    out
}

/// `about.md` → `about.es.md`; `news/_index.md` → `news/_index.es.md`.
pub fn translation_path(rel: &Path, lang: &str) -> PathBuf {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    rel.with_file_name(format!("{stem}.{lang}.md"))
}

/// The fingerprint a translation records of its source (`source_hash`), from the file.
pub fn source_hash_on_disk(dir: &Path, source: &SourceFile) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(&source.rel_path)).ok()?;
    source_hash_of_text(&text, &source.front)
}

/// The same, from a file's text and its parsed front matter.
pub fn source_hash_of_text(text: &str, front: &crate::content::FrontMatter) -> Option<String> {
    let split = content::frontmatter::split("", text).ok()?;
    Some(crate::features::i18n::source_hash(
        &front.title,
        front.description.as_deref(),
        split.body,
        &front.tables,
    ))
}
