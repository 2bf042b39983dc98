//! `haven serve`: builds the site and serves it on 127.0.0.1 for preview.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The router that serves `dir`: files as they are, `/about/` as `about/index.html`, the
/// theme's 404 page for anything else. tower-http refuses `..` and other escapes.
pub fn router(dir: PathBuf) -> Router {
    let not_found = ServeFile::new(dir.join("404.html"));
    Router::new().fallback_service(ServeDir::new(dir).append_index_html_on_directories(true).not_found_service(not_found))
}

/// Serves `dir` at `addr` until Ctrl-C.
pub fn serve(dir: PathBuf, addr: SocketAddr) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        println!("Serving {} at http://{local}/ (Ctrl-C to stop)", dir.display());
        axum::serve(listener, router(dir))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
