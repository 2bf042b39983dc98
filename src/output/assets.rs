//! Static files: the theme's and the site's `static/` folders (the site's win), copied as they
//! are; CSS and JS get content-hashed names so browsers can cache them forever.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::fsio;

/// One file to copy.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it is read from.
    pub source: PathBuf,
    /// Where it is written, relative to the output folder (hashed for CSS/JS).
    pub out_rel: PathBuf,
}

/// What [`collect`] finds: the files, the logical-name → URL map, and the warnings.
pub type Collected = (Vec<StaticFile>, BTreeMap<String, String>, Vec<Diagnostic>);

/// Collects static files and the logical-name → URL map templates use through `asset()`.
/// `dirs` are folders inside the site folder `root`; links in them are never followed (see
/// [`crate::content::sources`]). Returns the warnings found too, or every problem when one is an error.
pub fn collect(
    root: &Path,
    dirs: &[PathBuf],
    base_path: &str,
) -> Result<Collected, Vec<Diagnostic>> {
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut problems = Vec::new();
    for dir in dirs {
        let walk = crate::content::sources::walk(root, dir, |_| false);
        problems.extend(walk.problems);
        for path in walk.files {
            let rel = path.strip_prefix(dir).unwrap_or(&path);
            by_name.insert(rel.to_string_lossy().replace('\\', "/"), path.clone());
        }
    }
    if problems.iter().any(Diagnostic::is_error) {
        return Err(problems);
    }
    let mut files = Vec::new();
    let mut urls = BTreeMap::new();
    for (name, source) in by_name {
        let out_rel = if is_hashed(&name) {
            let bytes = fsio::read(&source)
                .map_err(|e| vec![Diagnostic::error(&e.path, 0, 0, e.to_string())])?;
            let hash = blake3::hash(&bytes).to_hex();
            hashed_name(&name, &hash[..10])
        } else {
            name.clone()
        };
        urls.insert(name.clone(), format!("{base_path}/{out_rel}"));
        files.push(StaticFile {
            source,
            out_rel: PathBuf::from(out_rel),
        });
    }
    Ok((files, urls, problems))
}

fn is_hashed(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

/// `css/style.css` + hash → `css/style.0123abcd.css`.
fn hashed_name(name: &str, hash: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed() {
        assert_eq!(
            super::hashed_name("css/style.css", "abc"),
            "css/style.abc.css"
        );
    }
}
