//! Haven: a static site builder for public-service information sites.
//!
//! The pipeline, one module per stage, in the order `build::run` calls them:
//! `config` → `content` (load files, parse front matter) → `site` (the model: sections, pages,
//! URLs) → `markdown` (render bodies, resolve links) → `render` (templates) → `output`
//! (staging folder, feeds, sitemap, assets, atomic swap). `check` reads without writing;
//! `serve` previews. `diagnostic` is the one place errors become words for staff.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod diagnostic;
pub mod features;
pub mod fsio;
pub mod html;
pub mod init;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;

pub use build::{BuildOptions, BuildReport, build, check};
pub use diagnostic::{Diagnostic, Severity};
