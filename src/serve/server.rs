//! The preview server: the output folder as it is, plus (only here, never in built files) a
//! small live-reload script and its server-sent-events endpoint.

use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

/// The live-reload and error-overlay script.
const LIVE_JS: &str = include_str!("live.js");
/// Where the script and the event stream live; nothing in a site can be at these paths.
pub const LIVE_SCRIPT_PATH: &str = "/__haven/live.js";
/// The event stream.
pub const EVENTS_PATH: &str = "/__haven/events";

/// What the browser is told.
#[derive(Debug, Clone)]
pub enum Message {
    /// Pages changed: reload if showing one of `urls`, or any page when `all`.
    Reload { urls: Vec<String>, all: bool },
    /// The site has errors: show them over the page.
    Errors(serde_json::Value),
    /// The errors are fixed.
    Ok,
}

/// Shared between the watcher and the server.
pub struct Hub {
    tx: broadcast::Sender<Message>,
    /// The errors in force, sent to every page that connects.
    errors: Mutex<Option<serde_json::Value>>,
    /// Becomes `true` when the preview stops: every event stream ends then.
    closed: tokio::sync::watch::Sender<bool>,
}

impl Hub {
    /// A hub with no listeners yet.
    pub fn new() -> Arc<Hub> {
        Arc::new(Hub {
            tx: broadcast::channel(64).0,
            errors: Mutex::new(None),
            closed: tokio::sync::watch::channel(false).0,
        })
    }

    /// Ends every open event stream (and those that connect later), so that a graceful
    /// shutdown is not held by the tabs that have the preview open.
    pub fn close(&self) {
        self.closed.send_replace(true);
    }

    /// Tells every open page.
    pub fn send(&self, m: Message) {
        match &m {
            Message::Errors(e) => {
                *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.clone())
            }
            Message::Ok => *self.errors.lock().unwrap_or_else(|e| e.into_inner()) = None,
            Message::Reload { .. } => {}
        }
        let _ = self.tx.send(m);
    }
}

/// The router: live endpoints, then files from `dir` with the theme's 404 page.
/// tower-http's ServeDir decodes the path and refuses `..`, so nothing outside `dir` is read.
pub fn router(dir: PathBuf, hub: Option<Arc<Hub>>) -> Router {
    let not_found = ServeFile::new(dir.join("404.html"));
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    match hub {
        None => Router::new().fallback_service(files),
        Some(hub) => Router::new()
            .route(LIVE_SCRIPT_PATH, get(live_js))
            .route(EVENTS_PATH, get(events))
            .fallback_service(files)
            .layer(middleware::from_fn(inject_script))
            .with_state(hub),
    }
}

async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
}

async fn events(State(hub): State<Arc<Hub>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = hub
        .errors
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .map(Message::Errors)
        .unwrap_or(Message::Ok);
    let rx = hub.tx.subscribe();
    let updates = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(m) => return Some((m, rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut closed = hub.closed.subscribe();
    let closing = async move {
        let _ = closed.wait_for(|c| *c).await;
    };
    let stream = futures_util::StreamExt::take_until(
        futures_util::StreamExt::map(
            futures_util::StreamExt::chain(futures_util::stream::iter([first]), updates),
            |m| Ok(to_event(m)),
        ),
        Box::pin(closing),
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(m: Message) -> Event {
    match m {
        Message::Reload { urls, all } => Event::default()
            .event("reload")
            .data(serde_json::json!({ "urls": urls, "all": all }).to_string()),
        Message::Errors(e) => Event::default().event("errors").data(e.to_string()),
        Message::Ok => Event::default().event("ok").data("{}"),
    }
}

/// Adds the live script to HTML responses. The files on disk stay exactly as built.
async fn inject_script(req: Request, next: Next) -> Response {
    let is_head = req.method() == axum::http::Method::HEAD;
    let resp = next.run(req).await;
    let is_html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let has_body = !is_head && resp.status() != axum::http::StatusCode::NOT_MODIFIED;
    if !is_html || !has_body {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let tag = format!("<script src=\"{LIVE_SCRIPT_PATH}\" defer></script>");
    match html.rfind("</body>") {
        Some(i) => html.insert_str(i, &tag),
        None => html.push_str(&tag),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Response::from_parts(parts, Body::from(html))
}
