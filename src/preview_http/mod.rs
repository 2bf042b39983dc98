//! What the preview server (`serve`) and the editor mounted in it (`editor`) both answer
//! with: the `Host` names they accept (`host.rs`), and the live script every preview page
//! loads. Kept below both so that `serve` mounts the editor without the editor reaching back
//! into `serve`.

pub mod host;

/// The live-reload and error-overlay script.
pub const LIVE_JS: &str = include_str!("live.js");
/// Where the script lives; nothing in a site can be at this path.
pub const LIVE_SCRIPT_PATH: &str = "/__haven/live.js";
