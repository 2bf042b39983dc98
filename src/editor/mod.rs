//! The editor inside `haven serve` (`/__haven/edit/`): staff find a page, change it in a form
//! built from the front matter the build parses, see it rendered by the real pipeline as they
//! type with the checks' problems next to their fields, save it without losing anything, add
//! images without their hidden location data, translate side by side, and publish with git.
//! Only on this computer, behind a per-run token (see `security`).

pub mod create;
pub mod dashboard;
pub mod forms;
pub mod front;
pub mod images;
pub mod paths;
pub mod preview;
pub mod publish;
pub mod problems;
pub mod save;
pub mod schema;
pub mod security;
pub mod translate;
pub mod words;
