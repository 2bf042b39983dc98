//! What a changed path is to the site (content, template, static file, config) and which
//! templates use which.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;

pub(super) enum Kind {
    Config,
    Markdown(PathBuf),
    ContentAsset(PathBuf),
    Template(String),
    Static,
    Other,
}

pub(super) fn classify(rel: &Path, theme: &str) -> Kind {
    if rel == Path::new(CONFIG_FILE) {
        return Kind::Config;
    }
    let hidden = rel
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.') || n.ends_with('~') || n.ends_with(".haven-tmp"));
    if hidden {
        return Kind::Other;
    }
    if let Ok(c) = rel.strip_prefix(CONTENT_DIR) {
        return if c.extension().is_some_and(|e| e == "md") {
            Kind::Markdown(c.to_path_buf())
        } else {
            Kind::ContentAsset(c.to_path_buf())
        };
    }
    let theme_dir = Path::new("themes").join(theme);
    // The theme's strings (i18n/<lang>.toml) are read with the templates: rebuild everything.
    if rel.starts_with(theme_dir.join(crate::features::i18n::strings::DIR)) {
        return Kind::Config;
    }
    for dir in [theme_dir.join("templates"), PathBuf::from("templates")] {
        if let Ok(t) = rel.strip_prefix(&dir) {
            return Kind::Template(t.to_string_lossy().replace('\\', "/"));
        }
    }
    if rel.starts_with(theme_dir.join("static")) || rel.starts_with("static") {
        return Kind::Static;
    }
    Kind::Other
}

/// For each template, every template it uses through `extends`, `include` or `import`,
/// directly or indirectly. Names are found as quoted strings naming another template, which
/// over-approximates (a harmless extra re-render) but never misses one.
pub(super) fn template_closures(
    root: &Path,
    config: &crate::config::Config,
) -> HashMap<String, BTreeSet<String>> {
    let mut sources: HashMap<String, String> = HashMap::new();
    for dir in crate::theme::template_dirs(root, config) {
        for e in walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let name = e
                .path()
                .strip_prefix(&dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            sources.insert(name, std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    let direct: HashMap<String, BTreeSet<String>> = sources
        .iter()
        .map(|(name, text)| {
            let uses = sources
                .keys()
                .filter(|other| *other != name && text.contains(&format!("\"{other}\"")))
                .cloned()
                .collect();
            (name.clone(), uses)
        })
        .collect();
    direct
        .keys()
        .map(|name| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![name.clone()];
            while let Some(n) = stack.pop() {
                for u in direct.get(&n).into_iter().flatten() {
                    if seen.insert(u.clone()) {
                        stack.push(u.clone());
                    }
                }
            }
            (name.clone(), seen)
        })
        .collect()
}
