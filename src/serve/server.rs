//! The preview server: the output folder as it is, plus (only here, never in built files) a
//! small live-reload script and its server-sent-events endpoint.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::net::TcpListener;
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

use super::inject;
use crate::preview_http::host::{self, Hosts};
pub use crate::preview_http::{LIVE_JS, LIVE_SCRIPT_PATH};

/// The event stream (beside the live script; nothing in a site can be at these paths).
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

/// The router: live endpoints, then files from `dir` with the theme's 404 page, answering
/// only to the names a preview listening on `local` may be asked for ([`Hosts`]).
/// tower-http's ServeDir decodes the path and refuses `..`, so nothing outside `dir` is read.
pub fn router(dir: PathBuf, hub: Option<Arc<Hub>>, local: SocketAddr) -> Router {
    let not_found = ServeFile::new(dir.join("404.html"));
    let guard = dir.clone();
    let files = Router::new()
        .fallback_service(
            ServeDir::new(dir)
                .append_index_html_on_directories(true)
                .not_found_service(not_found),
        )
        .layer(middleware::from_fn(move |req, next| {
            super::links::refuse_links(guard.clone(), req, next)
        }));
    let app = match hub {
        None => files,
        Some(hub) => Router::new()
            .route(LIVE_SCRIPT_PATH, get(live_js))
            .route(EVENTS_PATH, get(events))
            .fallback_service(files)
            .layer(middleware::from_fn(inject_script))
            .with_state(hub),
    };
    app.layer(middleware::from_fn_with_state(
        Hosts::for_address(local),
        host::check,
    ))
}

/// How long a connection may take to send a request's headers, and may stay open between
/// requests: a browser sends them at once, while a connection that trickles them (or sends
/// nothing) would otherwise hold a task and a socket for ever.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `stop` completes, then lets each open connection finish
/// the response it is sending. Written on hyper itself rather than `axum::serve`, which
/// gives hyper no timer, and without a timer hyper's header timeout is off.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let (closing, closed) = tokio::sync::watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    eprintln!("The preview could not accept a connection: {e}");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = closed.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
    }
    drop(listener);
    drop(closed);
    closing.send_replace(());
    // Every connection task holds a receiver: this returns once they have all ended.
    closing.closed().await;
    Ok(())
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
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
///
/// A page is always sent whole: a range of it (`Range: bytes=…`) would no longer match the
/// page with the script added, so a range request for a page is answered as a plain one,
/// and pages do not advertise ranges. Other files keep their ranges (videos seek).
async fn inject_script(req: Request, next: Next) -> Response {
    let is_head = req.method() == axum::http::Method::HEAD;
    let plain = req.headers().contains_key(header::RANGE).then(|| {
        let mut plain = Request::new(Body::empty());
        *plain.method_mut() = req.method().clone();
        *plain.uri_mut() = req.uri().clone();
        *plain.version_mut() = req.version();
        *plain.headers_mut() = req.headers().clone();
        plain.headers_mut().remove(header::RANGE);
        plain.headers_mut().remove(header::IF_RANGE);
        plain
    });
    let resp = next.clone().run(req).await;
    // A range past a page's end is refused (416) without saying the file is a page.
    let unsatisfiable = resp.status() == axum::http::StatusCode::RANGE_NOT_SATISFIABLE;
    let resp = match plain {
        Some(plain) if is_html(&resp) || unsatisfiable => {
            let whole = next.run(plain).await;
            if is_html(&whole) { whole } else { resp }
        }
        _ => resp,
    };
    if !is_html(&resp) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    parts.headers.remove(header::ACCEPT_RANGES);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let has_body = !is_head && parts.status != axum::http::StatusCode::NOT_MODIFIED;
    if !has_body {
        return Response::from_parts(parts, body);
    }
    Response::from_parts(parts, Body::from_stream(inject::with_script(body)))
}

fn is_html(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}
