//! The theme's folders: where templates and static files are found. A site's own `templates/`
//! and `static/` override the theme's (`themes/<theme>/…`) file by file.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// Where templates are looked up, in override order: `themes/<theme>/templates`, then
/// `templates`.
pub fn template_dirs(root: &Path, config: &Config) -> [PathBuf; 2] {
    [
        root.join("themes").join(&config.theme).join("templates"),
        root.join("templates"),
    ]
}

/// The theme's and the site's `static/` folders, in override order.
pub fn static_dirs(root: &Path, config: &Config) -> [PathBuf; 2] {
    [
        root.join("themes").join(&config.theme).join("static"),
        root.join("static"),
    ]
}

/// Whether the theme (or the site's own `templates/`) has the template `name`.
pub fn has_template(root: &Path, config: &Config, name: &str) -> bool {
    template_dirs(root, config)
        .iter()
        .any(|d| d.join(name).is_file())
}
