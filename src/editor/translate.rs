//! Translating a page side by side with its source. A new translation starts from the
//! source's file (its settings and text, to be translated over), marked `reviewed = false` and
//! `draft = true`, with the source's fingerprint (`source_hash`) it is made from. Later, the
//! source paragraphs that changed since the translation was last marked up to date are shown:
//! the fingerprint says *that* the source changed, and git's history of the source says
//! *what* changed (the version whose fingerprint the translation records is found there and
//! compared with today's, paragraph by paragraph).

use std::path::Path;

use serde::Serialize;
use toml_edit::DocumentMut;

use super::dashboard::source_hash_of_text;
use super::front::PageText;
use super::publish::git_output;
use crate::config::Config;
use crate::content::{self, CONTENT_DIR};

/// The text of a new translation of `source_text` (the file of `content/<source_rel>`).
pub fn new_translation(
    source_text: &str,
    config: &Config,
    source_rel: &Path,
    today: chrono::NaiveDate,
) -> Result<String, String> {
    let source = content::parse_one(source_rel, source_text, config, today)
        .map_err(|d| d.first().map(|d| d.message.clone()).unwrap_or_default())?;
    let hash = source_hash_of_text(source_text, &source.front).unwrap_or_default();
    let page = PageText::parse(source_text).map_err(|d| d.message)?;
    let day = today.format("%Y-%m-%d").to_string();
    let front = if page.yaml {
        let mut f = page.front.clone();
        if !f.ends_with('\n') && !f.is_empty() {
            f.push('\n');
        }
        f.push_str(&format!(
            "draft: true\nreviewed: false\nsource_hash: \"{hash}\"\nupdated: {day}\n"
        ));
        f
    } else {
        let mut doc: DocumentMut = page
            .front
            .parse()
            .map_err(|e: toml_edit::TomlError| e.to_string())?;
        doc["draft"] = toml_edit::value(true);
        doc["reviewed"] = toml_edit::value(false);
        doc["source_hash"] = toml_edit::value(hash);
        if let Ok(d) = day.parse::<toml_edit::Datetime>() {
            doc["updated"] = toml_edit::value(d);
        }
        doc.to_string()
    };
    Ok(PageText { front, ..page }.join())
}

/// One paragraph of the source, and whether it changed since the translation was current.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Paragraph {
    /// Its Markdown.
    pub text: String,
    /// New or changed since then.
    pub changed: bool,
}

/// The source as the translation should follow it.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The source's paragraphs (title and description first).
    pub paragraphs: Vec<Paragraph>,
    /// `current` (nothing changed), `changed` (the changed ones are marked), `unknown` (the
    /// translation records no fingerprint, or the version it records is not in the history).
    pub state: &'static str,
    /// The source's fingerprint now, to record when the translation is brought up to date.
    pub hash: String,
}

/// Compares the source `content/<source_rel>` with the version whose fingerprint is
/// `recorded` (a translation's `source_hash`).
pub fn compare(
    root: &Path,
    config: &Config,
    source_rel: &Path,
    recorded: Option<&str>,
) -> Comparison {
    let file = Path::new(CONTENT_DIR).join(source_rel);
    let now_text = std::fs::read_to_string(root.join(&file)).unwrap_or_default();
    let now = blocks(config, source_rel, &now_text);
    let hash = now.as_ref().map(|(h, _)| h.clone()).unwrap_or_default();
    let now_blocks = now.map(|(_, b)| b).unwrap_or_default();
    let unchanged = |state| Comparison {
        paragraphs: now_blocks
            .iter()
            .map(|t| Paragraph {
                text: t.clone(),
                changed: false,
            })
            .collect(),
        state,
        hash: hash.clone(),
    };
    let Some(recorded) = recorded.filter(|r| !r.is_empty()) else {
        return unchanged("unknown");
    };
    if recorded == hash {
        return unchanged("current");
    }
    let Some(old) = version_with_hash(root, config, source_rel, &file, recorded) else {
        return unchanged("unknown");
    };
    let diff = similar::capture_diff_slices(similar::Algorithm::Myers, &old, &now_blocks);
    let mut changed = vec![false; now_blocks.len()];
    for op in diff {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            for c in changed.iter_mut().skip(new_index).take(new_len) {
                *c = true;
            }
        }
    }
    Comparison {
        paragraphs: now_blocks
            .into_iter()
            .zip(changed)
            .map(|(text, changed)| Paragraph { text, changed })
            .collect(),
        state: "changed",
        hash,
    }
}

/// A version of the file's history whose fingerprint is `hash` (its blocks), newest first.
fn version_with_hash(
    root: &Path,
    config: &Config,
    rel: &Path,
    file: &Path,
    hash: &str,
) -> Option<Vec<String>> {
    let path = file.to_string_lossy().replace('\\', "/");
    let log = git_output(root, &["log", "--format=%H", "-n", "300", "--", &path]).ok()?;
    for commit in log.lines().filter(|l| !l.is_empty()) {
        let Ok(text) = git_output(root, &["show", &format!("{commit}:{path}")]) else {
            continue;
        };
        if let Some((h, b)) = blocks(config, rel, &text)
            && h == hash
        {
            return Some(b);
        }
    }
    None
}

/// The fingerprint of a source file's text and its paragraphs: title, description, then the
/// body cut at blank lines.
fn blocks(config: &Config, rel: &Path, text: &str) -> Option<(String, Vec<String>)> {
    let source = content::parse_one(
        rel,
        text,
        config,
        config.today(chrono::Utc::now().fixed_offset()),
    )
    .ok()?;
    let hash = source_hash_of_text(text, &source.front)?;
    let mut out = vec![format!("# {}", source.front.title)];
    if let Some(d) = &source.front.description {
        out.push(d.clone());
    }
    let body = source.body.replace("\r\n", "\n");
    out.extend(
        body.split("\n\n")
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(String::from),
    );
    Some((hash, out))
}
