//! Haven: a static site builder for public-service information sites.
//!
//! One pipeline, owned by [`build::Build`] (`src/build/mod.rs`), one module per stage, in
//! the order it runs them (docs/architecture.md draws it):
//!
//! 1. [`config`]: `config.toml` → `Config`.
//! 2. [`content`]: every file under `content/` read, front matter parsed → `SourceFile`s.
//! 3. [`site`]: the model (sections, pages, URLs, translations, menus) → `Site`.
//! 4. [`features`]`::needs`: each feature says how it wants bodies rendered → `Needs`.
//! 5. [`markdown`]: each body parsed once, checked by the content rules ([`check`](mod@check)) and
//!    rendered to HTML → `Bodies`.
//! 6. [`features`]`::run`: sessions, resources, publications, languages read the model and
//!    bodies → template data, extra pages and files (`Outputs`).
//! 7. [`render`]: templates loaded; **a page's HTML is made in [`render::page`]**
//!    (`src/render/page.rs`): its context plus each feature's data, through its template.
//! 8. write ([`build`](mod@build), `write.rs`, into an [`output`] sink): pages, the site's other files
//!    (`build/site_files.rs`: feature pages and files, feeds, sitemaps, redirects), static
//!    files. **A session's calendar** is made in `features/sessions/calendar.rs`, handed on in
//!    the sessions feature's `Output::files`, and written there with the rest.
//!
//! `haven build` runs the pipeline once ([`build()`]), `haven check` writes nowhere
//! ([`check()`]), `haven serve` keeps the `Build` and updates it after each change
//! (`build/update.rs`); [`serve`] is only the file watcher, the HTTP server and the messages to
//! open pages. [`diagnostic`] is the one place problems become words for staff.
//!
//! Below the stages: [`dates`] (dates as staff write them), [`fsio`] (file operations that
//! name their path), [`html`] (text made safe for HTML), [`theme`] (where templates and static
//! files are found); [`init`] makes a new site.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod features;
pub mod fields;
pub mod fsio;
pub mod html;
pub mod init;
pub mod markdown;
pub mod output;
pub mod phone;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod time_zone;

pub use build::{Build, BuildOptions, BuildReport, build, check};
pub use diagnostic::{Diagnostic, Severity};
