//! Images, translations and publishing: the editor's screens that add files or send them on.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Form;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::front::FormValues;
use super::http::redirect;
use super::pages::page_url;
use super::publish::{self, GitError};
use super::save::{self, SaveError};
use super::words::{fill, w};
use super::{Editor, images, paths, translate};
use crate::content::CONTENT_DIR;

type Params = Query<HashMap<String, String>>;

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `POST /api/image?path=page.md&name=photo.jpg&alt=…` with the picture as the body: stores it
/// without its hidden data and answers the Markdown to insert.
pub async fn api_image(State(ed): State<Arc<Editor>>, Query(q): Params, body: Bytes) -> Response {
    blocking(move || {
        let fail = |status: StatusCode, message: String| {
            (status, axum::Json(json!({"message": message}))).into_response()
        };
        let page = match paths::page(q.get("path").map(String::as_str).unwrap_or("")) {
            Ok(p) => p,
            Err(e) => return fail(StatusCode::BAD_REQUEST, e.to_string()),
        };
        let decorative = q
            .get("decorative")
            .is_some_and(|v| v == "true" || v == "on");
        let alt = q.get("alt").map(String::as_str).unwrap_or("");
        let name = q.get("name").map(String::as_str).unwrap_or("image");
        match images::store(&ed.root, &page, name, &body, alt, decorative) {
            Ok(stored) => axum::Json(json!({
                "markdown": stored.markdown,
                "file": stored.file,
                "message": fill("image_stored", &[("file", &stored.file)]),
            }))
            .into_response(),
            Err(e) => fail(StatusCode::BAD_REQUEST, e.to_string()),
        }
    })
    .await
}

/// `GET /translate?path=about.md&lang=es`: the translation's form, or the offer to start one.
pub async fn translate_get(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    blocking(move || {
        let (config, rel, lang) = match target(&ed, &q) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let t = super::dashboard::translation_path(&rel, &lang);
        let ts = t.to_string_lossy().replace('\\', "/");
        if ed.root.join(CONTENT_DIR).join(&t).is_file() {
            return redirect(&page_url(&ts));
        }
        let language = crate::features::i18n::english_name(&config, &lang);
        ed.render(
            "translate_new.html",
            StatusCode::OK,
            json!({
                "title": fill("translate_new_title", &[("language", &language)]),
                "text": fill("translate_new_text", &[("language", &language), ("source", &format!("content/{}", rel.display())), ("file", &format!("content/{ts}"))]),
                "action": format!("{}/translate?{}", super::EDIT_PREFIX, url::form_urlencoded::Serializer::new(String::new()).append_pair("path", &rel.to_string_lossy()).append_pair("lang", &lang).finish()),
                "button": fill("translate_new_button", &[("language", &language)]),
                "source_url": page_url(&rel.to_string_lossy()),
            }),
        )
    })
    .await
}

// The error is the answer to send at once (a refusal); it is built once per request.
#[allow(clippy::result_large_err)]
/// The site's settings, the page (`?path=`) and the language (`?lang=`) a translation request
/// is for, or the answer to send (the site does not load, no such page, no such language).
fn target(
    ed: &Editor,
    q: &HashMap<String, String>,
) -> Result<(crate::config::Config, std::path::PathBuf, String), Response> {
    let Some(config) = ed.config() else {
        return Err(ed.site_broken());
    };
    let (rel, _) = paths::existing_page(&ed.root, q.get("path").map(String::as_str).unwrap_or(""))
        .map_err(|e| {
            ed.message(
                StatusCode::BAD_REQUEST,
                &w("refused_path_title"),
                &e.to_string(),
            )
        })?;
    let lang = q.get("lang").cloned().unwrap_or_default();
    if lang == config.default_language || !config.has_language(&lang) {
        return Err(ed.message(
            StatusCode::BAD_REQUEST,
            &w("translate_bad_language_title"),
            &w("translate_bad_language_text"),
        ));
    }
    Ok((config, rel, lang))
}

/// `POST /translate?path=about.md&lang=es`: writes the new translation, then opens it.
pub async fn translate_post(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    blocking(move || {
        let (config, rel, lang) = match target(&ed, &q) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let content = ed.root.join(CONTENT_DIR);
        let source_text = std::fs::read_to_string(content.join(&rel)).unwrap_or_default();
        let text = match translate::new_translation(&source_text, &config, &rel, ed.today(&config))
        {
            Ok(t) => t,
            Err(e) => return ed.message(StatusCode::BAD_REQUEST, &w("save_failed_title"), &e),
        };
        let t = super::dashboard::translation_path(&rel, &lang);
        let full = match paths::inside(&content, &t) {
            Ok(f) => f,
            Err(e) => {
                return ed.message(
                    StatusCode::BAD_REQUEST,
                    &w("refused_path_title"),
                    &e.to_string(),
                );
            }
        };
        match save::create(&full, &text) {
            Ok(_) | Err(SaveError::Exists(_)) => redirect(&format!(
                "{}&created=1",
                page_url(&t.to_string_lossy().replace('\\', "/"))
            )),
            Err(e) => ed.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                &w("save_failed_title"),
                &e.to_string(),
            ),
        }
    })
    .await
}

/// The errors in force in the whole site (publishing waits until there are none).
fn site_errors(ed: &Editor) -> Vec<serde_json::Value> {
    let live = ed.lock();
    match live.as_ref() {
        Some(l) => l
            .errors()
            .iter()
            .map(|d| {
                let rel = d.path.strip_prefix(CONTENT_DIR).unwrap_or(&d.path).to_string_lossy().replace('\\', "/");
                json!({"text": d.to_string(), "href": d.path.starts_with(CONTENT_DIR).then(|| page_url(&rel))})
            })
            .collect(),
        None => vec![json!({"text": w("site_broken_text"), "href": null})],
    }
}

fn change_words(c: &publish::Change) -> serde_json::Value {
    json!({"what": w(&format!("change_{}", c.what)), "path": c.path, "kind": c.what})
}

fn publish_view(ed: &Editor, outcome: Option<serde_json::Value>, status: StatusCode) -> Response {
    let errors = site_errors(ed);
    let state = publish::state(&ed.root);
    let ctx = match state {
        Ok(st) => json!({
            "title": w("publish_title"),
            "repo": true,
            "changes": st.changes.iter().map(change_words).collect::<Vec<_>>(),
            "other": st.other,
            "remote": st.remote,
            "name": st.name,
            "email": st.email,
            "merging": st.merging,
            "errors": errors,
            "outcome": outcome,
        }),
        Err(e) => json!({
            "title": w("publish_title"),
            "repo": false,
            "problem": e.to_string(),
            "advice": w(e.advice_key()),
            "errors": errors,
            "outcome": outcome,
        }),
    };
    ed.render("publish.html", status, ctx)
}

/// `GET /publish`: what changed since the last publish.
pub async fn publish_get(State(ed): State<Arc<Editor>>) -> Response {
    blocking(move || publish_view(&ed, None, StatusCode::OK)).await
}

/// `POST /publish`: commit and push (`action=bring-in`: merge others' changes first).
pub async fn publish_post(
    State(ed): State<Arc<Editor>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    blocking(move || {
        let form = FormValues(fields);
        if !site_errors(&ed).is_empty() {
            let outcome = json!({"ok": false, "problem": w("publish_refused_errors"), "advice": w("publish_refused_errors_advice")});
            return publish_view(&ed, Some(outcome), StatusCode::CONFLICT);
        }
        let result = if form.last("action") == Some("bring-in") {
            publish::bring_in_and_publish(&ed.root)
        } else {
            publish::publish(
                &ed.root,
                form.last("message").unwrap_or(""),
                form.last("name").unwrap_or(""),
                form.last("email").unwrap_or(""),
            )
        };
        let (outcome, status) = match result {
            Ok(p) => (
                json!({
                    "ok": true,
                    "problem": match &p.commit {
                        Some(c) => fill("publish_done", &[("commit", c), ("remote", &p.remote)]),
                        None => fill("publish_done_nothing_new", &[("remote", &p.remote)]),
                    },
                    "commit": p.commit,
                }),
                StatusCode::OK,
            ),
            Err(e) => {
                let files = match &e {
                    GitError::Conflict(f) => f.clone(),
                    _ => Vec::new(),
                };
                (
                    json!({
                        "ok": false,
                        "problem": e.to_string(),
                        "advice": w(e.advice_key()),
                        "rejected": e == GitError::Rejected,
                        "files": files,
                    }),
                    StatusCode::BAD_GATEWAY,
                )
            }
        };
        publish_view(&ed, Some(outcome), status)
    })
    .await
}
