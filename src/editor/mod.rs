//! The editor inside `haven serve` (`/__haven/edit/`): staff find a page, change it in a form
//! built from the front matter the build parses, see it rendered by the real pipeline as they
//! type with the checks' problems next to their fields, save it without losing anything, add
//! images without their hidden location data, translate side by side, and publish with git.
//! Only on this computer, behind a per-run token (see `security`).

pub mod create;
pub mod dashboard;
pub mod forms;
pub mod front;
mod http;
pub mod images;
mod pages;
pub mod paths;
pub mod preview;
pub mod problems;
pub mod publish;
mod publishing;
pub mod save;
pub mod schema;
pub mod security;
pub mod translate;
pub mod words;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::build::Build;
use crate::config::Config;
pub use http::mount;
pub use security::{Access, EDIT_PREFIX};

/// The live site `haven serve` keeps, shared by its watcher and the editor (`None` while the
/// site has errors that keep it from being built at all).
pub type SharedSite = Arc<Mutex<Option<Build>>>;

/// Everything the editor's requests need.
pub struct Editor {
    /// The site folder.
    pub root: PathBuf,
    /// Who may use it.
    pub access: Access,
    /// The live site.
    pub site: SharedSite,
    /// The preview shows drafts (`--drafts`).
    pub drafts: bool,
    templates: tera::Tera,
}

impl Editor {
    /// An editor for the site at `root`.
    pub fn new(root: PathBuf, access: Access, site: SharedSite, drafts: bool) -> Arc<Editor> {
        Arc::new(Editor {
            root,
            access,
            site,
            drafts,
            templates: http::templates(),
        })
    }

    /// The site's settings (from the live site when there is one).
    pub fn config(&self) -> Option<Config> {
        if let Some(live) = self.lock().as_ref() {
            return Some(live.config().clone());
        }
        Config::load(&self.root).ok()
    }

    /// The live site, locked (a panic elsewhere does not lock the editor out).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Option<Build>> {
        self.site.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Today in the site's time zone (`HAVEN_NOW` fixes it in tests).
    pub fn today(&self, config: &Config) -> chrono::NaiveDate {
        crate::dates::now()
            .ok()
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset())
            .with_timezone(&config.tz())
            .date_naive()
    }
}
