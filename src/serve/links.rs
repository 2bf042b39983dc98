//! The preview never answers with a file reached through a link (a symbolic link) in the
//! output folder: Haven never writes links there, so one is something else's, and it may point
//! anywhere on the computer (`public/leak.txt -> /etc/passwd`).

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Answers 404 when any part of the requested path under `dir` (or the `index.html` a folder
/// is answered with, or the 404 page) is a link; otherwise passes the request on.
pub(super) async fn refuse_links(dir: PathBuf, req: Request, next: Next) -> Response {
    if goes_through_link(&dir, req.uri().path()) {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    }
    next.run(req).await
}

fn goes_through_link(dir: &Path, url_path: &str) -> bool {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8_lossy();
    let is_link = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    let mut p = dir.to_path_buf();
    for part in decoded.split(['/', '\\']).filter(|s| !s.is_empty()) {
        p.push(part);
        if is_link(&p) {
            return true;
        }
    }
    (p.is_dir() && is_link(&p.join("index.html"))) || is_link(&dir.join("404.html"))
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn links_are_refused() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("a")).unwrap();
        std::fs::write(d.path().join("a/index.html"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", d.path().join("leak.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", d.path().join("etc")).unwrap();
        assert!(!super::goes_through_link(d.path(), "/a/"));
        assert!(super::goes_through_link(d.path(), "/leak.txt"));
        assert!(super::goes_through_link(d.path(), "/etc/passwd"));
        assert!(super::goes_through_link(d.path(), "/%65tc/passwd"));
    }
}
