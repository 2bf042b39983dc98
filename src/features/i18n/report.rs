//! The translation report `haven check` prints, per language, as warnings at file:line:
//! pages with no translation, translations older than their source, and translations no
//! person has reviewed yet.

use super::{english_name, languages};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::features::Input;
use crate::site::{DocId, Document, Site};

/// The fingerprint of a page's translatable text and facts (title, description, body, and the
/// feature tables such as `[event]` and `[resource]`, whose phone numbers and times must match
/// in every language), as a translation records it in `source_hash`: 12 hex digits of its
/// BLAKE3 hash. Line ends, trailing spaces and comments do not count.
pub fn source_hash(
    title: &str,
    description: Option<&str>,
    body: &str,
    tables: &std::collections::BTreeMap<String, toml::Table>,
) -> String {
    let tables = tables
        .iter()
        .map(|(k, t)| format!("[{k}]\n{}", toml::to_string(t).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n");
    let mut text = String::new();
    for part in [title, description.unwrap_or(""), body, &tables] {
        for line in part.lines() {
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text.push('\u{0}');
    }
    blake3::hash(text.trim_end_matches(['\n', '\u{0}']).as_bytes()).to_hex()[..12].to_string()
}

/// The documents whose current fingerprint a translation compares with its `source_hash`:
/// the source of every translation that records one. Their text is kept for [`check`].
pub fn sources_to_fingerprint(site: &Site, config: &Config) -> Vec<DocId> {
    let default = &config.default_language;
    site.all_docs()
        .into_iter()
        .filter(|id| {
            let doc = site.doc(*id);
            doc.lang() != default && doc.source.body_line > 0 && doc.front().source_hash.is_some()
        })
        .filter_map(|id| source_of(site, default, id))
        .collect()
}

/// The default language's version of a translated document.
fn source_of(site: &Site, default: &str, id: DocId) -> Option<DocId> {
    site.translations_of(id)
        .into_iter()
        .find(|t| site.doc(*t).lang() == default && site.doc(*t).source.body_line > 0)
}

/// The current fingerprint of a source document, from its text as the build loaded it.
fn current_hash(input: &Input<'_>, id: DocId) -> Option<String> {
    let doc = input.site.doc(id);
    Some(source_hash(
        &doc.front().title,
        doc.front().description.as_deref(),
        input.bodies.text(id)?,
        &doc.front().tables,
    ))
}

/// Every translation warning.
pub fn check(input: &Input<'_>) -> Vec<Diagnostic> {
    let (site, config) = (input.site, input.config);
    let default = &config.default_language;
    let langs = languages(site, config);
    let tz = config.tz();
    let mut diags = Vec::new();
    for id in site.all_docs() {
        let doc = site.doc(id);
        if doc.source.body_line == 0 {
            continue;
        }
        let path = &doc.source.display_path;
        let versions = site.translations_of(id);
        if doc.lang() == default {
            for lang in langs.iter().filter(|l| *l != default) {
                if !versions
                    .iter()
                    .any(|t| site.doc(*t).lang() == lang && site.doc(*t).source.body_line > 0)
                {
                    let name = english_name(config, lang);
                    let file = translation_path(doc, lang);
                    diags.push(
                        Diagnostic::warning(path, 1, 1, format!("no {name} translation"))
                            .with_hint(format!("translate it into {file} (with `reviewed = false`); until then {name} readers get a notice that links to this page")),
                    );
                }
            }
            continue;
        }
        // A translation: compare it with its source, the default language's version.
        let Some(source_id) = source_of(site, default, id) else {
            continue;
        };
        let source = site.doc(source_id);
        let name = english_name(config, doc.lang());
        let src_path = source.source.display_path.display();
        let line_of = |key: &str| {
            doc.source
                .front_text
                .line_of(&[key])
                .unwrap_or(doc.source.front_text.first_line)
        };
        if let (Some(su), Some(tu)) = (source.front().updated, doc.front().updated)
            && su.timestamp(tz) > tu.timestamp(tz)
        {
            diags.push(
                    Diagnostic::warning(path, line_of("updated"), 1, format!("{name} translation is older than its source: {src_path} was updated on {}, this translation on {}", su.to_template_string(tz), tu.to_template_string(tz)))
                        .with_hint(format!("bring the translation up to date with {src_path}, then set `updated` to the day you did")),
                );
        }
        if let Some(recorded) = &doc.front().source_hash
            && let Some(now) = current_hash(input, source_id)
            && *recorded != now
        {
            diags.push(
                        Diagnostic::warning(path, line_of("source_hash"), 1, format!("{name} translation is older than its source: {src_path} changed after this translation's `source_hash` was recorded"))
                            .with_hint(format!("bring the translation up to date with {src_path}, then set `source_hash = \"{now}\"`")),
                    );
        }
        if doc.front().reviewed == Some(false) {
            let line = line_of("reviewed");
            diags.push(
                Diagnostic::warning(path, line, 1, format!("{name} translation not reviewed by a person (`reviewed = false`)"))
                    .with_hint(format!("when someone who reads both languages has checked it against {src_path}, set `reviewed = true`")),
            );
        }
        if let (DocId::Section(_), true, false) = (id, source.front().feed, doc.front().feed) {
            diags.push(
                Diagnostic::warning(path, doc.source.front_text.first_line, 1, format!("{src_path} publishes a feed (`feed = true`) but this {name} translation does not"))
                    .with_hint("add `feed = true` so that this language gets its own feed"),
            );
        }
    }
    diags
}

/// `content/about.es.md` for `content/about.md` in `es`.
fn translation_path(doc: &Document, lang: &str) -> String {
    let p = &doc.source.display_path;
    let parent = p
        .parent()
        .map(|d| d.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    format!("{parent}/{}.{lang}.md", doc.source.stem)
}
