//! The editor's routes under `/__haven/edit/`, the check every request passes first, the
//! headers every answer carries, and the "Edit this page" link added to preview pages.

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value as Json;

use super::security::EDIT_PREFIX;
use super::words::{self, w};
use super::{Editor, images, pages, publishing};

const CSS: &str = include_str!("assets/editor.css");
const JS: &str = include_str!("assets/editor.js");
const LINK_JS: &str = include_str!("assets/link.js");

/// The templates of the editor's screens.
pub fn templates() -> tera::Tera {
    let mut t = tera::Tera::new();
    let all = [
        ("base.html", include_str!("templates/base.html")),
        ("dashboard.html", include_str!("templates/dashboard.html")),
        ("page.html", include_str!("templates/page.html")),
        ("field.html", include_str!("templates/field.html")),
        ("leaf.html", include_str!("templates/leaf.html")),
        ("conflict.html", include_str!("templates/conflict.html")),
        (
            "translate_new.html",
            include_str!("templates/translate_new.html"),
        ),
        ("publish.html", include_str!("templates/publish.html")),
        ("message.html", include_str!("templates/message.html")),
    ];
    // The templates are part of the program: a mistake in one is caught by the tests.
    if let Err(e) = t.add_raw_templates(all) {
        panic!("editor templates: {e}");
    }
    t
}

/// The preview's router with the editor in front of it: the editor's routes, then every other
/// request to the preview. The preview's live script (added to its pages as they are sent)
/// also puts the "Edit this page" link on them while the editor is on.
pub fn mount(preview: Router, editor: Arc<Editor>) -> Router {
    let p = |s: &str| format!("{EDIT_PREFIX}{s}");
    let routes_hosts = editor.access.hosts().clone();
    let routes = Router::new()
        .route(&p("/"), get(pages::dashboard))
        .route(&p("/open"), get(pages::open))
        .route(&p("/page"), get(pages::page_get).post(pages::page_post))
        .route(&p("/new"), get(pages::new_get).post(pages::new_post))
        .route(&p("/api/preview"), post(pages::api_preview))
        .route(&p("/api/save"), post(pages::api_save))
        .route(&p("/convert"), post(pages::convert))
        .route(
            &p("/api/image"),
            post(publishing::api_image)
                .layer(DefaultBodyLimit::max(images::MAX_UPLOAD + 1024 * 1024)),
        )
        .route(
            &p("/translate"),
            get(publishing::translate_get).post(publishing::translate_post),
        )
        .route(
            &p("/publish"),
            get(publishing::publish_get).post(publishing::publish_post),
        )
        .route(&p("/assets/editor.css"), get(css))
        .route(&p("/assets/editor.js"), get(js))
        .route(crate::preview_http::LIVE_SCRIPT_PATH, get(live_js))
        .route(
            &p(""),
            get(|| async { redirect(&format!("{EDIT_PREFIX}/")) }),
        )
        .route_layer(middleware::from_fn_with_state(editor.clone(), guard))
        .with_state(editor);
    // The preview's own Host check comes first, for the editor as for every preview page:
    // one check, one refusal in the same words.
    let hosts = routes_hosts.clone();
    routes
        .fallback_service(preview)
        .layer(middleware::from_fn_with_state(
            hosts,
            crate::preview_http::host::check,
        ))
}

/// Every editor request: `Host`, token and (for writes) `Origin`, before anything is read.
async fn guard(State(ed): State<Arc<Editor>>, req: Request, next: Next) -> Response {
    let query_token = req.uri().query().and_then(|q| {
        url::form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "token")
            .map(|(_, v)| v.into_owned())
    });
    let is_link_script = req.uri().path() == crate::preview_http::LIVE_SCRIPT_PATH;
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let verdict = if is_link_script {
        // The live script is on every preview page and tells nothing: only the host matters.
        if ed.access.host_ok(host) {
            Ok(())
        } else {
            Err(super::security::Refusal::Host)
        }
    } else {
        ed.access
            .check(req.method(), req.headers(), query_token.as_deref())
    };
    if let Err(refusal) = verdict {
        let mut r = (StatusCode::FORBIDDEN, w(refusal.words_key())).into_response();
        secure_headers(&mut r);
        return r;
    }
    let signing_in = query_token.is_some() && req.method() == axum::http::Method::GET;
    let mut resp = if signing_in {
        // Trade the token in the address for the cookie, and take it out of the address bar.
        let mut r = redirect(req.uri().path());
        if let Ok(v) = HeaderValue::from_str(&ed.access.set_cookie()) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r
    } else {
        next.run(req).await
    };
    secure_headers(&mut resp);
    resp
}

/// What every editor answer carries: nothing loaded from elsewhere, never framed by another
/// page, never cached, no address sent to another site.
fn secure_headers(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; frame-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; frame-ancestors 'none'; object-src 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: without a referrer, browsers send `Origin: null` with
    // form posts, and the Origin check would refuse the editor's own forms.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// A 303 to `to` (after a POST, the browser asks for the page with GET).
pub fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

impl Editor {
    /// Renders one of the editor's screens with the words, the editor's address and the
    /// site's title in its context.
    pub fn render(&self, template: &str, status: StatusCode, mut ctx: Json) -> Response {
        if let Some(o) = ctx.as_object_mut() {
            o.insert(
                "w".into(),
                serde_json::to_value(words::all()).unwrap_or_default(),
            );
            o.insert("prefix".into(), Json::from(EDIT_PREFIX));
            let js: serde_json::Map<String, Json> = words::all()
                .iter()
                .filter(|(k, _)| k.starts_with("js_"))
                .map(|(k, v)| (k.clone(), Json::from(v.clone())))
                .collect();
            o.insert("js_words".into(), Json::from(Json::Object(js).to_string()));
            o.entry("site_title")
                .or_insert_with(|| Json::from(self.config().map(|c| c.title).unwrap_or_default()));
        }
        let html =
            tera::Context::from_serialize(&ctx).and_then(|c| self.templates.render(template, &c));
        match html {
            Ok(html) => (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("{}: {e:?}", w("internal_error")),
            )
                .into_response(),
        }
    }

    /// A short screen with a heading and a sentence (something was refused or went wrong).
    pub fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        self.render(
            "message.html",
            status,
            serde_json::json!({ "title": title, "text": text }),
        )
    }

    /// The page shown when the site's settings do not load, so nothing can be edited yet.
    pub fn site_broken(&self) -> Response {
        self.message(
            StatusCode::OK,
            &w("site_broken_title"),
            &w("site_broken_text"),
        )
    }
}

async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
}

/// The preview's live script, followed by the "Edit this page" link.
async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!(
            "{}\n{}",
            crate::preview_http::LIVE_JS,
            LINK_JS.replace("EDIT_LABEL", &w("edit_this_page"))
        ),
    )
}
