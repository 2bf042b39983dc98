//! Haven: a static site builder for public-service information sites.
//!
//! One pipeline, owned by [`build::Build`] (`src/build/mod.rs`), one module per stage, in
//! the order it runs them (docs/architecture.md draws it):
//!
//! 1. [`config`]: `config.toml` → `Config`.
//! 2. [`content`]: every file under `content/` read, front matter parsed through [`fields`]
//!    (every key's place from the TOML/YAML parser, slips said in plain words) → `SourceFile`s.
//! 3. [`site`]: the model (sections, pages, URLs, translations, menus) → `Site`.
//! 4. [`features`]`::needs`: each feature says how it wants bodies rendered → `Needs`.
//! 5. [`markdown`]: each body parsed once, checked by the content rules ([`check`](mod@check)) and
//!    rendered to HTML → `Bodies`.
//! 6. [`features`]`::run`: sessions, resources, publications, languages and search read the
//!    model and bodies → template data, extra pages and files (`Outputs`). Then links and
//!    images are checked against every file the build will write (`build/targets.rs`,
//!    `build/links.rs`).
//! 7. [`render`]: templates loaded; **a page's HTML is made in [`render::page`]**
//!    (`src/render/page.rs`): its context plus each feature's data, through its template.
//! 8. write ([`build`](mod@build), `write.rs`, into an [`output`] sink): pages, the site's other files
//!    (`build/site_files.rs`: feature pages and files, feeds, sitemaps, redirects), static
//!    files. **A session's calendar** is made in `features/sessions/calendar.rs`, handed on in
//!    the sessions feature's `Output::files`, and written there with the rest. The search
//!    index (`features/search/index.rs`) reads each page as the sink takes it.
//!
//! `haven build` runs the pipeline once ([`build()`]), `haven check` writes nowhere
//! ([`check()`]), `haven serve` keeps the `Build` and updates it after each change
//! (`build/update.rs`); [`serve`] is only the file watcher, the HTTP server and the messages to
//! open pages. The in-browser [`editor`], mounted by `serve`, previews unsaved text through the
//! same `Build` ([`Build::preview`]); its saves are files the watcher then hands to
//! `Build::update` like any other save. [`diagnostic`] is the one place problems become words
//! for staff.
//!
//! Below the stages: [`fields`] (TOML and YAML read with positions), [`dates`] (dates as staff
//! write them), [`time_zone`] (IANA zones only), [`phone`] (the one path every phone number
//! goes through, to its `tel:` link), [`fsio`] (file operations that name their path),
//! [`html`] (text made safe for HTML), [`theme`] (where templates and static files are
//! found), [`preview_http`] (the Host names and live script the preview and the editor
//! share); [`init`] makes a new site.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod editor;
pub mod features;
pub mod fields;
pub mod fsio;
pub mod html;
pub mod init;
pub mod markdown;
pub mod output;
pub mod phone;
pub mod preview_http;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod time_zone;

pub use build::{Build, BuildOptions, BuildReport, build, check};
pub use diagnostic::{Diagnostic, Severity};
