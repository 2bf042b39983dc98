//! The dashboard and the page form: opening, previewing, saving and creating pages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

use super::create::NewKind;
use super::front::{FormValues, PageText};
use super::http::redirect;
use super::save::{self, SaveError};
use super::security::EDIT_PREFIX;
use super::words::{fill, w};
use super::{Editor, dashboard, forms, paths, preview, problems, schema};
use crate::content::CONTENT_DIR;

type Params = Query<HashMap<String, String>>;
type Fields = Form<Vec<(String, String)>>;

/// Runs blocking work (the build, the disk) off the server's threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => v,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `GET /__haven/edit/`: every page, by section, with what needs attention.
pub async fn dashboard(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    blocking(move || {
        let Some(config) = ed.config() else {
            return ed.message(
                StatusCode::OK,
                &w("site_broken_title"),
                &w("site_broken_text"),
            );
        };
        let filter = q.get("filter").map(String::as_str).unwrap_or("all");
        let sections = {
            let live = ed.lock();
            dashboard::sections(&ed.root, live.as_ref(), &config)
        };
        let (mut errors, mut warnings, mut pages) = (0, 0, 0);
        let shown: Vec<Json> = sections
            .into_iter()
            .filter_map(|mut s| {
                pages += s.rows.len();
                errors += s.rows.iter().map(|r| r.errors).sum::<usize>();
                warnings += s.rows.iter().map(|r| r.warnings).sum::<usize>();
                s.rows.retain(|r| match filter {
                    "problems" => r.has_problems(),
                    "review" => r.needs_review(),
                    _ => true,
                });
                if s.rows.is_empty() {
                    return None;
                }
                let mut v = json!(s);
                for (row, r) in v["rows"].as_array_mut()?.iter_mut().zip(&s.rows) {
                    row["href"] = json!(page_url(&r.path));
                    for (tj, t) in row["translations"]
                        .as_array_mut()?
                        .iter_mut()
                        .zip(&r.translations)
                    {
                        tj["href"] = json!(match &t.path {
                            Some(p) => page_url(p),
                            None => translate_url(&r.path, &t.lang),
                        });
                    }
                }
                Some(v)
            })
            .collect();
        let summary = fill(
            "dash_summary",
            &[
                ("pages", &pages.to_string()),
                ("counts", &crate::diagnostic::counts(errors, warnings)),
            ],
        );
        ed.render(
            "dashboard.html",
            StatusCode::OK,
            json!({
                "title": w("dash_title"),
                "sections": shown,
                "filter": filter,
                "summary": summary,
                "has_errors": errors > 0,
                "drafts_shown": ed.drafts,
                "review_interval": config.review_interval_days,
            }),
        )
    })
    .await
}

/// `GET /open?url=/about/`: the form of the page at that address ("Edit this page").
pub async fn open(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    let url = q.get("url").cloned().unwrap_or_default();
    let found = {
        let live = ed.lock();
        live.as_ref().and_then(|l| {
            let site = &l.prepared().site;
            let want = url.split(['?', '#']).next().unwrap_or("");
            let want = if want.ends_with('/') || want.ends_with(".html") {
                want.to_string()
            } else {
                format!("{want}/")
            };
            let want = want.strip_suffix("index.html").unwrap_or(&want).to_string();
            site.all_docs()
                .into_iter()
                .map(|id| site.doc(id))
                .find(|d| d.url == want && d.source.body_line > 0)
                .map(|d| d.source.rel_path.to_string_lossy().replace('\\', "/"))
        })
    };
    match found {
        Some(rel) => redirect(&page_url(&rel)),
        None => ed.message(
            StatusCode::NOT_FOUND,
            &w("open_not_found_title"),
            &fill("open_not_found_text", &[("url", &url)]),
        ),
    }
}

/// The address of a page's form.
pub fn page_url(rel: &str) -> String {
    let q: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("path", rel)
        .finish();
    format!("{EDIT_PREFIX}/page?{q}")
}

/// The address that starts a translation of `rel` into `lang`.
pub fn translate_url(rel: &str, lang: &str) -> String {
    let q: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("path", rel)
        .append_pair("lang", lang)
        .finish();
    format!("{EDIT_PREFIX}/translate?{q}")
}

/// What a form is for.
#[derive(Debug, Clone)]
pub enum Mode {
    /// An existing page, by its path inside `content/`.
    Edit(PathBuf),
    /// A new page of this kind.
    New(NewKind),
}

impl Mode {
    fn rel(&self) -> PathBuf {
        match self {
            Mode::Edit(rel) => rel.clone(),
            Mode::New(kind) => kind.sample_path(),
        }
    }
}

/// The groups of fields a page's form shows.
fn groups_for(mode: &Mode, page: &PageText) -> Vec<schema::Group> {
    let tables: Vec<String> = if page.yaml {
        Vec::new()
    } else {
        page.front
            .parse::<toml_edit::DocumentMut>()
            .map(|d| d.iter().map(|(k, _)| k.to_string()).collect())
            .unwrap_or_default()
    };
    let tables: Vec<&str> = tables.iter().map(String::as_str).collect();
    match mode {
        Mode::New(NewKind::Session) => schema::groups_for(&mode.rel(), &["event"]),
        Mode::New(NewKind::Resource) => schema::groups_for(&mode.rel(), &["resource"]),
        _ => schema::groups_for(&mode.rel(), &tables),
    }
}

/// A file's text cut into parts; a file without front matter is all body.
fn cut(text: &str) -> (PageText, Option<crate::Diagnostic>) {
    match PageText::parse(text) {
        Ok(p) => (p, None),
        Err(d) => (
            PageText {
                opening: String::new(),
                front: String::new(),
                closing: String::new(),
                body: text.to_string(),
                yaml: false,
                front_line: 1,
                body_line: 1,
            },
            Some(d),
        ),
    }
}

/// The file the form's values make, from the page's `original` text.
pub fn compose(
    ed: &Editor,
    mode: &Mode,
    original: &str,
    form: &FormValues,
) -> Result<String, String> {
    if let Some(whole) = form.last("whole") {
        return Ok(whole.to_string());
    }
    let (page, broken) = cut(original);
    let mut page = page;
    let mut form = form.clone();
    if form.last("x.mark_current") == Some("on") {
        if let (Mode::Edit(rel), Some(config)) = (mode, ed.config()) {
            if let Some(source) = source_of(&config, rel) {
                let c = super::translate::compare(&ed.root, &config, &source, None);
                form.0.push(("f.source_hash".into(), c.hash));
                form.0.push((
                    "f.updated".into(),
                    ed.today(&config).format("%Y-%m-%d").to_string(),
                ));
            }
        }
    }
    if broken.is_none() {
        let crlf = page.crlf();
        let eol = |s: &str| {
            let lf = s.replace("\r\n", "\n");
            if crlf { lf.replace('\n', "\r\n") } else { lf }
        };
        if let (Some(raw), false) = (form.last("front_raw"), page.yaml) {
            page.front = eol(raw);
            if !page.front.is_empty() && !page.front.ends_with('\n') {
                page.front.push_str(if crlf { "\r\n" } else { "\n" });
            }
        } else if !page.yaml && page.front.parse::<toml_edit::DocumentMut>().is_ok() {
            let groups = groups_for(mode, &page);
            page.front = eol(&super::front::apply(&page.front, &groups, &form)?);
        }
    }
    if let Some(body) = form.last("body") {
        page = page.with_body(body);
    }
    Ok(page.join())
}

/// The source page of a translation (`about.es.md` → `about.md`), when `rel` is one.
pub fn source_of(config: &crate::config::Config, rel: &Path) -> Option<PathBuf> {
    let stem = rel.file_stem()?.to_str()?;
    let (base, lang) = stem.rsplit_once('.')?;
    if lang == config.default_language || !config.has_language(lang) {
        return None;
    }
    Some(rel.with_file_name(format!("{base}.md")))
}

/// Everything the page form shows for `text` (saved or not).
pub fn view(ed: &Editor, mode: &Mode, text: &str, base: &str, flash: Option<String>) -> Json {
    let rel = mode.rel();
    let (page, broken) = cut(text);
    let checked = {
        let mut live = ed.lock();
        preview::check(live.as_mut(), &ed.root, &rel, text)
    };
    let mut diags = checked.diagnostics.clone();
    diags.extend(broken);
    let display = Path::new(CONTENT_DIR).join(&rel);
    let mine: Vec<_> = diags
        .iter()
        .filter(|d| d.path == display || d.path.as_os_str().is_empty())
        .cloned()
        .collect();
    let probs = problems::locate(&page, &mine, &ed.root);
    let groups = groups_for(mode, &page);
    let config = ed.config();
    let kind = forms::PageKind {
        translation: config
            .as_ref()
            .is_some_and(|c| source_of(c, &rel).is_some()),
        section: rel
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("_index")),
    };
    let form = forms::build(&page, &groups, &probs, kind);
    let (errors, warnings) = (
        probs.iter().filter(|p| p.error).count(),
        probs.iter().filter(|p| !p.error).count(),
    );
    let rel_s = rel.to_string_lossy().replace('\\', "/");
    let (title, action) = match mode {
        Mode::Edit(_) => {
            let name = page
                .front
                .parse::<toml_edit::DocumentMut>()
                .ok()
                .and_then(|d| d.get("title").and_then(|t| t.as_str()).map(String::from))
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| rel_s.clone());
            (fill("edit_title", &[("title", &name)]), page_url(&rel_s))
        }
        Mode::New(k) => (
            w(&format!("new_{}_title", k.key())),
            format!("{EDIT_PREFIX}/new?kind={}", k.key()),
        ),
    };
    let translation = match (mode, &config) {
        (Mode::Edit(rel), Some(c)) => translation_view(ed, c, rel, &page),
        _ => Json::Null,
    };
    let page_url_in_preview = {
        let live = ed.lock();
        live.as_ref().and_then(|l| {
            let site = &l.prepared().site;
            site.by_rel_path(&rel).map(|id| site.doc(id).url.clone())
        })
    };
    json!({
        "title": title,
        "mode": match mode { Mode::Edit(_) => "edit", Mode::New(_) => "new" },
        "new_kind": match mode { Mode::New(k) => k.key(), Mode::Edit(_) => "" },
        "path": rel_s,
        "action": action,
        "base": base,
        "form": form,
        "body": page.body,
        "problems": probs,
        "count": fill("problem_count", &[("counts", &crate::diagnostic::counts(errors, warnings))]),
        "errors": errors,
        "preview": checked.html,
        "note": checked.note.map(w),
        "flash": flash,
        "translation": translation,
        "url": page_url_in_preview,
        "link_targets": link_targets(ed),
        "image_note": w("image_privacy_note"),
        "convert_url": format!("{EDIT_PREFIX}/convert?{}", url::form_urlencoded::Serializer::new(String::new()).append_pair("path", &rel_s).finish()),
    })
}

/// For a translation: its source side by side, with the paragraphs that changed. For a page
/// in the default language: its translations, or a way to start one.
fn translation_view(
    ed: &Editor,
    config: &crate::config::Config,
    rel: &Path,
    page: &PageText,
) -> Json {
    if let Some(source) = source_of(config, rel) {
        let recorded = page
            .front
            .parse::<toml_edit::DocumentMut>()
            .ok()
            .and_then(|d| {
                d.get("source_hash")
                    .and_then(|v| v.as_str())
                    .map(String::from)
            });
        let c = super::translate::compare(&ed.root, config, &source, recorded.as_deref());
        let src = source.to_string_lossy().replace('\\', "/");
        return json!({
            "is_translation": true,
            "source": src,
            "source_url": page_url(&src),
            "comparison": c,
            "state_text": w(&format!("translate_state_{}", c.state)),
        });
    }
    let others: Vec<Json> = config
        .languages
        .keys()
        .filter(|l| **l != config.default_language)
        .map(|lang| {
            let t = dashboard::translation_path(rel, lang);
            let exists = ed.root.join(CONTENT_DIR).join(&t).is_file();
            let name = crate::features::i18n::english_name(config, lang);
            let src = rel.to_string_lossy().replace('\\', "/");
            json!({
                "lang": lang,
                "exists": exists,
                "label": if exists { fill("translation_open", &[("language", &name)]) } else { fill("translation_create", &[("language", &name)]) },
                "href": if exists { page_url(&t.to_string_lossy().replace('\\', "/")) } else { translate_url(&src, lang) },
            })
        })
        .collect();
    json!({ "is_translation": false, "others": others })
}

/// The pages a link can go to (`@/about.md`), for the "Link to a page" tool.
fn link_targets(ed: &Editor) -> Vec<Json> {
    let live = ed.lock();
    let Some(l) = live.as_ref() else {
        return Vec::new();
    };
    let site = &l.prepared().site;
    let default = &l.prepared().config.default_language;
    let mut out: Vec<(String, String)> = site
        .all_docs()
        .into_iter()
        .map(|id| site.doc(id))
        .filter(|d| d.source.body_line > 0 && d.lang() == default)
        .map(|d| {
            (
                d.front().title.clone(),
                d.source.rel_path.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect();
    out.sort();
    out.into_iter()
        .map(|(title, path)| json!({"title": title, "path": path}))
        .collect()
}

// The error is the answer to send at once (a refusal); it is built once per request.
#[allow(clippy::result_large_err)]
fn read_page(
    ed: &Editor,
    q: &HashMap<String, String>,
) -> Result<(PathBuf, PathBuf, String), Response> {
    let input = q.get("path").map(String::as_str).unwrap_or("");
    let (rel, full) = paths::existing_page(&ed.root, input).map_err(|e| {
        ed.message(
            StatusCode::BAD_REQUEST,
            &w("refused_path_title"),
            &e.to_string(),
        )
    })?;
    let text = std::fs::read(&full)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .map_err(|e| {
            ed.message(
                StatusCode::NOT_FOUND,
                &w("refused_path_title"),
                &e.to_string(),
            )
        })?;
    Ok((rel, full, text))
}

/// `GET /page?path=about.md`: the form.
pub async fn page_get(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    blocking(move || {
        let (rel, _, text) = match read_page(&ed, &q) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let flash = if q.contains_key("saved") {
            Some(w("saved_flash"))
        } else if q.contains_key("created") {
            Some(w("created_flash"))
        } else {
            None
        };
        let base = save::fingerprint(text.as_bytes());
        let ctx = view(&ed, &Mode::Edit(rel), &text, &base, flash);
        ed.render("page.html", StatusCode::OK, ctx)
    })
    .await
}

/// The outcome of a save, for both the form post and the script.
enum Saved {
    Done(String),
    Conflict {
        disk: String,
        yours: String,
        disk_base: String,
    },
    Failed(String, String),
}

#[allow(clippy::result_large_err)]
fn save_page(
    ed: &Editor,
    q: &HashMap<String, String>,
    form: &FormValues,
) -> Result<(PathBuf, Saved), Response> {
    let (rel, full, original) = read_page(ed, q)?;
    let mode = Mode::Edit(rel.clone());
    let base = form.last("base").unwrap_or("").to_string();
    let yours = match compose(ed, &mode, &original, form) {
        Ok(t) => t,
        Err(e) => return Ok((rel, Saved::Failed(original, e))),
    };
    Ok((
        rel,
        match save::replace(&full, &yours, &base) {
            Ok(fp) => Saved::Done(fp),
            Err(SaveError::Changed {
                disk,
                disk_fingerprint,
            }) => Saved::Conflict {
                disk,
                yours,
                disk_base: disk_fingerprint,
            },
            Err(e) => Saved::Failed(yours, e.to_string()),
        },
    ))
}

/// `POST /page?path=…`: save from the form (without the script).
pub async fn page_post(
    State(ed): State<Arc<Editor>>,
    Query(q): Params,
    Form(fields): Fields,
) -> Response {
    blocking(move || {
        let form = FormValues(fields);
        let (rel, saved) = match save_page(&ed, &q, &form) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        match saved {
            Saved::Done(_) => redirect(&format!("{}&saved=1", page_url(&rel_s))),
            Saved::Conflict {
                disk,
                yours,
                disk_base,
            } => conflict(&ed, &rel_s, &disk, &yours, &disk_base),
            Saved::Failed(text, why) => {
                let ctx = view(
                    &ed,
                    &Mode::Edit(rel),
                    &text,
                    form.last("base").unwrap_or(""),
                    Some(fill("save_failed", &[("why", &why)])),
                );
                ed.render("page.html", StatusCode::INTERNAL_SERVER_ERROR, ctx)
            }
        }
    })
    .await
}

/// The screen that shows both versions of a page changed on disk while it was open.
fn conflict(ed: &Editor, rel: &str, disk: &str, yours: &str, disk_base: &str) -> Response {
    let diff = similar::TextDiff::from_lines(disk, yours);
    let mut left = Vec::new();
    let mut right = Vec::new();
    for change in diff.iter_all_changes() {
        let line = json!({"text": change.value().trim_end_matches(['\n', '\r']), "changed": change.tag() != similar::ChangeTag::Equal});
        match change.tag() {
            similar::ChangeTag::Delete => left.push(line),
            similar::ChangeTag::Insert => right.push(line),
            similar::ChangeTag::Equal => {
                left.push(line.clone());
                right.push(line);
            }
        }
    }
    ed.render(
        "conflict.html",
        StatusCode::CONFLICT,
        json!({
            "title": w("conflict_title"),
            "path": rel,
            "action": page_url(rel),
            "disk_lines": left,
            "your_lines": right,
            "yours": yours,
            "disk_base": disk_base,
        }),
    )
}

/// `POST /api/save?path=…`: the script's save; answers JSON.
pub async fn api_save(
    State(ed): State<Arc<Editor>>,
    Query(q): Params,
    Form(fields): Fields,
) -> Response {
    blocking(move || {
        let form = FormValues(fields);
        let (_, saved) = match save_page(&ed, &q, &form) {
            Ok(x) => x,
            Err(r) => return r,
        };
        match saved {
            Saved::Done(fp) => {
                axum::Json(json!({"saved": true, "base": fp, "message": w("saved_status")}))
                    .into_response()
            }
            Saved::Conflict { .. } => (
                StatusCode::CONFLICT,
                axum::Json(json!({"conflict": true, "message": w("conflict_status")})),
            )
                .into_response(),
            Saved::Failed(_, why) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(
                    json!({"saved": false, "message": fill("save_failed", &[("why", &why)])}),
                ),
            )
                .into_response(),
        }
    })
    .await
}

/// `POST /api/preview?path=…` (or `?kind=session` for a new page): the page as it would be,
/// and its problems, without writing anything.
pub async fn api_preview(
    State(ed): State<Arc<Editor>>,
    Query(q): Params,
    Form(fields): Fields,
) -> Response {
    blocking(move || {
        let form = FormValues(fields);
        let (mode, original) = match q.get("kind").and_then(|k| NewKind::parse(k)) {
            Some(k) => (Mode::New(k), PageText::empty().join()),
            None => match read_page(&ed, &q) {
                Ok((rel, _, text)) => (Mode::Edit(rel), text),
                Err(r) => return r,
            },
        };
        let text = match compose(&ed, &mode, &original, &form) {
            Ok(t) => t,
            Err(e) => {
                return (StatusCode::BAD_REQUEST, axum::Json(json!({"message": e})))
                    .into_response();
            }
        };
        let v = view(&ed, &mode, &text, "", None);
        axum::Json(json!({
            "html": v["preview"],
            "note": v["note"],
            "problems": v["problems"],
            "count": v["count"],
            "errors": v["errors"],
        }))
        .into_response()
    })
    .await
}

/// `GET /new?kind=session`: an empty form for a new page.
pub async fn new_get(State(ed): State<Arc<Editor>>, Query(q): Params) -> Response {
    blocking(move || {
        let Some(kind) = q.get("kind").and_then(|k| NewKind::parse(k)) else {
            return ed.message(
                StatusCode::NOT_FOUND,
                &w("new_unknown_title"),
                &w("new_unknown_text"),
            );
        };
        let Some(config) = ed.config() else {
            return ed.message(
                StatusCode::OK,
                &w("site_broken_title"),
                &w("site_broken_text"),
            );
        };
        let mode = Mode::New(kind);
        let values = kind.starting_values(ed.today(&config));
        let mut form = values;
        form.0.push(("body".into(), kind.starting_body().into()));
        let text = compose(&ed, &mode, &PageText::empty().join(), &form).unwrap_or_default();
        let ctx = view(&ed, &mode, &text, "", None);
        ed.render("page.html", StatusCode::OK, ctx)
    })
    .await
}

/// `POST /new?kind=session`: writes the new page under the name its title gives, then opens it.
pub async fn new_post(
    State(ed): State<Arc<Editor>>,
    Query(q): Params,
    Form(fields): Fields,
) -> Response {
    blocking(move || {
        let Some(kind) = q.get("kind").and_then(|k| NewKind::parse(k)) else {
            return ed.message(
                StatusCode::NOT_FOUND,
                &w("new_unknown_title"),
                &w("new_unknown_text"),
            );
        };
        let form = FormValues(fields);
        let mode = Mode::New(kind);
        let text = match compose(&ed, &mode, &PageText::empty().join(), &form) {
            Ok(t) => t,
            Err(e) => return ed.message(StatusCode::BAD_REQUEST, &w("save_failed_title"), &e),
        };
        let again = |why: String| {
            let ctx = view(&ed, &mode, &text, "", Some(why));
            ed.render("page.html", StatusCode::BAD_REQUEST, ctx)
        };
        let rel = match kind.path_for(form.last("f.title").unwrap_or("")) {
            Ok(r) => r,
            Err(e) => return again(e.to_string()),
        };
        let full = match paths::inside(&ed.root.join(CONTENT_DIR), &rel) {
            Ok(f) => f,
            Err(e) => return again(e.to_string()),
        };
        match save::create(&full, &text) {
            Ok(_) => redirect(&format!(
                "{}&created=1",
                page_url(&rel.to_string_lossy().replace('\\', "/"))
            )),
            Err(SaveError::Exists(_)) => again(fill(
                "new_exists",
                &[("path", &format!("content/{}", rel.display()))],
            )),
            Err(e) => again(fill("save_failed", &[("why", &e.to_string())])),
        }
    })
    .await
}

/// `POST /convert?path=…`: rewrites a page's YAML settings as TOML (only when asked: comments
/// in the YAML are not kept).
pub async fn convert(
    State(ed): State<Arc<Editor>>,
    Query(q): Params,
    Form(fields): Fields,
) -> Response {
    blocking(move || {
        let form = FormValues(fields);
        let (rel, full, text) = match read_page(&ed, &q) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let page = match PageText::parse(&text) {
            Ok(p) if p.yaml => p,
            _ => return redirect(&page_url(&rel.to_string_lossy())),
        };
        // The build's own reader (the one `haven build` reads YAML front matter with).
        let today = ed.config().map(|c| ed.today(&c)).unwrap_or_default();
        let read = crate::fields::read(&crate::fields::Block {
            file: &rel,
            text: &page.front,
            first_line: page.front_line,
            syntax: crate::fields::Syntax::Yaml,
            wording: crate::fields::Wording::FrontMatter,
            today,
        });
        let toml_text = match read.diagnostics.first() {
            Some(d) => Err(d.message.clone()),
            None => toml::to_string(&read.table).map_err(|e| e.to_string()),
        };
        let front = match toml_text {
            Ok(t) => t,
            Err(e) => return ed.message(StatusCode::BAD_REQUEST, &w("convert_failed_title"), &e),
        };
        let eol = if page.crlf() { "\r\n" } else { "\n" };
        let converted = PageText {
            opening: page.opening.replace("---", "+++"),
            closing: page.closing.replace("---", "+++"),
            front: front.replace('\n', eol),
            yaml: false,
            ..page
        };
        match save::replace(&full, &converted.join(), form.last("base").unwrap_or("")) {
            Ok(_) => redirect(&format!("{}&saved=1", page_url(&rel.to_string_lossy()))),
            Err(SaveError::Changed {
                disk,
                disk_fingerprint,
            }) => conflict(
                &ed,
                &rel.to_string_lossy(),
                &disk,
                &converted.join(),
                &disk_fingerprint,
            ),
            Err(e) => ed.message(
                StatusCode::INTERNAL_SERVER_ERROR,
                &w("save_failed_title"),
                &e.to_string(),
            ),
        }
    })
    .await
}
