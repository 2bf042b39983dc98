//! Templates: loads the theme's Tera templates (a site's own `templates/` override them file by
//! file), registers Haven's functions and filters, and renders documents to HTML: a page in
//! [`page`] (`page.rs`), from the context in `context.rs`.

mod context;
mod page;
mod template_error;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::config::Config;
use crate::diagnostic::Diagnostic;
pub use context::{DocData, SiteData, for_doc, for_special};
pub use page::{page, template_for};
pub use template_error::RenderError;

/// Templates loaded from theme and site, with Haven's functions registered.
pub struct Renderer {
    tera: Tera,
    /// Template name → file it came from, for messages.
    files: HashMap<String, PathBuf>,
    /// Warnings from loading the templates (links skipped), for the build to report.
    pub warnings: Vec<Diagnostic>,
}

/// URL lookups the `url_for` and `asset` functions answer from.
#[derive(Debug, Default, Clone)]
pub struct Lookups {
    /// Content path (`about.md`, `about.es.md`) → URL.
    pub pages: HashMap<String, String>,
    /// Logical asset name (`css/style.css`) → URL with its content hash.
    pub assets: HashMap<String, String>,
}

impl Renderer {
    /// Loads every template. All syntax errors are reported, not only the first.
    pub fn new(
        root: &Path,
        config: &Config,
        lookups: Arc<Lookups>,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut sources: std::collections::BTreeMap<String, (PathBuf, String)> = Default::default();
        let mut diags = Vec::new();
        let theme_dir = root.join("themes").join(&config.theme);
        if !theme_dir.is_dir() && !root.join("templates").is_dir() {
            return Err(vec![
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    crate::config::settings_spans(
                        &std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
                            .unwrap_or_default(),
                    )
                    .line_of(&["theme"])
                    .unwrap_or(0),
                    1,
                    format!("the theme `{}` was not found in themes/", config.theme),
                )
                .with_hint("set `theme` to the name of a folder in themes/, e.g. haven"),
            ]);
        }
        for dir in crate::theme::template_dirs(root, config) {
            // Links are never followed (see `sources`): a template cannot pull in a file
            // from outside the site folder.
            let walk = crate::content::sources::walk(root, &dir, |_| false);
            diags.extend(walk.problems);
            for path in walk.files {
                let rel = path.strip_prefix(&dir).unwrap_or(&path);
                let name = rel.to_string_lossy().replace('\\', "/");
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                match std::fs::read(&path).map(String::from_utf8) {
                    Ok(Ok(text)) => {
                        sources.insert(name, (shown, text));
                    }
                    _ => diags.push(
                        Diagnostic::error(
                            &shown,
                            0,
                            0,
                            "could not read this template as UTF-8 text",
                        )
                        .with_hint("save it as UTF-8"),
                    ),
                }
            }
        }
        let files: HashMap<String, PathBuf> = sources
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        // Parse each template alone first so that every syntax error is found, not just the
        // first one Tera meets while adding them all.
        for (name, (_, text)) in &sources {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diags.push(template_error::diagnostic(&e, &files, None));
            }
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        // The theme's interface text per language (`t` in templates, and the `date` filter's
        // month and day names): a missing string stops the build here.
        let strings = Arc::new(crate::features::i18n::Strings::load(root, config)?);
        let mut tera = Tera::new();
        register(&mut tera, config, lookups, strings.clone());
        tera.global_context().insert("strings", &strings.tables);
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error::diagnostic(&e, &files, None)])?;
        Ok(Renderer {
            tera,
            files,
            warnings: diags,
        })
    }

    /// Sets values every template sees (`config`, `build_date`).
    pub fn set_globals(&mut self, site: &SiteData) {
        let g = self.tera.global_context();
        g.insert("config", &site.config);
        g.insert("build_date", &site.build_date);
        g.insert("security", &crate::output::security::template_values());
    }

    /// Sets one more value every template sees (a feature's global data).
    pub fn set_global(&mut self, name: &'static str, value: &serde_json::Value) {
        self.tera.global_context().insert(name, value);
    }

    /// Whether a template of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with `context`; `doc` names the page for messages.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        doc: Option<&Path>,
    ) -> Result<String, RenderError> {
        if !self.tera.contains_template(template) {
            let path = doc
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("templates"));
            let at = Diagnostic::error(
                path,
                1,
                1,
                format!("the template `{template}` does not exist"),
            )
            .with_hint(
                "check the `template` field, or add the file to your theme's templates/ folder",
            );
            return Err(RenderError {
                at: Box::new(at),
                page: None,
            });
        }
        self.tera
            .render(template, context)
            .map_err(|e| template_error::render_error(&e, &self.files, doc))
    }
}

fn register(
    tera: &mut Tera,
    config: &Config,
    lookups: Arc<Lookups>,
    strings: Arc<crate::features::i18n::Strings>,
) {
    let tz = config.tz();
    let date_config = config.clone();
    let label_strings = strings.clone();
    let tr_strings = strings.clone();
    // Dates are written in the page's language (`lang` in the context), or in `lang=…`; without
    // `format`, in that language's `date_format`.
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let pattern: Option<&str> = kwargs.get("format")?;
            let lang: Option<String> = match kwargs.get::<String>("lang")? {
                Some(l) => Some(l),
                None => state.get::<String>("lang")?,
            };
            let lang = lang.unwrap_or_else(|| date_config.default_language.clone());
            let pattern = pattern
                .map(String::from)
                .unwrap_or_else(|| strings.default_pattern(&date_config, &lang));
            strings
                .format_date(value, &pattern, &lang, tz)
                .map_err(tera::Error::message)
        },
    );
    // Labels the Markdown stage writes into `content` in English ("Link to this section"),
    // in the page's language: `{{ page.content | localized | safe }}`.
    tera.register_filter(
        "localized",
        move |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let lang: Option<String> = state.get("lang")?;
            Ok(label_strings
                .localize_markup(value, lang.as_deref().unwrap_or_default())
                .into_owned())
        },
    );
    // A text of the theme's strings with its `{names}` filled in, in the page's language:
    // `tr(key="pub_chapter_of", number=3, count=8)` → "Chapter 3 of 8". With `n`, the plural
    // family `key` for that count: `tr(key="pub_minutes", n=1)` → "1 minute".
    let tr_default = config.default_language.clone();
    tera.register_function(
        "tr",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let lang = match kwargs.get::<String>("lang")? {
                Some(l) => l,
                None => state
                    .get::<String>("lang")?
                    .unwrap_or_else(|| tr_default.clone()),
            };
            let mut args: Vec<(String, String)> = Vec::new();
            let mut n = None;
            for (k, v) in kwargs.iter() {
                match k.as_str() {
                    Some("key") | Some("lang") => {}
                    Some("n") => n = v.as_u64(),
                    Some(name) => args.push((name.to_string(), v.to_string())),
                    None => {}
                }
            }
            let args: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            Ok(match n {
                Some(n) => tr_strings.count(&lang, &key, n, &args),
                None => tr_strings.message(&lang, &key, &args),
            })
        },
    );
    let pages = lookups.clone();
    let default_lang = config.default_language.clone();
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let lang: Option<&str> = kwargs.get("lang")?;
            let Some(content_path) = path.strip_prefix("@/") else {
                return Ok(path.to_string());
            };
            let localized = lang.filter(|l| *l != default_lang).and_then(|l| {
                let stem = content_path.strip_suffix(".md")?;
                pages.pages.get(&format!("{stem}.{l}.md"))
            });
            localized
                .or_else(|| pages.pages.get(content_path))
                .cloned()
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "url_for: there is no file content/{content_path}"
                    ))
                })
        },
    );
    let assets = lookups;
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let name: &str = kwargs.must_get("name")?;
            assets.assets.get(name).cloned().ok_or_else(|| {
                tera::Error::message(format!(
                    "asset: there is no file `{name}` in the theme's or site's static/ folder"
                ))
            })
        },
    );
}
