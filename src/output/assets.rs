//! Static files: the theme's and the site's `static/` folders (the site's win), copied as they
//! are; CSS and JS get content-hashed names so browsers can cache them forever.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::fsio::{self, IoError};

/// One file to copy.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Where it is read from.
    pub source: PathBuf,
    /// Where it is written, relative to the output folder (hashed for CSS/JS).
    pub out_rel: PathBuf,
}

/// Collects static files and the logical-name → URL map templates use through `asset()`.
pub fn collect(
    dirs: &[PathBuf],
    base_path: &str,
) -> Result<(Vec<StaticFile>, BTreeMap<String, String>), IoError> {
    let mut by_name: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                by_name.insert(
                    rel.to_string_lossy().replace('\\', "/"),
                    entry.path().to_path_buf(),
                );
            }
        }
    }
    let mut files = Vec::new();
    let mut urls = BTreeMap::new();
    for (name, source) in by_name {
        let out_rel = if is_hashed(&name) {
            let bytes = fsio::read(&source)?;
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
    Ok((files, urls))
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
